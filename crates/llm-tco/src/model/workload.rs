//! The workload: how much traffic, of what shape.

use crate::base::decimal::{add, div, mul};
use crate::base::float::from_f64;
use crate::error::{Error, ErrorKind, Result};
use crate::spec::scenario::{RangeSpec, WorkloadSpec};
use rust_decimal::Decimal;

/// Days in a month: 365 / 12, the average month (730 hours).
pub const DAYS_PER_MONTH_NUMERATOR: u32 = 365;
/// See [`DAYS_PER_MONTH_NUMERATOR`].
pub const DAYS_PER_MONTH_DENOMINATOR: u32 = 12;
/// Hours in the average month (24 × 365 / 12).
pub const HOURS_PER_MONTH: u32 = 730;
/// Largest volume the library prices, in tokens per day.
pub const MAX_TOKENS_PER_DAY: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0); // 1e15
/// The per-user output rate sizing respects when a workload sets none.
pub const DEFAULT_MIN_OUTPUT_TOKENS_PER_S_PER_USER: Decimal = Decimal::TEN;
/// Most tokens one request may carry, input or output (a billion: far past
/// any model's context).
pub const MAX_TOKENS_PER_REQUEST: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
/// Most sampled points per curve.
pub const MAX_CURVE_POINTS: u32 = 10_000;

/// A numeric input of the workload that an analysis may vary, named as in
/// the scenario file's `[workload]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WorkloadInput {
    /// `tokens_per_day`.
    TokensPerDay,
    /// `input_tokens_per_request`.
    InputTokensPerRequest,
    /// `output_tokens_per_request`.
    OutputTokensPerRequest,
    /// `cached_input_share` (0 to 1).
    CachedInputShare,
    /// `batch_share` (0 to 1).
    BatchShare,
    /// `peak_to_average` (1 to 1000).
    PeakToAverage,
    /// `monthly_growth` (above −1, at most 10).
    MonthlyGrowth,
    /// `min_output_tokens_per_s_per_user`.
    MinOutputTokensPerSPerUser,
}

impl WorkloadInput {
    /// Every input, in file order.
    pub const ALL: [WorkloadInput; 8] = [
        WorkloadInput::TokensPerDay,
        WorkloadInput::InputTokensPerRequest,
        WorkloadInput::OutputTokensPerRequest,
        WorkloadInput::CachedInputShare,
        WorkloadInput::BatchShare,
        WorkloadInput::PeakToAverage,
        WorkloadInput::MonthlyGrowth,
        WorkloadInput::MinOutputTokensPerSPerUser,
    ];

    /// Its field name in the file (`tokens_per_day`).
    pub fn name(self) -> &'static str {
        match self {
            WorkloadInput::TokensPerDay => "tokens_per_day",
            WorkloadInput::InputTokensPerRequest => "input_tokens_per_request",
            WorkloadInput::OutputTokensPerRequest => "output_tokens_per_request",
            WorkloadInput::CachedInputShare => "cached_input_share",
            WorkloadInput::BatchShare => "batch_share",
            WorkloadInput::PeakToAverage => "peak_to_average",
            WorkloadInput::MonthlyGrowth => "monthly_growth",
            WorkloadInput::MinOutputTokensPerSPerUser => "min_output_tokens_per_s_per_user",
        }
    }

    /// The lowest and highest values it accepts (no highest: unbounded).
    pub fn bounds(self) -> (Decimal, Option<Decimal>) {
        match self {
            WorkloadInput::CachedInputShare | WorkloadInput::BatchShare => (Decimal::ZERO, Some(Decimal::ONE)),
            WorkloadInput::PeakToAverage => (Decimal::ONE, Some(Decimal::from(1000))),
            WorkloadInput::MonthlyGrowth => (Decimal::new(-99, 2), Some(Decimal::TEN)),
            _ => (Decimal::ZERO, None),
        }
    }

    /// Whether changing it changes how a self-hosted option is sized (the
    /// request's shape or the latency target).
    pub fn affects_sizing(self) -> bool {
        matches!(
            self,
            WorkloadInput::InputTokensPerRequest
                | WorkloadInput::OutputTokensPerRequest
                | WorkloadInput::MinOutputTokensPerSPerUser
        )
    }
}

/// A validated workload. Volume is in tokens per day, input and output
/// together; the mix comes from the mean tokens per request.
#[derive(Debug, Clone, PartialEq)]
pub struct Workload {
    tokens_per_day: Decimal,
    input_tokens_per_request: Decimal,
    output_tokens_per_request: Decimal,
    cached_input_share: Decimal,
    cache_write_share: Decimal,
    batch_share: Decimal,
    peak_to_average: Decimal,
    monthly_growth: Decimal,
    horizon_months: u32,
    min_output_tokens_per_s_per_user: Option<Decimal>,
    max_ttft_ms: Option<Decimal>,
}

fn share(value: Option<Decimal>, field: &str) -> Result<Decimal> {
    let v = value.unwrap_or(Decimal::ZERO);
    if v < Decimal::ZERO || v > Decimal::ONE {
        return Err(Error::invalid(field, format!("must be between 0 and 1, found {v}")));
    }
    Ok(v)
}

fn positive(v: Decimal, field: &str) -> Result<Decimal> {
    if v <= Decimal::ZERO {
        return Err(Error::invalid(field, format!("must be above 0, found {v}")));
    }
    Ok(v)
}

fn non_negative(v: Decimal, field: &str) -> Result<Decimal> {
    if v < Decimal::ZERO {
        return Err(Error::invalid(field, format!("must not be negative, found {v}")));
    }
    Ok(v)
}

fn per_request(v: Decimal, field: &str) -> Result<Decimal> {
    non_negative(v, field)?;
    if v > MAX_TOKENS_PER_REQUEST {
        return Err(Error::new(
            ErrorKind::Limit,
            field,
            format!("{v} tokens per request is above the most a request may carry, 1,000,000,000"),
        ));
    }
    Ok(v)
}

fn volume(v: Decimal, field: &str) -> Result<Decimal> {
    positive(v, field)?;
    if v > MAX_TOKENS_PER_DAY {
        return Err(Error::new(
            ErrorKind::Limit,
            field,
            format!("{v} tokens/day is above the largest volume priced, 1e15 tokens/day"),
        ));
    }
    Ok(v)
}

impl Workload {
    /// Validates a workload as written in a file.
    ///
    /// # Errors
    /// A value out of range, with the field's name.
    pub fn from_spec(spec: &WorkloadSpec) -> Result<Workload> {
        let input = per_request(spec.input_tokens_per_request, "input_tokens_per_request")?;
        let output = per_request(spec.output_tokens_per_request, "output_tokens_per_request")?;
        let per_request = add(input, output, "tokens per request")?;
        if per_request.is_zero() {
            return Err(Error::invalid(
                "output_tokens_per_request",
                "a request needs at least one token: input and output are both 0",
            ));
        }
        let tokens_per_day = match (spec.tokens_per_day, spec.requests_per_day) {
            (Some(t), None) => volume(t, "tokens_per_day")?,
            (None, Some(r)) => {
                positive(r, "requests_per_day")?;
                volume(
                    mul(r, per_request, "requests_per_day × tokens per request")?,
                    "requests_per_day",
                )?
            }
            _ => {
                return Err(Error::invalid(
                    "tokens_per_day",
                    "give exactly one of `tokens_per_day` and `requests_per_day`",
                ))
            }
        };
        let cached_input_share = share(spec.cached_input_share, "cached_input_share")?;
        let cache_write_share = share(spec.cache_write_share, "cache_write_share")?;
        if cached_input_share + cache_write_share > Decimal::ONE {
            return Err(Error::invalid(
                "cache_write_share",
                format!(
                    "cached_input_share + cache_write_share must be at most 1, found {}",
                    cached_input_share + cache_write_share
                ),
            ));
        }
        let peak_to_average = spec.peak_to_average.unwrap_or(Decimal::ONE);
        if peak_to_average < Decimal::ONE || peak_to_average > Decimal::from(1000) {
            return Err(Error::invalid(
                "peak_to_average",
                format!("must be between 1 and 1000, found {peak_to_average}"),
            ));
        }
        let monthly_growth = spec.monthly_growth.unwrap_or(Decimal::ZERO);
        if monthly_growth <= -Decimal::ONE || monthly_growth > Decimal::TEN {
            return Err(Error::invalid(
                "monthly_growth",
                format!("must be above -1 and at most 10 (1000%), found {monthly_growth}"),
            ));
        }
        let horizon_months = spec.horizon_months.unwrap_or(12);
        if !(1..=600).contains(&horizon_months) {
            return Err(Error::invalid(
                "horizon_months",
                format!("must be between 1 and 600, found {horizon_months}"),
            ));
        }
        let latency = |v: Option<Decimal>, field: &str| -> Result<Option<Decimal>> {
            match v {
                Some(x) if x <= Decimal::ZERO || x > Decimal::from(1_000_000) => Err(Error::invalid(
                    field,
                    format!("must be above 0 and at most 1,000,000, found {x}"),
                )),
                other => Ok(other),
            }
        };
        Ok(Workload {
            min_output_tokens_per_s_per_user: latency(
                spec.min_output_tokens_per_s_per_user,
                "min_output_tokens_per_s_per_user",
            )?,
            max_ttft_ms: latency(spec.max_ttft_ms, "max_ttft_ms")?,
            tokens_per_day,
            input_tokens_per_request: input,
            output_tokens_per_request: output,
            cached_input_share,
            cache_write_share,
            batch_share: share(spec.batch_share, "batch_share")?,
            peak_to_average,
            monthly_growth,
            horizon_months,
        })
    }

    /// The workload as a file would give it (volume in tokens per day).
    pub fn to_spec(&self) -> WorkloadSpec {
        WorkloadSpec {
            tokens_per_day: Some(self.tokens_per_day),
            requests_per_day: None,
            input_tokens_per_request: self.input_tokens_per_request,
            output_tokens_per_request: self.output_tokens_per_request,
            cached_input_share: Some(self.cached_input_share),
            cache_write_share: Some(self.cache_write_share),
            batch_share: Some(self.batch_share),
            peak_to_average: Some(self.peak_to_average),
            monthly_growth: Some(self.monthly_growth),
            horizon_months: Some(self.horizon_months),
            min_output_tokens_per_s_per_user: self.min_output_tokens_per_s_per_user,
            max_ttft_ms: self.max_ttft_ms,
        }
    }

    /// The value of one of its numeric inputs.
    pub fn input(&self, input: WorkloadInput) -> Decimal {
        match input {
            WorkloadInput::TokensPerDay => self.tokens_per_day,
            WorkloadInput::InputTokensPerRequest => self.input_tokens_per_request,
            WorkloadInput::OutputTokensPerRequest => self.output_tokens_per_request,
            WorkloadInput::CachedInputShare => self.cached_input_share,
            WorkloadInput::BatchShare => self.batch_share,
            WorkloadInput::PeakToAverage => self.peak_to_average,
            WorkloadInput::MonthlyGrowth => self.monthly_growth,
            WorkloadInput::MinOutputTokensPerSPerUser => self.min_output_tokens_per_s_per_user_decimal(),
        }
    }

    /// The same workload with one input changed, validated like a file.
    ///
    /// # Errors
    /// A value the field does not accept, with the field's name.
    pub fn with_input(&self, input: WorkloadInput, value: Decimal) -> Result<Workload> {
        let mut spec = self.to_spec();
        match input {
            WorkloadInput::TokensPerDay => spec.tokens_per_day = Some(value),
            WorkloadInput::InputTokensPerRequest => spec.input_tokens_per_request = value,
            WorkloadInput::OutputTokensPerRequest => spec.output_tokens_per_request = value,
            WorkloadInput::CachedInputShare => spec.cached_input_share = Some(value),
            WorkloadInput::BatchShare => spec.batch_share = Some(value),
            WorkloadInput::PeakToAverage => spec.peak_to_average = Some(value),
            WorkloadInput::MonthlyGrowth => spec.monthly_growth = Some(value),
            WorkloadInput::MinOutputTokensPerSPerUser => spec.min_output_tokens_per_s_per_user = Some(value),
        }
        Workload::from_spec(&spec)
    }

    /// The per-user output rate sizing respects, as a Decimal (the default
    /// when the workload sets none).
    pub fn min_output_tokens_per_s_per_user_decimal(&self) -> Decimal {
        self.min_output_tokens_per_s_per_user
            .unwrap_or(DEFAULT_MIN_OUTPUT_TOKENS_PER_S_PER_USER)
    }

    /// The same workload at another volume.
    ///
    /// # Errors
    /// A volume that is not above 0 or above [`MAX_TOKENS_PER_DAY`].
    pub fn at_volume(&self, tokens_per_day: Decimal) -> Result<Workload> {
        Ok(Workload {
            tokens_per_day: volume(tokens_per_day, "tokens_per_day")?,
            ..self.clone()
        })
    }

    /// Tokens per day, input and output.
    pub fn tokens_per_day(&self) -> Decimal {
        self.tokens_per_day
    }
    /// Requests per day.
    pub fn requests_per_day(&self) -> Decimal {
        // tokens_per_day / tokens per request; both validated above 0.
        self.tokens_per_day
            .checked_div(self.input_tokens_per_request + self.output_tokens_per_request)
            .unwrap_or(Decimal::ZERO)
    }
    /// Mean input tokens per request.
    pub fn input_tokens_per_request(&self) -> Decimal {
        self.input_tokens_per_request
    }
    /// Mean output tokens per request.
    pub fn output_tokens_per_request(&self) -> Decimal {
        self.output_tokens_per_request
    }
    /// Share of input tokens read from a prompt cache.
    pub fn cached_input_share(&self) -> Decimal {
        self.cached_input_share
    }
    /// Share of input tokens written to a prompt cache.
    pub fn cache_write_share(&self) -> Decimal {
        self.cache_write_share
    }
    /// Share of traffic that can use a batch API.
    pub fn batch_share(&self) -> Decimal {
        self.batch_share
    }
    /// Peak hour over average hour.
    pub fn peak_to_average(&self) -> Decimal {
        self.peak_to_average
    }
    /// Monthly growth, as a share.
    pub fn monthly_growth(&self) -> Decimal {
        self.monthly_growth
    }
    /// Months the decision covers.
    pub fn horizon_months(&self) -> u32 {
        self.horizon_months
    }
    /// Latency target: least output tokens per second per user; 10 (about
    /// reading speed) when the workload sets none, so that sizing never
    /// packs a replica until each user waits seconds per word.
    pub fn min_output_tokens_per_s_per_user(&self) -> Option<f64> {
        let target = self
            .min_output_tokens_per_s_per_user
            .unwrap_or(DEFAULT_MIN_OUTPUT_TOKENS_PER_S_PER_USER);
        rust_decimal::prelude::ToPrimitive::to_f64(&target)
    }
    /// Latency target: longest time to first token in ms, if set, as a
    /// Decimal.
    pub fn max_ttft_ms_decimal(&self) -> Option<Decimal> {
        self.max_ttft_ms
    }
    /// Latency target: longest time to first token in ms, if set.
    pub fn max_ttft_ms(&self) -> Option<f64> {
        self.max_ttft_ms
            .and_then(|d| rust_decimal::prelude::ToPrimitive::to_f64(&d))
    }
    /// Input tokens' share of all tokens.
    pub fn input_share(&self) -> Decimal {
        self.input_tokens_per_request
            .checked_div(self.input_tokens_per_request + self.output_tokens_per_request)
            .unwrap_or(Decimal::ZERO)
    }

    /// Tokens per month at `tokens_per_day` (× 365 / 12).
    ///
    /// # Errors
    /// Overflow.
    pub fn tokens_per_month(tokens_per_day: Decimal) -> Result<Decimal> {
        div(
            mul(
                tokens_per_day,
                Decimal::from(DAYS_PER_MONTH_NUMERATOR),
                "tokens per month",
            )?,
            Decimal::from(DAYS_PER_MONTH_DENOMINATOR),
            "tokens per month",
        )
    }
}

/// The volume range of the cost curves, in tokens per day.
#[derive(Debug, Clone, PartialEq)]
pub struct VolumeRange {
    min_tokens_per_day: Decimal,
    max_tokens_per_day: Decimal,
    points: u32,
}

impl VolumeRange {
    /// 1e5 to 1e11 tokens per day, 121 points (20 per decade).
    pub fn default_range() -> VolumeRange {
        VolumeRange {
            min_tokens_per_day: Decimal::from(100_000),
            max_tokens_per_day: Decimal::from(100_000_000_000_u64),
            points: 121,
        }
    }

    /// A range from `min` to `max` tokens per day with `points` samples.
    ///
    /// # Errors
    /// `min` not above 0, `max` not above `min` or above
    /// [`MAX_TOKENS_PER_DAY`], `points` not between 2 and [`MAX_CURVE_POINTS`].
    pub fn new(min: Decimal, max: Decimal, points: u32) -> Result<VolumeRange> {
        volume(min, "min_tokens_per_day")?;
        volume(max, "max_tokens_per_day")?;
        if max <= min {
            return Err(Error::invalid(
                "max_tokens_per_day",
                format!("the highest volume must be above the lowest ({min} tokens/day), found {max}"),
            ));
        }
        if !(2..=MAX_CURVE_POINTS).contains(&points) {
            return Err(Error::new(
                ErrorKind::Limit,
                "points",
                format!("must be between 2 and {MAX_CURVE_POINTS}, found {points}"),
            ));
        }
        Ok(VolumeRange {
            min_tokens_per_day: min,
            max_tokens_per_day: max,
            points,
        })
    }

    /// Validates a range as written in a file; left-out fields take the
    /// default range's values.
    ///
    /// # Errors
    /// As [`VolumeRange::new`].
    pub fn from_spec(spec: Option<&RangeSpec>) -> Result<VolumeRange> {
        let d = VolumeRange::default_range();
        match spec {
            None => Ok(d),
            Some(s) => VolumeRange::new(
                s.min_tokens_per_day.unwrap_or(d.min_tokens_per_day),
                s.max_tokens_per_day.unwrap_or(d.max_tokens_per_day),
                s.points.unwrap_or(d.points),
            ),
        }
    }

    /// Lowest volume.
    pub fn min_tokens_per_day(&self) -> Decimal {
        self.min_tokens_per_day
    }
    /// Highest volume.
    pub fn max_tokens_per_day(&self) -> Decimal {
        self.max_tokens_per_day
    }
    /// Number of sampled points.
    pub fn points(&self) -> u32 {
        self.points
    }

    /// The sampled volumes: evenly spaced on a log axis from min to max,
    /// each rounded to 6 significant digits; the ends are exact. Computed
    /// with the pure-Rust `libm`, so native and wasm agree to the bit.
    pub fn samples(&self) -> Vec<Decimal> {
        use rust_decimal::prelude::ToPrimitive;
        let lo = self.min_tokens_per_day.to_f64().unwrap_or(1.0);
        let hi = self.max_tokens_per_day.to_f64().unwrap_or(1.0);
        let (log_lo, log_hi) = (libm::log10(lo), libm::log10(hi));
        let n = self.points;
        (0..n)
            .map(|i| {
                if i == 0 {
                    return self.min_tokens_per_day;
                }
                if i + 1 == n {
                    return self.max_tokens_per_day;
                }
                let x = libm::pow(10.0, log_lo + (log_hi - log_lo) * f64::from(i) / f64::from(n - 1));
                let v = from_f64(x, "sample volume").unwrap_or(self.min_tokens_per_day);
                v.round_sf(6)
                    .unwrap_or(v)
                    .clamp(self.min_tokens_per_day, self.max_tokens_per_day)
                    .normalize()
            })
            .collect()
    }
}
