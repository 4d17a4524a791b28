//! What the V1 hot path knows of every name a request carries: its place in canonical order
//! among all of them and whether its values need encoding, so that the signer neither compares
//! nor scans them again, and its prefix in both encodings, built at compile time.

use crate::request::ParamName;
use crate::request::names::*;
use crate::rpc::common::{
    ACCESS_KEY_ID, ACTION, FORMAT, HMAC_SHA1, SECURITY_TOKEN, SIGNATURE_METHOD, SIGNATURE_NONCE,
    SIGNATURE_VERSION, SIGNATURE_VERSION_1_0, TIMESTAMP, VERSION,
};

use crate::canonical::same;
use crate::canonical::v1::Prefix;

/// Every name a V1 request of this crate carries, the common ones included, in canonical
/// (bytewise) order. A name's index is its rank. The numbered `InstanceId.N` names share the
/// rank of `InstanceId`: they sort right after it, before any other name.
const V1_ORDER: [&str; 20] = [
    ACCESS_KEY_ID,
    ACTION,
    CLIENT_TOKEN,
    DRY_RUN,
    FORCE,
    FORCE_STOP,
    FORMAT,
    INSTANCE_ID,
    OWNER_ACCOUNT,
    OWNER_ID,
    REGION_ID,
    RESOURCE_OWNER_ACCOUNT,
    RESOURCE_OWNER_ID,
    SECURITY_TOKEN,
    SIGNATURE_METHOD,
    SIGNATURE_NONCE,
    SIGNATURE_VERSION,
    TERMINATE_SUBSCRIPTION,
    TIMESTAMP,
    VERSION,
];

/// The rank of `name` in [`V1_ORDER`]; used in constants only, where a missing name fails the
/// build.
const fn rank(name: &str) -> u8 {
    let mut i = 0;
    while i < V1_ORDER.len() {
        if same(V1_ORDER[i], name) {
            return i as u8;
        }
        i += 1;
    }
    panic!("the name is not in V1_ORDER")
}

/// A parameter name as the signer's hot path needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Param {
    /// The wire name; every name the crate writes is unreserved text.
    pub(crate) name: &'static str,
    /// The name's place in canonical order among every name of a V1 request.
    pub(crate) rank: u8,
    /// How the V1 signer starts the parameter: `&Name=` in both encodings, or all of it for
    /// a fixed value.
    pub(crate) prefix: &'static Prefix,
    /// What the signer knows of the value's text.
    pub(crate) value: ValueKind,
}

/// What the signer knows of a value's text before it sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueKind {
    /// Unreserved text only (validated ids, regions, booleans, integers, fixed values): copied,
    /// not scanned.
    Plain,
    /// Any text: scanned and percent-encoded.
    Text,
    /// Always the same unreserved text, held in the prefix: nothing to write after it.
    Fixed,
}

impl Param {
    const fn new(name: &'static str, prefix: &'static Prefix, plain: bool) -> Param {
        Param {
            name,
            rank: rank(name),
            prefix,
            value: if plain {
                ValueKind::Plain
            } else {
                ValueKind::Text
            },
        }
    }

    /// An operation parameter: plain exactly when the request's value rules say so.
    const fn op(name: ParamName, prefix: &'static Prefix) -> Param {
        Param::new(name.as_str(), prefix, name.values_are_plain())
    }

    const fn fixed(name: &'static str, prefix: &'static Prefix) -> Param {
        Param {
            value: ValueKind::Fixed,
            ..Param::new(name, prefix, true)
        }
    }
}

pub(crate) const P_CLIENT_TOKEN: Param =
    Param::op(ParamName::ClientToken, &Prefix::name(CLIENT_TOKEN));
pub(crate) const P_DRY_RUN: Param = Param::op(ParamName::DryRun, &Prefix::name(DRY_RUN));
pub(crate) const P_FORCE: Param = Param::op(ParamName::Force, &Prefix::name(FORCE));
pub(crate) const P_FORCE_STOP: Param = Param::op(ParamName::ForceStop, &Prefix::name(FORCE_STOP));
pub(crate) const P_INSTANCE_ID: Param =
    Param::op(ParamName::InstanceId, &Prefix::name(INSTANCE_ID));
pub(crate) const P_OWNER_ACCOUNT: Param =
    Param::op(ParamName::OwnerAccount, &Prefix::name(OWNER_ACCOUNT));
pub(crate) const P_OWNER_ID: Param = Param::op(ParamName::OwnerId, &Prefix::name(OWNER_ID));
pub(crate) const P_REGION_ID: Param = Param::op(ParamName::RegionId, &Prefix::name(REGION_ID));
pub(crate) const P_RESOURCE_OWNER_ACCOUNT: Param = Param::op(
    ParamName::ResourceOwnerAccount,
    &Prefix::name(RESOURCE_OWNER_ACCOUNT),
);
pub(crate) const P_RESOURCE_OWNER_ID: Param =
    Param::op(ParamName::ResourceOwnerId, &Prefix::name(RESOURCE_OWNER_ID));
pub(crate) const P_TERMINATE_SUBSCRIPTION: Param = Param::op(
    ParamName::TerminateSubscription,
    &Prefix::name(TERMINATE_SUBSCRIPTION),
);

/// Every operation parameter of fixed name, at the index of its [`ParamName`] (which is also
/// canonical order; the numbered ids share `InstanceId`'s rank).
pub(crate) const OPERATION_PARAMS: [Param; 11] = [
    P_CLIENT_TOKEN,
    P_DRY_RUN,
    P_FORCE,
    P_FORCE_STOP,
    P_INSTANCE_ID,
    P_OWNER_ACCOUNT,
    P_OWNER_ID,
    P_REGION_ID,
    P_RESOURCE_OWNER_ACCOUNT,
    P_RESOURCE_OWNER_ID,
    P_TERMINATE_SUBSCRIPTION,
];

/// `&InstanceId.<n>=` in both encodings, at index `n` from 1 to 100.
static NUMBERED_PREFIXES: [Prefix; MAX_INSTANCE_IDS + 1] = {
    let mut table = [Prefix::name(INSTANCE_ID); MAX_INSTANCE_IDS + 1];
    let mut n = 1;
    while n <= MAX_INSTANCE_IDS {
        table[n] = match instance_id_name(n) {
            Some(name) => Prefix::name(name),
            None => panic!("every index from 1 to 100 has a name"),
        };
        n += 1;
    }
    table
};

/// `(index, InstanceId.<index>)` for the indices 1 to 100 in the canonical order of the names,
/// the order DeleteInstances hands its ids to the signer.
pub(crate) static NUMBERED_IN_ORDER: [(usize, Param); MAX_INSTANCE_IDS] = {
    let mut table = [(0, P_INSTANCE_ID); MAX_INSTANCE_IDS];
    let mut at = 0;
    while at < MAX_INSTANCE_IDS {
        let index = CANONICAL_INDEX_ORDER[at] as usize;
        let Some(name) = instance_id_name(index) else {
            panic!("every index from 1 to 100 has a name")
        };
        table[at] = (
            index,
            Param {
                name,
                prefix: &NUMBERED_PREFIXES[index],
                ..P_INSTANCE_ID
            },
        );
        at += 1;
    }
    table
};

// The common parameters. Whether the access key id, the nonce and the timestamp are plain is
// known only when a request is signed.
pub(crate) const P_ACCESS_KEY_ID: Param =
    Param::new(ACCESS_KEY_ID, &Prefix::first(ACCESS_KEY_ID), false);
pub(crate) const P_SECURITY_TOKEN: Param =
    Param::new(SECURITY_TOKEN, &Prefix::name(SECURITY_TOKEN), false);
pub(crate) const P_SIGNATURE_METHOD: Param = Param::fixed(
    SIGNATURE_METHOD,
    &Prefix::fixed(SIGNATURE_METHOD, HMAC_SHA1),
);
pub(crate) const P_SIGNATURE_NONCE: Param =
    Param::new(SIGNATURE_NONCE, &Prefix::name(SIGNATURE_NONCE), false);
pub(crate) const P_SIGNATURE_VERSION: Param = Param::fixed(
    SIGNATURE_VERSION,
    &Prefix::fixed(SIGNATURE_VERSION, SIGNATURE_VERSION_1_0),
);
pub(crate) const P_TIMESTAMP: Param = Param::new(TIMESTAMP, &Prefix::name(TIMESTAMP), false);
pub(crate) const P_VERSION: Param = Param::fixed(
    VERSION,
    &Prefix::fixed(VERSION, crate::request::API_VERSION),
);
/// `Action`, one constant per action.
pub(crate) const P_ACTION_DELETE_INSTANCE: Param =
    Param::fixed(ACTION, &Prefix::fixed(ACTION, "DeleteInstance"));
pub(crate) const P_ACTION_DELETE_INSTANCES: Param =
    Param::fixed(ACTION, &Prefix::fixed(ACTION, "DeleteInstances"));
/// `Format`, one constant per format.
pub(crate) const P_FORMAT_JSON: Param = Param::fixed(FORMAT, &Prefix::fixed(FORMAT, "JSON"));
pub(crate) const P_FORMAT_XML: Param = Param::fixed(FORMAT, &Prefix::fixed(FORMAT, "XML"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_is_canonical() {
        assert!(V1_ORDER.is_sorted(), "{V1_ORDER:?}");
        // The numbered names sort between `InstanceId` and the name after it.
        let next = V1_ORDER[usize::from(P_INSTANCE_ID.rank) + 1];
        for index in 1..=MAX_INSTANCE_IDS {
            let name = instance_id_name(index).expect("1 to 100");
            assert!(INSTANCE_ID < name && name < next, "{name}");
        }
    }

    #[test]
    fn operation_params_stand_at_their_names() {
        for (param, name) in OPERATION_PARAMS.iter().zip(ParamName::ALL) {
            assert_eq!(param.name, name.as_str());
            assert_eq!(param.value == ValueKind::Plain, name.values_are_plain());
        }
        assert!(OPERATION_PARAMS.is_sorted_by_key(|p| p.rank));
    }

    #[test]
    fn prefixes_spell_their_names() {
        let common = [P_SECURITY_TOKEN, P_SIGNATURE_NONCE, P_TIMESTAMP];
        for param in OPERATION_PARAMS.into_iter().chain(common) {
            assert_eq!(*param.prefix, Prefix::name(param.name), "{}", param.name);
        }
        assert_eq!(*P_ACCESS_KEY_ID.prefix, Prefix::first(ACCESS_KEY_ID));
        for (param, value) in [
            (P_SIGNATURE_METHOD, "HMAC-SHA1"),
            (P_SIGNATURE_VERSION, "1.0"),
            (P_VERSION, "2014-05-26"),
            (P_ACTION_DELETE_INSTANCE, "DeleteInstance"),
            (P_ACTION_DELETE_INSTANCES, "DeleteInstances"),
            (P_FORMAT_JSON, "JSON"),
            (P_FORMAT_XML, "XML"),
        ] {
            assert_eq!(param.value, ValueKind::Fixed);
            assert_eq!(*param.prefix, Prefix::fixed(param.name, value));
        }
    }

    #[test]
    fn ranks_are_places() {
        for (at, name) in V1_ORDER.iter().enumerate() {
            assert_eq!(usize::from(rank(name)), at);
        }
        for (index, param) in &NUMBERED_IN_ORDER {
            assert_eq!(param.name, format!("InstanceId.{index}"));
            assert_eq!(param.rank, P_INSTANCE_ID.rank);
            assert_eq!(*param.prefix, Prefix::name(param.name));
        }
    }
}
