//! The ECS DeleteInstance / DeleteInstances conformance suite as a library: the one reader of
//! vector files ([`vectors`]), the table of suites ([`suite`]), comparison ([`compare`]), the
//! runner ([`runner`]) with its adapter protocol ([`adapter`]) and its report ([`report`]), and
//! the one HTTP client ([`client`]) that drives an emulator.
//!
//! The format and every rule are specified in `conformance/SPEC.md`; the `ecs-conformance`
//! binary is a thin command line over this crate.

pub mod adapter;
mod builtin;
pub mod client;
pub mod compare;
pub mod output;
pub mod report;
pub mod runner;
pub mod suite;
pub mod vectors;
