//! Payback: every option month by month over the workload's horizon, with
//! growth, one-time costs and GPUs added as the volume grows; cumulative
//! cost per option and the month each self-hosted (or hybrid) option's
//! cumulative cost falls to or below each API option's.
//!
//! This is a cash view, unlike the monthly report: setup engineering is
//! paid in full in the first month that self-hosts, an owned GPU's
//! purchase and server price when it is added (never sold within the
//! horizon, no resale value counted), and no amortization or cost of
//! capital is charged. Rented GPUs, power, colocation, maintenance and
//! operations are paid month by month at that month's volume.

use crate::analysis::pricing::{hybrid_lines, hybrid_parts, HybridLines, HybridParts};
use crate::analysis::report::OptionType;
use crate::base::decimal::{add, mul, sum};
use crate::codec::values::{Plain, Usd};
use crate::error::{Error, ErrorKind, Result};
use crate::model::scenario::{OptionKind, Scenario};
use crate::model::selfhost::{CostLine, Hardware, LineItem, SelfHosted};
use crate::model::workload::MAX_TOKENS_PER_DAY;
use rust_decimal::Decimal;
use serde::Serialize;

/// Version of the payback report's JSON layout.
pub const PAYBACK_VERSION: u32 = 1;

/// One option in one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptionMonth {
    /// Month, from 1.
    pub month: u32,
    /// Running costs this month, USD; `null` when the option cannot serve
    /// the month's volume.
    pub operating_usd: Option<Usd>,
    /// One-time costs paid this month (setup, GPUs bought), USD.
    pub one_time_usd: Usd,
    /// Everything paid up to the end of this month, USD; `null` from the
    /// first month the option cannot serve.
    pub cumulative_usd: Option<Usd>,
    /// GPUs in use (self-hosted and hybrid options).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n_gpus: Option<u64>,
}

/// One option over the horizon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptionTimeline {
    /// The option's name.
    pub name: String,
    /// What the option is.
    pub kind: OptionType,
    /// One-time costs over the horizon, USD.
    pub one_time_usd: Usd,
    /// Month by month.
    pub months: Vec<OptionMonth>,
}

/// When a self-hosted (or hybrid) option pays back against an API option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaybackPair {
    /// The self-hosted or hybrid option.
    pub self_hosted: String,
    /// The API option.
    pub api: String,
    /// First month whose cumulative self-hosted cost is at or below the
    /// API's; `null` when that does not happen within the horizon.
    pub payback_month: Option<u32>,
    /// API cumulative minus self-hosted cumulative at the end of the
    /// horizon, USD; `null` when the self-hosted option stops serving.
    pub saving_at_horizon_usd: Option<Usd>,
}

/// The month-by-month view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaybackReport {
    /// [`PAYBACK_VERSION`].
    pub report_version: u32,
    /// The scenario's title.
    pub scenario: String,
    /// Months covered.
    pub horizon_months: u32,
    /// Growth per month, as a share.
    pub monthly_growth: Plain,
    /// Each month's volume, tokens per day (whole tokens), month 1 first.
    pub tokens_per_day: Vec<Plain>,
    /// Every option.
    pub options: Vec<OptionTimeline>,
    /// Every self-hosted or hybrid option against every API option.
    pub payback: Vec<PaybackPair>,
    /// How the months are counted.
    pub assumptions: Vec<String>,
}

/// The cash lines of a month: the report's lines less the amortized ones.
fn cash_operating(lines: &[CostLine]) -> Result<Decimal> {
    sum(
        lines
            .iter()
            .filter(|l| {
                !matches!(
                    l.item,
                    LineItem::EngineeringSetup | LineItem::Amortization | LineItem::CostOfCapital
                )
            })
            .map(|l| l.usd),
        "operating cost",
    )
}

/// Tracks one self-hosted fleet's one-time payments.
struct Fleet<'a> {
    sh: &'a SelfHosted,
    setup_paid: bool,
    gpus_bought: u64,
}

impl Fleet<'_> {
    /// One-time payments this month for a fleet of `n_gpus` (0: nothing is
    /// self-hosted yet).
    fn one_time(&mut self, n_gpus: u64) -> Result<Decimal> {
        let what = "one-time cost";
        let mut total = Decimal::ZERO;
        if n_gpus == 0 {
            return Ok(total);
        }
        if !self.setup_paid {
            self.setup_paid = true;
            let e = self.sh.engineering();
            total = add(total, mul(e.setup_hours, e.usd_per_hour, what)?, what)?;
        }
        if let Hardware::Owned(o) = self.sh.hardware() {
            if n_gpus > self.gpus_bought {
                let new = Decimal::from(n_gpus - self.gpus_bought);
                let each = add(o.purchase_usd_per_gpu, o.server_usd_per_gpu, what)?;
                total = add(total, mul(new, each, what)?, what)?;
                self.gpus_bought = n_gpus;
            }
        }
        Ok(total)
    }
}

/// Every option of `scenario` month by month over the workload's horizon.
///
/// # Errors
/// A volume that grows past 1e15 tokens/day within the horizon; overflow;
/// the sizing model's errors.
pub fn payback(scenario: &Scenario) -> Result<PaybackReport> {
    let workload = scenario.workload();
    let horizon = workload.horizon_months();
    let growth = Decimal::ONE + workload.monthly_growth();
    let mut volumes = Vec::with_capacity(horizon as usize);
    let mut v = workload.tokens_per_day();
    for m in 1..=horizon {
        if m > 1 {
            v = mul(v, growth, "volume growth")?;
        }
        if v > MAX_TOKENS_PER_DAY {
            return Err(Error::new(
                ErrorKind::Limit,
                "workload.monthly_growth",
                format!(
                    "the volume grows to {} tokens/day by month {m}, above the largest volume priced (1e15 tokens/day): lower the monthly growth or shorten the horizon",
                    v.round()
                ),
            ));
        }
        volumes.push(v);
    }
    let mut options = Vec::new();
    let mut series: Vec<Vec<Option<Decimal>>> = Vec::new();
    for option in scenario.options() {
        let mut months = Vec::with_capacity(volumes.len());
        let mut cumulative = Some(Decimal::ZERO);
        let mut cum_series = Vec::with_capacity(volumes.len());
        let mut one_time_total = Decimal::ZERO;
        let mut priced_month =
            |month: u32, operating: Option<Decimal>, one_time: Decimal, n_gpus: Option<u64>| -> Result<()> {
                one_time_total = add(one_time_total, one_time, "one-time cost")?;
                cumulative = match (cumulative, operating) {
                    (Some(c), Some(o)) => Some(add(add(c, o, "cumulative cost")?, one_time, "cumulative cost")?),
                    _ => None,
                };
                cum_series.push(cumulative);
                months.push(OptionMonth {
                    month,
                    operating_usd: operating.map(Usd::new),
                    one_time_usd: Usd::new(one_time),
                    cumulative_usd: cumulative.map(Usd::new),
                    n_gpus,
                });
                Ok(())
            };
        let kind = match option.kind() {
            OptionKind::Api(api) => {
                for (m, v) in (1..).zip(&volumes) {
                    let total = api.monthly_bill(&workload.at_volume(*v)?)?.total_usd;
                    priced_month(m, Some(total), Decimal::ZERO, None)?;
                }
                OptionType::Api
            }
            OptionKind::SelfHosted(sh) => {
                let sizing = sh.sizing(workload)?;
                let mut fleet = Fleet {
                    sh,
                    setup_paid: false,
                    gpus_bought: 0,
                };
                for (m, v) in (1..).zip(&volumes) {
                    let month = sh.month(&workload.at_volume(*v)?, &sizing)?;
                    let serves = month.feasible && sizing.capacity_tokens_per_s.is_some();
                    let one_time = fleet.one_time(month.n_gpus)?;
                    let operating = if serves {
                        Some(cash_operating(&month.lines)?)
                    } else {
                        None
                    };
                    priced_month(m, operating, one_time, Some(month.n_gpus))?;
                }
                OptionType::SelfHosted
            }
            OptionKind::Hybrid(h) => {
                let HybridParts {
                    curve,
                    self_hosted: sh,
                    gpus_per_replica: t,
                } = hybrid_parts(h, scenario)?;
                let mut fleet = Fleet {
                    sh: &sh,
                    setup_paid: false,
                    gpus_bought: 0,
                };
                for (m, v) in (1..).zip(&volumes) {
                    match curve.at(*v)? {
                        Some(p) => {
                            let HybridLines { lines, n_gpus } = hybrid_lines(&sh, t, &p)?;
                            let one_time = fleet.one_time(n_gpus)?;
                            priced_month(m, Some(cash_operating(&lines)?), one_time, Some(n_gpus))?;
                        }
                        None => priced_month(m, None, Decimal::ZERO, None)?,
                    }
                }
                OptionType::Hybrid
            }
        };
        series.push(cum_series);
        options.push(OptionTimeline {
            name: option.name().to_string(),
            kind,
            one_time_usd: Usd::new(one_time_total),
            months,
        });
    }
    let mut pairs = Vec::new();
    for (i, a) in options.iter().enumerate().filter(|(_, o)| o.kind != OptionType::Api) {
        for (j, b) in options.iter().enumerate().filter(|(_, o)| o.kind == OptionType::Api) {
            let month = series[i]
                .iter()
                .zip(&series[j])
                // Compared in cents, as shown: equal bills are a payback.
                .position(|(s, a)| {
                    matches!((s, a), (Some(s), Some(a)) if crate::base::decimal::round_dp(*s, 2) <= crate::base::decimal::round_dp(*a, 2))
                })
                .map(|k| k as u32 + 1);
            let saving = match (series[i].last().copied().flatten(), series[j].last().copied().flatten()) {
                (Some(s), Some(a)) => Some(Usd::new(crate::base::decimal::sub(a, s, "saving")?)),
                _ => None,
            };
            pairs.push(PaybackPair {
                self_hosted: a.name.clone(),
                api: b.name.clone(),
                payback_month: month,
                saving_at_horizon_usd: saving,
            });
        }
    }
    Ok(PaybackReport {
        report_version: PAYBACK_VERSION,
        scenario: scenario.name().to_string(),
        horizon_months: horizon,
        monthly_growth: Plain::exact(workload.monthly_growth()),
        tokens_per_day: volumes.iter().map(|v| Plain::rounded(*v, 0)).collect(),
        options,
        payback: pairs,
        assumptions: vec![
            "Month m's volume is the workload's volume × (1 + monthly growth)^(m − 1).".to_string(),
            "Cash view: setup engineering is paid in full in the first month that self-hosts; an owned GPU's purchase and server price is paid in the month it is added; GPUs bought are kept to the end of the horizon and no resale value is counted; no amortization or cost of capital is charged.".to_string(),
            "Each month's GPUs follow that month's volume (the same sizing rules as the monthly report); rented GPUs, power, colocation, maintenance and operations are paid month by month.".to_string(),
            "Payback month: the first month whose cumulative self-hosted cost is at or below the API's.".to_string(),
        ],
    })
}
