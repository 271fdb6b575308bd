//! `import-calibration`: the reference measurements as rows the sizing
//! model can predict (`fixtures/calibration.json`) and the calibration-side
//! catalog overlay (`fixtures/calibration-catalog.json`). `calibrate`: fit
//! every engine profile on those rows, refit each without each source for
//! the held-out bands, and rewrite `crates/llm-tco/catalog/engines.json`.
//! `calibration-table`: the table of docs/sizing.md for the profiles as
//! they are.

mod fit;
mod overlay;
mod profiles;
mod rows;

use anyhow::{Context, Result};
use llm_tco::sizing::calibration::{band_table, calibration_table, meets_target, rows_per_profile, TARGET_MIN_ROWS};
use llm_tco::spec::calibration::{CalibrationError, CalibrationFile, CalibrationRow, EngineCalibration, MetricGroup};
use llm_tco::spec::catalog::{CatalogFile, EngineProfile};
use llm_tco::{Catalog, Format};
use serde_json::Value;
use std::path::Path;

/// The files calibration reads and writes, under the workspace root.
pub struct Paths<'a> {
    pub root: &'a Path,
}

impl Paths<'_> {
    pub fn rows(&self) -> std::path::PathBuf {
        self.root.join("fixtures/calibration.json")
    }
    pub fn overlay(&self) -> std::path::PathBuf {
        self.root.join("fixtures/calibration-catalog.json")
    }
    pub fn engines(&self) -> std::path::PathBuf {
        self.root.join("crates/llm-tco/catalog/engines.json")
    }
}

fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(serde_json::from_str(&text)?)
}

/// The built-in catalog with the calibration overlay over it.
pub fn catalog(paths: &Paths<'_>) -> Result<Catalog> {
    let text = std::fs::read_to_string(paths.overlay()).context("fixtures/calibration-catalog.json")?;
    let overlay = CatalogFile::parse(&text, Format::Json).map_err(|e| anyhow::anyhow!("{e}"))?;
    Catalog::builtin()
        .with_overlay(&overlay)
        .map_err(|e| anyhow::anyhow!("{e}"))
}

fn rows(paths: &Paths<'_>) -> Result<CalibrationFile> {
    CalibrationFile::parse(&std::fs::read_to_string(paths.rows())?).map_err(|e| anyhow::anyhow!("{e}"))
}

/// Writes both fixtures from the reference files.
pub fn import(reference: &Path, paths: &Paths<'_>) -> Result<()> {
    let builtin = Catalog::builtin();
    let overlay = overlay::build(&builtin)?;
    write_json(&paths.overlay(), &overlay)?;
    let with = builtin.with_overlay(&overlay).map_err(|e| anyhow::anyhow!("{e}"))?;
    let memory = |gpu: &str| -> Option<f64> {
        use llm_tco::Decimal;
        let g = with.gpu(gpu).ok()?;
        let d: Decimal = g.memory_gb;
        d.to_string().parse().ok()
    };
    let mut all = rows::rows_2024(&read_json(&reference.join("calibration-benchmarks.json"))?)
        .map_err(|e| anyhow::anyhow!("calibration-benchmarks.json: {e}"))?;
    all.extend(
        rows::rows_2026(&read_json(&reference.join("calibration-2026.json"))?, &memory)
            .map_err(|e| anyhow::anyhow!("calibration-2026.json: {e}"))?,
    );
    let excluded = all.iter().filter(|r| r.excluded.is_some()).count();
    let file = CalibrationFile {
        about: "Measured LLM serving throughput, latency and prefill speed from shared/reference/calibration-benchmarks.json (2024) and calibration-2026.json, read as inputs of the sizing model: one row per measured metric, each with its source and how it was read; `excluded` says why a row is not fitted. Made by `cargo xtask import-calibration`; the model reads the catalog with fixtures/calibration-catalog.json over it.".into(),
        rows: all,
    };
    write_json(&paths.rows(), &file)?;
    println!(
        "wrote {} rows ({excluded} excluded) to {} and {} GPUs, {} models to {}",
        file.rows.len(),
        paths.rows().display(),
        overlay.gpus.len(),
        overlay.models.len(),
        paths.overlay().display()
    );
    Ok(())
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(4)
}

/// What `calibrate` does besides the full fit: `--only ID` fits only the
/// group of that profile (the others keep their values), `--fast` skips the
/// held-out refits, `--dry-run` writes nothing (for trying a change to the
/// model).
#[derive(Debug, Default)]
pub struct Options {
    pub only: Option<String>,
    pub fast: bool,
    pub dry_run: bool,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options> {
        let mut o = Options::default();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--only" => o.only = Some(it.next().context("--only needs a profile id")?.clone()),
                "--fast" => o.fast = true,
                "--dry-run" => o.dry_run = true,
                other => anyhow::bail!("calibrate: unknown option {other:?} (--only ID, --fast, --dry-run)"),
            }
        }
        Ok(o)
    }
}

/// Fits every profile, refits each group without each of its sources,
/// rewrites `engines.json` and prints the tables.
pub fn calibrate(paths: &Paths<'_>, options: &Options) -> Result<()> {
    let file = rows(paths)?;
    let catalog = catalog(paths)?;
    let mut bases = profiles::base();
    if options.only.is_some() {
        // The other profiles keep the values they have.
        for b in &mut bases {
            if let Ok(e) = catalog.engine(&b.id) {
                if !profiles::groups().iter().any(|g| {
                    g.profiles.contains(&b.id.as_str())
                        && options.only.as_deref().is_some_and(|o| g.profiles.contains(&o))
                }) {
                    *b = e.clone();
                }
            }
        }
    }
    let all: Vec<&CalibrationRow> = file.rows.iter().collect();
    let groups: Vec<profiles::FitGroup> = profiles::groups()
        .into_iter()
        .filter(|g| options.only.as_deref().is_none_or(|o| g.profiles.contains(&o)))
        .collect();
    // The full fit, a group per job.
    let fitted: Vec<Vec<EngineProfile>> = fit::parallel(groups.iter().collect(), threads(), |g| {
        fit::fit_group(g, &all, &catalog, &bases, fit::FULL)
    });
    let mut engines: Vec<EngineProfile> = bases.clone();
    for e in fitted.into_iter().flatten() {
        if let Some(slot) = engines.iter_mut().find(|b| b.id == e.id) {
            *slot = e;
        }
    }
    // Leave one source out: (group index, source key) per job.
    let mut jobs: Vec<(usize, String)> = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        let mut keys: Vec<String> = file
            .rows
            .iter()
            .filter(|r| r.excluded.is_none() && g.profiles.contains(&r.engine.as_str()))
            .map(|r| r.source_key.clone())
            .collect();
        keys.sort();
        keys.dedup();
        if keys.len() >= 2 && !options.fast {
            jobs.extend(keys.into_iter().map(|k| (i, k)));
        }
    }
    println!(
        "fitted {} groups; {} leave-one-source-out refits",
        groups.len(),
        jobs.len()
    );
    let held: Vec<Vec<(String, String, MetricGroup, f64)>> = fit::parallel(jobs, threads(), |(i, key)| {
        let g = &groups[i];
        let train: Vec<&CalibrationRow> = file.rows.iter().filter(|r| r.source_key != key).collect();
        let refit = fit::fit_group(g, &train, &catalog, &bases, fit::HELD_OUT);
        let trained: Vec<&str> = train
            .iter()
            .filter(|r| r.excluded.is_none())
            .map(|r| r.engine.as_str())
            .collect();
        let test: Vec<&CalibrationRow> = file
            .rows
            .iter()
            .filter(|r| {
                r.source_key == key
                    && r.excluded.is_none()
                    && g.profiles.contains(&r.engine.as_str())
                    && trained.contains(&r.engine.as_str())
            })
            .collect();
        let mut out = Vec::new();
        for e in &refit {
            for (group, ratios) in fit::ratios_by_group(&test, &catalog, e) {
                for r in ratios {
                    out.push((e.id.clone(), key.clone(), group, r));
                }
            }
        }
        eprintln!("held out {key}: {} rows", out.len());
        out
    });
    let held: Vec<(String, String, MetricGroup, f64)> = held.into_iter().flatten().collect();
    // Each profile's rows and errors.
    let with = catalog
        .with_overlay(&CatalogFile {
            engines: engines.clone(),
            ..CatalogFile::default()
        })
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    for e in &mut engines {
        let own: Vec<&CalibrationRow> = file
            .rows
            .iter()
            .filter(|r| r.excluded.is_none() && r.engine == e.id)
            .collect();
        if own.is_empty() {
            continue;
        }
        let engine = with.engine(&e.id).map_err(|err| anyhow::anyhow!("{err}"))?;
        let in_sample = fit::bands_of(&fit::ratios_by_group(&own, &with, engine));
        let errors: Vec<CalibrationError> = in_sample
            .into_iter()
            .map(|(metric, b)| {
                let held_ratios: Vec<f64> = held
                    .iter()
                    .filter(|(p, _, g, _)| *p == e.id && *g == metric)
                    .map(|h| h.3)
                    .collect();
                CalibrationError {
                    metric,
                    in_sample: rounded(b),
                    held_out: (!held_ratios.is_empty())
                        .then(|| rounded(llm_tco::sizing::calibration::band(&held_ratios))),
                }
            })
            .collect();
        let sources = {
            let mut k: Vec<&str> = own.iter().map(|r| r.source_key.as_str()).collect();
            k.sort_unstable();
            k.dedup();
            k.len()
        };
        let summary: Vec<String> = errors
            .iter()
            .map(|c| {
                format!(
                    "{} {:.1}% median, {:.1}% p90",
                    c.metric.name(),
                    c.in_sample.median_abs_error * 100.0,
                    c.in_sample.p90_abs_error * 100.0
                )
            })
            .collect();
        e.notes = Some(format!(
            "Factors fitted by `cargo xtask calibrate` on {} rows of fixtures/calibration.json from {} source{}: {}.",
            own.len(),
            sources,
            if sources == 1 { "" } else { "s" },
            summary.join("; ")
        ));
        e.calibration = Some(EngineCalibration {
            rows: own.iter().map(|r| r.id.clone()).collect(),
            errors,
        });
    }
    for e in &engines {
        if groups.iter().any(|g| g.profiles.contains(&e.id.as_str())) {
            let factors: Vec<String> = profiles::FACTORS
                .iter()
                .map(|f| format!("{f:?} {}", f.get(e)))
                .collect();
            println!("{}: {}", e.id, factors.join(", "));
        }
    }
    if options.dry_run {
        let written = catalog
            .with_overlay(&CatalogFile {
                engines,
                ..CatalogFile::default()
            })
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        print!("\n{}", calibration_table(&file.rows, &written));
        targets(&file.rows, &written);
        return Ok(());
    }
    let mut doc = read_json(&paths.engines())?;
    doc["about"] = Value::String("Serving-engine profiles. Their factors are fitted on fixtures/calibration.json (with fixtures/calibration-catalog.json over the catalog) by `cargo xtask calibrate`, which rewrites this file; the other fields are the engines' settings (xtask/src/calibration/profiles.rs). Each profile lists the rows it was fitted on and its errors on them, in sample and held out (each source predicted by a refit without it).".into());
    doc["engines"] = serde_json::to_value(&engines)?;
    write_json(&paths.engines(), &doc)?;
    // The tables, with the profiles as written.
    let written = catalog
        .with_overlay(&CatalogFile {
            engines,
            ..CatalogFile::default()
        })
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    print!("\n{}", calibration_table(&file.rows, &written));
    // Held out, by source.
    let mut by_source: Vec<(String, MetricGroup, Vec<f64>)> = Vec::new();
    for (_, key, g, r) in &held {
        match by_source.iter_mut().find(|(k, h, _)| k == key && h == g) {
            Some((_, _, v)) => v.push(*r),
            None => by_source.push((key.clone(), *g, vec![*r])),
        }
    }
    by_source.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let per_source: Vec<(String, MetricGroup, llm_tco::spec::calibration::ErrorBand)> = by_source
        .into_iter()
        .map(|(k, g, r)| (k, g, llm_tco::sizing::calibration::band(&r)))
        .collect();
    println!("\nHeld out, by source:\n{}", band_table(&per_source, |_| 0));
    targets(&file.rows, &written);
    Ok(())
}

fn rounded(b: llm_tco::spec::calibration::ErrorBand) -> llm_tco::spec::calibration::ErrorBand {
    let r = |v: f64| libm::round(v * 10_000.0) / 10_000.0;
    llm_tco::spec::calibration::ErrorBand {
        rows: b.rows,
        median_abs_error: r(b.median_abs_error),
        p90_abs_error: r(b.p90_abs_error),
        worst_ratio: r(b.worst_ratio),
    }
}

/// Prints which profile/metric groups meet issue 19's targets.
fn targets(rows: &[CalibrationRow], catalog: &Catalog) {
    let preds = llm_tco::sizing::calibration::predictions(rows, catalog);
    let bands = llm_tco::sizing::calibration::bands(&preds, |r| r.engine.clone());
    let (mut met, mut not) = (Vec::new(), Vec::new());
    for (p, g, b) in &bands {
        if rows_per_profile(rows, p) < TARGET_MIN_ROWS {
            continue;
        }
        let name = format!("{p} {}", g.name());
        if meets_target(b) {
            met.push(name);
        } else {
            not.push(name);
        }
    }
    println!("target met: {}\ntarget not met: {}", met.join(", "), not.join(", "));
}

/// Prints the table of docs/sizing.md with the profiles as they are.
pub fn table(paths: &Paths<'_>) -> Result<()> {
    let file = rows(paths)?;
    print!("{}", calibration_table(&file.rows, &catalog(paths)?));
    Ok(())
}
