package rrule

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klaver/klaver/internal/civil"
)

// TestCrossCheck compares the expansion of random rules with a brute-force
// reference that shares no code with it: the reference walks every day (or
// every grid point of a sub-daily rule) with time.Time, tests each BY part
// as a plain filter, groups the candidates by period and applies BYSETPOS,
// COUNT and UNTIL to the groups.
func TestCrossCheck(t *testing.T) {
	rng := rand.New(rand.NewPCG(5545, 2026))
	n := 600
	if testing.Short() {
		n = 100
	}
	for i := 0; i < n; i++ {
		c := randomCase(rng)
		r, err := Parse(c.rule)
		if err != nil {
			t.Fatalf("case %d: Parse(%q): %v", i, c.rule, err)
		}
		want := reference(r, c.start, c.dateOnly, c.limit, 3000)
		var got []string
		it := r.Iterate(civilOf(c.start), c.dateOnly, civilOf(c.limit), nil)
		for d, ok := it.Next(); ok && len(got) < 3000; d, ok = it.Next() {
			got = append(got, d.String())
		}
		name := fmt.Sprintf("case %d: %s from %s (date %v) to %s", i, c.rule,
			c.start.Format("20060102T150405"), c.dateOnly, c.limit.Format("20060102T150405"))
		diffLists(t, name, got, want)
	}
}

type crossCase struct {
	rule         string
	start, limit time.Time
	dateOnly     bool
}

func civilOf(t time.Time) civil.DateTime {
	return civil.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}.At(t.Hour(), t.Minute(), t.Second())
}

// randomCase builds a rule the reference can judge: ordinals only for
// MONTHLY and YEARLY, BYWEEKNO only for YEARLY and with WKST=MO (the
// reference uses time.Time's ISO weeks).
func randomCase(rng *rand.Rand) crossCase {
	freqs := []string{"YEARLY", "YEARLY", "MONTHLY", "MONTHLY", "WEEKLY", "WEEKLY", "DAILY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY"}
	freq := freqs[rng.IntN(len(freqs))]
	horizon := map[string]time.Duration{
		"YEARLY": 20 * 365 * 24 * time.Hour, "MONTHLY": 6 * 365 * 24 * time.Hour, "WEEKLY": 3 * 365 * 24 * time.Hour,
		"DAILY": 400 * 24 * time.Hour, "HOURLY": 40 * 24 * time.Hour, "MINUTELY": 3 * 24 * time.Hour, "SECONDLY": 3 * time.Hour,
	}[freq]
	start := time.Date(1990+rng.IntN(45), time.Month(1+rng.IntN(12)), 1+rng.IntN(31), rng.IntN(24), 15*rng.IntN(4), 0, 0, time.UTC)
	if rng.IntN(3) == 0 {
		start = start.Add(time.Duration(rng.IntN(3600)) * time.Second)
	}
	c := crossCase{start: start, limit: start.Add(horizon)}
	subDaily := freq == "HOURLY" || freq == "MINUTELY" || freq == "SECONDLY"
	if !subDaily && rng.IntN(8) == 0 {
		c.dateOnly = true
		c.start = time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
	}
	g := ruleGen{rng: rng, parts: []string{"FREQ=" + freq}}
	g.add(50, "INTERVAL", func() string { return fmt.Sprint(1 + rng.IntN([]int{3, 5, 13}[rng.IntN(3)])) })
	g.add(30, "BYMONTH", g.list(3, func() string { return fmt.Sprint(1 + rng.IntN(12)) }))
	g.add(30, "BYMONTHDAY", g.list(3, g.signed(31)))
	g.add(map[bool]int{true: 15, false: 5}[freq == "YEARLY"], "BYYEARDAY", g.list(3, g.signed(366)))
	if freq == "YEARLY" && rng.IntN(6) == 0 {
		g.add(100, "BYWEEKNO", g.list(2, g.signed(53)))
	} else {
		g.add(20, "WKST", func() string { return dayNames[rng.IntN(7)] })
	}
	ordinals := (freq == "MONTHLY" || freq == "YEARLY") && rng.IntN(3) == 0
	g.add(40, "BYDAY", g.list(4, func() string { return g.weekday(ordinals) }))
	g.add(25, "BYHOUR", g.list(3, func() string { return fmt.Sprint(rng.IntN(24)) }))
	g.add(20, "BYMINUTE", g.list(3, func() string { return fmt.Sprint(rng.IntN(60)) }))
	g.add(10, "BYSECOND", g.list(3, func() string { return fmt.Sprint(rng.IntN(60)) }))
	g.add(25, "BYSETPOS", g.list(2, g.signed(6)))
	g.add(30, "COUNT", func() string { return fmt.Sprint(1 + rng.IntN(60)) })
	g.add(25, "UNTIL", func() string {
		u := c.start.Add(time.Duration(rng.Int64N(int64(horizon))) - horizon/10)
		if rng.IntN(3) == 0 {
			return u.Format("20060102")
		}
		return u.Format("20060102T150405")
	})
	rng.Shuffle(len(g.parts), func(i, j int) { g.parts[i], g.parts[j] = g.parts[j], g.parts[i] })
	c.rule = strings.Join(g.parts, ";")
	return c
}

// ruleGen collects the parts of a random rule.
type ruleGen struct {
	rng   *rand.Rand
	parts []string
}

// add appends NAME=value with a chance of p percent.
func (g *ruleGen) add(p int, name string, value func() string) {
	if g.rng.IntN(100) < p {
		g.parts = append(g.parts, name+"="+value())
	}
}

// list makes a comma-separated list of one to n values.
func (g *ruleGen) list(n int, value func() string) func() string {
	return func() string {
		var s []string
		for range 1 + g.rng.IntN(n) {
			s = append(s, value())
		}
		return strings.Join(s, ",")
	}
}

// signed makes values in ±1..hi.
func (g *ruleGen) signed(hi int) func() string {
	return func() string {
		v := 1 + g.rng.IntN(hi)
		if g.rng.IntN(3) == 0 {
			v = -v
		}
		return fmt.Sprint(v)
	}
}

// weekday makes a BYDAY entry, with an ordinal half of the time when
// ordinals are allowed.
func (g *ruleGen) weekday(ordinals bool) string {
	day := dayNames[g.rng.IntN(7)]
	if ordinals && g.rng.IntN(2) == 0 {
		k := 1 + g.rng.IntN(5)
		if g.rng.IntN(4) == 0 {
			k = 1 + g.rng.IntN(53) // reachable within a year
		}
		if g.rng.IntN(2) == 0 {
			k = -k
		}
		day = fmt.Sprint(k) + day
	}
	return day
}

var dayNames = []string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// reference expands r the slow way and returns at most max occurrences.
func reference(r *Rule, start time.Time, dateOnly bool, limit time.Time, max int) []string {
	var groups [][]time.Time
	if r.Freq >= Daily {
		groups = referenceDays(r, start, dateOnly, limit)
	} else {
		groups = referenceGrid(r, start, limit)
	}
	out := []string{civilOf(start).String()}
	for _, g := range groups {
		slices.SortFunc(g, func(a, b time.Time) int { return a.Compare(b) })
		g = slices.Compact(g)
		if len(r.BySetPos) > 0 {
			var picked []time.Time
			for i := range g {
				for _, p := range r.BySetPos {
					if p == i+1 || p == i-len(g) {
						picked = append(picked, g[i])
						break
					}
				}
			}
			g = picked
		}
		for _, o := range g {
			if !o.After(start) {
				continue
			}
			if o.After(limit) || !referenceBeforeUntil(r, o) || (r.Count > 0 && len(out) >= r.Count) || len(out) >= max {
				return out
			}
			out = append(out, civilOf(o).String())
		}
	}
	return out
}

func referenceBeforeUntil(r *Rule, o time.Time) bool {
	if !r.HasUntil {
		return true
	}
	u := time.Date(r.Until.Year, time.Month(r.Until.Month), r.Until.Day, r.Until.Hour, r.Until.Minute, r.Until.Second, 0, time.UTC)
	if r.UntilDate {
		u = u.Add(24*time.Hour - time.Second)
	}
	return !o.After(u)
}

// referenceDays walks every day from the start of DTSTART's period.
func referenceDays(r *Rule, start time.Time, dateOnly bool, limit time.Time) [][]time.Time {
	day := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
	switch r.Freq {
	case Yearly:
		day = time.Date(start.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	case Monthly:
		day = time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
	case Weekly:
		day = referenceWeekStart(day, r.WeekStart)
	}
	hours, minutes, seconds := orDefault(r.ByHour, start.Hour()), orDefault(r.ByMinute, start.Minute()), orDefault(r.BySecond, start.Second())
	if dateOnly {
		hours, minutes, seconds = []int{0}, []int{0}, []int{0}
	}
	// Walk to the end of the limit's period: BYSETPOS counts whole periods.
	lastDay := time.Date(limit.Year(), limit.Month(), limit.Day(), 0, 0, 0, 0, time.UTC)
	limitKey := referencePeriod(r, start, lastDay)
	var groups [][]time.Time
	lastKey := -1
	for ; ; day = day.AddDate(0, 0, 1) {
		key := referencePeriod(r, start, day)
		if day.After(limit) && key != limitKey {
			break
		}
		if key%r.Interval != 0 || !referenceDayMatches(r, start, day) {
			continue
		}
		if key != lastKey {
			groups = append(groups, nil)
			lastKey = key
		}
		for _, h := range hours {
			for _, m := range minutes {
				for _, s := range seconds {
					o := day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second)
					groups[len(groups)-1] = append(groups[len(groups)-1], o)
				}
			}
		}
	}
	return groups
}

// referencePeriod numbers the period of day, counting from DTSTART's.
func referencePeriod(r *Rule, start, day time.Time) int {
	switch r.Freq {
	case Yearly:
		return day.Year() - start.Year()
	case Monthly:
		return (day.Year()-start.Year())*12 + int(day.Month()) - int(start.Month())
	case Weekly:
		s := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
		return int(referenceWeekStart(day, r.WeekStart).Sub(referenceWeekStart(s, r.WeekStart)).Hours()) / (7 * 24)
	}
	s := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
	return int(day.Sub(s).Hours()) / 24
}

func referenceWeekStart(day time.Time, weekStart int) time.Time {
	for int(day.Weekday()) != weekStart {
		day = day.AddDate(0, 0, -1)
	}
	return day
}

// referenceGrid walks every grid point of a sub-daily rule.
func referenceGrid(r *Rule, start, limit time.Time) [][]time.Time {
	unit := map[Freq]time.Duration{Hourly: time.Hour, Minutely: time.Minute, Secondly: time.Second}[r.Freq]
	var groups [][]time.Time
	for p := start.Truncate(unit); !p.After(limit); p = p.Add(time.Duration(r.Interval) * unit) {
		day := time.Date(p.Year(), p.Month(), p.Day(), 0, 0, 0, 0, time.UTC)
		if !referenceDayMatches(r, start, day) || !inOrEmpty(r.ByHour, p.Hour()) {
			continue
		}
		minutes, seconds := orDefault(r.ByMinute, start.Minute()), orDefault(r.BySecond, start.Second())
		if r.Freq <= Minutely {
			if !inOrEmpty(r.ByMinute, p.Minute()) {
				continue
			}
			minutes = []int{p.Minute()}
		}
		if r.Freq == Secondly {
			if !inOrEmpty(r.BySecond, p.Second()) {
				continue
			}
			seconds = []int{p.Second()}
		}
		var g []time.Time
		hour := day.Add(time.Duration(p.Hour()) * time.Hour)
		for _, m := range minutes {
			for _, s := range seconds {
				g = append(g, hour.Add(time.Duration(m)*time.Minute+time.Duration(s)*time.Second))
			}
		}
		groups = append(groups, g)
	}
	return groups
}

func orDefault(list []int, v int) []int {
	if len(list) == 0 {
		return []int{v}
	}
	return list
}

func inOrEmpty(list []int, v int) bool {
	return len(list) == 0 || slices.Contains(list, v)
}

// referenceDayMatches tests every BY part that selects days, with the
// defaults the RFC takes from DTSTART.
func referenceDayMatches(r *Rule, start, day time.Time) bool {
	noDayParts := len(r.ByWeekNo) == 0 && len(r.ByYearDay) == 0 && len(r.ByMonthDay) == 0 && len(r.ByDay) == 0
	months, monthDays, byDay := r.ByMonth, r.ByMonthDay, r.ByDay
	if noDayParts {
		switch r.Freq {
		case Weekly:
			byDay = []WeekdayNum{{Weekday: int(start.Weekday())}}
		case Monthly:
			monthDays = []int{start.Day()}
		case Yearly:
			monthDays = []int{start.Day()}
			if len(months) == 0 {
				months = []int{int(start.Month())}
			}
		}
	}
	monthLen := time.Date(day.Year(), day.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	yearLen := time.Date(day.Year(), 12, 31, 0, 0, 0, 0, time.UTC).YearDay()
	if len(months) > 0 && !slices.Contains(months, int(day.Month())) {
		return false
	}
	if len(monthDays) > 0 && !matchesSigned(monthDays, day.Day(), monthLen) {
		return false
	}
	if len(r.ByYearDay) > 0 && !matchesSigned(r.ByYearDay, day.YearDay(), yearLen) {
		return false
	}
	if len(r.ByWeekNo) > 0 {
		y, w := day.ISOWeek()
		_, weeks := time.Date(y, 12, 28, 0, 0, 0, 0, time.UTC).ISOWeek()
		if !matchesSigned(r.ByWeekNo, w, weeks) {
			return false
		}
	}
	return len(byDay) == 0 || referenceWeekdayMatches(r, byDay, day)
}

func matchesSigned(list []int, v, length int) bool {
	for _, x := range list {
		if x == v || x == v-length-1 {
			return true
		}
	}
	return false
}

// referenceWeekdayMatches counts the same weekdays before and after day in
// its month (or year) one by one.
func referenceWeekdayMatches(r *Rule, byDay []WeekdayNum, day time.Time) bool {
	ordinal := false
	for _, wn := range byDay {
		if wn.Weekday == int(day.Weekday()) {
			if wn.N == 0 {
				return true
			}
			ordinal = true
		}
	}
	if !ordinal {
		return false
	}
	inYear := r.Freq == Yearly && len(r.ByMonth) == 0
	same := func(d time.Time) bool {
		if inYear {
			return d.Year() == day.Year()
		}
		return d.Year() == day.Year() && d.Month() == day.Month()
	}
	nth, fromEnd := 0, 0
	for d := day; same(d); d = d.AddDate(0, 0, -7) {
		nth++
	}
	for d := day; same(d); d = d.AddDate(0, 0, 7) {
		fromEnd++
	}
	for _, wn := range byDay {
		if wn.Weekday != int(day.Weekday()) {
			continue
		}
		if wn.N == 0 || wn.N == nth || wn.N == -fromEnd {
			return true
		}
	}
	return false
}
