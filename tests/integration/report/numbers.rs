//! Every number of the report against values worked out by hand from `fixture::small`, and the
//! Markdown report of the same data as a snapshot.

use footlog::domain::report::Outcome;

use super::fixture::{self, d};

#[test]
fn the_period_title_and_goals_are_as_worked_out() {
    let f = fixture::small();
    let r = f.model(3, Some("Ann Example"));
    // Three Monday weeks ending with the week of Wednesday 25 November.
    assert_eq!((r.from, r.to), (d("2026-11-09"), d("2026-11-29")));
    assert_eq!(r.asked, None);
    assert_eq!(r.week, "Mon–Sun");
    assert_eq!(r.name.as_deref(), Some("Ann Example"));
    // The goal of 2 was set on Wednesday 18 November: it applies from that week on.
    let goals: Vec<_> = r.goals.iter().map(|g| (g.from, g.to, g.per_week)).collect();
    assert_eq!(
        goals,
        vec![
            (d("2026-11-09"), d("2026-11-15"), 1),
            (d("2026-11-16"), d("2026-11-29"), 2)
        ]
    );
}

#[test]
fn the_summary_is_as_worked_out() {
    let f = fixture::small();
    let s = f.model(3, None).summary;
    // The session of 2 November is before the period.
    assert_eq!(s.sessions, 3);
    assert_eq!((s.weeks_met, s.weeks), (1, 3));
    // Out of the weeks that are over and not rest weeks: 9 Nov alone (16 Nov rest, 23 Nov in
    // progress); the first session (2 Nov) is before the period, so no "since you started".
    assert_eq!(
        (s.weeks_counted, s.counted_from, s.in_progress),
        (1, None, true)
    );
    assert_eq!(
        s.rest_weeks,
        vec![(d("2026-11-16"), "travel <i>abroad</i>".to_string())]
    );
    // Weeks: 2 Nov met, 9 Nov met, 16 Nov rest (passed over), 23 Nov not over yet.
    assert_eq!((s.streaks.current, s.streaks.longest), (2, 2));
    // (15 + 30 + 50) / 3 = 31.666…
    assert_eq!(s.avg_minutes, Some(31.67));
    // Before (8 + 6 + 7) / 3, after (3 + 5 + 4) / 3, drop (5 + 1 + 3) / 3.
    assert_eq!(
        (s.avg_before, s.avg_after, s.avg_drop),
        (Some(7.0), Some(4.0), Some(3.0))
    );
    // Pain was rated on 9 November (6) and 12 November (4): the halves are those of the rated
    // days, 9–10 and 11–12 November, not of the calendar (whose second half has no rating).
    let pain: Vec<_> = s.pain.iter().map(|p| (p.from, p.to, p.n, p.avg)).collect();
    assert_eq!(
        pain,
        vec![
            (d("2026-11-09"), d("2026-11-10"), 1, Some(6.0)),
            (d("2026-11-11"), d("2026-11-12"), 1, Some(4.0))
        ]
    );
}

#[test]
fn the_weekly_rows_are_as_worked_out() {
    let f = fixture::small();
    let rows: Vec<_> = f
        .model(3, None)
        .weeks
        .iter()
        .map(|w| {
            (
                w.week_start,
                w.sessions,
                w.goal,
                w.outcome,
                w.avg_before,
                w.avg_after,
                w.avg_pain,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                d("2026-11-09"),
                2,
                1,
                Outcome::Met,
                Some(7.0),
                Some(4.0),
                Some(5.0)
            ),
            (d("2026-11-16"), 0, 2, Outcome::Rest, None, None, None),
            (
                d("2026-11-23"),
                1,
                2,
                Outcome::Current,
                Some(7.0),
                Some(4.0),
                None
            ),
        ]
    );
}

#[test]
fn what_helped_sleep_and_precautions_are_as_worked_out() {
    let f = fixture::small();
    let r = f.model(3, None);
    let groups = |v: &[footlog::domain::insights::Relief]| -> Vec<(String, usize, Option<f64>)> {
        v.iter().map(|g| (g.key.clone(), g.n, g.avg_drop)).collect()
    };
    // Drops: roller 5; hands 1 and 3. Neither has the 3 sessions a rank needs, so the group
    // with more sessions comes first, not the lone roller session.
    assert_eq!(
        groups(&r.by_tool),
        vec![
            ("hands".into(), 2, Some(2.0)),
            ("roller".into(), 1, Some(5.0))
        ]
    );
    // Arches: 5 and 1; heels: 1 and 3.
    assert_eq!(
        groups(&r.by_area),
        vec![
            ("arches".into(), 2, Some(3.0)),
            ("heels".into(), 2, Some(2.0))
        ]
    );
    // 15, 30 and 50 minutes; empty buckets are left out.
    assert_eq!(
        groups(&r.by_minutes),
        vec![
            ("11-20".into(), 1, Some(5.0)),
            ("21-30".into(), 1, Some(1.0)),
            ("46+".into(), 1, Some(3.0))
        ]
    );
    // Nights after a session: 9, 12 and 23 November; other nights: 10, 11 and 20 November
    // (1 October is before the period). Fewer than 5 in each: no averages.
    assert_eq!((r.sleep.after_session.n, r.sleep.other_nights.n), (3, 3));
    assert_eq!(r.sleep.after_session.avg_quality, None);
    assert!(r.sleep.summary.starts_with("Too little data"));
    assert_eq!(r.precautions.len(), 1);
    assert_eq!(r.precautions[0].condition, "Diabetes or neuropathy");
    assert!(r.precautions[0].caution.contains("check with your doctor"));
    // Every session of the period, oldest first, notes in full.
    let notes: Vec<_> = r
        .sessions
        .iter()
        .map(|s| s.fields.note.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        notes,
        vec![
            "Left heel sore <script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "Line one\nLine two | pipe"
        ]
    );
}

#[test]
fn sleep_is_compared_from_five_nights_in_each_group() {
    let f = fixture::ordinary();
    let r = f.model(12, None);
    assert!(r.sleep.after_session.n >= 5 && r.sleep.other_nights.n >= 5);
    assert!(r.sleep.after_session.avg_quality.is_some());
    assert!(
        r.sleep.summary.ends_with("not proof of cause."),
        "{}",
        r.sleep.summary
    );
}

#[test]
fn the_markdown_report_is_the_reviewed_one() {
    let f = fixture::small();
    let md = footlog::report::render_markdown(&f.model(3, Some("Ann <Example>")));
    insta::assert_snapshot!("small_report_md", md);
}

#[test]
fn markdown_rows_start_with_the_week_and_its_sessions() {
    let f = fixture::small();
    let md = footlog::report::render_markdown(&f.model(3, None));
    for row in [
        "| 2026-11-09 | 2 |",
        "| 2026-11-16 | 0 |",
        "| 2026-11-23 | 1 |",
    ] {
        assert!(
            md.lines().any(|l| l.starts_with(row)),
            "{row} missing:\n{md}"
        );
    }
    // User text cannot open a tag or split a table cell.
    let bare = md
        .char_indices()
        .filter(|(i, c)| *c == '<' && !md[..*i].ends_with('\\'))
        .count();
    assert_eq!(bare, 0, "an unescaped < in:\n{md}");
    assert!(md.contains("\\<script\\>") && md.contains("Line two \\| pipe"));
}

#[test]
fn section_headings_come_in_the_issues_order() {
    let f = fixture::small();
    let md = footlog::report::render_markdown(&f.model(3, None));
    let headings: Vec<&str> = md.lines().filter_map(|l| l.strip_prefix("## ")).collect();
    assert_eq!(headings, footlog::report::SECTIONS);
    // Without a health condition there is no Precautions section.
    let store = footlog::store::Store::open(&f.db).expect("open");
    let mut store = store;
    store
        .set_health_profile(&footlog::domain::health::HealthProfile::default())
        .expect("clear profile");
    drop(store);
    let md = footlog::report::render_markdown(&f.model(3, None));
    let headings: Vec<&str> = md.lines().filter_map(|l| l.strip_prefix("## ")).collect();
    let expected: Vec<&str> = footlog::report::SECTIONS
        .into_iter()
        .filter(|h| *h != "Precautions")
        .collect();
    assert_eq!(headings, expected);
}

/// The sleep-diary section: the night with items, its hand-computed figures, and the averages
/// hidden below five nights.
#[test]
fn the_sleep_diary_section_lists_the_nights_with_items() {
    let f = fixture::small();
    let r = f.model(3, None);
    let md = footlog::report::render_markdown(&r);
    let section = md
        .split("## Sleep diary")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("a Sleep diary section");
    assert!(
        section.contains("Carney et al., SLEEP 2012;35(2):287–302"),
        "{section}"
    );
    assert!(
        section.contains(
            "| Thu 12 Nov 2026 | 5 | 22:00 | 22:30 | 15 | 1 | 15 | 07:00 | 07:30 | 570 | 480 | 84.2 |"
        ),
        "{section}"
    );
    assert_eq!(
        section.matches(" Nov 2026 |").count(),
        1,
        "only nights with items: {section}"
    );
    assert!(
        section.contains("| After a session | 3 | – | – | – | – |"),
        "{section}"
    );
    assert!(section.contains("not proof of cause"), "{section}");
    let html = footlog::report::render_html(&r);
    assert!(html.contains("<h2>Sleep diary</h2>"), "{html}");
    assert!(html.contains("<td class=\"n\">84.2</td>"), "{html}");
}
