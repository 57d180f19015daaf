package store

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klaver/klaver"
)

// scenario is one test of the store suite.
type scenario struct {
	name string
	run  func(t *testing.T, s *Store)
}

// scenarios is the store suite. Each scenario gets a fresh, migrated
// database and runs unchanged on every dialect.
var scenarios = []scenario{
	{"migrations apply twice", testMigrateTwice},
	{"no description column", testNoDescriptionColumn},
	{"e-mail addresses are unique in any case", testEmailConflict},
	{"memberships", testMemberships},
	{"re-import replaces", testReimportReplaces},
	{"failed import changes nothing", testFailedImport},
	{"invalid import is refused", testInvalidImport},
	{"series titles only for team meetings", testSeriesTitles},
	{"delete person data", testDeletePersonData},
	{"team weeks sum members", testTeamWeeks},
	{"concurrent imports", testConcurrentImports},
	{"private people of a team week", testPrivatePeople},
	{"deleting data withdraws it", testDeletingWithdraws},
}

func TestStore(t *testing.T) {
	for _, d := range dialects(t) {
		t.Run(d.Name, func(t *testing.T) {
			newDSN := d.Start(t)
			for _, sc := range scenarios {
				t.Run(sc.name, func(t *testing.T) {
					sc.run(t, openMigrated(t, newDSN(t)))
				})
			}
		})
	}
}

// TestConcurrentMigrate starts several servers on one new database at
// once: each must come up, and the schema must be applied once.
func TestConcurrentMigrate(t *testing.T) {
	for _, d := range dialects(t) {
		t.Run(d.Name, func(t *testing.T) {
			dsn := d.Start(t)(t)
			stores := make([]*Store, 3)
			for i := range stores {
				stores[i] = openStore(t, dsn)
			}
			errs := make([]error, len(stores))
			var wg sync.WaitGroup
			for i, s := range stores {
				wg.Go(func() { errs[i] = s.Migrate(context.Background()) })
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Error(err)
				}
			}
			names, err := migrationNames(stores[0].dialect)
			if err != nil {
				t.Fatal(err)
			}
			if n := count(t, stores[0], "SELECT COUNT(*) FROM schema_migrations"); n != len(names) {
				t.Errorf("schema_migrations has %d rows, want %d", n, len(names))
			}
		})
	}
}

// team is a fixture: an organisation with one team, its leader and two
// members.
type team struct {
	org      klaver.Organisation
	team     klaver.Team
	leader   klaver.Person
	ann, bob klaver.Person
}

func newTeam(t *testing.T, s *Store) team {
	t.Helper()
	ctx := context.Background()
	var f team
	var err error
	if f.org, err = s.CreateOrganisation(ctx, klaver.Organisation{Name: "Gemeente Utrecht", MinContributors: 3}); err != nil {
		t.Fatal(err)
	}
	if f.team, err = s.CreateTeam(ctx, klaver.Team{OrgID: f.org.ID, Name: "Vergunningen"}); err != nil {
		t.Fatal(err)
	}
	f.leader = addPerson(t, s, f.team.ID, "lea@utrecht.nl", klaver.RoleLeader)
	f.ann = addPerson(t, s, f.team.ID, "ann@utrecht.nl", klaver.RoleMember)
	f.bob = addPerson(t, s, f.team.ID, "bob@utrecht.nl", klaver.RoleMember)
	return f
}

func addPerson(t *testing.T, s *Store, teamID int64, email string, role klaver.Role) klaver.Person {
	t.Helper()
	ctx := context.Background()
	p, err := s.CreatePerson(ctx, klaver.Person{Email: email, Name: strings.Split(email, "@")[0], Lang: "nl"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if teamID != 0 {
		if err := s.AddMembership(ctx, klaver.Membership{PersonID: p.ID, TeamID: teamID, Role: role}); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func newImport(p klaver.Person, teamID int64, source string) Import {
	return Import{
		PersonID: p.ID, TeamID: teamID, SourceName: source, Kind: KindCalendar,
		SHA256: strings.Repeat("ab", 32), Bytes: 1234, ItemsRead: 10, Skipped: 1,
		ImportedAt: time.Date(2026, 1, 19, 8, 30, 15, 123_000_000, time.UTC),
		PeriodFrom: "2026-01-05", PeriodTo: "2026-01-18",
	}
}

// week builds a week's seconds: working time and client, internal for
// client, internal and own work time in hours.
func week(name string, working, client, forClient, internal, own int64) PersonWeek {
	w := PersonWeek{Week: name}
	w.Working = working * 3600
	w.Category[klaver.Client] = client * 3600
	w.Category[klaver.InternalForClient] = forClient * 3600
	w.Category[klaver.Internal] = internal * 3600
	w.Category[klaver.OwnWork] = own * 3600
	return w
}

func replace(t *testing.T, s *Store, imp Import, weeks []PersonWeek, clients []PersonWeekClient) int64 {
	t.Helper()
	id, err := s.ReplaceImport(context.Background(), imp, weeks, clients)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// weeksOf returns a person's weeks as the import gave them.
func weeksOf(t *testing.T, s *Store, personID int64) []PersonWeek {
	t.Helper()
	sums, err := s.PersonWeeks(context.Background(), personID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	var weeks []PersonWeek
	for _, w := range sums {
		weeks = append(weeks, PersonWeek{Week: w.Week, Seconds: w.Seconds})
	}
	return weeks
}

func count(t *testing.T, s *Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.read.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := klaver.ErrorCode(err); got != code {
		t.Fatalf("error code %q (%v), want %q", got, err, code)
	}
}

func testMigrateTwice(t *testing.T, s *Store) {
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("second migration: %v", err)
	}
	names, err := migrationNames(s.dialect)
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM schema_migrations"); n != len(names) {
		t.Errorf("schema_migrations has %d rows, want %d", n, len(names))
	}
}

// tables lists the tables of the schema from the database's own catalogue.
func tables(t *testing.T, s *Store) []string {
	t.Helper()
	query := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	if s.Dialect() == "postgres" {
		query = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
	}
	rows, err := s.read.QueryContext(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	return names
}

func columns(t *testing.T, s *Store, table string) []string {
	t.Helper()
	rows, err := s.read.QueryContext(context.Background(), "SELECT * FROM "+table+" LIMIT 0")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	return cols
}

func testNoDescriptionColumn(t *testing.T, s *Store) {
	names := tables(t, s)
	if len(names) < 12 {
		t.Fatalf("tables %v: schema incomplete", names)
	}
	for _, table := range names {
		for _, col := range columns(t, s, table) {
			if strings.Contains(col, "description") {
				t.Errorf("table %s has column %s: event descriptions are never stored", table, col)
			}
		}
	}
}

func testEmailConflict(t *testing.T, s *Store) {
	ctx := context.Background()
	ann, err := s.CreatePerson(ctx, klaver.Person{Email: " Ann@Example.ORG", Name: "Ann"}, "hash")
	if err != nil {
		t.Fatal(err)
	}
	if ann.Email != "ann@example.org" {
		t.Errorf("stored e-mail %q, want ann@example.org", ann.Email)
	}
	_, err = s.CreatePerson(ctx, klaver.Person{Email: "ann@example.org", Name: "Other Ann"}, "")
	wantCode(t, err, klaver.ErrConflict)
	got, err := s.PersonByEmail(ctx, "ANN@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if got != ann {
		t.Errorf("PersonByEmail = %+v, want %+v", got, ann)
	}
	_, err = s.PersonByEmail(ctx, "nobody@example.org")
	wantCode(t, err, klaver.ErrNotFound)
	_, err = s.CreatePerson(ctx, klaver.Person{Email: "not an address"}, "")
	wantCode(t, err, klaver.ErrInvalid)
}

func testMemberships(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	if err := s.AddMembership(ctx, klaver.Membership{PersonID: f.bob.ID, TeamID: f.team.ID, Role: klaver.RoleLeader}); err != nil {
		t.Fatalf("changing a role: %v", err)
	}
	members, err := s.MembersOfTeam(ctx, f.team.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range members {
		got = append(got, m.Email+" "+string(m.Role))
	}
	want := []string{"ann@utrecht.nl member", "bob@utrecht.nl leader", "lea@utrecht.nl leader"}
	if !slices.Equal(got, want) {
		t.Errorf("members %v, want %v", got, want)
	}
	for _, tc := range []struct {
		name string
		m    klaver.Membership
		code string
	}{
		{"unknown team", klaver.Membership{PersonID: f.ann.ID, TeamID: 999, Role: klaver.RoleMember}, klaver.ErrNotFound},
		{"unknown person", klaver.Membership{PersonID: 999, TeamID: f.team.ID, Role: klaver.RoleMember}, klaver.ErrNotFound},
		{"unknown role", klaver.Membership{PersonID: f.ann.ID, TeamID: f.team.ID, Role: "boss"}, klaver.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) { wantCode(t, s.AddMembership(ctx, tc.m), tc.code) })
	}
	_, err = s.MembersOfTeam(ctx, 999)
	wantCode(t, err, klaver.ErrNotFound)
	_, err = s.CreateTeam(ctx, klaver.Team{OrgID: f.org.ID, Name: "Vergunningen"})
	wantCode(t, err, klaver.ErrConflict)
}

func testReimportReplaces(t *testing.T, s *Store) {
	f := newTeam(t, s)
	imp := newImport(f.ann, f.team.ID, "ann.ics")
	first := replace(t, s, imp,
		[]PersonWeek{week("2026-W02", 40, 20, 5, 10, 5), week("2026-W03", 40, 10, 10, 10, 10)},
		[]PersonWeekClient{{"2026-W02", "Rabobank", 72000}, {"2026-W03", "Rabobank", 36000}})
	second := []PersonWeek{week("2026-W03", 32, 16, 4, 8, 4), week("2026-W04", 40, 30, 2, 4, 4)}
	id := replace(t, s, imp, second, []PersonWeekClient{{"2026-W04", "Gemeente Utrecht", 108000}})
	if id == first {
		t.Errorf("re-import kept id %d", id)
	}
	if got := weeksOf(t, s, f.ann.ID); !reflect.DeepEqual(got, second) {
		t.Errorf("weeks after re-import\n got %v\nwant %v", got, second)
	}
	imports, err := s.ImportsOfPerson(context.Background(), f.ann.ID)
	if err != nil {
		t.Fatal(err)
	}
	imp.ID = id
	if len(imports) != 1 || !reflect.DeepEqual(imports[0], imp) {
		t.Errorf("imports after re-import\n got %+v\nwant %+v", imports, imp)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM person_week_clients WHERE person_id = $1", f.ann.ID); n != 1 {
		t.Errorf("%d client rows, want 1", n)
	}
	// Another source of the same person adds up rather than replacing.
	other := newImport(f.ann, f.team.ID, "toggl.csv")
	other.Kind = KindTimesheet
	replace(t, s, other, []PersonWeek{week("2026-W04", 0, 2, 0, 0, 0)}, nil)
	got := weeksOf(t, s, f.ann.ID)
	if len(got) != 2 || got[1].Category[klaver.Client] != 32*3600 {
		t.Errorf("weeks with a second source: %v", got)
	}
}

func testFailedImport(t *testing.T, s *Store) {
	f := newTeam(t, s)
	imp := newImport(f.ann, f.team.ID, "ann.ics")
	before := []PersonWeek{week("2026-W02", 40, 20, 5, 10, 5)}
	firstID := replace(t, s, imp, before, []PersonWeekClient{{"2026-W02", "Rabobank", 72000}})
	negative := week("2026-W04", 40, 20, 5, 10, 5)
	negative.Category[klaver.Internal] = -1
	good := week("2026-W03", 40, 20, 5, 10, 5)
	for _, tc := range []struct {
		name    string
		imp     Import
		weeks   []PersonWeek
		clients []PersonWeekClient
		code    string
	}{
		{"negative seconds in the last week", imp, []PersonWeek{good, negative}, nil, klaver.ErrInvalid},
		{"the same week twice", imp, []PersonWeek{good, good}, nil, klaver.ErrConflict},
		{"a client in a week without figures", imp, []PersonWeek{good},
			[]PersonWeekClient{{"2026-W03", "Rabobank", 60}, {"2026-W09", "Rabobank", 60}}, klaver.ErrNotFound},
		{"an unknown team", Import{
			PersonID: f.ann.ID, TeamID: 999, SourceName: "ann.ics", Kind: KindCalendar, SHA256: imp.SHA256,
			PeriodFrom: "2026-01-01", PeriodTo: "2026-01-31"}, []PersonWeek{good}, nil, klaver.ErrNotFound},
		{"a hash that is no SHA-256", Import{
			PersonID: f.ann.ID, TeamID: f.team.ID, SourceName: "ann.ics", Kind: KindCalendar, SHA256: "abc",
			PeriodFrom: "2026-01-01", PeriodTo: "2026-01-31"}, []PersonWeek{good}, nil, klaver.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.ReplaceImport(context.Background(), tc.imp, tc.weeks, tc.clients)
			wantCode(t, err, tc.code)
			if got := weeksOf(t, s, f.ann.ID); !reflect.DeepEqual(got, before) {
				t.Errorf("weeks after a failed import\n got %v\nwant %v", got, before)
			}
			if n := count(t, s, "SELECT COUNT(*) FROM imports WHERE id = $1", firstID); n != 1 {
				t.Error("the earlier import is gone")
			}
			if n := count(t, s, "SELECT COUNT(*) FROM person_week_clients WHERE import_id = $1", firstID); n != 1 {
				t.Errorf("%d client rows of the earlier import, want 1", n)
			}
		})
	}
}

func testInvalidImport(t *testing.T, s *Store) {
	f := newTeam(t, s)
	good := newImport(f.ann, f.team.ID, "ann.ics")
	w := []PersonWeek{week("2026-W02", 1, 1, 0, 0, 0)}
	for _, tc := range []struct {
		name  string
		edit  func(*Import)
		weeks []PersonWeek
		code  string
	}{
		{"unknown person", func(i *Import) { i.PersonID = 999 }, w, klaver.ErrNotFound},
		{"no source name", func(i *Import) { i.SourceName = "" }, w, klaver.ErrInvalid},
		{"unknown kind", func(i *Import) { i.Kind = "mail" }, w, klaver.ErrInvalid},
		{"bad date", func(i *Import) { i.PeriodTo = "2026-13-01" }, w, klaver.ErrInvalid},
		{"period backwards", func(i *Import) { i.PeriodFrom = "2026-02-01" }, w, klaver.ErrInvalid},
		{"bad week", func(*Import) {}, []PersonWeek{week("2026-02", 1, 1, 0, 0, 0)}, klaver.ErrInvalid},
		{"week 54", func(*Import) {}, []PersonWeek{week("2026-W54", 1, 1, 0, 0, 0)}, klaver.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			imp := good
			tc.edit(&imp)
			_, err := s.ReplaceImport(context.Background(), imp, tc.weeks, nil)
			wantCode(t, err, tc.code)
		})
	}
	_, err := s.PersonWeeks(context.Background(), f.ann.ID, "2026-1", "")
	wantCode(t, err, klaver.ErrInvalid)
}

func testSeriesTitles(t *testing.T, s *Store) {
	f := newTeam(t, s)
	imp := newImport(f.ann, f.team.ID, "ann.ics")
	imp.Series = []Series{
		{UIDHash: strings.Repeat("1", 64), Title: "Teamoverleg", TeamMeeting: true, Seconds: 7200},
		{UIDHash: strings.Repeat("2", 64), Title: "Sollicitatie J. Jansen", Seconds: 3600},
	}
	id := replace(t, s, imp, nil, nil)
	rows, err := s.read.QueryContext(context.Background(),
		"SELECT COALESCE(title, '(none)') FROM series WHERE import_id = $1 ORDER BY uid_hash", id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var titles []string
	for rows.Next() {
		var title string
		if err := rows.Scan(&title); err != nil {
			t.Fatal(err)
		}
		titles = append(titles, title)
	}
	if want := []string{"Teamoverleg", "(none)"}; !slices.Equal(titles, want) {
		t.Errorf("stored titles %v, want %v", titles, want)
	}
}

// importData is an import of one person with rows in every table an import
// fills.
func importData(t *testing.T, s *Store, p klaver.Person, teamID int64, source string) int64 {
	t.Helper()
	imp := newImport(p, teamID, source)
	imp.Series = []Series{{UIDHash: strings.Repeat("f", 64), Title: "Standup", TeamMeeting: true, Seconds: 900}}
	return replace(t, s, imp,
		[]PersonWeek{week("2026-W02", 40, 20, 5, 10, 5), week("2026-W03", 40, 20, 5, 10, 5)},
		[]PersonWeekClient{{"2026-W02", "Rabobank", 3600}, {"2026-W03", "Rabobank", 3600}})
}

// accountTables hold a person's account, not imported data: deleting the
// data keeps them.
var accountTables = []string{"people", "memberships", "coach_assignments", "sessions", "api_tokens"}

func testDeletePersonData(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	annImports := []int64{importData(t, s, f.ann, f.team.ID, "ann.ics"), importData(t, s, f.ann, f.team.ID, "ann.csv")}
	importData(t, s, f.bob, f.team.ID, "bob.ics")
	bobBefore := weeksOf(t, s, f.bob.ID)
	if err := s.DeletePersonData(ctx, f.ann.ID); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, table := range tables(t, s) {
		cols := columns(t, s, table)
		if slices.Contains(accountTables, table) {
			continue
		}
		if slices.Contains(cols, "person_id") {
			checked++
			if n := count(t, s, "SELECT COUNT(*) FROM "+table+" WHERE person_id = $1", f.ann.ID); n != 0 {
				t.Errorf("%s: %d rows of the person remain", table, n)
			}
		}
		if slices.Contains(cols, "import_id") {
			checked++
			for _, id := range annImports {
				if n := count(t, s, "SELECT COUNT(*) FROM "+table+" WHERE import_id = $1", id); n != 0 {
					t.Errorf("%s: %d rows of import %d remain", table, n, id)
				}
			}
		}
	}
	if checked < 6 {
		t.Errorf("checked %d table columns, want every table of imported data", checked)
	}
	if got := weeksOf(t, s, f.bob.ID); !reflect.DeepEqual(got, bobBefore) {
		t.Errorf("another person's weeks changed: %v, want %v", got, bobBefore)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM series"); n != 1 {
		t.Errorf("%d series remain, want bob's 1", n)
	}
	if _, err := s.PersonByEmail(ctx, f.ann.Email); err != nil {
		t.Errorf("the account went with the data: %v", err)
	}
}

func testTeamWeeks(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	replace(t, s, newImport(f.ann, f.team.ID, "ann.ics"),
		[]PersonWeek{week("2026-W02", 40, 20, 5, 10, 5), week("2026-W03", 40, 10, 10, 10, 10)}, nil)
	replace(t, s, newImport(f.bob, f.team.ID, "bob.ics"),
		[]PersonWeek{week("2026-W03", 32, 16, 4, 8, 4), week("2026-W04", 8, 8, 0, 0, 0)}, nil)
	// Not counted: a person of another team, and one who left this team.
	other, err := s.CreateTeam(ctx, klaver.Team{OrgID: f.org.ID, Name: "Handhaving"})
	if err != nil {
		t.Fatal(err)
	}
	carol := addPerson(t, s, other.ID, "carol@utrecht.nl", klaver.RoleMember)
	replace(t, s, newImport(carol, other.ID, "carol.ics"), []PersonWeek{week("2026-W03", 40, 40, 0, 0, 0)}, nil)
	gone := addPerson(t, s, 0, "gone@utrecht.nl", "")
	replace(t, s, newImport(gone, f.team.ID, "gone.ics"), []PersonWeek{week("2026-W03", 40, 40, 0, 0, 0)}, nil)

	sum := func(ws ...PersonWeek) WeekSeconds {
		// Ann and Bob imported for themselves and do not share: no leader
		// knows their figures.
		out := WeekSeconds{Week: ws[0].Week, People: len(ws), Private: len(ws)}
		for _, w := range ws {
			out.Add(w.Seconds)
		}
		return out
	}
	all := []WeekSeconds{
		sum(week("2026-W02", 40, 20, 5, 10, 5)),
		sum(week("2026-W03", 40, 10, 10, 10, 10), week("2026-W03", 32, 16, 4, 8, 4)),
		sum(week("2026-W04", 8, 8, 0, 0, 0)),
	}
	for _, tc := range []struct{ from, to string }{{"", ""}, {"2026-W03", "2026-W03"}, {"2026-W03", ""}, {"", "2026-W02"}} {
		t.Run(fmt.Sprintf("%q to %q", tc.from, tc.to), func(t *testing.T) {
			got, err := s.TeamWeeks(ctx, f.team.ID, tc.from, tc.to)
			if err != nil {
				t.Fatal(err)
			}
			var want []WeekSeconds
			for _, w := range all {
				if (tc.from == "" || w.Week >= tc.from) && (tc.to == "" || w.Week <= tc.to) {
					want = append(want, w)
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("team weeks\n got %+v\nwant %+v", got, want)
			}
		})
	}
	_, err = s.TeamWeeks(ctx, 999, "", "")
	wantCode(t, err, klaver.ErrNotFound)
}

// testConcurrentImports imports from several goroutines at once, as
// several members uploading together would, while others read. On SQLite
// the single writer must queue them rather than fail with "database is
// locked"; on both, imports of the same source must not leave two.
func testConcurrentImports(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	people := []klaver.Person{f.ann, f.bob, f.leader}
	const workers, rounds = 6, 5
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds*2)
	for g := range workers {
		wg.Go(func() {
			p := people[g%len(people)]
			for r := range rounds {
				imp := newImport(p, f.team.ID, fmt.Sprintf("source-%d.ics", r%2))
				weeks := []PersonWeek{week("2026-W02", 40, int64(r), 0, 0, 0), week("2026-W03", 40, 1, 0, 0, 0)}
				if _, err := s.ReplaceImport(ctx, imp, weeks, nil); err != nil {
					errs <- err
				}
				if _, err := s.TeamWeeks(ctx, f.team.ID, "", ""); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, p := range people {
		if n := count(t, s, "SELECT COUNT(*) FROM imports WHERE person_id = $1", p.ID); n != 2 {
			t.Errorf("%s has %d imports, want one per source, 2", p.Email, n)
		}
	}
}

// A team week's private people are those whose figures no leader knows;
// what a leader imported, a member who shares, and the leader's own
// figures are known.
func testPrivatePeople(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	cas := addPerson(t, s, f.team.ID, "cas@utrecht.nl", klaver.RoleMember)
	w := []PersonWeek{week("2026-W02", 40, 20, 5, 10, 5)}
	own := func(p klaver.Person) Import {
		imp := newImport(p, f.team.ID, p.Email+".ics")
		imp.ImportedBy = p.ID
		return imp
	}
	replace(t, s, own(f.leader), w, nil)
	replace(t, s, own(f.ann), w, nil)
	replace(t, s, own(f.bob), w, nil)
	byLeader := newImport(cas, f.team.ID, "cas.ics")
	byLeader.ImportedBy = f.leader.ID
	replace(t, s, byLeader, w, nil)
	private := func() int {
		t.Helper()
		weeks, err := s.TeamWeeks(ctx, f.team.ID, "", "")
		if err != nil || len(weeks) != 1 || weeks[0].People != 4 {
			t.Fatalf("team weeks %+v, %v; want one week of four people", weeks, err)
		}
		return weeks[0].Private
	}
	if n := private(); n != 2 {
		t.Errorf("private people %d, want ann and bob", n)
	}
	// Bob starts sharing: only ann is private, and would be singled out.
	f.bob.ShareIndividual = true
	if err := s.UpdatePerson(ctx, f.bob); err != nil {
		t.Fatal(err)
	}
	if n := private(); n != 1 {
		t.Errorf("private people %d after bob shares, want ann alone", n)
	}
	clients, err := s.TeamClients(ctx, f.team.ID, "", "", 3)
	if err != nil || len(clients) != 0 {
		t.Errorf("clients of a week that singles out ann: %+v, %v; want none", clients, err)
	}
	// A leader who imports something for dan knows that, not what dan
	// imported himself: dan stays private.
	dan := addPerson(t, s, f.team.ID, "dan@utrecht.nl", klaver.RoleMember)
	replace(t, s, own(dan), w, nil)
	fake := newImport(dan, f.team.ID, "dan-by-lea.ics")
	fake.ImportedBy = f.leader.ID
	replace(t, s, fake, w, nil)
	weeks, err := s.TeamWeeks(ctx, f.team.ID, "", "")
	if err != nil || len(weeks) != 1 || weeks[0].People != 5 || weeks[0].Private != 2 {
		t.Errorf("team weeks %+v, %v; want five people, ann and dan private", weeks, err)
	}
}

// A member who deletes their data withdraws it, feeds included: someone
// else's import for them is refused until they import themselves.
func testDeletingWithdraws(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	w := []PersonWeek{week("2026-W02", 40, 20, 5, 10, 5)}
	byLeader := newImport(f.ann, f.team.ID, "ann.ics")
	byLeader.ImportedBy = f.leader.ID
	replace(t, s, byLeader, w, nil)
	if _, err := s.CreateFeed(ctx, Feed{PersonID: f.ann.ID, TeamID: f.team.ID, SourceName: "werk.ics", URLSealed: "sealed", URLShown: "https://…"}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeletePersonData(ctx, f.ann.ID); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM feeds WHERE person_id = $1", f.ann.ID); n != 0 {
		t.Errorf("%d feeds left after deleting the data", n)
	}
	_, err := s.ReplaceImport(ctx, byLeader, w, nil)
	wantCode(t, err, klaver.ErrForbidden)
	members, err := s.MembersOfTeam(ctx, f.team.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range members {
		if m.Withdrawn != (m.ID == f.ann.ID) {
			t.Errorf("%s withdrawn: %v", m.Email, m.Withdrawn)
		}
	}
	own := newImport(f.ann, f.team.ID, "ann.ics")
	own.ImportedBy = f.ann.ID
	replace(t, s, own, w, nil)
	// Allowed again, but not in place of what ann imported herself.
	_, err = s.ReplaceImport(ctx, byLeader, w, nil)
	wantCode(t, err, klaver.ErrConflict)
	if ok, err := s.OwnImport(ctx, f.ann.ID, "ann.ics"); err != nil || !ok {
		t.Errorf("ann's own import: %v, %v", ok, err)
	}
	byLeader.SourceName = "ann-export.ics"
	replace(t, s, byLeader, w, nil)
}
