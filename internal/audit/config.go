// Package audit computes the time audit: it turns calendars and
// time-tracking exports into minutes per category and checks the rule that
// internal time serving no client takes at most a quarter of working time.
// The rules it implements are written down in docs/audit-rules.md; every
// figure klaver shows comes from here.
package audit

import (
	"fmt"
	"strings"
	"time"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/civil"
	"github.com/klaver/klaver/internal/tz"
)

// Config holds the settings of one audit.
type Config struct {
	// Owner, when set, is the person every calendar belongs to.
	Owner string
	// OrgDomains are the organisation's own e-mail domains; empty means
	// the domain of each calendar's owner.
	OrgDomains []string
	// Clients is the client registry; nil means no clients, so nothing
	// counts as client time.
	Clients *Registry
	// TZ is the zone in which days and weeks are counted, floating times
	// are read and time-tracking exports are interpreted; TZName names it.
	TZ     *time.Location
	TZName string
	// From and To bound the period (inclusive days in TZ); a zero Date
	// leaves that side open.
	From, To civil.Date
	// HoursPerDay is the working time of a working day.
	HoursPerDay float64
	// Workdays marks the working days, indexed by civil weekday (Sunday 0).
	Workdays [7]bool
	// MaxInternal is the highest acceptable internal share.
	MaxInternal float64
	// Strict makes the first input problem fatal instead of skipping it.
	Strict bool
	// Zones resolves time-zone names; shared so that each zone loads once.
	Zones *tz.DB
	// Workers is how many inputs are read at once (0: one per CPU).
	Workers int
	// WholeWeeks widens an open side of the period to the whole ISO week,
	// so that the audit of any part of a week counts its working days.
	// A store that keeps weeks audits this way.
	WholeWeeks bool
	// TeamMembers, when set, holds the (lower-case) addresses of a team's
	// members; a recurring meeting then keeps its title only when at least
	// three of them take part, since other titles may tell the team what
	// is none of its business.
	TeamMembers map[string]bool

	shared *shared // made by Run for the duration of one audit
}

// DefaultConfig returns the rules' defaults: 8 hours a day, Monday to
// Friday, at most 25% internal, in the machine's local zone.
func DefaultConfig() Config {
	return Config{
		TZ:          time.Local,
		TZName:      LocalZoneName(),
		HoursPerDay: 8,
		Workdays:    [7]bool{civil.Monday: true, civil.Tuesday: true, civil.Wednesday: true, civil.Thursday: true, civil.Friday: true},
		MaxInternal: klaver.DefaultMaxInternal,
		Zones:       tz.NewDB(),
	}
}

var dayNames = map[string]int{
	"sun": civil.Sunday, "mon": civil.Monday, "tue": civil.Tuesday, "wed": civil.Wednesday,
	"thu": civil.Thursday, "fri": civil.Friday, "sat": civil.Saturday,
	"zo": civil.Sunday, "ma": civil.Monday, "di": civil.Tuesday, "wo": civil.Wednesday,
	"do": civil.Thursday, "vr": civil.Friday, "za": civil.Saturday,
}

// ParseWorkdays reads a list such as "mon-fri", "mon,tue,thu" or the Dutch
// "ma-vr". A range wraps around the week ("sat-mon").
func ParseWorkdays(s string) ([7]bool, error) {
	var days [7]bool
	for _, part := range strings.Split(strings.ToLower(s), ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		from, to, isRange := strings.Cut(part, "-")
		a, ok := dayNames[dayKey(from)]
		if !ok {
			return days, fmt.Errorf("workdays: unknown day %q; use mon,tue,wed,thu,fri,sat,sun or ranges like mon-fri", from)
		}
		b := a
		if isRange {
			if b, ok = dayNames[dayKey(to)]; !ok {
				return days, fmt.Errorf("workdays: unknown day %q; use mon,tue,wed,thu,fri,sat,sun or ranges like mon-fri", to)
			}
		}
		for d := a; ; d = (d + 1) % 7 {
			days[d] = true
			if d == b {
				break
			}
		}
	}
	if days == [7]bool{} {
		return days, fmt.Errorf("workdays: %q names no day", s)
	}
	return days, nil
}

func dayKey(s string) string {
	s = strings.TrimSpace(s)
	if _, ok := dayNames[s]; ok {
		return s
	}
	if len(s) > 3 {
		return s[:3]
	}
	return s
}

// ParseDate reads an inclusive period bound, YYYY-MM-DD.
func ParseDate(s string) (civil.Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return civil.Date{}, fmt.Errorf("invalid date %q: use YYYY-MM-DD", s)
	}
	return civil.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}, nil
}
