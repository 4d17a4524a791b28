//! What every door reports of a response, in one place: the `response` suite's output keys.

use super::Response;

/// A decoded response as the conformance schema's `response` suite reports it, and as the CLI,
/// the runner, the C ABI and the Python package show it. Serialises (with the `serde` feature)
/// to the suite's JSON keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Summary<'a> {
    /// `success`, `dry_run`, `api_error` or `unparseable` ([`Response::outcome`]).
    pub outcome: &'static str,
    /// The request id ([`Response::request_id`]).
    pub request_id: Option<&'a str>,
    /// The code as sent ([`Response::code`]).
    pub code: Option<&'a str>,
    /// The message, any echoed secret redacted ([`Response::message`]).
    pub message: Option<&'a str>,
    /// `HostId`.
    pub host_id: Option<&'a str>,
    /// `Recommend`.
    pub recommend: Option<&'a str>,
    /// The HTTP status.
    pub http_status: u16,
    /// What to do next, as [`RetryClass::code`](super::RetryClass::code) spells it; `None` for
    /// a success or a passing dry run.
    pub retry: Option<&'static str>,
    /// The instance does not exist ([`Response::already_gone`]).
    pub already_gone: bool,
    /// The request was throttled.
    pub throttled: bool,
    /// `x-acs-retry-after`, in seconds.
    pub retry_after_seconds: Option<u64>,
    /// The denied RAM action, from `AccessDeniedDetail.AuthAction`.
    pub auth_action: Option<&'a str>,
}

impl Response {
    /// The response as every door reports it.
    pub fn summary(&self) -> Summary<'_> {
        Summary {
            outcome: self.outcome(),
            request_id: self.request_id(),
            code: self.code(),
            message: self.message(),
            host_id: self.host_id(),
            recommend: self.recommend(),
            http_status: self.http_status(),
            retry: self.retry().map(|r| r.code()),
            already_gone: self.already_gone(),
            throttled: self.throttled(),
            retry_after_seconds: self.retry_after_seconds(),
            auth_action: self.auth_action(),
        }
    }
}

#[cfg(all(test, feature = "serde"))]
mod tests {
    use crate::request::Action;
    use crate::response::decode_response;

    /// The keys are the `response` suite's output keys, and the values what the accessors say.
    #[test]
    fn a_summary_serialises_to_the_suites_keys() {
        let body = br#"{"RequestId":"r-1","Code":"Throttling","Message":"slow down","HostId":"ecs.aliyuncs.com"}"#;
        let response = decode_response(
            Action::DeleteInstance,
            429,
            &[("x-acs-retry-after", "3")],
            body,
        );
        let value = serde_json::to_value(response.summary()).expect("plain JSON");
        let keys: Vec<&str> = value
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "already_gone",
                "auth_action",
                "code",
                "host_id",
                "http_status",
                "message",
                "outcome",
                "recommend",
                "request_id",
                "retry",
                "retry_after_seconds",
                "throttled"
            ]
        );
        assert_eq!(value["outcome"], "api_error");
        assert_eq!(value["code"], "Throttling");
        assert_eq!(value["throttled"], true);
        assert_eq!(value["retry_after_seconds"], 3);
        assert_eq!(value["retry"], response.retry().map(|r| r.code()).unwrap());
    }
}
