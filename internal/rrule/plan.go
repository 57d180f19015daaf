package rrule

import (
	"slices"

	"github.com/klaver/klaver/internal/civil"
)

// untilKind says how an occurrence is compared with UNTIL.
type untilKind int

const (
	untilNone  untilKind = iota
	untilLocal           // wall-clock date-time
	untilUTC             // instant
	untilDate            // whole day, inclusive
)

// plan is a Rule prepared for one expansion: the BY parts as bit masks, and
// the values DTSTART supplies where the rule leaves them out. Every BY part
// that selects days is a filter on the candidate days of a period; that one
// model gives both the "expand" and the "limit" column of the table on page
// 44 of RFC 5545. Combinations the RFC marks N/A (BYMONTHDAY with WEEKLY,
// BYYEARDAY with DAILY, WEEKLY or MONTHLY, BYWEEKNO without YEARLY) act as
// limits.
type plan struct {
	freq     Freq
	interval int64
	count    int
	until    untilKind
	untilSec int64 // local wall-clock seconds, or Unix seconds for untilUTC
	untilDay int64 // days since epoch for untilDate

	hasMonth     bool
	months       uint16 // bit m for month m
	hasMonthDay  bool
	monthDays    uint32 // bit d for day d
	monthDaysEnd uint32 // bit d for day -d
	hasYearDay   bool
	yearDays     [6]uint64 // bit d for day d
	yearDaysEnd  [6]uint64 // bit d for day -d
	hasWeekNo    bool
	weekNos      uint64 // bit w for week w
	weekNosEnd   uint64 // bit w for week -w
	hasWeekday   bool
	weekdays     uint8     // bit wd: every such weekday
	nth          [7]uint64 // per weekday, bit n: the n-th in the month or year
	nthEnd       [7]uint64 // per weekday, bit n: the n-th from the end
	nthInYear    bool      // ordinals count within the year, not the month
	weekdayAny   uint8     // bit wd: some BYDAY entry may take weekday wd
	weekdayGap   [7]int    // days from weekday wd to the next in weekdayAny
	weekStart    int

	// The times of day, sorted; for sub-daily frequencies the hours, minutes
	// or seconds at or above the frequency are limits (the masks).
	hours, minutes, seconds             []int
	hourMask                            uint32
	minuteMask, secondMask              uint64
	limitHours, limitMinutes, limitSecs bool

	setPos     []int // BYSETPOS, ascending, without duplicates
	impossible bool  // no date-time can ever match
}

// newPlan prepares r for an expansion from dtstart, which must be normalised.
func newPlan(r *Rule, dtstart civil.DateTime, dateOnly bool) plan {
	p := plan{freq: r.Freq, interval: int64(r.Interval), count: r.Count, weekStart: r.WeekStart}
	if p.freq < Secondly || p.freq > Yearly {
		p.freq = Yearly
	}
	if p.interval < 1 {
		p.interval = 1
	}
	if p.interval > maxInterval {
		p.interval = maxInterval
	}
	if p.weekStart < civil.Sunday || p.weekStart > civil.Saturday {
		p.weekStart = civil.Monday
	}
	p.setUntil(r)
	p.setDayParts(r)
	p.setDayDefaults(r, dtstart)
	p.setWeekdayGaps()
	p.setTimes(r, dtstart, dateOnly)
	p.setSetPos(r)
	return p
}

// setSetPos keeps the BYSETPOS values a period can reach. Without this,
// SECONDLY;BYSETPOS=2 (one candidate a period) would step through every
// second until the limit.
func (p *plan) setSetPos(r *Rule) {
	size := p.maxPeriodSize()
	p.setPos = p.setPos[:0]
	for _, v := range uniqueSorted(r.BySetPos, -366, 366) {
		if v <= size && -v <= size {
			p.setPos = append(p.setPos, v)
		}
	}
	if len(r.BySetPos) > 0 && len(p.setPos) == 0 {
		p.impossible = true
	}
}

// maxPeriodSize is the largest number of candidates a period can have.
func (p *plan) maxPeriodSize() int {
	days, perDay := 1, len(p.hours)*len(p.minutes)*len(p.seconds)
	switch p.freq {
	case Yearly:
		days = 366
	case Monthly:
		days = 31
	case Weekly:
		days = 7
	case Hourly:
		days, perDay = 1, len(p.minutes)*len(p.seconds)
	case Minutely:
		days, perDay = 1, len(p.seconds)
	case Secondly:
		days, perDay = 1, 1
	}
	return days * perDay
}

func (p *plan) setUntil(r *Rule) {
	switch {
	case !r.HasUntil:
		p.until = untilNone
	case r.UntilDate:
		p.until, p.untilDay = untilDate, r.Until.Date.DaysSinceEpoch()
	case r.UntilUTC:
		p.until, p.untilSec = untilUTC, r.Until.Seconds()
	default:
		p.until, p.untilSec = untilLocal, r.Until.Seconds()
	}
}

// setDayParts turns the BY parts that select days into masks. A part that is
// set but holds no usable value can never match.
func (p *plan) setDayParts(r *Rule) {
	p.hasMonth = len(r.ByMonth) > 0
	for _, m := range r.ByMonth {
		if m >= 1 && m <= 12 {
			p.months |= 1 << m
		}
	}
	p.hasMonthDay = len(r.ByMonthDay) > 0
	for _, d := range r.ByMonthDay {
		setSigned32(&p.monthDays, &p.monthDaysEnd, d, 31)
	}
	p.hasYearDay = len(r.ByYearDay) > 0
	for _, d := range r.ByYearDay {
		switch {
		case d >= 1 && d <= 366:
			p.yearDays[d/64] |= 1 << (d % 64)
		case d <= -1 && d >= -366:
			p.yearDaysEnd[-d/64] |= 1 << (-d % 64)
		}
	}
	p.hasWeekNo = len(r.ByWeekNo) > 0
	for _, w := range r.ByWeekNo {
		setSigned64(&p.weekNos, &p.weekNosEnd, w, 53)
	}
	p.setWeekdays(r)
	if (p.hasMonth && p.months == 0) || (p.hasMonthDay && p.monthDays|p.monthDaysEnd == 0) ||
		(p.hasYearDay && p.yearDays == [6]uint64{} && p.yearDaysEnd == [6]uint64{}) ||
		(p.hasWeekNo && p.weekNos|p.weekNosEnd == 0) {
		p.impossible = true
	}
}

// setWeekdays reads BYDAY. Ordinals count only for MONTHLY and YEARLY; for
// other frequencies 1MO means every Monday, as the RFC forbids the ordinal
// there and a lenient reading keeps the weekday.
func (p *plan) setWeekdays(r *Rule) {
	p.hasWeekday = len(r.ByDay) > 0
	ordinals := p.freq == Monthly || p.freq == Yearly
	p.nthInYear = p.freq == Yearly && !p.hasMonth
	usable := false
	for _, wn := range r.ByDay {
		if wn.Weekday < civil.Sunday || wn.Weekday > civil.Saturday || wn.N < -53 || wn.N > 53 {
			continue
		}
		usable = true
		switch {
		case wn.N == 0 || !ordinals:
			p.weekdays |= 1 << wn.Weekday
		case wn.N > 0:
			p.nth[wn.Weekday] |= 1 << wn.N
		default:
			p.nthEnd[wn.Weekday] |= 1 << -wn.N
		}
	}
	if p.hasWeekday && !usable {
		p.impossible = true
	}
}

// setWeekdayGaps notes which weekdays BYDAY can take at all, and how far
// each weekday lies from the next such weekday.
func (p *plan) setWeekdayGaps() {
	p.weekdayAny = 0x7f
	if p.hasWeekday {
		p.weekdayAny = p.weekdays
		for wd := range 7 {
			if p.nth[wd]|p.nthEnd[wd] != 0 {
				p.weekdayAny |= 1 << wd
			}
		}
	}
	for wd := range 7 {
		gap := 1
		for gap < 7 && p.weekdayAny&(1<<((wd+gap)%7)) == 0 {
			gap++
		}
		p.weekdayGap[wd] = gap
	}
}

// setDayDefaults fills in the day parts DTSTART implies when the rule names
// none: WEEKLY takes its weekday, MONTHLY its day of the month, YEARLY its
// month (unless BYMONTH is given) and day of the month.
func (p *plan) setDayDefaults(r *Rule, dtstart civil.DateTime) {
	if p.hasWeekNo || p.hasYearDay || p.hasMonthDay || p.hasWeekday {
		return
	}
	switch p.freq {
	case Weekly:
		p.hasWeekday, p.weekdays = true, 1<<dtstart.Weekday()
	case Monthly:
		p.hasMonthDay, p.monthDays = true, 1<<dtstart.Day
	case Yearly:
		if !p.hasMonth {
			p.hasMonth, p.months = true, 1<<dtstart.Month
		}
		p.hasMonthDay, p.monthDays = true, 1<<dtstart.Day
	}
}

// setTimes fills the hours, minutes and seconds. An all-day rule keeps every
// occurrence at midnight: its BYHOUR, BYMINUTE and BYSECOND are ignored, and
// a sub-daily frequency yields only the grid points that fall on midnight.
// BYSECOND=60 is dropped: in wall-clock arithmetic a leap second is the next
// minute's first second.
func (p *plan) setTimes(r *Rule, dtstart civil.DateTime, dateOnly bool) {
	byHour, byMinute, bySecond := r.ByHour, r.ByMinute, r.BySecond
	if dateOnly {
		byHour, byMinute, bySecond = []int{0}, []int{0}, []int{0}
	}
	p.hours, p.limitHours = timeList(byHour, dtstart.Hour, 23)
	p.minutes, p.limitMinutes = timeList(byMinute, dtstart.Minute, 59)
	p.seconds, p.limitSecs = timeList(bySecond, dtstart.Second, 59)
	if p.freq <= Hourly {
		p.hours = p.pruneUnreachable(p.hours, dtstart, 86400, 3600)
	}
	if p.freq <= Minutely {
		p.minutes = p.pruneUnreachable(p.minutes, dtstart, 3600, 60)
	}
	if p.freq == Secondly {
		p.seconds = p.pruneUnreachable(p.seconds, dtstart, 60, 1)
	}
	for _, h := range p.hours {
		p.hourMask |= 1 << h
	}
	for _, m := range p.minutes {
		p.minuteMask |= 1 << m
	}
	for _, s := range p.seconds {
		p.secondMask |= 1 << s
	}
	if len(p.hours) == 0 || len(p.minutes) == 0 || len(p.seconds) == 0 ||
		(p.freq <= Hourly && !p.gridTimeReachable(dtstart)) {
		p.impossible = true
	}
}

// gridTimeReachable reports whether some grid point of a sub-daily rule
// falls on a time of day that BYHOUR, BYMINUTE and BYSECOND allow. Over the
// days the grid visits exactly the times of day congruent to its first
// point modulo gcd(step, 86400), so MINUTELY;INTERVAL=90;BYHOUR=10;BYMINUTE=0
// from midnight never matches, although each of its parts alone could.
func (p *plan) gridTimeReachable(dtstart civil.DateTime) bool {
	unit := freqUnit(p.freq)
	g := gcd(p.interval*unit, 86400)
	first := int64(dtstart.SecondOfDay()) / unit * unit
	minutes, seconds := 1, 1 // a grid point of HOURLY is at hh:00:00
	if p.freq <= Minutely {
		minutes = 60
	}
	if p.freq == Secondly {
		seconds = 60
	}
	for h := range 24 {
		if p.limitHours && p.hourMask&(1<<h) == 0 {
			continue
		}
		for m := range minutes {
			if p.freq <= Minutely && p.limitMinutes && p.minuteMask&(1<<m) == 0 {
				continue
			}
			for s := range seconds {
				if p.freq == Secondly && p.limitSecs && p.secondMask&(1<<s) == 0 {
					continue
				}
				if mod(int64(h*3600+m*60+s)-first, g) == 0 {
					return true
				}
			}
		}
	}
	return false
}

// timeList returns the sorted values of a BYHOUR, BYMINUTE or BYSECOND part,
// or DTSTART's value when the part is absent, and whether the part was given.
func timeList(by []int, fromStart, hi int) ([]int, bool) {
	if len(by) == 0 {
		return []int{fromStart}, false
	}
	return uniqueSorted(by, 0, hi), true
}

// pruneUnreachable drops the hours, minutes or seconds (each lasting width
// seconds within a cycle of length cycle) that the grid of a sub-daily
// frequency never visits. Without this, SECONDLY;INTERVAL=2;BYSECOND=1 would
// step through every grid point until the limit without ever matching.
func (p *plan) pruneUnreachable(values []int, dtstart civil.DateTime, cycle, width int64) []int {
	step := p.interval * freqUnit(p.freq)
	g := gcd(step, cycle)
	phase := int64(dtstart.SecondOfDay()) % freqUnit(p.freq)
	start := mod(int64(dtstart.SecondOfDay())-phase, cycle)
	kept := values[:0:0]
	for _, v := range values {
		lo := int64(v) * width
		if width >= g || mod(start-lo, g) < width {
			kept = append(kept, v)
		}
	}
	return kept
}

// uniqueSorted returns the values of list within [lo, hi], sorted, without
// duplicates and without 0 (which no signed BY part allows).
func uniqueSorted(list []int, lo, hi int) []int {
	out := make([]int, 0, len(list))
	for _, v := range list {
		if v >= lo && v <= hi && (v != 0 || lo == 0) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func setSigned32(pos, end *uint32, v, hi int) {
	switch {
	case v >= 1 && v <= hi:
		*pos |= 1 << v
	case v <= -1 && v >= -hi:
		*end |= 1 << -v
	}
}

func setSigned64(pos, end *uint64, v, hi int) {
	switch {
	case v >= 1 && v <= hi:
		*pos |= 1 << v
	case v <= -1 && v >= -hi:
		*end |= 1 << -v
	}
}

// freqUnit is the length in seconds of one period of a frequency on the
// fixed grid (DAILY and shorter).
func freqUnit(f Freq) int64 {
	switch f {
	case Secondly:
		return 1
	case Minutely:
		return 60
	case Hourly:
		return 3600
	}
	return 86400
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// mod is the remainder of a/b with the sign of b (b > 0).
func mod(a, b int64) int64 {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}

// floorDiv is a/b rounded towards minus infinity (b > 0).
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// ceilDiv is a/b rounded towards plus infinity (b > 0).
func ceilDiv(a, b int64) int64 {
	return -floorDiv(-a, b)
}
