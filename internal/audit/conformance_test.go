package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/civil"
	"github.com/klaver/klaver/internal/ical"
)

// corpusDir holds real calendars from other readers' test suites, with the
// counts a reader following the rules should find in expected.json.
const corpusDir = "../../testdata/calendars"

// corpusEntry is one file's expectations; see the corpus README.
type corpusEntry struct {
	File   string `json:"file"`
	Window struct {
		From time.Time `json:"from"`
		To   time.Time `json:"to"`
	} `json:"window"`
	VEvents         int      `json:"vevents"`
	Occurrences     int      `json:"occurrences"`
	FirstStarts     []string `json:"first_starts"`
	Malformed       bool     `json:"malformed"`
	ReadableVEvents *int     `json:"readable_vevents"`
}

// corpusResult is what klaver makes of one file.
type corpusResult struct {
	events      int // VEVENTs the reader returned with a DTSTART
	occurrences int // occurrence starts in the window
	firstStarts []string
	// problems are what the audit would report, for the failure message.
	problems []string
}

func (r corpusResult) String() string {
	return fmt.Sprintf("events %d, occurrences %d, first starts %q", r.events, r.occurrences, r.firstStarts)
}

// knownDifference is a file where klaver does not yet read what the rules
// ask: the test holds it to its current result, so that a fix (or a new
// regression) shows up as a failure that asks to update this table.
type knownDifference struct {
	reason string
	now    corpusResult
}

// knownDifferences lists every file klaver currently reads differently
// from expected.json, with the cause.
var knownDifferences = map[string]knownDifference{
	"ical4j/phpicalendar_sample.ics": {
		"ical: an invalid DTEND (20031114T18300) rejects the whole event instead of only its end",
		corpusResult{events: 16, occurrences: 412, firstStarts: []string{"2002-08-23T00:00:00Z", "2002-09-18T19:15:00Z", "2002-09-19T19:00:00Z"}},
	},
	"node-ical/bad_custom_ms_tz.ics": {
		"ical: an invalid DURATION (-PT1W1D2H3M4S) rejects the whole all-day event instead of only its length",
		corpusResult{events: 2, occurrences: 2, firstStarts: []string{"2021-03-25T10:35:00Z", "2021-04-01T19:30:00Z"}},
	},
}

func TestConformance(t *testing.T) {
	entries := loadCorpus(t)
	seen := map[string]bool{}
	for _, e := range entries {
		seen[e.File] = true
		t.Run(e.File, func(t *testing.T) {
			got := readCorpusFile(t, e)
			want := corpusResult{events: e.VEvents, occurrences: e.Occurrences, firstStarts: e.FirstStarts}
			if e.Malformed && e.ReadableVEvents != nil {
				want.events = *e.ReadableVEvents
			}
			if kd, ok := knownDifferences[e.File]; ok {
				if sameResult(got, want) {
					t.Fatalf("now reads as expected.json (%v): remove it from knownDifferences (%s)", got, kd.reason)
				}
				if !sameResult(got, kd.now) {
					t.Fatalf("known difference (%s) changed:\n got  %v\n was  %v\n want %v", kd.reason, got, kd.now, want)
				}
				return
			}
			if !sameResult(got, want) {
				t.Errorf("\n got  %v\n want %v\n problems reported:\n%s", got, want, strings.Join(got.problems, "\n"))
			}
		})
	}
	for file := range knownDifferences {
		if !seen[file] {
			t.Errorf("knownDifferences names %s, which expected.json does not list", file)
		}
	}
}

// TestConformanceCoversCorpus makes sure no calendar in the corpus goes
// untested because expected.json forgot it.
func TestConformanceCoversCorpus(t *testing.T) {
	listed := map[string]bool{}
	for _, e := range loadCorpus(t) {
		if listed[e.File] {
			t.Errorf("expected.json lists %s twice", e.File)
		}
		listed[e.File] = true
	}
	files, err := filepath.Glob(filepath.Join(corpusDir, "*", "*.ics"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		rel, err := filepath.Rel(corpusDir, f)
		if err != nil {
			t.Fatal(err)
		}
		if !listed[filepath.ToSlash(rel)] {
			t.Errorf("%s has no entry in expected.json", rel)
		}
	}
	if len(files) != len(listed) {
		t.Errorf("%d .ics files, %d entries in expected.json", len(files), len(listed))
	}
}

func loadCorpus(t *testing.T) []corpusEntry {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		DefaultTZ string        `json:"default_tz"`
		Files     []corpusEntry `json:"files"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("expected.json: %v", err)
	}
	if doc.DefaultTZ != "UTC" {
		t.Fatalf("expected.json: default_tz %q, the test reads in UTC", doc.DefaultTZ)
	}
	if len(doc.Files) == 0 {
		t.Fatal("expected.json lists no files")
	}
	return doc.Files
}

// readCorpusFile reads one calendar as the audit does, in UTC and over the
// window, and collects the occurrences that start inside the window.
func readCorpusFile(t *testing.T, e corpusEntry) (res corpusResult) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir, filepath.FromSlash(e.File)))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("panic: %v", r)
		}
	}()
	var calZone string
	res.events, calZone = countEvents(t, e.File, data)

	cfg := DefaultConfig()
	cfg.TZ, cfg.TZName = time.UTC, "UTC"
	cfg.Clients = NewRegistry(nil)
	cfg.From = dateOf(e.Window.From)
	cfg.To = dateOf(e.Window.To.Add(-time.Nanosecond))
	report := func(pr klaver.Problem, skipped bool) error {
		res.problems = append(res.problems, fmt.Sprintf("%s:%d: %s (skipped %t)", pr.File, pr.Line, pr.Message, skipped))
		return nil
	}
	p := newPerson(&cfg, "", report, newLineCache())
	// By expected.json's rules an all-day date stands, for the window and
	// the order, at its midnight in X-WR-TIMEZONE when that is a known zone.
	dateZone := time.UTC
	if loc, ok := cfg.Zones.Location(calZone); ok && calZone != "" {
		dateZone = loc
	}
	from, to := e.Window.From.Unix(), e.Window.To.Unix()
	type start struct {
		at   int64
		text string
	}
	var starts []start
	p.observe = func(tm *template, at int64) {
		text := time.Unix(at, 0).UTC().Format(time.RFC3339)
		if tm.allDay {
			d := time.Unix(at, 0).UTC()
			text = d.Format(time.DateOnly)
			at = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, dateZone).Unix()
		}
		if at < from || at >= to {
			return
		}
		starts = append(starts, start{at, text})
	}
	if err := p.readFile(e.File, bytes.NewReader(data), nil); err != nil {
		t.Fatalf("readFile: %v", err)
	}
	p.expandAll()
	sort.Slice(starts, func(i, j int) bool {
		if starts[i].at != starts[j].at {
			return starts[i].at < starts[j].at
		}
		return starts[i].text < starts[j].text
	})
	res.occurrences = len(starts)
	res.firstStarts = []string{}
	for _, s := range starts[:min(3, len(starts))] {
		res.firstStarts = append(res.firstStarts, s.text)
	}
	return res
}

// countEvents counts the VEVENTs the reader returns that have a DTSTART,
// the ones the audit can use, and returns the calendar's X-WR-TIMEZONE.
func countEvents(t *testing.T, name string, data []byte) (int, string) {
	t.Helper()
	rd := ical.NewReader(bytes.NewReader(data), name)
	n := 0
	for {
		ev, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return n, rd.CalendarTimezone()
		}
		var pe *ical.ParseError
		if errors.As(err, &pe) {
			continue
		}
		if err != nil {
			t.Fatalf("reading events: %v", err)
		}
		if ev.HasStart {
			n++
		}
	}
}

func sameResult(a, b corpusResult) bool {
	return a.events == b.events && a.occurrences == b.occurrences && slices.Equal(a.firstStarts, b.firstStarts)
}

func dateOf(t time.Time) civil.Date {
	t = t.UTC()
	return civil.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
}
