package audit

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/klaver/klaver/internal/civil"
)

func TestRecurrence(t *testing.T) {
	cases := []struct {
		name     string
		events   []string
		internal int64 // minutes in January 2026
	}{
		{"weekly series", []string{`UID:s1
SUMMARY:Weekly sync
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
RRULE:FREQ=WEEKLY;BYDAY=MO
ATTENDEE:mailto:piet@acme.nl`}, 4 * 60},
		{"exdate lists and lines", []string{`UID:s1
SUMMARY:Weekly sync
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
RRULE:FREQ=WEEKLY;BYDAY=MO
EXDATE;TZID=Europe/Amsterdam:20260112T090000,20260119T090000
EXDATE:20260126T080000Z
ATTENDEE:mailto:piet@acme.nl`}, 60},
		{"rdate periods last their own time", []string{`UID:s1
SUMMARY:Sync
DTSTART;TZID=Europe/Amsterdam:20260105T120000
DTEND;TZID=Europe/Amsterdam:20260105T121000
RDATE;VALUE=PERIOD:20260106T110000Z/20260106T120000Z,20260107T110000Z/PT30M
RDATE;TZID=Europe/Amsterdam:20260108T090000
ATTENDEE:mailto:piet@acme.nl`}, 10 + 60 + 30 + 10},
		{"count includes dtstart off the rule", []string{`UID:s1
SUMMARY:Sync
DTSTART;TZID=Europe/Amsterdam:20260106T090000
DTEND;TZID=Europe/Amsterdam:20260106T100000
RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3
ATTENDEE:mailto:piet@acme.nl`}, 3 * 60},
		{"override in UTC moves and shortens one occurrence", []string{`UID:s1
SUMMARY:Weekly sync
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20260119T080000Z
ATTENDEE:mailto:piet@acme.nl`, `UID:s1
RECURRENCE-ID:20260112T080000Z
SUMMARY:Weekly sync (moved)
DTSTART;TZID=Europe/Amsterdam:20260113T140000
DTEND;TZID=Europe/Amsterdam:20260113T143000
ATTENDEE:mailto:piet@acme.nl`}, 60 + 30 + 60},
		{"cancelled override removes an occurrence", []string{`UID:s1
RECURRENCE-ID;TZID=Europe/Amsterdam:20260112T090000
STATUS:CANCELLED
DTSTART;TZID=Europe/Amsterdam:20260112T090000
DTEND;TZID=Europe/Amsterdam:20260112T100000`, `UID:s1
SUMMARY:Weekly sync
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
RRULE:FREQ=WEEKLY;COUNT=3
ATTENDEE:mailto:piet@acme.nl`}, 2 * 60},
		{"override that now names a client", []string{`UID:s1
SUMMARY:Weekly sync
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
RRULE:FREQ=WEEKLY;COUNT=2
ATTENDEE:mailto:piet@acme.nl`, `UID:s1
RECURRENCE-ID;TZID=Europe/Amsterdam:20260112T090000
SUMMARY:Weekly sync with Rabobank
DTSTART;TZID=Europe/Amsterdam:20260112T090000
DTEND;TZID=Europe/Amsterdam:20260112T100000
ATTENDEE:mailto:piet@acme.nl`}, 60},
		{"this and future shifts later occurrences", []string{`UID:s1
SUMMARY:Weekly sync
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
RRULE:FREQ=WEEKLY;COUNT=4
ATTENDEE:mailto:piet@acme.nl`, `UID:s1
RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Amsterdam:20260119T090000
SUMMARY:Weekly sync
DTSTART;TZID=Europe/Amsterdam:20260119T100000
DTEND;TZID=Europe/Amsterdam:20260119T103000
ATTENDEE:mailto:piet@acme.nl`}, 60 + 60 + 30 + 30},
		{"rdate adds occurrences", []string{`UID:s1
SUMMARY:Sync
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
RDATE;TZID=Europe/Amsterdam:20260107T090000,20260108T090000
ATTENDEE:mailto:piet@acme.nl`}, 3 * 60},
		{"declined override removes an occurrence", []string{`UID:s1
SUMMARY:Weekly sync
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
RRULE:FREQ=WEEKLY;COUNT=3
ATTENDEE:mailto:piet@acme.nl`, `UID:s1
RECURRENCE-ID;TZID=Europe/Amsterdam:20260112T090000
SUMMARY:Weekly sync
DTSTART;TZID=Europe/Amsterdam:20260112T090000
DTEND;TZID=Europe/Amsterdam:20260112T100000
ATTENDEE;PARTSTAT=DECLINED:mailto:anna@acme.nl
ATTENDEE:mailto:piet@acme.nl`}, 2 * 60},
		{"declined this and future removes the rest", []string{`UID:s1
SUMMARY:Weekly sync
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
RRULE:FREQ=WEEKLY;COUNT=4
ATTENDEE:mailto:piet@acme.nl`, `UID:s1
RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Amsterdam:20260119T090000
SUMMARY:Weekly sync
DTSTART;TZID=Europe/Amsterdam:20260119T090000
DTEND;TZID=Europe/Amsterdam:20260119T100000
ATTENDEE;PARTSTAT=DECLINED:mailto:anna@acme.nl
ATTENDEE:mailto:piet@acme.nl`}, 2 * 60},
		{"zero-length series counts its rdate periods", []string{`UID:s1
SUMMARY:Sync
DTSTART;TZID=Europe/Amsterdam:20260105T120000
DTEND;TZID=Europe/Amsterdam:20260105T120000
RDATE;VALUE=PERIOD:20260106T110000Z/20260106T120000Z
ATTENDEE:mailto:piet@acme.nl`}, 60},
		{"endless daily rule is bounded by the period", []string{`UID:s1
SUMMARY:Standup
DTSTART;TZID=Europe/Amsterdam:20200101T091500
DURATION:PT15M
RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR
ATTENDEE:mailto:piet@acme.nl`}, 22 * 15},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := testConfig(t)
			cfg.From, cfg.To = civil.Date{Year: 2026, Month: 1, Day: 1}, civil.Date{Year: 2026, Month: 1, Day: 31}
			rep := runAudit(t, cfg, memInput("cal.ics", calendar(c.events...)))
			if len(rep.Skipped) > 0 {
				t.Fatalf("skipped: %v", rep.Skipped)
			}
			p := personOf(t, rep, "anna@acme.nl")
			if got := p.InternalMinutes; got != c.internal {
				t.Errorf("internal minutes = %d, want %d", got, c.internal)
			}
		})
	}
}

func TestSeriesCostAcrossPeople(t *testing.T) {
	cfg := testConfig(t)
	cfg.From, cfg.To = civil.Date{Year: 2026, Month: 1, Day: 5}, civil.Date{Year: 2026, Month: 1, Day: 18}
	series := `UID:weekly-sync@acme.nl
SUMMARY:Weekly sync
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
RRULE:FREQ=WEEKLY
ORGANIZER:mailto:anna@acme.nl
ATTENDEE:mailto:anna@acme.nl
ATTENDEE:mailto:piet@acme.nl`
	anna := calendar(series)
	piet := strings.Replace(calendar(series), "X-WR-CALNAME:anna@acme.nl", "X-WR-CALNAME:piet@acme.nl", 1)
	rep := runAudit(t, cfg, memInput("anna.ics", anna), memInput("piet.ics", piet))
	if len(rep.Series) != 1 {
		t.Fatalf("series = %+v, want one", rep.Series)
	}
	s := rep.Series[0]
	if s.Title != "Weekly sync" || len(s.People) != 2 || s.Minutes != 4*60 || s.WeeklyMinutes != 2*60 {
		t.Errorf("series = %+v, want Weekly sync, 2 people, 240 minutes, 120 a week", s)
	}
}

func TestOwner(t *testing.T) {
	body := func(header string) string {
		return "BEGIN:VCALENDAR\nVERSION:2.0\n" + header + `BEGIN:VEVENT
UID:1
DTSTART:20260105T090000Z
DTEND:20260105T100000Z
ORGANIZER:mailto:boss@acme.nl
ATTENDEE:mailto:kees@acme.nl
END:VEVENT
BEGIN:VEVENT
UID:2
DTSTART:20260106T090000Z
DTEND:20260106T100000Z
ORGANIZER:mailto:kees@acme.nl
ATTENDEE;CUTYPE=ROOM:mailto:room@acme.nl
END:VEVENT
BEGIN:VEVENT
UID:3
DTSTART:20260107T090000Z
DTEND:20260107T100000Z
ATTENDEE;CUTYPE=ROOM:mailto:room@acme.nl
ATTENDEE:mailto:Kees@acme.nl
END:VEVENT
END:VCALENDAR
`
	}
	cases := []struct {
		name, file, body, flag, want string
	}{
		{"flag wins", "x.ics", body("X-WR-CALNAME:anna@acme.nl\n"), "Lies@acme.nl", "lies@acme.nl"},
		{"calendar name", "x.ics", body("X-WR-CALNAME:Anna@Acme.nl\n"), "", "anna@acme.nl"},
		{"file name", "dir/jan@acme.nl.ics", body("X-WR-CALNAME:Jan de Vries\n"), "", "jan@acme.nl"},
		{"most frequent attendee", "export.ics", body(""), "", "kees@acme.nl"},
		{"calendar name after the events", "export.ics",
			strings.Replace(body(""), "END:VCALENDAR", "X-WR-CALNAME:boss@acme.nl\nEND:VCALENDAR", 1), "", "boss@acme.nl"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := testConfig(t)
			cfg.Owner = c.flag
			rep := runAudit(t, cfg, memInput(c.file, c.body))
			if len(rep.People) != 1 || rep.People[0].Person != c.want {
				t.Errorf("people = %+v, want just %s", rep.People, c.want)
			}
		})
	}
}

func TestTwoCalendarsOfOnePersonCountOverlapOnce(t *testing.T) {
	ev := `SUMMARY:Admin
DTSTART:20260105T090000Z
DTEND:20260105T100000Z`
	rep := runAudit(t, week1(t), memInput("a.ics", calendar(ev)), memInput("b.ics", calendar(ev)))
	if p := personOf(t, rep, "anna@acme.nl"); p.OwnWorkMinutes != 60 || p.WorkingMinutes != 5*480 {
		t.Errorf("own work %d working %d, want 60 and %d", p.OwnWorkMinutes, p.WorkingMinutes, 5*480)
	}
}

func TestBadEventsAreSkippedAndReported(t *testing.T) {
	cal := calendar(`SUMMARY:ok
DTSTART:20260105T090000Z
DTEND:20260105T100000Z`, `SUMMARY:bad date
DTSTART:20261301T090000Z`, `SUMMARY:bad rule
DTSTART:20260106T090000Z
DTEND:20260106T100000Z
RRULE:FREQ=SOMETIMES`, `SUMMARY:backwards
DTSTART:20260107T090000Z
DTEND:20260107T080000Z`, `SUMMARY:negative
DTSTART:20260108T090000Z
DURATION:-PT1H`)
	rep := runAudit(t, testConfig(t), memInput("team/anna@acme.nl.ics", cal))
	if rep.SkippedTotal != 4 {
		t.Fatalf("skipped %d: %v, want 4", rep.SkippedTotal, rep.Skipped)
	}
	// An end before the start is blamed on the line that gives the end.
	if got := rep.Skipped[2].String() + " | " + rep.Skipped[3].String(); got !=
		"team/anna@acme.nl.ics:27: DTEND is before DTSTART | team/anna@acme.nl.ics:33: DURATION is negative" {
		t.Errorf("problems %q", got)
	}
	for _, p := range rep.Skipped {
		if p.File != "team/anna@acme.nl.ics" || p.Line == 0 {
			t.Errorf("problem %v has no file:line", p)
		}
	}
	if !strings.Contains(rep.Skipped[0].String(), "DTSTART") || !strings.Contains(rep.Skipped[1].String(), "RRULE") {
		t.Errorf("problems do not name the property: %v", rep.Skipped)
	}
	// The event with the bad rule still counts its DTSTART.
	if p := personOf(t, rep, "anna@acme.nl"); p.OwnWorkMinutes != 120 {
		t.Errorf("own work = %d, want 120 from the good event and the first occurrence", p.OwnWorkMinutes)
	}

	cfg := testConfig(t)
	cfg.Strict = true
	if _, err := Run(t.Context(), cfg, []Input{memInput("team/anna@acme.nl.ics", cal)}, nil); err == nil || !strings.HasPrefix(err.Error(), "team/anna@acme.nl.ics:") {
		t.Errorf("strict: err = %v, want the first problem as file:line", err)
	}
}

// A series too frequent to expand in full is cut short with a warning,
// unless the cut falls after the period: then it was counted in full.
func TestCutShortWarnsOnlyWithinThePeriod(t *testing.T) {
	cal := calendar(`SUMMARY:Every second
DTSTART:20260105T150000Z
DTEND:20260105T150001Z
RRULE:FREQ=SECONDLY`)
	for _, tt := range []struct {
		to       string
		warnings int
	}{{"2026-01-05", 0}, {"2026-01-09", 1}} {
		cfg := week1(t)
		cfg.To, _ = ParseDate(tt.to)
		rep := runAudit(t, cfg, memInput("cal.ics", cal))
		if len(rep.Warnings) != tt.warnings {
			t.Errorf("to %s: warnings %v, want %d", tt.to, rep.Warnings, tt.warnings)
		}
		if tt.warnings == 0 {
			if p := personOf(t, rep, "anna@acme.nl"); p.OwnWorkMinutes != 8*60 {
				t.Errorf("to %s: own work %d minutes, want 16:00 (Amsterdam) to midnight in full", tt.to, p.OwnWorkMinutes)
			}
		}
	}
}

// An hourly series over a spring-forward gap: 02:30 does not exist and is
// read as 03:30, which is also the next occurrence. Duplicate instances
// count once (RFC 5545 §3.8.5.3), in the figures and in a series' cost.
func TestOccurrencesAtOneInstantCountOnce(t *testing.T) {
	cfg := testConfig(t)
	cfg.From, _ = ParseDate("2026-03-29")
	cfg.To = cfg.From
	cfg.Workdays = [7]bool{true, true, true, true, true, true, true} // the Sunday counts
	rep, _ := runDetail(t, cfg, memInput("cal.ics", calendar(`SUMMARY:Hourly check
DTSTART;TZID=Europe/Amsterdam:20260329T013000
DTEND;TZID=Europe/Amsterdam:20260329T014500
RRULE:FREQ=HOURLY;COUNT=4
ATTENDEE:mailto:piet@acme.nl`)))
	// 01:30, 02:30 = 03:30, 04:30: three quarters of an hour.
	if p := personOf(t, rep, "anna@acme.nl"); p.InternalMinutes != 45 {
		t.Errorf("internal %d minutes, want 45", p.InternalMinutes)
	}
	if len(rep.Series) != 1 || rep.Series[0].Minutes != 45 {
		t.Errorf("series %+v, want one of 45 minutes", rep.Series)
	}
}

// TestInstantSet checks the set against a map over sequences that rise
// with now and then an instant that falls back, as a DST gap makes them,
// some equal to one added before.
func TestInstantSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 2000 {
		var s instantSet
		want := map[int64]bool{}
		at := rng.Int64N(1000)
		for i := range 1 + rng.IntN(60) {
			switch rng.IntN(10) {
			case 0:
				at -= rng.Int64N(5) // back into what was added
			case 1:
				// the same instant again
			default:
				at += 1 + rng.Int64N(3)
			}
			isNew := !want[at]
			want[at] = true
			if got := s.add(at); got != isNew {
				t.Fatalf("round %d, instant %d (%d): add reported %v, want %v", round, i, at, got, isNew)
			}
		}
	}
}
