package audit

import (
	"reflect"
	"strings"
	"testing"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/civil"
)

func week1(t *testing.T) Config {
	cfg := testConfig(t)
	cfg.From, cfg.To = civil.Date{Year: 2026, Month: 1, Day: 5}, civil.Date{Year: 2026, Month: 1, Day: 11}
	return cfg
}

func TestOverlapCountsEachMinuteOnceForTheHighestCategory(t *testing.T) {
	rep := runAudit(t, week1(t), memInput("cal.ics", calendar(
		`SUMMARY:Team sync
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T110000
ATTENDEE:mailto:piet@acme.nl`,
		`SUMMARY:Call
DTSTART;TZID=Europe/Amsterdam:20260105T100000
DTEND;TZID=Europe/Amsterdam:20260105T113000
ATTENDEE:mailto:jan@rabobank.nl`,
		`SUMMARY:Prep Gemeente Utrecht
DTSTART;TZID=Europe/Amsterdam:20260105T103000
DTEND;TZID=Europe/Amsterdam:20260105T120000
ATTENDEE:mailto:piet@acme.nl`,
	)))
	p := personOf(t, rep, "anna@acme.nl")
	// 09-10 internal, 10-11:30 client (Rabobank), 11:30-12 internal for GU.
	if got, want := minutes(p.Figures), [4]int64{90, 30, 60, 0}; got != want {
		t.Errorf("minutes = %v, want %v", got, want)
	}
	wantClients := []klaver.ClientMinutes{{Client: "Rabobank", Minutes: 90}, {Client: "Gemeente Utrecht", Minutes: 30}}
	if !reflect.DeepEqual(p.Clients, wantClients) {
		t.Errorf("clients = %v, want %v", p.Clients, wantClients)
	}
}

func TestMinuteNamedByTwoClientsCountsForBoth(t *testing.T) {
	rep := runAudit(t, week1(t), memInput("cal.ics", calendar(
		`SUMMARY:Rabo en ABN AMRO samen
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
ATTENDEE:mailto:jan@rabobank.nl`,
	)))
	p := personOf(t, rep, "anna@acme.nl")
	want := []klaver.ClientMinutes{{Client: "ABN AMRO", Minutes: 60}, {Client: "Rabobank", Minutes: 60}}
	if !reflect.DeepEqual(p.Clients, want) {
		t.Errorf("clients = %v, want %v", p.Clients, want)
	}
	if p.ClientMinutes != 60 {
		t.Errorf("client minutes = %d, want 60 (counted once in the totals)", p.ClientMinutes)
	}
}

func TestWorkingTimeAndAbsences(t *testing.T) {
	cases := []struct {
		name    string
		events  []string
		working int64 // minutes in week 2026-W02
	}{
		{"five days of eight hours", nil, 5 * 480},
		{"all-day vacation removes a day", []string{`SUMMARY:Vakantie
DTSTART;VALUE=DATE:20260106
DTEND;VALUE=DATE:20260107
TRANSP:TRANSPARENT`}, 4 * 480},
		{"two absences on one day remove it once", []string{`SUMMARY:Vrij
DTSTART;VALUE=DATE:20260106
DTEND;VALUE=DATE:20260108`, `SUMMARY:Out of office
DTSTART;VALUE=DATE:20260106`}, 3 * 480},
		{"OOF busy status", []string{`SUMMARY:Weg
X-MICROSOFT-CDO-BUSYSTATUS:OOF
DTSTART;VALUE=DATE:20260109`}, 4 * 480},
		{"weekend absence changes nothing", []string{`SUMMARY:Ziek
DTSTART;VALUE=DATE:20260110
DTEND;VALUE=DATE:20260112`}, 5 * 480},
		{"other all-day events are ignored", []string{`SUMMARY:Verjaardag Piet
DTSTART;VALUE=DATE:20260106`}, 5 * 480},
		{"absence word must be a whole word", []string{`SUMMARY:Vrijdagborrel plannen
DTSTART;VALUE=DATE:20260106`}, 5 * 480},
		{"timed absence removes its time", []string{`SUMMARY:Tandarts (verlof)
DTSTART;TZID=Europe/Amsterdam:20260107T130000
DTEND;TZID=Europe/Amsterdam:20260107T150000`}, 5*480 - 120},
		{"transparent timed absence removes its time", []string{`SUMMARY:Verlof
TRANSP:TRANSPARENT
DTSTART;TZID=Europe/Amsterdam:20260107T130000
DTEND;TZID=Europe/Amsterdam:20260107T150000`, `SUMMARY:Herinnering
TRANSP:TRANSPARENT
DTSTART;TZID=Europe/Amsterdam:20260108T130000
DTEND;TZID=Europe/Amsterdam:20260108T150000`}, 5*480 - 120},
		{"timed absences are merged and capped at a day", []string{`SUMMARY:Sick
DTSTART;TZID=Europe/Amsterdam:20260107T000000
DTEND;TZID=Europe/Amsterdam:20260107T200000`, `SUMMARY:Sick
DTSTART;TZID=Europe/Amsterdam:20260107T100000
DTEND;TZID=Europe/Amsterdam:20260107T220000`}, 4 * 480},
		{"timed absence on an all-day absence day removes nothing more", []string{`SUMMARY:Vakantie
DTSTART;VALUE=DATE:20260107`, `SUMMARY:Leave
DTSTART;TZID=Europe/Amsterdam:20260108T090000
DTEND;TZID=Europe/Amsterdam:20260108T100000`, `SUMMARY:Leave
DTSTART;TZID=Europe/Amsterdam:20260107T090000
DTEND;TZID=Europe/Amsterdam:20260107T100000`}, 4*480 - 60},
		{"cancelled absence does not count", []string{`SUMMARY:Vakantie
STATUS:CANCELLED
DTSTART;VALUE=DATE:20260106`}, 5 * 480},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			events := append([]string{`SUMMARY:Admin
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000`}, c.events...)
			rep := runAudit(t, week1(t), memInput("cal.ics", calendar(events...)))
			p := personOf(t, rep, "anna@acme.nl")
			if len(p.Weeks) != 1 || p.Weeks[0].Week != "2026-W02" {
				t.Fatalf("weeks = %+v, want just 2026-W02", p.Weeks)
			}
			if p.Weeks[0].WorkingMinutes != c.working {
				t.Errorf("working minutes = %d, want %d", p.Weeks[0].WorkingMinutes, c.working)
			}
			if p.OwnWorkMinutes != 60 {
				t.Errorf("own work = %d, want 60: absences are no blocks and blocks still count", p.OwnWorkMinutes)
			}
		})
	}
}

func TestBlocksAreSplitAtMidnightAndWeeks(t *testing.T) {
	cfg := testConfig(t)
	rep := runAudit(t, cfg, memInput("cal.ics", calendar(
		`SUMMARY:Nachtwerk
DTSTART;TZID=Europe/Amsterdam:20260111T220000
DTEND;TZID=Europe/Amsterdam:20260112T020000`,
	)))
	if rep.Period.From != "2026-01-11" || rep.Period.To != "2026-01-12" {
		t.Errorf("period = %+v, want 2026-01-11 to 2026-01-12", rep.Period)
	}
	p := personOf(t, rep, "anna@acme.nl")
	if len(p.Weeks) != 2 {
		t.Fatalf("weeks = %+v, want two", p.Weeks)
	}
	if p.Weeks[0].Week != "2026-W02" || p.Weeks[0].OwnWorkMinutes != 120 || p.Weeks[0].WorkingMinutes != 0 {
		t.Errorf("first week = %+v, want 2026-W02 with 120 own-work minutes on a Sunday", p.Weeks[0])
	}
	if p.Weeks[1].Week != "2026-W03" || p.Weeks[1].OwnWorkMinutes != 120 || p.Weeks[1].WorkingMinutes != 480 {
		t.Errorf("second week = %+v, want 2026-W03 with 120 own-work minutes and one working day", p.Weeks[1])
	}
}

func TestEveryWeekOfThePeriodIsListed(t *testing.T) {
	cfg := testConfig(t)
	cfg.From, cfg.To = civil.Date{Year: 2025, Month: 12, Day: 24}, civil.Date{Year: 2026, Month: 1, Day: 20}
	rep := runAudit(t, cfg, memInput("cal.ics", calendar(`SUMMARY:Admin
DTSTART:20260105T090000Z
DTEND:20260105T100000Z`)))
	var got []string
	for _, w := range personOf(t, rep, "anna@acme.nl").Weeks {
		got = append(got, w.Week)
	}
	want := []string{"2025-W52", "2026-W01", "2026-W02", "2026-W03", "2026-W04"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("weeks = %v, want %v", got, want)
	}
	// 24–26 Dec: 3 days; W01 5; W02 5; W03 5; W04 Mon-Tue 2.
	if w := personOf(t, rep, "anna@acme.nl").WorkingMinutes; w != 20*480 {
		t.Errorf("working = %d, want %d", w, 20*480)
	}
}

func TestRoundingAndShare(t *testing.T) {
	cfg := week1(t)
	cfg.HoursPerDay = 1
	rep := runAudit(t, cfg, memInput("cal.ics", calendar(
		`SUMMARY:Sync
DTSTART:20260105T090000Z
DTEND:20260105T090030Z
ATTENDEE:mailto:piet@acme.nl`,
		`SUMMARY:Sync 2
DTSTART:20260106T090000Z
DTEND:20260106T093029Z
ATTENDEE:mailto:piet@acme.nl`,
	)))
	p := personOf(t, rep, "anna@acme.nl")
	// 30 s rounds up to 1 min; 30 min 29 s down to 30; the total 31 min 29 s to 31.
	if p.InternalMinutes != 31 {
		t.Errorf("internal = %d, want 31", p.InternalMinutes)
	}
	if p.InternalShare != 31.0/300 {
		t.Errorf("share = %v, want %v", p.InternalShare, 31.0/300)
	}
	if p.Verdict != "ok" {
		t.Errorf("verdict = %s", p.Verdict)
	}
}

func TestVerdictOverTheRule(t *testing.T) {
	cfg := week1(t)
	cfg.HoursPerDay = 1
	rep := runAudit(t, cfg, memInput("cal.ics", calendar(`SUMMARY:MT
DTSTART:20260105T090000Z
DTEND:20260105T103100Z
ATTENDEE:mailto:piet@acme.nl`)))
	p := personOf(t, rep, "anna@acme.nl")
	if p.Verdict != "over" || rep.Team.Verdict != "over" {
		t.Errorf("verdicts person %s team %s, want over (91 of 300 minutes)", p.Verdict, rep.Team.Verdict)
	}
}

func TestTimeZones(t *testing.T) {
	cases := []struct {
		name     string
		calendar string
		ownWork  int64 // minutes on Monday
		warn     string
	}{
		{"windows zone name", calendar(`SUMMARY:x
DTSTART;TZID="W. Europe Standard Time":20260105T233000
DTEND;TZID=W. Europe Standard Time:20260106T003000`), 30, ""},
		{"iana name in the wrong case", calendar(`SUMMARY:x
DTSTART;TZID=europe/AMSTERDAM:20260105T233000
DTEND;TZID=europe/AMSTERDAM:20260106T003000`), 30, ""},
		{"utc", calendar(`SUMMARY:x
DTSTART:20260105T223000Z
DTEND:20260105T233000Z`), 30, ""},
		{"unknown zone is read in --tz with a warning", calendar(`SUMMARY:x
DTSTART;TZID=Mars/Olympus:20260105T233000
DTEND;TZID=Mars/Olympus:20260106T003000`), 30, "Mars/Olympus"},
		{"floating time in X-WR-TIMEZONE", strings.Replace(calendar(`SUMMARY:x
DTSTART:20260105T173000
DTEND:20260105T183000`), "VERSION:2.0", "VERSION:2.0\r\nX-WR-TIMEZONE:America/New_York", 1), 30, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := runAudit(t, week1(t), memInput("cal.ics", c.calendar))
			p := personOf(t, rep, "anna@acme.nl")
			if p.OwnWorkMinutes != 60 || len(p.Weeks) != 1 {
				t.Fatalf("own work = %d, want 60", p.OwnWorkMinutes)
			}
			warned := ""
			for _, w := range rep.Warnings {
				warned += w.String()
			}
			if c.warn == "" && warned != "" || !strings.Contains(warned, c.warn) {
				t.Errorf("warnings = %q, want one naming %q", warned, c.warn)
			}
		})
	}
}

func TestCustomVTimezoneAndWindowsNameWinsOverItsDefinition(t *testing.T) {
	cal := `BEGIN:VCALENDAR
VERSION:2.0
X-WR-CALNAME:anna@acme.nl
BEGIN:VTIMEZONE
TZID:Eigen zone
BEGIN:STANDARD
DTSTART:19700101T000000
TZOFFSETFROM:+0300
TZOFFSETTO:+0300
END:STANDARD
END:VTIMEZONE
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:19700101T000000
TZOFFSETFROM:+0500
TZOFFSETTO:+0500
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:a
SUMMARY:custom
DTSTART;TZID=Eigen zone:20260105T010000
DTEND;TZID=Eigen zone:20260105T020000
END:VEVENT
BEGIN:VEVENT
UID:b
SUMMARY:windows
DTSTART;TZID=W. Europe Standard Time:20260106T000000
DTEND;TZID=W. Europe Standard Time:20260106T010000
END:VEVENT
END:VCALENDAR
`
	cfg := testConfig(t)
	rep := runAudit(t, cfg, memInput("cal.ics", cal))
	// 01:00+03:00 is 23:00 on Sunday in Amsterdam; the Windows name follows
	// the zone database, so its event stays on Tuesday.
	if rep.Period.From != "2026-01-04" || rep.Period.To != "2026-01-06" {
		t.Errorf("period = %+v, want 2026-01-04 to 2026-01-06", rep.Period)
	}
}
