-- Accounts, sign-in and imported figures. Event descriptions are never
-- stored: no table has a column for them.

CREATE TABLE organisations (
	id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name             TEXT NOT NULL CHECK (name <> ''),
	min_contributors INTEGER NOT NULL DEFAULT 3 CHECK (min_contributors >= 1),
	created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE teams (
	id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org_id           BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	name             TEXT NOT NULL CHECK (name <> ''),
	client_statement TEXT NOT NULL DEFAULT '',
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
	UNIQUE (person_id, source_name),
	UNIQUE (id, person_id)
);
CREATE INDEX imports_team ON imports (team_id);

-- Seconds of one person in one ISO week (YYYY-Www) from one import.
CREATE TABLE person_weeks (
	import_id                   BIGINT NOT NULL,
	person_id                   BIGINT NOT NULL,
	week                        TEXT NOT NULL CHECK (length(week) = 8),
	working_seconds             BIGINT NOT NULL CHECK (working_seconds >= 0),
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
	people    INTEGER NOT NULL CHECK (people >= 0),
	seconds   BIGINT NOT NULL CHECK (seconds >= 0),
	PRIMARY KEY (import_id, uid_hash)
);
