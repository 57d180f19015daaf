// Package mail sends klaver's mail over SMTP: invitations and password
// reset links now, coaching mail later. It only speaks to the server it is
// given; what is sent, and when again, is the outbox's business (the
// store), so that a crash neither loses a mail nor sends it twice.
package mail

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// TLS says how the connection to the SMTP server is protected.
type TLS string

const (
	// TLSMandatory upgrades the connection with STARTTLS and refuses a
	// server that cannot: the default, since the mails carry sign-in links.
	TLSMandatory TLS = "mandatory"
	// TLSOpportunistic uses STARTTLS when the server offers it.
	TLSOpportunistic TLS = "opportunistic"
	// TLSNone never encrypts: for a relay on the same host or in tests.
	TLSNone TLS = "none"
	// TLSImplicit speaks TLS from the first byte (smtps://, port 465).
	TLSImplicit TLS = "implicit"
)

// Settings locate an SMTP server and how to sign in to it.
type Settings struct {
	Host     string
	Port     int
	Username string
	Password string
	TLS      TLS
}

// ParseURL reads the server from a URL such as
// smtp://user:password@smtp.example.org:587 (STARTTLS required),
// smtp://relay:25?tls=none, smtp://host?tls=opportunistic or
// smtps://user:password@smtp.example.org (TLS from the start, port 465).
func ParseURL(raw string) (Settings, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Settings{}, fmt.Errorf("SMTP URL: %w", redactURLError(err))
	}
	var s Settings
	switch u.Scheme {
	case "smtp":
		s.TLS, s.Port = TLSMandatory, 587
	case "smtps":
		s.TLS, s.Port = TLSImplicit, 465
	default:
		return Settings{}, fmt.Errorf("SMTP URL %q: want smtp://host:port or smtps://host:port", Redact(raw))
	}
	s.Host = u.Hostname()
	if s.Host == "" {
		return Settings{}, fmt.Errorf("SMTP URL %q: no host", Redact(raw))
	}
	if p := u.Port(); p != "" {
		if s.Port, err = strconv.Atoi(p); err != nil || s.Port <= 0 || s.Port > 65535 {
			return Settings{}, fmt.Errorf("SMTP URL %q: port %q is not a port number", Redact(raw), p)
		}
	}
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	if mode := u.Query().Get("tls"); mode != "" {
		if u.Scheme == "smtps" {
			return Settings{}, fmt.Errorf("SMTP URL %q: smtps:// always uses TLS; leave out ?tls=", Redact(raw))
		}
		switch TLS(mode) {
		case TLSMandatory, TLSOpportunistic, TLSNone:
			s.TLS = TLS(mode)
		default:
			return Settings{}, fmt.Errorf("SMTP URL %q: tls=%q, want mandatory, opportunistic or none", Redact(raw), mode)
		}
	}
	return s, nil
}

// Redact hides the password of an SMTP URL, for logs and errors. Where
// the URL parses, the password it holds is replaced; where it does not, or
// holds none, whatever stands between "user:" and the last "@" goes, so
// that a broken URL does not show it either.
func Redact(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
		return u.String()
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return raw
	}
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return raw
	}
	user, _, hasPassword := strings.Cut(rest[:at], ":")
	if !hasPassword {
		return raw
	}
	return scheme + "://" + user + ":xxxxx" + rest[at:]
}

// redactURLError drops the URL from url.Parse's error, which would repeat
// the password.
func redactURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// Message is one mail to one person.
type Message struct {
	To      string
	Subject string
	Text    string
	// MessageID identifies the mail without angle brackets. A mail sent
	// again after a crash keeps it, so that the recipient's mail system
	// can tell it is the same mail.
	MessageID string
	Date      time.Time
}

// Sender delivers messages to one SMTP server.
type Sender struct {
	settings Settings
	from     *mail.Address
	helo     string
	timeout  time.Duration
}

// DefaultTimeout bounds each network step of a delivery.
const DefaultTimeout = 30 * time.Second

// NewSender checks the settings and the sender's address. helo is the name
// this host gives in its greeting, usually the host of klaver's address.
func NewSender(s Settings, from, helo string) (*Sender, error) {
	addr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("mail sender %q is not an address such as \"klaver <klaver@example.org>\": %w", from, err)
	}
	if s.Host == "" || s.Port == 0 {
		return nil, errors.New("mail: the SMTP server needs a host and a port")
	}
	return &Sender{settings: s, from: addr, helo: helo, timeout: DefaultTimeout}, nil
}

// From is the sender's address as it appears in the mails.
func (s *Sender) From() string { return s.from.String() }

// Send delivers msgs over one connection, in order, and calls done after
// each with its outcome before the next is sent, so that the caller can
// record it at once. Once ctx ends, the messages not yet begun are
// reported as temporary failures. It returns an error when the server
// cannot be reached or refuses the session; then no message was sent and
// done is not called.
func (s *Sender) Send(ctx context.Context, msgs []Message, done func(i int, err error)) error {
	client, err := s.client()
	if err != nil {
		return err
	}
	if err := client.DialWithContext(ctx); err != nil {
		return &Error{Err: fmt.Errorf("connect to %s: %w", net.JoinHostPort(s.settings.Host, strconv.Itoa(s.settings.Port)), err), Temporary: true}
	}
	defer client.Close()
	for i, m := range msgs {
		if ctx.Err() != nil {
			// Out of time: the rest waits for the next attempt.
			done(i, &Error{Err: fmt.Errorf("not sent: %w", ctx.Err()), Temporary: true})
			continue
		}
		msg, err := s.message(m)
		if err == nil {
			err = classify(client.Send(msg))
		}
		done(i, err)
	}
	return nil
}

func (s *Sender) client() (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(s.settings.Port), gomail.WithTimeout(s.timeout)}
	switch s.settings.TLS {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	case TLSOpportunistic:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.helo != "" {
		opts = append(opts, gomail.WithHELO(s.helo))
	}
	if s.settings.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.settings.Username), gomail.WithPassword(s.settings.Password))
	}
	c, err := gomail.NewClient(s.settings.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("mail client: %w", err)
	}
	return c, nil
}

// message builds the MIME message: plain text in UTF-8, quoted-printable,
// so that it reads well in every mail program.
func (s *Sender) message(m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	msg.FromMailAddress(s.from)
	if err := msg.To(m.To); err != nil {
		return nil, &Error{Err: fmt.Errorf("recipient %q: %w", m.To, err)}
	}
	msg.Subject(m.Subject)
	if m.MessageID != "" {
		msg.SetMessageIDWithValue(m.MessageID)
	} else {
		msg.SetMessageID()
	}
	if m.Date.IsZero() {
		msg.SetDate()
	} else {
		msg.SetDateWithValue(m.Date)
	}
	// Automatic replies (out of office) should not answer a robot.
	msg.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	return msg, nil
}

// Error is a failed delivery. Temporary ones (the server busy or out of
// reach, a 4xx reply) are worth trying again later; the others (a 5xx
// reply, an address that cannot be mailed) are not.
type Error struct {
	Err       error
	Temporary bool
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// classify wraps go-mail's error in an Error that says whether to retry.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var se *gomail.SendError
	if errors.As(err, &se) {
		return &Error{Err: err, Temporary: se.IsTemp() || se.ErrorCode() == 0}
	}
	return &Error{Err: err, Temporary: true}
}

// IsTemporary tells whether a delivery that failed with err may succeed
// later. Errors of other kinds (a network failure) count as temporary.
func IsTemporary(err error) bool {
	var e *Error
	if errors.As(err, &e) {
		return e.Temporary
	}
	return err != nil
}

// Domain is the part after the @ of an address, for Message-IDs.
func Domain(addr string) string {
	a, err := mail.ParseAddress(addr)
	if err != nil {
		return "localhost"
	}
	_, d, ok := strings.Cut(a.Address, "@")
	if !ok || d == "" {
		return "localhost"
	}
	return d
}
