//! The keys an account checks signatures with.

use std::fmt;

#[cfg(feature = "rsa")]
use crate::keys::RsaPublicKey;

/// What an account verifies with: its secret (V1, `ACS3-HMAC-SHA256`, `ACS3-HMAC-SM3`), its RSA
/// public key (`ACS3-RSA-SHA256`, feature `rsa`), or both. The request's algorithm picks the
/// key; a request whose key is not here is a [`SignatureMismatch`](super::VerifyError).
///
/// A `&str` is a secret alone, so `verify("secret", now)` reads as it always has.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Keys<'k> {
    secret: Option<&'k str>,
    #[cfg(feature = "rsa")]
    public_key: Option<&'k RsaPublicKey>,
}

impl<'k> Keys<'k> {
    /// No key: every signature is a mismatch.
    pub fn new() -> Keys<'k> {
        Keys::default()
    }

    /// With the account's secret.
    pub fn with_secret(mut self, secret: &'k str) -> Keys<'k> {
        self.secret = Some(secret);
        self
    }

    /// With the account's RSA public key.
    #[cfg(feature = "rsa")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rsa")))]
    pub fn with_public_key(mut self, public_key: &'k RsaPublicKey) -> Keys<'k> {
        self.public_key = Some(public_key);
        self
    }

    pub(crate) fn secret(&self) -> Option<&'k str> {
        self.secret
    }

    #[cfg(feature = "rsa")]
    pub(crate) fn public_key(&self) -> Option<&'k RsaPublicKey> {
        self.public_key
    }
}

impl<'k> From<&'k str> for Keys<'k> {
    fn from(secret: &'k str) -> Keys<'k> {
        Keys::new().with_secret(secret)
    }
}

impl<'k> From<&'k String> for Keys<'k> {
    fn from(secret: &'k String) -> Keys<'k> {
        Keys::new().with_secret(secret)
    }
}

#[cfg(feature = "rsa")]
impl<'k> From<&'k RsaPublicKey> for Keys<'k> {
    fn from(public_key: &'k RsaPublicKey) -> Keys<'k> {
        Keys::new().with_public_key(public_key)
    }
}

impl fmt::Debug for Keys<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Keys");
        s.field("secret", &self.secret.map(|_| crate::redact::REDACTED));
        #[cfg(feature = "rsa")]
        s.field("public_key", &self.public_key);
        s.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_and_a_debug_that_hides_the_secret() {
        let secret = String::from("s3cret");
        assert_eq!(Keys::from(&secret), Keys::new().with_secret("s3cret"));
        assert_eq!(Keys::from("s3cret").secret(), Some("s3cret"));
        assert_eq!(Keys::new().secret(), None);
        let key = crate::keys::RsaPrivateKey::from_pem(include_str!(
            "../../conformance/generators/keys/rsa-a.pem"
        ))
        .expect("the test key")
        .public_key();
        assert_eq!(Keys::from(&key).public_key(), Some(&key));
        assert_eq!(Keys::from(&key).secret(), None);
        let shown = format!("{:?}", Keys::from(&secret).with_public_key(&key));
        assert_eq!(
            shown,
            format!(
                "Keys {{ secret: Some({:?}), public_key: Some(RsaPublicKey(2048 bits)) }}",
                crate::redact::REDACTED
            )
        );
    }
}
