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

/// A scenario of one API option on `catalog` at `date`, as TOML.
fn api_scenario(date: &str, api: &str) -> String {
    format!(
        "schema_version = 1\nname = \"x\"\nas_of = \"{date}\"\n[workload]\ntokens_per_day = 1000000\ninput_tokens_per_request = 1000\noutput_tokens_per_request = 200\n[[options]]\nname = \"API\"\napi = {api}\n"
    )
}

fn report_on(date: &str, api: &str, catalog: &Catalog) -> llm_tco::Report {
    let s = Scenario::parse(&api_scenario(date, api), Format::Toml, catalog).expect("scenario");
    llm_tco::evaluate(&s).expect("report")
}

fn codes(r: &llm_tco::Report) -> Vec<&'static str> {
    r.warnings.iter().map(|w| w.code.name()).collect()
}

#[test]
fn the_report_says_which_price_entry_it_used_and_warns_on_the_odd_ones() {
    let c = catalog();
    let terra = "{ catalog = \"acme-terra\" }";
    // Before the cut: the earlier price, which has no start.
    let r = report_on("2026-07-01", terra, &c);
    let api = r.options[0].api.as_ref().expect("api");
    assert_eq!(
        (api.price_entry, api.price_from.as_deref()),
        (Some(PriceEntryKind::History), None)
    );
    assert_eq!(api.input_usd_per_mtok, "2.5");
    assert!(codes(&r).is_empty(), "{:?}", r.warnings);
    assert!(
        r.assumptions
            .iter()
            .any(|a| a == "Catalog prices are the ones in force on 2026-07-01: API at its earlier price."),
        "{:?}",
        r.assumptions
    );
    // After the cut: the current price, said as such, no assumption line.
    let r = report_on("2026-08-20", terra, &c);
    let api = r.options[0].api.as_ref().expect("api");
    assert_eq!(
        (api.price_entry, api.price_from.as_deref()),
        (Some(PriceEntryKind::Current), Some("2026-07-30"))
    );
    assert!(!r
        .assumptions
        .iter()
        .any(|a| a.starts_with("Catalog prices are the ones")));
    // The announced price, once its day has come.
    let r = report_on("2026-12-01", terra, &c);
    let api = r.options[0].api.as_ref().expect("api");
    assert_eq!(api.price_entry, Some(PriceEntryKind::Scheduled));
    assert_eq!(codes(&r), ["scheduled_price"]);
    assert_eq!(
        r.warnings[0].message,
        "API is priced at the price announced for 2026-09-01 (recorded on an unknown date); no price list has shown it in force yet"
    );
    // A scenario's own prices: no entry warnings (the entry gives only the
    // rest), and no entry without a catalog offer.
    let r = report_on(
        "2026-12-01",
        "{ catalog = \"acme-terra\", input_usd_per_mtok = \"1\", output_usd_per_mtok = \"2\" }",
        &c,
    );
    assert!(codes(&r).is_empty(), "{:?}", r.warnings);
    let r = report_on(
        "2026-12-01",
        "{ input_usd_per_mtok = \"1\", output_usd_per_mtok = \"2\" }",
        &c,
    );
    assert_eq!(r.options[0].api.as_ref().expect("api").price_entry, None);
}

#[test]
fn a_date_before_every_price_or_after_an_ended_one_is_said() {
    let overlay = CatalogFile::parse(
        r#"{"api": [
          {"id": "new", "name": "New", "provider": "P", "hosting": "closed", "input_usd_per_mtok": "1",
           "output_usd_per_mtok": "2", "from": "2026-08-12", "as_of": "2026-08-12", "source": "s"},
          {"id": "gap", "name": "Gap", "provider": "P", "hosting": "closed", "input_usd_per_mtok": "1",
           "output_usd_per_mtok": "2", "from": "2026-01", "as_of": "2026-02", "source": "s",
           "history": [{"from": "2025", "until": "2025-06-01", "input_usd_per_mtok": "3", "output_usd_per_mtok": "4",
                        "as_of": "2025-05"}]}
        ]}"#,
        Format::Json,
    )
    .expect("parses");
    let c = Catalog::builtin().with_overlay(&overlay).expect("valid");
    let r = report_on("2026-05-31", "{ catalog = \"new\" }", &c);
    assert_eq!(codes(&r), ["price_before_first_known"]);
    assert_eq!(
        r.warnings[0].message,
        "API's earliest known price is from 2026-08-12; the scenario's date is 2026-05-31, so that price is used"
    );
    assert_eq!(
        r.options[0].monthly_usd.map(|v| v.to_string()).as_deref(),
        Some("35.49"),
        "priced, never zero"
    );
    let r = report_on("2025-09-01", "{ catalog = \"gap\" }", &c);
    assert_eq!(codes(&r), ["price_ended"]);
    assert_eq!(
        r.warnings[0].message,
        "API's price ended on 2025-06-01 and the catalog knows no later one; it is used all the same"
    );
    // On the day it ended, too; before, not.
    assert_eq!(
        codes(&report_on("2025-06-01", "{ catalog = \"gap\" }", &c)),
        ["price_ended"]
    );
    assert!(codes(&report_on("2025-05-31", "{ catalog = \"gap\" }", &c)).is_empty());
}

/// The issue's example: GPT-5.6 Terra's price fell on 2026-07-30; a
/// scenario's date picks the price in force, and the report says so.
#[test]
fn issue_18_a_real_offer_is_priced_as_of_the_scenario_date() {
    let c = Catalog::builtin();
    let terra = "{ catalog = \"openai-gpt-5.6-terra\" }";
    let before = report_on("2026-07-01", terra, &c);
    let after = report_on("2026-12-01", terra, &c);
    let (b, a) = (
        before.options[0].api.as_ref().expect("api"),
        after.options[0].api.as_ref().expect("api"),
    );
    assert_eq!(
        (b.input_usd_per_mtok.to_string(), b.output_usd_per_mtok.to_string()),
        ("2.5".to_string(), "15".to_string())
    );
    assert_eq!(b.price_entry, Some(PriceEntryKind::History));
    assert_eq!(
        (a.input_usd_per_mtok.to_string(), a.output_usd_per_mtok.to_string()),
        ("2".to_string(), "12".to_string())
    );
    assert_eq!(
        (a.price_entry, a.price_from.as_deref(), a.as_of.as_deref()),
        (Some(PriceEntryKind::Current), Some("2026-07-30"), Some("2026-08-12"))
    );
    // 1M tokens/day of 1000 in + 200 out: 25.35M input and 5.07M output a month.
    assert_eq!(
        before.options[0].monthly_usd.map(|v| v.to_string()).as_deref(),
        Some("139.41")
    );
    assert_eq!(
        after.options[0].monthly_usd.map(|v| v.to_string()).as_deref(),
        Some("111.53")
    );
    // Claude Sonnet 5's announced 3/15 from 2026-09-01 is said as such.
    let sonnet = report_on("2026-12-01", "{ catalog = \"anthropic-claude-sonnet-5\" }", &c);
    assert_eq!(codes(&sonnet), ["scheduled_price"]);
    let intro = report_on("2026-08-20", "{ catalog = \"anthropic-claude-sonnet-5\" }", &c);
    assert_eq!(intro.options[0].api.as_ref().expect("api").input_usd_per_mtok, "2");
}

/// A scenario of one rented option at `date`.
fn rented_report(date: &str, gpu: &str, rented: &str) -> llm_tco::Report {
    let text = format!(
        "schema_version = 1\nname = \"x\"\nas_of = \"{date}\"\n[workload]\ntokens_per_day = 1000000\ninput_tokens_per_request = 1000\noutput_tokens_per_request = 200\n[[options]]\nname = \"GPU\"\n[options.self_hosted]\nmodel = \"llama-3.1-8b\"\nweights = \"fp8\"\ngpu = \"{gpu}\"\nrented = {rented}\n"
    );
    let s = Scenario::parse(&text, Format::Toml, &Catalog::builtin()).expect("scenario");
    llm_tco::evaluate(&s).expect("report")
}

#[test]
fn price_ages_read_every_date_form_of_the_catalog() {
    let stale = |r: &llm_tco::Report| {
        r.warnings
            .iter()
            .find(|w| w.code.name() == "stale_price")
            .map(|w| w.message.clone())
    };
    // A year: its first day (2025-01-01 to 2026-12-01 is 699 days).
    let r = rented_report(
        "2026-12-01",
        "h100-sxm",
        "{ offer = \"aws-ec2-on-demand-p5-48xlarge\" }",
    );
    assert_eq!(
        stale(&r).as_deref(),
        Some("GPU's GPU price is 699 days old (as of 2025)")
    );
    // A month: its first day (2025-12-01 to 2026-12-01 is 365 days: not yet old).
    let r = rented_report("2026-12-01", "h100-sxm", "{ offer = \"market-survey-blog-h100-sxm\" }");
    assert_eq!(stale(&r), None);
    let r = rented_report("2026-12-02", "h100-sxm", "{ offer = \"market-survey-blog-h100-sxm\" }");
    assert_eq!(
        stale(&r).as_deref(),
        Some("GPU's GPU price is 366 days old (as of 2025-12)")
    );
    // A day, on an API.
    let r = report_on(
        "2027-08-13",
        "{ catalog = \"openai-gpt-5.6-terra\" }",
        &Catalog::builtin(),
    );
    assert_eq!(
        stale(&r).as_deref(),
        Some("API's prices are 366 days old (as of 2026-08-12)")
    );
}

#[test]
fn a_rented_price_before_its_first_date_is_said_unless_the_scenario_gives_it() {
    let r = rented_report("2026-05-31", "a10g", "{ offer = \"aws-ec2-on-demand-g5-xlarge\" }");
    let w: Vec<&str> = r.warnings.iter().map(|w| w.code.name()).collect();
    assert!(w.contains(&"price_before_first_known"), "{w:?}");
    let r = rented_report(
        "2026-05-31",
        "a10g",
        "{ offer = \"aws-ec2-on-demand-g5-xlarge\", usd_per_gpu_hour = \"1.006\" }",
    );
    assert!(!r.warnings.iter().any(|w| w.code.name() == "price_before_first_known"));
}

/// A word that looks like a commit hash: 7 to 40 lowercase hex digits with
/// both a letter and a digit.
fn shows_commit_hash(text: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|w| {
        (7..=40).contains(&w.len())
            && w.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            && w.bytes().any(|b| b.is_ascii_digit())
            && w.bytes().any(|b| b.is_ascii_alphabetic())
    })
}

/// One entry of the catalog: what it is, its source, its date, the texts a
/// reader sees.
type Entry = (String, Option<Source>, Option<String>, Vec<String>);

/// Every entry of the built-in catalog.
fn entries(c: &Catalog) -> Vec<Entry> {
    let mut out = Vec::new();
    let text = |v: &[Option<&String>]| v.iter().flatten().map(|s| (*s).clone()).collect::<Vec<_>>();
    for a in c.api_offers() {
        out.push((
            format!("api {}", a.id),
            Some(a.source.clone()),
            Some(a.as_of.clone()),
            text(&[Some(&a.name), a.notes.as_ref()]),
        ));
        for (j, h) in a.history.iter().enumerate() {
            out.push((
                format!("api {} history[{j}]", a.id),
                h.source.clone(),
                h.as_of.clone(),
                Vec::new(),
            ));
        }
    }
    for g in c.gpus() {
        out.push((
            format!("gpu {}", g.id),
            Some(g.source.clone()),
            g.as_of.clone(),
            text(&[Some(&g.name), g.notes.as_ref()]),
        ));
    }
    for m in c.models() {
        out.push((
            format!("model {}", m.id),
            Some(m.source.clone()),
            m.as_of.clone(),
            text(&[Some(&m.name), m.notes.as_ref()]),
        ));
    }
    for x in c.cloud_prices() {
        out.push((
            format!("cloud {}", x.id),
            Some(x.source.clone()),
            Some(x.as_of.clone()),
            text(&[x.name.as_ref(), x.notes.as_ref(), x.as_of_text.as_ref()]),
        ));
        for (j, h) in x.history.iter().enumerate() {
            out.push((
                format!("cloud {} history[{j}]", x.id),
                h.source.clone(),
                h.as_of.clone(),
                text(&[h.as_of_text.as_ref()]),
            ));
        }
    }
    for p in c.purchase_prices() {
        out.push((
            format!("purchase {}", p.id),
            Some(p.source.clone()),
            Some(p.as_of.clone()),
            text(&[p.as_of_text.as_ref(), Some(&p.kind)]),
        ));
    }
    for t in c.tco_bases() {
        out.push((
            format!("tco {}", t.id),
            Some(t.source.clone()),
            Some(t.as_of.clone()),
            text(&[Some(&t.name)]),
        ));
    }
    out
}

#[test]
fn every_built_in_entry_has_a_titled_dated_source_and_no_commit_hash_in_its_text() {
    let c = Catalog::builtin();
    let mut problems = Vec::new();
    for (what, source, date, texts) in entries(&c) {
        let Some(s) = source else {
            problems.push(format!("{what}: no source"));
            continue;
        };
        if s.title.trim().is_empty() {
            problems.push(format!("{what}: a source without a title"));
        }
        // Prices are dated by their entry; a specification whose reference
        // row has no date says so in its source's note.
        let dated = date.as_deref().or(s.date.as_deref());
        match dated {
            Some(d) if Date::parse(d).is_none() => problems.push(format!("{what}: {d:?} is not a date")),
            Some(_) => {}
            None if what.starts_with("gpu ") || what.starts_with("model ") => {
                if !s
                    .note
                    .as_deref()
                    .is_some_and(|n| n.contains("the reference gives no date"))
                {
                    problems.push(format!("{what}: no date, and the source does not say why"));
                }
            }
            None => problems.push(format!("{what}: a price without a date")),
        }
        for t in texts.iter().chain([&s.title]).chain(s.note.iter()) {
            if shows_commit_hash(t) {
                problems.push(format!("{what}: shows a commit hash: {t:?}"));
            }
        }
        if s.url.as_deref().is_some_and(|u| !u.starts_with("https://")) {
            problems.push(format!("{what}: a link that is not https"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Almost every entry links its source (three datasheet rows have none).
    let unlinked = entries(&c)
        .iter()
        .filter(|(_, s, ..)| s.as_ref().is_some_and(|s| s.url.is_none()))
        .count();
    assert!(unlinked <= 3, "{unlinked} sources without a link");
}

#[test]
fn the_built_in_catalog_has_unique_ids_and_the_entries_the_issue_names() {
    let c = Catalog::builtin();
    fn unique<'a>(what: &str, ids: impl Iterator<Item = &'a str>) {
        let mut seen = std::collections::BTreeSet::new();
        for id in ids {
            assert!(seen.insert(id), "{what}: {id} twice");
        }
    }
    unique("api", c.api_offers().iter().map(|x| x.id.as_str()));
    unique("gpus", c.gpus().iter().map(|x| x.id.as_str()));
    unique("models", c.models().iter().map(|x| x.id.as_str()));
    unique("cloud", c.cloud_prices().iter().map(|x| x.id.as_str()));
    unique("purchase", c.purchase_prices().iter().map(|x| x.id.as_str()));
    unique("tco", c.tco_bases().iter().map(|x| x.id.as_str()));
    for id in [
        "qwen3-30b-a3b",
        "gpt-oss-120b",
        "llama-4-maverick",
        "gemma-3-27b",
        "kimi-k2",
        "deepseek-r1",
    ] {
        c.model(id).expect(id);
    }
    for id in ["b200-sxm", "gb200", "mi325x", "mi355x", "rtx-5090", "apple-m3-ultra"] {
        c.gpu(id).expect(id);
    }
    for id in [
        "openai-gpt-5.6-terra",
        "anthropic-claude-opus-5",
        "anthropic-claude-sonnet-4-5",
        "google-gemini-3.5-flash",
        "deepseek-deepseek-v4-pro",
        "moonshot-kimi-k2.6",
        "fireworks_ai-gpt-oss-120b",
        "together_ai-deepseek-r1-0528-tput",
    ] {
        c.api(id).expect(id);
    }
    // One offer per vendor id: no date-suffixed duplicates.
    assert!(
        !c.api_offers()
            .iter()
            .any(|a| a.id.ends_with("-2025-06-28") || a.id.ends_with("-2026-07-24")),
        "snapshot dates are history, not ids"
    );
    // Rental offers by pricing, with reserved terms; TCO bases per GPU.
    let cloud = |id: &str| c.cloud(id).expect(id);
    assert_eq!(
        cloud("nebius-gpu-h100-sxm-1gpu-16vcpu-200gb").spot_usd_per_gpu_hour,
        Some(d("1.25"))
    );
    let block = cloud("aws-ec2-capacity-blocks-p5-48xlarge");
    assert_eq!(
        (block.reserved_usd_per_gpu_hour, block.on_demand_usd_per_gpu_hour),
        (Some(d("4.916")), None)
    );
    assert_eq!(
        cloud("lambda-gpu-8x-h100-sxm5").history.len(),
        1,
        "v7 2.99 kept as history"
    );
    // Exact decimals, as the reference wrote them (never through a float).
    assert_eq!(
        cloud("nebius-gpu-l40s-a-1gpu-8vcpu-32gb").on_demand_usd_per_gpu_hour,
        Some(d("1.5484"))
    );
    assert_eq!(
        c.api("openai-gpt-4.1-nano").expect("nano").cached_input_usd_per_mtok,
        Some(d("0.025"))
    );
    assert!(c.tco_bases().iter().any(|t| t.gpu == "b200-sxm"));
    // Purchase prices keep their confidence.
    assert!(c
        .purchase_prices()
        .iter()
        .filter(|p| p.gpu == "b200-sxm")
        .all(|p| p.confidence == "low"));
    // Display names are for people: no provider paths or underscores.
    for a in c.api_offers() {
        assert!(
            !a.name.contains('_') && a.name.to_lowercase() != a.id,
            "{}: {:?}",
            a.id,
            a.name
        );
    }
}

#[test]
fn a_rental_offer_ranks_by_the_trust_its_confidence_words() {
    let c = Catalog::builtin();
    let rank = |id: &str| c.cloud(id).expect(id).trust_rank();
    // "medium", "low-medium (provider blog)", "low (vendor marketing)".
    assert_eq!(rank("lambda-gpu-1x-b200-sxm6"), 2);
    assert_eq!(rank("spheron-b200-sxm"), 1);
    assert_eq!(rank("packet-ai-b200-sxm"), 0);
    // Every offer's confidence is one of the words ranked.
    for p in c.cloud_prices() {
        let word = p.confidence.split([' ', '(']).next().unwrap_or("");
        assert!(
            ["high", "medium", "low-medium", "low"].contains(&word),
            "{}: {:?}",
            p.id,
            p.confidence
        );
    }
}

fn d(t: &str) -> Decimal {
    t.parse().expect("decimal")
}
