// Package examples is the example team shipped in examples/, for the tests
// of several packages: where it is, its client registry, and its audit
// the way klaver serve audits an upload, which every suite that checks
// stored or shown figures compares against.
package examples

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/audit"
)

// Dir is the examples directory, found from this file's place in the
// module so that a test in any package finds it.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "examples")
}

// Path is a file of the examples.
func Path(name string) string { return filepath.Join(Dir(), name) }

// Clients reads the example client registry, examples/clients.csv.
func Clients() ([]klaver.ClientRecord, error) {
	f, err := os.Open(Path("clients.csv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return audit.ReadRegistry(f, "clients.csv")
}

// ServerConfig is the audit's configuration for a team with klaver's
// default settings and the example registry: Europe/Amsterdam, 8 hours,
// Monday to Friday, 25%, in whole weeks — `klaver audit --whole-weeks
// --tz Europe/Amsterdam --clients examples/clients.csv`.
func ServerConfig() (audit.Config, error) {
	cfg := audit.DefaultConfig()
	loc, ok := cfg.Zones.Location("Europe/Amsterdam")
	if !ok {
		return cfg, fmt.Errorf("no zone Europe/Amsterdam")
	}
	cfg.TZ, cfg.TZName = loc, "Europe/Amsterdam"
	clients, err := Clients()
	if err != nil {
		return cfg, err
	}
	cfg.Clients = audit.NewRegistry(clients)
	cfg.WholeWeeks = true
	return cfg, nil
}

// Audit audits files or directories with cfg, as klaver audit does.
func Audit(cfg audit.Config, paths ...string) (*klaver.Report, error) {
	inputs, cleanup, err := audit.Inputs(paths, nil)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	return audit.Run(context.Background(), cfg, inputs, nil)
}

// Registry is Clients for a test: a failure ends the test.
func Registry(tb testing.TB) []klaver.ClientRecord {
	tb.Helper()
	clients, err := Clients()
	if err != nil {
		tb.Fatal(err)
	}
	return clients
}

// ServerAudit audits paths with ServerConfig for a test, as the calendars
// of owner when owner is not empty: the figures klaver serve must show for
// the same files. A failure ends the test.
func ServerAudit(tb testing.TB, owner string, paths ...string) *klaver.Report {
	tb.Helper()
	cfg, err := ServerConfig()
	if err != nil {
		tb.Fatal(err)
	}
	cfg.Owner = owner
	rep, err := Audit(cfg, paths...)
	if err != nil {
		tb.Fatal(err)
	}
	return rep
}
