//! Sizing: how much memory a model takes on a GPU, how many tokens per
//! second it serves, and how many GPUs a workload needs.
//!
//! Physical quantities (bytes, FLOPs, seconds, tokens per second) are `f64`.
//! Only `+ − × ÷`, comparisons and the pure-Rust `libm` are used on them, so
//! results are bit-identical on native and wasm32.
//!
//! # Memory, per GPU of a replica of `t` GPUs
//!
//! - weights: linear layers at the format's bits per parameter (scales
//!   included); embeddings and the output projection at 16 bits for
//!   FP8/INT8/AWQ/GPTQ checkpoints, at the format's bits for GGUF; every
//!   expert of a mixture of experts; split evenly over `t`.
//! - KV cache per token: 2 × layers × KV heads × head dim × bytes per
//!   element (grouped-query attention counted); sliding-window layers stop
//!   growing at their window; layers without a KV cache (linear attention,
//!   `no_kv_cache_layers`) hold none; multi-head latent attention (DeepSeek) stores
//!   (KV LoRA rank + rotary dim) per layer instead. KV heads split over `t`
//!   (replicated when there are fewer heads than GPUs); a latent cache is
//!   replicated on every GPU.
//! - the engine's reserve (CUDA context, graphs) and the activations of one
//!   prefill chunk; the engine uses `memory_utilization` of the card.
//!
//! # Time
//!
//! A decode step for `B` sequences at mean context `L` takes
//! `max(weights / (bandwidth × e_bw) + kv / (bandwidth × e_kv),
//! flops / (peak × e_compute)) + overhead + B × per-sequence overhead +
//! all-reduces`, where weights are read once per step (for a mixture of
//! experts, the experts that `B` tokens touch: 1 − (1 − k/E)^B of them), kv
//! is the cache of every sequence, and flops are 2 × active parameters plus
//! attention (4 × layers × L × heads × head dim) per token. Engines with
//! chunked prefill (vLLM-like, TensorRT-LLM-like) fold each request's
//! prefill into the steps: `B × input / output` prompt tokens ride along
//! with the `B` decode tokens. A llama.cpp-like engine prefills a prompt on
//! its own, in micro-batches that each dequantize the weights.

pub mod calibration;
pub mod report;

use crate::base::float::fixed;
use crate::error::{Error, Result};
use crate::spec::catalog::{EngineProfile, Gpu, Model, Parallelism};
use crate::spec::formats::{KvFormat, WeightFormat};
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

const GIB: f64 = 1_073_741_824.0;

/// What one estimate is asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct EstimateRequest<'a> {
    /// The model.
    pub model: &'a Model,
    /// The GPU.
    pub gpu: &'a Gpu,
    /// GPUs of the replica.
    pub n_gpus: u32,
    /// Weight format.
    pub weights: WeightFormat,
    /// KV-cache format.
    pub kv_cache: KvFormat,
    /// Engine profile.
    pub engine: &'a EngineProfile,
    /// Mean input tokens per request.
    pub input_tokens: u64,
    /// Mean output tokens per request.
    pub output_tokens: u64,
    /// Concurrent requests for the per-user figures (1 when not given).
    pub concurrency: u32,
    /// A latency target the batch must respect, if any.
    pub latency: Option<LatencyTarget>,
}

/// What each user must see.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LatencyTarget {
    /// Least output tokens per second per user.
    pub min_output_tokens_per_s_per_user: Option<f64>,
    /// Longest time to first token, ms.
    pub max_ttft_ms: Option<f64>,
}

/// Bytes of memory on each GPU, by part.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Memory {
    /// Memory of one GPU.
    pub gpu_bytes: f64,
    /// What the engine may use: `gpu_bytes × memory_utilization`.
    pub usable_bytes: f64,
    /// Weights on this GPU.
    pub weights_bytes: f64,
    /// Reserve: CUDA context, graphs, workspace.
    pub reserve_bytes: f64,
    /// Activations of one prefill chunk.
    pub activation_bytes: f64,
    /// Left for the KV cache (negative when the weights do not fit).
    pub kv_cache_bytes: f64,
    /// KV cache per token of context on this GPU, full-attention layers.
    pub kv_bytes_per_token: f64,
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
}

/// What limits a decode step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepBound {
    /// Reading weights and KV cache from memory.
    MemoryBandwidth,
    /// Arithmetic.
    Compute,
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
    /// Sequences decoded at once at saturation.
    pub batch_size: u32,
    /// What limits that batch.
    pub batch_bound: BatchBound,
    /// Time of one decode step at saturation, ms.
    pub step_ms: f64,
    /// What limits that step.
    pub step_bound: StepBound,
    /// Output tokens per second of the whole replica at saturation.
    pub max_output_tokens_per_s: f64,
    /// Input and output tokens per second at saturation (the capacity a
    /// workload sees).
    pub max_total_tokens_per_s: f64,
    /// Concurrency of the per-user figures.
    pub concurrency: u32,
    /// Output tokens per second one user sees at that concurrency.
    pub per_user_output_tokens_per_s: f64,
    /// Time to first token at that concurrency, ms.
    pub ttft_ms: f64,
    /// Time between two output tokens at that concurrency (a decode step
    /// without prompt work), ms.
    pub itl_ms: f64,
    /// Prompt tokens per second for one prompt processed alone.
    pub prefill_tokens_per_s: f64,
}

/// Model quantities derived once.
struct Shape {
    layers: f64,
    hidden: f64,
    heads: f64,
    head_dim: f64,
    intermediate: f64,
    total_params: f64,
    active_params: f64,
    weight_bytes: f64,
    /// Bytes of the experts alone (0 for a dense model).
    expert_bytes: f64,
    /// Experts per MoE layer, and experts per token.
    experts: Option<(f64, f64)>,
    /// KV bytes per token per layer, full cache (all heads).
    kv_layer_bytes: f64,
    /// KV heads (0 for a latent cache, which is replicated).
    kv_heads: f64,
    sliding: Option<(f64, f64)>,
    /// Layers that keep a KV cache and attend over the context (linear
    /// attention layers keep a fixed-size state instead).
    attending_layers: f64,
    max_context: f64,
}

fn shape(model: &Model, weights: WeightFormat, kv: KvFormat) -> Result<Shape> {
    let layers = f64::from(model.num_hidden_layers);
    let hidden = f64::from(model.hidden_size);
    let heads = f64::from(model.num_attention_heads);
    if layers <= 0.0 || hidden <= 0.0 || heads <= 0.0 || model.num_key_value_heads == 0 {
        return Err(Error::invalid(
            "model",
            format!("{}: layers, hidden size and heads must be above 0", model.id),
        ));
    }
    let head_dim = model.head_dim.map_or(hidden / heads, f64::from);
    let total = model.total_params as f64;
    let active = model.active_params as f64;
    let bits = weights.bits_per_param();
    let embedding_params = match model.vocab_size {
        Some(v) => {
            f64::from(v)
                * hidden
                * if model.tie_word_embeddings == Some(true) {
                    1.0
                } else {
                    2.0
                }
        }
        None => 0.0,
    }
    .min(total);
    let embedding_bits = match weights {
        WeightFormat::Fp8 | WeightFormat::Int8 | WeightFormat::AwqInt4 | WeightFormat::GptqInt4 => 16.0,
        _ => bits,
    };
    let weight_bytes = ((total - embedding_params) * bits + embedding_params * embedding_bits) / 8.0;
    let experts = match (
        model.num_local_experts.or(model.n_routed_experts),
        model.num_experts_per_tok,
    ) {
        (Some(e), Some(k)) if e > k && k > 0 => Some((f64::from(e), f64::from(k))),
        _ => None,
    };
    let expert_bytes = match experts {
        // (total − active) = (E − k) × one expert's parameters, all layers.
        Some((e, k)) => (total - active) / (e - k) * e * bits / 8.0,
        None => 0.0,
    };
    let kv_bytes = kv.bytes_per_element();
    let (kv_layer_bytes, kv_heads) = match (model.kv_lora_rank, model.qk_rope_head_dim) {
        (Some(rank), Some(rope)) => (f64::from(rank + rope) * kv_bytes, 0.0),
        _ => {
            let kvh = f64::from(model.num_key_value_heads);
            (2.0 * kvh * head_dim * kv_bytes, kvh)
        }
    };
    let sliding = match (model.sliding_window, model.sliding_window_layers) {
        (Some(w), Some(n)) if n > 0 => Some((f64::from(w), f64::from(n))),
        _ => None,
    };
    Ok(Shape {
        layers,
        hidden,
        heads,
        head_dim,
        intermediate: model.intermediate_size.map_or(4.0 * hidden, f64::from),
        total_params: total,
        active_params: active,
        weight_bytes,
        expert_bytes,
        experts,
        kv_layer_bytes,
        kv_heads,
        sliding,
        attending_layers: (layers - f64::from(model.no_kv_cache_layers.unwrap_or(0))).max(0.0),
        max_context: model.max_context as f64,
    })
}

impl Shape {
    /// KV bytes of one sequence of `context` tokens on one GPU of `t`.
    fn kv_bytes(&self, context: f64, t: f64, parallelism: Parallelism) -> f64 {
        let all = self.attended_tokens(context) * self.kv_layer_bytes;
        match parallelism {
            Parallelism::Layer => all / t,
            Parallelism::Tensor if self.kv_heads == 0.0 => all,
            Parallelism::Tensor => all * (self.kv_heads / t).ceil() / self.kv_heads,
        }
    }

    /// Tokens held (and attended to) over all layers for a context of
    /// `context` tokens: every token on full-attention layers, at most the
    /// window on sliding-window layers, none on layers without a KV cache.
    fn attended_tokens(&self, context: f64) -> f64 {
        match self.sliding {
            Some((window, n)) => {
                let n = n.min(self.attending_layers);
                (self.attending_layers - n) * context + n * context.min(window)
            }
            None => self.attending_layers * context,
        }
    }

    /// Attention FLOPs of one token attending to `context` tokens.
    fn attention_flops(&self, context: f64) -> f64 {
        4.0 * self.attended_tokens(context) * self.heads * self.head_dim
    }
}

/// Dense tensor peak (FLOP/s) for the weights' data type on this GPU:
/// FP8 and INT8 weights compute in 8 bits where the GPU can, everything
/// else (16-bit, weight-only 4-bit, GGUF) in 16 bits.
fn peak_flops(gpu: &Gpu, weights: WeightFormat, fp16_accumulate: bool) -> Result<f64> {
    let tf = |d: Option<rust_decimal::Decimal>| d.and_then(|v| v.to_f64());
    let mut sixteen = tf(gpu.bf16_dense_tflops).or(tf(gpu.fp16_dense_tflops));
    if fp16_accumulate {
        sixteen = tf(gpu.fp16_acc16_dense_tflops).or(sixteen);
    }
    let peak = match weights {
        WeightFormat::Fp8 => tf(gpu.fp8_dense_tflops).or(sixteen),
        WeightFormat::Int8 => tf(gpu.int8_dense_tops).or(sixteen),
        _ => sixteen,
    };
    match peak {
        Some(p) if p > 0.0 => Ok(p * 1e12),
        _ => Err(Error::invalid(
            "gpu",
            format!("{} has no dense 16-bit compute figure in the catalog", gpu.id),
        )),
    }
}

fn positive_f64(d: rust_decimal::Decimal, field: &str) -> Result<f64> {
    match d.to_f64() {
        Some(v) if v > 0.0 && v.is_finite() => Ok(v),
        _ => Err(Error::invalid(field, format!("must be above 0, found {d}"))),
    }
}

/// The times of one replica.
struct Timing<'a> {
    shape: Shape,
    req: &'a EstimateRequest<'a>,
    t: f64,
    bandwidth: f64,
    peak: f64,
    link: f64,
}

impl Timing<'_> {
    fn engine(&self) -> &EngineProfile {
        self.req.engine
    }

    /// Weight bytes one GPU reads in a step that carries `tokens` tokens.
    fn weight_read_bytes(&self, tokens: f64) -> f64 {
        let s = &self.shape;
        let bytes = match s.experts {
            Some((e, k)) => {
                let touched = 1.0 - libm::pow(1.0 - k / e, tokens.max(1.0));
                s.weight_bytes - s.expert_bytes + s.expert_bytes * touched
            }
            None => s.weight_bytes,
        };
        match self.engine().parallelism {
            Parallelism::Tensor => bytes / self.t,
            // Layer split: the GPUs take turns, so one token's step reads
            // every weight at one GPU's bandwidth.
            Parallelism::Layer => bytes,
        }
    }

    /// All-reduce time of a step carrying `tokens` tokens.
    fn comm_s(&self, tokens: f64) -> f64 {
        if self.t <= 1.0 {
            return 0.0;
        }
        match self.engine().parallelism {
            Parallelism::Tensor => {
                let bytes = tokens * self.shape.hidden * 2.0;
                let per = self.engine().allreduce_latency_us * 1e-6 + 2.0 * (self.t - 1.0) / self.t * bytes / self.link;
                2.0 * self.shape.layers * per
            }
            Parallelism::Layer => {
                (self.t - 1.0)
                    * (self.engine().allreduce_latency_us * 1e-6 + tokens * self.shape.hidden * 2.0 / self.link)
            }
        }
    }

    /// One step: `batch` decode tokens at mean context `context`, plus
    /// `prompt_tokens` prefill tokens of prompts of `prompt_len`. Returns
    /// the time and what bounds it.
    fn step(&self, batch: f64, context: f64, prompt_tokens: f64, prompt_len: f64) -> (f64, StepBound) {
        let s = &self.shape;
        let e = self.engine();
        let split = match e.parallelism {
            Parallelism::Tensor => self.t,
            Parallelism::Layer => 1.0,
        };
        let tokens = batch + prompt_tokens;
        let kv_read = match e.parallelism {
            Parallelism::Tensor => batch * s.kv_bytes(context, self.t, e.parallelism),
            Parallelism::Layer => batch * s.kv_bytes(context, 1.0, e.parallelism),
        };
        let flops = (batch * (2.0 * s.active_params + s.attention_flops(context))
            + prompt_tokens * (2.0 * s.active_params + s.attention_flops(prompt_len / 2.0)))
            / split;
        let t_mem = self.weight_read_bytes(tokens) / (self.bandwidth * e.bandwidth_efficiency)
            + kv_read / (self.bandwidth * e.kv_bandwidth_efficiency);
        let t_comp = flops / (self.peak * e.compute_efficiency);
        let bound = if t_mem >= t_comp {
            StepBound::MemoryBandwidth
        } else {
            StepBound::Compute
        };
        let cpu = e.step_overhead_ms * 1e-3 + batch * e.per_sequence_overhead_us * 1e-6;
        (t_mem.max(t_comp) + cpu + self.comm_s(tokens), bound)
    }

    /// Prefill of one prompt of `len` tokens on its own.
    fn prefill_s(&self, len: f64) -> f64 {
        let s = &self.shape;
        let e = self.engine();
        let split = match e.parallelism {
            Parallelism::Tensor => self.t,
            Parallelism::Layer => 1.0,
        };
        let flops = len * (2.0 * s.active_params + s.attention_flops(len / 2.0)) / split;
        let chunks = (len / f64::from(e.prefill_chunk_tokens)).ceil().max(1.0);
        let mut bytes = chunks * self.weight_read_bytes(len.min(f64::from(e.prefill_chunk_tokens)));
        if e.dequantize_for_prefill && self.req.weights.bits_per_param() < 16.0 {
            // Each chunk writes and reads a 16-bit copy of the weights.
            let fp16 = s.total_params * 2.0 / split;
            bytes += chunks * 2.0 * fp16;
        }
        let t_mem = bytes / (self.bandwidth * e.bandwidth_efficiency);
        let t_comp = flops / (self.peak * e.compute_efficiency);
        t_comp.max(t_mem) + chunks * e.step_overhead_ms * 1e-3 + self.comm_s(len)
    }

    /// Seconds per output token of the replica with `batch` sequences.
    fn cycle(&self, batch: f64) -> (f64, StepBound) {
        let input = self.req.input_tokens as f64;
        let output = (self.req.output_tokens as f64).max(1.0);
        let context = input + output / 2.0;
        if self.engine().chunked_prefill {
            // Each step also prefills batch × input / output prompt tokens.
            self.step(batch, context, batch * input / output, input)
        } else {
            let (step, bound) = self.step(batch, context, 0.0, 0.0);
            // Prefills run between steps: batch prompts per `output` steps.
            (step + batch * self.prefill_s(input) / output, bound)
        }
    }
}

/// Estimates memory and throughput of one replica.
///
/// "Does not fit" is a result (`fits: false` with a reason), not an error.
///
/// # Errors
/// A request that makes no sense: zero GPUs, zero tokens, a context longer
/// than the model's, or a GPU without the figures the model needs.
pub fn estimate(req: &EstimateRequest<'_>) -> Result<Estimate> {
    if req.n_gpus == 0 || req.n_gpus > 64 {
        return Err(Error::invalid(
            "gpus",
            format!("must be between 1 and 64, found {}", req.n_gpus),
        ));
    }
    if req.output_tokens == 0 {
        return Err(Error::invalid("output_tokens", "must be above 0"));
    }
    if req.concurrency == 0 {
        return Err(Error::invalid("concurrency", "must be above 0"));
    }
    crate::catalog::check_engine(req.engine).map_err(|e| e.within("engine"))?;
    let shape = shape(req.model, req.weights, req.kv_cache)?;
    // Input and output tokens of one request: whole for messages, a float
    // for the model.
    let context_tokens = u128::from(req.input_tokens) + u128::from(req.output_tokens);
    let context = context_tokens as f64;
    if context > shape.max_context {
        return Err(Error::invalid(
            "input_tokens",
            format!(
                "input + output is {} tokens, longer than {}'s context of {}",
                context_tokens, req.model.id, req.model.max_context
            ),
        ));
    }
    let t = f64::from(req.n_gpus);
    let e = req.engine;
    let gpu_bytes = positive_f64(req.gpu.memory_gb, "gpu.memory_gb")? * GIB;
    let usable = gpu_bytes * e.memory_utilization;
    let weights = shape.weight_bytes / t;
    let reserve = e.reserve_gib * GIB;
    let chunk = f64::from(e.prefill_chunk_tokens).min(context);
    let activation = chunk * (4.0 * shape.hidden + 2.0 * shape.intermediate / t) * 2.0;
    let kv_cache = usable - weights - reserve - activation;
    let kv_per_token = shape.kv_bytes(1.0, t, e.parallelism);
    let memory = Memory {
        gpu_bytes,
        usable_bytes: usable,
        weights_bytes: weights,
        reserve_bytes: reserve,
        activation_bytes: activation,
        kv_cache_bytes: kv_cache,
        kv_bytes_per_token: kv_per_token,
    };
    let seq_bytes = shape.kv_bytes(context, t, e.parallelism);
    let max_kv_tokens = if kv_cache > 0.0 { kv_cache / kv_per_token } else { 0.0 };
    let timing = Timing {
        bandwidth: positive_f64(req.gpu.mem_bw_gbps, "gpu.mem_bw_gbps")? * 1e9,
        peak: peak_flops(req.gpu, req.weights, e.fp16_accumulate)?,
        link: req
            .gpu
            .interconnect_gbps
            .and_then(|v| v.to_f64())
            .filter(|v| *v > 0.0)
            .unwrap_or(32.0)
            * 1e9,
        shape,
        req,
        t,
    };
    if kv_cache < seq_bytes {
        let reason = if weights + reserve + activation > usable {
            format!(
                "the weights need {} GiB per GPU on {} × {}, more than the {} GiB the engine may use",
                fixed(weights / GIB, 1),
                req.n_gpus,
                req.gpu.id,
                fixed(usable / GIB, 1)
            )
        } else {
            format!(
                "after the weights, {} GiB per GPU is left for the KV cache; one request of {} tokens needs {} GiB",
                fixed(kv_cache.max(0.0) / GIB, 2),
                context_tokens,
                fixed(seq_bytes / GIB, 2)
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
            step_ms: 0.0,
            step_bound: StepBound::MemoryBandwidth,
            max_output_tokens_per_s: 0.0,
            max_total_tokens_per_s: 0.0,
            concurrency: req.concurrency,
            per_user_output_tokens_per_s: 0.0,
            ttft_ms: 0.0,
            itl_ms: 0.0,
            prefill_tokens_per_s: 0.0,
        });
    }
    // Sequences at the mean context (input + output / 2) that the cache holds.
    let mean_seq = timing.shape.kv_bytes(
        req.input_tokens as f64 + req.output_tokens as f64 / 2.0,
        t,
        e.parallelism,
    );
    let by_memory = (kv_cache / mean_seq).floor().max(1.0).min(f64::from(u32::MAX)) as u32;
    let (mut batch, mut batch_bound) = if by_memory < e.max_batch {
        (by_memory, BatchBound::KvMemory)
    } else {
        (e.max_batch, BatchBound::EngineMaxBatch)
    };
    let input = req.input_tokens as f64;
    let decode_context = input + req.output_tokens as f64 / 2.0;
    let prefill = timing.prefill_s(input.max(1.0));
    let ttft_at = |b: u32| prefill + timing.step(f64::from(b), input, 0.0, 0.0).0;
    let rate_at = |b: u32| 1.0 / timing.cycle(f64::from(b)).0;
    let mut meets_latency = true;
    let mut reason = None;
    if let Some(target) = req.latency {
        let ok = |b: u32| {
            target
                .min_output_tokens_per_s_per_user
                .is_none_or(|min| rate_at(b) >= min)
                && target.max_ttft_ms.is_none_or(|max| ttft_at(b) * 1e3 <= max)
        };
        if !ok(1) {
            meets_latency = false;
            reason = Some(format!(
                "even one user at a time sees {} output tokens/s and a first token after {} ms on {} × {}",
                fixed(rate_at(1), 1),
                fixed(ttft_at(1) * 1e3, 0),
                req.n_gpus,
                req.gpu.id
            ));
            batch = 1;
            batch_bound = BatchBound::Latency;
        } else if !ok(batch) {
            // The largest batch that still meets the target: ok(1) holds and
            // ok(batch) does not, and both rates fall as the batch grows.
            let (mut lo, mut hi) = (1, batch);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if ok(mid) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            batch = lo;
            batch_bound = BatchBound::Latency;
        }
    }
    let (cycle, step_bound) = timing.cycle(f64::from(batch));
    let max_output = f64::from(batch) / cycle;
    let ratio = (input + req.output_tokens as f64) / req.output_tokens as f64;
    let users = req.concurrency.min(batch).max(1);
    let (step, _) = timing.step(f64::from(batch), decode_context, 0.0, 0.0);
    let (itl, _) = timing.step(f64::from(users), decode_context, 0.0, 0.0);
    Ok(Estimate {
        fits: true,
        meets_latency,
        reason,
        n_gpus: req.n_gpus,
        memory,
        max_kv_tokens,
        batch_size: batch,
        batch_bound,
        step_ms: step * 1e3,
        step_bound,
        max_output_tokens_per_s: max_output,
        max_total_tokens_per_s: max_output * ratio,
        concurrency: req.concurrency,
        per_user_output_tokens_per_s: rate_at(users),
        ttft_ms: ttft_at(users) * 1e3,
        itl_ms: itl * 1e3,
        prefill_tokens_per_s: input.max(1.0) / prefill,
    })
}
