//! `cargo xtask web`: the static web page in `target/web-dist/`, built by
//! trunk 0.21.14 (installed with `--locked` when missing) with the pinned
//! wasm-bindgen CLI and npm's wasm-opt on PATH, downloading nothing.
//! `cargo xtask serve [PORT]` builds it and serves it on localhost.

use crate::npm;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

const TRUNK_VERSION: &str = "0.21.14";

fn ensure_trunk() -> Result<()> {
    let found = Command::new("trunk")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    if found.as_deref().and_then(|v| v.split_whitespace().nth(1)) == Some(TRUNK_VERSION) {
        return Ok(());
    }
    println!("==> cargo install trunk --version {TRUNK_VERSION} --locked (10 to 17 minutes the first time)");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"])
        .status()?;
    if !status.success() {
        bail!("installing trunk failed ({status})");
    }
    Ok(())
}

/// Builds the page; returns the folder of static files.
pub fn build(root: &Path) -> Result<PathBuf> {
    npm::ensure_tools()?;
    let js = root.join("crates/llm-tco-wasm/js");
    npm::ensure_js_tooling(&js)?;
    ensure_trunk()?;
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths: Vec<PathBuf> = vec![js.join("node_modules/.bin")];
    paths.extend(std::env::split_paths(&path));
    println!("==> trunk build --release (web/)");
    let status = Command::new("trunk")
        .args(["build", "--release"])
        .current_dir(root.join("web"))
        .env("PATH", std::env::join_paths(paths)?)
        .status()
        .context("running trunk")?;
    if !status.success() {
        bail!("trunk build failed ({status})");
    }
    // web/Trunk.toml writes the page to target/web-dist.
    let dist = root.join("target/web-dist");
    if !dist.join("index.html").exists() {
        bail!("trunk wrote no {}", dist.join("index.html").display());
    }
    report_transfer(&dist)?;
    Ok(dist)
}

/// The performance issue's budget for the page's total transfer (HTML, JS,
/// WASM, CSS), gzipped. Missed (see docs/performance.md): printed.
pub const PAGE_GZIP_BUDGET_BYTES: usize = 350_000;

/// What the test command enforces until the budget is met: the page as it
/// is, plus a little room, so that it cannot grow unnoticed.
pub const PAGE_GZIP_CEILING_BYTES: usize = 475_000;

/// Fails when the page's transfer is over [`PAGE_GZIP_CEILING_BYTES`]
/// (the test command calls it).
pub fn check_transfer(dist: &Path) -> Result<()> {
    let (total, _) = transfer(dist)?;
    if total > PAGE_GZIP_CEILING_BYTES {
        bail!(
            "the page's transfer is {total} bytes gzipped, over its ceiling of {PAGE_GZIP_CEILING_BYTES} (and the {PAGE_GZIP_BUDGET_BYTES}-byte budget)"
        );
    }
    Ok(())
}

/// Prints the page's transfer, file by file, gzipped, against the budget
/// and the ceiling.
fn report_transfer(dist: &Path) -> Result<()> {
    let (total, parts) = transfer(dist)?;
    println!(
        "page transfer: {total} bytes gzipped ({}); budget {PAGE_GZIP_BUDGET_BYTES}{}; ceiling {PAGE_GZIP_CEILING_BYTES} (enforced by the test command)",
        parts.join(", "),
        if total > PAGE_GZIP_BUDGET_BYTES {
            format!(", over it by {}", total - PAGE_GZIP_BUDGET_BYTES)
        } else {
            String::new()
        }
    );
    Ok(())
}

/// The page's transfer, gzipped: the total and each file's ("name bytes").
fn transfer(dist: &Path) -> Result<(usize, Vec<String>)> {
    let mut total = 0;
    let mut parts = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dist)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    for path in files.iter().filter(|p| p.is_file()) {
        let size = npm::gzip_size(path)?;
        total += size;
        parts.push(format!(
            "{} {size}",
            path.file_name().and_then(|n| n.to_str()).unwrap_or_default()
        ));
    }
    Ok((total, parts))
}

/// Serves `dir` on 127.0.0.1:`port` until interrupted.
pub fn serve(dir: &Path, port: u16) -> Result<()> {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).with_context(|| format!("port {port} is taken"))?;
    println!("\nllm-tco is served at http://127.0.0.1:{port}/  (Ctrl-C to stop)");
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let mut line = String::new();
        if BufReader::new(&stream).read_line(&mut line).is_err() {
            continue;
        }
        let path = line
            .split_whitespace()
            .nth(1)
            .unwrap_or("/")
            .split(['?', '#'])
            .next()
            .unwrap_or("/");
        let rel = if path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        let file = dir.join(rel.trim_start_matches('/'));
        let ok = !rel.contains("..") && file.is_file();
        let (status, body, mime) = if ok {
            let mime = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript",
                Some("wasm") => "application/wasm",
                Some("css") => "text/css",
                _ => "application/octet-stream",
            };
            ("200 OK", std::fs::read(&file).unwrap_or_default(), mime)
        } else {
            ("404 Not Found", b"not found".to_vec(), "text/plain")
        };
        let _ = write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(&body);
    }
    Ok(())
}
