//! The operation: each named instance checked in the contract's order, then released with its
//! effects on disks, snapshots and EIPs, all or nothing; and the idempotence memory of
//! DeleteInstances with a ClientToken.

use std::collections::{HashMap, VecDeque};

use super::reply::Refusal;
use super::state::{ChargeType, Dependency, LockReason, SnapshotKind, State, Status};
use crate::request::{Action, Operation, ReleaseMode, Request};

/// What a request that passed every check does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Done {
    /// Released these instances (empty for an idempotent repeat).
    Released(Vec<String>),
    /// A dry run whose every check passed: nothing changed.
    DryRun,
}

/// Runs the operation of a verified request against `state`.
pub(crate) fn run(request: &Request, state: &mut State) -> Result<Done, Refusal> {
    let (ids, region, mode, terminate, dry_run): (Vec<&str>, Option<&str>, _, _, _) = match request
    {
        Request::DeleteInstance(r) => (
            vec![r.instance_id()],
            r.region_id(),
            r.release_mode(),
            r.terminate_subscription(),
            r.dry_run(),
        ),
        Request::DeleteInstances(r) => (
            r.instance_ids().iter().collect(),
            r.region_id(),
            r.release_mode(),
            r.terminate_subscription(),
            r.dry_run(),
        ),
    };
    let action = request.action();
    let force = mode != ReleaseMode::WhenStopped;
    let terminate = terminate == Some(true);
    for id in &ids {
        check(state, action, id, region, force, terminate)?;
    }
    if dry_run == Some(true) {
        return Ok(Done::DryRun);
    }
    for id in &ids {
        release(state, id);
    }
    Ok(Done::Released(
        ids.iter().map(|id| (*id).to_owned()).collect(),
    ))
}

/// The checks of one instance, in the contract's order (section 5); the first failure answers.
fn check(
    state: &State,
    action: Action,
    id: &str,
    region: Option<&str>,
    force: bool,
    terminate: bool,
) -> Result<(), Refusal> {
    let Some(instance) = state
        .instances
        .iter()
        .find(|i| i.instance_id == id && region.is_none_or(|r| r == i.region_id))
    else {
        let code = match action {
            Action::DeleteInstance => "InvalidInstanceId.NotFound",
            Action::DeleteInstances => "InvalidInstanceIds.NotFound",
        };
        return Err(Refusal::new(
            404,
            code,
            format!("The specified instance {id} does not exist."),
        ));
    };
    if instance.status == Status::Pending {
        return Err(Refusal::new(
            403,
            "IncorrectInstanceStatus.Initializing",
            "The specified instance is in the initializing state.",
        ));
    }
    if instance.deletion_protection {
        return Err(Refusal::new(
            403,
            "InvalidOperation.DeletionProtection",
            format!("The operation is not allowed due to deletion protection of instance {id}."),
        ));
    }
    if instance.charge_type == ChargeType::PrePaid && !instance.expired {
        return Err(Refusal::new(
            403,
            "ChargeTypeViolation",
            "The operation is not permitted due to charge type of the instance.",
        ));
    }
    if instance.charge_type == ChargeType::PrePaid && instance.expired && !terminate {
        return Err(Refusal::new(
            403,
            "ChargeTypeViolation",
            "The subscription instance has expired: set TerminateSubscription to release it.",
        ));
    }
    match instance.dependency {
        Some(Dependency::SlbConfiguring) => {
            return Err(Refusal::new(
                400,
                "DependencyViolation.SLBConfiguring",
                "The specified operation is denied as your slb is configuring.",
            ));
        }
        Some(Dependency::RouteEntry) => {
            return Err(Refusal::new(
                400,
                "DependencyViolation.RouteEntry",
                "The instance is the next hop of a route entry.",
            ));
        }
        Some(Dependency::EniLinked) => {
            return Err(Refusal::new(
                403,
                "InvalidOperation.EniLinked",
                "The instance has a secondary network interface attached.",
            ));
        }
        Some(Dependency::SystemInstance) => {
            return Err(Refusal::new(
                403,
                "OperationDenied.SystemInstanceNotSupport",
                "The operation is not supported for a system instance.",
            ));
        }
        None => {}
    }
    let busy = matches!(instance.status, Status::Starting | Status::Stopping);
    if busy || (instance.status == Status::Running && !force) {
        return Err(Refusal::new(
            403,
            "IncorrectInstanceStatus",
            "The current status of the resource does not support this operation.",
        ));
    }
    Ok(())
}

/// Releases one instance, with the effects of section 5 on its disks, snapshots and EIPs.
fn release(state: &mut State, id: &str) {
    let Some(at) = state.instances.iter().position(|i| i.instance_id == id) else {
        return;
    };
    let instance = state.instances.remove(at);
    let locked = instance.lock_reasons.contains(&LockReason::Security);
    let mut released_disks = Vec::new();
    state.disks.retain_mut(|disk| {
        if disk.instance_id.as_deref() != Some(id) {
            return true;
        }
        if disk.delete_with_instance || locked {
            released_disks.push((disk.disk_id.clone(), disk.delete_auto_snapshot));
            return false;
        }
        disk.instance_id = None;
        disk.charge_type = ChargeType::PostPaid;
        true
    });
    state.snapshots.retain(|s| {
        s.kind == SnapshotKind::User
            || !released_disks
                .iter()
                .any(|(disk, drop_auto)| *drop_auto && s.disk_id == *disk)
    });
    for eip in &mut state.eips {
        if eip.instance_id.as_deref() == Some(id) {
            eip.instance_id = None;
        }
    }
}

/// The idempotence memory: (AccessKeyId, ClientToken) to the operation parameters of the
/// request that succeeded with them; at most `capacity` keys, the oldest dropped first.
#[derive(Debug, Clone)]
pub(crate) struct Idempotence {
    recorded: HashMap<(String, String), Vec<(String, String)>>,
    order: VecDeque<(String, String)>,
    capacity: usize,
}

impl Default for Idempotence {
    fn default() -> Self {
        Idempotence::with_capacity(100_000)
    }
}

/// What the memory says of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Memory {
    /// Nothing recorded for its key.
    New,
    /// The same request succeeded before.
    Repeat,
    /// Another request succeeded with this key.
    Mismatch,
}

impl Idempotence {
    pub(crate) fn with_capacity(capacity: usize) -> Idempotence {
        Idempotence {
            recorded: HashMap::new(),
            order: VecDeque::new(),
            capacity,
        }
    }

    pub(crate) fn recall(&self, key_id: &str, token: &str, params: &[(String, String)]) -> Memory {
        match self.recorded.get(&(key_id.to_owned(), token.to_owned())) {
            None => Memory::New,
            Some(recorded) if recorded == params => Memory::Repeat,
            Some(_) => Memory::Mismatch,
        }
    }

    pub(crate) fn record(&mut self, key_id: &str, token: &str, params: Vec<(String, String)>) {
        let key = (key_id.to_owned(), token.to_owned());
        if self.recorded.insert(key.clone(), params).is_none() {
            self.order.push_back(key);
        }
        while self.order.len() > self.capacity {
            if let Some(oldest) = self.order.pop_front() {
                self.recorded.remove(&oldest);
            }
        }
    }

    /// How many keys are kept.
    pub(crate) fn len(&self) -> usize {
        self.recorded.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memory_is_bounded_and_drops_the_oldest() {
        let mut m = Idempotence::with_capacity(2);
        let p = |v: &str| vec![("InstanceId.1".to_owned(), v.to_owned())];
        m.record("k", "t1", p("a"));
        m.record("k", "t2", p("b"));
        m.record("k", "t3", p("c"));
        assert_eq!(m.len(), 2);
        assert_eq!(m.recall("k", "t1", &p("a")), Memory::New);
        assert_eq!(m.recall("k", "t3", &p("c")), Memory::Repeat);
        assert_eq!(m.recall("k", "t3", &p("x")), Memory::Mismatch);
        assert_eq!(m.recall("other", "t3", &p("c")), Memory::New);
    }
}
