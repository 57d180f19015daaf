package feed

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Kind says why a fetch failed, in terms a member can act on. Its String
// form is a stable code for storage, metrics and the API; the numbers are
// not stable and must not be stored.
type Kind int

// The kinds of failure. A member fixes InvalidURL, RefusedAddress,
// HTTPStatus (401, 403, 404, 410), TooLarge and NotCalendar by publishing
// the calendar again or registering another address; Timeout, Network,
// Canceled and the server errors among HTTPStatus usually pass on their own.
const (
	KindInvalidURL Kind = iota + 1
	KindRefusedAddress
	KindTooManyRedirects
	KindTimeout
	KindCanceled
	KindNetwork
	KindHTTPStatus
	KindTooLarge
	KindNotCalendar
)

// String returns the stable code of k, such as "too_large".
func (k Kind) String() string {
	switch k {
	case KindInvalidURL:
		return "invalid_url"
	case KindRefusedAddress:
		return "refused_address"
	case KindTooManyRedirects:
		return "too_many_redirects"
	case KindTimeout:
		return "timeout"
	case KindCanceled:
		return "canceled"
	case KindNetwork:
		return "network"
	case KindHTTPStatus:
		return "http_status"
	case KindTooLarge:
		return "too_large"
	case KindNotCalendar:
		return "not_calendar"
	}
	return "unknown"
}

// Error is the error of every failed fetch. Message is written for the
// member who registered the feed; Error, for logs, adds the underlying
// cause. Neither ever contains the feed's address, whose path and query are
// the secret that grants access to the calendar (a *url.Error from net/http
// would print it, so it is unwrapped before it gets here).
type Error struct {
	Kind Kind
	// Status is the HTTP status code for KindHTTPStatus, else 0.
	Status int
	// RetryAfter is how long the server asked clients to wait (a 429 or
	// 503 with a Retry-After header), else 0. A scheduler should not fetch
	// the feed again sooner.
	RetryAfter time.Duration
	// Err is the underlying cause, if any, for logs and errors.Is.
	Err error

	message string
}

// Message returns what went wrong and what to do about it, in English, for
// the member who registered the feed.
func (e *Error) Message() string {
	if e.message != "" {
		return e.message
	}
	return "the calendar could not be fetched (" + e.Kind.String() + ")"
}

// Error returns the code, the member's message and the underlying cause.
func (e *Error) Error() string {
	s := "feed: " + e.Kind.String() + ": " + e.Message()
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	return s
}

// Unwrap returns the underlying cause, so that errors.Is finds, for
// example, context.Canceled.
func (e *Error) Unwrap() error { return e.Err }

func invalidURL(reason string) *Error {
	return &Error{Kind: KindInvalidURL, message: "this is not a calendar feed address: " + reason +
		"; copy the https:// or webcal:// address that your calendar offers for subscribing or publishing"}
}

func tooLarge(limit int64) *Error {
	return &Error{Kind: KindTooLarge, message: "the feed is larger than " + formatBytes(limit) +
		", more than klaver imports; publish a smaller calendar or a shorter period"}
}

func timeout(limit time.Duration, err error) *Error {
	return &Error{Kind: KindTimeout, Err: err, message: "the calendar server did not send the whole feed within " +
		formatDuration(limit) + "; klaver will try again later"}
}

func canceled(err error) *Error {
	return &Error{Kind: KindCanceled, Err: err, message: "the fetch was stopped before it finished; klaver will try again later"}
}

func network(err error) *Error {
	return &Error{Kind: KindNetwork, Err: err, message: "the calendar server could not be reached or broke off the connection; " +
		"klaver will try again later, and if this persists, check the address"}
}

func refused(addr, reason string) *Error {
	return &Error{Kind: KindRefusedAddress, message: "the address leads to " + addr + ", " + reason +
		" address that klaver does not fetch from; use the calendar's public address"}
}

func tooManyRedirects() *Error {
	return &Error{Kind: KindTooManyRedirects, message: fmt.Sprintf("the calendar server redirected more than %d times; "+
		"check the address, or publish the calendar again", maxRedirects)}
}

func notCalendar(html bool) *Error {
	if html {
		return &Error{Kind: KindNotCalendar, message: "the address returned a web page, not a calendar; this happens when " +
			"the calendar is no longer published or the link asks to sign in: publish it again and register the new address"}
	}
	return &Error{Kind: KindNotCalendar, message: "the address returned something that is not an iCalendar file; " +
		"check that you copied the calendar's iCal (.ics) address, not the address of its web page"}
}

// statusError explains an HTTP status other than 200 and 304.
func statusError(resp *http.Response, now time.Time) *Error {
	code := resp.StatusCode
	e := &Error{Kind: KindHTTPStatus, Status: code}
	switch {
	case code == 401 || code == 403 || code == 404 || code == 410:
		e.message = fmt.Sprintf("the calendar server no longer accepts this address (HTTP %d); "+
			"publish the calendar again and register the new address", code)
	case code == 429:
		e.message = "the calendar server asks klaver to fetch less often (HTTP 429); klaver will try again later"
	case code >= 500:
		e.message = fmt.Sprintf("the calendar server failed (HTTP %d); klaver will try again later", code)
	case code >= 300 && code < 400:
		e.message = fmt.Sprintf("the calendar server answered with a redirect klaver cannot follow (HTTP %d); check the address", code)
	default:
		e.message = fmt.Sprintf("the calendar server refused the request (HTTP %d); check the address", code)
	}
	if code == 429 || code == 503 {
		e.RetryAfter, _ = parseRetryAfter(resp.Header.Get("Retry-After"), now)
	}
	return e
}

// parseRetryAfter reads a Retry-After header, which is either a number of
// seconds or an HTTP date (RFC 9110, section 10.2.3). A date in the past
// means no wait. Absurd values are capped at a week, so that a broken
// server cannot stop a feed for years.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	const most = 7 * 24 * time.Hour
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseUint(v, 10, 64); err == nil {
		return min(time.Duration(min(secs, uint64(most/time.Second)))*time.Second, most), true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return min(max(at.Sub(now), 0), most), true
}

// formatBytes writes a limit the way a member reads it: "64 MiB".
func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// formatDuration writes whole seconds as "60 seconds" rather than "1m0s".
func formatDuration(d time.Duration) string {
	if d >= time.Second && d%time.Second == 0 {
		return fmt.Sprintf("%d seconds", d/time.Second)
	}
	return d.String()
}
