//! The command-line interface: flags and subcommands (exact: scripts depend on them).

use std::path::PathBuf;

use clap::builder::PossibleValuesParser;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::domain::{Area, Feet, Tool};

/// Log foot-massage sessions and sleep notes; chart weekly progress against your goal.
#[derive(Debug, Parser)]
#[command(name = "footlog", version, about, long_about = None)]
pub struct Cli {
    #[expect(
        clippy::doc_markdown,
        reason = "clap prints this doc line as the --help text, where backticks would show"
    )]
    /// Database file [default: $FOOTLOG_DB, else <data dir>/footlog/footlog.db]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Open the app on a temporary database filled with a year of sample data.
    #[arg(long)]
    pub demo: bool,

    /// What to do; without one, the interactive app opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Log a massage session; prints its UUID.
    Log(LogArgs),
    /// Note how you slept; prints its UUID.
    Sleep(SleepArgs),
    /// List sessions (or sleep notes).
    List(ListArgs),
    /// Sessions per week against the goal.
    Week(WeekArgs),
    /// Totals, streaks and averages.
    Stats(JsonFlag),
    /// Show or change the weekly goal and the first day of the week.
    Goal(GoalArgs),
    /// Mark (or unmark) a week as a rest week.
    Rest(RestArgs),
    /// One line on this week; exit 0 if the goal is met or it is a rest week, 3 if a session is due.
    Due(DueArgs),
    /// Weekly reminders: a calendar file, a systemd user timer (or cron), or what is set up.
    Remind(RemindArgs),
    /// Delete a session or sleep note by UUID or a unique prefix of it.
    Delete(DeleteArgs),
    /// Bring back a deleted session or sleep note (within 30 days of the delete).
    Undelete(DeleteArgs),
    /// Erase the content of every deleted record now (only its UUID stays).
    Purge,
    /// Write everything (or sessions / sleep notes as CSV).
    Export(ExportArgs),
    /// Read a JSON export, a JSON list of records, or CSV (detected).
    Import(ImportArgs),
    /// What your own data says: tension relief, sleep after massage nights, usual times.
    Insights(InsightsArgs),
    /// Copy the database safely, even while footlog runs; prints the copy's path.
    Backup(BackupArgs),
    /// Check the database: integrity, schema, every record, file modes, backups.
    Check(JsonFlag),
    /// Put a backup back (checked first; the current database is kept in backups/), or list them.
    Restore(RestoreArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Open the app straight into a guided session
    Guided,
    /// A report to hand to a physiotherapist, podiatrist or doctor (HTML or Markdown).
    Report(ReportArgs),
    /// Sync now with your other machines (end-to-end encrypted); `sync setup` first.
    Sync(SyncArgs),
}

/// One of `names`; spaces around it are ignored (`--area "balls, arches"`).
fn words<T>(names: &'static [&'static str]) -> Words<T>
where
    T: std::str::FromStr<Err = crate::domain::ValidationError> + Clone + Send + Sync + 'static,
{
    Words {
        names,
        value: std::marker::PhantomData,
    }
}

/// The parser behind [`words`]: clap's possible values (so help and completions list them),
/// after trimming.
#[derive(Clone)]
struct Words<T> {
    names: &'static [&'static str],
    value: std::marker::PhantomData<fn() -> T>,
}

impl<T> clap::builder::TypedValueParser for Words<T>
where
    T: std::str::FromStr<Err = crate::domain::ValidationError> + Clone + Send + Sync + 'static,
{
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        let trimmed = value
            .to_str()
            .map_or(value, |s| std::ffi::OsStr::new(s.trim()));
        let word = PossibleValuesParser::new(self.names).parse_ref(cmd, arg, trimmed)?;
        word.parse::<T>()
            .map_err(|e| clap::Error::raw(clap::error::ErrorKind::InvalidValue, e.message))
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            self.names
                .iter()
                .map(|n| clap::builder::PossibleValue::new(*n)),
        ))
    }
}

/// A whole number; the range `lo`–`hi` is checked (and named) by the domain, this only turns
/// "5.5" or "seven" into the same words rather than a Rust parse error.
fn whole(lo: i64, hi: i64) -> impl Fn(&str) -> Result<i64, String> + Clone + Send + Sync + 'static {
    move |s| {
        s.trim()
            .parse::<i64>()
            .map_err(|_| format!("must be a whole number from {lo} to {hi}"))
    }
}

/// A report's length in weeks, 1 to [`MAX_WEEKS`](crate::domain::report::MAX_WEEKS): checked
/// here, in the words the other number flags use, rather than in clap's range text.
fn report_weeks(s: &str) -> Result<u32, String> {
    use crate::domain::report::MAX_WEEKS;
    s.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_WEEKS).contains(n))
        .ok_or_else(|| format!("must be a whole number of weeks from 1 to {MAX_WEEKS}"))
}

/// `footlog log`.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// Tension before the massage, 0–10.
    #[arg(long, allow_negative_numbers = true, value_name = "N", value_parser = whole(0, 10))]
    pub before: i64,
    /// Tension after the massage, 0–10.
    #[arg(long, allow_negative_numbers = true, value_name = "N", value_parser = whole(0, 10))]
    pub after: i64,
    /// Total minutes, 1–240 [default: 20].
    #[arg(long, allow_negative_numbers = true, value_name = "M", value_parser = whole(1, 240))]
    pub minutes: Option<i64>,
    /// Start, local time: "YYYY-MM-DD HH:MM", or YYYY-MM-DD for 12:00 that day; or in words:
    /// today, yesterday, -2d or a weekday (the latest, today included), each optionally followed
    /// by a time ("yesterday 21:15"), or a time alone (today) [default: now].
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub at: Option<String>,
    /// Which feet [default: both].
    #[arg(long, value_name = "F", value_parser = words::<Feet>(Feet::NAMES))]
    pub feet: Option<Feet>,
    /// Tool or technique [default: hands].
    #[arg(long, value_name = "T", value_parser = words::<Tool>(Tool::NAMES))]
    pub tool: Option<Tool>,
    /// Focus area; repeat or separate with commas.
    #[arg(long = "area", value_name = "A", value_delimiter = ',', value_parser = words::<Area>(Area::NAMES))]
    pub areas: Vec<Area>,
    /// Oil or lotion used.
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub oil: Option<String>,
    /// Pain during the massage, 0–10.
    #[arg(long, allow_negative_numbers = true, value_name = "N", value_parser = whole(0, 10))]
    pub pain: Option<i64>,
    /// A note, up to 2,000 characters.
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,
}

/// `footlog sleep`.
#[derive(Debug, Args)]
pub struct SleepArgs {
    /// Sleep quality, 1–5.
    #[arg(long, allow_negative_numbers = true, value_name = "Q", value_parser = whole(1, 5))]
    pub quality: i64,
    /// The date you went to bed [default: last night: yesterday before 18:00, else today].
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub night: Option<String>,
    /// Hours slept, 0–24.
    #[arg(long, allow_negative_numbers = true, value_name = "H")]
    pub hours: Option<f64>,
    /// A note, up to 2,000 characters.
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,
    /// Sleep diary: the time you got into bed (from 12:00 on the night's date, before 12:00
    /// the next morning).
    #[arg(long, value_name = "HH:MM", allow_hyphen_values = true)]
    pub bed: Option<String>,
    /// Sleep diary: the time you tried to go to sleep.
    #[arg(long, value_name = "HH:MM", allow_hyphen_values = true)]
    pub tried: Option<String>,
    /// Sleep diary: minutes it took to fall asleep, 0–720.
    #[arg(long, allow_negative_numbers = true, value_name = "MIN", value_parser = whole(0, 720))]
    pub latency: Option<i64>,
    /// Sleep diary: times you woke, not counting the final awakening, 0–99.
    #[arg(long, allow_negative_numbers = true, value_name = "N", value_parser = whole(0, 99))]
    pub awakenings: Option<i64>,
    /// Sleep diary: minutes those awakenings lasted in total, 0–720.
    #[arg(long, allow_negative_numbers = true, value_name = "MIN", value_parser = whole(0, 720))]
    pub awake: Option<i64>,
    /// Sleep diary: the time of your final awakening.
    #[arg(long, value_name = "HH:MM", allow_hyphen_values = true)]
    pub woke: Option<String>,
    /// Sleep diary: the time you got out of bed.
    #[arg(long, value_name = "HH:MM", allow_hyphen_values = true)]
    pub up: Option<String>,
    /// Overwrite the night's existing note.
    #[arg(long)]
    pub replace: bool,
}

/// `footlog list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// List sleep notes instead of sessions.
    #[arg(long)]
    pub sleep: bool,
    /// From this date on (inclusive).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub since: Option<String>,
    /// Up to this date (inclusive).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub until: Option<String>,
    /// JSON output.
    #[arg(long)]
    pub json: bool,
    /// List deleted sessions and sleep notes (those that can still be brought back).
    #[arg(long, conflicts_with_all = ["sleep", "since", "until"])]
    pub deleted: bool,
}

/// `footlog week`.
#[derive(Debug, Args)]
pub struct WeekArgs {
    /// How many weeks, 1–520.
    #[arg(long, value_name = "N", default_value_t = 12, value_parser = clap::value_parser!(u16).range(1..=520))]
    pub weeks: u16,
    /// End with the week holding this date [default: today].
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub until: Option<String>,
    /// JSON output.
    #[arg(long)]
    pub json: bool,
}

/// A lone `--json` flag.
#[derive(Debug, Args)]
pub struct JsonFlag {
    /// JSON output.
    #[arg(long)]
    pub json: bool,
}

/// First day of the week.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum WeekStartArg {
    /// Weeks run Monday to Sunday.
    Monday,
    /// Weeks run Sunday to Saturday.
    Sunday,
}

/// `footlog goal`.
#[derive(Debug, Args)]
pub struct GoalArgs {
    /// Sessions per week, 1–14; applies from the current week on.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=14))]
    pub per_week: Option<u8>,
    /// First day of the week (regroups all history).
    #[arg(long, value_name = "DAY")]
    pub week_start: Option<WeekStartArg>,
}

/// `footlog due`.
#[derive(Debug, Args)]
pub struct DueArgs {
    /// Also show a desktop notification when a session is due (nothing without a session bus).
    #[arg(long)]
    pub notify: bool,
}

/// `footlog remind`: without a flag, what is set up.
#[derive(Debug, Args)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each is a flag of the exact command line; clap's group keeps the three actions apart"
)]
#[command(group(clap::ArgGroup::new("how").args(["ics", "install", "uninstall"])))]
pub struct RemindArgs {
    /// Print an iCalendar file (RFC 5545): a weekly event with an alarm, for any calendar app.
    #[arg(long)]
    pub ics: bool,
    /// Install a systemd user timer that runs "footlog due --notify" weekly.
    #[arg(long)]
    pub install: bool,
    /// Remove the timer installed by --install.
    #[arg(long)]
    pub uninstall: bool,
    /// Reminder day, one of mon, tue, wed, thu, fri, sat, sun (kept for next time) [default: the
    /// last day of the week].
    #[arg(long, value_name = "DAY", allow_hyphen_values = true)]
    pub day: Option<String>,
    /// Reminder time, local, HH:MM (kept for next time) [default: 19:00].
    #[arg(long, value_name = "HH:MM", allow_hyphen_values = true)]
    pub at: Option<String>,
    /// With --ics: write to FILE (created 0600) instead of standard output (- for standard output).
    #[arg(long, value_name = "FILE", requires = "ics")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists (never the database or its backups).
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// `footlog rest`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("action").required(true).args(["reason", "undo"])))]
pub struct RestArgs {
    /// A date in the week to mark [default: today].
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub week: Option<String>,
    /// Why (travel, illness, a foot injury …).
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub reason: Option<String>,
    /// Remove the week's rest mark.
    #[arg(long)]
    pub undo: bool,
}

fn period_weeks() -> impl clap::builder::TypedValueParser<Value = u32> {
    use clap::builder::TypedValueParser;
    PossibleValuesParser::new(["12", "26", "52"]).map(|s| s.parse::<u32>().unwrap_or(12))
}

/// `footlog insights`.
#[derive(Debug, Args)]
pub struct InsightsArgs {
    /// The period in weeks, ending with this week.
    #[arg(long, value_name = "N", default_value_t = 12, value_parser = period_weeks())]
    pub weeks: u32,
    /// JSON output.
    #[arg(long)]
    pub json: bool,
}

/// `footlog backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Write the copy here (created 0600) [default: a dated file in <db folder>/backups/, newest 10 kept].
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists (never the database or its backups).
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// `footlog restore`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["file", "list"])))]
pub struct RestoreArgs {
    /// The backup (or any footlog database file) to restore.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// List the backups in <db folder>/backups/, newest first.
    #[arg(long)]
    pub list: bool,
}

/// `footlog sync`: with no subcommand, syncs now.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SyncArgs {
    #[command(subcommand)]
    pub action: Option<SyncAction>,
    /// JSON output: {"sent": N, "received": N}.
    #[arg(long)]
    pub json: bool,
}

/// `footlog sync …`.
#[derive(Debug, Subcommand)]
pub enum SyncAction {
    /// Set up sync: --new on your first device (prints the key), --join on every other one
    /// (reads the key from stdin).
    Setup(SyncSetupArgs),
    /// Print the sync key (one line), to set up your next device. Keep a copy somewhere safe.
    Key,
    /// Where sync stands: the server, the last sync, the changes waiting.
    Status(JsonFlag),
    /// Turn sync off: forget the server and the key (your data here is untouched).
    Off,
}

/// `footlog sync setup`.
#[derive(Debug, Args)]
pub struct SyncSetupArgs {
    /// The sync server's address (a taskchampion-sync-server: https://…).
    #[arg(long, value_name = "URL")]
    pub server: String,
    /// Start a new sync history: on your first device only. Prints the key.
    #[arg(long, conflicts_with = "join")]
    pub new: bool,
    /// Join your other devices' history: the key (`footlog sync key` there) is read from stdin.
    #[arg(long)]
    pub join: bool,
}

/// `footlog delete`.
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The record's UUID or a unique prefix of it.
    #[arg(value_name = "UUID-or-unique-prefix")]
    pub id: String,
}

/// Export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Everything in one JSON document.
    Json,
    /// Sessions, or sleep notes with --sleep, one row each.
    Csv,
}

/// `footlog export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// CSV of sleep notes instead of sessions.
    #[arg(long)]
    pub sleep: bool,
    /// Write to FILE (created 0600) instead of standard output (- for standard output).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists (never the database or its backups).
    #[arg(long, requires = "output")]
    pub force: bool,
    /// Write every readable record and list the damaged ones left out on stderr (without it, a
    /// damaged record makes the export fail and name it).
    #[arg(long)]
    pub skip_damaged: bool,
}

/// `footlog import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to read (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// `footlog completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `footlog report` formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML file (prints on A4 or Letter).
    Html,
    /// Markdown.
    Md,
}

/// `footlog report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// How many weeks, 1–520, ending with this week [default: 12].
    #[arg(long, value_name = "N", conflicts_with = "since", value_parser = report_weeks)]
    pub weeks: Option<u32>,
    /// From the week holding this date (the period is rounded out to whole weeks).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// With --since: to the week holding this date [default: this week].
    #[arg(long, value_name = "DATE", requires = "since")]
    pub until: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,
    /// Write to FILE (created 0600) instead of standard output (- for standard output).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists (never the database or its backups).
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// `--output -` means standard output, as `import -` reads standard input: the option is then
/// as if not given (a file named `-` is still written with `--output ./-`).
pub fn dash_is_stdout(output: &mut Option<PathBuf>) {
    if output.as_deref() == Some(std::path::Path::new("-")) {
        *output = None;
    }
}
