package audit

import (
	"time"

	"github.com/klaver/klaver/internal/civil"
	"github.com/klaver/klaver/internal/tz"
)

// dayClock finds the local day of an instant in the audit's zone. Events
// come roughly in order, so it remembers the last day it computed and
// answers from that whenever it can.
type dayClock struct {
	loc        *time.Location
	zone       tz.Zone
	day        int64 // days since epoch
	start, end int64 // the day's first second and the next day's
}

func newDayClock(cfg *Config) *dayClock {
	return &dayClock{loc: cfg.TZ, zone: auditZone(cfg), start: 1, end: 0}
}

// auditZone returns cfg.TZ as a Zone: the Zones database's own when cfg.TZ
// came from it, as it does from the command line, so that all people and
// files share one offset table instead of building one each.
func auditZone(cfg *Config) tz.Zone {
	if cfg.TZ != nil && cfg.Zones != nil {
		name := cfg.TZ.String()
		if loc, ok := cfg.Zones.Location(name); ok && loc == cfg.TZ {
			if z, ok := cfg.Zones.Zone(name); ok {
				return z
			}
		}
	}
	return tz.FromLocation(cfg.TZ)
}

// dayOf returns the local day holding instant s, with that day's bounds.
//
// Without the day remembered, the time package says which day holds s.
// From one day to another is arithmetic: the day that the remembered
// day's offset from UTC gives, kept when it holds s and lasts 24 hours.
// Its bounds cost a conversion each, but for a bound it shares with the
// remembered day: the sweep goes on to the next day, and events out of
// order go back. On a day of another length the offset changes, and the
// time package decides.
func (c *dayClock) dayOf(s int64) (day, start, end int64) {
	if s >= c.start && s < c.end {
		return c.day, c.start, c.end
	}
	if c.start < c.end {
		offset := c.day*86400 - c.start // local minus universal seconds
		day = floorDiv(s+offset, 86400)
		switch day {
		case c.day + 1:
			start, end = c.end, c.dayStart(day+1)
		case c.day - 1:
			start, end = c.dayStart(day), c.start
		default:
			start, end = c.dayStart(day), c.dayStart(day+1)
		}
		if s >= start && s < end && end-start == 86400 {
			c.day, c.start, c.end = day, start, end
			return day, start, end
		}
	}
	y, m, d := time.Unix(s, 0).In(c.loc).Date()
	date := civil.Date{Year: y, Month: int(m), Day: d}
	c.day = date.DaysSinceEpoch()
	c.start = c.dayStart(c.day)
	c.end = c.dayStart(c.day + 1)
	return c.day, c.start, c.end
}

// floorDiv divides, rounding toward minus infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// dayStart returns the first instant of a local day, by its number.
func (c *dayClock) dayStart(day int64) int64 {
	return c.zone.InstantOf(day * 86400)
}

// midnight returns the first instant of a local day.
func (c *dayClock) midnight(d civil.Date) int64 {
	return c.zone.Instant(d.At(0, 0, 0))
}
