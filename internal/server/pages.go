package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/audit"
	"github.com/klaver/klaver/internal/auth"
	"github.com/klaver/klaver/internal/importer"
	"github.com/klaver/klaver/internal/report"
	"github.com/klaver/klaver/internal/web"
)

// langCookie keeps the language chosen by someone not signed in.
const langCookie = "klaver_lang"

// maxFormBody bounds the forms that are not uploads.
const maxFormBody = 1 << 20

// pageFunc handles a page: it fills pg (the layout is filled already) and
// renders it, or returns an error that becomes an error page.
type pageFunc func(w http.ResponseWriter, r *http.Request, pg *web.Page) error

// page registers a page route behind the chain every route shares, with
// the same access rules as the API; refusals become pages, and a page that
// needs a sign-in sends the browser to the sign-in page.
func (s *Server) page(pattern string, rule access, h pageFunc) {
	s.pagePatterns = append(s.pagePatterns, pattern)
	var next http.Handler = s.authorizedPage(rule, h)
	next = s.admit(next)
	next = s.crossOrigin.Handler(next)
	next = s.recoverPanic(next)
	next = s.observe(pattern, next)
	s.mux.Handle(pattern, next)
}

func (s *Server) authorizedPage(rule access, h pageFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, ok, err := s.authenticate(r)
		pg := s.basePage(r, p, ok)
		if err == nil {
			err = s.authorize(r, rule, &p, ok)
		}
		if klaver.ErrorCode(err) == klaver.ErrUnauthorized && r.Method == http.MethodGet {
			http.Redirect(w, r, "/sign-in?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if err == nil && ok {
			err = s.fillPlaces(r.Context(), pg, &p)
			r = r.WithContext(context.WithValue(r.Context(), principalKey{}, p))
		}
		if err == nil {
			err = h(w, r, pg)
		}
		if err != nil {
			s.errorPage(w, r, pg, err)
		}
	}
}

// basePage is the layout's part of a page: language, person, path.
func (s *Server) basePage(r *http.Request, p principal, signedIn bool) *web.Page {
	chosen := ""
	if c, err := r.Cookie(langCookie); err == nil {
		chosen = c.Value
	}
	pg := &web.Page{Path: r.URL.Path}
	if signedIn {
		if p.person.Lang != "" {
			chosen = p.person.Lang
		}
		pg.Person = &web.Person{Name: p.person.Name, Email: p.person.Email}
	}
	pg.Lang = s.pages.Lang(chosen, r.Header.Get("Accept-Language"))
	s.pages.Prepare(pg)
	if key := r.URL.Query().Get("done"); doneMessages[key] && s.pages.HasMessage(key) && flashHolds(key, p, signedIn) {
		pg.Flash = key
	}
	return pg
}

// flashHolds checks a done message that states the person's sharing
// against what it is now.
func flashHolds(key string, p principal, signedIn bool) bool {
	switch key {
	case "sharing_started":
		return signedIn && p.person.ShareIndividual
	case "sharing_stopped":
		return signedIn && !p.person.ShareIndividual
	}
	return true
}

// fillPlaces adds the person's teams and organisations to the navigation,
// and keeps them with the principal for the page that needs them too.
func (s *Server) fillPlaces(ctx context.Context, pg *web.Page, p *principal) error {
	places, err := s.store.PlacesOf(ctx, p.person.ID)
	if err != nil {
		return err
	}
	p.places = places
	orgs := map[int64]bool{}
	for _, pl := range places {
		if pl.Role == klaver.RoleCoach && !orgs[pl.Org.ID] {
			orgs[pl.Org.ID] = true
			pg.Places = append(pg.Places, web.Place{Href: fmt.Sprintf("/orgs/%d", pl.Org.ID), Name: pl.Org.Name})
		}
		pg.Places = append(pg.Places, web.Place{Href: fmt.Sprintf("/teams/%d", pl.Team.ID), Name: pl.Team.Name})
	}
	return nil
}

// errorPage shows an error as a page with the error's status. Errors that
// are not klaver.Errors are logged and shown only as "something went
// wrong", as in the API.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, pg *web.Page, err error) {
	code := klaver.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	// The domain's messages are English: an English page shows them, a
	// Dutch one says the same in general words and adds them as details.
	data := web.ErrorData{Heading: pg.T("error_" + code), Message: klaver.ErrorMessage(err)}
	if pg.Lang != "en" {
		data.Message, data.Detail = pg.T("error_"+code+"_msg"), klaver.ErrorMessage(err)
	}
	if status == http.StatusInternalServerError && clientGone(w, r) {
		return
	}
	if status == http.StatusInternalServerError {
		s.log.ErrorContext(r.Context(), "page failed", "path", r.URL.Path, "error", err)
		data.Heading, data.Message, data.Detail = pg.T("error_internal"), pg.T("error_internal_msg"), ""
	}
	if err := s.render(w, status, "error", "title_error", pg, &data); err != nil {
		s.log.ErrorContext(r.Context(), "rendering the error page failed", "error", err)
	}
}

// render renders a page; a failure is returned before anything is sent,
// for the caller to show as an error page.
func (s *Server) render(w http.ResponseWriter, status int, name, title string, pg *web.Page, data any) error {
	pg.Title = title
	pg.Data = data
	return s.pages.Render(w, status, name, pg)
}

// doneMessages are the keys a form's redirect may show (see redirectDone);
// any other done= in an address is ignored, so that a link cannot make a
// page claim something that did not happen. A claim that depends on the
// person's state is checked where it is shown.
var doneMessages = map[string]bool{
	"delete_unconfirmed": true, "deleted": true, "feed_added": true, "feed_removed": true,
	"invite_mailed": true, "password_changed": true, "reset_mailed": true, "saved": true,
	"sharing_started": true, "sharing_stopped": true,
}

// redirectDone answers a form with a redirect to path, showing the
// message key there.
func redirectDone(w http.ResponseWriter, r *http.Request, path, key string) {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	http.Redirect(w, r, path+sep+"done="+url.QueryEscape(key), http.StatusSeeOther)
}

// localPath keeps a redirect target on this site: a path, not "//host".
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		return klaver.Errorf(klaver.ErrInvalid, "The form could not be read; send it again.")
	}
	return nil
}

func (s *Server) pageSignIn(w http.ResponseWriter, r *http.Request, pg *web.Page) error {
	if pg.Person != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	data := struct{ Next, Email string }{Next: localPath(r.URL.Query().Get("next"))}
	return s.render(w, http.StatusOK, "signin", "title_signin", pg, &data)
}

// pageSignInPost signs in from the form, with the API's rate limit.
func (s *Server) pageSignInPost(w http.ResponseWriter, r *http.Request, pg *web.Page) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	req := signInRequest{Email: r.PostForm.Get("email"), Password: r.PostForm.Get("password")}
	next := localPath(r.PostForm.Get("next"))
	data := struct{ Next, Email string }{Next: next, Email: req.Email}
	person, err := s.signIn(w, r, req)
	if errors.Is(err, errWrongPassword) {
		pg.Flash = "signin_wrong"
		return s.render(w, http.StatusUnauthorized, "signin", "title_signin", pg, &data)
	}
	if err != nil {
		return err
	}
	if err := s.startSession(w, r, person.ID); err != nil {
		return err
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) pageSignOut(w http.ResponseWriter, r *http.Request, _ *web.Page) error {
	p, _ := principalOf(r.Context())
	if p.sessionHash != "" {
		if err := s.store.DeleteSession(r.Context(), p.sessionHash); err != nil {
			return err
		}
	}
	http.SetCookie(w, s.cookie("", time.Time{}))
	http.Redirect(w, r, "/sign-in", http.StatusSeeOther)
	return nil
}

// pageInvitation shows what accepting asks for: a name and a new password
// for a new account; the password of the account the address has; nothing
// more for the invited person signed in; and signing out for someone else.
func (s *Server) pageInvitation(w http.ResponseWriter, r *http.Request, pg *web.Page) error {
	token := r.URL.Query().Get("t")
	inv, err := s.store.InvitationByToken(r.Context(), auth.HashToken(token))
	if err != nil {
		return err
	}
	data := struct {
		Token, Email, SignedInAs string
		Existing, Self           bool
	}{Token: token, Email: inv.Email}
	if p, ok := principalOf(r.Context()); ok {
		data.SignedInAs, data.Self = p.person.Email, p.person.Email == inv.Email
	} else if _, err := s.store.PersonByEmail(r.Context(), inv.Email); err == nil {
		data.Existing = true
	} else if klaver.ErrorCode(err) != klaver.ErrNotFound {
		return err
	}
	return s.render(w, http.StatusOK, "invitation", "title_invitation", pg, &data)
}

func (s *Server) pageInvitationPost(w http.ResponseWriter, r *http.Request, pg *web.Page) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	if _, err := s.acceptInvitation(w, r, f.Get("token"), f.Get("name"), f.Get("password")); err != nil {
		return err
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// pageLang stores the chosen language: on the person when signed in, in a
// cookie otherwise.
func (s *Server) pageLang(w http.ResponseWriter, r *http.Request, _ *web.Page) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	lang := r.PostForm.Get("lang")
	if lang != "nl" && lang != "en" {
		return klaver.Errorf(klaver.ErrInvalid, "Choose nl or en.")
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		Secure: s.secureCookie, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	if p, ok := principalOf(r.Context()); ok {
		p.person.Lang = lang
		if err := s.store.UpdatePerson(r.Context(), p.person); err != nil {
			return err
		}
	}
	http.Redirect(w, r, localPath(r.PostForm.Get("next")), http.StatusSeeOther)
	return nil
}

// figuresView is a figuresJSON ready for a page, with its charts.
type figuresView struct {
	Weeks      []weekJSON
	Total      *klaver.Figures
	Clients    []clientJSON
	StackChart template.HTML
	ShareChart template.HTML
}

// newFiguresView draws the charts of the weeks shown.
func newFiguresView(f figuresJSON, id, name, lang string) (figuresView, error) {
	v := figuresView{Weeks: f.Weeks, Total: f.Total, Clients: f.Clients}
	var shown []klaver.WeekFigures
	for _, w := range f.Weeks {
		if w.Figures != nil {
			shown = append(shown, klaver.WeekFigures{Week: w.Week, Figures: *w.Figures})
		}
	}
	if len(shown) == 0 {
		return v, nil
	}
	var err error
	if v.StackChart, err = report.StackChart(id, name, shown, lang); err != nil {
		return v, err
	}
	v.ShareChart, err = report.ShareChart(shown, f.MaxInternal, lang)
	return v, err
}

// seriesRow is a costly meeting on a page.
type seriesRow struct {
	Title                  string
	People                 int
	Minutes, WeeklyMinutes int64
	TotalWeekly            int64
}

func (s *Server) pageHome(w http.ResponseWriter, r *http.Request, pg *web.Page) error {
	ctx := r.Context()
	p, _ := principalOf(ctx)
	pg.Current = "home"
	f, err := s.personFigures(ctx, p.person.ID, 0, klaver.DefaultMaxInternal, "", "")
	if err != nil {
		return err
	}
	data := struct {
		Figures figuresView
		Series  []seriesRow
		Teams   []teamChoice
		Feeds   []feedRow
		Imports []importRow
		Share   bool
	}{Share: p.person.ShareIndividual}
	for _, pl := range p.places {
		if pl.Role != klaver.RoleCoach {
			data.Teams = append(data.Teams, teamChoice{ID: pl.Team.ID, Name: pl.Team.Name})
		}
	}
	// A coach who is in no team and has imported nothing has no weeks of
	// their own: their start is the organisation they guide.
	if len(data.Teams) == 0 && f.Total == nil && len(p.places) > 0 {
		http.Redirect(w, r, fmt.Sprintf("/orgs/%d", p.places[0].Org.ID), http.StatusSeeOther)
		return nil
	}
	if data.Figures, err = newFiguresView(f, "me", pg.Person.Display(), pg.Lang); err != nil {
		return err
	}
	series, err := s.store.PersonSeriesCost(ctx, p.person.ID, 10)
	if err != nil {
		return err
	}
	for _, sr := range series {
		data.Series = append(data.Series, seriesRow{Title: sr.Title, Minutes: klaver.Minutes(sr.Seconds), WeeklyMinutes: klaver.Minutes(sr.WeeklySeconds)})
	}
	if data.Feeds, err = s.feedRows(ctx, p.person.ID, pg); err != nil {
		return err
	}
	if data.Imports, err = s.importRows(ctx, p.person.ID, pg); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "home", "title_home", pg, &data)
}

// teamChoice is a team the member imports for.
type teamChoice struct {
	ID   int64
	Name string
}

// feedRow is a feed on the member's page.
type feedRow struct {
	ID                 int64
	Name, URL          string
	LastSuccess, Error string
}

func (s *Server) feedRows(ctx context.Context, personID int64, pg *web.Page) ([]feedRow, error) {
	feeds, err := s.store.FeedsOfPerson(ctx, personID)
	if err != nil {
		return nil, err
	}
	var rows []feedRow
	for _, f := range feeds {
		row := feedRow{ID: f.ID, Name: f.SourceName, URL: f.URLShown, Error: f.LastError}
		if !f.LastSuccessAt.IsZero() {
			row.LastSuccess = pg.Time(f.LastSuccessAt)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// importRow is an import on the member's page.
type importRow struct {
	Source, From, To, At string
	Skipped              int64
}

func (s *Server) importRows(ctx context.Context, personID int64, pg *web.Page) ([]importRow, error) {
	imports, err := s.store.ImportsOfPerson(ctx, personID)
	if err != nil {
		return nil, err
	}
	var rows []importRow
	for _, i := range imports {
		rows = append(rows, importRow{Source: i.SourceName, From: i.PeriodFrom, To: i.PeriodTo,
			At: pg.Time(i.ImportedAt), Skipped: i.Skipped})
	}
	return rows, nil
}

func (s *Server) pageSharing(w http.ResponseWriter, r *http.Request, _ *web.Page) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	p, _ := principalOf(r.Context())
	p.person.ShareIndividual = r.PostForm.Get("share") == "yes"
	if err := s.store.UpdatePerson(r.Context(), p.person); err != nil {
		return err
	}
	done := "sharing_stopped"
	if p.person.ShareIndividual {
		done = "sharing_started"
	}
	redirectDone(w, r, "/", done)
	return nil
}

func (s *Server) pageDeleteData(w http.ResponseWriter, r *http.Request, _ *web.Page) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if r.PostForm.Get("confirm") != "yes" {
		redirectDone(w, r, "/", "delete_unconfirmed")
		return nil
	}
	p, _ := principalOf(r.Context())
	if err := s.store.DeletePersonData(r.Context(), p.person.ID); err != nil {
		return err
	}
	redirectDone(w, r, "/", "deleted")
	return nil
}

// pageUpload imports the files of the form and shows each file's result.
func (s *Server) pageUpload(w http.ResponseWriter, r *http.Request, pg *web.Page) error {
	p, _ := principalOf(r.Context())
	results, err := s.importUpload(w, r)
	if err != nil {
		return err
	}
	back := "/"
	if p.team.Leader && r.URL.Query().Get("from") == "team" {
		back = fmt.Sprintf("/teams/%d", p.team.Team.ID)
	}
	data := struct {
		Files []importer.Result
		Back  string
	}{results, back}
	return s.render(w, http.StatusOK, "results", "title_results", pg, &data)
}

func (s *Server) pageFeedAdd(w http.ResponseWriter, r *http.Request, _ *web.Page) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	p, _ := principalOf(r.Context())
	if _, err := s.addFeed(r.Context(), p, r.PostForm.Get("url"), r.PostForm.Get("name")); err != nil {
		return err
	}
	redirectDone(w, r, "/", "feed_added")
	return nil
}

func (s *Server) pageFeedRemove(w http.ResponseWriter, r *http.Request, _ *web.Page) error {
	p, _ := principalOf(r.Context())
	id, err := pathID(r, "feed")
	if err != nil {
		return err
	}
	if err := s.store.DeleteFeed(r.Context(), p.person.ID, id); err != nil {
		return err
	}
	redirectDone(w, r, "/", "feed_removed")
	return nil
}

// memberRow is a member on the leader's page: figures only when shared.
type memberRow struct {
	Name, Role string
	Figures    *klaver.Figures
}

func (s *Server) pageTeam(w http.ResponseWriter, r *http.Request, pg *web.Page) error {
	ctx := r.Context()
	p, _ := principalOf(ctx)
	team := p.team.Team
	pg.Current = fmt.Sprintf("/teams/%d", team.ID)
	data := struct {
		Team            klaver.Team
		Figures         figuresView
		FiguresHTML     template.HTML
		MinContributors int
		Series          []seriesRow
		Leader, Coach   bool
		Members         []memberRow
		Registry        string
		InviteLink      string
		Invitations     []invitationJSON
	}{Team: team, MinContributors: p.team.MinContributors, Leader: p.team.Leader, Coach: p.team.Coach,
		InviteLink: r.URL.Query().Get("invite")}
	if !s.ownInvitation(r, p, data.InviteLink) {
		data.InviteLink = ""
	}
	// The figures, charts and tables are the same for every viewer of the
	// team until its sums change: they are rendered once per data version
	// and language.
	key := answerKey{route: "team page " + pg.Lang, team: team.ID, version: p.team.DataVersion,
		maxInternal: team.MaxInternal, minContributors: p.team.MinContributors}
	if a, ok := s.answers.get(key); ok {
		data.FiguresHTML = template.HTML(a.plain) // rendered by html/template below
	} else {
		f, err := s.teamFigures(ctx, team, p.team.MinContributors, "", "")
		if err != nil {
			return err
		}
		if data.Figures, err = newFiguresView(f, "team", team.Name, pg.Lang); err != nil {
			return err
		}
		if data.Series, err = s.teamSeriesRows(ctx, team.ID, p.team.MinContributors); err != nil {
			return err
		}
		pg.Data = &data
		if data.FiguresHTML, err = s.pages.Fragment("team", "teamfigures", pg); err != nil {
			return err
		}
		s.answers.put(key, answer{plain: []byte(data.FiguresHTML)})
	}
	if p.team.Leader {
		if err := s.fillLeaderView(ctx, team, &data.Members, &data.Registry); err != nil {
			return err
		}
	}
	if p.team.Leader || p.team.Coach {
		open, err := s.store.OpenInvitations(ctx, team.ID)
		if err != nil {
			return err
		}
		for _, inv := range open {
			data.Invitations = append(data.Invitations, toInvitationJSON(inv))
		}
	}
	return s.render(w, http.StatusOK, "team", "title_team", pg, &data)
}

// teamSeriesRows are the team meetings that cost the team most: with a
// title (only team meetings keep one) and at least the privacy minimum of
// people who imported them.
func (s *Server) teamSeriesRows(ctx context.Context, teamID int64, minimum int) ([]seriesRow, error) {
	series, err := s.store.TeamSeriesCost(ctx, teamID, 50)
	if err != nil {
		return nil, err
	}
	var rows []seriesRow
	for _, sr := range series {
		if sr.Title == "" || sr.People < minimum || len(rows) == 10 {
			continue
		}
		rows = append(rows, seriesRow{Title: sr.Title, People: sr.People, Minutes: klaver.Minutes(sr.Seconds),
			WeeklyMinutes: klaver.Minutes(sr.WeeklySeconds / int64(sr.People)), TotalWeekly: klaver.Minutes(sr.WeeklySeconds)})
	}
	return rows, nil
}

// fillLeaderView adds what only the leader sees: members, with the figures
// of those who share them, and the registry as CSV to edit.
func (s *Server) fillLeaderView(ctx context.Context, team klaver.Team, members *[]memberRow, registry *string) error {
	ms, err := s.store.MembersOfTeam(ctx, team.ID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		row := memberRow{Name: cmp.Or(m.Name, m.Email), Role: string(m.Role)}
		if m.ShareIndividual {
			f, err := s.personFigures(ctx, m.ID, team.ID, team.MaxInternal, "", "")
			if err != nil {
				return err
			}
			row.Figures = f.Total
		}
		*members = append(*members, row)
	}
	clients, err := s.store.Clients(ctx, team.ID)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("name,domains,aliases\n")
	for _, c := range clients {
		fmt.Fprintf(&b, "%s,%s,%s\n", csvField(c.Name), csvField(strings.Join(c.Domains, ";")), csvField(strings.Join(c.Aliases, ";")))
	}
	*registry = b.String()
	return nil
}

// csvField quotes a field when CSV needs it.
func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// pageTeamSettings saves the client statement and the registry, which is
// read with the audit's own registry reader.
func (s *Server) pageTeamSettings(w http.ResponseWriter, r *http.Request, _ *web.Page) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	p, _ := principalOf(r.Context())
	team := p.team.Team
	clients, err := audit.ReadRegistry(strings.NewReader(r.PostForm.Get("registry")), "clients")
	if err != nil {
		return klaver.Errorf(klaver.ErrInvalid, "The client list: %v", err)
	}
	team.ClientStatement = strings.TrimSpace(r.PostForm.Get("statement"))
	if err := s.store.UpdateTeam(r.Context(), team); err != nil {
		return err
	}
	if err := s.store.ReplaceClients(r.Context(), team.ID, clients); err != nil {
		return err
	}
	redirectDone(w, r, fmt.Sprintf("/teams/%d", team.ID), "saved")
	return nil
}

func (s *Server) pageInvite(w http.ResponseWriter, r *http.Request, pg *web.Page) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	p, _ := principalOf(r.Context())
	inv, err := s.invite(r.Context(), p, r.PostForm.Get("email"), r.PostForm.Get("role"), pg.Lang)
	if err != nil {
		return err
	}
	if inv.mailed {
		redirectDone(w, r, fmt.Sprintf("/teams/%d", p.team.Team.ID), "invite_mailed")
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/teams/%d?invite=%s", p.team.Team.ID, url.QueryEscape(inv.link)), http.StatusSeeOther)
	return nil
}

// orgTeamRow is a team in the coach's overview.
type orgTeamRow struct {
	ID          int64
	Name        string
	Total       *klaver.Figures
	Over, Shown int
	Trend       string
}

func (s *Server) pageOrg(w http.ResponseWriter, r *http.Request, pg *web.Page) error {
	ctx := r.Context()
	id, err := pathID(r, "org")
	if err != nil {
		return err
	}
	pg.Current = fmt.Sprintf("/orgs/%d", id)
	org, err := s.store.Organisation(ctx, id)
	if err != nil {
		return err
	}
	teams, err := s.store.TeamsOfOrganisation(ctx, id)
	if err != nil {
		return err
	}
	data := struct {
		Name  string
		Teams []orgTeamRow
	}{Name: org.Name}
	for _, t := range teams {
		weeks, err := s.store.TeamWeeks(ctx, t.ID, "", "")
		if err != nil {
			return err
		}
		ws, total, shown := figures(weeks, t.MaxInternal, org.MinContributors)
		row := orgTeamRow{ID: t.ID, Name: t.Name, Total: total, Shown: shown}
		var first, last *klaver.Figures
		for _, w := range ws {
			if w.Figures == nil {
				continue
			}
			if first == nil {
				first = w.Figures
			}
			last = w.Figures
			if w.Verdict == klaver.VerdictOver {
				row.Over++
			}
		}
		if first != nil {
			row.Trend = pg.T("trend_text", pg.Percent(first.InternalShare), pg.Percent(last.InternalShare))
		}
		data.Teams = append(data.Teams, row)
	}
	return s.render(w, http.StatusOK, "org", "title_org", pg, &data)
}

func (s *Server) pageNotFound(_ http.ResponseWriter, r *http.Request, _ *web.Page) error {
	return klaver.Errorf(klaver.ErrNotFound, "There is no page %s.", r.URL.Path)
}

func (s *Server) pageForgot(w http.ResponseWriter, _ *http.Request, pg *web.Page) error {
	data := struct{ Mailing bool }{Mailing: s.mailing()}
	return s.render(w, http.StatusOK, "forgot", "title_forgot", pg, &data)
}

// pageForgotPost mails a reset link to the address, if it has an account.
// The answer is the same either way, so that nobody learns which
// addresses have one.
func (s *Server) pageForgotPost(w http.ResponseWriter, r *http.Request, pg *web.Page) error {
	if !s.mailing() {
		return klaver.Errorf(klaver.ErrNotFound, "This server sends no mail; ask your administrator for a reset link.")
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	// Queuing a mail takes longer than finding no account; answering no
	// sooner than resetAnswerTime hides which happened.
	answer := time.Now().Add(resetAnswerTime)
	if err := s.mailResetLink(r, r.PostForm.Get("email"), pg.Lang); err != nil {
		return err
	}
	time.Sleep(time.Until(answer))
	redirectDone(w, r, "/sign-in", "reset_mailed")
	return nil
}

// resetAnswerTime is the least time an answer to "mail me a reset link"
// takes, whether the address has an account or not.
const resetAnswerTime = 250 * time.Millisecond

func (s *Server) pageReset(w http.ResponseWriter, r *http.Request, pg *web.Page) error {
	data := struct{ Token string }{Token: r.URL.Query().Get("t")}
	return s.render(w, http.StatusOK, "reset", "title_reset", pg, &data)
}

// pageResetPost sets a new password with a reset link and signs in.
func (s *Server) pageResetPost(w http.ResponseWriter, r *http.Request, _ *web.Page) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	pw := r.PostForm.Get("password")
	if len([]rune(pw)) < minPasswordLen {
		return klaver.Errorf(klaver.ErrInvalid, "Choose a password of at least %d characters; a few words make a good one.", minPasswordLen)
	}
	hash, err := s.hasher.Hash(pw)
	if err != nil {
		return err
	}
	person, err := s.store.ResetPassword(r.Context(), auth.HashToken(r.PostForm.Get("token")), hash)
	if err != nil {
		return err
	}
	if err := s.startSession(w, r, person.ID); err != nil {
		return err
	}
	redirectDone(w, r, "/", "password_changed")
	return nil
}

// ownInvitation reports whether link is a working invitation into the
// viewer's team that the viewer made: only then does the team page show
// it to pass on, so that a link from elsewhere cannot make the page
// present someone else's invitation, or any other text, as the viewer's.
func (s *Server) ownInvitation(r *http.Request, p principal, link string) bool {
	token, ok := strings.CutPrefix(link, s.invitationBase())
	if !ok || token == "" {
		return false
	}
	inv, err := s.store.InvitationByToken(r.Context(), auth.HashToken(token))
	return err == nil && inv.TeamID == p.team.Team.ID && inv.InvitedBy == p.person.ID
}
