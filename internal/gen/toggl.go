package gen

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/klaver/klaver/internal/civil"
)

// togglHeader is the header of a Toggl Track detailed report in euros.
var togglHeader = []string{"User", "Email", "Client", "Project", "Task", "Description", "Billable",
	"Start date", "Start time", "End date", "End time", "Duration", "Tags", "Amount (EUR)"}

// togglProfile is how one member of the time-tracking team spends a day:
// the chance that an entry is client work or serves a client; the rest
// is internal.
type togglProfile struct {
	client, forClient float64
	rate              int // euros an hour on billable entries
	// byProject books client work on a project named by the client's
	// alias, with no client set.
	byProject bool
}

var togglProfiles = [togglPeople]togglProfile{
	{client: 0.8, forClient: 0.1, rate: 95},
	{client: 0.65, forClient: 0.15, rate: 85, byProject: true},
	{client: 0.35, forClient: 0.4, rate: 110},
	{client: 0.1, forClient: 0.2, rate: 75},
}

var togglInternal = []struct{ project, task, description, tags string }{
	{"Intern", "", "Teamoverleg", "overleg"},
	{"Intern", "Administratie", "Uren en declaraties", ""},
	{"Intern", "", "Opleiding: cursus Kubernetes", "opleiding"},
	{"Recruitment", "", "Sollicitatiegesprekken", "overleg, hr"},
	{"Intern", "IT", "Nieuwe laptop inrichten", ""},
	{"Kantoor", "", "Inkoop en facturen leveranciers", ""},
}

var togglForClient = []string{"Offerte {client} uitwerken", "Pitch {client} voorbereiden", "Interne review {alias}-rapport", "Capaciteitsplanning {alias}"}

var togglClientWork = []struct{ task, description, tags string }{
	{"Development", "Feature: {project}", "ontwikkeling"},
	{"Development", "Code review", "ontwikkeling, review"},
	{"Design", "Schermontwerpen {project}", "ontwerp"},
	{"Overleg", "Stand-up", "overleg"},
	{"Advies", "Analyse {project}", ""},
}

// togglTeam returns the time-tracking team: the first names of the name
// sequence, so none of them has a calendar in the same set.
func togglTeam(seed int64) []Person {
	team := make([]Person, togglPeople)
	for i := range team {
		name, email := nameAt(seed, i)
		team[i] = Person{Name: name, Email: email}
	}
	return team
}

// WriteToggl writes toggl.csv: the detailed report of a second team over
// the same weeks, with a byte order mark as Toggl writes it.
func WriteToggl(w io.Writer, cfg Config) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(uint64(cfg.Seed), math.MaxUint64))
	team := togglTeam(cfg.Seed)
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("write time sheet: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.Write(togglHeader)
	for day := range 7 * cfg.Weeks {
		date := cfg.Start.AddDays(day)
		if date.Weekday() == civil.Saturday || date.Weekday() == civil.Sunday {
			continue
		}
		for i, p := range team {
			if rng.IntN(20) == 0 {
				continue // a day off
			}
			for _, row := range togglDay(rng, p, togglProfiles[i], date) {
				cw.Write(row)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write time sheet: %w", err)
	}
	return nil
}

// togglDay returns one person's entries for a day: back to back with
// short breaks, from about half past eight to about five.
func togglDay(rng *rand.Rand, p Person, pr togglProfile, date civil.Date) [][]string {
	var rows [][]string
	t := date.At(8, 20, 0).Add(int64(rng.IntN(50 * 60)))
	end := date.At(16, 50, 0).Add(int64(rng.IntN(50 * 60)))
	lunch := false
	for t.Before(end) {
		length := int64(20*60 + rng.IntN(130*60))
		stop := t.Add(length)
		if stop.After(end) {
			stop = end
		}
		rows = append(rows, togglEntry(rng, p, pr, t, stop))
		t = stop.Add(int64(rng.IntN(8 * 60)))
		if !lunch && t.Hour >= 12 {
			t = t.Add(30 * 60)
			lunch = true
		}
	}
	return rows
}

// togglEntry returns one row of the report.
func togglEntry(rng *rand.Rand, p Person, pr togglProfile, start, stop civil.DateTime) []string {
	seconds := stop.Seconds() - start.Seconds()
	var clientName, project, task, description, tags string
	billable := "No"
	amount := "0.00"
	switch x := rng.Float64(); {
	case x < pr.client:
		c := &clients[rng.IntN(len(clients))]
		work := pick(rng, togglClientWork)
		clientName, project, task, tags = c.Name, pick(rng, c.projects), work.task, work.tags
		description = fillProject(rng, work.description, c, project)
		if pr.byProject && len(c.Aliases) > 0 {
			clientName, project = "", c.Aliases[0]
		}
		billable = "Yes"
		amount = strconv.FormatFloat(float64(pr.rate)*float64(seconds)/3600, 'f', 2, 64)
	case x < pr.client+pr.forClient:
		c := &clients[rng.IntN(len(clients))]
		clientName, project = "Acme", "Acquisitie"
		description = fillTitle(rng, pick(rng, togglForClient), c, "")
	default:
		in := pick(rng, togglInternal)
		project, task, description, tags = in.project, in.task, in.description, in.tags
		if rng.IntN(2) == 0 {
			clientName = "Acme"
		}
	}
	return []string{p.Name, p.Email, clientName, project, task, description, billable,
		start.Date.String(), clock(start), stop.Date.String(), clock(stop), hms(seconds), tags, amount}
}

// clock formats the time of dt as HH:MM:SS.
func clock(dt civil.DateTime) string {
	return fmt.Sprintf("%02d:%02d:%02d", dt.Hour, dt.Minute, dt.Second)
}

// hms formats seconds as HH:MM:SS, as Toggl writes durations.
func hms(seconds int64) string {
	return fmt.Sprintf("%02d:%02d:%02d", seconds/3600, seconds/60%60, seconds%60)
}
