// Package gen writes example and benchmark inputs for klaver audit: one
// calendar export per person in the styles of Google, Outlook and Apple, a
// client registry, and a Toggl Track export.
//
// Everything follows from the Config: the same seed gives the same bytes,
// which keeps the shipped examples in step with the code and makes
// benchmarks repeatable. People are planned one team at a time and written
// as they are planned, so a set of any size takes little memory.
package gen

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/klaver/klaver/internal/civil"
)

// Config says what to generate.
type Config struct {
	// People is the number of people with a calendar; with MinBytes, the
	// least number.
	People int
	// Weeks is the number of weeks each calendar covers, from Start.
	Weeks int
	// Start is the Monday of the first week.
	Start civil.Date
	// Seed picks names, meetings and times.
	Seed int64
	// MinBytes, when positive, makes WriteSet keep adding people until the
	// calendars hold at least this many bytes.
	MinBytes int64
	// Toggl adds toggl.csv, the time sheets of a second team.
	Toggl bool
}

// DefaultConfig is the configuration of the shipped examples.
func DefaultConfig() Config {
	return Config{People: 6, Weeks: 4, Start: civil.Date{Year: 2026, Month: 1, Day: 5}, Seed: 1, Toggl: true}
}

// maxWeeks bounds the weeks so that a typing error cannot ask for
// centuries of meetings.
const maxWeeks = 520

// Validate reports what is wrong with c.
func (c Config) Validate() error {
	switch {
	case c.People < 1:
		return fmt.Errorf("people must be at least 1, not %d", c.People)
	case c.Weeks < 1 || c.Weeks > maxWeeks:
		return fmt.Errorf("weeks must be from 1 to %d, not %d", maxWeeks, c.Weeks)
	case !c.Start.Valid():
		return fmt.Errorf("start %s is not a date", c.Start)
	case c.Start.Weekday() != civil.Monday:
		return fmt.Errorf("start %s is not a Monday", c.Start)
	case c.MinBytes < 0:
		return fmt.Errorf("size must not be negative, not %d", c.MinBytes)
	}
	return nil
}

// exportStamp is when the exports were made: the morning after the last
// week, in UTC. It is the DTSTAMP of every event.
func (c Config) exportStamp() civil.DateTime {
	return c.Start.AddDays(7*c.Weeks).At(7, 12, 4)
}

// Stats count what WriteSet wrote.
type Stats struct {
	Files         int   // all files, the registry and time sheets included
	Calendars     int   // .ics files, one per person
	CalendarBytes int64 // bytes in the .ics files
	Bytes         int64 // bytes in all files
}

// WriteSet writes the calendars, clients.csv and, when asked, toggl.csv
// into dir, which it creates if needed. Existing files of the same names
// are replaced; other files are left alone.
func WriteSet(dir string, cfg Config) (Stats, error) {
	var st Stats
	if err := cfg.Validate(); err != nil {
		return st, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, fmt.Errorf("create %s: %w", dir, err)
	}
	if err := writeFile(filepath.Join(dir, "clients.csv"), &st, func(w io.Writer) error {
		return WriteClients(w, Clients())
	}); err != nil {
		return st, err
	}
	if err := writeCalendars(dir, cfg, &st); err != nil {
		return st, err
	}
	if cfg.Toggl {
		if err := writeFile(filepath.Join(dir, "toggl.csv"), &st, func(w io.Writer) error {
			return WriteToggl(w, cfg)
		}); err != nil {
			return st, err
		}
	}
	return st, nil
}

// writeCalendars writes one file per person, team by team, until there
// are cfg.People people and cfg.MinBytes bytes.
func writeCalendars(dir string, cfg Config, st *Stats) error {
	done := func() bool { return st.Calendars >= cfg.People && st.CalendarBytes >= cfg.MinBytes }
	for index := 0; !done(); index++ {
		t, err := NewTeam(cfg, index)
		if err != nil {
			return err
		}
		for seat, m := range t.Members {
			if done() {
				return nil
			}
			before := st.Bytes
			cal := t.Calendar(seat)
			if err := writeFile(filepath.Join(dir, m.Email+".ics"), st, func(w io.Writer) error {
				return WriteCalendar(w, cal)
			}); err != nil {
				return err
			}
			st.Calendars++
			st.CalendarBytes += st.Bytes - before
		}
	}
	return nil
}

// writeFile creates path, lets write fill it through a buffer and counts
// the bytes in st.
func writeFile(path string, st *Stats, write func(io.Writer) error) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close %s: %w", path, cerr)
		}
	}()
	cw := &countingWriter{w: f}
	bw := bufio.NewWriterSize(cw, 64<<10)
	if err := write(bw); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	st.Files++
	st.Bytes += cw.n
	return nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}
