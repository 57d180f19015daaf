package store

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klaver/klaver"
)

// Two stores on one database stand for two servers. What one changes, the
// other's access answers follow, however the change was made; the store
// that made it follows at once.
func TestAccessFollowsChanges(t *testing.T) {
	for _, d := range dialects(t) {
		t.Run(d.Name, func(t *testing.T) {
			ctx := context.Background()
			dsn := d.Start(t)(t)
			a, b := openMigrated(t, dsn), openStore(t, dsn)
			f := newTeam(t, a)
			const hash = "c2VjcmV0LWhhc2g"
			tokenID, err := a.CreateAPIToken(ctx, f.leader.ID, "nightly import", hash)
			if err != nil {
				t.Fatal(err)
			}
			byToken := func(s *Store) (klaver.Person, TeamAccess, error) {
				return s.TeamAccessByToken(ctx, hash, f.team.ID)
			}
			of := func(s *Store, p klaver.Person) TeamAccess {
				t.Helper()
				got, err := s.TeamAccessOf(ctx, p.ID, f.team.ID)
				if err != nil {
					t.Fatal(err)
				}
				return got
			}
			p, got, err := byToken(b)
			if err != nil || p.ID != f.leader.ID || !got.Leader {
				t.Fatalf("token: %v %+v, %v; want the leader", p, got, err)
			}
			mustCache(t, b, func() { _, _, _ = byToken(b) }, accessKey{token: hash, team: f.team.ID})

			// Team settings, through the store.
			f.team.Name = "Vergunningen en handhaving"
			if err := a.UpdateTeam(ctx, f.team); err != nil {
				t.Fatal(err)
			}
			eventually(t, "the new team name", func() error {
				_, got, err := byToken(b)
				if err != nil || got.Team.Name != f.team.Name {
					return fmt.Errorf("team %q, %v", got.Team.Name, err)
				}
				return nil
			})

			// The person behind the token.
			f.leader.Name = "Lea de Vries"
			if err := a.UpdatePerson(ctx, f.leader); err != nil {
				t.Fatal(err)
			}
			eventually(t, "the leader's new name", func() error {
				p, _, err := byToken(b)
				if err != nil || p.Name != f.leader.Name {
					return fmt.Errorf("name %q, %v", p.Name, err)
				}
				return nil
			})

			// A coach assignment.
			coach := addPerson(t, a, 0, "cas@coaching.nl", "")
			if got := of(b, coach); got.Coach || got.Member {
				t.Fatalf("before the assignment: %+v", got)
			}
			mustCache(t, b, func() { of(b, coach) }, accessKey{person: coach.ID, team: f.team.ID})
			if err := a.AssignCoach(ctx, coach.ID, f.org.ID); err != nil {
				t.Fatal(err)
			}
			eventually(t, "the coach's access", func() error {
				if got := of(b, coach); !got.Coach {
					return fmt.Errorf("%+v", got)
				}
				return nil
			})

			// A role, in a transaction.
			if err := a.AddMembership(ctx, klaver.Membership{PersonID: f.ann.ID, TeamID: f.team.ID, Role: klaver.RoleLeader}); err != nil {
				t.Fatal(err)
			}
			eventually(t, "ann's new role", func() error {
				if got := of(b, f.ann); !got.Leader {
					return fmt.Errorf("%+v", got)
				}
				return nil
			})

			// New figures change the data version that cached answers are keyed by.
			before := of(b, f.ann).DataVersion
			importData(t, a, f.ann, f.team.ID, "ann.ics")
			eventually(t, "a new data version", func() error {
				if v := of(b, f.ann).DataVersion; v == before {
					return fmt.Errorf("data version still %d", v)
				}
				return nil
			})

			// An operator's change in SQL, which no store method made.
			if _, err := a.write.ExecContext(ctx, "UPDATE organisations SET min_contributors = 4 WHERE id = $1", f.org.ID); err != nil {
				t.Fatal(err)
			}
			eventually(t, "the organisation's new minimum", func() error {
				if got := of(b, f.bob); got.MinContributors != 4 {
					return fmt.Errorf("minimum %d", got.MinContributors)
				}
				return nil
			})

			// Revoking: refused at once by the store that revoked, soon by the other.
			mustCache(t, a, func() { _, _, _ = byToken(a) }, accessKey{token: hash, team: f.team.ID})
			if err := a.DeleteAPIToken(ctx, f.bob.ID, tokenID); klaver.ErrorCode(err) != klaver.ErrNotFound {
				t.Fatalf("bob revokes lea's token: %v, want not found", err)
			}
			if err := a.DeleteAPIToken(ctx, f.leader.ID, tokenID); err != nil {
				t.Fatal(err)
			}
			if _, _, err := byToken(a); klaver.ErrorCode(err) != klaver.ErrUnauthorized {
				t.Fatalf("the revoking store: %v, want unauthorized at once", err)
			}
			eventually(t, "the revoked token refused", func() error {
				if _, _, err := byToken(b); klaver.ErrorCode(err) != klaver.ErrUnauthorized {
					return fmt.Errorf("%v", err)
				}
				return nil
			})
		})
	}
}

// A store whose listening connection is cut stops answering from its
// cache, hears nothing of what changes meanwhile, and so may only cache
// again once it listens again.
func TestAccessCacheSurvivesALostConnection(t *testing.T) {
	twoPostgresStores(t, func(t *testing.T, a, b *Store) {
		ctx := context.Background()
		f := newTeam(t, a)
		k := accessKey{person: f.bob.ID, team: f.team.ID}
		lookup := func() TeamAccess {
			got, err := b.TeamAccessOf(ctx, f.bob.ID, f.team.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		mustCache(t, b, func() { lookup() }, k)
		var cut int
		err := a.write.QueryRowContext(ctx,
			"SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query = $1 AND datname = current_database()",
			"LISTEN "+accessChannel).Scan(&cut)
		if err != nil || cut != 1 {
			t.Fatalf("cut %d listening connections, %v; want 1", cut, err)
		}
		if _, err := a.write.ExecContext(ctx, "UPDATE teams SET name = 'Handhaving' WHERE id = $1", f.team.ID); err != nil {
			t.Fatal(err)
		}
		eventually(t, "the name changed while nobody listened", func() error {
			if got := lookup(); got.Team.Name != "Handhaving" {
				return fmt.Errorf("team %q", got.Team.Name)
			}
			return nil
		})
		mustCache(t, b, func() { lookup() }, k)
	})
}

// A store whose notifications do not come back, as behind a pooler in
// transaction mode, never answers from its cache, and says why.
func TestAccessCacheNeedsNotificationsToArrive(t *testing.T) {
	twoPostgresStores(t, func(t *testing.T, a, b *Store) {
		ctx := context.Background()
		var logged strings.Builder
		var mu sync.Mutex
		b.SetLogger(slog.New(slog.NewTextHandler(&lockedWriter{w: &logged, mu: &mu}, nil)))
		b.access.check = 200 * time.Millisecond
		b.access.notify = func(ctx context.Context, payload string) error {
			_, err := b.write.ExecContext(ctx, "SELECT pg_notify('klaver_elsewhere', $1)", payload)
			return err
		}
		f := newTeam(t, a)
		lookup := func() {
			if _, err := b.TeamAccessOf(ctx, f.bob.ID, f.team.ID); err != nil {
				t.Fatal(err)
			}
		}
		// The first lookup starts the listener; its probe fails after
		// check, and the log says why.
		eventually(t, "the reason in the log", func() error {
			lookup()
			mu.Lock()
			defer mu.Unlock()
			if !strings.Contains(logged.String(), "did not arrive") {
				return fmt.Errorf("log %q", logged.String())
			}
			return nil
		})
		for range 5 {
			lookup()
			time.Sleep(50 * time.Millisecond)
		}
		b.access.mu.Lock()
		listening, cached := b.access.listening, len(b.access.entries)
		b.access.mu.Unlock()
		if listening || cached != 0 {
			t.Errorf("listening %v with %d answers cached, though no probe came back", listening, cached)
		}
	})
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// twoPostgresStores runs a test of the cache with two stores on one new
// PostgreSQL database, a migrated one first; SQLite has no cache.
func twoPostgresStores(t *testing.T, run func(t *testing.T, a, b *Store)) {
	for _, d := range dialects(t) {
		if d.Name != postgresDialect.name {
			continue
		}
		t.Run(d.Name, func(t *testing.T) {
			dsn := d.Start(t)(t)
			a := openMigrated(t, dsn)
			run(t, a, openStore(t, dsn))
		})
	}
}

// mustCache checks that, on PostgreSQL, s keeps the answer to k once it
// listens: calling lookup until it does.
func mustCache(t *testing.T, s *Store, lookup func(), k accessKey) {
	t.Helper()
	if s.access == nil {
		return // SQLite asks the database every time
	}
	eventually(t, "the answer cached", func() error {
		lookup()
		s.access.mu.Lock()
		defer s.access.mu.Unlock()
		if _, ok := s.access.entries[k]; !ok {
			return fmt.Errorf("not cached (listening: %v)", s.access.listening)
		}
		return nil
	})
}

// eventually retries check for a few seconds, until it returns nil.
func eventually(t *testing.T, what string, check func() error) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still %v after 10 s", what, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
