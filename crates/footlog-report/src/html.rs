//! The report as one self-contained HTML file: inline CSS and inline SVG, no script, nothing
//! fetched. Every piece of user text goes through maud, which escapes by default, and the whole
//! document through [`text::escape_unsafe_keeping_lines`].

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::charts::{self, mark};
use super::words::{self, num};
use footlog_core::domain::insights::Relief;
use footlog_core::domain::report::{Outcome, Report};
use footlog_core::domain::text;

/// The style sheet: a calm letter on screen and on paper. Pages follow the printer's paper (A4 or
/// Letter): the text column fits A4's width and the page breaks suit Letter's shorter height.
const CSS: &str = include_str!("report.css");

fn chart(svg: Result<String, Box<dyn std::error::Error>>, label: &str) -> Markup {
    match svg {
        // plotters escapes the text it draws; the labels are dates and numbers of our own.
        Ok(svg) => html! { div.chart role="img" aria-label=(label) { (PreEscaped(svg)) } },
        Err(e) => html! { p.muted { "The chart could not be drawn: " (e.to_string()) } },
    }
}

fn relief_table(title: &str, rows: &[Relief]) -> Markup {
    html! {
        table.relief {
            thead { tr { th { (title) } th.n { "Drop" } th.n { "n" } } }
            tbody {
                @if rows.is_empty() {
                    tr { td colspan="3" { (words::NO_SESSIONS) } }
                }
                @for r in rows {
                    tr { td { (r.key) } td.n { (num(r.avg_drop)) } td.n { (r.n) } }
                }
            }
        }
    }
}

fn outcome_class(o: Outcome) -> &'static str {
    match o {
        Outcome::Met => "met",
        Outcome::Missed => "missed",
        Outcome::Rest => "rest",
        Outcome::Current => "current",
        Outcome::NoOutcome => "none",
    }
}

/// The letterhead: who, which period, the goals, and what the report is not.
fn header(r: &Report) -> Markup {
    let period = words::period(r);
    html! {
        header {
            p.from { "footlog · foot massage diary" }
            h1 { "Foot massage report" }
            @if let Some(name) = &r.name { p.name { (name) } }
            table.meta {
                tbody {
                    tr { th { "Period" } td { (period)
                        @if let Some(note) = words::rounded(r) { br; span.muted { (note) } }
                    } }
                    tr { th { "Weeks" } td { (words::week_definition(r.week_start)) } }
                    tr { th { "Goal" } td { (words::goals(&r.goals)) } }
                    tr { th { "Made" } td { (words::made(r.made)) } }
                }
            }
            p.notice { (words::NOT_A_RECORD) }
            @if let Some(line) = words::left_out(r) { p.notice.incomplete { (line) } }
        }
    }
}

/// The summary table.
fn summary(r: &Report) -> Markup {
    let s = &r.summary;
    html! {
        section #summary {
            h2 { "Summary" }
            table.summary {
                tbody {
                    tr { th { "Logged" } td { (words::sessions(s.sessions as u64)) } }
                    tr { th { "Weeks that met their goal" } td { (words::weeks_met(r)) } }
                    tr { th { "Rest weeks" } td { (words::rest_weeks(r)) } }
                    tr { th { "Streak" } td { (words::streaks(r)) } }
                    tr { th { "Average length" } td { (words::minutes(r)) } }
                    tr { th { "Tension (0–10)" } td { (words::tension(r)) } }
                    @if let Some(p) = words::pain(r) {
                        tr { th { "Pain (0–10)" } td { (p) } }
                    }
                }
            }
        }
    }
}

/// Sessions per week: the chart and the table.
fn weeks(r: &Report) -> Markup {
    html! {
        section #weeks {
            h2 { "Sessions per week" }
            figure {
                (chart(charts::sessions_chart(r), "Sessions per week against the goal"))
                figcaption {
                    span.key { span.swatch.met {} " met ✓" }
                    span.key { span.swatch.missed {} " missed ✗" }
                    span.key { span.swatch.rest {} " rest week R" }
                    span.key { span.swatch.missed {} " this week …" }
                    span.key { span.dash {} " goal" }
                }
            }
            table.weeks {
                thead { tr {
                    th { "Week of" } th.n { "Sessions" } th.n { "Goal" } th { "Outcome" }
                    th.n { "Tension before" } th.n { "Tension after" } th.n { "Pain" }
                } }
                tbody {
                    @for w in &r.weeks {
                        tr class=(outcome_class(w.outcome)) {
                            td { (w.week_start) }
                            td.n { (w.sessions) }
                            td.n { (w.goal) }
                            td { (words::outcome(w)) " " span.mark { (mark(w.outcome)) } }
                            td.n { (num(w.avg_before)) }
                            td.n { (num(w.avg_after)) }
                            td.n { (num(w.avg_pain)) }
                        }
                    }
                }
            }
        }
    }
}

/// Tension per week: the chart and the period's average.
fn tension(r: &Report) -> Markup {
    html! {
        section #tension {
            h2 { "Tension" }
            figure {
                (chart(charts::tension_chart(r), "Average tension before and after, and pain, per week"))
                figcaption {
                    span.key { "●— before" }
                    span.key { "□ - - after" }
                    span.key { "▲ ··· pain" }
                    span.key { "weekly averages, 0 (none) to 10" }
                }
            }
            p { "Over the period: " (words::tension(r)) "." }
        }
    }
}

/// What helped: relief by tool, area and length.
fn helped(r: &Report) -> Markup {
    html! {
        section #helped {
            h2 { "What helped" }
            p { (words::HELPED_INTRO) }
            div.groups {
                (relief_table("Tool", &r.by_tool))
                (relief_table("Area", &r.by_area))
                (relief_table("Minutes", &r.by_minutes))
            }
        }
    }
}

/// Sleep after sessions and on other nights.
fn sleep(r: &Report) -> Markup {
    html! {
        section #sleep {
            h2 { "Sleep" }
            p { (r.sleep.summary) }
            table.sleep {
                thead { tr { th { "Nights" } th.n { "Notes" } th.n { "Quality (1–5)" } th.n { "Hours" } } }
                tbody {
                    @for (label, g) in [("After a session", &r.sleep.after_session), ("Other nights", &r.sleep.other_nights)] {
                        tr { td { (label) } td.n { (g.n) } td.n { (num(g.avg_quality)) } td.n { (num(g.avg_hours)) } }
                    }
                }
            }
        }
    }
}

/// The sleep diary: the period's nights with their items and derived figures, and the averages
/// after a session and on other nights.
fn sleep_diary(r: &Report) -> Markup {
    let groups = [
        ("After a session", &r.sleep_diary.after_massage),
        ("Other nights", &r.sleep_diary.other_nights),
    ];
    html! {
        section #sleep-diary {
            h2 { "Sleep diary" }
            p { (words::DIARY_INTRO) }
            @if r.diary_nights.is_empty() {
                p { (words::NO_DIARY_NIGHTS) }
            } @else {
                table.diary {
                    thead { tr { @for (i, c) in words::DIARY_COLUMNS.iter().enumerate() {
                        @if i == 0 { th { (c) } } @else { th.n { (c) } }
                    } } }
                    tbody {
                        @for n in &r.diary_nights {
                            tr { @for (i, c) in words::diary_cells(n).iter().enumerate() {
                                @if i == 0 { td { (c) } } @else { td.n { (c) } }
                            } }
                        }
                    }
                }
                table.sleep {
                    thead { tr {
                        th { "Nights" } th.n { "Notes" } th.n { "Fall asleep (min)" }
                        th.n { "Awake (min)" } th.n { "Total sleep (min)" } th.n { "Efficiency (%)" }
                    } }
                    tbody {
                        @for (label, g) in groups {
                            tr {
                                td { (label) } td.n { (g.nights) }
                                td.n { (words::num1(g.latency_min)) } td.n { (words::num1(g.awake_min)) }
                                td.n { (words::num1(g.total_sleep_min)) } td.n { (words::num1(g.efficiency_pct)) }
                            }
                        }
                    }
                }
                p { (words::DIARY_AVERAGES) }
            }
        }
    }
}

/// The precautions the app showed, if any.
fn precautions(r: &Report) -> Markup {
    html! {
        @if !r.precautions.is_empty() {
            section #precautions {
                h2 { "Precautions" }
                p { (words::PRECAUTIONS_INTRO) }
                ul {
                    @for p in &r.precautions {
                        li { strong { (p.condition) } ". Caution shown: “" (p.caution) "”" }
                    }
                }
            }
        }
    }
}

/// Every session of the period.
fn sessions(r: &Report) -> Markup {
    html! {
        section #sessions {
            h2 { "Sessions" }
            @if r.sessions.is_empty() {
                p { "No sessions in this period." }
            } @else {
                p { "Tension before → after and pain on the 0–10 scale; notes as written." }
                table.sessions {
                    thead { tr {
                        th.when { "Date and time" } th.n { "Min" } th.short { "Feet" } th.short { "Tool" }
                        th.short { "Areas" } th.oil { "Oil" } th.n { "Tension" } th.n { "Pain" } th { "Note" }
                    } }
                    tbody {
                        @for x in &r.sessions {
                            tr {
                                td.when { (words::session_start(x)) }
                                td.n { (x.fields.minutes) }
                                td.short { (x.fields.feet) }
                                td.short { (x.fields.tool) }
                                td.short { (words::areas(x)) }
                                td.oil { (x.fields.oil.as_deref().unwrap_or("–")) }
                                td.n.nowrap { (words::before_after(x)) }
                                td.n { (words::rating(x.fields.pain)) }
                                td.note { (x.fields.note.as_deref().unwrap_or("")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Renders the report as a complete HTML document.
pub fn render_html(r: &Report) -> String {
    let doc = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Foot massage report, " (words::span(r.from, r.to)) }
                style { (PreEscaped(CSS)) }
            }
            body {
                main.letter {
                    (header(r))
                    (summary(r))
                    (weeks(r))
                    (tension(r))
                    (helped(r))
                    (sleep(r))
                    (sleep_diary(r))
                    (precautions(r))
                    (sessions(r))
                    footer { "Made with footlog on " (words::made(r.made)) ". " (words::NOT_A_RECORD) }
                }
            }
        }
    };
    // maud escapes markup, not what a terminal acts on: the report often goes to stdout, so
    // line breaks in notes become plain `\n` and controls and bidi overrides show as `\u{…}`,
    // as `list` shows them (a browser renders both as the same text).
    text::escape_unsafe_keeping_lines(&doc.into_string()).into_owned()
}
