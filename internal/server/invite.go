package server

import (
	"cmp"
	"context"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/auth"
	"github.com/klaver/klaver/internal/store"
)

// invitationTTL is how long an invitation link works.
const invitationTTL = 14 * 24 * time.Hour

// minPasswordLen is the shortest password accepted, in characters.
const minPasswordLen = 12

// handleInvite invites someone into a team: the leader invites members, a
// coach of the organisation also leaders. The answer holds the link; it is
// shown to the inviter to pass on.
func (s *Server) handleInvite(w http.ResponseWriter, r *http.Request) {
	p, _ := principalOf(r.Context())
	var body struct {
		Email string `json:"email"`
		Role  string `json:"role"`
	}
	if err := decodeJSON(w, r, &body, `{"email": "anna@example.org", "role": "member"}`); err != nil {
		s.writeError(w, r, err)
		return
	}
	lang := s.pages.Lang(p.person.Lang, r.Header.Get("Accept-Language"))
	inv, err := s.invite(r.Context(), p, body.Email, body.Role, lang)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	answer := map[string]any{"email": store.NormalizeEmail(body.Email), "role": string(inv.role),
		"expires_at": inv.expires.UTC(), "mailed": inv.mailed}
	if !inv.mailed {
		// Nobody else will pass the link on.
		answer["url"] = inv.link
		answer["token"] = strings.TrimPrefix(inv.link, s.invitationBase())
	}
	writeJSON(w, http.StatusCreated, answer)
}

// invitationBase is the start of every invitation link; the token follows.
func (s *Server) invitationBase() string {
	return strings.TrimRight(s.cfg.BaseURL, "/") + "/invitation?t="
}

// invitation is a new invitation: its link, and whether it was mailed.
type invitation struct {
	link    string
	role    klaver.Role
	expires time.Time
	mailed  bool
}

// invite stores an invitation into the route's team. When the server
// sends mail, the link goes to the invited person by mail, in lang (the
// inviter's language: the invited person has not chosen one yet);
// otherwise the inviter passes it on. The leader invites members, a coach
// of the organisation also leaders.
func (s *Server) invite(ctx context.Context, p principal, email, roleName, lang string) (invitation, error) {
	role := klaver.Role(roleName)
	if role == "" {
		role = klaver.RoleMember
	}
	if role == klaver.RoleLeader && !p.team.Coach {
		return invitation{}, klaver.Errorf(klaver.ErrForbidden, "Only a coach invites leaders; a leader invites members.")
	}
	if err := s.mayJoin(ctx, p, store.NormalizeEmail(email)); err != nil {
		return invitation{}, err
	}
	secret, hash, err := auth.NewToken()
	if err != nil {
		return invitation{}, err
	}
	inv := invitation{link: s.invitationBase() + secret, role: role, expires: time.Now().Add(invitationTTL), mailed: s.mailing()}
	stored := store.Invitation{TeamID: p.team.Team.ID, Email: email, Role: role, InvitedBy: p.person.ID, Expires: inv.expires}
	var m *store.Mail
	if inv.mailed {
		roleWord := s.pages.Text(lang, "mail_role_"+string(role))
		inviter := cmp.Or(p.person.Name, p.person.Email)
		m, err = s.newMail("invitation", store.NormalizeEmail(email),
			s.pages.Text(lang, "mail_invite_subject", p.team.Team.Name),
			s.pages.Text(lang, "mail_invite_body", inviter, p.team.Team.Name, roleWord, inv.link))
		if err != nil {
			return invitation{}, err
		}
	}
	if err := s.store.CreateInvitation(ctx, stored, hash, m); err != nil {
		return invitation{}, err
	}
	if inv.mailed {
		s.nudgeMail()
	}
	return inv, nil
}

// mayJoin refuses invitations that would let someone see more than their
// role allows: to oneself (a coach making themselves leader, a member
// changing their own role), and to a coach of the team's organisation,
// who sees team figures only. Accepting checks the coach again.
func (s *Server) mayJoin(ctx context.Context, p principal, email string) error {
	if email == p.person.Email {
		return klaver.Errorf(klaver.ErrForbidden, "You cannot invite yourself; ask another leader or a coach.")
	}
	invitee, err := s.store.PersonByEmail(ctx, email)
	if klaver.ErrorCode(err) == klaver.ErrNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	coach, err := s.store.CoachOf(ctx, invitee.ID, p.team.Team.OrgID)
	if err != nil {
		return err
	}
	if coach {
		return klaver.Errorf(klaver.ErrForbidden, "%s coaches this organisation, and a coach sees team figures only: a coach cannot join its teams.", email)
	}
	return nil
}

// handleAcceptInvitation joins the invited person to the team and signs
// them in (see acceptInvitation).
func (s *Server) handleAcceptInvitation(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Token    string `json:"token"`
		Name     string `json:"name"`
		Password string `json:"password"`
	}
	if err := decodeJSON(w, r, &body, `{"token": "…", "name": "Anna", "password": "…"}`); err != nil {
		s.writeError(w, r, err)
		return
	}
	person, err := s.acceptInvitation(w, r, body.Token, body.Name, body.Password)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toPersonJSON(person))
}

// acceptInvitation uses an invitation link. The link alone only creates a
// new account, with the password given; it never opens an existing one,
// since whoever invited has seen it. For an address that has an account,
// the person signs in first or gives that account's password, which
// counts as a sign-in (rate limit included). Someone signed in as another
// person is refused. A new session is started unless the person was
// signed in already.
func (s *Server) acceptInvitation(w http.ResponseWriter, r *http.Request, token, name, password string) (klaver.Person, error) {
	ctx := r.Context()
	tokenHash := auth.HashToken(token)
	inv, err := s.store.InvitationByToken(ctx, tokenHash)
	if err != nil {
		return klaver.Person{}, err
	}
	if caller, ok := principalOf(ctx); ok {
		if caller.person.Email != inv.Email {
			return klaver.Person{}, klaver.Errorf(klaver.ErrForbidden,
				"You are signed in as %s, and this invitation is for %s: sign out first, or ask for an invitation to your own address.",
				caller.person.Email, inv.Email)
		}
		return s.store.AcceptInvitation(ctx, tokenHash, caller.person.ID, "", "")
	}
	existing, err := s.store.PersonByEmail(ctx, inv.Email)
	switch {
	case err == nil:
		if password == "" {
			return klaver.Person{}, klaver.Errorf(klaver.ErrUnauthorized,
				"There is already an account for %s: give its password, or sign in first, to accept the invitation.", inv.Email)
		}
		if _, err := s.signIn(w, r, signInRequest{Email: inv.Email, Password: password}); err != nil {
			return klaver.Person{}, err
		}
		return s.acceptAndSignIn(w, r, tokenHash, existing.ID, "", "")
	case klaver.ErrorCode(err) != klaver.ErrNotFound:
		return klaver.Person{}, err
	}
	if utf8.RuneCountInString(password) < minPasswordLen {
		return klaver.Person{}, klaver.Errorf(klaver.ErrInvalid, "Choose a password of at least %d characters; a few words make a good one.", minPasswordLen)
	}
	hash, err := s.hasher.Hash(password)
	if err != nil {
		return klaver.Person{}, err
	}
	return s.acceptAndSignIn(w, r, tokenHash, 0, strings.TrimSpace(name), hash)
}

// acceptAndSignIn accepts the invitation for personID (0: a new account)
// and starts a session for the person.
func (s *Server) acceptAndSignIn(w http.ResponseWriter, r *http.Request, tokenHash string, personID int64, name, hash string) (klaver.Person, error) {
	person, err := s.store.AcceptInvitation(r.Context(), tokenHash, personID, name, hash)
	if err != nil {
		return person, err
	}
	return person, s.startSession(w, r, person.ID)
}

// handleTeamCreate creates a team in an organisation the coach guides.
func (s *Server) handleTeamCreate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "org")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var body struct {
		Name string `json:"name"`
	}
	if err := decodeJSON(w, r, &body, `{"name": "Vergunningen"}`); err != nil {
		s.writeError(w, r, err)
		return
	}
	team, err := s.store.CreateTeam(r.Context(), klaver.Team{OrgID: id, Name: strings.TrimSpace(body.Name)})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toTeamJSON(team))
}

// handleTokenCreate makes an API token for scripts. Its secret is shown
// once; only its hash is stored.
func (s *Server) handleTokenCreate(w http.ResponseWriter, r *http.Request) {
	p, _ := principalOf(r.Context())
	var body struct {
		Name string `json:"name"`
	}
	if err := decodeJSON(w, r, &body, `{"name": "nightly import"}`); err != nil {
		s.writeError(w, r, err)
		return
	}
	if strings.TrimSpace(body.Name) == "" {
		s.writeError(w, r, klaver.Errorf(klaver.ErrInvalid, "Give the token a name that says what uses it."))
		return
	}
	secret, hash, err := auth.NewToken()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	id, err := s.store.CreateAPIToken(r.Context(), p.person.ID, strings.TrimSpace(body.Name), hash)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": id, "name": body.Name, "token": secret})
}

// tokenJSON is an API token as its owner sees it; the secret is shown
// once, when the token is made.
type tokenJSON struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// handleTokens lists the caller's API tokens, so that they can tell which
// script holds which and revoke the ones they no longer use.
func (s *Server) handleTokens(w http.ResponseWriter, r *http.Request) {
	p, _ := principalOf(r.Context())
	tokens, err := s.store.APITokens(r.Context(), p.person.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]tokenJSON, len(tokens))
	for i, t := range tokens {
		out[i] = tokenJSON{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt}
	}
	writeJSON(w, http.StatusOK, out)
}

// handleTokenDelete revokes one of the caller's API tokens; every server
// refuses it from then on (see the store's access cache).
func (s *Server) handleTokenDelete(w http.ResponseWriter, r *http.Request) {
	p, _ := principalOf(r.Context())
	id, err := pathID(r, "token")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.store.DeleteAPIToken(r.Context(), p.person.ID, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// invitationJSON is an open invitation as the API shows it.
type invitationJSON struct {
	Email     string     `json:"email"`
	Role      string     `json:"role"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt time.Time  `json:"expires_at"`
	Delivery  string     `json:"delivery"` // shown, waiting, sent or failed
	SentAt    *time.Time `json:"sent_at,omitempty"`
	Attempts  int        `json:"attempts,omitempty"`
	Error     string     `json:"error,omitempty"`
}

// delivery says how an invitation's link reached, or did not reach, the
// person invited.
func delivery(inv store.OpenInvitation) string {
	switch m := inv.Mail; {
	case m == nil:
		return "shown"
	case !m.Sent.IsZero():
		return "sent"
	case !m.Failed.IsZero():
		return "failed"
	}
	return "waiting"
}

func toInvitationJSON(inv store.OpenInvitation) invitationJSON {
	j := invitationJSON{Email: inv.Email, Role: string(inv.Role), CreatedAt: inv.Created.UTC(),
		ExpiresAt: inv.Expires.UTC(), Delivery: delivery(inv)}
	if m := inv.Mail; m != nil {
		j.Attempts, j.Error = m.Attempts, m.LastError
		if !m.Sent.IsZero() {
			sent := m.Sent.UTC()
			j.SentAt = &sent
		}
	}
	return j
}

// handleInvitations lists the team's open invitations and how their mail
// fared, so that the inviter can tell whether to send the link another way.
func (s *Server) handleInvitations(w http.ResponseWriter, r *http.Request) {
	p, _ := principalOf(r.Context())
	list, err := s.store.OpenInvitations(r.Context(), p.team.Team.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]invitationJSON, 0, len(list))
	for _, inv := range list {
		out = append(out, toInvitationJSON(inv))
	}
	writeJSON(w, http.StatusOK, map[string]any{"invitations": out})
}
