package audit

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/civil"
)

// maxSeries is how many internal recurring series a report lists.
const maxSeries = 10

// assemble merges the results per person and turns seconds into the
// report's figures: working time over the period, every ISO week that
// overlaps it, the clients, the team and the costliest series. With
// detail it also keeps the seconds behind the figures.
func assemble(cfg *Config, results []result, detail bool) (*klaver.Report, *Detail) {
	people := mergeTallies(results)
	from, to, ok := period(cfg, people)
	rep := &klaver.Report{
		Period:      klaver.Period{TZ: cfg.TZName},
		MaxInternal: cfg.MaxInternal,
		People:      []klaver.PersonReport{},
		Series:      []klaver.Series{},
	}
	var det *Detail
	if detail {
		det = &Detail{}
	}
	var weeks []isoWeek
	switch {
	case ok:
		rep.Period.From, rep.Period.To = from.String(), to.String()
		weeks = weeksBetween(from, to)
	case !cfg.From.IsZero():
		// Only --from, and nothing counted after it: the period has a
		// start but no last day; report the start that was asked for.
		rep.Period.From = cfg.From.String()
	case !cfg.To.IsZero():
		rep.Period.To = cfg.To.String()
	}
	var team klaver.Seconds
	teamWeeks := make([]klaver.Seconds, len(weeks))
	teamClients := map[int]int64{}
	for i, pf := range personFigures(cfg, people, weeks) {
		rep.People = append(rep.People, pf.report)
		team.Add(pf.total)
		for w := range pf.perWeek {
			teamWeeks[w].Add(pf.perWeek[w])
		}
		for c, s := range pf.clients {
			teamClients[c] += s
		}
		if det != nil {
			det.People = append(det.People, personDetail(cfg, people[i], weeks, pf.perWeek, results))
		}
	}
	rep.Team.Figures = team.Figures(cfg.MaxInternal)
	rep.Team.Weeks = weekFigures(cfg, weeks, teamWeeks)
	rep.Team.Clients = clientMinutes(cfg.Clients, teamClients)
	rep.Series = costliest(results, len(weeks))
	return rep, det
}

// mergeTallies joins the tallies of the same person, in person order.
func mergeTallies(results []result) []*tally {
	byPerson := map[string]*tally{}
	for _, res := range results {
		for _, t := range res.tallies {
			if have := byPerson[t.person]; have != nil {
				have.merge(t)
				continue
			}
			byPerson[t.person] = t
		}
	}
	people := make([]*tally, 0, len(byPerson))
	for _, t := range byPerson {
		people = append(people, t)
	}
	sort.Slice(people, func(i, j int) bool { return people[i].person < people[j].person })
	return people
}

// period is --from/--to, or the first and last day that hold counted time.
func period(cfg *Config, people []*tally) (from, to civil.Date, ok bool) {
	var first, last int64
	have := false
	for _, t := range people {
		if !t.hasDays {
			continue
		}
		if !have || t.firstDay < first {
			first = t.firstDay
		}
		if !have || t.lastDay > last {
			last = t.lastDay
		}
		have = true
	}
	from, to = cfg.From, cfg.To
	if from.IsZero() {
		if !have {
			return from, to, false
		}
		from = civil.DateFromDays(first)
		if cfg.WholeWeeks {
			from = from.AddDays(-isoWeekday(from) + 1)
		}
	}
	if to.IsZero() {
		if !have {
			return from, to, false
		}
		to = civil.DateFromDays(last)
		if cfg.WholeWeeks {
			to = to.AddDays(7 - isoWeekday(to))
		}
	}
	return from, to, !to.Before(from)
}

// isoWeekday numbers the days of the week as ISO 8601 does: Monday 1 to
// Sunday 7.
func isoWeekday(d civil.Date) int {
	if wd := d.Weekday(); wd != civil.Sunday {
		return wd
	}
	return 7
}

// isoWeek is a week of the period: its key and the period's days in it.
type isoWeek struct {
	key        int
	name       string
	first, end int64 // day numbers, end exclusive
}

func weeksBetween(from, to civil.Date) []isoWeek {
	var weeks []isoWeek
	last := to.DaysSinceEpoch()
	for d := from.DaysSinceEpoch(); d <= last; {
		date := civil.DateFromDays(d)
		y, w := date.ISOWeek()
		end := min(d+int64(8-isoWeekday(date)), last+1)
		weeks = append(weeks, isoWeek{key: y*100 + w, name: fmt.Sprintf("%04d-W%02d", y, w), first: d, end: end})
		d = end
	}
	return weeks
}

// personFigure is one person's part of the report, with the seconds
// behind it that the team's figures sum.
type personFigure struct {
	report  klaver.PersonReport
	total   klaver.Seconds
	perWeek []klaver.Seconds
	clients map[int]int64 // seconds per client index
}

// personFigures computes every person's figures, on all workers: with
// hundreds of people and a year of days this is no longer a small part of
// a run, and nothing else is left to do meanwhile.
func personFigures(cfg *Config, people []*tally, weeks []isoWeek) []personFigure {
	out := make([]personFigure, len(people))
	// The work cannot fail, so neither can parallel.
	_ = parallel(context.Background(), workers(cfg.Workers), len(people), func(_, i int) error {
		out[i] = personReport(cfg, people[i], weeks)
		return nil
	})
	return out
}

// personReport computes one person's figures per week and in total.
func personReport(cfg *Config, t *tally, weeks []isoWeek) personFigure {
	perWeek := make([]klaver.Seconds, len(weeks))
	var total klaver.Seconds
	daySeconds := int64(math.Round(cfg.HoursPerDay * 3600))
	for i, w := range weeks {
		s := &perWeek[i]
		if wt := t.weeks[w.key]; wt != nil {
			s.Category = wt.category
			s.Working = wt.tracked
		}
		if t.calendar {
			s.Working += workdaysBetween(cfg.Workdays, w.first, w.end) * daySeconds
		}
	}
	if t.calendar {
		t.subtractAbsences(cfg.Workdays, weeks, perWeek, daySeconds)
	}
	for i := range perWeek {
		total.Add(perWeek[i])
	}
	clients := t.clientTotals()
	return personFigure{
		report: klaver.PersonReport{
			Person:  t.person,
			Figures: total.Figures(cfg.MaxInternal),
			Weeks:   weekFigures(cfg, weeks, perWeek),
			Clients: clientMinutes(cfg.Clients, clients),
			Sources: sources(t),
		},
		total:   total,
		perWeek: perWeek,
		clients: clients,
	}
}

func sources(t *tally) []string {
	var s []string
	if t.calendar {
		s = append(s, "calendar")
	}
	if t.tracked {
		s = append(s, "timesheet")
	}
	return s
}

func weekFigures(cfg *Config, weeks []isoWeek, seconds []klaver.Seconds) []klaver.WeekFigures {
	out := make([]klaver.WeekFigures, len(weeks))
	for i, w := range weeks {
		out[i] = klaver.WeekFigures{Week: w.name, Figures: seconds[i].Figures(cfg.MaxInternal)}
	}
	return out
}

// clientMinutes lists the clients that received time, most first.
func clientMinutes(reg *Registry, seconds map[int]int64) []klaver.ClientMinutes {
	out := []klaver.ClientMinutes{}
	for c, s := range seconds {
		if m := klaver.Minutes(s); m > 0 {
			out = append(out, klaver.ClientMinutes{Client: reg.Name(c), Minutes: m})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Minutes != out[j].Minutes {
			return out[i].Minutes > out[j].Minutes
		}
		return out[i].Client < out[j].Client
	})
	return out
}

// costliest joins the internal recurring series of all people by UID and
// lists those that took the most time.
func costliest(results []result, nWeeks int) []klaver.Series {
	byUID := map[string]*seriesCost{}
	for _, res := range results {
		for uid, c := range res.costs {
			have := byUID[uid]
			if have == nil {
				byUID[uid] = &seriesCost{title: c.title, people: map[string]bool{}, seconds: 0}
				have = byUID[uid]
			}
			have.seconds += c.seconds
			for p := range c.people {
				have.people[p] = true
			}
		}
	}
	out := []klaver.Series{}
	for _, c := range byUID {
		s := klaver.Series{Title: c.title, Minutes: klaver.Minutes(c.seconds)}
		for p := range c.people {
			s.People = append(s.People, p)
		}
		sort.Strings(s.People)
		if nWeeks > 0 {
			s.WeeklyMinutes = klaver.Minutes(c.seconds / int64(nWeeks))
		}
		out = append(out, s)
	}
	// Series of equal cost and title (one title used for two meetings)
	// are ordered by their people, so that the report is the same on
	// every run.
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Minutes != b.Minutes {
			return a.Minutes > b.Minutes
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return slices.Compare(a.People, b.People) < 0
	})
	if len(out) > maxSeries {
		out = out[:maxSeries]
	}
	return out
}
