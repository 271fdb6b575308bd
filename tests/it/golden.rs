//! Golden reports: every fixture scenario, priced, matches its snapshot.

use llm_tco::{evaluate, Catalog, Format, Scenario};
use llm_tco_tests::{check_snapshot, root, scenario_fixtures};

fn report_json(path: &std::path::Path) -> String {
    let text = std::fs::read_to_string(path).expect("read fixture");
    let format = Format::from_path(&path.to_string_lossy()).expect("fixture extension");
    let scenario =
        Scenario::parse(&text, format, &Catalog::builtin()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    evaluate(&scenario)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .to_json()
}

#[test]
fn every_fixture_matches_its_golden_report() {
    let files = scenario_fixtures();
    assert!(
        files.len() >= 3,
        "fixtures/scenarios holds the default and the article scenarios"
    );
    for path in files {
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("file name");
        check_snapshot(&format!("{stem}.report.json"), &report_json(&path));
    }
}

#[test]
fn the_embedded_default_is_the_fixture() {
    let fixture = std::fs::read_to_string(root().join("fixtures/scenarios/default.toml")).expect("read");
    assert_eq!(
        fixture,
        llm_tco::DEFAULT_SCENARIO_TOML,
        "crates/llm-tco/scenarios/default.toml must be a copy of fixtures/scenarios/default.toml"
    );
    assert_eq!(llm_tco::default_scenario().name(), "Default: support assistant");
}

#[test]
fn the_default_scenario_answers_the_main_question() {
    let report = evaluate(&llm_tco::default_scenario()).expect("evaluate");
    let pair = report
        .break_even
        .iter()
        .find(|p| p.self_hosted == "gpt-oss-120b on B200, rented" && p.api == "Claude Opus 5")
        .expect("pair");
    // One B200 at $6.99/h for 730 h is $5,102.70/month; with $800 + $1,920
    // of engineering, $7,822.70 (one GPU serves up to about 1.5B tokens/day
    // at the peak, so the staircase is flat up to the crossing). Claude Opus
    // 5 costs $2,192.5347 a month at 10M tokens/day (hand-checked: 253.47M
    // input tokens at $5 less the 30% cached at $0.50, 50.69M output at
    // $25), so the two meet at 7,822.70 / 2,192.5347 × 10M = 35,678,796.42
    // tokens/day.
    assert_eq!(
        pair.self_hosted_cheaper.verdict,
        llm_tco::analysis::report::Verdict::Above
    );
    assert_eq!(
        pair.self_hosted_cheaper
            .tokens_per_day
            .map(|v| v.to_string())
            .as_deref(),
        Some("35678796")
    );
}

#[test]
fn curves_as_csv_have_a_row_per_sample_and_quote_names() {
    let text = llm_tco::DEFAULT_SCENARIO_TOML.replacen(
        "name = \"Claude Opus 5\"",
        "name = \"Claude Opus 5, \\\"quoted\\\"\"",
        1,
    );
    let scenario = Scenario::parse(&text, Format::Toml, &Catalog::builtin()).expect("parse");
    let csv = evaluate(&scenario).expect("evaluate").curves_csv();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 122, "a header and 121 samples");
    assert!(
        lines[0].starts_with("tokens_per_day,\"Claude Opus 5, \"\"quoted\"\"\",GPT-5.6 Terra,"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("100000,21.93,"), "{}", lines[1]);
}
