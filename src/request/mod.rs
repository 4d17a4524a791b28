//! The two operations as typed, validated requests.
//!
//! A request is checked once, when it is built or decoded; a request that exists is valid, so
//! signing it cannot fail. Two entry points share one set of rules:
//!
//! - the builders, [`DeleteInstance::builder`] and [`DeleteInstances::builder`];
//! - [`decode`], from raw `(name, value)` parameters as a server or a linter receives them.
//!
//! Both report the first problem as a [`RequestError`] naming the parameter, in the order the
//! conformance schema fixes: names, then presence, then values, then duplicate instance ids.

mod builder;
mod decode;
mod delete_instance;
mod delete_instances;
mod duplicates;
mod error;
mod ids;
pub mod names;
mod shared;
pub mod values;

use std::fmt;

pub use builder::{Buildable, Builder};
pub use delete_instance::DeleteInstance;
pub use delete_instances::DeleteInstances;
pub use error::{RequestError, ValueProblem};
pub use ids::{InstanceIds, Iter as InstanceIdsIter};
pub use names::{API_VERSION, ParamName};
pub(crate) use shared::{Shared, shared_accessors};

/// The two actions of this crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// `DeleteInstance`: release one instance.
    DeleteInstance,
    /// `DeleteInstances`: release 1 to 100 instances of one region.
    DeleteInstances,
}

crate::spelling::spelled!(
    /// The action's wire name.
    Action, "action", { DeleteInstance => "DeleteInstance", DeleteInstances => "DeleteInstances" }
);

impl Action {
    /// The action of a wire name, case-sensitively ([`FromStr`](std::str::FromStr) without the
    /// error).
    pub fn parse(name: &str) -> Option<Action> {
        name.parse().ok()
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a Running instance is treated: one choice, sent as `Force` and `ForceStop`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum ReleaseMode {
    /// Release only a Stopped instance (`Force` omitted or `false`); a Running one fails with
    /// `IncorrectInstanceStatus`.
    #[default]
    WhenStopped,
    /// Release even a Running instance, powering it off at once (`Force=true`; `ForceStop`
    /// omitted or `true`). Data in memory and temporary storage is lost.
    Force,
    /// Release even a Running instance after a graceful OS shutdown, which takes minutes
    /// (`Force=true`, `ForceStop=false`).
    ForceAfterShutdown,
}

/// Something the service accepts but the caller probably did not mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Warning {
    /// `ForceStop` was sent while `Force` is not `true`: the service ignores it.
    ForceStopWithoutForce,
}

impl Warning {
    /// The stable code of the conformance schema.
    pub fn code(self) -> &'static str {
        match self {
            Warning::ForceStopWithoutForce => "force_stop_without_force",
        }
    }
}

/// A request decoded from raw parameters, with what it sent but probably did not mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<R> {
    /// The typed request.
    pub request: R,
    /// Warnings, in a stable order; empty for every request a builder makes.
    pub warnings: Vec<Warning>,
}

/// Either operation, as a server decoding an unknown request sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// A DeleteInstance request.
    DeleteInstance(DeleteInstance),
    /// A DeleteInstances request.
    DeleteInstances(DeleteInstances),
}

/// Decodes the operation parameters of `action` (no common or signature parameters) into a
/// typed request, or the first problem in the schema's order.
///
/// ```
/// use aliyun_ecs_delete::request::{decode, Action};
/// let err = decode(Action::DeleteInstances, &[("RegionId", "cn-hangzhou"), ("InstanceId.2", "i-a")])
///     .unwrap_err();
/// assert_eq!(err.code(), "instance_id_index_gap");
/// assert_eq!(err.parameter(), Some("InstanceId.1"));
/// ```
pub fn decode<N: AsRef<str>, V: AsRef<str>>(
    action: Action,
    params: &[(N, V)],
) -> Result<Decoded<Request>, RequestError> {
    Ok(typed(action, &mut decode::decode_fields(action, params)?))
}

/// [`decode`] for parameters already sorted by name, as a verifier holds them.
pub(crate) fn decode_sorted<'a>(
    action: Action,
    sorted: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Decoded<Request>, RequestError> {
    let mut fields = decode::Fields::default();
    decode::decode_sorted(action, sorted, &mut fields)?;
    Ok(typed(action, &mut fields))
}

/// The typed request of fields the rules of `action` accepted.
fn typed(action: Action, fields: &mut decode::Fields<'_>) -> Decoded<Request> {
    match action {
        Action::DeleteInstance => {
            let d = DeleteInstance::from_fields(fields);
            Decoded {
                request: Request::DeleteInstance(d.request),
                warnings: d.warnings,
            }
        }
        Action::DeleteInstances => {
            let d = DeleteInstances::from_fields(fields);
            Decoded {
                request: Request::DeleteInstances(d.request),
                warnings: d.warnings,
            }
        }
    }
}

/// Collects `(wire name, value)` pairs.
impl<'a> ParamVisitor<'a> for Vec<(&'static str, &'a str)> {
    fn param(&mut self, name: ParamName, value: &'a str) {
        self.push((name.as_str(), value));
    }

    fn numbered_instance_ids(&mut self, ids: &'a InstanceIds) {
        for (i, id) in ids.iter().enumerate() {
            let name = names::instance_id_name(i + 1)
                .expect("invariant: a valid request holds at most 100 instance ids");
            self.push((name, id));
        }
    }
}

pub(crate) use sealed::ParamVisitor;

pub(crate) mod sealed {
    use super::ParamName;

    /// Receives a request's operation parameters, in no particular order: the request says what
    /// it holds, never how it is sorted or encoded (that is the signer's business).
    pub trait ParamVisitor<'a> {
        /// One parameter of fixed name.
        fn param(&mut self, name: ParamName, value: &'a str);
        /// The numbered ids of DeleteInstances, `InstanceId.1` first; 1 to 100 of them.
        fn numbered_instance_ids(&mut self, ids: &'a super::InstanceIds);
    }

    /// Keeps [`super::Operation`] to this crate's requests, and carries what only the crate
    /// calls.
    pub trait Sealed {
        /// Hands every operation parameter to `visitor`.
        fn visit_params<'a, V: ParamVisitor<'a>>(&'a self, visitor: &mut V);

        /// How many parameters [`Sealed::visit_params`] hands over.
        fn param_count(&self) -> usize;
    }
}

/// What the signer needs of a validated request. Implemented by [`DeleteInstance`],
/// [`DeleteInstances`] and [`Request`]; sealed.
pub trait Operation: sealed::Sealed + fmt::Debug {
    /// The action.
    fn action(&self) -> Action;

    /// The region, which also names the default endpoint.
    fn region_id(&self) -> Option<&str>;

    /// How many instances it names: 1 for DeleteInstance, the ids of DeleteInstances. What a
    /// "not found" answer means depends on it ([`crate::response::Response::already_gone_for`]).
    fn instance_count(&self) -> usize;

    /// The operation parameters in canonical order (bytewise by name, the order they are
    /// signed in), booleans as `true` / `false`.
    fn params(&self) -> Vec<(&'static str, &str)> {
        let mut out = Vec::with_capacity(self.param_count());
        self.visit_params(&mut out);
        // Names are distinct, so the order is total.
        out.sort_unstable_by(|a, b| a.0.cmp(b.0));
        out
    }
}

impl sealed::Sealed for Request {
    fn visit_params<'a, V: ParamVisitor<'a>>(&'a self, visitor: &mut V) {
        match self {
            Request::DeleteInstance(r) => r.visit_params(visitor),
            Request::DeleteInstances(r) => r.visit_params(visitor),
        }
    }

    fn param_count(&self) -> usize {
        match self {
            Request::DeleteInstance(r) => r.param_count(),
            Request::DeleteInstances(r) => r.param_count(),
        }
    }
}

impl Operation for Request {
    fn action(&self) -> Action {
        match self {
            Request::DeleteInstance(r) => r.action(),
            Request::DeleteInstances(r) => r.action(),
        }
    }
    fn region_id(&self) -> Option<&str> {
        match self {
            Request::DeleteInstance(r) => r.region_id(),
            Request::DeleteInstances(r) => r.region_id(),
        }
    }
    fn instance_count(&self) -> usize {
        match self {
            Request::DeleteInstance(r) => r.instance_count(),
            Request::DeleteInstances(r) => r.instance_count(),
        }
    }
}
