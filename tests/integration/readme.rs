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

#[test]
fn the_readme_dashboard_is_the_captured_one() {
    let captured = include_str!("../../assets/dashboard.txt").trim_end();
    assert!(
        README.contains(captured),
        "README's dashboard differs from assets/dashboard.txt"
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
