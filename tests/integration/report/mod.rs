//! Issue 12: the report for a clinician. Its numbers against hand-computed fixtures, the Markdown
//! as a snapshot, the HTML parsed, the command line's contract, and a real browser printing it.

mod fixture;

mod app;
mod browser;
mod cli;
mod html;
mod numbers;
