//! Checking that an import file is UTF-8 text while it streams past.

use std::io::Read;

/// A reader that checks that the bytes are UTF-8 as they pass, and stops at the first that is not.
pub(super) struct Utf8Checked<R> {
    inner: R,
    /// Bytes passed so far.
    offset: u64,
    /// An incomplete character at the end of the last read, and where it started.
    pending: Vec<u8>,
    pending_at: u64,
    /// Where the first invalid byte was found.
    pub(super) invalid_at: Option<u64>,
}

impl<R: Read> Utf8Checked<R> {
    pub(super) fn new(inner: R) -> Self {
        Self {
            inner,
            offset: 0,
            pending: Vec::new(),
            pending_at: 0,
            invalid_at: None,
        }
    }

    /// Checks `bytes`, which start at `self.offset`; `Err` holds the offset of an invalid byte.
    fn check(&mut self, bytes: &[u8]) -> Result<(), u64> {
        let mut rest = bytes;
        if let Some(&lead) = self.pending.first() {
            let width: usize = match lead {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            let k = width.saturating_sub(self.pending.len()).min(rest.len());
            self.pending
                .extend_from_slice(rest.get(..k).unwrap_or_default());
            rest = rest.get(k..).unwrap_or_default();
            if self.pending.len() < width {
                return Ok(());
            }
            if std::str::from_utf8(&self.pending).is_err() {
                return Err(self.pending_at);
            }
            self.pending.clear();
        }
        match std::str::from_utf8(rest) {
            Ok(_) => Ok(()),
            Err(e) => {
                let skipped = bytes.len() - rest.len();
                let bad = self.offset + (skipped + e.valid_up_to()) as u64;
                if e.error_len().is_some() {
                    Err(bad)
                } else {
                    self.pending = rest.get(e.valid_up_to()..).unwrap_or_default().to_vec();
                    self.pending_at = bad;
                    Ok(())
                }
            }
        }
    }
}

impl<R: Read> Read for Utf8Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let not_utf8 = || std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text");
        if self.invalid_at.is_some() {
            return Err(not_utf8());
        }
        let n = self.inner.read(buf)?;
        let verdict = if n == 0 {
            if self.pending.is_empty() {
                Ok(())
            } else {
                Err(self.pending_at)
            }
        } else {
            self.check(buf.get(..n).unwrap_or_default())
        };
        if let Err(at) = verdict {
            self.invalid_at = Some(at);
            return Err(not_utf8());
        }
        self.offset += n as u64;
        Ok(n)
    }
}
