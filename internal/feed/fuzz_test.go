package feed

import (
	"net/url"
	"testing"
	"time"
)

// FuzzParseURL checks that an accepted address is an http(s) address with
// a host and no fragment, that parsing is stable on its own output, and
// that a refusal is one of a few fixed texts, so it cannot repeat the
// address.
func FuzzParseURL(f *testing.F) {
	f.Add("webcal://calendar.example.org/private-x/basic.ics")
	refusals := map[string]bool{}
	for _, bad := range []string{"%zz", "example.org", "ftp://example.org", "https:///"} {
		_, err := ParseURL(bad)
		refusals[err.Error()] = true
	}
	f.Fuzz(func(t *testing.T, in string) {
		u, err := ParseURL(in)
		if err != nil {
			fe := wantKind(t, err, KindInvalidURL)
			if !refusals[fe.Error()] {
				t.Fatalf("ParseURL(%q) error %q is not one of the fixed refusals", in, fe.Error())
			}
			return
		}
		if u.Scheme != "http" && u.Scheme != "https" || u.Hostname() == "" || u.Fragment != "" || u.Opaque != "" {
			t.Fatalf("ParseURL(%q) = %#v", in, u)
		}
		again, err := ParseURL(u.String())
		if err != nil {
			t.Fatalf("ParseURL(%q) = %s, which does not parse again: %v", in, u, err)
		}
		if again.String() != u.String() {
			t.Fatalf("ParseURL(%q) = %s, then %s", in, u, again)
		}
		if _, err := url.ParseRequestURI(u.String()); err != nil {
			t.Fatalf("ParseURL(%q) = %s, not a request address: %v", in, u, err)
		}
	})
}

// FuzzCalendarStart checks that the verdict on a response's first bytes
// does not change as more bytes arrive once it is decided, and that every
// input is decided once complete.
func FuzzCalendarStart(f *testing.F) {
	f.Add([]byte("\xef\xbb\xbf\r\nBEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		data = data[:min(len(data), sniffSize)]
		final, decided := calendarStart(data, true)
		if !decided {
			t.Fatalf("calendarStart(%q, complete) undecided", data)
		}
		for n := range len(data) {
			isCal, decided := calendarStart(data[:n], false)
			if decided && isCal != final {
				t.Fatalf("verdict on %q was %v after %d bytes, %v at the end", data, isCal, n, final)
			}
		}
	})
}

// FuzzRetryAfter checks that any Retry-After gives a wait between zero and
// a week.
func FuzzRetryAfter(f *testing.F) {
	f.Add("120")
	f.Fuzz(func(t *testing.T, in string) {
		now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
		d, ok := parseRetryAfter(in, now)
		if d < 0 || d > 7*24*time.Hour || !ok && d != 0 {
			t.Fatalf("parseRetryAfter(%q) = %v, %v", in, d, ok)
		}
	})
}
