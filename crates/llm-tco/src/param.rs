//! The numeric inputs a sensitivity or Monte Carlo analysis varies, named by
//! their path in the scenario file.

use crate::error::{Error, ErrorKind, Result};
use crate::scenario::{OptionKind, Scenario, UncertainInputSpec};
use crate::selfhost::Hardware;
use rust_decimal::Decimal;

/// Most inputs one scenario may give as ranges.
pub const MAX_UNCERTAIN_INPUTS: usize = 64;

/// A workload input that can vary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WorkloadField {
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
    /// `peak_to_average` (at least 1).
    PeakToAverage,
    /// `monthly_growth`.
    MonthlyGrowth,
    /// `min_output_tokens_per_s_per_user`.
    MinOutputTokensPerSPerUser,
}

/// An option input that can vary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OptionField {
    /// API `input_usd_per_mtok`.
    InputUsdPerMtok,
    /// API `output_usd_per_mtok`.
    OutputUsdPerMtok,
    /// API `cached_input_usd_per_mtok`.
    CachedInputUsdPerMtok,
    /// Rented `usd_per_gpu_hour`.
    UsdPerGpuHour,
    /// Owned `purchase_usd_per_gpu`.
    PurchaseUsdPerGpu,
    /// Owned `usd_per_kwh`.
    UsdPerKwh,
    /// Engineering `usd_per_hour`.
    EngineeringUsdPerHour,
    /// Engineering `setup_hours`.
    SetupHours,
    /// Engineering `ops_hours_per_month`.
    OpsHoursPerMonth,
    /// Self-hosted `capacity_tokens_per_s` (one replica's throughput; its
    /// base value is the sizing model's when the option gives none).
    CapacityTokensPerS,
}

/// One numeric input of a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Param {
    /// A workload field.
    Workload(WorkloadField),
    /// A field of the option at this index.
    Option(usize, OptionField),
}

const WORKLOAD_FIELDS: [(WorkloadField, &str); 8] = [
    (WorkloadField::TokensPerDay, "tokens_per_day"),
    (WorkloadField::InputTokensPerRequest, "input_tokens_per_request"),
    (WorkloadField::OutputTokensPerRequest, "output_tokens_per_request"),
    (WorkloadField::CachedInputShare, "cached_input_share"),
    (WorkloadField::BatchShare, "batch_share"),
    (WorkloadField::PeakToAverage, "peak_to_average"),
    (WorkloadField::MonthlyGrowth, "monthly_growth"),
    (
        WorkloadField::MinOutputTokensPerSPerUser,
        "min_output_tokens_per_s_per_user",
    ),
];

const OPTION_FIELDS: [(OptionField, &str); 10] = [
    (OptionField::InputUsdPerMtok, "api.input_usd_per_mtok"),
    (OptionField::OutputUsdPerMtok, "api.output_usd_per_mtok"),
    (OptionField::CachedInputUsdPerMtok, "api.cached_input_usd_per_mtok"),
    (OptionField::UsdPerGpuHour, "self_hosted.rented.usd_per_gpu_hour"),
    (OptionField::PurchaseUsdPerGpu, "self_hosted.owned.purchase_usd_per_gpu"),
    (OptionField::UsdPerKwh, "self_hosted.owned.usd_per_kwh"),
    (
        OptionField::EngineeringUsdPerHour,
        "self_hosted.engineering.usd_per_hour",
    ),
    (OptionField::SetupHours, "self_hosted.engineering.setup_hours"),
    (
        OptionField::OpsHoursPerMonth,
        "self_hosted.engineering.ops_hours_per_month",
    ),
    (OptionField::CapacityTokensPerS, "self_hosted.capacity_tokens_per_s"),
];

fn applies(kind: &OptionKind, field: OptionField) -> bool {
    use OptionField::*;
    match kind {
        OptionKind::Api(api) => match field {
            InputUsdPerMtok | OutputUsdPerMtok => true,
            CachedInputUsdPerMtok => api.cached_input_usd_per_mtok().is_some(),
            _ => false,
        },
        OptionKind::SelfHosted(sh) => match field {
            UsdPerGpuHour => matches!(sh.hardware(), Hardware::Rented(_)),
            PurchaseUsdPerGpu | UsdPerKwh => matches!(sh.hardware(), Hardware::Owned(_)),
            EngineeringUsdPerHour | SetupHours | OpsHoursPerMonth | CapacityTokensPerS => true,
            _ => false,
        },
        OptionKind::Hybrid(_) => false,
    }
}

impl Param {
    /// The input's path in the scenario file
    /// (`options[1].self_hosted.rented.usd_per_gpu_hour`).
    pub fn path(&self) -> String {
        match self {
            Param::Workload(w) => {
                let name = WORKLOAD_FIELDS.iter().find(|(f, _)| f == w).map_or("", |(_, n)| n);
                format!("workload.{name}")
            }
            Param::Option(i, o) => {
                let name = OPTION_FIELDS.iter().find(|(f, _)| f == o).map_or("", |(_, n)| n);
                format!("options[{i}].{name}")
            }
        }
    }

    /// The input at `path` in `scenario`.
    ///
    /// # Errors
    /// A path that names no input that can vary, with the paths that can.
    pub fn parse(path: &str, scenario: &Scenario) -> Result<Param> {
        if let Some(rest) = path.strip_prefix("workload.") {
            if let Some((f, _)) = WORKLOAD_FIELDS.iter().find(|(_, n)| *n == rest) {
                return Ok(Param::Workload(*f));
            }
        } else if let Some(rest) = path.strip_prefix("options[") {
            if let Some((index, field)) = rest.split_once("].") {
                if let (Ok(i), Some((f, _))) = (index.parse::<usize>(), OPTION_FIELDS.iter().find(|(_, n)| *n == field))
                {
                    if let Some(o) = scenario.options().get(i) {
                        if applies(o.kind(), *f) {
                            return Ok(Param::Option(i, *f));
                        }
                        return Err(Error::invalid(
                            "",
                            format!("{path:?}: option {i} ({}) has no such input", o.name()),
                        ));
                    }
                    return Err(Error::invalid("", format!("{path:?}: there is no option {i}")));
                }
            }
        }
        Err(Error::invalid(
            "",
            format!(
                "{path:?} is not an input that can vary; use workload.<{}> or options[N].<{}>",
                WORKLOAD_FIELDS.map(|(_, n)| n).join("|"),
                OPTION_FIELDS.map(|(_, n)| n).join("|")
            ),
        ))
    }

    /// Every input of `scenario` that can vary, workload first, then each
    /// option's in file order.
    pub fn all(scenario: &Scenario) -> Vec<Param> {
        let mut out: Vec<Param> = WORKLOAD_FIELDS.iter().map(|(f, _)| Param::Workload(*f)).collect();
        for (i, o) in scenario.options().iter().enumerate() {
            for (f, _) in OPTION_FIELDS {
                if applies(o.kind(), f) {
                    out.push(Param::Option(i, f));
                }
            }
        }
        out
    }

    /// Whether changing the input changes how a self-hosted option is sized
    /// (so a cached sizing cannot be reused).
    pub fn affects_sizing(&self) -> bool {
        matches!(
            self,
            Param::Workload(
                WorkloadField::InputTokensPerRequest
                    | WorkloadField::OutputTokensPerRequest
                    | WorkloadField::MinOutputTokensPerSPerUser
            )
        )
    }

    /// The lowest and highest values the input accepts.
    pub fn bounds(&self) -> (Decimal, Option<Decimal>) {
        match self {
            Param::Workload(WorkloadField::CachedInputShare | WorkloadField::BatchShare) => {
                (Decimal::ZERO, Some(Decimal::ONE))
            }
            Param::Workload(WorkloadField::PeakToAverage) => (Decimal::ONE, Some(Decimal::from(1000))),
            Param::Workload(WorkloadField::MonthlyGrowth) => (Decimal::new(-99, 2), Some(Decimal::TEN)),
            _ => (Decimal::ZERO, None),
        }
    }

    /// The input's value in `scenario`. For a self-hosted option's capacity
    /// without a given figure, the sizing model's (`None` when it cannot
    /// serve).
    ///
    /// # Errors
    /// The sizing model's errors.
    pub fn get(&self, scenario: &Scenario) -> Result<Option<Decimal>> {
        let w = scenario.workload();
        Ok(match self {
            Param::Workload(f) => match f {
                WorkloadField::TokensPerDay => Some(w.tokens_per_day()),
                WorkloadField::InputTokensPerRequest => Some(w.input_tokens_per_request()),
                WorkloadField::OutputTokensPerRequest => Some(w.output_tokens_per_request()),
                WorkloadField::CachedInputShare => Some(w.cached_input_share()),
                WorkloadField::BatchShare => Some(w.batch_share()),
                WorkloadField::PeakToAverage => Some(w.peak_to_average()),
                WorkloadField::MonthlyGrowth => Some(w.monthly_growth()),
                WorkloadField::MinOutputTokensPerSPerUser => Some(w.min_output_tokens_per_s_per_user_decimal()),
            },
            Param::Option(i, f) => match scenario.options().get(*i).map(|o| o.kind()) {
                Some(OptionKind::Api(api)) => match f {
                    OptionField::InputUsdPerMtok => Some(api.input_usd_per_mtok()),
                    OptionField::OutputUsdPerMtok => Some(api.output_usd_per_mtok()),
                    OptionField::CachedInputUsdPerMtok => api.cached_input_usd_per_mtok(),
                    _ => None,
                },
                Some(OptionKind::SelfHosted(sh)) => match (f, sh.hardware()) {
                    (OptionField::UsdPerGpuHour, Hardware::Rented(r)) => Some(r.usd_per_gpu_hour),
                    (OptionField::PurchaseUsdPerGpu, Hardware::Owned(o)) => Some(o.purchase_usd_per_gpu),
                    (OptionField::UsdPerKwh, Hardware::Owned(o)) => Some(o.usd_per_kwh),
                    (OptionField::EngineeringUsdPerHour, _) => Some(sh.engineering().usd_per_hour),
                    (OptionField::SetupHours, _) => Some(sh.engineering().setup_hours),
                    (OptionField::OpsHoursPerMonth, _) => Some(sh.engineering().ops_hours_per_month),
                    (OptionField::CapacityTokensPerS, _) => match sh.capacity_tokens_per_s() {
                        Some(c) => Some(c),
                        None => sh.sizing(w)?.capacity_tokens_per_s,
                    },
                    _ => None,
                },
                _ => None,
            },
        })
    }

    /// `scenario` with the input set to `value`, validated like the file.
    /// A self-hosted capacity set this way keeps the sized GPUs per replica.
    ///
    /// # Errors
    /// A value the field does not accept, with the field's path.
    pub fn set(&self, scenario: &mut Scenario, value: Decimal) -> Result<()> {
        let path = self.path();
        let (lo, hi) = self.bounds();
        if value < lo || hi.is_some_and(|h| value > h) {
            return Err(Error::invalid(
                path,
                match hi {
                    Some(h) => format!("must be between {lo} and {h}, found {value}"),
                    None => format!("must not be below {lo}, found {value}"),
                },
            ));
        }
        match self {
            Param::Workload(f) => {
                let w = scenario
                    .workload()
                    .with_field(*f, value)
                    .map_err(|e| e.within("workload"))?;
                *scenario.workload_mut() = w;
            }
            Param::Option(i, f) => {
                let workload = scenario.workload().clone();
                let Some(option) = scenario.options_mut().get_mut(*i) else {
                    return Err(Error::invalid(path, "there is no such option"));
                };
                match option.kind_mut() {
                    OptionKind::Api(api) => api.set_price(*f, value).map_err(|e| e.within(&path))?,
                    OptionKind::SelfHosted(sh) => sh.set_input(*f, value, &workload).map_err(|e| e.within(&path))?,
                    OptionKind::Hybrid(_) => return Err(Error::invalid(path, "a hybrid option has no inputs")),
                }
            }
        }
        Ok(())
    }
}

/// An input known as a range, validated: a triangular distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UncertainInput {
    /// Which input.
    pub param: Param,
    /// Lowest value.
    pub low: Decimal,
    /// Most likely value.
    pub likely: Decimal,
    /// Highest value.
    pub high: Decimal,
}

impl UncertainInput {
    /// Validates the scenario file's `uncertainty` entries against the
    /// validated `scenario`: each path must name an input that can vary,
    /// low ≤ likely ≤ high, each value accepted by the field, and no input
    /// twice. `low = high` is a constant.
    ///
    /// # Errors
    /// The first entry that fails, with its path (`uncertainty[2].high`).
    pub fn from_specs(specs: &[UncertainInputSpec], scenario: &Scenario) -> Result<Vec<UncertainInput>> {
        if specs.len() > MAX_UNCERTAIN_INPUTS {
            return Err(Error::new(
                ErrorKind::Limit,
                "uncertainty",
                format!("{} ranges; at most {MAX_UNCERTAIN_INPUTS} are allowed", specs.len()),
            ));
        }
        let mut out: Vec<UncertainInput> = Vec::with_capacity(specs.len());
        for (i, s) in specs.iter().enumerate() {
            let at = |field: &str| format!("uncertainty[{i}].{field}");
            let param = Param::parse(&s.input, scenario).map_err(|e| e.within(&at("input")))?;
            if out.iter().any(|u| u.param == param) {
                return Err(Error::invalid(at("input"), format!("{:?} is given twice", s.input)));
            }
            let likely = match s.likely {
                Some(l) => l,
                None => s
                    .high
                    .checked_sub(s.low)
                    .and_then(|d| s.low.checked_add(d / Decimal::TWO))
                    .ok_or_else(|| Error::overflow("the midpoint of low and high").within(&at("likely")))?,
            };
            if !(s.low <= likely && likely <= s.high) {
                return Err(Error::invalid(
                    at("high"),
                    format!("need low ≤ likely ≤ high, found {} ≤ {likely} ≤ {}", s.low, s.high),
                ));
            }
            for (field, v) in [("low", s.low), ("likely", likely), ("high", s.high)] {
                let mut probe = scenario.clone();
                param
                    .set(&mut probe, v)
                    .map_err(|e| Error::new(e.kind(), at(field), format!("{} ({})", e.message(), e.path())))?;
            }
            out.push(UncertainInput {
                param,
                low: s.low,
                likely,
                high: s.high,
            });
        }
        Ok(out)
    }
}
