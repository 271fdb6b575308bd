//! `cargo xtask fuzz [TARGET] [SECONDS]`: runs the cargo-fuzz targets of
//! `fuzz/` on the nightly toolchain (installing cargo-fuzz from crates.io
//! when missing), each seeded with the project's fixtures, for SECONDS each
//! (default 600). A crash leaves its input in `fuzz/artifacts/TARGET/`;
//! turn it into a regression test before fixing it.

use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;

/// The targets and the fixture folders that seed them.
pub const TARGETS: [(&str, &[&str]); 4] = [
    ("scenario", &["fixtures/scenarios"]),
    ("estimate", &["fuzz/seeds/estimate"]),
    ("usage_log", &["fixtures/usage"]),
    ("url_state", &["fuzz/seeds/url_state"]),
];

fn ensure_cargo_fuzz() -> Result<()> {
    let ok = Command::new("cargo")
        .args(["+nightly", "fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        println!("==> cargo install cargo-fuzz --locked");
        let status = Command::new("cargo")
            .args(["install", "cargo-fuzz", "--locked"])
            .status()?;
        if !status.success() {
            bail!("cargo install cargo-fuzz failed");
        }
    }
    Ok(())
}

/// Runs `targets` (all when empty) for `seconds` each.
pub fn run(root: &Path, only: Option<&str>, seconds: u64) -> Result<()> {
    ensure_cargo_fuzz()?;
    let fuzz = root.join("fuzz");
    for (target, seeds) in TARGETS.iter().filter(|(t, _)| only.is_none_or(|o| o == *t)) {
        let corpus = fuzz.join("corpus").join(target);
        std::fs::create_dir_all(&corpus)?;
        println!("==> cargo +nightly fuzz run {target} ({seconds} s)");
        let mut cmd = Command::new("cargo");
        cmd.current_dir(&fuzz)
            .args(["+nightly", "fuzz", "run", "-O", target])
            .arg(&corpus);
        for s in *seeds {
            cmd.arg(root.join(s));
        }
        cmd.args([
            "--",
            &format!("-max_total_time={seconds}"),
            // A hang or a runaway allocation is a failure, like a panic.
            "-timeout=10",
            "-rss_limit_mb=2048",
            "-max_len=65536",
        ]);
        let status = cmd
            .status()
            .with_context(|| format!("running the {target} fuzz target"))?;
        if !status.success() {
            bail!("fuzz target {target} failed; its input is in fuzz/artifacts/{target}/");
        }
    }
    if let Some(o) = only {
        if !TARGETS.iter().any(|(t, _)| *t == o) {
            bail!(
                "no fuzz target {o:?}; the targets are {}",
                TARGETS.map(|(t, _)| t).join(", ")
            );
        }
    }
    Ok(())
}
