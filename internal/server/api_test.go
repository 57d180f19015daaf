package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/auth"
	"github.com/klaver/klaver/internal/examples"
	"github.com/klaver/klaver/internal/importer"
	"github.com/klaver/klaver/internal/store"
	"github.com/klaver/klaver/internal/store/storetest"
)

// examplesDir holds the calendars, the Toggl export and the client
// registry that the README's audit runs on.
var examplesDir = examples.Dir()

// The people of the world besides those of the examples, by the name the
// scenarios call them.
const (
	acmeCoach   = "acme-coach"
	hhLeader    = "handhaving-leader"
	hhMember    = "handhaving-member"
	betaLeader  = "beta-leader"
	betaMember  = "beta-member"
	betaCoach   = "beta-coach"
	nobody      = "" // no credentials at all
	exampleLead = "leader"
)

// world is a running server with two organisations: Acme, whose team
// Advies holds the people of the examples (the first of them leads it) and
// whose team Handhaving has a leader and a member of its own, with a
// coach; and Beta, with a team, its leader, a member and a coach.
type world struct {
	url    string
	store  *store.Store
	acme   klaver.Organisation
	beta   klaver.Organisation
	advies klaver.Team
	hh     klaver.Team
	betaT  klaver.Team
	// people and tokens are by e-mail address for the examples' people,
	// by the names above for the others; "leader" is Advies' leader.
	people map[string]klaver.Person
	tokens map[string]string
	// members are the examples' people in the audit's order.
	members []string
}

func newWorld(t *testing.T, dsn string, examplePeople []string) *world {
	t.Helper()
	st := openTestStore(t, dsn)
	w := &world{store: st, people: map[string]klaver.Person{}, tokens: map[string]string{}, members: examplePeople}
	w.acme = w.organisation(t, "Acme")
	w.beta = w.organisation(t, "Beta")
	w.advies = w.team(t, w.acme, "Advies")
	w.hh = w.team(t, w.acme, "Handhaving")
	w.betaT = w.team(t, w.beta, "Toezicht")
	for i, email := range examplePeople {
		role := klaver.RoleMember
		if i == 0 {
			role = klaver.RoleLeader
		}
		w.person(t, email, email, w.advies, role)
		if i == 0 {
			w.people[exampleLead], w.tokens[exampleLead] = w.people[email], w.tokens[email]
		}
	}
	w.person(t, hhLeader, "henk@acme.nl", w.hh, klaver.RoleLeader)
	w.person(t, hhMember, "hanna@acme.nl", w.hh, klaver.RoleMember)
	w.person(t, betaLeader, "bart@beta.example", w.betaT, klaver.RoleLeader)
	w.person(t, betaMember, "bea@beta.example", w.betaT, klaver.RoleMember)
	w.coach(t, acmeCoach, "carla@coaching.example", w.acme)
	w.coach(t, betaCoach, "cor@coaching.example", w.beta)

	srv, err := New(Config{BaseURL: "https://klaver.example.org", Passwords: auth.TestParams, Box: testBox(t)}, st,
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	w.url = ts.URL
	return w
}

func (w *world) organisation(t *testing.T, name string) klaver.Organisation {
	t.Helper()
	o, err := w.store.CreateOrganisation(context.Background(), klaver.Organisation{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func (w *world) team(t *testing.T, org klaver.Organisation, name string) klaver.Team {
	t.Helper()
	team, err := w.store.CreateTeam(context.Background(), klaver.Team{OrgID: org.ID, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return team
}

// signUp creates a person with an API token, known to the world as who.
func (w *world) signUp(t *testing.T, who, email string) klaver.Person {
	t.Helper()
	ctx := context.Background()
	p, err := w.store.CreatePerson(ctx, klaver.Person{Email: email}, "")
	if err != nil {
		t.Fatal(err)
	}
	secret, hash, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.CreateAPIToken(ctx, p.ID, "test", hash); err != nil {
		t.Fatal(err)
	}
	w.people[who], w.tokens[who] = p, secret
	return p
}

func (w *world) person(t *testing.T, who, email string, team klaver.Team, role klaver.Role) {
	t.Helper()
	p := w.signUp(t, who, email)
	if err := w.store.AddMembership(context.Background(), klaver.Membership{PersonID: p.ID, TeamID: team.ID, Role: role}); err != nil {
		t.Fatal(err)
	}
}

func (w *world) coach(t *testing.T, who, email string, org klaver.Organisation) {
	t.Helper()
	p := w.signUp(t, who, email)
	if err := w.store.AssignCoach(context.Background(), p.ID, org.ID); err != nil {
		t.Fatal(err)
	}
}

// path fills in {team} (Advies), {org} (Acme) and {hh} (Handhaving).
func (w *world) path(p string) string {
	return strings.NewReplacer(
		"{team}", strconv.FormatInt(w.advies.ID, 10),
		"{org}", strconv.FormatInt(w.acme.ID, 10),
		"{hh}", strconv.FormatInt(w.hh.ID, 10),
	).Replace(p)
}

// body is a request body with its content type.
type body struct {
	contentType string
	data        []byte
}

func jsonBody(s string) *body { return &body{"application/json", []byte(s)} }

// upload is one file of a multipart request.
type upload struct {
	name string
	data []byte
}

func multipartBody(t *testing.T, files ...upload) *body {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range files {
		part, err := mw.CreateFormFile("file", f.name)
		if err != nil {
			t.Fatal(err)
		}
		part.Write(f.data)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &body{mw.FormDataContentType(), buf.Bytes()}
}

func exampleFile(t *testing.T, name string) upload {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(examplesDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return upload{name, data}
}

// exampleUploads are every calendar of the examples and the Toggl export.
func exampleUploads(t *testing.T) []upload {
	t.Helper()
	entries, err := os.ReadDir(examplesDir)
	if err != nil {
		t.Fatal(err)
	}
	var files []upload
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, ".ics") || n == "toggl.csv" {
			files = append(files, exampleFile(t, n))
		}
	}
	return files
}

// reply is a response, read in full.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// call sends a request as who (nobody: without credentials).
func (w *world) call(t *testing.T, who, method, path string, b *body) reply {
	t.Helper()
	var r io.Reader = http.NoBody
	if b != nil {
		r = bytes.NewReader(b.data)
	}
	req, err := http.NewRequest(method, w.url+w.path(path), r)
	if err != nil {
		t.Fatal(err)
	}
	if b != nil {
		req.Header.Set("Content-Type", b.contentType)
	}
	if who != nobody {
		token, ok := w.tokens[who]
		if !ok {
			t.Fatalf("nobody in the world is called %q", who)
		}
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{resp.StatusCode, resp.Header, data}
}

// get calls GET and expects 200 with JSON that decodes into v.
func (w *world) get(t *testing.T, who, path string, v any) {
	t.Helper()
	r := w.call(t, who, "GET", path, nil)
	if r.status != http.StatusOK {
		t.Fatalf("GET %s as %s: %d %s", path, who, r.status, r.body)
	}
	decode(t, r, v)
}

func decode(t *testing.T, r reply, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("%v in %s", err, r.body)
	}
}

// The JSON the API answers, as a client reads it: these mirror the
// documented fields rather than reuse the server's types, so that a
// renamed field fails here.
type (
	weeksReply struct {
		MaxInternal     float64          `json:"max_internal"`
		MinContributors int              `json:"min_contributors"`
		Weeks           []weekReply      `json:"weeks"`
		Total           *klaver.Figures  `json:"total"`
		Clients         []clientMinReply `json:"clients"`
	}
	weekReply struct {
		Week         string `json:"week"`
		Contributors int    `json:"contributors"`
		Withheld     bool   `json:"withheld"`
		klaver.Figures
	}
	clientMinReply struct {
		Client  string `json:"client"`
		Minutes int64  `json:"minutes"`
	}
	membersReply struct {
		Members []struct {
			Email   string      `json:"email"`
			Role    string      `json:"role"`
			Figures *weeksReply `json:"figures"`
		} `json:"members"`
	}
	importReply struct {
		Files []importer.Result `json:"files"`
	}
)

// auditOfExamples is `klaver audit --whole-weeks --format json --tz
// Europe/Amsterdam --clients examples/clients.csv examples/`, run in
// process: the figures the API must agree with.
func auditOfExamples(t *testing.T) *klaver.Report {
	t.Helper()
	rep := examples.ServerAudit(t, "", examplesDir)
	if len(rep.People) != 10 || len(rep.Team.Weeks) == 0 {
		t.Fatalf("the examples' audit has %d people and %d weeks; want the 10 people of the README", len(rep.People), len(rep.Team.Weeks))
	}
	return rep
}

func registryJSON(t *testing.T, clients []klaver.ClientRecord) string {
	t.Helper()
	type record struct {
		Name    string   `json:"name"`
		Domains []string `json:"domains"`
		Aliases []string `json:"aliases"`
	}
	out := struct {
		Clients []record `json:"clients"`
	}{Clients: []record{}}
	for _, c := range clients {
		out.Clients = append(out.Clients, record{c.Name, orNone(c.Domains), orNone(c.Aliases)})
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// figureFields are the JSON names of a week's figures, which a withheld
// week must not carry.
func figureFields(t *testing.T) []string {
	t.Helper()
	b, _ := json.Marshal(klaver.Figures{})
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var names []string
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// wantWithheld checks that every week of a team's figures is withheld
// with contributors people, shows no figure and that nothing sums them.
func wantWithheld(t *testing.T, r reply, contributors int) {
	t.Helper()
	var raw struct {
		Weeks   []map[string]json.RawMessage `json:"weeks"`
		Total   json.RawMessage              `json:"total"`
		Clients []json.RawMessage            `json:"clients"`
	}
	decode(t, r, &raw)
	if len(raw.Weeks) == 0 {
		t.Fatalf("no weeks in %s", r.body)
	}
	for _, wk := range raw.Weeks {
		if string(wk["withheld"]) != "true" || string(wk["contributors"]) != strconv.Itoa(contributors) {
			t.Errorf("week %s: withheld %s, contributors %s; want withheld with %d", wk["week"], wk["withheld"], wk["contributors"], contributors)
		}
		for _, f := range figureFields(t) {
			if v, ok := wk[f]; ok {
				t.Errorf("withheld week %s shows %s = %s", wk["week"], f, v)
			}
		}
	}
	if string(raw.Total) != "null" || len(raw.Clients) != 0 {
		t.Errorf("withheld weeks still give total %s and clients %d", raw.Total, len(raw.Clients))
	}
}

// wantFiguresOf checks an API answer of weeks, total and clients against
// the audit's weeks, total and clients.
func wantFiguresOf(t *testing.T, got weeksReply, weeks []klaver.WeekFigures, total klaver.Figures, clients []klaver.ClientMinutes) {
	t.Helper()
	if len(got.Weeks) != len(weeks) {
		t.Fatalf("%d weeks, want the audit's %d: %+v", len(got.Weeks), len(weeks), got.Weeks)
	}
	for i, w := range weeks {
		g := got.Weeks[i]
		if g.Week != w.Week || g.Withheld || g.Figures != w.Figures {
			t.Errorf("week %s (withheld %v): %+v\n want %s: %+v", g.Week, g.Withheld, g.Figures, w.Week, w.Figures)
		}
	}
	if got.Total == nil || *got.Total != total {
		t.Errorf("total %+v, want %+v", got.Total, total)
	}
	wantClients(t, got.Clients, clients)
}

// wantClients compares client and minutes; the API lists the most first,
// ties of rounded minutes in either order.
func wantClients(t *testing.T, got []clientMinReply, want []klaver.ClientMinutes) {
	t.Helper()
	for i := 1; i < len(got); i++ {
		if got[i].Minutes > got[i-1].Minutes {
			t.Errorf("clients not most first: %+v", got)
		}
	}
	norm := func(c []clientMinReply) []clientMinReply {
		c = slices.Clone(c)
		slices.SortFunc(c, func(a, b clientMinReply) int {
			return cmpOr(int(b.Minutes-a.Minutes), strings.Compare(a.Client, b.Client))
		})
		return c
	}
	w := make([]clientMinReply, len(want))
	for i, c := range want {
		w[i] = clientMinReply(c)
	}
	if g, w := norm(got), norm(w); !slices.Equal(g, w) {
		t.Errorf("clients\n got %+v\nwant %+v", g, w)
	}
}

func wantImported(t *testing.T, r reply, files int) importReply {
	t.Helper()
	var out importReply
	decode(t, r, &out)
	if len(out.Files) != files {
		t.Fatalf("%d results, want one per file (%d): %s", len(out.Files), files, r.body)
	}
	for _, f := range out.Files {
		if !f.OK() {
			t.Errorf("%s: %+v", f.File, f.Error)
		}
	}
	return out
}

// apiRow is one request of a scenario: who sends what, the status they
// must get, and what the answer must say.
type apiRow struct {
	name   string
	who    string
	method string
	path   string
	body   *body
	status int
	check  func(t *testing.T, r reply)
}

// metricsCount reads a counter from the /metrics text.
func metricsCount(t *testing.T, text, series string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\d+)$`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no %s in\n%s", series, text)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestAPI runs the scenarios, in order, against one world per database.
func TestAPI(t *testing.T) {
	rep := auditOfExamples(t)
	var people []string
	for _, p := range rep.People {
		people = append(people, p.Person)
	}
	for _, d := range storetest.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			newDSN := d.Start(t)
			w := newWorld(t, newDSN(t), people)
			for _, row := range apiRows(t, w, rep) {
				t.Run(row.name, func(t *testing.T) {
					r := w.call(t, row.who, row.method, row.path, row.body)
					if r.status != row.status {
						t.Fatalf("%s %s as %q: status %d, want %d; body %s", row.method, row.path, row.who, r.status, row.status, r.body)
					}
					if row.status >= 400 && row.status != http.StatusUnprocessableEntity {
						wantErrorBody(t, r)
					}
					if row.check != nil {
						row.check(t, r)
					}
				})
			}
		})
	}
}

// wantErrorBody checks the JSON error every refusal carries: its code is
// the one of the status, and there is a message for the person.
func wantErrorBody(t *testing.T, r reply) {
	t.Helper()
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("error content type %q, want JSON", ct)
	}
	var e errorBody
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("error body %s: %v", r.body, err)
	}
	if e.Error.Message == "" || statusOf[e.Error.Code] != r.status {
		t.Errorf("status %d with error %+v: want the code of the status and a message", r.status, e.Error)
	}
}

// calendar is a small calendar of the person's own with the events given
// as "start end summary" in UTC, e.g. "20260511T090000Z 20260511T110000Z Rabobank".
func calendar(owner string, events ...string) []byte {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//klaver//test//EN\r\nX-WR-CALNAME:" + owner + "\r\n")
	for i, e := range events {
		f := strings.SplitN(e, " ", 3)
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:%d@test\r\nDTSTART:%s\r\nDTEND:%s\r\nSUMMARY:%s\r\nEND:VEVENT\r\n", i, f[0], f[1], f[2])
	}
	b.WriteString("END:VCALENDAR\r\n")
	return []byte(b.String())
}

func apiRows(t *testing.T, w *world, rep *klaver.Report) []apiRow {
	const (
		koen  = "koen.verhoeven@acme.nl"
		linda = "linda.willems@acme.nl"
		daan  = "daan.devries@acme.nl"
		hamza = "hamza.brouwer@acme.nl"
		gijs  = "gijs.koster@acme.nl"
	)
	clients := examples.Registry(t)
	registry := registryJSON(t, clients)
	// The registry comes back by name, whatever order it was sent in.
	slices.SortFunc(clients, func(a, b klaver.ClientRecord) int { return strings.Compare(a.Name, b.Name) })
	stored := registryJSON(t, clients)
	uploads := exampleUploads(t)
	var ok, failed int // files imported, for /metrics
	counted := func(next func(t *testing.T, r reply)) func(t *testing.T, r reply) {
		return func(t *testing.T, r reply) {
			var out importReply
			decode(t, r, &out)
			for _, f := range out.Files {
				if f.OK() {
					ok++
				} else {
					failed++
				}
			}
			if next != nil {
				next(t, r)
			}
		}
	}
	person := func(t *testing.T, email string) klaver.PersonReport {
		i := slices.IndexFunc(rep.People, func(p klaver.PersonReport) bool { return p.Person == email })
		if i < 0 {
			t.Fatalf("%s is not in the audit", email)
		}
		return rep.People[i]
	}
	emptyWeeks := func(t *testing.T, r reply) {
		var got weeksReply
		decode(t, r, &got)
		if len(got.Weeks) != 0 || got.Total != nil || len(got.Clients) != 0 {
			t.Errorf("after deleting, still figures: %s", r.body)
		}
	}
	sharing := func(want ...string) func(t *testing.T, r reply) {
		return func(t *testing.T, r reply) {
			var got membersReply
			decode(t, r, &got)
			if len(got.Members) != len(w.members) {
				t.Errorf("%d members, want %d", len(got.Members), len(w.members))
			}
			var with []string
			for _, m := range got.Members {
				if m.Figures != nil {
					with = append(with, m.Email)
					var own weeksReply
					w.get(t, m.Email, "/api/v1/me/weeks", &own)
					if len(m.Figures.Weeks) == 0 || !equalJSON(t, m.Figures, own) {
						t.Errorf("%s shares %+v, but sees %+v", m.Email, m.Figures, own)
					}
				}
			}
			if !slices.Equal(with, want) {
				t.Errorf("members with figures %v, want %v", with, want)
			}
		}
	}
	var firstWeeks []byte // team weeks after the first full import
	return []apiRow{
		// The leader sets the registry up and two members import their own calendars.
		{"leader replaces the registry", exampleLead, "PUT", "/api/v1/teams/{team}/clients", jsonBody(registry), 200,
			func(t *testing.T, r reply) {
				if !equalJSON(t, json.RawMessage(r.body), json.RawMessage(stored)) {
					t.Errorf("registry %s, want %s", r.body, stored)
				}
			}},
		{"a member reads the registry", koen, "GET", "/api/v1/teams/{team}/clients", nil, 200,
			func(t *testing.T, r reply) {
				if !equalJSON(t, json.RawMessage(r.body), json.RawMessage(stored)) {
					t.Errorf("registry %s, want %s", r.body, stored)
				}
			}},
		{"koen imports his calendar", koen, "POST", "/api/v1/teams/{team}/imports",
			multipartBody(t, exampleFile(t, koen+".ics")), 200, counted(func(t *testing.T, r reply) {
				if out := wantImported(t, r, 1); !slices.Equal(out.Files[0].People, []string{koen}) {
					t.Errorf("people %v, want koen", out.Files[0].People)
				}
			})},
		{"linda imports her calendar", linda, "POST", "/api/v1/teams/{team}/imports",
			multipartBody(t, exampleFile(t, linda+".ics")), 200, counted(nil)},

		// Two contributors are fewer than Acme's minimum of five.
		{"leader sees two contributors' weeks withheld", exampleLead, "GET", "/api/v1/teams/{team}/weeks", nil, 200,
			func(t *testing.T, r reply) { wantWithheld(t, r, 2) }},
		{"coach sees two contributors' weeks withheld", acmeCoach, "GET", "/api/v1/teams/{team}/weeks", nil, 200,
			func(t *testing.T, r reply) { wantWithheld(t, r, 2) }},
		{"coach's overview withholds them too", acmeCoach, "GET", "/api/v1/orgs/{org}/teams", nil, 200,
			func(t *testing.T, r reply) {
				var got struct {
					Teams []struct {
						Name string `json:"name"`
						weeksReply
					} `json:"teams"`
				}
				decode(t, r, &got)
				for _, team := range got.Teams {
					if team.Total != nil {
						t.Errorf("team %s shows a total of withheld weeks: %+v", team.Name, team.Total)
					}
					for _, wk := range team.Weeks {
						if !wk.Withheld || wk.Figures != (klaver.Figures{}) {
							t.Errorf("team %s week %+v not withheld", team.Name, wk)
						}
					}
				}
			}},
		{"nobody shares: the leader sees no one's figures", exampleLead, "GET", "/api/v1/teams/{team}/members", nil, 200, sharing()},
		{"koen chooses to share", koen, "PATCH", "/api/v1/me", jsonBody(`{"share_individual": true}`), 200,
			func(t *testing.T, r reply) {
				if !strings.Contains(string(r.body), `"share_individual":true`) {
					t.Errorf("answer %s", r.body)
				}
			}},
		{"the leader sees koen's figures only", exampleLead, "GET", "/api/v1/teams/{team}/members", nil, 200, sharing(koen)},
		{"koen stops sharing", koen, "PATCH", "/api/v1/me", jsonBody(`{"share_individual": false}`), 200, nil},
		{"the leader no longer sees koen's figures", exampleLead, "GET", "/api/v1/teams/{team}/members", nil, 200, sharing()},
		{"the coach may not list members", acmeCoach, "GET", "/api/v1/teams/{team}/members", nil, 403, nil},
		{"a member may not list members", linda, "GET", "/api/v1/teams/{team}/members", nil, 403, nil},
		{"linda deletes her data", linda, "DELETE", "/api/v1/me/data", nil, 204, nil},
		{"linda's figures leave the team's weeks", exampleLead, "GET", "/api/v1/teams/{team}/weeks", nil, 200,
			func(t *testing.T, r reply) { wantWithheld(t, r, 1) }},
		{"linda has no weeks left", linda, "GET", "/api/v1/me/weeks", nil, 200, emptyWeeks},
		{"linda has no imports left", linda, "GET", "/api/v1/me/imports", nil, 200,
			func(t *testing.T, r reply) {
				if !equalJSON(t, json.RawMessage(r.body), json.RawMessage(`{"imports":[]}`)) {
					t.Errorf("imports %s", r.body)
				}
			}},
		{"koen deletes his data", koen, "DELETE", "/api/v1/me/data", nil, 204, nil},

		// A member imports their own data only.
		{"a member's import of another's calendar is their own", koen, "POST", "/api/v1/teams/{team}/imports",
			multipartBody(t, exampleFile(t, linda+".ics")), 200, counted(func(t *testing.T, r reply) {
				out := wantImported(t, r, 1)
				if !slices.Equal(out.Files[0].People, []string{koen}) {
					t.Errorf("people %v, want koen's own", out.Files[0].People)
				}
				var lindas weeksReply
				w.get(t, linda, "/api/v1/me/weeks", &lindas)
				if len(lindas.Weeks) != 0 {
					t.Errorf("linda got figures from koen's import: %+v", lindas.Weeks)
				}
			})},
		{"a member gets only their own entries of a team's export", daan, "POST", "/api/v1/teams/{team}/imports",
			multipartBody(t, exampleFile(t, "toggl.csv")), 200, counted(func(t *testing.T, r reply) {
				f := wantImported(t, r, 1).Files[0]
				if !slices.Equal(f.People, []string{daan}) || f.WarningsTotal != 3 || len(f.Warnings) != 3 {
					t.Errorf("people %v, %d warnings %v; want daan's own and a warning for each of the 3 others", f.People, f.WarningsTotal, f.Warnings)
				}
				for _, other := range []string{"anna.gerritsen@acme.nl", "chantal.maas@acme.nl", "stijn.jacobs@acme.nl"} {
					var got weeksReply
					w.get(t, other, "/api/v1/me/weeks", &got)
					if len(got.Weeks) != 0 {
						t.Errorf("%s got figures from daan's import", other)
					}
				}
				var own weeksReply
				w.get(t, daan, "/api/v1/me/weeks", &own)
				p := person(t, daan)
				wantFiguresOf(t, own, p.Weeks, p.Figures, p.Clients)
			})},
		{"koen clears his", koen, "DELETE", "/api/v1/me/data", nil, 204, nil},
		{"daan clears his", daan, "DELETE", "/api/v1/me/data", nil, 204, nil},

		// Bad uploads.
		{"an upload that is not multipart", hamza, "POST", "/api/v1/teams/{team}/imports", jsonBody(`{"file": "x.ics"}`), 400,
			func(t *testing.T, r reply) { wantCode(t, r, klaver.ErrInvalid) }},
		{"a multipart upload without files", hamza, "POST", "/api/v1/teams/{team}/imports", multipartBody(t), 400,
			func(t *testing.T, r reply) { wantCode(t, r, klaver.ErrInvalid) }},
		{"a calendar with a malformed event", hamza, "POST", "/api/v1/teams/{team}/imports",
			multipartBody(t, upload{"broken.ics", []byte("BEGIN:VCALENDAR\r\nX-WR-CALNAME:" + hamza + "\r\nBEGIN:VEVENT\r\nUID:1\r\n" +
				"DTSTART:20261301T090000Z\r\nSUMMARY:x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:2\r\n" +
				"DTSTART:20260105T090000Z\r\nDTEND:20260105T100000Z\r\nSUMMARY:y\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")}),
			200, counted(func(t *testing.T, r reply) {
				f := wantImported(t, r, 1).Files[0]
				if f.SkippedTotal != 1 || len(f.Skipped) != 1 || f.Skipped[0].File != "broken.ics" || f.Skipped[0].Line != 5 || f.Skipped[0].Message == "" {
					t.Errorf("skipped %d %+v, want broken.ics:5 and why", f.SkippedTotal, f.Skipped)
				}
			})},
		{"hamza clears the broken calendar", hamza, "DELETE", "/api/v1/me/data", nil, 204, nil},
		{"a CSV of unknown columns", hamza, "POST", "/api/v1/teams/{team}/imports",
			multipartBody(t, upload{"hours.csv", []byte("what,is,this\n1,2,3\n")}), 422, counted(func(t *testing.T, r reply) {
				var out importReply
				decode(t, r, &out)
				if len(out.Files) != 1 || out.Files[0].File != "hours.csv" || out.Files[0].OK() ||
					out.Files[0].Error.Code != klaver.ErrInvalid || out.Files[0].Error.Message == "" {
					t.Errorf("answer %s, want the file's error", r.body)
				}
			})},
		{"a time zone on Mars", exampleLead, "PATCH", "/api/v1/teams/{team}", jsonBody(`{"tz": "Mars/Olympus"}`), 400,
			func(t *testing.T, r reply) {
				var team struct {
					TZ string `json:"tz"`
				}
				w.get(t, exampleLead, "/api/v1/teams/{team}", &team)
				if team.TZ != "Europe/Amsterdam" {
					t.Errorf("time zone became %q", team.TZ)
				}
			}},
		{"a setting with a typing error in its name", exampleLead, "PATCH", "/api/v1/teams/{team}", jsonBody(`{"timezone": "UTC"}`), 400, nil},
		{"a registry naming a client twice", exampleLead, "PUT", "/api/v1/teams/{team}/clients",
			jsonBody(`{"clients": [{"name": "Rabobank", "domains": ["rabo.nl"]}, {"name": "Rabobank", "domains": ["rabobank.nl"]}]}`), 409,
			func(t *testing.T, r reply) {
				g := w.call(t, exampleLead, "GET", "/api/v1/teams/{team}/clients", nil)
				if !equalJSON(t, json.RawMessage(g.body), json.RawMessage(stored)) {
					t.Errorf("registry became %s", g.body)
				}
			}},
		{"weeks of a malformed range", exampleLead, "GET", "/api/v1/teams/{team}/weeks?from=2026-13", nil, 400, nil},
		{"own weeks of a malformed range", koen, "GET", "/api/v1/me/weeks?to=W5", nil, 400, nil},
		{"more hours than a day has", exampleLead, "PATCH", "/api/v1/teams/{team}", jsonBody(`{"hours_per_day": 25}`), 400, nil},
		{"a share above one", exampleLead, "PATCH", "/api/v1/teams/{team}", jsonBody(`{"max_internal": 1.5}`), 400, nil},
		{"a team that is no number", exampleLead, "GET", "/api/v1/teams/abc/weeks", nil, 404, nil},
		{"a team that does not exist", exampleLead, "GET", "/api/v1/teams/987654321/weeks", nil, 404, nil},
		{"the leader states the team's client", exampleLead, "PATCH", "/api/v1/teams/{team}",
			jsonBody(`{"client_statement": "Onze klant is de inwoner."}`), 200, func(t *testing.T, r reply) {
				var team struct {
					Name, TZ        string
					ClientStatement string `json:"client_statement"`
				}
				w.get(t, koen, "/api/v1/teams/{team}", &team)
				if team.ClientStatement != "Onze klant is de inwoner." || team.TZ != "Europe/Amsterdam" || team.Name != "Advies" {
					t.Errorf("team after the change: %+v", team)
				}
			}},

		// Deleting one's data withdraws it: the leader does not import it
		// again, until the member imports it themselves.
		{"the leader does not import for members who deleted their data", exampleLead, "POST", "/api/v1/teams/{team}/imports",
			multipartBody(t, uploads...), 200, counted(func(t *testing.T, r reply) {
				var out importReply
				decode(t, r, &out)
				for _, f := range out.Files {
					for _, who := range []string{linda, koen, daan, hamza} {
						if slices.Contains(f.People, who) {
							t.Errorf("%s imported for %s, who deleted their data", f.File, who)
						}
					}
					if f.File == linda+".ics" && (len(f.Warnings) != 1 || !strings.Contains(f.Warnings[0].Message, "deleted their data")) {
						t.Errorf("%s: warnings %v, want why linda's calendar was not imported", f.File, f.Warnings)
					}
				}
			})},
		{"linda imports her own calendar again", linda, "POST", "/api/v1/teams/{team}/imports",
			multipartBody(t, exampleFile(t, linda+".ics")), 200, counted(nil)},
		{"koen too", koen, "POST", "/api/v1/teams/{team}/imports", multipartBody(t, exampleFile(t, koen+".ics")), 200, counted(nil)},
		{"daan too, from the team's export", daan, "POST", "/api/v1/teams/{team}/imports", multipartBody(t, exampleFile(t, "toggl.csv")), 200, counted(nil)},
		{"hamza too", hamza, "POST", "/api/v1/teams/{team}/imports", multipartBody(t, exampleFile(t, hamza+".ics")), 200, counted(nil)},

		// The whole team: the API's figures are the audit's.
		{"the leader imports every example in one request", exampleLead, "POST", "/api/v1/teams/{team}/imports",
			multipartBody(t, uploads...), 200, counted(func(t *testing.T, r reply) {
				out := wantImported(t, r, len(uploads))
				for i, f := range out.Files {
					// What a member imported themselves is theirs: the
					// leader's file of that name does not replace it.
					own := slices.Contains([]string{linda + ".ics", koen + ".ics", hamza + ".ics"}, f.File)
					if own && (len(f.People) != 0 || len(f.Warnings) != 1 || !strings.Contains(f.Warnings[0].Message, "themselves")) {
						t.Errorf("result %d: %s for %v, warnings %v; want it left to its owner", i, f.File, f.People, f.Warnings)
					}
					if f.File != uploads[i].name || !own && len(f.People) == 0 {
						t.Errorf("result %d: %s for %v, want %s for its people", i, f.File, f.People, uploads[i].name)
					}
				}
			})},
		{"team weeks equal the audit", exampleLead, "GET", "/api/v1/teams/{team}/weeks", nil, 200,
			func(t *testing.T, r reply) {
				firstWeeks = r.body
				var got weeksReply
				decode(t, r, &got)
				wantFiguresOf(t, got, rep.Team.Weeks, rep.Team.Figures, rep.Team.Clients)
				for _, wk := range got.Weeks {
					if wk.Contributors != len(rep.People) {
						t.Errorf("week %s: %d contributors, want %d", wk.Week, wk.Contributors, len(rep.People))
					}
				}
				if got.MaxInternal != rep.MaxInternal || got.MinContributors != klaver.DefaultMinContributors {
					t.Errorf("max_internal %v, min_contributors %d", got.MaxInternal, got.MinContributors)
				}
			}},
		{"the coach sees the same weeks", acmeCoach, "GET", "/api/v1/teams/{team}/weeks", nil, 200,
			func(t *testing.T, r reply) {
				if !bytes.Equal(r.body, firstWeeks) {
					t.Errorf("coach sees %s\nleader sees %s", r.body, firstWeeks)
				}
			}},
		{"a range of weeks", exampleLead, "GET", "/api/v1/teams/{team}/weeks?from=" + rep.Team.Weeks[1].Week + "&to=" + rep.Team.Weeks[1].Week, nil, 200,
			func(t *testing.T, r reply) {
				var got weeksReply
				decode(t, r, &got)
				if len(got.Weeks) != 1 || got.Weeks[0].Figures != rep.Team.Weeks[1].Figures || *got.Total != rep.Team.Weeks[1].Figures {
					t.Errorf("weeks %+v total %+v, want %+v", got.Weeks, got.Total, rep.Team.Weeks[1])
				}
			}},
		{"each member's own weeks equal their audit", koen, "GET", "/api/v1/me/weeks", nil, 200,
			func(t *testing.T, r reply) {
				for _, p := range rep.People {
					var got weeksReply
					w.get(t, p.Person, "/api/v1/me/weeks", &got)
					t.Run(p.Person, func(t *testing.T) { wantFiguresOf(t, got, p.Weeks, p.Figures, p.Clients) })
				}
			}},
		{"importing the same files again doubles nothing", exampleLead, "POST", "/api/v1/teams/{team}/imports",
			multipartBody(t, uploads...), 200, counted(func(t *testing.T, r reply) {
				wantImported(t, r, len(uploads))
				g := w.call(t, exampleLead, "GET", "/api/v1/teams/{team}/weeks", nil)
				if !bytes.Equal(g.body, firstWeeks) {
					t.Errorf("after a second import\n%s\nwant\n%s", g.body, firstWeeks)
				}
				var imports struct {
					Imports []json.RawMessage `json:"imports"`
				}
				w.get(t, koen, "/api/v1/me/imports", &imports)
				if len(imports.Imports) != 1 {
					t.Errorf("koen has %d imports, want his one calendar", len(imports.Imports))
				}
			})},
		{"the team's costliest meetings come from the audit's series", exampleLead, "GET", "/api/v1/teams/{team}/series", nil, 200,
			func(t *testing.T, r reply) {
				var got struct {
					Series []struct {
						Title   string `json:"title"`
						People  int    `json:"people"`
						Minutes int64  `json:"minutes"`
					} `json:"series"`
				}
				decode(t, r, &got)
				if len(got.Series) == 0 {
					t.Fatalf("no series: %s", r.body)
				}
				for _, s := range got.Series {
					i := slices.IndexFunc(rep.Series, func(a klaver.Series) bool { return a.Title == s.Title })
					if i < 0 || len(rep.Series[i].People) != s.People || rep.Series[i].Minutes != s.Minutes {
						t.Errorf("series %+v is not the audit's", s)
					}
				}
			}},

		// A week only one member contributed to stays withheld, and its
		// time must not reach the team's client totals either: otherwise
		// the leader reads it as the difference of two ranges.
		{"gijs imports a week nobody else has", gijs, "POST", "/api/v1/teams/{team}/imports",
			multipartBody(t, upload{"extra.ics", calendar(gijs, "20260511T080000Z 20260511T150000Z Rabobank")}), 200, counted(nil)},
		{"a lone week is withheld and left out of every sum", exampleLead, "GET", "/api/v1/teams/{team}/weeks", nil, 200,
			func(t *testing.T, r reply) {
				var got weeksReply
				decode(t, r, &got)
				if n := len(got.Weeks); n != len(rep.Team.Weeks)+1 || !got.Weeks[n-1].Withheld || got.Weeks[n-1].Contributors != 1 {
					t.Fatalf("weeks %+v, want the audit's and a withheld one", got.Weeks)
				}
				got.Weeks = got.Weeks[:len(rep.Team.Weeks)]
				wantFiguresOf(t, got, rep.Team.Weeks, rep.Team.Figures, rep.Team.Clients)
			}},

		{"metrics count the imported files", nobody, "GET", "/metrics", nil, 200,
			func(t *testing.T, r reply) {
				text := string(r.body)
				if n := metricsCount(t, text, `klaver_imported_files_total{result="stored"}`); n != ok {
					t.Errorf("stored files %d, want %d", n, ok)
				}
				if n := metricsCount(t, text, `klaver_imported_files_total{result="failed"}`); n != failed {
					t.Errorf("failed files %d, want %d", n, failed)
				}
				if n := metricsCount(t, text, `klaver_http_requests_total{route="POST /api/v1/teams/{team}/imports",code="200"}`); n < 2 {
					t.Errorf("imports counted %d times", n)
				}
			}},
	}
}

func wantCode(t *testing.T, r reply, code string) {
	t.Helper()
	var e errorBody
	decode(t, r, &e)
	if e.Error.Code != code {
		t.Errorf("error %+v, want %s", e.Error, code)
	}
}

// equalJSON compares two values by their JSON.
func equalJSON(t *testing.T, a, b any) bool {
	t.Helper()
	norm := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var x any
		if err := json.Unmarshal(b, &x); err != nil {
			t.Fatal(err)
		}
		out, _ := json.Marshal(x)
		return string(out)
	}
	return norm(a) == norm(b)
}
