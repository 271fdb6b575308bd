//! Cost curves: monthly cost against volume (tokens per day), exactly.
//!
//! An API's cost is linear in volume. A self-hosted option's cost is a
//! [`Staircase`]; a hybrid's a [`HybridCurve`]. Each is kept in closed form,
//! so a curve is exact at every volume and crossings are solved, not
//! sampled.

use crate::base::decimal::mul;
use crate::error::Result;
use crate::model::hybrid::HybridCurve;
use crate::model::staircase::Staircase;
use rust_decimal::Decimal;
use serde::Serialize;

/// Monthly cost as a function of volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CostCurve {
    /// `usd_per_month = usd_per_month_per_token_per_day × tokens_per_day`.
    Linear {
        /// Slope: USD per month for each token per day.
        #[serde(with = "crate::codec::forms::dec_str")]
        usd_per_month_per_token_per_day: Decimal,
    },
    /// A staircase of replicas.
    Staircase(Staircase),
    /// A self-hosted base and an API sharing the load (see [`crate::model::hybrid`]).
    Hybrid(Box<HybridCurve>),
}

impl CostCurve {
    /// Monthly cost at `tokens_per_day`, or `None` where the option cannot
    /// serve that volume.
    ///
    /// # Errors
    /// Overflow.
    pub fn usd_at(&self, tokens_per_day: Decimal) -> Result<Option<Decimal>> {
        match self {
            CostCurve::Linear {
                usd_per_month_per_token_per_day,
            } => Ok(Some(mul(
                *usd_per_month_per_token_per_day,
                tokens_per_day,
                "monthly cost",
            )?)),
            CostCurve::Staircase(s) => match s.steps_at(tokens_per_day)? {
                Some(n) => s.usd_with_steps(n).map(Some),
                None => Ok(None),
            },
            CostCurve::Hybrid(h) => Ok(h.at(tokens_per_day)?.map(|p| p.total_usd)),
        }
    }
}
