package server

import (
	"context"
	"log/slog"
	"time"
)

// maintainEvery is how often the periodic work runs.
const maintainEvery = time.Hour

// mailKept is how long the record of a mail sent or given up is kept:
// long enough to answer "did my invitation arrive?".
const mailKept = 90 * 24 * time.Hour

// Maintain does the server's periodic work until ctx ends: it removes
// expired sessions and old records of mail. Several servers on one
// database may all run it; the work is the same whoever does it first.
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
	n, err = s.store.DeleteMailBefore(ctx, time.Now().Add(-mailKept))
	if err != nil && ctx.Err() == nil {
		s.log.WarnContext(ctx, "removing old mail records failed", slog.Any("error", err))
		return
	}
	if n > 0 {
		s.log.InfoContext(ctx, "removed old mail records", slog.Int64("mails", n))
	}
}
