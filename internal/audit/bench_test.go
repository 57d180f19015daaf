package audit

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/klaver/klaver/internal/gen"
)

// BenchmarkAudit runs the whole audit over a generated team of about
// 20 MB of calendars (52 weeks each) with the client registry, on one
// worker per CPU. The set is written once, by the outer benchmark; the
// sub-benchmark only reads it.
func BenchmarkAudit(b *testing.B) {
	dir := b.TempDir()
	g := gen.DefaultConfig()
	g.People, g.Weeks, g.MinBytes, g.Toggl = 1, 52, 20_000_000, false
	st, err := gen.WriteSet(dir, g)
	if err != nil {
		b.Fatal(err)
	}
	cfg := benchConfig(b, filepath.Join(dir, "clients.csv"))
	inputs, cleanup, err := Inputs([]string{dir}, nil, filepath.Join(dir, "clients.csv"))
	if err != nil {
		b.Fatal(err)
	}
	defer cleanup()
	b.Run("20MB", func(b *testing.B) {
		b.SetBytes(st.CalendarBytes)
		b.ReportAllocs()
		for b.Loop() {
			rep, err := Run(context.Background(), cfg, inputs, nil)
			if err != nil {
				b.Fatal(err)
			}
			if len(rep.People) != st.Calendars {
				b.Fatalf("reported %d people, want %d", len(rep.People), st.Calendars)
			}
		}
	})
}

// benchConfig is the configuration klaver audit --tz Europe/Amsterdam
// --clients path would use.
func benchConfig(b *testing.B, clients string) Config {
	b.Helper()
	cfg := DefaultConfig()
	loc, ok := cfg.Zones.Location("Europe/Amsterdam")
	if !ok {
		b.Fatal("no zone Europe/Amsterdam")
	}
	cfg.TZ, cfg.TZName = loc, "Europe/Amsterdam"
	f, err := os.Open(clients)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	list, err := ReadRegistry(f, clients)
	if err != nil {
		b.Fatal(err)
	}
	cfg.Clients = NewRegistry(list)
	return cfg
}
