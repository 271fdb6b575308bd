//! API bills a user can check by hand against the vendors' price pages.

use llm_tco::{ApiBill, ApiPrices, Catalog, Decimal, TokenCounts};
use std::str::FromStr;

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).expect("decimal literal")
}

fn offer(id: &str) -> ApiPrices {
    let spec = llm_tco::spec::scenario::ApiSpec {
        catalog: Some(id.to_string()),
        ..Default::default()
    };
    ApiPrices::from_spec(&spec, &Catalog::builtin(), None).expect("catalog offer")
}

fn tokens(input: &str, cached: &str, writes: &str, output: &str, per_request: &str, batch: &str) -> TokenCounts {
    TokenCounts {
        input_tokens: d(input),
        cached_input_tokens: d(cached),
        cache_write_tokens: d(writes),
        output_tokens: d(output),
        input_tokens_per_request: d(per_request),
        batch_share: d(batch),
    }
}

/// One case: the offer, the tokens, and the expected total and lines.
fn check(id: &str, t: TokenCounts, expect_total: &str, expect: impl Fn(&ApiBill)) {
    let bill = offer(id).bill(&t).expect("bill");
    assert_eq!(bill.total_usd.normalize(), d(expect_total), "{id}: {bill:?}");
    expect(&bill);
}

#[test]
fn gpt_4o_one_million_in_and_out_is_twelve_fifty() {
    // $2.50 per 1M input + $10 per 1M output.
    check(
        "openai-gpt-4o",
        tokens("1000000", "0", "0", "1000000", "1000", "0"),
        "12.5",
        |b| {
            assert_eq!(b.input_usd, d("2.5"));
            assert_eq!(b.output_usd, d("10"));
        },
    );
}

#[test]
fn claude_sonnet_4_with_cache_reads_and_five_minute_writes() {
    // 1M plain input at $3, 2M cache reads at $0.30, 1M 5-minute cache
    // writes at $3.75, 1M output at $15.
    check(
        "anthropic-claude-sonnet-4-20250514",
        tokens("1000000", "2000000", "1000000", "1000000", "4000", "0"),
        "22.35",
        |b| {
            assert_eq!(b.cached_input_usd, d("0.6"));
            assert_eq!(b.cache_write_usd, d("3.75"));
            assert_eq!(b.tier_surcharge_usd, Decimal::ZERO);
        },
    );
}

#[test]
fn gemini_2_5_pro_above_200k_input_is_billed_entirely_at_the_tier() {
    // 250k input + 10k output in one request: $2.50 and $15 per 1M above the
    // 200k threshold, for every token of the request.
    check(
        "google-gemini-2.5-pro",
        tokens("250000", "0", "0", "10000", "250000", "0"),
        "0.775",
        |b| {
            // Base lines at $1.25 / $10, the rest as the tier surcharge.
            assert_eq!(b.input_usd + b.output_usd, d("0.4125"));
            assert_eq!(b.tier_surcharge_usd, d("0.3625"));
        },
    );
    // Exactly at the threshold the base price holds.
    check(
        "google-gemini-2.5-pro",
        tokens("200000", "0", "0", "10000", "200000", "0"),
        "0.35",
        |b| {
            assert_eq!(b.tier_surcharge_usd, Decimal::ZERO);
        },
    );
}

#[test]
fn cached_tokens_count_toward_the_tier_threshold() {
    // 150k plain + 100k cached input in one request: 250k input, above the
    // threshold. Tier prices: $2.50 input, $0.25 cached, $15 output.
    check(
        "google-gemini-2.5-pro",
        tokens("150000", "100000", "0", "0", "250000", "0"),
        "0.4",
        |b| {
            assert_eq!(b.input_usd + b.cached_input_usd, d("0.2"));
        },
    );
}

#[test]
fn batch_discount_takes_half_off_the_batch_share() {
    check(
        "openai-gpt-4o",
        tokens("1000000", "0", "0", "1000000", "1000", "1"),
        "6.25",
        |b| {
            assert_eq!(b.batch_savings_usd, d("-6.25"));
        },
    );
    check(
        "openai-gpt-4o",
        tokens("1000000", "0", "0", "1000000", "1000", "0.5"),
        "9.375",
        |_| {},
    );
}

#[test]
fn cached_reads_without_a_cache_price_are_plain_input() {
    // Mistral Large has no cache price: 1M cached tokens cost the $0.50 input price.
    check(
        "mistral-mistral-large-latest",
        tokens("0", "1000000", "0", "0", "1000", "0"),
        "0.5",
        |_| {},
    );
}

#[test]
fn monthly_bill_uses_365_over_12_days() {
    // 1M tokens/day = 30,416,666.67 tokens/month; all input at $2.50.
    let spec = llm_tco::spec::scenario::WorkloadSpec {
        tokens_per_day: Some(d("1000000")),
        requests_per_day: None,
        input_tokens_per_request: d("1000"),
        output_tokens_per_request: d("0"),
        ..Default::default()
    };
    let w = llm_tco::Workload::from_spec(&spec).expect("workload");
    let bill = offer("openai-gpt-4o").monthly_bill(&w).expect("bill");
    assert_eq!(llm_tco::base::decimal::round_dp(bill.total_usd, 6), d("76.041667"));
}
