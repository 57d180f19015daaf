package tz

import (
	_ "embed"
	"strings"
	"sync"
	"time"
)

// The name lists come from zonedata_gen.go; see cldr/README.md.
var (
	//go:embed zonenames.txt
	zoneNames string
	//go:embed windowszones.txt
	windowsZones string
)

// DB resolves the time-zone names that calendars write. It is safe for
// concurrent use and keeps every location it loads, because
// time.LoadLocation reads and parses the zone data again on every call.
type DB struct {
	names map[string]string // ASCII lower-case name → IANA name

	mu    sync.RWMutex
	locs  map[string]*time.Location // by IANA name
	zones map[string]Zone           // by IANA name
}

// NewDB returns a DB over the IANA and Windows names built into the binary.
func NewDB() *DB {
	db := &DB{
		names: make(map[string]string, 1024),
		locs:  make(map[string]*time.Location),
		zones: make(map[string]Zone),
	}
	for _, name := range dataLines(zoneNames) {
		db.names[asciiLower(name)] = name
	}
	// An IANA name wins over a Windows name spelled the same ("UTC").
	for _, line := range dataLines(windowsZones) {
		windows, iana, _ := strings.Cut(line, "\t")
		key := asciiLower(windows)
		if _, taken := db.names[key]; taken {
			continue
		}
		if canonical, known := db.names[asciiLower(iana)]; known {
			db.names[key] = canonical
		}
	}
	return db
}

// dataLines returns the lines of an embedded list without comments and
// blank lines.
func dataLines(text string) []string {
	var lines []string
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		if line != "" && !strings.HasPrefix(line, "#") {
			lines = append(lines, line)
		}
	}
	return lines
}

// Location resolves an IANA name in any case ("Europe/lisbon", "UTC",
// "GMT", "Etc/GMT+1", and the old link names such as "US/Eastern"), a
// Windows zone name or display name as Outlook writes it ("W. Europe
// Standard Time", "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm,
// Vienna"), possibly quoted, possibly with surrounding spaces, and the
// decorated forms other programs write
// ("/mozilla.org/20050126_1/Europe/Amsterdam", "/Europe/Amsterdam",
// "tzone://Microsoft/Utc"). A Windows name gives CLDR's default zone for it
// (territory 001). ok is false when the name is unknown.
func (db *DB) Location(name string) (loc *time.Location, ok bool) {
	iana, ok := db.resolve(name)
	if !ok {
		return nil, false
	}
	return db.load(iana)
}

// Zone is Location as a Zone. The DB keeps the Zone, so the offset tables it
// builds are shared by every calendar that names the same zone.
func (db *DB) Zone(name string) (Zone, bool) {
	iana, ok := db.resolve(name)
	if !ok {
		return nil, false
	}
	db.mu.RLock()
	z := db.zones[iana]
	db.mu.RUnlock()
	if z != nil {
		return z, true
	}
	loc, ok := db.load(iana)
	if !ok {
		return nil, false
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if z = db.zones[iana]; z == nil {
		z = FromLocation(loc)
		db.zones[iana] = z
	}
	return z, true
}

// IANAName returns the IANA name that a TZID stands for, for reports and
// warnings.
func (db *DB) IANAName(name string) (string, bool) {
	return db.resolve(name)
}

func (db *DB) load(iana string) (*time.Location, bool) {
	db.mu.RLock()
	loc := db.locs[iana]
	db.mu.RUnlock()
	if loc != nil {
		return loc, true
	}
	loc, err := time.LoadLocation(iana)
	if err != nil {
		return nil, false
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if cached := db.locs[iana]; cached != nil {
		return cached, true
	}
	db.locs[iana] = loc
	return loc, true
}

const microsoftPrefix = "tzone://microsoft/"

// resolve returns the IANA name for a TZID as calendars write it.
func (db *DB) resolve(name string) (string, bool) {
	name = unquote(name)
	if iana, ok := db.lookup(name); ok {
		return iana, true
	}
	if len(name) > len(microsoftPrefix) && asciiLower(name[:len(microsoftPrefix)]) == microsoftPrefix {
		return db.lookup(name[len(microsoftPrefix):])
	}
	if !strings.HasPrefix(name, "/") {
		return "", false
	}
	// "/vendor/version/Area/City": try ever shorter tails, longest first,
	// so that "America/Argentina/Salta" wins over "Argentina/Salta".
	for rest := name[1:]; rest != ""; {
		if iana, ok := db.lookup(rest); ok {
			return iana, true
		}
		_, after, found := strings.Cut(rest, "/")
		if !found {
			break
		}
		rest = after
	}
	return "", false
}

// lookup finds an exact name, ignoring ASCII case. Older Windows versions
// wrote display names with "GMT" where newer ones write "UTC".
func (db *DB) lookup(name string) (string, bool) {
	key := asciiLower(name)
	if iana, ok := db.names[key]; ok {
		return iana, true
	}
	if rest, ok := strings.CutPrefix(key, "(gmt"); ok {
		iana, ok := db.names["(utc"+rest]
		return iana, ok
	}
	return "", false
}

// unquote removes the spaces and the double or single quotes that some
// writers put around a TZID.
func unquote(name string) string {
	name = strings.TrimSpace(name)
	for len(name) >= 2 && (name[0] == '"' || name[0] == '\'') && name[len(name)-1] == name[0] {
		name = strings.TrimSpace(name[1 : len(name)-1])
	}
	return name
}

// asciiLower folds only ASCII letters: zone names are ASCII, and Unicode
// folding would let "\u212A" (Kelvin sign) stand for "k".
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; 'A' <= c && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
