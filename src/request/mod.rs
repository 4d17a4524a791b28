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

mod decode;
mod delete_instance;
mod delete_instances;
mod error;
pub mod names;
pub(crate) mod param;
pub mod values;

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

pub use delete_instance::DeleteInstance;
pub use delete_instances::DeleteInstances;
pub use error::{RequestError, ValueProblem};

use names::*;
use param::*;

/// The two actions of this crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// `DeleteInstance`: release one instance.
    DeleteInstance,
    /// `DeleteInstances`: release 1 to 100 instances of one region.
    DeleteInstances,
}

impl Action {
    /// The action's wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Action::DeleteInstance => "DeleteInstance",
            Action::DeleteInstances => "DeleteInstances",
        }
    }

    /// The action of a wire name, case-sensitively.
    pub fn parse(name: &str) -> Option<Action> {
        match name {
            "DeleteInstance" => Some(Action::DeleteInstance),
            "DeleteInstances" => Some(Action::DeleteInstances),
            _ => None,
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a Running instance is treated: one choice, sent as `Force` and `ForceStop`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
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
    Ok(match action {
        Action::DeleteInstance => {
            let d = DeleteInstance::decode(params)?;
            Decoded {
                request: Request::DeleteInstance(d.request),
                warnings: d.warnings,
            }
        }
        Action::DeleteInstances => {
            let d = DeleteInstances::decode(params)?;
            Decoded {
                request: Request::DeleteInstances(d.request),
                warnings: d.warnings,
            }
        }
    })
}

pub(crate) mod sealed {
    use super::param::ParamSink;

    /// Keeps [`super::Operation`] to this crate's requests, and carries what only the crate
    /// calls.
    pub trait Sealed {
        /// Hands the operation parameters to `sink` in canonical order (bytewise by name).
        fn visit_params<'a, S: ParamSink<'a>>(&'a self, sink: &mut S);
    }
}

/// What the signer needs of a validated request. Implemented by [`DeleteInstance`],
/// [`DeleteInstances`] and [`Request`]; sealed.
pub trait Operation: sealed::Sealed + fmt::Debug {
    /// The action.
    fn action(&self) -> Action;

    /// The region, which also names the default endpoint.
    fn region_id(&self) -> Option<&str>;

    /// Appends the operation parameters in canonical order (bytewise by name), the order they
    /// are signed in.
    fn push_params<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        self.visit_params(out);
    }

    /// How many parameters [`Operation::push_params`] appends.
    fn param_count(&self) -> usize;

    /// The operation parameters in canonical order, booleans as `true` / `false`.
    fn params(&self) -> Vec<(&'static str, &str)> {
        let mut out = Vec::with_capacity(self.param_count());
        self.push_params(&mut out);
        debug_assert!(out.is_sorted(), "push_params writes canonical order");
        out
    }
}

impl sealed::Sealed for Request {
    fn visit_params<'a, S: ParamSink<'a>>(&'a self, sink: &mut S) {
        match self {
            Request::DeleteInstance(r) => r.visit_params(sink),
            Request::DeleteInstances(r) => r.visit_params(sink),
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
    fn param_count(&self) -> usize {
        match self {
            Request::DeleteInstance(r) => r.param_count(),
            Request::DeleteInstances(r) => r.param_count(),
        }
    }
}

/// The optional parameters both operations take, as they are sent.
///
/// `Force` and `ForceStop` are kept as sent so that a decoded request is sent back unchanged;
/// the public view of them is one [`ReleaseMode`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Shared {
    force: Option<bool>,
    force_stop: Option<bool>,
    terminate_subscription: Option<bool>,
    dry_run: Option<bool>,
    owner_id: Option<String>,
    owner_account: Option<String>,
    resource_owner_id: Option<String>,
    resource_owner_account: Option<String>,
}

const fn wire_bool(flag: bool) -> &'static str {
    if flag { "true" } else { "false" }
}

impl Shared {
    pub(crate) fn flag_mut(&mut self, wire: &str) -> &mut Option<bool> {
        match wire {
            FORCE => &mut self.force,
            FORCE_STOP => &mut self.force_stop,
            TERMINATE_SUBSCRIPTION => &mut self.terminate_subscription,
            _ => &mut self.dry_run,
        }
    }

    pub(crate) fn text_mut(&mut self, wire: &str) -> &mut Option<String> {
        match wire {
            OWNER_ID => &mut self.owner_id,
            OWNER_ACCOUNT => &mut self.owner_account,
            RESOURCE_OWNER_ID => &mut self.resource_owner_id,
            _ => &mut self.resource_owner_account,
        }
    }

    fn release_mode(&self) -> ReleaseMode {
        match (self.force, self.force_stop) {
            (Some(true), Some(false)) => ReleaseMode::ForceAfterShutdown,
            (Some(true), _) => ReleaseMode::Force,
            _ => ReleaseMode::WhenStopped,
        }
    }

    fn warnings(&self) -> Vec<Warning> {
        let mut out = Vec::new();
        if self.force_stop.is_some() && self.force != Some(true) {
            out.push(Warning::ForceStopWithoutForce);
        }
        out
    }

    fn param_count(&self) -> usize {
        [
            self.force,
            self.force_stop,
            self.terminate_subscription,
            self.dry_run,
        ]
        .iter()
        .filter(|f| f.is_some())
        .count()
            + [
                &self.owner_id,
                &self.owner_account,
                &self.resource_owner_id,
                &self.resource_owner_account,
            ]
            .iter()
            .filter(|t| t.is_some())
            .count()
    }

    /// `DryRun`, `Force`, `ForceStop`: the shared names that sort before `InstanceId`.
    #[inline]
    fn visit_flags<'a, S: ParamSink<'a>>(&'a self, sink: &mut S) {
        flag(sink, P_DRY_RUN, self.dry_run);
        flag(sink, P_FORCE, self.force);
        flag(sink, P_FORCE_STOP, self.force_stop);
    }

    /// `OwnerAccount`, `OwnerId`: between the instance ids and `RegionId`.
    #[inline]
    fn visit_owner<'a, S: ParamSink<'a>>(&'a self, sink: &mut S) {
        text(sink, P_OWNER_ACCOUNT, &self.owner_account);
        text(sink, P_OWNER_ID, &self.owner_id);
    }

    /// `ResourceOwnerAccount`, `ResourceOwnerId`, `TerminateSubscription`: after `RegionId`.
    #[inline]
    fn visit_after_region<'a, S: ParamSink<'a>>(&'a self, sink: &mut S) {
        text(sink, P_RESOURCE_OWNER_ACCOUNT, &self.resource_owner_account);
        text(sink, P_RESOURCE_OWNER_ID, &self.resource_owner_id);
        flag(sink, P_TERMINATE_SUBSCRIPTION, self.terminate_subscription);
    }
}

/// Hands a flag that is set to `sink`, as `true` or `false`.
#[inline(always)]
fn flag<'a, S: ParamSink<'a>>(sink: &mut S, param: Param, flag: Option<bool>) {
    if let Some(flag) = flag {
        sink.param(param, wire_bool(flag));
    }
}

/// Hands a text that is set to `sink`.
#[inline(always)]
fn text<'a, S: ParamSink<'a>>(sink: &mut S, param: Param, text: &'a Option<String>) {
    if let Some(text) = text {
        sink.param(param, text);
    }
}

/// The accessors both operations share.
macro_rules! shared_accessors {
    () => {
        /// How a Running instance is treated.
        pub fn release_mode(&self) -> $crate::request::ReleaseMode {
            self.shared.release_mode()
        }
        /// `TerminateSubscription`, when sent.
        pub fn terminate_subscription(&self) -> Option<bool> {
            self.shared.terminate_subscription
        }
        /// `DryRun`, when sent.
        pub fn dry_run(&self) -> Option<bool> {
            self.shared.dry_run
        }
        /// `OwnerId`, as sent (leading zeros kept).
        pub fn owner_id(&self) -> Option<&str> {
            self.shared.owner_id.as_deref()
        }
        /// `OwnerAccount`, when sent.
        pub fn owner_account(&self) -> Option<&str> {
            self.shared.owner_account.as_deref()
        }
        /// `ResourceOwnerId`, as sent (leading zeros kept).
        pub fn resource_owner_id(&self) -> Option<&str> {
            self.shared.resource_owner_id.as_deref()
        }
        /// `ResourceOwnerAccount`, when sent.
        pub fn resource_owner_account(&self) -> Option<&str> {
            self.shared.resource_owner_account.as_deref()
        }
    };
}
pub(crate) use shared_accessors;

/// Builds a [`DeleteInstance`] or a [`DeleteInstances`]; [`Builder::build`] checks everything at
/// once, with the same rules as [`decode`].
#[derive(Debug, Clone)]
#[must_use]
pub struct Builder<R> {
    params: Vec<(Cow<'static, str>, String)>,
    instance_ids: usize,
    op: PhantomData<fn() -> R>,
}

/// The operations a [`Builder`] can build.
pub trait Buildable: Operation + Sized {
    /// Decodes raw operation parameters into this operation.
    fn decode<N: AsRef<str>, V: AsRef<str>>(
        params: &[(N, V)],
    ) -> Result<Decoded<Self>, RequestError>;
}

impl<R: Buildable> Builder<R> {
    pub(crate) fn with(name: &'static str, value: String) -> Self {
        Builder {
            params: vec![(Cow::Borrowed(name), value)],
            instance_ids: 0,
            op: PhantomData,
        }
    }

    fn set(mut self, name: &'static str, value: Option<String>) -> Self {
        self.params.retain(|(n, _)| n != name);
        if let Some(value) = value {
            self.params.push((Cow::Borrowed(name), value));
        }
        self
    }

    /// `RegionId`.
    pub fn region_id(self, region_id: impl Into<String>) -> Self {
        self.set(REGION_ID, Some(region_id.into()))
    }

    /// How a Running instance is treated (`Force`, `ForceStop`).
    pub fn release_mode(self, mode: ReleaseMode) -> Self {
        let (force, force_stop) = match mode {
            ReleaseMode::WhenStopped => (None, None),
            ReleaseMode::Force => (Some(true), None),
            ReleaseMode::ForceAfterShutdown => (Some(true), Some(false)),
        };
        self.set(FORCE, force.map(|f| wire_bool(f).to_owned()))
            .set(FORCE_STOP, force_stop.map(|f| wire_bool(f).to_owned()))
    }

    /// `TerminateSubscription`: also release an expired subscription instance.
    pub fn terminate_subscription(self, terminate: bool) -> Self {
        self.set(
            TERMINATE_SUBSCRIPTION,
            Some(wire_bool(terminate).to_owned()),
        )
    }

    /// `DryRun`: check the request without releasing anything.
    pub fn dry_run(self, dry_run: bool) -> Self {
        self.set(DRY_RUN, Some(wire_bool(dry_run).to_owned()))
    }

    /// `OwnerId`.
    pub fn owner_id(self, owner_id: u64) -> Self {
        self.set(OWNER_ID, Some(owner_id.to_string()))
    }

    /// `OwnerAccount`.
    pub fn owner_account(self, account: impl Into<String>) -> Self {
        self.set(OWNER_ACCOUNT, Some(account.into()))
    }

    /// `ResourceOwnerId`.
    pub fn resource_owner_id(self, owner_id: u64) -> Self {
        self.set(RESOURCE_OWNER_ID, Some(owner_id.to_string()))
    }

    /// `ResourceOwnerAccount`.
    pub fn resource_owner_account(self, account: impl Into<String>) -> Self {
        self.set(RESOURCE_OWNER_ACCOUNT, Some(account.into()))
    }

    /// Checks every parameter and builds the request, or names the first problem.
    pub fn build(self) -> Result<R, RequestError> {
        R::decode(&self.params).map(|decoded| decoded.request)
    }
}

impl Builder<DeleteInstances> {
    /// Adds one instance id, as the next `InstanceId.N`.
    pub fn instance_id(mut self, instance_id: impl Into<String>) -> Self {
        self.instance_ids += 1;
        let name = match instance_id_name(self.instance_ids) {
            Some(name) => Cow::Borrowed(name),
            None => Cow::Owned(format!("{INSTANCE_ID_PREFIX}{}", self.instance_ids)),
        };
        self.params.push((name, instance_id.into()));
        self
    }

    /// Adds instance ids, in order.
    pub fn instance_ids<I: IntoIterator<Item = S>, S: Into<String>>(self, ids: I) -> Self {
        ids.into_iter().fold(self, Builder::instance_id)
    }

    /// `ClientToken`: keep the same token across the retries of one call.
    pub fn client_token(self, token: impl Into<String>) -> Self {
        self.set(CLIENT_TOKEN, Some(token.into()))
    }
}
