//! # llm-tco
//!
//! Total cost of ownership of LLM serving: closed APIs, hosted open-weight
//! APIs and open-weight models on your own or rented GPUs, for your
//! workload; and the volumes where their cost curves cross.
//!
//! ```
//! use llm_tco::{evaluate, Catalog, Format, Scenario};
//! use llm_tco::analysis::report::Verdict;
//!
//! let scenario = Scenario::parse(r#"
//!     schema_version = 1
//!     name = "10M tokens/day"
//!     [workload]
//!     tokens_per_day = 10_000_000
//!     input_tokens_per_request = 1000
//!     output_tokens_per_request = 250
//!     [[options]]
//!     name = "GPT-4o"
//!     api = { catalog = "openai-gpt-4o" }
//!     [[options]]
//!     name = "Llama 3.1 8B on an L4"
//!     [options.self_hosted]
//!     model = "llama-3.1-8b"
//!     weights = "fp8"
//!     gpu = "l4"
//!     capacity_tokens_per_s = 1500
//!     rented = { usd_per_gpu_hour = "0.80" }
//! "#, Format::Toml, &Catalog::builtin())?;
//! let report = evaluate(&scenario)?;
//! // 304.17M tokens a month: 243.33M input at $2.50 and 60.83M output at $10 per 1M.
//! assert_eq!(report.options[0].monthly_usd.map(|usd| usd.to_string()).as_deref(), Some("1216.67"));
//! assert_eq!(report.break_even[0].self_hosted_cheaper.verdict, Verdict::Above);
//! # Ok::<(), llm_tco::Error>(())
//! ```
//!
//! ## Model
//!
//! - An API's monthly cost is linear in volume: tokens per month
//!   (tokens/day × 365 / 12) split into plain input, cached input, cache
//!   writes and output by the workload's shares, each at its price per 1M
//!   tokens; a long-context tier when a request's input exceeds its
//!   threshold; a batch discount on the batch share.
//! - A self-hosted option's monthly cost is a staircase ([`Staircase`]):
//!   engineering and spares, plus one replica-month per replica the peak
//!   (or, with scaled billing, the average) needs.
//! - Break-even ([`analysis::breakeven`]) solves every crossing exactly.
//!
//! ## Units and precision
//!
//! Money is [`rust_decimal::Decimal`] (m / 10^e, −2^96 < m < 2^96,
//! 0 ≤ e ≤ 28), in USD; every operation on user input is checked, so an
//! overflow is an [`Error`] of kind [`ErrorKind::Overflow`], never a panic.
//! Names carry their unit: `usd_per_mtok` is USD per 1M tokens,
//! `tokens_per_day`, `usd_per_gpu_hour`. Reports round once, at the end:
//! money to cents, per-1M-token prices to 4 places, half away from zero.
//!
//! ## Purity
//!
//! The crate does no I/O, reads no clock, keeps no global state and knows
//! nothing of JavaScript or the DOM: a report is a deterministic function of
//! the scenario and the catalog, identical on native and wasm32.
//!
//! ## Errors
//!
//! Every fallible function returns [`Error`], whose `path` names the field
//! (`options[2].self_hosted.rented.usd_per_gpu_hour`) and whose message says
//! what is allowed.

//! ## Layers
//!
//! The modules are layers, each importing only from those before it:
//! [`error`], [`base`] (checked decimals, float text, dates), [`codec`]
//! (documents ⇄ text), [`spec`] (the file formats), [`catalog`] (the
//! validated catalog), [`sizing`] (the physics of serving, in `f64`),
//! [`model`] (the validated workload, prices, options, cost curves and
//! scenario), [`analysis`] (the report, break-even, payback, hybrid
//! routing, sensitivity, Monte Carlo, the guide, usage logs) and [`render`]
//! (charts, HTML, text). ARCHITECTURE.md draws the map.

pub mod error;

pub mod base;

pub mod codec;

pub mod spec;

pub mod catalog;

pub mod sizing;

pub mod model;

pub mod analysis;

pub mod render;

pub use analysis::report::{evaluate, Report};
pub use base::date::Date;
pub use catalog::Catalog;
pub use codec::{Format, MAX_DOCUMENT_BYTES};
pub use error::{Error, ErrorKind, Result};
pub use model::api::{ApiBill, ApiPrices, TokenCounts};
pub use model::curve::CostCurve;
pub use model::scenario::Scenario;
pub use model::staircase::Staircase;
pub use model::workload::{VolumeRange, Workload};
/// The decimal type of every amount of money (re-exported from `rust_decimal`).
pub use rust_decimal::Decimal;
pub use spec::catalog::CatalogFile;
pub use spec::scenario::{ScenarioFile, SCHEMA_VERSION};

/// Any document or report as pretty JSON with a final newline: the form
/// every surface prints (the CLI's `--format json`, the npm package, the
/// web page's exports): serde_json's pretty form (two-space indents) and a
/// newline.
pub fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    codec::to_json(value)
}

/// Any document or report as compact JSON, no final newline (the share
/// link and the page's saved state use it).
pub fn to_compact_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    codec::to_compact_json(value)
}

/// The built-in default scenario (`fixtures/scenarios/default.toml` at the
/// time of the build), as TOML text.
pub const DEFAULT_SCENARIO_TOML: &str = include_str!("../scenarios/default.toml");

/// The built-in default scenario, validated against the built-in catalog.
#[cfg(feature = "toml")]
///
/// # Panics
/// Never for a released build: the embedded scenario is checked by tests.
pub fn default_scenario() -> Scenario {
    Scenario::parse(DEFAULT_SCENARIO_TOML, Format::Toml, &Catalog::builtin())
        .expect("the built-in default scenario is valid")
}
