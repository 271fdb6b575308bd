//! The calibration file: public throughput measurements, each with the
//! inputs of the sizing model that reproduce it (`fixtures/calibration.json`,
//! made by `cargo xtask import-calibration` from
//! `shared/reference/calibration-benchmarks.json` and
//! `calibration-2026.json`).

use crate::codec::{self, Format};
use crate::error::Result;
pub use crate::spec::accuracy::{CalibrationError, EngineCalibration, ErrorBand, MetricGroup};
use crate::spec::catalog::Source;
use serde::{Deserialize, Serialize};

/// What a measurement measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Output tokens per second of the whole system at saturation.
    MaxOutputTokensPerS,
    /// Output tokens per second of the whole system at the row's
    /// concurrency.
    OutputTokensPerS,
    /// Input and output tokens per second of the whole system.
    TotalTokensPerS,
    /// Output tokens per second one stream sees while it decodes (1000 /
    /// time per output token; first-token time excluded).
    PerUserOutputTokensPerS,
    /// Mean time per output token, ms (first-token time excluded): each
    /// request's (latency − TTFT) / (output − 1), averaged over requests.
    TpotMs,
    /// Mean inter-token latency, ms: the time between two streamed tokens,
    /// averaged over tokens (vLLM bench's mean ITL), what a user's stream
    /// sees token by token.
    ItlMs,
    /// Mean time to first token, ms.
    TtftMs,
    /// Prompt tokens per second.
    PrefillTokensPerS,
}

impl Metric {
    /// The group its error is reported in.
    pub fn group(self) -> MetricGroup {
        match self {
            Metric::MaxOutputTokensPerS | Metric::OutputTokensPerS | Metric::TotalTokensPerS => MetricGroup::Throughput,
            Metric::PerUserOutputTokensPerS | Metric::TpotMs | Metric::ItlMs => MetricGroup::PerUser,
            Metric::TtftMs => MetricGroup::Ttft,
            Metric::PrefillTokensPerS => MetricGroup::Prefill,
        }
    }

    /// Whether less is better (a latency): its error ratio is inverted so
    /// that above 1 always means optimistic.
    pub fn is_latency(self) -> bool {
        matches!(self, Metric::TpotMs | Metric::ItlMs | Metric::TtftMs)
    }
}

/// How the benchmark drove the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BenchScenario {
    /// A closed loop of `concurrency` users, each sending its next request
    /// when its last one ends (`--max-concurrency`).
    Closed,
    /// `requests` requests sent at once (request rate inf).
    Burst,
    /// trtllm-bench's offline mode: `concurrency` requests in flight, the
    /// queue always full.
    Offline,
    /// One stream decoding from the row's input length (llama-bench tg).
    Single,
    /// One prompt processed alone (llama-bench pp).
    Prefill,
    /// llama-bench pp with micro-batches of `ubatch` tokens on top of
    /// `depth` cached tokens.
    Ubatch,
    /// The prefill nodes of a prefill/decode-disaggregated deployment:
    /// `tokens_per_gpu` prompt tokens per GPU per batch.
    PrefillOnly,
    /// The decode nodes of a disaggregated deployment: `batch_per_gpu`
    /// sequences per GPU at context `context`.
    DecodeOnly,
}

/// How output lengths are spread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutputLengths {
    /// Every request generates the mean count (synthetic fixed lengths):
    /// running sequences are on average half done (mean context input +
    /// output / 2).
    #[default]
    Fixed,
    /// Lengths vary like a chat dataset's (ShareGPT), read as exponential:
    /// a running sequence is length-biased, on average `output` tokens done
    /// (mean context input + output).
    Variable,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

fn one() -> f64 {
    1.0
}

fn is_one(v: &f64) -> bool {
    *v == 1.0
}

/// One measurement and the inputs that reproduce it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalibrationRow {
    /// The row's id (the reference row's, with `/ttft`, `/tpot` for its
    /// other metrics).
    pub id: String,
    /// The publication it comes from, for leave-one-source-out checks
    /// (`gpustack-lab`, `trtllm-perf-overview`).
    pub source_key: String,
    /// Where it comes from.
    pub source: Source,
    /// How far the reference file trusts it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust: Option<String>,
    /// Weight in the fit (0.5 for low-trust rows and rows whose metric is
    /// uncertain; 1 otherwise).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub weight: f64,
    /// Why the row is not fitted, when it is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded: Option<String>,
    /// Catalog model id.
    pub model: String,
    /// Catalog GPU id.
    pub gpu: String,
    /// GPUs used.
    pub n_gpus: u32,
    /// Weight format of the linear layers.
    pub weights: String,
    /// Format of the routed experts, when it differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expert_weights: Option<String>,
    /// Format of the linear layers outside the routed experts, when it
    /// differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dense_weights: Option<String>,
    /// KV-cache format.
    pub kv_cache: String,
    /// Engine profile id.
    pub engine: String,
    /// The engine's version as the source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine_version: Option<String>,
    /// Mean input tokens per request.
    pub input_tokens: f64,
    /// Mean output tokens per request.
    pub output_tokens: f64,
    /// How output lengths are spread.
    #[serde(default, skip_serializing_if = "is_default")]
    pub output_lengths: OutputLengths,
    /// How the benchmark drove the engine.
    pub scenario: BenchScenario,
    /// Users of a closed loop, requests in flight offline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<u32>,
    /// Requests of a burst.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<u32>,
    /// Micro-batch tokens (`ubatch`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ubatch: Option<u32>,
    /// Cached tokens before the prompt (`ubatch`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depth: Option<f64>,
    /// Prompt tokens per GPU per batch (`prefill_only`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens_per_gpu: Option<f64>,
    /// Sequences per GPU (`decode_only`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_per_gpu: Option<f64>,
    /// Context of the decoding sequences, when the source fixes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<f64>,
    /// Attention data-parallel groups (SGLang `--enable-dp-attention`,
    /// TensorRT-LLM attention DP); 1 when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attention_dp: Option<u32>,
    /// Expert-parallel degree; 1 when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expert_parallel: Option<u32>,
    /// Whether communication overlaps compute (two-batch overlap).
    #[serde(default, skip_serializing_if = "is_default")]
    pub comm_overlap: bool,
    /// The engine's asynchronous scheduling, when the run sets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub async_scheduling: Option<bool>,
    /// The engine's batch limit, when the run sets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_batch: Option<u32>,
    /// The engine's token budget per step, when the run sets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_tokens: Option<u32>,
    /// The engine's memory share, when the run sets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_utilization: Option<f64>,
    /// What was measured.
    pub metric: Metric,
    /// The measured value, in the metric's unit.
    pub measured: f64,
    /// How the reference row was read (assumed lengths, formats, settings).
    pub assumptions: String,
}

/// The calibration document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalibrationFile {
    /// What the file holds.
    pub about: String,
    /// The rows, excluded ones with their reason.
    pub rows: Vec<CalibrationRow>,
}

impl CalibrationFile {
    /// Parses the calibration document (JSON).
    ///
    /// # Errors
    /// A syntax error, with the field's path.
    pub fn parse(text: &str) -> Result<CalibrationFile> {
        codec::parse(text, Format::Json)
    }
}
