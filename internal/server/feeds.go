package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/feed"
	"github.com/klaver/klaver/internal/importer"
	"github.com/klaver/klaver/internal/secret"
	"github.com/klaver/klaver/internal/store"
)

// Feed schedule defaults: a calendar changes during the day, but a week's
// figures do not need it fetched more often than a few times a day.
const (
	DefaultFeedInterval = 6 * time.Hour
	// feedRetry is the wait after a failed fetch: soon enough that a
	// passing outage heals the same day, not so soon that a dead address
	// is hammered.
	feedRetry = time.Hour
	// feedLease is how long a claimed feed is left to the server that
	// claimed it before another may try.
	feedLease = 15 * time.Minute
	// feedBatch bounds the feeds one server fetches per round.
	feedBatch = 20
	// feedTick is how often a server looks for due feeds.
	feedTick = 30 * time.Second
)

// feedJSON is a feed as its owner sees it: never the address itself.
type feedJSON struct {
	ID            int64      `json:"id"`
	TeamID        int64      `json:"team_id"`
	Name          string     `json:"name"`
	URL           string     `json:"url"`
	NextFetchAt   time.Time  `json:"next_fetch_at"`
	LastAttemptAt *time.Time `json:"last_attempt_at"`
	LastSuccessAt *time.Time `json:"last_success_at"`
	LastError     string     `json:"last_error"`
}

func toFeedJSON(f store.Feed) feedJSON {
	fj := feedJSON{ID: f.ID, TeamID: f.TeamID, Name: f.SourceName, URL: f.URLShown,
		NextFetchAt: f.NextFetchAt, LastError: f.LastError}
	if !f.LastAttemptAt.IsZero() {
		fj.LastAttemptAt = &f.LastAttemptAt
	}
	if !f.LastSuccessAt.IsZero() {
		fj.LastSuccessAt = &f.LastSuccessAt
	}
	return fj
}

// handleFeedCreate registers the signed-in member's calendar feed for the
// team. The address is checked, sealed and shown again only redacted; the
// first fetch follows within a minute.
func (s *Server) handleFeedCreate(w http.ResponseWriter, r *http.Request) {
	p, _ := principalOf(r.Context())
	var body struct {
		URL  string `json:"url"`
		Name string `json:"name"`
	}
	if err := decodeJSON(w, r, &body, `{"url": "https://calendar.google.com/calendar/ical/…/basic.ics", "name": "work"}`); err != nil {
		s.writeError(w, r, err)
		return
	}
	f, err := s.addFeed(r.Context(), p, body.URL, body.Name)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toFeedJSON(f))
}

// addFeed registers a feed of the person for the team of the route.
func (s *Server) addFeed(ctx context.Context, p principal, address, name string) (store.Feed, error) {
	if s.cfg.Box == nil {
		return store.Feed{}, klaver.Errorf(errUnavailable, "This server has no key to keep feed addresses secret, so it takes no feeds; ask its administrator.")
	}
	u, err := feed.ParseURL(strings.TrimSpace(address))
	if err != nil {
		return store.Feed{}, klaver.Errorf(klaver.ErrInvalid, "%s", feedMessage(err))
	}
	sealed, err := s.cfg.Box.Seal(u.String())
	if err != nil {
		return store.Feed{}, err
	}
	name = strings.ReplaceAll(strings.TrimSpace(name), "/", "-")
	if name == "" {
		name = "feed"
	}
	if !strings.HasSuffix(strings.ToLower(name), ".ics") {
		name += ".ics"
	}
	return s.store.CreateFeed(ctx, store.Feed{PersonID: p.person.ID, TeamID: p.team.Team.ID,
		URLSealed: sealed, URLShown: secret.Redact(u.String()), SourceName: name})
}

func (s *Server) handleMyFeeds(w http.ResponseWriter, r *http.Request) {
	p, _ := principalOf(r.Context())
	feeds, err := s.store.FeedsOfPerson(r.Context(), p.person.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]feedJSON, len(feeds))
	for i, f := range feeds {
		out[i] = toFeedJSON(f)
	}
	writeJSON(w, http.StatusOK, map[string]any{"feeds": out})
}

func (s *Server) handleFeedDelete(w http.ResponseWriter, r *http.Request) {
	p, _ := principalOf(r.Context())
	id, err := pathID(r, "feed")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.store.DeleteFeed(r.Context(), p.person.ID, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// RunFeeds fetches due feeds until ctx ends. Several servers on one
// database may run it: each claims the feeds it fetches. Without a
// Box there are no feeds to fetch.
func (s *Server) RunFeeds(ctx context.Context) {
	if s.cfg.Box == nil {
		return
	}
	t := time.NewTicker(feedTick)
	defer t.Stop()
	for {
		s.FetchDueFeeds(ctx, time.Now())
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// FetchDueFeeds fetches and imports the feeds due at now, one after the
// other, and records each outcome for its owner to see.
func (s *Server) FetchDueFeeds(ctx context.Context, now time.Time) {
	feeds, err := s.store.ClaimDueFeeds(ctx, now, now.Add(feedLease), feedBatch)
	if err != nil {
		if ctx.Err() == nil {
			s.log.WarnContext(ctx, "claiming due feeds failed", slog.Any("error", err))
		}
		return
	}
	for _, f := range feeds {
		a := s.fetchFeed(ctx, f)
		a.At = now
		if a.OK {
			a.Next = now.Add(s.cfg.FeedInterval)
		} else if a.Next.IsZero() {
			a.Next = now.Add(min(feedRetry, s.cfg.FeedInterval))
		}
		if err := s.store.RecordFeedAttempt(ctx, f.ID, a); err != nil {
			s.log.WarnContext(ctx, "recording a feed fetch failed", slog.Int64("feed", f.ID), slog.Any("error", err))
		}
		s.metrics.fetched(a.OK)
	}
}

// fetchFeed fetches one feed and imports it as its owner's upload.
func (s *Server) fetchFeed(ctx context.Context, f store.Feed) store.FeedAttempt {
	address, err := s.cfg.Box.Open(f.URLSealed)
	if err != nil {
		s.log.ErrorContext(ctx, "a feed address cannot be opened", slog.Int64("feed", f.ID), slog.Any("error", err))
		return store.FeedAttempt{Error: "klaver cannot read this feed's address any more; remove the feed and add it again"}
	}
	res, err := s.fetcher.Fetch(ctx, address, feed.Validators{ETag: f.ETag, LastModified: f.LastModified})
	if err != nil {
		a := store.FeedAttempt{Error: feedMessage(err)}
		var fe *feed.Error
		if errors.As(err, &fe) && fe.RetryAfter > 0 {
			a.Next = time.Now().Add(fe.RetryAfter)
		}
		return a
	}
	ok := store.FeedAttempt{OK: true, ETag: res.Validators.ETag, LastMod: res.Validators.LastModified}
	if res.NotModified {
		ok.ETag, ok.LastMod = f.ETag, f.LastModified
		return ok
	}
	defer res.Body.Close()
	if msg := s.importFeed(ctx, f, res); msg != "" {
		return store.FeedAttempt{Error: msg}
	}
	return ok
}

// importFeed imports a fetched feed and returns why it failed, or "".
func (s *Server) importFeed(ctx context.Context, f store.Feed, res *feed.Result) string {
	dir, err := os.MkdirTemp("", "klaver-feed-*")
	if err != nil {
		return "klaver could not store the calendar for its import; it tries again later"
	}
	defer os.RemoveAll(dir)
	file, err := saveFile(res.Body, filepath.Join(dir, "feed.ics"), f.SourceName)
	if err != nil {
		return feedMessage(err)
	}
	person, err := s.store.Person(ctx, f.PersonID)
	if err != nil {
		return klaver.ErrorMessage(err)
	}
	access, err := s.store.TeamAccessOf(ctx, f.PersonID, f.TeamID)
	if err != nil || !access.Member {
		return "you are no longer a member of the team this feed imports into; remove the feed"
	}
	results, err := s.importer.Import(ctx, importer.Request{TeamID: f.TeamID, By: person, Files: []importer.File{file}})
	if err != nil {
		return klaver.ErrorMessage(err)
	}
	s.metrics.imported(results[0].OK())
	if !results[0].OK() {
		return results[0].Error.Message
	}
	return ""
}

// feedMessage is what a member is told of a failed fetch: the fetcher's
// own explanation, which never holds the address.
func feedMessage(err error) string {
	var fe *feed.Error
	if errors.As(err, &fe) {
		return fe.Message()
	}
	return klaver.ErrorMessage(err)
}
