//! The emulator's state, and its fixture format: accounts, instances, disks, snapshots, EIPs.
//!
//! A fixture is read strictly: unknown keys, unknown enum values, duplicate ids and dangling
//! references are refused with a message naming the field. Every key but the ids has a
//! default.

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
    /// The status it takes once the emulator's clock reaches a time.
    #[serde(default)]
    pub next: Option<Transition>,
}

/// A status an instance takes at a time (`{"status": "Stopped", "at": "2026-12-06T10:00:30Z"}`),
/// applied before a request is checked once the emulator's clock has reached it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    /// The status taken.
    pub status: Status,
    /// When: `YYYY-MM-DDThh:mm:ssZ`, read when the fixture is.
    pub at: String,
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

    /// Every refusal names its field as a path, and says in words what is wrong; ids and
    /// regions are ones a request could name.
    #[test]
    fn bad_fixtures_name_the_field() {
        for (json, field, part) in [
            (
                r#"{"instances": [{"instance_id": "i-a", "colour": 1}]}"#,
                "instances[0].colour",
                "unknown field `colour`",
            ),
            (
                r#"{"instances": [{"instance_id": "i-a", "status": "Gone"}]}"#,
                "instances[0].status",
                "unknown variant `Gone`",
            ),
            (
                r#"{"instances": [{"instance_id": "i-a", "lock_reasons": ["financial"]}]}"#,
                "instances[0].lock_reasons[0]",
                "financial",
            ),
            (
                r#"{"instances": [{"instance_id": "i-a"}, {"instance_id": "i-a"}]}"#,
                "instances[1].instance_id",
                "given twice",
            ),
            (
                r#"{"instances": [{"instance_id": "i-a"}, {"instance_id": "i-x*bad"}]}"#,
                "instances[1].instance_id",
                "not an instance id a request can name",
            ),
            (
                r#"{"instances": [{"instance_id": "i-a", "region_id": "Beijing"}]}"#,
                "instances[0].region_id",
                "not a region id a request can name",
            ),
            (
                r#"{"disks": [{"disk_id": "d-a", "instance_id": "i-x"}]}"#,
                "disks[0].instance_id",
                "names no instance",
            ),
            (
                r#"{"eips": [{"allocation_id": "e", "instance_id": "i-x"}]}"#,
                "eips[0].instance_id",
                "names no instance",
            ),
            (
                r#"{"snapshots": [{"snapshot_id": "s"}]}"#,
                "snapshots[0].disk_id",
                "is required",
            ),
            (r#"{"volumes": []}"#, "volumes", "unknown field"),
            (r#"{"instances": "#, "instances", "not valid JSON"),
        ] {
            let err = State::from_fixture(json.as_bytes()).expect_err(json);
            assert_eq!(err.field(), field, "{json}: {err}");
            assert!(err.message().contains(part), "{json}: {err}");
            assert!(!err.message().contains(" at line "), "{json}: {err}");
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
