//! Monte Carlo: the inputs a scenario gives as ranges (low, most likely,
//! high) drawn from triangular distributions, many times, with a seeded
//! generator, so that a seed gives the same percentiles to the last digit
//! on every surface and platform. A self-hosted option's capacity may be
//! drawn within its engine profile's calibration band (`band =
//! "calibration"` on an `[[uncertainty]]` entry), so the break-even range
//! includes the sizing model's own error.
//!
//! The generator is SplitMix64; a uniform draw u in [0, 1) takes the top 53
//! bits; the triangular inverse CDF uses only `+ − × ÷` and `sqrt`, which
//! IEEE 754 rounds correctly everywhere, so native and wasm32 draw the same
//! values.

use crate::analysis::breakeven::CheaperAbove;
use crate::analysis::pair::{outcome, Pair};
use crate::analysis::param::UncertainInput;
use crate::base::float::from_f64;
use crate::codec::values::{Fixed, Plain, Usd};
use crate::error::{Error, ErrorKind, Result};
use crate::model::scenario::Scenario;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

/// Version of the Monte Carlo report's JSON layout.
pub const MONTE_CARLO_VERSION: u32 = 1;
/// Most samples one run may draw.
pub const MAX_SAMPLES: u32 = 1_000_000;
/// Samples drawn when none are asked for.
pub const DEFAULT_SAMPLES: u32 = 10_000;

/// SplitMix64 (Steele, Lea, Flood 2014): a small, fast, well-mixed
/// generator whose whole state is one `u64`.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A uniform draw in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// The triangular distribution's inverse CDF at `u`.
fn triangular(u: f64, low: f64, likely: f64, high: f64) -> f64 {
    let span = high - low;
    if span <= 0.0 {
        return low;
    }
    let f = (likely - low) / span;
    if u < f {
        low + (u * span * (likely - low)).sqrt()
    } else {
        high - ((1.0 - u) * span * (high - likely)).sqrt()
    }
}

/// P10, P50 and P90 of a quantity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Percentiles<T> {
    /// 10th percentile.
    pub p10: Option<T>,
    /// Median.
    pub p50: Option<T>,
    /// 90th percentile.
    pub p90: Option<T>,
}

/// An input drawn, as reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputRange {
    /// Path of the input in the scenario file.
    pub input: String,
    /// Lowest value.
    pub low: Plain,
    /// Most likely value.
    pub likely: Plain,
    /// Highest value.
    pub high: Plain,
    /// `calibration` when the range is a sized capacity's calibration band
    /// (its engine profile's error), not given in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band: Option<crate::spec::scenario::UncertaintyBand>,
}

/// The run's results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonteCarloReport {
    /// [`MONTE_CARLO_VERSION`].
    pub report_version: u32,
    /// The scenario's title.
    pub scenario: String,
    /// The self-hosted option compared.
    pub self_hosted: String,
    /// The API option compared.
    pub api: String,
    /// The seed, as a decimal string (a u64 does not fit a JSON number
    /// exactly).
    pub seed: String,
    /// Samples drawn.
    pub samples: u32,
    /// The inputs drawn; every other input keeps its value.
    pub inputs: Vec<InputRange>,
    /// API minus self-hosted cost at the workload's volume, USD per month;
    /// samples where the self-hosted option cannot serve count as the
    /// lowest savings (`null` when a percentile falls among them).
    pub saving_usd: Percentiles<Usd>,
    /// The break-even volume, tokens per day: `always` counts as the
    /// range's low end; `null` where self-hosting is not cheaper within the
    /// range (never).
    pub break_even_tokens_per_day: Percentiles<Plain>,
    /// Share of samples where self-hosting is cheaper at the workload's
    /// volume, 4 places.
    pub probability_self_hosted_cheaper: Fixed<4>,
    /// Share of samples with a break-even volume within the range
    /// (`above` or `always`), 4 places.
    pub probability_break_even_in_range: Fixed<4>,
}

/// Nearest-rank percentile `p` (in percent) of sorted `values`.
fn percentile<T: Clone>(sorted: &[T], p: u32) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len() as u64;
    let rank = (u64::from(p) * n).div_ceil(100).max(1);
    sorted.get((rank - 1) as usize).cloned()
}

fn share(count: u64, total: u32) -> Fixed<4> {
    Fixed::new(Decimal::from(count) / Decimal::from(total))
}

/// `scenario` with its self-hosted option `pair.self_hosted`'s capacity
/// drawn within its calibration band (an `[[uncertainty]]` entry with `band
/// = "calibration"`), unless the scenario already varies that capacity.
pub fn with_capacity_band(scenario: &Scenario, pair: Pair) -> Scenario {
    let Some(option) = scenario.options().get(pair.self_hosted) else {
        return scenario.clone();
    };
    let band = crate::spec::scenario::UncertainInputSpec::capacity_band(option.name());
    let mut ranges = scenario.uncertainty().to_vec();
    if !ranges.iter().any(|u| u.same_input(&band)) {
        ranges.push(band);
    }
    scenario.clone().with_uncertainty(ranges)
}

/// Draws `samples` scenarios from the scenario's ranges with `seed` and
/// gives the percentiles of `pair`'s saving and break-even volume.
///
/// Each sample draws every range in file order, one uniform number per
/// range. The self-hosted option is sized once when no drawn input changes
/// the token mix or the latency target.
///
/// # Errors
/// A scenario without ranges; `samples` of 0 or above [`MAX_SAMPLES`];
/// overflow; the sizing model's errors.
pub fn monte_carlo(scenario: &Scenario, pair: Pair, samples: u32, seed: u64) -> Result<MonteCarloReport> {
    monte_carlo_with_progress(scenario, pair, samples, seed, &mut |_| {})
}

/// [`monte_carlo`], calling `progress` with the samples done so far every
/// 1,000 samples (for a progress bar).
///
/// # Errors
/// As [`monte_carlo`].
pub fn monte_carlo_with_progress(
    scenario: &Scenario,
    pair: Pair,
    samples: u32,
    seed: u64,
    progress: &mut dyn FnMut(u32),
) -> Result<MonteCarloReport> {
    let mut run = MonteCarloRun::new(scenario, pair, samples, seed)?;
    while !run.is_done() {
        progress(run.step(1000)?);
    }
    Ok(run.finish())
}

/// A Monte Carlo run that can be driven in steps (a page draws a batch,
/// shows its progress, and draws the next); the same draws, in the same
/// order, as [`monte_carlo`], so the same report.
#[derive(Debug, Clone)]
pub struct MonteCarloRun {
    /// The scenario as drawn so far (its ranged inputs change per sample;
    /// its name and options do not).
    scenario: Scenario,
    pair: Pair,
    samples: u32,
    seed: u64,
    rng: SplitMix64,
    sizing: Option<crate::model::selfhost::Sizing>,
    ranges: Vec<UncertainInput>,
    bounds: Vec<(f64, f64, f64)>,
    // Sentinels keep both lists plain Decimals, sorted by one routine:
    // cannot serve = the lowest saving, never = the highest break-even.
    savings: Vec<Decimal>,
    break_evens: Vec<Decimal>,
    cheaper: u64,
    in_range: u64,
}

impl MonteCarloRun {
    /// A run of `samples` draws with `seed`; nothing is drawn yet.
    ///
    /// # Errors
    /// As [`monte_carlo`].
    pub fn new(scenario: &Scenario, pair: Pair, samples: u32, seed: u64) -> Result<MonteCarloRun> {
        if samples == 0 || samples > MAX_SAMPLES {
            return Err(Error::new(
                ErrorKind::Limit,
                "samples",
                format!("must be between 1 and {MAX_SAMPLES}, found {samples}"),
            ));
        }
        let ranges = UncertainInput::of(scenario)?;
        if ranges.is_empty() {
            return Err(Error::invalid(
                "uncertainty",
                "the scenario gives no input as a range; add [[uncertainty]] entries with input, low, likely and high",
            ));
        }
        let (sh, _) = pair.parts(scenario)?;
        let reuse_sizing = !ranges.iter().any(|r| r.param.affects_sizing());
        let sizing = if reuse_sizing {
            Some(sh.sizing(scenario.workload())?)
        } else {
            None
        };
        let bounds = ranges
            .iter()
            .map(|r| {
                (
                    r.low.to_f64().unwrap_or(0.0),
                    r.likely.to_f64().unwrap_or(0.0),
                    r.high.to_f64().unwrap_or(0.0),
                )
            })
            .collect();
        Ok(MonteCarloRun {
            scenario: scenario.clone(),
            pair,
            samples,
            seed,
            rng: SplitMix64::new(seed),
            sizing,
            bounds,
            ranges,
            savings: Vec::with_capacity(samples as usize),
            break_evens: Vec::with_capacity(samples as usize),
            cheaper: 0,
            in_range: 0,
        })
    }

    /// Samples drawn so far.
    pub fn done(&self) -> u32 {
        self.savings.len() as u32
    }

    /// Samples the run draws in all.
    pub fn total(&self) -> u32 {
        self.samples
    }

    /// Whether every sample is drawn.
    pub fn is_done(&self) -> bool {
        self.done() >= self.samples
    }

    /// Draws up to `n` more samples; returns the samples drawn so far.
    ///
    /// # Errors
    /// Overflow; the sizing model's errors.
    pub fn step(&mut self, n: u32) -> Result<u32> {
        let end = self.done().saturating_add(n).min(self.samples);
        let range_low = self.scenario.range().min_tokens_per_day();
        while self.done() < end {
            for (k, (lo, likely, hi)) in self.bounds.iter().enumerate() {
                let r = self.ranges[k];
                let u = self.rng.next_f64();
                let value = if r.low == r.high {
                    r.low
                } else {
                    // Held inside [low, high] against the last bit of rounding.
                    from_f64(triangular(u, *lo, *likely, *hi), "drawn value")?.clamp(r.low, r.high)
                };
                r.param
                    .set(&mut self.scenario, value)
                    .map_err(|e| e.within("uncertainty"))?;
            }
            let o = outcome(&self.scenario, self.pair, self.sizing.as_ref())?;
            if o.saving_usd.is_some_and(|x| x > Decimal::ZERO) {
                self.cheaper += 1;
            }
            self.savings.push(o.saving_usd.unwrap_or(Decimal::MIN));
            self.break_evens.push(match o.cheaper_above {
                CheaperAbove::Never => Decimal::MAX,
                CheaperAbove::Always => {
                    self.in_range += 1;
                    range_low
                }
                CheaperAbove::Above(v) => {
                    self.in_range += 1;
                    v
                }
            });
        }
        Ok(self.done())
    }

    /// The report of the samples drawn (all of them once [`Self::is_done`]).
    pub fn finish(mut self) -> MonteCarloReport {
        let drawn = self.done().max(1);
        self.savings.sort_unstable();
        self.break_evens.sort_unstable();
        let pct_money = |p| {
            percentile(&self.savings, p)
                .filter(|v| *v != Decimal::MIN)
                .map(Usd::new)
        };
        let pct_volume = |p| {
            percentile(&self.break_evens, p)
                .filter(|v| *v != Decimal::MAX)
                .map(|v| Plain::rounded(v, 0))
        };
        let s = &self.scenario;
        MonteCarloReport {
            report_version: MONTE_CARLO_VERSION,
            scenario: s.name().to_string(),
            self_hosted: s.options()[self.pair.self_hosted].name().to_string(),
            api: s.options()[self.pair.api].name().to_string(),
            seed: self.seed.to_string(),
            samples: self.done(),
            inputs: self
                .ranges
                .iter()
                .map(|r| InputRange {
                    input: r.param.path(),
                    low: Plain::exact(r.low),
                    likely: Plain::exact(r.likely),
                    high: Plain::exact(r.high),
                    band: r.band,
                })
                .collect(),
            saving_usd: Percentiles {
                p10: pct_money(10),
                p50: pct_money(50),
                p90: pct_money(90),
            },
            break_even_tokens_per_day: Percentiles {
                p10: pct_volume(10),
                p50: pct_volume(50),
                p90: pct_volume(90),
            },
            probability_self_hosted_cheaper: share(self.cheaper, drawn),
            probability_break_even_in_range: share(self.in_range, drawn),
        }
    }
}
