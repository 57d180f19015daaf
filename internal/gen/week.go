package gen

// profile is how many events of each kind a role organises in a week.
type profile struct {
	client, forClient, internal, prospect, clientWork, ownWork [2]int
	supplier, interview                                        float64
}

var profiles = [...]profile{
	Manager:        {client: [2]int{1, 2}, forClient: [2]int{1, 2}, internal: [2]int{4, 5}, prospect: [2]int{0, 1}, clientWork: [2]int{0, 1}, ownWork: [2]int{2, 3}, supplier: 0.6, interview: 0.5},
	Consultant:     {client: [2]int{5, 8}, forClient: [2]int{1, 2}, internal: [2]int{0, 1}, clientWork: [2]int{3, 5}, ownWork: [2]int{1, 2}, supplier: 0.1},
	AccountManager: {client: [2]int{4, 6}, forClient: [2]int{2, 4}, internal: [2]int{1, 1}, prospect: [2]int{1, 2}, clientWork: [2]int{1, 2}, ownWork: [2]int{1, 2}},
	ProjectLead:    {client: [2]int{2, 3}, forClient: [2]int{1, 2}, internal: [2]int{4, 6}, clientWork: [2]int{1, 2}, ownWork: [2]int{2, 3}, supplier: 0.7},
}

// planWeek fills week w. Client meetings go first, as people protect them;
// own time fills what is left.
func (p *planner) planWeek(w int) {
	p.eachSeat(func(seat int, pr profile) { p.repeat(pr.client, func() { p.clientMeeting(w, seat) }) })
	p.eachSeat(func(seat int, pr profile) { p.repeat(pr.forClient, func() { p.forClientMeeting(w, seat) }) })
	p.eachSeat(func(seat int, pr profile) { p.repeat(pr.internal, func() { p.internalMeeting(w, seat) }) })
	p.eachSeat(func(seat int, pr profile) {
		p.repeat(pr.prospect, func() { p.externalMeeting(w, seat, prospects, prospectTitles) })
		if p.chance(pr.supplier) {
			p.externalMeeting(w, seat, suppliers, supplierTitles)
		}
		if p.chance(pr.interview) {
			p.interview(w, seat)
		}
	})
	if w%2 == 1 {
		p.drinks(w)
	}
	if p.chance(0.6) {
		p.cancelledMeeting(w)
	}
	p.eachSeat(func(seat int, pr profile) {
		p.repeat(pr.clientWork, func() { p.clientWork(w, seat) })
		p.repeat(pr.ownWork, func() { p.ownWork(w, seat) })
		if p.team.Members[seat].Style != Outlook && p.chance(0.2) {
			p.workFromHome(w, seat)
		}
	})
}

func (p *planner) eachSeat(f func(seat int, pr profile)) {
	for seat, m := range p.team.Members {
		f(seat, profiles[m.Role])
	}
}

// repeat calls f a number of times drawn from r.
func (p *planner) repeat(r [2]int, f func()) {
	for range p.between(r) {
		f()
	}
}

// inviteWeight makes leaders the colleagues most often invited.
func inviteWeight(r Role) int {
	if r == Manager || r == ProjectLead {
		return 3
	}
	return 1
}

// colleagues draws one to three other members for an internal meeting
// organised by seat, leaders more often than others.
func (p *planner) colleagues(seat int) []int {
	n := 1
	switch x := p.rng.IntN(10); {
	case x >= 9:
		n = 3
	case x >= 6:
		n = 2
	}
	seats := []int{seat}
	for len(seats) < n+1 {
		total := 0
		for s, m := range p.team.Members {
			if !containsInt(seats, s) {
				total += inviteWeight(m.Role)
			}
		}
		x := p.rng.IntN(total)
		for s, m := range p.team.Members {
			if containsInt(seats, s) {
				continue
			}
			if x -= inviteWeight(m.Role); x < 0 {
				seats = append(seats, s)
				break
			}
		}
	}
	return seats
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// accountOf picks the client seat works for: mostly its main one.
func (p *planner) accountOf(seat int) int {
	if p.chance(0.7) {
		return p.accounts[seat][0]
	}
	return p.accounts[seat][1]
}

// colleagueOn returns another seat working for client c, or any other seat.
func (p *planner) colleagueOn(seat, c int) int {
	start := p.rng.IntN(teamSize)
	for i := range teamSize {
		s := (start + i) % teamSize
		if s != seat && p.accounts[s][0] == c {
			return s
		}
	}
	return (seat + 1 + p.rng.IntN(teamSize-1)) % teamSize
}

// respond lets the invited members (all but the organiser at seats[0])
// sometimes decline or stay tentative.
func (p *planner) respond(e *Event, seats []int, declineProb float64) {
	for _, s := range seats[1:] {
		email := p.team.Members[s].Email
		for i := range e.Attendees {
			if e.Attendees[i].Email != email {
				continue
			}
			switch x := p.rng.Float64(); {
			case x < declineProb:
				e.Attendees[i].PartStat = partDeclined
			case x < declineProb+0.05:
				e.Attendees[i].PartStat = partTentative
			}
		}
	}
}

// length returns a meeting length in minutes, one of the choices.
func (p *planner) length(choices ...int) int { return pick(p.rng, choices) }
