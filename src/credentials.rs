//! Credentials: an AccessKey pair, optionally with an STS security token.

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

    /// The AccessKeySecret.
    pub fn access_key_secret(&self) -> &str {
        &self.access_key_secret.0
    }

    /// The STS security token, if any.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_ref().map(|t| t.0.as_str())
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &self.access_key_secret)
            .field("security_token", &self.security_token)
            .finish()
    }
}
