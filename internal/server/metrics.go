package server

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// durationBuckets are the upper bounds, in seconds, of the request
// duration histogram: from a cached answer to a slow import.
var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// metrics counts requests per route in the Prometheus text exposition
// format, written by hand: three series do not need a client library.
type metrics struct {
	mu        sync.Mutex
	requests  map[routeStatus]uint64
	durations map[string]*histogram
	imports   [2]uint64         // files imported: [0] failed, [1] stored
	fetches   [2]uint64         // feeds fetched: [0] failed, [1] succeeded
	mails     map[string]uint64 // delivery attempts by result
}

// mailed counts one delivery attempt: "sent", "retry" or "failed".
func (m *metrics) mailed(result string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.mails[result]++
}

// fetched counts one feed fetch.
func (m *metrics) fetched(ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if ok {
		m.fetches[1]++
	} else {
		m.fetches[0]++
	}
}

// imported counts one imported file.
func (m *metrics) imported(ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if ok {
		m.imports[1]++
	} else {
		m.imports[0]++
	}
}

type routeStatus struct {
	route string
	code  int
}

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	count  uint64
}

func newMetrics() *metrics {
	return &metrics{requests: map[routeStatus]uint64{}, durations: map[string]*histogram{}, mails: map[string]uint64{}}
}

func (m *metrics) observe(route string, code int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[routeStatus{route, code}]++
	h := m.durations[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(durationBuckets))}
		m.durations[route] = h
	}
	sec := d.Seconds()
	if i, _ := slices.BinarySearch(durationBuckets, sec); i < len(durationBuckets) {
		h.counts[i]++
	}
	h.sum += sec
	h.count++
}

// write writes all series, sorted so that the output is stable.
func (m *metrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	b.WriteString("# HELP klaver_up Whether the server is up.\n# TYPE klaver_up gauge\nklaver_up 1\n")
	b.WriteString("# HELP klaver_http_requests_total HTTP requests by route and status code.\n")
	b.WriteString("# TYPE klaver_http_requests_total counter\n")
	keys := make([]routeStatus, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b routeStatus) int {
		return cmpOr(strings.Compare(a.route, b.route), a.code-b.code)
	})
	for _, k := range keys {
		fmt.Fprintf(&b, "klaver_http_requests_total{route=%s,code=\"%d\"} %d\n", quoteLabel(k.route), k.code, m.requests[k])
	}
	b.WriteString("# HELP klaver_http_request_duration_seconds Time to answer HTTP requests by route.\n")
	b.WriteString("# TYPE klaver_http_request_duration_seconds histogram\n")
	routes := make([]string, 0, len(m.durations))
	for r := range m.durations {
		routes = append(routes, r)
	}
	slices.Sort(routes)
	for _, r := range routes {
		writeHistogram(&b, quoteLabel(r), m.durations[r])
	}
	b.WriteString("# HELP klaver_imported_files_total Files imported, by result.\n")
	b.WriteString("# TYPE klaver_imported_files_total counter\n")
	fmt.Fprintf(&b, "klaver_imported_files_total{result=\"failed\"} %d\n", m.imports[0])
	fmt.Fprintf(&b, "klaver_imported_files_total{result=\"stored\"} %d\n", m.imports[1])
	b.WriteString("# HELP klaver_feed_fetches_total Calendar feed fetches, by result.\n")
	b.WriteString("# TYPE klaver_feed_fetches_total counter\n")
	fmt.Fprintf(&b, "klaver_feed_fetches_total{result=\"failed\"} %d\n", m.fetches[0])
	fmt.Fprintf(&b, "klaver_feed_fetches_total{result=\"ok\"} %d\n", m.fetches[1])
	b.WriteString("# HELP klaver_mail_deliveries_total Attempts to deliver mail, by result.\n")
	b.WriteString("# TYPE klaver_mail_deliveries_total counter\n")
	for _, result := range []string{"failed", "retry", "sent"} {
		fmt.Fprintf(&b, "klaver_mail_deliveries_total{result=%q} %d\n", result, m.mails[result])
	}
	io.WriteString(w, b.String())
}

func writeHistogram(b *strings.Builder, route string, h *histogram) {
	const name = "klaver_http_request_duration_seconds"
	var cumulative uint64
	for i, le := range durationBuckets {
		cumulative += h.counts[i]
		fmt.Fprintf(b, "%s_bucket{route=%s,le=\"%s\"} %d\n", name, route, strconv.FormatFloat(le, 'g', -1, 64), cumulative)
	}
	fmt.Fprintf(b, "%s_bucket{route=%s,le=\"+Inf\"} %d\n", name, route, h.count)
	fmt.Fprintf(b, "%s_sum{route=%s} %s\n", name, route, strconv.FormatFloat(h.sum, 'g', -1, 64))
	fmt.Fprintf(b, "%s_count{route=%s} %d\n", name, route, h.count)
}

func cmpOr(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}

// quoteLabel quotes a label value as the exposition format wants:
// backslash, double quote and line feed escaped.
func quoteLabel(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(v) + `"`
}

func (s *Server) handleMetrics(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	s.metrics.write(w)
}
