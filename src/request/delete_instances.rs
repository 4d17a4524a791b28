//! DeleteInstances: release 1 to 100 instances of one region.

use super::decode::{Fields, decode_fields};
use super::names::ParamName;
use super::names::REGION_ID;
use super::sealed::Sealed;
use super::{
    Action, Buildable, Builder, Decoded, Operation, RequestError, Shared, shared_accessors,
};
use super::{InstanceIds, ParamVisitor};

/// A validated DeleteInstances request: 1 to 100 distinct instance ids, sent as
/// `InstanceId.1`..`InstanceId.N`.
///
/// ```
/// use aliyun_ecs_delete::request::DeleteInstances;
/// let request = DeleteInstances::builder("cn-hangzhou")
///     .instance_ids(["i-bp1g6zv0ce8oghu7k2zz", "i-bp1g6zv0ce8oghu7k3aa"])
///     .client_token("123e4567-e89b-12d3-a456-426655440000")
///     .build()?;
/// assert_eq!(request.instance_ids().len(), 2);
/// # Ok::<(), aliyun_ecs_delete::request::RequestError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteInstances {
    region_id: String,
    instance_ids: InstanceIds,
    client_token: Option<String>,
    shared: Shared,
}

impl DeleteInstances {
    /// Starts a request in `region_id`; add instance ids with [`Builder::instance_id`] or
    /// [`Builder::instance_ids`].
    pub fn builder(region_id: impl Into<String>) -> Builder<DeleteInstances> {
        Builder::with(REGION_ID, region_id.into())
    }

    /// The instance ids, in `InstanceId.N` order.
    pub fn instance_ids(&self) -> &InstanceIds {
        &self.instance_ids
    }

    /// `ClientToken`, when sent.
    pub fn client_token(&self) -> Option<&str> {
        self.client_token.as_deref()
    }

    shared_accessors!();
}

impl Buildable for DeleteInstances {
    fn decode<N: AsRef<str>, V: AsRef<str>>(
        params: &[(N, V)],
    ) -> Result<Decoded<Self>, RequestError> {
        Ok(DeleteInstances::from_fields(&mut decode_fields(
            Action::DeleteInstances,
            params,
        )?))
    }
}

impl DeleteInstances {
    /// The typed request of fields the rules accepted.
    pub(crate) fn from_fields(fields: &mut Fields<'_>) -> Decoded<DeleteInstances> {
        let warnings = fields.shared.warnings();
        let request = DeleteInstances {
            region_id: fields
                .region_id
                .expect("invariant: decode_fields requires RegionId for DeleteInstances")
                .to_owned(),
            instance_ids: InstanceIds::from_checked(fields.instance_ids().iter().copied()),
            client_token: fields.client_token.map(str::to_owned),
            shared: std::mem::take(&mut fields.shared),
        };
        Decoded { request, warnings }
    }
}

impl Sealed for DeleteInstances {
    #[inline(always)]
    fn visit_params<'a, V: ParamVisitor<'a>>(&'a self, visitor: &mut V) {
        visitor.param(ParamName::RegionId, &self.region_id);
        visitor.numbered_instance_ids(&self.instance_ids);
        if let Some(token) = &self.client_token {
            visitor.param(ParamName::ClientToken, token);
        }
        self.shared.visit(visitor);
    }

    fn param_count(&self) -> usize {
        1 + self.instance_ids.len()
            + usize::from(self.client_token.is_some())
            + self.shared.param_count()
    }
}

impl Operation for DeleteInstances {
    fn action(&self) -> Action {
        Action::DeleteInstances
    }

    fn region_id(&self) -> Option<&str> {
        Some(&self.region_id)
    }

    fn instance_count(&self) -> usize {
        self.instance_ids.len()
    }
}
