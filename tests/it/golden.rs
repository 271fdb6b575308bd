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
    assert_eq!(
        llm_tco::default_scenario().name(),
        "Default: support assistant, 10M tokens/day"
    );
}

#[test]
fn the_default_scenario_answers_the_main_question() {
    let report = evaluate(&llm_tco::default_scenario()).expect("evaluate");
    let pair = report
        .break_even
        .iter()
        .find(|p| p.self_hosted == "Llama 3.3 70B, 2x H100 rented" && p.api == "GPT-4o")
        .expect("pair");
    // One replica of two H100s at $3.99/h for 730 h is $5,825.40/month; with
    // $800 + $1,920 of engineering, $8,545.40. GPT-4o costs $1,045.5729 a
    // month at 10M tokens/day (hand-checked: 253.47M input tokens at $2.50
    // less the 30% cached at $1.25, 50.69M output at $10), so the two meet
    // at 8,545.40 / 1,045.5729 × 10M = 81,729,354.92 tokens/day.
    assert_eq!(pair.self_hosted_cheaper.verdict, "above");
    assert_eq!(pair.self_hosted_cheaper.tokens_per_day.as_deref(), Some("81729355"));
}

#[test]
fn curves_as_csv_have_a_row_per_sample_and_quote_names() {
    let text = llm_tco::DEFAULT_SCENARIO_TOML.replacen("name = \"GPT-4o\"", "name = \"GPT-4o, \\\"quoted\\\"\"", 1);
    let scenario = Scenario::parse(&text, Format::Toml, &Catalog::builtin()).expect("parse");
    let csv = evaluate(&scenario).expect("evaluate").curves_csv();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 122, "a header and 121 samples");
    assert!(
        lines[0].starts_with("tokens_per_day,\"GPT-4o, \"\"quoted\"\"\",GPT-4o mini,"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("100000,10.46,"), "{}", lines[1]);
}
