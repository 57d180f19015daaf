package audit

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/klaver/klaver/internal/civil"
)

// TestDayOf checks the day clock against the time package, in order and
// in jumps both ways, in zones whose clocks change at midnight (Santiago,
// Havana), by half an hour (Lord Howe) or skip a whole day (Apia, end of
// 2011), and in UTC.
func TestDayOf(t *testing.T) {
	zones := []string{"Europe/Amsterdam", "America/Santiago", "America/Havana",
		"Australia/Lord_Howe", "Pacific/Apia", "Asia/Beirut", "UTC"}
	rng := rand.New(rand.NewPCG(5, 6))
	from := time.Date(2009, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	for _, name := range zones {
		cfg := DefaultConfig()
		loc, ok := cfg.Zones.Location(name)
		if !ok {
			t.Fatalf("no zone %s", name)
		}
		cfg.TZ, cfg.TZName = loc, name
		c := newDayClock(&cfg)
		check := func(s int64) {
			t.Helper()
			day, start, end := c.dayOf(s)
			y, m, d := time.Unix(s, 0).In(loc).Date()
			want := civil.Date{Year: y, Month: int(m), Day: d}.DaysSinceEpoch()
			if day != want || s < start || s >= end {
				t.Fatalf("%s: dayOf(%s) = day %d [%d, %d), want day %d holding %d",
					name, time.Unix(s, 0).In(loc), day, start, end, want, s)
			}
		}
		// In order, an hour and a bit at a time, over every change.
		for s := from; s < to; s += 3607 {
			check(s)
		}
		// Jumps, as the occurrences of series and events out of order make.
		for range 50_000 {
			check(from + rng.Int64N(to-from))
		}
	}
}
