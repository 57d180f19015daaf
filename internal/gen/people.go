package gen

import (
	"strconv"
	"strings"
)

// OrgDomain is the e-mail domain of the organisation whose people are
// audited.
const OrgDomain = "acme.nl"

// Role shapes a person's week: how many client meetings, how much internal
// overhead. The mix of roles is what makes a team's audit interesting:
// consultants stay well under the 25% rule, a manager goes over it.
type Role uint8

// The roles of a team, in the order of its seats.
const (
	Manager Role = iota
	Consultant
	AccountManager
	ProjectLead
)

// String names the role in Dutch, as a team page would.
func (r Role) String() string {
	switch r {
	case Manager:
		return "teamleider"
	case Consultant:
		return "consultant"
	case AccountManager:
		return "accountmanager"
	case ProjectLead:
		return "projectleider"
	}
	return "onbekend"
}

// Style is the calendar system a person exports from.
type Style uint8

// The export styles, in the order people are assigned them.
const (
	Google Style = iota
	Outlook
	Apple
)

// String names the style.
func (s Style) String() string {
	switch s {
	case Google:
		return "google"
	case Outlook:
		return "outlook"
	case Apple:
		return "apple"
	}
	return "unknown"
}

// Person is someone whose calendar or time sheet is exported.
type Person struct {
	Name  string
	Email string
	Role  Role
	Style Style
}

// teamSize is the number of seats in a team; the first seat leads it.
const teamSize = 6

// seatRoles gives each seat of a team its role.
var seatRoles = [teamSize]Role{Manager, Consultant, AccountManager, ProjectLead, Consultant, Consultant}

// togglPeople is the size of the time-tracking team. Its people take the
// first names of the name sequence, so no calendar person shares an
// address with them.
const togglPeople = 4

var firstNames = []string{
	"Anna", "Daan", "Sanne", "Bram", "Fleur", "Ruben", "Lotte", "Thijs",
	"Noor", "Jeroen", "Eva", "Sven", "Femke", "Joris", "Iris", "Mehmet",
	"Özlem", "Zoë", "Sébastien", "Yara", "Kees", "Marleen", "Pieter", "Priya",
	"Tim", "Esther", "Lucas", "Maaike", "Niels", "Roos", "Wouter", "Ingrid",
	"Hamza", "Linda", "Gijs", "Mirjam", "Koen", "Julia", "Stijn", "Chantal",
}

var lastNames = []string{
	"de Vries", "Jansen", "de Jong", "Bakker", "Visser", "Smit", "Meijer", "van den Berg",
	"Mulder", "de Boer", "Dekker", "Bos", "Vos", "Hendriks", "Peters", "van Dijk",
	"Kuipers", "Yılmaz", "El Amrani", "van der Meer", "Çelik", "Brouwer", "de Groot", "Willems",
	"Hoekstra", "Koster", "Prins", "Huisman", "Postma", "Verhoeven", "Sijbesma", "van Leeuwen",
	"Kok", "Jacobs", "Schouten", "Maas", "Boersma", "Veenstra", "Gerritsen", "Wijnands",
}

// nameStep walks the first×last grid so that neighbours in the sequence
// get different first and last names; it is coprime with the grid's size.
const nameStep = 1519

// nameAt returns the n-th name of the sequence that seed picks. Names repeat
// after every first×last combination has been used; the address then gets
// a number so that it stays unique.
func nameAt(seed int64, n int) (name, email string) {
	size := len(firstNames) * len(lastNames)
	offset := int(uint64(seed) % uint64(size))
	idx := (n%size*nameStep + offset) % size
	first, last := firstNames[idx%len(firstNames)], lastNames[idx/len(firstNames)]
	local := mailLocal(first) + "." + mailLocal(last)
	if round := n / size; round > 0 {
		local += strconv.Itoa(round + 1)
	}
	return first + " " + last, local + "@" + OrgDomain
}

// calendarPerson returns the person in seat seat of team team.
func calendarPerson(seed int64, team, seat int) Person {
	n := team*teamSize + seat
	name, email := nameAt(seed, togglPeople+n)
	return Person{Name: name, Email: email, Role: seatRoles[seat], Style: Style(n % 3)}
}

// mailLocal turns a name into the part of an address people use for it:
// lower case, no spaces, no diacritics.
func mailLocal(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch r {
		case ' ', '\'', '-':
			continue
		case 'é', 'è', 'ë', 'ê':
			r = 'e'
		case 'ö', 'ó', 'ô':
			r = 'o'
		case 'ü', 'ú':
			r = 'u'
		case 'ï', 'í', 'ı':
			r = 'i'
		case 'ç':
			r = 'c'
		case 'á', 'à', 'ä':
			r = 'a'
		}
		b.WriteRune(r)
	}
	return b.String()
}
