//! footlog: log foot-massage sessions and sleep notes, and chart weekly progress against a goal.
//!
//! Layers: [`domain`] (pure rules) ← [`store`] (all SQL) ← [`cli`] and the TUI.

pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod report;
pub mod store;
// TODO(lints): lint src/tui once the module moves of issue 10 have landed, then drop this allow.
#[allow(
    clippy::pedantic,
    clippy::panic,
    clippy::expect_used,
    clippy::indexing_slicing
)]
pub mod tui;
