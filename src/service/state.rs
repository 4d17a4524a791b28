//! The emulator's state, and its fixture format: accounts, instances, disks, snapshots, EIPs.
//!
//! A fixture is read strictly: unknown keys, unknown enum values, duplicate ids and dangling
//! references are refused with a message naming the field. Every key but the ids has a
//! default.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// An account: the key pair requests are signed with, and its STS token when it has one.
#[derive(Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// The AccessKeyId.
    pub access_key_id: String,
    /// The AccessKeySecret, for V1 and the V3 HMACs (never shown: not in `Debug`, not in the
    /// state the control API returns).
    #[serde(default, skip_serializing)]
    pub access_key_secret: Option<String>,
    /// The RSA public key, for `ACS3-RSA-SHA256` (PEM; read when the fixture is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<PublicKey>,
    /// When set, every request with this key must carry exactly this token.
    #[serde(default, skip_serializing)]
    pub security_token: Option<String>,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("access_key_id", &self.access_key_id)
            .field(
                "access_key_secret",
                &self
                    .access_key_secret
                    .as_ref()
                    .map(|_| crate::redact::REDACTED),
            )
            .field("public_key", &self.public_key)
            .field(
                "security_token",
                &self
                    .security_token
                    .as_ref()
                    .map(|_| crate::redact::REDACTED),
            )
            .finish()
    }
}

impl Account {
    /// The keys this account verifies with.
    pub fn keys(&self) -> crate::verify::Keys<'_> {
        let mut keys = crate::verify::Keys::new();
        if let Some(secret) = &self.access_key_secret {
            keys = keys.with_secret(secret);
        }
        if let Some(public_key) = &self.public_key {
            keys = keys.with_public_key(&public_key.key);
        }
        keys
    }
}

/// An account's RSA public key: the PEM text as the fixture gave it, read once.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey {
    pem: String,
    key: crate::keys::RsaPublicKey,
}

impl PublicKey {
    /// Reads a PEM public key (SubjectPublicKeyInfo or PKCS#1).
    pub fn from_pem(pem: &str) -> Result<PublicKey, crate::keys::KeyError> {
        Ok(PublicKey {
            key: crate::keys::RsaPublicKey::from_pem(pem)?,
            pem: pem.to_owned(),
        })
    }

    /// The key.
    pub fn key(&self) -> &crate::keys::RsaPublicKey {
        &self.key
    }
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.key.fmt(f)
    }
}

impl Serialize for PublicKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.pem)
    }
}

impl<'de> Deserialize<'de> for PublicKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let pem = String::deserialize(deserializer)?;
        PublicKey::from_pem(&pem)
            .map_err(|e| serde::de::Error::custom(format!("accounts[].public_key: {e}")))
    }
}

/// An instance's lifecycle status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
pub enum Status {
    /// Being created.
    Pending,
    /// Starting.
    Starting,
    /// Running.
    Running,
    /// Stopping.
    Stopping,
    /// Stopped.
    #[default]
    Stopped,
}

/// How an instance or a disk is paid for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
pub enum ChargeType {
    /// Pay as you go.
    #[default]
    PostPaid,
    /// Subscription.
    PrePaid,
}

/// Why an instance is locked; `security` is the one modelled reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LockReason {
    /// Locked for security: releasing it releases every attached disk.
    Security,
}

/// What else holds on to an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dependency {
    /// A load balancer is being configured with it.
    SlbConfiguring,
    /// A route entry points at it.
    RouteEntry,
    /// A secondary network interface is attached.
    EniLinked,
    /// A system instance, which cannot be deleted.
    SystemInstance,
}

/// An instance.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    /// Its id.
    pub instance_id: String,
    /// Its region.
    #[serde(default = "default_region")]
    pub region_id: String,
    /// Its status.
    #[serde(default)]
    pub status: Status,
    /// How it is paid for.
    #[serde(default)]
    pub charge_type: ChargeType,
    /// Whether its subscription has expired (meaningful for `PrePaid` only).
    #[serde(default)]
    pub expired: bool,
    /// Whether release protection is on.
    #[serde(default)]
    pub deletion_protection: bool,
    /// Why it is locked.
    #[serde(default)]
    pub lock_reasons: Vec<LockReason>,
    /// What else holds on to it.
    #[serde(default)]
    pub dependency: Option<Dependency>,
}

/// A disk.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Disk {
    /// Its id.
    pub disk_id: String,
    /// The instance it is attached to, if any.
    #[serde(default)]
    pub instance_id: Option<String>,
    /// How it is paid for.
    #[serde(default)]
    pub charge_type: ChargeType,
    /// Released with its instance.
    #[serde(default = "yes")]
    pub delete_with_instance: bool,
    /// Its automatic snapshots are released with it.
    #[serde(default = "yes")]
    pub delete_auto_snapshot: bool,
}

/// Who took a snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SnapshotKind {
    /// An automatic snapshot policy.
    #[default]
    Auto,
    /// A user.
    User,
}

/// A snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// Its id.
    pub snapshot_id: String,
    /// Its source disk (which may have been released).
    pub disk_id: String,
    /// Who took it.
    #[serde(default)]
    pub kind: SnapshotKind,
}

/// An elastic IP address.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Eip {
    /// Its allocation id.
    pub allocation_id: String,
    /// The instance it is associated with, if any.
    #[serde(default)]
    pub instance_id: Option<String>,
}

/// The whole state.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// The accounts (left out of [`State::to_fixture`]'s secrets).
    #[serde(default)]
    pub accounts: Vec<Account>,
    /// The instances.
    #[serde(default)]
    pub instances: Vec<Instance>,
    /// The disks.
    #[serde(default)]
    pub disks: Vec<Disk>,
    /// The snapshots.
    #[serde(default)]
    pub snapshots: Vec<Snapshot>,
    /// The EIPs.
    #[serde(default)]
    pub eips: Vec<Eip>,
}

fn default_region() -> String {
    "cn-hangzhou".to_owned()
}

fn yes() -> bool {
    true
}

/// Why a fixture was refused; the message names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad state fixture: {0}")]
pub struct FixtureError(pub String);

impl State {
    /// Reads a fixture, refusing unknown keys and values, duplicate ids and dangling references.
    pub fn from_fixture(json: &[u8]) -> Result<State, FixtureError> {
        // serde reads a struct from an array too (its fields by position): a fixture is an
        // object, and an array would start an empty state.
        if json.trim_ascii_start().first() != Some(&b'{') {
            return Err(FixtureError("a fixture is one JSON object".into()));
        }
        let state: State = serde_json::from_slice(json).map_err(|e| {
            // serde_json names the field ("unknown field `x`", "unknown variant `y`").
            FixtureError(crate::redact::redact(&e.to_string()).into_owned())
        })?;
        state.check()?;
        Ok(state)
    }

    /// The state as a fixture, every default written out, without secrets or tokens.
    pub fn to_fixture(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    /// Duplicate ids and dangling references.
    fn check(&self) -> Result<(), FixtureError> {
        fn unique<'a>(
            what: &str,
            ids: impl Iterator<Item = &'a str>,
        ) -> Result<BTreeSet<&'a str>, FixtureError> {
            let mut seen = BTreeSet::new();
            for id in ids {
                if id.is_empty() {
                    return Err(FixtureError(format!("{what}: an empty id")));
                }
                if !seen.insert(id) {
                    return Err(FixtureError(format!("{what}: duplicate id {id:?}")));
                }
            }
            Ok(seen)
        }
        unique(
            "accounts[].access_key_id",
            self.accounts.iter().map(|a| a.access_key_id.as_str()),
        )?;
        let instances = unique(
            "instances[].instance_id",
            self.instances.iter().map(|i| i.instance_id.as_str()),
        )?;
        unique(
            "disks[].disk_id",
            self.disks.iter().map(|d| d.disk_id.as_str()),
        )?;
        unique(
            "snapshots[].snapshot_id",
            self.snapshots.iter().map(|s| s.snapshot_id.as_str()),
        )?;
        unique(
            "eips[].allocation_id",
            self.eips.iter().map(|e| e.allocation_id.as_str()),
        )?;
        let dangling = |field: &str, id: &Option<String>| match id {
            Some(id) if !instances.contains(id.as_str()) => Err(FixtureError(format!(
                "{field}: {id:?} names no instance of the fixture"
            ))),
            _ => Ok(()),
        };
        for d in &self.disks {
            dangling("disks[].instance_id", &d.instance_id)?;
        }
        for e in &self.eips {
            dangling("eips[].instance_id", &e.instance_id)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A public key is read with the fixture: one that is not a key refuses the fixture,
    /// naming the field; a good one is shown as given, the secret never.
    #[test]
    fn public_keys_are_read_with_the_fixture() {
        let public = include_str!("../../conformance/generators/keys/rsa-a.pub.pem");
        let fixture = |key: &str| {
            serde_json::json!({"accounts": [{"access_key_id": "k", "access_key_secret": "s", "public_key": key}]})
                .to_string()
        };
        let error = State::from_fixture(
            fixture("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----").as_bytes(),
        )
        .expect_err("not a key");
        assert!(
            error.to_string().contains("accounts[].public_key"),
            "{error}"
        );
        let state = State::from_fixture(fixture(public).as_bytes()).expect("a key");
        assert!(
            format!("{:?}", state.accounts[0])
                .contains("public_key: Some(RsaPublicKey(2048 bits))")
        );
        let shown = state.to_fixture();
        assert_eq!(shown["accounts"][0]["public_key"], public);
        assert!(shown["accounts"][0].get("access_key_secret").is_none());
        // An array is refused, however serde would read it.
        for text in ["[[], []]", "  [ ]", "null", ""] {
            let error = State::from_fixture(text.as_bytes()).expect_err(text);
            assert!(
                error.to_string().contains("one JSON object"),
                "{text}: {error}"
            );
        }
        assert!(State::from_fixture(b" \n {}").is_ok());
        let only_key = r#"{"accounts": [{"access_key_id": "k"}]}"#;
        let state = State::from_fixture(only_key.as_bytes()).expect("no key at all is allowed");
        assert_eq!(state.accounts[0].keys(), crate::verify::Keys::new());
    }

    #[test]
    fn an_account_debugs_its_key_id_and_hides_its_secrets() {
        let account = Account {
            access_key_id: "LTAI5tKey".into(),
            access_key_secret: Some("secret-never-shown".into()),
            public_key: None,
            security_token: Some("token-never-shown".into()),
        };
        assert_eq!(
            format!("{account:?}"),
            format!(
                "Account {{ access_key_id: \"LTAI5tKey\", access_key_secret: Some({r:?}), public_key: None, security_token: Some({r:?}) }}",
                r = crate::redact::REDACTED
            )
        );
    }

    #[test]
    fn the_builtin_state_loads_and_hides_its_secret() {
        let state = State::builtin();
        assert_eq!(state.instances.len(), 14);
        let shown = format!("{state:?}{}", state.to_fixture());
        assert!(!shown.contains("EmulatorSecret"), "{shown}");
    }

    #[test]
    fn bad_fixtures_name_the_field() {
        for (json, part) in [
            (
                r#"{"instances": [{"instance_id": "i-a", "colour": 1}]}"#,
                "colour",
            ),
            (
                r#"{"instances": [{"instance_id": "i-a", "status": "Gone"}]}"#,
                "Gone",
            ),
            (
                r#"{"instances": [{"instance_id": "i-a", "lock_reasons": ["financial"]}]}"#,
                "financial",
            ),
            (
                r#"{"instances": [{"instance_id": "i-a"}, {"instance_id": "i-a"}]}"#,
                "instances[].instance_id",
            ),
            (
                r#"{"disks": [{"disk_id": "d-a", "instance_id": "i-x"}]}"#,
                "disks[].instance_id",
            ),
            (
                r#"{"eips": [{"allocation_id": "e", "instance_id": "i-x"}]}"#,
                "eips[].instance_id",
            ),
            (r#"{"snapshots": [{"snapshot_id": "s"}]}"#, "disk_id"),
            (r#"{"volumes": []}"#, "volumes"),
        ] {
            let err = State::from_fixture(json.as_bytes()).expect_err(json);
            assert!(err.0.contains(part), "{json}: {err}");
        }
    }

    #[test]
    fn defaults_are_filled() {
        let state = State::from_fixture(
            br#"{"instances": [{"instance_id": "i-a"}],
            "disks": [{"disk_id": "d-a"}], "snapshots": [{"snapshot_id": "s", "disk_id": "d-a"}]}"#,
        )
        .expect("valid");
        let i = &state.instances[0];
        assert_eq!(
            (i.status, i.charge_type, i.expired),
            (Status::Stopped, ChargeType::PostPaid, false)
        );
        assert!(state.disks[0].delete_with_instance && state.disks[0].delete_auto_snapshot);
        assert_eq!(state.snapshots[0].kind, SnapshotKind::Auto);
    }
}
