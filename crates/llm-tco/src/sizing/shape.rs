//! A model's parameter groups, their bytes in a format, and the layout of
//! its KV cache: what one token costs in memory and arithmetic.
//!
//! Any model, dense or a mixture of experts, splits into four groups:
//!
//! - routed experts: `pe = (total − active) / (E − k)` parameters per expert
//!   over all MoE layers, `R = E × pe` in all (active parameters count `k`
//!   of the `E`, total parameters all of them, so the difference is `E − k`
//!   experts);
//! - embeddings: `V × H`, twice unless the output projection is tied;
//! - the output projection `V × H`, the only part of the embeddings a step
//!   reads;
//! - dense: `D = total − embeddings − R` (attention, dense FFN layers,
//!   shared experts, routers, norms).
//!
//! The KV cache has three kinds of layers: full attention, windowed
//! (sliding window or chunked attention, holding at most the window) and
//! layers without a KV cache (linear attention). Per layer and token it
//! holds `2 × KV heads × head dim` elements (grouped-query attention), or
//! `KV LoRA rank + rotary dim` for multi-head latent attention.

use crate::error::{Error, Result};
use crate::spec::catalog::Model;
use crate::spec::formats::{KvFormat, MatmulType, WeightFormat};

/// The formats of a model's parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// The linear layers (and the default of the two below).
    pub weights: WeightFormat,
    /// The routed experts, when they differ.
    pub experts: Option<WeightFormat>,
    /// The linear layers outside the routed experts, when they differ. An
    /// FP4 format on a mixture of experts keeps them at BF16 by default, as
    /// gpt-oss ships.
    pub dense: Option<WeightFormat>,
    /// The KV cache.
    pub kv_cache: KvFormat,
}

impl Formats {
    /// One format for every linear layer.
    pub fn uniform(weights: WeightFormat, kv_cache: KvFormat) -> Formats {
        Formats {
            weights,
            experts: None,
            dense: None,
            kv_cache,
        }
    }
}

/// A model in its formats: parameter groups, bytes, FLOPs per token, KV
/// cache per token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shape {
    pub layers: f64,
    pub hidden: f64,
    /// Routed experts per MoE layer (0 for a dense model) and experts per
    /// token.
    pub experts: f64,
    pub top_k: f64,
    /// Parameters of one routed expert, all MoE layers.
    pub per_expert: f64,
    pub routed: f64,
    pub dense: f64,
    pub lm_head: f64,
    /// Vocabulary size.
    pub vocab: f64,
    pub dense_bytes: f64,
    pub routed_bytes: f64,
    pub lm_head_bytes: f64,
    pub embedding_bytes: f64,
    pub dense_matmul: MatmulType,
    pub expert_matmul: MatmulType,
    pub dense_bits: f64,
    pub expert_bits: f64,
    /// KV bytes per token per layer, all heads.
    pub kv_layer_bytes: f64,
    /// KV heads a tensor-parallel split divides (0 for a latent cache,
    /// which every rank holds whole).
    pub kv_heads: f64,
    pub full_layers: f64,
    pub window_layers: f64,
    pub window: f64,
    /// Attention FLOPs per attended token per layer, decoding and
    /// prefilling (they differ for multi-head latent attention).
    pub attention_decode: f64,
    pub attention_prefill: f64,
    pub intermediate: f64,
    pub max_context: f64,
    /// Routing groups a token's experts may span (0: no limit).
    pub group_limit: f64,
    /// FFN width of one expert.
    pub expert_width: f64,
    /// Whether the weights are 16-bit (no dequantized copy to make).
    pub sixteen_bit: bool,
}

fn positive(v: u64, field: &str) -> Result<f64> {
    if v == 0 {
        return Err(Error::invalid(field, "must be above 0"));
    }
    Ok(v as f64)
}

impl Shape {
    /// The shape of `model` in `formats`.
    ///
    /// # Errors
    /// A model whose figures make no sense (no layers, fewer total than
    /// active parameters, more experts per token than experts), naming the
    /// field.
    pub fn new(model: &Model, formats: Formats) -> Result<Shape> {
        let layers = positive(model.num_hidden_layers.into(), "num_hidden_layers")?;
        let hidden = positive(model.hidden_size.into(), "hidden_size")?;
        let heads = positive(model.num_attention_heads.into(), "num_attention_heads")?;
        let total = positive(model.total_params, "total_params")?;
        let active = positive(model.active_params, "active_params")?;
        if active > total {
            return Err(Error::invalid(
                "active_params",
                format!(
                    "{} active parameters are more than the {} in all",
                    model.active_params, model.total_params
                ),
            ));
        }
        let head_dim = match model.head_dim {
            Some(d) => positive(d.into(), "head_dim")?,
            None => hidden / heads,
        };
        let vocab = model.vocab_size.map_or(0.0, f64::from);
        let tied = model.tie_word_embeddings == Some(true);
        let experts_per_layer = model.experts_per_layer();
        let (experts, top_k) = match (experts_per_layer, model.num_experts_per_tok) {
            (Some(e), Some(k)) if e > k && k > 0 => (f64::from(e), f64::from(k)),
            (Some(e), Some(k)) if k > e => {
                return Err(Error::invalid(
                    "num_experts_per_tok",
                    format!("{k} experts per token are more than the {e} experts"),
                ))
            }
            _ => (0.0, 0.0),
        };
        let per_expert = if experts > 0.0 {
            (total - active) / (experts - top_k)
        } else {
            0.0
        };
        let routed = experts * per_expert;
        // Embeddings never take more than what is left of the parameters.
        let embedding = (vocab * hidden * if tied { 1.0 } else { 2.0 }).min(total - routed);
        let lm_head = (vocab * hidden).min(embedding);
        let dense = total - embedding - routed;
        let expert_format = formats.experts.unwrap_or(formats.weights);
        let dense_format = match formats.dense {
            Some(f) => f,
            None if experts > 0.0 && formats.weights.matmul() == MatmulType::Fp4 => WeightFormat::Bf16,
            None => formats.weights,
        };
        let embedding_bits = formats.weights.embedding_bits();
        let kv_bytes = formats.kv_cache.bytes_per_element();
        let (kv_layer_bytes, kv_heads, attention_decode, attention_prefill) =
            match (model.kv_lora_rank, model.qk_rope_head_dim) {
                (Some(rank), Some(rope)) => {
                    let (rank, rope) = (f64::from(rank), f64::from(rope));
                    let nope = model.qk_nope_head_dim.map_or(128.0, f64::from);
                    let v = model.v_head_dim.map_or(128.0, f64::from);
                    (
                        (rank + rope) * kv_bytes,
                        0.0,
                        // Absorbed MLA: every head scores and sums over the
                        // latent and its rotary part.
                        2.0 * heads * (2.0 * rank + rope),
                        2.0 * heads * (nope + rope) + 2.0 * heads * v,
                    )
                }
                _ => {
                    let kvh = positive(model.num_key_value_heads.into(), "num_key_value_heads")?;
                    (
                        2.0 * kvh * head_dim * kv_bytes,
                        kvh,
                        4.0 * heads * head_dim,
                        4.0 * heads * head_dim,
                    )
                }
            };
        let attending = (layers - f64::from(model.no_kv_cache_layers.unwrap_or(0))).max(0.0);
        let (window, window_layers) = match (model.sliding_window, model.sliding_window_layers) {
            (Some(w), Some(n)) if w > 0 && n > 0 => (f64::from(w), f64::from(n).min(attending)),
            _ => (0.0, 0.0),
        };
        let intermediate = model.intermediate_size.map_or(4.0 * hidden, f64::from);
        Ok(Shape {
            layers,
            hidden,
            experts,
            top_k,
            per_expert,
            routed,
            dense,
            lm_head,
            vocab,
            dense_bytes: dense * dense_format.bits_per_param() / 8.0,
            routed_bytes: routed * expert_format.bits_per_param() / 8.0,
            lm_head_bytes: lm_head * embedding_bits / 8.0,
            embedding_bytes: embedding * embedding_bits / 8.0,
            dense_matmul: dense_format.matmul(),
            expert_matmul: expert_format.matmul(),
            dense_bits: dense_format.bits_per_param(),
            expert_bits: expert_format.bits_per_param(),
            kv_layer_bytes,
            kv_heads,
            full_layers: attending - window_layers,
            window_layers,
            window,
            attention_decode,
            attention_prefill,
            intermediate,
            max_context: model.max_context as f64,
            group_limit: model.topk_group.map_or(0.0, f64::from),
            expert_width: model.moe_intermediate_size.map_or(intermediate, f64::from),
            sixteen_bit: formats.weights.matmul() == MatmulType::Sixteen,
        })
    }

    /// Whether the model is a mixture of experts.
    pub fn is_moe(&self) -> bool {
        self.experts > 0.0
    }

    /// Layer-tokens one new token attends to (and reads) at `context`.
    pub fn attended(&self, context: f64) -> f64 {
        self.full_layers * context + self.window_layers * context.min(self.window)
    }

    /// Share of the routed experts that `tokens` tokens touch:
    /// 1 − (1 − k/E)^tokens.
    pub fn touched(&self, tokens: f64) -> f64 {
        if self.experts <= 0.0 {
            return 0.0;
        }
        1.0 - libm::pow(1.0 - self.top_k / self.experts, tokens.max(1.0))
    }

    /// Every weight byte.
    pub fn weight_bytes(&self) -> f64 {
        self.dense_bytes + self.routed_bytes + self.embedding_bytes
    }

    /// Parameters a 16-bit copy of the linear layers holds.
    pub fn linear_params(&self) -> f64 {
        self.dense + self.routed + self.lm_head
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn shape(id: &str, weights: WeightFormat, kv: KvFormat) -> Shape {
        let c = Catalog::builtin();
        Shape::new(c.model(id).unwrap(), Formats::uniform(weights, kv)).unwrap()
    }

    #[test]
    fn a_dense_model_is_one_dense_group_and_its_embeddings() {
        // Llama 3.1 8B: 128,256 × 4,096 = 525,336,576 parameters each for the
        // embeddings and the untied output projection.
        let s = shape("llama-3.1-8b", WeightFormat::Fp8, KvFormat::Fp8);
        assert_eq!(s.lm_head, 525_336_576.0);
        assert_eq!(s.dense, 8_030_261_248.0 - 2.0 * 525_336_576.0);
        // FP8 linear layers, BF16 embeddings.
        assert_eq!(s.dense_bytes, s.dense);
        assert_eq!(s.embedding_bytes, 4.0 * 525_336_576.0);
        // 2 × 8 KV heads × 128 × 1 byte.
        assert_eq!(s.kv_layer_bytes, 2048.0);
        assert_eq!(s.attended(1000.0), 32.0 * 1000.0);
        // 4 × 32 heads × 128 per attended token.
        assert_eq!(s.attention_decode, 16_384.0);
    }

    #[test]
    fn a_mixture_of_experts_splits_routed_from_dense() {
        // Mixtral 8x7B: 46.70B total, 12.88B active, 2 of 8 experts.
        let s = shape("mixtral-8x7b-v0.1", WeightFormat::Bf16, KvFormat::Fp16);
        let per_expert = (46_702_792_704.0 - 12_879_925_248.0) / 6.0;
        assert_eq!(s.per_expert, per_expert);
        assert_eq!(s.routed, 8.0 * per_expert);
        // Active = dense + embeddings + 2 experts.
        let embeddings = 2.0 * 32_000.0 * 4096.0;
        assert!((s.dense + embeddings + 2.0 * per_expert - 12_879_925_248.0).abs() < 1.0);
        // One token touches 2 of 8 experts; many touch all of them.
        assert_eq!(s.touched(1.0), 0.25);
        assert!(s.touched(1000.0) > 0.999_999);
    }

    #[test]
    fn fp4_experts_keep_attention_at_16_bits() {
        // gpt-oss-120b: MXFP4 experts (4.25 bits), BF16 everything else.
        let s = shape("gpt-oss-120b", WeightFormat::Mxfp4, KvFormat::Fp16);
        assert_eq!(s.routed_bytes, s.routed * 4.25 / 8.0);
        assert_eq!(s.dense_bytes, s.dense * 2.0);
        assert_eq!(s.expert_matmul, MatmulType::Fp4);
        assert_eq!(s.dense_matmul, MatmulType::Sixteen);
        // Half of the 36 layers window 128 tokens.
        assert_eq!(s.window_layers, 18.0);
        assert_eq!(s.attended(10_000.0), 18.0 * 10_000.0 + 18.0 * 128.0);
    }

    #[test]
    fn latent_attention_caches_the_latent_and_attends_over_it() {
        // DeepSeek-R1: (512 + 64) elements per layer; absorbed attention
        // 2 × 128 heads × (2 × 512 + 64) FLOPs per attended token, prefill
        // 2 × 128 × (128 + 64) + 2 × 128 × 128.
        let s = shape("deepseek-r1", WeightFormat::Fp8, KvFormat::Fp16);
        assert_eq!(s.kv_layer_bytes, 576.0 * 2.0);
        assert_eq!(s.kv_heads, 0.0);
        assert_eq!(s.attention_decode, 2.0 * 128.0 * 1088.0);
        assert_eq!(s.attention_prefill, 2.0 * 128.0 * 192.0 + 2.0 * 128.0 * 128.0);
    }

    #[test]
    fn layers_without_a_kv_cache_hold_none() {
        let c = Catalog::builtin();
        let mut m = c.model("qwen3-8b").unwrap().clone();
        m.no_kv_cache_layers = Some(27);
        let s = Shape::new(&m, Formats::uniform(WeightFormat::Bf16, KvFormat::Fp16)).unwrap();
        assert_eq!(s.attended(100.0), 9.0 * 100.0);
    }

    #[test]
    fn nonsense_figures_are_errors_naming_the_field() {
        let c = Catalog::builtin();
        let f = Formats::uniform(WeightFormat::Bf16, KvFormat::Fp16);
        let mut m = c.model("qwen3-8b").unwrap().clone();
        m.num_hidden_layers = 0;
        assert_eq!(Shape::new(&m, f).unwrap_err().path(), "num_hidden_layers");
        let mut m = c.model("qwen3-8b").unwrap().clone();
        m.active_params = m.total_params + 1;
        assert_eq!(Shape::new(&m, f).unwrap_err().path(), "active_params");
        let mut m = c.model("mixtral-8x7b-v0.1").unwrap().clone();
        m.num_experts_per_tok = Some(9);
        assert_eq!(Shape::new(&m, f).unwrap_err().path(), "num_experts_per_tok");
        let mut m = c.model("qwen3-8b").unwrap().clone();
        m.num_key_value_heads = 0;
        assert_eq!(Shape::new(&m, f).unwrap_err().path(), "num_key_value_heads");
    }
}
