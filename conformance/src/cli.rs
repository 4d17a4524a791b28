//! The small command line for people who are not writing Rust: `sign`, `parse`, `verify`.
//!
//! Every subcommand prints text by default and one JSON document with `--format json`. Exit
//! codes: 0 when it did its job and the verdict is good (signed; a success or a passing dry
//! run; a valid request), 1 when the verdict is bad (a service error or an unreadable response;
//! a request that would be refused), 2 when the input or the options are wrong.
//!
//! `sign --format json` writes `{"method", "url", "headers", "body"}`, which `verify --request`
//! reads back, so what `sign` writes verifies with `verify` without repeating any option.

use ecs_conformance::output::quoted;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use aliyun_ecs_delete::keys::{RsaPrivateKey, RsaPublicKey};
use aliyun_ecs_delete::request::{DeleteInstance, DeleteInstances, ReleaseMode, Request};
use aliyun_ecs_delete::response::{Response, ResponseDecoder};
use aliyun_ecs_delete::rpc::Method;
use aliyun_ecs_delete::verify::{Keys, Verifier, VerifyError};
use aliyun_ecs_delete::{
    Action, Algorithm, Credentials, Endpoint, Format, Nonce, Scheme, SignatureVersion, Signer,
    Timestamp, Transport, UnknownValue,
};
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, ValueEnum};
use serde_json::json;
use std::str::FromStr;

/// A flag whose values are the library's spellings of `T` (with `aliases`, pairs of a spelling
/// and another name for it), read by its `FromStr`: the help lists them, and no mirror enum
/// repeats them.
fn spelled<T>(
    spellings: &'static [&'static str],
    aliases: &'static [(&'static str, &'static str)],
) -> impl TypedValueParser<Value = T>
where
    T: FromStr<Err = UnknownValue> + Clone + Send + Sync + 'static,
{
    let values = spellings.iter().map(|&name| {
        aliases
            .iter()
            .filter(|(of, _)| *of == name)
            .fold(PossibleValue::new(name), |v, (_, alias)| v.alias(alias))
    });
    PossibleValuesParser::new(values).try_map(move |name| {
        // The parser hands back the name as typed: an alias is read as what it stands for.
        let name = aliases
            .iter()
            .find(|(_, alias)| *alias == name)
            .map_or(name.as_str(), |(of, _)| of);
        name.parse::<T>()
    })
}

/// How a subcommand prints its result.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Text for a person, control characters escaped.
    #[default]
    Text,
    /// One JSON document on one line.
    Json,
}

/// `sign`: build and sign a request.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The instance to release; repeat for DeleteInstances.
    #[arg(long = "instance-id", value_name = "ID", required = true)]
    instance_ids: Vec<String>,
    /// The region (required for DeleteInstances).
    #[arg(long = "region")]
    region: Option<String>,
    /// Send DeleteInstances even for one instance.
    #[arg(long)]
    batch: bool,
    /// Release a Running instance, powering it off at once (Force=true).
    #[arg(long, conflicts_with = "graceful")]
    force: bool,
    /// Release a Running instance after a graceful OS shutdown (Force=true, ForceStop=false).
    #[arg(long)]
    graceful: bool,
    /// Also release an expired subscription instance.
    #[arg(long)]
    terminate_subscription: bool,
    /// Only check the request.
    #[arg(long)]
    dry_run: bool,
    /// The idempotence token (DeleteInstances).
    #[arg(long)]
    client_token: Option<String>,
    /// How to send it (`post` and `form` are short for post-query and post-form).
    #[arg(long, value_parser = spelled::<Transport>(Transport::SPELLINGS, &[("post-query", "post"), ("post-form", "form")]), default_value = "post-query")]
    via: Transport,
    /// The signature version.
    #[arg(long = "signature", value_parser = spelled::<SignatureVersion>(SignatureVersion::SPELLINGS, &[]), default_value = "v1")]
    version: SignatureVersion,
    /// The V3 algorithm (with `--signature v3`; ACS3-HMAC-SHA256 by default).
    #[arg(long, value_parser = spelled::<Algorithm>(Algorithm::SPELLINGS, &[]))]
    algorithm: Option<Algorithm>,
    /// The RSA private key, PEM (PKCS#1 or PKCS#8), that signs ACS3-RSA-SHA256 (in the place
    /// of ALIBABA_CLOUD_ACCESS_KEY_SECRET).
    #[arg(long, value_name = "FILE")]
    private_key: Option<PathBuf>,
    /// Ask for XML instead of JSON (V1).
    #[arg(long)]
    xml: bool,
    /// Send to this host (a name or an IP address, with an optional `:port`), or to this URL's
    /// origin (`http://127.0.0.1:8080`), instead of `ecs.<region>.aliyuncs.com`.
    #[arg(long, value_name = "URL|HOST[:PORT]")]
    endpoint: Option<String>,
    /// The scheme of an `--endpoint` given without one (default `https`; `http` for a local
    /// endpoint).
    #[arg(long, value_parser = spelled::<Scheme>(Scheme::SPELLINGS, &[]), requires = "endpoint")]
    scheme: Option<Scheme>,
    /// The timestamp, YYYY-MM-DDThh:mm:ssZ (default: now).
    #[arg(long)]
    timestamp: Option<String>,
    /// The nonce (default: random).
    #[arg(long)]
    nonce: Option<String>,
    /// Print a curl command instead of the request's parts.
    #[arg(long, conflicts_with = "format")]
    curl: bool,
    /// How to print the signed request (`json`: what `verify --request` reads back).
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
}

/// `parse`: decode a response.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The HTTP status (100 to 599).
    #[arg(long, value_parser = clap::value_parser!(u16).range(100..=599))]
    status: u16,
    /// The action that was called.
    #[arg(long, default_value = "DeleteInstance")]
    action: String,
    /// How many instances the request named (DeleteInstance: 1). DeleteInstances is all or
    /// nothing: "not found" for a batch of several released none, so `already_gone` is true
    /// only for one; without this option a DeleteInstances is taken to name several.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=100))]
    instances: Option<u16>,
    /// A response header, `name: value` (repeatable).
    #[arg(long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// How to print the verdict.
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
    /// Bodies longer than this are not parsed (and no more than one byte past it is read).
    #[arg(long, value_name = "BYTES", default_value_t = aliyun_ecs_delete::response::DEFAULT_MAX_BODY_BYTES)]
    max_body_bytes: usize,
    /// The body; standard input when absent or `-`.
    file: Option<PathBuf>,
}

/// `verify`: check a signed request, V1 or V3 (V3 when an `Authorization` header is given).
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("signed").required(true).args(["request", "url"])))]
pub struct VerifyArgs {
    /// A signed request as `sign --format json` writes it (a file, or `-` for standard input).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["url", "method", "body", "headers"])]
    request: Option<PathBuf>,
    /// The URL (full, or path and query).
    #[arg(long)]
    url: Option<String>,
    /// The HTTP method (`sign` posts by default, and so does this).
    #[arg(long, default_value = "POST")]
    method: String,
    /// The form body, if any.
    #[arg(long)]
    body: Option<String>,
    /// A request header, `name: value` (repeatable); with `authorization` the request is V3.
    #[arg(long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// Check the timestamp against this instant instead of the clock.
    #[arg(long)]
    now: Option<String>,
    /// Do not check the timestamp against any clock.
    #[arg(long, conflicts_with = "now")]
    no_clock: bool,
    /// The account's RSA public key, PEM, that checks ACS3-RSA-SHA256 (with or without
    /// ALIBABA_CLOUD_ACCESS_KEY_SECRET, which checks the rest).
    #[arg(long, value_name = "FILE")]
    public_key: Option<PathBuf>,
    /// The allowed clock skew in seconds.
    #[arg(long, default_value_t = 900)]
    max_skew: u64,
    /// How to print the verdict.
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
}

/// `NAME: VALUE` options as pairs.
fn header_pairs(options: &[String]) -> Result<Vec<(String, String)>, String> {
    options
        .iter()
        .map(|h| {
            h.split_once(':')
                .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
                .ok_or(format!("--header {} is not NAME: VALUE", quoted(h)))
        })
        .collect()
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// A PEM key file's text; the error names the file, never its contents.
fn read_key(option: &str, path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{option} {}: {e}", path.display()))
}

/// The credentials from the environment; with `private_key`, the key signs in the place of the
/// secret.
fn credentials(private_key: Option<&Path>) -> Result<Credentials, String> {
    let id = env("ALIBABA_CLOUD_ACCESS_KEY_ID").ok_or("set ALIBABA_CLOUD_ACCESS_KEY_ID")?;
    let credentials = match private_key {
        Some(path) => {
            let key = RsaPrivateKey::from_pem(&read_key("--private-key", path)?)
                .map_err(|e| format!("--private-key {}: {e}", path.display()))?;
            Credentials::rsa(id, key)
        }
        None => Credentials::new(
            id,
            env("ALIBABA_CLOUD_ACCESS_KEY_SECRET").ok_or("set ALIBABA_CLOUD_ACCESS_KEY_SECRET")?,
        ),
    };
    // The key id and the token are written into the request: checked, the error naming which.
    let checked = |e: aliyun_ecs_delete::CredentialsError| {
        let from = match e.parameter() {
            "SecurityToken" => "ALIBABA_CLOUD_SECURITY_TOKEN",
            _ => "ALIBABA_CLOUD_ACCESS_KEY_ID",
        };
        format!("{from}: {} ({}): {e}", e.code(), e.parameter())
    };
    let credentials = credentials.map_err(checked)?;
    match env("ALIBABA_CLOUD_SECURITY_TOKEN") {
        Some(token) => credentials.with_security_token(token).map_err(checked),
        None => Ok(credentials),
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Builds, signs and prints a request.
/// A request the rules refuse, as `verify` shows one: the stable code, the parameter, the
/// message.
fn refused(e: &aliyun_ecs_delete::request::RequestError) -> String {
    match e.parameter() {
        Some(p) => format!("invalid: {} ({p}): {e}", e.code()),
        None => format!("invalid: {}: {e}", e.code()),
    }
}

pub fn sign(a: &SignArgs) -> Result<(), String> {
    let mode = match (a.force, a.graceful) {
        (_, true) => ReleaseMode::ForceAfterShutdown,
        (true, _) => ReleaseMode::Force,
        _ => ReleaseMode::WhenStopped,
    };
    let request = if a.batch || a.instance_ids.len() > 1 {
        let region = a
            .region
            .clone()
            .ok_or("--region is required for DeleteInstances")?;
        let mut b = DeleteInstances::builder(region)
            .instance_ids(&a.instance_ids)
            .release_mode(mode);
        if let Some(token) = &a.client_token {
            b = b.client_token(token);
        }
        if a.terminate_subscription {
            b = b.terminate_subscription(true);
        }
        if a.dry_run {
            b = b.dry_run(true);
        }
        Request::DeleteInstances(b.build().map_err(|e| refused(&e))?)
    } else {
        if a.client_token.is_some() {
            return Err("--client-token is for DeleteInstances: add --batch".into());
        }
        let mut b = DeleteInstance::builder(&a.instance_ids[0]).release_mode(mode);
        if let Some(region) = &a.region {
            b = b.region_id(region);
        }
        if a.terminate_subscription {
            b = b.terminate_subscription(true);
        }
        if a.dry_run {
            b = b.dry_run(true);
        }
        Request::DeleteInstance(b.build().map_err(|e| refused(&e))?)
    };
    if a.xml && a.version != SignatureVersion::V1 {
        return Err("--xml applies to signature v1 only: a V3 request carries no Format".into());
    }
    if a.algorithm.is_some() && a.version != SignatureVersion::V3 {
        return Err("--algorithm is a V3 algorithm: add --signature v3".into());
    }
    // An RSA key makes only ACS3-RSA-SHA256, and ACS3-RSA-SHA256 needs one.
    match (a.algorithm, &a.private_key) {
        (Some(Algorithm::RsaSha256), None) => {
            return Err("--algorithm ACS3-RSA-SHA256 signs with --private-key FILE".into());
        }
        (algorithm, Some(_)) if algorithm != Some(Algorithm::RsaSha256) => {
            return Err("--private-key signs --algorithm ACS3-RSA-SHA256 only".into());
        }
        _ => {}
    }
    let timestamp = match &a.timestamp {
        Some(t) => Timestamp::parse(t).map_err(|e| format!("--timestamp: {e}"))?,
        None => Timestamp::now(),
    };
    let nonce = match &a.nonce {
        Some(n) => Nonce::new(n.as_str()).map_err(|e| format!("--nonce: {e}"))?,
        None => Nonce::random().map_err(|e| format!("no randomness for a nonce: {e}"))?,
    };
    let mut signer = Signer::new()
        .transport(a.via)
        .signature_version(a.version)
        .format(if a.xml { Format::Xml } else { Format::Json });
    if let Some(algorithm) = a.algorithm {
        signer = signer.algorithm(algorithm);
    }
    if let Some(url) = &a.endpoint {
        let endpoint = match a.scheme {
            Some(_) if url.contains("://") => {
                return Err("--scheme: the --endpoint URL names its scheme already".into());
            }
            Some(Scheme::Http) => Endpoint::with_scheme(Scheme::Http, url),
            _ => Endpoint::from_url(url),
        };
        signer = signer.endpoint(endpoint.map_err(|e| format!("--endpoint: {e}"))?);
    }
    let credentials = credentials(a.private_key.as_deref())?;
    let signed = signer.sign(&request, &credentials, &timestamp, &nonce);
    let body = String::from_utf8_lossy(signed.body());
    if a.format == OutputFormat::Json {
        // The request to send, whole: it is what this subcommand is for.
        say_json!(json!({
            "method": signed.method().as_str(),
            "url": signed.url(),
            "headers": signed.headers().map(|(n, v)| json!([n, v])).collect::<Vec<_>>(),
            "body": body,
        }));
    } else if a.curl {
        let mut cmd = format!(
            "curl -sS -X {} {}",
            signed.method(),
            shell_quote(signed.url())
        );
        for (name, value) in signed.headers() {
            cmd.push_str(&format!(" -H {}", shell_quote(&format!("{name}: {value}"))));
        }
        if !body.is_empty() {
            cmd.push_str(&format!(" --data-raw {}", shell_quote(&body)));
        }
        say!("{cmd}");
    } else {
        say!("{} {}", signed.method(), signed.url());
        for (name, value) in signed.headers() {
            say!("{name}: {value}");
        }
        if !body.is_empty() {
            say!("\n{body}");
        }
    }
    Ok(())
}

/// Decodes a response and prints the verdict; `Ok(false)` for a service error or an unreadable
/// body.
pub fn parse(a: &ParseArgs) -> Result<bool, String> {
    let action =
        Action::parse(&a.action).ok_or("--action must be DeleteInstance or DeleteInstances")?;
    // At most the cap and one byte more is read: enough to know the body is too large.
    let limit = u64::try_from(a.max_body_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let mut body = Vec::new();
    match a.file.as_deref() {
        Some(path) if path.as_os_str() != "-" => {
            std::fs::File::open(path)
                .and_then(|f| f.take(limit).read_to_end(&mut body))
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        _ => {
            std::io::stdin()
                .lock()
                .take(limit)
                .read_to_end(&mut body)
                .map_err(|e| format!("standard input: {e}"))?;
        }
    }
    let headers = header_pairs(&a.headers)?;
    let response = ResponseDecoder::new()
        .max_body_bytes(a.max_body_bytes)
        .decode(action, a.status, &headers, &body);
    let outcome = response.outcome();
    let mut verdict = ecs_conformance::output::response_verdict(&response);
    // Whether the delete is done: the request's instance count decides what "not found" means.
    let instances = match (a.instances, action) {
        (Some(n), _) => usize::from(n),
        (None, Action::DeleteInstance) => 1,
        (None, _) => usize::MAX,
    };
    verdict["already_gone"] = response.already_gone_for(instances).into();
    verdict["unparseable_reason"] = match &response {
        Response::Unparseable(u) => u.reason.code().into(),
        _ => serde_json::Value::Null,
    };
    let good = matches!(response, Response::Success(_) | Response::DryRun(_));
    if a.format == OutputFormat::Json {
        say_json!(verdict);
        return Ok(good);
    }
    match &response {
        Response::ApiError(e) => {
            say!("{e}");
            if let Some(meaning) = e.code.meaning() {
                say!("meaning: {meaning}");
            }
        }
        Response::Unparseable(u) => say!("{u}"),
        _ => say!("{outcome} (HTTP {})", response.http_status()),
    }
    for (key, value) in verdict.as_object().into_iter().flatten() {
        if !value.is_null() && key != "message" {
            say!("{key}: {value}");
        }
    }
    Ok(good)
}

/// The request to check: from `--request` (the JSON of `sign --format json`) or the options.
struct ToVerify {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

fn request_to_verify(a: &VerifyArgs) -> Result<ToVerify, String> {
    let Some(path) = &a.request else {
        return Ok(ToVerify {
            method: a.method.clone(),
            url: a.url.clone().ok_or("--url or --request is required")?,
            headers: header_pairs(&a.headers)?,
            body: a.body.clone(),
        });
    };
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("standard input: {e}"))?;
    } else {
        text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let doc: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("--request is not JSON: {e}"))?;
    let field = |key: &str| {
        doc.get(key)
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
            .ok_or(format!("--request: `{key}` must be a string"))
    };
    let headers = doc
        .get("headers")
        .and_then(serde_json::Value::as_array)
        .ok_or("--request: `headers` must be an array of [name, value] pairs")?
        .iter()
        .map(|pair| match pair.as_array().map(Vec::as_slice) {
            Some([serde_json::Value::String(n), serde_json::Value::String(v)]) => {
                Ok((n.clone(), v.clone()))
            }
            _ => Err("--request: `headers` must be an array of [name, value] pairs".to_owned()),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let body = field("body")?;
    Ok(ToVerify {
        method: field("method")?,
        url: field("url")?,
        headers,
        body: (!body.is_empty()).then_some(body),
    })
}

/// Verifies a signed request (V3 when it carries an `Authorization` header); `Ok(false)` when
/// it would be refused.
pub fn verify(a: &VerifyArgs) -> Result<bool, String> {
    let r = request_to_verify(a)?;
    let method =
        Method::parse(&r.method.to_ascii_uppercase()).ok_or("the method must be GET or POST")?;
    let secret = env("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    let public_key = match &a.public_key {
        Some(path) => Some(
            RsaPublicKey::from_pem(&read_key("--public-key", path)?)
                .map_err(|e| format!("--public-key {}: {e}", path.display()))?,
        ),
        None => None,
    };
    if secret.is_none() && public_key.is_none() {
        return Err("set ALIBABA_CLOUD_ACCESS_KEY_SECRET, or give --public-key FILE".into());
    }
    let mut keys = Keys::new();
    if let Some(secret) = &secret {
        keys = keys.with_secret(secret);
    }
    if let Some(public_key) = &public_key {
        keys = keys.with_public_key(public_key);
    }
    let now = match (&a.now, a.no_clock) {
        (Some(t), _) => Some(Timestamp::parse(t).map_err(|e| format!("--now: {e}"))?),
        (None, true) => None,
        (None, false) => Some(Timestamp::now()),
    };
    let verifier = Verifier::new().max_skew_seconds(a.max_skew);
    let body = r.body.as_deref().map(str::as_bytes);
    let v3 = r
        .headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("authorization"));
    let verdict = verifier.verify(method, &r.url, &r.headers, body, keys, now.as_ref());
    let valid = verdict.is_ok();
    if a.format == OutputFormat::Json {
        say_json!(match &verdict {
            Ok(v) => json!({
                "valid": true,
                "signature": if v3 { "v3" } else { "v1" },
                "action": v.action().as_str(),
                "access_key_id": v.access_key_id,
                "signature_nonce": v.signature_nonce,
                "params": v.params.iter().map(|(n, v)| json!([n, v])).collect::<Vec<_>>(),
                "lints": v.lints.iter().map(|l| json!({"kind": l.kind.to_string(), "parameter": l.parameter})).collect::<Vec<_>>(),
                "warnings": v.warnings.iter().map(|w| w.code()).collect::<Vec<_>>(),
            }),
            Err(e) => {
                let mut error = json!({ "code": e.code(), "message": e.to_string() });
                if let Some(p) = e.parameter() {
                    error["parameter"] = p.into();
                }
                if let VerifyError::SignatureMismatch {
                    string_to_sign,
                    canonical_request,
                } = e
                {
                    error["string_to_sign"] = string_to_sign.as_str().into();
                    if let Some(c) = canonical_request {
                        error["canonical_request"] = c.as_str().into();
                    }
                }
                json!({ "valid": false, "error": error })
            }
        });
        return Ok(valid);
    }
    match verdict {
        Ok(v) => {
            say!(
                "valid {} signed by {} (nonce {})",
                v.action(),
                v.access_key_id,
                v.signature_nonce
            );
            for (name, value) in &v.params {
                say!("  {name} = {value}");
            }
            for lint in &v.lints {
                say!("lint: {} in {}", lint.kind, lint.parameter);
            }
            for warning in &v.warnings {
                say!("warning: {}", warning.code());
            }
        }
        Err(VerifyError::SignatureMismatch {
            string_to_sign,
            canonical_request,
        }) => {
            // What the server signed, as lines, to set beside what the client signed.
            say!("invalid: signature_mismatch: the signature does not match");
            if let Some(canonical) = canonical_request {
                say!("the server's canonical request:\n{canonical}");
            }
            say!("the server's string to sign:\n{string_to_sign}");
        }
        Err(e) => match e.parameter() {
            Some(p) => say!("invalid: {} ({p}): {e}", e.code()),
            None => say!("invalid: {}: {e}", e.code()),
        },
    }
    Ok(valid)
}
