package audit

import (
	"errors"
	"fmt"
	"io"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/civil"
	"github.com/klaver/klaver/internal/ical"
	"github.com/klaver/klaver/internal/rrule"
	"github.com/klaver/klaver/internal/tz"
)

// maxOccurrences bounds the expansion of one recurring event within the
// period, so that a rule like FREQ=SECONDLY cannot exhaust memory.
const maxOccurrences = 100_000

// template is what an event contributes, decided once per event and
// applied to each of its occurrences.
type template struct {
	file      string
	line      int
	uid       string
	allDay    bool
	cancelled bool
	declined  bool
	absence   bool
	transp    bool // TRANSP:TRANSPARENT
	cat       klaver.Category
	set       uint32
	// start is the first occurrence in the event's zone; length is the
	// duration in seconds (timed) or days (all-day).
	start  civil.DateTime
	zone   tz.Zone
	length int64
	// lastStart and coveredUntil remember the latest occurrence emitted
	// for this event (hasCover once there is one), so that occurrences of
	// a series that overlap it are not split into the same days again.
	hasCover                bool
	lastStart, coveredUntil int64
}

// series is a recurring event waiting for the end of its person's files,
// when all overrides are known.
type series struct {
	template
	rules  []*rrule.Rule
	rdates []civil.DateTime
	// rdateLength holds the seconds of RDATEs written as periods, by their
	// wall-clock start in the series' zone.
	rdateLength map[civil.DateTime]int64
	exInstant   map[int64]bool
	exDate      map[civil.Date]bool
}

// override is a RECURRENCE-ID event: it replaces the occurrence it names.
type override struct {
	template
	recurrence    int64   // instant of the occurrence it replaces (day number for dates)
	recurrenceDay int64   // day number of the date it names
	sequence      int     // SEQUENCE: the highest of several overrides wins
	own           *series // its own recurrence, used when its series is missing
	thisAndFuture bool
}

// person reads the calendars of one owner and turns them into a tally.
type person struct {
	cfg      *Config
	owner    string
	t        *tally
	sets     *clientSets
	blocks   []block
	spare    []block          // sweep's second buffer for sorting blocks
	occ      []civil.DateTime // occurrences' list, reused from series to series
	instants []int64          // expand's list of instants, reused likewise
	clock    *dayClock
	classes  *classifier
	series   []*series
	over     map[string][]*override // by UID
	horizon  civil.Date             // the last date the calendars name
	costs    map[string]*seriesCost // internal recurring series by UID
	titles   map[string]string      // titles of recurring series by UID
	report   func(p klaver.Problem, skipped bool) error
	// observe, when set, sees every occurrence that is not cancelled, before
	// the rules filter it: the conformance tests count occurrences with it.
	observe func(tm *template, start int64)

	// fromInstant and toInstant bound the period (toInstant exclusive);
	// hasFrom and hasTo say whether they are set.
	fromInstant, toInstant int64
	hasFrom, hasTo         bool

	// recentSets holds setOf's latest answers (made on first use), and
	// lastCost the cost of the latest series cost counted.
	recentSets *[1 << setBits]packedSet
	lastCost   *seriesCost
	lastUID    string
}

// buffers are the slices a worker hands on from one person it reads to
// the next, grown to what a calendar needs: reused, they spare the
// garbage collector most of what reading a calendar allocates.
//
// So are the tables that remember answers: the classifier's, which hold
// for every calendar of an audit (absences by summary, clients by
// domain), so that each person starts with what the ones before taught
// them; and setOf's, whose set numbers are the person's own, emptied
// for each.
type buffers struct {
	blocks, spare []block
	occ           []civil.DateTime
	instants      []int64
	memo          *absenceMemo
	recent        *[1 << recentBits]domainClients
	recentSets    *[1 << setBits]packedSet
}

// use lets p fill the slices and tables of b; b gets them back, grown,
// from giveBack once p's blocks are swept.
func (p *person) use(b *buffers) {
	p.blocks, p.spare, p.occ, p.instants = b.blocks[:0], b.spare[:0], b.occ[:0], b.instants[:0]
	p.classes.memo, p.classes.recent = b.memo, b.recent
	if b.recentSets != nil {
		*b.recentSets = [1 << setBits]packedSet{}
		p.recentSets = b.recentSets
	}
}

func (p *person) giveBack(b *buffers) {
	b.blocks, b.spare, b.occ, b.instants = p.blocks[:0], p.spare[:0], p.occ[:0], p.instants[:0]
	b.memo, b.recent, b.recentSets = p.classes.memo, p.classes.recent, p.recentSets
	p.blocks, p.spare, p.occ, p.instants = nil, nil, nil, nil
}

// seriesCost is the internal time one recurring meeting took.
type seriesCost struct {
	title   string
	people  map[string]bool
	seconds int64
}

// newPerson starts the reading of owner's calendars. lines, when not nil,
// is the line cache of the worker that reads them (see lineCache).
func newPerson(cfg *Config, owner string, report func(klaver.Problem, bool) error, lines *lineCache) *person {
	p := &person{
		cfg:     cfg,
		owner:   owner,
		t:       newTally(owner),
		sets:    newClientSets(),
		clock:   newDayClock(cfg),
		classes: newClassifier(owner, cfg.Clients, cfg.kit().absence, lines),
		over:    map[string][]*override{},
		costs:   map[string]*seriesCost{},
		titles:  map[string]string{},
		report:  report,
	}
	p.t.calendar = true
	if !cfg.From.IsZero() {
		p.hasFrom, p.fromInstant = true, p.clock.midnight(cfg.From)
	}
	if !cfg.To.IsZero() {
		p.hasTo, p.toInstant = true, p.clock.midnight(cfg.To.AddDays(1))
	}
	return p
}

// readFile reads one calendar of this person; reopen, when not nil, reads
// it again from the start, for definitions that come after their use.
func (p *person) readFile(name string, r io.Reader, reopen func() (io.ReadCloser, error)) error {
	rd := p.cfg.kit().reader(r, name)
	defer p.cfg.kit().release(rd)
	zones := newZoneResolver(p.cfg, rd, name, reopen)
	for {
		ev, err := rd.Next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			// pe lives on the heap (errors.As takes its address), so it is
			// declared only where there is an error.
			var pe *ical.ParseError
			if errors.As(err, &pe) {
				if err := p.report(parseProblem(pe), true); err != nil {
					return err
				}
				continue
			}
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := p.event(name, ev, zones); err != nil {
			return err
		}
	}
	if err := notCalendar(rd, name); err != nil {
		return err
	}
	for _, w := range zones.warnings {
		if err := p.report(w, false); err != nil {
			return err
		}
	}
	return nil
}

// parseProblem turns a reader's error into a reported problem.
func parseProblem(pe *ical.ParseError) klaver.Problem {
	msg := pe.Msg
	if pe.Property != "" {
		msg = pe.Property + ": " + msg
	}
	return klaver.Problem{File: pe.File, Line: pe.Line, Message: msg}
}

// warn reports something the user should know about an event.
func (p *person) warn(file string, line int, msg string) {
	// Warnings never stop an audit, not even a strict one.
	_ = p.report(klaver.Problem{File: file, Line: line, Message: msg}, false)
}

// skip reports an event that the rules cannot use.
func (p *person) skip(file string, line int, format string, args ...any) error {
	return p.report(klaver.Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)}, true)
}

// event takes one VEVENT: a single event is counted at once, a recurring
// one and its overrides wait until all files of the person are read.
func (p *person) event(file string, ev *ical.Event, zones *zoneResolver) error {
	tm := template{file: file, line: ev.Line}
	startInstant, ok, err := p.fillTemplate(&tm, ev, zones)
	if err != nil || !ok {
		return err
	}
	switch {
	case ev.HasRecurrenceID:
		return p.addOverride(tm, ev, zones)
	case len(ev.RRules) > 0 || len(ev.RDates) > 0:
		return p.addSeries(tm, ev, zones)
	case tm.allDay:
		p.emitAllDay(&tm, tm.start.Date, tm.length)
	default:
		p.emit(&tm, startInstant, tm.length, "")
	}
	return nil
}

// fillTemplate decides the category, times and flags of an event. ok is
// false when the event was skipped and reported.
func (p *person) fillTemplate(tm *template, ev *ical.Event, zones *zoneResolver) (start int64, ok bool, err error) {
	if !ev.HasStart {
		return 0, false, p.skip(tm.file, ev.Line, "DTSTART missing")
	}
	tm.cancelled = string(ev.Status) == "CANCELLED"
	tm.transp = string(ev.Transp) == "TRANSPARENT"
	tm.start = ev.Start.DateTime
	tm.allDay = ev.Start.DateOnly
	p.widenHorizon(ev.Start.Date)
	if tm.allDay {
		tm.length = allDayLength(ev)
		if ev.HasEnd {
			p.widenHorizon(ev.End.Date)
		}
		p.decide(tm, ev, 0)
		return 0, true, nil
	}
	tm.zone = zones.zoneOf(&ev.Start, tm.line)
	start = tm.zone.InstantOf(zones.seconds(&ev.Start.DateTime))
	switch {
	case ev.HasEnd && sameZone(&ev.Start, &ev.End):
		tm.length = tm.zone.InstantOf(zones.seconds(&ev.End.DateTime)) - start
		p.widenHorizon(ev.End.Date)
	case ev.HasEnd:
		tm.length = zones.instant(&ev.End, tm.line) - start
		p.widenHorizon(ev.End.Date)
	case ev.HasDuration:
		tm.length = ev.Duration
	}
	if tm.length < 0 {
		// Counted as zero length: an override like this still replaces
		// the occurrence it names, unless the owner declined it.
		tm.length = 0
		tm.declined = p.classes.declined(ev)
		if !ev.HasEnd {
			return start, true, p.skip(tm.file, ev.EndLine, "DURATION is negative")
		}
		return start, true, p.skip(tm.file, ev.EndLine, "DTEND is before DTSTART")
	}
	p.decide(tm, ev, start)
	return start, true, nil
}

// sameZone reports whether two values of one event are read in one zone:
// both UTC, both floating, or with one TZID. The calendar reader gives the
// TZIDs of an event that are alike one copy, so that the same bytes need
// not be compared again; the copy is valid for the whole event.
func sameZone(a, b *ical.DateTime) bool {
	if a.UTC || b.UTC || len(a.TZID) != len(b.TZID) {
		return a.UTC && b.UTC
	}
	return len(a.TZID) == 0 || &a.TZID[0] == &b.TZID[0]
}

// decide fills in the category, clients and absence of an event whose
// times are known, as far as they can matter, and whether the owner
// declined it. Classifying is most of the cost of an event (it searches
// every text for client names), so it is left out for what can never
// count, and the fields stay zero:
//   - cancelled and declined events, and their occurrences, are never
//     counted (emit and emitAllDay return first thing);
//   - an all-day event, and a transparent one, only counts as an absence
//     (emitAllDay looks at nothing else, emit at nothing after it), so
//     only that is decided;
//   - a single timed event (no recurrence, not an override) of zero length
//     or outside the period has no occurrence that counts. A recurring one
//     may: its RDATE periods have lengths of their own.
//
// Whether the owner declined an event comes with classifying it, from one
// pass over its attendees.
func (p *person) decide(tm *template, ev *ical.Event, start int64) {
	if !p.mayCount(tm, ev, start) {
		tm.declined = p.classes.declined(ev)
		if (tm.allDay || tm.transp) && !tm.cancelled && !tm.declined {
			tm.absence = p.classes.absent(ev)
		}
		return
	}
	v, declined := p.classes.classify(ev)
	if declined {
		tm.declined = true
		return
	}
	tm.absence = v.absence
	tm.cat = v.cat
	tm.set = p.setOf(v.clients)
}

// mayCount reports whether the category of an event may count, unless
// the owner declined it (see decide).
func (p *person) mayCount(tm *template, ev *ical.Event, start int64) bool {
	switch {
	case tm.cancelled, tm.allDay, tm.transp:
		return false
	case !ev.HasRecurrenceID && len(ev.RRules) == 0 && len(ev.RDates) == 0:
		from, to := p.clip(start, start+tm.length)
		return from < to
	}
	return true
}

// setOf returns the number of the set of clients in list. Events come
// with the same few sets of clients over and over, most of one to four
// clients: such a set is packed into one word, its clients in order, and
// its number kept by that word in p.recentSets, which spares sorting the
// list and interning it (see clientSets.id).
func (p *person) setOf(list []int) uint32 {
	if len(list) == 0 {
		return 0
	}
	key, ok := packSet(list)
	if !ok {
		return p.sets.id(list)
	}
	if p.recentSets == nil {
		p.recentSets = new([1 << setBits]packedSet)
	}
	r := &p.recentSets[key*0x9e3779b97f4a7c15>>(64-setBits)]
	if r.key != key {
		r.key, r.id = key, p.sets.id(list)
	}
	return r.id
}

// setBits is the size of person.recentSets, in bits of an index.
const setBits = 6

// packedSet is a set of clients that packSet packed into key (never 0),
// with its number.
type packedSet struct {
	key uint64
	id  uint32
}

// packSet packs the distinct clients of list, up to four with indexes
// below 65535, into one word: each plus one in sixteen bits, in
// ascending order, so that lists of the same clients in any order and
// number give one word. ok is false for a list that does not fit.
func packSet(list []int) (key uint64, ok bool) {
	var set [4]uint16
	n := 0
	for _, c := range list {
		if uint(c) >= 0xffff {
			return 0, false
		}
		v := uint16(c + 1)
		// Insertion into the few clients so far, which are in order.
		i := n
		for i > 0 && set[i-1] > v {
			i--
		}
		if i > 0 && set[i-1] == v {
			continue
		}
		if n == len(set) {
			return 0, false
		}
		for j := n; j > i; j-- {
			set[j] = set[j-1]
		}
		set[i] = v
		n++
	}
	return uint64(set[0]) | uint64(set[1])<<16 | uint64(set[2])<<32 | uint64(set[3])<<48, true
}

// allDayLength returns the number of days an all-day event covers: DTEND
// is exclusive, and an event without an end covers its one day.
func allDayLength(ev *ical.Event) int64 {
	switch {
	case ev.HasEnd:
		return ev.End.Date.DaysSinceEpoch() - ev.Start.Date.DaysSinceEpoch()
	case ev.HasDuration:
		return max(ev.Duration/86400, 1)
	}
	return 1
}

// widenHorizon moves the horizon to d when d is later. It compares in
// place: a call of Date.Before for each event's start and end costs more.
func (p *person) widenHorizon(d civil.Date) {
	if h := p.horizon; d.Year > h.Year || d.Year == h.Year && (d.Month > h.Month || d.Month == h.Month && d.Day > h.Day) {
		p.horizon = d
	}
}

// emit counts one timed occurrence [start, start+length).
func (p *person) emit(tm *template, start, length int64, seriesUID string) {
	if p.observe != nil && !tm.cancelled {
		seen := *tm // a copy, so that tm itself need not live on the heap
		p.observe(&seen, start)
	}
	if tm.cancelled || tm.declined || length <= 0 {
		return
	}
	start, end := p.clip(start, start+length)
	if start >= end {
		return
	}
	if tm.absence {
		p.absentBetween(start, end)
		return
	}
	if tm.transp {
		return
	}
	if seriesUID != "" && tm.cat == klaver.Internal {
		p.cost(seriesUID, end-start)
	}
	if start, end = tm.uncovered(start, end); start >= end {
		return
	}
	for s := start; s < end; {
		_, _, dayEnd := p.clock.dayOf(s)
		e := min(end, dayEnd)
		p.blocks = append(p.blocks, newBlock(s, e, tm.cat, tm.set))
		s = e
	}
}

// clip cuts [start, end) to the period.
func (p *person) clip(start, end int64) (int64, int64) {
	if p.hasFrom {
		start = max(start, p.fromInstant)
	}
	if p.hasTo {
		end = min(end, p.toInstant)
	}
	return start, end
}

// uncovered trims from [start, end) what the event's previous occurrence
// already covers. Blocks of one event share category and clients, so the
// sweep would count the overlap once anyway; trimming keeps a series whose
// occurrences last longer than its interval (a year-long event every hour)
// from making a block for every day of every occurrence. Occurrences come
// in order of start; one that does not is left whole.
func (tm *template) uncovered(start, end int64) (int64, int64) {
	if tm.hasCover && start < tm.lastStart {
		return start, end
	}
	from := start
	if tm.hasCover && start < tm.coveredUntil {
		from = min(tm.coveredUntil, end)
	}
	tm.hasCover = true
	tm.lastStart = start
	tm.coveredUntil = max(tm.coveredUntil, end)
	return from, end
}

// absentBetween records a timed absence, split at midnight.
func (p *person) absentBetween(start, end int64) {
	for s := start; s < end; {
		day, _, dayEnd := p.clock.dayOf(s)
		e := min(end, dayEnd)
		p.t.addTimedAbsence(day, span{s, e})
		s = e
	}
}

// emitAllDay counts an all-day occurrence: only absences matter, and they
// remove their working days from working time.
func (p *person) emitAllDay(tm *template, first civil.Date, days int64) {
	if p.observe != nil && !tm.cancelled {
		seen := *tm
		p.observe(&seen, p.clock.midnight(first))
	}
	if tm.cancelled || tm.declined || !tm.absence || days <= 0 {
		return
	}
	for i := int64(0); i < days; i++ {
		d := first.AddDays(int(i))
		if !p.cfg.Workdays[d.Weekday()] || !p.inPeriod(d) {
			continue
		}
		p.t.absentDays[d.DaysSinceEpoch()] = true
	}
}

func (p *person) inPeriod(d civil.Date) bool {
	if !p.cfg.From.IsZero() && d.Before(p.cfg.From) {
		return false
	}
	return p.cfg.To.IsZero() || !d.After(p.cfg.To)
}

// cost adds the seconds of an occurrence to its series' cost. The
// occurrences of a series come one after another: the series of the
// latest is kept at hand.
func (p *person) cost(uid string, seconds int64) {
	if p.lastCost == nil || uid != p.lastUID {
		c := p.costs[uid]
		if c == nil {
			c = &seriesCost{title: p.titles[uid], people: map[string]bool{p.owner: true}}
			p.costs[uid] = c
		}
		p.lastCost, p.lastUID = c, uid
	}
	p.lastCost.seconds += seconds
}
