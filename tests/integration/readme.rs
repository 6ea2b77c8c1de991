//! The README's key map and config example are generated from the code and files they describe,
//! so the documentation cannot drift from the app.

const README: &str = include_str!("../../README.md");

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let a = text.find(start)? + start.len();
    let b = text[a..].find(end)? + a;
    Some(text[a..b].trim())
}

#[test]
fn the_readme_key_map_is_the_apps_key_map() {
    let expected = footlog::tui::keymap::markdown_table();
    let actual = between(README, "<!-- keys:start -->", "<!-- keys:end -->");
    assert_eq!(
        actual,
        Some(expected.trim()),
        "put this table between <!-- keys:start --> and <!-- keys:end --> in README.md:\n{expected}"
    );
}

#[test]
fn the_readme_config_example_is_the_shipped_example() {
    let expected = include_str!("../../assets/config.example.toml").trim();
    let actual = between(
        README,
        "<!-- config:start -->\n```toml",
        "```\n<!-- config:end -->",
    );
    assert_eq!(actual, Some(expected));
}

/// `assets/dashboard.txt`, read at run time so that a regenerated file is compared.
fn captured_dashboard() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/dashboard.txt");
    std::fs::read_to_string(path).expect("assets/dashboard.txt")
}

#[test]
fn the_readme_dashboard_is_the_captured_one() {
    let captured = captured_dashboard();
    let shown = between(
        README,
        "at 100×30 (`assets/dashboard.txt`):\n\n```\n",
        "\n```\n",
    )
    .expect("the README's dashboard block");
    // `between` trims, so the first row's leading spaces are compared through the full text.
    assert!(
        README.contains(&format!("```\n{}\n```", captured.trim_end())),
        "README's dashboard differs from assets/dashboard.txt"
    );
    assert_eq!(
        shown,
        captured.trim(),
        "README's dashboard differs from assets/dashboard.txt"
    );
}

/// The captured dashboard is what the demo draws: `--demo` data at the render tests' fixed
/// clock (Monday 23 November 2026, 20:30 at +01:00), 100×30. `FOOTLOG_REGENERATE=1` rewrites
/// the file from the demo instead (then copy it into the README, which the test above checks).
#[test]
fn the_captured_dashboard_is_what_the_demo_draws() {
    use crate::support::render::{App, now};
    let mut store = footlog::store::Store::open_in_memory().expect("store");
    footlog::demo::fill(&mut store, &now()).expect("demo data");
    let drawn = App::new(store).render(100, 30);
    if std::env::var_os("FOOTLOG_REGENERATE").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/dashboard.txt");
        std::fs::write(path, &drawn).expect("write assets/dashboard.txt");
    }
    assert_eq!(
        drawn,
        captured_dashboard(),
        "assets/dashboard.txt is not what the demo draws; rerun with FOOTLOG_REGENERATE=1"
    );
}

#[test]
fn the_readme_says_how_to_install_completions_for_each_shell() {
    let section = between(README, "### Shell completions", "\n### ").expect("the section");
    for (shell, target) in [
        ("bash", "~/.local/share/bash-completion/completions/footlog"),
        ("zsh", "~/.zfunc/_footlog"),
        ("fish", "~/.config/fish/completions/footlog.fish"),
    ] {
        let line = format!("footlog completions {shell} > {target}");
        assert!(section.contains(&line), "{line:?} missing from:\n{section}");
        // The command the README gives works and prints a script for that shell.
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_footlog"))
            .args(["completions", shell])
            .output()
            .expect("run footlog");
        assert!(out.status.success(), "{shell}: {out:?}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(
            script.contains("footlog") && script.contains("before"),
            "{shell}"
        );
    }
    assert!(
        section.contains("fpath=(~/.zfunc $fpath)"),
        "zsh needs the folder on $fpath"
    );
}
