package timesheet

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// FuzzReader reads arbitrary input as an export. The seeds in
// testdata/fuzz/FuzzReader are the sample exports of every format and
// files with broken quoting, odd separators and bad values.
func FuzzReader(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := NewReader(bytes.NewReader(data), "f.csv")
		if err != nil {
			checkMessage(t, err)
			return
		}
		if simpleHeader(data) && !Sniff(data) {
			t.Errorf("NewReader accepts a header that Sniff refuses")
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		last := 1
		for n := 0; ; n++ {
			if n > lines {
				t.Fatalf("more results than lines")
			}
			e, err := rd.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			var pe *ParseError
			if errors.As(err, &pe) {
				checkMessage(t, err)
				checkLine(t, pe.Line, &last, lines)
				continue
			}
			if err != nil {
				t.Fatalf("Next: %v", err)
			}
			checkEntry(t, e)
			checkLine(t, e.Line, &last, lines)
		}
	})
}

// simpleHeader reports whether data starts with a header on one line that
// Sniff sees as NewReader does: not blank, no quotes, no carriage return.
func simpleHeader(data []byte) bool {
	data = bytes.TrimPrefix(data, bom)
	line := data
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		line = data[:i]
	}
	return len(bytes.TrimSpace(line)) > 0 && len(line) < 60000 && !bytes.ContainsAny(line, "\r\"")
}

func checkMessage(t *testing.T, err error) {
	t.Helper()
	if strings.ContainsAny(err.Error(), "\r\n") {
		t.Errorf("message spans lines: %q", err.Error())
	}
}

// checkLine checks that rows come out in file order and within the file.
func checkLine(t *testing.T, line int, last *int, lines int) {
	t.Helper()
	if line <= *last || line > lines {
		t.Errorf("line %d after line %d, file has %d lines", line, *last, lines)
	}
	*last = line
}

func checkEntry(t *testing.T, e Entry) {
	t.Helper()
	switch {
	case e.Person == "":
		t.Errorf("line %d: no person", e.Line)
	case e.Person != strings.TrimSpace(e.Person):
		t.Errorf("line %d: person %q not trimmed", e.Line, e.Person)
	case strings.Contains(e.Person, "@") && e.Person != strings.ToLower(e.Person):
		t.Errorf("line %d: address %q not lower-cased", e.Line, e.Person)
	case !e.Start.Valid():
		t.Errorf("line %d: invalid start %v", e.Line, e.Start)
	case e.Seconds < 0:
		t.Errorf("line %d: negative duration %d", e.Line, e.Seconds)
	case !e.HasTime && e.Start.SecondOfDay() != 0:
		t.Errorf("line %d: date-only start %v has a time", e.Line, e.Start)
	case !e.End.IsZero() && e.End.Seconds()-e.Start.Seconds() != e.Seconds:
		t.Errorf("line %d: %v to %v is not %d s", e.Line, e.Start, e.End, e.Seconds)
	}
}

// FuzzValues checks the cell parsers on arbitrary text: what they accept
// is valid, and a duration they read comes back from its H:MM:SS form.
// The seeds are in testdata/fuzz/FuzzValues.
func FuzzValues(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		for _, o := range []dateOrder{dayFirst, monthFirst} {
			if d, err := parseDate(s, o); err == nil && !d.Valid() {
				t.Errorf("parseDate(%q) = invalid %v", s, d)
			}
		}
		if c, err := parseClock(s); err == nil && (c.hour > 23 || c.minute > 59 || c.second > 59) {
			t.Errorf("parseClock(%q) = %+v", s, c)
		}
		if dt, _, err := parseDateTime(s); err == nil && !dt.Valid() {
			t.Errorf("parseDateTime(%q) = invalid %v", s, dt)
		}
		secs, err := parseDuration(s)
		if err != nil {
			return
		}
		if secs < 0 {
			t.Fatalf("parseDuration(%q) = %d", s, secs)
		}
		clock := fmt.Sprintf("%d:%02d:%02d", secs/3600, secs%3600/60, secs%60)
		if again, err := parseDuration(clock); err != nil && secs/3600 < 1e9 || err == nil && again != secs {
			t.Errorf("parseDuration(%q) = %d, but %q gives %d, %v", s, secs, clock, again, err)
		}
	})
}
