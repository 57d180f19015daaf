package ical

import (
	"strings"
	"testing"
)

// TestDateParametersKept reads date lines whose parameter lists repeat,
// change within an event and hold quotes, as the Reader keeps the lists it
// read last: every date must still get the parameters of its own line.
func TestDateParametersKept(t *testing.T) {
	events := [][]string{
		{"DTSTART;TZID=Europe/Amsterdam:20260105T090000", "DTEND;TZID=Europe/Amsterdam:20260105T100000"},
		// Four zones in one event: more than are kept.
		{"DTSTART;TZID=A:20260106T090000", "DTEND;TZID=B:20260106T100000",
			"RECURRENCE-ID;TZID=C;RANGE=THISANDFUTURE:20260106T090000", "EXDATE;TZID=D:20260107T090000,20260108T090000"},
		{"DTSTART;TZID=C:20260109T090000", "DTEND;TZID=A:20260109T100000", "RECURRENCE-ID;TZID=C:20260109T090000"},
		// The same list with a longer value, and one that starts like it.
		{"DTSTART;TZID=C:20260110T090000Z", "DTEND;TZID=CC:20260110T100000"},
		{"DTSTART;VALUE=DATE:20260111", "DTEND;VALUE=DATE:20260112"},
		{"DTSTART;VALUE=DATE:20260113", "RDATE;VALUE=DATE:20260114,20260115"},
		// Quotes: a ':' inside them, and Outlook's value inside them.
		{`DTSTART;TZID="Zone:X":20260116T090000`, `DTEND;TZID="Zone:X":20260116T100000`},
		{`DTSTART;TZID="W. Europe Standard Time:20260117T090000"`, `DTEND;TZID="W. Europe Standard Time:20260117T100000"`},
		{`DTSTART;TZID="W. Europe Standard Time:20260118T090000"`, `DTEND;TZID="W. Europe Standard Time:20260118T093000"`},
		{"DTSTART;tzid=Europe/Amsterdam:20260119T090000", "DTEND;TZID=Europe/Amsterdam:20260119T100000"},
	}
	want := []string{
		"start true/2026-01-05T09:00:00@Europe/Amsterdam end true/2026-01-05T10:00:00@Europe/Amsterdam",
		"start true/2026-01-06T09:00:00@A end true/2026-01-06T10:00:00@B",
		"start true/2026-01-09T09:00:00@C end true/2026-01-09T10:00:00@A",
		"start true/2026-01-10T09:00:00Z@C end true/2026-01-10T10:00:00@CC",
		"start true/2026-01-11D end true/2026-01-12D",
		"start true/2026-01-13D end false/0000-00-00T00:00:00",
		"start true/2026-01-16T09:00:00@Zone:X end true/2026-01-16T10:00:00@Zone:X",
		"start true/2026-01-17T09:00:00@W. Europe Standard Time end true/2026-01-17T10:00:00@W. Europe Standard Time",
		"start true/2026-01-18T09:00:00@W. Europe Standard Time end true/2026-01-18T09:30:00@W. Europe Standard Time",
		"start true/2026-01-19T09:00:00@Europe/Amsterdam end true/2026-01-19T10:00:00@Europe/Amsterdam",
	}
	var cal strings.Builder
	cal.WriteString("BEGIN:VCALENDAR\r\n")
	for _, lines := range events {
		cal.WriteString("BEGIN:VEVENT\r\n" + strings.Join(lines, "\r\n") + "\r\nEND:VEVENT\r\n")
	}
	cal.WriteString("END:VCALENDAR\r\n")
	out, _ := readCal(t, cal.String())
	if len(out.errs) > 0 || len(out.events) != len(want) {
		t.Fatalf("got %d events and errors %v, want %d events", len(out.events), out.errs, len(want))
	}
	for i, ev := range out.events {
		got := "start " + boolString(ev.HasStart) + "/" + dt(ev.Start) + " end " + boolString(ev.HasEnd) + "/" + dt(ev.End)
		if got != want[i] {
			t.Errorf("event %d: %s, want %s", i+1, got, want[i])
		}
	}
	if ev := out.events[1]; dt(ev.RecurrenceID) != "2026-01-06T09:00:00@C" || !ev.ThisAndFuture ||
		strings.Join(dts(ev.ExDates), " ") != "2026-01-07T09:00:00@D 2026-01-08T09:00:00@D" {
		t.Errorf("event 2: recurrence-id %s (this and future %v), exdates %v", dt(ev.RecurrenceID), ev.ThisAndFuture, dts(ev.ExDates))
	}
	if ev := out.events[2]; dt(ev.RecurrenceID) != "2026-01-09T09:00:00@C" || ev.ThisAndFuture {
		t.Errorf("event 3: recurrence-id %s (this and future %v)", dt(ev.RecurrenceID), ev.ThisAndFuture)
	}
	if ev := out.events[5]; strings.Join(dts(ev.RDates), " ") != "2026-01-14D 2026-01-15D" {
		t.Errorf("event 6: rdates %v", dts(ev.RDates))
	}
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// TestDateParametersCountAgainstSize checks that a TZID shared from a kept
// parameter list counts against the event's size as a copy would.
func TestDateParametersCountAgainstSize(t *testing.T) {
	line := []byte(";TZID=Europe/Amsterdam:20260105T090000")
	tzid := len("Europe/Amsterdam")
	for _, kept := range []bool{false, true} {
		for _, room := range []int{tzid, tzid - 1} {
			r := NewReader(strings.NewReader(""), "cal.ics")
			ev := r.resetEvent(1)
			if kept {
				r.dateParamsOf(line) // keeps the list
			}
			r.arena.used = maxEventBytes - room
			perr := r.dateProperty(ev, &logicalLine{prop: propDTStart, rest: line, num: 2})
			if wantErr := room < tzid; (perr != nil) != wantErr {
				t.Errorf("kept %v, room for %d of %d bytes: error %v", kept, room, tzid, perr)
			}
		}
	}
}
