-- Parley's data model on SQLite. Timestamps are epoch milliseconds, ids are text.
-- STRICT makes SQLite refuse a value of the wrong type instead of storing it silently.

CREATE TABLE users (
  id            TEXT    NOT NULL PRIMARY KEY,
  username      TEXT    NOT NULL UNIQUE,
  display_name  TEXT    NOT NULL,
  password_hash TEXT    NOT NULL,
  created_at    INTEGER NOT NULL,
  last_seen_at  INTEGER
) STRICT;

CREATE TABLE sessions (
  token_hash   TEXT    NOT NULL PRIMARY KEY,
  user_id      TEXT    NOT NULL REFERENCES users (id),
  device_id    TEXT,
  device_name  TEXT,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at   INTEGER
) STRICT;

CREATE INDEX sessions_user ON sessions (user_id);

-- participant_hash is set for direct threads only; SQLite's UNIQUE lets many NULLs through.
CREATE TABLE threads (
  id               TEXT    NOT NULL PRIMARY KEY,
  kind             TEXT    NOT NULL CHECK (kind IN ('direct', 'group')),
  title            TEXT,
  owner_id         TEXT    REFERENCES users (id),
  participant_hash TEXT    UNIQUE,
  created_by       TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  last_seq         INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX threads_recent ON threads (updated_at, id);

CREATE TABLE thread_members (
  thread_id     TEXT    NOT NULL REFERENCES threads (id),
  user_id       TEXT    NOT NULL REFERENCES users (id),
  role          TEXT    NOT NULL CHECK (role IN ('owner', 'member')),
  joined_at     INTEGER NOT NULL,
  joined_seq    INTEGER NOT NULL,
  last_read_seq INTEGER NOT NULL,
  muted         INTEGER NOT NULL DEFAULT 0 CHECK (muted IN (0, 1)),
  nickname      TEXT,
  PRIMARY KEY (thread_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX thread_members_user ON thread_members (user_id);

-- Clustered by (thread_id, seq): a page of history is one contiguous range of the table.
CREATE TABLE messages (
  thread_id     TEXT    NOT NULL REFERENCES threads (id),
  seq           INTEGER NOT NULL,
  id            TEXT    NOT NULL,
  sender_id     TEXT    NOT NULL,
  kind          TEXT    NOT NULL CHECK (kind IN ('text', 'system')),
  body          TEXT    NOT NULL,
  client_msg_id TEXT,
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (thread_id, seq),
  UNIQUE (thread_id, sender_id, client_msg_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE devices (
  id         TEXT    NOT NULL PRIMARY KEY,
  user_id    TEXT    NOT NULL REFERENCES users (id),
  platform   TEXT    NOT NULL,
  token      TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (user_id, platform, token)
) STRICT;

-- The embedded task queue. payload is a JSON object of strings.
CREATE TABLE tasks (
  id         TEXT    NOT NULL PRIMARY KEY,
  kind       TEXT    NOT NULL,
  payload    TEXT    NOT NULL,
  attempts   INTEGER NOT NULL DEFAULT 0,
  run_after  INTEGER NOT NULL,
  status     TEXT    NOT NULL CHECK (status IN ('pending', 'running', 'dead')),
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX tasks_due ON tasks (status, run_after);
