//! The report as Markdown: headings, lists and tables that read well as plain text too.

use std::fmt::Write;

use super::words::{self, num};
use footlog_core::domain::insights::Relief;
use footlog_core::domain::report::Report;
use footlog_core::domain::text;

/// Escapes user text for Markdown: punctuation that could start markup or HTML is
/// backslash-escaped, a table cell's `|` too, every line break (CR, LF, CRLF, NEL, U+2028,
/// U+2029, VT, FF) becomes ` / ` so none can end a table row, and the characters a terminal would
/// act on (controls, bidi overrides) are written as `\u{…}`, as `list` shows them.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text::lines(text)
        .map(str::trim_end)
        .filter(|l| !l.is_empty());
    let mut first = true;
    for line in lines.by_ref() {
        if !first {
            out.push_str(" / ");
        }
        first = false;
        for c in line.chars() {
            if text::is_unsafe(c) {
                out.push_str(&text::escape_unsafe(c.encode_utf8(&mut [0; 4])));
                continue;
            }
            if matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '&' | '!' | '~'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

fn groups(rs: &[Relief]) -> String {
    if rs.is_empty() {
        words::NO_SESSIONS.to_string()
    } else {
        rs.iter().map(words::relief).collect::<Vec<_>>().join(", ")
    }
}

/// Renders the report as Markdown.
pub fn render_markdown(r: &Report) -> String {
    let mut o = String::new();
    // Writing to a String cannot fail.
    let _ = write_all(&mut o, r);
    // User text is escaped where it is written; this keeps anything else a terminal would act on
    // off stdout too.
    text::escape_unsafe_keeping_lines(&o).into_owned()
}

fn write_all(o: &mut String, r: &Report) -> std::fmt::Result {
    write_letterhead(o, r)?;
    write_summary(o, r)?;
    write_weeks(o, r)?;
    write_tension(o, r)?;
    write_helped(o, r)?;
    write_sleep(o, r)?;
    write_sleep_diary(o, r)?;
    write_precautions(o, r)?;
    write_sessions(o, r)
}

/// The title, the period and goals, and what the report is not.
fn write_letterhead(o: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(o, "# Foot massage report")?;
    writeln!(o)?;
    if let Some(name) = &r.name {
        writeln!(o, "**{}**", escape(name))?;
        writeln!(o)?;
    }
    writeln!(o, "- Period: {}", words::period(r))?;
    if let Some(note) = words::rounded(r) {
        writeln!(o, "  ({note})")?;
    }
    writeln!(o, "- Weeks run {}", words::week_definition(r.week_start))?;
    writeln!(o, "- Goal: {}", words::goals(&r.goals))?;
    writeln!(o, "- Made on {}", words::made(r.made))?;
    writeln!(o)?;
    writeln!(o, "*{}*", words::NOT_A_RECORD)?;
    writeln!(o)?;
    if let Some(line) = words::left_out(r) {
        writeln!(o, "**{line}**")?;
        writeln!(o)?;
    }
    Ok(())
}

/// The summary list.
fn write_summary(o: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(o, "## Summary")?;
    writeln!(o)?;
    let s = &r.summary;
    writeln!(o, "- Logged: {}", words::sessions(s.sessions as u64))?;
    writeln!(o, "- Weeks that met their goal: {}", words::weeks_met(r))?;
    writeln!(o, "- Rest weeks: {}", escape(&words::rest_weeks(r)))?;
    writeln!(o, "- Streak: {}", words::streaks(r))?;
    writeln!(o, "- Average length: {}", words::minutes(r))?;
    writeln!(o, "- Tension (0–10): {}", words::tension(r))?;
    if let Some(p) = words::pain(r) {
        writeln!(o, "- Pain (0–10): {p}")?;
    }
    writeln!(o)?;
    Ok(())
}

/// Sessions per week as a table.
fn write_weeks(o: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(o, "## Sessions per week")?;
    writeln!(o)?;
    writeln!(
        o,
        "| Week of | Sessions | Goal | Outcome | Tension before | Tension after | Pain |"
    )?;
    writeln!(o, "|---|---:|---:|---|---:|---:|---:|")?;
    for w in &r.weeks {
        writeln!(
            o,
            "| {} | {} | {} | {} | {} | {} | {} |",
            w.week_start,
            w.sessions,
            w.goal,
            escape(&words::outcome(w)),
            num(w.avg_before),
            num(w.avg_after),
            num(w.avg_pain)
        )?;
    }
    writeln!(o)?;
    Ok(())
}

/// The period's average tension.
fn write_tension(o: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(o, "## Tension")?;
    writeln!(o)?;
    writeln!(
        o,
        "Average tension (0–10) over the period: {}. Each week's averages are in the table above.",
        words::tension(r)
    )?;
    writeln!(o)?;
    Ok(())
}

/// What helped: relief by tool, area and length.
fn write_helped(o: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(o, "## What helped")?;
    writeln!(o)?;
    writeln!(o, "{}", words::HELPED_INTRO)?;
    writeln!(o)?;
    writeln!(o, "- By tool: {}", groups(&r.by_tool))?;
    writeln!(o, "- By area: {}", groups(&r.by_area))?;
    writeln!(o, "- By length (minutes): {}", groups(&r.by_minutes))?;
    writeln!(o)?;
    Ok(())
}

/// Sleep after sessions and on other nights.
fn write_sleep(o: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(o, "## Sleep")?;
    writeln!(o)?;
    writeln!(o, "{}", r.sleep.summary)?;
    writeln!(o)?;
    writeln!(o, "| Nights | Notes | Quality (1–5) | Hours |")?;
    writeln!(o, "|---|---:|---:|---:|")?;
    for (label, g) in [
        ("After a session", &r.sleep.after_session),
        ("Other nights", &r.sleep.other_nights),
    ] {
        writeln!(
            o,
            "| {label} | {} | {} | {} |",
            g.n,
            num(g.avg_quality),
            num(g.avg_hours)
        )?;
    }
    writeln!(o)?;
    Ok(())
}

/// The sleep diary: the period's nights with their items and derived figures, and the averages
/// after a session and on other nights.
fn write_sleep_diary(o: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(o, "## Sleep diary")?;
    writeln!(o)?;
    writeln!(o, "{}", words::DIARY_INTRO)?;
    writeln!(o)?;
    if r.diary_nights.is_empty() {
        writeln!(o, "{}", words::NO_DIARY_NIGHTS)?;
        writeln!(o)?;
        return Ok(());
    }
    writeln!(o, "| {} |", words::DIARY_COLUMNS.join(" | "))?;
    writeln!(o, "|---|{}", "---:|".repeat(words::DIARY_COLUMNS.len() - 1))?;
    for n in &r.diary_nights {
        writeln!(o, "| {} |", words::diary_cells(n).join(" | "))?;
    }
    writeln!(o)?;
    writeln!(
        o,
        "| Nights | Notes | Fall asleep (min) | Awake (min) | Total sleep (min) | Efficiency (%) |"
    )?;
    writeln!(o, "|---|---:|---:|---:|---:|---:|")?;
    for (label, g) in [
        ("After a session", &r.sleep_diary.after_massage),
        ("Other nights", &r.sleep_diary.other_nights),
    ] {
        writeln!(
            o,
            "| {label} | {} | {} | {} | {} | {} |",
            g.nights,
            words::num1(g.latency_min),
            words::num1(g.awake_min),
            words::num1(g.total_sleep_min),
            words::num1(g.efficiency_pct)
        )?;
    }
    writeln!(o)?;
    writeln!(o, "{}", words::DIARY_AVERAGES)?;
    writeln!(o)?;
    Ok(())
}

/// The precautions the app showed, if any.
fn write_precautions(o: &mut String, r: &Report) -> std::fmt::Result {
    if !r.precautions.is_empty() {
        writeln!(o, "## Precautions")?;
        writeln!(o)?;
        writeln!(o, "{}", words::PRECAUTIONS_INTRO)?;
        writeln!(o)?;
        for p in &r.precautions {
            writeln!(o, "- {}. Caution shown: “{}”", p.condition, p.caution)?;
        }
        writeln!(o)?;
    }
    Ok(())
}

/// Every session of the period.
fn write_sessions(o: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(o, "## Sessions")?;
    writeln!(o)?;
    if r.sessions.is_empty() {
        writeln!(o, "No sessions in this period.")?;
        return Ok(());
    }
    writeln!(
        o,
        "| Date and time | Minutes | Feet | Tool | Areas | Oil | Tension before → after | Pain | Note |"
    )?;
    writeln!(o, "|---|---:|---|---|---|---|---|---:|---|")?;
    for s in &r.sessions {
        let f = &s.fields;
        writeln!(
            o,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            words::session_start(s),
            f.minutes,
            f.feet,
            f.tool,
            words::areas(s),
            f.oil.as_deref().map_or("–".into(), escape),
            words::before_after(s),
            words::rating(f.pain),
            f.note.as_deref().map_or(String::new(), escape),
        )?;
    }
    Ok(())
}
