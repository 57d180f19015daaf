package server

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/klaver/klaver/internal/store/storetest"
)

// operation is one operation of openapi.json, as far as access goes.
type operation struct {
	method, path string
	summary      string
	// bodyType is the first content type of its request body, "" for none.
	bodyType  string
	responses []string
}

func (o operation) String() string { return o.method + " " + o.path }

func (o operation) documents(status string) bool { return slices.Contains(o.responses, status) }

// passwordOperations answer 401 for a wrong password, not for a missing
// sign-in: the operations that document 401 and are open to anyone.
var passwordOperations = []string{"POST /api/v1/session", "POST /api/v1/invitations/accept"}

// memberMay are the operations on a team that a plain member of the team
// may call. Every other operation on {team} needs more (the leader, or
// the coach), so a new one is refused to members unless listed here.
var memberMay = []string{
	"GET /api/v1/teams/{team}",
	"GET /api/v1/teams/{team}/clients",
	"POST /api/v1/teams/{team}/imports",
	"POST /api/v1/teams/{team}/feeds",
	"GET /api/v1/teams/{team}/weeks",
	"GET /api/v1/teams/{team}/series",
}

// openAPIOperations lists every operation the embedded openapi.json
// describes, sorted.
func openAPIOperations(t *testing.T) []operation {
	t.Helper()
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	var ops []operation
	for path, items := range doc.Paths {
		for method, raw := range items {
			switch method {
			case "parameters", "summary", "description", "servers":
				continue // shared by the path's operations
			}
			var op struct {
				Summary     string `json:"summary"`
				RequestBody *struct {
					Content map[string]json.RawMessage `json:"content"`
				} `json:"requestBody"`
				Responses map[string]json.RawMessage `json:"responses"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("openapi.json: %s %s: %v", method, path, err)
			}
			o := operation{method: strings.ToUpper(method), path: path, summary: op.Summary}
			if op.RequestBody != nil {
				var types []string
				for ct := range op.RequestBody.Content {
					types = append(types, ct)
				}
				sort.Strings(types)
				if len(types) > 0 {
					o.bodyType = types[0]
				}
			}
			for status := range op.Responses {
				o.responses = append(o.responses, status)
			}
			ops = append(ops, o)
		}
	}
	slices.SortFunc(ops, func(a, b operation) int { return strings.Compare(a.String(), b.String()) })
	return ops
}

// otherParam matches a path parameter other than {team} and {org}.
var otherParam = regexp.MustCompile(`\{[a-z_]+\}`)

// walkPath is the operation's path on Advies and Acme; any other path
// parameter becomes 1, as access is decided before it is looked at.
func (w *world) walkPath(o operation) string {
	return otherParam.ReplaceAllString(w.path(o.path), "1")
}

// walkBody is a harmless body of the operation's kind: an empty JSON
// object, or one small calendar as multipart.
func walkBody(t *testing.T, w *world, o operation, who string) *body {
	t.Helper()
	switch {
	case o.bodyType == "":
		return nil
	case strings.HasPrefix(o.bodyType, "multipart/"):
		owner := w.people[who].Email
		return multipartBody(t, upload{"walk.ics", calendar(owner, "20260105T090000Z 20260105T100000Z Overleg")})
	default:
		return jsonBody("{}")
	}
}

// TestAccessWalk walks every route of the OpenAPI document as each role of
// another organisation and of another team, and expects refusal.
func TestAccessWalk(t *testing.T) {
	ops := openAPIOperations(t)
	var scoped, signIn []operation
	for _, o := range ops {
		if !strings.HasPrefix(o.path, "/api/v1/") {
			continue
		}
		if strings.Contains(o.path, "{team}") || strings.Contains(o.path, "{org}") {
			scoped = append(scoped, o)
		}
		if o.documents("401") && !slices.Contains(passwordOperations, o.String()) {
			signIn = append(signIn, o)
		}
	}
	names := func(ops []operation) []string {
		var out []string
		for _, o := range ops {
			out = append(out, o.String())
		}
		return out
	}
	for _, want := range []string{"POST /api/v1/teams/{team}/imports", "GET /api/v1/teams/{team}/members", "GET /api/v1/orgs/{org}/teams"} {
		if !slices.Contains(names(scoped), want) {
			t.Fatalf("the walk over %v misses %s", names(scoped), want)
		}
	}
	for _, want := range []string{"GET /api/v1/me", "DELETE /api/v1/me/data", "POST /api/v1/teams/{team}/imports"} {
		if !slices.Contains(names(signIn), want) {
			t.Fatalf("the operations needing sign-in %v miss %s", names(signIn), want)
		}
	}
	for _, m := range memberMay {
		if !slices.Contains(names(scoped), m) {
			t.Errorf("memberMay names %s, which openapi.json does not describe", m)
		}
	}
	for _, d := range storetest.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			newDSN := d.Start(t)
			w := newWorld(t, newDSN(t), []string{"anna.gerritsen@acme.nl", "koen.verhoeven@acme.nl"})
			t.Run("outsiders", func(t *testing.T) { walkOutsiders(t, w, scoped) })
			t.Run("signed out", func(t *testing.T) { walkSignedOut(t, w, signIn) })
			t.Run("plain member", func(t *testing.T) { walkMember(t, w, scoped) })
			t.Run("coach on leader routes", func(t *testing.T) { walkCoach(t, w, scoped) })
		})
	}
}

// walkOutsiders calls every operation on Advies and Acme as the people of
// Beta and of Acme's other team: none may do or learn anything.
func walkOutsiders(t *testing.T, w *world, ops []operation) {
	for _, o := range ops {
		who := []string{betaLeader, betaMember, betaCoach, hhLeader, hhMember}
		if strings.Contains(o.path, "{org}") {
			// Only coaches act on an organisation; Advies' own people are
			// outsiders there too.
			who = append(who, exampleLead, "koen.verhoeven@acme.nl")
		}
		for _, p := range who {
			r := w.call(t, p, o.method, w.walkPath(o), walkBody(t, w, o, p))
			if r.status != http.StatusForbidden && r.status != http.StatusNotFound {
				t.Errorf("%s as %s: %d %s; want 403 or 404", o, p, r.status, r.body)
				continue
			}
			wantErrorBody(t, r)
		}
	}
}

// walkSignedOut calls every operation that needs sign-in without
// credentials and with a token nobody holds.
func walkSignedOut(t *testing.T, w *world, ops []operation) {
	w.tokens["forger"] = "not-a-token-anyone-holds"
	defer delete(w.tokens, "forger")
	for _, o := range ops {
		for _, p := range []string{nobody, "forger"} {
			r := w.call(t, p, o.method, w.walkPath(o), walkBody(t, w, o, exampleLead))
			if r.status != http.StatusUnauthorized {
				t.Errorf("%s as %q: %d %s; want 401", o, p, r.status, r.body)
				continue
			}
			wantErrorBody(t, r)
		}
	}
}

// walkMember calls every team operation as a plain member of the team:
// those beyond a member's role are forbidden (the member knows the team,
// so 403, not 404); the others are let through.
func walkMember(t *testing.T, w *world, ops []operation) {
	const member = "koen.verhoeven@acme.nl"
	for _, o := range ops {
		if !strings.Contains(o.path, "{team}") {
			continue
		}
		r := w.call(t, member, o.method, w.walkPath(o), walkBody(t, w, o, member))
		switch {
		case slices.Contains(memberMay, o.String()):
			if r.status == http.StatusUnauthorized || r.status == http.StatusForbidden || r.status == http.StatusNotFound || r.status >= 500 {
				t.Errorf("%s as a member: %d %s; members may call it", o, r.status, r.body)
			}
		case r.status != http.StatusForbidden:
			t.Errorf("%s as a plain member: %d %s; want 403 (add it to memberMay if members may call it)", o, r.status, r.body)
		default:
			wantErrorBody(t, r)
		}
	}
}

// walkCoach calls the operations the document marks "(leader)" as the
// organisation's coach, who sees the team but does not lead it.
func walkCoach(t *testing.T, w *world, ops []operation) {
	var leaderOnly []string
	for _, o := range ops {
		if !strings.Contains(o.summary, "(leader)") {
			continue
		}
		leaderOnly = append(leaderOnly, o.String())
		r := w.call(t, acmeCoach, o.method, w.walkPath(o), walkBody(t, w, o, acmeCoach))
		if r.status != http.StatusForbidden {
			t.Errorf("%s as the coach: %d %s; want 403", o, r.status, r.body)
			continue
		}
		wantErrorBody(t, r)
	}
	for _, want := range []string{"PATCH /api/v1/teams/{team}", "PUT /api/v1/teams/{team}/clients", "GET /api/v1/teams/{team}/members"} {
		if !slices.Contains(leaderOnly, want) {
			t.Errorf("openapi.json no longer marks %s (leader); leader-only: %v", want, leaderOnly)
		}
	}
}
