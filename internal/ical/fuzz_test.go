package ical

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzLog reads data and returns what a caller would see, one entry per
// call to Next, checking on the way what must hold for any input.
func fuzzLog(t *testing.T, data []byte, bufSize int) []string {
	r := newReaderSize(bytes.NewReader(data), "fuzz.ics", bufSize, 1<<16)
	var log []string
	for calls := 0; ; calls++ {
		if calls > len(data)+2 {
			t.Fatalf("Next was called %d times on %d bytes without io.EOF", calls, len(data))
		}
		ev, err := r.Next()
		if err == io.EOF {
			break
		}
		var perr *ParseError
		if err != nil {
			if !errors.As(err, &perr) {
				t.Fatalf("Next returned %T %v, want a *ParseError", err, err)
			}
			if perr.Line < 1 || perr.Line > r.Line() {
				t.Fatalf("error on line %d of %d: %v", perr.Line, r.Line(), perr)
			}
			log = append(log, perr.Error())
			continue
		}
		checkEvent(t, ev)
		log = append(log, describe(ev))
	}
	if r.BytesRead() != int64(len(data)) {
		t.Fatalf("BytesRead = %d, want %d", r.BytesRead(), len(data))
	}
	return log
}

// checkEvent checks that every date of ev is a real one.
func checkEvent(t *testing.T, ev *Event) {
	dates := append(append([]DateTime{ev.Start}, ev.RDates...), ev.ExDates...)
	if ev.HasEnd {
		dates = append(dates, ev.End)
	}
	if ev.HasRecurrenceID {
		dates = append(dates, ev.RecurrenceID)
	}
	if !ev.HasStart {
		t.Fatalf("event without a start: %s", describe(ev))
	}
	for _, d := range dates {
		if !d.Valid() || (d.DateOnly && d.SecondOfDay() != 0) {
			t.Fatalf("invalid date %v in %s", d.DateTime, describe(ev))
		}
	}
}

// FuzzReader reads arbitrary bytes: it must not panic, every error must be
// a *ParseError, every event must start at a real time, and a tiny buffer
// must give the same result as a large one.
func FuzzReader(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*.ics"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(outlookCalendar(3, true))
	f.Add(googleCalendar(3))
	f.Fuzz(func(t *testing.T, data []byte) {
		large := fuzzLog(t, data, defaultBufSize)
		small := fuzzLog(t, data, 5)
		if g, w := strings.Join(small, "\n"), strings.Join(large, "\n"); g != w {
			t.Fatalf("with a 5-byte buffer:\n%s\nwith the default buffer:\n%s", g, w)
		}
	})
}

// FuzzValues feeds arbitrary text to the value parsers.
func FuzzValues(f *testing.F) {
	for _, s := range []string{"20260105T090000Z", "20260105", "-P1W2DT3H4M5S", "+013045",
		`;TZID="W. Europe Standard Time":x`, `;CN="a:b";PARTSTAT=ACCEPTED:mailto:x`, `a\,b\;c\nd\\e\`, `Vaste punten: mededelingen\, cijfers\, kennisdeling.\n\n____\x`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := []byte(s)
		for _, wantDate := range []bool{false, true} {
			if d, msg := parseDateTime(v, wantDate); msg == "" && !d.DateTime.Valid() {
				t.Fatalf("parseDateTime(%q) = invalid %v", s, d.DateTime)
			} else if msg == "" && !writtenAs(d, v) {
				t.Fatalf("parseDateTime(%q) = %v, which is written differently", s, d.DateTime)
			}
		}
		if d, ok := parseDuration(v); ok && (d > 1e17 || d < -1e17) {
			t.Fatalf("parseDuration(%q) = %d", s, d)
		}
		if off, ok := parseUTCOffset(v); ok && (off <= -86400 || off >= 86400) {
			t.Fatalf("parseUTCOffset(%q) = %d", s, off)
		}
		var ps params
		if value, ok := splitProperty(v, &ps); ok && len(value) >= len(v) {
			t.Fatalf("splitProperty(%q) value %q is not shorter than the line", s, value)
		}
		if colon := bytes.IndexByte(v, ':'); colon >= 0 && bytes.IndexByte(v[:colon], '"') < 0 {
			var got, want params
			value, ok := splitProperty(v, &got)
			splitParamsSimply(v[:colon], &want)
			if !ok || !bytes.Equal(value, v[colon+1:]) || fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("splitProperty(%q) = %q, %v, %q, want %q, %q", v, value, ok, got, v[colon+1:], want)
			}
		}
		var got, want params
		value, ok := splitProperty(v, &got)
		wantValue, wantOK := splitPropertySimply(v, &want)
		if ok != wantOK || !bytes.Equal(value, wantValue) || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("splitProperty(%q) = %q, %v, %q, want %q, %v, %q", v, value, ok, got, wantValue, wantOK, want)
		}
		var spans paramSpans
		if value, ok := scanProperty(v, false, &spans); ok != wantOK || !bytes.Equal(value, wantValue) || spans != (paramSpans{}) {
			t.Fatalf("scanProperty(%q) without parameters = %q, %v, %v", v, value, ok, spans)
		}
		if got, want := hasMailto(v), len(v) >= 7 && equalFold(v[:7], "MAILTO:"); got != want {
			t.Fatalf("hasMailto(%q) = %v, want %v", s, got, want)
		}
		if text := appendText(nil, v); len(text) > len(v) {
			t.Fatalf("appendText(%q) = %q grew", s, text)
		}
		prefix := []byte("x\\,")
		if got, want := appendText(prefix[:1:len(prefix)], v), unescapeSimply([]byte("x"), v); !bytes.Equal(got, want) {
			t.Fatalf("appendText(%q) = %q, want %q", s, got, want)
		}
	})
}

// simpleParamNames are the parameters the Reader uses, with their '='.
var simpleParamNames = []struct {
	name string
	kind paramKind
}{{"TZID=", paramTZID}, {"VALUE=", paramValue}, {"RANGE=", paramRange}, {"CUTYPE=", paramCUType}, {"PARTSTAT=", paramPartStat}}

// splitParamsSimply is how the grammar splits the parameters of a line
// without quotes, list being the part before the ':' of its value: every
// ';' starts a parameter, whose value runs to the next one.
func splitParamsSimply(list []byte, ps *params) {
	var kinds [paramKinds][]byte
	parts := bytes.Split(list, []byte(";"))
	for _, part := range parts[1:] {
		for _, n := range simpleParamNames {
			if len(part) >= len(n.name) && equalFold(part[:len(n.name)], n.name) {
				kinds[n.kind] = part[len(n.name):]
			}
		}
	}
	*ps = params{tzid: kinds[paramTZID], value: kinds[paramValue], rangeOf: kinds[paramRange],
		cuType: kinds[paramCUType], partStat: kinds[paramPartStat]}
}

// paramAtSimply is paramAt by comparing names a byte at a time.
func paramAtSimply(rest []byte, i int) (paramKind, int) {
	for _, n := range simpleParamNames {
		if len(rest)-i >= len(n.name) && equalFold(rest[i:i+len(n.name)], n.name) {
			return n.kind, i + len(n.name)
		}
	}
	return paramOther, 0
}

// splitPropertySimply is splitProperty a byte at a time: the value starts
// at the first ':' outside quotes; without one, at the last ':' inside the
// quotes of the last parameter.
func splitPropertySimply(rest []byte, ps *params) ([]byte, bool) {
	var kinds [paramKinds][]byte
	kind, valStart, last, inQuote := paramOther, 0, 0, false
	for j, c := range rest {
		switch {
		case c == '"':
			inQuote = !inQuote
		case inQuote || (c != ';' && c != ':'):
		default:
			kinds[kind] = unquote(rest[valStart:j])
			if c == ':' {
				*ps = params{tzid: kinds[paramTZID], value: kinds[paramValue], rangeOf: kinds[paramRange],
					cuType: kinds[paramCUType], partStat: kinds[paramPartStat]}
				return rest[j+1:], true
			}
			last = j + 1
			kind, valStart = paramAtSimply(rest, last)
		}
	}
	eq := bytes.IndexByte(rest[last:], '=')
	if eq < 0 || last+eq+1 >= len(rest) || rest[last+eq+1] != '"' {
		return nil, false
	}
	inner := bytes.TrimSuffix(rest[last+eq+2:], []byte{'"'})
	k := bytes.LastIndexByte(inner, ':')
	if k < 0 {
		return nil, false
	}
	kind, _ = paramAtSimply(rest, last)
	kinds[kind] = unquote(inner[:k])
	*ps = params{tzid: kinds[paramTZID], value: kinds[paramValue], rangeOf: kinds[paramRange],
		cuType: kinds[paramCUType], partStat: kinds[paramPartStat]}
	return inner[k+1:], true
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

// unescapeSimply is appendText a byte at a time.
func unescapeSimply(dst, v []byte) []byte {
	for i := 0; i < len(v); i++ {
		if v[i] != '\\' || i == len(v)-1 {
			dst = append(dst, v[i])
			continue
		}
		i++
		switch c := v[i]; c {
		case 'n', 'N':
			dst = append(dst, '\n')
		case ',', ';', '\\':
			dst = append(dst, c)
		default:
			dst = append(dst, '\\', c)
		}
	}
	return dst
}

// writtenAs reports whether the digits of the DATE or DATE-TIME v are
// those of d.
func writtenAs(d dateTimeValue, v []byte) bool {
	want := fmt.Sprintf("%04d%02d%02d", d.Year, d.Month, d.Day)
	if !d.dateOnly {
		want += fmt.Sprintf("T%02d%02d%02d", d.Hour, d.Minute, d.Second)
	}
	return strings.EqualFold(strings.TrimRight(string(v), "Zz"), want)
}
