package ical

import (
	"strings"
	"testing"
)

func TestLookupProp(t *testing.T) {
	for p := propBegin; p <= propTZOffsetTo; p++ {
		name := p.String()
		mixed := []byte(strings.ToLower(name[:len(name)/2]) + name[len(name)/2:])
		for _, n := range [][]byte{[]byte(name), []byte(strings.ToLower(name)), mixed} {
			// Alone, and followed by more bytes in the same array.
			if got := lookupProp(n); got != p {
				t.Errorf("lookupProp(%q) = %v, want %v", n, got, p)
			}
			if got := lookupProp([]byte(string(n) + ";X=Y:VALUE")[:len(n)]); got != p {
				t.Errorf("lookupProp(%q followed by more) = %v, want %v", n, got, p)
			}
		}
		for _, other := range []string{name[:len(name)-1], name + "X", "X" + name[1:], strings.ReplaceAll(name, "-", "\r")} {
			if other == name {
				continue
			}
			if got := lookupProp([]byte(other)); got != propOther {
				t.Errorf("lookupProp(%q) = %v, want no property", other, got)
			}
		}
	}
	for _, other := range []string{"", "X", "DTSTAMP", "X-MICROSOFT-CDO-IMPORTANCE", "X-WR-CALDESC", "LAST-MODIFIED", "ATTENDEES"} {
		if got := lookupProp([]byte(other)); got != propOther {
			t.Errorf("lookupProp(%q) = %v, want no property", other, got)
		}
	}
}

func TestParamAt(t *testing.T) {
	tests := []struct {
		text string
		want paramKind
	}{
		{"TZID=x", paramTZID}, {"tzid=x", paramTZID}, {"VALUE=DATE", paramValue}, {"Range=x", paramRange},
		{"CUTYPE=ROOM", paramCUType}, {"PARTSTAT=ACCEPTED", paramPartStat}, {"partstat=x", paramPartStat},
		{"TZID", paramOther}, {"TZIDX=x", paramOther}, {"PARTSTATS=x", paramOther}, {"PARTSTAT", paramOther},
		{"TZID\x1dx", paramOther}, {"CN=x", paramOther}, {"", paramOther},
	}
	for _, tt := range tests {
		rest := []byte(";" + tt.text)
		kind, start := paramAt(rest, 1)
		if kind != tt.want {
			t.Errorf("paramAt(%q) = %v, want %v", tt.text, kind, tt.want)
		}
		if kind != paramOther && rest[start-1] != '=' {
			t.Errorf("paramAt(%q) value starts at %d", tt.text, start)
		}
	}
}

func TestLookupPropEveryName(t *testing.T) {
	for p := propBegin; int(p) < len(propNames); p++ {
		if got := lookupProp([]byte(strings.ToLower(p.String()))); got != p {
			t.Errorf("lookupProp(%q) = %v, want %v", strings.ToLower(p.String()), got, p)
		}
	}
}

func TestLookupKeyword(t *testing.T) {
	for _, name := range keywordNames {
		mixed := strings.ToLower(name[:len(name)/2]) + name[len(name)/2:]
		for _, v := range []string{name, strings.ToLower(name), mixed} {
			// Alone, and followed by more bytes in the same array.
			for _, b := range [][]byte{[]byte(v), []byte(v + ";X=Y")[:len(v)]} {
				got, ok := lookupKeyword(b)
				if !ok || string(got) != name {
					t.Errorf("lookupKeyword(%q) = %q, %v; want %q", b, got, ok, name)
				}
			}
		}
		for _, other := range []string{name[:len(name)-1], name + "X", "X" + name[1:], strings.ReplaceAll(name, "-", "\r"), name + "\x00"} {
			if other == name {
				continue
			}
			if got, ok := lookupKeyword([]byte(other)); ok {
				t.Errorf("lookupKeyword(%q) = %q, want no keyword", other, got)
			}
		}
	}
	for _, other := range []string{"", "X", "ACCEPTEDX", "REQ-PARTICIPANT", "WORKINGELSEWHERES"} {
		if got, ok := lookupKeyword([]byte(other)); ok {
			t.Errorf("lookupKeyword(%q) = %q, want no keyword", other, got)
		}
	}
}

// TestUpperIsUpperCase checks that interned keywords and copies read the
// same: the upper-cased value, with no room for an append to overwrite.
func TestUpperIsUpperCase(t *testing.T) {
	var a arena
	for _, v := range []string{"accepted", " Declined ", "x-custom", "ROOM", "Tentative\t", "needs-action", "needs_action"} {
		got, ok := a.upper([]byte(v))
		want := strings.ToUpper(strings.Trim(v, " \t"))
		if !ok || string(got) != want || cap(got) != len(got) {
			t.Errorf("upper(%q) = %q (cap %d), want %q", v, got, cap(got), want)
		}
	}
}

func TestHasMailto(t *testing.T) {
	cases := []struct {
		v    string
		want bool
	}{
		{"mailto:anna@acme.nl", true},
		{"MAILTO:anna@acme.nl", true},
		{"MailTo:", true},
		{"mailto", false},
		{"mailto;x", false},
		{"mai\x0cto:x", false},
		{"mailto\x1a", false}, // bit 5 would make it a colon: it is compared as it is
		{"mailt0:x", false},
		{"xmailto:", false},
	}
	for _, c := range cases {
		if got := hasMailto([]byte(c.v)); got != c.want {
			t.Errorf("hasMailto(%q) = %v, want %v", c.v, got, c.want)
		}
	}
}

func TestLookupComponent(t *testing.T) {
	cases := []struct {
		name string
		want component
	}{
		{"VEVENT", compEvent}, {"vEvent", compEvent}, {"VEVENTS", compOther}, {"VEVEN", compOther},
		{"VCALENDAR", compCalendar}, {"vcalendar", compCalendar}, {"VCALENDA\x12", compOther}, {"VCALENDAS", compOther},
		{"VTIMEZONE", compTimezone}, {"VTIMEZONx", compOther}, {"VT1MEZONE", compOther},
		{"STANDARD", compStandard}, {"Daylight", compDaylight}, {"DAYLIGHT ", compOther},
		{"VALARM", compOther}, {"", compOther}, {"V\x05EVENT", compOther},
	}
	for _, c := range cases {
		if got := lookupComponent([]byte(c.name)); got != c.want {
			t.Errorf("lookupComponent(%q) = %v, want %v", c.name, got, c.want)
		}
	}
}
