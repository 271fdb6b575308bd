//! The sizing model: hand-checked memory, calibration accuracy, bad input.

use llm_tco::sizing::calibration::calibration_table;
use llm_tco::sizing::report::{estimate, EstimateReport};
use llm_tco::spec::calibration::CalibrationFile;
use llm_tco::spec::estimate::EstimateInput;
use llm_tco::Catalog;
use llm_tco_tests::root;

fn input(model: &str, gpu: &str, gpus: u32, weights: &str) -> EstimateInput {
    EstimateInput {
        model: model.into(),
        gpu: gpu.into(),
        gpus,
        weights: weights.into(),
        kv_cache: "fp16".into(),
        input_tokens: 1000,
        output_tokens: 200,
        concurrency: None,
        engine: None,
        min_output_tokens_per_s_per_user: None,
        max_ttft_ms: None,
        expert_weights: None,
        dense_weights: None,
        attention_dp: None,
        expert_parallel: None,
        output_lengths: None,
    }
}

fn run(i: &EstimateInput) -> EstimateReport {
    estimate(i, &Catalog::builtin()).unwrap_or_else(|e| panic!("{e}"))
}

const GIB: f64 = 1_073_741_824.0;

fn calibration() -> (CalibrationFile, Catalog) {
    let text = std::fs::read_to_string(root().join("fixtures/calibration.json")).expect("fixtures/calibration.json");
    let file = CalibrationFile::parse(&text).expect("parse");
    let overlay = std::fs::read_to_string(root().join("fixtures/calibration-catalog.json")).expect("overlay");
    let overlay = llm_tco::CatalogFile::parse(&overlay, llm_tco::Format::Json).expect("overlay parses");
    (file, Catalog::builtin().with_overlay(&overlay).expect("overlay"))
}

#[test]
fn llama_3_1_8b_bf16_weights_and_kv_per_token() {
    let r = run(&input("llama-3.1-8b", "h100-sxm", 1, "bf16"));
    // 8,030,261,248 parameters × 2 bytes.
    assert_eq!(r.memory.weights_bytes, 16_060_522_496);
    // 2 × 32 layers × 8 KV heads × 128 × 2 bytes = 128 KiB.
    assert_eq!(r.memory.kv_cache_bytes_per_token, 128 * 1024);
    assert!(r.fits);
}

#[test]
fn llama_3_1_70b_kv_per_token_is_320_kib() {
    // 2 × 80 layers × 8 KV heads × 128 × 2 bytes; grouped-query attention
    // counted (64 query heads would make it 2.5 MiB).
    let r = run(&input("llama-3.1-70b", "h100-sxm", 4, "bf16"));
    assert_eq!(
        r.memory.kv_cache_bytes_per_token * 4,
        320 * 1024,
        "split over 4 GPUs, 2 KV heads each"
    );
    let one = run(&input("llama-3.1-70b", "h200-sxm", 1, "fp8"));
    assert_eq!(one.memory.kv_cache_bytes_per_token, 320 * 1024);
}

#[test]
fn llama_3_1_70b_at_4_bit_fits_80_gb_but_not_24_gb() {
    let small = run(&input("llama-3.1-70b", "rtx-4090", 1, "awq_int4"));
    assert!(!small.fits);
    assert!(
        small.reason.as_deref().is_some_and(|r| r.contains("weights need")),
        "{:?}",
        small.reason
    );
    let big = run(&input("llama-3.1-70b", "a100-80gb-sxm", 1, "awq_int4"));
    assert!(big.fits);
    // Weights: 68.45B linear parameters at 4.25 bits + 2.10B embedding and
    // output parameters at 16 bits = 40.56 GB = 37.78 GiB.
    let weights_gib = big.memory.weights_bytes as f64 / GIB;
    assert!((weights_gib - 37.78).abs() < 0.01, "{weights_gib}");
    // 80 GiB × 0.9 − 37.78 weights − 1.5 reserve − 0.20 activations (one
    // 1,200-token request: 1200 × (4 × 8192 + 2 × 28672) × 2 bytes), over
    // 320 KiB a token: about 106,500 tokens of KV cache.
    let expected = (80.0 * 0.9 - weights_gib - 1.5) * GIB - 1200.0 * (4.0 * 8192.0 + 2.0 * 28672.0) * 2.0;
    let tokens = expected / (320.0 * 1024.0);
    assert!(
        (big.max_kv_tokens as f64 - tokens).abs() < 2.0,
        "{} vs {tokens}",
        big.max_kv_tokens
    );
    assert!((104_000..108_000).contains(&big.max_kv_tokens), "{}", big.max_kv_tokens);
}

#[test]
fn llama_3_1_405b_bf16_needs_more_than_eight_80_gb_gpus() {
    let r = run(&input("llama-3.1-405b", "h100-sxm", 8, "bf16"));
    assert!(!r.fits, "811 GB of weights over 8 × 80 GiB");
    let r = run(&input("llama-3.1-405b", "h100-sxm", 16, "bf16"));
    assert!(r.fits);
}

#[test]
fn mixtral_memory_holds_every_expert_and_compute_uses_the_active_ones() {
    let mut i = input("mixtral-8x7b-v0.1", "h100-sxm", 2, "bf16");
    let r = run(&i);
    // 46,702,792,704 parameters × 2 bytes, over 2 GPUs.
    assert_eq!(r.memory.weights_bytes, 46_702_792_704);
    // A long prompt alone is compute-bound: 2 × 12.88B active parameters
    // per token (plus attention), not 2 × 46.7B.
    i.input_tokens = 16_000;
    let r = run(&i);
    let engine = Catalog::builtin().engine("vllm").expect("vllm").clone();
    let per_token = 2.0 * 12_879_925_248.0 + 4.0 * 32.0 * 8000.0 * 4096.0;
    let compute_bound = 2.0 * 989e12 * engine.compute_efficiency / per_token;
    let ratio = r.prefill_tokens_per_s / compute_bound;
    assert!(
        (0.9..=1.0).contains(&ratio),
        "prefill {} vs {compute_bound} tokens/s",
        r.prefill_tokens_per_s
    );
}

#[test]
fn deepseek_v3_caches_a_compressed_latent() {
    // Multi-head latent attention: (512 + 64) × 61 layers × 2 bytes = 70,272
    // bytes a token, replicated on every GPU.
    let r = run(&input("deepseek-v3", "h200-sxm", 8, "fp8"));
    assert_eq!(r.memory.kv_cache_bytes_per_token, 70_272);
}

#[test]
fn gemma_2_sliding_window_layers_stop_growing() {
    // 46 layers, 23 of them with a 4,096-token window: at 8,000 tokens of
    // context the cache holds less than 46 × 8,000 tokens' worth.
    let mut i = input("gemma-2-27b", "h100-sxm", 1, "bf16");
    i.input_tokens = 4000;
    i.output_tokens = 4000;
    let r = run(&i);
    assert_eq!(r.memory.kv_cache_bytes_per_token, 2 * 46 * 16 * 128 * 2);
}

#[test]
fn layers_without_a_kv_cache_hold_none() {
    // Llama 3.1 8B with three layers in four turned into linear attention
    // (as Qwen3-Next's Gated DeltaNet layers): a quarter of the KV cache.
    let mut model = Catalog::builtin().model("llama-3.1-8b").unwrap().clone();
    model.id = "llama-3.1-8b-hybrid".into();
    model.no_kv_cache_layers = Some(24);
    let overlay = llm_tco::CatalogFile {
        models: vec![model],
        ..llm_tco::CatalogFile::default()
    };
    let catalog = Catalog::builtin().with_overlay(&overlay).unwrap();
    let full = run(&input("llama-3.1-8b", "h100-sxm", 1, "bf16"));
    let hybrid = estimate(&input("llama-3.1-8b-hybrid", "h100-sxm", 1, "bf16"), &catalog).unwrap();
    assert_eq!(hybrid.memory.kv_cache_bytes_per_token * 4, full.memory.kv_cache_bytes_per_token);
    assert!(hybrid.max_kv_tokens > 3 * full.max_kv_tokens);
    // More layers without a cache than layers: none anywhere, no panic.
    let mut model = Catalog::builtin().model("gemma-2-9b").unwrap().clone();
    model.id = "gemma-2-9b-linear".into();
    model.no_kv_cache_layers = Some(1000);
    let overlay = llm_tco::CatalogFile {
        models: vec![model],
        ..llm_tco::CatalogFile::default()
    };
    let catalog = Catalog::builtin().with_overlay(&overlay).unwrap();
    let r = estimate(&input("gemma-2-9b-linear", "h100-sxm", 1, "bf16"), &catalog).unwrap();
    assert_eq!(r.memory.kv_cache_bytes_per_token, 0);
}

#[test]
fn a_latency_target_limits_the_batch() {
    let mut i = input("llama-3.1-8b", "h100-sxm", 1, "bf16");
    let free = run(&i);
    i.min_output_tokens_per_s_per_user = Some(50.0);
    let bound = run(&i);
    assert!(
        bound.batch_size < free.batch_size,
        "{} < {}",
        bound.batch_size,
        free.batch_size
    );
    assert_eq!(serde_json::to_value(bound.batch_bound).expect("json"), "latency");
    assert!(bound.meets_latency);
    i.min_output_tokens_per_s_per_user = Some(100_000.0);
    let impossible = run(&i);
    assert!(!impossible.meets_latency);
    assert!(
        impossible
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("even one user")),
        "{:?}",
        impossible.reason
    );
}

#[test]
fn bad_estimate_requests_name_the_field() {
    let catalog = Catalog::builtin();
    let check = |i: EstimateInput, path: &str, says: &str| {
        let e = estimate(&i, &catalog).expect_err("an error");
        assert_eq!(e.path(), path, "{e}");
        assert!(e.message().contains(says), "{e} should say {says}");
    };
    let base = input("llama-3.1-8b", "h100-sxm", 1, "bf16");
    check(
        EstimateInput {
            gpus: 0,
            ..base.clone()
        },
        "gpus",
        "at least 1",
    );
    check(
        EstimateInput {
            output_tokens: 0,
            ..base.clone()
        },
        "output_tokens",
        "above 0",
    );
    check(
        EstimateInput {
            weights: "q4".into(),
            ..base.clone()
        },
        "weights",
        "gguf_q4_k_m",
    );
    check(
        EstimateInput {
            kv_cache: "fp4".into(),
            ..base.clone()
        },
        "kv_cache",
        "int4",
    );
    check(
        EstimateInput {
            model: "llama-8b".into(),
            ..base.clone()
        },
        "model",
        "llama-3.1-8b",
    );
    check(
        EstimateInput {
            gpu: "b300".into(),
            ..base.clone()
        },
        "gpu",
        "unknown GPU id",
    );
    check(
        EstimateInput {
            engine: Some("sglang".into()),
            ..base.clone()
        },
        "engine",
        "vllm",
    );
    check(
        EstimateInput {
            input_tokens: 200_000,
            ..base.clone()
        },
        "input_tokens",
        "context of 131072",
    );
    check(
        EstimateInput {
            concurrency: Some(0),
            ..base.clone()
        },
        "concurrency",
        "above 0",
    );
    check(
        EstimateInput {
            max_ttft_ms: Some(f64::NAN),
            ..base.clone()
        },
        "max_ttft_ms",
        "above 0",
    );
    check(
        EstimateInput {
            min_output_tokens_per_s_per_user: Some(-1.0),
            ..base
        },
        "min_output_tokens_per_s_per_user",
        "above 0",
    );
    // Too large for any count of this GPU is a result, not an error.
    let r = run(&input("deepseek-v3", "rtx-3090", 8, "bf16"));
    assert!(!r.fits && r.reason.is_some());
}

#[test]
fn the_docs_show_the_current_calibration_table() {
    let (file, catalog) = calibration();
    let table = calibration_table(&file.rows, &catalog);
    let docs = std::fs::read_to_string(root().join("docs/sizing.md")).expect("docs/sizing.md");
    assert!(
        docs.contains(&format!("```text\n{table}```")),
        "docs/sizing.md must show the current table: paste the output of `cargo xtask calibration-table`"
    );
}
