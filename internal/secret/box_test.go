package secret

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func testKey(b byte) []byte {
	return bytes.Repeat([]byte{b}, KeySize)
}

func newTestBox(t *testing.T, b byte) *Box {
	t.Helper()
	box, err := NewBox(testKey(b))
	if err != nil {
		t.Fatal(err)
	}
	return box
}

const googleFeed = "https://calendar.google.com/calendar/ical/ann%40example.com/private-0123456789abcdef0123456789abcdef/basic.ics"

func TestSealOpenRoundTrip(t *testing.T) {
	box := newTestBox(t, 1)
	for _, plain := range []string{googleFeed, "", "ü€ and \x00 bytes", strings.Repeat("x", 10000)} {
		sealed, err := box.Seal(plain)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(sealed, "v1:") {
			t.Errorf("sealed text %q does not start with v1:", sealed)
		}
		if plain != "" && strings.Contains(sealed, plain) {
			t.Errorf("sealed text contains the secret")
		}
		got, err := box.Open(sealed)
		if err != nil || got != plain {
			t.Errorf("Open(Seal(%.20q)) = %.20q, %v", plain, got, err)
		}
	}
}

func TestSealIsRandomised(t *testing.T) {
	box := newTestBox(t, 1)
	a, _ := box.Seal(googleFeed)
	b, _ := box.Seal(googleFeed)
	if a == b {
		t.Error("sealing the same secret twice gave the same text; equal secrets would be visible in the database")
	}
}

func TestSealedTextFitsText(t *testing.T) {
	sealed, _ := newTestBox(t, 1).Seal(googleFeed)
	for _, c := range sealed {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_:", c)) {
			t.Fatalf("sealed text %q holds %q, not safe for every TEXT column and log", sealed, c)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	box := newTestBox(t, 1)
	sealed, _ := box.Seal(googleFeed)
	raw, _ := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(sealed, "v1:"))
	flip := func(i int) string {
		b := bytes.Clone(raw)
		b[i] ^= 1
		return "v1:" + base64.RawURLEncoding.EncodeToString(b)
	}
	tests := []struct {
		name   string
		sealed string
		want   error
	}{
		{"flipped ciphertext byte", flip(len(raw) / 2), ErrTampered},
		{"flipped nonce byte", flip(keyIDSize), ErrTampered},
		{"flipped tag byte", flip(len(raw) - 1), ErrTampered},
		{"flipped key id", flip(0), ErrWrongKey},
		{"truncated", "v1:" + base64.RawURLEncoding.EncodeToString(raw[:len(raw)-1]), ErrTampered},
		{"too short for a tag", "v1:" + base64.RawURLEncoding.EncodeToString(raw[:keyIDSize+nonceSize+3]), ErrMalformed},
		{"future version", "v2:" + strings.TrimPrefix(sealed, "v1:"), ErrUnknownVersion},
		{"plain address stored by mistake", googleFeed, ErrUnknownVersion},
		{"no version", "abc", ErrMalformed},
		{"bad base64", "v1:***", ErrMalformed},
		{"empty", "", ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := box.Open(tt.sealed)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open = %q, %v; want error %v", got, err, tt.want)
			}
			if strings.Contains(err.Error(), "private-") {
				t.Errorf("error %q repeats the sealed text", err)
			}
		})
	}
}

func TestOpenWithWrongKey(t *testing.T) {
	sealed, _ := newTestBox(t, 1).Seal(googleFeed)
	_, err := newTestBox(t, 2).Open(sealed)
	if !errors.Is(err, ErrWrongKey) {
		t.Fatalf("Open under another key: %v, want ErrWrongKey", err)
	}
}

func TestNewBoxKeySize(t *testing.T) {
	for _, n := range []int{0, 16, 24, 31, 33, 64} {
		if _, err := NewBox(make([]byte, n)); err == nil || !strings.Contains(err.Error(), "want 32") {
			t.Errorf("NewBox with a %d-byte key: %v, want an error naming the size", n, err)
		}
	}
}

func TestNewBoxCopiesKey(t *testing.T) {
	key := testKey(7)
	box, _ := NewBox(key)
	sealed, _ := box.Seal("x")
	clear(key)
	if got, err := box.Open(sealed); err != nil || got != "x" {
		t.Fatalf("after clearing the caller's key: %q, %v", got, err)
	}
}
