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
    /// Mix in hostile requests, each with the answer it must get: 1 in 10 with a wrong
    /// signature, 1 in 10 signed 400 s behind (a finding for the report), 1 in 100 with a 64 KiB
    /// AccessKeyId in a form body, 1 in 100 with a malformed query; and 4 slow senders trickling
    /// a head for the whole run.
    #[arg(long)]
    hostile: bool,
    /// Yes, replace the target emulator's state and clock (the run sets its own); without it,
    /// the run is refused.
    #[arg(long)]
    reset_target: bool,
}

const KEY: &str = "LTAI5tLoadKeyId00000001";
const SECRET: &str = "LoadSecret0123456789abcdefghijkl";
const INSTANCE: &str = "i-load00000000000000001";

pub fn load(args: &LoadArgs) -> Result<bool, String> {
    let authority = loopback(&args.endpoint)?;
    if !args.reset_target {
        return Err(format!(
            "--endpoint {}: a load run replaces the emulator's state and clock there; add \
             --reset-target to go on",
            args.endpoint
        ));
    }
    if args.connections == 0 || args.phase == 0 || args.requests == 0 {
        return Err("--requests, --connections and --phase must be positive".into());
    }
    let fixture = json!({
        "accounts": [{"access_key_id": KEY, "access_key_secret": SECRET}],
        "instances": [{"instance_id": INSTANCE, "region_id": "cn-hangzhou"}],
    });
    let client = Client::with_connections(&format!("http://{authority}"), args.connections)?;
    client.control("PUT", "state", Some(&fixture))?;
    let request = DeleteInstance::builder(INSTANCE)
        .region_id("cn-hangzhou")
        .dry_run(true)
        .build()
        .map_err(|e| e.to_string())?;
    let signer = Signer::new().endpoint(
        Endpoint::with_scheme(Scheme::Http, &authority.to_string()).map_err(|e| e.to_string())?,
    );
    let credentials = Credentials::new(KEY, SECRET).map_err(|e| e.to_string())?;
    let start_clock = Timestamp::parse("2026-01-01T00:00:00Z").map_err(|e| e.to_string())?;

    let mut latencies: Vec<u32> = Vec::with_capacity(args.requests);
    let mut errors = 0usize;
    let mut sent = 0usize;
    let mut busy = Duration::ZERO;
    let mut rss_at_100k = None;
    let rss_start = args.server_pid.and_then(rss_kib);
    let mut rss_by_phase = Vec::new();
    let mut phases_before_100k = usize::MAX;
    let deadline = Instant::now() + Duration::from_secs(args.max_seconds);
    let mut phase_no = 0i64;
    // Slow senders, for the whole run: the server must close them, and serve the rest as usual.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let slow = args.hostile.then(|| {
        let stop = std::sync::Arc::clone(&stop);
        std::thread::spawn(move || slow_senders(authority, 4, &stop))
    });
    while sent < args.requests && Instant::now() < deadline {
        let count = args.phase.min(args.requests - sent);
        let now = Timestamp::from_unix_seconds(start_clock.unix_seconds() + phase_no * 1801)
            .map_err(|e| e.to_string())?;
        client.control("PUT", "clock", Some(&json!({ "now": now.as_str() })))?;
        // Signed before the clock starts; one queue per connection.
        let mut queues: Vec<Vec<(HttpRequest, Expect)>> = vec![Vec::new(); args.connections];
        for i in 0..count {
            let nonce = Nonce::new(format!("load-{phase_no}-{i}")).map_err(|e| e.to_string())?;
            // Hostile: one in ten signed 400 s behind the emulator's clock, within the 900 s the
            // service allows, so the answer is the dry run's and the report gets a finding.
            let signed_at = if args.hostile && i % 10 == 3 {
                Timestamp::from_unix_seconds(now.unix_seconds() - 400).map_err(|e| e.to_string())?
            } else {
                now
            };
            let signed =
                HttpRequest::from_signed(&signer.sign(&request, &credentials, &signed_at, &nonce));
            let sent = if args.hostile {
                spoil(signed, i)
            } else {
                (signed, DRY_RUN)
            };
            queues[i % args.connections].push(sent);
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
        rss_by_phase.extend(args.server_pid.and_then(rss_kib));
        if rss_at_100k.is_none() && sent >= 100_000 {
            phases_before_100k = rss_by_phase.len().saturating_sub(1);
            rss_at_100k = args.server_pid.and_then(rss_kib);
        }
        phase_no += 1;
    }
    let rss_end = args.server_pid.and_then(rss_kib);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let slow_closed = slow.map(|h| h.join().unwrap_or(0));
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
        // From the 100,000th request to the end, in percent: flat is within 5.
        "rss_growth_after_100k_percent": rss_at_100k.zip(rss_end).map(|(a, b): (u64, u64)| {
            (b as f64 - a as f64) * 100.0 / (a as f64).max(1.0)
        }),
        // The least-squares trend of the samples from the 100,000th request on, over that
        // stretch, in percent of their mean: single samples vary with what is in flight.
        "rss_trend_after_100k_percent": trend_percent(&rss_by_phase[phases_before_100k.min(rss_by_phase.len())..]),
        "server_rss_kib_after_each_phase": rss_by_phase,
        "hostile": args.hostile,
        "slow_connections_closed_by_the_server": slow_closed,
    });
    println!("{}", ecs_conformance::output::json_line(&report));
    Ok(errors == 0)
}

/// The address of `endpoint` (`http://HOST:PORT`), resolved once, when every address the host
/// has is a loopback one (`IpAddr::is_loopback`): nothing is sent anywhere else.
fn loopback(endpoint: &str) -> Result<std::net::SocketAddr, String> {
    use std::net::ToSocketAddrs as _;
    let authority = endpoint
        .strip_prefix("http://")
        .map(|a| a.trim_end_matches('/'))
        .filter(|a| !a.is_empty() && !a.contains('/'))
        .ok_or_else(|| format!("--endpoint {endpoint}: expected http://HOST:PORT"))?;
    let addresses: Vec<std::net::SocketAddr> = authority
        .to_socket_addrs()
        .map_err(|e| format!("--endpoint {endpoint}: {e}"))?
        .collect();
    match addresses.iter().find(|a| !a.ip().is_loopback()) {
        Some(outside) => Err(format!(
            "--endpoint {endpoint}: {outside} is not a loopback address; load runs on this machine only"
        )),
        None => addresses
            .first()
            .copied()
            .ok_or_else(|| format!("--endpoint {endpoint}: the host has no address")),
    }
}

/// The answer a request must get: its status and code.
#[derive(Debug, Clone, Copy)]
struct Expect(u16, &'static str);

/// A signed dry run's answer.
const DRY_RUN: Expect = Expect(400, "DryRunOperation");

/// The `i`th request of a hostile mix: most as signed, some spoiled, each with its answer.
fn spoil(mut request: HttpRequest, i: usize) -> (HttpRequest, Expect) {
    match i % 100 {
        // An AccessKeyId of 64 KiB, in a form body: looked up, not found, journaled cut.
        8 => {
            let query = request.target.split_once('?').map_or("", |(_, q)| q);
            let body = query.replacen(
                &format!("AccessKeyId={KEY}"),
                &format!("AccessKeyId={}", "K".repeat(64 << 10)),
                1,
            );
            request.method = "POST".into();
            request.target = "/".into();
            request.headers.push((
                "content-type".into(),
                "application/x-www-form-urlencoded".into(),
            ));
            request.body = body.into_bytes();
            (request, Expect(404, "InvalidAccessKeyId.NotFound"))
        }
        // A malformed escape in the query.
        9 => {
            request.target.push_str("&Bad=%zz");
            (request, Expect(400, "InvalidParameter"))
        }
        // A signature that does not match.
        n if n % 10 == 7 => {
            request.target = request.target.replacen("Signature=", "Signature=AA", 1);
            (request, Expect(400, "SignatureDoesNotMatch"))
        }
        _ => (request, DRY_RUN),
    }
}

/// Sends `queue` in order over one keep-alive connection: the latency of each (µs) and how many
/// answers were not the one expected.
fn replay(client: &Client, queue: &[(HttpRequest, Expect)]) -> Result<(Vec<u32>, usize), String> {
    let mut latencies = Vec::with_capacity(queue.len());
    let mut errors = 0;
    for (request, Expect(status, code)) in queue {
        let started = Instant::now();
        let answer = client.send(request)?;
        latencies.push(u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX));
        let code = code.as_bytes();
        if answer.status != *status || !answer.body.windows(code.len()).any(|w| w == code) {
            errors += 1;
        }
    }
    Ok((latencies, errors))
}

/// Slow senders: each opens a connection and writes a head one line a second, never finishing
/// it, and opens another when the server closes it. How many the server closed.
fn slow_senders(
    authority: std::net::SocketAddr,
    senders: usize,
    stop: &std::sync::atomic::AtomicBool,
) -> usize {
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..senders)
            .map(|_| scope.spawn(move || trickle(authority, stop)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
    })
}

/// One slow sender until `stop`: how many of its connections the server closed.
fn trickle(authority: std::net::SocketAddr, stop: &std::sync::atomic::AtomicBool) -> usize {
    use std::io::{Read as _, Write as _};
    let mut closed = 0;
    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
        let Ok(mut stream) = std::net::TcpStream::connect(authority) else {
            std::thread::sleep(Duration::from_millis(100));
            continue;
        };
        let mut open =
            stream.write_all(b"GET / HTTP/1.1\r\n").is_ok() && stream.set_nonblocking(true).is_ok();
        let mut tick = 0u64;
        while open && !stop.load(std::sync::atomic::Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(250));
            tick += 1;
            let line = format!("x-slow-{tick}: 1\r\n");
            // A line a second; a read that is not "nothing yet" means the server closed it.
            let wrote = !tick.is_multiple_of(4) || stream.write_all(line.as_bytes()).is_ok();
            let waiting = matches!(
                stream.read(&mut [0u8; 1]),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock
            );
            open = wrote && waiting;
        }
        closed += usize::from(!open);
    }
    closed
}

/// The change a least-squares line through `samples` makes from the first to the last, in
/// percent of their mean (`None` for fewer than three).
fn trend_percent(samples: &[u64]) -> Option<f64> {
    if samples.len() < 3 {
        return None;
    }
    let n = samples.len() as f64;
    let mean_x = (n - 1.0) / 2.0;
    let mean_y = samples.iter().map(|&y| y as f64).sum::<f64>() / n;
    let (mut covariance, mut variance) = (0.0, 0.0);
    for (x, &y) in samples.iter().enumerate() {
        covariance += (x as f64 - mean_x) * (y as f64 - mean_y);
        variance += (x as f64 - mean_x).powi(2);
    }
    Some(covariance / variance * (n - 1.0) * 100.0 / mean_y.max(1.0))
}

/// The resident memory of process `pid`, in KiB (Linux).
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::trend_percent;

    #[test]
    fn the_trend_is_the_fitted_change_over_the_mean() {
        assert_eq!(trend_percent(&[100, 100]), None);
        assert_eq!(trend_percent(&[100, 100, 100]), Some(0.0));
        // 90, 100, 110: a rise of 20 over a mean of 100.
        let rise = trend_percent(&[90, 100, 110]).expect("a trend");
        assert!((rise - 20.0).abs() < 1e-9, "{rise}");
        // Noise around a flat line: no trend.
        let flat = trend_percent(&[100, 110, 90, 100]).expect("a trend");
        assert!(flat.abs() < 10.0, "{flat}");
    }
}
