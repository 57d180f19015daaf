package ical

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/klaver/klaver/internal/civil"
	"github.com/klaver/klaver/internal/tz"
)

func TestLineEndingsAndFolding(t *testing.T) {
	tests := []struct {
		name, cal, wantSummary string
	}{
		{"CRLF", "BEGIN:VEVENT\r\nSUMMARY:Weekly sync\r\nDTSTART:20260105T090000\r\nEND:VEVENT\r\n", "Weekly sync"},
		{"bare LF", "BEGIN:VEVENT\nSUMMARY:Weekly sync\nDTSTART:20260105T090000\nEND:VEVENT\n", "Weekly sync"},
		{"no final line end", "BEGIN:VEVENT\nSUMMARY:Weekly sync\nDTSTART:20260105T090000\nEND:VEVENT", "Weekly sync"},
		{"byte-order mark", "\xEF\xBB\xBFBEGIN:VEVENT\r\nSUMMARY:Weekly sync\r\nDTSTART:20260105T090000\r\nEND:VEVENT\r\n", "Weekly sync"},
		{"fold with a space", "BEGIN:VEVENT\r\nSUMMARY:Week\r\n ly sync\r\nDTSTART:20260105T090000\r\nEND:VEVENT\r\n", "Weekly sync"},
		{"fold with a tab", "BEGIN:VEVENT\r\nSUMMARY:Week\r\n\tly sync\r\nDTSTART:20260105T090000\r\nEND:VEVENT\r\n", "Weekly sync"},
		{"fold removes one space only", "BEGIN:VEVENT\nSUMMARY:Weekly\n  sync\nDTSTART:20260105T090000\nEND:VEVENT\n", "Weekly sync"},
		{"LF fold", "BEGIN:VEVENT\nSUMMARY:Wee\n kly\n  sync\nDTSTART:20260105T090000\nEND:VEVENT\n", "Weekly sync"},
		{"fold inside a UTF-8 character", "BEGIN:VEVENT\r\nSUMMARY:Caf\xC3\r\n \xA9 Chlo\xC3\r\n\t\xA9\r\nDTSTART:20260105T090000\r\nEND:VEVENT\r\n", "Café Chloé"},
		{"fold inside the name", "BEGIN:VEVENT\r\nSUMM\r\n ARY:Weekly sync\r\nDTSTART:20260105T090000\r\nEND:VEVENT\r\n", "Weekly sync"},
		{"empty lines", "\r\nBEGIN:VEVENT\r\n\r\nSUMMARY:Weekly sync\r\n\n\nDTSTART:20260105T090000\r\n\r\nEND:VEVENT\r\n\r\n", "Weekly sync"},
		{"mixed line ends", "BEGIN:VEVENT\nSUMMARY:Weekly\r\n  sync\nDTSTART:20260105T090000\r\nEND:VEVENT\n", "Weekly sync"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := readOne(t, tt.cal)
			if string(ev.Summary) != tt.wantSummary {
				t.Errorf("SUMMARY = %q, want %q", ev.Summary, tt.wantSummary)
			}
		})
	}
}

func TestTextValues(t *testing.T) {
	ev := readOne(t, vevent(
		`SUMMARY;LANGUAGE=nl-NL:Rabo \; roadmap\, Q3 \\ planning`,
		`DESCRIPTION:Agenda:\n1. Status\N2. AOB\nTeams: https://teams.microsoft.com/l/x?a=1\,2`,
		`LOCATION:Room 4.12\, Utrecht`,
		`CATEGORIES:Rabo,Internal`,
		`CATEGORIES:Planning\, Q3`,
		`UID:abc-123@example.com`,
		`DTSTART:20260105T090000`,
	))
	checks := []struct{ field, got, want string }{
		{"SUMMARY", string(ev.Summary), `Rabo ; roadmap, Q3 \ planning`},
		{"DESCRIPTION", string(ev.Description), "Agenda:\n1. Status\n2. AOB\nTeams: https://teams.microsoft.com/l/x?a=1,2"},
		{"LOCATION", string(ev.Location), "Room 4.12, Utrecht"},
		{"CATEGORIES", string(ev.Categories), "Rabo,Internal,Planning, Q3"},
		{"UID", string(ev.UID), "abc-123@example.com"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
}

func TestFirstOfRepeatedPropertiesCounts(t *testing.T) {
	ev := readOne(t, vevent("SUMMARY:first", "SUMMARY:second", "RRULE:FREQ=DAILY", "RRULE:FREQ=WEEKLY",
		"STATUS:TENTATIVE", "STATUS:CANCELLED", "DTSTART:20260105T090000", "SEQUENCE:3", "SEQUENCE:4"))
	if string(ev.Summary) != "first" || string(ev.Status) != "TENTATIVE" || ev.Sequence != 3 {
		t.Errorf("got SUMMARY %q STATUS %q SEQUENCE %d, want the first of each", ev.Summary, ev.Status, ev.Sequence)
	}
	// Several RRULEs (RFC 2445) all count.
	if len(ev.RRules) != 2 || string(ev.RRules[0].Value) != "FREQ=DAILY" || ev.RRules[0].Line != 6 ||
		string(ev.RRules[1].Value) != "FREQ=WEEKLY" || ev.RRules[1].Line != 7 {
		t.Errorf("RRULEs = %+v, want FREQ=DAILY on line 6 and FREQ=WEEKLY on line 7", ev.RRules)
	}
}

func TestNamesAndParametersIgnoreCase(t *testing.T) {
	ev := readOne(t, vevent(
		"summary:lower",
		"DtStart;tzid=Europe/Amsterdam;value=date-time:20260105T090000",
		"attendee;partstat=accepted;cutype=room:MAILTO:Room.4@Acme.NL",
		"x-microsoft-cdo-busystatus:oof",
		"Status:confirmed",
	))
	if string(ev.Summary) != "lower" {
		t.Errorf("SUMMARY = %q", ev.Summary)
	}
	if got := dt(ev.Start); got != "2026-01-05T09:00:00@Europe/Amsterdam" {
		t.Errorf("DTSTART = %s", got)
	}
	if len(ev.Attendees) != 1 || string(ev.Attendees[0].Email) != "room.4@acme.nl" ||
		string(ev.Attendees[0].PartStat) != "ACCEPTED" || string(ev.Attendees[0].CUType) != "ROOM" {
		t.Errorf("attendees = %+v", ev.Attendees)
	}
	if string(ev.BusyStatus) != "OOF" || string(ev.Status) != "CONFIRMED" {
		t.Errorf("BusyStatus %q Status %q, want upper case", ev.BusyStatus, ev.Status)
	}
}

func TestParameters(t *testing.T) {
	tests := []struct {
		name, line string
		want       Attendee
	}{
		{"quoted CN with colon and comma", `ATTENDEE;CN="Doe, J: x";PARTSTAT=DECLINED:mailto:j@x.nl`, Attendee{[]byte("j@x.nl"), []byte("DECLINED"), nil}},
		{"quoted CN with semicolon", `ATTENDEE;CN="a;b";PARTSTAT=TENTATIVE:mailto:a@b.nl`, Attendee{[]byte("a@b.nl"), []byte("TENTATIVE"), nil}},
		{"quoted PARTSTAT", `ATTENDEE;PARTSTAT="needs-action":mailto:a@b.nl`, Attendee{[]byte("a@b.nl"), []byte("NEEDS-ACTION"), nil}},
		{"no mailto", `ATTENDEE;CUTYPE=RESOURCE:beamer@acme.nl`, Attendee{[]byte("beamer@acme.nl"), nil, []byte("RESOURCE")}},
		{"upper-case MAILTO and spaces", `ATTENDEE: MAILTO: Anna@ACME.nl `, Attendee{[]byte("anna@acme.nl"), nil, nil}},
		{"parameter without value", `ATTENDEE;RSVP;PARTSTAT=ACCEPTED:mailto:a@b.nl`, Attendee{[]byte("a@b.nl"), []byte("ACCEPTED"), nil}},
		{"list-valued parameter", `ATTENDEE;DELEGATED-TO="mailto:x@y.nl","mailto:z@y.nl";PARTSTAT=DELEGATED:mailto:a@b.nl`, Attendee{[]byte("a@b.nl"), []byte("DELEGATED"), nil}},
		{"Google shape", `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=anna@acme.nl;X-NUM-GUESTS=0:mailto:anna@acme.nl`, Attendee{[]byte("anna@acme.nl"), []byte("ACCEPTED"), []byte("INDIVIDUAL")}},
		{"parameter that looks like a wanted one", `ATTENDEE;X-PARTSTAT=DECLINED;PARTSTATX=DECLINED:mailto:a@b.nl`, Attendee{[]byte("a@b.nl"), nil, nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := readOne(t, vevent(tt.line, "DTSTART:20260105T090000"))
			if len(ev.Attendees) != 1 {
				t.Fatalf("%d attendees, want 1", len(ev.Attendees))
			}
			a := ev.Attendees[0]
			if string(a.Email) != string(tt.want.Email) || string(a.PartStat) != string(tt.want.PartStat) || string(a.CUType) != string(tt.want.CUType) {
				t.Errorf("got %q/%q/%q, want %q/%q/%q", a.Email, a.PartStat, a.CUType, tt.want.Email, tt.want.PartStat, tt.want.CUType)
			}
		})
	}
}

func TestOrganizer(t *testing.T) {
	ev := readOne(t, vevent(`ORGANIZER;CN="Visser, Anna";CUTYPE=individual:mailto:Anna.Visser@Acme.nl`, "DTSTART:20260105T090000"))
	if string(ev.Organizer) != "anna.visser@acme.nl" || string(ev.OrganizerCUType) != "INDIVIDUAL" {
		t.Errorf("organizer %q/%q", ev.Organizer, ev.OrganizerCUType)
	}
}

func TestDateTimes(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		{"DTSTART:20260105T090000", "2026-01-05T09:00:00"},
		{"DTSTART:20260105T090000Z", "2026-01-05T09:00:00Z"},
		{"DTSTART;VALUE=DATE:20260105", "2026-01-05D"},
		{"DTSTART:20260105", "2026-01-05D"},
		{"DTSTART:20210527Z", "2021-05-27D"},
		{"DTSTART;TZID=Europe/Amsterdam:20260105T090000", "2026-01-05T09:00:00@Europe/Amsterdam"},
		{"DTSTART;TZID=W. Europe Standard Time:20260105T090000", "2026-01-05T09:00:00@W. Europe Standard Time"},
		{`DTSTART;TZID="W. Europe Standard Time":20260105T090000`, "2026-01-05T09:00:00@W. Europe Standard Time"},
		{`DTSTART;TZID="(UTC+01:00) Amsterdam, Berlin, Bern":20260105T090000`, "2026-01-05T09:00:00@(UTC+01:00) Amsterdam, Berlin, Bern"},
		{`DTSTART;TZID="W. Europe Standard Time:20200609T090000"`, "2020-06-09T09:00:00@W. Europe Standard Time"},
		{"DTSTART;TZID=/mozilla.org/20050126_1/Europe/Amsterdam:20260105T090000", "2026-01-05T09:00:00@/mozilla.org/20050126_1/Europe/Amsterdam"},
		{"DTSTART;TZID=Europe/lisbon:20260105T090000", "2026-01-05T09:00:00@Europe/lisbon"},
		{"DTSTART:20240229T235960", "2024-02-29T23:59:60"},
		{"DTSTART:20260105t090000z", "2026-01-05T09:00:00Z"},
		{"DTSTART: 20260105T090000 ", "2026-01-05T09:00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			ev := readOne(t, vevent(tt.line))
			if got := dt(ev.Start); !ev.HasStart || got != tt.want {
				t.Errorf("start = %s (set %v), want %s", got, ev.HasStart, tt.want)
			}
		})
	}
}

func TestInvalidDateTimes(t *testing.T) {
	tests := []struct {
		line, wantErr string
	}{
		{"DTSTART:2026-13-01", `cal.ics:4: DTSTART: invalid date "2026-13-01"`},
		{"DTSTART:20261301T090000", `cal.ics:4: DTSTART: invalid date "20261301T090000"`},
		{"DTSTART:20260230", `cal.ics:4: DTSTART: invalid date "20260230"`},
		{"DTSTART:20250229T090000", `cal.ics:4: DTSTART: invalid date "20250229T090000"`},
		{"DTSTART:20260100T090000", `cal.ics:4: DTSTART: invalid date "20260100T090000"`},
		{"DTSTART:20260105T240000", `cal.ics:4: DTSTART: invalid time "20260105T240000"`},
		{"DTSTART:20260105T096000", `cal.ics:4: DTSTART: invalid time "20260105T096000"`},
		{"DTSTART:20260105T090061", `cal.ics:4: DTSTART: invalid time "20260105T090061"`},
		{"DTSTART;VALUE=DATE:20260105T090000", `cal.ics:4: DTSTART: invalid date "20260105T090000"`},
		{"DTSTART:", `cal.ics:4: DTSTART: invalid date ""`},
		{"DTEND:2026010", `cal.ics:4: DTEND: invalid date "2026010"`},
		{"RECURRENCE-ID:20260105T09000x", `cal.ics:4: RECURRENCE-ID: invalid time "20260105T09000x"`},
		{"EXDATE:20260105T090000,20260132T090000", `cal.ics:4: EXDATE: invalid date "20260132T090000"`},
		{"RDATE:+2026105T090000", `cal.ics:4: RDATE: invalid date "+2026105T090000"`},
		{"DURATION:PT1H30", `cal.ics:4: DURATION: invalid duration "PT1H30"`},
		{"RDATE;VALUE=PERIOD:20260105T090000Z/-PT1H", `cal.ics:4: RDATE: invalid period length "-PT1H"`},
		{"RDATE;VALUE=PERIOD:20260105T090000Z/20260105T25", `cal.ics:4: RDATE: period end: invalid date "20260105T25"`},
		{"DTSTART;TZID=Europe/Amsterdam", `cal.ics:4: DTSTART: no ':' before the value`},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			// The bad event is skipped; the next one is read.
			cal := vevent(tt.line, "DTSTART:20260105T090000") + vevent("SUMMARY:next", "DTSTART:20260106T090000")
			out, _ := readCal(t, cal)
			if len(out.errs) != 1 || out.errs[0].Error() != tt.wantErr {
				t.Fatalf("errors %v, want %s", out.errs, tt.wantErr)
			}
			if len(out.events) != 1 || string(out.events[0].Summary) != "next" {
				t.Errorf("events after the error: %v", out.log)
			}
		})
	}
}

func TestEndAndDuration(t *testing.T) {
	tests := []struct {
		value string
		want  int64
	}{
		{"PT1H", 3600},
		{"PT1H30M", 5400},
		{"P1D", 86400},
		{"P1W", 7 * 86400},
		{"P2W", 14 * 86400},
		{"P1DT2H", 86400 + 7200},
		{"-PT5M", -300},
		{"+PT15S", 15},
		{"P0D", 0},
		{"PT0S", 0},
		{"P1DT2H3M4S", 86400 + 7200 + 180 + 4},
		{"p1dt1h", 90000},
		{"P1W2D", 9 * 86400},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			ev := readOne(t, vevent("DTSTART:20260105T090000", "DURATION:"+tt.value))
			if !ev.HasDuration || ev.Duration != tt.want || ev.HasEnd {
				t.Errorf("duration %v/%d end %v, want %d", ev.HasDuration, ev.Duration, ev.HasEnd, tt.want)
			}
		})
	}
	ev := readOne(t, vevent("DTSTART;VALUE=DATE:20260105", "DTEND;VALUE=DATE:20260106"))
	if !ev.HasEnd || dt(ev.End) != "2026-01-06D" || ev.HasDuration {
		t.Errorf("end %v %s duration %v", ev.HasEnd, dt(ev.End), ev.HasDuration)
	}
}

func TestInvalidDurations(t *testing.T) {
	for _, v := range []string{"", "P", "PT", "1H", "PT1H30", "P1H", "PT1D", "P1DT", "PT1M1H", "P1D1W", "P1.5D",
		"--PT1H", "PT12345678901H", "P1DT1H1M1S1S", "P 1D"} {
		if d, ok := parseDuration([]byte(v)); ok {
			t.Errorf("parseDuration(%q) = %d, want an error", v, d)
		}
	}
}

func TestRecurrence(t *testing.T) {
	ev := readOne(t, vevent(
		"DTSTART;TZID=W. Europe Standard Time:20260105T090000",
		"RRULE:FREQ=WEEKLY;UNTIL=20261231T230000Z;BYDAY=MO,WE",
		"EXDATE;TZID=W. Europe Standard Time:20260112T090000,20260114T090000",
		"EXDATE;VALUE=DATE:20260119",
		"EXDATE:20260121T080000Z",
		"RDATE;VALUE=PERIOD:20260201T090000Z/20260201T100000Z,20260202T090000Z/PT1H",
		"RDATE;VALUE=DATE:20260301,20260302,",
	))
	if len(ev.RRules) != 1 || string(ev.RRules[0].Value) != "FREQ=WEEKLY;UNTIL=20261231T230000Z;BYDAY=MO,WE" || ev.RRules[0].Line != 5 {
		t.Errorf("RRULEs %+v", ev.RRules)
	}
	wantEx := "[2026-01-12T09:00:00@W. Europe Standard Time 2026-01-14T09:00:00@W. Europe Standard Time 2026-01-19D 2026-01-21T08:00:00Z]"
	if got := strings.Join(strings.Fields(strings.Trim(strings.Join(dts(ev.ExDates), " "), "[]")), " "); "["+got+"]" != wantEx {
		t.Errorf("EXDATEs %s, want %s", dts(ev.ExDates), wantEx)
	}
	wantR := []string{"2026-02-01T09:00:00Z", "2026-02-02T09:00:00Z", "2026-03-01D", "2026-03-02D"}
	if got := dts(ev.RDates); strings.Join(got, " ") != strings.Join(wantR, " ") {
		t.Errorf("RDATEs %v, want %v", got, wantR)
	}
	// The periods keep their ends: one explicit, one a length.
	p := ev.RDatePeriods
	if len(p) != 2 || p[0].Index != 0 || !p[0].HasEnd || dt(p[0].End) != "2026-02-01T10:00:00Z" ||
		p[1].Index != 1 || p[1].HasEnd || p[1].Duration != 3600 {
		t.Errorf("RDATE periods %+v", p)
	}
}

func TestRecurrenceID(t *testing.T) {
	ev := readOne(t, vevent("UID:series-1", "RECURRENCE-ID;RANGE=thisandfuture:20260112T080000Z", "DTSTART:20260112T100000Z"))
	if !ev.HasRecurrenceID || dt(ev.RecurrenceID) != "2026-01-12T08:00:00Z" || !ev.ThisAndFuture {
		t.Errorf("recurrence id %v %s this-and-future %v", ev.HasRecurrenceID, dt(ev.RecurrenceID), ev.ThisAndFuture)
	}
	ev = readOne(t, vevent("RECURRENCE-ID;TZID=Europe/Amsterdam:20260112T090000", "DTSTART:20260112T100000Z"))
	if dt(ev.RecurrenceID) != "2026-01-12T09:00:00@Europe/Amsterdam" || ev.ThisAndFuture {
		t.Errorf("recurrence id %s this-and-future %v", dt(ev.RecurrenceID), ev.ThisAndFuture)
	}
}

func TestComponentsThatAreSkipped(t *testing.T) {
	cal := strings.Join([]string{
		"garbage before the calendar",
		"BEGIN:VCALENDAR",
		"X-WR-CALNAME:anna@acme.nl",
		"not a property",
		"BEGIN:VTODO", "SUMMARY:todo", "DTSTART:20260101T090000", "BEGIN:VALARM", "TRIGGER:-PT5M", "END:VALARM", "END:VTODO",
		"BEGIN:VEVENT", "SUMMARY:one", "DTSTART:20260105T090000",
		"BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:Reminder", "SUMMARY:alarm", "DURATION:PT5M", "TRIGGER:-PT15M", "END:VALARM",
		"X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC",
		"X-ALT-DESC;FMTTYPE=text/html:<html><body>one</body></html>",
		"END:VEVENT",
		"BEGIN:VJOURNAL", "SUMMARY:journal", "BEGIN:VEVENTLIKE", "END:VEVENTLIKE", "END:VJOURNAL",
		"BEGIN:VFREEBUSY", "FREEBUSY:19980314T233000Z/19980315T003000Z", "END:VFREEBUSY",
		"BEGIN:X-CUSTOM", "BEGIN:X-INNER", "SUMMARY:x", "END:X-INNER", "END:X-CUSTOM",
		"BEGIN:VEVENT", "SUMMARY:two", "DTSTART:20260106T090000", "END:VEVENT",
		"END:VCALENDAR",
		"trailing garbage",
	}, "\n")
	out, r := readCal(t, cal)
	if len(out.errs) != 0 || len(out.events) != 2 {
		t.Fatalf("got %v", out.log)
	}
	one := out.events[0]
	if string(one.Summary) != "one" || len(one.Description) != 0 || one.HasDuration {
		t.Errorf("the VALARM leaked into its event: %s", describe(&one))
	}
	if string(out.events[1].Summary) != "two" || out.events[1].Line != 38 {
		t.Errorf("second event %s", describe(&out.events[1]))
	}
	if r.CalendarName() != "anna@acme.nl" {
		t.Errorf("CalendarName = %q", r.CalendarName())
	}
}

func TestConcatenatedCalendars(t *testing.T) {
	cal := vevent("SUMMARY:a", "DTSTART:20260105T090000") + "\r\n" +
		"BEGIN:VCALENDAR\r\nX-WR-CALNAME:second\r\nX-WR-TIMEZONE:Europe/Berlin\r\nBEGIN:VEVENT\r\nSUMMARY:b\r\nDTSTART:20260106T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	out, r := readCal(t, cal)
	if len(out.events) != 2 || len(out.errs) != 0 {
		t.Fatalf("got %v", out.log)
	}
	if r.CalendarName() != "second" || r.CalendarTimezone() != "Europe/Berlin" {
		t.Errorf("calendar %q %q", r.CalendarName(), r.CalendarTimezone())
	}
}

func TestBrokenEventsAreSkipped(t *testing.T) {
	good := func(s string) string {
		return "BEGIN:VEVENT\nSUMMARY:" + s + "\nDTSTART:20260105T090000\nEND:VEVENT\n"
	}
	tests := []struct {
		name, body string
		wantErr    string
		wantGood   []string
	}{
		{"no DTSTART", "BEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\n", "cal.ics:6: DTSTART missing", []string{"a", "b"}},
		{"line without colon", "BEGIN:VEVENT\nDTSTART:20260105T090000\nthis line lost its fold\nEND:VEVENT\n",
			`cal.ics:8: line has no ':' "this line lost its fold"`, []string{"a", "b"}},
		{"DTSTART twice", "BEGIN:VEVENT\nDTSTART:20260105T090000\nDTSTART:20260105T100000\nEND:VEVENT\n",
			"cal.ics:8: DTSTART: given more than once", []string{"a", "b"}},
		{"END of another component", "BEGIN:VEVENT\nDTSTART:20260105T090000\nEND:VTODO\nSUMMARY:x\nEND:VEVENT\n",
			`cal.ics:8: END: "VTODO" without BEGIN`, []string{"a", "b"}},
		{"VALARM not closed", "BEGIN:VEVENT\nDTSTART:20260105T090000\nBEGIN:VALARM\nTRIGGER:-PT5M\nEND:VEVENT\n",
			"cal.ics:10: END: VEVENT ends before END:VALARM", []string{"a", "b"}},
		{"END of the wrong nested component", "BEGIN:VEVENT\nDTSTART:20260105T090000\nBEGIN:VALARM\nEND:X-OTHER\nEND:VALARM\nEND:VEVENT\n",
			`cal.ics:9: END: "X-OTHER" does not match BEGIN:VALARM`, []string{"a", "b"}},
		{"VEVENT not closed", "BEGIN:VEVENT\nDTSTART:20260105T090000\n",
			"cal.ics:6: VEVENT not closed before BEGIN:VEVENT on line 8", []string{"a", "b"}},
		{"VEVENT not closed before the calendar ends", "BEGIN:VEVENT\nDTSTART:20260105T090000\nEND:VCALENDAR\nBEGIN:VCALENDAR\n",
			"cal.ics:6: VEVENT not closed before END:VCALENDAR on line 8", []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _ := readCal(t, "BEGIN:VCALENDAR\n"+good("a")+tt.body+good("b")+"END:VCALENDAR\n")
			if len(out.errs) != 1 || out.errs[0].Error() != tt.wantErr {
				t.Fatalf("errors %v, want %s", out.errs, tt.wantErr)
			}
			var got []string
			for _, ev := range out.events {
				got = append(got, string(ev.Summary))
			}
			if strings.Join(got, ",") != strings.Join(tt.wantGood, ",") {
				t.Errorf("events %v, want %v", got, tt.wantGood)
			}
		})
	}
}

func TestTruncatedFile(t *testing.T) {
	cal := vevent("SUMMARY:whole", "DTSTART:20260105T090000") + "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260105T090000\r\nSUMMARY:cu"
	out, _ := readCal(t, cal)
	if len(out.events) != 1 || string(out.events[0].Summary) != "whole" {
		t.Fatalf("events %v", out.log)
	}
	want := "cal.ics:9: VEVENT not closed before the end of the file"
	if len(out.errs) != 1 || out.errs[0].Error() != want {
		t.Errorf("errors %v, want %s", out.errs, want)
	}
}

func TestTimezones(t *testing.T) {
	cal := strings.Join([]string{
		"BEGIN:VCALENDAR",
		"BEGIN:VTIMEZONE", "TZID:W. Europe Standard Time",
		"BEGIN:STANDARD", "DTSTART:16010101T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100",
		"RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10", "END:STANDARD",
		"BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
		"RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3", "END:DAYLIGHT", "END:VTIMEZONE",
		"BEGIN:VTIMEZONE", `TZID:(UTC+05:30) Chennai\, Kolkata`, "X-LIC-LOCATION:Asia/Kolkata",
		"BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:-0530", "TZOFFSETTO:+013045",
		"RDATE:19800101T000000,19900101T000000", "END:STANDARD", "END:VTIMEZONE",
		"BEGIN:VTIMEZONE", "TZID:W. Europe Standard Time",
		"BEGIN:STANDARD", "DTSTART:16010101T030000", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0000", "END:STANDARD", "END:VTIMEZONE",
		"BEGIN:VEVENT", `DTSTART;TZID="(UTC+05:30) Chennai, Kolkata":20260105T090000`, "END:VEVENT",
		"END:VCALENDAR",
	}, "\r\n")
	out, r := readCal(t, cal)
	if len(out.errs) != 0 || len(out.events) != 1 {
		t.Fatalf("got %v", out.log)
	}
	zones := r.Timezones()
	if len(zones) != 2 {
		t.Fatalf("%d zones, want 2: %v", len(zones), zones)
	}
	we := zones["W. Europe Standard Time"]
	want := []tz.Observance{
		{Daylight: false, Start: civil.Date{Year: 1601, Month: 1, Day: 1}.At(3, 0, 0), OffsetFrom: 7200, OffsetTo: 3600,
			RRule: "FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10"},
		{Daylight: true, Start: civil.Date{Year: 1601, Month: 1, Day: 1}.At(2, 0, 0), OffsetFrom: 3600, OffsetTo: 7200,
			RRule: "FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3"},
	}
	if len(we) != 2 || we[0].Daylight != want[0].Daylight || we[0].Start != want[0].Start || we[0].OffsetFrom != want[0].OffsetFrom ||
		we[0].OffsetTo != want[0].OffsetTo || we[0].RRule != want[0].RRule || we[1].Daylight != want[1].Daylight ||
		we[1].OffsetTo != want[1].OffsetTo || we[1].RRule != want[1].RRule {
		t.Errorf("W. Europe Standard Time = %+v, want the first definition %+v", we, want)
	}
	in := zones["(UTC+05:30) Chennai, Kolkata"]
	if len(in) != 1 || in[0].OffsetFrom != -(5*3600+30*60) || in[0].OffsetTo != 3600+30*60+45 || len(in[0].RDates) != 2 ||
		in[0].RDates[1] != (civil.Date{Year: 1990, Month: 1, Day: 1}.At(0, 0, 0)) {
		t.Errorf("Chennai = %+v", in)
	}
	if string(out.events[0].Start.TZID) != "(UTC+05:30) Chennai, Kolkata" {
		t.Errorf("TZID %q does not match the VTIMEZONE's", out.events[0].Start.TZID)
	}
}

func TestBrokenTimezones(t *testing.T) {
	tests := []struct {
		name, zone, wantErr string
	}{
		{"bad offset", "BEGIN:VTIMEZONE\nTZID:X\nBEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:+2500\nTZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE\n",
			`cal.ics:6: TZOFFSETFROM: invalid UTC offset "+2500"`},
		{"missing offset", "BEGIN:VTIMEZONE\nTZID:X\nBEGIN:DAYLIGHT\nDTSTART:19700101T000000\nTZOFFSETTO:+0100\nEND:DAYLIGHT\nEND:VTIMEZONE\n",
			"cal.ics:4: DAYLIGHT needs DTSTART, TZOFFSETFROM and TZOFFSETTO"},
		{"no TZID", "BEGIN:VTIMEZONE\nBEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE\n",
			"cal.ics:2: VTIMEZONE has no TZID"},
		{"no observance", "BEGIN:VTIMEZONE\nTZID:X\nEND:VTIMEZONE\n", `cal.ics:2: VTIMEZONE "X" has no STANDARD or DAYLIGHT`},
		{"not closed", "BEGIN:VTIMEZONE\nTZID:X\n", "cal.ics:2: VTIMEZONE not closed before BEGIN:VEVENT on line 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, r := readCal(t, "BEGIN:VCALENDAR\n"+tt.zone+"BEGIN:VEVENT\nDTSTART:20260105T090000\nEND:VEVENT\nEND:VCALENDAR\n")
			if len(out.errs) != 1 || out.errs[0].Error() != tt.wantErr {
				t.Fatalf("errors %v, want %s", out.errs, tt.wantErr)
			}
			if len(out.events) != 1 {
				t.Errorf("the event after the broken VTIMEZONE was lost: %v", out.log)
			}
			if len(r.Timezones()) != 0 {
				t.Errorf("a broken VTIMEZONE was kept: %v", r.Timezones())
			}
		})
	}
}

func TestUTCOffsets(t *testing.T) {
	good := map[string]int{"+0100": 3600, "-0530": -19800, "+013045": 5445, "+0000": 0, "-0000": 0, "+2359": 86340}
	for v, want := range good {
		if got, ok := parseUTCOffset([]byte(v)); !ok || got != want {
			t.Errorf("parseUTCOffset(%q) = %d, %v; want %d", v, got, ok, want)
		}
	}
	for _, v := range []string{"", "0100", "+100", "+01000", "+2400", "+0160", "+010060", "+01:00", "+0a00"} {
		if got, ok := parseUTCOffset([]byte(v)); ok {
			t.Errorf("parseUTCOffset(%q) = %d, want an error", v, got)
		}
	}
}

func TestLongLines(t *testing.T) {
	long := strings.Repeat("x", 5000)
	folded := strings.Repeat("y", 74) + strings.Repeat("\r\n "+strings.Repeat("y", 74), 100)
	cal := "BEGIN:VCALENDAR\r\n" +
		vevent("SUMMARY:"+long, "DTSTART:20260105T090000") + // fits the cap
		vevent("DESCRIPTION:"+folded, "DTSTART:20260105T090000") +
		vevent("X-ALT-DESC:"+long+long, "DTSTART:20260105T090000") + // skipped, never buffered
		vevent("DESCRIPTION:"+long+long, "SUMMARY:too long", "DTSTART:20260105T090000") +
		vevent("SUMMARY:after", "DTSTART:20260105T090000")
	out, _ := read(t, strings.NewReader(cal), 64, 8000)
	if len(out.errs) != 1 || !strings.Contains(out.errs[0].Error(), "line longer than the limit of 8000 bytes") {
		t.Fatalf("errors %v, want one line too long", out.errs)
	}
	if len(out.events) != 4 {
		t.Fatalf("events %v", out.log)
	}
	if string(out.events[0].Summary) != long || len(out.events[1].Description) != 74*101 || string(out.events[3].Summary) != "after" {
		t.Errorf("long values not read whole: %d, %d", len(out.events[0].Summary), len(out.events[1].Description))
	}
}

// failingReader returns data and then a read error.
type failingReader struct {
	data string
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.data == "" {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestReadErrorIsFinal(t *testing.T) {
	boom := errors.New("disk on fire")
	cal := vevent("SUMMARY:a", "DTSTART:20260105T090000") + "BEGIN:VEVENT\r\nDTSTART:2026"
	r := newReaderSize(&failingReader{data: cal, err: boom}, "cal.ics", 16, 1<<20)
	if ev, err := r.Next(); err != nil || string(ev.Summary) != "a" {
		t.Fatalf("first event: %v, %v", ev, err)
	}
	for range 2 {
		if _, err := r.Next(); !errors.Is(err, boom) {
			t.Fatalf("Next = %v, want %v", err, boom)
		}
	}
}

func TestProgress(t *testing.T) {
	cal := "\xEF\xBB\xBF" + vevent("SUMMARY:a\r\n b", "DTSTART:20260105T090000") + "\r\n"
	_, r := readCal(t, cal)
	if r.BytesRead() != int64(len(cal)) {
		t.Errorf("BytesRead = %d, want %d", r.BytesRead(), len(cal))
	}
	if r.Line() != 9 {
		t.Errorf("Line = %d, want 9", r.Line())
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("Next after the end = %v, want io.EOF", err)
	}
}

func TestParseErrorFormat(t *testing.T) {
	e := &ParseError{File: "team/anna@acme.nl.ics", Line: 1234, Property: "DTSTART", Msg: `invalid date "2026-13-01"`}
	if got, want := e.Error(), `team/anna@acme.nl.ics:1234: DTSTART: invalid date "2026-13-01"`; got != want {
		t.Errorf("Error() = %s, want %s", got, want)
	}
	e.Property = ""
	if got, want := e.Error(), `team/anna@acme.nl.ics:1234: invalid date "2026-13-01"`; got != want {
		t.Errorf("Error() = %s, want %s", got, want)
	}
}

func TestEventMemoryIsReused(t *testing.T) {
	cal := outlookCalendar(200, true)
	r := NewReader(strings.NewReader(string(cal)), "cal.ics")
	for range 20 { // let the buffers reach their size
		if _, err := r.Next(); err != nil {
			t.Fatal(err)
		}
	}
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := r.Next(); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 0.1 {
		t.Errorf("%.2f allocations per event, want none", allocs)
	}
}

// TestZonesOfOneEvent checks that the dates of one event keep their own
// TZIDs when the zones repeat and change between lines, and that a zone
// of one event does not carry over to the next.
func TestZonesOfOneEvent(t *testing.T) {
	cal := vevent(
		"DTSTART;TZID=Europe/Amsterdam:20260105T090000",
		"DTEND;TZID=Europe/London:20260105T090000",
		"EXDATE;TZID=Europe/London:20260112T090000",
		"EXDATE;TZID=Europe/Amsterdam:20260119T090000,20260126T090000",
		"RDATE;TZID=Europe/Amsterdam:20260201T090000/20260201T100000",
	) + vevent("DTSTART;TZID=Europe/London:20260105T090000", "DTEND:20260105T100000")
	out, _ := readCal(t, cal)
	if len(out.events) != 2 {
		t.Fatalf("read %d events, want 2: %v", len(out.events), out.log)
	}
	ev := out.events[0]
	got := dt(ev.Start) + " " + dt(ev.End) + " " + strings.Join(dts(ev.ExDates), ",") + " " + strings.Join(dts(ev.RDates), ",") + " " + dt(ev.RDatePeriods[0].End)
	want := "2026-01-05T09:00:00@Europe/Amsterdam 2026-01-05T09:00:00@Europe/London " +
		"2026-01-12T09:00:00@Europe/London,2026-01-19T09:00:00@Europe/Amsterdam,2026-01-26T09:00:00@Europe/Amsterdam " +
		"2026-02-01T09:00:00@Europe/Amsterdam 2026-02-01T10:00:00@Europe/Amsterdam"
	if got != want {
		t.Errorf("dates of the first event:\n%s\nwant\n%s", got, want)
	}
	if ev := out.events[1]; dt(ev.Start) != "2026-01-05T09:00:00@Europe/London" || dt(ev.End) != "2026-01-05T10:00:00" {
		t.Errorf("dates of the second event: %s %s", dt(ev.Start), dt(ev.End))
	}
}
