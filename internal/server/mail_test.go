package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klaver/klaver/internal/mail"
	"github.com/klaver/klaver/internal/mail/mailtest"
	"github.com/klaver/klaver/internal/secret"
	"github.com/klaver/klaver/internal/store"
	"github.com/klaver/klaver/internal/store/storetest"
)

// mailConfig points a server at the Mailpit.
func mailConfig(t *testing.T, mp *mailtest.Server) func(*Config) {
	t.Helper()
	settings, err := mail.ParseURL(mp.URL())
	if err != nil {
		t.Fatal(err)
	}
	sender, err := mail.NewSender(settings, "klaver <klaver@klaver.example.org>", "klaver.example.org")
	if err != nil {
		t.Fatal(err)
	}
	return func(c *Config) { c.Mail = sender }
}

// runMail runs the server's mail sender until the test ends.
func runMail(t *testing.T, srv *Server) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { srv.RunMail(ctx) })
	t.Cleanup(func() { cancel(); wg.Wait() })
}

var linkIn = regexp.MustCompile(`https?://\S+[?]t=[A-Za-z0-9_-]+`)

// mailTo waits for the n-th mail to addr and returns it.
func mailTo(t *testing.T, mp *mailtest.Server, addr string, n int) mailtest.Message {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var got []mailtest.Message
		for _, m := range mp.Messages(t) {
			if len(m.To) == 1 && m.To[0].Address == addr {
				got = append(got, m)
			}
		}
		if len(got) >= n {
			return got[len(got)-n] // newest first
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d mails to %s, want %d", len(got), addr, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestInvitationByMail(t *testing.T) {
	mp := mailtest.Start(t)
	w := newPagesWorldWith(t, mailConfig(t, mp))
	runMail(t, w.srv)

	lea := w.browser(t, "nl")
	lea.signIn("lea@acme.nl")
	status, loc, _ := lea.post(fmt.Sprintf("/teams/%d/invite", w.team.ID), url.Values{"email": {"Nieuw@Acme.nl"}, "role": {"member"}})
	if status != http.StatusSeeOther || strings.Contains(loc, "invitation") || !strings.Contains(loc, "done=invite_mailed") {
		t.Fatalf("invite: %d to %q; want the notice that it was mailed, without the link", status, loc)
	}
	if _, body := lea.get(loc); !strings.Contains(body, "De uitnodiging is gemaild") {
		t.Error("the team page does not say the invitation was mailed")
	}

	m := mailTo(t, mp, "nieuw@acme.nl", 1)
	if !strings.Contains(m.Subject, "Uitnodiging voor klaver: team Advies") {
		t.Errorf("subject %q", m.Subject)
	}
	if !strings.Contains(m.Text, "nodigt je uit voor het team Advies") || !strings.Contains(m.Text, "als lid") {
		t.Errorf("body:\n%s", m.Text)
	}
	if m.From.Address != "klaver@klaver.example.org" || !strings.HasPrefix(m.MessageID, "invitation.") {
		t.Errorf("from %+v, Message-ID %q", m.From, m.MessageID)
	}
	link := linkIn.FindString(m.Text)
	if !strings.HasPrefix(link, w.url+"/invitation?t=") {
		t.Fatalf("no invitation link in:\n%s", m.Text)
	}
	token := strings.TrimPrefix(link, w.url+"/invitation?t=")

	// The leader sees that the mail went out (it is recorded just after
	// Mailpit has it).
	teamPage := fmt.Sprintf("/teams/%d", w.team.ID)
	for deadline := time.Now().Add(5 * time.Second); ; {
		_, body := lea.get(teamPage)
		if strings.Contains(body, "nieuw@acme.nl") && strings.Contains(body, "gemaild op") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the team page does not show the invitation as mailed")
		}
		time.Sleep(20 * time.Millisecond)
	}
	status, _, body := lea.do(http.MethodGet, fmt.Sprintf("/api/v1/teams/%d/invitations", w.team.ID), nil, "")
	if status != http.StatusOK || !strings.Contains(body, `"email":"nieuw@acme.nl"`) || !strings.Contains(body, `"delivery":"sent"`) {
		t.Errorf("open invitations over the API: %d %s", status, body)
	}

	invited := w.browser(t, "nl")
	status, loc, _ = invited.post("/invitation", url.Values{"token": {token}, "name": {"Nieuw"}, "password": {pagesPassword}})
	if status != http.StatusSeeOther || loc != "/" {
		t.Fatalf("accepting the mailed invitation: %d to %q", status, loc)
	}
	if status, _ := invited.get(teamPage); status != http.StatusOK {
		t.Errorf("the invited member does not reach the team: %d", status)
	}
	if _, body := lea.get(teamPage); strings.Contains(body, "nieuw@acme.nl") {
		t.Error("an accepted invitation is still listed as open")
	}

	// The sent mail's link is not kept: only the record that it was sent.
	records, err := w.st.MailTo(context.Background(), "nieuw@acme.nl")
	if err != nil || len(records) != 1 || records[0].Sent.IsZero() {
		t.Fatalf("delivery record: %+v, %v", records, err)
	}
}

// An invitation whose mail is refused for good says so to the inviter.
func TestRefusedInvitationShowsOnTheTeamPage(t *testing.T) {
	mp := mailtest.Start(t)
	w := newPagesWorldWith(t, mailConfig(t, mp))
	mp.Refuse(t, 550)
	lea := w.browser(t, "en")
	lea.signIn("lea@acme.nl")
	if status, _, _ := lea.post(fmt.Sprintf("/teams/%d/invite", w.team.ID), url.Values{"email": {"typo@acme.nl"}}); status != http.StatusSeeOther {
		t.Fatalf("invite: %d", status)
	}
	w.srv.DeliverDueMail(context.Background(), time.Now())
	_, body := lea.get(fmt.Sprintf("/teams/%d", w.team.ID))
	if !strings.Contains(body, "typo@acme.nl") || !strings.Contains(body, "could not be mailed (") || !strings.Contains(body, "550") {
		t.Errorf("the team page does not show the refused invitation:\n%s", body)
	}
}

func TestInvitationByMailOverTheAPI(t *testing.T) {
	mp := mailtest.Start(t)
	w := newPagesWorldWith(t, mailConfig(t, mp))
	runMail(t, w.srv)
	lea := w.browser(t, "en")
	lea.signIn("lea@acme.nl")
	status, _, body := lea.do(http.MethodPost, fmt.Sprintf("/api/v1/teams/%d/invitations", w.team.ID),
		strings.NewReader(`{"email": "api@acme.nl"}`), "application/json")
	if status != http.StatusCreated || !strings.Contains(body, `"mailed":true`) || strings.Contains(body, `"url"`) || strings.Contains(body, `"token"`) {
		t.Fatalf("invite: %d %s; want mailed, without the link", status, body)
	}
	m := mailTo(t, mp, "api@acme.nl", 1)
	if !strings.Contains(m.Text, "invites you to the team") {
		t.Errorf("an invitation from an English page is not in English:\n%s", m.Text)
	}
}

func TestPasswordResetByMail(t *testing.T) {
	mp := mailtest.Start(t)
	w := newPagesWorldWith(t, mailConfig(t, mp))
	runMail(t, w.srv)
	b := w.browser(t, "en")
	if _, body := b.get("/forgot"); !strings.Contains(body, `action="/forgot"`) {
		t.Fatal("the forgot page has no form while mail is sent")
	}
	ask := func(email string) {
		t.Helper()
		start := time.Now()
		status, loc, _ := b.post("/forgot", url.Values{"email": {email}})
		if status != http.StatusSeeOther || loc != "/sign-in?done=reset_mailed" {
			t.Fatalf("asking for a link for %s: %d to %q", email, status, loc)
		}
		// The time of the answer does not tell whether the address has
		// an account.
		if took := time.Since(start); took < resetAnswerTime {
			t.Errorf("the answer for %s came after %s, sooner than %s", email, took, resetAnswerTime)
		}
	}
	// Known and unknown addresses get the same answer.
	ask("nobody@acme.nl")
	ask("ANN@acme.nl")
	m := mailTo(t, mp, "ann@acme.nl", 1)
	if m.Subject != "A new password for klaver" || !strings.HasPrefix(m.MessageID, "reset.") {
		t.Errorf("subject %q, Message-ID %q", m.Subject, m.MessageID)
	}
	link := linkIn.FindString(m.Text)
	if !strings.HasPrefix(link, w.url+"/reset?t=") {
		t.Fatalf("no reset link in:\n%s", m.Text)
	}
	token := strings.TrimPrefix(link, w.url+"/reset?t=")
	status, loc, _ := b.post("/reset", url.Values{"token": {token}, "password": {"a brand new pass phrase"}})
	if status != http.StatusSeeOther || loc != "/?done=password_changed" {
		t.Fatalf("reset with the mailed link: %d to %q", status, loc)
	}
	if n := len(mustMailTo(t, w.st, "nobody@acme.nl")); n != 0 {
		t.Errorf("%d mails queued for an address without an account", n)
	}

	// Three links an hour for one address; the fourth is not sent, and
	// the answer does not say so.
	ask("ann@acme.nl")
	ask("ann@acme.nl")
	ask("ann@acme.nl")
	mailTo(t, mp, "ann@acme.nl", 3)
	if n := len(mustMailTo(t, w.st, "ann@acme.nl")); n != 3 {
		t.Errorf("%d reset mails queued, want 3 within the hour", n)
	}
}

func mustMailTo(t *testing.T, st *store.Store, addr string) []store.Mail {
	t.Helper()
	m, err := st.MailTo(context.Background(), addr)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// newMailServer is a server over a new database of the dialect, sending
// to mp, without HTTP: the outbox tests drive it directly.
func newMailServer(t *testing.T, dsn string, mp *mailtest.Server, box *secret.Box) *Server {
	t.Helper()
	st := openTestStore(t, dsn)
	if box == nil {
		box = testBox(t)
	}
	cfg := Config{BaseURL: "https://klaver.example.org", Box: box}
	mailConfig(t, mp)(&cfg)
	srv, err := New(cfg, st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// queue puts n mails in the outbox.
func queue(t *testing.T, srv *Server, n int) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	for i := range n {
		m, err := srv.newMail("invitation", fmt.Sprintf("p%03d@acme.nl", i), fmt.Sprintf("Mail %d", i), "Hallo.\n")
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.store.EnqueueMail(context.Background(), *m); err != nil {
			t.Fatal(err)
		}
		ids[m.MessageID] = true
	}
	return ids
}

// receivedOnce checks that Mailpit holds each of ids exactly once.
func receivedOnce(t *testing.T, mp *mailtest.Server, ids map[string]bool) {
	t.Helper()
	count := map[string]int{}
	for _, m := range mp.Messages(t) {
		count[m.MessageID]++
	}
	for id := range ids {
		if count[id] != 1 {
			t.Errorf("mail %s received %d times, want once", id, count[id])
		}
	}
	if len(count) != len(ids) {
		t.Errorf("received %d different mails, want %d", len(count), len(ids))
	}
}

// Refused and unreachable: mail waits and is retried; a permanent refusal
// is given up. Nothing is lost, nothing sent twice.
func TestOutboxRetriesAndGivesUp(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			newDSN := d.Start(t)
			mp := mailtest.Start(t)
			srv := newMailServer(t, newDSN(t), mp, nil)
			ctx := context.Background()
			ids := queue(t, srv, 25)
			now := time.Now()

			mp.Refuse(t, 451)
			if n := srv.DeliverDueMail(ctx, now); n != 20 {
				t.Fatalf("claimed %d, want a batch of 20", n)
			}
			srv.DeliverDueMail(ctx, now)
			if got := mp.Count(t); got != 0 {
				t.Fatalf("%d mails accepted while the server refused", got)
			}
			c, _ := srv.store.CountOutbox(ctx)
			if c.Waiting != 25 {
				t.Fatalf("after a temporary refusal: %+v, want all 25 waiting", c)
			}
			// Not retried before the wait is over.
			if n := srv.DeliverDueMail(ctx, now.Add(30*time.Second)); n != 0 {
				t.Fatalf("retried %d mails within a minute", n)
			}
			mp.Refuse(t, 0)
			for srv.DeliverDueMail(ctx, now.Add(2*time.Minute)) > 0 {
			}
			receivedOnce(t, mp, ids)

			// A permanent refusal is given up at once, and its link dropped.
			mp.Refuse(t, 550)
			queue(t, srv, 1)
			srv.DeliverDueMail(ctx, now.Add(3*time.Minute))
			c, _ = srv.store.CountOutbox(ctx)
			if c != (store.OutboxCounts{Sent: 25, Failed: 1}) {
				t.Errorf("after a permanent refusal: %+v", c)
			}
			rec := mustMailTo(t, srv.store, "p000@acme.nl")
			if len(rec) != 2 || rec[0].Failed.IsZero() || !strings.Contains(rec[0].LastError, "550") {
				t.Errorf("records: %+v", rec)
			}
			if n := srv.DeliverDueMail(ctx, now.Add(24*time.Hour)); n != 0 {
				t.Errorf("%d mails claimed after all were sent or given up", n)
			}
		})
	}
}

// A server stopped while sending finishes its batch and records it; the
// next one sends the rest. Every mail arrives once.
func TestOutboxStopAndRestart(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			newDSN := d.Start(t)
			mp := mailtest.Start(t)
			dsn := newDSN(t)
			first := newMailServer(t, dsn, mp, nil)
			ids := queue(t, first, 150)

			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { first.RunMail(ctx); close(done) }()
			for deadline := time.Now().Add(30 * time.Second); mp.Count(t) < 5; {
				if time.Now().After(deadline) {
					t.Fatal("the first server sent nothing within 30 s")
				}
				time.Sleep(5 * time.Millisecond)
			}
			cancel()
			<-done
			sentBefore := mp.Count(t)
			if sentBefore == 150 {
				t.Log("the first server sent everything before it stopped")
			}
			c, _ := first.store.CountOutbox(context.Background())
			if int(c.Sent) != sentBefore || c.Sent+c.Waiting != 150 {
				t.Fatalf("after the stop: %+v, Mailpit has %d", c, sentBefore)
			}

			// A new server on the same database, with the same key, sends
			// the rest.
			second := newMailServer(t, dsn, mp, first.cfg.Box)
			ctx2, cancel2 := context.WithCancel(context.Background())
			done2 := make(chan struct{})
			go func() { second.RunMail(ctx2); close(done2) }()
			mp.WaitFor(t, 150, 30*time.Second)
			cancel2()
			<-done2
			receivedOnce(t, mp, ids)
		})
	}
}
