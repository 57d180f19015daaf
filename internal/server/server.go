// Package server is klaver's HTTP server: the JSON API under /api/v1 now,
// the HTML pages later, and the endpoints operations needs (/healthz,
// /readyz, /metrics). Every route is listed in routes.go and passes the
// same chain: metrics and logs, panic recovery, cross-origin protection,
// sign-in and the access rules in access.go.
package server

import (
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/klaver/klaver/internal/auth"
	"github.com/klaver/klaver/internal/feed"
	"github.com/klaver/klaver/internal/importer"
	"github.com/klaver/klaver/internal/mail"
	"github.com/klaver/klaver/internal/secret"
	"github.com/klaver/klaver/internal/store"
	"github.com/klaver/klaver/internal/tz"
	"github.com/klaver/klaver/internal/web"
)

// Config is what the server needs to know of its surroundings.
type Config struct {
	// BaseURL is where people reach the server, e.g. https://klaver.example.org.
	// Session cookies are Secure unless it is http://localhost (or a
	// loopback address), for development without TLS.
	BaseURL string
	// SessionTTL is how long a sign-in lasts; zero means DefaultSessionTTL.
	SessionTTL time.Duration
	// Passwords are the argon2id costs of new hashes and of the hash used
	// to answer for unknown addresses; zero means auth.DefaultParams.
	Passwords auth.Params
	// MaxUploadBytes bounds one import request; zero means
	// DefaultMaxUploadBytes.
	MaxUploadBytes int64
	// Box seals the secrets klaver keeps in its database: calendar feed
	// addresses and mail waiting to be sent. Without it members cannot add
	// feeds and no mail is sent.
	Box *secret.Box
	// Mail sends invitations and password reset links. Without it the
	// inviter is shown the invitation link to pass on, and reset links
	// come from an administrator (klaver admin reset-link).
	Mail *mail.Sender
	// Feeds are the fetcher's limits; Feeds.AllowPrivate is for tests.
	Feeds feed.Options
	// FeedInterval is how often a feed is fetched; zero means
	// DefaultFeedInterval.
	FeedInterval time.Duration
}

// DefaultMaxUploadBytes is the largest import request unless configured:
// a year of a busy calendar is a few MB, a team's many times that.
const DefaultMaxUploadBytes = 256 << 20

// DefaultSessionTTL is how long a sign-in lasts unless configured: two
// weeks, so that a coach using klaver twice a week rarely signs in again.
const DefaultSessionTTL = 14 * 24 * time.Hour

// concurrentHashes bounds the argon2id computations running at once; with
// the default 64 MiB each, sign-ins use at most 256 MiB.
const concurrentHashes = 4

// Server serves klaver over HTTP. It holds no state beyond its metrics
// and the in-memory sign-in limiter, so several may share one database.
type Server struct {
	cfg          Config
	store        *store.Store
	log          *slog.Logger
	hasher       *auth.Hasher
	dummyHash    string
	secureCookie bool
	limiter      *limiter // sign-in failures per e-mail address
	clients      *limiter // sign-in failures per client address
	metrics      *metrics
	crossOrigin  *http.CrossOriginProtection
	mux          *http.ServeMux
	patterns     []string // every registered route, for the OpenAPI test
	zones        *tz.DB
	importer     *importer.Importer
	answers      *answerCache
	fetcher      *feed.Fetcher
	pages        *web.Pages
	pagePatterns []string // every page route, apart from the API's
	gate         gate
	// reset links asked for, per address and per client
	resetsByAddress, resetsByClient *limiter
	mailNudge                       chan struct{} // wakes the mail sender when mail is queued
}

// New returns a server over st. The store must be migrated.
func New(cfg Config, st *store.Store, logger *slog.Logger) (*Server, error) {
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = DefaultSessionTTL
	}
	if cfg.Passwords == (auth.Params{}) {
		cfg.Passwords = auth.DefaultParams
	}
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = DefaultMaxUploadBytes
	}
	if cfg.FeedInterval <= 0 {
		cfg.FeedInterval = DefaultFeedInterval
	}
	zones := tz.NewDB()
	s := &Server{
		cfg:             cfg,
		store:           st,
		log:             logger,
		hasher:          auth.NewHasher(cfg.Passwords, concurrentHashes),
		limiter:         newLimiter(signInFailures, signInWindow),
		clients:         newLimiter(signInClientFailures, signInWindow),
		metrics:         newMetrics(),
		mux:             http.NewServeMux(),
		zones:           zones,
		importer:        importer.New(st, zones),
		answers:         newAnswerCache(),
		fetcher:         feed.NewFetcher(cfg.Feeds),
		gate:            newGate(st.ReadConcurrency()),
		resetsByAddress: newLimiter(resetsPerAddress, resetWindow),
		resetsByClient:  newLimiter(resetsPerClient, resetWindow),
		mailNudge:       make(chan struct{}, 1),
	}
	if err := s.configureURL(); err != nil {
		return nil, err
	}
	pages, err := web.New()
	if err != nil {
		return nil, err
	}
	s.pages = pages
	// Verifying against this hash makes a sign-in with an unknown address
	// take as long as one with a wrong password, so timing does not tell
	// which addresses have an account.
	dummy, err := s.hasher.Hash("no password matches this one")
	if err != nil {
		return nil, err
	}
	s.dummyHash = dummy
	s.routes()
	return s, nil
}

// configureURL derives the cookie's Secure flag and the trusted origin for
// cross-origin checks (useful behind a proxy that rewrites Host) from the
// base URL.
func (s *Server) configureURL() error {
	s.crossOrigin = http.NewCrossOriginProtection()
	s.crossOrigin.SetDenyHandler(http.HandlerFunc(s.denyCrossOrigin))
	s.secureCookie = true
	if s.cfg.BaseURL == "" {
		return nil
	}
	u, err := url.Parse(s.cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &configError{"base URL " + s.cfg.BaseURL + " is not an http:// or https:// URL"}
	}
	if u.Scheme == "http" && isLoopback(u.Hostname()) {
		s.secureCookie = false
	}
	if err := s.crossOrigin.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
		return &configError{"base URL: " + err.Error()}
	}
	return nil
}

func isLoopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// configError is a setting that cannot work.
type configError struct{ msg string }

func (e *configError) Error() string { return e.msg }

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.mux }
