// Package store keeps klaver's accounts and imported figures in SQLite or
// PostgreSQL. One implementation serves both: plain SQL over database/sql,
// with the few differences kept in a dialect and in per-dialect migrations.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Store is klaver's database. Writes go through write, reads through read.
// On SQLite write is a single connection, so writers queue in Go instead of
// failing with "database is locked", while WAL lets the read pool go on
// meanwhile; on PostgreSQL both are one pool.
type Store struct {
	write   *sql.DB
	read    *sql.DB
	dialect dialect
	// readConns is the size of PostgreSQL's pool.
	readConns int

	// stmts holds the prepared form of the queries every request makes
	// (sign-in and access checks), so that they are not parsed again each
	// time. Keys are the query texts.
	stmts sync.Map // string → *sql.Stmt

	// access caches access answers on PostgreSQL; nil on SQLite.
	access *accessCache
}

// queryRead runs a read query through its prepared statement: parsing a
// query costs more than running it for most of klaver's, which read a few
// rows by key.
func (s *Store) queryRead(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	stmt, err := s.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return stmt.QueryContext(ctx, args...)
}

// queryRowRead is queryRead for one row; its error comes with Scan.
func (s *Store) queryRowRead(ctx context.Context, query string, args ...any) *sql.Row {
	stmt, err := s.prepared(ctx, query)
	if err != nil {
		// Run it unprepared: the error (or the row) comes with Scan.
		return s.read.QueryRowContext(ctx, query, args...)
	}
	return stmt.QueryRowContext(ctx, args...)
}

// prepared returns the read pool's prepared statement of query, preparing
// it on first use.
func (s *Store) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := s.stmts.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := s.read.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if have, loaded := s.stmts.LoadOrStore(query, st); loaded {
		st.Close()
		return have.(*sql.Stmt), nil
	}
	return st, nil
}

// sqlitePragmas make every SQLite connection write-ahead logged (readers do
// not block the writer), enforce foreign keys (SQLite's default is off) and
// wait for a lock held by another process instead of failing at once.
const sqlitePragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)" +
	"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_time_format=sqlite"

// Open opens the database that dsn names: a postgres:// or postgresql://
// URL for PostgreSQL, otherwise a SQLite file path or file: URI. It does not
// migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*Store, error) {
	if dsn == "" {
		return nil, errors.New("open store: no database given")
	}
	var s *Store
	var err error
	if isPostgres(dsn) {
		s, err = openPostgres(dsn)
	} else {
		s, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	if err := s.ping(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func openPostgres(dsn string) (*Store, error) {
	db, err := sql.Open(postgresDialect.driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	// database/sql keeps two idle connections by default: under load every
	// other query would open a new PostgreSQL connection (a process). Keep
	// a pool that stays open, small enough that several servers fit in
	// PostgreSQL's default of 100 connections.
	conns := max(8, 4*runtime.NumCPU())
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	notify := func(ctx context.Context, payload string) error {
		_, err := db.ExecContext(ctx, "SELECT pg_notify($1, $2)", accessChannel, payload)
		return err
	}
	return &Store{write: db, read: db, dialect: postgresDialect, readConns: conns,
		access: newAccessCache(dsn, notify)}, nil
}

// openSQLite opens the writer and the read pool. The writer takes its write
// lock when a transaction begins (immediate), so a transaction that reads
// first never has to be retried because another process wrote meanwhile.
func openSQLite(path string) (*Store, error) {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	write, err := sql.Open(sqliteDialect.driver, path+sep+sqlitePragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	read, err := sql.Open(sqliteDialect.driver, path+sep+sqlitePragmas+"&_query_only=1")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	read.SetMaxOpenConns(max(4, runtime.NumCPU()))
	return &Store{write: write, read: read, dialect: sqliteDialect}, nil
}

// ping connects the writer first: it is the connection that switches a new
// file to WAL, which a query-only reader could not.
func (s *Store) ping(ctx context.Context) error {
	if err := s.write.PingContext(ctx); err != nil {
		return fmt.Errorf("connect %s: %w", s.dialect.name, err)
	}
	if err := s.read.PingContext(ctx); err != nil {
		return fmt.Errorf("connect %s: %w", s.dialect.name, err)
	}
	return nil
}

// Dialect names the database: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect.name }

// ReadConcurrency is how many reads are worth running at once. SQLite
// reads run on this process's cores, so more than GOMAXPROCS only queue
// inside the pool; PostgreSQL's run in its own processes while ours wait,
// so as many as the pool holds.
func (s *Store) ReadConcurrency() int {
	if s.dialect.name == postgresDialect.name {
		return s.readConns
	}
	return runtime.GOMAXPROCS(0)
}

// SetLogger sets where the store reports trouble it works around, such as
// a broken listener of the access cache. Call it before serving.
func (s *Store) SetLogger(l *slog.Logger) {
	if s.access != nil {
		s.access.mu.Lock()
		s.access.log = l
		s.access.mu.Unlock()
	}
}

// Close closes the database connections.
func (s *Store) Close() error {
	s.access.close()
	s.stmts.Range(func(_, st any) bool {
		st.(*sql.Stmt).Close()
		return true
	})
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// inTx runs fn in a transaction on the writer and commits when fn returns
// nil; on any error nothing fn did is kept.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		return errors.Join(err, ignoreDone(tx.Rollback()))
	}
	// Whether or not the commit reports success, it may have changed
	// what cached access answers are made of.
	defer s.access.forget()
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// execAccess runs a write outside a transaction on a table that access
// answers are made of (people, api_tokens, memberships, coach_assignments,
// teams, organisations), and forgets the cached answers after it. Inserts
// of new rows need not: no answer about a row can be cached before the row
// exists.
func (s *Store) execAccess(ctx context.Context, query string, args ...any) (sql.Result, error) {
	defer s.access.forget()
	return s.write.ExecContext(ctx, query, args...)
}

func ignoreDone(err error) error {
	if errors.Is(err, sql.ErrTxDone) {
		return nil
	}
	return err
}
