package feed

import (
	"net/netip"
	"syscall"
)

// refusedRange is a block of addresses that klaver must not fetch from,
// and how to name it to a member.
type refusedRange struct {
	prefix netip.Prefix
	reason string
}

// refusedRanges lists the address blocks that are not on the public
// internet, most specific first (read-only). A feed address is chosen by a
// member, so without this list a member could make the server fetch from
// its own network: an admin page on loopback, a database on a private
// network, or the cloud metadata service at 169.254.169.254, which hands
// out the server's credentials.
var refusedRanges = []refusedRange{
	{netip.MustParsePrefix("0.0.0.0/8"), "an unspecified"},
	{netip.MustParsePrefix("10.0.0.0/8"), "a private"},
	{netip.MustParsePrefix("100.64.0.0/10"), "a shared (carrier-grade NAT)"},
	{netip.MustParsePrefix("127.0.0.0/8"), "a loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "a link-local"},
	{netip.MustParsePrefix("172.16.0.0/12"), "a private"},
	{netip.MustParsePrefix("192.0.0.0/24"), "a reserved"},
	{netip.MustParsePrefix("192.0.2.0/24"), "a documentation"},
	{netip.MustParsePrefix("192.88.99.0/24"), "a reserved"},
	{netip.MustParsePrefix("192.168.0.0/16"), "a private"},
	{netip.MustParsePrefix("198.18.0.0/15"), "a reserved"},
	{netip.MustParsePrefix("198.51.100.0/24"), "a documentation"},
	{netip.MustParsePrefix("203.0.113.0/24"), "a documentation"},
	{netip.MustParsePrefix("224.0.0.0/4"), "a multicast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "a reserved"},
	{netip.MustParsePrefix("::/128"), "an unspecified"},
	{netip.MustParsePrefix("::1/128"), "a loopback"},
	{netip.MustParsePrefix("::/96"), "a reserved"}, // IPv4-compatible, deprecated
	{netip.MustParsePrefix("64:ff9b:1::/48"), "a reserved"},
	{netip.MustParsePrefix("100::/64"), "a reserved"},
	{netip.MustParsePrefix("2001::/32"), "a reserved"}, // Teredo hides the IPv4 behind it
	{netip.MustParsePrefix("2001:10::/28"), "a reserved"},
	{netip.MustParsePrefix("2001:20::/28"), "a reserved"},
	{netip.MustParsePrefix("2001:db8::/32"), "a documentation"},
	{netip.MustParsePrefix("3fff::/20"), "a documentation"},
	{netip.MustParsePrefix("5f00::/16"), "a reserved"},
	{netip.MustParsePrefix("fc00::/7"), "a private"},
	{netip.MustParsePrefix("fe80::/10"), "a link-local"},
	{netip.MustParsePrefix("fec0::/10"), "a private"},
	{netip.MustParsePrefix("ff00::/8"), "a multicast"},
}

var (
	nat64  = netip.MustParsePrefix("64:ff9b::/96")
	sixTo4 = netip.MustParsePrefix("2002::/16")
)

// refusal returns why klaver must not connect to addr, such as
// "a loopback", or "" when addr is a public unicast address.
//
// IPv6 forms that carry an IPv4 address (IPv4-mapped, NAT64, 6to4) are
// judged by the IPv4 address inside, since that is where the packets end
// up: ::ffff:127.0.0.1 is loopback. Zones are ignored, as netip.Prefix
// matches no address with a zone.
func refusal(addr netip.Addr) string {
	if !addr.IsValid() {
		return "an invalid"
	}
	addr = addr.WithZone("").Unmap()
	if inner, ok := embeddedIPv4(addr); ok {
		return refusal(inner)
	}
	for _, r := range refusedRanges {
		if r.prefix.Contains(addr) {
			return r.reason
		}
	}
	if !addr.IsGlobalUnicast() {
		return "a non-public"
	}
	return ""
}

// embeddedIPv4 returns the IPv4 address carried in a NAT64 (RFC 6052) or
// 6to4 (RFC 3056) address.
func embeddedIPv4(addr netip.Addr) (netip.Addr, bool) {
	b := addr.As16()
	switch {
	case nat64.Contains(addr):
		return netip.AddrFrom4([4]byte(b[12:16])), true
	case sixTo4.Contains(addr):
		return netip.AddrFrom4([4]byte(b[2:6])), true
	}
	return netip.Addr{}, false
}

// controlDial runs for every connection the fetcher opens, after the host
// name has been resolved and before the connection is made, with the very
// address being dialled. Checking here rather than when the feed address is
// registered or parsed is what makes the rule hold: a host name may resolve
// to a public address when checked and to 127.0.0.1 a moment later (DNS
// rebinding), and a redirect may point anywhere; both end in a dial.
func (f *Fetcher) controlDial(network, address string, _ syscall.RawConn) error {
	if f.opts.AllowPrivate {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return refused(address, "an unrecognised")
	}
	if f.exempt != nil && f.exempt(ap) {
		return nil
	}
	if reason := refusal(ap.Addr()); reason != "" {
		return refused(ap.Addr().String(), reason)
	}
	return nil
}
