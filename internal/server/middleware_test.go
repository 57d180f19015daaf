package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestGateAdmitsReadsInTurn: while the gate is full a read waits, a read
// whose client gives up never runs, and writes are never held back.
// Health probes do not wait at all (TestHealthAnswersWhileReadsQueue).
func TestGateAdmitsReadsInTurn(t *testing.T) {
	s := &Server{gate: newGate(1)}
	release := make(chan struct{})
	ran := make(chan string, 4)
	h := s.admit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ran <- r.Method + " " + r.URL.Path
		if r.URL.Path == "/slow" {
			<-release
		}
	}))
	go h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/slow", nil))
	if got := <-ran; got != "GET /slow" {
		t.Fatalf("first request: %s", got)
	}

	// The gate is full: a write passes, a read waits.
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/write", nil))
	if got := <-ran; got != "POST /write" {
		t.Fatalf("write: %s", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	gaveUp := httptest.NewRecorder()
	h.ServeHTTP(gaveUp, httptest.NewRequest(http.MethodGet, "/gave-up", nil).WithContext(ctx))
	if gaveUp.Code != statusClientClosed {
		t.Errorf("a client that gave up waiting is recorded as %d, want %d", gaveUp.Code, statusClientClosed)
	}
	waiting := make(chan struct{})
	go func() {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/next", nil))
		close(waiting)
	}()
	select {
	case got := <-ran:
		t.Fatalf("%s ran while the gate was full", got)
	case <-time.After(50 * time.Millisecond):
	}

	close(release)
	<-waiting
	if got := <-ran; got != "GET /next" {
		t.Fatalf("after the slow read: %s ran, want GET /next", got)
	}
	select {
	case got := <-ran:
		t.Fatalf("%s ran too", got)
	default:
	}
}

// A request whose client went away is not an error of ours: no error in
// the log, and 499 in the metrics, not 500.
func TestClientGoneIsNotAnError(t *testing.T) {
	var log strings.Builder
	s := &Server{log: slog.New(slog.NewTextHandler(&log, nil))}
	failure := errors.New("failed to receive message: context canceled")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	s.writeError(rec, httptest.NewRequest(http.MethodGet, "/api/v1/me", nil).WithContext(ctx), failure)
	if rec.Code != statusClientClosed || log.Len() != 0 {
		t.Errorf("client gone: status %d, log %q; want %d and nothing logged", rec.Code, log.String(), statusClientClosed)
	}

	rec = httptest.NewRecorder()
	s.writeError(rec, httptest.NewRequest(http.MethodGet, "/api/v1/me", nil), failure)
	if rec.Code != http.StatusInternalServerError || !strings.Contains(log.String(), "request failed") {
		t.Errorf("client waiting: status %d, log %q; want 500 and the error logged", rec.Code, log.String())
	}
}

// A health probe answers while reads queue: a busy server is not a dead one.
func TestHealthAnswersWhileReadsQueue(t *testing.T) {
	w := newPagesWorld(t)
	for range cap(w.srv.gate) {
		w.srv.gate <- struct{}{} // every place taken
	}
	defer func() {
		for range cap(w.srv.gate) {
			<-w.srv.gate
		}
	}()
	client := &http.Client{Timeout: 2 * time.Second}
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		resp, err := client.Get(w.url + path)
		if err != nil {
			t.Fatalf("%s while reads queue: %v", path, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %s", path, resp.Status)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, w.url+"/api/v1/me", nil)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Errorf("a read was answered (%s) while every place was taken", resp.Status)
	}
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                      false,
		"gzip":                  true,
		"gzip, deflate, br":     true,
		"br;q=1.0, gzip;q=0.8":  true,
		"GZIP":                  true,
		"*":                     true,
		"gzip;q=0":              false,
		"gzip; q=0.000":         false,
		"identity":              false,
		"deflate, gzip;q=0.001": true,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}

// A cached answer goes out gzipped to a client that asks for it, and
// reads the same.
func TestAnswersGzipped(t *testing.T) {
	w := newPagesWorld(t)
	for _, m := range w.members {
		b := w.browser(t, "en")
		b.signIn(m.Email)
		if status, body := b.upload(w.team.ID, "mine.ics", callCalendar(m.Email)); status != http.StatusOK {
			t.Fatalf("import for %s: %d %s", m.Email, status, body)
		}
	}
	lea := w.browser(t, "en")
	lea.signIn("lea@acme.nl")
	get := func(encoding string) (*http.Response, []byte) {
		req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v1/teams/%d/weeks", w.url, w.team.ID), nil)
		req.Header.Set("Accept-Encoding", encoding) // set by hand: the transport leaves the body as sent
		resp, err := lea.c.Do(req)
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
	for range 2 { // computed, then cached
		plainResp, plain := get("identity")
		gzResp, gz := get("gzip, deflate")
		if plainResp.Header.Get("Content-Encoding") != "" || gzResp.Header.Get("Content-Encoding") != "gzip" ||
			gzResp.Header.Get("Vary") != "Accept-Encoding" {
			t.Fatalf("encodings %q and %q, Vary %q", plainResp.Header.Get("Content-Encoding"),
				gzResp.Header.Get("Content-Encoding"), gzResp.Header.Get("Vary"))
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatal(err)
		}
		unzipped, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(unzipped, plain) || !bytes.Contains(plain, []byte(`"weeks"`)) {
			t.Fatalf("gzipped answer reads %q, plain %q", unzipped, plain)
		}
		if len(gz) >= len(plain) {
			t.Errorf("gzipped %d bytes, plain %d", len(gz), len(plain))
		}
	}
}

// FuzzAcceptsGzip: any header is read without a panic, and only one that
// names gzip or * accepts it.
func FuzzAcceptsGzip(f *testing.F) {
	for _, s := range []string{"gzip", "br;q=1.0, gzip;q=0.8", "gzip;q=0", "*;q=0.5", "identity", "gzip;q=abc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		lower := strings.ToLower(header)
		if acceptsGzip(header) && !strings.Contains(lower, "gzip") && !strings.Contains(lower, "*") {
			t.Fatalf("acceptsGzip(%q) = true", header)
		}
	})
}
