package audit

import (
	"unicode"
	"unicode/utf8"
)

// matcher finds whole-word mentions of client names and aliases in text.
//
// Text and patterns are normalised the same way (lower case, every run of
// white space one space) and then searched in one pass with an
// Aho-Corasick automaton, so the cost per byte does not grow with the
// number of clients. A hit counts only when the characters around it are
// not letters, marks or digits.
type matcher struct {
	next    []int32   // next[state*256+byte]: the automaton's transitions
	outputs [][]int32 // per state: the patterns that end there
	lengths []int     // per pattern: its normalised length in bytes
	owner   []int     // per pattern: the client index it names
}

// newMatcher builds a matcher for patterns; owner[i] is the client that
// pattern i names.
func newMatcher(patterns []string, owner []int) *matcher {
	m := &matcher{owner: owner}
	type node struct {
		child map[byte]int32
		fail  int32
		out   []int32
	}
	nodes := []node{{child: map[byte]int32{}}}
	for i, p := range patterns {
		norm := normalise(nil, []byte(p))
		m.lengths = append(m.lengths, len(norm))
		s := int32(0)
		for _, b := range norm {
			n, ok := nodes[s].child[b]
			if !ok {
				n = int32(len(nodes))
				nodes = append(nodes, node{child: map[byte]int32{}})
				nodes[s].child[b] = n
			}
			s = n
		}
		if len(norm) > 0 {
			nodes[s].out = append(nodes[s].out, int32(i))
		}
	}
	m.next = make([]int32, len(nodes)*256)
	m.outputs = make([][]int32, len(nodes))
	// Breadth-first: a state's fail link is final before its children's.
	queue := []int32{0}
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
					nodes[child].fail = m.next[int(nodes[s].fail)*256+b]
				}
				m.next[int(s)*256+b] = child
				queue = append(queue, child)
			case s != 0:
				m.next[int(s)*256+b] = m.next[int(nodes[s].fail)*256+b]
			}
		}
	}
	return m
}

// find calls hit with the client index of every whole-word mention in the
// normalised text. scratch is reused between calls to avoid allocation.
func (m *matcher) find(text []byte, scratch *[]byte, hit func(client int)) {
	if len(m.lengths) == 0 || len(text) == 0 {
		return
	}
	norm := normalise((*scratch)[:0], text)
	*scratch = norm
	s := int32(0)
	for i := 0; i < len(norm); i++ {
		s = m.next[int(s)*256+int(norm[i])]
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
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r)
}

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
