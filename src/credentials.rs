//! Credentials: an AccessKey pair, or an AccessKeyId with an RSA private key, optionally with an
//! STS security token.

use std::fmt;

use crate::redact::REDACTED;

/// A secret string: its `Debug` output is redacted.
#[derive(Clone, PartialEq, Eq)]
struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// An AccessKey pair, with the security token of STS credentials.
///
/// The secret and the token never appear in `Debug` output:
///
/// ```
/// use aliyun_ecs_delete::Credentials;
/// let c = Credentials::new("LTAI5t", "very-secret").with_security_token("CAIS-token");
/// let shown = format!("{c:?}");
/// assert!(shown.contains("LTAI5t"));
/// assert!(!shown.contains("very-secret") && !shown.contains("CAIS-token"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: Secret,
    #[cfg(feature = "rsa")]
    rsa_key: Option<crate::keys::RsaPrivateKey>,
    security_token: Option<Secret>,
}

impl Credentials {
    /// Long-term AccessKey credentials. The secret is used raw: an `&` inside it stays.
    pub fn new(
        access_key_id: impl Into<String>,
        access_key_secret: impl Into<String>,
    ) -> Credentials {
        Credentials {
            access_key_id: access_key_id.into(),
            access_key_secret: Secret(access_key_secret.into()),
            #[cfg(feature = "rsa")]
            rsa_key: None,
            security_token: None,
        }
    }

    /// An AccessKeyId whose requests are signed with an RSA private key. An RSA key makes one
    /// signature, `ACS3-RSA-SHA256` of signature V3: such credentials are signed so whatever
    /// the signer's version and algorithm, and have no secret (an empty one).
    #[cfg(feature = "rsa")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rsa")))]
    pub fn rsa(access_key_id: impl Into<String>, key: crate::keys::RsaPrivateKey) -> Credentials {
        Credentials {
            access_key_id: access_key_id.into(),
            access_key_secret: Secret(String::new()),
            rsa_key: Some(key),
            security_token: None,
        }
    }

    /// Temporary STS credentials: the token is sent and signed as `SecurityToken`.
    pub fn with_security_token(mut self, security_token: impl Into<String>) -> Credentials {
        self.security_token = Some(Secret(security_token.into()));
        self
    }

    /// The AccessKeyId.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The AccessKeySecret (empty for [`Credentials::rsa`]).
    pub fn access_key_secret(&self) -> &str {
        &self.access_key_secret.0
    }

    /// The RSA private key of [`Credentials::rsa`].
    #[cfg(feature = "rsa")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rsa")))]
    pub fn rsa_key(&self) -> Option<&crate::keys::RsaPrivateKey> {
        self.rsa_key.as_ref()
    }

    /// What signs: the RSA key when there is one, the secret otherwise.
    pub(crate) fn key(&self) -> crate::algorithm::Key<'_> {
        #[cfg(feature = "rsa")]
        if let Some(key) = &self.rsa_key {
            return crate::algorithm::Key::Rsa(key);
        }
        crate::algorithm::Key::Secret(self.access_key_secret.0.as_bytes())
    }

    /// The STS security token, if any.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_ref().map(|t| t.0.as_str())
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut f = f.debug_struct("Credentials");
        f.field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &self.access_key_secret);
        #[cfg(feature = "rsa")]
        if let Some(key) = &self.rsa_key {
            f.field("rsa_key", key);
        }
        f.field("security_token", &self.security_token).finish()
    }
}
