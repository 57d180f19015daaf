package audit

import (
	"context"
	"strings"
	"testing"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/civil"
)

func runDetail(t *testing.T, cfg Config, inputs ...Input) (*klaver.Report, *Detail) {
	t.Helper()
	rep, det, err := RunDetail(context.Background(), cfg, inputs, nil)
	if err != nil {
		t.Fatalf("RunDetail: %v", err)
	}
	return rep, det
}

// A Wednesday-to-Thursday calendar audited in whole weeks counts the
// working days of the whole week, Monday to Friday.
func TestWholeWeeksWidensAnOpenPeriod(t *testing.T) {
	cfg := testConfig(t)
	cfg.WholeWeeks = true
	rep := runAudit(t, cfg, memInput("cal.ics", calendar(
		`SUMMARY:Call
DTSTART;TZID=Europe/Amsterdam:20260107T090000
DTEND;TZID=Europe/Amsterdam:20260107T100000
ATTENDEE:mailto:jan@rabobank.nl`,
		`SUMMARY:Admin
DTSTART;TZID=Europe/Amsterdam:20260115T090000
DTEND;TZID=Europe/Amsterdam:20260115T100000`,
	)))
	if rep.Period.From != "2026-01-05" || rep.Period.To != "2026-01-18" {
		t.Errorf("period = %+v, want 2026-01-05 to 2026-01-18", rep.Period)
	}
	if got := rep.Team.WorkingMinutes; got != 10*480 {
		t.Errorf("working minutes = %d, want %d (ten working days)", got, 10*480)
	}

	// A side that is given stays as given.
	cfg.From = civil.Date{Year: 2026, Month: 1, Day: 7}
	rep = runAudit(t, cfg, memInput("cal.ics", calendar(`SUMMARY:Call
DTSTART;TZID=Europe/Amsterdam:20260107T090000
DTEND;TZID=Europe/Amsterdam:20260107T100000`)))
	if rep.Period.From != "2026-01-07" || rep.Period.To != "2026-01-11" {
		t.Errorf("period = %+v, want 2026-01-07 to 2026-01-11", rep.Period)
	}
}

// The detail's seconds are what the report's minutes are rounded from:
// summing them per person, per week and for the team gives the report.
func TestDetailAddsUpToTheReport(t *testing.T) {
	csv := "person,start,end,duration,client,project,description,tags\n" +
		"bert@acme.nl,2026-01-05 13:00,2026-01-05 15:20,,Rabobank,,,\n" +
		"bert@acme.nl,2026-01-13 09:00,2026-01-13 09:41,,,,prep ABN AMRO,\n"
	rep, det := runDetail(t, testConfig(t), memInput("cal.ics", calendar(
		`SUMMARY:Call
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260105T102000
ATTENDEE:mailto:jan@rabobank.nl`,
		`SUMMARY:Rabo en ABN AMRO
DTSTART;TZID=Europe/Amsterdam:20260114T090000
DTEND;TZID=Europe/Amsterdam:20260114T093000
ATTENDEE:mailto:jan@rabobank.nl`,
		`SUMMARY:Weekly
UID:weekly@test
RRULE:FREQ=WEEKLY;COUNT=2
DTSTART;TZID=Europe/Amsterdam:20260106T090000
DTEND;TZID=Europe/Amsterdam:20260106T100000
ATTENDEE:mailto:piet@acme.nl`,
	)), memInput("hours.csv", csv))
	if len(det.People) != len(rep.People) {
		t.Fatalf("detail has %d people, report %d", len(det.People), len(rep.People))
	}
	var team klaver.Seconds
	teamClients := map[string]int64{}
	for i, pd := range det.People {
		pr := rep.People[i]
		if pd.Person != pr.Person || len(pd.Weeks) != len(pr.Weeks) {
			t.Fatalf("detail person %q with %d weeks, report %q with %d", pd.Person, len(pd.Weeks), pr.Person, len(pr.Weeks))
		}
		var total klaver.Seconds
		clients := map[string]int64{}
		for j, w := range pd.Weeks {
			if w.Week != pr.Weeks[j].Week || w.Figures(rep.MaxInternal) != pr.Weeks[j].Figures {
				t.Errorf("%s %s: detail %+v, report %+v", pd.Person, w.Week, w.Figures(rep.MaxInternal), pr.Weeks[j])
			}
			total.Add(w.Seconds)
			for _, c := range w.Clients {
				clients[c.Client] += c.Seconds
				teamClients[c.Client] += c.Seconds
			}
		}
		if total.Figures(rep.MaxInternal) != pr.Figures {
			t.Errorf("%s: detail total %+v, report %+v", pd.Person, total.Figures(rep.MaxInternal), pr.Figures)
		}
		for _, c := range pr.Clients {
			if klaver.Minutes(clients[c.Client]) != c.Minutes {
				t.Errorf("%s client %s: detail %ds, report %d minutes", pd.Person, c.Client, clients[c.Client], c.Minutes)
			}
		}
		team.Add(total)
	}
	if team.Figures(rep.MaxInternal) != rep.Team.Figures {
		t.Errorf("team: detail %+v, report %+v", team.Figures(rep.MaxInternal), rep.Team.Figures)
	}
	if len(teamClients) != 2 || klaver.Minutes(teamClients["Rabobank"]) != 80+140+30 {
		t.Errorf("team clients = %v, want Rabobank 250 minutes and ABN AMRO", teamClients)
	}
	anna, bert := det.People[0], det.People[1]
	if !anna.Calendar || bert.Calendar || bert.Weeks[0].Tracked != 140*60 {
		t.Errorf("calendar/tracked: anna %v, bert %v tracked %d", anna.Calendar, bert.Calendar, bert.Weeks[0].Tracked)
	}
	if len(anna.Series) != 1 || anna.Series[0].UID != "weekly@test" || anna.Series[0].Seconds != 2*3600 || anna.Series[0].Title != "Weekly" {
		t.Errorf("anna's series = %+v, want Weekly, 2 hours", anna.Series)
	}
}

func TestOnlyTeamMeetingsKeepTheirTitle(t *testing.T) {
	meeting := func(uid, title string, attendees ...string) string {
		ev := "SUMMARY:" + title + "\nUID:" + uid + "\nRRULE:FREQ=WEEKLY;COUNT=2\n" +
			"DTSTART;TZID=Europe/Amsterdam:20260106T090000\nDTEND;TZID=Europe/Amsterdam:20260106T100000\n" +
			"ORGANIZER:mailto:anna@acme.nl"
		for _, a := range attendees {
			ev += "\nATTENDEE:mailto:" + a
		}
		return ev
	}
	cfg := testConfig(t)
	cfg.TeamMembers = map[string]bool{"anna@acme.nl": true, "bert@acme.nl": true, "cees@acme.nl": true}
	_, det := runDetail(t, cfg, memInput("cal.ics", calendar(
		meeting("team@test", "Team sync", "BERT@acme.nl", "cees@acme.nl"),
		meeting("pair@test", "Salary talk Bert", "bert@acme.nl", "other@acme.nl", "more@acme.nl"),
	)))
	titles := map[string]string{}
	for _, s := range det.People[0].Series {
		titles[s.UID] = s.Title
	}
	if titles["team@test"] != "Team sync" || titles["pair@test"] != "" {
		t.Errorf("titles = %q; want the team meeting's title only", titles)
	}
}

// Two meetings of one title and cost are listed in the order of their
// people, the same on every run.
func TestSeriesOfEqualCostAndTitleHaveOneOrder(t *testing.T) {
	weekly := func(uid, with string) string {
		return "SUMMARY:Sync\nUID:" + uid + "\nRRULE:FREQ=WEEKLY;COUNT=2\n" +
			"DTSTART;TZID=Europe/Amsterdam:20260106T090000\nDTEND;TZID=Europe/Amsterdam:20260106T100000\n" +
			"ATTENDEE:mailto:" + with
	}
	other := strings.ReplaceAll(calendar(weekly("b@test", "kees@acme.nl")), "anna@acme.nl", "bert@acme.nl")
	var first []string
	for run := range 20 {
		rep := runAudit(t, testConfig(t), memInput("bert.ics", other), memInput("anna.ics", calendar(weekly("a@test", "piet@acme.nl"))))
		var got []string
		for _, s := range rep.Series {
			got = append(got, strings.Join(s.People, ","))
		}
		if run == 0 {
			first = got
			if len(got) != 2 || got[0] != "anna@acme.nl" {
				t.Fatalf("series people = %v, want anna's first", got)
			}
		} else if strings.Join(got, ";") != strings.Join(first, ";") {
			t.Fatalf("run %d: %v, first run %v", run, got, first)
		}
	}
}

// Occurrences of one series that overlap count their time once, and the
// series' cost counts each occurrence, as before the overlap was trimmed.
func TestOverlappingOccurrencesCountOnce(t *testing.T) {
	cfg := week1(t)
	rep := runAudit(t, cfg, memInput("cal.ics", calendar(`SUMMARY:Long sync
UID:long@test
RRULE:FREQ=DAILY;COUNT=3
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20260107T090000
ATTENDEE:mailto:piet@acme.nl`)))
	p := personOf(t, rep, "anna@acme.nl")
	// Monday 09:00 to Friday 09:00 is covered: 96 hours, once.
	if p.InternalMinutes != 96*60 {
		t.Errorf("internal minutes = %d, want %d", p.InternalMinutes, 96*60)
	}
	if len(rep.Series) != 1 || rep.Series[0].Minutes != 3*48*60 {
		t.Errorf("series = %+v, want one of 3 x 48 hours", rep.Series)
	}
}

// A series whose occurrences last far longer than its interval makes
// blocks for the time it covers, not for every day of every occurrence.
func TestLongOverlappingSeriesMakeFewBlocks(t *testing.T) {
	cfg := testConfig(t)
	cfg.shared = newShared()
	body := calendar(`SUMMARY:Year
UID:year@test
RRULE:FREQ=HOURLY;COUNT=2000
DTSTART;TZID=Europe/Amsterdam:20260105T090000
DTEND;TZID=Europe/Amsterdam:20270105T090000
ATTENDEE:mailto:piet@acme.nl`)
	ps := &problems{}
	p := newPerson(&cfg, "anna@acme.nl", ps.add, nil)
	if err := readCalendar(p, memInput("cal.ics", body)); err != nil {
		t.Fatal(err)
	}
	p.expandAll()
	// 365 days of the first occurrence, then about an hour each.
	if n := len(p.blocks); n > 3*(366+2000) {
		t.Errorf("%d blocks for 2000 year-long occurrences; want about one day's worth each", n)
	}
}
