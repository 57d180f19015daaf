package rrule

import (
	"math/bits"

	"github.com/klaver/klaver/internal/civil"
)

// workBudget caps the work one Iterator does: every period or grid point
// visited, every day of a period scanned and every candidate date-time
// considered costs one unit. It is a last guard for rules that slip past
// the shortcuts that keep impossible rules cheap; at 10-100 ns a unit it
// bounds an iterator to under a second. When it runs out, Next reports no
// more occurrences and Truncated reports true. Scanning from 2026 to the
// year 9999 costs at most about 3.3 million units at any frequency whose
// grid steps by a day or more (WEEKLY is the dearest), and a rule that
// yields an occurrence costs two or three units for it, so no rule of a
// real calendar comes near the cap.
const workBudget = 1 << 23

// maxInterval bounds INTERVAL so that period arithmetic cannot overflow.
const maxInterval = 1<<31 - 1

// Iterator yields the occurrences of a rule in chronological order.
//
// The expansion goes period by period (a year, month or week, or one step
// of a fixed grid of days, hours, minutes or seconds for DAILY and shorter).
// Each period's candidates are its matching days times the matching times
// of day, which come out sorted; BYSETPOS picks positions in that list.
// An Iterator is not safe for concurrent use; one Rule may feed many.
type Iterator struct {
	p         plan
	start     civil.DateTime
	startSec  int64 // wall-clock seconds of start, as civil.DateTime.Seconds
	limitSec  int64
	limitDate civil.Date
	instant   func(civil.DateTime) int64

	yielded   int
	started   bool
	done      bool
	truncated bool
	budget    int

	period int64 // index of the next period
	origin int64 // year, month number, first day of the week or first grid second
	step   int64 // grid: seconds between periods
	cur    dayCursor
	curSet bool // cur holds a day; it stays valid as periods move it

	// The current period: its candidates are days × hs × ms × ss in this
	// order, or the positions in pos of that list when BYSETPOS is given.
	days       []dayEntry
	hs, ms, ss []int
	fixed      [3]int // storage for an hour, minute or second set by the grid
	pos        []int
	perDay     int // candidates a day: len(hs) * len(ms) * len(ss)
	size       int
	next       int
}

type dayEntry struct {
	num  int64 // days since epoch
	date civil.Date
}

// Iterate starts an expansion.
//
// dtstart is always the first occurrence, also when it does not match the
// rule, and it counts toward COUNT; later occurrences equal to it are not
// repeated, and none before it is yielded. dateOnly says DTSTART was a DATE:
// every occurrence is then at midnight (BYHOUR, BYMINUTE and BYSECOND do not
// apply). limit is an inclusive wall-clock bound: nothing after it is
// yielded and the expansion stops there, so an endless rule never runs
// away. instant converts an occurrence to Unix seconds in the event's zone
// and is used only to compare occurrences with an UNTIL written in UTC; nil
// treats wall-clock time as UTC. A dtstart that is not a valid date-time is
// normalised first (2026-02-30 becomes 2026-03-02).
func (r *Rule) Iterate(dtstart civil.DateTime, dateOnly bool, limit civil.DateTime, instant func(civil.DateTime) int64) *Iterator {
	dtstart = civil.FromSeconds(dtstart.Seconds())
	if dateOnly {
		dtstart = dtstart.Date.At(0, 0, 0)
	}
	it := &Iterator{
		p:        newPlan(r, dtstart, dateOnly),
		start:    dtstart,
		startSec: dtstart.Seconds(),
		limitSec: limit.Seconds(),
		instant:  instant,
		budget:   workBudget,
	}
	it.limitDate = civil.FromSeconds(it.limitSec).Date
	it.initPeriods()
	return it
}

// initPeriods places period 0 on the one that holds dtstart.
func (it *Iterator) initPeriods() {
	p := &it.p
	capacity := 1
	switch p.freq {
	case Yearly:
		it.origin, capacity = int64(it.start.Year), 31 // grows to a year when needed
	case Monthly:
		it.origin, capacity = int64(it.start.Year)*12+int64(it.start.Month-1), 31
	case Weekly:
		back := (it.start.Weekday() - p.weekStart + 7) % 7
		it.origin, capacity = it.start.Date.DaysSinceEpoch()-int64(back), 7
	default:
		unit := freqUnit(p.freq)
		it.origin = floorDiv(it.startSec, unit) * unit
		it.step = p.interval * unit
	}
	it.days = make([]dayEntry, 0, capacity)
	if len(p.setPos) > 0 {
		it.pos = make([]int, 0, len(p.setPos))
	}
}

// Next returns the next occurrence, or false when there are no more.
func (it *Iterator) Next() (civil.DateTime, bool) {
	if it.done {
		return civil.DateTime{}, false
	}
	if !it.started {
		return it.first()
	}
	for {
		for it.next < it.size {
			i := it.next
			it.next++
			if !it.spend(1) {
				return it.stop()
			}
			dt, sec, day := it.candidate(i)
			if sec <= it.startSec {
				continue
			}
			if sec > it.limitSec {
				return it.stop()
			}
			if !it.withinUntil(dt, sec, day) {
				if it.pastUntil(sec) {
					return it.stop()
				}
				continue // see pastUntil
			}
			it.yielded++
			if it.p.count > 0 && it.yielded >= it.p.count {
				it.done = true
			}
			return dt, true
		}
		if !it.nextPeriod() {
			return it.stop()
		}
	}
}

// SetBudget replaces the iterator's work budget (see workBudget) by n
// units, for callers that expand many rules of one untrusted input and
// must bound their sum.
func (it *Iterator) SetBudget(n int) { it.budget = n }

// Truncated reports whether the expansion stopped because it ran out of its
// work budget (see workBudget) rather than at COUNT, UNTIL or the limit.
func (it *Iterator) Truncated() bool {
	return it.truncated
}

func (it *Iterator) first() (civil.DateTime, bool) {
	it.started = true
	if it.startSec > it.limitSec {
		return it.stop()
	}
	it.yielded = 1
	if it.p.count == 1 || it.p.impossible {
		it.done = true
	}
	return it.start, true
}

func (it *Iterator) stop() (civil.DateTime, bool) {
	it.done = true
	return civil.DateTime{}, false
}

// spend takes n units of work from the budget and reports whether any was left.
func (it *Iterator) spend(n int) bool {
	it.budget -= n
	if it.budget < 0 {
		it.truncated = true
		return false
	}
	return true
}

// untilSlack is how far past a UTC UNTIL, in wall-clock seconds, a later
// occurrence may still fall before it: the largest UTC offset (14 h) and a
// gap (2 h) to spare.
const untilSlack = 16 * 3600

// pastUntil reports whether no occurrence at or after the wall-clock time
// sec can be within UNTIL, once one is not. With UNTIL in UTC, instants do
// not follow wall-clock order right after a spring-forward gap: a time in
// the gap moves forward past the next valid times (RFC 5545 §3.3.5), so a
// later occurrence may still be before UNTIL.
func (it *Iterator) pastUntil(sec int64) bool {
	if it.p.until != untilUTC || it.instant == nil {
		return true
	}
	return sec > it.p.untilSec+untilSlack
}

func (it *Iterator) withinUntil(dt civil.DateTime, sec, day int64) bool {
	switch it.p.until {
	case untilLocal:
		return sec <= it.p.untilSec
	case untilDate:
		return day <= it.p.untilDay
	case untilUTC:
		if it.instant != nil {
			return it.instant(dt) <= it.p.untilSec
		}
		return sec <= it.p.untilSec
	}
	return true
}

// candidate returns the i-th candidate of the current period, its wall-clock
// seconds and its day number.
func (it *Iterator) candidate(i int) (civil.DateTime, int64, int64) {
	if it.pos != nil {
		i = it.pos[i]
	}
	var d dayEntry
	var h, m, s int
	if it.perDay == 1 {
		d, h, m, s = it.days[i], it.hs[0], it.ms[0], it.ss[0]
	} else {
		ns, nm := len(it.ss), len(it.ms)
		d = it.days[i/it.perDay]
		r := i % it.perDay
		s = it.ss[r%ns]
		r /= ns
		m = it.ms[r%nm]
		h = it.hs[r/nm]
	}
	sec := d.num*86400 + int64(h*3600+m*60+s)
	return civil.DateTime{Date: d.date, Hour: h, Minute: m, Second: s}, sec, d.num
}

// nextPeriod moves to the next period that has candidates. It returns false
// when the periods have passed the limit or the budget is spent.
func (it *Iterator) nextPeriod() bool {
	if it.p.impossible {
		return false
	}
	for {
		var more bool
		switch it.p.freq {
		case Yearly:
			more = it.yearPeriod()
		case Monthly:
			more = it.monthPeriod()
		case Weekly:
			more = it.weekPeriod()
		default:
			more = it.gridPeriod()
		}
		if !more {
			return false
		}
		if it.fill() {
			return true
		}
	}
}

// fill prepares the current period's candidate list and skips those not
// after dtstart. It reports whether any candidate is left.
func (it *Iterator) fill() bool {
	it.perDay = len(it.hs) * len(it.ms) * len(it.ss)
	total := len(it.days) * it.perDay
	it.size, it.next = total, 0
	if it.pos != nil {
		it.pos = resolveSetPos(it.pos[:0], it.p.setPos, total)
		it.size = len(it.pos)
	}
	if it.size == 0 {
		return false
	}
	if _, sec, _ := it.candidate(0); sec <= it.startSec {
		it.next = it.firstAfterStart()
	}
	return it.next < it.size
}

// firstAfterStart finds by bisection the first candidate after dtstart, so
// that a dense first period is not walked one candidate at a time.
func (it *Iterator) firstAfterStart() int {
	lo, hi := 0, it.size
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if _, sec, _ := it.candidate(mid); sec <= it.startSec {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// resolveSetPos turns BYSETPOS values (ascending, so the negative ones come
// first) into ascending distinct indexes into a list of total candidates.
func resolveSetPos(dst, setPos []int, total int) []int {
	split := 0
	for split < len(setPos) && setPos[split] < 0 {
		split++
	}
	neg, pos := setPos[:split], setPos[split:]
	for len(neg) > 0 || len(pos) > 0 {
		var idx int
		if len(pos) == 0 || (len(neg) > 0 && total+neg[0] < pos[0]-1) {
			idx, neg = total+neg[0], neg[1:]
		} else {
			idx, pos = pos[0]-1, pos[1:]
		}
		if idx < 0 || idx >= total || (len(dst) > 0 && dst[len(dst)-1] == idx) {
			continue
		}
		dst = append(dst, idx)
	}
	return dst
}

// yearPeriod collects the matching days of the next year.
func (it *Iterator) yearPeriod() bool {
	year := it.origin + it.period*it.p.interval
	it.period++
	if year > int64(it.limitDate.Year) || !it.spend(1) {
		return false
	}
	it.days = it.days[:0]
	for month := 1; month <= 12; month++ {
		if it.p.hasMonth && it.p.months&(1<<month) == 0 {
			continue
		}
		it.cur.setDate(int(year), month, 1)
		if !it.collectDays(it.cur.monthLen) {
			return false
		}
	}
	it.hs, it.ms, it.ss = it.p.hours, it.p.minutes, it.p.seconds
	return true
}

// monthPeriod collects the matching days of the next month.
func (it *Iterator) monthPeriod() bool {
	n := it.origin + it.period*it.p.interval
	it.period++
	year, month := floorDiv(n, 12), int(mod(n, 12))+1
	limit := it.limitDate
	if year > int64(limit.Year) || (year == int64(limit.Year) && month > limit.Month) || !it.spend(1) {
		return false
	}
	it.days = it.days[:0]
	it.hs, it.ms, it.ss = it.p.hours, it.p.minutes, it.p.seconds
	if it.p.hasMonth && it.p.months&(1<<month) == 0 {
		return true
	}
	it.cur.setDate(int(year), month, 1)
	return it.collectDays(it.cur.monthLen)
}

// weekPeriod collects the matching days of the next week.
func (it *Iterator) weekPeriod() bool {
	first := it.origin + it.period*7*it.p.interval
	it.period++
	if first*86400 > it.limitSec || !it.spend(1) {
		return false
	}
	it.days = it.days[:0]
	it.moveTo(first)
	it.hs, it.ms, it.ss = it.p.hours, it.p.minutes, it.p.seconds
	if it.p.hasMonth && !it.weekTouchesMonths() {
		return true
	}
	return it.collectDays(7)
}

// weekTouchesMonths reports whether the week from the cursor on has a day
// in a month of BYMONTH, so that WEEKLY;BYMONTH=2 skips the other weeks
// without looking at their days.
func (it *Iterator) weekTouchesMonths() bool {
	c := &it.cur
	last := c.month
	if c.day+6 > c.monthLen {
		last = c.month%12 + 1
	}
	return it.p.months&(1<<c.month|1<<last) != 0
}

// collectDays examines n days from the cursor on and keeps those that
// match. It steps from one weekday that BYDAY may take to the next, so that
// BYDAY=-1FR looks at four or five days a month, not thirty.
func (it *Iterator) collectDays(n int) bool {
	if !it.spend(n) {
		return false
	}
	c := &it.cur
	for i := 0; i < n; {
		if it.p.weekdayAny&(1<<c.weekday) != 0 && it.p.dayMatches(c) {
			it.days = append(it.days, dayEntry{num: c.num, date: c.date()})
		}
		gap := it.p.weekdayGap[c.weekday]
		if i += gap; i < n {
			c.advance(gap)
		}
	}
	return true
}

// moveTo puts the cursor on day num, walking there when it is close.
func (it *Iterator) moveTo(num int64) {
	if d := num - it.cur.num; it.curSet && d >= 0 && d <= 28 {
		if d > 0 {
			it.cur.advance(int(d))
		}
		return
	}
	it.cur.set(num)
	it.curSet = true
}

// gridPeriod moves to the next grid point (DAILY and shorter) whose day,
// hour, minute and second can match. A point that cannot match makes it jump
// to the first grid point at or after the next month, day, hour, minute or
// second that can, so that impossible rules end quickly.
func (it *Iterator) gridPeriod() bool {
	p := &it.p
	for {
		t := it.origin + it.period*it.step
		if t > it.limitSec || !it.spend(1) {
			return false
		}
		num := floorDiv(t, 86400)
		it.moveTo(num)
		dayStart := num * 86400
		if p.hasMonth && p.months&(1<<it.cur.month) == 0 {
			it.skipTo(dayStart + int64(it.cur.monthLen-it.cur.day+1)*86400)
			continue
		}
		if !p.dayMatches(&it.cur) {
			it.skipTo(dayStart + 86400)
			continue
		}
		sod := int(t - dayStart)
		h, m, s := sod/3600, sod/60%60, sod%60
		if skip := it.timeSkip(h, m, s); skip > 0 {
			it.skipTo(t + skip)
			continue
		}
		it.period++
		it.setGridCandidates(h, m, s)
		return true
	}
}

// timeSkip returns 0 when the hour, minute and second of a grid point pass
// the limits of the frequency, or else how many seconds on lies the next
// hour, minute or second that might.
func (it *Iterator) timeSkip(h, m, s int) int64 {
	p := &it.p
	switch {
	case p.freq <= Hourly && p.limitHours && p.hourMask&(1<<h) == 0:
		next := nextBit(uint64(p.hourMask), h, 24)
		return int64((next-h)*3600 - m*60 - s)
	case p.freq <= Minutely && p.limitMinutes && p.minuteMask&(1<<m) == 0:
		next := nextBit(p.minuteMask, m, 60)
		return int64((next-m)*60 - s)
	case p.freq == Secondly && p.limitSecs && p.secondMask&(1<<s) == 0:
		return int64(nextBit(p.secondMask, s, 60) - s)
	}
	return 0
}

// setGridCandidates makes the current grid point the period: the frequency's
// own unit and the larger ones are fixed, the smaller ones expand.
func (it *Iterator) setGridCandidates(h, m, s int) {
	p := &it.p
	it.days = append(it.days[:0], dayEntry{num: it.cur.num, date: it.cur.date()})
	it.fixed = [3]int{h, m, s}
	it.hs, it.ms, it.ss = p.hours, p.minutes, p.seconds
	if p.freq <= Hourly {
		it.hs = it.fixed[0:1]
	}
	if p.freq <= Minutely {
		it.ms = it.fixed[1:2]
	}
	if p.freq == Secondly {
		it.ss = it.fixed[2:3]
	}
}

// skipTo moves to the first grid point at or after second t, and at least
// one step on.
func (it *Iterator) skipTo(t int64) {
	k := ceilDiv(t-it.origin, it.step)
	if k <= it.period {
		k = it.period + 1
	}
	it.period = k
}

// nextBit returns the smallest set bit of mask above v, or n when none is.
func nextBit(mask uint64, v, n int) int {
	rest := mask >> (v + 1)
	if rest == 0 {
		return n
	}
	if next := v + 1 + bits.TrailingZeros64(rest); next < n {
		return next
	}
	return n
}
