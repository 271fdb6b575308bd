//! Properties over random valid scenarios: costs are never negative and
//! never fall as volume grows; at every crossing the curves agree; the
//! verdict agrees with the curves; scenario files round-trip exactly.

use llm_tco::analysis::breakeven::{crossings, CheaperAbove, CrossingKind};
use llm_tco::model::curve::CostCurve;
use llm_tco::spec::scenario::*;
use llm_tco::{evaluate, Catalog, Decimal, Format, Scenario, ScenarioFile};
use proptest::prelude::*;

fn dec(mantissa: u64, scale: u32) -> Decimal {
    Decimal::new(mantissa as i64, scale)
}

prop_compose! {
    fn workload()(
        tokens in 1_000u64..50_000_000_000,
        input in 0u64..20_000,
        output in 1u64..4_000,
        cached in 0u64..=50,
        writes in 0u64..=50,
        batch in 0u64..=100,
        peak in 100u64..=400,
    ) -> WorkloadSpec {
        WorkloadSpec {
            tokens_per_day: Some(Decimal::from(tokens)),
            requests_per_day: None,
            input_tokens_per_request: Decimal::from(input),
            output_tokens_per_request: Decimal::from(output),
            cached_input_share: Some(dec(cached, 2)),
            cache_write_share: Some(dec(writes, 2)),
            batch_share: Some(dec(batch, 2)),
            peak_to_average: Some(dec(peak, 2)),
            ..Default::default()
        }
    }
}

prop_compose! {
    fn api()(
        input in 0u64..2_000_000, output in 0u64..8_000_000, cached in proptest::option::of(0u64..1_000_000),
        batch in proptest::option::of(0u64..99), tier in proptest::option::of((1u64..300_000, 0u64..4_000_000, 0u64..8_000_000)),
    ) -> ApiSpec {
        ApiSpec {
            input_usd_per_mtok: Some(dec(input, 5)),
            output_usd_per_mtok: Some(dec(output, 5)),
            cached_input_usd_per_mtok: cached.map(|c| dec(c, 5)),
            batch_discount: batch.map(|b| dec(b, 2)),
            long_context_tier: tier.map(|(t, i, o)| llm_tco::spec::catalog::LongContextTier {
                threshold_input_tokens: t,
                input_usd_per_mtok: dec(i, 5),
                output_usd_per_mtok: dec(o, 5),
                cached_input_usd_per_mtok: None,
                cache_write_usd_per_mtok: None,
            }),
            ..ApiSpec::default()
        }
    }
}

prop_compose! {
    fn self_hosted()(
        capacity in proptest::option::of(1u64..100_000), gpus_per_replica in proptest::option::of(proptest::sample::select(vec![1u32, 2, 4, 8])), hourly in 1u64..2_000,
        fixed in proptest::option::of(1u32..6), spares in 0u32..3, scaled in any::<bool>(), min_gpus in 0u32..8,
        owned in any::<bool>(), eng_hours in 0u64..200, life_months in 12u32..72, coc in 0u64..20,
    ) -> SelfHostedSpec {
        let rented = RentedSpec {
            usd_per_gpu_hour: Some(dec(hourly, 2)),
            billing: Some(if scaled && fixed.is_none() { Billing::Scaled } else { Billing::AlwaysOn }),
            min_gpus: Some(min_gpus),
            ..RentedSpec::default()
        };
        let owned_spec = OwnedSpec {
            purchase_usd_per_gpu: Decimal::from(hourly * 20),
            server_usd_per_gpu: Some(Decimal::from(hourly * 3)),
            life_years: Decimal::from(life_months) / Decimal::from(12),
            residual_share: Some(dec(1, 1)),
            cost_of_capital_per_year: Some(dec(coc, 2)),
            power_draw_w: None,
            utilization_factor: Some(dec(7, 1)),
            pue: Some(dec(13, 1)),
            usd_per_kwh: dec(12, 2),
            colocation_usd_per_kw_month: Some(Decimal::from(150)),
            maintenance_share_per_year: Some(dec(5, 2)),
        };
        SelfHostedSpec {
            model: "llama-3.1-70b".into(),
            weights: "fp8".into(),
            kv_cache: None,
            gpu: "h100-sxm".into(),
            engine: None,
            gpus_per_replica,
            layout: None,
            capacity_tokens_per_s: capacity.map(Decimal::from),
            n_gpus: fixed.map(|r| r * gpus_per_replica.unwrap_or(1)),
            rented: (!owned).then_some(rented),
            owned: owned.then_some(owned_spec),
            engineering: Some(EngineeringSpec {
                usd_per_hour: Decimal::from(120),
                setup_hours: Some(Decimal::from(eng_hours)),
                setup_amortization_months: Some(12),
                ops_hours_per_month: Some(Decimal::from(eng_hours / 10)),
            }),
            redundancy: Some(RedundancySpec { spare_replicas: spares, spare_gpus: (spares > 0).then(|| spares - 1) }),
        }
    }
}

prop_compose! {
    fn scenario_file()(w in workload(), a in api(), s in self_hosted(), points in 2u32..200) -> ScenarioFile {
        ScenarioFile {
            schema_version: llm_tco::SCHEMA_VERSION,
            name: "random".into(),
            description: None,
            as_of: Some("2026-01-01".into()),
            notes: vec![],
            workload: w,
            range: Some(RangeSpec { min_tokens_per_day: None, max_tokens_per_day: None, points: Some(points) }),
            options: vec![
                OptionSpec { name: "api".into(), api: Some(a), self_hosted: None, hybrid: None, quality: None, notes: None },
                OptionSpec { name: "self".into(), api: None, self_hosted: Some(s), hybrid: None, quality: None, notes: None },
            ],
            catalog: None,
            constraints: None,
            uncertainty: vec![],
        }
    }
}

fn usd(curve: &CostCurve, v: Decimal) -> Option<Decimal> {
    curve.usd_at(v).expect("no overflow at these magnitudes")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn costs_are_non_negative_and_non_decreasing(file in scenario_file()) {
        let scenario = Scenario::from_file(&file, &Catalog::builtin()).expect("valid scenario");
        let report = evaluate(&scenario).expect("evaluate");
        for o in &report.options {
            prop_assert!(o.monthly_usd.is_none_or(|m| m.value() >= Decimal::ZERO), "{} costs {:?}", o.name, o.monthly_usd);
            let mut last: Option<Decimal> = None;
            for point in &o.points {
                let (v, c) = (point.tokens_per_day.value(), point.usd_per_month.map(|u| u.value()));
                let exact = usd(&o.curve, v);
                if let Some(c) = exact {
                    prop_assert!(c >= Decimal::ZERO);
                    if let Some(prev) = last {
                        prop_assert!(c >= prev, "{}: {c} after {prev} at {v}", o.name);
                    }
                    last = Some(c);
                }
                prop_assert_eq!(c.is_some(), exact.is_some());
            }
        }
    }

    #[test]
    fn crossings_agree_with_the_curves(file in scenario_file()) {
        let scenario = Scenario::from_file(&file, &Catalog::builtin()).expect("valid scenario");
        let report = evaluate(&scenario).expect("evaluate");
        let api = &report.options[0].curve;
        let CostCurve::Linear { usd_per_month_per_token_per_day: slope } = api else { panic!("api curve") };
        let CostCurve::Staircase(stair) = &report.options[1].curve else { panic!("staircase") };
        let lo = scenario.range().min_tokens_per_day();
        let hi = scenario.range().max_tokens_per_day();
        let pair = crossings(stair, *slope, lo, hi).expect("crossings");
        let sh = &report.options[1].curve;
        let cent = Decimal::new(1, 2);
        prop_assert!(pair.n_crossings >= pair.crossings.len() as u64);
        for c in &pair.crossings {
            prop_assert!(c.tokens_per_day >= lo && c.tokens_per_day <= hi);
            let a = usd(api, c.tokens_per_day).expect("api serves");
            match c.kind {
                CrossingKind::SelfHostedBecomesCheaper => {
                    let s = usd(sh, c.tokens_per_day).expect("serves at a crossing");
                    prop_assert!((s - a).abs() < cent, "at {}: self-hosted {s}, api {a}", c.tokens_per_day);
                }
                CrossingKind::SelfHostedBecomesDearerAtStep => {
                    let below = usd(sh, c.tokens_per_day).expect("serves");
                    let above = stair.usd_with_steps(stair.steps_at(c.tokens_per_day).unwrap().unwrap() + 1).unwrap();
                    prop_assert!(below <= a + cent && a <= above + cent, "step at {}: {below} .. {above}, api {a}", c.tokens_per_day);
                }
                CrossingKind::SelfHostedCapacityExceeded => {
                    prop_assert_eq!(Some(c.tokens_per_day), stair.capacity_tokens_per_day());
                }
            }
        }
        // The verdict agrees with the curves on a grid of the range.
        let g = |v: Decimal| usd(sh, v).map(|s| s - usd(api, v).unwrap());
        let cheaper_at = |v: Decimal| g(v).is_some_and(|x| x < Decimal::ZERO);
        match pair.cheaper_above {
            CheaperAbove::Never => prop_assert!(!cheaper_at(hi)),
            CheaperAbove::Always => {
                for v in scenario.range().samples() {
                    prop_assert!(cheaper_at(v), "not cheaper at {v}");
                }
            }
            CheaperAbove::Above(x) => {
                prop_assert!(x >= lo && x < hi);
                for v in scenario.range().samples().into_iter().filter(|v| *v > x) {
                    prop_assert!(cheaper_at(v), "verdict above {x} but not cheaper at {v}");
                }
            }
        }
        // A sign change between two neighbouring samples means a crossing.
        let samples = scenario.range().samples();
        let changes = samples.windows(2).filter(|w| cheaper_at(w[0]) != cheaper_at(w[1])).count() as u64;
        prop_assert!(pair.n_crossings >= changes.min(1), "{changes} sign changes, {} crossings", pair.n_crossings);
    }

    #[test]
    fn scenario_files_round_trip_exactly(file in scenario_file()) {
        let json = file.to_json();
        let back = ScenarioFile::parse(&json, Format::Json).expect("json parses");
        prop_assert_eq!(&back, &file);
        let toml = file.to_toml().expect("toml");
        let back = ScenarioFile::parse(&toml, Format::Toml).expect("toml parses");
        prop_assert_eq!(&back, &file);
    }
}

#[test]
fn fixtures_round_trip_exactly() {
    for path in llm_tco_tests::scenario_fixtures() {
        let text = std::fs::read_to_string(&path).expect("read");
        let file =
            ScenarioFile::parse(&text, Format::from_path(&path.to_string_lossy()).expect("extension")).expect("parse");
        assert_eq!(
            ScenarioFile::parse(&file.to_json(), Format::Json).expect("json"),
            file,
            "{}",
            path.display()
        );
        assert_eq!(
            ScenarioFile::parse(&file.to_toml().expect("toml"), Format::Toml).expect("toml"),
            file,
            "{}",
            path.display()
        );
    }
}

#[test]
fn a_staircase_hugging_the_api_line_is_solved_without_walking_every_step() {
    // Step cost 99.999 against 100 per step width of the API: tens of
    // thousands of crossings over the range, counted exactly.
    let stair = llm_tco::Staircase {
        fixed_usd: Decimal::from(50),
        usd_per_step: Decimal::new(99_999, 3),
        tokens_per_day_per_step: Some(Decimal::from(1_000)),
        min_steps: 1,
        max_steps: None,
    };
    let slope = Decimal::new(1, 1); // $0.1 per token/day: $100 per step width
    let pair = crossings(&stair, slope, Decimal::from(1_000), Decimal::from(1_000_000_000)).expect("crossings");
    assert_eq!(pair.crossings.len(), llm_tco::analysis::breakeven::MAX_LISTED_CROSSINGS);
    assert!(pair.n_crossings > 1_000, "{}", pair.n_crossings);
    // D = 100 − 99.999 = 0.001; cheaper for good once k·D ≥ F + aW = 150:
    // k ≥ 150,000 replicas, the last crossing in step 149,999.
    match pair.cheaper_above {
        CheaperAbove::Above(v) => {
            assert!(v > Decimal::from(149_998_000) && v <= Decimal::from(149_999_000), "{v}");
            let s = stair.usd_with_steps(149_999).unwrap();
            assert_eq!(v, s / slope);
        }
        other => panic!("{other:?}"),
    }
}

/// `steps_needed` as defined: the exact Decimal quotient, snapped to a
/// whole number within 1e-12, else its ceiling.
/// None when the quotient does not fit.
fn steps_needed_by_division(tokens_per_day: Decimal, width: Decimal) -> Option<u64> {
    let q = tokens_per_day.checked_div(width)?;
    let nearest = q.round();
    let snapped = if (q - nearest).abs() <= Decimal::new(1, 12) {
        nearest
    } else {
        q.ceil()
    };
    u64::try_from(snapped.mantissa() / 10i128.pow(snapped.scale())).ok()
}

proptest! {
    /// The float shortcut of `steps_needed` never changes its answer: at
    /// random volumes, and at volumes a hair either side of a step edge
    /// (k × width ± 1e-20 .. 1e-4 tokens/day), where only the division decides.
    #[test]
    fn steps_needed_agrees_with_the_exact_division(
        width_units in 1u64..10_000_000_000,
        width_scale in 0u32..20,
        third in any::<bool>(),
        k in 1u64..100_000,
        nudge_exp in 4u32..20,
        nudge_sign in prop_oneof![Just(-1i64), Just(0), Just(1)],
        volume in 1u64..100_000_000_000_000,
    ) {
        // Widths as the model makes them: sometimes a 28-digit quotient.
        let mut width = Decimal::new(width_units as i64, width_scale);
        if third {
            width /= Decimal::from(3);
        }
        prop_assume!(width > Decimal::ZERO);
        let volumes = [
            Decimal::from(volume),
            width * Decimal::from(k) + Decimal::new(nudge_sign, nudge_exp),
        ];
        for v in volumes.into_iter().filter(|v| *v > Decimal::ZERO) {
            let Some(exact) = steps_needed_by_division(v, width) else { continue };
            prop_assert_eq!(llm_tco::model::staircase::steps_needed(v, width).expect("fits"), exact, "{} / {}", v, width);
        }
    }
}

proptest! {
    /// The page reads numbers with `num::parse_f64` (the documents' JSON
    /// reader) instead of the standard library's parser: the nearest float,
    /// as the standard library gives it, for up to 15 significant digits
    /// and powers of ten up to 22, written as Decimal or JSON writes them.
    #[test]
    fn parse_f64_is_exact_for_fifteen_digits(mantissa in 0u64..1_000_000_000_000_000, exponent in -22i32..=22, negative: bool) {
        let sign = if negative { "-" } else { "" };
        for text in [format!("{sign}{mantissa}e{exponent}"), format!("{sign}{}", Decimal::from(mantissa)), format!("{sign}{}", Decimal::new(mantissa as i64, 12))] {
            prop_assert_eq!(llm_tco::base::float::parse_f64(&text), Some(text.parse::<f64>().unwrap()), "{}", text);
        }
    }
}

#[test]
fn parse_f64_reads_json_numbers_only() {
    for text in ["+1", ".5", "5.", "inf", "NaN", "1e999", "", "1 2", "\"1\"", "0x10"] {
        assert_eq!(llm_tco::base::float::parse_f64(text), None, "{text:?}");
    }
    assert_eq!(
        llm_tco::base::float::parse_f64("18446744073709551615"),
        Some(18446744073709551615.0)
    );
    assert_eq!(
        llm_tco::base::float::parse_f64("-9223372036854775808"),
        Some(-9223372036854775808.0)
    );
}
