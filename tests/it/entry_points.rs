//! Every public entry point against the edges: Decimal overflow, zero
//! prices and volumes (division by zero), zero-length ranges and an empty
//! catalog. Each gives a result or a named error, never a panic.

use llm_tco::analysis::montecarlo::monte_carlo;
use llm_tco::analysis::pair::Pair;
use llm_tco::analysis::payback::payback;
use llm_tco::analysis::sensitivity::sensitivity;
use llm_tco::analysis::usage::{reprice, ImportOptions, UsageImport};
use llm_tco::{evaluate, Catalog, Decimal, ErrorKind, Format, Scenario};

/// A scenario with one API at `price` USD per 1M tokens and one rented GPU
/// at `hourly` USD, at `volume` tokens/day, with a range on the volume.
fn scenario(price: &str, hourly: &str, volume: &str) -> String {
    format!(
        r#"
schema_version = 1
name = "edges"
[workload]
tokens_per_day = "{volume}"
input_tokens_per_request = 1000
output_tokens_per_request = 200
monthly_growth = "0.5"
horizon_months = 6
[[options]]
name = "api"
api = {{ input_usd_per_mtok = "{price}", output_usd_per_mtok = "{price}" }}
[[options]]
name = "gpu"
[options.self_hosted]
model = "llama-3.1-8b"
weights = "fp8"
gpu = "l4"
capacity_tokens_per_s = 1000
rented = {{ usd_per_gpu_hour = "{hourly}" }}
[[options]]
name = "mix"
hybrid = {{ self_hosted = "gpu", api = "api" }}
[[uncertainty]]
input = "options[0].api.input_usd_per_mtok"
low = "{price}"
high = "{price}"
"#
    )
}

/// A small usage log: two hours of ordinary requests.
const LOG: &str = "timestamp,input_tokens,output_tokens,cached_tokens\n1,1000,200,100\n7200,3000,500,0\n";

/// Every analysis of `text`, and `log` repriced on it, in order; the
/// first error, if any.
fn run_all(text: &str, log: &str) -> Result<(), llm_tco::Error> {
    let s = Scenario::parse(text, Format::Toml, &Catalog::builtin())?;
    evaluate(&s)?;
    payback(&s)?;
    let pair = Pair::choose(&s, None, None)?;
    sensitivity(&s, pair, Decimal::new(2, 1))?;
    monte_carlo(&s, pair, 20, 1)?;
    let mut import = UsageImport::new(ImportOptions::default());
    import.push_chunk(log)?;
    reprice(&import.finish()?, &s)?;
    Ok(())
}

#[test]
fn overflow_is_an_error_on_every_entry_point() {
    // The largest Decimal as a price: every bill overflows.
    let max = "79228162514264337593543950335";
    let e = run_all(&scenario(max, "1", "1000000000000"), LOG).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Overflow, "{e}");
    // Each entry point on its own, on a scenario that validates.
    let s = Scenario::parse(&scenario(max, max, "1000000000000"), Format::Toml, &Catalog::builtin()).expect("parses");
    assert_eq!(evaluate(&s).unwrap_err().kind(), ErrorKind::Overflow);
    assert_eq!(payback(&s).unwrap_err().kind(), ErrorKind::Overflow);
    let pair = Pair::choose(&s, None, None).expect("pair");
    assert_eq!(
        sensitivity(&s, pair, Decimal::new(2, 1)).unwrap_err().kind(),
        ErrorKind::Overflow
    );
    assert_eq!(monte_carlo(&s, pair, 5, 1).unwrap_err().kind(), ErrorKind::Overflow);
    let mut import = UsageImport::new(ImportOptions::default());
    import
        .push_chunk("timestamp,input_tokens,output_tokens\n1,1000000000,1000000000\n")
        .expect("row");
    assert_eq!(
        reprice(&import.finish().expect("finish"), &s).unwrap_err().kind(),
        ErrorKind::Overflow
    );
    // A price just large enough to overflow the monthly bill, not the file.
    let e = run_all(&scenario("1e20", "1", "1000000000000000"), LOG).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Overflow, "{e}");
}

#[test]
fn zero_prices_and_the_smallest_volume_price_without_dividing_by_zero() {
    // Free API, free GPUs: every analysis runs; savings are zero.
    run_all(&scenario("0", "0", "0.01"), LOG).expect("zero prices price");
    run_all(&scenario("0", "2", "1"), LOG).expect("a free API");
    run_all(&scenario("3", "0", "1"), LOG).expect("free GPUs");
    // A log of requests with no tokens at all: refused by name.
    let e = run_all(
        &scenario("1", "1", "1"),
        "timestamp,input_tokens,output_tokens\n1,0,0\n",
    )
    .unwrap_err();
    assert!(e.message().contains("no tokens"), "{e}");
    // A volume of zero is refused by name, not divided by.
    let e = Scenario::parse(&scenario("1", "1", "0"), Format::Toml, &Catalog::builtin()).unwrap_err();
    assert_eq!(e.path(), "workload.tokens_per_day");
}

#[test]
fn zero_length_ranges() {
    // A curve range of one point: refused by name.
    let text = format!(
        "{}\n[range]\nmin_tokens_per_day = 5000\nmax_tokens_per_day = 5000\n",
        scenario("1", "1", "1000")
    );
    let e = Scenario::parse(&text, Format::Toml, &Catalog::builtin()).unwrap_err();
    assert_eq!(e.path(), "range.max_tokens_per_day");
    // An uncertainty range of zero length is a constant (the helper's own).
    let s = Scenario::parse(&scenario("2.5", "1", "1000000"), Format::Toml, &Catalog::builtin()).expect("parse");
    let pair = Pair::choose(&s, None, None).expect("pair");
    let r = monte_carlo(&s, pair, 10, 3).expect("runs");
    assert_eq!(r.saving_usd.p10, r.saving_usd.p90);
    // A one-month horizon: payback in one row.
    let one = scenario("1", "1", "1000").replace("horizon_months = 6", "horizon_months = 1");
    let s = Scenario::parse(&one, Format::Toml, &Catalog::builtin()).expect("parse");
    assert_eq!(payback(&s).expect("payback").tokens_per_day.len(), 1);
    // A usage log of a single hour.
    let mut import = UsageImport::new(ImportOptions::default());
    import
        .push_chunk("timestamp,input_tokens,output_tokens\n100,1,1\n")
        .expect("row");
    let summary = import.finish().expect("finish");
    assert_eq!(summary.span_hours(), 1);
    reprice(&summary, &s).expect("reprices");
}

#[test]
fn an_empty_catalog_names_what_is_missing() {
    let empty = Catalog::from_file(Default::default()).expect("empty catalog");
    let e = Scenario::parse(&scenario("1", "1", "1000"), Format::Toml, &empty).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownId);
    assert_eq!(e.path(), "options[1].self_hosted.model");
    let input = llm_tco::spec::estimate::EstimateInput::parse(
        r#"{"model":"llama-3.1-8b","gpu":"l4","gpus":1,"weights":"fp8","kv_cache":"fp8","input_tokens":1,"output_tokens":1}"#,
        Format::Json,
    )
    .expect("request");
    let e = llm_tco::sizing::report::estimate(&input, &empty).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownId);
    // A link into the empty catalog: an error, no panic.
    let file = llm_tco::ScenarioFile::parse(&scenario("1", "1", "1000"), Format::Toml).expect("file");
    let hash = llm_tco::spec::link::encode_hash(&file);
    let file = llm_tco::spec::link::decode_hash(&hash)
        .expect("fragment")
        .expect("parses");
    assert!(Scenario::from_file(&file, &empty).is_err());
    // API-only scenarios need no catalog entry at all.
    let api_only = "schema_version = 1\nname = \"x\"\n[workload]\ntokens_per_day = 1000\ninput_tokens_per_request = 1\noutput_tokens_per_request = 1\n[[options]]\nname = \"a\"\napi = { input_usd_per_mtok = \"1\", output_usd_per_mtok = \"1\" }\n";
    let s = Scenario::parse(api_only, Format::Toml, &empty).expect("no catalog needed");
    evaluate(&s).expect("prices");
    payback(&s).expect("payback");
    assert_eq!(Pair::choose(&s, None, None).unwrap_err().path(), "self_hosted");
}

#[test]
fn timestamps_at_the_ends_of_i64_are_refused_not_wrapped() {
    for ts in [
        "-9223372036854775808",
        "9223372036854775807",
        "-9223372036854775808.5",
        "1e400",
    ] {
        let mut import = UsageImport::new(ImportOptions::default());
        import
            .push_chunk(&format!(
                "timestamp,input_tokens,output_tokens\n{ts},1,1\n2026-01-01,1,1\n"
            ))
            .expect("skipped, not fatal");
        let r = import.finish().expect("one good row").report().expect("report");
        assert_eq!((r.rows, r.skipped_rows), (1, 1), "{ts}");
        assert!(r.errors[0].message.contains("timestamp"), "{ts}: {:?}", r.errors);
    }
}

#[test]
fn a_log_over_the_row_limit_stops_with_a_named_error() {
    let mut import = UsageImport::new(ImportOptions {
        max_rows: Some(3),
        ..ImportOptions::default()
    });
    let e = import
        .push_chunk("timestamp,input_tokens,output_tokens\n1,1,1\n2,1,1\n3,1,1\n4,1,1\n")
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit);
    assert_eq!(e.path(), "line 5");
    assert!(e.message().contains("more than 3 rows"), "{e}");
}

#[test]
fn an_unquoted_toml_date_reads_as_the_date_it_means() {
    let text = llm_tco::DEFAULT_SCENARIO_TOML.replace("as_of = \"2026-12-01\"", "as_of = 2026-12-01");
    assert_ne!(text, llm_tco::DEFAULT_SCENARIO_TOML);
    let s = Scenario::parse(&text, Format::Toml, &Catalog::builtin()).expect("an unquoted date");
    assert_eq!(s.as_of().map(|d| d.to_string()).as_deref(), Some("2026-12-01"));
}
