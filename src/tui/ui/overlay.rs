//! Small questions drawn over everything.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{centered, when};
use crate::domain::RecordRef;
use crate::tui::state::{AppState, Confirm};

/// Draws a y/n question.
pub fn confirm(frame: &mut Frame<'_>, area: Rect, state: &AppState, c: &Confirm) {
    let t = &state.theme;
    let question = match c {
        Confirm::Discard => "Discard the changes in this form?".to_string(),
        Confirm::ReplaceSleep(old) => {
            let f = &old.fields;
            let hours = f.hours.map_or(String::new(), |h| format!(", {h:.1} hours"));
            let note = f.note.as_deref().map_or(String::new(), |n| {
                format!(": \"{}\"", super::first_line(n, 60))
            });
            format!(
                "The night of {} already has a sleep note (quality {} {}{hours}){note}. Replace \
                 it with this one?",
                f.night.format("%a %-d %b %Y"),
                f.quality,
                crate::domain::sleep::quality_label(f.quality),
            )
        }
        Confirm::Overwrite(both) => {
            let (theirs, yours) = &**both;
            format!(
                "Another footlog changed this session since you opened it. Now: {}. Yours: {}. \
                 Save yours over it?",
                session_words(&theirs.fields),
                session_words(yours)
            )
        }
        Confirm::OverwriteSleep(both) => {
            let (theirs, yours) = &**both;
            format!(
                "Another footlog changed this sleep note since you opened it. Now: {}. Yours: {}. \
                 Save yours over it?",
                sleep_words(&theirs.fields),
                sleep_words(yours)
            )
        }
        Confirm::Delete(RecordRef::Session(u)) => match state.session(u) {
            // No-break spaces keep "(30 min," and "tension 8 → 6)?" whole when the line wraps.
            Some(s) => format!(
                "Delete the session of {} ({}\u{a0}min, tension\u{a0}{}\u{a0}→\u{a0}{})?",
                when(&s.fields.started_at),
                s.fields.minutes,
                s.fields.tension_before,
                s.fields.tension_after
            ),
            None => "Delete this session?".into(),
        },
        Confirm::Delete(RecordRef::Sleep(u)) => match state.sleep_note(u) {
            Some(n) => format!(
                "Delete the sleep note for the night of {}?",
                n.fields.night.format("%a %-d %b %Y")
            ),
            None => "Delete this sleep note?".into(),
        },
    };
    let after = match c {
        Confirm::Discard => "",
        Confirm::Delete(_) => "You can undo with u.",
        Confirm::ReplaceSleep(_) => "u undoes it; n keeps the old note and this form open.",
        Confirm::Overwrite(_) | Confirm::OverwriteSleep(_) => {
            "u undoes it; n keeps theirs and this form open."
        }
    };
    // As tall as the question needs (a replaced note is quoted), at least as before.
    let w = 60.min(area.width);
    let inner = usize::from(w.saturating_sub(2));
    let rows = super::wrap(&question, inner).len() + super::wrap(after, inner).len() + 1;
    let h = u16::try_from(rows + 2).unwrap_or(u16::MAX).max(6);
    let r = centered(area, w, h);
    frame.render_widget(Clear, r);
    let lines = vec![
        Line::raw(question),
        Line::styled(after, t.muted),
        Line::from(vec![
            Span::styled("y", t.key),
            Span::raw(" yes   "),
            Span::styled("n", t.key),
            Span::raw(" no"),
        ]),
    ];
    let block = Block::bordered()
        .border_style(t.error)
        .title(Span::styled(" Are you sure? ", t.error));
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        r,
    );
}

/// Draws a status message whole, wrapped.
pub fn message(frame: &mut Frame<'_>, area: Rect, state: &AppState, text: &str) {
    let t = &state.theme;
    let w = 64.min(area.width);
    let lines: Vec<Line> = super::wrap(text, usize::from(w.saturating_sub(2)))
        .into_iter()
        .map(|l| Line::styled(l, t.text))
        .collect();
    let h = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let r = centered(area, w, h);
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .border_style(t.border)
        .title(Span::styled(" Message ", t.title))
        .title_bottom(Line::from(vec![
            Span::styled(" Esc", t.key),
            Span::styled(" close ", t.muted),
        ]));
    frame.render_widget(Paragraph::new(lines).block(block), r);
}

/// A session in a few words, for a question that shows two versions of it.
fn session_words(f: &crate::domain::SessionFields) -> String {
    let pain = f
        .pain
        .map(|p| format!(", pain\u{a0}{p}"))
        .unwrap_or_default();
    let note = f
        .note
        .as_ref()
        .map(|n| format!(", \"{}\"", super::first_line(n, 40)))
        .unwrap_or_default();
    format!(
        "{}\u{a0}min, tension\u{a0}{}\u{a0}→\u{a0}{}{pain}{note}",
        f.minutes, f.tension_before, f.tension_after
    )
}

/// A sleep note in a few words, for a question that shows two versions of it.
fn sleep_words(f: &crate::domain::SleepFields) -> String {
    let hours = f
        .hours
        .map(|h| format!(", {h:.1}\u{a0}h"))
        .unwrap_or_default();
    let note = f
        .note
        .as_ref()
        .map(|n| format!(", \"{}\"", super::first_line(n, 40)))
        .unwrap_or_default();
    format!(
        "night\u{a0}{}, quality\u{a0}{}{hours}{note}",
        f.night.format("%-d\u{a0}%b"),
        f.quality
    )
}
