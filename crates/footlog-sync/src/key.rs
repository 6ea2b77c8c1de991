//! The sync key: the client id the server knows this history by and the secret every record is
//! encrypted with, in one line to copy to the next device.

use std::fmt;
use std::str::FromStr;

use ring::rand::{SecureRandom, SystemRandom};
use uuid::Uuid;

use crate::SyncError;

/// What a key starts with (and the format's version).
const PREFIX: &str = "footlog1";
/// Bytes of secret: 256 bits, from the operating system's random source.
const SECRET_BYTES: usize = 32;

/// A sync key. Its `Display` is the line `footlog sync key` prints; `Debug` hides the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct SyncKey {
    /// The history's id on the server (the server sees it; it is not secret on its own).
    pub client_id: Uuid,
    /// The encryption secret (never leaves this machine but in the key the user copies).
    pub secret: [u8; SECRET_BYTES],
}

impl SyncKey {
    /// A new key: a random client id and a random secret.
    pub fn generate() -> Result<SyncKey, SyncError> {
        let mut secret = [0u8; SECRET_BYTES];
        SystemRandom::new()
            .fill(&mut secret)
            .map_err(|_| SyncError::Random)?;
        Ok(SyncKey {
            client_id: Uuid::new_v4(),
            secret,
        })
    }
}

impl fmt::Display for SyncKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PREFIX}-{}-", self.client_id.simple())?;
        for b in self.secret {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for SyncKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SyncKey")
            .field("client_id", &self.client_id)
            .field("secret", &"…")
            .finish()
    }
}

impl FromStr for SyncKey {
    type Err = SyncError;

    /// Reads a key as printed (spaces and line breaks around or inside it are ignored, so a key
    /// copied across two lines still reads).
    fn from_str(s: &str) -> Result<SyncKey, SyncError> {
        let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let bad = || SyncError::BadKey;
        let mut parts = compact.split('-');
        let (Some(PREFIX), Some(client), Some(secret), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if client.len() != 32 || secret.len() != SECRET_BYTES * 2 {
            return Err(bad());
        }
        let client_id = Uuid::parse_str(client).map_err(|_| bad())?;
        let mut bytes = [0u8; SECRET_BYTES];
        for (i, b) in bytes.iter_mut().enumerate() {
            let pair = secret.get(i * 2..i * 2 + 2).ok_or_else(bad)?;
            *b = u8::from_str_radix(pair, 16).map_err(|_| bad())?;
        }
        Ok(SyncKey {
            client_id,
            secret: bytes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_reads_back_as_printed_and_two_keys_differ() {
        let a = SyncKey::generate().expect("key");
        let b = SyncKey::generate().expect("key");
        assert_ne!(a, b);
        assert_eq!(a.to_string().parse::<SyncKey>().expect("parse"), a);
        let printed = a.to_string();
        assert_eq!(printed.len(), PREFIX.len() + 1 + 32 + 1 + 64);
        let wrapped = format!("  {}\n{}  ", &printed[..50], &printed[50..]);
        assert_eq!(wrapped.parse::<SyncKey>().expect("parse"), a);
    }

    #[test]
    fn a_mistyped_key_is_refused() {
        let good = SyncKey::generate().expect("key").to_string();
        for bad in [
            String::new(),
            good[..good.len() - 1].to_string(),
            good.replace(PREFIX, "footlog2"),
            format!("{}g", &good[..good.len() - 1]),
            format!("{good}-x"),
        ] {
            assert!(
                matches!(bad.parse::<SyncKey>(), Err(SyncError::BadKey)),
                "{bad}"
            );
        }
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let k = SyncKey::generate().expect("key");
        let secret_hex = &k.to_string()[PREFIX.len() + 34..];
        assert!(!format!("{k:?}").contains(secret_hex));
    }
}
