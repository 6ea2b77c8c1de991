//! End-to-end tests of the real `footlog` binary against issue 2's CLI contract.
//!
//! Every test runs with a fixed clock (`FOOTLOG_NOW`), an explicit `TZ`, its own temporary
//! database, and `HOME`/`XDG_DATA_HOME` pointing into a temporary folder, so nothing depends on
//! the machine running it.

mod support;

mod check;
mod commands;
mod deleting;
pub(crate) mod diary;
mod door;
mod errors;
mod escapes;
mod exchange;
mod files;
mod outputs;
mod recovery;
mod remind;
mod sync;
mod time;
