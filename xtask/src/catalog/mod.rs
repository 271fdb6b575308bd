//! `cargo xtask import-catalog [REFERENCE_DIR]`: the built-in catalog
//! (`crates/llm-tco/catalog/{api,gpus,models,gpu_prices}.json`) made from
//! the researched reference files (`../shared/reference/`).
//!
//! The mapping is mechanical and deterministic; the few decisions that are
//! not field copies (ids, display names, which model an offer serves,
//! disputed figures, rows left out) are tables at the top of each module,
//! each with its reason. Numbers are read as their literal text, so every
//! price is the exact decimal the reference wrote, written as a decimal
//! string. `engines.json` is not touched (`cargo xtask calibrate` owns it).
//!
//! - [`api`]: every row an observation of its offer; earlier prices and
//!   announced ones become the offer's dated history, not date-suffixed
//!   duplicates.
//! - [`gpus`], [`models`]: specifications and architectures.
//! - [`prices`]: rental offers by provider and pricing with their history,
//!   the per-GPU-hour TCO bases, purchase prices.

mod api;
mod dates;
mod gpus;
pub mod json;
mod models;
mod prices;
mod source;

use anyhow::{bail, Context, Result};
use llm_tco::spec::catalog::{CatalogFile, Source};
use llm_tco::{Catalog, Decimal, Format};
use std::path::Path;

const GENERATOR: &str = "Generated from shared/reference/ by `cargo xtask import-catalog`; do not edit by hand.";

/// What the import left out or could not resolve, for the log.
#[derive(Debug, Default)]
pub struct Report {
    /// Rows left out, with the reason.
    pub dropped: Vec<String>,
    /// Open-weight offers whose model the catalog cannot size.
    pub missing_models: Vec<String>,
    /// Model rows without a parameter count.
    pub partial_models: Vec<String>,
}

/// The four generated files, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Files {
    pub api: String,
    pub gpus: String,
    pub models: String,
    pub gpu_prices: String,
}

impl Files {
    fn named(&self) -> [(&'static str, &str); 4] {
        [
            ("api.json", &self.api),
            ("gpus.json", &self.gpus),
            ("models.json", &self.models),
            ("gpu_prices.json", &self.gpu_prices),
        ]
    }
}

/// A reference file.
fn load(reference: &Path, name: &str) -> Result<json::J> {
    let path = reference.join(name);
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    json::parse(&text).with_context(|| format!("parsing {}", path.display()))
}

/// A decimal as the catalog writes it: no exponent, no trailing zeros.
fn dec_text(d: Decimal) -> String {
    d.normalize().to_string()
}

/// `s`, saying so in its note when neither it nor its entry has a date.
fn undated(mut s: Source, entry_date: Option<&str>) -> Source {
    if s.date.is_none() && entry_date.is_none() {
        let add = "the reference gives no date";
        s.note = Some(match s.note {
            Some(n) => format!("{n}; {add}"),
            None => add.to_string(),
        });
    }
    s
}

/// Builds the catalog files from the reference directory.
///
/// # Errors
/// A reference file that cannot be read, a row the mapping does not know,
/// or a generated entry that fails the checks.
pub fn build(reference: &Path) -> Result<(Files, Report)> {
    let mut report = Report::default();
    let models = models::build(reference, &mut report)?;
    let model_ids: Vec<String> = models.iter().map(|m| m.id.clone()).collect();
    let api = api::build(reference, &mut report, &model_ids)?;
    let gpus = gpus::build(reference, &mut report)?;
    let cloud = prices::cloud(reference, &mut report, &gpus)?;
    let purchase = prices::purchase(reference, &gpus)?;
    let tco = prices::tco(reference, &gpus)?;
    let file = |about: &str| CatalogFile {
        about: Some(format!("{about} {GENERATOR}")),
        ..CatalogFile::default()
    };
    let api_file = CatalogFile {
        api,
        ..file("API offers, closed and hosted open-weight: prices in USD per 1M tokens with their dated history (a scenario's as_of picks the entry in force).")
    };
    let gpus_file = CatalogFile {
        gpus,
        ..file("Accelerator specifications: memory in GB (1e9 bytes, as the vendor quotes it), bandwidth in GB/s, dense (no sparsity) tensor TFLOPS, board power in W.")
    };
    let models_file = CatalogFile {
        models,
        ..file("Open-weight model architectures from their config.json, with computed parameter counts.")
    };
    let prices_file = CatalogFile {
        purchase,
        cloud,
        tco,
        ..file("GPU purchase prices (USD per unit, low and high), rental prices (USD per GPU-hour, by provider and pricing, with their history) and per-GPU-hour TCO bases.")
    };
    let files = Files {
        api: llm_tco::to_json(&api_file),
        gpus: llm_tco::to_json(&gpus_file),
        models: llm_tco::to_json(&models_file),
        gpu_prices: llm_tco::to_json(&prices_file),
    };
    check(&files)?;
    Ok((files, report))
}

/// The generated files read back as the library reads them, valid as one
/// catalog, and every entry dated, sourced and named for a reader.
fn check(files: &Files) -> Result<()> {
    let mut all = CatalogFile::default();
    for (name, text) in files.named() {
        let part =
            CatalogFile::parse(text, Format::Json).map_err(|e| anyhow::anyhow!("{name} does not read back: {e}"))?;
        if llm_tco::to_json(&part) != text {
            bail!("{name} does not read back as written");
        }
        all.api.extend(part.api);
        all.gpus.extend(part.gpus);
        all.models.extend(part.models);
        all.purchase.extend(part.purchase);
        all.cloud.extend(part.cloud);
        all.tco.extend(part.tco);
    }
    let problems = problems(&all);
    if !problems.is_empty() {
        bail!("the generated catalog fails its checks:\n  {}", problems.join("\n  "));
    }
    Catalog::from_file(all).map_err(|e| anyhow::anyhow!("the generated catalog is not valid: {e}"))?;
    Ok(())
}

/// A word that looks like a commit hash: 7 to 40 lowercase hex digits with
/// a letter and a digit.
pub fn has_commit_hash(text: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|w| {
        (7..=40).contains(&w.len())
            && w.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            && w.bytes().any(|b| b.is_ascii_digit())
            && w.bytes().any(|b| b.is_ascii_alphabetic())
    })
}

/// What is wrong with a catalog for readers: an entry without a source
/// title, a price without a date, a commit hash shown as text, a display
/// name that is an id.
pub fn problems(c: &CatalogFile) -> Vec<String> {
    let mut out = Vec::new();
    let mut text = |what: String, t: Option<&str>| {
        if t.is_some_and(has_commit_hash) {
            out.push(format!("{what} shows a commit hash: {:?}", t.unwrap_or_default()));
        }
    };
    let mut sources: Vec<(String, Option<&Source>, bool)> = Vec::new();
    for a in &c.api {
        text(format!("api {} name", a.id), Some(&a.name));
        text(format!("api {} notes", a.id), a.notes.as_deref());
        sources.push((format!("api {}", a.id), Some(&a.source), !a.as_of.is_empty()));
        for (j, h) in a.history.iter().enumerate() {
            sources.push((
                format!("api {} history[{j}]", a.id),
                h.source.as_ref(),
                h.as_of.is_some(),
            ));
        }
    }
    for g in &c.gpus {
        text(format!("gpu {} name", g.id), Some(&g.name));
        text(format!("gpu {} notes", g.id), g.notes.as_deref());
        sources.push((format!("gpu {}", g.id), Some(&g.source), g.as_of.is_some()));
    }
    for m in &c.models {
        text(format!("model {} notes", m.id), m.notes.as_deref());
        sources.push((format!("model {}", m.id), Some(&m.source), m.as_of.is_some()));
    }
    for p in &c.purchase {
        text(format!("purchase {} as_of_text", p.id), p.as_of_text.as_deref());
        sources.push((format!("purchase {}", p.id), Some(&p.source), true));
    }
    for x in &c.cloud {
        text(format!("cloud {} name", x.id), x.name.as_deref());
        text(format!("cloud {} notes", x.id), x.notes.as_deref());
        text(format!("cloud {} as_of_text", x.id), x.as_of_text.as_deref());
        sources.push((format!("cloud {}", x.id), Some(&x.source), true));
        for (j, h) in x.history.iter().enumerate() {
            sources.push((
                format!("cloud {} history[{j}]", x.id),
                h.source.as_ref(),
                h.as_of.is_some(),
            ));
        }
    }
    for t in &c.tco {
        sources.push((format!("tco {}", t.id), Some(&t.source), true));
    }
    for (what, s, entry_dated) in sources {
        let Some(s) = s else {
            out.push(format!("{what}: no source"));
            continue;
        };
        if s.title.trim().is_empty() {
            out.push(format!("{what}: a source without a title"));
        }
        for (field, t) in [("title", Some(s.title.as_str())), ("note", s.note.as_deref())] {
            if t.is_some_and(has_commit_hash) {
                out.push(format!("{what}: the source's {field} shows a commit hash"));
            }
        }
        let says_undated = s
            .note
            .as_deref()
            .is_some_and(|n| n.contains("the reference gives no date"));
        if !entry_dated && s.date.is_none() && !says_undated {
            out.push(format!("{what}: no date"));
        }
    }
    for a in &c.api {
        let n = &a.name;
        let b = n.as_bytes();
        let ratio = (1..b.len().saturating_sub(1))
            .any(|i| b[i] == b'/' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit());
        if n.contains('_') || n.to_lowercase() == a.id || n.chars().count() > 60 || (n.contains('/') && !ratio) {
            out.push(format!("api {}: display name not human-readable: {n:?}", a.id));
        }
    }
    out
}

/// Writes the four files into `out_dir` and prints what was left out.
///
/// # Errors
/// As [`build`], or a file that cannot be written.
pub fn import(reference: &Path, out_dir: &Path) -> Result<()> {
    let (files, report) = build(reference)?;
    std::fs::create_dir_all(out_dir)?;
    for (name, text) in files.named() {
        let path = out_dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    for (what, lines) in [
        ("left out", &report.dropped),
        ("priced, but no model to self-host", &report.missing_models),
        ("models without a parameter count, left out", &report.partial_models),
    ] {
        println!("{what} ({}):", lines.len());
        for l in lines {
            println!("  {l}");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn reference() -> PathBuf {
        crate::workspace_root().join("../shared/reference")
    }

    fn built() -> Option<Files> {
        let r = reference();
        if !r.join("api-prices-2026.json").exists() {
            eprintln!("no reference data at {}: nothing to import", r.display());
            return None;
        }
        Some(build(&r).expect("the import succeeds").0)
    }

    /// The committed catalog is the importer's output, byte for byte, and
    /// two runs give the same bytes.
    #[test]
    fn the_import_is_deterministic_and_is_the_committed_catalog() {
        let Some(first) = built() else { return };
        let again = build(&reference()).expect("import").0;
        assert_eq!(first, again);
        let dir = crate::workspace_root().join("crates/llm-tco/catalog");
        for (name, text) in first.named() {
            let committed = std::fs::read_to_string(dir.join(name)).expect("committed file");
            assert!(
                committed == text,
                "crates/llm-tco/catalog/{name} is not what `cargo xtask import-catalog` writes; run it"
            );
        }
    }

    /// Every number literal of every reference file is read as the same
    /// exact decimal the library's float reading gives for it (serde_json's
    /// f64, then its shortest digits), so neither path rounds a price.
    #[test]
    fn reference_numbers_are_read_exactly() {
        let r = reference();
        let Ok(entries) = std::fs::read_dir(&r) else { return };
        let mut names: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        names.sort();
        let mut n = 0;
        for path in names {
            let text = std::fs::read_to_string(&path).expect("read");
            fn walk(v: &json::J, out: &mut Vec<String>) {
                match v {
                    json::J::Num(t) => out.push(t.clone()),
                    json::J::Arr(items) => items.iter().for_each(|x| walk(x, out)),
                    json::J::Obj(m) => m.iter().for_each(|(_, x)| walk(x, out)),
                    _ => {}
                }
            }
            let mut lits = Vec::new();
            walk(&json::parse(&text).expect("parses"), &mut lits);
            for lit in lits {
                let exact = json::number(&lit).expect("a decimal");
                let float: f64 = serde_json::from_str(&lit).expect("a float");
                let via_float = llm_tco::base::float::from_f64(float, "x").expect("finite");
                assert_eq!(exact, via_float.normalize(), "{}: {lit}", path.display());
                n += 1;
            }
        }
        assert!(n > 1000, "{n} numbers");
    }

    #[test]
    fn commit_hashes_are_spotted_in_text() {
        assert!(has_commit_hash("SkyPilot catalog @0f4070387edc953d"));
        assert!(has_commit_hash("tt-metal f64bd68c"));
        assert!(!has_commit_hash("SkyPilot catalog v8: Lambda prices"));
        assert!(!has_commit_hash("deadbeef"), "letters only");
        assert!(!has_commit_hash("20260812"), "digits only");
        assert!(!has_commit_hash("gpt-oss-120b"));
    }
}
