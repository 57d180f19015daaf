package ical

import (
	"bytes"
	"encoding/binary"
	"math/bits"

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

// paramKind names the parameters the Reader uses.
type paramKind uint8

const (
	paramOther paramKind = iota
	paramTZID
	paramValue
	paramRange
	paramCUType
	paramPartStat
	paramKinds // the number of kinds, paramOther included
)

// paramSpan is where the value of a parameter lies in the text after the
// property name: rest[start:end], without its quotes. The zero span is an
// absent (or empty) parameter.
type paramSpan struct{ start, end int }

// paramSpans are the spans of the parameters the Reader uses, indexed by
// paramKind. Offsets rather than slices keep them free of pointers, so
// that filling them costs no write barriers while the collector runs.
type paramSpans [paramKinds]paramSpan

// of returns the value of parameter kind in rest, the text the spans were
// found in; nil when it is absent.
func (sp *paramSpans) of(rest []byte, kind paramKind) []byte {
	s := sp[kind]
	if s.end == 0 {
		return nil
	}
	return rest[s.start:s.end]
}

// set records rest[start:end], quoted or not, as the value of kind.
func (sp *paramSpans) set(rest []byte, kind paramKind, start, end int) {
	if start < end && rest[start] == '"' {
		start++
		if start < end && rest[end-1] == '"' {
			end--
		}
	}
	sp[kind] = paramSpan{start, end}
}

// paramName is a parameter name the Reader uses, as paramAt compares it:
// the first eight bytes of the name and its '=', folded to lower case, and
// the mask of the bytes they fill.
type paramName struct {
	key, mask uint64
	n         int  // length of the name
	second    byte // its second letter, folded
}

// paramNames are indexed by paramKind.
var paramNames = [paramKinds]paramName{
	paramTZID:     {0x0000003d64697a74, 1<<40 - 1, 4, 'z'}, // tzid=
	paramValue:    {0x00003d65756c6176, 1<<48 - 1, 5, 'a'}, // value=
	paramRange:    {0x00003d65676e6172, 1<<48 - 1, 5, 'a'}, // range=
	paramCUType:   {0x003d657079747563, 1<<56 - 1, 6, 'u'}, // cutype=
	paramPartStat: {0x7461747374726170, 1<<64 - 1, 8, 'a'}, // partstat
}

// paramByFirst tells by the first byte of a parameter name which of the
// names the Reader uses it can be: no two of them start with the same
// letter.
var paramByFirst = [256]paramKind{
	'T': paramTZID, 't': paramTZID, 'V': paramValue, 'v': paramValue,
	'R': paramRange, 'r': paramRange, 'C': paramCUType, 'c': paramCUType,
	'P': paramPartStat, 'p': paramPartStat,
}

// paramAt returns which parameter starts at rest[i] and where its value
// starts.
func paramAt(rest []byte, i int) (paramKind, int) {
	if kind := paramCandidate(rest, i); kind != paramOther {
		return paramNamed(rest, i, kind)
	}
	return paramOther, 0
}

// paramCandidate returns the one parameter the Reader uses whose name
// starts as the name at rest[i] does, by its first two letters. It is
// asked for every parameter of a line, and most (CN, ROLE, RSVP, X-...)
// are none the Reader uses, so it is small enough to be inlined.
func paramCandidate(rest []byte, i int) paramKind {
	if i+1 >= len(rest) {
		return paramOther
	}
	kind := paramByFirst[rest[i]]
	if rest[i+1]|0x20 != paramNames[kind].second {
		return paramOther // also for paramOther, whose second is 0
	}
	return kind
}

// paramNamed is paramAt for a name that starts as that of kind does. It
// compares the first eight bytes, folded to lower case, as one word with
// the name, '=' included.
func paramNamed(rest []byte, i int, kind paramKind) (paramKind, int) {
	p := &paramNames[kind]
	// Folding also maps a control byte onto '='; the '=' is checked apart.
	if (wordAt(rest, i)|fold)&p.mask != p.key || i+p.n >= len(rest) || rest[i+p.n] != '=' {
		return paramOther, 0
	}
	return kind, i + p.n + 1
}

// splitProperty parses the part of a content line after the name
// (";param=value...:value") into its value and, in ps, the parameters the
// Reader uses. ok is false when no ':' introduces a value. See scanProperty.
func splitProperty(rest []byte, ps *params) (value []byte, ok bool) {
	var sp paramSpans
	value, ok = scanProperty(rest, true, &sp)
	if !ok {
		return nil, false
	}
	*ps = params{
		tzid:     sp.of(rest, paramTZID),
		value:    sp.of(rest, paramValue),
		rangeOf:  sp.of(rest, paramRange),
		partStat: sp.of(rest, paramPartStat),
		cuType:   sp.of(rest, paramCUType),
	}
	return value, true
}

// valueOf returns the value of the part of a content line after the name,
// for lines whose parameters the Reader does not use (BEGIN, END and the
// calendar's own properties): it leaves them unread. ok is false when no
// ':' introduces a value.
func valueOf(rest []byte) (value []byte, ok bool) {
	var sp paramSpans
	return scanProperty(rest, false, &sp)
}

// scanProperty returns the value of the part of a content line after the
// name (";param=value...:value") and, when withParams is true, sets in sp
// the spans of the parameters the Reader uses. ok is false when no ':'
// introduces a value. Quoted parameter values may hold ';', ':' and ','.
// When a parameter is given twice, the last one counts.
//
// Most lines have no quotes: for those the value starts at the first ':',
// found at the speed of bytes.IndexByte, and only the ';' that start
// parameters are looked at. Lines with quotes are read by scanQuoted.
func scanProperty(rest []byte, withParams bool, sp *paramSpans) (value []byte, ok bool) {
	if len(rest) > 0 && rest[0] == ':' {
		return rest[1:], true
	}
	colon := bytes.IndexByte(rest, ':')
	if colon < 0 || bytes.IndexByte(rest[:colon], '"') >= 0 {
		return scanQuoted(rest, withParams, sp)
	}
	if withParams {
		scanParams(rest[:colon], sp)
	}
	return rest[colon+1:], true
}

// scanParams sets the spans of the parameters the Reader uses in
// ";param=value...", without quotes, the part of a line before the ':' of
// its value.
func scanParams(list []byte, sp *paramSpans) {
	start := 1 // list starts with the ';' after the property name
	if len(list) == 0 || list[0] != ';' {
		start = bytes.IndexByte(list, ';') + 1
		if start == 0 {
			return
		}
	}
	// paramAt may look at the ':' after the list, never beyond it.
	named := list[:len(list)+1]
	for start <= len(list) {
		end := len(list)
		if i := bytes.IndexByte(list[start:], ';'); i >= 0 {
			end = start + i
		}
		if kind := paramCandidate(named, start); kind != paramOther {
			if kind, valStart := paramNamed(named, start, kind); kind != paramOther {
				sp[kind] = paramSpan{valStart, end} // no quotes to remove
			}
		}
		start = end + 1
	}
}

// scanQuoted is scanProperty for a line with quotes, or without a ':'.
// It reads eight bytes at a time, stopping only at ';', ':' and '"'.
//
// Outlook has been seen to write the value inside the quotes of the last
// parameter (TZID="W. Europe Standard Time:20200609T090000"); such a line
// is split at the last ':' within the quotes.
func scanQuoted(rest []byte, withParams bool, sp *paramSpans) (value []byte, ok bool) {
	kind, valStart := paramOther, 0 // the parameter being read
	last := 0                       // where the last parameter's name starts
	inQuote := false
	for i := 0; i < len(rest); i += 8 {
		for m := valueStops(wordAt(rest, i)); m != 0; m &= m - 1 {
			j := i + bits.TrailingZeros64(m)>>3
			c := rest[j]
			if c == '"' || inQuote {
				inQuote = inQuote != (c == '"')
				continue
			}
			if kind != paramOther {
				sp.set(rest, kind, valStart, j)
			}
			if c == ':' {
				return rest[j+1:], true
			}
			last = j + 1
			if withParams {
				kind, valStart = paramAt(rest, last)
			}
		}
	}
	return recoverValue(rest, last, withParams, sp)
}

// recoverValue splits a line whose value ended up inside the quotes of its
// last parameter, the one whose name starts at rest[last].
func recoverValue(rest []byte, last int, withParams bool, sp *paramSpans) (value []byte, ok bool) {
	eq := bytes.IndexByte(rest[last:], '=')
	if eq < 0 {
		return nil, false
	}
	eq += last
	if eq+1 >= len(rest) || rest[eq+1] != '"' {
		return nil, false
	}
	end := len(rest)
	if rest[end-1] == '"' && end-1 > eq+1 {
		end-- // the closing quote
	}
	k := bytes.LastIndexByte(rest[eq+2:end], ':')
	if k < 0 {
		return nil, false
	}
	k += eq + 2
	if kind, _ := paramAt(rest, last); kind != paramOther && withParams {
		sp.set(rest, kind, eq+2, k)
	}
	return rest[k+1 : end], true
}

// wordAt returns the eight bytes of b from i as a little-endian word, with
// zeros past the end of b.
func wordAt(b []byte, i int) uint64 {
	if i+8 <= len(b) {
		return binary.LittleEndian.Uint64(b[i:])
	}
	if i+8 <= cap(b) {
		// Read the bytes after b from its array and mask them off.
		return binary.LittleEndian.Uint64(b[i:i+8]) & (1<<(8*(len(b)-i)) - 1)
	}
	var w [8]byte
	copy(w[:], b[i:])
	return binary.LittleEndian.Uint64(w[:])
}

// valueStops marks, in the high bit of each byte, the bytes of x that are
// ';', ':' or '"'. Zero bytes are never marked.
func valueStops(x uint64) uint64 {
	// ':' and ';' differ only in the lowest bit.
	return exactZeros((x^(ones*':'))&^ones) | exactZeros(x^(ones*'"'))
}

// exactZeros marks the zero bytes of y in their high bit, each exactly.
func exactZeros(y uint64) uint64 {
	const low7 = ones * 0x7f
	return ^((y&low7 + low7) | y | low7)
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

// parseDateTime is readDateTime for a value on its own.
func parseDateTime(v []byte, wantDate bool) (dateTimeValue, string) {
	var d DateTime
	msg := readDateTime(&d, v, wantDate)
	return dateTimeValue{DateTime: d.DateTime, dateOnly: d.DateOnly, utc: d.UTC}, msg
}

// readDateTime parses a DATE (20260105) or DATE-TIME (20260105T090000,
// with a trailing Z for UTC) into d, all but its TZID, and checks that it
// names a real day and time. On failure it returns a message for the
// user, and d holds what was read so far. A date followed by Z, which
// some producers write, is read as the date. It writes into d, most often
// the Event itself, as the 64 bytes of a DateTime cost more to return and
// copy than to write once.
func readDateTime(d *DateTime, v []byte, wantDate bool) string {
	written := v
	d.UTC, d.DateOnly = false, false
	if n := len(v); n > 0 && (v[n-1] == 'Z' || v[n-1] == 'z') {
		d.UTC = true
		v = v[:n-1]
	}
	switch {
	case len(v) == 8:
		d.DateOnly = true
		d.UTC = false
	case len(v) == 15 && (v[8] == 'T' || v[8] == 't') && !wantDate:
	default:
		return "invalid date " + quote(written)
	}
	date, ok := digitPairs(binary.LittleEndian.Uint64(v[:8]))
	d.Date = civil.Date{Year: int(date&0xffff)*100 + int(date>>16&0xffff), Month: int(date >> 32 & 0xffff), Day: int(date >> 48)}
	if !ok || !d.Date.Valid() {
		return "invalid date " + quote(written)
	}
	if d.DateOnly {
		d.Hour, d.Minute, d.Second = 0, 0, 0
		return ""
	}
	// HHMMSS, padded with two zeros to eight digits.
	clock := uint64(binary.LittleEndian.Uint32(v[9:13])) | uint64(binary.LittleEndian.Uint16(v[13:15]))<<32 | '0'<<48 | '0'<<56
	t, ok := digitPairs(clock)
	d.Hour, d.Minute, d.Second = int(t&0xffff), int(t>>16&0xffff), int(t>>32&0xffff)
	// The date is valid, and digits are never negative: what is left of
	// civil.DateTime.Valid is the upper bounds of the time.
	if !ok || d.Hour > 23 || d.Minute > 59 || d.Second > 60 {
		return "invalid time " + quote(written)
	}
	return ""
}

// digitPairs reads w, eight ASCII digits read little-endian, as four
// two-digit numbers, the first in the low 16 bits. ok is false when a
// byte is not a digit. Dates and times are read this way, all digits at
// once.
func digitPairs(w uint64) (pairs uint64, ok bool) {
	const highNibbles = ones * 0xf0
	// Digits are 0x30-0x39: the high nibble is 3, also after adding 6.
	if w&highNibbles != ones*'0' || (w+ones*6)&highNibbles != ones*'0' {
		return 0, false
	}
	d := w - ones*'0'
	const evenBytes = 0x000f000f000f000f
	return (d&evenBytes)*10 + (d>>8)&evenBytes, true
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
