package audit

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

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
	// lines, when set, remembers what texts and lines of text mention,
	// so that one seen before is not scanned again (see scan).
	lines *lineCache
}

// scan appends to the scanner's found list every client mentioned in
// text, in no particular order and maybe more than once.
//
// With a line cache, a text seen before is not scanned again; nor is a
// line of a text, in most cases (see scanLines).
func (s *mentionScanner) scan(text []byte) {
	if s.lines == nil || len(text) < minCachedLine {
		s.find(text)
		return
	}
	c := s.lines
	c.bind(s.reg.mention)
	if len(text) > maxCachedLine {
		s.scanLines(text, bytes.IndexByte(text, '\n'))
		return
	}
	slot, key, ok := c.lookup(text)
	if ok {
		s.addStored(slot)
		return
	}
	before := len(s.found)
	end := bytes.IndexByte(text, '\n')
	joins := false
	if end < 0 {
		s.findLine(text)
		joins = s.reg.mention.joins.mayJoin(text)
	} else {
		s.scanLines(text, end)
	}
	s.storeFound(slot, key, text, joins, before)
}

// addStored adds the clients stored in slot, which the cache's lookup
// found.
func (s *mentionScanner) addStored(slot *lineSlot) {
	if slot.n > 0 {
		// Stored only when there is something to add: each store into
		// the scanner, which lives on the heap, costs a write barrier
		// while the garbage collector runs.
		s.found = s.lines.appendClients(s.found, slot)
	}
}

// storeFound makes the clients found since the first before each appear
// once, and stores them in slot as the answer for text.
func (s *mentionScanner) storeFound(slot *lineSlot, key uint64, text []byte, joins bool, before int) {
	s.found = s.found[:before+len(distinct(s.found[before:]))]
	s.lines.store(slot, key, text, joins, s.found[before:])
}

// distinct sorts list and returns its distinct elements, in place.
func distinct(list []int) []int {
	if len(list) < 2 {
		return list
	}
	slices.Sort(list)
	return slices.Compact(list)
}

// find scans text as a whole.
func (s *mentionScanner) find(text []byte) {
	s.reg.mention.find(text, &s.scratch, func(client int) {
		s.found = append(s.found, client)
	})
}

// scanLines scans a text of several lines line by line, looking up each
// long line in the line cache; the text between the lines it finds
// there, and those that take part in a mention over their edges (see
// joinPairs), is scanned as it stands. end is where the first line ends.
//
// That finds what scanning the whole text finds. A line break is white
// space, which no pattern starts or ends with, and no letter or digit, so
// a mention that does not go on over a line's edges lies inside the line
// and is a whole word there exactly when it is one in the text. The parts
// between looked-up lines start and end at line breaks, for the same
// reason. The normalised pass of the matcher reads text rune by rune
// (runs of white space aside), and a line break, being ASCII, ends any
// rune before it; so each line normalises as it does inside the text.
func (s *mentionScanner) scanLines(text []byte, end int) {
	from, start := 0, 0 // the text not yet scanned, and the line looked at
	for {
		if end < 0 {
			end = len(text)
		}
		if n := end - start; n >= minCachedLine && n <= maxCachedLine && s.knownLine(text[start:end]) {
			if start-from > 1 {
				s.findBetween(text[from:start])
			}
			from = end
		}
		start = end + 1
		if start >= len(text) {
			break
		}
		end = bytes.IndexByte(text[start:], '\n')
		if end >= 0 {
			end += start
		}
	}
	if len(text)-from > 1 {
		s.findBetween(text[from:])
	}
}

// knownLine adds the clients that line mentions, from the cache or else
// by scanning the line alone, and reports whether it did: not when the
// line may take part in a mention over its edges.
func (s *mentionScanner) knownLine(line []byte) bool {
	c := s.lines
	slot, key, ok := c.lookup(line)
	if ok {
		if slot.joins {
			return false
		}
		s.addStored(slot)
		return true
	}
	if s.reg.mention.joins.mayJoin(line) {
		return false
	}
	before := len(s.found)
	s.findLine(line)
	s.storeFound(slot, key, line, false, before)
	return true
}

// findLine scans a line that is not in the cache: a long one piece by
// piece.
func (s *mentionScanner) findLine(line []byte) {
	if len(line) >= 2*minPiece {
		s.findPieces(line)
	} else {
		s.find(line)
	}
}

// minPiece is the least length of a piece that findPieces looks up. On
// generated calendars, pieces of 96 bytes covered more of the text of
// Teams and Meet invitations with fewer lookups than shorter ones, which
// more often take in a meeting code, and longer ones, which take in the
// start of the link after the text.
const minPiece = 96

// findPieces adds the clients that a long line which is not in the cache
// mentions, piece by piece: each piece ends at the first byte from
// minPiece on that no mention can hold (see cutBytes), and is looked up
// in the cache, or else scanned and stored. Invitations put a meeting's
// own code in the middle of a link (a meeting ID, a tenant), so their
// lines come once; but the text and the start of the link before it come
// with every meeting, and so do the pieces they make, since where a
// piece ends depends on its own bytes only.
func (s *mentionScanner) findPieces(line []byte) {
	c, cuts := s.lines, s.reg.mention.cuts
	for from := 0; from < len(line); {
		end := from + minPiece - 1
		for end < len(line) && !cuts[line[end]] {
			end++
		}
		end++ // past the cut
		if len(line)-end < minPiece {
			end = len(line) // too short a rest to look up
		}
		piece := line[from:end]
		from = end
		slot, key, ok := c.lookup(piece)
		if ok {
			s.addStored(slot)
			continue
		}
		before := len(s.found)
		s.find(piece)
		s.storeFound(slot, key, piece, false, before)
	}
}

// findBetween scans the text between two looked-up lines, unless it is
// white space only (mostly the line break between them), where nothing
// can be mentioned.
func (s *mentionScanner) findBetween(text []byte) {
	if !blank(text) {
		s.find(text)
	}
}

// blank reports whether text is white space only (mostly the line break
// between two looked-up lines), where nothing can be mentioned.
func blank(text []byte) bool {
	for _, c := range text {
		if c >= utf8.RuneSelf || !asciiSpace[c] {
			return false
		}
	}
	return true
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
