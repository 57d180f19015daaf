package audit

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/ical"
)

// TestMarksAbsenceFromTheMemo checks that the memo of summaries answers
// as the absence-word matcher does, for summaries seen again, summaries
// that share a slot, long ones it does not keep, and over the point where
// it starts over.
func TestMarksAbsenceFromTheMemo(t *testing.T) {
	sh := newShared()
	c := newClassifier("anna@acme.nl", nil, sh.absence, nil)
	summaries := []string{"", "Vakantie", "vakantie Spanje", "Weekstart team", "Ziek", "ziekenhuis",
		"Out  of\noffice", "Koffie", "Vrijdagborrel 🍻", "Vrij", "Holiday ✈", "Verlofaanvraag",
		strings.Repeat("lang ", 60) + "verlof", strings.Repeat("x", 300)}
	rng := rand.New(rand.NewPCG(1, 2))
	// Many distinct summaries, so that slots are shared and the text
	// fills up and starts over more than once.
	for i := range 3000 {
		summaries = append(summaries, fmt.Sprintf("Overleg %d", i), fmt.Sprintf("Verlof %d", i))
	}
	for range 20_000 {
		s := summaries[rng.IntN(len(summaries))]
		want := false
		sh.absence.find([]byte(s), new([]byte), func(int) { want = true })
		if got := c.marksAbsence([]byte(s)); got != want {
			t.Fatalf("marksAbsence(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestClientsOfRemembersDomains checks clientsOf against the registry for
// addresses of domains long and short, with and without clients, so many
// that remembered answers are replaced.
func TestClientsOfRemembersDomains(t *testing.T) {
	reg := NewRegistry([]klaver.ClientRecord{
		{Name: "Rabobank", Domains: []string{"rabobank.nl"}},
		{Name: "Gemeente Utrecht", Domains: []string{"utrecht.nl"}},
		{Name: "X", Domains: []string{"x.io"}},
		{Name: "Erasmus MC", Domains: []string{"erasmusmc.nl", "mail.rabobank.nl"}},
	})
	c := newClassifier("anna@acme.nl", reg, newShared().absence, nil)
	addresses := []string{"piet@acme.nl", "jan@rabobank.nl", "a@x.io", "b@x.io", "x.io", "@x.io",
		"jan@mail.rabobank.nl", "jan@mail.rabobank.nl.evil", "j@utrecht.nl", "j@nieuw-utrecht.nl",
		"w.mulder@erasmusmc.nl", "s@erasmusmc.nl", "a@b@utrecht.nl", "noat", "", "@", "a@"}
	for i := range 200 {
		addresses = append(addresses, fmt.Sprintf("p%d@domain%d.nl", i, i))
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20_000 {
		a := addresses[rng.IntN(len(addresses))]
		want := reg.ClientsOfAddress(nil, []byte(a))
		got := c.clientsOf(nil, []byte(a))
		if !slices.Equal(got, want) {
			t.Fatalf("clientsOf(%q) = %v, want %v", a, got, want)
		}
	}
}

// TestOwnerIsFoundAmongColleagues checks isOwner with addresses as long as
// the owner's, that share its start or its end.
func TestOwnerIsFoundAmongColleagues(t *testing.T) {
	for _, owner := range []string{"anna@acme.nl", "a@b.nl", "", "esther.vandenberg@acme.nl"} {
		c := newClassifier(owner, nil, newShared().absence, nil)
		for _, a := range []string{owner, "anna@acme.n1", "piet@acme.nl", "anna@acme.nlx", "b@b.nl",
			"esther.vandenberg@acme.n", "esther.vandenbarg@acme.nl", ""} {
			if got, want := c.isOwner([]byte(a)), a == owner; got != want {
				t.Errorf("owner %q: isOwner(%q) = %v, want %v", owner, a, got, want)
			}
		}
	}
}

// TestDeclinedComesWithTheVerdict checks that classify reports an event
// the owner declined, on any of the owner's lines, and only then.
func TestDeclinedComesWithTheVerdict(t *testing.T) {
	c := newClassifier("anna@acme.nl", NewRegistry(nil), newShared().absence, nil)
	at := func(email, partstat string) ical.Attendee {
		return ical.Attendee{Email: []byte(email), PartStat: []byte(partstat)}
	}
	cases := []struct {
		name      string
		attendees []ical.Attendee
		want      bool
	}{
		{"accepted", []ical.Attendee{at("anna@acme.nl", "ACCEPTED"), at("piet@acme.nl", "DECLINED")}, false},
		{"declined", []ical.Attendee{at("piet@acme.nl", "ACCEPTED"), at("anna@acme.nl", "DECLINED")}, true},
		{"second line declined", []ical.Attendee{at("anna@acme.nl", "ACCEPTED"), at("anna@acme.nl", "DECLINED")}, true},
		{"no attendees", nil, false},
	}
	for _, tc := range cases {
		ev := &ical.Event{Attendees: tc.attendees, Summary: []byte("Sync")}
		if _, got := c.classify(ev); got != tc.want {
			t.Errorf("%s: classify declined = %v, want %v", tc.name, got, tc.want)
		}
		if got := c.declined(ev); got != tc.want {
			t.Errorf("%s: declined = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestSetOfMatchesClientSets checks that lists of clients get the number
// that clientSets gives them, in any order and with repeats, for sets
// that packSet packs and those it cannot.
func TestSetOfMatchesClientSets(t *testing.T) {
	p := &person{sets: newClientSets()}
	want := newClientSets()
	rng := rand.New(rand.NewPCG(7, 8))
	for range 20_000 {
		list := make([]int, 1+rng.IntN(6))
		for i := range list {
			list[i] = rng.IntN(7)
			if rng.IntN(50) == 0 {
				list[i] = 70_000 + rng.IntN(2)
			}
		}
		got := p.setOf(slices.Clone(list))
		if id := want.id(slices.Clone(list)); got != id {
			t.Fatalf("setOf(%v) = %d, want %d", list, got, id)
		}
	}
	if p.setOf(nil) != 0 {
		t.Error("setOf(nil) is not the empty set")
	}
}

// TestSameZone checks which DTSTART and DTEND of one event are known to
// share a zone without comparing their TZIDs.
func TestSameZone(t *testing.T) {
	tzid := []byte("Europe/Amsterdam")
	other := []byte("Europe/Amsterdam")
	cases := []struct {
		name string
		a, b ical.DateTime
		want bool
	}{
		{"both UTC", ical.DateTime{UTC: true}, ical.DateTime{UTC: true}, true},
		{"UTC and floating", ical.DateTime{UTC: true}, ical.DateTime{}, false},
		{"floating and UTC", ical.DateTime{}, ical.DateTime{UTC: true}, false},
		{"both floating", ical.DateTime{}, ical.DateTime{}, true},
		{"one TZID", ical.DateTime{TZID: tzid}, ical.DateTime{TZID: tzid}, true},
		{"equal TZIDs, two copies", ical.DateTime{TZID: tzid}, ical.DateTime{TZID: other}, false},
		{"TZID and floating", ical.DateTime{TZID: tzid}, ical.DateTime{}, false},
		{"TZID and a part of it", ical.DateTime{TZID: tzid}, ical.DateTime{TZID: tzid[:6]}, false},
	}
	for _, tc := range cases {
		if got := sameZone(&tc.a, &tc.b); got != tc.want {
			t.Errorf("%s: sameZone = %v, want %v", tc.name, got, tc.want)
		}
	}
}
