package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/klaver/klaver"
)

func init() {
	scenarios = append(scenarios, []scenario{
		{"outbox", testOutbox},
		{"outbox claims are exclusive", testOutboxConcurrentClaims},
		{"inviting again replaces the open invitation", testInviteAgain},
	}...)
}

func testMail(to, id string) *Mail {
	return &Mail{Kind: "invitation", To: to, Subject: "Uitnodiging", Body: []byte("sealed " + id), MessageID: id + "@example.org"}
}

func testOutbox(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	future := time.Now().Add(time.Hour)

	// The mail is queued with its invitation, or not at all.
	if err := s.CreateInvitation(ctx, Invitation{TeamID: f.team.ID, Email: "nieuw@utrecht.nl", Role: klaver.RoleMember, Expires: future}, "h1", testMail("nieuw@utrecht.nl", "m1")); err != nil {
		t.Fatal(err)
	}
	err := s.CreateInvitation(ctx, Invitation{TeamID: 999, Email: "x@utrecht.nl", Role: klaver.RoleMember, Expires: future}, "h2", testMail("x@utrecht.nl", "m2"))
	wantCode(t, err, klaver.ErrNotFound)
	if err := s.CreatePasswordReset(ctx, f.ann.ID, "r1", future, &Mail{Kind: "reset", To: f.ann.Email, Subject: "Herstel", Body: []byte("sealed r"), MessageID: "m3@example.org"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.MailTo(ctx, "x@utrecht.nl"); len(got) != 0 {
		t.Fatalf("a failed invitation queued %d mails", len(got))
	}

	now := time.Now()
	claimed, err := s.ClaimDueMail(ctx, now, now.Add(time.Minute), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(claimed) != 2 || claimed[0].MessageID != "m1@example.org" || claimed[1].MessageID != "m3@example.org" {
		t.Fatalf("claimed %+v, want the invitation's and the reset's mail in order", claimed)
	}
	if m := claimed[0]; m.Attempts != 1 || string(m.Body) != "sealed m1" || m.To != "nieuw@utrecht.nl" || m.Kind != "invitation" {
		t.Errorf("claimed mail %+v", m)
	}
	// Claimed: out of reach until the lease ends, then claimed again.
	if again, _ := s.ClaimDueMail(ctx, now.Add(30*time.Second), now.Add(time.Hour), 10); len(again) != 0 {
		t.Fatalf("claimed %d mails during the lease", len(again))
	}
	again, err := s.ClaimDueMail(ctx, now.Add(2*time.Minute), now.Add(3*time.Minute), 10)
	if err != nil || len(again) != 2 || again[0].Attempts != 2 {
		t.Fatalf("after the lease: %+v, %v", again, err)
	}

	// The inviter sees the invitation waiting for its mail, beside one
	// whose link was shown rather than mailed; expired ones are gone.
	if err := s.CreateInvitation(ctx, Invitation{TeamID: f.team.ID, Email: "shown@utrecht.nl", Role: klaver.RoleMember, Expires: future}, "h3", nil); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateInvitation(ctx, Invitation{TeamID: f.team.ID, Email: "late@utrecht.nl", Role: klaver.RoleMember, Expires: now.Add(-time.Second)}, "h4", nil); err != nil {
		t.Fatal(err)
	}
	open, err := s.OpenInvitations(ctx, f.team.ID)
	if err != nil || len(open) != 2 {
		t.Fatalf("open invitations: %+v, %v; want the mailed and the shown one", open, err)
	}
	byEmail := map[string]OpenInvitation{open[0].Email: open[0], open[1].Email: open[1]}
	if m := byEmail["nieuw@utrecht.nl"].Mail; m == nil || !m.Sent.IsZero() || m.Attempts != 2 {
		t.Errorf("mailed invitation before sending: %+v", m)
	}
	if byEmail["shown@utrecht.nl"].Mail != nil {
		t.Errorf("an invitation whose link was shown has mail: %+v", byEmail["shown@utrecht.nl"].Mail)
	}

	// Sent: its link is gone from the database and it is never claimed again.
	if err := s.MailSent(ctx, again[0].ID, now); err != nil {
		t.Fatal(err)
	}
	open, _ = s.OpenInvitations(ctx, f.team.ID)
	for _, inv := range open {
		if inv.Email == "nieuw@utrecht.nl" && (inv.Mail == nil || inv.Mail.Sent.IsZero()) {
			t.Errorf("the invitation does not show its mail as sent: %+v", inv.Mail)
		}
	}
	// A temporary failure waits for its retry; a final one gives up.
	if err := s.MailNotSent(ctx, again[1].ID, now, "451 try later", now.Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ClaimDueMail(ctx, now.Add(5*time.Minute), now.Add(6*time.Minute), 10); len(got) != 0 {
		t.Fatalf("claimed %+v before its retry", got)
	}
	retried, _ := s.ClaimDueMail(ctx, now.Add(11*time.Minute), now.Add(12*time.Minute), 10)
	if len(retried) != 1 || retried[0].LastError != "451 try later" || retried[0].Attempts != 3 {
		t.Fatalf("retry: %+v", retried)
	}
	if err := s.MailNotSent(ctx, retried[0].ID, now, "550 no such user", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ClaimDueMail(ctx, now.Add(24*time.Hour), now.Add(25*time.Hour), 10); len(got) != 0 {
		t.Fatalf("claimed %+v after it was sent or given up", got)
	}
	sent, err := s.MailTo(ctx, "nieuw@utrecht.nl")
	if err != nil || len(sent) != 1 || sent[0].Sent.IsZero() || !sent[0].Failed.IsZero() {
		t.Fatalf("record of the sent mail: %+v, %v", sent, err)
	}
	failed, _ := s.MailTo(ctx, f.ann.Email)
	if len(failed) != 1 || failed[0].Failed.IsZero() || failed[0].LastError != "550 no such user" {
		t.Fatalf("record of the failed mail: %+v", failed)
	}
	var bodies int
	if err := s.write.QueryRowContext(ctx, "SELECT COUNT(*) FROM outbox WHERE body IS NOT NULL").Scan(&bodies); err != nil || bodies != 0 {
		t.Errorf("%d bodies kept after sending or giving up (%v)", bodies, err)
	}
	counts, err := s.CountOutbox(ctx)
	if err != nil || counts != (OutboxCounts{Waiting: 0, Sent: 1, Failed: 1}) {
		t.Errorf("counts %+v, %v", counts, err)
	}
	if n, err := s.DeleteMailBefore(ctx, now.Add(time.Second)); err != nil || n != 2 {
		t.Errorf("deleted %d old records, %v; want 2", n, err)
	}
}

// testOutboxConcurrentClaims: servers claiming at once never get the same
// mail, and together they get every one.
func testOutboxConcurrentClaims(t *testing.T, s *Store) {
	ctx := context.Background()
	const n = 60
	for i := range n {
		if err := s.EnqueueMail(ctx, *testMail(fmt.Sprintf("p%d@utrecht.nl", i), fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				now := time.Now()
				got, err := s.ClaimDueMail(ctx, now, now.Add(time.Hour), 7)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, m := range got {
					seen[m.ID]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != n {
		t.Errorf("claimed %d mails, want %d", len(seen), n)
	}
	for id, c := range seen {
		if c != 1 {
			t.Errorf("mail %d claimed %d times", id, c)
		}
	}
}

// testInviteAgain: a second invitation of the same address into the same
// team replaces the first: its link stops working, and its mail, not yet
// sent, is never sent.
func testInviteAgain(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	future := time.Now().Add(time.Hour)
	if err := s.CreateInvitation(ctx, Invitation{TeamID: f.team.ID, Email: "nieuw@utrecht.nl", Role: klaver.RoleMember, Expires: future}, "first", testMail("nieuw@utrecht.nl", "first")); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateInvitation(ctx, Invitation{TeamID: f.team.ID, Email: "Nieuw@Utrecht.nl", Role: klaver.RoleLeader, Expires: future}, "second", testMail("nieuw@utrecht.nl", "second")); err != nil {
		t.Fatal(err)
	}
	open, err := s.OpenInvitations(ctx, f.team.ID)
	if err != nil || len(open) != 1 || open[0].Role != klaver.RoleLeader {
		t.Fatalf("open invitations: %+v, %v; want the second only", open, err)
	}
	now := time.Now()
	claimed, err := s.ClaimDueMail(ctx, now, now.Add(time.Minute), 10)
	if err != nil || len(claimed) != 1 || claimed[0].MessageID != "second@example.org" {
		t.Fatalf("claimed %+v, %v; want the second invitation's mail only", claimed, err)
	}
	_, err = s.AcceptInvitation(ctx, "first", 0, "Nieuw", "hash")
	wantCode(t, err, klaver.ErrNotFound)
	if _, err := s.AcceptInvitation(ctx, "second", 0, "Nieuw", "hash"); err != nil {
		t.Fatalf("the second invitation: %v", err)
	}
	// Once accepted, an invitation is history, not replaced by the next.
	if err := s.CreateInvitation(ctx, Invitation{TeamID: f.team.ID, Email: "nieuw@utrecht.nl", Role: klaver.RoleMember, Expires: future}, "third", nil); err != nil {
		t.Fatal(err)
	}
	var accepted int
	if err := s.write.QueryRowContext(ctx, "SELECT COUNT(*) FROM invitations WHERE accepted_at IS NOT NULL").Scan(&accepted); err != nil || accepted != 1 {
		t.Errorf("%d accepted invitations kept (%v), want 1", accepted, err)
	}
}
