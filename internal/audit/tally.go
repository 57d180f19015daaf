package audit

import (
	"sort"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/civil"
)

// tally gathers one person's seconds while inputs are read. Everything in
// it is exact; rounding happens once, when the report is made.
type tally struct {
	person   string
	calendar bool // working time comes from the calendar rule
	tracked  bool // working time includes tracked time
	weeks    map[int]*weekTally

	hasDays      bool
	firstDay     int64 // days since epoch, in the audit's zone
	lastDay      int64
	absentDays   map[int64]bool   // working days removed by all-day absences
	timedAbsence map[int64][]span // per day: timed absences

	// cur is the week that week returned last, which holds the seven days
	// from curMonday: the sweep asks for its days in order, so this spares
	// working out the ISO week, and a map look-up, for nearly every call.
	cur       *weekTally
	curMonday int64
}

// weekTally holds a week's category seconds, tracked time and the seconds
// each client received, kept per week so that a store can sum any range of
// weeks exactly.
type weekTally struct {
	category [klaver.NumCategories]int64
	tracked  int64
	// clients holds the seconds each client received, one entry per
	// client in the order first named. A week names a few clients, so a
	// list searched in turn costs less than a map, to fill and to read.
	clients []clientShare
}

// clientShare is the seconds one client received.
type clientShare struct {
	client  int // index in the registry
	seconds int64
}

// addClient gives a client seconds in this week.
func (w *weekTally) addClient(c int, seconds int64) {
	for i := range w.clients {
		if w.clients[i].client == c {
			w.clients[i].seconds += seconds
			return
		}
	}
	w.clients = append(w.clients, clientShare{client: c, seconds: seconds})
}

// span is a half-open interval of Unix seconds.
type span struct{ start, end int64 }

func newTally(person string) *tally {
	return &tally{
		person:       person,
		weeks:        map[int]*weekTally{},
		absentDays:   map[int64]bool{},
		timedAbsence: map[int64][]span{},
	}
}

// mondayOffset numbers the days of the week from Monday, 0, to Sunday, 6.
func mondayOffset(day int64) int64 {
	// 1970-01-01, day 0, was a Thursday.
	return ((day+3)%7 + 7) % 7
}

// mondayKey numbers the ISO week that starts on the given Monday as
// year*100+week. An ISO week belongs to the year of its Thursday and is
// numbered from that year's first week, the one that holds its first
// Thursday: the Thursday's day of the year, counted from 0, divided by
// seven. (Date.ISOWeek would find the Monday and Thursday again.)
func mondayKey(monday int64) int {
	thursday := monday + 3
	year := civil.DateFromDays(thursday).Year
	week := (thursday-civil.Date{Year: year, Month: 1, Day: 1}.DaysSinceEpoch())/7 + 1
	return year*100 + int(week)
}

// week returns the tally of the ISO week holding a day.
func (t *tally) week(day int64) *weekTally {
	if t.cur != nil && day >= t.curMonday && day < t.curMonday+7 {
		return t.cur
	}
	monday := day - mondayOffset(day)
	k := mondayKey(monday)
	w := t.weeks[k]
	if w == nil {
		w = &weekTally{}
		t.weeks[k] = w
	}
	t.cur, t.curMonday = w, monday
	return w
}

// sawDay widens the span of days that hold counted time.
func (t *tally) sawDay(day int64) {
	if !t.hasDays {
		t.firstDay, t.lastDay, t.hasDays = day, day, true
		return
	}
	t.firstDay = min(t.firstDay, day)
	t.lastDay = max(t.lastDay, day)
}

// merge adds o's figures to t; both describe the same person.
func (t *tally) merge(o *tally) {
	t.calendar = t.calendar || o.calendar
	t.tracked = t.tracked || o.tracked
	for k, w := range o.weeks {
		tw := t.weeks[k]
		if tw == nil {
			tw = &weekTally{}
			t.weeks[k] = tw
		}
		for c := range w.category {
			tw.category[c] += w.category[c]
		}
		tw.tracked += w.tracked
		for _, cs := range w.clients {
			tw.addClient(cs.client, cs.seconds)
		}
	}
	if o.hasDays {
		t.sawDay(o.firstDay)
		t.sawDay(o.lastDay)
	}
	for d := range o.absentDays {
		t.absentDays[d] = true
	}
	for d, spans := range o.timedAbsence {
		t.timedAbsence[d] = append(t.timedAbsence[d], spans...)
	}
}

// addTimedAbsence records a timed absence on a day.
func (t *tally) addTimedAbsence(day int64, s span) {
	t.timedAbsence[day] = append(t.timedAbsence[day], s)
}

// workdaysBetween counts the working days in [first, end).
func workdaysBetween(workdays [7]bool, first, end int64) int64 {
	var n int64
	for d := first; d < end; d++ {
		if workdays[weekdayOf(d)] {
			n++
		}
	}
	return n
}

// subtractAbsences takes the absences on working days out of the working
// time of the weeks, which follow each other without a gap. It visits the
// absent days, not every day of the period: few days hold an absence.
func (t *tally) subtractAbsences(workdays [7]bool, weeks []isoWeek, perWeek []klaver.Seconds, daySeconds int64) {
	if len(weeks) == 0 {
		return
	}
	first, end := weeks[0].first, weeks[len(weeks)-1].end
	take := func(day int64) {
		if day < first || day >= end || !workdays[weekdayOf(day)] {
			return
		}
		i := sort.Search(len(weeks), func(i int) bool { return weeks[i].end > day })
		perWeek[i].Working -= t.absentSeconds(day, daySeconds)
	}
	for day := range t.absentDays {
		take(day)
	}
	for day := range t.timedAbsence {
		if !t.absentDays[day] {
			take(day)
		}
	}
}

// weekdayOf is the civil weekday (Sunday 0) of a day since the epoch.
func weekdayOf(day int64) int {
	return int((mondayOffset(day) + 1) % 7)
}

// absentSeconds returns how much of a working day's time absences remove.
func (t *tally) absentSeconds(day int64, workSeconds int64) int64 {
	if t.absentDays[day] {
		return workSeconds
	}
	spans := t.timedAbsence[day]
	if len(spans) == 0 {
		return 0
	}
	return min(unionLength(spans), workSeconds)
}

// unionLength returns the length of the union of spans; it sorts them.
func unionLength(spans []span) int64 {
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var total int64
	cur := spans[0]
	for _, s := range spans[1:] {
		if s.start > cur.end {
			total += cur.end - cur.start
			cur = s
			continue
		}
		cur.end = max(cur.end, s.end)
	}
	return total + cur.end - cur.start
}

// clientTotals sums the seconds each client received over all weeks.
func (t *tally) clientTotals() map[int]int64 {
	totals := map[int]int64{}
	for _, w := range t.weeks {
		for _, cs := range w.clients {
			totals[cs.client] += cs.seconds
		}
	}
	return totals
}
