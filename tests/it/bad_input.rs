//! Bad input: each case gives its named error, with the field's path; none
//! panics.

use llm_tco::{evaluate, Catalog, ErrorKind, Format, Scenario};

const BASE: &str = r#"
schema_version = 1
name = "bad input"
[workload]
tokens_per_day = "10000000"
input_tokens_per_request = 1000
output_tokens_per_request = 200
[[options]]
name = "api"
api = { catalog = "openai-gpt-4o" }
[[options]]
name = "self"
[options.self_hosted]
model = "llama-3.1-8b"
weights = "bf16"
gpu = "l4"
capacity_tokens_per_s = 1000
rented = { usd_per_gpu_hour = "0.80" }
"#;

/// Replaces `from` in the base scenario with `to` and expects an error of
/// `kind` at `path` whose message contains `says`.
fn check(from: &str, to: &str, kind: ErrorKind, path: &str, says: &str) {
    assert!(BASE.contains(from), "{from:?} is not in the base scenario");
    let text = BASE.replacen(from, to, 1);
    check_text(&text, Format::Toml, kind, path, says);
    // The same document as JSON names the same field (JSON paths come from
    // the error's position, TOML's from the deserializer).
    if let Ok(value) = toml::from_str::<toml::Value>(&text) {
        for json in [
            serde_json::to_string(&value).expect("json"),
            serde_json::to_string_pretty(&value).expect("json"),
        ] {
            let err = Scenario::parse(&json, Format::Json, &Catalog::builtin())
                .and_then(|s| evaluate(&s).map(|_| ()))
                .expect_err("the JSON form fails too");
            assert_eq!(err.kind(), kind, "{err}");
            assert_eq!(err.path(), path, "JSON form: {err}\n{json}");
        }
    }
}

fn check_text(text: &str, format: Format, kind: ErrorKind, path: &str, says: &str) {
    let result = Scenario::parse(text, format, &Catalog::builtin()).and_then(|s| evaluate(&s).map(|_| ()));
    let err = match result {
        Ok(()) => panic!("expected an error at {path:?}, got a report"),
        Err(e) => e,
    };
    assert_eq!(err.kind(), kind, "{err}");
    assert_eq!(err.path(), path, "{err}");
    assert!(err.message().contains(says), "{err:?} should say {says:?}");
    assert!(!err.to_string().ends_with('.'), "no trailing period: {err}");
}

#[test]
fn the_base_scenario_is_valid() {
    let s = Scenario::parse(BASE, Format::Toml, &Catalog::builtin()).expect("valid");
    evaluate(&s).expect("prices");
}

#[test]
fn negative_and_zero_values() {
    check(
        "tokens_per_day = \"10000000\"",
        "tokens_per_day = \"-5\"",
        ErrorKind::InvalidValue,
        "workload.tokens_per_day",
        "above 0",
    );
    check(
        "tokens_per_day = \"10000000\"",
        "tokens_per_day = 0",
        ErrorKind::InvalidValue,
        "workload.tokens_per_day",
        "above 0",
    );
    check(
        "input_tokens_per_request = 1000",
        "input_tokens_per_request = -1",
        ErrorKind::InvalidValue,
        "workload.input_tokens_per_request",
        "negative",
    );
    check(
        "usd_per_gpu_hour = \"0.80\"",
        "usd_per_gpu_hour = \"-0.80\"",
        ErrorKind::InvalidValue,
        "options[1].self_hosted.rented.usd_per_gpu_hour",
        "negative",
    );
    check(
        "capacity_tokens_per_s = 1000",
        "capacity_tokens_per_s = 0",
        ErrorKind::InvalidValue,
        "options[1].self_hosted.capacity_tokens_per_s",
        "above 0",
    );
    check(
        "api = { catalog = \"openai-gpt-4o\" }",
        "api = { input_usd_per_mtok = \"-1\", output_usd_per_mtok = \"1\" }",
        ErrorKind::InvalidValue,
        "options[0].api.input_usd_per_mtok",
        "negative",
    );
}

#[test]
fn shares_and_ratios_out_of_range() {
    check(
        "output_tokens_per_request = 200",
        "output_tokens_per_request = 200\ncached_input_share = 1.5",
        ErrorKind::InvalidValue,
        "workload.cached_input_share",
        "between 0 and 1",
    );
    check(
        "output_tokens_per_request = 200",
        "output_tokens_per_request = 200\npeak_to_average = 0.5",
        ErrorKind::InvalidValue,
        "workload.peak_to_average",
        "between 1 and 1000",
    );
    check(
        "output_tokens_per_request = 200",
        "output_tokens_per_request = 200\ncached_input_share = 0.7\ncache_write_share = 0.7",
        ErrorKind::InvalidValue,
        "workload.cache_write_share",
        "at most 1",
    );
}

#[test]
fn nan_and_infinities() {
    check(
        "input_tokens_per_request = 1000",
        "input_tokens_per_request = nan",
        ErrorKind::Syntax,
        "workload.input_tokens_per_request",
        "not a finite number",
    );
    check(
        "input_tokens_per_request = 1000",
        "input_tokens_per_request = inf",
        ErrorKind::Syntax,
        "workload.input_tokens_per_request",
        "not a finite number",
    );
    check(
        "input_tokens_per_request = 1000",
        "input_tokens_per_request = -inf",
        ErrorKind::Syntax,
        "workload.input_tokens_per_request",
        "not a finite number",
    );
    check(
        "usd_per_gpu_hour = \"0.80\"",
        "usd_per_gpu_hour = \"NaN\"",
        ErrorKind::Syntax,
        "options[1].self_hosted.rented.usd_per_gpu_hour",
        "not a decimal number",
    );
}

#[test]
fn numbers_that_overflow_decimal() {
    check(
        "usd_per_gpu_hour = \"0.80\"",
        "usd_per_gpu_hour = \"1e40\"",
        ErrorKind::Syntax,
        "options[1].self_hosted.rented.usd_per_gpu_hour",
        "outside the decimal range",
    );
    check(
        "usd_per_gpu_hour = \"0.80\"",
        "usd_per_gpu_hour = \"99999999999999999999999999999999\"",
        ErrorKind::Syntax,
        "options[1].self_hosted.rented.usd_per_gpu_hour",
        "outside the decimal range",
    );
    // Each value fits; their product does not.
    check(
        "usd_per_gpu_hour = \"0.80\"",
        "usd_per_gpu_hour = \"79000000000000000000000000000\"",
        ErrorKind::Overflow,
        "",
        "overflows the decimal range",
    );
    check(
        "tokens_per_day = \"10000000\"",
        "tokens_per_day = \"1e16\"",
        ErrorKind::Limit,
        "workload.tokens_per_day",
        "1e15",
    );
}

#[test]
fn money_must_be_a_decimal_string() {
    check(
        "usd_per_gpu_hour = \"0.80\"",
        "usd_per_gpu_hour = 0.80",
        ErrorKind::Syntax,
        "options[1].self_hosted.rented.usd_per_gpu_hour",
        "decimal string",
    );
}

#[test]
fn unknown_ids_name_the_nearest() {
    check(
        "catalog = \"openai-gpt-4o\"",
        "catalog = \"openai-gpt4o\"",
        ErrorKind::UnknownId,
        "options[0].api.catalog",
        "openai-gpt-4o",
    );
    check(
        "gpu = \"l4\"",
        "gpu = \"h100\"",
        ErrorKind::UnknownId,
        "options[1].self_hosted.gpu",
        "h100-sxm",
    );
    check(
        "model = \"llama-3.1-8b\"",
        "model = \"llama-3-8b\"",
        ErrorKind::UnknownId,
        "options[1].self_hosted.model",
        "llama-3.1-8b",
    );
    check(
        "weights = \"bf16\"",
        "weights = \"q4\"",
        ErrorKind::InvalidValue,
        "options[1].self_hosted.weights",
        "awq_int4",
    );
    check(
        "rented = { usd_per_gpu_hour = \"0.80\" }",
        "rented = { offer = \"lambda-gpu-1x-h100-sxm5\" }",
        ErrorKind::InvalidValue,
        "options[1].self_hosted.rented.offer",
        "rents h100-sxm GPUs",
    );
}

#[test]
fn a_layout_for_a_mixture_of_experts_refuses_a_dense_model_and_a_layer_split() {
    check(
        "gpu = \"l4\"",
        "gpu = \"l4\"\nlayout = \"dp_attention_expert_parallel\"",
        ErrorKind::InvalidValue,
        "options[1].self_hosted.layout",
        "DP attention + expert parallel (dp_attention_expert_parallel) is for a mixture of experts, and Llama 3.1 8B (Instruct) is dense",
    );
    check(
        "model = \"llama-3.1-8b\"",
        "model = \"qwen3-30b-a3b\"\nengine = \"llama.cpp\"\nlayout = \"expert_parallel\"",
        ErrorKind::InvalidValue,
        "options[1].self_hosted.layout",
        "the llama.cpp engine splits a model by layers",
    );
    check(
        "gpu = \"l4\"",
        "gpu = \"l4\"\nlayout = \"ep\"",
        ErrorKind::Syntax,
        "options[1].self_hosted.layout",
        "expected one of `tensor_parallel`, `expert_parallel`, `dp_attention`, `dp_attention_expert_parallel`",
    );
}

#[test]
fn llama_cpp_refuses_weights_and_caches_a_gguf_file_cannot_hold() {
    check(
        "weights = \"bf16\"",
        "weights = \"fp8\"\nengine = \"llama.cpp\"",
        ErrorKind::InvalidValue,
        "options[1].self_hosted.weights",
        "the llama.cpp engine (GGUF files) takes no fp8 weights: use gguf_ weights",
    );
    check(
        "weights = \"bf16\"",
        "weights = \"awq_int4\"\nengine = \"llama.cpp-metal\"",
        ErrorKind::InvalidValue,
        "options[1].self_hosted.weights",
        "the llama.cpp-metal engine (GGUF files) takes no awq_int4 weights",
    );
    check(
        "weights = \"bf16\"",
        "weights = \"gguf_q4_k_m\"\nkv_cache = \"fp8\"\nengine = \"llama.cpp\"",
        ErrorKind::InvalidValue,
        "options[1].self_hosted.kv_cache",
        "the llama.cpp engine (GGUF files) takes no fp8 KV cache: use fp16, int8 (q8_0) or int4 (q4_0)",
    );
    // What a GGUF file holds is served.
    for weights in ["gguf_q4_k_m", "bf16", "mxfp4"] {
        let text = BASE.replacen(
            "weights = \"bf16\"",
            &format!("weights = \"{weights}\"\nkv_cache = \"int8\"\nengine = \"llama.cpp\""),
            1,
        );
        let s = Scenario::parse(&text, Format::Toml, &Catalog::builtin()).expect(weights);
        evaluate(&s).expect(weights);
    }
}

#[test]
fn a_rented_gpu_without_a_price_says_whether_the_catalog_rents_it() {
    check(
        "rented = { usd_per_gpu_hour = \"0.80\" }",
        "rented = {}",
        ErrorKind::InvalidValue,
        "options[1].self_hosted.rented.usd_per_gpu_hour",
        "missing: the catalog rents no NVIDIA L4 24GB; give its rent in USD per GPU-hour",
    );
    check(
        "gpu = \"l4\"\ncapacity_tokens_per_s = 1000\nrented = { usd_per_gpu_hour = \"0.80\" }",
        "gpu = \"h100-sxm\"\ncapacity_tokens_per_s = 1000\nrented = {}",
        ErrorKind::InvalidValue,
        "options[1].self_hosted.rented.usd_per_gpu_hour",
        "missing: give a rent in USD per GPU-hour for NVIDIA H100 SXM5 80GB, or one of the catalog's offers for it",
    );
}

#[test]
fn gpus_per_replica_must_split_the_attention_heads() {
    check(
        "capacity_tokens_per_s = 1000",
        "gpus_per_replica = 3",
        ErrorKind::InvalidValue,
        "options[1].self_hosted.gpus_per_replica",
        "Llama 3.1 8B (Instruct) has 32 attention heads, which a tensor-parallel split over 3 GPUs does not divide: use 1, 2, 4, 8, 16, 32 GPUs per replica",
    );
    // With its own capacity the option has overruled the sizing model.
    let text = BASE.replacen(
        "capacity_tokens_per_s = 1000",
        "capacity_tokens_per_s = 1000\ngpus_per_replica = 3",
        1,
    );
    let s = Scenario::parse(&text, Format::Toml, &Catalog::builtin()).expect("a measured capacity on 3 GPUs");
    assert!(evaluate(&s).is_ok());
}

#[test]
fn an_engine_on_a_device_it_does_not_run_on_is_refused() {
    check(
        "weights = \"bf16\"",
        "weights = \"gguf_q4_k_m\"\nengine = \"llama.cpp-metal\"",
        ErrorKind::InvalidValue,
        "options[1].self_hosted.engine",
        "the llama.cpp-metal engine runs on Apple silicon, and NVIDIA",
    );
}

#[test]
fn wrong_types_unknown_and_missing_fields() {
    check(
        "input_tokens_per_request = 1000",
        "input_tokens_per_request = true",
        ErrorKind::Syntax,
        "workload.input_tokens_per_request",
        "expected a number",
    );
    check(
        "name = \"self\"",
        "name = \"self\"\ncolour = \"red\"",
        ErrorKind::Syntax,
        "options[1].colour",
        "unknown field `colour`",
    );
    check(
        "gpu = \"l4\"",
        "gpu = \"l4\"\nn_gpu = 2",
        ErrorKind::Syntax,
        "options[1].self_hosted.n_gpu",
        "unknown field `n_gpu`",
    );
    check(
        "input_tokens_per_request = 1000\n",
        "",
        ErrorKind::Syntax,
        "workload",
        "missing field `input_tokens_per_request`",
    );
    check(
        "weights = \"bf16\"\n",
        "",
        ErrorKind::Syntax,
        "options[1].self_hosted",
        "missing field `weights`",
    );
    check(
        "rented = { usd_per_gpu_hour = \"0.80\" }",
        "rented = { usd_per_gpu_hour = \"0.80\", pricing = \"cheap\" }",
        ErrorKind::Syntax,
        "options[1].self_hosted.rented.pricing",
        "unknown variant `cheap`",
    );
    check(
        "name = \"bad input\"",
        "name = \"bad input\"\nnotes = [\"a \\\" quote, [and] {braces}\", 7]",
        ErrorKind::Syntax,
        "notes[1]",
        "expected a string",
    );
    check(
        "tokens_per_day = \"10000000\"",
        "requests_per_day = 5\ntokens_per_day = 5",
        ErrorKind::InvalidValue,
        "workload.tokens_per_day",
        "exactly one",
    );
    check(
        "api = { catalog = \"openai-gpt-4o\" }",
        "",
        ErrorKind::InvalidValue,
        "options[0]",
        "exactly one of `api`, `self_hosted` and `hybrid`",
    );
}

#[test]
fn empty_malformed_and_versioned_files() {
    check_text("", Format::Toml, ErrorKind::Syntax, "", "empty");
    check_text("   \n", Format::Json, ErrorKind::Syntax, "", "empty");
    check_text(
        "{\"schema_version\": 1, \"name\": ",
        Format::Json,
        ErrorKind::Syntax,
        "name",
        "EOF",
    );
    check_text("[]", Format::Json, ErrorKind::Syntax, "", "must be a JSON object");
    let json = llm_tco::ScenarioFile::parse(llm_tco::DEFAULT_SCENARIO_TOML, Format::Toml)
        .expect("default")
        .to_json();
    check_text(
        &format!("{json} trailing"),
        Format::Json,
        ErrorKind::Syntax,
        "",
        "trailing characters",
    );
    check(
        "schema_version = 1",
        "schema_version = 3",
        ErrorKind::SchemaVersion,
        "schema_version",
        "reads schema_version 1 and 2",
    );
    check(
        "schema_version = 1\n",
        "",
        ErrorKind::SchemaVersion,
        "schema_version",
        "missing",
    );
    let huge = "#".repeat(llm_tco::MAX_DOCUMENT_BYTES + 1);
    check_text(&huge, Format::Toml, ErrorKind::Limit, "", "at most");
}

#[test]
fn zero_length_ranges_and_limits() {
    check(
        "[workload]",
        "[range]\nmin_tokens_per_day = 1000\nmax_tokens_per_day = 1000\n[workload]",
        ErrorKind::InvalidValue,
        "range.max_tokens_per_day",
        "the highest volume must be above the lowest (1000 tokens/day), found 1000",
    );
    check(
        "capacity_tokens_per_s = 1000",
        "capacity_tokens_per_s = 1000\nn_gpus = 0",
        ErrorKind::InvalidValue,
        "options[1].self_hosted.n_gpus",
        "must be a positive multiple of the GPUs per replica (1), found 0",
    );
    check(
        "[workload]",
        "[range]\npoints = 1\n[workload]",
        ErrorKind::Limit,
        "range.points",
        "between 2 and",
    );
    check(
        "[workload]",
        "[range]\npoints = 1000000\n[workload]",
        ErrorKind::Limit,
        "range.points",
        "between 2 and",
    );
}

#[test]
fn an_empty_catalog_names_no_ids() {
    let empty = Catalog::from_file(Default::default()).expect("empty catalog");
    let err = Scenario::parse(BASE, Format::Toml, &empty).expect_err("nothing to find");
    assert_eq!(err.kind(), ErrorKind::UnknownId);
    assert!(err.message().contains("the catalog has none"), "{err}");
}

#[test]
fn toml_syntax_errors_give_the_line_and_integers_read_as_toml_defines_them() {
    // A duplicate key on line 4 of the document, an unclosed table header on
    // line 8, a value that is no TOML value on line 7 (the base starts with
    // an empty line).
    let duplicate = BASE.replacen("name = \"bad input\"", "name = \"bad input\"\nname = \"again\"", 1);
    check_text(&duplicate, Format::Toml, ErrorKind::Syntax, "", "(line 4, column 1)");
    let unclosed = BASE.replacen("[[options]]", "[[options]", 1);
    check_text(&unclosed, Format::Toml, ErrorKind::Syntax, "", "(line 8, column");
    let bare = BASE.replacen(
        "output_tokens_per_request = 200",
        "output_tokens_per_request = twohundred",
        1,
    );
    check_text(&bare, Format::Toml, ErrorKind::Syntax, "", "(line 7, column");

    // Hexadecimal, octal, binary and underscores are the integers they write.
    for written in ["0xc8", "0o310", "0b11001000", "2_00", "+200"] {
        let text = BASE.replacen(
            "output_tokens_per_request = 200",
            &format!("output_tokens_per_request = {written}"),
            1,
        );
        let s = Scenario::parse(&text, Format::Toml, &Catalog::builtin()).expect(written);
        assert_eq!(
            s.workload().output_tokens_per_request(),
            llm_tco::Decimal::from(200),
            "{written}"
        );
    }
    // The toml crate reads integers up to 2^64 − 1 (validation then names
    // the allowed range); one past is an error at its field.
    check_text(
        &BASE.replacen(
            "output_tokens_per_request = 200",
            "output_tokens_per_request = 9223372036854775808",
            1,
        ),
        Format::Toml,
        ErrorKind::Limit,
        "workload.output_tokens_per_request",
        "1,000,000,000",
    );
    check_text(
        &BASE.replacen(
            "output_tokens_per_request = 200",
            "output_tokens_per_request = 18446744073709551616",
            1,
        ),
        Format::Toml,
        ErrorKind::Syntax,
        "workload.output_tokens_per_request",
        "outside the 64-bit integers (line 7, column 29)",
    );
    // A float too large for f64 is not finite: an error at its field.
    check_text(
        &BASE.replacen(
            "output_tokens_per_request = 200",
            "output_tokens_per_request = 1e999",
            1,
        ),
        Format::Toml,
        ErrorKind::Syntax,
        "workload.output_tokens_per_request",
        "1e999 is not a finite number",
    );
}

#[test]
fn a_struct_written_as_an_array_of_the_wrong_length_is_an_error_at_its_field() {
    // serde reads a struct from an array field by field, in order (as
    // serde_json and the toml crate do for any Rust program); a wrong
    // number of elements is an error that names the field and the struct.
    let text = r#"{"schema_version": 1, "name": "x",
        "workload": ["1000", 1, 1],
        "options": [{"name": "a", "api": {"catalog": "openai-gpt-4o"}}]}"#;
    check_text(
        text,
        Format::Json,
        ErrorKind::Syntax,
        "workload",
        "expected struct WorkloadSpec with 12 elements",
    );
    let text = "schema_version = 1\nname = \"x\"\nworkload = [\"1000\", 1, 1]\n";
    check_text(
        text,
        Format::Toml,
        ErrorKind::Syntax,
        "workload",
        "expected struct WorkloadSpec with 12 elements",
    );
}
