package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/audit"
	"github.com/klaver/klaver/internal/ical"
)

// runAudit runs the whole audit over the files, wired as klaver audit
// wires it: default rules, the zone and client registry given, inputs
// from audit.Inputs, opt.Workers goroutines. It counts no events (the
// report has none); it counts the people reported and the skipped input.
func runAudit(ctx context.Context, files []File, opt Options) (Count, error) {
	cfg, err := auditConfig(opt)
	if err != nil {
		return Count{}, err
	}
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	inputs, cleanup, err := audit.Inputs(paths, nil, opt.Clients)
	if err != nil {
		return Count{}, err
	}
	defer cleanup()
	rep, err := audit.Run(ctx, cfg, inputs, nil)
	if err != nil {
		return Count{}, err
	}
	return Count{Events: int64(len(rep.People)), Errors: int64(rep.SkippedTotal)}, nil
}

// auditConfig is audit.DefaultConfig with the zone, the registry and the
// number of workers of opt.
func auditConfig(opt Options) (audit.Config, error) {
	cfg := audit.DefaultConfig()
	loc, ok := cfg.Zones.Location(opt.Zone)
	if !ok {
		return cfg, fmt.Errorf("unknown time zone %q", opt.Zone)
	}
	cfg.TZ, cfg.TZName = loc, opt.Zone
	cfg.Workers = opt.Workers
	if opt.Clients != "" {
		clients, err := readRegistry(opt.Clients)
		if err != nil {
			return cfg, err
		}
		cfg.Clients = audit.NewRegistry(clients)
	}
	return cfg, nil
}

func readRegistry(path string) ([]klaver.ClientRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return audit.ReadRegistry(f, path)
}

// klaverParse reads every event with klaver's calendar reader and nothing
// more: no zones, no recurrence, no rules.
func klaverParse(path string, _ *zoneCache) (Count, error) {
	f, err := os.Open(path)
	if err != nil {
		return Count{}, err
	}
	defer f.Close()
	r := ical.NewReader(f, path)
	var c Count
	for {
		_, err := r.Next()
		var perr *ical.ParseError
		switch {
		case err == nil:
			c.Events++
		case errors.Is(err, io.EOF):
			return c, nil
		case errors.As(err, &perr):
			c.Errors++
		default:
			return c, err
		}
	}
}
