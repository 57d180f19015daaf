package store

import (
	"fmt"
	"time"

	"github.com/klaver/klaver"
)

// domainError turns a broken constraint into the klaver.Error a user can
// act on, keeping the database's error in the chain for logs; what names
// the thing that was being written. Other errors are returned as they are.
func (s *Store) domainError(err error, what string) error {
	var kerr *klaver.Error
	switch s.dialect.violation(err) {
	case uniqueViolation:
		kerr = klaver.Errorf(klaver.ErrConflict, "%s already exists.", what)
	case foreignKeyViolation:
		kerr = klaver.Errorf(klaver.ErrNotFound, "%s refers to something that does not exist.", what)
	case checkViolation, notNullViolation:
		kerr = klaver.Errorf(klaver.ErrInvalid, "%s has a value out of range.", what)
	default:
		return err
	}
	return fmt.Errorf("%w (%w)", kerr, err)
}

// now is the time stored with new rows, in UTC so that both databases hold
// the same instant in the same form.
func now() time.Time {
	return time.Now().UTC()
}
