package server

import (
	"context"
	"errors"
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
