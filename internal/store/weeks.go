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

// groupWeeks sums person weeks per week; week texts sort as the weeks do,
// so a range of weeks is a range of strings.
const groupWeeks = "SELECT pw.week, CAST(SUM(pw.working) AS BIGINT), CAST(SUM(pw.client) AS BIGINT), " +
	"CAST(SUM(pw.for_client) AS BIGINT), CAST(SUM(pw.internal) AS BIGINT), " +
	"CAST(SUM(pw.own) AS BIGINT), COUNT(*) FROM ("

// TeamWeeks sums the weeks from fromWeek to toWeek (inclusive; "" leaves
// that end open) over the team's current members, counting only what they
// imported for this team.
func (s *Store) TeamWeeks(ctx context.Context, teamID int64, fromWeek, toWeek string) ([]WeekSeconds, error) {
	if err := s.teamExists(ctx, teamID); err != nil {
		return nil, err
	}
	return s.weekSums(ctx, fmt.Sprintf("weeks of team %d", teamID), groupWeeks+personWeeks+
		"JOIN memberships m ON m.person_id = w.person_id AND m.team_id = i.team_id "+
		"WHERE i.team_id = $1 AND w.week >= $2 AND w.week <= $3 "+
		"GROUP BY w.person_id, w.week) pw GROUP BY pw.week ORDER BY pw.week", teamID, fromWeek, toWeek)
}

// OrgWeeks sums the weeks of all teams of an organisation, as TeamWeeks
// does one team's. A person in two teams counts in each with what they
// imported for it.
func (s *Store) OrgWeeks(ctx context.Context, orgID int64, fromWeek, toWeek string) ([]WeekSeconds, error) {
	return s.weekSums(ctx, fmt.Sprintf("weeks of organisation %d", orgID), groupWeeks+personWeeks+
		"JOIN memberships m ON m.person_id = w.person_id AND m.team_id = i.team_id "+
		"JOIN teams t ON t.id = i.team_id "+
		"WHERE t.org_id = $1 AND w.week >= $2 AND w.week <= $3 "+
		"GROUP BY w.person_id, i.team_id, w.week) pw GROUP BY pw.week ORDER BY pw.week", orgID, fromWeek, toWeek)
}

// PersonWeeks sums a person's weeks from fromWeek to toWeek (inclusive; ""
// leaves that end open) over all their imports: a calendar and a
// time-tracking export add up, as in the audit.
func (s *Store) PersonWeeks(ctx context.Context, personID int64, fromWeek, toWeek string) ([]WeekSeconds, error) {
	return s.weekSums(ctx, fmt.Sprintf("weeks of person %d", personID), groupWeeks+personWeeks+
		"WHERE w.person_id = $1 AND w.week >= $2 AND w.week <= $3 "+
		"GROUP BY w.person_id, w.week) pw GROUP BY pw.week ORDER BY pw.week", personID, fromWeek, toWeek)
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
