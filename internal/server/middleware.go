package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
)

// statusRecorder remembers the status a handler sent, for logs and
// metrics.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (w *statusRecorder) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe logs each request of a route and counts it in the metrics.
func (s *Server) observe(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		elapsed := time.Since(start)
		s.metrics.observe(route, rec.status, elapsed)
		level := slog.LevelInfo
		if rec.status >= 500 {
			level = slog.LevelError
		}
		if !s.log.Enabled(r.Context(), level) {
			return // without building the attributes, which escape to the heap
		}
		s.log.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.String("route", route), slog.Int("status", rec.status),
			slog.Duration("duration", elapsed), slog.String("remote", r.RemoteAddr))
	})
}

// recoverPanic turns a panicking handler into a 500 with a JSON error and
// a log entry with the stack, instead of a dropped connection.
func (s *Server) recoverPanic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.ErrorContext(r.Context(), "panic", slog.Any("value", v), slog.String("stack", string(debug.Stack())))
			s.writeError(w, r, fmt.Errorf("panic: %v", v))
		}()
		next.ServeHTTP(w, r)
	})
}

// gate admits a bounded number of reading requests at a time and lets the
// others wait in arrival order. Without it, every waiting request competes
// for the database pool, which hands a freed connection to a random waiter:
// under load most requests are quick but some wait many turns, and the
// tail latency is several times the median. A channel's waiting senders
// are served first come, first served.
type gate chan struct{}

// newGate admits n requests at once.
func newGate(n int) gate { return make(gate, n) }

// admit runs next once a place is free; a client that gives up waiting is
// recorded as gone (statusClientClosed). Only GET and HEAD wait: writes
// take the database's write lock anyway, and an upload must not hold a
// place while it streams.
func (s *Server) admit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		select {
		case s.gate <- struct{}{}:
			// A free place: nobody is waiting, or the channel would be
			// full. Asking for Done only when waiting saves making the
			// request's done channel, which nothing else may need.
		default:
			select {
			case s.gate <- struct{}{}:
			case <-r.Context().Done():
				w.WriteHeader(statusClientClosed)
				return
			}
		}
		defer func() { <-s.gate }()
		next.ServeHTTP(w, r)
	})
}
