package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

// TestSQLiteConnections checks the settings every SQLite connection needs,
// on the writer and on the read pool, for both forms of a file name.
func TestSQLiteConnections(t *testing.T) {
	dir := t.TempDir()
	for _, dsn := range []string{filepath.Join(dir, "plain.db"), "file:" + filepath.Join(dir, "uri.db") + "?cache=private"} {
		t.Run(dsn, func(t *testing.T) {
			s := openMigrated(t, dsn)
			if s.Dialect() != "sqlite" {
				t.Fatalf("dialect %s", s.Dialect())
			}
			for _, c := range []struct {
				name   string
				pragma string
				want   string
			}{
				{"journal mode", "journal_mode", "wal"},
				{"foreign keys", "foreign_keys", "1"},
				{"busy timeout", "busy_timeout", "5000"},
			} {
				for _, db := range []struct {
					pool string
					get  func(string) string
				}{
					{"writer", func(q string) string { return pragma(t, s, true, q) }},
					{"reader", func(q string) string { return pragma(t, s, false, q) }},
				} {
					if got := db.get(c.pragma); got != c.want {
						t.Errorf("%s: %s is %q, want %q", db.pool, c.name, got, c.want)
					}
				}
			}
			if _, err := s.read.ExecContext(context.Background(), "DELETE FROM people"); err == nil {
				t.Error("the read pool can write")
			}
		})
	}
}

func pragma(t *testing.T, s *Store, writer bool, name string) string {
	t.Helper()
	db := s.read
	if writer {
		db = s.write
	}
	var v string
	if err := db.QueryRowContext(context.Background(), "PRAGMA "+name).Scan(&v); err != nil {
		t.Fatalf("PRAGMA %s: %v", name, err)
	}
	return v
}

// TestMigrationsMatch keeps the dialects' migrations in step: a version
// must mean the same schema on either database.
func TestMigrationsMatch(t *testing.T) {
	lite, err := migrationNames(sqliteDialect)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := migrationNames(postgresDialect)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) == 0 || !slices.Equal(lite, pg) {
		t.Errorf("sqlite migrations %v, postgres %v: want the same files", lite, pg)
	}
}
