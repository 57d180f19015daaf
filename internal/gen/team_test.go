package gen

import (
	"strings"
	"testing"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/civil"
)

// Every event is what its Kind says when the audit rules are applied to
// its attendees and text: no Teams code spells an alias, no internal title
// names a client.
func TestKindsMatchText(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Weeks = 12
	for index := range 3 {
		team, err := NewTeam(cfg, index)
		if err != nil {
			t.Fatal(err)
		}
		for seat := range team.Members {
			cal := team.Calendar(seat)
			for _, e := range cal.Events {
				if _, counted := e.Kind.Category(); !counted {
					continue
				}
				if got := kindFromText(e, cal.Owner.Email); got != e.Kind {
					t.Errorf("%s: %q (%s): audit rules give kind %d, generated as %d", cal.Owner.Email, e.Summary, e.Start, got, e.Kind)
				}
			}
		}
	}
}

// The examples make their point: some people spend more than a quarter of
// their time on internal meetings, others less.
func TestExamplesMixVerdicts(t *testing.T) {
	cfg := DefaultConfig()
	team, err := NewTeam(cfg, 0)
	if err != nil {
		t.Fatal(err)
	}
	over, under := 0, 0
	for seat, m := range team.Members {
		r := reckon(cfg, team.Calendar(seat))
		share := r.internalShare()
		t.Logf("%-32s %-14s working %5d client %5d for-client %4d internal %4d own %4d share %.3f",
			m.Email, m.Role, r.working, r.category[klaver.Client], r.category[klaver.InternalForClient],
			r.category[klaver.Internal], r.category[klaver.OwnWork], share)
		if share > klaver.DefaultMaxInternal {
			over++
		} else {
			under++
		}
	}
	if over == 0 || under == 0 {
		t.Errorf("%d people over and %d under the rule; the examples should show both", over, under)
	}
}

// The examples hold every case the audit rules single out.
func TestExamplesCoverCases(t *testing.T) {
	cfg := DefaultConfig()
	team, err := NewTeam(cfg, 0)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for seat := range team.Members {
		cal := team.Calendar(seat)
		for _, e := range cal.Events {
			found["kind "+e.Kind.String()] = true
			found["declined"] = found["declined"] || e.PartStat(cal.Owner.Email) == partDeclined
			found["tentative"] = found["tentative"] || e.PartStat(cal.Owner.Email) == partTentative
			found["cancelled"] = found["cancelled"] || e.Cancelled
			found["transparent timed"] = found["transparent timed"] || e.Transparent && !e.AllDay
			found["out of office"] = found["out of office"] || e.OutOfOffice
			found["vacation"] = found["vacation"] || e.AllDay && e.Summary == "Vakantie"
			found["override"] = found["override"] || e.IsOverride()
			found["exdate"] = found["exdate"] || e.Rule != nil && len(e.Rule.ExDates) > 0
			found["fortnightly"] = found["fortnightly"] || e.Rule != nil && e.Rule.Interval == 2
			found["room"] = found["room"] || hasRoom(e)
			found["supplier"] = found["supplier"] || attendsFrom(e, "exact.com", "topdesk.com", "centric.eu")
			found["second client domain"] = found["second client domain"] || attendsFrom(e, "rabobank.com")
			found["client only in description"] = found["client only in description"] ||
				e.Kind == KindInternalForClient && !mentionsClient(e.Summary)
		}
	}
	want := []string{"declined", "tentative", "cancelled", "transparent timed", "out of office", "vacation",
		"override", "exdate", "fortnightly", "room", "supplier", "second client domain", "client only in description"}
	for k := KindClient; k <= KindAllDay; k++ {
		want = append(want, "kind "+k.String())
	}
	for _, w := range want {
		if !found[w] {
			t.Errorf("the examples have no %s event", w)
		}
	}
}

func hasRoom(e *Event) bool {
	for _, a := range e.Attendees {
		if a.Room {
			return true
		}
	}
	return false
}

func attendsFrom(e *Event, domains ...string) bool {
	for _, a := range e.Attendees {
		for _, d := range domains {
			if strings.HasSuffix(strings.ToLower(a.Email), "@"+d) {
				return true
			}
		}
	}
	return false
}

// A team is the same whether planned alone or among others, and teams
// differ from each other.
func TestTeamsIndependent(t *testing.T) {
	cfg := DefaultConfig()
	a, _ := NewTeam(cfg, 5)
	b, _ := NewTeam(cfg, 5)
	c, _ := NewTeam(cfg, 6)
	if a.Members[0] != b.Members[0] || len(a.calendars[1]) != len(b.calendars[1]) || a.calendars[1][3].UID != b.calendars[1][3].UID {
		t.Error("the same team came out differently twice")
	}
	if a.Members[0].Email == c.Members[0].Email {
		t.Error("two teams have the same leader")
	}
}

// Leaders of one management group share their MT-overleg: one UID, one time.
func TestManagementMeetingShared(t *testing.T) {
	cfg := DefaultConfig()
	find := func(index int) *Event {
		team, err := NewTeam(cfg, index)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range team.Calendar(0).Events {
			if e.Summary == "MT-overleg" {
				return e
			}
		}
		t.Fatalf("team %d: leader has no MT-overleg", index)
		return nil
	}
	a, b, other := find(0), find(3), find(4)
	if a.UID != b.UID || a.Start != b.Start {
		t.Errorf("teams 0 and 3 have MT-overleg %s at %s and %s at %s", a.UID, a.Start, b.UID, b.Start)
	}
	if a.UID == other.UID {
		t.Error("teams 0 and 4 of different groups share an MT-overleg")
	}
}

func TestEmailsUnique(t *testing.T) {
	seen := map[string]int{}
	const n = 5000
	for i := range n {
		_, email := nameAt(7, i)
		if j, dup := seen[email]; dup {
			t.Fatalf("people %d and %d are both %s", j, i, email)
		}
		seen[email] = i
	}
}

func TestMailLocal(t *testing.T) {
	tests := map[string]string{"de Vries": "devries", "Özlem": "ozlem", "Yılmaz": "yilmaz", "Çelik": "celik", "Sébastien": "sebastien", "El Amrani": "elamrani"}
	for in, want := range tests {
		if got := mailLocal(in); got != want {
			t.Errorf("mailLocal(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOccurrences(t *testing.T) {
	cfg := DefaultConfig()
	start := cfg.Start.At(9, 0, 0)
	tests := []struct {
		name string
		rule *Recurrence
		want int
	}{
		{"single", nil, 1},
		{"count", &Recurrence{Interval: 1, Count: 4}, 4},
		{"until inclusive", &Recurrence{Interval: 1, Until: cfg.Start.AddDays(21).At(9, 0, 0)}, 4},
		{"fortnightly", &Recurrence{Interval: 2, Until: cfg.Start.AddDays(21).At(9, 0, 0)}, 2},
		{"exdate", &Recurrence{Interval: 1, Count: 4, ExDates: []civil.DateTime{cfg.Start.AddDays(7).At(9, 0, 0)}}, 3},
		{"no interval", &Recurrence{Count: 3}, 3},
	}
	for _, tt := range tests {
		e := &Event{Start: start, Rule: tt.rule}
		if got := len(e.Occurrences()); got != tt.want {
			t.Errorf("%s: %d occurrences, want %d", tt.name, got, tt.want)
		}
	}
}
