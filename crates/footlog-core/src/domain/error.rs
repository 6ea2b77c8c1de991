//! Validation errors: which field, what is allowed, what was given.

use thiserror::Error;

/// A value that breaks a domain rule. `field` is the JSON key of the value.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{field}: {message}")]
pub struct ValidationError {
    /// The field's name as it appears in JSON (e.g. `tension_before`).
    pub field: &'static str,
    /// What is allowed and what was given.
    pub message: String,
}

impl ValidationError {
    /// Builds an error for `field`.
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }

    /// "must be a whole number from LO to HI (got V)".
    pub fn range(field: &'static str, lo: i64, hi: i64, got: impl std::fmt::Display) -> Self {
        Self::new(
            field,
            format!("must be a whole number from {lo} to {hi} (got {got})"),
        )
    }

    /// "ALLOWED (got TEXT)" for text typed where a value was wanted; just "ALLOWED" when
    /// nothing was typed.
    pub fn typed(field: &'static str, allowed: &str, text: &str) -> Self {
        let text = text.trim();
        if text.is_empty() {
            Self::new(field, allowed)
        } else {
            Self::new(field, format!("{allowed} (got {text})"))
        }
    }
}
