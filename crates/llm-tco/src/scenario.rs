//! Scenario files: the serde document a user writes (JSON or TOML), and its
//! validation into a [`Scenario`] the engine prices.
//!
//! A scenario file is a compatibility promise: it carries a
//! `schema_version`, refuses unknown fields, writes money as decimal
//! strings, and reading then writing it loses nothing (optional fields that
//! were left out stay left out).

use crate::api::ApiPrices;
use crate::catalog::{Catalog, CatalogFile, LongContextTier};
use crate::date::Date;
use crate::doc::{self, Format};
use crate::error::{Error, ErrorKind, Result};
use crate::num::{dec_str, opt_dec_str, opt_qty};
use crate::selfhost::SelfHosted;
use crate::workload::{VolumeRange, Workload};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The scenario schema version this library reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// Most serving options one scenario may hold.
pub const MAX_OPTIONS: usize = 64;

/// A scenario document, as written in a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Schema version; must be [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Short title.
    pub name: String,
    /// What the scenario models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The date the analysis is made for (`YYYY-MM-DD`), used to flag old
    /// prices. The core has no clock: when left out, no price-age warning
    /// is given (the CLI fills in today's date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Free-form notes: where the numbers come from, what an article claimed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The traffic to serve.
    pub workload: WorkloadSpec,
    /// The volume range the cost curves cover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<RangeSpec>,
    /// The serving options compared.
    pub options: Vec<OptionSpec>,
    /// Catalog entries added or overridden for this scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<CatalogFile>,
}

/// The workload, as written in a file. Quantities that are not money may be
/// numbers or decimal strings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkloadSpec {
    /// Tokens per day, input and output together. Give this or
    /// `requests_per_day`.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub tokens_per_day: Option<Decimal>,
    /// Requests per day. Give this or `tokens_per_day`.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub requests_per_day: Option<Decimal>,
    /// Mean input tokens per request (prompt, cached part included).
    #[serde(with = "crate::num::qty")]
    pub input_tokens_per_request: Decimal,
    /// Mean output tokens per request.
    #[serde(with = "crate::num::qty")]
    pub output_tokens_per_request: Decimal,
    /// Share of input tokens read from a prompt cache, 0 to 1 (default 0).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub cached_input_share: Option<Decimal>,
    /// Share of input tokens written to a prompt cache, 0 to 1 (default 0).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub cache_write_share: Option<Decimal>,
    /// Share of traffic that can wait for a batch API, 0 to 1 (default 0).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub batch_share: Option<Decimal>,
    /// Peak hour's traffic over the average hour's, at least 1 (default 1).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub peak_to_average: Option<Decimal>,
    /// Growth of the volume per month, as a share (0.05 = 5%; default 0).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub monthly_growth: Option<Decimal>,
    /// Months the decision covers (default 12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon_months: Option<u32>,
    /// Latency target: least output tokens per second each user must see.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub min_output_tokens_per_s_per_user: Option<Decimal>,
    /// Latency target: longest time to first token, ms.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub max_ttft_ms: Option<Decimal>,
}

/// The volume range of the cost curves, in tokens per day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeSpec {
    /// Lowest volume (default 1e5 tokens/day).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub min_tokens_per_day: Option<Decimal>,
    /// Highest volume (default 1e11 tokens/day).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub max_tokens_per_day: Option<Decimal>,
    /// Sampled points per curve, for drawing (default 121).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
}

/// One serving option: exactly one of `api` and `self_hosted`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionSpec {
    /// Name shown in tables and charts; unique within the scenario.
    pub name: String,
    /// A pay-per-token API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api: Option<ApiSpec>,
    /// A model on GPUs of your own or rented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_hosted: Option<SelfHostedSpec>,
    /// Free-form notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// An API option: a catalog offer, optionally with some prices overridden,
/// or custom prices.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiSpec {
    /// Catalog id of the offer (`openai-gpt-4o`). Without it, give at least
    /// the input and output prices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<String>,
    /// USD per 1M input tokens.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub input_usd_per_mtok: Option<Decimal>,
    /// USD per 1M output tokens.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub output_usd_per_mtok: Option<Decimal>,
    /// USD per 1M cached input tokens (read).
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub cached_input_usd_per_mtok: Option<Decimal>,
    /// USD per 1M input tokens written to the cache.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub cache_write_usd_per_mtok: Option<Decimal>,
    /// Share taken off for batch requests (0.5 = half price).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub batch_discount: Option<Decimal>,
    /// Long-context tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_context_tier: Option<LongContextTier>,
    /// Date of the prices (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Where the prices come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A self-hosted option, as written in a file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfHostedSpec {
    /// Catalog id of the model (`llama-3.1-70b`).
    pub model: String,
    /// Weight format (`bf16`, `fp8`, `awq_int4`, `gguf_q4_k_m`, ...).
    pub weights: String,
    /// KV-cache format (`fp16`, `fp8`, `int8`, `int4`; default `fp16`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kv_cache: Option<String>,
    /// Catalog id of the GPU (`h100-sxm`).
    pub gpu: String,
    /// Serving-engine profile (`vllm`, `vllm-0.5`, `tensorrt-llm`,
    /// `llama.cpp`; default `vllm`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    /// GPUs one replica of the model spans (tensor parallelism). Default:
    /// the smallest of 1, 2, 4, 8 that fits and meets the latency target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpus_per_replica: Option<u32>,
    /// Tokens per second (input and output together) one replica sustains
    /// on this workload, if you measured it. Default: the sizing model's
    /// throughput at saturation under the latency target.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub capacity_tokens_per_s: Option<Decimal>,
    /// A fixed number of serving GPUs, spares not included. Without it the
    /// count follows the volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n_gpus: Option<u32>,
    /// Rented GPUs. Give this or `owned`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rented: Option<RentedSpec>,
    /// Bought GPUs. Give this or `rented`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owned: Option<OwnedSpec>,
    /// Engineering time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engineering: Option<EngineeringSpec>,
    /// Spare capacity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redundancy: Option<RedundancySpec>,
}

/// Which hourly price of a cloud offer applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pricing {
    /// Pay as you go.
    OnDemand,
    /// A commitment (give `usd_per_gpu_hour`: the catalog has no reserved
    /// prices).
    Reserved,
    /// Interruptible capacity.
    Spot,
}

/// How rented GPUs are billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Billing {
    /// Enough GPUs for the peak hour, billed every hour.
    AlwaysOn,
    /// GPUs follow the load down to a minimum; without an hourly profile the
    /// average hour is billed.
    Scaled,
}

/// Rented GPUs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RentedSpec {
    /// Catalog id of a cloud price (`lambda-gpu-1x-h100-sxm5`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer: Option<String>,
    /// Which price of the offer (default on-demand).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing: Option<Pricing>,
    /// USD per GPU-hour; overrides the offer's price.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub usd_per_gpu_hour: Option<Decimal>,
    /// Billing (default always on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing: Option<Billing>,
    /// With scaled billing, GPUs kept running at the lowest load (default:
    /// one replica).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_gpus: Option<u32>,
    /// Date of the price (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Where the price comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Bought GPUs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnedSpec {
    /// Purchase price per GPU, USD.
    #[serde(with = "dec_str")]
    pub purchase_usd_per_gpu: Decimal,
    /// Server, network and storage per GPU, USD (default 0).
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub server_usd_per_gpu: Option<Decimal>,
    /// Useful life in years.
    #[serde(with = "crate::num::qty")]
    pub life_years: Decimal,
    /// Resale value at the end of life, as a share of the purchase (default 0).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub residual_share: Option<Decimal>,
    /// Cost of capital per year, as a share (0.08 = 8%; default 0).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub cost_of_capital_per_year: Option<Decimal>,
    /// Power per GPU in W, server share included (default: the GPU's TDP).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub power_draw_w: Option<Decimal>,
    /// Average draw as a share of `power_draw_w`, 0 to 1 (default 1).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub utilization_factor: Option<Decimal>,
    /// Power usage effectiveness of the site, at least 1 (default 1).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub pue: Option<Decimal>,
    /// Electricity, USD per kWh.
    #[serde(with = "dec_str")]
    pub usd_per_kwh: Decimal,
    /// Colocation, USD per kW of `power_draw_w` per month (default 0).
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub colocation_usd_per_kw_month: Option<Decimal>,
    /// Maintenance per year, as a share of the purchase and server price
    /// (default 0).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub maintenance_share_per_year: Option<Decimal>,
}

/// Engineering time a self-hosted option costs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineeringSpec {
    /// Loaded cost of an engineering hour, USD.
    #[serde(with = "dec_str")]
    pub usd_per_hour: Decimal,
    /// One-time setup, hours (default 0).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub setup_hours: Option<Decimal>,
    /// Months the setup is spread over (default 12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup_amortization_months: Option<u32>,
    /// Operations, hours per month (default 0).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub ops_hours_per_month: Option<Decimal>,
}

/// Spare capacity kept beyond what the load needs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedundancySpec {
    /// Spare replicas, always running (default 0).
    #[serde(default)]
    pub spare_replicas: u32,
    /// Spare GPUs beyond whole replicas, always paid for (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spare_gpus: Option<u32>,
}

#[derive(Deserialize)]
struct VersionProbe {
    schema_version: Option<serde_json::Value>,
}

impl ScenarioFile {
    /// Parses a scenario document.
    ///
    /// # Errors
    /// `SchemaVersion` when `schema_version` is missing or not
    /// [`SCHEMA_VERSION`]; `Syntax` with the field's path for a syntax error,
    /// a wrong type, a missing or an unknown field.
    pub fn parse(text: &str, format: Format) -> Result<ScenarioFile> {
        // Check the version first, so that an older file gets a message about
        // its version rather than about a field that moved.
        if let Ok(probe) = doc::parse::<VersionProbe>(text, format) {
            let expected = format!("this version of llm-tco reads schema_version {SCHEMA_VERSION}");
            match probe.schema_version {
                None => {
                    return Err(Error::new(
                        ErrorKind::SchemaVersion,
                        "schema_version",
                        format!("missing; {expected}"),
                    ))
                }
                Some(v) if v.as_u64() != Some(u64::from(SCHEMA_VERSION)) => {
                    return Err(Error::new(
                        ErrorKind::SchemaVersion,
                        "schema_version",
                        format!("found {v}; {expected}"),
                    ))
                }
                Some(_) => {}
            }
        }
        doc::parse(text, format)
    }

    /// The document as pretty JSON.
    pub fn to_json(&self) -> String {
        doc::to_json(self)
    }

    /// The document as TOML.
    #[cfg(feature = "toml")]
    ///
    /// # Errors
    /// Never for a document that was parsed; the TOML writer's error otherwise.
    pub fn to_toml(&self) -> Result<String> {
        toml::to_string_pretty(self).map_err(|e| Error::new(ErrorKind::Syntax, "", e.to_string()))
    }
}

/// What an option is, once validated.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // one per option, built once: size does not matter
pub enum OptionKind {
    /// A pay-per-token API.
    Api(ApiPrices),
    /// A self-hosted model.
    SelfHosted(Box<SelfHosted>),
}

/// A validated serving option.
#[derive(Debug, Clone, PartialEq)]
pub struct ServingOption {
    name: String,
    kind: OptionKind,
}

impl ServingOption {
    /// An option named `name`.
    pub fn new(name: impl Into<String>, kind: OptionKind) -> ServingOption {
        ServingOption {
            name: name.into(),
            kind,
        }
    }
    /// The option's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// What the option is.
    pub fn kind(&self) -> &OptionKind {
        &self.kind
    }
}

/// A validated scenario, ready to price.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    name: String,
    as_of: Option<Date>,
    workload: Workload,
    range: VolumeRange,
    options: Vec<ServingOption>,
}

impl Scenario {
    /// A scenario built in code.
    ///
    /// # Errors
    /// No options, more than [`MAX_OPTIONS`], or two options with one name.
    pub fn new(
        name: impl Into<String>,
        as_of: Option<Date>,
        workload: Workload,
        range: VolumeRange,
        options: Vec<ServingOption>,
    ) -> Result<Scenario> {
        if options.is_empty() {
            return Err(Error::invalid("options", "at least one option is needed"));
        }
        if options.len() > MAX_OPTIONS {
            return Err(Error::new(
                ErrorKind::Limit,
                "options",
                format!("{} options; at most {MAX_OPTIONS} are allowed", options.len()),
            ));
        }
        for (i, o) in options.iter().enumerate() {
            if o.name.trim().is_empty() {
                return Err(Error::invalid(format!("options[{i}].name"), "must not be empty"));
            }
            if options[..i].iter().any(|p| p.name == o.name) {
                return Err(Error::invalid(
                    format!("options[{i}].name"),
                    format!("duplicate option name {:?}", o.name),
                ));
            }
        }
        Ok(Scenario {
            name: name.into(),
            as_of,
            workload,
            range,
            options,
        })
    }

    /// Parses and validates a scenario document against `catalog` (plus the
    /// document's own catalog entries).
    ///
    /// # Errors
    /// Any error of [`ScenarioFile::parse`] or [`Scenario::from_file`].
    pub fn parse(text: &str, format: Format, catalog: &Catalog) -> Result<Scenario> {
        Scenario::from_file(&ScenarioFile::parse(text, format)?, catalog)
    }

    /// Validates a scenario document against `catalog`.
    ///
    /// # Errors
    /// A value out of range or an unknown id, with the field's path.
    pub fn from_file(file: &ScenarioFile, catalog: &Catalog) -> Result<Scenario> {
        if file.schema_version != SCHEMA_VERSION {
            return Err(Error::new(
                ErrorKind::SchemaVersion,
                "schema_version",
                format!(
                    "found {}; this version of llm-tco reads schema_version {SCHEMA_VERSION}",
                    file.schema_version
                ),
            ));
        }
        let merged;
        let catalog = match &file.catalog {
            Some(extra) => {
                merged = catalog.with_overlay(extra).map_err(|e| e.within("catalog"))?;
                &merged
            }
            None => catalog,
        };
        let as_of = match &file.as_of {
            Some(text) => Some(
                Date::parse(text)
                    .ok_or_else(|| Error::invalid("as_of", format!("{text:?} is not a date; expected YYYY-MM-DD")))?,
            ),
            None => None,
        };
        let workload = Workload::from_spec(&file.workload).map_err(|e| e.within("workload"))?;
        let range = VolumeRange::from_spec(file.range.as_ref()).map_err(|e| e.within("range"))?;
        if file.options.len() > MAX_OPTIONS {
            return Err(Error::new(
                ErrorKind::Limit,
                "options",
                format!("{} options; at most {MAX_OPTIONS} are allowed", file.options.len()),
            ));
        }
        let mut options = Vec::with_capacity(file.options.len());
        for (i, spec) in file.options.iter().enumerate() {
            let path = format!("options[{i}]");
            let kind = match (&spec.api, &spec.self_hosted) {
                (Some(api), None) => {
                    OptionKind::Api(ApiPrices::from_spec(api, catalog).map_err(|e| e.within(&format!("{path}.api")))?)
                }
                (None, Some(sh)) => OptionKind::SelfHosted(Box::new(
                    SelfHosted::from_spec(sh, catalog).map_err(|e| e.within(&format!("{path}.self_hosted")))?,
                )),
                _ => return Err(Error::invalid(path, "give exactly one of `api` and `self_hosted`")),
            };
            options.push(ServingOption::new(spec.name.clone(), kind));
        }
        Scenario::new(file.name.clone(), as_of, workload, range, options)
    }

    /// The scenario's title.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The date the analysis is made for, if given.
    pub fn as_of(&self) -> Option<Date> {
        self.as_of
    }
    /// The workload.
    pub fn workload(&self) -> &Workload {
        &self.workload
    }
    /// The curves' volume range.
    pub fn range(&self) -> &VolumeRange {
        &self.range
    }
    /// The options, in file order.
    pub fn options(&self) -> &[ServingOption] {
        &self.options
    }
}
