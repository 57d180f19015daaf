package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/klaver/klaver/internal/auth"
	"github.com/klaver/klaver/internal/demo"
	"github.com/klaver/klaver/internal/feed"
	"github.com/klaver/klaver/internal/mail"
	"github.com/klaver/klaver/internal/secret"
	"github.com/klaver/klaver/internal/server"
	"github.com/klaver/klaver/internal/store"
)

// serveGCPercent is the garbage collector's target of klaver serve, where
// GOGC does not set one (the Go default is 100).
const serveGCPercent = 200

const serveUsage = `Usage: klaver serve [flags]

Serves klaver over HTTP: the pages in Dutch and English, the JSON API
under /api/v1, and /healthz, /readyz and /metrics for operations. It also
fetches the calendar feeds members registered. The database is migrated
first. The server stops gracefully on SIGTERM or SIGINT, letting running
requests finish. --demo starts on a throwaway database with a demo
organisation and prints its sign-ins.

Every flag can also be set by the environment variable named after it.

Flags:
`

// serveFlags are the settings of klaver serve.
type serveFlags struct {
	db              dbFlags
	addr, baseURL   string
	logFormat       string
	logLevel        string
	shutdownTimeout time.Duration
	sessionTTL      time.Duration
	maxUploadMB     int64
	demo            bool
	feedKeyFile     string
	feedKey         string
	feedInterval    time.Duration
	feedPrivate     bool
	smtpURL         string
	mailFrom        string
}

func (f *serveFlags) register(fs *flag.FlagSet, getenv func(string) string) error {
	f.db.register(fs, getenv)
	fs.StringVar(&f.addr, "addr", firstNonEmpty(getenv("KLAVER_ADDR"), ":8080"), "address to listen on (env KLAVER_ADDR)")
	fs.StringVar(&f.baseURL, "base-url", getenv("KLAVER_BASE_URL"),
		"where people reach klaver, e.g. https://klaver.example.org; cookies are Secure unless it is http://localhost (env KLAVER_BASE_URL)")
	fs.StringVar(&f.logFormat, "log-format", firstNonEmpty(getenv("KLAVER_LOG_FORMAT"), "text"), "log format: text or json (env KLAVER_LOG_FORMAT)")
	fs.StringVar(&f.logLevel, "log-level", firstNonEmpty(getenv("KLAVER_LOG_LEVEL"), "info"), "least important log level: debug, info, warn or error (env KLAVER_LOG_LEVEL)")
	var err error
	f.shutdownTimeout, err = envDuration(getenv, "KLAVER_SHUTDOWN_TIMEOUT", 10*time.Second)
	if err != nil {
		return err
	}
	fs.DurationVar(&f.shutdownTimeout, "shutdown-timeout", f.shutdownTimeout, "how long running requests may take to finish on shutdown (env KLAVER_SHUTDOWN_TIMEOUT)")
	f.sessionTTL, err = envDuration(getenv, "KLAVER_SESSION_TTL", server.DefaultSessionTTL)
	if err != nil {
		return err
	}
	fs.DurationVar(&f.sessionTTL, "session-ttl", f.sessionTTL, "how long a sign-in lasts (env KLAVER_SESSION_TTL)")
	upload := firstNonEmpty(getenv("KLAVER_MAX_UPLOAD_MB"), strconv.Itoa(server.DefaultMaxUploadBytes>>20))
	if f.maxUploadMB, err = strconv.ParseInt(upload, 10, 64); err != nil || f.maxUploadMB <= 0 {
		return fmt.Errorf("KLAVER_MAX_UPLOAD_MB=%q is not a positive number of MiB", upload)
	}
	fs.StringVar(&f.feedKeyFile, "feed-key-file", getenv("KLAVER_FEED_KEY_FILE"),
		"file with the key that seals calendar feed addresses and queued mail, created when missing (env KLAVER_FEED_KEY_FILE; default: feed.key beside the SQLite file, or in the data directory; KLAVER_FEED_KEY gives the key itself, 64 hex digits)")
	f.feedKey = getenv("KLAVER_FEED_KEY")
	f.feedInterval, err = envDuration(getenv, "KLAVER_FEED_INTERVAL", server.DefaultFeedInterval)
	if err != nil {
		return err
	}
	fs.DurationVar(&f.feedInterval, "feed-interval", f.feedInterval, "how often each calendar feed is fetched (env KLAVER_FEED_INTERVAL)")
	fs.BoolVar(&f.feedPrivate, "feed-allow-private", getenv("KLAVER_FEED_ALLOW_PRIVATE") == "true",
		"let feeds fetch from loopback and private addresses: for tests only, it lets members read the server's own network (env KLAVER_FEED_ALLOW_PRIVATE=true)")
	fs.StringVar(&f.smtpURL, "smtp-url", getenv("KLAVER_SMTP_URL"),
		"SMTP server for invitations and reset links, e.g. smtp://user:password@smtp.example.org:587 (STARTTLS required; ?tls=opportunistic or ?tls=none to relax it), or smtps://… for TLS from the start; without it links are shown instead of mailed (env KLAVER_SMTP_URL, which keeps the password out of the process list)")
	fs.StringVar(&f.mailFrom, "mail-from", getenv("KLAVER_MAIL_FROM"),
		"sender of klaver's mail, e.g. \"klaver <klaver@example.org>\"; needed with --smtp-url (env KLAVER_MAIL_FROM)")
	fs.BoolVar(&f.demo, "demo", false, "start on a new database in a temporary directory, seeded with a demo organisation, and print its sign-ins")
	fs.Int64Var(&f.maxUploadMB, "max-upload-mb", f.maxUploadMB, "largest import request in MiB (env KLAVER_MAX_UPLOAD_MB)")
	return nil
}

func envDuration(getenv func(string) string, name string, def time.Duration) (time.Duration, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s=%q is not a positive duration such as 30s or 336h", name, v)
	}
	return d, nil
}

func runServe(ctx context.Context, env environment, args []string) int {
	var f serveFlags
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	if err := f.register(fs, env.getenv); err != nil {
		fmt.Fprintln(env.stderr, "klaver serve:", err)
		return 2
	}
	if code, ok := parseNoArgs(fs, env, serveUsage, args); !ok {
		return code
	}
	logger, err := newLogger(env.stderr, f.logFormat, f.logLevel)
	if err != nil {
		fmt.Fprintln(env.stderr, "klaver serve:", err)
		return 2
	}
	if err := serve(ctx, env, f, logger); err != nil {
		logger.Error("klaver serve stopped", slog.Any("error", err))
		return 1
	}
	return 0
}

func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lvl}
	switch strings.ToLower(format) {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want text or json", format)
}

// serve runs the server until ctx is cancelled, then shuts it down
// gracefully: it stops accepting connections and waits for running
// requests up to the shutdown timeout.
func serve(ctx context.Context, env environment, f serveFlags, logger *slog.Logger) error {
	if env.getenv("GOGC") == "" {
		// A busy server allocates a little for every request; collecting
		// half as often costs a heap three times the live data instead of
		// twice (some tens of MB) and keeps collections out of the tail of
		// the latencies (docs/benchmarks.md). GOGC overrides it.
		debug.SetGCPercent(serveGCPercent)
	}
	if f.demo {
		dir, err := os.MkdirTemp("", "klaver-demo-*")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		f.db = dbFlags{db: filepath.Join(dir, "klaver.db"), dataDir: dir}
	}
	st, err := openMigrated(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	st.SetLogger(logger)
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return err
	}
	if f.demo && f.baseURL == "" {
		f.baseURL = "http://localhost:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	}
	box, err := f.feedBox()
	if err != nil {
		ln.Close()
		return err
	}
	sender, err := f.mailSender()
	if err != nil {
		ln.Close()
		return err
	}
	srv, err := server.New(server.Config{BaseURL: f.baseURL, SessionTTL: f.sessionTTL,
		MaxUploadBytes: f.maxUploadMB << 20, Box: box, FeedInterval: f.feedInterval,
		Feeds: feed.Options{AllowPrivate: f.feedPrivate}, Mail: sender}, st, logger)
	if err != nil {
		ln.Close()
		return err
	}
	go srv.Maintain(ctx)
	go srv.RunFeeds(ctx)
	// The mail sender finishes and records the batch it is sending before
	// the store closes, so that a restart does not send it again.
	mailDone := make(chan struct{})
	go func() {
		defer close(mailDone)
		srv.RunMail(ctx)
	}()
	if sender != nil {
		logger.Info("sending mail", slog.String("smtp", mail.Redact(f.smtpURL)), slog.String("from", sender.From()))
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		// Uploads of many calendars may take minutes on a slow line.
		ReadTimeout:  15 * time.Minute,
		WriteTimeout: 2 * time.Minute,
		IdleTimeout:  2 * time.Minute,
		ErrorLog:     slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		BaseContext:  func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	logger.Info("listening", slog.String("addr", ln.Addr().String()), slog.String("database", st.Dialect()),
		slog.String("version", versionString()))
	if f.demo {
		if err := seedDemo(ctx, env, st, f.baseURL); err != nil {
			ln.Close()
			return fmt.Errorf("demo: %w", err)
		}
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down", slog.Duration("timeout", f.shutdownTimeout))
	sctx, cancel := context.WithTimeout(context.Background(), f.shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	select {
	case <-mailDone:
	case <-sctx.Done():
		return errors.New("shutdown: the mail sender did not finish its batch in time; it is sent again after the lease")
	}
	logger.Info("stopped")
	return nil
}

// openMigrated opens the database and brings it up to date.
func openMigrated(ctx context.Context, d dbFlags) (*store.Store, error) {
	dsn, err := d.dsn()
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// seedDemo fills the demo database and tells how to look around.
func seedDemo(ctx context.Context, env environment, st *store.Store, baseURL string) error {
	hasher := auth.NewHasher(auth.DefaultParams, 1)
	res, err := demo.Seed(ctx, st, hasher.Hash, demo.DefaultStart(time.Now()))
	if err != nil {
		return err
	}
	w := env.stdout
	fmt.Fprintf(w, "klaver demo: %s\n\nSign in with password %s as:\n", baseURL, res.Password)
	for _, s := range res.SignIns {
		team := ""
		if s.Team != "" {
			team = ", team " + s.Team
		}
		fmt.Fprintf(w, "  %-7s %-36s %s%s\n", s.Role, s.Email, s.Name, team)
	}
	fmt.Fprintln(w, "\nThe demo database is deleted when klaver stops (Ctrl-C).")
	return nil
}

// mailSender is the SMTP sender, or nil when no server is configured.
// Mail needs the base URL: its links point there.
func (f *serveFlags) mailSender() (*mail.Sender, error) {
	if f.smtpURL == "" {
		return nil, nil
	}
	settings, err := mail.ParseURL(f.smtpURL)
	if err != nil {
		return nil, err
	}
	if f.mailFrom == "" {
		return nil, errors.New("--smtp-url needs --mail-from (KLAVER_MAIL_FROM), the address klaver's mail comes from")
	}
	if f.baseURL == "" {
		return nil, errors.New("--smtp-url needs --base-url (KLAVER_BASE_URL): the links in the mails point there")
	}
	helo := "localhost"
	if u, err := url.Parse(f.baseURL); err == nil && u.Hostname() != "" {
		helo = u.Hostname()
	}
	return mail.NewSender(settings, f.mailFrom, helo)
}

// feedBox makes the box that seals feed addresses and queued mail: from KLAVER_FEED_KEY,
// or from the key file, which is created on first start. Servers sharing
// a database must share the key.
func (f *serveFlags) feedBox() (*secret.Box, error) {
	var key []byte
	var err error
	switch {
	case f.feedKey != "":
		if key, err = secret.ParseKey(f.feedKey); err != nil {
			return nil, fmt.Errorf("KLAVER_FEED_KEY: %w", err)
		}
	default:
		path := f.feedKeyFile
		if path == "" {
			dir := f.db.dataDir
			if f.db.db != "" && !strings.Contains(f.db.db, "://") {
				dir = filepath.Dir(strings.TrimPrefix(f.db.db, "file:"))
			}
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("data directory: %w", err)
			}
			path = filepath.Join(dir, "feed.key")
		}
		if key, err = secret.LoadOrCreateKey(path); err != nil {
			return nil, fmt.Errorf("feed key: %w", err)
		}
	}
	return secret.NewBox(key)
}
