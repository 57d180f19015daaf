package ical

import (
	"bytes"
	"testing"
)

func TestFoldCopy(t *testing.T) {
	var all []byte
	for c := range 256 {
		all = append(all, byte(c))
	}
	for _, in := range [][]byte{all, []byte("MailTo:Anna.Kok@Acme.NL"), []byte("x"), nil, []byte("@[`{AZaz"), []byte("ab\xffCD")} {
		for start := range min(len(in), 9) {
			// With and without spare room after the source and the copy;
			// the spare room must come out as it was.
			for _, spare := range []int{0, 7, 8} {
				buf := append(bytes.Clone(in[start:]), bytes.Repeat([]byte{0xfe}, spare)...)
				v := buf[: len(in)-start : len(buf)]
				for _, tt := range []struct {
					from, to byte
					want     func(byte) byte
				}{{'a', 'A', upperASCII}, {'A', 'a', lowerASCII}} {
					dst := make([]byte, len(v), len(v)+spare)
					foldCopy(dst, v, tt.from, tt.to)
					if want := asciiMap(v, tt.want); !bytes.Equal(dst, want) {
						t.Errorf("fold %q to %c = %q, want %q", v, tt.to, dst, want)
					}
					if !bytes.Equal(v[:cap(v)][len(v):], bytes.Repeat([]byte{0xfe}, spare)) {
						t.Errorf("fold %q changed the bytes after the source", v)
					}
				}
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
