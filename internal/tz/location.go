package tz

import (
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klaver/klaver/internal/civil"
)

// fixedZone is a zone with one offset for all time.
type fixedZone int32

// UTC returns the zone of times written with Z.
func UTC() Zone { return fixedZone(0) }

func (z fixedZone) Instant(dt civil.DateTime) int64 {
	return z.InstantOf(dt.Seconds())
}

func (z fixedZone) InstantOf(local int64) int64 {
	return local - int64(z)
}

// The years for which a location's offsets are kept. Times outside are
// correct but computed afresh on every call.
const (
	firstCachedYear = 1800
	lastCachedYear  = 2399
	cacheChunkYears = 16
	// yearMargin pads a table's span on both sides: a change within it
	// may take effect, in wall-clock time, inside the span.
	yearMargin = 2 * 86400
	// maxLocationSteps bounds the walk through a location's history.
	maxLocationSteps = 1 << 16
)

// locationZone reads wall-clock times in a *time.Location. It keeps the
// offset changes of the chunks of years it has seen, so that a call is an
// index look-up on wall-clock seconds instead of a time.Date. The table only
// grows, and is replaced whole, so readers need no lock.
type locationZone struct {
	loc   *time.Location
	mu    sync.Mutex // serialises growing the table
	table atomic.Pointer[spanTable]
}

// spanTable holds the transitions of the wall-clock seconds [lo, hi), which
// are the whole years first..last.
type spanTable struct {
	first, last int
	lo, hi      int64
	transitions
}

// FromLocation adapts a *time.Location to a Zone. It does not use
// time.Date, which leaves the choice in gaps and overlaps open and in
// practice takes the offset after a spring-forward gap west of UTC and the
// second occurrence of a repeated time east of it; the Zone follows
// RFC 5545 everywhere, and is faster. A nil location is UTC, as in the time
// package.
func FromLocation(loc *time.Location) Zone {
	if loc == nil || loc == time.UTC {
		return UTC()
	}
	return &locationZone{loc: loc}
}

func (z *locationZone) Instant(dt civil.DateTime) int64 {
	// Not a call of InstantOf, which is too large to inline: Instant is
	// called for every time a calendar holds.
	local := dt.Seconds()
	if t := z.table.Load(); t != nil && local >= t.lo && local < t.hi {
		return local - int64(t.offset(local))
	}
	return local - int64(z.slowOffset(local))
}

func (z *locationZone) InstantOf(local int64) int64 {
	if t := z.table.Load(); t != nil && local >= t.lo && local < t.hi {
		return local - int64(t.offset(local))
	}
	return local - int64(z.slowOffset(local))
}

// slowOffset grows the table to the chunk of years around local, or, far
// outside the cached years, looks the year up without keeping it.
func (z *locationZone) slowOffset(local int64) int32 {
	year := civil.FromSeconds(local).Year
	if year < firstCachedYear || year > lastCachedYear {
		year = min(max(year, 1), 9999) // the time package's comfortable range
		t := buildSpanTable(z.loc, year, year)
		return t.offset(local)
	}
	z.mu.Lock()
	defer z.mu.Unlock()
	t := z.table.Load()
	if t == nil || year < t.first || year > t.last {
		first := firstCachedYear + (year-firstCachedYear)/cacheChunkYears*cacheChunkYears
		last := min(first+cacheChunkYears-1, lastCachedYear)
		if t != nil {
			first, last = min(first, t.first), max(last, t.last)
		}
		t = buildSpanTable(z.loc, first, last)
		z.table.Store(t)
	}
	return t.offset(local)
}

// buildSpanTable collects the offset changes of loc that can touch the
// wall-clock years first..last.
func buildSpanTable(loc *time.Location, first, last int) *spanTable {
	lo := civil.Date{Year: first, Month: 1, Day: 1}.DaysSinceEpoch() * 86400
	hi := civil.Date{Year: last + 1, Month: 1, Day: 1}.DaysSinceEpoch() * 86400
	at, end := lo-yearMargin, hi+yearMargin
	before := offsetAt(loc, at)
	off := before
	var changes []change
	for steps := 0; steps < maxLocationSteps; steps++ {
		next, exact := nextBound(loc, at)
		if next > end {
			break
		}
		if o := offsetAt(loc, next); o != off {
			if !exact {
				next = firstChange(loc, at, next, off)
			}
			changes = append(changes, change{at: next, to: o})
			off = o
		}
		at = next
	}
	t := &spanTable{
		first: first, last: last, lo: lo, hi: hi,
		transitions: newTransitions(before, changes),
	}
	t.index(lo, hi)
	return t
}

// nextBound returns the instant after u where the zone period holding u
// ends; exact is false when it is only a step at which to look again.
// ZoneBounds is not trusted blindly: for the last day of a leap year under a
// zone's recurring rule it reports an end before u (Go 1.26).
func nextBound(loc *time.Location, u int64) (next int64, exact bool) {
	_, end := time.Unix(u, 0).In(loc).ZoneBounds()
	switch {
	case end.IsZero():
		return math.MaxInt64, true
	case end.Unix() > u:
		return end.Unix(), true
	}
	return u + 3600, false
}

// firstChange returns the first instant in (lo, hi] whose offset is not off;
// hi has another offset.
func firstChange(loc *time.Location, lo, hi int64, off int32) int64 {
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if offsetAt(loc, mid) == off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}

func offsetAt(loc *time.Location, u int64) int32 {
	_, off := time.Unix(u, 0).In(loc).Zone()
	return int32(off)
}
