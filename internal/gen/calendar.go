package gen

import (
	"bufio"
	"hash/fnv"
	"io"
	"strconv"
	"strings"

	"github.com/klaver/klaver/internal/civil"
)

// WriteCalendar writes cal as its owner's calendar system exports it:
// Google and Outlook with CRLF line ends, Apple with bare LF. Lines are
// folded at 75 octets and text is escaped as RFC 5545 asks.
func WriteCalendar(w io.Writer, cal Calendar) error {
	bw, ok := w.(*bufio.Writer)
	if !ok {
		bw = bufio.NewWriterSize(w, 64<<10)
	}
	cw := &calendarWriter{
		lw:    newLineWriter(bw, cal.Owner.Style != Apple),
		owner: cal.Owner,
		stamp: string(appendDateTime(nil, cal.Exported)) + "Z",
	}
	cw.header()
	for _, e := range cal.Events {
		switch cal.Owner.Style {
		case Outlook:
			cw.outlookEvent(e)
		case Apple:
			cw.appleEvent(e)
		default:
			cw.googleEvent(e)
		}
	}
	cw.lw.prop("END", "VCALENDAR")
	if cw.lw.err != nil {
		return cw.lw.err
	}
	return bw.Flush()
}

// calendarWriter writes one export.
type calendarWriter struct {
	lw    *lineWriter
	owner Person
	stamp string // DTSTAMP value
	buf   []byte // scratch for values
}

func (cw *calendarWriter) header() {
	lw := cw.lw
	lw.prop("BEGIN", "VCALENDAR")
	var zone []string
	switch cw.owner.Style {
	case Outlook:
		lw.prop("PRODID", "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN")
		lw.prop("VERSION", "2.0")
		lw.prop("METHOD", "PUBLISH")
		lw.textProp("X-WR-CALNAME", cw.owner.Name)
		lw.prop("X-MS-OLK-FORCEINSPECTOROPEN", "TRUE")
		zone = windowsVTimezone
	case Apple:
		lw.prop("METHOD", "PUBLISH")
		lw.prop("VERSION", "2.0")
		lw.textProp("X-WR-CALNAME", "Werk")
		lw.prop("PRODID", "-//Apple Inc.//macOS 15.2//EN")
		lw.prop("X-APPLE-CALENDAR-COLOR", "#1BADF8")
		lw.prop("X-WR-TIMEZONE", "Europe/Amsterdam")
		lw.prop("CALSCALE", "GREGORIAN")
		zone = amsterdamVTimezone
	default:
		lw.prop("PRODID", "-//Google Inc//Google Calendar 70.9054//EN")
		lw.prop("VERSION", "2.0")
		lw.prop("CALSCALE", "GREGORIAN")
		lw.prop("METHOD", "PUBLISH")
		lw.textProp("X-WR-CALNAME", cw.owner.Email)
		lw.prop("X-WR-TIMEZONE", "Europe/Amsterdam")
		zone = amsterdamVTimezone
	}
	for _, line := range zone {
		lw.begin(line)
		lw.end()
	}
}

// when writes a DTSTART, DTEND, RECURRENCE-ID or EXDATE line: a date for
// all-day events, UTC when utc is set, else local time with tzid.
func (cw *calendarWriter) when(name string, dt civil.DateTime, allDay, utc bool, tzid string) {
	lw := cw.lw
	lw.begin(name)
	cw.buf = cw.buf[:0]
	switch {
	case allDay:
		lw.param("VALUE", "DATE")
		cw.buf = appendDate(cw.buf, dt.Date)
	case utc:
		cw.buf = appendUTC(cw.buf, dt)
	default:
		lw.param("TZID", tzid)
		cw.buf = appendDateTime(cw.buf, dt)
	}
	lw.rawBytes(cw.buf)
	lw.end()
}

// utcProp writes a property whose value is a UTC time, as DTSTAMP and
// CREATED are.
func (cw *calendarWriter) utcProp(name string, dt civil.DateTime) {
	cw.buf = appendUTC(cw.buf[:0], dt)
	cw.lw.begin(name)
	cw.lw.rawBytes(cw.buf)
	cw.lw.end()
}

// stampProp writes DTSTAMP.
func (cw *calendarWriter) stampProp() { cw.lw.prop("DTSTAMP", cw.stamp) }

// lastModified is when the event was last changed: a little after it was
// made, later for each change.
func lastModified(e *Event) civil.DateTime {
	return e.Created.Add(int64(600 * (1 + 7*e.Sequence)))
}

// ruleValue returns the RRULE value of e in the order and form each
// system writes it.
func ruleValue(e *Event, style Style) string {
	r := e.Rule
	byDay := weekdayCodes[e.Start.Weekday()]
	end := "COUNT=" + strconv.Itoa(r.Count)
	if r.Count == 0 {
		until := r.Until
		if style != Outlook { // Google and Apple end the series at the end of its last day
			until = until.Date.At(23, 59, 59)
		}
		end = "UNTIL=" + string(appendUTC(nil, until))
	}
	interval := strconv.Itoa(max(r.Interval, 1))
	switch style {
	case Outlook:
		return "FREQ=WEEKLY;" + end + ";INTERVAL=" + interval + ";BYDAY=" + byDay + ";WKST=MO"
	case Apple:
		return "FREQ=WEEKLY;INTERVAL=" + interval + ";" + end
	}
	rule := "FREQ=WEEKLY;WKST=MO;" + end
	if r.Interval > 1 {
		rule += ";INTERVAL=" + interval
	}
	return rule + ";BYDAY=" + byDay
}

var weekdayCodes = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// isColleague reports whether the address is of the organisation itself.
func isColleague(email string) bool { return strings.HasSuffix(email, "@"+OrgDomain) }

// outlookName is how Exchange shows a colleague: "Vries, Anna de".
func outlookName(a Attendee) string {
	if a.Room || !isColleague(a.Email) {
		return a.Name
	}
	words := strings.Fields(a.Name)
	if len(words) < 2 {
		return a.Name
	}
	first, last := words[0], words[len(words)-1]
	infix := strings.Join(words[1:len(words)-1], " ")
	name := last + ", " + first
	if infix != "" {
		name += " " + infix
	}
	return name
}

// alarmUID derives the UID of an event's alarm from the event's UID, so
// that the output depends on the event alone.
func alarmUID(e *Event) string {
	h := fnv.New128a()
	h.Write([]byte(e.UID))
	sum := h.Sum(nil)
	var b strings.Builder
	for i, c := range sum {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b.WriteByte('-')
		}
		b.WriteByte(hexUpper[c>>4])
		b.WriteByte(hexUpper[c&15])
	}
	return b.String()
}
