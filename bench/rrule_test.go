package bench

import (
	"testing"
	"time"

	rrulego "github.com/teambition/rrule-go"

	"github.com/klaver/klaver/internal/civil"
	"github.com/klaver/klaver/internal/rrule"
	"github.com/klaver/klaver/internal/tz"
)

// rruleBenchCase is one rule expanded over one window by both libraries.
// The start, a Friday that is also the last weekday and the last Friday of
// its month, is an occurrence of every rule that can match, so both
// libraries yield the same series.
type rruleBenchCase struct {
	name  string
	rule  string
	start civil.DateTime
	limit civil.DateTime
}

var (
	rruleBenchStart = civil.Date{Year: 2026, Month: 1, Day: 30}.At(9, 0, 0)
	rruleTenYears   = civil.Date{Year: 2036, Month: 1, Day: 29}.At(23, 59, 59)
)

var rruleBenchCases = []rruleBenchCase{
	{"Daily", "FREQ=DAILY", rruleBenchStart, rruleTenYears},
	{"WeeklyMoWeFr", "FREQ=WEEKLY;BYDAY=MO,WE,FR", rruleBenchStart, rruleTenYears},
	{"MonthlyLastFriday", "FREQ=MONTHLY;BYDAY=-1FR", rruleBenchStart, rruleTenYears},
	{"MonthlyLastWeekday", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", rruleBenchStart, rruleTenYears},
	{"YearlyNever", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", rruleBenchStart, civil.Date{Year: 2100, Month: 12, Day: 31}.At(23, 59, 59)},
}

// BenchmarkRrule expands each rule with klaver's wall-clock iterator (with
// and without turning occurrences into instants) and with rrule-go at its
// best: the rule parsed once, DTSTART in Europe/Amsterdam, and either its
// iterator bounded by UNTIL set to the window's end or Between over the
// window.
func BenchmarkRrule(b *testing.B) {
	ams := amsterdam(b)
	zone := tz.FromLocation(ams)
	for _, c := range rruleBenchCases {
		r, err := rrule.Parse(c.rule)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name+"/klaver", func(b *testing.B) {
			benchmarkKlaver(b, r, c, nil)
		})
		b.Run(c.name+"/klaver+instant", func(b *testing.B) {
			benchmarkKlaver(b, r, c, zone)
		})
		start, limit := inZone(c.start, ams), inZone(c.limit, ams)
		b.Run(c.name+"/rrule-go-iterator", func(b *testing.B) {
			g, err := rrulego.StrToRRule(c.rule)
			if err != nil {
				b.Fatal(err)
			}
			g.DTStart(start)
			g.Until(limit)
			benchmarkRruleGo(b, func() int {
				n := 0
				next := g.Iterator()
				for _, ok := next(); ok; _, ok = next() {
					n++
				}
				return n
			})
		})
		b.Run(c.name+"/rrule-go-between", func(b *testing.B) {
			g, err := rrulego.StrToRRule(c.rule)
			if err != nil {
				b.Fatal(err)
			}
			g.DTStart(start)
			benchmarkRruleGo(b, func() int { return len(g.Between(start, limit, true)) })
		})
	}
}

// benchmarkKlaver expands r over c's window; with a zone it also turns
// every occurrence into an instant, as the audit does.
func benchmarkKlaver(b *testing.B, r *rrule.Rule, c rruleBenchCase, zone tz.Zone) {
	b.ReportAllocs()
	total := 0
	var sink int64
	for b.Loop() {
		it := r.Iterate(c.start, false, c.limit, nil)
		for dt, ok := it.Next(); ok; dt, ok = it.Next() {
			if zone != nil {
				sink += zone.Instant(dt)
			}
			total++
		}
	}
	_ = sink
	reportPerOccurrence(b, total)
}

func benchmarkRruleGo(b *testing.B, expand func() int) {
	b.ReportAllocs()
	total := 0
	for b.Loop() {
		total += expand()
	}
	reportPerOccurrence(b, total)
}

func reportPerOccurrence(b *testing.B, total int) {
	b.ReportMetric(float64(total)/float64(b.N), "occurrences/op")
	if total > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(total), "ns/occurrence")
	}
}

// TestRruleBenchSeriesAgree makes sure the benchmark compares equal work:
// both libraries yield the same instants for every benchmarked rule.
func TestRruleBenchSeriesAgree(t *testing.T) {
	ams := amsterdam(t)
	for _, c := range rruleBenchCases {
		want := klaverInstants(t, c.rule, c.start, c.limit, ams, 1<<20)
		got := rruleGoInstants(t, c.rule, c.start, c.limit, ams, 1<<20)
		if c.name == "YearlyNever" {
			// Only DTSTART, which rrule-go leaves out when it does not
			// match; TestRruleAgainstRruleGo covers that difference.
			if len(want) != 1 || len(got) != 0 {
				t.Errorf("%s: klaver %v, rrule-go %v; want only DTSTART and nothing", c.name, want, got)
			}
			continue
		}
		if len(want) != len(got) {
			t.Errorf("%s: klaver %d occurrences, rrule-go %d", c.name, len(want), len(got))
			continue
		}
		for i := range want {
			if want[i] != got[i] {
				t.Errorf("%s: occurrence %d: klaver %s, rrule-go %s", c.name, i, want[i], got[i])
				break
			}
		}
	}
}

// TestRruleAgainstRruleGo checks klaver's expansion against occurrences
// worked out by hand from RFC 5545 §3.3.10 and §3.3.5 in Europe/Amsterdam,
// and logs where rrule-go yields something else.
func TestRruleAgainstRruleGo(t *testing.T) {
	ams := amsterdam(t)
	limit := civil.Date{Year: 2040, Month: 1, Day: 1}.At(0, 0, 0)
	at := func(y, mo, d, h, mi int) civil.DateTime { return civil.Date{Year: y, Month: mo, Day: d}.At(h, mi, 0) }
	cases := []struct {
		name  string
		rule  string
		start civil.DateTime
		want  []string // instants in Amsterdam time with their offset
	}{
		{
			// 02:30 does not exist on 2026-03-29: the offset before the gap
			// applies, which is 03:30 summer time.
			"daily in the spring gap", "FREQ=DAILY;COUNT=5", at(2026, 3, 27, 2, 30),
			[]string{"2026-03-27T02:30:00+01:00", "2026-03-28T02:30:00+01:00", "2026-03-29T03:30:00+02:00",
				"2026-03-30T02:30:00+02:00", "2026-03-31T02:30:00+02:00"},
		},
		{
			// 02:30 occurs twice on 2026-10-25: the first one is meant.
			"daily in the repeated autumn hour", "FREQ=DAILY;COUNT=5", at(2026, 10, 23, 2, 30),
			[]string{"2026-10-23T02:30:00+02:00", "2026-10-24T02:30:00+02:00", "2026-10-25T02:30:00+02:00",
				"2026-10-26T02:30:00+01:00", "2026-10-27T02:30:00+01:00"},
		},
		{
			// The rule runs on wall-clock hours; 02:00 is the first 02:00.
			"hourly across the autumn change", "FREQ=HOURLY;INTERVAL=1;COUNT=6", at(2026, 10, 25, 0, 0),
			[]string{"2026-10-25T00:00:00+02:00", "2026-10-25T01:00:00+02:00", "2026-10-25T02:00:00+02:00",
				"2026-10-25T03:00:00+01:00", "2026-10-25T04:00:00+01:00", "2026-10-25T05:00:00+01:00"},
		},
		{
			// Wall-clock 02:00 falls in the gap and lands on the same
			// instant as 03:00.
			"hourly across the spring change", "FREQ=HOURLY;COUNT=5", at(2026, 3, 29, 0, 0),
			[]string{"2026-03-29T00:00:00+01:00", "2026-03-29T01:00:00+01:00", "2026-03-29T03:00:00+02:00",
				"2026-03-29T03:00:00+02:00", "2026-03-29T04:00:00+02:00"},
		},
		{
			"last weekday of the month", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=6", at(2026, 1, 30, 9, 0),
			[]string{"2026-01-30T09:00:00+01:00", "2026-02-27T09:00:00+01:00", "2026-03-31T09:00:00+02:00",
				"2026-04-30T09:00:00+02:00", "2026-05-29T09:00:00+02:00", "2026-06-30T09:00:00+02:00"},
		},
		{
			"first and last of a month's Monday slots", "FREQ=MONTHLY;BYDAY=MO;BYHOUR=9,17;BYSETPOS=1,-1;COUNT=4", at(2026, 3, 2, 9, 0),
			[]string{"2026-03-02T09:00:00+01:00", "2026-03-30T17:00:00+02:00", "2026-04-06T09:00:00+02:00",
				"2026-04-27T17:00:00+02:00"},
		},
		{
			// DTSTART is always the first occurrence and counts toward COUNT.
			"DTSTART that does not match", "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", at(2026, 1, 5, 9, 0),
			[]string{"2026-01-05T09:00:00+01:00", "2026-01-30T09:00:00+01:00", "2026-02-27T09:00:00+01:00"},
		},
		{
			// Week 1 may start in December of the year before.
			"BYWEEKNO=1", "FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO;COUNT=5", at(2025, 12, 29, 9, 0),
			[]string{"2025-12-29T09:00:00+01:00", "2027-01-04T09:00:00+01:00", "2028-01-03T09:00:00+01:00",
				"2029-01-01T09:00:00+01:00", "2029-12-31T09:00:00+01:00"},
		},
		{
			"BYWEEKNO=53", "FREQ=YEARLY;BYWEEKNO=53;BYDAY=TH;COUNT=3", at(2026, 12, 31, 9, 0),
			[]string{"2026-12-31T09:00:00+01:00", "2032-12-30T09:00:00+01:00", "2037-12-31T09:00:00+01:00"},
		},
		{
			// With WKST=SU week 1 is the first Sunday-to-Saturday week
			// holding four days of the year.
			"BYWEEKNO with WKST=SU", "FREQ=YEARLY;BYWEEKNO=1;WKST=SU;BYDAY=SU;COUNT=3", at(2026, 1, 4, 9, 0),
			[]string{"2026-01-04T09:00:00+01:00", "2027-01-03T09:00:00+01:00", "2028-01-02T09:00:00+01:00"},
		},
		{
			// UNTIL in UTC is an instant: 09:00 winter time is 08:00Z.
			"UNTIL in UTC after the autumn change", "FREQ=WEEKLY;BYDAY=MO;UNTIL=20261026T080000Z", at(2026, 10, 5, 9, 0),
			[]string{"2026-10-05T09:00:00+02:00", "2026-10-12T09:00:00+02:00", "2026-10-19T09:00:00+02:00",
				"2026-10-26T09:00:00+01:00"},
		},
		{
			"UNTIL in UTC cuts at the autumn change", "FREQ=DAILY;UNTIL=20261025T073000Z", at(2026, 10, 23, 9, 0),
			[]string{"2026-10-23T09:00:00+02:00", "2026-10-24T09:00:00+02:00"},
		},
		{
			"leap day", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=3", at(2024, 2, 29, 9, 0),
			[]string{"2024-02-29T09:00:00+01:00", "2028-02-29T09:00:00+01:00", "2032-02-29T09:00:00+01:00"},
		},
		{
			"the 31st skips short months", "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=4", at(2026, 1, 31, 9, 0),
			[]string{"2026-01-31T09:00:00+01:00", "2026-03-31T09:00:00+02:00", "2026-05-31T09:00:00+02:00",
				"2026-07-31T09:00:00+02:00"},
		},
	}
	for _, c := range cases {
		got := klaverInstants(t, c.rule, c.start, limit, ams, 100)
		if !equalStrings(got, c.want) {
			t.Errorf("%s: %s from %s:\n got %v\nwant %v", c.name, c.rule, c.start, got, c.want)
		}
		other := rruleGoInstants(t, c.rule, c.start, limit, ams, 100)
		if !equalStrings(other, c.want) {
			t.Logf("rrule-go differs on %s (%s from %s):\n  rrule-go %v\n  RFC 5545 %v", c.name, c.rule, c.start, other, c.want)
		}
	}
}

// klaverInstants expands rule from start and formats every occurrence as
// the instant it is in loc.
func klaverInstants(t testing.TB, rule string, start, limit civil.DateTime, loc *time.Location, max int) []string {
	t.Helper()
	r, err := rrule.Parse(rule)
	if err != nil {
		t.Fatalf("rrule.Parse(%q): %v", rule, err)
	}
	zone := tz.FromLocation(loc)
	var out []string
	it := r.Iterate(start, false, limit, zone.Instant)
	for dt, ok := it.Next(); ok && len(out) < max; dt, ok = it.Next() {
		out = append(out, time.Unix(zone.Instant(dt), 0).In(loc).Format(time.RFC3339))
	}
	return out
}

// rruleGoInstants does the same with rrule-go, with DTSTART and any local
// UNTIL in loc.
func rruleGoInstants(t testing.TB, rule string, start, limit civil.DateTime, loc *time.Location, max int) []string {
	t.Helper()
	opt, err := rrulego.StrToROptionInLocation(rule, loc)
	if err != nil {
		t.Fatalf("rrule-go StrToROptionInLocation(%q): %v", rule, err)
	}
	opt.Dtstart = inZone(start, loc)
	g, err := rrulego.NewRRule(*opt)
	if err != nil {
		t.Fatalf("rrule-go NewRRule(%q): %v", rule, err)
	}
	end := inZone(limit, loc)
	var out []string
	next := g.Iterator()
	for o, ok := next(); ok && len(out) < max && !o.After(end); o, ok = next() {
		out = append(out, o.In(loc).Format(time.RFC3339))
	}
	return out
}

// inZone is the time package's reading of a wall-clock time in loc, as
// rrule-go's users build their DTSTART.
func inZone(dt civil.DateTime, loc *time.Location) time.Time {
	return time.Date(dt.Year, time.Month(dt.Month), dt.Day, dt.Hour, dt.Minute, dt.Second, 0, loc)
}

func amsterdam(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatalf("loading Europe/Amsterdam: %v", err)
	}
	return loc
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
