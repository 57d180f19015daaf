package feed

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

func TestRefusal(t *testing.T) {
	tests := []struct {
		addr string
		want string // "" for a public address
	}{
		{"8.8.8.8", ""},
		{"142.250.185.78", ""},
		{"1.1.1.1", ""},
		{"100.63.255.255", ""},
		{"100.128.0.0", ""},
		{"172.15.255.255", ""},
		{"172.32.0.0", ""},
		{"192.167.255.255", ""},
		{"169.253.255.255", ""},
		{"2a00:1450:4001:82a::200e", ""},
		{"2606:4700::6810:84e5", ""},
		{"::ffff:8.8.8.8", ""},
		{"64:ff9b::808:808", ""}, // NAT64 of 8.8.8.8
		{"2002:808:808::1", ""},  // 6to4 of 8.8.8.8
		{"127.0.0.1", "a loopback"},
		{"127.255.255.254", "a loopback"},
		{"::1", "a loopback"},
		{"::ffff:127.0.0.1", "a loopback"},
		{"64:ff9b::7f00:1", "a loopback"},
		{"2002:7f00:1::1", "a loopback"},
		{"10.0.0.1", "a private"},
		{"172.16.0.1", "a private"},
		{"172.31.255.255", "a private"},
		{"192.168.1.1", "a private"},
		{"::ffff:10.1.2.3", "a private"},
		{"::ffff:192.168.0.1", "a private"},
		{"fc00::1", "a private"},
		{"fd12:3456:789a::1", "a private"},
		{"fec0::1", "a private"},
		{"169.254.169.254", "a link-local"},
		{"::ffff:169.254.169.254", "a link-local"},
		{"64:ff9b::a9fe:a9fe", "a link-local"},
		{"fe80::1", "a link-local"},
		{"fe80::1%eth0", "a link-local"},
		{"fd00:ec2::254", "a private"},
		{"0.0.0.0", "an unspecified"},
		{"0.1.2.3", "an unspecified"},
		{"::", "an unspecified"},
		{"::ffff:0.0.0.0", "an unspecified"},
		{"224.0.0.1", "a multicast"},
		{"239.255.255.250", "a multicast"},
		{"ff02::1", "a multicast"},
		{"ff05::1%eth0", "a multicast"},
		{"100.64.0.1", "a shared (carrier-grade NAT)"},
		{"100.127.255.255", "a shared (carrier-grade NAT)"},
		{"::ffff:100.64.0.1", "a shared (carrier-grade NAT)"},
		{"255.255.255.255", "a reserved"},
		{"240.0.0.1", "a reserved"},
		{"192.0.0.8", "a reserved"},
		{"198.18.0.1", "a reserved"},
		{"192.0.2.1", "a documentation"},
		{"2001:db8::1", "a documentation"},
		{"::127.0.0.1", "a reserved"},
		{"2001:0:4136:e378:8000:63bf:3fff:fdd2", "a reserved"}, // Teredo
		{"64:ff9b:1::a00:1", "a reserved"},
		{"100::1", "a reserved"},
	}
	for _, tt := range tests {
		addr := netip.MustParseAddr(tt.addr)
		if got := refusal(addr); got != tt.want {
			t.Errorf("refusal(%s) = %q, want %q", tt.addr, got, tt.want)
		}
	}
	if got := refusal(netip.Addr{}); got == "" {
		t.Error("the zero address is allowed")
	}
}

func TestControlDial(t *testing.T) {
	strict := NewFetcher(Options{})
	lenient := NewFetcher(Options{AllowPrivate: true})
	tests := []struct {
		address  string
		strictOK bool
	}{
		{"8.8.8.8:443", true},
		{"[2a00:1450:4001:82a::200e]:443", true},
		{"127.0.0.1:80", false},
		{"[::1]:443", false},
		{"[::ffff:169.254.169.254]:80", false},
		{"[fe80::1%eth0]:80", false},
		{"not an address", false},
	}
	for _, tt := range tests {
		err := strict.controlDial("tcp", tt.address, nil)
		if (err == nil) != tt.strictOK {
			t.Errorf("strict dial of %s: %v", tt.address, err)
		}
		if err != nil {
			wantKind(t, err, KindRefusedAddress)
		}
		if tt.address != "not an address" {
			if err := lenient.controlDial("tcp", tt.address, nil); err != nil {
				t.Errorf("AllowPrivate dial of %s: %v", tt.address, err)
			}
		}
	}
}

func TestFetchRefusesLoopback(t *testing.T) {
	var hits atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.WriteString(w, calendarV1)
	})
	port := srv.URL[strings.LastIndexByte(srv.URL, ':'):]
	f := NewFetcher(Options{})
	for _, raw := range []string{srv.URL, "http://localhost" + port, "webcal://127.0.0.1" + port, "http://[::ffff:127.0.0.1]" + port, "http://0.0.0.0" + port} {
		_, err := f.Fetch(context.Background(), raw, Validators{})
		fe := wantKind(t, err, KindRefusedAddress)
		if !strings.Contains(fe.Message(), "public address") {
			t.Errorf("%s: message %q does not say what to do", raw, fe.Message())
		}
	}
	if hits.Load() != 0 {
		t.Errorf("the refused server got %d requests", hits.Load())
	}
}

// TestFetchRefusesRedirectToPrivate stands a "public" server on loopback,
// made public by the exempt hook, that redirects to a server the rules
// refuse: the redirect must be refused when it is dialled.
func TestFetchRefusesRedirectToPrivate(t *testing.T) {
	var hits atomic.Int32
	private := serve(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.WriteString(w, calendarV1)
	})
	privatePort := private.URL[strings.LastIndexByte(private.URL, ':'):]
	targets := []string{
		private.URL + "/internal.ics",
		"http://localhost" + privatePort + "/internal.ics",
		"http://[::ffff:127.0.0.1]" + privatePort + "/",
		"http://0.0.0.0" + privatePort + "/",
		"http://169.254.169.254/latest/meta-data/",
	}
	for _, target := range targets {
		public := serve(t, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target, http.StatusFound)
		})
		f := NewFetcher(Options{})
		f.exempt = exemptServer(public)
		_, err := f.Fetch(context.Background(), public.URL+"/cal.ics", Validators{})
		wantKind(t, err, KindRefusedAddress)
	}
	if hits.Load() != 0 {
		t.Errorf("the private server got %d requests through redirects", hits.Load())
	}
}

// exemptServer lets dials to srv's own address through the address rules.
func exemptServer(srv *httptest.Server) func(netip.AddrPort) bool {
	u, _ := url.Parse(srv.URL)
	want := netip.MustParseAddrPort(u.Host)
	return func(ap netip.AddrPort) bool { return ap == want }
}

func TestFetchFollowsRedirects(t *testing.T) {
	var referers []string
	mux := http.NewServeMux()
	mux.HandleFunc("/hop/{n}", func(w http.ResponseWriter, r *http.Request) {
		referers = append(referers, r.Header.Get("Referer"))
		var n int
		for range r.PathValue("n") {
			n++
		}
		if n == 1 {
			io.WriteString(w, calendarV1)
			return
		}
		http.Redirect(w, r, "/hop/"+strings.Repeat("x", n-1), http.StatusMovedPermanently)
	})
	srv := serve(t, mux.ServeHTTP)
	f := localFetcher(Options{})

	// "/hop/xxxxxx" redirects 5 times before the calendar.
	res, err := f.Fetch(context.Background(), srv.URL+"/hop/xxxxxx", Validators{})
	if err != nil {
		t.Fatalf("5 redirects: %v", err)
	}
	if body, err := readAll(t, res); err != nil || body != calendarV1 {
		t.Fatalf("after 5 redirects: %q, %v", body, err)
	}
	for _, ref := range referers {
		if ref != "" {
			t.Errorf("a redirect sent Referer %q, which carries the secret address", ref)
		}
	}

	_, err = f.Fetch(context.Background(), srv.URL+"/hop/xxxxxxx", Validators{})
	wantKind(t, err, KindTooManyRedirects)
}

func TestCheckRedirect(t *testing.T) {
	via := func(n int) []*http.Request { return make([]*http.Request, n) }
	tests := []struct {
		location   string
		hops       int
		wantKind   Kind // 0 for allowed
		wantScheme string
	}{
		{"https://example.org/cal.ics", 1, 0, "https"},
		{"http://example.org/cal.ics", 5, 0, "http"},
		{"webcal://example.org/cal.ics", 1, 0, "https"},
		{"https://example.org/cal.ics", 6, KindTooManyRedirects, ""},
		{"file:///etc/passwd", 1, KindInvalidURL, ""},
		{"ftp://example.org/cal.ics", 1, KindInvalidURL, ""},
		{"https:///cal.ics", 1, KindInvalidURL, ""},
	}
	for _, tt := range tests {
		req := httptest.NewRequest("GET", "http://start.example/", nil)
		req.URL, _ = url.Parse(tt.location)
		req.Header.Set("Referer", "https://calendar.example/private-s3cr3t/basic.ics")
		err := checkRedirect(req, via(tt.hops))
		if tt.wantKind == 0 {
			if err != nil || req.URL.Scheme != tt.wantScheme || req.Header.Get("Referer") != "" {
				t.Errorf("redirect to %s after %d hops: %v, scheme %q, Referer %q", tt.location, tt.hops, err, req.URL.Scheme, req.Header.Get("Referer"))
			}
			continue
		}
		wantKind(t, err, tt.wantKind)
	}
}
