package audit

import (
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/timesheet"
	"github.com/klaver/klaver/internal/tz"
)

// readTimesheet counts a time-tracking export. Every entry is a block of
// its own: tracked time is what was booked, so overlaps are not merged,
// and working time is the tracked time.
func readTimesheet(cfg *Config, in Input, ps *problems) (result, error) {
	f, err := in.Open()
	if err != nil {
		return result{}, err
	}
	defer f.Close()
	rd, err := timesheet.NewReader(f, in.Name)
	if err != nil {
		return result{}, err
	}
	tallies := map[string]*tally{}
	var order []*tally
	scan := mentionScanner{reg: cfg.Clients}
	zone := tz.FromLocation(cfg.TZ)
	for {
		e, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *timesheet.ParseError
		if errors.As(err, &pe) {
			if err := ps.add(klaver.Problem{File: pe.File, Line: pe.Line, Message: pe.Msg}, true); err != nil {
				return result{}, err
			}
			continue
		}
		if err != nil {
			return result{}, fmt.Errorf("%s: %w", in.Name, err)
		}
		if !e.End.IsZero() {
			// Local times in --tz: an entry across a daylight-saving
			// change lasts the time that really passed.
			e.Seconds = zone.Instant(e.End) - zone.Instant(e.Start)
		}
		d := e.Start.Date
		if e.Seconds <= 0 || (!cfg.From.IsZero() && d.Before(cfg.From)) || (!cfg.To.IsZero() && d.After(cfg.To)) {
			continue
		}
		key := e.Person
		t := tallies[key]
		if t == nil {
			t = newTally(key)
			t.tracked = true
			tallies[key] = t
			order = append(order, t)
		}
		cat, clients := entryCategory(cfg.Clients, &scan, &e)
		day := d.DaysSinceEpoch()
		w := t.week(day)
		w.category[cat] += e.Seconds
		w.tracked += e.Seconds
		t.sawDay(day)
		slices.Sort(clients)
		for _, c := range slices.Compact(clients) {
			w.addClient(c, e.Seconds)
		}
	}
	return result{tallies: order}, nil
}

// entryCategory applies the rules for tracked time: the client or project
// field naming a client makes client time; a mention in the description,
// project, task or tags makes internal time for a client. The time belongs
// to every client named either way, as a calendar block's belongs to the
// clients of its participants and of its mentions.
func entryCategory(reg *Registry, scan *mentionScanner, e *timesheet.Entry) (klaver.Category, []int) {
	scan.found = reg.ClientsNamed(scan.found[:0], e.Client)
	scan.found = reg.ClientsNamed(scan.found, e.Project)
	named := len(scan.found) > 0
	for _, text := range []string{e.Description, e.Project, e.Task, e.Tags} {
		scan.scan([]byte(text))
	}
	switch {
	case named:
		return klaver.Client, scan.found
	case len(scan.found) > 0:
		return klaver.InternalForClient, scan.found
	}
	return klaver.Internal, nil
}
