//! API offers from `api-prices.json` and `api-prices-2026.json`: every row is
//! an observation of its offer on its date; consecutive observations that
//! agree on every price both record are one price level; the newest level
//! that is not an announced future price is the offer's current prices and
//! the others are its dated history.

use super::dates::{date_key, norm_date};
use super::json::{self, J};
use super::source::{gh, src};
use super::{dec_text, load, Report};
use anyhow::{bail, Context, Result};
use llm_tco::spec::catalog::{ApiOffer, Hosting, LongContextTier, PriceEntry, Source};
use llm_tco::Decimal;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Catalog id prefix of each provider: the existing ids (`openai-gpt-4o`,
/// `together_ai-...`, `fireworks_ai-...`) fix the style; new providers
/// follow it. The order is the catalog's order of providers.
const PROVIDER_PREFIX: &[(&str, &str)] = &[
    ("OpenAI", "openai"),
    ("Anthropic", "anthropic"),
    ("Google", "google"),
    ("Mistral", "mistral"),
    ("DeepSeek", "deepseek"),
    ("xAI", "xai"),
    ("Moonshot AI", "moonshot"),
    ("Together AI", "together_ai"),
    ("Fireworks AI", "fireworks_ai"),
    ("Groq", "groq"),
    ("DeepInfra", "deepinfra"),
    ("Cerebras", "cerebras"),
];

/// Third-party hosts of open weights, and first parties whose models are
/// open weights served by those hosts too.
const OPEN_WEIGHT: &[&str] = &[
    "Together AI",
    "Fireworks AI",
    "Groq",
    "DeepInfra",
    "Cerebras",
    "DeepSeek",
    "Moonshot AI",
];

/// The catalog model an open-weight offer serves: a pattern on the
/// lowercased offer name, and the model id. First match wins.
const SERVED_MODEL: &[(&str, &str)] = &[
    (r"llama 3\.1 8b|llama3\.1-8b", "llama-3.1-8b"),
    (r"llama 3\.1 70b", "llama-3.1-70b"),
    (r"llama 3\.1 405b", "llama-3.1-405b"),
    (r"llama 3\.3 70b", "llama-3.3-70b"),
    (r"llama 4 maverick", "llama-4-maverick"),
    (r"llama 4 scout", "llama-4-scout"),
    (r"qwen3 coder 480b", "qwen3-coder-480b-a35b"),
    // calibration-2026.json maps Qwen3-235B-A22B-Instruct-2507 rows here.
    (r"qwen3 235b-a22b", "qwen3-235b-a22b"),
    (r"qwen3 30b-a3b", "qwen3-30b-a3b"),
    (r"qwen3 32b", "qwen3-32b"),
    (r"qwen3 14b", "qwen3-14b"),
    (r"qwen3 8b", "qwen3-8b"),
    (r"^gpt-oss-120b", "gpt-oss-120b"),
    (r"^gpt-oss-20b", "gpt-oss-20b"),
    // models-2026.json's kimi-k2 row is cross-checked on the 0905 config.
    (r"kimi k2 (instruct )?0905", "kimi-k2"),
    (r"gemma 3 27b", "gemma-3-27b"),
    // calibration-2026.json maps DeepSeek-R1 and R1-0528 rows to V3's
    // architecture.
    (r"deepseek r1", "deepseek-r1"),
    (r"^deepseek-v3( \(deepseek-chat| *$)", "deepseek-v3"),
];

/// Open-weight models the offers serve that the catalog cannot size (no
/// usable architecture in the reference): a pattern, the id it would have
/// and why. The offers are priced all the same.
const MISSING_MODEL: &[(&str, &str, &str)] = &[
    (r"qwen3-next 80b", "qwen3-next-80b-a3b", "no architecture in the reference"),
    (
        r"qwen3\.5 397b",
        "qwen3.5-397b-a17b",
        "partial row in models-2026.json: hybrid Gated DeltaNet layers, no parameter count",
    ),
    (r"qwen3\.6 35b", "qwen3.6-35b-a3b", "no architecture in the reference"),
    (r"qwen3\.6 27b", "qwen3.6-27b", "no architecture in the reference"),
    (
        r"deepseek v4 pro",
        "deepseek-v4-pro",
        "models-2026.json has only a MaxText deepseek4-284b config, unmapped to the hosted V4 Pro/Flash, no parameter count",
    ),
    (r"deepseek v4 flash", "deepseek-v4-flash", "as deepseek-v4-pro"),
    (
        r"deepseek v3\.2|deepseek v3p2",
        "deepseek-v3.2",
        "no config; calibration-2026.json calls it the V3 architecture plus DSA sparse attention",
    ),
    (r"deepseek v3\.1", "deepseek-v3.1", "no config in the reference"),
    (r"kimi k2\.5", "kimi-k2.5", "no config in the reference"),
    (r"kimi k2\.6|kimi k2p6", "kimi-k2.6", "no config in the reference"),
    (
        r"kimi k2 thinking",
        "kimi-k2-thinking",
        "no config in the reference (the kimi-k2 row is the 0905 config)",
    ),
    (r"kimi k3", "kimi-k3", "no config in the reference"),
    (
        r"gemma 4 31b",
        "gemma-4-31b",
        "partial row in models-2026.json: no parameter count",
    ),
    (r"glm-4\.7", "glm-4.7", "no architecture in the reference"),
    (
        r"deepseek-(chat|reasoner) \(alias\)",
        "",
        "an alias whose target changed over time (V3, V3.2, V4 Flash); no fixed model",
    ),
];

/// Display names: the provider field says "first-party"; the note says a
/// price is stale.
const NAME_FIX: &[(&str, &str)] = &[
    (r" \((Moonshot )?first-party\)", ""),
    (r", stale pre-Oct-2024 list price", ""),
    (
        r"^DeepSeek deepseek-(chat|reasoner) alias",
        "DeepSeek deepseek-${1} (alias)",
    ),
];

/// Rows whose primary figure the reference overrode: the document whose
/// figure is used (reference id, title, link, date).
const OVERRIDE_SOURCE: &[(&str, &str, &str, &str)] = &[
    (
        "xai-grok-4-20-0309-reasoning-2026-08-12",
        "xAI models page as scraped 2026-08-22 (Yingshu-Li/llm-price-tracker)",
        "https://github.com/Yingshu-Li/llm-price-tracker/blob/ef0c6ee4a9150f021397dacff6b898e40b9f459a/out/models_with_prices.csv",
        "2026-08-22",
    ),
    (
        "together-ai-qwen3-235b-a22b-instruct-2507-tput-2026-08-12",
        "models.dev catalog, copy in Yingshu-Li/llm-price-tracker",
        "https://github.com/Yingshu-Li/llm-price-tracker/blob/52373eba88b3b38a27bb9612980dd208c1ef9788/vendor/modelsdev.json",
        "2026-08-12",
    ),
];

/// Notes in the catalog's own words, for offers whose figures the reference
/// flags. Keyed by catalog id.
const OFFER_NOTES: &[(&str, &str)] = &[
    ("deepseek-deepseek-v4-pro", "First-party price disputed: LiteLLM, models.dev and genai-prices give 0.435/0.87; simonw/llm-prices gives 1.74/3.48, the price Fireworks and Together charge. 0.435 is 25% of 1.74 and may be a time-limited discount."),
    ("anthropic-claude-sonnet-5", "Introductory 2/10 until 2026-09-01, then 3/15 (simonw/llm-prices, recorded 2026-08-05); every source of 2026-08-12..22 still showed 2/10. The scheduled entry has no cache prices in the source."),
    ("openai-gpt-5.6-sol", "One daily scrape of OpenAI's page (2026-08-22) shows 4/20, after 5/30 on every day before; its cache, batch and flex prices were not captured."),
    ("google-gemini-3.6-flash", "A LiteLLM fetch of 2026-08-22 shows 0.75/3.75 against 1.50/7.50 in every source of 2026-08-12; not checked against Google's page."),
    ("mistral-mistral-small-latest", "Alias: LiteLLM maps it to Small 3.2 (0.06/0.18), models.dev (2026-08-12) to Small 4 (2603, 0.15/0.60). Prefer the versioned offers."),
    ("deepseek-deepseek-chat", "Alias whose target changed (V3, then V3.2; models.dev 2026-08-12 already gives the V4 Flash price 0.14/0.28). Prefer the versioned offers."),
    ("deepseek-deepseek-reasoner", "Alias whose target changed; as deepseek-deepseek-chat."),
    ("together_ai-qwen3-235b-a22b-instruct-2507-tput", "Output price 0.60 from models.dev; LiteLLM's 6.00 is ten times Together's other Qwen3-235B FP8 entry and is treated as an entry error."),
    ("xai-grok-4.20-0309-reasoning", "Prices from xAI's page (scraped 2026-08-22), which simonw/llm-prices and models.dev match; LiteLLM's 2.00/6.00 is stale. Tier applies at 200k prompt tokens and above."),
    ("openai-o3", "Price after the 2025-06-10 cut (launched 2025-04-16 at 10/40)."),
    ("google-gemini-1.5-pro", "LiteLLM's AI Studio entry kept the pre-October-2024 list price."),
];

fn lookup<'a>(table: &'a [(&str, &str)], key: &str) -> Option<&'a str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

fn re(p: &str) -> Regex {
    Regex::new(p).expect("a valid pattern")
}

static SIMONW: LazyLock<Regex> =
    LazyLock::new(|| re(r"simonw/llm-prices@([0-9a-f]+) \(main, (\d{4}-\d{2}-\d{2})\) (\S+)"));
static SCRAPE: LazyLock<Regex> =
    LazyLock::new(|| re(r"Yingshu-Li/llm-price-tracker out/models_with_prices.csv @([0-9a-f]{40})"));
static ISO_DAY: LazyLock<Regex> = LazyLock::new(|| re(r"(\d{4}-\d{2}-\d{2})"));

/// Prices of one observation, by field; the long-context tier's fields as
/// `long_context_tier.<field>`. Values are the decimal text (the tier's
/// threshold a whole number).
type Prices = BTreeMap<String, String>;

const TIER: &str = "long_context_tier.";

/// One priced observation of an offer.
#[derive(Debug, Clone)]
struct Obs {
    id: String,
    file: &'static str,
    row: J,
    prices: Prices,
    first: Option<String>,
    last: String,
    source: Source,
    confidence: Option<String>,
    disagree: Vec<String>,
    effective: Option<String>,
    until: Option<String>,
    scheduled: bool,
    history_only: bool,
}

/// Why a row is left out of the catalog, if it is.
fn drop_reason(row: &J) -> Option<&'static str> {
    let as_of = norm_date(row.get("as_of").str()).iso;
    if row.get("id").str().is_some_and(|i| i.ends_with("-blog")) {
        return Some(
            "single undated blog table; model id guessed by the reference; not corroborated by any other source (confidence low); as_of is 'after 2026-08-22 (exact date unknown)'",
        );
    }
    if as_of.is_none_or(|d| d.len() != 10) {
        return Some("as_of is not a day");
    }
    None
}

fn offer_id(row: &J) -> Result<String> {
    let provider = row.get("provider").text("provider")?;
    let prefix = lookup(PROVIDER_PREFIX, provider).with_context(|| format!("no id prefix for provider {provider}"))?;
    let key = row
        .get("litellm_key")
        .str()
        .filter(|k| !k.is_empty())
        .or(row.get("models_dev_key").str())
        .context("litellm_key or models_dev_key")?;
    Ok(format!(
        "{prefix}-{}",
        key.rsplit('/').next().unwrap_or(key).to_lowercase()
    ))
}

/// Where a row's prices come from: a link and the snapshot date.
fn api_source(row: &J) -> Result<Source> {
    let rid = row.get("id").str().unwrap_or_default();
    if let Some((_, title, url, date)) = OVERRIDE_SOURCE.iter().find(|(i, ..)| *i == rid) {
        return Ok(src(*title, Some((*url).to_string()), Some(date), None));
    }
    let s = row.get("source");
    let as_of = norm_date(row.get("as_of").str()).iso;
    let primary = s.get("primary").str().unwrap_or_default();
    let repo = s.get("repo").str();
    let path = s.get("path").str();
    if repo == Some("simonw/llm-prices") {
        return Ok(src(
            "simonw/llm-prices price history",
            Some(gh("simonw/llm-prices", s.get("commit").text("commit")?, path)),
            Some("2026-08-05"),
            None,
        ));
    }
    if repo == Some("Yingshu-Li/llm-price-tracker") {
        let title = match path {
            Some("vendor/litellm.json") => Some("LiteLLM price list, copy in Yingshu-Li/llm-price-tracker"),
            Some("vendor/modelsdev.json") => Some("models.dev catalog, copy in Yingshu-Li/llm-price-tracker"),
            _ => None,
        };
        if let Some(title) = title {
            return Ok(src(
                title,
                Some(gh(
                    "Yingshu-Li/llm-price-tracker",
                    s.get("mirror_commit").text("mirror_commit")?,
                    path,
                )),
                s.get("mirror_commit_date").str(),
                None,
            ));
        }
    }
    let via = s.get("retrieved_via").str().unwrap_or_default();
    if let Some(m) = SCRAPE.captures(via) {
        let vendor = if primary.contains("openai.com") {
            "OpenAI pricing page"
        } else {
            "LiteLLM price list"
        };
        return Ok(src(
            format!("{vendor} as fetched 2026-08-22 by Yingshu-Li/llm-price-tracker"),
            Some(gh(
                "Yingshu-Li/llm-price-tracker",
                &m[1],
                Some("out/models_with_prices.csv"),
            )),
            as_of.as_deref(),
            None,
        ));
    }
    if via.contains("RoCry/llm-api-price") {
        let updated = s.get("litellm_last_updated").str().unwrap_or_default();
        let date = super::source::chars(updated, 10);
        let date = if date.is_empty() { as_of.as_deref() } else { Some(date) };
        return Ok(src(
            "LiteLLM price list, hourly mirror RoCry/llm-api-price",
            Some(gh(
                "RoCry/llm-api-price",
                s.get("mirror_commit").text("mirror_commit")?,
                None,
            )),
            date,
            None,
        ));
    }
    bail!("unknown API source in {rid}")
}

/// Cross-checks whose figures differ from the ones the catalog holds, as
/// `name date: input/output`.
fn disagreements(row: &J) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let tier = row.get("long_context_tier");
    for c in row.get("source").get("cross_checks").items() {
        let Some(input) = c.get("input_usd_per_mtok").dec("cross-check input")? else {
            continue;
        };
        let output = c.get("output_usd_per_mtok").dec("cross-check output")?;
        let is_tier = c.get("applies_to").str() == Some("long_context_tier");
        let reference = if is_tier { tier } else { row };
        let holds = |k: &str| reference.get(k).dec(k).ok().flatten();
        let non_empty = !reference.members().is_empty();
        if non_empty && Some(input) == holds("input_usd_per_mtok") && output == holds("output_usd_per_mtok") {
            continue;
        }
        let who = c.get("source").str().unwrap_or_default();
        let name = if who.contains("genai-prices") {
            "genai-prices"
        } else if who.contains("llm-prices") {
            "simonw/llm-prices"
        } else if who.contains("models.dev") {
            "models.dev"
        } else if who.contains("models_with_prices") {
            "vendor page scrape"
        } else {
            who.split_whitespace().next().unwrap_or_default()
        };
        let date = ISO_DAY.captures(who).map(|m| format!(" {}", &m[1])).unwrap_or_default();
        let part = if is_tier { " (long-context tier)" } else { "" };
        let output = output.context("cross-check output")?;
        out.push(format!("{name}{date}{part}: {}/{}", dec_text(input), dec_text(output)));
    }
    Ok(out)
}

/// `medium (sources disagree; ...)` is `medium`.
pub fn level(conf: Option<&str>) -> Option<String> {
    conf.map(|c| c.split(" (").next().unwrap_or(c).trim().to_string())
}

/// The fields of a row that price it.
fn price_block(row: &J) -> Result<Prices> {
    let rid = row.get("id").str().unwrap_or_default();
    let mut p = Prices::new();
    let put = |p: &mut Prices, k: &str, v: Option<Decimal>| {
        if let Some(v) = v {
            p.insert(k.to_string(), dec_text(v));
        }
    };
    let d = |k: &str| row.get(k).dec(&format!("{rid}.{k}"));
    for (out, field) in [
        ("input_usd_per_mtok", "input_usd_per_mtok"),
        ("output_usd_per_mtok", "output_usd_per_mtok"),
        ("cached_input_usd_per_mtok", "cached_input_read_usd_per_mtok"),
        ("cache_write_usd_per_mtok", "cache_write_5min_usd_per_mtok"),
        ("cache_write_1h_usd_per_mtok", "cache_write_1h_usd_per_mtok"),
    ] {
        put(&mut p, out, d(field)?);
    }
    if let (Some(bi), Some(bo)) = (d("batch_input_usd_per_mtok")?, d("batch_output_usd_per_mtok")?) {
        let input = d("input_usd_per_mtok")?.context("input price")?;
        let output = d("output_usd_per_mtok")?.context("output price")?;
        let share = |b: Decimal, full: Decimal| -> Result<Decimal> {
            Ok(Decimal::ONE - b.checked_div(full).context("a batch price over a zero price")?)
        };
        let (di, d_o) = (share(bi, input)?, share(bo, output)?);
        if di != d_o {
            bail!("{rid}: batch discount differs between input ({di}) and output ({d_o})");
        }
        put(&mut p, "batch_discount", Some(di));
    }
    for kind in ["flex", "priority"] {
        put(
            &mut p,
            &format!("{kind}_input_usd_per_mtok"),
            d(&format!("{kind}_input_usd_per_mtok"))?,
        );
        put(
            &mut p,
            &format!("{kind}_output_usd_per_mtok"),
            d(&format!("{kind}_output_usd_per_mtok"))?,
        );
    }
    let t = row.get("long_context_tier");
    if !t.members().is_empty() {
        let td = |k: &str| t.get(k).dec(&format!("{rid}.long_context_tier.{k}"));
        let threshold = t
            .get("threshold_tokens")
            .whole("threshold_tokens")?
            .context("threshold_tokens")?;
        p.insert(format!("{TIER}threshold_input_tokens"), threshold.to_string());
        put(
            &mut p,
            &format!("{TIER}input_usd_per_mtok"),
            Some(td("input_usd_per_mtok")?.context("tier input")?),
        );
        put(
            &mut p,
            &format!("{TIER}output_usd_per_mtok"),
            Some(td("output_usd_per_mtok")?.context("tier output")?),
        );
        put(
            &mut p,
            &format!("{TIER}cached_input_usd_per_mtok"),
            td("cached_input_read_usd_per_mtok")?,
        );
        put(
            &mut p,
            &format!("{TIER}cache_write_usd_per_mtok"),
            td("cache_write_usd_per_mtok")?,
        );
    }
    Ok(p)
}

fn clean_name(name: &str) -> String {
    let mut out = name.to_string();
    for (pat, rep) in NAME_FIX {
        out = re(pat).replace_all(&out, *rep).into_owned();
    }
    out
}

/// The catalog model an offer serves, or the reason it has none.
fn served(name: &str) -> std::result::Result<String, (String, String)> {
    let low = name.to_lowercase();
    for (pat, id) in SERVED_MODEL {
        if re(pat).is_match(&low) {
            return Ok((*id).to_string());
        }
    }
    for (pat, id, why) in MISSING_MODEL {
        if re(pat).is_match(&low) {
            return Err(((*id).to_string(), (*why).to_string()));
        }
    }
    Err(("?".into(), "no mapping".into()))
}

fn dec_eq(a: &J, b: &J) -> bool {
    match (a.dec("").ok().flatten(), b.dec("").ok().flatten()) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Every priced observation of every offer, the reference's dated price
/// histories (simonw/llm-prices) included.
fn observations(reference: &std::path::Path, report: &mut Report) -> Result<Vec<Obs>> {
    let mut obs: Vec<Obs> = Vec::new();
    for file in ["api-prices.json", "api-prices-2026.json"] {
        let doc = load(reference, file)?;
        for row in doc.get("api_prices").items() {
            let rid = row.get("id").text("id")?.to_string();
            if let Some(why) = drop_reason(row) {
                report.dropped.push(format!("{file} {rid}: {why}"));
                continue;
            }
            let oid = offer_id(row)?;
            let as_of = norm_date(row.get("as_of").str()).iso.context("as_of")?;
            if file == "api-prices.json" && rid != format!("{oid}-{as_of}") {
                bail!("{rid}: the old ids are the new id plus the snapshot date, expected {oid}-{as_of}");
            }
            let mut confirmed = vec![as_of.clone()];
            for d in row.get("also_verified_as_of").items() {
                if let Some(iso) = norm_date(d.str()).iso {
                    if !confirmed.contains(&iso) {
                        confirmed.push(iso);
                    }
                }
            }
            confirmed.sort();
            let scheduled = row.get("model").text("model")?.to_lowercase().contains("scheduled");
            let mut o = Obs {
                id: oid.clone(),
                file,
                row: row.clone(),
                prices: price_block(row)?,
                first: Some(as_of.clone()),
                last: confirmed.last().cloned().unwrap_or_default(),
                source: api_source(row)?,
                confidence: level(row.get("confidence").str()),
                disagree: disagreements(row)?,
                effective: None,
                until: None,
                scheduled,
                history_only: false,
            };
            if scheduled {
                // Recorded 2026-08-05 in simonw/llm-prices, in force from
                // its as_of.
                o.effective = Some(as_of.clone());
                o.last = "2026-08-05".into();
            }
            // A 2025 row re-verified in the 2026-07-24 snapshot: a second
            // observation with its own link.
            let also = row.get("also_verified_as_of").items();
            let commits = row.get("source").get("also_mirror_commits").items();
            let mut second = None;
            if let (Some(last_also), Some(commit)) = (also.last(), commits.last()) {
                let d = norm_date(last_also.str()).iso.context("also_verified_as_of")?;
                let mut o2 = o.clone();
                o2.first = Some(d.clone());
                o2.last = d.clone();
                o2.source = src(
                    "LiteLLM price list, hourly mirror RoCry/llm-api-price",
                    Some(gh("RoCry/llm-api-price", commit.text("also_mirror_commits")?, None)),
                    Some(&d),
                    None,
                );
                o.last = as_of.clone();
                second = Some(o2);
            }
            let mut extra = Vec::new();
            for c in row.get("source").get("cross_checks").items() {
                let ph = c.get("price_history").items();
                if ph.len() < 2 {
                    continue;
                }
                let who = c.get("source").text("cross-check source")?;
                let m = SIMONW
                    .captures(who)
                    .with_context(|| format!("{rid}: a price history from {who}"))?;
                let s = src(
                    "simonw/llm-prices price history",
                    Some(gh("simonw/llm-prices", &m[1], Some(&m[3]))),
                    Some(&m[2]),
                    None,
                );
                for h in ph {
                    let same = dec_eq(h.get("input"), row.get("input_usd_per_mtok"))
                        && dec_eq(h.get("output"), row.get("output_usd_per_mtok"));
                    let from = h.get("from_date").str().map(str::to_string);
                    if same {
                        if from.is_some() && !scheduled {
                            o.effective.clone_from(&from);
                        }
                        continue;
                    }
                    if from.as_deref().is_some_and(|f| f > as_of.as_str()) {
                        continue; // a scheduled level: the reference has its own row
                    }
                    let mut p = Prices::new();
                    p.insert(
                        "input_usd_per_mtok".into(),
                        dec_text(h.get("input").dec("input")?.context("history input")?),
                    );
                    p.insert(
                        "output_usd_per_mtok".into(),
                        dec_text(h.get("output").dec("output")?.context("history output")?),
                    );
                    if let Some(c) = h.get("input_cached").dec("input_cached")? {
                        p.insert("cached_input_usd_per_mtok".into(), dec_text(c));
                    }
                    extra.push(Obs {
                        id: oid.clone(),
                        file,
                        row: row.clone(),
                        prices: p,
                        first: from.clone(),
                        last: m[2].to_string(),
                        source: s.clone(),
                        confidence: Some("medium".into()),
                        disagree: Vec::new(),
                        effective: from,
                        until: h.get("to_date").str().map(str::to_string),
                        scheduled: false,
                        history_only: true,
                    });
                }
            }
            obs.push(o);
            obs.extend(second);
            obs.extend(extra);
        }
    }
    Ok(obs)
}

/// True when `g` confirms the price level of the observations `cur`: every
/// field both record is equal (a source that records more fields, such as
/// a priority price, does not make a new level). A scheduled price never
/// merges.
fn same_level(cur: &[Obs], g: &Obs) -> bool {
    if g.scheduled || cur.last().is_some_and(|c| c.scheduled) {
        return false;
    }
    let mut seen = Prices::new();
    for c in cur {
        union(&mut seen, &c.prices);
    }
    seen.iter().all(|(k, v)| g.prices.get(k).is_none_or(|w| w == v))
}

/// Adds the fields of `b` that `a` lacks.
fn union(a: &mut Prices, b: &Prices) {
    for (k, v) in b {
        a.entry(k.clone()).or_insert_with(|| v.clone());
    }
}

/// One price level, made from its observations.
struct Level {
    from: Option<String>,
    until: Option<String>,
    scheduled: bool,
    prices: Prices,
    as_of: String,
    source: Source,
    confidence: Option<String>,
    disagree: Vec<String>,
    /// Its observations are rows (not only a price history).
    observed: bool,
}

fn level_of(group: &[Obs]) -> Level {
    let first = &group[0];
    let eff = group.iter().find_map(|g| g.effective.clone());
    let from = eff.or_else(|| group.iter().filter_map(|g| g.first.clone()).min());
    let until = group.iter().find_map(|g| g.until.clone());
    let mut sorted: Vec<&Obs> = group.iter().collect();
    sorted.sort_by_key(|g| date_key(g.first.as_deref()));
    let mut prices = Prices::new();
    for g in sorted {
        union(&mut prices, &g.prices);
    }
    let as_of = group.iter().map(|g| g.last.clone()).max().unwrap_or_default();
    // The newest observation (the first of equals, by date then file name).
    let mut newest = first;
    for g in group {
        if (g.last.as_str(), g.file) > (newest.last.as_str(), newest.file) {
            newest = g;
        }
    }
    let mut disagree: Vec<String> = group.iter().flat_map(|g| g.disagree.iter().cloned()).collect();
    disagree.sort();
    disagree.dedup();
    Level {
        from,
        until,
        scheduled: first.scheduled,
        prices,
        as_of,
        source: newest.source.clone(),
        confidence: newest.confidence.clone().filter(|c| !c.is_empty()),
        disagree,
        observed: !first.scheduled && !first.history_only,
    }
}

fn dec_field(p: &Prices, k: &str) -> Result<Option<Decimal>> {
    p.get(k)
        .map(|t| json::number(t).with_context(|| k.to_string()))
        .transpose()
}

fn required(p: &Prices, k: &str) -> Result<Decimal> {
    dec_field(p, k)?.with_context(|| format!("a price level without {k}"))
}

fn tier_of(p: &Prices) -> Result<Option<LongContextTier>> {
    let Some(threshold) = p.get(&format!("{TIER}threshold_input_tokens")) else {
        return Ok(None);
    };
    Ok(Some(LongContextTier {
        threshold_input_tokens: threshold.parse().context("threshold")?,
        input_usd_per_mtok: required(p, &format!("{TIER}input_usd_per_mtok"))?,
        output_usd_per_mtok: required(p, &format!("{TIER}output_usd_per_mtok"))?,
        cached_input_usd_per_mtok: dec_field(p, &format!("{TIER}cached_input_usd_per_mtok"))?,
        cache_write_usd_per_mtok: dec_field(p, &format!("{TIER}cache_write_usd_per_mtok"))?,
    }))
}

fn entry_of(l: &Level) -> Result<PriceEntry> {
    Ok(PriceEntry {
        from: l.from.clone(),
        until: l.until.clone(),
        scheduled: l.scheduled,
        input_usd_per_mtok: required(&l.prices, "input_usd_per_mtok")?,
        output_usd_per_mtok: required(&l.prices, "output_usd_per_mtok")?,
        cached_input_usd_per_mtok: dec_field(&l.prices, "cached_input_usd_per_mtok")?,
        cache_write_usd_per_mtok: dec_field(&l.prices, "cache_write_usd_per_mtok")?,
        batch_discount: dec_field(&l.prices, "batch_discount")?,
        long_context_tier: tier_of(&l.prices)?,
        as_of: Some(l.as_of.clone()),
        source: Some(l.source.clone()),
        confidence: l.confidence.clone(),
    })
}

/// The API offers, in provider order then by id.
pub fn build(reference: &std::path::Path, report: &mut Report, model_ids: &[String]) -> Result<Vec<ApiOffer>> {
    let obs = observations(reference, report)?;
    // Offers in the order of their first observation.
    let mut order: Vec<String> = Vec::new();
    let mut by_id: BTreeMap<String, Vec<Obs>> = BTreeMap::new();
    for o in obs {
        if !by_id.contains_key(&o.id) {
            order.push(o.id.clone());
        }
        by_id.entry(o.id.clone()).or_default().push(o);
    }
    let mut offers = Vec::new();
    for oid in order {
        let mut group = by_id.remove(&oid).unwrap_or_default();
        // A level of a price history that a row shows too gives that row
        // its start date, and is not an observation of its own.
        let mut i = 0;
        while i < group.len() {
            if !group[i].history_only {
                i += 1;
                continue;
            }
            let (hin, hout) = (
                group[i].prices.get("input_usd_per_mtok").cloned(),
                group[i].prices.get("output_usd_per_mtok").cloned(),
            );
            let twins: Vec<usize> = (0..group.len())
                .filter(|&j| {
                    !group[j].history_only
                        && group[j].prices.get("input_usd_per_mtok") == hin.as_ref()
                        && group[j].prices.get("output_usd_per_mtok") == hout.as_ref()
                })
                .collect();
            if twins.is_empty() {
                i += 1;
                continue;
            }
            if let Some(eff) = group[i].effective.clone() {
                let mut first = twins[0];
                for &j in &twins {
                    if date_key(group[j].first.as_deref()) < date_key(group[first].first.as_deref()) {
                        first = j;
                    }
                }
                let start = group[first].effective.clone().or(group[first].first.clone());
                if date_key(Some(&eff)) < date_key(start.as_deref()) {
                    group[first].effective = Some(eff);
                }
            }
            group.remove(i);
        }
        // Chronological, then observations with the same prices that follow
        // each other are one level.
        group.sort_by(|a, b| {
            let ka = (date_key(a.effective.as_deref().or(a.first.as_deref())), &a.last, a.file);
            let kb = (date_key(b.effective.as_deref().or(b.first.as_deref())), &b.last, b.file);
            ka.cmp(&kb)
        });
        let mut groups: Vec<Vec<Obs>> = Vec::new();
        for g in group.iter() {
            match groups.last_mut() {
                Some(cur) if same_level(cur, g) => cur.push(g.clone()),
                _ => groups.push(vec![g.clone()]),
            }
        }
        let levels: Vec<Level> = groups.iter().map(|g| level_of(g)).collect();
        // The current entry: the newest one that is not a scheduled price.
        let mut cur_i: Option<usize> = None;
        for (i, l) in levels.iter().enumerate() {
            if !l.observed {
                continue;
            }
            let key = (date_key(l.from.as_deref()), l.as_of.as_str());
            if cur_i.is_none_or(|c| key > (date_key(levels[c].from.as_deref()), levels[c].as_of.as_str())) {
                cur_i = Some(i);
            }
        }
        let cur_i = cur_i.with_context(|| format!("{oid}: no observed price level"))?;
        // Offer facts from the newest row.
        let mut newest: Option<&Obs> = None;
        for g in group.iter().filter(|g| !g.scheduled && !g.history_only) {
            if newest.is_none_or(|n| (g.last.as_str(), g.file) > (n.last.as_str(), n.file)) {
                newest = Some(g);
            }
        }
        let row = &newest.context("a row")?.row;
        let name = clean_name(row.get("model").text("model")?);
        let provider = row.get("provider").text("provider")?.to_string();
        let hosting = if OPEN_WEIGHT.contains(&provider.as_str()) {
            Hosting::OpenWeight
        } else {
            Hosting::Closed
        };
        let mut model = None;
        if hosting == Hosting::OpenWeight {
            match served(&name) {
                Ok(m) => {
                    if !model_ids.contains(&m) {
                        bail!("{oid} serves {m}, which models*.json does not have");
                    }
                    model = Some(m);
                }
                Err((id, why)) => report.missing_models.push(format!(
                    "{oid} ({name}): {}{why}",
                    if id.is_empty() {
                        String::new()
                    } else {
                        format!("{id}, ")
                    }
                )),
            }
        }
        // The retirement date: the newest row that gives one.
        let mut dep: Option<&Obs> = None;
        for g in &group {
            if g.row.get("deprecation_date").str().is_none() {
                continue;
            }
            if dep.is_none_or(|d| (g.last.as_str(), g.file) > (d.last.as_str(), d.file)) {
                dep = Some(g);
            }
        }
        let current = &levels[cur_i];
        let entry = entry_of(current)?;
        let mut notes: Vec<String> = lookup(OFFER_NOTES, &oid).map(str::to_string).into_iter().collect();
        if !current.disagree.is_empty() {
            notes.push(format!("Sources that disagree: {}.", current.disagree.join("; ")));
        }
        let mut history = Vec::new();
        for (i, l) in levels.iter().enumerate() {
            if i != cur_i {
                history.push(entry_of(l)?);
            }
        }
        offers.push(ApiOffer {
            id: oid.clone(),
            name,
            provider,
            hosting,
            model,
            input_usd_per_mtok: entry.input_usd_per_mtok,
            output_usd_per_mtok: entry.output_usd_per_mtok,
            cached_input_usd_per_mtok: entry.cached_input_usd_per_mtok,
            cache_write_usd_per_mtok: entry.cache_write_usd_per_mtok,
            batch_discount: entry.batch_discount,
            long_context_tier: entry.long_context_tier,
            max_input_tokens: row.get("max_input_tokens").whole("max_input_tokens")?,
            deprecation_date: dep.and_then(|d| d.row.get("deprecation_date").str().map(str::to_string)),
            from: current.from.clone(),
            as_of: current.as_of.clone(),
            source: current.source.clone(),
            confidence: current.confidence.clone(),
            notes: (!notes.is_empty()).then(|| notes.join(" ")),
            history,
        });
    }
    let rank = |p: &str| PROVIDER_PREFIX.iter().position(|(n, _)| *n == p).unwrap_or(usize::MAX);
    offers.sort_by(|a, b| (rank(&a.provider), &a.id).cmp(&(rank(&b.provider), &b.id)));
    Ok(offers)
}
