package audit

import (
	"testing"

	"github.com/klaver/klaver/internal/civil"
)

// TestWeekOfDay checks that the tally files each day under the ISO week
// that civil.Date.ISOWeek names, over centuries and in both directions
// (the tally remembers the week it gave last), and keeps one tally per week.
func TestWeekOfDay(t *testing.T) {
	first := civil.Date{Year: 1890, Month: 1, Day: 1}.DaysSinceEpoch()
	last := civil.Date{Year: 2110, Month: 12, Day: 31}.DaysSinceEpoch()
	tl := newTally("anna@acme.nl")
	byKey := map[int]*weekTally{}
	check := func(day int64) {
		t.Helper()
		y, w := civil.DateFromDays(day).ISOWeek()
		key := y*100 + w
		if got := mondayKey(day - mondayOffset(day)); got != key {
			t.Fatalf("day %s: week key %d, want %d", civil.DateFromDays(day), got, key)
		}
		wt := tl.week(day)
		if byKey[key] == nil {
			byKey[key] = wt
		}
		if byKey[key] != wt || tl.weeks[key] != wt {
			t.Fatalf("day %s: not the tally of week %d", civil.DateFromDays(day), key)
		}
	}
	for day := first; day <= last; day++ {
		check(day)
	}
	for day := last; day >= first; day -= 5 {
		check(day)
	}
	if len(tl.weeks) != len(byKey) {
		t.Fatalf("%d week tallies, want %d", len(tl.weeks), len(byKey))
	}
}
