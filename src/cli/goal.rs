//! `footlog goal`: show or change the weekly goal and the first day of the week.

use std::io::Write;

use super::args::{GoalArgs, WeekStartArg};
use super::text::plural;
use super::{CliError, Ctx, exit};
use crate::domain::WeekStart;

pub fn run(a: &GoalArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    let store = if a.per_week.is_some() || a.week_start.is_some() {
        let mut store = ctx.open_for_writing()?;
        if let Some(ws) = a.week_start {
            store.set_week_start(match ws {
                WeekStartArg::Monday => WeekStart::Monday,
                WeekStartArg::Sunday => WeekStart::Sunday,
            })?;
        }
        if let Some(n) = a.per_week {
            store.set_goal(ctx.today(), n)?;
        }
        store
    } else {
        ctx.open_for_reading()?
    };
    let ws = store.week_start()?;
    let week = ws.week_of(ctx.today());
    let goal = store.goals()?.goal_for_week(week);
    writeln!(
        out,
        "Goal: {} per week; weeks start on {} ({}).",
        plural(goal, "session", "sessions"),
        match ws {
            WeekStart::Monday => "Monday",
            WeekStart::Sunday => "Sunday",
        },
        ws.span_label()
    )?;
    Ok(exit::OK)
}
