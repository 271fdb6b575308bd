//! Where a self-hosted staircase crosses an API's line.
//!
//! With g(V) = S(V) − A(V), S the staircase and A(V) = a·V the API, on the
//! step of k replicas S is the constant F + C·k. Let W be the step width
//! and D = a·W − C (what the API costs over one step's volume, less one
//! replica). On a step past the first:
//!
//! - S falls below A inside step k iff F < k·D < F + a·W (at V = (F + C·k)/a);
//! - S jumps above A where step k starts iff F < (k−1)·D < F + C.
//!
//! So crossings exist only in a band of k, found without walking every
//! step: a range of 1e11 tokens/day is solved as fast as one of 1e6.

use crate::base::decimal::{add, div, mul, sub};
use crate::error::Result;
use crate::model::curve::CostCurve;
use crate::model::staircase::Staircase;
use rust_decimal::prelude::*;
use rust_decimal::Decimal;

/// Most crossings listed for one pair; the count is always exact.
pub const MAX_LISTED_CROSSINGS: usize = 200;

/// Which way the curves cross.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CrossingKind {
    /// The API's cost rises past the self-hosted cost: self-hosting becomes
    /// cheaper. The two costs are equal here.
    SelfHostedBecomesCheaper,
    /// A replica is added and the self-hosted cost jumps above the API's.
    /// The API's cost lies between the two sides of the jump.
    SelfHostedBecomesDearerAtStep,
    /// The volume passes what a fixed GPU count can serve.
    SelfHostedCapacityExceeded,
}

/// One crossing of two cost curves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crossing {
    /// Volume, tokens per day.
    pub tokens_per_day: Decimal,
    /// Which way.
    pub kind: CrossingKind,
    /// The API's monthly cost there, USD.
    pub api_usd: Decimal,
}

/// Above which volume self-hosting stays cheaper, within the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheaperAbove {
    /// Self-hosting is not cheaper at the top of the range.
    Never,
    /// Self-hosting is cheaper over the whole range.
    Always,
    /// Self-hosting is cheaper at every volume above this one, up to the top
    /// of the range.
    Above(Decimal),
}

/// The crossings of one self-hosted option with one API option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairCrossings {
    /// The first crossings, by volume (at most [`MAX_LISTED_CROSSINGS`]).
    pub crossings: Vec<Crossing>,
    /// How many crossings there are in the range.
    pub n_crossings: u64,
    /// The verdict.
    pub cheaper_above: CheaperAbove,
}

fn floor_u64(x: Decimal) -> u64 {
    if x <= Decimal::ZERO {
        0
    } else {
        x.floor().to_u64().unwrap_or(u64::MAX)
    }
}

/// Smallest whole k with k > x (x ≥ 0 gives at least 1... or 0 when x < 0).
fn first_above(x: Decimal) -> u64 {
    if x < Decimal::ZERO {
        0
    } else {
        floor_u64(x).saturating_add(1)
    }
}

/// Largest whole k with k < x, or None when there is none at or above 0.
fn last_below(x: Decimal) -> Option<u64> {
    if x <= Decimal::ZERO {
        return None;
    }
    let c = x.ceil().to_u64().unwrap_or(u64::MAX);
    Some(c - 1)
}

/// Crossings of `stair` with the API line of slope `api_slope` (USD per
/// month per token per day) over volumes `lo..=hi`.
///
/// # Errors
/// Overflow.
pub fn crossings(stair: &Staircase, api_slope: Decimal, lo: Decimal, hi: Decimal) -> Result<PairCrossings> {
    let what = "break-even";
    let curve = CostCurve::Staircase(stair.clone());
    let api = CostCurve::Linear {
        usd_per_month_per_token_per_day: api_slope,
    };
    // g at V; None where the self-hosted option cannot serve.
    let g = |v: Decimal| -> Result<Option<Decimal>> {
        match (curve.usd_at(v)?, api.usd_at(v)?) {
            (Some(s), Some(a)) => Ok(Some(sub(s, a, what)?)),
            _ => Ok(None),
        }
    };
    let never = |crossings: Vec<Crossing>, n: u64| PairCrossings {
        crossings,
        n_crossings: n,
        cheaper_above: CheaperAbove::Never,
    };
    if api_slope <= Decimal::ZERO {
        return Ok(never(Vec::new(), 0));
    }
    let a = api_slope;
    let f = stair.fixed_usd;
    let c = stair.usd_per_step;
    let api_usd = |v: Decimal| mul(a, v, what);

    let Some(w) = stair.tokens_per_day_per_step else {
        // A fixed count with no capacity: a flat line.
        let s = stair.usd_with_steps(stair.max_steps.unwrap_or(stair.min_steps).max(stair.min_steps))?;
        let v = div(s, a, what)?;
        let mut list = Vec::new();
        if v > lo && v < hi {
            list.push(Crossing {
                tokens_per_day: v,
                kind: CrossingKind::SelfHostedBecomesCheaper,
                api_usd: api_usd(v)?,
            });
        }
        let n = list.len() as u64;
        let verdict = if v >= hi {
            CheaperAbove::Never
        } else if v < lo {
            CheaperAbove::Always
        } else {
            CheaperAbove::Above(v)
        };
        return Ok(PairCrossings {
            crossings: list,
            n_crossings: n,
            cheaper_above: verdict,
        });
    };

    let k0 = stair.min_steps.max(1);
    let capacity = stair.max_steps.map(|m| mul(w, Decimal::from(m), what)).transpose()?;
    let top = match capacity {
        Some(cap) if cap < hi => cap,
        _ => hi,
    };
    if top < lo {
        return Ok(never(Vec::new(), 0));
    }
    let step_of = |v: Decimal| -> Result<u64> { Ok(crate::model::staircase::steps_needed(v, w)?.max(k0)) };
    let k_lo = step_of(lo)?;
    let k_hi = step_of(top)?;

    // Continuous crossings: in the first step, and in the band of later steps.
    let mut cont: Vec<u64> = Vec::new(); // step indices, listed part only
    let mut n_cont: u64 = 0;
    let mut last_cont: Option<Decimal> = None;
    let in_range = |v: Decimal| v >= lo && v <= top;
    // First step (0, k0·W].
    let s0 = stair.usd_with_steps(k0)?;
    let v0 = div(s0, a, what)?;
    if v0 > Decimal::ZERO && v0 < mul(w, Decimal::from(k0), what)? && in_range(v0) {
        n_cont += 1;
        cont.push(k0);
        last_cont = Some(v0);
    }
    let d = sub(mul(a, w, what)?, c, what)?;
    let first_later = k_lo.max(k0 + 1);
    let (mut n_step, mut steps): (u64, Vec<u64>) = (0, Vec::new());
    if d > Decimal::ZERO && k_hi >= first_later {
        // Continuous: F < kD < F + aW.
        let c1 = first_above(div(f, d, what)?).max(first_later);
        let c2 = last_below(div(add(f, mul(a, w, what)?, what)?, d, what)?).map(|x| x.min(k_hi));
        if let Some(c2) = c2 {
            let mut k = c1;
            while k <= c2 {
                let v = div(stair.usd_with_steps(k)?, a, what)?;
                if in_range(v) {
                    n_cont += 1;
                    last_cont = Some(v);
                    if cont.len() < MAX_LISTED_CROSSINGS {
                        cont.push(k);
                    }
                }
                // Inner steps are all in range; jump to the last ones once
                // the list is full.
                if cont.len() >= MAX_LISTED_CROSSINGS && k + 2 < c2 {
                    let skipped = c2 - 1 - (k + 1);
                    n_cont += skipped;
                    k = c2 - 1;
                    continue;
                }
                k += 1;
            }
        }
        // At a step: F < jD < F + C with j = k − 1, the jump at V = jW.
        let s1 = first_above(div(f, d, what)?).max(first_later - 1);
        let s2 = last_below(div(add(f, c, what)?, d, what)?).map(|x| x.min(k_hi - 1));
        if let Some(s2) = s2 {
            let mut j = s1;
            while j <= s2 {
                let v = mul(w, Decimal::from(j), what)?;
                if v >= lo && v < top {
                    n_step += 1;
                    if steps.len() < MAX_LISTED_CROSSINGS {
                        steps.push(j);
                    }
                }
                if steps.len() >= MAX_LISTED_CROSSINGS && j + 2 < s2 {
                    n_step += s2 - 1 - (j + 1);
                    j = s2 - 1;
                    continue;
                }
                j += 1;
            }
        }
    }

    let mut list: Vec<Crossing> = Vec::new();
    for k in cont {
        let v = div(stair.usd_with_steps(k)?, a, what)?;
        list.push(Crossing {
            tokens_per_day: v,
            kind: CrossingKind::SelfHostedBecomesCheaper,
            api_usd: api_usd(v)?,
        });
    }
    for j in steps {
        let v = mul(w, Decimal::from(j), what)?;
        list.push(Crossing {
            tokens_per_day: v,
            kind: CrossingKind::SelfHostedBecomesDearerAtStep,
            api_usd: api_usd(v)?,
        });
    }
    let mut n = n_cont + n_step;
    if let Some(cap) = capacity {
        if cap >= lo && cap < hi && g(cap)?.is_some_and(|x| x < Decimal::ZERO) {
            n += 1;
            list.push(Crossing {
                tokens_per_day: cap,
                kind: CrossingKind::SelfHostedCapacityExceeded,
                api_usd: api_usd(cap)?,
            });
        }
    }
    // Two ascending runs of at most MAX_LISTED_CROSSINGS each (and the
    // capacity), merged in volume order; the sort is stable.
    list.sort_by_key(|c| c.tokens_per_day);
    list.truncate(MAX_LISTED_CROSSINGS);

    let at_hi = g(hi)?;
    let verdict = match at_hi {
        Some(x) if x < Decimal::ZERO => match last_cont {
            Some(v) => CheaperAbove::Above(v),
            None => CheaperAbove::Always,
        },
        _ => CheaperAbove::Never,
    };
    Ok(PairCrossings {
        crossings: list,
        n_crossings: n,
        cheaper_above: verdict,
    })
}
