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
	"time"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/auth"
	"github.com/klaver/klaver/internal/store"
	"github.com/klaver/klaver/internal/store/storetest"
)

// Several servers share one database and nothing else: what one imports,
// the others show as soon as PostgreSQL's notification reaches them (at
// once on SQLite), although each caches its answers; the server that
// imported shows it at once. A token revoked through one is refused by
// all.
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

			call := func(method, url, token string) *http.Response {
				t.Helper()
				req, _ := http.NewRequest(method, url, nil)
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				return resp
			}
			clientHours := func(base string) float64 {
				t.Helper()
				resp := call("GET", base+weeks, leaderToken)
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
			// soon waits for B to show what A did: PostgreSQL tells every
			// server after the commit, a few milliseconds later.
			soon := func(what string, ok func() bool) {
				t.Helper()
				start := time.Now()
				for !ok() {
					if time.Since(start) > 5*time.Second {
						t.Fatalf("after 5 s, B does not show %s", what)
					}
					time.Sleep(5 * time.Millisecond)
				}
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
			if got := clientHours(a); got != 6 {
				t.Errorf("after A imported 3 × 2 h, A shows %v client hours", got)
			}
			soon("the 6 client hours A imported", func() bool { return clientHours(b) == 6 })
			clientHours(b) // cached now
			upload(a, 3)
			if got := clientHours(a); got != 9 {
				t.Errorf("after A re-imported 3 × 3 h, A shows %v client hours", got)
			}
			soon("the 9 client hours A re-imported (a stale cache)", func() bool { return clientHours(b) == 9 })

			// A script's token, revoked through A.
			var tokens []struct {
				ID   int64  `json:"id"`
				Name string `json:"name"`
			}
			resp := call("GET", a+"/api/v1/me/tokens", leaderToken)
			err = json.NewDecoder(resp.Body).Decode(&tokens)
			resp.Body.Close()
			if err != nil || len(tokens) != 1 {
				t.Fatalf("the leader's tokens: %+v, %v", tokens, err)
			}
			resp = call("DELETE", fmt.Sprintf("%s/api/v1/me/tokens/%d", a, tokens[0].ID), leaderToken)
			resp.Body.Close()
			if resp.StatusCode != http.StatusNoContent {
				t.Fatalf("revoke: %d", resp.StatusCode)
			}
			refused := func(base string) bool {
				resp := call("GET", base+weeks, leaderToken)
				resp.Body.Close()
				return resp.StatusCode == http.StatusUnauthorized
			}
			if !refused(a) {
				t.Error("A, which revoked the token, still accepts it")
			}
			soon("the revoked token refused", func() bool { return refused(b) })
		})
	}
}
