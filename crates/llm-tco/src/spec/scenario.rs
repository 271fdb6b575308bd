//! The scenario file: the serde document a user writes (JSON or TOML).
//!
//! A scenario file is a compatibility promise: it carries a
//! `schema_version`, refuses unknown fields, writes money as decimal
//! strings, and reading then writing it loses nothing (optional fields that
//! were left out stay left out). Validation into the model is
//! [`crate::model::scenario::Scenario::from_file`].

use crate::codec::forms::{dec_str, opt_dec_str, opt_qty};
use crate::codec::{self, Format};
use crate::error::{Error, ErrorKind, Result};
use crate::spec::catalog::{CatalogFile, LongContextTier};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The scenario schema version this library writes. It reads this one and
/// version 1, whose uncertainty ranges named an option by its position
/// (`options[2].self_hosted.rented.usd_per_gpu_hour`); such a file is
/// migrated on reading to name the option (`option = "Llama, rented"`).
pub const SCHEMA_VERSION: u32 = 2;

/// The oldest schema version this library reads (and migrates).
pub const OLDEST_SCHEMA_VERSION: u32 = 1;

/// Most serving options one scenario may hold.
pub const MAX_OPTIONS: usize = 64;

/// A scenario document, as written in a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Schema version; must be [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Short title.
    pub name: String,
    /// What the scenario models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The date the analysis is made for (`YYYY-MM-DD`), used to flag old
    /// prices. The core has no clock: when left out, no price-age warning
    /// is given (the CLI fills in today's date).
    #[serde(
        default,
        deserialize_with = "crate::codec::forms::date_text::deserialize_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub as_of: Option<String>,
    /// Free-form notes: where the numbers come from, what an article claimed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The traffic to serve.
    pub workload: WorkloadSpec,
    /// The volume range the cost curves cover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<RangeSpec>,
    /// The serving options compared.
    pub options: Vec<OptionSpec>,
    /// Catalog entries added or overridden for this scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<CatalogFile>,
    /// Rules that exclude options (data on premises, offline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<ConstraintsSpec>,
    /// Inputs known only as a range, for the Monte Carlo analysis.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uncertainty: Vec<UncertainInputSpec>,
}

/// Rules that exclude serving options, whatever they cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConstraintsSpec {
    /// Data must stay on premises you control: APIs and rented cloud GPUs are
    /// ruled out.
    #[serde(default)]
    pub on_premises: bool,
    /// The system must run without a network connection: APIs and rented
    /// cloud GPUs are ruled out.
    #[serde(default)]
    pub offline: bool,
}

/// An input known as a range (low, most likely, high): a triangular
/// distribution for the Monte Carlo analysis. A self-hosted option's
/// `capacity_tokens_per_s` may instead take `band = "calibration"`: the
/// range its engine profile's calibration error gives the sizing model's
/// capacity, so the analysis includes the model's own uncertainty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UncertainInputSpec {
    /// The option the input belongs to, by its name; absent for a workload
    /// input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option: Option<String>,
    /// Which input: a workload input's path (`workload.tokens_per_day`), or
    /// with `option` the input's path within the option
    /// (`self_hosted.rented.usd_per_gpu_hour`); see
    /// [`crate::analysis::param::Param`] for the inputs that can vary.
    pub input: String,
    /// Lowest value (with `high`, unless `band` is given).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub low: Option<Decimal>,
    /// Most likely value (default: midway between low and high; with a
    /// band, the sizing model's capacity).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub likely: Option<Decimal>,
    /// Highest value (with `low`, unless `band` is given).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub high: Option<Decimal>,
    /// A range the library derives instead of `low` and `high`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<UncertaintyBand>,
}

impl UncertainInputSpec {
    /// The input of a self-hosted option's capacity, as a range names it.
    pub const CAPACITY_INPUT: &'static str = "self_hosted.capacity_tokens_per_s";

    /// The capacity of the self-hosted option named `option`, drawn within
    /// its engine profile's calibration band.
    pub fn capacity_band(option: impl Into<String>) -> UncertainInputSpec {
        UncertainInputSpec {
            option: Some(option.into()),
            input: Self::CAPACITY_INPUT.to_string(),
            low: None,
            likely: None,
            high: None,
            band: Some(UncertaintyBand::Calibration),
        }
    }

    /// Whether this range draws the same input of the same option as `other`.
    pub fn same_input(&self, other: &UncertainInputSpec) -> bool {
        self.option == other.option && self.input == other.input
    }
}

/// A range the library derives for an uncertain input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UncertaintyBand {
    /// A sized capacity within its engine profile's calibration error: the
    /// estimate × e^(∓w), w = ln(1 + p90) / (1 − √0.1), from the profile's
    /// held-out 90th-percentile throughput error (in sample when it has one
    /// source), so that about 90% of the draws are off by that error or
    /// less.
    Calibration,
}

/// The workload, as written in a file. Quantities that are not money may be
/// numbers or decimal strings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkloadSpec {
    /// Tokens per day, input and output together. Give this or
    /// `requests_per_day`.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub tokens_per_day: Option<Decimal>,
    /// Requests per day. Give this or `tokens_per_day`.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub requests_per_day: Option<Decimal>,
    /// Mean input tokens per request (prompt, cached part included).
    #[serde(with = "crate::codec::forms::qty")]
    pub input_tokens_per_request: Decimal,
    /// Mean output tokens per request.
    #[serde(with = "crate::codec::forms::qty")]
    pub output_tokens_per_request: Decimal,
    /// Share of input tokens read from a prompt cache, 0 to 1 (default 0).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub cached_input_share: Option<Decimal>,
    /// Share of input tokens written to a prompt cache, 0 to 1 (default 0).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub cache_write_share: Option<Decimal>,
    /// Share of traffic that can wait for a batch API, 0 to 1 (default 0).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub batch_share: Option<Decimal>,
    /// Peak hour's traffic over the average hour's, at least 1 (default 1).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub peak_to_average: Option<Decimal>,
    /// Growth of the volume per month, as a share (0.05 = 5%; default 0).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub monthly_growth: Option<Decimal>,
    /// Months the decision covers (default 12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon_months: Option<u32>,
    /// Latency target: least output tokens per second each user must see.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub min_output_tokens_per_s_per_user: Option<Decimal>,
    /// Latency target: longest time to first token, ms.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub max_ttft_ms: Option<Decimal>,
}

/// The volume range of the cost curves, in tokens per day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeSpec {
    /// Lowest volume (default 1e5 tokens/day).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub min_tokens_per_day: Option<Decimal>,
    /// Highest volume (default 1e11 tokens/day).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub max_tokens_per_day: Option<Decimal>,
    /// Sampled points per curve, for drawing (default 121).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
}

/// One serving option: exactly one of `api`, `self_hosted` and `hybrid`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionSpec {
    /// Name shown in tables and charts; unique within the scenario.
    pub name: String,
    /// A pay-per-token API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api: Option<ApiSpec>,
    /// A model on GPUs of your own or rented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_hosted: Option<SelfHostedSpec>,
    /// A self-hosted option and an API option of this scenario sharing the
    /// traffic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hybrid: Option<HybridSpec>,
    /// How often the option gets a task right, and what a failure costs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<QualitySpec>,
    /// Free-form notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// How a hybrid option splits the traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Split {
    /// Always-on base replicas carry what they can; the traffic above their
    /// capacity in busy hours overflows to the API. Without `base_replicas`
    /// the cheapest count is found.
    Overflow,
    /// A fixed `share` of every hour's traffic is self-hosted, the rest goes
    /// to the API.
    Share,
    /// The workload's `batch_share` goes to the API's batch tier, the rest is
    /// self-hosted.
    Batch,
}

/// A hybrid option: two options of the scenario, named, sharing the load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HybridSpec {
    /// Name of a self-hosted option of this scenario.
    pub self_hosted: String,
    /// Name of an API option of this scenario.
    pub api: String,
    /// How the traffic is split (default `overflow`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split: Option<Split>,
    /// With `split = "share"`: the self-hosted share of the traffic, 0 to 1.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub share: Option<Decimal>,
    /// With `split = "overflow"`: always-on base replicas (default: the
    /// cheapest count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_replicas: Option<u32>,
}

/// What happens when an option gets a task wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnFailure {
    /// The request is sent again until it succeeds: the option serves
    /// 1 / success_rate times the traffic.
    Retry,
    /// A person (or another system) handles the task at
    /// `fallback_usd_per_task`.
    Fallback,
}

impl OnFailure {
    /// The name used in files (`retry`).
    pub fn name(self) -> &'static str {
        match self {
            OnFailure::Retry => "retry",
            OnFailure::Fallback => "fallback",
        }
    }
}

/// How often an option succeeds at the task, and what a failure costs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualitySpec {
    /// Share of tasks done right, above 0 and at most 1 (0.84 = 84%).
    #[serde(with = "crate::codec::forms::qty")]
    pub success_rate: Decimal,
    /// What a failure costs (default `retry`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_failure: Option<OnFailure>,
    /// With `on_failure = "fallback"`: USD per failed task.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub fallback_usd_per_task: Option<Decimal>,
}

/// An API option: a catalog offer, optionally with some prices overridden,
/// or custom prices.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiSpec {
    /// Catalog id of the offer (`openai-gpt-4o`). Without it, give at least
    /// the input and output prices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<String>,
    /// USD per 1M input tokens.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub input_usd_per_mtok: Option<Decimal>,
    /// USD per 1M output tokens.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub output_usd_per_mtok: Option<Decimal>,
    /// USD per 1M cached input tokens (read).
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub cached_input_usd_per_mtok: Option<Decimal>,
    /// USD per 1M input tokens written to the cache.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub cache_write_usd_per_mtok: Option<Decimal>,
    /// Share taken off for batch requests (0.5 = half price).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub batch_discount: Option<Decimal>,
    /// Long-context tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_context_tier: Option<LongContextTier>,
    /// Date of the prices (`YYYY-MM-DD`).
    #[serde(
        default,
        deserialize_with = "crate::codec::forms::date_text::deserialize_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub as_of: Option<String>,
    /// Where the prices come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A self-hosted option, as written in a file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfHostedSpec {
    /// Catalog id of the model (`llama-3.1-70b`).
    pub model: String,
    /// Weight format (`bf16`, `fp8`, `awq_int4`, `gguf_q4_k_m`, ...).
    pub weights: String,
    /// KV-cache format (`fp16`, `fp8`, `int8`, `int4`; default `fp16`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kv_cache: Option<String>,
    /// Catalog id of the GPU (`h100-sxm`).
    pub gpu: String,
    /// Serving-engine profile (`vllm`, `vllm-0.5`, `tensorrt-llm`,
    /// `llama.cpp`; default `vllm`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    /// GPUs one replica of the model spans, split as `layout` says.
    /// Default: the smallest of 1, 2, 4, 8 that fits and meets the latency
    /// target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpus_per_replica: Option<u32>,
    /// How a replica splits the model over its GPUs (default
    /// `tensor_parallel`); the other layouts are for a mixture of experts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<ReplicaLayout>,
    /// Tokens per second (input and output together) one replica sustains
    /// on this workload, if you measured it. Default: the sizing model's
    /// throughput at saturation under the latency target.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub capacity_tokens_per_s: Option<Decimal>,
    /// A fixed number of serving GPUs, spares not included. Without it the
    /// count follows the volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n_gpus: Option<u32>,
    /// Rented GPUs. Give this or `owned`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rented: Option<RentedSpec>,
    /// Bought GPUs. Give this or `rented`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owned: Option<OwnedSpec>,
    /// Engineering time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engineering: Option<EngineeringSpec>,
    /// Spare capacity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redundancy: Option<RedundancySpec>,
}

/// How one replica of a self-hosted option splits the model over its GPUs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplicaLayout {
    /// Every layer tensor-parallel over all the replica's GPUs (every
    /// engine's default).
    #[default]
    TensorParallel,
    /// Attention tensor-parallel; each routed expert whole on one GPU, the
    /// experts spread over all of them (vLLM `--enable-expert-parallel`,
    /// SGLang `--ep-size`).
    ExpertParallel,
    /// Attention data-parallel, a whole copy of it and its KV cache on
    /// every GPU; experts tensor-parallel (SGLang `--enable-dp-attention`).
    DpAttention,
    /// Attention data-parallel on every GPU and the experts spread over
    /// them, as SGLang and TensorRT-LLM serve DeepSeek and gpt-oss at scale
    /// (SGLang `--enable-dp-attention --ep-size`, TensorRT-LLM attention DP
    /// with expert parallelism, vLLM `--data-parallel-size` with
    /// `--enable-expert-parallel`).
    DpAttentionExpertParallel,
}

impl ReplicaLayout {
    /// Every layout, in the order the page lists them.
    pub const ALL: [ReplicaLayout; 4] = [
        ReplicaLayout::TensorParallel,
        ReplicaLayout::ExpertParallel,
        ReplicaLayout::DpAttention,
        ReplicaLayout::DpAttentionExpertParallel,
    ];

    /// The name used in files (`dp_attention_expert_parallel`).
    pub fn name(self) -> &'static str {
        match self {
            ReplicaLayout::TensorParallel => "tensor_parallel",
            ReplicaLayout::ExpertParallel => "expert_parallel",
            ReplicaLayout::DpAttention => "dp_attention",
            ReplicaLayout::DpAttentionExpertParallel => "dp_attention_expert_parallel",
        }
    }

    /// The layout a file names `name`.
    pub fn from_name(name: &str) -> Option<ReplicaLayout> {
        ReplicaLayout::ALL.into_iter().find(|l| l.name() == name)
    }

    /// The layout in the engines' words (`DP attention + expert parallel`).
    pub fn label(self) -> &'static str {
        match self {
            ReplicaLayout::TensorParallel => "tensor parallel",
            ReplicaLayout::ExpertParallel => "expert parallel",
            ReplicaLayout::DpAttention => "DP attention",
            ReplicaLayout::DpAttentionExpertParallel => "DP attention + expert parallel",
        }
    }

    /// Whether attention runs data-parallel, one group per GPU.
    pub fn dp_attention(self) -> bool {
        matches!(
            self,
            ReplicaLayout::DpAttention | ReplicaLayout::DpAttentionExpertParallel
        )
    }

    /// Whether the routed experts are spread whole over the GPUs.
    pub fn expert_parallel(self) -> bool {
        matches!(
            self,
            ReplicaLayout::ExpertParallel | ReplicaLayout::DpAttentionExpertParallel
        )
    }
}

/// Which hourly price of a cloud offer applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pricing {
    /// Pay as you go.
    OnDemand,
    /// A commitment (one or three years, or a capacity block).
    Reserved,
    /// Interruptible capacity.
    Spot,
}

impl Pricing {
    /// The name used in files (`on_demand`).
    pub fn name(self) -> &'static str {
        match self {
            Pricing::OnDemand => "on_demand",
            Pricing::Reserved => "reserved",
            Pricing::Spot => "spot",
        }
    }
}

/// How rented GPUs are billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Billing {
    /// Enough GPUs for the peak hour, billed every hour.
    AlwaysOn,
    /// GPUs follow the load down to a minimum; without an hourly profile the
    /// average hour is billed.
    Scaled,
}

/// Rented GPUs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RentedSpec {
    /// Catalog id of a cloud price (`lambda-gpu-1x-h100-sxm5`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer: Option<String>,
    /// Which price of the offer (default on-demand).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing: Option<Pricing>,
    /// USD per GPU-hour; overrides the offer's price.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub usd_per_gpu_hour: Option<Decimal>,
    /// Billing (default always on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing: Option<Billing>,
    /// With scaled billing, GPUs kept running at the lowest load (default:
    /// one replica).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_gpus: Option<u32>,
    /// Date of the price (`YYYY-MM-DD`).
    #[serde(
        default,
        deserialize_with = "crate::codec::forms::date_text::deserialize_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub as_of: Option<String>,
    /// Where the price comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Bought GPUs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnedSpec {
    /// Purchase price per GPU, USD.
    #[serde(with = "dec_str")]
    pub purchase_usd_per_gpu: Decimal,
    /// Server, network and storage per GPU, USD (default 0).
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub server_usd_per_gpu: Option<Decimal>,
    /// Useful life in years.
    #[serde(with = "crate::codec::forms::qty")]
    pub life_years: Decimal,
    /// Resale value at the end of life, as a share of the purchase (default 0).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub residual_share: Option<Decimal>,
    /// Cost of capital per year, as a share (0.08 = 8%; default 0).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub cost_of_capital_per_year: Option<Decimal>,
    /// Power per GPU in W, server share included (default: the GPU's TDP).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub power_draw_w: Option<Decimal>,
    /// Average draw as a share of `power_draw_w`, 0 to 1 (default 1).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub utilization_factor: Option<Decimal>,
    /// Power usage effectiveness of the site, at least 1 (default 1).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub pue: Option<Decimal>,
    /// Electricity, USD per kWh.
    #[serde(with = "dec_str")]
    pub usd_per_kwh: Decimal,
    /// Colocation, USD per kW of `power_draw_w` per month (default 0).
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub colocation_usd_per_kw_month: Option<Decimal>,
    /// Maintenance per year, as a share of the purchase and server price
    /// (default 0).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub maintenance_share_per_year: Option<Decimal>,
}

/// Engineering time a self-hosted option costs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineeringSpec {
    /// Loaded cost of an engineering hour, USD.
    #[serde(with = "dec_str")]
    pub usd_per_hour: Decimal,
    /// One-time setup, hours (default 0).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub setup_hours: Option<Decimal>,
    /// Months the setup is spread over (default 12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup_amortization_months: Option<u32>,
    /// Operations, hours per month (default 0).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub ops_hours_per_month: Option<Decimal>,
}

/// Spare capacity kept beyond what the load needs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedundancySpec {
    /// Spare replicas, always running (default 0).
    #[serde(default)]
    pub spare_replicas: u32,
    /// Spare GPUs beyond whole replicas, always paid for (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spare_gpus: Option<u32>,
}

impl ScenarioFile {
    /// Parses a scenario document.
    ///
    /// # Errors
    /// `SchemaVersion` when `schema_version` is missing or neither
    /// [`SCHEMA_VERSION`] nor [`OLDEST_SCHEMA_VERSION`]; `Syntax` with the
    /// field's path for a syntax error, a wrong type, a missing or an
    /// unknown field; `Invalid` for a version-1 range naming an option that
    /// is not there.
    pub fn parse(text: &str, format: Format) -> Result<ScenarioFile> {
        // The version first, so that an older file gets a message about
        // its version rather than about a field that moved.
        #[derive(Deserialize)]
        struct Version {
            schema_version: Option<serde_json::Value>,
        }
        let expected =
            format!("this version of llm-tco reads schema_version {OLDEST_SCHEMA_VERSION} and {SCHEMA_VERSION}");
        let version: Version = codec::parse(text, format)?;
        let found = version.schema_version.as_ref().and_then(serde_json::Value::as_u64);
        let message = match (&version.schema_version, found) {
            (None, _) => Some(format!("missing; {expected}")),
            (Some(_), Some(v)) if v == u64::from(SCHEMA_VERSION) || v == u64::from(OLDEST_SCHEMA_VERSION) => None,
            (Some(v), _) => Some(format!("found {v}; {expected}")),
        };
        if let Some(message) = message {
            return Err(Error::new(ErrorKind::SchemaVersion, "schema_version", message));
        }
        let mut file: ScenarioFile = codec::parse(text, format)?;
        if file.schema_version == OLDEST_SCHEMA_VERSION {
            file.migrate()?;
        }
        Ok(file)
    }

    /// Version 1 to version 2 (a document at version 2 is left as it is): a
    /// range's `options[N].<input>` becomes `option = "<name of option N>"`
    /// with `input = "<input>"`.
    ///
    /// # Errors
    /// `Invalid` for a range naming an option position the document lacks.
    pub fn migrate(&mut self) -> Result<()> {
        if self.schema_version != OLDEST_SCHEMA_VERSION {
            return Ok(());
        }
        for (i, u) in self.uncertainty.iter_mut().enumerate() {
            let Some(rest) = u.input.strip_prefix("options[") else {
                continue;
            };
            let Some((index, field)) = rest.split_once("].") else {
                continue;
            };
            let Ok(index) = index.parse::<usize>() else {
                continue;
            };
            let Some(option) = self.options.get(index) else {
                return Err(Error::invalid(
                    format!("uncertainty[{i}].input"),
                    format!(
                        "{:?}: there is no option {index} (the scenario has {})",
                        u.input,
                        self.options.len()
                    ),
                ));
            };
            u.option = Some(option.name.clone());
            u.input = field.to_string();
        }
        self.schema_version = SCHEMA_VERSION;
        Ok(())
    }

    /// The document as pretty JSON.
    pub fn to_json(&self) -> String {
        codec::to_json(self)
    }

    /// The document as TOML.
    #[cfg(feature = "toml")]
    ///
    /// # Errors
    /// Never for a document that was parsed; the TOML writer's error otherwise.
    pub fn to_toml(&self) -> Result<String> {
        toml::to_string_pretty(self).map_err(|e| Error::new(ErrorKind::Syntax, "", e.to_string()))
    }
}
