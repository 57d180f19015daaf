// Package ical reads RFC 5545 calendars as a stream of events.
//
// Calendar exports run to hundreds of megabytes, so the Reader holds one
// event at a time in a fixed-size buffer and reuses it: reading allocates
// almost nothing per event. It keeps only what the audit uses; every other
// property is skipped without being parsed. It reports wall-clock values and
// TZIDs as written and leaves time zones and recurrence to the audit.
//
// A malformed event is reported as a *ParseError and skipped; the events
// around it are still read.
package ical

import (
	"bytes"
	"io"
	"strconv"

	"github.com/klaver/klaver/internal/tz"
)

// Reader reads the events of one calendar file, one at a time.
type Reader struct {
	name  string
	lines lines

	ev    Event
	arena arena
	state eventState
	nest  nesting
	// dates holds the parameter lists of the last date lines, which
	// outlive the event as the next events repeat them.
	dates dateCache

	// pending is a VEVENT or VTIMEZONE whose BEGIN was read while skipping
	// a broken component; compOther when there is none.
	pending     component
	pendingLine int
	skipName    []byte

	calName     string
	calTimezone string
	zones       map[string][]tz.Observance
	// unfolded holds a short calendar user line without its folds,
	// when it is not in users.
	unfolded []byte
	// users outlives the file, as the next file of the same worker
	// names many of the same people.
	users userCache
	// components is set once a VCALENDAR, VEVENT or VTIMEZONE has begun.
	components bool
}

// NewReader reads from r; name is used in errors (the file path as the user
// gave it).
func NewReader(r io.Reader, name string) *Reader {
	return newReaderSize(r, name, defaultBufSize, defaultMaxLine)
}

// Reset makes the Reader read src as a new file called name. It keeps the
// buffers it has grown, so that reading many files allocates them once;
// a line buffer grown past its usual size is let go.
func (r *Reader) Reset(src io.Reader, name string) {
	base, maxLine := r.lines.base, r.lines.maxLine
	a := r.arena
	a.reset()
	*r = Reader{name: name, zones: make(map[string][]tz.Observance), arena: a, users: r.users, unfolded: r.unfolded[:0]}
	r.lines = lines{src: src, base: base, buf: base, maxLine: maxLine, raw: rawProps}
}

// newReaderSize is NewReader with a given buffer size and line cap, so that
// tests can reach the buffer's edges with small inputs.
func newReaderSize(r io.Reader, name string, bufSize, maxLine int) *Reader {
	rd := &Reader{name: name, zones: make(map[string][]tz.Observance)}
	rd.lines.init(r, bufSize, maxLine)
	return rd
}

// Next returns the next VEVENT. At the end it returns nil, io.EOF. For a
// malformed event or time zone it returns nil and a *ParseError, and the
// next call continues after it. Any other error (I/O) is final.
func (r *Reader) Next() (*Event, error) {
	for {
		if err := r.lines.ioErr; err != nil {
			return nil, err
		}
		comp, line, ok := r.nextComponent()
		if !ok {
			return nil, r.finalError(io.EOF)
		}
		var perr *ParseError
		switch comp {
		case compEvent:
			var ev *Event
			if ev, perr = r.readEvent(line); perr == nil {
				return ev, nil
			}
		case compTimezone:
			perr = r.readTimezone(line)
		}
		if perr != nil {
			return nil, r.finalError(perr)
		}
	}
}

// finalError returns the read error, when there was one, in place of err:
// a problem caused by input cut short is not the file's fault.
func (r *Reader) finalError(err error) error {
	if r.lines.ioErr != nil {
		return r.lines.ioErr
	}
	return err
}

// CalendarName returns X-WR-CALNAME (unescaped) as seen so far, "" when
// there was none.
func (r *Reader) CalendarName() string { return r.calName }

// CalendarTimezone returns X-WR-TIMEZONE (unescaped) as seen so far, the
// zone of the calendar's floating times; "" when there was none.
func (r *Reader) CalendarTimezone() string { return r.calTimezone }

// Timezones returns the VTIMEZONE definitions seen so far, by TZID as
// written (unescaped). When a TZID is defined twice the first definition
// counts. The map is the Reader's own: do not change it.
func (r *Reader) Timezones() map[string][]tz.Observance { return r.zones }

// IsCalendar reports whether the input has begun a VCALENDAR, VEVENT or
// VTIMEZONE so far: at the end, false means it is no calendar at all.
func (r *Reader) IsCalendar() bool { return r.components }

// Line returns the number of lines read so far.
func (r *Reader) Line() int { return r.lines.line }

// BytesRead returns the number of bytes read so far, for progress bars.
func (r *Reader) BytesRead() int64 { return r.lines.bytesRead() }

// nextComponent reads the calendar's own lines up to the next VEVENT or
// VTIMEZONE and returns it with the line of its BEGIN. Other components
// are skipped and lines outside any component are ignored.
func (r *Reader) nextComponent() (component, int, bool) {
	if r.pending != compOther {
		comp, line := r.pending, r.pendingLine
		r.pending = compOther
		return comp, line, true
	}
	for {
		ln := r.lines.readLine(calendarProps)
		if ln == nil {
			return compOther, 0, false
		}
		if ln.flaw != flawNone {
			continue
		}
		if ln.prop == propBegin && string(ln.rest) == ":VEVENT" {
			r.components = true // as nearly every event begins
			return compEvent, ln.num, true
		}
		value, ok := valueOf(ln.rest)
		if !ok {
			continue
		}
		switch ln.prop {
		case propCalName:
			r.calName = r.calendarText(r.calName, value)
		case propCalTimezone:
			r.calTimezone = r.calendarText(r.calTimezone, value)
		case propBegin:
			name := trimSpace(value)
			switch comp := lookupComponent(name); comp {
			case compEvent, compTimezone:
				r.components = true
				return comp, ln.num, true
			case compCalendar:
				r.components = true
			default:
				r.skipComponent(name)
			}
		}
	}
}

// calendarText returns the first non-empty value of a calendar property.
func (r *Reader) calendarText(old string, value []byte) string {
	if old != "" {
		return old
	}
	return string(trimSpace(appendText(nil, value)))
}

// skipComponent skips to the END of the component called name. It stops
// early at a BEGIN or END that cannot occur inside it (VEVENT, VTIMEZONE,
// VCALENDAR), so that a missing END costs no more than that component; a
// VEVENT or VTIMEZONE found that way is read next.
func (r *Reader) skipComponent(name []byte) {
	r.skipName = append(r.skipName[:0], name...)
	for {
		ln := r.lines.readLine(structureProps)
		if ln == nil {
			return
		}
		if ln.flaw != flawNone {
			continue
		}
		value, ok := valueOf(ln.rest)
		if !ok {
			continue
		}
		v := trimSpace(value)
		comp := lookupComponent(v)
		switch {
		case ln.prop == propBegin && (comp == compEvent || comp == compTimezone):
			r.pending, r.pendingLine, r.components = comp, ln.num, true
			return
		case comp == compCalendar:
			return
		case ln.prop == propEnd && bytes.EqualFold(v, r.skipName):
			return
		}
	}
}

// problem returns a ParseError at line of this file.
func (r *Reader) problem(line int, p prop, msg string) *ParseError {
	return &ParseError{File: r.name, Line: line, Property: p.String(), Msg: msg}
}

// sizeString formats a byte count for an error message.
func sizeString(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.Itoa(n>>20) + " MiB"
	}
	return strconv.Itoa(n) + " bytes"
}
