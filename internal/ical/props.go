package ical

import (
	"encoding/binary"
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

// has masks p to the width of the set, which holds every prop: without
// the mask the compiler adds a check for a shift by 32 or more, and has
// is asked for every line.
func (s propSet) has(p prop) bool { return s&(1<<(p&31)) != 0 }

// add puts p in the set; it masks p as has does.
func (s *propSet) add(p prop) { *s |= 1 << (p & 31) }

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
// so and be as long by hashing that word and the length, and compares the
// next eight bytes the same way; only X-MICROSOFT-CDO-BUSYSTATUS is longer.
func lookupProp(name []byte) prop {
	var w2 uint64
	if len(name) > 8 {
		w2 = nameWord(name[8:])
	}
	return lookupWords(nameWord(name), w2, name)
}

// lookupWords is lookupProp for a name whose first two words, as nameWord
// reads them, are w and w2 (0 for a name of up to eight bytes).
func lookupWords(w, w2 uint64, name []byte) prop {
	p := lookupShort(w, w2, len(name))
	if len(name) > 16 && p != propOther && !equalFold(name[16:], propNames[p][16:]) {
		return propOther
	}
	return p
}

// lookupShort is lookupWords for a name of n bytes, without the check of
// its bytes beyond the first 16. It compares both words whatever the
// length, as a name of up to eight bytes has a second word that folds to
// that of its slot. It is small enough to be inlined into the line scan.
func lookupShort(w, w2 uint64, n int) prop {
	k := w | fold
	e := &propTable[((k^uint64(n))*propHashMul)>>(64-propHashBits)]
	if k != e.key || w2|fold != e.key2 || n != int(e.n) ||
		(w^(ones*'-'))&e.dash|(w2^(ones*'-'))&e.dash2 != 0 {
		return propOther
	}
	return e.prop
}

// fold sets bit 5 of every byte: it folds ASCII letters to lower case and
// leaves digits and '-' as they are. It also folds some other bytes
// together ('-' with CR), so a match is exact only where the name has
// letters; the '-' are checked apart.
const fold = ones * 0x20

// propHashMul maps the first eight bytes (folded) and the length of every
// name in propNames to its own slot of a table of 1<<propHashBits entries.
const (
	propHashMul  = 0x5dd0828b2129122f
	propHashBits = 5
)

// propSlot is a slot of propTable: the name that hashes there, as the
// words nameWord reads from it, folded. An empty slot's key is 0, which
// no folded word equals.
type propSlot struct {
	key, key2   uint64 // bytes 0-7 and 8-15, folded (zeros past the end fold to 0x20)
	dash, dash2 uint64 // the bytes of key and key2 that are '-'
	n           uint8  // length of the name
	prop        prop
}

// propTable is filled once, from propNames, and only read after that.
var propTable = newPropTable()

func newPropTable() (t [1 << propHashBits]propSlot) {
	for p := propBegin; int(p) < len(propNames); p++ {
		s := propNames[p]
		e := propSlot{n: uint8(len(s)), prop: p}
		e.key, e.dash = slotWord(s)
		e.key2, e.dash2 = slotWord(s[min(8, len(s)):])
		t[((e.key^uint64(len(s)))*propHashMul)>>(64-propHashBits)] = e
	}
	return t
}

// slotWord returns the first eight bytes of s as nameWord reads them,
// folded, with the mask of those that are '-'.
func slotWord(s string) (key, dash uint64) {
	key = fold
	for i := range min(8, len(s)) {
		key |= uint64(s[i]) << (8 * i)
		if s[i] == '-' {
			dash |= 0xff << (8 * i)
		}
	}
	return key, dash
}

// nameWord returns the first eight bytes of name as a little-endian word
// with zeros past the end of a shorter name.
func nameWord(name []byte) uint64 {
	if len(name) >= 8 {
		return binary.LittleEndian.Uint64(name)
	}
	if cap(name) >= 8 {
		// The bytes after the name are in the buffer; mask them off.
		return binary.LittleEndian.Uint64(name[:8]) & (1<<(8*len(name)) - 1)
	}
	var k uint64
	for i, c := range name {
		k |= uint64(c) << (8 * i)
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

// componentName is a name lookupComponent knows, with its first eight
// bytes as slotWord reads them. None is longer than nine bytes, and all
// are letters, which fold exactly.
type componentName struct {
	name string
	comp component
	key  uint64
}

// componentNames is filled once and only read after that.
var componentNames = newComponentNames()

func newComponentNames() [5]componentName {
	t := [...]componentName{
		{name: "VEVENT", comp: compEvent}, {name: "VCALENDAR", comp: compCalendar},
		{name: "VTIMEZONE", comp: compTimezone}, {name: "STANDARD", comp: compStandard},
		{name: "DAYLIGHT", comp: compDaylight},
	}
	for i := range t {
		t[i].key, _ = slotWord(t[i].name)
	}
	return t
}

// lookupComponent returns the component named by a BEGIN or END value.
// Every BEGIN and END asks, so it compares the names eight bytes at a
// time.
func lookupComponent(name []byte) component {
	if len(name) < 6 || len(name) > 9 {
		return compOther
	}
	w := nameWord(name) | fold
	for _, c := range &componentNames {
		if w == c.key && len(name) == len(c.name) && (len(name) < 9 || upperASCII(name[8]) == c.name[8]) {
			return c.comp
		}
	}
	return compOther
}

// equalFold reports whether b equals the upper-case ASCII text s in any
// case; s is a constant or a name kept as bytes.
func equalFold[S string | []byte](b []byte, s S) bool {
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

// keywordNames are the values of PARTSTAT, CUTYPE, STATUS, TRANSP, CLASS
// and X-MICROSOFT-CDO-BUSYSTATUS that calendars write. They make up most
// of the upper-cased values of an event, so these are handed out from one
// shared copy instead of being copied for every event.
var keywordNames = [...]string{
	"ACCEPTED", "DECLINED", "TENTATIVE", "NEEDS-ACTION", "DELEGATED",
	"INDIVIDUAL", "GROUP", "RESOURCE", "ROOM", "UNKNOWN",
	"CONFIRMED", "CANCELLED", "OPAQUE", "TRANSPARENT",
	"PUBLIC", "PRIVATE", "CONFIDENTIAL",
	"FREE", "BUSY", "OOF", "WORKINGELSEWHERE",
}

// keywordHashMul maps the first eight bytes (folded) and the length of
// every keyword to its own slot of a table of 1<<keywordHashBits entries.
const (
	keywordHashMul  = 0x4d6de4573910cdd3
	keywordHashBits = 6
)

// keywordSlot is a slot of keywordTable, as propSlot is of propTable.
type keywordSlot struct {
	key, key2   uint64
	dash, dash2 uint64
	n           int
	value       []byte // upper case, with no room to append
}

// keywordTable is filled once, from keywordNames, and only read after that.
var keywordTable = newKeywordTable()

func newKeywordTable() (t [1 << keywordHashBits]keywordSlot) {
	for _, s := range keywordNames {
		e := keywordSlot{n: len(s), value: []byte(s)[:len(s):len(s)]}
		e.key, e.dash = slotWord(s)
		e.key2, e.dash2 = slotWord(s[min(8, len(s)):])
		t[((e.key^uint64(len(s)))*keywordHashMul)>>(64-keywordHashBits)] = e
	}
	return t
}

// lookupKeyword returns the shared upper-case copy of v when v is one of
// keywordNames in any case.
func lookupKeyword(v []byte) ([]byte, bool) {
	if len(v) == 0 || len(v) > 16 {
		return nil, false
	}
	var w2 uint64
	if len(v) > 8 {
		w2 = nameWord(v[8:])
	}
	w := nameWord(v)
	e := &keywordTable[(((w|fold)^uint64(len(v)))*keywordHashMul)>>(64-keywordHashBits)]
	if w|fold != e.key || w2|fold != e.key2 || len(v) != e.n ||
		w&e.dash != ones*'-'&e.dash || w2&e.dash2 != ones*'-'&e.dash2 {
		return nil, false
	}
	return e.value, true
}
