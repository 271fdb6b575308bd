//! Sensitivity: each numeric input moved down and up by the same share,
//! one at a time, and what it does to the monthly saving and the break-even
//! volume of one self-hosted option against one API option; ranked by the
//! swing of the saving (a tornado chart).

use crate::analysis::pair::{outcome, Outcome, Pair};
use crate::analysis::param::Param;
use crate::analysis::report::Verdict;
use crate::base::decimal::{mul, sub};
use crate::codec::values::{Plain, Usd};
use crate::error::{Error, Result};
use crate::model::scenario::Scenario;
use rust_decimal::Decimal;
use serde::Serialize;

/// Version of the sensitivity report's JSON layout.
pub const SENSITIVITY_VERSION: u32 = 1;

/// The default move of each input: ±20%.
pub const DEFAULT_DELTA: Decimal = Decimal::from_parts(2, 0, 0, false, 1);

/// The pair's result as reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutcomeReport {
    /// API minus self-hosted, USD per month at the workload's volume;
    /// `null` when the self-hosted option cannot serve it.
    pub saving_usd: Option<Usd>,
    /// Whether self-hosting stays cheaper above a volume.
    pub verdict: Verdict,
    /// With `above`: the break-even volume, tokens per day.
    pub break_even_tokens_per_day: Option<Plain>,
}

impl OutcomeReport {
    pub(crate) fn from(o: &Outcome) -> OutcomeReport {
        let (verdict, at) = Verdict::of(o.cheaper_above);
        OutcomeReport {
            saving_usd: o.saving_usd.map(Usd::new),
            verdict,
            break_even_tokens_per_day: at,
        }
    }
}

/// One input moved down and up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SensitivityRow {
    /// The input's path in the scenario file.
    pub input: String,
    /// What it is, in words (the option's name for an option's input).
    pub label: String,
    /// Its value in the scenario.
    pub base_value: Plain,
    /// The value moved down (kept within the field's allowed range).
    pub low_value: Plain,
    /// The value moved up (kept within the field's allowed range).
    pub high_value: Plain,
    /// The pair at the low value.
    pub low: OutcomeReport,
    /// The pair at the high value.
    pub high: OutcomeReport,
    /// |saving at high − saving at low|, USD per month; `null` when either
    /// side cannot serve.
    pub saving_swing_usd: Option<Usd>,
}

/// The whole analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SensitivityReport {
    /// [`SENSITIVITY_VERSION`].
    pub report_version: u32,
    /// The scenario's title.
    pub scenario: String,
    /// The self-hosted option compared.
    pub self_hosted: String,
    /// The API option compared.
    pub api: String,
    /// Each input moves by this share down and up (0.2 = ±20%).
    pub delta: Plain,
    /// The pair with every input as given.
    pub base: OutcomeReport,
    /// One row per input, largest saving swing first.
    pub rows: Vec<SensitivityRow>,
}

fn label(param: &Param, scenario: &Scenario) -> String {
    param.label(scenario)
}

/// Moves every input of the scenario that bears on `pair` by −`delta` and
/// +`delta` (a share, 0 < delta < 1), one at a time.
///
/// Inputs are the workload's and the pair's two options' (see
/// [`Param::all`]); the growth rate is left out (it changes no month's
/// cost, only the timeline). A share moved past 0 or 1, or a
/// peak-to-average below 1, is held at the bound. A move the scenario
/// refuses (a cached share plus a cache-write share above 1) leaves that
/// side unchanged.
///
/// # Errors
/// `delta` out of range; overflow; the sizing model's errors.
pub fn sensitivity(scenario: &Scenario, pair: Pair, delta: Decimal) -> Result<SensitivityReport> {
    if delta <= Decimal::ZERO || delta >= Decimal::ONE {
        return Err(Error::invalid(
            "delta",
            format!("must be above 0 and below 1 (a share), found {delta}"),
        ));
    }
    pair.parts(scenario)?;
    let base = outcome(scenario, pair, None)?;
    let mut rows = Vec::new();
    for param in Param::all(scenario) {
        match param {
            Param::Option(i, _) if i != pair.self_hosted && i != pair.api => continue,
            Param::Workload(crate::model::workload::WorkloadInput::MonthlyGrowth) => continue,
            _ => {}
        }
        let Some(value) = param.get(scenario)? else {
            continue;
        };
        let (lo_bound, hi_bound) = param.bounds();
        let clamp = |v: Decimal| {
            let v = v.max(lo_bound);
            hi_bound.map_or(v, |h| v.min(h))
        };
        let moved = |sign: Decimal| -> Result<(Decimal, Outcome)> {
            let target = clamp(mul(value, Decimal::ONE + sign * delta, "sensitivity")?);
            let mut s = scenario.clone();
            match param.set(&mut s, target) {
                Ok(()) => Ok((target, outcome(&s, pair, None)?)),
                Err(_) => Ok((value, base)),
            }
        };
        let (low_value, low) = moved(-Decimal::ONE)?;
        let (high_value, high) = moved(Decimal::ONE)?;
        let swing = match (low.saving_usd, high.saving_usd) {
            (Some(a), Some(b)) => Some(sub(b, a, "saving swing")?.abs()),
            _ => None,
        };
        rows.push((
            swing,
            SensitivityRow {
                input: param.path(),
                label: label(&param, scenario),
                base_value: Plain::exact(value),
                low_value: Plain::exact(low_value),
                high_value: Plain::exact(high_value),
                low: OutcomeReport::from(&low),
                high: OutcomeReport::from(&high),
                saving_swing_usd: swing.map(Usd::new),
            },
        ));
    }
    // Largest swing first; rows without a swing last; ties keep file order.
    rows.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    Ok(SensitivityReport {
        report_version: SENSITIVITY_VERSION,
        scenario: scenario.name().to_string(),
        self_hosted: scenario.options()[pair.self_hosted].name().to_string(),
        api: scenario.options()[pair.api].name().to_string(),
        delta: Plain::exact(delta),
        base: OutcomeReport::from(&base),
        rows: rows.into_iter().map(|(_, r)| r).collect(),
    })
}
