package ical

import (
	"bytes"
	"strconv"

	"github.com/klaver/klaver/internal/civil"
)

// DateTime is a DATE or DATE-TIME value as written. The Reader does not
// resolve time zones: the audit turns TZID, UTC and floating values into
// instants with the zone rules it trusts.
type DateTime struct {
	civil.DateTime        // wall-clock value (time 00:00:00 for a DATE)
	DateOnly       bool   // VALUE=DATE or an 8-digit value
	UTC            bool   // written with a trailing Z
	TZID           []byte // TZID parameter, unquoted, as written ("" for floating or UTC)
}

// Period is the end of the RDATE value at Index in RDates: an explicit end
// (HasEnd), or a length in seconds.
type Period struct {
	Index    int
	End      DateTime
	HasEnd   bool
	Duration int64
}

// Attendee is an ATTENDEE line, reduced to what decides who took part.
type Attendee struct {
	Email    []byte // lower-cased, "mailto:" stripped (any case), surrounding spaces trimmed
	PartStat []byte // upper-cased PARTSTAT, empty when absent
	CUType   []byte // upper-cased CUTYPE, empty when absent
}

// Event is one VEVENT. To keep allocation near zero the Reader reuses the
// Event and every byte slice in it: all of it is valid only until the next
// call to Next. Upper-cased keywords (ACCEPTED, ROOM, CONFIRMED...) are
// shared by all events, so do not change the bytes of any slice.
type Event struct {
	Line        int    // line of BEGIN:VEVENT
	UID         []byte // as written
	Summary     []byte // TEXT values are unescaped (\n \N → newline, \, \; \\)
	Description []byte
	Location    []byte
	Categories  []byte // all CATEGORIES lines' values, unescaped, joined with ","

	Start       DateTime
	HasStart    bool
	End         DateTime
	HasEnd      bool
	Duration    int64 // DURATION in seconds
	HasDuration bool
	EndLine     int // line of DTEND or DURATION, for messages about the end

	RRules   []RuleLine // raw RRULE values: RFC 2445 allowed several
	Sequence int        // SEQUENCE: of two versions of one event, the higher is newer
	RDates   []DateTime
	// RDatePeriods are the ends of the RDATE values written as periods
	// (VALUE=PERIOD, RFC 5545 §3.3.9), which last their own time.
	RDatePeriods []Period
	ExDates      []DateTime // all EXDATE lines and comma lists, dates and date-times mixed

	RecurrenceID    DateTime
	HasRecurrenceID bool
	ThisAndFuture   bool // RANGE=THISANDFUTURE

	Status     []byte // upper-cased
	Transp     []byte // upper-cased
	Class      []byte // upper-cased
	BusyStatus []byte // upper-cased X-MICROSOFT-CDO-BUSYSTATUS

	Organizer       []byte // as Attendee.Email
	OrganizerCUType []byte // upper-cased
	Attendees       []Attendee
}

// Limits on one event, so that a hostile file cannot make the Reader hold
// more than a bounded amount of memory.
const (
	maxEventBytes   = 64 << 20 // text kept for one event
	maxEventEntries = 100_000  // attendees, RDATEs and EXDATEs of one event
	maxNesting      = 16       // components nested inside one event
)

// singleProps are the properties of which an event has one; when a file
// repeats one, the first counts.
const singleProps propSet = 1<<propUID | 1<<propSummary | 1<<propDescription |
	1<<propLocation | 1<<propSequence | 1<<propStatus | 1<<propTransp | 1<<propClass |
	1<<propBusyStatus | 1<<propOrganizer

// eventState is what the Reader remembers while it reads one event.
type eventState struct {
	seen propSet // properties of which the first one was kept
	cats []byte  // CATEGORIES so far
	// tzid is the arena's copy of the TZID last given in this event.
	// DTSTART, DTEND and EXDATE mostly name the same zone, and all of
	// them share this copy.
	tzid []byte
}

// resetEvent prepares the reused Event for the event that begins at line.
func (r *Reader) resetEvent(line int) *Event {
	ev := &r.ev
	// Clearing the Event in place and then setting the lists costs less
	// than building the new Event aside and copying it over.
	attendees, rrules, rdates, exdates, periods := ev.Attendees[:0], ev.RRules[:0], ev.RDates[:0], ev.ExDates[:0], ev.RDatePeriods[:0]
	*ev = Event{}
	ev.Line = line
	ev.Attendees, ev.RRules, ev.RDates, ev.ExDates, ev.RDatePeriods = attendees, rrules, rdates, exdates, periods
	r.arena.reset()
	if r.users.full {
		r.users.startOver()
	}
	r.nest.reset()
	r.state.seen = 0
	r.state.cats = r.state.cats[:0]
	r.state.tzid = nil
	return ev
}

// readEvent reads the event whose BEGIN:VEVENT was on line begin. On a
// problem it skips the rest of the event and returns the problem.
func (r *Reader) readEvent(begin int) (*Event, *ParseError) {
	ev := r.resetEvent(begin)
	for {
		want := eventProps
		if r.nest.depth() > 0 {
			want = structureProps
		}
		ln := r.lines.readLine(want)
		if ln == nil {
			return nil, r.problem(begin, propOther, "VEVENT not closed before the end of the file")
		}
		// Most lines are sound properties: they go straight to where
		// they are stored, without the calls through eventLine and
		// eventProperty.
		if ln.flaw == flawNone && ln.prop > propEnd {
			var perr *ParseError
			switch {
			case ln.prop == propAttendee || ln.prop == propOrganizer:
				perr = r.userProperty(ev, ln)
			case dateProps.has(ln.prop):
				perr = r.dateProperty(ev, ln)
			default:
				perr = r.eventProperty(ev, ln)
			}
			if perr != nil {
				r.skipComponent([]byte("VEVENT"))
				return nil, perr
			}
			continue
		}
		done, perr := r.eventLine(ev, ln)
		if perr != nil {
			return nil, perr
		}
		if done {
			return r.finishEvent(ev)
		}
	}
}

// eventLine handles one line of an event. done is true after the event's
// END. A returned problem has already been recovered from.
func (r *Reader) eventLine(ev *Event, ln *logicalLine) (done bool, perr *ParseError) {
	switch {
	case ln.flaw == flawNoColon:
		perr = r.problem(ln.num, propOther, "line has no ':' "+quote(ln.name))
	case ln.flaw == flawTooLong:
		perr = r.problem(ln.num, propOther, "line longer than the limit of "+sizeString(r.lines.maxLine))
	case ln.prop == propBegin || ln.prop == propEnd:
		return r.eventStructure(ln)
	default:
		perr = r.eventProperty(ev, ln)
	}
	if perr != nil {
		r.skipComponent([]byte("VEVENT"))
	}
	return false, perr
}

// eventStructure handles a BEGIN or END inside an event: nested components
// such as VALARM are skipped, and a mismatch ends the event with an error.
func (r *Reader) eventStructure(ln *logicalLine) (done bool, perr *ParseError) {
	if ln.prop == propEnd && r.nest.depth() == 0 && string(ln.rest) == ":VEVENT" {
		return true, nil // as nearly every event ends
	}
	value, ok := valueOf(ln.rest)
	if !ok {
		perr = r.problem(ln.num, ln.prop, "no ':' before the component name")
		r.skipComponent([]byte("VEVENT"))
		return false, perr
	}
	name := trimSpace(value)
	comp := lookupComponent(name)
	if perr := r.interrupted(ln, comp, name); perr != nil {
		return false, perr
	}
	switch {
	case ln.prop == propBegin && r.nest.depth() >= maxNesting:
		perr = r.problem(ln.num, ln.prop, "components nested too deeply")
	case ln.prop == propBegin:
		r.nest.push(name)
		return false, nil
	case r.nest.depth() == 0 && comp == compEvent:
		return true, nil
	case r.nest.depth() == 0:
		perr = r.problem(ln.num, ln.prop, quote(name)+" without BEGIN")
	case equalFold(name, r.nest.top()):
		r.nest.pop()
		return false, nil
	case comp == compEvent:
		// END:VEVENT with a nested component still open ends the event.
		return false, r.problem(ln.num, ln.prop, "VEVENT ends before END:"+string(r.nest.top()))
	default:
		perr = r.problem(ln.num, ln.prop, quote(name)+" does not match BEGIN:"+string(r.nest.top()))
	}
	r.skipComponent([]byte("VEVENT"))
	return false, perr
}

// interrupted reports a BEGIN or END inside an event that can only mean
// the event was never closed: the component it names is handled next.
func (r *Reader) interrupted(ln *logicalLine, comp component, name []byte) *ParseError {
	if comp == compCalendar || (ln.prop == propBegin && (comp == compEvent || comp == compTimezone)) {
		if ln.prop == propBegin && comp != compCalendar {
			r.pending, r.pendingLine = comp, ln.num
		}
		return r.problem(r.ev.Line, propOther, "VEVENT not closed before "+string(ln.name)+":"+string(name)+
			" on line "+strconv.Itoa(ln.num))
	}
	return nil
}

// finishEvent checks the complete event and hands it out.
func (r *Reader) finishEvent(ev *Event) (*Event, *ParseError) {
	if !ev.HasStart {
		return nil, r.problem(ev.Line, propOther, "DTSTART missing")
	}
	if r.state.seen.has(propCategories) {
		ev.Categories = r.state.cats[:len(r.state.cats):len(r.state.cats)]
	}
	return ev, nil
}

// dateProps are the event properties whose values are dates; of the
// others the Reader uses no parameters, only the value.
const dateProps propSet = 1<<propDTStart | 1<<propDTEnd | 1<<propRecurrenceID |
	1<<propRDate | 1<<propExDate

// eventProperty stores one property of the event.
func (r *Reader) eventProperty(ev *Event, ln *logicalLine) *ParseError {
	if ln.prop == propAttendee || ln.prop == propOrganizer {
		return r.userProperty(ev, ln)
	}
	if dateProps.has(ln.prop) {
		return r.dateProperty(ev, ln)
	}
	// Most values follow the name at once; valueOf is for the others.
	value, ok := ln.rest, true
	if len(value) > 0 && value[0] == ':' {
		value = value[1:]
	} else if value, ok = valueOf(ln.rest); !ok {
		return r.problem(ln.num, ln.prop, "no ':' before the value")
	}
	first := !r.state.seen.has(ln.prop)
	r.state.seen.add(ln.prop)
	if !first && singleProps.has(ln.prop) {
		return nil // the first one counts
	}
	ok = true
	switch ln.prop {
	case propUID:
		ev.UID, ok = r.arena.copyOf(value)
	case propSummary:
		ev.Summary, ok = r.arena.text(value)
	case propDescription:
		ev.Description, ok = r.arena.text(value)
	case propLocation:
		ev.Location, ok = r.arena.text(value)
	case propCategories:
		ok = r.addCategories(value, first)
	case propRRule:
		var v []byte
		if v, ok = r.arena.copyOf(value); ok {
			ev.RRules = append(ev.RRules, RuleLine{Value: v, Line: ln.num})
		}
	case propSequence:
		ev.Sequence = parseSequence(value)
	case propStatus:
		ev.Status, ok = r.arena.upper(value)
	case propTransp:
		ev.Transp, ok = r.arena.upper(value)
	case propClass:
		ev.Class, ok = r.arena.upper(value)
	case propBusyStatus:
		ev.BusyStatus, ok = r.arena.upper(value)
	case propDuration:
		return r.eventDuration(ev, ln, value, first)
	}
	if !ok {
		return r.tooLarge(ln)
	}
	return nil
}

// addCategories appends a CATEGORIES value to those seen before.
func (r *Reader) addCategories(value []byte, first bool) bool {
	if !r.arena.count(len(value) + 1) {
		return false
	}
	if !first {
		r.state.cats = append(r.state.cats, ',')
	}
	r.state.cats = appendText(r.state.cats, value)
	return true
}

// eventDuration stores DURATION.
func (r *Reader) eventDuration(ev *Event, ln *logicalLine, value []byte, first bool) *ParseError {
	if !first {
		return r.problem(ln.num, ln.prop, "given more than once")
	}
	d, ok := parseDuration(trimSpace(value))
	if !ok {
		return r.problem(ln.num, ln.prop, "invalid duration "+quote(value))
	}
	ev.Duration, ev.HasDuration, ev.EndLine = d, true, ln.num
	return nil
}

// dateProperty stores the properties whose values are dates.
func (r *Reader) dateProperty(ev *Event, ln *logicalLine) *ParseError {
	dp, value, ok := r.dateParamsOf(ln.rest)
	if !ok {
		return r.problem(ln.num, ln.prop, "no ':' before the value")
	}
	first := !r.state.seen.has(ln.prop)
	r.state.seen.add(ln.prop)
	var perr *ParseError
	switch ln.prop {
	case propRDate:
		ev.RDates, perr = r.dateList(ev.RDates, &ev.RDatePeriods, ln, value, dp)
	case propExDate:
		ev.ExDates, perr = r.dateList(ev.ExDates, nil, ln, value, dp)
	default:
		if !first {
			return r.problem(ln.num, ln.prop, "given more than once")
		}
		perr = r.eventTime(ev, ln, value, dp)
	}
	return perr
}

// eventTime stores DTSTART, DTEND or RECURRENCE-ID.
func (r *Reader) eventTime(ev *Event, ln *logicalLine, value []byte, dp *dateParams) *ParseError {
	dt := &ev.Start
	switch ln.prop {
	case propDTEnd:
		dt = &ev.End
	case propRecurrenceID:
		dt = &ev.RecurrenceID
	}
	if msg := readDateTime(dt, trimSpace(value), dp.wantDate); msg != "" {
		return r.problem(ln.num, ln.prop, msg)
	}
	var ok bool
	if dt.TZID, ok = r.zoneOf(dp); !ok {
		return r.tooLarge(ln)
	}
	switch ln.prop {
	case propDTStart:
		ev.HasStart = true
	case propDTEnd:
		ev.HasEnd, ev.EndLine = true, ln.num
	case propRecurrenceID:
		ev.HasRecurrenceID, ev.ThisAndFuture = true, dp.thisAndFuture
	}
	return nil
}

// tzidOf returns the event's copy of a TZID parameter that is not kept
// with its parameter list (see dateParams): the one made for the same
// TZID before, or a new one. A shared copy still counts against the
// event's size as a copy of its own would, so that the limit does not
// depend on it. ok is false when the event would exceed maxEventBytes.
func (r *Reader) tzidOf(tzid []byte) (copied []byte, ok bool) {
	if bytes.Equal(tzid, r.state.tzid) {
		return r.state.tzid, r.arena.count(len(tzid))
	}
	if copied, ok = r.arena.copyOf(tzid); ok {
		r.state.tzid = copied
	}
	return copied, ok
}

// dateList appends the dates of an RDATE or EXDATE line, a comma list that
// may hold periods (start/end or start/duration). Of a period the start is
// the date; its end goes to periods, when that is not nil (RDATE).
func (r *Reader) dateList(list []DateTime, periods *[]Period, ln *logicalLine, value []byte, dp *dateParams) ([]DateTime, *ParseError) {
	var tzid []byte
	zoned := false
	for len(value) > 0 {
		item := value
		if i := bytes.IndexByte(value, ','); i >= 0 {
			item, value = value[:i], value[i+1:]
		} else {
			value = nil
		}
		var end []byte
		if i := bytes.IndexByte(item, '/'); i >= 0 {
			item, end = item[:i], trimSpace(item[i+1:])
		}
		item = trimSpace(item)
		if len(item) == 0 {
			continue
		}
		if r.entries() >= maxEventEntries {
			return list, r.problem(ln.num, ln.prop, "more than "+strconv.Itoa(maxEventEntries)+" dates and attendees")
		}
		var d DateTime
		if msg := readDateTime(&d, item, dp.wantDate); msg != "" {
			return list, r.problem(ln.num, ln.prop, msg)
		}
		if !zoned {
			var ok bool
			if tzid, ok = r.zoneOf(dp); !ok {
				return list, r.tooLarge(ln)
			}
			zoned = true
		}
		d.TZID = tzid
		list = append(list, d)
		if periods != nil && len(end) > 0 {
			p, msg := periodEnd(end, tzid)
			if msg != "" {
				return list, r.problem(ln.num, ln.prop, msg)
			}
			p.Index = len(list) - 1
			*periods = append(*periods, p)
		}
	}
	return list, nil
}

// periodEnd reads what follows the '/' of a period: a DURATION or a
// date-time, in the start's zone.
func periodEnd(v, tzid []byte) (Period, string) {
	if c := upperASCII(v[0]); c == 'P' || c == '+' || c == '-' {
		d, ok := parseDuration(v)
		if !ok || d <= 0 {
			return Period{}, "invalid period length " + quote(v)
		}
		return Period{Duration: d}, ""
	}
	e, msg := parseDateTime(v, false)
	if msg != "" {
		return Period{}, "period end: " + msg
	}
	end := DateTime{DateTime: e.DateTime, DateOnly: e.dateOnly, UTC: e.utc}
	if !e.utc {
		end.TZID = tzid
	}
	return Period{End: end, HasEnd: true}, ""
}

// entries counts the list entries of the current event.
func (r *Reader) entries() int {
	return len(r.ev.Attendees) + len(r.ev.RDates) + len(r.ev.ExDates)
}

// userProperty stores an ATTENDEE or ORGANIZER. Most of these lines have
// been read before and are found in the cache.
func (r *Reader) userProperty(ev *Event, ln *logicalLine) *ParseError {
	h, u := r.users.lookup(ln.rest)
	kept := u != nil
	if !kept {
		rest := ln.rest
		if ln.folded {
			rest = r.unfoldUser(rest)
		}
		written, ok := writtenUser(rest)
		if !ok {
			return r.problem(ln.num, ln.prop, "no ':' before the value")
		}
		if u = r.users.store(h, ln.rest, &written); u != nil {
			kept = true
		} else {
			u = &written
		}
	}
	if ln.prop == propAttendee {
		r.state.seen |= 1 << propAttendee
		return r.attendee(ev, ln, u, kept)
	}
	if r.state.seen.has(propOrganizer) {
		return nil // the first one counts
	}
	r.state.seen |= 1 << propOrganizer
	return r.organizer(ev, ln, u, kept)
}

// unfoldUser returns rest, a calendar user line with folds, without them:
// in a buffer of the Reader's when the cache may keep rest as written,
// else in place.
func (r *Reader) unfoldUser(rest []byte) []byte {
	if len(rest) > maxCachedLine {
		return unfoldText(rest[:0], rest) // writes behind what it reads
	}
	r.unfolded = unfoldText(r.unfolded[:0], rest)
	return r.unfolded
}

// writtenUser reads the part of an ATTENDEE or ORGANIZER line after the
// name into the address and the PARTSTAT and CUTYPE, trimmed but
// otherwise as written. ok is false when no ':' introduces a value.
func writtenUser(rest []byte) (u Attendee, ok bool) {
	var ps paramSpans
	value, ok := scanProperty(rest, true, &ps)
	if !ok {
		return Attendee{}, false
	}
	return Attendee{
		Email:    addressOf(value),
		PartStat: trimSpace(ps.of(rest, paramPartStat)),
		CUType:   trimSpace(ps.of(rest, paramCUType)),
	}, true
}

// organizer stores the ORGANIZER from u, as the Event hands it out when
// kept (from the cache) and as written otherwise. The copies of a kept u
// count against the event's size as copies of its own would, so that the
// limit does not depend on the cache.
func (r *Reader) organizer(ev *Event, ln *logicalLine, u *Attendee, kept bool) *ParseError {
	org, ok := Attendee{Email: u.Email, CUType: u.CUType}, true
	if kept {
		ok = r.arena.count(attendeeSize(&org))
	} else {
		org, ok = r.arena.attendee(&org)
	}
	if !ok {
		return r.tooLarge(ln)
	}
	ev.Organizer, ev.OrganizerCUType = org.Email, org.CUType
	return nil
}

// attendee appends an ATTENDEE from u; see organizer. Nearly every
// attendee is kept, so that case takes no call.
func (r *Reader) attendee(ev *Event, ln *logicalLine, u *Attendee, kept bool) *ParseError {
	if r.entries() >= maxEventEntries {
		return r.problem(ln.num, ln.prop, "more than "+strconv.Itoa(maxEventEntries)+" dates and attendees")
	}
	if !kept {
		at, ok := r.arena.attendee(u)
		if !ok {
			return r.tooLarge(ln)
		}
		u = &at
	} else if !r.arena.count(attendeeSize(u)) {
		return r.tooLarge(ln)
	}
	// Appending *u copies the Attendee once, straight from the cache.
	ev.Attendees = append(ev.Attendees, *u)
	return nil
}

// tooLarge reports an event that exceeds maxEventBytes at line ln.
func (r *Reader) tooLarge(ln *logicalLine) *ParseError {
	return r.problem(ln.num, ln.prop, "event larger than the limit of "+sizeString(maxEventBytes))
}

// nesting tracks the components open inside an event by upper-case name,
// so that each END can be matched with its BEGIN.
type nesting struct {
	names []byte
	ends  []int
}

func (n *nesting) reset()     { n.names, n.ends = n.names[:0], n.ends[:0] }
func (n *nesting) depth() int { return len(n.ends) }

func (n *nesting) push(name []byte) {
	for _, c := range name {
		n.names = append(n.names, upperASCII(c))
	}
	n.ends = append(n.ends, len(n.names))
}

// top returns the name of the innermost open component.
func (n *nesting) top() []byte {
	start := 0
	if len(n.ends) > 1 {
		start = n.ends[len(n.ends)-2]
	}
	return n.names[start:n.ends[len(n.ends)-1]]
}

func (n *nesting) pop() {
	n.ends = n.ends[:len(n.ends)-1]
	end := 0
	if len(n.ends) > 0 {
		end = n.ends[len(n.ends)-1]
	}
	n.names = n.names[:end]
}

// RuleLine is an RRULE value and the line it is on, for error messages.
type RuleLine struct {
	Value []byte
	Line  int
}

// parseSequence reads a SEQUENCE; a value that is not a small
// non-negative number counts as 0, the default.
func parseSequence(v []byte) int {
	v = trimSpace(v)
	if len(v) == 0 || len(v) > 9 {
		return 0
	}
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}
