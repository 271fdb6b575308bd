//! pydantic/genai-prices' `data.json` (v2 `prices/new_data/v2/data.json`,
//! and the frozen v1 `prices/data.json`, of the same shape): a JSON array of
//! providers, each with its models; prices in USD per **1M** tokens.
//!
//! A model's `prices` is one price (`{"input_mtok": 3, …}`) or a list of
//! conditional prices, each with an optional `constraint`: a
//! `start_date` (genai-prices tries them last to first and takes the first
//! in force, so the list is the price history), or a time of day (DeepSeek's
//! off-peak hours). A price field is a number or `{"base": 3, "tiers":
//! [{"start": 200000, "price": 6}]}`: above `start` input tokens, every token
//! of the request at the tier's price — the catalog's long-context tier.
//!
//! The price in force on the import's date is the offer's; the other dated
//! prices are its `history` (those after the date marked `scheduled`). A
//! daily time window cannot be carried (the catalog has one price): the
//! price in force the larger part of the day is kept, with a warning. There
//! are no batch prices in genai-prices.

use super::hosting::{classify, genai_seller, Basis, Seller};
use super::litellm::hosting_words;
use super::{exact_price, json_text, text_of, whole_tokens, Importer, OfferPrices, Reason};
use crate::base::date::Date;
use crate::error::{Error, ErrorKind, Result};
use crate::spec::catalog::{LongContextTier, PriceEntry};
use rust_decimal::Decimal;
use serde_json::{Map, Value};

/// The price fields carried, as (catalog name, genai-prices name).
const FIELDS: [(&str, &str); 4] = [
    ("input", "input_mtok"),
    ("output", "output_mtok"),
    ("cached", "cache_read_mtok"),
    ("write", "cache_write_mtok"),
];

pub(crate) fn read(doc: &Value, out: &mut Importer) -> Result<()> {
    let Value::Array(providers) = doc else {
        return Err(Error::new(
            ErrorKind::Syntax,
            "",
            "genai-prices: the file must be a JSON array of providers ([{\"id\": \"anthropic\", \"models\": [...]}, ...])",
        ));
    };
    for (i, p) in providers.iter().enumerate() {
        let Value::Object(provider) = p else {
            out.skip(&format!("providers[{i}]"), "not a provider (not an object)");
            continue;
        };
        let Some(pid) = text_of(provider.get("id")) else {
            out.skip(&format!("providers[{i}]"), "provider without an id");
            continue;
        };
        let Some(Value::Array(models)) = provider.get("models") else {
            out.skip(pid, "provider without a models list");
            continue;
        };
        let (seller_name, seller) = genai_seller(pid, text_of(provider.get("name")));
        let pricing_url = match provider.get("pricing_urls") {
            Some(Value::Array(urls)) => urls
                .iter()
                .filter_map(Value::as_str)
                .find(|u| u.starts_with("https://") && u.len() <= 300),
            _ => None,
        };
        for (j, m) in models.iter().enumerate() {
            let Value::Object(model) = m else {
                out.skip(&format!("{pid}/models[{j}]"), "not a model (not an object)");
                continue;
            };
            let Some(mid) = text_of(model.get("id")) else {
                out.skip(&format!("{pid}/models[{j}]"), "model without an id");
                continue;
            };
            let key = format!("{pid}/{mid}");
            let mut warnings = Vec::new();
            let mut priced = match offer_prices(model, out.as_of, &mut warnings) {
                Ok(p) => p,
                Err(reason) => {
                    out.skip(&key, reason);
                    continue;
                }
            };
            for w in warnings {
                out.warn(&key, w);
            }
            let (hosting, basis) = classify(seller, mid);
            let mut notes = std::mem::take(&mut priced.notes);
            if basis == Basis::ModelName && seller != Seller::ClosedMaker {
                notes.push(format!(
                    "{} judged from the model's name ({seller_name} sells both kinds)",
                    hosting_words(hosting)
                ));
            }
            if model.get("deprecated") == Some(&Value::Bool(true)) {
                notes.push("deprecated by the provider (genai-prices `deprecated: true`, no date)".into());
            }
            if !priced.dropped.is_empty() {
                notes.push(format!("prices not carried: {}", priced.dropped.join(", ")));
            }
            let scheduled: Vec<String> = priced
                .history
                .iter()
                .filter(|h| h.scheduled)
                .filter_map(|h| h.from.clone())
                .collect();
            if !scheduled.is_empty() {
                notes.push(format!("scheduled price change from {}", scheduled.join(", ")));
            }
            let name = text_of(model.get("name")).unwrap_or(mid);
            let name = if seller.is_maker() {
                name.to_string()
            } else {
                format!("{name} on {seller_name}")
            };
            let id = out.id(&seller_name, mid, &key);
            let source = out.source(&key, pricing_url.map(|u| format!("the provider's prices: {u}")));
            let p = priced.current;
            let prices = OfferPrices {
                input: p.input,
                output: p.output,
                cached: p.cached,
                write: p.write,
                batch_discount: None,
                tier: p.tier,
            };
            out.offer(id, &name, seller_name.clone(), hosting, prices, source, notes, |o| {
                o.max_input_tokens = model.get("context_window").and_then(whole_tokens);
                o.from = priced.from.map(|d| d.to_string());
                o.history = priced.history;
            });
        }
    }
    Ok(())
}

/// A price field: its base price and its tiers (start, price), lowest
/// start first.
type Tiered = (Decimal, Vec<(u64, Decimal)>);

/// One price (a `ModelPrice`), per 1M tokens.
struct Block {
    input: Decimal,
    output: Decimal,
    cached: Option<Decimal>,
    write: Option<Decimal>,
    tier: Option<LongContextTier>,
    /// Price fields present but not carried (`cache_write_1h_mtok`, …).
    dropped: Vec<String>,
}

/// When a conditional price applies.
enum Constraint {
    Always,
    From(Date),
    /// A daily window, from `start` to `end` (UTC, as written), `hours`
    /// long.
    Daily {
        start: String,
        end: String,
        hours: Decimal,
    },
}

/// A model's prices: the one in force on the import's date, when it started,
/// the others as history, and the fields not carried.
struct Priced {
    current: Block,
    notes: Vec<String>,
    from: Option<Date>,
    history: Vec<PriceEntry>,
    dropped: Vec<String>,
}

fn offer_prices(
    model: &Map<String, Value>,
    as_of: Date,
    warnings: &mut Vec<String>,
) -> std::result::Result<Priced, Reason> {
    let mut notes = Vec::new();
    let entries: Vec<(Constraint, &Value)> = match model.get("prices") {
        Some(v @ Value::Object(_)) => vec![(Constraint::Always, v)],
        Some(Value::Array(list)) if !list.is_empty() => {
            let mut entries = Vec::with_capacity(list.len());
            for c in list {
                let Some(prices) = c.as_object().and_then(|o| o.get("prices")) else {
                    return Err(format!("malformed conditional price: {}", json_text(c)));
                };
                entries.push((constraint(c.get("constraint"))?, prices));
            }
            entries
        }
        None | Some(Value::Null) | Some(Value::Array(_)) => return Err("no price (prices absent)".into()),
        Some(other) => return Err(format!("malformed prices: {}", json_text(other))),
    };
    // genai-prices tries the prices last to first and takes the first in
    // force; when none is, the first.
    let in_force = |c: &Constraint| match c {
        Constraint::Always => true,
        Constraint::From(d) => *d <= as_of,
        Constraint::Daily { .. } => false,
    };
    let dated: Vec<usize> = (0..entries.len())
        .filter(|&i| !matches!(entries[i].0, Constraint::Daily { .. }))
        .collect();
    let by_date = dated
        .iter()
        .rev()
        .copied()
        .find(|&i| in_force(&entries[i].0))
        .or_else(|| dated.first().copied())
        .unwrap_or(0);
    let mut current = by_date;
    if let Some(i) = entries.iter().position(|(c, _)| matches!(c, Constraint::Daily { .. })) {
        if let Constraint::Daily { start, end, hours } = &entries[i].0 {
            let inside = *hours >= Decimal::from(12) || dated.is_empty();
            warnings.push(format!(
                "price depends on time of day ({start}-{end} UTC, {} h): kept the price in force {}",
                hours.normalize(),
                if inside { "inside the window" } else { "outside it" }
            ));
            if inside {
                current = i;
            }
            notes.push(format!(
                "the price of {start}-{end} UTC ({} h a day); the rest of the day is priced differently",
                hours.normalize()
            ));
        }
    }
    let block = prices_block(entries[current].1, warnings)?;
    if block.input.is_zero() && block.output.is_zero() {
        return Err("zero price (free or unpriced): input_mtok and output_mtok both 0".into());
    }
    let from = match entries[current].0 {
        Constraint::From(d) => Some(d),
        _ => None,
    };
    let mut history: Vec<(Option<Date>, PriceEntry)> = Vec::new();
    for (i, (c, prices)) in entries.iter().enumerate() {
        // The price of the other hours of the day is not an earlier price.
        if i == current || i == by_date {
            continue;
        }
        let start = match c {
            Constraint::Always => None,
            Constraint::From(d) => Some(*d),
            Constraint::Daily { .. } => continue,
        };
        let b = match prices_block(prices, &mut Vec::new()) {
            Ok(b) => b,
            Err(reason) => {
                warnings.push(format!(
                    "the price from {} is left out of the history: {reason}",
                    start.map_or_else(|| "the beginning".to_string(), |d| d.to_string())
                ));
                continue;
            }
        };
        super::insert_by(
            &mut history,
            (
                start,
                PriceEntry {
                    from: start.map(|d| d.to_string()),
                    until: None,
                    scheduled: start.is_some_and(|d| d > as_of),
                    input_usd_per_mtok: b.input,
                    output_usd_per_mtok: b.output,
                    cached_input_usd_per_mtok: b.cached,
                    cache_write_usd_per_mtok: b.write,
                    batch_discount: None,
                    long_context_tier: b.tier,
                    as_of: None,
                    source: None,
                    confidence: None,
                },
            ),
            |(start, _)| *start,
        );
    }
    // Oldest first (as inserted), as the catalog keeps it; only the
    // earliest may lack a start.
    let undated = history.iter().filter(|(s, _)| s.is_none()).count();
    if undated > 1 {
        return Err("several prices without a start_date besides the one in force: no history can be made".into());
    }
    Ok(Priced {
        notes,
        dropped: block.dropped.clone(),
        current: block,
        from,
        history: history.into_iter().map(|(_, h)| h).collect(),
    })
}

fn constraint(value: Option<&Value>) -> std::result::Result<Constraint, Reason> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(Constraint::Always);
    };
    let Value::Object(c) = value else {
        return Err(format!("malformed constraint: {}", json_text(value)));
    };
    if let Some(d) = c.get("start_date") {
        return super::full_date(d).map(Constraint::From).ok_or_else(|| {
            format!(
                "malformed constraint start_date: {} (expected YYYY-MM-DD)",
                json_text(d)
            )
        });
    }
    if let (Some(s), Some(e)) = (c.get("start_time"), c.get("end_time")) {
        let (Some(start), Some(end)) = (minutes(s), minutes(e)) else {
            return Err(format!("malformed time-of-day constraint: {}", json_text(value)));
        };
        let span = (end.1 + 24 * 60 - start.1) % (24 * 60);
        return Ok(Constraint::Daily {
            start: start.0,
            end: end.0,
            hours: Decimal::from(span).checked_div(Decimal::from(60)).unwrap_or_default(),
        });
    }
    Err(format!("unknown constraint: {}", json_text(value)))
}

/// `HH:MM[:SS][Z]` as its text and minutes after midnight.
fn minutes(value: &Value) -> Option<(String, u32)> {
    let text = value.as_str()?;
    let t = text.strip_suffix('Z').unwrap_or(text);
    let mut parts = t.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    (h < 24 && m < 60).then(|| (super::clip(text, 20), h * 60 + m))
}

/// One `ModelPrice` object.
fn prices_block(value: &Value, warnings: &mut Vec<String>) -> std::result::Result<Block, Reason> {
    let Value::Object(prices) = value else {
        return Err(format!("malformed prices: {}", json_text(value)));
    };
    if prices.is_empty() {
        return Err("no price (empty prices: free or unpriced model)".into());
    }
    if !prices.contains_key("input_mtok") || !prices.contains_key("output_mtok") {
        let fields: Vec<&str> = prices.keys().map(String::as_str).collect();
        return Err(format!(
            "no input_mtok/output_mtok price: not a chat model (embedding, moderation, per-request ...): {}",
            super::clip(&fields.join(","), 200)
        ));
    }
    // Each field's base price and tiers (start, price), lowest start first.
    let mut values: Vec<Option<Tiered>> = Vec::with_capacity(4);
    for (_, theirs) in FIELDS {
        values.push(match prices.get(theirs) {
            None | Some(Value::Null) => None,
            Some(v) => Some(field_value(v, theirs, warnings)?),
        });
    }
    let starts: Vec<u64> = values
        .iter()
        .flatten()
        .filter_map(|(_, tiers)| tiers.first().map(|t| t.0))
        .collect();
    let tier = match starts.iter().min() {
        None => None,
        Some(&n) => {
            if starts.iter().any(|s| *s != n) {
                warnings.push(format!(
                    "tiers start at different thresholds ({}): the lowest kept, the others' fields at their base price",
                    starts.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
                ));
            }
            // A field without a tier at n keeps its base price.
            let at = |k: usize| {
                values[k]
                    .as_ref()
                    .map(|(base, tiers)| tiers.iter().find(|t| t.0 == n).map_or(*base, |t| t.1))
            };
            for (k, (_, theirs)) in FIELDS.iter().enumerate() {
                if values[k].as_ref().is_some_and(|(_, t)| t.len() > 1) {
                    warnings.push(format!("{theirs} has several tiers: only the first kept"));
                }
            }
            Some(LongContextTier {
                threshold_input_tokens: n,
                input_usd_per_mtok: at(0).unwrap_or_default(),
                output_usd_per_mtok: at(1).unwrap_or_default(),
                cached_input_usd_per_mtok: at(2),
                cache_write_usd_per_mtok: at(3),
            })
        }
    };
    let base = |k: usize| values[k].as_ref().map(|(b, _)| *b);
    let dropped: Vec<String> = prices
        .keys()
        .filter(|k| !FIELDS.iter().any(|(_, t)| t == k))
        .map(|k| super::clip(k, 60))
        .collect();
    Ok(Block {
        input: base(0).unwrap_or_default(),
        output: base(1).unwrap_or_default(),
        cached: base(2),
        write: base(3),
        tier,
        dropped,
    })
}

/// The base price and tiers of a tiered price field.
fn tiered(o: &Map<String, Value>) -> Option<(&Value, &Vec<Value>)> {
    Some((o.get("base")?, o.get("tiers")?.as_array()?))
}

/// A price field: a number, or `{"base": n, "tiers": [{"start", "price"}]}`.
fn field_value(value: &Value, field: &str, warnings: &mut Vec<String>) -> std::result::Result<Tiered, Reason> {
    let Value::Object(o) = value else {
        return Ok((exact_price(value, field, warnings)?, Vec::new()));
    };
    let Some((base, tiers)) = tiered(o) else {
        return Err(format!("malformed tiered price in {field}: {}", json_text(value)));
    };
    let base = exact_price(base, &format!("{field}.base"), warnings)?;
    let mut out = Vec::with_capacity(tiers.len());
    for t in tiers {
        let start = t.get("start").and_then(whole_tokens);
        let (Some(start), Some(price)) = (start, t.get("price")) else {
            return Err(format!("malformed tier in {field}: {}", json_text(t)));
        };
        let price = exact_price(price, &format!("{field}.tiers.price"), warnings)?;
        super::insert_by(&mut out, (start, price), |t| t.0);
    }
    Ok((base, out))
}
