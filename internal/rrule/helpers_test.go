package rrule

import (
	"fmt"
	"testing"
	"time"
	_ "time/tzdata" // America/New_York for the RFC examples on any machine

	"github.com/klaver/klaver/internal/civil"
)

// dt parses "YYYYMMDDTHHMMSS" or "YYYYMMDD" for test tables.
func dt(t testing.TB, s string) civil.DateTime {
	t.Helper()
	v, _, _, ok := parseDateTime(s)
	if !ok {
		t.Fatalf("bad test date-time %q", s)
	}
	return v
}

// zoneInstant returns an instant function for a named zone, as the calendar
// reader supplies it.
func zoneInstant(t testing.TB, name string) func(civil.DateTime) int64 {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return func(d civil.DateTime) int64 {
		return time.Date(d.Year, time.Month(d.Month), d.Day, d.Hour, d.Minute, d.Second, 0, loc).Unix()
	}
}

// expand parses rule and returns up to max occurrences as strings.
func expand(t testing.TB, rule, start string, dateOnly bool, limit string, instant func(civil.DateTime) int64, max int) []string {
	t.Helper()
	r, err := Parse(rule)
	if err != nil {
		t.Fatalf("Parse(%q): %v", rule, err)
	}
	it := r.Iterate(dt(t, start), dateOnly, dt(t, limit), instant)
	var out []string
	for len(out) < max {
		d, ok := it.Next()
		if !ok {
			break
		}
		out = append(out, d.String())
	}
	return out
}

// on lists the given days of one month at 09:00, the time of the RFC examples.
func on(year, month int, days ...int) []string {
	out := make([]string, len(days))
	for i, d := range days {
		out[i] = fmt.Sprintf("%04d-%02d-%02dT09:00:00", year, month, d)
	}
	return out
}

// span lists the days from..to of one month at 09:00.
func span(year, month, from, to int) []string {
	var days []int
	for d := from; d <= to; d++ {
		days = append(days, d)
	}
	return on(year, month, days...)
}

// join concatenates lists of occurrences.
func join(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func diffLists(t testing.TB, name string, got, want []string) {
	t.Helper()
	for i := 0; i < len(got) || i < len(want); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("%s: occurrence %d = %q, want %q (got %d, want %d occurrences)", name, i, g, w, len(got), len(want))
			return
		}
	}
}
