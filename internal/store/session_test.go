package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/klaver/klaver"
)

// signInScenarios are the store suite's sign-in part: like scenarios, each
// gets a fresh, migrated database on every dialect.
var signInScenarios = []struct {
	name string
	run  func(t *testing.T, s *Store)
}{
	{"sessions", testSessions},
	{"expired session", testExpiredSession},
	{"API tokens", testAPITokens},
	{"password hash", testPasswordHash},
	{"coach assignment and roles", testRoles},
	{"ping", testPing},
}

func TestSignIn(t *testing.T) {
	for _, d := range dialects(t) {
		t.Run(d.Name, func(t *testing.T) {
			newDSN := d.Start(t)
			for _, sc := range signInScenarios {
				t.Run(sc.name, func(t *testing.T) {
					sc.run(t, openMigrated(t, newDSN(t)))
				})
			}
		})
	}
}

func testSessions(t *testing.T, s *Store) {
	ctx := context.Background()
	ann := addPerson(t, s, 0, "Ann@Utrecht.nl", "")
	if err := s.CreateSession(ctx, ann.ID, "hash-1", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err := s.PersonBySession(ctx, "hash-1")
	if err != nil {
		t.Fatal(err)
	}
	if got != ann {
		t.Errorf("session person %+v, want %+v", got, ann)
	}
	_, err = s.PersonBySession(ctx, "hash-2")
	wantCode(t, err, klaver.ErrUnauthorized)
	if err := s.CreateSession(ctx, ann.ID, "hash-1", time.Now().Add(time.Hour)); klaver.ErrorCode(err) != klaver.ErrConflict {
		t.Errorf("second session with the same hash: %v, want a conflict", err)
	}
	if err := s.CreateSession(ctx, ann.ID+100, "hash-3", time.Now().Add(time.Hour)); klaver.ErrorCode(err) != klaver.ErrNotFound {
		t.Errorf("session of nobody: %v, want not found", err)
	}
	for range 2 {
		if err := s.DeleteSession(ctx, "hash-1"); err != nil {
			t.Fatal(err)
		}
	}
	_, err = s.PersonBySession(ctx, "hash-1")
	wantCode(t, err, klaver.ErrUnauthorized)
}

func testExpiredSession(t *testing.T, s *Store) {
	ctx := context.Background()
	ann := addPerson(t, s, 0, "ann@utrecht.nl", "")
	if err := s.CreateSession(ctx, ann.ID, "old", time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	_, err := s.PersonBySession(ctx, "old")
	wantCode(t, err, klaver.ErrUnauthorized)
}

func testAPITokens(t *testing.T, s *Store) {
	ctx := context.Background()
	ann := addPerson(t, s, 0, "ann@utrecht.nl", "")
	id, err := s.CreateAPIToken(ctx, ann.ID, "nightly import", "token-hash")
	if err != nil {
		t.Fatal(err)
	}
	if id == 0 {
		t.Error("token without ID")
	}
	got, err := s.PersonByAPIToken(ctx, "token-hash")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != ann.ID {
		t.Errorf("token of person %d, want %d", got.ID, ann.ID)
	}
	_, err = s.PersonByAPIToken(ctx, "other")
	wantCode(t, err, klaver.ErrUnauthorized)
	_, err = s.CreateAPIToken(ctx, ann.ID, "again", "token-hash")
	wantCode(t, err, klaver.ErrConflict)
}

func testPasswordHash(t *testing.T, s *Store) {
	ctx := context.Background()
	p, err := s.CreatePerson(ctx, klaver.Person{Email: "coach@example.org"}, "$argon2id$stored")
	if err != nil {
		t.Fatal(err)
	}
	hash, err := s.PasswordHash(ctx, p.ID)
	if err != nil || hash != "$argon2id$stored" {
		t.Errorf("hash %q, %v; want the stored one", hash, err)
	}
	_, err = s.PasswordHash(ctx, p.ID+1)
	wantCode(t, err, klaver.ErrNotFound)
}

func testRoles(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	coach := addPerson(t, s, 0, "coach@example.org", "")
	for range 2 {
		if err := s.AssignCoach(ctx, coach.ID, f.org.ID); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, s.AssignCoach(ctx, coach.ID, f.org.ID+1), klaver.ErrNotFound)
	if err := s.AddMembership(ctx, klaver.Membership{PersonID: coach.ID, TeamID: f.team.ID, Role: klaver.RoleMember}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		who  klaver.Person
		want []klaver.Role
	}{
		{coach, []klaver.Role{klaver.RoleCoach, klaver.RoleMember}},
		{f.leader, []klaver.Role{klaver.RoleLeader}},
		{addPerson(t, s, 0, "new@example.org", ""), nil},
	} {
		got, err := s.Roles(ctx, c.who.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("roles of %s: %v, want %v", c.who.Email, got, c.want)
		}
	}
}

func testPing(t *testing.T, s *Store) {
	if err := s.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(context.Background()); err == nil {
		t.Error("a closed store answers a ping")
	}
}
