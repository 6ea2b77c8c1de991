//! `footlog sleep`: one note per night.

use std::io::Write;

use super::args::SleepArgs;
use super::{CliError, Ctx, exit, invalid};
use crate::domain::SleepDraft;
use crate::domain::diary::DiaryDraft;
use crate::domain::time::default_night;

pub fn run(a: SleepArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    let night = match &a.night {
        Some(n) => ctx.date_flag("--night", "night", n)?,
        None => default_night(&ctx.now),
    };
    let fields = SleepDraft {
        night,
        quality: a.quality,
        hours: a.hours,
        note: a.note,
        diary: DiaryDraft {
            bed: a.bed,
            tried: a.tried,
            latency_min: a.latency,
            awakenings: a.awakenings,
            awake_min: a.awake,
            woke: a.woke,
            up: a.up,
        },
    }
    .validate_on(ctx.today())
    .map_err(|e| {
        let flag = format!("--{}", e.field);
        invalid(&flag, &e)
    })?;
    let mut store = ctx.open_for_writing()?;
    let note = store.put_sleep(fields, a.replace, &ctx.now)?;
    writeln!(out, "{}", note.uuid)?;
    Ok(exit::OK)
}
