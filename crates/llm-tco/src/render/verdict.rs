//! The verdict in plain words: one headline and a few sentences, the same
//! on every surface. Amounts go through the caller's `money` (the page
//! shows them in the reader's currency); volumes are written in words
//! (67.8M tokens/day) exactly as the break-even text writes them.

use crate::analysis::report::Verdict;
use crate::analysis::verdict::VerdictReport;
use crate::render::text::human_tokens;
use rust_decimal::Decimal;

/// The verdict as sentences: the headline first (which option is cheapest
/// and what it costs), then how far ahead it is, where each self-hosted
/// option starts to beat the cheapest API, what the constraints rule out,
/// and what cannot serve. `money` writes an amount of USD per month.
pub fn sentences(v: &VerdictReport, money: &dyn Fn(Decimal) -> String) -> Vec<String> {
    let mut out = Vec::new();
    let volume = human_tokens(v.tokens_per_day.to_f64());
    match v.cheapest() {
        Some(c) => out.push(format!(
            "At {volume} tokens/day, {} is the cheapest option: {} a month.",
            c.name,
            money(c.exact_usd)
        )),
        None if !v.ruled_out.is_empty() => out.push(format!(
            "At {volume} tokens/day, your constraints leave no option that can serve the workload."
        )),
        None => out.push(format!("At {volume} tokens/day, no option can serve the workload.")),
    }
    if let Some(lead) = v.lead() {
        let share = lead
            .share
            .map(|s| format!(", or {},", crate::render::text::percent_dp(s, 0)))
            .unwrap_or_default();
        if lead.usd.is_zero() {
            out.push(format!("{} costs the same.", lead.over.name));
        } else {
            out.push(format!(
                "That is {} a month{share} less than the next cheapest, {} at {}.",
                money(lead.usd),
                lead.over.name,
                money(lead.over.exact_usd)
            ));
        }
    }
    let (lo, hi) = (human_tokens(v.range.0.to_f64()), human_tokens(v.range.1.to_f64()));
    for s in &v.self_hosted {
        let rule = if s.ruled_out {
            " (ruled out by your constraints)"
        } else {
            ""
        };
        let text = match (s.verdict, s.tokens_per_day) {
            (None, _) => format!(
                "{}{rule} cannot serve this workload: it {}.",
                s.name,
                s.cannot_serve.as_deref().unwrap_or("has no capacity")
            ),
            (Some(Verdict::Above), Some(t)) => {
                let crossings = if s.n_crossings > 1 {
                    format!(
                        " (the curves cross {} times; it stays cheaper from there on)",
                        s.n_crossings
                    )
                } else {
                    String::new()
                };
                format!(
                    "{}{rule} beats {}, the cheapest API, above {} tokens/day{crossings}.",
                    s.name,
                    s.api,
                    human_tokens(t.to_f64())
                )
            }
            (Some(Verdict::Always), _) => format!(
                "{}{rule} is cheaper than {}, the cheapest API, at every volume from {lo} to {hi} tokens/day.",
                s.name, s.api
            ),
            _ => format!(
                "{}{rule} never beats {}, the cheapest API, between {lo} and {hi} tokens/day.",
                s.name, s.api
            ),
        };
        out.push(text);
    }
    if !v.ruled_out.is_empty() {
        let left = v.ranking.len();
        let mut text = format!(
            "Your constraints rule out {} of the {} options ({}); {} left.",
            v.ruled_out.len(),
            v.n_options,
            v.ruled_out.join(", "),
            match left {
                0 => "none is".to_string(),
                1 => "1 is".to_string(),
                n => format!("{n} are"),
            }
        );
        if let (Some(r), Some(c)) = (&v.cheapest_ruled_out, v.cheapest()) {
            if let Some(d) = c.monthly_usd.value().checked_sub(r.monthly_usd.value()) {
                text.push_str(&format!(
                    " Without them, {} would cost {} a month less.",
                    r.name,
                    money(d)
                ));
            }
        }
        out.push(text);
    }
    for (name, why) in &v.cannot_serve {
        if v.self_hosted.iter().any(|s| s.name == *name) {
            continue;
        }
        out.push(format!("{name} cannot serve this workload: it {why}."));
    }
    out
}

/// The six-question guide's lean checked against the computed costs at the
/// scenario's volume: a sentence that says where the numbers agree or
/// disagree with the lean (so the guide never says "evaluate self-hosting"
/// about an option that costs a hundred times the cheapest API without
/// saying so); `None` when the report has nothing to compare.
pub fn guide_check(
    guide: &crate::analysis::guide::GuideResult,
    v: &VerdictReport,
    money: &dyn Fn(Decimal) -> String,
) -> Option<String> {
    use crate::analysis::guide::Lean;
    use crate::analysis::report::OptionType;
    let volume = human_tokens(v.tokens_per_day.to_f64());
    let best_sh = v.ranking.iter().find(|s| s.kind == OptionType::SelfHosted);
    let best_api = v.ranking.iter().find(|s| s.kind == OptionType::Api);
    match guide.lean {
        Lean::SelfHostRequired => {
            let c = v.cheapest()?;
            Some(format!(
                "At your prices and the scenario's {volume} tokens/day, the cheapest option your constraints allow is {}: {} a month.",
                c.name,
                money(c.monthly_usd.value())
            ))
        }
        Lean::EvaluateSelfHosting | Lean::ClosedApi => {
            let (sh, api) = (best_sh?, best_api?);
            if sh.monthly_usd < api.monthly_usd {
                return Some(format!(
                    "The numbers favour self-hosting: at the scenario's {volume} tokens/day, {} costs {} a month against {} for {}, the cheapest API.",
                    sh.name,
                    money(sh.monthly_usd.value()),
                    money(api.monthly_usd.value()),
                    api.name
                ));
            }
            let ratio = if api.monthly_usd.value().is_zero() {
                None
            } else {
                sh.monthly_usd.value().checked_div(api.monthly_usd.value())
            };
            let times = ratio.map_or_else(String::new, |r| {
                format!(
                    " ({}× as much)",
                    crate::base::decimal::round_dp(r, if r >= Decimal::TEN { 0 } else { 1 }).normalize()
                )
            });
            let beats = v
                .self_hosted
                .iter()
                .find(|s| s.name == sh.name)
                .and_then(|s| s.tokens_per_day)
                .map_or_else(
                    || "it does not beat it anywhere in the chart's range".to_string(),
                    |t| format!("it beats it only above {} tokens/day", human_tokens(t.to_f64())),
                );
            Some(format!(
                "But at your prices and the scenario's {volume} tokens/day, the cheapest self-hosted option, {}, costs {} a month against {} for {}{times}; {beats}. Start with {}.",
                sh.name,
                money(sh.monthly_usd.value()),
                money(api.monthly_usd.value()),
                api.name,
                api.name
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::codec::Format;
    use crate::model::scenario::Scenario;
    use crate::spec::scenario::ScenarioFile;

    #[test]
    fn the_default_scenario_in_words_agrees_with_the_break_even_text() {
        let file = ScenarioFile::parse(include_str!("../../scenarios/default.toml"), Format::Toml).expect("parses");
        let s = Scenario::from_file(&file, &Catalog::builtin()).expect("valid");
        let report = crate::analysis::report::evaluate(&s).expect("prices");
        let v = VerdictReport::of(&report);
        let words = sentences(&v, &|d| format!("{} USD", crate::render::text::money(d, 2)));
        assert!(words[0].contains("is the cheapest option"), "{words:?}");
        let cheapest = v.cheapest().expect("a cheapest option");
        assert!(words[0].contains(&cheapest.name));
        // The guide leans towards evaluating self-hosting at 10M tokens/day,
        // but the numbers say the cheapest API wins: the check says so.
        let answers = crate::analysis::guide::GuideAnswers {
            privacy: false,
            frontier_reasoning: false,
            infra_team: true,
            tokens_per_day: Decimal::from(10_000_000),
            narrow_task: false,
            offline: false,
        };
        let g = crate::analysis::guide::guide(&answers).expect("guide");
        assert_eq!(g.lean, crate::analysis::guide::Lean::EvaluateSelfHosting);
        let check = guide_check(&g, &v, &|d| format!("{d} USD")).expect("a check");
        assert!(check.starts_with("But at your prices"), "{check}");
        assert!(check.contains("× as much"), "{check}");
        // Every self-hosted option has its sentence, and its volume is the
        // break-even list's own.
        for sh in &v.self_hosted {
            let line = words.iter().find(|w| w.starts_with(&sh.name)).expect("a sentence");
            if let Some(t) = sh.tokens_per_day {
                assert!(line.contains(&human_tokens(t.to_f64())), "{line}");
            }
        }
    }
}
