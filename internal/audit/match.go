package audit

import (
	"encoding/binary"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// matcher finds whole-word mentions of client names and aliases in text.
//
// Patterns are normalised (lower case, every run of white space one
// space) and compiled into an Aho-Corasick automaton, so the cost per
// byte does not grow with the number of clients. ASCII text is matched
// as it is: the automaton's input folds case and white space on the fly,
// which saves copying the text. Text with other characters is normalised
// into scratch space first, since Unicode case folding changes lengths.
// A hit counts only when the characters around it are not letters, marks
// or digits.
type matcher struct {
	// next[state<<8|byte] is the next state; outBit marks states where a
	// pattern ends, so the inner loop needs one load per byte.
	next    []uint32
	outputs [][]int32 // per state: the patterns that end there
	ends    [][]int32 // per state: the patterns that are its path from the root
	depth   []int32   // per state: the length of its path from the root
	lengths []int     // per pattern: its normalised length in bytes
	owner   []int     // per pattern: the client index it names
	longest int

	// The word-start index: since a mention starts at a word boundary, ASCII
	// text is only looked at where a word starts whose key is in keys.
	// Patterns that start with a non-word character, or with a word of one
	// byte (oddStart), make the matcher use the automaton instead: at least
	// as quick when every word that starts with that byte is a candidate.
	// Patterns that are not ASCII are left out: the index is only used when
	// either they or the text are ASCII, and then they cannot occur.
	keys     *keySet
	oddStart bool
	ascii    bool // every pattern is ASCII

	// joins tells which lines may hold part of a mention that goes on
	// over a line break (see mayJoin).
	joins joinPairs
	// cuts marks the bytes that no mention can hold (see cutBytes).
	cuts *[256]bool
}

const outBit = 1 << 31

// newMatcher builds a matcher for patterns; owner[i] is the client that
// pattern i names.
func newMatcher(patterns []string, owner []int) *matcher {
	m := &matcher{owner: owner, ascii: true}
	type node struct {
		child map[byte]uint32
		fail  uint32
		out   []int32
	}
	nodes := []node{{child: map[byte]uint32{}}}
	m.depth = []int32{0}
	m.keys = new(keySet)
	var norms [][]byte
	for i, p := range patterns {
		norm := normalise(nil, []byte(p))
		norms = append(norms, norm)
		m.ascii = m.ascii && isASCII(norm)
		m.lengths = append(m.lengths, len(norm))
		m.longest = max(m.longest, len(norm))
		m.joins.addPattern(norm)
		if len(norm) > 0 && norm[0] < utf8.RuneSelf {
			switch {
			case !wordByte[norm[0]]:
				m.oddStart = true
			case isASCII(norm) && !m.keys.addPattern(norm):
				m.oddStart = true
			}
		}
		s := uint32(0)
		for _, b := range norm {
			n, ok := nodes[s].child[b]
			if !ok {
				n = uint32(len(nodes))
				nodes = append(nodes, node{child: map[byte]uint32{}})
				nodes[s].child[b] = n
				m.depth = append(m.depth, m.depth[s]+1)
			}
			s = n
		}
		if len(norm) > 0 {
			nodes[s].out = append(nodes[s].out, int32(i))
		}
	}
	next := make([]uint32, len(nodes)*256)
	m.outputs = make([][]int32, len(nodes))
	m.ends = make([][]int32, len(nodes))
	for s := range nodes {
		m.ends[s] = nodes[s].out
	}
	// Breadth-first: a state's fail link is final before its children's.
	queue := []uint32{0}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		m.outputs[s] = append(m.outputs[s], nodes[s].out...)
		if s != 0 {
			m.outputs[s] = append(m.outputs[s], m.outputs[nodes[s].fail]...)
		}
		for b := 0; b < 256; b++ {
			child, ok := nodes[s].child[byte(b)]
			switch {
			case ok:
				if s != 0 {
					nodes[child].fail = next[int(nodes[s].fail)<<8|b]
				}
				next[int(s)<<8|b] = child
				queue = append(queue, child)
			case s != 0:
				next[int(s)<<8|b] = next[int(nodes[s].fail)<<8|b]
			}
		}
	}
	// Fold the input: upper-case ASCII letters and white space lead where
	// their normalised form leads; then flag states with output.
	for s := range nodes {
		row := next[s<<8 : s<<8+256]
		for c := 'A'; c <= 'Z'; c++ {
			row[c] = row[c+'a'-'A']
		}
		for c := range asciiSpace {
			if asciiSpace[c] {
				row[c] = row[' ']
			}
		}
	}
	for i, t := range next {
		if len(m.outputs[t]) > 0 {
			next[i] = t | outBit
		}
	}
	m.next = next
	m.cuts = cutBytes(norms)
	return m
}

// cutBytes returns the ASCII bytes that are no letter, digit or white
// space, and that no normalised pattern holds: punctuation such as the
// slashes, dots and percent signs of links, mostly. A mention cannot go
// over such a byte, and being no letter or digit, it is a word boundary
// on either side; so the parts of a text that such bytes end are matched
// each on its own as they are in the text (see mentionScanner.findPieces).
// Being ASCII, it ends any rune before it, in UTF-8 or not.
func cutBytes(norms [][]byte) *[256]bool {
	var cuts [256]bool
	for c := range utf8.RuneSelf {
		cuts[c] = !wordByte[c] && !asciiSpace[c]
	}
	for _, norm := range norms {
		for _, c := range norm {
			cuts[c] = false
		}
	}
	return &cuts
}

// wordByte marks the ASCII letters and digits.
var wordByte = func() (t [256]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

// find calls hit with the client index of every whole-word mention in
// text. scratch is reused between calls to avoid allocation.
func (m *matcher) find(text []byte, scratch *[]byte, hit func(client int)) {
	if len(m.lengths) == 0 || len(text) == 0 {
		return
	}
	found := false
	if m.oddStart {
		found = m.findASCII(text, hit)
	} else {
		found = m.findWords(text, hit)
	}
	if !found {
		norm := normalise((*scratch)[:0], text)
		*scratch = norm
		m.findNormalised(norm, hit)
	}
}

// findASCII matches text that is ASCII as it stands. It returns false,
// having reported nothing, when the text holds other bytes.
func (m *matcher) findASCII(text []byte, hit func(client int)) bool {
	next := m.next
	s := uint32(0)
	space, checked := false, false
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= utf8.RuneSelf {
			return false
		}
		if asciiSpace[c] {
			if space {
				continue // a run of white space reads as one space
			}
			space = true
		} else {
			space = false
		}
		s = next[s<<8|uint32(c)]
		if s&outBit != 0 {
			// Report nothing unless the whole text is ASCII, or the
			// normalised pass would report this hit again.
			if !checked && !isASCII(text[i+1:]) {
				return false
			}
			checked = true
			s &^= outBit
			m.reportRaw(text, i+1, s, hit)
		}
	}
	return true
}

// findWords matches text at word starts only. It returns false, having
// reported nothing, when the text holds a character that it cannot read
// as normalise would: any non-ASCII one when a pattern is not ASCII, else
// one that normalising changes into something a pattern may hold (see
// plainRune). Most word starts are ruled out by their first three bytes,
// in a scan that looks at eight bytes at a time.
func (m *matcher) findWords(text []byte, hit func(client int)) bool {
	if !m.ascii && !isASCII(text) {
		return false
	}
	// checked is set once the text is known to be plain. That is made
	// sure of before the first hit is reported, or at the end; the scan
	// itself only notes whether it passed non-ASCII bytes.
	checked := !m.ascii
	scan := startScan{block: -7}
	for at := scan.next(text, m.keys); at >= 0; at = scan.next(text, m.keys) {
		if !checked {
			if !m.findAt(text, at, nil) {
				continue // no mention here: nothing to make sure of yet
			}
			if !plainText(text) {
				return false
			}
			checked = true
		}
		m.findAt(text, at, hit)
	}
	return checked || scan.high&highBits == 0 || plainText(text)
}

// startScan finds the word starts of a text that pass a keySet: where an
// ASCII letter or digit follows a byte that is none.
//
// It reads eight bytes at a time but moves on by seven, so that the byte
// after each of the first seven is at hand in the same word; the key of
// the seventh has that byte and a zero. The loop calls no function, which
// lets the compiler keep its state in registers.
type startScan struct {
	block  int    // the offset of the current block of eight bytes
	x      uint64 // its bytes
	starts uint64 // the high bits of its word starts still to look at
	prev   uint64 // its word flags
	high   uint64 // the blocks so far, or-ed: is there non-ASCII?
}

// firstSeven are the high bits of the seven bytes of a block that the
// scan looks at.
const firstSeven = highBits >> 8

// next returns the next word start that passes keys, or -1 at the end of
// the text. The first call needs a block of -7.
func (s *startScan) next(text []byte, keys *keySet) int {
	i, x, starts, prev, high := s.block, s.x, s.starts, s.prev, s.high
	for {
		for ; starts != 0; starts &= starts - 1 {
			shift := bits.TrailingZeros64(starts) & 56
			if keys.mayStart(x, shift) {
				s.block, s.x, s.starts, s.prev, s.high = i, x, starts&(starts-1), prev, high
				return i + shift/8
			}
		}
		i += 7
		if i+8 > len(text) {
			break
		}
		x = binary.LittleEndian.Uint64(text[i : i+8])
		high |= x
		words := wordMask(x)
		// The byte before the block is the previous block's seventh
		// (its eighth is this block's first).
		starts = words &^ (words<<8 | prev>>48) & firstSeven
		prev = words
	}
	if i < len(text) {
		// The last few bytes, in a block that goes on with zeros.
		x = lastBytes(text, i)
		high |= x
		words := wordMask(x)
		starts = words &^ (words<<8 | prev>>48)
		for ; starts != 0; starts &= starts - 1 {
			shift := bits.TrailingZeros64(starts) & 56
			if keys.mayStart(x, shift) {
				s.block, s.x, s.starts, s.prev, s.high = i, x, starts&(starts-1), 0, high
				return i + shift/8
			}
		}
	}
	s.block, s.starts, s.high = i, 0, high
	return -1
}

// lastBytes returns the bytes of text from i, fewer than eight, as a
// little-endian word that goes on with zeros.
func lastBytes(text []byte, i int) uint64 {
	if len(text) < 8 {
		return loadTail(text[i:])
	}
	// The last eight bytes, without those before i.
	return binary.LittleEndian.Uint64(text[len(text)-8:]) >> ((8 - (len(text) - i)) * 8 & 63)
}

// loadTail returns the bytes of tail, fewer than eight, as a
// little-endian word that goes on with zeros.
func loadTail(tail []byte) uint64 {
	var x uint64
	for j, c := range tail {
		x |= uint64(c) << (8 * (j & 7))
	}
	return x
}

const highBits = 0x8080808080808080

// plainText reports whether every rune in text is plain.
func plainText(text []byte) bool {
	j := 0
	for ; j+8 <= len(text); j += 8 {
		if binary.LittleEndian.Uint64(text[j:])&highBits == 0 {
			continue
		}
		if !plainRunes(j, j+8, text) {
			return false
		}
	}
	return plainRunes(j, len(text), text)
}

// plainRunes reports whether the runes that start in rest[from:to] are
// plain.
func plainRunes(from, to int, rest []byte) bool {
	for j := from; j < to; j++ {
		if rest[j] < 0xC0 {
			continue // ASCII, or not the first byte of a rune
		}
		r, _ := utf8.DecodeRune(rest[j:])
		if plain, ok := plainTable.lookup(r); ok {
			if !plain {
				return false
			}
		} else if !plainRune(r) {
			return false
		}
	}
	return true
}

// plainTable holds plainRune for the common runes.
var plainTable = newRuneTable(plainRune)

// runeTable answers a question about a rune from a bitmap, for the runes
// most text is written in: the Latin, Greek, Cyrillic, Hebrew and Arabic
// letters (two bytes in UTF-8), and the dashes, quotes and currency signs
// of General Punctuation. The unicode package answers more slowly, from
// tables of ranges.
type runeTable [(twoByteRunes + punctuationRunes) / 64]uint64

const (
	twoByteRunes     = 0x800 - utf8.RuneSelf // U+0080 to U+07FF
	punctuationStart = 0x2000
	punctuationRunes = 0x200 // U+2000 to U+21FF
)

// newRuneTable returns the table of the runes for which f holds.
func newRuneTable(f func(rune) bool) *runeTable {
	var t runeTable
	for r := rune(utf8.RuneSelf); r < punctuationStart+punctuationRunes; r++ {
		if i, ok := runeIndex(r); ok && f(r) {
			t[i/64] |= 1 << (i % 64)
		}
	}
	return &t
}

// lookup returns the answer for r; ok is false for a rune the table
// leaves out.
func (t *runeTable) lookup(r rune) (answer, ok bool) {
	i, ok := runeIndex(r)
	return ok && t[i/64]&(1<<(i%64)) != 0, ok
}

// runeIndex returns the bit of r in a runeTable.
func runeIndex(r rune) (int, bool) {
	switch {
	case utf8.RuneSelf <= r && r < 0x800:
		return int(r) - utf8.RuneSelf, true
	case punctuationStart <= r && r < punctuationStart+punctuationRunes:
		return int(r) - punctuationStart + twoByteRunes, true
	}
	return 0, false
}

// plainRune reports whether the non-ASCII rune r reads the same to the
// matcher before and after normalise: it is no white space, its lower
// case is not ASCII (as for the Kelvin sign), and both are word runes or
// neither is. Then an ASCII pattern matches text as it stands exactly
// where it matches the normalised text.
func plainRune(r rune) bool {
	lower := unicode.ToLower(r)
	return !unicode.IsSpace(r) && lower >= utf8.RuneSelf && isUnicodeWord(r) == isUnicodeWord(lower)
}

// wordMask sets the high bit of each byte of x that is an ASCII letter or
// digit. Each range test adds a bias to the bytes without their high bit,
// which carries into it exactly when the byte reaches the bound; a byte
// is in the range when it reaches one bound but not the other. Bytes with
// the high bit set are none.
func wordMask(x uint64) uint64 {
	const ones = 0x0101010101010101
	low := x &^ highBits
	lower := low | 0x20*ones
	letter := (lower + (0x80-'a')*ones) ^ (lower + (0x80-'z'-1)*ones)
	digit := (low + (0x80-'0')*ones) ^ (low + (0x80-'9'-1)*ones)
	return (letter | digit) &^ x & highBits
}

// keySet is the quick test whether an ASCII pattern may start at a word
// start of text, in two steps: the first two bytes there, as they stand,
// must be those of a pattern in some case (pairs); then the key of the
// first three bytes must be set (keys). A key is a hash of the bytes with
// bit 0x20 set in each, which lower-cases ASCII letters; it also merges
// some other bytes, which only makes the test let through a few more
// words. The sets have the same size for any number of patterns, so a
// registry of hundreds of clients sets more bits but costs no more per
// word; pairs rule out most words at less cost, keys most of the rest.
type keySet struct {
	pairs [1 << 16 / 64]uint64
	keys  [1 << 16 / 64]uint64
}

// mayStart reports whether a pattern may start at the bytes of x from bit
// shift on (a multiple of eight); past the end of x they read as zeros.
func (s *keySet) mayStart(x uint64, shift int) bool {
	y := x >> shift
	pair := uint16(y)
	if s.pairs[pair/64]&(1<<(pair%64)) == 0 {
		return false
	}
	key := keyOf(uint32(y))
	return s.keys[key/64]&(1<<(key%64)) != 0
}

// keyOf returns the key of the low three bytes of y.
func keyOf(y uint32) uint16 {
	return uint16((y&0xffffff | 0x202020) * 0x9e3779b1 >> 16) // the golden ratio's bits spread keys
}

// add adds the bytes b0, b1, b2 (a zero for one that the scan reads as
// zero), the first two in every case.
func (s *keySet) add(b0, b1, b2 byte) {
	key := keyOf(uint32(b0) | uint32(b1)<<8 | uint32(b2)<<16)
	s.keys[key/64] |= 1 << (key % 64)
	for _, c0 := range caseForms(b0) {
		for _, c1 := range caseForms(b1) {
			pair := uint16(c0) | uint16(c1)<<8
			s.pairs[pair/64] |= 1 << (pair % 64)
		}
	}
}

// caseForms returns the bytes that fold to the normalised byte c.
func caseForms(c byte) []byte {
	if 'a' <= c && c <= 'z' {
		return []byte{c, c - 'a' + 'A'}
	}
	return []byte{c}
}

// addPattern adds the keys of a normalised pattern that is ASCII and
// starts with a letter or digit, and reports whether it could: not when
// a space follows its first byte, or nothing does, since any word that
// starts with that byte would pass the test then.
func (s *keySet) addPattern(norm []byte) bool {
	if len(norm) < 2 || norm[1] == ' ' {
		return false
	}
	// The scan reads the key of a block's last word start from two
	// bytes only (see startScan), the third as a zero.
	s.add(norm[0], norm[1], 0)
	if len(norm) > 2 && norm[2] != ' ' {
		s.add(norm[0], norm[1], norm[2])
		return true
	}
	// White space, or any byte that is no letter or digit, may follow,
	// or the end of the text, which reads as zero.
	for c := range 256 {
		if !wordByte[c] {
			s.add(norm[0], norm[1], byte(c))
		}
	}
	return true
}

// findAt reports the patterns that occur as whole words at text[i:], where
// an ASCII letter or digit follows a byte that is none (or the start),
// and whether there was one; a nil hit only asks, and stops at the first.
//
// It follows the automaton from its root as a trie: a state one deeper
// than the bytes read so far is on the path of a pattern that starts at
// i, and one that is not means that none does.
func (m *matcher) findAt(text []byte, i int, hit func(client int)) bool {
	if i > 0 && text[i-1] >= utf8.RuneSelf && !wordBoundaryBefore(text, i) {
		return false // the word goes on from a non-ASCII letter, digit or mark
	}
	found := false
	s, depth := uint32(0), int32(0)
	for j := i; j < len(text); {
		c := text[j]
		j++
		s = m.next[s<<8|uint32(c)] &^ outBit
		depth++
		if m.depth[s] != depth {
			break
		}
		if c < utf8.RuneSelf && asciiSpace[c] {
			// A run of white space reads as one space.
			for j < len(text) && text[j] < utf8.RuneSelf && asciiSpace[text[j]] {
				j++
			}
		}
		if len(m.ends[s]) == 0 || !wordBoundaryAfter(text, j) {
			continue
		}
		if hit == nil {
			return true
		}
		found = true
		for _, p := range m.ends[s] {
			hit(m.owner[p])
		}
	}
	return found
}

// reportRaw reports the patterns that end at text[:end] in state s, in
// text that has not been normalised: the start of a hit is found by
// walking back over its normalised length, a white-space run counting
// as one.
func (m *matcher) reportRaw(text []byte, end int, s uint32, hit func(int)) {
	for _, p := range m.outputs[s] {
		start := rawStart(text, end, m.lengths[p])
		if wordBoundaryBefore(text, start) && wordBoundaryAfter(text, end) {
			hit(m.owner[p])
		}
	}
}

func rawStart(text []byte, end, n int) int {
	i := end
	for n > 0 && i > 0 {
		i--
		if asciiSpace[text[i]] {
			for i > 0 && asciiSpace[text[i-1]] {
				i--
			}
		}
		n--
	}
	return i
}

// isASCII reports whether b holds only ASCII, eight bytes at a time.
func isASCII(b []byte) bool {
	var or uint64
	i := 0
	for ; i+8 <= len(b); i += 8 {
		or |= binary.LittleEndian.Uint64(b[i:])
	}
	for ; i < len(b); i++ {
		or |= uint64(b[i])
	}
	return or&highBits == 0
}

// findNormalised matches text that normalise produced.
func (m *matcher) findNormalised(norm []byte, hit func(client int)) {
	s := uint32(0)
	for i := 0; i < len(norm); i++ {
		s = m.next[s<<8|uint32(norm[i])]
		if s&outBit == 0 {
			continue
		}
		s &^= outBit
		for _, p := range m.outputs[s] {
			end := i + 1
			start := end - m.lengths[p]
			if wordBoundaryBefore(norm, start) && wordBoundaryAfter(norm, end) {
				hit(m.owner[p])
			}
		}
	}
}

// normalise appends text to dst in lower case with every run of white
// space replaced by a single space. Escaped line breaks were turned into
// real ones by the calendar reader, so they fold here too.
func normalise(dst, text []byte) []byte {
	space := false
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			if asciiSpace[c] {
				if !space {
					dst = append(dst, ' ')
					space = true
				}
				continue
			}
			space = false
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		i += size
		if unicode.IsSpace(r) {
			if !space {
				dst = append(dst, ' ')
				space = true
			}
			continue
		}
		space = false
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// isWordRune reports whether r may not stand next to a mention: letters,
// marks and digits in the Unicode sense.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	if word, ok := wordRuneTable.lookup(r); ok {
		return word
	}
	return isUnicodeWord(r)
}

// isUnicodeWord is isWordRune from the unicode package's tables.
func isUnicodeWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r)
}

// wordRuneTable holds isUnicodeWord for the common runes.
var wordRuneTable = newRuneTable(isUnicodeWord)

func wordBoundaryBefore(text []byte, start int) bool {
	if start <= 0 {
		return true
	}
	r, _ := utf8.DecodeLastRune(text[:start])
	return !isWordRune(r)
}

func wordBoundaryAfter(text []byte, end int) bool {
	if end >= len(text) {
		return true
	}
	r, _ := utf8.DecodeRune(text[end:])
	return !isWordRune(r)
}
