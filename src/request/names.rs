//! Wire names of the ECS parameters: the only place they are spelled.

/// `Action`: the operation name (a common parameter).
pub const ACTION: &str = "Action";
/// `InstanceId`: the one instance of DeleteInstance.
pub const INSTANCE_ID: &str = "InstanceId";
/// `RegionId`: optional for DeleteInstance, required for DeleteInstances.
pub const REGION_ID: &str = "RegionId";
/// `Force`: release a Running instance.
pub const FORCE: &str = "Force";
/// `ForceStop`: with `Force=true`, `false` shuts the OS down gracefully first.
pub const FORCE_STOP: &str = "ForceStop";
/// `TerminateSubscription`: release an expired subscription instance.
pub const TERMINATE_SUBSCRIPTION: &str = "TerminateSubscription";
/// `DryRun`: check the request without releasing anything.
pub const DRY_RUN: &str = "DryRun";
/// `ClientToken`: the idempotence token of DeleteInstances.
pub const CLIENT_TOKEN: &str = "ClientToken";
/// `OwnerId`: hidden owner parameter (an integer).
pub const OWNER_ID: &str = "OwnerId";
/// `OwnerAccount`: hidden owner parameter (a string).
pub const OWNER_ACCOUNT: &str = "OwnerAccount";
/// `ResourceOwnerId`: hidden owner parameter (an integer).
pub const RESOURCE_OWNER_ID: &str = "ResourceOwnerId";
/// `ResourceOwnerAccount`: hidden owner parameter (a string).
pub const RESOURCE_OWNER_ACCOUNT: &str = "ResourceOwnerAccount";

/// The API version both operations belong to: `Version` in V1, `x-acs-version` in V3.
pub const API_VERSION: &str = "2014-05-26";

/// Every operation parameter of fixed name, the closed set a request reports its values by
/// (the numbered `InstanceId.N` of DeleteInstances are reported as one list). The variants are
/// in the bytewise order of their wire names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ParamName {
    /// `ClientToken`.
    ClientToken,
    /// `DryRun`.
    DryRun,
    /// `Force`.
    Force,
    /// `ForceStop`.
    ForceStop,
    /// `InstanceId`.
    InstanceId,
    /// `OwnerAccount`.
    OwnerAccount,
    /// `OwnerId`.
    OwnerId,
    /// `RegionId`.
    RegionId,
    /// `ResourceOwnerAccount`.
    ResourceOwnerAccount,
    /// `ResourceOwnerId`.
    ResourceOwnerId,
    /// `TerminateSubscription`.
    TerminateSubscription,
}

impl ParamName {
    /// Every name, in the order of the variants.
    pub const ALL: [ParamName; 11] = [
        ParamName::ClientToken,
        ParamName::DryRun,
        ParamName::Force,
        ParamName::ForceStop,
        ParamName::InstanceId,
        ParamName::OwnerAccount,
        ParamName::OwnerId,
        ParamName::RegionId,
        ParamName::ResourceOwnerAccount,
        ParamName::ResourceOwnerId,
        ParamName::TerminateSubscription,
    ];

    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            ParamName::ClientToken => CLIENT_TOKEN,
            ParamName::DryRun => DRY_RUN,
            ParamName::Force => FORCE,
            ParamName::ForceStop => FORCE_STOP,
            ParamName::InstanceId => INSTANCE_ID,
            ParamName::OwnerAccount => OWNER_ACCOUNT,
            ParamName::OwnerId => OWNER_ID,
            ParamName::RegionId => REGION_ID,
            ParamName::ResourceOwnerAccount => RESOURCE_OWNER_ACCOUNT,
            ParamName::ResourceOwnerId => RESOURCE_OWNER_ID,
            ParamName::TerminateSubscription => TERMINATE_SUBSCRIPTION,
        }
    }

    /// The name of a wire name, case-sensitively.
    pub fn parse(wire: &str) -> Option<ParamName> {
        ParamName::ALL.into_iter().find(|n| n.as_str() == wire)
    }

    /// Whether every value a valid request holds for this name is made of `A-Z a-z 0-9 - _`
    /// only (ids, the region, booleans and integers), as the value rules guarantee; free text
    /// (`ClientToken`, the owner accounts) is not. The V1 signer's fast path relies on it.
    pub(crate) const fn values_are_plain(self) -> bool {
        !matches!(
            self,
            ParamName::ClientToken | ParamName::OwnerAccount | ParamName::ResourceOwnerAccount
        )
    }
}

/// The prefix of the numbered instance ids of DeleteInstances: `InstanceId.1`..`InstanceId.100`.
pub const INSTANCE_ID_PREFIX: &str = "InstanceId.";

/// The most instance ids one DeleteInstances call takes.
pub const MAX_INSTANCE_IDS: usize = 100;

const fn digits(n: usize) -> usize {
    if n >= 100 {
        3
    } else if n >= 10 {
        2
    } else {
        1
    }
}

const NUMBERED_LEN: usize = {
    let mut total = 0;
    let mut n = 1;
    while n <= MAX_INSTANCE_IDS {
        total += INSTANCE_ID_PREFIX.len() + digits(n);
        n += 1;
    }
    total
};

/// `InstanceId.1InstanceId.2…InstanceId.100`, and where each name ends.
const NUMBERED: ([u8; NUMBERED_LEN], [usize; MAX_INSTANCE_IDS + 1]) = {
    let prefix = INSTANCE_ID_PREFIX.as_bytes();
    let mut bytes = [0u8; NUMBERED_LEN];
    let mut ends = [0usize; MAX_INSTANCE_IDS + 1];
    let mut at = 0;
    let mut n = 1;
    while n <= MAX_INSTANCE_IDS {
        let mut i = 0;
        while i < prefix.len() {
            bytes[at] = prefix[i];
            at += 1;
            i += 1;
        }
        let width = digits(n);
        let mut d = 0;
        while d < width {
            let mut place = 1;
            let mut k = d + 1;
            while k < width {
                place *= 10;
                k += 1;
            }
            bytes[at] = b'0' + ((n / place) % 10) as u8;
            at += 1;
            d += 1;
        }
        ends[n] = at;
        n += 1;
    }
    assert!(at == NUMBERED_LEN, "the names fill the table exactly");
    (bytes, ends)
};

const NUMBERED_NAMES: &str = match core::str::from_utf8(&NUMBERED.0) {
    Ok(s) => s,
    Err(_) => panic!("the numbered names are ASCII"),
};

/// The indices 1 to 100 in the canonical (bytewise) order of their names:
/// `InstanceId.1`, `InstanceId.10`, `InstanceId.100`, `InstanceId.11`, …, `InstanceId.99`.
pub(crate) const CANONICAL_INDEX_ORDER: [u8; MAX_INSTANCE_IDS] = {
    let mut order = [0u8; MAX_INSTANCE_IDS];
    let mut at = 0;
    let mut first = 1;
    while first <= 9 {
        order[at] = first;
        at += 1;
        let mut second = 0;
        while second <= 9 {
            order[at] = first * 10 + second;
            at += 1;
            if first == 1 && second == 0 {
                order[at] = 100;
                at += 1;
            }
            second += 1;
        }
        first += 1;
    }
    order
};

/// The wire name `InstanceId.<index>` for an index from 1 to 100, without allocating.
pub(crate) const fn instance_id_name(index: usize) -> Option<&'static str> {
    if index == 0 || index > MAX_INSTANCE_IDS {
        return None;
    }
    let (_, ends) = &NUMBERED;
    let (_, rest) = NUMBERED_NAMES.split_at(ends[index - 1]);
    let (name, _) = rest.split_at(ends[index] - ends[index - 1]);
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_names_from_1_to_100() {
        assert_eq!(instance_id_name(7), Some("InstanceId.7"));
        assert_eq!(instance_id_name(100), Some("InstanceId.100"));
        assert_eq!(instance_id_name(0), None);
        assert_eq!(instance_id_name(101), None);
    }

    #[test]
    fn canonical_index_order_is_the_bytewise_order_of_the_names() {
        let mut names: Vec<String> = (1..=MAX_INSTANCE_IDS)
            .map(|n| format!("InstanceId.{n}"))
            .collect();
        names.sort();
        let ordered: Vec<String> = CANONICAL_INDEX_ORDER
            .iter()
            .map(|n| format!("InstanceId.{n}"))
            .collect();
        assert_eq!(ordered, names);
    }

    #[test]
    fn param_names_spell_their_wire_names_in_order() {
        let names: Vec<&str> = ParamName::ALL.iter().map(|n| n.as_str()).collect();
        assert!(names.is_sorted(), "{names:?}");
        for name in ParamName::ALL {
            assert_eq!(ParamName::parse(name.as_str()), Some(name));
        }
        assert_eq!(ParamName::parse("instanceid"), None);
    }

    #[test]
    fn every_numbered_name() {
        for n in 1..=MAX_INSTANCE_IDS {
            assert_eq!(
                instance_id_name(n),
                Some(format!("InstanceId.{n}").as_str())
            );
        }
    }
}
