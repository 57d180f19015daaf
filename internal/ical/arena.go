package ical

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
	dst, ok := a.copyOf(trimSpace(v))
	for i, c := range dst {
		if c-'a' < 26 {
			dst[i] = c - ('a' - 'A')
		}
	}
	return dst, ok
}

// address returns a calendar user address as an e-mail address: trimmed,
// without "mailto:" and lower-cased.
func (a *arena) address(v []byte) ([]byte, bool) {
	v = trimSpace(v)
	if len(v) >= 7 && equalFold(v[:7], "MAILTO:") {
		v = trimSpace(v[7:])
	}
	dst, ok := a.copyOf(v)
	for i, c := range dst {
		if c-'A' < 26 {
			dst[i] = c + ('a' - 'A')
		}
	}
	return dst, ok
}
