// Package mailtest gives tests a real SMTP server to deliver to: Mailpit,
// which accepts every mail and shows what it received over an HTTP API.
// Each call starts a server of its own, so tests never see each other's
// mail.
package mailtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Version is the Mailpit release the tests are run with; .ci/run installs
// it with go install.
const Version = "v1.33.1"

// Server is a running Mailpit.
type Server struct {
	// SMTP is the host:port it accepts mail on, without TLS.
	SMTP string
	api  string
}

// Start runs Mailpit until the test ends. Without the binary (named by
// KLAVER_MAILPIT, or mailpit on PATH or in $GOPATH/bin) the test is
// skipped, except in CI, where a skipped mail test would hide a failure.
func Start(tb testing.TB) *Server {
	tb.Helper()
	bin := binary()
	if bin == "" {
		msg := "mailpit not found: go install github.com/axllent/mailpit@" + Version + " (or set KLAVER_MAILPIT)"
		if os.Getenv("CI") == "true" {
			tb.Fatal(msg + "; the mail tests must run in CI")
		}
		tb.Skip(msg)
	}
	dir := tb.TempDir()
	smtpAddr, apiAddr := freeAddr(tb), freeAddr(tb)
	cmd := exec.Command(bin, "--smtp", smtpAddr, "--listen", apiAddr,
		"--database", filepath.Join(dir, "mailpit.db"), "--max", "0",
		"--smtp-auth-accept-any", "--smtp-auth-allow-insecure",
		"--enable-chaos", "--disable-version-check", "--quiet")
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start mailpit: %v", err)
	}
	tb.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	s := &Server{SMTP: smtpAddr, api: "http://" + apiAddr}
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := http.Get(s.api + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			tb.Fatalf("mailpit did not start: %v\n%s", err, logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	return s
}

func binary() string {
	if p := os.Getenv("KLAVER_MAILPIT"); p != "" {
		return p
	}
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p
	}
	gopath := os.Getenv("GOPATH")
	if gopath == "" {
		home, _ := os.UserHomeDir()
		gopath = filepath.Join(home, "go")
	}
	p := filepath.Join(gopath, "bin", "mailpit")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return ""
}

// freeAddr finds a loopback port nobody listens on.
func freeAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return "127.0.0.1:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// URL is the server as klaver's --smtp-url takes it.
func (s *Server) URL() string { return "smtp://" + s.SMTP + "?tls=none" }

// Address is a sender or recipient as Mailpit reports it.
type Address struct {
	Name    string
	Address string
}

// Message is a received mail.
type Message struct {
	ID        string
	MessageID string
	From      Address
	To        []Address
	Subject   string
	Text      string
}

// Messages lists every mail received, newest first, with their texts.
func (s *Server) Messages(tb testing.TB) []Message {
	tb.Helper()
	var list struct {
		Messages []Message `json:"messages"`
	}
	s.get(tb, "/api/v1/messages?limit=100000", &list)
	for i := range list.Messages {
		s.get(tb, "/api/v1/message/"+list.Messages[i].ID, &list.Messages[i])
	}
	return list.Messages
}

// Count is how many mails were received.
func (s *Server) Count(tb testing.TB) int {
	tb.Helper()
	var list struct {
		Total int `json:"messages_count"`
	}
	s.get(tb, "/api/v1/messages?limit=1", &list)
	return list.Total
}

// WaitFor waits until n mails were received and returns them, or fails
// the test after timeout.
func (s *Server) WaitFor(tb testing.TB, n int, timeout time.Duration) []Message {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for s.Count(tb) < n {
		if time.Now().After(deadline) {
			tb.Fatalf("mailpit received %d mails within %s, want %d", s.Count(tb), timeout, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return s.Messages(tb)
}

// Refuse makes the server answer MAIL FROM with code (4xx: try later, 5xx:
// never) until Refuse(0) is called.
func (s *Server) Refuse(tb testing.TB, code int) {
	tb.Helper()
	probability := 100
	if code == 0 {
		probability = 0
	}
	body, _ := json.Marshal(map[string]any{"Sender": map[string]int{"ErrorCode": max(code, 451), "Probability": probability}})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, s.api+"/api/v1/chaos", bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("mailpit chaos: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("mailpit chaos: %s", resp.Status)
	}
}

func (s *Server) get(tb testing.TB, path string, v any) {
	tb.Helper()
	resp, err := http.Get(s.api + path)
	if err != nil {
		tb.Fatalf("mailpit %s: %v", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("mailpit %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		tb.Fatalf("mailpit %s: %v", path, fmt.Errorf("decode: %w", err))
	}
}
