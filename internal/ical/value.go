package ical

import (
	"bytes"

	"github.com/klaver/klaver/internal/civil"
)

// params holds the property parameters the Reader uses, unquoted.
type params struct {
	tzid     []byte
	value    []byte // VALUE
	rangeOf  []byte // RANGE
	partStat []byte
	cuType   []byte
}

// set keeps val when name is a parameter the Reader uses.
func (ps *params) set(name, val []byte) {
	switch len(name) {
	case 4:
		if equalFold(name, "TZID") {
			ps.tzid = val
		}
	case 5:
		switch {
		case equalFold(name, "VALUE"):
			ps.value = val
		case equalFold(name, "RANGE"):
			ps.rangeOf = val
		}
	case 6:
		if equalFold(name, "CUTYPE") {
			ps.cuType = val
		}
	case 8:
		if equalFold(name, "PARTSTAT") {
			ps.partStat = val
		}
	}
}

// Bytes that end a run of parameter text, one bit each; every such byte
// is below 64, so letters and digits are ruled out by one comparison.
const (
	paramNameStops  = 1<<';' | 1<<':' | 1<<'"' | 1<<'='
	paramValueStops = 1<<';' | 1<<':' | 1<<'"'
)

func isStop(c byte, stops uint64) bool { return c < 64 && stops>>c&1 != 0 }

// splitProperty parses the part of a content line after the name
// (";param=value...:value") into its value and, in ps, the parameters the
// Reader uses. ok is false when no ':' introduces a value. Quoted parameter
// values may hold ';', ':' and ','.
//
// Outlook has been seen to write the value inside the quotes of the last
// parameter (TZID="W. Europe Standard Time:20200609T090000"); such a line
// is split at the last ':' within the quotes.
func splitProperty(rest []byte, ps *params) (value []byte, ok bool) {
	n := len(rest)
	if n > 0 && rest[0] == ':' {
		return rest[1:], true
	}
	i := 0
	var lastName []byte
	lastStart := -1
	for i < n && rest[i] == ';' {
		i++
		nameStart := i
		for i < n && !isStop(rest[i], paramNameStops) {
			i++
		}
		if i == n || rest[i] != '=' {
			continue // a parameter without a value
		}
		name := rest[nameStart:i]
		i++
		valStart := i
		i = skipParamValue(rest, i)
		ps.set(name, unquote(rest[valStart:i]))
		lastName, lastStart = name, valStart
	}
	if i < n && rest[i] == ':' {
		return rest[i+1:], true
	}
	if lastStart >= 0 && rest[lastStart] == '"' {
		inner := bytes.TrimSuffix(rest[lastStart+1:], []byte{'"'})
		if k := bytes.LastIndexByte(inner, ':'); k >= 0 {
			ps.set(lastName, inner[:k])
			return inner[k+1:], true
		}
	}
	return nil, false
}

// skipParamValue returns the end of the parameter value that starts at i:
// the next ';' or ':' outside double quotes, or the end of the line.
func skipParamValue(rest []byte, i int) int {
	for i < len(rest) {
		c := rest[i]
		if !isStop(c, paramValueStops) {
			i++
			continue
		}
		if c != '"' {
			return i
		}
		k := bytes.IndexByte(rest[i+1:], '"')
		if k < 0 {
			return len(rest) // unterminated: the rest of the line
		}
		i += k + 2
	}
	return i
}

// unquote removes the double quotes around a parameter value, also the
// opening one of a value whose closing quote is missing.
func unquote(v []byte) []byte {
	if len(v) > 0 && v[0] == '"' {
		v = v[1:]
		if len(v) > 0 && v[len(v)-1] == '"' {
			v = v[:len(v)-1]
		}
	}
	return v
}

// trimSpace removes ASCII spaces and tabs around v.
func trimSpace(v []byte) []byte {
	for len(v) > 0 && (v[0] == ' ' || v[0] == '\t') {
		v = v[1:]
	}
	for len(v) > 0 && (v[len(v)-1] == ' ' || v[len(v)-1] == '\t') {
		v = v[:len(v)-1]
	}
	return v
}

// dateTimeValue is a parsed DATE or DATE-TIME without its TZID.
type dateTimeValue struct {
	civil.DateTime
	dateOnly bool
	utc      bool
}

// parseDateTime parses a DATE (20260105) or DATE-TIME (20260105T090000,
// with a trailing Z for UTC) and checks that it names a real day and time.
// On failure it returns a message for the user. A date followed by Z,
// which some producers write, is read as the date.
func parseDateTime(v []byte, wantDate bool) (dateTimeValue, string) {
	var d dateTimeValue
	written := v
	if n := len(v); n > 0 && (v[n-1] == 'Z' || v[n-1] == 'z') {
		d.utc = true
		v = v[:n-1]
	}
	switch {
	case len(v) == 8:
		d.dateOnly = true
		d.utc = false
	case len(v) == 15 && (v[8] == 'T' || v[8] == 't') && !wantDate:
	default:
		return d, "invalid date " + quote(written)
	}
	y, ok1 := digits(v[0:4])
	m, ok2 := digits(v[4:6])
	day, ok3 := digits(v[6:8])
	d.Date = civil.Date{Year: y, Month: m, Day: day}
	if !ok1 || !ok2 || !ok3 || !d.Date.Valid() {
		return d, "invalid date " + quote(written)
	}
	if d.dateOnly {
		return d, ""
	}
	h, ok1 := digits(v[9:11])
	mi, ok2 := digits(v[11:13])
	s, ok3 := digits(v[13:15])
	d.Hour, d.Minute, d.Second = h, mi, s
	if !ok1 || !ok2 || !ok3 || !d.DateTime.Valid() {
		return d, "invalid time " + quote(written)
	}
	return d, ""
}

// digits parses a short run of ASCII digits.
func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// maxDurationDigits keeps every DURATION far from overflowing int64.
const maxDurationDigits = 9

// parseDuration parses an RFC 5545 §3.3.6 DURATION (P1W, P1DT2H, -PT15M)
// into seconds. Days and weeks count as 86400 and 604800 seconds. Weeks
// combined with other parts, which RFC 2445 allowed, are accepted.
func parseDuration(v []byte) (int64, bool) {
	i, neg := 0, false
	if len(v) > 0 && (v[0] == '+' || v[0] == '-') {
		neg = v[0] == '-'
		i++
	}
	if i == len(v) || upperASCII(v[i]) != 'P' {
		return 0, false
	}
	i++
	var total int64
	rank, inTime, parts := 0, false, 0
	for i < len(v) {
		if upperASCII(v[i]) == 'T' && !inTime {
			inTime = true
			i++
			continue
		}
		start := i
		for i < len(v) && i-start <= maxDurationDigits && '0' <= v[i] && v[i] <= '9' {
			i++
		}
		n, ok := digits(v[start:i])
		if !ok || i == start || i-start > maxDurationDigits || i == len(v) {
			return 0, false
		}
		r, unit := durationUnit(upperASCII(v[i]), inTime)
		if r <= rank {
			return 0, false
		}
		rank = r
		total += int64(n) * unit
		parts++
		i++
	}
	if parts == 0 || (inTime && rank < 3) {
		return 0, false
	}
	if neg {
		total = -total
	}
	return total, true
}

// durationUnit returns the order of a DURATION designator and its length in
// seconds; the order is 0 for a designator that does not belong there.
func durationUnit(c byte, inTime bool) (rank int, seconds int64) {
	switch {
	case !inTime && c == 'W':
		return 1, 7 * 86400
	case !inTime && c == 'D':
		return 2, 86400
	case inTime && c == 'H':
		return 3, 3600
	case inTime && c == 'M':
		return 4, 60
	case inTime && c == 'S':
		return 5, 1
	}
	return 0, 0
}

// parseUTCOffset parses a UTC-OFFSET (+0100, -0530, +013045) into seconds
// east of UTC.
func parseUTCOffset(v []byte) (int, bool) {
	if (len(v) != 5 && len(v) != 7) || (v[0] != '+' && v[0] != '-') {
		return 0, false
	}
	h, ok1 := digits(v[1:3])
	m, ok2 := digits(v[3:5])
	s, ok3 := digits(v[5:])
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || s > 59 {
		return 0, false
	}
	off := h*3600 + m*60 + s
	if v[0] == '-' {
		off = -off
	}
	return off, true
}

// appendText appends the TEXT value v to dst with its escapes resolved
// (RFC 5545 §3.3.11): \n and \N become a newline; \, \; and \\ the
// character itself. Other backslashes are kept as written.
func appendText(dst, v []byte) []byte {
	for {
		i := bytes.IndexByte(v, '\\')
		if i < 0 || i == len(v)-1 {
			return append(dst, v...)
		}
		dst = append(dst, v[:i]...)
		switch c := v[i+1]; c {
		case 'n', 'N':
			dst = append(dst, '\n')
		case ',', ';', '\\':
			dst = append(dst, c)
		default:
			dst = append(dst, '\\', c)
		}
		v = v[i+2:]
	}
}
