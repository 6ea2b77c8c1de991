//! The app's background sync: a thread that syncs after the first frame, within seconds of a
//! change (the app's own or another footlog's), every minute while the app is open, and when
//! asked. The app never waits for it: it reads the thread's news between events.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use footlog_sync::{SyncPaths, SyncReport};

use super::msg::SyncNews;

/// How often the thread looks for changes waiting to be sent.
const LOOK: Duration = Duration::from_secs(2);
/// How often it syncs anyway (another device's changes come in).
const EVERY: Duration = Duration::from_mins(1);

/// The background sync of one database.
pub struct SyncWorker {
    asks: Sender<()>,
    news: Receiver<SyncNews>,
    thread: Option<JoinHandle<()>>,
}

impl SyncWorker {
    /// Starts syncing `db` in the background; `clock` dates each sync.
    pub fn start(db: PathBuf, clock: fn() -> DateTime<FixedOffset>) -> std::io::Result<Self> {
        let (asks, asked) = mpsc::channel();
        let (tell, news) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("footlog-sync".into())
            .spawn(move || worker(&SyncPaths::new(&db), clock, &asked, &tell))?;
        Ok(Self {
            asks,
            news,
            thread: Some(thread),
        })
    }

    /// Asks for a sync now.
    pub fn ask(&self) {
        let _ = self.asks.send(());
    }

    /// The news since the last call, oldest first.
    pub fn news(&self) -> Vec<SyncNews> {
        self.news.try_iter().collect()
    }
}

impl Drop for SyncWorker {
    /// The app is closing: a sync under way is not waited for (a sync stopped at any point
    /// loses nothing; the next one completes it).
    fn drop(&mut self) {
        drop(self.thread.take());
    }
}

fn worker(
    paths: &SyncPaths,
    clock: fn() -> DateTime<FixedOffset>,
    asked: &Receiver<()>,
    tell: &Sender<SyncNews>,
) {
    let mut due = Instant::now();
    let mut offline = false;
    loop {
        let now = Instant::now();
        let wait = due.saturating_duration_since(now).min(LOOK);
        let run = match asked.recv_timeout(wait) {
            Ok(()) => true,
            Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {
                Instant::now() >= due || (!offline && pending(paths) > 0)
            }
        };
        if !run {
            continue;
        }
        let result = footlog_sync::sync_now(paths, &clock());
        offline = result.is_err();
        due = Instant::now() + EVERY;
        // Turned off meanwhile (`footlog sync off`): said once, then nothing more is tried.
        let off = matches!(result, Err(footlog_sync::SyncError::NotSetUp));
        if tell.send(news(paths, result)).is_err() || off {
            return;
        }
    }
}

fn pending(paths: &SyncPaths) -> usize {
    footlog_sync::status(paths).map_or(0, |s| s.pending)
}

/// What the app hears of one sync.
fn news(paths: &SyncPaths, result: Result<SyncReport, footlog_sync::SyncError>) -> SyncNews {
    let status = footlog_sync::status(paths).ok();
    let mut notes = Vec::new();
    let failed = match result {
        Ok(report) => {
            for (night, loser) in &report.night_conflicts {
                notes.push(format!(
                    "Synced: the night of {night} had two sleep notes; the later stays, the \
                     other is kept as deleted (footlog undelete {loser})"
                ));
            }
            if !report.unreadable.is_empty() {
                notes.push(format!(
                    "Synced: {} record(s) from another device need a newer footlog; they are kept",
                    report.unreadable.len()
                ));
            }
            None
        }
        Err(e) => Some(e.to_string()),
    };
    SyncNews {
        last_sync: status.as_ref().and_then(|s| s.last_sync),
        pending: status.map_or(0, |s| s.pending),
        failed,
        notes,
    }
}
