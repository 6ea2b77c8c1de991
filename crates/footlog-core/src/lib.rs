//! footlog's core: [`domain`] (pure rules: validation, local time, week maths, statistics; no
//! I/O), [`exchange`] (reading import files as a stream of records) and [`store`] (the only
//! place with SQL: opening the database safely, migrations, typed reads and writes). This crate cannot see the terminal or the command line; the `footlog`
//! binary builds its command line and app on it.

pub mod demo;
pub mod domain;
pub mod exchange;
pub mod store;
