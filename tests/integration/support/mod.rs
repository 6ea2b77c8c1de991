//! Helpers shared by the tests: the app driven without a terminal, and the real binary in tmux.

pub mod need;
pub mod render;
pub mod tmux;
