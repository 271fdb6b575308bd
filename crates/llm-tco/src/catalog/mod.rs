//! The validated catalog: every entry of the built-in files (`catalog/*.json`
//! inside this crate, made from the researched reference files by
//! `cargo xtask import-catalog`, embedded at compile time), optionally
//! overlaid by a user's catalog file (JSON or TOML, the shape of
//! [`CatalogFile`]): an entry with an id already present replaces it.
//! Lookups by id; an unknown id is an error naming the nearest known ids.

use crate::base::float::shortest_text;
use crate::codec::Format;
use crate::error::{Error, ErrorKind, Result};
use crate::spec::catalog::{ApiOffer, CatalogFile, CloudPrice, EngineProfile, Gpu, Model, PurchasePrice};
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
    engines: Vec<EngineProfile>,
}

const BUILTIN: [&str; 5] = [
    include_str!("../../catalog/api.json"),
    include_str!("../../catalog/gpus.json"),
    include_str!("../../catalog/models.json"),
    include_str!("../../catalog/gpu_prices.json"),
    include_str!("../../catalog/engines.json"),
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
        fn merge<T: Clone>(base: &[T], extra: &[T], id: impl Fn(&T) -> &str) -> Vec<T> {
            let mut out: Vec<T> = base.to_vec();
            for item in extra {
                match out.iter().position(|x| id(x) == id(item)) {
                    Some(i) => out[i] = item.clone(),
                    None => out.push(item.clone()),
                }
            }
            out
        }
        let catalog = Catalog {
            api: merge(&self.api, &overlay.api, |x| &x.id),
            gpus: merge(&self.gpus, &overlay.gpus, |x| &x.id),
            models: merge(&self.models, &overlay.models, |x| &x.id),
            purchase: merge(&self.purchase, &overlay.purchase, |x| &x.id),
            cloud: merge(&self.cloud, &overlay.cloud, |x| &x.id),
            engines: merge(&self.engines, &overlay.engines, |x| &x.id),
        };
        catalog.validate()?;
        Ok(catalog)
    }

    fn validate(&self) -> Result<()> {
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
        unique(&self.api, "api", |x| &x.id)?;
        unique(&self.gpus, "gpus", |x| &x.id)?;
        unique(&self.models, "models", |x| &x.id)?;
        unique(&self.purchase, "purchase", |x| &x.id)?;
        unique(&self.cloud, "cloud", |x| &x.id)?;
        unique(&self.engines, "engines", |x| &x.id)?;
        for (i, e) in self.engines.iter().enumerate() {
            check_engine(e).map_err(|err| err.within(&format!("engines[{i}]")))?;
        }
        for (i, a) in self.api.iter().enumerate() {
            let p = format!("api[{i}]");
            non_negative(a.input_usd_per_mtok, format!("{p}.input_usd_per_mtok"))?;
            non_negative(a.output_usd_per_mtok, format!("{p}.output_usd_per_mtok"))?;
            for (v, f) in [
                (a.cached_input_usd_per_mtok, "cached_input_usd_per_mtok"),
                (a.cache_write_usd_per_mtok, "cache_write_usd_per_mtok"),
            ] {
                if let Some(v) = v {
                    non_negative(v, format!("{p}.{f}"))?;
                }
            }
            if let Some(d) = a.batch_discount {
                if d < Decimal::ZERO || d >= Decimal::ONE {
                    return Err(Error::invalid(
                        format!("{p}.batch_discount"),
                        format!("must be at least 0 and below 1, found {d}"),
                    ));
                }
            }
            if let Some(t) = &a.long_context_tier {
                non_negative(
                    t.input_usd_per_mtok,
                    format!("{p}.long_context_tier.input_usd_per_mtok"),
                )?;
                non_negative(
                    t.output_usd_per_mtok,
                    format!("{p}.long_context_tier.output_usd_per_mtok"),
                )?;
                if let Some(v) = t.cached_input_usd_per_mtok {
                    non_negative(v, format!("{p}.long_context_tier.cached_input_usd_per_mtok"))?;
                }
            }
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
            non_negative(g.tdp_w, format!("gpus[{i}].tdp_w"))?;
        }
        for (i, m) in self.models.iter().enumerate() {
            if m.total_params == 0 || m.active_params == 0 || m.active_params > m.total_params {
                return Err(Error::invalid(
                    format!("models[{i}].active_params"),
                    "total_params and active_params must be above 0, with active_params at most total_params",
                ));
            }
        }
        for (i, c) in self.cloud.iter().enumerate() {
            non_negative(
                c.on_demand_usd_per_gpu_hour,
                format!("cloud[{i}].on_demand_usd_per_gpu_hour"),
            )?;
            if let Some(v) = c.spot_usd_per_gpu_hour {
                non_negative(v, format!("cloud[{i}].spot_usd_per_gpu_hour"))?;
            }
            if self.gpus.iter().all(|g| g.id != c.gpu) {
                return Err(unknown(
                    "cloud",
                    &format!("cloud[{i}].gpu"),
                    &c.gpu,
                    self.gpus.iter().map(|g| g.id.as_str()),
                ));
            }
        }
        for (i, p) in self.purchase.iter().enumerate() {
            non_negative(p.usd_low, format!("purchase[{i}].usd_low"))?;
            non_negative(p.usd_high, format!("purchase[{i}].usd_high"))?;
            if self.gpus.iter().all(|g| g.id != p.gpu) {
                return Err(unknown(
                    "purchase",
                    &format!("purchase[{i}].gpu"),
                    &p.gpu,
                    self.gpus.iter().map(|g| g.id.as_str()),
                ));
            }
        }
        Ok(())
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
    for (v, f) in [
        (e.reserve_gib, "reserve_gib"),
        (e.step_overhead_ms, "step_overhead_ms"),
        (e.allreduce_latency_us, "allreduce_latency_us"),
        (e.per_sequence_overhead_us, "per_sequence_overhead_us"),
    ] {
        if !v.is_finite() || v < 0.0 {
            return Err(Error::invalid(
                f,
                format!("must be a finite number at least 0, found {}", shortest_text(v)),
            ));
        }
    }
    if e.max_batch == 0 || e.prefill_chunk_tokens == 0 {
        return Err(Error::invalid(
            "max_batch",
            "max_batch and prefill_chunk_tokens must be above 0",
        ));
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
            assert!(!a.source.is_empty() && !a.as_of.is_empty(), "{}", a.id);
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
