package audit

import (
	"context"
	"sort"

	"github.com/klaver/klaver"
)

// Detail is an audit's result in seconds per person and ISO week: what a
// store keeps so that any sum it makes over people and weeks equals the
// audit's own figures for them, rounding included.
type Detail struct {
	People []PersonDetail
}

// PersonDetail is one person's seconds.
type PersonDetail struct {
	Person string
	// Calendar tells that working time follows the calendar rule (working
	// days minus absences); otherwise it is tracked time only.
	Calendar bool
	// Weeks holds every week of the period, also those without data.
	Weeks []WeekDetail
	// Series are the internal recurring meetings in the person's calendars.
	Series []SeriesSeconds
}

// WeekDetail is one person's week. Seconds.Working includes Tracked, so
// Working-Tracked is the working time the calendar rule gave.
type WeekDetail struct {
	Week string // "2026-W02"
	klaver.Seconds
	Tracked int64
	Clients []ClientSeconds
}

// ClientSeconds is the time a client received.
type ClientSeconds struct {
	Client  string
	Seconds int64
}

// SeriesSeconds is the internal time one recurring meeting took of one
// person. Title is empty when Config.TeamMembers is set and fewer than
// three team members attend: only a team meeting's title is kept.
type SeriesSeconds struct {
	UID     string
	Title   string
	Seconds int64
}

// RunDetail audits like Run and also returns the seconds behind the
// report's figures.
func RunDetail(ctx context.Context, cfg Config, inputs []Input, progress func(done int64)) (*klaver.Report, *Detail, error) {
	return run(ctx, cfg, inputs, progress, true)
}

func personDetail(cfg *Config, t *tally, weeks []isoWeek, perWeek []klaver.Seconds, results []result) PersonDetail {
	pd := PersonDetail{Person: t.person, Calendar: t.calendar, Weeks: make([]WeekDetail, len(weeks))}
	for i, w := range weeks {
		wd := WeekDetail{Week: w.name, Seconds: perWeek[i]}
		if wt := t.weeks[w.key]; wt != nil {
			wd.Tracked = wt.tracked
			wd.Clients = clientSeconds(cfg.Clients, wt.clients)
		}
		pd.Weeks[i] = wd
	}
	for _, res := range results {
		for uid, c := range res.costs {
			if c.people[t.person] {
				pd.Series = append(pd.Series, SeriesSeconds{UID: uid, Title: c.title, Seconds: c.seconds})
			}
		}
	}
	sort.Slice(pd.Series, func(i, j int) bool { return pd.Series[i].UID < pd.Series[j].UID })
	return pd
}

// clientSeconds lists the clients of a week by name.
func clientSeconds(reg *Registry, shares []clientShare) []ClientSeconds {
	out := make([]ClientSeconds, 0, len(shares))
	for _, cs := range shares {
		out = append(out, ClientSeconds{Client: reg.Name(cs.client), Seconds: cs.seconds})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Client < out[j].Client })
	return out
}
