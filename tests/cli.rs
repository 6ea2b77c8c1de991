//! End-to-end tests of the real `footlog` binary against issue 2's CLI contract.
//!
//! Every test runs with a fixed clock (`FOOTLOG_NOW`), an explicit `TZ`, its own temporary
//! database, and `HOME`/`XDG_DATA_HOME` pointing into a temporary folder, so nothing depends on
//! the machine running it.

// Tests fail loudly by design: an expect, an index or a panic that trips is a failed test.
#![allow(clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "cli/support.rs"]
mod support;

#[path = "cli/check.rs"]
mod check;
#[path = "cli/commands.rs"]
mod commands;
#[path = "cli/deleting.rs"]
mod deleting;
#[path = "cli/errors.rs"]
mod errors;
#[path = "cli/escapes.rs"]
mod escapes;
#[path = "cli/exchange.rs"]
mod exchange;
#[path = "cli/files.rs"]
mod files;
#[path = "cli/outputs.rs"]
mod outputs;
#[path = "cli/recovery.rs"]
mod recovery;
#[path = "cli/time.rs"]
mod time;
