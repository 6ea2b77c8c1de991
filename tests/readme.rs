//! The README's key map and config example are generated from the code and files they describe,
//! so the documentation cannot drift from the app.

const README: &str = include_str!("../README.md");

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
    let expected = include_str!("../assets/config.example.toml").trim();
    let actual = between(
        README,
        "<!-- config:start -->\n```toml",
        "```\n<!-- config:end -->",
    );
    assert_eq!(actual, Some(expected));
}

#[test]
fn the_readme_dashboard_is_the_captured_one() {
    let captured = include_str!("../assets/dashboard.txt").trim_end();
    assert!(
        README.contains(captured),
        "README's dashboard differs from assets/dashboard.txt"
    );
}
