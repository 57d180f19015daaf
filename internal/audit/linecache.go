package audit

import (
	"bytes"
	"encoding/binary"
)

// lineCache remembers the clients mentioned in texts and lines of text
// that were scanned before. Calendars repeat the same texts again and
// again: the summary and location of each occurrence of a series, agenda
// templates; and event descriptions that differ in a meeting link share
// the boilerplate lines of Teams, Meet and Zoom invitations, separator
// lines and the like. Finding a text or line in the cache costs a small
// part of scanning it.
//
// The table is direct-mapped and of fixed size, with the stored bytes in
// a ring buffer: nothing is allocated after it is made, and it holds no
// pointers, so the garbage collector has nothing to scan in it. Stored
// bytes are compared in full before an answer is used. One
// worker goroutine reuses it for every calendar it reads; it is not safe
// for concurrent use.
type lineCache struct {
	m *matcher // the matcher whose answers are stored
	*lineTable

	// lookups and hits count the texts and lines looked for, and those
	// found; the tests read them.
	lookups, hits int
}

// lineTable is the memory of a lineCache, apart from its one pointer: an
// object without pointers is not scanned by the garbage collector.
type lineTable struct {
	slots [1 << lineBits]lineSlot
	// ring holds the bytes of the stored texts, one after another; end is
	// the number of bytes written into it so far, counting every lap.
	ring [lineRing]byte
	end  uint64
}

const (
	lineBits = 12        // of a slot's index
	lineRing = 512 << 10 // room for a text or line of 128 bytes per slot
	// minCachedLine is the length from which a text or line is looked up
	// rather than scanned: on generated calendars, lines of 8 to 16 bytes
	// gained nothing, longer ones did. It is at least 8, for lineKey.
	minCachedLine = 16
	// maxCachedLine keeps a few long texts from pushing many short ones
	// out of the ring.
	maxCachedLine = 1024
	slotClients   = 4 // texts that mention more clients are not stored
)

// lineSlot is one stored text: where its bytes are in the ring, and what
// it mentions.
type lineSlot struct {
	key  uint64 // see lineKey
	at   uint64 // where its bytes start, counting every lap of the ring
	size uint16 // zero for an empty slot
	// joins is set for a line that may take part in a mention over its
	// edges, when it is part of a text (see joinPairs).
	joins   bool
	n       uint8 // the clients stored
	clients [slotClients]int32
}

func newLineCache() *lineCache {
	return &lineCache{lineTable: new(lineTable)}
}

// bind makes the cache answer for m, forgetting answers for another
// matcher.
func (c *lineCache) bind(m *matcher) {
	if c.m != m {
		c.slots = [1 << lineBits]lineSlot{}
		c.m = m
	}
}

// lineKey hashes a text of eight bytes or more from its length and three
// words of it, at the start, the middle and the end: texts that differ
// only elsewhere share a slot, which costs a miss now and then but no
// wrong answer, since lookup compares the bytes. Hashing every byte would
// cost a good part of what the cache saves.
func lineKey(text []byte) uint64 {
	n := len(text)
	first := binary.LittleEndian.Uint64(text)
	middle := binary.LittleEndian.Uint64(text[(n-8)/2:])
	last := binary.LittleEndian.Uint64(text[n-8:])
	h := (first*0x9e3779b97f4a7c15 ^ middle) * 0xbf58476d1ce4e5b9
	h = (h ^ last ^ uint64(n)) * 0x94d049bb133111eb
	return h ^ h>>31
}

// lookup returns the slot for text, with the text's key, and whether the
// slot holds text.
func (c *lineCache) lookup(text []byte) (*lineSlot, uint64, bool) {
	key := lineKey(text)
	slot := &c.slots[key>>(64-lineBits)]
	c.lookups++
	if slot.key != key || int(slot.size) != len(text) || c.end-slot.at > lineRing {
		return slot, key, false
	}
	at := slot.at % lineRing
	if !bytes.Equal(c.ring[at:at+uint64(len(text))], text) {
		return slot, key, false
	}
	c.hits++
	return slot, key, true
}

// store puts text, with its key, into slot, with the clients it mentions
// (each once) and whether, as a line, it joins. A text that mentions too
// many clients is not stored.
func (c *lineCache) store(slot *lineSlot, key uint64, text []byte, joins bool, clients []int) {
	if len(clients) > slotClients {
		return
	}
	at := c.end
	if at%lineRing+uint64(len(text)) > lineRing {
		at += lineRing - at%lineRing // no text wraps round the ring's end
	}
	copy(c.ring[at%lineRing:], text)
	c.end = at + uint64(len(text))
	slot.key, slot.at, slot.size, slot.joins = key, at, uint16(len(text)), joins
	slot.n = uint8(len(clients))
	for i, client := range clients {
		slot.clients[i] = int32(client)
	}
}

// joinPairs tells which lines may take part in a mention that goes on
// over a line break. Such a mention has a space where the break is (a
// line break is white space, and a run of it reads as one space), so a
// pattern with a space at i has the line's last two bytes as its bytes
// i-2 and i-1, or the next line's first two as its bytes i+1 and i+2. The
// pairs of every pattern are kept, in normalised form; a line whose edge
// pairs are none of them mentions, as a whole word, just what it mentions
// standing alone, and nothing goes on over its edges.
type joinPairs struct {
	before, after pairSet
	any           bool // a pattern starts or ends with a space
}

// pairSet is a set of pairs of bytes, as a bitmap.
type pairSet [1 << 16 / 64]uint64

func (s *pairSet) add(b0, b1 byte) {
	pair := uint16(b0) | uint16(b1)<<8
	s[pair/64] |= 1 << (pair % 64)
}

func (s *pairSet) has(b0, b1 byte) bool {
	pair := uint16(b0) | uint16(b1)<<8
	return s[pair/64]&(1<<(pair%64)) != 0
}

// addPattern adds the pairs around the spaces of a normalised pattern.
// Where a single byte stands between a space and the pattern's edge, the
// pair takes any other byte with it.
func (j *joinPairs) addPattern(norm []byte) {
	if len(norm) == 0 {
		return
	}
	if norm[0] == ' ' || norm[len(norm)-1] == ' ' {
		j.any = true
		return
	}
	for i, c := range norm {
		if c != ' ' {
			continue
		}
		if i >= 2 {
			j.before.add(norm[i-2], norm[i-1])
		} else {
			j.before.addEnding(norm[i-1])
		}
		if rest := norm[i+1:]; len(rest) >= 2 {
			j.after.add(rest[0], rest[1])
		} else {
			j.after.addStarting(rest[0])
		}
	}
}

// addEnding adds every pair that ends with b1.
func (s *pairSet) addEnding(b1 byte) {
	for b0 := range 256 {
		s.add(byte(b0), b1)
	}
}

// addStarting adds every pair that starts with b0.
func (s *pairSet) addStarting(b0 byte) {
	for b1 := range 256 {
		s.add(b0, byte(b1))
	}
}

// mayJoin reports whether line, of two bytes or more, may take part in a
// mention that goes on over the line break before or after it. It
// answers yes, to be safe, when a byte at its edges is one that
// normalising may change into something else than itself in lower case:
// white space as the first or last byte (which a neighbouring line break
// reads with), or a byte that is not ASCII.
func (j *joinPairs) mayJoin(line []byte) bool {
	n := len(line)
	x0, x1 := edgeFold[line[0]], innerFold[line[1]]
	y0, y1 := innerFold[line[n-2]], edgeFold[line[n-1]]
	if j.any || x0|x1|y0|y1 >= notFolded {
		return true
	}
	return j.after.has(byte(x0), byte(x1)) || j.before.has(byte(y0), byte(y1))
}

// notFolded marks, in innerFold and edgeFold, a byte whose normalised
// form the tables do not give.
const notFolded = 0x100

// innerFold gives the normalised form of an ASCII byte; edgeFold that of
// a byte at a line's edge, where white space is left out.
var innerFold, edgeFold = foldTables()

func foldTables() (inner, edge [256]uint16) {
	for c := range 256 {
		switch {
		case c >= 0x80:
			inner[c], edge[c] = notFolded, notFolded
		case asciiSpace[c]:
			inner[c], edge[c] = ' ', notFolded
		case 'A' <= c && c <= 'Z':
			inner[c], edge[c] = uint16(c+'a'-'A'), uint16(c+'a'-'A')
		default:
			inner[c], edge[c] = uint16(c), uint16(c)
		}
	}
	return inner, edge
}
