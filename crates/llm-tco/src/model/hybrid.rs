//! Hybrid routing: a self-hosted option and an API option sharing one
//! workload.
//!
//! Three splits:
//!
//! - **overflow**: `n` always-on base replicas carry the traffic up to their
//!   capacity in every hour; what the busy hours bring above it goes to the
//!   API. Without an hourly profile the hours follow a *linear load-duration
//!   curve*: sorted from busiest to quietest, the hourly load falls in a
//!   straight line from the peak (`peak_to_average` × average) to
//!   `(2 − peak_to_average)` × average, or, for a peak above twice the
//!   average, to zero over the first `2 / peak_to_average` of the time. The
//!   overflow above a capacity `K` is then the area of a triangle, in closed
//!   form. The cheapest `n` is found exactly: for `n ≥ 1` the cost is
//!   convex in `n` (a replica's cost is constant, the overflow it saves
//!   shrinks), so a binary search finds the minimum, which is then compared
//!   with `n = 0` (API only, no fixed costs).
//! - **share**: a fixed share of every hour's traffic is self-hosted, sized
//!   like the self-hosted option itself; the rest is billed by the API.
//! - **batch**: the workload's batch share goes to the API's batch tier
//!   (the whole share at the batch discount); the rest is self-hosted.
//!
//! Every cost here is exact Decimal arithmetic; the curve is a closed form
//! evaluated at any volume.

use crate::base::decimal::{add, div, mul, sub};
use crate::error::Result;
use crate::model::staircase::{steps_needed, Staircase};
use crate::spec::scenario::Split;
use rust_decimal::Decimal;
use serde::Serialize;

/// A hybrid option's cost as a function of volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HybridCurve {
    /// How the traffic is split.
    pub split: Split,
    /// The self-hosted part's staircase (its own billing and sizing).
    pub self_hosted: Staircase,
    /// API cost of the workload's traffic: USD per month for each token per
    /// day.
    #[serde(with = "crate::codec::forms::dec_str")]
    pub api_usd_per_month_per_token_per_day: Decimal,
    /// API cost of traffic sent entirely through the batch tier, same unit
    /// (split `batch`).
    #[serde(with = "crate::codec::forms::dec_str")]
    pub api_batch_usd_per_month_per_token_per_day: Decimal,
    /// Share of the traffic self-hosted (split `share`: as given; `batch`:
    /// 1 − batch share; `overflow`: unused, 1).
    #[serde(with = "crate::codec::forms::dec_str")]
    pub self_hosted_share: Decimal,
    /// Peak hour over average hour (split `overflow`).
    #[serde(with = "crate::codec::forms::dec_str")]
    pub peak_to_average: Decimal,
    /// Tokens per day one replica carries when busy all day (capacity ×
    /// 86,400); `null` when the self-hosted option cannot serve.
    #[serde(serialize_with = "crate::model::staircase::ser_opt_dec")]
    pub replica_tokens_per_day: Option<Decimal>,
    /// Always-on base replicas when fixed (split `overflow`); `null`: the
    /// cheapest count at each volume.
    pub base_replicas: Option<u64>,
}

/// A hybrid option at one volume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HybridPoint {
    /// Total, USD per month.
    pub total_usd: Decimal,
    /// Self-hosted part (GPUs, engineering, spares), USD per month; zero
    /// when nothing is self-hosted.
    pub self_hosted_usd: Decimal,
    /// API part, USD per month.
    pub api_usd: Decimal,
    /// Replicas serving (base replicas for `overflow`), spares not included.
    pub replicas: u64,
    /// Tokens per day served by the self-hosted part.
    pub self_hosted_tokens_per_day: Decimal,
    /// Tokens per day sent to the API.
    pub api_tokens_per_day: Decimal,
}

/// Traffic above a capacity of `capacity` tokens/day (as a rate), under the
/// linear load-duration curve with mean `average` and peak-to-average
/// `peak_to_average`: tokens per day that overflow.
///
/// # Errors
/// Overflow.
pub fn overflow_tokens_per_day(average: Decimal, peak_to_average: Decimal, capacity: Decimal) -> Result<Decimal> {
    let what = "overflow traffic";
    let peak = mul(average, peak_to_average, what)?;
    if capacity >= peak {
        return Ok(Decimal::ZERO);
    }
    let two = Decimal::TWO;
    // Quietest hour and the share of the time the load is above zero.
    let (trough, duration) = if peak_to_average <= two {
        (mul(sub(two, peak_to_average, what)?, average, what)?, Decimal::ONE)
    } else {
        (Decimal::ZERO, div(two, peak_to_average, what)?)
    };
    if capacity <= trough {
        return sub(average, capacity, what);
    }
    // The triangle above the capacity: base (P − K) by duration share
    // D·(P − K)/(P − T), halved.
    let over = sub(peak, capacity, what)?;
    let span = sub(peak, trough, what)?;
    div(
        mul(mul(over, over, what)?, duration, what)?,
        mul(two, span, what)?,
        what,
    )
}

impl HybridCurve {
    fn overflow_cost(&self, tokens_per_day: Decimal, n: u64, per_replica_day: Decimal) -> Result<HybridPoint> {
        let what = "hybrid cost";
        if n == 0 {
            let api_usd = mul(self.api_usd_per_month_per_token_per_day, tokens_per_day, what)?;
            return Ok(HybridPoint {
                total_usd: api_usd,
                self_hosted_usd: Decimal::ZERO,
                api_usd,
                replicas: 0,
                self_hosted_tokens_per_day: Decimal::ZERO,
                api_tokens_per_day: tokens_per_day,
            });
        }
        let capacity = mul(per_replica_day, Decimal::from(n), what)?;
        let over = overflow_tokens_per_day(tokens_per_day, self.peak_to_average, capacity)?;
        let sh = self.self_hosted.usd_with_steps(n)?;
        let api_usd = mul(self.api_usd_per_month_per_token_per_day, over, what)?;
        Ok(HybridPoint {
            total_usd: add(sh, api_usd, what)?,
            self_hosted_usd: sh,
            api_usd,
            replicas: n,
            self_hosted_tokens_per_day: sub(tokens_per_day, over, what)?,
            api_tokens_per_day: over,
        })
    }

    /// The split at `tokens_per_day`, or `None` when the self-hosted part
    /// cannot serve its share.
    ///
    /// # Errors
    /// Overflow.
    pub fn at(&self, tokens_per_day: Decimal) -> Result<Option<HybridPoint>> {
        let what = "hybrid cost";
        match self.split {
            Split::Overflow => {
                let Some(r) = self.replica_tokens_per_day.filter(|r| *r > Decimal::ZERO) else {
                    return self.overflow_cost(tokens_per_day, 0, Decimal::ONE).map(Some);
                };
                if let Some(n) = self.base_replicas {
                    return self.overflow_cost(tokens_per_day, n, r).map(Some);
                }
                // Enough replicas for the peak: nothing overflows.
                let n_max = steps_needed(mul(tokens_per_day, self.peak_to_average, what)?, r)?.max(1);
                let cost = |n: u64| self.overflow_cost(tokens_per_day, n, r);
                // Smallest n in [1, n_max] where adding a replica stops paying.
                let (mut lo, mut hi) = (1u64, n_max);
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    if cost(mid + 1)?.total_usd >= cost(mid)?.total_usd {
                        hi = mid;
                    } else {
                        lo = mid + 1;
                    }
                }
                let best = cost(lo)?;
                let api_only = cost(0)?;
                Ok(Some(if api_only.total_usd <= best.total_usd {
                    api_only
                } else {
                    best
                }))
            }
            Split::Share | Split::Batch => {
                let sh_tokens = mul(tokens_per_day, self.self_hosted_share, what)?;
                let api_tokens = sub(tokens_per_day, sh_tokens, what)?;
                let slope = match self.split {
                    Split::Batch => self.api_batch_usd_per_month_per_token_per_day,
                    _ => self.api_usd_per_month_per_token_per_day,
                };
                let api_usd = mul(slope, api_tokens, what)?;
                let (replicas, sh_usd) = if sh_tokens.is_zero() {
                    (0, Decimal::ZERO)
                } else {
                    match self.self_hosted.steps_at(sh_tokens)? {
                        Some(n) => (n, self.self_hosted.usd_with_steps(n)?),
                        None => return Ok(None),
                    }
                };
                Ok(Some(HybridPoint {
                    total_usd: add(sh_usd, api_usd, what)?,
                    self_hosted_usd: sh_usd,
                    api_usd,
                    replicas,
                    self_hosted_tokens_per_day: sh_tokens,
                    api_tokens_per_day: api_tokens,
                }))
            }
        }
    }
}
