package gen

import (
	"strings"

	"github.com/klaver/klaver/internal/civil"
)

// directors chair the management meeting that team leaders attend.
var directors = []Attendee{
	{Name: "Marloes van Wijk", Email: "marloes.vanwijk@" + OrgDomain, PartStat: partAccepted},
	{Name: "Hans Dijkstra", Email: "hans.dijkstra@" + OrgDomain, PartStat: partAccepted},
}

// managementGroup is the number of teams whose leaders meet together.
const managementGroup = 4

// planSeries places the recurring meetings first, while the weeks are
// still empty: they are what a team's calendar is built around.
func (p *planner) planSeries() {
	p.planManagementMeeting()
	p.planTeamStart()
	p.planDepartmentMeeting()
	p.planOneOnOnes()
	p.planReminders()
}

// planManagementMeeting adds the leader's weekly MT-overleg. It is shared
// by the leaders of a group of teams, so it is drawn from the group's own
// random stream and comes out the same in each of their calendars.
func (p *planner) planManagementMeeting() {
	group := p.team.Index / managementGroup
	rng := groupRand(p.cfg.Seed, group)
	day := 1 + 2*rng.IntN(2) // Tuesday or Thursday
	start := p.at(0, day, slotAt(13+rng.IntN(2), 0))
	e := &Event{
		UID: newUID(rng, Outlook), Origin: Outlook, Kind: KindInternal,
		Summary:     "MT-overleg",
		Description: "Agenda:\n1. Opening en mededelingen\n2. Omzet, bezetting en pijplijn\n3. Personeel; vacatures\n4. Rondvraag",
		Location:    "Directiekamer",
		Start:       start, End: start.Add(2 * 3600),
		Created: start.Add(-30 * 86400),
		Rule:    &Recurrence{Interval: 1, Count: p.cfg.Weeks},
	}
	members := append([]Attendee(nil), directors[1:]...)
	for t := group * managementGroup; t < (group+1)*managementGroup; t++ {
		leader := calendarPerson(p.cfg.Seed, t, 0)
		members = append(members, Attendee{Name: leader.Name, Email: leader.Email, PartStat: partAccepted})
	}
	e.invite(directors[0], members, room(Outlook, "Directiekamer"))
	p.add(e, 0)
}

// planTeamStart adds the weekly Monday meeting of the whole team, with one
// week skipped and one occurrence moved to Tuesday.
func (p *planner) planTeamStart() {
	slot := slotAt(9, 0)
	all := p.allSeats()
	e := p.newEvent(p.team.Members[0].Style, KindInternal, "Weekstart team", p.at(0, 0, slot), 60)
	e.Description = "Wie doet wat deze week? Blokkades, verlof en planning.\nNotulen: zie teamkanaal."
	e.Location = roomLocation("Amstel (8)")
	e.invite(p.member(0), p.members(all), room(e.Origin, "Amstel (8)"))
	e.Rule = &Recurrence{Interval: 1, Until: p.at(p.cfg.Weeks-1, 0, slot)}
	if p.cfg.Weeks >= 3 {
		e.Rule.ExDates = []civil.DateTime{p.at(2, 0, slot)}
	}
	p.add(e, all...)
	if p.cfg.Weeks >= 2 {
		p.moveOccurrence(e, 1, 1, slotAt(9, 30), all)
	}
}

// planDepartmentMeeting adds the fortnightly department meeting, organised
// from Outlook, with one occurrence moved to Thursday.
func (p *planner) planDepartmentMeeting() {
	slot := slotAt(15, 30)
	all := p.allSeats()
	organizer := 4
	e := p.newEvent(p.team.Members[organizer].Style, KindInternal, "Afdelingsoverleg", p.at(0, 2, slot), 90)
	e.Location = roomLocation("Vecht (12)") + "; Microsoft Teams-vergadering"
	e.Description = joinText("Vaste punten: mededelingen, cijfers, kennisdeling.", onlineInvite(p.rng, e.Origin))
	e.invite(p.member(organizer), p.members(all), room(e.Origin, "Vecht (12)"))
	last := (p.cfg.Weeks - 1) / 2 * 2
	e.Rule = &Recurrence{Interval: 2, Until: p.at(last, 2, slot)}
	p.add(e, all...)
	if p.cfg.Weeks >= 3 {
		p.moveOccurrence(e, 2, 3, slot, all)
	}
}

// planOneOnOnes adds the leader's weekly half hour with each team member.
// One of them has an occurrence moved, another one skipped.
func (p *planner) planOneOnOnes() {
	leader := p.team.Members[0]
	for seat := 1; seat < teamSize; seat++ {
		seats := []int{0, seat}
		d, slot, ok := p.findSeriesSlot(2, seats)
		if !ok {
			continue
		}
		first := strings.Fields(leader.Name)[0] + " / " + strings.Fields(p.team.Members[seat].Name)[0]
		e := p.newEvent(leader.Style, KindInternal, "1-op-1 "+first, p.at(0, d, slot), 30)
		e.Description = pick(p.rng, []string{"", "Werkplezier, ontwikkeling en planning.", "Lopende zaken; doelen dit kwartaal."})
		e.invite(p.member(0), p.members(seats))
		e.Rule = &Recurrence{Interval: 1, Count: p.cfg.Weeks}
		if seat == 4 && p.cfg.Weeks >= 2 {
			e.Rule.ExDates = []civil.DateTime{p.at(1+p.rng.IntN(p.cfg.Weeks-1), d, slot)}
		}
		p.add(e, seats...)
		if seat == 2 && p.cfg.Weeks >= 2 {
			w := 1 + p.rng.IntN(p.cfg.Weeks-1)
			if nd, nslot, ok := p.findSlot(w, 2, seats); ok {
				p.moveOccurrence(e, w, nd, nslot, seats)
			}
		}
	}
}

// planReminders gives everyone the weekly reminder to book their hours:
// shown as free, so it is no working time.
func (p *planner) planReminders() {
	for seat, m := range p.team.Members {
		e := p.newEvent(m.Style, KindOwnWork, "Uren schrijven", p.at(0, 4, slotAt(16, 45)), 15)
		e.Transparent = true
		e.Rule = &Recurrence{Interval: 1, Count: p.cfg.Weeks}
		p.add(e, seat)
	}
}

// moveOccurrence adds an override that moves the series' occurrence of
// week w to day d at slot, if the seats are free then.
func (p *planner) moveOccurrence(series *Event, w, d, slot int, seats []int) {
	length := series.End.Seconds() - series.Start.Seconds()
	n := int(length / slotSeconds)
	if !p.free(w, d, slot, n, seats) {
		return
	}
	o := *series
	o.Rule = nil
	o.RecurrenceID = civil.DateTime{Date: series.Start.Date.AddDays(7 * w), Hour: series.Start.Hour, Minute: series.Start.Minute}
	o.Start = p.at(w, d, slot)
	o.End = o.Start.Add(length)
	o.Sequence = series.Sequence + 1
	o.Attendees = append([]Attendee(nil), series.Attendees...)
	p.add(&o, seats...)
}

func (p *planner) allSeats() []int {
	seats := make([]int, teamSize)
	for i := range seats {
		seats[i] = i
	}
	return seats
}

// members returns the seats' people as attendees who accepted.
func (p *planner) members(seats []int) []Attendee {
	out := make([]Attendee, len(seats))
	for i, s := range seats {
		out[i] = p.member(s)
	}
	return out
}

// room returns a meeting room as the organiser's system books it.
func room(origin Style, name string) Attendee {
	key := mailLocal(strings.Fields(name)[0])
	if origin == Google {
		return Attendee{Name: "Acme-Amsterdam-" + name, Email: "c_188" + key + "9f2a@resource.calendar.google.com", PartStat: partAccepted, Room: true}
	}
	return Attendee{Name: name, Email: "ruimte." + key + "@" + OrgDomain, PartStat: partAccepted, Room: true}
}

// roomLocation is the LOCATION of a meeting in one of the office's rooms.
func roomLocation(name string) string { return "Acme Amsterdam – " + name }
