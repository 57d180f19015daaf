package store

import (
	"context"
	"strings"
	"testing"

	"github.com/klaver/klaver"
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
		{"anna@[127.0.0.1]", false},
		{"@acme.nl", false},
		{"anna", false},
		{"", false},
	} {
		if got := ValidEmail(tt.email); got != tt.ok {
			t.Errorf("ValidEmail(%q) = %v, want %v", tt.email, got, tt.ok)
		}
	}
}

// Names and statements that pages show are bounded.
func TestTextsThatPagesShowAreBounded(t *testing.T) {
	long := strings.Repeat("é", MaxNameLen+1)
	if err := tooLong("A name", strings.Repeat("é", MaxNameLen), MaxNameLen); err != nil {
		t.Errorf("a name of %d characters: %v", MaxNameLen, err)
	}
	wantCode(t, tooLong("A name", long, MaxNameLen), klaver.ErrInvalid)
	wantCode(t, teamTexts(klaver.Team{Name: "Advies", ClientStatement: strings.Repeat("x", MaxStatementLen+1)}), klaver.ErrInvalid)
	s := openMigrated(t, t.TempDir()+"/klaver.db")
	_, err := s.CreatePerson(context.Background(), klaver.Person{Email: "anna@acme.nl", Name: long}, "")
	wantCode(t, err, klaver.ErrInvalid)
}
