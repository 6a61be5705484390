-- Parley's data model on PostgreSQL: the tables of db/sqlite/V1, so that both stores share their
-- SQL and row mappers. Timestamps are epoch milliseconds (BIGINT), flags 0/1, ids text.
-- Text that is compared, ordered or paged by range is COLLATE "C": code point order, as SQLite's,
-- whatever the database's locale (a locale order would break the username prefix range and make
-- cursors order differently from SQLite).

CREATE TABLE users (
  id            TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  username      TEXT COLLATE "C" NOT NULL UNIQUE,
  display_name  TEXT             NOT NULL,
  password_hash TEXT             NOT NULL,
  created_at    BIGINT           NOT NULL,
  last_seen_at  BIGINT
);

CREATE TABLE sessions (
  token_hash   TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  user_id      TEXT COLLATE "C" NOT NULL REFERENCES users (id),
  device_id    TEXT,
  device_name  TEXT,
  created_at   BIGINT           NOT NULL,
  last_used_at BIGINT,
  revoked_at   BIGINT
);

CREATE INDEX sessions_user ON sessions (user_id);

-- participant_hash is set for direct threads only; a UNIQUE column lets many NULLs through. It is a
-- plain (not partial) unique constraint so that INSERT ... ON CONFLICT (participant_hash) finds it.
CREATE TABLE threads (
  id               TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  kind             TEXT             NOT NULL CHECK (kind IN ('direct', 'group')),
  title            TEXT,
  owner_id         TEXT COLLATE "C" REFERENCES users (id),
  participant_hash TEXT COLLATE "C" UNIQUE,
  created_by       TEXT COLLATE "C",
  created_at       BIGINT           NOT NULL,
  updated_at       BIGINT           NOT NULL,
  last_seq         BIGINT           NOT NULL DEFAULT 0
);

CREATE INDEX threads_recent ON threads (updated_at, id);

CREATE TABLE thread_members (
  thread_id     TEXT COLLATE "C" NOT NULL REFERENCES threads (id),
  user_id       TEXT COLLATE "C" NOT NULL REFERENCES users (id),
  role          TEXT             NOT NULL CHECK (role IN ('owner', 'member')),
  joined_at     BIGINT           NOT NULL,
  joined_seq    BIGINT           NOT NULL,
  last_read_seq BIGINT           NOT NULL,
  muted         INTEGER          NOT NULL DEFAULT 0 CHECK (muted IN (0, 1)),
  nickname      TEXT,
  PRIMARY KEY (thread_id, user_id)
);

CREATE INDEX thread_members_user ON thread_members (user_id);

-- The primary key (thread_id, seq) serves history pages; the unique key makes a repeated
-- client_msg_id impossible to store twice, whatever the application does.
CREATE TABLE messages (
  thread_id     TEXT COLLATE "C" NOT NULL REFERENCES threads (id),
  seq           BIGINT           NOT NULL,
  id            TEXT COLLATE "C" NOT NULL,
  sender_id     TEXT COLLATE "C" NOT NULL,
  kind          TEXT             NOT NULL CHECK (kind IN ('text', 'system')),
  body          TEXT             NOT NULL,
  client_msg_id TEXT COLLATE "C",
  created_at    BIGINT           NOT NULL,
  PRIMARY KEY (thread_id, seq),
  UNIQUE (thread_id, sender_id, client_msg_id)
);

CREATE TABLE devices (
  id         TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  user_id    TEXT COLLATE "C" NOT NULL REFERENCES users (id),
  platform   TEXT             NOT NULL,
  token      TEXT             NOT NULL,
  created_at BIGINT           NOT NULL,
  UNIQUE (user_id, platform, token)
);

-- The durable task queue. payload is a JSON object of strings, kept as text like SQLite's.
CREATE TABLE tasks (
  id         TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  kind       TEXT             NOT NULL,
  payload    TEXT             NOT NULL,
  attempts   INTEGER          NOT NULL DEFAULT 0,
  run_after  BIGINT           NOT NULL,
  status     TEXT             NOT NULL CHECK (status IN ('pending', 'running', 'dead')),
  last_error TEXT,
  created_at BIGINT           NOT NULL,
  updated_at BIGINT           NOT NULL
);

CREATE INDEX tasks_due ON tasks (status, run_after);
