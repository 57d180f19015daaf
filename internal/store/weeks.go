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

// weekSums is the shared part of the week queries: week texts sort as the
// weeks do, so a range of weeks is a range of strings.
const weekSums = "SELECT w.week, " +
	"CAST(SUM(w.working_seconds) AS BIGINT), CAST(SUM(w.client_seconds) AS BIGINT), " +
	"CAST(SUM(w.internal_for_client_seconds) AS BIGINT), CAST(SUM(w.internal_seconds) AS BIGINT), " +
	"CAST(SUM(w.own_work_seconds) AS BIGINT), COUNT(DISTINCT w.person_id) " +
	"FROM person_weeks w "

// TeamWeeks sums the weeks from fromWeek to toWeek (inclusive; "" leaves
// that end open) over the team's current members, counting only what they
// imported for this team.
func (s *Store) TeamWeeks(ctx context.Context, teamID int64, fromWeek, toWeek string) ([]WeekSeconds, error) {
	if err := s.teamExists(ctx, teamID); err != nil {
		return nil, err
	}
	return s.weekSums(ctx, fmt.Sprintf("weeks of team %d", teamID), weekSums+
		"JOIN imports i ON i.id = w.import_id "+
		"JOIN memberships m ON m.person_id = w.person_id AND m.team_id = i.team_id "+
		"WHERE i.team_id = $1 AND w.week >= $2 AND w.week <= $3 "+
		"GROUP BY w.week ORDER BY w.week", teamID, fromWeek, toWeek)
}

// PersonWeeks sums a person's weeks from fromWeek to toWeek (inclusive; ""
// leaves that end open) over all their imports: a calendar and a
// time-tracking export add up, as in the audit.
func (s *Store) PersonWeeks(ctx context.Context, personID int64, fromWeek, toWeek string) ([]WeekSeconds, error) {
	return s.weekSums(ctx, fmt.Sprintf("weeks of person %d", personID), weekSums+
		"WHERE w.person_id = $1 AND w.week >= $2 AND w.week <= $3 "+
		"GROUP BY w.week ORDER BY w.week", personID, fromWeek, toWeek)
}

func (s *Store) weekSums(ctx context.Context, what, query string, id int64, fromWeek, toWeek string) ([]WeekSeconds, error) {
	from, to, err := weekRange(fromWeek, toWeek)
	if err != nil {
		return nil, err
	}
	rows, err := s.read.QueryContext(ctx, query, id, from, to)
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
			&c[klaver.Internal], &c[klaver.OwnWork], &w.People)
		if err != nil {
			return nil, err
		}
		weeks = append(weeks, w)
	}
	return weeks, rows.Err()
}
