// Package storetest gives tests the databases the store runs on, so that
// every suite that touches the store (the store's own, the importer's, the
// server's) runs unchanged on SQLite and on a real PostgreSQL.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// Dialect is one kind of database. Start skips (or in CI fails) the test
// when the server is missing, and returns a function that names a new,
// empty database for each call.
type Dialect struct {
	Name  string
	Start func(t *testing.T) (newDSN func(t *testing.T) string)
}

// Dialects lists the databases: SQLite always, PostgreSQL when
// KLAVER_TEST_POSTGRES names a server where the test may create
// databases. Without it the PostgreSQL run is skipped, except in CI, where
// a skipped database would hide a failure.
func Dialects() []Dialect {
	return []Dialect{
		{Name: "sqlite", Start: startSQLite},
		{Name: "postgres", Start: startPostgres},
	}
}

func startSQLite(*testing.T) func(t *testing.T) string {
	return func(t *testing.T) string {
		return filepath.Join(t.TempDir(), "klaver.db")
	}
}

// startPostgres creates a database for the test, klaver_test_<random>, and
// drops it when the test ends. Each call of the function it returns makes
// a schema of its own there, so that scenarios never see each other's rows
// and do not pay for a database each.
func startPostgres(t *testing.T) func(t *testing.T) string {
	t.Helper()
	admin := os.Getenv("KLAVER_TEST_POSTGRES")
	if admin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("KLAVER_TEST_POSTGRES is not set: the store suites must run on PostgreSQL in CI (.ci/postgres.sh starts one)")
		}
		t.Skip("KLAVER_TEST_POSTGRES is not set; set it to a server URL (or eval \"$(bash .ci/postgres.sh)\") to run on PostgreSQL")
	}
	name := "klaver_test_" + RandomHex(t, 8)
	server := openDB(t, admin)
	exec(t, server, "CREATE DATABASE "+name+" TEMPLATE template0 ENCODING 'UTF8'")
	t.Cleanup(func() { exec(t, server, "DROP DATABASE "+name+" WITH (FORCE)") })
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("KLAVER_TEST_POSTGRES: %v", err)
	}
	u.Path = "/" + name
	db := openDB(t, u.String())
	return func(t *testing.T) string {
		schema := "s_" + RandomHex(t, 8)
		exec(t, db, "CREATE SCHEMA "+schema)
		q := u.Query()
		q.Set("search_path", schema)
		su := *u
		su.RawQuery = q.Encode()
		return su.String()
	}
}

func openDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func exec(t *testing.T, db *sql.DB, query string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, query); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// RandomHex returns n random bytes in hex, for names no other test uses.
func RandomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
