#![allow(missing_docs)] // criterion_group! generates undocumented items
//! Benchmarks of the core: `cargo bench -p llm-tco` (not part of the test
//! command). Results and the machine they ran on: docs/performance.md.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use llm_tco::analysis::montecarlo::monte_carlo;
use llm_tco::analysis::pair::Pair;
use llm_tco::analysis::usage::{reprice, tier_thresholds, ImportOptions, UsageImport};
use llm_tco::sizing::report::estimate;
use llm_tco::spec::estimate::EstimateInput;
use llm_tco::{evaluate, Catalog, Format, Scenario};
use std::fmt::Write as _;

/// Three APIs and three self-hosted options sized by the model (JSON, so
/// the npm package's benchmark reads the same file).
const SIX_OPTIONS: &str = include_str!("six-options.json");

/// The core's workloads, timed.
fn benches(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    c.bench_function("catalog: parse the built-in catalog", |b| b.iter(Catalog::builtin));
    let default = llm_tco::default_scenario();
    c.bench_function("evaluate: the default scenario", |b| {
        b.iter(|| evaluate(black_box(&default)))
    });
    let default_json = llm_tco::ScenarioFile::parse(llm_tco::DEFAULT_SCENARIO_TOML, Format::Toml)
        .expect("default")
        .to_json();
    c.bench_function("full recompute: the default scenario, parse to report JSON", |b| {
        b.iter(|| {
            let s = Scenario::parse(black_box(&default_json), Format::Json, &catalog).expect("parse");
            evaluate(&s).expect("evaluate").to_json()
        })
    });
    let report = evaluate(&default).expect("default report");
    c.bench_function("chart: the default scenario's SVG (900 x 520)", |b| {
        b.iter(|| {
            llm_tco::render::chart::render_svg(
                &llm_tco::render::chart::ChartData::from_report(black_box(&report)),
                900,
                520,
            )
            .expect("svg")
        })
    });
    let six = Scenario::parse(SIX_OPTIONS, Format::Json, &catalog).expect("six-option scenario");
    c.bench_function("evaluate: six options, curves and crossings", |b| {
        b.iter(|| evaluate(black_box(&six)))
    });
    // What the npm package and the page do on every change: read the
    // scenario, validate it, price it and write the report.
    c.bench_function("full recompute: six options, parse to report JSON", |b| {
        b.iter(|| {
            let s = Scenario::parse(black_box(SIX_OPTIONS), Format::Json, &catalog).expect("parse");
            evaluate(&s).expect("evaluate").to_json()
        })
    });
    let input = EstimateInput {
        kv_cache: "fp8".into(),
        concurrency: Some(16),
        min_output_tokens_per_s_per_user: Some(20.0),
        ..EstimateInput::new("llama-3.1-70b", "h100-sxm", 2, "fp8", 1000, 300)
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
