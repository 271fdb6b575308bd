//! A self-hosted option's cost: a staircase, a fixed part plus one step per
//! replica, a replica added each time the volume passes a multiple of what
//! one replica carries.

use crate::base::decimal::{add, ceil_u64, div, mul};
use crate::error::Result;
use rust_decimal::Decimal;
use serde::Serialize;

/// `usd_per_month = fixed_usd + usd_per_step × steps(tokens_per_day)` with
/// `steps = max(min_steps, ceil(tokens_per_day / tokens_per_day_per_step))`.
/// With `max_steps`, volumes above `max_steps × tokens_per_day_per_step`
/// cannot be served. Without a step width the count does not follow the
/// volume and the cost is flat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Staircase {
    /// Cost that does not depend on the count (engineering, spare replicas),
    /// USD per month.
    #[serde(with = "crate::codec::forms::dec_str")]
    pub fixed_usd: Decimal,
    /// Cost of one replica, USD per month.
    #[serde(with = "crate::codec::forms::dec_str")]
    pub usd_per_step: Decimal,
    /// Tokens per day one more replica carries.
    #[serde(serialize_with = "ser_opt_dec")]
    pub tokens_per_day_per_step: Option<Decimal>,
    /// Fewest replicas running.
    pub min_steps: u64,
    /// Most replicas (a fixed count), if any.
    pub max_steps: Option<u64>,
}

pub(crate) fn ser_opt_dec<S: serde::Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}

impl Staircase {
    /// Replicas needed at `tokens_per_day`, or `None` when the volume is above
    /// what a fixed count can serve.
    ///
    /// # Errors
    /// A count too large for `u64`.
    pub fn steps_at(&self, tokens_per_day: Decimal) -> Result<Option<u64>> {
        let needed = match self.tokens_per_day_per_step {
            Some(w) => steps_needed(tokens_per_day, w)?,
            None => 0,
        };
        match self.max_steps {
            Some(max) if needed > max => Ok(None),
            Some(max) => Ok(Some(max.max(self.min_steps))),
            None => Ok(Some(needed.max(self.min_steps))),
        }
    }

    /// Monthly cost with `steps` replicas.
    ///
    /// # Errors
    /// Overflow.
    pub fn usd_with_steps(&self, steps: u64) -> Result<Decimal> {
        add(
            self.fixed_usd,
            mul(self.usd_per_step, Decimal::from(steps), "replica cost")?,
            "monthly cost",
        )
    }

    /// The volume above which the count cannot serve, if it is fixed.
    pub fn capacity_tokens_per_day(&self) -> Option<Decimal> {
        match (self.max_steps, self.tokens_per_day_per_step) {
            (Some(max), Some(w)) => w.checked_mul(Decimal::from(max)),
            _ => None,
        }
    }
}

/// ceil(`tokens_per_day` / `width`): the replicas a volume needs.
///
/// The step width is itself a quotient (capacity × 86,400 / peak-to-average)
/// rounded at Decimal's 28 digits, so a volume computed as k × width can
/// divide back to k plus 1e-26. A quotient within 1e-12 of a whole number
/// is taken as that number (1e-12 of a step is far below one token), so
/// every step edge belongs to the step below it, wherever it was computed.
///
/// # Errors
/// A count too large for `u64`.
pub fn steps_needed(tokens_per_day: Decimal, width: Decimal) -> Result<u64> {
    if let Some(n) = steps_needed_clear_of_edges(tokens_per_day, width) {
        return Ok(n);
    }
    let q = div(tokens_per_day, width, "replicas needed")?;
    let nearest = q.round();
    let snapped = if (q - nearest).abs() <= Decimal::new(1, 12) {
        nearest
    } else {
        q.ceil()
    };
    ceil_u64(snapped, "replicas needed")
}

/// The answer of [`steps_needed`] from a binary floating-point quotient,
/// when that quotient is clearly between two whole numbers; None near a
/// step edge (or for an out-of-range quotient), where only the exact
/// Decimal division decides.
///
/// Why it agrees: converting both operands and dividing costs at most three
/// roundings of 2^-53 each, a relative error under 4e-16; below 1e9 steps
/// that is under 4e-7 in absolute terms. A float quotient more than 1e-6
/// from every whole number therefore has the exact quotient more than
/// 6e-7 from every whole number, far outside the 1e-12 snap: both sides
/// take the same ceiling. (A Decimal division of 28-digit operands is the
/// costliest step of pricing a staircase at every sampled volume.)
fn steps_needed_clear_of_edges(tokens_per_day: Decimal, width: Decimal) -> Option<u64> {
    use rust_decimal::prelude::ToPrimitive;
    let q = tokens_per_day.to_f64()? / width.to_f64()?;
    if !(q > 0.0 && q < 1e9) {
        return None;
    }
    let ceil = libm::ceil(q);
    let distance = (q - libm::floor(q)).min(ceil - q);
    // `ceil` is a whole number below 1e9 here: exact as u64.
    (distance > 1e-6).then_some(ceil as u64)
}
