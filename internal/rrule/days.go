package rrule

import "github.com/klaver/klaver/internal/civil"

// dayCursor walks the calendar one day at a time and keeps at hand what the
// day filters ask about a day, so that walking a year costs a few additions
// per day instead of a date conversion.
type dayCursor struct {
	num      int64 // days since 1970-01-01
	year     int
	month    int
	day      int
	weekday  int // Sunday = 0
	yearDay  int // 1 for January 1st
	monthLen int
	yearLen  int

	// First days of week 1 of year-1 .. year+2, for BYWEEKNO.
	weeksValid bool
	weeksYear  int
	weekStarts [4]int64
}

func (c *dayCursor) set(num int64) {
	d := civil.DateFromDays(num)
	c.num = num
	c.year, c.month, c.day = d.Year, d.Month, d.Day
	c.weekday = weekdayOf(num)
	c.yearDay = int(num-jan1(d.Year)) + 1
	c.monthLen = civil.DaysIn(d.Year, d.Month)
	c.yearLen = civil.DaysInYear(d.Year)
}

func (c *dayCursor) setDate(year, month, day int) {
	c.num = civil.Date{Year: year, Month: month, Day: day}.DaysSinceEpoch()
	c.year, c.month, c.day = year, month, day
	c.weekday = weekdayOf(c.num)
	c.yearDay = int(c.num-jan1(year)) + 1
	c.monthLen = civil.DaysIn(year, month)
	c.yearLen = civil.DaysInYear(year)
}

// advance moves on by k days, 1 <= k <= 28.
func (c *dayCursor) advance(k int) {
	c.num += int64(k)
	c.weekday = (c.weekday + k) % 7
	c.day += k
	c.yearDay += k
	if c.day <= c.monthLen {
		return
	}
	c.day -= c.monthLen
	c.month++
	if c.month > 12 {
		c.month = 1
		c.year++
		c.yearDay = c.day
		c.yearLen = civil.DaysInYear(c.year)
	}
	c.monthLen = civil.DaysIn(c.year, c.month)
}

func (c *dayCursor) date() civil.Date {
	return civil.Date{Year: c.year, Month: c.month, Day: c.day}
}

// week returns the number of the week the day falls in and how many weeks
// that week's year has. Weeks begin on weekStart; week 1 is the first week
// with at least four days in the year (ISO 8601 when weekStart is Monday).
// A day late in December may be in week 1 of the next year and a day early
// in January in the last week of the previous one.
func (c *dayCursor) week(weekStart int) (week, weeks int) {
	if !c.weeksValid || c.weeksYear != c.year {
		for i := range c.weekStarts {
			c.weekStarts[i] = firstWeekStart(c.year-1+i, weekStart)
		}
		c.weeksValid, c.weeksYear = true, c.year
	}
	s := &c.weekStarts
	i := 1
	switch {
	case c.num < s[1]:
		i = 0
	case c.num >= s[2]:
		i = 2
	}
	return int(c.num-s[i])/7 + 1, int(s[i+1]-s[i]) / 7
}

// firstWeekStart returns the first day of week 1 of year.
func firstWeekStart(year, weekStart int) int64 {
	j := jan1(year)
	before := int64((weekdayOf(j) - weekStart + 7) % 7) // days of that week in the old year
	if before <= 3 {
		return j - before
	}
	return j + 7 - before
}

func jan1(year int) int64 {
	return civil.Date{Year: year, Month: 1, Day: 1}.DaysSinceEpoch()
}

func weekdayOf(num int64) int {
	return int(mod(num+4, 7)) // 1970-01-01 was a Thursday
}

// dayMatches reports whether the day under c passes every BY part that
// selects days.
func (p *plan) dayMatches(c *dayCursor) bool {
	if p.hasMonth && p.months&(1<<c.month) == 0 {
		return false
	}
	if p.hasMonthDay && p.monthDays&(1<<c.day) == 0 && p.monthDaysEnd&(1<<(c.monthLen-c.day+1)) == 0 {
		return false
	}
	if p.hasYearDay && !p.yearDayMatches(c.yearDay, c.yearLen) {
		return false
	}
	if p.hasWeekNo {
		w, n := c.week(p.weekStart)
		if p.weekNos&(1<<w) == 0 && p.weekNosEnd&(1<<(n-w+1)) == 0 {
			return false
		}
	}
	return !p.hasWeekday || p.weekdayMatches(c)
}

func (p *plan) yearDayMatches(yd, yearLen int) bool {
	end := yearLen - yd + 1
	return p.yearDays[yd/64]&(1<<(yd%64)) != 0 || p.yearDaysEnd[end/64]&(1<<(end%64)) != 0
}

// weekdayMatches checks BYDAY. An ordinal counts the weekday within the month
// (MONTHLY, or YEARLY with BYMONTH) or within the year (YEARLY otherwise).
func (p *plan) weekdayMatches(c *dayCursor) bool {
	wd := c.weekday
	if p.weekdays&(1<<wd) != 0 {
		return true
	}
	if p.nth[wd]|p.nthEnd[wd] == 0 {
		return false
	}
	pos, length := c.day, c.monthLen
	if p.nthInYear {
		pos, length = c.yearDay, c.yearLen
	}
	return p.nth[wd]&(1<<((pos-1)/7+1)) != 0 || p.nthEnd[wd]&(1<<((length-pos)/7+1)) != 0
}
