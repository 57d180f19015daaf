package rrule

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/klaver/klaver/internal/civil"
)

// Parse parses an RRULE value such as "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20261231T235959Z".
//
// Parts and their values are read without regard to case; X- parts and parts
// this package does not know (RSCALE, SKIP, ...) are ignored, so that a rule
// from a newer producer still expands. A missing FREQ is an error. RFC 5545
// forbids COUNT together with UNTIL, but exports contain both: both are
// honoured and the expansion stops at whichever comes first. A part given
// twice keeps its last value.
func Parse(value string) (*Rule, error) {
	r := &Rule{Interval: 1, WeekStart: civil.Monday}
	hasFreq := false
	for _, part := range strings.Split(value, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, val, ok := strings.Cut(part, "=")
		name = strings.ToUpper(strings.TrimSpace(name))
		if !ok {
			if !knownParts[name] {
				// Debris such as a doubled "RRULE:" prefix; the rest of
				// the rule still means what it says.
				continue
			}
			return nil, fmt.Errorf("part %q has no value", part)
		}
		if err := r.setPart(name, strings.TrimSpace(val)); err != nil {
			return nil, err
		}
		if name == "FREQ" {
			hasFreq = true
		}
	}
	if !hasFreq {
		return nil, errors.New("FREQ is missing")
	}
	return r, nil
}

// setPart stores one NAME=VALUE part; name is upper case.
func (r *Rule) setPart(name, val string) error {
	var err error
	switch name {
	case "FREQ":
		r.Freq, err = parseFreq(val)
	case "INTERVAL":
		r.Interval, err = parseNumber(name, val, 1, 1<<31-1)
	case "COUNT":
		r.Count, err = parseNumber(name, val, 1, 1<<31-1)
	case "UNTIL":
		err = r.setUntil(val)
	case "WKST":
		r.WeekStart, err = parseWeekday(val)
		if err != nil {
			err = fmt.Errorf("WKST: %w", err)
		}
	case "BYDAY":
		r.ByDay, err = parseByDay(val)
	default:
		return r.setNumberList(name, val)
	}
	return err
}

// setNumberList stores the BY parts that hold lists of numbers.
func (r *Rule) setNumberList(name, val string) error {
	var err error
	switch name {
	case "BYSECOND":
		r.BySecond, err = parseList(name, val, 0, 60, false)
	case "BYMINUTE":
		r.ByMinute, err = parseList(name, val, 0, 59, false)
	case "BYHOUR":
		r.ByHour, err = parseList(name, val, 0, 23, false)
	case "BYMONTHDAY":
		r.ByMonthDay, err = parseList(name, val, 1, 31, true)
	case "BYYEARDAY":
		r.ByYearDay, err = parseList(name, val, 1, 366, true)
	case "BYWEEKNO":
		r.ByWeekNo, err = parseList(name, val, 1, 53, true)
	case "BYMONTH":
		r.ByMonth, err = parseList(name, val, 1, 12, false)
	case "BYSETPOS":
		r.BySetPos, err = parseList(name, val, 1, 366, true)
	}
	return err
}

var freqNames = map[string]Freq{
	"SECONDLY": Secondly,
	"MINUTELY": Minutely,
	"HOURLY":   Hourly,
	"DAILY":    Daily,
	"WEEKLY":   Weekly,
	"MONTHLY":  Monthly,
	"YEARLY":   Yearly,
}

func parseFreq(val string) (Freq, error) {
	f, ok := freqNames[strings.ToUpper(val)]
	if !ok {
		return 0, fmt.Errorf("invalid FREQ %q", val)
	}
	return f, nil
}

// parseNumber reads one integer in [lo, hi].
func parseNumber(name, val string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(val)
	if err != nil {
		return 0, fmt.Errorf("%s: invalid value %q", name, val)
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("%s: %d out of range", name, n)
	}
	return n, nil
}

// parseList reads a comma-separated list of integers in [lo, hi], or, when
// signed, in [-hi, -lo] ∪ [lo, hi].
func parseList(name, val string, lo, hi int, signed bool) ([]int, error) {
	fields := strings.Split(val, ",")
	list := make([]int, 0, len(fields))
	for _, f := range fields {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, fmt.Errorf("%s: invalid value %q", name, f)
		}
		m := n
		if signed && m < 0 {
			m = -m
		}
		if m < lo || m > hi {
			return nil, fmt.Errorf("%s: %d out of range", name, n)
		}
		list = append(list, n)
	}
	return list, nil
}

var weekdayNames = map[string]int{
	"SU": civil.Sunday,
	"MO": civil.Monday,
	"TU": civil.Tuesday,
	"WE": civil.Wednesday,
	"TH": civil.Thursday,
	"FR": civil.Friday,
	"SA": civil.Saturday,
}

func parseWeekday(val string) (int, error) {
	wd, ok := weekdayNames[strings.ToUpper(val)]
	if !ok {
		return 0, fmt.Errorf("invalid weekday %q", val)
	}
	return wd, nil
}

// parseByDay reads entries such as MO, 1MO, +2TU and -1SU.
func parseByDay(val string) ([]WeekdayNum, error) {
	fields := strings.Split(val, ",")
	list := make([]WeekdayNum, 0, len(fields))
	for _, f := range fields {
		f = strings.TrimSpace(f)
		if len(f) < 2 {
			return nil, fmt.Errorf("BYDAY: invalid value %q", f)
		}
		wd, err := parseWeekday(f[len(f)-2:])
		if err != nil {
			return nil, fmt.Errorf("BYDAY: invalid value %q", f)
		}
		n := 0
		if prefix := f[:len(f)-2]; prefix != "" {
			n, err = strconv.Atoi(prefix)
			if err != nil {
				return nil, fmt.Errorf("BYDAY: invalid value %q", f)
			}
			if n == 0 || n < -53 || n > 53 {
				return nil, fmt.Errorf("BYDAY: %d out of range", n)
			}
		}
		list = append(list, WeekdayNum{Weekday: wd, N: n})
	}
	return list, nil
}

// setUntil reads a DATE (20261231), a local DATE-TIME (20261231T235959) or a
// UTC DATE-TIME (20261231T235959Z).
func (r *Rule) setUntil(val string) error {
	dt, isDate, isUTC, ok := parseDateTime(strings.ToUpper(val))
	if !ok {
		return fmt.Errorf("invalid UNTIL %q", val)
	}
	r.Until, r.HasUntil, r.UntilDate, r.UntilUTC = dt, true, isDate, isUTC
	return nil
}

func parseDateTime(val string) (dt civil.DateTime, isDate, isUTC bool, ok bool) {
	switch {
	case len(val) == 8:
		isDate = true
	case len(val) == 16 && val[15] == 'Z':
		isUTC = true
		val = val[:15]
	case len(val) == 15:
	default:
		return dt, false, false, false
	}
	digits := func(s string) (int, bool) {
		n := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			n = n*10 + int(s[i]-'0')
		}
		return n, true
	}
	var fields [6]int
	spans := [6][2]int{{0, 4}, {4, 6}, {6, 8}, {9, 11}, {11, 13}, {13, 15}}
	if !isDate && val[8] != 'T' {
		return dt, false, false, false
	}
	for i, sp := range spans {
		if isDate && i >= 3 {
			break
		}
		if fields[i], ok = digits(val[sp[0]:sp[1]]); !ok {
			return dt, false, false, false
		}
	}
	dt = civil.DateTime{
		Date: civil.Date{Year: fields[0], Month: fields[1], Day: fields[2]},
		Hour: fields[3], Minute: fields[4], Second: fields[5],
	}
	return dt, isDate, isUTC, dt.Valid()
}

// knownParts are the rule parts of RFC 5545 §3.3.10.
var knownParts = map[string]bool{
	"FREQ": true, "UNTIL": true, "COUNT": true, "INTERVAL": true, "BYSECOND": true,
	"BYMINUTE": true, "BYHOUR": true, "BYDAY": true, "BYMONTHDAY": true, "BYYEARDAY": true,
	"BYWEEKNO": true, "BYMONTH": true, "BYSETPOS": true, "WKST": true,
}
