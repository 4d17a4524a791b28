//! `examples/delete_instances.rs` end to end, against a local endpoint on the loopback that
//! checks each request with the crate's own verifier and answers as the service would: a
//! throttled first attempt, then a passing dry run. The example must sign correctly (V1 and
//! V3), retry with the same ClientToken and a new nonce, and report the dry run.
#![cfg(all(feature = "clock", feature = "random-nonce", feature = "http"))]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::thread;

use aliyun_ecs_delete::rpc::Method;
use aliyun_ecs_delete::verify::{Verified, Verifier};

const KEY_ID: &str = "LTAI5tExampleKeyId";
const SECRET: &str = "example-secret-for-the-loopback";

/// The example binary cargo built beside this test (`target/<profile>/examples/`).
fn example() -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("the test's path");
    let profile = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>");
    profile.join("examples").join("delete_instances")
}

/// One HTTP/1.1 request off `stream`: method, target, headers, body.
fn read_request(stream: &mut impl Read) -> (String, String, Vec<(String, String)>, Vec<u8>) {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).expect("request line");
    let mut words = line.split_whitespace();
    let method = words.next().expect("method").to_owned();
    let target = words.next().expect("target").to_owned();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("header line");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').expect("a header");
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, v)| v.parse::<usize>().expect("a length"));
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("the body");
    (method, target, headers, body)
}

/// Serves `N` requests: each is verified, then answered with `answers[i]`.
fn serve<const N: usize>(
    listener: TcpListener,
    answers: [String; N],
) -> thread::JoinHandle<Vec<Verified>> {
    thread::spawn(move || {
        let mut verified = Vec::new();
        for answer in answers {
            let (mut stream, _) = listener.accept().expect("a connection");
            let (method, target, headers, body) = read_request(&mut stream);
            let method = Method::parse(&method).expect("GET or POST");
            let verifier = Verifier::new();
            let verdict = verifier.verify(method, &target, &headers, Some(&body), SECRET, None);
            verified.push(verdict.expect("the example's request verifies"));
            stream.write_all(answer.as_bytes()).expect("answer");
        }
        verified
    })
}

/// A 400 answer with `extra` headers and a JSON body.
fn answer(extra: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n{extra}\
         Connection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

#[test]
fn the_example_signs_retries_with_the_same_token_and_reports_the_dry_run() {
    let throttled = answer(
        "x-acs-retry-after: 0\r\n",
        r#"{"RequestId":"R-1","Code":"Throttling.User","Message":"Request was denied."}"#,
    );
    let dry_run = answer(
        "",
        r#"{"RequestId":"R-2","Code":"DryRunOperation","Message":"Request validation has passed."}"#,
    );
    for signature in ["v1", "v3"] {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let port = listener.local_addr().expect("address").port();
        let server = serve(listener, [throttled.clone(), dry_run.clone()]);
        let out = Command::new(example())
            .args([
                "cn-hangzhou",
                "i-bp1g6zv0ce8oghu7k2zz",
                "i-bp1g6zv0ce8oghu7k3aa",
            ])
            .args(["--endpoint", &format!("http://127.0.0.1:{port}")])
            .args(["--signature", signature])
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID)
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)
            .env_remove("ALIBABA_CLOUD_SECURITY_TOKEN")
            .output()
            .expect("the example runs (cargo builds it for the tests with these features)");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{signature}: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains("refused: DeleteInstances failed with Throttling.User")
                && stdout.contains("retrying in 0 s")
                && stdout.ends_with("the dry run passed: the delete would be accepted\n"),
            "{signature}: {stdout}"
        );
        assert!(!stdout.contains(SECRET));

        let [first, second]: [Verified; 2] = server
            .join()
            .expect("the server")
            .try_into()
            .expect("two requests");
        for v in [&first, &second] {
            assert_eq!(v.params.value("DryRun"), Some("true"), "{signature}");
            // No Force unless asked for: a Running instance is not powered off.
            assert_eq!(v.params.value("Force"), None, "{signature}");
            assert_eq!(
                v.params.value("InstanceId.2"),
                Some("i-bp1g6zv0ce8oghu7k3aa")
            );
            assert_eq!(v.access_key_id, KEY_ID);
        }
        let token = first.params.value("ClientToken");
        assert!(token.is_some_and(|t| !t.is_empty()));
        assert_eq!(second.params.value("ClientToken"), token, "{signature}");
        assert_ne!(first.signature_nonce, second.signature_nonce, "{signature}");
    }
}

/// DeleteInstances is all or nothing: "not found" for a batch of two means none was released,
/// and the example says so and fails; `--force` asks for Force=true.
#[test]
fn a_batch_not_found_is_not_done_and_force_is_asked_for() {
    let not_found = answer(
        "",
        r#"{"RequestId":"R-3","Code":"InvalidInstanceIds.NotFound","Message":"The specified instances are not found."}"#,
    );
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let port = listener.local_addr().expect("address").port();
    let server = serve(listener, [not_found]);
    let out = Command::new(example())
        .args([
            "cn-hangzhou",
            "i-bp1g6zv0ce8oghu7k2zz",
            "i-bp1g6zv0ce8oghu7k3aa",
        ])
        .args(["--endpoint", &format!("http://127.0.0.1:{port}"), "--force"])
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID)
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)
        .env_remove("ALIBABA_CLOUD_SECURITY_TOKEN")
        .output()
        .expect("the example runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("InvalidInstanceIds.NotFound: an instance of the batch does not exist, so none was released"),
        "{stdout}"
    );
    let [only]: [Verified; 1] = server
        .join()
        .expect("the server")
        .try_into()
        .expect("one request");
    assert_eq!(only.params.value("Force"), Some("true"));
}
