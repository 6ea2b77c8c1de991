//! footlog's sync: every record on each of the user's machines, through a TaskChampion sync
//! server (the one Taskwarrior users run), encrypted end to end with a key only the user's
//! devices hold. Each record is one task of a TaskChampion replica (see
//! [`footlog_core::domain::sync_record`]); TaskChampion merges concurrent edits field by field.

mod engine;
mod error;
mod key;
mod lock;
mod setup;

use chrono::{DateTime, FixedOffset, Utc};
use footlog_core::store::Store;
use uuid::Uuid;

use crate::lock::SyncLock;

pub use error::SyncError;
pub use key::SyncKey;
pub use setup::SyncPaths;

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncReport {
    /// Records of this device's sent.
    pub sent: usize,
    /// Records received and written here.
    pub received: usize,
    /// Nights that had two live notes: the note kept as deleted (the later one stays).
    pub night_conflicts: Vec<(String, Uuid)>,
    /// Records this footlog cannot read (a newer footlog's): kept in the replica, tried again.
    pub unreadable: Vec<(Uuid, String)>,
}

/// `footlog sync status`.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncStatus {
    pub server: String,
    pub last_sync: Option<DateTime<Utc>>,
    /// Records changed here that no sync has sent yet.
    pub pending: usize,
}

/// Sets up sync with a new history on `server` (the first device): a new key, every record of
/// this device recorded to send, and a first sync. The key is returned even when that first
/// sync fails (the setup stays; the records go at the next sync).
pub fn setup_new(
    paths: &SyncPaths,
    server: &str,
    now: &DateTime<FixedOffset>,
) -> Result<(SyncKey, Result<SyncReport, SyncError>), SyncError> {
    setup_new_announcing(paths, server, now, &mut |_| {})
}

/// [`setup_new`], handing the key to `announce` as soon as the setup is stored, before the first
/// sync (which may take a while, or be cut short): the command line prints it there.
pub fn setup_new_announcing(
    paths: &SyncPaths,
    server: &str,
    now: &DateTime<FixedOffset>,
    announce: &mut dyn FnMut(&SyncKey),
) -> Result<(SyncKey, Result<SyncReport, SyncError>), SyncError> {
    let (server, _one_at_a_time) = begin(paths, server)?;
    let key = SyncKey::generate()?;
    let first = set_up(paths, server, &key, engine::Start::New, now, announce)?;
    Ok((key, first))
}

/// Joins the history `key` opens on `server` (every next device): this device's records are
/// merged into it. Nothing stays set up when the join fails.
pub fn setup_join(
    paths: &SyncPaths,
    server: &str,
    key: &SyncKey,
    now: &DateTime<FixedOffset>,
) -> Result<SyncReport, SyncError> {
    let (server, _one_at_a_time) = begin(paths, server)?;
    let first = set_up(paths, server, key, engine::Start::Join, now, &mut |_| {})?;
    if first.is_err() {
        forget(paths, now)?;
    }
    first
}

/// Begins a setup: the server's address checked, any sync of this database waited for (the lock
/// is held until the returned guard is dropped), and a device set up already refused.
fn begin(paths: &SyncPaths, server: &str) -> Result<(String, SyncLock), SyncError> {
    let server = setup::check_server(server)?;
    let lock = SyncLock::take(&paths.lock())?;
    if let Ok((_, s)) = setup::open(paths) {
        return Err(SyncError::AlreadySetUp { server: s.server });
    }
    Ok((server, lock))
}

/// Sets up sync (see [`start`]), hands the key to `announce`, and makes the first sync, which
/// begins the history (`first`: new) or joins it; the caller holds the sync lock.
fn set_up(
    paths: &SyncPaths,
    server: String,
    key: &SyncKey,
    first: engine::Start,
    now: &DateTime<FixedOffset>,
    announce: &mut dyn FnMut(&SyncKey),
) -> Result<Result<SyncReport, SyncError>, SyncError> {
    start(paths, &server, key, first, now)?;
    announce(key);
    Ok(engine::Session {
        paths,
        setup: setup::Setup {
            server,
            key: key.clone(),
        },
        now: *now,
    }
    .run(first))
}

/// Records every change for sync, then stores the setup: in this order, so that a setup cut
/// short (killed) never leaves a device that is set up but does not record its changes (its
/// records would never be sent). Cut short before the setup is complete, the device is not set
/// up and the next `setup` starts over.
fn start(
    paths: &SyncPaths,
    server: &str,
    key: &SyncKey,
    first: engine::Start,
    now: &DateTime<FixedOffset>,
) -> Result<(), SyncError> {
    setup::forget(paths)?;
    let mut store = Store::open_for_writing(&paths.db, now)?;
    store.start_sync_recording()?;
    drop(store);
    setup::write(
        paths,
        &setup::Setup {
            server: server.to_string(),
            key: key.clone(),
        },
        first.word().unwrap_or_default(),
    )?;
    Ok(())
}

/// Runs `f` while no sync of the database runs (a restore: a sync that wrote what it received
/// between the restore's reading of the database and its copy-in would merge against a state the
/// restore replaces).
pub fn while_not_syncing<T>(paths: &SyncPaths, f: impl FnOnce() -> T) -> Result<T, SyncError> {
    let _one_at_a_time = if paths.is_set_up() {
        Some(SyncLock::take(&paths.lock())?)
    } else {
        None
    };
    Ok(f())
}

/// Syncs now.
pub fn sync_now(paths: &SyncPaths, now: &DateTime<FixedOffset>) -> Result<SyncReport, SyncError> {
    if !paths.is_set_up() {
        return Err(SyncError::NotSetUp);
    }
    // One sync at a time (the app's and a command's): the second waits for the first.
    let _one_at_a_time = SyncLock::take(&paths.lock())?;
    let (storage, setup) = setup::open(paths)?;
    // A setup cut short begins its history at this sync, as it was to.
    let start = engine::Start::pending(setup::first_sync(&storage)?.as_deref());
    drop(storage);
    engine::Session {
        paths,
        setup,
        now: *now,
    }
    .run(start)
}

/// The key, to set up the next device.
pub fn key(paths: &SyncPaths) -> Result<SyncKey, SyncError> {
    Ok(setup::open(paths)?.1.key)
}

/// Where sync stands.
pub fn status(paths: &SyncPaths) -> Result<SyncStatus, SyncError> {
    let (storage, setup) = setup::open(paths)?;
    // Changed here and not yet handed to the replica, or handed to it and not yet pushed (a
    // sync that lost the server after the pull).
    let mut pending = storage.unsynced_tasks()?;
    if let Some(store) = Store::open_existing_for_reading(&paths.db)? {
        pending.extend(store.sync_pending_tasks()?);
    }
    // The history's start mark is no change of the user's.
    pending.remove(&footlog_core::domain::sync_record::history_marker_uuid());
    let pending = pending.len();
    Ok(SyncStatus {
        server: setup.server,
        last_sync: setup::last_sync(&storage)?,
        pending,
    })
}

/// Turns sync off: the server's address, the key and the replica are forgotten; the records
/// here are untouched. The setup goes first and the recording after it (the reverse of
/// [`start`]), so that an `off` cut short never leaves sync set up without recording.
pub fn off(paths: &SyncPaths, now: &DateTime<FixedOffset>) -> Result<(), SyncError> {
    // Not in the middle of a sync.
    let _one_at_a_time = SyncLock::take(&paths.lock())?;
    forget(paths, now)
}

/// [`off`], by one that holds the sync lock.
fn forget(paths: &SyncPaths, now: &DateTime<FixedOffset>) -> Result<(), SyncError> {
    setup::forget(paths)?;
    if let Some(mut store) = Store::open_existing_for_writing(&paths.db, now)? {
        store.stop_sync_recording()?;
    }
    Ok(())
}
