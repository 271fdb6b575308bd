//! The catalog file: API offers, GPUs, GPU prices, model architectures and
//! serving-engine profiles, each entry with its source and as-of date. The
//! built-in catalog and a user's catalog file have this shape; the
//! validated catalog is [`crate::catalog::Catalog`].

use crate::codec::forms::{dec_str, opt_dec_str, opt_qty, qty};
use crate::codec::{self, Format};
use crate::error::Result;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Who runs the model behind an API offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hosting {
    /// A closed model, served only by its maker (GPT-4o, Claude, Gemini).
    Closed,
    /// An open-weight model served by a host (Llama on Together, ...).
    OpenWeight,
}

/// The long-context price tier of an API: when one request's input tokens
/// (cached tokens included) exceed `threshold_input_tokens`, all of that
/// request's tokens are charged at the tier's prices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LongContextTier {
    /// Input tokens per request above which the tier applies.
    pub threshold_input_tokens: u64,
    /// USD per 1M input tokens above the threshold.
    #[serde(with = "dec_str")]
    pub input_usd_per_mtok: Decimal,
    /// USD per 1M output tokens above the threshold.
    #[serde(with = "dec_str")]
    pub output_usd_per_mtok: Decimal,
    /// USD per 1M cached input tokens above the threshold, when the API has a
    /// cache price.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub cached_input_usd_per_mtok: Option<Decimal>,
}

/// One API's list prices, in USD per 1M tokens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiOffer {
    /// Stable id (`openai-gpt-4o`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Who sells it.
    pub provider: String,
    /// Closed model or hosted open-weight model.
    pub hosting: Hosting,
    /// The catalog model id an open-weight offer serves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// USD per 1M input tokens.
    #[serde(with = "dec_str")]
    pub input_usd_per_mtok: Decimal,
    /// USD per 1M output tokens.
    #[serde(with = "dec_str")]
    pub output_usd_per_mtok: Decimal,
    /// USD per 1M input tokens read from the prompt cache; `None` when the API
    /// has no cache price (cached tokens are then billed as plain input).
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub cached_input_usd_per_mtok: Option<Decimal>,
    /// USD per 1M input tokens written to the cache (5-minute cache);
    /// `None` when writes are billed as plain input.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub cache_write_usd_per_mtok: Option<Decimal>,
    /// Share of the price taken off for requests sent through the batch API
    /// (0.5 = half price); `None` when the API has no batch mode.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub batch_discount: Option<Decimal>,
    /// The long-context tier, if the API has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_context_tier: Option<LongContextTier>,
    /// Largest input of one request, in tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_input_tokens: Option<u64>,
    /// Date the vendor retires the model, if announced (`YYYY-MM-DD`).
    #[serde(
        default,
        deserialize_with = "crate::codec::forms::date_text::deserialize_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub deprecation_date: Option<String>,
    /// Date of the price list (`YYYY-MM-DD`).
    #[serde(deserialize_with = "crate::codec::forms::date_text::deserialize")]
    pub as_of: String,
    /// Where the prices come from.
    pub source: String,
    /// Anything a user should know about the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// An accelerator's specification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gpu {
    /// Stable id (`h100-sxm`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Memory in GB (1e9 bytes), as the vendor quotes it.
    #[serde(with = "qty")]
    pub memory_gb: Decimal,
    /// Memory technology (HBM3, GDDR6, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_type: Option<String>,
    /// Memory bandwidth in GB/s (1e9 bytes per second).
    #[serde(with = "qty")]
    pub mem_bw_gbps: Decimal,
    /// Dense BF16 tensor throughput in TFLOPS.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub bf16_dense_tflops: Option<Decimal>,
    /// Dense FP16 tensor throughput in TFLOPS.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub fp16_dense_tflops: Option<Decimal>,
    /// Dense FP16 tensor throughput with FP16 accumulation, in TFLOPS, where
    /// it differs from `fp16_dense_tflops` (GeForce cards run it at twice
    /// the FP32-accumulate rate).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub fp16_acc16_dense_tflops: Option<Decimal>,
    /// Where the FP16-accumulate figure comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fp16_acc16_source: Option<String>,
    /// Dense FP8 tensor throughput in TFLOPS, when the GPU has FP8.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub fp8_dense_tflops: Option<Decimal>,
    /// Dense INT8 tensor throughput in TOPS.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub int8_dense_tops: Option<Decimal>,
    /// Board power (TDP) in W.
    #[serde(with = "qty")]
    pub tdp_w: Decimal,
    /// Bandwidth to the other GPUs of a server, GB/s in one direction
    /// (NVLink for SXM parts, the PCIe slot otherwise); 32 when unknown.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub interconnect_gbps: Option<Decimal>,
    /// Where the interconnect figure comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interconnect_source: Option<String>,
    /// Where the specification comes from.
    pub source: String,
    /// Anything a user should know about the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// An open-weight model's architecture, from its `config.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Stable id (`llama-3.1-70b`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Hugging Face repository of the weights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hf_repo: Option<String>,
    /// All parameters, every expert included.
    pub total_params: u64,
    /// Parameters used per token (smaller than `total_params` for a mixture
    /// of experts).
    pub active_params: u64,
    /// Transformer layers.
    pub num_hidden_layers: u32,
    /// Hidden size.
    pub hidden_size: u32,
    /// Attention (query) heads.
    pub num_attention_heads: u32,
    /// Key/value heads (fewer than query heads with grouped-query attention).
    pub num_key_value_heads: u32,
    /// Dimension of one attention head.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head_dim: Option<u32>,
    /// MLP intermediate size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intermediate_size: Option<u32>,
    /// Vocabulary size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocab_size: Option<u32>,
    /// Longest context (input + output tokens) the model supports.
    pub max_context: u64,
    /// KV-cache bytes per token at 16-bit, all layers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kv_cache_bytes_per_token_bf16: Option<u64>,
    /// Rank of the compressed KV latent (multi-head latent attention).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kv_lora_rank: Option<u32>,
    /// Rotary part of the query/key head (multi-head latent attention).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qk_rope_head_dim: Option<u32>,
    /// Experts per MoE layer (Mixtral naming).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num_local_experts: Option<u32>,
    /// Experts routed per token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num_experts_per_tok: Option<u32>,
    /// Routed experts per MoE layer (DeepSeek naming).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n_routed_experts: Option<u32>,
    /// Shared experts per MoE layer (DeepSeek naming).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n_shared_experts: Option<u32>,
    /// Window of sliding-window attention layers, in tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sliding_window: Option<u32>,
    /// How many layers use the sliding window (the rest attend globally).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sliding_window_layers: Option<u32>,
    /// Whether the output projection shares the embedding matrix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tie_word_embeddings: Option<bool>,
    /// Where the architecture comes from.
    pub source: String,
    /// Anything a user should know about the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A GPU's purchase price, as a low-high range in USD per unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurchasePrice {
    /// Stable id.
    pub id: String,
    /// The GPU's catalog id.
    pub gpu: String,
    /// GPUs in the unit priced (8 for a server).
    pub n_gpus: u32,
    /// Low end of the price, USD per unit.
    #[serde(with = "dec_str")]
    pub usd_low: Decimal,
    /// High end of the price, USD per unit.
    #[serde(with = "dec_str")]
    pub usd_high: Decimal,
    /// What the price is (street price, MSRP, estimate).
    pub kind: String,
    /// When it was quoted, as the source gives it.
    #[serde(deserialize_with = "crate::codec::forms::date_text::deserialize")]
    pub as_of: String,
    /// How far to trust it.
    pub confidence: String,
    /// Where it comes from.
    pub source: String,
}

/// A cloud provider's hourly price for a GPU instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudPrice {
    /// Stable id (`lambda-gpu-1x-h100-sxm5`).
    pub id: String,
    /// Cloud provider.
    pub provider: String,
    /// Instance type.
    pub instance: String,
    /// The GPU's catalog id.
    pub gpu: String,
    /// GPUs in the instance.
    pub n_gpus: u32,
    /// On-demand USD per GPU-hour.
    #[serde(with = "dec_str")]
    pub on_demand_usd_per_gpu_hour: Decimal,
    /// Spot USD per GPU-hour, where the provider has spot.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub spot_usd_per_gpu_hour: Option<Decimal>,
    /// When it was quoted, as the source gives it.
    #[serde(deserialize_with = "crate::codec::forms::date_text::deserialize")]
    pub as_of: String,
    /// How far to trust it.
    pub confidence: String,
    /// Where it comes from.
    pub source: String,
    /// Anything a user should know about the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A catalog document: the built-in files and a user's file share this
/// shape. Every list may be left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    /// What the file holds (ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    /// API offers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub api: Vec<ApiOffer>,
    /// GPUs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gpus: Vec<Gpu>,
    /// Models.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<Model>,
    /// GPU purchase prices.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purchase: Vec<PurchasePrice>,
    /// GPU cloud prices.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cloud: Vec<CloudPrice>,
    /// Serving-engine profiles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub engines: Vec<EngineProfile>,
}

impl CatalogFile {
    /// Parses a catalog document.
    ///
    /// # Errors
    /// A syntax error or unknown field, with the field's path.
    pub fn parse(text: &str, format: Format) -> Result<CatalogFile> {
        codec::parse(text, format)
    }
}

/// How an engine spreads a model over several GPUs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Parallelism {
    /// Tensor parallelism: every GPU holds a slice of every layer and reads
    /// it at the same time; two all-reduces per layer.
    Tensor,
    /// Layer split (pipeline): each GPU holds whole layers and they work in
    /// turn on one token.
    Layer,
}

/// A serving engine's behaviour, as a few physically meaningful factors.
/// The efficiencies are fitted on public measurements by
/// `cargo xtask calibrate`; the rest are the engine's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineProfile {
    /// Stable id (`vllm`, `tensorrt-llm`, `llama.cpp`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// How a model spans several GPUs.
    pub parallelism: Parallelism,
    /// Whether prompts are prefilled in chunks inside decode steps.
    pub chunked_prefill: bool,
    /// Share of each GPU's memory the engine uses (weights, cache, reserve).
    pub memory_utilization: f64,
    /// Memory per GPU kept for the CUDA context, graphs and workspace, GiB.
    pub reserve_gib: f64,
    /// Most sequences decoded at once.
    pub max_batch: u32,
    /// Prompt tokens processed per chunk (or micro-batch), for activation
    /// memory and, without chunked prefill, the number of dequantizations.
    pub prefill_chunk_tokens: u32,
    /// Whether prefill dequantizes quantized weights to 16 bits once per
    /// chunk (llama.cpp's cuBLAS path), adding memory traffic.
    pub dequantize_for_prefill: bool,
    /// Whether 16-bit matrix products accumulate in FP16 (llama.cpp's
    /// cuBLAS path), which GeForce cards run at twice the FP32-accumulate
    /// rate.
    #[serde(default)]
    pub fp16_accumulate: bool,
    /// Share of the memory bandwidth achieved streaming weights. Fitted.
    pub bandwidth_efficiency: f64,
    /// Share of the memory bandwidth achieved reading the KV cache in
    /// attention (scattered pages, dequantization). Fitted.
    pub kv_bandwidth_efficiency: f64,
    /// Share of the dense tensor peak achieved on large matrix products.
    /// Fitted.
    pub compute_efficiency: f64,
    /// Fixed time per decode step: kernel launches, scheduling, sampling,
    /// in milliseconds. Fitted.
    pub step_overhead_ms: f64,
    /// CPU time per sequence per decode step (scheduling, sampling,
    /// detokenizing), in microseconds; it does not overlap the GPU's work.
    #[serde(default)]
    pub per_sequence_overhead_us: f64,
    /// Latency of one all-reduce between GPUs, microseconds.
    pub allreduce_latency_us: f64,
    /// What the profile stands for and how it was fitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}
