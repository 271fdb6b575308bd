//! The verdict in plain words: one headline and a few sentences, the same
//! on every surface. Amounts are in the caller's currency (the page shows
//! the reader's); volumes are written in words
//! (67.8M tokens/day) exactly as the break-even text writes them.

use crate::analysis::report::Verdict;
use crate::analysis::verdict::VerdictReport;
use crate::render::text::human_tokens;
use rust_decimal::Decimal;

/// The verdict as sentences: the headline first (which option is cheapest
/// and what it costs), then how far ahead it is, where each self-hosted
/// option starts to beat the cheapest API, what the constraints rule out,
/// and what cannot serve; amounts a month, in `currency`.
pub fn sentences(v: &VerdictReport, currency: &crate::render::text::Currency) -> Vec<String> {
    let money = |usd: Decimal| currency.amount(usd, 2);
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
        if lead.usd.is_zero() && v.cheapest().is_some_and(|c| c.exact_usd == lead.over.exact_usd) {
            out.push(format!("{} costs the same.", lead.over.name));
        } else if lead.usd.is_zero() {
            out.push(format!("{} costs the same to the cent.", lead.over.name));
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
/// saying so); `None` when the report has nothing to compare. Amounts a
/// month, in `currency`.
pub fn guide_check(
    guide: &crate::analysis::guide::GuideResult,
    v: &VerdictReport,
    currency: &crate::render::text::Currency,
) -> Option<String> {
    let money = |usd: Decimal| currency.amount(usd, 2);
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

/// Where a self-hosted option is cheaper than an API over the range, in
/// words, as the page's break-even list writes it: "cheaper above
/// 35.7M tokens/day", "always cheaper in the range", "never cheaper in the
/// range", with " (3 crossings)" when the curves cross more than once.
pub fn break_even_phrase(verdict: Verdict, tokens_per_day: Option<f64>, n_crossings: u64) -> String {
    let text = match (verdict, tokens_per_day) {
        (Verdict::Above, Some(t)) => format!("cheaper above {} tokens/day", human_tokens(t)),
        (Verdict::Always, _) => "always cheaper in the range".to_string(),
        _ => "never cheaper in the range".to_string(),
    };
    if n_crossings > 1 {
        format!("{text} ({n_crossings} crossings)")
    } else {
        text
    }
}

/// When a self-hosted option pays back against an API, in words, as every
/// surface writes it: "pays back in month 7" or "does not pay back within
/// 24 months", then what it saves by the horizon ("; 12,345.00 USD saved by
/// month 24", or "; … more by month 24" when it costs more), in `currency`.
pub fn payback_phrase(
    month: Option<u32>,
    horizon_months: u32,
    saving_usd: Option<Decimal>,
    currency: &crate::render::text::Currency,
) -> String {
    let mut out = match month {
        Some(m) => format!("pays back in month {m}"),
        None => format!("does not pay back within {horizon_months} months"),
    };
    if let Some(s) = saving_usd {
        if s.is_sign_negative() && !s.is_zero() {
            out.push_str(&format!("; {} more by month {horizon_months}", currency.amount(-s, 2)));
        } else {
            out.push_str(&format!("; {} saved by month {horizon_months}", currency.amount(s, 2)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::codec::Format;
    use crate::model::scenario::Scenario;
    use crate::spec::scenario::ScenarioFile;

    #[test]
    fn break_even_and_payback_in_words() {
        use crate::render::text::Currency;
        assert_eq!(
            break_even_phrase(Verdict::Above, Some(35_700_000.0), 1),
            "cheaper above 35.7M tokens/day"
        );
        assert_eq!(
            break_even_phrase(Verdict::Above, Some(2.22e9), 3),
            "cheaper above 2.22B tokens/day (3 crossings)"
        );
        assert_eq!(
            break_even_phrase(Verdict::Always, None, 0),
            "always cheaper in the range"
        );
        assert_eq!(
            break_even_phrase(Verdict::Never, None, 2),
            "never cheaper in the range (2 crossings)"
        );
        let usd = Currency::usd();
        assert_eq!(
            payback_phrase(Some(7), 24, Some(Decimal::new(1_234_500, 2)), &usd),
            "pays back in month 7; 12,345.00 USD saved by month 24"
        );
        assert_eq!(
            payback_phrase(
                None,
                24,
                Some(Decimal::new(-50, 0)),
                &Currency::new("inr", Decimal::new(93, 0))
            ),
            "does not pay back within 24 months; 4,650.00 INR more by month 24"
        );
        assert_eq!(
            payback_phrase(None, 12, None, &usd),
            "does not pay back within 12 months"
        );
    }

    #[test]
    fn options_that_round_to_the_same_amount_cost_the_same_to_the_cent() {
        // At 10 tokens/day every API costs 0.00 a month: the cheaper price
        // leads, and the next one costs the same only to the cent.
        let file = ScenarioFile::parse(include_str!("../../scenarios/default.toml"), Format::Toml).expect("parses");
        let mut file = file;
        file.workload.tokens_per_day = Some(Decimal::from(10));
        let s = Scenario::from_file(&file, &Catalog::builtin()).expect("valid");
        let v = VerdictReport::of(&crate::analysis::report::evaluate(&s).expect("prices"));
        let words = sentences(&v, &crate::render::text::Currency::usd());
        assert_eq!(
            words[0],
            "At 10 tokens/day, gpt-oss-120b on Fireworks is the cheapest option: 0.00 USD a month."
        );
        assert!(words[1].ends_with(" costs the same to the cent."), "{words:?}");
        assert!(!words[1].starts_with("Claude"), "{words:?}");
    }

    #[test]
    fn the_default_scenario_in_words_agrees_with_the_break_even_text() {
        let file = ScenarioFile::parse(include_str!("../../scenarios/default.toml"), Format::Toml).expect("parses");
        let s = Scenario::from_file(&file, &Catalog::builtin()).expect("valid");
        let report = crate::analysis::report::evaluate(&s).expect("prices");
        let v = VerdictReport::of(&report);
        let words = sentences(&v, &crate::render::text::Currency::usd());
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
        let check = guide_check(&g, &v, &crate::render::text::Currency::usd()).expect("a check");
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
