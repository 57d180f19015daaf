package audit

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/klaver/klaver"
)

// Registry answers the two questions the rules ask of a team's clients:
// does this e-mail address belong to a client, and does this text mention
// one? It is read-only after NewRegistry and safe for concurrent use;
// each goroutine needs its own mentionScanner for the scratch space.
type Registry struct {
	clients []klaver.ClientRecord
	domains map[string][]int // lower-case domain → client indexes
	exact   map[string][]int // normalised name or alias → client indexes
	mention *matcher
}

// NewRegistry indexes clients.
func NewRegistry(clients []klaver.ClientRecord) *Registry {
	reg := &Registry{
		clients: clients,
		domains: map[string][]int{},
		exact:   map[string][]int{},
	}
	var patterns []string
	var owners []int
	for i, c := range clients {
		for _, d := range c.Domains {
			d = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(d, "@")))
			if d == "" {
				continue
			}
			reg.domains[d] = appendOnce(reg.domains[d], i)
		}
		for _, word := range append([]string{c.Name}, c.Aliases...) {
			key := string(normalise(nil, []byte(strings.TrimSpace(word))))
			if key == "" {
				continue
			}
			reg.exact[key] = appendOnce(reg.exact[key], i)
			patterns = append(patterns, key)
			owners = append(owners, i)
		}
	}
	reg.mention = newMatcher(patterns, owners)
	return reg
}

func appendOnce(list []int, i int) []int {
	for _, j := range list {
		if j == i {
			return list
		}
	}
	return append(list, i)
}

// Len returns the number of clients.
func (reg *Registry) Len() int { return len(reg.clients) }

// HasDomain reports whether domain, or a domain it is a subdomain of,
// belongs to a client.
func (reg *Registry) HasDomain(domain string) bool {
	return len(reg.ClientsOfAddress(nil, []byte("@"+strings.ToLower(domain)))) > 0
}

// Name returns the name of client i.
func (reg *Registry) Name(i int) string { return reg.clients[i].Name }

// ClientsOfAddress appends to dst the clients whose domain the address is
// in, subdomains included (mail.rabobank.nl is rabobank.nl). The address
// must be lower case.
func (reg *Registry) ClientsOfAddress(dst []int, address []byte) []int {
	at := bytes.LastIndexByte(address, '@')
	if at < 0 || len(reg.domains) == 0 {
		return dst
	}
	domain := address[at+1:]
	for len(domain) > 0 {
		if list, ok := reg.domains[string(domain)]; ok {
			dst = append(dst, list...)
		}
		dot := bytes.IndexByte(domain, '.')
		if dot < 0 {
			break
		}
		domain = domain[dot+1:]
	}
	return dst
}

// ClientsNamed appends to dst the clients whose name or alias the whole
// field is (trimmed, white space folded, any case): how time-tracking
// exports name a client.
func (reg *Registry) ClientsNamed(dst []int, field string) []int {
	key := normalise(nil, []byte(strings.TrimSpace(field)))
	return append(dst, reg.exact[string(key)]...)
}

// mentionScanner finds mentions with reusable scratch space; one per
// goroutine.
type mentionScanner struct {
	reg     *Registry
	scratch []byte
	found   []int
}

// scan appends to the scanner's found list every client mentioned in text.
func (s *mentionScanner) scan(text []byte) {
	s.reg.mention.find(text, &s.scratch, func(client int) {
		s.found = append(s.found, client)
	})
}

// ReadRegistry reads a client registry CSV with the header
// name,domains,aliases, where domains and aliases are ;-separated lists.
func ReadRegistry(r io.Reader, name string) ([]klaver.ClientRecord, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: the client registry is empty; write a header name,domains,aliases and one row per client", name)
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	col, err := registryColumns(header, name)
	if err != nil {
		return nil, err
	}
	var clients []klaver.ClientRecord
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		c := klaver.ClientRecord{
			Name:    strings.TrimSpace(field(rec, col["name"])),
			Domains: splitList(field(rec, col["domains"])),
			Aliases: splitList(field(rec, col["aliases"])),
		}
		if c.Name == "" {
			if len(c.Domains) == 0 && len(c.Aliases) == 0 {
				continue // an empty row
			}
			return nil, fmt.Errorf("%s:%d: client without a name", name, line)
		}
		if prev, dup := seen[strings.ToLower(c.Name)]; dup {
			return nil, fmt.Errorf("%s:%d: client %q is already listed on line %d", name, line, c.Name, prev)
		}
		seen[strings.ToLower(c.Name)] = line
		clients = append(clients, c)
	}
	if len(clients) == 0 {
		return nil, fmt.Errorf("%s: the client registry lists no clients; add one row per client (name,domains,aliases)", name)
	}
	return clients, nil
}

func registryColumns(header []string, name string) (map[string]int, error) {
	col := map[string]int{"name": -1, "domains": -1, "aliases": -1}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, ok := col[h]; ok {
			col[h] = i
		}
	}
	if col["name"] < 0 {
		got := strings.Join(header, ",")
		return nil, fmt.Errorf("%s:1: the header %q has no name column; the registry's header is name,domains,aliases", name, got)
	}
	return col, nil
}

func field(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return rec[i]
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ";") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// csvError puts a CSV syntax error in the file:line: form.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %v", name, pe.Line, pe.Err)
	}
	return fmt.Errorf("%s: %w", name, err)
}
