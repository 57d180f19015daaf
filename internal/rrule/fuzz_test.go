package rrule

import (
	"testing"

	"github.com/klaver/klaver/internal/civil"
)

// FuzzParse parses arbitrary rules and expands those that parse over two
// years from a start the fuzzer chooses. The expansion must end with
// little work, stay in order, never go before dtstart or past the limit,
// and respect COUNT.
func FuzzParse(f *testing.F) {
	f.Add("FREQ=MONTHLY;BYDAY=-1FR;BYSETPOS=-1", int64(0), false)
	f.Fuzz(func(t *testing.T, value string, offset int64, dateOnly bool) {
		r, err := Parse(value)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("Parse(%q): empty error", value)
			}
			return
		}
		// A start between 1900 and 2100.
		base := civil.Date{Year: 1900, Month: 1, Day: 1}.At(0, 0, 0).Seconds()
		start := civil.FromSeconds(base + int64(uint64(offset)%(200*365*86400)))
		limit := start.Add(2 * 366 * 86400)
		it := r.Iterate(start, dateOnly, limit, nil)
		if dateOnly {
			start = start.Date.At(0, 0, 0)
		}
		n := 0
		var prev civil.DateTime
		for d, ok := it.Next(); ok && n < 20000; d, ok = it.Next() {
			switch {
			case n == 0 && d != start:
				t.Fatalf("%q: first occurrence %s, want dtstart %s", value, d, start)
			case n > 0 && !d.After(prev):
				t.Fatalf("%q: %s after %s", value, d, prev)
			case d.Before(start) || d.After(limit):
				t.Fatalf("%q: %s outside [%s, %s]", value, d, start, limit)
			case !d.Valid() || (dateOnly && d.SecondOfDay() != 0):
				t.Fatalf("%q: invalid occurrence %s", value, d)
			}
			prev = d
			n++
		}
		if r.Count > 0 && n > r.Count {
			t.Fatalf("%q: %d occurrences, COUNT=%d", value, n, r.Count)
		}
		if work := workBudget - it.budget; work > 4_000_000 || it.Truncated() {
			t.Fatalf("%q from %s: %d units of work for %d occurrences", value, start, work, n)
		}
	})
}
