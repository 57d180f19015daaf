package audit

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/civil"
)

// registry used by most tests.
var testClients = []klaver.ClientRecord{
	{Name: "Rabobank", Domains: []string{"rabobank.nl", "rabobank.com"}, Aliases: []string{"Rabo", "RAB"}},
	{Name: "Gemeente Utrecht", Domains: []string{"utrecht.nl"}, Aliases: []string{"GU-2026"}},
	{Name: "ABN AMRO", Domains: []string{"abnamro.nl"}},
}

// testClientsAcme is a registry mistake: the organisation's own domain.
var testClientsAcme = []klaver.ClientRecord{{Name: "Acme", Domains: []string{"acme.nl"}}}

func testConfig(t *testing.T) Config {
	t.Helper()
	cfg := DefaultConfig()
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	cfg.TZ, cfg.TZName = loc, "Europe/Amsterdam"
	cfg.Clients = NewRegistry(testClients)
	cfg.Workers = 2
	return cfg
}

func memInput(name, body string) Input {
	kind := Calendar
	if strings.HasSuffix(name, ".csv") {
		kind = Timesheet
	}
	return Input{Name: name, Kind: kind, Size: int64(len(body)), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(body)), nil
	}}
}

// calendar wraps VEVENT bodies in a calendar of anna@acme.nl.
func calendar(events ...string) string {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nX-WR-CALNAME:anna@acme.nl\r\n")
	for i, e := range events {
		b.WriteString("BEGIN:VEVENT\r\n")
		if !strings.Contains(e, "UID:") {
			b.WriteString("UID:ev" + string(rune('a'+i)) + "@test\r\n")
		}
		b.WriteString(strings.ReplaceAll(strings.TrimSpace(e), "\n", "\r\n"))
		b.WriteString("\r\nEND:VEVENT\r\n")
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.String()
}

func runAudit(t *testing.T, cfg Config, inputs ...Input) *klaver.Report {
	t.Helper()
	rep, err := Run(context.Background(), cfg, inputs, nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return rep
}

func personOf(t *testing.T, rep *klaver.Report, who string) klaver.PersonReport {
	t.Helper()
	for _, p := range rep.People {
		if p.Person == who {
			return p
		}
	}
	t.Fatalf("no person %q in report (people: %v)", who, rep.People)
	return klaver.PersonReport{}
}

// minutes returns the four category minutes of a figure set.
func minutes(f klaver.Figures) [4]int64 {
	return [4]int64{f.ClientMinutes, f.InternalForClientMinutes, f.InternalMinutes, f.OwnWorkMinutes}
}

func TestCategories(t *testing.T) {
	cases := []struct {
		name  string
		event string
		want  [4]int64 // client, internal_for_client, internal, own_work
	}{
		{"client by attendee domain", `SUMMARY:Kwartaalgesprek
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
ORGANIZER:mailto:anna@acme.nl
ATTENDEE;PARTSTAT=ACCEPTED:mailto:Jan@Rabobank.nl`, [4]int64{60, 0, 0, 0}},
		{"client by subdomain", `SUMMARY:Call
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
ATTENDEE:mailto:jan@mail.rabobank.nl
ATTENDEE:mailto:anna@acme.nl`, [4]int64{60, 0, 0, 0}},
		{"mention without participants is client work", `SUMMARY:Focus: Gemeente   Utrecht rapport
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T103000`, [4]int64{90, 0, 0, 0}},
		{"colleagues and a mention", `SUMMARY:Voorbereiding Rabo-team pitch
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
ATTENDEE:mailto:piet@acme.nl`, [4]int64{0, 60, 0, 0}},
		{"mention in parentheses", `SUMMARY:Sync (Rabo)
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
ATTENDEE:mailto:piet@acme.nl`, [4]int64{0, 60, 0, 0}},
		{"word inside a longer word is no mention", `SUMMARY:Rabobankier RAB2026 overleg
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
ATTENDEE:mailto:piet@acme.nl`, [4]int64{0, 0, 60, 0}},
		{"mention in description with escaped line break", `SUMMARY:Overleg
DESCRIPTION:Agenda:\nvoorstel ABN\nAMRO
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
ATTENDEE:mailto:piet@acme.nl`, [4]int64{0, 60, 0, 0}},
		{"mention in location", `SUMMARY:Overleg
LOCATION:Kantoor Rabobank Utrecht
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
ATTENDEE:mailto:piet@acme.nl`, [4]int64{0, 60, 0, 0}},
		{"mention in categories, any case", `SUMMARY:Overleg
CATEGORIES:Werk,gu-2026
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
ATTENDEE:mailto:piet@acme.nl`, [4]int64{0, 60, 0, 0}},
		{"supplier is internal", `SUMMARY:Leverancier
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
ATTENDEE:mailto:sales@supplier.com`, [4]int64{0, 0, 60, 0}},
		{"room is no participant", `SUMMARY:Schrijven
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
ATTENDEE;CUTYPE=ROOM:mailto:zaal-3@acme.nl
ATTENDEE;CUTYPE=RESOURCE:mailto:beamer@acme.nl
ATTENDEE:MAILTO:ANNA@ACME.NL`, [4]int64{0, 0, 0, 60}},
		{"tentative counts", `SUMMARY:Sync
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
ATTENDEE;PARTSTAT=TENTATIVE:mailto:anna@acme.nl
ATTENDEE:mailto:piet@acme.nl`, [4]int64{0, 0, 60, 0}},
		{"declined is left out", `SUMMARY:Sync
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
ATTENDEE;PARTSTAT=DECLINED:mailto:anna@acme.nl
ATTENDEE:mailto:piet@acme.nl`, [4]int64{0, 0, 0, 0}},
		{"cancelled is left out", `SUMMARY:Sync
STATUS:CANCELLED
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000
ATTENDEE:mailto:piet@acme.nl`, [4]int64{0, 0, 0, 0}},
		{"transparent is left out", `SUMMARY:Herinnering
TRANSP:TRANSPARENT
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T100000`, [4]int64{0, 0, 0, 0}},
		{"duration instead of end", `SUMMARY:Admin
DTSTART:20260105T080000Z
DURATION:PT45M`, [4]int64{0, 0, 0, 45}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := testConfig(t)
			cfg.From, cfg.To = civil.Date{Year: 2026, Month: 1, Day: 5}, civil.Date{Year: 2026, Month: 1, Day: 9}
			rep := runAudit(t, cfg, memInput("cal.ics", calendar(c.event)))
			if got := minutes(personOf(t, rep, "anna@acme.nl").Figures); got != c.want {
				t.Errorf("minutes (client, internal_for_client, internal, own_work) = %v, want %v", got, c.want)
			}
		})
	}
}
