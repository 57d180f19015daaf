package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/audit"
	"github.com/klaver/klaver/internal/importer"
	"github.com/klaver/klaver/internal/tz"
)

const importUsage = `Usage: klaver import --team ID [--as EMAIL] [--db DSN | --data-dir DIR] FILE|DIR ...

Imports calendars (.ics) and time-tracking exports (.csv) into a team, as
an upload to the server does: each file is audited with the team's settings
and client registry and stored in whole ISO weeks; importing a file of the
same name again replaces it, and a file that fails changes nothing. A
directory means every .ics and .csv in it.

Without --as the files are imported for the team's members, each calendar
for the member it belongs to; with --as, as that member: a calendar is
theirs, and of a time-tracking export only their entries count.

Exit status: 0 when every file was stored, 1 when one failed, 2 for a
wrong command line.

Flags:
`

type importFlags struct {
	db     dbFlags
	team   int64
	as     string
	format string
}

func runImport(ctx context.Context, env environment, args []string) int {
	var f importFlags
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	f.db.register(fs, env.getenv)
	fs.Int64Var(&f.team, "team", 0, "the `ID` of the team to import into")
	fs.StringVar(&f.as, "as", "", "import as the member with this `EMAIL` (default: for the team's members)")
	fs.StringVar(&f.format, "format", "text", "output `FORMAT`: text or json")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), importUsage)
		fs.PrintDefaults()
	}
	files, code, ok := parseFiles(fs, env, args)
	if !ok {
		return code
	}
	if f.team <= 0 || len(files) == 0 || (f.format != "text" && f.format != "json") {
		fmt.Fprintln(env.stderr, "klaver import: --team and at least one file are needed; --format is text or json")
		return 2
	}
	results, err := importFiles(ctx, f, files)
	if err != nil {
		fmt.Fprintln(env.stderr, "klaver import:", err)
		return 1
	}
	if f.format == "json" {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{"files": results}); err != nil {
			return 1
		}
	} else {
		printResults(env, results)
	}
	for _, r := range results {
		if !r.OK() {
			return 1
		}
	}
	return 0
}

func importFiles(ctx context.Context, f importFlags, args []string) ([]importer.Result, error) {
	inputs, cleanup, err := audit.Inputs(args, nil)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	st, err := openMigrated(ctx, f.db)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	req := importer.Request{TeamID: f.team, Leader: true}
	if f.as != "" {
		if req.By, err = st.PersonByEmail(ctx, f.as); err != nil {
			return nil, fmt.Errorf("--as: %s", klaver.ErrorMessage(err))
		}
		req.Leader = false
		access, err := st.TeamAccessOf(ctx, req.By.ID, f.team)
		if err != nil {
			return nil, fmt.Errorf("--team: %s", klaver.ErrorMessage(err))
		}
		if !access.Member {
			return nil, fmt.Errorf("--as: %s is not a member of team %d", req.By.Email, f.team)
		}
	}
	for _, in := range inputs {
		req.Files = append(req.Files, importer.File{Name: filepath.Base(in.Name), Size: in.Size, Open: in.Open})
	}
	results, err := importer.New(st, tz.NewDB()).Import(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("team %d: %s", f.team, klaver.ErrorMessage(err))
	}
	return results, nil
}

// printResults writes one line per file and the skipped input under it.
func printResults(env environment, results []importer.Result) {
	for _, r := range results {
		switch {
		case !r.OK():
			fmt.Fprintf(env.stdout, "%s: not imported: %s\n", r.File, r.Error.Message)
		case len(r.People) == 0:
			fmt.Fprintf(env.stdout, "%s: nothing to import\n", r.File)
		default:
			fmt.Fprintf(env.stdout, "%s: %s, %s to %s (%s) for %s\n", r.File, r.Kind, r.From, r.To,
				plural(r.Weeks, "week"), joinList(r.People))
		}
		for _, p := range r.Skipped {
			fmt.Fprintf(env.stdout, "  skipped %s\n", p)
		}
		if more := r.SkippedTotal - len(r.Skipped); more > 0 {
			fmt.Fprintf(env.stdout, "  and %d more skipped\n", more)
		}
		for _, p := range r.Warnings {
			fmt.Fprintf(env.stdout, "  warning %s\n", p)
		}
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func joinList(items []string) string { return strings.Join(items, ", ") }
