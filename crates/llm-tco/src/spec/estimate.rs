//! The estimate request: one model on one replica of GPUs, as a document
//! (JSON from JavaScript, flags from the command line).

use crate::codec::{self, Format};
use crate::error::Result;
use crate::spec::calibration::OutputLengths;
use serde::{Deserialize, Serialize};

/// An estimate request, as a document (JSON from JavaScript, flags from the
/// command line).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EstimateInput {
    /// Catalog model id.
    pub model: String,
    /// Catalog GPU id.
    pub gpu: String,
    /// GPUs of the replica.
    pub gpus: u32,
    /// Weight format (`bf16`, `fp8`, `nvfp4`, `mxfp4`, `awq_int4`,
    /// `gguf_q4_0`, `gguf_q4_k_m`, ...).
    pub weights: String,
    /// KV-cache format (`fp16`, `fp8`, `int8`, `int4`).
    pub kv_cache: String,
    /// Mean input tokens per request.
    pub input_tokens: u64,
    /// Mean output tokens per request.
    pub output_tokens: u64,
    /// Concurrent users for the per-user figures and the time to first
    /// token (default 1); above what the engine batches, requests wait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<u32>,
    /// Engine profile id (default `vllm`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    /// Least output tokens per second each user must see.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_output_tokens_per_s_per_user: Option<f64>,
    /// Longest time to first token, ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_ttft_ms: Option<f64>,
    /// Format of the routed experts of a mixture of experts, when it
    /// differs from `weights`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expert_weights: Option<String>,
    /// Format of the linear layers outside the routed experts, when it
    /// differs from `weights` (an FP4 mixture of experts keeps them at
    /// BF16 unless this says otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dense_weights: Option<String>,
    /// Attention data-parallel groups (SGLang `--enable-dp-attention`,
    /// TensorRT-LLM attention DP); must divide `gpus` (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attention_dp: Option<u32>,
    /// Expert-parallel degree of a mixture of experts; must divide `gpus`
    /// (default 1: experts split by tensor parallelism).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expert_parallel: Option<u32>,
    /// How output lengths are spread: `fixed` (default) or `variable`
    /// (chat traffic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_lengths: Option<OutputLengths>,
    /// The engine's batch limit (`--max-num-seqs`), when the server sets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_batch: Option<u32>,
    /// Asynchronous scheduling (vLLM `--async-scheduling`), when the server
    /// sets it differently from the profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub async_scheduling: Option<bool>,
}

impl EstimateInput {
    /// A request for `gpus` × `gpu` serving `model` in `weights` with a
    /// 16-bit KV cache, `input_tokens` in and `output_tokens` out; every
    /// other field at its default.
    pub fn new(
        model: impl Into<String>,
        gpu: impl Into<String>,
        gpus: u32,
        weights: impl Into<String>,
        input_tokens: u64,
        output_tokens: u64,
    ) -> EstimateInput {
        EstimateInput {
            model: model.into(),
            gpu: gpu.into(),
            gpus,
            weights: weights.into(),
            kv_cache: "fp16".into(),
            input_tokens,
            output_tokens,
            concurrency: None,
            engine: None,
            min_output_tokens_per_s_per_user: None,
            max_ttft_ms: None,
            expert_weights: None,
            dense_weights: None,
            attention_dp: None,
            expert_parallel: None,
            output_lengths: None,
            max_batch: None,
            async_scheduling: None,
        }
    }

    /// Parses a request document (JSON or TOML).
    ///
    /// # Errors
    /// A syntax error or unknown field, with its path.
    pub fn parse(text: &str, format: Format) -> Result<EstimateInput> {
        codec::parse(text, format)
    }
}
