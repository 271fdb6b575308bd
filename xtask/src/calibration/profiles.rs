//! The engine profiles before fitting: each engine's settings (from its
//! documentation and defaults, not fitted) and the starting values of its
//! factors; and which factors each profile fits, and shares with another
//! profile of the same kernels.

use llm_tco::spec::catalog::{Admission, EngineProfile, Fp4Compute, Parallelism};

/// A factor the fit can move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Factor {
    Bandwidth,
    KvBandwidth,
    Compute,
    Prefill,
    Moe,
    W4,
    Reserve,
    Step,
    PerSequence,
    RequestOverhead,
    RequestLatency,
}

/// Every factor, in the order the fit lists them.
pub const FACTORS: [Factor; 11] = [
    Factor::Bandwidth,
    Factor::KvBandwidth,
    Factor::Compute,
    Factor::Prefill,
    Factor::Moe,
    Factor::W4,
    Factor::Reserve,
    Factor::Step,
    Factor::PerSequence,
    Factor::RequestOverhead,
    Factor::RequestLatency,
];

impl Factor {
    /// The typical value a weak prior pulls toward, where rows cannot see
    /// the factor: weight streaming 80% of the bandwidth, KV reads 60%,
    /// tensor cores 50% in decode and 40% in prefill, grouped-expert GEMMs
    /// 70% of that, weight-only kernels 80%, 2 GiB of reserve, 1 ms per
    /// step, 10 µs per sequence, 1 ms per request admitted, 20 ms to a
    /// first token.
    pub fn prior(self) -> f64 {
        match self {
            Factor::Bandwidth => 0.8,
            Factor::KvBandwidth => 0.6,
            Factor::Compute => 0.5,
            Factor::Prefill => 0.4,
            Factor::Moe => 0.7,
            Factor::W4 => 0.8,
            Factor::Reserve => 2.0,
            Factor::Step => 1.0,
            Factor::PerSequence => 10.0,
            Factor::RequestOverhead => 1.0,
            Factor::RequestLatency => 20.0,
        }
    }

    /// Whether it is an amount (GiB, ms, µs: searched as prior × e^x) rather
    /// than a share (searched through a logistic onto (0, top)).
    fn is_amount(self) -> bool {
        matches!(
            self,
            Factor::Reserve | Factor::Step | Factor::PerSequence | Factor::RequestOverhead | Factor::RequestLatency
        )
    }

    /// The largest share: no kernel streams memory or multiplies at the
    /// datasheet's peak (0.95); large dense GEMMs reach about three quarters
    /// of the tensor peak (cuBLAS BF16 on an H100 SXM runs at 700–750 of its
    /// 989 TFLOPS), so a decode step with prompts riding along, mostly small
    /// GEMMs, stays below 0.8 of it; the multipliers may reach 1.
    fn top(self) -> f64 {
        match self {
            Factor::Moe | Factor::W4 => 1.0,
            Factor::Compute => 0.8,
            _ => 0.95,
        }
    }

    /// The value at search coordinate `x`.
    pub fn value(self, x: f64) -> f64 {
        if self.is_amount() {
            self.prior() * libm::exp(x)
        } else {
            self.top() / (1.0 + libm::exp(-x))
        }
    }

    /// The search coordinate of value `v`.
    pub fn coordinate(self, v: f64) -> f64 {
        if self.is_amount() {
            libm::log(v / self.prior())
        } else {
            let s = v / self.top();
            libm::log(s / (1.0 - s))
        }
    }

    pub fn get(self, e: &EngineProfile) -> f64 {
        match self {
            Factor::Bandwidth => e.bandwidth_efficiency,
            Factor::KvBandwidth => e.kv_bandwidth_efficiency,
            Factor::Compute => e.compute_efficiency,
            Factor::Prefill => e.prefill_efficiency,
            Factor::Moe => e.moe_efficiency,
            Factor::W4 => e.w4_efficiency,
            Factor::Reserve => e.reserve_gib,
            Factor::Step => e.step_overhead_ms,
            Factor::PerSequence => e.per_sequence_overhead_us,
            Factor::RequestOverhead => e.request_overhead_ms,
            Factor::RequestLatency => e.request_latency_ms,
        }
    }

    pub fn set(self, e: &mut EngineProfile, v: f64) {
        match self {
            Factor::Bandwidth => e.bandwidth_efficiency = v,
            Factor::KvBandwidth => e.kv_bandwidth_efficiency = v,
            Factor::Compute => e.compute_efficiency = v,
            Factor::Prefill => e.prefill_efficiency = v,
            Factor::Moe => e.moe_efficiency = v,
            Factor::W4 => e.w4_efficiency = v,
            Factor::Reserve => e.reserve_gib = v,
            Factor::Step => e.step_overhead_ms = v,
            Factor::PerSequence => e.per_sequence_overhead_us = v,
            Factor::RequestOverhead => e.request_overhead_ms = v,
            Factor::RequestLatency => e.request_latency_ms = v,
        }
    }
}

/// Profiles fitted together: the factors each fits, and factors shared by
/// several (one value for all of them).
pub struct FitGroup {
    pub profiles: &'static [&'static str],
    pub fit: &'static [(&'static str, &'static [Factor])],
    pub shared: &'static [(Factor, &'static [&'static str])],
}

use Factor::*;

/// The fit groups, with why each shares what it shares.
pub fn groups() -> Vec<FitGroup> {
    vec![
        FitGroup {
            profiles: &["vllm"],
            fit: &[("vllm", &FACTORS)],
            shared: &[],
        },
        // The 2024–2025 vLLM generations stream weights and KV cache with the
        // same kernels (shared bandwidth efficiencies); they differ in CPU
        // overhead per step (multi-step scheduling came in 0.6) and in how
        // prefill mixes with decode.
        FitGroup {
            profiles: &["vllm-0.5", "vllm-0.6", "vllm-0.7"],
            fit: &[
                ("vllm-0.5", &[Compute, Step, PerSequence]),
                ("vllm-0.6", &[Compute, Step, PerSequence]),
                (
                    "vllm-0.7",
                    &[
                        Compute,
                        Prefill,
                        Moe,
                        Step,
                        PerSequence,
                        RequestOverhead,
                        RequestLatency,
                    ],
                ),
            ],
            shared: &[
                (Bandwidth, &["vllm-0.5", "vllm-0.6", "vllm-0.7"]),
                (KvBandwidth, &["vllm-0.5", "vllm-0.6", "vllm-0.7"]),
            ],
        },
        FitGroup {
            profiles: &["sglang"],
            fit: &[("sglang", &FACTORS)],
            shared: &[],
        },
        FitGroup {
            profiles: &["sglang-0.4.3"],
            fit: &[(
                "sglang-0.4.3",
                &[Bandwidth, Compute, Prefill, Moe, Step, PerSequence, RequestLatency],
            )],
            shared: &[],
        },
        // TensorRT-LLM 0.17's early PyTorch backend runs the same kernels as
        // 1.x: it fits only its overheads and prefill.
        FitGroup {
            profiles: &["tensorrt-llm", "tensorrt-llm-0.17"],
            fit: &[
                ("tensorrt-llm", &FACTORS),
                ("tensorrt-llm-0.17", &[Step, PerSequence, Prefill, RequestLatency]),
            ],
            shared: &[
                (Bandwidth, &["tensorrt-llm", "tensorrt-llm-0.17"]),
                (KvBandwidth, &["tensorrt-llm", "tensorrt-llm-0.17"]),
                (Compute, &["tensorrt-llm", "tensorrt-llm-0.17"]),
                (Moe, &["tensorrt-llm", "tensorrt-llm-0.17"]),
            ],
        },
        // One-stream rows: no per-sequence cost to see. The 2024 cuBLAS
        // builds and today's builds (CUDA graphs, quantized matrix kernels)
        // share the weight-only dequantization cost they cannot tell apart;
        // Vulkan takes today's structure with its own kernels' bandwidth.
        FitGroup {
            profiles: &["llama.cpp", "llama.cpp-2024", "llama.cpp-vulkan"],
            fit: &[
                ("llama.cpp", &[Bandwidth, KvBandwidth, Prefill, Step]),
                ("llama.cpp-2024", &[Bandwidth, KvBandwidth, Prefill, Step]),
                ("llama.cpp-vulkan", &[Bandwidth, Prefill]),
            ],
            shared: &[(W4, &["llama.cpp", "llama.cpp-2024"])],
        },
        FitGroup {
            profiles: &["llama.cpp-metal"],
            fit: &[("llama.cpp-metal", &[Bandwidth, Prefill, Moe, W4, Step])],
            shared: &[],
        },
    ]
}

fn profile(id: &str, name: &str, versions: &str) -> EngineProfile {
    EngineProfile {
        id: id.into(),
        name: name.into(),
        versions: Some(versions.into()),
        parallelism: Parallelism::Tensor,
        unified_memory: false,
        chunked_prefill: true,
        memory_utilization: 0.9,
        reserve_gib: 2.0,
        max_batch: 256,
        prefill_chunk_tokens: 2048,
        dequantize_for_prefill: false,
        fp16_accumulate: false,
        fp4_compute: Fp4Compute::Fp8,
        async_scheduling: false,
        static_memory: false,
        admission: Admission::MeanContext,
        sampler_bytes_per_logit: 0.0,
        bandwidth_efficiency: 0.7,
        kv_bandwidth_efficiency: 0.6,
        compute_efficiency: 0.4,
        prefill_efficiency: 0.3,
        moe_efficiency: 0.7,
        w4_efficiency: 0.8,
        expert_width_half: 128.0,
        step_overhead_ms: 2.0,
        per_sequence_overhead_us: 20.0,
        request_overhead_ms: 1.0,
        request_latency_ms: 20.0,
        allreduce_latency_us: 10.0,
        calibration: None,
        notes: None,
    }
}

/// Every profile before fitting, in the order `engines.json` lists them.
/// Settings: vLLM V1 `max_num_seqs` 1024 / `max_num_batched_tokens` 8192 on
/// GPUs of 70 GiB and more (`get_batch_defaults`), 0.9 of the memory;
/// SGLang's overlap scheduler, `mem_fraction_static` for weights and KV
/// only, 4,096 running requests, 8,192-token chunks; TensorRT-LLM's
/// overlap scheduler, 2,048 sequences, 8,192 tokens, NVFP4 GEMMs on FP4
/// tensor cores; llama.cpp's layer split, 512-token micro-batches and its
/// 2024 cuBLAS path's FP16-accumulate, dequantizing prefill.
pub fn base() -> Vec<EngineProfile> {
    // Today's CUDA builds: CUDA graphs for decoding, quantized matrix
    // kernels (MMQ) for prefill, FP32 accumulation.
    let llama = EngineProfile {
        parallelism: Parallelism::Layer,
        chunked_prefill: false,
        memory_utilization: 0.95,
        reserve_gib: 0.5,
        max_batch: 16,
        prefill_chunk_tokens: 512,
        dequantize_for_prefill: false,
        fp16_accumulate: false,
        bandwidth_efficiency: 0.8,
        kv_bandwidth_efficiency: 0.5,
        compute_efficiency: 0.316,
        step_overhead_ms: 1.0,
        per_sequence_overhead_us: 0.0,
        allreduce_latency_us: 20.0,
        ..profile(
            "llama.cpp",
            "llama.cpp CUDA (layer split across GPUs, CUDA graphs, quantized matrix kernels)",
            "CUDA builds of 2025 – 2026",
        )
    };
    // The May 2024 builds: every kernel launched from the CPU, prefill
    // through cuBLAS on weights dequantized to FP16 (FP16 accumulation,
    // twice the rate on GeForce cards).
    let llama_2024 = EngineProfile {
        id: "llama.cpp-2024".into(),
        name: "llama.cpp CUDA, 2024 builds (cuBLAS prefill on dequantized weights)".into(),
        versions: Some("CUDA builds of May 2024".into()),
        dequantize_for_prefill: true,
        fp16_accumulate: true,
        step_overhead_ms: 3.5,
        ..llama.clone()
    };
    let sglang = EngineProfile {
        memory_utilization: 0.87,
        reserve_gib: 0.5,
        max_batch: 4096,
        prefill_chunk_tokens: 8192,
        async_scheduling: true,
        static_memory: true,
        admission: Admission::Prompt,
        ..profile(
            "sglang",
            "SGLang (overlap scheduler, radix cache, DP attention and expert parallelism)",
            "0.4.6 – 0.5.5",
        )
    };
    let trt = EngineProfile {
        memory_utilization: 0.92,
        reserve_gib: 1.0,
        max_batch: 2048,
        prefill_chunk_tokens: 8192,
        bandwidth_efficiency: 0.8,
        kv_bandwidth_efficiency: 0.9,
        compute_efficiency: 0.43,
        per_sequence_overhead_us: 2.0,
        async_scheduling: true,
        admission: Admission::WholeRequest,
        fp4_compute: Fp4Compute::Fp4,
        allreduce_latency_us: 8.0,
        ..profile(
            "tensorrt-llm",
            "TensorRT-LLM 1.x (PyTorch backend, in-flight batching, overlap scheduler)",
            "1.0 – 1.2",
        )
    };
    vec![
        EngineProfile {
            max_batch: 1024,
            prefill_chunk_tokens: 8192,
            admission: Admission::Prompt,
            sampler_bytes_per_logit: 16.0,

            ..profile(
                "vllm",
                "vLLM V1 (0.8 and later: V1 engine, chunked prefill, CUDA graphs)",
                "0.8 – 0.11 (V1 engine)",
            )
        },
        EngineProfile {
            bandwidth_efficiency: 0.6,
            kv_bandwidth_efficiency: 0.5,
            compute_efficiency: 0.3,
            step_overhead_ms: 3.0,
            per_sequence_overhead_us: 50.0,
            sampler_bytes_per_logit: 16.0,
            ..profile("vllm-0.7", "vLLM 0.7 (V0 engine; early DeepSeek MLA builds)", "0.7.x")
        },
        EngineProfile {
            reserve_gib: 1.5,
            bandwidth_efficiency: 0.438,
            kv_bandwidth_efficiency: 0.508,
            compute_efficiency: 0.19,
            step_overhead_ms: 0.835,
            per_sequence_overhead_us: 6.85,
            sampler_bytes_per_logit: 16.0,
            ..profile("vllm-0.6", "vLLM 0.6 (V0 engine, multi-step scheduling)", "0.6.x")
        },
        EngineProfile {
            reserve_gib: 1.5,
            bandwidth_efficiency: 0.438,
            kv_bandwidth_efficiency: 0.508,
            compute_efficiency: 0.244,
            step_overhead_ms: 0.326,
            per_sequence_overhead_us: 330.0,
            sampler_bytes_per_logit: 16.0,
            ..profile(
                "vllm-0.5",
                "vLLM 0.5 (V0 engine; scheduler on the CPU every step)",
                "0.5.x",
            )
        },
        sglang.clone(),
        EngineProfile {
            id: "sglang-0.4.3".into(),
            name: "SGLang 0.4.2–0.4.3 (early-2025 DeepSeek builds, CUDA and ROCm)".into(),
            versions: Some("0.4.2 – 0.4.3".into()),
            ..sglang
        },
        trt.clone(),
        EngineProfile {
            id: "tensorrt-llm-0.17".into(),
            name: "TensorRT-LLM 0.17 (early PyTorch backend)".into(),
            versions: Some("0.17".into()),
            max_batch: 512,
            prefill_chunk_tokens: 16384,
            ..trt
        },
        llama.clone(),
        llama_2024,
        EngineProfile {
            id: "llama.cpp-metal".into(),
            name: "llama.cpp Metal (Apple unified memory, simdgroup matrix kernels)".into(),
            versions: Some("Metal builds, 2025 – 2026".into()),
            unified_memory: true,
            memory_utilization: 0.75,
            reserve_gib: 1.0,
            bandwidth_efficiency: 0.7,
            compute_efficiency: 0.7,
            step_overhead_ms: 2.0,
            ..llama.clone()
        },
        EngineProfile {
            id: "llama.cpp-vulkan".into(),
            name: "llama.cpp Vulkan (KHR_coopmat)".into(),
            versions: Some("Vulkan builds, 2026".into()),
            ..llama
        },
    ]
}
