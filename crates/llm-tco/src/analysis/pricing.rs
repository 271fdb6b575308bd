//! The pricing shared by the analyses: an option priced at the workload's
//! volume with its curve, a hybrid's parts and monthly lines.

use crate::base::decimal::{div, mul};
use crate::error::{Error, ErrorKind, Result};
use crate::model::api::ApiPrices;
use crate::model::curve::CostCurve;
use crate::model::hybrid::{HybridCurve, HybridPoint};
use crate::model::scenario::{Hybrid, OptionKind, Scenario};
use crate::model::selfhost::{CostLine, LineItem, SelfHosted, SelfHostedMonth, Sizing};
use crate::model::workload::Workload;
use crate::spec::scenario::Split;
use rust_decimal::Decimal;

/// An option priced at the workload's volume, before rounding.
pub(crate) struct Priced {
    /// Total, USD per month.
    pub monthly_usd: Decimal,
    /// The lines of the total, USD per month.
    pub lines: Vec<CostLine>,
    /// The exact cost curve.
    pub curve: CostCurve,
}

/// An API option priced at the workload's volume.
pub(crate) fn price_api(api: &ApiPrices, workload: &Workload) -> Result<Priced> {
    let bill = api.monthly_bill(workload)?;
    let lines = vec![
        CostLine::new(LineItem::Input, bill.input_usd),
        CostLine::new(LineItem::Output, bill.output_usd),
        CostLine::new(LineItem::CachedInput, bill.cached_input_usd),
        CostLine::new(LineItem::CacheWrites, bill.cache_write_usd),
        CostLine::new(LineItem::TierSurcharge, bill.tier_surcharge_usd),
        CostLine::new(LineItem::BatchSavings, bill.batch_savings_usd),
    ];
    // Linear in volume: the slope is the bill at this volume over the volume.
    let slope = div(bill.total_usd, workload.tokens_per_day(), "API slope")?;
    Ok(Priced {
        monthly_usd: bill.total_usd,
        lines,
        curve: CostCurve::Linear {
            usd_per_month_per_token_per_day: slope,
        },
    })
}

/// A self-hosted option priced at the workload's volume, with its month and
/// its sizing.
pub(crate) struct PricedSelfHosted {
    /// The price and curve.
    pub priced: Priced,
    /// Replicas, GPUs and lines at the volume.
    pub month: SelfHostedMonth,
    /// How a replica is sized.
    pub sizing: Sizing,
}

/// A self-hosted option priced at the workload's volume.
pub(crate) fn price_self_hosted(sh: &SelfHosted, workload: &Workload) -> Result<PricedSelfHosted> {
    let sizing = sh.sizing(workload)?;
    let month = sh.month(workload, &sizing)?;
    let curve = CostCurve::Staircase(sh.staircase(workload, &sizing)?);
    Ok(PricedSelfHosted {
        priced: Priced {
            monthly_usd: month.total_usd,
            lines: month.lines.clone(),
            curve,
        },
        month,
        sizing,
    })
}

/// A hybrid option's closed-form curve and the self-hosted part it is made
/// of, resolved from the scenario.
pub(crate) struct HybridParts {
    /// The hybrid's cost curve.
    pub curve: HybridCurve,
    /// The self-hosted part.
    pub self_hosted: SelfHosted,
    /// GPUs per replica of the self-hosted part.
    pub gpus_per_replica: u32,
}

/// The hybrid's closed-form curve from its two parts.
pub(crate) fn hybrid_parts(h: &Hybrid, scenario: &Scenario) -> Result<HybridParts> {
    let workload = scenario.workload();
    let (OptionKind::SelfHosted(sh), OptionKind::Api(api)) = (
        scenario.options()[h.self_hosted].kind(),
        scenario.options()[h.api].kind(),
    ) else {
        return Err(Error::invalid(
            "hybrid",
            "parts are not a self-hosted and an API option",
        ));
    };
    let sizing = sh.sizing(workload)?;
    let stair = sh.staircase(workload, &sizing)?;
    let v = workload.tokens_per_day();
    let slope = div(api.monthly_bill(workload)?.total_usd, v, "API slope")?;
    let batch_slope = div(api.batch_bill(workload)?.total_usd, v, "API batch slope")?;
    let replica_tokens_per_day = match sizing.capacity_tokens_per_s {
        Some(c) => Some(mul(c, Decimal::from(86_400u32), "replica capacity")?),
        None => None,
    };
    let fixed_replicas = h
        .base_replicas
        .map(u64::from)
        .or(sh.fixed_n_gpus().map(|n| u64::from(n / sizing.gpus_per_replica.max(1))));
    let self_hosted_share = match h.split {
        Split::Share => h.share,
        Split::Batch => Decimal::ONE - workload.batch_share(),
        Split::Overflow => Decimal::ONE,
    };
    Ok(HybridParts {
        curve: HybridCurve {
            split: h.split,
            self_hosted: stair,
            api_usd_per_month_per_token_per_day: slope,
            api_batch_usd_per_month_per_token_per_day: batch_slope,
            self_hosted_share,
            peak_to_average: workload.peak_to_average(),
            replica_tokens_per_day,
            base_replicas: fixed_replicas,
        },
        self_hosted: (**sh).clone(),
        gpus_per_replica: sizing.gpus_per_replica,
    })
}

/// A hybrid month's bill lines and GPU count at one split.
pub(crate) struct HybridLines {
    /// The bill's lines, USD per month.
    pub lines: Vec<CostLine>,
    /// GPUs in all, spares included; 0 when nothing is self-hosted.
    pub n_gpus: u64,
}

/// The bill of a hybrid month at one split.
pub(crate) fn hybrid_lines(sh: &SelfHosted, gpus_per_replica: u32, p: &HybridPoint) -> Result<HybridLines> {
    let mut lines = Vec::new();
    let n_gpus = if p.replicas == 0 {
        0
    } else {
        let too_many = || Error::new(ErrorKind::Limit, "", "too many GPUs to count");
        p.replicas
            .checked_add(u64::from(sh.spare_replicas()))
            .and_then(|r| r.checked_mul(u64::from(gpus_per_replica)))
            .and_then(|n| n.checked_add(u64::from(sh.spare_gpus())))
            .ok_or_else(too_many)?
    };
    if n_gpus > 0 {
        for l in sh.per_gpu_month()? {
            lines.push(CostLine::new(l.item, mul(l.usd, Decimal::from(n_gpus), "hybrid cost")?));
        }
        lines.extend(sh.engineering().month()?);
    }
    lines.push(CostLine::new(LineItem::ApiTraffic, p.api_usd));
    Ok(HybridLines { lines, n_gpus })
}
