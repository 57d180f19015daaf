package ical

import (
	"fmt"
	"strings"
	"testing"
	"testing/iotest"
)

// readAllLines reads text with the given buffer size, in one-byte reads
// unless it is the default size, and returns every logical line, whatever
// its property, as "num prop name|rest" or "num flaw name". A line handed
// out with its folds is shown without them.
func readAllLines(text string, bufSize int) []string {
	return readAllLinesRaw(text, bufSize, rawProps)
}

// readAllLinesRaw is readAllLines with the given properties read with
// their folds.
func readAllLinesRaw(text string, bufSize int, raw propSet) []string {
	var l lines
	if bufSize == defaultBufSize {
		l.init(strings.NewReader(text), bufSize, defaultMaxLine)
	} else {
		l.init(iotest.OneByteReader(strings.NewReader(text)), bufSize, defaultMaxLine)
	}
	l.raw = raw
	var got []string
	for ln := l.readLine(^propSet(0)); ln != nil; ln = l.readLine(^propSet(0)) {
		if ln.flaw != flawNone {
			got = append(got, fmt.Sprintf("%d flaw %d %q", ln.num, ln.flaw, ln.name))
			continue
		}
		rest := ln.rest
		if ln.folded {
			rest = unfoldText(nil, rest)
		}
		got = append(got, fmt.Sprintf("%d %v %q|%q", ln.num, ln.prop, ln.name, rest))
	}
	return append(got, fmt.Sprintf("lines %d, bytes %d", l.line, l.bytesRead()))
}

// FuzzRawLines checks that the lines read with their folds, unfolded by
// unfoldText, are the lines read without them, with every buffer size.
func FuzzRawLines(f *testing.F) {
	f.Add("ATTENDEE;CN=Anna\r\n  Kok;PARTSTAT=ACC\r\n\tEPTED:mailto:a@b\r\nORGANIZER:x\r\n \r\n y\n \nEND:VEVENT\r\n")
	f.Add("ATTENDEE:a\r\n \r\r\n b\r")
	f.Fuzz(func(t *testing.T, text string) {
		want := strings.Join(readAllLinesRaw(text, defaultBufSize, 0), "\n")
		for _, bufSize := range []int{defaultBufSize, 7} {
			if got := strings.Join(readAllLinesRaw(text, bufSize, rawProps), "\n"); got != want {
				t.Fatalf("buffer of %d, with folds:\n%s\nwithout:\n%s", bufSize, got, want)
			}
		}
	})
}

func TestReadLineFindsEveryName(t *testing.T) {
	// Enough lines after the one under test that it is read by the word
	// scan, which needs shortLine bytes ahead.
	pad := strings.Repeat("X-PAD:"+strings.Repeat("p", 90)+"\r\n", 2)
	for p := propBegin; int(p) < len(propNames); p++ {
		name := p.String()
		mixed := strings.ToLower(name[:len(name)/2]) + name[len(name)/2:]
		for _, n := range []string{name, strings.ToLower(name), mixed} {
			for _, rest := range []string{":value", ";X=Y:value", ":" + strings.Repeat("v", 100)} {
				text := n + rest + "\r\n" + pad
				l := lines{}
				l.init(strings.NewReader(text), defaultBufSize, defaultMaxLine)
				ln := l.readLine(1 << p)
				if ln == nil || ln.prop != p || string(ln.name) != n || string(ln.rest) != rest || ln.num != 1 {
					t.Errorf("line %q: got %+v, want %v on line 1", n+rest, ln, p)
				}
			}
		}
	}
}

func TestReadLineSkipsOtherNames(t *testing.T) {
	others := []string{"DTSTAMP", "X", "LAST-MODIFIED", "X-MICROSOFT-CDO-IMPORTANCE", "X-MICROSOFT-CDO-BUSYSTATU",
		"X-MICROSOFT-CDO-BUSYSTATUSX", "X-MICROSOFT-CDO\rBUSYSTATUS", "RECURRENCE\rID", "SUMMARY\x00", "SUMMAR",
		"X-MS-OLK-AUTOFILLLOCATION", strings.Repeat("X-LONG", 20)}
	var b strings.Builder
	for _, n := range others {
		b.WriteString(n + ":" + strings.Repeat("v", 60) + "\r\n")
	}
	b.WriteString("SUMMARY:found\r\n" + strings.Repeat("X-PAD:"+strings.Repeat("p", 90)+"\r\n", 2))
	var l lines
	l.init(strings.NewReader(b.String()), defaultBufSize, defaultMaxLine)
	ln := l.readLine(^propSet(1 << propOther))
	if ln == nil || ln.prop != propSummary || ln.num != len(others)+1 {
		t.Fatalf("got %+v, want SUMMARY on line %d", ln, len(others)+1)
	}
}

// TestLinesOfEveryShape reads lines of every length up to past the words
// that readLine's scan reads, with names as long, with both line ends and
// with folds, and checks that a buffer too small for the scan, which
// leaves every line to the general path, reads them alike.
func TestLinesOfEveryShape(t *testing.T) {
	names := []string{"SUMMARY", "X", "UID", "DTSTART", "CATEGORIES", "RECURRENCE-ID", "X-WR-CALNAME",
		"X-MICROSOFT-CDO-BUSYSTATUS", "X-MS-OLK-CONFTYPE", "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR", strings.Repeat("N", 40), ""}
	pad := strings.Repeat("X-PAD:"+strings.Repeat("p", 90)+"\r\n", 2)
	for _, name := range names {
		for size := 0; size < 100; size++ {
			value := strings.Repeat("v", size)
			if size > 3 {
				value = value[:size/2] + "\u00e9" + value[size/2+2:] // a byte of 0x80 or more
			}
			for _, shape := range []string{
				name + ":" + value + "\r\n",
				name + ";A=B:" + value + "\n",
				name + "\r\n",                                  // no colon
				name + ":" + value + "\r\n \r\n",               // folded, an empty segment
				name + ":" + value + "\r\n\t" + value + "\r\n", // folded with a tab
				name[:len(name)/2] + "\r\n " + name[len(name)/2:] + ":" + value + "\n", // fold in the name
				name + ":" + value + "\r\n\x0bX:1\r\n",                                 // a line that starts with a vertical tab
				"\r\n" + name + ":" + value + "\r\n",                                   // an empty line
			} {
				text := pad + shape + shape + pad
				want := readAllLines(text, defaultBufSize)
				for _, bufSize := range []int{5, 64} {
					if got := readAllLines(text, bufSize); strings.Join(got, "\n") != strings.Join(want, "\n") {
						t.Fatalf("%q with a %d-byte buffer:\n%s\nwant, as with the default buffer:\n%s",
							shape, bufSize, strings.Join(got, "\n"), strings.Join(want, "\n"))
					}
				}
			}
		}
	}
}
