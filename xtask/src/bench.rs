//! `cargo xtask bench`: the benchmark suite (not part of the test command).
//! The core natively (criterion), the same workloads through the npm package
//! in Node, and the page in headless Chromium; prints one table with the
//! wasm/native ratio and the targets of the performance issue.

use anyhow::{bail, Context, Result};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Median nanoseconds of every criterion benchmark, by its full id.
fn criterion_medians(dir: &Path, out: &mut BTreeMap<String, f64>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            let (bench, est) = (path.join("new/benchmark.json"), path.join("new/estimates.json"));
            if bench.exists() && est.exists() {
                let b: Value = serde_json::from_str(&std::fs::read_to_string(bench)?)?;
                let e: Value = serde_json::from_str(&std::fs::read_to_string(est)?)?;
                if let (Some(id), Some(ns)) = (b["full_id"].as_str(), e["median"]["point_estimate"].as_f64()) {
                    out.insert(id.to_string(), ns);
                }
            } else {
                criterion_medians(&path, out)?;
            }
        }
    }
    Ok(())
}

fn node_json(cwd: &Path, script: &Path, env: &[(&str, &std::ffi::OsStr)]) -> Result<Value> {
    let mut cmd = Command::new("node");
    cmd.current_dir(cwd).arg(script);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().with_context(|| format!("node {}", script.display()))?;
    if !out.status.success() {
        bail!("{} failed: {}", script.display(), String::from_utf8_lossy(&out.stderr));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let last = text.lines().last().unwrap_or_default();
    serde_json::from_str(last).with_context(|| format!("{} printed {last:?}", script.display()))
}

/// Runs every benchmark and prints the table.
pub fn run(root: &Path) -> Result<()> {
    println!("==> cargo bench -p llm-tco");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(root)
        .args(["bench", "-p", "llm-tco", "--bench", "engine", "--", "--noplot"])
        .status()?;
    if !status.success() {
        bail!("cargo bench failed");
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), Into::into);
    let mut native = BTreeMap::new();
    criterion_medians(&target.join("criterion"), &mut native)?;
    let ms = |id: &str| native.get(id).map(|ns| ns / 1e6);

    let (pkg, _) = crate::npm::build(root)?;
    let fixtures = pkg.parent().context("target/npm")?.join("fixtures");
    crate::write_json_fixtures(root, &fixtures)?;
    println!("==> node crates/llm-tco-wasm/js/bench/bench.mjs");
    let js = root.join("crates/llm-tco-wasm/js");
    let wasm = node_json(
        &js,
        &js.join("bench/bench.mjs"),
        &[
            ("LLM_TCO_PKG", pkg.as_os_str()),
            ("LLM_TCO_ROOT", root.as_os_str()),
            ("LLM_TCO_FIXTURES_JSON", fixtures.as_os_str()),
        ],
    )?;
    let dist = crate::web::build(root)?;
    let chromium = crate::npm::ensure_chromium()?;
    println!("==> node web/perf/measure.mjs");
    let page = node_json(
        &root.join("web"),
        &root.join("web/perf/measure.mjs"),
        &[
            ("LLM_TCO_WEB_DIST", dist.as_os_str()),
            ("LLM_TCO_CHROMIUM", chromium.as_os_str()),
            ("LLM_TCO_JS_MODULES", js.join("node_modules").as_os_str()),
        ],
    )?;

    let cell = |v: Option<f64>| v.map_or("-".to_string(), |x| format!("{x:.3} ms"));
    let rows = [
        (
            "default scenario: parse, evaluate, report JSON",
            "full recompute: the default scenario, parse to report JSON",
            "evaluate_default_ms",
            "",
        ),
        (
            "six options: parse, evaluate, report JSON",
            "full recompute: six options, parse to report JSON",
            "six_options_full_ms",
            "≤ 1 ms in wasm",
        ),
        (
            "Monte Carlo, 10,000 samples",
            "analysis/monte carlo: 10,000 samples, three ranges",
            "monte_carlo_10k_ms",
            "≤ 50 ms native",
        ),
        (
            "usage log, 1,000,000 rows read and repriced",
            "analysis/usage log: read and reprice 1,000,000 CSV rows",
            "usage_1m_rows_ms",
            "≥ 2M rows/s native (≤ 500 ms)",
        ),
    ];
    println!("\n| workload | native | wasm (Node) | wasm / native | target |");
    println!("|---|---|---|---|---|");
    for (name, id, key, goal) in rows {
        let n = ms(id);
        let w = wasm[key].as_f64();
        let ratio = match (n, w) {
            (Some(n), Some(w)) if n > 0.0 => format!("{:.2}×", w / n),
            _ => "-".into(),
        };
        println!("| {name} | {} | {} | {ratio} | {goal} |", cell(n), cell(w));
    }
    println!("\n| page (headless Chromium) | time | target |");
    println!("|---|---|---|");
    for (name, key, goal) in [
        (
            "navigation to the first chart (loopback)",
            "navigation_to_first_chart_ms",
            "",
        ),
        (
            "navigation to the first chart, cold, 10 Mbit/s and 40 ms round trip",
            "navigation_to_first_chart_10mbit_ms",
            "≤ 1.0 s",
        ),
        ("volume slider to chart drawn, p50 of 100", "input_to_chart_p50_ms", ""),
        (
            "volume slider to chart drawn, p95 of 100",
            "input_to_chart_p95_ms",
            "≤ 16 ms",
        ),
        ("… and to the next frame, p50 of 100", "input_to_next_frame_p50_ms", ""),
        ("… and to the next frame, p95 of 100", "input_to_next_frame_p95_ms", ""),
    ] {
        println!("| {name} | {} | {goal} |", cell(page[key].as_f64()));
    }
    Ok(())
}
