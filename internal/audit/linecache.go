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
//
// It is small, so that it stays in the processor's caches while the
// calendar reader streams its input through them: a lookup that waits
// for main memory costs as much as scanning a line. Two things let it be
// small and still find most lines. A text is stored only when it comes
// for the second time (see lineSlot.seen): the lines with a meeting's
// own link or dial-in code, which come once, do not push the
// boilerplate that comes back out of the ring. And a slot holds no more
// than a lookup needs, its clients being stored in the ring after its
// bytes, so that a lookup that misses reads one memory line.
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
	// ring holds the stored texts, one after another, each followed by
	// its clients; end is the number of bytes written into it so far,
	// counting every lap.
	ring [lineRing]byte
	end  uint32
}

const (
	lineBits = 10       // of a slot's index
	lineRing = 64 << 10 // room for a text or line of 64 bytes per slot
	// minCachedLine is the length from which a text or line is looked up
	// rather than scanned: on generated calendars, lines of 8 to 16 bytes
	// gained nothing, longer ones did. It is at least 8, for lineKey.
	minCachedLine = 16
	// maxCachedLine keeps a few long texts from pushing many short ones
	// out of the ring.
	maxCachedLine = 1024
	slotClients   = 4 // texts that mention more clients are not stored
	clientBytes   = 4 // of a client index in the ring
	// maxRingEnd is where the count of bytes written into the ring starts
	// again from zero, with an empty table, before it overflows.
	maxRingEnd = 1<<32 - 2*lineRing
)

// lineSlot is one stored text: a part of its key, where its bytes are in
// the ring, and how many clients follow them there. Its sixteen bytes
// let four slots share a memory line.
type lineSlot struct {
	tag uint32 // the key's low half (its high bits give the index)
	// seen is a fingerprint of the last text that came to this slot and
	// was not stored: the text that comes again is stored then. A text
	// that shares its fingerprint with the one before is stored one time
	// too early; one noted and then written over by another is stored a
	// time later. Neither changes an answer.
	seen uint32
	at   uint32 // where its bytes start, counting every lap of the ring
	size uint16 // zero for an empty slot
	n    uint8  // the clients stored after the bytes
	// joins is set for a line that may take part in a mention over its
	// edges, when it is part of a text (see joinPairs).
	joins bool
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
	if slot.tag != uint32(key) || int(slot.size) != len(text) || c.end-slot.at > lineRing {
		return slot, key, false
	}
	at := slot.at % lineRing
	if !bytes.Equal(c.ring[at:at+uint32(len(text))], text) {
		return slot, key, false
	}
	c.hits++
	return slot, key, true
}

// appendClients appends the clients stored with the text in slot, which
// lookup found.
func (c *lineCache) appendClients(found []int, slot *lineSlot) []int {
	at := slot.at%lineRing + uint32(slot.size)
	for range slot.n {
		found = append(found, int(int32(binary.LittleEndian.Uint32(c.ring[at:]))))
		at += clientBytes
	}
	return found
}

// store puts text, with its key, into slot, with the clients it mentions
// (each once) and whether, as a line, it joins; or, the first time text
// comes to the slot, only notes that it came. A text that mentions too
// many clients is not stored.
func (c *lineCache) store(slot *lineSlot, key uint64, text []byte, joins bool, clients []int) {
	if len(clients) > slotClients {
		return
	}
	// The seen fingerprint takes bits that neither the index nor the tag
	// does; zero is that of no text.
	if fingerprint := uint32(key>>(32-lineBits)) | 1; slot.seen != fingerprint {
		slot.seen = fingerprint
		return
	}
	if c.end > maxRingEnd {
		// Slots that point before the ring's current lap would seem to
		// point into it once the count wrapped round.
		c.slots = [1 << lineBits]lineSlot{}
		c.end = 0
	}
	size := uint32(len(text) + clientBytes*len(clients))
	at := c.end
	if at%lineRing+size > lineRing {
		at += lineRing - at%lineRing // nothing wraps round the ring's end
	}
	w := c.ring[at%lineRing:]
	copy(w, text)
	for i, client := range clients {
		binary.LittleEndian.PutUint32(w[len(text)+clientBytes*i:], uint32(int32(client)))
	}
	c.end = at + size
	*slot = lineSlot{tag: uint32(key), at: at, size: uint16(len(text)), n: uint8(len(clients)), joins: joins}
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
