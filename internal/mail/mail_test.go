package mail_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/klaver/klaver/internal/mail"
	"github.com/klaver/klaver/internal/mail/mailtest"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		raw  string
		want mail.Settings
		err  string
	}{
		{raw: "smtp://smtp.example.org", want: mail.Settings{Host: "smtp.example.org", Port: 587, TLS: mail.TLSMandatory}},
		{raw: "smtp://anna:geheim%21@smtp.example.org:2525?tls=opportunistic",
			want: mail.Settings{Host: "smtp.example.org", Port: 2525, Username: "anna", Password: "geheim!", TLS: mail.TLSOpportunistic}},
		{raw: "smtp://127.0.0.1:1025?tls=none", want: mail.Settings{Host: "127.0.0.1", Port: 1025, TLS: mail.TLSNone}},
		{raw: "smtps://u:p@mail.example.org", want: mail.Settings{Host: "mail.example.org", Port: 465, Username: "u", Password: "p", TLS: mail.TLSImplicit}},
		{raw: "http://example.org", err: "want smtp://"},
		{raw: "smtp://", err: "no host"},
		{raw: "smtp://host:99999", err: "not a port number"},
		{raw: "smtp://host?tls=sometimes", err: `tls="sometimes"`},
		{raw: "smtps://host?tls=none", err: "always uses TLS"},
		{raw: "smtp://u:secret@host?tls=never", err: "xxxxx"},
	}
	for _, tt := range tests {
		got, err := mail.ParseURL(tt.raw)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseURL(%q) error = %v, want one with %q", tt.raw, err, tt.err)
			}
			if err != nil && strings.Contains(err.Error(), "secret") {
				t.Errorf("ParseURL(%q) error shows the password: %v", tt.raw, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseURL(%q) = %+v, %v; want %+v", tt.raw, got, err, tt.want)
		}
	}
}

func TestRedact(t *testing.T) {
	for raw, want := range map[string]string{
		"smtp://anna:geheim@smtp.example.org:587":  "smtp://anna:xxxxx@smtp.example.org:587",
		"smtp://anna:ge@heim@smtp.example.org:587": "smtp://anna:xxxxx@smtp.example.org:587",
		"smtps://smtp.example.org":                 "smtps://smtp.example.org",
		"#://:0000@":                               "#://:xxxxx@",
	} {
		if got := mail.Redact(raw); got != want {
			t.Errorf("Redact(%q) = %q, want %q", raw, got, want)
		}
	}
}

func newSender(t *testing.T, url string) *mail.Sender {
	t.Helper()
	settings, err := mail.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	s, err := mail.NewSender(settings, "klaver <klaver@example.org>", "klaver.example.org")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// send delivers msgs and returns each one's outcome.
func send(t *testing.T, s *mail.Sender, msgs ...mail.Message) ([]error, error) {
	t.Helper()
	outcomes := make([]error, len(msgs))
	called := 0
	err := s.Send(context.Background(), msgs, func(i int, err error) {
		outcomes[i] = err
		called++
	})
	if err == nil && called != len(msgs) {
		t.Fatalf("done was called %d times for %d messages", called, len(msgs))
	}
	return outcomes, err
}

func TestSendDeliversEachMessage(t *testing.T) {
	srv := mailtest.Start(t)
	s := newSender(t, srv.URL())
	msgs := []mail.Message{
		{To: "anna@example.org", Subject: "Je bent uitgenodigd voor één team", Text: "Hallo Anna,\n\nklik op de link.\n", MessageID: "1.abc@example.org"},
		{To: "Bram <bram@example.org>", Subject: "Nieuw wachtwoord", Text: strings.Repeat("lange regel ", 40), MessageID: "2.def@example.org"},
	}
	outcomes, err := send(t, s, msgs...)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range outcomes {
		if e != nil {
			t.Fatalf("message %d: %v", i, e)
		}
	}
	got := srv.WaitFor(t, 2, 5*time.Second)
	byID := map[string]mailtest.Message{}
	for _, m := range got {
		byID[m.MessageID] = m
	}
	for _, want := range msgs {
		m, ok := byID[want.MessageID]
		if !ok {
			t.Fatalf("no mail with Message-ID %s among %+v", want.MessageID, got)
		}
		// Mail has CRLF line ends.
		text := strings.ReplaceAll(m.Text, "\r\n", "\n")
		if m.Subject != want.Subject || strings.TrimSpace(text) != strings.TrimSpace(want.Text) {
			t.Errorf("received %q %q, want %q %q", m.Subject, m.Text, want.Subject, want.Text)
		}
		if m.From.Address != "klaver@example.org" || m.From.Name != "klaver" {
			t.Errorf("from %+v", m.From)
		}
		if len(m.To) != 1 || !strings.Contains(want.To, m.To[0].Address) {
			t.Errorf("to %+v, want %s", m.To, want.To)
		}
	}
}

func TestRefusedMailSaysWhetherToRetry(t *testing.T) {
	srv := mailtest.Start(t)
	s := newSender(t, srv.URL())
	for _, tt := range []struct {
		code      int
		temporary bool
	}{{451, true}, {550, false}} {
		srv.Refuse(t, tt.code)
		outcomes, err := send(t, s, mail.Message{To: "anna@example.org", Subject: "x", Text: "y"})
		if err != nil {
			t.Fatal(err)
		}
		if outcomes[0] == nil {
			t.Fatalf("code %d: the mail was accepted", tt.code)
		}
		if mail.IsTemporary(outcomes[0]) != tt.temporary {
			t.Errorf("code %d: temporary = %v, want %v (%v)", tt.code, !tt.temporary, tt.temporary, outcomes[0])
		}
	}
	srv.Refuse(t, 0)
	if outcomes, err := send(t, s, mail.Message{To: "anna@example.org", Subject: "x", Text: "y"}); err != nil || outcomes[0] != nil {
		t.Fatalf("after the refusals: %v %v", err, outcomes)
	}
	if n := srv.Count(t); n != 1 {
		t.Errorf("received %d mails, want the one accepted", n)
	}
}

func TestUnreachableServerIsTemporary(t *testing.T) {
	s := newSender(t, "smtp://127.0.0.1:1?tls=none")
	_, err := send(t, s, mail.Message{To: "anna@example.org", Subject: "x", Text: "y"})
	if err == nil || !mail.IsTemporary(err) {
		t.Fatalf("err = %v, want a temporary error", err)
	}
	var me *mail.Error
	if !errors.As(err, &me) {
		t.Errorf("err %T is not a *mail.Error", err)
	}
}

// A server that cannot encrypt is refused when TLS is required: the mails
// carry sign-in links.
func TestMandatoryTLSRefusesPlainServer(t *testing.T) {
	srv := mailtest.Start(t)
	s := newSender(t, "smtp://"+srv.SMTP)
	if _, err := send(t, s, mail.Message{To: "anna@example.org", Subject: "x", Text: "y"}); err == nil {
		t.Fatal("sent over a connection without TLS")
	}
	if n := srv.Count(t); n != 0 {
		t.Errorf("received %d mails", n)
	}
}

func TestNewSenderChecksTheFromAddress(t *testing.T) {
	if _, err := mail.NewSender(mail.Settings{Host: "h", Port: 25}, "not an address", ""); err == nil {
		t.Error("accepted a sender that is not an address")
	}
}

// Once the context ends, the messages not yet begun are reported as
// temporary failures, for the next attempt, and are not sent.
func TestSendStopsWhenTimeIsUp(t *testing.T) {
	srv := mailtest.Start(t)
	s := newSender(t, srv.URL())
	ctx, cancel := context.WithCancel(context.Background())
	msgs := []mail.Message{{To: "a@example.org", Subject: "1", Text: "x"}, {To: "b@example.org", Subject: "2", Text: "y"}}
	var outcomes []error
	err := s.Send(ctx, msgs, func(i int, err error) {
		outcomes = append(outcomes, err)
		cancel()
	})
	if err != nil || len(outcomes) != 2 {
		t.Fatalf("Send: %v, %d outcomes", err, len(outcomes))
	}
	if outcomes[0] != nil || outcomes[1] == nil || !mail.IsTemporary(outcomes[1]) {
		t.Errorf("outcomes %v; want the first sent and the second a temporary failure", outcomes)
	}
	if n := srv.Count(t); n != 1 {
		t.Errorf("received %d mails, want 1", n)
	}
}

// FuzzParseURL: any setting gives settings or an error, never a panic;
// the redacted form of a URL with a password parses to the same server
// and user with the password replaced.
func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"smtp://u:p@h:25?tls=none", "smtps://h", "smtp://[::1]:587", "smtp://u:secret@h:x", "smtp://%zz", "#://:0000@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		s, err := mail.ParseURL(raw)
		if err != nil {
			return
		}
		if s.Host == "" || s.Port <= 0 || s.Port > 65535 {
			t.Fatalf("ParseURL(%q) = %+v without an error", raw, s)
		}
		if s.Password == "" {
			return
		}
		redacted := mail.Redact(raw)
		r, err := mail.ParseURL(redacted)
		if err != nil {
			t.Fatalf("Redact(%q) = %q does not parse: %v", raw, redacted, err)
		}
		if r.Password != "xxxxx" || r.Host != s.Host || r.Port != s.Port || r.Username != s.Username || r.TLS != s.TLS {
			t.Fatalf("Redact(%q) = %q reads as %+v, want %+v with the password hidden", raw, redacted, r, s)
		}
	})
}
