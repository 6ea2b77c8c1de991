-- Per-week totals of live sessions for both first days of the week, kept by triggers on the
-- per-day totals (migration 2), so streaks read one row per week with sessions instead of every
-- day of the history. A week is named by its first day as a day number, days since 1970-01-01:
-- CAST(julianday(d) - 2440587.5 AS INTEGER) is exact, a date's julianday ends in .5
-- (`date(first_day * 86400, 'unixepoch')` shows it as a date). julianday(d, '-6 days',
-- 'weekday 1') is the Monday on or before d ('weekday 0': the Sunday). A day whose text is not
-- a valid date (`date(d, '+0 days') IS NOT d`) belongs to no week.

CREATE TABLE session_weeks (
    week_start TEXT NOT NULL CHECK (week_start IN ('monday', 'sunday')),
    first_day  INTEGER NOT NULL,
    sessions   INTEGER NOT NULL,
    PRIMARY KEY (week_start, first_day)
) WITHOUT ROWID;

INSERT INTO session_weeks (week_start, first_day, sessions)
SELECT 'monday', CAST(julianday(local_date, '-6 days', 'weekday 1') - 2440587.5 AS INTEGER) AS first_day, sum(sessions)
FROM session_days WHERE date(local_date, '+0 days') IS local_date AND sessions <> 0
GROUP BY first_day;

INSERT INTO session_weeks (week_start, first_day, sessions)
SELECT 'sunday', CAST(julianday(local_date, '-6 days', 'weekday 0') - 2440587.5 AS INTEGER) AS first_day, sum(sessions)
FROM session_days WHERE date(local_date, '+0 days') IS local_date AND sessions <> 0
GROUP BY first_day;

-- A new day: its sessions join both of its weeks.
CREATE TRIGGER session_weeks_after_day_insert AFTER INSERT ON session_days
WHEN date(NEW.local_date, '+0 days') IS NEW.local_date AND NEW.sessions <> 0
BEGIN
    INSERT INTO session_weeks (week_start, first_day, sessions)
    VALUES ('monday', CAST(julianday(NEW.local_date, '-6 days', 'weekday 1') - 2440587.5 AS INTEGER), NEW.sessions),
           ('sunday', CAST(julianday(NEW.local_date, '-6 days', 'weekday 0') - 2440587.5 AS INTEGER), NEW.sessions)
    ON CONFLICT (week_start, first_day) DO UPDATE SET sessions = sessions + excluded.sessions;
END;

-- The common cases, a day's count went up (a session logged, imported or restored) or down (one
-- deleted or moved away): one key lookup per first day of the week.
CREATE TRIGGER session_weeks_after_day_more AFTER UPDATE OF sessions ON session_days
WHEN OLD.local_date IS NEW.local_date AND NEW.sessions > OLD.sessions
  AND date(NEW.local_date, '+0 days') IS NEW.local_date
BEGIN
    INSERT INTO session_weeks (week_start, first_day, sessions)
    VALUES ('monday', CAST(julianday(NEW.local_date, '-6 days', 'weekday 1') - 2440587.5 AS INTEGER), NEW.sessions - OLD.sessions),
           ('sunday', CAST(julianday(NEW.local_date, '-6 days', 'weekday 0') - 2440587.5 AS INTEGER), NEW.sessions - OLD.sessions)
    ON CONFLICT (week_start, first_day) DO UPDATE SET sessions = sessions + excluded.sessions;
END;

CREATE TRIGGER session_weeks_after_day_fewer AFTER UPDATE OF sessions ON session_days
WHEN OLD.local_date IS NEW.local_date AND NEW.sessions < OLD.sessions
  AND date(NEW.local_date, '+0 days') IS NEW.local_date
BEGIN
    UPDATE session_weeks SET sessions = sessions - (OLD.sessions - NEW.sessions)
    WHERE week_start = 'monday' AND first_day = CAST(julianday(NEW.local_date, '-6 days', 'weekday 1') - 2440587.5 AS INTEGER);
    UPDATE session_weeks SET sessions = sessions - (OLD.sessions - NEW.sessions)
    WHERE week_start = 'sunday' AND first_day = CAST(julianday(NEW.local_date, '-6 days', 'weekday 0') - 2440587.5 AS INTEGER);
    DELETE FROM session_weeks
    WHERE week_start = 'monday' AND first_day = CAST(julianday(NEW.local_date, '-6 days', 'weekday 1') - 2440587.5 AS INTEGER) AND sessions = 0;
    DELETE FROM session_weeks
    WHERE week_start = 'sunday' AND first_day = CAST(julianday(NEW.local_date, '-6 days', 'weekday 0') - 2440587.5 AS INTEGER) AND sessions = 0;
END;

-- A day's text changed (footlog never does this; the sqlite3 tool might): move its sessions.
CREATE TRIGGER session_weeks_after_day_move AFTER UPDATE OF local_date, sessions ON session_days
WHEN OLD.local_date IS NOT NEW.local_date
BEGIN
    UPDATE session_weeks SET sessions = sessions - OLD.sessions
    WHERE week_start = 'monday' AND first_day = CAST(julianday(OLD.local_date, '-6 days', 'weekday 1') - 2440587.5 AS INTEGER)
      AND date(OLD.local_date, '+0 days') IS OLD.local_date;
    UPDATE session_weeks SET sessions = sessions - OLD.sessions
    WHERE week_start = 'sunday' AND first_day = CAST(julianday(OLD.local_date, '-6 days', 'weekday 0') - 2440587.5 AS INTEGER)
      AND date(OLD.local_date, '+0 days') IS OLD.local_date;
    INSERT INTO session_weeks (week_start, first_day, sessions)
    SELECT 'monday', CAST(julianday(NEW.local_date, '-6 days', 'weekday 1') - 2440587.5 AS INTEGER), NEW.sessions
    WHERE date(NEW.local_date, '+0 days') IS NEW.local_date AND NEW.sessions <> 0
    ON CONFLICT (week_start, first_day) DO UPDATE SET sessions = sessions + excluded.sessions;
    INSERT INTO session_weeks (week_start, first_day, sessions)
    SELECT 'sunday', CAST(julianday(NEW.local_date, '-6 days', 'weekday 0') - 2440587.5 AS INTEGER), NEW.sessions
    WHERE date(NEW.local_date, '+0 days') IS NEW.local_date AND NEW.sessions <> 0
    ON CONFLICT (week_start, first_day) DO UPDATE SET sessions = sessions + excluded.sessions;
    DELETE FROM session_weeks
    WHERE week_start = 'monday' AND first_day = CAST(julianday(OLD.local_date, '-6 days', 'weekday 1') - 2440587.5 AS INTEGER) AND sessions = 0;
    DELETE FROM session_weeks
    WHERE week_start = 'sunday' AND first_day = CAST(julianday(OLD.local_date, '-6 days', 'weekday 0') - 2440587.5 AS INTEGER) AND sessions = 0;
END;

CREATE TRIGGER session_weeks_after_day_delete AFTER DELETE ON session_days
BEGIN
    UPDATE session_weeks SET sessions = sessions - OLD.sessions
    WHERE week_start = 'monday' AND first_day = CAST(julianday(OLD.local_date, '-6 days', 'weekday 1') - 2440587.5 AS INTEGER)
      AND date(OLD.local_date, '+0 days') IS OLD.local_date;
    UPDATE session_weeks SET sessions = sessions - OLD.sessions
    WHERE week_start = 'sunday' AND first_day = CAST(julianday(OLD.local_date, '-6 days', 'weekday 0') - 2440587.5 AS INTEGER)
      AND date(OLD.local_date, '+0 days') IS OLD.local_date;
    DELETE FROM session_weeks
    WHERE week_start = 'monday' AND first_day = CAST(julianday(OLD.local_date, '-6 days', 'weekday 1') - 2440587.5 AS INTEGER) AND sessions = 0;
    DELETE FROM session_weeks
    WHERE week_start = 'sunday' AND first_day = CAST(julianday(OLD.local_date, '-6 days', 'weekday 0') - 2440587.5 AS INTEGER) AND sessions = 0;
END;
