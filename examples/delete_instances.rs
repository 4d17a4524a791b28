//! Deleting instances for real: the crate builds, validates and signs the request, `ureq` sends
//! it, and the crate decodes what came back into a verdict, retrying what is safe to retry.
//!
//! ```sh
//! export ALIBABA_CLOUD_ACCESS_KEY_ID=... ALIBABA_CLOUD_ACCESS_KEY_SECRET=...
//! cargo run --example delete_instances --features clock,random-nonce,http -- \
//!     cn-hangzhou i-bp1g6zv0ce8oghu7k2zz i-bp1g6zv0ce8oghu7k3aa
//! ```
//!
//! It sends a dry run unless `--really-delete` is given. Instances must be Stopped unless
//! `--force` is given, which powers off a Running instance and releases it (the service's
//! `Force=true`: unsaved data in memory is lost). `--endpoint http://127.0.0.1:8080`
//! sends to a local endpoint (a mock or the emulator) instead of the regional one;
//! `--signature v3` signs with ACS3-HMAC-SHA256. `ALIBABA_CLOUD_SECURITY_TOKEN`, when set, is
//! sent as the STS token.
//!
//! The library reads no environment and no clock; this program is the caller that does.
#![allow(clippy::disallowed_methods)]

use std::error::Error;
use std::time::Duration;

use aliyun_ecs_delete::request::{DeleteInstances, ReleaseMode};
use aliyun_ecs_delete::response::{Response, RetryClass, decode_response};
use aliyun_ecs_delete::{
    Action, Credentials, Endpoint, Nonce, Operation, SignatureVersion, Signer, Timestamp,
};

/// How often a retryable answer is retried.
const ATTEMPTS: u32 = 4;
/// The most of a response body that is read.
const MAX_BODY: u64 = 1 << 20;

struct Options {
    region: String,
    ids: Vec<String>,
    really_delete: bool,
    force: bool,
    endpoint: Option<Endpoint>,
    version: SignatureVersion,
}

fn options() -> Result<Options, Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut options = Options {
        region: String::new(),
        ids: Vec::new(),
        really_delete: false,
        force: false,
        endpoint: None,
        version: SignatureVersion::V1,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--really-delete" => options.really_delete = true,
            "--force" => options.force = true,
            "--endpoint" => {
                let url = args.next().ok_or("--endpoint needs a value")?;
                options.endpoint = Some(Endpoint::from_url(&url)?);
            }
            "--signature" => {
                options.version = match args.next().as_deref() {
                    Some("v1") => SignatureVersion::V1,
                    Some("v3") => SignatureVersion::V3,
                    _ => return Err("--signature takes v1 or v3".into()),
                }
            }
            _ => positional.push(arg),
        }
    }
    let mut positional = positional.into_iter();
    options.region = positional.next().ok_or("usage: REGION INSTANCE_ID...")?;
    options.ids = positional.collect();
    Ok(options)
}

fn credentials() -> Result<Credentials, Box<dyn Error>> {
    let var = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
    let mut credentials = Credentials::new(
        var("ALIBABA_CLOUD_ACCESS_KEY_ID")?,
        var("ALIBABA_CLOUD_ACCESS_KEY_SECRET")?,
    )?;
    if let Ok(token) = std::env::var("ALIBABA_CLOUD_SECURITY_TOKEN") {
        credentials = credentials.with_security_token(token)?;
    }
    Ok(credentials)
}

fn main() -> Result<(), Box<dyn Error>> {
    let options = options()?;
    let credentials = credentials()?;

    // One ClientToken for every attempt: a retry of a request whose answer was lost cannot
    // delete twice or fail on instances the first attempt already released.
    let client_token = Nonce::random()?;
    let mode = if options.force {
        ReleaseMode::Force
    } else {
        ReleaseMode::WhenStopped
    };
    let request = DeleteInstances::builder(&options.region)
        .instance_ids(&options.ids)
        .release_mode(mode)
        .client_token(client_token.as_str())
        .dry_run(!options.really_delete)
        .build()?;
    let mut signer = Signer::new().signature_version(options.version);
    if let Some(endpoint) = options.endpoint {
        signer = signer.endpoint(endpoint);
    }

    // Every status comes back as a response: the verdict is the crate's, not the client's.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();

    // DeleteInstances is all or nothing: "not found" for a batch of several ids means one of
    // them does not exist and none was released; `already_gone_for` knows it.
    let count = request.instance_count();

    for attempt in 1..=ATTEMPTS {
        // A fresh timestamp and nonce for every attempt: the service refuses a nonce it saw.
        let signed = signer.sign(&request, &credentials, &Timestamp::now(), &Nonce::random()?);
        let mut answer = agent.run(signed.into_http()?)?;
        let status = answer.status().as_u16();
        let headers: Vec<(String, String)> = answer
            .headers()
            .iter()
            .filter_map(|(n, v)| Some((n.to_string(), v.to_str().ok()?.to_owned())))
            .collect();
        let body = answer
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()?;
        let response = decode_response(Action::DeleteInstances, status, &headers, &body);

        match &response {
            Response::Success(_) => println!("deleted (request {:?})", response.request_id()),
            Response::DryRun(_) => println!("the dry run passed: the delete would be accepted"),
            Response::ApiError(error)
                if response.already_gone() && !response.already_gone_for(count) =>
            {
                println!(
                    "{}: an instance of the batch does not exist, so none was released; \
                     send the others without it, or one at a time",
                    error.code
                );
                std::process::exit(1);
            }
            Response::ApiError(error) if response.already_gone_for(count) => {
                println!("already gone: {}", error.code)
            }
            Response::ApiError(error) => println!("refused: {error}"),
            Response::Unparseable(page) => println!("unreadable answer: {page}"),
        }
        match response.retry() {
            Some(RetryClass::Retry) if attempt < ATTEMPTS => {
                let wait = response
                    .retry_after_seconds()
                    .unwrap_or(1 << attempt)
                    .min(60);
                println!("retrying in {wait} s (attempt {attempt} of {ATTEMPTS})");
                std::thread::sleep(Duration::from_secs(wait));
            }
            Some(RetryClass::Check) => {
                println!("the outcome is unknown: look at the instances before trying again");
                std::process::exit(1);
            }
            None => return Ok(()),
            Some(_) if response.already_gone_for(count) => return Ok(()),
            Some(_) => std::process::exit(1),
        }
    }
    std::process::exit(1)
}
