package audit

import (
	"bytes"
	"encoding/binary"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/ical"
)

// absenceWords mark an event as an absence when its summary holds one as a
// whole word, in any case.
var absenceWords = []string{
	"out of office", "vacation", "holiday", "leave", "sick",
	"vakantie", "vrij", "verlof", "ziek", "feestdag",
}

// classifier decides what an event is for one calendar owner. It keeps
// scratch space, so each goroutine has its own.
type classifier struct {
	owner     string
	ownerHead uint64 // the owner's first eight bytes, for isOwner
	clients   *Registry
	mentions  mentionScanner
	absence   *matcher
	scratch   []byte
	list      []int
	domains   map[string][]int // clients by participant domain, as seen so far
	// recent holds the latest answers of clientsOf by the last eight
	// bytes of the address: an event's participants come from a few
	// domains (the owner's and a client's), so nearly every address finds
	// its domain here without a map look-up.
	recent *[1 << recentBits]domainClients // made on first use
	memo   *absenceMemo                    // made on first use
}

// recentBits is the size of classifier.recent, in bits of an index.
const recentBits = 6

// domainClients is the answer of clientsOf for one domain.
type domainClients struct {
	at []byte // '@' and the domain; nil while the slot is unused
	// tail is the last eight bytes of at (all of it when shorter) as a
	// little-endian word shifted right by shift, the bits of the bytes
	// that at lacks: the word of an address's last eight bytes shifted
	// as much equals tail when the address ends as at does there.
	tail    uint64
	shift   uint
	clients []int
}

// newClassifier returns a classifier for owner's events; lines, when not
// nil, is the line cache of the worker that reads them.
func newClassifier(owner string, reg *Registry, absence *matcher, lines *lineCache) *classifier {
	c := &classifier{
		owner:    owner,
		clients:  reg,
		mentions: mentionScanner{reg: reg, lines: lines},
		absence:  absence,
	}
	if len(owner) >= 8 {
		c.ownerHead = binary.LittleEndian.Uint64([]byte(owner))
	}
	return c
}

// isOwner reports whether address is the owner's. The addresses of the
// owner's colleagues are often as long as the owner's, and share its end:
// their first eight bytes, read as one word, tell most of them apart.
func (c *classifier) isOwner(address []byte) bool {
	if len(address) != len(c.owner) ||
		len(address) >= 8 && binary.LittleEndian.Uint64(address) != c.ownerHead {
		return false
	}
	return string(address) == c.owner
}

// verdict is what the rules make of one event.
type verdict struct {
	absence bool
	cat     klaver.Category
	clients []int // valid until the next call of classify
}

// declined reports whether the owner declined ev, on any of the owner's
// ATTENDEE lines.
func (c *classifier) declined(ev *ical.Event) bool {
	for i := range ev.Attendees {
		a := &ev.Attendees[i]
		if string(a.PartStat) == "DECLINED" && c.isOwner(a.Email) {
			return true
		}
	}
	return false
}

// absent reports whether ev marks an absence.
func (c *classifier) absent(ev *ical.Event) bool {
	return string(ev.BusyStatus) == "OOF" || c.marksAbsence(ev.Summary)
}

// classify applies the category table of the rules to ev, unless the
// owner declined it: then declined is true and the verdict empty. Both
// come from one pass over the attendees.
func (c *classifier) classify(ev *ical.Event) (v verdict, declined bool) {
	// The absence comes first: its memo is seldom in the processor's
	// nearest cache, and the walk over the attendees and the texts that
	// follows need not wait for it.
	v.absence = c.absent(ev)
	participants := false
	// The list is built in a local variable and stored once: each store
	// of a slice into the classifier, which lives on the heap, costs a
	// write barrier while the garbage collector runs.
	list := c.list[:0]
	if len(ev.Organizer) > 0 && !c.isOwner(ev.Organizer) && !isFacility(ev.OrganizerCUType) {
		participants = true
		list = c.clientsOf(list, ev.Organizer)
	}
	for i := range ev.Attendees {
		a := &ev.Attendees[i]
		if c.isOwner(a.Email) {
			if string(a.PartStat) == "DECLINED" {
				return verdict{}, true
			}
			continue
		}
		if len(a.Email) == 0 || isFacility(a.CUType) {
			continue
		}
		participants = true
		list = c.clientsOf(list, a.Email)
	}
	byDomain := len(list) > 0
	c.mentions.found = list
	c.mentions.scan(ev.Summary)
	c.mentions.scan(ev.Description)
	c.mentions.scan(ev.Location)
	c.mentions.scan(ev.Categories)
	list = c.mentions.found
	c.list = list
	mentioned := len(list) > 0
	switch {
	case byDomain, !participants && mentioned:
		v.cat = klaver.Client
	case participants && mentioned:
		v.cat = klaver.InternalForClient
	case participants:
		v.cat = klaver.Internal
	default:
		v.cat = klaver.OwnWork
	}
	v.clients = list
	return v, false
}

// clientsOf appends the clients of an address's domain. The same few
// domains come back in every event, so their answers are remembered.
func (c *classifier) clientsOf(dst []int, address []byte) []int {
	if c.recent == nil {
		c.recent = new([1 << recentBits]domainClients)
	}
	var r *domainClients
	if len(address) >= 8 {
		// The slot is chosen by the address's last eight bytes: the same
		// for every address of a domain that long, which most are.
		last := binary.LittleEndian.Uint64(address[len(address)-8:])
		r = &c.recent[last*0x9e3779b97f4a7c15>>(64-recentBits)]
		if r.holds(address) {
			return appendClients(dst, r.clients)
		}
	}
	at := bytes.LastIndexByte(address, '@')
	if at < 0 {
		return dst
	}
	domain := address[at+1:]
	list, ok := c.domains[string(domain)]
	if !ok {
		list = c.clients.ClientsOfAddress(nil, address)
		if c.domains == nil {
			c.domains = map[string][]int{}
		}
		if len(c.domains) < maxRememberedDomains {
			c.domains[string(domain)] = list
		}
	}
	if r != nil {
		r.set(address[at:], list)
	}
	return appendClients(dst, list)
}

// appendClients is append, without the call that appending nothing costs
// (the owner's colleagues have no clients).
func appendClients(dst, clients []int) []int {
	if len(clients) == 0 {
		return dst
	}
	return append(dst, clients...)
}

// set makes r the answer for the domain of at, '@' and the domain.
func (r *domainClients) set(at []byte, clients []int) {
	r.at, r.clients = append(r.at[:0], at...), clients
	k := min(len(at), 8)
	r.shift = uint(64 - 8*k)
	r.tail = 0
	for i, b := range at[len(at)-k:] {
		r.tail |= uint64(b) << (8 * i)
	}
}

// holds reports whether address, of eight bytes or more, ends in r's '@'
// and domain. A domain holds no '@', so the '@' it ends in is its last
// one: no need to search. Most addresses are told apart by their last
// eight bytes, read as one word.
func (r *domainClients) holds(address []byte) bool {
	n := len(address) - len(r.at)
	switch {
	case r.at == nil || n < 0:
		return false
	case binary.LittleEndian.Uint64(address[len(address)-8:])>>r.shift != r.tail:
		return false
	}
	return len(r.at) <= 8 || string(address[n:len(address)-8]) == string(r.at[:len(r.at)-8])
}

// maxRememberedDomains bounds the domain memory of one classifier.
const maxRememberedDomains = 4096

// marksAbsence reports whether a summary says the owner is away, from
// the memo when the summary came before.
func (c *classifier) marksAbsence(summary []byte) bool {
	if len(summary) == 0 {
		return false
	}
	if c.memo == nil {
		c.memo = &absenceMemo{text: make([]byte, 0, memoText)}
	}
	slot, h, ok := c.memo.lookup(summary)
	if ok {
		return slot.absent
	}
	found := false
	c.absence.find(summary, &c.scratch, func(int) { found = true })
	c.memo.store(slot, h, summary, found)
	return found
}

// isFacility reports whether a calendar user is a room or a resource,
// which are not people taking part in a meeting.
func isFacility(cutype []byte) bool {
	// Compared in place: a string variable would copy the bytes.
	return string(cutype) == "ROOM" || string(cutype) == "RESOURCE"
}

// absenceMemo remembers, per summary text, whether the absence words
// mark it. Calendars repeat their summaries: in a year of one person's
// meetings six events in seven have a summary seen before, and in a
// team's calendars, read one after another by a worker (see buffers),
// nearly all do. Finding one here costs a hash and a comparison, a tenth
// of running the absence-word matcher over it again.
//
// The table is direct-mapped: a summary whose slot another one took is
// matched again and then takes the slot back. The summaries themselves
// are kept one after another in text, up to maxMemoText bytes; when that
// is full the memo starts over empty. The bytes are compared in full
// before an answer is used, so a hash that collides costs a match, never
// a wrong answer.
type absenceMemo struct {
	slots [1 << memoBits]memoSlot
	text  []byte
}

// memoSlot is one remembered summary: its bytes are text[at:at+size].
// Its six bytes let a person's table fit in few memory lines, which the
// calendar reader, streaming its input, does not all push out of the
// processor's caches between one event and the next.
type memoSlot struct {
	tag    uint16 // the hash's low bits (its high bits give the index)
	at     uint16
	size   uint8 // zero for an empty slot
	absent bool
}

const (
	memoBits = 9
	// maxMemoSummary keeps a few long summaries from filling the text;
	// it fits memoSlot.size.
	maxMemoSummary = 255
	// maxMemoText fits memoSlot.at.
	maxMemoText = 32 << 10
	// memoText is the room for text made at first: what the summaries of
	// a year of one person's meetings mostly take.
	memoText = 4 << 10
)

// lookup returns the slot of summary, which is not empty, with its hash,
// and whether the slot holds the answer for summary.
func (m *absenceMemo) lookup(summary []byte) (*memoSlot, uint64, bool) {
	h := summaryHash(summary)
	slot := &m.slots[h>>(64-memoBits)]
	if slot.tag != uint16(h) || int(slot.size) != len(summary) {
		return slot, h, false
	}
	at := int(slot.at)
	return slot, h, string(m.text[at:at+int(slot.size)]) == string(summary)
}

// store puts the answer for summary into slot, which lookup returned with
// hash h.
func (m *absenceMemo) store(slot *memoSlot, h uint64, summary []byte, absent bool) {
	if len(summary) > maxMemoSummary {
		return
	}
	if len(m.text)+len(summary) > maxMemoText {
		m.slots = [1 << memoBits]memoSlot{}
		m.text = m.text[:0]
	}
	*slot = memoSlot{tag: uint16(h), at: uint16(len(m.text)), size: uint8(len(summary)), absent: absent}
	m.text = append(m.text, summary...)
}

// summaryHash hashes a summary from its length and its first and last
// eight bytes (a shorter one from all of its bytes): summaries that
// differ only in between share a slot, which costs a miss now and then
// but no wrong answer.
func summaryHash(s []byte) uint64 {
	n := len(s)
	var first, last uint64
	if n >= 8 {
		first = binary.LittleEndian.Uint64(s)
		last = binary.LittleEndian.Uint64(s[n-8:])
	} else {
		for i, c := range s {
			first |= uint64(c) << (8 * i)
		}
	}
	h := (first*0x9e3779b97f4a7c15 ^ last ^ uint64(n)) * 0xbf58476d1ce4e5b9
	return h ^ h>>31
}
