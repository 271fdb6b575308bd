//! The estimate request: one model on one replica of GPUs, as a document
//! (JSON from JavaScript, flags from the command line).

use crate::codec::{self, Format};
use crate::error::Result;
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
    /// Weight format (`bf16`, `fp8`, `awq_int4`, `gguf_q4_k_m`, ...).
    pub weights: String,
    /// KV-cache format (`fp16`, `fp8`, `int8`, `int4`).
    pub kv_cache: String,
    /// Mean input tokens per request.
    pub input_tokens: u64,
    /// Mean output tokens per request.
    pub output_tokens: u64,
    /// Concurrent requests for the per-user figures (default 1).
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
}

impl EstimateInput {
    /// Parses a request document (JSON or TOML).
    ///
    /// # Errors
    /// A syntax error or unknown field, with its path.
    pub fn parse(text: &str, format: Format) -> Result<EstimateInput> {
        codec::parse(text, format)
    }
}
