package ical

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// attendeeSimply is how an ATTENDEE line was read before there was a
// cache: the value and parameters split by scanProperty, the address
// trimmed, stripped of "mailto:" and lower-cased, the keywords trimmed
// and upper-cased.
func attendeeSimply(rest []byte) (Attendee, bool) {
	var ps paramSpans
	value, ok := scanProperty(rest, true, &ps)
	if !ok {
		return Attendee{}, false
	}
	value = bytes.TrimLeft(value, " \t")
	if len(value) >= 7 && equalFold(value[:7], "MAILTO:") {
		value = value[7:]
	}
	return Attendee{
		Email:    asciiMap(bytes.Trim(value, " \t"), lowerASCII),
		PartStat: asciiMap(bytes.Trim(ps.of(rest, paramPartStat), " \t"), upperASCII),
		CUType:   asciiMap(bytes.Trim(ps.of(rest, paramCUType), " \t"), upperASCII),
	}, true
}

// readUser reads a line as userProperty does, through the cache.
func readUser(c *userCache, rest []byte) (at Attendee, kept, ok bool) {
	h, u := c.lookup(rest)
	if u != nil {
		return *u, true, true
	}
	written, ok := writtenUser(rest)
	if !ok {
		return Attendee{}, false, false
	}
	if u = c.store(h, rest, &written); u != nil {
		return *u, true, true
	}
	var a arena
	at, _ = a.attendee(&written)
	return at, false, true
}

func sameAttendee(a, b Attendee) bool {
	return bytes.Equal(a.Email, b.Email) && bytes.Equal(a.PartStat, b.PartStat) && bytes.Equal(a.CUType, b.CUType)
}

// checkUserLines reads each line twice through one cache, and checks that
// both reads give what the lines gave without a cache.
func checkUserLines(t *testing.T, c *userCache, lines [][]byte) {
	t.Helper()
	for pass := range 2 {
		for _, line := range lines {
			want, wantOK := attendeeSimply(line)
			got, kept, ok := readUser(c, line)
			if ok != wantOK || !sameAttendee(got, want) {
				t.Fatalf("pass %d: %q read as %q, %v (kept %v), want %q, %v", pass, line, got, ok, kept, want, wantOK)
			}
			for _, s := range [][]byte{got.Email, got.PartStat, got.CUType} {
				if cap(s) != len(s) {
					t.Fatalf("%q: a slice of %q has room to append", line, got)
				}
			}
		}
	}
}

func TestUserCache(t *testing.T) {
	lines := []string{
		";CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Anna Kok;X-NUM-GUESTS=0:mailto:Anna.Kok@Acme.NL",
		";CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=DECLINED;CN=Anna Kok;X-NUM-GUESTS=0:mailto:Anna.Kok@Acme.NL",
		`;CN="Kok, Anna";RSVP=TRUE:mailto:anna.kok@acme.nl`,
		";partstat=needs-action;cutype=room: MAILTO: Zaal@acme.nl ",
		";PARTSTAT= x-custom ;CUTYPE=Resource:mailto:",
		":mailto:mailto:a@b",
		";CN=no value",
		"",
		":",
		";PARTSTAT=\"ACCEPTED\";CUTYPE=\"ROOM:x\":mailto:q@r",
	}
	var c userCache
	var raw [][]byte
	for _, l := range lines {
		raw = append(raw, []byte(l))
	}
	checkUserLines(t, &c, raw)
	c.startOver()
	checkUserLines(t, &c, raw)
}

// TestUserCacheFull fills the cache past its bounds: lines that find no
// room are read without it, and the cache starts over when asked.
func TestUserCacheFull(t *testing.T) {
	var c userCache
	var lines [][]byte
	for i := range maxCacheLines + 10 {
		lines = append(lines, fmt.Appendf(nil, ";PARTSTAT=ACCEPTED;CN=Person %d:mailto:person%d@acme.nl", i, i))
	}
	checkUserLines(t, &c, lines)
	if !c.full {
		t.Fatalf("cache of %d lines not full after %d", len(c.entries), len(lines))
	}
	if len(c.entries) > maxCacheLines {
		t.Fatalf("cache holds %d lines, more than %d", len(c.entries), maxCacheLines)
	}
	c.startOver()
	if c.full || len(c.entries) != 0 {
		t.Fatalf("after startOver: full %v, %d lines", c.full, len(c.entries))
	}
	// Fewer hits than lookups: the cache rests for restLines lines,
	// which still read right, and then takes lines again.
	if c.rest != restLines {
		t.Fatalf("cache rests for %d lines after %d hits in %d lookups, want %d", c.rest, c.hits, c.lookups, restLines)
	}
	for i := 0; c.rest > 0; i++ {
		checkUserLines(t, &c, lines[i%len(lines):][:1])
		if len(c.entries) != 0 && c.rest > 0 {
			t.Fatalf("cache kept a line while resting")
		}
	}
	checkUserLines(t, &c, lines[:1])
	if len(c.entries) == 0 {
		t.Fatalf("cache kept no lines after resting")
	}
	c.startOver()
	c.rest = 0
	long := []byte(";CN=" + strings.Repeat("x", maxCachedLine) + ":mailto:a@b")
	checkUserLines(t, &c, [][]byte{long})
	if len(c.entries) != 0 || c.full {
		t.Fatalf("a line of %d bytes was kept or filled the cache", len(long))
	}
	big := []byte(";CN=" + strings.Repeat("y", maxCachedLine-20) + ":mailto:a@b")
	for i := range maxCacheMemory / maxCachedLine * 2 {
		line := append(fmt.Appendf(nil, "%d", i), big...)
		checkUserLines(t, &c, [][]byte{line[:min(len(line), maxCachedLine)]})
	}
	if !c.full || c.kept.used > maxCacheMemory {
		t.Fatalf("cache of %d bytes: full %v, want full within %d", c.kept.used, c.full, maxCacheMemory)
	}
}

// TestUserCacheCollisions gives many lines one hash: each is still read
// right, whether it found room in the cache or not.
func TestUserCacheCollisions(t *testing.T) {
	var c userCache
	var lines [][]byte
	for i := range 3 * maxCacheProbes {
		lines = append(lines, fmt.Appendf(nil, ":mailto:p%d@acme.nl", i))
	}
	checkUserLines(t, &c, lines)
	// Store them all under one hash, as a calendar made to collide would.
	c.startOver()
	for _, line := range lines {
		written, _ := writtenUser(line)
		c.store(42, line, &written)
	}
	if n := len(c.entries); n != maxCacheProbes {
		t.Fatalf("%d lines of one hash kept, want %d", n, maxCacheProbes)
	}
}

// TestUserCacheSizeLimit checks that an attendee found in the cache
// counts against the event's size as one read anew does.
func TestUserCacheSizeLimit(t *testing.T) {
	line := []byte(";PARTSTAT=ACCEPTED;CUTYPE=INDIVIDUAL:mailto:anna@acme.nl")
	size := len("anna@acme.nl") + len("ACCEPTED") + len("INDIVIDUAL")
	for _, prop := range []prop{propAttendee, propOrganizer} {
		for _, cached := range []bool{false, true} {
			for _, room := range []int{size, size - 1} {
				r := NewReader(strings.NewReader(""), "cal.ics")
				if cached {
					r.users.lookup(line)
					written, _ := writtenUser(line)
					r.users.store(0, line, &written)
				}
				ev := r.resetEvent(1)
				need := size
				if prop == propOrganizer {
					need -= len("ACCEPTED")
				}
				r.arena.used = maxEventBytes - need + size - room
				perr := r.userProperty(ev, &logicalLine{prop: prop, rest: line, num: 7})
				if wantErr := room < size; (perr != nil) != wantErr {
					t.Errorf("%v cached %v, room for %d of %d bytes: error %v", prop, cached, room, size, perr)
				}
			}
		}
	}
}

// TestUserCacheAcrossFiles reads calendars twice with one Reader: the
// second time every ATTENDEE and ORGANIZER comes from the cache, and the
// events must read the same.
func TestUserCacheAcrossFiles(t *testing.T) {
	for _, cal := range [][]byte{googleCalendar(300), outlookCalendar(100, false)} {
		r := NewReader(bytes.NewReader(cal), "a.ics")
		first := readDescribed(t, r)
		r.Reset(bytes.NewReader(cal), "a.ics")
		if second := readDescribed(t, r); second != first {
			t.Errorf("second read differs:\n%s\nfirst:\n%s", second, first)
		}
	}
}

func readDescribed(t *testing.T, r *Reader) string {
	t.Helper()
	var b strings.Builder
	for {
		ev, err := r.Next()
		if err != nil {
			break
		}
		b.WriteString(describe(ev))
		b.WriteByte('\n')
	}
	return b.String()
}

// FuzzUserLines reads arbitrary lines of calendar users through the cache
// and checks them against reading them without it.
func FuzzUserLines(f *testing.F) {
	f.Add([]byte(";CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED;CN=A:mailto:A@B\n:mailto:x\n;CN=\"a:b\";PARTSTAT=Tentative:MAILTO:q"))
	f.Add([]byte(";PARTSTAT=\"ACCEPTED:x\n;CN=a;\n\n:"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c userCache
		checkUserLines(t, &c, bytes.Split(data, []byte("\n")))
	})
}
