-- Accounts, sign-in and imported figures. Event descriptions are never
-- stored: no table has a column for them.

CREATE TABLE organisations (
	id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name             TEXT NOT NULL CHECK (name <> ''),
	min_contributors INTEGER NOT NULL DEFAULT 5 CHECK (min_contributors >= 3),
	created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE teams (
	id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id           BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	name             TEXT NOT NULL CHECK (name <> ''),
	client_statement TEXT NOT NULL DEFAULT '',
	-- The audit's settings for the team's imports.
	tz               TEXT NOT NULL DEFAULT 'Europe/Amsterdam',
	hours_per_day    DOUBLE PRECISION NOT NULL DEFAULT 8 CHECK (hours_per_day > 0 AND hours_per_day <= 24),
	workdays         TEXT NOT NULL DEFAULT 'mon-fri',
	max_internal     DOUBLE PRECISION NOT NULL DEFAULT 0.25 CHECK (max_internal >= 0 AND max_internal <= 1),
	-- data_version counts the changes of the team's sums (team_weeks), so
	-- that a server may cache what it computed from them.
	data_version     BIGINT NOT NULL DEFAULT 0,
	created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
	UNIQUE (org_id, name)
);

-- email is written in lower case by the store; password_hash is empty for
-- a person who has not set a password.
CREATE TABLE people (
	id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	email            TEXT NOT NULL UNIQUE CHECK (email <> ''),
	name             TEXT NOT NULL DEFAULT '',
	password_hash    TEXT NOT NULL DEFAULT '',
	lang             TEXT NOT NULL DEFAULT '',
	share_individual BOOLEAN NOT NULL DEFAULT FALSE,
	created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	team_id   BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
	role      TEXT NOT NULL CHECK (role IN ('coach', 'leader', 'member')),
	PRIMARY KEY (person_id, team_id)
);
CREATE INDEX memberships_team ON memberships (team_id);

CREATE TABLE coach_assignments (
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	org_id    BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	PRIMARY KEY (person_id, org_id)
);

-- id_hash is the SHA-256 of the session cookie, so a copy of the database
-- does not sign anyone in.
CREATE TABLE sessions (
	id_hash    TEXT PRIMARY KEY,
	person_id  BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
	expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_person ON sessions (person_id);

CREATE TABLE api_tokens (
	id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	hash         TEXT NOT NULL UNIQUE,
	person_id    BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
	last_used_at TIMESTAMPTZ
);
CREATE INDEX api_tokens_person ON api_tokens (person_id);

-- One import per person and source: importing the same source again
-- replaces it. period_from and period_to are dates, YYYY-MM-DD.
CREATE TABLE imports (
	id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	person_id      BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	team_id        BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
	source_name    TEXT NOT NULL CHECK (source_name <> ''),
	kind           TEXT NOT NULL CHECK (kind IN ('calendar', 'timesheet')),
	content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
	bytes          BIGINT NOT NULL CHECK (bytes >= 0),
	items_read     BIGINT NOT NULL CHECK (items_read >= 0),
	skipped        BIGINT NOT NULL CHECK (skipped >= 0),
	imported_at    TIMESTAMPTZ NOT NULL,
	period_from    TEXT NOT NULL,
	period_to      TEXT NOT NULL CHECK (period_from <= period_to),
	-- weeks is how many ISO weeks the period spans, for "hours a week".
	weeks          INTEGER NOT NULL CHECK (weeks >= 0),
	UNIQUE (person_id, source_name),
	UNIQUE (id, person_id)
);
CREATE INDEX imports_team ON imports (team_id);

-- Seconds of one person in one ISO week (YYYY-Www) from one import.
-- working_seconds is the working time the calendar rule gives (working
-- days minus absences, 0 for a time-tracking export) and tracked_seconds
-- the tracked time: a person's week counts the first once, however many
-- calendars they import, and the second summed.
CREATE TABLE person_weeks (
	import_id                   BIGINT NOT NULL,
	person_id                   BIGINT NOT NULL,
	week                        TEXT NOT NULL CHECK (length(week) = 8),
	working_seconds             BIGINT NOT NULL CHECK (working_seconds >= 0),
	tracked_seconds             BIGINT NOT NULL CHECK (tracked_seconds >= 0),
	client_seconds              BIGINT NOT NULL CHECK (client_seconds >= 0),
	internal_for_client_seconds BIGINT NOT NULL CHECK (internal_for_client_seconds >= 0),
	internal_seconds            BIGINT NOT NULL CHECK (internal_seconds >= 0),
	own_work_seconds            BIGINT NOT NULL CHECK (own_work_seconds >= 0),
	PRIMARY KEY (import_id, week),
	FOREIGN KEY (import_id, person_id) REFERENCES imports (id, person_id) ON DELETE CASCADE
);
CREATE INDEX person_weeks_person ON person_weeks (person_id, week);

-- Seconds a client received from one person in one week.
CREATE TABLE person_week_clients (
	import_id BIGINT NOT NULL,
	person_id BIGINT NOT NULL,
	week      TEXT NOT NULL,
	client    TEXT NOT NULL CHECK (client <> ''),
	seconds   BIGINT NOT NULL CHECK (seconds >= 0),
	PRIMARY KEY (import_id, week, client),
	FOREIGN KEY (import_id, week) REFERENCES person_weeks (import_id, week) ON DELETE CASCADE,
	FOREIGN KEY (import_id, person_id) REFERENCES imports (id, person_id) ON DELETE CASCADE
);
CREATE INDEX person_week_clients_person ON person_week_clients (person_id, week);

-- Internal recurring meetings of an import, joined across people by the
-- hash of their UID. title is NULL unless the meeting is a team meeting.
CREATE TABLE series (
	import_id BIGINT NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
	uid_hash  TEXT NOT NULL CHECK (length(uid_hash) = 64),
	title     TEXT,
	seconds   BIGINT NOT NULL CHECK (seconds >= 0),
	PRIMARY KEY (import_id, uid_hash)
);

-- The team's client registry: who pays the team's bills. domains and
-- aliases are lists, one per line.
CREATE TABLE clients (
	id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
	name    TEXT NOT NULL CHECK (name <> ''),
	domains TEXT NOT NULL DEFAULT '',
	aliases TEXT NOT NULL DEFAULT '',
	UNIQUE (team_id, name)
);

-- Invitations by link; token_hash is the SHA-256 of the link's token.
CREATE TABLE invitations (
	token_hash  TEXT PRIMARY KEY,
	team_id     BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
	email       TEXT NOT NULL CHECK (email <> ''),
	role        TEXT NOT NULL CHECK (role IN ('leader', 'member')),
	invited_by  BIGINT REFERENCES people (id) ON DELETE SET NULL,
	created_at  TIMESTAMPTZ NOT NULL,
	expires_at  TIMESTAMPTZ NOT NULL,
	accepted_at TIMESTAMPTZ
);
CREATE INDEX invitations_team ON invitations (team_id);

-- Calendar feeds fetched on a schedule. The address is a secret: stored
-- sealed (url_sealed) and shown only redacted (url_shown).
CREATE TABLE feeds (
	id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	person_id       BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	team_id         BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
	url_sealed      TEXT NOT NULL,
	url_shown       TEXT NOT NULL,
	source_name     TEXT NOT NULL CHECK (source_name <> ''),
	etag            TEXT NOT NULL DEFAULT '',
	last_modified   TEXT NOT NULL DEFAULT '',
	created_at      TIMESTAMPTZ NOT NULL,
	next_fetch_at   TIMESTAMPTZ NOT NULL,
	last_attempt_at TIMESTAMPTZ,
	last_success_at TIMESTAMPTZ,
	last_error      TEXT NOT NULL DEFAULT '',
	UNIQUE (person_id, source_name)
);
CREATE INDEX feeds_due ON feeds (next_fetch_at);

-- A team's weeks summed over its current members, kept up to date in the
-- transaction of every change that moves them (an import, a deletion, a
-- new member), so that reading a team's figures is reading its rows.
-- people counts the members whose data the week holds.
CREATE TABLE team_weeks (
	team_id                     BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
	week                        TEXT NOT NULL,
	working_seconds             BIGINT NOT NULL,
	client_seconds              BIGINT NOT NULL,
	internal_for_client_seconds BIGINT NOT NULL,
	internal_seconds            BIGINT NOT NULL,
	own_work_seconds            BIGINT NOT NULL,
	people                      INTEGER NOT NULL,
	PRIMARY KEY (team_id, week)
);

-- The time each client received from a team in a week.
CREATE TABLE team_week_clients (
	team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
	week    TEXT NOT NULL,
	client  TEXT NOT NULL,
	seconds BIGINT NOT NULL,
	PRIMARY KEY (team_id, week, client)
);

-- Password reset links; token_hash is the SHA-256 of the link's token.
CREATE TABLE password_resets (
	token_hash TEXT PRIMARY KEY,
	person_id  BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	expires_at TIMESTAMPTZ NOT NULL,
	used_at    TIMESTAMPTZ
);
CREATE INDEX password_resets_person ON password_resets (person_id);
