package klaver

import (
	"errors"
	"fmt"
)

// Role is what a person may do in a team. Leaders and members see their
// team's figures; only a member's own imports feed them. Coaches guide teams
// of an organisation without contributing figures of their own.
type Role string

// The roles.
const (
	RoleCoach  Role = "coach"
	RoleLeader Role = "leader"
	RoleMember Role = "member"
)

// Valid reports whether r is one of the roles, so that adapters can refuse
// an unknown role before it reaches storage.
func (r Role) Valid() bool {
	switch r {
	case RoleCoach, RoleLeader, RoleMember:
		return true
	}
	return false
}

// Organisation is the employer whose teams are audited. MinContributors is
// the fewest people whose data a team figure may be shown for, so that no
// team figure gives away one person's week; zero means
// DefaultMinContributors, and it is never below LeastMinContributors.
type Organisation struct {
	ID              int64
	Name            string
	MinContributors int
}

// The privacy minimum of team figures: five contributors unless an
// organisation chooses otherwise, and never fewer than three, below which
// a leader could subtract their own week from the sum and see another's.
const (
	DefaultMinContributors = 5
	LeastMinContributors   = 3
)

// Team is a group of people serving the same clients. ClientStatement is
// the team's own answer to "who pays your bills?", shown beside its figures.
// The rest are the audit's settings for the team's imports; zero values
// mean the audit's defaults (Europe/Amsterdam, 8 hours, mon-fri, 25%).
type Team struct {
	ID              int64
	OrgID           int64
	Name            string
	ClientStatement string
	TZ              string
	HoursPerDay     float64
	Workdays        string
	MaxInternal     float64
}

// WithDefaults fills the team's unset audit settings with the defaults.
func (t Team) WithDefaults() Team {
	if t.TZ == "" {
		t.TZ = "Europe/Amsterdam"
	}
	if t.HoursPerDay == 0 {
		t.HoursPerDay = 8
	}
	if t.Workdays == "" {
		t.Workdays = "mon-fri"
	}
	if t.MaxInternal == 0 {
		t.MaxInternal = DefaultMaxInternal
	}
	return t
}

// Person is someone who signs in. Email is the identity and is kept in lower
// case, so that an address differing only in case is the same person.
// ShareIndividual is the person's consent to show their own figures to the
// team; without it only team sums include them.
type Person struct {
	ID              int64
	Email           string
	Name            string
	Lang            string
	ShareIndividual bool
}

// Membership places a person in a team with a role.
type Membership struct {
	PersonID int64
	TeamID   int64
	Role     Role
}

// Error codes. They are few and coarse on purpose: each adapter maps them to
// its own terms (an HTTP status, an exit code) in one place, and messages,
// not codes, carry the detail.
const (
	ErrConflict     = "conflict"
	ErrForbidden    = "forbidden"
	ErrInternal     = "internal"
	ErrInvalid      = "invalid"
	ErrNotFound     = "not_found"
	ErrUnauthorized = "unauthorized"
)

// Error is an error that the domain expects and a user may be shown: its
// Message is safe to display, unlike the text of an arbitrary error, which
// may expose database or system details.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface. The text is for logs; show users
// ErrorMessage.
func (e *Error) Error() string {
	return fmt.Sprintf("klaver error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an Error with a formatted message, for the common case of
// an adapter refusing a request with a reason.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first Error in err's chain, "" for nil
// and ErrInternal for any other error: an error nobody anticipated is a
// fault of ours, not of the user's request.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ErrInternal
}

// ErrorMessage returns the message of the first Error in err's chain, and a
// generic text for any other error, whose details are not for users.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}
