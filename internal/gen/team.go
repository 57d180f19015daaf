package gen

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/klaver/klaver/internal/civil"
)

// Team is one team of the organisation over the configured weeks: its
// people and the events in each person's calendar. Meetings between team
// members are shared, so one *Event can sit in several calendars.
type Team struct {
	Index     int
	Members   []Person
	calendars [][]*Event
	exported  civil.DateTime
}

// Calendar is what one person's export holds.
type Calendar struct {
	Owner  Person
	Events []*Event
	// Exported is when the export was made, UTC: every DTSTAMP.
	Exported civil.DateTime
}

// NewTeam plans the weeks of team index. The result depends only on cfg's
// Seed, Weeks and Start and on index, so a team is the same whether it is
// generated alone or as part of a large set.
func NewTeam(cfg Config, index int) (*Team, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if index < 0 {
		return nil, fmt.Errorf("team %d: index must not be negative", index)
	}
	t := &Team{Index: index, Members: make([]Person, teamSize), calendars: make([][]*Event, teamSize), exported: cfg.exportStamp()}
	for seat := range t.Members {
		t.Members[seat] = calendarPerson(cfg.Seed, index, seat)
	}
	p := newPlanner(cfg, t)
	p.planSeries()
	p.planAbsences()
	for w := range cfg.Weeks {
		p.planWeek(w)
	}
	for seat := range t.calendars {
		slices.SortStableFunc(t.calendars[seat], func(a, b *Event) int {
			return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.Sequence, b.Sequence))
		})
	}
	return t, nil
}

// Calendar returns the calendar of the member in seat, ordered by start.
func (t *Team) Calendar(seat int) Calendar {
	return Calendar{Owner: t.Members[seat], Events: t.calendars[seat], Exported: t.exported}
}

// teamRand returns the random stream of one team. Streams of different
// teams are independent, so teams can be generated one at a time.
func teamRand(seed int64, index int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), uint64(index)<<1))
}

// groupRand returns the random stream of a management group: the meeting
// that several team leaders share must come out the same in every team.
func groupRand(seed int64, group int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), uint64(group)<<1|1))
}

// Occurrences returns the starts of the event's occurrences, Amsterdam
// wall time, leaving out its EXDATEs but not the occurrences that
// overrides move (those carry the RECURRENCE-ID).
func (e *Event) Occurrences() []civil.DateTime {
	if e.Rule == nil {
		return []civil.DateTime{e.Start}
	}
	interval := max(e.Rule.Interval, 1)
	var out []civil.DateTime
	for k := 0; ; k++ {
		if e.Rule.Count > 0 && k >= e.Rule.Count {
			break
		}
		start := civil.DateTime{Date: e.Start.Date.AddDays(7 * interval * k), Hour: e.Start.Hour, Minute: e.Start.Minute, Second: e.Start.Second}
		if e.Rule.Count == 0 && start.After(e.Rule.Until) {
			break
		}
		if !slices.Contains(e.Rule.ExDates, start) {
			out = append(out, start)
		}
	}
	return out
}
