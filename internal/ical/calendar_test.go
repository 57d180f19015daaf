package ical

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
)

// This file builds realistic calendars in memory for the tests and
// benchmarks: exports of the size people have, without keeping megabytes
// of test data.

// foldLine writes one content line folded at 75 octets with CRLF, as
// Outlook and Google write them.
func foldLine(b *bytes.Buffer, line string) {
	for len(line) > 75 {
		b.WriteString(line[:75])
		b.WriteString("\r\n ")
		line = line[75:]
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}

// escapeText escapes a TEXT value (RFC 5545 §3.3.11).
func escapeText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "\n", `\n`, ",", `\,`, ";", `\;`)
	return r.Replace(s)
}

var (
	firstNames = []string{"Anna", "Bram", "Chloé", "Daan", "Eva", "Finn", "Greet", "Hugo", "Iris", "Jan", "Sanne", "Tim"}
	lastNames  = []string{"de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Vos"}
	domains    = []string{"acme.nl", "acme.nl", "acme.nl", "rabobank.nl", "ing.com", "supplier.example", "gemeente.nl"}
	subjects   = []string{"Weekly sync", "Sprint review", "Rabo — roadmap, Q3", "1:1", "Architecture board",
		"Customer call; follow-up", "Lunch & learn", "Incident review", "Planning", "Budget 2026"}
	partStats = []string{"ACCEPTED", "ACCEPTED", "TENTATIVE", "NEEDS-ACTION", "DECLINED"}
)

// teamsBoilerplate is the text Outlook puts in the body of every Teams
// meeting.
const teamsBoilerplate = "\n________________________________________________________________________________\n" +
	"Microsoft Teams meeting\nJoin on your computer, mobile app or room device\n" +
	"Click here to join the meeting<https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ1ZTM4YjEtZDA2Ny00ZTM4LWE2ZDEtZmQ0YzdlYjE2ZTY3%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf%22%7d>\n" +
	"Meeting ID: 342 118 907 561\nPasscode: Xb7kQ2\n" +
	"Download Teams<https://www.microsoft.com/en-us/microsoft-teams/download-app> | Join on the web<https://www.microsoft.com/microsoft-teams/join-a-meeting>\n" +
	"Learn More<https://aka.ms/JoinTeamsMeeting> | Meeting options<https://teams.microsoft.com/meetingOptions/?organizerId=72f988bf&tenantId=72f988bf>\n" +
	"________________________________________________________________________________\n"

const windowsZone = "BEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16010101T030000\r\n" +
	"TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\n" +
	"BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n" +
	"RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"

func person(rng *rand.Rand) (name, email string) {
	f := firstNames[rng.IntN(len(firstNames))]
	l := lastNames[rng.IntN(len(lastNames))]
	d := domains[rng.IntN(len(domains))]
	return f + " " + l, strings.ToLower(strings.ReplaceAll(f+"."+l, " ", "")) + "@" + d
}

// outlookCalendar returns an Exchange-style export of n events of about
// 1 KB each: Teams boilerplate in DESCRIPTION, 3 to 8 attendees, Windows
// TZIDs, some weekly series with EXDATEs, some all-day absences. With
// altDesc every event also carries the X-ALT-DESC HTML body Outlook writes.
func outlookCalendar(n int, altDesc bool) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	b.WriteString("BEGIN:VCALENDAR\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nVERSION:2.0\r\nMETHOD:PUBLISH\r\n")
	b.WriteString("X-WR-CALNAME:anna.devries@acme.nl\r\n")
	b.WriteString(windowsZone)
	for i := range n {
		writeOutlookEvent(&b, rng, i, altDesc)
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.Bytes()
}

func writeOutlookEvent(b *bytes.Buffer, rng *rand.Rand, i int, altDesc bool) {
	day := 1 + i%28
	month := 1 + (i/28)%12
	hour := 8 + rng.IntN(9)
	subject := subjects[rng.IntN(len(subjects))]
	b.WriteString("BEGIN:VEVENT\r\n")
	orgName, orgMail := person(rng)
	foldLine(b, fmt.Sprintf("ORGANIZER;CN=%q:mailto:%s", orgName, orgMail))
	for range 3 + rng.IntN(6) {
		name, mail := person(rng)
		foldLine(b, fmt.Sprintf("ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=%s;RSVP=TRUE;CN=%q:mailto:%s",
			partStats[rng.IntN(len(partStats))], name, mail))
	}
	agenda := fmt.Sprintf("Agenda for %s:\n1. Actions from last time\n2. Status, risks; decisions\n3. AOB\n", subject)
	foldLine(b, "DESCRIPTION;LANGUAGE=en-US:"+escapeText(agenda+teamsBoilerplate))
	foldLine(b, "UID:040000008200E00074C5B7101A82E00800000000"+fmt.Sprintf("%032X", rng.Uint64())+fmt.Sprintf("%08d", i))
	foldLine(b, "SUMMARY;LANGUAGE=en-US:"+escapeText(subject))
	if i%25 == 0 {
		fmt.Fprintf(b, "DTSTART;VALUE=DATE:2026%02d%02d\r\nDTEND;VALUE=DATE:2026%02d%02d\r\n", month, day, month, day+1)
		b.WriteString("X-MICROSOFT-CDO-BUSYSTATUS:OOF\r\n")
	} else {
		fmt.Fprintf(b, "DTSTART;TZID=W. Europe Standard Time:2026%02d%02dT%02d0000\r\n", month, day, hour)
		fmt.Fprintf(b, "DTEND;TZID=W. Europe Standard Time:2026%02d%02dT%02d3000\r\n", month, day, hour)
		b.WriteString("X-MICROSOFT-CDO-BUSYSTATUS:BUSY\r\n")
	}
	if i%10 == 0 {
		b.WriteString("RRULE:FREQ=WEEKLY;UNTIL=20261231T230000Z;INTERVAL=1;BYDAY=MO,WE;WKST=MO\r\n")
		foldLine(b, fmt.Sprintf("EXDATE;TZID=W. Europe Standard Time:2026%02d%02dT%02d0000,2026%02d%02dT%02d0000",
			month, day, hour, month%12+1, day, hour))
	}
	b.WriteString("CLASS:PUBLIC\r\nPRIORITY:5\r\nDTSTAMP:20260101T120000Z\r\nTRANSP:OPAQUE\r\nSTATUS:CONFIRMED\r\nSEQUENCE:0\r\n")
	foldLine(b, "LOCATION;LANGUAGE=en-US:Microsoft Teams Meeting")
	b.WriteString("X-MICROSOFT-CDO-APPT-SEQUENCE:0\r\nX-MICROSOFT-CDO-OWNERAPPTID:2121246598\r\n" +
		"X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY\r\nX-MICROSOFT-CDO-ALLDAYEVENT:FALSE\r\nX-MICROSOFT-CDO-IMPORTANCE:1\r\n" +
		"X-MICROSOFT-CDO-INSTTYPE:0\r\nX-MICROSOFT-DONOTFORWARDMEETING:FALSE\r\nX-MICROSOFT-DISALLOW-COUNTER:FALSE\r\n")
	if altDesc {
		foldLine(b, "X-ALT-DESC;FMTTYPE=text/html:<html><head><meta name=\"Generator\" content=\"Microsoft Exchange Server\"></head><body><div>"+
			escapeText(strings.ReplaceAll(agenda+teamsBoilerplate, "\n", "<br>"))+"</div></body></html>")
	}
	b.WriteString("BEGIN:VALARM\r\nDESCRIPTION:REMINDER\r\nTRIGGER;RELATED=START:-PT15M\r\nACTION:DISPLAY\r\nEND:VALARM\r\n")
	b.WriteString("END:VEVENT\r\n")
}

// googleCalendar returns a Google-style export of n short events: IANA
// TZIDs, LF-free CRLF lines, a few attendees, little description.
func googleCalendar(n int) []byte {
	rng := rand.New(rand.NewPCG(3, 4))
	var b bytes.Buffer
	b.WriteString("BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\n" +
		"METHOD:PUBLISH\r\nX-WR-CALNAME:anna@acme.nl\r\nX-WR-TIMEZONE:Europe/Amsterdam\r\n")
	for i := range n {
		day, month, hour := 1+i%28, 1+(i/28)%12, 8+rng.IntN(9)
		b.WriteString("BEGIN:VEVENT\r\n")
		fmt.Fprintf(&b, "DTSTART;TZID=Europe/Amsterdam:2026%02d%02dT%02d0000\r\n", month, day, hour)
		fmt.Fprintf(&b, "DTEND;TZID=Europe/Amsterdam:2026%02d%02dT%02d3000\r\n", month, day, hour)
		b.WriteString("DTSTAMP:20260101T120000Z\r\n")
		_, org := person(rng)
		fmt.Fprintf(&b, "ORGANIZER;CN=%s:mailto:%s\r\n", org, org)
		fmt.Fprintf(&b, "UID:%016x@google.com\r\n", rng.Uint64())
		for range 1 + rng.IntN(4) {
			_, mail := person(rng)
			foldLine(&b, fmt.Sprintf("ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=%s;CN=%s;X-NUM-GUESTS=0:mailto:%s",
				partStats[rng.IntN(len(partStats))], mail, mail))
		}
		b.WriteString("CREATED:20251201T101010Z\r\n")
		foldLine(&b, "DESCRIPTION:"+escapeText("Notes: https://docs.google.com/document/d/1a2b3c4d5e6f/edit\nBring numbers."))
		b.WriteString("LAST-MODIFIED:20251201T101010Z\r\nLOCATION:\r\nSEQUENCE:0\r\nSTATUS:CONFIRMED\r\n")
		foldLine(&b, "SUMMARY:"+escapeText(subjects[rng.IntN(len(subjects))]))
		b.WriteString("TRANSP:OPAQUE\r\nEND:VEVENT\r\n")
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.Bytes()
}
