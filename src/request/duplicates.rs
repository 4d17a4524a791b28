//! Duplicate instance ids, found through a small hash table on the stack.

use super::error::RequestError;
use super::names::{INSTANCE_ID, MAX_INSTANCE_IDS, instance_id_name};

/// The duplicate to report among the ids in index order (`ids[0]` is `InstanceId.1`): of equal
/// ids the higher index is the copy, and of the copies the one whose name sorts first (bytewise:
/// `InstanceId.10` before `InstanceId.2`) is reported.
///
/// Equal ids are found through a small open-addressing table on the stack (at most 100 ids in
/// 256 slots), not by sorting them.
pub(super) fn first_duplicate(ids: &[&str]) -> Option<RequestError> {
    /// One slot per value of the `u8` hash.
    const SLOTS: usize = 1 << u8::BITS;
    debug_assert!(ids.len() <= MAX_INSTANCE_IDS);
    // Each slot holds the index (0-based) + 1 of the first id that landed there.
    let mut table = [0u8; SLOTS];
    let mut found: Option<(&'static str, &'static str)> = None;
    for (i, id) in ids.iter().enumerate() {
        // A `u8` slot: the table's size, so the probe wraps around it with no modulo.
        let mut slot = id_hash(id);
        loop {
            match usize::from(table[usize::from(slot)]) {
                0 => {
                    table[usize::from(slot)] =
                        u8::try_from(i + 1).expect("invariant: at most 100 ids");
                    break;
                }
                first if ids[first - 1] == *id => {
                    let copy = instance_id_name(i + 1).unwrap_or(INSTANCE_ID);
                    if found.is_none_or(|(best, _)| copy < best) {
                        found = Some((copy, instance_id_name(first).unwrap_or(INSTANCE_ID)));
                    }
                    break;
                }
                _ => slot = slot.wrapping_add(1),
            }
        }
    }
    found.map(|(copy, first)| RequestError::DuplicateInstanceId {
        parameter: copy.to_owned(),
        first: first.to_owned(),
    })
}

/// A fast hash of an id from three eight-byte words (its start, middle and end, overlapping
/// when it is short), or its bytes padded when it is under eight. Ids are short and need no
/// resistance to chosen collisions: a collision costs one more probe, and there are at most 100.
fn id_hash(id: &str) -> u8 {
    let bytes = id.as_bytes();
    let word = |at: usize| {
        bytes
            .get(at..at + 8)
            .and_then(|w| w.first_chunk::<8>())
            .map_or(0, |w| u64::from_le_bytes(*w))
    };
    let (a, b, c) = if bytes.len() >= 8 {
        let last = bytes.len() - 8;
        (word(0), word(last / 2), word(last))
    } else {
        let mut padded = [0u8; 8];
        padded[..bytes.len()].copy_from_slice(bytes);
        (u64::from_le_bytes(padded), 0, 0)
    };
    let mut h: u64 = 0x9E37_79B9_7F4A_7C15 ^ bytes.len() as u64;
    for w in [a, b, c] {
        h = (h ^ w).wrapping_mul(0xA076_1D64_78BD_642F);
        h ^= h >> 29;
    }
    // The top byte, which the multiplications mixed the most.
    h.wrapping_mul(0x9E37_79B9_7F4A_7C15).to_be_bytes()[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where a probe starts decides only how many probes there are, never the answer: no mutant
    /// of `id_hash` can change what `first_duplicate` reports (they are listed as equivalent in
    /// .cargo/mutants.toml). What it must do is spread ids, or 100 of them cost up to 5,000
    /// probes: typical ids, differing in a few bytes, land in many slots.
    #[test]
    fn the_hash_spreads_ids_that_differ_in_a_few_bytes() {
        for shape in ["i-bp1g6zv0ce8oghu7k{}z", "i-{}", "i-{}bp1g6zv0ce8oghu7k2zz"] {
            let mut used = [false; 256];
            for n in 0..100 {
                let id = shape.replace("{}", &format!("{n:03}"));
                used[usize::from(id_hash(&id))] = true;
            }
            let slots = used.iter().filter(|&&u| u).count();
            // 100 keys thrown at random into 256 slots fill about 83.
            assert!(slots >= 70, "{shape}: {slots} slots");
        }
    }

    #[test]
    fn a_copy_is_found_among_a_hundred_ids() {
        let ids: Vec<String> = (0..100).map(|n| format!("i-{n}")).collect();
        let mut refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert!(first_duplicate(&refs).is_none());
        refs[99] = "i-0";
        let err = first_duplicate(&refs).expect("a duplicate");
        assert_eq!(err.parameter(), Some("InstanceId.100"));
    }
}
