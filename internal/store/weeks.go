package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/klaver/klaver"
)

// WeekSeconds are the seconds of one ISO week summed over imports, and for
// a team over its members. People counts whose data went into the sum, so
// that a team figure can be withheld when too few contributed.
type WeekSeconds struct {
	Week string
	klaver.Seconds
	People int
	// Private counts, in a team's week, the people whose figures no
	// leader of the team knows (see teamPersonWeeks). When it is one, the
	// week's figures would give that person's away to a leader, who can
	// subtract what they know.
	Private int
}

// ValidWeek reports whether s is an ISO week as stored: "2026-W02".
func ValidWeek(s string) bool {
	if len(s) != 8 || s[4] != '-' || s[5] != 'W' {
		return false
	}
	for _, i := range []int{0, 1, 2, 3, 6, 7} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	w := int(s[6]-'0')*10 + int(s[7]-'0')
	return w >= 1 && w <= 53
}

// personWeeks sums each person's imports per week: the calendar rule's
// working time once (the largest, should two calendars disagree on an
// absence), tracked time and categories added up, as the audit does for a
// person with several sources. The caller adds joins and conditions on w
// and i (the import) and closes the GROUP BY.
const personWeeks = "SELECT w.person_id, w.week, " +
	"MAX(w.working_seconds) + SUM(w.tracked_seconds) AS working, " +
	"SUM(w.client_seconds) AS client, SUM(w.internal_for_client_seconds) AS for_client, " +
	"SUM(w.internal_seconds) AS internal, SUM(w.own_work_seconds) AS own " +
	"FROM person_weeks w JOIN imports i ON i.id = w.import_id "

// teamPersonWeeks is personWeeks for a team's current members, with
// whether each person's figures in the week are private: not all known to
// a leader of the team, as they are no leader, do not share their figures,
// and some of the week comes from an import that nobody else made for them
// (a leader knows what they imported, not what the person added). The
// caller adds the team condition and closes the GROUP BY.
const teamPersonWeeks = "SELECT w.person_id, w.week, " +
	"MAX(w.working_seconds) + SUM(w.tracked_seconds) AS working, " +
	"SUM(w.client_seconds) AS client, SUM(w.internal_for_client_seconds) AS for_client, " +
	"SUM(w.internal_seconds) AS internal, SUM(w.own_work_seconds) AS own, " +
	"MAX(CASE WHEN m.role = 'leader' OR p.share_individual THEN 0 " +
	"WHEN i.imported_by IS NULL OR i.imported_by = w.person_id THEN 1 ELSE 0 END) AS private " +
	"FROM person_weeks w JOIN imports i ON i.id = w.import_id " +
	"JOIN memberships m ON m.person_id = w.person_id AND m.team_id = i.team_id " +
	"JOIN people p ON p.id = w.person_id "

// groupWeeks sums person weeks per week; week texts sort as the weeks do,
// so a range of weeks is a range of strings.
const groupWeeks = "SELECT pw.week, CAST(SUM(pw.working) AS BIGINT), CAST(SUM(pw.client) AS BIGINT), " +
	"CAST(SUM(pw.for_client) AS BIGINT), CAST(SUM(pw.internal) AS BIGINT), " +
	"CAST(SUM(pw.own) AS BIGINT), COUNT(*), 0 FROM ("

// TeamWeeks returns the team's weeks from fromWeek to toWeek (inclusive;
// "" leaves that end open), summed over the team's current members and
// what they imported for this team. The sums are kept by refreshTeam.
func (s *Store) TeamWeeks(ctx context.Context, teamID int64, fromWeek, toWeek string) ([]WeekSeconds, error) {
	if err := s.teamExists(ctx, teamID); err != nil {
		return nil, err
	}
	return s.weekSums(ctx, fmt.Sprintf("weeks of team %d", teamID),
		"SELECT week, working_seconds, client_seconds, internal_for_client_seconds, internal_seconds, "+
			"own_work_seconds, people, private_people FROM team_weeks "+
			"WHERE team_id = $3 AND week >= $1 AND week <= $2 ORDER BY week", fromWeek, toWeek, teamID)
}

// OrgWeeks sums the weeks of all teams of an organisation. A person in two
// teams counts in each with what they imported for it.
func (s *Store) OrgWeeks(ctx context.Context, orgID int64, fromWeek, toWeek string) ([]WeekSeconds, error) {
	return s.weekSums(ctx, fmt.Sprintf("weeks of organisation %d", orgID),
		"SELECT tw.week, CAST(SUM(tw.working_seconds) AS BIGINT), CAST(SUM(tw.client_seconds) AS BIGINT), "+
			"CAST(SUM(tw.internal_for_client_seconds) AS BIGINT), CAST(SUM(tw.internal_seconds) AS BIGINT), "+
			"CAST(SUM(tw.own_work_seconds) AS BIGINT), CAST(SUM(tw.people) AS BIGINT), 0 "+
			"FROM team_weeks tw JOIN teams t ON t.id = tw.team_id "+
			"WHERE t.org_id = $3 AND tw.week >= $1 AND tw.week <= $2 GROUP BY tw.week ORDER BY tw.week",
		fromWeek, toWeek, orgID)
}

// refreshTeam recomputes a team's sums from its members' imports, within
// the transaction that changed them, so that readers never see the sums
// and the imports disagree. It first counts up the team's data version,
// which also locks the team's row: two imports into one team must not both
// replace its sums at once. On PostgreSQL that lock (an update of a column
// no key uses) is not blocked by the key-share locks that the same
// transactions' foreign keys to the team take, so they cannot deadlock.
func (s *Store) refreshTeam(ctx context.Context, tx *sql.Tx, teamID int64) error {
	res, err := tx.ExecContext(ctx, "UPDATE teams SET data_version = data_version + 1 WHERE id = $1", teamID)
	if err != nil {
		return fmt.Errorf("refresh team %d: %w", teamID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return klaver.Errorf(klaver.ErrNotFound, "There is no team %d.", teamID)
	}
	steps := []struct {
		query string
		args  []any
	}{
		{"DELETE FROM team_weeks WHERE team_id = $1", []any{teamID}},
		{"INSERT INTO team_weeks (team_id, week, working_seconds, client_seconds, internal_for_client_seconds, " +
			"internal_seconds, own_work_seconds, people, private_people) " +
			"SELECT $1, pw.week, SUM(pw.working), SUM(pw.client), SUM(pw.for_client), SUM(pw.internal), SUM(pw.own), " +
			"COUNT(*), SUM(pw.private) FROM (" + teamPersonWeeks +
			"WHERE i.team_id = $2 GROUP BY w.person_id, w.week) pw GROUP BY pw.week", []any{teamID, teamID}},
		{"DELETE FROM team_week_clients WHERE team_id = $1", []any{teamID}},
		{"INSERT INTO team_week_clients (team_id, week, client, seconds) " +
			"SELECT $1, c.week, c.client, SUM(c.seconds) FROM person_week_clients c " +
			"JOIN imports i ON i.id = c.import_id " +
			"JOIN memberships m ON m.person_id = c.person_id AND m.team_id = i.team_id " +
			"WHERE i.team_id = $2 GROUP BY c.week, c.client", []any{teamID, teamID}},
	}
	for _, st := range steps {
		if _, err := tx.ExecContext(ctx, st.query, st.args...); err != nil {
			return fmt.Errorf("refresh team %d: %w", teamID, err)
		}
	}
	return nil
}

// PersonWeeks sums a person's weeks from fromWeek to toWeek (inclusive; ""
// leaves that end open) over all their imports: a calendar and a
// time-tracking export add up, as in the audit.
func (s *Store) PersonWeeks(ctx context.Context, personID int64, fromWeek, toWeek string) ([]WeekSeconds, error) {
	return s.PersonWeeksInTeam(ctx, personID, 0, fromWeek, toWeek)
}

// PersonWeeksInTeam is PersonWeeks over what the person imported for one
// team; teamID 0 means all their imports. A leader sees this much of a
// member who shares their figures, and no more.
func (s *Store) PersonWeeksInTeam(ctx context.Context, personID, teamID int64, fromWeek, toWeek string) ([]WeekSeconds, error) {
	return s.weekSums(ctx, fmt.Sprintf("weeks of person %d", personID), groupWeeks+personWeeks+
		"WHERE w.person_id = $3 AND ($4 = 0 OR i.team_id = $4) AND w.week >= $1 AND w.week <= $2 "+
		"GROUP BY w.person_id, w.week) pw GROUP BY pw.week ORDER BY pw.week", fromWeek, toWeek, personID, teamID)
}

// weekSums runs a query of weeks whose $1 and $2 are the range of weeks
// and whose further placeholders are ids.
func (s *Store) weekSums(ctx context.Context, what, query string, fromWeek, toWeek string, ids ...int64) ([]WeekSeconds, error) {
	from, to, err := weekRange(fromWeek, toWeek)
	if err != nil {
		return nil, err
	}
	args := []any{from, to}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := s.queryRead(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	weeks, err := scanWeeks(rows)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return weeks, nil
}

// weekRange checks a range of weeks and opens its empty ends.
func weekRange(from, to string) (string, string, error) {
	if from == "" {
		from = "0000-W00"
	} else if !ValidWeek(from) {
		return "", "", klaver.Errorf(klaver.ErrInvalid, "%q is not an ISO week (YYYY-Www).", from)
	}
	if to == "" {
		to = "9999-W99"
	} else if !ValidWeek(to) {
		return "", "", klaver.Errorf(klaver.ErrInvalid, "%q is not an ISO week (YYYY-Www).", to)
	}
	return from, to, nil
}

func scanWeeks(rows *sql.Rows) ([]WeekSeconds, error) {
	var weeks []WeekSeconds
	for rows.Next() {
		var w WeekSeconds
		c := &w.Category
		err := rows.Scan(&w.Week, &w.Working, &c[klaver.Client], &c[klaver.InternalForClient],
			&c[klaver.Internal], &c[klaver.OwnWork], &w.People, &w.Private)
		if err != nil {
			return nil, err
		}
		weeks = append(weeks, w)
	}
	return weeks, rows.Err()
}
