//! The schema of a database against the one the migrations make: objects and columns.

use std::collections::BTreeMap;

use rusqlite::Connection;

use crate::store::{Result, migrate};

/// One schema object: its type and its SQL with runs of white space made one space.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Object {
    kind: String,
    sql: String,
}

fn objects(conn: &Connection) -> Result<BTreeMap<String, Object>> {
    let mut stmt = conn.prepare(
        "SELECT name, type, coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Object {
                kind: r.get(1)?,
                sql: r
                    .get::<_, String>(2)?
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// (name, declared type, not null, default, primary-key position) of each column, in order.
type Column = (String, String, bool, Option<String>, i64);

fn columns(conn: &Connection, table: &str) -> Result<Vec<Column>> {
    let mut stmt =
        conn.prepare("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_xinfo(?1)")?;
    let rows = stmt.query_map([table], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The differences between the schema of `conn` and that of a fresh database migrated to the
/// latest version: one line per missing, extra or changed object or column.
pub(crate) fn schema_differences(conn: &Connection) -> Result<Vec<String>> {
    let mut fresh = Connection::open_in_memory()?;
    migrate::to_latest(&mut fresh)?;
    let want = objects(&fresh)?;
    let have = objects(conn)?;
    let mut out = Vec::new();
    for (name, w) in &want {
        match have.get(name) {
            None => out.push(format!("{} {name} is missing", w.kind)),
            Some(h) if h.kind != w.kind => out.push(format!(
                "{name} is a {}, but footlog's schema has a {} there",
                h.kind, w.kind
            )),
            Some(h) if w.kind == "table" => {
                let wc = columns(&fresh, name)?;
                let hc = columns(conn, name)?;
                let mut col_diffs = Vec::new();
                for c in &wc {
                    match hc.iter().find(|h| h.0 == c.0) {
                        None => col_diffs.push(format!("table {name} has no column {}", c.0)),
                        Some(h) if h != c => {
                            col_diffs.push(format!("column {name}.{} is defined differently", c.0));
                        }
                        Some(_) => {}
                    }
                }
                for h in hc.iter().filter(|h| !wc.iter().any(|c| c.0 == h.0)) {
                    col_diffs.push(format!("table {name} has an extra column {}", h.0));
                }
                if col_diffs.is_empty() && h.sql != w.sql {
                    col_diffs.push(format!(
                        "table {name} is defined differently (its constraints)"
                    ));
                }
                out.extend(col_diffs);
            }
            Some(h) if h.sql != w.sql => {
                out.push(format!("{} {name} is defined differently", w.kind));
            }
            Some(_) => {}
        }
    }
    for (name, h) in &have {
        if !want.contains_key(name) {
            out.push(format!(
                "extra {} {name} (footlog's migrations do not make it)",
                h.kind
            ));
        }
    }
    Ok(out)
}
