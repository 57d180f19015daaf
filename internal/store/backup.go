package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of a SQLite database to path while the
// database stays in use: VACUUM INTO reads one snapshot, so writes that
// happen meanwhile are either wholly in the copy or not at all. The copy
// appears at path only when complete. PostgreSQL has pg_dump for this.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.dialect.name != sqliteDialect.name {
		return errors.New("backup: klaver backs up its embedded SQLite database; for PostgreSQL use pg_dump --format=custom (see the README)")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s exists; choose a new file name", path)
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".partial")
	os.Remove(tmp)
	if _, err := s.write.ExecContext(ctx, "VACUUM INTO $1", tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}
