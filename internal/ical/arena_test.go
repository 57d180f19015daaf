package ical

import (
	"bytes"
	"testing"
)

func TestFoldCase(t *testing.T) {
	var all []byte
	for c := range 256 {
		all = append(all, byte(c))
	}
	for _, in := range [][]byte{all, []byte("MailTo:Anna.Kok@Acme.NL"), []byte("x"), nil, []byte("@[`{AZaz")} {
		for start := range min(len(in), 9) {
			v := in[start:]
			upper := bytes.Clone(v)
			foldCase(upper, 'a', 'A')
			lower := bytes.Clone(v)
			foldCase(lower, 'A', 'a')
			if want := asciiMap(v, upperASCII); !bytes.Equal(upper, want) {
				t.Errorf("upper of %q = %q, want %q", v, upper, want)
			}
			if want := asciiMap(v, lowerASCII); !bytes.Equal(lower, want) {
				t.Errorf("lower of %q = %q, want %q", v, lower, want)
			}
		}
	}
}

func asciiMap(v []byte, f func(byte) byte) []byte {
	out := make([]byte, len(v))
	for i, c := range v {
		out[i] = f(c)
	}
	return out
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}
