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

    /// One request on its own connection: status and body.
    fn send(&self, head: &str, body: &[u8]) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.authority).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let head = format!(
            "{head}\r\nhost: {}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            self.authority,
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
    let signed = Signer::new()
        .signature_version(SignatureVersion::V3)
        .endpoint(Endpoint::with_scheme(Scheme::Http, &server.authority).expect("host"))
        .sign(
            &request,
            &Credentials::new(
                "LTAI5tEmulatorKeyId0001",
                "EmulatorSecret0123456789abcdefgh",
            ),
            &Timestamp::now(),
            &Nonce::random().expect("nonce"),
        );
    let mut head = format!("{} {} HTTP/1.1", signed.method(), signed.path_and_query());
    for (name, value) in signed.headers() {
        if !name.eq_ignore_ascii_case("host") {
            head.push_str(&format!("\r\n{name}: {}", value.as_str()));
        }
    }
    let (status, body) = server.send(&head, signed.body());
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
