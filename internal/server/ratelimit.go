package server

import (
	"sync"
	"time"
)

// Sign-in limits: after signInFailures failed attempts for one e-mail
// address within signInWindow, or signInClientFailures from one client
// address, further attempts are refused until the oldest failure leaves
// the window. A client address gets more: an office behind one NAT address
// must not be locked out by one person mistyping, while guessing across
// many accounts still stops.
//
// The limiter lives in memory: with several servers on one PostgreSQL
// database, each counts on its own, so the limit is per server. Restarting
// a server forgets the failures.
const (
	signInFailures       = 5
	signInClientFailures = 50
	signInWindow         = 15 * time.Minute
	// limiterSweep is how many keys the limiter holds before it drops
	// those without recent failures, so a flood of addresses cannot grow
	// it without end.
	limiterSweep = 10_000
)

// limiter remembers recent failures per key.
type limiter struct {
	mu       sync.Mutex
	max      int
	window   time.Duration
	failures map[string][]time.Time
}

func newLimiter(max int, window time.Duration) *limiter {
	return &limiter{max: max, window: window, failures: map[string][]time.Time{}}
}

// wait returns how long to wait before the next attempt for any of the
// keys, zero when an attempt may go ahead.
func (l *limiter) wait(now time.Time, keys ...string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	var longest time.Duration
	for _, k := range keys {
		recent := l.recent(k, now)
		if len(recent) >= l.max {
			longest = max(longest, recent[len(recent)-l.max].Add(l.window).Sub(now))
		}
	}
	return longest
}

// fail records a failed attempt for every key.
func (l *limiter) fail(now time.Time, keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.failures) >= limiterSweep {
		for k := range l.failures {
			l.recent(k, now)
		}
	}
	for _, k := range keys {
		l.failures[k] = append(l.recent(k, now), now)
	}
}

// reset forgets a key's failures, after a successful sign-in.
func (l *limiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}

// recent drops the key's failures older than the window and returns the
// rest; l.mu must be held.
func (l *limiter) recent(key string, now time.Time) []time.Time {
	times := l.failures[key]
	i := 0
	for i < len(times) && now.Sub(times[i]) >= l.window {
		i++
	}
	if i == len(times) {
		delete(l.failures, key)
		return nil
	}
	l.failures[key] = times[i:]
	return times[i:]
}
