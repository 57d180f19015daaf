package server

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

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
	answers map[answerKey]answer
}

// answer is a cached JSON answer, also gzipped: compressed once per data
// version, it is a sixth of the size for every client that accepts it.
// Its header values are made once too: a cached answer is the hot path of
// a busy server, and every allocation there is work for the collector.
type answer struct {
	plain, gzipped       []byte
	plainLen, gzippedLen []string // Content-Length values
}

// Header values that every cached answer shares. Header.Set would make a
// new slice for each; these are never appended to in place (their
// capacity is their length) and net/http copies them before writing.
var (
	jsonType     = []string{"application/json; charset=utf-8"}
	noStore      = []string{"no-store"}
	varyEncoding = []string{"Accept-Encoding"}
	gzipEncoding = []string{"gzip"}
)

// minGzip is the smallest answer worth compressing: below it gzip's own
// header and trailer take back most of what it saves.
const minGzip = 256

// newAnswer compresses body for the clients that accept gzip.
func newAnswer(body []byte) answer {
	a := answer{plain: body, plainLen: []string{strconv.Itoa(len(body))}}
	if len(body) < minGzip {
		return a
	}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression) // a valid level: no error
	_, _ = zw.Write(body)                                  // into memory: no error
	_ = zw.Close()
	a.gzipped, a.gzippedLen = b.Bytes(), []string{strconv.Itoa(b.Len())}
	return a
}

// write answers with the answer, gzipped when the client accepts it.
func (a answer) write(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h["Content-Type"] = jsonType
	h["Cache-Control"] = noStore
	if len(h["Vary"]) == 0 {
		h["Vary"] = varyEncoding
	} else {
		h.Add("Vary", "Accept-Encoding")
	}
	body, length := a.plain, a.plainLen
	if a.gzipped != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		h["Content-Encoding"] = gzipEncoding
		body, length = a.gzipped, a.gzippedLen
	}
	if length != nil {
		h["Content-Length"] = length
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// acceptsGzip reads an Accept-Encoding header (RFC 9110 §12.5.3): gzip,
// or *, listed without q=0.
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "x-gzip" && coding != "*" {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.ToLower(strings.TrimSpace(params)), "q="); ok {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				q = f
			}
		}
		return q > 0
	}
	return false
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
	return &answerCache{answers: map[answerKey]answer{}}
}

func (c *answerCache) get(k answerKey) (answer, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.answers[k]
	return a, ok
}

func (c *answerCache) put(k answerKey, a answer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.answers) >= maxCached {
		clear(c.answers)
	}
	c.answers[k] = a
}
