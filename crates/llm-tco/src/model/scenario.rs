//! The validated scenario: a workload, a volume range and the serving
//! options, every value checked and every id resolved, ready to price.

use crate::base::date::Date;
use crate::catalog::Catalog;
use crate::codec::Format;
use crate::error::{Error, ErrorKind, Result};
use crate::model::api::ApiPrices;
use crate::model::selfhost::SelfHosted;
use crate::model::workload::{VolumeRange, Workload};
use crate::spec::scenario::{
    ConstraintsSpec, HybridSpec, OnFailure, OptionSpec, QualitySpec, ScenarioFile, Split, UncertainInputSpec,
    MAX_OPTIONS, SCHEMA_VERSION,
};
use rust_decimal::Decimal;

/// What an option is, once validated.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // one per option, built once: size does not matter
pub enum OptionKind {
    /// A pay-per-token API.
    Api(ApiPrices),
    /// A self-hosted model.
    SelfHosted(Box<SelfHosted>),
    /// Two other options of the scenario sharing the traffic.
    Hybrid(Hybrid),
}

/// A validated hybrid option: indices of its two parts in the scenario's
/// options.
#[derive(Debug, Clone, PartialEq)]
pub struct Hybrid {
    /// Index of the self-hosted option.
    pub self_hosted: usize,
    /// Index of the API option.
    pub api: usize,
    /// How the traffic is split.
    pub split: Split,
    /// Split `share`: the self-hosted share, 0 to 1.
    pub share: Decimal,
    /// Split `overflow`: a fixed count of base replicas, if given.
    pub base_replicas: Option<u32>,
}

/// What a failed task costs, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Sent again until it succeeds.
    Retry,
    /// Handled elsewhere at this price, USD per failed task.
    Fallback(Decimal),
}

/// An option's quality, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quality {
    /// Share of tasks done right: above 0 and at most 1 with `Retry`, 0 to 1
    /// with `Fallback`.
    pub success_rate: Decimal,
    /// What a failure costs.
    pub on_failure: Failure,
}

/// Most tasks a retry policy may need per success (success rate at least 1%).
pub const MIN_RETRY_SUCCESS_RATE: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

impl Quality {
    /// Validates a quality spec.
    ///
    /// # Errors
    /// A rate out of range; a fallback without its price, or a price without
    /// a fallback.
    pub fn from_spec(spec: &QualitySpec) -> Result<Quality> {
        let rate = spec.success_rate;
        let on_failure = spec.on_failure.unwrap_or(OnFailure::Retry);
        match on_failure {
            OnFailure::Retry => {
                if rate < MIN_RETRY_SUCCESS_RATE || rate > Decimal::ONE {
                    return Err(Error::invalid(
                        "success_rate",
                        format!("with retries it must be between 0.01 and 1, found {rate}"),
                    ));
                }
                if spec.fallback_usd_per_task.is_some() {
                    return Err(Error::invalid(
                        "fallback_usd_per_task",
                        "only used with on_failure = \"fallback\"",
                    ));
                }
                Ok(Quality {
                    success_rate: rate,
                    on_failure: Failure::Retry,
                })
            }
            OnFailure::Fallback => {
                if rate < Decimal::ZERO || rate > Decimal::ONE {
                    return Err(Error::invalid(
                        "success_rate",
                        format!("must be between 0 and 1, found {rate}"),
                    ));
                }
                let price = spec.fallback_usd_per_task.ok_or_else(|| {
                    Error::invalid("fallback_usd_per_task", "required with on_failure = \"fallback\"")
                })?;
                if price < Decimal::ZERO {
                    return Err(Error::invalid(
                        "fallback_usd_per_task",
                        format!("must not be negative, found {price}"),
                    ));
                }
                Ok(Quality {
                    success_rate: rate,
                    on_failure: Failure::Fallback(price),
                })
            }
        }
    }
}

/// A validated serving option.
#[derive(Debug, Clone, PartialEq)]
pub struct ServingOption {
    name: String,
    kind: OptionKind,
    quality: Option<Quality>,
}

impl ServingOption {
    /// An option named `name`.
    pub fn new(name: impl Into<String>, kind: OptionKind) -> ServingOption {
        ServingOption {
            name: name.into(),
            kind,
            quality: None,
        }
    }
    /// The same option with a success rate and a failure cost.
    pub fn with_quality(mut self, quality: Quality) -> ServingOption {
        self.quality = Some(quality);
        self
    }
    /// The option's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// What the option is.
    pub fn kind(&self) -> &OptionKind {
        &self.kind
    }
    /// Its quality, if the scenario gives one.
    pub fn quality(&self) -> Option<&Quality> {
        self.quality.as_ref()
    }
    pub(crate) fn kind_mut(&mut self) -> &mut OptionKind {
        &mut self.kind
    }
}

/// A validated scenario, ready to price.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    name: String,
    as_of: Option<Date>,
    workload: Workload,
    range: VolumeRange,
    options: Vec<ServingOption>,
    constraints: ConstraintsSpec,
    uncertainty: Vec<UncertainInputSpec>,
}

impl Scenario {
    /// A scenario built in code.
    ///
    /// # Errors
    /// No options, more than [`MAX_OPTIONS`], or two options with one name.
    pub fn new(
        name: impl Into<String>,
        as_of: Option<Date>,
        workload: Workload,
        range: VolumeRange,
        options: Vec<ServingOption>,
    ) -> Result<Scenario> {
        if options.is_empty() {
            return Err(Error::invalid("options", "at least one option is needed"));
        }
        if options.len() > MAX_OPTIONS {
            return Err(Error::new(
                ErrorKind::Limit,
                "options",
                format!("{} options; at most {MAX_OPTIONS} are allowed", options.len()),
            ));
        }
        for (i, o) in options.iter().enumerate() {
            if o.name.trim().is_empty() {
                return Err(Error::invalid(format!("options[{i}].name"), "must not be empty"));
            }
            if options[..i].iter().any(|p| p.name == o.name) {
                return Err(Error::invalid(
                    format!("options[{i}].name"),
                    format!("duplicate option name {:?}", o.name),
                ));
            }
        }
        for (i, o) in options.iter().enumerate() {
            if let OptionKind::Hybrid(h) = &o.kind {
                let part = |j: usize, want: &str| -> Result<()> {
                    let ok = match options.get(j).map(|p| &p.kind) {
                        Some(OptionKind::Api(_)) => want == "api",
                        Some(OptionKind::SelfHosted(_)) => want == "self_hosted",
                        _ => false,
                    };
                    if ok {
                        Ok(())
                    } else {
                        Err(Error::invalid(
                            format!("options[{i}].hybrid.{want}"),
                            format!("option {j} is not a {} option of this scenario", want.replace('_', "-")),
                        ))
                    }
                };
                part(h.self_hosted, "self_hosted")?;
                part(h.api, "api")?;
            }
        }
        Ok(Scenario {
            name: name.into(),
            as_of,
            workload,
            range,
            options,
            constraints: ConstraintsSpec::default(),
            uncertainty: Vec::new(),
        })
    }

    /// The same scenario under `constraints`.
    pub fn with_constraints(mut self, constraints: ConstraintsSpec) -> Scenario {
        self.constraints = constraints;
        self
    }

    /// The same scenario with inputs known as ranges (validated by the
    /// analyses that use them).
    pub fn with_uncertainty(mut self, uncertainty: Vec<UncertainInputSpec>) -> Scenario {
        self.uncertainty = uncertainty;
        self
    }

    /// Parses and validates a scenario document against `catalog` (plus the
    /// document's own catalog entries).
    ///
    /// # Errors
    /// Any error of [`ScenarioFile::parse`] or [`Scenario::from_file`].
    pub fn parse(text: &str, format: Format, catalog: &Catalog) -> Result<Scenario> {
        Scenario::from_file(&ScenarioFile::parse(text, format)?, catalog)
    }

    /// Validates a scenario document against `catalog`. A document without
    /// an `as_of` is analysed for no date: current prices, no price-age
    /// warnings (see [`Scenario::from_file_on`]).
    ///
    /// # Errors
    /// A value out of range or an unknown id, with the field's path.
    pub fn from_file(file: &ScenarioFile, catalog: &Catalog) -> Result<Scenario> {
        Scenario::from_file_on(file, catalog, None)
    }

    /// As [`Scenario::from_file`], analysed on `today` when the document
    /// gives no `as_of` of its own: the price in force that day, and
    /// warnings for prices older than it. The core has no clock; every
    /// surface passes its day (the CLI the system's, the npm package, the
    /// page and its worker the browser's, all in UTC), so one document
    /// gives one answer on every surface the same day.
    ///
    /// # Errors
    /// As [`Scenario::from_file`].
    pub fn from_file_on(file: &ScenarioFile, catalog: &Catalog, today: Option<Date>) -> Result<Scenario> {
        if file.schema_version == crate::spec::scenario::OLDEST_SCHEMA_VERSION {
            // A document built in code at version 1: migrated as a file is.
            let mut migrated = file.clone();
            migrated.migrate()?;
            return Scenario::from_file_on(&migrated, catalog, today);
        }
        if file.schema_version != SCHEMA_VERSION {
            return Err(Error::new(
                ErrorKind::SchemaVersion,
                "schema_version",
                format!(
                    "found {}; this version of llm-tco reads schema_version {SCHEMA_VERSION}",
                    file.schema_version
                ),
            ));
        }
        let merged;
        let catalog = match &file.catalog {
            Some(extra) => {
                merged = catalog.with_overlay(extra).map_err(|e| e.within("catalog"))?;
                &merged
            }
            None => catalog,
        };
        let as_of = match &file.as_of {
            Some(text) => Some(
                Date::parse(text)
                    .ok_or_else(|| Error::invalid("as_of", format!("{text:?} is not a date; expected YYYY-MM-DD")))?,
            ),
            None => today,
        };
        let workload = Workload::from_spec(&file.workload).map_err(|e| e.within("workload"))?;
        let range = VolumeRange::from_spec(file.range.as_ref()).map_err(|e| e.within("range"))?;
        if file.options.len() > MAX_OPTIONS {
            return Err(Error::new(
                ErrorKind::Limit,
                "options",
                format!("{} options; at most {MAX_OPTIONS} are allowed", file.options.len()),
            ));
        }
        let mut options = Vec::with_capacity(file.options.len());
        for (i, spec) in file.options.iter().enumerate() {
            let path = format!("options[{i}]");
            let kind = match (&spec.api, &spec.self_hosted, &spec.hybrid) {
                (Some(api), None, None) => OptionKind::Api(
                    ApiPrices::from_spec(api, catalog, as_of).map_err(|e| e.within(&format!("{path}.api")))?,
                ),
                (None, Some(sh), None) => OptionKind::SelfHosted(Box::new(
                    SelfHosted::from_spec(sh, catalog, as_of).map_err(|e| e.within(&format!("{path}.self_hosted")))?,
                )),
                (None, None, Some(h)) => OptionKind::Hybrid(
                    hybrid_from_spec(h, &file.options).map_err(|e| e.within(&format!("{path}.hybrid")))?,
                ),
                _ => {
                    return Err(Error::invalid(
                        path,
                        "give exactly one of `api`, `self_hosted` and `hybrid`",
                    ))
                }
            };
            let mut option = ServingOption::new(spec.name.clone(), kind);
            if let Some(q) = &spec.quality {
                option = option.with_quality(Quality::from_spec(q).map_err(|e| e.within(&format!("{path}.quality")))?);
            }
            options.push(option);
        }
        let scenario = Scenario::new(file.name.clone(), as_of, workload, range, options)?
            .with_constraints(file.constraints.unwrap_or_default());
        Ok(scenario.with_uncertainty(file.uncertainty.clone()))
    }

    /// Rules that exclude options.
    pub fn constraints(&self) -> ConstraintsSpec {
        self.constraints
    }
    /// Inputs known as ranges, as the file gives them (the Monte Carlo
    /// analysis validates them: `analysis::param::UncertainInput::of`).
    pub fn uncertainty(&self) -> &[UncertainInputSpec] {
        &self.uncertainty
    }
    pub(crate) fn workload_mut(&mut self) -> &mut Workload {
        &mut self.workload
    }
    pub(crate) fn options_mut(&mut self) -> &mut [ServingOption] {
        &mut self.options
    }

    /// The scenario's title.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The date the analysis is made for, if given.
    pub fn as_of(&self) -> Option<Date> {
        self.as_of
    }
    /// The workload.
    pub fn workload(&self) -> &Workload {
        &self.workload
    }
    /// The curves' volume range.
    pub fn range(&self) -> &VolumeRange {
        &self.range
    }
    /// The options, in file order.
    pub fn options(&self) -> &[ServingOption] {
        &self.options
    }
}

fn hybrid_from_spec(spec: &HybridSpec, options: &[OptionSpec]) -> Result<Hybrid> {
    let find = |name: &str, field: &str, want: &str, is: &dyn Fn(&OptionSpec) -> bool| -> Result<usize> {
        match options.iter().position(|o| o.name == name) {
            Some(j) if is(&options[j]) => Ok(j),
            Some(_) => Err(Error::invalid(field, format!("option {name:?} is not a {want} option"))),
            None => Err(Error::new(
                ErrorKind::UnknownId,
                field,
                format!("no option of this scenario is named {name:?}"),
            )),
        }
    };
    let self_hosted = find(&spec.self_hosted, "self_hosted", "self-hosted", &|o| {
        o.self_hosted.is_some()
    })?;
    let api = find(&spec.api, "api", "API", &|o| o.api.is_some())?;
    let split = spec.split.unwrap_or(Split::Overflow);
    let share = match (split, spec.share) {
        (Split::Share, Some(s)) if s >= Decimal::ZERO && s <= Decimal::ONE => s,
        (Split::Share, Some(s)) => return Err(Error::invalid("share", format!("must be between 0 and 1, found {s}"))),
        (Split::Share, None) => return Err(Error::invalid("share", "required with split = \"share\"")),
        (_, Some(_)) => return Err(Error::invalid("share", "only used with split = \"share\"")),
        (_, None) => Decimal::ONE,
    };
    if spec.base_replicas.is_some() && split != Split::Overflow {
        return Err(Error::invalid("base_replicas", "only used with split = \"overflow\""));
    }
    Ok(Hybrid {
        self_hosted,
        api,
        split,
        share,
        base_replicas: spec.base_replicas,
    })
}
