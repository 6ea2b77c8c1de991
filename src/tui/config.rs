//! The optional config file `<config dir>/footlog/config.toml`: theme and form defaults.

use std::path::Path;

use serde::Deserialize;

use super::theme::ThemeKind;
use crate::domain::session::{MINUTES_RANGE, OIL_MAX_CHARS};
use crate::domain::{Feet, Tool};

/// What the config file can set. Every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// `theme = "color" | "mono"`.
    pub theme: ThemeKind,
    /// Prefills of the session form; when set they win over "last used".
    pub defaults: FormDefaults,
    /// The `[guided]` table: guided-session options.
    pub guided: GuidedConfig,
    /// The `[keys]` table: (action, key) overrides of top-level keys.
    pub keys: Vec<(String, char)>,
    /// The `[report]` table (read by the command line too).
    pub report: crate::config::ReportConfig,
}

/// Guided-session options from the config.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GuidedConfig {
    /// `bell = true`: ring the terminal bell at each step change (off by default).
    pub bell: bool,
}

/// Prefills of the session form from the config.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormDefaults {
    /// Minutes, 1–240.
    pub minutes: Option<u16>,
    /// Which feet.
    pub feet: Option<Feet>,
    /// Tool or technique.
    pub tool: Option<Tool>,
    /// Oil or lotion.
    pub oil: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    theme: Option<String>,
    defaults: Option<RawDefaults>,
    guided: Option<RawGuided>,
    keys: Option<std::collections::BTreeMap<String, String>>,
    /// Checked by [`crate::config::parse_report`].
    #[serde(rename = "report")]
    _report: Option<toml::Table>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGuided {
    bell: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDefaults {
    minutes: Option<i64>,
    feet: Option<String>,
    tool: Option<String>,
    oil: Option<String>,
}

pub use crate::config::{ConfigError, ConfigProblem, default_path};

/// Reads the config at `path`; a missing file is the default config.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let err = |problem: ConfigProblem| ConfigError {
        path: path.to_path_buf(),
        problem,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(err(ConfigProblem::Read(e))),
    };
    parse(&text).map_err(err)
}

/// Parses config text; the error names the key and what is allowed (toml's own errors the line
/// and the column too).
pub fn parse(text: &str) -> Result<Config, ConfigProblem> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigProblem::toml(text, e))?;
    parse_values(raw)
        .map_err(ConfigProblem::Value)
        .and_then(|c| {
            Ok(Config {
                report: crate::config::parse_report(text)?,
                ..c
            })
        })
}

/// Checks the values of parsed config against footlog's rules.
fn parse_values(raw: RawConfig) -> Result<Config, String> {
    let theme = match raw.theme.as_deref().map(str::trim) {
        None | Some("color" | "default") => ThemeKind::Color,
        Some("mono") => ThemeKind::Mono,
        Some(other) => {
            return Err(format!(
                "theme must be \"color\" or \"mono\" (got {other:?})"
            ));
        }
    };
    let mut defaults = FormDefaults::default();
    if let Some(d) = raw.defaults {
        if let Some(m) = d.minutes {
            let (lo, hi) = MINUTES_RANGE;
            if !(lo..=hi).contains(&m) {
                return Err(format!(
                    "defaults.minutes must be from {lo} to {hi} (got {m})"
                ));
            }
            defaults.minutes = u16::try_from(m).ok();
        }
        defaults.feet = d
            .feet
            .map(|f| Feet::parse_field("defaults.feet", &f))
            .transpose()
            .map_err(|e| e.to_string())?;
        defaults.tool = d
            .tool
            .map(|t| Tool::parse_field("defaults.tool", &t))
            .transpose()
            .map_err(|e| e.to_string())?;
        if let Some(oil) = d.oil {
            if oil.chars().count() > OIL_MAX_CHARS {
                return Err(format!(
                    "defaults.oil must be at most {OIL_MAX_CHARS} characters"
                ));
            }
            defaults.oil = Some(oil.trim().to_string()).filter(|o| !o.is_empty());
        }
    }
    let guided = GuidedConfig {
        bell: raw.guided.and_then(|g| g.bell).unwrap_or(false),
    };
    let mut keys = Vec::new();
    for (action, key) in raw.keys.unwrap_or_default() {
        let mut chars = key.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => keys.push((action, c)),
            _ => return Err(format!("keys.{action} must be one character (got {key:?})")),
        }
    }
    Ok(Config {
        theme,
        defaults,
        guided,
        keys,
        report: crate::config::ReportConfig::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_single_characters() {
        let c = parse("[keys]\nlog_session = \"a\"\nquit = \"x\"\n").expect("valid");
        assert_eq!(
            c.keys,
            vec![("log_session".to_string(), 'a'), ("quit".to_string(), 'x')]
        );
        let e = parse("[keys]\nquit = \"ctrl-q\"\n").expect_err("one character");
        assert!(e.to_string().contains("keys.quit"), "{e}");
    }

    #[test]
    fn full_config_parses() {
        let c = parse(
            "theme = \"mono\"\n[defaults]\nminutes = 30\nfeet = \"left\"\ntool = \"roller\"\noil = \"arnica\"\n",
        )
        .expect("valid");
        assert_eq!(c.theme, ThemeKind::Mono);
        assert_eq!(c.defaults.minutes, Some(30));
        assert_eq!(c.defaults.feet, Some(Feet::Left));
        assert_eq!(c.defaults.tool, Some(Tool::Roller));
        assert_eq!(c.defaults.oil.as_deref(), Some("arnica"));
        assert!(!c.guided.bell, "the bell is off by default");
        assert!(parse("[guided]\nbell = true").expect("valid").guided.bell);
        assert!(parse("[guided]\nbell = 1").is_err());
    }

    #[test]
    fn broken_configs_name_the_problem() {
        assert!(
            parse("theme = \"neon\"")
                .expect_err("bad")
                .to_string()
                .contains("theme")
        );
        assert!(
            parse("[defaults]\nminutes = 0")
                .expect_err("bad")
                .to_string()
                .contains("minutes")
        );
        assert!(
            parse("[defaults]\ntool = \"hammer\"")
                .expect_err("bad")
                .to_string()
                .contains("tool")
        );
        let unknown = parse("colour = 1").expect_err("bad").to_string();
        assert!(
            unknown.contains("line 1, column 1") && unknown.contains("colour"),
            "{unknown}"
        );
        let wrong_type = parse("theme = \"mono\"\n[guided]\nbell = 1\n").expect_err("bad");
        assert!(
            wrong_type
                .one_line()
                .starts_with("line 3, column 8 (\"bell = 1\"): "),
            "{wrong_type}"
        );
        assert!(parse("theme = ").is_err());
        assert_eq!(parse("").expect("empty is fine"), Config::default());
    }
}

#[cfg(test)]
mod example_tests {
    #[test]
    fn the_shipped_example_parses() {
        let text = include_str!("../../assets/config.example.toml");
        let c = super::parse(text).expect("example is valid");
        assert_eq!(c.defaults.minutes, Some(20));
        assert!(!c.guided.bell);
    }
}
