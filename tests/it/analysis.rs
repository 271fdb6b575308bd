//! Decision analysis beyond break-even: payback, hybrid routing,
//! sensitivity, Monte Carlo, quality, constraints, the guide and usage logs.

use llm_tco::analysis::montecarlo::monte_carlo;
use llm_tco::analysis::pair::Pair;
use llm_tco::analysis::param::UncertainInput;
use llm_tco::analysis::payback::payback;
use llm_tco::analysis::sensitivity::sensitivity;
use llm_tco::analysis::usage::{reprice, ImportOptions, LogFormat, OnError, UsageImport};
use llm_tco::model::hybrid::overflow_tokens_per_day;
use llm_tco::{evaluate, Catalog, Decimal, ErrorKind, Format, Scenario};
use llm_tco_tests::{check_snapshot, root};
use proptest::prelude::*;
use std::str::FromStr;

fn fixture(name: &str) -> Scenario {
    let path = root().join("fixtures/scenarios").join(name);
    let text = std::fs::read_to_string(&path).expect("read fixture");
    Scenario::parse(&text, Format::from_path(name).expect("extension"), &Catalog::builtin()).expect("parse")
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal")
}

const QUALITY: &str = "article-002-support-quality.toml";

#[test]
fn payback_goldens() {
    for name in ["default.toml", QUALITY, "on-premises.toml"] {
        let report = payback(&fixture(name)).expect("payback");
        let stem = name.trim_end_matches(".toml");
        check_snapshot(&format!("{stem}.payback.json"), &llm_tco::to_json(&report));
    }
}

#[test]
fn payback_counts_setup_once_and_cumulates_by_hand() {
    // A rented H100 at $2 an hour, 100 setup hours at $100, growth 0:
    // month 1 pays the $10,000 setup plus 730 h × $2 = $1,460 of rent.
    let text = r#"
schema_version = 1
name = "hand-checked payback"
[workload]
tokens_per_day = 100000000
input_tokens_per_request = 1000
output_tokens_per_request = 250
horizon_months = 6
[[options]]
name = "api"
api = { input_usd_per_mtok = "1.00", output_usd_per_mtok = "4.00" }
[[options]]
name = "gpu"
[options.self_hosted]
model = "llama-3.1-8b"
weights = "fp8"
gpu = "h100-sxm"
n_gpus = 1
capacity_tokens_per_s = 5000
rented = { usd_per_gpu_hour = "2" }
engineering = { usd_per_hour = "100", setup_hours = 100 }
"#;
    let s = Scenario::parse(text, Format::Toml, &Catalog::builtin()).expect("parse");
    let r = payback(&s).expect("payback");
    let gpu = &r.options[1];
    assert_eq!(gpu.months[0].one_time_usd, "10000.00");
    assert_eq!(
        gpu.months[0].operating_usd.map(|v| v.to_string()).as_deref(),
        Some("1460.00")
    );
    assert_eq!(gpu.months[1].one_time_usd, "0.00");
    assert_eq!(
        gpu.months[5].cumulative_usd.map(|v| v.to_string()).as_deref(),
        Some("18760.00")
    );
    // API: 100M tokens/day × 365/12 = 3,041.67M tokens/month, 80% input at
    // $1 and 20% output at $4 = $4,866.67/month.
    let api = &r.options[0];
    assert_eq!(
        api.months[0].operating_usd.map(|v| v.to_string()).as_deref(),
        Some("4866.67")
    );
    // Cumulative: API 4,866.67 m against 10,000 + 1,460 m: first at or below
    // in month 3 (14,600 against 14,380); by month 6, 29,200 against 18,760.
    assert_eq!(r.payback[0].payback_month, Some(3));
    assert_eq!(
        r.payback[0].saving_at_horizon_usd.map(|v| v.to_string()).as_deref(),
        Some("10440.00")
    );
}

#[test]
fn payback_refuses_a_volume_that_grows_out_of_range() {
    let text = llm_tco::DEFAULT_SCENARIO_TOML
        .replace("monthly_growth = \"0.05\"", "monthly_growth = \"5\"")
        .replace("horizon_months = 24", "horizon_months = 120");
    let s = Scenario::parse(&text, Format::Toml, &Catalog::builtin()).expect("parse");
    let e = payback(&s).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit);
    assert_eq!(e.path(), "workload.monthly_growth");
    // In words, not field names: the page shows the message alone.
    assert!(
        e.message().ends_with(
            "above the largest volume priced (1e15 tokens/day): lower the monthly growth or shorten the horizon"
        ),
        "{e}"
    );
}

#[test]
fn quality_fixture_reports_cost_per_successful_task() {
    let report = evaluate(&fixture(QUALITY)).expect("evaluate");
    let q = |name: &str| {
        report
            .options
            .iter()
            .find(|o| o.name == name)
            .and_then(|o| o.quality.clone())
            .expect(name)
    };
    // GPT-4o: $3,650.00 a month for 608,333.33 tickets; 11% fail at $2.50:
    // 3,650 + 66,916.67 × 2.50 = 170,941.67; over the tickets 0.281000.
    let gpt4o = q("GPT-4o");
    assert_eq!(gpt4o.monthly_usd.map(|v| v.to_string()).as_deref(), Some("170941.67"));
    assert_eq!(
        gpt4o.usd_per_successful_task.map(|v| v.to_string()).as_deref(),
        Some("0.281000")
    );
    // With these failure costs the dearest API is the cheapest per resolved ticket.
    let per = |name: &str| {
        d(q(name)
            .usd_per_successful_task
            .map(|v| v.to_string())
            .as_deref()
            .expect("serves"))
    };
    assert!(per("GPT-4o") < per("Mistral 7B fine-tuned, A10G rented"));
    assert!(per("Mistral 7B fine-tuned, A10G rented") < per("GPT-3.5 Turbo"));
}

#[test]
fn retries_cost_the_curve_at_volume_over_success_rate() {
    let text = r#"
schema_version = 1
name = "retries"
[workload]
tokens_per_day = 1000000
input_tokens_per_request = 800
output_tokens_per_request = 200
[[options]]
name = "api"
api = { input_usd_per_mtok = "1", output_usd_per_mtok = "2" }
quality = { success_rate = "0.8" }
"#;
    let s = Scenario::parse(text, Format::Toml, &Catalog::builtin()).expect("parse");
    let r = evaluate(&s).expect("evaluate");
    let q = r.options[0].quality.as_ref().expect("quality");
    assert_eq!(q.on_failure, llm_tco::spec::scenario::OnFailure::Retry);
    // 1.25M tokens/day: 38.02M tokens/month, 80% at $1 and 20% at $2 = $45.625.
    assert_eq!(q.monthly_usd.map(|v| v.to_string()).as_deref(), Some("45.63"));
    assert_eq!(
        r.options[0].monthly_usd.map(|v| v.to_string()).as_deref(),
        Some("36.50")
    );
}

#[test]
fn bad_quality_and_hybrid_specs_name_the_field() {
    let base = llm_tco::DEFAULT_SCENARIO_TOML;
    let cases: [(&str, &str, &str); 6] = [
        (
            "api = { catalog = \"anthropic-claude-opus-5\" }\n",
            "api = { catalog = \"anthropic-claude-opus-5\" }\nquality = { success_rate = \"0\" }\n",
            "options[0].quality.success_rate",
        ),
        (
            "api = { catalog = \"anthropic-claude-opus-5\" }\n",
            "api = { catalog = \"anthropic-claude-opus-5\" }\nquality = { success_rate = \"0.9\", on_failure = \"fallback\" }\n",
            "options[0].quality.fallback_usd_per_task",
        ),
        (
            "api = { catalog = \"anthropic-claude-opus-5\" }\n",
            "api = { catalog = \"anthropic-claude-opus-5\" }\nquality = { success_rate = \"1.5\", on_failure = \"fallback\", fallback_usd_per_task = \"1\" }\n",
            "options[0].quality.success_rate",
        ),
        (
            "[[options]]\nname = \"GPT-5.6 Terra\"",
            "[[options]]\nname = \"h\"\nhybrid = { self_hosted = \"nope\", api = \"Claude Opus 5\" }\n[[options]]\nname = \"GPT-5.6 Terra\"",
            "options[1].hybrid.self_hosted",
        ),
        (
            "[[options]]\nname = \"GPT-5.6 Terra\"",
            "[[options]]\nname = \"h\"\nhybrid = { self_hosted = \"Claude Opus 5\", api = \"Claude Opus 5\" }\n[[options]]\nname = \"GPT-5.6 Terra\"",
            "options[1].hybrid.self_hosted",
        ),
        (
            "[[options]]\nname = \"GPT-5.6 Terra\"",
            "[[options]]\nname = \"h\"\nhybrid = { self_hosted = \"gpt-oss-120b on B200, rented\", api = \"Claude Opus 5\", split = \"share\" }\n[[options]]\nname = \"GPT-5.6 Terra\"",
            "options[1].hybrid.share",
        ),
    ];
    for (from, to, path) in cases {
        assert!(base.contains(from), "{from}");
        let text = base.replacen(from, to, 1);
        let e = Scenario::parse(&text, Format::Toml, &Catalog::builtin()).unwrap_err();
        assert_eq!(e.path(), path, "{e}");
    }
}

#[test]
fn constraints_rule_out_apis_and_rented_gpus_with_reasons() {
    let r = evaluate(&fixture("on-premises.toml")).expect("evaluate");
    let ruled = |name: &str| r.options.iter().find(|o| o.name == name).expect(name).ruled_out.clone();
    assert!(ruled("GPT-5.4 mini").expect("api").contains("off your premises"));
    assert!(ruled("Qwen3 8B, L40S rented").expect("rented").contains("rented GPUs"));
    assert_eq!(ruled("Qwen3 8B, L40S owned"), None);
    assert!(ruled("L40S base load, GPT-5.4 mini overflow")
        .expect("hybrid")
        .contains("GPT-5.4 mini"));
    assert_eq!(
        r.warnings
            .iter()
            .filter(|w| w.code == llm_tco::analysis::report::WarningCode::RuledOut)
            .count(),
        3
    );
    // Offline rules out the same kinds, for its own reason.
    let text = std::fs::read_to_string(root().join("fixtures/scenarios/on-premises.toml"))
        .expect("read")
        .replace("on_premises = true", "offline = true");
    let s = Scenario::parse(&text, Format::Toml, &Catalog::builtin()).expect("parse");
    let r = evaluate(&s).expect("evaluate");
    assert!(r.options[0].ruled_out.as_deref().expect("api").contains("network"));
    assert_eq!(r.options[2].ruled_out, None);
}

#[test]
fn hybrid_overflow_matches_a_brute_force_split() {
    // The default scenario's rented B200 option with Claude Opus 5 taking the overflow.
    let text = format!(
        "{}\n[[options]]\nname = \"hybrid\"\nhybrid = {{ self_hosted = \"gpt-oss-120b on B200, rented\", api = \"Claude Opus 5\" }}\n",
        llm_tco::DEFAULT_SCENARIO_TOML
    );
    let s = Scenario::parse(&text, Format::Toml, &Catalog::builtin()).expect("parse");
    let r = evaluate(&s).expect("evaluate");
    let h = r.options.last().expect("hybrid");
    let llm_tco::CostCurve::Hybrid(curve) = &h.curve else {
        panic!("hybrid curve")
    };
    for v in ["1000000", "35678000", "300000000", "2000000000", "45000000000"] {
        let v = d(v);
        let best = curve.at(v).expect("price").expect("serves");
        // Every base count from 0 to two past the peak's need.
        let r_day = curve.replica_tokens_per_day.expect("capacity");
        let n_max = (v * curve.peak_to_average / r_day)
            .ceil()
            .to_string()
            .parse::<u64>()
            .expect("n")
            + 2;
        let brute = (0..=n_max)
            .map(|n| {
                let fixed = llm_tco::model::hybrid::HybridCurve {
                    base_replicas: Some(n),
                    ..(**curve).clone()
                };
                fixed.at(v).expect("price").expect("serves").total_usd
            })
            .min()
            .expect("some");
        assert_eq!(best.total_usd, brute, "at {v}");
        // Never dearer than either part alone.
        let api_only = curve.api_usd_per_month_per_token_per_day * v;
        assert!(best.total_usd <= api_only);
    }
    // At the workload's volume the hybrid is at most the cheaper of its parts.
    let monthly = |name: &str| {
        d(r.options
            .iter()
            .find(|o| o.name == name)
            .and_then(|o| o.monthly_usd)
            .expect(name)
            .to_string()
            .as_str())
    };
    assert!(monthly("hybrid") <= monthly("Claude Opus 5").min(monthly("gpt-oss-120b on B200, rented")));
    assert_eq!(
        h.lines.last().map(|l| l.item),
        Some(llm_tco::model::selfhost::LineItem::ApiTraffic)
    );
}

proptest! {
    #[test]
    fn overflow_matches_numeric_integration(avg in 1u32..1_000_000, p10 in 10u32..80, k_share in 0u32..120) {
        let average = Decimal::from(avg);
        let peak_to_average = Decimal::new(i64::from(p10), 1);
        let capacity = average * peak_to_average * Decimal::from(k_share) / Decimal::from(100);
        let exact = overflow_tokens_per_day(average, peak_to_average, capacity).expect("overflow");
        // Midpoint rule over the linear load-duration curve.
        let (a, p, k) = (f64::from(avg), f64::from(p10) / 10.0, capacity.to_string().parse::<f64>().expect("f64"));
        let (trough, dur) = if p <= 2.0 { ((2.0 - p) * a, 1.0) } else { (0.0, 2.0 / p) };
        let n = 20_000;
        let mut sum = 0.0;
        for i in 0..n {
            let t = (f64::from(i) + 0.5) / f64::from(n);
            let load = if t < dur { p * a - (p * a - trough) * t / dur } else { 0.0 };
            sum += (load - k).max(0.0) / f64::from(n);
        }
        let exact: f64 = exact.to_string().parse().expect("f64");
        prop_assert!((exact - sum).abs() <= 1e-3 * a, "exact {exact} numeric {sum}");
        // With no capacity everything overflows: the mean.
        prop_assert_eq!(overflow_tokens_per_day(average, peak_to_average, Decimal::ZERO).expect("o"), average);
    }
}

#[test]
fn sensitivity_golden_and_ranking() {
    let s = fixture(QUALITY);
    let pair = Pair::choose(&s, Some("Mistral 7B fine-tuned, A10G rented"), Some("GPT-4o")).expect("pair");
    let r = sensitivity(&s, pair, d("0.2")).expect("sensitivity");
    check_snapshot("article-002-support-quality.sensitivity.json", &llm_tco::to_json(&r));
    let swings: Vec<Decimal> = r
        .rows
        .iter()
        .filter_map(|x| x.saving_swing_usd.map(|v| v.to_string()).as_deref().map(d))
        .collect();
    assert!(swings.windows(2).all(|w| w[0] >= w[1]), "ranked by swing: {swings:?}");
    // Volume moves the saving linearly on the API side: ±20% of 30M tokens/day
    // is ±$730 of GPT-4o ($3,650/month), so the swing is at least $1,460 less
    // any self-hosted step.
    let volume = r
        .rows
        .iter()
        .find(|x| x.input == "workload.tokens_per_day")
        .expect("volume row");
    assert_eq!(volume.low_value, "24000000");
    assert_eq!(volume.high_value, "36000000");
    for bad in ["0", "1", "-0.1"] {
        let e = sensitivity(&s, pair, d(bad)).unwrap_err();
        assert_eq!(e.path(), "delta");
    }
}

#[test]
fn a_pair_must_be_a_self_hosted_and_an_api_option() {
    let s = fixture(QUALITY);
    let e = Pair::choose(&s, Some("GPT-4o"), None).unwrap_err();
    assert_eq!(e.path(), "self_hosted");
    let e = Pair::choose(&s, None, Some("nobody")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownId);
    assert!(e.message().contains("\"GPT-4o\""), "lists the options: {e}");
    // By default: the first self-hosted option, and the API the verdict
    // compares with (the cheapest at the volume), on every surface.
    let default = Pair::choose(&s, None, None).expect("defaults");
    assert_eq!(default.self_hosted, 2);
    let report = evaluate(&s).expect("evaluate");
    let cheapest = llm_tco::analysis::verdict::VerdictReport::of(&report)
        .cheapest_api()
        .expect("an API")
        .to_string();
    assert_eq!(s.options()[default.api].name(), cheapest);
    assert_ne!(default.api, 0, "the fixture's first API is not its cheapest");
}

#[test]
fn monte_carlo_is_reproducible_and_golden() {
    let s = fixture(QUALITY);
    let pair = Pair::choose(&s, None, Some("GPT-4o")).expect("pair");
    let a = monte_carlo(&s, pair, 2000, 42).expect("run");
    let b = monte_carlo(&s, pair, 2000, 42).expect("run");
    assert_eq!(a, b, "same seed, same result");
    check_snapshot("article-002-support-quality.montecarlo.json", &llm_tco::to_json(&a));
    let c = monte_carlo(&s, pair, 2000, 43).expect("run");
    assert_ne!(a.saving_usd, c.saving_usd, "another seed draws other values");
    let p = |x: &Option<llm_tco::codec::values::Usd>| x.expect("serves").value();
    assert!(p(&a.saving_usd.p10) <= p(&a.saving_usd.p50) && p(&a.saving_usd.p50) <= p(&a.saving_usd.p90));
}

#[test]
fn monte_carlo_bounds_and_constant_ranges() {
    let s = fixture(QUALITY);
    let pair = Pair::choose(&s, None, Some("GPT-4o")).expect("pair");
    for n in [0, llm_tco::analysis::montecarlo::MAX_SAMPLES + 1] {
        let e = monte_carlo(&s, pair, n, 1).unwrap_err();
        assert_eq!((e.kind(), e.path()), (ErrorKind::Limit, "samples"));
    }
    // No ranges at all.
    let e = monte_carlo(
        &fixture("default.toml"),
        Pair::choose(&fixture("default.toml"), None, None).expect("p"),
        10,
        1,
    )
    .unwrap_err();
    assert_eq!(e.path(), "uncertainty");
    // A zero-length range is a constant: every sample gives the scenario's own numbers.
    let text = std::fs::read_to_string(root().join("fixtures/scenarios").join(QUALITY))
        .expect("read")
        .replace("low = 15000000", "low = 30000000")
        .replace("high = 60000000", "high = 30000000")
        .replace("low = \"0.60\"", "low = \"1.006\"")
        .replace("high = \"1.30\"", "high = \"1.006\"")
        .replace("low = 1500", "low = 3000")
        .replace("high = 4500", "high = 3000");
    let constant = Scenario::parse(&text, Format::Toml, &Catalog::builtin()).expect("parse");
    let r = monte_carlo(&constant, pair, 50, 9).expect("run");
    assert_eq!(r.saving_usd.p10, r.saving_usd.p90);
}

#[test]
fn uncertainty_entries_are_validated() {
    let base = std::fs::read_to_string(root().join("fixtures/scenarios").join(QUALITY)).expect("read");
    let cases = [
        (
            base.replace("likely = 30000000", "likely = 70000000"),
            "uncertainty[0].high",
        ),
        (
            base.replace("input = \"workload.tokens_per_day\"", "input = \"workload.nope\""),
            "uncertainty[0].input",
        ),
        (
            base.replace("options[2].self_hosted.rented", "options[0].self_hosted.rented"),
            "uncertainty[1].input",
        ),
        (base.replace("low = \"0.60\"", "low = \"-1\""), "uncertainty[1].low"),
        (
            base.replace(
                "input = \"options[2].self_hosted.capacity_tokens_per_s\"",
                "input = \"workload.tokens_per_day\"",
            ),
            "uncertainty[2].input",
        ),
    ];
    for (text, path) in cases {
        // The ranges are validated with the scenario's report (and by the
        // Monte Carlo analysis that draws from them).
        let s = Scenario::parse(&text, Format::Toml, &Catalog::builtin()).expect("the model is valid");
        let e = evaluate(&s).unwrap_err();
        assert_eq!(e.path(), path, "{e}");
        assert_eq!(UncertainInput::of(&s).unwrap_err().path(), path);
    }
}

#[test]
fn the_guide_follows_the_article_order() {
    use llm_tco::analysis::guide::{guide, GuideAnswers, Lean};
    let a = |privacy, frontier, team, tpd: u64, narrow, offline| GuideAnswers {
        privacy,
        frontier_reasoning: frontier,
        infra_team: team,
        tokens_per_day: Decimal::from(tpd),
        narrow_task: narrow,
        offline,
    };
    let lean = |x: GuideAnswers| guide(&x).expect("guide").lean;
    assert_eq!(lean(a(true, true, false, 1_000, false, false)), Lean::SelfHostRequired);
    assert_eq!(lean(a(false, false, true, 1_000, false, true)), Lean::SelfHostRequired);
    assert_eq!(lean(a(false, true, true, 50_000_000, true, false)), Lean::ClosedApi);
    assert_eq!(lean(a(false, false, false, 50_000_000, true, false)), Lean::ClosedApi);
    assert_eq!(
        lean(a(false, false, true, 50_000_000, false, false)),
        Lean::EvaluateSelfHosting
    );
    assert_eq!(
        lean(a(false, false, true, 1_000_000, true, false)),
        Lean::EvaluateSelfHosting
    );
    assert_eq!(lean(a(false, false, true, 1_000_000, false, false)), Lean::ClosedApi);
    let r = guide(&a(true, false, true, 8_000_000, false, true)).expect("guide");
    assert!(r.constraints.on_premises && r.constraints.offline);
    assert!(r.reasons.iter().any(|x| x.starts_with("Q1")) && r.reasons.iter().any(|x| x.starts_with("Q6")));
    assert_eq!(
        guide(&a(false, false, true, 0, false, false)).unwrap_err().path(),
        "tokens_per_day"
    );
}

fn import(text: &str, on_error: OnError) -> llm_tco::Result<llm_tco::analysis::usage::UsageSummary> {
    let mut i = UsageImport::new(ImportOptions {
        max_rows: None,
        format: LogFormat::Auto,
        on_error,
        tier_thresholds: llm_tco::analysis::usage::tier_thresholds(&llm_tco::default_scenario()),
    });
    for line in text.lines() {
        i.push_line(line)?;
    }
    i.finish()
}

#[test]
fn usage_log_goldens() {
    let dir = root().join("fixtures/usage");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    names.sort();
    assert!(names.len() >= 5);
    let scenario = llm_tco::default_scenario();
    for path in names {
        let text = std::fs::read_to_string(&path).expect("read");
        let summary = import(&text, OnError::Skip).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let report = reprice(&summary, &scenario).expect("reprice");
        let stem = path.file_name().and_then(|s| s.to_str()).expect("name");
        check_snapshot(&format!("usage-{stem}.json"), &llm_tco::to_json(&report));
        // Chunks of any size give the same summary as whole lines.
        for size in [1usize, 7, 4096] {
            let mut i = UsageImport::new(ImportOptions {
                tier_thresholds: llm_tco::analysis::usage::tier_thresholds(&scenario),
                ..ImportOptions::default()
            });
            let chars: Vec<char> = text.chars().collect();
            for chunk in chars.chunks(size) {
                i.push_chunk(&chunk.iter().collect::<String>()).expect("chunk");
            }
            assert_eq!(
                i.finish().expect("finish"),
                summary,
                "{} in chunks of {size}",
                path.display()
            );
        }
    }
}

#[test]
fn usage_log_arithmetic_by_hand() {
    let log = "timestamp,input_tokens,output_tokens,cached_tokens\n\
               2026-03-01T00:10:00Z,1000,200,400\n\
               2026-03-01T00:50:00Z,1000,200,0\n\
               2026-03-01T03:00:00+02:00,3000,600,0\n";
    let s = import(log, OnError::Fail).expect("import");
    let r = s.report().expect("report");
    // 01:00Z is the third row's hour; the span is 00:00 to 01:00, two hours.
    assert_eq!((r.rows, r.span_hours), (3, 2));
    assert_eq!(r.tokens_per_day, "72000");
    let w = s.workload(llm_tco::default_scenario().workload()).expect("workload");
    // 6,000 tokens over 2 hours = 72,000 a day; 5,000 input over 3 requests.
    assert_eq!(w.tokens_per_day(), d("72000"));
    assert_eq!(w.input_tokens_per_request(), d("1666.67"));
    assert_eq!(w.cached_input_share(), d("0.08"));
    // Both hours hold 2,400 and 3,600 tokens: peak 3,600 over average 3,000.
    assert_eq!(w.peak_to_average(), d("1.2"));
}

#[test]
fn usage_log_errors_name_the_line() {
    let e = import("timestamp,input_tokens,output_tokens\n1,10,10\n2,x,10\n", OnError::Fail).unwrap_err();
    assert_eq!(e.path(), "line 3");
    assert!(e.message().contains("input_tokens"), "{e}");
    let e = import("when,input_tokens,output_tokens\n1,10,10\n", OnError::Skip).unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::Syntax, "line 1"));
    assert!(e.message().contains("timestamp"), "{e}");
    let e = import("timestamp,input_tokens,output_tokens\n", OnError::Skip).unwrap_err();
    assert!(e.message().contains("no usable row"), "{e}");
    let e = import("", OnError::Skip).unwrap_err();
    assert!(e.message().contains("no usable row"), "{e}");
    // A line longer than the limit is a row error, in lines and in chunks.
    let long = format!(
        "timestamp,input_tokens,output_tokens\n1,10,10\n{}\n2,10,10\n",
        "9".repeat(llm_tco::analysis::usage::MAX_LINE_BYTES + 1)
    );
    let s = import(&long, OnError::Skip).expect("skips it").report().expect("r");
    assert_eq!((s.rows, s.skipped_rows, s.errors[0].line), (2, 1, 3));
    let mut i = UsageImport::new(ImportOptions::default());
    for chunk in long.as_bytes().chunks(1000) {
        i.push_chunk(std::str::from_utf8(chunk).expect("ascii")).expect("chunk");
    }
    let s2 = i.finish().expect("finish").report().expect("r");
    assert_eq!((s2.rows, s2.skipped_rows, s2.errors[0].line), (2, 1, 3));
    // A log over five years, and a bucket over 31 days.
    let e = import(
        "timestamp,input_tokens,output_tokens\n2020-01-01,1,1\n2026-01-01,1,1\n",
        OnError::Skip,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit);
    let s = import(
        "{\"object\":\"bucket\",\"start_time\":0,\"end_time\":9999999,\"results\":[{\"input_tokens\":1,\"output_tokens\":1}]}\n{\"timestamp\":5,\"input_tokens\":1,\"output_tokens\":1}\n",
        OnError::Skip,
    )
    .expect("one row left")
    .report()
    .expect("r");
    assert_eq!(s.skipped_rows, 1);
    assert!(s.errors[0].message.contains("hours"), "{:?}", s.errors);
}

#[test]
fn json_lines_errors_name_the_value_as_written() {
    let message = |line: &str| {
        let text = format!("{{\"timestamp\":1,\"input_tokens\":1,\"output_tokens\":1}}\n{line}\n");
        let s = import(&text, OnError::Skip).expect("one row").report().expect("r");
        assert_eq!((s.rows, s.skipped_rows, s.errors[0].line), (1, 1, 2), "{line}");
        s.errors[0].message.clone()
    };
    for (input_tokens, says) in [
        ("true", "expected a number, found true"),
        ("[1]", "expected a number, found an array"),
        ("12.5", "12.5 is not a whole number of tokens"),
        ("5.0", "5.0 is not a whole number of tokens"),
        ("-3", "-3 is not a whole number of tokens"),
    ] {
        let row = format!("{{\"timestamp\":2,\"output_tokens\":1,\"input_tokens\":{input_tokens}}}");
        assert_eq!(message(&row), format!("input_tokens: {says}"));
    }
    assert_eq!(
        message("{\"timestamp\":\"soon\",\"input_tokens\":1,\"output_tokens\":1}"),
        "timestamp \"soon\" is neither Unix seconds nor ISO 8601"
    );
    assert!(message("[1, 2]").starts_with("not a JSON object"));
    assert!(message("{\"timestamp\":2,").starts_with("not a JSON object: EOF while parsing"));
    // A key given twice counts as its last value, as a JSON object keeps it.
    let s = import(
        "{\"timestamp\":1,\"input_tokens\":\"x\",\"input_tokens\":7,\"output_tokens\":1}\n",
        OnError::Fail,
    )
    .expect("the last input_tokens");
    assert_eq!(s.report().expect("r").rows, 1);
}

#[test]
fn usage_reprices_long_context_requests_one_by_one() {
    // Gemini 2.5 Pro's tier starts above 200k input tokens per request: one
    // 250k request pays the tier, the small ones do not, whatever the mean.
    let catalog = Catalog::builtin();
    let text = r#"
schema_version = 1
name = "tier"
[workload]
tokens_per_day = 1000000
input_tokens_per_request = 1000
output_tokens_per_request = 100
[[options]]
name = "Gemini 2.5 Pro"
api = { catalog = "google-gemini-2.5-pro" }
"#;
    let s = Scenario::parse(text, Format::Toml, &catalog).expect("parse");
    let api = match s.options()[0].kind() {
        llm_tco::model::scenario::OptionKind::Api(a) => a.clone(),
        _ => unreachable!(),
    };
    let tier = api.long_context_tier().expect("tier").clone();
    let log = "timestamp,input_tokens,output_tokens\n1,1000,100\n2,250000,1000\n";
    let mut i = UsageImport::new(ImportOptions {
        tier_thresholds: llm_tco::analysis::usage::tier_thresholds(&s),
        ..ImportOptions::default()
    });
    i.push_chunk(log).expect("read");
    let r = reprice(&i.finish().expect("finish"), &s).expect("reprice");
    let mtok = Decimal::from(1_000_000);
    let expected = (Decimal::from(1000) * api.input_usd_per_mtok()
        + Decimal::from(100) * api.output_usd_per_mtok()
        + Decimal::from(250_000) * tier.input_usd_per_mtok
        + Decimal::from(1000) * tier.output_usd_per_mtok)
        / mtok;
    assert_eq!(
        r.options[0].period_usd.map(|v| v.to_string()).as_deref(),
        Some(llm_tco::base::decimal::round_dp(expected, 2).to_string().as_str())
    );
}

/// Issue 20: a version-1 range named its option by position; it is read as
/// the option's name, and removing or moving options cannot retarget it.
#[test]
fn regression_20_version_1_ranges_are_migrated_to_option_names() {
    let text = include_str!("../../fixtures/scenarios/article-002-support-quality.toml");
    let file = llm_tco::ScenarioFile::parse(text, Format::Toml).expect("parse");
    assert_eq!(file.schema_version, llm_tco::SCHEMA_VERSION);
    let gpu = &file.uncertainty[1];
    assert_eq!(gpu.option.as_deref(), Some(file.options[2].name.as_str()));
    assert_eq!(gpu.input, "self_hosted.rented.usd_per_gpu_hour");
    assert_eq!(file.uncertainty[0].option, None);
    // Written back, it is a version-2 file that reads the same.
    let again = llm_tco::ScenarioFile::parse(&file.to_json(), Format::Json).expect("parse v2");
    assert_eq!(again, file);
    // The options reordered: the range follows its option's name.
    let mut moved = file.clone();
    moved.options.swap(0, 2);
    let s = Scenario::from_file(&moved, &Catalog::builtin()).expect("valid");
    let ranges = llm_tco::analysis::param::UncertainInput::of(&s).expect("ranges");
    assert_eq!(
        ranges[1].param.reference(&s).0.as_deref(),
        Some(file.options[2].name.as_str())
    );
    // A version-2 file may not use the positional form, and a name must exist.
    let mut positional = file.clone();
    positional.uncertainty[1].option = None;
    positional.uncertainty[1].input = "options[2].self_hosted.rented.usd_per_gpu_hour".into();
    let err = Scenario::from_file(&positional, &Catalog::builtin())
        .and_then(|s| evaluate(&s))
        .expect_err("refused");
    assert_eq!(err.path(), "uncertainty[1].input");
    assert!(err.message().contains("name the option"), "{err}");
    let mut unknown = file.clone();
    unknown.uncertainty[1].option = Some("Gone".into());
    let err = Scenario::from_file(&unknown, &Catalog::builtin())
        .and_then(|s| evaluate(&s))
        .expect_err("refused");
    assert_eq!(err.path(), "uncertainty[1].option");
    // A version-1 position past the options is an error that says so.
    let broken = text.replace("options[2].self_hosted.rented", "options[9].self_hosted.rented");
    let err = llm_tco::ScenarioFile::parse(&broken, Format::Toml).expect_err("refused");
    assert!(err.message().contains("there is no option 9"), "{err}");
}

#[test]
fn a_scenario_without_a_date_is_analysed_on_the_day_its_surface_gives() {
    use llm_tco::{Date, ScenarioFile};
    let path = root().join("fixtures/scenarios/article-002-mixed-10m.toml");
    let mut file = ScenarioFile::parse(&std::fs::read_to_string(path).expect("read"), Format::Toml).expect("parse");
    file.as_of = None;
    let catalog = Catalog::builtin();
    // No date: no price-age warnings.
    let undated = evaluate(&Scenario::from_file(&file, &catalog).expect("valid")).expect("report");
    assert_eq!(undated.as_of, None);
    let stale = |r: &llm_tco::Report| r.warnings.iter().filter(|w| w.code.name() == "stale_price").count();
    assert_eq!(stale(&undated), 0);
    // A day two years on: the day is the report's, and the article's
    // prices (2025 and 2026) are flagged as old.
    let day = Date::parse_day("2028-06-01");
    let dated = evaluate(&Scenario::from_file_on(&file, &catalog, day).expect("valid")).expect("report");
    assert_eq!(dated.as_of, day);
    assert!(stale(&dated) >= 2, "{:?}", dated.warnings);
    // A date in the file wins over the surface's day.
    file.as_of = Some("2026-05-31".into());
    let own = evaluate(&Scenario::from_file_on(&file, &catalog, day).expect("valid")).expect("report");
    assert_eq!(own.as_of, Date::parse_day("2026-05-31"));
}
