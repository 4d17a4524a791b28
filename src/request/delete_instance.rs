//! DeleteInstance: release one instance.

use super::ParamVisitor;
use super::decode::{Fields, decode_fields};
use super::names::INSTANCE_ID;
use super::names::ParamName;
use super::sealed::Sealed;
use super::{
    Action, Buildable, Builder, Decoded, Operation, RequestError, Shared, shared_accessors,
};

/// A validated DeleteInstance request.
///
/// ```
/// use aliyun_ecs_delete::request::{DeleteInstance, ReleaseMode};
/// let request = DeleteInstance::builder("i-bp1g6zv0ce8oghu7k2zz")
///     .region_id("cn-hangzhou")
///     .release_mode(ReleaseMode::Force)
///     .build()?;
/// assert_eq!(request.instance_id(), "i-bp1g6zv0ce8oghu7k2zz");
/// # Ok::<(), aliyun_ecs_delete::request::RequestError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteInstance {
    instance_id: String,
    region_id: Option<String>,
    shared: Shared,
}

impl DeleteInstance {
    /// Starts a request for the instance `instance_id`.
    pub fn builder(instance_id: impl Into<String>) -> Builder<DeleteInstance> {
        Builder::with(INSTANCE_ID, instance_id.into())
    }

    /// `InstanceId`.
    pub fn instance_id(&self) -> &str {
        &self.instance_id
    }

    shared_accessors!();
}

impl Buildable for DeleteInstance {
    fn decode<N: AsRef<str>, V: AsRef<str>>(
        params: &[(N, V)],
    ) -> Result<Decoded<Self>, RequestError> {
        Ok(DeleteInstance::from_fields(&mut decode_fields(
            Action::DeleteInstance,
            params,
        )?))
    }
}

impl DeleteInstance {
    /// The typed request of fields the rules accepted.
    pub(crate) fn from_fields(fields: &mut Fields<'_>) -> Decoded<DeleteInstance> {
        let warnings = fields.shared.warnings();
        let request = DeleteInstance {
            instance_id: fields
                .instance_id
                .expect("invariant: decode_fields requires InstanceId")
                .to_owned(),
            region_id: fields.region_id.map(str::to_owned),
            shared: std::mem::take(&mut fields.shared),
        };
        Decoded { request, warnings }
    }
}

impl Sealed for DeleteInstance {
    #[inline(always)]
    fn visit_params<'a, V: ParamVisitor<'a>>(&'a self, visitor: &mut V) {
        visitor.param(ParamName::InstanceId, &self.instance_id);
        if let Some(region) = &self.region_id {
            visitor.param(ParamName::RegionId, region);
        }
        self.shared.visit(visitor);
    }

    fn param_count(&self) -> usize {
        1 + usize::from(self.region_id.is_some()) + self.shared.param_count()
    }
}

impl Operation for DeleteInstance {
    fn action(&self) -> Action {
        Action::DeleteInstance
    }

    fn region_id(&self) -> Option<&str> {
        self.region_id.as_deref()
    }

    fn instance_count(&self) -> usize {
        1
    }
}
