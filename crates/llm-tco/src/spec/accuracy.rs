//! How accurate an engine profile is: its errors on the calibration rows by
//! metric group, in sample and held out, as `cargo xtask calibrate` stores
//! them with each profile (and every estimate reports).

use serde::{Deserialize, Serialize};

/// The groups errors are reported in (issue 19's targets hold per group).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricGroup {
    /// System throughput: at saturation or at a stated concurrency.
    Throughput,
    /// Per-user decode speed (1000 / TPOT, or one stream's tokens/s).
    PerUser,
    /// Time to first token.
    Ttft,
    /// Prompt processing speed.
    Prefill,
}

impl MetricGroup {
    /// Every group, in report order.
    pub const ALL: [MetricGroup; 4] = [
        MetricGroup::Throughput,
        MetricGroup::PerUser,
        MetricGroup::Ttft,
        MetricGroup::Prefill,
    ];

    /// The name in files and tables (`per_user`).
    pub fn name(self) -> &'static str {
        match self {
            MetricGroup::Throughput => "throughput",
            MetricGroup::PerUser => "per_user",
            MetricGroup::Ttft => "ttft",
            MetricGroup::Prefill => "prefill",
        }
    }
}

/// Errors of one profile on one metric group: |ratio − 1| with ratio =
/// predicted / measured (measured / predicted for latencies).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorBand {
    /// Rows.
    pub rows: u32,
    /// Median absolute error (0.15 = 15%).
    pub median_abs_error: f64,
    /// 90th percentile of the absolute error (linear between ranks).
    pub p90_abs_error: f64,
    /// The ratio farthest from 1 (above 1: optimistic).
    pub worst_ratio: f64,
}

/// A profile's error on one metric group, in sample and held out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalibrationError {
    /// The metric group.
    pub metric: MetricGroup,
    /// On the rows the profile was fitted on.
    pub in_sample: ErrorBand,
    /// Each source's rows predicted by a refit without that source (leave
    /// one source out), when the profile has rows from two sources or more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_out: Option<ErrorBand>,
}

/// How a profile was calibrated: the rows behind it and its errors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineCalibration {
    /// Ids of the rows of `fixtures/calibration.json` it was fitted on.
    pub rows: Vec<String>,
    /// Its errors, by metric group.
    pub errors: Vec<CalibrationError>,
}
