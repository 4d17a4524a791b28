//! Why a request was refused.

use std::fmt;

use super::Action;

/// A request that cannot be sent: the first problem in the order the conformance schema fixes
/// (names, then presence, then values, then duplicate instance ids).
///
/// Each variant names the parameter at fault by its wire name (`InstanceId.3`, `ClientToken`),
/// and [`RequestError::code`] gives the stable code the conformance suite compares.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// The action does not define a parameter of this name (names are case-sensitive, and
    /// DeleteInstance takes no `InstanceId.N`).
    #[error("{action} takes no parameter `{parameter}`")]
    UnknownParameter {
        /// The action being decoded.
        action: Action,
        /// The name as it was given.
        parameter: String,
    },
    /// The same parameter name was given more than once.
    #[error("parameter `{parameter}` is given more than once")]
    RepeatedParameter {
        /// The repeated name.
        parameter: String,
    },
    /// An `InstanceId.N` name whose index is not a plain decimal from 1 (`InstanceId.0`,
    /// `InstanceId.01`, `InstanceId.x`, `InstanceId.`).
    #[error(
        "`{parameter}` is not a valid name: the index must be a decimal from 1 to 100 without leading zeros"
    )]
    InvalidParameterName {
        /// The name as it was given.
        parameter: String,
    },
    /// An `InstanceId.N` whose index is above 100, or more than 100 instance ids.
    #[error("`{parameter}` is beyond the limit of 100 instance ids")]
    TooManyInstanceIds {
        /// The first name beyond the limit.
        parameter: String,
    },
    /// A required parameter is absent.
    #[error("required parameter `{parameter}` is missing")]
    MissingParameter {
        /// The missing name (`InstanceId.1` when no `InstanceId.N` is present at all).
        parameter: String,
    },
    /// The `InstanceId.N` indices do not run from 1 without a gap.
    #[error("instance ids must be numbered 1, 2, 3… without gaps, but `{parameter}` is missing")]
    InstanceIdIndexGap {
        /// The first missing index.
        parameter: String,
    },
    /// An instance id that breaks the value rule.
    #[error("`{parameter}` is not a valid instance id: {problem}")]
    InvalidInstanceId {
        /// `InstanceId` or `InstanceId.N`.
        parameter: String,
        /// The rule it breaks.
        problem: ValueProblem,
    },
    /// A region id that breaks the value rule.
    #[error("`RegionId` is not a valid region id: {problem}")]
    InvalidRegionId {
        /// The rule it breaks.
        problem: ValueProblem,
    },
    /// A client token that breaks the value rule.
    #[error("`ClientToken` is not a valid client token: {problem}")]
    InvalidClientToken {
        /// The rule it breaks.
        problem: ValueProblem,
    },
    /// A boolean parameter whose value is not `true` or `false` (in any case).
    #[error("`{parameter}` must be `true` or `false`")]
    InvalidBoolean {
        /// The boolean parameter.
        parameter: String,
    },
    /// An owner id that is not a decimal from 0 to 2^63-1.
    #[error("`{parameter}` is not a valid integer: {problem}")]
    InvalidInteger {
        /// `OwnerId` or `ResourceOwnerId`.
        parameter: String,
        /// The rule it breaks.
        problem: ValueProblem,
    },
    /// The same instance id appears twice; the copy with the higher index is reported.
    #[error("`{parameter}` repeats the instance id already given as `{first}`")]
    DuplicateInstanceId {
        /// The later copy.
        parameter: String,
        /// The earlier copy.
        first: String,
    },
}

impl RequestError {
    /// The stable code of the conformance schema (`invalid_instance_id`, …).
    pub fn code(&self) -> &'static str {
        match self {
            RequestError::UnknownParameter { .. } => "unknown_parameter",
            RequestError::RepeatedParameter { .. } => "repeated_parameter",
            RequestError::InvalidParameterName { .. } => "invalid_parameter_name",
            RequestError::TooManyInstanceIds { .. } => "too_many_instance_ids",
            RequestError::MissingParameter { .. } => "missing_parameter",
            RequestError::InstanceIdIndexGap { .. } => "instance_id_index_gap",
            RequestError::InvalidInstanceId { .. } => "invalid_instance_id",
            RequestError::InvalidRegionId { .. } => "invalid_region_id",
            RequestError::InvalidClientToken { .. } => "invalid_client_token",
            RequestError::InvalidBoolean { .. } => "invalid_boolean",
            RequestError::InvalidInteger { .. } => "invalid_integer",
            RequestError::DuplicateInstanceId { .. } => "duplicate_instance_id",
        }
    }

    /// The wire name of the parameter at fault.
    pub fn parameter(&self) -> Option<&str> {
        match self {
            RequestError::UnknownParameter { parameter, .. }
            | RequestError::RepeatedParameter { parameter }
            | RequestError::InvalidParameterName { parameter }
            | RequestError::TooManyInstanceIds { parameter }
            | RequestError::MissingParameter { parameter }
            | RequestError::InstanceIdIndexGap { parameter }
            | RequestError::InvalidInstanceId { parameter, .. }
            | RequestError::InvalidBoolean { parameter }
            | RequestError::InvalidInteger { parameter, .. }
            | RequestError::DuplicateInstanceId { parameter, .. } => Some(parameter),
            RequestError::InvalidRegionId { .. } => Some(super::names::REGION_ID),
            RequestError::InvalidClientToken { .. } => Some(super::names::CLIENT_TOKEN),
        }
    }
}

/// Which value rule a parameter breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValueProblem {
    /// The value is empty.
    Empty,
    /// The value is longer than the rule allows.
    TooLong {
        /// Its length in characters.
        len: usize,
        /// The most the rule allows.
        max: usize,
    },
    /// The value holds a character the rule does not allow.
    ForbiddenChar {
        /// The character.
        ch: char,
        /// Its byte offset in the value.
        at: usize,
        /// The characters the rule allows.
        allowed: &'static str,
    },
    /// The value does not have the required shape.
    Shape {
        /// The shape, as a regular expression.
        pattern: &'static str,
    },
    /// The number is above 2^63-1.
    OutOfRange,
}

impl fmt::Display for ValueProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueProblem::Empty => f.write_str("it is empty"),
            ValueProblem::TooLong { len, max } => {
                write!(f, "it is {len} characters long, the most allowed is {max}")
            }
            ValueProblem::ForbiddenChar { ch, at, allowed } => {
                write!(f, "{ch:?} at byte {at} is not allowed (allowed: {allowed})")
            }
            ValueProblem::Shape { pattern } => write!(f, "it does not match {pattern}"),
            ValueProblem::OutOfRange => f.write_str("it is above 9223372036854775807"),
        }
    }
}
