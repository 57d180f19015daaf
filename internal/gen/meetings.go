package gen

import "strings"

// clientMeeting adds a meeting with people of a client, sometimes with a
// colleague along, sometimes organised by the client.
func (p *planner) clientMeeting(w, seat int) {
	ci := p.accountOf(seat)
	c := &clients[ci]
	seats := []int{seat}
	if p.chance(0.35) {
		seats = append(seats, p.colleagueOn(seat, ci))
	}
	minutes := p.length(30, 60, 60, 60, 90, 90, 120)
	d, slot, ok := p.findSlot(w, minutes/15, seats)
	if !ok {
		return
	}
	guests := p.clientGuests(ci)
	organizer, origin := p.member(seat), p.team.Members[seat].Style
	if p.chance(0.4) {
		organizer, origin = guests[0], Outlook // clients run Exchange
	}
	e := p.newEvent(origin, KindClient, fillTitle(p.rng, pick(p.rng, clientTitles), c, ""), p.at(w, d, slot), minutes)
	var online string
	switch x := p.rng.IntN(10); {
	case x < 3:
		online = onlineInvite(p.rng, origin)
		if origin == Outlook {
			e.Location = "Microsoft Teams-vergadering"
		}
	case x < 7:
		e.Location = c.Name + ", " + c.address
	default:
		e.Location = roomLocation(pick(p.rng, rooms))
	}
	e.Description = joinText(agenda(p.rng), online)
	e.invite(organizer, p.members(seats), guests...)
	p.add(e, seats...)
}

// clientGuests draws one to three distinct people of client ci; some have
// not answered the invitation.
func (p *planner) clientGuests(ci int) []Attendee {
	pool := p.contacts[ci]
	n := 1 + p.rng.IntN(3)
	first := p.rng.IntN(len(pool))
	guests := make([]Attendee, n)
	for i := range guests {
		guests[i] = pool[(first+i)%len(pool)]
		if i > 0 && p.chance(0.2) {
			guests[i].PartStat = partNeeds
		}
	}
	return guests
}

// forClientMeeting adds an internal meeting that serves a client: the
// client is named in the title, or now and then only in the description.
func (p *planner) forClientMeeting(w, seat int) {
	ci := p.accountOf(seat)
	c := &clients[ci]
	seats := []int{seat, p.colleagueOn(seat, ci)}
	if p.chance(0.3) {
		seats = p.colleagues(seat)
	}
	minutes := p.length(30, 45, 60, 60)
	d, slot, ok := p.findSlot(w, minutes/15, seats)
	if !ok {
		return
	}
	origin := p.team.Members[seat].Style
	e := p.newEvent(origin, KindInternalForClient, "", p.at(w, d, slot), minutes)
	if p.chance(0.15) {
		// The name may break across lines in the description.
		e.Summary = pick(p.rng, quietTitles)
		e.Description = "Voorbereiding workshop bij " + strings.Replace(c.Name, " ", "\n", 1) + " volgende week."
	} else {
		e.Summary = fillTitle(p.rng, pick(p.rng, clientForInternalTitles), c, "")
		e.Description = pick(p.rng, internalDescriptions)
	}
	p.placeInternal(e)
	e.invite(p.member(seat), p.members(seats), p.roomFor(e)...)
	p.respond(e, seats, 0.05)
	p.add(e, seats...)
}

// internalMeeting adds a meeting among colleagues that serves no client.
func (p *planner) internalMeeting(w, seat int) {
	seats := p.colleagues(seat)
	minutes := p.length(30, 45, 60, 60)
	if p.team.Members[seat].Role == ProjectLead {
		minutes = p.length(60, 60, 90)
	}
	d, slot, ok := p.findSlot(w, minutes/15, seats)
	if !ok {
		return
	}
	e := p.newEvent(p.team.Members[seat].Style, KindInternal, pick(p.rng, internalTitles), p.at(w, d, slot), minutes)
	e.Description = pick(p.rng, internalDescriptions)
	p.placeInternal(e)
	e.invite(p.member(seat), p.members(seats), p.roomFor(e)...)
	p.respond(e, seats, 0.1)
	p.add(e, seats...)
}

// placeInternal puts an internal meeting in a room or online.
func (p *planner) placeInternal(e *Event) {
	if p.chance(0.7) {
		e.Location = roomLocation(pick(p.rng, rooms))
		return
	}
	e.Description = joinText(e.Description, onlineInvite(p.rng, e.Origin))
	if e.Origin == Outlook {
		e.Location = "Microsoft Teams-vergadering"
	}
}

// roomFor returns the room booked for e, if it has one.
func (p *planner) roomFor(e *Event) []Attendee {
	name, ok := strings.CutPrefix(e.Location, roomLocation(""))
	if !ok {
		return nil
	}
	return []Attendee{room(e.Origin, name)}
}

// externalMeeting adds a meeting with a supplier or a prospect: outside
// people, but no client, so internal time.
func (p *planner) externalMeeting(w, seat int, orgs []external, titles []string) {
	org := pick(p.rng, orgs)
	seats := []int{seat}
	if p.chance(0.3) {
		seats = append(seats, p.colleagueOn(seat, -1))
	}
	minutes := p.length(60, 60, 90)
	d, slot, ok := p.findSlot(w, minutes/15, seats)
	if !ok {
		return
	}
	e := p.newEvent(p.team.Members[seat].Style, KindInternal, fillTitle(p.rng, pick(p.rng, titles), nil, org.name), p.at(w, d, slot), minutes)
	guests := []Attendee{newContact(p.rng, org.mailForm, org.domain)}
	if p.chance(0.5) {
		guests = append(guests, newContact(p.rng, org.mailForm, org.domain))
	}
	e.Description = joinText(agenda(p.rng), onlineInvite(p.rng, e.Origin))
	if e.Origin == Outlook {
		e.Location = "Microsoft Teams-vergadering"
	}
	e.invite(p.member(seat), p.members(seats), guests...)
	p.add(e, seats...)
}

// interview adds a job interview with a candidate from outside.
func (p *planner) interview(w, seat int) {
	seats := []int{seat, p.colleagueOn(seat, -1)}
	d, slot, ok := p.findSlot(w, 4, seats)
	if !ok {
		return
	}
	first, last := contactName(p.rng)
	candidate := Attendee{Name: first + " " + last, Email: mailLocal(first) + "." + mailLocal(last) + "@gmail.com", PartStat: partAccepted}
	e := p.newEvent(p.team.Members[seat].Style, KindInternal, "Sollicitatiegesprek "+first+" "+last, p.at(w, d, slot), 60)
	e.Location = roomLocation("IJ (4)")
	e.Description = "Functie: medior consultant.\nCV en motivatie staan in het recruitmentsysteem."
	e.invite(p.member(seat), p.members(seats), candidate, room(e.Origin, "IJ (4)"))
	p.add(e, seats...)
}

// drinks adds the fortnightly Friday drinks, which run past working
// hours; whoever is busy then declines.
func (p *planner) drinks(w int) {
	const day, organizer = 4, 2
	slot := slotAt(17, 0)
	all := p.allSeats()
	e := p.newEvent(p.team.Members[organizer].Style, KindInternal, "Vrijdagborrel 🍻", p.at(w, day, slot), 90)
	e.Location = "Kantine, 1e verdieping"
	e.invite(p.member(organizer), p.members(all))
	for i, a := range e.Attendees {
		seat := p.seatOf(a.Email)
		if seat != organizer && (!p.free(w, day, slot, 2, []int{seat}) || p.chance(0.35)) {
			e.Attendees[i].PartStat = partDeclined
		}
	}
	p.add(e, all...)
}

// cancelledMeeting adds a meeting that was called off but stays in the
// calendars.
func (p *planner) cancelledMeeting(w int) {
	seat := p.rng.IntN(teamSize)
	seats := p.colleagues(seat)
	d, slot, ok := p.findSlot(w, 4, seats)
	if !ok {
		return
	}
	e := p.newEvent(p.team.Members[seat].Style, KindInternal, pick(p.rng, internalTitles), p.at(w, d, slot), 60)
	if e.Origin == Outlook {
		e.Summary = "Geannuleerd: " + e.Summary
	}
	e.Cancelled = true
	e.Sequence = 2
	e.invite(p.member(seat), p.members(seats))
	p.add(e, seats...)
}

// clientWork adds a block a person set aside to work for a client.
func (p *planner) clientWork(w, seat int) {
	minutes := p.length(90, 120, 120, 180)
	d, slot, ok := p.findSlot(w, minutes/15, []int{seat})
	if !ok {
		return
	}
	c := &clients[p.accountOf(seat)]
	e := p.newEvent(p.team.Members[seat].Style, KindClientWork, fillTitle(p.rng, pick(p.rng, clientWorkTitles), c, ""), p.at(w, d, slot), minutes)
	p.add(e, seat)
}

// ownWork adds a block for admin, mail and the like.
func (p *planner) ownWork(w, seat int) {
	minutes := p.length(30, 30, 60, 90)
	d, slot, ok := p.findSlot(w, minutes/15, []int{seat})
	if !ok {
		return
	}
	e := p.newEvent(p.team.Members[seat].Style, KindOwnWork, pick(p.rng, ownWorkTitles), p.at(w, d, slot), minutes)
	p.add(e, seat)
}

// workFromHome adds the all-day marker some people keep for the days they
// work at home: not an absence.
func (p *planner) workFromHome(w, seat int) {
	m := p.team.Members[seat]
	day := p.cfg.Start.AddDays(7*w + p.rng.IntN(workdays))
	e := p.newEvent(m.Style, KindAllDay, "Thuiswerkdag", day.At(0, 0, 0), 24*60)
	e.AllDay = true
	e.Transparent = true
	p.add(e, seat)
}

// seatOf returns the seat of the member with the address, or -1.
func (p *planner) seatOf(email string) int {
	for s, m := range p.team.Members {
		if m.Email == email {
			return s
		}
	}
	return -1
}
