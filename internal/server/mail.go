package server

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/auth"
	"github.com/klaver/klaver/internal/mail"
	"github.com/klaver/klaver/internal/store"
)

// Delivery of the outbox. Mail is queued in the transaction of what it
// announces and sent by whichever server claims it; each outcome is stored
// as soon as the SMTP server answers, and a server that is stopped finishes
// and records the batch it is sending first. Only a crash between the SMTP
// server's acceptance and that record sends a mail again, with the same
// Message-ID, when the claim's lease ends.
const (
	mailTick  = 5 * time.Second  // how often the outbox is looked at
	mailBatch = 20               // mails sent over one connection
	mailLease = 10 * time.Minute // longer than a batch can take
	// mailGiveUp is how long temporary failures are retried.
	mailGiveUp = 3 * 24 * time.Hour
)

// mailRetry is the wait after the n-th failed attempt; the last repeats.
var mailRetry = []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour, 4 * time.Hour}

// mailing tells whether the server sends mail.
func (s *Server) mailing() bool { return s.cfg.Mail != nil && s.cfg.Box != nil }

// newMail makes an outbox entry: the body sealed, a Message-ID of its own.
func (s *Server) newMail(kind, to, subject, text string) (*store.Mail, error) {
	sealed, err := s.cfg.Box.Seal(text)
	if err != nil {
		return nil, err
	}
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		return nil, err
	}
	return &store.Mail{Kind: kind, To: to, Subject: subject, Body: []byte(sealed),
		MessageID: kind + "." + hex.EncodeToString(id) + "@" + mail.Domain(s.cfg.Mail.From())}, nil
}

// nudgeMail wakes the sender after mail was queued, so that it goes out
// now rather than at the next tick.
func (s *Server) nudgeMail() {
	select {
	case s.mailNudge <- struct{}{}:
	default:
	}
}

// RunMail sends queued mail until ctx ends. It returns once the batch it
// was sending is sent and recorded, so that a restart does not send it
// again: the caller must wait for it before closing the store.
func (s *Server) RunMail(ctx context.Context) {
	if !s.mailing() {
		return
	}
	t := time.NewTicker(mailTick)
	defer t.Stop()
	for {
		// A batch, once claimed, is finished even when ctx ends.
		for ctx.Err() == nil && s.DeliverDueMail(context.WithoutCancel(ctx), time.Now()) == mailBatch {
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.mailNudge:
		}
	}
}

// DeliverDueMail sends the mail due at now and records each outcome. It
// returns how many mails it claimed.
func (s *Server) DeliverDueMail(ctx context.Context, now time.Time) int {
	mails, err := s.store.ClaimDueMail(ctx, now, now.Add(mailLease), mailBatch)
	if err != nil {
		s.log.WarnContext(ctx, "claiming due mail failed", slog.Any("error", err))
		return 0
	}
	if len(mails) == 0 {
		return 0
	}
	var msgs []mail.Message
	var pending []store.Mail
	for _, m := range mails {
		text, err := s.cfg.Box.Open(string(m.Body))
		if err != nil {
			// Sealed under another key: nobody can read it again.
			s.recordMail(ctx, m, &mail.Error{Err: errors.New("the mail cannot be opened with this server's key")})
			continue
		}
		msgs = append(msgs, mail.Message{To: m.To, Subject: m.Subject, Text: text, MessageID: m.MessageID, Date: m.Created})
		pending = append(pending, m)
	}
	recorded := make([]bool, len(pending))
	// A batch must end well within its lease, or another server would
	// claim and send its mails too.
	sendCtx, cancel := context.WithTimeout(ctx, mailLease/2)
	defer cancel()
	err = s.cfg.Mail.Send(sendCtx, msgs, func(i int, err error) {
		s.recordMail(ctx, pending[i], err)
		recorded[i] = true
	})
	if err != nil {
		s.log.WarnContext(ctx, "sending mail failed", slog.Any("error", err))
		for i, m := range pending {
			if !recorded[i] {
				s.recordMail(ctx, m, err)
			}
		}
	}
	return len(mails)
}

// recordMail stores the outcome of one attempt: sent, to be retried, or
// given up (a permanent refusal, or temporary ones for too long).
func (s *Server) recordMail(ctx context.Context, m store.Mail, sendErr error) {
	now := time.Now()
	var err error
	result := "sent"
	switch {
	case sendErr == nil:
		err = s.store.MailSent(ctx, m.ID, now)
	case mail.IsTemporary(sendErr) && now.Sub(m.Created) < mailGiveUp:
		result = "retry"
		wait := mailRetry[min(max(m.Attempts-1, 0), len(mailRetry)-1)]
		err = s.store.MailNotSent(ctx, m.ID, now, sendErr.Error(), now.Add(wait))
	default:
		result = "failed"
		s.log.WarnContext(ctx, "mail given up", slog.Int64("mail", m.ID), slog.String("kind", m.Kind), slog.Any("error", sendErr))
		err = s.store.MailNotSent(ctx, m.ID, now, sendErr.Error(), time.Time{})
	}
	s.metrics.mailed(result)
	if err != nil {
		s.log.ErrorContext(ctx, "recording a mail's delivery failed", slog.Int64("mail", m.ID), slog.Any("error", err))
	}
}

// ResetTTL is how long a password reset link works.
const ResetTTL = 24 * time.Hour

// Reset links asked for: at most resetsPerAddress per resetWindow for one
// address, so that nobody floods a mailbox, and resetsPerClient from one
// client address (an office shares one), so that nobody tries addresses
// by the thousand.
const (
	resetsPerAddress = 3
	resetsPerClient  = 20
	resetWindow      = time.Hour
)

// mailResetLink mails a reset link to the person with the address, in
// their language or else lang. An unknown address, or one asked for too
// often, is passed over without a word: the answer must not tell which
// addresses have an account.
func (s *Server) mailResetLink(r *http.Request, email, lang string) error {
	ctx := r.Context()
	email = store.NormalizeEmail(email)
	if !strings.Contains(email, "@") {
		return klaver.Errorf(klaver.ErrInvalid, "%q is not an e-mail address.", email)
	}
	now := time.Now()
	byAddress, byClient := "email:"+email, "ip:"+clientIP(r)
	if s.resetsByAddress.wait(now, byAddress) > 0 || s.resetsByClient.wait(now, byClient) > 0 {
		s.log.InfoContext(ctx, "reset link not sent: asked for too often", slog.String("remote", r.RemoteAddr))
		return nil
	}
	s.resetsByAddress.fail(now, byAddress)
	s.resetsByClient.fail(now, byClient)
	p, err := s.store.PersonByEmail(ctx, email)
	if klaver.ErrorCode(err) == klaver.ErrNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	secret, hash, err := auth.NewToken()
	if err != nil {
		return err
	}
	link := strings.TrimRight(s.cfg.BaseURL, "/") + "/reset?t=" + secret
	lang = cmp.Or(p.Lang, lang)
	m, err := s.newMail("reset", p.Email, s.pages.Text(lang, "mail_reset_subject"),
		s.pages.Text(lang, "mail_reset_body", cmp.Or(p.Name, p.Email), link))
	if err != nil {
		return err
	}
	if err := s.store.CreatePasswordReset(ctx, p.ID, hash, now.Add(ResetTTL), m); err != nil {
		return err
	}
	s.nudgeMail()
	return nil
}
