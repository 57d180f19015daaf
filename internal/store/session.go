package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/klaver/klaver"
)

// Ping reports whether the database answers, for a readiness check: a
// server that cannot reach it should get no traffic.
func (s *Store) Ping(ctx context.Context) error {
	return s.ping(ctx)
}

// PasswordHash returns the stored hash of a person's password, empty when
// they have not set one.
func (s *Store) PasswordHash(ctx context.Context, personID int64) (string, error) {
	var hash string
	err := s.queryRowRead(ctx, "SELECT password_hash FROM people WHERE id = $1", personID).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", klaver.Errorf(klaver.ErrNotFound, "There is no person %d.", personID)
	}
	if err != nil {
		return "", fmt.Errorf("password hash of person %d: %w", personID, err)
	}
	return hash, nil
}

// CreateSession signs a person in until expires. tokenHash is the hash of
// the cookie's secret, never the secret itself.
func (s *Store) CreateSession(ctx context.Context, personID int64, tokenHash string, expires time.Time) error {
	_, err := s.write.ExecContext(ctx,
		"INSERT INTO sessions (id_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
		tokenHash, personID, now(), expires.UTC())
	if err != nil {
		return fmt.Errorf("create session for person %d: %w", personID, s.domainError(err, "The session"))
	}
	return nil
}

// PersonBySession finds the person whose unexpired session has the hash.
// An unknown or expired session is unauthorized: the person must sign in.
func (s *Store) PersonBySession(ctx context.Context, tokenHash string) (klaver.Person, error) {
	return s.personBy(ctx, "session",
		"SELECT p.id, p.email, p.name, p.lang, p.share_individual "+
			"FROM sessions s JOIN people p ON p.id = s.person_id "+
			"WHERE s.id_hash = $1 AND s.expires_at > $2", tokenHash, now())
}

// DeleteSession signs a session out. Deleting a session that does not
// exist is no error: the outcome is the same.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.write.ExecContext(ctx, "DELETE FROM sessions WHERE id_hash = $1", tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// CreateAPIToken stores the hash of a person's API token under a name that
// tells the person which script it is for, and returns the token's ID.
func (s *Store) CreateAPIToken(ctx context.Context, personID int64, name, tokenHash string) (int64, error) {
	var id int64
	err := s.write.QueryRowContext(ctx,
		"INSERT INTO api_tokens (hash, person_id, name, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
		tokenHash, personID, name, now()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("create API token for person %d: %w", personID, s.domainError(err, "The API token"))
	}
	return id, nil
}

// APIToken is an API token as its owner sees it: never its secret, which
// is shown once when it is made and not kept.
type APIToken struct {
	ID        int64
	Name      string
	CreatedAt time.Time
}

// APITokens lists a person's API tokens, oldest first.
func (s *Store) APITokens(ctx context.Context, personID int64) ([]APIToken, error) {
	rows, err := s.queryRead(ctx,
		"SELECT id, name, created_at FROM api_tokens WHERE person_id = $1 ORDER BY id", personID)
	if err != nil {
		return nil, fmt.Errorf("API tokens of person %d: %w", personID, err)
	}
	defer rows.Close()
	tokens := []APIToken{}
	for rows.Next() {
		var t APIToken
		if err := rows.Scan(&t.ID, &t.Name, &t.CreatedAt); err != nil {
			return nil, fmt.Errorf("API tokens of person %d: %w", personID, err)
		}
		t.CreatedAt = t.CreatedAt.UTC()
		tokens = append(tokens, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("API tokens of person %d: %w", personID, err)
	}
	return tokens, nil
}

// DeleteAPIToken revokes one of a person's API tokens: from when it
// returns, no server accepts it. A token that is not theirs is not found.
func (s *Store) DeleteAPIToken(ctx context.Context, personID, tokenID int64) error {
	res, err := s.execAccess(ctx, "DELETE FROM api_tokens WHERE id = $1 AND person_id = $2", tokenID, personID)
	if err != nil {
		return fmt.Errorf("revoke API token %d: %w", tokenID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return klaver.Errorf(klaver.ErrNotFound, "You have no API token %d.", tokenID)
	}
	return nil
}

// PersonByAPIToken finds the person whose API token has the hash. An
// unknown token is unauthorized.
func (s *Store) PersonByAPIToken(ctx context.Context, tokenHash string) (klaver.Person, error) {
	return s.personBy(ctx, "API token",
		"SELECT p.id, p.email, p.name, p.lang, p.share_individual "+
			"FROM api_tokens t JOIN people p ON p.id = t.person_id WHERE t.hash = $1", tokenHash)
}

func (s *Store) personBy(ctx context.Context, what, query string, args ...any) (klaver.Person, error) {
	var p klaver.Person
	stmt, err := s.prepared(ctx, query)
	if err != nil {
		return p, fmt.Errorf("person by %s: %w", what, err)
	}
	err = stmt.QueryRowContext(ctx, args...).
		Scan(&p.ID, &p.Email, &p.Name, &p.Lang, &p.ShareIndividual)
	if errors.Is(err, sql.ErrNoRows) {
		return p, klaver.Errorf(klaver.ErrUnauthorized, "The %s is unknown or has expired; sign in again.", what)
	}
	if err != nil {
		return p, fmt.Errorf("person by %s: %w", what, err)
	}
	return p, nil
}

// AssignCoach makes a person a coach of an organisation's teams. Assigning
// twice is no error.
func (s *Store) AssignCoach(ctx context.Context, personID, orgID int64) error {
	_, err := s.execAccess(ctx,
		"INSERT INTO coach_assignments (person_id, org_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
		personID, orgID)
	if err != nil {
		return fmt.Errorf("assign person %d as coach of organisation %d: %w", personID, orgID, s.domainError(err, "The coach assignment"))
	}
	return nil
}

// Roles lists the roles a person holds anywhere, each once, so that access
// rules can ask "is this person a coach?" without knowing the tables.
func (s *Store) Roles(ctx context.Context, personID int64) ([]klaver.Role, error) {
	rows, err := s.queryRead(ctx,
		"SELECT 'coach' FROM coach_assignments WHERE person_id = $1 "+
			"UNION SELECT role FROM memberships WHERE person_id = $1 ORDER BY 1", personID)
	if err != nil {
		return nil, fmt.Errorf("roles of person %d: %w", personID, err)
	}
	defer rows.Close()
	var roles []klaver.Role
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, fmt.Errorf("roles of person %d: %w", personID, err)
		}
		roles = append(roles, klaver.Role(r))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("roles of person %d: %w", personID, err)
	}
	return roles, nil
}
