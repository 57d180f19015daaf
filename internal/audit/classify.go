package audit

import (
	"bytes"

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
	owner    string
	clients  *Registry
	mentions mentionScanner
	absence  *matcher
	scratch  []byte
	list     []int
	domains  map[string][]int // clients by participant domain, as seen so far
	// recent holds the latest answers of clientsOf, replaced in turn: an
	// event's participants come from a few domains (the owner's and a
	// client's), so nearly every address finds its domain here without a
	// map look-up.
	recent     [4]domainClients
	nextRecent int
}

// domainClients is the answer of clientsOf for one domain.
type domainClients struct {
	domain  []byte // nil while the slot is unused
	clients []int
}

// newClassifier returns a classifier for owner's events; lines, when not
// nil, is the line cache of the worker that reads them.
func newClassifier(owner string, reg *Registry, absence *matcher, lines *lineCache) *classifier {
	return &classifier{
		owner:    owner,
		clients:  reg,
		mentions: mentionScanner{reg: reg, lines: lines},
		absence:  absence,
	}
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
		if string(a.PartStat) == "DECLINED" && string(a.Email) == c.owner {
			return true
		}
	}
	return false
}

// absent reports whether ev marks an absence.
func (c *classifier) absent(ev *ical.Event) bool {
	return string(ev.BusyStatus) == "OOF" || c.marksAbsence(ev.Summary)
}

// classify applies the category table of the rules to ev.
func (c *classifier) classify(ev *ical.Event) verdict {
	var v verdict
	participants := false
	// The list is built in a local variable and stored once: each store
	// of a slice into the classifier, which lives on the heap, costs a
	// write barrier while the garbage collector runs.
	list := c.list[:0]
	if len(ev.Organizer) > 0 && string(ev.Organizer) != c.owner && !isFacility(ev.OrganizerCUType) {
		participants = true
		list = c.clientsOf(list, ev.Organizer)
	}
	for i := range ev.Attendees {
		a := &ev.Attendees[i]
		if len(a.Email) == 0 || string(a.Email) == c.owner || isFacility(a.CUType) {
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
	v.absence = c.absent(ev)
	return v
}

// clientsOf appends the clients of an address's domain. The same few
// domains come back in every event, so their answers are remembered.
func (c *classifier) clientsOf(dst []int, address []byte) []int {
	for i := range c.recent {
		// A remembered domain holds no '@', so an address that ends in '@'
		// and that domain has it after its last '@': no need to search.
		r := &c.recent[i]
		if n := len(address) - len(r.domain) - 1; r.domain != nil && n >= 0 &&
			address[n] == '@' && bytes.Equal(address[n+1:], r.domain) {
			return append(dst, r.clients...)
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
	r := &c.recent[c.nextRecent]
	r.domain, r.clients = append(r.domain[:0], domain...), list
	c.nextRecent = (c.nextRecent + 1) % len(c.recent)
	return append(dst, list...)
}

// maxRememberedDomains bounds the domain memory of one classifier.
const maxRememberedDomains = 4096

// marksAbsence reports whether a summary says the owner is away.
func (c *classifier) marksAbsence(summary []byte) bool {
	found := false
	c.absence.find(summary, &c.scratch, func(int) { found = true })
	return found
}

// isFacility reports whether a calendar user is a room or a resource,
// which are not people taking part in a meeting.
func isFacility(cutype []byte) bool {
	// Compared in place: a string variable would copy the bytes.
	return string(cutype) == "ROOM" || string(cutype) == "RESOURCE"
}
