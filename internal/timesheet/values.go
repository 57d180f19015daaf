package timesheet

import (
	"fmt"
	"strings"

	"github.com/klaver/klaver/internal/civil"
)

// dateOrder says how a date that starts with two small numbers is read:
// 03/04/2026 is the 4th of March in the United States and the 3rd of April
// almost everywhere else. Tools write whatever the exporting user chose.
type dateOrder uint8

const (
	orderUnknown dateOrder = iota
	dayFirst               // DD/MM/YYYY, DD-MM-YYYY
	monthFirst             // MM/DD/YYYY, MM-DD-YYYY
)

// layout names the order the way people write it, with sep between the parts.
func (o dateOrder) layout(sep byte) string {
	if o == dayFirst {
		return "DD" + string(sep) + "MM" + string(sep) + "YYYY"
	}
	return "MM" + string(sep) + "DD" + string(sep) + "YYYY"
}

func (o dateOrder) other() dateOrder {
	if o == dayFirst {
		return monthFirst
	}
	return dayFirst
}

// dateParts is a date split at its separators, not yet validated.
type dateParts struct {
	a, b, c    int // the numbers in the order written
	aLen, cLen int // digits in the first and the last number
	sep        byte
}

// splitDate splits s into three numbers joined by one separator, '-', '/'
// or '.'. A trailing '.' is allowed (German writers sometimes add one).
func splitDate(s string) (dateParts, bool) {
	var p dateParts
	nums := [3]int{}
	lens := [3]int{}
	k := 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= '0' && ch <= '9':
			if lens[k] == 4 {
				return p, false
			}
			nums[k] = nums[k]*10 + int(ch-'0')
			lens[k]++
		case ch == '-' || ch == '/' || ch == '.':
			if lens[k] == 0 {
				return p, false
			}
			if p.sep == 0 {
				p.sep = ch
			} else if ch != p.sep {
				return p, false
			}
			if k == 2 {
				if ch == '.' && i == len(s)-1 {
					break
				}
				return p, false
			}
			k++
		default:
			return p, false
		}
	}
	if k != 2 || lens[2] == 0 {
		return p, false
	}
	p.a, p.b, p.c = nums[0], nums[1], nums[2]
	p.aLen, p.cLen = lens[0], lens[2]
	if lens[1] > 2 {
		return p, false
	}
	return p, true
}

// ambiguous reports whether the date could be read day first or month
// first: two short numbers before a four-digit year, joined by '/' or '-'.
func (p dateParts) ambiguous() bool {
	return p.aLen <= 2 && p.cLen == 4 && p.sep != '.'
}

// hint returns the order a single ambiguous date proves, if any: a first
// number above 12 can only be a day, a second number above 12 only a day.
func (p dateParts) hint() dateOrder {
	switch {
	case !p.ambiguous():
		return orderUnknown
	case p.a > 12 && p.b <= 12:
		return dayFirst
	case p.b > 12 && p.a <= 12:
		return monthFirst
	}
	return orderUnknown
}

func (p dateParts) date(order dateOrder) (civil.Date, bool) {
	switch {
	case p.aLen == 4 && p.cLen <= 2: // 2026-01-05, 2026/01/05, 2026.01.05
		return civil.Date{Year: p.a, Month: p.b, Day: p.c}, true
	case p.aLen > 2 || p.cLen != 4:
		return civil.Date{}, false
	case p.sep == '.' || order == dayFirst: // 05.01.2026: no tool writes month first with dots
		return civil.Date{Year: p.c, Month: p.b, Day: p.a}, true
	}
	return civil.Date{Year: p.c, Month: p.a, Day: p.b}, true
}

// parseDate reads a date as written by a time-tracking export: ISO
// (2026-01-05, also with '/' or '.'), day first with dots (05.01.2026), or
// two short numbers and a year (01/05/2026, 05-01-2026) read in order.
func parseDate(s string, order dateOrder) (civil.Date, error) {
	p, ok := splitDate(s)
	if !ok {
		return civil.Date{}, fmt.Errorf("invalid date %q", s)
	}
	d, ok := p.date(order)
	if ok && d.Valid() {
		return d, nil
	}
	if p.ambiguous() {
		if alt, _ := p.date(order.other()); alt.Valid() {
			return civil.Date{}, fmt.Errorf("invalid date %q: this file's dates read as %s", s, order.layout(p.sep))
		}
	}
	return civil.Date{}, fmt.Errorf("invalid date %q", s)
}

// clock is a wall-clock time of day.
type clock struct{ hour, minute, second int }

// scanClock reads H:MM, HH:MM:SS or HH:MM:SS.fff (the fraction is dropped)
// from the start of s and returns what follows.
func scanClock(s string) (clock, string, bool) {
	var c clock
	h, n := scanDigits(s, 2)
	if n == 0 || n >= len(s) || s[n] != ':' {
		return c, s, false
	}
	s = s[n+1:]
	m, n := scanDigits(s, 2)
	if n != 2 {
		return c, s, false
	}
	s = s[n:]
	sec := 0
	if len(s) > 0 && s[0] == ':' {
		sec, n = scanDigits(s[1:], 2)
		if n != 2 {
			return c, s, false
		}
		s = s[n+1:]
		if len(s) > 1 && s[0] == '.' {
			_, n = scanDigits(s[1:], 9)
			if n == 0 {
				return c, s, false
			}
			s = s[n+1:]
		}
	}
	c = clock{h, m, sec}
	return c, s, h <= 23 && m <= 59 && sec <= 59
}

// scanDigits reads up to max decimal digits and returns their value and count.
func scanDigits(s string, max int) (value, n int) {
	for n < len(s) && n < max && s[n] >= '0' && s[n] <= '9' {
		value = value*10 + int(s[n]-'0')
		n++
	}
	return value, n
}

// parseClock reads a time of day: 24-hour (09:05, 14:05:00) or 12-hour
// with AM/PM as Clockify writes it (10:23:52 AM, 10:23 pm, 9:05 a.m.).
func parseClock(s string) (clock, error) {
	c, rest, ok := scanClock(s)
	if ok && rest != "" {
		ok = c.applyMeridiem(rest)
	}
	if !ok {
		return clock{}, fmt.Errorf("invalid time %q", s)
	}
	return c, nil
}

// applyMeridiem turns a 12-hour time into 24-hour time; rest is what
// followed the digits.
func (c *clock) applyMeridiem(rest string) bool {
	m := strings.ToLower(strings.TrimSpace(rest))
	pm := false
	switch m {
	case "am", "a.m.", "a. m.":
	case "pm", "p.m.", "p. m.":
		pm = true
	default:
		return false
	}
	if c.hour < 1 || c.hour > 12 {
		return false
	}
	c.hour %= 12
	if pm {
		c.hour += 12
	}
	return true
}

// parseDateTime reads the generic format's start and end: an ISO date,
// then optionally 'T' or a space and a time. A trailing UTC offset or 'Z'
// is accepted and ignored: times are local wall-clock times as written.
func parseDateTime(s string) (dt civil.DateTime, hasTime bool, err error) {
	bad := fmt.Errorf("invalid date-time %q", s)
	if len(s) < 10 {
		return dt, false, bad
	}
	p, ok := splitDate(s[:10])
	if !ok || p.aLen != 4 || p.sep != '-' {
		return dt, false, bad
	}
	d, _ := p.date(orderUnknown)
	if !d.Valid() {
		return dt, false, bad
	}
	dt.Date = d
	if len(s) == 10 {
		return dt, false, nil
	}
	if s[10] != 'T' && s[10] != 't' && s[10] != ' ' {
		return dt, false, bad
	}
	c, rest, ok := scanClock(s[11:])
	if !ok || !isOffset(rest) {
		return dt, false, bad
	}
	dt.Hour, dt.Minute, dt.Second = c.hour, c.minute, c.second
	return dt, true, nil
}

// isOffset reports whether s is empty or a UTC offset: Z, +01:00, +0100, -05.
func isOffset(s string) bool {
	switch {
	case s == "" || s == "Z" || s == "z":
		return true
	case s[0] != '+' && s[0] != '-':
		return false
	}
	s = s[1:]
	h, n := scanDigits(s, 2)
	if n != 2 || h > 23 {
		return false
	}
	s = strings.TrimPrefix(s[2:], ":")
	if s == "" {
		return true
	}
	m, n := scanDigits(s, 2)
	return n == 2 && len(s) == 2 && m <= 59
}

// parseDuration reads a tracked duration in seconds. It accepts what the
// exports write and what people type: H:MM and H:MM:SS (hours may exceed
// 24), decimal hours with '.' or ',' (1.5, "20,0"), units (90m, 1h30m,
// 1.5h, 45s) and ISO 8601 (PT1H30M, P1DT2H).
func parseDuration(s string) (int64, error) {
	var secs int64
	var ok bool
	switch {
	case strings.HasPrefix(s, "-"):
		return 0, fmt.Errorf("negative duration %q", s)
	case s != "" && (s[0] == 'P' || s[0] == 'p'):
		secs, ok = isoDuration(s[1:])
	case strings.IndexByte(s, ':') >= 0:
		secs, ok = clockDuration(s)
	case s != "" && isUnit(s[len(s)-1]):
		secs, ok = unitDuration(s)
	default:
		secs, ok = decimal(s, 3600)
	}
	if !ok {
		return 0, fmt.Errorf("invalid duration %q", s)
	}
	if secs > maxDurationSeconds {
		return 0, fmt.Errorf("duration %q is longer than a year", s)
	}
	return secs, nil
}

// maxDurationSeconds bounds one entry: a longer one is a typing error, and
// would swamp every figure it lands in.
const maxDurationSeconds = 366 * 24 * 3600

// clockDuration reads H:MM or H:MM:SS with any number of hours.
func clockDuration(s string) (int64, bool) {
	h, n := scanDigits(s, 9)
	if n == 0 || n == len(s) || s[n] != ':' {
		return 0, false
	}
	s = s[n+1:]
	m, n := scanDigits(s, 2)
	if n != 2 || m > 59 {
		return 0, false
	}
	s = s[2:]
	sec := 0
	if s != "" {
		if s[0] != ':' {
			return 0, false
		}
		sec, n = scanDigits(s[1:], 2)
		if n != 2 || len(s) != 3 || sec > 59 {
			return 0, false
		}
	}
	return int64(h)*3600 + int64(m)*60 + int64(sec), true
}

func isUnit(ch byte) bool {
	switch ch {
	case 'h', 'H', 'm', 'M', 's', 'S':
		return true
	}
	return false
}

func unitSeconds(ch byte) int64 {
	switch ch {
	case 'd', 'D':
		return 86400
	case 'h', 'H':
		return 3600
	case 'm', 'M':
		return 60
	}
	return 1
}

// unitDuration reads numbers each followed by h, m or s, in that order,
// with optional spaces between them: 1h30m, 1h 30m, 90m, 1.5h, 45s.
func unitDuration(s string) (int64, bool) {
	var total int64
	last := int64(1 << 62)
	for s != "" {
		i := 0
		for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == ',') {
			i++
		}
		if i == 0 || i == len(s) || !isUnit(s[i]) {
			return 0, false
		}
		unit := unitSeconds(s[i])
		if unit >= last {
			return 0, false
		}
		v, ok := decimal(s[:i], unit)
		if !ok {
			return 0, false
		}
		total += v
		last = unit
		s = strings.TrimLeft(s[i+1:], " ")
	}
	return total, true
}

// isoDuration reads the part of an ISO 8601 duration after the P: days,
// then T and hours, minutes, seconds. Years, months and weeks have no
// fixed length in tracked time and are rejected.
func isoDuration(s string) (int64, bool) {
	var total int64
	inTime, any := false, false
	last := int64(1 << 62)
	for s != "" {
		if s[0] == 'T' || s[0] == 't' {
			if inTime || len(s) == 1 {
				return 0, false
			}
			inTime = true
			s = s[1:]
			continue
		}
		i := 0
		for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == ',') {
			i++
		}
		if i == 0 || i == len(s) {
			return 0, false
		}
		u := s[i]
		isDay := u == 'D' || u == 'd'
		if isDay == inTime || (!isDay && !isUnit(u)) {
			return 0, false
		}
		unit := unitSeconds(u)
		if unit >= last {
			return 0, false
		}
		v, ok := decimal(s[:i], unit)
		if !ok {
			return 0, false
		}
		total += v
		last, any = unit, true
		s = s[i+1:]
	}
	return total, any
}

// decimal reads a non-negative decimal number with '.' or ',' as the
// decimal mark and returns it times unit, rounded to whole seconds.
func decimal(s string, unit int64) (int64, bool) {
	whole, n := scanDigits(s, 9)
	s = s[n:]
	if s == "" {
		return int64(whole) * unit, n > 0
	}
	if s[0] != '.' && s[0] != ',' {
		return 0, false
	}
	s = s[1:]
	frac, m := scanDigits(s, 9)
	if (n == 0 && m == 0) || m != len(s) && !allDigits(s[m:]) {
		return 0, false
	}
	scale := int64(1)
	for range m {
		scale *= 10
	}
	return int64(whole)*unit + (int64(frac)*unit*2+scale)/(2*scale), true
}

// allDigits reports whether s holds only digits (precision beyond nine
// decimals is read and dropped).
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
