//! Raw parameters to a typed request: the one place the rules and their precedence live.
//!
//! The typed builders go through here too, so a builder and a server decoding the same wire
//! parameters always agree.

use super::duplicates::first_duplicate;
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

/// The slot of `name` for `action`, for every name but a well-formed `InstanceId.N`, which
/// [`numbered_index`] takes first: one comparison of the length and bytes per candidate (a
/// `match` on strings).
#[inline]
fn classify(action: Action, name: &str) -> Result<Slot, NameProblem> {
    // A fixed-size comparison, which the compiler does with two loads, not a `memcmp` call.
    const PREFIX: &[u8; 11] = b"InstanceId.";
    const _: () = assert!(PREFIX.len() == INSTANCE_ID_PREFIX.len());
    if action == Action::DeleteInstances && name.as_bytes().first_chunk() == Some(PREFIX) {
        return Err(index_problem(&name[PREFIX.len()..]));
    }
    Ok(match name {
        REGION_ID => Slot::RegionId,
        FORCE => Slot::Bool(Flag::Force),
        FORCE_STOP => Slot::Bool(Flag::ForceStop),
        TERMINATE_SUBSCRIPTION => Slot::Bool(Flag::TerminateSubscription),
        DRY_RUN => Slot::Bool(Flag::DryRun),
        OWNER_ID => Slot::Integer(Owner::OwnerId),
        RESOURCE_OWNER_ID => Slot::Integer(Owner::ResourceOwnerId),
        OWNER_ACCOUNT => Slot::Text(Owner::OwnerAccount),
        RESOURCE_OWNER_ACCOUNT => Slot::Text(Owner::ResourceOwnerAccount),
        INSTANCE_ID if action == Action::DeleteInstance => Slot::InstanceId,
        CLIENT_TOKEN if action == Action::DeleteInstances => Slot::ClientToken,
        _ => return Err(NameProblem::Unknown),
    })
}

/// Why the `N` of an `InstanceId.N` that [`numbered_index`] did not take is refused: not ASCII
/// digits, or a leading zero (`0` included), is an invalid name; any other (a well-formed index
/// above 100) is one too many.
fn index_problem(digits: &str) -> NameProblem {
    let bytes = digits.as_bytes();
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) || bytes[0] == b'0' {
        NameProblem::Invalid
    } else {
        NameProblem::TooMany
    }
}

/// The `N` of a well-formed `InstanceId.N`: ASCII digits without a leading zero, from 1 to 100,
/// read with fixed-size loads; `None` for anything else (which [`classify`] then looks at
/// closely).
#[inline(always)]
fn numbered_index(name: &str) -> Option<u8> {
    const PREFIX: &[u8; 11] = b"InstanceId.";
    let bytes = name.as_bytes();
    if bytes.first_chunk() != Some(PREFIX) {
        return None;
    }
    let digit = |i: usize| {
        bytes
            .get(11 + i)
            .map(|d| d.wrapping_sub(b'0'))
            .filter(|d| *d < 10)
    };
    let index = match (digit(0), digit(1), digit(2), bytes.len()) {
        (Some(a @ 1..), None, None, 12) => a,
        (Some(a @ 1..), Some(b), None, 13) => 10 * a + b,
        (Some(1), Some(0), Some(0), 14) => 100,
        _ => return None,
    };
    Some(index)
}

/// The lowest N from 1 whose bit is clear in `present` (101 when 1 to 100 are all set).
fn first_absent(present: u128) -> usize {
    (!present >> 1).trailing_zeros() as usize + 1
}

/// The parameters of one request, each value checked. (Large, for its 100 id slots: filled in
/// place and read by reference, not moved.)
#[derive(Debug)]
pub(crate) struct Fields<'a> {
    pub(crate) instance_id: Option<&'a str>,
    /// `InstanceId.1`.. in index order, the first `count` of them (on the stack: 100 at most).
    numbered: [&'a str; MAX_INSTANCE_IDS],
    count: usize,
    pub(crate) region_id: Option<&'a str>,
    pub(crate) client_token: Option<&'a str>,
    pub(crate) shared: Shared,
}

impl Default for Fields<'_> {
    fn default() -> Self {
        Fields {
            instance_id: None,
            numbered: [""; MAX_INSTANCE_IDS],
            count: 0,
            region_id: None,
            client_token: None,
            shared: Shared::default(),
        }
    }
}

impl<'a> Fields<'a> {
    /// `InstanceId.1`.. in index order.
    pub(crate) fn instance_ids(&self) -> &[&'a str] {
        &self.numbered[..self.count]
    }
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
    let mut fields = Fields::default();
    decode_sorted(action, sorted, &mut fields)?;
    Ok(fields)
}

/// [`decode_fields`] for parameters already sorted by name (a verifier's, which checked their
/// order when it decoded them), read once, in order.
///
/// One pass, with the schema's precedence kept: a name problem is returned when its name is
/// reached (they come in canonical order); the first value problem is held until every name has
/// been seen and presence checked. Nothing allocates unless it reports an error or keeps an
/// owner value.
pub(crate) fn decode_sorted<'a>(
    action: Action,
    sorted: impl IntoIterator<Item = (&'a str, &'a str)>,
    fields: &mut Fields<'a>,
) -> Result<(), RequestError> {
    // Bit N: `InstanceId.N` was given (N from 1 to 100).
    let mut numbered_present: u128 = 0;
    let (mut instance_id, mut region_id) = (false, false);
    let mut value_problem: Option<RequestError> = None;
    let mut pairs = sorted.into_iter();
    let mut next = pairs.next();
    while let Some((name, value)) = next {
        // 1. The name; for one name: unknown, repeated, invalid, too many.
        next = pairs.next();
        let mut repeated = false;
        while next.is_some_and(|(n, _)| same(n, name)) {
            repeated = true;
            next = pairs.next();
        }
        debug_assert!(next.is_none_or(|(n, _)| name < n));
        // Most of a large request: a well-formed `InstanceId.N`, read with no detour through
        // the general slots (same checks, same precedence).
        if action == Action::DeleteInstances
            && let Some(index) = numbered_index(name)
        {
            if repeated {
                return Err(RequestError::RepeatedParameter {
                    parameter: name.to_owned(),
                });
            }
            numbered_present |= 1 << index;
            if value_problem.is_none() {
                match check_instance_id(value) {
                    Ok(()) => fields.numbered[usize::from(index) - 1] = value,
                    Err(problem) => {
                        value_problem = Some(RequestError::InvalidInstanceId {
                            parameter: name.to_owned(),
                            problem,
                        })
                    }
                }
            }
            continue;
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
        match slot {
            Slot::InstanceId => instance_id = true,
            Slot::RegionId => region_id = true,
            _ => {}
        }
        // 3. The value, unless an earlier one already failed.
        if value_problem.is_none()
            && let Err(problem) = fields.take(slot, name, value)
        {
            value_problem = Some(problem);
        }
    }

    // 2. Presence: the first absent required name in canonical order (`InstanceId`,
    //    `InstanceId.N`, then `RegionId`: `I` sorts before `R`).
    let count = numbered_present.count_ones() as usize;
    let absent = match action {
        Action::DeleteInstance => (!instance_id).then(|| missing(INSTANCE_ID)),
        Action::DeleteInstances => {
            let gap = first_absent(numbered_present);
            if count == 0 {
                Some(missing(instance_id_name(1).unwrap_or(INSTANCE_ID)))
            } else if gap <= count {
                let parameter = instance_id_name(gap).unwrap_or(INSTANCE_ID).to_owned();
                Some(RequestError::InstanceIdIndexGap { parameter })
            } else {
                (!region_id).then(|| missing(REGION_ID))
            }
        }
    };
    if let Some(first) = absent.or(value_problem) {
        return Err(first);
    }
    // The presence check made the indices 1..=count.
    fields.count = count;

    // 4. Duplicate instance ids: of equal ids the higher index is the copy; report the copy
    //    first in canonical (bytewise name) order.
    if let Some(err) = first_duplicate(fields.instance_ids()) {
        return Err(err);
    }
    Ok(())
}

impl<'a> Fields<'a> {
    /// Checks `value` by the rule of `slot` and keeps it.
    #[inline]
    fn take(&mut self, slot: Slot, name: &str, value: &'a str) -> Result<(), RequestError> {
        match slot {
            Slot::InstanceId => {
                check_instance_id(value).map_err(|problem| RequestError::InvalidInstanceId {
                    parameter: name.to_owned(),
                    problem,
                })?;
                self.instance_id = Some(value);
            }
            Slot::RegionId => {
                check_region_id(value)
                    .map_err(|problem| RequestError::InvalidRegionId { problem })?;
                self.region_id = Some(value);
            }
            Slot::ClientToken => {
                check_client_token(value)
                    .map_err(|problem| RequestError::InvalidClientToken { problem })?;
                self.client_token = Some(value);
            }
            Slot::Bool(flag) => {
                let on = parse_bool(value).ok_or_else(|| RequestError::InvalidBoolean {
                    parameter: flag.name().as_str().to_owned(),
                })?;
                *self.shared.flag_mut(flag) = Some(on);
            }
            Slot::Integer(owner) => {
                check_integer(value).map_err(|problem| RequestError::InvalidInteger {
                    parameter: owner.name().as_str().to_owned(),
                    problem,
                })?;
                *self.shared.owner_mut(owner) = Some(value.to_owned());
            }
            Slot::Text(owner) => *self.shared.owner_mut(owner) = Some(value.to_owned()),
        }
        Ok(())
    }
}

/// Whether two names are equal, looking at their lengths and last bytes first: sorted
/// neighbours that differ (`InstanceId.11`, `InstanceId.12`) mostly differ there.
#[inline]
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().last() == b.as_bytes().last() && a == b
}

fn missing(name: &str) -> RequestError {
    RequestError::MissingParameter {
        parameter: name.to_owned(),
    }
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
    fn index_problems() {
        for too_many in ["101", "999", "1000", "99999999999999999999999"] {
            assert!(
                matches!(index_problem(too_many), NameProblem::TooMany),
                "{too_many}"
            );
        }
        for bad in ["", "0", "01", "x", "1x", "+1", "-1", " 1", "１"] {
            assert!(
                matches!(index_problem(bad), NameProblem::Invalid),
                "{bad:?}"
            );
        }
    }

    /// `numbered_index` takes exactly the well-formed indices from 1 to 100, told apart here by
    /// an independent rule (the decimal spelling of a number in range); `classify` refuses every
    /// other name with the prefix, as invalid or as one too many.
    #[test]
    fn the_fast_index_takes_exactly_the_well_formed_indices() {
        let mut tails: Vec<String> = (0..=1000).map(|n| n.to_string()).collect();
        tails.extend((0..=100).map(|n| format!("0{n}")));
        tails.extend(["", "+1", "1 ", "1a", "a1", "10x", "１", "1000000"].map(String::from));
        // The bytes either side of the digits: `/` below `0`, `:` above `9`.
        tails.extend(["/", ":", "1/", "1:", ":0", "9:", "10:", "1:0"].map(String::from));
        for tail in &tails {
            let well_formed = tail
                .parse::<u8>()
                .ok()
                .filter(|n| (1..=100).contains(n) && n.to_string() == *tail);
            for prefix in ["InstanceId.", "InstanceId", "instanceId.", "InstanceId.."] {
                let name = format!("{prefix}{tail}");
                let expected = well_formed.filter(|_| prefix == "InstanceId.");
                assert_eq!(numbered_index(&name), expected, "{name}");
                if expected.is_none() {
                    assert!(classify(Action::DeleteInstances, &name).is_err(), "{name}");
                }
            }
        }
        assert_eq!(numbered_index("InstanceId.100"), Some(100));
    }

    #[test]
    fn the_first_absent_index() {
        assert_eq!(first_absent(0), 1);
        assert_eq!(first_absent(0b110), 3);
        assert_eq!(first_absent(0b1010), 2);
        let all: u128 = (1..=100).fold(0, |m, i| m | 1 << i);
        assert_eq!(first_absent(all), 101);
        assert_eq!(first_absent(all & !(1 << 100)), 100);
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
