//! Reading a fixture: strictly, every refusal naming its field; the ids and regions an
//! instance has are ones a request can name (the request rules of [`crate::request`]).

use std::collections::BTreeSet;

use super::input::{InputError, read_object};
use super::state::{Account, Instance, State};
use crate::request::values::{check_instance_id, check_region_id};
use crate::time::Timestamp;

impl State {
    /// Reads a fixture, refusing unknown keys and values, duplicate ids, dangling references,
    /// and instance ids or regions that no request could name.
    pub fn from_fixture(json: &[u8]) -> Result<State, InputError> {
        let state: State = read_object(json, "a fixture")?;
        state.check()?;
        Ok(state)
    }

    /// The state as a fixture, every default written out, without secrets or tokens.
    pub fn to_fixture(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    /// Ids and regions, duplicates and dangling references.
    pub(crate) fn check(&self) -> Result<(), InputError> {
        fn unique<'a>(
            list: &str,
            key: &str,
            ids: impl Iterator<Item = &'a str>,
        ) -> Result<BTreeSet<&'a str>, InputError> {
            let mut seen = BTreeSet::new();
            for (n, id) in ids.enumerate() {
                let field = || format!("{list}[{n}].{key}");
                if id.is_empty() {
                    return Err(InputError::new(field(), "is empty"));
                }
                if !seen.insert(id) {
                    return Err(InputError::new(field(), format!("{id:?} is given twice")));
                }
            }
            Ok(seen)
        }
        unique(
            "accounts",
            "access_key_id",
            self.accounts.iter().map(|a| a.access_key_id.as_str()),
        )?;
        for (n, instance) in self.instances.iter().enumerate() {
            instance
                .check()
                .map_err(|(key, e)| InputError::new(format!("instances[{n}].{key}"), e))?;
        }
        let instances = unique(
            "instances",
            "instance_id",
            self.instances.iter().map(|i| i.instance_id.as_str()),
        )?;
        unique(
            "disks",
            "disk_id",
            self.disks.iter().map(|d| d.disk_id.as_str()),
        )?;
        unique(
            "snapshots",
            "snapshot_id",
            self.snapshots.iter().map(|s| s.snapshot_id.as_str()),
        )?;
        unique(
            "eips",
            "allocation_id",
            self.eips.iter().map(|e| e.allocation_id.as_str()),
        )?;
        let dangling = |field: String, id: &Option<String>| match id {
            Some(id) if !instances.contains(id.as_str()) => Err(InputError::new(
                field,
                format!("{id:?} names no instance of the fixture"),
            )),
            _ => Ok(()),
        };
        for (n, d) in self.disks.iter().enumerate() {
            dangling(format!("disks[{n}].instance_id"), &d.instance_id)?;
        }
        for (n, e) in self.eips.iter().enumerate() {
            dangling(format!("eips[{n}].instance_id"), &e.instance_id)?;
        }
        Ok(())
    }

    /// The account with this AccessKeyId.
    pub fn account(&self, access_key_id: &str) -> Option<&Account> {
        self.accounts
            .iter()
            .find(|a| a.access_key_id == access_key_id)
    }

    /// The built-in state: one account and an instance for each case of the operation's
    /// checks, in `cn-hangzhou` (made-up keys and ids).
    pub fn builtin() -> State {
        State::from_fixture(BUILTIN.as_bytes()).expect("invariant: the built-in fixture is valid")
    }
}

impl Instance {
    /// An id and a region that a request can name: the key at fault and what is wrong.
    fn check(&self) -> Result<(), (&'static str, String)> {
        check_instance_id(&self.instance_id).map_err(|e| {
            (
                "instance_id",
                format!(
                    "{:?} is not an instance id a request can name: {e}",
                    self.instance_id
                ),
            )
        })?;
        check_region_id(&self.region_id).map_err(|e| {
            (
                "region_id",
                format!(
                    "{:?} is not a region id a request can name: {e}",
                    self.region_id
                ),
            )
        })?;
        match &self.next {
            Some(next) => Timestamp::parse(&next.at)
                .map(|_| ())
                .map_err(|e| ("next.at", e.to_string())),
            None => Ok(()),
        }
    }
}

impl State {
    /// Applies every transition whose time `now` has reached (the instance takes its status,
    /// and the transition is done).
    pub(crate) fn advance(&mut self, now: &Timestamp) {
        for instance in &mut self.instances {
            let due = instance
                .next
                .as_ref()
                .is_some_and(|next| Timestamp::parse(&next.at).is_ok_and(|at| at <= *now));
            if let Some(next) = instance.next.take_if(|_| due) {
                instance.status = next.status;
            }
        }
    }
}

/// The built-in fixture (also in the README and the conformance specification).
pub const BUILTIN: &str = r#"{
  "accounts": [
    {"access_key_id": "LTAI5tEmulatorKeyId0001", "access_key_secret": "EmulatorSecret0123456789abcdefgh"}
  ],
  "instances": [
    {"instance_id": "i-emu0stopped000000001", "status": "Stopped"},
    {"instance_id": "i-emu0stopped000000002", "status": "Stopped"},
    {"instance_id": "i-emu0running000000001", "status": "Running"},
    {"instance_id": "i-emu0protected0000001", "status": "Stopped", "deletion_protection": true},
    {"instance_id": "i-emu0subscription0001", "charge_type": "PrePaid"},
    {"instance_id": "i-emu0expired000000001", "charge_type": "PrePaid", "expired": true},
    {"instance_id": "i-emu0pending000000001", "status": "Pending"},
    {"instance_id": "i-emu0starting00000001", "status": "Starting"},
    {"instance_id": "i-emu0locked0000000001", "lock_reasons": ["security"]},
    {"instance_id": "i-emu0slb0000000000001", "dependency": "slb_configuring"},
    {"instance_id": "i-emu0route00000000001", "dependency": "route_entry"},
    {"instance_id": "i-emu0eni0000000000001", "dependency": "eni_linked"},
    {"instance_id": "i-emu0system0000000001", "dependency": "system_instance"},
    {"instance_id": "i-emu0beijing000000001", "region_id": "cn-beijing"}
  ],
  "disks": [
    {"disk_id": "d-emu0system000000001", "instance_id": "i-emu0stopped000000001"},
    {"disk_id": "d-emu0data00000000001", "instance_id": "i-emu0stopped000000001",
     "delete_with_instance": false, "charge_type": "PrePaid"},
    {"disk_id": "d-emu0data00000000002", "instance_id": "i-emu0running000000001",
     "delete_auto_snapshot": false},
    {"disk_id": "d-emu0locked000000001", "instance_id": "i-emu0locked0000000001",
     "delete_with_instance": false}
  ],
  "snapshots": [
    {"snapshot_id": "s-emu0auto00000000001", "disk_id": "d-emu0system000000001", "kind": "auto"},
    {"snapshot_id": "s-emu0user00000000001", "disk_id": "d-emu0system000000001", "kind": "user"},
    {"snapshot_id": "s-emu0auto00000000002", "disk_id": "d-emu0data00000000002", "kind": "auto"}
  ],
  "eips": [
    {"allocation_id": "eip-emu0000000000001", "instance_id": "i-emu0stopped000000001"}
  ]
}"#;
