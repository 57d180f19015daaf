package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/klaver/klaver"
)

// readyTimeout bounds the database ping of /readyz, so a hanging database
// makes the server unready instead of hanging the probe.
const readyTimeout = 2 * time.Second

// handleHealthz says the process is up; it touches nothing else, so a
// database outage does not get the process restarted.
func (s *Server) handleHealthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// handleReadyz says whether the server can do its work: it pings the
// database.
func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.log.WarnContext(r.Context(), "not ready", slog.Any("error", err))
		w.Header().Set("Retry-After", "5")
		s.writeError(w, r, klaver.Errorf(errUnavailable,
			"The database cannot be reached. Check that it is running and that --db points at it."))
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ready\n"))
}
