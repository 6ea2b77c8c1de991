-- footlog schema 1. Append-only: never edit a shipped migration; add a new folder instead.
-- Kept to features of SQLite 3.40 so Debian 12's sqlite3 can always open the file.

-- Marks the file as footlog's ("FtLg").
PRAGMA application_id = 1182026855;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE sessions (
    id             INTEGER PRIMARY KEY,
    uuid           TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
    started_at     TEXT NOT NULL,              -- local time with its offset, RFC 3339
    started_utc    INTEGER NOT NULL,           -- the same instant, Unix seconds, for ordering
    local_date     TEXT NOT NULL CHECK (local_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    minutes        INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 240),
    feet           TEXT NOT NULL CHECK (feet IN ('both', 'left', 'right')),
    tool           TEXT NOT NULL CHECK (tool IN ('hands', 'roller', 'ball', 'electric', 'professional')),
    areas          TEXT NOT NULL DEFAULT '',   -- ';'-joined subset of balls, arches, heels, toes, ankles
    oil            TEXT CHECK (oil IS NULL OR length(oil) BETWEEN 1 AND 200),
    tension_before INTEGER NOT NULL CHECK (tension_before BETWEEN 0 AND 10),
    tension_after  INTEGER NOT NULL CHECK (tension_after BETWEEN 0 AND 10),
    pain           INTEGER CHECK (pain IS NULL OR pain BETWEEN 0 AND 10),
    note           TEXT CHECK (note IS NULL OR length(note) BETWEEN 1 AND 2000),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    deleted_at     TEXT                        -- soft delete: set means gone everywhere
);
CREATE INDEX sessions_live_by_date ON sessions (local_date) WHERE deleted_at IS NULL;
CREATE INDEX sessions_live_by_start ON sessions (started_utc) WHERE deleted_at IS NULL;

CREATE TABLE sleep_notes (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
    night      TEXT NOT NULL CHECK (night GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    quality    INTEGER NOT NULL CHECK (quality BETWEEN 1 AND 5),
    hours      REAL CHECK (hours IS NULL OR hours BETWEEN 0 AND 24),
    note       TEXT CHECK (note IS NULL OR length(note) BETWEEN 1 AND 2000),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
-- One live note per night.
CREATE UNIQUE INDEX sleep_notes_live_night ON sleep_notes (night) WHERE deleted_at IS NULL;

CREATE TABLE goals (
    effective_from TEXT PRIMARY KEY NOT NULL,  -- the date it was set; applies from that week on
    per_week       INTEGER NOT NULL CHECK (per_week BETWEEN 1 AND 14)
);

CREATE TABLE rest_marks (
    date   TEXT PRIMARY KEY NOT NULL,          -- marks the week holding this date
    reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200)
);
