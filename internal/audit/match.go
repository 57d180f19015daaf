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
	lengths []int     // per pattern: its normalised length in bytes
	owner   []int     // per pattern: the client index it names
	longest int

	// The word-start index: since a mention starts at a word boundary, ASCII
	// text is only looked at where a word starts, by the pattern's first
	// two bytes. Patterns that start with a non-word character (oddStart)
	// make the matcher use the automaton instead.
	norms    [][]byte               // per pattern: its normalised bytes
	prefixes []uint64               // bitmap of the first two bytes of patterns
	first    [256]bool              // bytes that start a key set in prefixes, in any case
	ascii    bool                   // every pattern is ASCII
	single   [utf8.RuneSelf][]int32 // one-byte patterns by their byte
	oddStart bool
	// byRank lists the patterns of each key set in prefixes, by the key's
	// rank among them: rankBase[key/64] plus the bits set below it in its
	// word. A map would cost more than the rest of a candidate's test.
	rankBase []int32
	byRank   [][]int32
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
	byPrefix := map[uint16][]int32{}
	m.prefixes = make([]uint64, 1<<16/64)
	for i, p := range patterns {
		norm := normalise(nil, []byte(p))
		m.ascii = m.ascii && isASCII(norm)
		m.lengths = append(m.lengths, len(norm))
		m.longest = max(m.longest, len(norm))
		m.norms = append(m.norms, norm)
		m.index(int32(i), norm, byPrefix)
		s := uint32(0)
		for _, b := range norm {
			n, ok := nodes[s].child[b]
			if !ok {
				n = uint32(len(nodes))
				nodes = append(nodes, node{child: map[byte]uint32{}})
				nodes[s].child[b] = n
			}
			s = n
		}
		if len(norm) > 0 {
			nodes[s].out = append(nodes[s].out, int32(i))
		}
	}
	next := make([]uint32, len(nodes)*256)
	m.outputs = make([][]int32, len(nodes))
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
	m.rankPrefixes(byPrefix)
	return m
}

// index adds pattern i to the word-start index; byPrefix collects the
// patterns of two bytes or more by their first two.
func (m *matcher) index(i int32, norm []byte, byPrefix map[uint16][]int32) {
	switch {
	case len(norm) == 0:
	case norm[0] >= utf8.RuneSelf:
		// Non-ASCII patterns never occur in ASCII text; normalised text
		// goes through the automaton.
	case !wordByte[norm[0]]:
		m.oddStart = true
	case len(norm) == 1:
		m.single[norm[0]] = append(m.single[norm[0]], i)
		// Any byte may follow a one-byte pattern, so every key that
		// starts with it passes the quick test.
		for next := range 256 {
			key := uint16(norm[0])<<8 | uint16(next)
			m.prefixes[key/64] |= 1 << (key % 64)
		}
	default:
		key := uint16(norm[0])<<8 | uint16(norm[1])
		byPrefix[key] = append(byPrefix[key], i)
		m.prefixes[key/64] |= 1 << (key % 64)
	}
}

// rankPrefixes fills rankBase and byRank from the finished prefixes.
func (m *matcher) rankPrefixes(byPrefix map[uint16][]int32) {
	m.rankBase = make([]int32, len(m.prefixes))
	n := int32(0)
	for i, w := range m.prefixes {
		m.rankBase[i] = n
		n += int32(bits.OnesCount64(w))
	}
	m.byRank = make([][]int32, n)
	for key, list := range byPrefix {
		m.byRank[m.rank(key)] = list
	}
	for c := range m.first {
		row := int(foldByte[c]) << 8 / 64 // the four words of keys that start with c
		m.first[c] = m.prefixes[row]|m.prefixes[row+1]|m.prefixes[row+2]|m.prefixes[row+3] != 0
	}
}

// rank returns the rank of key, which is set in prefixes.
func (m *matcher) rank(key uint16) int32 {
	below := m.prefixes[key/64] & (1<<(key%64) - 1)
	return m.rankBase[key/64] + int32(bits.OnesCount64(below))
}

// wordByte marks the ASCII letters and digits.
var wordByte = func() (t [256]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

// foldByte lower-cases ASCII letters and turns white space into ' ', as
// normalise does.
var foldByte = func() (t [256]byte) {
	for c := range t {
		switch {
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c) + 'a' - 'A'
		case c < utf8.RuneSelf && asciiSpace[c]:
			t[c] = ' '
		default:
			t[c] = byte(c)
		}
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
// plainRune). Word starts are found eight bytes at a time.
func (m *matcher) findWords(text []byte, hit func(client int)) bool {
	if !m.ascii && !isASCII(text) {
		return false
	}
	// checked is set once the rest of the text is known to be plain, which
	// is made sure of before the first hit is reported; up to then each
	// non-ASCII byte is looked at as the scan passes it.
	checked := !m.ascii
	var prev uint64 // word flags of the previous eight bytes
	i := 0
	for ; i+8 <= len(text); i += 8 {
		x := binary.LittleEndian.Uint64(text[i:])
		high := x & highBits
		if high != 0 && !checked && !plainText(text[i:i+8], text[i:]) {
			return false
		}
		words := wordMask(x&^highBits) &^ high
		starts := words &^ (words<<8 | prev>>56)
		prev = words
		for starts != 0 {
			at := i + bits.TrailingZeros64(starts)/8
			starts &= starts - 1
			if m.mayStart(text, at) && !m.report(text, at, &checked, hit) {
				return false
			}
		}
	}
	prevWord := prev>>63 != 0
	for ; i < len(text); i++ {
		c := text[i]
		if c >= utf8.RuneSelf && !checked && !plainText(text[i:i+1], text[i:]) {
			return false
		}
		w := wordByte[c]
		if w && !prevWord && m.mayStart(text, i) && !m.report(text, i, &checked, hit) {
			return false
		}
		prevWord = w
	}
	return true
}

// report reports the mentions that start at the word start i. Before it
// reports the first, it makes sure that the rest of the text is plain
// (then sets checked), and returns false, having reported nothing, when
// it is not.
func (m *matcher) report(text []byte, i int, checked *bool, hit func(client int)) bool {
	if !*checked {
		if !m.wordCandidates(text, i, nil) {
			return true // no mention here: nothing to make sure of yet
		}
		if !plainText(text[i:], text[i:]) {
			return false
		}
		*checked = true
	}
	m.wordCandidates(text, i, hit)
	return true
}

// wordCandidates is candidates at i, the first ASCII word byte after a
// byte that is not one: when that byte is part of a non-ASCII letter,
// digit or mark, no word starts at i.
func (m *matcher) wordCandidates(text []byte, i int, hit func(client int)) bool {
	if i > 0 && text[i-1] >= utf8.RuneSelf && !wordBoundaryBefore(text, i) {
		return false
	}
	return m.candidates(text, i, hit)
}

const highBits = 0x8080808080808080

// plainText reports whether every rune that starts in part, a piece of
// rest (which goes on to the end of the text), is plain.
func plainText(part, rest []byte) bool {
	j := 0
	for ; j+8 <= len(part); j += 8 {
		if binary.LittleEndian.Uint64(part[j:])&highBits == 0 {
			continue
		}
		if !plainRunes(j, j+8, rest) {
			return false
		}
	}
	return plainRunes(j, len(part), rest)
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

// wordMask sets the high bit of each byte of x (eight ASCII bytes) that is
// a letter or a digit: each range test adds a bias that carries into the
// high bit exactly when the byte reaches the bound.
func wordMask(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	lower := x | 0x20*ones
	letter := (lower + (0x80-'a')*ones) &^ (lower + (0x80-'z'-1)*ones)
	digit := (x + (0x80-'0')*ones) &^ (x + (0x80-'9'-1)*ones)
	return (letter | digit) & highs
}

// mayStart is the quick test whether any pattern begins with the first
// one or two bytes at i: one bit in the prefix bitmap, after a look at
// the first byte alone, which rules out most words.
func (m *matcher) mayStart(text []byte, i int) bool {
	if !m.first[text[i]] {
		return false
	}
	key := uint16(foldByte[text[i]]) << 8
	if i+1 < len(text) {
		key |= uint16(foldByte[text[i+1]])
	}
	return m.prefixes[key/64]&(1<<(key%64)) != 0
}

// candidates checks the patterns that could start at the word start i
// and reports whether one occurs there. A nil hit only asks: it stops at
// the first pattern found.
func (m *matcher) candidates(text []byte, i int, hit func(client int)) bool {
	c := foldByte[text[i]]
	found := m.verify(text, i, m.single[c], hit)
	if found && hit == nil {
		return true
	}
	if i+1 < len(text) {
		key := uint16(c)<<8 | uint16(foldByte[text[i+1]])
		if m.prefixes[key/64]&(1<<(key%64)) != 0 {
			found = m.verify(text, i, m.byRank[m.rank(key)], hit) || found
		}
	}
	return found
}

// verify reports the candidate patterns that occur at text[i:] as whole
// words, and whether there was one; with a nil hit it only answers.
func (m *matcher) verify(text []byte, i int, candidates []int32, hit func(client int)) bool {
	found := false
	for _, p := range candidates {
		if end, ok := matchFolded(text, i, m.norms[p]); ok && wordBoundaryAfter(text, end) {
			if hit == nil {
				return true
			}
			found = true
			hit(m.owner[p])
		}
	}
	return found
}

// matchFolded reports whether the normalised pattern occurs in ASCII
// text at i, and where it ends.
func matchFolded(text []byte, i int, pattern []byte) (end int, ok bool) {
	j := i
	for _, b := range pattern {
		if j >= len(text) {
			return 0, false
		}
		c := foldByte[text[j]]
		if c != b {
			return 0, false
		}
		j++
		if c == ' ' {
			for j < len(text) && asciiSpace[text[j]&0x7f] && text[j] < utf8.RuneSelf {
				j++
			}
		}
	}
	return j, true
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
