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

/// Why an AccessKeyId or a security token cannot be used: written into the request as it is,
/// it would change the request around it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// The AccessKeyId is empty, or holds white space, a character outside visible ASCII, or
    /// `,` `;` `=` (V3 writes it into `Authorization`, where `AK,SignedHeaders=…` would add
    /// fields of its own).
    #[error("the AccessKeyId {reason}")]
    AccessKeyId {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The security token holds a control character (a CR or LF would end its header).
    #[error("the security token holds a control character")]
    SecurityToken,
}

impl CredentialsError {
    /// The stable code: `invalid_credentials`.
    pub fn code(&self) -> &'static str {
        "invalid_credentials"
    }

    /// The parameter at fault: `AccessKeyId` or `SecurityToken`.
    pub fn parameter(&self) -> &'static str {
        match self {
            CredentialsError::AccessKeyId { .. } => "AccessKeyId",
            CredentialsError::SecurityToken => "SecurityToken",
        }
    }
}

/// The AccessKeyId, checked: visible ASCII, without `,` `;` `=`.
fn checked_id(access_key_id: String) -> Result<String, CredentialsError> {
    let reason = if access_key_id.is_empty() {
        "is empty"
    } else if !access_key_id.bytes().all(|b| b.is_ascii_graphic()) {
        "holds white space or a character outside visible ASCII"
    } else if access_key_id.contains([',', ';', '=']) {
        "holds `,`, `;` or `=`, which would end its field in Authorization"
    } else {
        return Ok(access_key_id);
    };
    Err(CredentialsError::AccessKeyId { reason })
}

/// An AccessKey pair, with the security token of STS credentials. Checked when made: the
/// AccessKeyId and the token are written into the request as they are.
///
/// The secret and the token never appear in `Debug` output:
///
/// ```
/// use aliyun_ecs_delete::Credentials;
/// let c = Credentials::new("LTAI5t", "very-secret")?.with_security_token("CAIS-token")?;
/// let shown = format!("{c:?}");
/// assert!(shown.contains("LTAI5t"));
/// assert!(!shown.contains("very-secret") && !shown.contains("CAIS-token"));
///
/// // An AccessKeyId that would add its own fields to `Authorization` is refused.
/// let refused = Credentials::new("AK,SignedHeaders=host", "s").unwrap_err();
/// assert_eq!(refused.parameter(), "AccessKeyId");
/// # Ok::<(), aliyun_ecs_delete::CredentialsError>(())
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
    ) -> Result<Credentials, CredentialsError> {
        Ok(Credentials {
            access_key_id: checked_id(access_key_id.into())?,
            access_key_secret: Secret(access_key_secret.into()),
            #[cfg(feature = "rsa")]
            rsa_key: None,
            security_token: None,
        })
    }

    /// An AccessKeyId whose requests are signed with an RSA private key. An RSA key makes one
    /// signature, `ACS3-RSA-SHA256` of signature V3: such credentials are signed so whatever
    /// the signer's version and algorithm, and have no secret (an empty one).
    #[cfg(feature = "rsa")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rsa")))]
    pub fn rsa(
        access_key_id: impl Into<String>,
        key: crate::keys::RsaPrivateKey,
    ) -> Result<Credentials, CredentialsError> {
        Ok(Credentials {
            access_key_id: checked_id(access_key_id.into())?,
            access_key_secret: Secret(String::new()),
            rsa_key: Some(key),
            security_token: None,
        })
    }

    /// Temporary STS credentials: the token is sent and signed as `SecurityToken`.
    /// A control character (a CR or LF would end the token's header) is refused.
    pub fn with_security_token(
        mut self,
        security_token: impl Into<String>,
    ) -> Result<Credentials, CredentialsError> {
        let token = security_token.into();
        if token.chars().any(char::is_control) {
            return Err(CredentialsError::SecurityToken);
        }
        self.security_token = Some(Secret(token));
        Ok(self)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `Debug` shows the AccessKeyId and where each secret is, never a secret.
    #[test]
    fn debug_shows_the_id_and_hides_the_secrets() {
        let credentials = Credentials::new("LTAI5tExampleKeyId", "the-secret")
            .and_then(|c| c.with_security_token("the-token"))
            .expect("valid");
        let shown = format!("{credentials:?}");
        assert!(shown.starts_with("Credentials {"), "{shown}");
        assert!(shown.contains("\"LTAI5tExampleKeyId\""), "{shown}");
        assert!(
            shown.contains(&format!("access_key_secret: {REDACTED}")),
            "{shown}"
        );
        assert!(
            shown.contains(&format!("security_token: Some({REDACTED})")),
            "{shown}"
        );
        assert!(!shown.contains("the-secret") && !shown.contains("the-token"));
    }

    /// An AccessKeyId is visible ASCII without `,` `;` `=`; a token holds no control character.
    #[test]
    fn what_is_written_into_the_request_is_checked_when_made() {
        for id in [
            "LTAI5tExampleKeyId",
            "STS.NUgYr",
            "a",
            "~!#$%&'()*+-./:<>?@[]^_`{|}",
        ] {
            assert!(Credentials::new(id, "s").is_ok(), "{id}");
        }
        for (id, why) in [
            ("", "is empty"),
            ("AK 1", "white space"),
            ("AK\r\nX: 1", "white space"),
            ("AKé", "outside visible ASCII"),
            ("AK,SignedHeaders=host", "`,`"),
            ("AK;1", "`;`"),
            ("AK=1", "`=`"),
        ] {
            let error = Credentials::new(id, "s").expect_err(id);
            assert_eq!(error.parameter(), "AccessKeyId");
            assert_eq!(error.code(), "invalid_credentials");
            assert!(error.to_string().contains(why), "{id}: {error}");
        }
        let ok = Credentials::new("AK", "s").expect("valid");
        for token in ["CAIS+gF1/x==", "with spaces and &=,;", ""] {
            let with = ok.clone().with_security_token(token).expect(token);
            assert_eq!(with.security_token(), Some(token));
        }
        for token in ["a\r\nb", "a\nb", "a\u{0}b", "a\u{7f}b", "a\u{85}b"] {
            let error = ok.clone().with_security_token(token).expect_err(token);
            assert_eq!(error, CredentialsError::SecurityToken);
            assert_eq!(error.parameter(), "SecurityToken");
        }
    }
}
