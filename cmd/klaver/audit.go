package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/audit"
	"github.com/klaver/klaver/internal/report"
)

const auditUsage = `Usage: klaver audit [flags] FILE|DIR|- ...

Audits calendars (.ics, one per person) and time-tracking exports (Toggl
Track, Clockify, Harvest, Kimai or generic CSV): minutes of client time,
internal time that serves a client, other internal time and own work, per
person, per ISO week and for the team, against the rule that internal time
serving no client takes at most 25% of working time.

A directory means every .ics and .csv in it; - reads standard input.

Flags:
`

// auditFlags are the settings of klaver audit as given on the command line.
type auditFlags struct {
	owner, clients, tz, from, to, workdays string
	orgDomains                             listFlag
	hoursPerDay, maxInternal               float64
	format, output, lang                   string
	strict, quiet, wholeWeeks              bool
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, part := range strings.Split(v, ",") {
		if part = strings.TrimSpace(part); part != "" {
			*l = append(*l, part)
		}
	}
	return nil
}

func newAuditFlagSet(f *auditFlags, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&f.owner, "owner", "", "the `EMAIL` of the person every calendar belongs to (default: from X-WR-CALNAME, the file name, or the most frequent attendee)")
	fs.Var(&f.orgDomains, "org-domain", "your organisation's e-mail `DOMAIN` (repeatable; default: the owner's domain)")
	fs.StringVar(&f.clients, "clients", "", "client registry `CSV` with header name,domains,aliases")
	fs.StringVar(&f.tz, "tz", "", "time `ZONE` for days and weeks, floating times and time-tracking exports (default: the machine's zone)")
	fs.StringVar(&f.from, "from", "", "first `DATE` of the period, YYYY-MM-DD (default: the first day with counted time)")
	fs.StringVar(&f.to, "to", "", "last `DATE` of the period, YYYY-MM-DD, inclusive (default: the last day with counted time)")
	fs.BoolVar(&f.wholeWeeks, "whole-weeks", false, "without --from or --to, start the period on a Monday and end it on a Sunday, as klaver serve does")
	fs.Float64Var(&f.hoursPerDay, "hours-per-day", 8, "working `HOURS` of a working day")
	fs.StringVar(&f.workdays, "workdays", "mon-fri", "working `DAYS`, e.g. mon-fri or mon,tue,thu")
	fs.Float64Var(&f.maxInternal, "max-internal", klaver.DefaultMaxInternal, "highest acceptable internal `SHARE` (0..1)")
	fs.StringVar(&f.format, "format", "table", "output `FORMAT`: table, json, csv or html")
	fs.StringVar(&f.output, "o", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&f.lang, "lang", "", "`LANGUAGE` of the table and HTML report: nl or en (default: from $LANG)")
	fs.BoolVar(&f.strict, "strict", false, "stop at the first malformed event or row instead of skipping it")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress bar and no summary of skipped input on standard error")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), auditUsage)
		fs.PrintDefaults()
	}
	return fs
}

// wantsHelp reports whether the command line asks for help: -h or -help,
// with one or two dashes, before any "--".
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "--h", "-help", "--help":
			return true
		}
	}
	return false
}

// parseInterleaved parses flags that may stand before, between or after
// the file arguments, as users type them.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		i := 0
		for i < len(rest) && (rest[i] == "-" || !strings.HasPrefix(rest[i], "-")) {
			i++
		}
		files = append(files, rest[:i]...)
		if i == len(rest) {
			return files, nil
		}
		if rest[i] == "--" {
			return append(files, rest[i+1:]...), nil
		}
		args = rest[i:]
	}
}

// parseFiles parses the flags of a command that takes files, before,
// between or after them. When the command should not go on, ok is false
// and code is its exit status: 0 after --help (shown on standard output),
// 2 for a wrong command line.
func parseFiles(fs *flag.FlagSet, env environment, args []string) (files []string, code int, ok bool) {
	if wantsHelp(args) {
		// Asked for, the help goes to standard output, once; the flag
		// package would print it to standard error first.
		fs.SetOutput(env.stdout)
		fs.Usage()
		return nil, 0, false
	}
	files, err := parseInterleaved(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(env.stdout)
		fs.Usage()
		return nil, 0, false
	}
	if err != nil {
		return nil, 2, false
	}
	return files, 0, true
}

func runAudit(ctx context.Context, env environment, args []string) int {
	var f auditFlags
	fs := newAuditFlagSet(&f, env.stderr)
	files, code, ok := parseFiles(fs, env, args)
	if !ok {
		return code
	}
	if len(files) == 0 {
		fmt.Fprintln(env.stderr, "klaver audit: name at least one calendar, export or directory (see klaver audit --help)")
		return 2
	}
	cfg, err := f.config(env)
	if err != nil {
		fmt.Fprintln(env.stderr, "klaver audit:", err)
		return 2
	}
	if err := writeAudit(ctx, env, f, cfg, files); err != nil {
		fmt.Fprintln(env.stderr, "klaver audit:", err)
		return 1
	}
	return 0
}

// config turns flags into the audit's configuration.
func (f auditFlags) config(env environment) (audit.Config, error) {
	cfg := audit.DefaultConfig()
	cfg.Owner = strings.TrimSpace(f.owner)
	cfg.OrgDomains = f.orgDomains
	cfg.Strict = f.strict
	cfg.WholeWeeks = f.wholeWeeks
	if f.tz != "" {
		loc, ok := cfg.Zones.Location(f.tz)
		if !ok {
			return cfg, fmt.Errorf("--tz: unknown time zone %q; use an IANA name such as Europe/Amsterdam", f.tz)
		}
		cfg.TZ, cfg.TZName = loc, loc.String()
	}
	var err error
	if f.from != "" {
		if cfg.From, err = audit.ParseDate(f.from); err != nil {
			return cfg, fmt.Errorf("--from: %w", err)
		}
	}
	if f.to != "" {
		if cfg.To, err = audit.ParseDate(f.to); err != nil {
			return cfg, fmt.Errorf("--to: %w", err)
		}
	}
	if !cfg.From.IsZero() && !cfg.To.IsZero() && cfg.To.Before(cfg.From) {
		return cfg, fmt.Errorf("--to %s is before --from %s", f.to, f.from)
	}
	if !(f.hoursPerDay > 0 && f.hoursPerDay <= 24) { // also NaN
		return cfg, fmt.Errorf("--hours-per-day: %v is not between 0 and 24", f.hoursPerDay)
	}
	cfg.HoursPerDay = f.hoursPerDay
	if cfg.Workdays, err = audit.ParseWorkdays(f.workdays); err != nil {
		return cfg, fmt.Errorf("--%w", err)
	}
	if !(f.maxInternal >= 0 && f.maxInternal <= 1) { // also NaN
		return cfg, fmt.Errorf("--max-internal: %v is not a share between 0 and 1 (25%% is 0.25)", f.maxInternal)
	}
	cfg.MaxInternal = f.maxInternal
	switch f.format {
	case "table", "json", "csv", "html":
	default:
		return cfg, fmt.Errorf("--format: %q is not one of table, json, csv, html", f.format)
	}
	if f.clients != "" {
		clients, err := readRegistry(f.clients)
		if err != nil {
			return cfg, err
		}
		cfg.Clients = audit.NewRegistry(clients)
	}
	return cfg, nil
}

func readRegistry(path string) ([]klaver.ClientRecord, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--clients: cannot read %s: %w", path, errors.Unwrap(err))
	}
	defer file.Close()
	return audit.ReadRegistry(file, path)
}

// writeAudit runs the audit and writes the report.
func writeAudit(ctx context.Context, env environment, f auditFlags, cfg audit.Config, files []string) error {
	inputs, cleanup, err := audit.Inputs(files, env.stdin, f.clients)
	if err != nil {
		return err
	}
	defer cleanup()
	bar := newProgress(env, inputs, f.quiet)
	rep, err := audit.Run(ctx, cfg, inputs, bar.update)
	bar.finish()
	if err != nil {
		return err
	}
	if !f.quiet {
		summarise(env.stderr, rep)
	}
	return write(env, f, rep)
}

// write renders the report to -o or standard output. A file is written
// whole or not at all: it is renamed into place only when complete.
func write(env environment, f auditFlags, rep *klaver.Report) error {
	opts := report.Options{Lang: language(f.lang, env.getenv), Generated: time.Now().Format("2006-01-02 15:04")}
	render := func(w io.Writer) error {
		switch f.format {
		case "json":
			return report.JSON(w, rep)
		case "csv":
			return report.CSV(w, rep)
		case "html":
			return report.HTML(w, rep, opts)
		}
		opts.Color = f.output == "" && isTerminal(env.stdout) && env.getenv("NO_COLOR") == ""
		return report.Table(w, rep, opts)
	}
	if f.output == "" || f.output == "-" {
		return render(env.stdout)
	}
	return writeFileAtomic(f.output, render)
}

// writeFileAtomic writes a regular file whole or not at all: into a
// temporary file beside it, renamed into place when complete. Anything
// else that exists at path (/dev/null, a named pipe, /dev/stdout) is
// written to directly: renaming over it would replace a device with a file.
func writeFileAtomic(path string, render func(io.Writer) error) error {
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return writeDirect(path, render)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".klaver-*")
	if err != nil {
		return fmt.Errorf("-o %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := render(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("-o %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("-o %s: %w", path, err)
	}
	return nil
}

func writeDirect(path string, render func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("-o %s: %w", path, err)
	}
	if err := render(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("-o %s: %w", path, err)
	}
	return nil
}

// language picks nl or en: the flag, else $LC_ALL, $LC_MESSAGES or $LANG.
func language(flagValue string, getenv func(string) string) string {
	candidates := []string{flagValue, getenv("LC_ALL"), getenv("LC_MESSAGES"), getenv("LANG")}
	for _, c := range candidates {
		c = strings.ToLower(c)
		switch {
		case c == "":
			continue
		case strings.HasPrefix(c, "nl"):
			return "nl"
		case c == "c" || c == "posix" || strings.HasPrefix(c, "c."):
			continue
		}
		return "en"
	}
	return "en"
}

// summarise tells on standard error what was skipped, compiler style.
func summarise(w io.Writer, rep *klaver.Report) {
	for _, p := range rep.Warnings {
		fmt.Fprintln(w, "warning:", p)
	}
	for _, p := range rep.Skipped {
		fmt.Fprintln(w, p)
	}
	if n := rep.SkippedTotal; n > 0 {
		more := ""
		if n > len(rep.Skipped) {
			more = " (the first " + strconv.Itoa(len(rep.Skipped)) + " are listed)"
		}
		fmt.Fprintf(w, "klaver audit: skipped %d malformed event(s) or row(s)%s; --strict makes this an error\n", n, more)
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
