package secret

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRedact checks that any address redacts to scheme, host and at most
// one kept path segment, which must be a plain file name; everything else
// in the output is "…" and separators.
func FuzzRedact(f *testing.F) {
	f.Add("https://calendar.google.com/calendar/ical/ann%40example.com/private-0123/basic.ics")
	f.Add("https://ann:pw@dav.example.org/a/b?export")
	f.Fuzz(func(t *testing.T, in string) {
		got := Redact(in)
		if got == elided {
			return
		}
		u, err := url.Parse(strings.TrimSpace(in))
		if err != nil {
			t.Fatalf("Redact(%q) = %q for an address that does not parse", in, got)
		}
		rest, ok := strings.CutPrefix(got, u.Scheme+"://")
		if !ok {
			t.Fatalf("Redact(%q) = %q does not start with the scheme", in, got)
		}
		if u.User != nil {
			if rest, ok = strings.CutPrefix(rest, elided+"@"); !ok {
				t.Fatalf("Redact(%q) = %q does not elide the user info", in, got)
			}
		}
		if rest, ok = strings.CutPrefix(rest, u.Host); !ok {
			t.Fatalf("Redact(%q) = %q does not keep the host", in, got)
		}
		rest = strings.TrimSuffix(rest, "?"+elided)
		checkRedactedPath(t, in, got, rest, u.EscapedPath())
	})
}

func checkRedactedPath(t *testing.T, in, got, path, original string) {
	t.Helper()
	kept := strings.ReplaceAll(strings.ReplaceAll(path, elided, ""), "/", "")
	if kept == "" {
		return
	}
	if !plainFileName(kept) || !strings.HasSuffix(original, "/"+kept) || !utf8.ValidString(kept) {
		t.Fatalf("Redact(%q) = %q keeps %q, which is not the address's plain last segment", in, got, kept)
	}
}

// FuzzOpen checks that Open never panics on stored text and opens nothing
// but what Seal made. Each fuzzing process seals the seed with its own
// random nonce, so a genuine text is known by what it opens to.
func FuzzOpen(f *testing.F) {
	box, err := NewBox(testKey(3))
	if err != nil {
		f.Fatal(err)
	}
	sealed, _ := box.Seal("https://example.org/basic.ics")
	f.Add(sealed)
	f.Add("v1:")
	f.Fuzz(func(t *testing.T, in string) {
		plain, err := box.Open(in)
		if err != nil {
			return
		}
		if plain != "https://example.org/basic.ics" {
			t.Fatalf("Open(%q) = %q, nil; only the seed is genuine", in, plain)
		}
	})
}

// FuzzParseKey checks that ParseKey accepts exactly 32 bytes of hex.
func FuzzParseKey(f *testing.F) {
	f.Add(strings.Repeat("ab", 32) + "\n")
	f.Fuzz(func(t *testing.T, in string) {
		key, err := ParseKey(in)
		if err == nil && len(key) != KeySize {
			t.Fatalf("ParseKey(%q) = %d bytes", in, len(key))
		}
	})
}
