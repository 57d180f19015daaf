package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestGateAdmitsReadsInTurn: while the gate is full a read waits, a read
// whose client gives up never runs, and writes are never held back.
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
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/gave-up", nil).WithContext(ctx))
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
