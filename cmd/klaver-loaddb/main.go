// Command klaver-loaddb fills a database with a large benchmark
// organisation for load tests of klaver serve, and prints an API token of
// the first team's leader:
//
//	klaver-loaddb -db /tmp/load/klaver.db -members 10000 -weeks 52
//	klaver serve --db /tmp/load/klaver.db --addr 127.0.0.1:8080 &
//	wrk -t2 -c200 -d30s --latency -H "Authorization: Bearer $TOKEN" \
//	  http://127.0.0.1:8080/api/v1/teams/1/weeks
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/klaver/klaver/internal/auth"
	"github.com/klaver/klaver/internal/civil"
	"github.com/klaver/klaver/internal/demo"
	"github.com/klaver/klaver/internal/store"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "klaver-loaddb:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("klaver-loaddb", flag.ContinueOnError)
	dsn := fs.String("db", "", "database to fill: a SQLite file or a postgres:// URL (required; should be new)")
	members := fs.Int("members", 10000, "people in the organisation")
	teamSize := fs.Int("team-size", 10, "people per team")
	weeks := fs.Int("weeks", 52, "weeks of figures per person")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dsn == "" || fs.NArg() > 0 {
		return fmt.Errorf("-db is required and no arguments are taken")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	began := time.Now()
	res, err := demo.Load(ctx, st, demo.LoadConfig{Members: *members, TeamSize: *teamSize, Weeks: *weeks,
		Start: civil.Date{Year: 2025, Month: 12, Day: 29}, Seed: 1})
	if err != nil {
		return err
	}
	secret, hash, err := auth.NewToken()
	if err != nil {
		return err
	}
	if _, err := st.CreateAPIToken(ctx, res.Leader.ID, "load test", hash); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "loaded %d members in %d teams, %d weeks each, in %v\n",
		*members, len(res.TeamIDs), *weeks, time.Since(began).Round(time.Millisecond))
	fmt.Printf("TEAM=%d\nORG=%d\nTOKEN=%s\n", res.TeamIDs[0], res.OrgID, secret)
	return nil
}
