package gen

import (
	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/civil"
)

// Kind is what an event was generated to be. It is the answer the audit
// should give for it, which lets tests and benchmarks check the reader
// against the generator.
type Kind uint8

// The kinds of event.
const (
	// KindClient has participants from a client's domain.
	KindClient Kind = iota
	// KindClientWork has no participants and mentions a client: time set
	// aside for client work.
	KindClientWork
	// KindInternalForClient has only internal or non-client participants
	// and mentions a client.
	KindInternalForClient
	// KindInternal has participants, none from a client, and mentions none.
	KindInternal
	// KindOwnWork has no participants and mentions no client.
	KindOwnWork
	// KindAbsence marks time off: all day or timed.
	KindAbsence
	// KindAllDay is an all-day event that is not an absence; the audit
	// ignores it.
	KindAllDay
)

// Category returns the audit category of the kind, and false for kinds
// that are not blocks of working time.
func (k Kind) Category() (klaver.Category, bool) {
	switch k {
	case KindClient, KindClientWork:
		return klaver.Client, true
	case KindInternalForClient:
		return klaver.InternalForClient, true
	case KindInternal:
		return klaver.Internal, true
	case KindOwnWork:
		return klaver.OwnWork, true
	}
	return 0, false
}

// Participation statuses (RFC 5545 PARTSTAT).
const (
	partAccepted  = "ACCEPTED"
	partDeclined  = "DECLINED"
	partTentative = "TENTATIVE"
	partNeeds     = "NEEDS-ACTION"
)

// Attendee is someone invited to an event.
type Attendee struct {
	Name     string
	Email    string
	PartStat string
	// Room is a meeting room booked as an attendee (CUTYPE=ROOM or
	// RESOURCE); it is not a participant.
	Room bool
}

// Recurrence is a weekly series on the weekday of the event's start.
type Recurrence struct {
	Interval int // weeks between occurrences, at least 1
	Count    int // number of occurrences, or 0 when Until is set
	// Until is the start of the last occurrence, Amsterdam wall time.
	Until civil.DateTime
	// ExDates are the starts of the occurrences left out.
	ExDates []civil.DateTime
}

// Event is one VEVENT: a meeting, a block of own time, an absence, or an
// override of one occurrence of a series. The same *Event is written to
// the calendar of every team member who takes part in it.
type Event struct {
	UID         string
	Summary     string
	Description string
	Location    string
	// Start and End are Amsterdam wall times. All-day events run from
	// Start.Date up to End.Date, exclusive.
	Start, End civil.DateTime
	AllDay     bool
	// Organizer is the zero Attendee for an event someone made for
	// themselves.
	Organizer Attendee
	// Attendees include the organiser when the event has attendees.
	Attendees []Attendee
	Rule      *Recurrence
	// RecurrenceID is the original start of the occurrence an override
	// replaces; the zero value for other events.
	RecurrenceID civil.DateTime
	Sequence     int
	Cancelled    bool
	Transparent  bool
	OutOfOffice  bool
	Kind         Kind
	// Created is when the event was made, Amsterdam wall time.
	Created civil.DateTime
	// Origin is the organiser's calendar system, which decides the shape
	// of the UID and the join links in the description.
	Origin Style
}

// IsOverride reports whether e replaces one occurrence of a series.
func (e *Event) IsOverride() bool { return !e.RecurrenceID.Date.IsZero() }

// PartStat returns the participation status of email in e, and "" when
// email is not invited.
func (e *Event) PartStat(email string) string {
	for _, a := range e.Attendees {
		if a.Email == email {
			return a.PartStat
		}
	}
	return ""
}

// String names the kind.
func (k Kind) String() string {
	switch k {
	case KindClient:
		return "client"
	case KindClientWork:
		return "client-work"
	case KindInternalForClient:
		return "internal-for-client"
	case KindInternal:
		return "internal"
	case KindOwnWork:
		return "own-work"
	case KindAbsence:
		return "absence"
	case KindAllDay:
		return "all-day"
	}
	return "unknown"
}
