//! The builders of both operations: they collect raw parameters and check them all at once,
//! with the rules of [`super::decode`].

use std::borrow::Cow;
use std::marker::PhantomData;

use super::DeleteInstances;
use super::names::*;
use super::shared::wire_bool;
use super::{Decoded, Operation, ReleaseMode, RequestError};

/// Builds a [`DeleteInstance`](super::DeleteInstance) or a [`DeleteInstances`]; [`Builder::build`] checks everything at
/// once, with the same rules as [`decode`](super::decode).
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
