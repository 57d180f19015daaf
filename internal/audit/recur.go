package audit

import (
	"slices"
	"sort"

	"github.com/klaver/klaver/internal/civil"
	"github.com/klaver/klaver/internal/ical"
	"github.com/klaver/klaver/internal/rrule"
)

// addSeries keeps a recurring event until all of its overrides are known.
func (p *person) addSeries(tm template, ev *ical.Event, zones *zoneResolver) error {
	s, err := p.newSeries(tm, ev, zones)
	if err != nil {
		return err
	}
	p.series = append(p.series, s)
	return nil
}

// newSeries reads the recurrence of an event. An invalid RRULE is
// reported; the event keeps its DTSTART and RDATEs.
func (p *person) newSeries(tm template, ev *ical.Event, zones *zoneResolver) (*series, error) {
	s := &series{template: tm, exInstant: map[int64]bool{}, exDate: map[civil.Date]bool{}}
	s.uid = string(ev.UID)
	if _, ok := p.titles[s.uid]; !ok {
		p.titles[s.uid] = seriesTitle(p.cfg.TeamMembers, ev)
	}
	for _, rl := range ev.RRules {
		rule, err := rrule.Parse(string(rl.Value))
		if err != nil {
			// The rule is lost, not the event: DTSTART, RDATEs and any
			// other rule still count.
			if err := p.skip(tm.file, rl.Line, "RRULE: %v; the event counts without it", err); err != nil {
				return nil, err
			}
			continue
		}
		s.rules = append(s.rules, rule)
		if rule.HasUntil {
			p.widenHorizon(rule.Until.Date)
		}
	}
	for _, rd := range ev.RDates {
		s.rdates = append(s.rdates, p.inZoneOf(&s.template, rd, zones))
		p.widenHorizon(rd.Date)
	}
	if err := p.periodLengths(s, ev, zones); err != nil {
		return nil, err
	}
	for _, ex := range ev.ExDates {
		if ex.DateOnly || s.allDay {
			s.exDate[ex.Date] = true
			continue
		}
		s.exInstant[zones.instant(&ex, tm.line)] = true
	}
	return s, nil
}

// periodLengths keeps the lengths of the RDATEs written as periods, which
// last their own time instead of the event's.
func (p *person) periodLengths(s *series, ev *ical.Event, zones *zoneResolver) error {
	for _, pd := range ev.RDatePeriods {
		rd := ev.RDates[pd.Index]
		if s.allDay || rd.DateOnly {
			continue // a period is of date-times; an all-day series keeps its days
		}
		length := pd.Duration
		if pd.HasEnd {
			length = zones.instant(&pd.End, s.line) - zones.instant(&rd, s.line)
		}
		if length <= 0 {
			if err := p.skip(s.file, s.line, "RDATE: the period %s ends before it starts; the occurrence lasts as long as the event", rd.DateTime); err != nil {
				return err
			}
			continue
		}
		if s.rdateLength == nil {
			s.rdateLength = map[civil.DateTime]int64{}
		}
		s.rdateLength[s.rdates[pd.Index]] = length
	}
	return nil
}

// teamMeeting is how many team members make a recurring meeting a team
// meeting, whose title the team may see.
const teamMeeting = 3

// seriesTitle is the title kept for a recurring meeting: its summary, or
// nothing when members is set and fewer than three of them take part.
func seriesTitle(members map[string]bool, ev *ical.Event) string {
	if members == nil {
		return string(ev.Summary)
	}
	seen := map[string]bool{}
	if members[string(ev.Organizer)] {
		seen[string(ev.Organizer)] = true
	}
	for _, a := range ev.Attendees {
		if members[string(a.Email)] {
			seen[string(a.Email)] = true
		}
	}
	if len(seen) < teamMeeting {
		return ""
	}
	return string(ev.Summary)
}

// inZoneOf expresses an RDATE in the wall-clock time of the series, so
// that it can be merged with the rule's occurrences.
func (p *person) inZoneOf(tm *template, dt ical.DateTime, zones *zoneResolver) civil.DateTime {
	if tm.allDay || dt.DateOnly {
		return dt.DateTime
	}
	instant := zones.instant(&dt, tm.line)
	// Find the wall-clock time whose instant is the RDATE's: start from the
	// UTC reading and correct by the zone's offset (twice, for DST edges).
	wall := civil.FromSeconds(instant)
	for range 2 {
		wall = wall.Add(instant - tm.zone.Instant(wall))
	}
	return wall
}

// addOverride keeps a RECURRENCE-ID event for its series.
func (p *person) addOverride(tm template, ev *ical.Event, zones *zoneResolver) error {
	o := &override{template: tm, thisAndFuture: ev.ThisAndFuture, sequence: ev.Sequence}
	o.uid = string(ev.UID)
	o.recurrenceDay = ev.RecurrenceID.Date.DaysSinceEpoch()
	if ev.RecurrenceID.DateOnly {
		o.recurrence = o.recurrenceDay
	} else {
		o.recurrence = zones.instant(&ev.RecurrenceID, tm.line)
	}
	p.widenHorizon(ev.RecurrenceID.Date)
	if len(ev.RRules) > 0 || len(ev.RDates) > 0 {
		// Should its series be missing, the override recurs on its own.
		own, err := p.newSeries(tm, ev, zones)
		if err != nil {
			return err
		}
		o.own = own
	}
	p.over[o.uid] = append(p.over[o.uid], o)
	return nil
}

// expandAll counts the occurrences of every recurring event, with their
// overrides, and then the overrides whose series is not in the calendar.
func (p *person) expandAll() {
	used := map[*override]bool{}
	for _, s := range p.series {
		p.expand(s, p.over[s.uid], used)
	}
	for _, list := range p.over {
		for _, o := range list {
			switch {
			case used[o]:
			case o.own != nil:
				p.expand(o.own, nil, used)
			default:
				p.emitOverride(o, "")
			}
		}
	}
}

// limit is the last wall-clock time a rule is expanded to: the end of the
// period; without one, a rule with COUNT or UNTIL runs to its end and an
// endless one to the last date the calendars name.
func (p *person) limit(s *series, rule *rrule.Rule) civil.DateTime {
	switch {
	case p.hasTo:
		return p.cfg.To.AddDays(2).At(0, 0, 0)
	case rule == nil:
		return civil.Date{Year: 9999, Month: 12, Day: 31}.At(23, 59, 59)
	case rule.HasUntil:
		return rule.Until.Date.AddDays(2).At(0, 0, 0)
	case rule.Count > 0:
		// A rule that cannot match would otherwise scan to the year 9999.
		return s.start.Date.AddDays(countHorizonDays).At(23, 59, 59)
	}
	return p.horizon.At(23, 59, 59)
}

// pastPeriod reports whether a wall-clock time is after the last day that
// counts (--to, else the last date the calendars name), so that a series
// cut short there was counted in full where it matters.
func (p *person) pastPeriod(dt civil.DateTime) bool {
	last := p.horizon
	if p.hasTo {
		last = p.cfg.To
	}
	return dt.Date.After(last)
}

// seriesWork is the work budget of one rule's expansion (see rrule's
// workBudget): a daily rule over twenty years needs well under a tenth of
// it, while a rule that can never match stops after some milliseconds.
const seriesWork = 1 << 20

// countHorizonDays bounds the expansion of a COUNT rule without --to:
// a hundred years holds every real meeting series.
const countHorizonDays = 100 * 366

// occurrences lists the start times of a series: DTSTART, the rules'
// occurrences and the RDATEs, in order and without repeats.
//
// The list is valid until the next call: its memory is reused.
func (p *person) occurrences(s *series) []civil.DateTime {
	list := append(p.occ[:0], s.start)
	var instant func(civil.DateTime) int64
	if s.zone != nil {
		instant = s.zone.Instant
	}
	for _, rule := range s.rules {
		it := rule.Iterate(s.start, s.allDay, p.limit(s, rule), instant)
		it.SetBudget(seriesWork)
		n := 0
		var last civil.DateTime
		for ; n < maxOccurrences; n++ {
			occ, ok := it.Next()
			if !ok {
				break
			}
			list = append(list, occ)
			last = occ
		}
		if (it.Truncated() || n == maxOccurrences) && !p.pastPeriod(last) {
			p.warn(s.file, s.line, "RRULE: the expansion was cut short; the series recurs too often to count in full")
		}
	}
	limit := p.limit(s, nil)
	for _, rd := range s.rdates {
		if !rd.After(limit) {
			list = append(list, rd)
		}
	}
	slices.SortFunc(list, func(a, b civil.DateTime) int { return a.Compare(b) })
	list = slices.Compact(list)
	p.occ = list[:0]
	return list
}

// expand counts one series. An override replaces the occurrence it names;
// a THISANDFUTURE override also changes every later occurrence by the
// same shift and takes over its length and category.
func (p *person) expand(s *series, overrides []*override, used map[*override]bool) {
	keyOf := func(o *override) int64 {
		if s.allDay {
			// Exchange names the day of an all-day occurrence with a
			// date-time; the day is what identifies it.
			return o.recurrenceDay
		}
		return o.recurrence
	}
	var exact map[int64][]*override
	var future []*override
	for _, o := range overrides {
		if o.thisAndFuture {
			future = append(future, o)
		} else {
			if exact == nil {
				exact = map[int64][]*override{}
			}
			exact[keyOf(o)] = append(exact[keyOf(o)], o)
		}
	}
	sort.Slice(future, func(i, j int) bool { return keyOf(future[i]) < keyOf(future[j]) })
	seen := instantSet{before: p.instants[:0]}
	defer func() { p.instants = seen.before[:0] }()
	for _, occ := range p.occurrences(s) {
		if s.exDate[occ.Date] {
			continue
		}
		key := occ.Date.DaysSinceEpoch()
		if !s.allDay {
			key = s.zone.Instant(occ)
			if s.exInstant[key] || !seen.add(key) {
				continue
			}
		}
		if list := exact[key]; len(list) > 0 {
			// Several overrides of one occurrence: the highest SEQUENCE
			// wins, the last one read among equals, and the others are
			// spent with it.
			win := list[0]
			for _, o := range list {
				used[o] = true
				if o.sequence >= win.sequence {
					win = o
				}
			}
			p.emitOverride(win, s.uid)
			continue
		}
		tm, shift := &s.template, int64(0)
		if o := latestBefore(future, key, keyOf); o != nil {
			used[o] = true
			tm = &o.template
			shift = p.startOf(o) - keyOf(o)
		}
		if s.allDay {
			p.emitAllDay(tm, civil.DateFromDays(key+shift), tm.length)
			continue
		}
		length := tm.length
		if l, ok := s.rdateLength[occ]; ok && tm == &s.template {
			length = l // an RDATE period
		}
		p.emit(tm, key+shift, length, s.uid)
	}
}

// instantSet holds the instants of a series' occurrences, so that one is
// counted once: two wall-clock times can be one instant, as a time in a
// spring-forward gap is read as the same instant as the time a gap later,
// and RFC 5545 counts duplicate instances once.
//
// Occurrences come in order of their wall-clock times, so their instants
// nearly always rise; only an instant that does not rise above all before
// it can be one seen before. The set keeps the greatest instant, and a map
// only from the first instant that does not rise.
type instantSet struct {
	greatest int64
	any      bool
	before   []int64        // the instants added, until seen is made
	seen     map[int64]bool // every instant added, once one did not rise
}

// add adds an instant and reports whether it was new.
func (s *instantSet) add(t int64) bool {
	switch {
	case s.seen != nil:
		if s.seen[t] {
			return false
		}
		s.seen[t] = true
	case !s.any || t > s.greatest:
		s.before = append(s.before, t)
	default:
		s.seen = make(map[int64]bool, len(s.before)+1)
		for _, b := range s.before {
			s.seen[b] = true
		}
		s.before = nil
		return s.add(t)
	}
	if !s.any || t > s.greatest {
		s.greatest, s.any = t, true
	}
	return true
}

// latestBefore returns the last THISANDFUTURE override at or before key.
func latestBefore(future []*override, key int64, keyOf func(*override) int64) *override {
	var found *override
	for _, o := range future {
		if keyOf(o) > key {
			break
		}
		found = o
	}
	return found
}

// startOf returns an override's own start: an instant, or for an all-day
// override its day number.
func (p *person) startOf(o *override) int64 {
	if o.allDay {
		return o.start.Date.DaysSinceEpoch()
	}
	return o.zone.Instant(o.start)
}

func (p *person) emitOverride(o *override, seriesUID string) {
	if o.allDay {
		p.emitAllDay(&o.template, o.start.Date, o.length)
		return
	}
	p.emit(&o.template, p.startOf(o), o.length, seriesUID)
}
