package rrule_test

import (
	"slices"
	"testing"
	"time"

	"github.com/klaver/klaver/internal/civil"
	"github.com/klaver/klaver/internal/rrule"
	"github.com/klaver/klaver/internal/tz"
)

// A UTC UNTIL compares instants, which do not follow wall-clock order just
// after a spring-forward gap: 02:30 does not exist and is read as 03:30
// EDT (07:30Z), past UNTIL, while the next occurrence, 03:15 EDT (07:15Z),
// is before it and counts (RFC 5545 §3.3.5, §3.3.10). The zone is tz's,
// which reads a time in a gap as RFC 5545 does.
func TestUTCUntilRightAfterASpringGap(t *testing.T) {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	r, err := rrule.Parse("FREQ=MINUTELY;INTERVAL=45;UNTIL=20260308T072000Z")
	if err != nil {
		t.Fatal(err)
	}
	at := func(h, m int) civil.DateTime { return civil.Date{Year: 2026, Month: 3, Day: 8}.At(h, m, 0) }
	it := r.Iterate(at(1, 0), false, at(6, 0), tz.FromLocation(loc).Instant)
	var got []civil.DateTime
	for d, ok := it.Next(); ok; d, ok = it.Next() {
		got = append(got, d)
	}
	if want := []civil.DateTime{at(1, 0), at(1, 45), at(3, 15)}; !slices.Equal(got, want) {
		t.Errorf("occurrences %v, want %v", got, want)
	}
}
