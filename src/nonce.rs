//! The signature nonce: unique per request, and per retry.

use std::fmt;

/// The most bytes a nonce may have.
pub const MAX_NONCE_LEN: usize = 128;

/// A `SignatureNonce`: 1 to 128 visible ASCII characters (0x21 to 0x7E) but the comma, unique
/// per request and per retry; the service refuses a nonce it has seen (`SignatureNonceUsed`).
///
/// The comma is refused because a V3 header value with one can be split into two headers of
/// the same name, each a nonce of its own: one nonce must never be two.
///
/// The crate draws no randomness: bring your own (a UUID is customary), or enable the
/// `random-nonce` feature for [`Nonce::random`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Nonce {
    text: String,
}

/// Why a nonce was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NonceError {
    /// The nonce is empty.
    #[error("nonce is empty")]
    Empty,
    /// The nonce is longer than 128 bytes.
    #[error("nonce is {0} bytes long, the most allowed is 128")]
    TooLong(usize),
    /// The nonce holds a comma, or a byte outside 0x21 to 0x7E.
    #[error("nonce holds a comma or a byte outside visible ASCII at offset {0}")]
    Character(usize),
}

impl Nonce {
    /// Checks and wraps a nonce.
    pub fn new(nonce: impl Into<String>) -> Result<Nonce, NonceError> {
        let nonce = nonce.into();
        if nonce.is_empty() {
            return Err(NonceError::Empty);
        }
        if let Some(at) = nonce
            .bytes()
            .position(|b| b == b',' || !(0x21..=0x7E).contains(&b))
        {
            return Err(NonceError::Character(at));
        }
        if nonce.len() > MAX_NONCE_LEN {
            return Err(NonceError::TooLong(nonce.len()));
        }
        Ok(Nonce::checked(nonce))
    }

    /// 32 lower-case hex digits of operating-system randomness.
    ///
    /// ```
    /// let nonce = aliyun_ecs_delete::Nonce::random()?;
    /// assert_eq!(nonce.as_str().len(), 32);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "random-nonce")]
    #[cfg_attr(docsrs, doc(cfg(feature = "random-nonce")))]
    pub fn random() -> Result<Nonce, getrandom::Error> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)?;
        Ok(Nonce::checked(crate::canonical::hex::hex(&bytes)))
    }

    /// The nonce as sent.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Wraps a nonce already checked.
    fn checked(text: String) -> Nonce {
        Nonce { text }
    }
}

impl fmt::Display for Nonce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Nonce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Nonce").field(&self.text).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert!(Nonce::new("3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf").is_ok());
        assert_eq!(Nonce::new(""), Err(NonceError::Empty));
        assert_eq!(Nonce::new("a b"), Err(NonceError::Character(1)));
        assert_eq!(Nonce::new("é"), Err(NonceError::Character(0)));
        assert_eq!(Nonce::new("a,b"), Err(NonceError::Character(1)));
        assert_eq!(Nonce::new("a\tb"), Err(NonceError::Character(1)));
        assert!(Nonce::new("!#$%&'()*+-./:;<=>?@[\\]^_`{|}~").is_ok());
        assert!(Nonce::new("x".repeat(128)).is_ok());
        assert_eq!(Nonce::new("x".repeat(129)), Err(NonceError::TooLong(129)));
    }

    #[test]
    fn a_nonce_shows_as_itself() {
        let nonce = Nonce::new("3ee8c1b8").expect("valid");
        assert_eq!(
            format!("{nonce} {nonce:?}"),
            r#"3ee8c1b8 Nonce("3ee8c1b8")"#
        );
    }
}
