package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a buffer that a running server writes its log to while
// the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// listeningAddr waits for the server's "listening" log entry and returns
// its address.
func listeningAddr(t *testing.T, log *lockedBuffer, exited <-chan int) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		sc := bufio.NewScanner(strings.NewReader(log.String()))
		for sc.Scan() {
			var entry struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &entry) == nil && entry.Msg == "listening" {
				return entry.Addr
			}
		}
		select {
		case code := <-exited:
			t.Fatalf("serve exited with %d: %s", code, log.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not listen: %s", log.String())
	return ""
}

// TestServe creates a coach, starts the server on a free port, signs the
// coach in, and stops the server as SIGTERM would.
func TestServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "klaver.db")
	code, out, errOut := runCLI(t, "correct horse battery staple\n", "admin", "create-coach",
		"--email", "Coach@Example.org", "--name", "Coach", "--org", "Gemeente Utrecht", "--db", db)
	if code != 0 || !strings.Contains(out, "coach@example.org") {
		t.Fatalf("create-coach: exit %d, %q %q", code, out, errOut)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var log lockedBuffer
	exited := make(chan int, 1)
	go func() {
		exited <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--log-format", "json",
			"--base-url", "http://localhost:8080"}, strings.NewReader(""), io.Discard, &log)
	}()
	base := "http://" + listeningAddr(t, &log, exited)

	resp := get(t, base+"/healthz", "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/healthz: %s", resp.Status)
	}
	cookie := signIn(t, base, "coach@example.org", "correct horse battery staple")
	if resp := get(t, base+"/api/v1/me", cookie); resp.StatusCode != http.StatusOK {
		t.Errorf("/api/v1/me after sign-in: %s", resp.Status)
	}

	cancel()
	select {
	case code := <-exited:
		if code != 0 {
			t.Errorf("serve exited with %d after shutdown: %s", code, log.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after the signal")
	}
	if !strings.Contains(log.String(), `"msg":"stopped"`) {
		t.Errorf("no graceful stop in the log: %s", log.String())
	}
}

func get(t *testing.T, url, cookie string) *http.Response {
	t.Helper()
	resp, _ := getBody(t, url, cookie)
	return resp
}

// getBody is get with the body read.
func getBody(t *testing.T, url, cookie string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func signIn(t *testing.T, base, email, password string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	resp, err := http.Post(base+"/api/v1/session", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(resp.Body)
		t.Fatalf("sign-in: %s %s", resp.Status, msg)
	}
	for _, c := range resp.Cookies() {
		if c.Name == "klaver_session" {
			return c.Name + "=" + c.Value
		}
	}
	t.Fatal("sign-in set no session cookie")
	return ""
}

func TestAdminCreateCoachRefuses(t *testing.T) {
	db := filepath.Join(t.TempDir(), "klaver.db")
	for _, c := range []struct {
		name, stdin string
		args        []string
		want        int
		stderr      string
	}{
		{"short password", "too short\n", []string{"--email", "a@b.nl", "--name", "A"}, 2, "at least 12"},
		{"no e-mail", "long enough password\n", []string{"--name", "A"}, 2, "--email and --name"},
		{"not an address", "long enough password\n", []string{"--email", "nobody", "--name", "A"}, 1, "not an e-mail address"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, c.stdin, append([]string{"admin", "create-coach", "--db", db}, c.args...)...)
			if code != c.want || !strings.Contains(errOut, c.stderr) {
				t.Errorf("exit %d %q, want %d and %q", code, errOut, c.want, c.stderr)
			}
		})
	}
}

func TestServeHelpListsEnvironment(t *testing.T) {
	code, _, errOut := runCLI(t, "", "serve", "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, env := range []string{"KLAVER_ADDR", "KLAVER_DB", "KLAVER_DATA_DIR", "KLAVER_BASE_URL", "KLAVER_LOG_FORMAT", "KLAVER_SHUTDOWN_TIMEOUT"} {
		if !strings.Contains(errOut, env) {
			t.Errorf("serve --help does not mention %s", env)
		}
	}
}

// TestServeDemo starts the demo, signs in with a printed sign-in and finds
// a team's figures, then stops; the demo's database goes with it.
func TestServeDemo(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var log, out lockedBuffer
	exited := make(chan int, 1)
	go func() {
		exited <- run(ctx, []string{"serve", "--demo", "--addr", "127.0.0.1:0", "--log-format", "json"},
			strings.NewReader(""), &out, &log)
	}()
	base := "http://" + listeningAddr(t, &log, exited)
	var password string
	for range 600 {
		if _, rest, ok := strings.Cut(out.String(), "password "); ok && strings.Contains(rest, "coach@") {
			password = strings.Fields(rest)[0]
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if password == "" {
		t.Fatalf("no demo sign-ins printed: %q %s", out.String(), log.String())
	}
	cookie := signIn(t, base, "coach@demo.klaver.example", password)
	_, body := getBody(t, base+"/api/v1/me", cookie)
	var me struct {
		Teams []struct {
			TeamID int64  `json:"team_id"`
			OrgID  int64  `json:"org_id"`
			Role   string `json:"role"`
		} `json:"teams"`
	}
	if err := json.Unmarshal(body, &me); err != nil || len(me.Teams) != 3 || me.Teams[0].Role != "coach" {
		t.Fatalf("the demo coach sees %+v, %v", me, err)
	}
	_, body = getBody(t, base+"/api/v1/orgs/"+strconv.FormatInt(me.Teams[0].OrgID, 10)+"/teams", cookie)
	var overview struct {
		Teams []struct {
			Weeks []struct {
				Withheld bool `json:"withheld"`
			} `json:"weeks"`
			Total *struct {
				Verdict string `json:"verdict"`
			} `json:"total"`
		} `json:"teams"`
	}
	if err := json.Unmarshal(body, &overview); err != nil || len(overview.Teams) != 3 {
		t.Fatalf("overview: %+v, %v", overview, err)
	}
	verdicts := map[string]int{}
	for _, team := range overview.Teams {
		if len(team.Weeks) != 12 || team.Weeks[0].Withheld || team.Total == nil {
			t.Fatalf("a demo team's weeks: %+v", team)
		}
		verdicts[team.Total.Verdict]++
	}
	if verdicts["ok"] == 0 || verdicts["over"] == 0 {
		t.Errorf("verdicts %v; the demo should have teams over and under 25%%", verdicts)
	}
	cancel()
	select {
	case code := <-exited:
		if code != 0 {
			t.Errorf("serve --demo exited with %d: %s", code, log.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve --demo did not stop")
	}
}
