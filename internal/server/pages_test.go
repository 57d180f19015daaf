package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/auth"
	"github.com/klaver/klaver/internal/store"
)

const pagesPassword = "correct horse battery staple"

// pagesWorld is a server with an organisation whose names are hostile
// HTML, a leader, three members and a coach, all with passwords.
type pagesWorld struct {
	url           string
	st            *store.Store
	team, other   klaver.Team
	org           klaver.Organisation
	leader, coach klaver.Person
	members       []klaver.Person
	srv           *Server
}

const hostile = `<script>alert("x")</script>`

func newPagesWorld(t *testing.T) *pagesWorld {
	t.Helper()
	return newPagesWorldWith(t, nil)
}

// newPagesWorldWith is newPagesWorld with configure applied to the
// server's configuration, e.g. to send mail.
func newPagesWorldWith(t *testing.T, configure func(*Config)) *pagesWorld {
	t.Helper()
	ctx := context.Background()
	st := openTestStore(t, filepath.Join(t.TempDir(), "klaver.db"))
	w := &pagesWorld{st: st}
	hash, err := auth.NewHasher(auth.TestParams, 1).Hash(pagesPassword)
	if err != nil {
		t.Fatal(err)
	}
	if w.org, err = st.CreateOrganisation(ctx, klaver.Organisation{Name: "Acme " + hostile, MinContributors: 3}); err != nil {
		t.Fatal(err)
	}
	if w.team, err = st.CreateTeam(ctx, klaver.Team{OrgID: w.org.ID, Name: "Advies " + hostile, ClientStatement: "de burger " + hostile}); err != nil {
		t.Fatal(err)
	}
	otherOrg, err := st.CreateOrganisation(ctx, klaver.Organisation{Name: "Beta"})
	if err != nil {
		t.Fatal(err)
	}
	if w.other, err = st.CreateTeam(ctx, klaver.Team{OrgID: otherOrg.ID, Name: "Elders"}); err != nil {
		t.Fatal(err)
	}
	if err := st.ReplaceClients(ctx, w.team.ID, []klaver.ClientRecord{{Name: "Rabo " + hostile, Domains: []string{"rabobank.nl"}}}); err != nil {
		t.Fatal(err)
	}
	add := func(email string, role klaver.Role) klaver.Person {
		p, err := st.CreatePerson(ctx, klaver.Person{Email: email, Name: strings.Split(email, "@")[0] + " " + hostile}, hash)
		if err != nil {
			t.Fatal(err)
		}
		if role == klaver.RoleCoach {
			err = st.AssignCoach(ctx, p.ID, w.org.ID)
		} else {
			err = st.AddMembership(ctx, klaver.Membership{PersonID: p.ID, TeamID: w.team.ID, Role: role})
		}
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	w.leader = add("lea@acme.nl", klaver.RoleLeader)
	w.coach = add("coach@coaching.example", klaver.RoleCoach)
	for _, name := range []string{"ann", "bob", "cas"} {
		w.members = append(w.members, add(name+"@acme.nl", klaver.RoleMember))
	}
	ts := httptest.NewUnstartedServer(nil)
	ts.Start()
	t.Cleanup(ts.Close)
	cfg := Config{BaseURL: ts.URL, Passwords: auth.TestParams, Box: testBox(t)}
	if configure != nil {
		configure(&cfg)
	}
	srv, err := New(cfg, st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts.Config.Handler = srv.Handler()
	w.url = ts.URL
	w.srv = srv
	return w
}

// browser is a client with cookies that does not follow redirects, so a
// test sees where it is sent.
type browser struct {
	t    *testing.T
	c    *http.Client
	base string
	lang string
}

func (w *pagesWorld) browser(t *testing.T, lang string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: w.url, lang: lang, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) do(method, path string, body io.Reader, contentType string) (int, string, string) {
	b.t.Helper()
	req, err := http.NewRequest(method, b.base+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Accept-Language", b.lang)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	text, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(text)
}

func (b *browser) get(path string) (int, string) {
	status, _, body := b.do("GET", path, nil, "")
	return status, body
}

func (b *browser) post(path string, form url.Values) (int, string, string) {
	return b.do("POST", path, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
}

func (b *browser) signIn(email string) {
	b.t.Helper()
	status, loc, body := b.post("/sign-in", url.Values{"email": {email}, "password": {pagesPassword}, "next": {"/"}})
	if status != http.StatusSeeOther || loc != "/" {
		b.t.Fatalf("sign in as %s: %d %s %s", email, status, loc, body)
	}
}

func (b *browser) upload(teamID int64, name, content string) (int, string) {
	b.t.Helper()
	var buf strings.Builder
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		b.t.Fatal(err)
	}
	io.WriteString(fw, content)
	mw.Close()
	status, _, body := b.do("POST", fmt.Sprintf("/teams/%d/upload", teamID), strings.NewReader(buf.String()), mw.FormDataContentType())
	return status, body
}

// checkPage asserts what every page must be: complete, every message
// found, no format error, and no user text unescaped.
func checkPage(t *testing.T, what, body string) {
	t.Helper()
	for _, bad := range []string{"!missing:", "%!", "(MISSING)", hostile} {
		if strings.Contains(body, bad) {
			i := strings.Index(body, bad)
			t.Errorf("%s contains %q: …%s…", what, bad, body[max(0, i-80):min(len(body), i+80)])
		}
	}
	if !strings.HasPrefix(body, "<!DOCTYPE html>") || !strings.HasSuffix(strings.TrimSpace(body), "</html>") {
		t.Errorf("%s is not a whole page", what)
	}
}

// callCalendar is a calendar of one person with a client call and a
// weekly team meeting whose title is hostile HTML.
func callCalendar(email string) string {
	return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-CALNAME:" + email + "\r\n" +
		"BEGIN:VEVENT\r\nUID:call-" + email + "\r\nSUMMARY:Call\r\nDTSTART:20260105T080000Z\r\nDTEND:20260105T110000Z\r\n" +
		"ATTENDEE:mailto:jan@rabobank.nl\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:weekly@acme\r\nSUMMARY:Weekly " + hostile + "\r\nRRULE:FREQ=WEEKLY;COUNT=2\r\n" +
		"DTSTART:20260106T080000Z\r\nDTEND:20260106T090000Z\r\nORGANIZER:mailto:lea@acme.nl\r\n" +
		"ATTENDEE:mailto:ann@acme.nl\r\nATTENDEE:mailto:bob@acme.nl\r\nATTENDEE:mailto:cas@acme.nl\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
}

// TestPagesInBothLanguages renders every page for each role in Dutch and
// English, with names, titles and clients that are HTML.
func TestPagesInBothLanguages(t *testing.T) {
	w := newPagesWorld(t)
	for _, m := range w.members {
		b := w.browser(t, "nl")
		b.signIn(m.Email)
		status, body := b.upload(w.team.ID, "mine.ics", callCalendar(m.Email))
		if status != http.StatusOK || !strings.Contains(body, m.Email) {
			t.Fatalf("upload as %s: %d %s", m.Email, status, body)
		}
		checkPage(t, "import results", body)
	}
	for _, lang := range []string{"nl", "en-GB,en;q=0.8"} {
		for _, who := range []klaver.Person{w.members[0], w.leader, w.coach} {
			b := w.browser(t, lang)
			b.signIn(who.Email)
			pages := []string{"/", fmt.Sprintf("/teams/%d", w.team.ID)}
			if who.ID == w.coach.ID {
				// The coach, in no team, starts at the organisation.
				org := fmt.Sprintf("/orgs/%d", w.org.ID)
				if status, loc, _ := b.do("GET", "/", nil, ""); status != http.StatusSeeOther || loc != org {
					t.Errorf("/ as the coach: %d to %q, want %s", status, loc, org)
				}
				pages = []string{org, fmt.Sprintf("/teams/%d", w.team.ID)}
			}
			for _, path := range pages {
				status, body := b.get(path)
				what := fmt.Sprintf("%s as %s in %s", path, who.Email, lang)
				if status != http.StatusOK {
					t.Errorf("%s: status %d", what, status)
				}
				checkPage(t, what, body)
				if !strings.Contains(body, "&lt;script&gt;") {
					t.Errorf("%s does not show the escaped names", what)
				}
				wantLang := `<html lang="` + lang[:2] + `">`
				if !strings.Contains(body, wantLang) {
					t.Errorf("%s is not in %s", what, lang)
				}
			}
		}
	}
	// The team page shows the team meeting to the leader, with its title
	// escaped and its three members.
	b := w.browser(t, "en")
	b.signIn(w.leader.Email)
	_, body := b.get(fmt.Sprintf("/teams/%d", w.team.ID))
	if !strings.Contains(body, "Weekly &lt;script&gt;") || !strings.Contains(body, "3 people") {
		t.Errorf("the leader's team page lacks the team meeting: %s", body)
	}
	// Signed out: the sign-in page in both languages.
	for _, lang := range []string{"nl", "en"} {
		status, body := w.browser(t, lang).get("/sign-in")
		if status != http.StatusOK {
			t.Errorf("sign-in page in %s: %d", lang, status)
		}
		checkPage(t, "sign-in page", body)
	}
}

func TestPageRefusalsAndRedirects(t *testing.T) {
	w := newPagesWorld(t)
	anon := w.browser(t, "nl")
	if status, loc, _ := anon.do("GET", "/", nil, ""); status != http.StatusSeeOther || loc != "/sign-in?next=%2F" {
		t.Errorf("signed out at /: %d to %q, want the sign-in page", status, loc)
	}
	status, _, body := anon.post("/sign-in", url.Values{"email": {"ann@acme.nl"}, "password": {"wrong wrong wrong"}})
	if status != http.StatusUnauthorized || !strings.Contains(body, "klopt niet") {
		t.Errorf("wrong password: %d", status)
	}
	checkPage(t, "sign-in after a wrong password", body)
	// A redirect after sign-in stays on the site.
	status, loc, _ := anon.post("/sign-in", url.Values{"email": {"ann@acme.nl"}, "password": {pagesPassword}, "next": {"//evil.example/"}})
	if status != http.StatusSeeOther || loc != "/" {
		t.Errorf("sign-in with next=//evil.example/: %d to %q", status, loc)
	}
	member := w.browser(t, "en")
	member.signIn("ann@acme.nl")
	for path, want := range map[string]int{
		fmt.Sprintf("/teams/%d", w.other.ID): http.StatusNotFound,
		fmt.Sprintf("/orgs/%d", w.org.ID):    http.StatusNotFound,
		"/no/such/page":                      http.StatusNotFound,
	} {
		status, body := member.get(path)
		if status != want || !strings.Contains(body, "Not found") {
			t.Errorf("%s as a member: %d, want %d and an error page", path, status, want)
		}
		checkPage(t, path, body)
	}
	status, _, body = member.post(fmt.Sprintf("/teams/%d/settings", w.team.ID), url.Values{"statement": {"x"}, "registry": {"name\nX\n"}})
	if status != http.StatusForbidden || !strings.Contains(body, "No access") {
		t.Errorf("settings as a member: %d", status)
	}
	// Too few contributors: the privacy minimum is explained.
	_, body = member.get(fmt.Sprintf("/teams/%d", w.team.ID))
	if !strings.Contains(body, `id="privacy-minimum"`) {
		t.Errorf("the team page without contributors does not explain the minimum")
	}
}

func TestPageForms(t *testing.T) {
	ctx := context.Background()
	w := newPagesWorld(t)
	ann := w.browser(t, "nl")
	ann.signIn("ann@acme.nl")
	if status, _ := ann.upload(w.team.ID, "mine.ics", callCalendar("ann@acme.nl")); status != http.StatusOK {
		t.Fatalf("upload: %d", status)
	}
	// Language: stored on the person.
	if status, loc, _ := ann.post("/lang", url.Values{"lang": {"en"}, "next": {"/"}}); status != http.StatusSeeOther || loc != "/" {
		t.Errorf("language form: %d %q", status, loc)
	}
	if p, _ := w.st.Person(ctx, w.members[0].ID); p.Lang != "en" {
		t.Errorf("language stored as %q", p.Lang)
	}
	if _, body := ann.get("/"); !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, "3.0 h") {
		t.Errorf("the dashboard after choosing English is not in English")
	}
	// Sharing on and off.
	ann.post("/me/sharing", url.Values{"share": {"yes"}})
	if p, _ := w.st.Person(ctx, w.members[0].ID); !p.ShareIndividual {
		t.Errorf("sharing was not switched on")
	}
	ann.post("/me/sharing", url.Values{"share": {"no"}})
	if p, _ := w.st.Person(ctx, w.members[0].ID); p.ShareIndividual {
		t.Errorf("sharing was not switched off")
	}
	// Delete: only with the box ticked.
	ann.post("/me/delete", url.Values{})
	if imps, _ := w.st.ImportsOfPerson(ctx, w.members[0].ID); len(imps) != 1 {
		t.Errorf("data deleted without confirmation")
	}
	_, loc, _ := ann.post("/me/delete", url.Values{"confirm": {"yes"}})
	if imps, _ := w.st.ImportsOfPerson(ctx, w.members[0].ID); len(imps) != 0 || loc != "/?done=deleted" {
		t.Errorf("after confirmed delete: %d imports, sent to %q", len(imps), loc)
	}
	// The leader edits the registry with the audit's CSV, and invites.
	lea := w.browser(t, "en")
	lea.signIn("lea@acme.nl")
	status, loc, body := lea.post(fmt.Sprintf("/teams/%d/settings", w.team.ID), url.Values{
		"statement": {"the citizen"}, "registry": {"name,domains,aliases\nStedin,stedin.net,STD\n"}})
	if status != http.StatusSeeOther || !strings.HasSuffix(loc, "done=saved") {
		t.Fatalf("settings: %d to %q, %s", status, loc, body)
	}
	if clients, _ := w.st.Clients(ctx, w.team.ID); len(clients) != 1 || clients[0].Name != "Stedin" {
		t.Errorf("registry after the form: %+v", clients)
	}
	status, _, body = lea.post(fmt.Sprintf("/teams/%d/settings", w.team.ID), url.Values{"registry": {"what,is,this\n"}})
	if status != http.StatusBadRequest {
		t.Errorf("a bad registry: %d %s", status, body)
	}
	_, loc, _ = lea.post(fmt.Sprintf("/teams/%d/invite", w.team.ID), url.Values{"email": {"new@acme.nl"}})
	_, body = lea.get(loc)
	if !strings.Contains(body, w.url+"/invitation?t=") {
		t.Fatalf("the invitation link is not shown")
	}
	link := body[strings.Index(body, w.url+"/invitation?t="):]
	link = link[:strings.Index(link, "<")]
	// The invited person accepts in a fresh browser and is signed in.
	invited := w.browser(t, "nl")
	token := strings.TrimPrefix(link, w.url+"/invitation?t=")
	if status, body := invited.get("/invitation?t=" + token); status != http.StatusOK || !strings.Contains(body, token) {
		t.Errorf("invitation page: %d", status)
	}
	status, loc, _ = invited.post("/invitation", url.Values{"token": {token}, "name": {"Nieuw"}, "password": {pagesPassword}})
	if status != http.StatusSeeOther || loc != "/" {
		t.Errorf("accepting: %d %q", status, loc)
	}
	if status, body := invited.get("/"); status != http.StatusOK || !strings.Contains(body, "Hallo Nieuw") {
		t.Errorf("after accepting: %d", status)
	}
}

// A reset link sets a new password once, signs the person in and out of
// every other session.
func TestPagePasswordReset(t *testing.T) {
	ctx := context.Background()
	w := newPagesWorld(t)
	old := w.browser(t, "en")
	old.signIn("ann@acme.nl")
	secret, hash, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.st.CreatePasswordReset(ctx, w.members[0].ID, hash, time.Now().Add(time.Hour), nil); err != nil {
		t.Fatal(err)
	}
	b := w.browser(t, "nl")
	if status, body := b.get("/forgot"); status != http.StatusOK || !strings.Contains(body, "herstellink") {
		t.Errorf("forgot page: %d", status)
	}
	if status, body := b.get("/reset?t=" + secret); status != http.StatusOK || !strings.Contains(body, secret) {
		t.Errorf("reset page: %d", status)
	}
	if status, _, _ := b.post("/reset", url.Values{"token": {secret}, "password": {"short"}}); status != http.StatusBadRequest {
		t.Errorf("a short password: %d, want 400", status)
	}
	status, loc, _ := b.post("/reset", url.Values{"token": {secret}, "password": {"a brand new pass phrase"}})
	if status != http.StatusSeeOther || loc != "/?done=password_changed" {
		t.Fatalf("reset: %d to %q", status, loc)
	}
	if status, _ := b.get("/"); status != http.StatusOK {
		t.Errorf("not signed in after the reset: %d", status)
	}
	if status, _, _ := old.do("GET", "/", nil, ""); status != http.StatusSeeOther {
		t.Errorf("the session from before the reset still works: %d", status)
	}
	if status, _, _ := b.post("/reset", url.Values{"token": {secret}, "password": {"another pass phrase"}}); status != http.StatusNotFound {
		t.Errorf("a used link: %d, want 404", status)
	}
	fresh := w.browser(t, "en")
	status, loc, _ = fresh.post("/sign-in", url.Values{"email": {"ann@acme.nl"}, "password": {"a brand new pass phrase"}, "next": {"/"}})
	if status != http.StatusSeeOther || loc != "/" {
		t.Errorf("sign-in with the new password: %d %q", status, loc)
	}
}

// An invitation for an address that has an account asks for that
// account's password, and opening it while signed in as someone else asks
// to sign out first.
func TestPageInvitationForAnExistingAccount(t *testing.T) {
	w := newPagesWorld(t)
	ctx := context.Background()
	hash, err := auth.NewHasher(auth.TestParams, 1).Hash(pagesPassword)
	if err != nil {
		t.Fatal(err)
	}
	dirk, err := w.st.CreatePerson(ctx, klaver.Person{Email: "dirk@acme.nl", Name: "Dirk"}, hash)
	if err != nil {
		t.Fatal(err)
	}
	lea := w.browser(t, "nl")
	lea.signIn("lea@acme.nl")
	invite := func() string {
		t.Helper()
		_, loc, _ := lea.post(fmt.Sprintf("/teams/%d/invite", w.team.ID), url.Values{"email": {"dirk@acme.nl"}})
		_, body := lea.get(loc)
		i := strings.Index(body, w.url+"/invitation?t=")
		if i < 0 {
			t.Fatalf("the invitation link is not shown")
		}
		link := body[i+len(w.url+"/invitation?t="):]
		return link[:strings.Index(link, "<")]
	}
	inTeam := func() bool {
		a, err := w.st.TeamAccessOf(ctx, dirk.ID, w.team.ID)
		return err == nil && a.Member
	}

	token := invite()
	other := w.browser(t, "nl")
	other.signIn("ann@acme.nl")
	if _, body := other.get("/invitation?t=" + token); !strings.Contains(body, "Je bent aangemeld als ann@acme.nl") {
		t.Errorf("signed in as someone else, the page does not say so:\n%s", body)
	}
	dirkBrowser := w.browser(t, "nl")
	_, body := dirkBrowser.get("/invitation?t=" + token)
	if !strings.Contains(body, "Er is al een account voor dirk@acme.nl") || strings.Contains(body, "Kies een wachtwoord") {
		t.Errorf("the page does not ask for the existing account's password:\n%s", body)
	}
	if status, _, _ := dirkBrowser.post("/invitation", url.Values{"token": {token}}); status != http.StatusUnauthorized || inTeam() {
		t.Errorf("the link alone: %d, in the team: %v", status, inTeam())
	}
	if status, _, _ := dirkBrowser.post("/invitation", url.Values{"token": {token}, "password": {"not dirk's password"}}); status != http.StatusUnauthorized || inTeam() {
		t.Errorf("a wrong password: %d, in the team: %v", status, inTeam())
	}
	if status, loc, _ := dirkBrowser.post("/invitation", url.Values{"token": {token}, "password": {pagesPassword}}); status != http.StatusSeeOther || loc != "/" || !inTeam() {
		t.Errorf("dirk's password: %d to %q, in the team: %v", status, loc, inTeam())
	}
	if status, _ := w.browser(t, "nl").get("/invitation?t=" + token); status != http.StatusNotFound {
		t.Errorf("a used invitation: %d, want 404", status)
	}
}

// Notices come from what happened, not from the address: a link cannot
// make the team page present another invitation as the viewer's, nor any
// page claim a change that did not happen.
func TestPageNoticesComeFromThisServer(t *testing.T) {
	w := newPagesWorld(t)
	ctx := context.Background()
	other, err := w.st.CreateTeam(ctx, klaver.Team{OrgID: w.org.ID, Name: "Elders"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.st.CreateInvitation(ctx, store.Invitation{TeamID: other.ID, Email: "nieuw@acme.nl", Role: klaver.RoleMember,
		Expires: time.Now().Add(time.Hour)}, auth.HashToken("elsewhere"), nil); err != nil {
		t.Fatal(err)
	}
	lea := w.browser(t, "nl")
	lea.signIn("lea@acme.nl")
	team := fmt.Sprintf("/teams/%d", w.team.ID)
	for _, link := range []string{w.url + "/invitation?t=elsewhere", w.url + "/invitation?t=klaver is verhuisd naar evil.example"} {
		_, body := lea.get(team + "?invite=" + url.QueryEscape(link))
		if strings.Contains(body, "/invitation?t=") {
			t.Errorf("the team page shows a link it did not make: %q", link)
		}
	}
	// Her own invitation is shown.
	_, loc, _ := lea.post(team+"/invite", url.Values{"email": {"nieuw2@acme.nl"}})
	if _, body := lea.get(loc); !strings.Contains(body, w.url+"/invitation?t=") {
		t.Error("the team page does not show the invitation just made")
	}
	ann := w.browser(t, "nl")
	ann.signIn("ann@acme.nl")
	for _, done := range []string{"sharing_started", "title_home"} {
		if _, body := ann.get("/?done=" + done); strings.Contains(body, `class="notice" role="status"`) {
			t.Errorf("done=%s shows a notice, though nothing happened", done)
		}
	}
}
