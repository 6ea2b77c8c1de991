//! Issue 8, "Outputs never clobber": `export --output` and `backup --output` refuse the database,
//! its side files and its backups (by the real file, whatever the spelling), even with --force,
//! and need --force over any other existing file.

use std::path::PathBuf;

use super::support::{Env, mode, tree};

/// Every spelling of a protected file an output could be pointed at.
fn protected_targets(e: &Env) -> Vec<(String, PathBuf)> {
    let folder = e.db.parent().expect("folder").to_path_buf();
    let side = |s: &str| PathBuf::from(format!("{}{s}", e.db.display()));
    let backup = PathBuf::from(e.ok(&["backup"]).trim());
    let link = e.path("link.db");
    std::os::unix::fs::symlink(&e.db, &link).expect("symlink");
    let hard = e.path("hard.db");
    std::fs::hard_link(&e.db, &hard).expect("hard link");
    let backup_link = e.path("backup-link.db");
    std::fs::hard_link(&backup, &backup_link).expect("hard link");
    let folder_link = e.path("folder-link");
    std::os::unix::fs::symlink(&folder, &folder_link).expect("symlink");
    vec![
        ("the database".into(), e.db.clone()),
        ("-wal".into(), side("-wal")),
        ("-shm".into(), side("-shm")),
        ("-journal".into(), side("-journal")),
        ("a backup".into(), backup),
        (
            "a new file in backups/".into(),
            folder.join("backups").join("mine.json"),
        ),
        ("a symlink to the database".into(), link),
        ("a hard link to the database".into(), hard),
        ("a hard link to a backup".into(), backup_link),
        (
            "another spelling".into(),
            folder.join("..").join("data").join(".").join("footlog.db"),
        ),
        (
            "through a linked folder".into(),
            folder_link.join("footlog.db"),
        ),
        (
            "-wal through a linked folder".into(),
            folder_link.join("footlog.db-wal"),
        ),
    ]
}

#[test]
fn every_refused_output_target_leaves_the_database_byte_for_byte_unchanged() {
    let e = Env::seeded();
    let targets = protected_targets(&e);
    let before = e.snapshot();
    let files = tree(e.dir.path());
    for (what, target) in &targets {
        let t = target.to_str().expect("utf8");
        for force in [false, true] {
            for cmd in [
                &["export", "--output", t][..],
                &["export", "--format", "csv", "--output", t][..],
                &["export", "--format", "csv", "--sleep", "--output", t][..],
                &["backup", "--output", t][..],
            ] {
                let mut args = cmd.to_vec();
                if force {
                    args.push("--force");
                }
                let msg = e.fails(&args, 1);
                assert!(msg.contains("refusing to write"), "{what} {args:?}: {msg}");
                assert!(msg.contains("nothing was written"), "{what}: {msg}");
                assert_eq!(
                    tree(e.dir.path()),
                    files,
                    "{what} {args:?} created or removed files"
                );
                e.assert_unchanged(&before, &format!("{what} {args:?}"));
            }
        }
    }
}

#[test]
fn an_existing_output_needs_force_and_is_then_replaced_whole_and_private() {
    let e = Env::seeded();
    let target = e.path("out.json");
    let t = target.to_str().expect("utf8");
    for cmd in [
        &["export", "--output", t][..],
        &["backup", "--output", t][..],
    ] {
        std::fs::write(&target, b"mine").expect("write");
        let msg = e.fails(cmd, 1);
        assert!(
            msg.contains(&format!("{t} exists; add --force to replace it")),
            "{cmd:?}: {msg}"
        );
        assert_eq!(std::fs::read(&target).expect("read"), b"mine");
        let mut forced = cmd.to_vec();
        forced.push("--force");
        e.ok(&forced);
        assert_ne!(std::fs::read(&target).expect("read"), b"mine");
        assert_eq!(mode(&target), 0o600);
    }
    // The forced backup is a whole database.
    let mut copy = Env::new();
    copy.db = target.clone();
    assert_eq!(copy.json(&["stats", "--json"])["sessions_total"], 1);
    // No temporary file is left anywhere.
    let names: Vec<String> = tree(e.dir.path())
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".tmp-")), "{names:?}");
    // --force needs --output.
    e.fails(&["export", "--force"], 2);
}

/// `--output -` is standard output for `export`, `report` and `remind --ics` (as `import -` is
/// standard input): the same bytes as without `--output`, and no file named `-` (before, one was
/// written in the current folder).
#[test]
fn output_dash_is_standard_output() {
    let e = Env::seeded();
    let cwd = e.path("cwd");
    std::fs::create_dir_all(&cwd).expect("mkdir");
    for args in [
        &["export"][..],
        &["export", "--format", "csv"],
        &["report", "--format", "md"],
        &["remind", "--ics"],
    ] {
        let plain = e.cmd(args).current_dir(&cwd).output().expect("run");
        assert!(plain.status.success(), "{args:?}: {plain:?}");
        let mut dashed: Vec<&str> = args.to_vec();
        dashed.extend(["--output", "-"]);
        let out = e.cmd(&dashed).current_dir(&cwd).output().expect("run");
        assert!(out.status.success(), "{dashed:?}: {out:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&plain.stdout),
            "{dashed:?}"
        );
        assert!(!out.stdout.is_empty(), "{dashed:?}");
        assert!(!cwd.join("-").exists(), "{dashed:?} wrote a file named -");
    }
    // A file named `-` is still written when asked for as such.
    let out = e
        .cmd(&["export", "--output", "./-"])
        .current_dir(&cwd)
        .output()
        .expect("run");
    assert!(out.status.success(), "{out:?}");
    assert!(cwd.join("-").exists());
}
