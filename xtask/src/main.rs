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
//! The conversion is mechanical and keeps every source and date (see
//! `catalog/mod.rs`): prices become exact decimal strings read from the
//! numbers' text, an offer's earlier prices become its dated history, and
//! every source is a title, a link and a date.

mod bench;
mod calibration;
mod catalog;
mod fuzz;
mod npm;
mod web;

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("import-catalog") => {
            let reference = args
                .get(1)
                .map(PathBuf::from)
                .unwrap_or_else(|| workspace_root().join("../shared/reference"));
            catalog::import(&reference, &workspace_root().join("crates/llm-tco/catalog"))
        }
        Some("test") => test(),
        Some("import-calibration") => {
            let reference = args
                .get(1)
                .map(PathBuf::from)
                .unwrap_or_else(|| workspace_root().join("../shared/reference"));
            calibration::import(
                &reference,
                &calibration::Paths {
                    root: &workspace_root(),
                },
            )
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
        Some("calibration-table") => calibration::table(&calibration::Paths {
            root: &workspace_root(),
        }),
        Some("calibrate") => release_or(&args, || {
            let options = calibration::Options::parse(&args[1..])?;
            calibration::calibrate(
                &calibration::Paths {
                    root: &workspace_root(),
                },
                &options,
            )
        }),
        _ => {
            eprintln!(
                "usage: cargo xtask serve [PORT] | test | bench | npm | web | fuzz [TARGET|all] [SECONDS] | import-catalog [REFERENCE_DIR] | import-calibration [REFERENCE_DIR] | calibrate | calibration-table"
            );
            std::process::exit(2);
        }
    }
}

/// Runs `work` in an optimized build: a debug build of xtask (what `cargo
/// xtask` runs) hands the same command to a release build, whose results
/// are the same to the bit (Rust contracts no floating-point operations)
/// and some twenty times faster.
fn release_or(args: &[String], work: impl FnOnce() -> Result<()>) -> Result<()> {
    if !cfg!(debug_assertions) {
        return work();
    }
    let mut all = vec!["run", "--quiet", "--release", "--package", "xtask", "--"];
    all.extend(args.iter().map(String::as_str));
    cargo(&all, &[])
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
    // The fuzz targets are a workspace of their own (nightly to run): check
    // that they still build against the library's API.
    cargo(&["check", "--quiet", "--manifest-path", "fuzz/Cargo.toml"], &[])?;
    // The web page is tested in a browser, below; natively it has nothing to test.
    let (mut passed, mut failed) = cargo_test(&["test", "--workspace", "--exclude", "llm-tco-web", "--no-fail-fast"])?;
    // The sizing test checks the calibration table; show it in the log too.
    println!("\n==> predicted against measured (docs/sizing.md)");
    calibration::table(&calibration::Paths {
        root: &workspace_root(),
    })?;
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
