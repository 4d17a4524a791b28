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
        let mut child = Command::new(BIN)
            .arg("serve")
            .args(args)
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
