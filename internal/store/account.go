package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/klaver/klaver"
)

// Member is a person as seen by a team: who they are and what they may do.
type Member struct {
	klaver.Person
	Role klaver.Role
	// Withdrawn is set when the member deleted their data: only they
	// import it again.
	Withdrawn bool
}

// Lengths of what people type that pages show: enough for any real name
// or statement, and a bound on what one form can make every page carry.
const (
	MaxNameLen      = 200
	MaxStatementLen = 2000
)

// tooLong refuses a text longer than max characters.
func tooLong(what, text string, max int) error {
	if utf8.RuneCountInString(text) > max {
		return klaver.Errorf(klaver.ErrInvalid, "%s is at most %d characters.", what, max)
	}
	return nil
}

// ValidEmail reports whether a normalised address is a plain e-mail
// address, addr-spec only: no display name or angle brackets, no control
// characters or white space, one @ with a local part and a domain name
// (not an address literal) of at least two labels that does not end in a
// dot. Invitations and accounts take only such addresses, so that a
// look-alike ("anna@acme.nl.", "Anna <anna@acme.nl>") cannot pass for
// someone in a team's list, nor mail go to an address literal.
func ValidEmail(email string) bool {
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || a.Name != "" {
		return false
	}
	for _, r := range email {
		if r <= ' ' || r == 0x7f || unicode.IsSpace(r) || unicode.IsControl(r) {
			return false
		}
	}
	local, domain, ok := strings.Cut(email, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.HasPrefix(domain, "[") &&
		!strings.HasSuffix(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.Contains(domain, "..")
}

// NormalizeEmail is the form in which addresses are stored and looked up,
// so that an address typed in another case finds the same person.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// CreateOrganisation stores o and returns it with its ID.
func (s *Store) CreateOrganisation(ctx context.Context, o klaver.Organisation) (klaver.Organisation, error) {
	if strings.TrimSpace(o.Name) == "" {
		return o, klaver.Errorf(klaver.ErrInvalid, "An organisation needs a name.")
	}
	if o.MinContributors == 0 {
		o.MinContributors = klaver.DefaultMinContributors
	}
	if o.MinContributors < klaver.LeastMinContributors {
		return o, klaver.Errorf(klaver.ErrInvalid, "Team figures need at least %d contributors, so that no one's week can be read from them.", klaver.LeastMinContributors)
	}
	err := s.write.QueryRowContext(ctx,
		"INSERT INTO organisations (name, min_contributors, created_at) VALUES ($1, $2, $3) RETURNING id",
		o.Name, o.MinContributors, now()).Scan(&o.ID)
	if err != nil {
		return o, fmt.Errorf("create organisation %q: %w", o.Name, s.domainError(err, "An organisation"))
	}
	return o, nil
}

// CreateTeam stores t and returns it with its ID.
func (s *Store) CreateTeam(ctx context.Context, t klaver.Team) (klaver.Team, error) {
	if strings.TrimSpace(t.Name) == "" {
		return t, klaver.Errorf(klaver.ErrInvalid, "A team needs a name.")
	}
	if err := teamTexts(t); err != nil {
		return t, err
	}
	t = t.WithDefaults()
	err := s.write.QueryRowContext(ctx,
		"INSERT INTO teams (org_id, name, client_statement, tz, hours_per_day, workdays, max_internal, created_at) "+
			"VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
		t.OrgID, t.Name, t.ClientStatement, t.TZ, t.HoursPerDay, t.Workdays, t.MaxInternal, now()).Scan(&t.ID)
	if err != nil {
		return t, fmt.Errorf("create team %q: %w", t.Name, s.domainError(err, "A team named "+t.Name))
	}
	return t, nil
}

// CreatePerson stores p with the hash of their password (empty for none)
// and returns p with its ID and normalised e-mail address. An address that
// is already in use is a conflict.
func (s *Store) CreatePerson(ctx context.Context, p klaver.Person, passwordHash string) (klaver.Person, error) {
	p.Email = NormalizeEmail(p.Email)
	if err := tooLong("A name", p.Name, MaxNameLen); err != nil {
		return p, err
	}
	if !ValidEmail(p.Email) {
		return p, klaver.Errorf(klaver.ErrInvalid, "%q is not an e-mail address.", p.Email)
	}
	err := s.write.QueryRowContext(ctx,
		"INSERT INTO people (email, name, password_hash, lang, share_individual, created_at) "+
			"VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
		p.Email, p.Name, passwordHash, p.Lang, p.ShareIndividual, now()).Scan(&p.ID)
	if err != nil {
		return p, fmt.Errorf("create person %s: %w", p.Email, s.domainError(err, "A person with e-mail address "+p.Email))
	}
	return p, nil
}

// PersonByEmail finds the person with the address, in any case.
func (s *Store) PersonByEmail(ctx context.Context, email string) (klaver.Person, error) {
	email = NormalizeEmail(email)
	return s.personWhere(ctx, "email = $1", email, klaver.Errorf(klaver.ErrNotFound, "Nobody has e-mail address %s.", email))
}

// AddMembership places a person in a team, or changes their role there.
// What they imported for the team before counts in its sums again.
func (s *Store) AddMembership(ctx context.Context, m klaver.Membership) error {
	if !m.Role.Valid() {
		return klaver.Errorf(klaver.ErrInvalid, "%q is not a role.", m.Role)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error { return s.addMembership(ctx, tx, m) })
	if err != nil {
		return fmt.Errorf("add person %d to team %d: %w", m.PersonID, m.TeamID, s.domainError(err, "The membership"))
	}
	return nil
}

// MembersOfTeam lists the people of a team by name and e-mail address.
func (s *Store) MembersOfTeam(ctx context.Context, teamID int64) ([]Member, error) {
	if err := s.teamExists(ctx, teamID); err != nil {
		return nil, err
	}
	rows, err := s.queryRead(ctx,
		"SELECT p.id, p.email, p.name, p.lang, p.share_individual, m.role, NOT p.others_may_import "+
			"FROM memberships m JOIN people p ON p.id = m.person_id "+
			"WHERE m.team_id = $1 ORDER BY p.name, p.email", teamID)
	if err != nil {
		return nil, fmt.Errorf("members of team %d: %w", teamID, err)
	}
	defer rows.Close()
	var members []Member
	for rows.Next() {
		var m Member
		var role string
		if err := rows.Scan(&m.ID, &m.Email, &m.Name, &m.Lang, &m.ShareIndividual, &role, &m.Withdrawn); err != nil {
			return nil, fmt.Errorf("members of team %d: %w", teamID, err)
		}
		m.Role = klaver.Role(role)
		members = append(members, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("members of team %d: %w", teamID, err)
	}
	return members, nil
}

func (s *Store) teamExists(ctx context.Context, teamID int64) error {
	var n int
	err := s.queryRowRead(ctx, "SELECT COUNT(*) FROM teams WHERE id = $1", teamID).Scan(&n)
	if err != nil {
		return fmt.Errorf("team %d: %w", teamID, err)
	}
	if n == 0 {
		return klaver.Errorf(klaver.ErrNotFound, "There is no team %d.", teamID)
	}
	return nil
}

// addMembership stores a membership and refreshes the team's sums, which
// count current members only.
func (s *Store) addMembership(ctx context.Context, tx *sql.Tx, m klaver.Membership) error {
	_, err := tx.ExecContext(ctx,
		"INSERT INTO memberships (person_id, team_id, role) VALUES ($1, $2, $3) "+
			"ON CONFLICT (person_id, team_id) DO UPDATE SET role = excluded.role",
		m.PersonID, m.TeamID, string(m.Role))
	if err != nil {
		return err
	}
	return s.refreshTeam(ctx, tx, m.TeamID)
}

// teamTexts bounds the texts of a team that its pages show.
func teamTexts(t klaver.Team) error {
	if err := tooLong("A team's name", t.Name, MaxNameLen); err != nil {
		return err
	}
	return tooLong("The client statement", t.ClientStatement, MaxStatementLen)
}
