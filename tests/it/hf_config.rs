//! Models from Hugging Face `config.json` files (`fixtures/importers/hf-config/`,
//! ten real configs; provenance in its README): parameter counts against
//! the makers' published figures, every layout (GQA, mixtures of experts,
//! latent attention, sliding windows, layers without a KV cache,
//! `text_config` nesting), configs that lack a field, hostile values, and
//! the model used by the sizing model through a catalog overlay.

use llm_tco::spec::estimate::EstimateInput;
use llm_tco::spec::import::hf_config::{model_from_config, ConfigOptions, LayerKind, ModelImport};
use llm_tco::{Catalog, CatalogFile, Date, ErrorKind, Format};
use llm_tco_tests::root;
use serde_json::{json, Value};

const DIR: &str = "fixtures/importers/hf-config";

fn read(name: &str) -> String {
    let path = root().join(DIR).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn load(name: &str) -> ModelImport {
    model_from_config(&read(name), &ConfigOptions::new("m")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// `computed` within `pct` percent of `published`.
fn within(computed: u64, published: f64, pct: f64) -> bool {
    ((computed as f64 - published) / published).abs() * 100.0 <= pct
}

/// The published counts, each with where it is published. Totals within
/// 1%; active counts by the convention their publisher uses. Two makers
/// publish their active count with two significant digits (Qwen's "3.3B",
/// DeepSeek's "37B"); no count of the config is within 1% of those under
/// one convention (3.353B with embeddings, 3.042B without; 37.55B and
/// 36.63B), so they are held to the digits published: within one unit of
/// the last digit.
#[test]
fn parameter_counts_match_the_published_figures() {
    // Qwen/Qwen3-8B model card: "Number of Parameters: 8.2B".
    let m = load("Qwen__Qwen3-8B.config.json");
    assert_eq!(m.model().total_params, 8_190_735_360);
    assert!(within(m.model().total_params, 8.2e9, 1.0));
    assert_eq!(m.model().active_params, m.model().total_params);

    // Qwen/Qwen3-30B-A3B model card: "Number of Parameters: 30.5B in total
    // and 3.3B activated"; "Number of Parameters (Non-Embedding): 29.9B".
    let m = load("Qwen__Qwen3-30B-A3B.config.json");
    let total = m.model().total_params;
    assert_eq!(total, 30_532_122_624);
    assert!(within(total, 30.5e9, 1.0));
    let p = m.params();
    assert!(within(total - p.embedding - p.lm_head, 29.9e9, 1.0));
    assert_eq!(m.model().active_params, 3_353_032_704);
    assert!(
        (3.2e9..=3.4e9).contains(&(m.model().active_params as f64)),
        "3.3B to its digits"
    );

    // meta-llama/Llama-3.1-70B: 70.6B parameters (the Hub's safetensors
    // count, as /work/shared/reference/models.json records it).
    let m = load("meta-llama__Llama-3.1-70B-Instruct.config.json");
    assert_eq!(m.model().total_params, 70_553_706_496);
    assert!(within(m.model().total_params, 70.6e9, 1.0));

    // deepseek-ai/DeepSeek-V3 README: "671B total parameters with 37B
    // activated for each token" (and 685B on the Hub, 14B of it the
    // multi-token-prediction module, which is not counted).
    let m = load("deepseek-ai__DeepSeek-V3.config.json");
    assert_eq!(m.model().total_params, 671_026_419_200);
    assert!(within(m.model().total_params, 671e9, 1.0));
    assert_eq!(m.active_params_excl_input_embedding(), 36_625_618_432);
    assert_eq!(m.model().active_params, 37_552_297_472);
    for active in [m.active_params_excl_input_embedding(), m.model().active_params] {
        assert!((36e9..=38e9).contains(&(active as f64)), "37B to its digits");
    }

    // OpenAI gpt-oss-120b model card (arXiv:2508.10925): 116.83B total,
    // 5.13B active per token, the input embedding excluded.
    let m = load("openai__gpt-oss-120b.config.json");
    assert_eq!(m.model().total_params, 116_829_156_672);
    assert!(within(m.model().total_params, 116.83e9, 1.0));
    assert_eq!(m.active_params_excl_input_embedding(), 5_132_849_472);
    assert!(within(m.active_params_excl_input_embedding(), 5.13e9, 1.0));
}

/// One fixture's layout, as the catalog entry and the import say it.
struct Layout {
    file: &'static str,
    total: u64,
    active: u64,
    kv_bytes_bf16: u64,
    /// (window, layers) of sliding or chunked attention.
    sliding: Option<(u32, u32)>,
    no_kv_layers: Option<u32>,
    /// (routed experts, per token, shared experts, dense layers).
    experts: Option<(u32, u32, Option<u32>, u32)>,
    max_context: u64,
}

#[test]
fn every_layout_is_read() {
    // The counts equal those of the colleague's independent Python reader
    // (notes/importers/reference.py) and of /work/shared/reference/models*.json.
    let layouts = [
        Layout {
            file: "Qwen__Qwen3-8B.config.json",
            total: 8_190_735_360,
            active: 8_190_735_360,
            kv_bytes_bf16: 147_456,
            sliding: None,
            no_kv_layers: None,
            experts: None,
            max_context: 40_960,
        },
        Layout {
            file: "meta-llama__Llama-3.1-70B-Instruct.config.json",
            total: 70_553_706_496,
            active: 70_553_706_496,
            kv_bytes_bf16: 327_680,
            sliding: None,
            no_kv_layers: None,
            experts: None,
            max_context: 131_072,
        },
        Layout {
            file: "mistralai__Mixtral-8x7B-v0.1.config.json",
            total: 46_702_792_704,
            active: 12_879_925_248,
            kv_bytes_bf16: 131_072,
            sliding: None,
            no_kv_layers: None,
            experts: Some((8, 2, None, 0)),
            max_context: 32_768,
        },
        Layout {
            file: "Qwen__Qwen3-30B-A3B.config.json",
            total: 30_532_122_624,
            active: 3_353_032_704,
            kv_bytes_bf16: 98_304,
            sliding: None,
            no_kv_layers: None,
            experts: Some((128, 8, None, 0)),
            max_context: 40_960,
        },
        Layout {
            file: "deepseek-ai__DeepSeek-V3.config.json",
            total: 671_026_419_200,
            active: 37_552_297_472,
            // Latent attention: (512 + 64) elements a layer.
            kv_bytes_bf16: 70_272,
            sliding: None,
            no_kv_layers: None,
            experts: Some((256, 8, Some(1), 3)),
            max_context: 163_840,
        },
        Layout {
            file: "openai__gpt-oss-120b.config.json",
            total: 116_829_156_672,
            active: 5_711_982_912,
            kv_bytes_bf16: 73_728,
            // Alternating sliding (128 tokens) and full layers.
            sliding: Some((128, 18)),
            no_kv_layers: None,
            experts: Some((128, 4, None, 0)),
            max_context: 131_072,
        },
        Layout {
            file: "google__gemma-2-9b-it.config.json",
            total: 9_241_705_984,
            active: 9_241_705_984,
            kv_bytes_bf16: 344_064,
            sliding: Some((4096, 21)),
            no_kv_layers: None,
            experts: None,
            max_context: 8192,
        },
        Layout {
            // A sparse text_config: vocabulary, context and the 5:1 pattern
            // from transformers' Gemma3TextConfig defaults.
            file: "google__gemma-3-27b-it.config.json",
            total: 27_009_346_304,
            active: 27_009_346_304,
            kv_bytes_bf16: 507_904,
            sliding: Some((1024, 52)),
            no_kv_layers: None,
            experts: None,
            max_context: 131_072,
        },
        Layout {
            // text_config; RoPE layers attend in chunks of 8192, every
            // fourth layer globally.
            file: "meta-llama__Llama-4-Scout-17B-16E.config.json",
            total: 107_769_861_120,
            active: 17_172_894_720,
            kv_bytes_bf16: 196_608,
            sliding: Some((8192, 36)),
            no_kv_layers: None,
            experts: Some((16, 1, Some(1), 0)),
            max_context: 262_144,
        },
        Layout {
            // Gated DeltaNet on 36 of 48 layers: no KV cache there.
            file: "Qwen__Qwen3-Next-80B-A3B-Instruct.config.json",
            total: 79_674_391_296,
            active: 3_874_929_408,
            kv_bytes_bf16: 24_576,
            sliding: None,
            no_kv_layers: Some(36),
            experts: Some((512, 10, Some(1), 0)),
            max_context: 262_144,
        },
    ];
    for l in layouts {
        let imported = load(l.file);
        let m = imported.model();
        assert_eq!((m.total_params, m.active_params), (l.total, l.active), "{}", l.file);
        assert_eq!(m.kv_cache_bytes_per_token_bf16, Some(l.kv_bytes_bf16), "{}", l.file);
        assert_eq!(m.sliding_window.zip(m.sliding_window_layers), l.sliding, "{}", l.file);
        assert_eq!(m.no_kv_cache_layers, l.no_kv_layers, "{}", l.file);
        let experts = m
            .num_local_experts
            .or(m.n_routed_experts)
            .zip(m.num_experts_per_tok)
            .map(|(e, k)| (e, k, m.n_shared_experts, imported.dense_layers()));
        assert_eq!(experts, l.experts, "{}", l.file);
        assert_eq!(m.max_context, l.max_context, "{}", l.file);
        let p = imported.params();
        let sum = p.embedding
            + p.lm_head
            + p.attention
            + p.mlp_dense
            + p.router
            + p.experts_routed
            + p.experts_shared
            + p.norms;
        assert_eq!(sum, m.total_params, "{}: the parts add up", l.file);
        let layers: u32 = imported.layers().iter().map(|r| r.layers).sum();
        assert_eq!(layers, m.num_hidden_layers, "{}", l.file);
    }
    // The details that differ by family.
    let ds = load("deepseek-ai__DeepSeek-V3.config.json");
    let m = ds.model();
    assert_eq!(
        (
            m.kv_lora_rank,
            m.q_lora_rank,
            m.qk_rope_head_dim,
            m.qk_nope_head_dim,
            m.v_head_dim
        ),
        (Some(512), Some(1536), Some(64), Some(128), Some(128))
    );
    assert_eq!(
        (m.first_k_dense_replace, m.moe_intermediate_size, m.head_dim),
        (Some(3), Some(2048), None)
    );
    assert_eq!(m.native_weights.as_deref(), Some("fp8 e4m3"));
    assert!(m
        .notes
        .as_deref()
        .unwrap()
        .contains("multi-token-prediction module is not counted"));
    let gemma3 = load("google__gemma-3-27b-it.config.json");
    assert_eq!(
        gemma3.defaulted_fields(),
        [
            "attention_bias",
            "max_position_embeddings",
            "sliding_window_pattern",
            "tie_word_embeddings",
            "vocab_size"
        ]
    );
    assert_eq!(gemma3.model_type(), "gemma3_text");
    assert!(gemma3
        .model()
        .notes
        .as_deref()
        .unwrap()
        .contains("vision tower is not counted"));
    let next = load("Qwen__Qwen3-Next-80B-A3B-Instruct.config.json");
    assert_eq!(next.layers()[0].kind, LayerKind::Linear);
    assert_eq!((next.layers()[0].layers, next.layers()[1].kind), (3, LayerKind::Full));
    let llama = load("meta-llama__Llama-3.1-70B-Instruct.config.json");
    assert_eq!(llama.model().head_dim, Some(128), "hidden_size / num_attention_heads");
    assert_eq!(llama.active_params_excl_input_embedding(), 69_503_033_344);
}

#[test]
fn a_config_without_a_needed_field_is_an_error_naming_it() {
    for (file, path, says) in [
        (
            "bad/deepseek_v3_missing_kv_lora_rank.json",
            "kv_lora_rank",
            "needed for model_type deepseek_v3",
        ),
        (
            "bad/gemma3_text_config_missing_hidden_size.json",
            "text_config.hidden_size",
            "needed for model_type gemma3_text",
        ),
        (
            "bad/llama_missing_intermediate_size.json",
            "intermediate_size",
            "needed for model_type llama",
        ),
        (
            "bad/qwen3_moe_missing_moe_intermediate_size.json",
            "moe_intermediate_size",
            "needed for model_type qwen3_moe",
        ),
    ] {
        let e = model_from_config(&read(file), &ConfigOptions::new("m")).unwrap_err();
        assert_eq!((e.kind(), e.path()), (ErrorKind::Syntax, path), "{file}: {e}");
        assert!(
            e.message().starts_with("missing from the config") && e.message().contains(says),
            "{file}: {e}"
        );
    }
    let e = model_from_config(
        &read("bad/gpt_oss_layer_types_wrong_length.json"),
        &ConfigOptions::new("m"),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "layer_types: has 35 entries, expected num_hidden_layers 36"
    );
    let e = model_from_config(&read("bad/unsupported_model_type.json"), &ConfigOptions::new("m")).unwrap_err();
    assert_eq!(e.path(), "model_type");
    assert!(
        e.message()
            .starts_with("falcon is not supported (supported: deepseek_v2, "),
        "{e}"
    );
}

/// A small Llama-family config with `edit` applied.
fn llama(edit: Value) -> String {
    let mut c = json!({
        "model_type": "llama", "hidden_size": 64, "intermediate_size": 256, "num_attention_heads": 4,
        "num_key_value_heads": 2, "num_hidden_layers": 2, "vocab_size": 100, "max_position_embeddings": 4096,
        "tie_word_embeddings": true
    });
    for (k, v) in edit.as_object().unwrap() {
        c[k] = v.clone();
    }
    c.to_string()
}

#[test]
fn hostile_values_are_errors_that_say_what_is_allowed() {
    let options = ConfigOptions::new("m");
    for (edit, kind, path, says) in [
        (
            json!({"num_hidden_layers": 4_000_000_000u64}),
            ErrorKind::InvalidValue,
            "num_hidden_layers",
            "must be from 1 to 10000",
        ),
        (
            json!({"num_hidden_layers": 0}),
            ErrorKind::InvalidValue,
            "num_hidden_layers",
            "must be from 1 to 10000",
        ),
        (
            json!({"hidden_size": 5_000_000_000u64}),
            ErrorKind::InvalidValue,
            "hidden_size",
            "too large",
        ),
        (
            json!({"hidden_size": "4096"}),
            ErrorKind::Syntax,
            "hidden_size",
            "expected a whole number",
        ),
        (
            json!({"hidden_size": 64.5}),
            ErrorKind::Syntax,
            "hidden_size",
            "expected a whole number",
        ),
        (
            json!({"hidden_size": -64}),
            ErrorKind::Syntax,
            "hidden_size",
            "expected a whole number",
        ),
        (
            json!({"num_attention_heads": 0}),
            ErrorKind::InvalidValue,
            "num_attention_heads",
            "must be above 0",
        ),
        (
            json!({"num_key_value_heads": 3}),
            ErrorKind::InvalidValue,
            "num_key_value_heads",
            "does not divide",
        ),
        (
            json!({"hidden_size": 66}),
            ErrorKind::Syntax,
            "head_dim",
            "not a multiple of num_attention_heads",
        ),
        (
            json!({"tie_word_embeddings": "yes"}),
            ErrorKind::Syntax,
            "tie_word_embeddings",
            "expected true or false",
        ),
        (
            json!({"model_type": 7}),
            ErrorKind::Syntax,
            "model_type",
            "expected a string",
        ),
        (
            json!({"model_type": "mixtral", "num_local_experts": 2, "num_experts_per_tok": 3}),
            ErrorKind::InvalidValue,
            "num_experts_per_tok",
            "more than the 2 experts",
        ),
        (
            json!({"model_type": "gemma2", "layer_types": ["sliding_attention", "diagonal_attention"], "sliding_window": 8, "head_dim": 16}),
            ErrorKind::InvalidValue,
            "layer_types",
            "unknown layer type",
        ),
        (
            json!({"model_type": "qwen3_moe", "head_dim": 16, "num_experts": 4, "num_experts_per_tok": 2,
                   "moe_intermediate_size": 32, "mlp_only_layers": [5]}),
            ErrorKind::InvalidValue,
            "mlp_only_layers",
            "not a layer number below 2",
        ),
        // Counts beyond 64 bits overflow; they do not wrap or panic.
        (
            json!({"hidden_size": 4_294_967_295u64, "intermediate_size": 4_294_967_295u64, "vocab_size": 4_294_967_295u64,
                   "num_attention_heads": 1, "num_key_value_heads": 1, "num_hidden_layers": 10_000}),
            ErrorKind::Overflow,
            "",
            "the parameter count",
        ),
    ] {
        let e = model_from_config(&llama(edit.clone()), &options).unwrap_err();
        assert_eq!((e.kind(), e.path()), (kind, path), "{edit}: {e}");
        assert!(e.message().contains(says), "{edit}: {e}");
    }
    for (text, says) in [
        ("[]", "must be a JSON object"),
        ("{\"model_type\": \"llama\"", "not valid JSON"),
        ("{}", "missing from the config"),
    ] {
        let e = model_from_config(text, &options).unwrap_err();
        assert!(e.message().contains(says), "{text}: {e}");
    }
    let e = model_from_config(&llama(json!({})), &ConfigOptions::new("  ")).unwrap_err();
    assert_eq!(e.path(), "id");
    // `num_key_value_heads` left out: as transformers' LlamaConfig, one per
    // query head.
    let mut c: Value = serde_json::from_str(&llama(json!({}))).unwrap();
    c.as_object_mut().unwrap().remove("num_key_value_heads");
    let m = model_from_config(&c.to_string(), &options).unwrap();
    assert_eq!(m.model().num_key_value_heads, 4);
    assert_eq!(m.defaulted_fields(), ["num_key_value_heads"]);
}

/// Hostile leaves for a config.
fn hostile(i: u64) -> Value {
    let pick = [
        json!(null),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(4_294_967_296u64),
        json!(18_446_744_073_709_551_615u64),
        json!(1e300),
        json!("12"),
        json!(true),
        json!([]),
        json!([0, 1, 1, 0]),
        json!(["full_attention"]),
        json!({}),
        json!(100_000),
        json!(3),
    ];
    pick[(i % pick.len() as u64) as usize].clone()
}

#[test]
fn hostile_edits_of_every_config_give_a_model_or_an_error_never_a_panic() {
    let mut files: Vec<String> = std::fs::read_dir(root().join(DIR))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut models = 0;
    for file in &files {
        let doc: Value = serde_json::from_str(&read(file)).unwrap();
        let keys: Vec<(Option<&str>, String)> = doc
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(k, v)| {
                let nested: Vec<(Option<&str>, String)> = match v.as_object() {
                    Some(t) if k == "text_config" => t.keys().map(|k2| (Some("text_config"), k2.clone())).collect(),
                    _ => Vec::new(),
                };
                std::iter::once((None, k.clone())).chain(nested)
            })
            .collect();
        for (outer, key) in &keys {
            for i in 0..15 {
                let mut edited = doc.clone();
                let target = match outer {
                    Some(o) => &mut edited[*o],
                    None => &mut edited,
                };
                target[key.as_str()] = hostile(i + next() % 3);
                if next() % 4 == 0 {
                    target.as_object_mut().unwrap().remove(key.as_str());
                }
                if let Ok(m) = model_from_config(&edited.to_string(), &ConfigOptions::new("m")) {
                    models += 1;
                    let model = m.model();
                    assert!(model.active_params <= model.total_params, "{file} {key}");
                    Catalog::builtin()
                        .with_overlay(m.catalog())
                        .unwrap_or_else(|e| panic!("{file} {key}: {e}"));
                }
            }
        }
    }
    assert!(models > 100, "most single edits still give a model ({models})");
}

#[test]
fn an_imported_model_is_sized_through_a_catalog_overlay() {
    let options = ConfigOptions {
        id: "qwen3-next-80b-a3b".into(),
        name: Some("Qwen3-Next 80B A3B".into()),
        hf_repo: Some("Qwen/Qwen3-Next-80B-A3B-Instruct".into()),
        as_of: Date::parse("2026-12-01"),
    };
    let imported = model_from_config(&read("Qwen__Qwen3-Next-80B-A3B-Instruct.config.json"), &options).unwrap();
    let m = imported.model();
    assert_eq!(
        (m.id.as_str(), m.name.as_str()),
        ("qwen3-next-80b-a3b", "Qwen3-Next 80B A3B")
    );
    assert_eq!(
        m.source.url.as_deref(),
        Some("https://huggingface.co/Qwen/Qwen3-Next-80B-A3B-Instruct/blob/main/config.json")
    );
    assert_eq!(
        (m.source.date.as_deref(), m.as_of.as_deref()),
        (Some("2026-12-01"), Some("2026-12-01"))
    );
    // As `--catalog` reads it.
    let text = llm_tco::to_json(imported.catalog());
    let file = CatalogFile::parse(&text, Format::Json).unwrap();
    assert_eq!(&file, imported.catalog());
    let catalog = Catalog::builtin().with_overlay(&file).unwrap();
    let estimate = |model: &str, gpu: &str, weights: &str| {
        let input = EstimateInput {
            concurrency: Some(4),
            ..EstimateInput::new(model, gpu, 1, weights, 1000, 200)
        };
        llm_tco::sizing::report::estimate(&input, &catalog).unwrap()
    };
    // 12 of 48 layers keep a KV cache: 12 × 2 × 2 heads × 256 × 2 bytes.
    let r = estimate("qwen3-next-80b-a3b", "h200-sxm", "fp8");
    assert!(r.fits, "{r:?}");
    assert_eq!(r.memory.kv_cache_bytes_per_token, 24_576);
    // A dense model read the same way sizes like its built-in twin.
    let qwen8b = model_from_config(
        &read("Qwen__Qwen3-8B.config.json"),
        &ConfigOptions::new("qwen3-8b-imported"),
    )
    .unwrap();
    let catalog = Catalog::builtin().with_overlay(qwen8b.catalog()).unwrap();
    let input = EstimateInput::new("qwen3-8b-imported", "l4", 1, "fp8", 1000, 200);
    let r = llm_tco::sizing::report::estimate(&input, &catalog).unwrap();
    assert!(r.fits && r.max_output_tokens_per_s > 0.0, "{r:?}");
    assert_eq!(r.memory.kv_cache_bytes_per_token, 147_456);
}

#[test]
fn the_models_of_the_fixtures_are_the_snapshot() {
    // Every fixture read as the model whose id is its file's stem, as of
    // 2026-12-01; the npm package's tests hold modelFromConfig to it.
    let mut all = serde_json::Map::new();
    let mut files: Vec<String> = std::fs::read_dir(root().join(DIR))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".config.json"))
        .collect();
    files.sort();
    for file in files {
        let options = ConfigOptions {
            as_of: Date::parse("2026-12-01"),
            ..ConfigOptions::new(file.trim_end_matches(".config.json").to_ascii_lowercase())
        };
        let m = model_from_config(&read(&file), &options).unwrap();
        all.insert(file, serde_json::to_value(&m).unwrap());
    }
    llm_tco_tests::check_snapshot("hf-config.models.json", &llm_tco::to_json(&all));
}
