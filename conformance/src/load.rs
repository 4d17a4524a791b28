//! `ecs-conformance load`: a load test of a running emulator, bounded in count and time.
//!
//! The requests are signed before the clock starts (V1 DeleteInstance dry runs of one Stopped
//! instance: every check runs, nothing changes), each with a nonce of its own, and replayed over
//! keep-alive connections, one request in flight per connection. The run is split into phases;
//! before each, the emulator's clock is moved 1,801 s on through the control API and the phase's
//! requests are signed at that time, so nonces older than the window are forgotten as they would
//! be over a long uptime, and the memory left at the end is what a steady load keeps.

use std::time::{Duration, Instant};

use aliyun_ecs_delete::request::DeleteInstance;
use aliyun_ecs_delete::service::HttpRequest;
use aliyun_ecs_delete::{Credentials, Endpoint, Nonce, Scheme, Signer, Timestamp};
use ecs_conformance::client::Client;
use serde_json::json;

/// Load a running emulator (`ecs-conformance serve`) with signed V1 DeleteInstance requests.
#[derive(Debug, clap::Args)]
pub struct LoadArgs {
    /// The emulator, `http://HOST:PORT` (loopback only).
    #[arg(long, value_name = "URL")]
    endpoint: String,
    /// How many requests in all.
    #[arg(long, default_value_t = 100_000)]
    requests: usize,
    /// How many keep-alive connections at once.
    #[arg(long, default_value_t = 32)]
    connections: usize,
    /// Requests per phase (the clock moves on between phases).
    #[arg(long, default_value_t = 50_000)]
    phase: usize,
    /// The emulator's process id, to read its resident memory (Linux).
    #[arg(long, value_name = "PID")]
    server_pid: Option<u32>,
    /// Stop after this many seconds of sending, whatever is left.
    #[arg(long, default_value_t = 600)]
    max_seconds: u64,
}

const KEY: &str = "LTAI5tLoadKeyId00000001";
const SECRET: &str = "LoadSecret0123456789abcdefghijkl";
const INSTANCE: &str = "i-load00000000000000001";

pub fn load(args: &LoadArgs) -> Result<bool, String> {
    let authority = args
        .endpoint
        .strip_prefix("http://")
        .map(|a| a.trim_end_matches('/'))
        .filter(|a| a.starts_with("127.") || a.starts_with("localhost:") || a.starts_with("[::1]"))
        .ok_or("--endpoint must be http:// on the loopback (127.0.0.0/8, localhost or [::1])")?
        .to_owned();
    if args.connections == 0 || args.phase == 0 || args.requests == 0 {
        return Err("--requests, --connections and --phase must be positive".into());
    }
    let fixture = json!({
        "accounts": [{"access_key_id": KEY, "access_key_secret": SECRET}],
        "instances": [{"instance_id": INSTANCE, "region_id": "cn-hangzhou"}],
    });
    let client = Client::with_connections(&args.endpoint, args.connections)?;
    client.control("PUT", "state", Some(&fixture))?;
    let request = DeleteInstance::builder(INSTANCE)
        .region_id("cn-hangzhou")
        .dry_run(true)
        .build()
        .map_err(|e| e.to_string())?;
    let signer = Signer::new()
        .endpoint(Endpoint::with_scheme(Scheme::Http, &authority).map_err(|e| e.to_string())?);
    let credentials = Credentials::new(KEY, SECRET).map_err(|e| e.to_string())?;
    let start_clock = Timestamp::parse("2026-01-01T00:00:00Z").map_err(|e| e.to_string())?;

    let mut latencies: Vec<u32> = Vec::with_capacity(args.requests);
    let mut errors = 0usize;
    let mut sent = 0usize;
    let mut busy = Duration::ZERO;
    let mut rss_at_100k = None;
    let rss_start = args.server_pid.and_then(rss_kib);
    let deadline = Instant::now() + Duration::from_secs(args.max_seconds);
    let mut phase_no = 0i64;
    while sent < args.requests && Instant::now() < deadline {
        let count = args.phase.min(args.requests - sent);
        let now = Timestamp::from_unix_seconds(start_clock.unix_seconds() + phase_no * 1801)
            .map_err(|e| e.to_string())?;
        client.control("PUT", "clock", Some(&json!({ "now": now.as_str() })))?;
        // Signed before the clock starts; one queue per connection.
        let mut queues: Vec<Vec<HttpRequest>> = vec![Vec::new(); args.connections];
        for i in 0..count {
            let nonce = Nonce::new(format!("load-{phase_no}-{i}")).map_err(|e| e.to_string())?;
            let signed = signer.sign(&request, &credentials, &now, &nonce);
            queues[i % args.connections].push(HttpRequest::from_signed(&signed));
        }
        let started = Instant::now();
        let results: Vec<Result<(Vec<u32>, usize), String>> = std::thread::scope(|scope| {
            let handles: Vec<_> = queues
                .into_iter()
                .map(|queue| {
                    // One request in flight per thread, each on a pooled keep-alive connection.
                    let client = &client;
                    scope.spawn(move || replay(client, &queue))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err("a load thread panicked".into()))
                })
                .collect()
        });
        busy += started.elapsed();
        for result in results {
            let (lat, errs) = result?;
            latencies.extend(lat);
            errors += errs;
        }
        sent += count;
        if rss_at_100k.is_none() && sent >= 100_000 {
            rss_at_100k = args.server_pid.and_then(rss_kib);
        }
        phase_no += 1;
    }
    let rss_end = args.server_pid.and_then(rss_kib);
    latencies.sort_unstable();
    let pct = |p: f64| {
        let at = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len().max(1));
        latencies.get(at - 1).copied().unwrap_or(0)
    };
    let report = json!({
        "requests": sent,
        "connections": args.connections,
        "seconds": busy.as_secs_f64(),
        "requests_per_second": sent as f64 / busy.as_secs_f64().max(f64::EPSILON),
        "latency_us": {"p50": pct(0.50), "p99": pct(0.99), "max": latencies.last().copied().unwrap_or(0)},
        "unexpected_answers": errors,
        "server_rss_kib": {"start": rss_start, "at_100k": rss_at_100k, "end": rss_end},
    });
    println!("{}", ecs_conformance::output::json_line(&report));
    Ok(errors == 0)
}

/// Sends `queue` in order over one keep-alive connection: the latency of each (µs) and how many
/// answers were not the expected dry run.
fn replay(client: &Client, queue: &[HttpRequest]) -> Result<(Vec<u32>, usize), String> {
    let mut latencies = Vec::with_capacity(queue.len());
    let mut errors = 0;
    for request in queue {
        let started = Instant::now();
        let answer = client.send(request)?;
        latencies.push(u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX));
        if answer.status != 400 || !answer.body.windows(15).any(|w| w == b"DryRunOperation") {
            errors += 1;
        }
    }
    Ok((latencies, errors))
}

/// The resident memory of process `pid`, in KiB (Linux).
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
