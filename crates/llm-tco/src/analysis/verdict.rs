//! The answer first: which option is cheapest at the workload's volume, how
//! far ahead it is, where each self-hosted option starts to beat the
//! cheapest API (or that it never does in the range), and what the
//! scenario's constraints leave. Typed, from a [`Report`], so every surface
//! states the same verdict; `render::verdict` says it in words.

use crate::analysis::report::{OptionType, Report, Verdict};
use crate::codec::values::{Plain, Usd};
use rust_decimal::Decimal;

/// The positions of `costs`, cheapest first, those without a cost (an
/// option that cannot serve) last; ties keep their order. One sort for every
/// ranking of options (the verdict, the page's table and readout).
pub fn cheapest_first(costs: &[Option<Decimal>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..costs.len()).collect();
    order.sort_by_key(|&i| (costs[i].is_none(), costs[i]));
    order
}

/// The position of the API option self-hosting is compared with: the
/// cheapest at the volume of those the constraints allow (of all of them
/// when they allow none); ties keep the scenario's order. The verdict's
/// comparisons and the default pair of sensitivity and Monte Carlo
/// ([`Pair::choose`](crate::analysis::pair::Pair::choose)) both use it.
pub fn cheapest_api(report: &Report) -> Option<usize> {
    let v = report.workload.tokens_per_day.value();
    let cheapest = |allowed_only: bool| {
        report
            .options
            .iter()
            .enumerate()
            .filter(|(_, o)| o.kind == OptionType::Api && (!allowed_only || o.ruled_out.is_none()))
            // Exact, as the ranking: rounded, every API ties at 0.00 at a
            // few tokens a day.
            .filter_map(|(i, o)| Some((o.exact_monthly_usd(v)?, i)))
            .min()
            .map(|(_, i)| i)
    };
    cheapest(true).or_else(|| cheapest(false))
}

/// `list` sorted by exact monthly cost, through [`cheapest_first`]: at a
/// volume where every option rounds to 0.00 a month the order is still the
/// order of their prices.
fn by_cost(list: Vec<Standing>) -> Vec<Standing> {
    let costs: Vec<Option<Decimal>> = list.iter().map(|s| Some(s.exact_usd)).collect();
    let mut slots: Vec<Option<Standing>> = list.into_iter().map(Some).collect();
    cheapest_first(&costs)
        .into_iter()
        .filter_map(|i| slots[i].take())
        .collect()
}

/// One option's monthly cost at the volume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// The option's name.
    pub name: String,
    /// What it is.
    pub kind: OptionType,
    /// USD per month at the volume (the report's rounded figure).
    pub monthly_usd: Usd,
    /// The same, exact (to convert to another currency and round once).
    pub exact_usd: Decimal,
}

/// How far the cheapest option is ahead of the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lead {
    /// The next cheapest allowed option.
    pub over: Standing,
    /// What the cheapest saves against it, USD per month.
    pub usd: Decimal,
    /// That saving as a share of the next option's cost (0.25 = 25% less),
    /// rounded to 4 places; `None` when the next option costs nothing.
    pub share: Option<Decimal>,
}

/// A self-hosted option against the cheapest API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfHostedStanding {
    /// The self-hosted option's name.
    pub name: String,
    /// The API it is compared with (the cheapest allowed API at the
    /// volume, else the cheapest API).
    pub api: String,
    /// Whether it stays cheaper above a volume of the range; `None` when
    /// it cannot serve the workload.
    pub verdict: Option<Verdict>,
    /// With [`Verdict::Above`]: the volume, tokens per day.
    pub tokens_per_day: Option<Plain>,
    /// How many times the two curves cross in the range.
    pub n_crossings: u64,
    /// Whether a constraint rules the self-hosted option out.
    pub ruled_out: bool,
    /// Why it cannot serve, when it cannot.
    pub cannot_serve: Option<String>,
}

/// The verdict of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerdictReport {
    /// The workload's volume, tokens per day.
    pub tokens_per_day: Plain,
    /// The curves' range, tokens per day.
    pub range: (Plain, Plain),
    /// Options the constraints allow and that can serve, cheapest first
    /// (ties in the scenario's order).
    pub ranking: Vec<Standing>,
    /// Options a constraint rules out, in the scenario's order.
    pub ruled_out: Vec<String>,
    /// The cheapest ruled-out option, when it costs less than the cheapest
    /// allowed one: what the constraints cost.
    pub cheapest_ruled_out: Option<Standing>,
    /// Options that cannot serve the workload, with why.
    pub cannot_serve: Vec<(String, String)>,
    /// Each self-hosted option against the cheapest API.
    pub self_hosted: Vec<SelfHostedStanding>,
    /// Options in all.
    pub n_options: usize,
}

impl VerdictReport {
    /// The verdict of `report`.
    pub fn of(report: &Report) -> VerdictReport {
        let v = report.workload.tokens_per_day.value();
        let mut allowed = Vec::new();
        let mut ruled = Vec::new();
        let mut ruled_out = Vec::new();
        let mut cannot_serve = Vec::new();
        for o in &report.options {
            let Some(monthly_usd) = o.monthly_usd else {
                let why = o
                    .self_hosted
                    .as_ref()
                    .and_then(|d| d.reason.clone())
                    .unwrap_or_else(|| "cannot serve the workload".to_string());
                cannot_serve.push((o.name.clone(), why));
                if o.ruled_out.is_some() {
                    ruled_out.push(o.name.clone());
                }
                continue;
            };
            let s = Standing {
                name: o.name.clone(),
                kind: o.kind,
                monthly_usd,
                exact_usd: o.exact_monthly_usd(v).unwrap_or(monthly_usd.value()),
            };
            if o.ruled_out.is_some() {
                ruled_out.push(o.name.clone());
                ruled.push(s);
            } else {
                allowed.push(s);
            }
        }
        // Ties keep the scenario's order.
        let allowed = by_cost(allowed);
        let ruled = by_cost(ruled);
        let cheapest_ruled_out = ruled
            .into_iter()
            .next()
            .filter(|r| allowed.first().is_none_or(|a| r.exact_usd < a.exact_usd));
        let cheapest_api = cheapest_api(report).map(|i| report.options[i].name.clone());
        let mut self_hosted = Vec::new();
        if let Some(api) = &cheapest_api {
            for o in report.options.iter().filter(|o| o.kind == OptionType::SelfHosted) {
                let pair = report
                    .break_even
                    .iter()
                    .find(|p| p.self_hosted == o.name && p.api == *api);
                let reason = o
                    .self_hosted
                    .as_ref()
                    .filter(|d| !d.serves)
                    .map(|d| d.reason.clone().unwrap_or_default());
                self_hosted.push(SelfHostedStanding {
                    name: o.name.clone(),
                    api: api.clone(),
                    verdict: if reason.is_some() {
                        None
                    } else {
                        pair.map(|p| p.self_hosted_cheaper.verdict)
                    },
                    tokens_per_day: pair.and_then(|p| p.self_hosted_cheaper.tokens_per_day),
                    n_crossings: pair.map_or(0, |p| p.n_crossings),
                    ruled_out: o.ruled_out.is_some(),
                    cannot_serve: reason,
                });
            }
        }
        VerdictReport {
            tokens_per_day: report.workload.tokens_per_day,
            range: (report.range.min_tokens_per_day, report.range.max_tokens_per_day),
            ranking: allowed,
            ruled_out,
            cheapest_ruled_out,
            cannot_serve,
            self_hosted,
            n_options: report.options.len(),
        }
    }

    /// The cheapest allowed option that can serve, if any.
    pub fn cheapest(&self) -> Option<&Standing> {
        self.ranking.first()
    }

    /// How far the cheapest option is ahead of the next allowed one.
    pub fn lead(&self) -> Option<Lead> {
        let (first, next) = (self.ranking.first()?, self.ranking.get(1)?);
        let usd = next.monthly_usd.value().checked_sub(first.monthly_usd.value())?;
        let share = (!next.monthly_usd.value().is_zero())
            .then(|| usd.checked_div(next.monthly_usd.value()))
            .flatten()
            .map(|s| crate::base::decimal::round_dp(s, 4));
        Some(Lead {
            over: next.clone(),
            usd,
            share,
        })
    }

    /// The name of the cheapest API the self-hosted options are compared
    /// with, if the scenario has an API.
    pub fn cheapest_api(&self) -> Option<&str> {
        self.self_hosted.first().map(|s| s.api.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::codec::Format;
    use crate::model::scenario::Scenario;
    use crate::spec::scenario::ScenarioFile;

    fn verdict(toml: &str) -> VerdictReport {
        let file = ScenarioFile::parse(toml, Format::Toml).expect("parses");
        let s = Scenario::from_file(&file, &Catalog::builtin()).expect("valid");
        VerdictReport::of(&crate::analysis::report::evaluate(&s).expect("prices"))
    }

    const TWO_APIS_AND_A_GPU: &str = r#"
schema_version = 1
name = "t"
[workload]
tokens_per_day = "10000000"
input_tokens_per_request = 1000
output_tokens_per_request = 250
[[options]]
name = "Dear"
api = { input_usd_per_mtok = "3", output_usd_per_mtok = "15" }
[[options]]
name = "Cheap"
api = { input_usd_per_mtok = "0.5", output_usd_per_mtok = "1.5" }
[[options]]
name = "Rented"
[options.self_hosted]
model = "llama-3.1-8b"
weights = "fp8"
gpu = "l4"
rented = { usd_per_gpu_hour = "0.80" }
"#;

    #[test]
    fn the_cheapest_first_its_lead_and_each_gpu_against_the_cheapest_api() {
        let v = verdict(TWO_APIS_AND_A_GPU);
        let names: Vec<&str> = v.ranking.iter().map(|s| s.name.as_str()).collect();
        // 10M tokens/day of 800 in + 200 out: Cheap is 0.7 USD per 1M, 213 USD
        // a month; one L4 at 0.80 is 584.
        assert_eq!(names, ["Cheap", "Rented", "Dear"]);
        assert_eq!(
            v.cheapest().map(|s| s.monthly_usd.to_string()).as_deref(),
            Some("212.92")
        );
        let lead = v.lead().expect("a lead");
        assert_eq!(lead.over.name, "Rented");
        assert_eq!(lead.usd.to_string(), "371.08");
        assert_eq!(lead.share.map(|s| s.to_string()).as_deref(), Some("0.6354"));
        assert_eq!(v.cheapest_api(), Some("Cheap"));
        let sh = &v.self_hosted[0];
        assert_eq!((sh.name.as_str(), sh.api.as_str()), ("Rented", "Cheap"));
        assert_eq!(sh.verdict, Some(Verdict::Above));
        assert!(sh.tokens_per_day.is_some_and(|t| t.value() > Decimal::from(10_000_000)));
        assert!(v.ruled_out.is_empty() && v.cheapest_ruled_out.is_none());
    }

    #[test]
    fn at_a_volume_every_api_rounds_to_nothing_the_order_is_their_prices() {
        // 10 tokens/day: Dear is 0.0016 USD a month and Cheap 0.0002, both
        // 0.00; Dear comes first in the file.
        let text = TWO_APIS_AND_A_GPU.replace("\"10000000\"", "\"10\"");
        let v = verdict(&text);
        let names: Vec<&str> = v.ranking.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Cheap", "Dear", "Rented"]);
        assert_eq!(v.ranking[0].monthly_usd, v.ranking[1].monthly_usd);
        assert!(v.ranking[0].exact_usd < v.ranking[1].exact_usd);
        // Rounded, the lead is nothing (`render::verdict` says "to the cent").
        assert!(v.lead().is_some_and(|l| l.usd.is_zero()));
        // The GPU is measured against the cheaper price too.
        assert_eq!(v.cheapest_api(), Some("Cheap"));
    }

    #[test]
    fn constraints_leave_the_owned_gpus_and_say_what_the_rule_costs() {
        let text = format!("{TWO_APIS_AND_A_GPU}\n[constraints]\non_premises = true\n");
        let v = verdict(&text);
        assert!(v.ranking.is_empty(), "{:?}", v.ranking);
        assert_eq!(v.ruled_out, ["Dear", "Cheap", "Rented"]);
        assert_eq!(v.cheapest_ruled_out.as_ref().map(|s| s.name.as_str()), Some("Cheap"));
        // With no API allowed, the GPUs are still measured against the cheapest one.
        assert_eq!(v.cheapest_api(), Some("Cheap"));
        assert!(v.self_hosted[0].ruled_out);
    }

    #[test]
    fn an_option_that_cannot_serve_is_listed_with_why_and_not_ranked() {
        let text = TWO_APIS_AND_A_GPU.replace("llama-3.1-8b", "llama-3.1-405b");
        let v = verdict(&text);
        assert_eq!(v.ranking.len(), 2);
        assert_eq!(v.cannot_serve.len(), 1);
        assert_eq!(v.cannot_serve[0].0, "Rented");
        assert!(v.cannot_serve[0].1.contains("fit"), "{}", v.cannot_serve[0].1);
        assert_eq!(v.self_hosted[0].verdict, None);
    }
}
