package audit

import (
	"testing"

	"github.com/klaver/klaver"
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

// TestWeekdayOf checks the weekday arithmetic against civil.Date, before
// and after the epoch.
func TestWeekdayOf(t *testing.T) {
	first := civil.Date{Year: 1890, Month: 1, Day: 1}.DaysSinceEpoch()
	last := civil.Date{Year: 2110, Month: 12, Day: 31}.DaysSinceEpoch()
	for day := first; day <= last; day++ {
		if got, want := weekdayOf(day), civil.DateFromDays(day).Weekday(); got != want {
			t.Fatalf("%s: weekday %d, want %d", civil.DateFromDays(day), got, want)
		}
	}
}

// TestWorkingTime checks working time per week over a period that
// starts mid-week, with all-day absences on a working day, on a weekend
// and outside the period, overlapping timed absences, and a timed absence
// on an all-day absence.
func TestWorkingTime(t *testing.T) {
	wednesday := civil.Date{Year: 2026, Month: 1, Day: 7}
	weeks := weeksBetween(wednesday, civil.Date{Year: 2026, Month: 1, Day: 16})
	const day = 8 * 3600
	workdays := [7]bool{civil.Monday: true, civil.Tuesday: true, civil.Wednesday: true, civil.Thursday: true, civil.Friday: true}
	d := wednesday.DaysSinceEpoch()
	tl := newTally("anna@acme.nl")
	tl.absentDays[d-1] = true // Tuesday: before the period
	tl.absentDays[d+3] = true // Saturday: not a working day
	tl.absentDays[d+6] = true // the next Tuesday
	tl.addTimedAbsence(d+6, span{start: (d + 6) * 86400, end: (d+6)*86400 + 3600})
	thursday := (d + 1) * 86400
	tl.addTimedAbsence(d+1, span{start: thursday + 9*3600, end: thursday + 11*3600})
	tl.addTimedAbsence(d+1, span{start: thursday + 10*3600, end: thursday + 12*3600})
	perWeek := make([]klaver.Seconds, len(weeks))
	for i, w := range weeks {
		perWeek[i].Working = workdaysBetween(workdays, w.first, w.end) * day
	}
	tl.subtractAbsences(workdays, weeks, perWeek, day)
	want := []int64{3*day - 3*3600, 4 * day}
	if len(perWeek) != len(want) {
		t.Fatalf("%d weeks, want %d", len(perWeek), len(want))
	}
	for i := range want {
		if perWeek[i].Working != want[i] {
			t.Errorf("week %s: %d s of working time, want %d", weeks[i].name, perWeek[i].Working, want[i])
		}
	}
}
