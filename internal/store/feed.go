package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/klaver/klaver"
)

// Feed is a calendar's address that klaver fetches on a schedule and
// imports as an upload of SourceName. The address is a secret: the store
// keeps it sealed (URLSealed) and a redacted form to show (URLShown).
type Feed struct {
	ID, PersonID, TeamID int64
	URLSealed, URLShown  string
	SourceName           string
	// ETag and LastModified are the validators of the last fetch, sent
	// with the next one so that an unchanged calendar costs a 304.
	ETag, LastModified string
	CreatedAt          time.Time
	NextFetchAt        time.Time
	LastAttemptAt      time.Time // zero before the first attempt
	LastSuccessAt      time.Time // zero until a fetch succeeds
	LastError          string    // why the last attempt failed; empty after a success
}

const feedColumns = "id, person_id, team_id, url_sealed, url_shown, source_name, etag, last_modified, " +
	"created_at, next_fetch_at, last_attempt_at, last_success_at, last_error"

func scanFeed(sc interface{ Scan(...any) error }) (Feed, error) {
	var f Feed
	var attempt, success sql.NullTime
	err := sc.Scan(&f.ID, &f.PersonID, &f.TeamID, &f.URLSealed, &f.URLShown, &f.SourceName, &f.ETag,
		&f.LastModified, &f.CreatedAt, &f.NextFetchAt, &attempt, &success, &f.LastError)
	f.CreatedAt, f.NextFetchAt = f.CreatedAt.UTC(), f.NextFetchAt.UTC()
	if attempt.Valid {
		f.LastAttemptAt = attempt.Time.UTC()
	}
	if success.Valid {
		f.LastSuccessAt = success.Time.UTC()
	}
	return f, err
}

// Feeds are fetched one after another: a person's feeds are bounded, so
// that nobody can fill every round with slow feeds of their own and keep
// everyone else's waiting.
const (
	MaxFeedsPerPerson = 10
	MaxFeedName       = 100
)

// CreateFeed stores a new feed, due at once. A person's feeds and uploads
// share source names: a feed named like an upload replaces it on import.
func (s *Store) CreateFeed(ctx context.Context, f Feed) (Feed, error) {
	if strings.TrimSpace(f.SourceName) == "" || f.URLSealed == "" {
		return f, klaver.Errorf(klaver.ErrInvalid, "A feed needs an address and a name.")
	}
	if len(f.SourceName) > MaxFeedName {
		return f, klaver.Errorf(klaver.ErrInvalid, "A feed's name is at most %d characters.", MaxFeedName)
	}
	var n int
	if err := s.write.QueryRowContext(ctx, "SELECT COUNT(*) FROM feeds WHERE person_id = $1", f.PersonID).Scan(&n); err != nil {
		return f, fmt.Errorf("create feed: %w", err)
	}
	if n >= MaxFeedsPerPerson {
		return f, klaver.Errorf(klaver.ErrConflict, "You have %d calendar feeds, the most one person may have; remove one first.", n)
	}
	f.CreatedAt = now()
	f.NextFetchAt = f.CreatedAt
	err := s.write.QueryRowContext(ctx,
		"INSERT INTO feeds (person_id, team_id, url_sealed, url_shown, source_name, created_at, next_fetch_at) "+
			"VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
		f.PersonID, f.TeamID, f.URLSealed, f.URLShown, f.SourceName, f.CreatedAt, f.NextFetchAt).Scan(&f.ID)
	if err != nil {
		return f, fmt.Errorf("create feed: %w", s.domainError(err, "A feed named "+f.SourceName))
	}
	return f, nil
}

// FeedsOfPerson lists a person's feeds, oldest first.
func (s *Store) FeedsOfPerson(ctx context.Context, personID int64) ([]Feed, error) {
	rows, err := s.queryRead(ctx, "SELECT "+feedColumns+" FROM feeds WHERE person_id = $1 ORDER BY id", personID)
	if err != nil {
		return nil, fmt.Errorf("feeds of person %d: %w", personID, err)
	}
	defer rows.Close()
	feeds := []Feed{}
	for rows.Next() {
		f, err := scanFeed(rows)
		if err != nil {
			return nil, fmt.Errorf("feeds of person %d: %w", personID, err)
		}
		feeds = append(feeds, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("feeds of person %d: %w", personID, err)
	}
	return feeds, nil
}

// DeleteFeed removes a person's feed; what it imported stays until the
// person deletes it.
func (s *Store) DeleteFeed(ctx context.Context, personID, feedID int64) error {
	res, err := s.write.ExecContext(ctx, "DELETE FROM feeds WHERE id = $1 AND person_id = $2", feedID, personID)
	if err != nil {
		return fmt.Errorf("delete feed %d: %w", feedID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return klaver.Errorf(klaver.ErrNotFound, "You have no feed %d.", feedID)
	}
	return nil
}

// ClaimDueFeeds takes up to limit feeds that are due at now and moves
// their next fetch to lease, so that another server sharing the database
// does not fetch them too while this one does; a server that dies while
// fetching leaves them to be retried when the lease ends.
func (s *Store) ClaimDueFeeds(ctx context.Context, now, lease time.Time, limit int) ([]Feed, error) {
	rows, err := s.write.QueryContext(ctx,
		"UPDATE feeds SET next_fetch_at = $1 WHERE id IN ("+
			"SELECT id FROM feeds WHERE next_fetch_at <= $2 ORDER BY next_fetch_at LIMIT $3"+s.dialect.skipLocked+") "+
			"RETURNING "+feedColumns, lease.UTC(), now.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("claim due feeds: %w", err)
	}
	defer rows.Close()
	var feeds []Feed
	for rows.Next() {
		f, err := scanFeed(rows)
		if err != nil {
			return nil, fmt.Errorf("claim due feeds: %w", err)
		}
		feeds = append(feeds, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("claim due feeds: %w", err)
	}
	return feeds, nil
}

// FeedAttempt is the outcome of one fetch.
type FeedAttempt struct {
	At      time.Time
	Next    time.Time
	OK      bool
	Error   string // why it failed, for the member
	ETag    string // the new validators after a success
	LastMod string
}

// RecordFeedAttempt stores a fetch's outcome and when to fetch next.
func (s *Store) RecordFeedAttempt(ctx context.Context, feedID int64, a FeedAttempt) error {
	var err error
	if a.OK {
		_, err = s.write.ExecContext(ctx,
			"UPDATE feeds SET last_attempt_at = $1, last_success_at = $1, last_error = '', etag = $2, "+
				"last_modified = $3, next_fetch_at = $4 WHERE id = $5",
			a.At.UTC(), a.ETag, a.LastMod, a.Next.UTC(), feedID)
	} else {
		_, err = s.write.ExecContext(ctx,
			"UPDATE feeds SET last_attempt_at = $1, last_error = $2, next_fetch_at = $3 WHERE id = $4",
			a.At.UTC(), a.Error, a.Next.UTC(), feedID)
	}
	if err != nil {
		return fmt.Errorf("record fetch of feed %d: %w", feedID, err)
	}
	return nil
}
