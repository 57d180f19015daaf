-- Mail to send, and the record of mail sent. A mail is written in the
-- transaction of what it announces (an invitation, a reset link), so that
-- both happen or neither, and is delivered by whichever server claims it.
-- Its body carries a link that works like a password: it is stored sealed
-- and removed once the mail is sent or given up.
CREATE TABLE outbox (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kind       TEXT NOT NULL CHECK (kind <> ''),
	recipient  TEXT NOT NULL CHECK (recipient <> ''),
	subject    TEXT NOT NULL,
	body       BYTEA,
	-- message_id stays the same when a mail is sent again.
	message_id TEXT NOT NULL UNIQUE,
	created_at TIMESTAMPTZ NOT NULL,
	-- due_at is the next attempt; while a server sends, the end of its claim.
	due_at     TIMESTAMPTZ NOT NULL,
	attempts   INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	sent_at    TIMESTAMPTZ,
	failed_at  TIMESTAMPTZ
);
CREATE INDEX outbox_due ON outbox (due_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_recipient ON outbox (recipient);

-- The mail that carried an invitation's link, so that the inviter sees
-- whether it went out.
ALTER TABLE invitations ADD COLUMN mail_id BIGINT REFERENCES outbox (id) ON DELETE SET NULL;
