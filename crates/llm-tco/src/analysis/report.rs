//! Pricing a scenario: the report every surface prints.

use crate::analysis::breakeven::{self, CheaperAbove, CrossingKind};
use crate::analysis::pricing::{
    hybrid_lines, hybrid_parts, price_api, price_self_hosted, usd_per_mtok_text, usd_text, HybridLines, HybridParts,
    Priced, PricedSelfHosted,
};
use crate::base::date::Date;
use crate::base::decimal::{add, div, fixed_decimal, mul, round_dp};
use crate::error::Result;
use crate::model::curve::CostCurve;
use crate::model::dated::PriceEntryKind;
use crate::model::scenario::{Failure, Hybrid, OptionKind, Scenario, ServingOption};
use crate::model::selfhost::{Hardware, LineItem, SelfHosted};
use crate::model::workload::Workload;
use crate::spec::scenario::{Billing, Pricing, Split};
use rust_decimal::Decimal;
use serde::Serialize;

/// Version of the report's JSON layout.
pub const REPORT_VERSION: u32 = 1;

/// Average utilization below which a warning says the GPUs are mostly idle.
pub const IDLE_UTILIZATION: Decimal = Decimal::from_parts(25, 0, 0, false, 2);

/// Days after which a price is flagged as old.
pub const STALE_PRICE_DAYS: i64 = 365;

fn plain(x: Decimal) -> String {
    x.normalize().to_string()
}

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
    pub as_of: Option<String>,
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
    pub tokens_per_day: String,
    /// Requests per day.
    pub requests_per_day: String,
    /// Tokens per month (× 365 / 12).
    pub tokens_per_month: String,
    /// Mean input tokens per request.
    pub input_tokens_per_request: String,
    /// Mean output tokens per request.
    pub output_tokens_per_request: String,
    /// Share of input read from a cache.
    pub cached_input_share: String,
    /// Share of input written to a cache.
    pub cache_write_share: String,
    /// Share of traffic through a batch API.
    pub batch_share: String,
    /// Peak hour over average hour.
    pub peak_to_average: String,
    /// Monthly growth.
    pub monthly_growth: String,
    /// Months the decision covers.
    pub horizon_months: u32,
    /// Least output tokens per second per user the sizing respects.
    pub min_output_tokens_per_s_per_user: String,
    /// Longest time to first token the sizing respects, ms, if any.
    pub max_ttft_ms: Option<String>,
}

/// The curves' range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RangeReport {
    /// Lowest volume, tokens per day.
    pub min_tokens_per_day: String,
    /// Highest volume, tokens per day.
    pub max_tokens_per_day: String,
    /// Sampled points per curve.
    pub points: u32,
}

/// One line of a bill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// What it is (`input`, `gpu_rent`, `engineering_setup`, ...).
    pub item: LineItem,
    /// USD per month.
    pub usd: String,
}

/// One option at the workload's volume.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionReport {
    /// The option's name.
    pub name: String,
    /// `api` or `self_hosted`.
    pub kind: &'static str,
    /// Total, USD per month; `null` for a self-hosted option that cannot
    /// serve the workload (see its `self_hosted.reason`).
    pub monthly_usd: Option<String>,
    /// Total over tokens served, USD per 1M tokens; `null` as above.
    pub usd_per_mtok: Option<String>,
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
    pub points: Vec<(String, Option<String>)>,
}

/// An API option's prices as used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiDetails {
    /// Catalog id, if any.
    pub catalog_id: Option<String>,
    /// Provider.
    pub provider: Option<String>,
    /// `closed` or `open_weight`.
    pub hosting: Option<crate::spec::catalog::Hosting>,
    /// USD per 1M input tokens.
    pub input_usd_per_mtok: String,
    /// USD per 1M output tokens.
    pub output_usd_per_mtok: String,
    /// USD per 1M cached input tokens.
    pub cached_input_usd_per_mtok: Option<String>,
    /// USD per 1M cache-write tokens.
    pub cache_write_usd_per_mtok: Option<String>,
    /// Batch discount.
    pub batch_discount: Option<String>,
    /// Whether the long-context tier applies to this workload's requests.
    pub long_context_tier_applies: bool,
    /// Date of the prices.
    pub as_of: Option<String>,
    /// Source of the prices.
    pub source: Option<crate::spec::catalog::Source>,
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
    pub weights: &'static str,
    /// KV-cache format.
    pub kv_cache: &'static str,
    /// GPU id.
    pub gpu: String,
    /// `rented` or `owned`.
    pub hardware: &'static str,
    /// Rented: USD per GPU-hour.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usd_per_gpu_hour: Option<String>,
    /// Rented: `on_demand`, `reserved` or `spot`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricing: Option<Pricing>,
    /// Rented: `always_on` or `scaled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing: Option<Billing>,
    /// One GPU's monthly cost, USD.
    pub usd_per_gpu_month: String,
    /// Serving-engine profile.
    pub engine: String,
    /// GPUs per replica.
    pub gpus_per_replica: u32,
    /// Input + output tokens per second one replica sustains; `null` when
    /// the option cannot serve.
    pub capacity_tokens_per_s: Option<String>,
    /// `sizing_model` or `given` (the option's own figure).
    pub capacity_source: &'static str,
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
    pub average_utilization: Option<String>,
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
    pub self_hosted_tokens_per_day: String,
    /// Tokens per day sent to the API (whole tokens).
    pub api_tokens_per_day: String,
    /// The API's share of the tokens, rounded to 4 places.
    pub api_share: String,
    /// Self-hosted part, USD per month.
    pub self_hosted_usd: String,
    /// API part, USD per month.
    pub api_usd: String,
}

/// Cost per successful task for an option with a success rate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityReport {
    /// Share of tasks done right.
    pub success_rate: String,
    /// `retry` or `fallback`.
    pub on_failure: &'static str,
    /// With `fallback`: USD per failed task.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback_usd_per_task: Option<String>,
    /// Tasks (requests) per month.
    pub tasks_per_month: String,
    /// The month's cost with failures counted: retries served, or fallbacks
    /// paid; USD; `null` when the option cannot serve the retried volume.
    pub monthly_usd: Option<String>,
    /// That cost over the tasks done, USD per successful task, 6 places.
    pub usd_per_successful_task: Option<String>,
}

/// Verdict of one pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheaperAboveReport {
    /// `never`, `always` or `above`.
    pub verdict: &'static str,
    /// With `above`: the volume, tokens per day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens_per_day: Option<String>,
}

/// A crossing as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossingReport {
    /// Volume, tokens per day (whole tokens).
    pub tokens_per_day: String,
    /// Which way.
    pub kind: CrossingKind,
    /// The API's monthly cost there, USD.
    pub api_usd: String,
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
    /// Stable code (`gpus_mostly_idle`, `stale_price`, `no_cache_price`, ...).
    pub code: &'static str,
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
                self_hosted_tokens_per_day: round_dp(p.self_hosted_tokens_per_day, 0).to_string(),
                api_tokens_per_day: round_dp(p.api_tokens_per_day, 0).to_string(),
                api_share: fixed_decimal(div(p.api_tokens_per_day, v, "API share")?, 4),
                self_hosted_usd: usd_text(p.self_hosted_usd),
                api_usd: usd_text(p.api_usd),
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
            ("retry", None, cost)
        }
        Failure::Fallback(price) => {
            let failed = mul(tasks, Decimal::ONE - q.success_rate, what)?;
            let cost = match monthly {
                Some(m) => Some(add(m, mul(failed, price, what)?, what)?),
                None => None,
            };
            ("fallback", Some(plain(price)), cost)
        }
    };
    let per_task = match cost {
        Some(c) if !tasks.is_zero() => Some(fixed_decimal(div(c, tasks, what)?, 6)),
        _ => None,
    };
    Ok(Some(QualityReport {
        success_rate: plain(q.success_rate),
        on_failure,
        fallback_usd_per_task: fallback,
        tasks_per_month: plain(round_dp(tasks, 0)),
        monthly_usd: cost.map(usd_text),
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
fn entry_warnings(api: &crate::model::api::ApiPrices, on: Option<Date>) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let (Some(on), true) = (on, api.priced_from_catalog()) else {
        return out;
    };
    let from = api.price_from().unwrap_or("an unknown date");
    if api.before_first_known() {
        out.push((
            "price_before_first_known",
            format!("'s earliest known price is from {from}; the scenario's date is {on}, so that price is used"),
        ));
    }
    if api.price_entry() == PriceEntryKind::Scheduled {
        out.push((
            "scheduled_price",
            format!(
                " is priced at the price announced for {from} (recorded {}); no price list has shown it in force yet",
                api.as_of().unwrap_or("on an unknown date")
            ),
        ));
    }
    if let Some(until) = api.price_until().filter(|u| Date::parse(u).is_some_and(|u| u <= on)) {
        out.push((
            "price_ended",
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
    let sample_texts: Vec<String> = samples.iter().map(|v| plain(*v)).collect();
    let tokens_per_month = Workload::tokens_per_month(workload.tokens_per_day())?;
    let mut options = Vec::new();
    let mut warnings = Vec::new();
    let mut curves: Vec<(&ServingOption, CostCurve)> = Vec::new();
    let as_of = scenario.as_of();
    for option in scenario.options() {
        let name = option.name().to_string();
        let warn = |code: &'static str, message: String| Warning {
            option: Some(name.clone()),
            code,
            message,
        };
        let (priced, api_details, sh_details, hybrid_details) = match option.kind() {
            OptionKind::Api(api) => {
                let priced = price_api(api, workload)?;
                if workload.cached_input_share() > Decimal::ZERO && api.cached_input_usd_per_mtok().is_none() {
                    warnings.push(warn(
                        "no_cache_price",
                        format!("{name} has no cached-input price; the cached share is billed as plain input"),
                    ));
                }
                if workload.batch_share() > Decimal::ZERO && api.batch_discount().is_none() {
                    warnings.push(warn(
                        "no_batch_api",
                        format!("{name} has no batch discount; the batch share is billed at full price"),
                    ));
                }
                if let Some(age) = stale(as_of, api.as_of()) {
                    warnings.push(warn(
                        "stale_price",
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
                            "deprecated_model",
                            format!("{name} was announced for retirement on {retired}"),
                        ));
                    }
                }
                if let Some(max) = api.max_input_tokens() {
                    if workload.input_tokens_per_request() > Decimal::from(max) {
                        warnings.push(warn(
                            "request_exceeds_context",
                            format!(
                                "{} input tokens per request exceed {name}'s limit of {max}",
                                plain(workload.input_tokens_per_request())
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
                    input_usd_per_mtok: plain(api.input_usd_per_mtok()),
                    output_usd_per_mtok: plain(api.output_usd_per_mtok()),
                    cached_input_usd_per_mtok: api.cached_input_usd_per_mtok().map(plain),
                    cache_write_usd_per_mtok: api.cache_write_usd_per_mtok().map(plain),
                    batch_discount: api.batch_discount().map(plain),
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
                            "gpus_mostly_idle",
                            format!("{name}'s GPUs are busy {}% of the time on average at this volume; you pay for idle capacity", (round_dp(u, 3) * Decimal::ONE_HUNDRED).normalize()),
                        ));
                    }
                }
                if let Some(reason) = &sizing.reason {
                    let code = if reason.starts_with("does not fit") {
                        "does_not_fit"
                    } else {
                        "cannot_serve"
                    };
                    warnings.push(warn(code, format!("{name} {reason}")));
                } else if !month.feasible {
                    warnings.push(warn(
                        "over_capacity",
                        format!(
                            "{} GPUs cannot serve {} tokens/day at the peak; the option is shown at its fixed count",
                            month.n_gpus,
                            plain(workload.tokens_per_day())
                        ),
                    ));
                }
                if let Some(e) = sizing
                    .estimate
                    .as_ref()
                    .filter(|e| e.fits && !e.meets_latency && sizing.capacity_given)
                {
                    warnings.push(warn(
                        "latency_target_missed",
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
                                "stale_price",
                                format!(
                                    "{name}'s GPU price is {age} days old (as of {})",
                                    r.as_of.as_deref().unwrap_or_default()
                                ),
                            ));
                        }
                        if r.price_before_first_known {
                            warnings.push(warn(
                                "price_before_first_known",
                                format!(
                                    "{name}'s earliest known GPU price is from {}; the scenario's date is {}",
                                    r.as_of.as_deref().unwrap_or_default(),
                                    as_of.map(|d| d.to_string()).unwrap_or_default()
                                ),
                            ));
                        }
                        (
                            Some(plain(r.usd_per_gpu_hour)),
                            Some(r.pricing),
                            Some(r.billing),
                            "rented",
                        )
                    }
                    Hardware::Owned(_) => (None, None, None, "owned"),
                };
                let per_gpu = crate::base::decimal::sum(sh.per_gpu_month()?.into_iter().map(|(_, v)| v), "GPU cost")?;
                let details = SelfHostedDetails {
                    model: sh.model_id().to_string(),
                    weights: sh.weights().name(),
                    kv_cache: sh.kv_cache().name(),
                    gpu: sh.gpu_id().to_string(),
                    hardware,
                    usd_per_gpu_hour,
                    pricing,
                    billing,
                    usd_per_gpu_month: usd_text(per_gpu),
                    engine: sh.engine_id().to_string(),
                    gpus_per_replica: sizing.gpus_per_replica,
                    capacity_tokens_per_s: sizing.capacity_tokens_per_s.map(plain),
                    capacity_source: if sizing.capacity_given { "given" } else { "sizing_model" },
                    serves,
                    reason: sizing.reason.clone(),
                    estimate: sizing.estimate.clone(),
                    replicas: month.replicas,
                    spare_replicas: month.spare_replicas,
                    spare_gpus: month.spare_gpus,
                    n_gpus: month.n_gpus,
                    feasible: month.feasible,
                    average_utilization: month.average_utilization.map(|u| round_dp(u, 3).to_string()),
                };
                (priced, None, Some(details), None)
            }
            OptionKind::Hybrid(h) => {
                let (priced, details) = price_hybrid(h, scenario)?;
                if details.is_none() {
                    warnings.push(warn(
                        "cannot_serve",
                        format!("{name}'s self-hosted part cannot serve its share of the traffic"),
                    ));
                }
                (priced, None, None, details)
            }
        };
        let mut points = Vec::with_capacity(samples.len());
        for (v, text) in samples.iter().zip(&sample_texts) {
            points.push((text.clone(), priced.curve.usd_at(*v)?.map(usd_text)));
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
                code: "ruled_out",
                message: format!("{} is ruled out: it {reason}", option.name()),
            });
        }
        options.push(OptionReport {
            name: option.name().to_string(),
            kind: match option.kind() {
                OptionKind::Api(_) => "api",
                OptionKind::SelfHosted(_) => "self_hosted",
                OptionKind::Hybrid(_) => "hybrid",
            },
            monthly_usd: serves.then(|| usd_text(priced.monthly_usd)),
            usd_per_mtok: serves.then(|| usd_per_mtok_text(per_mtok)),
            lines: if serves {
                priced
                    .lines
                    .iter()
                    .map(|(item, v)| Line {
                        item: *item,
                        usd: usd_text(*v),
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
            let (verdict, at) = match pair.cheaper_above {
                CheaperAbove::Never => ("never", None),
                CheaperAbove::Always => ("always", None),
                CheaperAbove::Above(v) => ("above", Some(round_dp(v, 0).to_string())),
            };
            break_even.push(PairReport {
                self_hosted: sh.name().to_string(),
                api: api.name().to_string(),
                crossings: pair
                    .crossings
                    .iter()
                    .map(|c| CrossingReport {
                        tokens_per_day: round_dp(c.tokens_per_day, 0).to_string(),
                        kind: c.kind,
                        api_usd: usd_text(c.api_usd),
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
        as_of: as_of.map(|d| d.to_string()),
        workload: WorkloadReport {
            tokens_per_day: plain(workload.tokens_per_day()),
            requests_per_day: plain(round_dp(workload.requests_per_day(), 2)),
            tokens_per_month: plain(round_dp(tokens_per_month, 0)),
            input_tokens_per_request: plain(workload.input_tokens_per_request()),
            output_tokens_per_request: plain(workload.output_tokens_per_request()),
            cached_input_share: plain(workload.cached_input_share()),
            cache_write_share: plain(workload.cache_write_share()),
            batch_share: plain(workload.batch_share()),
            peak_to_average: plain(workload.peak_to_average()),
            monthly_growth: plain(workload.monthly_growth()),
            horizon_months: workload.horizon_months(),
            min_output_tokens_per_s_per_user: plain(workload.min_output_tokens_per_s_per_user_decimal()),
            max_ttft_ms: workload.max_ttft_ms_decimal().map(plain),
        },
        range: RangeReport {
            min_tokens_per_day: plain(range.min_tokens_per_day()),
            max_tokens_per_day: plain(range.max_tokens_per_day()),
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
        out.push("Self-hosted GPUs per replica are the smallest tensor-parallel degree (1, 2, 4, 8) that fits the model and its KV cache and meets the latency target; the replica's capacity is the sizing model's throughput at saturation under that target (or the option's own capacity_tokens_per_s). GPUs are whole numbers, so self-hosted cost is a staircase.".to_string());
        out.push(format!(
            "Sizing respects at least {} output tokens/s per user{}.",
            plain(scenario.workload().min_output_tokens_per_s_per_user_decimal()),
            scenario
                .workload()
                .max_ttft_ms_decimal()
                .map(|t| format!(" and a first token within {} ms", plain(t)))
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
            out.push_str(&self.options[0].points[i].0);
            for o in &self.options {
                out.push(',');
                out.push_str(o.points.get(i).and_then(|p| p.1.as_deref()).unwrap_or(""));
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
