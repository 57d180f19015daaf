package feed

import (
	"strings"
	"testing"
	"time"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		in, want string // want "" for an invalid address
	}{
		{"https://calendar.google.com/calendar/ical/a%40b.com/private-x/basic.ics", "https://calendar.google.com/calendar/ical/a%40b.com/private-x/basic.ics"},
		{"http://example.org/cal.ics", "http://example.org/cal.ics"},
		{"webcal://p23-caldav.icloud.com/published/2/abc", "https://p23-caldav.icloud.com/published/2/abc"},
		{"WEBCAL://Example.org/cal.ics", "https://Example.org/cal.ics"},
		{"webcals://example.org/cal.ics", "https://example.org/cal.ics"},
		{"  https://example.org/cal.ics\r\n", "https://example.org/cal.ics"},
		{"https://example.org/cal.ics#today", "https://example.org/cal.ics"},
		{"https://ann:pw@dav.example.org/cal?export", "https://ann:pw@dav.example.org/cal?export"},
		{"https://[2001:db8::1]:8443/cal.ics", "https://[2001:db8::1]:8443/cal.ics"},
		{"https://example.org", "https://example.org"},
		{"ftp://example.org/cal.ics", ""},
		{"file:///etc/passwd", ""},
		{"javascript:alert(1)", ""},
		{"calendar.google.com/calendar/ical/x/basic.ics", ""},
		{"//example.org/cal.ics", ""},
		{"https:///cal.ics", ""},
		{"https://:443/cal.ics", ""},
		{"https:example.org", ""},
		{"webcal:example.org/cal.ics", ""},
		{"https://exa mple.org/", ""},
		{"https://example.org/\x7f", ""},
		{"", ""},
	}
	for _, tt := range tests {
		u, err := ParseURL(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("ParseURL(%q) = %s, want an error", tt.in, u)
				continue
			}
			fe := wantKind(t, err, KindInvalidURL)
			if !strings.Contains(fe.Message(), "https://") {
				t.Errorf("ParseURL(%q) message %q does not say what to copy", tt.in, fe.Message())
			}
			continue
		}
		if err != nil || u.String() != tt.want {
			t.Errorf("ParseURL(%q) = %v, %v; want %s", tt.in, u, err, tt.want)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"120", 2 * time.Minute, true},
		{" 0 ", 0, true},
		{"Sat, 01 Mar 2025 12:05:00 GMT", 5 * time.Minute, true},
		{"Sat, 01 Mar 2025 11:00:00 GMT", 0, true},
		{"99999999999999", 7 * 24 * time.Hour, true},
		{"18446744073709551615", 7 * 24 * time.Hour, true},
		{"Fri, 01 Mar 2030 12:00:00 GMT", 7 * 24 * time.Hour, true},
		{"-5", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestCalendarStart(t *testing.T) {
	tests := []struct {
		head                string
		complete            bool
		isCalendar, decided bool
	}{
		{"BEGIN:VCALENDAR\r\n", false, true, true},
		{"BEGIN:VCALENDAR\n", false, true, true},
		{"begin:VCalendar\r\n", false, true, true},
		{"\xef\xbb\xbfBEGIN:VCALENDAR\r\n", false, true, true},
		{"\xef\xbb\xbf \r\n\tBEGIN:VCALENDAR\r\n", false, true, true},
		{"BEGIN:VCALENDAR", true, true, true},
		{"BEGIN:VCALENDAR", false, false, false},
		{"BEGIN:VCAL", false, false, false},
		{"BEGIN:VCAL", true, false, true},
		{"\xef\xbb", false, false, false},
		{"\xef\xbb", true, false, true},
		{"", false, false, false},
		{"", true, false, true},
		{"\r\n\r\n", false, false, false},
		{"BEGIN:VCALENDARX\r\n", false, false, true},
		{"BEGIN:VCALENDAR;X=1\r\n", false, false, true},
		{"BEGIN:VEVENT\r\n", false, false, true},
		{"<", false, false, true},
		{"\xef\xbb\xbf\xef\xbb\xbfBEGIN:VCALENDAR\r\n", false, false, true},
		{"BEGIN:V\u212aALENDAR\r\n", false, false, true},
		{strings.Repeat(" ", sniffSpace) + "BEGIN:VCALENDAR\r\n", false, true, true},
		{strings.Repeat(" ", sniffSpace+1) + "B", false, false, true},
	}
	for _, tt := range tests {
		isCal, decided := calendarStart([]byte(tt.head), tt.complete)
		if isCal != tt.isCalendar || decided != tt.decided {
			t.Errorf("calendarStart(%.40q, %v) = %v, %v; want %v, %v", tt.head, tt.complete, isCal, decided, tt.isCalendar, tt.decided)
		}
	}
}

func TestValidatorValue(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{`"33a64df551425fcc55e4d42a148795d9f25f89d4"`, true},
		{`W/"0815"`, true},
		{"Sat, 01 Mar 2025 09:00:00 GMT", true},
		{"", false},
		{"\"a\r\nSet-Cookie: x\"", false},
		{"\"caf\xc3\xa9\"", false},
		{strings.Repeat("a", 513), false},
	}
	for _, tt := range tests {
		if _, ok := validatorValue(tt.in); ok != tt.ok {
			t.Errorf("validatorValue(%.30q) ok = %v, want %v", tt.in, ok, tt.ok)
		}
	}
}

func TestKindCodesAndMessages(t *testing.T) {
	want := map[Kind]string{
		KindInvalidURL:       "invalid_url",
		KindRefusedAddress:   "refused_address",
		KindTooManyRedirects: "too_many_redirects",
		KindTimeout:          "timeout",
		KindCanceled:         "canceled",
		KindNetwork:          "network",
		KindHTTPStatus:       "http_status",
		KindTooLarge:         "too_large",
		KindNotCalendar:      "not_calendar",
		0:                    "unknown",
	}
	for k, code := range want {
		if k.String() != code {
			t.Errorf("Kind %d code %q, want %q", int(k), k.String(), code)
		}
	}
	if got := tooLarge(DefaultMaxBytes).Message(); !strings.Contains(got, "larger than 64 MiB") {
		t.Errorf("too large message %q", got)
	}
	if got := timeout(DefaultTimeout, nil).Message(); !strings.Contains(got, "within 60 seconds") {
		t.Errorf("timeout message %q", got)
	}
	if got := (&Error{Kind: KindNetwork}).Message(); got == "" {
		t.Error("an Error made without a message has none")
	}
}
