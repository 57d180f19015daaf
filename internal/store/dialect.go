package store

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect is everything that differs between SQLite and PostgreSQL at run
// time. The queries themselves are shared: both accept $1 placeholders,
// RETURNING, ON CONFLICT and booleans; the schemas differ in their own
// migration files.
type dialect struct {
	name string
	// driver is the database/sql driver name.
	driver string
	// timestamp is the column type of a point in time.
	timestamp string
	// lockMigrations serialises servers that migrate the same database at
	// once; empty where the single writer connection already does.
	lockMigrations string
	// lockPerson locks a person's row until the transaction ends, so that
	// two imports of one person cannot interleave, and finds whether the
	// person exists. SQLite has one writer, so selecting is enough.
	lockPerson string
	// skipLocked ends the select of due feeds: on PostgreSQL rows another
	// server is claiming are passed over instead of waited for; SQLite's
	// single writer never meets them.
	skipLocked string
	// violation names the constraint an error broke, if any.
	violation func(error) violation
}

// violation is a broken constraint, independent of the database.
type violation int

const (
	noViolation violation = iota
	uniqueViolation
	foreignKeyViolation
	checkViolation
	notNullViolation
)

var sqliteDialect = dialect{
	name:           "sqlite",
	driver:         "sqlite",
	timestamp:      "TIMESTAMP",
	lockMigrations: "",
	lockPerson:     "SELECT id FROM people WHERE id = $1",
	skipLocked:     "",
	violation:      sqliteViolation,
}

var postgresDialect = dialect{
	name:      "postgres",
	driver:    "pgx",
	timestamp: "TIMESTAMPTZ",
	// The key is arbitrary but fixed: "klaver" in ASCII.
	lockMigrations: "SELECT pg_advisory_xact_lock(107108097118101114)",
	lockPerson:     "SELECT id FROM people WHERE id = $1 FOR UPDATE",
	skipLocked:     " FOR UPDATE SKIP LOCKED",
	violation:      postgresViolation,
}

func sqliteViolation(err error) violation {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return noViolation
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return uniqueViolation
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return foreignKeyViolation
	case sqlite3.SQLITE_CONSTRAINT_CHECK:
		return checkViolation
	case sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		return notNullViolation
	}
	return noViolation
}

func postgresViolation(err error) violation {
	var e *pgconn.PgError
	if !errors.As(err, &e) {
		return noViolation
	}
	switch e.SQLState() {
	case "23505":
		return uniqueViolation
	case "23503":
		return foreignKeyViolation
	case "23514":
		return checkViolation
	case "23502":
		return notNullViolation
	}
	return noViolation
}
