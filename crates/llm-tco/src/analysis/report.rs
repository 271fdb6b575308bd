//! Pricing a scenario: the report every surface prints.

use crate::analysis::breakeven::{self, CheaperAbove, CrossingKind};
use crate::analysis::pricing::{
    hybrid_lines, hybrid_parts, price_api, price_self_hosted, HybridLines, HybridParts, Priced, PricedSelfHosted,
};
use crate::base::date::Date;
use crate::base::decimal::{add, div, mul, round_dp};
use crate::codec::values::{Fixed, Plain, Usd, UsdPerMtok};
use crate::error::Result;
use crate::model::curve::CostCurve;
use crate::model::dated::PriceEntryKind;
use crate::model::scenario::{Failure, Hybrid, OptionKind, Scenario, ServingOption};
use crate::model::selfhost::{Hardware, LineItem, SelfHosted};
use crate::model::workload::Workload;
use crate::spec::catalog::{Hosting, Source};
use crate::spec::formats::{KvFormat, WeightFormat};
use crate::spec::scenario::OnFailure;
use crate::spec::scenario::{Billing, Pricing, ReplicaLayout, Split};
use rust_decimal::Decimal;
use serde::Serialize;

/// Version of the report's JSON layout.
pub const REPORT_VERSION: u32 = 1;

/// Average utilization below which a warning says the GPUs are mostly idle.
pub const IDLE_UTILIZATION: Decimal = Decimal::from_parts(25, 0, 0, false, 2);

/// Days after which a price is flagged as old.
pub const STALE_PRICE_DAYS: i64 = 365;

/// The full comparison of a scenario. Money is a decimal string: monthly
/// amounts rounded to cents, per-1M-token prices to 4 places, volumes to
/// whole tokens; exact curve coefficients are unrounded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// [`REPORT_VERSION`].
    pub report_version: u32,
    /// The scenario's title.
    pub scenario: String,
    /// The date the analysis is made for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
    /// The workload as priced.
    pub workload: WorkloadReport,
    /// The curves' range.
    pub range: RangeReport,
    /// Every option at the workload's volume, with its curve.
    pub options: Vec<OptionReport>,
    /// Every self-hosted option against every API option.
    pub break_even: Vec<PairReport>,
    /// What a user should look at.
    pub warnings: Vec<Warning>,
    /// The assumptions behind the numbers, in plain words.
    pub assumptions: Vec<String>,
}

/// The workload as priced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkloadReport {
    /// Tokens per day.
    pub tokens_per_day: Plain,
    /// Requests per day.
    pub requests_per_day: Plain,
    /// Tokens per month (× 365 / 12).
    pub tokens_per_month: Plain,
    /// Mean input tokens per request.
    pub input_tokens_per_request: Plain,
    /// Mean output tokens per request.
    pub output_tokens_per_request: Plain,
    /// Share of input read from a cache.
    pub cached_input_share: Plain,
    /// Share of input written to a cache.
    pub cache_write_share: Plain,
    /// Share of traffic through a batch API.
    pub batch_share: Plain,
    /// Peak hour over average hour.
    pub peak_to_average: Plain,
    /// Monthly growth.
    pub monthly_growth: Plain,
    /// Months the decision covers.
    pub horizon_months: u32,
    /// Least output tokens per second per user the sizing respects.
    pub min_output_tokens_per_s_per_user: Plain,
    /// Longest time to first token the sizing respects, ms, if any.
    pub max_ttft_ms: Option<Plain>,
}

/// The curves' range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RangeReport {
    /// Lowest volume, tokens per day.
    pub min_tokens_per_day: Plain,
    /// Highest volume, tokens per day.
    pub max_tokens_per_day: Plain,
    /// Sampled points per curve.
    pub points: u32,
}

/// One line of a bill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// What it is (`input`, `gpu_rent`, `engineering_setup`, ...).
    pub item: LineItem,
    /// USD per month.
    pub usd: Usd,
}

/// One option at the workload's volume.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionReport {
    /// The option's name.
    pub name: String,
    /// What the option is.
    pub kind: OptionType,
    /// Total, USD per month; `null` for a self-hosted option that cannot
    /// serve the workload (see its `self_hosted.reason`).
    pub monthly_usd: Option<Usd>,
    /// Total over tokens served, USD per 1M tokens; `null` as above.
    pub usd_per_mtok: Option<UsdPerMtok>,
    /// The lines that make up the total.
    pub lines: Vec<Line>,
    /// API details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api: Option<ApiDetails>,
    /// Self-hosted details and sizing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_hosted: Option<SelfHostedDetails>,
    /// Hybrid details: the split at the workload's volume.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hybrid: Option<HybridDetails>,
    /// Cost per successful task, when the scenario gives the option's
    /// success rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quality: Option<QualityReport>,
    /// Why a constraint of the scenario rules the option out, if one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ruled_out: Option<String>,
    /// The exact cost curve.
    pub curve: CostCurve,
    /// The curve sampled for drawing: `[tokens_per_day, usd_per_month]`,
    /// the cost `null` where the option cannot serve the volume.
    pub points: Vec<CurvePoint>,
}

impl OptionReport {
    /// USD per month at `tokens_per_day`, exact (unrounded), from its
    /// curve; the rounded `monthly_usd` where the curve has none. `None`
    /// for an option that cannot serve. The verdict ranks by it and the
    /// page converts it to another currency, rounding once.
    pub fn exact_monthly_usd(&self, tokens_per_day: Decimal) -> Option<Decimal> {
        let rounded = self.monthly_usd?.value();
        Some(self.curve.usd_at(tokens_per_day).ok().flatten().unwrap_or(rounded))
    }
}

/// What a serving option is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OptionType {
    /// A pay-per-token API.
    Api,
    /// A self-hosted model.
    SelfHosted,
    /// A self-hosted option and an API sharing the traffic.
    Hybrid,
}

impl OptionType {
    /// Its name in reports (`self_hosted`).
    pub fn name(self) -> &'static str {
        match self {
            OptionType::Api => "api",
            OptionType::SelfHosted => "self_hosted",
            OptionType::Hybrid => "hybrid",
        }
    }

    /// The type of a validated option.
    pub fn of(kind: &OptionKind) -> OptionType {
        match kind {
            OptionKind::Api(_) => OptionType::Api,
            OptionKind::SelfHosted(_) => OptionType::SelfHosted,
            OptionKind::Hybrid(_) => OptionType::Hybrid,
        }
    }
}

/// One sampled point of a curve, written `[tokens_per_day, usd_per_month]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurvePoint {
    /// Volume, tokens per day.
    pub tokens_per_day: Plain,
    /// Cost there, USD per month; `None` where the option cannot serve.
    pub usd_per_month: Option<Usd>,
}

impl Serialize for CurvePoint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        (self.tokens_per_day, self.usd_per_month).serialize(s)
    }
}

/// An API option's prices as used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiDetails {
    /// Catalog id, if any.
    pub catalog_id: Option<String>,
    /// Provider.
    pub provider: Option<String>,
    /// `closed` or `open_weight`.
    pub hosting: Option<Hosting>,
    /// USD per 1M input tokens.
    pub input_usd_per_mtok: Plain,
    /// USD per 1M output tokens.
    pub output_usd_per_mtok: Plain,
    /// USD per 1M cached input tokens.
    pub cached_input_usd_per_mtok: Option<Plain>,
    /// USD per 1M cache-write tokens.
    pub cache_write_usd_per_mtok: Option<Plain>,
    /// Batch discount.
    pub batch_discount: Option<Plain>,
    /// Whether the long-context tier applies to this workload's requests.
    pub long_context_tier_applies: bool,
    /// Date of the prices.
    pub as_of: Option<String>,
    /// Source of the prices.
    pub source: Option<Source>,
    /// Which entry of the catalog offer is priced, on the scenario's date:
    /// `current`, `history` (an earlier price) or `scheduled` (an announced
    /// one); `null` without a catalog offer.
    pub price_entry: Option<PriceEntryKind>,
    /// The first day that entry was in force, when known.
    pub price_from: Option<String>,
}

/// A self-hosted option's set-up and sizing at the workload's volume.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfHostedDetails {
    /// Model id.
    pub model: String,
    /// Weight format.
    pub weights: WeightFormat,
    /// KV-cache format.
    pub kv_cache: KvFormat,
    /// GPU id.
    pub gpu: String,
    /// Rented or owned GPUs.
    pub hardware: HardwareType,
    /// Rented: USD per GPU-hour.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usd_per_gpu_hour: Option<Plain>,
    /// Rented: `on_demand`, `reserved` or `spot`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricing: Option<Pricing>,
    /// Rented: `always_on` or `scaled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing: Option<Billing>,
    /// One GPU's monthly cost, USD.
    pub usd_per_gpu_month: Usd,
    /// Serving-engine profile.
    pub engine: String,
    /// GPUs per replica.
    pub gpus_per_replica: u32,
    /// How a replica splits the model over its GPUs, as the option sets it
    /// (a one-GPU replica has nothing to split).
    pub layout: ReplicaLayout,
    /// Input + output tokens per second one replica sustains; `null` when
    /// the option cannot serve.
    pub capacity_tokens_per_s: Option<Plain>,
    /// Where the capacity comes from.
    pub capacity_source: CapacitySource,
    /// The range the sizing model's capacity lies in, from its engine
    /// profile's calibration error (what a Monte Carlo `band =
    /// "calibration"` draws from); `null` for a given capacity or an
    /// uncalibrated profile.
    pub capacity_band: Option<CapacityBandReport>,
    /// Whether the option can serve this workload at all.
    pub serves: bool,
    /// Why it cannot, when it cannot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The sizing model's estimate of one replica: memory, batch,
    /// throughput, latency.
    pub estimate: Option<crate::sizing::report::EstimateReport>,
    /// Replicas serving the load.
    pub replicas: u64,
    /// Spare replicas.
    pub spare_replicas: u32,
    /// Spare GPUs beyond whole replicas.
    pub spare_gpus: u32,
    /// GPUs in all.
    pub n_gpus: u64,
    /// False when the volume is above what a fixed count serves.
    pub feasible: bool,
    /// Average load over capacity, spares included, as a share rounded to
    /// 3 places (0.1%).
    pub average_utilization: Option<Plain>,
}

/// A sized capacity's range from its engine profile's calibration error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CapacityBandReport {
    /// Lowest capacity, input + output tokens/s.
    pub low_tokens_per_s: Plain,
    /// Highest capacity, input + output tokens/s.
    pub high_tokens_per_s: Plain,
    /// `held_out` (each source predicted by a fit without it) or
    /// `in_sample`.
    pub basis: &'static str,
    /// The profile's median absolute throughput error (0.15 = 15%).
    pub median_abs_error: Plain,
    /// Its 90th-percentile absolute throughput error.
    pub p90_abs_error: Plain,
}

/// Where a self-hosted option's GPUs come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HardwareType {
    /// Rented by the hour.
    Rented,
    /// Bought.
    Owned,
}

/// Where a replica's capacity comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CapacitySource {
    /// The sizing model's throughput at saturation under the latency target.
    SizingModel,
    /// The option's own `capacity_tokens_per_s`.
    Given,
}

/// A hybrid option's split at the workload's volume.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HybridDetails {
    /// Name of the self-hosted part.
    pub self_hosted: String,
    /// Name of the API part.
    pub api: String,
    /// `overflow`, `share` or `batch`.
    pub split: crate::spec::scenario::Split,
    /// Replicas self-hosting (the base replicas for `overflow`), spares not
    /// included; 0 when everything goes to the API.
    pub replicas: u64,
    /// GPUs in all, spares included.
    pub n_gpus: u64,
    /// Tokens per day self-hosted (whole tokens).
    pub self_hosted_tokens_per_day: Plain,
    /// Tokens per day sent to the API (whole tokens).
    pub api_tokens_per_day: Plain,
    /// The API's share of the tokens, rounded to 4 places.
    pub api_share: Fixed<4>,
    /// Self-hosted part, USD per month.
    pub self_hosted_usd: Usd,
    /// API part, USD per month.
    pub api_usd: Usd,
}

/// Cost per successful task for an option with a success rate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityReport {
    /// Share of tasks done right.
    pub success_rate: Plain,
    /// What a failure costs.
    pub on_failure: OnFailure,
    /// With `fallback`: USD per failed task.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback_usd_per_task: Option<Plain>,
    /// Tasks (requests) per month.
    pub tasks_per_month: Plain,
    /// The month's cost with failures counted: retries served, or fallbacks
    /// paid; USD; `null` when the option cannot serve the retried volume.
    pub monthly_usd: Option<Usd>,
    /// That cost over the tasks done, USD per successful task, 6 places.
    pub usd_per_successful_task: Option<Fixed<6>>,
}

/// Verdict of one pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheaperAboveReport {
    /// Whether self-hosting stays cheaper above some volume of the range.
    pub verdict: Verdict,
    /// With `above`: the volume, tokens per day (whole tokens).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens_per_day: Option<Plain>,
}

/// Whether a self-hosted option stays cheaper than an API above a volume.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// At no volume of the range.
    Never,
    /// At every volume of the range.
    Always,
    /// Above a volume of the range, and at every volume after it.
    Above,
}

impl Verdict {
    /// Its name in reports (`above`).
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Never => "never",
            Verdict::Always => "always",
            Verdict::Above => "above",
        }
    }

    /// The verdict of a break-even, and its volume rounded to whole tokens.
    pub fn of(c: CheaperAbove) -> (Verdict, Option<Plain>) {
        match c {
            CheaperAbove::Never => (Verdict::Never, None),
            CheaperAbove::Always => (Verdict::Always, None),
            CheaperAbove::Above(v) => (Verdict::Above, Some(Plain::rounded(v, 0))),
        }
    }
}

/// What a warning is about, by its stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// The cached share is billed as plain input: the API has no cache price.
    NoCachePrice,
    /// The batch share is billed at full price: the API has no batch mode.
    NoBatchApi,
    /// A price is more than a year older than the scenario's date.
    StalePrice,
    /// The vendor announced the model's retirement by the scenario's date.
    DeprecatedModel,
    /// A request's input is above the API's context.
    RequestExceedsContext,
    /// The self-hosted GPUs are idle most of the time at the volume.
    GpusMostlyIdle,
    /// The model does not fit the GPUs.
    DoesNotFit,
    /// The option cannot serve the workload (latency target, capacity).
    CannotServe,
    /// A fixed GPU count cannot carry the volume at the peak.
    OverCapacity,
    /// The option's own capacity is used though the model misses the
    /// latency target with it.
    LatencyTargetMissed,
    /// A constraint of the scenario rules the option out.
    RuledOut,
    /// The scenario's date is before every price the catalog knows for the
    /// offer: its earliest is used.
    PriceBeforeFirstKnown,
    /// The offer is priced at an announced price no price list has shown in
    /// force yet.
    ScheduledPrice,
    /// The price in force ended and the catalog knows no later one.
    PriceEnded,
}

impl WarningCode {
    /// Its stable code in reports (`stale_price`).
    pub fn name(self) -> &'static str {
        match self {
            WarningCode::NoCachePrice => "no_cache_price",
            WarningCode::NoBatchApi => "no_batch_api",
            WarningCode::StalePrice => "stale_price",
            WarningCode::DeprecatedModel => "deprecated_model",
            WarningCode::RequestExceedsContext => "request_exceeds_context",
            WarningCode::GpusMostlyIdle => "gpus_mostly_idle",
            WarningCode::DoesNotFit => "does_not_fit",
            WarningCode::CannotServe => "cannot_serve",
            WarningCode::OverCapacity => "over_capacity",
            WarningCode::LatencyTargetMissed => "latency_target_missed",
            WarningCode::RuledOut => "ruled_out",
            WarningCode::PriceBeforeFirstKnown => "price_before_first_known",
            WarningCode::ScheduledPrice => "scheduled_price",
            WarningCode::PriceEnded => "price_ended",
        }
    }
}

/// A crossing as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossingReport {
    /// Volume, tokens per day (whole tokens).
    pub tokens_per_day: Plain,
    /// Which way.
    pub kind: CrossingKind,
    /// The API's monthly cost there, USD.
    pub api_usd: Usd,
}

/// One self-hosted option against one API option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairReport {
    /// Self-hosted option's name.
    pub self_hosted: String,
    /// API option's name.
    pub api: String,
    /// Crossings in the range, by volume (the first 200).
    pub crossings: Vec<CrossingReport>,
    /// How many crossings in all.
    pub n_crossings: u64,
    /// Above which volume self-hosting stays cheaper.
    pub self_hosted_cheaper: CheaperAboveReport,
}

/// Something a user should look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// The option concerned, if one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option: Option<String>,
    /// What kind of warning, by its stable code.
    pub code: WarningCode,
    /// One sentence.
    pub message: String,
}

fn price_hybrid(h: &Hybrid, scenario: &Scenario) -> Result<(Priced, Option<HybridDetails>)> {
    let workload = scenario.workload();
    let HybridParts {
        curve,
        self_hosted: sh,
        gpus_per_replica: t,
    } = hybrid_parts(h, scenario)?;
    let point = curve.at(workload.tokens_per_day())?;
    let mut lines = Vec::new();
    let details = match &point {
        Some(p) => {
            let HybridLines { lines: l, n_gpus } = hybrid_lines(&sh, t, p)?;
            lines = l;
            let v = workload.tokens_per_day();
            Some(HybridDetails {
                self_hosted: scenario.options()[h.self_hosted].name().to_string(),
                api: scenario.options()[h.api].name().to_string(),
                split: h.split,
                replicas: p.replicas,
                n_gpus,
                self_hosted_tokens_per_day: Plain::rounded(p.self_hosted_tokens_per_day, 0),
                api_tokens_per_day: Plain::rounded(p.api_tokens_per_day, 0),
                api_share: Fixed::new(div(p.api_tokens_per_day, v, "API share")?),
                self_hosted_usd: Usd::new(p.self_hosted_usd),
                api_usd: Usd::new(p.api_usd),
            })
        }
        None => None,
    };
    Ok((
        Priced {
            monthly_usd: point.as_ref().map_or(Decimal::ZERO, |p| p.total_usd),
            lines,
            curve: CostCurve::Hybrid(Box::new(curve)),
        },
        details,
    ))
}

/// Why the scenario's constraints rule `option` out, if they do.
fn ruled_out(option: &ServingOption, scenario: &Scenario) -> Option<String> {
    let c = scenario.constraints();
    let mut why = Vec::new();
    match option.kind() {
        OptionKind::Api(api) => {
            let who = api.provider().map_or("the provider".to_string(), str::to_string);
            if c.on_premises {
                why.push(format!("sends your data to {who}'s servers, off your premises"));
            }
            if c.offline {
                why.push(format!("needs a network connection to {who}'s API"));
            }
        }
        OptionKind::SelfHosted(sh) => {
            if matches!(sh.hardware(), Hardware::Rented(_)) {
                if c.on_premises {
                    why.push("runs on rented GPUs in a provider's data centre, off your premises".to_string());
                }
                if c.offline {
                    why.push("runs on rented cloud GPUs, reached over the network".to_string());
                }
            }
        }
        OptionKind::Hybrid(h) => {
            for part in [h.api, h.self_hosted] {
                let p = &scenario.options()[part];
                if let Some(r) = ruled_out(p, scenario) {
                    why.push(format!("routes traffic to {}, which {}", p.name(), r));
                }
            }
        }
    }
    (!why.is_empty()).then(|| why.join("; "))
}

fn quality_report(
    option: &ServingOption,
    curve: &CostCurve,
    workload: &Workload,
    monthly: Option<Decimal>,
) -> Result<Option<QualityReport>> {
    let Some(q) = option.quality() else {
        return Ok(None);
    };
    let what = "cost per successful task";
    let tasks = Workload::tokens_per_month(workload.requests_per_day())?;
    let (on_failure, fallback, cost) = match q.on_failure {
        Failure::Retry => {
            let attempts = div(workload.tokens_per_day(), q.success_rate, what)?;
            let cost = if attempts > crate::model::workload::MAX_TOKENS_PER_DAY {
                None
            } else {
                curve.usd_at(attempts)?
            };
            (OnFailure::Retry, None, cost)
        }
        Failure::Fallback(price) => {
            let failed = mul(tasks, Decimal::ONE - q.success_rate, what)?;
            let cost = match monthly {
                Some(m) => Some(add(m, mul(failed, price, what)?, what)?),
                None => None,
            };
            (OnFailure::Fallback, Some(Plain::exact(price)), cost)
        }
    };
    let per_task = match cost {
        Some(c) if !tasks.is_zero() => Some(Fixed::new(div(c, tasks, what)?)),
        _ => None,
    };
    Ok(Some(QualityReport {
        success_rate: Plain::exact(q.success_rate),
        on_failure,
        fallback_usd_per_task: fallback,
        tasks_per_month: Plain::rounded(tasks, 0),
        monthly_usd: cost.map(Usd::new),
        usd_per_successful_task: per_task,
    }))
}

fn stale(as_of: Option<Date>, price_date: Option<&str>) -> Option<i64> {
    let today = as_of?;
    let date = Date::parse(price_date?)?;
    let age = date.days_until(today);
    (age > STALE_PRICE_DAYS).then_some(age)
}

/// What a user should know about the catalog entry an API option is
/// priced at on the scenario's date `on`: a date before every known price,
/// an announced price not yet seen in force, a price that has ended. Each
/// message follows the option's name. Nothing when the scenario gives the
/// prices itself.
fn entry_warnings(api: &crate::model::api::ApiPrices, on: Option<Date>) -> Vec<(WarningCode, String)> {
    let mut out = Vec::new();
    let (Some(on), true) = (on, api.priced_from_catalog()) else {
        return out;
    };
    let from = api.price_from().unwrap_or("an unknown date");
    if api.before_first_known() {
        out.push((
            WarningCode::PriceBeforeFirstKnown,
            format!("'s earliest known price is from {from}; the scenario's date is {on}, so that price is used"),
        ));
    }
    if api.price_entry() == PriceEntryKind::Scheduled {
        out.push((
            WarningCode::ScheduledPrice,
            format!(
                " is priced at the price announced for {from} (recorded {}); no price list has shown it in force yet",
                api.as_of().unwrap_or("on an unknown date")
            ),
        ));
    }
    if let Some(until) = api.price_until().filter(|u| Date::parse(u).is_some_and(|u| u <= on)) {
        out.push((
            WarningCode::PriceEnded,
            format!("'s price ended on {until} and the catalog knows no later one; it is used all the same"),
        ));
    }
    out
}

/// Prices every option of `scenario` at its volume, traces every curve over
/// its range and finds every crossing.
///
/// # Errors
/// Overflow, when the inputs are too large to price exactly.
pub fn evaluate(scenario: &Scenario) -> Result<Report> {
    // The ranges are the Monte Carlo analysis's; a scenario whose ranges
    // are wrong is refused here too, so every surface says so at once.
    crate::analysis::param::UncertainInput::of(scenario)?;
    let workload = scenario.workload();
    let samples = scenario.range().samples();
    // Every option's curve is sampled at the same volumes: written once.
    let sample_volumes: Vec<Plain> = samples.iter().map(|v| Plain::exact(*v)).collect();
    let tokens_per_month = Workload::tokens_per_month(workload.tokens_per_day())?;
    let mut options = Vec::new();
    let mut warnings = Vec::new();
    let mut curves: Vec<(&ServingOption, CostCurve)> = Vec::new();
    let as_of = scenario.as_of();
    for option in scenario.options() {
        let name = option.name().to_string();
        let warn = |code: WarningCode, message: String| Warning {
            option: Some(name.clone()),
            code,
            message,
        };
        let (priced, api_details, sh_details, hybrid_details) = match option.kind() {
            OptionKind::Api(api) => {
                let priced = price_api(api, workload)?;
                if workload.cached_input_share() > Decimal::ZERO && api.cached_input_usd_per_mtok().is_none() {
                    warnings.push(warn(
                        WarningCode::NoCachePrice,
                        format!("{name} has no cached-input price; the cached share is billed as plain input"),
                    ));
                }
                if workload.batch_share() > Decimal::ZERO && api.batch_discount().is_none() {
                    warnings.push(warn(
                        WarningCode::NoBatchApi,
                        format!("{name} has no batch discount; the batch share is billed at full price"),
                    ));
                }
                if let Some(age) = stale(as_of, api.as_of()) {
                    warnings.push(warn(
                        WarningCode::StalePrice,
                        format!(
                            "{name}'s prices are {age} days old (as of {})",
                            api.as_of().unwrap_or_default()
                        ),
                    ));
                }
                warnings.extend(
                    entry_warnings(api, as_of)
                        .into_iter()
                        .map(|(code, message)| warn(code, format!("{name}{message}"))),
                );
                if let (Some(today), Some(retired)) = (as_of, api.deprecation_date()) {
                    if retired <= today {
                        warnings.push(warn(
                            WarningCode::DeprecatedModel,
                            format!("{name} was announced for retirement on {retired}"),
                        ));
                    }
                }
                if let Some(max) = api.max_input_tokens() {
                    if workload.input_tokens_per_request() > Decimal::from(max) {
                        warnings.push(warn(
                            WarningCode::RequestExceedsContext,
                            format!(
                                "{} input tokens per request exceed {name}'s limit of {max}",
                                Plain::exact(workload.input_tokens_per_request())
                            ),
                        ));
                    }
                }
                let tier_applies = api
                    .long_context_tier()
                    .is_some_and(|t| workload.input_tokens_per_request() > Decimal::from(t.threshold_input_tokens));
                let details = ApiDetails {
                    catalog_id: api.catalog_id().map(str::to_string),
                    provider: api.provider().map(str::to_string),
                    hosting: api.hosting(),
                    input_usd_per_mtok: Plain::exact(api.input_usd_per_mtok()),
                    output_usd_per_mtok: Plain::exact(api.output_usd_per_mtok()),
                    cached_input_usd_per_mtok: api.cached_input_usd_per_mtok().map(Plain::exact),
                    cache_write_usd_per_mtok: api.cache_write_usd_per_mtok().map(Plain::exact),
                    batch_discount: api.batch_discount().map(Plain::exact),
                    long_context_tier_applies: tier_applies,
                    as_of: api.as_of().map(str::to_string),
                    source: api.source().cloned(),
                    price_entry: api.catalog_id().map(|_| api.price_entry()),
                    price_from: api.price_from().map(str::to_string),
                };
                (priced, Some(details), None, None)
            }
            OptionKind::SelfHosted(sh) => {
                let PricedSelfHosted { priced, month, sizing } = price_self_hosted(sh, workload)?;
                let serves = sizing.capacity_tokens_per_s.is_some();
                if let Some(u) = month.average_utilization {
                    if u < IDLE_UTILIZATION {
                        warnings.push(warn(
                            WarningCode::GpusMostlyIdle,
                            format!("{name}'s GPUs are busy {}% of the time on average at this volume; you pay for idle capacity", (round_dp(u, 3) * Decimal::ONE_HUNDRED).normalize()),
                        ));
                    }
                }
                if let Some(reason) = &sizing.reason {
                    let code = if reason.starts_with("does not fit") {
                        WarningCode::DoesNotFit
                    } else {
                        WarningCode::CannotServe
                    };
                    warnings.push(warn(code, format!("{name} {reason}")));
                } else if !month.feasible {
                    warnings.push(warn(
                        WarningCode::OverCapacity,
                        format!(
                            "{} GPUs cannot serve {} tokens/day at the peak; the option is shown at its fixed count",
                            month.n_gpus,
                            Plain::exact(workload.tokens_per_day())
                        ),
                    ));
                }
                if let Some(e) = sizing
                    .estimate
                    .as_ref()
                    .filter(|e| e.fits && !e.meets_latency && sizing.capacity_given)
                {
                    warnings.push(warn(
                        WarningCode::LatencyTargetMissed,
                        format!(
                            "{name}: {}; its given capacity is used all the same",
                            e.reason.as_deref().unwrap_or_default()
                        ),
                    ));
                }
                let (usd_per_gpu_hour, pricing, billing, hardware) = match sh.hardware() {
                    Hardware::Rented(r) => {
                        if let Some(age) = stale(as_of, r.as_of.as_deref()) {
                            warnings.push(warn(
                                WarningCode::StalePrice,
                                format!(
                                    "{name}'s GPU price is {age} days old (as of {})",
                                    r.as_of.as_deref().unwrap_or_default()
                                ),
                            ));
                        }
                        if r.price_before_first_known {
                            warnings.push(warn(
                                WarningCode::PriceBeforeFirstKnown,
                                format!(
                                    "{name}'s earliest known GPU price is from {}; the scenario's date is {}",
                                    r.as_of.as_deref().unwrap_or_default(),
                                    as_of.map(|d| d.to_string()).unwrap_or_default()
                                ),
                            ));
                        }
                        (
                            Some(Plain::exact(r.usd_per_gpu_hour)),
                            Some(r.pricing),
                            Some(r.billing),
                            HardwareType::Rented,
                        )
                    }
                    Hardware::Owned(_) => (None, None, None, HardwareType::Owned),
                };
                let per_gpu = crate::base::decimal::sum(sh.per_gpu_month()?.into_iter().map(|l| l.usd), "GPU cost")?;
                let details = SelfHostedDetails {
                    model: sh.model_id().to_string(),
                    weights: sh.weights(),
                    kv_cache: sh.kv_cache(),
                    gpu: sh.gpu_id().to_string(),
                    hardware,
                    usd_per_gpu_hour,
                    pricing,
                    billing,
                    usd_per_gpu_month: Usd::new(per_gpu),
                    engine: sh.engine_id().to_string(),
                    gpus_per_replica: sizing.gpus_per_replica,
                    layout: sh.layout(),
                    capacity_tokens_per_s: sizing.capacity_tokens_per_s.map(Plain::exact),
                    capacity_source: if sizing.capacity_given {
                        CapacitySource::Given
                    } else {
                        CapacitySource::SizingModel
                    },
                    capacity_band: match sizing.capacity_band()? {
                        Some(b) => Some(CapacityBandReport {
                            low_tokens_per_s: Plain::exact(b.low_tokens_per_s),
                            high_tokens_per_s: Plain::exact(b.high_tokens_per_s),
                            basis: b.accuracy.basis,
                            median_abs_error: Plain::rounded(
                                crate::base::float::from_f64(b.accuracy.band.median_abs_error, "error")?,
                                4,
                            ),
                            p90_abs_error: Plain::rounded(
                                crate::base::float::from_f64(b.accuracy.band.p90_abs_error, "error")?,
                                4,
                            ),
                        }),
                        None => None,
                    },
                    serves,
                    reason: sizing.reason.clone(),
                    estimate: sizing.estimate.clone(),
                    replicas: month.replicas,
                    spare_replicas: month.spare_replicas,
                    spare_gpus: month.spare_gpus,
                    n_gpus: month.n_gpus,
                    feasible: month.feasible,
                    average_utilization: month.average_utilization.map(|u| Plain::rounded(u, 3)),
                };
                (priced, None, Some(details), None)
            }
            OptionKind::Hybrid(h) => {
                let (priced, details) = price_hybrid(h, scenario)?;
                if details.is_none() {
                    warnings.push(warn(
                        WarningCode::CannotServe,
                        format!("{name}'s self-hosted part cannot serve its share of the traffic"),
                    ));
                }
                (priced, None, None, details)
            }
        };
        let mut points = Vec::with_capacity(samples.len());
        for (v, volume) in samples.iter().zip(&sample_volumes) {
            points.push(CurvePoint {
                tokens_per_day: *volume,
                usd_per_month: priced.curve.usd_at(*v)?.map(Usd::new),
            });
        }
        let per_mtok = div(
            priced.monthly_usd,
            div(tokens_per_month, Decimal::from(1_000_000), "tokens per month")?,
            "cost per 1M tokens",
        )?;
        let serves = sh_details.as_ref().is_none_or(|d| d.serves)
            && (!matches!(option.kind(), OptionKind::Hybrid(_)) || hybrid_details.is_some());
        let quality = quality_report(option, &priced.curve, workload, serves.then_some(priced.monthly_usd))?;
        let excluded = ruled_out(option, scenario);
        if let Some(reason) = &excluded {
            warnings.push(Warning {
                option: Some(option.name().to_string()),
                code: WarningCode::RuledOut,
                message: format!("{} is ruled out: it {reason}", option.name()),
            });
        }
        options.push(OptionReport {
            name: option.name().to_string(),
            kind: OptionType::of(option.kind()),
            monthly_usd: serves.then(|| Usd::new(priced.monthly_usd)),
            usd_per_mtok: serves.then(|| UsdPerMtok::new(per_mtok)),
            lines: if serves {
                priced
                    .lines
                    .iter()
                    .map(|l| Line {
                        item: l.item,
                        usd: Usd::new(l.usd),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            api: api_details,
            self_hosted: sh_details,
            hybrid: hybrid_details,
            quality,
            ruled_out: excluded,
            curve: priced.curve.clone(),
            points,
        });
        curves.push((option, priced.curve));
    }

    let range = scenario.range();
    let mut break_even = Vec::new();
    for (sh, sh_curve) in &curves {
        let CostCurve::Staircase(stair) = sh_curve else {
            continue;
        };
        for (api, api_curve) in &curves {
            let CostCurve::Linear {
                usd_per_month_per_token_per_day,
            } = api_curve
            else {
                continue;
            };
            let pair = breakeven::crossings(
                stair,
                *usd_per_month_per_token_per_day,
                range.min_tokens_per_day(),
                range.max_tokens_per_day(),
            )?;
            let (verdict, at) = Verdict::of(pair.cheaper_above);
            break_even.push(PairReport {
                self_hosted: sh.name().to_string(),
                api: api.name().to_string(),
                crossings: pair
                    .crossings
                    .iter()
                    .map(|c| CrossingReport {
                        tokens_per_day: Plain::rounded(c.tokens_per_day, 0),
                        kind: c.kind,
                        api_usd: Usd::new(c.api_usd),
                    })
                    .collect(),
                n_crossings: pair.n_crossings,
                self_hosted_cheaper: CheaperAboveReport {
                    verdict,
                    tokens_per_day: at,
                },
            });
        }
    }

    Ok(Report {
        report_version: REPORT_VERSION,
        scenario: scenario.name().to_string(),
        as_of,
        workload: WorkloadReport {
            tokens_per_day: Plain::exact(workload.tokens_per_day()),
            requests_per_day: Plain::rounded(workload.requests_per_day(), 2),
            tokens_per_month: Plain::rounded(tokens_per_month, 0),
            input_tokens_per_request: Plain::exact(workload.input_tokens_per_request()),
            output_tokens_per_request: Plain::exact(workload.output_tokens_per_request()),
            cached_input_share: Plain::exact(workload.cached_input_share()),
            cache_write_share: Plain::exact(workload.cache_write_share()),
            batch_share: Plain::exact(workload.batch_share()),
            peak_to_average: Plain::exact(workload.peak_to_average()),
            monthly_growth: Plain::exact(workload.monthly_growth()),
            horizon_months: workload.horizon_months(),
            min_output_tokens_per_s_per_user: Plain::exact(workload.min_output_tokens_per_s_per_user_decimal()),
            max_ttft_ms: workload.max_ttft_ms_decimal().map(Plain::exact),
        },
        range: RangeReport {
            min_tokens_per_day: Plain::exact(range.min_tokens_per_day()),
            max_tokens_per_day: Plain::exact(range.max_tokens_per_day()),
            points: range.points(),
        },
        options,
        break_even,
        warnings,
        assumptions: assumptions(scenario),
    })
}

fn assumptions(scenario: &Scenario) -> Vec<String> {
    let mut out = vec![
        "A month is 365/12 days (730 hours); monthly volume is daily volume × 365 / 12.".to_string(),
        "API bills split tokens by the mean input and output tokens per request; every request is assumed to have the mean input size when deciding the long-context tier.".to_string(),
        "Cached input without a cache price, and cache writes without a write price, are billed as plain input.".to_string(),
        "The batch discount applies to the batch share of the whole API bill.".to_string(),
    ];
    let earlier: Vec<String> = scenario
        .options()
        .iter()
        .filter_map(|o| match o.kind() {
            OptionKind::Api(a) if a.priced_from_catalog() && a.price_entry() != PriceEntryKind::Current => {
                Some(format!(
                    "{} at its {} price{}",
                    o.name(),
                    if a.price_entry() == PriceEntryKind::Scheduled {
                        "scheduled"
                    } else {
                        "earlier"
                    },
                    a.price_from().map(|f| format!(" from {f}")).unwrap_or_default()
                ))
            }
            _ => None,
        })
        .collect();
    if let (false, Some(on)) = (earlier.is_empty(), scenario.as_of()) {
        out.push(format!(
            "Catalog prices are the ones in force on {on}: {}.",
            earlier.join("; ")
        ));
    }
    let any = |f: &dyn Fn(&SelfHosted) -> bool| {
        scenario
            .options()
            .iter()
            .any(|o| matches!(o.kind(), OptionKind::SelfHosted(sh) if f(sh)))
    };
    if any(&|_| true) {
        out.push("Self-hosted GPUs per replica are the smallest of 1, 2, 4, 8 that fits the model and its KV cache and meets the latency target, split as the option's layout says (tensor parallel unless it sets another); the replica's capacity is the sizing model's throughput at saturation under that target (or the option's own capacity_tokens_per_s). GPUs are whole numbers, so self-hosted cost is a staircase.".to_string());
        out.push(format!(
            "Sizing respects at least {} output tokens/s per user{}.",
            Plain::exact(scenario.workload().min_output_tokens_per_s_per_user_decimal()),
            scenario
                .workload()
                .max_ttft_ms_decimal()
                .map(|t| format!(" and a first token within {} ms", Plain::exact(t)))
                .unwrap_or_default()
        ));
        out.push("Always-on and owned GPUs are sized for the peak hour (volume × peak-to-average); a rented GPU costs the same when idle.".to_string());
        out.push(
            "Spare replicas and spare GPUs run (and cost) all the time; they add no capacity to the count.".to_string(),
        );
    }
    if any(&|sh| matches!(sh.hardware(), Hardware::Rented(r) if r.billing == Billing::Scaled)) {
        out.push("Scaled billing pays for the replicas the average hour needs, at least the minimum; bursts above it are assumed absorbed.".to_string());
    }
    if any(&|sh| matches!(sh.hardware(), Hardware::Owned(_))) {
        out.push("Owned GPUs: the price less its residual value is spread evenly over the life (amortization); the cost of capital is the annuity payment at the yearly rate / 12 less that amortization; power is draw × utilization factor × PUE × 730 h × price per kWh; colocation is per kW of draw; maintenance a yearly share of the price.".to_string());
    }
    let has = |f: &dyn Fn(&ServingOption) -> bool| scenario.options().iter().any(f);
    if has(&|o| matches!(o.kind(), OptionKind::Hybrid(h) if h.split == Split::Overflow)) {
        out.push("Hybrid overflow: always-on base replicas carry each hour's traffic up to their capacity and the rest goes to the API. Hours are assumed to follow a linear load-duration curve, from the peak hour (peak-to-average × average) down to (2 − peak-to-average) × average, or to zero for peaks above twice the average; the number of base replicas is the cheapest unless given. Overflow traffic is billed at the API's price for the workload's token mix.".to_string());
    }
    if has(&|o| matches!(o.kind(), OptionKind::Hybrid(h) if h.split != Split::Overflow)) {
        out.push("Hybrid share and batch splits send a fixed share of every hour's traffic to the API (the batch split at the batch discount); the self-hosted part is sized for the rest like its own option.".to_string());
    }
    if has(&|o| o.quality().is_some()) {
        out.push("Cost per successful task: with retries, a failed task is sent again until it succeeds, so the option serves volume / success rate; with a fallback, each failed task costs the fallback price on top of the month. Tasks are requests.".to_string());
    }
    if any(&|sh| sh.engineering().setup_hours > Decimal::ZERO) {
        out.push("One-time setup engineering is spread evenly over its amortization months.".to_string());
    }
    out
}

impl Report {
    /// The report as pretty JSON: the form the CLI prints with
    /// `--format json` and the npm package returns.
    pub fn to_json(&self) -> String {
        crate::codec::to_json(self)
    }

    /// The sampled curves as CSV: a header `tokens_per_day,<option>...`,
    /// then one row per sampled volume with each option's USD per month
    /// (empty where it cannot serve).
    pub fn curves_csv(&self) -> String {
        let mut out = String::from("tokens_per_day");
        for o in &self.options {
            out.push(',');
            out.push_str(&csv_field(&o.name));
        }
        out.push('\n');
        let n = self.options.first().map_or(0, |o| o.points.len());
        for i in 0..n {
            out.push_str(&self.options[0].points[i].tokens_per_day.to_string());
            for o in &self.options {
                out.push(',');
                if let Some(usd) = o.points.get(i).and_then(|p| p.usd_per_month) {
                    out.push_str(&usd.to_string());
                }
            }
            out.push('\n');
        }
        out
    }
}

/// `text` as one CSV field (RFC 4180): quoted when it holds a comma, a
/// quote or a line break, with quotes doubled.
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
