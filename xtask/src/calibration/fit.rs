//! `import-calibration`: the reference measurements as rows the sizing
//! model can predict. `calibrate`: fit each engine profile's efficiencies
//! on those rows and rewrite `crates/llm-tco/catalog/engines.json`.

use anyhow::{bail, Context, Result};
use llm_tco::sizing::calibration::{error_table, median, predict_with, ratio};
use llm_tco::spec::calibration::{CalibrationFile, CalibrationRow, Metric};
use llm_tco::spec::catalog::EngineProfile;
use llm_tco::Catalog;
use serde_json::Value;
use std::path::Path;

/// ShareGPT means as the vLLM paper reports them (Kwon et al. 2023, table 1):
/// the dataset vLLM's benchmark_serving.py samples by default.
const SHAREGPT_INPUT: u64 = 161;
const SHAREGPT_OUTPUT: u64 = 338;

fn gpu_id(hardware: &str) -> Option<&'static str> {
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

fn model_id(model: &str) -> Option<&'static str> {
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

fn number(v: &Value) -> Option<u64> {
    v.as_u64().or_else(|| v.as_f64().map(|f| f.round() as u64))
}

/// Reads one reference row, or says why the model cannot express it.
fn row(b: &Value) -> Result<CalibrationRow, String> {
    let s = |k: &str| b[k].as_str().unwrap_or_default().to_string();
    let id = s("id");
    let model_name = s("model");
    let model = model_id(&model_name).ok_or(format!("model {model_name:?} is not in the catalog"))?;
    let gpu = gpu_id(&s("hardware")).ok_or(format!("hardware {:?} is not in the catalog", s("hardware")))?;
    let precision = s("precision");
    let len = |key: &str| number(&b[key]).ok_or(format!("no {key}"));
    // What every row shares; each suite below sets the rest.
    let base = CalibrationRow {
        id: id.clone(),
        model: model.into(),
        gpu: gpu.into(),
        n_gpus: number(&b["gpu_count"]).ok_or("no gpu_count")? as u32,
        weights: String::new(),
        kv_cache: "fp16".into(),
        engine: String::new(),
        input_tokens: 0,
        output_tokens: 0,
        concurrency: None,
        metric: Metric::MaxOutputTokensPerS,
        measured: b["value"].as_f64().ok_or("no value")?,
        assumptions: String::new(),
    };
    if id.starts_with("trtllm-") {
        return Ok(CalibrationRow {
            weights: "fp8".into(),
            kv_cache: "fp8".into(),
            engine: "tensorrt-llm".into(),
            input_tokens: len("input_len")?,
            output_tokens: len("output_len")?,
            assumptions: "offline, all requests queued: saturation; FP8 weights with the FP8 KV cache of NVIDIA's ModelOpt FP8 checkpoints".into(),
            ..base
        });
    }
    if id.starts_with("lambda-vllm") {
        let fp8 = model_name.to_ascii_lowercase().contains("fp8")
            || (id.contains("405b") && precision.contains("FP8 for 405B"));
        let weights = if fp8 { "fp8" } else { "bf16" };
        if id.ends_with("10prompts") {
            return Ok(CalibrationRow {
                weights: weights.into(),
                engine: "vllm-0.5".into(),
                input_tokens: 159,
                output_tokens: 249,
                concurrency: Some(10),
                metric: Metric::InterTokenLatencyMs,
                assumptions:
                    "10 concurrent decodes, the row's mean lengths (158.5 in, 249 out); median inter-token latency"
                        .into(),
                ..base
            });
        }
        let engine = if id.starts_with("lambda-vllm054") {
            "vllm-0.5"
        } else {
            "vllm"
        };
        return Ok(CalibrationRow {
            weights: weights.into(),
            engine: engine.into(),
            input_tokens: SHAREGPT_INPUT,
            output_tokens: SHAREGPT_OUTPUT,
            assumptions: format!(
                "burst of prompts, read as saturation; ShareGPT mean lengths {SHAREGPT_INPUT} in / {SHAREGPT_OUTPUT} out (vLLM paper) for the benchmark's default dataset; {weights} weights, 16-bit KV cache"
            ),
            ..base
        });
    }
    if id.starts_with("xd-llamacpp") {
        let weights = if precision.contains("Q4_K_M") {
            "gguf_q4_k_m"
        } else {
            "fp16"
        };
        let base = CalibrationRow {
            weights: weights.into(),
            engine: "llama.cpp".into(),
            concurrency: Some(1),
            ..base
        };
        if id.contains("prefill") {
            return Ok(CalibrationRow {
                input_tokens: len("input_len")?,
                output_tokens: 1,
                metric: Metric::PrefillTokensPerS,
                assumptions: "one 1024-token prompt processed alone".into(),
                ..base
            });
        }
        return Ok(CalibrationRow {
            input_tokens: 250,
            output_tokens: len("output_len")?,
            metric: Metric::DecodeTokensPerS,
            assumptions:
                "one stream, ~250-token prompt, generation speed without prompt processing; layer split over the GPUs"
                    .into(),
            ..base
        });
    }
    Err(format!("suite of {id} is not mapped"))
}

/// Writes `fixtures/calibration.json` from the reference file.
pub fn import(reference: &Path, out: &Path) -> Result<()> {
    let text = std::fs::read_to_string(reference.join("calibration-benchmarks.json"))
        .context("reading calibration-benchmarks.json")?;
    let doc: Value = serde_json::from_str(&text)?;
    let mut rows = Vec::new();
    for b in doc["benchmarks"].as_array().context("benchmarks")? {
        match row(b) {
            Ok(r) => rows.push(r),
            Err(why) => println!("skipped {}: {why}", b["id"]),
        }
    }
    let file = CalibrationFile {
        about: "Measured LLM serving throughput from shared/reference/calibration-benchmarks.json, read as inputs of the sizing model. Made by `cargo xtask import-calibration`; every row says how it was read.".into(),
        rows,
    };
    let mut text = serde_json::to_string_pretty(&file)?;
    text.push('\n');
    std::fs::write(out, text)?;
    println!("wrote {} rows to {}", file.rows.len(), out.display());
    Ok(())
}

/// Sum of squared log errors of `engines` on `rows`; a row the model
/// cannot price counts as a large error.
fn loss(rows: &[&CalibrationRow], catalog: &Catalog, engines: &[EngineProfile]) -> f64 {
    rows.iter()
        .map(|r| {
            let engine = engines.iter().find(|e| e.id == r.engine).expect("engine of the group");
            match predict_with(r, catalog, engine) {
                Ok(p) if p.is_finite() && p > 0.0 => ratio(r, p).ln().powi(2),
                _ => 100.0,
            }
        })
        .sum()
}

/// Which fitted parameter (an index into the vector) each factor of an
/// engine takes; `None` keeps the catalog's value.
#[derive(Clone, Copy)]
struct Slots {
    bandwidth: Option<usize>,
    kv_bandwidth: Option<usize>,
    compute: usize,
    step: usize,
    per_sequence: Option<usize>,
}

/// Engines fitted together, sharing the slots they name twice: the two
/// vLLM generations stream weights and KV cache with the same kernels
/// (shared bandwidth efficiencies); they differ in CPU overhead per step
/// (multi-step scheduling came in 0.6) and in how prefill mixes with decode
/// (0.5 stalls decodes for whole prompts: lower effective compute).
fn groups() -> Vec<(Vec<(&'static str, Slots)>, usize)> {
    vec![
        (
            vec![
                (
                    "vllm-0.5",
                    Slots {
                        bandwidth: Some(0),
                        kv_bandwidth: Some(6),
                        compute: 1,
                        step: 2,
                        per_sequence: Some(3),
                    },
                ),
                (
                    "vllm",
                    Slots {
                        bandwidth: Some(0),
                        kv_bandwidth: Some(6),
                        compute: 7,
                        step: 4,
                        per_sequence: Some(5),
                    },
                ),
            ],
            8,
        ),
        // Every TensorRT-LLM row is at saturation, where weight streaming hides
        // behind KV reads and arithmetic: the rows cannot tell its efficiency
        // apart from a per-step cost, so it keeps the profile's value.
        (
            vec![(
                "tensorrt-llm",
                Slots {
                    bandwidth: None,
                    kv_bandwidth: Some(0),
                    compute: 1,
                    step: 2,
                    per_sequence: Some(3),
                },
            )],
            4,
        ),
        // One stream of short context only: no row measures a per-sequence
        // cost or KV-cache reads, so those keep the profile's values.
        (
            vec![(
                "llama.cpp",
                Slots {
                    bandwidth: Some(0),
                    kv_bandwidth: None,
                    compute: 1,
                    step: 2,
                    per_sequence: None,
                },
            )],
            3,
        ),
    ]
}

/// How strongly each factor is pulled toward a typical value. The rows
/// pin down what they measure; a factor they cannot see (weight streaming
/// when every row is compute-bound, say) stays near what such kernels
/// usually achieve instead of drifting to an unphysical value that happens
/// to fit. Small against the data: one row 10% off costs 0.009.
const PRIOR_WEIGHT: f64 = 0.01;

/// Typical values, in the search space of [`apply`]: weight streaming 80%,
/// KV-cache reads 60%, tensor throughput 50%, 1 ms per step, 10 µs per
/// sequence per step.
fn prior(slots: &[Slots], n: usize) -> Vec<f64> {
    let logit = |share: f64| (share / 0.95 / (1.0 - share / 0.95)).ln();
    let mut p = vec![0.0; n];
    for s in slots {
        if let Some(i) = s.bandwidth {
            p[i] = logit(0.8);
        }
        if let Some(i) = s.kv_bandwidth {
            p[i] = logit(0.6);
        }
        p[s.compute] = logit(0.5);
        p[s.step] = 0.0;
        if let Some(i) = s.per_sequence {
            p[i] = (0.1_f64).ln();
        }
    }
    p
}

/// Efficiencies go through a logistic function onto (0, 0.95) — no
/// kernel streams memory or multiplies at the datasheet's peak — and
/// overheads through exp, so the search space has no bounds.
fn apply(base: &EngineProfile, slots: Slots, x: &[f64]) -> EngineProfile {
    let sig = |v: f64| 0.95 / (1.0 + (-v).exp());
    EngineProfile {
        bandwidth_efficiency: slots.bandwidth.map_or(base.bandwidth_efficiency, |i| sig(x[i])),
        kv_bandwidth_efficiency: slots.kv_bandwidth.map_or(base.kv_bandwidth_efficiency, |i| sig(x[i])),
        compute_efficiency: sig(x[slots.compute]),
        step_overhead_ms: x[slots.step].exp(),
        per_sequence_overhead_us: slots
            .per_sequence
            .map_or(base.per_sequence_overhead_us, |i| 100.0 * x[i].exp()),
        ..base.clone()
    }
}

/// Nelder–Mead from a fixed start with a fixed number of iterations: the
/// same fit every run.
fn minimize(n: usize, f: impl Fn(&[f64]) -> f64) -> Vec<f64> {
    let mut simplex: Vec<(Vec<f64>, f64)> = (0..=n)
        .map(|i| {
            let mut x = vec![0.0; n];
            if i > 0 {
                x[i - 1] += 1.0;
            }
            let fx = f(&x);
            (x, fx)
        })
        .collect();
    for _ in 0..400 * n {
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let centroid: Vec<f64> = (0..n)
            .map(|d| simplex[..n].iter().map(|p| p.0[d]).sum::<f64>() / n as f64)
            .collect();
        let worst = simplex[n].clone();
        let along = |t: f64| -> Vec<f64> { (0..n).map(|d| centroid[d] + t * (worst.0[d] - centroid[d])).collect() };
        let reflected = along(-1.0);
        let fr = f(&reflected);
        if fr < simplex[0].1 {
            let expanded = along(-2.0);
            let fe = f(&expanded);
            simplex[n] = if fe < fr { (expanded, fe) } else { (reflected, fr) };
        } else if fr < simplex[n - 1].1 {
            simplex[n] = (reflected, fr);
        } else {
            let contracted = along(0.5);
            let fc = f(&contracted);
            if fc < worst.1 {
                simplex[n] = (contracted, fc);
            } else {
                let best = simplex[0].0.clone();
                for p in simplex.iter_mut().skip(1) {
                    p.0 = (0..n).map(|d| best[d] + 0.5 * (p.0[d] - best[d])).collect();
                    p.1 = f(&p.0);
                }
            }
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    simplex.swap_remove(0).0
}

/// Three significant digits: the fit does not know them better.
fn round3(v: f64) -> f64 {
    if v == 0.0 {
        return 0.0;
    }
    let scale = 10f64.powi(2 - v.abs().log10().floor() as i32);
    (v * scale).round() / scale
}

/// Fits every engine group on its rows, prints the error table, rewrites
/// `engines.json`.
pub fn calibrate(calibration: &Path, engines_json: &Path) -> Result<()> {
    let file = CalibrationFile::parse(&std::fs::read_to_string(calibration)?).map_err(|e| anyhow::anyhow!("{e}"))?;
    let catalog = Catalog::builtin();
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(engines_json)?)?;
    let mut fitted_all: Vec<EngineProfile> = Vec::new();
    for (members, n) in groups() {
        let bases: Vec<(EngineProfile, Slots)> = members
            .iter()
            .map(|(id, slots)| {
                catalog
                    .engine(id)
                    .map(|e| (e.clone(), *slots))
                    .map_err(|e| anyhow::anyhow!("{e}"))
            })
            .collect::<Result<_>>()?;
        let rows: Vec<&CalibrationRow> = file
            .rows
            .iter()
            .filter(|r| members.iter().any(|(id, _)| r.engine == *id))
            .collect();
        if rows.is_empty() {
            bail!(
                "no calibration rows for {:?}",
                members.iter().map(|m| m.0).collect::<Vec<_>>()
            );
        }
        let profiles = |x: &[f64]| -> Vec<EngineProfile> { bases.iter().map(|(b, s)| apply(b, *s, x)).collect() };
        let prior = prior(&bases.iter().map(|b| b.1).collect::<Vec<_>>(), n);
        let x = minimize(n, |x| {
            let pull: f64 = x.iter().zip(&prior).map(|(v, p)| (v - p).powi(2)).sum();
            loss(&rows, &catalog, &profiles(x)) + PRIOR_WEIGHT * pull
        });
        for mut fitted in profiles(&x) {
            fitted.bandwidth_efficiency = round3(fitted.bandwidth_efficiency);
            fitted.kv_bandwidth_efficiency = round3(fitted.kv_bandwidth_efficiency);
            fitted.compute_efficiency = round3(fitted.compute_efficiency);
            fitted.step_overhead_ms = round3(fitted.step_overhead_ms);
            fitted.per_sequence_overhead_us = round3(fitted.per_sequence_overhead_us);
            let own: Vec<&&CalibrationRow> = rows.iter().filter(|r| r.engine == fitted.id).collect();
            let mut apes: Vec<f64> = own
                .iter()
                .filter_map(|r| {
                    predict_with(r, &catalog, &fitted)
                        .ok()
                        .map(|p| ((p - r.measured) / r.measured).abs())
                })
                .collect();
            fitted.notes = Some(format!(
                "Efficiencies and overheads fitted by `cargo xtask calibrate` on {} rows of fixtures/calibration.json{} (median absolute error {:.1}%).",
                own.len(),
                if members.len() > 1 { ", GPU efficiencies shared with the other vLLM generation" } else { "" },
                median(&mut apes) * 100.0
            ));
            println!(
                "{:<13} bandwidth {:.3}  kv bandwidth {:.3}  compute {:.3}  step overhead {:.3} ms  per sequence {:.3} us",
                fitted.id,
                fitted.bandwidth_efficiency,
                fitted.kv_bandwidth_efficiency,
                fitted.compute_efficiency,
                fitted.step_overhead_ms,
                fitted.per_sequence_overhead_us
            );
            fitted_all.push(fitted);
        }
    }
    // Keep the file's order of engines.
    let order: Vec<String> = catalog.engines().iter().map(|e| e.id.clone()).collect();
    fitted_all.sort_by_key(|e| order.iter().position(|id| *id == e.id));
    doc["engines"] = serde_json::to_value(&fitted_all)?;
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    std::fs::write(engines_json, text)?;
    let overlay = llm_tco::CatalogFile {
        engines: fitted_all,
        ..Default::default()
    };
    let refit = catalog.with_overlay(&overlay).map_err(|e| anyhow::anyhow!("{e}"))?;
    let (table, _, _) = error_table(&file.rows, &refit).map_err(|e| anyhow::anyhow!("{e}"))?;
    print!("\n{table}");
    Ok(())
}

/// Prints the error table with the catalog's engine profiles as they are.
pub fn table(calibration: &Path) -> Result<()> {
    let file = CalibrationFile::parse(&std::fs::read_to_string(calibration)?).map_err(|e| anyhow::anyhow!("{e}"))?;
    let (table, _, _) = error_table(&file.rows, &Catalog::builtin()).map_err(|e| anyhow::anyhow!("{e}"))?;
    print!("{table}");
    Ok(())
}
