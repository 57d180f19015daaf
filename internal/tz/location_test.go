package tz

import (
	"fmt"
	"testing"
	"time"

	"github.com/klaver/klaver/internal/civil"
)

// wall parses a wall-clock time written as 2006-01-02T15:04:05.
func wall(t testing.TB, s string) civil.DateTime {
	t.Helper()
	tm, err := time.Parse("2006-01-02T15:04:05", s)
	if err != nil {
		t.Fatalf("bad wall-clock time %q: %v", s, err)
	}
	return civil.DateTime{
		Date: civil.Date{Year: tm.Year(), Month: int(tm.Month()), Day: tm.Day()},
		Hour: tm.Hour(), Minute: tm.Minute(), Second: tm.Second(),
	}
}

// unix parses an instant written in RFC 3339.
func unix(t testing.TB, s string) int64 {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("bad instant %q: %v", s, err)
	}
	return tm.Unix()
}

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func utcString(sec int64) string {
	return time.Unix(sec, 0).UTC().Format(time.RFC3339)
}

// rfcCases are wall-clock times around DST changes and what RFC 5545
// §3.3.5 makes of them: a time in a gap takes the offset before the gap, a
// repeated time means its first occurrence.
var rfcCases = []struct {
	zone, wall, want, why string
}{
	{"Europe/Amsterdam", "2026-03-29T01:59:59", "2026-03-29T00:59:59Z", "last second of winter time"},
	{"Europe/Amsterdam", "2026-03-29T02:00:00", "2026-03-29T01:00:00Z", "gap start, offset before (+01:00)"},
	{"Europe/Amsterdam", "2026-03-29T02:30:00", "2026-03-29T01:30:00Z", "in the gap, offset before (+01:00)"},
	{"Europe/Amsterdam", "2026-03-29T03:00:00", "2026-03-29T01:00:00Z", "first summer time"},
	{"Europe/Amsterdam", "2026-07-01T12:00:00", "2026-07-01T10:00:00Z", "summer"},
	{"Europe/Amsterdam", "2026-10-25T01:59:59", "2026-10-24T23:59:59Z", "before the overlap"},
	{"Europe/Amsterdam", "2026-10-25T02:00:00", "2026-10-25T00:00:00Z", "overlap start, first occurrence (+02:00)"},
	{"Europe/Amsterdam", "2026-10-25T02:30:00", "2026-10-25T00:30:00Z", "overlap, first occurrence (+02:00)"},
	{"Europe/Amsterdam", "2026-10-25T02:59:59", "2026-10-25T00:59:59Z", "overlap end, first occurrence"},
	{"Europe/Amsterdam", "2026-10-25T03:00:00", "2026-10-25T02:00:00Z", "winter time again"},
	{"America/New_York", "2026-03-08T02:30:00", "2026-03-08T07:30:00Z", "in the gap, offset before (-05:00)"},
	{"America/New_York", "2026-03-08T03:00:00", "2026-03-08T07:00:00Z", "first daylight time"},
	{"America/New_York", "2026-11-01T01:30:00", "2026-11-01T05:30:00Z", "overlap, first occurrence (-04:00)"},
	{"America/New_York", "2026-11-01T02:00:00", "2026-11-01T07:00:00Z", "standard time again"},
	{"Australia/Sydney", "2026-04-05T02:30:00", "2026-04-04T15:30:00Z", "overlap, first occurrence (+11:00)"},
	{"Australia/Sydney", "2026-04-05T03:00:00", "2026-04-04T17:00:00Z", "standard time again"},
	{"Australia/Sydney", "2026-10-04T02:30:00", "2026-10-03T16:30:00Z", "in the gap, offset before (+10:00)"},
	{"Australia/Sydney", "2026-10-04T03:00:00", "2026-10-03T16:00:00Z", "first daylight time"},
	{"Australia/Lord_Howe", "2026-04-05T01:45:00", "2026-04-04T14:45:00Z", "30-minute overlap, first occurrence (+11:00)"},
	{"Australia/Lord_Howe", "2026-04-05T02:00:00", "2026-04-04T15:30:00Z", "standard time again (+10:30)"},
	{"Australia/Lord_Howe", "2026-10-04T02:15:00", "2026-10-03T15:45:00Z", "30-minute gap, offset before (+10:30)"},
	{"Australia/Lord_Howe", "2026-10-04T02:30:00", "2026-10-03T15:30:00Z", "first daylight time (+11:00)"},
	{"Asia/Kolkata", "2026-06-01T09:00:00", "2026-06-01T03:30:00Z", "no DST"},
	{"Pacific/Apia", "2011-12-30T12:00:00", "2011-12-30T22:00:00Z", "the day Samoa skipped, offset before (-10:00)"},
	{"Pacific/Apia", "2011-12-31T12:00:00", "2011-12-30T22:00:00Z", "after the skip (+14:00)"},
	{"Europe/Amsterdam", "1900-06-01T12:00:00", "1900-06-01T11:40:28Z", "Amsterdam mean time (+00:19:32)"},
	{"America/New_York", "2450-07-01T12:00:00", "2450-07-01T16:00:00Z", "beyond the cached years, by the zone's rule"},
	{"America/New_York", "1700-01-01T00:00:00", "1700-01-01T04:56:02Z", "before the zone's history (LMT)"},
}

func TestFromLocationFollowsRFC5545(t *testing.T) {
	for _, c := range rfcCases {
		t.Run(c.zone+"/"+c.wall, func(t *testing.T) {
			z := FromLocation(mustLoad(t, c.zone))
			if got, want := z.Instant(wall(t, c.wall)), unix(t, c.want); got != want {
				t.Errorf("%s %s = %s, want %s (%s)", c.zone, c.wall, utcString(got), c.want, c.why)
			}
		})
	}
}

// TestTimeDateDisagrees records why FromLocation does not use time.Date:
// in a gap or overlap time.Date picks an offset that depends on the side of
// UTC the zone is on, and half of these cases differ from RFC 5545.
func TestTimeDateDisagrees(t *testing.T) {
	differ := 0
	for _, c := range rfcCases {
		loc := mustLoad(t, c.zone)
		w := wall(t, c.wall)
		goUnix := time.Date(w.Year, time.Month(w.Month), w.Day, w.Hour, w.Minute, w.Second, 0, loc).Unix()
		if goUnix != unix(t, c.want) {
			differ++
			t.Logf("time.Date: %s %s = %s, RFC 5545: %s (%s)", c.zone, c.wall, utcString(goUnix), c.want, c.why)
		}
	}
	if differ == 0 {
		t.Log("time.Date now agrees with RFC 5545 in every case")
	}
}

// referenceInstant reads a wall-clock time the slow, obvious way: of the
// instants that show it, the first; in a gap, the offset from a day before.
// It assumes changes at least two days apart.
func referenceInstant(loc *time.Location, dt civil.DateTime) int64 {
	local := dt.Seconds()
	offsetAt := func(u int64) int64 {
		_, off := time.Unix(u, 0).In(loc).Zone()
		return int64(off)
	}
	best, found := int64(0), false
	for _, off := range []int64{offsetAt(local - 2*86400), offsetAt(local), offsetAt(local + 2*86400)} {
		u := local - off
		if offsetAt(u) == off && (!found || u < best) {
			best, found = u, true
		}
	}
	if found {
		return best
	}
	return local - offsetAt(local-2*86400)
}

var testZones = []string{
	"Europe/Amsterdam", "Europe/London", "America/New_York", "America/Sao_Paulo",
	"Australia/Sydney", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Tehran",
	"Africa/Casablanca", "America/Santiago", "Asia/Kathmandu",
}

func TestFromLocationMatchesReference(t *testing.T) {
	from := civil.Date{Year: 2020, Month: 1, Day: 1}.At(0, 0, 0).Seconds()
	to := civil.Date{Year: 2031, Month: 1, Day: 1}.At(0, 0, 0).Seconds()
	step := int64(17*60 + 13) // odd, so every minute of the hour comes up
	if testing.Short() {
		step *= 7
	}
	for _, name := range testZones {
		loc := mustLoad(t, name)
		z := FromLocation(loc)
		bad := 0
		for s := from; s < to && bad < 5; s += step {
			dt := civil.FromSeconds(s)
			if got, want := z.Instant(dt), referenceInstant(loc, dt); got != want {
				t.Errorf("%s %s = %s, want %s", name, dt, utcString(got), utcString(want))
				bad++
			}
		}
	}
}

// TestFromLocationUnderRecurringRules covers the years after the zone
// files' explicit changes, where the time package computes offsets from
// each zone's rule, including the ends of leap years.
func TestFromLocationUnderRecurringRules(t *testing.T) {
	from := civil.Date{Year: 2036, Month: 1, Day: 1}.At(0, 0, 0).Seconds()
	to := civil.Date{Year: 2101, Month: 1, Day: 1}.At(0, 0, 0).Seconds()
	for _, name := range []string{"Europe/Amsterdam", "America/New_York", "Australia/Sydney"} {
		loc := mustLoad(t, name)
		z := FromLocation(loc)
		for s := from; s < to; s += 6*3600 + 13*60 + 7 {
			dt := civil.FromSeconds(s)
			if got, want := z.Instant(dt), referenceInstant(loc, dt); got != want {
				t.Fatalf("%s %s = %s, want %s", name, dt, utcString(got), utcString(want))
			}
		}
	}
}

// TestFromLocationAroundEveryChange checks every minute within three hours
// of each change in 2020–2030, where the gaps and overlaps are.
func TestFromLocationAroundEveryChange(t *testing.T) {
	for _, name := range testZones {
		loc := mustLoad(t, name)
		z := FromLocation(loc)
		tm := time.Date(2020, 1, 1, 0, 0, 0, 0, loc)
		for tm.Year() < 2031 {
			_, end := tm.ZoneBounds()
			if end.IsZero() {
				break
			}
			_, off := end.Zone()
			center := end.Unix() + int64(off)
			for s := center - 3*3600; s <= center+3*3600; s += 60 {
				dt := civil.FromSeconds(s)
				if got, want := z.Instant(dt), referenceInstant(loc, dt); got != want {
					t.Fatalf("%s %s = %s, want %s", name, dt, utcString(got), utcString(want))
				}
			}
			tm = end
		}
	}
}

func TestFromLocationNilAndUTC(t *testing.T) {
	dt := civil.Date{Year: 2026, Month: 5, Day: 17}.At(9, 30, 0)
	want := unix(t, "2026-05-17T09:30:00Z")
	for name, z := range map[string]Zone{
		"UTC()": UTC(), "FromLocation(nil)": FromLocation(nil), "FromLocation(time.UTC)": FromLocation(time.UTC),
		"FromLocation(FixedZone)": FromLocation(time.FixedZone("", 0)),
	} {
		if got := z.Instant(dt); got != want {
			t.Errorf("%s.Instant(%s) = %s, want %s", name, dt, utcString(got), utcString(want))
		}
	}
	fixed := FromLocation(time.FixedZone("", -(3*3600 + 30*60)))
	if got, want := fixed.Instant(dt), unix(t, "2026-05-17T13:00:00Z"); got != want {
		t.Errorf("fixed -03:30: %s, want %s", utcString(got), utcString(want))
	}
}

// TestFromLocationFarYears checks that years outside the cached span and
// unnormalised wall-clock values neither panic nor disagree with the
// location.
func TestFromLocationFarYears(t *testing.T) {
	loc := mustLoad(t, "Europe/Amsterdam")
	z := FromLocation(loc)
	for _, year := range []int{-50000, 1, 1000, 1799, 1800, 2399, 2400, 9999, 10000, 1 << 40} {
		dt := civil.Date{Year: year, Month: 7, Day: 1}.At(12, 0, 0)
		got := z.Instant(dt)
		if year >= 1 && year <= 9999 {
			if want := referenceInstant(loc, dt); got != want {
				t.Errorf("year %d: %s, want %s", year, utcString(got), utcString(want))
			}
		}
	}
	odd := civil.DateTime{Date: civil.Date{Year: 2026, Month: 13, Day: 40}, Hour: 25, Minute: 61, Second: 61}
	z.Instant(odd) // must not panic
}

func TestFromLocationConcurrent(t *testing.T) {
	z := FromLocation(mustLoad(t, "America/New_York"))
	done := make(chan int64)
	for g := range 4 {
		go func() {
			var sum int64
			for y := 1800 + g; y < 2400; y += 4 {
				sum += z.Instant(civil.Date{Year: y, Month: 3, Day: 15}.At(12, 0, 0))
			}
			done <- sum
		}()
	}
	for range 4 {
		<-done
	}
	loc := mustLoad(t, "America/New_York")
	for y := 1800; y < 2400; y += 37 {
		dt := civil.Date{Year: y, Month: 11, Day: 2}.At(1, 30, 0)
		if got, want := z.Instant(dt), referenceInstant(loc, dt); got != want {
			t.Errorf("%s = %s, want %s", dt, utcString(got), utcString(want))
		}
	}
}

// benchTimes are wall-clock times spread over 2024–2027, as a calendar's
// occurrences are.
func benchTimes() []civil.DateTime {
	var out []civil.DateTime
	start := civil.Date{Year: 2024, Month: 1, Day: 1}.At(9, 0, 0).Seconds()
	for i := range 1024 {
		out = append(out, civil.FromSeconds(start+int64(i)*(86400+3671)))
	}
	return out
}

func BenchmarkInstant(b *testing.B) {
	times := benchTimes()
	for _, name := range []string{"Europe/Amsterdam", "America/New_York", "Australia/Lord_Howe"} {
		loc := mustLoad(b, name)
		b.Run(fmt.Sprintf("FromLocation/%s", name), func(b *testing.B) {
			z := FromLocation(loc)
			b.ReportAllocs()
			var sink int64
			for i := 0; b.Loop(); i++ {
				sink += z.Instant(times[i&1023])
			}
			_ = sink
		})
		b.Run(fmt.Sprintf("TimeDate/%s", name), func(b *testing.B) {
			b.ReportAllocs()
			var sink int64
			for i := 0; b.Loop(); i++ {
				dt := times[i&1023]
				sink += time.Date(dt.Year, time.Month(dt.Month), dt.Day, dt.Hour, dt.Minute, dt.Second, 0, loc).Unix()
			}
			_ = sink
		})
	}
}

// BenchmarkInstantUTC is the floor: converting the wall-clock time to
// seconds and one interface call.
func BenchmarkInstantUTC(b *testing.B) {
	times := benchTimes()
	z := UTC()
	b.ReportAllocs()
	var sink int64
	for i := 0; b.Loop(); i++ {
		sink += z.Instant(times[i&1023])
	}
	_ = sink
}

// BenchmarkFromLocationFirstUse is the cost of a new Zone's first call,
// which builds the table for sixteen years.
func BenchmarkFromLocationFirstUse(b *testing.B) {
	loc := mustLoad(b, "Europe/Amsterdam")
	dt := civil.Date{Year: 2026, Month: 5, Day: 4}.At(9, 0, 0)
	b.ReportAllocs()
	for b.Loop() {
		FromLocation(loc).Instant(dt)
	}
}
