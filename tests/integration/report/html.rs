//! The HTML report parsed: hostile text stays text, nothing is fetched, the charts and print
//! styles are there, and it says what the Markdown says.

use scraper::{Html, Selector};

use super::fixture;

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn text(e: scraper::ElementRef<'_>) -> String {
    e.text().collect::<String>().trim().to_string()
}

fn small_html() -> (String, Html) {
    let f = fixture::small();
    let html = footlog::report::render_html(&f.model(3, Some("Ann <Example> onerror=x")));
    let doc = Html::parse_document(&html);
    (html, doc)
}

#[test]
fn hostile_text_is_shown_as_text() {
    let (_, doc) = small_html();
    assert_eq!(doc.select(&sel("script")).count(), 0, "a script element");
    assert_eq!(doc.select(&sel("img")).count(), 0, "an img element");
    for e in doc
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for (name, _) in e.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "{name} attribute on <{}>",
                e.value().name()
            );
        }
    }
    let notes: Vec<String> = doc.select(&sel("td.note")).map(text).collect();
    assert_eq!(
        notes,
        vec![
            "Left heel sore <script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "Line one\nLine two | pipe"
        ]
    );
    let name = doc.select(&sel("p.name")).next().map(text);
    assert_eq!(name.as_deref(), Some("Ann <Example> onerror=x"));
    let oils: Vec<String> = doc
        .select(&sel("table.sessions tbody td:nth-child(6)"))
        .map(text)
        .collect();
    assert_eq!(oils[0], "almond & <b>arnica</b>");
    assert_eq!(
        doc.select(&sel("b, i")).count(),
        0,
        "user markup became markup"
    );
}

#[test]
fn nothing_is_fetched() {
    let (html, doc) = small_html();
    for tag in [
        "link", "script", "iframe", "object", "embed", "img", "audio", "video", "base",
    ] {
        assert_eq!(doc.select(&sel(tag)).count(), 0, "<{tag}> in the report");
    }
    for e in doc
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for attr in ["src", "href", "xlink:href", "srcset", "action", "poster"] {
            assert!(
                e.value().attr(attr).is_none(),
                "{attr} on <{}>",
                e.value().name()
            );
        }
    }
    let lower = html.to_lowercase();
    for needle in ["http:", "https:", "url(", "@import", "//"] {
        // `//` would be a protocol-relative reference (the CSS has no comments).
        assert!(!lower.contains(needle), "{needle} in the report");
    }
}

#[test]
fn it_has_two_charts_and_print_styles() {
    let (html, doc) = small_html();
    let charts: Vec<_> = doc.select(&sel("div.chart > svg")).collect();
    assert!(charts.len() >= 2, "{} charts", charts.len());
    for c in &charts {
        assert!(
            c.value().attr("viewBox").is_some(),
            "a chart keeps its aspect"
        );
        assert!(c.select(&sel("rect")).count() > 0 && c.select(&sel("text")).count() > 0);
        // Axes with dates: the week labels.
        let labels: Vec<String> = c.select(&sel("text")).map(text).collect();
        assert!(labels.iter().any(|l| l == "9 Nov") && labels.iter().any(|l| l == "23 Nov"));
    }
    // The goal is a dashed line; outcomes carry marks, not colour alone.
    let marks: Vec<String> = charts[0].select(&sel("text")).map(text).collect();
    assert!(marks.iter().any(|m| m == "✓") && marks.iter().any(|m| m == "R"));
    let style: String = doc.select(&sel("style")).map(text).collect();
    for needle in [
        "@media print",
        "@page",
        "thead { display: table-header-group; }",
        "break-inside: avoid",
        "break-after: avoid",
    ] {
        assert!(style.contains(needle), "{needle} missing from the styles");
    }
    assert!(html.starts_with("<!DOCTYPE html>"));
}

fn md_cells(line: &str) -> Vec<String> {
    line.trim_matches('|')
        .split(" | ")
        .map(|c| c.trim().replace('\\', ""))
        .collect()
}

#[test]
fn it_says_what_the_markdown_says() {
    let f = fixture::small();
    let r = f.model(3, None);
    let md = footlog::report::render_markdown(&r);
    let doc = Html::parse_document(&footlog::report::render_html(&r));

    let h2: Vec<String> = doc.select(&sel("h2")).map(text).collect();
    assert_eq!(h2, footlog::report::SECTIONS);

    // The summary: the same label and value in both.
    let summary: Vec<(String, String)> = doc
        .select(&sel("table.summary tr"))
        .map(|tr| {
            let th = tr.select(&sel("th")).next().map(text).unwrap_or_default();
            let td = tr.select(&sel("td")).next().map(text).unwrap_or_default();
            (th, td)
        })
        .collect();
    assert_eq!(summary.len(), 7);
    for (label, value) in &summary {
        let line = format!("- {label}: {value}");
        let found = md.lines().any(|l| l.replace('\\', "") == line);
        assert!(found, "{line:?} is not in the Markdown:\n{md}");
    }

    // The weekly table, cell for cell (the HTML adds the outcome's mark).
    let html_rows: Vec<Vec<String>> = doc
        .select(&sel("table.weeks tbody tr"))
        .map(|tr| {
            tr.select(&sel("td"))
                .map(|td| {
                    let t = text(td);
                    t.trim_end_matches(['✓', '✗', '…', 'R']).trim().to_string()
                })
                .collect()
        })
        .collect();
    let md_rows: Vec<Vec<String>> = md
        .lines()
        .filter(|l| l.starts_with("| 2026-"))
        .map(md_cells)
        .collect();
    assert_eq!(html_rows, md_rows);
    assert_eq!(html_rows.len(), 3);

    // What helped and sleep: the same numbers.
    let helped: Vec<String> = doc
        .select(&sel("table.relief tbody tr"))
        .map(|tr| {
            let c: Vec<String> = tr.select(&sel("td")).map(text).collect();
            format!("{} {} (n={})", c[0], c[1], c[2])
        })
        .collect();
    for g in &helped {
        assert!(md.contains(g.as_str()), "{g} is not in the Markdown");
    }
    assert_eq!(helped.len(), 7);
    let sleep: Vec<Vec<String>> = doc
        .select(&sel("table.sleep tbody tr"))
        .map(|tr| tr.select(&sel("td")).map(text).collect())
        .collect();
    let md_sleep: Vec<Vec<String>> = md
        .lines()
        .filter(|l| l.starts_with("| After a session") || l.starts_with("| Other nights"))
        .map(md_cells)
        .collect();
    assert_eq!(sleep, md_sleep);
    assert!(md.contains(&r.sleep.summary));
    let sleep_text = doc.select(&sel("#sleep p")).next().map(text);
    assert_eq!(sleep_text.as_deref(), Some(r.sleep.summary.as_str()));
}
