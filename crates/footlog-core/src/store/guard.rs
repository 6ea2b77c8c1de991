//! The damage check every write runs before it writes ([`Store::open_for_writing`]), at a cost
//! that does not grow with history: a fixed number of small reads, whatever the file's size.
//!
//! What it catches, on top of what [`inspect`](super::inspect) already refuses (a header that is
//! not SQLite's or gives an impossible page size, a main file shorter than its header's page
//! count, another program's file, a newer schema):
//! - a database larger than its files can hold: the page count SQLite reads (through the
//!   `-wal`) beyond the pages of the main file and the frames of the `-wal` together (a file
//!   cut short while another program has it open, when `inspect` cannot judge the length);
//! - a free-page count larger than the database, or a table or index whose root page lies
//!   beyond its end;
//! - a schema that is not exactly footlog's: a missing, extra or changed table, column, index,
//!   trigger or view (a lost trigger would let the per-day and per-week totals drift). The
//!   schema's text is compared with a fingerprint of the migrations' schema; only one that
//!   differs is compared in full, to name the difference;
//! - damage on the root page and on the first and last path of every table and index
//!   ([`EDGES`]): where new sessions, sleep notes, totals and tombstones go, and the pages a
//!   stale `-wal` replayed over a copied file or a cut-short write most often leaves wrong.
//!   Each page is read with `cell_size_check` on, so SQLite checks its header and every cell's
//!   position and size.
//!
//! What it cannot catch: damage in pages off those paths (the middle of a long history, the
//! overflow pages of old notes, free pages), rows whose values were changed by another tool,
//! and indexes that disagree with their tables. A write that then reaches a damaged page still
//! fails (SQLite checks every page it loads, and the transaction is rolled back), but a damaged
//! page that no write reaches goes unnoticed until `footlog check`, whose full `quick_check`,
//! integrity and row-by-row checks read every page.

use std::path::Path;

use rusqlite::Connection;

use super::check::schema_differences;
use super::error::{self, Result, StoreError};

/// One probe per end of every b-tree of footlog's schema (each `min` or `max` alone, so SQLite
/// walks one edge of the tree instead of scanning it). A unit test keeps it in step with the
/// migrations: every table and index appears, and no probe scans.
pub(crate) const EDGES: &[&str] = &[
    "SELECT min(rowid) FROM settings",
    "SELECT max(rowid) FROM settings",
    "SELECT min(key) FROM settings",
    "SELECT max(key) FROM settings",
    "SELECT min(rowid) FROM sessions",
    "SELECT max(rowid) FROM sessions",
    "SELECT min(uuid) FROM sessions",
    "SELECT max(uuid) FROM sessions",
    "SELECT min(local_date) FROM sessions WHERE deleted_at IS NULL",
    "SELECT max(local_date) FROM sessions WHERE deleted_at IS NULL",
    "SELECT min(started_utc) FROM sessions WHERE deleted_at IS NULL",
    "SELECT max(started_utc) FROM sessions WHERE deleted_at IS NULL",
    "SELECT min(deleted_at) FROM sessions WHERE deleted_at IS NOT NULL",
    "SELECT max(deleted_at) FROM sessions WHERE deleted_at IS NOT NULL",
    "SELECT min(rowid) FROM sleep_notes",
    "SELECT max(rowid) FROM sleep_notes",
    "SELECT min(uuid) FROM sleep_notes",
    "SELECT max(uuid) FROM sleep_notes",
    "SELECT min(night) FROM sleep_notes WHERE deleted_at IS NULL",
    "SELECT max(night) FROM sleep_notes WHERE deleted_at IS NULL",
    "SELECT min(deleted_at) FROM sleep_notes WHERE deleted_at IS NOT NULL",
    "SELECT max(deleted_at) FROM sleep_notes WHERE deleted_at IS NOT NULL",
    "SELECT min(rowid) FROM goals",
    "SELECT max(rowid) FROM goals",
    "SELECT min(effective_from) FROM goals",
    "SELECT max(effective_from) FROM goals",
    "SELECT min(rowid) FROM rest_marks",
    "SELECT max(rowid) FROM rest_marks",
    "SELECT min(date) FROM rest_marks",
    "SELECT max(date) FROM rest_marks",
    "SELECT min(local_date) FROM session_days",
    "SELECT max(local_date) FROM session_days",
    "SELECT min(week_start) FROM session_weeks",
    "SELECT max(week_start) FROM session_weeks",
    "SELECT min(uuid) FROM tombstones",
    "SELECT max(uuid) FROM tombstones",
    "SELECT min(rowid) FROM sync_switch",
    "SELECT max(rowid) FROM sync_switch",
    "SELECT min(kind) FROM sync_outbox",
    "SELECT max(kind) FROM sync_outbox",
    "SELECT min(uuid) FROM sync_shadow",
    "SELECT max(uuid) FROM sync_shadow",
];

/// Runs the damage check on a database just opened (and migrated) for writing.
pub(crate) fn check_before_writing(conn: &Connection, path: &Path) -> Result<()> {
    // One read transaction, so the page count and the files' lengths belong together: while it
    // lasts, no other connection can reset or remove the `-wal` whose frames it reads.
    conn.execute_batch("BEGIN DEFERRED")
        .map_err(|e| error::classify(path, e))?;
    let checked = check_in_snapshot(conn, path);
    let ended = conn.execute_batch("COMMIT");
    checked?;
    ended.map_err(|e| error::classify(path, e))
}

fn check_in_snapshot(conn: &Connection, path: &Path) -> Result<()> {
    let damaged = |detail: String| StoreError::Damaged {
        path: path.to_path_buf(),
        detail,
    };
    let at = |e: rusqlite::Error| error::classify(path, e);
    let pragma = |name: &str| -> Result<i64> {
        conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
            .map_err(at)
    };
    // Reading the schema starts the read transaction.
    let _objects = pragma("schema_version")?;
    let page_size = pragma("page_size")?;
    let pages = pragma("page_count")?;
    let free = pragma("freelist_count")?;
    if free >= pages.max(1) {
        return Err(damaged(format!(
            "its header counts {free} free pages in a database of {pages}"
        )));
    }
    let room = room_in_files(path, page_size);
    if pages > room {
        return Err(damaged(format!(
            "truncated: {pages} pages of {page_size} bytes, but its files hold at most {room}"
        )));
    }
    let mut roots = conn
        .prepare("SELECT name, rootpage FROM sqlite_schema WHERE rootpage > 0")
        .map_err(at)?;
    let roots = roots
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .map_err(at)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(at)?;
    if let Some((name, root)) = roots.iter().find(|(_, root)| *root > pages) {
        return Err(damaged(format!(
            "{name} starts at page {root}, beyond its {pages} pages"
        )));
    }
    let differences = schema_problems(conn).map_err(|e| e.at(path))?;
    if let Some(first) = differences.first() {
        return Err(damaged(format!(
            "its schema is not footlog's: {first}{}",
            match differences.len() {
                1 => String::new(),
                n => format!(", and {} more", n - 1),
            }
        )));
    }
    conn.pragma_update(None, "cell_size_check", "ON")
        .map_err(at)?;
    for probe in EDGES {
        conn.query_row(probe, [], |_| Ok(())).map_err(at)?;
    }
    Ok(())
}

/// [`schema_fingerprint`] of the schema footlog's migrations make. A new migration changes it:
/// the unit test `the_fingerprint_is_that_of_the_migrations` says the new value.
const SCHEMA_FINGERPRINT: u64 = 0x4b6c_d9d1_ce8b_4599;

/// How the schema of `conn` is not footlog's, one line each; empty when it is. The fingerprint is
/// the quick answer; only a schema that differs from it is compared in full (migrating a fresh
/// schema in memory for that costs more than the rest of the check together). A schema whose
/// fingerprint differs though no table, column, index or trigger does (a changed CHECK, say) is
/// still not footlog's.
pub(crate) fn schema_problems(conn: &Connection) -> Result<Vec<String>> {
    if schema_fingerprint(conn)? == SCHEMA_FINGERPRINT {
        return Ok(Vec::new());
    }
    let differences = schema_differences(conn)?;
    Ok(if differences.is_empty() {
        vec!["its tables' definitions (their constraints) differ from footlog's".to_string()]
    } else {
        differences
    })
}

/// FNV-1a over every object of the schema as `check` compares them (type, name, and SQL with
/// runs of white space made one space; SQLite's own `sqlite_` objects left out), by name.
fn schema_fingerprint(conn: &Connection) -> Result<u64> {
    let mut stmt = conn.prepare(
        "SELECT type, name, coalesce(sql, '') FROM sqlite_schema \
         WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )?;
    let mut rows = stmt.query([])?;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let fnv = |hash: u64, bytes: &[u8]| {
        bytes.iter().fold(hash, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
        })
    };
    while let Some(row) = rows.next()? {
        for i in 0..2 {
            hash = fnv(hash, row.get_ref(i)?.as_bytes().unwrap_or_default());
            hash = fnv(hash, &[0]);
        }
        let sql = row.get_ref(2)?.as_str().unwrap_or_default();
        for (i, word) in sql.split_whitespace().enumerate() {
            if i > 0 {
                hash = fnv(hash, b" ");
            }
            hash = fnv(hash, word.as_bytes());
        }
        hash = fnv(hash, &[0]);
    }
    Ok(hash)
}

/// The most pages the main file and its `-wal` can hold between them: every page of the
/// database is in one or the other.
fn room_in_files(path: &Path, page_size: i64) -> i64 {
    let len = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let page = u64::try_from(page_size.max(1)).unwrap_or(u64::MAX);
    let wal = super::inspect::wal_of(path);
    // A WAL file: a 32-byte header, then frames of a 24-byte header and one page.
    let frames = len(&wal).saturating_sub(32) / (page + 24);
    i64::try_from(len(path) / page + frames).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::migrate;

    fn fresh() -> Connection {
        let mut conn = Connection::open_in_memory().expect("open");
        migrate::to_latest(&mut conn).expect("migrate");
        conn
    }

    #[test]
    fn every_table_and_index_has_both_edges_probed_and_no_probe_scans() {
        let conn = fresh();
        let mut used: Vec<String> = Vec::new();
        for probe in EDGES {
            let mut stmt = conn
                .prepare(&format!("EXPLAIN QUERY PLAN {probe}"))
                .expect("plan");
            let plan: Vec<String> = stmt
                .query_map([], |r| r.get::<_, String>(3))
                .expect("rows")
                .collect::<rusqlite::Result<_>>()
                .expect("plan rows");
            let plan = plan.join("; ");
            assert!(plan.starts_with("SEARCH "), "{probe}: {plan}");
            used.push(plan);
        }
        let mut stmt = conn
            .prepare(
                "SELECT type, name, tbl_name FROM sqlite_schema WHERE rootpage > 0 ORDER BY name",
            )
            .expect("schema");
        let trees: Vec<(String, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("schema rows");
        assert!(trees.len() >= 14, "{trees:?}");
        for (kind, name, table) in trees {
            let hits = used
                .iter()
                .filter(|plan| {
                    if kind == "index" {
                        plan.contains(&format!(" INDEX {name}"))
                    } else {
                        // The table's own tree: by rowid, or a WITHOUT ROWID table's key.
                        plan.starts_with(&format!("SEARCH {table} USING INTEGER PRIMARY KEY"))
                            || plan.starts_with(&format!("SEARCH {table} USING PRIMARY KEY"))
                            || **plan == format!("SEARCH {table}")
                    }
                })
                .count();
            assert_eq!(hits, 2, "{kind} {name}: {used:#?}");
        }
    }

    #[test]
    fn the_fingerprint_is_that_of_the_migrations() {
        let got = schema_fingerprint(&fresh()).expect("fingerprint");
        assert_eq!(
            got, SCHEMA_FINGERPRINT,
            "the migrations make another schema: set SCHEMA_FINGERPRINT to {got:#018x}"
        );
    }

    #[test]
    fn a_database_upgraded_from_schema_1_has_the_same_fingerprint() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("old.db");
        let fixture = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/schema-1.db"
        );
        std::fs::copy(fixture, &path).expect("copy the fixture");
        let store = crate::store::Store::open(&path).expect("upgrade");
        assert_eq!(
            schema_fingerprint(store.connection()).expect("fingerprint"),
            SCHEMA_FINGERPRINT
        );
    }

    #[test]
    fn a_fresh_database_passes() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("f.db");
        let mut conn = Connection::open(&path).expect("open");
        migrate::to_latest(&mut conn).expect("migrate");
        check_before_writing(&conn, &path).expect("ok");
    }

    #[test]
    fn a_missing_trigger_or_an_extra_index_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("f.db");
        let mut conn = Connection::open(&path).expect("open");
        migrate::to_latest(&mut conn).expect("migrate");
        conn.execute_batch("DROP TRIGGER session_days_after_insert")
            .expect("drop");
        let e = check_before_writing(&conn, &path).expect_err("refused");
        assert!(e.to_string().contains("session_days_after_insert"), "{e}");
        let mut conn = Connection::open(dir.path().join("g.db")).expect("open");
        migrate::to_latest(&mut conn).expect("migrate");
        conn.execute_batch("CREATE INDEX mine ON sessions (note)")
            .expect("index");
        let e = check_before_writing(&conn, &dir.path().join("g.db")).expect_err("refused");
        assert!(e.to_string().contains("extra index mine"), "{e}");
    }
}
