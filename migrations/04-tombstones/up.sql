-- Deleted records whose content was erased (30 days after the delete, or by `footlog purge`):
-- only the UUID and when it was deleted stay, so an old export cannot bring one back unnoticed.
-- Self-contained: depends on schema 1 and 2 only.

CREATE TABLE tombstones (
    uuid       TEXT PRIMARY KEY NOT NULL CHECK (length(uuid) = 36),
    kind       TEXT NOT NULL CHECK (kind IN ('session', 'sleep')),
    deleted_at TEXT NOT NULL                   -- RFC 3339, as it was on the deleted record
) WITHOUT ROWID;

-- Finding deleted records (undo, erasure after 30 days) without reading the live ones.
CREATE INDEX sessions_deleted ON sessions (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX sleep_notes_deleted ON sleep_notes (deleted_at) WHERE deleted_at IS NOT NULL;
