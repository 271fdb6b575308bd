//! How a replica of `n` GPUs splits a model: attention tensor-parallel
//! degree `ta` over `da` data-parallel attention groups (`ta × da = n`),
//! experts spread over all `n` GPUs by expert parallelism (degree `ep`,
//! each expert whole on `n / te` of them) or by tensor parallelism (expert
//! tensor-parallel degree `te = n / ep`); or whole layers per GPU (the
//! llama.cpp layer split).

use crate::error::{Error, Result};
use crate::spec::catalog::Parallelism;

/// The parallel layout a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LayoutRequest {
    /// Attention data-parallel groups (SGLang's `--enable-dp-attention`,
    /// TensorRT-LLM's attention DP): 1 when not given.
    pub attention_dp: Option<u32>,
    /// Expert-parallel degree: 1 when not given.
    pub expert_parallel: Option<u32>,
    /// Whether communication overlaps compute (two-batch overlap).
    pub comm_overlap: bool,
}

/// A replica's layout.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Layout {
    pub n: f64,
    pub ta: f64,
    pub da: f64,
    pub ep: f64,
    pub layer_split: bool,
    pub overlap: bool,
    /// GPUs of one link domain.
    pub node: f64,
}

impl Layout {
    /// The layout of `n` GPUs in `node`-GPU servers.
    ///
    /// # Errors
    /// A data-parallel or expert-parallel degree that does not divide `n`,
    /// naming the field.
    pub fn new(n: u32, node: f64, parallelism: Parallelism, request: LayoutRequest) -> Result<Layout> {
        let da = request.attention_dp.unwrap_or(1);
        let ep = request.expert_parallel.unwrap_or(1);
        for (v, field) in [(da, "attention_dp"), (ep, "expert_parallel")] {
            if v == 0 || !n.is_multiple_of(v) {
                return Err(Error::invalid(
                    field,
                    format!("must divide the {n} GPUs of the replica, found {v}"),
                ));
            }
        }
        let layer_split = parallelism == Parallelism::Layer;
        if layer_split && (da > 1 || ep > 1) {
            return Err(Error::invalid(
                "attention_dp",
                "a layer-split engine has no data-parallel attention or expert parallelism",
            ));
        }
        let n = f64::from(n);
        Ok(Layout {
            n,
            ta: n / f64::from(da),
            da: f64::from(da),
            ep: f64::from(ep),
            layer_split,
            overlap: request.comm_overlap,
            node,
        })
    }
}
