use std::future::Future;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use taskchampion::storage::{Storage, TaskMap};
use taskchampion::{Operation, Operations, Replica, Status};
use uuid::Uuid;

use super::*;

mod suite;

type TcResult<T> = std::result::Result<T, taskchampion::Error>;

/// Runs `f` to completion on a current-thread runtime.
fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
        .block_on(f)
}

/// A new replica file in a temporary folder (kept alive by the returned guard).
fn new_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("sync.db");
    (dir, path)
}

/// Runs one test of TaskChampion's suite against a new replica file.
fn with_storage<Fut: Future<Output = TcResult<()>>>(test: impl FnOnce(ReplicaStorage) -> Fut) {
    let (_dir, path) = new_file();
    let storage = ReplicaStorage::open(&path).expect("open");
    block_on(test(storage)).expect("test");
}

macro_rules! storage_suite {
    ($($name:ident),* $(,)?) => {
        mod storage_suite {
            $(
                #[test]
                fn $name() {
                    super::with_storage(super::suite::$name);
                }
            )*
        }
    };
}

storage_suite!(
    get_working_set_empty,
    add_to_working_set,
    clear_working_set,
    drop_transaction,
    create,
    create_exists,
    get_missing,
    set_task,
    delete_task_missing,
    delete_task_exists,
    all_tasks_empty,
    all_tasks_and_uuids,
    pending_tasks_empty,
    pending_tasks,
    base_version_default,
    base_version_setting,
    unsynced_operations,
    remove_operations,
    task_operations,
    sync_complete,
    set_working_set_item,
);

fn map(pairs: &[(&str, &str)]) -> TaskMap {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect()
}

/// Writes one of everything the replica keeps, committed.
async fn fill(storage: &mut ReplicaStorage, uuid: Uuid, version: Uuid) -> TcResult<()> {
    let mut txn = storage.txn().await?;
    txn.set_task(uuid, map(&[("description", "left foot")]))
        .await?;
    txn.add_operation(Operation::Create { uuid }).await?;
    txn.add_operation(Operation::UndoPoint).await?;
    txn.add_to_working_set(uuid).await?;
    txn.set_base_version(version).await?;
    txn.commit().await
}

#[test]
fn everything_survives_reopening_the_file() {
    let (_dir, path) = new_file();
    let (uuid, version) = (Uuid::new_v4(), Uuid::new_v4());
    let mut storage = ReplicaStorage::open(&path).expect("open");
    block_on(fill(&mut storage, uuid, version)).expect("fill");
    storage
        .set_setting("server_url", "https://sync.example")
        .expect("set");
    drop(storage);

    let mut storage = ReplicaStorage::open(&path).expect("reopen");
    assert_eq!(
        storage.get_setting("server_url").expect("get").as_deref(),
        Some("https://sync.example")
    );
    block_on(async {
        let mut txn = storage.txn().await?;
        assert_eq!(
            txn.get_task(uuid).await?,
            Some(map(&[("description", "left foot")]))
        );
        assert_eq!(
            txn.unsynced_operations().await?,
            vec![Operation::Create { uuid }, Operation::UndoPoint]
        );
        assert_eq!(txn.get_working_set().await?, vec![None, Some(uuid)]);
        assert_eq!(txn.base_version().await?, version);
        assert!(!txn.is_empty().await?);
        TcResult::Ok(())
    })
    .expect("read back");
}

#[test]
fn a_new_replica_is_empty_and_private() {
    let (dir, path) = new_file();
    let mut storage = ReplicaStorage::open(&path).expect("open");
    assert_eq!(storage.path(), path);
    assert!(block_on(async { storage.txn().await?.is_empty().await }).expect("empty"));
    let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    // SQLite gives its side files the mode of the database.
    let wal = dir.path().join("sync.db-wal");
    assert!(wal.exists());
    assert_eq!(mode(&wal), 0o600);
    let journal: String = storage
        .conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .expect("journal mode");
    assert_eq!(journal, "wal");
    let version: i64 = storage
        .conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(version, SCHEMA_VERSION);
}

#[test]
fn missing_folders_are_created_private() {
    let dir = tempfile::tempdir().expect("dir");
    let folder = dir.path().join("footlog");
    let path = folder.join("sync.db");
    drop(ReplicaStorage::open(&path).expect("open"));
    let mode = std::fs::metadata(&folder)
        .expect("folder")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o700);
}

#[test]
fn a_dropped_transaction_rolls_everything_back() {
    let (_dir, path) = new_file();
    let mut storage = ReplicaStorage::open(&path).expect("open");
    let kept = Uuid::new_v4();
    block_on(fill(&mut storage, kept, Uuid::new_v4())).expect("fill");
    block_on(async {
        let other = Uuid::new_v4();
        {
            let mut txn = storage.txn().await?;
            txn.set_task(other, map(&[("a", "b")])).await?;
            assert!(txn.delete_task(kept).await?);
            txn.add_operation(Operation::Create { uuid: other }).await?;
            txn.clear_working_set().await?;
            txn.set_base_version(Uuid::new_v4()).await?;
            txn.sync_complete().await?;
        }
        let mut txn = storage.txn().await?;
        assert_eq!(txn.all_task_uuids().await?, vec![kept]);
        assert_eq!(txn.num_unsynced_operations().await?, 2);
        assert_eq!(txn.get_working_set().await?, vec![None, Some(kept)]);
        TcResult::Ok(())
    })
    .expect("rolled back");
    // Nothing is left open on the connection: settings write outside any transaction.
    assert!(storage.conn.is_autocommit());
}

#[test]
fn a_committed_transaction_refuses_further_use() {
    let (_dir, path) = new_file();
    let mut storage = ReplicaStorage::open(&path).expect("open");
    block_on(async {
        let mut txn = storage.txn().await?;
        assert!(txn.create_task(Uuid::new_v4()).await?);
        txn.commit().await?;
        let again = txn.commit().await.expect_err("second commit");
        assert!(again.to_string().contains("already committed"), "{again}");
        assert!(txn.all_tasks().await.is_err());
        TcResult::Ok(())
    })
    .expect("txn");
}

#[test]
fn a_second_connection_waits_for_the_open_transaction() {
    let (_dir, path) = new_file();
    let mut first = ReplicaStorage::open(&path).expect("open");
    let mut second = ReplicaStorage::open(&path).expect("open again");
    let uuid = Uuid::new_v4();
    let (started, waiting) = std::sync::mpsc::channel();
    block_on(async {
        let mut txn = first.txn().await?;
        txn.create_task(uuid).await?;
        let reader = std::thread::spawn(move || {
            let begun = Instant::now();
            started.send(()).expect("send");
            block_on(async {
                let mut txn = second.txn().await?;
                let task = txn.get_task(uuid).await?;
                TcResult::Ok((begun.elapsed(), task))
            })
        });
        waiting.recv().expect("reader started");
        std::thread::sleep(Duration::from_millis(300));
        txn.commit().await?;
        let (waited, task) = reader.join().expect("reader")?;
        assert!(waited >= Duration::from_millis(250), "{waited:?}");
        assert_eq!(task, Some(TaskMap::new()));
        TcResult::Ok(())
    })
    .expect("busy then done");
}

#[test]
fn a_replica_round_trip_keeps_task_properties() {
    let (_dir, path) = new_file();
    let uuid = Uuid::new_v4();
    block_on(async {
        let mut replica = Replica::new(ReplicaStorage::open(&path).expect("open"));
        let mut ops = Operations::new();
        let mut task = replica.create_task(uuid, &mut ops).await?;
        task.set_description("Left foot, 20 minutes".into(), &mut ops)?;
        task.set_status(Status::Pending, &mut ops)?;
        task.set_value("footlog_tension", Some("6".into()), &mut ops)?;
        let mut data = task.into_task_data();
        data.update("footlog_side", Some("left".into()), &mut ops);
        let count = ops.len();
        replica.commit_operations(ops).await?;
        assert_eq!(replica.num_local_operations().await?, count);
        drop(replica);

        let mut replica = Replica::new(ReplicaStorage::open(&path).expect("reopen"));
        let data = replica.get_task_data(uuid).await?.expect("task");
        assert_eq!(data.get("description"), Some("Left foot, 20 minutes"));
        assert_eq!(data.get("status"), Some("pending"));
        assert_eq!(data.get("footlog_tension"), Some("6"));
        assert_eq!(data.get("footlog_side"), Some("left"));
        assert_eq!(replica.num_local_operations().await?, count);
        let pending = replica.pending_task_data().await?;
        assert_eq!(pending.len(), 1);
        assert_eq!(replica.working_set().await?.by_index(1), Some(uuid));
        TcResult::Ok(())
    })
    .expect("round trip");
}

#[test]
fn settings_are_set_replaced_and_removed() {
    let (_dir, path) = new_file();
    let storage = ReplicaStorage::open(&path).expect("open");
    assert_eq!(storage.get_setting("client_id").expect("get"), None);
    storage.set_setting("client_id", "a").expect("set");
    storage.set_setting("client_id", "b").expect("replace");
    storage
        .set_setting("last_sync", "2026-12-07T08:00:00Z")
        .expect("set");
    assert_eq!(
        storage.get_setting("client_id").expect("get").as_deref(),
        Some("b")
    );
    assert!(storage.remove_setting("client_id").expect("remove"));
    assert!(!storage.remove_setting("client_id").expect("remove again"));
    assert_eq!(storage.get_setting("client_id").expect("get"), None);
    assert_eq!(
        storage.get_setting("last_sync").expect("get").as_deref(),
        Some("2026-12-07T08:00:00Z")
    );
    assert!(
        storage.set_setting("", "x").is_err(),
        "an empty key is refused"
    );
}

#[test]
fn working_set_items_outside_the_set_are_refused() {
    let (_dir, path) = new_file();
    let mut storage = ReplicaStorage::open(&path).expect("open");
    let uuid = Uuid::new_v4();
    block_on(async {
        let mut txn = storage.txn().await?;
        assert!(txn.set_working_set_item(1, Some(uuid)).await.is_err());
        assert_eq!(txn.add_to_working_set(uuid).await?, 1);
        assert!(txn.set_working_set_item(0, Some(uuid)).await.is_err());
        assert!(txn.set_working_set_item(2, Some(uuid)).await.is_err());
        txn.set_working_set_item(1, None).await?;
        assert_eq!(txn.get_working_set().await?, vec![None]);
        assert_eq!(txn.add_to_working_set(uuid).await?, 1);
        TcResult::Ok(())
    })
    .expect("working set");
}

#[test]
fn other_files_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("dir");
    let footlog = dir.path().join("footlog.db");
    let store = crate::store::Store::open(&footlog).expect("footlog database");
    drop(store);
    let before = std::fs::read(&footlog).expect("read");
    let e = ReplicaStorage::open(&footlog).err().expect("refused");
    assert!(matches!(e, StoreError::Foreign(_)), "{e:?}");
    assert_eq!(std::fs::read(&footlog).expect("read"), before);

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database at all, not even close to one").expect("write");
    assert!(ReplicaStorage::open(&text).is_err());
    assert!(matches!(
        ReplicaStorage::open(dir.path()),
        Err(StoreError::IsDirectory(_))
    ));
}

#[test]
fn a_newer_replica_schema_is_refused() {
    let (_dir, path) = new_file();
    drop(ReplicaStorage::open(&path).expect("open"));
    let conn = Connection::open(&path).expect("raw");
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .expect("bump");
    drop(conn);
    let e = ReplicaStorage::open(&path).err().expect("refused");
    assert!(
        matches!(e, StoreError::TooNew { found, known, .. } if found == SCHEMA_VERSION + 1 && known == SCHEMA_VERSION),
        "{e:?}"
    );
}

#[test]
fn the_schema_checks_what_it_stores() {
    let (_dir, path) = new_file();
    let storage = ReplicaStorage::open(&path).expect("open");
    let uuid = Uuid::new_v4().to_string();
    for sql in [
        format!("INSERT INTO tasks (uuid, data) VALUES ('{uuid}', 'not json')"),
        format!("INSERT INTO tasks (uuid, data) VALUES ('{uuid}', '[1]')"),
        "INSERT INTO tasks (uuid, data) VALUES ('short', '{}')".to_string(),
        "INSERT INTO operations (data, synced) VALUES ('\"UndoPoint\"', 2)".to_string(),
        "INSERT INTO working_set (id, uuid) VALUES (0, 'x')".to_string(),
        format!("INSERT INTO base_version (singleton, version) VALUES (1, '{uuid}')"),
    ] {
        assert!(storage.conn.execute_batch(&sql).is_err(), "{sql}");
    }
    // A task's operations are found by the UUID inside them.
    let op = serde_json::to_string(&Operation::Create {
        uuid: Uuid::parse_str(&uuid).expect("uuid"),
    })
    .expect("json");
    storage
        .conn
        .execute("INSERT INTO operations (data) VALUES (?1)", [op])
        .expect("insert");
    let found: String = storage
        .conn
        .query_row("SELECT uuid FROM operations", [], |r| r.get(0))
        .expect("uuid column");
    assert_eq!(found, uuid);
}
