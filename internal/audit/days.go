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

func newDayClock(loc *time.Location) *dayClock {
	return &dayClock{loc: loc, zone: tz.FromLocation(loc), start: 1, end: 0}
}

// dayOf returns the local day holding instant s, with that day's bounds.
func (c *dayClock) dayOf(s int64) (day, start, end int64) {
	if s >= c.start && s < c.end {
		return c.day, c.start, c.end
	}
	y, m, d := time.Unix(s, 0).In(c.loc).Date()
	date := civil.Date{Year: y, Month: int(m), Day: d}
	c.day = date.DaysSinceEpoch()
	c.start = c.midnight(date)
	c.end = c.midnight(date.AddDays(1))
	return c.day, c.start, c.end
}

// midnight returns the first instant of a local day.
func (c *dayClock) midnight(d civil.Date) int64 {
	return c.zone.Instant(d.At(0, 0, 0))
}
