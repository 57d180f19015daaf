package ical

import (
	"encoding/binary"
	"strings"
)

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
// ASCII letters folded to lower case, finds the one name that may start
// so by hashing that word, and compares the rest only for the names longer
// than that.
func lookupProp(name []byte) prop {
	k := nameKey(name)
	e := propTable[(k*propHashMul)>>(64-propHashBits)]
	if e.key != k || e.prop == propOther {
		return propOther
	}
	p := e.prop
	if p == propTZOffsetFrom && len(name) == len("TZOFFSETTO") {
		p = propTZOffsetTo // the two share their first eight bytes
	}
	s := propNames[p]
	if len(name) != len(s) {
		return propOther
	}
	if e.dashes && !dashesMatch(name, s) {
		return propOther
	}
	if len(name) > 8 && !equalFold(name[8:], s[8:]) {
		return propOther
	}
	return p
}

// propHashMul maps the nameKey of every name in propNames to its own slot
// of a table of 1<<propHashBits entries (TZOFFSETFROM and TZOFFSETTO share
// one, as they share their key).
const (
	propHashMul  = 0xb3bfe1c6d1f3cdaf
	propHashBits = 5
)

// propSlot is a slot of propTable: the key of the name that hashes there.
type propSlot struct {
	key    uint64
	prop   prop
	dashes bool // the name has a '-' in its first eight bytes
}

// propTable is filled once, from propNames, and only read after that.
var propTable = newPropTable()

func newPropTable() (t [1 << propHashBits]propSlot) {
	for p := propBegin; int(p) < len(propNames); p++ {
		if p == propTZOffsetTo {
			continue
		}
		s := propNames[p]
		k := nameKey([]byte(s))
		t[(k*propHashMul)>>(64-propHashBits)] = propSlot{key: k, prop: p, dashes: strings.Contains(s[:min(8, len(s))], "-")}
	}
	return t
}

// dashesMatch checks the '-' in the first eight bytes of the name s:
// folding cannot tell a '-' from a CR.
func dashesMatch(name []byte, s string) bool {
	for i := range min(8, len(s)) {
		if s[i] == '-' && name[i] != '-' {
			return false
		}
	}
	return true
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
