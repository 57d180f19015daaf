package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/auth"
	"github.com/klaver/klaver/internal/store"
)

const (
	coachEmail    = "coach@example.org"
	coachPassword = "correct horse battery"
)

// fixture is a server on a fresh SQLite database with one coach who has a
// password and an API token.
type fixture struct {
	srv   *Server
	store *store.Store
	coach klaver.Person
	token string
}

func newFixture(t *testing.T, baseURL string) *fixture {
	t.Helper()
	ctx := context.Background()
	st := openTestStore(t, filepath.Join(t.TempDir(), "klaver.db"))
	hash, err := auth.NewHasher(auth.TestParams, 1).Hash(coachPassword)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{store: st}
	if f.coach, err = st.CreatePerson(ctx, klaver.Person{Email: coachEmail, Name: "Coach"}, hash); err != nil {
		t.Fatal(err)
	}
	secret, tokenHash, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateAPIToken(ctx, f.coach.ID, "test", tokenHash); err != nil {
		t.Fatal(err)
	}
	f.token = secret
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if f.srv, err = New(Config{BaseURL: baseURL, Passwords: auth.TestParams}, st, logger); err != nil {
		t.Fatal(err)
	}
	return f
}

// do sends a request through the server's handler; header lines are
// "Name: value".
func (f *fixture) do(t *testing.T, method, path, body string, headers ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	for _, h := range headers {
		name, value, _ := strings.Cut(h, ": ")
		req.Header.Add(name, value)
	}
	rec := httptest.NewRecorder()
	f.srv.Handler().ServeHTTP(rec, req)
	return rec.Result()
}

func (f *fixture) signIn(t *testing.T, password string) *http.Response {
	t.Helper()
	body, _ := json.Marshal(signInRequest{Email: coachEmail, Password: password})
	return f.do(t, "POST", "/api/v1/session", string(body), "Content-Type: application/json")
}

// sessionCookie signs the coach in and returns the cookie header to send.
func (f *fixture) sessionCookie(t *testing.T) string {
	t.Helper()
	resp := f.signIn(t, coachPassword)
	wantStatus(t, resp, http.StatusOK)
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			return "Cookie: " + sessionCookie + "=" + c.Value
		}
	}
	t.Fatal("sign-in set no session cookie")
	return ""
}

func wantStatus(t *testing.T, resp *http.Response, status int) {
	t.Helper()
	if resp.StatusCode != status {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("status %d, want %d; body %s", resp.StatusCode, status, body)
	}
}

// wantError checks status and the JSON error's code, and that there is a
// message for the person.
func wantError(t *testing.T, resp *http.Response, status int, code string) {
	t.Helper()
	wantStatus(t, resp, status)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("error content type %q, want JSON", ct)
	}
	var body errorBody
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("error body: %v", err)
	}
	if body.Error.Code != code || body.Error.Message == "" {
		t.Errorf("error %+v, want code %q with a message", body.Error, code)
	}
}

func wantMe(t *testing.T, resp *http.Response, email string) {
	t.Helper()
	wantStatus(t, resp, http.StatusOK)
	var p personJSON
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		t.Fatal(err)
	}
	if p.Email != email {
		t.Errorf("signed in as %q, want %q", p.Email, email)
	}
}

func bodyOf(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var scenarios = []struct {
	name string
	run  func(t *testing.T, f *fixture)
}{
	{"healthz", func(t *testing.T, f *fixture) {
		resp := f.do(t, "GET", "/healthz", "")
		wantStatus(t, resp, http.StatusOK)
		if b := bodyOf(t, resp); b != "ok\n" {
			t.Errorf("body %q", b)
		}
	}},
	{"readyz with the database", func(t *testing.T, f *fixture) {
		wantStatus(t, f.do(t, "GET", "/readyz", ""), http.StatusOK)
	}},
	{"readyz without the database", func(t *testing.T, f *fixture) {
		f.store.Close()
		resp := f.do(t, "GET", "/readyz", "")
		wantError(t, resp, http.StatusServiceUnavailable, errUnavailable)
		wantStatus(t, f.do(t, "GET", "/healthz", ""), http.StatusOK)
	}},
	{"metrics count requests", func(t *testing.T, f *fixture) {
		f.do(t, "GET", "/healthz", "")
		f.do(t, "GET", "/healthz", "")
		f.do(t, "GET", "/api/v1/me", "")
		resp := f.do(t, "GET", "/metrics", "")
		wantStatus(t, resp, http.StatusOK)
		text := bodyOf(t, resp)
		for _, want := range []string{
			"klaver_up 1\n",
			`klaver_http_requests_total{route="GET /healthz",code="200"} 2` + "\n",
			`klaver_http_requests_total{route="GET /api/v1/me",code="401"} 1` + "\n",
			`klaver_http_request_duration_seconds_bucket{route="GET /healthz",le="+Inf"} 2` + "\n",
			`klaver_http_request_duration_seconds_count{route="GET /api/v1/me"} 1` + "\n",
			"# TYPE klaver_http_request_duration_seconds histogram\n",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("metrics lack %q:\n%s", want, text)
			}
		}
	}},
	{"wrong password", func(t *testing.T, f *fixture) {
		resp := f.signIn(t, "wrong password!")
		wantError(t, resp, http.StatusUnauthorized, klaver.ErrUnauthorized)
		if len(resp.Cookies()) != 0 {
			t.Errorf("failed sign-in set cookies %v", resp.Cookies())
		}
	}},
	{"unknown address", func(t *testing.T, f *fixture) {
		resp := f.do(t, "POST", "/api/v1/session", `{"email":"nobody@example.org","password":"whatever it is"}`)
		wantError(t, resp, http.StatusUnauthorized, klaver.ErrUnauthorized)
	}},
	{"malformed sign-in", func(t *testing.T, f *fixture) {
		wantError(t, f.do(t, "POST", "/api/v1/session", `{"email":`), http.StatusBadRequest, klaver.ErrInvalid)
		wantError(t, f.do(t, "POST", "/api/v1/session", `{"email":"a@b.c"}`), http.StatusBadRequest, klaver.ErrInvalid)
	}},
	{"sign-in sets a safe cookie", func(t *testing.T, f *fixture) {
		resp := f.signIn(t, coachPassword)
		wantMe(t, resp, coachEmail)
		cookies := resp.Cookies()
		if len(cookies) != 1 {
			t.Fatalf("cookies %v, want one", cookies)
		}
		c := cookies[0]
		if c.Name != sessionCookie || len(c.Value) < 43 || !c.Secure || !c.HttpOnly ||
			c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.MaxAge <= 0 {
			t.Errorf("cookie %+v: want klaver_session with a 256-bit value, Secure, HttpOnly, SameSite=Lax, Path=/, Max-Age", c)
		}
		if n := countSessions(t, f, c.Value); n != 0 {
			t.Error("the database holds the session secret itself")
		}
	}},
	{"me with cookie", func(t *testing.T, f *fixture) {
		wantMe(t, f.do(t, "GET", "/api/v1/me", "", f.sessionCookie(t)), coachEmail)
	}},
	{"me signed out", func(t *testing.T, f *fixture) {
		wantError(t, f.do(t, "GET", "/api/v1/me", ""), http.StatusUnauthorized, klaver.ErrUnauthorized)
		wantError(t, f.do(t, "GET", "/api/v1/me", "", "Cookie: klaver_session=forged"), http.StatusUnauthorized, klaver.ErrUnauthorized)
	}},
	{"me with API token", func(t *testing.T, f *fixture) {
		wantMe(t, f.do(t, "GET", "/api/v1/me", "", "Authorization: Bearer "+f.token), coachEmail)
		wantError(t, f.do(t, "GET", "/api/v1/me", "", "Authorization: Bearer nope"), http.StatusUnauthorized, klaver.ErrUnauthorized)
		wantError(t, f.do(t, "GET", "/api/v1/me", "", "Authorization: Basic eDp5"), http.StatusUnauthorized, klaver.ErrUnauthorized)
	}},
	{"API tokens: made, listed, revoked", func(t *testing.T, f *fixture) {
		bearer := "Authorization: Bearer " + f.token
		wantError(t, f.do(t, "POST", "/api/v1/me/tokens", `{"name": " "}`, bearer), http.StatusBadRequest, klaver.ErrInvalid)
		resp := f.do(t, "POST", "/api/v1/me/tokens", `{"name": "nightly import"}`, bearer)
		wantStatus(t, resp, http.StatusCreated)
		var made struct {
			ID    int64  `json:"id"`
			Token string `json:"token"`
		}
		if err := json.Unmarshal([]byte(bodyOf(t, resp)), &made); err != nil || made.Token == "" {
			t.Fatalf("new token %+v, %v", made, err)
		}
		script := "Authorization: Bearer " + made.Token
		wantMe(t, f.do(t, "GET", "/api/v1/me", "", script), coachEmail)

		resp = f.do(t, "GET", "/api/v1/me/tokens", "", script)
		wantStatus(t, resp, http.StatusOK)
		body := bodyOf(t, resp)
		var listed []map[string]any
		if err := json.Unmarshal([]byte(body), &listed); err != nil {
			t.Fatal(err)
		}
		if len(listed) != 2 || listed[1]["name"] != "nightly import" || listed[1]["created_at"] == nil {
			t.Errorf("tokens %s, want the fixture's and \"nightly import\"", body)
		}
		if strings.Contains(body, made.Token) || strings.Contains(body, `"token"`) {
			t.Errorf("the list shows a secret: %s", body)
		}

		path := fmt.Sprintf("/api/v1/me/tokens/%d", made.ID)
		wantStatus(t, f.do(t, "DELETE", path, "", script), http.StatusNoContent)
		wantError(t, f.do(t, "GET", "/api/v1/me", "", script), http.StatusUnauthorized, klaver.ErrUnauthorized)
		wantError(t, f.do(t, "DELETE", path, "", bearer), http.StatusNotFound, klaver.ErrNotFound)
		wantMe(t, f.do(t, "GET", "/api/v1/me", "", bearer), coachEmail)
	}},
	{"sign out", func(t *testing.T, f *fixture) {
		cookie := f.sessionCookie(t)
		resp := f.do(t, "DELETE", "/api/v1/session", "", cookie)
		wantStatus(t, resp, http.StatusNoContent)
		if c := resp.Cookies(); len(c) != 1 || c[0].MaxAge >= 0 {
			t.Errorf("sign-out cookies %v, want the session cookie removed", c)
		}
		wantError(t, f.do(t, "GET", "/api/v1/me", "", cookie), http.StatusUnauthorized, klaver.ErrUnauthorized)
		wantError(t, f.do(t, "DELETE", "/api/v1/session", "", cookie), http.StatusUnauthorized, klaver.ErrUnauthorized)
	}},
	{"sign-in rate limit", func(t *testing.T, f *fixture) {
		for range signInFailures {
			wantError(t, f.signIn(t, "wrong password!"), http.StatusUnauthorized, klaver.ErrUnauthorized)
		}
		resp := f.signIn(t, coachPassword)
		wantError(t, resp, http.StatusTooManyRequests, errRateLimited)
		if ra := resp.Header.Get("Retry-After"); ra == "" || ra == "0" {
			t.Errorf("Retry-After %q, want the seconds to wait", ra)
		}
	}},
	{"one client's failures lock out one address, not its neighbours", func(t *testing.T, f *fixture) {
		// An office behind one NAT address: someone else mistyping their
		// password does not lock the coach out.
		for range signInFailures {
			resp := f.do(t, "POST", "/api/v1/session", `{"email":"colleague@example.org","password":"wrong password!"}`)
			wantError(t, resp, http.StatusUnauthorized, klaver.ErrUnauthorized)
		}
		wantMe(t, f.signIn(t, coachPassword), coachEmail)
		// Guessing across many addresses from one client still stops.
		for i := range signInClientFailures {
			f.do(t, "POST", "/api/v1/session", fmt.Sprintf(`{"email":"guess%d@example.org","password":"wrong password!"}`, i))
		}
		wantError(t, f.signIn(t, coachPassword), http.StatusTooManyRequests, errRateLimited)
	}},
	{"cross-origin POST refused", func(t *testing.T, f *fixture) {
		body := `{"email":"` + coachEmail + `","password":"` + coachPassword + `"}`
		wantError(t, f.do(t, "POST", "/api/v1/session", body, "Sec-Fetch-Site: cross-site"), http.StatusForbidden, klaver.ErrForbidden)
		wantError(t, f.do(t, "DELETE", "/api/v1/session", "", f.sessionCookie(t), "Origin: https://evil.example"), http.StatusForbidden, klaver.ErrForbidden)
		wantStatus(t, f.do(t, "POST", "/api/v1/session", body, "Sec-Fetch-Site: same-origin"), http.StatusOK)
		wantStatus(t, f.do(t, "POST", "/api/v1/session", body, "Origin: https://klaver.example.org"), http.StatusOK)
	}},
	{"unknown API route", func(t *testing.T, f *fixture) {
		wantError(t, f.do(t, "GET", "/api/v1/nothing", ""), http.StatusNotFound, klaver.ErrNotFound)
	}},
}

func TestServer(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			sc.run(t, newFixture(t, "https://klaver.example.org"))
		})
	}
}

func countSessions(t *testing.T, f *fixture, secret string) int {
	t.Helper()
	if _, err := f.store.PersonBySession(context.Background(), secret); err == nil {
		return 1
	}
	return 0
}

// TestLocalCookie: in development over http://localhost the cookie cannot
// be Secure, or the browser would never send it back.
func TestLocalCookie(t *testing.T) {
	for _, c := range []struct {
		baseURL string
		secure  bool
	}{
		{"http://localhost:8080", false},
		{"http://127.0.0.1:8080", false},
		{"", true},
		{"https://localhost", true},
		{"http://klaver.example.org", true},
	} {
		f := newFixture(t, c.baseURL)
		resp := f.signIn(t, coachPassword)
		wantStatus(t, resp, http.StatusOK)
		if got := resp.Cookies()[0].Secure; got != c.secure {
			t.Errorf("base URL %q: Secure %v, want %v", c.baseURL, got, c.secure)
		}
	}
}

func TestBadBaseURL(t *testing.T) {
	st := openTestStore(t, filepath.Join(t.TempDir(), "klaver.db"))
	for _, u := range []string{"klaver.example.org", "ftp://x", "http://"} {
		if _, err := New(Config{BaseURL: u, Passwords: auth.TestParams}, st, slog.Default()); err == nil {
			t.Errorf("base URL %q accepted", u)
		}
	}
}

// TestAuthorize checks the access rules apart from any route: roles
// beyond "signed in" have no route yet.
func TestAuthorize(t *testing.T) {
	f := newFixture(t, "")
	ctx := context.Background()
	org, err := f.store.CreateOrganisation(ctx, klaver.Organisation{Name: "Org", MinContributors: 3})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.AssignCoach(ctx, f.coach.ID, org.ID); err != nil {
		t.Fatal(err)
	}
	other, err := f.store.CreatePerson(ctx, klaver.Person{Email: "ann@example.org"}, "")
	if err != nil {
		t.Fatal(err)
	}
	coaches := access{signIn: true, roles: []klaver.Role{klaver.RoleCoach}}
	for _, c := range []struct {
		name     string
		rule     access
		who      principal
		signedIn bool
		want     string
	}{
		{"anyone, signed out", anyone, principal{}, false, ""},
		{"signed in, signed out", signedIn, principal{}, false, klaver.ErrUnauthorized},
		{"signed in", signedIn, principal{person: other}, true, ""},
		{"coach route, coach", coaches, principal{person: f.coach}, true, ""},
		{"coach route, no coach", coaches, principal{person: other}, true, klaver.ErrForbidden},
		{"coach route, signed out", coaches, principal{}, false, klaver.ErrUnauthorized},
	} {
		req := httptest.NewRequestWithContext(ctx, "GET", "/", nil)
		if got := klaver.ErrorCode(f.srv.authorize(req, c.rule, &c.who, c.signedIn)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestPanicBecomesJSON(t *testing.T) {
	f := newFixture(t, "")
	h := f.srv.recoverPanic(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	wantError(t, rec.Result(), http.StatusInternalServerError, klaver.ErrInternal)
}

func TestLimiterWindow(t *testing.T) {
	l := newLimiter(2, time.Minute)
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	l.fail(t0, "a")
	l.fail(t0.Add(10*time.Second), "a", "b")
	if w := l.wait(t0.Add(20*time.Second), "b", "a"); w != 40*time.Second {
		t.Errorf("wait %v, want 40s until the first failure leaves the window", w)
	}
	if w := l.wait(t0.Add(61*time.Second), "a"); w != 0 {
		t.Errorf("wait %v after the window, want none", w)
	}
	l.reset("a")
	if w := l.wait(t0.Add(20*time.Second), "a"); w != 0 {
		t.Errorf("wait %v after reset", w)
	}
}

// openTestStore opens and migrates a store that the test closes.
func openTestStore(t *testing.T, dsn string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return st
}
