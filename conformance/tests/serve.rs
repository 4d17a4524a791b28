//! `ecs-conformance serve` as an SDK's test suite meets it: the first line names the port, the
//! control API answers, a request signed by the typed API is served, a body over 1 MiB is
//! refused, a bad fixture stops it at start-up, SIGTERM ends it cleanly, and no secret shows.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use aliyun_ecs_delete::request::DeleteInstances;
use aliyun_ecs_delete::{
    Credentials, Endpoint, Nonce, Scheme, SignatureVersion, Signer, Timestamp,
};

const BIN: &str = env!("CARGO_BIN_EXE_ecs-conformance");

struct Server {
    child: Child,
    authority: String,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut command = Command::new(BIN);
        command.arg("serve").args(args);
        Server::spawn(command)
    }

    /// Runs `command` (which execs `serve`) and reads the address its first line names.
    fn spawn(mut command: Command) -> Server {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("serve starts");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("a first line");
        let authority = first
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("first line {first:?}"))
            .trim_end()
            .to_owned();
        Server { child, authority }
    }

    fn send(&self, head: &str, body: &[u8]) -> (u16, String) {
        send(&self.authority, head, body)
    }

    fn stop(mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for _ in 0..100 {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("serve did not stop on SIGTERM within 5 s");
    }
}

/// One request on its own connection: status and body.
fn send(authority: &str, head: &str, body: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(authority).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let head = format!(
        "{head}\r\nhost: {authority}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).expect("writes");
    let _ = stream.write_all(body);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (status, body)
}

/// Signs `request` for the emulator at `authority` with the built-in account, and sends it as
/// signed (every header but `host`, which `send` writes).
fn send_signed(authority: &str, signer: Signer, request: &DeleteInstances) -> (u16, String) {
    let signed = signer
        .endpoint(Endpoint::with_scheme(Scheme::Http, authority).expect("host"))
        .sign(
            request,
            &Credentials::new(
                "LTAI5tEmulatorKeyId0001",
                "EmulatorSecret0123456789abcdefgh",
            )
            .unwrap(),
            &Timestamp::now(),
            &Nonce::random().expect("nonce"),
        );
    let mut head = format!("{} {} HTTP/1.1", signed.method(), signed.path_and_query());
    for (name, value) in signed.headers() {
        if !name.eq_ignore_ascii_case("host") {
            head.push_str(&format!("\r\n{name}: {value}"));
        }
    }
    send(authority, &head, signed.body())
}

#[test]
fn serves_the_builtin_state_to_a_typed_request_and_stops_cleanly() {
    let server = Server::start(&[]);
    assert_eq!(
        server.send("GET /_emulator/health HTTP/1.1", b""),
        (200, r#"{"ok":true}"#.into())
    );
    let (status, state) = server.send("GET /_emulator/state HTTP/1.1", b"");
    assert_eq!(status, 200);
    assert!(state.contains("i-emu0stopped000000002") && !state.contains("EmulatorSecret"));

    // A V3 request from the typed API, at the emulator's own address.
    let request = DeleteInstances::builder("cn-hangzhou")
        .instance_ids(["i-emu0stopped000000002"])
        .client_token("t-1")
        .build()
        .expect("valid");
    let signer = Signer::new().signature_version(SignatureVersion::V3);
    let (status, body) = send_signed(&server.authority, signer, &request);
    assert_eq!(status, 200, "{body}");
    let (_, state) = server.send("GET /_emulator/state HTTP/1.1", b"");
    assert!(!state.contains("i-emu0stopped000000002"), "{state}");
    let (_, journal) = server.send("GET /_emulator/journal HTTP/1.1", b"");
    assert!(
        journal.contains(r#""released":["i-emu0stopped000000002"]"#),
        "{journal}"
    );
    assert!(!journal.contains("Signature=") && !journal.contains("EmulatorSecret"));

    // Over 1 MiB: 413, unread.
    let (status, _) = server.send("POST / HTTP/1.1", &vec![b'a'; (1 << 20) + 1]);
    assert_eq!(status, 413);

    assert!(server.stop().success());
}

#[test]
fn a_bad_fixture_stops_it_at_start_up_naming_the_field() {
    let dir = std::env::temp_dir().join(format!("ecs-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("bad.json");
    std::fs::write(
        &file,
        r#"{"instances": [{"instance_id": "i-a", "colour": "red"}]}"#,
    )
    .expect("write");
    let out = Command::new(BIN)
        .args(["serve", "--state"])
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("colour"));
}

/// Overlapping DeleteInstances from many connections at once: each instance is released exactly
/// once, a batch is all or nothing, and what the journal says matches the state.
#[test]
fn concurrent_overlapping_batches_release_each_instance_once() {
    let ids: Vec<String> = (0..40).map(|i| format!("i-concurrent{i:010}")).collect();
    let fixture = serde_json::json!({
        "accounts": [{"access_key_id": "LTAI5tEmulatorKeyId0001",
                      "access_key_secret": "EmulatorSecret0123456789abcdefgh"}],
        "instances": ids.iter().map(|id| serde_json::json!({"instance_id": id})).collect::<Vec<_>>(),
    });
    let server = Server::start(&[]);
    let (status, _) = server.send(
        "PUT /_emulator/state HTTP/1.1",
        fixture.to_string().as_bytes(),
    );
    assert_eq!(status, 204);

    let threads: Vec<_> = (0..16)
        .map(|t| {
            let authority = server.authority.clone();
            let ids = ids.clone();
            std::thread::spawn(move || {
                let mut statuses = Vec::new();
                for round in 0..6 {
                    // Batches of 4 that overlap across threads and rounds.
                    let start = (t * 3 + round * 5) % (ids.len() - 4);
                    let batch = &ids[start..start + 4];
                    let request = DeleteInstances::builder("cn-hangzhou")
                        .instance_ids(batch)
                        .build()
                        .expect("valid");
                    let signer = Signer::new().transport(aliyun_ecs_delete::Transport::PostForm);
                    statuses.push(send_signed(&authority, signer, &request).0);
                }
                statuses
            })
        })
        .collect();
    let statuses: Vec<u16> = threads
        .into_iter()
        .flat_map(|t| t.join().expect("thread"))
        .collect();
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 404),
        "{statuses:?}"
    );
    assert!(statuses.contains(&200));

    let (_, journal) = server.send("GET /_emulator/journal HTTP/1.1", b"");
    let journal: serde_json::Value = serde_json::from_str(&journal).expect("JSON");
    let mut released = Vec::new();
    for entry in journal.as_array().expect("array") {
        let list: Vec<String> = entry["released"]
            .as_array()
            .expect("list")
            .iter()
            .map(|v| v.as_str().expect("id").to_owned())
            .collect();
        match entry["status"].as_u64() {
            Some(200) => assert_eq!(list.len(), 4, "a batch is whole: {entry}"),
            _ => assert!(list.is_empty(), "a refused batch releases nothing: {entry}"),
        }
        released.extend(list);
    }
    let mut unique = released.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), released.len(), "an instance released twice");
    let (_, state) = server.send("GET /_emulator/state HTTP/1.1", b"");
    let state: serde_json::Value = serde_json::from_str(&state).expect("JSON");
    let left = state["instances"].as_array().expect("list").len();
    assert_eq!(left + released.len(), ids.len(), "released and left add up");
    assert!(server.stop().success());
}

/// Reads what `stream` sends until it closes it (or `limit` passes): the bytes, and whether it
/// was closed.
fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, bool) {
    stream
        .set_read_timeout(Some(Duration::from_millis(100)))
        .expect("timeout");
    let started = std::time::Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while started.elapsed() < limit {
        match stream.read(&mut buf) {
            Ok(0) => return (String::from_utf8_lossy(&got).into_owned(), true),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return (String::from_utf8_lossy(&got).into_owned(), true),
        }
    }
    (String::from_utf8_lossy(&got).into_owned(), false)
}

/// A body that cannot be read, or is too large, is answered as the service answers: a status,
/// a request id, a content type, the envelope, and a journal entry.
#[test]
fn a_body_error_is_an_ecs_answer_and_journaled() {
    let server = Server::start(&[]);
    let mut stream = TcpStream::connect(&server.authority).expect("connects");
    let head = format!(
        "POST /?Action=DeleteInstances&Format=JSON HTTP/1.1\r\nhost: {}\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n",
        server.authority
    );
    stream.write_all(head.as_bytes()).expect("writes");
    let (answer, _) = read_until_closed(&mut stream, Duration::from_secs(5));
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    let lower = answer.to_ascii_lowercase();
    assert!(
        lower.contains("x-acs-request-id: ") && lower.contains("content-type: application/json"),
        "{answer}"
    );
    assert!(answer.contains(r#""Code":"InvalidParameter""#), "{answer}");

    let (status, body) = server.send("POST /?Format=JSON HTTP/1.1", &vec![b'a'; (1 << 20) + 1]);
    assert_eq!(status, 413);
    assert!(body.contains(r#""RequestId":""#), "{body}");
    let (_, journal) = server.send("GET /_emulator/journal HTTP/1.1", b"");
    let journal: serde_json::Value = serde_json::from_str(&journal).expect("JSON");
    let statuses: Vec<_> = journal
        .as_array()
        .expect("array")
        .iter()
        .map(|e| e["status"].clone())
        .collect();
    assert_eq!(statuses, [400, 413], "{journal}");
    assert_eq!(journal[0]["action"], "DeleteInstances");
    assert!(server.stop().success());
}

/// A head trickled in, and a keep-alive connection left idle, are closed after `--timeout`.
#[test]
fn slow_and_idle_connections_are_closed() {
    let server = Server::start(&["--timeout", "1"]);
    // One header line every 300 ms: never a whole head.
    let mut slow = TcpStream::connect(&server.authority).expect("connects");
    slow.write_all(b"GET /_emulator/health HTTP/1.1\r\n")
        .expect("writes");
    let started = std::time::Instant::now();
    let mut closed = false;
    for n in 0..20 {
        std::thread::sleep(Duration::from_millis(300));
        if slow
            .write_all(format!("x-slow-{n}: 1\r\n").as_bytes())
            .is_err()
        {
            closed = true;
            break;
        }
        if read_until_closed(&mut slow, Duration::from_millis(1)).1 {
            closed = true;
            break;
        }
    }
    assert!(
        closed,
        "a trickled head kept its connection for {:?}",
        started.elapsed()
    );
    assert!(started.elapsed() < Duration::from_secs(4));

    // A whole request on a keep-alive connection, answered; then idle, and closed.
    let mut idle = TcpStream::connect(&server.authority).expect("connects");
    let head = format!(
        "GET /_emulator/health HTTP/1.1\r\nhost: {}\r\n\r\n",
        server.authority
    );
    idle.write_all(head.as_bytes()).expect("writes");
    let (answer, closed) = read_until_closed(&mut idle, Duration::from_secs(4));
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(closed, "an idle keep-alive connection stayed open");
    assert!(server.stop().success());
}

/// Past `--max-connections`, a new connection waits to be accepted (it is not refused), and is
/// served once a slot frees.
#[test]
fn connections_past_the_cap_wait_for_a_slot() {
    let server = Server::start(&["--max-connections", "2", "--timeout", "5"]);
    let holders: Vec<TcpStream> = (0..2)
        .map(|_| TcpStream::connect(&server.authority).expect("connects"))
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let mut waiting = TcpStream::connect(&server.authority).expect("queued in the backlog");
    let head = format!(
        "GET /_emulator/health HTTP/1.1\r\nhost: {}\r\nconnection: close\r\n\r\n",
        server.authority
    );
    waiting.write_all(head.as_bytes()).expect("writes");
    let (early, _) = read_until_closed(&mut waiting, Duration::from_millis(700));
    assert!(early.is_empty(), "served past the cap: {early}");
    drop(holders);
    let (answer, _) = read_until_closed(&mut waiting, Duration::from_secs(5));
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(server.stop().success());
}

/// `--listen` takes a host name; an address others can reach is served with a warning that the
/// control API is open, unless a control token guards it.
#[test]
fn listen_takes_names_and_warns_off_loopback() {
    let server = Server::start(&["--listen", "localhost:0"]);
    assert_eq!(server.send("GET /_emulator/health HTTP/1.1", b"").0, 200);
    assert!(server.stop().success());

    for (args, warned) in [
        (&["--listen", "0.0.0.0:0"][..], true),
        (
            &["--listen", "0.0.0.0:0", "--control-token", "tok"][..],
            false,
        ),
    ] {
        let mut server = Server::start(args);
        let mut stderr = server.child.stderr.take().expect("stderr");
        let port = server
            .authority
            .rsplit(':')
            .next()
            .expect("port")
            .to_owned();
        server.authority = format!("127.0.0.1:{port}");
        let health = server.send("GET /_emulator/health HTTP/1.1", b"").0;
        assert_eq!(health, if warned { 200 } else { 401 }, "{args:?}");
        assert!(server.stop().success());
        let mut text = String::new();
        stderr.read_to_string(&mut text).expect("stderr");
        assert_eq!(
            text.contains("not a loopback address"),
            warned,
            "{args:?}: {text}"
        );
        assert!(!text.contains("tok\n"), "{text}");
    }
    let out = Command::new(BIN)
        .args(["serve", "--listen", "no-such-host.invalid:0"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

/// Every example fixture in `conformance/emulator/fixtures/` starts the emulator and reads back
/// as it was written (secrets and tokens aside).
#[test]
fn the_example_fixtures_load() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("emulator/fixtures");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the fixtures folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "{files:?}");
    for file in files {
        let written: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("JSON");
        let server = Server::start(&["--state", file.to_str().expect("path")]);
        let (status, state) = server.send("GET /_emulator/state HTTP/1.1", b"");
        assert_eq!(status, 200, "{}", file.display());
        let shown: serde_json::Value = serde_json::from_str(&state).expect("JSON");
        for list in ["instances", "disks", "snapshots", "eips", "accounts"] {
            let count = |v: &serde_json::Value| v[list].as_array().map_or(0, Vec::len);
            assert_eq!(count(&shown), count(&written), "{}: {list}", file.display());
        }
        assert!(
            !state.contains("Secret0123") && !state.contains("sts-token"),
            "{state}"
        );
        assert!(server.stop().success());
    }
}

/// Out of file descriptors, the accept loop backs off instead of spinning, says so once, and
/// serves again when descriptors free up.
#[cfg(target_os = "linux")]
#[test]
fn out_of_descriptors_it_backs_off_and_logs_once() {
    let mut command = Command::new("sh");
    command.args([
        "-c",
        &format!("ulimit -n 24 && exec {BIN} serve --timeout 5"),
    ]);
    let mut server = Server::spawn(command);
    let authority = server.authority.clone();
    // More connections than descriptors: the server cannot accept them all.
    let held: Vec<TcpStream> = (0..40)
        .filter_map(|_| TcpStream::connect(&authority).ok())
        .collect();
    assert!(held.len() > 24, "{}", held.len());
    let cpu = |pid: u32| -> f64 {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .expect("comm")
            .1
            .split_whitespace()
            .collect();
        // utime and stime, fields 14 and 15 of stat (11 and 12 after the command name).
        (fields[11].parse::<f64>().expect("utime") + fields[12].parse::<f64>().expect("stime"))
            / 100.0
    };
    std::thread::sleep(Duration::from_millis(500));
    let before = cpu(server.child.id());
    std::thread::sleep(Duration::from_secs(2));
    let spent = cpu(server.child.id()) - before;
    assert!(
        spent < 0.5,
        "{spent} s of CPU in 2 s: the accept loop spins"
    );
    drop(held);
    std::thread::sleep(Duration::from_millis(1500));
    let (status, _) = send(&authority, "GET /_emulator/health HTTP/1.1", b"");
    assert_eq!(status, 200);
    let mut stderr = server.child.stderr.take().expect("stderr");
    assert!(server.stop().success());
    let mut text = String::new();
    stderr.read_to_string(&mut text).expect("stderr");
    assert_eq!(
        text.matches("cannot accept a connection").count(),
        1,
        "{text}"
    );
}

/// `drop_after_commit` over HTTP: the batch is released and the connection closed without an
/// answer; a retry under another ClientToken is found, and `--report` writes the findings at
/// shutdown, as Markdown or JSON by the file's name.
#[test]
fn a_dropped_commit_and_its_careless_retry_are_reported_at_shutdown() {
    let dir = std::env::temp_dir().join(format!("ecs-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    for name in ["report.md", "report.json"] {
        let path = dir.join(name);
        let server = Server::start(&["--report", path.to_str().expect("path")]);
        let fault = r#"{"action": "DeleteInstances", "kind": "drop_after_commit"}"#;
        assert_eq!(
            server
                .send("POST /_emulator/faults HTTP/1.1", fault.as_bytes())
                .0,
            204
        );
        let request = |token: &str| {
            DeleteInstances::builder("cn-hangzhou")
                .instance_ids(["i-emu0stopped000000002"])
                .client_token(token)
                .build()
                .expect("valid")
        };
        let (status, body) = send_signed(&server.authority, Signer::new(), &request("t-1"));
        assert_eq!((status, body.as_str()), (0, ""), "no answer");
        let (_, state) = server.send("GET /_emulator/state HTTP/1.1", b"");
        assert!(
            !state.contains("i-emu0stopped000000002"),
            "released: {state}"
        );
        let (status, _) = send_signed(&server.authority, Signer::new(), &request("t-2"));
        assert_eq!(status, 404, "already released, and no memory of t-2");
        assert!(server.stop().success());
        let report = std::fs::read_to_string(&path).expect("written at shutdown");
        assert!(report.contains("client_token_changed"), "{report}");
        if name.ends_with(".md") {
            assert!(
                report.starts_with("# What the clients did wrong"),
                "{report}"
            );
        } else {
            let json: serde_json::Value = serde_json::from_str(&report).expect("JSON");
            assert_eq!(json["findings"][0]["kind"], "client_token_changed");
        }
    }
}
