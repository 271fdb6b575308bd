//! The numeric inputs a sensitivity or Monte Carlo analysis varies, named by
//! their path in the scenario file.

use crate::error::{Error, ErrorKind, Result};
use crate::model::api::ApiInput;
use crate::model::scenario::{OptionKind, Scenario};
use crate::model::selfhost::SelfHostedInput;
use crate::model::workload::WorkloadInput;
use crate::spec::scenario::{UncertainInputSpec, UncertaintyBand};
use rust_decimal::Decimal;

/// Most inputs one scenario may give as ranges.
pub const MAX_UNCERTAIN_INPUTS: usize = 64;

/// An option input that can vary: an API's or a self-hosted option's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OptionInput {
    /// An API option's.
    Api(ApiInput),
    /// A self-hosted option's.
    SelfHosted(SelfHostedInput),
}

impl OptionInput {
    /// Its path within the option (`api.input_usd_per_mtok`,
    /// `self_hosted.rented.usd_per_gpu_hour`).
    pub fn path(self) -> String {
        match self {
            OptionInput::Api(i) => format!("api.{}", i.name()),
            OptionInput::SelfHosted(i) => format!("self_hosted.{}", i.name()),
        }
    }

    /// Every option input, APIs' first.
    fn all() -> impl Iterator<Item = OptionInput> {
        ApiInput::ALL
            .into_iter()
            .map(OptionInput::Api)
            .chain(SelfHostedInput::ALL.into_iter().map(OptionInput::SelfHosted))
    }

    /// The inputs `kind` has, in file order.
    fn of(kind: &OptionKind) -> Vec<OptionInput> {
        match kind {
            OptionKind::Api(api) => api.inputs().into_iter().map(OptionInput::Api).collect(),
            OptionKind::SelfHosted(sh) => sh.inputs().into_iter().map(OptionInput::SelfHosted).collect(),
            OptionKind::Hybrid(_) => Vec::new(),
        }
    }
}

/// One numeric input of a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Param {
    /// A workload input.
    Workload(WorkloadInput),
    /// An input of the option at this index.
    Option(usize, OptionInput),
}

impl Param {
    /// The input's path in the scenario file
    /// (`options[1].self_hosted.rented.usd_per_gpu_hour`).
    pub fn path(&self) -> String {
        match self {
            Param::Workload(w) => format!("workload.{}", w.name()),
            Param::Option(i, o) => format!("options[{i}].{}", o.path()),
        }
    }

    /// The input at `path` in `scenario`.
    ///
    /// # Errors
    /// A path that names no input that can vary, with the paths that can.
    pub fn parse(path: &str, scenario: &Scenario) -> Result<Param> {
        if let Some(rest) = path.strip_prefix("workload.") {
            if let Some(w) = WorkloadInput::ALL.into_iter().find(|w| w.name() == rest) {
                return Ok(Param::Workload(w));
            }
        } else if let Some(rest) = path.strip_prefix("options[") {
            if let Some((index, field)) = rest.split_once("].") {
                if let (Ok(i), Some(f)) = (index.parse::<usize>(), OptionInput::all().find(|o| o.path() == field)) {
                    if let Some(o) = scenario.options().get(i) {
                        if OptionInput::of(o.kind()).contains(&f) {
                            return Ok(Param::Option(i, f));
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
                WorkloadInput::ALL.map(WorkloadInput::name).join("|"),
                OptionInput::all().map(OptionInput::path).collect::<Vec<_>>().join("|")
            ),
        ))
    }

    /// The input named as a version-2 scenario file names it: `option` (an
    /// option's name) with the input's path within it, or a workload path.
    ///
    /// # Errors
    /// An option name the scenario lacks (with the names it has), or a path
    /// that names no input that can vary.
    pub fn named(option: Option<&str>, input: &str, scenario: &Scenario) -> Result<Param> {
        let Some(name) = option else {
            if input.starts_with("options[") {
                return Err(Error::invalid(
                    "",
                    format!("{input:?}: name the option with `option = \"<its name>\"` and give the input within it (since schema_version 2)"),
                ));
            }
            return Param::parse(input, scenario);
        };
        let Some(i) = scenario.options().iter().position(|o| o.name() == name) else {
            return Err(Error::invalid(
                "",
                format!(
                    "there is no option named {name:?}; the options are {}",
                    scenario
                        .options()
                        .iter()
                        .map(|o| format!("{:?}", o.name()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        };
        Param::parse(&format!("options[{i}].{input}"), scenario)
    }

    /// The option the input belongs to, by name, and the input's path
    /// within it (or the workload path): how a scenario file names it.
    pub fn reference(&self, scenario: &Scenario) -> (Option<String>, String) {
        match self {
            Param::Workload(w) => (None, format!("workload.{}", w.name())),
            Param::Option(i, o) => (scenario.options().get(*i).map(|o| o.name().to_string()), o.path()),
        }
    }

    /// The input in words, with its option's name: "GPU price, USD per
    /// hour (Llama 3.3 70B rented)", "tokens per day".
    pub fn label(&self, scenario: &Scenario) -> String {
        let words = |path: &str| -> String {
            match path {
                "workload.tokens_per_day" => "tokens per day",
                "workload.input_tokens_per_request" => "input tokens per request",
                "workload.output_tokens_per_request" => "output tokens per request",
                "workload.cached_input_share" => "cached input share",
                "workload.batch_share" => "batch share",
                "workload.peak_to_average" => "peak to average",
                "workload.monthly_growth" => "monthly growth",
                "workload.min_output_tokens_per_s_per_user" => "latency target, output tokens/s per user",
                "api.input_usd_per_mtok" => "input price, USD per 1M tokens",
                "api.output_usd_per_mtok" => "output price, USD per 1M tokens",
                "api.cached_input_usd_per_mtok" => "cached input price, USD per 1M tokens",
                "self_hosted.rented.usd_per_gpu_hour" => "GPU price, USD per hour",
                "self_hosted.owned.purchase_usd_per_gpu" => "GPU purchase price, USD",
                "self_hosted.owned.usd_per_kwh" => "electricity, USD per kWh",
                "self_hosted.engineering.usd_per_hour" => "engineering rate, USD per hour",
                "self_hosted.engineering.setup_hours" => "setup hours",
                "self_hosted.engineering.ops_hours_per_month" => "operations hours per month",
                "self_hosted.capacity_tokens_per_s" => "capacity, tokens/s per replica",
                other => return other.replace(['_', '.'], " "),
            }
            .to_string()
        };
        match self {
            Param::Workload(w) => words(&format!("workload.{}", w.name())),
            Param::Option(i, o) => {
                let name = scenario.options().get(*i).map_or("", |o| o.name());
                format!("{} ({name})", words(&o.path()))
            }
        }
    }

    /// Every input of `scenario` that can vary, workload first, then each
    /// option's in file order.
    pub fn all(scenario: &Scenario) -> Vec<Param> {
        let mut out: Vec<Param> = WorkloadInput::ALL.into_iter().map(Param::Workload).collect();
        for (i, o) in scenario.options().iter().enumerate() {
            out.extend(OptionInput::of(o.kind()).into_iter().map(|f| Param::Option(i, f)));
        }
        out
    }

    /// Whether changing the input changes how a self-hosted option is sized
    /// (so a cached sizing cannot be reused).
    pub fn affects_sizing(&self) -> bool {
        matches!(self, Param::Workload(w) if w.affects_sizing())
    }

    /// The lowest and highest values the input accepts.
    pub fn bounds(&self) -> (Decimal, Option<Decimal>) {
        match self {
            Param::Workload(w) => w.bounds(),
            Param::Option(..) => (Decimal::ZERO, None),
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
            Param::Workload(f) => Some(w.input(*f)),
            Param::Option(i, f) => match (scenario.options().get(*i).map(|o| o.kind()), f) {
                (Some(OptionKind::Api(api)), OptionInput::Api(a)) => api.input(*a),
                (Some(OptionKind::SelfHosted(sh)), OptionInput::SelfHosted(s)) => sh.input(*s, w)?,
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
                    .with_input(*f, value)
                    .map_err(|e| e.within("workload"))?;
                *scenario.workload_mut() = w;
            }
            Param::Option(i, f) => {
                let workload = scenario.workload().clone();
                let Some(option) = scenario.options_mut().get_mut(*i) else {
                    return Err(Error::invalid(path, "there is no such option"));
                };
                match (option.kind_mut(), f) {
                    (OptionKind::Api(api), OptionInput::Api(a)) => {
                        api.set_input(*a, value).map_err(|e| e.within(&path))?
                    }
                    (OptionKind::SelfHosted(sh), OptionInput::SelfHosted(s)) => {
                        sh.set_input(*s, value, &workload).map_err(|e| e.within(&path))?
                    }
                    _ => return Err(Error::invalid(path, "the option has no such input")),
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
    /// The band the range comes from, when the library derived it.
    pub band: Option<UncertaintyBand>,
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
            let param = Param::named(s.option.as_deref(), &s.input, scenario).map_err(|e| {
                let field = if e.message().starts_with("there is no option named") {
                    "option"
                } else {
                    "input"
                };
                e.within(&at(field))
            })?;
            if out.iter().any(|u| u.param == param) {
                return Err(Error::invalid(at("input"), format!("{:?} is given twice", s.input)));
            }
            let (low, likely, high) = match (s.band, s.low, s.high) {
                (Some(UncertaintyBand::Calibration), None, None) if s.likely.is_none() => {
                    calibration_band(param, scenario).map_err(|e| e.within(&at("band")))?
                }
                (Some(_), ..) => {
                    return Err(Error::invalid(
                        at("band"),
                        "a band replaces low, likely and high: give one or the other",
                    ))
                }
                (None, Some(low), Some(high)) => {
                    let likely = match s.likely {
                        Some(l) => l,
                        None => high
                            .checked_sub(low)
                            .and_then(|d| low.checked_add(d / Decimal::TWO))
                            .ok_or_else(|| Error::overflow("the midpoint of low and high").within(&at("likely")))?,
                    };
                    (low, likely, high)
                }
                (None, None, _) => {
                    return Err(Error::invalid(
                        at("low"),
                        "give low and high, or band = \"calibration\" for a self-hosted capacity",
                    ))
                }
                (None, Some(_), None) => {
                    return Err(Error::invalid(
                        at("high"),
                        "give low and high, or band = \"calibration\" for a self-hosted capacity",
                    ))
                }
            };
            if !(low <= likely && likely <= high) {
                return Err(Error::invalid(
                    at("high"),
                    format!("need low ≤ likely ≤ high, found {low} ≤ {likely} ≤ {high}"),
                ));
            }
            for (field, v) in [("low", low), ("likely", likely), ("high", high)] {
                let mut probe = scenario.clone();
                param
                    .set(&mut probe, v)
                    .map_err(|e| Error::new(e.kind(), at(field), format!("{} ({})", e.message(), e.path())))?;
            }
            out.push(UncertainInput {
                param,
                low,
                likely,
                high,
                band: s.band,
            });
        }
        Ok(out)
    }
}

/// The capacity range of a self-hosted option from its engine profile's
/// calibration error: (low, the sizing model's capacity, high).
fn calibration_band(param: Param, scenario: &Scenario) -> Result<(Decimal, Decimal, Decimal)> {
    let not_capacity = || {
        Error::invalid(
            "",
            "a calibration band applies to a self-hosted option's capacity: option = \"<its name>\", input = \"self_hosted.capacity_tokens_per_s\"",
        )
    };
    let Param::Option(i, OptionInput::SelfHosted(SelfHostedInput::CapacityTokensPerS)) = param else {
        return Err(not_capacity());
    };
    let Some(OptionKind::SelfHosted(sh)) = scenario.options().get(i).map(|o| o.kind()) else {
        return Err(not_capacity());
    };
    let name = scenario.options().get(i).map_or("", |o| o.name());
    if sh.capacity_tokens_per_s().is_some() {
        return Err(Error::invalid(
            "",
            format!(
                "the Monte Carlo range drawing {name:?}'s capacity within its calibration band needs the sizing model's capacity, but the option gives its own capacity_tokens_per_s: remove that capacity, or give the range a low and high instead of the band"
            ),
        ));
    }
    let sizing = sh.sizing(scenario.workload())?;
    let (Some(capacity), Some(band)) = (sizing.capacity_tokens_per_s, sizing.capacity_band()?) else {
        return Err(Error::invalid(
            "",
            format!(
                "the Monte Carlo range drawing {name:?}'s capacity within its calibration band needs a calibrated capacity, and it has none ({}): give the range a low and high instead of the band",
                sizing
                    .reason
                    .unwrap_or_else(|| format!("engine profile {} has no calibration", sh.engine_id()))
            ),
        ));
    };
    Ok((band.low_tokens_per_s, capacity, band.high_tokens_per_s))
}

impl UncertainInput {
    /// The scenario's own ranges (its file's `[[uncertainty]]`), validated as
    /// [`UncertainInput::from_specs`] does.
    ///
    /// # Errors
    /// As [`UncertainInput::from_specs`].
    pub fn of(scenario: &Scenario) -> Result<Vec<UncertainInput>> {
        UncertainInput::from_specs(scenario.uncertainty(), scenario)
    }
}
