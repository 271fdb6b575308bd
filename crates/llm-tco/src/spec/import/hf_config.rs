//! A model's architecture from its Hugging Face `config.json`: the
//! catalog's [`Model`], with total and active parameters counted from the
//! config, layer by layer.
//!
//! ```
//! use llm_tco::spec::import::hf_config::{model_from_config, ConfigOptions};
//!
//! let config = r#"{"model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336,
//!     "num_attention_heads": 32, "num_key_value_heads": 8, "num_hidden_layers": 32,
//!     "vocab_size": 128256, "max_position_embeddings": 131072, "tie_word_embeddings": false}"#;
//! let imported = model_from_config(config, &ConfigOptions::new("llama-3.1-8b"))?;
//! assert_eq!(imported.model().total_params, 8_030_261_248); // Llama 3.1 8B
//! assert_eq!(imported.model().kv_cache_bytes_per_token_bf16, Some(131_072));
//! # Ok::<(), llm_tco::Error>(())
//! ```
//!
//! Read: dense models with grouped-query attention (`llama`, `mistral`,
//! `qwen2`, `qwen3`, `gemma2`, `gemma3_text`); mixtures of experts
//! (`mixtral`, `qwen2_moe`, `qwen3_moe`, `deepseek_v2`/`deepseek_v3` with
//! shared experts and dense first layers, `gpt_oss`, `llama4_text`);
//! multi-head latent attention (DeepSeek); sliding-window and chunked
//! layers (Gemma 2 and 3, gpt-oss's alternating layers, Llama 4); layers
//! without a KV cache (Qwen3-Next's linear-attention layers). A
//! multimodal checkpoint's language model is read from its `text_config`
//! (Gemma 3, Llama 4); the vision tower is not counted.
//!
//! ## Parameters
//!
//! Per layer: attention (query, key, value and output projections, their
//! biases where the family has them, QK norms, attention sinks; latent
//! attention's compressions; a Gated DeltaNet for linear layers), the
//! dense MLP (`3 × hidden × intermediate`) or the experts, router and
//! shared experts, and the layer's norms; then the embedding, the output
//! head unless tied, and the final norm. `active_params` is the total less
//! the routed experts a token does not use, embeddings included (the
//! catalog's convention); [`ModelImport::active_params_excl_input_embedding`]
//! leaves out the input embedding as well (a lookup, not a product: the
//! convention of OpenAI's and DeepSeek's model cards). DeepSeek-V3's
//! multi-token-prediction module is not counted.
//!
//! ## Errors
//!
//! A field the layout needs and the config lacks is an error naming it
//! (`text_config.hidden_size: missing from the config (needed for
//! model_type gemma3_text)`); only the defaults
//! transformers' config classes supply for sparse configs (Gemma 3's
//! vocabulary, context and layer pattern; `num_key_value_heads` equal to
//! `num_attention_heads` for the Llama family) are filled in, and listed in
//! [`ModelImport::defaulted_fields`].

use super::{json_text, parse_document};
use crate::base::date::Date;
use crate::error::{Error, ErrorKind, Result};
use crate::spec::catalog::{CatalogFile, Model, Source};
use serde::Serialize;
use serde_json::{Map, Value};
use std::cell::RefCell;

/// The `model_type`s read, sorted.
pub const SUPPORTED_MODEL_TYPES: [&str; 14] = [
    "deepseek_v2",
    "deepseek_v3",
    "gemma2",
    "gemma3_text",
    "gpt_oss",
    "llama",
    "llama4_text",
    "mistral",
    "mixtral",
    "qwen2",
    "qwen2_moe",
    "qwen3",
    "qwen3_moe",
    "qwen3_next",
];

/// Most layers a config may declare.
pub const MAX_LAYERS: u64 = 10_000;

/// What the model entry needs besides the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigOptions {
    /// The catalog id (`qwen3-8b`).
    pub id: String,
    /// Display name; the id when `None`.
    pub name: Option<String>,
    /// The Hugging Face repository the config comes from (`Qwen/Qwen3-8B`),
    /// for the entry's source.
    pub hf_repo: Option<String>,
    /// The date of the config read, for the entry's `as_of`.
    pub as_of: Option<Date>,
}

impl ConfigOptions {
    /// Options for the model `id`, with nothing else known.
    pub fn new(id: impl Into<String>) -> ConfigOptions {
        ConfigOptions {
            id: id.into(),
            name: None,
            hf_repo: None,
            as_of: None,
        }
    }
}

/// Parameters by part, summed over the layers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ParamCounts {
    /// The input embedding matrix.
    pub embedding: u64,
    /// The output head (0 when tied to the embedding).
    pub lm_head: u64,
    /// Attention (or linear attention) of every layer.
    pub attention: u64,
    /// Dense MLPs.
    pub mlp_dense: u64,
    /// Expert routers.
    pub router: u64,
    /// Routed experts, all of them.
    pub experts_routed: u64,
    /// Shared experts (and their gates).
    pub experts_shared: u64,
    /// Layer norms and the final norm.
    pub norms: u64,
}

/// How a layer attends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LayerKind {
    /// Every earlier token.
    Full,
    /// The last `sliding_window` tokens.
    Sliding,
    /// Tokens of the same chunk (Llama 4's local layers); counted as
    /// sliding-window layers of the chunk's size.
    Chunked,
    /// Linear attention with a fixed-size state: no KV cache.
    Linear,
}

/// A run of consecutive layers of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LayerRun {
    /// How they attend.
    pub kind: LayerKind,
    /// How many in a row.
    pub layers: u32,
}

/// A model read from a `config.json`: the catalog file holding it, and how
/// its parameters were counted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelImport {
    catalog: CatalogFile,
    model_type: String,
    params: ParamCounts,
    active_params_excl_input_embedding: u64,
    dense_layers: u32,
    layers: Vec<LayerRun>,
    defaulted_fields: Vec<String>,
}

impl ModelImport {
    /// The model entry.
    pub fn model(&self) -> &Model {
        &self.catalog.models[0]
    }

    /// A catalog file holding the model alone.
    pub fn catalog(&self) -> &CatalogFile {
        &self.catalog
    }

    /// The catalog file, taken.
    pub fn into_catalog(self) -> CatalogFile {
        self.catalog
    }

    /// The layout read (`gemma3_text` for a Gemma 3 checkpoint's text model).
    pub fn model_type(&self) -> &str {
        &self.model_type
    }

    /// Parameters by part.
    pub fn params(&self) -> ParamCounts {
        self.params
    }

    /// Active parameters without the input embedding.
    pub fn active_params_excl_input_embedding(&self) -> u64 {
        self.active_params_excl_input_embedding
    }

    /// Layers with a dense MLP (all of them for a dense model).
    pub fn dense_layers(&self) -> u32 {
        self.dense_layers
    }

    /// The attention layout, run by run.
    pub fn layers(&self) -> &[LayerRun] {
        &self.layers
    }

    /// Fields the config left out and the model type's defaults supplied.
    pub fn defaulted_fields(&self) -> &[String] {
        &self.defaulted_fields
    }
}

/// Reads `text` (a `config.json`) as the model `options.id`.
///
/// # Errors
/// `Syntax` for text that is not a JSON object, a missing field the layout
/// needs, or a field of the wrong type; `InvalidValue` for an unsupported
/// `model_type`, a value out of range (no layers, a zero dimension, more
/// experts per token than experts, more than [`MAX_LAYERS`] layers) or a
/// per-layer list of the wrong length; `Overflow` for counts beyond 64
/// bits; `Limit` for a file above [`crate::MAX_DOCUMENT_BYTES`].
pub fn model_from_config(text: &str, options: &ConfigOptions) -> Result<ModelImport> {
    let id = options.id.trim();
    if id.is_empty() {
        return Err(Error::invalid("id", "the model needs an id (such as qwen3-8b)"));
    }
    let doc = parse_document(text, "config.json")?;
    let Value::Object(top) = &doc else {
        return Err(Error::new(
            ErrorKind::Syntax,
            "",
            format!("config.json must be a JSON object, found {}", json_text(&doc)),
        ));
    };
    let (map, prefix) = match top.get("text_config") {
        Some(Value::Object(t)) => (t, "text_config."),
        _ => (top, ""),
    };
    let raw_type = match map
        .get("model_type")
        .filter(|v| !v.is_null())
        .or_else(|| top.get("model_type"))
    {
        Some(Value::String(t)) => t.as_str(),
        Some(other) => {
            return Err(Error::new(
                ErrorKind::Syntax,
                format!("{prefix}model_type"),
                format!("expected a string, found {}", json_text(other)),
            ))
        }
        None => {
            return Err(Error::new(
                ErrorKind::Syntax,
                format!("{prefix}model_type"),
                "missing from the config: it says which architecture the config describes",
            ))
        }
    };
    let model_type = match (raw_type, prefix.is_empty()) {
        ("gemma3", false) => "gemma3_text",
        ("llama4", false) => "llama4_text",
        (t, _) => t,
    };
    let Some(model_type) = SUPPORTED_MODEL_TYPES.iter().copied().find(|t| *t == model_type) else {
        return Err(Error::invalid(
            format!("{prefix}model_type"),
            format!(
                "{} is not supported (supported: {})",
                super::clip(model_type, 60),
                SUPPORTED_MODEL_TYPES.join(", ")
            ),
        ));
    };
    let cfg = Cfg {
        map,
        top,
        prefix,
        model_type,
        defaulted: RefCell::new(std::collections::BTreeSet::new()),
    };
    let arch = Arch::read(&cfg)?;
    let defaulted = cfg.defaulted.into_inner().into_iter().collect();
    arch.into_import(id, options, model_type, defaulted, top)
}

/// The config's fields, with the model type's defaults and field paths.
struct Cfg<'a> {
    map: &'a Map<String, Value>,
    top: &'a Map<String, Value>,
    prefix: &'static str,
    model_type: &'static str,
    defaulted: RefCell<std::collections::BTreeSet<String>>,
}

impl Cfg<'_> {
    fn path(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// The default transformers' config class supplies when the field is
    /// left out, for this model type.
    fn default_of(&self, key: &str) -> Option<Value> {
        let v = match (self.model_type, key) {
            ("gemma3_text", "vocab_size") => Value::from(262_208u64),
            ("gemma3_text", "max_position_embeddings") => Value::from(131_072u64),
            ("gemma3_text", "head_dim") => Value::from(256u64),
            ("gemma3_text", "num_key_value_heads") => Value::from(4u64),
            ("gemma3_text" | "gemma2", "tie_word_embeddings") => Value::Bool(true),
            ("gemma3_text", "sliding_window") => Value::from(4096u64),
            ("gemma3_text", "sliding_window_pattern") => Value::from(6u64),
            ("gemma3_text", "attention_bias") => Value::Bool(false),
            ("llama4_text", "no_rope_layer_interval") => Value::from(4u64),
            ("llama4_text", "interleave_moe_layer_step") => Value::from(1u64),
            (
                "llama" | "mistral" | "mixtral" | "qwen2" | "qwen2_moe" | "qwen3" | "qwen3_moe",
                "num_key_value_heads",
            ) => return self.raw("num_attention_heads").cloned(),
            _ => return None,
        };
        Some(v)
    }

    /// The field, `null` read as absent.
    fn raw(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// The field or its default (recorded).
    fn get(&self, key: &str) -> Option<Value> {
        if let Some(v) = self.raw(key) {
            return Some(v.clone());
        }
        let d = self.default_of(key)?;
        self.defaulted.borrow_mut().insert(key.to_string());
        Some(d)
    }

    fn has(&self, key: &str) -> bool {
        self.raw(key).is_some() || self.default_of(key).is_some()
    }

    fn missing(&self, key: &str, why: Option<&str>) -> Error {
        Error::new(
            ErrorKind::Syntax,
            self.path(key),
            format!(
                "missing from the config (needed for model_type {}{})",
                self.model_type,
                why.map(|w| format!(": {w}")).unwrap_or_default()
            ),
        )
    }

    /// A required whole number of at most `u32::MAX`.
    fn int(&self, key: &str) -> Result<u64> {
        self.int_why(key, None)
    }

    fn int_why(&self, key: &str, why: Option<&str>) -> Result<u64> {
        let v = self.get(key).ok_or_else(|| self.missing(key, why))?;
        self.whole(key, &v)
    }

    /// An optional whole number.
    fn opt_int(&self, key: &str) -> Result<Option<u64>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => self.whole(key, &v).map(Some),
        }
    }

    fn whole(&self, key: &str, v: &Value) -> Result<u64> {
        match super::whole_tokens(v) {
            Some(n) if n <= u64::from(u32::MAX) => Ok(n),
            Some(n) => Err(Error::invalid(
                self.path(key),
                format!("{n} is too large (at most {})", u32::MAX),
            )),
            None => Err(Error::new(
                ErrorKind::Syntax,
                self.path(key),
                format!("expected a whole number, found {}", json_text(v)),
            )),
        }
    }

    /// A flag; absent is `None`.
    fn flag(&self, key: &str) -> Result<Option<bool>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(other) => Err(Error::new(
                ErrorKind::Syntax,
                self.path(key),
                format!("expected true or false, found {}", json_text(&other)),
            )),
        }
    }

    /// A list field of exactly `len` entries.
    fn list(&self, key: &str, len: usize) -> Result<Option<Vec<Value>>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Array(xs)) if xs.len() == len => Ok(Some(xs)),
            Some(Value::Array(xs)) => Err(Error::invalid(
                self.path(key),
                format!("has {} entries, expected num_hidden_layers {len}", xs.len()),
            )),
            Some(other) => Err(Error::new(
                ErrorKind::Syntax,
                self.path(key),
                format!("expected a list, found {}", json_text(&other)),
            )),
        }
    }

    fn is(&self, types: &[&str]) -> bool {
        types.contains(&self.model_type)
    }
}

/// One layer's mixture of experts.
#[derive(Clone, Copy)]
struct Moe {
    routed: u64,
    per_token: u64,
    shared: u64,
    expert_width: u64,
    /// Parameters of one routed expert.
    per_expert: u64,
    router: u64,
    /// Parameters of the shared experts (and their gate).
    shared_params: u64,
}

/// The architecture read from a config, before it becomes a model entry.
struct Arch {
    layers: u32,
    hidden: u64,
    heads: u64,
    kv_heads: u64,
    head_dim: Option<u64>,
    vocab: u64,
    tied: bool,
    max_context: u64,
    dense_width: Option<u64>,
    kinds: Vec<LayerKind>,
    sliding_window: Option<u64>,
    moe: Vec<Option<Moe>>,
    mla: Option<[u64; 5]>,
    params: ParamCounts,
    total: u64,
    active: u64,
    kv_bytes_bf16: u64,
    first_k_dense: Option<u64>,
    interleave_step: Option<u64>,
    notes: Vec<String>,
}

/// Arithmetic on parameter counts: u128, saturating (a product of three
/// 32-bit dimensions fits; anything that saturates is far beyond 64 bits),
/// and one check when a count becomes a u64 (`to_u64`).
fn mul(a: u128, b: u128) -> u128 {
    a.saturating_mul(b)
}

fn add(a: u128, b: u128) -> u128 {
    a.saturating_add(b)
}

fn prod(xs: &[u64]) -> u128 {
    xs.iter().fold(1u128, |acc, x| mul(acc, u128::from(*x)))
}

fn to_u64(x: u128) -> Result<u64> {
    u64::try_from(x).map_err(|_| Error::overflow("the parameter count"))
}

impl Arch {
    fn read(c: &Cfg<'_>) -> Result<Arch> {
        let layers = c.int("num_hidden_layers")?;
        if layers == 0 || layers > MAX_LAYERS {
            return Err(Error::invalid(
                c.path("num_hidden_layers"),
                format!("must be from 1 to {MAX_LAYERS}, found {layers}"),
            ));
        }
        let n_layers = layers as usize;
        let hidden = positive(c, "hidden_size")?;
        let vocab = positive(c, "vocab_size")?;
        let heads = positive(c, "num_attention_heads")?;
        let mla = c.is(&["deepseek_v2", "deepseek_v3"]);
        let kv_heads = positive(c, "num_key_value_heads")?;
        let mut notes = Vec::new();
        let head_dim = if c.has("head_dim") && !mla {
            Some(positive(c, "head_dim")?)
        } else if mla {
            None
        } else if c.is(&["llama", "mistral", "mixtral", "qwen2", "qwen2_moe"]) {
            if !hidden.is_multiple_of(heads) {
                return Err(c.missing("head_dim", Some("hidden_size is not a multiple of num_attention_heads")));
            }
            notes.push("head_dim = hidden_size / num_attention_heads (not in the config)".to_string());
            Some(hidden / heads)
        } else {
            Some(positive(c, "head_dim")?)
        };
        let tied = match c.flag("tie_word_embeddings")? {
            Some(t) => t,
            None => match c.top.get("tie_word_embeddings") {
                Some(Value::Bool(t)) => *t,
                _ => {
                    notes.push("tie_word_embeddings absent: read as false".to_string());
                    false
                }
            },
        };
        let max_context = positive(c, "max_position_embeddings")?;
        if kv_heads > heads || !heads.is_multiple_of(kv_heads) {
            return Err(Error::invalid(
                c.path("num_key_value_heads"),
                format!("{kv_heads} does not divide num_attention_heads {heads}"),
            ));
        }

        let (kinds, sliding_window) = layer_kinds(c, n_layers, &mut notes)?;
        let moe = moe_layout(c, n_layers, hidden)?;
        let mla_fields = if mla {
            Some([
                c.int("kv_lora_rank")?,
                c.opt_int("q_lora_rank")?.unwrap_or(0),
                c.int("qk_rope_head_dim")?,
                c.int("qk_nope_head_dim")?,
                c.int("v_head_dim")?,
            ])
        } else {
            None
        };
        let dense_width = if c.is(&["llama4_text"]) {
            if moe.iter().any(Option::is_none) {
                Some(c.int_why("intermediate_size_mlp", Some("the dense (non-MoE) layers"))?)
            } else {
                c.opt_int("intermediate_size_mlp")?
            }
        } else if moe.iter().any(Option::is_none) {
            Some(c.int("intermediate_size")?)
        } else if c.is(&["mixtral", "gpt_oss"]) {
            c.opt_int("intermediate_size")?
        } else {
            None
        };

        let h = u128::from(hidden);
        let mut p = ParamCounts::default();
        let mut sums = [0u128; 6]; // attention, mlp_dense, router, routed, shared, norms
        let mut active_routed = 0u128;
        let mut kv_elems = 0u128;
        let norms_per_layer: u128 = if c.is(&["gemma2", "gemma3_text"]) { 4 } else { 2 };
        // The same layer is counted once per kind and reused.
        let attention_full = attention_params(c, hidden, heads, kv_heads, head_dim, mla_fields)?;
        let attention_linear = if kinds.contains(&LayerKind::Linear) {
            gated_deltanet_params(c, hidden)?
        } else {
            0
        };
        for i in 0..n_layers {
            let kind = kinds[i];
            sums[0] = add(
                sums[0],
                if kind == LayerKind::Linear {
                    attention_linear
                } else {
                    attention_full
                },
            );
            sums[5] = add(sums[5], mul(norms_per_layer, h));
            match moe[i] {
                None => {
                    let width = dense_width.unwrap_or(0);
                    sums[1] = add(sums[1], prod(&[3, hidden, width]));
                }
                Some(m) => {
                    sums[2] = add(sums[2], u128::from(m.router));
                    sums[3] = add(sums[3], mul(u128::from(m.per_expert), u128::from(m.routed)));
                    sums[4] = add(sums[4], u128::from(m.shared_params));
                    active_routed = add(active_routed, mul(u128::from(m.per_expert), u128::from(m.per_token)));
                }
            }
            kv_elems = add(kv_elems, kv_elements(kind, kv_heads, head_dim, mla_fields));
        }
        let embedding = prod(&[vocab, hidden]);
        p.embedding = to_u64(embedding)?;
        p.lm_head = if tied { 0 } else { p.embedding };
        p.attention = to_u64(sums[0])?;
        p.mlp_dense = to_u64(sums[1])?;
        p.router = to_u64(sums[2])?;
        p.experts_routed = to_u64(sums[3])?;
        p.experts_shared = to_u64(sums[4])?;
        p.norms = to_u64(add(sums[5], h))?;
        let total = [
            p.embedding,
            p.lm_head,
            p.attention,
            p.mlp_dense,
            p.router,
            p.experts_routed,
            p.experts_shared,
            p.norms,
        ]
        .iter()
        .fold(0u128, |acc, x| add(acc, u128::from(*x)));
        let inactive = sums[3].saturating_sub(active_routed);
        let active = total.checked_sub(inactive).unwrap_or(total);
        if c.is(&["deepseek_v3"]) {
            if let Some(n) = c.opt_int("num_nextn_predict_layers")?.filter(|n| *n > 0) {
                notes.push(format!(
                    "num_nextn_predict_layers {n}: the multi-token-prediction module is not counted"
                ));
            }
        }
        Ok(Arch {
            layers: layers as u32,
            hidden,
            heads,
            kv_heads,
            head_dim,
            vocab,
            tied,
            max_context,
            dense_width,
            kinds,
            sliding_window,
            moe,
            mla: mla_fields,
            params: p,
            total: to_u64(total)?,
            active: to_u64(active)?,
            kv_bytes_bf16: to_u64(mul(kv_elems, 2))?,
            first_k_dense: if mla { c.opt_int("first_k_dense_replace")? } else { None },
            interleave_step: if c.is(&["llama4_text"]) && c.raw("interleave_moe_layer_step").is_some() {
                c.opt_int("interleave_moe_layer_step")?
            } else {
                None
            },
            notes,
        })
    }

    fn into_import(
        self,
        id: &str,
        options: &ConfigOptions,
        model_type: &str,
        defaulted_fields: Vec<String>,
        top: &Map<String, Value>,
    ) -> Result<ModelImport> {
        let u32_of = |x: u64| u32::try_from(x).unwrap_or(u32::MAX);
        let first_moe = self.moe.iter().flatten().next().copied();
        let dense_layers = self.moe.iter().filter(|m| m.is_none()).count() as u32;
        let sliding_layers = self
            .kinds
            .iter()
            .filter(|k| matches!(k, LayerKind::Sliding | LayerKind::Chunked))
            .count() as u32;
        let no_kv_layers = self.kinds.iter().filter(|k| **k == LayerKind::Linear).count() as u32;
        let deepseek = self.mla.is_some();
        let mut notes = self.notes.clone();
        if top.get("text_config").is_some_and(Value::is_object) {
            notes.push("text model only: text_config is read, the vision tower is not counted".to_string());
        }
        let excl_input = self.active - self.params.embedding;
        notes.insert(
            0,
            format!(
                "parameters counted from config.json by llm-tco ({model_type}): {} total, {} active per token with embeddings, {} without the input embedding",
                self.total, self.active, excl_input
            ),
        );
        if !defaulted_fields.is_empty() {
            notes.push(format!(
                "left out of the config, supplied by transformers' defaults: {}",
                defaulted_fields.join(", ")
            ));
        }
        let repo = options.hf_repo.as_deref().map(str::trim).filter(|r| !r.is_empty());
        let source = Source {
            title: match repo {
                Some(r) => format!("config.json of {}", super::clip(r, 120)),
                None => format!("Hugging Face config.json (model_type {model_type})"),
            },
            url: repo.map(|r| format!("https://huggingface.co/{r}/blob/main/config.json")),
            date: options.as_of.map(|d| d.to_string()),
            note: None,
        };
        let name = options
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .unwrap_or(id);
        let model = Model {
            id: id.to_string(),
            name: name.to_string(),
            hf_repo: repo.map(str::to_string),
            total_params: self.total,
            active_params: self.active,
            num_hidden_layers: self.layers,
            hidden_size: u32_of(self.hidden),
            num_attention_heads: u32_of(self.heads),
            num_key_value_heads: u32_of(self.kv_heads),
            head_dim: self.head_dim.map(u32_of),
            intermediate_size: self.dense_width.map(u32_of),
            vocab_size: Some(u32_of(self.vocab)),
            max_context: self.max_context,
            kv_cache_bytes_per_token_bf16: Some(self.kv_bytes_bf16),
            kv_lora_rank: self.mla.map(|m| u32_of(m[0])),
            qk_rope_head_dim: self.mla.map(|m| u32_of(m[2])),
            q_lora_rank: self.mla.map(|m| m[1]).filter(|r| *r > 0).map(u32_of),
            qk_nope_head_dim: self.mla.map(|m| u32_of(m[3])),
            v_head_dim: self.mla.map(|m| u32_of(m[4])),
            moe_intermediate_size: first_moe.map(|m| u32_of(m.expert_width)),
            first_k_dense_replace: self.first_k_dense.map(u32_of),
            interleave_moe_layer_step: self.interleave_step.map(u32_of),
            num_local_experts: first_moe.filter(|_| !deepseek).map(|m| u32_of(m.routed)),
            num_experts_per_tok: first_moe.map(|m| u32_of(m.per_token)),
            topk_group: None,
            n_routed_experts: first_moe.filter(|_| deepseek).map(|m| u32_of(m.routed)),
            n_shared_experts: first_moe.filter(|m| m.shared > 0).map(|m| u32_of(m.shared)),
            sliding_window: self.sliding_window.filter(|_| sliding_layers > 0).map(u32_of),
            sliding_window_layers: (sliding_layers > 0).then_some(sliding_layers),
            no_kv_cache_layers: (no_kv_layers > 0).then_some(no_kv_layers),
            tie_word_embeddings: Some(self.tied),
            published_params: None,
            native_weights: native_weights(top),
            as_of: options.as_of.map(|d| d.to_string()),
            confidence: None,
            source,
            notes: Some(notes.join("; ")),
        };
        Ok(ModelImport {
            catalog: CatalogFile {
                about: Some(format!(
                    "Model {id} read by llm-tco from a Hugging Face config.json (model_type {model_type})"
                )),
                models: vec![model],
                ..CatalogFile::default()
            },
            model_type: model_type.to_string(),
            params: self.params,
            active_params_excl_input_embedding: excl_input,
            dense_layers,
            layers: runs(&self.kinds),
            defaulted_fields,
        })
    }
}

/// A dimension: a whole number above 0.
fn positive(c: &Cfg<'_>, key: &str) -> Result<u64> {
    let n = c.int(key)?;
    if n == 0 {
        return Err(Error::invalid(c.path(key), "must be above 0"));
    }
    Ok(n)
}

/// Each layer's kind, and the window of the sliding (or chunked) ones.
fn layer_kinds(c: &Cfg<'_>, n: usize, notes: &mut Vec<String>) -> Result<(Vec<LayerKind>, Option<u64>)> {
    let kind_of = |v: &Value| -> Result<LayerKind> {
        match v.as_str() {
            Some("full_attention") => Ok(LayerKind::Full),
            Some("sliding_attention") => Ok(LayerKind::Sliding),
            Some("linear_attention") => Ok(LayerKind::Linear),
            Some("chunked_attention") => Ok(LayerKind::Chunked),
            _ => Err(Error::invalid(
                c.path("layer_types"),
                format!(
                    "unknown layer type {}; expected full_attention, sliding_attention, chunked_attention or linear_attention",
                    json_text(v)
                ),
            )),
        }
    };
    if c.is(&["qwen3_next"]) {
        let kinds = match c.list("layer_types", n)? {
            Some(xs) => xs.iter().map(kind_of).collect::<Result<Vec<_>>>()?,
            None => {
                let every = c.int_why("full_attention_interval", Some("layer_types is absent"))?;
                if every == 0 {
                    return Err(Error::invalid(c.path("full_attention_interval"), "must be above 0"));
                }
                (0..n as u64)
                    .map(|i| {
                        if (i + 1).is_multiple_of(every) {
                            LayerKind::Full
                        } else {
                            LayerKind::Linear
                        }
                    })
                    .collect()
            }
        };
        return Ok((kinds, None));
    }
    if c.is(&["llama4_text"]) {
        let rope: Vec<bool> = match c.list("no_rope_layers", n)? {
            Some(xs) => xs
                .iter()
                .map(|v| match super::whole_tokens(v) {
                    Some(0) => Ok(false),
                    Some(1) => Ok(true),
                    _ => Err(Error::invalid(
                        c.path("no_rope_layers"),
                        format!("entries must be 0 or 1, found {}", json_text(v)),
                    )),
                })
                .collect::<Result<_>>()?,
            None => {
                let every = c.int("no_rope_layer_interval")?;
                if every == 0 {
                    return Err(Error::invalid(c.path("no_rope_layer_interval"), "must be above 0"));
                }
                (0..n as u64).map(|i| !(i + 1).is_multiple_of(every)).collect()
            }
        };
        let chunk = c.opt_int("attention_chunk_size")?.filter(|x| *x > 0);
        if let Some(size) = chunk {
            notes.push(format!(
                "RoPE layers use chunked local attention (attention_chunk_size {size}), counted as a sliding window; NoPE layers attend globally"
            ));
        }
        let kinds = rope
            .iter()
            .map(|r| {
                if *r && chunk.is_some() {
                    LayerKind::Chunked
                } else {
                    LayerKind::Full
                }
            })
            .collect();
        return Ok((kinds, chunk));
    }
    if let Some(xs) = c.list("layer_types", n)? {
        let kinds: Vec<LayerKind> = xs.iter().map(kind_of).collect::<Result<_>>()?;
        let window = if kinds
            .iter()
            .any(|k| matches!(k, LayerKind::Sliding | LayerKind::Chunked))
        {
            Some(c.int_why("sliding_window", Some("layer_types has sliding_attention layers"))?)
        } else {
            None
        };
        return Ok((kinds, window));
    }
    let all = |k: LayerKind| vec![k; n];
    Ok(match c.model_type {
        "gemma2" => {
            let w = c.int("sliding_window")?;
            (
                (0..n)
                    .map(|i| {
                        if i.is_multiple_of(2) {
                            LayerKind::Sliding
                        } else {
                            LayerKind::Full
                        }
                    })
                    .collect(),
                Some(w),
            )
        }
        "gemma3_text" => {
            let w = c.int("sliding_window")?;
            let every = positive(c, "sliding_window_pattern")?;
            (
                (0..n as u64)
                    .map(|i| {
                        if !(i + 1).is_multiple_of(every) {
                            LayerKind::Sliding
                        } else {
                            LayerKind::Full
                        }
                    })
                    .collect(),
                Some(w),
            )
        }
        "qwen2" | "qwen2_moe" | "qwen3" | "qwen3_moe" => {
            if c.flag("use_sliding_window")? == Some(true) && c.raw("sliding_window").is_some() {
                let w = c.int("sliding_window")?;
                let from = c.int_why("max_window_layers", Some("use_sliding_window is true"))?;
                (
                    (0..n as u64)
                        .map(|i| if i >= from { LayerKind::Sliding } else { LayerKind::Full })
                        .collect(),
                    Some(w),
                )
            } else {
                (all(LayerKind::Full), None)
            }
        }
        "mistral" | "mixtral" => match c.raw("sliding_window") {
            Some(_) => (all(LayerKind::Sliding), Some(c.int("sliding_window")?)),
            None => (all(LayerKind::Full), None),
        },
        _ => (all(LayerKind::Full), None),
    })
}

/// Each layer's mixture of experts, `None` for a dense layer.
fn moe_layout(c: &Cfg<'_>, n: usize, hidden: u64) -> Result<Vec<Option<Moe>>> {
    let experts = |routed_key: &str| -> Result<(u64, u64)> {
        let routed = positive(c, routed_key)?;
        let per_token = if c.raw("num_experts_per_tok").is_none() && c.raw("experts_per_token").is_some() {
            positive(c, "experts_per_token")?
        } else {
            positive(c, "num_experts_per_tok")?
        };
        if per_token > routed {
            return Err(Error::invalid(
                c.path("num_experts_per_tok"),
                format!("{per_token} is more than the {routed} experts ({routed_key})"),
            ));
        }
        Ok((routed, per_token))
    };
    let gated = |width: u64| to_u64(prod(&[3, hidden, width]));
    let h = u128::from(hidden);
    match c.model_type {
        "llama" | "mistral" | "qwen2" | "qwen3" | "gemma2" | "gemma3_text" => Ok(vec![None; n]),
        "mixtral" => {
            let (routed, per_token) = experts("num_local_experts")?;
            let width = positive(c, "intermediate_size")?;
            let m = Moe {
                routed,
                per_token,
                shared: 0,
                expert_width: width,
                per_expert: gated(width)?,
                router: to_u64(prod(&[hidden, routed]))?,
                shared_params: 0,
            };
            Ok(vec![Some(m); n])
        }
        "gpt_oss" => {
            let (routed, per_token) = experts("num_local_experts")?;
            let width = positive(c, "intermediate_size")?;
            let i = u128::from(width);
            // gate_up_proj and its bias, down_proj and its bias.
            let per_expert = add(add(mul(mul(h, 2), i), mul(2, i)), add(mul(i, h), h));
            let m = Moe {
                routed,
                per_token,
                shared: 0,
                expert_width: width,
                per_expert: to_u64(per_expert)?,
                router: to_u64(add(prod(&[hidden, routed]), u128::from(routed)))?,
                shared_params: 0,
            };
            Ok(vec![Some(m); n])
        }
        "qwen2_moe" | "qwen3_moe" | "qwen3_next" => {
            let (routed, per_token) = experts("num_experts")?;
            let width = positive(c, "moe_intermediate_size")?;
            let step = match c.opt_int("decoder_sparse_step")? {
                Some(0) => return Err(Error::invalid(c.path("decoder_sparse_step"), "must be above 0")),
                Some(s) => s,
                None => 1,
            };
            let mut dense_only = vec![false; n];
            if let Some(v) = c.get("mlp_only_layers") {
                let Value::Array(xs) = v else {
                    return Err(Error::new(
                        ErrorKind::Syntax,
                        c.path("mlp_only_layers"),
                        format!("expected a list of layer numbers, found {}", json_text(&v)),
                    ));
                };
                for x in &xs {
                    match super::whole_tokens(x).and_then(|i| usize::try_from(i).ok()) {
                        Some(i) if i < n => dense_only[i] = true,
                        _ => {
                            return Err(Error::invalid(
                                c.path("mlp_only_layers"),
                                format!("{} is not a layer number below {n}", json_text(x)),
                            ))
                        }
                    }
                }
            }
            let shared_width = c.opt_int("shared_expert_intermediate_size")?.unwrap_or(0);
            // The shared expert and its sigmoid gate (hidden → 1).
            let shared_params = if shared_width > 0 {
                to_u64(add(prod(&[3, hidden, shared_width]), h))?
            } else {
                0
            };
            let m = Moe {
                routed,
                per_token,
                shared: u64::from(shared_width > 0),
                expert_width: width,
                per_expert: gated(width)?,
                router: to_u64(prod(&[hidden, routed]))?,
                shared_params,
            };
            Ok((0..n as u64)
                .map(|i| (!dense_only[i as usize] && (i + 1).is_multiple_of(step)).then_some(m))
                .collect())
        }
        "deepseek_v2" | "deepseek_v3" => {
            let (routed, per_token) = experts("n_routed_experts")?;
            let width = positive(c, "moe_intermediate_size")?;
            let shared = c.int("n_shared_experts")?;
            let first_dense = c.int("first_k_dense_replace")?;
            let freq = match c.opt_int("moe_layer_freq")? {
                Some(0) => return Err(Error::invalid(c.path("moe_layer_freq"), "must be above 0")),
                Some(f) => f,
                None => 1,
            };
            // noaux_tc routing keeps a correction bias per expert.
            let bias = if c.raw("topk_method").and_then(Value::as_str) == Some("noaux_tc") {
                routed
            } else {
                0
            };
            let m = Moe {
                routed,
                per_token,
                shared,
                expert_width: width,
                per_expert: gated(width)?,
                router: to_u64(add(prod(&[hidden, routed]), u128::from(bias)))?,
                shared_params: to_u64(prod(&[3, hidden, width, shared]))?,
            };
            Ok((0..n as u64)
                .map(|i| (i >= first_dense && i.is_multiple_of(freq)).then_some(m))
                .collect())
        }
        "llama4_text" => {
            let (routed, per_token) = experts("num_local_experts")?;
            let width = positive(c, "intermediate_size")?;
            let mut is_moe = vec![false; n];
            match c.get("moe_layers") {
                Some(Value::Array(xs)) => {
                    for x in &xs {
                        match super::whole_tokens(x).and_then(|i| usize::try_from(i).ok()) {
                            Some(i) if i < n => is_moe[i] = true,
                            _ => {
                                return Err(Error::invalid(
                                    c.path("moe_layers"),
                                    format!("{} is not a layer number below {n}", json_text(x)),
                                ))
                            }
                        }
                    }
                }
                Some(other) => {
                    return Err(Error::new(
                        ErrorKind::Syntax,
                        c.path("moe_layers"),
                        format!("expected a list of layer numbers, found {}", json_text(&other)),
                    ))
                }
                None => {
                    let step = positive(c, "interleave_moe_layer_step")?;
                    for (i, m) in is_moe.iter_mut().enumerate() {
                        *m = (i as u64 + 1).is_multiple_of(step);
                    }
                }
            }
            // One shared expert of the routed experts' width.
            let m = Moe {
                routed,
                per_token,
                shared: 1,
                expert_width: width,
                per_expert: gated(width)?,
                router: to_u64(prod(&[hidden, routed]))?,
                shared_params: gated(width)?,
            };
            Ok(is_moe.into_iter().map(|b| b.then_some(m)).collect())
        }
        other => Err(Error::invalid(
            c.path("model_type"),
            format!("no mixture-of-experts layout for model_type {other}"),
        )),
    }
}

/// One (full or sliding) attention layer's parameters.
fn attention_params(
    c: &Cfg<'_>,
    hidden: u64,
    heads: u64,
    kv_heads: u64,
    head_dim: Option<u64>,
    mla: Option<[u64; 5]>,
) -> Result<u128> {
    let h = u128::from(hidden);
    let n_h = u128::from(heads);
    if let Some([kv_rank, q_rank, rope, nope, v]) = mla.map(|m| m.map(u128::from)) {
        let qk = add(nope, rope);
        // q_a_proj, q_a_layernorm and q_b_proj, or one q_proj.
        let q = if q_rank > 0 {
            add(add(mul(h, q_rank), q_rank), mul(mul(q_rank, n_h), qk))
        } else {
            mul(mul(h, n_h), qk)
        };
        // kv_a_proj_with_mqa, kv_a_layernorm, kv_b_proj.
        let kv = add(
            add(mul(h, add(kv_rank, rope)), kv_rank),
            mul(mul(kv_rank, n_h), add(nope, v)),
        );
        let o = mul(mul(n_h, v), h);
        return Ok(add(add(q, kv), o));
    }
    let hd = u128::from(head_dim.unwrap_or(0));
    let n_kv = u128::from(kv_heads);
    // Qwen3-Next's gated attention: q_proj also gives the output gate.
    let q_out = mul(mul(n_h, hd), if c.is(&["qwen3_next"]) { 2 } else { 1 });
    let kv_out = mul(mul(2, n_kv), hd);
    let mut p = add(add(mul(h, q_out), mul(h, kv_out)), mul(mul(n_h, hd), h));
    if c.is(&["qwen2", "qwen2_moe"]) {
        p = add(p, add(mul(n_h, hd), kv_out)); // q, k, v biases
    } else if c.flag("attention_bias")? == Some(true) {
        p = add(p, add(add(q_out, kv_out), h)); // q, k, v, o biases
    }
    if c.is(&["qwen3", "qwen3_moe", "qwen3_next", "gemma3_text"]) {
        p = add(p, mul(2, hd)); // q_norm, k_norm over head_dim
    }
    if c.is(&["gpt_oss"]) {
        p = add(p, n_h); // attention sinks, one per head
    }
    // Llama 4's QK norm has no weights.
    Ok(p)
}

/// A Gated DeltaNet layer (Qwen3-Next's linear attention).
fn gated_deltanet_params(c: &Cfg<'_>, hidden: u64) -> Result<u128> {
    let h = u128::from(hidden);
    let nk = u128::from(positive(c, "linear_num_key_heads")?);
    let nv = u128::from(positive(c, "linear_num_value_heads")?);
    let dk = u128::from(positive(c, "linear_key_head_dim")?);
    let dv = u128::from(positive(c, "linear_value_head_dim")?);
    let kernel = u128::from(positive(c, "linear_conv_kernel_dim")?);
    let kd = mul(nk, dk);
    let vd = mul(nv, dv);
    let conv = add(mul(2, kd), vd);
    let parts = [
        mul(h, add(mul(2, kd), mul(2, vd))), // in_proj_qkvz
        mul(mul(h, 2), nv),                  // in_proj_ba
        mul(conv, kernel),                   // depthwise conv1d
        mul(2, nv),                          // dt_bias, A_log
        dv,                                  // gated RMSNorm over the value head
        mul(vd, h),                          // out_proj
    ];
    Ok(parts.iter().fold(0u128, |acc, x| add(acc, *x)))
}

/// Elements one token adds to a layer's KV cache.
fn kv_elements(kind: LayerKind, kv_heads: u64, head_dim: Option<u64>, mla: Option<[u64; 5]>) -> u128 {
    if kind == LayerKind::Linear {
        return 0;
    }
    if let Some(m) = mla {
        // The compressed latent and the rotary key.
        return add(u128::from(m[0]), u128::from(m[2]));
    }
    prod(&[2, kv_heads, head_dim.unwrap_or(0)])
}

/// Consecutive layers of one kind, counted.
fn runs(kinds: &[LayerKind]) -> Vec<LayerRun> {
    let mut out: Vec<LayerRun> = Vec::new();
    for k in kinds {
        match out.last_mut() {
            Some(r) if r.kind == *k => r.layers += 1,
            _ => out.push(LayerRun { kind: *k, layers: 1 }),
        }
    }
    out
}

/// The checkpoint's data type, as the config says: its quantization
/// (`fp8 e4m3`, `mxfp4`) or `torch_dtype`.
fn native_weights(top: &Map<String, Value>) -> Option<String> {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(|s| super::clip(s, 40));
    if let Some(Value::Object(q)) = top.get("quantization_config") {
        if let Some(method) = text(q.get("quant_method")) {
            return Some(match text(q.get("fmt")) {
                Some(fmt) => format!("{method} {fmt}"),
                None => method,
            });
        }
    }
    let dtype = text(top.get("torch_dtype").or_else(|| top.get("dtype")))?;
    Some(match dtype.as_str() {
        "bfloat16" => "bf16".to_string(),
        "float16" => "fp16".to_string(),
        "float32" => "fp32".to_string(),
        _ => dtype,
    })
}
