//! Prices a scenario built in code, with no file: GPT-4o mini against
//! Llama 3.1 8B on rented L4 GPUs, and prints where they break even.
//!
//! Run with `cargo run -p llm-tco --example price_in_code`.

use llm_tco::model::scenario::{OptionKind, ServingOption};
use llm_tco::model::selfhost::SelfHosted;
use llm_tco::spec::scenario::{ApiSpec, EngineeringSpec, RentedSpec, SelfHostedSpec, WorkloadSpec};
use llm_tco::{evaluate, ApiPrices, Catalog, Decimal, Scenario, VolumeRange, Workload};

fn main() -> Result<(), llm_tco::Error> {
    let catalog = Catalog::builtin();
    let workload = Workload::from_spec(&WorkloadSpec {
        tokens_per_day: Some(Decimal::from(50_000_000)),
        requests_per_day: None,
        input_tokens_per_request: Decimal::from(800),
        output_tokens_per_request: Decimal::from(200),
        peak_to_average: Some(Decimal::from(3)),
        ..WorkloadSpec::default()
    })?;
    let api = ApiPrices::from_spec(
        &ApiSpec {
            catalog: Some("openai-gpt-4o-mini".into()),
            ..ApiSpec::default()
        },
        &catalog,
        None,
    )?;
    let self_hosted = SelfHosted::from_spec(
        &SelfHostedSpec {
            model: "llama-3.1-8b".into(),
            weights: "fp8".into(),
            gpu: "l4".into(),
            rented: Some(RentedSpec {
                usd_per_gpu_hour: Some(Decimal::new(80, 2)),
                ..RentedSpec::default()
            }),
            engineering: Some(EngineeringSpec {
                usd_per_hour: Decimal::from(100),
                setup_hours: Some(Decimal::from(40)),
                setup_amortization_months: Some(12),
                ops_hours_per_month: Some(Decimal::from(8)),
            }),
            ..SelfHostedSpec::default()
        },
        &catalog,
        None,
    )?;
    let scenario = Scenario::new(
        "In code: 50M tokens/day",
        None,
        workload,
        VolumeRange::default_range(),
        vec![
            ServingOption::new("GPT-4o mini", OptionKind::Api(api)),
            ServingOption::new("Llama 3.1 8B on L4", OptionKind::SelfHosted(Box::new(self_hosted))),
        ],
    )?;
    let report = evaluate(&scenario)?;
    for option in &report.options {
        println!(
            "{:<20} {:>10} USD/month  {:>8} USD per 1M tokens",
            option.name,
            option.monthly_usd.map_or("-".to_string(), |v| v.to_string()),
            option.usd_per_mtok.map_or("-".to_string(), |v| v.to_string())
        );
    }
    for pair in &report.break_even {
        let verdict = match pair.self_hosted_cheaper.tokens_per_day {
            Some(at) => format!("cheaper above {at} tokens/day"),
            None => format!("{:?}", pair.self_hosted_cheaper.verdict).to_lowercase(),
        };
        println!("{} vs {}: self-hosting {verdict}", pair.self_hosted, pair.api);
    }
    Ok(())
}
