//! The nonces the endpoint has seen, within the window a replay could use them.

use std::collections::{HashSet, VecDeque};

use crate::time::Timestamp;
use crate::verify::DEFAULT_MAX_SKEW_SECONDS;

/// The nonces seen per AccessKeyId within twice the allowed skew; older ones are forgotten, so
/// the store's size is bounded by the request rate, not by uptime. Each (AccessKeyId, nonce) is
/// kept as a 128-bit digest, not as strings: no allocation per nonce, so a steady load keeps a
/// steady memory (two SipHash digests; a false "used" needs a 128-bit collision).
#[derive(Debug, Clone, Default)]
pub(crate) struct NonceStore {
    seen: HashSet<u128>,
    by_time: VecDeque<(i64, u128)>,
}

/// The digest a nonce is remembered by.
fn nonce_digest(key_id: &str, nonce: &str) -> u128 {
    use std::hash::{Hash as _, Hasher as _};
    let half = |salt: u8| {
        let mut h = std::hash::DefaultHasher::new();
        salt.hash(&mut h);
        key_id.hash(&mut h);
        nonce.hash(&mut h);
        h.finish()
    };
    u128::from(half(1)) << 64 | u128::from(half(2))
}

impl NonceStore {
    /// Remembers `nonce` for `key_id` at `now`; false when it was seen before.
    pub(super) fn first_use(&mut self, key_id: &str, nonce: &str, now: &Timestamp) -> bool {
        let horizon = now.unix_seconds() - 2 * DEFAULT_MAX_SKEW_SECONDS as i64;
        let before = self.seen.len();
        while self.by_time.front().is_some_and(|(t, _)| *t < horizon) {
            if let Some((_, digest)) = self.by_time.pop_front() {
                self.seen.remove(&digest);
            }
        }
        self.give_room_back(before);
        let digest = nonce_digest(key_id, nonce);
        if !self.seen.insert(digest) {
            return false;
        }
        self.by_time.push_back((now.unix_seconds(), digest));
        true
    }

    /// After a large expiry (from `before` entries), gives the room back: a table full of
    /// tombstones would otherwise grow at the next rehash, and memory would creep under a steady
    /// load. Only memory depends on it, never an answer.
    fn give_room_back(&mut self, before: usize) {
        if self.seen.len() < before && self.seen.len() * 4 < self.seen.capacity() {
            self.seen.shrink_to(self.seen.len() * 2);
            self.by_time.shrink_to(self.by_time.len() * 2);
        }
    }

    pub(super) fn len(&self) -> usize {
        self.seen.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nonce_is_refused_within_the_window_and_forgotten_after_it() {
        let at = |s: i64| Timestamp::from_unix_seconds(1_800_000_000 + s).expect("time");
        let mut store = NonceStore::default();
        assert!(store.first_use("k", "n", &at(0)));
        assert!(!store.first_use("k", "n", &at(1800)));
        assert!(store.first_use("other-key", "n", &at(1800)));
        // 1,801 s later the first use is outside twice the skew, and forgotten.
        assert!(store.first_use("k", "n2", &at(1801)));
        assert!(store.first_use("k", "n", &at(3602)));
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn the_room_of_an_expired_burst_is_given_back() {
        let at = |s: i64| Timestamp::from_unix_seconds(1_800_000_000 + s).expect("time");
        let mut store = NonceStore::default();
        for n in 0..10_000 {
            assert!(store.first_use("k", &n.to_string(), &at(0)));
        }
        assert!(store.seen.capacity() >= 10_000);
        assert!(store.first_use("k", "later", &at(1801)));
        assert_eq!(store.len(), 1);
        assert!(store.seen.capacity() < 100, "{}", store.seen.capacity());
        assert!(
            store.by_time.capacity() < 100,
            "{}",
            store.by_time.capacity()
        );
    }

    /// A digest is 128 bits: two different halves, one in each 64-bit half of the number (a
    /// digest of 64 bits would make a false "used" a 64-bit collision).
    #[test]
    fn a_digest_fills_both_halves() {
        for (key_id, nonce) in [("k", "n"), ("LTAI5t", "6a1f0c8e"), ("", "")] {
            let digest = nonce_digest(key_id, nonce);
            let (high, low) = ((digest >> 64) as u64, digest as u64);
            assert!(high != 0 && low != 0 && high != low, "{digest:032x}");
        }
    }
}
