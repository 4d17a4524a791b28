//! Request ids: upper-case and UUID-shaped, from a seeded generator so that runs repeat.

/// Upper-case UUID-shaped request ids from a seeded generator (splitmix64): the same seed gives
/// the same ids, so runs repeat.
#[derive(Debug, Clone)]
pub struct RequestIds {
    state: u64,
}

impl RequestIds {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> RequestIds {
        RequestIds { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

impl Iterator for RequestIds {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        let (a, b) = (self.next_u64(), self.next_u64());
        Some(format!(
            "{:08X}-{:04X}-{:04X}-{:04X}-{:012X}",
            a >> 32,
            (a >> 16) & 0xFFFF,
            a & 0xFFFF,
            b >> 48,
            b & 0xFFFF_FFFF_FFFF
        ))
    }
}
