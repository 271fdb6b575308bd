//! Public throughput measurements, in the form the sizing model can
//! predict: the rows of `fixtures/calibration.json` (made from
//! `shared/reference/calibration-benchmarks.json` by
//! `cargo xtask import-calibration`), and the prediction of each.

use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::sizing::{estimate, EstimateRequest};
use crate::spec::calibration::{CalibrationRow, Metric};
use crate::spec::catalog::EngineProfile;
use crate::spec::formats::{KvFormat, WeightFormat};

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
