package tz

import (
	"strings"
	"testing"
	"time"

	"github.com/klaver/klaver/internal/civil"
)

const hour = 3600

// outlookWEurope is the VTIMEZONE Outlook writes for "W. Europe Standard
// Time": rules from 1601 on, DTSTARTs that do not match their rules.
func outlookWEurope(t testing.TB) []Observance {
	return []Observance{
		{
			Start:      wall(t, "1601-01-01T03:00:00"),
			OffsetFrom: 2 * hour, OffsetTo: 1 * hour,
			RRule: "FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10",
		},
		{
			Daylight:   true,
			Start:      wall(t, "1601-01-01T02:00:00"),
			OffsetFrom: 1 * hour, OffsetTo: 2 * hour,
			RRule: "FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3",
		},
	}
}

// newYorkHistory is America/New_York as full-history VTIMEZONEs write it:
// the rules before 2007 end with UNTIL in UTC, new ones follow.
func newYorkHistory(t testing.TB) []Observance {
	return []Observance{
		{Daylight: true, Start: wall(t, "1987-04-05T02:00:00"), OffsetFrom: -5 * hour, OffsetTo: -4 * hour,
			RRule: "FREQ=YEARLY;UNTIL=20060402T070000Z;BYMONTH=4;BYDAY=1SU"},
		{Start: wall(t, "1967-10-29T02:00:00"), OffsetFrom: -4 * hour, OffsetTo: -5 * hour,
			RRule: "FREQ=YEARLY;UNTIL=20061029T060000Z;BYMONTH=10;BYDAY=-1SU"},
		{Daylight: true, Start: wall(t, "2007-03-11T02:00:00"), OffsetFrom: -5 * hour, OffsetTo: -4 * hour,
			RRule: "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"},
		{Start: wall(t, "2007-11-04T02:00:00"), OffsetFrom: -4 * hour, OffsetTo: -5 * hour,
			RRule: "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"},
	}
}

// amsterdamRDates is Europe/Amsterdam 1981–1983 written with RDATEs.
func amsterdamRDates(t testing.TB) []Observance {
	return []Observance{
		{Daylight: true, Start: wall(t, "1981-03-29T02:00:00"), OffsetFrom: 1 * hour, OffsetTo: 2 * hour,
			RDates: []civil.DateTime{wall(t, "1982-03-28T02:00:00"), wall(t, "1983-03-27T02:00:00")}},
		{Start: wall(t, "1981-09-27T03:00:00"), OffsetFrom: 2 * hour, OffsetTo: 1 * hour,
			RDates: []civil.DateTime{wall(t, "1983-09-25T03:00:00"), wall(t, "1982-09-26T03:00:00")}},
	}
}

func mustCustom(t testing.TB, tzid string, obs []Observance) Zone {
	t.Helper()
	z, err := Custom(tzid, obs)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

// sameInstants compares two zones on wall-clock times from..to, every step
// seconds, and minute by minute within three hours of every change of want.
func sameInstants(t *testing.T, got, want Zone, from, to string, step int64) {
	t.Helper()
	lo, hi := wall(t, from).Seconds(), wall(t, to).Seconds()
	bad := 0
	check := func(s int64) {
		dt := civil.FromSeconds(s)
		if g, w := got.Instant(dt), want.Instant(dt); g != w && bad < 5 {
			t.Errorf("%s: %s, want %s", dt, utcString(g), utcString(w))
			bad++
		}
	}
	prev := want.Instant(civil.FromSeconds(lo)) - lo
	for s := lo; s < hi; s += step {
		check(s)
		// A different offset means a change since the last step: look at
		// every minute around it.
		if off := want.Instant(civil.FromSeconds(s)) - s; off != prev {
			for m := s - step - 3*hour; m < s+3*hour; m += 60 {
				check(m)
			}
			prev = off
		}
	}
}

func TestCustomOutlookMatchesIANA(t *testing.T) {
	custom := mustCustom(t, "W. Europe Standard Time", outlookWEurope(t))
	iana := FromLocation(mustLoad(t, "Europe/Amsterdam"))
	sameInstants(t, custom, iana, "2020-01-01T00:00:00", "2031-01-01T00:00:00", 3*hour+7*60+11)
}

func TestCustomFullHistoryMatchesIANA(t *testing.T) {
	custom := mustCustom(t, "America/New_York", newYorkHistory(t))
	iana := FromLocation(mustLoad(t, "America/New_York"))
	sameInstants(t, custom, iana, "1988-01-01T00:00:00", "2040-01-01T00:00:00", 5*hour+7*60+11)
}

func TestCustomRDatesMatchIANA(t *testing.T) {
	custom := mustCustom(t, "Amsterdam 1981", amsterdamRDates(t))
	iana := FromLocation(mustLoad(t, "Europe/Amsterdam"))
	sameInstants(t, custom, iana, "1981-01-01T00:00:00", "1984-03-01T00:00:00", hour+7*60+11)
}

// oddZone is a zone only its calendar defines, with offsets no real zone
// has and a 45-minute shift, on the southern calendar: daylight time from
// October to April.
func oddZone(t testing.TB) []Observance {
	return []Observance{
		{Start: wall(t, "1970-04-05T03:00:00"), OffsetFrom: 6*hour + 22*60, OffsetTo: 5*hour + 37*60,
			RRule: "FREQ=YEARLY;BYMONTH=4;BYDAY=1SU"},
		{Daylight: true, Start: wall(t, "1970-10-04T02:00:00"), OffsetFrom: 5*hour + 37*60, OffsetTo: 6*hour + 22*60,
			RRule: "FREQ=YEARLY;BYMONTH=10;BYDAY=1SU"},
	}
}

func TestCustomGapsAndOverlaps(t *testing.T) {
	cases := []struct {
		name string
		obs  func(testing.TB) []Observance
		wall string
		want string
	}{
		{"odd zone, southern summer (+06:22)", oddZone, "2026-01-15T12:00:00", "2026-01-15T05:38:00Z"},
		{"odd zone, southern winter (+05:37)", oddZone, "2026-07-15T12:00:00", "2026-07-15T06:23:00Z"},
		{"odd zone, before the gap", oddZone, "2026-10-04T01:59:59", "2026-10-03T20:22:59Z"},
		{"odd zone, in the gap takes the offset before", oddZone, "2026-10-04T02:30:00", "2026-10-03T20:53:00Z"},
		{"odd zone, after the gap", oddZone, "2026-10-04T02:45:00", "2026-10-03T20:23:00Z"},
		{"odd zone, overlap means the first", oddZone, "2026-04-05T02:30:00", "2026-04-04T20:08:00Z"},
		{"odd zone, end of overlap", oddZone, "2026-04-05T03:00:00", "2026-04-04T21:23:00Z"},
		{"odd zone, before its first onset (+06:22)", oddZone, "1960-06-01T12:00:00", "1960-06-01T05:38:00Z"},
		{"Outlook, in the gap", outlookWEurope, "2026-03-29T02:30:00", "2026-03-29T01:30:00Z"},
		{"Outlook, overlap", outlookWEurope, "2026-10-25T02:30:00", "2026-10-25T00:30:00Z"},
		{"Outlook, far future", outlookWEurope, "2150-07-01T12:00:00", "2150-07-01T10:00:00Z"},
		{"Outlook, after the table's years", outlookWEurope, "2300-01-15T12:00:00", "2300-01-15T11:00:00Z"},
		{"Outlook, before the table's years", outlookWEurope, "1850-01-15T12:00:00", "1850-01-15T11:00:00Z"},
		{"RDATEs, before the first onset", amsterdamRDates, "1980-07-01T12:00:00", "1980-07-01T11:00:00Z"},
		{"RDATEs, after the last onset", amsterdamRDates, "1990-07-01T12:00:00", "1990-07-01T11:00:00Z"},
		{"RDATEs, summer", amsterdamRDates, "1982-07-01T12:00:00", "1982-07-01T10:00:00Z"},
	}
	for _, c := range cases {
		z := mustCustom(t, "Custom/Zone", c.obs(t))
		if got, want := z.Instant(wall(t, c.wall)), unix(t, c.want); got != want {
			t.Errorf("%s: %s = %s, want %s", c.name, c.wall, utcString(got), c.want)
		}
	}
}

func TestCustomByMonthDayAndSingleOffset(t *testing.T) {
	// A zone that changes on fixed days, like Iran's former rule.
	fixedDays := []Observance{
		{Daylight: true, Start: wall(t, "2000-03-22T00:00:00"), OffsetFrom: 3*hour + 30*60, OffsetTo: 4*hour + 30*60,
			RRule: "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=22"},
		{Start: wall(t, "2000-09-22T00:00:00"), OffsetFrom: 4*hour + 30*60, OffsetTo: 3*hour + 30*60,
			RRule: "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=22"},
	}
	z := mustCustom(t, "Fixed days", fixedDays)
	for wallTime, want := range map[string]string{
		"2026-03-21T23:59:00": "2026-03-21T20:29:00Z",
		"2026-03-22T00:30:00": "2026-03-21T21:00:00Z", // gap: offset before
		"2026-03-22T01:00:00": "2026-03-21T20:30:00Z",
		"2026-09-21T23:30:00": "2026-09-21T19:00:00Z", // overlap: the first
		"2026-09-22T00:00:00": "2026-09-21T20:30:00Z",
	} {
		if got := z.Instant(wall(t, wallTime)); got != unix(t, want) {
			t.Errorf("%s = %s, want %s", wallTime, utcString(got), want)
		}
	}
	// One STANDARD part and no rule: a fixed offset.
	single := mustCustom(t, "Fixed", []Observance{{Start: wall(t, "1970-01-01T00:00:00"), OffsetFrom: -9000, OffsetTo: -9000}})
	if got, want := single.Instant(wall(t, "2026-05-01T10:00:00")), unix(t, "2026-05-01T12:30:00Z"); got != want {
		t.Errorf("fixed -02:30: %s", utcString(got))
	}
}

func TestCustomErrors(t *testing.T) {
	good := Observance{Start: wall(t, "1970-01-01T00:00:00"), OffsetFrom: 3600, OffsetTo: 3600}
	with := func(change func(*Observance)) []Observance {
		o := good
		change(&o)
		return []Observance{good, o}
	}
	cases := []struct {
		name string
		obs  []Observance
		want string
	}{
		{"no observances", nil, "no STANDARD or DAYLIGHT"},
		{"no DTSTART", with(func(o *Observance) { o.Start = civil.DateTime{} }), "part 2: DTSTART"},
		{"bad DTSTART", with(func(o *Observance) { o.Start.Month = 13 }), "DTSTART"},
		{"TZOFFSETFROM too large", with(func(o *Observance) { o.OffsetFrom = 24 * hour }), "TZOFFSETFROM"},
		{"TZOFFSETTO too small", with(func(o *Observance) { o.OffsetTo = -30 * hour }), "TZOFFSETTO"},
		{"bad RRULE", with(func(o *Observance) { o.RRule = "BYMONTH=3" }), "RRULE"},
		{"bad RDATE", with(func(o *Observance) { o.RDates = []civil.DateTime{{}} }), "RDATE"},
		{"daylight named", with(func(o *Observance) { o.Daylight = true; o.RRule = "FREQ=SOMETIMES" }), "DAYLIGHT part 2"},
	}
	for _, c := range cases {
		_, err := Custom("Custom/Zone", c.obs)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), `"Custom/Zone"`) {
			t.Errorf("%s: error %v, want one naming the zone and %q", c.name, err, c.want)
		}
	}
}

// TestCustomHostile checks that rules no time zone has stay cheap and still
// give an answer.
func TestCustomHostile(t *testing.T) {
	var many []Observance
	for i := range 2000 {
		many = append(many, Observance{
			Daylight: i%2 == 0, Start: wall(t, "1601-01-01T00:00:00").Add(int64(i)),
			OffsetFrom: (i % 5) * hour, OffsetTo: (i % 7) * hour, RRule: "FREQ=SECONDLY",
		})
	}
	cases := map[string][]Observance{
		"secondly": {{Start: wall(t, "2026-01-01T00:00:00"), OffsetFrom: 0, OffsetTo: hour, RRule: "FREQ=SECONDLY"},
			{Start: wall(t, "2026-01-01T00:00:00"), OffsetFrom: hour, OffsetTo: 0, RRule: "FREQ=SECONDLY;INTERVAL=2"}},
		"daily from 1601": {{Start: wall(t, "1601-01-01T00:00:00"), OffsetFrom: 0, OffsetTo: hour, RRule: "FREQ=DAILY"},
			{Start: wall(t, "1601-01-01T12:00:00"), OffsetFrom: hour, OffsetTo: 0, RRule: "FREQ=DAILY"}},
		"never matches": {{Start: wall(t, "1601-01-01T00:00:00"), OffsetFrom: 0, OffsetTo: hour,
			RRule: "FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30"}},
		"2000 secondly observances": many,
	}
	for name, obs := range cases {
		start := time.Now()
		z := mustCustom(t, name, obs)
		dt := wall(t, "2026-06-01T12:00:00")
		got := z.Instant(dt)
		if off := dt.Seconds() - got; off < -24*hour || off > 24*hour {
			t.Errorf("%s: offset %d s", name, off)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: first Instant took %v", name, d)
		}
	}
}

func TestCustomSpan(t *testing.T) {
	lo := civil.Date{Year: customFirstYear, Month: 1, Day: 1}.At(0, 0, 0).Seconds() - yearMargin
	hi := civil.Date{Year: customLastYear + 1, Month: 1, Day: 1}.At(0, 0, 0).Seconds() + yearMargin
	if customLo != lo || customHi != hi {
		t.Errorf("span constants %d..%d, want %d..%d", customLo, customHi, lo, hi)
	}
}

func TestCustomConcurrentFirstUse(t *testing.T) {
	z := mustCustom(t, "W. Europe Standard Time", outlookWEurope(t))
	done := make(chan int64)
	for range 4 {
		go func() { done <- z.Instant(wall(t, "2026-07-01T12:00:00")) }()
	}
	for range 4 {
		if got := <-done; got != unix(t, "2026-07-01T10:00:00Z") {
			t.Errorf("got %s", utcString(got))
		}
	}
}

func BenchmarkInstantCustom(b *testing.B) {
	times := benchTimes()
	z := mustCustom(b, "W. Europe Standard Time", outlookWEurope(b))
	b.ReportAllocs()
	var sink int64
	for i := 0; b.Loop(); i++ {
		sink += z.Instant(times[i&1023])
	}
	_ = sink
}

func BenchmarkCustomFirstUse(b *testing.B) {
	obs := outlookWEurope(b)
	b.ReportAllocs()
	for b.Loop() {
		z, _ := Custom("W. Europe Standard Time", obs)
		z.Instant(civil.Date{Year: 2026, Month: 1, Day: 1}.At(0, 0, 0))
	}
}
