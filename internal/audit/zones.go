package audit

import (
	"fmt"
	"strings"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/ical"
	"github.com/klaver/klaver/internal/tz"
)

// zoneResolver finds the zone of each time in one calendar file, by the
// rules: a known IANA or Windows name follows the time-zone database, any
// other TZID its VTIMEZONE, floating times X-WR-TIMEZONE, and anything
// unknown the audit's zone, with a warning.
type zoneResolver struct {
	cfg      *Config
	rd       *ical.Reader
	file     string
	named    map[string]tz.Zone
	floating tz.Zone
	fallback tz.Zone
	warnings []klaver.Problem
}

func newZoneResolver(cfg *Config, rd *ical.Reader, file string) *zoneResolver {
	return &zoneResolver{cfg: cfg, rd: rd, file: file, named: map[string]tz.Zone{}, fallback: tz.FromLocation(cfg.TZ)}
}

// zoneOf returns the zone a DATE-TIME is read in.
func (z *zoneResolver) zoneOf(dt ical.DateTime, line int) tz.Zone {
	switch {
	case dt.UTC:
		return tz.UTC()
	case len(dt.TZID) == 0:
		return z.floatingZone(line)
	}
	if zone, ok := z.named[string(dt.TZID)]; ok {
		return zone
	}
	name := string(dt.TZID)
	zone := z.lookup(name, line)
	z.named[name] = zone
	return zone
}

// instant returns the Unix time of a value; a DATE means its midnight.
func (z *zoneResolver) instant(dt ical.DateTime, line int) int64 {
	if dt.UTC {
		return dt.DateTime.Seconds()
	}
	return z.zoneOf(dt, line).Instant(dt.DateTime)
}

func (z *zoneResolver) lookup(name string, line int) tz.Zone {
	if zone, ok := z.cfg.Zones.Zone(name); ok {
		return zone
	}
	defs := z.rd.Timezones()
	obs, ok := defs[name]
	if !ok {
		for id, o := range defs {
			if strings.EqualFold(strings.TrimSpace(id), strings.TrimSpace(name)) {
				obs, ok = o, true
				break
			}
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
	if name := z.rd.CalendarTimezone(); name != "" {
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
