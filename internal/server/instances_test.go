package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/auth"
	"github.com/klaver/klaver/internal/store"
	"github.com/klaver/klaver/internal/store/storetest"
)

// Several servers share one database and nothing else: what one imports,
// the others show at once, although each caches its answers.
func TestInstancesShareOneDatabase(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			dsn := d.Start(t)(t)
			ctx := context.Background()
			open := func() *store.Store {
				st := openTestStore(t, dsn)
				return st
			}
			stA, stB := open(), open()
			org, err := stA.CreateOrganisation(ctx, klaver.Organisation{Name: "Acme", MinContributors: 3})
			if err != nil {
				t.Fatal(err)
			}
			team, err := stA.CreateTeam(ctx, klaver.Team{OrgID: org.ID, Name: "Advies"})
			if err != nil {
				t.Fatal(err)
			}
			if err := stA.ReplaceClients(ctx, team.ID, []klaver.ClientRecord{{Name: "Rabobank", Domains: []string{"rabobank.nl"}}}); err != nil {
				t.Fatal(err)
			}
			var leaderToken string
			for i, email := range []string{"lea@acme.nl", "ann@acme.nl", "bob@acme.nl"} {
				p, err := stA.CreatePerson(ctx, klaver.Person{Email: email}, "")
				if err != nil {
					t.Fatal(err)
				}
				role := klaver.RoleMember
				if i == 0 {
					role = klaver.RoleLeader
					secret, hash, err := auth.NewToken()
					if err != nil {
						t.Fatal(err)
					}
					if _, err := stA.CreateAPIToken(ctx, p.ID, "test", hash); err != nil {
						t.Fatal(err)
					}
					leaderToken = secret
				}
				if err := stA.AddMembership(ctx, klaver.Membership{PersonID: p.ID, TeamID: team.ID, Role: role}); err != nil {
					t.Fatal(err)
				}
			}
			serve := func(st *store.Store) string {
				srv, err := New(Config{BaseURL: "https://klaver.example.org", Passwords: auth.TestParams}, st,
					slog.New(slog.NewTextHandler(io.Discard, nil)))
				if err != nil {
					t.Fatal(err)
				}
				ts := httptest.NewServer(srv.Handler())
				t.Cleanup(ts.Close)
				return ts.URL
			}
			a, b := serve(stA), serve(stB)
			weeks := fmt.Sprintf("/api/v1/teams/%d/weeks", team.ID)
			imports := fmt.Sprintf("/api/v1/teams/%d/imports", team.ID)

			clientHours := func(base string) float64 {
				t.Helper()
				req, _ := http.NewRequest("GET", base+weeks, nil)
				req.Header.Set("Authorization", "Bearer "+leaderToken)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				var out struct {
					Total *klaver.Figures `json:"total"`
				}
				if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
					t.Fatalf("weeks from %s: %d, %v", base, resp.StatusCode, err)
				}
				if out.Total == nil {
					return 0
				}
				return float64(out.Total.ClientMinutes) / 60
			}
			upload := func(base string, hours int) {
				t.Helper()
				var buf strings.Builder
				mw := multipart.NewWriter(&buf)
				for _, who := range []string{"lea", "ann", "bob"} {
					fw, _ := mw.CreateFormFile("file", who+".ics")
					fmt.Fprintf(fw, "BEGIN:VCALENDAR\r\nX-WR-CALNAME:%s@acme.nl\r\nBEGIN:VEVENT\r\nUID:%s\r\n"+
						"DTSTART:20260105T080000Z\r\nDTEND:20260105T%02d0000Z\r\nATTENDEE:mailto:jan@rabobank.nl\r\n"+
						"END:VEVENT\r\nEND:VCALENDAR\r\n", who, who, 8+hours)
				}
				mw.Close()
				req, _ := http.NewRequest("POST", base+imports, strings.NewReader(buf.String()))
				req.Header.Set("Authorization", "Bearer "+leaderToken)
				req.Header.Set("Content-Type", mw.FormDataContentType())
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("import through %s: %d", base, resp.StatusCode)
				}
			}

			if got := clientHours(b); got != 0 {
				t.Errorf("before any import, B shows %v client hours", got)
			}
			upload(a, 2)
			if got := clientHours(b); got != 6 {
				t.Errorf("after A imported 3 × 2 h, B shows %v client hours", got)
			}
			clientHours(b) // cached now
			upload(a, 3)
			if got := clientHours(b); got != 9 {
				t.Errorf("after A re-imported 3 × 3 h, B still shows %v client hours (a stale cache)", got)
			}
			if got := clientHours(a); got != 9 {
				t.Errorf("A shows %v client hours", got)
			}
		})
	}
}
