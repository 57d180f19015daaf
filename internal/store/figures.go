package store

import (
	"context"
	"fmt"
)

// ClientSeconds is the time a client received.
type ClientSeconds struct {
	Client  string
	Seconds int64
}

// TeamClients sums, per client, the time the team's current members gave
// it in the weeks from fromWeek to toWeek ("" leaves an end open), most
// first. Weeks with fewer than minPeople contributors, or with one person
// whose figures no leader knows (WeekSeconds.Private), are left out, as
// their figures are: a sum over them would give away what they withhold.
func (s *Store) TeamClients(ctx context.Context, teamID int64, fromWeek, toWeek string, minPeople int) ([]ClientSeconds, error) {
	from, to, err := weekRange(fromWeek, toWeek)
	if err != nil {
		return nil, err
	}
	if err := s.teamExists(ctx, teamID); err != nil {
		return nil, err
	}
	return s.clientSums(ctx, fmt.Sprintf("clients of team %d", teamID),
		"SELECT c.client, CAST(SUM(c.seconds) AS BIGINT) FROM team_week_clients c "+
			"JOIN team_weeks tw ON tw.team_id = c.team_id AND tw.week = c.week "+
			"WHERE c.team_id = $1 AND c.week >= $2 AND c.week <= $3 AND tw.people >= $4 AND tw.private_people <> 1 "+
			"GROUP BY c.client ORDER BY 2 DESC, 1", teamID, from, to, minPeople)
}

func (s *Store) clientSums(ctx context.Context, what, query string, args ...any) ([]ClientSeconds, error) {
	rows, err := s.queryRead(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	out := []ClientSeconds{}
	for rows.Next() {
		var c ClientSeconds
		if err := rows.Scan(&c.Client, &c.Seconds); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// PersonClients sums, per client, the time a person gave it over their
// imports, most first; teamID, when not 0, counts only what they imported
// for that team.
func (s *Store) PersonClients(ctx context.Context, personID, teamID int64, fromWeek, toWeek string) ([]ClientSeconds, error) {
	from, to, err := weekRange(fromWeek, toWeek)
	if err != nil {
		return nil, err
	}
	return s.clientSums(ctx, fmt.Sprintf("clients of person %d", personID),
		"SELECT c.client, CAST(SUM(c.seconds) AS BIGINT) FROM person_week_clients c "+
			"JOIN imports i ON i.id = c.import_id "+
			"WHERE c.person_id = $1 AND ($2 = 0 OR i.team_id = $2) AND c.week >= $3 AND c.week <= $4 "+
			"GROUP BY c.client ORDER BY 2 DESC, 1", personID, teamID, from, to)
}

// TeamSeries is a recurring internal meeting of a team.
type TeamSeries struct {
	// Title is empty when the meeting is not a team meeting: its title
	// was never stored.
	Title  string
	People int
	// Seconds is the time it took of all people over their imports;
	// WeeklySeconds spreads each person's share over their import's weeks.
	Seconds       int64
	WeeklySeconds int64
}

// TeamSeriesCost lists the internal recurring meetings that cost the team's
// current members most, joined across people by the hash of their UID;
// limit bounds the list.
func (s *Store) TeamSeriesCost(ctx context.Context, teamID int64, limit int) ([]TeamSeries, error) {
	if err := s.teamExists(ctx, teamID); err != nil {
		return nil, err
	}
	rows, err := s.queryRead(ctx,
		"SELECT COALESCE(MAX(sr.title), ''), COUNT(DISTINCT i.person_id), CAST(SUM(sr.seconds) AS BIGINT), "+
			"CAST(SUM(CASE WHEN i.weeks > 0 THEN sr.seconds / i.weeks ELSE 0 END) AS BIGINT) "+
			"FROM series sr JOIN imports i ON i.id = sr.import_id "+
			"JOIN memberships m ON m.person_id = i.person_id AND m.team_id = i.team_id "+
			"WHERE i.team_id = $1 GROUP BY sr.uid_hash ORDER BY 3 DESC, 1 LIMIT $2", teamID, limit)
	if err != nil {
		return nil, fmt.Errorf("series of team %d: %w", teamID, err)
	}
	defer rows.Close()
	out := []TeamSeries{}
	for rows.Next() {
		var sr TeamSeries
		if err := rows.Scan(&sr.Title, &sr.People, &sr.Seconds, &sr.WeeklySeconds); err != nil {
			return nil, fmt.Errorf("series of team %d: %w", teamID, err)
		}
		out = append(out, sr)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("series of team %d: %w", teamID, err)
	}
	return out, nil
}

// PersonSeriesCost lists the internal recurring meetings that cost a
// person most over their imports, as TeamSeriesCost does for a team.
// Titles are those stored: of team meetings only.
func (s *Store) PersonSeriesCost(ctx context.Context, personID int64, limit int) ([]TeamSeries, error) {
	rows, err := s.queryRead(ctx,
		"SELECT COALESCE(MAX(sr.title), ''), 1, CAST(SUM(sr.seconds) AS BIGINT), "+
			"CAST(SUM(CASE WHEN i.weeks > 0 THEN sr.seconds / i.weeks ELSE 0 END) AS BIGINT) "+
			"FROM series sr JOIN imports i ON i.id = sr.import_id "+
			"WHERE i.person_id = $1 GROUP BY sr.uid_hash ORDER BY 3 DESC, 1 LIMIT $2", personID, limit)
	if err != nil {
		return nil, fmt.Errorf("series of person %d: %w", personID, err)
	}
	defer rows.Close()
	out := []TeamSeries{}
	for rows.Next() {
		var sr TeamSeries
		if err := rows.Scan(&sr.Title, &sr.People, &sr.Seconds, &sr.WeeklySeconds); err != nil {
			return nil, fmt.Errorf("series of person %d: %w", personID, err)
		}
		out = append(out, sr)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("series of person %d: %w", personID, err)
	}
	return out, nil
}
