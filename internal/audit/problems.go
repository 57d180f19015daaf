package audit

import (
	"errors"
	"sync"

	"github.com/klaver/klaver"
)

// maxKept is how many problems of each kind a report lists; the rest are
// only counted, so a broken file cannot fill memory.
const maxKept = 1000

// ErrStrict is wrapped by the error that stops a --strict audit.
var ErrStrict = errors.New("input problem (--strict)")

// problems collects skipped input and warnings from concurrent readers.
type problems struct {
	strict   bool
	mu       sync.Mutex
	skipped  []klaver.Problem
	warnings []klaver.Problem
	nSkipped int
	nWarned  int
	said     map[string]bool // warnings about no line in particular, said once
}

// add records p. In strict mode a skipped event is an error instead.
func (ps *problems) add(p klaver.Problem, skipped bool) error {
	if skipped && ps.strict {
		return &StrictError{Problem: p}
	}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if skipped {
		ps.nSkipped++
		if len(ps.skipped) < maxKept {
			ps.skipped = append(ps.skipped, p)
		}
		return nil
	}
	if p.Line == 0 {
		if ps.said[p.Message] {
			return nil
		}
		if ps.said == nil {
			ps.said = map[string]bool{}
		}
		ps.said[p.Message] = true
	}
	ps.nWarned++
	if len(ps.warnings) < maxKept {
		ps.warnings = append(ps.warnings, p)
	}
	return nil
}

// StrictError is the first input problem of a --strict audit.
type StrictError struct{ Problem klaver.Problem }

func (e *StrictError) Error() string { return e.Problem.String() }

// Unwrap lets errors.Is(err, ErrStrict) recognise it.
func (e *StrictError) Unwrap() error { return ErrStrict }
