//! Importers: public price databases and Hugging Face `config.json` files
//! read into catalog files. Pure format readers — text in, a
//! [`CatalogFile`] out — for the three databases people keep LLM prices
//! current in (litellm's `model_prices_and_context_window.json`, pydantic's
//! genai-prices `data.json`, models.dev's `api.json`) and for a model's
//! `config.json` ([`hf_config`]).
//!
//! ```
//! use llm_tco::spec::import::{import_prices, ImportOptions, PriceDatabase};
//! use llm_tco::{Catalog, Date};
//!
//! let text = r#"{"gpt-4o": {"litellm_provider": "openai", "mode": "chat",
//!     "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05}}"#;
//! let options = ImportOptions::new(Date::parse("2026-08-12").unwrap());
//! let imported = import_prices(PriceDatabase::Litellm, text, &options)?;
//! let offer = &imported.catalog.api[0];
//! assert_eq!(offer.id, "openai-gpt-4o");
//! assert_eq!(offer.input_usd_per_mtok.to_string(), "2.5");
//! // The result is a catalog file the built-in catalog takes as an overlay.
//! Catalog::builtin().with_overlay(&imported.catalog)?;
//! # Ok::<(), llm_tco::Error>(())
//! ```
//!
//! ## Rules every price importer keeps
//!
//! - **Exact decimals.** JSON numbers are read as `f64` by serde_json and
//!   turned into decimals through their shortest round-trip digits
//!   ([`crate::base::float::from_f64`]), which reproduce any literal of up
//!   to 15 significant digits (serde_json's exact fast path): litellm's
//!   per-token `1.25e-06` is exactly 1.25 per 1M tokens. Longer literals
//!   are the lists' binary-float artefacts (`1.5000020000000002e-05`):
//!   read to within one ulp, kept as read and warned about.
//! - **Never priced at zero.** An entry that cannot be read — no price, a
//!   mode that is not chat, a malformed or negative number — is left out and
//!   listed in [`ImportResult::skipped`] with its reason; so is an entry whose
//!   input and output prices are both 0 (free or unpriced).
//! - **Provenance.** Every offer's `source` names the database and the
//!   entry's key, with the database's address and the data's date, which
//!   the caller gives ([`ImportOptions::as_of`]): none of the files carries
//!   one.
//! - **Hostile input.** A file above [`MAX_DOCUMENT_BYTES`], or one that is
//!   not JSON of the database's shape, is an error; anything wrong inside
//!   one entry only skips that entry. Nothing panics.

pub mod genai_prices;
pub mod hf_config;
pub mod litellm;
pub mod models_dev;

mod hosting;

use crate::base::date::Date;
use crate::base::float::{from_f64, parse_f64};
use crate::codec::MAX_DOCUMENT_BYTES;
use crate::error::{Error, ErrorKind, Result};
use crate::spec::catalog::{ApiOffer, CatalogFile, Hosting, LongContextTier, Source};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeSet;

/// The public price databases there is an importer for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PriceDatabase {
    /// BerriAI/litellm's `model_prices_and_context_window.json`.
    Litellm,
    /// pydantic/genai-prices' `prices/new_data/v2/data.json` (the frozen v1
    /// `prices/data.json` has the same shape).
    GenaiPrices,
    /// models.dev's `api.json`.
    ModelsDev,
}

impl PriceDatabase {
    /// Every database, in the order the CLI lists them.
    pub const ALL: [PriceDatabase; 3] = [
        PriceDatabase::Litellm,
        PriceDatabase::GenaiPrices,
        PriceDatabase::ModelsDev,
    ];

    /// The name the CLI and the npm package take (`litellm`,
    /// `genai-prices`, `models-dev`).
    pub fn name(self) -> &'static str {
        match self {
            PriceDatabase::Litellm => "litellm",
            PriceDatabase::GenaiPrices => "genai-prices",
            PriceDatabase::ModelsDev => "models-dev",
        }
    }

    /// The database named `name` (`models.dev` is taken for `models-dev`).
    pub fn from_name(name: &str) -> Option<PriceDatabase> {
        match name.trim().to_ascii_lowercase().as_str() {
            "litellm" => Some(PriceDatabase::Litellm),
            "genai-prices" | "genai_prices" => Some(PriceDatabase::GenaiPrices),
            "models-dev" | "models.dev" | "modelsdev" => Some(PriceDatabase::ModelsDev),
            _ => None,
        }
    }

    /// The public address the project publishes the file at (what a
    /// browser or `curl` fetches).
    pub fn url(self) -> &'static str {
        match self {
            PriceDatabase::Litellm => {
                "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json"
            }
            PriceDatabase::GenaiPrices => {
                "https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/new_data/v2/data.json"
            }
            PriceDatabase::ModelsDev => "https://models.dev/api.json",
        }
    }

    /// The file, in words (the start of every imported entry's source).
    pub fn title(self) -> &'static str {
        match self {
            PriceDatabase::Litellm => "litellm model_prices_and_context_window.json",
            PriceDatabase::GenaiPrices => "genai-prices data.json",
            PriceDatabase::ModelsDev => "models.dev api.json",
        }
    }
}

impl std::fmt::Display for PriceDatabase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What an import needs besides the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// The date of the data (its download, its HTTP `Last-Modified`, the
    /// commit of the copy): every offer's `as_of`, and for genai-prices the
    /// date that picks the price in force among its dated prices.
    pub as_of: Date,
    /// Where the file was read from, when not the database's public address
    /// ([`PriceDatabase::url`]).
    pub url: Option<String>,
}

impl ImportOptions {
    /// Options for data of date `as_of`, read from the public address.
    pub fn new(as_of: Date) -> ImportOptions {
        ImportOptions { as_of, url: None }
    }
}

/// An entry the importer left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The entry's key in the file (`gemini/gemini-2.5-pro`,
    /// `openai/gpt-4o`, `deepinfra/Qwen/Qwen3.7-Max`).
    pub key: String,
    /// Why it was not imported.
    pub reason: String,
}

/// Something to know about an imported entry (it was imported anyway).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportWarning {
    /// The entry's key in the file.
    pub key: String,
    /// What to know.
    pub message: String,
}

/// What an import gives: the catalog file of every offer read, and the
/// entries left out and warnings, each with its key in the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportResult {
    /// The imported offers as a catalog file (`api` only), which
    /// [`crate::Catalog::with_overlay`] and `--catalog` accept.
    pub catalog: CatalogFile,
    /// Entries not imported, in file order, with the reason.
    pub skipped: Vec<Skipped>,
    /// Warnings about imported entries.
    pub warnings: Vec<ImportWarning>,
}

/// Reads the price database `database` from `text`.
///
/// # Errors
/// `Limit` above [`MAX_DOCUMENT_BYTES`]; `Syntax` when the text is not JSON
/// or not the database's shape (an object of entries for litellm and
/// models.dev, an array of providers for genai-prices). An entry that cannot
/// be read is not an error: it is listed in [`ImportResult::skipped`]; a
/// file of which no offer can be read is (`InvalidValue`), naming why the first
/// entry was skipped.
pub fn import_prices(database: PriceDatabase, text: &str, options: &ImportOptions) -> Result<ImportResult> {
    let doc = parse_document(text, database.title())?;
    let mut out = Importer::new(database, options);
    match database {
        PriceDatabase::Litellm => litellm::read(&doc, &mut out)?,
        PriceDatabase::GenaiPrices => genai_prices::read(&doc, &mut out)?,
        PriceDatabase::ModelsDev => models_dev::read(&doc, &mut out)?,
    }
    let r = out.finish();
    if r.catalog.api.is_empty() {
        // A catalog of no offers would replace nothing and claim a date.
        let why = match r.skipped.first() {
            None => "the file holds no model entries".to_string(),
            Some(s) => format!(
                "all {} entries were skipped, for example {}: {}",
                r.skipped.len(),
                s.key,
                s.reason
            ),
        };
        return Err(Error::new(
            ErrorKind::InvalidValue,
            "",
            format!("{}: no API offer with a price could be read: {why}", database.title()),
        ));
    }
    Ok(r)
}

/// `text` as a JSON tree, within the size limit; `what` names the file in
/// errors.
pub(crate) fn parse_document(text: &str, what: &str) -> Result<Value> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::new(
            ErrorKind::Limit,
            "",
            format!(
                "{what}: the file is {} bytes; at most {MAX_DOCUMENT_BYTES} bytes are read",
                text.len()
            ),
        ));
    }
    if text.trim().is_empty() {
        return Err(Error::new(ErrorKind::Syntax, "", format!("{what}: the file is empty")));
    }
    serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let message = message.rfind(" at line ").map_or(message.as_str(), |i| &message[..i]);
        // Python's json writes NaN and Infinity, which JSON has not.
        let hint = match offset_of(text, e.line(), e.column()) {
            Some(at)
                if ["NaN", "Infinity", "-Infinity"]
                    .iter()
                    .any(|w| text[at..].starts_with(w)) =>
            {
                ": NaN and Infinity are not JSON numbers"
            }
            _ => "",
        };
        Error::new(
            ErrorKind::Syntax,
            "",
            format!(
                "{what}: not valid JSON: {message}{hint} (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    })
}

/// The byte offset of a 1-based line and column (serde_json's, where the
/// column counts bytes and points at the last byte read).
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let at = start + column.saturating_sub(1);
    (at <= text.len() && text.is_char_boundary(at)).then_some(at)
}

/// The state an import builds: the offers, skipped entries and warnings,
/// and the ids already given.
/// One offer's prices as a database gives them, USD per 1M tokens.
pub(crate) struct OfferPrices {
    pub(crate) input: Decimal,
    pub(crate) output: Decimal,
    pub(crate) cached: Option<Decimal>,
    pub(crate) write: Option<Decimal>,
    /// Share off with the provider's batch API.
    pub(crate) batch_discount: Option<Decimal>,
    pub(crate) tier: Option<LongContextTier>,
}

pub(crate) struct Importer {
    pub(crate) database: PriceDatabase,
    pub(crate) as_of: Date,
    url: String,
    catalog: CatalogFile,
    skipped: Vec<Skipped>,
    warnings: Vec<ImportWarning>,
    ids: BTreeSet<String>,
    notes: Vec<String>,
}

impl Importer {
    fn new(database: PriceDatabase, options: &ImportOptions) -> Importer {
        Importer {
            database,
            as_of: options.as_of,
            url: options.url.clone().unwrap_or_else(|| database.url().to_string()),
            catalog: CatalogFile::default(),
            skipped: Vec::new(),
            warnings: Vec::new(),
            ids: BTreeSet::new(),
            notes: Vec::new(),
        }
    }

    /// Something true of every offer of the file, for its `about`.
    pub(crate) fn note(&mut self, text: &str) {
        self.notes.push(text.to_string());
    }

    pub(crate) fn skip(&mut self, key: &str, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            key: clip(key, 200),
            reason: reason.into(),
        });
    }

    pub(crate) fn warn(&mut self, key: &str, message: impl Into<String>) {
        self.warnings.push(ImportWarning {
            key: clip(key, 200),
            message: message.into(),
        });
    }

    /// An id for `provider`'s `model` not given before: `slug(provider)-
    /// slug(model)`, with `-2`, `-3` … appended (and a warning) when taken.
    pub(crate) fn id(&mut self, provider: &str, model: &str, key: &str) -> String {
        let base = format!("{}-{}", slug(provider), slug(model));
        let mut id = base.clone();
        let mut n = 2u32;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        if id != base {
            self.warn(key, format!("id {base} is already taken; this offer is {id}"));
        }
        self.ids.insert(id.clone());
        id
    }

    /// The source of the entry `key`: the database, the key, the address
    /// read and the data's date.
    pub(crate) fn source(&self, key: &str, note: Option<String>) -> Source {
        Source {
            title: format!("{}: {}", self.database.title(), clip(key, 200)),
            url: Some(self.url.clone()),
            date: Some(self.as_of.to_string()),
            note,
        }
    }

    /// Adds the offer `id` (`name` of `provider`'s, `hosting`) at
    /// `prices`, dated the import's day, with `source` and `notes`; `more`
    /// sets what only some databases give (a context limit, a start date,
    /// history, a deprecation) on it first.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn offer(
        &mut self,
        id: String,
        name: &str,
        provider: String,
        hosting: Hosting,
        prices: OfferPrices,
        source: Source,
        notes: Vec<String>,
        more: impl FnOnce(&mut ApiOffer),
    ) {
        let mut offer = ApiOffer {
            id,
            name: clip(name, 200),
            provider,
            hosting,
            model: None,
            input_usd_per_mtok: prices.input,
            output_usd_per_mtok: prices.output,
            cached_input_usd_per_mtok: prices.cached,
            cache_write_usd_per_mtok: prices.write,
            batch_discount: prices.batch_discount,
            long_context_tier: prices.tier,
            max_input_tokens: None,
            deprecation_date: None,
            from: None,
            as_of: self.as_of.to_string(),
            source,
            confidence: None,
            notes: join_notes(notes),
            history: Vec::new(),
        };
        more(&mut offer);
        self.catalog.api.push(offer);
    }

    fn finish(mut self) -> ImportResult {
        let mut about = format!(
            "Imported by llm-tco from {} ({}), data as of {}: {} offers, {} entries skipped",
            self.database.title(),
            self.url,
            self.as_of,
            self.catalog.api.len(),
            self.skipped.len()
        );
        for n in &self.notes {
            about.push_str("; ");
            about.push_str(n);
        }
        self.catalog.about = Some(about);
        ImportResult {
            catalog: self.catalog,
            skipped: self.skipped,
            warnings: self.warnings,
        }
    }
}

/// Why a price field cannot be used: the skip reason.
pub(crate) type Reason = String;

/// The exact decimal a JSON number denotes, not negative; `field` names it
/// in the reason. Only numbers are read: a string (even `"3e-06"`), a
/// boolean or `null` is a malformed number, as is a number a decimal
/// cannot hold exactly (above about 7.9e28, or more than 28 places).
pub(crate) fn decimal_of(value: &Value, field: &str) -> std::result::Result<Decimal, Reason> {
    let malformed = || format!("malformed number in {field}: {}", json_text(value));
    let Value::Number(n) = value else {
        return Err(malformed());
    };
    let d = if let Some(u) = n.as_u64() {
        Decimal::from(u)
    } else if let Some(i) = n.as_i64() {
        Decimal::from(i)
    } else {
        let x = n.as_f64().ok_or_else(malformed)?;
        // Exact or nothing: the decimal must read back as the same float.
        match from_f64(x, field) {
            Ok(d) if parse_f64(&d.to_string()) == Some(x) => d,
            _ => {
                return Err(format!(
                    "malformed number in {field}: {} cannot be held exactly as a decimal (at most 28 decimal places, below about 7.9e28)",
                    json_text(value)
                ))
            }
        }
    };
    if d.is_sign_negative() && !d.is_zero() {
        return Err(format!("negative price in {field}: {}", json_text(value)));
    }
    let mut d = d.normalize();
    d.set_sign_positive(true);
    Ok(d)
}

/// `value` as an exact decimal ([`decimal_of`]), and a warning naming
/// `field` when it looks like a binary-float artefact (it is kept as read).
pub(crate) fn exact_price(
    value: &Value,
    field: &str,
    warnings: &mut Vec<String>,
) -> std::result::Result<Decimal, Reason> {
    let d = decimal_of(value, field)?;
    if looks_like_float_artefact(value) {
        warnings.push(format!(
            "{field} {} looks like a binary-float artefact; kept as read",
            json_text(value)
        ));
    }
    Ok(d)
}

/// `d` (USD per token) in USD per 1M tokens, exactly.
pub(crate) fn per_mtok(d: Decimal, field: &str) -> std::result::Result<Decimal, Reason> {
    d.checked_mul(Decimal::from(1_000_000))
        .map(|x| x.normalize())
        .ok_or_else(|| format!("malformed number in {field}: {d} per token is beyond the decimal range per 1M tokens"))
}

/// True when `value` carries the 15 to 17 significant digits of a
/// binary-float artefact (`0.30000000000000004`, `1.5000020000000002e-05`).
pub(crate) fn looks_like_float_artefact(value: &Value) -> bool {
    let Some(x) = value.as_f64().filter(|_| value.is_f64()) else {
        return false;
    };
    let text = crate::base::float::shortest_text(x);
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').len() >= 15
}

/// A token count: a whole number (`2000000.0` is taken as 2000000), at
/// least 0.
pub(crate) fn whole_tokens(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64().or_else(|| {
            let x = n.as_f64()?;
            (x >= 0.0 && x.fract() == 0.0 && x < 1.8e19).then_some(x as u64)
        }),
        _ => None,
    }
}

/// A date written `YYYY-MM-DD` exactly.
pub(crate) fn full_date(value: &Value) -> Option<Date> {
    Date::parse_day(value.as_str()?)
}

/// `value` as compact JSON text, cut to 80 characters (it goes into a
/// message); a number as its shortest decimal digits (`-0.000001`).
pub(crate) fn json_text(value: &Value) -> String {
    match value {
        Value::Number(n) if n.is_f64() => clip(
            &n.as_f64()
                .map_or_else(|| n.to_string(), crate::base::float::shortest_text),
            40,
        ),
        _ => clip(&value.to_string(), 80),
    }
}

/// `text` cut to at most `max` characters, with `…` when cut.
pub(crate) fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max).collect();
    out.push('…');
    out
}

/// An id part: lower case, every run of characters other than `a-z`, `0-9`
/// and `.` turned into one `-` (dots kept, as in `google-gemini-1.5-flash`),
/// at most 120 characters; `x` when nothing is left.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
            if out.len() >= 120 {
                break;
            }
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

/// A text field: a string, trimmed, not empty.
pub(crate) fn text_of(value: Option<&Value>) -> Option<&str> {
    value.and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// Inserts `item` into `list`, kept in order of `key`, after the items of
/// an equal key (a stable insertion; the lists are a handful long).
pub(crate) fn insert_by<T, K: Ord>(list: &mut Vec<T>, item: T, key: impl Fn(&T) -> K) {
    let k = key(&item);
    let at = list.iter().position(|x| key(x) > k).unwrap_or(list.len());
    list.insert(at, item);
}

/// Notes joined into one, `None` when there are none.
pub(crate) fn join_notes(notes: Vec<String>) -> Option<String> {
    (!notes.is_empty()).then(|| notes.join("; "))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn per_mtok_text(literal: &str) -> String {
        let v: Value = serde_json::from_str(literal).unwrap();
        per_mtok(decimal_of(&v, "x").unwrap(), "x").unwrap().to_string()
    }

    #[test]
    fn per_token_floats_become_exact_per_million_decimals() {
        for (literal, want) in [
            ("1.25e-06", "1.25"),
            ("2.5e-06", "2.5"),
            ("1e-05", "10"),
            ("3e-07", "0.3"),
            ("7.5e-08", "0.075"),
            ("5.46875e-07", "0.546875"),
            ("2.1875e-06", "2.1875"),
            ("0.00015", "150"),
            ("0.0", "0"),
            ("0", "0"),
            ("-0.0", "0"),
            ("1.9e-08", "0.019"),
            ("2e-06", "2"),
            ("1.2e-05", "12"),
            ("4.4e-07", "0.44"),
            ("1.250e-06", "1.25"),
            ("3", "3000000"),
        ] {
            assert_eq!(per_mtok_text(literal), want, "{literal}");
        }
        // Literals of 16 or 17 digits are the lists' float artefacts: they
        // read to within one ulp of the literal (flagged by the importer).
        for (literal, near) in [
            ("1.5000020000000002e-05", 15.000_020_000_000_002),
            ("2.9999900000000002e-06", 2.999_99),
            ("12345678901234567e-20", 123.456_789_012_345_67),
        ] {
            let got: f64 = per_mtok_text(literal).parse().unwrap_or_default();
            assert!((got - near).abs() <= near * 4.0 * f64::EPSILON, "{literal}: {got}");
        }
    }

    #[test]
    fn only_numbers_a_decimal_holds_exactly_are_prices() {
        let reason = |literal: &str| {
            let v: Value = serde_json::from_str(literal).unwrap();
            decimal_of(&v, "input_cost_per_token").unwrap_err()
        };
        assert_eq!(
            reason("\"3e-06\""),
            "malformed number in input_cost_per_token: \"3e-06\""
        );
        assert_eq!(reason("true"), "malformed number in input_cost_per_token: true");
        assert_eq!(reason("null"), "malformed number in input_cost_per_token: null");
        assert_eq!(reason("-1e-06"), "negative price in input_cost_per_token: -0.000001");
        assert_eq!(reason("-3"), "negative price in input_cost_per_token: -3");
        assert!(
            reason("1e300").contains("cannot be held exactly"),
            "{}",
            reason("1e300")
        );
        assert!(
            reason("1e-40").contains("cannot be held exactly"),
            "{}",
            reason("1e-40")
        );
        let long = format!("\"{}\"", "x".repeat(500));
        assert!(reason(&long).chars().count() < 140);
    }

    #[test]
    fn float_artefacts_are_recognised() {
        for (literal, artefact) in [
            ("0.30000000000000004", true),
            ("1.5000020000000002e-05", true),
            ("0.08333333333333334", true),
            ("1.25e-06", false),
            ("0.3", false),
            ("100000000000000000000", false),
            ("1000000", false),
        ] {
            let v: Value = serde_json::from_str(literal).unwrap();
            assert_eq!(looks_like_float_artefact(&v), artefact, "{literal}");
        }
    }

    #[test]
    fn slugs_keep_dots_and_collapse_the_rest() {
        assert_eq!(slug("Together AI"), "together-ai");
        assert_eq!(
            slug("meta-llama/Llama-3.3-70B-Instruct"),
            "meta-llama-llama-3.3-70b-instruct"
        );
        assert_eq!(slug("  gpt-4o  "), "gpt-4o");
        assert_eq!(slug("Qwen/Qwen3.7-Max"), "qwen-qwen3.7-max");
        assert_eq!(slug("///"), "x");
        assert_eq!(slug("Ünïcode Mödel"), "n-code-m-del");
        assert_eq!(slug(&"a".repeat(500)).len(), 120);
    }

    #[test]
    fn whole_tokens_take_integral_floats_only() {
        let t = |s: &str| whole_tokens(&serde_json::from_str(s).unwrap());
        assert_eq!(t("2000000.0"), Some(2_000_000));
        assert_eq!(t("128000"), Some(128_000));
        assert_eq!(t("1.5"), None);
        assert_eq!(t("-1"), None);
        assert_eq!(t("\"128000\""), None);
        assert_eq!(t("1e300"), None);
    }

    #[test]
    fn file_errors_say_what_is_wrong() {
        let e = parse_document("{\"a\": NaN}", "litellm").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Syntax);
        assert!(e.message().contains("NaN and Infinity are not JSON numbers"), "{e}");
        assert!(e.message().contains("line 1"), "{e}");
        let e = parse_document("   ", "litellm").unwrap_err();
        assert!(e.message().contains("empty"), "{e}");
        let big = " ".repeat(MAX_DOCUMENT_BYTES + 1);
        assert_eq!(parse_document(&big, "x").unwrap_err().kind(), ErrorKind::Limit);
        // Deep nesting is refused by serde_json's recursion limit, not a crash.
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(parse_document(&deep, "x").unwrap_err().kind(), ErrorKind::Syntax);
    }

    #[test]
    fn databases_have_names_and_addresses() {
        for db in PriceDatabase::ALL {
            assert_eq!(PriceDatabase::from_name(db.name()), Some(db));
            assert!(db.url().starts_with("https://"));
        }
        assert_eq!(PriceDatabase::from_name("models.dev"), Some(PriceDatabase::ModelsDev));
        assert_eq!(PriceDatabase::from_name("openrouter"), None);
    }
}
