//! The forms through `update`: key sequences against an in-memory store, no terminal.

mod closing;
mod dates;
mod goals;
mod session;
mod sleep;
