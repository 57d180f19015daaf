package ical

import (
	"fmt"
	"strconv"
)

// ParseError is a problem with one event, time zone or line. The Reader
// skips the component it occurred in and goes on, so one bad event does not
// cost the rest of the calendar.
type ParseError struct {
	File     string // the name given to NewReader
	Line     int    // 1-based physical line number
	Property string // upper-case property name, "" when the problem is not one property's
	Msg      string
}

// Error formats the problem as "file:line: PROP: msg" so that a user can go
// straight to the line.
func (e *ParseError) Error() string {
	if e.Property == "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Property, e.Msg)
}

// maxQuoted is how much of a bad value an error message repeats.
const maxQuoted = 80

// quote returns v as a Go-quoted string for an error message, shortened
// when it is long.
func quote(v []byte) string {
	if len(v) > maxQuoted {
		return strconv.Quote(string(v[:maxQuoted])) + "…"
	}
	return strconv.Quote(string(v))
}
