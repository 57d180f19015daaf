package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/klaver/klaver/internal/mail/mailtest"
	"github.com/klaver/klaver/internal/store"
)

// TestMain lets the tests run this binary as klaver itself, so that a test
// can kill a server the hard way.
func TestMain(m *testing.M) {
	if os.Getenv("KLAVER_TEST_AS_KLAVER") == "1" {
		main()
	}
	os.Exit(m.Run())
}

func TestServeMailSettings(t *testing.T) {
	db := filepath.Join(t.TempDir(), "klaver.db")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--smtp-url", "smtp://u:geheim@smtp.example.org", "--base-url", "https://k.example.org"}, "needs --mail-from"},
		{[]string{"--smtp-url", "smtp://smtp.example.org", "--mail-from", "klaver@example.org"}, "needs --base-url"},
		{[]string{"--smtp-url", "imap://u:geheim@x", "--mail-from", "klaver@example.org", "--base-url", "https://k.example.org"}, "want smtp://"},
		{[]string{"--smtp-url", "smtp://x", "--mail-from", "not an address", "--base-url", "https://k.example.org"}, "not an address such as"},
	} {
		code, _, errOut := runCLI(t, "", append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, tt.args...)...)
		if code == 0 || !strings.Contains(errOut, tt.want) || strings.Contains(errOut, "geheim") {
			t.Errorf("serve %v: exit %d, %q; want an error with %q and no password", tt.args, code, errOut, tt.want)
		}
	}
}

// klaverProcess is klaver serve in a process of its own.
type klaverProcess struct {
	cmd    *exec.Cmd
	log    *lockedBuffer
	base   string
	exited chan int // its exit code, once
}

// wait waits for the process to end and returns its exit code.
func (p *klaverProcess) wait(t *testing.T) int {
	t.Helper()
	select {
	case code := <-p.exited:
		return code
	case <-time.After(30 * time.Second):
		t.Fatal("klaver did not exit")
		return -1
	}
}

func startKlaver(t *testing.T, args ...string) *klaverProcess {
	t.Helper()
	p := &klaverProcess{log: &lockedBuffer{}, exited: make(chan int, 1)}
	p.cmd = exec.Command(os.Args[0], append([]string{"serve", "--addr", "127.0.0.1:0", "--log-format", "json"}, args...)...)
	p.cmd.Env = append(os.Environ(), "KLAVER_TEST_AS_KLAVER=1")
	p.cmd.Stderr, p.cmd.Stdout = p.log, io.Discard
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	started := make(chan int, 1)
	go func() {
		_ = p.cmd.Wait()
		code := p.cmd.ProcessState.ExitCode()
		started <- code
		p.exited <- code
	}()
	t.Cleanup(func() { _ = p.cmd.Process.Kill() })
	p.base = "http://" + listeningAddr(t, p.log, started)
	return p
}

func postJSON(t *testing.T, url, cookie, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cookie", cookie)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	b, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(b, &out)
	return resp.StatusCode, out
}

// TestMailSurvivesACrash invites people while the server mails them, kills
// the server the hard way in the middle, and starts it again: every
// invitation arrives, and at most the one mail in flight at the crash
// arrives twice, with the same Message-ID.
func TestMailSurvivesACrash(t *testing.T) {
	mp := mailtest.Start(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "klaver.db")
	if code, _, errOut := runCLI(t, "correct horse battery staple\n", "admin", "create-coach",
		"--email", "coach@example.org", "--name", "Coach", "--org", "Gemeente Utrecht", "--db", db); code != 0 {
		t.Fatalf("create-coach: %s", errOut)
	}
	args := []string{"--db", db, "--base-url", "https://klaver.example.org", "--smtp-url", mp.URL(),
		"--mail-from", "klaver <klaver@example.org>"}
	first := startKlaver(t, args...)
	cookie := signIn(t, first.base, "coach@example.org", "correct horse battery staple")
	status, team := postJSON(t, first.base+"/api/v1/orgs/1/teams", cookie, `{"name": "Vergunningen"}`)
	if status != http.StatusCreated {
		t.Fatalf("create team: %d %v", status, team)
	}
	const n = 120
	invited := map[string]bool{}
	for i := range n {
		email := fmt.Sprintf("p%03d@acme.nl", i)
		status, body := postJSON(t, fmt.Sprintf("%s/api/v1/teams/%v/invitations", first.base, team["id"]), cookie,
			fmt.Sprintf(`{"email": %q, "role": "leader"}`, email))
		if status != http.StatusCreated || body["mailed"] != true {
			t.Fatalf("invite %s: %d %v", email, status, body)
		}
		invited[email] = true
		if i == n/2 {
			// The server is mailing the first half as this happens.
			if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	first.wait(t)
	t.Logf("%d of %d invitations were mailed before the crash", mp.Count(t), len(invited))

	// Time passes: the leases of mail claimed at the crash end.
	endLeases(t, db)
	second := startKlaver(t, args...)
	deadline := time.Now().Add(60 * time.Second)
	for waiting(t, db) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d mails still waiting; the server logged:\n%s", waiting(t, db), second.log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	received := mp.Messages(t)
	byAddress := map[string][]string{}
	for _, m := range received {
		byAddress[m.To[0].Address] = append(byAddress[m.To[0].Address], m.MessageID)
	}
	for email := range invited {
		if len(byAddress[email]) == 0 {
			t.Errorf("the invitation to %s never arrived", email)
		}
	}
	twice := 0
	for email, ids := range byAddress {
		if !invited[email] {
			t.Errorf("a mail to %s, who was not invited", email)
		}
		if len(ids) > 1 {
			twice++
			for _, id := range ids[1:] {
				if id != ids[0] {
					t.Errorf("%s got mails with Message-IDs %v, want one", email, ids)
				}
			}
		}
	}
	if twice > 1 {
		t.Errorf("%d invitations arrived more than once; only the one in flight at the crash may", twice)
	}

	if err := second.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := second.wait(t); code != 0 || !strings.Contains(second.log.String(), `"msg":"stopped"`) {
		t.Errorf("second server: exit %d, log:\n%s", code, second.log.String())
	}
}

// endLeases makes every claimed but unsent mail due now, as if the lease
// of the crashed server had run out.
func endLeases(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("UPDATE outbox SET due_at = $1 WHERE sent_at IS NULL AND failed_at IS NULL",
		time.Now().Add(-time.Second).UTC()); err != nil {
		t.Fatal(err)
	}
}

// waiting counts the mails not yet sent or given up.
func waiting(t *testing.T, path string) int64 {
	t.Helper()
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.CountOutbox(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c.Waiting
}
