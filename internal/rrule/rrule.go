// Package rrule expands RFC 5545 recurrence rules in wall-clock time.
//
// A rule is expanded in the local time of its event ("every Monday at
// 09:00"), before any time zone is applied, so that occurrences keep their
// wall-clock time across daylight saving changes; the caller turns each
// occurrence into an instant. Expansion always runs up to an explicit limit,
// and rules that can never match end quickly, so a hostile or broken
// calendar cannot make an expansion run away.
//
// Where exports break the RFC, the reading is lenient: COUNT and UNTIL
// together both apply, BY parts the RFC marks N/A for a frequency act as
// limits, and BYDAY ordinals outside MONTHLY and YEARLY mean every such
// weekday.
package rrule

import "github.com/klaver/klaver/internal/civil"

// Freq is the FREQ of a rule.
type Freq int

// The frequencies of RFC 5545 §3.3.10.
const (
	Secondly Freq = iota
	Minutely
	Hourly
	Daily
	Weekly
	Monthly
	Yearly
)

// WeekdayNum is a BYDAY entry such as MO, 1MO or -1SU.
type WeekdayNum struct {
	Weekday int // civil.Sunday .. civil.Saturday
	N       int // 0 for every such weekday in the period
}

// Rule is a parsed RRULE value.
type Rule struct {
	Freq     Freq
	Interval int // >= 1
	Count    int // 0 when not set

	// Until is the last possible occurrence when HasUntil. UntilUTC means it
	// was written with a Z and is an instant; UntilDate means it was a DATE.
	Until     civil.DateTime
	HasUntil  bool
	UntilUTC  bool
	UntilDate bool

	ByMonth    []int
	ByWeekNo   []int
	ByYearDay  []int
	ByMonthDay []int
	ByDay      []WeekdayNum
	ByHour     []int
	ByMinute   []int
	BySecond   []int
	BySetPos   []int
	WeekStart  int // civil.Monday unless WKST says otherwise
}
