//! Public throughput measurements, in the form the sizing model can
//! predict: the rows of `fixtures/calibration.json` (made from
//! `shared/reference/calibration-benchmarks.json` by
//! `cargo xtask import-calibration`), and the prediction of each.

use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::quant::{KvFormat, WeightFormat};
use crate::sizing::{estimate, EngineProfile, EstimateRequest};
use serde::{Deserialize, Serialize};

/// What a measurement measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Output tokens per second of the whole system at saturation.
    MaxOutputTokensPerS,
    /// Generation speed of one stream, output tokens per second, prompt
    /// processing excluded.
    DecodeTokensPerS,
    /// Time between two output tokens at the row's concurrency, ms.
    InterTokenLatencyMs,
    /// Prompt tokens per second of one prompt processed alone.
    PrefillTokensPerS,
}

/// One measurement and the inputs that reproduce it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalibrationRow {
    /// The reference row's id.
    pub id: String,
    /// Catalog model id.
    pub model: String,
    /// Catalog GPU id.
    pub gpu: String,
    /// GPUs used.
    pub n_gpus: u32,
    /// Weight format.
    pub weights: String,
    /// KV-cache format.
    pub kv_cache: String,
    /// Engine profile id.
    pub engine: String,
    /// Mean input tokens per request.
    pub input_tokens: u64,
    /// Mean output tokens per request.
    pub output_tokens: u64,
    /// Concurrent requests, where the measurement fixes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<u32>,
    /// What was measured.
    pub metric: Metric,
    /// The measured value, in the metric's unit.
    pub measured: f64,
    /// How the reference row was read (assumed lengths, formats).
    pub assumptions: String,
}

/// The calibration document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalibrationFile {
    /// What the file holds.
    pub about: String,
    /// The rows.
    pub rows: Vec<CalibrationRow>,
}

impl CalibrationFile {
    /// Parses the calibration document (JSON).
    ///
    /// # Errors
    /// A syntax error, with the field's path.
    pub fn parse(text: &str) -> Result<CalibrationFile> {
        crate::doc::parse(text, crate::Format::Json)
    }
}

/// The model's value for `row`, with `engine` (the row's engine profile,
/// possibly with trial efficiencies while fitting).
///
/// # Errors
/// An unknown id or format, or a row the model cannot price (it does not
/// fit the GPUs).
pub fn predict_with(row: &CalibrationRow, catalog: &Catalog, engine: &EngineProfile) -> Result<f64> {
    let model = catalog.model(&row.model)?;
    let gpu = catalog.gpu(&row.gpu)?;
    let req = EstimateRequest {
        model,
        gpu,
        n_gpus: row.n_gpus,
        weights: WeightFormat::parse(&row.weights)?,
        kv_cache: KvFormat::parse(&row.kv_cache)?,
        engine,
        input_tokens: row.input_tokens,
        output_tokens: row.output_tokens,
        concurrency: row.concurrency.unwrap_or(1),
        latency: None,
    };
    let e = estimate(&req)?;
    if !e.fits {
        return Err(Error::invalid(
            "",
            format!("{}: {}", row.id, e.reason.unwrap_or_default()),
        ));
    }
    Ok(match row.metric {
        Metric::MaxOutputTokensPerS => e.max_output_tokens_per_s,
        Metric::DecodeTokensPerS => 1000.0 / e.itl_ms,
        Metric::InterTokenLatencyMs => e.itl_ms,
        Metric::PrefillTokensPerS => e.prefill_tokens_per_s,
    })
}

/// The model's value for `row` with the catalog's own engine profile.
///
/// # Errors
/// As [`predict_with`].
pub fn predict(row: &CalibrationRow, catalog: &Catalog) -> Result<f64> {
    predict_with(row, catalog, catalog.engine(&row.engine)?)
}

/// Prediction over measurement, for a metric where more is better; for a
/// latency the ratio is inverted so that above 1 always means optimistic.
pub fn ratio(row: &CalibrationRow, predicted: f64) -> f64 {
    match row.metric {
        Metric::InterTokenLatencyMs => row.measured / predicted,
        _ => predicted / row.measured,
    }
}

/// The error table: one line per row, then the median absolute percentage
/// error and the worst ratio.
pub fn error_table(rows: &[CalibrationRow], catalog: &Catalog) -> Result<(String, f64, f64)> {
    let mut out = format!(
        "{:<48} {:<13} {:>10} {:>10} {:>7}\n",
        "row", "engine", "measured", "predicted", "ratio"
    );
    let mut apes = Vec::new();
    let mut worst: f64 = 1.0;
    for row in rows {
        let p = predict(row, catalog)?;
        let r = ratio(row, p);
        apes.push(((p - row.measured) / row.measured).abs());
        if r.max(1.0 / r) > worst.max(1.0 / worst) {
            worst = r;
        }
        out.push_str(&format!(
            "{:<48} {:<13} {:>10.2} {:>10.2} {:>7.3}\n",
            row.id, row.engine, row.measured, p, r
        ));
    }
    let mdape = median(&mut apes);
    out.push_str(&format!(
        "{} rows; median absolute percentage error {:.1}%; worst ratio {:.3}\n",
        rows.len(),
        mdape * 100.0,
        worst
    ));
    Ok((out, mdape, worst))
}

/// Median of `values` (sorted in place); 0 for none.
pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}
