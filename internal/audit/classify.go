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
	// lastDomain and lastClients are the latest answer of clientsOf:
	// most participants of an event share a domain.
	lastDomain  []byte
	lastClients []int
}

func newClassifier(owner string, reg *Registry, absence *matcher) *classifier {
	return &classifier{
		owner:    owner,
		clients:  reg,
		mentions: mentionScanner{reg: reg},
		absence:  absence,
	}
}

// verdict is what the rules make of one event.
type verdict struct {
	declined bool
	absence  bool
	cat      klaver.Category
	clients  []int // valid until the next call of classify
}

// classify applies the category table of the rules to ev.
func (c *classifier) classify(ev *ical.Event) verdict {
	var v verdict
	participants := false
	c.list = c.list[:0]
	if len(ev.Organizer) > 0 && string(ev.Organizer) != c.owner && !isFacility(ev.OrganizerCUType) {
		participants = true
		c.list = c.clientsOf(c.list, ev.Organizer)
	}
	for i := range ev.Attendees {
		a := &ev.Attendees[i]
		if string(a.Email) == c.owner {
			if string(a.PartStat) == "DECLINED" {
				v.declined = true
			}
			continue
		}
		if isFacility(a.CUType) || len(a.Email) == 0 {
			continue
		}
		participants = true
		c.list = c.clientsOf(c.list, a.Email)
	}
	byDomain := len(c.list) > 0
	c.mentions.found = c.list
	c.mentions.scan(ev.Summary)
	c.mentions.scan(ev.Description)
	c.mentions.scan(ev.Location)
	c.mentions.scan(ev.Categories)
	c.list = c.mentions.found
	mentioned := len(c.list) > 0
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
	v.clients = c.list
	v.absence = string(ev.BusyStatus) == "OOF" || c.marksAbsence(ev.Summary)
	return v
}

// clientsOf appends the clients of an address's domain. The same few
// domains come back in every event, so their answers are remembered.
func (c *classifier) clientsOf(dst []int, address []byte) []int {
	at := bytes.LastIndexByte(address, '@')
	if at < 0 {
		return dst
	}
	domain := address[at+1:]
	if c.lastDomain != nil && bytes.Equal(domain, c.lastDomain) {
		return append(dst, c.lastClients...)
	}
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
	c.lastDomain, c.lastClients = append(c.lastDomain[:0], domain...), list
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
	s := string(cutype)
	return s == "ROOM" || s == "RESOURCE"
}
