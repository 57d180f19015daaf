package gen

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klaver/klaver/internal/civil"
)

// The shipped examples are what `go run ./cmd/klaver-gen -out examples`
// writes. When this fails after a deliberate change, regenerate them.
func TestExamplesInSync(t *testing.T) {
	dir := t.TempDir()
	if _, err := WriteSet(dir, DefaultConfig()); err != nil {
		t.Fatal(err)
	}
	const examples = "../../examples"
	generated := fileNames(t, dir)
	shipped := slices.DeleteFunc(fileNames(t, examples), func(n string) bool { return n == "README.md" })
	if !slices.Equal(generated, shipped) {
		t.Fatalf("examples/ holds %v, the generator writes %v", shipped, generated)
	}
	for _, name := range generated {
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(examples, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("examples/%s is out of date: run go run ./cmd/klaver-gen -out examples", name)
		}
	}
}

func fileNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

func TestDeterministic(t *testing.T) {
	write := func(seed int64) []byte {
		cfg := DefaultConfig()
		cfg.Seed = seed
		team, err := NewTeam(cfg, 0)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		for seat := range team.Members {
			if err := WriteCalendar(&buf, team.Calendar(seat)); err != nil {
				t.Fatal(err)
			}
		}
		if err := WriteToggl(&buf, cfg); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	if !bytes.Equal(write(3), write(3)) {
		t.Error("the same seed gave different output")
	}
	if bytes.Equal(write(3), write(4)) {
		t.Error("different seeds gave the same output")
	}
}

// Every export is well-formed: lines of at most 75 octets, one kind of
// line end, components balanced, and every VEVENT with UID, DTSTAMP and
// DTSTART. Checked over winter, the switch to summer time and one week.
func TestCalendarStructure(t *testing.T) {
	configs := []Config{
		DefaultConfig(),
		{People: 6, Weeks: 3, Start: civil.Date{Year: 2026, Month: 3, Day: 23}, Seed: 9},
		{People: 6, Weeks: 1, Start: civil.Date{Year: 2027, Month: 10, Day: 25}, Seed: 2},
	}
	for _, cfg := range configs {
		team, err := NewTeam(cfg, 1)
		if err != nil {
			t.Fatal(err)
		}
		for seat := range team.Members {
			cal := team.Calendar(seat)
			var buf bytes.Buffer
			if err := WriteCalendar(&buf, cal); err != nil {
				t.Fatal(err)
			}
			checkStructure(t, cal, buf.Bytes())
		}
	}
}

func checkStructure(t *testing.T, cal Calendar, data []byte) {
	t.Helper()
	name := cal.Owner.Email + " (" + cal.Owner.Style.String() + ")"
	lines := physicalLines(t, data, cal.Owner.Style != Apple)
	for i, l := range lines {
		if len(l) > maxLineOctets {
			t.Errorf("%s:%d: %d octets", name, i+1, len(l))
		}
	}
	if !utfValid(data) {
		t.Errorf("%s: not UTF-8", name)
	}
	var stack []string
	var props map[string]bool
	events := 0
	for _, l := range unfold(lines) {
		key, value, ok := strings.Cut(l, ":")
		if !ok {
			t.Errorf("%s: line without a colon: %q", name, l)
			continue
		}
		prop, _, _ := strings.Cut(key, ";")
		switch prop {
		case "BEGIN":
			stack = append(stack, value)
			if value == "VEVENT" {
				props = map[string]bool{}
			}
		case "END":
			if len(stack) == 0 || stack[len(stack)-1] != value {
				t.Fatalf("%s: END:%s does not close %v", name, value, stack)
			}
			stack = stack[:len(stack)-1]
			if value == "VEVENT" {
				events++
				for _, p := range []string{"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"} {
					if !props[p] {
						t.Errorf("%s: VEVENT %d has no %s", name, events, p)
					}
				}
			}
		default:
			if len(stack) > 0 && stack[len(stack)-1] == "VEVENT" {
				props[prop] = true
			}
		}
	}
	if len(stack) != 0 {
		t.Errorf("%s: %v left open", name, stack)
	}
	if events != len(cal.Events) {
		t.Errorf("%s: %d VEVENTs written, %d events in the calendar", name, events, len(cal.Events))
	}
}

func utfValid(b []byte) bool { return strings.ToValidUTF8(string(b), "\uFFFD") == string(b) }

// A meeting keeps its UID in every participant's file, so series can be
// counted across people.
func TestSharedMeetingsShareUID(t *testing.T) {
	dir := t.TempDir()
	cfg := DefaultConfig()
	cfg.Toggl = false
	if _, err := WriteSet(dir, cfg); err != nil {
		t.Fatal(err)
	}
	team, _ := NewTeam(cfg, 0)
	uids := map[string]map[string]bool{} // file → UIDs
	for _, m := range team.Members {
		data, err := os.ReadFile(filepath.Join(dir, m.Email+".ics"))
		if err != nil {
			t.Fatal(err)
		}
		uids[m.Email] = map[string]bool{}
		for _, l := range unfold(strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")) {
			if uid, ok := strings.CutPrefix(l, "UID:"); ok {
				uids[m.Email][uid] = true
			}
		}
	}
	shared := 0
	for seat := range team.Members {
		for _, e := range team.Calendar(seat).Events {
			for _, a := range e.Attendees {
				if files, ours := uids[a.Email]; ours {
					if !files[e.UID] {
						t.Errorf("%q (%s) is missing from %s.ics", e.Summary, e.UID, a.Email)
					}
					shared++
				}
			}
		}
	}
	if shared == 0 {
		t.Error("no meeting is shared between team members")
	}
	var teamStart string
	for _, e := range team.Calendar(0).Events {
		if e.Summary == "Weekstart team" && e.Rule != nil {
			teamStart = e.UID
		}
	}
	for email, set := range uids {
		if !set[teamStart] {
			t.Errorf("%s has no Weekstart team series", email)
		}
	}
}

// Each style names its calendar as its system does, which decides how
// klaver finds the owner.
func TestCalendarNames(t *testing.T) {
	team, _ := NewTeam(DefaultConfig(), 0)
	for seat, m := range team.Members {
		var buf bytes.Buffer
		if err := WriteCalendar(&buf, team.Calendar(seat)); err != nil {
			t.Fatal(err)
		}
		want := map[Style]string{Google: m.Email, Outlook: m.Name, Apple: "Werk"}[m.Style]
		if !strings.Contains(buf.String(), "\nX-WR-CALNAME:"+want+"\r\n") && !strings.Contains(buf.String(), "\nX-WR-CALNAME:"+want+"\n") {
			t.Errorf("%s (%s): no X-WR-CALNAME:%s", m.Email, m.Style, want)
		}
	}
}

func TestTogglExport(t *testing.T) {
	cfg := DefaultConfig()
	var buf bytes.Buffer
	if err := WriteToggl(&buf, cfg); err != nil {
		t.Fatal(err)
	}
	text, ok := strings.CutPrefix(buf.String(), "\ufeff")
	if !ok {
		t.Error("no byte order mark")
	}
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], togglHeader) {
		t.Fatalf("header %v", rows[0])
	}
	calendarPeople := map[string]bool{}
	team, _ := NewTeam(cfg, 0)
	for _, m := range team.Members {
		calendarPeople[m.Email] = true
	}
	first, last := cfg.Start.String(), cfg.Start.AddDays(7*cfg.Weeks-1).String()
	people := map[string]bool{}
	for i, r := range rows[1:] {
		line := i + 2
		people[r[1]] = true
		if calendarPeople[r[1]] {
			t.Errorf("line %d: %s has a calendar too", line, r[1])
		}
		start, err1 := time.Parse(time.DateTime, r[7]+" "+r[8])
		end, err2 := time.Parse(time.DateTime, r[9]+" "+r[10])
		dur, err3 := time.Parse(time.TimeOnly, r[11])
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatalf("line %d: bad date, time or duration: %v", line, r)
		}
		if got := dur.Sub(dur.Truncate(24 * time.Hour)); end.Sub(start) != got || got <= 0 {
			t.Errorf("line %d: duration %s, start to end %s", line, r[11], end.Sub(start))
		}
		if r[7] < first || r[7] > last {
			t.Errorf("line %d: %s is outside the weeks", line, r[7])
		}
		if (r[6] == "Yes") != (r[13] != "0.00") {
			t.Errorf("line %d: billable %s with amount %s", line, r[6], r[13])
		}
	}
	if len(people) != togglPeople {
		t.Errorf("%d people in the time sheets, want %d", len(people), togglPeople)
	}
}

func TestWriteClients(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteClients(&buf, Clients()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	if lines[0] != "name,domains,aliases" || lines[1] != "Rabobank,rabobank.nl;rabobank.com,Rabo;RAB" {
		t.Errorf("registry starts %q", lines[:2])
	}
}

// With a size, WriteSet keeps adding people, in whole teams but the last.
func TestWriteSetSize(t *testing.T) {
	dir := t.TempDir()
	cfg := DefaultConfig()
	cfg.Toggl = false
	cfg.Weeks = 1
	cfg.MinBytes = 1_000_000
	st, err := WriteSet(dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if st.CalendarBytes < cfg.MinBytes || st.Calendars <= cfg.People {
		t.Errorf("wrote %d calendars of %d bytes, want more than %d people and %d bytes", st.Calendars, st.CalendarBytes, cfg.People, cfg.MinBytes)
	}
	if files := len(fileNames(t, dir)); files != st.Files || st.Files != st.Calendars+1 {
		t.Errorf("%d files on disk, %d counted, %d calendars", files, st.Files, st.Calendars)
	}
	var total int64
	for _, n := range fileNames(t, dir) {
		if fi, err := os.Stat(filepath.Join(dir, n)); err == nil && strings.HasSuffix(n, ".ics") {
			total += fi.Size()
		}
	}
	if total != st.CalendarBytes {
		t.Errorf("calendars hold %d bytes on disk, %d counted", total, st.CalendarBytes)
	}
}

func TestConfigValidate(t *testing.T) {
	ok := DefaultConfig()
	tests := []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"default", func(*Config) {}, ""},
		{"no people", func(c *Config) { c.People = 0 }, "people"},
		{"no weeks", func(c *Config) { c.Weeks = 0 }, "weeks"},
		{"too many weeks", func(c *Config) { c.Weeks = 10000 }, "weeks"},
		{"tuesday", func(c *Config) { c.Start = civil.Date{Year: 2026, Month: 1, Day: 6} }, "not a Monday"},
		{"no date", func(c *Config) { c.Start = civil.Date{Year: 2026, Month: 2, Day: 30} }, "not a date"},
		{"negative size", func(c *Config) { c.MinBytes = -1 }, "size"},
	}
	for _, tt := range tests {
		cfg := ok
		tt.change(&cfg)
		err := cfg.Validate()
		if (err == nil) != (tt.want == "") || err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Validate() = %v, want an error about %q", tt.name, err, tt.want)
		}
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"300MB", 300_000_000, true},
		{"300mb", 300_000_000, true},
		{"1.5GB", 1_500_000_000, true},
		{"512KiB", 512 << 10, true},
		{"2M", 2_000_000, true},
		{"1000", 1000, true},
		{" 10 MB ", 10_000_000, true},
		{"", 0, false},
		{"MB", 0, false},
		{"-1MB", 0, false},
		{"lots", 0, false},
		{"1e30GB", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseSize(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestAmsterdamUTC(t *testing.T) {
	tests := []struct {
		local civil.DateTime
		want  string
	}{
		{civil.Date{Year: 2026, Month: 1, Day: 5}.At(9, 0, 0), "20260105T080000Z"},
		{civil.Date{Year: 2026, Month: 3, Day: 27}.At(9, 0, 0), "20260327T080000Z"},
		{civil.Date{Year: 2026, Month: 3, Day: 30}.At(9, 0, 0), "20260330T070000Z"},
		{civil.Date{Year: 2026, Month: 10, Day: 23}.At(9, 0, 0), "20261023T070000Z"},
		{civil.Date{Year: 2026, Month: 10, Day: 26}.At(9, 0, 0), "20261026T080000Z"},
		{civil.Date{Year: 2026, Month: 1, Day: 1}.At(0, 30, 0), "20251231T233000Z"},
		{civil.Date{Year: 2026, Month: 3, Day: 29}.At(1, 59, 0), "20260329T005900Z"},
		{civil.Date{Year: 2026, Month: 3, Day: 29}.At(2, 30, 0), "20260329T013000Z"},  // in the gap: the offset before it
		{civil.Date{Year: 2026, Month: 10, Day: 25}.At(2, 30, 0), "20261025T003000Z"}, // first of two
		{civil.Date{Year: 2026, Month: 10, Day: 25}.At(3, 0, 0), "20261025T020000Z"},
		{civil.Date{Year: 1965, Month: 7, Day: 1}.At(12, 0, 0), "19650701T100000Z"}, // the rule as if it held then
	}
	for _, tt := range tests {
		if got := string(appendUTC(nil, tt.local)); got != tt.want {
			t.Errorf("%s in Amsterdam is %s, want %s", tt.local, got, tt.want)
		}
	}
}

// FuzzParseSize checks that any text either is refused or gives a size
// that is not negative, and that plain byte counts read back exactly.
func FuzzParseSize(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string, n uint32) {
		if got, err := ParseSize(s); err == nil && got < 0 {
			t.Fatalf("ParseSize(%q) = %d", s, got)
		}
		text := strconv.FormatUint(uint64(n), 10)
		if got, err := ParseSize(text); err != nil || got != int64(n) {
			t.Fatalf("ParseSize(%q) = %d, %v", text, got, err)
		}
		if got, err := ParseSize(text + "KiB"); err != nil || got != int64(n)<<10 {
			t.Fatalf("ParseSize(%q) = %d, %v", text+"KiB", got, err)
		}
	})
}
