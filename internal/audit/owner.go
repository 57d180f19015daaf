package audit

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/klaver/klaver/internal/ical"
)

// calendarOwner finds whose calendar a file is, by the rules: --owner, an
// X-WR-CALNAME that is an e-mail address, a file name that is one, or the
// address that takes part in the most events (ties go to the address that
// sorts first).
func calendarOwner(cfg *Config, in Input) (string, error) {
	if cfg.Owner != "" {
		return strings.ToLower(cfg.Owner), nil
	}
	if owner, err := ownerFromHeader(cfg, in); err != nil || owner != "" {
		return owner, err
	}
	base := strings.TrimSuffix(filepath.Base(in.Name), filepath.Ext(in.Name))
	if isAddress(base) {
		return strings.ToLower(base), nil
	}
	return ownerFromAttendees(cfg, in)
}

// withReader runs fn with a calendar reader over the input.
func withReader(cfg *Config, in Input, fn func(rd *ical.Reader) (string, error)) (string, error) {
	f, err := in.Open()
	if err != nil {
		return "", err
	}
	defer f.Close()
	rd := cfg.kit().reader(f, in.Name)
	defer cfg.kit().release(rd)
	return fn(rd)
}

// ownerFromHeader reads up to the first event for X-WR-CALNAME.
func ownerFromHeader(cfg *Config, in Input) (string, error) {
	return withReader(cfg, in, func(rd *ical.Reader) (string, error) {
		return calendarNameOwner(rd, in.Name)
	})
}

func calendarNameOwner(rd *ical.Reader, file string) (string, error) {
	if _, err := rd.Next(); err != nil && !isParseOrEOF(err) {
		return "", fmt.Errorf("%s: %w", file, err)
	}
	return calendarOwnerName(rd)
}

// calendarOwnerName is the X-WR-CALNAME read so far, when it is an e-mail
// address.
func calendarOwnerName(rd *ical.Reader) (string, error) {
	name := strings.TrimSpace(strings.TrimPrefix(strings.ToLower(rd.CalendarName()), "mailto:"))
	if isAddress(name) {
		return name, nil
	}
	return "", nil
}

// ownerFromAttendees counts, per address, the events it organises or
// attends; rooms and resources are not people and do not count.
func ownerFromAttendees(cfg *Config, in Input) (string, error) {
	return withReader(cfg, in, func(rd *ical.Reader) (string, error) {
		return mostFrequentAddress(rd, in.Name)
	})
}

func mostFrequentAddress(rd *ical.Reader, file string) (string, error) {
	counts := map[string]int{}
	seen := map[string]bool{}
	for {
		ev, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if isParseOrEOF(err) {
				continue
			}
			return "", fmt.Errorf("%s: %w", file, err)
		}
		clear(seen)
		if len(ev.Organizer) > 0 && !isFacility(ev.OrganizerCUType) {
			seen[string(ev.Organizer)] = true
		}
		for _, a := range ev.Attendees {
			if len(a.Email) > 0 && !isFacility(a.CUType) {
				seen[string(a.Email)] = true
			}
		}
		for addr := range seen {
			counts[addr]++
		}
	}
	var best string
	addrs := make([]string, 0, len(counts))
	for a := range counts {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs)
	for _, a := range addrs {
		if best == "" || counts[a] > counts[best] {
			best = a
		}
	}
	if err := notCalendar(rd, file); err != nil {
		return "", err
	}
	// X-WR-CALNAME comes first; a calendar may give it after its events.
	if owner, _ := calendarOwnerName(rd); owner != "" {
		return owner, nil
	}
	if best == "" {
		return "", fmt.Errorf("%s: cannot tell whose calendar this is: name it after the owner (anna@acme.nl.ics) or pass --owner", file)
	}
	return best, nil
}

// notCalendar explains, after a whole file was read, a file that held no
// calendar at all: such a file is not a calendar with nothing in it but
// the wrong file, or a broken export.
func notCalendar(rd *ical.Reader, file string) error {
	switch {
	case rd.IsCalendar():
		return nil
	case rd.Line() == 0:
		return fmt.Errorf("%s: the file is empty; export the calendar again as .ics", file)
	}
	return fmt.Errorf("%s:1: not an iCalendar file: it has no BEGIN:VCALENDAR or BEGIN:VEVENT line", file)
}

func isParseOrEOF(err error) bool {
	var pe *ical.ParseError
	return errors.Is(err, io.EOF) || errors.As(err, &pe)
}

// isAddress reports whether s looks like an e-mail address.
func isAddress(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.ContainsAny(s, " \t<>,;:\"") &&
		!strings.Contains(domain, "@") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}
