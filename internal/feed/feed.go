// Package feed fetches a member's calendar from its private iCalendar
// address (a Google "secret address in iCal format", an Outlook published
// calendar, a CalDAV export), safely for the server that does the fetching.
//
// The address is chosen by a member, so the fetcher treats it as hostile:
// it connects only to public internet addresses, checked at the moment of
// connecting; it bounds the time and the bytes a feed may take; it follows
// few redirects; and it streams the body, so a large feed never sits in
// memory whole. Its errors are *Error values that say, in words a member
// can act on, why a fetch failed.
package feed

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"time"
)

// Defaults for Options, chosen for calendar feeds: years of a busy
// calendar fit in a few MiB, and the slowest providers send one within
// seconds.
const (
	DefaultMaxBytes  = 64 << 20
	DefaultTimeout   = 60 * time.Second
	DefaultUserAgent = "klaver-feed/1"
)

const (
	// maxRedirects is how many redirects Fetch follows: enough for
	// http → https → a provider's current host, few enough that a loop
	// ends quickly.
	maxRedirects = 5
	// maxHeaderBytes bounds the response headers a server may send.
	maxHeaderBytes = 64 << 10
)

// Options configure a Fetcher. The zero value is the safe configuration.
type Options struct {
	// MaxBytes is the largest feed accepted, counted after any transfer
	// compression is undone, so that a small compressed response cannot
	// expand without bound. 0 means DefaultMaxBytes.
	MaxBytes int64
	// Timeout bounds the whole fetch, from dialling to the last byte of the
	// body, so that a server that trickles bytes cannot hold a worker.
	// 0 means DefaultTimeout.
	Timeout time.Duration
	// AllowPrivate lets the fetcher connect to loopback, private,
	// link-local and other non-public addresses. Only tests and local
	// development may set it: on a server it lets any member read from the
	// server's own network.
	AllowPrivate bool
	// UserAgent identifies klaver to calendar servers. "" means
	// DefaultUserAgent.
	UserAgent string
}

func (o Options) withDefaults() Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	return o
}

// Validators are what a server said identifies the version of a feed it
// sent. Sent back on the next fetch, they let the server answer "not
// modified" instead of sending the whole feed again; store them with the
// feed after a successful import.
type Validators struct {
	ETag         string
	LastModified string
}

// Result is a successful fetch.
type Result struct {
	// NotModified reports that the feed is unchanged since the fetch that
	// gave the validators passed in; Body is then nil.
	NotModified bool
	// Body streams the feed, starting with BEGIN:VCALENDAR (after any byte
	// order mark or blank space). Reading it fails with an *Error when the
	// feed exceeds MaxBytes, the time runs out or the connection breaks.
	// The caller must Close it, which also ends the fetch's time limit.
	Body io.ReadCloser
	// Validators identify this version of the feed, for the next fetch.
	Validators Validators
}

// Fetcher fetches feeds. It keeps connections for reuse, so create one and
// share it; it is safe for concurrent use.
type Fetcher struct {
	opts      Options
	transport *http.Transport
	client    *http.Client
	// exempt lets a dial through the address rules; tests use it to serve
	// a "public" server from loopback.
	exempt func(netip.AddrPort) bool
}

// NewFetcher returns a Fetcher with opts, defaults filled in.
func NewFetcher(opts Options) *Fetcher {
	f := &Fetcher{opts: opts.withDefaults()}
	dialer := &net.Dialer{KeepAlive: 30 * time.Second, Control: f.controlDial}
	f.transport = &http.Transport{
		// No proxy, whatever the environment says: through a proxy the
		// address rules would be checked on the proxy's address, not the
		// feed server's.
		Proxy:                  nil,
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    15 * time.Second,
		MaxIdleConns:           32,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: maxHeaderBytes,
	}
	f.client = &http.Client{Transport: f.transport, CheckRedirect: checkRedirect}
	return f
}

// Fetch fetches the feed at rawURL. With the validators of an earlier
// fetch it asks the server to answer "not modified" when nothing changed.
// Every error is an *Error.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string, prev Validators) (*Result, error) {
	u, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	res, err := f.fetch(ctx, u, prev)
	if err != nil {
		// Explain before cancelling: afterwards every error would read as
		// the fetch having been stopped.
		e := f.explain(ctx, err)
		cancel()
		return nil, e
	}
	if res.Body == nil {
		cancel()
		return res, nil
	}
	res.Body = &body{r: res.Body, ctx: ctx, cancel: cancel, f: f}
	return res, nil
}

// fetch does the request and checks the response up to the start of the
// body. Its errors are explained by the caller.
func (f *Fetcher) fetch(ctx context.Context, u *url.URL, prev Validators) (*Result, error) {
	req, err := f.newRequest(ctx, u, prev)
	if err != nil {
		return nil, err
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, err
	}
	switch resp.StatusCode {
	case http.StatusOK:
		return f.accept(resp)
	case http.StatusNotModified:
		resp.Body.Close()
		return &Result{NotModified: true, Validators: responseValidators(resp.Header, prev)}, nil
	}
	resp.Body.Close()
	return nil, statusError(resp, time.Now())
}

func (f *Fetcher) newRequest(ctx context.Context, u *url.URL, prev Validators) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, invalidURL("it is not a valid web address")
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", "text/calendar, text/plain;q=0.5, */*;q=0.1")
	if v, ok := validatorValue(prev.ETag); ok {
		req.Header.Set("If-None-Match", v)
	}
	if v, ok := validatorValue(prev.LastModified); ok {
		req.Header.Set("If-Modified-Since", v)
	}
	return req, nil
}

// accept checks a 200 response's declared size and first bytes and returns
// the result that streams its body.
func (f *Fetcher) accept(resp *http.Response) (*Result, error) {
	if resp.ContentLength > f.opts.MaxBytes {
		resp.Body.Close()
		return nil, tooLarge(f.opts.MaxBytes)
	}
	r, err := sniffCalendar(resp.Body, f.opts.MaxBytes, resp.Header.Get("Content-Type"))
	if err != nil {
		resp.Body.Close()
		return nil, err
	}
	return &Result{Body: r, Validators: responseValidators(resp.Header, Validators{})}, nil
}

// explain turns any error of a fetch into an *Error, keeping the one the
// fetcher made itself. A *url.Error is unwrapped: its text holds the
// address, which must not reach logs.
func (f *Fetcher) explain(ctx context.Context, err error) *Error {
	var fe *Error
	if errors.As(err, &fe) {
		return fe
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded), errors.Is(err, context.DeadlineExceeded):
		return timeout(f.opts.Timeout, err)
	case ctx.Err() != nil, errors.Is(err, context.Canceled):
		return canceled(err)
	case errors.As(err, &ne) && ne.Timeout():
		return timeout(f.opts.Timeout, err)
	}
	return network(err)
}

// responseValidators returns the validators a response carries, falling
// back to prev for any it lacks (a 304 need not repeat Last-Modified).
func responseValidators(h http.Header, prev Validators) Validators {
	v := prev
	if etag, ok := validatorValue(h.Get("ETag")); ok {
		v.ETag = etag
	}
	if lm, ok := validatorValue(h.Get("Last-Modified")); ok {
		v.LastModified = lm
	}
	return v
}

// validatorValue accepts a validator only when it is short, printable
// ASCII. A validator is stored and sent back; one that net/http refuses to
// send would make every later fetch of the feed fail.
func validatorValue(s string) (string, bool) {
	if s == "" || len(s) > 512 {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return "", false
		}
	}
	return s, true
}
