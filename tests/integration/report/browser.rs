//! A real browser prints the report: headless Chromium to PDF, read back with poppler's
//! `pdfinfo` and `pdftotext`. Twelve weeks of ordinary use take at most three pages, on Letter
//! (Chromium's default paper) and on A4. Skipped, with a message, only where Chromium or poppler
//! is missing outside CI; in CI (`CI` set) a missing tool fails the test (`.ci/run` installs them).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::fixture;

/// The tools, or `None` when the test may be skipped (outside CI; under CI a missing one fails).
fn tools() -> Option<(PathBuf, PathBuf, PathBuf)> {
    use crate::support::need::{on_path, require_tool};
    let Some(chromium) = on_path("chromium").or_else(|| on_path("chromium-browser")) else {
        // Fails under CI, else says the test is skipped.
        let _ = require_tool("chromium");
        return None;
    };
    if !(require_tool("pdfinfo") && require_tool("pdftotext")) {
        return None;
    }
    Some((chromium, on_path("pdfinfo")?, on_path("pdftotext")?))
}

/// Prints `html` to `pdf` with headless Chromium, which fetches nothing and keeps no profile.
fn print_to_pdf(chromium: &Path, html: &Path, pdf: &Path, profile: &Path) {
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let deadline = Instant::now() + Duration::from_mins(3);
    loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            assert!(status.success(), "chromium failed: {status}");
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish printing within 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(pdf.is_file(), "no PDF written");
}

fn run(tool: &Path, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().expect("run poppler");
    assert!(
        out.status.success(),
        "{}: {}",
        tool.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pages(pdfinfo: &Path, pdf: &Path) -> u32 {
    let info = run(pdfinfo, &[pdf.to_str().expect("utf-8")]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in {info}"))
}

#[test]
fn twelve_weeks_print_on_at_most_three_pages_with_every_heading_and_number() {
    let Some((chromium, pdfinfo, pdftotext)) = tools() else {
        return;
    };
    let f = fixture::ordinary();
    let out = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-print");
    std::fs::create_dir_all(&out).expect("output folder");
    let letter = out.join("report.html");
    let _ = std::fs::remove_file(&letter);
    f.ok(&["report", "--output", letter.to_str().expect("utf-8")]);
    let html = std::fs::read_to_string(&letter).expect("report");
    assert!(
        html.contains("size: auto"),
        "the page size follows the printer's paper"
    );
    let a4 = out.join("report-a4.html");
    std::fs::write(&a4, html.replacen("size: auto", "size: A4", 1)).expect("A4 copy");

    let r = f.model(12, None);
    for (name, page) in [("letter", &letter), ("a4", &a4)] {
        let pdf = out.join(format!("report-{name}.pdf"));
        let _ = std::fs::remove_file(&pdf);
        print_to_pdf(&chromium, page, &pdf, &out.join(format!("profile-{name}")));
        let n = pages(&pdfinfo, &pdf);
        assert!((1..=3).contains(&n), "{name}: {n} pages for 12 weeks");
        eprintln!("{name}: {n} pages, {}", pdf.display());

        let text = run(&pdftotext, &[pdf.to_str().expect("utf-8"), "-"]);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut wanted: Vec<String> = footlog::report::SECTIONS
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        wanted.push("Foot massage report".into());
        wanted.push("7 September – 29 November 2026 (12 weeks)".into());
        wanted.push("not a medical record".into());
        wanted.push(format!("{} sessions", r.summary.sessions));
        wanted.push(format!(
            "{} of {} weeks",
            r.summary.weeks_met, r.summary.weeks_counted
        ));
        for v in [
            r.summary.avg_before,
            r.summary.avg_after,
            r.summary.avg_drop,
        ] {
            wanted.push(format!("{:.2}", v.expect("averages")));
        }
        for w in &r.weeks {
            wanted.push(w.week_start.to_string());
        }
        for g in r.by_tool.iter().chain(&r.by_area) {
            wanted.push(format!(
                "{} {:.2} {}",
                g.key,
                g.avg_drop.expect("drop"),
                g.n
            ));
        }
        for s in &r.sessions {
            wanted.push(s.fields.started_at.format("%-d %b %Y, %H:%M").to_string());
        }
        for w in &wanted {
            assert!(
                flat.contains(w.as_str()),
                "{name}: {w:?} is not in the PDF:\n{flat}"
            );
        }
    }
}
