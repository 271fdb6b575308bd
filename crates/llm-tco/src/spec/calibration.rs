//! The calibration file: public throughput measurements, each with the
//! inputs of the sizing model that reproduce it (`fixtures/calibration.json`,
//! made by `cargo xtask import-calibration`).

use crate::codec::{self, Format};
use crate::error::Result;
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
        codec::parse(text, Format::Json)
    }
}
