//! The catalogue of service error codes, and what each means for a caller.
//!
//! The service's codes are an open set: the raw string is always kept, and [`ErrorCode`] adds
//! what is known about the codes the documentation lists (docs/protocol.md section 4).

use std::fmt;

/// What a caller may do after an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetryClass {
    /// Safe to send the same request again after a delay (throttling, transient states).
    Retry,
    /// The outcome is unknown: look at the instance before retrying (5xx, timeouts, a nonce
    /// that was already used).
    Check,
    /// Sending it unchanged cannot succeed.
    Fail,
}

impl RetryClass {
    /// The schema's name: `retry`, `check` or `fail`.
    pub fn code(self) -> &'static str {
        match self {
            RetryClass::Retry => "retry",
            RetryClass::Check => "check",
            RetryClass::Fail => "fail",
        }
    }

    /// The class an HTTP status implies when no known code decides: 429 `retry`, 5xx `check`,
    /// a 2xx whose body could not be read `check`, anything else `fail`.
    pub fn from_status(status: u16, unreadable: bool) -> RetryClass {
        match status {
            429 => RetryClass::Retry,
            500..=599 => RetryClass::Check,
            200..=299 if unreadable => RetryClass::Check,
            _ => RetryClass::Fail,
        }
    }
}

/// Which kind of problem a code reports, beyond its retry class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Signature, AccessKey, STS token or timestamp.
    Auth,
    /// RAM denied the action.
    Permission,
    /// A passing dry run.
    DryRun,
    Other,
}

macro_rules! catalogue {
    ($( $variant:ident => $code:literal, [$($status:literal),*], $class:ident, $kind:ident, $meaning:literal; )*) => {
        /// A service error code: one of the documented codes, or any other as sent.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $(
                #[doc = concat!("`", $code, "`: ", $meaning)]
                $variant,
            )*
            /// A code the catalogue does not list, kept exactly as sent.
            Unknown(String),
        }

        impl ErrorCode {
            /// The code of `raw`, exactly (codes are case-sensitive).
            pub fn parse(raw: &str) -> ErrorCode {
                match raw {
                    $( $code => ErrorCode::$variant, )*
                    other => ErrorCode::Unknown(other.to_owned()),
                }
            }

            /// The code as sent.
            pub fn as_str(&self) -> &str {
                match self {
                    $( ErrorCode::$variant => $code, )*
                    ErrorCode::Unknown(raw) => raw,
                }
            }

            /// The HTTP statuses the documentation gives for this code (empty where it gives
            /// none). The status is only a hint: classify by the code.
            pub fn documented_statuses(&self) -> &'static [u16] {
                match self {
                    $( ErrorCode::$variant => &[$($status),*], )*
                    ErrorCode::Unknown(_) => &[],
                }
            }

            /// A one-line meaning from the documentation.
            pub fn meaning(&self) -> Option<&'static str> {
                match self {
                    $( ErrorCode::$variant => Some($meaning), )*
                    ErrorCode::Unknown(_) => None,
                }
            }

            fn entry(&self) -> Option<(RetryClass, Kind)> {
                match self {
                    $( ErrorCode::$variant => Some((RetryClass::$class, Kind::$kind)), )*
                    ErrorCode::Unknown(_) => None,
                }
            }
        }
    };
}

catalogue! {
    // The operations' own codes (every version of the DeleteInstance / DeleteInstances pages).
    DependencyViolationRouteEntry => "DependencyViolation.RouteEntry", [400], Retry, Other,
        "the instance is used by a custom route entry of its VPC";
    DependencyViolationSlbConfiguring => "DependencyViolation.SLBConfiguring", [400], Retry, Other,
        "the instance is used by a Server Load Balancer that is being configured";
    InvalidParameter => "InvalidParameter", [400, 500], Fail, Other,
        "a parameter is invalid (for these operations, usually InstanceId)";
    InvalidParameterCrossRegionNotSupport => "InvalidParameter.CrossRegionNotSupport", [400], Fail, Other,
        "the instances are not all in the region of the request";
    InvalidParameterTooManyInstanceIds => "InvalidParameter.TooManyInstanceIds", [403], Fail, Other,
        "more instance ids than one call takes";
    InvalidInstanceIdsValueNotSupported => "InvalidInstanceIds.ValueNotSupported", [403], Fail, Other,
        "an instance id is not supported by this operation";
    IncorrectInstanceStatus => "IncorrectInstanceStatus", [403], Retry, Other,
        "the instance's status does not allow this (not Stopped without Force, or still attached by volumes)";
    IncorrectInstanceStatusInitializing => "IncorrectInstanceStatus.Initializing", [403], Retry, Other,
        "the instance is still being created; try again later";
    InstanceLockedForSecurity => "InstanceLockedForSecurity", [403], Fail, Other,
        "the instance is locked for security reasons";
    ChargeTypeViolation => "ChargeTypeViolation", [403], Fail, Other,
        "the billing method does not allow this (an unexpired subscription instance)";
    InvalidOperationDeletionProtection => "InvalidOperation.DeletionProtection", [400, 403], Fail, Other,
        "release protection is enabled on the instance; disable it first";
    InvalidOperationEniLinked => "InvalidOperation.EniLinked", [403], Fail, Other,
        "the instance's ENI is associated with other ENIs; disassociate them first";
    InvalidOperationNotInWhiteList => "InvalidOperation.NotInWhiteList", [403], Fail, Other,
        "a parameter in limited release is not enabled for this account";
    OperationDeniedSystemInstanceNotSupport => "OperationDenied.SystemInstanceNotSupport", [403], Fail, Other,
        "a system instance does not support this operation";
    InvalidInstanceIdNotFound => "InvalidInstanceId.NotFound", [404], Fail, Other,
        "the instance does not exist";
    InvalidInstanceIdsNotFound => "InvalidInstanceIds.NotFound", [404], Fail, Other,
        "one of the instances does not exist";
    ForbiddenInstanceNotFound => "Forbidden.InstanceNotFound", [404], Fail, Other,
        "the instance does not exist or is not yours";
    InternalError => "InternalError", [500], Check, Other,
        "an internal error; the outcome is unknown";
    // Codes any RPC call can return.
    MissingParameter => "MissingParameter", [], Fail, Other,
        "a required parameter is missing";
    UnsupportedParameter => "UnsupportedParameter", [], Fail, Other,
        "a parameter is not supported";
    SignatureDoesNotMatch => "SignatureDoesNotMatch", [], Fail, Auth,
        "the signature does not match the one the service computed";
    IncompleteSignature => "IncompleteSignature", [], Fail, Auth,
        "the signature does not conform to the standard";
    InvalidSignatureMethod => "InvalidSignatureMethod", [], Fail, Auth,
        "the signature method is not supported";
    UnsupportedHttpMethod => "UnsupportedHTTPMethod", [], Fail, Other,
        "the HTTP method is not supported";
    InvalidTimeStampFormat => "InvalidTimeStamp.Format", [], Fail, Auth,
        "the timestamp is not YYYY-MM-DDThh:mm:ssZ";
    InvalidTimeStampExpired => "InvalidTimeStamp.Expired", [], Fail, Auth,
        "the timestamp is more than 15 minutes away from the service's clock";
    SignatureNonceUsed => "SignatureNonceUsed", [], Check, Auth,
        "the nonce was used before: an earlier attempt of this request may have arrived";
    InvalidAccessKeyIdNotFound => "InvalidAccessKeyId.NotFound", [], Fail, Auth,
        "the AccessKeyId does not exist";
    InvalidAccessKeyIdInactive => "InvalidAccessKeyId.Inactive", [], Fail, Auth,
        "the AccessKeyId is disabled";
    ForbiddenAccessKeyDisabled => "Forbidden.AccessKeyDisabled", [], Fail, Auth,
        "the AccessKey is disabled";
    MissingSecurityToken => "MissingSecurityToken", [], Fail, Auth,
        "STS credentials were used without their security token";
    InvalidSecurityTokenExpired => "InvalidSecurityToken.Expired", [], Fail, Auth,
        "the STS security token has expired";
    InvalidSecurityTokenMalformed => "InvalidSecurityToken.Malformed", [], Fail, Auth,
        "the STS security token is malformed";
    InvalidSecurityTokenMismatchWithAccessKey => "InvalidSecurityToken.MismatchWithAccessKey", [], Fail, Auth,
        "the STS security token does not belong to the AccessKeyId";
    ForbiddenRam => "Forbidden.RAM", [400, 403], Fail, Permission,
        "RAM does not allow the caller this action";
    NoPermission => "NoPermission", [], Fail, Permission,
        "the caller has no permission for this action";
    InvalidActionNotFound => "InvalidAction.NotFound", [], Fail, Other,
        "the action does not exist";
    InvalidVersion => "InvalidVersion", [], Fail, Other,
        "the API version does not exist";
    Throttling => "Throttling", [], Retry, Other,
        "the request was throttled";
    ThrottlingUser => "Throttling.User", [], Retry, Other,
        "the caller's request rate is over its limit";
    ThrottlingApi => "Throttling.Api", [], Retry, Other,
        "the API's request rate is over its limit";
    IdempotentParameterMismatch => "IdempotentParameterMismatch", [], Fail, Other,
        "the ClientToken was used before with other parameters";
    IdempotentProcessing => "IdempotentProcessing", [], Retry, Other,
        "a request with the same ClientToken is still being processed";
    LastTokenProcessing => "LastTokenProcessing", [], Retry, Other,
        "the previous request with this token is still being processed";
    ServiceUnavailable => "ServiceUnavailable", [503], Check, Other,
        "the service is unavailable; the outcome is unknown";
    RequestTimeout => "RequestTimeout", [504], Check, Other,
        "the request timed out; the outcome is unknown";
    InternalErrorDispatch => "InternalError.Dispatch", [], Check, Other,
        "an internal dispatch error; the outcome is unknown";
    // A passing dry run comes back as an error code.
    DryRunOperation => "DryRunOperation", [400], Fail, DryRun,
        "the dry run passed: the request would have been accepted";
    DryRunSuccessUpper => "DRYRUN.SUCCESS", [], Fail, DryRun,
        "the dry run passed (the current DeleteInstances spelling)";
    DryRunSuccess => "DryRunSuccess", [], Fail, DryRun,
        "the dry run passed";
}

/// The families whose every member is known by its prefix, with the class they share.
const FAMILIES: [(&str, RetryClass); 4] = [
    ("Throttling", RetryClass::Retry),
    ("IncorrectInstanceStatus", RetryClass::Retry),
    ("DependencyViolation.", RetryClass::Retry),
    ("InternalError", RetryClass::Check),
];

impl ErrorCode {
    /// The retry class the code decides by itself: a catalogued code, or a member of the
    /// `Throttling*`, `IncorrectInstanceStatus*`, `DependencyViolation.*` or `InternalError*`
    /// families. `None` for an unknown code (the status decides) and for dry-run codes.
    pub fn retry_class(&self) -> Option<RetryClass> {
        match self.entry() {
            Some((_, Kind::DryRun)) => None,
            Some((class, _)) => Some(class),
            None => FAMILIES
                .iter()
                .find(|(prefix, _)| self.as_str().starts_with(prefix))
                .map(|(_, class)| *class),
        }
    }

    /// Whether the code is catalogued or belongs to a known family.
    pub fn is_known(&self) -> bool {
        self.entry().is_some() || self.retry_class().is_some()
    }

    /// Whether the code reports a passing dry run.
    pub fn is_dry_run(&self) -> bool {
        matches!(self.entry(), Some((_, Kind::DryRun)))
    }

    /// Whether the instance does not exist, which a caller deleting it may count as done.
    pub fn already_gone(&self) -> bool {
        matches!(
            self,
            ErrorCode::InvalidInstanceIdNotFound
                | ErrorCode::InvalidInstanceIdsNotFound
                | ErrorCode::ForbiddenInstanceNotFound
        )
    }

    /// Whether the request was throttled (the code starts with `Throttling`).
    pub fn is_throttling(&self) -> bool {
        self.as_str().starts_with("Throttling")
    }

    /// Whether the code is about the signature, the AccessKey, the STS token or the timestamp.
    pub fn is_auth(&self) -> bool {
        matches!(self.entry(), Some((_, Kind::Auth)))
    }

    /// Whether RAM denied the action.
    pub fn is_permission(&self) -> bool {
        matches!(self.entry(), Some((_, Kind::Permission)))
    }

    /// Whether the code is one of the two signature errors whose message may carry the
    /// service's string to sign.
    pub fn is_signature_mismatch(&self) -> bool {
        matches!(
            self,
            ErrorCode::SignatureDoesNotMatch | ErrorCode::IncompleteSignature
        )
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_round_trips_and_unknown_keeps_the_raw_string() {
        for raw in [
            "InvalidInstanceId.NotFound",
            "DRYRUN.SUCCESS",
            "UnsupportedHTTPMethod",
            "Some.New.Code",
            "404",
            "",
        ] {
            assert_eq!(ErrorCode::parse(raw).as_str(), raw);
        }
        assert_eq!(
            ErrorCode::parse("throttling"),
            ErrorCode::Unknown("throttling".into())
        );
    }

    #[test]
    fn families_decide_for_unlisted_members() {
        assert_eq!(
            ErrorCode::parse("Throttling.Resource").retry_class(),
            Some(RetryClass::Retry)
        );
        assert_eq!(
            ErrorCode::parse("IncorrectInstanceStatus.Busy").retry_class(),
            Some(RetryClass::Retry)
        );
        assert_eq!(
            ErrorCode::parse("DependencyViolation.Eip").retry_class(),
            Some(RetryClass::Retry)
        );
        assert_eq!(
            ErrorCode::parse("InternalError.Timeout").retry_class(),
            Some(RetryClass::Check)
        );
        assert_eq!(ErrorCode::parse("DependencyViolation").retry_class(), None);
        assert_eq!(ErrorCode::parse("NotACode").retry_class(), None);
        assert_eq!(ErrorCode::parse("DryRunOperation").retry_class(), None);
    }

    /// Each predicate says yes for its own kind of code and no for the others, and an
    /// unknown code is none of them.
    #[test]
    fn each_code_answers_for_its_own_kind() {
        // known, dry run, gone, throttling, auth, permission, signature mismatch.
        let cases = [
            ("SignatureDoesNotMatch", [1, 0, 0, 0, 1, 0, 1]),
            ("IncompleteSignature", [1, 0, 0, 0, 1, 0, 1]),
            ("InvalidTimeStamp.Expired", [1, 0, 0, 0, 1, 0, 0]),
            ("Forbidden.RAM", [1, 0, 0, 0, 0, 1, 0]),
            ("DRYRUN.SUCCESS", [1, 1, 0, 0, 0, 0, 0]),
            ("InvalidInstanceIds.NotFound", [1, 0, 1, 0, 0, 0, 0]),
            ("Throttling.User", [1, 0, 0, 1, 0, 0, 0]),
            ("Throttling.Somewhere", [1, 0, 0, 1, 0, 0, 0]),
            ("IncorrectInstanceStatus", [1, 0, 0, 0, 0, 0, 0]),
            ("Some.New.Code", [0, 0, 0, 0, 0, 0, 0]),
        ];
        for (raw, expect) in cases {
            let code = ErrorCode::parse(raw);
            let answers = [
                code.is_known(),
                code.is_dry_run(),
                code.already_gone(),
                code.is_throttling(),
                code.is_auth(),
                code.is_permission(),
                code.is_signature_mismatch(),
            ];
            assert_eq!(answers.map(u8::from), expect, "{raw}");
            assert_eq!(code.to_string(), raw);
        }
    }

    #[test]
    fn status_fallback() {
        assert_eq!(RetryClass::from_status(429, false), RetryClass::Retry);
        assert_eq!(RetryClass::from_status(502, true), RetryClass::Check);
        assert_eq!(RetryClass::from_status(200, true), RetryClass::Check);
        assert_eq!(RetryClass::from_status(200, false), RetryClass::Fail);
        assert_eq!(RetryClass::from_status(404, true), RetryClass::Fail);
    }
}
