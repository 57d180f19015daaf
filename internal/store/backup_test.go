package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/klaver/klaver"
)

// A backup taken while the database is in use opens as a database of its
// own with the same rows.
func TestBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openMigrated(t, filepath.Join(dir, "klaver.db"))
	f := newTeam(t, s)
	replace(t, s, newImport(f.ann, f.team.ID, "ann.ics"), []PersonWeek{week("2026-W02", 40, 20, 5, 10, 5)}, nil)
	copyPath := filepath.Join(dir, "backup.db")
	if err := s.Backup(ctx, copyPath); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, copyPath); err == nil {
		t.Error("a backup overwrote an existing file")
	}
	c := openMigrated(t, copyPath)
	weeks, err := c.TeamWeeks(ctx, f.team.ID, "", "")
	if err != nil || len(weeks) != 1 || weeks[0].Category[klaver.Client] != 20*3600 {
		t.Errorf("weeks in the backup = %+v, %v", weeks, err)
	}
	if p, err := c.PersonByEmail(ctx, f.ann.Email); err != nil || p.ID != f.ann.ID {
		t.Errorf("person in the backup = %+v, %v", p, err)
	}
}
