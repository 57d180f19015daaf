package tz

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/klaver/klaver/internal/civil"
	"github.com/klaver/klaver/internal/rrule"
)

// Limits on what a VTIMEZONE can make Custom compute. Real zones change
// their offset at most a few times a year and calendars speak of the last
// and the next century, so a zone's table covers the years
// customFirstYear..customLastYear; before them the offset in force at their
// start applies, after them the one in force at their end.
const (
	customFirstYear = 1900
	customLastYear  = 2200
	// maxOnsetsPerYear is how many onsets of one observance a calendar year
	// may hold; further ones in that year are ignored (a FREQ=DAILY
	// observance is not a time zone).
	maxOnsetsPerYear = 4
	// maxRuleSteps is how many occurrences of one observance's RRULE are
	// looked at, from its DTSTART on. A yearly rule from 1601, as Outlook
	// writes them, needs 600.
	maxRuleSteps = 4096
	// zoneRuleBudget is how many RRULE occurrences a whole zone may look at;
	// every RRULE costs at least minRuleCost of it, so at most 64 are
	// expanded (real zones have two, full histories a handful).
	zoneRuleBudget = 1 << 15
	minRuleCost    = zoneRuleBudget / 64
	// ruleWork is the work budget of one observance's RRULE iterator (see
	// rrule's workBudget): a real yearly rule over the table's 300 years
	// needs a few thousand units; a rule that can never match stops here
	// instead of scanning for a second, so a hostile VTIMEZONE costs
	// milliseconds, not seconds.
	ruleWork = 1 << 16
	// maxOffset bounds TZOFFSETFROM and TZOFFSETTO (real zones stay within
	// ±15 hours).
	maxOffset = 24*3600 - 1
)

// customZone is a zone that a VTIMEZONE defines.
type customZone struct {
	obs   []Observance
	rules []*rrule.Rule // rules[i] is obs[i]'s RRULE, nil when it has none
	table func() *customTable
}

// customTable is what a customZone computes on first use.
type customTable struct {
	transitions
	changes []change // the offset changes the transitions come from
}

// Custom builds the zone that a VTIMEZONE defines from its observances
// (RFC 5545 §3.6.5). The onsets of an observance are its DTSTART, the
// occurrences of its RRULE and its RDATEs, all local times in its
// TZOFFSETFROM. From an onset on, the observance's TZOFFSETTO applies until
// the next onset of any observance; before the first onset, the
// TZOFFSETFROM of the observance that has it. Gaps and overlaps are read
// as Zone says.
//
// The onsets are worked out on first use, for the years 1900 to 2200 (see
// the limits above), so a hostile VTIMEZONE costs bounded time and memory.
// The error names tzid and the observance that is wrong.
func Custom(tzid string, obs []Observance) (Zone, error) {
	if len(obs) == 0 {
		return nil, fmt.Errorf("time zone %q has no STANDARD or DAYLIGHT part", tzid)
	}
	z := &customZone{
		obs:   slices.Clone(obs),
		rules: make([]*rrule.Rule, len(obs)),
	}
	for i, o := range z.obs {
		rule, err := checkObservance(o)
		if err != nil {
			return nil, fmt.Errorf("time zone %q, %s part %d: %w", tzid, observanceKind(o), i+1, err)
		}
		z.rules[i] = rule
	}
	z.table = sync.OnceValue(z.build)
	return z, nil
}

func observanceKind(o Observance) string {
	if o.Daylight {
		return "DAYLIGHT"
	}
	return "STANDARD"
}

// checkObservance reports what makes an observance unusable and returns its
// parsed RRULE.
func checkObservance(o Observance) (*rrule.Rule, error) {
	if !o.Start.Valid() {
		return nil, errors.New("DTSTART is missing or not a valid date-time")
	}
	if o.OffsetFrom < -maxOffset || o.OffsetFrom > maxOffset {
		return nil, fmt.Errorf("TZOFFSETFROM %+d s is beyond ±24 hours", o.OffsetFrom)
	}
	if o.OffsetTo < -maxOffset || o.OffsetTo > maxOffset {
		return nil, fmt.Errorf("TZOFFSETTO %+d s is beyond ±24 hours", o.OffsetTo)
	}
	for _, rd := range o.RDates {
		if !rd.Valid() {
			return nil, fmt.Errorf("RDATE %s is not a valid date-time", rd)
		}
	}
	if o.RRule == "" {
		return nil, nil
	}
	rule, err := rrule.Parse(o.RRule)
	if err != nil {
		return nil, fmt.Errorf("RRULE: %w", err)
	}
	return rule, nil
}

func (z *customZone) Instant(dt civil.DateTime) int64 {
	return z.InstantOf(dt.Seconds())
}

func (z *customZone) InstantOf(local int64) int64 {
	return local - int64(z.table().offset(local))
}

// onset is the start of an observance.
type onset struct {
	at  int64 // Unix time
	obs int   // index in customZone.obs
}

// The span of wall-clock seconds whose onsets the table keeps: the years
// customFirstYear..customLastYear with the same margin as a location's
// table.
const (
	customLo = -2208988800 - yearMargin // 1900-01-01T00:00:00
	customHi = 7289654400 + yearMargin  // 2201-01-01T00:00:00
)

// build expands every observance once, on first use: a calendar may define
// zones it never uses.
func (z *customZone) build() *customTable {
	var all []onset
	budget := zoneRuleBudget
	for i := range z.obs {
		all = append(all, z.onsets(i, &budget)...)
	}
	// Equal instants keep observance order, so the later observance wins.
	slices.SortStableFunc(all, func(a, b onset) int { return cmp.Compare(a.at, b.at) })

	before := z.firstOffset()
	var changes []change
	for k, o := range all {
		if k+1 < len(all) && all[k+1].at == o.at {
			continue
		}
		to := int32(z.obs[o.obs].OffsetTo)
		if o.at < customLo {
			before = to // the offset in force when the table starts
			continue
		}
		changes = append(changes, change{at: o.at, to: to})
	}
	t := &customTable{transitions: newTransitions(before, changes), changes: changes}
	t.index(customLo, customHi)
	return t
}

// firstOffset is the offset before the first onset: the TZOFFSETFROM of the
// observance that starts first.
func (z *customZone) firstOffset() int32 {
	first := z.obs[0]
	firstAt := z.firstInstant(first)
	for _, o := range z.obs[1:] {
		if at := z.firstInstant(o); at < firstAt {
			first, firstAt = o, at
		}
	}
	return int32(first.OffsetFrom)
}

// firstInstant is the earliest onset of o: its DTSTART or an earlier RDATE.
func (z *customZone) firstInstant(o Observance) int64 {
	local := o.Start.Seconds()
	for _, rd := range o.RDates {
		local = min(local, rd.Seconds())
	}
	return local - int64(o.OffsetFrom)
}

// onsets returns the onsets of observance i up to the end of the table's
// span: before the span only the last one matters, and at most
// maxOnsetsPerYear fall in one year. Expanding its RRULE spends budget.
func (z *customZone) onsets(i int, budget *int) []onset {
	o := z.obs[i]
	locals := append([]civil.DateTime{o.Start}, o.RDates...)
	if rule := z.rules[i]; rule != nil && *budget >= minRuleCost {
		occurrences := ruleOnsets(rule, o, min(*budget, maxRuleSteps))
		*budget -= max(len(occurrences), minRuleCost)
		locals = append(locals, occurrences...)
	}
	instant := func(dt civil.DateTime) int64 { return dt.Seconds() - int64(o.OffsetFrom) }
	slices.SortFunc(locals, civil.DateTime.Compare)
	locals = slices.Compact(locals)

	var out []onset
	year, inYear := 0, 0
	for k, dt := range locals {
		at := instant(dt)
		switch {
		case at < customLo && k+1 < len(locals) && instant(locals[k+1]) < customLo:
			continue // superseded by a later onset before the span
		case at > customHi:
			return out
		}
		if dt.Year != year {
			year, inYear = dt.Year, 0
		}
		if inYear++; inYear <= maxOnsetsPerYear {
			out = append(out, onset{at: at, obs: i})
		}
	}
	return out
}

// ruleOnsets returns the occurrences of an observance's RRULE from its
// DTSTART on, at most steps of them, up to the end of the table's span.
func ruleOnsets(rule *rrule.Rule, o Observance, steps int) []civil.DateTime {
	limit := civil.FromSeconds(customHi + int64(o.OffsetFrom))
	it := rule.Iterate(o.Start, false, limit, func(dt civil.DateTime) int64 {
		return dt.Seconds() - int64(o.OffsetFrom)
	})
	it.SetBudget(ruleWork)
	var out []civil.DateTime
	for range steps {
		dt, ok := it.Next()
		if !ok {
			break
		}
		out = append(out, dt)
	}
	return out
}
