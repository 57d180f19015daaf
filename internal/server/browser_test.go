package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/auth"
	"github.com/klaver/klaver/internal/examples"
	"github.com/klaver/klaver/internal/mail/mailtest"
)

// The people of the browser scenarios: Koen is a member of Advies, Julia
// leads it, Carla coaches Acme. They sign in with browserPassword.
const (
	browserMember   = "koen.verhoeven@acme.nl"
	browserLeader   = "julia.vanleeuwen@acme.nl"
	browserCoach    = "carla@coaching.example"
	browserPassword = "klaver in de browser"
)

// browserTeam are the people of the examples: the six owners of the
// calendars and the four people of the Toggl export.
var browserTeam = []string{
	"julia.vanleeuwen@acme.nl", "koen.verhoeven@acme.nl", "mirjam.huisman@acme.nl",
	"gijs.koster@acme.nl", "linda.willems@acme.nl", "hamza.brouwer@acme.nl",
	"anna.gerritsen@acme.nl", "chantal.maas@acme.nl", "daan.devries@acme.nl", "stijn.jacobs@acme.nl",
}

// Time limits: a hung browser fails the test rather than hang it.
const (
	browserTestLimit = 2 * time.Minute
	browserTabLimit  = 30 * time.Second
)

// browserSite is a klaver server on SQLite for a browser: Acme with the team
// Advies of the examples' people (Julia leads it) and a coach, and Beta
// with a team of its own.
type browserSite struct {
	url       string
	acme      klaver.Organisation
	advies    klaver.Team
	toezicht  klaver.Team
	artifacts string
	srv       *Server
}

func newBrowserSite(t *testing.T) *browserSite {
	t.Helper()
	return newBrowserSiteWith(t, nil)
}

// newBrowserSiteWith is newBrowserSite with configure applied to the
// server's configuration, e.g. to send mail.
func newBrowserSiteWith(t *testing.T, configure func(*Config)) *browserSite {
	t.Helper()
	ctx := context.Background()
	st := openTestStore(t, filepath.Join(t.TempDir(), "klaver.db"))
	hash, err := auth.NewHasher(auth.TestParams, 1).Hash(browserPassword)
	if err != nil {
		t.Fatal(err)
	}
	s := &browserSite{artifacts: browserArtifacts(t)}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	s.acme, err = st.CreateOrganisation(ctx, klaver.Organisation{Name: "Acme"})
	must(err)
	s.advies, err = st.CreateTeam(ctx, klaver.Team{OrgID: s.acme.ID, Name: "Advies"})
	must(err)
	must(st.ReplaceClients(ctx, s.advies.ID, examples.Registry(t)))
	for _, email := range browserTeam {
		role := klaver.RoleMember
		if email == browserLeader {
			role = klaver.RoleLeader
		}
		p, err := st.CreatePerson(ctx, klaver.Person{Email: email}, hash)
		must(err)
		must(st.AddMembership(ctx, klaver.Membership{PersonID: p.ID, TeamID: s.advies.ID, Role: role}))
	}
	coach, err := st.CreatePerson(ctx, klaver.Person{Email: browserCoach, Name: "Carla"}, hash)
	must(err)
	must(st.AssignCoach(ctx, coach.ID, s.acme.ID))
	beta, err := st.CreateOrganisation(ctx, klaver.Organisation{Name: "Beta"})
	must(err)
	s.toezicht, err = st.CreateTeam(ctx, klaver.Team{OrgID: beta.ID, Name: "Toezicht"})
	must(err)
	bart, err := st.CreatePerson(ctx, klaver.Person{Email: "bart@beta.example"}, hash)
	must(err)
	must(st.AddMembership(ctx, klaver.Membership{PersonID: bart.ID, TeamID: s.toezicht.ID, Role: klaver.RoleLeader}))

	// The base URL must be the address the browser uses, for the cookies
	// and the cross-origin check, so the listener comes first.
	ts := httptest.NewUnstartedServer(nil)
	s.url = "http://" + ts.Listener.Addr().String()
	cfg := Config{BaseURL: s.url, Passwords: auth.TestParams}
	if configure != nil {
		cfg.Box = testBox(t)
		configure(&cfg)
	}
	srv, err := New(cfg, st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	must(err)
	s.srv = srv
	ts.Config.Handler = srv.Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	return s
}

// browserArtifacts is where the screenshots go: $KLAVER_ARTIFACTS, which CI
// keeps, or a directory of the test.
func browserArtifacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("KLAVER_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browserPath finds Chromium or Chrome. Without one the test is skipped,
// except in CI, where it must run.
func browserPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no chromium, chromium-browser or google-chrome on PATH; CI must run the browser tests")
	}
	t.Skip("no chromium, chromium-browser or google-chrome on PATH")
	return ""
}

// startBrowser starts a headless browser that asks for Dutch pages, as
// the audience's browsers do, and returns its context.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	path := browserPath(t)
	limit, cancelLimit := context.WithTimeout(context.Background(), browserTestLimit)
	t.Cleanup(cancelLimit)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("accept-lang", "nl-NL,nl"),
		chromedp.Flag("lang", "nl-NL"),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(limit, opts...)
	t.Cleanup(cancelAlloc)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browserCtx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return browserCtx
}

// browserTab is a browser tab with cookies of its own, as if another
// person used another browser; its actions fail once it has been open
// browserTabLimit.
type browserTab struct {
	t   *testing.T
	ctx context.Context
	s   *browserSite
}

func (s *browserSite) newTab(t *testing.T, chrome context.Context) *browserTab {
	t.Helper()
	tabCtx, cancelTab := chromedp.NewContext(chrome, chromedp.WithNewBrowserContext())
	t.Cleanup(cancelTab)
	ctx, cancel := context.WithTimeout(tabCtx, browserTabLimit)
	t.Cleanup(cancel)
	return &browserTab{t: t, ctx: ctx, s: s}
}

// open loads a path of the site and returns the status of the page.
func (b *browserTab) open(path string) int64 {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Navigate(b.s.url+path))
	if err != nil {
		b.t.Fatalf("opening %s: %v", path, err)
	}
	return resp.Status
}

// submit presses a form's button and waits for the page it leads to.
func (b *browserTab) submit(button string) *network.Response {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(button), chromedp.NodeVisible))
	if err != nil {
		b.t.Fatalf("pressing %s: %v", button, err)
	}
	return resp
}

// do runs actions that return nothing.
func (b *browserTab) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

// path is the path and query of the page shown.
func (b *browserTab) path() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		b.t.Fatal(err)
	}
	return u.RequestURI()
}

// text is the text of the first element sel selects, as shown.
func (b *browserTab) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeReady))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.Join(strings.Fields(s), " ")
}

// body is the whole text of the page, with spaces collapsed.
func (b *browserTab) body() string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		b.t.Fatal(err)
	}
	return strings.Join(strings.Fields(s), " ")
}

// evalIn evaluates JavaScript in the page and decodes its result.
func evalIn[T any](b *browserTab, js string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// wantText fails unless the page shows want.
func (b *browserTab) wantText(want string) {
	b.t.Helper()
	if body := b.body(); !strings.Contains(body, want) {
		b.t.Errorf("%s does not show %q; it shows:\n%s", b.path(), want, body)
	}
}

// screenshot saves the whole page as name.png among the artefacts.
func (b *browserTab) screenshot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(b.s.artifacts, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot of %s: %s", b.path(), path)
}

// signIn opens / signed out, is sent to the sign-in page, signs in there
// as email and comes back to /.
func (b *browserTab) signIn(email, screenshot string) {
	b.t.Helper()
	b.open("/")
	if got := b.path(); got != "/sign-in?next=%2F" {
		b.t.Fatalf("signed out, / leads to %s, want the sign-in page", got)
	}
	if screenshot != "" {
		b.screenshot(screenshot)
	}
	b.do(chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#password"), browserPassword))
	if resp := b.submit(`form[action="/sign-in"] button[type=submit]`); resp.Status != http.StatusOK {
		b.t.Fatalf("signing in as %s: status %d; page:\n%s", email, resp.Status, b.body())
	}
	// A coach with no team of their own lands on their organisation.
	if got := b.path(); got != "/" && !(email == browserCoach && strings.HasPrefix(got, "/orgs/")) {
		b.t.Fatalf("after signing in, the browser is at %s, want /; page:\n%s", got, b.body())
	}
}

// The words of the pages that the scenarios look for, in both languages.
var pageWords = map[string][2]string{ // key: {nl, en}
	"my_weeks":    {"Mijn weken", "My weeks"},
	"working":     {"Werktijd", "Working time"},
	"client":      {"Voor klanten", "Client"},
	"ifc":         {"Intern voor een klant", "Internal for a client"},
	"internal":    {"Intern", "Internal"},
	"own":         {"Eigen werk", "Own work"},
	"share":       {"Intern aandeel", "Internal share"},
	"ok":          {"in orde", "ok"},
	"over":        {"te veel intern", "over"},
	"no_data":     {"Je hebt nog niets geïmporteerd.", "You have not imported anything yet."},
	"sharing_on":  {"Je leidinggevende ziet je eigen cijfers.", "Your leader sees your own figures."},
	"sharing_off": {"Je leidinggevende ziet alleen de cijfers van het hele team, niet de jouwe.", "Your leader sees only the team's figures, not yours."},
	"started":     {"Je leidinggevende ziet nu je eigen cijfers.", "Your leader now sees your own figures."},
	"stopped":     {"Je leidinggevende ziet je eigen cijfers niet meer.", "Your leader no longer sees your own figures."},
	"not_shared":  {"deelt eigen cijfers niet", "does not share own figures"},
	"unconfirmed": {"Vink eerst aan dat je alles wilt verwijderen.", "First tick that you want to delete everything."},
	"deleted":     {"Al je geïmporteerde gegevens zijn verwijderd.", "All the data you imported has been deleted."},
	"too_few":     {"nog te weinig deelnemers", "too few contributors yet"},
	"privacy":     {"teamcijfers verschijnen vanaf 5 deelnemers", "team figures appear from 5 contributors"},
	"not_found":   {"Niet gevonden", "Not found"},
	"wrong":       {"Het e-mailadres of het wachtwoord klopt niet.", "The e-mail address or the password is wrong."},
	"imported":    {"Geïmporteerd voor " + browserMember, "Imported for " + browserMember},
}

// pageWord is a word of the pages in lang.
func pageWord(key, lang string) string {
	w, ok := pageWords[key]
	if !ok {
		return "(no word " + key + ")"
	}
	if lang == "en" {
		return w[1]
	}
	return w[0]
}

// pageNumber formats v as the pages do: one decimal, with the decimal comma
// and grouping dots in Dutch, the point and commas in English.
func pageNumber(v float64, lang string) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	point, group := ".", ","
	if lang == "nl" {
		point, group = ",", "."
	}
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + group + whole[i:]
	}
	return sign + whole + point + frac
}

func pageHours(minutes int64, lang string) string {
	unit := " h"
	if lang == "nl" {
		unit = " u"
	}
	return pageNumber(float64(minutes)/60, lang) + unit
}

func pagePercent(share float64, lang string) string { return pageNumber(share*100, lang) + "%" }

func pageVerdict(v, lang string) string {
	if v == klaver.VerdictOver {
		return pageWord("over", lang)
	}
	return pageWord("ok", lang)
}

// auditOfOwner is `klaver audit --whole-weeks --tz Europe/Amsterdam
// --clients examples/clients.csv --owner <owner> examples/<file>`, in
// process: the figures the member's page must show.
func auditOfOwner(t *testing.T, owner, file string) klaver.PersonReport {
	t.Helper()
	rep := examples.ServerAudit(t, owner, file)
	if len(rep.People) != 1 || rep.People[0].Person != owner || len(rep.People[0].Weeks) == 0 {
		t.Fatalf("the audit of %s has people %+v; want %s with weeks", file, rep.People, owner)
	}
	return rep.People[0]
}

// pageStats is the dl.stats of a figures block, label → value.
func pageStats(f klaver.Figures, lang string) map[string]string {
	return map[string]string{
		pageWord("working", lang):  pageHours(f.WorkingMinutes, lang),
		pageWord("client", lang):   pageHours(f.ClientMinutes, lang),
		pageWord("ifc", lang):      pageHours(f.InternalForClientMinutes, lang),
		pageWord("internal", lang): pageHours(f.InternalMinutes, lang),
		pageWord("own", lang):      pageHours(f.OwnWorkMinutes, lang),
		pageWord("share", lang):    pagePercent(f.InternalShare, lang) + " " + pageVerdict(f.Verdict, lang),
	}
}

// pageWeekRow is a row of the week table as shown.
func pageWeekRow(w klaver.WeekFigures, lang string) []string {
	year, n, _ := strings.Cut(w.Week, "-W")
	num, _ := strconv.Atoi(n)
	f := w.Figures
	return []string{fmt.Sprintf("week %d, %s", num, year),
		pageHours(f.WorkingMinutes, lang), pageHours(f.ClientMinutes, lang), pageHours(f.InternalForClientMinutes, lang),
		pageHours(f.InternalMinutes, lang), pageHours(f.OwnWorkMinutes, lang), pagePercent(f.InternalShare, lang), pageVerdict(f.Verdict, lang)}
}

// browserFiguresJS reads the figures of the member's page as shown: the
// totals of dl.stats by their label, and the week table's rows.
const browserFiguresJS = `(() => {
	const clean = s => s.replace(/\s+/g, ' ').trim();
	const stats = {};
	for (const d of document.querySelectorAll('section[aria-labelledby="weeks-h"] dl.stats > div')) {
		stats[clean(d.querySelector('dt').textContent)] = clean(d.querySelector('dd').textContent);
	}
	const rows = [...document.querySelectorAll('section[aria-labelledby="weeks-h"] table:not(.bars) > tbody > tr')]
		.map(tr => [...tr.children].map(c => clean(c.textContent)));
	return {stats, rows};
})()`

// browserFigures is what browserFiguresJS reads.
type browserFigures struct {
	Stats map[string]string `json:"stats"`
	Rows  [][]string        `json:"rows"`
}

// wantMemberFigures checks the member's page against the audit.
func wantMemberFigures(b *browserTab, want klaver.PersonReport, lang string) {
	b.t.Helper()
	got := evalIn[browserFigures](b, browserFiguresJS)
	for label, value := range pageStats(want.Figures, lang) {
		if got.Stats[label] != value {
			b.t.Errorf("%s: the page shows %q, the audit %q", label, got.Stats[label], value)
		}
	}
	if len(got.Rows) != len(want.Weeks) {
		b.t.Fatalf("the week table has %d rows, the audit %d weeks: %q", len(got.Rows), len(want.Weeks), got.Rows)
	}
	for i, w := range want.Weeks {
		if row := pageWeekRow(w, lang); !slices.Equal(got.Rows[i], row) {
			b.t.Errorf("week row %d is %q, the audit's %q", i, got.Rows[i], row)
		}
	}
}

// memberRowOf is the members table's row of email on the leader's page.
func memberRowOf(b *browserTab, email string) []string {
	b.t.Helper()
	rows := evalIn[[][]string](b, `[...document.querySelectorAll('section[aria-labelledby="members-h"] tbody > tr')]
		.map(tr => [...tr.children].map(c => c.textContent.replace(/\s+/g, ' ').trim()))`)
	for _, r := range rows {
		if len(r) > 0 && r[0] == email {
			return r
		}
	}
	b.t.Fatalf("the leader's members table has no row for %s: %q", email, rows)
	return nil
}

// TestBrowser walks the pages in a real browser as the member, the leader
// and the coach do: sign in, import, read the figures, switch language,
// share, delete, and the refusals.
func TestBrowser(t *testing.T) {
	chrome := startBrowser(t)
	s := newBrowserSite(t)
	calendar := filepath.Join(examplesDir, browserMember+".ics")
	absCalendar, err := filepath.Abs(calendar)
	if err != nil {
		t.Fatal(err)
	}
	koen := auditOfOwner(t, browserMember, calendar)
	team := fmt.Sprintf("/teams/%d", s.advies.ID)
	started := time.Now()
	defer func() { t.Logf("browser scenarios took %v", time.Since(started).Round(time.Millisecond)) }()

	t.Run("member imports and sees the audit's figures", func(t *testing.T) {
		b := s.newTab(t, chrome)
		b.signIn(browserMember, "signin")
		if title := b.text("h1"); !strings.Contains(b.text("nav"), pageWord("my_weeks", "nl")) || !strings.Contains(title, browserMember) {
			t.Errorf("the member's page greets %q with nav %q; want Dutch, %q", title, b.text("nav"), pageWord("my_weeks", "nl"))
		}
		b.wantText(pageWord("no_data", "nl"))
		form := fmt.Sprintf(`form[action="%s/upload"]`, team)
		b.do(chromedp.SetUploadFiles(chromedp.CSS(form+` input[type=file][name=file]`), []string{absCalendar}))
		// The upload goes by script, with a progress bar, and the answer
		// replaces the page; there is no navigation to wait for.
		b.do(chromedp.Click(chromedp.CSS(form+` button[type=submit]`), chromedp.NodeVisible),
			chromedp.WaitVisible(chromedp.CSS(`section.result h2`)))
		if got := b.path(); got != "/" {
			t.Errorf("after the upload the browser is at %s; the script should have sent it from / without leaving", got)
		}
		b.screenshot("results")
		if got := b.text("section.result h2"); got != filepath.Base(calendar) {
			t.Errorf("the results list %q, want %s", got, filepath.Base(calendar))
		}
		b.wantText(pageWord("imported", "nl"))
		if problems := evalIn[int](b, `document.querySelectorAll('section.result .problem').length`); problems != 0 {
			t.Errorf("the results show %d problems:\n%s", problems, b.body())
		}
		b.submit(`main a[href="/"]`)
		wantMemberFigures(b, koen, "nl")
		b.wantText(filepath.Base(calendar)) // in "what you imported"
		b.screenshot("member-nl")
	})

	t.Run("member switches to English, which stays", func(t *testing.T) {
		b := s.newTab(t, chrome)
		b.signIn(browserMember, "")
		b.do(chromedp.SetValue(chromedp.CSS("#lang-select"), "en"))
		b.submit(`form.lang button[type=submit]`)
		if got := b.path(); got != "/" {
			t.Errorf("after the language form, the browser is at %s, want /", got)
		}
		if lang := evalIn[string](b, `document.documentElement.lang`); lang != "en" {
			t.Errorf("html lang %q after choosing English", lang)
		}
		b.wantText(pageWord("my_weeks", "en"))
		wantMemberFigures(b, koen, "en")
		b.screenshot("member-en")
		b.do(chromedp.Reload())
		b.wantText(pageWord("my_weeks", "en"))

		// Another browser, which asks for Dutch, gets English once signed
		// in: the choice is the person's, not the browser's.
		other := s.newTab(t, chrome)
		other.signIn(browserMember, "")
		other.wantText(pageWord("my_weeks", "en"))
		wantMemberFigures(other, koen, "en")
	})

	t.Run("member shares, the leader sees it, and stops", func(t *testing.T) {
		member := s.newTab(t, chrome)
		member.signIn(browserMember, "")
		member.wantText(pageWord("sharing_off", "en"))
		member.submit("#sharing-button")
		if got := member.text(`section[aria-labelledby="sharing-h"] p`); got != pageWord("sharing_on", "en") {
			t.Errorf("after sharing, the page says %q, want %q", got, pageWord("sharing_on", "en"))
		}
		if got := member.text(`main > p[role=status]`); got != pageWord("started", "en") {
			t.Errorf("the notice after sharing is %q, want %q", got, pageWord("started", "en"))
		}

		leader := s.newTab(t, chrome)
		leader.signIn(browserLeader, "")
		if status := leader.open(team); status != http.StatusOK {
			t.Fatalf("the leader's team page: status %d", status)
		}
		row := memberRowOf(leader, browserMember)
		want := []string{browserMember, "Lid", pagePercent(koen.InternalShare, "nl"), pageVerdict(koen.Verdict, "nl")}
		if !slices.Equal(row, want) {
			t.Errorf("the leader sees %q for the member who shares, want %q", row, want)
		}
		if other := memberRowOf(leader, "linda.willems@acme.nl"); !slices.Contains(other, pageWord("not_shared", "nl")) {
			t.Errorf("the leader sees %q for a member who does not share", other)
		}
		leader.screenshot("leader-team")

		member.submit("#sharing-button")
		if got := member.text(`section[aria-labelledby="sharing-h"] p`); got != pageWord("sharing_off", "en") {
			t.Errorf("after stopping, the page says %q, want %q", got, pageWord("sharing_off", "en"))
		}
		if got := member.text(`main > p[role=status]`); got != pageWord("stopped", "en") {
			t.Errorf("the notice after stopping is %q, want %q", got, pageWord("stopped", "en"))
		}
		leader.do(chromedp.Reload())
		if row := memberRowOf(leader, browserMember); !slices.Equal(row, []string{browserMember, "Lid", pageWord("not_shared", "nl")}) {
			t.Errorf("after the member stopped sharing, the leader sees %q", row)
		}
	})

	// The coach comes before the member deletes the data, so that there
	// is one contributor, too few to show.
	t.Run("coach sees too few contributors", func(t *testing.T) {
		b := s.newTab(t, chrome)
		b.signIn(browserCoach, "")
		if got, want := b.path(), fmt.Sprintf("/orgs/%d", s.acme.ID); got != want {
			t.Errorf("the coach lands on %s, want the organisation %s", got, want)
		}
		if status := b.open(fmt.Sprintf("/orgs/%d", s.acme.ID)); status != http.StatusOK {
			t.Fatalf("the coach's organisation page: status %d\n%s", status, b.body())
		}
		row := evalIn[[]string](b, `[...document.querySelectorAll('table.overview tbody > tr')]
			.filter(tr => tr.querySelector('th').textContent.trim() === 'Advies')
			.flatMap(tr => [...tr.children].map(c => c.textContent.replace(/\s+/g, ' ').trim()))`)
		if want := []string{"Advies", pageWord("too_few", "nl")}; !slices.Equal(row, want) {
			t.Errorf("the coach's row of Advies is %q, want %q", row, want)
		}
		if href := evalIn[string](b, `document.querySelector('table.overview a').getAttribute('href')`); href != team {
			t.Errorf("the team links to %s, want %s", href, team)
		}
		b.screenshot("coach-org")
		if status := b.open(team); status != http.StatusOK {
			t.Fatalf("the coach's team page: status %d\n%s", status, b.body())
		}
		if got := b.text("#privacy-minimum"); !strings.Contains(got, pageWord("privacy", "nl")) {
			t.Errorf("the coach's team page says %q, want the privacy minimum", got)
		}
		if n := evalIn[int](b, `document.querySelectorAll('dl.stats').length`); n != 0 {
			t.Errorf("the coach sees %d blocks of figures of one contributor", n)
		}
		if n := evalIn[int](b, `document.querySelectorAll('section[aria-labelledby="members-h"]').length`); n != 0 {
			t.Error("the coach sees the members table")
		}
	})

	t.Run("member deletes the data only when ticked", func(t *testing.T) {
		b := s.newTab(t, chrome)
		b.signIn(browserMember, "")
		// The browser refuses the form unticked: the page stays.
		b.do(chromedp.Evaluate[chromedp.Void](`window.klaverMark = 1`),
			chromedp.Click(chromedp.CSS("#delete-button"), chromedp.NodeVisible),
			chromedp.Sleep(300*time.Millisecond))
		if mark := evalIn[int](b, `window.klaverMark || 0`); mark != 1 {
			t.Errorf("the unticked delete form was sent by the browser")
		}
		// Sent unticked anyway, the server refuses and says to tick.
		b.do(chromedp.RemoveAttribute(chromedp.CSS(`input[name=confirm]`), "required"))
		b.submit("#delete-button")
		if got := b.text(`main > p[role=status]`); got != pageWord("unconfirmed", "en") {
			t.Errorf("the notice of an unticked delete is %q, want %q", got, pageWord("unconfirmed", "en"))
		}
		wantMemberFigures(b, koen, "en")

		b.do(chromedp.Click(chromedp.CSS(`input[name=confirm]`), chromedp.NodeVisible))
		b.submit("#delete-button")
		if got := b.text(`main > p[role=status]`); got != pageWord("deleted", "en") {
			t.Errorf("the notice after deleting is %q, want %q", got, pageWord("deleted", "en"))
		}
		b.wantText(pageWord("no_data", "en"))
		if n := evalIn[int](b, `document.querySelectorAll('dl.stats').length`); n != 0 {
			t.Errorf("after deleting, the page still shows %d blocks of figures", n)
		}
	})

	t.Run("refusals are pages", func(t *testing.T) {
		b := s.newTab(t, chrome)
		b.open("/sign-in")
		b.do(chromedp.SendKeys(chromedp.CSS("#email"), "linda.willems@acme.nl"), chromedp.SendKeys(chromedp.CSS("#password"), "not the password"))
		if resp := b.submit(`form[action="/sign-in"] button[type=submit]`); resp.Status != http.StatusUnauthorized {
			t.Errorf("a wrong password: status %d, want 401", resp.Status)
		}
		b.wantText(pageWord("wrong", "nl"))
		if got := evalIn[string](b, `document.querySelector('#email').value`); got != "linda.willems@acme.nl" {
			t.Errorf("after a wrong password the address field holds %q, want it kept", got)
		}

		b.signIn("linda.willems@acme.nl", "")
		status := b.open(fmt.Sprintf("/teams/%d", s.toezicht.ID))
		if status != http.StatusNotFound {
			t.Errorf("another organisation's team: status %d, want 404", status)
		}
		if ct := evalIn[string](b, `document.contentType`); ct != "text/html" {
			t.Errorf("the refusal is %s, want an HTML page", ct)
		}
		if got := b.text("h1"); got != pageWord("not_found", "nl") {
			t.Errorf("the refusal's heading is %q, want %q", got, pageWord("not_found", "nl"))
		}
		if n := evalIn[int](b, `document.querySelectorAll('main a[href="/"]').length`); n == 0 {
			t.Error("the error page has no way back")
		}
		b.screenshot("error")
	})
}

// TestBrowserPasswordResetByMail: someone who forgot their password asks
// for a link, finds it in their mail, chooses a new password and is
// signed in, in a real browser.
func TestBrowserPasswordResetByMail(t *testing.T) {
	chrome := startBrowser(t)
	mp := mailtest.Start(t)
	s := newBrowserSiteWith(t, mailConfig(t, mp))
	runMail(t, s.srv)
	b := s.newTab(t, chrome)
	b.open("/sign-in")
	if resp := b.submit(`a[href="/forgot"]`); resp.Status != http.StatusOK {
		t.Fatalf("the forgot link: %d", resp.Status)
	}
	b.do(chromedp.SendKeys(chromedp.CSS("#email"), browserMember))
	b.screenshot("forgot-nl")
	if resp := b.submit(`form[action="/forgot"] button[type=submit]`); resp.Status != http.StatusOK {
		t.Fatalf("asking for a link: %d", resp.Status)
	}
	b.wantText("Hoort dit adres bij een account, dan is de link onderweg")

	m := mailTo(t, mp, browserMember, 1)
	link := linkIn.FindString(m.Text)
	if !strings.HasPrefix(link, s.url+"/reset?t=") {
		t.Fatalf("no reset link in:\n%s", m.Text)
	}
	b.open(strings.TrimPrefix(link, s.url))
	b.do(chromedp.SendKeys(chromedp.CSS("#password"), "een nieuwe lange wachtzin"))
	if resp := b.submit(`form[action="/reset"] button[type=submit]`); resp.Status != http.StatusOK {
		t.Fatalf("choosing the new password: %d", resp.Status)
	}
	if got := b.path(); got != "/?done=password_changed" {
		t.Fatalf("after the reset the browser is at %s; page:\n%s", got, b.body())
	}
	b.wantText("Je wachtwoord is gewijzigd.")
	b.screenshot("reset-done-nl")
}
