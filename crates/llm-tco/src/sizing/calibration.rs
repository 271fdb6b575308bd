//! Public throughput measurements, in the form the sizing model can
//! predict (the rows of `fixtures/calibration.json`), the prediction of
//! each, and the error bands of a profile on its rows.
//!
//! The error of a row is `|ratio − 1|` with ratio = predicted / measured,
//! inverted for latencies (so that above 1 always means optimistic and a
//! time twice too long is 50% off, like a throughput half too low).

use super::engine::EngineSettings;
use super::layout::LayoutRequest;
use super::step::Work;
use super::{EstimateRequest, Formats, Setup};
use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::spec::calibration::{BenchScenario, CalibrationRow, ErrorBand, Metric, MetricGroup, OutputLengths};
use crate::spec::catalog::EngineProfile;
use crate::spec::formats::{KvFormat, WeightFormat};

/// The target of issue 19: a profile/metric group with at least this many
/// rows must have a median absolute error of at most [`TARGET_MEDIAN`] and
/// no row off by more than [`TARGET_WORST`].
pub const TARGET_MIN_ROWS: usize = 10;
/// Most median absolute error the target allows.
pub const TARGET_MEDIAN: f64 = 0.15;
/// Farthest ratio from 1 the target allows (either way).
pub const TARGET_WORST: f64 = 2.0;

fn format(name: &str, field: &str) -> Result<WeightFormat> {
    WeightFormat::parse(name).map_err(|e| e.within(field))
}

fn need<T>(v: Option<T>, field: &str, scenario: &str) -> Result<T> {
    v.ok_or_else(|| Error::invalid(field, format!("a {scenario} row needs it")))
}

/// The model's value for `row`, with `engine` (the row's engine profile,
/// possibly with trial factors while fitting).
///
/// # Errors
/// An unknown id or format, a row the scenario cannot price, or a
/// configuration that does not fit the GPUs.
pub fn predict_with(row: &CalibrationRow, catalog: &Catalog, engine: &EngineProfile) -> Result<f64> {
    let model = catalog.model(&row.model).map_err(|e| e.within("model"))?;
    let gpu = catalog.gpu(&row.gpu).map_err(|e| e.within("gpu"))?;
    let formats = Formats {
        weights: format(&row.weights, "weights")?,
        experts: row
            .expert_weights
            .as_deref()
            .map(|f| format(f, "expert_weights"))
            .transpose()?,
        dense: row
            .dense_weights
            .as_deref()
            .map(|f| format(f, "dense_weights"))
            .transpose()?,
        kv_cache: KvFormat::parse(&row.kv_cache).map_err(|e| e.within("kv_cache"))?,
    };
    let req = EstimateRequest {
        model,
        gpu,
        n_gpus: row.n_gpus,
        formats,
        engine,
        settings: EngineSettings {
            max_batch: row.max_batch,
            batch_tokens: row.batch_tokens,
            memory_utilization: row.memory_utilization,
            async_scheduling: row.async_scheduling,
        },
        layout: LayoutRequest {
            attention_dp: row.attention_dp,
            expert_parallel: row.expert_parallel,
            comm_overlap: row.comm_overlap,
        },
        input_tokens: row.input_tokens,
        output_tokens: row.output_tokens.max(1.0),
        output_lengths: row.output_lengths,
        concurrency: Some(1),
        latency: None,
    };
    let mut setup = Setup::new(&req)?;
    if let Some(c) = row.context {
        setup.context = c;
        setup.b_cap = setup.b_cap.min(setup.server.kv_batch(&setup.memory, c));
    }
    if !setup.fits || setup.b_cap < 1.0 {
        return Err(Error::invalid(
            "",
            format!("{}: does not fit {} × {}", row.id, row.n_gpus, row.gpu),
        ));
    }
    let s = &setup.server;
    let (input, output, context) = (setup.input, setup.output, setup.context);
    let unpriced = || {
        Error::invalid(
            "metric",
            format!("{}: a {:?} row gives no {:?}", row.id, row.scenario, row.metric),
        )
    };
    let value = match row.scenario {
        BenchScenario::Single => {
            let (t, _) = s.step(Work::decode(1.0, context).with_prompt(0.0, input, None));
            match row.metric {
                Metric::PerUserOutputTokensPerS => 1.0 / t,
                Metric::TpotMs | Metric::ItlMs => t * 1e3,
                _ => return Err(unpriced()),
            }
        }
        BenchScenario::Ubatch => {
            let ub = f64::from(need(row.ubatch, "ubatch", "ubatch")?.max(1));
            let depth = row.depth.unwrap_or(0.0);
            let passes = libm::ceil(input / ub) as u32;
            let mut total = 0.0;
            for i in 0..passes {
                let c0 = depth + f64::from(i) * ub;
                total += if ub <= 1.0 {
                    s.step(Work::decode(1.0, c0)).0
                } else {
                    let (mut t, _) = s.step(
                        Work::decode(0.0, c0)
                            .with_prompt(ub, 2.0 * (c0 + ub / 2.0), Some(ub))
                            .prefill(),
                    );
                    if s.engine.dequantize_for_prefill && !s.shape.sixteen_bit && ub > 32.0 {
                        t += s.dequantize_s();
                    }
                    t
                };
            }
            match row.metric {
                Metric::PrefillTokensPerS => input / total,
                _ => return Err(unpriced()),
            }
        }
        BenchScenario::Prefill => match row.metric {
            Metric::PrefillTokensPerS => input / s.prefill_time(input, 0.0, 0.0),
            _ => return Err(unpriced()),
        },
        BenchScenario::PrefillOnly => {
            let tokens = need(row.tokens_per_gpu, "tokens_per_gpu", "prefill_only")? * s.layout.da;
            let (t, _) = s.step(Work::decode(0.0, 0.0).with_prompt(tokens, input, None).prefill());
            match row.metric {
                Metric::PrefillTokensPerS => tokens / t,
                _ => return Err(unpriced()),
            }
        }
        BenchScenario::DecodeOnly => {
            let b = need(row.batch_per_gpu, "batch_per_gpu", "decode_only")? * s.layout.da;
            let (t, _) = s.step(Work::decode(b, context).with_prompt(0.0, input, None));
            match row.metric {
                Metric::MaxOutputTokensPerS | Metric::OutputTokensPerS => b / t,
                Metric::PerUserOutputTokensPerS => 1.0 / t,
                _ => return Err(unpriced()),
            }
        }
        BenchScenario::Closed | BenchScenario::Offline | BenchScenario::Burst => {
            let variable = row.output_lengths == OutputLengths::Variable;
            let mut b_admit = setup.b_cap;
            if s.engine.admission == crate::spec::catalog::Admission::Prompt {
                // Admitted when the prompt's KV fits; decoding sequences
                // are preempted when the cache runs out.
                let cap = s.engine.max_batch * s.layout.da;
                let by_prompt = s.kv_batch(&setup.memory, input + 16.0);
                b_admit = cap.min(by_prompt).max(setup.b_cap);
            }
            let users = match row.scenario {
                BenchScenario::Burst => None,
                _ => Some(f64::from(need(row.concurrency, "concurrency", "closed-loop")?.max(1))),
            };
            let requests = row.requests.map(f64::from);
            let (per_s, ttft, tpot, itl) = match (requests, users) {
                // A run of N requests: the first wave's transient counts.
                (Some(n), users) => {
                    let b = s.benchmark(
                        n,
                        users.unwrap_or(n),
                        setup.b_cap,
                        input,
                        output,
                        context,
                        variable,
                        b_admit,
                    );
                    (b.output_tokens_per_s / output, b.ttft_s, b.tpot_s, b.itl_s)
                }
                // Steady state: the closed loop's bounds.
                (None, Some(c)) => {
                    let l = s.closed_loop(c, setup.b_cap, input, output, context);
                    (l.requests_per_s, l.ttft_s, l.tpot_s, l.tpot_s)
                }
                (None, None) => return Err(Error::invalid("requests", "a burst row needs it")),
            };
            match row.metric {
                Metric::MaxOutputTokensPerS | Metric::OutputTokensPerS => per_s * output,
                Metric::TotalTokensPerS => per_s * (output + input),
                Metric::TtftMs => ttft * 1e3,
                Metric::TpotMs => tpot * 1e3,
                Metric::ItlMs => itl * 1e3,
                Metric::PerUserOutputTokensPerS => 1.0 / tpot,
                Metric::PrefillTokensPerS => return Err(unpriced()),
            }
        }
    };
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(Error::invalid("", format!("{}: the model gives no value", row.id)))
    }
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
    if row.metric.is_latency() {
        row.measured / predicted
    } else {
        predicted / row.measured
    }
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

/// 90th percentile of `values` (sorted in place), linear between the two
/// nearest ranks; 0 for none.
pub fn p90(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let i = 0.9 * (values.len() - 1) as f64;
    let lo = libm::floor(i) as usize;
    let hi = (lo + 1).min(values.len() - 1);
    values[lo] + (values[hi] - values[lo]) * (i - lo as f64)
}

/// How far a ratio is from 1, either way (2 for 0.5 and for 2).
pub fn spread(ratio: f64) -> f64 {
    ratio.max(1.0 / ratio)
}

/// The error band of `ratios`.
pub fn band(ratios: &[f64]) -> ErrorBand {
    let mut errors: Vec<f64> = ratios.iter().map(|r| (r - 1.0).abs()).collect();
    let worst = ratios
        .iter()
        .copied()
        .fold(1.0, |w: f64, r| if spread(r) > spread(w) { r } else { w });
    ErrorBand {
        rows: ratios.len() as u32,
        median_abs_error: median(&mut errors.clone()),
        p90_abs_error: p90(&mut errors),
        worst_ratio: worst,
    }
}

/// Whether a band meets issue 19's target (median and worst row).
pub fn meets_target(b: &ErrorBand) -> bool {
    b.median_abs_error <= TARGET_MEDIAN && spread(b.worst_ratio) <= TARGET_WORST
}

/// One row's prediction, as the tables show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction<'a> {
    /// The row.
    pub row: &'a CalibrationRow,
    /// The model's value, `None` when it cannot price the row.
    pub predicted: Option<f64>,
}

impl Prediction<'_> {
    /// Predicted over measured (inverted for latencies); a row the model
    /// cannot price counts as 1e-9.
    pub fn ratio(&self) -> f64 {
        self.predicted.map_or(1e-9, |p| ratio(self.row, p))
    }
}

/// Every row's prediction with the catalog's profiles.
pub fn predictions<'a>(rows: &'a [CalibrationRow], catalog: &Catalog) -> Vec<Prediction<'a>> {
    rows.iter()
        .map(|row| Prediction {
            row,
            predicted: predict(row, catalog).ok(),
        })
        .collect()
}

/// Error bands by (profile, metric group) of the fitted rows (excluded
/// rows left out), in profile order of first appearance.
pub fn bands(
    predictions: &[Prediction<'_>],
    key: impl Fn(&CalibrationRow) -> String,
) -> Vec<(String, MetricGroup, ErrorBand)> {
    let mut groups: Vec<(String, MetricGroup, Vec<f64>)> = Vec::new();
    for p in predictions.iter().filter(|p| p.row.excluded.is_none()) {
        let k = key(p.row);
        let g = p.row.metric.group();
        match groups.iter_mut().find(|(a, b, _)| *a == k && *b == g) {
            Some((_, _, v)) => v.push(p.ratio()),
            None => groups.push((k, g, vec![p.ratio()])),
        }
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    groups.into_iter().map(|(k, g, r)| (k, g, band(&r))).collect()
}

/// Fitted rows of each profile (excluded rows left out).
pub fn rows_per_profile(rows: &[CalibrationRow], engine: &str) -> usize {
    rows.iter()
        .filter(|r| r.excluded.is_none() && r.engine == engine)
        .count()
}

/// The summary table: one line per profile and metric group, with the
/// target's verdict where it applies (profiles with at least
/// [`TARGET_MIN_ROWS`] fitted rows).
pub fn band_table(bands: &[(String, MetricGroup, ErrorBand)], rows_of: impl Fn(&str) -> usize) -> String {
    let mut out = format!(
        "{:<18} {:<11} {:>5} {:>8} {:>8} {:>8}  {}\n",
        "profile", "metric", "rows", "median", "p90", "worst", "target"
    );
    for (p, g, b) in bands {
        let verdict = if rows_of(p) >= TARGET_MIN_ROWS {
            if meets_target(b) {
                "met"
            } else {
                "not met"
            }
        } else {
            ""
        };
        out.push_str(&format!(
            "{:<18} {:<11} {:>5} {:>7.1}% {:>7.1}% {:>8.3}  {}\n",
            p,
            g.name(),
            b.rows,
            b.median_abs_error * 100.0,
            b.p90_abs_error * 100.0,
            b.worst_ratio,
            verdict
        ));
    }
    out
}

/// The row table: measured, predicted and their ratio for every row.
pub fn row_table(predictions: &[Prediction<'_>]) -> String {
    let mut out = format!(
        "{:<62} {:<17} {:<9} {:>11} {:>11} {:>7}\n",
        "row", "profile", "metric", "measured", "predicted", "ratio"
    );
    for p in predictions {
        let predicted = p.predicted.map_or_else(|| "n/a".to_string(), |v| format!("{v:.2}"));
        let ratio = p
            .predicted
            .map_or_else(|| "n/a".to_string(), |_| format!("{:.3}", p.ratio()));
        let id: String = p.row.id.chars().take(62).collect();
        out.push_str(&format!(
            "{:<62} {:<17} {:<9} {:>11.2} {:>11} {:>7}{}\n",
            id,
            p.row.engine,
            p.row.metric.group().name(),
            p.row.measured,
            predicted,
            ratio,
            if p.row.excluded.is_some() { " (excluded)" } else { "" }
        ));
    }
    out
}

/// The held-out bands each profile stores (leave one source out), as
/// `(profile, group, band)`.
pub fn held_out_bands(catalog: &Catalog) -> Vec<(String, MetricGroup, ErrorBand)> {
    let mut out = Vec::new();
    for e in catalog.engines() {
        for err in e.calibration.iter().flat_map(|c| &c.errors) {
            if let Some(h) = &err.held_out {
                out.push((e.id.clone(), err.metric, h.clone()));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    out
}

/// The calibration table of docs/sizing.md: the error bands by profile and
/// metric group in sample (recomputed) and held out (as the profiles store
/// them), then every row predicted against measured.
pub fn calibration_table(rows: &[CalibrationRow], catalog: &Catalog) -> String {
    let preds = predictions(rows, catalog);
    let rows_of = |p: &str| rows_per_profile(rows, p);
    let in_sample = bands(&preds, |r| r.engine.clone());
    let held_out = held_out_bands(catalog);
    let fitted = rows.iter().filter(|r| r.excluded.is_none()).count();
    format!(
        "In sample ({fitted} rows fitted, {} excluded):\n{}\nHeld out (each source predicted by a refit without it):\n{}\n{}",
        rows.len() - fitted,
        band_table(&in_sample, rows_of),
        band_table(&held_out, rows_of),
        row_table(&preds)
    )
}
