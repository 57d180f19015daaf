package rrule

import (
	"reflect"
	"strings"
	"testing"

	"github.com/klaver/klaver/internal/civil"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Rule
	}{
		{"FREQ=DAILY", Rule{Freq: Daily, Interval: 1, WeekStart: civil.Monday}},
		{"freq=weekly;byday=mo,we;wkst=su", Rule{Freq: Weekly, Interval: 1, WeekStart: civil.Sunday,
			ByDay: []WeekdayNum{{civil.Monday, 0}, {civil.Wednesday, 0}}}},
		{"FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20261231T235959Z", Rule{Freq: Weekly, Interval: 1, WeekStart: civil.Monday,
			ByDay: []WeekdayNum{{civil.Monday, 0}, {civil.Wednesday, 0}},
			Until: civil.Date{Year: 2026, Month: 12, Day: 31}.At(23, 59, 59), HasUntil: true, UntilUTC: true}},
		{"FREQ=DAILY;UNTIL=20261231T235959", Rule{Freq: Daily, Interval: 1, WeekStart: civil.Monday,
			Until: civil.Date{Year: 2026, Month: 12, Day: 31}.At(23, 59, 59), HasUntil: true}},
		{"FREQ=DAILY;UNTIL=20261231", Rule{Freq: Daily, Interval: 1, WeekStart: civil.Monday,
			Until: civil.Date{Year: 2026, Month: 12, Day: 31}.At(0, 0, 0), HasUntil: true, UntilDate: true}},
		{"FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU,+2MO", Rule{Freq: Monthly, Interval: 2, Count: 10, WeekStart: civil.Monday,
			ByDay: []WeekdayNum{{civil.Sunday, 1}, {civil.Sunday, -1}, {civil.Monday, 2}}}},
		{"FREQ=YEARLY;BYMONTH=1,12;BYWEEKNO=-1,53;BYYEARDAY=-366,366;BYMONTHDAY=-31,+31;BYSETPOS=-1,1",
			Rule{Freq: Yearly, Interval: 1, WeekStart: civil.Monday, ByMonth: []int{1, 12}, ByWeekNo: []int{-1, 53},
				ByYearDay: []int{-366, 366}, ByMonthDay: []int{-31, 31}, BySetPos: []int{-1, 1}}},
		{"FREQ=SECONDLY;BYHOUR=0,23;BYMINUTE=0,59;BYSECOND=0,60", Rule{Freq: Secondly, Interval: 1, WeekStart: civil.Monday,
			ByHour: []int{0, 23}, ByMinute: []int{0, 59}, BySecond: []int{0, 60}}},
		// X- parts, unknown parts (RFC 7529), empty parts and spaces are ignored.
		{" FREQ = HOURLY ;X-NAME=1;RSCALE=GREGORIAN;SKIP=OMIT;;", Rule{Freq: Hourly, Interval: 1, WeekStart: civil.Monday}},
		// COUNT and UNTIL together are both kept.
		{"FREQ=DAILY;COUNT=3;UNTIL=20260101", Rule{Freq: Daily, Interval: 1, Count: 3, WeekStart: civil.Monday,
			Until: civil.Date{Year: 2026, Month: 1, Day: 1}.At(0, 0, 0), HasUntil: true, UntilDate: true}},
		// A repeated part keeps its last value.
		{"FREQ=DAILY;FREQ=MINUTELY;INTERVAL=5;INTERVAL=7", Rule{Freq: Minutely, Interval: 7, WeekStart: civil.Monday}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("Parse(%q) =\n %+v\nwant\n %+v", tt.in, *got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "FREQ is missing"},
		{"INTERVAL=2;COUNT=3", "FREQ is missing"},
		{"FREQ=FOO", `invalid FREQ "FOO"`},
		{"FREQ=DAILY;BYMONTHDAY=32", "BYMONTHDAY: 32 out of range"},
		{"FREQ=DAILY;BYMONTHDAY=0", "BYMONTHDAY: 0 out of range"},
		{"FREQ=DAILY;BYMONTHDAY=-32", "BYMONTHDAY: -32 out of range"},
		{"FREQ=DAILY;BYMONTHDAY=1,,2", `BYMONTHDAY: invalid value ""`},
		{"FREQ=DAILY;BYMONTH=13", "BYMONTH: 13 out of range"},
		{"FREQ=DAILY;BYMONTH=-1", "BYMONTH: -1 out of range"},
		{"FREQ=DAILY;BYMONTH=5L", `BYMONTH: invalid value "5L"`},
		{"FREQ=DAILY;BYYEARDAY=367", "BYYEARDAY: 367 out of range"},
		{"FREQ=DAILY;BYWEEKNO=54", "BYWEEKNO: 54 out of range"},
		{"FREQ=DAILY;BYHOUR=24", "BYHOUR: 24 out of range"},
		{"FREQ=DAILY;BYMINUTE=60", "BYMINUTE: 60 out of range"},
		{"FREQ=DAILY;BYSECOND=61", "BYSECOND: 61 out of range"},
		{"FREQ=DAILY;BYSETPOS=0", "BYSETPOS: 0 out of range"},
		{"FREQ=DAILY;BYDAY=XX", `BYDAY: invalid value "XX"`},
		{"FREQ=DAILY;BYDAY=M", `BYDAY: invalid value "M"`},
		{"FREQ=DAILY;BYDAY=0MO", "BYDAY: 0 out of range"},
		{"FREQ=DAILY;BYDAY=54MO", "BYDAY: 54 out of range"},
		{"FREQ=DAILY;BYDAY=+MO", `BYDAY: invalid value "+MO"`},
		{"FREQ=DAILY;WKST=XX", `WKST: invalid weekday "XX"`},
		{"FREQ=DAILY;INTERVAL=0", "INTERVAL: 0 out of range"},
		{"FREQ=DAILY;INTERVAL=x", `INTERVAL: invalid value "x"`},
		{"FREQ=secondly2", `invalid FREQ "secondly2"`},
		{"FREQ=DAILY;BYDAY=mo,1xx", `BYDAY: invalid value "1xx"`},
		{"FREQ=DAILY;COUNT=-1", "COUNT: -1 out of range"},
		{"FREQ=DAILY;UNTIL=2026", `invalid UNTIL "2026"`},
		{"FREQ=DAILY;UNTIL=20260230", `invalid UNTIL "20260230"`},
		{"FREQ=DAILY;UNTIL=20260101T250000", `invalid UNTIL "20260101T250000"`},
		{"FREQ=DAILY;UNTIL=20260101X000000", `invalid UNTIL "20260101X000000"`},
		{"FREQ=DAILY;UNTIL=2026010aT000000Z", `invalid UNTIL "2026010aT000000Z"`},
		{"FREQ=DAILY;COUNT", `part "COUNT" has no value`},
	}
	for _, tt := range tests {
		r, err := Parse(tt.in)
		if err == nil {
			t.Errorf("Parse(%q) = %+v, want error %q", tt.in, r, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("Parse(%q) error = %q, want %q", tt.in, err, tt.want)
		}
	}
}

// TestParseAcceptsRFCExamples makes sure every rule of the RFC reads.
func TestParseAcceptsRFCExamples(t *testing.T) {
	for _, ex := range rfcExamples() {
		for _, rule := range ex.rules {
			if _, err := Parse(strings.ToLower(rule)); err != nil {
				t.Errorf("%s: Parse(%q): %v", ex.name, rule, err)
			}
		}
	}
}

func TestParseIgnoresDebrisWithoutValue(t *testing.T) {
	r, err := Parse("RRULE:AnythingRandom;FREQ=WEEKLY;BYDAY=MO,FR")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if r.Freq != Weekly || len(r.ByDay) != 2 {
		t.Errorf("rule = %+v, want weekly on two days", r)
	}
}
