package gen

import "strconv"

const (
	tzAmsterdam = "Europe/Amsterdam"
	tzWindows   = "W. Europe Standard Time"
)

// googleEvent writes e as Google Calendar exports it: single events in
// UTC, series in the calendar's zone, every attendee with CUTYPE, ROLE,
// PARTSTAT and X-NUM-GUESTS, empty DESCRIPTION and LOCATION kept.
func (cw *calendarWriter) googleEvent(e *Event) {
	lw := cw.lw
	lw.prop("BEGIN", "VEVENT")
	utc := e.Rule == nil && !e.IsOverride()
	cw.when("DTSTART", e.Start, e.AllDay, utc, tzAmsterdam)
	cw.when("DTEND", e.End, e.AllDay, utc, tzAmsterdam)
	if e.Rule != nil {
		lw.prop("RRULE", ruleValue(e, Google))
		for _, x := range e.Rule.ExDates {
			cw.when("EXDATE", x, false, false, tzAmsterdam)
		}
	}
	cw.stampProp()
	if e.Organizer.Email != "" {
		lw.begin("ORGANIZER")
		lw.param("CN", googleName(e.Organizer))
		lw.mailto(e.Organizer.Email)
		lw.end()
	}
	lw.prop("UID", e.UID)
	for _, a := range e.Attendees {
		lw.begin("ATTENDEE")
		if a.Room {
			lw.param("CUTYPE", "RESOURCE")
		} else {
			lw.param("CUTYPE", "INDIVIDUAL")
		}
		lw.param("ROLE", "REQ-PARTICIPANT")
		lw.param("PARTSTAT", a.PartStat)
		lw.param("CN", googleName(a))
		lw.param("X-NUM-GUESTS", "0")
		lw.mailto(a.Email)
		lw.end()
	}
	if e.IsOverride() {
		cw.when("RECURRENCE-ID", e.RecurrenceID, false, false, tzAmsterdam)
	}
	cw.utcProp("CREATED", e.Created)
	lw.textProp("DESCRIPTION", e.Description)
	cw.utcProp("LAST-MODIFIED", lastModified(e))
	lw.textProp("LOCATION", e.Location)
	lw.prop("SEQUENCE", itoa(e.Sequence))
	lw.prop("STATUS", status(e))
	lw.textProp("SUMMARY", e.Summary)
	lw.prop("TRANSP", transp(e))
	lw.prop("END", "VEVENT")
}

// googleName is the CN Google writes: the name of a colleague or room, the
// address of anyone else.
func googleName(a Attendee) string {
	if a.Room || isColleague(a.Email) {
		return a.Name
	}
	return a.Email
}

// outlookEvent writes e as Outlook's "Save calendar" does: Windows zone
// names, attendees without the organiser, the X-MICROSOFT-CDO properties
// that carry free/busy and out-of-office.
func (cw *calendarWriter) outlookEvent(e *Event) {
	lw := cw.lw
	lw.prop("BEGIN", "VEVENT")
	for _, a := range e.Attendees {
		if a.Email == e.Organizer.Email {
			continue
		}
		lw.begin("ATTENDEE")
		lw.param("CN", outlookName(a))
		if a.Room {
			lw.param("CUTYPE", "RESOURCE")
			lw.param("ROLE", "NON-PARTICIPANT")
		}
		if a.PartStat != partAccepted {
			lw.param("PARTSTAT", a.PartStat)
		}
		lw.param("RSVP", "TRUE")
		lw.mailto(a.Email)
		lw.end()
	}
	lw.prop("CLASS", "PUBLIC")
	cw.utcProp("CREATED", e.Created)
	if e.Description != "" {
		lw.textProp("DESCRIPTION", e.Description)
	}
	cw.when("DTEND", e.End, e.AllDay, false, tzWindows)
	cw.stampProp()
	cw.when("DTSTART", e.Start, e.AllDay, false, tzWindows)
	if e.Rule != nil {
		for _, x := range e.Rule.ExDates {
			cw.when("EXDATE", x, false, false, tzWindows)
		}
	}
	cw.utcProp("LAST-MODIFIED", lastModified(e))
	if e.Location != "" {
		lw.textProp("LOCATION", e.Location)
	}
	if e.Organizer.Email != "" {
		lw.begin("ORGANIZER")
		lw.param("CN", outlookName(e.Organizer))
		lw.mailto(e.Organizer.Email)
		lw.end()
	}
	lw.prop("PRIORITY", "5")
	if e.IsOverride() {
		cw.when("RECURRENCE-ID", e.RecurrenceID, false, false, tzWindows)
	}
	if e.Rule != nil {
		lw.prop("RRULE", ruleValue(e, Outlook))
	}
	lw.prop("SEQUENCE", itoa(e.Sequence))
	if e.Cancelled {
		lw.prop("STATUS", "CANCELLED")
	}
	lw.begin("SUMMARY")
	lw.param("LANGUAGE", "nl-NL")
	lw.text(e.Summary)
	lw.end()
	lw.prop("TRANSP", transp(e))
	lw.prop("UID", e.UID)
	lw.prop("X-MICROSOFT-CDO-BUSYSTATUS", busyStatus(e, cw.owner.Email))
	lw.prop("X-MICROSOFT-CDO-IMPORTANCE", "1")
	lw.prop("X-MICROSOFT-CDO-INTENDEDSTATUS", busyStatus(e, cw.owner.Email))
	if e.AllDay {
		lw.prop("X-MICROSOFT-CDO-ALLDAYEVENT", "TRUE")
	} else {
		lw.prop("X-MICROSOFT-CDO-ALLDAYEVENT", "FALSE")
	}
	lw.prop("X-MICROSOFT-DISALLOW-COUNTER", "FALSE")
	lw.prop("X-MS-OLK-AUTOFILLLOCATION", "FALSE")
	lw.prop("X-MS-OLK-CONFTYPE", "0")
	lw.prop("END", "VEVENT")
}

// busyStatus is what Outlook shows the owner's time as.
func busyStatus(e *Event, owner string) string {
	switch {
	case e.OutOfOffice:
		return "OOF"
	case e.Transparent || e.Cancelled:
		return "FREE"
	case e.PartStat(owner) == partTentative:
		return "TENTATIVE"
	}
	return "BUSY"
}

// appleEvent writes e as Calendar on macOS exports it: properties in its
// own order, EMAIL on every attendee, an alarm on meetings, and a
// RECURRENCE-ID in UTC for series that came in from Exchange.
func (cw *calendarWriter) appleEvent(e *Event) {
	lw := cw.lw
	lw.prop("BEGIN", "VEVENT")
	cw.utcProp("CREATED", e.Created)
	lw.prop("UID", e.UID)
	cw.when("DTEND", e.End, e.AllDay, false, tzAmsterdam)
	for _, a := range e.Attendees {
		lw.begin("ATTENDEE")
		lw.param("CN", a.Name)
		if a.Room {
			lw.param("CUTYPE", "ROOM")
		} else {
			lw.param("CUTYPE", "INDIVIDUAL")
		}
		lw.param("EMAIL", a.Email)
		lw.param("PARTSTAT", a.PartStat)
		lw.param("ROLE", "REQ-PARTICIPANT")
		lw.mailto(a.Email)
		lw.end()
	}
	lw.prop("TRANSP", transp(e))
	if e.Location != "" {
		lw.prop("X-APPLE-TRAVEL-ADVISORY-BEHAVIOR", "AUTOMATIC")
	}
	lw.textProp("SUMMARY", e.Summary)
	cw.utcProp("LAST-MODIFIED", lastModified(e))
	cw.stampProp()
	cw.when("DTSTART", e.Start, e.AllDay, false, tzAmsterdam)
	lw.prop("SEQUENCE", itoa(e.Sequence))
	if e.Organizer.Email != "" {
		lw.begin("ORGANIZER")
		lw.param("CN", e.Organizer.Name)
		lw.param("EMAIL", e.Organizer.Email)
		lw.mailto(e.Organizer.Email)
		lw.end()
	}
	if e.Rule != nil {
		lw.prop("RRULE", ruleValue(e, Apple))
		for _, x := range e.Rule.ExDates {
			cw.when("EXDATE", x, false, false, tzAmsterdam)
		}
	}
	if e.IsOverride() {
		cw.when("RECURRENCE-ID", e.RecurrenceID, false, e.Origin == Outlook, tzAmsterdam)
	}
	if e.Cancelled {
		lw.prop("STATUS", "CANCELLED")
	}
	if e.Location != "" {
		lw.textProp("LOCATION", e.Location)
	}
	if e.Description != "" {
		lw.textProp("DESCRIPTION", e.Description)
	}
	if len(e.Attendees) > 0 && !e.AllDay && !e.Cancelled {
		cw.appleAlarm(e)
	}
	lw.prop("END", "VEVENT")
}

// appleAlarm writes the alert a quarter of an hour before a meeting.
func (cw *calendarWriter) appleAlarm(e *Event) {
	lw := cw.lw
	uid := alarmUID(e)
	lw.prop("BEGIN", "VALARM")
	lw.prop("X-WR-ALARMUID", uid)
	lw.prop("UID", uid)
	lw.prop("TRIGGER", "-PT15M")
	lw.textProp("DESCRIPTION", "Herinnering")
	lw.prop("ACTION", "DISPLAY")
	lw.prop("X-APPLE-DEFAULT-ALARM", "TRUE")
	lw.prop("END", "VALARM")
}

func status(e *Event) string {
	if e.Cancelled {
		return "CANCELLED"
	}
	return "CONFIRMED"
}

func transp(e *Event) string {
	if e.Transparent {
		return "TRANSPARENT"
	}
	return "OPAQUE"
}

func itoa(n int) string { return strconv.Itoa(n) }
