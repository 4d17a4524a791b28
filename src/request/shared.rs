//! The optional parameters both operations take.

use super::names::ParamName;
use super::{ParamVisitor, ReleaseMode, Warning};

/// The boolean parameters both operations take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flag {
    Force,
    ForceStop,
    TerminateSubscription,
    DryRun,
}

/// The owner parameters both operations take, kept as sent (named as on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[expect(clippy::enum_variant_names, reason = "the wire names")]
pub(crate) enum Owner {
    OwnerId,
    OwnerAccount,
    ResourceOwnerId,
    ResourceOwnerAccount,
}

impl Flag {
    pub(crate) const fn name(self) -> ParamName {
        match self {
            Flag::Force => ParamName::Force,
            Flag::ForceStop => ParamName::ForceStop,
            Flag::TerminateSubscription => ParamName::TerminateSubscription,
            Flag::DryRun => ParamName::DryRun,
        }
    }
}

impl Owner {
    pub(crate) const fn name(self) -> ParamName {
        match self {
            Owner::OwnerId => ParamName::OwnerId,
            Owner::OwnerAccount => ParamName::OwnerAccount,
            Owner::ResourceOwnerId => ParamName::ResourceOwnerId,
            Owner::ResourceOwnerAccount => ParamName::ResourceOwnerAccount,
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

pub(crate) const fn wire_bool(flag: bool) -> &'static str {
    if flag { "true" } else { "false" }
}

impl Shared {
    pub(crate) fn flag_mut(&mut self, flag: Flag) -> &mut Option<bool> {
        match flag {
            Flag::Force => &mut self.force,
            Flag::ForceStop => &mut self.force_stop,
            Flag::TerminateSubscription => &mut self.terminate_subscription,
            Flag::DryRun => &mut self.dry_run,
        }
    }

    pub(crate) fn owner_mut(&mut self, owner: Owner) -> &mut Option<String> {
        match owner {
            Owner::OwnerId => &mut self.owner_id,
            Owner::OwnerAccount => &mut self.owner_account,
            Owner::ResourceOwnerId => &mut self.resource_owner_id,
            Owner::ResourceOwnerAccount => &mut self.resource_owner_account,
        }
    }

    pub(crate) fn release_mode(&self) -> ReleaseMode {
        match (self.force, self.force_stop) {
            (Some(true), Some(false)) => ReleaseMode::ForceAfterShutdown,
            (Some(true), _) => ReleaseMode::Force,
            _ => ReleaseMode::WhenStopped,
        }
    }

    pub(crate) fn terminate_subscription(&self) -> Option<bool> {
        self.terminate_subscription
    }

    pub(crate) fn dry_run(&self) -> Option<bool> {
        self.dry_run
    }

    pub(crate) fn owner(&self, owner: Owner) -> Option<&str> {
        match owner {
            Owner::OwnerId => self.owner_id.as_deref(),
            Owner::OwnerAccount => self.owner_account.as_deref(),
            Owner::ResourceOwnerId => self.resource_owner_id.as_deref(),
            Owner::ResourceOwnerAccount => self.resource_owner_account.as_deref(),
        }
    }

    pub(crate) fn warnings(&self) -> Vec<Warning> {
        let mut out = Vec::new();
        if self.force_stop.is_some() && self.force != Some(true) {
            out.push(Warning::ForceStopWithoutForce);
        }
        out
    }

    pub(crate) fn param_count(&self) -> usize {
        let flags = [
            self.force,
            self.force_stop,
            self.terminate_subscription,
            self.dry_run,
        ];
        let owners = [
            &self.owner_id,
            &self.owner_account,
            &self.resource_owner_id,
            &self.resource_owner_account,
        ];
        flags.iter().filter(|f| f.is_some()).count() + owners.iter().filter(|t| t.is_some()).count()
    }

    /// Hands every parameter that is set to `visitor`, booleans as `true` or `false`.
    #[inline(always)]
    pub(crate) fn visit<'a, V: ParamVisitor<'a>>(&'a self, visitor: &mut V) {
        #[inline(always)]
        fn flag<'a, V: ParamVisitor<'a>>(visitor: &mut V, flag: Flag, value: Option<bool>) {
            if let Some(value) = value {
                visitor.param(flag.name(), wire_bool(value));
            }
        }
        #[inline(always)]
        fn owner<'a, V: ParamVisitor<'a>>(
            visitor: &mut V,
            owner: Owner,
            value: &'a Option<String>,
        ) {
            if let Some(value) = value {
                visitor.param(owner.name(), value);
            }
        }
        flag(visitor, Flag::DryRun, self.dry_run);
        flag(visitor, Flag::Force, self.force);
        flag(visitor, Flag::ForceStop, self.force_stop);
        flag(
            visitor,
            Flag::TerminateSubscription,
            self.terminate_subscription,
        );
        owner(visitor, Owner::OwnerAccount, &self.owner_account);
        owner(visitor, Owner::OwnerId, &self.owner_id);
        owner(
            visitor,
            Owner::ResourceOwnerAccount,
            &self.resource_owner_account,
        );
        owner(visitor, Owner::ResourceOwnerId, &self.resource_owner_id);
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
            self.shared.terminate_subscription()
        }
        /// `DryRun`, when sent.
        pub fn dry_run(&self) -> Option<bool> {
            self.shared.dry_run()
        }
        /// `OwnerId`, as sent (leading zeros kept).
        pub fn owner_id(&self) -> Option<&str> {
            self.shared.owner($crate::request::shared::Owner::OwnerId)
        }
        /// `OwnerAccount`, when sent.
        pub fn owner_account(&self) -> Option<&str> {
            self.shared
                .owner($crate::request::shared::Owner::OwnerAccount)
        }
        /// `ResourceOwnerId`, as sent (leading zeros kept).
        pub fn resource_owner_id(&self) -> Option<&str> {
            self.shared
                .owner($crate::request::shared::Owner::ResourceOwnerId)
        }
        /// `ResourceOwnerAccount`, when sent.
        pub fn resource_owner_account(&self) -> Option<&str> {
            self.shared
                .owner($crate::request::shared::Owner::ResourceOwnerAccount)
        }
    };
}
pub(crate) use shared_accessors;
