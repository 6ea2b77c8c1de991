//! What a test needs from the machine (a tool, root). Outside CI a missing need skips the test
//! with a message; under CI (`CI` set, as `.ci/run` and every CI service do) it fails the test,
//! so a test can never pass in CI without having run.

/// The tools tests run, each with the Debian package `.ci/run` installs it from.
const PACKAGES: &[(&str, &str)] = &[
    ("tmux", "tmux"),
    ("sqlite3", "sqlite3"),
    ("setpriv", "util-linux"),
    ("mount", "mount"),
    ("chromium", "chromium"),
    ("pdfinfo", "poppler-utils"),
    ("pdftotext", "poppler-utils"),
    ("python3", "python3"),
    ("dbus-daemon", "dbus-daemon"),
    ("dbus-run-session", "dbus-daemon"),
    ("systemd-analyze", "systemd"),
    ("faketime", "faketime"),
    ("cc", "gcc"),
    ("strace", "strace"),
];

/// True under CI: `CI` is set to anything but empty, `0` or `false`.
pub fn in_ci() -> bool {
    std::env::var("CI")
        .is_ok_and(|v| !matches!(v.trim().to_ascii_lowercase().as_str(), "" | "0" | "false"))
}

/// The full path of `name` on `PATH`, if it is there.
pub fn on_path(name: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// True when `tool` is on `PATH`. When it is not: under CI the test fails, naming the tool and
/// the package `.ci/run` installs; elsewhere the test is skipped (the caller returns) with a
/// message saying so.
#[must_use]
pub fn require_tool(tool: &str) -> bool {
    on_path(tool).is_some() || missing(in_ci(), &tool_missing(tool))
}

/// What is said when `tool` is missing.
fn tool_missing(tool: &str) -> String {
    let package = PACKAGES
        .iter()
        .find(|(t, _)| *t == tool)
        .map_or(tool, |(_, p)| p);
    format!("the {tool} tool is not installed (.ci/run installs it, from the {package} package)")
}

/// True when `python3` can import `module`. When it cannot: under CI the test fails, naming
/// the module (`.ci/run` installs it with pip), elsewhere the test is skipped with a message.
#[must_use]
pub fn require_python_module(module: &str) -> bool {
    if !require_tool("python3") {
        return false;
    }
    let found = std::process::Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    found
        || missing(
            in_ci(),
            &format!("the Python module {module} is not installed (.ci/run installs it with pip)"),
        )
}

/// True when the test runs as root (it mounts file systems or drops to another user). When
/// not: under CI the test fails, elsewhere it is skipped with a message. `why` says what root
/// is needed for.
#[must_use]
pub fn require_root(why: &str) -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    root || missing(
        in_ci(),
        &format!("this test must run as root to {why} (CI runs .ci/run as root)"),
    )
}

/// A need that is not met: a failure under CI (`ci`), else a skip (false) with a message.
fn missing(ci: bool, what: &str) -> bool {
    assert!(!ci, "CI is set, but {what}");
    eprintln!("SKIPPED: {what}");
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_tool_skips_outside_ci_and_fails_under_ci_naming_tool_and_package() {
        assert!(!missing(false, &tool_missing("setpriv")));
        let failed = std::panic::catch_unwind(|| missing(true, &tool_missing("setpriv")))
            .expect_err("under CI a missing tool fails the test");
        let msg = failed.downcast_ref::<String>().expect("a message");
        assert_eq!(
            msg,
            "CI is set, but the setpriv tool is not installed (.ci/run installs it, from the \
             util-linux package)"
        );
        assert!(require_tool("sh"), "sh is on every PATH");
        assert!(on_path("footlog-no-such-tool").is_none());
    }
}
