package secret

import (
	"net/url"
	"strings"
)

// elided stands for each part of an address that Redact leaves out.
const elided = "…"

// Redact returns a form of a feed address that is safe to show again, in a
// list of a member's calendars or in a log: scheme, host and, when it looks
// like a plain file name, the last path segment; every other path segment,
// any user name and password and the query become "…", and the fragment is
// dropped. "https://calendar.google.com/calendar/ical/x/private-y/basic.ics"
// becomes "https://calendar.google.com/…/basic.ics".
//
// The secret part of a feed address sits anywhere in the path or the query,
// depending on the provider, so Redact keeps only what is known to be
// harmless. When in doubt it elides: showing too little costs the member a
// moment's recognition, showing too much hands out their calendar. Input
// that is not an absolute address with a host gives just "…".
func Redact(rawURL string) string {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || u.Scheme == "" || u.Host == "" {
		return elided
	}
	var b strings.Builder
	b.WriteString(u.Scheme)
	b.WriteString("://")
	if u.User != nil {
		b.WriteString(elided + "@")
	}
	b.WriteString(u.Host)
	b.WriteString(redactPath(u.EscapedPath()))
	if u.RawQuery != "" || u.ForceQuery {
		b.WriteString("?" + elided)
	}
	return b.String()
}

// redactPath keeps a path's last segment when it is a plain file name and
// elides everything before it.
func redactPath(p string) string {
	if p == "" || p == "/" {
		return p
	}
	segments := strings.Split(strings.TrimPrefix(p, "/"), "/")
	last := segments[len(segments)-1]
	if last != "" && !plainFileName(last) {
		last = elided
	}
	if len(segments) == 1 {
		return "/" + last
	}
	return "/" + elided + "/" + last
}

// plainFileName reports whether a path segment looks like a fixed file name
// such as "basic.ics" or "calendar.ics" rather than a token: short, with an
// extension, made of letters, '-', '_' and '.', and at most two digits. A
// random token rarely has so few digits, and a name with more is elided.
func plainFileName(s string) bool {
	dot := strings.LastIndexByte(s, '.')
	if len(s) > 32 || dot < 1 || dot == len(s)-1 || len(s)-dot-1 > 8 {
		return false
	}
	digits := 0
	for _, c := range []byte(s) {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '-', c == '_', c == '.':
		default:
			return false
		}
	}
	return digits <= 2
}
