//! The guided session: the safety check, the advice to skip, the running steps (countdown gauge,
//! focus, cues, the list of steps) and the abandon question.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Gauge, Paragraph, Wrap};

use super::centered;
use crate::domain::guided::{GuidedRun, StepKind};
use crate::domain::health::SKIP_ADVICE;
use crate::tui::guided::model::{Guided, Phase, next_foot};
use crate::tui::keymap::{self, Mode};
use crate::tui::state::AppState;
use crate::tui::theme::Theme;

/// The safety question.
pub const SAFETY_QUESTION: &str = "Any injury, open wound or infection on your feet today?";

/// "m:ss".
pub fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}", s / 60, s % 60)
}

fn keys<K: AsRef<str>>(t: &Theme, items: &[(K, &str)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (k, what) in items {
        spans.push(Span::styled(k.as_ref().to_string(), t.key));
        spans.push(Span::raw(format!(" {what}   ")));
    }
    Line::from(spans)
}

fn boxed(frame: &mut Frame<'_>, r: Rect, title: &str, lines: Vec<Line<'static>>, t: &Theme) {
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .border_style(t.focus)
        .title(Span::styled(format!(" {title} "), t.title));
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        r,
    );
}

/// Draws the guided session in the body `area` (forms and questions go on top).
pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState, g: &Guided) {
    let t = &state.theme;
    frame.render_widget(Clear, area);
    match g.phase {
        Phase::Safety => {
            let lines = vec![
                Line::raw("Before you start, a quick check."),
                Line::raw(""),
                Line::styled(SAFETY_QUESTION, t.focus),
                Line::raw(""),
                keys(t, &[("y", "yes"), ("n", "no"), ("Esc", "cancel")]),
            ];
            boxed(frame, centered(area, 64, 7), "Safety check", lines, t);
        }
        Phase::Advice => {
            let lines = vec![
                Line::raw(SKIP_ADVICE),
                Line::raw(""),
                keys(
                    t,
                    &[
                        ("r", "mark this week as a rest week"),
                        ("Esc", "back, save nothing"),
                    ],
                ),
            ];
            boxed(frame, centered(area, 64, 8), "Skip today", lines, t);
        }
        Phase::Setup => {
            let block = Block::bordered()
                .border_style(t.border)
                .title(Span::styled(" Guided session ", t.title));
            frame.render_widget(block, area);
        }
        Phase::Running | Phase::End => {
            if let Some(a) = &g.active {
                running(frame, area, state, g, &a.run);
            }
        }
    }
}

fn running(frame: &mut Frame<'_>, area: Rect, state: &AppState, g: &Guided, run: &GuidedRun) {
    let t = &state.theme;
    let now = g.now;
    let step = run.step();
    let n = run.steps().len();
    let mut title = format!(
        " Guided session · {} ({} of {n}) ",
        step.title(),
        run.index() + 1
    );
    if run.is_finished() {
        title = format!(" Guided session · done · {} min ", g.minutes());
    } else if run.is_paused() {
        title.push_str("· PAUSED ");
    }
    let block = Block::bordered()
        .border_style(t.border)
        .title(Span::styled(title, t.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [list, _, main] = Layout::horizontal([
        Constraint::Length(22),
        Constraint::Length(2),
        Constraint::Fill(1),
    ])
    .areas(inner);
    steps_list(frame, list, run, t);

    // The countdown first: it is what the eye looks for; then what to do.
    let [heading, gauge, paused, _, text] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(main);
    frame.render_widget(Paragraph::new(Line::styled(step.title(), t.title)), heading);
    let pct = (run.progress(now) * 100.0).round();
    let label = if run.is_finished() {
        "done".to_string()
    } else {
        format!("{} left · {pct:.0}%", clock(run.remaining(now)))
    };
    let gauge_widget = Gauge::default()
        .block(Block::bordered().border_style(t.border))
        .gauge_style(t.bar_met)
        .ratio(run.progress(now))
        .label(Span::styled(label, t.text))
        .use_unicode(true);
    frame.render_widget(gauge_widget, gauge);
    if run.is_paused() {
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled("PAUSED", t.goal_due),
                Span::styled(" · Space resumes", t.muted),
            ])),
            paused,
        );
    }

    let mut lines = Vec::new();
    // The health profile's reminders come first during foot steps, so they show at any size.
    if matches!(step.kind, StepKind::Foot(_)) && !run.is_finished() {
        for r in state.data.health.reminders() {
            lines.push(Line::styled(r, t.goal_due));
        }
    }
    if step.kind == StepKind::Switch {
        let cue = match next_foot(Some(g)) {
            Some(f) => format!("Switch to your {f} foot"),
            None => "Switch feet".into(),
        };
        lines.push(Line::styled(cue, t.goal_due));
        lines.push(Line::raw(""));
    }
    if run.is_finished() {
        let skipped = (0..run.steps().len()).any(|i| run.was_skipped(i));
        lines.push(Line::raw(if skipped {
            "Session over (skipped steps are marked –). Rest your feet a little longer if you like."
        } else {
            "All steps done. Rest your feet a little longer if you like."
        }));
    } else {
        for i in step.instructions() {
            lines.push(Line::raw(*i));
        }
    }
    if let Some((area_name, technique)) = run
        .focus(now)
        .map(|f| crate::domain::guided::focus_for(f, &state.data.health))
    {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled("Focus: ", t.muted),
            Span::styled(area_name, t.focus),
        ]));
        lines.push(Line::raw(format!("       {technique}")));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text);
}

fn steps_list(frame: &mut Frame<'_>, area: Rect, run: &GuidedRun, t: &Theme) {
    let mut lines = vec![Line::styled("Steps", t.muted)];
    for (i, s) in run.steps().iter().enumerate() {
        let done = i < run.index() || run.is_finished();
        let current = i == run.index() && !run.is_finished();
        let (mark, style) = if current {
            ("›", t.focus)
        } else if done && run.was_skipped(i) {
            ("–", t.muted)
        } else if done {
            ("✓", t.muted)
        } else {
            (" ", t.text)
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} "), style),
            Span::styled(format!("{:<12}", s.title()), style),
            Span::styled(
                if done && run.was_skipped(i) {
                    "skipped".to_string()
                } else {
                    format!("{:>7}", clock(s.duration))
                },
                t.muted,
            ),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// Draws "Abandon this session?" over everything, when it is asked: as tall as its text and
/// choices need, the choices wrapping whole onto further lines so none is cut off.
pub fn question(frame: &mut Frame<'_>, area: Rect, state: &AppState, g: &Guided) {
    if !g.asking {
        return;
    }
    let t = &state.theme;
    let w = 72.min(area.width);
    let inner = usize::from(w.saturating_sub(2));
    // The minutes a save would record: the time on the feet so far.
    let so_far = format!("So far: {} min on your feet.", g.minutes());
    let mut lines: Vec<Line<'static>> = super::wrap("Abandon this session?", inner)
        .into_iter()
        .map(Line::raw)
        .collect();
    lines.extend(
        super::wrap(&so_far, inner)
            .into_iter()
            .map(|l| Line::styled(l, t.muted)),
    );
    lines.push(Line::raw(""));
    // The choices are the key map's, as in the hint bar, so the two cannot disagree.
    let items = keymap::hints(&state.keymap, &[Mode::GuidedAbandon]);
    lines.extend(choices(t, &items, inner));
    let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let r = centered(area, w, h);
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .border_style(t.error)
        .title(Span::styled(" Are you sure? ", t.error));
    frame.render_widget(Paragraph::new(lines).block(block), r);
}

/// `items` as "key what" choices three spaces apart, each whole on a line `width` wide (a
/// choice wider than the line is left to be cut).
fn choices<K: AsRef<str>>(t: &Theme, items: &[(K, &str)], width: usize) -> Vec<Line<'static>> {
    const GAP: &str = "   ";
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut col = 0;
    for (k, what) in items {
        let w = k.as_ref().chars().count() + 1 + what.chars().count();
        if col > 0 && col + GAP.len() + w > width {
            lines.push(Vec::new());
            col = 0;
        }
        if let Some(l) = lines.last_mut() {
            if col > 0 {
                l.push(Span::raw(GAP));
                col += GAP.len();
            }
            l.push(Span::styled(k.as_ref().to_string(), t.key));
            l.push(Span::raw(format!(" {what}")));
        }
        col += w;
    }
    lines.into_iter().map(Line::from).collect()
}
