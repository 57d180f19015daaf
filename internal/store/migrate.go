package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"
)

// migrations holds the schema of each dialect as numbered SQL files. Both
// dialects have the same file names, so a version means the same schema on
// either database.
//
//go:embed migrations
var migrations embed.FS

// Migrate brings the schema up to date: every migration not yet recorded in
// schema_migrations is applied in its own transaction, in file name order.
// Applying it again changes nothing.
func (s *Store) Migrate(ctx context.Context) error {
	names, err := migrationNames(s.dialect)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, name := range names {
		if err := s.applyMigration(ctx, name); err != nil {
			return fmt.Errorf("migrate %s %s: %w", s.dialect.name, name, err)
		}
	}
	return nil
}

// migrationNames lists the dialect's migration files, oldest first.
func migrationNames(d dialect) ([]string, error) {
	entries, err := fs.ReadDir(migrations, path.Join("migrations", d.name))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

func (s *Store) applyMigration(ctx context.Context, name string) error {
	version := strings.TrimSuffix(name, ".sql")
	body, err := migrations.ReadFile(path.Join("migrations", s.dialect.name, name))
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if s.dialect.lockMigrations != "" {
			if _, err := tx.ExecContext(ctx, s.dialect.lockMigrations); err != nil {
				return fmt.Errorf("lock: %w", err)
			}
		}
		applied, err := s.migrationApplied(ctx, tx, version)
		if err != nil || applied {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx,
			"INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
			version, time.Now().UTC())
		return err
	})
}

// migrationApplied creates schema_migrations when it is missing and reports
// whether version is recorded in it.
func (s *Store) migrationApplied(ctx context.Context, tx *sql.Tx, version string) (bool, error) {
	_, err := tx.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS schema_migrations ("+
		"version TEXT PRIMARY KEY, applied_at "+s.dialect.timestamp+" NOT NULL)")
	if err != nil {
		return false, fmt.Errorf("create schema_migrations: %w", err)
	}
	var n int
	err = tx.QueryRowContext(ctx,
		"SELECT COUNT(*) FROM schema_migrations WHERE version = $1", version).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read schema_migrations: %w", err)
	}
	return n > 0, nil
}
