package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/klaver/klaver"
)

// Organisation returns an organisation by ID.
func (s *Store) Organisation(ctx context.Context, id int64) (klaver.Organisation, error) {
	o := klaver.Organisation{ID: id}
	err := s.queryRowRead(ctx, "SELECT name, min_contributors FROM organisations WHERE id = $1", id).
		Scan(&o.Name, &o.MinContributors)
	if errors.Is(err, sql.ErrNoRows) {
		return o, klaver.Errorf(klaver.ErrNotFound, "There is no organisation %d.", id)
	}
	if err != nil {
		return o, fmt.Errorf("organisation %d: %w", id, err)
	}
	return o, nil
}

// Team returns a team by ID with its audit settings.
func (s *Store) Team(ctx context.Context, id int64) (klaver.Team, error) {
	t := klaver.Team{ID: id}
	err := s.queryRowRead(ctx,
		"SELECT org_id, name, client_statement, tz, hours_per_day, workdays, max_internal FROM teams WHERE id = $1", id).
		Scan(&t.OrgID, &t.Name, &t.ClientStatement, &t.TZ, &t.HoursPerDay, &t.Workdays, &t.MaxInternal)
	if errors.Is(err, sql.ErrNoRows) {
		return t, klaver.Errorf(klaver.ErrNotFound, "There is no team %d.", id)
	}
	if err != nil {
		return t, fmt.Errorf("team %d: %w", id, err)
	}
	return t, nil
}

// TeamsOfOrganisation lists an organisation's teams by name.
func (s *Store) TeamsOfOrganisation(ctx context.Context, orgID int64) ([]klaver.Team, error) {
	rows, err := s.queryRead(ctx,
		"SELECT id, org_id, name, client_statement, tz, hours_per_day, workdays, max_internal "+
			"FROM teams WHERE org_id = $1 ORDER BY name", orgID)
	if err != nil {
		return nil, fmt.Errorf("teams of organisation %d: %w", orgID, err)
	}
	defer rows.Close()
	var teams []klaver.Team
	for rows.Next() {
		var t klaver.Team
		if err := rows.Scan(&t.ID, &t.OrgID, &t.Name, &t.ClientStatement, &t.TZ, &t.HoursPerDay, &t.Workdays, &t.MaxInternal); err != nil {
			return nil, fmt.Errorf("teams of organisation %d: %w", orgID, err)
		}
		teams = append(teams, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("teams of organisation %d: %w", orgID, err)
	}
	return teams, nil
}

// UpdateTeam changes a team's name, client statement and audit settings.
// New settings apply to later imports; figures already imported keep the
// settings they were computed with.
func (s *Store) UpdateTeam(ctx context.Context, t klaver.Team) error {
	if strings.TrimSpace(t.Name) == "" {
		return klaver.Errorf(klaver.ErrInvalid, "A team needs a name.")
	}
	if err := teamTexts(t); err != nil {
		return err
	}
	t = t.WithDefaults()
	res, err := s.execAccess(ctx,
		"UPDATE teams SET name = $1, client_statement = $2, tz = $3, hours_per_day = $4, workdays = $5, "+
			"max_internal = $6 WHERE id = $7",
		t.Name, t.ClientStatement, t.TZ, t.HoursPerDay, t.Workdays, t.MaxInternal, t.ID)
	if err != nil {
		return fmt.Errorf("update team %d: %w", t.ID, s.domainError(err, "A team named "+t.Name))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return klaver.Errorf(klaver.ErrNotFound, "There is no team %d.", t.ID)
	}
	return nil
}

// Clients returns a team's client registry by name.
func (s *Store) Clients(ctx context.Context, teamID int64) ([]klaver.ClientRecord, error) {
	rows, err := s.queryRead(ctx,
		"SELECT name, domains, aliases FROM clients WHERE team_id = $1 ORDER BY name", teamID)
	if err != nil {
		return nil, fmt.Errorf("clients of team %d: %w", teamID, err)
	}
	defer rows.Close()
	clients := []klaver.ClientRecord{}
	for rows.Next() {
		var c klaver.ClientRecord
		var domains, aliases string
		if err := rows.Scan(&c.Name, &domains, &aliases); err != nil {
			return nil, fmt.Errorf("clients of team %d: %w", teamID, err)
		}
		c.Domains, c.Aliases = splitLines(domains), splitLines(aliases)
		clients = append(clients, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("clients of team %d: %w", teamID, err)
	}
	return clients, nil
}

// ReplaceClients replaces a team's whole client registry in one
// transaction. It applies to later imports.
func (s *Store) ReplaceClients(ctx context.Context, teamID int64, clients []klaver.ClientRecord) error {
	for _, c := range clients {
		if strings.TrimSpace(c.Name) == "" {
			return klaver.Errorf(klaver.ErrInvalid, "Every client needs a name.")
		}
		for _, v := range append(append([]string{}, c.Domains...), c.Aliases...) {
			if strings.ContainsAny(v, "\r\n") || strings.TrimSpace(v) == "" {
				return klaver.Errorf(klaver.ErrInvalid, "Client %s has an empty domain or alias, or one with a line break.", c.Name)
			}
		}
	}
	if err := s.teamExists(ctx, teamID); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM clients WHERE team_id = $1", teamID); err != nil {
			return err
		}
		for _, c := range clients {
			_, err := tx.ExecContext(ctx, "INSERT INTO clients (team_id, name, domains, aliases) VALUES ($1, $2, $3, $4)",
				teamID, strings.TrimSpace(c.Name), strings.Join(c.Domains, "\n"), strings.Join(c.Aliases, "\n"))
			if err != nil {
				return s.domainError(err, "Client "+c.Name)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("replace clients of team %d: %w", teamID, err)
	}
	return nil
}

func splitLines(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\n")
}

// TeamAccess is what a person may do in one team, with the team itself
// and its organisation's privacy minimum, which every team route needs.
type TeamAccess struct {
	Coach  bool // coach of the team's organisation
	Leader bool
	Member bool // a member or the leader: someone who imports for the team

	Team            klaver.Team
	MinContributors int
	// DataVersion changes whenever the team's sums do.
	DataVersion int64
}

// teamAccessQuery finds a person's roles in a team with the team and its
// organisation's minimum.
const teamAccessQuery = "SELECT (SELECT role FROM memberships WHERE person_id = $1 AND team_id = t.id), " +
	"EXISTS (SELECT 1 FROM coach_assignments c WHERE c.person_id = $1 AND c.org_id = t.org_id), " +
	"t.id, t.org_id, t.name, t.client_statement, t.tz, t.hours_per_day, t.workdays, t.max_internal, " +
	"o.min_contributors, t.data_version " +
	"FROM teams t JOIN organisations o ON o.id = t.org_id WHERE t.id = $2"

// TeamAccessOf finds a person's roles in a team, the team and its
// organisation's minimum in one query, for the access rules that every
// team route passes.
func (s *Store) TeamAccessOf(ctx context.Context, personID, teamID int64) (TeamAccess, error) {
	k := accessKey{person: personID, team: teamID}
	e, gen, ok := s.access.lookup(k)
	if ok {
		return e.access, nil
	}
	a, err := s.teamAccessOf(ctx, personID, teamID)
	if err == nil {
		s.access.keep(gen, k, accessEntry{access: a})
	}
	return a, err
}

func (s *Store) teamAccessOf(ctx context.Context, personID, teamID int64) (TeamAccess, error) {
	var a TeamAccess
	var role sql.NullString
	t := &a.Team
	stmt, err := s.prepared(ctx, teamAccessQuery)
	if err != nil {
		return a, fmt.Errorf("access of person %d to team %d: %w", personID, teamID, err)
	}
	err = stmt.QueryRowContext(ctx, personID, teamID).
		Scan(&role, &a.Coach, &t.ID, &t.OrgID, &t.Name, &t.ClientStatement, &t.TZ, &t.HoursPerDay, &t.Workdays,
			&t.MaxInternal, &a.MinContributors, &a.DataVersion)
	if errors.Is(err, sql.ErrNoRows) {
		return a, klaver.Errorf(klaver.ErrNotFound, "There is no team %d.", teamID)
	}
	if err != nil {
		return a, fmt.Errorf("access of person %d to team %d: %w", personID, teamID, err)
	}
	a.Leader = role.String == string(klaver.RoleLeader)
	a.Member = role.Valid
	return a, nil
}

// tokenTeamAccessQuery is teamAccessQuery for the person of an API token,
// so that a script's request to a team route costs one query: the token's
// person, their roles in the team and the team. Team columns are NULL when
// the team does not exist.
const tokenTeamAccessQuery = "SELECT p.id, p.email, p.name, p.lang, p.share_individual, " +
	"(SELECT role FROM memberships WHERE person_id = p.id AND team_id = t.id), " +
	"EXISTS (SELECT 1 FROM coach_assignments c WHERE c.person_id = p.id AND c.org_id = t.org_id), " +
	"t.id, t.org_id, t.name, t.client_statement, t.tz, t.hours_per_day, t.workdays, t.max_internal, " +
	"o.min_contributors, t.data_version " +
	"FROM api_tokens k JOIN people p ON p.id = k.person_id " +
	"LEFT JOIN teams t ON t.id = $2 LEFT JOIN organisations o ON o.id = t.org_id WHERE k.hash = $1"

// TeamAccessByToken finds the person of an API token and their access to
// a team in one query. An unknown token is unauthorized; a team that does
// not exist is not found.
func (s *Store) TeamAccessByToken(ctx context.Context, tokenHash string, teamID int64) (klaver.Person, TeamAccess, error) {
	k := accessKey{token: tokenHash, team: teamID}
	e, gen, ok := s.access.lookup(k)
	if ok {
		return e.person, e.access, nil
	}
	p, a, err := s.teamAccessByToken(ctx, tokenHash, teamID)
	if err == nil {
		s.access.keep(gen, k, accessEntry{person: p, access: a})
	}
	return p, a, err
}

func (s *Store) teamAccessByToken(ctx context.Context, tokenHash string, teamID int64) (klaver.Person, TeamAccess, error) {
	var p klaver.Person
	var a TeamAccess
	var role, name, statement, zone, workdays sql.NullString
	var id, org, version sql.NullInt64
	var hours, maxInternal sql.NullFloat64
	var minimum sql.NullInt32
	stmt, err := s.prepared(ctx, tokenTeamAccessQuery)
	if err != nil {
		return p, a, fmt.Errorf("access by API token to team %d: %w", teamID, err)
	}
	err = stmt.QueryRowContext(ctx, tokenHash, teamID).Scan(&p.ID, &p.Email, &p.Name, &p.Lang, &p.ShareIndividual,
		&role, &a.Coach, &id, &org, &name, &statement, &zone, &hours, &workdays, &maxInternal, &minimum, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return p, a, klaver.Errorf(klaver.ErrUnauthorized, "The API token is unknown or has expired; sign in again.")
	}
	if err != nil {
		return p, a, fmt.Errorf("access by API token to team %d: %w", teamID, err)
	}
	if !id.Valid {
		return p, a, klaver.Errorf(klaver.ErrNotFound, "There is no team %d.", teamID)
	}
	a.Team = klaver.Team{ID: id.Int64, OrgID: org.Int64, Name: name.String, ClientStatement: statement.String,
		TZ: zone.String, HoursPerDay: hours.Float64, Workdays: workdays.String, MaxInternal: maxInternal.Float64}
	a.MinContributors, a.DataVersion = int(minimum.Int32), version.Int64
	a.Leader = role.String == string(klaver.RoleLeader)
	a.Member = role.Valid
	return p, a, nil
}

// CoachOf reports whether a person coaches an organisation.
func (s *Store) CoachOf(ctx context.Context, personID, orgID int64) (bool, error) {
	var ok bool
	err := s.queryRowRead(ctx,
		"SELECT EXISTS (SELECT 1 FROM coach_assignments WHERE person_id = $1 AND org_id = $2)", personID, orgID).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("coach of organisation %d: %w", orgID, err)
	}
	return ok, nil
}

// Place is a team a person belongs to or coaches, with their role there.
type Place struct {
	Team klaver.Team
	Org  klaver.Organisation
	Role klaver.Role
}

// PlacesOf lists the teams a person is a member or leader of, and the teams
// of the organisations they coach, by organisation and team name.
func (s *Store) PlacesOf(ctx context.Context, personID int64) ([]Place, error) {
	rows, err := s.queryRead(ctx,
		"SELECT t.id, t.name, o.id, o.name, o.min_contributors, m.role FROM memberships m "+
			"JOIN teams t ON t.id = m.team_id JOIN organisations o ON o.id = t.org_id WHERE m.person_id = $1 "+
			"UNION ALL "+
			"SELECT t.id, t.name, o.id, o.name, o.min_contributors, 'coach' FROM coach_assignments c "+
			"JOIN organisations o ON o.id = c.org_id JOIN teams t ON t.org_id = o.id WHERE c.person_id = $1 "+
			"ORDER BY 4, 2, 6", personID)
	if err != nil {
		return nil, fmt.Errorf("teams of person %d: %w", personID, err)
	}
	defer rows.Close()
	places := []Place{}
	for rows.Next() {
		var p Place
		var role string
		if err := rows.Scan(&p.Team.ID, &p.Team.Name, &p.Org.ID, &p.Org.Name, &p.Org.MinContributors, &role); err != nil {
			return nil, fmt.Errorf("teams of person %d: %w", personID, err)
		}
		p.Team.OrgID, p.Role = p.Org.ID, klaver.Role(role)
		places = append(places, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("teams of person %d: %w", personID, err)
	}
	return places, nil
}

// UpdatePerson changes a person's name, language and sharing choice. A
// change of sharing refreshes the sums of the person's teams, which know
// whose figures their leaders can see (WeekSeconds.Private).
func (s *Store) UpdatePerson(ctx context.Context, p klaver.Person) error {
	if err := tooLong("A name", p.Name, MaxNameLen); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var shared bool
		err := tx.QueryRowContext(ctx, "SELECT share_individual FROM people WHERE id = $1", p.ID).Scan(&shared)
		if errors.Is(err, sql.ErrNoRows) {
			return klaver.Errorf(klaver.ErrNotFound, "There is no person %d.", p.ID)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE people SET name = $1, lang = $2, share_individual = $3 WHERE id = $4",
			p.Name, p.Lang, p.ShareIndividual, p.ID); err != nil {
			return err
		}
		if shared == p.ShareIndividual {
			return nil
		}
		teams, err := teamsOf(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		return s.refreshTeams(ctx, tx, teams)
	})
	if err != nil {
		return fmt.Errorf("update person %d: %w", p.ID, err)
	}
	return nil
}

// teamsOf returns the teams a person is a member or leader of.
func teamsOf(ctx context.Context, tx *sql.Tx, personID int64) (map[int64]bool, error) {
	rows, err := tx.QueryContext(ctx, "SELECT team_id FROM memberships WHERE person_id = $1", personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	teams := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		teams[id] = true
	}
	return teams, rows.Err()
}

// Person returns a person by ID.
func (s *Store) Person(ctx context.Context, id int64) (klaver.Person, error) {
	return s.personWhere(ctx, "id = $1", id, klaver.Errorf(klaver.ErrNotFound, "There is no person %d.", id))
}

// personWhere finds the one person a condition names, or notFound.
func (s *Store) personWhere(ctx context.Context, cond string, arg any, notFound error) (klaver.Person, error) {
	var p klaver.Person
	err := s.queryRowRead(ctx,
		"SELECT id, email, name, lang, share_individual FROM people WHERE "+cond, arg).
		Scan(&p.ID, &p.Email, &p.Name, &p.Lang, &p.ShareIndividual)
	if errors.Is(err, sql.ErrNoRows) {
		return p, notFound
	}
	if err != nil {
		return p, fmt.Errorf("person where %s (%v): %w", cond, arg, err)
	}
	return p, nil
}
