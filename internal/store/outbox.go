package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"
)

// Mail is a mail in the outbox: waiting, sent or given up.
type Mail struct {
	ID int64
	// Kind says what the mail is for, e.g. "invitation" or "reset".
	Kind      string
	To        string
	Subject   string
	Body      []byte // sealed by the server; nil once sent or given up
	MessageID string
	Created   time.Time
	Attempts  int // the claim that returned it included
	LastError string
	Sent      time.Time // zero until sent
	Failed    time.Time // zero unless given up
}

const mailColumns = "id, kind, recipient, subject, body, message_id, created_at, attempts, last_error, sent_at, failed_at"

func scanMail(sc interface{ Scan(...any) error }) (Mail, error) {
	var m Mail
	var sent, failed sql.NullTime
	err := sc.Scan(&m.ID, &m.Kind, &m.To, &m.Subject, &m.Body, &m.MessageID, &m.Created,
		&m.Attempts, &m.LastError, &sent, &failed)
	m.Sent, m.Failed = sent.Time, failed.Time
	return m, err
}

// enqueueMail adds a mail to the outbox within tx, due at once, and
// returns its ID.
func enqueueMail(ctx context.Context, tx *sql.Tx, m Mail) (int64, error) {
	t := now()
	var id int64
	err := tx.QueryRowContext(ctx,
		"INSERT INTO outbox (kind, recipient, subject, body, message_id, created_at, due_at) "+
			"VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
		m.Kind, m.To, m.Subject, m.Body, m.MessageID, t, t).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("queue %s mail to %s: %w", m.Kind, m.To, err)
	}
	return id, nil
}

// EnqueueMail adds a mail to the outbox, due at once.
func (s *Store) EnqueueMail(ctx context.Context, m Mail) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := enqueueMail(ctx, tx, m)
		return err
	})
}

// ClaimDueMail takes up to limit mails that are due at now, oldest first,
// counts an attempt for each and moves their next attempt to lease, so
// that another server sharing the database leaves them alone while this
// one sends. If this server dies while sending, they are sent when the
// lease ends; a mail may then arrive twice, with the same Message-ID.
func (s *Store) ClaimDueMail(ctx context.Context, now, lease time.Time, limit int) ([]Mail, error) {
	rows, err := s.write.QueryContext(ctx,
		"UPDATE outbox SET due_at = $1, attempts = attempts + 1 WHERE id IN ("+
			"SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND due_at <= $2 "+
			"ORDER BY due_at, id LIMIT $3"+s.dialect.skipLocked+") "+
			"RETURNING "+mailColumns, lease.UTC(), now.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("claim due mail: %w", err)
	}
	defer rows.Close()
	var mails []Mail
	for rows.Next() {
		m, err := scanMail(rows)
		if err != nil {
			return nil, fmt.Errorf("claim due mail: %w", err)
		}
		mails = append(mails, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("claim due mail: %w", err)
	}
	slices.SortFunc(mails, func(a, b Mail) int { return cmp.Compare(a.ID, b.ID) })
	return mails, nil
}

// MailSent records that the server accepted the mail, and drops its body.
func (s *Store) MailSent(ctx context.Context, id int64, at time.Time) error {
	_, err := s.write.ExecContext(ctx,
		"UPDATE outbox SET sent_at = $1, body = NULL, last_error = '' WHERE id = $2 AND sent_at IS NULL",
		at.UTC(), id)
	if err != nil {
		return fmt.Errorf("mail %d sent: %w", id, err)
	}
	return nil
}

// MailNotSent records a failed attempt: the mail is tried again at retry,
// or, when retry is zero, given up and its body dropped.
func (s *Store) MailNotSent(ctx context.Context, id int64, at time.Time, reason string, retry time.Time) error {
	var err error
	if retry.IsZero() {
		_, err = s.write.ExecContext(ctx,
			"UPDATE outbox SET failed_at = $1, body = NULL, last_error = $2 WHERE id = $3 AND sent_at IS NULL",
			at.UTC(), reason, id)
	} else {
		_, err = s.write.ExecContext(ctx,
			"UPDATE outbox SET due_at = $1, last_error = $2 WHERE id = $3 AND sent_at IS NULL",
			retry.UTC(), reason, id)
	}
	if err != nil {
		return fmt.Errorf("mail %d not sent: %w", id, err)
	}
	return nil
}

// MailTo lists the mails to an address, newest first, without bodies: what
// was sent when, and what failed why.
func (s *Store) MailTo(ctx context.Context, recipient string) ([]Mail, error) {
	rows, err := s.read.QueryContext(ctx,
		"SELECT "+mailColumns+" FROM outbox WHERE recipient = $1 ORDER BY id DESC", recipient)
	if err != nil {
		return nil, fmt.Errorf("mail to %s: %w", recipient, err)
	}
	defer rows.Close()
	var mails []Mail
	for rows.Next() {
		m, err := scanMail(rows)
		if err != nil {
			return nil, fmt.Errorf("mail to %s: %w", recipient, err)
		}
		m.Body = nil
		mails = append(mails, m)
	}
	return mails, rows.Err()
}

// OutboxCounts are the outbox's mails by state, for the metrics.
type OutboxCounts struct {
	Waiting, Sent, Failed int64
}

// CountOutbox counts the outbox's mails by state.
func (s *Store) CountOutbox(ctx context.Context) (OutboxCounts, error) {
	var c OutboxCounts
	err := s.read.QueryRowContext(ctx,
		"SELECT "+
			"COALESCE(SUM(CASE WHEN sent_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END), 0), "+
			"COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0), "+
			"COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0) FROM outbox").
		Scan(&c.Waiting, &c.Sent, &c.Failed)
	if err != nil {
		return c, fmt.Errorf("count outbox: %w", err)
	}
	return c, nil
}

// DeleteMailBefore removes the records of mail sent or given up before t:
// who was mailed is personal data, kept only as long as it helps to answer
// "did my invitation arrive?".
func (s *Store) DeleteMailBefore(ctx context.Context, t time.Time) (int64, error) {
	res, err := s.write.ExecContext(ctx,
		"DELETE FROM outbox WHERE (sent_at IS NOT NULL AND sent_at < $1) OR (failed_at IS NOT NULL AND failed_at < $1)", t.UTC())
	if err != nil {
		return 0, fmt.Errorf("delete old mail: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
