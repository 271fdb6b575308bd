//! The estimate report: one model on one replica of GPUs, as the CLI's
//! `estimate` command prints it and the npm package's `estimate()` returns
//! it, for a request ([`EstimateInput`]) against a catalog; with the engine
//! profile that made it, the calibration rows behind that profile and its
//! error on them.

use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::sizing::engine::EngineSettings;
use crate::sizing::layout::LayoutRequest;
use crate::sizing::{self, BatchBound, EstimateRequest, Formats, LatencyTarget, StepBound};
use crate::spec::calibration::{CalibrationError, ErrorBand, MetricGroup};
use crate::spec::catalog::EngineProfile;
use crate::spec::catalog::{Gpu, Model};
use crate::spec::estimate::EstimateInput;
use crate::spec::formats::{KvFormat, WeightFormat};
use serde::Serialize;

/// The engine profile used when a request names none: today's vLLM.
pub const DEFAULT_ENGINE: &str = "vllm";

/// Memory per GPU, in bytes, by part.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemoryReport {
    /// Memory of one GPU.
    pub gpu_bytes: u64,
    /// What the engine may use.
    pub usable_bytes: u64,
    /// Weights.
    pub weights_bytes: u64,
    /// KV cache (what is left; 0 when the weights do not fit).
    pub kv_cache_bytes: u64,
    /// Activations of one step's token budget.
    pub activations_bytes: u64,
    /// The engine's reserve.
    pub reserve_bytes: u64,
    /// KV cache per token of context on this GPU.
    pub kv_cache_bytes_per_token: u64,
}

/// How accurate the capacity is: the profile's error on its throughput
/// rows, the band a Monte Carlo analysis draws capacities from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Accuracy {
    /// Which rows the band comes from: `held_out` (each source predicted by
    /// a fit without it: the better guide to a new configuration) when the
    /// profile has two sources or more, `in_sample` otherwise.
    pub basis: &'static str,
    /// The metric group (`throughput`, or the profile's largest group when
    /// it has no throughput rows).
    pub metric: MetricGroup,
    /// The band.
    pub band: ErrorBand,
}

/// The engine profile behind an estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EngineReport {
    /// Profile id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Engine versions it stands for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub versions: Option<String>,
    /// Ids of the rows of `fixtures/calibration.json` it was fitted on
    /// (empty for a profile nobody calibrated).
    pub calibration_rows: Vec<String>,
    /// Its errors on them, by metric group: median and 90th percentile of
    /// the absolute error, worst ratio; held out where it has several
    /// sources.
    pub calibration_error: Vec<CalibrationError>,
    /// The band of its capacity, `None` for an uncalibrated profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<Accuracy>,
}

impl EngineReport {
    /// The report of `engine`'s calibration.
    pub fn of(engine: &EngineProfile) -> EngineReport {
        let (rows, errors) = match &engine.calibration {
            Some(c) => (c.rows.clone(), c.errors.clone()),
            None => (Vec::new(), Vec::new()),
        };
        EngineReport {
            id: engine.id.clone(),
            name: engine.name.clone(),
            versions: engine.versions.clone(),
            accuracy: accuracy(&errors),
            calibration_rows: rows,
            calibration_error: errors,
        }
    }
}

impl Accuracy {
    /// The range a capacity of `capacity` tokens/s lies in, given this band:
    /// `capacity × e^(∓w)` with `w = ln(1 + p90) / (1 − √0.1)`. A symmetric
    /// triangle on [−w, w] puts 90% of its draws within ±ln(1 + p90), so a
    /// triangular draw between these edges (most likely the estimate) is
    /// off by the profile's 90th-percentile error or less about 90% of the
    /// time.
    pub fn range(&self, capacity: f64) -> (f64, f64) {
        let w = libm::log(1.0 + self.band.p90_abs_error.max(0.0)) / (1.0 - libm::sqrt(0.1));
        (capacity * libm::exp(-w), capacity * libm::exp(w))
    }
}

/// The capacity band of a profile's errors: its throughput group (else its
/// largest), held out when measured so.
pub fn accuracy(errors: &[CalibrationError]) -> Option<Accuracy> {
    let group = errors
        .iter()
        .find(|e| e.metric == MetricGroup::Throughput)
        .or_else(|| errors.iter().max_by_key(|e| e.in_sample.rows))?;
    Some(match &group.held_out {
        Some(h) => Accuracy {
            basis: "held_out",
            metric: group.metric,
            band: h.clone(),
        },
        None => Accuracy {
            basis: "in_sample",
            metric: group.metric,
            band: group.in_sample.clone(),
        },
    })
}

/// The estimate, rounded for presentation: tokens per second to 2 places,
/// milliseconds to 3, bytes and tokens to whole numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EstimateReport {
    /// The request as understood, defaults filled in.
    pub request: EstimateInput,
    /// The engine profile that made the estimate, its calibration rows and
    /// its error on them.
    pub engine: EngineReport,
    /// Whether the model and one request fit.
    pub fits: bool,
    /// Whether the latency target can be met.
    pub meets_latency: bool,
    /// Why not, when it does not fit or cannot meet the target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Memory per GPU.
    pub memory: MemoryReport,
    /// Tokens of context the KV cache of the replica holds.
    pub max_kv_tokens: u64,
    /// Sequences decoding at once at saturation (under the latency target).
    pub batch_size: u32,
    /// What limits the batch.
    pub batch_bound: BatchBound,
    /// Users in flight at saturation (under the latency target): the
    /// concurrency at which the replica carries its saturation throughput,
    /// and at which the latency target holds when it can be met at all (1
    /// when even one user misses it, 0 when the model does not fit).
    pub saturation_users: u32,
    /// A decode step of that batch, ms.
    pub step_ms: f64,
    /// What limits the step.
    pub step_bound: StepBound,
    /// Output tokens per second of the replica at saturation (under the
    /// latency target).
    pub max_output_tokens_per_s: f64,
    /// Input + output tokens per second at saturation.
    pub max_total_tokens_per_s: f64,
    /// Output tokens per second one user receives at the concurrency, over
    /// whole requests (the wait for the first token included): times the
    /// concurrency, never above the saturation throughput.
    pub per_user_output_tokens_per_s: f64,
    /// Output tokens per second one user sees while tokens stream, at the
    /// concurrency (1000 / `itl_ms`).
    pub per_user_decode_tokens_per_s: f64,
    /// Time to first token at the concurrency, ms (queueing included).
    pub ttft_ms: f64,
    /// Time per output token at the concurrency, ms.
    pub itl_ms: f64,
    /// Output tokens per second of the replica at the concurrency.
    pub output_tokens_per_s: f64,
    /// Prompt tokens per second of one prompt alone.
    pub prefill_tokens_per_s: f64,
}

fn round(x: f64, places: i32) -> f64 {
    if !x.is_finite() {
        return 0.0;
    }
    let scale = libm::pow(10.0, f64::from(places));
    libm::round(x * scale) / scale
}

fn whole(x: f64) -> u64 {
    if x.is_finite() && x > 0.0 {
        libm::round(x.min(1e18)) as u64
    } else {
        0
    }
}

fn positive_option(v: Option<f64>, field: &str) -> Result<Option<f64>> {
    match v {
        Some(x) if !(x.is_finite() && x > 0.0) => Err(Error::invalid(
            field,
            format!(
                "must be a number above 0, found {}",
                crate::base::float::shortest_text(x)
            ),
        )),
        other => Ok(other),
    }
}

/// Estimates one replica.
///
/// # Errors
/// An unknown id or format, zero GPUs or tokens, a context longer than the
/// model's, a tensor-parallel split that does not divide the attention
/// heads — each naming its field. "Does not fit" and "cannot meet the
/// latency target" are results, not errors.
pub fn estimate(input: &EstimateInput, catalog: &Catalog) -> Result<EstimateReport> {
    let model = catalog.model(&input.model).map_err(|e| e.within("model"))?;
    let gpu = catalog.gpu(&input.gpu).map_err(|e| e.within("gpu"))?;
    let engine_id = input.engine.as_deref().unwrap_or(DEFAULT_ENGINE);
    let engine = catalog.engine(engine_id).map_err(|e| e.within("engine"))?;
    sizing::check_heads(model, engine.parallelism, input.gpus, input.attention_dp, "gpus")?;
    estimate_with(input, model, gpu, engine)
}

/// Estimates one replica of `model` on `gpu` with `engine`, already looked
/// up (the `model`, `gpu` and `engine` ids of `input` are not read again).
///
/// # Errors
/// As [`estimate`], but for the ids.
pub(crate) fn estimate_with(
    input: &EstimateInput,
    model: &Model,
    gpu: &Gpu,
    engine: &EngineProfile,
) -> Result<EstimateReport> {
    estimate_at(input, model, gpu, engine, Some(input.concurrency.unwrap_or(1)))
}

/// As [`estimate_with`], the per-user figures at the users the replica
/// serves at saturation (a sizing's operating point) whatever `input`'s
/// concurrency.
///
/// # Errors
/// As [`estimate_with`].
pub(crate) fn estimate_at_saturation(
    input: &EstimateInput,
    model: &Model,
    gpu: &Gpu,
    engine: &EngineProfile,
) -> Result<EstimateReport> {
    estimate_at(input, model, gpu, engine, None)
}

fn estimate_at(
    input: &EstimateInput,
    model: &Model,
    gpu: &Gpu,
    engine: &EngineProfile,
    concurrency: Option<u32>,
) -> Result<EstimateReport> {
    let weights = WeightFormat::parse(&input.weights).map_err(|e| e.within("weights"))?;
    let kv_cache = KvFormat::parse(&input.kv_cache).map_err(|e| e.within("kv_cache"))?;
    let parse = |v: &Option<String>, field: &str| {
        v.as_deref()
            .map(|f| WeightFormat::parse(f).map_err(|e| e.within(field)))
            .transpose()
    };
    let experts = parse(&input.expert_weights, "expert_weights")?;
    let dense = parse(&input.dense_weights, "dense_weights")?;
    if input.gpus == 0 {
        return Err(Error::invalid("gpus", "must be at least 1"));
    }
    if input.input_tokens > u64::from(u32::MAX) || input.output_tokens > u64::from(u32::MAX) {
        return Err(Error::invalid(
            "input_tokens",
            "input and output tokens must be below 2^32",
        ));
    }
    let min_rate = positive_option(
        input.min_output_tokens_per_s_per_user,
        "min_output_tokens_per_s_per_user",
    )?;
    let max_ttft = positive_option(input.max_ttft_ms, "max_ttft_ms")?;
    let latency = (min_rate.is_some() || max_ttft.is_some()).then_some(LatencyTarget {
        min_output_tokens_per_s_per_user: min_rate,
        max_ttft_ms: max_ttft,
    });
    let output_lengths = input.output_lengths.unwrap_or_default();
    let e = sizing::estimate(&EstimateRequest {
        model,
        gpu,
        n_gpus: input.gpus,
        formats: Formats {
            weights,
            experts,
            dense,
            kv_cache,
        },
        engine,
        settings: EngineSettings {
            max_batch: input.max_batch,
            async_scheduling: input.async_scheduling,
            ..EngineSettings::default()
        },
        layout: LayoutRequest {
            attention_dp: input.attention_dp,
            expert_parallel: input.expert_parallel,
            comm_overlap: false,
        },
        input_tokens: input.input_tokens as f64,
        output_tokens: input.output_tokens as f64,
        output_lengths,
        concurrency,
        latency,
    })?;
    let m = e.memory;
    Ok(EstimateReport {
        request: EstimateInput {
            concurrency: Some(e.concurrency),
            engine: Some(engine.id.clone()),
            weights: weights.name().to_string(),
            kv_cache: kv_cache.name().to_string(),
            expert_weights: experts.map(|f| f.name().to_string()),
            dense_weights: dense.map(|f| f.name().to_string()),
            ..input.clone()
        },
        engine: EngineReport::of(engine),
        fits: e.fits,
        meets_latency: e.meets_latency,
        reason: e.reason,
        memory: MemoryReport {
            gpu_bytes: whole(m.gpu_bytes),
            usable_bytes: whole(m.usable_bytes),
            weights_bytes: whole(m.weights_bytes),
            kv_cache_bytes: whole(m.kv_cache_bytes),
            activations_bytes: whole(m.activation_bytes),
            reserve_bytes: whole(m.reserve_bytes),
            kv_cache_bytes_per_token: whole(m.kv_bytes_per_token),
        },
        max_kv_tokens: whole(e.max_kv_tokens),
        batch_size: e.batch_size,
        batch_bound: e.batch_bound,
        saturation_users: e.saturation_users,
        step_ms: round(e.step_ms, 3),
        step_bound: e.step_bound,
        max_output_tokens_per_s: round(e.max_output_tokens_per_s, 2),
        max_total_tokens_per_s: round(e.max_total_tokens_per_s, 2),
        per_user_output_tokens_per_s: round(e.per_user_output_tokens_per_s, 2),
        per_user_decode_tokens_per_s: round(e.per_user_decode_tokens_per_s, 2),
        ttft_ms: round(e.ttft_ms, 3),
        itl_ms: round(e.itl_ms, 3),
        output_tokens_per_s: round(e.output_tokens_per_s, 2),
        prefill_tokens_per_s: round(e.prefill_tokens_per_s, 2),
    })
}

impl EstimateReport {
    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        crate::codec::to_json(self)
    }
}
