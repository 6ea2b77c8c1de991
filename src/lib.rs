//! footlog: log foot-massage sessions and sleep notes, and chart weekly progress against a goal.
//!
//! Layers: [`domain`] (pure rules) ← [`store`] (all SQL) ← [`cli`] and the TUI.

pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod report;
pub mod store;
pub mod tui;
