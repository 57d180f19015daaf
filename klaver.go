// Package klaver holds the domain of klaver: who pays your bills?
//
// A person's working time is split into four categories. Time with or for a
// client is what pays the bills; internal time that serves an existing client
// is meaningful; other internal time should take at most a quarter of the
// working week. The types here are what every part of klaver speaks: the
// command-line audit, the server, its API and the pages.
package klaver

// Category is what a minute of working time was spent on. The order is the
// precedence used when blocks overlap: the highest category present wins.
type Category uint8

// The categories, lowest precedence first.
const (
	OwnWork Category = iota
	Internal
	InternalForClient
	Client
)

// NumCategories is the number of categories, for arrays indexed by Category.
const NumCategories = 4

// String returns the name used in the JSON contract.
func (c Category) String() string {
	switch c {
	case OwnWork:
		return "own_work"
	case Internal:
		return "internal"
	case InternalForClient:
		return "internal_for_client"
	case Client:
		return "client"
	}
	return "unknown"
}

// DefaultMaxInternal is the rule: internal time that serves no client takes
// at most 25% of working time.
const DefaultMaxInternal = 0.25

// Verdicts against the rule.
const (
	VerdictOK   = "ok"
	VerdictOver = "over"
)

// ClientRecord is an entry in a team's client registry: the organisation
// that pays the bills, the e-mail domains its people write from, and the
// words or project codes that link a meeting to it.
type ClientRecord struct {
	Name    string   `json:"name"`
	Domains []string `json:"domains"`
	Aliases []string `json:"aliases"`
}
