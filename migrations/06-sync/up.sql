-- Sync (footlog sync, on TaskChampion): what changed here since the last sync, recorded by the
-- schema itself in the same transaction as the change, and the state this database last agreed
-- with the sync replica (the base of a three-way merge). The replica, the server's address and
-- the key live in another file (sync.db), never in this one, its backups or its exports.
-- Self-contained: depends on schemas 1 to 5.

-- One row: whether changes are recorded (sync is set up), whether a sync is writing what it
-- received (those writes are not local changes), the counter that orders the changes, and the
-- clock of the footlog writing (RFC 3339, set by footlog as it opens the database to write, and
-- by the app before each change), which dates a change of a record that has no time of its own.
CREATE TABLE sync_switch (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    recording INTEGER NOT NULL CHECK (recording IN (0, 1)),
    applying  INTEGER NOT NULL CHECK (applying IN (0, 1)),
    seq       INTEGER NOT NULL CHECK (seq >= 0),
    clock     TEXT
);
INSERT INTO sync_switch (id, recording, applying, seq) VALUES (1, 0, 0, 0);

-- Each record changed here and not yet handed to the replica, once, with the number and the
-- time of its latest change. `key` is the record's UUID (sessions, sleep notes), date (goals,
-- rest weeks) or setting name.
CREATE TABLE sync_outbox (
    kind       TEXT NOT NULL CHECK (kind IN ('session', 'sleep', 'goal', 'rest', 'setting')),
    key        TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
    seq        INTEGER NOT NULL CHECK (seq >= 1),
    changed_at TEXT,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;

-- The record's properties as this database and the replica last agreed on them.
CREATE TABLE sync_shadow (
    uuid  TEXT PRIMARY KEY NOT NULL CHECK (length(uuid) = 36),
    props TEXT NOT NULL CHECK (json_valid(props) AND json_type(props) = 'object')
) WITHOUT ROWID;

CREATE TRIGGER sync_session_insert AFTER INSERT ON sessions
WHEN (SELECT recording AND NOT applying FROM sync_switch WHERE id = 1)
BEGIN
    UPDATE sync_switch SET seq = seq + 1 WHERE id = 1;
    INSERT INTO sync_outbox (kind, key, seq, changed_at)
    VALUES ('session', NEW.uuid, (SELECT seq FROM sync_switch WHERE id = 1),
            (SELECT clock FROM sync_switch WHERE id = 1))
    ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, changed_at = excluded.changed_at;
END;

CREATE TRIGGER sync_session_update AFTER UPDATE ON sessions
WHEN (SELECT recording AND NOT applying FROM sync_switch WHERE id = 1)
BEGIN
    UPDATE sync_switch SET seq = seq + 1 WHERE id = 1;
    INSERT INTO sync_outbox (kind, key, seq, changed_at)
    VALUES ('session', NEW.uuid, (SELECT seq FROM sync_switch WHERE id = 1),
            (SELECT clock FROM sync_switch WHERE id = 1))
    ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, changed_at = excluded.changed_at;
END;

CREATE TRIGGER sync_session_delete AFTER DELETE ON sessions
WHEN (SELECT recording AND NOT applying FROM sync_switch WHERE id = 1)
BEGIN
    UPDATE sync_switch SET seq = seq + 1 WHERE id = 1;
    INSERT INTO sync_outbox (kind, key, seq, changed_at)
    VALUES ('session', OLD.uuid, (SELECT seq FROM sync_switch WHERE id = 1),
            (SELECT clock FROM sync_switch WHERE id = 1))
    ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, changed_at = excluded.changed_at;
END;

CREATE TRIGGER sync_sleep_insert AFTER INSERT ON sleep_notes
WHEN (SELECT recording AND NOT applying FROM sync_switch WHERE id = 1)
BEGIN
    UPDATE sync_switch SET seq = seq + 1 WHERE id = 1;
    INSERT INTO sync_outbox (kind, key, seq, changed_at)
    VALUES ('sleep', NEW.uuid, (SELECT seq FROM sync_switch WHERE id = 1),
            (SELECT clock FROM sync_switch WHERE id = 1))
    ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, changed_at = excluded.changed_at;
END;

CREATE TRIGGER sync_sleep_update AFTER UPDATE ON sleep_notes
WHEN (SELECT recording AND NOT applying FROM sync_switch WHERE id = 1)
BEGIN
    UPDATE sync_switch SET seq = seq + 1 WHERE id = 1;
    INSERT INTO sync_outbox (kind, key, seq, changed_at)
    VALUES ('sleep', NEW.uuid, (SELECT seq FROM sync_switch WHERE id = 1),
            (SELECT clock FROM sync_switch WHERE id = 1))
    ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, changed_at = excluded.changed_at;
END;

CREATE TRIGGER sync_sleep_delete AFTER DELETE ON sleep_notes
WHEN (SELECT recording AND NOT applying FROM sync_switch WHERE id = 1)
BEGIN
    UPDATE sync_switch SET seq = seq + 1 WHERE id = 1;
    INSERT INTO sync_outbox (kind, key, seq, changed_at)
    VALUES ('sleep', OLD.uuid, (SELECT seq FROM sync_switch WHERE id = 1),
            (SELECT clock FROM sync_switch WHERE id = 1))
    ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, changed_at = excluded.changed_at;
END;

CREATE TRIGGER sync_goal_insert AFTER INSERT ON goals
WHEN (SELECT recording AND NOT applying FROM sync_switch WHERE id = 1)
BEGIN
    UPDATE sync_switch SET seq = seq + 1 WHERE id = 1;
    INSERT INTO sync_outbox (kind, key, seq, changed_at)
    VALUES ('goal', NEW.effective_from, (SELECT seq FROM sync_switch WHERE id = 1),
            (SELECT clock FROM sync_switch WHERE id = 1))
    ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, changed_at = excluded.changed_at;
END;

CREATE TRIGGER sync_goal_update AFTER UPDATE ON goals
WHEN (SELECT recording AND NOT applying FROM sync_switch WHERE id = 1)
BEGIN
    UPDATE sync_switch SET seq = seq + 1 WHERE id = 1;
    INSERT INTO sync_outbox (kind, key, seq, changed_at)
    VALUES ('goal', OLD.effective_from, (SELECT seq FROM sync_switch WHERE id = 1),
            (SELECT clock FROM sync_switch WHERE id = 1)),
           ('goal', NEW.effective_from, (SELECT seq FROM sync_switch WHERE id = 1),
            (SELECT clock FROM sync_switch WHERE id = 1))
    ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, changed_at = excluded.changed_at;
END;

CREATE TRIGGER sync_goal_delete AFTER DELETE ON goals
WHEN (SELECT recording AND NOT applying FROM sync_switch WHERE id = 1)
BEGIN
    UPDATE sync_switch SET seq = seq + 1 WHERE id = 1;
    INSERT INTO sync_outbox (kind, key, seq, changed_at)
    VALUES ('goal', OLD.effective_from, (SELECT seq FROM sync_switch WHERE id = 1),
            (SELECT clock FROM sync_switch WHERE id = 1))
    ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, changed_at = excluded.changed_at;
END;

CREATE TRIGGER sync_rest_insert AFTER INSERT ON rest_marks
WHEN (SELECT recording AND NOT applying FROM sync_switch WHERE id = 1)
BEGIN
    UPDATE sync_switch SET seq = seq + 1 WHERE id = 1;
    INSERT INTO sync_outbox (kind, key, seq, changed_at)
    VALUES ('rest', NEW.date, (SELECT seq FROM sync_switch WHERE id = 1),
            (SELECT clock FROM sync_switch WHERE id = 1))
    ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, changed_at = excluded.changed_at;
END;

CREATE TRIGGER sync_rest_update AFTER UPDATE ON rest_marks
WHEN (SELECT recording AND NOT applying FROM sync_switch WHERE id = 1)
BEGIN
    UPDATE sync_switch SET seq = seq + 1 WHERE id = 1;
    INSERT INTO sync_outbox (kind, key, seq, changed_at)
    VALUES ('rest', OLD.date, (SELECT seq FROM sync_switch WHERE id = 1),
            (SELECT clock FROM sync_switch WHERE id = 1)),
           ('rest', NEW.date, (SELECT seq FROM sync_switch WHERE id = 1),
            (SELECT clock FROM sync_switch WHERE id = 1))
    ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, changed_at = excluded.changed_at;
END;

CREATE TRIGGER sync_rest_delete AFTER DELETE ON rest_marks
WHEN (SELECT recording AND NOT applying FROM sync_switch WHERE id = 1)
BEGIN
    UPDATE sync_switch SET seq = seq + 1 WHERE id = 1;
    INSERT INTO sync_outbox (kind, key, seq, changed_at)
    VALUES ('rest', OLD.date, (SELECT seq FROM sync_switch WHERE id = 1),
            (SELECT clock FROM sync_switch WHERE id = 1))
    ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, changed_at = excluded.changed_at;
END;

-- The settings that are the user's data everywhere: the week's first day and the health profile
-- (the reminder's time is this machine's).
CREATE TRIGGER sync_setting_insert AFTER INSERT ON settings
WHEN NEW.key IN ('week_start', 'health_profile')
  AND (SELECT recording AND NOT applying FROM sync_switch WHERE id = 1)
BEGIN
    UPDATE sync_switch SET seq = seq + 1 WHERE id = 1;
    INSERT INTO sync_outbox (kind, key, seq, changed_at)
    VALUES ('setting', NEW.key, (SELECT seq FROM sync_switch WHERE id = 1),
            (SELECT clock FROM sync_switch WHERE id = 1))
    ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, changed_at = excluded.changed_at;
END;

CREATE TRIGGER sync_setting_update AFTER UPDATE ON settings
WHEN NEW.key IN ('week_start', 'health_profile')
  AND (SELECT recording AND NOT applying FROM sync_switch WHERE id = 1)
BEGIN
    UPDATE sync_switch SET seq = seq + 1 WHERE id = 1;
    INSERT INTO sync_outbox (kind, key, seq, changed_at)
    VALUES ('setting', NEW.key, (SELECT seq FROM sync_switch WHERE id = 1),
            (SELECT clock FROM sync_switch WHERE id = 1))
    ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, changed_at = excluded.changed_at;
END;

CREATE TRIGGER sync_setting_delete AFTER DELETE ON settings
WHEN OLD.key IN ('week_start', 'health_profile')
  AND (SELECT recording AND NOT applying FROM sync_switch WHERE id = 1)
BEGIN
    UPDATE sync_switch SET seq = seq + 1 WHERE id = 1;
    INSERT INTO sync_outbox (kind, key, seq, changed_at)
    VALUES ('setting', OLD.key, (SELECT seq FROM sync_switch WHERE id = 1),
            (SELECT clock FROM sync_switch WHERE id = 1))
    ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, changed_at = excluded.changed_at;
END;
