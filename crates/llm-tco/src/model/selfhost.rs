//! Self-hosted options: a model on rented or bought GPUs, and what it costs
//! per month.

use crate::base::date::Date;
use crate::base::decimal::{add, div, mul, sub, sum};
use crate::catalog::Catalog;
use crate::error::{Error, ErrorKind, Result};
use crate::model::dated::in_force_on;
use crate::model::staircase::Staircase;
use crate::model::workload::{Workload, HOURS_PER_MONTH};
use crate::spec::catalog::{CloudPrice, EngineProfile, Gpu, Model, Source};
use crate::spec::formats::{KvFormat, WeightFormat};
use crate::spec::scenario::{Billing, EngineeringSpec, OwnedSpec, Pricing, RentedSpec, ReplicaLayout, SelfHostedSpec};
use rust_decimal::prelude::*;
use rust_decimal::Decimal;

const SECONDS_PER_DAY: u32 = 86_400;

/// A numeric input of a self-hosted option that an analysis may vary,
/// named by its path in the scenario file's `self_hosted` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SelfHostedInput {
    /// `rented.usd_per_gpu_hour`.
    UsdPerGpuHour,
    /// `owned.purchase_usd_per_gpu`.
    PurchaseUsdPerGpu,
    /// `owned.usd_per_kwh`.
    UsdPerKwh,
    /// `engineering.usd_per_hour`.
    EngineeringUsdPerHour,
    /// `engineering.setup_hours`.
    SetupHours,
    /// `engineering.ops_hours_per_month`.
    OpsHoursPerMonth,
    /// `capacity_tokens_per_s` (one replica's throughput; the sizing
    /// model's when the option gives none).
    CapacityTokensPerS,
}

impl SelfHostedInput {
    /// Every input, in file order.
    pub const ALL: [SelfHostedInput; 7] = [
        SelfHostedInput::UsdPerGpuHour,
        SelfHostedInput::PurchaseUsdPerGpu,
        SelfHostedInput::UsdPerKwh,
        SelfHostedInput::EngineeringUsdPerHour,
        SelfHostedInput::SetupHours,
        SelfHostedInput::OpsHoursPerMonth,
        SelfHostedInput::CapacityTokensPerS,
    ];

    /// Its path in the file's `self_hosted` table
    /// (`rented.usd_per_gpu_hour`).
    pub fn name(self) -> &'static str {
        match self {
            SelfHostedInput::UsdPerGpuHour => "rented.usd_per_gpu_hour",
            SelfHostedInput::PurchaseUsdPerGpu => "owned.purchase_usd_per_gpu",
            SelfHostedInput::UsdPerKwh => "owned.usd_per_kwh",
            SelfHostedInput::EngineeringUsdPerHour => "engineering.usd_per_hour",
            SelfHostedInput::SetupHours => "engineering.setup_hours",
            SelfHostedInput::OpsHoursPerMonth => "engineering.ops_hours_per_month",
            SelfHostedInput::CapacityTokensPerS => "capacity_tokens_per_s",
        }
    }
}

/// Rented GPUs, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Rented {
    /// USD per GPU-hour.
    pub usd_per_gpu_hour: Decimal,
    /// Which price it is.
    pub pricing: Pricing,
    /// How GPUs are billed.
    pub billing: Billing,
    /// With scaled billing, GPUs kept at the lowest load.
    pub min_gpus: u32,
    /// Catalog id of the cloud offer, if the price comes from one.
    pub offer: Option<String>,
    /// Date of the price, as written.
    pub as_of: Option<String>,
    /// Source of the price.
    pub source: Option<Source>,
    /// True when the price is the catalog offer's and the scenario's date is
    /// before every entry of it, so its earliest known price is used.
    pub price_before_first_known: bool,
}

/// Bought GPUs, resolved; defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Owned {
    /// Purchase price per GPU, USD.
    pub purchase_usd_per_gpu: Decimal,
    /// Server, network and storage per GPU, USD.
    pub server_usd_per_gpu: Decimal,
    /// Useful life in months.
    pub life_months: u32,
    /// Resale value at end of life, share of purchase + server.
    pub residual_share: Decimal,
    /// Cost of capital per year, share.
    pub cost_of_capital_per_year: Decimal,
    /// Power per GPU, W.
    pub power_draw_w: Decimal,
    /// Average draw as a share of `power_draw_w`.
    pub utilization_factor: Decimal,
    /// Power usage effectiveness.
    pub pue: Decimal,
    /// Electricity, USD per kWh.
    pub usd_per_kwh: Decimal,
    /// Colocation, USD per kW-month.
    pub colocation_usd_per_kw_month: Decimal,
    /// Maintenance per year, share of purchase + server.
    pub maintenance_share_per_year: Decimal,
}

/// Where the GPUs come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Hardware {
    /// Rented by the hour.
    Rented(Rented),
    /// Bought.
    Owned(Owned),
}

/// Engineering time, resolved.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Engineering {
    /// Loaded cost of an hour, USD.
    pub usd_per_hour: Decimal,
    /// One-time setup, hours.
    pub setup_hours: Decimal,
    /// Months the setup is spread over.
    pub setup_amortization_months: u32,
    /// Operations, hours per month.
    pub ops_hours_per_month: Decimal,
}

/// How a replica is sized for a workload: GPUs per replica and the tokens
/// per second it carries, derived by the sizing model unless the option
/// gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct Sizing {
    /// GPUs per replica (split as the option's layout says).
    pub gpus_per_replica: u32,
    /// Input + output tokens per second one replica sustains at the latency
    /// target; `None` when the option cannot serve (see `reason`).
    pub capacity_tokens_per_s: Option<Decimal>,
    /// True when the capacity is the option's own figure, not the model's.
    pub capacity_given: bool,
    /// Why the option cannot serve this workload, if it cannot.
    pub reason: Option<String>,
    /// The sizing model's estimate for one replica, when it was run.
    pub estimate: Option<crate::sizing::report::EstimateReport>,
}

/// The range a sized capacity lies in, from the engine profile's
/// calibration error (see [`crate::sizing::report::Accuracy::range`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityBand {
    /// Lowest capacity, tokens/s, 2 places.
    pub low_tokens_per_s: Decimal,
    /// Highest capacity, tokens/s, 2 places.
    pub high_tokens_per_s: Decimal,
    /// The profile's error the band comes from.
    pub accuracy: crate::sizing::report::Accuracy,
}

impl Sizing {
    /// The capacity's band when the sizing model gives the capacity and its
    /// profile is calibrated; `None` for a given capacity, an option that
    /// cannot serve, or an uncalibrated profile.
    ///
    /// # Errors
    /// A capacity that does not convert to a float and back.
    pub fn capacity_band(&self) -> Result<Option<CapacityBand>> {
        let (Some(capacity), Some(e)) = (self.capacity_tokens_per_s, &self.estimate) else {
            return Ok(None);
        };
        let Some(accuracy) = e.engine.accuracy.clone().filter(|_| !self.capacity_given) else {
            return Ok(None);
        };
        let c = capacity.to_f64().unwrap_or(0.0);
        let (low, high) = accuracy.range(c);
        let low = crate::base::float::from_f64(low, "capacity band")?.round_dp(2);
        let high = crate::base::float::from_f64(high, "capacity band")?.round_dp(2);
        Ok(Some(CapacityBand {
            low_tokens_per_s: low.min(capacity).max(Decimal::new(1, 2)),
            high_tokens_per_s: high.max(capacity),
            accuracy,
        }))
    }
}

/// A validated self-hosted option.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfHosted {
    model: Model,
    gpu: Gpu,
    engine: EngineProfile,
    weights: WeightFormat,
    kv_cache: KvFormat,
    gpus_per_replica: Option<u32>,
    layout: ReplicaLayout,
    capacity_tokens_per_s: Option<Decimal>,
    fixed_n_gpus: Option<u32>,
    hardware: Hardware,
    engineering: Engineering,
    spare_replicas: u32,
    spare_gpus: u32,
}

/// GPUs per replica tried when sizing, smallest first.
pub const TP_DEGREES: [u32; 4] = [1, 2, 4, 8];

/// One line of a monthly bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineItem {
    /// API: plain input tokens.
    Input,
    /// API: output tokens.
    Output,
    /// API: cached input reads.
    CachedInput,
    /// API: cache writes.
    CacheWrites,
    /// API: extra for requests above the long-context threshold.
    TierSurcharge,
    /// API: saved through the batch API (negative).
    BatchSavings,
    /// Rented: GPU-hours × hourly price.
    GpuRent,
    /// Owned: purchase less residual, spread evenly over the life.
    Amortization,
    /// Owned: the annuity's interest over straight amortization.
    CostOfCapital,
    /// Owned: electricity.
    Power,
    /// Owned: colocation space and power delivery.
    Colocation,
    /// Owned: maintenance.
    Maintenance,
    /// One-time setup engineering, amortized.
    EngineeringSetup,
    /// Monthly operations engineering.
    EngineeringOperations,
    /// Hybrid: the traffic sent to the API.
    ApiTraffic,
}

impl LineItem {
    /// In words, for people ("GPU rent", "engineering, setup").
    pub fn label(self) -> &'static str {
        match self {
            LineItem::Input => "input tokens",
            LineItem::Output => "output tokens",
            LineItem::CachedInput => "cached input",
            LineItem::CacheWrites => "cache writes",
            LineItem::TierSurcharge => "long-context surcharge",
            LineItem::BatchSavings => "batch discount",
            LineItem::GpuRent => "GPU rent",
            LineItem::Amortization => "amortization",
            LineItem::CostOfCapital => "cost of capital",
            LineItem::Power => "power",
            LineItem::Colocation => "colocation",
            LineItem::Maintenance => "maintenance",
            LineItem::EngineeringSetup => "engineering, setup",
            LineItem::EngineeringOperations => "engineering, operations",
            LineItem::ApiTraffic => "API traffic",
        }
    }

    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            LineItem::Input => "input",
            LineItem::Output => "output",
            LineItem::CachedInput => "cached_input",
            LineItem::CacheWrites => "cache_writes",
            LineItem::TierSurcharge => "tier_surcharge",
            LineItem::BatchSavings => "batch_savings",
            LineItem::GpuRent => "gpu_rent",
            LineItem::Amortization => "amortization",
            LineItem::CostOfCapital => "cost_of_capital",
            LineItem::Power => "power",
            LineItem::Colocation => "colocation",
            LineItem::Maintenance => "maintenance",
            LineItem::EngineeringSetup => "engineering_setup",
            LineItem::EngineeringOperations => "engineering_operations",
            LineItem::ApiTraffic => "api_traffic",
        }
    }
}

/// One line of a monthly bill: what it is and what it costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostLine {
    /// What the line is.
    pub item: LineItem,
    /// USD per month.
    pub usd: Decimal,
}

impl CostLine {
    /// A line of `usd` for `item`.
    pub fn new(item: LineItem, usd: Decimal) -> CostLine {
        CostLine { item, usd }
    }
}

/// A self-hosted option's month at one volume.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfHostedMonth {
    /// Replicas serving the load.
    pub replicas: u64,
    /// Spare replicas on top.
    pub spare_replicas: u32,
    /// Spare GPUs on top of whole replicas.
    pub spare_gpus: u32,
    /// GPUs billed or owned, spares included.
    pub n_gpus: u64,
    /// False when the volume is above what a fixed count can serve.
    pub feasible: bool,
    /// Average load over capacity of all replicas, spares included, when the
    /// capacity is known.
    pub average_utilization: Option<Decimal>,
    /// The bill's lines, USD per month.
    pub lines: Vec<CostLine>,
    /// Their sum, USD per month.
    pub total_usd: Decimal,
}

fn share(v: Option<Decimal>, default: Decimal, field: &str) -> Result<Decimal> {
    let v = v.unwrap_or(default);
    if v < Decimal::ZERO || v > Decimal::ONE {
        return Err(Error::invalid(field, format!("must be between 0 and 1, found {v}")));
    }
    Ok(v)
}

fn non_negative(v: Decimal, field: &str) -> Result<Decimal> {
    if v < Decimal::ZERO {
        return Err(Error::invalid(field, format!("must not be negative, found {v}")));
    }
    Ok(v)
}

fn check_date(text: &Option<String>, field: &str) -> Result<()> {
    if let Some(t) = text {
        Date::parse(t).ok_or_else(|| Error::invalid(field, format!("{t:?} is not a date; expected YYYY-MM-DD")))?;
    }
    Ok(())
}

impl Rented {
    fn from_spec(spec: &RentedSpec, gpu_id: &str, catalog: &Catalog, on: Option<Date>) -> Result<Rented> {
        let pricing = spec.pricing.unwrap_or(Pricing::OnDemand);
        let offer = match &spec.offer {
            Some(id) => {
                let offer = catalog.cloud(id).map_err(|e| e.within("offer"))?;
                if offer.gpu != gpu_id {
                    return Err(Error::invalid(
                        "offer",
                        format!("offer {id:?} rents {} GPUs but the option runs on {gpu_id}", offer.gpu),
                    ));
                }
                Some(offer)
            }
            None => None,
        };
        let entry = offer.map(|o| CloudEntry::of(o, on));
        let usd_per_gpu_hour = match (spec.usd_per_gpu_hour, &entry) {
            (Some(v), _) => non_negative(v, "usd_per_gpu_hour")?,
            (None, Some(e)) => {
                let price = match pricing {
                    Pricing::OnDemand => e.on_demand,
                    Pricing::Reserved => e.reserved,
                    Pricing::Spot => e.spot,
                };
                price.ok_or_else(|| {
                    let mut has = Vec::new();
                    for (p, name) in [(e.on_demand, "on_demand"), (e.reserved, "reserved"), (e.spot, "spot")] {
                        if p.is_some() {
                            has.push(name);
                        }
                    }
                    Error::invalid(
                        "pricing",
                        format!(
                            "offer {:?} has no {} price (it has: {}); give usd_per_gpu_hour or another pricing",
                            e.id,
                            pricing.name(),
                            if has.is_empty() {
                                "none".to_string()
                            } else {
                                has.join(", ")
                            }
                        ),
                    )
                })?
            }
            (None, None) => {
                let offered = catalog.cloud_prices().iter().any(|c| c.gpu == gpu_id);
                let gpu = catalog.gpu(gpu_id).map_or(gpu_id, |g| g.name.as_str());
                return Err(Error::invalid(
                    "usd_per_gpu_hour",
                    if offered {
                        format!(
                            "missing: give a rent in USD per GPU-hour for {gpu}, or one of the catalog's offers for it"
                        )
                    } else {
                        format!("missing: the catalog rents no {gpu}; give its rent in USD per GPU-hour")
                    },
                ));
            }
        };
        check_date(&spec.as_of, "as_of")?;
        let billing = spec.billing.unwrap_or(Billing::AlwaysOn);
        Ok(Rented {
            usd_per_gpu_hour,
            pricing,
            billing,
            min_gpus: spec.min_gpus.unwrap_or(0),
            offer: spec.offer.clone(),
            as_of: spec
                .as_of
                .clone()
                .or_else(|| entry.as_ref().and_then(|e| e.as_of.map(str::to_string))),
            source: spec
                .source
                .as_deref()
                .map(Source::titled)
                .or_else(|| entry.as_ref().and_then(|e| e.source.cloned())),
            price_before_first_known: spec.usd_per_gpu_hour.is_none()
                && entry.as_ref().is_some_and(|e| e.before_first_known),
        })
    }
}

/// A cloud offer's prices as of one entry.
struct CloudEntry<'a> {
    id: &'a str,
    on_demand: Option<Decimal>,
    reserved: Option<Decimal>,
    spot: Option<Decimal>,
    as_of: Option<&'a str>,
    source: Option<&'a Source>,
    before_first_known: bool,
}

impl<'a> CloudEntry<'a> {
    /// The entry of `offer` in force on `on` (its current prices when no
    /// date is given).
    fn of(offer: &'a CloudPrice, on: Option<Date>) -> CloudEntry<'a> {
        let current = CloudEntry {
            id: &offer.id,
            on_demand: offer.on_demand_usd_per_gpu_hour,
            reserved: offer.reserved_usd_per_gpu_hour,
            spot: offer.spot_usd_per_gpu_hour,
            as_of: Some(&offer.as_of),
            source: Some(&offer.source),
            before_first_known: false,
        };
        let Some(on) = on else { return current };
        let chosen = in_force_on(
            offer.from.as_deref(),
            offer.history.iter().map(|h| h.from.as_deref()),
            on,
        );
        match chosen.history_index.and_then(|i| offer.history.get(i)) {
            None => CloudEntry {
                before_first_known: chosen.before_first_known,
                ..current
            },
            Some(h) => CloudEntry {
                id: &offer.id,
                on_demand: h.on_demand_usd_per_gpu_hour,
                reserved: h.reserved_usd_per_gpu_hour,
                spot: h.spot_usd_per_gpu_hour,
                as_of: h.as_of.as_deref(),
                source: h.source.as_ref().or(Some(&offer.source)),
                before_first_known: chosen.before_first_known,
            },
        }
    }
}

impl Owned {
    fn from_spec(spec: &OwnedSpec, gpu_tdp_w: Option<Decimal>) -> Result<Owned> {
        let months = mul(spec.life_years, Decimal::from(12), "life in months")?;
        if months <= Decimal::ZERO || months.fract() != Decimal::ZERO || months > Decimal::from(600) {
            return Err(Error::invalid(
                "life_years",
                format!(
                    "must be above 0, at most 50, and a whole number of months (3, 2.5, 4.25); found {}",
                    spec.life_years
                ),
            ));
        }
        let pue = spec.pue.unwrap_or(Decimal::ONE);
        if pue < Decimal::ONE || pue > Decimal::from(5) {
            return Err(Error::invalid("pue", format!("must be between 1 and 5, found {pue}")));
        }
        let coc = spec.cost_of_capital_per_year.unwrap_or(Decimal::ZERO);
        if coc < Decimal::ZERO || coc > Decimal::ONE {
            return Err(Error::invalid(
                "cost_of_capital_per_year",
                format!("must be between 0 and 1 (100%), found {coc}"),
            ));
        }
        Ok(Owned {
            purchase_usd_per_gpu: non_negative(spec.purchase_usd_per_gpu, "purchase_usd_per_gpu")?,
            server_usd_per_gpu: non_negative(spec.server_usd_per_gpu.unwrap_or(Decimal::ZERO), "server_usd_per_gpu")?,
            life_months: months.to_u32().unwrap_or(0),
            residual_share: share(spec.residual_share, Decimal::ZERO, "residual_share")?,
            cost_of_capital_per_year: coc,
            power_draw_w: non_negative(
                spec.power_draw_w.or(gpu_tdp_w).ok_or_else(|| {
                    Error::invalid(
                        "power_draw_w",
                        "missing: the catalog has no power figure for this GPU; give the watts it draws",
                    )
                })?,
                "power_draw_w",
            )?,
            utilization_factor: share(spec.utilization_factor, Decimal::ONE, "utilization_factor")?,
            pue,
            usd_per_kwh: non_negative(spec.usd_per_kwh, "usd_per_kwh")?,
            colocation_usd_per_kw_month: non_negative(
                spec.colocation_usd_per_kw_month.unwrap_or(Decimal::ZERO),
                "colocation_usd_per_kw_month",
            )?,
            maintenance_share_per_year: share(
                spec.maintenance_share_per_year,
                Decimal::ZERO,
                "maintenance_share_per_year",
            )?,
        })
    }

    /// Monthly cost of one GPU, by line: amortization, cost of capital,
    /// power, colocation, maintenance.
    ///
    /// The capital cost is an annuity: with monthly rate r = yearly / 12,
    /// N months, price P and residual R, the payment is
    /// (P − R(1+r)^−N) · r / (1 − (1+r)^−N); amortization is the straight
    /// (P − R) / N and cost of capital the rest.
    ///
    /// # Errors
    /// Overflow.
    pub fn per_gpu_month(&self) -> Result<Vec<CostLine>> {
        let what = "owned GPU cost";
        let price = add(self.purchase_usd_per_gpu, self.server_usd_per_gpu, what)?;
        let residual = mul(price, self.residual_share, what)?;
        let n = Decimal::from(self.life_months);
        let amortization = div(sub(price, residual, what)?, n, what)?;
        let rate = div(self.cost_of_capital_per_year, Decimal::from(12), what)?;
        let payment = if rate.is_zero() {
            amortization
        } else {
            let growth = add(Decimal::ONE, rate, what)?
                .checked_powu(u64::from(self.life_months))
                .ok_or_else(|| Error::overflow(what))?;
            let discount = div(Decimal::ONE, growth, what)?;
            let principal = sub(price, mul(residual, discount, what)?, what)?;
            div(mul(principal, rate, what)?, sub(Decimal::ONE, discount, what)?, what)?
        };
        let cost_of_capital = sub(payment, amortization, what)?.max(Decimal::ZERO);
        let kw = div(self.power_draw_w, Decimal::from(1000), what)?;
        let kwh = mul(
            mul(mul(kw, self.utilization_factor, what)?, self.pue, what)?,
            Decimal::from(HOURS_PER_MONTH),
            what,
        )?;
        Ok(vec![
            CostLine::new(LineItem::Amortization, amortization),
            CostLine::new(LineItem::CostOfCapital, cost_of_capital),
            CostLine::new(LineItem::Power, mul(kwh, self.usd_per_kwh, what)?),
            CostLine::new(LineItem::Colocation, mul(kw, self.colocation_usd_per_kw_month, what)?),
            CostLine::new(
                LineItem::Maintenance,
                div(
                    mul(price, self.maintenance_share_per_year, what)?,
                    Decimal::from(12),
                    what,
                )?,
            ),
        ])
    }
}

impl Engineering {
    fn from_spec(spec: Option<&EngineeringSpec>) -> Result<Engineering> {
        let Some(spec) = spec else {
            return Ok(Engineering {
                setup_amortization_months: 12,
                ..Engineering::default()
            });
        };
        let months = spec.setup_amortization_months.unwrap_or(12);
        if !(1..=600).contains(&months) {
            return Err(Error::invalid(
                "setup_amortization_months",
                format!("must be between 1 and 600, found {months}"),
            ));
        }
        Ok(Engineering {
            usd_per_hour: non_negative(spec.usd_per_hour, "usd_per_hour")?,
            setup_hours: non_negative(spec.setup_hours.unwrap_or(Decimal::ZERO), "setup_hours")?,
            setup_amortization_months: months,
            ops_hours_per_month: non_negative(
                spec.ops_hours_per_month.unwrap_or(Decimal::ZERO),
                "ops_hours_per_month",
            )?,
        })
    }

    /// Monthly engineering cost: setup spread over its months, and operations.
    ///
    /// # Errors
    /// Overflow.
    pub fn month(&self) -> Result<Vec<CostLine>> {
        let what = "engineering cost";
        let setup = div(
            mul(self.setup_hours, self.usd_per_hour, what)?,
            Decimal::from(self.setup_amortization_months),
            what,
        )?;
        Ok(vec![
            CostLine::new(LineItem::EngineeringSetup, setup),
            CostLine::new(
                LineItem::EngineeringOperations,
                mul(self.ops_hours_per_month, self.usd_per_hour, what)?,
            ),
        ])
    }
}

impl SelfHosted {
    /// Validates a self-hosted option against `catalog`, a rented GPU's
    /// price at the offer's entry in force on `on` (the scenario's date).
    ///
    /// # Errors
    /// An unknown model, GPU, engine, format or offer; a value out of range;
    /// both or neither of `rented` and `owned`.
    pub fn from_spec(spec: &SelfHostedSpec, catalog: &Catalog, on: Option<Date>) -> Result<SelfHosted> {
        let model = catalog.model(&spec.model).map_err(|e| e.within("model"))?;
        let gpu = catalog.gpu(&spec.gpu).map_err(|e| e.within("gpu"))?;
        let engine_id = spec.engine.as_deref().unwrap_or(crate::sizing::report::DEFAULT_ENGINE);
        let engine = catalog.engine(engine_id).map_err(|e| e.within("engine"))?;
        let weights = WeightFormat::parse(&spec.weights).map_err(|e| e.within("weights"))?;
        let kv_cache = match &spec.kv_cache {
            Some(k) => KvFormat::parse(k).map_err(|e| e.within("kv_cache"))?,
            None => KvFormat::Fp16,
        };
        crate::sizing::engine::check_formats(engine, &crate::sizing::Formats::uniform(weights, kv_cache))?;
        crate::sizing::engine::check_device(engine, gpu)?;
        if let Some(t) = spec.gpus_per_replica {
            if !(1..=64).contains(&t) {
                return Err(Error::invalid(
                    "gpus_per_replica",
                    format!("must be between 1 and 64, found {t}"),
                ));
            }
        }
        let layout = spec.layout.unwrap_or_default();
        if layout != ReplicaLayout::TensorParallel {
            if engine.parallelism == crate::spec::catalog::Parallelism::Layer {
                return Err(Error::invalid(
                    "layout",
                    format!(
                        "the {} engine splits a model by layers: it has no data-parallel attention or expert parallelism; use tensor parallel (tensor_parallel)",
                        engine.id
                    ),
                ));
            }
            if !model.is_moe() {
                return Err(Error::invalid(
                    "layout",
                    format!(
                        "{} ({}) is for a mixture of experts, and {} is dense; use tensor parallel (tensor_parallel), or more replicas",
                        layout.label(),
                        layout.name(),
                        model.name
                    ),
                ));
            }
        }
        // With its own capacity the option has overruled the sizing model
        // (pipeline parallelism splits any count).
        if let (Some(t), None) = (spec.gpus_per_replica, spec.capacity_tokens_per_s) {
            crate::sizing::check_heads(
                model,
                engine.parallelism,
                t,
                layout.dp_attention().then_some(t),
                "gpus_per_replica",
            )?;
        }
        if let Some(c) = spec.capacity_tokens_per_s {
            if c <= Decimal::ZERO {
                return Err(Error::invalid(
                    "capacity_tokens_per_s",
                    format!("must be above 0, found {c}"),
                ));
            }
        }
        if let Some(n) = spec.n_gpus {
            let t = spec.gpus_per_replica.unwrap_or(1);
            if n == 0 || n % t != 0 {
                return Err(Error::invalid(
                    "n_gpus",
                    format!("must be a positive multiple of the GPUs per replica ({t}), found {n}"),
                ));
            }
        }
        let hardware = match (&spec.rented, &spec.owned) {
            (Some(r), None) => {
                let rented = Rented::from_spec(r, &gpu.id, catalog, on).map_err(|e| e.within("rented"))?;
                if rented.billing == Billing::Scaled && spec.n_gpus.is_some() {
                    return Err(Error::invalid(
                        "rented.billing",
                        "scaled billing needs the GPU count to follow the load; remove n_gpus or bill always_on",
                    ));
                }
                Hardware::Rented(rented)
            }
            (None, Some(o)) => Hardware::Owned(Owned::from_spec(o, gpu.tdp_w).map_err(|e| e.within("owned"))?),
            _ => return Err(Error::invalid("", "give exactly one of `rented` and `owned`")),
        };
        Ok(SelfHosted {
            model: model.clone(),
            gpu: gpu.clone(),
            engine: engine.clone(),
            weights,
            kv_cache,
            gpus_per_replica: spec.gpus_per_replica,
            layout,
            capacity_tokens_per_s: spec.capacity_tokens_per_s,
            fixed_n_gpus: spec.n_gpus,
            hardware,
            engineering: Engineering::from_spec(spec.engineering.as_ref()).map_err(|e| e.within("engineering"))?,
            spare_replicas: spec.redundancy.as_ref().map_or(0, |r| r.spare_replicas),
            spare_gpus: spec.redundancy.as_ref().and_then(|r| r.spare_gpus).unwrap_or(0),
        })
    }

    /// The numeric inputs this option has, in file order (the rented or
    /// the owned GPU's prices, as it has one or the other).
    pub fn inputs(&self) -> Vec<SelfHostedInput> {
        let rented = matches!(self.hardware, Hardware::Rented(_));
        SelfHostedInput::ALL
            .into_iter()
            .filter(|i| match i {
                SelfHostedInput::UsdPerGpuHour => rented,
                SelfHostedInput::PurchaseUsdPerGpu | SelfHostedInput::UsdPerKwh => !rented,
                _ => true,
            })
            .collect()
    }

    /// The value of one of its numeric inputs, `None` when it has none. A
    /// capacity the option does not give is the sizing model's for
    /// `workload` (`None` when it cannot serve).
    ///
    /// # Errors
    /// The sizing model's errors.
    pub fn input(&self, input: SelfHostedInput, workload: &Workload) -> Result<Option<Decimal>> {
        Ok(match (input, &self.hardware) {
            (SelfHostedInput::UsdPerGpuHour, Hardware::Rented(r)) => Some(r.usd_per_gpu_hour),
            (SelfHostedInput::PurchaseUsdPerGpu, Hardware::Owned(o)) => Some(o.purchase_usd_per_gpu),
            (SelfHostedInput::UsdPerKwh, Hardware::Owned(o)) => Some(o.usd_per_kwh),
            (SelfHostedInput::EngineeringUsdPerHour, _) => Some(self.engineering.usd_per_hour),
            (SelfHostedInput::SetupHours, _) => Some(self.engineering.setup_hours),
            (SelfHostedInput::OpsHoursPerMonth, _) => Some(self.engineering.ops_hours_per_month),
            (SelfHostedInput::CapacityTokensPerS, _) => match self.capacity_tokens_per_s {
                Some(c) => Some(c),
                None => self.sizing(workload)?.capacity_tokens_per_s,
            },
            _ => None,
        })
    }

    /// Sets one of its numeric inputs. Setting the capacity pins the GPUs
    /// per replica to what `workload` sizes, so the GPUs per replica do not
    /// change with it.
    ///
    /// # Errors
    /// A value the field does not accept; an input this option does not
    /// have.
    pub fn set_input(&mut self, input: SelfHostedInput, value: Decimal, workload: &Workload) -> Result<()> {
        if value < Decimal::ZERO {
            return Err(Error::invalid("", format!("must not be negative, found {value}")));
        }
        match (input, &mut self.hardware) {
            (SelfHostedInput::UsdPerGpuHour, Hardware::Rented(r)) => r.usd_per_gpu_hour = value,
            (SelfHostedInput::PurchaseUsdPerGpu, Hardware::Owned(o)) => o.purchase_usd_per_gpu = value,
            (SelfHostedInput::UsdPerKwh, Hardware::Owned(o)) => o.usd_per_kwh = value,
            (SelfHostedInput::EngineeringUsdPerHour, _) => self.engineering.usd_per_hour = value,
            (SelfHostedInput::SetupHours, _) => self.engineering.setup_hours = value,
            (SelfHostedInput::OpsHoursPerMonth, _) => self.engineering.ops_hours_per_month = value,
            (SelfHostedInput::CapacityTokensPerS, _) => {
                if value.is_zero() {
                    return Err(Error::invalid("", "must be above 0, found 0"));
                }
                if self.gpus_per_replica.is_none() {
                    self.gpus_per_replica = Some(self.sizing(workload)?.gpus_per_replica);
                }
                self.capacity_tokens_per_s = Some(value);
            }
            _ => return Err(Error::invalid("", "this option has no such input")),
        }
        Ok(())
    }

    /// Catalog id of the model.
    pub fn model_id(&self) -> &str {
        &self.model.id
    }
    /// Display name of the model.
    pub fn model_name(&self) -> &str {
        &self.model.name
    }
    /// Weight format.
    pub fn weights(&self) -> WeightFormat {
        self.weights
    }
    /// KV-cache format.
    pub fn kv_cache(&self) -> KvFormat {
        self.kv_cache
    }
    /// Catalog id of the GPU.
    pub fn gpu_id(&self) -> &str {
        &self.gpu.id
    }
    /// Display name of the GPU.
    pub fn gpu_name(&self) -> &str {
        &self.gpu.name
    }
    /// Engine profile id.
    pub fn engine_id(&self) -> &str {
        &self.engine.id
    }
    /// How a replica splits the model over its GPUs.
    pub fn layout(&self) -> ReplicaLayout {
        self.layout
    }

    /// GPUs per replica, if the option fixes it.
    pub fn gpus_per_replica(&self) -> Option<u32> {
        self.gpus_per_replica
    }
    /// Capacity per replica, if the option gives it.
    pub fn capacity_tokens_per_s(&self) -> Option<Decimal> {
        self.capacity_tokens_per_s
    }
    /// The fixed count of serving GPUs, if the option sets one.
    pub fn fixed_n_gpus(&self) -> Option<u32> {
        self.fixed_n_gpus
    }
    /// Rented or owned GPUs.
    pub fn hardware(&self) -> &Hardware {
        &self.hardware
    }
    /// Engineering time.
    pub fn engineering(&self) -> &Engineering {
        &self.engineering
    }
    /// Spare replicas.
    pub fn spare_replicas(&self) -> u32 {
        self.spare_replicas
    }
    /// Spare GPUs beyond whole replicas.
    pub fn spare_gpus(&self) -> u32 {
        self.spare_gpus
    }

    /// Monthly cost of one GPU, by line.
    ///
    /// # Errors
    /// Overflow.
    pub fn per_gpu_month(&self) -> Result<Vec<CostLine>> {
        match &self.hardware {
            Hardware::Rented(r) => Ok(vec![CostLine::new(
                LineItem::GpuRent,
                mul(r.usd_per_gpu_hour, Decimal::from(HOURS_PER_MONTH), "GPU rent")?,
            )]),
            Hardware::Owned(o) => o.per_gpu_month(),
        }
    }

    /// The sizing model's estimate of one replica of `t` GPUs on
    /// `workload`'s requests and latency target, its per-user figures at the
    /// operating point: as many users as the replica serves at its capacity.
    fn estimate(&self, workload: &Workload, t: u32) -> Result<crate::sizing::report::EstimateReport> {
        let tokens = |d: Decimal| d.round().to_u64().unwrap_or(u64::MAX);
        let input = crate::spec::estimate::EstimateInput {
            kv_cache: self.kv_cache.name().to_string(),
            engine: Some(self.engine.id.clone()),
            min_output_tokens_per_s_per_user: workload.min_output_tokens_per_s_per_user(),
            max_ttft_ms: workload.max_ttft_ms(),
            attention_dp: self.layout.dp_attention().then_some(t),
            expert_parallel: self.layout.expert_parallel().then_some(t),
            ..crate::spec::estimate::EstimateInput::new(
                self.model.id.clone(),
                self.gpu.id.clone(),
                t,
                self.weights.name(),
                tokens(workload.input_tokens_per_request()),
                tokens(workload.output_tokens_per_request()).max(1),
            )
        };
        crate::sizing::report::estimate_at_saturation(&input, &self.model, &self.gpu, &self.engine)
    }

    /// Sizes a replica for `workload`: the GPUs per replica (the option's, or
    /// the smallest GPU count in [`TP_DEGREES`] that fits and
    /// meets the latency target; with a fixed count, one that divides it)
    /// and the tokens per second it carries (the option's, or the model's
    /// throughput at saturation under the latency target).
    ///
    /// "Does not fit" and "cannot meet the latency target" are results with
    /// a reason, not errors.
    ///
    /// # Errors
    /// A workload the sizing model refuses (a context longer than the
    /// model's), overflow.
    pub fn sizing(&self, workload: &Workload) -> Result<Sizing> {
        // The counts the engines can split the model's attention over.
        let splits = |t: &u32| {
            crate::sizing::splits_heads(
                &self.model,
                self.engine.parallelism,
                *t,
                self.layout.dp_attention().then_some(*t),
            )
        };
        let candidates: Vec<u32> = match (self.gpus_per_replica, self.fixed_n_gpus) {
            (Some(t), _) => vec![t],
            (None, Some(n)) => TP_DEGREES
                .iter()
                .copied()
                .filter(|t| n % t == 0)
                .filter(splits)
                .collect(),
            (None, None) => TP_DEGREES.iter().copied().filter(splits).collect(),
        };
        let mut last: Option<(u32, crate::sizing::report::EstimateReport)> = None;
        let mut chosen = None;
        for t in candidates {
            let e = self.estimate(workload, t)?;
            let ok = e.fits && e.meets_latency;
            last = Some((t, e));
            if ok {
                chosen = last.take();
                break;
            }
        }
        let given = self.capacity_tokens_per_s;
        match (chosen, last) {
            (Some((t, e)), _) => {
                let capacity = match given {
                    Some(c) => c,
                    None => crate::base::float::from_f64(e.max_total_tokens_per_s, "replica capacity")?.round_dp(2),
                };
                if capacity <= Decimal::ZERO {
                    return Ok(Sizing {
                        gpus_per_replica: t,
                        capacity_tokens_per_s: None,
                        capacity_given: false,
                        reason: Some("the sizing model gives no throughput for this configuration".into()),
                        estimate: Some(e),
                    });
                }
                Ok(Sizing {
                    gpus_per_replica: t,
                    capacity_tokens_per_s: Some(capacity),
                    capacity_given: given.is_some(),
                    reason: None,
                    estimate: Some(e),
                })
            }
            // Nothing fits or meets the target: with the option's own
            // capacity and GPU count the user has overruled the model.
            (None, Some((t, e))) if given.is_some() && self.gpus_per_replica.is_some() => Ok(Sizing {
                gpus_per_replica: t,
                capacity_tokens_per_s: given,
                capacity_given: true,
                reason: None,
                estimate: Some(e),
            }),
            (None, Some((t, e))) => {
                let why = e.reason.clone().unwrap_or_default();
                let reason = if !e.fits {
                    format!("does not fit: {why}")
                } else {
                    format!("cannot meet the latency target on this GPU: {why}")
                };
                Ok(Sizing {
                    gpus_per_replica: t,
                    capacity_tokens_per_s: None,
                    capacity_given: false,
                    reason: Some(reason),
                    estimate: Some(e),
                })
            }
            (None, None) => Ok(Sizing {
                gpus_per_replica: self.gpus_per_replica.unwrap_or(1),
                capacity_tokens_per_s: None,
                capacity_given: false,
                reason: Some(format!(
                    "no replica size of {} GPUs divides the fixed count of {} GPUs",
                    TP_DEGREES.map(|t| t.to_string()).join(", "),
                    self.fixed_n_gpus.unwrap_or(0)
                )),
                estimate: None,
            }),
        }
    }

    /// The cost staircase for `workload`'s traffic shape, given its sizing.
    ///
    /// Always-on and owned GPUs are sized for the peak hour: one replica
    /// carries capacity × 86,400 / peak-to-average tokens per day. Scaled
    /// billing pays for the average hour: capacity × 86,400 per replica, with
    /// at least `min_gpus`. An option that cannot serve has no step at all:
    /// every volume is above its capacity.
    ///
    /// # Errors
    /// Overflow.
    pub fn staircase(&self, workload: &Workload, sizing: &Sizing) -> Result<Staircase> {
        let what = "self-hosted cost";
        let t = sizing.gpus_per_replica;
        let per_gpu = sum(self.per_gpu_month()?.into_iter().map(|l| l.usd), what)?;
        let per_replica = mul(per_gpu, Decimal::from(t), what)?;
        let engineering = sum(self.engineering.month()?.into_iter().map(|l| l.usd), what)?;
        let spares = add(
            mul(per_replica, Decimal::from(self.spare_replicas), what)?,
            mul(per_gpu, Decimal::from(self.spare_gpus), what)?,
            what,
        )?;
        let scaled = matches!(&self.hardware, Hardware::Rented(r) if r.billing == Billing::Scaled);
        let Some(cap) = sizing.capacity_tokens_per_s else {
            return Ok(Staircase {
                fixed_usd: add(engineering, spares, what)?,
                usd_per_step: per_replica,
                tokens_per_day_per_step: Some(Decimal::ONE),
                min_steps: 0,
                max_steps: Some(0),
            });
        };
        let per_day = mul(cap, Decimal::from(SECONDS_PER_DAY), "replica capacity")?;
        let width = if scaled {
            per_day
        } else {
            div(per_day, workload.peak_to_average(), "replica capacity")?
        };
        let (min_steps, max_steps) = match self.fixed_n_gpus {
            Some(n) => {
                let replicas = u64::from(n / t);
                (replicas, Some(replicas))
            }
            None => {
                let min = match &self.hardware {
                    Hardware::Rented(r) if r.billing == Billing::Scaled => u64::from(r.min_gpus.div_ceil(t)),
                    _ => 1,
                };
                (min, None)
            }
        };
        Ok(Staircase {
            fixed_usd: add(engineering, spares, what)?,
            usd_per_step: per_replica,
            tokens_per_day_per_step: Some(width),
            min_steps,
            max_steps,
        })
    }

    /// The month at `workload`'s volume: replicas, GPUs and the bill's lines.
    /// An option that cannot serve the workload is priced at one replica
    /// and marked infeasible.
    ///
    /// # Errors
    /// Overflow.
    pub fn month(&self, workload: &Workload, sizing: &Sizing) -> Result<SelfHostedMonth> {
        let what = "self-hosted cost";
        let stair = self.staircase(workload, sizing)?;
        let steps = stair.steps_at(workload.tokens_per_day())?;
        let feasible = steps.is_some();
        let replicas = steps.unwrap_or(stair.max_steps.unwrap_or(stair.min_steps).max(1));
        let too_many = || {
            Error::new(
                ErrorKind::Limit,
                "",
                format!("{replicas} replicas are too many to count"),
            )
        };
        let total_replicas = replicas
            .checked_add(u64::from(self.spare_replicas))
            .ok_or_else(too_many)?;
        let n_gpus = total_replicas
            .checked_mul(u64::from(sizing.gpus_per_replica))
            .and_then(|n| n.checked_add(u64::from(self.spare_gpus)))
            .ok_or_else(too_many)?;
        let mut lines: Vec<CostLine> = Vec::new();
        for l in self.per_gpu_month()? {
            lines.push(CostLine::new(l.item, mul(l.usd, Decimal::from(n_gpus), what)?));
        }
        lines.extend(self.engineering.month()?);
        let total_usd = sum(lines.iter().map(|l| l.usd), what)?;
        let average_utilization = match sizing.capacity_tokens_per_s {
            Some(cap) if total_replicas > 0 => {
                let capacity = mul(
                    mul(cap, Decimal::from(SECONDS_PER_DAY), what)?,
                    Decimal::from(total_replicas),
                    what,
                )?;
                Some(div(workload.tokens_per_day(), capacity, "utilization")?)
            }
            _ => None,
        };
        Ok(SelfHostedMonth {
            replicas,
            spare_replicas: self.spare_replicas,
            spare_gpus: self.spare_gpus,
            n_gpus,
            feasible,
            average_utilization,
            lines,
            total_usd,
        })
    }
}
