-- Per-day totals of live sessions, kept by triggers, so streaks and averages over decades of
-- history read one row per day instead of every session.

CREATE TABLE session_days (
    local_date TEXT PRIMARY KEY NOT NULL,
    sessions   INTEGER NOT NULL CHECK (sessions >= 0),
    sum_before INTEGER NOT NULL,
    sum_after  INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO session_days (local_date, sessions, sum_before, sum_after)
SELECT local_date, count(*), sum(tension_before), sum(tension_after)
FROM sessions WHERE deleted_at IS NULL GROUP BY local_date;

CREATE TRIGGER session_days_after_insert AFTER INSERT ON sessions
WHEN NEW.deleted_at IS NULL
BEGIN
    INSERT INTO session_days (local_date, sessions, sum_before, sum_after)
    VALUES (NEW.local_date, 1, NEW.tension_before, NEW.tension_after)
    ON CONFLICT (local_date) DO UPDATE SET
        sessions = sessions + 1,
        sum_before = sum_before + excluded.sum_before,
        sum_after = sum_after + excluded.sum_after;
END;

CREATE TRIGGER session_days_after_update
AFTER UPDATE OF local_date, tension_before, tension_after, deleted_at ON sessions
BEGIN
    UPDATE session_days SET
        sessions = sessions - 1,
        sum_before = sum_before - OLD.tension_before,
        sum_after = sum_after - OLD.tension_after
    WHERE OLD.deleted_at IS NULL AND local_date = OLD.local_date;
    DELETE FROM session_days WHERE local_date = OLD.local_date AND sessions = 0;
    INSERT INTO session_days (local_date, sessions, sum_before, sum_after)
    SELECT NEW.local_date, 1, NEW.tension_before, NEW.tension_after WHERE NEW.deleted_at IS NULL
    ON CONFLICT (local_date) DO UPDATE SET
        sessions = sessions + 1,
        sum_before = sum_before + excluded.sum_before,
        sum_after = sum_after + excluded.sum_after;
END;

CREATE TRIGGER session_days_after_delete AFTER DELETE ON sessions
WHEN OLD.deleted_at IS NULL
BEGIN
    UPDATE session_days SET
        sessions = sessions - 1,
        sum_before = sum_before - OLD.tension_before,
        sum_after = sum_after - OLD.tension_after
    WHERE local_date = OLD.local_date;
    DELETE FROM session_days WHERE local_date = OLD.local_date AND sessions = 0;
END;
