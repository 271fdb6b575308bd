//! litellm's `model_prices_and_context_window.json`: one JSON object, a key
//! per model as litellm routes it (`gpt-4o`, `gemini/gemini-2.5-pro`,
//! `deepinfra/meta-llama/Llama-3.3-70B-Instruct`), each a flat object of
//! prices in USD per **token**.
//!
//! Read: entries of mode `chat` and `responses` (OpenAI's Responses-only
//! models, priced per token like chat); input, output, cache-read
//! (`cache_read_input_token_cost`, or the older
//! `input_cost_per_token_cache_hit`) and cache-write prices; the batch
//! discount from `*_cost_per_token_batches` when input and output give the
//! same one; the long-context tier from `*_above_<N>k_tokens` (litellm
//! bills the whole request at the tier when its input exceeds N, and for
//! xAI from exactly N) or from `tiered_pricing`; `max_input_tokens`;
//! `deprecation_date`. Not carried: priority and flex service tiers,
//! one-hour cache writes (`*_above_1hr` is a cache lifetime, not a token
//! threshold), audio, image and per-second prices.

use super::hosting::{classify, litellm_seller, Basis, Seller};
use super::{exact_price, full_date, json_text, per_mtok, text_of, whole_tokens, Importer, OfferPrices, Reason};
use crate::error::{Error, ErrorKind, Result};
use crate::spec::catalog::LongContextTier;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Map, Value};

/// Providers whose tier applies from exactly N input tokens
/// (litellm's `_INCLUSIVE_THRESHOLD_PROVIDERS`); for the others, above N.
const INCLUSIVE_THRESHOLD: &[&str] = &["xai"];

pub(crate) fn read(doc: &Value, out: &mut Importer) -> Result<()> {
    let Value::Object(entries) = doc else {
        return Err(Error::new(
            ErrorKind::Syntax,
            "",
            "litellm: the file must be a JSON object of model entries ({ \"gpt-4o\": { ... }, ... })",
        ));
    };
    for (key, value) in entries {
        if key == "sample_spec" {
            out.skip(key, "documentation entry (sample_spec), not a model");
            continue;
        }
        let Value::Object(entry) = value else {
            out.skip(key, "not a model entry (not an object)");
            continue;
        };
        let Some(provider) = text_of(entry.get("litellm_provider")) else {
            out.skip(key, "not a model entry (no litellm_provider)");
            continue;
        };
        let mode = match entry.get("mode") {
            None | Some(Value::Null) => {
                out.skip(
                    key,
                    "no mode: not a model (e.g. a price bucket such as fireworks-ai-4.1b-to-16b)",
                );
                continue;
            }
            Some(Value::String(m)) => m.clone(),
            Some(other) => {
                out.skip(key, format!("mode {} is not chat", json_text(other)));
                continue;
            }
        };
        if mode != "chat" && mode != "responses" {
            out.skip(key, format!("mode {mode} is not chat"));
            continue;
        }
        let provider = provider.to_string();
        let mut warnings = Vec::new();
        let prices = match prices(entry, &provider, &mut warnings) {
            Ok(p) => p,
            Err(reason) => {
                out.skip(key, reason);
                continue;
            }
        };
        if prices.input.is_zero() && prices.output.is_zero() {
            out.skip(key, "zero price (free or local): input and output both 0");
            continue;
        }
        for w in warnings {
            out.warn(key, w);
        }
        let model = key
            .strip_prefix(provider.as_str())
            .and_then(|rest| rest.strip_prefix('/'))
            .unwrap_or(key);
        let (seller_name, seller) = litellm_seller(&provider);
        let (hosting, basis) = classify(seller, model);
        let mut notes = Vec::new();
        if basis == Basis::ModelName && seller != Seller::ClosedMaker {
            notes.push(format!(
                "{} judged from the model's name ({seller_name} sells both kinds)",
                hosting_words(hosting)
            ));
        }
        let max_input_tokens = match entry.get("max_input_tokens") {
            None | Some(Value::Null) => None,
            Some(v) => {
                let n = whole_tokens(v);
                if n.is_none() {
                    out.warn(
                        key,
                        format!("max_input_tokens {} is not a whole number: dropped", json_text(v)),
                    );
                }
                n
            }
        };
        let deprecation_date = match entry.get("deprecation_date") {
            None | Some(Value::Null) => None,
            Some(v) => {
                let d = full_date(v);
                if d.is_none() {
                    out.warn(
                        key,
                        format!("deprecation_date {} is not YYYY-MM-DD: dropped", json_text(v)),
                    );
                }
                d.map(|d| d.to_string())
            }
        };
        // litellm's own entries often cite the vendor's price page.
        let cited = text_of(entry.get("source"))
            .filter(|s| s.starts_with("https://") && s.len() <= 300)
            .map(|s| format!("litellm's entry cites {s}"));
        let id = out.id(&seller_name, model, key);
        let name = if seller.is_maker() {
            model.to_string()
        } else {
            format!("{model} on {seller_name}")
        };
        let source = out.source(key, cited);
        out.offer(id, &name, seller_name, hosting, prices, source, notes, |o| {
            o.max_input_tokens = max_input_tokens;
            o.deprecation_date = deprecation_date;
        });
    }
    Ok(())
}

pub(crate) fn hosting_words(h: crate::spec::catalog::Hosting) -> &'static str {
    match h {
        crate::spec::catalog::Hosting::Closed => "closed model",
        crate::spec::catalog::Hosting::OpenWeight => "open-weight model",
    }
}

/// A per-token price field of `fields`, per 1M tokens; warns about float
/// artefacts.
fn price(fields: &Fields, field: &str, warnings: &mut Vec<String>) -> std::result::Result<Option<Decimal>, Reason> {
    let Some(value) = fields.get(field).filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    per_mtok(exact_price(value, field, warnings)?, field).map(Some)
}

/// The fields prices are read from: an entry's, or one `tiered_pricing`
/// tier's.
type Fields = Map<String, Value>;

/// Whether `field` is there and not `null`.
fn has(fields: &Fields, field: &str) -> bool {
    !matches!(fields.get(field), None | Some(Value::Null))
}

fn prices(entry: &Fields, provider: &str, warnings: &mut Vec<String>) -> std::result::Result<OfferPrices, Reason> {
    let (base, tiered) = match entry.get("tiered_pricing") {
        Some(t) if !has(entry, "input_cost_per_token") && !t.is_null() => tiered_pricing(t, warnings)?,
        _ => (entry, None),
    };
    if !has(base, "input_cost_per_token") || !has(base, "output_cost_per_token") {
        return Err("no per-token price (input_cost_per_token / output_cost_per_token absent)".into());
    }
    let input = price(base, "input_cost_per_token", warnings)?.unwrap_or_default();
    let output = price(base, "output_cost_per_token", warnings)?.unwrap_or_default();
    let mut cached = price(base, "cache_read_input_token_cost", warnings)?;
    if cached.is_none() {
        cached = price(base, "input_cost_per_token_cache_hit", warnings)?;
    }
    let mut write = price(base, "cache_creation_input_token_cost", warnings)?;
    if write.is_some_and(|w| w.is_zero()) {
        warnings.push("cache_creation_input_token_cost 0: read as no separate cache-write price".into());
        write = None;
    }
    let batch_discount = batch_discount(entry, input, output, warnings)?;

    // The tier: from `tiered_pricing`, else the lowest `*_above_<N>_tokens`.
    let tier_source = match tiered {
        Some((threshold, fields)) => Some((threshold, fields, String::new())),
        None => above_thresholds(entry, warnings).map(|(n, label)| (n, entry, format!("_above_{label}_tokens"))),
    };
    let tier = match tier_source {
        None => None,
        Some((mut threshold, fields, suffix)) => {
            if INCLUSIVE_THRESHOLD.contains(&provider) && threshold > 0 {
                threshold -= 1;
                warnings.push(format!(
                    "{provider} bills the tier from exactly {} input tokens: threshold_input_tokens {threshold}",
                    threshold + 1
                ));
            }
            let field = |name: &str| format!("{name}{suffix}");
            let tier_input = price(fields, &field("input_cost_per_token"), warnings)?;
            let Some(tier_input) = tier_input else {
                return Err(format!("long-context tier without {}", field("input_cost_per_token")));
            };
            let tier_output = match price(fields, &field("output_cost_per_token"), warnings)? {
                Some(p) => p,
                None => {
                    warnings.push("long-context tier has no output price: the base output price applies".into());
                    output
                }
            };
            // litellm falls back to the base price, field by field.
            let tier_cached = price(fields, &field("cache_read_input_token_cost"), warnings)?.or(cached);
            let tier_write = price(fields, &field("cache_creation_input_token_cost"), warnings)?
                .filter(|w| !w.is_zero())
                .or(write);
            Some(LongContextTier {
                threshold_input_tokens: threshold,
                input_usd_per_mtok: tier_input,
                output_usd_per_mtok: tier_output,
                cached_input_usd_per_mtok: tier_cached,
                cache_write_usd_per_mtok: tier_write,
            })
        }
    };
    Ok(OfferPrices {
        input,
        output,
        cached,
        write,
        batch_discount,
        tier,
    })
}

/// The batch discount `1 − batch / base`, when input and output give the
/// same one (a side whose base price is 0 says nothing); otherwise none,
/// with a warning.
fn batch_discount(
    top: &Fields,
    input: Decimal,
    output: Decimal,
    warnings: &mut Vec<String>,
) -> std::result::Result<Option<Decimal>, Reason> {
    let batch_in = price(top, "input_cost_per_token_batches", warnings)?;
    let batch_out = price(top, "output_cost_per_token_batches", warnings)?;
    // (batch price, base price) of each side that has both.
    let sides: Vec<(Decimal, Decimal, &str)> = [(batch_in, input, "input"), (batch_out, output, "output")]
        .into_iter()
        .filter_map(|(b, base, side)| b.map(|b| (b, base, side)))
        .collect();
    match sides.as_slice() {
        [] => Ok(None),
        [(_, _, side)] => {
            warnings.push(format!(
                "only the {side} side has a batch price: no batch discount (litellm gives both when a batch API exists)"
            ));
            Ok(None)
        }
        _ => {
            let usable: Vec<(Decimal, Decimal)> = sides
                .iter()
                .filter(|(_, base, _)| !base.is_zero())
                .map(|(b, base, _)| (*b, *base))
                .collect();
            let Some(&(b0, base0)) = usable.first() else {
                return Ok(None);
            };
            // Same discount on both sides: b0 / base0 = b1 / base1, compared
            // exactly by cross-multiplication.
            if let Some(&(b1, base1)) = usable.get(1) {
                let agree = match (b0.checked_mul(base1), b1.checked_mul(base0)) {
                    (Some(l), Some(r)) => l == r,
                    _ => false,
                };
                if !agree {
                    warnings.push(format!(
                        "batch prices give different discounts: input {}, output {}; no batch discount",
                        show_discount(b0, base0),
                        show_discount(b1, base1)
                    ));
                    return Ok(None);
                }
            }
            let Some(ratio) = b0.checked_div(base0) else {
                return Ok(None);
            };
            let discount = Decimal::ONE - ratio;
            if discount < Decimal::ZERO || discount >= Decimal::ONE {
                warnings.push(format!(
                    "batch price gives discount {} outside [0, 1): no batch discount",
                    discount.normalize()
                ));
                return Ok(None);
            }
            // A quotient that does not end within 28 digits is rounded: to 6.
            let exact = (Decimal::ONE - discount).checked_mul(base0) == Some(b0);
            let discount = if exact {
                discount.normalize()
            } else {
                let rounded = discount
                    .round_dp_with_strategy(6, RoundingStrategy::MidpointNearestEven)
                    .normalize();
                warnings.push(format!(
                    "batch discount does not end within 28 decimal places: rounded to {rounded}"
                ));
                rounded
            };
            Ok(Some(discount))
        }
    }
}

fn show_discount(batch: Decimal, base: Decimal) -> String {
    batch
        .checked_div(base)
        .map(|r| {
            (Decimal::ONE - r)
                .round_dp_with_strategy(6, RoundingStrategy::MidpointNearestEven)
                .normalize()
                .to_string()
        })
        .unwrap_or_else(|| "?".into())
}

/// The lowest threshold of the entry's `input_cost_per_token_above_<N>[k]_tokens`
/// fields, with its label (`200k`); a warning when there are several.
fn above_thresholds(entry: &Fields, warnings: &mut Vec<String>) -> Option<(u64, String)> {
    let found: Vec<(u64, String)> = entry
        .keys()
        .filter_map(|k| {
            let label = k.strip_prefix("input_cost_per_token_above_")?.strip_suffix("_tokens")?;
            let (digits, k) = match label.strip_suffix('k') {
                Some(d) => (d, 1000u64),
                None => (label, 1),
            };
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let n = digits.parse::<u64>().ok()?.checked_mul(k)?;
            Some((n, label.to_string()))
        })
        .fold(Vec::new(), |mut list, t| {
            super::insert_by(&mut list, t, |(n, _)| *n);
            list
        });
    if found.len() > 1 {
        let labels: Vec<&str> = found.iter().map(|(_, l)| l.as_str()).collect();
        warnings.push(format!(
            "several long-context thresholds ({}): only the lowest kept",
            labels.join(", ")
        ));
    }
    found.into_iter().next()
}

/// `tiered_pricing`: `[{"range": [lo, hi], "input_cost_per_token": …}, …]`
/// with no top-level price (DashScope, Volcengine). The tier starting at 0
/// is the base price, the next one the long-context tier, from its start.
#[allow(clippy::type_complexity)]
fn tiered_pricing<'a>(
    value: &'a Value,
    warnings: &mut Vec<String>,
) -> std::result::Result<(&'a Map<String, Value>, Option<(u64, &'a Map<String, Value>)>), Reason> {
    let Value::Array(tiers) = value else {
        return Err(format!("malformed tiered_pricing: {}", json_text(value)));
    };
    let mut starts = Vec::with_capacity(tiers.len());
    for t in tiers {
        let Value::Object(fields) = t else {
            return Err(format!("malformed tiered_pricing tier: {}", json_text(t)));
        };
        let start = match fields.get("range") {
            Some(Value::Array(r)) if r.len() == 2 => whole_tokens(&r[0]),
            _ => None,
        };
        let Some(start) = start else {
            return Err(format!(
                "malformed tiered_pricing range: {}",
                fields.get("range").map(json_text).unwrap_or_else(|| "absent".into())
            ));
        };
        super::insert_by(&mut starts, (start, fields), |(s, _)| *s);
    }
    let Some(&(0, base)) = starts.first() else {
        return Err("tiered_pricing has no tier starting at 0 tokens".into());
    };
    if starts.len() > 2 {
        warnings.push(format!(
            "tiered_pricing has {} tiers: only the first two kept",
            starts.len()
        ));
    }
    Ok((base, starts.get(1).copied()))
}
