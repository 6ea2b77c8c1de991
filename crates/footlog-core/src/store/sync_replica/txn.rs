//! A replica transaction: `BEGIN IMMEDIATE` on the replica's connection, `COMMIT` when
//! TaskChampion commits, `ROLLBACK` when it is dropped uncommitted. Not a rusqlite
//! `Transaction`, which is not `Send` (it borrows a `Connection`, which is not `Sync`); the
//! connection is borrowed mutably instead, which is.

use std::path::Path;

use async_trait::async_trait;
use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;
use serde::de::DeserializeOwned;
use taskchampion::storage::{StorageTxn, TaskMap};
use taskchampion::{Error, Operation};
use uuid::Uuid;

use super::ReplicaError;
use crate::store::StoreError;

type TcResult<T> = std::result::Result<T, Error>;
type SqlResult<T> = std::result::Result<T, StoreError>;

/// One open transaction on a replica.
pub(super) struct Txn<'a> {
    conn: &'a mut Connection,
    path: &'a Path,
    /// Whether the transaction is still open (neither committed nor rolled back).
    open: bool,
}

impl<'a> Txn<'a> {
    /// Begins a transaction holding the write lock, waiting for another writer (busy timeout).
    pub(super) fn begin(conn: &'a mut Connection, path: &'a Path) -> Result<Self, ReplicaError> {
        conn.execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| crate::store::error::classify(path, e))?;
        Ok(Txn {
            conn,
            path,
            open: true,
        })
    }

    /// Runs `f` on the connection of the open transaction; its error names the file.
    fn run<T>(&self, f: impl FnOnce(&Connection) -> SqlResult<T>) -> TcResult<T> {
        if !self.open {
            return Err(ReplicaError::Finished.into());
        }
        f(self.conn).map_err(|e| ReplicaError::Store(e.at(self.path)).into())
    }
}

impl Drop for Txn<'_> {
    fn drop(&mut self) {
        if self.open {
            // Nothing to report to: a failed rollback leaves the connection in its
            // transaction, and the next BEGIN says so.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// The UUID in column `i`, stored as text.
fn uuid_at(row: &Row<'_>, i: usize) -> rusqlite::Result<Uuid> {
    let s: String = row.get(i)?;
    Uuid::parse_str(&s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, e.into()))
}

/// The JSON value in column `i`.
fn json_at<T: DeserializeOwned>(row: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let s: String = row.get(i)?;
    serde_json::from_str(&s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, e.into()))
}

/// `value` as JSON text.
fn to_json<T: Serialize>(value: &T) -> rusqlite::Result<String> {
    serde_json::to_string(value).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))
}

/// The rows of `sql` (with `args`), each read by `read`.
fn rows<T, P: rusqlite::Params>(
    c: &Connection,
    sql: &str,
    args: P,
    read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> SqlResult<Vec<T>> {
    let mut stmt = c.prepare_cached(sql)?;
    let rows = stmt.query_map(args, read)?;
    Ok(rows.collect::<rusqlite::Result<Vec<T>>>()?)
}

/// One past the highest working-set index (1 when the set is empty).
fn next_working_set_index(c: &Connection) -> SqlResult<i64> {
    Ok(c.query_row(
        "SELECT coalesce(max(id), 0) + 1 FROM working_set",
        [],
        |r| r.get(0),
    )?)
}

/// A working-set index as stored, or an error naming it.
fn index_to_sql(index: usize) -> TcResult<i64> {
    i64::try_from(index).map_err(|_| Error::Database(format!("Index {index} is out of range")))
}

/// A stored index or count as a `usize` (never negative: the schema checks).
fn to_usize(n: i64) -> SqlResult<usize> {
    usize::try_from(n)
        .map_err(|e| StoreError::corrupt_because(format!("sync replica count {n}"), e))
}

#[async_trait]
impl StorageTxn for Txn<'_> {
    async fn get_task(&mut self, uuid: Uuid) -> TcResult<Option<TaskMap>> {
        self.run(|c| {
            let sql = "SELECT data FROM tasks WHERE uuid = ?1";
            Ok(c.query_row(sql, [uuid.to_string()], |r| json_at(r, 0))
                .optional()?)
        })
    }

    async fn get_pending_tasks(&mut self) -> TcResult<Vec<(Uuid, TaskMap)>> {
        self.run(|c| {
            let sql = "SELECT t.uuid, t.data FROM working_set w JOIN tasks t ON t.uuid = w.uuid \
                       ORDER BY w.id";
            rows(c, sql, [], |r| Ok((uuid_at(r, 0)?, json_at(r, 1)?)))
        })
    }

    async fn create_task(&mut self, uuid: Uuid) -> TcResult<bool> {
        self.run(|c| {
            let sql = "INSERT INTO tasks (uuid, data) VALUES (?1, '{}') ON CONFLICT DO NOTHING";
            Ok(c.execute(sql, [uuid.to_string()])? == 1)
        })
    }

    async fn set_task(&mut self, uuid: Uuid, task: TaskMap) -> TcResult<()> {
        self.run(|c| {
            let sql = "INSERT INTO tasks (uuid, data) VALUES (?1, ?2) \
                       ON CONFLICT (uuid) DO UPDATE SET data = excluded.data";
            c.execute(sql, params![uuid.to_string(), to_json(&task)?])?;
            Ok(())
        })
    }

    async fn delete_task(&mut self, uuid: Uuid) -> TcResult<bool> {
        self.run(|c| Ok(c.execute("DELETE FROM tasks WHERE uuid = ?1", [uuid.to_string()])? > 0))
    }

    async fn all_tasks(&mut self) -> TcResult<Vec<(Uuid, TaskMap)>> {
        self.run(|c| {
            rows(c, "SELECT uuid, data FROM tasks", [], |r| {
                Ok((uuid_at(r, 0)?, json_at(r, 1)?))
            })
        })
    }

    async fn all_task_uuids(&mut self) -> TcResult<Vec<Uuid>> {
        self.run(|c| rows(c, "SELECT uuid FROM tasks", [], |r| uuid_at(r, 0)))
    }

    async fn base_version(&mut self) -> TcResult<Uuid> {
        self.run(|c| {
            let v = c
                .query_row("SELECT version FROM base_version", [], |r| uuid_at(r, 0))
                .optional()?;
            // No version yet: the nil version, TaskChampion's default.
            Ok(v.unwrap_or_else(Uuid::nil))
        })
    }

    async fn set_base_version(&mut self, version: Uuid) -> TcResult<()> {
        self.run(|c| {
            let sql = "INSERT INTO base_version (singleton, version) VALUES (0, ?1) \
                       ON CONFLICT (singleton) DO UPDATE SET version = excluded.version";
            c.execute(sql, [version.to_string()])?;
            Ok(())
        })
    }

    async fn get_task_operations(&mut self, uuid: Uuid) -> TcResult<Vec<Operation>> {
        self.run(|c| {
            let sql = "SELECT data FROM operations WHERE uuid = ?1 ORDER BY id";
            rows(c, sql, [uuid.to_string()], |r| json_at(r, 0))
        })
    }

    async fn unsynced_operations(&mut self) -> TcResult<Vec<Operation>> {
        self.run(|c| {
            let sql = "SELECT data FROM operations WHERE synced = 0 ORDER BY id";
            rows(c, sql, [], |r| json_at(r, 0))
        })
    }

    async fn num_unsynced_operations(&mut self) -> TcResult<usize> {
        self.run(|c| {
            let sql = "SELECT count(*) FROM operations WHERE synced = 0";
            to_usize(c.query_row(sql, [], |r| r.get(0))?)
        })
    }

    async fn add_operation(&mut self, op: Operation) -> TcResult<()> {
        self.run(|c| {
            c.execute("INSERT INTO operations (data) VALUES (?1)", [to_json(&op)?])?;
            Ok(())
        })
    }

    async fn remove_operation(&mut self, op: Operation) -> TcResult<()> {
        let sql = "SELECT id, data, synced FROM operations ORDER BY id DESC LIMIT 1";
        let last: Option<(i64, Operation, bool)> = self.run(|c| {
            Ok(
                c.query_row(sql, [], |r| Ok((r.get(0)?, json_at(r, 1)?, r.get(2)?)))
                    .optional()?,
            )
        })?;
        match last {
            Some((_, _, true)) => Err(Error::Database(
                "Last operation has been synced -- cannot remove".into(),
            )),
            Some((id, last, false)) if last == op => self.run(|c| {
                c.execute("DELETE FROM operations WHERE id = ?1", [id])?;
                Ok(())
            }),
            _ => Err(Error::Database(
                "Last operation does not match -- cannot remove".into(),
            )),
        }
    }

    async fn sync_complete(&mut self) -> TcResult<()> {
        self.run(|c| {
            c.execute("UPDATE operations SET synced = 1 WHERE synced = 0", [])?;
            // The operations of tasks that no longer exist (deleted) are of no further use.
            c.execute(
                "DELETE FROM operations WHERE uuid IS NOT NULL \
                 AND uuid NOT IN (SELECT uuid FROM tasks)",
                [],
            )?;
            Ok(())
        })
    }

    async fn get_working_set(&mut self) -> TcResult<Vec<Option<Uuid>>> {
        self.run(|c| {
            let len = to_usize(next_working_set_index(c)?)?;
            let mut set = vec![None; len];
            let items = rows(c, "SELECT id, uuid FROM working_set", [], |r| {
                Ok((r.get::<_, i64>(0)?, uuid_at(r, 1)?))
            })?;
            for (id, uuid) in items {
                if let Some(slot) = set.get_mut(to_usize(id)?) {
                    *slot = Some(uuid);
                }
            }
            Ok(set)
        })
    }

    async fn add_to_working_set(&mut self, uuid: Uuid) -> TcResult<usize> {
        self.run(|c| {
            let index = next_working_set_index(c)?;
            let sql = "INSERT INTO working_set (id, uuid) VALUES (?1, ?2)";
            c.execute(sql, params![index, uuid.to_string()])?;
            to_usize(index)
        })
    }

    async fn set_working_set_item(&mut self, index: usize, uuid: Option<Uuid>) -> TcResult<()> {
        let at = index_to_sql(index)?;
        let next = self.run(next_working_set_index)?;
        // As TaskChampion's in-memory storage: only items already in the set (index 0 never is).
        if at < 1 || at >= next {
            return Err(Error::Database(format!(
                "Index {index} is not in the working set"
            )));
        }
        self.run(|c| {
            match uuid {
                Some(uuid) => c.execute(
                    "INSERT INTO working_set (id, uuid) VALUES (?1, ?2) \
                     ON CONFLICT (id) DO UPDATE SET uuid = excluded.uuid",
                    params![at, uuid.to_string()],
                )?,
                // An item set to None is no row: trailing Nones vanish from the set, as there.
                None => c.execute("DELETE FROM working_set WHERE id = ?1", [at])?,
            };
            Ok(())
        })
    }

    async fn clear_working_set(&mut self) -> TcResult<()> {
        self.run(|c| {
            c.execute("DELETE FROM working_set", [])?;
            Ok(())
        })
    }

    async fn commit(&mut self) -> TcResult<()> {
        self.run(|c| Ok(c.execute_batch("COMMIT")?))?;
        self.open = false;
        Ok(())
    }
}
