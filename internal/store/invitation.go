package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/klaver/klaver"
)

// Invitation asks someone to join a team with a role. Only the hash of its
// token is stored: the link that carries the token is the invitation.
type Invitation struct {
	TeamID    int64
	Email     string
	Role      klaver.Role
	InvitedBy int64 // 0 for none, e.g. an administrator's command
	Expires   time.Time
}

// CreateInvitation stores an invitation under the hash of its token and,
// unless mail is nil, queues the mail that carries its link in the same
// transaction: both happen or neither. It replaces an open invitation of
// the same address into the same team: its link stops working and its
// mail, if not sent yet, is not sent, so that inviting again is how a
// leader corrects a role or resends a lost mail.
func (s *Store) CreateInvitation(ctx context.Context, inv Invitation, tokenHash string, mail *Mail) error {
	inv.Email = NormalizeEmail(inv.Email)
	if !ValidEmail(inv.Email) {
		return klaver.Errorf(klaver.ErrInvalid, "%q is not an e-mail address.", inv.Email)
	}
	if inv.Role != klaver.RoleLeader && inv.Role != klaver.RoleMember {
		return klaver.Errorf(klaver.ErrInvalid, "An invitation is for a leader or a member, not %q.", inv.Role)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := replaceOpenInvitations(ctx, tx, inv.TeamID, inv.Email); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx,
			"INSERT INTO invitations (token_hash, team_id, email, role, invited_by, created_at, expires_at) "+
				"VALUES ($1, $2, $3, $4, $5, $6, $7)",
			tokenHash, inv.TeamID, inv.Email, string(inv.Role),
			sql.NullInt64{Int64: inv.InvitedBy, Valid: inv.InvitedBy != 0}, now(), inv.Expires.UTC())
		if err != nil || mail == nil {
			return err
		}
		id, err := enqueueMail(ctx, tx, *mail)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE invitations SET mail_id = $1 WHERE token_hash = $2", id, tokenHash)
		return err
	})
	if err != nil {
		return fmt.Errorf("invite %s to team %d: %w", inv.Email, inv.TeamID, s.domainError(err, "The invitation"))
	}
	return nil
}

// replaceOpenInvitations removes the team's open invitations of email and
// gives up their mail that is still waiting.
func replaceOpenInvitations(ctx context.Context, tx *sql.Tx, teamID int64, email string) error {
	_, err := tx.ExecContext(ctx,
		"UPDATE outbox SET failed_at = $1, body = NULL, last_error = 'replaced by a newer invitation' "+
			"WHERE sent_at IS NULL AND failed_at IS NULL AND id IN ("+
			"SELECT mail_id FROM invitations WHERE team_id = $2 AND email = $3 AND accepted_at IS NULL AND mail_id IS NOT NULL)",
		now(), teamID, email)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx,
		"DELETE FROM invitations WHERE team_id = $1 AND email = $2 AND accepted_at IS NULL", teamID, email)
	return err
}

// OpenInvitation is an invitation not yet accepted and not expired, with
// how its mail fared.
type OpenInvitation struct {
	Email   string
	Role    klaver.Role
	Created time.Time
	Expires time.Time
	// Mail is the delivery of its link; nil when the link was shown to the
	// inviter instead of mailed.
	Mail *Mail
}

// OpenInvitations lists a team's invitations that still work, newest
// first, for the inviter to see whether they arrived.
func (s *Store) OpenInvitations(ctx context.Context, teamID int64) ([]OpenInvitation, error) {
	rows, err := s.read.QueryContext(ctx,
		"SELECT i.email, i.role, i.created_at, i.expires_at, o.id, o.attempts, o.last_error, o.sent_at, o.failed_at "+
			"FROM invitations i LEFT JOIN outbox o ON o.id = i.mail_id "+
			"WHERE i.team_id = $1 AND i.accepted_at IS NULL AND i.expires_at > $2 ORDER BY i.created_at DESC, i.email",
		teamID, now())
	if err != nil {
		return nil, fmt.Errorf("open invitations of team %d: %w", teamID, err)
	}
	defer rows.Close()
	var list []OpenInvitation
	for rows.Next() {
		var inv OpenInvitation
		var role string
		var mailID sql.NullInt64
		var attempts sql.NullInt32
		var lastError sql.NullString
		var sent, failed sql.NullTime
		if err := rows.Scan(&inv.Email, &role, &inv.Created, &inv.Expires, &mailID, &attempts, &lastError, &sent, &failed); err != nil {
			return nil, fmt.Errorf("open invitations of team %d: %w", teamID, err)
		}
		inv.Role = klaver.Role(role)
		if mailID.Valid {
			inv.Mail = &Mail{ID: mailID.Int64, Attempts: int(attempts.Int32), LastError: lastError.String, Sent: sent.Time, Failed: failed.Time}
		}
		list = append(list, inv)
	}
	return list, rows.Err()
}

// InvitationByToken returns the invitation of a token while it still
// works; an unknown, used or expired one is not found.
func (s *Store) InvitationByToken(ctx context.Context, tokenHash string) (Invitation, error) {
	var inv Invitation
	var role string
	var accepted sql.NullTime
	var invitedBy sql.NullInt64
	err := s.read.QueryRowContext(ctx,
		"SELECT team_id, email, role, invited_by, expires_at, accepted_at FROM invitations WHERE token_hash = $1", tokenHash).
		Scan(&inv.TeamID, &inv.Email, &role, &invitedBy, &inv.Expires, &accepted)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (accepted.Valid || now().After(inv.Expires))) {
		return inv, errInvitationGone
	}
	if err != nil {
		return inv, fmt.Errorf("invitation: %w", err)
	}
	inv.Role, inv.InvitedBy = klaver.Role(role), invitedBy.Int64
	return inv, nil
}

var errInvitationGone = klaver.Errorf(klaver.ErrNotFound, "This invitation is unknown, used or expired; ask for a new one.")

// AcceptInvitation uses an invitation once and returns the person who
// joined the team with it. personID is the invited person's account, which
// the caller has made sure is theirs (signed in, or its password given);
// 0 creates the account, with passwordHash, and is refused when the
// address already has one. A coach of the team's organisation cannot join
// its teams: a coach sees team figures only.
func (s *Store) AcceptInvitation(ctx context.Context, tokenHash string, personID int64, name, passwordHash string) (klaver.Person, error) {
	var p klaver.Person
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var inv Invitation
		var role string
		var accepted sql.NullTime
		err := tx.QueryRowContext(ctx,
			"SELECT team_id, email, role, expires_at, accepted_at FROM invitations WHERE token_hash = $1", tokenHash).
			Scan(&inv.TeamID, &inv.Email, &role, &inv.Expires, &accepted)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && (accepted.Valid || now().After(inv.Expires))) {
			return errInvitationGone
		}
		if err != nil {
			return err
		}
		if p, err = invitedPerson(ctx, tx, inv.Email, personID, name, passwordHash); err != nil {
			return err
		}
		if err := refuseCoach(ctx, tx, p, inv.TeamID); err != nil {
			return err
		}
		if err := s.addMembership(ctx, tx, klaver.Membership{PersonID: p.ID, TeamID: inv.TeamID, Role: klaver.Role(role)}); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE invitations SET accepted_at = $1 WHERE token_hash = $2", now(), tokenHash)
		return err
	})
	if err != nil {
		return p, fmt.Errorf("accept invitation: %w", err)
	}
	return p, nil
}

// invitedPerson returns the account personID, which must have the invited
// address, or with personID 0 creates one for the address.
func invitedPerson(ctx context.Context, tx *sql.Tx, email string, personID int64, name, passwordHash string) (klaver.Person, error) {
	p := klaver.Person{Email: email}
	var id int64
	err := tx.QueryRowContext(ctx, "SELECT id, name, lang, share_individual FROM people WHERE email = $1", email).
		Scan(&id, &p.Name, &p.Lang, &p.ShareIndividual)
	switch {
	case err == nil && id == personID:
		p.ID = id
		return p, nil
	case err == nil && personID == 0:
		return p, klaver.Errorf(klaver.ErrConflict, "There is already an account for %s: sign in to accept the invitation.", email)
	case err == nil || errors.Is(err, sql.ErrNoRows) && personID != 0:
		return p, klaver.Errorf(klaver.ErrForbidden, "This invitation is for %s, not for the account you are signed in with.", email)
	case !errors.Is(err, sql.ErrNoRows):
		return p, err
	}
	if passwordHash == "" {
		return p, klaver.Errorf(klaver.ErrInvalid, "Choose a password to create your account.")
	}
	if err := tooLong("A name", name, MaxNameLen); err != nil {
		return p, err
	}
	p.Name = name
	err = tx.QueryRowContext(ctx,
		"INSERT INTO people (email, name, password_hash, lang, share_individual, created_at) "+
			"VALUES ($1, $2, $3, '', FALSE, $4) RETURNING id", email, name, passwordHash, now()).Scan(&p.ID)
	return p, err
}

// refuseCoach refuses a coach of the team's organisation as its member.
func refuseCoach(ctx context.Context, tx *sql.Tx, p klaver.Person, teamID int64) error {
	var coach bool
	err := tx.QueryRowContext(ctx,
		"SELECT EXISTS (SELECT 1 FROM coach_assignments c JOIN teams t ON t.org_id = c.org_id "+
			"WHERE c.person_id = $1 AND t.id = $2)", p.ID, teamID).Scan(&coach)
	if err != nil {
		return err
	}
	if coach {
		return klaver.Errorf(klaver.ErrForbidden, "%s coaches this organisation, and a coach sees team figures only: a coach cannot join its teams.", p.Email)
	}
	return nil
}

// DeleteExpiredSessions removes sessions past their end, so that the table
// holds only sign-ins that still work.
func (s *Store) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	res, err := s.write.ExecContext(ctx, "DELETE FROM sessions WHERE expires_at < $1", now())
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// CreatePasswordReset stores a reset link's token hash for a person and,
// unless mail is nil, queues the mail that carries the link in the same
// transaction.
func (s *Store) CreatePasswordReset(ctx context.Context, personID int64, tokenHash string, expires time.Time, mail *Mail) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx,
			"INSERT INTO password_resets (token_hash, person_id, expires_at) VALUES ($1, $2, $3)",
			tokenHash, personID, expires.UTC())
		if err != nil || mail == nil {
			return err
		}
		_, err = enqueueMail(ctx, tx, *mail)
		return err
	})
	if err != nil {
		return fmt.Errorf("password reset for person %d: %w", personID, s.domainError(err, "The reset link"))
	}
	return nil
}

// ResetPassword uses a reset link once: it sets the new password hash,
// ends every session of the person and revokes their API tokens, so that
// whoever knew the old password, or made a token with it, is shut out. It
// returns the person.
func (s *Store) ResetPassword(ctx context.Context, tokenHash, passwordHash string) (klaver.Person, error) {
	var p klaver.Person
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var expires time.Time
		var used sql.NullTime
		err := tx.QueryRowContext(ctx, "SELECT person_id, expires_at, used_at FROM password_resets WHERE token_hash = $1",
			tokenHash).Scan(&p.ID, &expires, &used)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && (used.Valid || now().After(expires))) {
			return klaver.Errorf(klaver.ErrNotFound, "This reset link is unknown, used or expired; ask for a new one.")
		}
		if err != nil {
			return err
		}
		steps := []struct {
			q    string
			args []any
		}{
			{"UPDATE people SET password_hash = $1 WHERE id = $2", []any{passwordHash, p.ID}},
			{"UPDATE password_resets SET used_at = $1 WHERE token_hash = $2", []any{now(), tokenHash}},
			{"DELETE FROM sessions WHERE person_id = $1", []any{p.ID}},
			{"DELETE FROM api_tokens WHERE person_id = $1", []any{p.ID}},
		}
		for _, st := range steps {
			if _, err := tx.ExecContext(ctx, st.q, st.args...); err != nil {
				return err
			}
		}
		return tx.QueryRowContext(ctx, "SELECT email, name, lang, share_individual FROM people WHERE id = $1", p.ID).
			Scan(&p.Email, &p.Name, &p.Lang, &p.ShareIndividual)
	})
	if err != nil {
		return p, fmt.Errorf("reset password: %w", err)
	}
	return p, nil
}
