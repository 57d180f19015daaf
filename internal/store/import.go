package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/klaver/klaver"
)

// Import kinds: what a source is.
const (
	KindCalendar  = "calendar"
	KindTimesheet = "timesheet"
)

// Import describes one source a member imported: a calendar or a
// time-tracking export, identified by its name per person. The content
// itself is not kept; its hash tells whether a later import is the same.
type Import struct {
	ID         int64
	PersonID   int64
	TeamID     int64
	SourceName string
	Kind       string
	// SHA256 is the hex SHA-256 of the imported bytes.
	SHA256 string
	Bytes  int64
	// ItemsRead counts events (calendar) or rows (timesheet) read, Skipped
	// those that could not be used.
	ItemsRead int64
	Skipped   int64
	// ImportedAt is set to the current time when zero; it is kept to the
	// millisecond (SQLite) or microsecond (PostgreSQL).
	ImportedAt time.Time
	// PeriodFrom and PeriodTo are the days the import covers, YYYY-MM-DD.
	PeriodFrom string
	PeriodTo   string
	// Weeks is how many ISO weeks the period spans.
	Weeks int
	// ImportedBy is who imported it: the person, or a leader for the team
	// (0: not known, as for imports from before it was kept).
	ImportedBy int64
	// Series are the internal recurring meetings the import found.
	Series []Series
}

// PersonWeek is the import's seconds of one ISO week, "2026-W02".
// Seconds.Working includes Tracked: the rest is the working time the
// calendar rule gave, which counts once per person however many calendars
// they import, while tracked time adds up.
type PersonWeek struct {
	Week string
	klaver.Seconds
	Tracked int64
}

// PersonWeekClient is the time one client received in one week.
type PersonWeekClient struct {
	Week    string
	Client  string
	Seconds int64
}

// Series is a recurring internal meeting, known by the SHA-256 (hex) of its
// UID so that the same series is recognised across people without storing
// the UID. Its title is stored only for a team meeting: other titles may
// name what the team has no business knowing.
type Series struct {
	UIDHash     string
	Title       string
	TeamMeeting bool
	Seconds     int64
}

// ImportData is an import with the figures derived from it.
type ImportData struct {
	Import
	Weeks   []PersonWeek
	Clients []PersonWeekClient
}

// ReplaceImport stores an import and its figures in place of any earlier
// import of the same source by the same person, all in one transaction: a
// re-import never doubles weeks, and a failed import leaves the earlier one
// as it was. It returns the new import's ID.
func (s *Store) ReplaceImport(ctx context.Context, imp Import, weeks []PersonWeek, clients []PersonWeekClient) (int64, error) {
	ids, err := s.ReplaceImports(ctx, []ImportData{{Import: imp, Weeks: weeks, Clients: clients}})
	if err != nil {
		return 0, err
	}
	return ids[0], nil
}

// ReplaceImports replaces several imports in one transaction, as
// ReplaceImport does one: a time-tracking export holds several people, and
// either all of them are stored or none.
func (s *Store) ReplaceImports(ctx context.Context, data []ImportData) ([]int64, error) {
	for i := range data {
		if err := validateImport(data[i].Import, data[i].Weeks, data[i].Clients); err != nil {
			return nil, err
		}
		if data[i].ImportedAt.IsZero() {
			data[i].ImportedAt = now()
		}
	}
	ids := make([]int64, len(data))
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		teams := map[int64]bool{}
		for i, d := range data {
			id, err := s.replaceOne(ctx, tx, d)
			if err != nil {
				return fmt.Errorf("import %s: %w", d.SourceName, err)
			}
			ids[i] = id
			teams[d.TeamID] = true
		}
		return s.refreshTeams(ctx, tx, teams)
	})
	if err != nil {
		return nil, s.domainError(err, "The import")
	}
	return ids, nil
}

func (s *Store) replaceOne(ctx context.Context, tx *sql.Tx, d ImportData) (int64, error) {
	if err := s.lockPerson(ctx, tx, d.PersonID); err != nil {
		return 0, err
	}
	if err := mayImportFor(ctx, tx, d.Import); err != nil {
		return 0, err
	}
	if err := keepsOwnImport(ctx, tx, d.Import); err != nil {
		return 0, err
	}
	// An earlier import of the source may have been for another team,
	// whose sums lose it.
	var earlier sql.NullInt64
	err := tx.QueryRowContext(ctx, "DELETE FROM imports WHERE person_id = $1 AND source_name = $2 RETURNING team_id",
		d.PersonID, d.SourceName).Scan(&earlier)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	if earlier.Valid && earlier.Int64 != d.TeamID {
		if err := s.refreshTeam(ctx, tx, earlier.Int64); err != nil {
			return 0, err
		}
	}
	id, err := insertImport(ctx, tx, d.Import)
	if err != nil {
		return 0, err
	}
	return id, insertFigures(ctx, tx, id, d.Import, d.Weeks, d.Clients)
}

// keepsOwnImport refuses to let someone else's import replace one that the
// person made themselves under the same source name: it would destroy the
// person's data, and the difference in the team's sums would give it away.
func keepsOwnImport(ctx context.Context, tx *sql.Tx, imp Import) error {
	if imp.ImportedBy == imp.PersonID {
		return nil
	}
	var own bool
	err := tx.QueryRowContext(ctx, ownImportQuery, imp.PersonID, imp.SourceName).Scan(&own)
	if err != nil {
		return err
	}
	if own {
		return klaver.Errorf(klaver.ErrConflict, "The person imported %s themselves; an import by someone else does not replace it.", imp.SourceName)
	}
	return nil
}

// ownImportQuery asks whether person $1 imported source $2 themselves.
const ownImportQuery = "SELECT EXISTS (SELECT 1 FROM imports WHERE person_id = $1 AND source_name = $2 AND imported_by = person_id)"

// OwnImport reports whether a person imported a source of that name
// themselves, which an import by someone else may not replace.
func (s *Store) OwnImport(ctx context.Context, personID int64, sourceName string) (bool, error) {
	var own bool
	err := s.queryRowRead(ctx, ownImportQuery, personID, sourceName).Scan(&own)
	if err != nil {
		return false, fmt.Errorf("imports of person %d: %w", personID, err)
	}
	return own, nil
}

// mayImportFor refuses an import by someone else for a person who deleted
// their data: deleting withdraws it, and only the person imports it again
// (which lets others import for them again).
func mayImportFor(ctx context.Context, tx *sql.Tx, imp Import) error {
	if imp.ImportedBy == imp.PersonID {
		_, err := tx.ExecContext(ctx, "UPDATE people SET others_may_import = TRUE WHERE id = $1 AND NOT others_may_import", imp.PersonID)
		return err
	}
	var may bool
	var email string
	if err := tx.QueryRowContext(ctx, "SELECT others_may_import, email FROM people WHERE id = $1", imp.PersonID).Scan(&may, &email); err != nil {
		return err
	}
	if !may {
		return klaver.Errorf(klaver.ErrForbidden, "%s deleted their data; only they can import it again.", email)
	}
	return nil
}

func (s *Store) lockPerson(ctx context.Context, tx *sql.Tx, personID int64) error {
	var id int64
	err := tx.QueryRowContext(ctx, s.dialect.lockPerson, personID).Scan(&id)
	if err == sql.ErrNoRows {
		return klaver.Errorf(klaver.ErrNotFound, "There is no person %d.", personID)
	}
	return err
}

func validateImport(imp Import, weeks []PersonWeek, clients []PersonWeekClient) error {
	if imp.SourceName == "" {
		return klaver.Errorf(klaver.ErrInvalid, "An import needs a source name.")
	}
	if imp.Kind != KindCalendar && imp.Kind != KindTimesheet {
		return klaver.Errorf(klaver.ErrInvalid, "%q is not a kind of import.", imp.Kind)
	}
	for _, d := range []string{imp.PeriodFrom, imp.PeriodTo} {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return klaver.Errorf(klaver.ErrInvalid, "%q is not a date (YYYY-MM-DD).", d)
		}
	}
	for _, w := range weeks {
		if !ValidWeek(w.Week) {
			return klaver.Errorf(klaver.ErrInvalid, "%q is not an ISO week (YYYY-Www).", w.Week)
		}
		if w.Tracked < 0 || w.Tracked > w.Working {
			return klaver.Errorf(klaver.ErrInvalid, "Week %s tracks %d seconds of %d working.", w.Week, w.Tracked, w.Working)
		}
	}
	for _, c := range clients {
		if !ValidWeek(c.Week) {
			return klaver.Errorf(klaver.ErrInvalid, "%q is not an ISO week (YYYY-Www).", c.Week)
		}
	}
	return nil
}

func insertImport(ctx context.Context, tx *sql.Tx, imp Import) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx,
		"INSERT INTO imports (person_id, team_id, source_name, kind, content_sha256, bytes, "+
			"items_read, skipped, imported_at, period_from, period_to, weeks, imported_by) "+
			"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
		imp.PersonID, imp.TeamID, imp.SourceName, imp.Kind, imp.SHA256, imp.Bytes,
		imp.ItemsRead, imp.Skipped, imp.ImportedAt.UTC(), imp.PeriodFrom, imp.PeriodTo, imp.Weeks,
		sql.NullInt64{Int64: imp.ImportedBy, Valid: imp.ImportedBy != 0}).Scan(&id)
	return id, err
}

// insertFigures writes the rows derived from an import. Statements are
// prepared once per import, since an import of a year holds hundreds of rows.
func insertFigures(ctx context.Context, tx *sql.Tx, id int64, imp Import, weeks []PersonWeek, clients []PersonWeekClient) error {
	if err := insertWeeks(ctx, tx, id, imp.PersonID, weeks); err != nil {
		return err
	}
	if err := insertClients(ctx, tx, id, imp.PersonID, clients); err != nil {
		return err
	}
	return insertSeries(ctx, tx, id, imp.Series)
}

func insertWeeks(ctx context.Context, tx *sql.Tx, id, personID int64, weeks []PersonWeek) error {
	stmt, err := tx.PrepareContext(ctx,
		"INSERT INTO person_weeks (import_id, person_id, week, working_seconds, tracked_seconds, "+
			"client_seconds, internal_for_client_seconds, internal_seconds, own_work_seconds) "+
			"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, w := range weeks {
		c := w.Category
		_, err := stmt.ExecContext(ctx, id, personID, w.Week, w.Working-w.Tracked, w.Tracked, c[klaver.Client],
			c[klaver.InternalForClient], c[klaver.Internal], c[klaver.OwnWork])
		if err != nil {
			return fmt.Errorf("week %s: %w", w.Week, err)
		}
	}
	return nil
}

func insertClients(ctx context.Context, tx *sql.Tx, id, personID int64, clients []PersonWeekClient) error {
	stmt, err := tx.PrepareContext(ctx,
		"INSERT INTO person_week_clients (import_id, person_id, week, client, seconds) "+
			"VALUES ($1, $2, $3, $4, $5)")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, c := range clients {
		if _, err := stmt.ExecContext(ctx, id, personID, c.Week, c.Client, c.Seconds); err != nil {
			return fmt.Errorf("week %s, client %s: %w", c.Week, c.Client, err)
		}
	}
	return nil
}

func insertSeries(ctx context.Context, tx *sql.Tx, id int64, series []Series) error {
	for _, sr := range series {
		var title sql.NullString
		if sr.TeamMeeting {
			title = sql.NullString{String: sr.Title, Valid: true}
		}
		_, err := tx.ExecContext(ctx,
			"INSERT INTO series (import_id, uid_hash, title, seconds) VALUES ($1, $2, $3, $4)",
			id, sr.UIDHash, title, sr.Seconds)
		if err != nil {
			return fmt.Errorf("series %s: %w", sr.UIDHash, err)
		}
	}
	return nil
}

// DeletePersonData deletes every import of a person and all that was
// derived from them, team sums included; the account and memberships stay.
func (s *Store) DeletePersonData(ctx context.Context, personID int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		// The feeds go too, or their next fetch would import it again, and
		// others may no longer import for the person.
		if _, err := tx.ExecContext(ctx, "DELETE FROM feeds WHERE person_id = $1", personID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE people SET others_may_import = FALSE WHERE id = $1", personID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "DELETE FROM imports WHERE person_id = $1 RETURNING team_id", personID)
		if err != nil {
			return err
		}
		teams := map[int64]bool{}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			teams[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		return s.refreshTeams(ctx, tx, teams)
	})
	if err != nil {
		return fmt.Errorf("delete data of person %d: %w", personID, err)
	}
	return nil
}

// refreshTeams refreshes the sums of each team in the set, in ID order so
// that concurrent transactions take their locks in the same order.
func (s *Store) refreshTeams(ctx context.Context, tx *sql.Tx, teams map[int64]bool) error {
	ids := make([]int64, 0, len(teams))
	for id := range teams {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if err := s.refreshTeam(ctx, tx, id); err != nil {
			return err
		}
	}
	return nil
}

// ImportsOfPerson lists what a person has imported, newest first, so that
// they can see what the team's figures hold of theirs. Series are not
// filled in.
func (s *Store) ImportsOfPerson(ctx context.Context, personID int64) ([]Import, error) {
	rows, err := s.queryRead(ctx,
		"SELECT id, person_id, team_id, source_name, kind, content_sha256, bytes, items_read, skipped, "+
			"imported_at, period_from, period_to, weeks FROM imports WHERE person_id = $1 "+
			"ORDER BY imported_at DESC, id DESC", personID)
	if err != nil {
		return nil, fmt.Errorf("imports of person %d: %w", personID, err)
	}
	defer rows.Close()
	var imports []Import
	for rows.Next() {
		var i Import
		err := rows.Scan(&i.ID, &i.PersonID, &i.TeamID, &i.SourceName, &i.Kind, &i.SHA256, &i.Bytes,
			&i.ItemsRead, &i.Skipped, &i.ImportedAt, &i.PeriodFrom, &i.PeriodTo, &i.Weeks)
		if err != nil {
			return nil, fmt.Errorf("imports of person %d: %w", personID, err)
		}
		i.ImportedAt = i.ImportedAt.UTC()
		imports = append(imports, i)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("imports of person %d: %w", personID, err)
	}
	return imports, nil
}
