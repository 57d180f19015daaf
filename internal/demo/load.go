package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/civil"
	"github.com/klaver/klaver/internal/store"
)

// LoadConfig sizes a benchmark organisation.
type LoadConfig struct {
	Members  int // people in the organisation
	TeamSize int // people per team; the first leads it
	Weeks    int // weeks of figures per person
	Start    civil.Date
	Seed     uint64
}

// LoadResult tells a load test where to aim.
type LoadResult struct {
	OrgID   int64
	TeamIDs []int64
	Leader  klaver.Person // leader of the first team
}

// Load fills st with an organisation of cfg.Members people whose weeks
// look like real ones (client, internal and own-work time, three clients)
// without the cost of auditing calendars: it is for measuring the API on
// a large organisation, not for checking figures. Each team is stored in
// one transaction.
func Load(ctx context.Context, st *store.Store, cfg LoadConfig) (*LoadResult, error) {
	if cfg.Members < 1 || cfg.TeamSize < 1 || cfg.Weeks < 1 || cfg.Weeks > 520 || !cfg.Start.Valid() {
		return nil, fmt.Errorf("load: members, team size and weeks (up to 520) must be positive, and start a date")
	}
	org, err := st.CreateOrganisation(ctx, klaver.Organisation{Name: fmt.Sprintf("Benchmark %d", cfg.Members)})
	if err != nil {
		return nil, err
	}
	res := &LoadResult{OrgID: org.ID}
	rng := rand.New(rand.NewPCG(cfg.Seed, 1))
	weeks := weekNames(cfg.Start, cfg.Weeks)
	for first := 0; first < cfg.Members; first += cfg.TeamSize {
		team, err := st.CreateTeam(ctx, klaver.Team{OrgID: org.ID, Name: fmt.Sprintf("Team %05d", first/cfg.TeamSize+1)})
		if err != nil {
			return nil, err
		}
		res.TeamIDs = append(res.TeamIDs, team.ID)
		var data []store.ImportData
		for i := first; i < min(first+cfg.TeamSize, cfg.Members); i++ {
			role := klaver.RoleMember
			if i == first {
				role = klaver.RoleLeader
			}
			p, err := st.CreatePerson(ctx, klaver.Person{Email: fmt.Sprintf("p%06d@bench.example", i), Name: fmt.Sprintf("Person %d", i)}, "")
			if err != nil {
				return nil, err
			}
			if err := st.AddMembership(ctx, klaver.Membership{PersonID: p.ID, TeamID: team.ID, Role: role}); err != nil {
				return nil, err
			}
			if res.Leader.ID == 0 {
				res.Leader = p
			}
			data = append(data, personLoad(rng, p.ID, team.ID, cfg, weeks))
		}
		if _, err := st.ReplaceImports(ctx, data); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// benchClients are the clients of the benchmark organisation.
var benchClients = []string{"Rabobank", "Gemeente Utrecht", "Erasmus MC", "Stedin", "ANWB"}

func personLoad(rng *rand.Rand, personID, teamID int64, cfg LoadConfig, weeks []string) store.ImportData {
	last := cfg.Start.AddDays(7*cfg.Weeks - 1)
	d := store.ImportData{Import: store.Import{
		PersonID: personID, TeamID: teamID, SourceName: "calendar.ics", Kind: store.KindCalendar,
		SHA256: strings.Repeat("0", 64), PeriodFrom: cfg.Start.String(), PeriodTo: last.String(), Weeks: cfg.Weeks,
	}}
	for _, w := range weeks {
		var pw store.PersonWeek
		pw.Week = w
		pw.Working = 40 * 3600
		client := int64(10+rng.IntN(16)) * 3600
		pw.Category[klaver.Client] = client
		pw.Category[klaver.InternalForClient] = int64(rng.IntN(5)) * 3600
		pw.Category[klaver.Internal] = int64(4+rng.IntN(10)) * 3600
		pw.Category[klaver.OwnWork] = int64(rng.IntN(6)) * 3600
		d.Weeks = append(d.Weeks, pw)
		a := rng.IntN(len(benchClients))
		for k := range 3 {
			d.Clients = append(d.Clients, store.PersonWeekClient{Week: w,
				Client: benchClients[(a+k)%len(benchClients)], Seconds: client / 3})
		}
	}
	return d
}

func weekNames(start civil.Date, n int) []string {
	out := make([]string, n)
	for i := range out {
		y, w := start.AddDays(7 * i).ISOWeek()
		out[i] = fmt.Sprintf("%04d-W%02d", y, w)
	}
	return out
}
