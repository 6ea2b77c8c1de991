//! The goal form through `update`: the goal, the week start and rest weeks.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::event::Event;
use crate::tui::test_app::{App, at, now};

#[test]
fn goal_and_rest_week_are_saved_from_the_goal_form() {
    let mut app = App::new();
    app.keys("g3").key(KeyCode::Enter);
    assert_eq!(app.state.data.this_week.goal, 3);
    app.keys("w");
    for _ in 0..3 {
        app.key(KeyCode::Tab);
    }
    app.keys("travel").key(KeyCode::Enter);
    let marks = app.store.rest_marks().expect("marks");
    assert_eq!(marks.len(), 1);
    assert_eq!(
        marks[0].date,
        app.state.data.this_week.week_start + chrono::Duration::days(3),
        "dated mid-week"
    );
    assert!(app.state.data.this_week.rest);
    // Clearing the reason unmarks the week.
    app.keys("w");
    for _ in 0..3 {
        app.key(KeyCode::Tab);
    }
    app.send(Event::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    app.key(KeyCode::Enter);
    assert!(app.store.rest_marks().expect("marks").is_empty());
}

/// The first day of the week the goal form's picker shows.
fn picked_week(app: &App) -> chrono::NaiveDate {
    app.goal_form().picked_week(&app.state.data)
}

#[test]
fn a_rest_reason_typed_before_picking_the_week_is_kept() {
    let mut app = App::new();
    app.keys("g")
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Tab);
    app.keys("holiday").key(KeyCode::BackTab);
    app.key(KeyCode::Left).key(KeyCode::Left);
    let week = picked_week(&app);
    assert_ne!(
        week, app.state.data.this_week.week_start,
        "the picker moved"
    );
    assert_eq!(app.goal_form().reason.input.trimmed(), "holiday");
    app.key(KeyCode::Enter);
    let marks = app.store.rest_marks().expect("marks");
    assert_eq!(marks.len(), 1, "{marks:?}");
    assert_eq!(marks[0].reason, "holiday");
    let last = crate::domain::week::week_last_day(week);
    assert!((week..=last).contains(&marks[0].date), "{marks:?}");
}

#[test]
fn a_reason_filled_in_from_the_store_follows_the_picked_week() {
    let mut app = App::new();
    app.keys("g")
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Tab);
    app.keys("travel").key(KeyCode::Enter);
    // This week's stored reason shows; moving the picker to an unmarked week empties it.
    app.keys("g").key(KeyCode::Tab).key(KeyCode::Tab);
    let reason = |app: &App| app.goal_form().reason.input.trimmed();
    assert_eq!(reason(&app), "travel");
    app.key(KeyCode::Left);
    assert_eq!(reason(&app), "");
    app.key(KeyCode::Right);
    assert_eq!(reason(&app), "travel");
}

#[test]
fn the_rest_week_picker_goes_back_with_left_and_forward_with_right_without_wrapping() {
    let mut app = App::new();
    app.keys("g").key(KeyCode::Tab).key(KeyCode::Tab);
    let this = app.state.data.this_week.week_start;
    assert_eq!(picked_week(&app), this);
    // Ahead: holidays are planned.
    app.key(KeyCode::Right);
    assert_eq!(picked_week(&app), this + chrono::Duration::weeks(1));
    assert!(
        app.goal_form().rest_week.input.options[app.goal_form().rest_week.input.index]
            .ends_with("(next week)"),
        "{:?}",
        app.goal_form().rest_week.input
    );
    for _ in 0..40 {
        app.key(KeyCode::Right);
    }
    let ahead = i64::try_from(crate::tui::form::goals::REST_WEEKS_AHEAD).expect("n");
    assert_eq!(
        picked_week(&app),
        this + chrono::Duration::weeks(ahead),
        "stops at the furthest week offered"
    );
    for _ in 0..ahead {
        app.key(KeyCode::Left);
    }
    assert_eq!(picked_week(&app), this);
    app.key(KeyCode::Left);
    assert_eq!(picked_week(&app), this - chrono::Duration::weeks(1));
    app.key(KeyCode::Left);
    assert_eq!(picked_week(&app), this - chrono::Duration::weeks(2));
    app.key(KeyCode::Right);
    assert_eq!(picked_week(&app), this - chrono::Duration::weeks(1));
    for _ in 0..60 {
        app.key(KeyCode::Left);
    }
    let oldest = i64::try_from(crate::tui::form::goals::REST_WEEKS_BACK).expect("n") - 1;
    assert_eq!(
        picked_week(&app),
        this - chrono::Duration::weeks(oldest),
        "stops at the oldest week offered"
    );
    // Browsing the weeks is not a change worth asking about.
    app.key(KeyCode::Esc);
    assert!(app.state.overlays.is_empty(), "{:?}", app.state.overlays);
    assert!(app.state.form.is_none());
}

#[test]
fn the_rest_week_picker_follows_the_week_start_chosen_in_the_form() {
    let mut app = App::new();
    // Today is Monday 23 Nov; weeks start on Monday.
    app.keys("g").key(KeyCode::Tab).key(KeyCode::Right);
    let sunday = at("2026-11-22T00:00:00+01:00").date_naive();
    assert_eq!(picked_week(&app), sunday);
    let options = &app.goal_form().rest_week.input.options;
    assert!(
        options[crate::tui::form::goals::REST_WEEKS_AHEAD].starts_with("22 Nov 2026 – 28 Nov"),
        "{options:?}"
    );
    assert!(
        options[crate::tui::form::goals::REST_WEEKS_AHEAD + 1].starts_with("15 Nov 2026 – 21 Nov"),
        "{options:?}"
    );
    // Marking the picked week saves that Sunday week.
    app.key(KeyCode::Tab)
        .key(KeyCode::Left)
        .key(KeyCode::Tab)
        .keys("travel");
    app.key(KeyCode::Enter);
    assert!(app.state.form.is_none());
    assert_eq!(app.state.data.this_week.week_start, sunday);
    let marks = &app.state.data.rest_marks;
    assert_eq!(marks.len(), 1);
    let last_week = sunday - chrono::Duration::weeks(1);
    assert!(
        (last_week..last_week + chrono::Duration::days(7)).contains(&marks[0].date),
        "{marks:?}"
    );
}

#[test]
fn a_rest_week_stays_this_week_when_the_first_day_of_the_week_changes() {
    let mut app = App::new();
    // Weeks start on Sunday; mark this week (Sun 22 – Sat 28 Nov) as a rest week.
    app.keys("g")
        .key(KeyCode::Tab)
        .key(KeyCode::Right)
        .key(KeyCode::Enter);
    assert_eq!(
        app.state.data.this_week.week_start,
        at("2026-11-22T00:00:00+01:00").date_naive()
    );
    app.keys("g")
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Tab);
    app.keys("travel").key(KeyCode::Enter);
    assert!(app.state.data.this_week.rest);
    // Back to Monday: this week (Mon 23 – Sun 29 Nov) still holds the mark.
    app.keys("g")
        .key(KeyCode::Tab)
        .key(KeyCode::Left)
        .key(KeyCode::Enter);
    assert_eq!(app.state.data.this_week.week_start, now().date_naive());
    assert!(
        app.state.data.this_week.rest,
        "the mark moved with the week"
    );
}

#[test]
fn the_goal_takes_two_digits_and_refuses_fifteen_inline() {
    let mut app = App::new();
    app.keys("g15");
    assert_eq!(
        app.goal_form().per_week.input.value,
        Some(15),
        "not a silent 5"
    );
    let err = app.error_of("per_week").expect("inline range error");
    assert_eq!(err, "must be a whole number from 1 to 14 (got 15)");
    app.key(KeyCode::Enter);
    assert!(app.state.form.is_some(), "nothing saved");
    assert!(app.error_of("per_week").is_some());
    assert_eq!(app.state.data.this_week.goal, 1, "the default goal stands");
    app.keys("12");
    assert_eq!(app.error_of("per_week"), None);
    app.key(KeyCode::Enter);
    assert!(app.state.form.is_none());
    assert_eq!(app.state.data.this_week.goal, 12);
}

#[test]
fn a_rest_week_can_be_planned_ahead_from_the_form() {
    let mut app = App::new();
    app.keys("g").key(KeyCode::Tab).key(KeyCode::Tab);
    let this = app.state.data.this_week.week_start;
    for _ in 0..3 {
        app.key(KeyCode::Right);
    }
    app.key(KeyCode::Tab).keys("holiday").key(KeyCode::Enter);
    assert!(app.state.form.is_none(), "saved");
    let planned = this + chrono::Duration::weeks(3);
    let marks = app.store.rest_marks().expect("marks");
    assert!(
        marks.iter().any(|m| m.reason == "holiday"
            && (planned..planned + chrono::Duration::days(7)).contains(&m.date)),
        "{marks:?}"
    );
}

#[test]
fn the_reminder_day_and_time_are_shown_saved_and_checked_in_the_goal_form() {
    use crate::domain::remind::Reminder;
    let mut app = App::new();
    app.keys("g");
    assert_eq!(
        app.goal_form().remind_day.input.index,
        6,
        "Sunday by default"
    );
    assert_eq!(app.goal_form().remind_at.input.trimmed(), "19:00");
    for _ in 0..4 {
        app.key(KeyCode::Tab);
    }
    // Sunday → Monday … → Friday (←/→ cycles).
    for _ in 0..5 {
        app.key(KeyCode::Right);
    }
    app.key(KeyCode::Tab);
    app.send(Event::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    app.keys("25:00").key(KeyCode::Enter);
    let err = app.error_of("remind_at").expect("an error on the time");
    assert!(err.contains("HH:MM from 00:00 to 23:59"), "{err}");
    assert_eq!(app.store.reminder().expect("read"), None, "nothing saved");
    app.send(Event::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    app.keys("7:30").key(KeyCode::Enter);
    let saved = app.store.reminder().expect("read");
    assert_eq!(
        saved,
        Some(Reminder::parse_setting("fri 07:30").expect("r"))
    );
    assert_eq!(app.state.data.reminder.to_setting(), "fri 07:30");
    // Opened again, the form shows what was saved; saving untouched changes nothing.
    app.keys("g");
    assert_eq!(app.goal_form().remind_day.input.index, 4);
    assert_eq!(app.goal_form().remind_at.input.trimmed(), "07:30");
    assert!(!app.goal_form().is_changed(&app.state.data));
}
