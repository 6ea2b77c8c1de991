//! Exit codes (exact: scripts depend on them).

/// Success, or `due` with nothing due.
pub const OK: u8 = 0;
/// Any other failure: database, I/O, conflicts, nothing matching.
pub const FAILURE: u8 = 1;
/// Bad arguments or values.
pub const USAGE: u8 = 2;
/// `due`: a session is still due this week.
pub const DUE: u8 = 3;
