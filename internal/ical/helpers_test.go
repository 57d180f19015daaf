package ical

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// outcome is everything a caller sees when reading a calendar: the events
// (copied, as the Reader reuses them) and the errors, in order.
type outcome struct {
	events []Event
	errs   []*ParseError
	log    []string // one entry per call to Next: an event's UID or an error
}

// read reads all of src with a Reader of the given sizes.
func read(t *testing.T, src io.Reader, bufSize, maxLine int) (outcome, *Reader) {
	t.Helper()
	r := newReaderSize(src, "cal.ics", bufSize, maxLine)
	var out outcome
	for range 100000 {
		ev, err := r.Next()
		if err == io.EOF {
			return out, r
		}
		var perr *ParseError
		switch {
		case errors.As(err, &perr):
			out.errs = append(out.errs, perr)
			out.log = append(out.log, "error "+perr.Error())
		case err != nil:
			t.Fatalf("Next: unexpected error %v", err)
		default:
			out.events = append(out.events, cloneEvent(ev))
			out.log = append(out.log, describe(ev))
		}
	}
	t.Fatal("Next never returned io.EOF")
	return out, r
}

// readCal reads the calendar text with the default sizes, and checks that
// tiny buffers and one-byte reads, which put every line across buffer
// boundaries, give exactly the same result.
func readCal(t *testing.T, cal string) (outcome, *Reader) {
	t.Helper()
	want, r := read(t, strings.NewReader(cal), defaultBufSize, defaultMaxLine)
	for _, size := range []int{1, 2, 7, 16, 61} {
		got, _ := read(t, iotest.OneByteReader(strings.NewReader(cal)), size, defaultMaxLine)
		if g, w := strings.Join(got.log, "\n"), strings.Join(want.log, "\n"); g != w {
			t.Fatalf("buffer of %d bytes, one-byte reads:\n%s\nwant, as with the default buffer:\n%s", size, g, w)
		}
	}
	return want, r
}

// readOne reads a calendar that should hold exactly one good event.
func readOne(t *testing.T, cal string) Event {
	t.Helper()
	out, _ := readCal(t, cal)
	if len(out.errs) > 0 || len(out.events) != 1 {
		t.Fatalf("got %d events and errors %v, want one event", len(out.events), out.errs)
	}
	return out.events[0]
}

// vevent wraps event lines into a calendar with CRLF line ends.
func vevent(lines ...string) string {
	all := append([]string{"BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT"}, lines...)
	all = append(all, "END:VEVENT", "END:VCALENDAR")
	return strings.Join(all, "\r\n") + "\r\n"
}

// describe renders an event for comparisons and failure messages.
func describe(ev *Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "line %d uid %q summary %q description %q location %q categories %q",
		ev.Line, ev.UID, ev.Summary, ev.Description, ev.Location, ev.Categories)
	fmt.Fprintf(&b, " start %v/%v end %v/%v duration %v/%d", ev.HasStart, dt(ev.Start), ev.HasEnd, dt(ev.End), ev.HasDuration, ev.Duration)
	for _, r := range ev.RRules {
		fmt.Fprintf(&b, " rrule %q@%d", r.Value, r.Line)
	}
	fmt.Fprintf(&b, " sequence %d rdates %v exdates %v", ev.Sequence, dts(ev.RDates), dts(ev.ExDates))
	fmt.Fprintf(&b, " recurrence-id %v/%v/%v", ev.HasRecurrenceID, dt(ev.RecurrenceID), ev.ThisAndFuture)
	fmt.Fprintf(&b, " status %q transp %q class %q busy %q organizer %q/%q",
		ev.Status, ev.Transp, ev.Class, ev.BusyStatus, ev.Organizer, ev.OrganizerCUType)
	for _, a := range ev.Attendees {
		fmt.Fprintf(&b, " attendee %q/%q/%q", a.Email, a.PartStat, a.CUType)
	}
	return b.String()
}

// dt renders a DateTime compactly: 2026-01-05T09:00:00 with D for a date,
// Z for UTC and the TZID.
func dt(d DateTime) string {
	s := d.DateTime.String()
	if d.DateOnly {
		s = d.Date.String() + "D"
	}
	if d.UTC {
		s += "Z"
	}
	if len(d.TZID) > 0 {
		s += "@" + string(d.TZID)
	}
	return s
}

func dts(ds []DateTime) []string {
	var out []string
	for _, d := range ds {
		out = append(out, dt(d))
	}
	return out
}

// cloneEvent copies ev out of the Reader's reused memory.
func cloneEvent(ev *Event) Event {
	c := *ev
	for _, p := range []*[]byte{&c.UID, &c.Summary, &c.Description, &c.Location, &c.Categories,
		&c.Status, &c.Transp, &c.Class, &c.BusyStatus, &c.Organizer, &c.OrganizerCUType,
		&c.Start.TZID, &c.End.TZID, &c.RecurrenceID.TZID} {
		*p = bytes.Clone(*p)
	}
	c.RRules = nil
	for _, r := range ev.RRules {
		c.RRules = append(c.RRules, RuleLine{Value: bytes.Clone(r.Value), Line: r.Line})
	}
	c.RDates = cloneDates(ev.RDates)
	c.ExDates = cloneDates(ev.ExDates)
	c.Attendees = nil
	for _, a := range ev.Attendees {
		c.Attendees = append(c.Attendees, Attendee{
			Email: bytes.Clone(a.Email), PartStat: bytes.Clone(a.PartStat), CUType: bytes.Clone(a.CUType)})
	}
	return c
}

func cloneDates(ds []DateTime) []DateTime {
	var out []DateTime
	for _, d := range ds {
		d.TZID = bytes.Clone(d.TZID)
		out = append(out, d)
	}
	return out
}
