package importer

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/examples"
	"github.com/klaver/klaver/internal/store"
	"github.com/klaver/klaver/internal/store/storetest"
	"github.com/klaver/klaver/internal/tz"
)

// fixture is a team whose members are the people of the examples.
type fixture struct {
	st     *store.Store
	im     *Importer
	team   klaver.Team
	leader klaver.Person
	people map[string]klaver.Person
}

func newFixture(t *testing.T, dsn string) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	org, err := st.CreateOrganisation(ctx, klaver.Organisation{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	team, err := st.CreateTeam(ctx, klaver.Team{OrgID: org.ID, Name: "Advies"})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{st: st, im: New(st, tz.NewDB()), team: team, people: map[string]klaver.Person{}}
	rep := examples.ServerAudit(t, "", examples.Dir())
	for i, p := range rep.People {
		role := klaver.RoleMember
		if i == 0 {
			role = klaver.RoleLeader
		}
		person, err := st.CreatePerson(ctx, klaver.Person{Email: p.Person}, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.AddMembership(ctx, klaver.Membership{PersonID: person.ID, TeamID: team.ID, Role: role}); err != nil {
			t.Fatal(err)
		}
		f.people[p.Person] = person
		if i == 0 {
			f.leader = person
		}
	}
	clients := examples.Registry(t)
	if err := st.ReplaceClients(ctx, team.ID, clients); err != nil {
		t.Fatal(err)
	}
	return f
}

func exampleFiles(t *testing.T) []File {
	t.Helper()
	entries, err := os.ReadDir(examples.Dir())
	if err != nil {
		t.Fatal(err)
	}
	var files []File
	for _, e := range entries {
		if name := e.Name(); (strings.HasSuffix(name, ".ics") || name == "toggl.csv") && !e.IsDir() {
			files = append(files, diskFile(t, examples.Path(name)))
		}
	}
	return files
}

func diskFile(t *testing.T, path string) File {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return File{Name: filepath.Base(path), Size: info.Size(), Open: func() (io.ReadCloser, error) { return os.Open(path) }}
}

func memFile(name, body string) File {
	return File{Name: name, Size: int64(len(body)), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(body)), nil
	}}
}

func TestImport(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			newDSN := d.Start(t)
			t.Run("figures equal the audit", func(t *testing.T) { testFiguresEqualAudit(t, newFixture(t, newDSN(t))) })
			t.Run("a member imports only their own", func(t *testing.T) { testMemberImportsOwn(t, newFixture(t, newDSN(t))) })
			t.Run("bad files", func(t *testing.T) { testBadFiles(t, newFixture(t, newDSN(t))) })
		})
	}
}

// The leader imports the examples; the stored figures, summed the way the
// server sums them, equal the audit of the same files to the minute.
func testFiguresEqualAudit(t *testing.T, f *fixture) {
	ctx := context.Background()
	results, err := f.im.Import(ctx, Request{TeamID: f.team.ID, By: f.leader, Leader: true, Files: exampleFiles(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if !r.OK() || len(r.People) == 0 {
			t.Fatalf("%s: %+v", r.File, r)
		}
	}
	rep := examples.ServerAudit(t, "", examples.Dir())
	for _, pr := range rep.People {
		weeks, err := f.st.PersonWeeks(ctx, f.people[pr.Person].ID, "", "")
		if err != nil {
			t.Fatal(err)
		}
		var total klaver.Seconds
		var got []klaver.WeekFigures
		for _, w := range weeks {
			got = append(got, klaver.WeekFigures{Week: w.Week, Figures: w.Figures(rep.MaxInternal)})
			total.Add(w.Seconds)
		}
		if !reflect.DeepEqual(got, pr.Weeks) {
			t.Errorf("%s weeks\n got %+v\nwant %+v", pr.Person, got, pr.Weeks)
		}
		if total.Figures(rep.MaxInternal) != pr.Figures {
			t.Errorf("%s total %+v, want %+v", pr.Person, total.Figures(rep.MaxInternal), pr.Figures)
		}
	}
	teamWeeks, err := f.st.TeamWeeks(ctx, f.team.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	var total klaver.Seconds
	for i, w := range teamWeeks {
		if w.Week != rep.Team.Weeks[i].Week || w.Figures(rep.MaxInternal) != rep.Team.Weeks[i].Figures {
			t.Errorf("team %s: %+v, want %+v", w.Week, w.Figures(rep.MaxInternal), rep.Team.Weeks[i])
		}
		if w.People != len(rep.People) {
			t.Errorf("team %s: %d contributors, want %d", w.Week, w.People, len(rep.People))
		}
		total.Add(w.Seconds)
	}
	if len(teamWeeks) != len(rep.Team.Weeks) || total.Figures(rep.MaxInternal) != rep.Team.Figures {
		t.Errorf("team total %+v over %d weeks, want %+v over %d", total.Figures(rep.MaxInternal), len(teamWeeks), rep.Team.Figures, len(rep.Team.Weeks))
	}
	clients, err := f.st.TeamClients(ctx, f.team.ID, "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	var gotClients []klaver.ClientMinutes
	for _, c := range clients {
		gotClients = append(gotClients, klaver.ClientMinutes{Client: c.Client, Minutes: klaver.Minutes(c.Seconds)})
	}
	sort.SliceStable(gotClients, func(i, j int) bool { return gotClients[i].Minutes > gotClients[j].Minutes })
	if !reflect.DeepEqual(gotClients, rep.Team.Clients) {
		t.Errorf("team clients\n got %+v\nwant %+v", gotClients, rep.Team.Clients)
	}

	// Importing the same files again replaces them: nothing doubles.
	if _, err := f.im.Import(ctx, Request{TeamID: f.team.ID, By: f.leader, Leader: true, Files: exampleFiles(t)}); err != nil {
		t.Fatal(err)
	}
	again, err := f.st.TeamWeeks(ctx, f.team.ID, "", "")
	if err != nil || !reflect.DeepEqual(again, teamWeeks) {
		t.Errorf("after a second import: %+v, %v; want %+v", again, err, teamWeeks)
	}
}

func testMemberImportsOwn(t *testing.T, f *fixture) {
	ctx := context.Background()
	koen := f.people["koen.verhoeven@acme.nl"]
	daan := f.people["daan.devries@acme.nl"]
	// A member's calendar is theirs, whatever its name says.
	cal := diskFile(t, examples.Path("linda.willems@acme.nl.ics"))
	results, err := f.im.Import(ctx, Request{TeamID: f.team.ID, By: koen, Files: []File{cal}})
	if err != nil {
		t.Fatal(err)
	}
	if !results[0].OK() || !reflect.DeepEqual(results[0].People, []string{koen.Email}) {
		t.Errorf("member's calendar: %+v", results[0])
	}
	// From a team's export, a member gets their own entries only.
	toggl := diskFile(t, examples.Path("toggl.csv"))
	results, err = f.im.Import(ctx, Request{TeamID: f.team.ID, By: daan, Files: []File{toggl}})
	if err != nil {
		t.Fatal(err)
	}
	r := results[0]
	if !r.OK() || !reflect.DeepEqual(r.People, []string{daan.Email}) || r.WarningsTotal != 3 {
		t.Errorf("member's export: people %v, %d warnings %v", r.People, r.WarningsTotal, r.Warnings)
	}
	imports, err := f.st.ImportsOfPerson(ctx, f.people["anna.gerritsen@acme.nl"].ID)
	if err != nil || len(imports) != 0 {
		t.Errorf("another member's entries were stored: %+v, %v", imports, err)
	}
}

func testBadFiles(t *testing.T, f *fixture) {
	ctx := context.Background()
	stranger := "BEGIN:VCALENDAR\r\nX-WR-CALNAME:eve@elsewhere.nl\r\nBEGIN:VEVENT\r\nUID:1\r\n" +
		"DTSTART:20260105T090000Z\r\nDTEND:20260105T100000Z\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	broken := "BEGIN:VCALENDAR\r\nX-WR-CALNAME:koen.verhoeven@acme.nl\r\nBEGIN:VEVENT\r\nUID:1\r\n" +
		"DTSTART:20261301T090000Z\r\nSUMMARY:x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:2\r\n" +
		"DTSTART:20260105T090000Z\r\nDTEND:20260105T100000Z\r\nSUMMARY:y\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	results, err := f.im.Import(ctx, Request{TeamID: f.team.ID, By: f.leader, Leader: true, Files: []File{
		memFile("eve.ics", stranger),
		memFile("koen.ics", broken),
		memFile("x.csv", "what,is,this\n1,2,3\n"),
		memFile("../etc.ics", broken),
	}})
	if err != nil {
		t.Fatal(err)
	}
	if results[0].OK() || !strings.Contains(results[0].Error.Message, "eve@elsewhere.nl") {
		t.Errorf("calendar of a non-member: %+v", results[0])
	}
	if !results[1].OK() || results[1].SkippedTotal != 1 || results[1].Skipped[0].Line != 5 {
		t.Errorf("calendar with a bad event: %+v", results[1])
	}
	if results[2].OK() || results[2].Error.Code != klaver.ErrInvalid {
		t.Errorf("unknown CSV: %+v", results[2])
	}
	if results[3].OK() {
		t.Errorf("a name with directories was accepted: %+v", results[3])
	}
	imports, err := f.st.ImportsOfPerson(ctx, f.people["koen.verhoeven@acme.nl"].ID)
	if err != nil || len(imports) != 1 || imports[0].Skipped != 1 {
		t.Errorf("koen's imports = %+v, %v; want the one good file", imports, err)
	}
	_, err = f.im.Import(ctx, Request{TeamID: 999, By: f.leader, Leader: true})
	if klaver.ErrorCode(err) != klaver.ErrNotFound {
		t.Errorf("import into a missing team: %v", err)
	}
}
