package server

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/auth"
	"github.com/klaver/klaver/internal/store"
)

// access says who may call a route.
type access struct {
	// signIn: only a signed-in person (by session cookie or API token).
	signIn bool
	// roles, when not empty: only a person holding one of them.
	roles []klaver.Role
	// team, when set, is checked against the person's roles in the team
	// the path's {team} names.
	team func(store.TeamAccess) bool
	// orgCoach: only a coach of the organisation the path's {org} names.
	orgCoach bool
}

// The access rules routes.go uses.
var (
	anyone   = access{}
	signedIn = access{signIn: true}
	// teamMember: the team's members and leader, who import for it.
	teamMember = access{signIn: true, team: func(a store.TeamAccess) bool { return a.Member }}
	// teamViewer: members, the leader and the organisation's coach, who
	// see the team's aggregates.
	teamViewer = access{signIn: true, team: func(a store.TeamAccess) bool { return a.Member || a.Coach }}
	// teamLeader: the team's leader only.
	teamLeader = access{signIn: true, team: func(a store.TeamAccess) bool { return a.Leader }}
	// teamLeaderOrCoach: the team's leader or the organisation's coach.
	teamLeaderOrCoach = access{signIn: true, team: func(a store.TeamAccess) bool { return a.Leader || a.Coach }}
	// orgCoach: a coach of the organisation.
	orgCoach = access{signIn: true, orgCoach: true}
)

// sessionCookie is the name of the cookie that holds a session's secret.
const sessionCookie = "klaver_session"

// principal is who makes a request.
type principal struct {
	person klaver.Person
	// sessionHash is the session's hash when the request came with a
	// session cookie, empty for an API token.
	sessionHash string
	// team is the person's access to the team a team route names.
	team store.TeamAccess
	// places are the person's teams, for a page's navigation.
	places []store.Place
}

type principalKey struct{}

// principalOf returns who made the request; ok is false when nobody is
// signed in.
func principalOf(ctx context.Context) (principal, bool) {
	p, ok := ctx.Value(principalKey{}).(principal)
	return p, ok
}

// authorized wraps h in the route's access rule: it finds who is signed in
// and lets the request through only when authorize allows it.
func (s *Server) authorized(rule access, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if token, isToken := bearerToken(r); isToken && rule.team != nil {
			// A script on a team route: who and what in one query.
			p, err := s.authorizeTokenForTeam(r, rule, token)
			if err != nil {
				s.writeError(w, r, err)
				return
			}
			h(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)))
			return
		}
		p, ok, err := s.authenticate(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := s.authorize(r, rule, &p, ok); err != nil {
			s.writeError(w, r, err)
			return
		}
		if ok {
			r = r.WithContext(context.WithValue(r.Context(), principalKey{}, p))
		}
		h(w, r)
	}
}

// authenticate finds the person behind the request: an API token in
// "Authorization: Bearer" first, otherwise the session cookie. A token
// that does not match is an error (a script should hear that its token is
// wrong); a stale cookie just means nobody is signed in.
func (s *Server) authenticate(r *http.Request) (principal, bool, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		token, found := strings.CutPrefix(h, "Bearer ")
		if !found || token == "" {
			return principal{}, false, klaver.Errorf(klaver.ErrUnauthorized,
				"The Authorization header must be \"Bearer\" followed by an API token.")
		}
		person, err := s.store.PersonByAPIToken(ctx, auth.HashToken(token))
		if err != nil {
			return principal{}, false, err
		}
		return principal{person: person}, true, nil
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return principal{}, false, nil
	}
	hash := auth.HashToken(c.Value)
	person, err := s.store.PersonBySession(ctx, hash)
	if klaver.ErrorCode(err) == klaver.ErrUnauthorized {
		return principal{}, false, nil
	}
	if err != nil {
		return principal{}, false, err
	}
	return principal{person: person, sessionHash: hash}, true, nil
}

// authorize is the one place that decides whether who may call a route
// with rule; signedIn is false for an anonymous request. For a team route
// it records who's access to the team. A team or organisation the person
// has nothing to do with is "not found", so that IDs cannot be probed.
func (s *Server) authorize(r *http.Request, rule access, who *principal, signedIn bool) error {
	ctx := r.Context()
	if !rule.signIn && len(rule.roles) == 0 {
		return nil
	}
	if !signedIn {
		return klaver.Errorf(klaver.ErrUnauthorized,
			"Sign in first: POST your e-mail address and password to /api/v1/session, or send an API token as \"Authorization: Bearer <token>\".")
	}
	if rule.team != nil {
		return s.authorizeTeam(r, rule, who)
	}
	if rule.orgCoach {
		return s.authorizeOrg(r, who)
	}
	if len(rule.roles) == 0 {
		return nil
	}
	held, err := s.store.Roles(ctx, who.person.ID)
	if err != nil {
		return err
	}
	for _, r := range held {
		if slices.Contains(rule.roles, r) {
			return nil
		}
	}
	return klaver.Errorf(klaver.ErrForbidden, "This needs the role %s; ask a coach of your organisation for it.", joinRoles(rule.roles))
}

func joinRoles(roles []klaver.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return strings.Join(names, " or ")
}

func (s *Server) authorizeTeam(r *http.Request, rule access, who *principal) error {
	id, err := pathID(r, "team")
	if err != nil {
		return err
	}
	a, err := s.store.TeamAccessOf(r.Context(), who.person.ID, id)
	if err != nil {
		return err
	}
	if err := checkTeamAccess(rule, a, id); err != nil {
		return err
	}
	who.team = a
	return nil
}

// authorizeTokenForTeam is authenticate and authorizeTeam for an API token
// on a team route, in one query.
func (s *Server) authorizeTokenForTeam(r *http.Request, rule access, token string) (principal, error) {
	id, err := pathID(r, "team")
	if err != nil {
		return principal{}, err
	}
	person, a, err := s.store.TeamAccessByToken(r.Context(), auth.HashToken(token), id)
	if err != nil {
		return principal{}, err
	}
	if err := checkTeamAccess(rule, a, id); err != nil {
		return principal{}, err
	}
	return principal{person: person, team: a}, nil
}

// checkTeamAccess applies a team route's rule. A team the person has
// nothing to do with is "not found", so that IDs cannot be probed.
func checkTeamAccess(rule access, a store.TeamAccess, id int64) error {
	if !a.Member && !a.Coach {
		return klaver.Errorf(klaver.ErrNotFound, "There is no team %d.", id)
	}
	if !rule.team(a) {
		return klaver.Errorf(klaver.ErrForbidden, "Your role in this team does not allow this; ask the team's leader.")
	}
	return nil
}

// bearerToken returns the API token of an "Authorization: Bearer" header;
// isToken is false when the header is absent or not of that form, which
// authenticate then reports.
func bearerToken(r *http.Request) (token string, isToken bool) {
	token, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return token, found && token != ""
}

func (s *Server) authorizeOrg(r *http.Request, who *principal) error {
	id, err := pathID(r, "org")
	if err != nil {
		return err
	}
	ok, err := s.store.CoachOf(r.Context(), who.person.ID, id)
	if err != nil {
		return err
	}
	if !ok {
		return klaver.Errorf(klaver.ErrNotFound, "There is no organisation %d that you coach.", id)
	}
	return nil
}

// pathID reads a numeric path value such as {team}.
func pathID(r *http.Request, name string) (int64, error) {
	v := r.PathValue(name)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, klaver.Errorf(klaver.ErrNotFound, "%q is not a %s number.", v, name)
	}
	return id, nil
}
