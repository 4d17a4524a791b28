//! Python bindings of `aliyun-ecs-delete`: a thin layer over the library's public API.

use aliyun_ecs_delete::keys::{KeyError, RsaPrivateKey, RsaPublicKey};
use aliyun_ecs_delete::request::{Action, Operation, decode};
use aliyun_ecs_delete::response::decode_response as decode_body;
use aliyun_ecs_delete::rpc::{Method, v1, v3};
use aliyun_ecs_delete::verify::{Keys, Verifier};
use aliyun_ecs_delete::{
    Algorithm, Credentials, Endpoint, Format, Nonce, Scheme, SignatureVersion, Signer, Timestamp,
    Transport, UnknownValue,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use std::str::FromStr;

mod emulator;

/// The exceptions, defined in the package's Python (`aliyun_ecs_delete/__init__.py`) so that
/// they carry its name and pickle.
enum Refusal {
    /// `RequestError`: a request rule refused a parameter.
    Request,
    /// `VerifyError`: a signed request would be refused.
    Verify,
}

/// A `RequestError` or `VerifyError` with its message, `code` and `parameter`.
fn refusal(
    py: Python<'_>,
    kind: Refusal,
    code: &str,
    parameter: Option<&str>,
    message: String,
) -> PyErr {
    let class = match kind {
        Refusal::Request => "RequestError",
        Refusal::Verify => "VerifyError",
    };
    py.import("aliyun_ecs_delete")
        .and_then(|package| package.getattr(class))
        .and_then(|class| class.call1((message, code, parameter)))
        .map_or_else(|e| e, PyErr::from_value)
}

/// One of the library's enums from its spelling; a `ValueError` saying what would do otherwise.
fn spelled<T: FromStr<Err = UnknownValue>>(text: &str) -> PyResult<T> {
    text.parse()
        .map_err(|e: UnknownValue| PyValueError::new_err(e.to_string()))
}

/// An RSA key argument that does not read: a `ValueError` naming the argument, never the key.
fn bad_key(argument: &str, e: &KeyError) -> PyErr {
    PyValueError::new_err(format!("{argument}: {e}"))
}

/// The V3 algorithm named (`ACS3-HMAC-SHA256` when `None`).
fn algorithm_of(algorithm: Option<&str>) -> PyResult<Algorithm> {
    algorithm.map_or(Ok(Algorithm::default()), spelled)
}

fn action_of(action: &str) -> PyResult<Action> {
    spelled(action)
}

fn method_of(method: &str) -> PyResult<Method> {
    spelled(method)
}

/// The Python strings of a mapping or a sequence of `(name, value)` pairs, kept alive so that
/// their text can be borrowed without a copy (see [`texts`]). A name or value that is not a
/// `str` is a `TypeError` that names the parameter.
fn str_pairs<'py>(
    value: &Bound<'py, PyAny>,
) -> PyResult<Vec<(Bound<'py, PyString>, Bound<'py, PyString>)>> {
    let pair = |n: Bound<'py, PyAny>, v: Bound<'py, PyAny>| {
        let name = n
            .cast_into::<PyString>()
            .map_err(|e| not_text("a name", e.into_inner().as_any()))?;
        let value = v.cast_into::<PyString>().map_err(|e| {
            let what = format!("the value of \"{}\"", name.to_string_lossy());
            not_text(&what, e.into_inner().as_any())
        })?;
        Ok((name, value))
    };
    if let Ok(dict) = value.cast::<PyDict>() {
        return dict.iter().map(|(k, v)| pair(k, v)).collect();
    }
    value
        .try_iter()?
        .map(|item| {
            let (n, v): (Bound<'py, PyAny>, Bound<'py, PyAny>) = item?
                .extract()
                .map_err(|_| PyTypeError::new_err("each item must be a (name, value) pair"))?;
            pair(n, v)
        })
        .collect()
}

/// A `TypeError` saying that `what` must be a `str`, and what it was.
fn not_text(what: &str, found: &Bound<'_, PyAny>) -> PyErr {
    let kind = found
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string());
    PyTypeError::new_err(format!("{what} must be a str, not {kind}"))
}

/// The text of [`str_pairs`], borrowed.
fn texts<'a>(
    pairs: &'a [(Bound<'_, PyString>, Bound<'_, PyString>)],
) -> PyResult<Vec<(&'a str, &'a str)>> {
    pairs
        .iter()
        .map(|(n, v)| Ok((n.to_str()?, v.to_str()?)))
        .collect()
}

/// Pairs from a mapping or a sequence of `(name, value)` pairs, owned (see [`str_pairs`]).
fn pairs(value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<(String, String)>> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let pairs = str_pairs(value)?;
    Ok(texts(&pairs)?
        .into_iter()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect())
}

fn borrowed(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

/// A signed request, ready to send.
#[pyclass(frozen, get_all, module = "aliyun_ecs_delete")]
struct SignedRequest {
    /// `GET` or `POST`.
    method: String,
    /// The whole URL.
    url: String,
    /// The headers to send, in order.
    headers: Vec<(String, String)>,
    /// The body (empty unless the transport is a form).
    body: Py<PyBytes>,
}

#[pymethods]
impl SignedRequest {
    fn __repr__(&self) -> String {
        // The URL and headers carry the signature and any STS token: never shown.
        format!("SignedRequest(method='{}', url=<redacted>)", self.method)
    }
}

/// Validates a DeleteInstance or DeleteInstances request and signs it. `algorithm` chooses the
/// V3 algorithm (with `signature_version="v3"`); for `ACS3-RSA-SHA256`, `access_key_secret` is
/// the RSA private key, PEM, as the official SDKs take it.
#[pyfunction]
#[pyo3(signature = (action, params, *, access_key_id, access_key_secret, timestamp, nonce,
    security_token=None, signature_version="v1", transport="post-query", format="JSON",
    endpoint=None, scheme="https", algorithm=None))]
#[allow(clippy::too_many_arguments)]
fn sign(
    py: Python<'_>,
    action: &str,
    params: &Bound<'_, PyAny>,
    access_key_id: &str,
    access_key_secret: &str,
    timestamp: &str,
    nonce: &str,
    security_token: Option<&str>,
    signature_version: &str,
    transport: &str,
    format: &str,
    endpoint: Option<&str>,
    scheme: &str,
    algorithm: Option<&str>,
) -> PyResult<SignedRequest> {
    let action = action_of(action)?;
    let params = str_pairs(params)?;
    let request = decode(action, &texts(&params)?)
        .map_err(|e| refusal(py, Refusal::Request, e.code(), e.parameter(), e.to_string()))?
        .request;
    let timestamp = Timestamp::parse(timestamp).map_err(|e| {
        refusal(
            py,
            Refusal::Request,
            "invalid_timestamp",
            Some("Timestamp"),
            e.to_string(),
        )
    })?;
    let nonce = Nonce::new(nonce).map_err(|e| {
        refusal(
            py,
            Refusal::Request,
            "invalid_nonce",
            Some("SignatureNonce"),
            e.to_string(),
        )
    })?;
    let mut signer = Signer::new()
        .signature_version(signer_version(signature_version)?)
        .transport(spelled::<Transport>(transport)?)
        // `json` and `xml` too, as this function always took them.
        .format(spelled::<Format>(&format.to_ascii_uppercase())?);
    if let Some(host) = endpoint {
        let scheme = spelled::<Scheme>(scheme)?;
        signer = signer.endpoint(Endpoint::with_scheme(scheme, host).map_err(|e| {
            refusal(
                py,
                Refusal::Request,
                "invalid_endpoint",
                Some("endpoint"),
                e.to_string(),
            )
        })?);
    }
    let mut rsa = false;
    if let Some(text) = algorithm {
        if signer_version(signature_version)? != SignatureVersion::V3 {
            return Err(PyValueError::new_err(
                "algorithm: a V3 algorithm, for signature_version=\"v3\"",
            ));
        }
        let algorithm = algorithm_of(Some(text))?;
        rsa = algorithm == Algorithm::RsaSha256;
        signer = signer.algorithm(algorithm);
    }
    let credentials = if rsa {
        let key = RsaPrivateKey::from_pem(access_key_secret)
            .map_err(|e| bad_key("access_key_secret", &e))?;
        Credentials::rsa(access_key_id, key)
    } else {
        Credentials::new(access_key_id, access_key_secret)
    };
    // The key id and the token are written into the request: a RequestError names which.
    let credentials = match security_token {
        Some(token) => credentials.and_then(|c| c.with_security_token(token)),
        None => credentials,
    }
    .map_err(|e| {
        refusal(
            py,
            Refusal::Request,
            e.code(),
            Some(e.parameter()),
            e.to_string(),
        )
    })?;
    let signed = signer.sign(&request, &credentials, &timestamp, &nonce);
    Ok(SignedRequest {
        method: signed.method().as_str().to_owned(),
        url: signed.url().to_owned(),
        headers: signed
            .headers()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect(),
        body: PyBytes::new(py, signed.body()).unbind(),
    })
}

fn signer_version(text: &str) -> PyResult<SignatureVersion> {
    spelled(text)
}

/// What [`validate`] returns: the parameters sent, and the warning codes.
type Validated = (Vec<(String, String)>, Vec<String>);

/// The parameters a valid request sends (sorted, booleans lower-case) and its warnings.
#[pyfunction]
fn validate(py: Python<'_>, action: &str, params: &Bound<'_, PyAny>) -> PyResult<Validated> {
    let params = pairs(Some(params))?;
    let decoded = decode(action_of(action)?, &borrowed(&params))
        .map_err(|e| refusal(py, Refusal::Request, e.code(), e.parameter(), e.to_string()))?;
    Ok((
        decoded
            .request
            .params()
            .into_iter()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect(),
        decoded
            .warnings
            .iter()
            .map(|w| w.code().to_owned())
            .collect(),
    ))
}

/// A decoded response and the verdict on what to do next.
#[pyclass(frozen, module = "aliyun_ecs_delete")]
struct Response {
    /// `success`, `dry_run`, `api_error` or `unparseable`.
    #[pyo3(get)]
    outcome: String,
    /// The code as sent.
    #[pyo3(get)]
    code: Option<String>,
    /// The request id.
    #[pyo3(get)]
    request_id: Option<String>,
    /// The message (echoed secrets redacted).
    #[pyo3(get)]
    message: Option<String>,
    /// `HostId`.
    #[pyo3(get)]
    host_id: Option<String>,
    /// `Recommend`.
    #[pyo3(get)]
    recommend: Option<String>,
    /// The HTTP status.
    #[pyo3(get)]
    http_status: u16,
    /// `retry`, `check` or `fail`; None for a success or a passing dry run.
    #[pyo3(get)]
    retry: Option<String>,
    /// The request was throttled.
    #[pyo3(get)]
    throttled: bool,
    /// The instance does not exist.
    #[pyo3(get)]
    already_gone: bool,
    /// `x-acs-retry-after`, in seconds.
    #[pyo3(get)]
    retry_after_seconds: Option<u64>,
    /// `AccessDeniedDetail.AuthAction`.
    #[pyo3(get)]
    auth_action: Option<String>,
    /// The library's verdict, for what needs the request too.
    decoded: DecodedResponse,
}

/// The library's decoded response, held for [`Response::already_gone_for`].
struct DecodedResponse(aliyun_ecs_delete::response::Response);

#[pymethods]
impl Response {
    /// Whether deleting a request's `instance_count` instances is done despite "not found":
    /// only for one instance (DeleteInstances is all or nothing: a batch of several that gets
    /// "not found" released none).
    fn already_gone_for(&self, instance_count: usize) -> bool {
        self.decoded.0.already_gone_for(instance_count)
    }

    fn __repr__(&self) -> String {
        let shown = |v: &Option<String>| v.as_ref().map_or("None".to_owned(), |v| format!("'{v}'"));
        format!(
            "Response(outcome='{}', code={}, http_status={}, retry={})",
            self.outcome,
            shown(&self.code),
            self.http_status,
            shown(&self.retry)
        )
    }
}

/// Decodes what came back for `action`: any bytes give one of the four outcomes.
#[pyfunction]
#[pyo3(signature = (action, status, headers=None, body=b"".as_slice()))]
fn decode_response(
    action: &str,
    status: i64,
    headers: Option<&Bound<'_, PyAny>>,
    body: &[u8],
) -> PyResult<Response> {
    let status = u16::try_from(status).map_err(|_| {
        PyValueError::new_err(format!(
            "status {status} is not an HTTP status (0 to 65535)"
        ))
    })?;
    let headers = pairs(headers)?;
    let response = decode_body(action_of(action)?, status, &headers, body);
    let s = response.summary();
    let owned = |s: Option<&str>| s.map(str::to_owned);
    Ok(Response {
        outcome: s.outcome.to_owned(),
        code: owned(s.code),
        request_id: owned(s.request_id),
        message: owned(s.message),
        host_id: owned(s.host_id),
        recommend: owned(s.recommend),
        http_status: s.http_status,
        retry: owned(s.retry),
        throttled: s.throttled,
        already_gone: s.already_gone,
        retry_after_seconds: s.retry_after_seconds,
        auth_action: owned(s.auth_action),
        decoded: DecodedResponse(response.clone()),
    })
}

/// A request the service would accept.
#[pyclass(frozen, get_all, module = "aliyun_ecs_delete")]
struct Verified {
    /// `DeleteInstance` or `DeleteInstances`.
    action: String,
    /// The AccessKeyId that signed it.
    access_key_id: String,
    /// The nonce, for the caller's replay store.
    signature_nonce: String,
    /// The operation parameters as sent, sorted by name, then value.
    params: Vec<(String, String)>,
}

#[pymethods]
impl Verified {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        // Parameters are request data, not secrets; the nonce is left out as noise. Python's
        // own repr of each part, so the text reads back as Python.
        let repr = |value: Bound<'_, PyAny>| value.repr().map(|r| r.to_string());
        Ok(format!(
            "Verified(action={}, access_key_id={}, params={})",
            repr(self.action.clone().into_pyobject(py)?.into_any())?,
            repr(self.access_key_id.clone().into_pyobject(py)?.into_any())?,
            repr(self.params.clone().into_pyobject(py)?.into_any())?,
        ))
    }
}

/// Verifies a signed request (V3 when `headers` hold an `Authorization`, else V1); raises
/// `VerifyError` with the first reason it would be refused. The account's keys are
/// `access_key_secret` and `public_key` (its RSA public key, PEM, for `ACS3-RSA-SHA256`).
#[pyfunction]
#[pyo3(signature = (method, url, access_key_secret=None, *, headers=None, body=None, now=None,
    max_skew_seconds=900, public_key=None))]
#[allow(clippy::too_many_arguments)]
fn verify(
    py: Python<'_>,
    method: &str,
    url: &str,
    access_key_secret: Option<&str>,
    headers: Option<&Bound<'_, PyAny>>,
    body: Option<&[u8]>,
    now: Option<&str>,
    max_skew_seconds: u64,
    public_key: Option<&str>,
) -> PyResult<Verified> {
    let method = method_of(method)?;
    let headers = pairs(headers)?;
    let now = now
        .map(Timestamp::parse)
        .transpose()
        .map_err(|e| PyValueError::new_err(format!("now: {e}")))?;
    let verifier = Verifier::new().max_skew_seconds(max_skew_seconds);
    let public_key = public_key
        .map(RsaPublicKey::from_pem)
        .transpose()
        .map_err(|e| bad_key("public_key", &e))?;
    let mut keys = Keys::new();
    if let Some(secret) = access_key_secret {
        keys = keys.with_secret(secret);
    }
    if let Some(public_key) = &public_key {
        keys = keys.with_public_key(public_key);
    }
    let verdict = verifier.verify(method, url, &headers, body, keys, now.as_ref());
    let v = verdict
        .map_err(|e| refusal(py, Refusal::Verify, e.code(), e.parameter(), e.to_string()))?;
    Ok(Verified {
        action: v.action().as_str().to_owned(),
        access_key_id: v.access_key_id.clone(),
        signature_nonce: v.signature_nonce.clone(),
        params: v
            .params
            .iter()
            .map(|(n, val)| (n.to_owned(), val.to_owned()))
            .collect(),
    })
}

/// Signature V1 over any parameters: `canonical_query`, `string_to_sign`, `signature`.
#[pyfunction]
fn rpc_v1(
    py: Python<'_>,
    method: &str,
    params: &Bound<'_, PyAny>,
    access_key_secret: &str,
) -> PyResult<Py<PyDict>> {
    let params = pairs(Some(params))?;
    let query = v1::CanonicalQuery::new(borrowed(&params));
    let string_to_sign = v1::StringToSign::new(method_of(method)?, &query);
    let signature = v1::Signature::v1(access_key_secret, &string_to_sign);
    let out = PyDict::new(py);
    out.set_item("canonical_query", query.as_str())?;
    out.set_item("string_to_sign", string_to_sign.as_str())?;
    out.set_item("signature", signature.as_str())?;
    Ok(out.unbind())
}

/// Signature V3 over a request: `canonical_request`, `hashed_canonical_request`,
/// `string_to_sign`, `signature`, `authorization`; `algorithm` as `Authorization` names it
/// (`ACS3-HMAC-SHA256` when `None`; for `ACS3-RSA-SHA256`, `access_key_secret` is the private
/// key, PEM).
#[pyfunction]
#[pyo3(signature = (method, path, access_key_id, access_key_secret, query, headers, body=b"".as_slice(),
    algorithm=None))]
#[allow(clippy::too_many_arguments)]
fn rpc_v3(
    py: Python<'_>,
    method: &str,
    path: &str,
    access_key_id: &str,
    access_key_secret: &str,
    query: &Bound<'_, PyAny>,
    headers: &Bound<'_, PyAny>,
    body: &[u8],
    algorithm: Option<&str>,
) -> PyResult<Py<PyDict>> {
    let algorithm = algorithm_of(algorithm)?;
    let (query, headers) = (pairs(Some(query))?, pairs(Some(headers))?);
    let canonical = v3::CanonicalRequest::new(
        method_of(method)?,
        path,
        &query,
        &headers,
        &v3::hex_digest(algorithm, body),
    );
    let hashed = canonical.hashed_with(algorithm);
    let string_to_sign = v3::StringToSign::new(&hashed);
    let signature = match algorithm {
        Algorithm::RsaSha256 => {
            let key = RsaPrivateKey::from_pem(access_key_secret)
                .map_err(|e| bad_key("access_key_secret", &e))?;
            v3::Signature::rsa(&key, &string_to_sign)
        }
        _ => v3::Signature::new(access_key_secret, &string_to_sign),
    };
    let out = PyDict::new(py);
    out.set_item("canonical_request", canonical.as_str())?;
    out.set_item("hashed_canonical_request", hashed.as_str())?;
    out.set_item("string_to_sign", string_to_sign.as_str())?;
    out.set_item("signature", signature.as_str())?;
    out.set_item(
        "authorization",
        v3::authorization(access_key_id, canonical.signed_headers(), &signature),
    )?;
    Ok(out.unbind())
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<SignedRequest>()?;
    m.add_class::<emulator::Model>()?;
    m.add_class::<Response>()?;
    m.add_class::<Verified>()?;
    m.add_function(wrap_pyfunction!(sign, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(decode_response, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(rpc_v1, m)?)?;
    m.add_function(wrap_pyfunction!(rpc_v3, m)?)?;
    Ok(())
}
