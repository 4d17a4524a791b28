//! The command line, run as a user would: `sign` must print exactly what the official SDKs
//! signed (the `rpc-sign-v1/sdk/...` vectors), `verify` must accept it and refuse a tampered
//! copy, and adapter mode must count, skip and fail as the schema says.

use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_ecs-conformance");
const VECTORS: &str = include_str!("../vectors/rpc-sign-v1/official-sdks.json");

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tExampleKeyId")
        .env(
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            "ExampleSecret0123456789abcdefgh",
        )
        .env_remove("ALIBABA_CLOUD_SECURITY_TOKEN");
    match stdin {
        None => cmd.output().expect("the binary runs"),
        Some(text) => {
            use std::io::Write as _;
            let mut child = cmd
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("the binary runs");
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(text.as_bytes())
                .expect("write");
            child.wait_with_output().expect("the binary ends")
        }
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn sign_prints_what_the_sdks_signed_and_verify_accepts_it() {
    let doc: Value = serde_json::from_str(VECTORS).unwrap();
    let v = doc["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == "rpc-sign-v1/sdk/delete-instance/force/get")
        .unwrap();
    let query = v["expected"]["canonical_query"].as_str().unwrap();
    let signature =
        aliyun_ecs_delete::encode::percent_encode(v["expected"]["signature"].as_str().unwrap());
    let out = run(
        &[
            "sign",
            "--instance-id",
            "i-bp1g6zv0ce8oghu7k2zz",
            "--region",
            "cn-hangzhou",
            "--force",
            "--via",
            "get",
            "--timestamp",
            "2026-11-23T08:30:00Z",
            "--nonce",
            "6a1f0c8e-3b2d-4c5e-9f70-1a2b3c4d5e6f",
        ],
        None,
    );
    assert!(out.status.success());
    let expected =
        format!("GET https://ecs.cn-hangzhou.aliyuncs.com/?{query}&Signature={signature}\n");
    assert_eq!(stdout(&out), expected);

    let url = expected.trim_end().split(' ').nth(1).unwrap();
    let ok = run(
        &["verify", "--url", url, "--now", "2026-11-23T08:31:00Z"],
        None,
    );
    assert!(ok.status.success(), "{}", stdout(&ok));
    assert!(stdout(&ok).starts_with("valid DeleteInstance signed by LTAI5tExampleKeyId"));
    let tampered = url.replace("Force=true", "Force=false");
    let bad = run(&["verify", "--url", &tampered, "--no-clock"], None);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stdout(&bad).starts_with("invalid: signature_mismatch"));
}

#[test]
fn errors_are_one_line_and_exit_2() {
    let out = run(&["sign", "--instance-id", "i-bp1g6zv0ce8oghu7****"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("`InstanceId` is not a valid instance id"));
}

#[test]
fn parse_reads_standard_input() {
    let out = run(
        &["parse", "--status", "404", "--json"],
        Some(r#"{"RequestId":"R","Code":"InvalidInstanceId.NotFound"}"#),
    );
    let verdict: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(verdict["outcome"], "api_error");
    assert_eq!(verdict["already_gone"], true);
    assert_eq!(verdict["retry"], "fail");
}

#[test]
fn adapter_mode_skips_unsupported_and_fails_on_wrong_answers() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/rpc-sign-v1");
    let unsupported = run(
        &[
            "--vectors",
            dir,
            "--adapter",
            r#"while read -r l; do echo '{"unsupported":true}'; done"#,
        ],
        None,
    );
    assert!(unsupported.status.success());
    assert!(
        stdout(&unsupported).ends_with("0 passed, 0 failed, 105 skipped\n"),
        "{}",
        stdout(&unsupported)
    );

    let wrong = run(
        &[
            "--vectors",
            dir,
            "--filter",
            "doc/",
            "--adapter",
            r#"while read -r l; do echo '{"output":{"signature":"x"}}'; done"#,
        ],
        None,
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        stdout(&wrong).contains("FAIL rpc-sign-v1/doc/describe-regions\n    [signature] expected")
    );
    assert!(stdout(&wrong).ends_with("0 passed, 2 failed, 0 skipped\n"));

    let dead = run(
        &["--vectors", dir, "--filter", "doc/", "--adapter", "true"],
        None,
    );
    assert_eq!(dead.status.code(), Some(1));
    // Whether the write or the read notices first depends on timing; both are adapter failures.
    assert!(
        stdout(&dead).contains("[input] adapter: "),
        "{}",
        stdout(&dead)
    );
}
