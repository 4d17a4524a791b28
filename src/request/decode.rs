//! Raw parameters to a typed request: the one place the rules and their precedence live.
//!
//! The typed builders go through here too, so a builder and a server decoding the same wire
//! parameters always agree.

use super::error::RequestError;
use super::names::*;
use super::shared::{Flag, Owner};
use super::values::{
    check_client_token, check_instance_id, check_integer, check_region_id, parse_bool,
};
use super::{Action, Shared};

/// What a parameter name refers to, for the action being decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    InstanceId,
    Numbered(usize),
    RegionId,
    ClientToken,
    Bool(Flag),
    Integer(Owner),
    Text(Owner),
}

/// Why a name is not acceptable; the order is the order of precedence.
enum NameProblem {
    Unknown,
    Invalid,
    TooMany,
}

const SHARED: [(&str, Slot); 9] = [
    (REGION_ID, Slot::RegionId),
    (FORCE, Slot::Bool(Flag::Force)),
    (FORCE_STOP, Slot::Bool(Flag::ForceStop)),
    (
        TERMINATE_SUBSCRIPTION,
        Slot::Bool(Flag::TerminateSubscription),
    ),
    (DRY_RUN, Slot::Bool(Flag::DryRun)),
    (OWNER_ID, Slot::Integer(Owner::OwnerId)),
    (RESOURCE_OWNER_ID, Slot::Integer(Owner::ResourceOwnerId)),
    (OWNER_ACCOUNT, Slot::Text(Owner::OwnerAccount)),
    (
        RESOURCE_OWNER_ACCOUNT,
        Slot::Text(Owner::ResourceOwnerAccount),
    ),
];

fn classify(action: Action, name: &str) -> Result<Slot, NameProblem> {
    if let Some((_, slot)) = SHARED.iter().find(|(n, _)| *n == name) {
        return Ok(*slot);
    }
    match action {
        Action::DeleteInstance if name == INSTANCE_ID => Ok(Slot::InstanceId),
        Action::DeleteInstances if name == CLIENT_TOKEN => Ok(Slot::ClientToken),
        Action::DeleteInstances => match name.strip_prefix(INSTANCE_ID_PREFIX) {
            Some(index) => parse_index(index).map(Slot::Numbered),
            None => Err(NameProblem::Unknown),
        },
        Action::DeleteInstance => Err(NameProblem::Unknown),
    }
}

/// The `N` of `InstanceId.N`: ASCII digits, no leading zero, at least 1, at most 100.
fn parse_index(digits: &str) -> Result<usize, NameProblem> {
    let bytes = digits.as_bytes();
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) || bytes[0] == b'0' {
        return Err(NameProblem::Invalid);
    }
    // Any well-formed index of four digits or more is above 100; no overflow is possible.
    if bytes.len() > 3 {
        return Err(NameProblem::TooMany);
    }
    let index = bytes
        .iter()
        .fold(0usize, |n, d| n * 10 + usize::from(d - b'0'));
    if index > MAX_INSTANCE_IDS {
        return Err(NameProblem::TooMany);
    }
    Ok(index)
}

/// The parameters of one request, each value checked.
#[derive(Debug, Default)]
pub(crate) struct Fields<'a> {
    pub(crate) instance_id: Option<&'a str>,
    /// `InstanceId.1`.. in index order; only set once the indices are known to be contiguous.
    pub(crate) instance_ids: Vec<&'a str>,
    pub(crate) region_id: Option<&'a str>,
    pub(crate) client_token: Option<&'a str>,
    pub(crate) shared: Shared,
}

/// Checks `params` against the rules of `action`, in the precedence order of the schema.
pub(crate) fn decode_fields<'a, N, V>(
    action: Action,
    params: &'a [(N, V)],
) -> Result<Fields<'a>, RequestError>
where
    N: AsRef<str>,
    V: AsRef<str>,
{
    let mut sorted: Vec<(&str, &str)> = params
        .iter()
        .map(|(n, v)| (n.as_ref(), v.as_ref()))
        .collect();
    // Unstable: equal names are an error whichever comes first, and it needs no buffer.
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    decode_sorted(action, &sorted)
}

/// [`decode_fields`] for parameters already sorted by name (a verifier's, which checked their
/// order when it decoded them).
pub(crate) fn decode_sorted<'a>(
    action: Action,
    sorted: &[(&'a str, &'a str)],
) -> Result<Fields<'a>, RequestError> {
    debug_assert!(sorted.is_sorted_by(|a, b| a.0 <= b.0));
    // 1. Names, in canonical order; for one name: unknown, repeated, invalid, too many.
    let mut slots = Vec::with_capacity(sorted.len());
    let mut numbered_present = [false; MAX_INSTANCE_IDS + 1];
    for (i, &(name, value)) in sorted.iter().enumerate() {
        let repeated = sorted.get(i + 1).is_some_and(|next| next.0 == name);
        if i > 0 && sorted[i - 1].0 == name {
            continue; // reported with its first copy
        }
        let slot = match classify(action, name) {
            Err(NameProblem::Unknown) => {
                return Err(RequestError::UnknownParameter {
                    action,
                    parameter: name.to_owned(),
                });
            }
            _ if repeated => {
                return Err(RequestError::RepeatedParameter {
                    parameter: name.to_owned(),
                });
            }
            Err(NameProblem::Invalid) => {
                return Err(RequestError::InvalidParameterName {
                    parameter: name.to_owned(),
                });
            }
            Err(NameProblem::TooMany) => {
                return Err(RequestError::TooManyInstanceIds {
                    parameter: name.to_owned(),
                });
            }
            Ok(slot) => slot,
        };
        if let Slot::Numbered(index) = slot {
            numbered_present[index] = true;
        }
        slots.push((name, slot, value));
    }

    // 2. Presence: the first absent required name in canonical order.
    let mut absent: Vec<RequestError> = Vec::new();
    let has = |wanted: Slot| slots.iter().any(|(_, slot, _)| *slot == wanted);
    match action {
        Action::DeleteInstance => {
            if !has(Slot::InstanceId) {
                absent.push(missing(INSTANCE_ID));
            }
        }
        Action::DeleteInstances => {
            let count = numbered_present.iter().filter(|p| **p).count();
            if count == 0 {
                absent.push(missing(instance_id_name(1).unwrap_or(INSTANCE_ID)));
            } else if let Some(gap) = (1..=MAX_INSTANCE_IDS).find(|i| !numbered_present[*i])
                && gap <= count
            {
                let parameter = instance_id_name(gap).unwrap_or(INSTANCE_ID).to_owned();
                absent.push(RequestError::InstanceIdIndexGap { parameter });
            }
            if !has(Slot::RegionId) {
                absent.push(missing(REGION_ID));
            }
        }
    }
    if let Some(first) = absent
        .into_iter()
        .min_by(|a, b| a.parameter().cmp(&b.parameter()))
    {
        return Err(first);
    }

    // 3. Values, in canonical order.
    let mut fields = Fields::default();
    // The numbered ids by index (slot 0 unused); the presence check made them contiguous.
    let mut numbered = [""; MAX_INSTANCE_IDS + 1];
    let mut count = 0;
    for &(name, slot, value) in &slots {
        match slot {
            Slot::InstanceId | Slot::Numbered(_) => {
                check_instance_id(value).map_err(|problem| RequestError::InvalidInstanceId {
                    parameter: name.to_owned(),
                    problem,
                })?;
                match slot {
                    Slot::Numbered(index) => {
                        numbered[index] = value;
                        count += 1;
                    }
                    _ => fields.instance_id = Some(value),
                }
            }
            Slot::RegionId => {
                check_region_id(value)
                    .map_err(|problem| RequestError::InvalidRegionId { problem })?;
                fields.region_id = Some(value);
            }
            Slot::ClientToken => {
                check_client_token(value)
                    .map_err(|problem| RequestError::InvalidClientToken { problem })?;
                fields.client_token = Some(value);
            }
            Slot::Bool(flag) => {
                let on = parse_bool(value).ok_or_else(|| RequestError::InvalidBoolean {
                    parameter: flag.name().as_str().to_owned(),
                })?;
                *fields.shared.flag_mut(flag) = Some(on);
            }
            Slot::Integer(owner) => {
                check_integer(value).map_err(|problem| RequestError::InvalidInteger {
                    parameter: owner.name().as_str().to_owned(),
                    problem,
                })?;
                *fields.shared.owner_mut(owner) = Some(value.to_owned());
            }
            Slot::Text(owner) => *fields.shared.owner_mut(owner) = Some(value.to_owned()),
        }
    }

    // 4. Duplicate instance ids: of equal ids the higher index is the copy; report the copy
    //    first in canonical (bytewise name) order.
    let ids = &numbered[1..=count];
    if let Some(err) = first_duplicate(ids) {
        return Err(err);
    }
    fields.instance_ids = ids.to_vec();
    Ok(fields)
}

fn missing(name: &str) -> RequestError {
    RequestError::MissingParameter {
        parameter: name.to_owned(),
    }
}

/// The duplicate to report among the ids in index order (`ids[0]` is `InstanceId.1`): of equal
/// ids the higher index is the copy, and of the copies the one whose name sorts first (bytewise:
/// `InstanceId.10` before `InstanceId.2`) is reported.
///
/// Equal ids are found through a small open-addressing table on the stack (at most 100 ids in
/// 256 slots), not by sorting them.
fn first_duplicate(ids: &[&str]) -> Option<RequestError> {
    const SLOTS: usize = 256;
    debug_assert!(ids.len() <= MAX_INSTANCE_IDS);
    // Each slot holds the index (0-based) + 1 of the first id that landed there.
    let mut table = [0u8; SLOTS];
    let mut found: Option<(&'static str, &'static str)> = None;
    for (i, id) in ids.iter().enumerate() {
        let mut slot = id_hash(id) % SLOTS;
        loop {
            match usize::from(table[slot]) {
                0 => {
                    table[slot] = u8::try_from(i + 1).expect("invariant: at most 100 ids");
                    break;
                }
                first if ids[first - 1] == *id => {
                    let copy = instance_id_name(i + 1).unwrap_or(INSTANCE_ID);
                    if found.is_none_or(|(best, _)| copy < best) {
                        found = Some((copy, instance_id_name(first).unwrap_or(INSTANCE_ID)));
                    }
                    break;
                }
                _ => slot = (slot + 1) % SLOTS,
            }
        }
    }
    found.map(|(copy, first)| RequestError::DuplicateInstanceId {
        parameter: copy.to_owned(),
        first: first.to_owned(),
    })
}

/// A fast hash of an id, eight bytes at a time (ids are short and need no resistance to
/// chosen collisions: a collision costs one more probe, and there are at most 100 ids).
fn id_hash(id: &str) -> usize {
    let mut h: u64 = 0x9E37_79B9_7F4A_7C15 ^ id.len() as u64;
    for chunk in id.as_bytes().chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(word)).wrapping_mul(0xA076_1D64_78BD_642F);
        h ^= h >> 32;
    }
    // The top bits, which the multiplications mixed the most.
    (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(action: Action, params: &[(&str, &str)]) -> (String, Option<String>) {
        match decode_fields(action, params) {
            Ok(_) => ("ok".into(), None),
            Err(e) => (e.code().into(), e.parameter().map(str::to_owned)),
        }
    }

    #[test]
    fn index_parsing() {
        assert!(matches!(parse_index("1"), Ok(1)));
        assert!(matches!(parse_index("100"), Ok(100)));
        assert!(matches!(parse_index("101"), Err(NameProblem::TooMany)));
        assert!(matches!(
            parse_index("99999999999999999999999"),
            Err(NameProblem::TooMany)
        ));
        for bad in ["", "0", "01", "x", "1x", "+1", "-1", " 1", "１"] {
            assert!(
                matches!(parse_index(bad), Err(NameProblem::Invalid)),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_gap_is_reported_only_when_ids_are_present() {
        let ok = [
            ("RegionId", "cn-x"),
            ("InstanceId.1", "a"),
            ("InstanceId.2", "b"),
        ];
        assert_eq!(code(Action::DeleteInstances, &ok).0, "ok");
        let gap = [
            ("RegionId", "cn-x"),
            ("InstanceId.1", "a"),
            ("InstanceId.3", "b"),
        ];
        assert_eq!(
            code(Action::DeleteInstances, &gap),
            ("instance_id_index_gap".into(), Some("InstanceId.2".into()))
        );
        let from_two = [("RegionId", "cn-x"), ("InstanceId.2", "b")];
        assert_eq!(
            code(Action::DeleteInstances, &from_two),
            ("instance_id_index_gap".into(), Some("InstanceId.1".into()))
        );
    }

    #[test]
    fn the_higher_index_is_the_duplicate_and_canonical_order_picks_among_them() {
        let mut params = vec![("RegionId", "cn-x")];
        let ids = ["a", "b", "a", "c", "d", "e", "f", "g", "h", "b"];
        let names: Vec<String> = (1..=ids.len()).map(|i| format!("InstanceId.{i}")).collect();
        params.extend(names.iter().map(String::as_str).zip(ids));
        // Copies: InstanceId.3 (of .1) and InstanceId.10 (of .2); `InstanceId.10` sorts first.
        let err = decode_fields(Action::DeleteInstances, &params).expect_err("duplicates");
        assert_eq!(
            err,
            RequestError::DuplicateInstanceId {
                parameter: "InstanceId.10".into(),
                first: "InstanceId.2".into()
            }
        );
    }
}
