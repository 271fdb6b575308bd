//! An engine profile checked once and read in base units (seconds, tokens),
//! with the settings a run may override, and the formats it reads.

use super::shape::Formats;
use crate::base::float::shortest_text;
use crate::error::{Error, Result};
use crate::spec::catalog::{Admission, EngineProfile, Fp4Compute, Gpu, Parallelism};
use crate::spec::formats::KvFormat;

/// Settings a request (or a benchmark) sets for the engine.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct EngineSettings {
    /// Most sequences decoding at once per attention group.
    pub max_batch: Option<u32>,
    /// Token budget of one step.
    pub batch_tokens: Option<u32>,
    /// Share of the GPU's memory the engine uses.
    pub memory_utilization: Option<f64>,
    /// Asynchronous (overlap) scheduling.
    pub async_scheduling: Option<bool>,
}

/// An engine in base units.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Engine {
    pub chunked_prefill: bool,
    pub memory_utilization: f64,
    pub reserve_bytes: f64,
    pub max_batch: f64,
    /// Token budget of one step.
    pub budget: f64,
    pub dequantize_for_prefill: bool,
    pub fp16_accumulate: bool,
    pub fp4: Fp4Compute,
    pub async_scheduling: bool,
    pub static_memory: bool,
    pub admission: Admission,
    pub logits_bytes: f64,
    pub bandwidth: f64,
    pub kv_bandwidth: f64,
    pub compute: f64,
    pub prefill: f64,
    pub moe: f64,
    pub w4: f64,
    pub expert_width_half: f64,
    pub step_s: f64,
    pub per_sequence_s: f64,
    pub request_overhead_s: f64,
    pub request_latency_s: f64,
    pub collective_latency_s: f64,
}

fn share(v: f64, field: &str) -> Result<f64> {
    if v.is_finite() && v > 0.0 && v <= 1.0 {
        Ok(v)
    } else {
        Err(Error::invalid(
            field,
            format!("must be above 0 and at most 1, found {}", shortest_text(v)),
        ))
    }
}

fn at_least_zero(v: f64, field: &str) -> Result<f64> {
    if v.is_finite() && v >= 0.0 {
        Ok(v)
    } else {
        Err(Error::invalid(
            field,
            format!("must be a finite number at least 0, found {}", shortest_text(v)),
        ))
    }
}

/// Whether `profile` reads weights and a KV cache in `formats`: an engine
/// that splits a model by layers (llama.cpp) loads GGUF files, whose
/// caches are 16-bit or quantized to 8 or 4 bits (`--cache-type-k q8_0`),
/// never FP8.
///
/// # Errors
/// A format it does not read, naming the field (`weights`,
/// `expert_weights`, `dense_weights`, `kv_cache`) and what it reads.
pub fn check_formats(profile: &EngineProfile, formats: &Formats) -> Result<()> {
    if profile.parallelism != Parallelism::Layer {
        return Ok(());
    }
    let weights = [
        ("weights", Some(formats.weights)),
        ("expert_weights", formats.experts),
        ("dense_weights", formats.dense),
    ];
    let refused = weights
        .into_iter()
        .find_map(|(field, f)| {
            let f = f.filter(|f| !f.in_gguf())?;
            Some((
                field,
                f.name(),
                "weights: use gguf_ weights, bf16, fp16, mxfp4 or nvfp4, or a GPU server engine",
            ))
        })
        .or((formats.kv_cache == KvFormat::Fp8).then_some((
            "kv_cache",
            "fp8",
            "KV cache: use fp16, int8 (q8_0) or int4 (q4_0)",
        )));
    match refused {
        Some((field, name, what)) => Err(Error::invalid(
            field,
            format!("the {} engine (GGUF files) takes no {name} {what}", profile.id),
        )),
        None => Ok(()),
    }
}

/// Refuses an engine on a device it does not run on: the GPU server
/// engines and llama.cpp's CUDA and Vulkan builds on discrete GPUs,
/// llama.cpp's Metal build on Apple silicon's unified memory.
///
/// # Errors
/// The mismatch, naming `engine` and the engine that runs there.
pub fn check_device(profile: &EngineProfile, gpu: &Gpu) -> Result<()> {
    if profile.unified_memory == gpu.unified_memory {
        return Ok(());
    }
    let message = if gpu.unified_memory {
        format!(
            "the {} engine runs on discrete GPUs, and {} serves from unified memory: use llama.cpp-metal",
            profile.id, gpu.name
        )
    } else {
        format!(
            "the {} engine runs on Apple silicon, and {} is a discrete GPU: use llama.cpp (CUDA builds), llama.cpp-vulkan or a GPU server engine",
            profile.id, gpu.name
        )
    };
    Err(Error::invalid("engine", message))
}

impl Engine {
    /// `profile` with `settings` applied.
    ///
    /// # Errors
    /// A share outside (0, 1], a negative or non-finite time, a zero batch
    /// or budget, naming the field.
    pub fn new(profile: &EngineProfile, settings: EngineSettings) -> Result<Engine> {
        let e = profile;
        let max_batch = settings.max_batch.unwrap_or(e.max_batch);
        let budget = settings.batch_tokens.unwrap_or(e.prefill_chunk_tokens);
        if max_batch == 0 {
            return Err(Error::invalid("max_batch", "must be above 0"));
        }
        if budget == 0 {
            return Err(Error::invalid("prefill_chunk_tokens", "must be above 0"));
        }
        Ok(Engine {
            chunked_prefill: e.chunked_prefill,
            memory_utilization: share(
                settings.memory_utilization.unwrap_or(e.memory_utilization),
                "memory_utilization",
            )?,
            reserve_bytes: at_least_zero(e.reserve_gib, "reserve_gib")? * super::hardware::GIB,
            max_batch: f64::from(max_batch),
            budget: f64::from(budget),
            dequantize_for_prefill: e.dequantize_for_prefill,
            fp16_accumulate: e.fp16_accumulate,
            fp4: e.fp4_compute,
            async_scheduling: settings.async_scheduling.unwrap_or(e.async_scheduling),
            static_memory: e.static_memory,
            admission: e.admission,
            logits_bytes: at_least_zero(e.sampler_bytes_per_logit, "sampler_bytes_per_logit")?,
            bandwidth: share(e.bandwidth_efficiency, "bandwidth_efficiency")?,
            kv_bandwidth: share(e.kv_bandwidth_efficiency, "kv_bandwidth_efficiency")?,
            compute: share(e.compute_efficiency, "compute_efficiency")?,
            prefill: share(e.prefill_efficiency, "prefill_efficiency")?,
            moe: share(e.moe_efficiency, "moe_efficiency")?,
            w4: share(e.w4_efficiency, "w4_efficiency")?,
            expert_width_half: at_least_zero(e.expert_width_half, "expert_width_half")?,
            step_s: at_least_zero(e.step_overhead_ms, "step_overhead_ms")? * 1e-3,
            per_sequence_s: at_least_zero(e.per_sequence_overhead_us, "per_sequence_overhead_us")? * 1e-6,
            request_overhead_s: at_least_zero(e.request_overhead_ms, "request_overhead_ms")? * 1e-3,
            request_latency_s: at_least_zero(e.request_latency_ms, "request_latency_ms")? * 1e-3,
            collective_latency_s: at_least_zero(e.allreduce_latency_us, "allreduce_latency_us")? * 1e-6,
        })
    }
}
