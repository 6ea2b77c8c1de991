//! How a subcommand fails: [`CliError`], mapped to an exit code.

use std::path::PathBuf;

use thiserror::Error;

use super::exit;
use crate::domain::ValidationError;
use crate::domain::import::ImportError;
use crate::store::StoreError;

/// A CLI failure, mapped to an exit code.
#[derive(Debug, Error)]
pub enum CliError {
    /// A bad value on the command line.
    #[error("{0}")]
    Invalid(String),
    /// The clock cannot be used (it reads before 1970): the message names it and what to do.
    #[error("{0}")]
    Clock(String),
    /// A store failure.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An import file that cannot be imported.
    #[error("{0}")]
    Import(#[from] ImportError),
    /// A file could not be read or written.
    #[error("{what} {}: {source}", path.display())]
    File {
        /// What was being done.
        what: &'static str,
        /// Which file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An output file was refused or could not be written; the target is as it was.
    #[error(transparent)]
    OutputFile(#[from] crate::store::OutputError),
    /// A sync failure.
    #[error(transparent)]
    Sync(#[from] footlog_sync::SyncError),
    /// A sync failure, and what became of the user's changes.
    #[error("{error}; {then}")]
    SyncThen {
        /// What failed.
        error: footlog_sync::SyncError,
        /// What it means for the changes (nothing lost; what happens next).
        then: &'static str,
    },
    /// Writing the output failed (a closed pipe is not reported).
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}

impl CliError {
    /// The exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Invalid(_)
            | CliError::Import(_)
            | CliError::Store(StoreError::Invalid(_) | StoreError::Ambiguous(_)) => exit::USAGE,
            CliError::Sync(e) | CliError::SyncThen { error: e, .. } if e.is_usage() => exit::USAGE,
            _ => exit::FAILURE,
        }
    }

    /// A closed output pipe (`footlog export | head`): end quietly.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// Maps a validation error to a message naming the command-line flag (never the internal field).
pub fn invalid(flag: &str, e: &ValidationError) -> CliError {
    CliError::Invalid(format!("invalid {flag}: {}", e.message))
}
