package server

import "sync"

// maxCached bounds the answers a server keeps; past it the cache starts
// over, which costs one recomputation per team and keeps memory flat.
const maxCached = 4096

// answerCache keeps team answers computed from a team's sums, keyed by
// everything the answer depends on, the team's data version included. A
// change of the sums changes the version that the access check reads on
// every request, so an answer is never served stale, also when several
// servers share one database.
type answerCache struct {
	mu      sync.Mutex
	answers map[answerKey][]byte
}

// answerKey is what a team answer depends on.
type answerKey struct {
	route           string
	team, version   int64
	from, to        string
	maxInternal     float64
	minContributors int
}

func newAnswerCache() *answerCache {
	return &answerCache{answers: map[answerKey][]byte{}}
}

func (c *answerCache) get(k answerKey) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.answers[k]
	return b, ok
}

func (c *answerCache) put(k answerKey, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.answers) >= maxCached {
		clear(c.answers)
	}
	c.answers[k] = b
}
