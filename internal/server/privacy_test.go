package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/auth"
	"github.com/klaver/klaver/internal/store"
	"github.com/klaver/klaver/internal/store/storetest"
)

// Whoever invites sees the link (when it is not mailed), so a link must
// never open an existing account: the invited person signs in, or gives
// the account's password. And an invitation cannot give anyone more than
// their role allows: not to oneself, not to a coach of the organisation.
func TestInvitationsCannotOpenAccountsOrWidenRoles(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			w := newWorld(t, d.Start(t)(t), nil)
			ctx := context.Background()
			const password = "correct horse battery"
			hash, err := auth.NewHasher(auth.TestParams, 1).Hash(password)
			if err != nil {
				t.Fatal(err)
			}
			petra, err := w.store.CreatePerson(ctx, klaver.Person{Email: "petra@acme.nl", Name: "Petra"}, hash)
			if err != nil {
				t.Fatal(err)
			}
			invite := func(who string, team klaver.Team, email, role string) reply {
				t.Helper()
				return w.call(t, who, "POST", "/api/v1/teams/"+strconv.FormatInt(team.ID, 10)+"/invitations",
					jsonBody(`{"email": "`+email+`", "role": "`+role+`"}`))
			}
			tokenOf := func(r reply) string {
				t.Helper()
				var out struct{ Token string }
				if r.status != http.StatusCreated || json.Unmarshal(r.body, &out) != nil || out.Token == "" {
					t.Fatalf("invitation: %d %s", r.status, r.body)
				}
				return out.Token
			}
			accept := func(who, body string) reply {
				t.Helper()
				return w.call(t, who, "POST", "/api/v1/invitations/accept", jsonBody(body))
			}
			inBeta := func(p klaver.Person) bool {
				a, err := w.store.TeamAccessOf(ctx, p.ID, w.betaT.ID)
				return err == nil && a.Member
			}

			// Beta's leader invites the address of Petra, who works at Acme.
			token := tokenOf(invite(betaLeader, w.betaT, "petra@acme.nl", "member"))
			for _, tt := range []struct {
				name, who, body string
				status          int
			}{
				{"the link alone", nobody, `{"token": "` + token + `"}`, http.StatusUnauthorized},
				{"a new password", nobody, `{"token": "` + token + `", "password": "a brand new password"}`, http.StatusUnauthorized},
				{"signed in as someone else", betaLeader, `{"token": "` + token + `"}`, http.StatusForbidden},
			} {
				r := accept(tt.who, tt.body)
				if r.status != tt.status || len(r.header.Values("Set-Cookie")) != 0 {
					t.Errorf("%s: %d %s, cookies %v; want %d and no session", tt.name, r.status, r.body, r.header.Values("Set-Cookie"), tt.status)
				}
			}
			if inBeta(petra) {
				t.Fatal("petra joined Beta without her password")
			}
			if r := accept(nobody, `{"token": "`+token+`", "password": "`+password+`"}`); r.status != http.StatusOK || len(r.header.Values("Set-Cookie")) != 1 {
				t.Errorf("with petra's password: %d %s", r.status, r.body)
			}
			if !inBeta(petra) {
				t.Error("petra did not join Beta with her password")
			}

			// Signed in as the invited person, the link is enough.
			token = tokenOf(invite(betaLeader, w.betaT, "henk@acme.nl", "member"))
			if r := accept(hhLeader, `{"token": "`+token+`"}`); r.status != http.StatusOK || len(r.header.Values("Set-Cookie")) != 0 {
				t.Errorf("henk, signed in: %d %s", r.status, r.body)
			}
			if !inBeta(w.people[hhLeader]) {
				t.Error("henk did not join Beta")
			}

			// No one invites themselves, and a coach joins no team of the
			// organisation they coach.
			for _, tt := range []struct {
				name, who string
				team      klaver.Team
				email     string
				role      string
			}{
				{"a leader inviting themselves", betaLeader, w.betaT, "bart@beta.example", "member"},
				{"a coach making themselves leader", acmeCoach, w.advies, "carla@coaching.example", "leader"},
				{"a leader inviting the coach", hhLeader, w.hh, "carla@coaching.example", "member"},
			} {
				if r := invite(tt.who, tt.team, tt.email, tt.role); r.status != http.StatusForbidden {
					t.Errorf("%s: %d %s, want 403", tt.name, r.status, r.body)
				}
			}
		})
	}
}

// A week whose figures would single out one person whom no leader knows
// is withheld, whatever the number of contributors: made-up calendars
// imported for others, sharing members and the leader's own figures can
// all be subtracted.
func TestFiguresWithholdAWeekThatSinglesOutOnePerson(t *testing.T) {
	week := func(name string, people, private int) store.WeekSeconds {
		w := store.WeekSeconds{Week: name, People: people, Private: private}
		w.Working, w.Category[klaver.Client] = 8*3600, 4*3600
		return w
	}
	weeks, total, shown := figures([]store.WeekSeconds{week("2026-W02", 5, 1), week("2026-W03", 5, 2), week("2026-W04", 5, 0)}, 0.25, 5)
	if !weeks[0].Withheld || weeks[1].Withheld || weeks[2].Withheld || shown != 2 || total.WorkingMinutes != 2*480 {
		t.Errorf("weeks %+v, total %+v, shown %d; want only the week with one private person withheld", weeks, total, shown)
	}
}
