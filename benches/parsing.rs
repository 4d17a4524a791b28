//! Response decoding over the documented samples and typical errors (the test fixtures), with
//! `Throughput::Bytes`. Ids: `parse/<format>/<outcome>`.

use std::hint::black_box;

use aliyun_ecs_delete::Action;
use aliyun_ecs_delete::response::{Response, decode_response};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// The seed pages' success samples and a documented error, as the tests use them.
const FIXTURES: [(&str, &str, u16, &str); 4] = [
    (
        "json",
        "success",
        200,
        "{\n  \"RequestId\": \"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E\"\n}",
    ),
    (
        "xml",
        "success",
        200,
        "<DeleteInstanceResponse>\n  <RequestId>928E2273-5715-46B9-A730-238DC996A533</RequestId>\n</DeleteInstanceResponse>\n",
    ),
    (
        "json",
        "api_error",
        403,
        r#"{"RequestId":"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E","HostId":"ecs.cn-hangzhou.aliyuncs.com","Code":"IncorrectInstanceStatus","Message":"The current status of the resource does not support this operation.","Recommend":"https://api.aliyun.com/troubleshoot?q=IncorrectInstanceStatus&product=Ecs"}"#,
    ),
    (
        "xml",
        "api_error",
        403,
        "<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E</RequestId><HostId>ecs.cn-hangzhou.aliyuncs.com</HostId><Code>IncorrectInstanceStatus</Code><Message><![CDATA[The current status of the resource does not support this operation.]]></Message></Error>",
    ),
];

fn parsing(c: &mut Criterion) {
    let headers = [
        ("content-type", "application/json"),
        ("x-acs-request-id", "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E"),
    ];
    for (format, outcome, status, body) in FIXTURES {
        let decoded = decode_response(Action::DeleteInstance, status, &headers, body.as_bytes());
        let expected = matches!(
            (&decoded, outcome),
            (Response::Success(_), "success") | (Response::ApiError(_), "api_error")
        );
        assert!(expected, "{format}/{outcome} decodes as {decoded:?}");
        let mut group = c.benchmark_group(format!("parse/{format}"));
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function(outcome, |b| {
            b.iter(|| {
                decode_response(
                    Action::DeleteInstance,
                    black_box(status),
                    &headers,
                    black_box(body.as_bytes()),
                )
            })
        });
        group.finish();
    }
}

criterion_group!(benches, parsing);
criterion_main!(benches);
