//! The response decoder on every prefix of every `response` vector's body: a body cut anywhere
//! decodes to some outcome and never panics.

use aliyun_ecs_delete::Action;
use aliyun_ecs_delete::response::decode_response;
use ecs_conformance::vectors::{load_all, repository_vectors};

const NO_HEADERS: &[(&str, &str)] = &[];

#[test]
fn every_prefix_of_every_fixture_decodes_without_panicking() {
    let vectors = load_all(&repository_vectors().join("response")).expect("the vectors load");
    assert!(vectors.len() > 100);
    for v in &vectors {
        let Some(body) = v.input["body"].as_str() else {
            continue;
        };
        if body.len() > 4096 {
            continue;
        }
        for cut in 0..=body.len() {
            for status in [200, 400, 429, 503] {
                let _ = decode_response(
                    Action::DeleteInstances,
                    status,
                    NO_HEADERS,
                    &body.as_bytes()[..cut],
                );
            }
        }
    }
}
