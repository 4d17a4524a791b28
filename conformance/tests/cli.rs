//! The command line, run as a user would: `sign` must print exactly what the official SDKs
//! signed (the `rpc-sign-v1/sdk/...` vectors), `verify` must accept it and refuse a tampered
//! copy, and adapter mode must count, skip and fail as the schema says.

use std::process::{Command, Output};

use ecs_conformance::vectors::repository_vector;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_ecs-conformance");

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
            // A command that refuses its options exits without reading: a closed pipe is fine.
            if let Err(e) = child
                .stdin
                .take()
                .expect("stdin")
                .write_all(text.as_bytes())
            {
                assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
            }
            child.wait_with_output().expect("the binary ends")
        }
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn sign_prints_what_the_sdks_signed_and_verify_accepts_it() {
    let v = repository_vector("rpc-sign-v1/sdk/delete-instance/force/get");
    let query = v.expected["canonical_query"].as_str().unwrap();
    let signature =
        aliyun_ecs_delete::encode::percent_encode(v.expected["signature"].as_str().unwrap());
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
        &[
            "verify",
            "--url",
            url,
            "--method",
            "GET",
            "--now",
            "2026-11-23T08:31:00Z",
        ],
        None,
    );
    assert!(ok.status.success(), "{}", stdout(&ok));
    assert!(stdout(&ok).starts_with("valid DeleteInstance signed by LTAI5tExampleKeyId"));
    let tampered = url.replace("Force=true", "Force=false");
    let bad = run(
        &[
            "verify",
            "--url",
            &tampered,
            "--method",
            "GET",
            "--no-clock",
        ],
        None,
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(stdout(&bad).starts_with("invalid: signature_mismatch"));
    // What the server signed, to set beside the client's: the tampered value is in it.
    let shown = stdout(&bad);
    let (_, server) = shown
        .split_once("the server's string to sign:\n")
        .expect("the string to sign is shown");
    assert!(
        server.starts_with("GET&%2F&AccessKeyId%3D") && server.contains("Force%3Dfalse"),
        "{shown}"
    );
}

#[test]
fn errors_are_one_line_and_exit_2() {
    let out = run(&["sign", "--instance-id", "i-bp1g6zv0ce8oghu7****"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("`InstanceId` is not a valid instance id"));
    // The stable code and the parameter come first, as `verify` shows them.
    assert!(
        err.starts_with("ecs-conformance: invalid: invalid_instance_id (InstanceId): "),
        "{err}"
    );
}

#[test]
fn parse_reads_standard_input() {
    let out = run(
        &["parse", "--status", "404", "--format", "json"],
        Some(r#"{"RequestId":"R","Code":"InvalidInstanceId.NotFound"}"#),
    );
    let verdict: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(verdict["outcome"], "api_error");
    assert_eq!(verdict["already_gone"], true);
    assert_eq!(verdict["retry"], "fail");
    // A batch: not done unless it named one instance.
    let batch = r#"{"RequestId":"R","Code":"InvalidInstanceIds.NotFound"}"#;
    for (instances, gone) in [(None, false), (Some("2"), false), (Some("1"), true)] {
        let mut args = vec![
            "parse",
            "--status",
            "404",
            "--action",
            "DeleteInstances",
            "--format",
            "json",
        ];
        if let Some(n) = instances {
            args.extend(["--instances", n]);
        }
        let verdict: Value = serde_json::from_str(&stdout(&run(&args, Some(batch)))).unwrap();
        assert_eq!(verdict["already_gone"], gone, "{instances:?}");
    }
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
    // A run that compared nothing fails, and says why.
    assert_eq!(unsupported.status.code(), Some(1));
    let text = stdout(&unsupported);
    assert!(
        text.ends_with(
            "every selected vector of `rpc-sign-v1` was skipped\n\
             nothing was compared: a run that checks nothing does not pass\n\
             0 passed, 0 failed, 105 skipped\n"
        ),
        "{text}"
    );

    // One suite answered, one skipped whole: it passes, and says which suite was skipped.
    let files = [
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/vectors/rpc-sign-v1/vendor-doc.json"
        ),
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/vectors/acs3-sign/vendor-doc.json"
        ),
    ];
    let half = run(
        &[
            "--vectors",
            files[0],
            "--vectors",
            files[1],
            "--format",
            "json",
            "--adapter",
            r#"while read -r l; do case "$l" in *acs3-sign*) echo '{"unsupported":true}';; *) echo '{"output":{"signature":"x"}}';; esac; done"#,
        ],
        None,
    );
    let report: Value = serde_json::from_str(&stdout(&half)).expect("JSON");
    assert_eq!(report["skipped_suites"], serde_json::json!(["acs3-sign"]));
    assert_eq!(report["compared"], 2);

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
    let text = stdout(&wrong);
    for part in [
        "FAIL rpc-sign-v1/doc/describe-regions\n    file:     ",
        "vendor-doc.json\n    input:    {",
        "\"access_key_secret\":\"** redacted **\"",
        "    [signature]\n      expected \"OLeaidS1JvxuMvnyHOwuJ+uX5qY=\"\n      actual   \"x\"",
    ] {
        assert!(text.contains(part), "{part:?} in {text}");
    }
    assert!(!text.contains("testsecret"), "{text}");

    // What a partial adapter leaves out is counted, in text and in JSON.
    let partial = |format: &str| {
        let out = run(
            &[
                "--vectors",
                dir,
                "--filter",
                "sdk/delete-instance/force/",
                "--format",
                format,
                "--adapter",
                r#"while read -r l; do echo '{"output":{"signature":"x"}}'; done"#,
            ],
            None,
        );
        assert_eq!(out.status.code(), Some(1));
        stdout(&out)
    };
    assert!(partial("text").contains(
        "not compared, left out of the adapter's output: canonical_query (2), string_to_sign (2)\n"
    ));
    let report: Value = serde_json::from_str(&partial("json")).expect("JSON");
    assert_eq!(
        report["uncompared"],
        serde_json::json!({"canonical_query": 2, "string_to_sign": 2})
    );
    let mismatch = &report["failures"][0]["mismatches"][0];
    assert_eq!(mismatch["key"], "signature");
    assert_eq!(mismatch["actual"], "x");
    assert!(mismatch["expected"].is_string());
    assert!(stdout(&wrong).ends_with("0 passed, 2 failed, 0 skipped\n"));
}

/// Runs the binary with `args`, requiring it to end within `limit`; returns its output and
/// how long it took.
fn run_within(args: &[&str], limit: std::time::Duration) -> (Output, std::time::Duration) {
    let start = std::time::Instant::now();
    let child = Command::new(BIN)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let out = child.wait_with_output().expect("the binary ends");
    let took = start.elapsed();
    assert!(took < limit, "{args:?} took {took:?}");
    (out, took)
}

/// The class of issue 15 and issue 12: whatever an adapter does, the run ends soon, exit 2,
/// with one message naming the vector and quoting what the adapter wrote to stderr.
#[test]
fn no_adapter_can_hang_or_drown_the_runner() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/rpc-sign-v1");
    let long_line = "head -c 20000000 /dev/zero | tr '\\0' a; sleep 30";
    for (adapter, expect) in [
        ("true", "exited or closed its output"),
        (
            "echo started >&2; exit 3",
            "exited or closed its output (exit status: 3)",
        ),
        ("no-such-adapter-anywhere", "not found"),
        ("sleep 30", "gave no answer within 1 s"),
        ("cat >/dev/null", "gave no answer within 1 s"),
        (
            "echo waiting >&2; while read -r l; do :; done",
            "its standard error ends:\nwaiting",
        ),
        ("yes", "wrote a line that is not JSON"),
        ("yes >&2", "gave no answer within 1 s"),
        (long_line, "wrote a line longer than"),
        (
            "read -r l; echo '{\"unsupported\":true}'; exit 0",
            "exited or closed its output",
        ),
        (
            "printf '\\033]0;pwned\\007' >&2; sleep 30",
            "\\u{1b}]0;pwned\\u{7}",
        ),
    ] {
        let (out, _) = run_within(
            &[
                "--vectors",
                dir,
                "--adapter",
                adapter,
                "--adapter-timeout",
                "1",
            ],
            std::time::Duration::from_secs(20),
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{adapter}: {err}");
        assert!(err.contains("on vector rpc-sign-v1/"), "{adapter}: {err}");
        assert!(err.contains(expect), "{adapter}: {err}");
        assert!(
            !err.contains('\u{1b}'),
            "{adapter}: a raw escape reached the terminal"
        );
        assert!(
            stdout(&out).is_empty(),
            "{adapter}: no report after a fatal error"
        );
    }
    // The default limit is a few seconds: a hanging adapter ends the run well under 30 s.
    let (out, took) = run_within(
        &["--vectors", dir, "--adapter", "sleep 60"],
        std::time::Duration::from_secs(30),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(took >= std::time::Duration::from_secs(5), "{took:?}");
}

/// `verify` without a request names both ways to give one.
#[test]
fn verify_without_a_request_names_both_ways_to_give_one() {
    let out = run(&["verify"], None);
    assert_eq!(out.status.code(), Some(2));
    let errors = String::from_utf8_lossy(&out.stderr);
    assert!(
        errors.contains("--request") && errors.contains("--url"),
        "{errors}"
    );
}

/// An endpoint that is down or malformed is one message and exit 2, before any vector runs.
#[test]
fn a_dead_or_malformed_endpoint_is_one_error() {
    for endpoint in [
        "http://127.0.0.1:1",
        "127.0.0.1:8080",
        "http://127.0.0.1:1/path",
    ] {
        let out = run(&["--endpoint", endpoint], None);
        assert_eq!(out.status.code(), Some(2), "{endpoint}");
        assert!(out.stdout.is_empty(), "{endpoint}: {}", stdout(&out));
        let errors = String::from_utf8_lossy(&out.stderr);
        assert_eq!(errors.lines().count(), 1, "{endpoint}: {errors}");
    }
}

#[test]
fn a_run_that_selects_nothing_is_an_error() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/rpc-sign-v1");
    let empty = std::env::temp_dir().join(format!("ecs-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    for (args, says) in [
        (
            vec!["--vectors", dir, "--filter", "no-such-vector"],
            "selects none of the 105 vectors",
        ),
        (
            vec!["--vectors", empty.to_str().unwrap()],
            "no vector found",
        ),
    ] {
        let (out, _) = run_within(&args, std::time::Duration::from_secs(30));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(says), "{err}");
    }
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/vectors/rpc-sign-v1/vendor-doc.json"
    );
    let (out, _) = run_within(&["--vectors", file], std::time::Duration::from_secs(30));
    assert!(
        stdout(&out).ends_with("2 passed, 0 failed, 0 skipped\n"),
        "{}",
        stdout(&out)
    );
}

/// No control character or escape sequence from a response reaches the terminal raw, in text
/// or JSON mode, whatever field it sits in.
#[test]
fn parse_escapes_control_characters_in_every_mode() {
    // JSON escapes, as a body would carry them.
    let nasty = [
        r"\u001b]0;pwned\u0007",
        r"\u001b[2J",
        r"\u0007",
        r"\u009b31m",
        r"\u007f",
        r"\r",
    ];
    for n in nasty {
        let body = format!(
            r#"{{"RequestId":"R{n}","Code":"Throttling{n}","Message":"m{n}","Recommend":"r{n}","HostId":"h{n}"}}"#
        );
        for mode in [
            &["parse", "--status", "400"][..],
            &["parse", "--status", "400", "--format", "json"],
        ] {
            let out = run(mode, Some(&body));
            let text = stdout(&out);
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\n'),
                "{mode:?} {n}: {text:?}"
            );
            if mode.contains(&"json") {
                let v: Value = serde_json::from_str(&text).expect("still JSON");
                assert!(v["message"].as_str().unwrap().starts_with('m'));
            }
        }
    }
    let page = "<html>\u{1b}]0;pwned\u{7}</html>";
    let out = run(&["parse", "--status", "502"], Some(page));
    assert!(!stdout(&out).contains('\u{1b}'));
}

/// `parse` reads at most its cap and one byte more: an endless input still ends.
#[test]
fn parse_never_reads_past_its_cap() {
    let start = std::time::Instant::now();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "yes '{{}}' | {BIN} parse --status 400 --format json --max-body-bytes 4096"
        ))
        .output()
        .expect("sh runs");
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
    let v: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(v["outcome"], "unparseable");
    assert_eq!(v["unparseable_reason"], "too_large");
}

/// Every output mode of the command line, with a recognisable secret, STS token and
/// signature: the secret never shows; the token and signature show only in `sign`'s standard
/// output, which is the request to send; no other output holds them.
#[test]
fn no_secret_token_or_signature_in_any_output_but_the_signed_request() {
    const SECRET: &str = "CliSecretValue0123456789";
    const TOKEN: &str = "CAISCliTokenValue0123456789+/abc==";
    let with_creds = |args: &[&str], stdin: Option<&str>| {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tCliKey")
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)
            .env("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().expect("runs");
        {
            use std::io::Write as _;
            let mut input = child.stdin.take().unwrap();
            input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
        }
        child.wait_with_output().unwrap()
    };
    let spellings = |s: &str| {
        let once = aliyun_ecs_delete::encode::percent_encode(s);
        vec![
            s.to_owned(),
            aliyun_ecs_delete::encode::percent_encode(&once),
            once,
        ]
    };
    let common = [
        "sign",
        "--instance-id",
        "i-a",
        "--region",
        "cn-hangzhou",
        "--timestamp",
        "2026-11-23T08:30:00Z",
        "--nonce",
        "n-1",
    ];
    let mut echoes = Vec::new();
    for extra in [
        &[][..],
        &["--via", "get"],
        &["--via", "form"],
        &["--signature", "v3"],
        &["--curl"],
    ] {
        let args: Vec<&str> = common
            .iter()
            .copied()
            .chain(extra.iter().copied())
            .collect();
        let out = with_creds(&args, None);
        assert!(out.status.success(), "{args:?}");
        let text = stdout(&out);
        assert!(!text.contains(SECRET), "{args:?} shows the secret");
        assert!(out.stderr.is_empty());
        // The request to send carries the token (STS); it is echoed back below as a service would.
        assert!(
            spellings(TOKEN).iter().any(|t| text.contains(t.as_str())),
            "{args:?}"
        );
        echoes.push(text);
    }
    let url = echoes[1]
        .lines()
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .to_owned();
    let signature = url.rsplit_once("Signature=").unwrap().1.to_owned();
    let mut forbidden = spellings(SECRET);
    forbidden.extend(spellings(TOKEN));
    forbidden.push(signature.clone());
    let mut outputs = Vec::new();
    for echo in &echoes {
        let sts = aliyun_ecs_delete::encode::percent_encode(echo);
        let body = serde_json::json!({
            "RequestId": "R", "Code": "SignatureDoesNotMatch",
            "Message": format!("server string to sign is:GET&%2F&{sts}"), "Recommend": echo,
        })
        .to_string();
        for mode in [
            &["parse", "--status", "400"][..],
            &["parse", "--status", "400", "--format", "json"],
        ] {
            outputs.push(with_creds(mode, Some(&body)));
            outputs.push(with_creds(mode, Some(&format!("<html>{echo}</html>"))));
        }
    }
    for args in [
        vec!["verify", "--url", url.as_str(), "--no-clock"],
        vec![
            "verify",
            "--url",
            url.as_str(),
            "--now",
            "2030-01-01T00:00:00Z",
        ],
        vec![
            "verify",
            "--url",
            url.as_str(),
            "--method",
            "POST",
            "--no-clock",
        ],
    ] {
        outputs.push(with_creds(&args, None));
    }
    for out in &outputs {
        let all = format!("{}{}", stdout(out), String::from_utf8_lossy(&out.stderr));
        for f in &forbidden {
            assert!(!all.contains(f.as_str()), "{f} in {all}");
        }
    }
}

/// What `sign` writes verifies with `verify` using each command's defaults: the text form's
/// method and URL (V1 GET, POST-query) and, for every transport and both signature versions,
/// the JSON form read back with `--request`. A tampered copy is refused with exit 1.
#[test]
fn sign_then_verify_round_trips_with_defaults() {
    let base = [
        "sign",
        "--instance-id",
        "i-a",
        "--instance-id",
        "i-b",
        "--region",
        "cn-hangzhou",
    ];
    for via in ["get", "post", "form"] {
        for version in ["v1", "v3"] {
            let mut args: Vec<&str> = base.to_vec();
            args.extend(["--via", via, "--signature", version, "--format", "json"]);
            let signed = run(&args, None);
            assert!(signed.status.success(), "{args:?}");
            let json = stdout(&signed);
            let out = run(
                &["verify", "--request", "-", "--format", "json"],
                Some(&json),
            );
            let verdict: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
            assert_eq!(verdict["valid"], true, "{via} {version}: {verdict}");
            assert_eq!(verdict["signature"], version);
            assert_eq!(verdict["action"], "DeleteInstances");
            assert_eq!(out.status.code(), Some(0));
            let tampered = json.replace("i-b", "i-c");
            let out = run(&["verify", "--request", "-"], Some(&tampered));
            assert_eq!(out.status.code(), Some(1), "{via} {version}");
            assert!(
                stdout(&out).starts_with("invalid: signature_mismatch"),
                "{}",
                stdout(&out)
            );
        }
    }
    // The text form: the first line is `METHOD URL`, and verify's default method is sign's.
    for via in [&[][..], &["--via", "post"]] {
        let mut args: Vec<&str> = base.to_vec();
        args.extend(via);
        let text = stdout(&run(&args, None));
        let url = text
            .lines()
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .to_owned();
        let out = run(&["verify", "--url", &url], None);
        assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    }
    // V3 from the text form, headers passed one by one.
    let mut args: Vec<&str> = base.to_vec();
    args.extend(["--signature", "v3"]);
    let text = stdout(&run(&args, None));
    let mut lines = text.lines();
    let url = lines.next().unwrap().split(' ').nth(1).unwrap().to_owned();
    let mut verify: Vec<String> = vec!["verify".into(), "--url".into(), url];
    for header in lines.take_while(|l| !l.is_empty()) {
        verify.extend(["--header".into(), header.to_owned()]);
    }
    let verify: Vec<&str> = verify.iter().map(String::as_str).collect();
    let out = run(&verify, None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

/// SM3 and RSA through the command line: `sign --algorithm` (with `--private-key` for RSA),
/// `verify --public-key`; the wrong key, no key, and options that do not go together.
#[test]
fn sign_and_verify_each_v3_algorithm() {
    let keys = concat!(env!("CARGO_MANIFEST_DIR"), "/generators/keys");
    let (private, public, other) = (
        format!("{keys}/rsa-a.pem"),
        format!("{keys}/rsa-a.pub.pem"),
        format!("{keys}/rsa-b.pub.pem"),
    );
    let base = [
        "sign",
        "--instance-id",
        "i-a",
        "--region",
        "cn-hangzhou",
        "--signature",
        "v3",
        "--format",
        "json",
    ];
    for (algorithm, extra) in [
        ("ACS3-HMAC-SHA256", vec![]),
        ("ACS3-HMAC-SM3", vec![]),
        ("ACS3-RSA-SHA256", vec!["--private-key", private.as_str()]),
    ] {
        for via in ["get", "post", "form"] {
            let mut args: Vec<&str> = base.to_vec();
            args.extend(["--algorithm", algorithm, "--via", via]);
            args.extend(&extra);
            let signed = run(&args, None);
            assert!(
                signed.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&signed.stderr)
            );
            let json = stdout(&signed);
            assert!(json.contains(&format!("{algorithm} Credential=")), "{json}");
            let rsa = algorithm == "ACS3-RSA-SHA256";
            let good: Vec<&str> = if rsa {
                vec!["--public-key", &public]
            } else {
                vec![]
            };
            let mut verify = vec!["verify", "--request", "-", "--format", "json"];
            verify.extend(&good);
            let out = run(&verify, Some(&json));
            let verdict: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
            assert_eq!(verdict["valid"], true, "{algorithm} {via}: {verdict}");
            if rsa {
                let out = run(
                    &["verify", "--request", "-", "--public-key", &other],
                    Some(&json),
                );
                assert_eq!(out.status.code(), Some(1), "{via}");
                assert!(stdout(&out).starts_with("invalid: signature_mismatch"));
                // The secret alone cannot check an RSA signature.
                let out = run(&["verify", "--request", "-"], Some(&json));
                assert_eq!(out.status.code(), Some(1), "{via}");
            }
        }
    }
    for (args, message) in [
        (
            vec![
                "sign",
                "--instance-id",
                "i-a",
                "--signature",
                "v3",
                "--algorithm",
                "ACS3-RSA-SHA256",
            ],
            "--private-key FILE",
        ),
        (
            vec![
                "sign",
                "--instance-id",
                "i-a",
                "--algorithm",
                "ACS3-HMAC-SM3",
            ],
            "--signature v3",
        ),
        (
            vec![
                "sign",
                "--instance-id",
                "i-a",
                "--signature",
                "v3",
                "--private-key",
                &private,
            ],
            "ACS3-RSA-SHA256 only",
        ),
        (
            vec![
                "sign",
                "--instance-id",
                "i-a",
                "--signature",
                "v3",
                "--algorithm",
                "ACS3-RSA-SHA256",
                "--private-key",
                &public,
            ],
            "PUBLIC KEY",
        ),
        (
            vec!["verify", "--url", "/?A=1", "--public-key", &private],
            "PRIVATE KEY",
        ),
    ] {
        let out = run(&args, None);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(!err.contains("MII"), "a key's text is never shown: {err}");
    }
}

/// With `--format json`, an error is JSON too: one document on standard output, exit 2,
/// whether clap refused the line or the command refused its input.
#[test]
fn with_format_json_every_error_is_json_too() {
    for args in [
        &[
            "sign",
            "--instance-id",
            "i-a",
            "--format",
            "json",
            "--timestamp",
            "bad",
        ][..],
        &["sign", "--format", "json"],
        &["parse", "--status", "999", "--format=json"],
        &["verify", "--format", "json"],
        &["--format", "json", "--filter", "no-such-suite/"],
    ] {
        let out = run(args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let verdict: Value = serde_json::from_str(stdout(&out).trim()).expect("one JSON document");
        let message = verdict["error"]["message"].as_str().unwrap_or_default();
        assert!(!message.is_empty(), "{args:?}: {verdict}");
        assert!(
            ["usage", "input"].contains(&verdict["error"]["kind"].as_str().unwrap_or_default())
        );
    }
}

#[test]
fn exit_codes_and_refused_options() {
    // Credentials that would change the request they are written into: one line, exit 2.
    let out = Command::new(BIN)
        .args(["sign", "--instance-id", "i-a"])
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "AK,SignedHeaders=host")
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s")
        .env_remove("ALIBABA_CLOUD_SECURITY_TOKEN")
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ALIBABA_CLOUD_ACCESS_KEY_ID: invalid_credentials (AccessKeyId)"),
        "{err}"
    );
    let ok = run(&["parse", "--status", "200"], Some(r#"{"RequestId":"R"}"#));
    assert_eq!(ok.status.code(), Some(0));
    let dry = run(
        &["parse", "--status", "400"],
        Some(r#"{"Code":"DryRunOperation"}"#),
    );
    assert_eq!(dry.status.code(), Some(0));
    let refused = run(
        &["parse", "--status", "403"],
        Some(r#"{"Code":"IncorrectInstanceStatus"}"#),
    );
    assert_eq!(refused.status.code(), Some(1));
    let page = run(
        &["parse", "--status", "502"],
        Some("<html>bad gateway</html>"),
    );
    assert_eq!(page.status.code(), Some(1));
    for status in ["0", "99", "600", "70000"] {
        let out = run(&["parse", "--status", status], Some("{}"));
        assert_eq!(out.status.code(), Some(2), "status {status}");
    }
    for bad in ["evil.test/?Action=Other#", "a b", "x:99999", ""] {
        let out = run(&["sign", "--instance-id", "i-a", "--endpoint", bad], None);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--endpoint"),
            "{bad}"
        );
    }
    let local = run(
        &[
            "sign",
            "--instance-id",
            "i-a",
            "--endpoint",
            "127.0.0.1:8080",
            "--scheme",
            "http",
        ],
        None,
    );
    assert!(
        stdout(&local).starts_with("POST http://127.0.0.1:8080/?"),
        "{}",
        stdout(&local)
    );
    // A URL sets the scheme itself, as the example program's --endpoint does.
    let url = run(
        &[
            "sign",
            "--instance-id",
            "i-a",
            "--endpoint",
            "http://127.0.0.1:8080",
        ],
        None,
    );
    assert!(
        stdout(&url).starts_with("POST http://127.0.0.1:8080/?"),
        "{}",
        stdout(&url)
    );
    let both = run(
        &[
            "sign",
            "--instance-id",
            "i-a",
            "--endpoint",
            "http://127.0.0.1:8080",
            "--scheme",
            "https",
        ],
        None,
    );
    assert_eq!(both.status.code(), Some(2));
    let xml_v3 = run(
        &["sign", "--instance-id", "i-a", "--signature", "v3", "--xml"],
        None,
    );
    assert_eq!(xml_v3.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&xml_v3.stderr).contains("--xml applies to signature v1 only"));
}

/// `--via` and `--signature` take the library's spellings (those of the vectors), and `--via`
/// the short names it always took; anything else is refused with the list.
#[test]
fn flags_take_the_library_spellings() {
    let sign = |extra: &[&str]| {
        let mut args = vec![
            "sign",
            "--instance-id",
            "i-a",
            "--timestamp",
            "2026-11-23T08:30:00Z",
            "--nonce",
            "n-1",
            "--format",
            "json",
        ];
        args.extend(extra);
        run(&args, Some(""))
    };
    for (spelling, alias) in [("post-query", "post"), ("post-form", "form")] {
        let (a, b) = (sign(&["--via", spelling]), sign(&["--via", alias]));
        assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
        assert_eq!(stdout(&a), stdout(&b), "{spelling} and {alias}");
    }
    assert_ne!(stdout(&sign(&["--via", "post-form"])), stdout(&sign(&[])));
    let refused = sign(&["--signature", "v2"]);
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("v1") && said.contains("v3"), "{said}");
}

/// A run that would change a live emulator asks first; `load` sends nothing off this machine.
/// Each refusal is one line and exit 2, before anything is sent.
#[test]
fn runs_against_a_live_emulator_ask_first_and_stay_on_loopback() {
    for (args, says) in [
        (
            &["--endpoint", "http://127.0.0.1:9"][..],
            "add --reset-target",
        ),
        (
            &["load", "--endpoint", "http://127.0.0.1:9"][..],
            "add --reset-target",
        ),
        (
            &[
                "load",
                "--endpoint",
                "http://10.1.2.3:8080",
                "--reset-target",
            ][..],
            "10.1.2.3:8080 is not a loopback address",
        ),
        (
            &["load", "--endpoint", "127.0.0.1:9", "--reset-target"][..],
            "expected http://HOST:PORT",
        ),
        (
            &["--endpoint", "http://127.0.0.1:9", "--reset-target"][..],
            "did not answer",
        ),
    ] {
        let out = run(args, None);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}
