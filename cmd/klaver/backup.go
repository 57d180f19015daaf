package main

import (
	"context"
	"flag"
	"fmt"
)

const backupUsage = `Usage: klaver backup -o FILE [--db DSN | --data-dir DIR]

Writes a consistent copy of the embedded SQLite database to FILE while
klaver serve keeps running. FILE must not exist. Restore by stopping klaver
and putting the copy in place of klaver.db.

For PostgreSQL use pg_dump, e.g. pg_dump --format=custom -f klaver.dump "$KLAVER_DB",
and restore with pg_restore.

Flags:
`

func runBackup(ctx context.Context, env environment, args []string) int {
	var d dbFlags
	var out string
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	d.register(fs, env.getenv)
	fs.StringVar(&out, "o", "", "write the copy to `FILE`")
	if code, ok := parseNoArgs(fs, env, backupUsage, args); !ok {
		return code
	}
	if out == "" {
		fmt.Fprintln(env.stderr, "klaver backup: name the copy with -o FILE")
		return 2
	}
	st, err := openMigrated(ctx, d)
	if err != nil {
		fmt.Fprintln(env.stderr, "klaver backup:", err)
		return 1
	}
	defer st.Close()
	if err := st.Backup(ctx, out); err != nil {
		fmt.Fprintln(env.stderr, "klaver", err)
		return 1
	}
	fmt.Fprintln(env.stdout, "klaver backup: wrote", out)
	return 0
}
