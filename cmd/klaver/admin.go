package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/auth"
	"github.com/klaver/klaver/internal/server"
)

const adminUsage = `Usage: klaver admin create-coach --email E --name N [--org NAME] [--db DSN | --data-dir DIR]

Creates the first coach, who can then sign in and invite the rest. The
password is read from the first line of standard input, or from
KLAVER_ADMIN_PASSWORD; it needs at least %d characters. With --org, a new
organisation of that name is created and the coach assigned to it.

Flags:
`

// minPasswordLen is the shortest password accepted, in characters: long
// enough that a passphrase of a few words fits and guessing does not.
const minPasswordLen = 12

type coachFlags struct {
	db               dbFlags
	email, name, org string
}

func runAdmin(ctx context.Context, env environment, args []string) int {
	if len(args) > 0 && args[0] == "reset-link" {
		return runResetLink(ctx, env, args[1:])
	}
	if len(args) == 0 || args[0] != "create-coach" {
		fmt.Fprintf(env.stderr, adminUsage, minPasswordLen)
		return 2
	}
	var f coachFlags
	fs := flag.NewFlagSet("admin create-coach", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	f.db.register(fs, env.getenv)
	fs.StringVar(&f.email, "email", "", "the coach's e-mail address, with which they sign in")
	fs.StringVar(&f.name, "name", "", "the coach's name")
	fs.StringVar(&f.org, "org", "", "create an organisation of this name and assign the coach to it")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), adminUsage, minPasswordLen)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if f.email == "" || f.name == "" || fs.NArg() > 0 {
		fmt.Fprintln(env.stderr, "klaver admin create-coach: --email and --name are needed, and nothing else")
		return 2
	}
	password, err := readPassword(env)
	if err != nil {
		fmt.Fprintln(env.stderr, "klaver admin create-coach:", err)
		return 2
	}
	if err := createCoach(ctx, f, password, auth.DefaultParams); err != nil {
		fmt.Fprintln(env.stderr, "klaver admin create-coach:", klaver.ErrorMessage(err))
		if klaver.ErrorCode(err) == klaver.ErrInternal {
			fmt.Fprintln(env.stderr, "  ", err)
		}
		return 1
	}
	fmt.Fprintf(env.stdout, "klaver admin: %s is a coach and can sign in\n", strings.ToLower(f.email))
	return 0
}

// readPassword takes KLAVER_ADMIN_PASSWORD or the first line of standard
// input, without its line ending.
func readPassword(env environment) (string, error) {
	password := env.getenv("KLAVER_ADMIN_PASSWORD")
	if password == "" {
		line, err := bufio.NewReader(env.stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read the password from standard input: %w", err)
		}
		password = strings.TrimRight(line, "\r\n")
	}
	if n := utf8.RuneCountInString(password); n < minPasswordLen {
		return "", fmt.Errorf("the password has %d characters; use at least %d (a few words make a good one)", n, minPasswordLen)
	}
	return password, nil
}

// createCoach stores the coach, and the organisation when one is named.
func createCoach(ctx context.Context, f coachFlags, password string, params auth.Params) error {
	st, err := openMigrated(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	hash, err := auth.NewHasher(params, 1).Hash(password)
	if err != nil {
		return err
	}
	var org klaver.Organisation
	if f.org != "" {
		org, err = st.CreateOrganisation(ctx, klaver.Organisation{Name: f.org})
		if err != nil {
			return err
		}
	}
	person, err := st.CreatePerson(ctx, klaver.Person{Email: f.email, Name: f.name}, hash)
	if err != nil {
		return err
	}
	if org.ID == 0 {
		return nil
	}
	return st.AssignCoach(ctx, person.ID, org.ID)
}

const resetUsage = `Usage: klaver admin reset-link --email E --base-url URL [--db DSN | --data-dir DIR]

Prints a link with which the person sets a new password, for when they
forgot theirs. It works once, for 24 hours; using it signs the person out
everywhere. Pass it on in person or by a channel you trust.

Flags:
`

func runResetLink(ctx context.Context, env environment, args []string) int {
	var d dbFlags
	var email, base string
	fs := flag.NewFlagSet("admin reset-link", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	d.register(fs, env.getenv)
	fs.StringVar(&email, "email", "", "the `EMAIL` of the person")
	fs.StringVar(&base, "base-url", env.getenv("KLAVER_BASE_URL"), "where people reach klaver (env KLAVER_BASE_URL)")
	if code, ok := parseNoArgs(fs, env, resetUsage, args); !ok {
		return code
	}
	if email == "" || base == "" {
		fmt.Fprintln(env.stderr, "klaver admin reset-link: --email and --base-url are needed")
		return 2
	}
	link, err := resetLink(ctx, d, email, base)
	if err != nil {
		fmt.Fprintln(env.stderr, "klaver admin reset-link:", klaver.ErrorMessage(err))
		return 1
	}
	fmt.Fprintln(env.stdout, link)
	return 0
}

func resetLink(ctx context.Context, d dbFlags, email, base string) (string, error) {
	st, err := openMigrated(ctx, d)
	if err != nil {
		return "", err
	}
	defer st.Close()
	p, err := st.PersonByEmail(ctx, email)
	if err != nil {
		return "", err
	}
	secret, hash, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	if err := st.CreatePasswordReset(ctx, p.ID, hash, time.Now().Add(server.ResetTTL), nil); err != nil {
		return "", err
	}
	return strings.TrimRight(base, "/") + "/reset?t=" + secret, nil
}
