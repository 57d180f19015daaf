package secret

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"https://calendar.google.com/calendar/ical/ann%40example.com/private-0123456789abcdef0123456789abcdef/basic.ics",
			"https://calendar.google.com/…/basic.ics"},
		{"https://outlook.office365.com/owa/calendar/4f1c2d3e5a6b4c7d8e9f0a1b2c3d4e5f@example.com/9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d12345678901234567/calendar.ics",
			"https://outlook.office365.com/…/calendar.ics"},
		{"https://outlook.office365.com/owa/calendar/4f1c2d3e@example.com/9a8b7c6d5e/reachcalendar.ics",
			"https://outlook.office365.com/…/reachcalendar.ics"},
		{"https://ann:s3cret-pass@dav.example.org/remote.php/dav/calendars/ann/work?export",
			"https://…@dav.example.org/…/…?…"},
		{"https://ann@dav.example.org/cal.ics", "https://…@dav.example.org/cal.ics"},
		{"webcal://p23-caldav.icloud.com/published/2/MTIzNDU2Nzg5MDEyMzQ1Njc4OTBhYmNkZWZnaGlqa2xt",
			"webcal://p23-caldav.icloud.com/…/…"},
		{"https://cloud.example.org/remote.php/dav/public-calendars/k3Jd8sLq0Pz7Xc2V?export",
			"https://cloud.example.org/…/…?…"},
		{"https://example.org/feed.ics?token=abc123", "https://example.org/feed.ics?…"},
		{"https://example.org/feed/a8f3c2d1e4b5.ics", "https://example.org/…/…"},
		{"https://example.org/deadbeefcafebabe1234.ics", "https://example.org/…"},
		{"https://example.org/k3Jd8sLq0Pz7Xc2V", "https://example.org/…"},
		{"https://example.org/cal/", "https://example.org/…/"},
		{"https://example.org/", "https://example.org/"},
		{"https://example.org", "https://example.org"},
		{"HTTPS://Example.org:8443/x/basic.ics#frag", "https://Example.org:8443/…/basic.ics"},
		{"  https://example.org/a/basic.ics\n", "https://example.org/…/basic.ics"},
		{"https://[2001:db8::1]:8443/a/b/basic.ics", "https://[2001:db8::1]:8443/…/basic.ics"},
		{"https://example.org/.ics", "https://example.org/…"},
		{"https://example.org/a%2Fb.ics", "https://example.org/…"},
		{"calendar.google.com/calendar/ical/x/basic.ics", "…"},
		{"mailto:ann@example.org", "…"},
		{"https://exa mple.org/", "…"},
		{"", "…"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestRedactHidesSecrets(t *testing.T) {
	secrets := []string{"s3cret-pass", "private-0123", "4f1c2d3e", "token=", "abc123"}
	for _, in := range []string{
		"https://ann:s3cret-pass@dav.example.org/x.ics",
		"https://calendar.google.com/calendar/ical/ann/private-0123/basic.ics",
		"https://outlook.office365.com/owa/calendar/4f1c2d3e@example.com/x/calendar.ics",
		"https://example.org/feed.ics?token=abc123",
	} {
		got := Redact(in)
		for _, s := range secrets {
			if strings.Contains(got, s) {
				t.Errorf("Redact(%q) = %q shows %q", in, got, s)
			}
		}
	}
}
