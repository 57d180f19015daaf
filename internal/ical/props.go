package ical

// prop names the properties the Reader looks at; all others are skipped
// without being parsed.
type prop uint8

const (
	propOther prop = iota
	propBegin
	propEnd
	propUID
	propSummary
	propDescription
	propLocation
	propCategories
	propDTStart
	propDTEnd
	propDuration
	propRRule
	propRDate
	propExDate
	propRecurrenceID
	propStatus
	propTransp
	propClass
	propBusyStatus
	propOrganizer
	propAttendee
	propCalName
	propCalTimezone
	propTZID
	propTZOffsetFrom
	propTZOffsetTo
)

// propNames are the canonical names, used in errors.
var propNames = [...]string{
	propOther:        "",
	propBegin:        "BEGIN",
	propEnd:          "END",
	propUID:          "UID",
	propSummary:      "SUMMARY",
	propDescription:  "DESCRIPTION",
	propLocation:     "LOCATION",
	propCategories:   "CATEGORIES",
	propDTStart:      "DTSTART",
	propDTEnd:        "DTEND",
	propDuration:     "DURATION",
	propRRule:        "RRULE",
	propRDate:        "RDATE",
	propExDate:       "EXDATE",
	propRecurrenceID: "RECURRENCE-ID",
	propStatus:       "STATUS",
	propTransp:       "TRANSP",
	propClass:        "CLASS",
	propBusyStatus:   "X-MICROSOFT-CDO-BUSYSTATUS",
	propOrganizer:    "ORGANIZER",
	propAttendee:     "ATTENDEE",
	propCalName:      "X-WR-CALNAME",
	propCalTimezone:  "X-WR-TIMEZONE",
	propTZID:         "TZID",
	propTZOffsetFrom: "TZOFFSETFROM",
	propTZOffsetTo:   "TZOFFSETTO",
}

func (p prop) String() string { return propNames[p] }

// propSet is a set of props, one bit each.
type propSet uint32

func (s propSet) has(p prop) bool { return s&(1<<p) != 0 }

// The properties each kind of component needs; the rest are skipped.
const (
	structureProps propSet = 1<<propBegin | 1<<propEnd
	calendarProps          = structureProps | 1<<propCalName | 1<<propCalTimezone
	eventProps             = structureProps | 1<<propUID | 1<<propSummary |
		1<<propDescription | 1<<propLocation | 1<<propCategories | 1<<propDTStart |
		1<<propDTEnd | 1<<propDuration | 1<<propRRule | 1<<propRDate | 1<<propExDate |
		1<<propRecurrenceID | 1<<propStatus | 1<<propTransp | 1<<propClass |
		1<<propBusyStatus | 1<<propOrganizer | 1<<propAttendee
	timezoneProps = structureProps | 1<<propTZID | 1<<propDTStart | 1<<propRRule |
		1<<propRDate | 1<<propTZOffsetFrom | 1<<propTZOffsetTo
)

// lookupProp returns the prop named name, in any case. It is called for
// every line, so it picks the candidates by length and compares only those.
func lookupProp(name []byte) prop {
	switch len(name) {
	case 3:
		return pick2(name, propUID, propEnd)
	case 4:
		return pick1(name, propTZID)
	case 5:
		if p := pick2(name, propBegin, propDTEnd); p != propOther {
			return p
		}
		return pick3(name, propRRule, propRDate, propClass)
	case 6:
		return pick3(name, propExDate, propStatus, propTransp)
	case 7:
		return pick2(name, propSummary, propDTStart)
	case 8:
		return pick3(name, propLocation, propDuration, propAttendee)
	case 9:
		return pick1(name, propOrganizer)
	case 10:
		return pick2(name, propCategories, propTZOffsetTo)
	case 11:
		return pick1(name, propDescription)
	case 12:
		return pick2(name, propCalName, propTZOffsetFrom)
	case 13:
		return pick2(name, propRecurrenceID, propCalTimezone)
	case 26:
		return pick1(name, propBusyStatus)
	}
	return propOther
}

func pick1(name []byte, a prop) prop {
	if isName(name, a) {
		return a
	}
	return propOther
}

func pick2(name []byte, a, b prop) prop {
	if isName(name, a) {
		return a
	}
	return pick1(name, b)
}

func pick3(name []byte, a, b, c prop) prop {
	if isName(name, a) {
		return a
	}
	return pick2(name, b, c)
}

// isName reports whether name is p's name in any case. The first and last
// bytes rule out most other names of the same length cheaply.
func isName(name []byte, p prop) bool {
	s := propNames[p]
	n := len(s)
	if upperASCII(name[0]) != s[0] || upperASCII(name[n-1]) != s[n-1] {
		return false
	}
	return string(name) == s || equalFold(name, s)
}

// component names the components the Reader treats specially.
type component uint8

const (
	compOther component = iota
	compCalendar
	compEvent
	compTimezone
	compStandard
	compDaylight
)

// lookupComponent returns the component named by a BEGIN or END value.
func lookupComponent(name []byte) component {
	switch {
	case equalFold(name, "VEVENT"):
		return compEvent
	case equalFold(name, "VCALENDAR"):
		return compCalendar
	case equalFold(name, "VTIMEZONE"):
		return compTimezone
	case equalFold(name, "STANDARD"):
		return compStandard
	case equalFold(name, "DAYLIGHT"):
		return compDaylight
	}
	return compOther
}

// equalFold reports whether b equals the upper-case ASCII string s in any case.
func equalFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		if upperASCII(b[i]) != s[i] {
			return false
		}
	}
	return true
}

func hasLower(b []byte) bool {
	for _, c := range b {
		if 'a' <= c && c <= 'z' {
			return true
		}
	}
	return false
}

func upperASCII(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}
