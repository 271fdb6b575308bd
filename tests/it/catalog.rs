//! The catalog file: dated price history picked by the scenario's date,
//! sources as links and dates, reserved and spot prices of a cloud offer,
//! and validation that names the field.

use llm_tco::model::api::ApiPrices;
use llm_tco::model::dated::PriceEntryKind;
use llm_tco::spec::catalog::Source;
use llm_tco::spec::scenario::ApiSpec;
use llm_tco::{Catalog, CatalogFile, Date, Decimal, ErrorKind, Format, Scenario};

const OVERLAY: &str = r#"{
  "api": [{
    "id": "acme-terra", "name": "Terra", "provider": "Acme", "hosting": "closed",
    "input_usd_per_mtok": "2", "output_usd_per_mtok": "12",
    "from": "2026-07-30", "as_of": "2026-08-12",
    "source": {"title": "Acme price list", "url": "https://acme.example/prices", "date": "2026-08-12"},
    "history": [
      {"input_usd_per_mtok": "2.5", "output_usd_per_mtok": "15", "until": "2026-07-30", "as_of": "2026-07-01",
       "source": "an older list"},
      {"from": "2026-09-01", "scheduled": true, "input_usd_per_mtok": "3", "output_usd_per_mtok": "15"}
    ]
  }],
  "cloud": [{
    "id": "acme-1x-h100", "provider": "Acme Cloud", "instance": "h100.1x", "gpu": "h100-sxm", "n_gpus": 1,
    "on_demand_usd_per_gpu_hour": "3.00", "reserved_usd_per_gpu_hour": "2.10", "reserved_term": "1yr",
    "as_of": "2026", "confidence": "medium", "source": "Acme Cloud price list"
  }]
}"#;

fn catalog() -> Catalog {
    let overlay = CatalogFile::parse(OVERLAY, Format::Json).expect("overlay parses");
    Catalog::builtin().with_overlay(&overlay).expect("overlay validates")
}

fn prices_on(date: Option<&str>) -> ApiPrices {
    let spec = ApiSpec {
        catalog: Some("acme-terra".into()),
        ..ApiSpec::default()
    };
    ApiPrices::from_spec(&spec, &catalog(), date.and_then(Date::parse)).expect("prices")
}

#[test]
fn the_scenario_date_picks_the_price_in_force() {
    let check = |date: Option<&str>, input: &str, kind: PriceEntryKind, before: bool| {
        let p = prices_on(date);
        assert_eq!(p.input_usd_per_mtok(), input.parse::<Decimal>().unwrap(), "{date:?}");
        assert_eq!(p.price_entry(), kind, "{date:?}");
        assert_eq!(p.before_first_known(), before, "{date:?}");
    };
    // No date: the current prices.
    check(None, "2", PriceEntryKind::Current, false);
    // Before the cut: the earlier entry (it has no start, so it is in force
    // before every later one), with its own date and source.
    check(Some("2026-07-01"), "2.5", PriceEntryKind::History, false);
    let before = prices_on(Some("2026-07-01"));
    assert_eq!(before.as_of(), Some("2026-07-01"));
    assert_eq!(before.source().map(|s| s.title.as_str()), Some("an older list"));
    assert_eq!(before.price_until(), Some("2026-07-30"));
    check(Some("2026-07-30"), "2", PriceEntryKind::Current, false);
    check(Some("2026-08-31"), "2", PriceEntryKind::Current, false);
    // An announced price applies from its start, and says it is scheduled.
    check(Some("2026-09-01"), "3", PriceEntryKind::Scheduled, false);
    assert_eq!(prices_on(Some("2026-12-01")).price_from(), Some("2026-09-01"));
}

#[test]
fn a_source_is_a_title_or_a_link_with_a_date_and_reads_back_as_written() {
    let file = CatalogFile::parse(OVERLAY, Format::Json).expect("parses");
    let source = &file.api[0].source;
    assert_eq!(source.url.as_deref(), Some("https://acme.example/prices"));
    assert_eq!(source.date.as_deref(), Some("2026-08-12"));
    assert_eq!(file.api[0].history[0].source, Some(Source::titled("an older list")));
    let again = CatalogFile::parse(&llm_tco::to_json(&file), Format::Json).expect("round trip");
    assert_eq!(again, file);
    // A bare string is written back as a string.
    assert!(llm_tco::to_json(&file).contains("\"source\": \"an older list\""));
    let e = CatalogFile::parse(
        r#"{"api": [{"id": "x", "name": "x", "provider": "x", "hosting": "closed", "input_usd_per_mtok": "1",
            "output_usd_per_mtok": "1", "as_of": "2026", "source": {"title": "t", "link": "u"}}]}"#,
        Format::Json,
    )
    .unwrap_err();
    assert!(e.message().contains("unknown field `link`"), "{e}");
}

#[test]
fn a_cloud_offer_prices_each_way_of_paying_it_has_and_names_the_ones_it_lacks() {
    let scenario = |pricing: &str| {
        format!(
            "schema_version = 1\nname = \"x\"\n[workload]\ntokens_per_day = 1000000\ninput_tokens_per_request = 1000\noutput_tokens_per_request = 200\n[[options]]\nname = \"h100\"\n[options.self_hosted]\nmodel = \"llama-3.1-8b\"\nweights = \"fp8\"\ngpu = \"h100-sxm\"\nrented = {{ offer = \"acme-1x-h100\", pricing = \"{pricing}\" }}\n"
        )
    };
    let s = Scenario::parse(&scenario("reserved"), Format::Toml, &catalog()).expect("reserved is priced");
    let report = llm_tco::evaluate(&s).expect("report");
    let details = report.options[0].self_hosted.as_ref().expect("self-hosted");
    assert_eq!(details.usd_per_gpu_hour.map(|v| v.to_string()).as_deref(), Some("2.1"));
    let e = Scenario::parse(&scenario("spot"), Format::Toml, &catalog()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidValue);
    assert_eq!(e.path(), "options[0].self_hosted.rented.pricing");
    assert!(
        e.message().contains("no spot price (it has: on_demand, reserved)"),
        "{e}"
    );
}

#[test]
fn catalog_errors_name_the_field() {
    let bad = |text: &str, path: &str, says: &str| {
        let file = CatalogFile::parse(text, Format::Json).expect("parses");
        let e = Catalog::builtin().with_overlay(&file).unwrap_err();
        assert_eq!(e.path(), path, "{e}");
        assert!(e.message().contains(says), "{e}");
    };
    let offer = |extra: &str| {
        format!(
            r#"{{"api": [{{"id": "x", "name": "x", "provider": "x", "hosting": "open_weight", "input_usd_per_mtok": "1", "output_usd_per_mtok": "1", "as_of": "2026-08", "source": "s"{extra}}}]}}"#
        )
    };
    bad(
        &offer(r#", "model": "no-such-model""#),
        "api[0].model",
        "unknown model id",
    );
    bad(&offer(r#", "from": "late 2024""#), "api[0].from", "not a date");
    bad(
        &offer(
            r#", "history": [{"from": "2026-05-01", "input_usd_per_mtok": "1", "output_usd_per_mtok": "1"}, {"from": "2026-01-01", "input_usd_per_mtok": "1", "output_usd_per_mtok": "1"}]"#,
        ),
        "api[0].history[1].from",
        "oldest first",
    );
    bad(
        &offer(r#", "history": [{"input_usd_per_mtok": "-1", "output_usd_per_mtok": "1"}]"#),
        "api[0].history[0].input_usd_per_mtok",
        "negative",
    );
    bad(
        r#"{"cloud": [{"id": "c", "provider": "p", "instance": "i", "gpu": "h100-sxm", "n_gpus": 1, "as_of": "2026", "confidence": "low", "source": "s"}]}"#,
        "cloud[0].on_demand_usd_per_gpu_hour",
        "at least one of",
    );
    bad(
        r#"{"tco": [{"id": "t", "name": "t", "gpu": "b300", "as_of": "2026", "confidence": "low", "source": "s"}]}"#,
        "tco[0].gpu",
        "unknown GPU id \"b300\"",
    );
}
