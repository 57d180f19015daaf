package store

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/klaver/klaver"
)

func init() {
	scenarios = append(scenarios, []scenario{
		{"working time counts once per person", testWorkingOncePerPerson},
		{"client registry", testClientRegistry},
		{"team settings", testTeamSettings},
		{"team access", testTeamAccess},
		{"team clients and series", testTeamClientsAndSeries},
		{"organisation weeks", testOrgWeeks},
		{"privacy minimum", testPrivacyMinimum},
		{"multi-person import is one transaction", testReplaceImportsAtomic},
	}...)
}

// Two calendars of one person give the week's working time once; tracked
// time adds to it, as in the audit.
func testWorkingOncePerPerson(t *testing.T, s *Store) {
	f := newTeam(t, s)
	replace(t, s, newImport(f.ann, f.team.ID, "work.ics"), []PersonWeek{week("2026-W02", 40, 10, 0, 5, 0)}, nil)
	replace(t, s, newImport(f.ann, f.team.ID, "private.ics"), []PersonWeek{week("2026-W02", 40, 0, 0, 2, 0)}, nil)
	tracked := week("2026-W02", 6, 6, 0, 0, 0)
	tracked.Tracked = 6 * 3600
	ts := newImport(f.ann, f.team.ID, "toggl.csv")
	ts.Kind = KindTimesheet
	replace(t, s, ts, []PersonWeek{tracked}, nil)
	got := weeksOf(t, s, f.ann.ID)
	if len(got) != 1 || got[0].Working != 46*3600 || got[0].Category[klaver.Client] != 16*3600 || got[0].Category[klaver.Internal] != 7*3600 {
		t.Errorf("weeks = %+v, want working 46 h (40 once + 6 tracked), client 16 h, internal 7 h", got)
	}
	tw, err := s.TeamWeeks(context.Background(), f.team.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(tw) != 1 || tw[0].Working != 46*3600 || tw[0].People != 1 {
		t.Errorf("team weeks = %+v, want one person with 46 h", tw)
	}
	// Every change of the sums counts up the team's data version, which
	// servers use to know that what they cached is stale.
	before, err := s.TeamAccessOf(context.Background(), f.ann.ID, f.team.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeletePersonData(context.Background(), f.ann.ID); err != nil {
		t.Fatal(err)
	}
	after, err := s.TeamAccessOf(context.Background(), f.ann.ID, f.team.ID)
	if err != nil || after.DataVersion <= before.DataVersion {
		t.Errorf("data version %d after deleting, %d before (%v)", after.DataVersion, before.DataVersion, err)
	}
	if tw, _ := s.TeamWeeks(context.Background(), f.team.ID, "", ""); len(tw) != 0 {
		t.Errorf("team weeks after deleting the only member's data: %+v", tw)
	}
}

func testClientRegistry(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	want := []klaver.ClientRecord{
		{Name: "Gemeente Utrecht", Domains: []string{"utrecht.nl"}, Aliases: []string{"GU", "gemeente"}},
		{Name: "Rabobank", Domains: []string{"rabobank.nl", "rabobank.com"}, Aliases: []string{}},
	}
	if err := s.ReplaceClients(ctx, f.team.ID, want); err != nil {
		t.Fatal(err)
	}
	got, err := s.Clients(ctx, f.team.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("clients\n got %+v\nwant %+v", got, want)
	}
	// A bad registry changes nothing.
	bad := []klaver.ClientRecord{{Name: "ABN AMRO"}, {Name: "ABN AMRO"}}
	wantCode(t, s.ReplaceClients(ctx, f.team.ID, bad), klaver.ErrConflict)
	wantCode(t, s.ReplaceClients(ctx, f.team.ID, []klaver.ClientRecord{{Name: " "}}), klaver.ErrInvalid)
	wantCode(t, s.ReplaceClients(ctx, f.team.ID, []klaver.ClientRecord{{Name: "X", Aliases: []string{"a\nb"}}}), klaver.ErrInvalid)
	wantCode(t, s.ReplaceClients(ctx, 999, nil), klaver.ErrNotFound)
	if got, _ := s.Clients(ctx, f.team.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("a refused registry changed the clients to %+v", got)
	}
}

func testTeamSettings(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	got, err := s.Team(ctx, f.team.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.TZ != "Europe/Amsterdam" || got.HoursPerDay != 8 || got.Workdays != "mon-fri" || got.MaxInternal != 0.25 {
		t.Errorf("new team settings = %+v, want the audit's defaults", got)
	}
	got.ClientStatement = "Onze klant is de inwoner van Utrecht."
	got.HoursPerDay, got.Workdays, got.TZ = 7.2, "mon-thu", "Europe/Brussels"
	if err := s.UpdateTeam(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, err := s.Team(ctx, f.team.ID)
	if err != nil || again != got {
		t.Errorf("after update: %+v, %v; want %+v", again, err, got)
	}
	got.HoursPerDay = 25
	wantCode(t, s.UpdateTeam(ctx, got), klaver.ErrInvalid)
	wantCode(t, s.UpdateTeam(ctx, klaver.Team{ID: 999, Name: "x"}), klaver.ErrNotFound)
	_, err = s.CreateOrganisation(ctx, klaver.Organisation{Name: "Te klein", MinContributors: 2})
	wantCode(t, err, klaver.ErrInvalid)
	o, err := s.CreateOrganisation(ctx, klaver.Organisation{Name: "Standaard"})
	if err != nil || o.MinContributors != klaver.DefaultMinContributors {
		t.Errorf("default minimum = %d, %v; want %d", o.MinContributors, err, klaver.DefaultMinContributors)
	}
}

func testTeamAccess(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	coach := addPerson(t, s, 0, "coach@klaver.example", "")
	if err := s.AssignCoach(ctx, coach.ID, f.org.ID); err != nil {
		t.Fatal(err)
	}
	otherOrg, err := s.CreateOrganisation(ctx, klaver.Organisation{Name: "Rabobank"})
	if err != nil {
		t.Fatal(err)
	}
	otherTeam, err := s.CreateTeam(ctx, klaver.Team{OrgID: otherOrg.ID, Name: "Zakelijk"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		who  klaver.Person
		team int64
		want TeamAccess
	}{
		{f.leader, f.team.ID, TeamAccess{Leader: true, Member: true}},
		{f.ann, f.team.ID, TeamAccess{Member: true}},
		{coach, f.team.ID, TeamAccess{Coach: true}},
		{coach, otherTeam.ID, TeamAccess{}},
		{f.leader, otherTeam.ID, TeamAccess{}},
	}
	for _, tc := range cases {
		got, err := s.TeamAccessOf(ctx, tc.who.ID, tc.team)
		if err == nil && (got.Team.ID != tc.team || got.MinContributors < 3) {
			t.Errorf("%s in team %d: team %+v, minimum %d", tc.who.Email, tc.team, got.Team, got.MinContributors)
		}
		got.Team, got.MinContributors, got.DataVersion = klaver.Team{}, 0, 0
		if err != nil || got != tc.want {
			t.Errorf("%s in team %d: %+v, %v; want %+v", tc.who.Email, tc.team, got, err, tc.want)
		}
	}
	_, err = s.TeamAccessOf(ctx, f.ann.ID, 999)
	wantCode(t, err, klaver.ErrNotFound)
	places, err := s.PlacesOf(ctx, coach.ID)
	if err != nil || len(places) != 1 || places[0].Role != klaver.RoleCoach || places[0].Team.ID != f.team.ID {
		t.Errorf("coach's places = %+v, %v", places, err)
	}
	if ok, err := s.CoachOf(ctx, coach.ID, otherOrg.ID); ok || err != nil {
		t.Errorf("coach of another organisation: %v, %v", ok, err)
	}
}

func testTeamClientsAndSeries(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	sync := strings.Repeat("a", 64)
	private := strings.Repeat("b", 64)
	ann := newImport(f.ann, f.team.ID, "ann.ics")
	ann.Weeks = 2
	ann.Series = []Series{{UIDHash: sync, Title: "Weekly sync", TeamMeeting: true, Seconds: 2 * 3600},
		{UIDHash: private, Title: "Coaching Bob", Seconds: 3 * 3600}}
	replace(t, s, ann, []PersonWeek{week("2026-W02", 40, 20, 5, 10, 5), week("2026-W03", 40, 20, 5, 10, 5)},
		[]PersonWeekClient{{"2026-W02", "Rabobank", 3600}, {"2026-W03", "Rabobank", 7200}, {"2026-W03", "ABN AMRO", 60}})
	bob := newImport(f.bob, f.team.ID, "bob.ics")
	bob.Weeks = 1
	bob.Series = []Series{{UIDHash: sync, Title: "Weekly sync", TeamMeeting: true, Seconds: 3600}}
	replace(t, s, bob, []PersonWeek{week("2026-W03", 40, 20, 5, 10, 5)}, []PersonWeekClient{{"2026-W03", "Rabobank", 600}})

	clients, err := s.TeamClients(ctx, f.team.ID, "2026-W03", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []ClientSeconds{{"Rabobank", 7800}, {"ABN AMRO", 60}}
	if !reflect.DeepEqual(clients, want) {
		t.Errorf("clients = %+v, want %+v", clients, want)
	}
	// Weeks with fewer contributors than asked are left out: W02 had one.
	clients, err = s.TeamClients(ctx, f.team.ID, "", "", 2)
	want = []ClientSeconds{{"Rabobank", 7800}, {"ABN AMRO", 60}}
	if err != nil || !reflect.DeepEqual(clients, want) {
		t.Errorf("clients of weeks with 2 contributors = %+v, %v; want %+v", clients, err, want)
	}
	series, err := s.TeamSeriesCost(ctx, f.team.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	wantSeries := []TeamSeries{{Title: "", People: 1, Seconds: 3 * 3600, WeeklySeconds: 5400},
		{Title: "Weekly sync", People: 2, Seconds: 3 * 3600, WeeklySeconds: 3600 + 3600}}
	if !reflect.DeepEqual(series, wantSeries) {
		t.Errorf("series = %+v, want %+v", series, wantSeries)
	}
	mine, err := s.PersonClients(ctx, f.ann.ID, 0, "", "")
	if err != nil || len(mine) != 2 || mine[0].Seconds != 10800 {
		t.Errorf("ann's clients = %+v, %v", mine, err)
	}
}

func testOrgWeeks(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	other, err := s.CreateTeam(ctx, klaver.Team{OrgID: f.org.ID, Name: "Handhaving"})
	if err != nil {
		t.Fatal(err)
	}
	carol := addPerson(t, s, other.ID, "carol@utrecht.nl", klaver.RoleMember)
	replace(t, s, newImport(f.ann, f.team.ID, "ann.ics"), []PersonWeek{week("2026-W02", 40, 20, 5, 10, 5)}, nil)
	replace(t, s, newImport(carol, other.ID, "carol.ics"), []PersonWeek{week("2026-W02", 32, 30, 0, 2, 0)}, nil)
	got, err := s.OrgWeeks(ctx, f.org.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Working != 72*3600 || got[0].Category[klaver.Client] != 50*3600 || got[0].People != 2 {
		t.Errorf("organisation weeks = %+v, want both teams summed", got)
	}
}

// The store counts contributors per week; the minimum is applied by those
// who show figures, but it must be there to apply.
func testPrivacyMinimum(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	org, err := s.Organisation(ctx, f.org.ID)
	if err != nil || org.MinContributors != 3 {
		t.Fatalf("organisation = %+v, %v", org, err)
	}
	replace(t, s, newImport(f.ann, f.team.ID, "ann.ics"), []PersonWeek{week("2026-W02", 40, 20, 5, 10, 5)}, nil)
	tw, err := s.TeamWeeks(ctx, f.team.ID, "", "")
	if err != nil || len(tw) != 1 || tw[0].People != 1 {
		t.Errorf("team weeks = %+v, %v; want 1 contributor", tw, err)
	}
}

func testReplaceImportsAtomic(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	good := ImportData{Import: newImport(f.ann, f.team.ID, "toggl.csv"), Weeks: []PersonWeek{week("2026-W02", 8, 8, 0, 0, 0)}}
	missing := ImportData{Import: newImport(klaver.Person{ID: 999}, f.team.ID, "toggl.csv"), Weeks: []PersonWeek{week("2026-W02", 8, 8, 0, 0, 0)}}
	_, err := s.ReplaceImports(ctx, []ImportData{good, missing})
	wantCode(t, err, klaver.ErrNotFound)
	if n := count(t, s, "SELECT COUNT(*) FROM imports"); n != 0 {
		t.Errorf("%d imports after a failed multi-person import, want 0", n)
	}
	ids, err := s.ReplaceImports(ctx, []ImportData{good, {Import: newImport(f.bob, f.team.ID, "toggl.csv")}})
	if err != nil || len(ids) != 2 {
		t.Fatalf("ReplaceImports = %v, %v", ids, err)
	}
}

func init() {
	scenarios = append(scenarios, []scenario{
		{"invitations", testInvitations},
		{"expired sessions", testExpiredSessions},
	}...)
}

func testInvitations(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	future := time.Now().Add(time.Hour)
	if err := s.CreateInvitation(ctx, Invitation{TeamID: f.team.ID, Email: " Nieuw@Utrecht.nl", Role: klaver.RoleMember, InvitedBy: f.leader.ID, Expires: future}, "h1", nil); err != nil {
		t.Fatal(err)
	}
	inv, err := s.InvitationByToken(ctx, "h1")
	if err != nil || inv.Email != "nieuw@utrecht.nl" || inv.TeamID != f.team.ID || inv.Role != klaver.RoleMember || inv.InvitedBy != f.leader.ID {
		t.Fatalf("invitation by token = %+v, %v", inv, err)
	}
	_, err = s.AcceptInvitation(ctx, "h1", 0, "Nieuw", "")
	wantCode(t, err, klaver.ErrInvalid) // a new account needs a password
	_, err = s.AcceptInvitation(ctx, "h1", f.bob.ID, "", "")
	wantCode(t, err, klaver.ErrForbidden) // not bob's invitation
	p, err := s.AcceptInvitation(ctx, "h1", 0, "Nieuw", "hash")
	if err != nil || p.Email != "nieuw@utrecht.nl" {
		t.Fatalf("accept = %+v, %v", p, err)
	}
	if a, err := s.TeamAccessOf(ctx, p.ID, f.team.ID); err != nil || !a.Member || a.Leader {
		t.Errorf("access after accepting = %+v, %v", a, err)
	}
	_, err = s.AcceptInvitation(ctx, "h1", 0, "Nieuw", "hash")
	wantCode(t, err, klaver.ErrNotFound) // used once
	_, err = s.InvitationByToken(ctx, "h1")
	wantCode(t, err, klaver.ErrNotFound)
	// An existing account is never taken over with a link: it is accepted
	// as that account, which the caller has made sure of.
	if err := s.CreateInvitation(ctx, Invitation{TeamID: f.team.ID, Email: f.ann.Email, Role: klaver.RoleLeader, Expires: future}, "h2", nil); err != nil {
		t.Fatal(err)
	}
	_, err = s.AcceptInvitation(ctx, "h2", 0, "Ann", "hash")
	wantCode(t, err, klaver.ErrConflict)
	if p, err := s.AcceptInvitation(ctx, "h2", f.ann.ID, "", ""); err != nil || p.ID != f.ann.ID {
		t.Errorf("existing person: %+v, %v", p, err)
	}
	if a, _ := s.TeamAccessOf(ctx, f.ann.ID, f.team.ID); !a.Leader {
		t.Errorf("ann is not leader after accepting: %+v", a)
	}
	// A coach of the organisation cannot join its teams.
	coach := addPerson(t, s, 0, "cas@coaching.nl", "")
	if err := s.AssignCoach(ctx, coach.ID, f.org.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateInvitation(ctx, Invitation{TeamID: f.team.ID, Email: coach.Email, Role: klaver.RoleLeader, Expires: future}, "h6", nil); err != nil {
		t.Fatal(err)
	}
	_, err = s.AcceptInvitation(ctx, "h6", coach.ID, "", "")
	wantCode(t, err, klaver.ErrForbidden)
	if a, _ := s.TeamAccessOf(ctx, coach.ID, f.team.ID); a.Member || a.Leader {
		t.Errorf("the coach joined the team: %+v", a)
	}
	if err := s.CreateInvitation(ctx, Invitation{TeamID: f.team.ID, Email: "late@utrecht.nl", Role: klaver.RoleMember, Expires: time.Now().Add(-time.Minute)}, "h3", nil); err != nil {
		t.Fatal(err)
	}
	_, err = s.AcceptInvitation(ctx, "h3", 0, "Late", "hash")
	wantCode(t, err, klaver.ErrNotFound)
	wantCode(t, s.CreateInvitation(ctx, Invitation{TeamID: f.team.ID, Email: "x@y.nl", Role: klaver.RoleCoach, Expires: future}, "h4", nil), klaver.ErrInvalid)
	wantCode(t, s.CreateInvitation(ctx, Invitation{TeamID: 999, Email: "x@y.nl", Role: klaver.RoleMember, Expires: future}, "h5", nil), klaver.ErrNotFound)
}

func testExpiredSessions(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	if err := s.CreateSession(ctx, f.ann.ID, "old", time.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, f.ann.ID, "new", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	n, err := s.DeleteExpiredSessions(ctx)
	if err != nil || n != 1 {
		t.Errorf("deleted %d, %v; want 1", n, err)
	}
	if _, err := s.PersonBySession(ctx, "new"); err != nil {
		t.Errorf("the live session went: %v", err)
	}
}

func init() {
	scenarios = append(scenarios, scenario{"password reset", testPasswordReset})
}

func testPasswordReset(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	if err := s.CreateSession(ctx, f.ann.ID, "session", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateAPIToken(ctx, f.ann.ID, "script", "token"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.TeamAccessByToken(ctx, "token", f.team.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.CreatePasswordReset(ctx, f.ann.ID, "r1", time.Now().Add(time.Hour), nil); err != nil {
		t.Fatal(err)
	}
	p, err := s.ResetPassword(ctx, "r1", "new hash")
	if err != nil || p.ID != f.ann.ID || p.Email != f.ann.Email {
		t.Fatalf("reset = %+v, %v", p, err)
	}
	if h, _ := s.PasswordHash(ctx, f.ann.ID); h != "new hash" {
		t.Errorf("password hash after reset = %q", h)
	}
	if _, err := s.PersonBySession(ctx, "session"); klaver.ErrorCode(err) != klaver.ErrUnauthorized {
		t.Errorf("the old session survived the reset: %v", err)
	}
	// A token made by whoever knew the old password goes too.
	if _, _, err := s.TeamAccessByToken(ctx, "token", f.team.ID); klaver.ErrorCode(err) != klaver.ErrUnauthorized {
		t.Errorf("the API token survived the reset: %v", err)
	}
	_, err = s.ResetPassword(ctx, "r1", "again")
	wantCode(t, err, klaver.ErrNotFound)
	if err := s.CreatePasswordReset(ctx, f.ann.ID, "r2", time.Now().Add(-time.Second), nil); err != nil {
		t.Fatal(err)
	}
	_, err = s.ResetPassword(ctx, "r2", "late")
	wantCode(t, err, klaver.ErrNotFound)
}

func init() {
	scenarios = append(scenarios, scenario{"team access by API token", testTeamAccessByToken})
}

// The one-query access of a script equals the two queries it replaces.
func testTeamAccessByToken(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	if _, err := s.CreateAPIToken(ctx, f.leader.ID, "script", "leader-token"); err != nil {
		t.Fatal(err)
	}
	p, a, err := s.TeamAccessByToken(ctx, "leader-token", f.team.ID)
	if err != nil {
		t.Fatal(err)
	}
	want, err := s.TeamAccessOf(ctx, f.leader.ID, f.team.ID)
	if err != nil || a != want || p.ID != f.leader.ID || p.Email != f.leader.Email {
		t.Errorf("by token: %+v %+v, %v; by person: %+v", p, a, err, want)
	}
	_, _, err = s.TeamAccessByToken(ctx, "no-such-token", f.team.ID)
	wantCode(t, err, klaver.ErrUnauthorized)
	_, _, err = s.TeamAccessByToken(ctx, "leader-token", 999)
	wantCode(t, err, klaver.ErrNotFound)
}
