package feed

import (
	"net/http"
	"net/url"
	"strings"
)

// ParseURL checks a feed address as a member pasted it and returns the
// address to fetch. webcal:// (and webcals://), which calendar apps use to
// mean "subscribe to this", becomes https://; apart from that only http://
// and https:// are accepted, since the fetcher speaks nothing else and
// other schemes (file://, gopher://) have no business on a server.
// Surrounding blank space and the fragment are dropped.
//
// ParseURL does not judge the host: whether it is public is only known when
// it is resolved and dialled, which Fetch checks. Errors never repeat the
// address.
func ParseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// url.Parse's error quotes the address, which is secret.
		return nil, invalidURL("it is not a valid web address")
	}
	if err := normaliseScheme(u); err != nil {
		return nil, err
	}
	if u.Opaque != "" || u.Hostname() == "" {
		return nil, invalidURL("it names no server")
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// normaliseScheme rewrites webcal to https and refuses schemes other than
// http and https.
func normaliseScheme(u *url.URL) *Error {
	switch u.Scheme {
	case "http", "https":
		return nil
	case "webcal", "webcals":
		u.Scheme = "https"
		return nil
	case "":
		return invalidURL("it does not start with https://, http:// or webcal://")
	}
	return invalidURL("klaver fetches only https://, http:// and webcal:// addresses")
}

// checkRedirect is the client's redirect policy. Each hop gets the same
// scheme and host rules as the registered address; the address rules for
// the host are applied when the hop is dialled. The Referer header that
// net/http adds is removed: it would carry the previous address, secret
// path and all, to the next server.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > maxRedirects {
		return tooManyRedirects()
	}
	req.Header.Del("Referer")
	if err := normaliseScheme(req.URL); err != nil {
		return redirectRefused()
	}
	if req.URL.Hostname() == "" {
		return redirectRefused()
	}
	return nil
}

func redirectRefused() *Error {
	return &Error{Kind: KindInvalidURL, message: "the calendar server redirected to an address that is not a web address; " +
		"check the address, or publish the calendar again"}
}
