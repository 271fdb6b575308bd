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
    /// USD per 1M cache-write tokens above the threshold, when the API has a
    /// cache-write price.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub cache_write_usd_per_mtok: Option<Decimal>,
}

/// Where an entry's figures come from: a title, the address of the document
/// read and its date. In a file, a bare string is a title alone (and is
/// written back as one); the page shows the title as a link with the date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    /// What the source is, in words (the link text).
    pub title: String,
    /// The document read: a page's address, or a permalink into a
    /// repository.
    pub url: Option<String>,
    /// The source's date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    pub date: Option<String>,
    /// Anything to know about the link.
    pub note: Option<String>,
}

impl Source {
    /// A source that is a title alone.
    pub fn titled(title: impl Into<String>) -> Source {
        Source {
            title: title.into(),
            ..Source::default()
        }
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.title)?;
        if let Some(d) = &self.date {
            write!(f, " ({d})")?;
        }
        Ok(())
    }
}

/// The object form of [`Source`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceFields {
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(
        default,
        deserialize_with = "crate::codec::forms::date_text::deserialize_opt",
        skip_serializing_if = "Option::is_none"
    )]
    date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

impl Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        if self.url.is_none() && self.date.is_none() && self.note.is_none() {
            return s.serialize_str(&self.title);
        }
        SourceFields {
            title: self.title.clone(),
            url: self.url.clone(),
            date: self.date.clone(),
            note: self.note.clone(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Source, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Source;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a source: its title as text, or { title, url, date, note }")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Source, E> {
                Ok(Source::titled(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> std::result::Result<Source, A::Error> {
                let f = SourceFields::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Source {
                    title: f.title,
                    url: f.url,
                    date: f.date,
                    note: f.note,
                })
            }
        }
        d.deserialize_any(Visitor)
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// An earlier (or announced future) price of an API offer: the prices in
/// force from `from` until the next entry's `from`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceEntry {
    /// The first day these prices were in force; left out only on the
    /// earliest entry (in force before every later one).
    #[serde(
        default,
        deserialize_with = "crate::codec::forms::date_text::deserialize_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub from: Option<String>,
    /// The day they ended, when a source says so and no later entry starts.
    #[serde(
        default,
        deserialize_with = "crate::codec::forms::date_text::deserialize_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub until: Option<String>,
    /// An announced price no snapshot has shown in force yet.
    #[serde(default, skip_serializing_if = "is_false")]
    pub scheduled: bool,
    /// USD per 1M input tokens.
    #[serde(with = "dec_str")]
    pub input_usd_per_mtok: Decimal,
    /// USD per 1M output tokens.
    #[serde(with = "dec_str")]
    pub output_usd_per_mtok: Decimal,
    /// USD per 1M input tokens read from the prompt cache.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub cached_input_usd_per_mtok: Option<Decimal>,
    /// USD per 1M input tokens written to the cache.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub cache_write_usd_per_mtok: Option<Decimal>,
    /// Share taken off for batch requests.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub batch_discount: Option<Decimal>,
    /// The long-context tier then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_context_tier: Option<LongContextTier>,
    /// The newest date a source showed these prices.
    #[serde(
        default,
        deserialize_with = "crate::codec::forms::date_text::deserialize_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub as_of: Option<String>,
    /// Where they come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// How far to trust them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
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
    /// The first day the current prices were in force, when known.
    #[serde(
        default,
        deserialize_with = "crate::codec::forms::date_text::deserialize_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub from: Option<String>,
    /// The newest date a source showed the current prices (`YYYY-MM-DD`):
    /// their age is measured from it.
    #[serde(deserialize_with = "crate::codec::forms::date_text::deserialize")]
    pub as_of: String,
    /// Where the prices come from.
    pub source: Source,
    /// How far to trust the prices (`high`, `medium`, `low`), as the data
    /// marks them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
    /// Anything a user should know about the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Earlier prices and announced future ones, oldest first; a scenario's
    /// date picks the entry in force (see `crate::model::api`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<PriceEntry>,
}

/// How the GPUs of one server (or rack) talk to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Interconnect {
    /// NVLink 3 (A100).
    Nvlink3,
    /// NVLink 4 (H100, H200).
    Nvlink4,
    /// NVLink 5 (Blackwell).
    Nvlink5,
    /// AMD Infinity Fabric (MI300X and later).
    InfinityFabric,
    /// The PCIe 4.0 slot.
    Pcie4,
    /// The PCIe 5.0 slot.
    Pcie5,
    /// A single device with no link to another (Apple silicon).
    None,
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
    /// Dense FP4 tensor throughput in TFLOPS, when the GPU has FP4 tensor
    /// cores (Blackwell, MI355X).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub fp4_dense_tflops: Option<Decimal>,
    /// Board power (TDP) in W, when published.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub tdp_w: Option<Decimal>,
    /// The link between the GPUs of one server or rack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interconnect: Option<Interconnect>,
    /// Bandwidth to the other GPUs of a server, GB/s in one direction
    /// (NVLink for SXM parts, the PCIe slot otherwise); 32 when unknown.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub interconnect_gbps: Option<Decimal>,
    /// GPUs in one link domain (8 for an HGX server, 72 for an NVL72 rack,
    /// 1 for a single device).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_up_gpus: Option<u32>,
    /// Where the interconnect figure comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interconnect_source: Option<String>,
    /// Whether the memory is shared with the CPU and the operating system
    /// (Apple silicon); `memory_gb` is then the largest configuration.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unified_memory: bool,
    /// Figures computed rather than published (a dense rate halved from a
    /// sparse one), by field name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived_fields: Vec<String>,
    /// Date of the specification.
    #[serde(
        default,
        deserialize_with = "crate::codec::forms::date_text::deserialize_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub as_of: Option<String>,
    /// How far to trust it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
    /// Where the specification comes from.
    pub source: Source,
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
    /// Rank of the compressed query (multi-head latent attention).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q_lora_rank: Option<u32>,
    /// Non-rotary part of the query/key head (multi-head latent attention).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qk_nope_head_dim: Option<u32>,
    /// Value head dimension (multi-head latent attention).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub v_head_dim: Option<u32>,
    /// FFN width of one routed expert (when it differs from
    /// `intermediate_size`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moe_intermediate_size: Option<u32>,
    /// The first layers that are dense, not a mixture of experts
    /// (DeepSeek's `first_k_dense_replace`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_k_dense_replace: Option<u32>,
    /// Every n-th layer is a mixture of experts, the others dense (Llama 4's
    /// `interleave_moe_layer_step`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interleave_moe_layer_step: Option<u32>,
    /// Experts per MoE layer (Mixtral naming).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num_local_experts: Option<u32>,
    /// Experts routed per token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num_experts_per_tok: Option<u32>,
    /// Node-limited routing: the expert groups one token's experts may
    /// span (DeepSeek-V3's `topk_group`), which caps the copies of a token
    /// an all-to-all sends beyond one node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topk_group: Option<u32>,
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
    /// Layers that keep no KV cache (linear-attention layers of hybrid
    /// models).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_kv_cache_layers: Option<u32>,
    /// Whether the output projection shares the embedding matrix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tie_word_embeddings: Option<bool>,
    /// The maker's own parameter count, as published, with its basis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_params: Option<String>,
    /// The data type the checkpoint ships in (`bf16`, `fp8 e4m3`, MXFP4
    /// experts), as the maker describes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub native_weights: Option<String>,
    /// Date of the configuration read.
    #[serde(
        default,
        deserialize_with = "crate::codec::forms::date_text::deserialize_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub as_of: Option<String>,
    /// How far to trust it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
    /// Where the architecture comes from.
    pub source: Source,
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
    /// What was priced when it is not one bare GPU ("8-GPU server").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// When it was quoted (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    #[serde(deserialize_with = "crate::codec::forms::date_text::deserialize")]
    pub as_of: String,
    /// The date as the source words it, when it says more or less than
    /// `as_of` ("2026-Q1", "late 2024").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of_text: Option<String>,
    /// How far to trust it.
    pub confidence: String,
    /// Where it comes from.
    pub source: Source,
}

/// Which price of a rented GPU a commitment buys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReservedTerm {
    /// One year.
    #[serde(rename = "1yr")]
    OneYear,
    /// Three years.
    #[serde(rename = "3yr")]
    ThreeYears,
    /// A block of capacity booked ahead (AWS Capacity Blocks).
    CapacityBlock,
}

/// An earlier price of a cloud offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudPriceEntry {
    /// The first day these prices were in force; left out only on the
    /// earliest entry.
    #[serde(
        default,
        deserialize_with = "crate::codec::forms::date_text::deserialize_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub from: Option<String>,
    /// On-demand USD per GPU-hour.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub on_demand_usd_per_gpu_hour: Option<Decimal>,
    /// Reserved USD per GPU-hour.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub reserved_usd_per_gpu_hour: Option<Decimal>,
    /// Spot USD per GPU-hour.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub spot_usd_per_gpu_hour: Option<Decimal>,
    /// The newest date a source showed these prices.
    #[serde(
        default,
        deserialize_with = "crate::codec::forms::date_text::deserialize_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub as_of: Option<String>,
    /// The date as the source words it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of_text: Option<String>,
    /// Where they come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

/// A cloud provider's hourly price for a GPU instance: one offer, with a
/// price for each way of paying it has (on demand, reserved, spot).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudPrice {
    /// Stable id (`lambda-gpu-1x-h100-sxm5`).
    pub id: String,
    /// Display name ("Lambda, 8x NVIDIA H100 SXM5 80GB").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Cloud provider.
    pub provider: String,
    /// Instance type.
    pub instance: String,
    /// The GPU's catalog id.
    pub gpu: String,
    /// GPUs in the instance.
    pub n_gpus: u32,
    /// What the figure is: `price_list` (a provider's own list),
    /// `provider_blog`, `vendor_claim`, `market_index` or `market_range`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Where the price applies, when the source says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// On-demand USD per GPU-hour.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub on_demand_usd_per_gpu_hour: Option<Decimal>,
    /// Reserved (committed) USD per GPU-hour.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub reserved_usd_per_gpu_hour: Option<Decimal>,
    /// The commitment the reserved price buys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reserved_term: Option<ReservedTerm>,
    /// Spot USD per GPU-hour, where the provider has spot.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub spot_usd_per_gpu_hour: Option<Decimal>,
    /// The first day the current prices were in force, when known.
    #[serde(
        default,
        deserialize_with = "crate::codec::forms::date_text::deserialize_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub from: Option<String>,
    /// When it was quoted (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    #[serde(deserialize_with = "crate::codec::forms::date_text::deserialize")]
    pub as_of: String,
    /// The date as the source words it, when it says more or less than
    /// `as_of`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of_text: Option<String>,
    /// How far to trust it.
    pub confidence: String,
    /// Where it comes from.
    pub source: Source,
    /// Anything a user should know about the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Earlier prices of the offer, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<CloudPriceEntry>,
}

impl CloudPrice {
    /// How far its `confidence` says to trust it, as a rank: 3 for `high`,
    /// 2 for `medium`, 1 for `low-medium`, 0 for `low` or anything else (the
    /// words that follow, such as "(provider blog)", are the reason).
    pub fn trust_rank(&self) -> u8 {
        let c = self.confidence.trim_start();
        if c.starts_with("high") {
            3
        } else if c.starts_with("medium") {
            2
        } else if c.starts_with("low-medium") {
            1
        } else {
            0
        }
    }
}

/// A published all-in cost of a GPU-hour (SemiAnalysis' AI Cloud TCO
/// model): owning at a hyperscaler, owning at a neocloud, renting on a
/// three-year contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TcoBasis {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The GPU's catalog id.
    pub gpu: String,
    /// Owning and running the GPU at a hyperscaler, USD per GPU-hour.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub owning_hyperscaler_usd_per_gpu_hour: Option<Decimal>,
    /// Owning and running the GPU at a neocloud, USD per GPU-hour.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub owning_neocloud_usd_per_gpu_hour: Option<Decimal>,
    /// Renting on a three-year contract, USD per GPU-hour.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub rental_3yr_usd_per_gpu_hour: Option<Decimal>,
    /// Power per GPU, all in (server, network, cooling), kW.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub all_in_power_kw_per_gpu: Option<Decimal>,
    /// When the figures were published.
    #[serde(deserialize_with = "crate::codec::forms::date_text::deserialize")]
    pub as_of: String,
    /// The date as the source words it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of_text: Option<String>,
    /// How far to trust it.
    pub confidence: String,
    /// Where it comes from.
    pub source: Source,
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
    /// Published all-in costs of a GPU-hour.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tco: Vec<TcoBasis>,
    /// Serving-engine profiles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub engines: Vec<EngineProfile>,
}

impl Model {
    /// Routed experts per MoE layer, under either naming (Mixtral's
    /// `num_local_experts`, DeepSeek's `n_routed_experts`), as the file
    /// gives it; `None` for a dense model.
    pub fn experts_per_layer(&self) -> Option<u32> {
        self.num_local_experts.or(self.n_routed_experts)
    }

    /// Whether the model is a mixture of experts.
    pub fn is_moe(&self) -> bool {
        self.experts_per_layer().is_some_and(|e| e > 0)
    }
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

/// Which tensor cores FP4 weights (NVFP4, MXFP4) multiply on, on a GPU with
/// FP4 tensor cores; elsewhere they are dequantized to 16 bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fp4Compute {
    /// FP4 × FP4 (W4A4: TensorRT-LLM's NVFP4 GEMMs).
    Fp4,
    /// FP4 weights × FP8 activations (W4A8: vLLM's and SGLang's MXFP4 MoE
    /// kernels on Blackwell).
    #[default]
    Fp8,
    /// Weight-only: dequantized to 16 bits inside the kernel.
    WeightOnly,
}

/// When an engine's scheduler admits a request into the running batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Admission {
    /// As many sequences run as the KV cache holds at their mean context.
    #[default]
    MeanContext,
    /// A request is admitted when its prompt's KV fits; running sequences
    /// are preempted (and recomputed) when the cache runs out (vLLM,
    /// SGLang). More requests are admitted than decode at once.
    Prompt,
    /// A request is admitted only when the KV of its whole context (input
    /// and every output token) fits, so none is ever evicted (TensorRT-LLM's
    /// default `GUARANTEED_NO_EVICT` capacity scheduler).
    WholeRequest,
}

fn default_prefill_efficiency() -> f64 {
    0.4
}
fn default_moe_efficiency() -> f64 {
    0.7
}
fn default_w4_efficiency() -> f64 {
    0.8
}
fn default_expert_width_half() -> f64 {
    128.0
}
fn default_request_overhead_ms() -> f64 {
    1.0
}
fn default_request_latency_ms() -> f64 {
    20.0
}

/// A serving engine's behaviour, as a few physically meaningful factors.
/// The efficiencies and overheads are fitted on public measurements by
/// `cargo xtask calibrate`; the rest are the engine's settings. Fields
/// added after the first catalog version have defaults (the typical values
/// the fit starts from), so older catalog files still read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineProfile {
    /// Stable id (`vllm`, `sglang`, `tensorrt-llm`, `llama.cpp`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// The engine versions the profile stands for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versions: Option<String>,
    /// How a model spans several GPUs.
    pub parallelism: Parallelism,
    /// Whether the engine serves from a system-on-chip's unified memory
    /// (llama.cpp's Metal backend on Apple silicon) instead of discrete
    /// GPUs: each engine runs on one of the two.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unified_memory: bool,
    /// Whether prompts are prefilled in chunks inside decode steps.
    pub chunked_prefill: bool,
    /// Share of each GPU's memory the engine uses (weights, cache, reserve).
    pub memory_utilization: f64,
    /// Memory per GPU that is neither weights nor KV cache (CUDA context,
    /// graphs, workspace, allocator slack), GiB.
    pub reserve_gib: f64,
    /// Most sequences decoded at once (per attention data-parallel group).
    pub max_batch: u32,
    /// Token budget of one step (`max_num_batched_tokens`, SGLang's
    /// `chunked_prefill_size`, TensorRT-LLM's `max_num_tokens`); the
    /// micro-batch of an engine without chunked prefill.
    pub prefill_chunk_tokens: u32,
    /// Whether prefill dequantizes quantized weights to 16 bits once per
    /// micro-batch (llama.cpp's cuBLAS path), adding memory traffic.
    pub dequantize_for_prefill: bool,
    /// Whether 16-bit matrix products accumulate in FP16 (llama.cpp's
    /// cuBLAS path), which GeForce cards run at twice the FP32-accumulate
    /// rate.
    #[serde(default)]
    pub fp16_accumulate: bool,
    /// Which tensor cores FP4 weights use on GPUs that have FP4.
    #[serde(default)]
    pub fp4_compute: Fp4Compute,
    /// Whether the CPU schedules step i + 1 while the GPU runs step i
    /// (SGLang's overlap scheduler, TensorRT-LLM's, vLLM's
    /// `--async-scheduling`): the per-sequence CPU time hides behind the GPU.
    #[serde(default)]
    pub async_scheduling: bool,
    /// Whether `memory_utilization` covers weights and KV cache only, the
    /// activations living outside it (SGLang's `mem_fraction_static`).
    #[serde(default)]
    pub static_memory: bool,
    /// When the scheduler admits a request into the running batch.
    #[serde(default)]
    pub admission: Admission,
    /// Bytes per vocabulary entry per sequence that the engine's memory
    /// profile holds for sampling its largest batch, outside the KV cache
    /// (vLLM's profile run samples `max_num_seqs` sequences: FP32 logits and
    /// the FP32 values and int64 indices of their sort for top-k/top-p, 16
    /// bytes); 0 where the memory share leaves it out.
    #[serde(default)]
    pub sampler_bytes_per_logit: f64,
    /// Share of the memory bandwidth achieved streaming weights. Fitted.
    pub bandwidth_efficiency: f64,
    /// Share of the memory bandwidth achieved reading the KV cache in
    /// attention (scattered pages, dequantization). Fitted.
    pub kv_bandwidth_efficiency: f64,
    /// Share of the dense tensor peak achieved in decode steps with prompt
    /// tokens riding along. Fitted.
    pub compute_efficiency: f64,
    /// Share of the dense tensor peak achieved in prefill passes. Fitted.
    #[serde(default = "default_prefill_efficiency")]
    pub prefill_efficiency: f64,
    /// Multiplier of the efficiencies for routed-expert weights (grouped
    /// GEMMs, fused MoE kernels). Fitted.
    #[serde(default = "default_moe_efficiency")]
    pub moe_efficiency: f64,
    /// Multiplier of the efficiencies for weight-only formats below 8 bits
    /// (AWQ, GPTQ, GGUF, FP4 without FP4 tensor cores): dequantization
    /// inside the GEMM. Fitted.
    #[serde(default = "default_w4_efficiency")]
    pub w4_efficiency: f64,
    /// Width of one GPU's slice of an expert (expert FFN width / expert
    /// tensor-parallel degree) at which grouped expert GEMMs run at half
    /// the MoE efficiency: e = moe_efficiency × w / (w + this). 128 is one
    /// GEMM tile.
    #[serde(default = "default_expert_width_half")]
    pub expert_width_half: f64,
    /// Fixed time per step: kernel launches, synchronization, sampling, in
    /// milliseconds. Fitted.
    pub step_overhead_ms: f64,
    /// CPU time per running sequence per step (scheduling, sampling,
    /// detokenizing), in microseconds. Fitted.
    #[serde(default)]
    pub per_sequence_overhead_us: f64,
    /// Serial per-request cost of the frontend and the scheduler's
    /// admission (tokenizing, templating, HTTP), ms: requests sent at once
    /// are admitted one after another. Fitted.
    #[serde(default = "default_request_overhead_ms")]
    pub request_overhead_ms: f64,
    /// Fixed latency of every first token (HTTP, tokenizing, the first
    /// detokenized chunk), ms; not a throughput limit. Fitted.
    #[serde(default = "default_request_latency_ms")]
    pub request_latency_ms: f64,
    /// Latency of one collective (all-reduce, all-to-all phase) over NVLink
    /// or Infinity Fabric, microseconds.
    pub allreduce_latency_us: f64,
    /// The rows the profile was fitted on and its errors on them, as
    /// `cargo xtask calibrate` leaves them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<crate::spec::accuracy::EngineCalibration>,
    /// What the profile stands for and how it was fitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}
