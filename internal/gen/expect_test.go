package gen

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/civil"
)

// This file reckons, from the generated model rather than the files, what
// the audit rules give for a person, so that tests can check that the
// examples make the point they are meant to make.

// reckoning is one person's minutes by category over the period.
type reckoning struct {
	working  int
	category [klaver.NumCategories]int
}

func (r reckoning) internalShare() float64 {
	if r.working == 0 {
		return 0
	}
	return float64(r.category[klaver.Internal]) / float64(r.working)
}

// reckon applies the audit rules to one calendar over cfg's weeks, with
// 8 working hours on weekdays.
func reckon(cfg Config, cal Calendar) reckoning {
	days := 7 * cfg.Weeks
	minutes := make([][]int8, days) // highest category per minute, -1 for none
	for i := range minutes {
		minutes[i] = make([]int8, 1440)
		for j := range minutes[i] {
			minutes[i][j] = -1
		}
	}
	offDay := make([]bool, days)
	offMinutes := make([]int, days)
	for _, e := range cal.Events {
		if e.Cancelled || e.PartStat(cal.Owner.Email) == partDeclined {
			continue
		}
		for _, start := range occurrencesAfterOverrides(e, cal.Events) {
			day := int(start.Date.DaysSinceEpoch() - cfg.Start.DaysSinceEpoch())
			switch {
			case e.Kind == KindAbsence && e.AllDay:
				for d := day; d < day+int(e.End.Date.DaysSinceEpoch()-e.Start.Date.DaysSinceEpoch()); d++ {
					offDay[d] = true
				}
			case e.Kind == KindAbsence:
				offMinutes[day] += int(e.End.Seconds()-e.Start.Seconds()) / 60
			case e.AllDay || e.Transparent:
			default:
				cat, _ := e.Kind.Category()
				from := start.SecondOfDay() / 60
				for m := from; m < from+int(e.End.Seconds()-e.Start.Seconds())/60 && m < 1440; m++ {
					minutes[day][m] = max(minutes[day][m], int8(cat))
				}
			}
		}
	}
	var r reckoning
	for d := range days {
		if wd := cfg.Start.AddDays(d).Weekday(); wd != civil.Saturday && wd != civil.Sunday && !offDay[d] {
			r.working += 480 - min(offMinutes[d], 480)
		}
		for _, c := range minutes[d] {
			if c >= 0 {
				r.category[c]++
			}
		}
	}
	return r
}

// occurrencesAfterOverrides returns e's occurrences with those that an
// override in events replaces left out.
func occurrencesAfterOverrides(e *Event, events []*Event) []civil.DateTime {
	starts := e.Occurrences()
	if e.Rule == nil {
		return starts
	}
	var out []civil.DateTime
	for _, s := range starts {
		moved := false
		for _, o := range events {
			if o.UID == e.UID && o.IsOverride() && o.RecurrenceID == s {
				moved = true
			}
		}
		if !moved {
			out = append(out, s)
		}
	}
	return out
}

// kindFromText classifies e by the audit rules, from its attendees and
// its text, as the calendar of owner.
func kindFromText(e *Event, owner string) Kind {
	participants, clientDomain := 0, false
	for _, a := range e.Attendees {
		if a.Room || strings.EqualFold(a.Email, owner) {
			continue
		}
		participants++
		if clientOf(a.Email) >= 0 {
			clientDomain = true
		}
	}
	mentioned := mentionsClient(e.Summary + "\n" + e.Description + "\n" + e.Location)
	switch {
	case clientDomain:
		return KindClient
	case participants == 0 && mentioned:
		return KindClientWork
	case mentioned:
		return KindInternalForClient
	case participants > 0:
		return KindInternal
	}
	return KindOwnWork
}

// clientOf returns the index of the client whose domain the address is
// from, or -1.
func clientOf(email string) int {
	at := strings.LastIndexByte(email, '@')
	domain := strings.ToLower(email[at+1:])
	for i, c := range clients {
		for _, d := range c.Domains {
			if domain == d || strings.HasSuffix(domain, "."+d) {
				return i
			}
		}
	}
	return -1
}

// mentionsClient reports whether text names a client or an alias as a
// whole word, any case, white space runs matching any white space.
func mentionsClient(text string) bool {
	for _, c := range clients {
		for _, word := range append([]string{c.Name}, c.Aliases...) {
			if containsWord(text, word) {
				return true
			}
		}
	}
	return false
}

func containsWord(text, word string) bool {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	// Folding white space keeps word edges where they were.
	t, w := norm(text), norm(word)
	for i := 0; ; {
		j := strings.Index(t[i:], w)
		if j < 0 {
			return false
		}
		j += i
		before, _ := utf8.DecodeLastRuneInString(t[:j])
		after, _ := utf8.DecodeRuneInString(t[j+len(w):])
		if !isWordRune(before) && !isWordRune(after) {
			return true
		}
		i = j + 1
	}
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
}

func TestContainsWord(t *testing.T) {
	tests := []struct {
		text, word string
		want       bool
	}{
		{"Rabo-team", "Rabo", true},
		{"(Rabo)", "rabo", true},
		{"Rabobankier", "Rabo", false},
		{"RAB2026", "RAB", false},
		{"bij Gemeente\nUtrecht volgende", "Gemeente Utrecht", true},
		{"Gemeente Utrechtse", "Gemeente Utrecht", false},
	}
	for _, tt := range tests {
		if got := containsWord(tt.text, tt.word); got != tt.want {
			t.Errorf("containsWord(%q, %q) = %v, want %v", tt.text, tt.word, got, tt.want)
		}
	}
}
