//! Response decoding beyond the vectors: the size cap, signature diagnosis, redaction,
//! robustness on every prefix of every fixture, and snapshots of the documented samples.

use aliyun_ecs_delete::Action;
use aliyun_ecs_delete::response::{
    Response, ResponseDecoder, SignatureDiagnosis, UnparseableReason, decode_response,
    server_string_to_sign,
};
use aliyun_ecs_delete::rpc::Method;
use aliyun_ecs_delete::rpc::v1::{CanonicalQuery, StringToSign};

const NO_HEADERS: &[(&str, &str)] = &[];

fn error_with_message(code: &str, message: &str) -> Response {
    let body = serde_json::json!({"RequestId": "R", "Code": code, "Message": message}).to_string();
    decode_response(Action::DeleteInstance, 400, NO_HEADERS, body.as_bytes())
}

/// An HTML page is a gateway's answer, named so; an XML error is still read.
#[test]
fn an_html_page_is_a_gateway_page() {
    for body in [
        "<!DOCTYPE html><html><body>502 Bad Gateway</body></html>",
        "  <!doctype HTML>\n<title>x</title>",
        "<HTML><HEAD><TITLE>504 Gateway Time-out</TITLE></HEAD></HTML>",
        "<html>",
    ] {
        let response = decode_response(Action::DeleteInstance, 502, NO_HEADERS, body.as_bytes());
        let Response::Unparseable(page) = &response else {
            panic!("{body}: {response:?}");
        };
        assert_eq!(page.reason, UnparseableReason::GatewayPage, "{body}");
        assert_eq!(page.reason.code(), "gateway_page");
        assert!(page.to_string().contains("an HTML page"), "{page}");
    }
    for body in [
        "<Error><Code>Throttling</Code></Error>",
        "<htm>",
        "<!DOCTYPE x>",
    ] {
        let response = decode_response(Action::DeleteInstance, 502, NO_HEADERS, body.as_bytes());
        assert!(
            !matches!(&response, Response::Unparseable(u) if u.reason == UnparseableReason::GatewayPage),
            "{body}"
        );
    }
}

/// "Not found" completes a delete of one instance, never a batch of several (DeleteInstances is
/// all or nothing); nothing else completes one, and every request knows how many it names.
#[test]
fn not_found_is_done_only_for_one_instance() {
    use aliyun_ecs_delete::Operation;
    use aliyun_ecs_delete::request::{DeleteInstance, DeleteInstances, Request};
    let batch = |n: usize| {
        let ids: Vec<String> = (0..n).map(|i| format!("i-{i}")).collect();
        DeleteInstances::builder("cn-hangzhou")
            .instance_ids(ids)
            .build()
            .expect("valid")
    };
    let one = DeleteInstance::builder("i-a").build().expect("valid");
    assert_eq!(one.instance_count(), 1);
    assert_eq!(Request::DeleteInstance(one).instance_count(), 1);
    assert_eq!(batch(1).instance_count(), 1);
    assert_eq!(batch(100).instance_count(), 100);
    assert_eq!(Request::DeleteInstances(batch(3)).instance_count(), 3);
    for code in [
        "InvalidInstanceId.NotFound",
        "InvalidInstanceIds.NotFound",
        "Forbidden.InstanceNotFound",
    ] {
        let response = error_with_message(code, "");
        assert!(response.already_gone(), "{code}");
        assert!(response.already_gone_for(1), "{code}");
        for n in [0, 2, 100] {
            assert!(!response.already_gone_for(n), "{code} for {n}");
        }
    }
    for code in [
        "IncorrectInstanceStatus",
        "Throttling.User",
        "DryRunOperation",
    ] {
        assert!(!error_with_message(code, "").already_gone_for(1), "{code}");
    }
    let success = decode_response(
        Action::DeleteInstances,
        200,
        NO_HEADERS,
        br#"{"RequestId":"R"}"#,
    );
    assert!(!success.already_gone_for(1));
}

/// RAM denied the action when the code says so, or when an `AccessDeniedDetail` came with any
/// code; a throttling is not a denial.
#[test]
fn a_permission_error_is_known_by_its_code_or_its_detail() {
    let verdict = |body: serde_json::Value| match decode_response(
        Action::DeleteInstance,
        403,
        NO_HEADERS,
        body.to_string().as_bytes(),
    ) {
        Response::ApiError(e) => e.is_permission(),
        other => panic!("an error: {other:?}"),
    };
    let detail =
        serde_json::json!({"AuthAction": "ecs:DeleteInstance", "NoPermissionType": "ImplicitDeny"});
    assert!(verdict(
        serde_json::json!({"RequestId": "R", "Code": "Forbidden.RAM"})
    ));
    assert!(verdict(
        serde_json::json!({"RequestId": "R", "Code": "Made.Up", "AccessDeniedDetail": detail})
    ));
    assert!(!verdict(
        serde_json::json!({"RequestId": "R", "Code": "Throttling.User"})
    ));
}

#[test]
fn bodies_over_the_cap_are_not_parsed() {
    let body = br#"{"RequestId":"R","Code":"Throttling"}"#;
    let exact = ResponseDecoder::new().max_body_bytes(body.len());
    assert!(matches!(
        exact.decode(Action::DeleteInstance, 400, NO_HEADERS, body),
        Response::ApiError(_)
    ));
    let small = ResponseDecoder::new().max_body_bytes(body.len() - 1);
    match small.decode(
        Action::DeleteInstance,
        400,
        &[("x-acs-request-id", "H")],
        body,
    ) {
        Response::Unparseable(u) => {
            assert_eq!(
                u.reason,
                UnparseableReason::TooLarge {
                    len: body.len(),
                    max: body.len() - 1
                }
            );
            assert_eq!((u.http_status, u.request_id.as_deref()), (400, Some("H")));
        }
        other => panic!("expected unparseable, got {other:?}"),
    }
}

#[test]
fn signature_diagnosis_tells_a_wrong_secret_from_a_canonicalisation_mismatch() {
    let ours = StringToSign::new(
        Method::Post,
        &CanonicalQuery::new([("Action", "DeleteInstance"), ("InstanceId", "i-a b")]),
    );
    let prefix =
        "Specified signature is not matched with our calculation. server string to sign is:";

    let Response::ApiError(same) = error_with_message(
        "SignatureDoesNotMatch",
        &format!("{prefix}{}", ours.as_str()),
    ) else {
        panic!("an api error")
    };
    assert_eq!(same.server_string_to_sign(), Some(ours.as_str()));
    assert_eq!(
        same.diagnose_signature(&ours),
        SignatureDiagnosis::WrongSecret
    );

    // The server decoded a `+` as a space differently: same up to the value.
    let theirs = ours.as_str().replace("a%2520b", "a%252Bb");
    let Response::ApiError(differs) =
        error_with_message("IncompleteSignature", &format!("{prefix}{theirs}"))
    else {
        panic!("an api error")
    };
    match differs.diagnose_signature(&ours) {
        SignatureDiagnosis::CanonicalisationMismatch {
            at,
            ours: o,
            theirs: t,
        } => {
            // `a%2520b` and `a%252Bb` share `a%252`: they differ five bytes in.
            assert_eq!(Some(at), ours.as_str().find("a%2520b").map(|i| i + 5));
            assert!(
                o.ends_with("a%2520b") && t.ends_with("a%252Bb"),
                "{o} / {t}"
            );
        }
        other => panic!("expected a mismatch, got {other:?}"),
    }

    let Response::ApiError(plain) = error_with_message("SignatureDoesNotMatch", "no string here")
    else {
        panic!()
    };
    assert_eq!(plain.diagnose_signature(&ours), SignatureDiagnosis::Unknown);
    let Response::ApiError(other) =
        error_with_message("InvalidParameter", &format!("{prefix}{}", ours.as_str()))
    else {
        panic!()
    };
    assert_eq!(
        other.server_string_to_sign(),
        None,
        "only signature errors carry one"
    );
    assert_eq!(
        server_string_to_sign("… Server String To Sign Is:  X "),
        Some("X")
    );
}

#[test]
fn an_echoed_security_token_is_redacted_in_debug_display_and_snippets() {
    let token = "CAISsecretSTStoken0123";
    let message = format!(
        "Specified signature is not matched with our calculation. server string to sign is:GET&%2F&A%3D1%26SecurityToken%3D{token}%26Timestamp%3Dx"
    );
    let response = error_with_message("SignatureDoesNotMatch", &message);
    let Response::ApiError(error) = &response else {
        panic!("an api error")
    };
    for shown in [
        format!("{error}"),
        format!("{error:?}"),
        format!("{response:?}"),
    ] {
        assert!(!shown.contains(token), "{shown}");
        assert!(
            shown.contains("SecurityToken%3D** redacted **%26Timestamp"),
            "{shown}"
        );
    }
    // The decoded field itself holds no token: no decoded outcome ever does.
    assert!(
        error
            .message
            .as_deref()
            .is_some_and(|m| !m.contains(token) && m.contains("SecurityToken%3D** redacted **"))
    );

    let page = format!("<html>?SecurityToken={token}&x=1</html>");
    let unreadable = decode_response(Action::DeleteInstance, 502, NO_HEADERS, page.as_bytes());
    assert!(!format!("{unreadable:?}").contains(token));
}

fn seed(status: u16, body: &str) -> String {
    let content_type = if body.starts_with('{') {
        "application/json"
    } else {
        "text/xml"
    };
    let response = decode_response(
        Action::DeleteInstance,
        status,
        &[("Content-Type", content_type)],
        body.as_bytes(),
    );
    let shown = match &response {
        Response::ApiError(e) => format!("display: {e}\n"),
        Response::Unparseable(u) => format!("display: {u}\n"),
        _ => String::new(),
    };
    format!("{shown}{response:#?}")
}

#[test]
fn documented_samples_snapshots() {
    insta::assert_snapshot!(
        "seed_000_json_success",
        seed(
            200,
            "{\n  \"RequestId\": \"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E\"\n}"
        )
    );
    insta::assert_snapshot!(
        "seed_003_xml_success",
        seed(
            200,
            "<DeleteInstanceResponse>\n  <RequestId>928E2273-5715-46B9-A730-238DC996A533</RequestId>\n</DeleteInstanceResponse>\n"
        )
    );
    insta::assert_snapshot!(
        "seed_000_error_deletion_protection",
        seed(
            403,
            r#"{"RequestId":"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E","HostId":"ecs.aliyuncs.com","Code":"InvalidOperation.DeletionProtection","Message":"%s","Recommend":"https://api.aliyun.com/troubleshoot?q=InvalidOperation.DeletionProtection&product=Ecs"}"#
        )
    );
    insta::assert_snapshot!(
        "seed_002_error_not_found_xml",
        seed(
            404,
            "<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>928E2273-5715-46B9-A730-238DC996A533</RequestId><Code>InvalidInstanceId.NotFound</Code><Message><![CDATA[The specified InstanceId does not exist.]]></Message></Error>"
        )
    );
    insta::assert_snapshot!(
        "ram_denial_with_detail",
        seed(
            403,
            r#"{"RequestId":"R-1","Code":"Forbidden.RAM","Message":"You are not authorized to operate on the specified resource.","AccessDeniedDetail":"{\"AuthAction\":\"ecs:DeleteInstance\",\"PolicyType\":\"AccountLevelIdentityBasedPolicy\",\"NoPermissionType\":\"ImplicitDeny\"}"}"#
        )
    );
    let page = decode_response(
        Action::DeleteInstance,
        502,
        &[("Content-Type", "text/html")],
        b"<html><body><h1>502 Bad Gateway</h1></body></html>",
    );
    let Response::Unparseable(unreadable) = &page else {
        panic!("a gateway page is unreadable: {page:?}");
    };
    insta::assert_snapshot!("gateway_502", format!("display: {unreadable}\n{page:#?}"));
    insta::assert_snapshot!(
        "dry_run_passed",
        seed(
            400,
            r#"{"RequestId":"R-2","Code":"DryRunOperation","Message":"Request validation has been passed with DryRun flag set."}"#
        )
    );
}

/// The diagnosis shows at most 40 bytes either side of the first difference: an early
/// difference in a long string to sign shows its start, not the whole text.
#[test]
fn a_diagnosis_shows_forty_bytes_around_the_difference() {
    let ours = StringToSign::new(
        Method::Post,
        &CanonicalQuery::new([("Action", "DeleteInstance"), ("InstanceId", "i-a b")]),
    );
    assert_eq!(
        ours.as_str(),
        "POST&%2F&Action%3DDeleteInstance%26InstanceId%3Di-a%2520b"
    );
    // The service read the path as `%2G`: the texts differ seven bytes in.
    let theirs = "POST&%2G&Action%3DDeleteInstance%26InstanceId%3Di-a%2520b";
    let message = format!(
        "Specified signature is not matched with our calculation. server string to sign is:{theirs}"
    );
    let Response::ApiError(e) = error_with_message("SignatureDoesNotMatch", &message) else {
        panic!("an api error")
    };
    assert_eq!(
        e.diagnose_signature(&ours),
        SignatureDiagnosis::CanonicalisationMismatch {
            at: 7,
            ours: "POST&%2F&Action%3DDeleteInstance%26InstanceId%3".into(),
            theirs: "POST&%2G&Action%3DDeleteInstance%26InstanceId%3".into(),
        }
    );
}

/// A signature, AccessKey, token or timestamp problem is an auth error; a denial, a
/// throttling or an unknown code is not.
#[test]
fn an_auth_error_is_known_by_its_code() {
    let auth = |code: &str| match error_with_message(code, "m") {
        Response::ApiError(e) => e.is_auth(),
        other => panic!("an error: {other:?}"),
    };
    for code in [
        "SignatureDoesNotMatch",
        "InvalidAccessKeyId.NotFound",
        "InvalidSecurityToken.Expired",
        "InvalidTimeStamp.Expired",
    ] {
        assert!(auth(code), "{code}");
    }
    for code in [
        "Forbidden.RAM",
        "Throttling.User",
        "Made.Up",
        "InvalidInstanceId.NotFound",
    ] {
        assert!(!auth(code), "{code}");
    }
}
