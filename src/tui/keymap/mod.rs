//! Keys are data: one table of (mode, key) → Msg. Behaviour, the help overlay and the hint bar
//! all read this table, so they cannot disagree.
//!
//! The keymap knows nothing of the app's state: the state says which [`Modes`] are in force
//! (`AppState::modes`), and the keymap answers from that snapshot.
//!
//! - [`mode`]: the modes and the snapshot of those in force;
//! - [`binding`]: what a row of the table is, and [`resolve`] (a key in some modes → its Msg);
//! - [`defaults`]: the default table;
//! - [`overrides`]: the config's `[keys]` changes to it;
//! - [`describe`]: how the table is shown — help overlay rows, hint bar, the README's table.

pub mod binding;
pub mod defaults;
pub mod describe;
pub mod mode;
pub mod overrides;

pub use binding::{Binding, Keys, resolve};
pub use defaults::bindings;
pub use describe::{help_rows, hints, key_for, label, markdown_table};
pub use mode::{Mode, Modes};
pub use overrides::{ACTIONS, bindings_with};
