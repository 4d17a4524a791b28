//! The `http` crate's request and response types at the crate's doors (feature `http`): a
//! signed request leaves as an `http::Request`, with its secret-bearing headers marked
//! sensitive; a request to verify and a response to decode come in as the `http` types.

use std::borrow::Cow;

use crate::request::Action;
use crate::response::{Response, ResponseDecoder};
use crate::rpc::Method;
use crate::time::Timestamp;
use crate::verify::{Verified, Verifier, VerifyError};

/// A header map as the name-value pairs the decoders read: a value that is not visible ASCII
/// is read with its invalid bytes replaced, never dropped (a signed header that was altered so
/// still fails its signature).
fn pairs(headers: &http::HeaderMap) -> Vec<(&str, Cow<'_, str>)> {
    headers
        .iter()
        .map(|(name, value)| (name.as_str(), String::from_utf8_lossy(value.as_bytes())))
        .collect()
}

impl Verifier {
    /// [`Verifier::verify`] of an `http::Request`: its method, the path and query of its URI,
    /// its headers and its body. A method other than `GET` or `POST` is
    /// [`VerifyError::UnsupportedMethod`].
    #[cfg_attr(docsrs, doc(cfg(feature = "http")))]
    pub fn verify_http<B: AsRef<[u8]>>(
        &self,
        request: &http::Request<B>,
        access_key_secret: &str,
        now: Option<&Timestamp>,
    ) -> Result<Verified, VerifyError> {
        let method = Method::parse(request.method().as_str()).ok_or_else(|| {
            VerifyError::UnsupportedMethod {
                found: request.method().as_str().to_owned(),
            }
        })?;
        let target = request
            .uri()
            .path_and_query()
            .map_or("/", http::uri::PathAndQuery::as_str);
        let headers = pairs(request.headers());
        let body = request.body().as_ref();
        self.verify(method, target, &headers, Some(body), access_key_secret, now)
    }
}

impl ResponseDecoder {
    /// [`ResponseDecoder::decode`] of an `http::Response`: its status, headers and body.
    #[cfg_attr(docsrs, doc(cfg(feature = "http")))]
    pub fn decode_http<B: AsRef<[u8]>>(
        &self,
        action: Action,
        response: &http::Response<B>,
    ) -> Response {
        let headers = pairs(response.headers());
        self.decode(
            action,
            response.status().as_u16(),
            &headers,
            response.body().as_ref(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::DeleteInstance;
    use crate::{Credentials, Nonce, SignatureVersion, Signer, Transport};

    /// A signed request goes out as an `http::Request` with its `Authorization` and STS token
    /// marked sensitive, and comes back in through the verifier as it went out.
    #[test]
    fn a_request_goes_out_and_comes_back_in_as_http_types() {
        let request = DeleteInstance::builder("i-a")
            .region_id("cn-hangzhou")
            .build();
        let request = request.expect("valid");
        let now = Timestamp::parse("2026-11-23T12:00:00Z").expect("time");
        let credentials = Credentials::new("id", "secret")
            .unwrap()
            .with_security_token("tok")
            .unwrap();
        for version in [SignatureVersion::V1, SignatureVersion::V3] {
            for transport in [Transport::Get, Transport::PostQuery, Transport::PostForm] {
                let signed = Signer::new()
                    .signature_version(version)
                    .transport(transport)
                    .sign(
                        &request,
                        &credentials,
                        &now,
                        &Nonce::new("n").expect("nonce"),
                    );
                let http = signed.into_http().expect("a valid request");
                for (name, value) in http.headers() {
                    let secret = name == "authorization" || name == "x-acs-security-token";
                    assert_eq!(value.is_sensitive(), secret, "{version:?} {name}");
                }
                let verified = Verifier::new()
                    .verify_http(&http, "secret", Some(&now))
                    .expect("verifies");
                assert_eq!(verified.access_key_id, "id");
                let refused = Verifier::new().verify_http(&http, "other", Some(&now));
                assert_eq!(
                    refused.map(|_| ()).unwrap_err().code(),
                    "signature_mismatch"
                );
            }
        }
        let put = http::Request::put("https://ecs.aliyuncs.com/").body(Vec::<u8>::new());
        let refused = Verifier::new().verify_http(&put.expect("a request"), "secret", None);
        assert_eq!(
            refused.map(|_| ()).unwrap_err().code(),
            "unsupported_method"
        );
    }

    #[test]
    fn a_response_is_decoded_from_http_types() {
        let response = http::Response::builder()
            .status(404)
            .header("x-acs-request-id", "r-1")
            .body(br#"{"Code":"InvalidInstanceId.NotFound","Message":"gone"}"#.to_vec())
            .expect("a response");
        let decoded = ResponseDecoder::new().decode_http(Action::DeleteInstance, &response);
        assert!(decoded.already_gone());
        assert_eq!(decoded.request_id(), Some("r-1"));
        assert_eq!(decoded.http_status(), 404);
    }
}
