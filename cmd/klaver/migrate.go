package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

const migrateUsage = `Usage: klaver migrate [--db DSN | --data-dir DIR]

Brings the database up to date with this version of klaver: applies the
migrations it has not applied yet, each in its own transaction. Running
it twice changes nothing.

Flags:
`

// dbFlags choose the database: PostgreSQL by URL, or the embedded SQLite
// file in a data directory.
type dbFlags struct {
	db, dataDir string
}

func (d *dbFlags) register(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&d.db, "db", getenv("KLAVER_DB"), "database: a postgres:// URL or a SQLite file (env KLAVER_DB; default: klaver.db in the data directory)")
	fs.StringVar(&d.dataDir, "data-dir", firstNonEmpty(getenv("KLAVER_DATA_DIR"), defaultDataDir(getenv)), "directory for the embedded database (env KLAVER_DATA_DIR)")
}

// dsn returns the database to open, creating the data directory for the
// embedded database when needed.
func (d *dbFlags) dsn() (string, error) {
	if d.db != "" {
		return d.db, nil
	}
	if err := os.MkdirAll(d.dataDir, 0o700); err != nil {
		return "", fmt.Errorf("data directory: %w", err)
	}
	return filepath.Join(d.dataDir, "klaver.db"), nil
}

// defaultDataDir follows the XDG base directory convention.
func defaultDataDir(getenv func(string) string) string {
	if dir := getenv("XDG_DATA_HOME"); dir != "" {
		return filepath.Join(dir, "klaver")
	}
	if home := getenv("HOME"); home != "" {
		return filepath.Join(home, ".local", "share", "klaver")
	}
	return "klaver-data"
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func runMigrate(ctx context.Context, env environment, args []string) int {
	var d dbFlags
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	d.register(fs, env.getenv)
	if code, ok := parseNoArgs(fs, env, migrateUsage, args); !ok {
		return code
	}
	if err := migrate(ctx, d); err != nil {
		fmt.Fprintln(env.stderr, "klaver migrate:", err)
		return 1
	}
	fmt.Fprintln(env.stdout, "klaver migrate: the database is up to date")
	return 0
}

func migrate(ctx context.Context, d dbFlags) error {
	st, err := openMigrated(ctx, d)
	if err != nil {
		return err
	}
	return st.Close()
}

// parseNoArgs parses the flags of a command that takes no arguments. When
// the command should not go on, ok is false and code is its exit status:
// 0 after --help, 2 for a wrong command line.
func parseNoArgs(fs *flag.FlagSet, env environment, usage string, args []string) (code int, ok bool) {
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.stderr, "klaver %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return 2, false
	}
	return 0, true
}
