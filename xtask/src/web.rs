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
    write_presets(root, &dist)?;
    minify(&js, &dist)?;
    precompress(&dist)?;
    report_transfer(&dist)?;
    Ok(dist)
}

/// Writes every preset scenario but the default (which the page embeds) as
/// `preset-<stem>.json`, compact JSON, for the page to fetch when a reader
/// picks it: five presets were about 4 KB of the page's first load.
fn write_presets(root: &Path, dist: &Path) -> Result<()> {
    let dir = root.join("fixtures/scenarios");
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let Some(format) = llm_tco::Format::from_path(&path.to_string_lossy()) else {
            continue;
        };
        let stem = path.file_stem().and_then(|s| s.to_str()).context("a preset's name")?;
        if stem == "default" {
            continue;
        }
        let text = std::fs::read_to_string(&path)?;
        let file =
            llm_tco::ScenarioFile::parse(&text, format).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        std::fs::write(
            dist.join(format!("{PRESET_PREFIX}{stem}.json")),
            llm_tco::to_compact_json(&file),
        )?;
    }
    Ok(())
}

/// Minifies wasm-bindgen's JavaScript glue and the style sheet with
/// esbuild (from npm, in the JavaScript tooling): their comments, blanks
/// and long local names were 2.1 KB of the page gzipped. (trunk's own
/// minifier fails on the glue.)
fn minify(js: &Path, dist: &Path) -> Result<()> {
    for name in ["llm-tco-web.js", "style.css"] {
        let file = dist.join(name);
        println!("==> esbuild --minify {}", file.display());
        let status = Command::new(js.join("node_modules/.bin/esbuild"))
            .arg(&file)
            .args(["--minify", "--log-level=warning", "--allow-overwrite"])
            .arg(format!("--outfile={}", file.display()))
            .status()
            .context("running esbuild")?;
        if !status.success() {
            bail!("esbuild failed on {} ({status})", file.display());
        }
    }
    Ok(())
}

/// Writes `NAME.gz` beside every file of the page: the same bytes as a gzip
/// stream made by zopfli, which searches harder than `gzip -9` (about 4%
/// smaller here) and takes about 10 s on this machine, once per build.
/// `cargo xtask serve` sends it to browsers that accept gzip, as static
/// hosts that serve precompressed files do (nginx's `gzip_static`, Caddy's
/// `precompressed`).
fn precompress(dist: &Path) -> Result<()> {
    for path in page_files(dist)? {
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let mut gz = Vec::new();
        zopfli::compress(zopfli::Options::default(), zopfli::Format::Gzip, &bytes[..], &mut gz)
            .with_context(|| format!("compressing {}", path.display()))?;
        std::fs::write(gz_path(&path), gz)?;
    }
    Ok(())
}

/// The page's files as built (not their `.gz` copies), sorted by name.
fn page_files(dist: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dist)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "gz"))
        .collect();
    files.sort();
    Ok(files)
}

/// `path` with `.gz` added to its name.
fn gz_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".gz");
    PathBuf::from(name)
}

/// The precompressed copy of `path`, when there is one at least as new as
/// the file itself (a copy left from an older build is never sent).
fn fresh_gz(path: &Path) -> Option<PathBuf> {
    let gz = gz_path(path);
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    (modified(&gz)? >= modified(path)?).then_some(gz)
}

/// The budget for the page's first-load transfer (HTML, JS, WASM, CSS),
/// gzipped as served: 519 KB read as 519,000 bytes; enforced by the test
/// command. Issue 17 set 500,000 (the page was 489,013 bytes then); issue
/// 19's throughput model runs on the main thread for every recompute (the
/// chart needs the sizing): 502,163 bytes with JSON written through one
/// serializer, 507,565 with every term of owned GPUs in the editor,
/// 509,226 with the article presets fetched when picked and the catalog
/// embedded without whitespace, about 510,100 with a replica's parallel
/// layout in the editor and the report, about 512,000 with the curve
/// toggles as the chart's legend and a phone's chart drawn at its box's
/// width with its key wrapped (513,000 since), about 513,200 with the
/// llama.cpp profiles refusing formats a GGUF file cannot hold (514,000
/// since), 514,059 with a key to the memory bars and hints under the
/// self-hosted selects, 518,218 with what a walk through the page and a
/// review found wrong (the verdict's order at volumes that round to
/// nothing, a currency code without its own rate, engines on devices they
/// do not run on and the engine following the GPU's kind, tensor-parallel
/// splits of the heads, rents from the offers trusted most, an import's
/// result at its control; 519,000 since; the same source builds the same
/// bytes, but a change of a few bytes moves the zopfli output by ±300). The
/// goal stays load time, which the bench measures (cold first chart at
/// 10 Mbit/s, where 1 KB is 0.8 ms).
pub const PAGE_GZIP_BUDGET_BYTES: usize = 519_000;

/// Fails when the page's transfer is over [`PAGE_GZIP_BUDGET_BYTES`] (the
/// test command calls it).
pub fn check_transfer(dist: &Path) -> Result<()> {
    let transfer = transfer(dist)?;
    if transfer.served > PAGE_GZIP_BUDGET_BYTES {
        bail!(
            "the page's transfer is {} bytes gzipped, over its {PAGE_GZIP_BUDGET_BYTES}-byte budget",
            transfer.served
        );
    }
    Ok(())
}

/// Prints the page's transfer, file by file, gzipped, against the budget.
fn report_transfer(dist: &Path) -> Result<()> {
    let t = transfer(dist)?;
    println!(
        "page transfer: {} bytes gzipped as served ({}; {} with gzip -9); budget {PAGE_GZIP_BUDGET_BYTES} (enforced by the test command), {}; fetched on demand only: {}",
        t.served,
        t.parts.join(", "),
        t.gzip_9,
        if t.served > PAGE_GZIP_BUDGET_BYTES {
            format!("over it by {}", t.served - PAGE_GZIP_BUDGET_BYTES)
        } else {
            format!("{} under it", PAGE_GZIP_BUDGET_BYTES - t.served)
        },
        t.on_demand.join(", ")
    );
    Ok(())
}

/// The page's transfer in bytes.
struct Transfer {
    /// As served: the precompressed `.gz` copies, summed.
    served: usize,
    /// The same files through `gzip -9`, summed (for comparison).
    gzip_9: usize,
    /// Each file's served size, "name bytes".
    parts: Vec<String>,
    /// The files fetched on demand only, "name bytes" gzipped.
    on_demand: Vec<String>,
}

/// Files of the page that its first load does not fetch: the worker the
/// page starts on a reader's first import (price databases, config.json,
/// TOML), by the name its `index.html` link gives it.
const ON_DEMAND_PREFIX: &str = "llm-tco-worker";
/// The preset scenarios the page fetches when one is picked.
const PRESET_PREFIX: &str = "preset-";

/// Whether `path` is fetched only on demand (not part of the first load).
fn on_demand(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with(ON_DEMAND_PREFIX) || n.starts_with(PRESET_PREFIX))
}

/// The page's first-load transfer: every file but the on-demand worker, as
/// its precompressed copy, which must be fresh (see [`precompress`]); the
/// worker's files are listed apart.
fn transfer(dist: &Path) -> Result<Transfer> {
    let mut t = Transfer {
        served: 0,
        gzip_9: 0,
        parts: Vec::new(),
        on_demand: Vec::new(),
    };
    for path in page_files(dist)? {
        if on_demand(&path) {
            let gz = fresh_gz(&path).with_context(|| format!("{} has no fresh .gz copy", path.display()))?;
            t.on_demand.push(format!(
                "{} {}",
                path.file_name().and_then(|n| n.to_str()).unwrap_or_default(),
                std::fs::metadata(&gz)?.len()
            ));
            continue;
        }
        let gz = fresh_gz(&path).with_context(|| format!("{} has no fresh .gz copy", path.display()))?;
        let size = usize::try_from(std::fs::metadata(&gz)?.len())?;
        t.served += size;
        t.gzip_9 += npm::gzip_size(&path)?;
        t.parts.push(format!(
            "{} {size}",
            path.file_name().and_then(|n| n.to_str()).unwrap_or_default()
        ));
    }
    Ok(t)
}

/// Serves `dir` on 127.0.0.1:`port` until interrupted.
pub fn serve(dir: &Path, port: u16) -> Result<()> {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).with_context(|| format!("port {port} is taken"))?;
    println!("\nllm-tco is served at http://127.0.0.1:{port}/  (Ctrl-C to stop)");
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        // The request line and its headers, up to the blank line.
        let mut head = Vec::new();
        let mut reader = BufReader::new(&stream);
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(n) if n > 0 && !line.trim().is_empty() && head.len() < 100 => head.push(line),
                _ => break,
            }
        }
        let Some((request_line, headers)) = head.split_first() else {
            continue;
        };
        let r = respond(dir, request_line, headers);
        let encoding = if r.gzip { "Content-Encoding: gzip\r\n" } else { "" };
        let _ = write!(
            stream,
            "HTTP/1.1 {}\r\nContent-Type: {}\r\n{encoding}Vary: Accept-Encoding\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            r.status,
            r.mime,
            r.body.len()
        );
        let _ = stream.write_all(&r.body);
    }
    Ok(())
}

/// What [`serve`] answers to one request.
#[derive(Debug)]
struct Response {
    /// Status line's code and reason.
    status: &'static str,
    /// Content-Type.
    mime: &'static str,
    /// True when `body` is the file's precompressed gzip copy.
    gzip: bool,
    /// The bytes sent.
    body: Vec<u8>,
}

/// The answer to a request for a file of `dir`: its precompressed copy
/// when the browser accepts gzip and the copy is fresh, else the file.
fn respond(dir: &Path, request_line: &str, headers: &[String]) -> Response {
    let path = request_line
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
    if rel.contains("..") || !file.is_file() {
        return Response {
            status: "404 Not Found",
            mime: "text/plain",
            gzip: false,
            body: b"not found".to_vec(),
        };
    }
    let mime = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        _ => "application/octet-stream",
    };
    let accepts_gzip = headers.iter().any(|h| {
        h.split_once(':').is_some_and(|(name, value)| {
            name.trim().eq_ignore_ascii_case("accept-encoding")
                && value
                    .split(',')
                    .any(|e| e.split(';').next().is_some_and(|e| e.trim() == "gzip"))
        })
    });
    let gz = if accepts_gzip { fresh_gz(&file) } else { None };
    let body = std::fs::read(gz.as_ref().unwrap_or(&file)).unwrap_or_default();
    Response {
        status: "200 OK",
        mime,
        gzip: gz.is_some(),
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page folder with one file and its precompressed copy.
    fn page(test: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("llm-tco-serve-{test}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text = "llm-tco ".repeat(200);
        std::fs::write(dir.join("index.html"), &text).unwrap();
        std::fs::write(dir.join("style.css"), "body {}").unwrap();
        precompress(&dir).unwrap();
        dir
    }

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut child = Command::new("gzip")
            .args(["-d", "-c"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(bytes).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "gzip -d refused the copy");
        out.stdout
    }

    #[test]
    fn gzip_copy_to_browsers_that_accept_it_and_the_file_to_others() {
        let dir = page("gzip");
        let text = std::fs::read(dir.join("index.html")).unwrap();
        let accept = [
            "Host: x".to_string(),
            "Accept-Encoding: br, gzip;q=0.8, deflate".to_string(),
        ];
        let r = respond(&dir, "GET / HTTP/1.1", &accept);
        assert_eq!((r.status, r.mime, r.gzip), ("200 OK", "text/html; charset=utf-8", true));
        assert!(r.body.len() < text.len() / 10, "{} bytes", r.body.len());
        assert_eq!(gunzip(&r.body), text);

        let r = respond(
            &dir,
            "GET /index.html?x=1 HTTP/1.1",
            &["accept-encoding: br".to_string()],
        );
        assert!(!r.gzip);
        assert_eq!(r.body, text);
        let r = respond(&dir, "GET /index.html HTTP/1.1", &[]);
        assert!(!r.gzip);
        assert_eq!(r.body, text);

        assert_eq!(
            respond(&dir, "GET /../Cargo.toml HTTP/1.1", &accept).status,
            "404 Not Found"
        );
        assert_eq!(
            respond(&dir, "GET /missing.js HTTP/1.1", &accept).status,
            "404 Not Found"
        );
        // The copies are not files of the page: they are not counted twice.
        let transfer = transfer(&dir).unwrap();
        assert_eq!(transfer.parts.len(), 2, "{:?}", transfer.parts);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_copy_older_than_its_file_is_not_sent() {
        let dir = page("stale").join("stale");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("app.js"), "old").unwrap();
        precompress(&dir).unwrap();
        let old = std::fs::metadata(dir.join("app.js.gz")).unwrap().modified().unwrap();
        std::fs::write(dir.join("app.js"), "new").unwrap();
        let file = std::fs::File::options().write(true).open(dir.join("app.js")).unwrap();
        file.set_modified(old + std::time::Duration::from_secs(5)).unwrap();
        let r = respond(&dir, "GET /app.js HTTP/1.1", &["Accept-Encoding: gzip".to_string()]);
        assert!(!r.gzip);
        assert_eq!(r.body, b"new");
        assert!(
            transfer(&dir).is_err(),
            "a stale copy must not be counted as the transfer"
        );
        std::fs::remove_dir_all(dir.parent().unwrap()).unwrap();
    }
}
