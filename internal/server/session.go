package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/auth"
	"github.com/klaver/klaver/internal/store"
)

// maxSignInBody is the most a sign-in request may send: an address and a
// password, with room to spare.
const maxSignInBody = 8 << 10

// personJSON is a person as the API shows them.
type personJSON struct {
	ID              int64  `json:"id"`
	Email           string `json:"email"`
	Name            string `json:"name"`
	Lang            string `json:"lang"`
	ShareIndividual bool   `json:"share_individual"`
}

func toPersonJSON(p klaver.Person) personJSON {
	return personJSON{ID: p.ID, Email: p.Email, Name: p.Name, Lang: p.Lang, ShareIndividual: p.ShareIndividual}
}

type signInRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

var errWrongPassword = klaver.Errorf(klaver.ErrUnauthorized,
	"The e-mail address or the password is wrong. Check both and try again; after %d failures, wait %v.",
	signInFailures, signInWindow)

// handleSessionCreate signs a person in with e-mail address and password
// and sets the session cookie.
func (s *Server) handleSessionCreate(w http.ResponseWriter, r *http.Request) {
	req, err := decodeSignIn(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	person, err := s.signIn(w, r, req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.startSession(w, r, person.ID); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toPersonJSON(person))
}

// signIn checks an address and password under the sign-in rate limit that
// the API and the sign-in page share: too many failures for one address or
// from one client answer "wait", with Retry-After.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request, req signInRequest) (klaver.Person, error) {
	emailKey, ipKey := "email:"+store.NormalizeEmail(req.Email), "ip:"+clientIP(r)
	if wait := max(s.limiter.wait(time.Now(), emailKey), s.clients.wait(time.Now(), ipKey)); wait > 0 {
		secs := int((wait + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		return klaver.Person{}, klaver.Errorf(errRateLimited, "Too many failed sign-ins. Wait %d seconds, then try again.", secs)
	}
	person, err := s.checkPassword(r, req)
	if errors.Is(err, errWrongPassword) {
		s.limiter.fail(time.Now(), emailKey)
		s.clients.fail(time.Now(), ipKey)
	}
	if err != nil {
		return person, err
	}
	s.limiter.reset(emailKey)
	return person, nil
}

func decodeSignIn(w http.ResponseWriter, r *http.Request) (signInRequest, error) {
	var req signInRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxSignInBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return req, klaver.Errorf(klaver.ErrInvalid,
			`Send JSON like {"email": "you@example.org", "password": "…"}: %s.`, jsonProblem(err))
	}
	if strings.TrimSpace(req.Email) == "" || req.Password == "" {
		return req, klaver.Errorf(klaver.ErrInvalid, "Both email and password are needed to sign in.")
	}
	return req, nil
}

// jsonProblem describes a decoding error without echoing the input.
func jsonProblem(err error) string {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return fmt.Sprintf("the body is larger than %d bytes", tooBig.Limit)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// checkPassword returns the person when the password is theirs, and
// errWrongPassword for an unknown address, a person without a password
// or a wrong password alike, each taking about the same time.
func (s *Server) checkPassword(r *http.Request, req signInRequest) (klaver.Person, error) {
	person, err := s.store.PersonByEmail(r.Context(), req.Email)
	if klaver.ErrorCode(err) == klaver.ErrNotFound {
		s.hasher.Verify(req.Password, s.dummyHash)
		return person, errWrongPassword
	}
	if err != nil {
		return person, err
	}
	hash, err := s.store.PasswordHash(r.Context(), person.ID)
	if err != nil {
		return person, err
	}
	if hash == "" {
		s.hasher.Verify(req.Password, s.dummyHash)
		return person, errWrongPassword
	}
	switch err := s.hasher.Verify(req.Password, hash); {
	case errors.Is(err, auth.ErrMismatch):
		return person, errWrongPassword
	case err != nil:
		return person, fmt.Errorf("person %d: %w", person.ID, err)
	}
	return person, nil
}

// startSession stores a new session and gives its secret to the browser.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, personID int64) error {
	secret, hash, err := auth.NewToken()
	if err != nil {
		return err
	}
	expires := time.Now().Add(s.cfg.SessionTTL)
	if err := s.store.CreateSession(r.Context(), personID, hash, expires); err != nil {
		return err
	}
	http.SetCookie(w, s.cookie(secret, expires))
	return nil
}

// cookie is the session cookie: not readable by scripts, sent only over
// TLS (except in local development) and not with cross-site subrequests.
func (s *Server) cookie(value string, expires time.Time) *http.Cookie {
	c := &http.Cookie{
		Name: sessionCookie, Value: value, Path: "/",
		Secure: s.secureCookie, HttpOnly: true, SameSite: http.SameSiteLaxMode,
	}
	if expires.IsZero() {
		c.MaxAge = -1
	} else {
		c.Expires = expires.UTC()
		c.MaxAge = int(time.Until(expires).Seconds())
	}
	return c
}

// handleSessionDelete signs the session out and clears the cookie. With an
// API token there is no session: the token stays valid.
func (s *Server) handleSessionDelete(w http.ResponseWriter, r *http.Request) {
	p, _ := principalOf(r.Context())
	if p.sessionHash == "" {
		s.writeError(w, r, klaver.Errorf(klaver.ErrInvalid,
			"An API token has no session to sign out of; revoke the token instead."))
		return
	}
	if err := s.store.DeleteSession(r.Context(), p.sessionHash); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.SetCookie(w, s.cookie("", time.Time{}))
	w.WriteHeader(http.StatusNoContent)
}

// clientIP is the address the request came from. Behind a reverse proxy
// this is the proxy's address; trusting X-Forwarded-For needs a setting
// naming the proxy, which does not exist yet.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
