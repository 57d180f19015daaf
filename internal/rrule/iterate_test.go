package rrule

import (
	"fmt"
	"testing"

	"github.com/klaver/klaver/internal/civil"
)

// plusOne converts wall-clock time at UTC+01:00 to Unix seconds.
func plusOne(d civil.DateTime) int64 { return d.Seconds() - 3600 }

func TestIterate(t *testing.T) {
	tests := []struct {
		name     string
		rule     string
		start    string
		dateOnly bool
		limit    string // 2030-12-31T23:59:59 when empty
		instant  func(civil.DateTime) int64
		want     []string
	}{
		// DTSTART, COUNT, UNTIL and the limit.
		{"dtstart off the rule comes first and counts", "FREQ=WEEKLY;BYDAY=MO;COUNT=3", "20260106T100000", false, "", nil,
			[]string{"2026-01-06T10:00:00", "2026-01-12T10:00:00", "2026-01-19T10:00:00"}},
		{"COUNT=1 is dtstart alone", "FREQ=DAILY;COUNT=1", "20260106T100000", false, "", nil,
			[]string{"2026-01-06T10:00:00"}},
		{"UNTIL before dtstart", "FREQ=DAILY;UNTIL=20250101", "20260106T100000", false, "", nil,
			[]string{"2026-01-06T10:00:00"}},
		{"UNTIL as a date covers that whole day", "FREQ=DAILY;UNTIL=20260108", "20260106T233000", false, "", nil,
			[]string{"2026-01-06T23:30:00", "2026-01-07T23:30:00", "2026-01-08T23:30:00"}},
		{"local UNTIL is inclusive", "FREQ=DAILY;UNTIL=20260108T233000", "20260106T233000", false, "", nil,
			[]string{"2026-01-06T23:30:00", "2026-01-07T23:30:00", "2026-01-08T23:30:00"}},
		{"local UNTIL a second early", "FREQ=DAILY;UNTIL=20260108T232959", "20260106T233000", false, "", nil,
			[]string{"2026-01-06T23:30:00", "2026-01-07T23:30:00"}},
		{"UTC UNTIL without a zone reads wall-clock time as UTC", "FREQ=DAILY;UNTIL=20260108T233000Z", "20260106T233000", false, "", nil,
			[]string{"2026-01-06T23:30:00", "2026-01-07T23:30:00", "2026-01-08T23:30:00"}},
		{"UTC UNTIL compared as an instant", "FREQ=DAILY;UNTIL=20260108T223000Z", "20260106T233000", false, "", plusOne,
			[]string{"2026-01-06T23:30:00", "2026-01-07T23:30:00", "2026-01-08T23:30:00"}},
		{"UTC UNTIL an instant early", "FREQ=DAILY;UNTIL=20260108T222959Z", "20260106T233000", false, "", plusOne,
			[]string{"2026-01-06T23:30:00", "2026-01-07T23:30:00"}},
		{"COUNT before UNTIL", "FREQ=DAILY;COUNT=2;UNTIL=20260110", "20260106T100000", false, "", nil,
			[]string{"2026-01-06T10:00:00", "2026-01-07T10:00:00"}},
		{"UNTIL before COUNT", "FREQ=DAILY;COUNT=10;UNTIL=20260107", "20260106T100000", false, "", nil,
			[]string{"2026-01-06T10:00:00", "2026-01-07T10:00:00"}},
		{"the limit is inclusive", "FREQ=DAILY", "20260106T100000", false, "20260108T100000", nil,
			[]string{"2026-01-06T10:00:00", "2026-01-07T10:00:00", "2026-01-08T10:00:00"}},
		{"the limit a second early", "FREQ=DAILY", "20260106T100000", false, "20260108T095959", nil,
			[]string{"2026-01-06T10:00:00", "2026-01-07T10:00:00"}},
		{"dtstart after the limit", "FREQ=DAILY", "20260106T100000", false, "20260106T095959", nil, nil},

		// All-day rules.
		{"all-day ignores BYHOUR", "FREQ=WEEKLY;BYDAY=MO,FR;BYHOUR=9;COUNT=4", "20260105", true, "", nil,
			[]string{"2026-01-05T00:00:00", "2026-01-09T00:00:00", "2026-01-12T00:00:00", "2026-01-16T00:00:00"}},
		{"all-day UNTIL date", "FREQ=DAILY;UNTIL=20260107", "20260105", true, "", nil,
			[]string{"2026-01-05T00:00:00", "2026-01-06T00:00:00", "2026-01-07T00:00:00"}},
		{"all-day sub-daily rule keeps the midnights", "FREQ=HOURLY;INTERVAL=36;COUNT=3", "20260105", true, "", nil,
			[]string{"2026-01-05T00:00:00", "2026-01-08T00:00:00", "2026-01-11T00:00:00"}},

		// Invalid dates are skipped, not moved.
		{"the 31st skips short months", "FREQ=MONTHLY;COUNT=4", "20260131T090000", false, "", nil,
			[]string{"2026-01-31T09:00:00", "2026-03-31T09:00:00", "2026-05-31T09:00:00", "2026-07-31T09:00:00"}},
		{"February 29 only in leap years", "FREQ=YEARLY;COUNT=3", "20240229T090000", false, "20401231T000000", nil,
			[]string{"2024-02-29T09:00:00", "2028-02-29T09:00:00", "2032-02-29T09:00:00"}},
		{"BYMONTHDAY=30 skips February", "FREQ=MONTHLY;BYMONTHDAY=30;COUNT=3", "20260130T090000", false, "", nil,
			[]string{"2026-01-30T09:00:00", "2026-03-30T09:00:00", "2026-04-30T09:00:00"}},

		// Negative positions.
		{"last day of the month", "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3", "20240131T090000", false, "", nil,
			[]string{"2024-01-31T09:00:00", "2024-02-29T09:00:00", "2024-03-31T09:00:00"}},
		{"last day of the year", "FREQ=YEARLY;BYYEARDAY=-1;COUNT=3", "20251231T090000", false, "", nil,
			[]string{"2025-12-31T09:00:00", "2026-12-31T09:00:00", "2027-12-31T09:00:00"}},
		{"day 366 only in leap years", "FREQ=YEARLY;BYYEARDAY=366;COUNT=3", "20230101T090000", false, "", nil,
			[]string{"2023-01-01T09:00:00", "2024-12-31T09:00:00", "2028-12-31T09:00:00"}},
		{"day -366 only in leap years", "FREQ=YEARLY;BYYEARDAY=-366;COUNT=3", "20230101T090000", false, "", nil,
			[]string{"2023-01-01T09:00:00", "2024-01-01T09:00:00", "2028-01-01T09:00:00"}},

		// Week numbers.
		{"week 1 reaches into December", "FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO,SU;COUNT=4", "20240101T090000", false, "", nil,
			[]string{"2024-01-01T09:00:00", "2024-01-07T09:00:00", "2024-12-30T09:00:00", "2025-01-05T09:00:00"}},
		{"week 53 in long years only", "FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO;COUNT=3", "20200101T090000", false, "", nil,
			[]string{"2020-01-01T09:00:00", "2020-12-28T09:00:00", "2026-12-28T09:00:00"}},
		{"last week of the year", "FREQ=YEARLY;BYWEEKNO=-1;BYDAY=TH;COUNT=3", "20260101T090000", false, "", nil,
			[]string{"2026-01-01T09:00:00", "2026-12-31T09:00:00", "2027-12-30T09:00:00"}},
		{"last week reaches into January", "FREQ=YEARLY;BYWEEKNO=-1;BYDAY=FR;COUNT=3", "20260101T090000", false, "", nil,
			[]string{"2026-01-01T09:00:00", "2027-01-01T09:00:00", "2027-12-31T09:00:00"}},
		{"week 1 with WKST=MO", "FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO;COUNT=3", "20260101T000000", false, "", nil,
			[]string{"2026-01-01T00:00:00", "2027-01-04T00:00:00", "2028-01-03T00:00:00"}},
		{"week 1 with WKST=SU", "FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO;WKST=SU;COUNT=3", "20260101T000000", false, "", nil,
			[]string{"2026-01-01T00:00:00", "2026-01-05T00:00:00", "2027-01-04T00:00:00"}},
		{"BYWEEKNO without BYDAY takes the whole week", "FREQ=YEARLY;BYWEEKNO=2;COUNT=8", "20260101T080000", false, "", nil,
			[]string{"2026-01-01T08:00:00", "2026-01-05T08:00:00", "2026-01-06T08:00:00", "2026-01-07T08:00:00",
				"2026-01-08T08:00:00", "2026-01-09T08:00:00", "2026-01-10T08:00:00", "2026-01-11T08:00:00"}},

		// BYDAY ordinals.
		{"last Sunday of the year", "FREQ=YEARLY;BYDAY=-1SU;COUNT=3", "20260101T090000", false, "", nil,
			[]string{"2026-01-01T09:00:00", "2026-12-27T09:00:00", "2027-12-26T09:00:00"}},
		{"last Sunday of March", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;COUNT=3", "20260101T010000", false, "", nil,
			[]string{"2026-01-01T01:00:00", "2026-03-29T01:00:00", "2027-03-28T01:00:00"}},
		{"first Monday of January and February", "FREQ=YEARLY;BYMONTH=1,2;BYDAY=1MO;COUNT=3", "20260105T090000", false, "", nil,
			[]string{"2026-01-05T09:00:00", "2026-02-02T09:00:00", "2027-01-04T09:00:00"}},
		{"ordinal and plain weekdays together", "FREQ=MONTHLY;BYDAY=1MO,FR;COUNT=5", "20260101T090000", false, "", nil,
			[]string{"2026-01-01T09:00:00", "2026-01-02T09:00:00", "2026-01-05T09:00:00", "2026-01-09T09:00:00", "2026-01-16T09:00:00"}},
		{"an ordinal with WEEKLY means every such weekday", "FREQ=WEEKLY;BYDAY=1MO;COUNT=3", "20260105T090000", false, "", nil,
			[]string{"2026-01-05T09:00:00", "2026-01-12T09:00:00", "2026-01-19T09:00:00"}},
		{"fifth Friday only in long months", "FREQ=MONTHLY;BYDAY=5FR;COUNT=3", "20260130T090000", false, "", nil,
			[]string{"2026-01-30T09:00:00", "2026-05-29T09:00:00", "2026-07-31T09:00:00"}},

		// BYSETPOS.
		{"first and last weekday of the month", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,-1;COUNT=4", "20260101T090000", false, "", nil,
			[]string{"2026-01-01T09:00:00", "2026-01-30T09:00:00", "2026-02-02T09:00:00", "2026-02-27T09:00:00"}},
		{"BYSETPOS picks among times of day", "FREQ=DAILY;BYHOUR=9,12,15;BYSETPOS=-1;COUNT=3", "20260105T090000", false, "", nil,
			[]string{"2026-01-05T09:00:00", "2026-01-05T15:00:00", "2026-01-06T15:00:00"}},
		{"BYSETPOS counts from the period, not from dtstart", "FREQ=MONTHLY;BYMONTHDAY=1,15,28;BYSETPOS=1;COUNT=3", "20260115T090000", false, "", nil,
			[]string{"2026-01-15T09:00:00", "2026-02-01T09:00:00", "2026-03-01T09:00:00"}},
		{"BYSETPOS beyond the set", "FREQ=MONTHLY;BYMONTHDAY=1,2;BYSETPOS=3,-3", "20260101T090000", false, "20261231T000000", nil,
			[]string{"2026-01-01T09:00:00"}},
		{"duplicate positions yield once", "FREQ=MONTHLY;BYMONTHDAY=1,2;BYSETPOS=1,-2,2;COUNT=3", "20260101T090000", false, "", nil,
			[]string{"2026-01-01T09:00:00", "2026-01-02T09:00:00", "2026-02-01T09:00:00"}},
		{"BYSETPOS over a year of weeks", "FREQ=YEARLY;BYDAY=MO;BYSETPOS=-1,2;COUNT=3", "20260101T090000", false, "", nil,
			[]string{"2026-01-01T09:00:00", "2026-01-12T09:00:00", "2026-12-28T09:00:00"}},

		// Times of day: expand for DAILY and longer, limit for shorter.
		{"BYHOUR, BYMINUTE and BYSECOND expand DAILY", "FREQ=DAILY;BYHOUR=8,17;BYMINUTE=30;BYSECOND=0,30;COUNT=5", "20260105T083000", false, "", nil,
			[]string{"2026-01-05T08:30:00", "2026-01-05T08:30:30", "2026-01-05T17:30:00", "2026-01-05T17:30:30", "2026-01-06T08:30:00"}},
		{"BYHOUR limits HOURLY", "FREQ=HOURLY;BYHOUR=9,17;COUNT=4", "20260105T091500", false, "", nil,
			[]string{"2026-01-05T09:15:00", "2026-01-05T17:15:00", "2026-01-06T09:15:00", "2026-01-06T17:15:00"}},
		{"BYSECOND expands MINUTELY", "FREQ=MINUTELY;INTERVAL=30;BYSECOND=0,30;COUNT=4", "20260105T100000", false, "", nil,
			[]string{"2026-01-05T10:00:00", "2026-01-05T10:00:30", "2026-01-05T10:30:00", "2026-01-05T10:30:30"}},
		{"SECONDLY", "FREQ=SECONDLY;INTERVAL=20;COUNT=4", "20260105T100050", false, "", nil,
			[]string{"2026-01-05T10:00:50", "2026-01-05T10:01:10", "2026-01-05T10:01:30", "2026-01-05T10:01:50"}},
		{"SECONDLY limited by every part", "FREQ=SECONDLY;BYMONTH=3;BYDAY=MO;BYHOUR=9;BYMINUTE=5;BYSECOND=7,8;COUNT=4", "20260101T000000", false, "", nil,
			[]string{"2026-01-01T00:00:00", "2026-03-02T09:05:07", "2026-03-02T09:05:08", "2026-03-09T09:05:07"}},
		{"HOURLY skips to the matching days", "FREQ=HOURLY;INTERVAL=6;BYMONTHDAY=13;BYDAY=FR;COUNT=5", "20260101T000000", false, "", nil,
			[]string{"2026-01-01T00:00:00", "2026-02-13T00:00:00", "2026-02-13T06:00:00", "2026-02-13T12:00:00", "2026-02-13T18:00:00"}},
		{"MINUTELY across midnight", "FREQ=MINUTELY;INTERVAL=25;COUNT=3", "20261231T233000", false, "", nil,
			[]string{"2026-12-31T23:30:00", "2026-12-31T23:55:00", "2027-01-01T00:20:00"}},
		{"HOURLY on a grid off the limited hours", "FREQ=HOURLY;INTERVAL=5;BYHOUR=0,1;COUNT=4", "20260105T000000", false, "", nil,
			[]string{"2026-01-05T00:00:00", "2026-01-06T01:00:00", "2026-01-10T00:00:00", "2026-01-11T01:00:00"}},

		// Defaults from DTSTART and the N/A combinations, read as limits.
		{"YEARLY takes month and day from dtstart", "FREQ=YEARLY;COUNT=3", "20260315T100000", false, "", nil,
			[]string{"2026-03-15T10:00:00", "2027-03-15T10:00:00", "2028-03-15T10:00:00"}},
		{"WEEKLY with BYMONTHDAY", "FREQ=WEEKLY;BYMONTHDAY=1;COUNT=3", "20260101T100000", false, "", nil,
			[]string{"2026-01-01T10:00:00", "2026-02-01T10:00:00", "2026-03-01T10:00:00"}},
		{"DAILY with BYYEARDAY", "FREQ=DAILY;BYYEARDAY=1,-1;COUNT=3", "20260101T100000", false, "", nil,
			[]string{"2026-01-01T10:00:00", "2026-12-31T10:00:00", "2027-01-01T10:00:00"}},
		{"MONTHLY with BYWEEKNO", "FREQ=MONTHLY;BYWEEKNO=2;BYDAY=TU;COUNT=3", "20260101T100000", false, "", nil,
			[]string{"2026-01-01T10:00:00", "2026-01-06T10:00:00", "2027-01-12T10:00:00"}},
		{"an impossible rule ends", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "20260101T100000", false, "", nil,
			[]string{"2026-01-01T10:00:00"}},
		{"every second is reached", "FREQ=SECONDLY;COUNT=3", "20261231T235959", false, "", nil,
			[]string{"2026-12-31T23:59:59", "2027-01-01T00:00:00", "2027-01-01T00:00:01"}},
		{"a date before 1970", "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", "19691201T120000", false, "", nil,
			[]string{"1969-12-01T12:00:00", "1969-12-26T12:00:00", "1970-01-30T12:00:00"}},
	}
	for _, tt := range tests {
		limit := tt.limit
		if limit == "" {
			limit = "20301231T235959"
		}
		got := expand(t, tt.rule, tt.start, tt.dateOnly, limit, tt.instant, len(tt.want)+1)
		diffLists(t, tt.name, got, tt.want)
	}
}

func TestNextAfterEndKeepsReportingEnd(t *testing.T) {
	r, _ := Parse("FREQ=DAILY;COUNT=2")
	it := r.Iterate(dt(t, "20260101T090000"), false, dt(t, "20301231T000000"), nil)
	for i := 0; i < 2; i++ {
		if _, ok := it.Next(); !ok {
			t.Fatalf("occurrence %d missing", i)
		}
	}
	for i := 0; i < 3; i++ {
		if d, ok := it.Next(); ok {
			t.Fatalf("Next after the end = %s", d)
		}
	}
}

// TestHandBuiltRules checks that a Rule not made by Parse, with values Parse
// would reject, neither panics nor runs away.
func TestHandBuiltRules(t *testing.T) {
	rules := []Rule{
		{Freq: Freq(42), Interval: 0},
		{Freq: Daily, Interval: -5, WeekStart: 9},
		{Freq: Monthly, Interval: 1 << 62, ByMonthDay: []int{0, 99}},
		{Freq: Yearly, ByMonth: []int{13}, ByWeekNo: []int{-60}},
		{Freq: Weekly, ByDay: []WeekdayNum{{Weekday: 8}, {Weekday: 1, N: 99}}},
		{Freq: Hourly, ByHour: []int{-1, 24}, BySetPos: []int{0, 1000}},
		{Freq: Secondly, BySecond: []int{60, 61}, ByYearDay: []int{0, 400}},
		{Freq: Minutely, Interval: 1 << 40, HasUntil: true, Until: civil.DateTime{}},
	}
	start := dt(t, "20260101T090000")
	for i, r := range rules {
		it := r.Iterate(start, false, dt(t, "20301231T000000"), nil)
		n := 0
		for _, ok := it.Next(); ok && n < 10000; _, ok = it.Next() {
			n++
		}
		if n == 0 || it.Truncated() {
			t.Errorf("rule %d: %d occurrences, truncated %v", i, n, it.Truncated())
		}
	}
}

// TestImpossibleRulesEndCheaply runs rules that never match to a limit a
// century away and checks the work they took, which the budget would
// otherwise cap only at a much higher figure.
func TestImpossibleRulesEndCheaply(t *testing.T) {
	rules := []string{
		"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
		"FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30",
		"FREQ=WEEKLY;BYMONTH=2;BYMONTHDAY=30",
		"FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
		"FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30",
		"FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30",
		"FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30",
		"FREQ=SECONDLY;BYMONTHDAY=31;BYMONTH=4,6,9,11",
		"FREQ=SECONDLY;BYYEARDAY=1;BYMONTH=2",
		"FREQ=SECONDLY;INTERVAL=2;BYSECOND=1",
		"FREQ=SECONDLY;BYSECOND=60",
		"FREQ=MINUTELY;INTERVAL=2;BYMINUTE=1,3,5",
		"FREQ=HOURLY;INTERVAL=48;BYHOUR=5",
		"FREQ=MINUTELY;INTERVAL=90;BYHOUR=10;BYMINUTE=0",
		"FREQ=SECONDLY;INTERVAL=61;BYMINUTE=0;BYSECOND=30;BYHOUR=3;BYMONTH=2;BYMONTHDAY=30",
		"FREQ=SECONDLY;INTERVAL=7200;BYMINUTE=30",
		"FREQ=DAILY;INTERVAL=7;BYDAY=MO",
		"FREQ=YEARLY;BYWEEKNO=53;BYMONTH=6",
		"FREQ=MONTHLY;BYDAY=5MO;BYMONTH=2;BYMONTHDAY=1",
	}
	for _, rule := range rules {
		r, err := Parse(rule)
		if err != nil {
			t.Fatal(err)
		}
		it := r.Iterate(dt(t, "20260101T000000"), false, dt(t, "21251231T235959"), nil)
		var got []string
		for d, ok := it.Next(); ok; d, ok = it.Next() {
			got = append(got, d.String())
		}
		if len(got) != 1 || it.Truncated() {
			t.Errorf("%s: %d occurrences (%v), truncated %v", rule, len(got), got[:min(len(got), 3)], it.Truncated())
		}
		if work := workBudget - it.budget; work > 200_000 {
			t.Errorf("%s: %d units of work for a century", rule, work)
		}
	}
}

// TestScanToYear9999StaysInBudget runs the dearest scans that find nothing
// (every day of every period examined) to the year 9999, the limit the
// audit uses for rules with COUNT or UNTIL: they must end by themselves,
// well within the work budget.
func TestScanToYear9999StaysInBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("scans eight thousand years")
	}
	for _, rule := range []string{
		"FREQ=YEARLY;BYMONTHDAY=31;BYYEARDAY=1;COUNT=2",
		"FREQ=MONTHLY;BYMONTHDAY=31;BYYEARDAY=1;COUNT=2",
		"FREQ=WEEKLY;BYMONTHDAY=2;BYYEARDAY=1;COUNT=2",
		"FREQ=DAILY;BYMONTHDAY=2;BYYEARDAY=1;COUNT=2",
		"FREQ=SECONDLY;BYMONTHDAY=2;BYYEARDAY=1;COUNT=2",
	} {
		r, err := Parse(rule)
		if err != nil {
			t.Fatal(err)
		}
		it := r.Iterate(dt(t, "20260101T000000"), false, dt(t, "99991231T235959"), nil)
		n := 0
		for _, ok := it.Next(); ok; _, ok = it.Next() {
			n++
		}
		if work := workBudget - it.budget; n != 1 || it.Truncated() || work > workBudget/2 {
			t.Errorf("%s: %d occurrences, %d units of work, truncated %v", rule, n, work, it.Truncated())
		}
	}
}

func TestBudgetStopsTheExpansion(t *testing.T) {
	r, _ := Parse("FREQ=SECONDLY")
	it := r.Iterate(dt(t, "20260101T000000"), false, dt(t, "20301231T000000"), nil)
	it.budget = 1000
	n := 0
	for _, ok := it.Next(); ok; _, ok = it.Next() {
		n++
	}
	if !it.Truncated() || n < 500 || n > 1001 {
		t.Errorf("%d occurrences, truncated %v", n, it.Truncated())
	}
}

// TestNothingBeforeDtstart starts rules in the middle of their periods.
func TestNothingBeforeDtstart(t *testing.T) {
	for _, rule := range []string{
		"FREQ=YEARLY;BYMONTH=1,6,12;BYMONTHDAY=1,15;BYHOUR=0,12,23;BYMINUTE=0,59",
		"FREQ=MONTHLY;BYDAY=MO,TH;BYHOUR=8,20;BYSETPOS=1,3,-1",
		"FREQ=WEEKLY;BYDAY=SU,MO,SA;WKST=TU",
		"FREQ=HOURLY;BYMINUTE=0,15,30,45;BYSECOND=0,30",
	} {
		for _, start := range []string{"20260615T120000", "20260101T000000", "20261231T235959"} {
			s := dt(t, start)
			got := expand(t, rule, start, false, "20281231T000000", nil, 500)
			prev := ""
			for i, g := range got {
				if i > 0 && g <= prev {
					t.Errorf("%s from %s: %s after %s", rule, start, g, prev)
				}
				if i > 0 && g <= s.String() {
					t.Errorf("%s from %s: %s is not after dtstart", rule, start, g)
				}
				prev = g
			}
			if len(got) < 2 {
				t.Errorf("%s from %s: only %v", rule, start, got)
			}
		}
	}
}

func ExampleRule_Iterate() {
	r, err := Parse("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=4")
	if err != nil {
		fmt.Println(err)
		return
	}
	start := civil.Date{Year: 2026, Month: 1, Day: 30}.At(16, 0, 0)
	limit := civil.Date{Year: 2026, Month: 12, Day: 31}.At(23, 59, 59)
	it := r.Iterate(start, false, limit, nil)
	for d, ok := it.Next(); ok; d, ok = it.Next() {
		fmt.Println(d)
	}
	// Output:
	// 2026-01-30T16:00:00
	// 2026-02-27T16:00:00
	// 2026-03-31T16:00:00
	// 2026-04-30T16:00:00
}

func TestSetBudgetBoundsTheWork(t *testing.T) {
	r, err := Parse("FREQ=DAILY")
	if err != nil {
		t.Fatal(err)
	}
	start := civil.DateTime{Date: civil.Date{Year: 2026, Month: 1, Day: 1}}
	it := r.Iterate(start, false, civil.DateTime{Date: civil.Date{Year: 9999, Month: 1, Day: 1}}, nil)
	it.SetBudget(30)
	n := 0
	for {
		if _, ok := it.Next(); !ok {
			break
		}
		n++
	}
	if !it.Truncated() || n == 0 || n > 30 {
		t.Errorf("%d occurrences, truncated %v; want a few and a truncated expansion", n, it.Truncated())
	}
}
