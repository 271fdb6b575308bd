//! One self-hosted option against one API option, reduced to two numbers:
//! the monthly saving at the workload's volume and the break-even volume.
//! The sensitivity and Monte Carlo analyses recompute these many times.

use crate::analysis::breakeven::{self, CheaperAbove};
use crate::base::decimal::{div, sub};
use crate::error::{Error, ErrorKind, Result};
use crate::model::api::ApiPrices;
use crate::model::scenario::{OptionKind, Scenario};
use crate::model::selfhost::{SelfHosted, Sizing};
use rust_decimal::Decimal;

/// The pair compared: indices of a self-hosted and an API option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    /// Index of the self-hosted option.
    pub self_hosted: usize,
    /// Index of the API option.
    pub api: usize,
}

impl Pair {
    /// The pair named `self_hosted` and `api`; by default the scenario's
    /// first self-hosted option and the API the verdict compares with (the
    /// cheapest at the workload's volume, [`cheapest_api`]), or the first
    /// API when the scenario cannot be priced.
    ///
    /// [`cheapest_api`]: crate::analysis::verdict::cheapest_api
    ///
    /// # Errors
    /// A name that is not a self-hosted (or API) option of the scenario; a
    /// scenario without one of either kind.
    pub fn choose(scenario: &Scenario, self_hosted: Option<&str>, api: Option<&str>) -> Result<Pair> {
        let pick = |name: Option<&str>, field: &str, is: fn(&OptionKind) -> bool, what: &str| -> Result<usize> {
            let options = scenario.options();
            match name {
                Some(n) => match options.iter().position(|o| o.name() == n) {
                    Some(i) if is(options[i].kind()) => Ok(i),
                    Some(_) => Err(Error::invalid(field, format!("option {n:?} is not {what} option"))),
                    None => Err(Error::new(
                        ErrorKind::UnknownId,
                        field,
                        format!(
                            "no option is named {n:?}; the options are {}",
                            options
                                .iter()
                                .map(|o| format!("{:?}", o.name()))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )),
                },
                None => options
                    .iter()
                    .position(|o| is(o.kind()))
                    .ok_or_else(|| Error::invalid(field, format!("the scenario has no {what} option to compare"))),
            }
        };
        Ok(Pair {
            self_hosted: pick(
                self_hosted,
                "self_hosted",
                |k| matches!(k, OptionKind::SelfHosted(_)),
                "a self-hosted",
            )?,
            api: match api {
                Some(name) => pick(Some(name), "api", |k| matches!(k, OptionKind::Api(_)), "an API")?,
                None => {
                    let cheapest = crate::analysis::report::evaluate(scenario).ok().and_then(|r| {
                        let name = &r.options[crate::analysis::verdict::cheapest_api(&r)?].name;
                        scenario.options().iter().position(|o| o.name() == name)
                    });
                    match cheapest {
                        Some(i) => i,
                        None => pick(None, "api", |k| matches!(k, OptionKind::Api(_)), "an API")?,
                    }
                }
            },
        })
    }

    pub(crate) fn parts<'a>(&self, scenario: &'a Scenario) -> Result<(&'a SelfHosted, &'a ApiPrices)> {
        match (
            scenario.options().get(self.self_hosted).map(|o| o.kind()),
            scenario.options().get(self.api).map(|o| o.kind()),
        ) {
            (Some(OptionKind::SelfHosted(sh)), Some(OptionKind::Api(api))) => Ok((sh, api)),
            _ => Err(Error::invalid("", "the pair is not a self-hosted and an API option")),
        }
    }
}

/// The pair's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// API cost minus self-hosted cost at the workload's volume, USD per
    /// month (positive: self-hosting saves); `None` when the self-hosted
    /// option cannot serve the volume.
    pub saving_usd: Option<Decimal>,
    /// Where self-hosting becomes and stays cheaper, within the range.
    pub cheaper_above: CheaperAbove,
}

/// The pair's outcome in `scenario`. With `sizing`, that sizing is reused
/// (valid while the token mix and latency target are those it was made
/// for); a capacity the option gives overrides the sized one.
///
/// # Errors
/// Overflow; the sizing model's errors.
pub fn outcome(scenario: &Scenario, pair: Pair, sizing: Option<&Sizing>) -> Result<Outcome> {
    let (sh, api) = pair.parts(scenario)?;
    let workload = scenario.workload();
    let owned;
    let sizing = match sizing {
        Some(s) => match sh.capacity_tokens_per_s() {
            Some(c) => {
                // Only the replica's GPUs and capacity price it: no copy of
                // the estimate (a Monte Carlo sample per drawn capacity).
                owned = Sizing {
                    gpus_per_replica: s.gpus_per_replica,
                    capacity_tokens_per_s: Some(c),
                    capacity_given: true,
                    reason: None,
                    estimate: None,
                };
                &owned
            }
            None => s,
        },
        None => {
            owned = sh.sizing(workload)?;
            &owned
        }
    };
    let stair = sh.staircase(workload, sizing)?;
    let v = workload.tokens_per_day();
    let api_usd = api.monthly_bill(workload)?.total_usd;
    let sh_usd = match stair.steps_at(v)? {
        Some(n) if sizing.capacity_tokens_per_s.is_some() => Some(stair.usd_with_steps(n)?),
        _ => None,
    };
    let slope = div(api_usd, v, "API slope")?;
    let range = scenario.range();
    let pair = breakeven::crossings(&stair, slope, range.min_tokens_per_day(), range.max_tokens_per_day())?;
    Ok(Outcome {
        saving_usd: match sh_usd {
            Some(s) => Some(sub(api_usd, s, "saving")?),
            None => None,
        },
        cheaper_above: pair.cheaper_above,
    })
}
