package ical

import "bytes"

// dateParams is the parameter list of a date line (DTSTART, DTEND,
// RECURRENCE-ID, RDATE, EXDATE) with what the Reader made of it.
//
// A calendar writes the same list on nearly every date line
// (";TZID=Europe/Amsterdam:"), so the Reader keeps the last ones it read,
// as written, and a line that starts with one of them is not split again:
// what scanProperty makes of a line depends only on its bytes up to the
// ':' that ends the parameters (see keepable). The TZID is handed out
// from the kept copy, so an event needs no copy of its own.
type dateParams struct {
	// written is the list and the ':' after it, as written: the
	// Reader's copy. It is empty for a list that is not kept.
	written  []byte
	wantDate bool // VALUE=DATE
	// thisAndFuture is RANGE=THISANDFUTURE, for RECURRENCE-ID.
	thisAndFuture bool
	// tzid is the TZID, unquoted: a slice of written when the list is
	// kept, else of the line, which zoneOf copies.
	tzid []byte
	// heldBy is the line of the BEGIN of the event that was last handed
	// tzid; while that event is read, written must not change.
	heldBy int
}

// dateCache holds the parameter lists of the last date lines.
type dateCache struct {
	kept [2]dateParams // two, for calendars whose DTSTART and DTEND differ
	// last is the index of the list used last, which is looked at first.
	last int
	// once holds a list that is not kept.
	once dateParams
	// none stands for the lack of parameters; it is never changed.
	none dateParams
}

// maxKeptParams is the longest parameter list kept: real ones are short.
const maxKeptParams = 256

// dateParamsOf splits rest, the part of a date line after its name, into
// its parameters and its value. ok is false when no ':' introduces a
// value.
func (r *Reader) dateParamsOf(rest []byte) (dp *dateParams, value []byte, ok bool) {
	if len(rest) > 0 && rest[0] == ':' {
		return &r.dates.none, rest[1:], true
	}
	c := &r.dates
	// The list used last first: it is the one nearly always.
	if d := &c.kept[c.last]; startsWith(rest, d.written) {
		return d, rest[len(d.written):], true
	}
	if d := &c.kept[1-c.last]; startsWith(rest, d.written) {
		c.last = 1 - c.last
		return d, rest[len(d.written):], true
	}
	return r.newDateParams(rest)
}

// startsWith reports whether b starts with the non-empty prefix.
func startsWith(b, prefix []byte) bool {
	return len(prefix) > 0 && len(b) >= len(prefix) && bytes.Equal(b[:len(prefix)], prefix)
}

// newDateParams is dateParamsOf for a parameter list not kept: it splits
// the line and keeps the list when it can.
func (r *Reader) newDateParams(rest []byte) (*dateParams, []byte, bool) {
	var sp paramSpans
	value, ok := scanProperty(rest, true, &sp)
	if !ok {
		return nil, nil, false
	}
	written := rest[:len(rest)-len(value)]
	c := &r.dates
	d := &c.once
	if keepable(written) {
		// Replace the list not used last, or the one used last when the
		// other is held; when both are held by this event, keep neither.
		line := r.ev.Line
		if i := 1 - c.last; c.kept[i].heldBy != line {
			d, c.last = &c.kept[i], i
		} else if c.kept[c.last].heldBy != line {
			d = &c.kept[c.last]
		}
	}
	d.written = d.written[:0]
	if d != &c.once {
		d.written = append(d.written, written...)
		written = d.written
	}
	d.heldBy = 0
	d.wantDate = equalFold(sp.of(written, paramValue), "DATE")
	d.thisAndFuture = equalFold(trimSpace(sp.of(written, paramRange)), "THISANDFUTURE")
	d.tzid = sp.of(written, paramTZID)
	if d.tzid != nil {
		d.tzid = d.tzid[:len(d.tzid):len(d.tzid)]
	}
	return d, value, true
}

// keepable reports whether a parameter list, up to and including the ':'
// before the value, may be kept: whether every line that starts with it
// is split at that ':' with the same parameters. scanProperty splits a
// line at the first ':' outside quotes, and finds the parameters before
// it, from the bytes up to it alone. That ':' is outside quotes when the
// quotes before it are even in number; with an odd number the line was
// one whose value Outlook wrote inside the quotes of the last parameter,
// which depends on the rest of the line, and the list is not kept.
func keepable(written []byte) bool {
	return len(written) <= maxKeptParams && bytes.Count(written, []byte{'"'})%2 == 0
}

// zoneOf returns the TZID of dp as the Event hands it out. A kept copy is
// shared, but still counts against the event's size as a copy of its own
// would, so that the limit does not depend on it. ok is false when the
// event would exceed maxEventBytes.
func (r *Reader) zoneOf(dp *dateParams) (tzid []byte, ok bool) {
	if len(dp.tzid) == 0 {
		return nil, true
	}
	if len(dp.written) == 0 {
		return r.tzidOf(dp.tzid)
	}
	dp.heldBy = r.ev.Line
	return dp.tzid, r.arena.count(len(dp.tzid))
}
