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

/// Reads the `[report]` table from config text; other tables are left to their readers.
pub fn parse_report(text: &str) -> Result<ReportConfig, String> {
    let raw: RawFile = toml::from_str(text).map_err(|e| e.message().to_string())?;
    let name = match raw.report.and_then(|r| r.name) {
        Some(n) => crate::domain::report::validate_name(&n).map_err(|e| e.to_string())?,
        None => None,
    };
    Ok(ReportConfig { name })
}

/// Reads the `[report]` table of the config at `path`; a missing file gives the defaults.
/// The error names the file and the problem.
pub fn load_report(path: &Path) -> Result<ReportConfig, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_report(&text).map_err(|e| format!("config {}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ReportConfig::default()),
        Err(e) => Err(format!("config {}: cannot read: {e}", path.display())),
    }
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
        assert!(e.contains("report.name"), "{e}");
        let e = parse_report("[report]\ntitle = \"x\"").expect_err("unknown key");
        assert!(e.contains("title"), "{e}");
    }
}
