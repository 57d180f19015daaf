package gen

// planAbsences gives people a few days off now and then, and an afternoon
// off. They are planned after the series, which stay in the calendar as
// they do in real ones, and before the week's meetings, which avoid them.
func (p *planner) planAbsences() {
	for w := range p.cfg.Weeks {
		for seat := range p.team.Members {
			switch {
			case p.chance(0.12):
				p.vacation(w, seat)
			case p.chance(0.08):
				p.afternoonOff(w, seat)
			}
		}
	}
}

// vacation adds one to three days off as an all-day event: "Vakantie", or
// in Outlook an out-of-office event whose title says nothing.
func (p *planner) vacation(w, seat int) {
	m := p.team.Members[seat]
	days := 1 + p.rng.IntN(3)
	first := p.rng.IntN(workdays - days + 1)
	from := p.cfg.Start.AddDays(7*w + first)
	e := p.newEvent(m.Style, KindAbsence, "Vakantie", from.At(0, 0, 0), days*24*60)
	e.AllDay = true
	switch m.Style {
	case Outlook:
		e.Summary = "Afwezig"
		e.OutOfOffice = true
	case Google:
		e.Transparent = true // Google exports all-day events as free
	}
	p.add(e, seat)
	for d := first; d < first+days; d++ {
		p.occupy(w, d, 0, daySlots, seat)
	}
}

// afternoonOff adds a timed absence from 13:00 to the end of the day.
func (p *planner) afternoonOff(w, seat int) {
	d := p.rng.IntN(workdays)
	if *p.cell(w, seat, d) == slotMask(0, daySlots) {
		return // already a day off
	}
	slot := slotAt(13, 0)
	e := p.newEvent(p.team.Members[seat].Style, KindAbsence, "Middag vrij", p.at(w, d, slot), (daySlots-slot)*15)
	p.add(e, seat)
}
