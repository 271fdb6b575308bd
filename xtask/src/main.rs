//! Project automation.
//!
//! - `cargo xtask test` runs every check the project has: docs without
//!   warnings, the library packaged as a crate, and the whole test suite.
//!   `.ci/run` calls exactly this.
//! - `cargo xtask import-calibration [REFERENCE_DIR]` reads the measured
//!   throughputs into `fixtures/calibration.json`; `cargo xtask calibrate`
//!   refits the engine profiles on them and prints the error table.
//! - `cargo xtask bench` runs the benchmarks: the core natively
//!   (criterion), the same workloads in wasm under Node, and the page's
//!   input-to-chart time in Chromium; prints the table of
//!   docs/performance.md.
//! - `cargo xtask fuzz [TARGET|all] [SECONDS]` runs the fuzz targets of
//!   `fuzz/` (nightly, cargo-fuzz), 600 seconds each by default.
//! - `cargo xtask import-catalog [REFERENCE_DIR]` rebuilds the embedded
//!   catalog (`crates/llm-tco/catalog/*.json`) from the researched reference
//!   data (`../shared/reference/` by default).
//!
//! The conversion is mechanical and keeps every source and date: prices
//! become decimal strings (never floats), ids lose their snapshot date when
//! they are the newest snapshot of an offer, and each row's source object is
//! flattened to one line of text.

mod bench;
mod calibrate;
mod fuzz;
mod npm;
mod web;

use anyhow::{bail, Context, Result};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("import-catalog") => {
            let reference = args
                .get(1)
                .map(PathBuf::from)
                .unwrap_or_else(|| workspace_root().join("../shared/reference"));
            import_catalog(&reference, &workspace_root().join("crates/llm-tco/catalog"))
        }
        Some("test") => test(),
        Some("import-calibration") => {
            let reference = args
                .get(1)
                .map(PathBuf::from)
                .unwrap_or_else(|| workspace_root().join("../shared/reference"));
            calibrate::import(&reference, &workspace_root().join("fixtures/calibration.json"))
        }
        Some("npm") => npm::build(&workspace_root()).map(|_| ()),
        Some("web") => web::build(&workspace_root()).map(|_| ()),
        Some("serve") => {
            let port = args
                .get(1)
                .map(|p| p.parse::<u16>())
                .transpose()
                .context("port")?
                .unwrap_or(8080);
            web::serve(&web::build(&workspace_root())?, port)
        }
        Some("bench") => bench::run(&workspace_root()),
        Some("fuzz") => {
            let seconds = args
                .get(2)
                .map(|s| s.parse::<u64>())
                .transpose()
                .context("seconds")?
                .unwrap_or(600);
            fuzz::run(
                &workspace_root(),
                args.get(1).map(String::as_str).filter(|t| *t != "all"),
                seconds,
            )
        }
        Some("calibration-table") => calibrate::table(&workspace_root().join("fixtures/calibration.json")),
        Some("calibrate") => calibrate::calibrate(
            &workspace_root().join("fixtures/calibration.json"),
            &workspace_root().join("crates/llm-tco/catalog/engines.json"),
        ),
        _ => {
            eprintln!(
                "usage: cargo xtask serve [PORT] | test | bench | npm | web | fuzz [TARGET|all] [SECONDS] | import-catalog [REFERENCE_DIR] | import-calibration [REFERENCE_DIR] | calibrate | calibration-table"
            );
            std::process::exit(2);
        }
    }
}

/// Runs `cargo ARGS` in the workspace root with extra environment, failing
/// when it fails.
fn cargo(args: &[&str], env: &[(&str, &str)]) -> Result<()> {
    println!("\n==> cargo {}", args.join(" "));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(workspace_root())
        .status()
        .with_context(|| format!("running cargo {}", args.join(" ")))?;
    if !status.success() {
        bail!("cargo {} failed ({status})", args.join(" "));
    }
    Ok(())
}

fn test() -> Result<()> {
    cargo(
        &["doc", "--no-deps", "-p", "llm-tco"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    cargo(&["package", "-p", "llm-tco", "--allow-dirty", "--quiet"], &[])?;
    // The web page is tested in a browser, below; natively it has nothing to test.
    let (mut passed, mut failed) = cargo_test(&["test", "--workspace", "--exclude", "llm-tco-web", "--no-fail-fast"])?;
    // The sizing test checks the calibration table; show it in the log too.
    println!("\n==> predicted against measured (docs/sizing.md)");
    calibrate::table(&workspace_root().join("fixtures/calibration.json"))?;
    let (node_passed, node_failed) = npm_tests()?;
    passed += node_passed;
    failed += node_failed;
    let (web_passed, web_failed) = web_tests()?;
    passed += web_passed;
    failed += web_failed;
    // One closing line over every test binary, so the total is read at a glance.
    println!("\ntotal: {passed} passed, {failed} failed");
    if failed > 0 {
        bail!("{failed} tests failed");
    }
    Ok(())
}

/// Writes every fixture scenario as JSON into `dir` (the wasm build reads
/// JSON only).
pub fn write_json_fixtures(root: &Path, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    for entry in std::fs::read_dir(root.join("fixtures/scenarios"))? {
        let path = entry?.path();
        let text = std::fs::read_to_string(&path)?;
        let format = llm_tco::Format::from_path(&path.to_string_lossy()).context("fixture extension")?;
        let file =
            llm_tco::ScenarioFile::parse(&text, format).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let stem = path.file_stem().and_then(|s| s.to_str()).context("file name")?;
        std::fs::write(dir.join(format!("{stem}.json")), file.to_json())?;
    }
    Ok(())
}

/// Builds the npm package and runs its JavaScript tests (node:test) against
/// it; returns their counts.
fn npm_tests() -> Result<(u64, u64)> {
    let root = workspace_root();
    let (pkg, tarball) = npm::build(&root)?;
    // The wasm build reads JSON only: the fixtures as JSON, for the tests.
    let fixtures = pkg.parent().context("target/npm")?.join("fixtures");
    write_json_fixtures(&root, &fixtures)?;
    let js = root.join("crates/llm-tco-wasm/js");
    let chromium = npm::ensure_chromium()?;
    println!("\n==> node --test (the npm package)");
    node_test(
        &js,
        "test/",
        &[
            ("LLM_TCO_PKG", pkg.as_os_str()),
            ("LLM_TCO_TARBALL", tarball.as_os_str()),
            ("LLM_TCO_ROOT", root.as_os_str()),
            ("LLM_TCO_FIXTURES_JSON", fixtures.as_os_str()),
            ("LLM_TCO_CHROMIUM", chromium.as_os_str()),
        ],
        "node tests",
    )
}

/// Builds the web page and runs its end-to-end tests in Chromium.
fn web_tests() -> Result<(u64, u64)> {
    let root = workspace_root();
    let dist = web::build(&root)?;
    web::check_transfer(&dist)?;
    let chromium = npm::ensure_chromium()?;
    println!("\n==> node --test (the web page, in Chromium)");
    node_test(
        &root.join("web"),
        "e2e/",
        &[
            ("LLM_TCO_WEB_DIST", dist.as_os_str()),
            ("LLM_TCO_ROOT", root.as_os_str()),
            ("LLM_TCO_CHROMIUM", chromium.as_os_str()),
            ("LLM_TCO_ARTIFACTS", root.join("target/web-artifacts").as_os_str()),
            (
                "LLM_TCO_JS_MODULES",
                root.join("crates/llm-tco-wasm/js/node_modules").as_os_str(),
            ),
        ],
        "web tests",
    )
}

/// `node --test DIR` in `cwd` with `env`; echoes the spec report and counts
/// the TAP totals.
fn node_test(cwd: &Path, dir: &str, env: &[(&str, &std::ffi::OsStr)], what: &str) -> Result<(u64, u64)> {
    let mut cmd = std::process::Command::new("node");
    cmd.args([
        "--test",
        "--test-reporter=spec",
        "--test-reporter-destination=stdout",
        "--test-reporter=tap",
        "--test-reporter-destination=stderr",
    ])
    .arg(dir)
    .current_dir(cwd)
    .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().context("running node --test")?;
    print!("{}", String::from_utf8_lossy(&out.stdout));
    let tap = String::from_utf8_lossy(&out.stderr);
    let count = |key: &str| -> u64 {
        tap.lines()
            .filter_map(|l| l.strip_prefix(&format!("# {key} ")))
            .filter_map(|n| n.trim().parse::<u64>().ok())
            .sum()
    };
    let (passed, failed) = (count("pass"), count("fail"));
    println!("{what}: {passed} passed, {failed} failed");
    if passed == 0 && failed == 0 {
        bail!("node --test ran no test:\n{tap}");
    }
    Ok((passed, failed))
}

/// Runs `cargo test ...`, echoing its output, and adds up the
/// "test result: ok. N passed; M failed" lines.
fn cargo_test(args: &[&str]) -> Result<(u64, u64)> {
    use std::io::{BufRead, BufReader};
    println!("\n==> cargo {}", args.join(" "));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut child = std::process::Command::new(cargo)
        .args(args)
        .current_dir(workspace_root())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("running cargo test")?;
    let (mut passed, mut failed) = (0, 0);
    let stdout = child.stdout.take().context("cargo test output")?;
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        println!("{line}");
        if let Some(rest) = line.strip_prefix("test result: ") {
            for part in rest.split(['.', ';']) {
                let mut words = part.split_whitespace();
                if let (Some(n), Some(what)) = (words.next(), words.next()) {
                    match (n.parse::<u64>(), what) {
                        (Ok(n), "passed") => passed += n,
                        (Ok(n), "failed") => failed += n,
                        _ => {}
                    }
                }
            }
        }
    }
    let status = child.wait()?;
    if !status.success() && failed == 0 {
        bail!("cargo {} failed ({status})", args.join(" "));
    }
    Ok((passed, failed))
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

fn write_json(path: &Path, value: &Value) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

/// A JSON number written as the shortest decimal string that round-trips,
/// with trailing zeros removed ("10.0" becomes "10").
fn dec(value: &Value) -> Result<Value> {
    Ok(match value {
        Value::Null => Value::Null,
        Value::Number(n) => {
            let text = n.to_string();
            let text = if text.contains('.') && !text.contains('e') {
                text.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                text
            };
            Value::String(text)
        }
        other => bail!("expected a number, found {other}"),
    })
}

/// A whole number; the reference writes some counts as floats (`6.71e11`).
fn whole(value: &Value) -> Result<Value> {
    match value {
        Value::Null => Ok(Value::Null),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                return Ok(json!(u));
            }
            let f = n.as_f64().context("number")?;
            if f.fract() != 0.0 || f < 0.0 {
                bail!("expected a whole number, found {f}");
            }
            Ok(json!(f as u64))
        }
        other => bail!("expected a number, found {other}"),
    }
}

/// Flattens a source (string or nested object) to one line of text.
fn source_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Object(map) => {
            // serde_json sorts keys; put the primary source first.
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by_key(|k| (!matches!(k.as_str(), "primary" | "url" | "repo"), k.as_str() == "note"));
            keys.iter()
                .map(|k| format!("{k}: {}", source_text(&map[k.as_str()])))
                .collect::<Vec<_>>()
                .join("; ")
        }
        Value::Array(items) => items.iter().map(source_text).collect::<Vec<_>>().join(", "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn str_field<'a>(row: &'a Value, key: &str) -> Result<&'a str> {
    row[key].as_str().with_context(|| format!("field {key} in {row}"))
}

const OPEN_WEIGHT_HOSTS: &[&str] = &["Together AI", "Fireworks AI", "Groq", "DeepInfra", "DeepSeek"];

fn strip_snapshot_date(id: &str) -> &str {
    // ids end in "-YYYY-MM-DD", the snapshot date of the price list.
    if id.len() > 11 && id.as_bytes()[id.len() - 11] == b'-' {
        let tail = &id[id.len() - 10..];
        if tail
            .chars()
            .enumerate()
            .all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() })
        {
            return &id[..id.len() - 11];
        }
    }
    id
}

/// The open-weight model an offer serves, when the catalog has it.
fn served_model(name: &str) -> Value {
    let name = name.to_ascii_lowercase();
    let table = [
        ("llama 3.1 8b", "llama-3.1-8b"),
        ("llama 3.1 70b", "llama-3.1-70b"),
        ("llama 3.1 405b", "llama-3.1-405b"),
        ("llama 3.3 70b", "llama-3.3-70b"),
        ("deepseek-v3", "deepseek-v3"),
    ];
    table
        .iter()
        .find(|(needle, _)| name.contains(needle))
        .map_or(Value::Null, |(_, id)| json!(id))
}

fn import_api(reference: &Path) -> Result<Value> {
    let doc = read_json(&reference.join("api-prices.json"))?;
    let rows = doc["api_prices"].as_array().context("api_prices")?;
    // Newest snapshot of each offer gets the short id.
    let mut newest: BTreeMap<String, String> = BTreeMap::new();
    for row in rows {
        let full = str_field(row, "id")?;
        let short = strip_snapshot_date(full).to_string();
        let as_of = str_field(row, "as_of")?.to_string();
        let entry = newest.entry(short).or_insert_with(|| as_of.clone());
        if as_of > *entry {
            *entry = as_of;
        }
    }
    let mut out = Vec::new();
    for row in rows {
        let full = str_field(row, "id")?;
        let short = strip_snapshot_date(full);
        let as_of = str_field(row, "as_of")?;
        let id = if newest[short] == as_of { short } else { full };
        let input = row["input_usd_per_mtok"].as_f64().context("input price")?;
        let batch_discount = match (
            row["batch_input_usd_per_mtok"].as_f64(),
            row["batch_output_usd_per_mtok"].as_f64(),
        ) {
            (Some(batch_in), Some(batch_out)) => {
                let output = row["output_usd_per_mtok"].as_f64().context("output price")?;
                let d_in = 1.0 - batch_in / input;
                let d_out = 1.0 - batch_out / output;
                if (d_in - d_out).abs() > 1e-9 {
                    bail!("{full}: batch discount differs between input and output");
                }
                dec(&json!((d_in * 1e6).round() / 1e6))?
            }
            _ => Value::Null,
        };
        let provider = str_field(row, "provider")?;
        let tier = match &row["long_context_tier"] {
            Value::Null => Value::Null,
            t => json!({
                "threshold_input_tokens": whole(&t["threshold_tokens"])?,
                "input_usd_per_mtok": dec(&t["input_usd_per_mtok"])?,
                "output_usd_per_mtok": dec(&t["output_usd_per_mtok"])?,
                "cached_input_usd_per_mtok": dec(&t["cached_input_read_usd_per_mtok"])?,
            }),
        };
        let mut source = source_text(&row["source"]);
        if let Some(also) = row.get("also_verified_as_of").and_then(Value::as_array) {
            source.push_str(&format!(
                "; also verified as of {}",
                source_text(&Value::Array(also.clone()))
            ));
        }
        let mut entry = Map::new();
        entry.insert("id".into(), json!(id));
        entry.insert("name".into(), row["model"].clone());
        entry.insert("provider".into(), json!(provider));
        entry.insert(
            "hosting".into(),
            json!(if OPEN_WEIGHT_HOSTS.contains(&provider) {
                "open_weight"
            } else {
                "closed"
            }),
        );
        entry.insert("model".into(), served_model(str_field(row, "model")?));
        entry.insert("input_usd_per_mtok".into(), dec(&row["input_usd_per_mtok"])?);
        entry.insert("output_usd_per_mtok".into(), dec(&row["output_usd_per_mtok"])?);
        entry.insert(
            "cached_input_usd_per_mtok".into(),
            dec(&row["cached_input_read_usd_per_mtok"])?,
        );
        entry.insert(
            "cache_write_usd_per_mtok".into(),
            dec(&row["cache_write_5min_usd_per_mtok"])?,
        );
        entry.insert("batch_discount".into(), batch_discount);
        entry.insert("long_context_tier".into(), tier);
        entry.insert("max_input_tokens".into(), whole(&row["max_input_tokens"])?);
        entry.insert("deprecation_date".into(), row["deprecation_date"].clone());
        entry.insert("as_of".into(), json!(as_of));
        entry.insert("source".into(), json!(source));
        if let Some(notes) = row.get("notes") {
            entry.insert("notes".into(), json!(source_text(notes)));
        }
        out.push(Value::Object(entry));
    }
    Ok(json!({
        "about": "API list prices in USD per 1M tokens. Imported from shared/reference/api-prices.json by `cargo xtask import-catalog`; do not edit by hand.",
        "api": out,
    }))
}

fn import_gpus(reference: &Path) -> Result<Value> {
    let doc = read_json(&reference.join("gpus.json"))?;
    let mut out = Vec::new();
    for row in doc["gpus"].as_array().context("gpus")? {
        let mut entry = json!({
            "id": row["id"],
            "name": row["name"],
            "memory_gb": dec(&row["memory_gb"])?,
            "memory_type": row["memory_type"],
            "mem_bw_gbps": dec(&row["mem_bw_gbps"])?,
            "bf16_dense_tflops": dec(&row["bf16_dense_tflops"])?,
            "fp16_dense_tflops": dec(&row["fp16_dense_tflops"])?,
            "fp8_dense_tflops": dec(&row["fp8_dense_tflops"])?,
            "int8_dense_tops": dec(&row["int8_dense_tops"])?,
            "tdp_w": dec(&row["tdp_w"])?,
            "source": source_text(&row["source"]),
        });
        if let Some(notes) = row.get("notes") {
            entry["notes"] = json!(source_text(notes));
        }
        // GeForce cards run FP16 tensor math at twice the rate when they
        // also accumulate in FP16; the reference lists the FP32-accumulate
        // rate, which the datacenter parts share with FP16 accumulation.
        match str_field(row, "id")? {
            "rtx-4090" => {
                entry["fp16_acc16_dense_tflops"] = json!("330.3");
                entry["fp16_acc16_source"] = json!("NVIDIA Ada GPU architecture whitepaper (AD102, RTX 4090): FP16 tensor TFLOPS with FP16 accumulate 330.3 dense");
            }
            "rtx-3090" => {
                entry["fp16_acc16_dense_tflops"] = json!("142");
                entry["fp16_acc16_source"] = json!("NVIDIA Ampere GA102 GPU architecture whitepaper (RTX 3090): FP16 tensor TFLOPS with FP16 accumulate 142 dense");
            }
            _ => {}
        }
        let (link, link_source) = interconnect(str_field(row, "id")?);
        entry["interconnect_gbps"] = json!(link);
        entry["interconnect_source"] = json!(link_source);
        let is_a10 = row["id"] == "a10";
        out.push(entry.clone());
        if is_a10 {
            // AWS g5 instances carry the A10G, which the reference files under
            // the A10; the catalog names it so that g5 prices have a GPU.
            entry["id"] = json!("a10g");
            entry["name"] = json!("NVIDIA A10G 24GB (AWS g5)");
            entry["notes"] = json!("Specifications of the A10 datasheet, which the reference row covers for the A10G too; the A10G is an AWS-specific variant whose tensor throughput is reported lower than the A10's.");
            out.push(entry);
        }
    }
    Ok(json!({
        "about": "Accelerator specifications: memory in GB (1e9 bytes as the vendor quotes it), bandwidth in GB/s, dense (no sparsity) TFLOPS, board power in W. Imported from shared/reference/gpus.json by `cargo xtask import-catalog`; do not edit by hand.",
        "gpus": out,
    }))
}

/// GPU-to-GPU bandwidth, GB/s in one direction, and where it comes from.
/// The reference files have no interconnect column; these are the vendors'
/// datasheet figures (NVLink or Infinity Fabric for SXM/OAM parts, the PCIe
/// slot for the rest).
fn interconnect(id: &str) -> (&'static str, &'static str) {
    match id {
        "a100-40gb-sxm" | "a100-80gb-sxm" => ("300", "NVIDIA A100 datasheet: NVLink 600 GB/s bidirectional"),
        "h100-sxm" | "h200-sxm" => ("450", "NVIDIA H100/H200 datasheets: NVLink 900 GB/s bidirectional"),
        "h100-nvl" => ("300", "NVIDIA H100 NVL datasheet: NVLink bridge 600 GB/s bidirectional"),
        "mi300x" => (
            "448",
            "AMD MI300X datasheet: 7 Infinity Fabric links, 896 GB/s bidirectional",
        ),
        "h100-pcie" => ("64", "PCIe Gen5 x16: 64 GB/s per direction"),
        _ => ("32", "PCIe Gen4 x16: 32 GB/s per direction"),
    }
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

fn gpu_id(text: &str) -> (String, u64) {
    match text {
        "a10 (A10G)" => ("a10g".into(), 1),
        "dgx-h100 (8x H100 server)" => ("h100-sxm".into(), 8),
        other => (other.into(), 1),
    }
}

fn import_gpu_prices(reference: &Path, gpu_ids: &[String]) -> Result<Value> {
    let doc = read_json(&reference.join("gpu-prices.json"))?;
    let mut purchase = Vec::new();
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    for row in doc["purchase"].as_array().context("purchase")? {
        let (gpu, n_gpus) = gpu_id(str_field(row, "gpu")?);
        let base = format!("{gpu}-{}", slug(str_field(row, "kind")?));
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        let id = if *n == 1 { base } else { format!("{base}-{n}") };
        purchase.push(json!({
            "id": id,
            "gpu": gpu,
            "n_gpus": n_gpus,
            "usd_low": dec(&row["usd_low"])?,
            "usd_high": dec(&row["usd_high"])?,
            "kind": row["kind"],
            "as_of": row["date"],
            "confidence": row["confidence"],
            "source": source_text(&row["source"]),
        }));
    }
    let mut cloud = Vec::new();
    for row in doc["cloud_hourly"].as_array().context("cloud_hourly")? {
        let (gpu, _) = gpu_id(str_field(row, "gpu")?);
        if !gpu_ids.contains(&gpu) {
            println!(
                "skipped cloud price {}: GPU {gpu} has no specification in gpus.json",
                str_field(row, "instance")?
            );
            continue;
        }
        let provider = str_field(row, "provider")?;
        let instance = str_field(row, "instance")?;
        let id = if instance == "1x" {
            format!("{}-{gpu}", slug(provider))
        } else {
            format!("{}-{}", slug(provider), slug(instance))
        };
        let spot_per_gpu = match row["spot_usd_per_hr"].as_f64() {
            Some(spot) => {
                let gpus = row["gpus"].as_f64().context("gpus")?;
                dec(&json!(((spot / gpus) * 1e6).round() / 1e6))?
            }
            None => Value::Null,
        };
        let mut entry = json!({
            "id": id,
            "provider": provider,
            "instance": instance,
            "gpu": gpu,
            "n_gpus": whole(&row["gpus"])?,
            "on_demand_usd_per_gpu_hour": dec(&row["usd_per_gpu_hr"])?,
            "spot_usd_per_gpu_hour": spot_per_gpu,
            "as_of": row["date"],
            "confidence": row["confidence"],
            "source": source_text(&row["source"]),
        });
        let mut notes = Vec::new();
        if let Some(region) = row.get("region") {
            notes.push(format!("region {}", source_text(region)));
        }
        if let Some(note) = row.get("note") {
            notes.push(source_text(note));
        }
        if !notes.is_empty() {
            entry["notes"] = json!(notes.join("; "));
        }
        cloud.push(entry);
    }
    Ok(json!({
        "about": "GPU purchase prices (USD per unit, low and high) and cloud prices (USD per GPU-hour). Imported from shared/reference/gpu-prices.json by `cargo xtask import-catalog`; do not edit by hand.",
        "purchase": purchase,
        "cloud": cloud,
    }))
}

fn import_models(reference: &Path) -> Result<Value> {
    let doc = read_json(&reference.join("models.json"))?;
    let mut out = Vec::new();
    for row in doc["models"].as_array().context("models")? {
        let mut entry = Map::new();
        for key in ["id", "name", "hf_repo"] {
            entry.insert(key.into(), row[key].clone());
        }
        for key in [
            "total_params",
            "active_params",
            "num_hidden_layers",
            "hidden_size",
            "num_attention_heads",
            "num_key_value_heads",
            "head_dim",
            "intermediate_size",
            "vocab_size",
            "max_context",
            "kv_cache_bytes_per_token_bf16",
            "kv_lora_rank",
            "qk_rope_head_dim",
            "num_local_experts",
            "num_experts_per_tok",
            "n_routed_experts",
            "n_shared_experts",
            "sliding_window",
        ] {
            if let Some(v) = row.get(key) {
                if !v.is_null() {
                    entry.insert(key.into(), whole(v)?);
                }
            }
        }
        if let Some(tied) = row.get("tie_word_embeddings").and_then(Value::as_bool) {
            entry.insert("tie_word_embeddings".into(), json!(tied));
        }
        // Gemma 2 alternates sliding-window (4096) and global attention layers;
        // the reference states it in the architecture source and notes.
        let arch_text = format!(
            "{} {}",
            source_text(&row["source"]),
            row.get("notes").map(source_text).unwrap_or_default()
        );
        if arch_text.contains("alternat")
            && arch_text.to_ascii_lowercase().contains("sliding")
            && arch_text.contains("4096")
        {
            let layers = row["num_hidden_layers"].as_u64().context("layers")?;
            entry.insert("sliding_window".into(), json!(4096));
            entry.insert("sliding_window_layers".into(), json!(layers / 2));
        }
        entry.insert("source".into(), json!(source_text(&row["source"])));
        let mut notes = Vec::new();
        for key in ["params_note", "notes", "native_weight_dtype"] {
            if let Some(v) = row.get(key) {
                notes.push(source_text(v));
            }
        }
        if !notes.is_empty() {
            entry.insert("notes".into(), json!(notes.join("; ")));
        }
        out.push(Value::Object(entry));
    }
    Ok(json!({
        "about": "Open-weight model architectures from their config.json. Imported from shared/reference/models.json by `cargo xtask import-catalog`; do not edit by hand.",
        "models": out,
    }))
}

fn import_catalog(reference: &Path, out_dir: &Path) -> Result<()> {
    std::fs::create_dir_all(out_dir)?;
    write_json(&out_dir.join("api.json"), &import_api(reference)?)?;
    let gpus = import_gpus(reference)?;
    let gpu_ids: Vec<String> = gpus["gpus"]
        .as_array()
        .context("gpus")?
        .iter()
        .filter_map(|g| g["id"].as_str().map(str::to_string))
        .collect();
    write_json(&out_dir.join("gpus.json"), &gpus)?;
    write_json(
        &out_dir.join("gpu_prices.json"),
        &import_gpu_prices(reference, &gpu_ids)?,
    )?;
    write_json(&out_dir.join("models.json"), &import_models(reference)?)?;
    Ok(())
}
