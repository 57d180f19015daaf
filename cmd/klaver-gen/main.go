// Command klaver-gen writes example and benchmark inputs for klaver audit:
// calendar exports of a team, its client registry and a time-tracking
// export. Run without flags but -out it reproduces examples/.
//
//	klaver-gen -out examples
//	klaver-gen -out /tmp/bench -size 300MB -toggl=false
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/klaver/klaver/internal/civil"
	"github.com/klaver/klaver/internal/gen"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "klaver-gen:", err)
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	def := gen.DefaultConfig()
	fs := flag.NewFlagSet("klaver-gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "directory to write into (required)")
	people := fs.Int("people", def.People, "number of people with a calendar")
	weeks := fs.Int("weeks", def.Weeks, "number of weeks per calendar")
	start := fs.String("start", def.Start.String(), "Monday of the first week, YYYY-MM-DD")
	seed := fs.Int64("seed", def.Seed, "seed for names, meetings and times")
	size := fs.String("size", "", "keep adding people until the calendars hold this many bytes, e.g. 300MB")
	toggl := fs.Bool("toggl", def.Toggl, "also write toggl.csv, the time sheets of a second team")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("-out is required and no arguments are taken")
	}
	cfg := gen.Config{People: *people, Weeks: *weeks, Seed: *seed, Toggl: *toggl}
	day, err := time.Parse(time.DateOnly, *start)
	if err != nil {
		return fmt.Errorf("-start %q: want YYYY-MM-DD", *start)
	}
	cfg.Start = civil.Date{Year: day.Year(), Month: int(day.Month()), Day: day.Day()}
	if *size != "" {
		if cfg.MinBytes, err = gen.ParseSize(*size); err != nil {
			return err
		}
	}
	st, err := gen.WriteSet(*out, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d files, %d bytes, into %s: %d calendars of %d bytes\n",
		st.Files, st.Bytes, *out, st.Calendars, st.CalendarBytes)
	return nil
}
