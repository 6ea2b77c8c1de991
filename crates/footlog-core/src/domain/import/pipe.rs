//! Reading an import on one thread and taking its records on another: the file is read, parsed
//! and validated by a reader thread that sends the records, a batch at a time, through a bounded
//! channel to the calling thread, which hands them to the sink in file order. On two cores the
//! import then takes about as long as the slower of the two halves instead of their sum.
//!
//! The outcome is the one-thread read's: the sink sees the same calls in the same order (a
//! restart included), and the first problem in that order wins. A sink that refuses a record
//! stops the reader (its channel is gone), and the sink's error is reported; otherwise a
//! reader's error is reported after the sink took every record read before it, as a one-thread
//! read would have handed them. Memory stays bounded: at most [`DEPTH`] + 2 batches of
//! [`BATCH`] records are in flight ([`DEPTH`] in the channel, one being filled, one being taken),
//! a few MB even when every record carries the longest note and oil allowed.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use super::{ImportSink, ReadError};
use crate::domain::record::ImportMeta;
use crate::domain::{GoalChange, RestMark, SessionFields, SleepFields, WeekStart};

/// Records per message.
const BATCH: usize = 128;
/// Messages the channel holds before the reader waits.
const DEPTH: usize = 2;

/// One call of the reader on its sink.
enum Call {
    WeekStart(WeekStart),
    Goal(GoalChange),
    RestMark(RestMark),
    Session(ImportMeta, SessionFields),
    Sleep(ImportMeta, SleepFields),
    Restart,
}

/// The taking side stopped (its sink refused a record): the reader has nothing more to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gone;

/// The reader thread's sink: gathers calls into batches and sends them on.
pub struct Relay {
    tx: SyncSender<Vec<Call>>,
    batch: Vec<Call>,
}

impl Relay {
    fn push(&mut self, call: Call) -> Result<(), Gone> {
        self.batch.push(call);
        if self.batch.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Gone> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let full = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        self.tx.send(full).map_err(|_| Gone)
    }
}

impl ImportSink for Relay {
    type Error = Gone;

    fn week_start(&mut self, ws: WeekStart) -> Result<(), Gone> {
        self.push(Call::WeekStart(ws))
    }
    fn goal(&mut self, g: &GoalChange) -> Result<(), Gone> {
        self.push(Call::Goal(*g))
    }
    fn rest_mark(&mut self, r: &RestMark) -> Result<(), Gone> {
        self.push(Call::RestMark(r.clone()))
    }
    fn session(&mut self, meta: &ImportMeta, f: &SessionFields) -> Result<(), Gone> {
        self.push(Call::Session(meta.clone(), f.clone()))
    }
    fn sleep_note(&mut self, meta: &ImportMeta, f: &SleepFields) -> Result<(), Gone> {
        self.push(Call::Sleep(meta.clone(), f.clone()))
    }
    fn restart(&mut self) -> Result<(), Gone> {
        self.push(Call::Restart)
    }
}

/// Runs `read` (which reads a file into the [`Relay`] it is given) on a thread of its own and
/// hands every record it reads to `sink` on this thread; returns what `read` into `sink` on one
/// thread would return.
pub fn read_pipelined<S, F>(read: F, sink: &mut S) -> Result<(), ReadError<S::Error>>
where
    S: ImportSink,
    F: FnOnce(&mut Relay) -> Result<(), ReadError<Gone>> + Send,
{
    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel(DEPTH);
        let reader = scope.spawn(move || {
            let mut relay = Relay {
                tx,
                batch: Vec::with_capacity(BATCH),
            };
            let read = read(&mut relay);
            // What was read before the end (or before a problem) goes too.
            match relay.flush() {
                Ok(()) => read,
                Err(Gone) => Err(ReadError::Sink(Gone)),
            }
        });
        let taken = take_all(&rx, sink);
        // A sink that stopped early lets the reader's next send fail, so it ends.
        drop(rx);
        let read = match reader.join() {
            Ok(read) => read,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        taken.map_err(ReadError::Sink)?;
        read.map_err(|e| match e {
            ReadError::Import(e) => ReadError::Import(e),
            ReadError::NotUtf8 { offset } => ReadError::NotUtf8 { offset },
            ReadError::Io(e) => ReadError::Io(e),
            // Only when the sink stopped, whose error was returned above.
            ReadError::Sink(Gone) => {
                ReadError::Io(std::io::Error::other("the import stopped reading"))
            }
        })
    })
}

/// Hands every call received to `sink`, in order, until the reader is done or the sink refuses.
fn take_all<S: ImportSink>(rx: &Receiver<Vec<Call>>, sink: &mut S) -> Result<(), S::Error> {
    for batch in rx {
        for call in batch {
            match call {
                Call::WeekStart(ws) => sink.week_start(ws)?,
                Call::Goal(g) => sink.goal(&g)?,
                Call::RestMark(r) => sink.rest_mark(&r)?,
                Call::Session(m, f) => sink.session(&m, &f)?,
                Call::Sleep(m, f) => sink.sleep_note(&m, &f)?,
                Call::Restart => sink.restart()?,
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use chrono::{DateTime, FixedOffset};

    use super::*;
    use crate::domain::import::{read_import, read_import_seekable};

    /// Writes down every call since the last restart (which forgets them, as the store's
    /// importer does), and refuses the one numbered `refuse` (from 0) after it, so the same
    /// record is refused on every read of the same file, as the store refuses it.
    #[derive(Default)]
    struct Log {
        calls: Vec<String>,
        restarts: usize,
        refuse: Option<usize>,
    }

    impl Log {
        fn note(&mut self, call: String) -> Result<(), String> {
            if self.refuse == Some(self.calls.len()) {
                return Err(format!("refused {call}"));
            }
            self.calls.push(call);
            Ok(())
        }
    }

    impl ImportSink for Log {
        type Error = String;
        fn week_start(&mut self, ws: WeekStart) -> Result<(), String> {
            self.note(format!("{ws:?}"))
        }
        fn goal(&mut self, g: &GoalChange) -> Result<(), String> {
            self.note(format!("{g:?}"))
        }
        fn rest_mark(&mut self, r: &RestMark) -> Result<(), String> {
            self.note(format!("{r:?}"))
        }
        fn session(&mut self, m: &ImportMeta, f: &SessionFields) -> Result<(), String> {
            self.note(format!("{m:?} {f:?}"))
        }
        fn sleep_note(&mut self, m: &ImportMeta, f: &SleepFields) -> Result<(), String> {
            self.note(format!("{m:?} {f:?}"))
        }
        fn restart(&mut self) -> Result<(), String> {
            self.calls.clear();
            self.restarts += 1;
            Ok(())
        }
    }

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-23T20:00:00+01:00").expect("time")
    }

    /// An export of `n` sessions; the last one has `last_minutes`, and `tail` ends the file.
    fn export(n: usize, last_minutes: u32, tail: &str) -> Vec<u8> {
        let list: Vec<String> = (0..n)
            .map(|i| {
                let minutes = if i + 1 == n { last_minutes } else { 20 };
                format!(
                    "{{\"uuid\":\"00000000-0000-4000-8000-{i:012}\",\"started_at\":\
                     \"2026-11-{:02}T20:00:00+01:00\",\"minutes\":{minutes},\"tension_before\":5,\
                     \"tension_after\":2,\"note\":\"n{i}\"}}",
                    i % 20 + 1
                )
            })
            .collect();
        format!(
            "{{\"version\":1,\"goals\":[{{\"effective_from\":\"2026-01-05\",\"per_week\":3}}],\
             \"sessions\":[{}],\"sleep_notes\":[{{\"uuid\":\"00000000-0000-4000-8000-100000000000\",\
             \"night\":\"2026-11-20\",\"quality\":4}}],\"week_start\":\"sunday\"{tail}",
            list.join(",")
        )
        .into_bytes()
    }

    /// The calls, the restarts and the outcome (as text) of reading `doc` pipelined, both from
    /// a file that can be read again (the fast path) and from a stream; checked against the
    /// calls and outcome of the same read on one thread.
    fn both_ways(doc: &[u8], refuse: Option<usize>) -> [(Vec<String>, usize, String); 2] {
        let mut runs = Vec::new();
        for seekable in [true, false] {
            let read = |sink: &mut Log| {
                let r = if seekable {
                    read_import_seekable(Cursor::new(doc), &now(), sink)
                } else {
                    read_import(doc, &now(), sink)
                };
                format!("{r:?}")
            };
            let mut one = Log {
                refuse,
                ..Log::default()
            };
            let one_result = read(&mut one);
            let mut two = Log {
                refuse,
                ..Log::default()
            };
            let two_result = read_pipelined(
                |relay| {
                    if seekable {
                        read_import_seekable(Cursor::new(doc), &now(), relay)
                    } else {
                        read_import(doc, &now(), relay)
                    }
                },
                &mut two,
            );
            let two_result = format!("{two_result:?}");
            assert_eq!(one.calls, two.calls, "seekable: {seekable}");
            assert_eq!(one_result, two_result, "seekable: {seekable}");
            runs.push((two.calls, two.restarts, two_result));
        }
        let stream = runs.pop().expect("two runs");
        let seekable = runs.pop().expect("two runs");
        [seekable, stream]
    }

    #[test]
    fn a_valid_file_gives_the_sink_the_same_calls_pipelined() {
        let n = 3 * BATCH + 7;
        let [(calls, restarts, result), _] = both_ways(&export(n, 20, "}"), None);
        assert_eq!(result, "Ok(())");
        // The goal, every session, the sleep note and the week start; no restart.
        assert_eq!(calls.len(), n + 3);
        assert_eq!(restarts, 0);
    }

    #[test]
    fn an_error_in_the_last_record_comes_after_every_record_before_it_as_on_one_thread() {
        let n = 2 * BATCH + 1;
        let [(calls, restarts, result), (_, stream_restarts, _)] =
            both_ways(&export(n, 0, "}"), None);
        assert!(result.contains(&format!("sessions[{}]", n - 1)), "{result}");
        assert!(result.contains("minutes"), "{result}");
        // The fast path gave up and restarted; the stream read took the goal and every session
        // before the broken one.
        assert_eq!((restarts, stream_restarts), (1, 0));
        assert_eq!(calls.len(), 1 + (n - 1));
        // A syntax error at the very end too.
        let [(_, _, result), _] = both_ways(&export(n, 20, ",}"), None);
        assert!(result.starts_with("Err(Import(Format("), "{result}");
    }

    #[test]
    fn a_sink_that_refuses_stops_the_reader_and_its_error_wins() {
        // The file is broken at its end too, but the sink refuses first.
        let n = 4 * BATCH;
        for at in [0, 5, BATCH + 3, 3 * BATCH] {
            let [(calls, _, result), (stream_calls, _, stream_result)] =
                both_ways(&export(n, 0, "}"), Some(at));
            assert_eq!(calls.len(), at);
            assert_eq!(stream_calls.len(), at);
            assert!(result.starts_with("Err(Sink(\"refused"), "{result}");
            assert!(
                stream_result.starts_with("Err(Sink(\"refused"),
                "{stream_result}"
            );
        }
    }
}
