// Package demo seeds a new database with an organisation to look around
// in: a coach, three teams and their members with twelve weeks of
// generated calendars, imported the way an upload is. It exists for
// `klaver serve --demo`; nothing in it is real.
package demo

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"time"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/civil"
	"github.com/klaver/klaver/internal/gen"
	"github.com/klaver/klaver/internal/importer"
	"github.com/klaver/klaver/internal/store"
	"github.com/klaver/klaver/internal/tz"
)

// SignIn is an account of the demo.
type SignIn struct {
	Role  klaver.Role
	Team  string // empty for the coach
	Email string
	Name  string
}

// Result is what the demo holds: who can sign in, all with Password.
type Result struct {
	Password string
	SignIns  []SignIn
	Teams    []klaver.Team
}

// CoachEmail is the demo coach's address.
const CoachEmail = "coach@demo.klaver.example"

// teams are the demo's teams: which generated teams make each one, and
// its working hours. The part-time team's fewer hours make the same
// meetings a larger share of its week, so that one team is over 25%.
var teams = []struct {
	name        string
	gen         []int
	hoursPerDay float64
}{
	{"Advies", []int{0, 3}, 8},
	{"Projecten", []int{1}, 8},
	{"Klantcontact", []int{2}, 5},
}

// Weeks is how many weeks of calendars the demo imports.
const Weeks = 12

// Seed fills st, which must be new and migrated. hash makes the stored
// form of the demo password. start is the Monday of the first week.
func Seed(ctx context.Context, st *store.Store, hash func(string) (string, error), start civil.Date) (*Result, error) {
	password, err := newPassword()
	if err != nil {
		return nil, err
	}
	pwHash, err := hash(password)
	if err != nil {
		return nil, err
	}
	res := &Result{Password: password}
	org, err := st.CreateOrganisation(ctx, klaver.Organisation{Name: "Acme (demo)"})
	if err != nil {
		return nil, err
	}
	coach, err := st.CreatePerson(ctx, klaver.Person{Email: CoachEmail, Name: "Carla Coach", Lang: "nl"}, pwHash)
	if err != nil {
		return nil, err
	}
	if err := st.AssignCoach(ctx, coach.ID, org.ID); err != nil {
		return nil, err
	}
	res.SignIns = append(res.SignIns, SignIn{Role: klaver.RoleCoach, Email: coach.Email, Name: coach.Name})
	im := importer.New(st, tz.NewDB())
	cfg := gen.Config{People: 1, Weeks: Weeks, Start: start, Seed: 7}
	for _, spec := range teams {
		team, err := seedTeam(ctx, st, im, org.ID, spec.name, spec.hoursPerDay, spec.gen, cfg, pwHash, res)
		if err != nil {
			return nil, fmt.Errorf("demo team %s: %w", spec.name, err)
		}
		res.Teams = append(res.Teams, team)
	}
	return res, nil
}

func seedTeam(ctx context.Context, st *store.Store, im *importer.Importer, orgID int64, name string, hours float64,
	genTeams []int, cfg gen.Config, pwHash string, res *Result) (klaver.Team, error) {
	team, err := st.CreateTeam(ctx, klaver.Team{OrgID: orgID, Name: name, HoursPerDay: hours,
		ClientStatement: "de opdrachtgevers die onze rekeningen betalen."})
	if err != nil {
		return team, err
	}
	if err := st.ReplaceClients(ctx, team.ID, gen.Clients()); err != nil {
		return team, err
	}
	var files []importer.File
	var leader klaver.Person
	for _, index := range genTeams {
		g, err := gen.NewTeam(cfg, index)
		if err != nil {
			return team, err
		}
		for seat, m := range g.Members {
			role := klaver.RoleMember
			if leader.ID == 0 {
				role = klaver.RoleLeader
			}
			p, err := st.CreatePerson(ctx, klaver.Person{Email: m.Email, Name: m.Name, Lang: "nl",
				ShareIndividual: seat%2 == 1}, pwHash)
			if err != nil {
				return team, err
			}
			if err := st.AddMembership(ctx, klaver.Membership{PersonID: p.ID, TeamID: team.ID, Role: role}); err != nil {
				return team, err
			}
			if role == klaver.RoleLeader {
				leader = p
				res.SignIns = append(res.SignIns, SignIn{Role: role, Team: name, Email: p.Email, Name: p.Name})
			} else if seat == 1 && index == genTeams[0] {
				res.SignIns = append(res.SignIns, SignIn{Role: role, Team: name, Email: p.Email, Name: p.Name})
			}
			var buf bytes.Buffer
			if err := gen.WriteCalendar(&buf, g.Calendar(seat)); err != nil {
				return team, err
			}
			data := buf.Bytes()
			files = append(files, importer.File{Name: m.Email + ".ics", Size: int64(len(data)),
				Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }})
		}
	}
	results, err := im.Import(ctx, importer.Request{TeamID: team.ID, By: leader, Leader: true, Files: files})
	if err != nil {
		return team, err
	}
	for _, r := range results {
		if !r.OK() {
			return team, fmt.Errorf("%s: %s", r.File, r.Error.Message)
		}
	}
	return team, nil
}

// newPassword makes the demo's password: four groups of letters, easy to
// type from a terminal, different for every demo.
func newPassword() (string, error) {
	const letters = "abcdefghjkmnpqrstuvwxyz"
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	out := make([]byte, 0, 19)
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			out = append(out, '-')
		}
		out = append(out, letters[int(c)%len(letters)])
	}
	return string(out), nil
}

// DefaultStart is the Monday twelve weeks before the current week, so the
// demo shows the last twelve full weeks.
func DefaultStart(now time.Time) civil.Date {
	d := civil.Date{Year: now.Year(), Month: int(now.Month()), Day: now.Day()}
	wd := d.Weekday()
	if wd == civil.Sunday {
		wd = 7
	}
	return d.AddDays(-(wd - 1) - 7*Weeks)
}
