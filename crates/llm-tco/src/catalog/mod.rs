//! The validated catalog: every entry of the built-in files (`catalog/*.json`
//! inside this crate, made from the researched reference files by
//! `cargo xtask import-catalog`, embedded at compile time), optionally
//! overlaid by a user's catalog file (JSON or TOML, the shape of
//! [`CatalogFile`]): an entry with an id already present replaces it.
//! Lookups by id; an unknown id is an error naming the nearest known ids.

use crate::base::date::Date;
use crate::base::float::shortest_text;
use crate::codec::Format;
use crate::error::{Error, ErrorKind, Result};
use crate::spec::catalog::{
    ApiOffer, CatalogFile, CloudPrice, EngineProfile, Gpu, LongContextTier, Model, PurchasePrice, TcoBasis,
};
use rust_decimal::Decimal;

/// A validated catalog: ids are unique, prices are not negative, and every
/// price names a GPU the catalog has.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    api: Vec<ApiOffer>,
    gpus: Vec<Gpu>,
    models: Vec<Model>,
    purchase: Vec<PurchasePrice>,
    cloud: Vec<CloudPrice>,
    tco: Vec<TcoBasis>,
    engines: Vec<EngineProfile>,
}

const BUILTIN: [&str; 5] = [
    include_str!(concat!(env!("OUT_DIR"), "/api.json")),
    include_str!(concat!(env!("OUT_DIR"), "/gpus.json")),
    include_str!(concat!(env!("OUT_DIR"), "/models.json")),
    include_str!(concat!(env!("OUT_DIR"), "/gpu_prices.json")),
    include_str!(concat!(env!("OUT_DIR"), "/engines.json")),
];

impl Catalog {
    /// The catalog embedded in the library.
    ///
    /// # Panics
    /// Never for a released build: the embedded files are checked by this
    /// crate's tests.
    pub fn builtin() -> Catalog {
        let mut file = CatalogFile::default();
        for text in BUILTIN {
            let part = CatalogFile::parse(text, Format::Json).expect("the embedded catalog parses");
            file.api.extend(part.api);
            file.gpus.extend(part.gpus);
            file.models.extend(part.models);
            file.purchase.extend(part.purchase);
            file.cloud.extend(part.cloud);
            file.tco.extend(part.tco);
            file.engines.extend(part.engines);
        }
        Catalog::from_file(file).expect("the embedded catalog is valid")
    }

    /// A catalog made only of `file`'s entries.
    ///
    /// # Errors
    /// A duplicate id, a negative price or a price naming an unknown GPU.
    pub fn from_file(file: CatalogFile) -> Result<Catalog> {
        let catalog = Catalog {
            api: file.api,
            gpus: file.gpus,
            models: file.models,
            purchase: file.purchase,
            cloud: file.cloud,
            tco: file.tco,
            engines: file.engines,
        };
        catalog.validate()?;
        Ok(catalog)
    }

    /// This catalog with `overlay`'s entries added; an entry whose id is
    /// already here replaces it.
    ///
    /// # Errors
    /// As [`Catalog::from_file`], for the merged catalog.
    pub fn with_overlay(&self, overlay: &CatalogFile) -> Result<Catalog> {
        /// The merged list, and for each of its entries the overlay's index
        /// when the entry comes from the overlay.
        fn merge<T: Clone>(base: &[T], extra: &[T], id: impl Fn(&T) -> &str) -> (Vec<T>, Vec<Option<usize>>) {
            let mut out: Vec<T> = base.to_vec();
            let mut origin: Vec<Option<usize>> = vec![None; base.len()];
            for (j, item) in extra.iter().enumerate() {
                match out.iter().position(|x| id(x) == id(item)) {
                    Some(i) => {
                        out[i] = item.clone();
                        origin[i] = Some(j);
                    }
                    None => {
                        out.push(item.clone());
                        origin.push(Some(j));
                    }
                }
            }
            (out, origin)
        }
        // An id twice in the overlay itself would silently keep the last.
        unique(&overlay.api, "api", |x| &x.id)?;
        unique(&overlay.gpus, "gpus", |x| &x.id)?;
        unique(&overlay.models, "models", |x| &x.id)?;
        unique(&overlay.purchase, "purchase", |x| &x.id)?;
        unique(&overlay.cloud, "cloud", |x| &x.id)?;
        unique(&overlay.tco, "tco", |x| &x.id)?;
        unique(&overlay.engines, "engines", |x| &x.id)?;
        let (api, api_at) = merge(&self.api, &overlay.api, |x| &x.id);
        let (gpus, gpus_at) = merge(&self.gpus, &overlay.gpus, |x| &x.id);
        let (models, models_at) = merge(&self.models, &overlay.models, |x| &x.id);
        let (purchase, purchase_at) = merge(&self.purchase, &overlay.purchase, |x| &x.id);
        let (cloud, cloud_at) = merge(&self.cloud, &overlay.cloud, |x| &x.id);
        let (tco, tco_at) = merge(&self.tco, &overlay.tco, |x| &x.id);
        let (engines, engines_at) = merge(&self.engines, &overlay.engines, |x| &x.id);
        let catalog = Catalog {
            api,
            gpus,
            models,
            purchase,
            cloud,
            tco,
            engines,
        };
        // Errors name the overlay's entry (`api[2]`), not the merged list's.
        catalog.validate().map_err(|e| {
            let origins = [
                ("api", &api_at),
                ("gpus", &gpus_at),
                ("models", &models_at),
                ("purchase", &purchase_at),
                ("cloud", &cloud_at),
                ("tco", &tco_at),
                ("engines", &engines_at),
            ];
            let path = e.path().to_string();
            for (list, at) in origins {
                let Some(rest) = path.strip_prefix(list).and_then(|r| r.strip_prefix('[')) else {
                    continue;
                };
                let Some((index, tail)) = rest.split_once(']') else {
                    continue;
                };
                if let Some(Some(j)) = index.parse::<usize>().ok().and_then(|i| at.get(i)) {
                    return Error::new(e.kind(), format!("{list}[{j}]{tail}"), e.message());
                }
            }
            e
        })?;
        Ok(catalog)
    }

    fn validate(&self) -> Result<()> {
        unique(&self.api, "api", |x| &x.id)?;
        unique(&self.gpus, "gpus", |x| &x.id)?;
        unique(&self.models, "models", |x| &x.id)?;
        unique(&self.purchase, "purchase", |x| &x.id)?;
        unique(&self.cloud, "cloud", |x| &x.id)?;
        unique(&self.tco, "tco", |x| &x.id)?;
        unique(&self.engines, "engines", |x| &x.id)?;
        for (i, e) in self.engines.iter().enumerate() {
            check_engine(e).map_err(|err| err.within(&format!("engines[{i}]")))?;
        }
        for (i, a) in self.api.iter().enumerate() {
            let p = format!("api[{i}]");
            check_prices(
                &Prices {
                    input: a.input_usd_per_mtok,
                    output: a.output_usd_per_mtok,
                    cached: a.cached_input_usd_per_mtok,
                    write: a.cache_write_usd_per_mtok,
                    batch_discount: a.batch_discount,
                    tier: a.long_context_tier.as_ref(),
                },
                &p,
            )?;
            date(Some(&a.as_of), &format!("{p}.as_of"))?;
            date(a.from.as_deref(), &format!("{p}.from"))?;
            date(a.deprecation_date.as_deref(), &format!("{p}.deprecation_date"))?;
            if let Some(model) = &a.model {
                if self.models.iter().all(|m| &m.id != model) {
                    return Err(unknown(
                        "model",
                        &format!("{p}.model"),
                        model,
                        self.models.iter().map(|m| m.id.as_str()),
                    ));
                }
            }
            let mut starts = Vec::new();
            for (j, h) in a.history.iter().enumerate() {
                let hp = format!("{p}.history[{j}]");
                check_prices(
                    &Prices {
                        input: h.input_usd_per_mtok,
                        output: h.output_usd_per_mtok,
                        cached: h.cached_input_usd_per_mtok,
                        write: h.cache_write_usd_per_mtok,
                        batch_discount: h.batch_discount,
                        tier: h.long_context_tier.as_ref(),
                    },
                    &hp,
                )?;
                starts.push((date(h.from.as_deref(), &format!("{hp}.from"))?, format!("{hp}.from")));
                date(h.until.as_deref(), &format!("{hp}.until"))?;
                date(h.as_of.as_deref(), &format!("{hp}.as_of"))?;
            }
            check_history(&starts)?;
        }
        for (i, g) in self.gpus.iter().enumerate() {
            for (v, f) in [(g.memory_gb, "memory_gb"), (g.mem_bw_gbps, "mem_bw_gbps")] {
                if v <= Decimal::ZERO {
                    return Err(Error::invalid(
                        format!("gpus[{i}].{f}"),
                        format!("must be above 0, found {v}"),
                    ));
                }
            }
            if let Some(v) = g.tdp_w {
                non_negative(v, format!("gpus[{i}].tdp_w"))?;
            }
            if g.scale_up_gpus == Some(0) {
                return Err(Error::invalid(format!("gpus[{i}].scale_up_gpus"), "must be at least 1"));
            }
            date(g.as_of.as_deref(), &format!("gpus[{i}].as_of"))?;
        }
        for (i, m) in self.models.iter().enumerate() {
            if m.total_params == 0 || m.active_params == 0 || m.active_params > m.total_params {
                return Err(Error::invalid(
                    format!("models[{i}].active_params"),
                    "total_params and active_params must be above 0, with active_params at most total_params",
                ));
            }
            date(m.as_of.as_deref(), &format!("models[{i}].as_of"))?;
        }
        for (i, c) in self.cloud.iter().enumerate() {
            let p = format!("cloud[{i}]");
            let prices = [
                (c.on_demand_usd_per_gpu_hour, "on_demand_usd_per_gpu_hour"),
                (c.reserved_usd_per_gpu_hour, "reserved_usd_per_gpu_hour"),
                (c.spot_usd_per_gpu_hour, "spot_usd_per_gpu_hour"),
            ];
            if prices.iter().all(|(v, _)| v.is_none()) {
                return Err(Error::invalid(
                    format!("{p}.on_demand_usd_per_gpu_hour"),
                    "an offer needs at least one of on_demand_usd_per_gpu_hour, reserved_usd_per_gpu_hour and spot_usd_per_gpu_hour",
                ));
            }
            for (v, f) in prices {
                if let Some(v) = v {
                    non_negative(v, format!("{p}.{f}"))?;
                }
            }
            date(Some(&c.as_of), &format!("{p}.as_of"))?;
            date(c.from.as_deref(), &format!("{p}.from"))?;
            let mut starts = Vec::new();
            for (j, h) in c.history.iter().enumerate() {
                let hp = format!("{p}.history[{j}]");
                for (v, f) in [
                    (h.on_demand_usd_per_gpu_hour, "on_demand_usd_per_gpu_hour"),
                    (h.reserved_usd_per_gpu_hour, "reserved_usd_per_gpu_hour"),
                    (h.spot_usd_per_gpu_hour, "spot_usd_per_gpu_hour"),
                ] {
                    if let Some(v) = v {
                        non_negative(v, format!("{hp}.{f}"))?;
                    }
                }
                starts.push((date(h.from.as_deref(), &format!("{hp}.from"))?, format!("{hp}.from")));
                date(h.as_of.as_deref(), &format!("{hp}.as_of"))?;
            }
            check_history(&starts)?;
            self.known_gpu(&format!("{p}.gpu"), &c.gpu)?;
        }
        for (i, p) in self.purchase.iter().enumerate() {
            non_negative(p.usd_low, format!("purchase[{i}].usd_low"))?;
            non_negative(p.usd_high, format!("purchase[{i}].usd_high"))?;
            if p.usd_high < p.usd_low {
                return Err(Error::invalid(
                    format!("purchase[{i}].usd_high"),
                    format!("must be at least usd_low ({}), found {}", p.usd_low, p.usd_high),
                ));
            }
            date(Some(&p.as_of), &format!("purchase[{i}].as_of"))?;
            self.known_gpu(&format!("purchase[{i}].gpu"), &p.gpu)?;
        }
        for (i, t) in self.tco.iter().enumerate() {
            for (v, f) in [
                (
                    t.owning_hyperscaler_usd_per_gpu_hour,
                    "owning_hyperscaler_usd_per_gpu_hour",
                ),
                (t.owning_neocloud_usd_per_gpu_hour, "owning_neocloud_usd_per_gpu_hour"),
                (t.rental_3yr_usd_per_gpu_hour, "rental_3yr_usd_per_gpu_hour"),
                (t.all_in_power_kw_per_gpu, "all_in_power_kw_per_gpu"),
            ] {
                if let Some(v) = v {
                    non_negative(v, format!("tco[{i}].{f}"))?;
                }
            }
            date(Some(&t.as_of), &format!("tco[{i}].as_of"))?;
            self.known_gpu(&format!("tco[{i}].gpu"), &t.gpu)?;
        }
        Ok(())
    }

    fn known_gpu(&self, path: &str, id: &str) -> Result<()> {
        if self.gpus.iter().any(|g| g.id == id) {
            return Ok(());
        }
        Err(unknown("GPU", path, id, self.gpus.iter().map(|g| g.id.as_str())))
    }

    /// All API offers.
    pub fn api_offers(&self) -> &[ApiOffer] {
        &self.api
    }
    /// All GPUs.
    pub fn gpus(&self) -> &[Gpu] {
        &self.gpus
    }
    /// All models.
    pub fn models(&self) -> &[Model] {
        &self.models
    }
    /// All GPU purchase prices.
    pub fn purchase_prices(&self) -> &[PurchasePrice] {
        &self.purchase
    }
    /// All GPU cloud prices.
    pub fn cloud_prices(&self) -> &[CloudPrice] {
        &self.cloud
    }
    /// All published all-in costs of a GPU-hour.
    pub fn tco_bases(&self) -> &[TcoBasis] {
        &self.tco
    }
    /// All serving-engine profiles.
    pub fn engines(&self) -> &[EngineProfile] {
        &self.engines
    }

    /// The API offer `id`.
    ///
    /// # Errors
    /// `UnknownId`, naming the nearest known ids.
    pub fn api(&self, id: &str) -> Result<&ApiOffer> {
        find(&self.api, id, |x| &x.id, "API offer")
    }
    /// The GPU `id`.
    ///
    /// # Errors
    /// `UnknownId`, naming the nearest known ids.
    pub fn gpu(&self, id: &str) -> Result<&Gpu> {
        find(&self.gpus, id, |x| &x.id, "GPU")
    }
    /// The model `id`.
    ///
    /// # Errors
    /// `UnknownId`, naming the nearest known ids.
    pub fn model(&self, id: &str) -> Result<&Model> {
        find(&self.models, id, |x| &x.id, "model")
    }
    /// The engine profile `id`.
    ///
    /// # Errors
    /// `UnknownId`, naming the nearest known ids.
    pub fn engine(&self, id: &str) -> Result<&EngineProfile> {
        find(&self.engines, id, |x| &x.id, "engine")
    }
    /// The cloud price `id`.
    ///
    /// # Errors
    /// `UnknownId`, naming the nearest known ids.
    pub fn cloud(&self, id: &str) -> Result<&CloudPrice> {
        find(&self.cloud, id, |x| &x.id, "cloud GPU price")
    }
}

fn find<'a, T>(items: &'a [T], id: &str, key: impl Fn(&T) -> &str, what: &str) -> Result<&'a T> {
    items
        .iter()
        .find(|x| key(x) == id)
        .ok_or_else(|| unknown(what, "", id, items.iter().map(&key)))
}

fn unknown<'a>(what: &str, path: &str, id: &str, known: impl Iterator<Item = &'a str>) -> Error {
    let near = nearest(id, known);
    let hint = if near.is_empty() {
        "the catalog has none".to_string()
    } else {
        format!("nearest known: {}", near.join(", "))
    };
    Error::new(ErrorKind::UnknownId, path, format!("unknown {what} id {id:?}; {hint}"))
}

/// Up to three known ids closest to `id`: ids containing it first, then by
/// edit distance.
pub(crate) fn nearest<'a>(id: &str, known: impl Iterator<Item = &'a str>) -> Vec<String> {
    let needle = id.to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = known
        .map(|k| {
            let lower = k.to_ascii_lowercase();
            let score = if !needle.is_empty() && lower.contains(&needle) {
                0
            } else {
                1 + edit_distance(&needle, &lower)
            };
            (score, k)
        })
        .collect();
    scored.sort_unstable();
    scored.into_iter().take(3).map(|(_, k)| k.to_string()).collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(200).collect();
    let b: Vec<char> = b.chars().take(200).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn unique<T>(items: &[T], list: &str, id: impl Fn(&T) -> &str) -> Result<()> {
    for (i, item) in items.iter().enumerate() {
        if id(item).trim().is_empty() {
            return Err(Error::invalid(format!("{list}[{i}].id"), "must not be empty"));
        }
        if items[..i].iter().any(|x| id(x) == id(item)) {
            return Err(Error::invalid(
                format!("{list}[{i}].id"),
                format!("duplicate id {:?}", id(item)),
            ));
        }
    }
    Ok(())
}

fn non_negative(value: Decimal, path: String) -> Result<()> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(Error::invalid(path, format!("must not be negative, found {value}")));
    }
    Ok(())
}

/// A date of the catalog (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), if given.
fn date(text: Option<&str>, path: &str) -> Result<Option<Date>> {
    match text {
        None => Ok(None),
        Some(t) => Date::parse(t).map(Some).ok_or_else(|| {
            Error::invalid(
                path,
                format!("{t:?} is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY"),
            )
        }),
    }
}

/// History entries start in order, and only the first may lack a start.
fn check_history(starts: &[(Option<Date>, String)]) -> Result<()> {
    for (j, (from, path)) in starts.iter().enumerate() {
        if j > 0 && from.is_none() {
            return Err(Error::invalid(
                path,
                "only the earliest history entry may leave out its start",
            ));
        }
        if let (Some(f), Some((Some(prev), _))) = (from, j.checked_sub(1).and_then(|k| starts.get(k))) {
            if f < prev {
                return Err(Error::invalid(
                    path,
                    format!("history entries go oldest first; {f} is before {prev}"),
                ));
            }
        }
    }
    Ok(())
}

/// One entry's API prices, for validation.
struct Prices<'a> {
    input: Decimal,
    output: Decimal,
    cached: Option<Decimal>,
    write: Option<Decimal>,
    batch_discount: Option<Decimal>,
    tier: Option<&'a LongContextTier>,
}

fn check_prices(p: &Prices<'_>, path: &str) -> Result<()> {
    non_negative(p.input, format!("{path}.input_usd_per_mtok"))?;
    non_negative(p.output, format!("{path}.output_usd_per_mtok"))?;
    for (v, f) in [
        (p.cached, "cached_input_usd_per_mtok"),
        (p.write, "cache_write_usd_per_mtok"),
    ] {
        if let Some(v) = v {
            non_negative(v, format!("{path}.{f}"))?;
        }
    }
    if let Some(d) = p.batch_discount {
        if d < Decimal::ZERO || d >= Decimal::ONE {
            return Err(Error::invalid(
                format!("{path}.batch_discount"),
                format!("must be at least 0 and below 1, found {d}"),
            ));
        }
    }
    if let Some(t) = p.tier {
        let tp = format!("{path}.long_context_tier");
        non_negative(t.input_usd_per_mtok, format!("{tp}.input_usd_per_mtok"))?;
        non_negative(t.output_usd_per_mtok, format!("{tp}.output_usd_per_mtok"))?;
        for (v, f) in [
            (t.cached_input_usd_per_mtok, "cached_input_usd_per_mtok"),
            (t.cache_write_usd_per_mtok, "cache_write_usd_per_mtok"),
        ] {
            if let Some(v) = v {
                non_negative(v, format!("{tp}.{f}"))?;
            }
        }
    }
    Ok(())
}

/// Validates an engine profile's values (when a catalog is loaded).
pub(crate) fn check_engine(e: &EngineProfile) -> Result<()> {
    let unit = |v: f64, f: &str| {
        if v.is_finite() && v > 0.0 && v <= 1.0 {
            Ok(())
        } else {
            Err(Error::invalid(
                f,
                format!("must be above 0 and at most 1, found {}", shortest_text(v)),
            ))
        }
    };
    unit(e.memory_utilization, "memory_utilization")?;
    unit(e.bandwidth_efficiency, "bandwidth_efficiency")?;
    unit(e.kv_bandwidth_efficiency, "kv_bandwidth_efficiency")?;
    unit(e.compute_efficiency, "compute_efficiency")?;
    unit(e.prefill_efficiency, "prefill_efficiency")?;
    unit(e.moe_efficiency, "moe_efficiency")?;
    unit(e.w4_efficiency, "w4_efficiency")?;
    for (v, f) in [
        (e.reserve_gib, "reserve_gib"),
        (e.step_overhead_ms, "step_overhead_ms"),
        (e.allreduce_latency_us, "allreduce_latency_us"),
        (e.per_sequence_overhead_us, "per_sequence_overhead_us"),
        (e.request_overhead_ms, "request_overhead_ms"),
        (e.request_latency_ms, "request_latency_ms"),
        (e.expert_width_half, "expert_width_half"),
        (e.sampler_bytes_per_logit, "sampler_bytes_per_logit"),
    ] {
        if !v.is_finite() || v < 0.0 {
            return Err(Error::invalid(
                f,
                format!("must be a finite number at least 0, found {}", shortest_text(v)),
            ));
        }
    }
    if e.max_batch == 0 {
        return Err(Error::invalid("max_batch", "must be above 0"));
    }
    if e.prefill_chunk_tokens == 0 {
        return Err(Error::invalid("prefill_chunk_tokens", "must be above 0"));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_loads_with_the_entries_the_issue_asks_for() {
        let c = Catalog::builtin();
        for id in [
            "openai-gpt-4o",
            "openai-gpt-4o-mini",
            "openai-gpt-4.1",
            "openai-gpt-4.1-mini",
            "openai-gpt-4.1-nano",
            "anthropic-claude-sonnet-4-20250514",
            "anthropic-claude-3-5-sonnet-20241022",
            "anthropic-claude-3-5-haiku-20241022",
            "anthropic-claude-opus-4-20250514",
            "google-gemini-2.0-flash",
            "google-gemini-2.5-flash",
            "google-gemini-2.5-pro",
            "google-gemini-1.5-flash",
            "google-gemini-1.5-pro",
            "mistral-mistral-large-latest",
            "mistral-mistral-small-latest",
            "together_ai-meta-llama-3.1-8b-instruct-turbo",
            "fireworks_ai-llama-v3p1-70b-instruct",
            "groq-llama-3.3-70b-versatile",
            "deepinfra-meta-llama-3.1-405b-instruct",
        ] {
            c.api(id).unwrap();
        }
        for id in [
            "a100-40gb-sxm",
            "a100-80gb-sxm",
            "h100-sxm",
            "h100-pcie",
            "h200-sxm",
            "l4",
            "l40s",
            "a10g",
            "rtx-4090",
            "rtx-3090",
            "mi300x",
        ] {
            c.gpu(id).unwrap();
        }
        for id in [
            "llama-3.1-8b",
            "llama-3.1-70b",
            "llama-3.1-405b",
            "llama-3.3-70b",
            "llama-3.2-1b",
            "llama-3.2-3b",
            "mistral-7b-v0.3",
            "mixtral-8x7b-v0.1",
            "qwen2.5-7b",
            "qwen2.5-72b",
            "gemma-2-9b",
            "gemma-2-27b",
            "deepseek-v3",
        ] {
            c.model(id).unwrap();
        }
        for a in c.api_offers() {
            assert!(!a.source.title.is_empty() && !a.as_of.is_empty(), "{}", a.id);
        }
    }

    #[test]
    fn unknown_id_names_the_nearest() {
        let e = Catalog::builtin().api("openai-gpt4o").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownId);
        assert!(e.message().contains("openai-gpt-4o"), "{e}");
        let e = Catalog::builtin().gpu("h100").unwrap_err();
        assert!(e.message().contains("h100-sxm"), "{e}");
    }

    #[test]
    fn overlay_overrides_and_adds() {
        let overlay = CatalogFile::parse(
            r#"[[gpus]]
id = "h100-sxm"
name = "H100 (my datasheet)"
memory_gb = 80
mem_bw_gbps = "3000"
tdp_w = 700
source = "me"

[[gpus]]
id = "b200"
name = "B200"
memory_gb = 192
mem_bw_gbps = 8000
tdp_w = 1000
source = "me"
"#,
            Format::Toml,
        )
        .unwrap();
        let c = Catalog::builtin().with_overlay(&overlay).unwrap();
        assert_eq!(c.gpu("h100-sxm").unwrap().mem_bw_gbps, Decimal::from(3000));
        assert_eq!(c.gpu("b200").unwrap().memory_gb, Decimal::from(192));
        assert_eq!(c.gpus().len(), Catalog::builtin().gpus().len() + 1);
    }

    #[test]
    fn overlay_errors_name_the_field() {
        let e = CatalogFile::parse(
            r#"{"gpus": [{"id": "x", "name": "x", "memory_gb": "lots"}]}"#,
            Format::Json,
        )
        .unwrap_err();
        assert_eq!(e.path(), "gpus[0].memory_gb", "{e}");
        let e = CatalogFile::parse(r#"{"gpus": [{"id": "x", "nme": "x"}]}"#, Format::Json).unwrap_err();
        assert!(e.to_string().contains("nme"), "{e}");
    }
}
