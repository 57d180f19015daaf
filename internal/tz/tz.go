// Package tz turns wall-clock times into instants: IANA zones (any case),
// the Windows zone names Outlook writes, and zones that a calendar defines
// itself in a VTIMEZONE.
package tz

import (
	"github.com/klaver/klaver/internal/civil"

	// A fresh machine may have no /usr/share/zoneinfo; the binary carries
	// the IANA database so that zone names always resolve the same way.
	_ "time/tzdata"
)

//go:generate go run zonedata_gen.go -tzdata /usr/share/zoneinfo/tzdata.zi -cldr cldr/windowsZones.xml

// Zone maps wall-clock times to instants.
type Zone interface {
	// Instant returns the Unix time (seconds) of the wall-clock time dt.
	// A time in a spring-forward gap takes the offset before the gap; a
	// time that occurs twice in the autumn means its first occurrence
	// (RFC 5545 §3.3.5).
	Instant(dt civil.DateTime) int64
	// InstantOf is Instant of the wall-clock time whose civil seconds
	// (civil.DateTime.Seconds) are local. Callers that count in days and
	// seconds, such as one that looks for the midnights around an instant,
	// are spared the round trip through a DateTime, whose date the zone
	// would only turn back into a day number.
	InstantOf(local int64) int64
}

// Observance is a STANDARD or DAYLIGHT part of a VTIMEZONE.
type Observance struct {
	Daylight   bool
	Start      civil.DateTime // DTSTART, local time in OffsetFrom
	OffsetFrom int            // TZOFFSETFROM in seconds east of UTC
	OffsetTo   int            // TZOFFSETTO in seconds east of UTC
	RRule      string         // raw RRULE value, "" when none
	RDates     []civil.DateTime
}
