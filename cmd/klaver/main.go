// Command klaver keeps in view who pays your bills: it audits how much of a
// team's time goes to its clients.
//
// This file only wires things together: it reads flags and environment,
// builds the configuration and runs a subcommand.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `klaver — who pays your bills?

Usage:
  klaver audit [flags] FILE|DIR|- ...   audit calendars and time-tracking exports
  klaver import --team ID FILE|DIR ...  import calendars and exports into a team
  klaver migrate [--db DSN]             bring the database up to date
  klaver backup -o FILE                 copy the embedded database while it runs
  klaver serve [flags]                  serve the pages and the JSON API (see 'klaver serve --help')
  klaver admin create-coach --email E --name N [--org NAME]   create the first coach
  klaver admin reset-link --email E --base-url URL           a link to choose a new password
  klaver version                        print the version
  klaver help [COMMAND]                 show help

Run 'klaver audit --help' for the audit's flags.
`

// run executes one command line and returns the exit status: 0 on
// success, 1 when the work failed, 2 when the command line was wrong.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	env := environment{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	switch args[0] {
	case "audit":
		return runAudit(ctx, env, args[1:])
	case "migrate":
		return runMigrate(ctx, env, args[1:])
	case "import":
		return runImport(ctx, env, args[1:])
	case "backup":
		return runBackup(ctx, env, args[1:])
	case "serve":
		return runServe(ctx, env, args[1:])
	case "admin":
		return runAdmin(ctx, env, args[1:])
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "klaver", versionString())
		return 0
	case "help", "--help", "-help", "-h":
		if len(args) > 1 && args[1] == "audit" {
			return runAudit(ctx, env, []string{"--help"})
		}
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "klaver: unknown command %q\n\n%s", args[0], usage)
	return 2
}

// environment is what a command may touch of the outside world.
type environment struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

func versionString() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	if v == "" || v == "(devel)" {
		return "(devel)"
	}
	return v
}
