package store

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klaver/klaver"
)

// On PostgreSQL every request to a team route would otherwise ask the
// database who its token belongs to and what they may do in the team, and
// that round trip is most of what such a request costs. The answers change
// rarely, so each server keeps them, and forgets them all as soon as any
// server changes what they are made of: triggers on those tables notify
// channel accessChannel (migration 0003), and every server listens.
//
// A server only keeps answers while it is listening: before its LISTEN
// stands, after its connection fails and until it stands again, every
// request asks the database. Its own writes make it forget at once,
// without waiting for the notification, so a server never answers from
// before a change it has made itself. SQLite needs none of this: its reads
// cost no round trip, and other processes writing the file could not
// notify.
const accessChannel = "klaver_access"

// maxAccessEntries bounds the cache; past it, it starts over.
const maxAccessEntries = 16384

// listenCheck is how long the listener waits for a notification before it
// checks that its connection still answers: a connection that died
// silently would otherwise leave the cache believing nothing changed.
const listenCheck = 5 * time.Second

// accessKey is a cached access question: an API token's (token set) or a
// signed-in person's (person set) access to a team.
type accessKey struct {
	token  string
	person int64
	team   int64
}

type accessEntry struct {
	person klaver.Person
	access TeamAccess
}

// accessCache holds access answers while listening is true. gen counts the
// times it forgot: an answer read from the database is kept only when no
// change arrived since the read began, so an answer from before a change
// cannot slip in after the change was forgotten.
type accessCache struct {
	mu        sync.Mutex
	listening bool
	gen       uint64
	entries   map[accessKey]accessEntry

	start sync.Once
	stop  context.CancelFunc
	done  chan struct{}
	dsn   string
	// notify sends a notification through the store's pool.
	notify func(ctx context.Context, payload string) error
	check  time.Duration // listenCheck, shorter in tests
	log    *slog.Logger  // reports a broken listener; nil says nothing
}

func newAccessCache(dsn string, notify func(ctx context.Context, payload string) error) *accessCache {
	return &accessCache{entries: map[accessKey]accessEntry{}, dsn: dsn, notify: notify, check: listenCheck}
}

// lookup returns the cached answer to k, or the generation to pass to keep
// after asking the database. The first lookup starts the listener, so that
// command-line tools, which never look up access, do not listen.
func (c *accessCache) lookup(k accessKey) (accessEntry, uint64, bool) {
	if c == nil {
		return accessEntry{}, 0, false
	}
	c.start.Do(c.listen)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.listening {
		return accessEntry{}, c.gen, false
	}
	e, ok := c.entries[k]
	return e, c.gen, ok
}

// keep caches an answer read from the database since lookup returned gen.
func (c *accessCache) keep(gen uint64, k accessKey, e accessEntry) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.listening || gen != c.gen {
		return
	}
	if len(c.entries) >= maxAccessEntries {
		clear(c.entries)
	}
	c.entries[k] = e
}

// forget drops every answer: something they are made of has changed.
func (c *accessCache) forget() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
}

// setListening starts or stops keeping answers. Either way what is cached
// goes: while nobody listened, changes went unheard.
func (c *accessCache) setListening(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.listening = on
	c.gen++
	clear(c.entries)
}

// listen starts the listener in the background; close stops it.
func (c *accessCache) listen() {
	ctx, cancel := context.WithCancel(context.Background())
	c.mu.Lock()
	c.stop, c.done = cancel, make(chan struct{})
	c.mu.Unlock()
	go func() {
		defer close(c.done)
		wait := time.Second
		for ctx.Err() == nil {
			err := c.listenOnce(ctx)
			c.setListening(false)
			if ctx.Err() != nil {
				return
			}
			c.mu.Lock()
			log := c.log
			c.mu.Unlock()
			if log != nil {
				log.Warn("access answers are not cached until listening works again", "err", err, "retry", wait)
			}
			select {
			case <-ctx.Done():
			case <-time.After(wait):
			}
			wait = min(2*wait, 30*time.Second)
		}
	}()
}

// listenOnce connects, listens and forgets the cache at every notification
// until the connection fails or ctx ends. It caches only once a probe sent
// through the pool has come back, and sends one again whenever nothing
// arrived for listenCheck: a connection that died silently, or a pooler in
// transaction mode that never delivers, must not leave the cache believing
// that nothing changed.
func (c *accessCache) listenOnce(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, c.dsn)
	if err != nil {
		return fmt.Errorf("access cache: connect: %w", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+accessChannel); err != nil {
		return fmt.Errorf("access cache: listen: %w", err)
	}
	if err := c.probe(ctx, conn); err != nil {
		return err
	}
	c.setListening(true)
	for {
		wait, cancel := context.WithTimeout(ctx, c.check)
		n, err := conn.WaitForNotification(wait)
		cancel()
		switch {
		case err == nil:
			if !isProbe(n.Payload) {
				c.forget()
			}
		case ctx.Err() != nil:
			return ctx.Err()
		case wait.Err() != nil && !conn.IsClosed():
			if err := c.probe(ctx, conn); err != nil {
				return err
			}
		default:
			return fmt.Errorf("access cache: wait: %w", err)
		}
	}
}

// probePrefix starts the payload of a probe; the triggers' payload is
// empty.
const probePrefix = "probe "

func isProbe(payload string) bool { return strings.HasPrefix(payload, probePrefix) }

// probe notifies the channel through the pool, as a change would, and waits
// until conn hears it. Changes heard meanwhile are forgotten as usual.
func (c *accessCache) probe(ctx context.Context, conn *pgx.Conn) error {
	payload := probePrefix + strconv.FormatUint(rand.Uint64(), 36)
	if err := c.notify(ctx, payload); err != nil {
		return fmt.Errorf("access cache: probe: %w", err)
	}
	wait, cancel := context.WithTimeout(ctx, c.check)
	defer cancel()
	for {
		n, err := conn.WaitForNotification(wait)
		switch {
		case err == nil && n.Payload == payload:
			return nil
		case err == nil:
			if !isProbe(n.Payload) {
				c.forget()
			}
		case ctx.Err() != nil:
			return ctx.Err()
		case wait.Err() != nil:
			return fmt.Errorf("access cache: a notification sent through the pool did not arrive within %v "+
				"(does klaver reach PostgreSQL through a pooler in transaction mode?)", c.check)
		default:
			return fmt.Errorf("access cache: probe: %w", err)
		}
	}
}

// close stops the listener, if it started, and waits for it.
func (c *accessCache) close() {
	if c == nil {
		return
	}
	c.start.Do(func() {}) // a lookup from now on does not start it
	c.mu.Lock()
	stop, done := c.stop, c.done
	c.mu.Unlock()
	if stop != nil {
		stop()
		<-done
	}
}
