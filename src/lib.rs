//! footlog: log foot-massage sessions and sleep notes, and chart weekly progress against a goal.
//!
//! Layers, kept by crate boundaries: `footlog-core` ([`domain`], [`store`]) ←
//! `footlog-report` ([`report`]) ← this crate's [`cli`] and [`tui`].

pub mod cli;
pub mod config;
pub mod hidden_input;
pub mod messages;
pub mod signals;
pub mod tui;

pub use footlog_core::{demo, domain, exchange, store};
pub use footlog_report as report;
