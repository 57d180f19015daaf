package report

import (
	"fmt"

	"github.com/klaver/klaver"
)

// week is a week's minutes: working, client, internal for client, internal
// and own work.
type week struct {
	label                               string
	working, client, ifc, internal, own int64
}

// seconds turns a week's minutes into the unrounded sums an audit keeps.
func (w week) seconds() klaver.Seconds {
	var s klaver.Seconds
	s.Working = w.working * 60
	s.Category[klaver.Client] = w.client * 60
	s.Category[klaver.InternalForClient] = w.ifc * 60
	s.Category[klaver.Internal] = w.internal * 60
	s.Category[klaver.OwnWork] = w.own * 60
	return s
}

// person builds a person's report from weeks, with totals summed the way
// an audit sums them.
func person(name string, sources []string, clients []klaver.ClientMinutes, weeks ...week) (klaver.PersonReport, []klaver.Seconds) {
	p := klaver.PersonReport{Person: name, Sources: sources, Clients: clients}
	var total klaver.Seconds
	perWeek := make([]klaver.Seconds, len(weeks))
	for i, w := range weeks {
		s := w.seconds()
		perWeek[i] = s
		total.Add(s)
		p.Weeks = append(p.Weeks, klaver.WeekFigures{Week: w.label, Figures: s.Figures(klaver.DefaultMaxInternal)})
	}
	p.Figures = total.Figures(klaver.DefaultMaxInternal)
	return p, perWeek
}

// goldenReport is the report behind the golden files: three people over
// three weeks, one of them over the limit, with clients, recurring
// meetings, a skipped line and a warning.
func goldenReport() *klaver.Report {
	anna, annaWeeks := person("anna@acme.nl", []string{"calendar"},
		[]klaver.ClientMinutes{{Client: "Rabobank", Minutes: 3120}, {Client: "Gemeente Utrecht", Minutes: 1480}},
		week{"2026-W02", 2400, 1500, 300, 360, 180},
		week{"2026-W03", 2400, 1200, 400, 500, 200},
		week{"2026-W04", 1920, 1100, 200, 300, 250},
	)
	zoe, zoeWeeks := person("Zoë van den Bergh", []string{"timesheet"},
		[]klaver.ClientMinutes{{Client: "Zuivelcoöperatie FrieslandCampina", Minutes: 2600}, {Client: "Rabobank", Minutes: 500}},
		week{"2026-W02", 1600, 700, 200, 700, 0},
		week{"2026-W03", 1400, 800, 100, 500, 0},
		week{"2026-W04", 1400, 1000, 200, 200, 0},
	)
	jan, janWeeks := person("jan.de.vries@acme.nl", []string{"calendar", "timesheet"},
		[]klaver.ClientMinutes{{Client: "Bol.com", Minutes: 4100}},
		week{"2026-W02", 2400, 2000, 0, 240, 160},
		week{"2026-W03", 0, 0, 0, 0, 0},
		week{"2026-W04", 2400, 1800, 300, 200, 100},
	)
	r := &klaver.Report{
		Period:      klaver.Period{From: "2026-01-05", To: "2026-01-25", TZ: "Europe/Amsterdam"},
		MaxInternal: klaver.DefaultMaxInternal,
		People:      []klaver.PersonReport{anna, zoe, jan},
		Series: []klaver.Series{
			{Title: "Sprint review", People: []string{"anna@acme.nl", "jan.de.vries@acme.nl"}, Minutes: 360, WeeklyMinutes: 120},
			{Title: "Weekly stand-up", People: []string{"anna@acme.nl", "Zoë van den Bergh", "jan.de.vries@acme.nl"}, Minutes: 540, WeeklyMinutes: 180},
			{Title: "Lunch & learn", People: []string{"anna@acme.nl", "Zoë van den Bergh"}, Minutes: 180, WeeklyMinutes: 60},
		},
		Skipped:  []klaver.Problem{{File: "zoe-toggl.csv", Line: 17, Message: `Start time "25:10:00" is not a time`}},
		Warnings: []klaver.Problem{{File: "anna@acme.nl.ics", Line: 40, Message: `TZID "Customized Time Zone 1" is unknown; read as Europe/Amsterdam`}},
	}
	r.Team = teamOf(r.MaxInternal, [][]klaver.Seconds{annaWeeks, zoeWeeks, janWeeks}, []string{"2026-W02", "2026-W03", "2026-W04"})
	r.Team.Clients = []klaver.ClientMinutes{
		{Client: "Bol.com", Minutes: 4100},
		{Client: "Gemeente Utrecht", Minutes: 1480},
		{Client: "Rabobank", Minutes: 3620},
		{Client: "Zuivelcoöperatie FrieslandCampina", Minutes: 2600},
	}
	return r
}

// teamOf sums people's weeks into the team's weeks and total.
func teamOf(maxInternal float64, people [][]klaver.Seconds, labels []string) klaver.TeamReport {
	var t klaver.TeamReport
	var total klaver.Seconds
	for i, label := range labels {
		var s klaver.Seconds
		for _, weeks := range people {
			s.Add(weeks[i])
		}
		total.Add(s)
		t.Weeks = append(t.Weeks, klaver.WeekFigures{Week: label, Figures: s.Figures(maxInternal)})
	}
	t.Figures = total.Figures(maxInternal)
	return t
}

// largeReport is a team of people over weeks, for benchmarks.
func largeReport(people, weeks int) *klaver.Report {
	r := &klaver.Report{
		Period:      klaver.Period{From: "2026-01-01", To: "2026-12-31", TZ: "Europe/Amsterdam"},
		MaxInternal: klaver.DefaultMaxInternal,
	}
	labels := make([]string, weeks)
	for w := range labels {
		labels[w] = fmt.Sprintf("2026-W%02d", w+1)
	}
	all := make([][]klaver.Seconds, people)
	for i := range people {
		ws := make([]week, weeks)
		for w := range ws {
			v := int64((i*7 + w*13) % 300)
			ws[w] = week{labels[w], 2400, 1200 + v, 300, 300 + v/2, 200}
		}
		clients := []klaver.ClientMinutes{{Client: fmt.Sprintf("Client %d", i%40), Minutes: 50000}, {Client: "Rabobank", Minutes: 12000}}
		p, secs := person(fmt.Sprintf("person%04d@acme.nl", i), []string{"calendar"}, clients, ws...)
		r.People = append(r.People, p)
		all[i] = secs
	}
	r.Team = teamOf(r.MaxInternal, all, labels)
	for i := range 40 {
		r.Team.Clients = append(r.Team.Clients, klaver.ClientMinutes{Client: fmt.Sprintf("Client %d", i), Minutes: int64(1000 * (i + 1))})
		r.Series = append(r.Series, klaver.Series{Title: fmt.Sprintf("Overleg %d", i), People: []string{"a", "b"}, Minutes: int64(60 * i), WeeklyMinutes: int64(i)})
	}
	return r
}
