package server

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/auth"
	"github.com/klaver/klaver/internal/feed"
	"github.com/klaver/klaver/internal/secret"
	"github.com/klaver/klaver/internal/store"
	"github.com/klaver/klaver/internal/store/storetest"
)

func testBox(t *testing.T) *secret.Box {
	t.Helper()
	key := make([]byte, secret.KeySize)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	box, err := secret.NewBox(key)
	if err != nil {
		t.Fatal(err)
	}
	return box
}

// calendarServer serves one calendar with an ETag, answers 304 to a
// matching If-None-Match and counts what it answered.
type calendarServer struct {
	mu       sync.Mutex
	body     string
	etag     string
	answered map[int]int
	delay    time.Duration
}

func (c *calendarServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	body, etag, delay := c.body, c.etag, c.delay
	c.mu.Unlock()
	time.Sleep(delay)
	status := http.StatusOK
	if r.Header.Get("If-None-Match") == etag {
		status = http.StatusNotModified
	}
	c.mu.Lock()
	c.answered[status]++
	c.mu.Unlock()
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "text/calendar")
	w.WriteHeader(status)
	if status == http.StatusOK {
		io.WriteString(w, body)
	}
}

func (c *calendarServer) set(body, etag string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.body, c.etag = body, etag
}

func (c *calendarServer) count(status int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.answered[status]
}

// feedCalendar is a calendar of koen with one client call of the given
// hours on Monday 5 January 2026.
func feedCalendar(hours int) string {
	return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:call@test\r\nSUMMARY:Call\r\n" +
		fmt.Sprintf("DTSTART:20260105T080000Z\r\nDTEND:20260105T%02d0000Z\r\n", 8+hours) +
		"ATTENDEE:mailto:jan@rabobank.nl\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
}

// feedFixture is a server with one team and a member, on a database, with
// its feed limits.
type feedFixture struct {
	srv    *Server
	st     *store.Store
	member klaver.Person
	team   klaver.Team
	url    string // the klaver server
	token  string
}

func newFeedFixture(t *testing.T, dsn string, opts feed.Options) *feedFixture {
	t.Helper()
	ctx := context.Background()
	st := openTestStore(t, dsn)
	f := &feedFixture{st: st}
	org, err := st.CreateOrganisation(ctx, klaver.Organisation{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	if f.team, err = st.CreateTeam(ctx, klaver.Team{OrgID: org.ID, Name: "Advies"}); err != nil {
		t.Fatal(err)
	}
	if err := st.ReplaceClients(ctx, f.team.ID, []klaver.ClientRecord{{Name: "Rabobank", Domains: []string{"rabobank.nl"}}}); err != nil {
		t.Fatal(err)
	}
	if f.member, err = st.CreatePerson(ctx, klaver.Person{Email: "koen@acme.nl"}, ""); err != nil {
		t.Fatal(err)
	}
	if err := st.AddMembership(ctx, klaver.Membership{PersonID: f.member.ID, TeamID: f.team.ID, Role: klaver.RoleMember}); err != nil {
		t.Fatal(err)
	}
	secretToken, hash, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateAPIToken(ctx, f.member.ID, "test", hash); err != nil {
		t.Fatal(err)
	}
	f.token = secretToken
	f.srv, err = New(Config{BaseURL: "https://klaver.example.org", Passwords: auth.TestParams, Box: testBox(t),
		Feeds: opts, FeedInterval: time.Hour}, st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(f.srv.Handler())
	t.Cleanup(ts.Close)
	f.url = ts.URL
	return f
}

func (f *feedFixture) call(t *testing.T, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, f.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+f.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (f *feedFixture) addFeed(t *testing.T, address, name string) {
	t.Helper()
	status, body := f.call(t, "POST", fmt.Sprintf("/api/v1/teams/%d/feeds", f.team.ID),
		fmt.Sprintf(`{"url": %q, "name": %q}`, address, name))
	if status != http.StatusCreated {
		t.Fatalf("add feed: %d %s", status, body)
	}
	if strings.Contains(body, "secret-token") {
		t.Errorf("the feed's secret is shown again: %s", body)
	}
}

// clientHours is the member's client time in week 2026-W02, in hours.
func (f *feedFixture) clientHours(t *testing.T) float64 {
	t.Helper()
	weeks, err := f.st.PersonWeeks(context.Background(), f.member.ID, "2026-W02", "2026-W02")
	if err != nil {
		t.Fatal(err)
	}
	if len(weeks) == 0 {
		return 0
	}
	return float64(weeks[0].Category[klaver.Client]) / 3600
}

func (f *feedFixture) feed(t *testing.T) store.Feed {
	t.Helper()
	feeds, err := f.st.FeedsOfPerson(context.Background(), f.member.ID)
	if err != nil || len(feeds) != 1 {
		t.Fatalf("feeds = %+v, %v", feeds, err)
	}
	return feeds[0]
}

func TestFeeds(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			newDSN := d.Start(t)
			t.Run("fetch, not modified, changed", func(t *testing.T) { testFeedLifecycle(t, newDSN(t)) })
			t.Run("too large and too slow", func(t *testing.T) { testFeedLimits(t, newDSN(t)) })
			t.Run("private addresses", func(t *testing.T) { testFeedPrivate(t, newDSN(t)) })
		})
	}
}

func testFeedLifecycle(t *testing.T, dsn string) {
	ctx := context.Background()
	f := newFeedFixture(t, dsn, feed.Options{AllowPrivate: true})
	cal := &calendarServer{answered: map[int]int{}}
	cal.set(feedCalendar(2), `"v1"`)
	ts := httptest.NewServer(cal)
	defer ts.Close()
	f.addFeed(t, ts.URL+"/secret-token/basic.ics", "work")
	now := time.Now()

	f.srv.FetchDueFeeds(ctx, now.Add(time.Second))
	if got := f.clientHours(t); got != 2 {
		t.Errorf("after the first fetch: %v client hours, want 2", got)
	}
	fd := f.feed(t)
	if fd.LastError != "" || fd.LastSuccessAt.IsZero() || fd.ETag != `"v1"` || !strings.Contains(fd.URLShown, "…") {
		t.Errorf("feed after the first fetch: %+v", fd)
	}
	// Not due again before its interval.
	f.srv.FetchDueFeeds(ctx, now.Add(time.Minute))
	if n := cal.count(http.StatusOK) + cal.count(http.StatusNotModified); n != 1 {
		t.Errorf("%d fetches before the feed was due again, want 1", n)
	}
	// Due: unchanged, so a 304, and the figures stay.
	f.srv.FetchDueFeeds(ctx, now.Add(2*time.Hour))
	if cal.count(http.StatusNotModified) != 1 || f.clientHours(t) != 2 {
		t.Errorf("second fetch: %d not-modified answers, %v client hours", cal.count(http.StatusNotModified), f.clientHours(t))
	}
	// Changed: the new calendar replaces the old import.
	cal.set(feedCalendar(5), `"v2"`)
	f.srv.FetchDueFeeds(ctx, now.Add(4*time.Hour))
	if got := f.clientHours(t); got != 5 {
		t.Errorf("after a change: %v client hours, want 5 (replaced, not added)", got)
	}
	imports, err := f.st.ImportsOfPerson(ctx, f.member.ID)
	if err != nil || len(imports) != 1 || imports[0].SourceName != "work.ics" {
		t.Errorf("imports = %+v, %v; want the feed's one", imports, err)
	}
	status, body := f.call(t, "GET", "/api/v1/me/feeds", "")
	if status != http.StatusOK || strings.Contains(body, "secret-token") || !strings.Contains(body, `"last_error":""`) {
		t.Errorf("GET /api/v1/me/feeds: %d %s", status, body)
	}
	if status, _ := f.call(t, "DELETE", fmt.Sprintf("/api/v1/me/feeds/%d", fd.ID), ""); status != http.StatusNoContent {
		t.Errorf("delete feed: %d", status)
	}
}

func testFeedLimits(t *testing.T, dsn string) {
	ctx := context.Background()
	f := newFeedFixture(t, dsn, feed.Options{AllowPrivate: true, MaxBytes: 4 << 10, Timeout: 300 * time.Millisecond})
	cal := &calendarServer{answered: map[int]int{}}
	cal.set(feedCalendar(2), `"v1"`)
	ts := httptest.NewServer(cal)
	defer ts.Close()
	f.addFeed(t, ts.URL+"/cal.ics", "work")
	now := time.Now()
	f.srv.FetchDueFeeds(ctx, now.Add(time.Second))
	if f.clientHours(t) != 2 {
		t.Fatalf("the first fetch did not import")
	}
	// Too large: refused, the earlier import stays, the member is told.
	big := strings.Replace(feedCalendar(3), "SUMMARY:Call", "SUMMARY:Call\r\nX-PAD:"+strings.Repeat("x", 8<<10), 1)
	cal.set(big, `"big"`)
	f.srv.FetchDueFeeds(ctx, now.Add(2*time.Hour))
	if fd := f.feed(t); !strings.Contains(fd.LastError, "larger") || f.clientHours(t) != 2 {
		t.Errorf("too large: error %q, %v client hours (want the old 2)", fd.LastError, f.clientHours(t))
	}
	// Too slow: refused likewise, and due again after a retry wait.
	cal.set(feedCalendar(4), `"slow"`)
	cal.mu.Lock()
	cal.delay = time.Second
	cal.mu.Unlock()
	at := now.Add(4 * time.Hour)
	f.srv.FetchDueFeeds(ctx, at)
	fd := f.feed(t)
	if fd.LastError == "" || f.clientHours(t) != 2 || !fd.NextFetchAt.Before(at.Add(2*time.Hour)) {
		t.Errorf("too slow: error %q, next %v, %v client hours", fd.LastError, fd.NextFetchAt, f.clientHours(t))
	}
}

func testFeedPrivate(t *testing.T, dsn string) {
	ctx := context.Background()
	f := newFeedFixture(t, dsn, feed.Options{})
	cal := &calendarServer{answered: map[int]int{}}
	cal.set(feedCalendar(2), `"v1"`)
	ts := httptest.NewServer(cal)
	defer ts.Close()
	f.addFeed(t, ts.URL+"/cal.ics", "work")
	f.srv.FetchDueFeeds(ctx, time.Now().Add(time.Second))
	fd := f.feed(t)
	if cal.count(http.StatusOK) != 0 || fd.LastError == "" || f.clientHours(t) != 0 {
		t.Errorf("a loopback feed was fetched: %d answers, error %q", cal.count(http.StatusOK), fd.LastError)
	}
	for _, bad := range []string{"ftp://example.org/cal.ics", "not a url", "https://"} {
		status, body := f.call(t, "POST", fmt.Sprintf("/api/v1/teams/%d/feeds", f.team.ID), fmt.Sprintf(`{"url": %q}`, bad))
		if status != http.StatusBadRequest {
			t.Errorf("feed %q: %d %s, want 400", bad, status, body)
		}
	}
}

// The feed key file is made once and kept.
func TestFeedKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feed.key")
	a, err := secret.LoadOrCreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := secret.LoadOrCreateKey(path)
	if err != nil || string(a) != string(b) {
		t.Errorf("the key changed on a second load: %v", err)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("key file mode: %v, %v", info.Mode(), err)
	}
}
