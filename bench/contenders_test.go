package bench

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klaver/klaver/internal/gen"
)

// TestContendersAgree checks that every parser sees every event of a small
// team's calendars, so that the comparison compares the same work.
func TestContendersAgree(t *testing.T) {
	dir := t.TempDir()
	cfg := gen.DefaultConfig()
	cfg.People, cfg.Weeks, cfg.Toggl = 6, 3, false
	st, err := gen.WriteSet(dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	files, err := Files(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != st.Calendars {
		t.Fatalf("Files found %d calendars, the set has %d", len(files), st.Calendars)
	}
	opt := Options{Workers: 2, Clients: filepath.Join(dir, "clients.csv")}
	scan, err := mustLookup(t, "linescan").Run(context.Background(), files, opt)
	if err != nil || scan.Events == 0 {
		t.Fatalf("linescan: %d events, %v", scan.Events, err)
	}
	for _, c := range Contenders() {
		t.Run(c.Name, func(t *testing.T) {
			got, err := c.Run(context.Background(), files, opt)
			if err != nil {
				t.Fatal(err)
			}
			switch c.Name {
			case "klaver":
				if got.Events != int64(st.Calendars) || got.Errors != 0 {
					t.Errorf("reported %d people and skipped %d, want %d and 0", got.Events, got.Errors, st.Calendars)
				}
			case "gocal":
				// It counts occurrences: at least one per event.
				if got.Events < scan.Events {
					t.Errorf("%d occurrences, fewer than the %d events", got.Events, scan.Events)
				}
			case "golang-ical":
				// Its getters know no Windows zone names.
				if got.Events != scan.Events {
					t.Errorf("%d events, want %d", got.Events, scan.Events)
				}
			default:
				if got.Events != scan.Events || got.Errors != 0 {
					t.Errorf("%d events and %d errors, want %d and 0", got.Events, got.Errors, scan.Events)
				}
			}
		})
	}
}

func mustLookup(t *testing.T, name string) Contender {
	t.Helper()
	c, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLookupUnknown(t *testing.T) {
	_, err := Lookup("ical-go")
	if err == nil || !strings.Contains(err.Error(), "emersion") {
		t.Errorf("Lookup of an unknown name: %v, want an error listing the contenders", err)
	}
}
