package server

import (
	"context"
	"log/slog"
	"time"
)

// maintainEvery is how often the periodic work runs.
const maintainEvery = time.Hour

// Maintain does the server's periodic work until ctx ends: it removes
// expired sessions. Several servers on one database may all run it; the
// work is the same whoever does it first.
func (s *Server) Maintain(ctx context.Context) {
	t := time.NewTicker(maintainEvery)
	defer t.Stop()
	for {
		s.maintainOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Server) maintainOnce(ctx context.Context) {
	n, err := s.store.DeleteExpiredSessions(ctx)
	if err != nil && ctx.Err() == nil {
		s.log.WarnContext(ctx, "removing expired sessions failed", slog.Any("error", err))
		return
	}
	if n > 0 {
		s.log.InfoContext(ctx, "removed expired sessions", slog.Int64("sessions", n))
	}
}
