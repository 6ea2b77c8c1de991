//! Where the optional config file lives, and the part of it the command line reads too (the
//! report's `[report]` table). The app's own settings are read in `tui::config`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// `<config dir>/footlog/config.toml` (on Linux `$XDG_CONFIG_HOME/footlog/config.toml`).
pub fn default_path() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|b| b.config_dir().join("footlog").join("config.toml"))
}

/// The `[report]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportConfig {
    /// `name = "…"`: shown under the report's title.
    pub name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawFile {
    report: Option<RawReport>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport {
    name: Option<String>,
}

/// Why config text cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigProblem {
    /// Not TOML, a key footlog does not know, or a value of the wrong type: toml's own message,
    /// which names the line, the column and the key (and shows the line).
    #[error("{}", .error.to_string().trim_end())]
    Toml {
        /// toml's error (boxed: it is large, and every config result carries its size).
        #[source]
        error: Box<toml::de::Error>,
        /// The line of the problem, from 1.
        line: usize,
        /// The column of the problem, from 1.
        column: usize,
        /// That line's text, trimmed.
        text: String,
    },
    /// A value footlog's rules refuse; the message names the key and what is allowed.
    #[error("{0}")]
    Value(String),
    /// The file exists but cannot be read.
    #[error("cannot read: {0}")]
    Read(#[source] std::io::Error),
}

impl ConfigProblem {
    /// toml's `error` in the config `text` it was reading.
    pub fn toml(text: &str, error: toml::de::Error) -> Self {
        let start = error.span().map_or(0, |r| r.start.min(text.len()));
        let before = text.get(..start).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line_text = text
            .get(line_start..)
            .and_then(|rest| rest.lines().next())
            .unwrap_or_default();
        ConfigProblem::Toml {
            line: before.matches('\n').count() + 1,
            column: before.get(line_start..).map_or(0, |b| b.chars().count()) + 1,
            text: line_text.trim().to_string(),
            error: Box::new(error),
        }
    }

    /// The problem on one line, for the app's status line: toml's position, the line and
    /// toml's message.
    pub fn one_line(&self) -> String {
        match self {
            ConfigProblem::Toml {
                error,
                line,
                column,
                text,
            } if error.span().is_some() => format!(
                "line {line}, column {column} ({text:?}): {}",
                error.message().trim_end()
            ),
            ConfigProblem::Toml { error, .. } => error.message().trim_end().to_string(),
            other => other.to_string(),
        }
    }
}

/// A config file that cannot be used: the file and the problem.
#[derive(Debug, thiserror::Error)]
#[error("config {}: {problem}", path.display())]
pub struct ConfigError {
    /// The config file.
    pub path: PathBuf,
    /// What is wrong with it.
    #[source]
    pub problem: ConfigProblem,
}

impl ConfigError {
    /// The error on one line, for the app's status line.
    pub fn one_line(&self) -> String {
        format!(
            "config {}: {}",
            self.path.display(),
            self.problem.one_line()
        )
    }
}

/// Reads the `[report]` table from config text; other tables are left to their readers.
pub fn parse_report(text: &str) -> Result<ReportConfig, ConfigProblem> {
    let raw: RawFile = toml::from_str(text).map_err(|e| ConfigProblem::toml(text, e))?;
    let name = match raw.report.and_then(|r| r.name) {
        Some(n) => crate::domain::report::validate_name(&n)
            .map_err(|e| ConfigProblem::Value(e.to_string()))?,
        None => None,
    };
    Ok(ReportConfig { name })
}

/// Reads the `[report]` table of the config at `path`; a missing file gives the defaults.
/// The error names the file and the problem.
pub fn load_report(path: &Path) -> Result<ReportConfig, ConfigError> {
    let problem = match std::fs::read_to_string(path) {
        Ok(text) => match parse_report(&text) {
            Ok(c) => return Ok(c),
            Err(problem) => problem,
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ReportConfig::default()),
        Err(e) => ConfigProblem::Read(e),
    };
    Err(ConfigError {
        path: path.to_path_buf(),
        problem,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_name_is_read_and_checked() {
        let c = parse_report("theme = \"mono\"\n[report]\nname = \" Ann Example \"\n").expect("ok");
        assert_eq!(c.name.as_deref(), Some("Ann Example"));
        assert_eq!(parse_report("").expect("empty"), ReportConfig::default());
        let e = parse_report("[report]\nname = \"a\\nb\"").expect_err("two lines");
        assert!(e.to_string().contains("report.name"), "{e}");
        let e = parse_report("[report]\ntitle = \"x\"").expect_err("unknown key");
        assert!(e.to_string().contains("title"), "{e}");
    }

    #[test]
    fn toml_errors_name_the_line_the_column_and_the_key() {
        let text = "theme = \"mono\"\n\n[report]\n  title = \"x\"\n";
        let e = parse_report(text).expect_err("unknown key");
        assert!(
            matches!(
                e,
                ConfigProblem::Toml {
                    line: 4,
                    column: 3,
                    ..
                }
            ),
            "{e:?}"
        );
        let shown = e.to_string();
        assert!(shown.contains("line 4, column 3"), "{shown}");
        assert!(shown.contains("title = \"x\""), "{shown}");
        assert!(shown.contains("unknown field `title`"), "{shown}");
        assert_eq!(
            e.one_line(),
            "line 4, column 3 (\"title = \\\"x\\\"\"): unknown field `title`, expected `name`"
        );
        let source = std::error::Error::source(&e).expect("toml's error is the source");
        assert_eq!(source.to_string().trim_end(), shown);
    }
}
