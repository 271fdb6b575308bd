//! The catalog: API offers, GPUs, GPU prices and model architectures, each
//! entry with its source and as-of date.
//!
//! The built-in catalog is data (`catalog/*.json` inside this crate, made
//! from the researched reference files by `cargo xtask import-catalog`),
//! embedded at compile time. A user's catalog file (JSON or TOML, the same
//! shape as [`CatalogFile`]) adds entries or overrides entries with the same
//! id.

use crate::doc::{self, Format};
use crate::error::{Error, ErrorKind, Result};
use crate::num::{dec_str, opt_dec_str, opt_qty, qty};
use crate::sizing::EngineProfile;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Who runs the model behind an API offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hosting {
    /// A closed model, served only by its maker (GPT-4o, Claude, Gemini).
    Closed,
    /// An open-weight model served by a host (Llama on Together, ...).
    OpenWeight,
}

/// The long-context price tier of an API: when one request's input tokens
/// (cached tokens included) exceed `threshold_input_tokens`, all of that
/// request's tokens are charged at the tier's prices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LongContextTier {
    /// Input tokens per request above which the tier applies.
    pub threshold_input_tokens: u64,
    /// USD per 1M input tokens above the threshold.
    #[serde(with = "dec_str")]
    pub input_usd_per_mtok: Decimal,
    /// USD per 1M output tokens above the threshold.
    #[serde(with = "dec_str")]
    pub output_usd_per_mtok: Decimal,
    /// USD per 1M cached input tokens above the threshold, when the API has a
    /// cache price.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub cached_input_usd_per_mtok: Option<Decimal>,
}

/// One API's list prices, in USD per 1M tokens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiOffer {
    /// Stable id (`openai-gpt-4o`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Who sells it.
    pub provider: String,
    /// Closed model or hosted open-weight model.
    pub hosting: Hosting,
    /// The catalog model id an open-weight offer serves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// USD per 1M input tokens.
    #[serde(with = "dec_str")]
    pub input_usd_per_mtok: Decimal,
    /// USD per 1M output tokens.
    #[serde(with = "dec_str")]
    pub output_usd_per_mtok: Decimal,
    /// USD per 1M input tokens read from the prompt cache; `None` when the API
    /// has no cache price (cached tokens are then billed as plain input).
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub cached_input_usd_per_mtok: Option<Decimal>,
    /// USD per 1M input tokens written to the cache (5-minute cache);
    /// `None` when writes are billed as plain input.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub cache_write_usd_per_mtok: Option<Decimal>,
    /// Share of the price taken off for requests sent through the batch API
    /// (0.5 = half price); `None` when the API has no batch mode.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub batch_discount: Option<Decimal>,
    /// The long-context tier, if the API has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_context_tier: Option<LongContextTier>,
    /// Largest input of one request, in tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_input_tokens: Option<u64>,
    /// Date the vendor retires the model, if announced (`YYYY-MM-DD`).
    #[serde(
        default,
        deserialize_with = "crate::num::date_text::deserialize_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub deprecation_date: Option<String>,
    /// Date of the price list (`YYYY-MM-DD`).
    #[serde(deserialize_with = "crate::num::date_text::deserialize")]
    pub as_of: String,
    /// Where the prices come from.
    pub source: String,
    /// Anything a user should know about the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// An accelerator's specification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gpu {
    /// Stable id (`h100-sxm`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Memory in GB (1e9 bytes), as the vendor quotes it.
    #[serde(with = "qty")]
    pub memory_gb: Decimal,
    /// Memory technology (HBM3, GDDR6, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_type: Option<String>,
    /// Memory bandwidth in GB/s (1e9 bytes per second).
    #[serde(with = "qty")]
    pub mem_bw_gbps: Decimal,
    /// Dense BF16 tensor throughput in TFLOPS.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub bf16_dense_tflops: Option<Decimal>,
    /// Dense FP16 tensor throughput in TFLOPS.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub fp16_dense_tflops: Option<Decimal>,
    /// Dense FP16 tensor throughput with FP16 accumulation, in TFLOPS, where
    /// it differs from `fp16_dense_tflops` (GeForce cards run it at twice
    /// the FP32-accumulate rate).
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub fp16_acc16_dense_tflops: Option<Decimal>,
    /// Where the FP16-accumulate figure comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fp16_acc16_source: Option<String>,
    /// Dense FP8 tensor throughput in TFLOPS, when the GPU has FP8.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub fp8_dense_tflops: Option<Decimal>,
    /// Dense INT8 tensor throughput in TOPS.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub int8_dense_tops: Option<Decimal>,
    /// Board power (TDP) in W.
    #[serde(with = "qty")]
    pub tdp_w: Decimal,
    /// Bandwidth to the other GPUs of a server, GB/s in one direction
    /// (NVLink for SXM parts, the PCIe slot otherwise); 32 when unknown.
    #[serde(default, with = "opt_qty", skip_serializing_if = "Option::is_none")]
    pub interconnect_gbps: Option<Decimal>,
    /// Where the interconnect figure comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interconnect_source: Option<String>,
    /// Where the specification comes from.
    pub source: String,
    /// Anything a user should know about the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// An open-weight model's architecture, from its `config.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Stable id (`llama-3.1-70b`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Hugging Face repository of the weights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hf_repo: Option<String>,
    /// All parameters, every expert included.
    pub total_params: u64,
    /// Parameters used per token (smaller than `total_params` for a mixture
    /// of experts).
    pub active_params: u64,
    /// Transformer layers.
    pub num_hidden_layers: u32,
    /// Hidden size.
    pub hidden_size: u32,
    /// Attention (query) heads.
    pub num_attention_heads: u32,
    /// Key/value heads (fewer than query heads with grouped-query attention).
    pub num_key_value_heads: u32,
    /// Dimension of one attention head.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head_dim: Option<u32>,
    /// MLP intermediate size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intermediate_size: Option<u32>,
    /// Vocabulary size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocab_size: Option<u32>,
    /// Longest context (input + output tokens) the model supports.
    pub max_context: u64,
    /// KV-cache bytes per token at 16-bit, all layers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kv_cache_bytes_per_token_bf16: Option<u64>,
    /// Rank of the compressed KV latent (multi-head latent attention).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kv_lora_rank: Option<u32>,
    /// Rotary part of the query/key head (multi-head latent attention).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qk_rope_head_dim: Option<u32>,
    /// Experts per MoE layer (Mixtral naming).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num_local_experts: Option<u32>,
    /// Experts routed per token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num_experts_per_tok: Option<u32>,
    /// Routed experts per MoE layer (DeepSeek naming).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n_routed_experts: Option<u32>,
    /// Shared experts per MoE layer (DeepSeek naming).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n_shared_experts: Option<u32>,
    /// Window of sliding-window attention layers, in tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sliding_window: Option<u32>,
    /// How many layers use the sliding window (the rest attend globally).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sliding_window_layers: Option<u32>,
    /// Whether the output projection shares the embedding matrix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tie_word_embeddings: Option<bool>,
    /// Where the architecture comes from.
    pub source: String,
    /// Anything a user should know about the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A GPU's purchase price, as a low-high range in USD per unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurchasePrice {
    /// Stable id.
    pub id: String,
    /// The GPU's catalog id.
    pub gpu: String,
    /// GPUs in the unit priced (8 for a server).
    pub n_gpus: u32,
    /// Low end of the price, USD per unit.
    #[serde(with = "dec_str")]
    pub usd_low: Decimal,
    /// High end of the price, USD per unit.
    #[serde(with = "dec_str")]
    pub usd_high: Decimal,
    /// What the price is (street price, MSRP, estimate).
    pub kind: String,
    /// When it was quoted, as the source gives it.
    #[serde(deserialize_with = "crate::num::date_text::deserialize")]
    pub as_of: String,
    /// How far to trust it.
    pub confidence: String,
    /// Where it comes from.
    pub source: String,
}

/// A cloud provider's hourly price for a GPU instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudPrice {
    /// Stable id (`lambda-gpu-1x-h100-sxm5`).
    pub id: String,
    /// Cloud provider.
    pub provider: String,
    /// Instance type.
    pub instance: String,
    /// The GPU's catalog id.
    pub gpu: String,
    /// GPUs in the instance.
    pub n_gpus: u32,
    /// On-demand USD per GPU-hour.
    #[serde(with = "dec_str")]
    pub on_demand_usd_per_gpu_hour: Decimal,
    /// Spot USD per GPU-hour, where the provider has spot.
    #[serde(default, with = "opt_dec_str", skip_serializing_if = "Option::is_none")]
    pub spot_usd_per_gpu_hour: Option<Decimal>,
    /// When it was quoted, as the source gives it.
    #[serde(deserialize_with = "crate::num::date_text::deserialize")]
    pub as_of: String,
    /// How far to trust it.
    pub confidence: String,
    /// Where it comes from.
    pub source: String,
    /// Anything a user should know about the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A catalog document: the built-in files and a user's file share this
/// shape. Every list may be left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    /// What the file holds (ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    /// API offers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub api: Vec<ApiOffer>,
    /// GPUs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gpus: Vec<Gpu>,
    /// Models.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<Model>,
    /// GPU purchase prices.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purchase: Vec<PurchasePrice>,
    /// GPU cloud prices.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cloud: Vec<CloudPrice>,
    /// Serving-engine profiles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub engines: Vec<EngineProfile>,
}

impl CatalogFile {
    /// Parses a catalog document.
    ///
    /// # Errors
    /// A syntax error or unknown field, with the field's path.
    pub fn parse(text: &str, format: Format) -> Result<CatalogFile> {
        doc::parse(text, format)
    }
}

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
    include_str!("../catalog/api.json"),
    include_str!("../catalog/gpus.json"),
    include_str!("../catalog/models.json"),
    include_str!("../catalog/gpu_prices.json"),
    include_str!("../catalog/engines.json"),
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
            crate::sizing::check_engine(e).map_err(|err| err.within(&format!("engines[{i}]")))?;
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
