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
            sink.plain_run(NumberedInOrder { ids, next: 0 });
        }
        slots!(5 6 7 8 9 10);
    }
}

/// The numbered ids in the bytewise order of their names. A named iterator whose `next` is
/// always inlined: as a `filter_map` closure, the compiler sometimes left it as a call per id
/// (3% of a 100-id signature, from an unrelated change elsewhere in the crate).
struct NumberedInOrder<'a> {
    ids: &'a InstanceIds,
    next: usize,
}

impl<'a> Iterator for NumberedInOrder<'a> {
    type Item = (Param, &'a str);

    #[inline(always)]
    fn next(&mut self) -> Option<(Param, &'a str)> {
        while let Some(&(index, param)) = NUMBERED_IN_ORDER.get(self.next) {
            self.next += 1;
            if let Some(id) = self.ids.get(index - 1) {
                return Some((param, id));
            }
        }
        None
    }
}

// The numbered ids stand right after `InstanceId`, the slot the walk above puts them after.
const _: () = assert!(OPERATION_PARAMS[4].rank == P_INSTANCE_ID.rank);
const _: () = assert!(OPERATION_PARAMS.len() == 11);
