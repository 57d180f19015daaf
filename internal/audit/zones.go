package audit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/civil"
	"github.com/klaver/klaver/internal/ical"
	"github.com/klaver/klaver/internal/tz"
)

// zoneResolver finds the zone of each time in one calendar file, by the
// rules: a known IANA or Windows name follows the time-zone database, any
// other TZID its VTIMEZONE, floating times X-WR-TIMEZONE, and anything
// unknown the audit's zone, with a warning.
//
// RFC 5545 lets a VTIMEZONE, and X-WR-TIMEZONE, come after the events that
// use them, where a streaming read has not seen them yet. Only then, when
// a TZID or the calendar's zone is missing so far and the file can be read
// again, the resolver reads the rest of it ahead for its definitions
// (lookAhead), once per file.
type zoneResolver struct {
	cfg      *Config
	rd       *ical.Reader
	file     string
	named    map[string]tz.Zone
	floating tz.Zone
	fallback tz.Zone
	warnings []klaver.Problem

	reopen func() (io.ReadCloser, error) // nil when the file cannot be read again
	ahead  *definitions                  // what the whole file defines, once read

	// lastName and lastZone are the latest TZID answered from named: the
	// events of a file mostly share one, and comparing costs less than a
	// map look-up.
	lastName []byte
	lastZone tz.Zone
	// lastDate is the latest date that seconds turned into a day number,
	// lastDays.
	lastDate civil.Date
	lastDays int64
}

// definitions are a calendar's time zones and X-WR-TIMEZONE.
type definitions struct {
	zones    map[string][]tz.Observance
	calendar string
}

func newZoneResolver(cfg *Config, rd *ical.Reader, file string, reopen func() (io.ReadCloser, error)) *zoneResolver {
	return &zoneResolver{cfg: cfg, rd: rd, file: file, named: map[string]tz.Zone{}, fallback: auditZone(cfg),
		reopen: reopen, lastDays: civil.Date{}.DaysSinceEpoch()}
}

// lookAhead returns the definitions of the whole file, reading it again
// the first time; nil when it cannot be read again.
func (z *zoneResolver) lookAhead() *definitions {
	if z.ahead != nil || z.reopen == nil {
		return z.ahead
	}
	z.ahead = &definitions{}
	f, err := z.reopen()
	if err != nil {
		return z.ahead
	}
	defer f.Close()
	rd := ical.NewReader(f, z.file)
	for {
		// Malformed events are reported by the main pass; an I/O error
		// ends the look ahead with what it found.
		if _, err := rd.Next(); err != nil && !isParseError(err) {
			break
		}
	}
	z.ahead.zones, z.ahead.calendar = rd.Timezones(), rd.CalendarTimezone()
	return z.ahead
}

func isParseError(err error) bool {
	var pe *ical.ParseError
	return errors.As(err, &pe)
}

// defined finds the observances of a TZID among defs, exactly or, failing
// that, without case and surrounding space.
func defined(defs map[string][]tz.Observance, name string) ([]tz.Observance, bool) {
	if obs, ok := defs[name]; ok {
		return obs, true
	}
	for id, o := range defs {
		if strings.EqualFold(strings.TrimSpace(id), strings.TrimSpace(name)) {
			return o, true
		}
	}
	return nil, false
}

// zoneOf returns the zone a DATE-TIME is read in.
func (z *zoneResolver) zoneOf(dt *ical.DateTime, line int) tz.Zone {
	switch {
	case dt.UTC:
		return tz.UTC()
	case len(dt.TZID) == 0:
		return z.floatingZone(line)
	}
	if z.lastZone != nil && bytes.Equal(dt.TZID, z.lastName) {
		return z.lastZone
	}
	if zone, ok := z.named[string(dt.TZID)]; ok {
		z.lastName, z.lastZone = append(z.lastName[:0], dt.TZID...), zone
		return zone
	}
	name := string(dt.TZID)
	zone := z.lookup(name, line)
	z.named[name] = zone
	return zone
}

// instant returns the Unix time of a value; a DATE means its midnight.
func (z *zoneResolver) instant(dt *ical.DateTime, line int) int64 {
	if dt.UTC {
		return z.seconds(&dt.DateTime)
	}
	return z.zoneOf(dt, line).InstantOf(z.seconds(&dt.DateTime))
}

// seconds is dt.Seconds. It remembers the day number of the latest date:
// the start and end of an event, and the events that follow, mostly fall
// on one day.
func (z *zoneResolver) seconds(dt *civil.DateTime) int64 {
	if dt.Date != z.lastDate {
		z.lastDate, z.lastDays = dt.Date, dt.Date.DaysSinceEpoch()
	}
	return z.lastDays*86400 + int64(dt.SecondOfDay())
}

func (z *zoneResolver) lookup(name string, line int) tz.Zone {
	if zone, ok := z.cfg.Zones.Zone(name); ok {
		return zone
	}
	obs, ok := defined(z.rd.Timezones(), name)
	if !ok {
		if ahead := z.lookAhead(); ahead != nil {
			obs, ok = defined(ahead.zones, name)
		}
	}
	if ok {
		zone, err := tz.Custom(name, obs)
		if err == nil {
			return zone
		}
		z.warn(line, fmt.Sprintf("TZID %q: its VTIMEZONE is unusable (%v); read as %s", name, err, z.cfg.TZName))
		return z.fallback
	}
	z.warn(line, fmt.Sprintf("TZID %q is not a known time zone and the file does not define it; read as %s", name, z.cfg.TZName))
	return z.fallback
}

// floatingZone is X-WR-TIMEZONE when the calendar names a known zone, else
// the audit's zone.
func (z *zoneResolver) floatingZone(line int) tz.Zone {
	if z.floating != nil {
		return z.floating
	}
	z.floating = z.fallback
	name := z.rd.CalendarTimezone()
	if name == "" {
		if ahead := z.lookAhead(); ahead != nil {
			name = ahead.calendar
		}
	}
	if name != "" {
		if zone, ok := z.cfg.Zones.Zone(name); ok {
			z.floating = zone
		} else {
			z.warn(line, fmt.Sprintf("X-WR-TIMEZONE %q is not a known time zone; floating times read as %s", name, z.cfg.TZName))
		}
	}
	return z.floating
}

func (z *zoneResolver) warn(line int, msg string) {
	z.warnings = append(z.warnings, klaver.Problem{File: z.file, Line: line, Message: msg})
}
