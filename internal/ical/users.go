package ical

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// userCache remembers the ATTENDEE and ORGANIZER lines read before and
// what the Reader made of them, so that a line seen again costs a hash
// and a comparison, and its Attendee is handed out from the cache.
//
// A person meets the same people over and over, in lines written the
// same way each time: in a year of one person's meetings nineteen of
// twenty of these lines are repeats. They are the longest lines of an
// event after its DESCRIPTION and cost the most to read: four to six
// parameters to split, an address to lower-case, two keywords to look
// up. (TEXT values repeat less, and the shorter ones cost less to
// unescape than to look up: caching them did not pay.)
//
// The cache holds the lines and the copies it hands out in one arena of
// bounded size. When that is full the cache takes no more lines until
// the next event begins, and then starts over: the copies an Event holds
// are valid only until the next call to Next, as are those in the
// Reader's own arena. Starting over reuses the memory, so that the cache
// allocates nothing once it has reached its size.
//
// A calendar whose lines seldom repeat fills the cache again and again
// and pays for each line a lookup and a store besides the reading. So
// when the cache filled up with fewer hits than lookups, it rests: the
// next restLines lines are read without it.
type userCache struct {
	slots   []int32 // open addressing by hash: 1 + an index into entries, 0 when empty
	entries []userEntry
	kept    arena // the lines and the copies
	full    bool  // no room for more lines until startOver
	lookups int   // since the last startOver
	hits    int
	rest    int // lines still to be read without the cache
}

// userEntry is one line in the cache.
type userEntry struct {
	hash uint64
	line []byte // the part after the name, as written
	at   Attendee
}

const (
	// cacheSlots is the size of the hash table, a power of two; it is
	// at most half full.
	cacheSlots    = 1 << cacheSlotBits
	cacheSlotBits = 11
	maxCacheLines = cacheSlots / 2
	// maxCacheProbes bounds the slots looked at for one line, so that a
	// calendar made to give many lines one hash costs a few comparisons
	// a line; a line that would need more is not kept.
	maxCacheProbes = 8
	maxCacheMemory = 128 << 10 // bytes of lines and copies
	restLines      = 8 * maxCacheLines
	// maxCachedLine is the longest line kept; calendar user lines are
	// far shorter.
	maxCachedLine = 512
)

// lookup returns the Attendee that line, the part of an ATTENDEE or
// ORGANIZER line after its name, was made into before, nil when it is
// not in the cache, and the hash of line for a store that follows.
func (c *userCache) lookup(line []byte) (h uint64, at *Attendee) {
	if c.slots == nil {
		return 0, nil
	}
	if c.rest > 0 {
		return 0, nil // store counts the line
	}
	c.lookups++
	h = hashLine(line)
	i := h >> (64 - cacheSlotBits)
	for range maxCacheProbes {
		s := c.slots[i]
		if s == 0 {
			return h, nil
		}
		if e := &c.entries[s-1]; e.hash == h && bytes.Equal(e.line, line) {
			c.hits++
			return h, &e.at
		}
		i = (i + 1) & (cacheSlots - 1)
	}
	return h, nil
}

// store keeps line, whose hash lookup returned, and returns its Attendee
// as the Event hands it out, nil when there is no room or the cache
// rests. The address,
// PARTSTAT and CUTYPE of written are trimmed but otherwise as written.
func (c *userCache) store(h uint64, line []byte, written *Attendee) *Attendee {
	if c.rest > 0 {
		c.rest--
		return nil
	}
	if len(line) > maxCachedLine {
		return nil
	}
	if c.slots == nil {
		c.slots = make([]int32, cacheSlots)
		h = hashLine(line)
	}
	if c.full || len(c.entries) == maxCacheLines || c.kept.used+len(line)+attendeeSize(written) > maxCacheMemory {
		c.full = true
		return nil
	}
	i := h >> (64 - cacheSlotBits)
	for probes := 0; c.slots[i] != 0; probes++ {
		if probes == maxCacheProbes-1 {
			return nil
		}
		i = (i + 1) & (cacheSlots - 1)
	}
	// kept stays far below maxEventBytes: these cannot fail.
	kept, _ := c.kept.copyOf(line)
	at, _ := c.kept.attendee(written)
	c.entries = append(c.entries, userEntry{hash: h, line: kept, at: at})
	c.slots[i] = int32(len(c.entries))
	return &c.entries[len(c.entries)-1].at
}

// startOver empties a full cache, at the start of an event, when the
// copies handed out before are no longer valid. The cache rests when it
// found fewer lines than it missed.
func (c *userCache) startOver() {
	if 2*c.hits < c.lookups {
		c.rest = restLines
	}
	c.hits, c.lookups = 0, 0
	clear(c.slots)
	clear(c.entries) // let go of what the slices point to
	c.entries = c.entries[:0]
	c.kept.reset()
	c.full = false
}

// hashLine hashes a line for the cache. It takes in a word at a time with
// a rotation and an xor, fewer instructions than a hash of quality, and
// mixes the sum once at the end. Real calendars' lines seldom collide,
// and maxCacheProbes bounds the cost of those that do.
func hashLine(line []byte) uint64 {
	h := uint64(len(line))
	if len(line) < 8 {
		h ^= wordAt(line, 0)
	}
	// Four words a round: re-slicing b costs as much as hashing a word.
	b := line
	for len(b) >= 32 {
		h = bits.RotateLeft64(h, 19) ^ binary.LittleEndian.Uint64(b)
		h = bits.RotateLeft64(h, 19) ^ binary.LittleEndian.Uint64(b[8:])
		h = bits.RotateLeft64(h, 19) ^ binary.LittleEndian.Uint64(b[16:])
		h = bits.RotateLeft64(h, 19) ^ binary.LittleEndian.Uint64(b[24:])
		b = b[32:]
	}
	if len(b) >= 16 {
		h = bits.RotateLeft64(h, 19) ^ binary.LittleEndian.Uint64(b)
		h = bits.RotateLeft64(h, 19) ^ binary.LittleEndian.Uint64(b[8:])
		b = b[16:]
	}
	if len(b) > 8 {
		h = bits.RotateLeft64(h, 19) ^ binary.LittleEndian.Uint64(b)
	}
	if len(b) > 0 && len(line) >= 8 {
		// The last word, overlapping the ones before.
		h = bits.RotateLeft64(h, 19) ^ binary.LittleEndian.Uint64(line[len(line)-8:])
	}
	h *= 0x9e3779b97f4a7c15
	return h ^ h>>29
}
