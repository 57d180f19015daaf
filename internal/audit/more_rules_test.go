package audit

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/civil"
)

func TestWorkdaysAndHoursPerDay(t *testing.T) {
	cfg := week1(t)
	var err error
	if cfg.Workdays, err = ParseWorkdays("ma-do"); err != nil {
		t.Fatal(err)
	}
	cfg.HoursPerDay = 7.5
	rep := runAudit(t, cfg, memInput("cal.ics", calendar(`SUMMARY:Admin
DTSTART:20260105T090000Z
DTEND:20260105T100000Z`)))
	if w := personOf(t, rep, "anna@acme.nl").WorkingMinutes; w != 4*450 {
		t.Errorf("working = %d, want four days of 7.5 hours (%d)", w, 4*450)
	}
}

func TestParseWorkdays(t *testing.T) {
	cases := []struct {
		in   string
		want [7]bool
		ok   bool
	}{
		{"mon-fri", [7]bool{false, true, true, true, true, true, false}, true},
		{"Mon,Wed,friday", [7]bool{false, true, false, true, false, true, false}, true},
		{"sat-mon", [7]bool{true, true, false, false, false, false, true}, true},
		{"ma-vr", [7]bool{false, true, true, true, true, true, false}, true},
		{"funday", [7]bool{}, false},
		{"", [7]bool{}, false},
	}
	for _, c := range cases {
		got, err := ParseWorkdays(c.in)
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("ParseWorkdays(%q) = %v, %v; want %v, ok %v", c.in, got, err, c.want, c.ok)
		}
	}
}

func TestFloatingTimeWithoutCalendarZoneIsReadInTZ(t *testing.T) {
	rep := runAudit(t, week1(t), memInput("cal.ics", calendar(`SUMMARY:Admin
DTSTART:20260105T233000
DTEND:20260106T003000`)))
	p := personOf(t, rep, "anna@acme.nl")
	if p.OwnWorkMinutes != 60 || len(rep.Warnings) != 0 {
		t.Errorf("own work %d, warnings %v; want 60 and none", p.OwnWorkMinutes, rep.Warnings)
	}
}

func TestUnknownCalendarZoneWarns(t *testing.T) {
	cal := strings.Replace(calendar(`SUMMARY:Admin
DTSTART:20260105T090000
DTEND:20260105T100000`), "VERSION:2.0", "VERSION:2.0\r\nX-WR-TIMEZONE:Atlantis/Capital", 1)
	rep := runAudit(t, week1(t), memInput("cal.ics", cal))
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0].Message, "Atlantis/Capital") {
		t.Errorf("warnings = %v, want one about the unknown X-WR-TIMEZONE", rep.Warnings)
	}
}

func TestUnicodeWhiteSpaceInAName(t *testing.T) {
	rep := runAudit(t, week1(t), memInput("cal.ics", calendar("SUMMARY:Overleg ABN\u00a0\u2003AMRO\nDTSTART:20260105T090000Z\nDTEND:20260105T100000Z\nATTENDEE:mailto:piet@acme.nl")))
	if got := personOf(t, rep, "anna@acme.nl").InternalForClientMinutes; got != 60 {
		t.Errorf("internal for client = %d, want 60: non-breaking and em spaces fold", got)
	}
}

func TestRegistryListingOwnDomainWarns(t *testing.T) {
	cfg := week1(t)
	cfg.Clients = NewRegistry(append(testClients[:1:1], testClientsAcme...))
	rep := runAudit(t, cfg, memInput("cal.ics", calendar(`SUMMARY:Admin
DTSTART:20260105T090000Z
DTEND:20260105T100000Z`)))
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0].Message, "acme.nl") {
		t.Errorf("warnings = %v, want one about acme.nl", rep.Warnings)
	}
}

func TestFromWithoutTo(t *testing.T) {
	cfg := testConfig(t)
	cfg.From = civil.Date{Year: 2026, Month: 1, Day: 7}
	rep := runAudit(t, cfg, memInput("cal.ics", calendar(`SUMMARY:Admin
DTSTART:20260105T090000Z
DTEND:20260105T100000Z`, `SUMMARY:Admin
DTSTART:20260114T090000Z
DTEND:20260114T100000Z`)))
	if rep.Period.From != "2026-01-07" || rep.Period.To != "2026-01-14" {
		t.Errorf("period = %+v, want 2026-01-07 to the last counted day 2026-01-14", rep.Period)
	}
	if p := personOf(t, rep, "anna@acme.nl"); p.OwnWorkMinutes != 60 {
		t.Errorf("own work = %d, want only the event inside the period", p.OwnWorkMinutes)
	}
}

// With --from alone and nothing counted after it, the period has no last
// day; the report still gives the start that was asked for.
func TestFromWithNothingAfterIt(t *testing.T) {
	cfg := testConfig(t)
	cfg.From = civil.Date{Year: 2026, Month: 2, Day: 1}
	rep := runAudit(t, cfg, memInput("cal.ics", calendar(`SUMMARY:Admin
DTSTART:20260105T090000Z
DTEND:20260105T100000Z`)))
	if rep.Period.From != "2026-02-01" || rep.Period.To != "" {
		t.Errorf("period = %+v, want from 2026-02-01 and no last day", rep.Period)
	}
}

func TestCalendarAndTimesheetOfOnePersonAreSummed(t *testing.T) {
	csv := "person,start,end,duration,client,project,description,tags\n" +
		"anna@acme.nl,2026-01-05 13:00,2026-01-05 15:00,,Rabobank,,,\n"
	rep := runAudit(t, week1(t), memInput("cal.ics", calendar(`SUMMARY:Admin
DTSTART:20260105T090000Z
DTEND:20260105T100000Z`)), memInput("hours.csv", csv))
	p := personOf(t, rep, "anna@acme.nl")
	if p.WorkingMinutes != 5*480+120 || p.ClientMinutes != 120 || p.OwnWorkMinutes != 60 {
		t.Errorf("figures = %+v, want calendar and tracked time added", p.Figures)
	}
	if strings.Join(p.Sources, ",") != "calendar,timesheet" {
		t.Errorf("sources = %v", p.Sources)
	}
}

// Times in an export are local times in --tz: an entry across a
// daylight-saving change lasts the time that really passed, as a calendar
// event with the same local times does.
func TestTrackedTimeAcrossDaylightSavingChanges(t *testing.T) {
	header := "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()\n"
	tests := []struct {
		name, day, start, end string
		want                  int64
	}{
		{"spring forward", "2026-03-29", "01:30:00", "03:30:00", 60},
		{"fall back", "2026-10-25", "01:30:00", "03:30:00", 180},
		{"an ordinary night", "2026-01-05", "01:30:00", "03:30:00", 120},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			cfg.From, _ = ParseDate(tt.day)
			cfg.To = cfg.From
			csv := header + fmt.Sprintf("Bram,bram@acme.nl,,X,,deploy,No,%s,%s,%s,%s,,,\n", tt.day, tt.start, tt.day, tt.end)
			p := personOf(t, runAudit(t, cfg, memInput("toggl.csv", csv)), "bram@acme.nl")
			if p.InternalMinutes != tt.want || p.WorkingMinutes != tt.want {
				t.Errorf("internal %d, working %d minutes; want %d", p.InternalMinutes, p.WorkingMinutes, tt.want)
			}
		})
	}
}

// A minute belongs to every client named, by a client field or by a
// mention, also in an entry that is client time through its client field.
func TestTrackedClientTimeCreditsMentionedClients(t *testing.T) {
	csv := "person,start,end,duration,client,project,description,tags\n" +
		"eva@acme.nl,2026-01-05 11:00,12:00,,Rabobank,,with GU-2026,\n"
	p := personOf(t, runAudit(t, week1(t), memInput("hours.csv", csv)), "eva@acme.nl")
	want := []klaver.ClientMinutes{{Client: "Gemeente Utrecht", Minutes: 60}, {Client: "Rabobank", Minutes: 60}}
	if p.ClientMinutes != 60 || !slices.Equal(p.Clients, want) {
		t.Errorf("client %d minutes, clients %+v; want 60 for both clients", p.ClientMinutes, p.Clients)
	}
}

// A person named rather than addressed keeps the name as written.
func TestTrackedPersonKeepsTheName(t *testing.T) {
	csv := "Date,Client,Project,Project Code,Task,Notes,Hours,Billable?,Invoiced?,Approved?,First Name,Last Name\n" +
		"2026-01-05,Rabobank,P,,T,n,2.5,Yes,No,Yes,Carla,de Boer\n"
	rep := runAudit(t, week1(t), memInput("harvest.csv", csv))
	if len(rep.People) != 1 || rep.People[0].Person != "Carla de Boer" || rep.People[0].ClientMinutes != 150 {
		t.Errorf("people %+v, want Carla de Boer with 150 client minutes", rep.People)
	}
}

// RFC 5545 does not order a calendar's components: a VTIMEZONE, and
// X-WR-TIMEZONE, may follow the events that use them.
func TestZonesDefinedAfterTheirEvents(t *testing.T) {
	after := "BEGIN:VTIMEZONE\r\nTZID:My Custom Zone\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n" +
		"TZOFFSETFROM:-0300\r\nTZOFFSETTO:-0300\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nX-WR-TIMEZONE:Asia/Tokyo\r\nEND:VCALENDAR\r\n"
	cal := strings.Replace(calendar(`SUMMARY:Custom zone
DTSTART;TZID=My Custom Zone:20260105T190000
DTEND;TZID=My Custom Zone:20260105T210000`, `SUMMARY:Floating
DTSTART:20260107T020000
DTEND:20260107T030000`, `SUMMARY:Nowhere
DTSTART;TZID=Atlantis/Capital:20260108T090000
DTEND;TZID=Atlantis/Capital:20260108T100000`), "END:VCALENDAR\r\n", after, 1)
	// 19:00-21:00 at -03:00 is 23:00-01:00 in Amsterdam; 02:00 on the 7th
	// in Tokyo is 18:00 on the 6th in Amsterdam; the undefined zone is read
	// as Amsterdam's.
	want := map[string]int64{"2026-01-05": 60, "2026-01-06": 120, "2026-01-07": 0, "2026-01-08": 60}
	for day, minutes := range want {
		cfg := testConfig(t)
		cfg.From, _ = ParseDate(day)
		cfg.To = cfg.From
		rep := runAudit(t, cfg, memInput("cal.ics", cal))
		if p := personOf(t, rep, "anna@acme.nl"); p.OwnWorkMinutes != minutes {
			t.Errorf("%s: %d minutes of own work, want %d", day, p.OwnWorkMinutes, minutes)
		}
		if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0].Message, "Atlantis/Capital") {
			t.Errorf("%s: warnings %v, want one, about the zone the file does not define", day, rep.Warnings)
		}
	}
}
