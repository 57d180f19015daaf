package feed

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

const calendarV1 = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//klaver//test//EN\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Client A\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
const calendarV2 = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//klaver//test//EN\r\nBEGIN:VEVENT\r\nUID:2\r\nSUMMARY:Client B\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

// localFetcher returns a fetcher that may reach httptest servers.
func localFetcher(opts Options) *Fetcher {
	opts.AllowPrivate = true
	return NewFetcher(opts)
}

// serve starts a test server with h and stops it when the test ends.
func serve(t testing.TB, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// readAll reads a result's body and closes it.
func readAll(t *testing.T, res *Result) (string, error) {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return string(b), err
}

// wantKind fails unless err is an *Error of kind k, and returns it.
func wantKind(t *testing.T, err error, k Kind) *Error {
	t.Helper()
	var fe *Error
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T), want a *feed.Error of kind %v", err, err, k)
	}
	if fe.Kind != k {
		t.Fatalf("error kind %v (%v), want %v", fe.Kind, fe, k)
	}
	return fe
}

// versionedFeed serves one calendar with an ETag and Last-Modified and
// answers conditional requests as a real provider does.
type versionedFeed struct {
	mu       sync.Mutex
	content  string
	etag     string
	modified time.Time
	requests []http.Header
}

func (v *versionedFeed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.requests = append(v.requests, r.Header.Clone())
	w.Header().Set("ETag", v.etag)
	w.Header().Set("Last-Modified", v.modified.UTC().Format(http.TimeFormat))
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	if r.Header.Get("If-None-Match") == v.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	io.WriteString(w, v.content)
}

func (v *versionedFeed) set(content, etag string, modified time.Time) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.content, v.etag, v.modified = content, etag, modified
}

func TestFetchConditional(t *testing.T) {
	feed := &versionedFeed{}
	t1 := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	feed.set(calendarV1, `"v1"`, t1)
	srv := serve(t, feed.ServeHTTP)
	f := localFetcher(Options{})
	ctx := context.Background()

	res, err := f.Fetch(ctx, srv.URL+"/cal.ics", Validators{})
	if err != nil {
		t.Fatal(err)
	}
	body, err := readAll(t, res)
	if err != nil || body != calendarV1 || res.NotModified {
		t.Fatalf("first fetch: %q, %v, NotModified %v", body, err, res.NotModified)
	}
	want := Validators{ETag: `"v1"`, LastModified: "Sat, 01 Mar 2025 09:00:00 GMT"}
	if res.Validators != want {
		t.Fatalf("first fetch validators %+v, want %+v", res.Validators, want)
	}

	res, err = f.Fetch(ctx, srv.URL+"/cal.ics", res.Validators)
	if err != nil || !res.NotModified || res.Body != nil || res.Validators != want {
		t.Fatalf("unchanged feed: %+v, %v; want NotModified, no body, same validators", res, err)
	}
	if got := feed.requests[1]; got.Get("If-None-Match") != `"v1"` || got.Get("If-Modified-Since") != want.LastModified {
		t.Errorf("second request sent If-None-Match %q, If-Modified-Since %q", got.Get("If-None-Match"), got.Get("If-Modified-Since"))
	}

	feed.set(calendarV2, `"v2"`, t1.Add(time.Hour))
	res, err = f.Fetch(ctx, srv.URL+"/cal.ics", res.Validators)
	if err != nil {
		t.Fatal(err)
	}
	body, err = readAll(t, res)
	if err != nil || body != calendarV2 || res.NotModified || res.Validators.ETag != `"v2"` {
		t.Fatalf("changed feed: %q, %v, %+v; want the new calendar and ETag", body, err, res.Validators)
	}
}

func TestFetchSendsUserAgentAndNoValidatorsFirst(t *testing.T) {
	var got http.Header
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		io.WriteString(w, calendarV1)
	})
	res, err := localFetcher(Options{UserAgent: "klaver-test/9"}).Fetch(context.Background(), srv.URL, Validators{})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got.Get("User-Agent") != "klaver-test/9" || got.Get("If-None-Match") != "" || got.Get("If-Modified-Since") != "" {
		t.Errorf("request headers %v", got)
	}
}

func TestFetchTooLarge(t *testing.T) {
	const limit = 4 << 10
	big := calendarV1 + strings.Repeat("X-FILLER:0123456789012345678901234567890123456789\r\n", 200)
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"with Content-Length", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", fmt.Sprint(len(big)))
			io.WriteString(w, big)
		}},
		{"chunked, no length", func(w http.ResponseWriter, r *http.Request) {
			for chunk := range slices(big, 512) {
				io.WriteString(w, chunk)
				w.(http.Flusher).Flush()
			}
		}},
		{"lying Content-Length", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", fmt.Sprint(len(big)))
			w.(http.Flusher).Flush()
			io.WriteString(w, big)
		}},
		{"gzip that expands past the limit", func(w http.ResponseWriter, r *http.Request) {
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			io.WriteString(zw, big)
			zw.Close()
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Set("Content-Length", fmt.Sprint(buf.Len()))
			w.Write(buf.Bytes())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, tt.handler)
			res, err := localFetcher(Options{MaxBytes: limit}).Fetch(context.Background(), srv.URL, Validators{})
			if err == nil {
				var body string
				body, err = readAll(t, res)
				if len(body) > limit {
					t.Errorf("read %d bytes past a limit of %d", len(body), limit)
				}
			}
			fe := wantKind(t, err, KindTooLarge)
			if !strings.Contains(fe.Message(), "larger than 4 KiB") {
				t.Errorf("message %q does not name the limit", fe.Message())
			}
		})
	}
}

// slices cuts s into pieces of n bytes.
func slices(s string, n int) func(func(string) bool) {
	return func(yield func(string) bool) {
		for len(s) > 0 {
			k := min(n, len(s))
			if !yield(s[:k]) {
				return
			}
			s = s[k:]
		}
	}
}

func TestFetchExactlyMaxBytes(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, calendarV1) })
	res, err := localFetcher(Options{MaxBytes: int64(len(calendarV1))}).Fetch(context.Background(), srv.URL, Validators{})
	if err != nil {
		t.Fatal(err)
	}
	if body, err := readAll(t, res); err != nil || body != calendarV1 {
		t.Fatalf("a feed of exactly MaxBytes: %d bytes, %v", len(body), err)
	}
}

func TestFetchTimeout(t *testing.T) {
	const limit = 200 * time.Millisecond
	// The handlers stall until the client gives up and hangs up.
	wait := func(r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"no headers", func(w http.ResponseWriter, r *http.Request) { wait(r) }},
		{"body stalls", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, calendarV1[:40])
			w.(http.Flusher).Flush()
			wait(r)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, tt.handler)
			start := time.Now()
			res, err := localFetcher(Options{Timeout: limit}).Fetch(context.Background(), srv.URL, Validators{})
			if err == nil {
				_, err = readAll(t, res)
			}
			fe := wantKind(t, err, KindTimeout)
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("gave up after %v, want about %v", took, limit)
			}
			if !strings.Contains(fe.Message(), "200ms") {
				t.Errorf("message %q does not name the limit", fe.Message())
			}
		})
	}
}

func TestFetchCanceled(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := localFetcher(Options{}).Fetch(ctx, srv.URL, Validators{})
	wantKind(t, err, KindCanceled)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v does not wrap context.Canceled", err)
	}
}

func TestFetchHTTPStatus(t *testing.T) {
	tests := []struct {
		status     int
		retryAfter string
		wantWait   time.Duration
		wantText   string
	}{
		{404, "", 0, "publish the calendar again"},
		{403, "", 0, "publish the calendar again"},
		{401, "", 0, "publish the calendar again"},
		{410, "", 0, "publish the calendar again"},
		{400, "", 0, "check the address"},
		{500, "", 0, "try again later"},
		{503, "120", 2 * time.Minute, "try again later"},
		{429, "30", 30 * time.Second, "less often"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				w.WriteHeader(tt.status)
				io.WriteString(w, calendarV1)
			})
			_, err := localFetcher(Options{}).Fetch(context.Background(), srv.URL+"/private-abc/basic.ics", Validators{})
			fe := wantKind(t, err, KindHTTPStatus)
			if fe.Status != tt.status || fe.RetryAfter != tt.wantWait {
				t.Errorf("Status %d, RetryAfter %v; want %d, %v", fe.Status, fe.RetryAfter, tt.status, tt.wantWait)
			}
			if !strings.Contains(fe.Message(), tt.wantText) || !strings.Contains(fe.Message(), fmt.Sprint(tt.status)) {
				t.Errorf("message %q, want the status and %q", fe.Message(), tt.wantText)
			}
		})
	}
}

func TestFetchNotCalendar(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		wantPage                bool
	}{
		{"sign-in page", "text/html; charset=utf-8", "<!DOCTYPE html><html><body>Sign in</body></html>", true},
		{"html labelled as calendar", "text/calendar", "<html><body>Not found</body></html>", false},
		{"json error", "application/json", `{"error":"not found"}`, false},
		{"empty", "text/calendar", "", false},
		{"vcard", "text/calendar", "BEGIN:VCARD\r\nEND:VCARD\r\n", false},
		{"longer name", "text/calendar", "BEGIN:VCALENDARX\r\n", false},
		{"too much space first", "text/calendar", strings.Repeat("\r\n", 600) + calendarV1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				io.WriteString(w, tt.body)
			})
			_, err := localFetcher(Options{}).Fetch(context.Background(), srv.URL, Validators{})
			fe := wantKind(t, err, KindNotCalendar)
			if got := strings.Contains(fe.Message(), "web page, not a calendar"); got != tt.wantPage {
				t.Errorf("message %q; want it to speak of a web page: %v", fe.Message(), tt.wantPage)
			}
		})
	}
}

func TestFetchAcceptsCalendarVariants(t *testing.T) {
	for _, body := range []string{
		calendarV1,
		"\xef\xbb\xbf" + calendarV1,
		"\r\n\r\n  " + calendarV1,
		strings.ReplaceAll(calendarV1, "\r\n", "\n"),
		"begin:vcalendar\r\nend:vcalendar\r\n",
		"BEGIN:VCALENDAR",
	} {
		srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html") // a misconfigured server; the body decides
			io.WriteString(w, body)
		})
		res, err := localFetcher(Options{}).Fetch(context.Background(), srv.URL, Validators{})
		if err != nil {
			t.Errorf("%.30q: %v", body, err)
			continue
		}
		if got, err := readAll(t, res); err != nil || got != body {
			t.Errorf("body %.30q came back as %.30q, %v; want it unchanged", body, got, err)
		}
	}
}

func TestFetchStreamsBody(t *testing.T) {
	const size = 1 << 20
	sent := make(chan struct{})
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, calendarV1)
		w.(http.Flusher).Flush()
		<-sent
		w.Write(bytes.Repeat([]byte("X"), size))
	})
	res, err := localFetcher(Options{Timeout: 5 * time.Second}).Fetch(context.Background(), srv.URL, Validators{})
	close(sent) // Fetch returned before the server sent the rest
	if err != nil {
		t.Fatal(err)
	}
	body, err := readAll(t, res)
	if err != nil || len(body) != len(calendarV1)+size {
		t.Fatalf("read %d bytes, %v", len(body), err)
	}
}

func TestFetchInvalidURL(t *testing.T) {
	f := NewFetcher(Options{})
	for _, raw := range []string{"ftp://example.org/cal.ics", "file:///etc/passwd", "calendar.google.com/basic.ics", "https:///basic.ics", "https://exa mple.org/"} {
		_, err := f.Fetch(context.Background(), raw, Validators{})
		wantKind(t, err, KindInvalidURL)
	}
}

func TestFetchErrorsHideAddress(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(404) })
	tests := []struct {
		name string
		url  string
		opts Options
	}{
		{"refused", srv.URL + "/private-s3cr3t/basic.ics", Options{}},
		{"network", "http://127.0.0.1:1/private-s3cr3t/basic.ics", Options{AllowPrivate: true}},
		{"status", srv.URL + "/private-s3cr3t/basic.ics", Options{AllowPrivate: true}},
		{"invalid", "gopher://example.org/private-s3cr3t", Options{}},
	}
	for _, tt := range tests {
		_, err := NewFetcher(tt.opts).Fetch(context.Background(), tt.url, Validators{})
		if err == nil || strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%s: error %v shows the secret part of the address", tt.name, err)
		}
	}
}

// A server that cannot be reached is said to be so, not that the fetch
// was stopped.
func TestUnreachableServerIsANetworkError(t *testing.T) {
	_, err := NewFetcher(Options{AllowPrivate: true}).Fetch(context.Background(), "http://127.0.0.1:1/basic.ics", Validators{})
	wantKind(t, err, KindNetwork)
}

func TestFetcherIgnoresProxyEnvironment(t *testing.T) {
	t.Setenv("HTTPS_PROXY", "http://proxy.example.org:3128")
	t.Setenv("HTTP_PROXY", "http://proxy.example.org:3128")
	if NewFetcher(Options{}).transport.Proxy != nil {
		t.Fatal("the transport uses a proxy; the address rules would judge the proxy, not the feed server")
	}
}

func TestWebcalFetchedOverHTTPS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.TLS == nil {
			t.Error("request did not arrive over TLS")
		}
		io.WriteString(w, calendarV1)
	}))
	defer srv.Close()
	f := localFetcher(Options{})
	f.transport.TLSClientConfig = srv.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
	res, err := f.Fetch(context.Background(), strings.Replace(srv.URL, "https://", "webcal://", 1)+"/cal.ics", Validators{})
	if err != nil {
		t.Fatal(err)
	}
	if body, err := readAll(t, res); err != nil || body != calendarV1 {
		t.Fatalf("webcal fetch: %q, %v", body, err)
	}
}
