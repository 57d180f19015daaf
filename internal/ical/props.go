package ical

import "encoding/binary"

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
	propSequence
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
	propSequence:     "SEQUENCE",
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
		1<<propDTEnd | 1<<propDuration | 1<<propRRule | 1<<propRDate | 1<<propExDate | 1<<propSequence |
		1<<propRecurrenceID | 1<<propStatus | 1<<propTransp | 1<<propClass |
		1<<propBusyStatus | 1<<propOrganizer | 1<<propAttendee
	timezoneProps = structureProps | 1<<propTZID | 1<<propDTStart | 1<<propRRule |
		1<<propRDate | 1<<propTZOffsetFrom | 1<<propTZOffsetTo
)

// lookupProp returns the prop named name, in any case. It is called for
// every line: it reads the first eight bytes of the name as one word, with
// ASCII letters folded to lower case, and compares the rest only for the
// names longer than that.
func lookupProp(name []byte) prop {
	n := len(name)
	switch nameKey(name) {
	case 0x0000006e69676562: // begin
		return ifLen(n, 5, propBegin)
	case 0x0000000000646e65: // end
		return ifLen(n, 3, propEnd)
	case 0x0000000000646975: // uid
		return ifLen(n, 3, propUID)
	case 0x007972616d6d7573: // summary
		return ifLen(n, 7, propSummary)
	case 0x0074726174737464: // dtstart
		return ifLen(n, 7, propDTStart)
	case 0x000000646e657464: // dtend
		return ifLen(n, 5, propDTEnd)
	case 0x000000656c757272: // rrule
		return ifLen(n, 5, propRRule)
	case 0x0000006574616472: // rdate
		return ifLen(n, 5, propRDate)
	case 0x0000657461647865: // exdate
		return ifLen(n, 6, propExDate)
	case 0x0000737574617473: // status
		return ifLen(n, 6, propStatus)
	case 0x000070736e617274: // transp
		return ifLen(n, 6, propTransp)
	case 0x0000007373616c63: // class
		return ifLen(n, 5, propClass)
	case 0x0000000064697a74: // tzid
		return ifLen(n, 4, propTZID)
	case 0x6e6f697461636f6c: // location
		return ifLen(n, 8, propLocation)
	case 0x6e6f697461727564: // duration
		return ifLen(n, 8, propDuration)
	case 0x65636e6575716573: // sequence
		return ifLen(n, 8, propSequence)
	case 0x6565646e65747461: // attendee
		return ifLen(n, 8, propAttendee)
	case 0x7470697263736564: // descript
		return ifTail(name, propDescription)
	case 0x69726f6765746163: // categori
		return ifTail(name, propCategories)
	case 0x657a696e6167726f: // organize
		return ifTail(name, propOrganizer)
	case 0x6e65727275636572: // recurren
		return ifTail(name, propRecurrenceID)
	case 0x74657366666f7a74: // tzoffset
		if n == len("TZOFFSETTO") {
			return ifTail(name, propTZOffsetTo)
		}
		return ifTail(name, propTZOffsetFrom)
	case 0x736f7263696d2d78: // x-micros
		return ifDash(name, 1, 1, propBusyStatus)
	case 0x6c61632d72772d78: // x-wr-cal
		return ifDash(name, 1, 4, propCalName)
	case 0x6d69742d72772d78: // x-wr-tim
		return ifDash(name, 1, 4, propCalTimezone)
	}
	return propOther
}

// ifTail returns p when name, whose first eight bytes matched, is p's name.
func ifTail(name []byte, p prop) prop {
	s := propNames[p]
	if len(name) != len(s) || !equalFold(name[8:], s[8:]) {
		return propOther
	}
	return p
}

// ifDash is ifTail for names with a '-' in their first eight bytes, at
// i and j: folding cannot tell a '-' from a CR there.
func ifDash(name []byte, i, j int, p prop) prop {
	if name[i] != '-' || name[j] != '-' {
		return propOther
	}
	return ifTail(name, p)
}

func ifLen(n, want int, p prop) prop {
	if n != want {
		return propOther
	}
	return p
}

// nameKey returns the first eight bytes of name as a little-endian word
// with ASCII letters folded to lower case (by setting bit 5, which leaves
// digits and '-' as they are) and zeros past the end of a shorter name.
// Bit 5 also folds some other bytes together ('-' with CR), so a match is
// exact only where the name has letters.
func nameKey(name []byte) uint64 {
	const fold = ones * 0x20
	if len(name) >= 8 {
		return binary.LittleEndian.Uint64(name) | fold
	}
	if cap(name) >= 8 {
		// The bytes after the name are in the buffer; mask them off.
		return (binary.LittleEndian.Uint64(name[:8]) | fold) & (1<<(8*len(name)) - 1)
	}
	var k uint64
	for i, c := range name {
		k |= uint64(c|0x20) << (8 * i)
	}
	return k
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

func upperASCII(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}
