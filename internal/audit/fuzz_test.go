package audit

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/civil"
)

// FuzzReadRegistry feeds arbitrary text to the client-registry reader: it
// must return clients or an error that names the file, never panic.
func FuzzReadRegistry(f *testing.F) {
	f.Add("name,domains,aliases\nRabobank,rabobank.nl;rabobank.com,Rabo;RAB\n")
	f.Add("\ufeffName ,Domains\n\"ABN AMRO\",abnamro.nl\n,,\n")
	f.Add("name\nA\na\n")
	f.Add("aliases,name\n\"x;y\",\"Gemeente \"\"Utrecht\"\"\"\n")
	f.Fuzz(func(t *testing.T, text string) {
		clients, err := ReadRegistry(strings.NewReader(text), "clients.csv")
		if err != nil {
			if !strings.Contains(err.Error(), "clients.csv") {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		reg := NewRegistry(clients)
		var scratch []byte
		reg.mention.find([]byte(text), &scratch, func(int) {})
	})
}

// FuzzAuditCalendar runs whole audits over arbitrary calendars: whatever
// the input, the audit ends without a panic, reports problems with a file
// and line, and its figures add up.
func FuzzAuditCalendar(f *testing.F) {
	f.Add(calendar(`SUMMARY:Rabo sync
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
RRULE:FREQ=WEEKLY;BYDAY=MO,TU;COUNT=5
EXDATE;TZID=Europe/Amsterdam:20260106T090000
ATTENDEE:mailto:jan@rabobank.nl`, `UID:eva@test
RECURRENCE-ID;TZID=Europe/Amsterdam:20260112T090000
SUMMARY:moved
DTSTART:20260113T120000Z
DURATION:PT30M`))
	f.Add(calendar(`SUMMARY:Vakantie
DTSTART;VALUE=DATE:20260105
DTEND;VALUE=DATE:20260110
RRULE:FREQ=YEARLY`))
	f.Add("BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:X\nBEGIN:DAYLIGHT\nDTSTART:19700329T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\nEND:DAYLIGHT\nEND:VTIMEZONE\nBEGIN:VEVENT\nUID:1\nDTSTART;TZID=X:20260329T023000\nDTEND;TZID=X:20260329T043000\nRRULE:FREQ=HOURLY;INTERVAL=7\nEND:VEVENT\nEND:VCALENDAR\n")
	cfg := DefaultConfig()
	cfg.TZ, cfg.TZName = time.UTC, "UTC"
	cfg.Clients = NewRegistry(testClients)
	cfg.Owner = "anna@acme.nl"
	cfg.From = civil.Date{Year: 2026, Month: 1, Day: 1}
	cfg.To = civil.Date{Year: 2026, Month: 3, Day: 31}
	f.Fuzz(func(t *testing.T, text string) {
		rep, err := Run(context.Background(), cfg, []Input{memInput("fuzz.ics", text)}, nil)
		if err != nil {
			var strict *StrictError
			if !errors.As(err, &strict) && !strings.HasPrefix(err.Error(), "fuzz.ics") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		for _, p := range rep.Skipped {
			if p.File != "fuzz.ics" {
				t.Errorf("problem without its file: %v", p)
			}
		}
		for _, p := range rep.People {
			checkFigures(t, p.Person, p.Figures)
			for _, w := range p.Weeks {
				checkFigures(t, p.Person+" "+w.Week, w.Figures)
			}
		}
	})
}

// checkFigures asserts what must hold for any figures: nothing negative,
// and the share in [0, 1] when the categories fit in working time.
func checkFigures(t *testing.T, who string, f klaver.Figures) {
	t.Helper()
	for _, m := range []int64{f.WorkingMinutes, f.ClientMinutes, f.InternalForClientMinutes, f.InternalMinutes, f.OwnWorkMinutes} {
		if m < 0 {
			t.Fatalf("%s: negative minutes in %+v", who, f)
		}
	}
	if f.InternalShare < 0 || (f.WorkingMinutes == 0 && f.InternalShare != 0) {
		t.Fatalf("%s: share %v with %d working minutes", who, f.InternalShare, f.WorkingMinutes)
	}
}
