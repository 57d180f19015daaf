package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/klaver/klaver"
)

// JSON writes the report as indented JSON: the contract of
// `klaver audit --format json`. Lists that are empty encode as [] rather
// than null, so that consumers can iterate without a check.
func JSON(w io.Writer, r *klaver.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(withEmptyLists(r)); err != nil {
		return fmt.Errorf("write JSON report: %w", err)
	}
	return nil
}

// withEmptyLists returns a copy of r in which every nil list is empty. The
// caller's report and its slices are left as they are.
func withEmptyLists(r *klaver.Report) *klaver.Report {
	c := *r
	c.People = make([]klaver.PersonReport, len(r.People))
	for i, p := range r.People {
		p.Weeks = nonNil(p.Weeks)
		p.Clients = nonNil(p.Clients)
		p.Sources = nonNil(p.Sources)
		c.People[i] = p
	}
	c.Team.Weeks = nonNil(r.Team.Weeks)
	c.Team.Clients = nonNil(r.Team.Clients)
	c.Series = make([]klaver.Series, len(r.Series))
	for i, s := range r.Series {
		s.People = nonNil(s.People)
		c.Series[i] = s
	}
	c.Skipped = nonNil(r.Skipped)
	c.Warnings = nonNil(r.Warnings)
	return &c
}

// nonNil returns s, or an empty slice when s is nil.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
