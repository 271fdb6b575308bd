//! models.dev's `api.json`: a JSON object of providers by id, each with its
//! models by id; `cost` in USD per **1M** tokens (`input`, `output`,
//! `cache_read`, `cache_write`), long-context prices in `cost.tiers`
//! (`{"input": …, "tier": {"type": "context", "size": 200000}}`, read as
//! "input above `size` tokens") or, in older files, `cost.context_over_200k`.
//!
//! There is no `mode`: a chat model is one whose output modalities include
//! text and whose id or family is not an embedding, reranking, moderation
//! or speech model. `status: "deprecated"` (no longer served) is skipped.
//! Hosting: the seller when it sells one kind; otherwise the model's
//! `open_weights` flag, which is often wrong (a warning says when it
//! disagrees with the model's name). Not carried: reasoning, audio and
//! "fast mode" prices.

use super::hosting::{classify, models_dev_seller, open_weight_name, Basis, Seller};
use super::litellm::hosting_words;
use super::{exact_price, json_text, text_of, whole_tokens, Importer, OfferPrices, Reason};
use crate::error::{Error, ErrorKind, Result};
use crate::spec::catalog::{Hosting, LongContextTier};
use rust_decimal::Decimal;
use serde_json::{Map, Value};

/// Ids and families of models that are not chat models.
const NOT_CHAT: &[&str] = &["embed", "rerank", "moderation", "tts", "whisper", "transcri", "bge-"];

/// The `cost` fields carried.
const CARRIED: &[&str] = &[
    "input",
    "output",
    "cache_read",
    "cache_write",
    "tiers",
    "context_over_200k",
];

pub(crate) fn read(doc: &Value, out: &mut Importer) -> Result<()> {
    let Value::Object(providers) = doc else {
        return Err(Error::new(
            ErrorKind::Syntax,
            "",
            "models.dev: the file must be a JSON object of providers ({ \"anthropic\": { \"models\": { ... } }, ... })",
        ));
    };
    out.note(
        "max_input_tokens is models.dev's limit.input, or where that is absent (most models) limit.context, \
         the whole window of input and output",
    );
    for (pid, p) in providers {
        let Value::Object(provider) = p else {
            out.skip(pid, "not a provider (not an object)");
            continue;
        };
        let Some(Value::Object(models)) = provider.get("models") else {
            out.skip(pid, "provider without a models object");
            continue;
        };
        let (seller_name, seller) = models_dev_seller(pid, text_of(provider.get("name")));
        for (mid, m) in models {
            let key = format!("{pid}/{mid}");
            let Value::Object(model) = m else {
                out.skip(&key, "not a model (not an object)");
                continue;
            };
            let mut warnings = Vec::new();
            let priced = match offer_prices(mid, model, &mut warnings) {
                Ok(p) => p,
                Err(reason) => {
                    out.skip(&key, reason);
                    continue;
                }
            };
            let flag = match model.get("open_weights") {
                Some(Value::Bool(b)) => Some(*b),
                _ => None,
            };
            let (hosting, basis) = match (seller, flag) {
                (Seller::Mixed | Seller::MixedMaker, Some(true)) => (Hosting::OpenWeight, Basis::Flag),
                (Seller::Mixed | Seller::MixedMaker, Some(false)) => (Hosting::Closed, Basis::Flag),
                _ => classify(seller, mid),
            };
            match flag {
                None => warnings.push(format!(
                    "open_weights missing: {} judged from the {}",
                    hosting_words(hosting),
                    if basis == Basis::Provider {
                        "provider"
                    } else {
                        "model's name"
                    }
                )),
                Some(f) if basis == Basis::Flag && f != open_weight_name(mid) => warnings.push(format!(
                    "open_weights={f} disagrees with the model name heuristic; the flag is kept"
                )),
                Some(f) if basis != Basis::Flag && f != (hosting == Hosting::OpenWeight) => warnings.push(format!(
                    "open_weights={f} disagrees with the {}: {}",
                    if basis == Basis::Provider {
                        "provider"
                    } else {
                        "model's name"
                    },
                    hosting_words(hosting)
                )),
                Some(_) => {}
            }
            for w in warnings {
                out.warn(&key, w);
            }
            let mut notes = priced.notes;
            if basis == Basis::ModelName && seller != Seller::ClosedMaker {
                notes.insert(0, format!("{} judged from the model's name", hosting_words(hosting)));
            }
            let name = text_of(model.get("name")).unwrap_or(mid);
            let name = if seller.is_maker() {
                name.to_string()
            } else {
                format!("{name} on {seller_name}")
            };
            let id = out.id(&seller_name, mid, &key);
            let updated =
                text_of(model.get("last_updated")).map(|d| format!("models.dev last_updated {}", super::clip(d, 20)));
            let source = out.source(&key, updated);
            let max_input_tokens = priced.max_input_tokens;
            out.offer(
                id,
                &name,
                seller_name.clone(),
                hosting,
                priced.prices,
                source,
                notes,
                |o| {
                    o.max_input_tokens = max_input_tokens;
                },
            );
        }
    }
    Ok(())
}

struct Priced {
    prices: OfferPrices,
    max_input_tokens: Option<u64>,
    notes: Vec<String>,
}

fn offer_prices(
    mid: &str,
    model: &Map<String, Value>,
    warnings: &mut Vec<String>,
) -> std::result::Result<Priced, Reason> {
    if model.get("status").and_then(Value::as_str) == Some("deprecated") {
        return Err("status deprecated: no longer served by the provider's public API".into());
    }
    let outputs: Vec<&str> = model
        .get("modalities")
        .and_then(|m| m.get("output"))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if outputs.is_empty() {
        return Err("non-chat: no output modalities given (modalities.output)".into());
    }
    if !outputs.contains(&"text") {
        return Err(format!(
            "non-chat: output modalities {}",
            super::clip(&outputs.join(","), 100)
        ));
    }
    let family = text_of(model.get("family")).unwrap_or_default();
    let lower = |s: &str| s.to_ascii_lowercase();
    if NOT_CHAT
        .iter()
        .any(|w| lower(mid).contains(w) || lower(family).contains(w))
    {
        return Err(format!(
            "non-chat: embedding/rerank/speech model by id or family ({})",
            super::clip(if family.is_empty() { mid } else { family }, 80)
        ));
    }
    let cost = match model.get("cost") {
        None | Some(Value::Null) => return Err("no price (cost absent)".into()),
        Some(Value::Object(c)) => c,
        Some(other) => return Err(format!("malformed cost: {}", json_text(other))),
    };
    let price = |obj: &Map<String, Value>, f: &str, at: &str, warnings: &mut Vec<String>| {
        let field = format!("{at}{f}");
        match obj.get(f) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => Ok::<Option<Decimal>, Reason>(Some(exact_price(v, &field, warnings)?)),
        }
    };
    let (Some(input), Some(output)) = (
        price(cost, "input", "cost.", warnings)?,
        price(cost, "output", "cost.", warnings)?,
    ) else {
        return Err("no price (cost.input / cost.output absent)".into());
    };
    if input.is_zero() && output.is_zero() {
        return Err("zero price (free or unpriced): cost.input and cost.output both 0".into());
    }
    let cached = price(cost, "cache_read", "cost.", warnings)?;
    let mut write = price(cost, "cache_write", "cost.", warnings)?;
    if write.is_some_and(|w| w.is_zero()) {
        warnings.push("cost.cache_write 0: read as no separate cache-write price".into());
        write = None;
    }
    // The lowest context tier; `context_over_200k` only in older files.
    let mut tier_at: Option<(u64, &Map<String, Value>, &str)> = None;
    match cost.get("tiers") {
        Some(Value::Array(tiers)) if !tiers.is_empty() => {
            let mut context: Vec<(u64, &Map<String, Value>)> = Vec::new();
            for t in tiers {
                let Value::Object(t) = t else {
                    return Err(format!("malformed cost.tiers entry: {}", json_text(t)));
                };
                let kind = t.get("tier").and_then(|k| k.get("type")).and_then(Value::as_str);
                if kind.is_some_and(|k| k != "context") {
                    warnings.push(format!(
                        "cost.tiers of type {} not carried",
                        super::clip(kind.unwrap_or_default(), 40)
                    ));
                    continue;
                }
                let Some(size) = t.get("tier").and_then(|k| k.get("size")).and_then(whole_tokens) else {
                    return Err(format!(
                        "malformed cost.tiers[].tier.size: {}",
                        json_text(&Value::Object(t.clone()))
                    ));
                };
                super::insert_by(&mut context, (size, t), |(s, _)| *s);
            }
            if context.len() > 1 {
                warnings.push(format!(
                    "{} context tiers: only the lowest ({} tokens) kept",
                    context.len(),
                    context[0].0
                ));
            }
            tier_at = context.first().map(|(s, t)| (*s, *t, "cost.tiers[]."));
        }
        None | Some(Value::Null) | Some(Value::Array(_)) => {
            if let Some(Value::Object(t)) = cost.get("context_over_200k") {
                tier_at = Some((200_000, t, "cost.context_over_200k."));
            }
        }
        Some(other) => return Err(format!("malformed cost.tiers: {}", json_text(other))),
    }
    let tier = match tier_at {
        None => None,
        Some((threshold, t, at)) => {
            let tier_input = price(t, "input", at, warnings)?.unwrap_or(input);
            let tier_output = price(t, "output", at, warnings)?.unwrap_or(output);
            Some(LongContextTier {
                threshold_input_tokens: threshold,
                input_usd_per_mtok: tier_input,
                output_usd_per_mtok: tier_output,
                cached_input_usd_per_mtok: price(t, "cache_read", at, warnings)?,
                cache_write_usd_per_mtok: price(t, "cache_write", at, warnings)?.filter(|w| !w.is_zero()),
            })
        }
    };
    let mut notes = Vec::new();
    let dropped: Vec<String> = cost
        .keys()
        .filter(|k| !CARRIED.contains(&k.as_str()))
        .map(|k| format!("cost.{}", super::clip(k, 40)))
        .collect();
    if !dropped.is_empty() {
        notes.push(format!("prices not carried: {}", dropped.join(", ")));
    }
    let limit = model.get("limit").and_then(Value::as_object);
    let input_limit = limit.and_then(|l| l.get("input")).and_then(whole_tokens);
    let context_limit = limit.and_then(|l| l.get("context")).and_then(whole_tokens);
    // limit.context (input and output together) when limit.input is
    // absent, as the file's `about` says.
    let max_input_tokens = input_limit.or(context_limit);
    Ok(Priced {
        prices: OfferPrices {
            input,
            output,
            cached,
            write,
            batch_discount: None,
            tier,
        },
        max_input_tokens,
        notes,
    })
}
