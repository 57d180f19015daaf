package gen

import (
	"math/rand/v2"

	"github.com/klaver/klaver/internal/civil"
)

// The planning grid: working days from 08:30 to 17:30 in quarters of an
// hour. Meetings are placed where all members taking part are free, so a
// person's blocks rarely overlap, as in a real calendar.
const (
	slotSeconds = 15 * 60
	dayStart    = 8*60 + 30 // minutes after midnight
	daySlots    = 36
	workdays    = 5
)

// slotAt returns the slot of a wall-clock time on the grid.
func slotAt(hour, minute int) int { return (hour*60 + minute - dayStart) / 15 }

// planner builds the events of one team.
type planner struct {
	cfg      Config
	rng      *rand.Rand
	team     *Team
	busy     []uint64 // one bit per slot, indexed by week, seat and day
	contacts [][]Attendee
	accounts [teamSize][2]int // each seat's main and second client
}

func newPlanner(cfg Config, t *Team) *planner {
	p := &planner{
		cfg:  cfg,
		rng:  teamRand(cfg.Seed, t.Index),
		team: t,
		busy: make([]uint64, cfg.Weeks*teamSize*workdays),
	}
	p.contacts = make([][]Attendee, len(clients))
	for i, c := range clients {
		for k := range 4 {
			// The last contact writes from the client's last domain, so
			// that second domains occur too.
			domain := c.Domains[0]
			if k == 3 {
				domain = c.Domains[len(c.Domains)-1]
			}
			p.contacts[i] = append(p.contacts[i], newContact(p.rng, c.mailForm, domain))
		}
	}
	for seat := range p.accounts {
		main := p.rng.IntN(len(clients))
		p.accounts[seat] = [2]int{main, (main + 1 + p.rng.IntN(len(clients)-1)) % len(clients)}
	}
	return p
}

// at returns the wall time of slot on day d of week w.
func (p *planner) at(w, d, slot int) civil.DateTime {
	return p.cfg.Start.AddDays(7*w+d).At(8, 30, 0).Add(int64(slot) * slotSeconds)
}

func (p *planner) cell(w, seat, d int) *uint64 { return &p.busy[(w*teamSize+seat)*workdays+d] }

func slotMask(slot, n int) uint64 { return (1<<n - 1) << slot }

// free reports whether all seats are free for n slots from slot.
func (p *planner) free(w, d, slot, n int, seats []int) bool {
	if slot < 0 || slot+n > daySlots {
		return false
	}
	for _, s := range seats {
		if *p.cell(w, s, d)&slotMask(slot, n) != 0 {
			return false
		}
	}
	return true
}

// occupy marks n slots from slot busy for seat.
func (p *planner) occupy(w, d, slot, n, seat int) {
	if slot < 0 {
		n += slot
		slot = 0
	}
	n = min(n, daySlots-slot)
	if n > 0 {
		*p.cell(w, seat, d) |= slotMask(slot, n)
	}
}

// findSlot picks a random half-hour start in week w where all seats are
// free for n slots.
func (p *planner) findSlot(w, n int, seats []int) (d, slot int, ok bool) {
	for range 40 {
		d = p.rng.IntN(workdays)
		slot = 2 * p.rng.IntN((daySlots-n)/2+1)
		if p.free(w, d, slot, n, seats) {
			return d, slot, true
		}
	}
	return 0, 0, false
}

// findSeriesSlot picks a slot on a weekday from Tuesday that the seats have
// free in every week.
func (p *planner) findSeriesSlot(n int, seats []int) (d, slot int, ok bool) {
	for range 60 {
		d = 1 + p.rng.IntN(workdays-1)
		slot = 2 * p.rng.IntN((daySlots-n)/2+1)
		if p.freeEveryWeek(d, slot, n, seats) {
			return d, slot, true
		}
	}
	return 0, 0, false
}

func (p *planner) freeEveryWeek(d, slot, n int, seats []int) bool {
	for w := range p.cfg.Weeks {
		if !p.free(w, d, slot, n, seats) {
			return false
		}
	}
	return true
}

// member returns the seat's person as an attendee who accepted.
func (p *planner) member(seat int) Attendee {
	m := p.team.Members[seat]
	return Attendee{Name: m.Name, Email: m.Email, PartStat: partAccepted}
}

// newEvent starts an event of minutes length at start, made by a system
// of the given style a few days to weeks earlier.
func (p *planner) newEvent(origin Style, kind Kind, summary string, start civil.DateTime, minutes int) *Event {
	created := start.Add(-int64(86400 + p.rng.IntN(20*86400)))
	created.Second = 0
	return &Event{
		UID:     newUID(p.rng, origin),
		Origin:  origin,
		Kind:    kind,
		Summary: summary,
		Start:   start,
		End:     start.Add(int64(minutes) * 60),
		Created: created,
	}
}

// invite sets the organiser and attendees: the organiser first, then the
// members in seats, then guests from outside the team.
func (e *Event) invite(organizer Attendee, members []Attendee, guests ...Attendee) {
	e.Organizer = organizer
	e.Attendees = make([]Attendee, 0, 1+len(members)+len(guests))
	e.Attendees = append(e.Attendees, organizer)
	for _, m := range members {
		if m.Email != organizer.Email {
			e.Attendees = append(e.Attendees, m)
		}
	}
	for _, g := range guests {
		if g.Email != organizer.Email {
			e.Attendees = append(e.Attendees, g)
		}
	}
}

// add puts e in the calendars of seats and marks their time busy, except
// for those who declined and for events that take no time.
func (p *planner) add(e *Event, seats ...int) {
	for _, s := range seats {
		p.team.calendars[s] = append(p.team.calendars[s], e)
	}
	if e.Cancelled || e.Transparent || e.AllDay {
		return
	}
	for _, s := range seats {
		if e.PartStat(p.team.Members[s].Email) == partDeclined {
			continue
		}
		for _, start := range e.Occurrences() {
			p.occupyTime(start, e.End.Seconds()-e.Start.Seconds(), s)
		}
	}
}

// occupyTime marks the grid busy for seat from start for seconds.
func (p *planner) occupyTime(start civil.DateTime, seconds int64, seat int) {
	days := int(start.Date.DaysSinceEpoch() - p.cfg.Start.DaysSinceEpoch())
	w, d := days/7, days%7
	if days < 0 || w >= p.cfg.Weeks || d >= workdays {
		return
	}
	first := (start.SecondOfDay() - dayStart*60) / slotSeconds
	n := int((seconds + slotSeconds - 1) / slotSeconds)
	p.occupy(w, d, first, n, seat)
}

// chance reports true with probability prob.
func (p *planner) chance(prob float64) bool { return p.rng.Float64() < prob }

// between returns a number from lo to hi, inclusive.
func (p *planner) between(r [2]int) int { return r[0] + p.rng.IntN(r[1]-r[0]+1) }

// pick returns a random element of list.
func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }
