//! Issue 12: the report for a clinician. Its numbers against hand-computed fixtures, the Markdown
//! as a snapshot, the HTML parsed, the command line's contract, and a real browser printing it.

// Tests fail loudly by design: an expect, an index or a panic that trips is a failed test.
#![allow(clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "report/fixture.rs"]
mod fixture;

#[path = "report/app.rs"]
mod app;
#[path = "report/browser.rs"]
mod browser;
#[path = "report/cli.rs"]
mod cli;
#[path = "report/html.rs"]
mod html;
#[path = "report/numbers.rs"]
mod numbers;
#[allow(dead_code)] // shared with the other end-to-end tests
#[path = "support/tmux.rs"]
mod tmux;
