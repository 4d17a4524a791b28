//! A request's parameters as both signers walk them: dropped into slots by name (no
//! comparison), then handed over in canonical order.

use super::order::{NUMBERED_IN_ORDER, OPERATION_PARAMS, P_INSTANCE_ID, Param};
use crate::request::{InstanceIds, Operation, ParamName, ParamVisitor};

/// Receives parameters in canonical order.
pub(super) trait Sink<'a> {
    /// One parameter.
    fn param(&mut self, param: Param, value: &'a str);

    /// Parameters of one rank whose values are plain, in canonical order: the numbered
    /// instance ids.
    #[inline]
    fn plain_run(&mut self, run: impl Iterator<Item = (Param, &'a str)>) {
        for (param, value) in run {
            self.param(param, value);
        }
    }
}

/// A request's parameters, each in the slot of its name: the request hands them over in any
/// order, and the slots are walked in canonical order.
pub(super) struct Collected<'a> {
    slots: [Option<&'a str>; OPERATION_PARAMS.len()],
    numbered: Option<&'a InstanceIds>,
}

impl<'a> ParamVisitor<'a> for Collected<'a> {
    #[inline]
    fn param(&mut self, name: ParamName, value: &'a str) {
        self.slots[name as usize] = Some(value);
    }

    #[inline]
    fn numbered_instance_ids(&mut self, ids: &'a InstanceIds) {
        self.numbered = Some(ids);
    }
}

impl<'a> Collected<'a> {
    #[inline]
    pub(super) fn of<R: Operation + ?Sized>(request: &'a R) -> Collected<'a> {
        let mut collected = Collected {
            slots: [None; OPERATION_PARAMS.len()],
            numbered: None,
        };
        request.visit_params(&mut collected);
        collected
    }

    /// Hands every parameter to `sink` in canonical order: the slots in the order of their
    /// names, the numbered ids in the bytewise order of theirs, where `InstanceId` stands.
    /// Written out slot by slot, so that each call sees its parameter as a constant once
    /// inlined (whether its value is plain is then known at compile time).
    #[inline(always)]
    pub(super) fn in_canonical_order<S: Sink<'a>>(&self, sink: &mut S) {
        macro_rules! slots {
            ($($i:literal)*) => {$(
                if let Some(value) = self.slots[$i] {
                    sink.param(OPERATION_PARAMS[$i], value);
                }
            )*};
        }
        slots!(0 1 2 3 4);
        if let Some(ids) = self.numbered {
            sink.plain_run(
                NUMBERED_IN_ORDER
                    .iter()
                    .filter_map(|&(index, param)| Some((param, ids.get(index - 1)?))),
            );
        }
        slots!(5 6 7 8 9 10);
    }
}

// The numbered ids stand right after `InstanceId`, the slot the walk above puts them after.
const _: () = assert!(OPERATION_PARAMS[4].rank == P_INSTANCE_ID.rank);
const _: () = assert!(OPERATION_PARAMS.len() == 11);
