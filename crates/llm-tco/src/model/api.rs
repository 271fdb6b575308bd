//! Pay-per-token APIs: resolved prices and the bill for a token count.

use crate::base::date::Date;
use crate::base::decimal::{add, div, mul, sub, sum};
use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::model::dated::{in_force, PriceEntryKind};
use crate::model::workload::Workload;
use crate::spec::catalog::{ApiOffer, Hosting, LongContextTier, Source};
use crate::spec::scenario::ApiSpec;
use rust_decimal::Decimal;

const MTOK: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// A numeric input of an API option that an analysis may vary, named as in
/// the scenario file's `api` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ApiInput {
    /// `input_usd_per_mtok`.
    InputUsdPerMtok,
    /// `output_usd_per_mtok`.
    OutputUsdPerMtok,
    /// `cached_input_usd_per_mtok`.
    CachedInputUsdPerMtok,
}

impl ApiInput {
    /// Every input, in file order.
    pub const ALL: [ApiInput; 3] = [
        ApiInput::InputUsdPerMtok,
        ApiInput::OutputUsdPerMtok,
        ApiInput::CachedInputUsdPerMtok,
    ];

    /// Its field name in the file (`input_usd_per_mtok`).
    pub fn name(self) -> &'static str {
        match self {
            ApiInput::InputUsdPerMtok => "input_usd_per_mtok",
            ApiInput::OutputUsdPerMtok => "output_usd_per_mtok",
            ApiInput::CachedInputUsdPerMtok => "cached_input_usd_per_mtok",
        }
    }
}

/// An API's prices, resolved from the catalog and the scenario's overrides.
/// Prices are USD per 1M tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiPrices {
    catalog_id: Option<String>,
    provider: Option<String>,
    hosting: Option<Hosting>,
    input_usd_per_mtok: Decimal,
    output_usd_per_mtok: Decimal,
    cached_input_usd_per_mtok: Option<Decimal>,
    cache_write_usd_per_mtok: Option<Decimal>,
    batch_discount: Option<Decimal>,
    long_context_tier: Option<LongContextTier>,
    max_input_tokens: Option<u64>,
    deprecation_date: Option<Date>,
    as_of: Option<String>,
    source: Option<Source>,
    price_entry: PriceEntryKind,
    price_from: Option<String>,
    price_until: Option<String>,
    before_first_known: bool,
    priced_from_catalog: bool,
}

/// An offer's prices as of one entry: the current one or one of its
/// history.
struct EntryPrices<'a> {
    input: Decimal,
    output: Decimal,
    cached: Option<Decimal>,
    write: Option<Decimal>,
    batch_discount: Option<Decimal>,
    tier: Option<&'a LongContextTier>,
    as_of: Option<&'a str>,
    source: Option<&'a Source>,
    kind: PriceEntryKind,
    from: Option<&'a str>,
    until: Option<&'a str>,
    before_first_known: bool,
}

impl<'a> EntryPrices<'a> {
    /// The entry of `offer` in force on `on` (its current prices when no
    /// date is given).
    fn of(offer: &'a ApiOffer, on: Option<Date>) -> EntryPrices<'a> {
        let current = EntryPrices {
            input: offer.input_usd_per_mtok,
            output: offer.output_usd_per_mtok,
            cached: offer.cached_input_usd_per_mtok,
            write: offer.cache_write_usd_per_mtok,
            batch_discount: offer.batch_discount,
            tier: offer.long_context_tier.as_ref(),
            as_of: Some(&offer.as_of),
            source: Some(&offer.source),
            kind: PriceEntryKind::Current,
            from: offer.from.as_deref(),
            until: None,
            before_first_known: false,
        };
        let Some(on) = on else { return current };
        let parse = |t: &Option<String>| t.as_deref().and_then(Date::parse);
        let starts: Vec<Option<Date>> = offer.history.iter().map(|h| parse(&h.from)).collect();
        let chosen = in_force(parse(&offer.from), &starts, on);
        match chosen.history_index.and_then(|i| offer.history.get(i)) {
            None => EntryPrices {
                before_first_known: chosen.before_first_known,
                ..current
            },
            Some(h) => EntryPrices {
                input: h.input_usd_per_mtok,
                output: h.output_usd_per_mtok,
                cached: h.cached_input_usd_per_mtok,
                write: h.cache_write_usd_per_mtok,
                batch_discount: h.batch_discount,
                tier: h.long_context_tier.as_ref(),
                as_of: h.as_of.as_deref(),
                source: h.source.as_ref().or(Some(&offer.source)),
                kind: if h.scheduled {
                    PriceEntryKind::Scheduled
                } else {
                    PriceEntryKind::History
                },
                from: h.from.as_deref(),
                until: h.until.as_deref(),
                before_first_known: chosen.before_first_known,
            },
        }
    }
}

/// Tokens to bill, already split by how they are priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TokenCounts {
    /// Input tokens billed at the plain input price.
    pub input_tokens: Decimal,
    /// Input tokens read from the prompt cache.
    pub cached_input_tokens: Decimal,
    /// Input tokens written to the prompt cache.
    pub cache_write_tokens: Decimal,
    /// Output tokens.
    pub output_tokens: Decimal,
    /// Input tokens of one request, cached tokens included: decides the
    /// long-context tier.
    pub input_tokens_per_request: Decimal,
    /// Share of the tokens sent through the batch API, 0 to 1.
    pub batch_share: Decimal,
}

/// The lines of an API bill, in USD. Every line is at the base price; the
/// long-context tier shows as its own surcharge and the batch discount as a
/// negative saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ApiBill {
    /// Plain input tokens.
    pub input_usd: Decimal,
    /// Output tokens.
    pub output_usd: Decimal,
    /// Cached input reads.
    pub cached_input_usd: Decimal,
    /// Cache writes.
    pub cache_write_usd: Decimal,
    /// Extra charged because requests exceed the long-context threshold.
    pub tier_surcharge_usd: Decimal,
    /// Saved by the batch API (zero or negative).
    pub batch_savings_usd: Decimal,
    /// The sum of the lines.
    pub total_usd: Decimal,
}

fn non_negative(value: Option<Decimal>, field: &str) -> Result<Option<Decimal>> {
    match value {
        Some(v) if v < Decimal::ZERO => Err(Error::invalid(field, format!("must not be negative, found {v}"))),
        other => Ok(other),
    }
}

impl ApiPrices {
    /// Custom prices: USD per 1M input and output tokens, nothing else.
    ///
    /// # Errors
    /// A negative price.
    pub fn new(input_usd_per_mtok: Decimal, output_usd_per_mtok: Decimal) -> Result<ApiPrices> {
        ApiPrices::from_spec(
            &ApiSpec {
                input_usd_per_mtok: Some(input_usd_per_mtok),
                output_usd_per_mtok: Some(output_usd_per_mtok),
                ..ApiSpec::default()
            },
            &Catalog::from_file(Default::default())?,
            None,
        )
    }

    /// Resolves an API option: the catalog offer it names, at the entry in
    /// force on `on` (the scenario's date; the current prices without one),
    /// with the fields the scenario gives overriding the entry's.
    ///
    /// # Errors
    /// An unknown catalog id, a missing or negative price, a batch discount
    /// outside [0, 1).
    pub fn from_spec(spec: &ApiSpec, catalog: &Catalog, on: Option<Date>) -> Result<ApiPrices> {
        let offer = match &spec.catalog {
            Some(id) => Some(catalog.api(id).map_err(|e| e.within("catalog"))?),
            None => None,
        };
        let entry = offer.map(|o| EntryPrices::of(o, on));
        let entry = entry.as_ref();
        let required = |given: Option<Decimal>, from_offer: Option<Decimal>, field: &str| -> Result<Decimal> {
            let v = given
                .or(from_offer)
                .ok_or_else(|| Error::invalid(field, "missing: give a price or a `catalog` id"))?;
            non_negative(Some(v), field).map(|_| v)
        };
        let input = required(spec.input_usd_per_mtok, entry.map(|e| e.input), "input_usd_per_mtok")?;
        let output = required(spec.output_usd_per_mtok, entry.map(|e| e.output), "output_usd_per_mtok")?;
        let cached = non_negative(
            spec.cached_input_usd_per_mtok.or(entry.and_then(|e| e.cached)),
            "cached_input_usd_per_mtok",
        )?;
        let write = non_negative(
            spec.cache_write_usd_per_mtok.or(entry.and_then(|e| e.write)),
            "cache_write_usd_per_mtok",
        )?;
        let batch_discount = spec.batch_discount.or(entry.and_then(|e| e.batch_discount));
        if let Some(d) = batch_discount {
            if d < Decimal::ZERO || d >= Decimal::ONE {
                return Err(Error::invalid(
                    "batch_discount",
                    format!("must be at least 0 and below 1, found {d}"),
                ));
            }
        }
        let tier = spec
            .long_context_tier
            .clone()
            .or_else(|| entry.and_then(|e| e.tier.cloned()));
        if let Some(t) = &tier {
            non_negative(Some(t.input_usd_per_mtok), "long_context_tier.input_usd_per_mtok")?;
            non_negative(Some(t.output_usd_per_mtok), "long_context_tier.output_usd_per_mtok")?;
            non_negative(
                t.cached_input_usd_per_mtok,
                "long_context_tier.cached_input_usd_per_mtok",
            )?;
        }
        let as_of = spec
            .as_of
            .clone()
            .or_else(|| entry.and_then(|e| e.as_of.map(str::to_string)));
        if let Some(text) = &spec.as_of {
            Date::parse(text)
                .ok_or_else(|| Error::invalid("as_of", format!("{text:?} is not a date; expected YYYY-MM-DD")))?;
        }
        Ok(ApiPrices {
            catalog_id: spec.catalog.clone(),
            provider: offer.map(|o| o.provider.clone()),
            hosting: offer.map(|o| o.hosting),
            input_usd_per_mtok: input,
            output_usd_per_mtok: output,
            cached_input_usd_per_mtok: cached,
            cache_write_usd_per_mtok: write,
            batch_discount,
            long_context_tier: tier,
            max_input_tokens: offer.and_then(|o| o.max_input_tokens),
            deprecation_date: offer.and_then(|o| o.deprecation_date.as_deref()).and_then(Date::parse),
            as_of,
            source: spec
                .source
                .as_deref()
                .map(Source::titled)
                .or_else(|| entry.and_then(|e| e.source.cloned())),
            price_entry: entry.map_or(PriceEntryKind::Current, |e| e.kind),
            price_from: entry.and_then(|e| e.from.map(str::to_string)),
            price_until: entry.and_then(|e| e.until.map(str::to_string)),
            before_first_known: entry.is_some_and(|e| e.before_first_known),
            priced_from_catalog: entry.is_some()
                && (spec.input_usd_per_mtok.is_none() || spec.output_usd_per_mtok.is_none()),
        })
    }

    /// Catalog id of the offer, when the option names one.
    pub fn catalog_id(&self) -> Option<&str> {
        self.catalog_id.as_deref()
    }
    /// Provider, from the catalog.
    pub fn provider(&self) -> Option<&str> {
        self.provider.as_deref()
    }
    /// Closed or hosted open-weight, from the catalog.
    pub fn hosting(&self) -> Option<Hosting> {
        self.hosting
    }
    /// USD per 1M input tokens.
    pub fn input_usd_per_mtok(&self) -> Decimal {
        self.input_usd_per_mtok
    }
    /// USD per 1M output tokens.
    pub fn output_usd_per_mtok(&self) -> Decimal {
        self.output_usd_per_mtok
    }
    /// USD per 1M cached input tokens, if the API has a cache price.
    pub fn cached_input_usd_per_mtok(&self) -> Option<Decimal> {
        self.cached_input_usd_per_mtok
    }
    /// USD per 1M cache-write tokens, if the API prices writes.
    pub fn cache_write_usd_per_mtok(&self) -> Option<Decimal> {
        self.cache_write_usd_per_mtok
    }
    /// Batch discount, if the API has a batch mode.
    pub fn batch_discount(&self) -> Option<Decimal> {
        self.batch_discount
    }
    /// Long-context tier, if any.
    pub fn long_context_tier(&self) -> Option<&LongContextTier> {
        self.long_context_tier.as_ref()
    }
    /// Largest input per request, in tokens, if known.
    pub fn max_input_tokens(&self) -> Option<u64> {
        self.max_input_tokens
    }
    /// Announced retirement date, if any.
    pub fn deprecation_date(&self) -> Option<Date> {
        self.deprecation_date
    }
    /// Date of the prices, as written.
    pub fn as_of(&self) -> Option<&str> {
        self.as_of.as_deref()
    }
    /// Source of the prices.
    pub fn source(&self) -> Option<&Source> {
        self.source.as_ref()
    }
    /// Which of the catalog offer's entries is priced.
    pub fn price_entry(&self) -> PriceEntryKind {
        self.price_entry
    }
    /// The first day the priced entry was in force, when known.
    pub fn price_from(&self) -> Option<&str> {
        self.price_from.as_deref()
    }
    /// The day the priced entry ended, when a source says so.
    pub fn price_until(&self) -> Option<&str> {
        self.price_until.as_deref()
    }
    /// True when the scenario's date is before every entry of the catalog
    /// offer, so its earliest known prices are used.
    pub fn before_first_known(&self) -> bool {
        self.before_first_known
    }

    /// True when the input or the output price comes from the catalog
    /// offer's entry (the scenario does not give both).
    pub fn priced_from_catalog(&self) -> bool {
        self.priced_from_catalog
    }

    /// The numeric inputs this API has, in file order (the cached-input
    /// price only when it has one).
    pub fn inputs(&self) -> Vec<ApiInput> {
        ApiInput::ALL.into_iter().filter(|i| self.input(*i).is_some()).collect()
    }

    /// The value of one of its numeric inputs, `None` when it has none.
    pub fn input(&self, input: ApiInput) -> Option<Decimal> {
        match input {
            ApiInput::InputUsdPerMtok => Some(self.input_usd_per_mtok),
            ApiInput::OutputUsdPerMtok => Some(self.output_usd_per_mtok),
            ApiInput::CachedInputUsdPerMtok => self.cached_input_usd_per_mtok,
        }
    }

    /// Sets one of its numeric inputs.
    ///
    /// # Errors
    /// A negative price.
    pub fn set_input(&mut self, input: ApiInput, value: Decimal) -> Result<()> {
        if value < Decimal::ZERO {
            return Err(Error::invalid("", format!("must not be negative, found {value}")));
        }
        match input {
            ApiInput::InputUsdPerMtok => self.input_usd_per_mtok = value,
            ApiInput::OutputUsdPerMtok => self.output_usd_per_mtok = value,
            ApiInput::CachedInputUsdPerMtok => self.cached_input_usd_per_mtok = Some(value),
        }
        Ok(())
    }

    /// The same prices with every request sent through the batch tier:
    /// the bill of `workload` with a batch share of 1.
    ///
    /// # Errors
    /// Overflow.
    pub fn batch_bill(&self, workload: &Workload) -> Result<ApiBill> {
        let mut tokens = monthly_tokens(workload)?;
        tokens.batch_share = Decimal::ONE;
        self.bill(&tokens)
    }

    /// The bill for `tokens`.
    ///
    /// Cached reads without a cache price, and cache writes without a write
    /// price, are billed as plain input. When a request's input exceeds the
    /// long-context threshold, every token is billed at the tier's prices;
    /// a tier without a cached price scales the base cached price by the
    /// tier's input ratio, and cache writes scale the same way. The batch
    /// discount applies to the batch share of the whole bill.
    ///
    /// # Errors
    /// Overflow.
    pub fn bill(&self, tokens: &TokenCounts) -> Result<ApiBill> {
        let per_mtok =
            |n: Decimal, price: Decimal| -> Result<Decimal> { div(mul(n, price, "API bill")?, MTOK, "API bill") };
        let p_in = self.input_usd_per_mtok;
        let p_cached = self.cached_input_usd_per_mtok.unwrap_or(p_in);
        let p_write = self.cache_write_usd_per_mtok.unwrap_or(p_in);
        let input_usd = per_mtok(tokens.input_tokens, p_in)?;
        let output_usd = per_mtok(tokens.output_tokens, self.output_usd_per_mtok)?;
        let cached_input_usd = per_mtok(tokens.cached_input_tokens, p_cached)?;
        let cache_write_usd = per_mtok(tokens.cache_write_tokens, p_write)?;
        let base = sum([input_usd, output_usd, cached_input_usd, cache_write_usd], "API bill")?;
        let tier_surcharge_usd = match &self.long_context_tier {
            Some(t) if tokens.input_tokens_per_request > Decimal::from(t.threshold_input_tokens) => {
                let ratio = if p_in.is_zero() {
                    Decimal::ONE
                } else {
                    div(t.input_usd_per_mtok, p_in, "tier ratio")?
                };
                let t_cached = match (t.cached_input_usd_per_mtok, self.cached_input_usd_per_mtok) {
                    (Some(v), _) => v,
                    (None, Some(base_cached)) => mul(base_cached, ratio, "tier cached price")?,
                    (None, None) => t.input_usd_per_mtok,
                };
                let t_write = mul(p_write, ratio, "tier cache-write price")?;
                let tier_total = sum(
                    [
                        per_mtok(tokens.input_tokens, t.input_usd_per_mtok)?,
                        per_mtok(tokens.output_tokens, t.output_usd_per_mtok)?,
                        per_mtok(tokens.cached_input_tokens, t_cached)?,
                        per_mtok(tokens.cache_write_tokens, t_write)?,
                    ],
                    "API bill",
                )?;
                sub(tier_total, base, "tier surcharge")?
            }
            _ => Decimal::ZERO,
        };
        let subtotal = add(base, tier_surcharge_usd, "API bill")?;
        let batch_savings_usd = match self.batch_discount {
            Some(d) => -mul(mul(subtotal, tokens.batch_share, "batch savings")?, d, "batch savings")?,
            None => Decimal::ZERO,
        };
        Ok(ApiBill {
            input_usd,
            output_usd,
            cached_input_usd,
            cache_write_usd,
            tier_surcharge_usd,
            batch_savings_usd,
            total_usd: add(subtotal, batch_savings_usd, "API bill")?,
        })
    }

    /// The monthly bill for `workload` at its volume.
    ///
    /// # Errors
    /// Overflow.
    pub fn monthly_bill(&self, workload: &Workload) -> Result<ApiBill> {
        self.bill(&monthly_tokens(workload)?)
    }
}

/// The workload's tokens in one month, split by how they are priced.
///
/// # Errors
/// Overflow.
pub fn monthly_tokens(workload: &Workload) -> Result<TokenCounts> {
    let month = Workload::tokens_per_month(workload.tokens_per_day())?;
    let input_all = mul(month, workload.input_share(), "input tokens per month")?;
    let cached = mul(input_all, workload.cached_input_share(), "cached tokens per month")?;
    let writes = mul(input_all, workload.cache_write_share(), "cache writes per month")?;
    Ok(TokenCounts {
        input_tokens: sub(sub(input_all, cached, "input tokens")?, writes, "input tokens")?,
        cached_input_tokens: cached,
        cache_write_tokens: writes,
        output_tokens: sub(month, input_all, "output tokens per month")?,
        input_tokens_per_request: workload.input_tokens_per_request(),
        batch_share: workload.batch_share(),
    })
}
