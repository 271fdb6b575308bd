//! The reference measurements as rows the sizing model can predict: a
//! mechanical reading of `calibration-benchmarks.json` (2024) and
//! `calibration-2026.json`, suite by suite, each decision written into the
//! row's `assumptions` (and `excluded`, with the reason, for a row the
//! model cannot express).

use llm_tco::spec::calibration::{BenchScenario, CalibrationRow, Metric, OutputLengths};
use llm_tco::spec::catalog::Source;
use regex::Regex;
use serde_json::Value;

/// ShareGPT means as the vLLM paper reports them (Kwon et al. 2023, table
/// 1): the dataset vLLM's benchmark_serving.py sampled by default in 2024.
const SHAREGPT_INPUT: f64 = 161.0;
const SHAREGPT_OUTPUT: f64 = 338.0;
/// GPUStack's ShareGPT_V3 runs through the Qwen3 chat template: 217.4 in /
/// 201.6 out per request (its Qwen3-14B log totals 217,393 / 201,648 over
/// 1,000 requests); for the quantization-study rows whose logs give none.
const QWEN_SHAREGPT_INPUT: f64 = 217.4;
const QWEN_SHAREGPT_OUTPUT: f64 = 201.6;

/// Mean inter-token latency of GPUStack's burst runs, ms, from the same
/// `vllm bench serve` output blocks the reference rows copy (which leave it
/// out): (row id, mean ITL as printed, file @ commit).
const GPUSTACK_MEAN_ITL_MS: &[(&str, &str, &str)] = &[
    (
        "gpustack-dsr1-h200x8-vllm0110-sharegpt",
        "119.29",
        "docs/performance-lab/deepseek-r1/h200.md @1f37f1b8",
    ),
    (
        "gpustack-dsr1-h200x8-sglang053-sharegpt",
        "138.99",
        "docs/performance-lab/deepseek-r1/h200.md @1f37f1b8",
    ),
    (
        "gpustack-dsr1-h200x8-trtllm100-sharegpt",
        "155.18",
        "docs/performance-lab/deepseek-r1/h200.md @1f37f1b8",
    ),
    (
        "gpustack-dsr1-h200x8-sglang053-dpattn-sharegpt",
        "121.64",
        "docs/performance-lab/deepseek-r1/h200.md @1f37f1b8",
    ),
    (
        "gpustack-dsr1-h200x8-vllm0110-rand2000-100",
        "235.10",
        "docs/performance-lab/deepseek-r1/h200.md @1f37f1b8",
    ),
    (
        "gpustack-dsr1-h200x8-sglang053-dpattn-rand4000-200",
        "115.81",
        "docs/performance-lab/deepseek-r1/h200.md @1f37f1b8",
    ),
    (
        "gpustack-dsr1-h200x8-sglang053-dpattn-rand128-4",
        "481.68",
        "docs/performance-lab/deepseek-r1/h200.md @1f37f1b8",
    ),
    (
        "gpustack-gptoss120b-h100x1-vllm0102-sharegpt",
        "46.65",
        "docs/performance-lab/gpt-oss-120b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-gptoss120b-h100x1-sglang053rc0-sharegpt",
        "51.23",
        "docs/performance-lab/gpt-oss-120b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-gptoss120b-h100x1-trtllm100-sharegpt",
        "101.13",
        "docs/performance-lab/gpt-oss-120b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-gptoss120b-h100x2-vllm0102-async-sharegpt",
        "43.02",
        "docs/performance-lab/gpt-oss-120b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-gptoss120b-h100x4-vllm0102-async-sharegpt",
        "28.57",
        "docs/performance-lab/gpt-oss-120b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-gptoss120b-h100x1-vllm0102-rand2000-100",
        "43.61",
        "docs/performance-lab/gpt-oss-120b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-gptoss20b-h100x1-vllm0110-sharegpt",
        "44.98",
        "docs/performance-lab/gpt-oss-20b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-gptoss20b-h100x1-sglang054p2-sharegpt",
        "161.29",
        "docs/performance-lab/gpt-oss-20b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-gptoss20b-h100x1-trtllm120rc1-sharegpt",
        "51.52",
        "docs/performance-lab/gpt-oss-20b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-gptoss20b-h100x1-vllm0110-async-sharegpt",
        "38.92",
        "docs/performance-lab/gpt-oss-20b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-gptoss20b-h100x1-vllm0110-rand4000-200",
        "192.92",
        "docs/performance-lab/gpt-oss-20b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-qwen3-14b-h100x1-vllm0110-sharegpt",
        "92.83",
        "docs/performance-lab/qwen3-14b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-qwen3-14b-h100x1-sglang055p1-sharegpt",
        "91.54",
        "docs/performance-lab/qwen3-14b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-qwen3-14b-h100x1-trtllm120rc1-sharegpt",
        "84.78",
        "docs/performance-lab/qwen3-14b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-qwen3-14b-h100x1-sglang055p1-fp8-sharegpt",
        "77.06",
        "docs/performance-lab/qwen3-14b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-qwen3-32b-h100x1-vllm0110-sharegpt",
        "69.76",
        "docs/performance-lab/qwen3-32b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-qwen3-32b-h100x1-sglang055p1-sharegpt",
        "56.25",
        "docs/performance-lab/qwen3-32b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-qwen3-32b-h100x1-trtllm120rc1-sharegpt",
        "59.22",
        "docs/performance-lab/qwen3-32b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-qwen3-32b-h100x1-trtllm120rc1-fp8-chunked-sharegpt",
        "107.04",
        "docs/performance-lab/qwen3-32b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-qwen3-235b-h100x8-vllm0110-sharegpt",
        "81.31",
        "docs/performance-lab/qwen3-235b-a22b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-qwen3-235b-h100x8-sglang055p1-sharegpt",
        "88.35",
        "docs/performance-lab/qwen3-235b-a22b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-qwen3-235b-fp8-h100x8-vllm0110-tp8ep-sharegpt",
        "88.39",
        "docs/performance-lab/qwen3-235b-a22b/h100.md @1f37f1b8",
    ),
    (
        "gpustack-qwen3-235b-fp8-h100x4-vllm0110-tp4-sharegpt",
        "89.89",
        "docs/performance-lab/qwen3-235b-a22b/h100.md @1f37f1b8",
    ),
];

fn s<'a>(b: &'a Value, k: &str) -> &'a str {
    b[k].as_str().unwrap_or_default()
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64().or_else(|| v.as_str().and_then(|t| t.trim().parse().ok()))
}

/// The first number in a text ("mean 158.5 (1585 tokens / 10 req)").
fn first_number(v: &Value) -> Option<f64> {
    if let Some(x) = v.as_f64() {
        return Some(x);
    }
    let re = Regex::new(r"[0-9]+(\.[0-9]+)?").ok()?;
    re.find(v.as_str()?)?.as_str().parse().ok()
}

/// The publication a row comes from, for leave-one-source-out checks.
fn source_key(id: &str) -> String {
    const KEYS: [(&str, &str); 23] = [
        ("gpustack-quant", "gpustack-quant"),
        ("gpustack-", "gpustack-lab"),
        ("trtllm-blog", "trtllm-dsr1-blog"),
        ("vllmblog-llama4", "vllm-llama4-blog"),
        ("vllmblog-dsv32", "vllm-dsv32-blog"),
        ("vllm-pr", "vllm-pr23696"),
        ("vllm-issue", "vllm-issue17788"),
        ("sglang-lsep", "lmsys-large-ep"),
        ("dstack", "dstack"),
        ("llamacpp-pr15616", "llamacpp-pr15616"),
        ("llamacpp-geerling", "geerling"),
        ("llamacpp-normiebench", "normiebench"),
        ("llamacpp-pr16634", "llamacpp-pr16634"),
        ("llamacpp-pr15131", "llamacpp-pr15131"),
        ("llamacpp-pr17505", "llamacpp-pr17505"),
        ("llamacpp-pr24216", "llamacpp-pr24216"),
        ("llamacpp-continuum", "continuum"),
        ("llamacpp-vulkanforge", "vulkanforge"),
        ("vultr", "vultr"),
        ("trtllm-", "trtllm-perf-overview"),
        ("lambda-vllm054", "lambda-v054"),
        ("lambda-vllm060", "lambda-v060"),
        ("xd-llamacpp", "xd-llamacpp"),
    ];
    KEYS.iter()
        .find(|(prefix, _)| id.starts_with(prefix))
        .map_or(id, |(_, key)| key)
        .to_string()
}

/// Where a reference row comes from: its suite, and its page or a
/// permalink into its repository.
fn source(b: &Value) -> Source {
    let src = &b["source"];
    let url = src["url"].as_str().map(str::to_string).or_else(|| {
        let (repo, path) = (src["repo"].as_str()?, src["path"].as_str()?);
        let commit = src["commit"].as_str().unwrap_or("HEAD");
        Some(format!("https://github.com/{repo}/blob/{commit}/{path}"))
    });
    let note = match (src["repo"].as_str(), src["path"].as_str(), src["commit"].as_str()) {
        (Some(repo), Some(path), Some(commit)) => Some(format!("{repo} {path} @{}", &commit[..commit.len().min(8)])),
        _ => None,
    };
    Source {
        title: s(b, "suite").to_string(),
        url,
        date: None,
        note,
    }
}

/// 0.5 for low-trust rows, 1 otherwise.
fn trust_weight(trust: &str) -> f64 {
    if trust.to_ascii_lowercase().starts_with("low") {
        0.5
    } else {
        1.0
    }
}

/// A row with what every suite shares; each suite sets the rest.
fn base(b: &Value, model: &str, gpu: &str, engine: &str) -> CalibrationRow {
    let id = s(b, "id").to_string();
    CalibrationRow {
        source_key: source_key(&id),
        source: source(b),
        trust: b["trust"].as_str().map(str::to_string),
        weight: trust_weight(s(b, "trust")),
        excluded: None,
        id,
        model: model.into(),
        gpu: gpu.into(),
        n_gpus: num(&b["gpu_count"]).unwrap_or(1.0) as u32,
        weights: "bf16".into(),
        expert_weights: None,
        dense_weights: None,
        kv_cache: "fp16".into(),
        engine: engine.into(),
        engine_version: b["engine_version"]
            .as_str()
            .or_else(|| b["framework"].as_str())
            .map(str::to_string),
        input_tokens: 0.0,
        output_tokens: 1.0,
        output_lengths: OutputLengths::Fixed,
        scenario: BenchScenario::Closed,
        concurrency: None,
        requests: None,
        ubatch: None,
        depth: None,
        tokens_per_gpu: None,
        batch_per_gpu: None,
        context: None,
        attention_dp: None,
        expert_parallel: None,
        comm_overlap: false,
        async_scheduling: None,
        max_batch: None,
        batch_tokens: None,
        memory_utilization: None,
        metric: Metric::MaxOutputTokensPerS,
        measured: num(&b["value"]).unwrap_or(0.0),
        assumptions: String::new(),
    }
}

/// The same measurement's other metric (`/ttft`, `/tpot`).
fn also(r: &CalibrationRow, suffix: &str, metric: Metric, measured: f64, more: &str) -> CalibrationRow {
    CalibrationRow {
        id: format!("{}/{suffix}", r.id),
        metric,
        measured,
        assumptions: format!("{}{more}", r.assumptions),
        ..r.clone()
    }
}

fn gpu_2024(hardware: &str) -> Option<&'static str> {
    let h = hardware.to_ascii_lowercase();
    Some(if h.contains("h100") && h.contains("pcie") {
        "h100-pcie"
    } else if h.contains("h100") {
        "h100-sxm"
    } else if h.contains("a100") && h.contains("pcie") {
        "a100-80gb-pcie"
    } else if h.contains("a100") {
        "a100-80gb-sxm"
    } else if h.contains("4090") {
        "rtx-4090"
    } else if h.contains("3090") {
        "rtx-3090"
    } else if h.contains("l40s") {
        "l40s"
    } else {
        return None;
    })
}

fn model_2024(model: &str) -> Option<&'static str> {
    let m = model.to_ascii_lowercase();
    Some(if m.contains("405b") {
        "llama-3.1-405b"
    } else if m.contains("3.3") && m.contains("70b") {
        "llama-3.3-70b"
    } else if m.contains("70b") {
        "llama-3.1-70b"
    } else if m.contains("8b") && m.contains("llama") {
        "llama-3.1-8b"
    } else if m.contains("mixtral-8x7b") {
        "mixtral-8x7b-v0.1"
    } else if m.contains("mistral-7b") {
        "mistral-7b-v0.3"
    } else {
        return None;
    })
}

/// The rows of `calibration-benchmarks.json` (2024).
pub fn rows_2024(doc: &Value) -> Result<Vec<CalibrationRow>, String> {
    let mut out = Vec::new();
    for b in doc["benchmarks"].as_array().ok_or("no benchmarks")? {
        let id = s(b, "id");
        let model = model_2024(s(b, "model")).ok_or(format!("{id}: model {:?} is not mapped", s(b, "model")))?;
        let gpu = gpu_2024(s(b, "hardware")).ok_or(format!("{id}: hardware {:?} is not mapped", s(b, "hardware")))?;
        let len = |k: &str| first_number(&b[k]).ok_or(format!("{id}: no {k}"));
        if id.starts_with("trtllm-") {
            out.push(CalibrationRow {
                weights: "fp8".into(),
                kv_cache: "fp8".into(),
                input_tokens: len("input_len")?,
                output_tokens: len("output_len")?,
                scenario: BenchScenario::Offline,
                concurrency: Some(2048),
                assumptions: "trtllm-bench offline (all requests queued, the engine's batch full): read as 2,048 in flight; fixed lengths; FP8 weights with the FP8 KV cache of NVIDIA's ModelOpt FP8 checkpoints; the source says \"NEW for v1.0\" (PyTorch backend): TensorRT-LLM 1.0".into(),
                ..base(b, model, gpu, "tensorrt-llm")
            });
        } else if id.starts_with("lambda-vllm") {
            let name = s(b, "model").to_ascii_lowercase();
            let fp8 = name.contains("fp8") || (id.contains("405b") && s(b, "precision").contains("FP8 for 405B"));
            let weights = if fp8 { "fp8" } else { "bf16" };
            if id.ends_with("10prompts") {
                let r = CalibrationRow {
                    weights: weights.into(),
                    input_tokens: libm::round(len("input_len")?),
                    output_tokens: libm::round(len("output_len")?),
                    output_lengths: OutputLengths::Variable,
                    scenario: BenchScenario::Burst,
                    requests: Some(10),
                    metric: Metric::TpotMs,
                    assumptions: "burst of 10 requests (request rate inf), the row's mean lengths (158.5 in, 249 out) rounded; median inter-token latency read as the time per output token".into(),
                    ..base(b, model, gpu, "vllm-0.5")
                };
                let ttft = num(&b["mean_ttft_ms"]).ok_or(format!("{id}: no mean_ttft_ms"))?;
                let tput = num(&b["output_throughput_tok_s"]).ok_or(format!("{id}: no throughput"))?;
                out.push(also(&r, "ttft", Metric::TtftMs, ttft, "; mean TTFT"));
                out.push(also(
                    &r,
                    "throughput",
                    Metric::MaxOutputTokensPerS,
                    tput,
                    "; output throughput",
                ));
                out.insert(out.len() - 2, r);
                continue;
            }
            let (engine, requests) = if id.starts_with("lambda-vllm054") {
                ("vllm-0.5", 320)
            } else if id.contains("405b") {
                ("vllm-0.6", 1280)
            } else {
                ("vllm-0.6", 5000)
            };
            let r = CalibrationRow {
                weights: weights.into(),
                input_tokens: SHAREGPT_INPUT,
                output_tokens: SHAREGPT_OUTPUT,
                output_lengths: OutputLengths::Variable,
                scenario: BenchScenario::Burst,
                requests: Some(requests),
                assumptions: format!(
                    "burst of {requests} ShareGPT prompts (request rate inf); ShareGPT mean lengths {SHAREGPT_INPUT} in / {SHAREGPT_OUTPUT} out (vLLM paper) for the benchmark's default dataset; {weights} weights, 16-bit KV cache"
                ),
                ..base(b, model, gpu, engine)
            };
            match num(&b["median_tpot_ms"]).filter(|_| engine == "vllm-0.6") {
                Some(tpot) => {
                    let t = also(
                        &r,
                        "tpot",
                        Metric::PerUserOutputTokensPerS,
                        1000.0 / tpot,
                        "; per user = 1000 / median TPOT",
                    );
                    out.push(r);
                    out.push(t);
                }
                None => out.push(r),
            }
        } else if id.starts_with("xd-llamacpp") {
            let weights = if s(b, "precision").contains("Q4_K_M") {
                "gguf_q4_k_m"
            } else {
                "fp16"
            };
            let r = CalibrationRow {
                weights: weights.into(),
                concurrency: Some(1),
                ..base(b, model, gpu, "llama.cpp-2024")
            };
            if id.contains("prefill") {
                out.push(CalibrationRow {
                    input_tokens: len("input_len")?,
                    output_tokens: 1.0,
                    scenario: BenchScenario::Prefill,
                    metric: Metric::PrefillTokensPerS,
                    assumptions: "one 1024-token prompt processed alone".into(),
                    ..r
                });
            } else {
                out.push(CalibrationRow {
                    input_tokens: 250.0,
                    output_tokens: len("output_len")?,
                    scenario: BenchScenario::Single,
                    metric: Metric::PerUserOutputTokensPerS,
                    assumptions: "one stream, ~250-token prompt, generation speed without prompt processing; layer split over the GPUs".into(),
                    ..r
                });
            }
        } else {
            return Err(format!("suite of {id} is not mapped"));
        }
    }
    Ok(out)
}

fn format_of(text: &str) -> &'static str {
    let t = text.to_ascii_lowercase();
    for (key, f) in [
        ("nvfp4", "nvfp4"),
        ("mxfp4", "mxfp4"),
        ("awq", "awq_int4"),
        ("gptq_int8", "gptq_int8"),
        ("gptq (int8", "gptq_int8"),
        ("gptq", "gptq_int4"),
        ("w4a16", "int4_w4a16"),
        ("fp8", "fp8"),
        ("q8_0", "gguf_q8_0"),
        ("q4_k_m", "gguf_q4_k_m"),
        ("q4_0", "gguf_q4_0"),
    ] {
        if t.contains(key) {
            return f;
        }
    }
    "bf16"
}

/// The profile of a 2026 row's engine and version.
fn engine_of(b: &Value) -> String {
    let (engine, version) = (s(b, "engine"), s(b, "engine_version"));
    match engine {
        "vllm" if version.starts_with("0.7") || version.starts_with("v0.7") => "vllm-0.7".into(),
        "sglang" if version.starts_with("0.4.2") || version.starts_with("0.4.3") => "sglang-0.4.3".into(),
        "tensorrt-llm" if version.starts_with("0.17") => "tensorrt-llm-0.17".into(),
        "llama.cpp" => {
            let fw = s(b, "framework").to_ascii_lowercase();
            if fw.contains("metal") {
                "llama.cpp-metal".into()
            } else if fw.contains("vulkan") {
                "llama.cpp-vulkan".into()
            } else {
                "llama.cpp".into()
            }
        }
        other => other.into(),
    }
}

fn gpu_2026(b: &Value) -> Option<String> {
    let g = s(b, "gpu_catalog_id").split(' ').next().unwrap_or_default();
    if !g.is_empty() {
        return Some(g.to_string());
    }
    let id = s(b, "id");
    [
        ("-m4-", "apple-m4"),
        ("-m1max-", "apple-m1-max"),
        ("-m5-", "apple-m5"),
        ("rx9070xt", "rx-9070-xt"),
    ]
    .iter()
    .find(|(k, _)| id.contains(k))
    .map(|(_, g)| g.to_string())
}

fn model_2026(b: &Value) -> Option<String> {
    let m = s(b, "model_catalog_id").split(' ').next().unwrap_or_default();
    if m == "deepseek-v3" {
        // R1 and R1-0528 are post-trained V3 checkpoints: one architecture.
        return Some("deepseek-r1".into());
    }
    if !m.is_empty() {
        return Some(m.to_string());
    }
    if s(b, "id").contains("llama31-8b") {
        return Some("llama-3.1-8b".into());
    }
    None
}

/// vLLM V1's `max_num_seqs` and `max_num_batched_tokens` for the API
/// server, by version and GPU, as `engine/arg_utils.py` set them:
/// 0.8.0–0.8.3 run 1024 sequences on every GPU and 8192 tokens on H100 and
/// H200, 2048 elsewhere (vllm#12369); 0.8.4 keeps 1024 sequences for H100
/// and H200 only (vllm#16158); from 0.8.5 GPUs of 70 GiB and more get 1024
/// / 8192 (vllm#17073); later the A100 is left out of that (vllm#17885,
/// merged 2025-05-09), read here as arriving after 0.9: GPUStack's 0.9.2
/// A100 rows run about 1,000 sequences at once (200 ms per output token
/// for Qwen3-8B, where 256 would give about 60).
fn vllm_defaults(gpu: &str, memory_gb: f64, version: &str) -> (u32, u32) {
    // "v0.8.5.post1" → (0, 8, 5); a part that is no number counts as 0.
    let mut parts = version
        .trim_start_matches('v')
        .split('.')
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let release = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    let hopper = gpu.starts_with("h100") || gpu.starts_with("h200");
    let budget = if hopper { 8192 } else { 2048 };
    if release < (0, 8, 4) {
        return (1024, budget);
    }
    if release < (0, 8, 5) {
        return (if hopper { 1024 } else { 256 }, budget);
    }
    // 70 GiB is 75.2 GB.
    let large = memory_gb >= 75.0 && (release < (0, 10, 0) || !gpu.starts_with("a100"));
    if large {
        (1024, 8192)
    } else {
        (256, 2048)
    }
}

/// SGLang's `mem_fraction_static` by GPU memory tier (`server_args.py`
/// `_handle_mem_fraction_static`: reserved 9.5 + tp/2 GB below 90 GB, 12 +
/// tp/2 below 160 GB, 32 above): (memory − reserved) / memory.
fn sglang_static_fraction(memory_gb: f64, tp: f64) -> f64 {
    let reserved = if memory_gb < 90.0 {
        9.5 + tp / 2.0
    } else if memory_gb < 160.0 {
        12.0 + tp / 2.0
    } else {
        32.0
    };
    (memory_gb - reserved) / memory_gb
}

/// The rows of `calibration-2026.json`; `memory_gb` gives a GPU's memory.
pub fn rows_2026(doc: &Value, memory_gb: &dyn Fn(&str) -> Option<f64>) -> Result<Vec<CalibrationRow>, String> {
    let re_ep = Regex::new(r"EP(\d+)").map_err(|e| e.to_string())?;
    let re_mb = Regex::new(r"max_batch_size (\d+)").map_err(|e| e.to_string())?;
    let re_mt = Regex::new(r"max_num_tokens (\d+)").map_err(|e| e.to_string())?;
    let re_all = Regex::new(r"all (\d+)").map_err(|e| e.to_string())?;
    let re_ub = Regex::new(r"-ub(\d+)-").map_err(|e| e.to_string())?;
    let re_req = Regex::new(r"(\d+) (?:synthetic )?requests").map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for b in doc["benchmarks"].as_array().ok_or("no benchmarks")? {
        let id = s(b, "id").to_string();
        let engine = engine_of(b);
        let gpu = gpu_2026(b).ok_or(format!("{id}: no GPU id"))?;
        let model = model_2026(b).ok_or(format!("{id}: no model id"))?;
        let n = num(&b["gpu_count"]).unwrap_or(1.0);
        let mem = memory_gb(&gpu).ok_or(format!("{id}: GPU {gpu} is in neither catalog"))?;
        let mut r = base(b, &model, &gpu, &engine);
        let mut notes: Vec<&str> = Vec::new();
        let w = format_of(&format!("{} {}", s(b, "weights"), s(b, "precision")));
        r.weights = w.into();
        if w == "mxfp4" {
            notes.push("MXFP4 experts, BF16 attention, router and embeddings (gpt-oss checkpoint)");
        }
        if w == "nvfp4" {
            r.dense_weights = Some("fp8".into());
            notes.push(
                "NVFP4 routed experts, FP8 attention, dense layers and shared experts (ModelOpt DeepSeek-R1 FP4)",
            );
        }
        if model.contains("maverick") {
            r.weights = "fp8".into();
            r.dense_weights = Some("bf16".into());
            notes.push("Meta's FP8 checkpoint: FP8 routed experts, BF16 attention and shared expert");
        }
        if s(b, "kv_cache").to_ascii_lowercase().starts_with("fp8") {
            r.kv_cache = "fp8".into();
        }
        let par = s(b, "parallelism");
        let dp = par.contains("DP-attention") || par.contains("attention-DP") || par.contains("DP attention");
        if dp {
            r.attention_dp = Some(n as u32);
        }
        if par.contains("EP") {
            r.expert_parallel = Some(re_ep.captures(par).and_then(|c| c[1].parse().ok()).unwrap_or(n as u32));
        }
        if id.contains("async") {
            r.async_scheduling = Some(true);
            notes.push("--async-scheduling");
        }
        if engine.starts_with("sglang") {
            r.memory_utilization = Some(sglang_static_fraction(mem, n));
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!("; {}", notes.join("; "))
        };
        let value = |k: &str| num(&b[k]).ok_or(format!("{id}: no {k}"));
        let tpot = |r: &CalibrationRow| -> Result<CalibrationRow, String> {
            Ok(also(
                r,
                "tpot",
                Metric::PerUserOutputTokensPerS,
                1000.0 / value("mean_tpot_ms")?,
                "; per user = 1000 / mean TPOT",
            ))
        };
        let ttft = |r: &CalibrationRow| -> Result<CalibrationRow, String> {
            Ok(also(r, "ttft", Metric::TtftMs, value("mean_ttft_ms")?, ""))
        };
        if id.starts_with("gpustack-quant") {
            let (mb, bt) = vllm_defaults(&gpu, mem, "0.9.2");
            let fmt = s(b, "weights").to_ascii_lowercase();
            if fmt.contains("gptq_int8") || id.contains("int8") {
                r.weights = "gptq_int8".into();
            }
            if id.contains("kvfp8") {
                r.kv_cache = "fp8".into();
            }
            let r = CalibrationRow {
                weight: 0.5,
                input_tokens: QWEN_SHAREGPT_INPUT,
                output_tokens: QWEN_SHAREGPT_OUTPUT,
                output_lengths: OutputLengths::Variable,
                scenario: BenchScenario::Burst,
                requests: Some(1000),
                max_batch: Some(mb),
                batch_tokens: Some(bt),
                metric: Metric::TotalTokensPerS,
                assumptions: format!(
                    "burst of 1000 ShareGPT prompts (request rate inf); lengths assumed {QWEN_SHAREGPT_INPUT} in / {QWEN_SHAREGPT_OUTPUT} out (GPUStack's Qwen3 ShareGPT log totals); the table's 'Throughput' read as input+output tok/s (13,305 on H100 BF16 against 6,596 total for Qwen3-14B in the same lab); weight 0.5 (the metric is unconfirmed); vLLM defaults max_num_seqs {mb}, max_num_batched_tokens {bt}"
                ),
                ..r
            };
            let (t, p) = (ttft(&r)?, tpot(&r)?);
            out.extend([r, t, p]);
        } else if id.starts_with("gpustack-") {
            let input = value("mean_input_len_derived")?;
            let output = value("mean_output_len_derived")?;
            let lengths = if s(b, "dataset") == "sharegpt" {
                OutputLengths::Variable
            } else if output >= 0.95 * num(&b["output_len"]).unwrap_or(f64::INFINITY) {
                OutputLengths::Fixed
            } else {
                OutputLengths::Variable
            };
            r.input_tokens = input;
            r.output_tokens = output;
            r.output_lengths = lengths;
            let mut settings = String::new();
            if engine == "vllm" {
                let (mb, bt) = vllm_defaults(&gpu, mem, s(b, "engine_version"));
                r.max_batch = Some(mb);
                r.batch_tokens = Some(bt);
                settings = format!("; vLLM defaults max_num_seqs {mb}, max_num_batched_tokens {bt}");
            }
            let lengths_text = if lengths == OutputLengths::Variable {
                "variable"
            } else {
                "fixed"
            };
            match num(&b["concurrency_or_batch"]) {
                Some(c) => {
                    r.scenario = BenchScenario::Closed;
                    r.concurrency = Some(c as u32);
                    r.requests = Some(100);
                    r.metric = Metric::OutputTokensPerS;
                    r.assumptions = format!(
                        "closed loop, max concurrency {c}, 100 requests; log mean lengths {input:.1} in / {output:.1} out ({lengths_text} outputs){settings}{notes}"
                    );
                }
                None => {
                    let text = s(b, "concurrency_or_batch");
                    let n_req: u32 = re_all
                        .captures(text)
                        .and_then(|c| c[1].parse().ok())
                        .ok_or(format!("{id}: no request count in {text:?}"))?;
                    r.scenario = BenchScenario::Burst;
                    r.requests = Some(n_req);
                    r.metric = Metric::MaxOutputTokensPerS;
                    r.assumptions = format!(
                        "burst of {n_req} requests at once; log mean lengths {input:.1} in / {output:.1} out ({lengths_text} outputs){settings}{notes}"
                    );
                }
            }
            // A burst's mean TPOT averages each request's own ratio, which
            // short replies decoded during prefill-heavy steps dominate (the
            // logs show it up to twice the mean ITL): its per-user row is the
            // mean time between tokens, averaged over tokens.
            let per_user = match GPUSTACK_MEAN_ITL_MS.iter().find(|(row, ..)| *row == id) {
                Some((_, itl, file)) => also(
                    &r,
                    "itl",
                    Metric::ItlMs,
                    itl.parse().map_err(|_| format!("{id}: ITL {itl:?}"))?,
                    &format!("; mean ITL (the same log block, {file}), not the request-averaged mean TPOT"),
                ),
                None => tpot(&r)?,
            };
            let t = ttft(&r)?;
            out.extend([r, t, per_user]);
        } else if id.starts_with("trtllm-blog") {
            let excluded = (!b["speculative_decoding"].is_null()).then(|| {
                "MTP-3 speculative decoding: tokens per step depend on an acceptance rate the row does not give; a plain-decode model cannot be fitted to it".to_string()
            });
            let input = num(&b["mean_input_len_derived"])
                .or_else(|| num(&b["input_len"]))
                .unwrap_or(0.0);
            let output = num(&b["mean_output_len_derived"])
                .or_else(|| num(&b["output_len"]))
                .unwrap_or(1.0);
            let c = num(&b["concurrency_or_batch"]).ok_or(format!("{id}: no concurrency"))? as u32;
            r.requests = re_req.captures(s(b, "scenario")).and_then(|m| m[1].parse().ok());
            r.max_batch = re_mb.captures(par).and_then(|m| m[1].parse().ok());
            r.batch_tokens = re_mt.captures(par).and_then(|m| m[1].parse().ok());
            if !par.contains("attention-DP") {
                r.attention_dp = None;
            }
            let r = CalibrationRow {
                excluded,
                input_tokens: input,
                output_tokens: output,
                scenario: BenchScenario::Offline,
                concurrency: Some(c),
                memory_utilization: Some(0.9),
                assumptions: format!(
                    "trtllm-bench offline, concurrency {c}, synthetic fixed lengths {input:.0} in / {output:.0} out; {par}; KV fraction 0.9{notes}"
                ),
                ..r
            };
            if c == 1 {
                out.push(CalibrationRow {
                    scenario: BenchScenario::Closed,
                    metric: Metric::PerUserOutputTokensPerS,
                    ..r
                });
            } else {
                let per_user = value("per_user_tokens_per_s")?;
                let p = also(
                    &r,
                    "tpot",
                    Metric::PerUserOutputTokensPerS,
                    per_user,
                    "; per-user figure [w/ ctx] as published",
                );
                out.extend([r, p]);
            }
        } else if id.starts_with("vllmblog-llama4") {
            let (input, output) = (value("input_len")?, value("output_len")?);
            let (mb, bt) = vllm_defaults(&gpu, mem, "0.8.3");
            out.push(CalibrationRow {
                input_tokens: input,
                output_tokens: output,
                scenario: BenchScenario::Closed,
                concurrency: Some(64),
                requests: Some(1000),
                max_batch: Some(mb),
                batch_tokens: Some(bt),
                metric: Metric::OutputTokensPerS,
                assumptions: format!(
                    "closed loop, max concurrency 64 (chart subtitle), 1000 prompts (the benchmark's default, assumed), fixed {input} in / {output} out; vLLM 0.8.3 V1 defaults max_num_seqs {mb}, max_num_batched_tokens {bt}; TP8{notes}"
                ),
                ..r
            });
        } else if id.starts_with("vllm-pr23696") {
            let (mb, bt) = vllm_defaults(&gpu, mem, "0.10.2");
            let r = CalibrationRow {
                input_tokens: 215.3,
                output_tokens: 197.1,
                output_lengths: OutputLengths::Variable,
                scenario: BenchScenario::Burst,
                requests: Some(1000),
                max_batch: Some(mb),
                batch_tokens: Some(bt),
                assumptions: format!(
                    "burst of 1000 ShareGPT prompts; totals 215312 in / 197144 out; TP8; MXFP4 experts with FlashInfer MoE (W4A8 compute assumed on Blackwell); vLLM defaults {mb} / {bt}"
                ),
                ..r
            };
            let (t, p) = (ttft(&r)?, tpot(&r)?);
            out.extend([r, t, p]);
        } else if id.starts_with("vllm-issue17788") {
            let (_, budget) = vllm_defaults(&gpu, mem, "0.8.5.post1");
            let r = CalibrationRow {
                input_tokens: 217.4,
                output_tokens: 200.5,
                output_lengths: OutputLengths::Variable,
                scenario: BenchScenario::Burst,
                requests: Some(1000),
                max_batch: Some(32),
                batch_tokens: Some(budget),
                assumptions: format!(
                    "burst of 1000 ShareGPT prompts against --max-num-seqs 32; totals 217393 in / 200516 out; vLLM 0.8.5 V1 budget {budget} tokens"
                ),
                ..r
            };
            let t = ttft(&r)?;
            out.extend([r, t]);
        } else if id.starts_with("vllmblog-dsv32") {
            out.push(CalibrationRow {
                model: "deepseek-r1".into(),
                weights: "fp8".into(),
                input_tokens: 1000.0,
                output_tokens: 1000.0,
                scenario: BenchScenario::Closed,
                concurrency: Some(1),
                requests: Some(10),
                metric: Metric::PerUserOutputTokensPerS,
                assumptions: "one request at a time; lengths not published - assumed 1000 in / 1000 out; FP8 weights assumed (DeepSeek-V3.2 release format); V3 architecture (DSA sparse attention reads at most 2048 tokens, which at this context changes nothing)".into(),
                ..r
            });
        } else if id.starts_with("vultr") {
            out.push(CalibrationRow {
                weights: "fp8".into(),
                input_tokens: 2048.0,
                output_tokens: 512.0,
                scenario: BenchScenario::Closed,
                concurrency: Some(750),
                metric: Metric::OutputTokensPerS,
                assumptions: "concurrency 750, 2048 in / 512 out, read as output tok/s".into(),
                excluded: Some("the page does not say whether 6,808 tok/s is output or input+output tokens (the two readings differ 5x); engine version unknown; single low-trust page".into()),
                ..r
            });
        } else if id.starts_with("sglang-lsep") {
            r.model = "deepseek-r1".into();
            r.weights = "fp8".into();
            r.comm_overlap = true;
            r.attention_dp = Some(n as u32);
            r.expert_parallel = Some(n as u32);
            if id.contains("prefill") {
                let input = value("input_len")?;
                out.push(CalibrationRow {
                    scenario: BenchScenario::PrefillOnly,
                    tokens_per_gpu: Some(16384.0),
                    input_tokens: input,
                    output_tokens: 1.0,
                    metric: Metric::PrefillTokensPerS,
                    assumptions: format!(
                        "prefill-only nodes (PD disaggregation), EP{n} + DP attention, two-batch overlap (communication hidden behind compute), 16384 tokens per GPU per batch, prompts of {input}; per-node figure x 4 nodes"
                    ),
                    ..r
                });
            } else {
                out.push(CalibrationRow {
                    scenario: BenchScenario::DecodeOnly,
                    batch_per_gpu: Some(256.0),
                    context: Some(2000.0),
                    input_tokens: 2000.0,
                    output_tokens: 100.0,
                    metric: Metric::MaxOutputTokensPerS,
                    assumptions: "decode-only nodes, EP72 + DP attention over 9 nodes (inter-node all-to-all on 400 Gb/s NICs), 256 sequences per GPU at KV length 2000, two-batch overlap; per-node figure x 9".into(),
                    ..r
                });
            }
        } else if id.starts_with("dstack") {
            let (input, output) = (value("input_len")?, value("output_len")?);
            let c = num(&b["concurrency_or_batch"]).ok_or(format!("{id}: no concurrency"))? as u32;
            r.input_tokens = input;
            r.output_tokens = output;
            r.scenario = BenchScenario::Closed;
            r.concurrency = Some(c);
            r.requests = Some(500);
            r.metric = Metric::OutputTokensPerS;
            if engine == "tensorrt-llm-0.17" {
                r.max_batch = Some(512);
                r.batch_tokens = Some(16384);
            }
            if engine == "vllm-0.7" {
                r.max_batch = Some(256);
                r.batch_tokens = Some(2048);
            }
            r.assumptions =
                format!("closed loop, max concurrency {c}, 500 prompts, fixed {input} in / {output} out; {par}{notes}");
            let (t, p) = (ttft(&r)?, tpot(&r)?);
            out.extend([r, t, p]);
        } else if id.starts_with("llamacpp") {
            r.concurrency = Some(1);
            if id.contains("pr16634") || id.contains("mistral") {
                r.model = "mistral-7b-v0.3".into();
            }
            let last = id.rsplit('-').next().unwrap_or_default();
            if last.contains("tg") {
                let mut a = "llama-bench tg128: one stream from an empty context (mean context 64)";
                if id.contains("continuum") {
                    a = "generation speed of one stream; lengths not stated - read as tg128 from an empty context";
                }
                if id.contains("vulkanforge") {
                    a = "llama-bench decode, one stream, short context (tg128 read)";
                }
                out.push(CalibrationRow {
                    scenario: BenchScenario::Single,
                    input_tokens: 0.0,
                    output_tokens: 128.0,
                    metric: Metric::PerUserOutputTokensPerS,
                    assumptions: a.into(),
                    ..r
                });
            } else if let Some(c) = re_ub.captures(&id) {
                let ub: u32 = c[1].parse().map_err(|_| format!("{id}: micro-batch"))?;
                let depth = if id.contains("d32768") { 32768.0 } else { 0.0 };
                out.push(CalibrationRow {
                    scenario: BenchScenario::Ubatch,
                    ubatch: Some(ub),
                    depth: Some(depth),
                    input_tokens: 512.0,
                    output_tokens: 1.0,
                    metric: Metric::PrefillTokensPerS,
                    assumptions: format!(
                        "llama-bench pp512 with micro-batch {ub} on top of {depth} cached tokens: each forward pass carries {ub} tokens of one sequence"
                    ),
                    ..r
                });
            } else {
                out.push(CalibrationRow {
                    scenario: BenchScenario::Prefill,
                    input_tokens: 512.0,
                    output_tokens: 1.0,
                    metric: Metric::PrefillTokensPerS,
                    assumptions: "llama-bench pp512: one 512-token prompt processed alone".into(),
                    ..r
                });
            }
        } else {
            return Err(format!("suite of {id} is not mapped"));
        }
    }
    Ok(out)
}
