//! Model architectures from `models.json` and `models-2026.json`: config
//! fields copied by name (as whole numbers), the window layout of each
//! family read from the row, and the few facts the configs lack taken from
//! the reference's own notes.

use super::dates::norm_date;
use super::json::J;
use super::{load, source, undated, Report};
use anyhow::{Context, Result};
use llm_tco::spec::catalog::Model;
use regex::Regex;
use std::sync::LazyLock;

/// Context lengths for rows whose config has no `max_position_embeddings`:
/// the figure and where it comes from (said in the entry's notes).
const CONTEXT_FROM_NOTES: &[(&str, u64, &str)] = &[
    ("gemma-3-4b", 131072, "Context length 131072: Google documents 128K (the reference's note); not in the MaxText config."),
    ("gemma-3-12b", 131072, "Context length 131072: Google documents 128K (the reference's note); not in the MaxText config."),
    ("gemma-3-27b", 131072, "Context length 131072: Google documents 128K (the reference's note); not in the MaxText config."),
    ("qwen3-4b", 40960, "Context length not in the config read (MaxText); 40960 is the max_position_embeddings of the sibling Qwen3 HF configs (the reference's note)."),
    ("qwen3-14b", 40960, "Context length not in the config read (MaxText); 40960 is the max_position_embeddings of the sibling Qwen3 HF configs (the reference's note)."),
    ("qwen3-30b-a3b", 40960, "Context length not in the config read (MaxText); 40960, the max_position_embeddings of the dense Qwen3 HF configs, is assumed (a lower bound: the 2507 refresh, which shares the architecture, documents more)."),
    ("qwen3-235b-a22b", 40960, "Context length not in the config read (MaxText); 40960, the max_position_embeddings of the dense Qwen3 HF configs, is assumed (a lower bound: the 2507 refresh, to which calibration-2026.json maps its rows, documents more)."),
    ("qwen3-coder-480b-a35b", 40960, "Context length not in the config read (MaxText); 40960, the max_position_embeddings of the dense Qwen3 HF configs, is assumed (a lower bound)."),
];

/// Notes in the catalog's own words.
const MODEL_NOTES: &[(&str, &str)] = &[
    ("gpt-oss-120b", "Active parameters as computed here count the input embedding and the unembedding; OpenAI's 5.1B excludes the input embedding. Expert weights ship in MXFP4 (4.25 bits per parameter)."),
    ("gpt-oss-20b", "Active parameters as computed here count the input embedding and the unembedding; OpenAI's 3.6B excludes the input embedding. Expert weights ship in MXFP4 (4.25 bits per parameter)."),
    ("llama-4-scout", "Text model only (the published 109B includes the vision encoder). Chunked local attention (8192-token chunks) on 3 of 4 layers: treated as a window for the KV cache."),
    ("llama-4-maverick", "Text model only. Dense and MoE layers alternate. Chunked local attention (8192-token chunks) on 3 of 4 layers: treated as a window for the KV cache."),
    ("kimi-k2", "Computed 1.026T parameters against 1.04T in the technical report. The 0905 refresh documents a 256K window."),
    ("devstral-small-2-24b", "The closest 24B Mistral config in the reference, for Mistral Small 3.x-class sizing."),
    ("qwen2.5-32b", "Computed 32.76B with the QKV bias; the model card says 32.5B."),
];

static CHUNK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\((?:attention_chunk_size )?(\d+)\)").expect("regex"));

fn model_source(row: &J) -> Result<llm_tco::spec::catalog::Source> {
    let s = row.get("source");
    if let Some(t) = s.str() {
        return Ok(source::from_text(t, None));
    }
    for k in ["config_copy", "arch", "config", "readme"] {
        if !s.has(k) {
            continue;
        }
        let v = s.get(k);
        let got = match v.str() {
            Some(t) => source::from_text(t, None),
            None => source::from_obj(v, None)?,
        };
        if got.url.is_none() {
            if let Some(repo) = row.get("hf_repo").str() {
                return Ok(source::src(
                    format!("Hugging Face config.json of {repo}"),
                    Some(format!("https://huggingface.co/{repo}/blob/main/config.json")),
                    None,
                    Some("values read from a verbatim copy found by code search"),
                ));
            }
        }
        return Ok(got);
    }
    anyhow::bail!("{}: no source", row.get("id").dump())
}

/// Every model with a parameter count.
pub fn build(reference: &std::path::Path, report: &mut Report) -> Result<Vec<Model>> {
    let mut out = Vec::new();
    let mut rows = Vec::new();
    for file in ["models.json", "models-2026.json"] {
        rows.extend(load(reference, file)?.get("models").items().iter().cloned());
    }
    for row in &rows {
        let id = row.get("id").text("id")?.to_string();
        if row.get("total_params").is_null() {
            report.partial_models.push(format!(
                "{id}: no parameter count ({})",
                row.get("params_note").str().unwrap_or_default()
            ));
            continue;
        }
        let n = |k: &str| -> Result<Option<u64>> { row.get(k).whole(&format!("{id}.{k}")) };
        let n32 = |k: &str| -> Result<Option<u32>> {
            n(k)?
                .map(|v| u32::try_from(v).with_context(|| format!("{id}.{k} is too large")))
                .transpose()
        };
        let need = |v: Option<u32>, k: &str| v.with_context(|| format!("{id}: no {k}"));
        let layers = need(n32("num_hidden_layers")?, "num_hidden_layers")?;
        // Qwen, Llama 4 and gpt-oss name routed experts num_experts; the
        // catalog's field is DeepSeek's n_routed_experts (Mixtral keeps
        // num_local_experts). No shared expert is written as none.
        let routed = n32("num_experts")?.or(n32("n_routed_experts")?);
        let shared = n32("n_shared_experts")?.filter(|&s| s > 0);
        let mut notes: Vec<String> = Vec::new();
        let max_context = match n("max_context")? {
            Some(c) => c,
            None => {
                let (_, c, why) = CONTEXT_FROM_NOTES
                    .iter()
                    .find(|(m, ..)| *m == id)
                    .with_context(|| format!("{id}: no max_context and none in CONTEXT_FROM_NOTES"))?;
                notes.push((*why).to_string());
                *c
            }
        };
        let mut sliding_window = n32("sliding_window")?;
        let mut sliding_window_layers = None;
        let text = format!(
            "{} {}",
            row.get("source").dump(),
            row.get("notes").str().unwrap_or_default()
        );
        // Gemma 2 alternates 4096-token sliding-window and global layers; the
        // reference says so in the source and notes.
        if sliding_window.is_none()
            && text.contains("alternat")
            && text.to_lowercase().contains("sliding")
            && text.contains("4096")
        {
            sliding_window = Some(4096);
            sliding_window_layers = Some(layers / 2);
        }
        if let (Some(global), Some(_)) = (n32("num_global_layers")?, n32("sliding_window")?) {
            sliding_window_layers = Some(layers - global);
        }
        if let (Some(full_bytes), Some(_)) = (
            n("kv_cache_bytes_per_token_bf16_full_layers_only")?,
            n32("sliding_window")?,
        ) {
            let kv_heads = u64::from(need(n32("num_key_value_heads")?, "num_key_value_heads")?);
            let head_dim = u64::from(need(n32("head_dim")?, "head_dim")?);
            let full = full_bytes / (2 * kv_heads * head_dim * 2);
            sliding_window_layers = Some(layers - u32::try_from(full).context("layers")?);
        }
        if let Some(layout) = row
            .get("attention_layout")
            .str()
            .filter(|l| l.contains("chunked local attention"))
        {
            let chunk = CHUNK.captures(layout).context("the chunk size")?;
            sliding_window = Some(chunk[1].parse().context("chunk")?);
            // Every 4th layer is global (NoPE).
            sliding_window_layers = Some(layers - layers / 4);
        }
        notes.extend(
            MODEL_NOTES
                .iter()
                .find(|(m, _)| *m == id)
                .map(|(_, t)| (*t).to_string()),
        );
        let as_of = norm_date(row.get("as_of").str()).iso;
        let m = Model {
            id: id.clone(),
            name: row.get("name").text("name")?.to_string(),
            hf_repo: row.get("hf_repo").str().filter(|r| !r.is_empty()).map(str::to_string),
            total_params: n("total_params")?.context("total_params")?,
            active_params: n("active_params")?.context("active_params")?,
            num_hidden_layers: layers,
            hidden_size: need(n32("hidden_size")?, "hidden_size")?,
            num_attention_heads: need(n32("num_attention_heads")?, "num_attention_heads")?,
            num_key_value_heads: need(n32("num_key_value_heads")?, "num_key_value_heads")?,
            head_dim: n32("head_dim")?,
            intermediate_size: n32("intermediate_size")?,
            vocab_size: n32("vocab_size")?,
            max_context,
            kv_cache_bytes_per_token_bf16: n("kv_cache_bytes_per_token_bf16")?,
            kv_lora_rank: n32("kv_lora_rank")?,
            qk_rope_head_dim: n32("qk_rope_head_dim")?,
            q_lora_rank: n32("q_lora_rank")?,
            qk_nope_head_dim: n32("qk_nope_head_dim")?,
            v_head_dim: n32("v_head_dim")?,
            moe_intermediate_size: n32("moe_intermediate_size")?,
            first_k_dense_replace: n32("first_k_dense_replace")?,
            interleave_moe_layer_step: n32("interleave_moe_layer_step")?,
            num_local_experts: n32("num_local_experts")?,
            num_experts_per_tok: n32("num_experts_per_tok")?,
            topk_group: n32("topk_group")?,
            n_routed_experts: routed,
            n_shared_experts: shared,
            sliding_window,
            sliding_window_layers,
            no_kv_cache_layers: None,
            tie_word_embeddings: row.get("tie_word_embeddings").as_bool(),
            published_params: row
                .get("published_params")
                .str()
                .filter(|p| !p.is_empty())
                .map(str::to_string),
            native_weights: row
                .get("native_weight_dtype")
                .str()
                .filter(|p| !p.is_empty())
                .map(str::to_string),
            source: undated(model_source(row)?, as_of.as_deref()),
            as_of,
            confidence: row
                .get("confidence")
                .str()
                .filter(|c| !c.is_empty())
                .map(str::to_string),
            notes: (!notes.is_empty()).then(|| notes.join(" ")),
        };
        let r1 = (id == "deepseek-v3").then(|| {
            let mut r1 = m.clone();
            r1.id = "deepseek-r1".into();
            r1.name = "DeepSeek-R1 (DeepSeek-V3 architecture)".into();
            r1.hf_repo = Some("deepseek-ai/DeepSeek-R1".into());
            r1.notes = Some(
                "The DeepSeek-V3 architecture, to which calibration-2026.json maps every DeepSeek-R1 and R1-0528 measurement; the figures are V3's."
                    .into(),
            );
            r1
        });
        out.push(m);
        out.extend(r1);
    }
    Ok(out)
}
