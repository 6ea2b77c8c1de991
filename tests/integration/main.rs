//! footlog's integration tests, as one test binary (one link instead of one per file). Each
//! module is what used to be its own file in `tests/`; `cargo test` runs them all, and
//! `cargo test --test integration tui_render::` runs one module.
//!
//! A new test file goes in this folder and gets a `mod` line below (the last test here fails
//! for a `tests/*.rs` file that would build as a binary of its own).
#![allow(
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "in a test, a failed expectation or an index out of range is the test failing, with its message"
)]
#![allow(
    clippy::disallowed_macros,
    reason = "a test's eprintln! goes to the harness, which captures it; the binary's own never panic"
)]

mod support;

// The command line (issue 2's contract) and the report for a clinician.
mod cli;
mod report;

// Storage, reliability and bad input.
mod backup_leftovers;
mod disk;
mod parse_props;
mod reliability;
mod store;
mod week_props;

// The app rendered to a `TestBackend`.
mod tui_damaged;
mod tui_demo;
mod tui_guided;
mod tui_insights;
mod tui_render;

// The real binary in tmux.
mod e2e_erase;
mod e2e_guided;
mod e2e_reliability;
mod e2e_tmux;

// Documentation generated from the code.
mod readme;

/// Every integration test is a module of this binary: a `tests/*.rs` file would be linked as a
/// binary of its own (slower CI), and a file in this folder without a `mod` line above would
/// never run.
#[test]
fn every_test_file_is_a_module_of_this_binary() {
    let tests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let here = tests.join("integration");
    let main = std::fs::read_to_string(here.join("main.rs")).expect("main.rs");
    let rs = |dir: &std::path::Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("read_dir")
            .filter_map(|e| {
                let name = e.expect("entry").file_name().into_string().expect("utf8");
                name.strip_suffix(".rs").map(str::to_string)
            })
            .collect();
        names.sort();
        names
    };
    let loose = rs(&tests);
    assert!(
        loose.is_empty(),
        "{loose:?}: move them to tests/integration/ and add a `mod` line to its main.rs"
    );
    let mut dirs: Vec<String> = std::fs::read_dir(&here)
        .expect("read_dir")
        .filter_map(|e| {
            let e = e.expect("entry");
            let name = e.file_name().into_string().expect("utf8");
            (e.path().join("mod.rs").is_file()).then_some(name)
        })
        .collect();
    dirs.sort();
    for name in rs(&here).into_iter().chain(dirs) {
        if name == "main" {
            continue;
        }
        assert!(
            main.lines().any(|l| l == format!("mod {name};")),
            "tests/integration/{name}: add `mod {name};` to tests/integration/main.rs"
        );
    }
}
