package store

import (
	"context"
	"testing"

	"github.com/klaver/klaver/internal/store/storetest"
)

// dialects lists the databases the store suite runs on.
func dialects(*testing.T) []storetest.Dialect { return storetest.Dialects() }

// openMigrated opens a store on dsn and migrates it.
func openMigrated(t *testing.T, dsn string) *Store {
	t.Helper()
	s := openStore(t, dsn)
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// openStore opens a store that the test closes when it ends.
func openStore(t *testing.T, dsn string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return s
}

// Invitations and accounts take plain addresses only, so that a look-alike
// cannot pass for someone in a team's list.
func TestValidEmail(t *testing.T) {
	for _, tt := range []struct {
		email string
		ok    bool
	}{
		{"anna@acme.nl", true},
		{"anna.de.vries+klaver@mail.acme.nl", true},
		{"anna@acme.nl.", false},
		{"anna <anna@acme.nl>", false},
		{"Anna <anna@acme.nl>", false},
		{"anna@acme.nl\x00", false},
		{"an na@acme.nl", false},
		{"anna@acme", false},
		{"anna@.acme.nl", false},
		{"anna@acme..nl", false},
		{"@acme.nl", false},
		{"anna", false},
		{"", false},
	} {
		if got := ValidEmail(tt.email); got != tt.ok {
			t.Errorf("ValidEmail(%q) = %v, want %v", tt.email, got, tt.ok)
		}
	}
}
