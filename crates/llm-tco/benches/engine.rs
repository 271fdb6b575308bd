#![allow(missing_docs)] // criterion_group! generates undocumented items
//! Benchmarks of the core: `cargo bench -p llm-tco` (not part of the test
//! command). Results and the machine they ran on: docs/performance.md.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use llm_tco::estimate::{estimate, EstimateInput};
use llm_tco::montecarlo::monte_carlo;
use llm_tco::pair::Pair;
use llm_tco::usage::{reprice, tier_thresholds, ImportOptions, UsageImport};
use llm_tco::{evaluate, Catalog, Format, Scenario};
use std::fmt::Write as _;

/// Three APIs and three self-hosted options sized by the model.
const SIX_OPTIONS: &str = r#"
schema_version = 1
name = "six options"
as_of = "2026-11-01"
[workload]
tokens_per_day = "50000000"
input_tokens_per_request = 1200
output_tokens_per_request = 300
cached_input_share = 0.2
peak_to_average = 2
[[options]]
name = "GPT-4o"
api = { catalog = "openai-gpt-4o" }
[[options]]
name = "Claude Sonnet 4"
api = { catalog = "anthropic-claude-sonnet-4-20250514" }
[[options]]
name = "Gemini 2.5 Flash"
api = { catalog = "google-gemini-2.5-flash" }
[[options]]
name = "Llama 3.1 8B on L4"
self_hosted = { model = "llama-3.1-8b", weights = "fp8", gpu = "l4", rented = { usd_per_gpu_hour = "0.80" } }
[[options]]
name = "Llama 3.3 70B on H100"
self_hosted = { model = "llama-3.3-70b", weights = "fp8", gpu = "h100-sxm", rented = { usd_per_gpu_hour = "2.99" } }
[[options]]
name = "Mixtral on A100, owned"
[options.self_hosted]
model = "mixtral-8x7b-v0.1"
weights = "awq_int4"
gpu = "a100-80gb-sxm"
owned = { purchase_usd_per_gpu = "12000", life_years = 4, usd_per_kwh = "0.12" }
"#;

/// The core's workloads, timed.
fn benches(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    c.bench_function("catalog: parse the built-in catalog", |b| b.iter(Catalog::builtin));
    let default = llm_tco::default_scenario();
    c.bench_function("evaluate: the default scenario", |b| {
        b.iter(|| evaluate(black_box(&default)))
    });
    let six = Scenario::parse(SIX_OPTIONS, Format::Toml, &catalog).expect("six-option scenario");
    c.bench_function("evaluate: six options, curves and crossings", |b| {
        b.iter(|| evaluate(black_box(&six)))
    });
    let input = EstimateInput {
        model: "llama-3.1-70b".into(),
        gpu: "h100-sxm".into(),
        gpus: 2,
        weights: "fp8".into(),
        kv_cache: "fp8".into(),
        input_tokens: 1000,
        output_tokens: 300,
        concurrency: Some(16),
        engine: None,
        min_output_tokens_per_s_per_user: Some(20.0),
        max_ttft_ms: None,
    };
    c.bench_function("estimate: 70B on 2x H100 with a latency target", |b| {
        b.iter(|| estimate(black_box(&input), &catalog))
    });
}

/// `n` rows of a usage log as CSV, the same for every run: a linear
/// congruential generator picks each row's tokens; a row every 2.6 s spans
/// a month at 1M rows.
pub fn usage_log_csv(n: usize) -> String {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |m: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % m
    };
    let mut out = String::with_capacity(n * 48);
    out.push_str("timestamp,model,input_tokens,output_tokens,cached_tokens\n");
    for i in 0..n as u64 {
        let input = 200 + next(4000);
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            1_772_323_200 + i * 26 / 10,
            ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4"][next(3) as usize],
            input,
            50 + next(800),
            input * next(60) / 100
        );
    }
    out
}

/// The decision analysis, timed: Monte Carlo and usage-log repricing.
fn analysis(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let quality = Scenario::parse(
        include_str!("../../../fixtures/scenarios/article-002-support-quality.toml"),
        Format::Toml,
        &catalog,
    )
    .expect("quality fixture");
    let pair = Pair::choose(&quality, None, Some("GPT-4o")).expect("pair");
    let mut group = c.benchmark_group("analysis");
    group.sample_size(20);
    group.bench_function("monte carlo: 10,000 samples, three ranges", |b| {
        b.iter(|| monte_carlo(black_box(&quality), pair, 10_000, 42))
    });
    let log = usage_log_csv(1_000_000);
    let default = llm_tco::default_scenario();
    group.sample_size(10);
    group.throughput(criterion::Throughput::Elements(1_000_000));
    group.bench_function("usage log: read and reprice 1,000,000 CSV rows", |b| {
        b.iter(|| {
            let mut import = UsageImport::new(ImportOptions {
                tier_thresholds: tier_thresholds(&default),
                ..ImportOptions::default()
            });
            for chunk in log.as_bytes().chunks(1 << 20) {
                // Chunks cut at byte boundaries; the log is ASCII.
                import
                    .push_chunk(std::str::from_utf8(chunk).expect("ascii"))
                    .expect("read");
            }
            reprice(&import.finish().expect("finish"), &default).expect("reprice")
        })
    });
    group.finish();
}

criterion_group! {
    name = engine;
    config = Criterion::default();
    targets = benches, analysis
}
criterion_main!(engine);
