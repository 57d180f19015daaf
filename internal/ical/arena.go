package ical

import "encoding/binary"

// arena holds the bytes of the current event. It never moves bytes it has
// handed out: when it runs out of room it starts a new block, so earlier
// slices stay valid, and once blocks are large enough no event allocates.
type arena struct {
	b    []byte
	used int // bytes handed out for the current event
}

func (a *arena) reset() { a.b, a.used = a.b[:0], 0 }

// count adds n bytes kept for the event elsewhere to its size. It
// returns false when the event would exceed maxEventBytes.
func (a *arena) count(n int) bool {
	a.used += n
	return a.used <= maxEventBytes
}

// reserve makes room for n more bytes. It returns false when the event
// would exceed maxEventBytes.
func (a *arena) reserve(n int) bool {
	if !a.count(n) {
		return false
	}
	if cap(a.b)-len(a.b) < n {
		a.b = make([]byte, 0, max(2*cap(a.b), n, 4096))
	}
	return true
}

// finish returns the bytes appended since len start, capped so that an
// append by the caller cannot overwrite the next value.
func (a *arena) finish(start int) []byte {
	return a.b[start:len(a.b):len(a.b)]
}

// copyOf returns a copy of v.
func (a *arena) copyOf(v []byte) ([]byte, bool) {
	if !a.reserve(len(v)) {
		return nil, false
	}
	s := len(a.b)
	a.b = append(a.b, v...)
	return a.finish(s), true
}

// text returns the TEXT value v unescaped.
func (a *arena) text(v []byte) ([]byte, bool) {
	if !a.reserve(len(v)) {
		return nil, false
	}
	s := len(a.b)
	a.b = appendText(a.b, v)
	return a.finish(s), true
}

// upper returns v trimmed and upper-cased.
func (a *arena) upper(v []byte) ([]byte, bool) {
	v = trimSpace(v)
	if !a.reserve(len(v)) {
		return nil, false
	}
	return a.appendKeyword(v), true
}

// attendee copies an ATTENDEE or ORGANIZER, trimmed but otherwise as
// written, as the Event hands it out: the address lower-cased, PARTSTAT
// and CUTYPE upper-cased. It makes one reservation for the three.
func (a *arena) attendee(written *Attendee) (Attendee, bool) {
	if !a.reserve(attendeeSize(written)) {
		return Attendee{}, false
	}
	return Attendee{
		Email:    a.appendLower(written.Email),
		PartStat: a.appendKeyword(written.PartStat),
		CUType:   a.appendKeyword(written.CUType),
	}, true
}

// attendeeSize is what an Attendee counts against the size of its event.
func attendeeSize(at *Attendee) int { return len(at.Email) + len(at.PartStat) + len(at.CUType) }

// appendKeyword returns v upper-cased: the shared copy when it is one of
// the keywords, else appended to room reserved before.
func (a *arena) appendKeyword(v []byte) []byte {
	if len(v) == 0 {
		return nil // most often an absent CUTYPE
	}
	if k, ok := lookupKeyword(v); ok {
		return k
	}
	return a.appendUpper(v)
}

// addressOf returns the e-mail address in a calendar user address:
// trimmed and without "mailto:" in any case.
func addressOf(v []byte) []byte {
	v = trimSpace(v)
	if hasMailto(v) {
		v = trimSpace(v[7:])
	}
	return v
}

// hasMailto reports whether v starts with "mailto:" in any case. Every
// ATTENDEE has it, so it compares the seven bytes as one word: setting
// bit 5 folds exactly the letters of "MAILTO" onto "mailto", and the ':'
// is compared as it is.
func hasMailto(v []byte) bool {
	const mailto, letters = 0x3a6f746c69616d, 0x202020202020
	return len(v) >= 7 && (wordAt(v, 0)|letters)&(1<<56-1) == mailto
}

// appendUpper appends v upper-cased to room reserved before.
func (a *arena) appendUpper(v []byte) []byte {
	s := len(a.b)
	a.b = a.b[:s+len(v)]
	foldCopy(a.b[s:], v, 'a', 'A')
	return a.finish(s)
}

// appendLower appends v lower-cased to room reserved before.
func (a *arena) appendLower(v []byte) []byte {
	s := len(a.b)
	a.b = a.b[:s+len(v)]
	foldCopy(a.b[s:], v, 'A', 'a')
	return a.finish(s)
}

// foldCopy copies src to dst, which is as long, changing the ASCII letters
// from the case whose 'A' or 'a' is from to the other case. Folding while
// copying reads and writes every byte once; it goes eight bytes at a time
// where they are ASCII.
func foldCopy(dst, src []byte, from, to byte) {
	lo := ones * uint64(0x80-from)      // sets the high bit of bytes >= from
	hi := ones * uint64(0x80-(from+26)) // sets it for bytes > the last letter
	dst = dst[:len(src)]
	i := 0
	for ; i+8 <= len(src); i += 8 {
		x := binary.LittleEndian.Uint64(src[i:])
		if x&(ones*0x80) != 0 {
			break // not ASCII: the sums below would carry between bytes
		}
		m := ((x + lo) &^ (x + hi)) & (ones * 0x80)
		binary.LittleEndian.PutUint64(dst[i:], x^(m>>2))
	}
	if n := len(src) - i; n > 0 && n < 8 && i+8 <= cap(src) && i+8 <= cap(dst) {
		// The last bytes as one word too: read from the array of src with
		// the bytes after it masked off, and written to the array of dst,
		// whose bytes after it hold nothing anyone has been handed.
		x := binary.LittleEndian.Uint64(src[i:i+8]) & (1<<(8*n) - 1)
		if x&(ones*0x80) == 0 {
			m := ((x + lo) &^ (x + hi)) & (ones * 0x80)
			binary.LittleEndian.PutUint64(dst[i:i+8], x^(m>>2))
			return
		}
	}
	for ; i < len(src); i++ {
		c := src[i]
		if c-from < 26 {
			c += to - from
		}
		dst[i] = c
	}
}
