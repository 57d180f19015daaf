package klaver

import "strconv"

// Figures are the minutes of one person, week or team. Every minute figure
// is rounded from its own sum of seconds, so parts need not add up exactly
// to the whole; InternalShare is computed from the reported minutes.
type Figures struct {
	WorkingMinutes           int64   `json:"working_minutes"`
	ClientMinutes            int64   `json:"client_minutes"`
	InternalForClientMinutes int64   `json:"internal_for_client_minutes"`
	InternalMinutes          int64   `json:"internal_minutes"`
	OwnWorkMinutes           int64   `json:"own_work_minutes"`
	InternalShare            float64 `json:"internal_share"`
	Verdict                  string  `json:"verdict"`
}

// Seconds are the unrounded sums behind Figures, indexed by Category, plus
// working time. They add up exactly, which makes them the unit of storage
// and aggregation; Figures are derived from them only for display.
type Seconds struct {
	Working  int64
	Category [NumCategories]int64
}

// Add adds o to s.
func (s *Seconds) Add(o Seconds) {
	s.Working += o.Working
	for i := range s.Category {
		s.Category[i] += o.Category[i]
	}
}

// Minutes rounds seconds to the nearest whole minute, half a minute up.
func Minutes(seconds int64) int64 {
	if seconds >= 0 {
		return (seconds + 30) / 60
	}
	return -((-seconds + 29) / 60)
}

// Figures rounds s to minutes and judges the internal share against
// maxInternal.
func (s Seconds) Figures(maxInternal float64) Figures {
	f := Figures{
		WorkingMinutes:           Minutes(s.Working),
		ClientMinutes:            Minutes(s.Category[Client]),
		InternalForClientMinutes: Minutes(s.Category[InternalForClient]),
		InternalMinutes:          Minutes(s.Category[Internal]),
		OwnWorkMinutes:           Minutes(s.Category[OwnWork]),
	}
	if f.WorkingMinutes != 0 {
		f.InternalShare = float64(f.InternalMinutes) / float64(f.WorkingMinutes)
	}
	f.Verdict = VerdictOK
	if f.InternalShare > maxInternal {
		f.Verdict = VerdictOver
	}
	return f
}

// WeekFigures are the figures of one ISO week ("2026-W02").
type WeekFigures struct {
	Week string `json:"week"`
	Figures
}

// ClientMinutes is the time a client received: minutes of client and
// internal-for-client time attributed to it.
type ClientMinutes struct {
	Client  string `json:"client"`
	Minutes int64  `json:"minutes"`
}

// PersonReport is one person's audit.
type PersonReport struct {
	Person string `json:"person"`
	Figures
	Weeks   []WeekFigures   `json:"weeks"`
	Clients []ClientMinutes `json:"clients"`
	// Sources names the kinds of input the figures come from:
	// "calendar", "timesheet" or both.
	Sources []string `json:"sources"`
}

// TeamReport is the sum over people.
type TeamReport struct {
	Figures
	Weeks   []WeekFigures   `json:"weeks"`
	Clients []ClientMinutes `json:"clients"`
}

// Period is the audited range of days, inclusive, in the time zone TZ.
type Period struct {
	From string `json:"from"`
	To   string `json:"to"`
	TZ   string `json:"tz"`
}

// Series is a recurring meeting that costs internal time without serving a
// client: the meetings a team can most easily cut.
type Series struct {
	Title   string   `json:"title"`
	People  []string `json:"people"`
	Minutes int64    `json:"minutes"`
	// WeeklyMinutes is Minutes spread over the weeks of the period.
	WeeklyMinutes int64 `json:"weekly_minutes"`
}

// Problem is an input problem that was skipped: file:line: message.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// String formats the problem the way compilers do, for terminals and logs.
func (p Problem) String() string {
	if p.Line > 0 {
		return p.File + ":" + strconv.Itoa(p.Line) + ": " + p.Message
	}
	return p.File + ": " + p.Message
}

// Report is the result of an audit; its JSON form is the contract of
// `klaver audit --format json`. Fields may be added, never renamed.
type Report struct {
	Period      Period         `json:"period"`
	MaxInternal float64        `json:"max_internal"`
	People      []PersonReport `json:"people"`
	Team        TeamReport     `json:"team"`
	Series      []Series       `json:"series"`
	// Skipped lists input that could not be used (the first 1,000);
	// SkippedTotal counts all of it. Warnings likewise.
	Skipped       []Problem `json:"skipped"`
	SkippedTotal  int       `json:"skipped_total"`
	Warnings      []Problem `json:"warnings"`
	WarningsTotal int       `json:"warnings_total"`
}
