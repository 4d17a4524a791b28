//! The emulator's model under arbitrary request sequences against a small state: no panic, and
//! after every request the state's invariants hold: nothing released twice, no disk or EIP
//! pointing at a missing instance, only a 200 changes the state, a dry run changes nothing.

use std::collections::BTreeSet;

use crate::request::{DeleteInstance, DeleteInstances, ReleaseMode};
use crate::service::{Fault, HttpRequest, Service, State};
use crate::{Credentials, Nonce, SignatureVersion, Signer, Timestamp, Transport};

const FIXTURE: &str = r#"{
  "accounts": [{"access_key_id": "fuzz-key", "access_key_secret": "fuzz-secret"}],
  "instances": [
    {"instance_id": "i-0", "status": "Stopped"},
    {"instance_id": "i-1", "status": "Running", "lock_reasons": ["security"]},
    {"instance_id": "i-2", "charge_type": "PrePaid", "expired": true},
    {"instance_id": "i-3", "deletion_protection": true},
    {"instance_id": "i-4", "region_id": "cn-beijing"},
    {"instance_id": "i-5", "dependency": "route_entry"}
  ],
  "disks": [
    {"disk_id": "d-0", "instance_id": "i-0"},
    {"disk_id": "d-1", "instance_id": "i-1", "delete_with_instance": false},
    {"disk_id": "d-2", "instance_id": "i-2", "delete_auto_snapshot": false},
    {"disk_id": "d-3"}
  ],
  "snapshots": [
    {"snapshot_id": "s-0", "disk_id": "d-0"}, {"snapshot_id": "s-1", "disk_id": "d-0", "kind": "user"},
    {"snapshot_id": "s-2", "disk_id": "d-2"}
  ],
  "eips": [{"allocation_id": "eip-0", "instance_id": "i-0"}, {"allocation_id": "eip-1", "instance_id": "i-4"}]
}"#;

const IDS: [&str; 7] = ["i-0", "i-1", "i-2", "i-3", "i-4", "i-5", "i-missing"];

/// Runs the request sequence `data` describes (five bytes a request).
pub fn service(data: &[u8]) {
    let state = State::from_fixture(FIXTURE.as_bytes()).expect("invariant: the fixture is valid");
    let mut service = Service::new(state);
    let credentials = Credentials::new("fuzz-key", "fuzz-secret").expect("valid credentials");
    let mut released: BTreeSet<String> = BTreeSet::new();
    let mut seen = 0u64;
    for (n, op) in data.chunks(5).enumerate() {
        let [kind, ids, flags, nonce, time] = *op else {
            return;
        };
        let now = Timestamp::from_unix_seconds(1_800_000_000 + i64::from(time) * 60)
            .expect("invariant: a time in range");
        let before = service.state().clone();
        let picked: Vec<&str> = IDS
            .iter()
            .enumerate()
            .filter(|(i, _)| ids & (1 << i) != 0)
            .map(|(_, id)| *id)
            .collect();
        let mode = match flags & 3 {
            0 => ReleaseMode::WhenStopped,
            1 => ReleaseMode::Force,
            _ => ReleaseMode::ForceAfterShutdown,
        };
        let dry_run = flags & 4 != 0;
        let region = if flags & 8 != 0 {
            "cn-beijing"
        } else {
            "cn-hangzhou"
        };
        let request = match kind % 8 {
            0..=5 => {
                let signer = Signer::new()
                    .signature_version(if kind & 8 != 0 {
                        SignatureVersion::V3
                    } else {
                        SignatureVersion::V1
                    })
                    .transport(match kind % 3 {
                        0 => Transport::Get,
                        1 => Transport::PostQuery,
                        _ => Transport::PostForm,
                    });
                let nonce = Nonce::new(format!("n-{}", nonce % 16)).expect("invariant: a nonce");
                let first = picked.first().copied().unwrap_or("i-0");
                let signed = if kind % 2 == 0 {
                    let Ok(r) = DeleteInstance::builder(first)
                        .region_id(region)
                        .release_mode(mode)
                        .dry_run(dry_run)
                        .terminate_subscription(flags & 16 != 0)
                        .build()
                    else {
                        continue;
                    };
                    signer.sign(&r, &credentials, &now, &nonce)
                } else {
                    let mut b = DeleteInstances::builder(region)
                        .instance_ids(if picked.is_empty() {
                            vec!["i-0"]
                        } else {
                            picked.clone()
                        })
                        .release_mode(mode)
                        .dry_run(dry_run);
                    if flags & 32 != 0 {
                        b = b.client_token(format!("t-{}", flags >> 6));
                    }
                    let Ok(r) = b.build() else {
                        continue;
                    };
                    signer.sign(&r, &credentials, &now, &nonce)
                };
                HttpRequest::from_signed(&signed)
            }
            6 => {
                // Arbitrary bytes as a query, to knock at the front door.
                let rest: String = data[n * 5..]
                    .iter()
                    .take(40)
                    .map(|b| char::from(b % 128))
                    .collect();
                HttpRequest {
                    method: "GET".into(),
                    target: format!("/?{rest}"),
                    ..HttpRequest::default()
                }
            }
            _ => {
                let kind = ["error", "gateway", "empty", "delay", "drop"][usize::from(flags % 5)];
                let mut fault = serde_json::json!({
                    "action": "*", "kind": kind, "times": nonce % 3 + 1,
                    "status": 500 + u16::from(time % 4), "code": "InternalError", "seconds": 0,
                });
                if flags & 8 != 0 {
                    fault["instance_id"] = IDS[usize::from(flags >> 4) % IDS.len()].into();
                }
                let fault = Fault::from_json(fault.to_string().as_bytes())
                    .expect("invariant: a fault the contract allows");
                service.push_fault(fault);
                continue;
            }
        };
        let answer = service.handle(&request, &now, "R");
        let after = service.state();
        // One journal entry per request, whatever faults were queued.
        assert_eq!(
            service.journal().last().map(|e| e.seq),
            Some(seen + 1),
            "one journal entry per request"
        );

        // Only a 200 changes the state; a dry run never answers 200.
        if answer.status != 200 {
            assert_eq!(
                &before, after,
                "a {} answer changed the state",
                answer.status
            );
        }
        // What the journal says was released is gone, and was never released before.
        let last = seen;
        for entry in service.journal().skip_while(|e| e.seq <= last) {
            seen = entry.seq;
            for id in &entry.released {
                assert!(released.insert(id.clone()), "{id} released twice");
                assert!(after.instances.iter().all(|i| &i.instance_id != id));
            }
        }
        // Nothing points at a missing instance.
        let present = |id: &Option<String>| {
            id.as_ref()
                .is_none_or(|id| after.instances.iter().any(|i| &i.instance_id == id))
        };
        assert!(after.disks.iter().all(|d| present(&d.instance_id)));
        assert!(after.eips.iter().all(|e| present(&e.instance_id)));
        assert_eq!(after.eips.len(), 2, "an EIP is never released");
    }
}
