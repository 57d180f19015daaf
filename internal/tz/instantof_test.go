package tz

import (
	"testing"
	"time"

	"github.com/klaver/klaver/internal/civil"
)

// TestInstantOf checks that every kind of zone reads civil seconds as it
// reads the DateTime they stand for, every 17 minutes over years with
// their gaps and overlaps, and in a year outside the cached ones.
func TestInstantOf(t *testing.T) {
	amsterdam, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	zones := map[string]Zone{
		"UTC":                     UTC(),
		"Europe/Amsterdam":        FromLocation(amsterdam),
		"W. Europe Standard Time": mustCustom(t, "W. Europe Standard Time", outlookWEurope(t)),
	}
	ranges := [][2]civil.Date{
		{{Year: 2023, Month: 1, Day: 1}, {Year: 2027, Month: 1, Day: 1}},
		{{Year: 2600, Month: 3, Day: 1}, {Year: 2600, Month: 4, Day: 1}},
	}
	for name, z := range zones {
		for _, r := range ranges {
			from, to := r[0].At(0, 0, 0).Seconds(), r[1].At(0, 0, 0).Seconds()
			for local := from; local < to; local += 17 * 60 {
				dt := civil.FromSeconds(local)
				if got, want := z.InstantOf(local), z.Instant(dt); got != want {
					t.Fatalf("%s: InstantOf(%s) = %d, Instant = %d", name, dt, got, want)
				}
			}
		}
	}
}
