//! Sizing: how much memory a model takes on a GPU, how many tokens per
//! second it serves, what each user sees, and how accurate that is.
//!
//! Physical quantities (bytes, FLOPs, seconds, tokens per second) are `f64`.
//! Only `+ − × ÷`, comparisons and the pure-Rust `libm` are used on them, so
//! results are bit-identical on native and wasm32.
//!
//! The model, one concern a file:
//!
//! - [`shape`]: a model's parameter groups (dense, routed experts,
//!   embeddings) in their formats, and its KV-cache layout (full, windowed
//!   and KV-less layers; grouped-query or latent attention);
//! - [`hardware`]: a GPU's bandwidth and tensor peaks by data type;
//! - [`layout`]: tensor, data-parallel attention, expert and layer splits;
//! - [`memory`]: memory per GPU and the sequences its KV cache holds;
//! - [`step`]: the roofline time of one engine step, communication included;
//! - [`prefill`]: a prompt's prefill, the prefill queue, the decode cycle;
//! - [`queueing`]: closed loops of users and bursts of requests;
//! - [`calibration`]: predictions of public measurements and error bands;
//! - [`report`]: the estimate as the CLI and the npm package give it.

pub mod calibration;
pub mod engine;
pub mod hardware;
pub mod layout;
pub mod memory;
pub mod prefill;
pub mod queueing;
pub mod report;
pub mod shape;
pub mod step;

use crate::base::float::fixed;
use crate::error::{Error, Result};
pub use crate::spec::calibration::OutputLengths;
use crate::spec::catalog::{EngineProfile, Gpu, Model, Parallelism};
use engine::{Engine, EngineSettings};
use hardware::{Hardware, GIB};
use layout::{Layout, LayoutRequest};
pub use memory::Memory;
use serde::Serialize;
pub use shape::Formats;
use shape::Shape;
pub use step::StepBound;
use step::{Server, Work};

/// Most GPUs one replica may have.
pub const MAX_GPUS: u32 = 1024;

/// What one estimate is asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct EstimateRequest<'a> {
    /// The model.
    pub model: &'a Model,
    /// The GPU.
    pub gpu: &'a Gpu,
    /// GPUs of the replica.
    pub n_gpus: u32,
    /// Weight and KV-cache formats.
    pub formats: Formats,
    /// Engine profile.
    pub engine: &'a EngineProfile,
    /// Engine settings the request sets.
    pub settings: EngineSettings,
    /// Parallel layout.
    pub layout: LayoutRequest,
    /// Mean input tokens per request.
    pub input_tokens: f64,
    /// Mean output tokens per request.
    pub output_tokens: f64,
    /// How output lengths are spread.
    pub output_lengths: OutputLengths,
    /// Concurrent users for the per-user figures; `None`: as many as the
    /// replica serves at saturation ([`Estimate::saturation_users`]).
    pub concurrency: Option<u32>,
    /// A latency target the batch must respect, if any.
    pub latency: Option<LatencyTarget>,
}

/// What each user must see.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LatencyTarget {
    /// Least output tokens per second per user while tokens stream (1 /
    /// time per output token).
    pub min_output_tokens_per_s_per_user: Option<f64>,
    /// Longest time to first token, ms.
    pub max_ttft_ms: Option<f64>,
}

/// What limits the batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchBound {
    /// The KV cache is full.
    KvMemory,
    /// The engine's maximum number of sequences.
    EngineMaxBatch,
    /// The requested concurrency.
    Concurrency,
    /// The latency target.
    Latency,
    /// Prompts: the engine prefills requests no faster than this.
    Prefill,
}

/// The sizing and throughput estimate of one replica.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// Whether the model and one request's KV cache fit.
    pub fits: bool,
    /// Whether the latency target can be met (true without a target).
    pub meets_latency: bool,
    /// Why it does not fit or cannot meet the target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// GPUs of the replica.
    pub n_gpus: u32,
    /// Memory per GPU, by part.
    pub memory: Memory,
    /// Tokens of context the KV cache holds, all GPUs of the replica.
    pub max_kv_tokens: f64,
    /// Sequences decoding at once at saturation (under the latency target).
    pub batch_size: u32,
    /// What limits that batch.
    pub batch_bound: BatchBound,
    /// Users in flight at saturation (under the latency target): the
    /// concurrency at which the replica carries its saturation throughput.
    /// Above it requests only wait longer; the latency target holds at it
    /// when it can be met at all (1 when even one user misses it, 0 when the
    /// model does not fit).
    pub saturation_users: u32,
    /// Time of one decode step of that batch, ms.
    pub step_ms: f64,
    /// What limits that step.
    pub step_bound: StepBound,
    /// Output tokens per second of the whole replica at saturation (under
    /// the latency target).
    pub max_output_tokens_per_s: f64,
    /// Input and output tokens per second at saturation (the capacity a
    /// workload sees).
    pub max_total_tokens_per_s: f64,
    /// Concurrency of the per-user figures.
    pub concurrency: u32,
    /// Output tokens per second one user receives at that concurrency over
    /// whole requests, the wait for the first token included:
    /// this × concurrency never exceeds the saturation throughput.
    pub per_user_output_tokens_per_s: f64,
    /// Output tokens per second one user sees while tokens stream (1 /
    /// time per output token) at that concurrency.
    pub per_user_decode_tokens_per_s: f64,
    /// Time to first token at that concurrency, ms: the prompt's prefill,
    /// and the wait when users outnumber what the engine serves at once.
    pub ttft_ms: f64,
    /// Time per output token at that concurrency, ms.
    pub itl_ms: f64,
    /// Output tokens per second of the replica at that concurrency.
    pub output_tokens_per_s: f64,
    /// Prompt tokens per second for one prompt processed alone.
    pub prefill_tokens_per_s: f64,
}

/// Everything a request resolves to.
pub(crate) struct Setup {
    pub server: Server,
    pub memory: Memory,
    pub input: f64,
    pub output: f64,
    pub context: f64,
    /// Sequences the engine decodes at once (KV cache and batch limit).
    pub b_cap: f64,
    pub b_cap_bound: BatchBound,
    pub fits: bool,
}

impl Setup {
    /// Resolves a request: its shape, GPU, engine and layout, its memory.
    ///
    /// # Errors
    /// As [`estimate`].
    pub fn new(req: &EstimateRequest<'_>) -> Result<Setup> {
        if req.n_gpus == 0 || req.n_gpus > MAX_GPUS {
            return Err(Error::invalid(
                "gpus",
                format!("must be between 1 and {MAX_GPUS}, found {}", req.n_gpus),
            ));
        }
        let (input, output) = (req.input_tokens, req.output_tokens);
        if !(input.is_finite() && input >= 0.0) {
            return Err(Error::invalid("input_tokens", "must be a number at least 0"));
        }
        if !(output.is_finite() && output >= 1.0) {
            return Err(Error::invalid("output_tokens", "must be above 0"));
        }
        if req.concurrency == Some(0) {
            return Err(Error::invalid("concurrency", "must be above 0"));
        }
        engine::check_formats(req.engine, &req.formats)?;
        engine::check_device(req.engine, req.gpu)?;
        let shape = Shape::new(req.model, req.formats).map_err(|e| e.within("model"))?;
        if input + output > shape.max_context {
            return Err(Error::invalid(
                "input_tokens",
                format!(
                    "input + output is {} tokens, longer than {}'s context of {}",
                    crate::base::float::shortest_text(input + output),
                    req.model.name,
                    req.model.max_context
                ),
            ));
        }
        let hw = Hardware::new(req.gpu).map_err(|e| e.within("gpu"))?;
        let engine = Engine::new(req.engine, req.settings).map_err(|e| e.within("engine"))?;
        let layout = Layout::new(req.n_gpus, hw.node, req.engine.parallelism, req.layout)?;
        let server = Server {
            shape,
            hw,
            layout,
            engine,
        };
        let context = match req.output_lengths {
            OutputLengths::Fixed => input + output / 2.0,
            OutputLengths::Variable => input + output,
        };
        let memory = server.memory(context);
        // The batch the cache holds: at the running sequences' mean context,
        // or at their whole context for an engine that reserves it up front.
        let held = match server.engine.admission {
            crate::spec::catalog::Admission::WholeRequest => input + output,
            _ => context,
        };
        let by_memory = server.kv_batch(&memory, held);
        let fits = server.kv_batch(&memory, input + output) >= 1.0;
        let cap = server.engine.max_batch * server.layout.da;
        let (b_cap, b_cap_bound) = if cap <= by_memory {
            (cap, BatchBound::EngineMaxBatch)
        } else {
            (by_memory, BatchBound::KvMemory)
        };
        Ok(Setup {
            server,
            memory,
            input,
            output,
            context,
            b_cap,
            b_cap_bound,
            fits,
        })
    }
}

/// Whether `n_gpus` GPUs split `model`'s attention as the engines do: a
/// tensor-parallel degree (the GPUs over the attention data-parallel
/// groups) must divide the attention heads, as vLLM, SGLang and
/// TensorRT-LLM require; a layer split takes any count.
pub fn splits_heads(model: &Model, parallelism: Parallelism, n_gpus: u32, attention_dp: Option<u32>) -> bool {
    let ta = n_gpus / attention_dp.unwrap_or(1).max(1);
    parallelism == Parallelism::Layer || ta == 0 || model.num_attention_heads.is_multiple_of(ta)
}

/// [`splits_heads`] as an error at `field` that lists the counts that do.
///
/// # Errors
/// A count that does not split the heads.
pub fn check_heads(
    model: &Model,
    parallelism: Parallelism,
    n_gpus: u32,
    attention_dp: Option<u32>,
    field: &str,
) -> Result<()> {
    if splits_heads(model, parallelism, n_gpus, attention_dp) {
        return Ok(());
    }
    let heads = model.num_attention_heads;
    // Whole replicas: each count times the data-parallel groups.
    let dp = attention_dp.unwrap_or(1).max(1);
    let counts: Vec<String> = (1..=heads.min(64))
        .filter(|t| heads.is_multiple_of(*t))
        .map(|t| (t * dp).to_string())
        .collect();
    Err(Error::invalid(
        field,
        format!(
            "{} has {heads} attention heads, which a tensor-parallel split over {} GPUs does not divide: use {} GPUs per replica",
            model.name,
            n_gpus / dp,
            counts.join(", ")
        ),
    ))
}

/// Estimates memory and throughput of one replica.
///
/// "Does not fit" and "cannot meet the latency target" are results (with
/// a reason), not errors.
///
/// # Errors
/// A request that makes no sense (zero GPUs, zero output tokens, a context
/// longer than the model's, a layout degree that does not divide the GPUs)
/// or a model, GPU or engine without the figures the model needs, each
/// naming its field.
pub fn estimate(req: &EstimateRequest<'_>) -> Result<Estimate> {
    let setup = Setup::new(req)?;
    let Setup {
        server,
        memory,
        input,
        output,
        context,
        b_cap,
        b_cap_bound,
        fits,
    } = setup;
    let kv_per_token = memory.kv_bytes_per_token;
    let max_kv_tokens = if memory.kv_cache_bytes > 0.0 && kv_per_token > 0.0 {
        memory.kv_cache_bytes / kv_per_token * server.layout.da
    } else {
        0.0
    };
    if !fits {
        let need = server.kv_seq_bytes(input + output);
        let reason =
            if memory.kv_cache_bytes <= 0.0 {
                format!(
                "the weights need {} GiB per GPU on {} × {}, more than the {} GiB the engine may use after its reserve",
                fixed(memory.weights_bytes / GIB, 1),
                req.n_gpus,
                req.gpu.name,
                fixed((memory.usable_bytes - memory.reserve_bytes - memory.activation_bytes) / GIB, 1)
            )
            } else {
                format!(
                    "after the weights, {} GiB per GPU is left for the KV cache; one request of {} tokens needs {} GiB",
                    fixed(memory.kv_cache_bytes / GIB, 2),
                    crate::base::float::shortest_text(input + output),
                    fixed(need / GIB, 2)
                )
            };
        return Ok(Estimate {
            fits: false,
            meets_latency: false,
            reason: Some(reason),
            n_gpus: req.n_gpus,
            memory,
            max_kv_tokens,
            batch_size: 0,
            batch_bound: BatchBound::KvMemory,
            saturation_users: 0,
            step_ms: 0.0,
            step_bound: StepBound::MemoryBandwidth,
            max_output_tokens_per_s: 0.0,
            max_total_tokens_per_s: 0.0,
            concurrency: req.concurrency.unwrap_or(0),
            per_user_output_tokens_per_s: 0.0,
            per_user_decode_tokens_per_s: 0.0,
            ttft_ms: 0.0,
            itl_ms: 0.0,
            output_tokens_per_s: 0.0,
            prefill_tokens_per_s: 0.0,
        });
    }
    let loop_at = |users: f64| server.closed_loop(users, b_cap, input, output, context);
    // Saturation: every slot the engine holds has a user (more users only
    // wait longer).
    let mut users = b_cap;
    let mut bound = b_cap_bound;
    let mut meets_latency = true;
    let mut reason = None;
    if let Some(target) = req.latency {
        let ok = |c: f64| {
            let l = loop_at(c);
            target
                .min_output_tokens_per_s_per_user
                .is_none_or(|min| 1.0 / l.tpot_s >= min)
                && target.max_ttft_ms.is_none_or(|max| l.ttft_s * 1e3 <= max)
        };
        if !ok(1.0) {
            let one = loop_at(1.0);
            meets_latency = false;
            reason = Some(format!(
                "even one user at a time sees {} output tokens/s and a first token after {} ms on {} × {}",
                fixed(1.0 / one.tpot_s, 1),
                fixed(one.ttft_s * 1e3, 0),
                req.n_gpus,
                req.gpu.name
            ));
            users = 1.0;
            bound = BatchBound::Latency;
        } else if !ok(b_cap) {
            // The most users that still see the target: ok(1) holds and
            // ok(b_cap) does not, and both figures worsen with more users.
            let (mut lo, mut hi) = (1.0_f64, libm::floor(b_cap));
            while hi - lo > 1.0 {
                let mid = libm::floor(lo + (hi - lo) / 2.0);
                if ok(mid) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            users = lo;
            bound = BatchBound::Latency;
        }
    }
    let sat = loop_at(users);
    if bound != BatchBound::Latency && sat.decoding + 0.5 < b_cap.min(users) {
        bound = BatchBound::Prefill;
    }
    let batch = sat.decoding;
    let (step, step_bound) = server.step(Work::decode(batch, context));
    let max_output = sat.requests_per_s * output;
    let saturation_users = libm::floor(users).clamp(1.0, f64::from(u32::MAX));
    let c = req.concurrency.map_or(saturation_users, f64::from);
    let at = if c == users { sat } else { loop_at(c) };
    let prefill_s = server.prefill_time(input, 0.0, 0.0);
    Ok(Estimate {
        fits: true,
        meets_latency,
        reason,
        n_gpus: req.n_gpus,
        memory,
        max_kv_tokens,
        batch_size: libm::round(batch).min(f64::from(u32::MAX)) as u32,
        batch_bound: bound,
        saturation_users: saturation_users as u32,
        step_ms: step * 1e3,
        step_bound,
        max_output_tokens_per_s: max_output,
        max_total_tokens_per_s: max_output * (input + output) / output,
        concurrency: c as u32,
        per_user_output_tokens_per_s: output * at.requests_per_s / c,
        per_user_decode_tokens_per_s: 1.0 / at.tpot_s,
        ttft_ms: at.ttft_s * 1e3,
        itl_ms: at.tpot_s * 1e3,
        output_tokens_per_s: at.requests_per_s * output,
        prefill_tokens_per_s: if input > 0.0 { input / prefill_s } else { 0.0 },
    })
}
