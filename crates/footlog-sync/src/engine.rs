//! One sync: pull what the server has, write it here, hand this device's changes to the replica,
//! push them. The database's write lock is only held for the two short local writes, never while
//! the network is waited on; the replica lives in its own file (`<database>.sync`), and syncs of
//! one database take turns (the caller holds the sync lock).

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset, Utc};
use footlog_core::domain::sync_record::{
    DELETED_AT, EDITED_AT, Props, SyncKind, changes, json_text, known_property, stamp_edit_time,
};
use footlog_core::store::{LocalChange, ReplicaStorage, Store};
use taskchampion::storage::{Storage, TaskMap};
use taskchampion::{Operation, Operations, Replica, Server, ServerConfig};
use uuid::Uuid;

use crate::setup::{Setup, SyncPaths};
use crate::{SyncError, SyncReport};

/// Which sync this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Start {
    /// The first of a device that starts a history: the history is marked as begun (by this
    /// or the next sync that reaches the server), so it is on the server for the next device
    /// even when nothing is logged yet.
    New,
    /// The first of a device that joins a history (refused when the server holds none).
    Join,
    /// Any other.
    Again,
}

impl Start {
    /// How a setup stored its history's beginning (`None`: begun already).
    pub(crate) fn word(self) -> Option<&'static str> {
        match self {
            Start::New => Some("new"),
            Start::Join => Some("join"),
            Start::Again => None,
        }
    }

    /// The sync a device makes next, as its setup left it.
    pub(crate) fn pending(word: Option<&str>) -> Start {
        match word {
            Some("join") => Start::Join,
            Some("new") => Start::New,
            _ => Start::Again,
        }
    }
}

/// The replica's engine, the server and the database for one sync.
pub(crate) struct Session<'a> {
    pub(crate) paths: &'a SyncPaths,
    pub(crate) setup: Setup,
    pub(crate) now: DateTime<FixedOffset>,
}

/// A task's properties, as footlog's records hold them.
fn props_of_task(task: &taskchampion::TaskData) -> Props {
    task.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// A current-thread runtime: TaskChampion's API is async, footlog's code is not.
fn runtime(paths: &SyncPaths) -> Result<tokio::runtime::Runtime, SyncError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|source| SyncError::Io {
            path: paths.replica(),
            source,
        })
}

impl Session<'_> {
    /// Runs one sync (see [`Start`]); the caller holds the sync lock.
    pub(crate) fn run(&self, start: Start) -> Result<SyncReport, SyncError> {
        let mut store = Store::open_for_writing(&self.paths.db, &self.now)?;
        let mut replica = Replica::new(ReplicaStorage::open(&self.paths.replica())?);
        let rt = runtime(self.paths)?;
        let report = rt.block_on(async {
            let mut server = self.server().await?;
            // Pull first, with nothing of this device's in the replica yet: a device with a
            // history of its own joins without replaying two histories against each other.
            replica
                .sync(&mut server, false)
                .await
                .map_err(|e| self.classify(&e))?;
            match start {
                Start::Join if self.base_version_is_nil().await? => {
                    return Err(SyncError::NoHistory {
                        server: self.setup.server.clone(),
                    });
                }
                // A history whose first sync (at setup) did not reach the server starts now.
                Start::New | Start::Again if self.base_version_is_nil().await? => {
                    self.mark_start(&mut replica).await?;
                }
                _ => {}
            }
            let mut report = SyncReport::default();
            self.apply(&mut replica, &mut store, &mut report).await?;
            let sent = self.transfer(&mut replica, &mut store).await?;
            report.sent = sent;
            if replica
                .num_local_operations()
                .await
                .map_err(|e| self.engine(&e))?
                > 0
            {
                replica
                    .sync(&mut server, false)
                    .await
                    .map_err(|e| self.classify(&e))?;
                self.apply(&mut replica, &mut store, &mut report).await?;
            }
            Ok(report)
        })?;
        let settings = ReplicaStorage::open(&self.paths.replica())?;
        settings.remove_setting(crate::setup::FIRST_SYNC)?;
        settings.set_setting(
            crate::setup::LAST_SYNC,
            &self
                .now
                .with_timezone(&Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        )?;
        Ok(report)
    }

    async fn server(&self) -> Result<Box<dyn Server>, SyncError> {
        ServerConfig::Remote {
            url: self.setup.server.clone(),
            client_id: self.setup.key.client_id,
            encryption_secret: self.setup.key.secret.to_vec(),
        }
        .into_server()
        .await
        .map_err(|e| self.classify(&e))
    }

    /// Marks the history as begun (a task that is no record of the user's).
    async fn mark_start(&self, replica: &mut Replica<ReplicaStorage>) -> Result<(), SyncError> {
        let started = footlog_core::domain::time::format_rfc3339(&self.now);
        let (uuid, props) = footlog_core::domain::sync_record::history_marker(&started);
        let mut ops = vec![Operation::Create { uuid }];
        for (property, value) in props {
            ops.push(Operation::Update {
                uuid,
                property,
                old_value: None,
                value: Some(value),
                timestamp: self.now.with_timezone(&Utc),
            });
        }
        replica
            .commit_operations(ops)
            .await
            .map_err(|e| self.engine(&e))
    }

    async fn base_version_is_nil(&self) -> Result<bool, SyncError> {
        let mut storage = ReplicaStorage::open(&self.paths.replica())?;
        let mut txn = storage.txn().await.map_err(|e| self.engine(&e))?;
        let base = txn.base_version().await.map_err(|e| self.engine(&e))?;
        Ok(base.is_nil())
    }

    /// Writes here every record whose replica state differs from the state last agreed.
    async fn apply(
        &self,
        replica: &mut Replica<ReplicaStorage>,
        store: &mut Store,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        let tasks = replica.all_task_data().await.map_err(|e| self.engine(&e))?;
        let shadows = store.sync_shadows()?;
        let mut incoming: Vec<(Uuid, Option<Props>)> = Vec::new();
        for (uuid, task) in &tasks {
            let props = props_of_task(task);
            if shadows.get(uuid) != Some(&props) {
                incoming.push((*uuid, Some(props)));
            }
        }
        for uuid in shadows.keys() {
            if !tasks.contains_key(uuid) {
                incoming.push((*uuid, None));
            }
        }
        if incoming.is_empty() {
            return Ok(());
        }
        let applied = store.sync_apply(&incoming, &self.now)?;
        report.received += applied.records;
        report.night_conflicts.extend(applied.night_conflicts);
        report.unreadable.extend(applied.unreadable);
        Ok(())
    }

    /// Hands the changes made here to the replica (as operations to send), then marks them sent.
    async fn transfer(
        &self,
        replica: &mut Replica<ReplicaStorage>,
        store: &mut Store,
    ) -> Result<usize, SyncError> {
        let mut local = store.sync_local_changes()?;
        if local.is_empty() {
            return Ok(0);
        }
        let shadows = store.sync_shadows()?;
        let mut ops = Operations::new();
        let mut sent = HashSet::new();
        for change in &mut local {
            let task = replica
                .get_task_data(change.uuid)
                .await
                .map_err(|e| self.engine(&e))?;
            let remote = task.as_ref().map(props_of_task);
            let before = ops.len();
            self.operations(change, shadows.get(&change.uuid), remote.as_ref(), &mut ops);
            if ops.len() > before {
                sent.insert(change.uuid);
            }
        }
        replica
            .commit_operations(ops)
            .await
            .map_err(|e| self.engine(&e))?;
        store.sync_mark_sent(&local)?;
        Ok(sent.len())
    }

    /// The operations that carry this device's changes of a record (from the state last agreed,
    /// `base`) to the replica's `remote` state of it: only the fields changed here, so another
    /// device's edit of another field stays, and never the removal of a field this footlog does
    /// not know (a newer footlog's). A session or sleep note gone here was erased: a delete. A
    /// goal, rest week or setting gone here was removed: it gets `deleted_at`, like a deleted
    /// record. `change.props` becomes what the replica holds afterwards, the next state agreed.
    fn operations(
        &self,
        change: &mut LocalChange,
        base: Option<&Props>,
        remote: Option<&Props>,
        ops: &mut Operations,
    ) {
        let uuid = change.uuid;
        let empty = Props::new();
        let mut local = change.props.clone();
        if let Some(l) = local.as_mut() {
            stamp_edit_time(change.kind, l, change.changed_at.as_deref(), base);
        }
        let target = match (&local, remote) {
            (Some(p), None) => Some(p.clone()),
            (Some(p), Some(r)) => {
                let mut t = r.clone();
                for c in changes(base.unwrap_or(&empty), p) {
                    if c.new.is_none() && !known_property(change.kind, &c.property) {
                        continue;
                    }
                    match c.new {
                        Some(v) => t.insert(c.property, v),
                        None => t.remove(&c.property),
                    };
                }
                Some(t)
            }
            (None, None) => None,
            (None, Some(r)) if change.kind.has_own_uuid() => {
                ops.push(Operation::Delete {
                    uuid,
                    old_task: r.clone().into_iter().collect::<TaskMap>(),
                });
                None
            }
            (None, Some(r)) => {
                let mut gone = r.clone();
                if !gone.contains_key(DELETED_AT) {
                    let at = change
                        .changed_at
                        .clone()
                        .unwrap_or_else(|| footlog_core::domain::time::format_rfc3339(&self.now));
                    gone.insert(DELETED_AT.into(), json_text(&at));
                    gone.insert(EDITED_AT.into(), json_text(&at));
                }
                Some(gone)
            }
        };
        if let Some(target) = &target {
            if remote.is_none() {
                ops.push(Operation::Create { uuid });
            }
            for c in changes(remote.unwrap_or(&empty), target) {
                let timestamp = self.edit_time(change.kind, target, &c.property);
                ops.push(Operation::Update {
                    uuid,
                    property: c.property,
                    old_value: c.old,
                    value: c.new,
                    timestamp,
                });
            }
        }
        change.props = target;
    }

    /// When a property was changed, for the rule that the later edit of one field wins on every
    /// device: a session's or sleep note's own `updated_at` (or `deleted_at` for a delete), a
    /// goal's, rest week's or setting's `edited_at`; without one, the time of this sync.
    fn edit_time(&self, kind: SyncKind, props: &Props, property: &str) -> DateTime<Utc> {
        let field = if !kind.has_own_uuid() {
            EDITED_AT
        } else if property == DELETED_AT {
            DELETED_AT
        } else {
            "updated_at"
        };
        let stated = props
            .get(field)
            .and_then(|v| footlog_core::domain::sync_record::text_of(v))
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok());
        stated.unwrap_or(self.now).with_timezone(&Utc)
    }

    /// A failure of the replica's engine, here (not the server's).
    fn engine(&self, e: &taskchampion::Error) -> SyncError {
        SyncError::Engine {
            path: self.paths.replica(),
            detail: e.to_string(),
        }
    }

    /// Tells apart, by type, the server's failures (unreachable, refusing), a key that does
    /// not decrypt the server's data, and this device's replica failing.
    fn classify(&self, e: &taskchampion::Error) -> SyncError {
        use taskchampion::Error as E;
        let server = self.setup.server.clone();
        let mut inner = e;
        // `Replica::sync` wraps the engine's error in context: look through it.
        if let E::Other(any) = e
            && let Some(cause) = any.downcast_ref::<taskchampion::Error>()
        {
            inner = cause;
        }
        match inner {
            E::Server(detail) => SyncError::Unreachable {
                server,
                detail: detail.clone(),
            },
            E::OutOfSync => SyncError::OutOfSync { server },
            E::Other(any)
                if any.chain().any(|c| {
                    c.downcast_ref::<footlog_core::store::ReplicaError>()
                        .is_some()
                }) =>
            {
                self.engine(inner)
            }
            E::Other(_) => SyncError::KeyRejected { server },
            _ => self.engine(inner),
        }
    }
}
