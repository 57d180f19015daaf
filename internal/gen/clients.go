package gen

import (
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/klaver/klaver"
)

// client is a registered client with what the generator needs to write
// believable meetings with it.
type client struct {
	klaver.ClientRecord
	address  string   // where meetings at the client take place
	mailForm mailForm // how the client's people are addressed
	projects []string // what the team does for it
}

// mailForm is how an organisation builds addresses from names.
type mailForm uint8

const (
	firstDotLast   mailForm = iota // jan.devries@
	initialDotLast                 // j.devries@
	initialLast                    // jdevries@
	titleCase                      // Jan.deVries@, as some Exchange tenants write them
)

// clients are the organisations that pay the bills. Rabobank has a second
// domain and short aliases, so that both matching rules show in the examples.
var clients = []client{
	{
		ClientRecord: klaver.ClientRecord{Name: "Rabobank", Domains: []string{"rabobank.nl", "rabobank.com"}, Aliases: []string{"Rabo", "RAB"}},
		address:      "Croeselaan 18, Utrecht", mailForm: titleCase,
		projects: []string{"Mobiel bankieren", "Betaalplatform", "KYC-dossier"},
	},
	{
		ClientRecord: klaver.ClientRecord{Name: "Gemeente Utrecht", Domains: []string{"utrecht.nl"}, Aliases: []string{"Omgevingsloket"}},
		address:      "Stadsplateau 1, Utrecht", mailForm: initialDotLast,
		projects: []string{"Omgevingswet", "Datagedreven sturing"},
	},
	{
		ClientRecord: klaver.ClientRecord{Name: "Erasmus MC", Domains: []string{"erasmusmc.nl"}, Aliases: []string{"EMC", "Erasmus"}},
		address:      "Dr. Molewaterplein 40, Rotterdam", mailForm: initialDotLast,
		projects: []string{"Patiëntportaal", "Datamigratie EPD"},
	},
	{
		ClientRecord: klaver.ClientRecord{Name: "Stedin", Domains: []string{"stedin.net"}, Aliases: []string{"STD"}},
		address:      "Blaak 8, Rotterdam", mailForm: firstDotLast,
		projects: []string{"Slimme meters", "Netcongestie"},
	},
	{
		ClientRecord: klaver.ClientRecord{Name: "ANWB", Domains: []string{"anwb.nl"}, Aliases: []string{"Wegenwacht"}},
		address:      "Wassenaarseweg 220, Den Haag", mailForm: initialLast,
		projects: []string{"Ledenapp", "Pechhulp-planning"},
	},
}

// external is an organisation that is not a client: meetings with it are
// internal time however external they feel.
type external struct {
	name     string
	domain   string
	mailForm mailForm
}

var suppliers = []external{
	{name: "Exact", domain: "exact.com", mailForm: firstDotLast},
	{name: "TOPdesk", domain: "topdesk.com", mailForm: initialLast},
	{name: "Centric", domain: "centric.eu", mailForm: firstDotLast},
}

var prospects = []external{
	{name: "Vattenfall", domain: "vattenfall.nl", mailForm: firstDotLast},
	{name: "Eneco", domain: "eneco.com", mailForm: initialDotLast},
	{name: "Gemeente Amersfoort", domain: "amersfoort.nl", mailForm: initialDotLast},
}

// Clients returns the client registry that the generated calendars are
// written against, as klaver reads it from clients.csv.
func Clients() []klaver.ClientRecord {
	out := make([]klaver.ClientRecord, len(clients))
	for i, c := range clients {
		out[i] = c.ClientRecord
	}
	return out
}

// WriteClients writes the registry as CSV with the header name,domains,aliases.
func WriteClients(w io.Writer, registry []klaver.ClientRecord) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"name", "domains", "aliases"})
	for _, c := range registry {
		cw.Write([]string{c.Name, strings.Join(c.Domains, ";"), strings.Join(c.Aliases, ";")})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write client registry: %w", err)
	}
	return nil
}

// contactName returns a random name for someone outside the organisation.
func contactName(rng *rand.Rand) (first, last string) {
	return firstNames[rng.IntN(len(firstNames))], lastNames[rng.IntN(len(lastNames))]
}

// address builds an address in the organisation's form.
func (f mailForm) address(first, last, domain string) string {
	fl, ll := mailLocal(first), mailLocal(last)
	switch f {
	case initialDotLast:
		return fl[:1] + "." + ll + "@" + domain
	case initialLast:
		return fl[:1] + ll + "@" + domain
	case titleCase:
		return asciiTitle(first) + "." + strings.ReplaceAll(asciiTitle(last), " ", "") + "@" + titleDomain(domain)
	}
	return fl + "." + ll + "@" + domain
}

// asciiTitle keeps the capitals of a name's words but drops its
// diacritics.
func asciiTitle(name string) string {
	words := strings.Fields(name)
	for i, w := range words {
		plain := mailLocal(w)
		if first, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(first) && plain != "" {
			plain = strings.ToUpper(plain[:1]) + plain[1:]
		}
		words[i] = plain
	}
	return strings.Join(words, " ")
}

// titleDomain capitalises the first label, as Exchange tenants that copy
// the display name into the address do.
func titleDomain(domain string) string {
	return strings.ToUpper(domain[:1]) + domain[1:]
}

// newContact returns an attendee from the organisation with the given
// domain and address form.
func newContact(rng *rand.Rand, form mailForm, domain string) Attendee {
	first, last := contactName(rng)
	return Attendee{Name: first + " " + last, Email: form.address(first, last, domain), PartStat: partAccepted}
}
