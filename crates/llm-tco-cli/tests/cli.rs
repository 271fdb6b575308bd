//! The `llm-tco` binary, run as a user runs it.

use llm_tco_tests::{check_snapshot, root, scenario_fixtures};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_llm-tco"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run llm-tco")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("utf-8")
}

/// Runs `args`, expects exit code 2 and one line on stderr containing every
/// part of `says`.
fn check_bad(args: &[&str], says: &[&str]) {
    let out = run(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    for s in says {
        assert!(err.contains(s), "{args:?}: {err:?} should contain {s:?}");
    }
    assert!(stdout(&out).is_empty());
}

#[test]
fn compare_with_no_file_prints_the_default_table() {
    let out = run(&["compare"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    check_snapshot("cli-compare-default.txt", &text);
    for line in text.lines() {
        assert!(line.chars().count() <= 100, "wider than 100 columns: {line}");
    }
}

#[test]
fn json_output_is_the_library_report_for_every_fixture() {
    for path in scenario_fixtures() {
        let p = path.to_string_lossy().to_string();
        let out = run(&["compare", &p, "--format", "json"]);
        assert!(out.status.success(), "{p}: {}", stderr(&out));
        let text = std::fs::read_to_string(&path).expect("read");
        let scenario = llm_tco::Scenario::parse(
            &text,
            llm_tco::Format::from_path(&p).expect("fixture extension"),
            &llm_tco::Catalog::builtin(),
        )
        .expect("parse");
        assert_eq!(
            stdout(&out),
            llm_tco::evaluate(&scenario).expect("evaluate").to_json(),
            "{p}"
        );
    }
}

#[test]
fn csv_output_has_a_row_per_line_and_a_total_per_option() {
    let out = run(&["compare", "fixtures/scenarios/default.toml", "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let mut rows = text.lines();
    assert_eq!(rows.next(), Some("option,kind,item,usd_per_month"));
    let totals: Vec<&str> = text.lines().filter(|l| l.contains(",total,")).collect();
    assert_eq!(totals.len(), 6);
    assert!(text.contains("Claude Opus 5,api,total,2192.53\n"), "{text}");
    assert!(
        text.contains("\"gpt-oss-120b on B200, rented\",self_hosted,gpu_rent,5102.70\n"),
        "{text}"
    );
}

#[test]
fn svg_chart_is_written() {
    let dir = std::env::temp_dir().join(format!("llm-tco-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("chart.svg");
    let out = run(&["compare", "--svg", file.to_str().expect("path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let svg = std::fs::read_to_string(&file).expect("svg written");
    assert!(svg.starts_with("<svg"), "{}", &svg[..40.min(svg.len())]);
    for name in [
        "Claude Opus 5",
        "gpt-oss-120b on B200, rented",
        "your volume: 10M/day",
        "35.7M/day",
        "tokens per day",
    ] {
        assert!(svg.contains(name), "the chart shows {name}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn catalog_lists_every_kind() {
    let out = run(&["catalog"]);
    assert!(out.status.success());
    let text = stdout(&out);
    for id in ["openai-gpt-4o", "h100-sxm", "lambda-gpu-1x-h100-sxm5", "llama-3.1-70b"] {
        assert!(text.contains(id), "{id}");
    }
    // Display names and prices, with the ids (the keys a scenario names).
    let line = |id: &str| {
        text.lines()
            .find(|l| l.ends_with(&format!(" {id}")))
            .unwrap_or_else(|| panic!("a line for {id}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        line("openai-gpt-5.6-terra"),
        "GPT-5.6 Terra OpenAI 2 12 0.2 -50% 2026-08-12 openai-gpt-5.6-terra"
    );
    assert_eq!(
        line("fireworks_ai-gpt-oss-120b"),
        "gpt-oss-120b Fireworks AI 0.15 0.6 0.015 - 2026-08-12 fireworks_ai-gpt-oss-120b"
    );
    assert_eq!(
        line("lambda-gpu-1x-b200-sxm6"),
        "Lambda, 1x NVIDIA B200 SXM 6.99 - - 2026 lambda-gpu-1x-b200-sxm6"
    );
    assert_eq!(
        line("nebius-gpu-h100-sxm-1gpu-16vcpu-200gb"),
        "Nebius, 1x NVIDIA H100 SXM5 80GB 2.95 - 1.25 2026 nebius-gpu-h100-sxm-1gpu-16vcpu-200gb"
    );
    assert_eq!(
        line("semianalysis-tco-b200-sxm"),
        "SemiAnalysis AI Cloud TCO model: NVIDIA B200 SXM 1.95 2.34 2.9 2026-03 semianalysis-tco-b200-sxm"
    );
    assert_eq!(
        line("b200-sxm"),
        "NVIDIA B200 SXM (HGX/DGX B200) 180 8000 2250 4500 9000 1000 b200-sxm"
    );
    assert_eq!(
        line("qwen3-30b-a3b"),
        "Qwen3 30B-A3B (MoE) 30.5B 3.35B 48 40960 qwen3-30b-a3b"
    );
    let out = run(&["catalog", "--kind", "gpu-price", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert!(doc["tco"].as_array().is_some_and(|t| !t.is_empty()));
    let out = run(&["catalog", "--kind", "gpu", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert!(doc["gpus"].as_array().is_some_and(|g| g.len() >= 12));
    assert!(doc.get("api").is_none());
    assert_eq!(
        doc["gpus"][0]["source"]["title"].as_str().map(|s| !s.is_empty()),
        Some(true)
    );
}

#[test]
fn a_catalog_file_adds_a_gpu() {
    let dir = std::env::temp_dir().join(format!("llm-tco-cat-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let cat = dir.join("mine.toml");
    std::fs::write(&cat, "[[gpus]]\nid = \"b200\"\nname = \"B200\"\nmemory_gb = 192\nmem_bw_gbps = 8000\ntdp_w = 1000\nsource = \"vendor\"\n")
        .expect("write");
    let out = run(&["catalog", "--kind", "gpu", "--catalog", cat.to_str().expect("path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("b200"));
    std::fs::write(&cat, "[[gpus]]\nid = \"b200\"\nname = \"B200\"\nmemory_gb = \"lots\"\n").expect("write");
    check_bad(
        &["catalog", "--catalog", cat.to_str().expect("path")],
        &["mine.toml", "gpus[0].memory_gb"],
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_input_exits_2_with_one_line_naming_file_and_field() {
    let dir = std::env::temp_dir().join(format!("llm-tco-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let base = std::fs::read_to_string(root().join("fixtures/scenarios/default.toml")).expect("read");
    let cases: [(&str, &str, &str, &[&str]); 4] = [
        (
            "price.toml",
            "rented = { offer = \"lambda-gpu-1x-b200-sxm6\" }",
            "rented = { usd_per_gpu_hour = \"-3\" }",
            &[
                "price.toml",
                "options[4].self_hosted.rented.usd_per_gpu_hour",
                "must not be negative",
            ],
        ),
        (
            "id.toml",
            "catalog = \"anthropic-claude-opus-5\"",
            "catalog = \"claude-opus-5\"",
            &["id.toml", "options[0].api.catalog", "anthropic-claude-opus-5"],
        ),
        (
            "type.toml",
            "horizon_months = 24",
            "horizon_months = \"two years\"",
            &["type.toml", "workload.horizon_months"],
        ),
        (
            "version.toml",
            "schema_version = 1",
            "schema_version = 0",
            &["version.toml", "schema_version", "reads schema_version 1"],
        ),
    ];
    for (name, from, to, says) in cases {
        assert!(base.contains(from), "{from}");
        let file = dir.join(name);
        std::fs::write(&file, base.replacen(from, to, 1)).expect("write");
        check_bad(&["compare", file.to_str().expect("path")], says);
    }
    let empty = dir.join("empty.json");
    std::fs::write(&empty, "").expect("write");
    check_bad(&["compare", empty.to_str().expect("path")], &["empty.json", "empty"]);
    check_bad(&["compare", "no/such/file.toml"], &["no/such/file.toml", "cannot read"]);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn unknown_flags_exit_2() {
    let out = run(&["compare", "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("yaml"));
}

#[test]
fn the_readme_scenario_example_reads_and_compares() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let start = readme
        .find("```toml\nschema_version = 2")
        .expect("README.md has its scenario example")
        + "```toml\n".len();
    let end = start + readme[start..].find("```").expect("the example's fence closes");
    let dir = std::env::temp_dir().join(format!("llm-tco-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("readme.toml");
    std::fs::write(&path, &readme[start..end]).expect("write");
    let out = run(&["compare", path.to_str().expect("utf-8 path")]);
    std::fs::remove_dir_all(&dir).ok();
    assert!(out.status.success(), "README.md's scenario example: {}", stderr(&out));
    assert!(stdout(&out).contains("Same, owned"), "{}", stdout(&out));
}

#[test]
fn the_readme_shows_the_real_output_of_estimate() {
    let out = run(&[
        "estimate",
        "--model",
        "llama-3.1-70b",
        "--gpu",
        "a100-80gb-sxm",
        "--gpus",
        "1",
        "--weights",
        "awq_int4",
        "--kv-cache",
        "fp16",
        "--input-tokens",
        "1000",
        "--output-tokens",
        "300",
        "--concurrency",
        "8",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    assert!(
        readme.contains(&format!("--output-tokens 300 --concurrency 8\n{}```", stdout(&out))),
        "README.md must show the current output of its `llm-tco estimate` example:\n{}",
        stdout(&out)
    );
}

#[test]
fn the_readme_shows_the_real_output_of_compare() {
    let out = run(&["compare"]);
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    assert!(
        readme.contains(&format!("```text\n{}```", stdout(&out))),
        "README.md must show the current output of `llm-tco compare`; paste it from tests/snapshots/cli-compare-default.txt"
    );
}

#[test]
fn estimate_prints_the_contract_fields_as_json() {
    let out = run(&[
        "estimate",
        "--model",
        "llama-3.1-8b",
        "--gpu",
        "h100-sxm",
        "--gpus",
        "1",
        "--weights",
        "bf16",
        "--kv-cache",
        "fp16",
        "--input-tokens",
        "1000",
        "--output-tokens",
        "200",
        "--concurrency",
        "4",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(doc["fits"], true);
    assert_eq!(doc["memory"]["weights_bytes"], 16_060_522_496_u64);
    assert_eq!(doc["memory"]["kv_cache_bytes_per_token"], 131_072);
    for field in [
        "max_output_tokens_per_s",
        "per_user_output_tokens_per_s",
        "ttft_ms",
        "batch_size",
    ] {
        assert!(doc[field].as_f64().is_some_and(|v| v > 0.0), "{field}: {}", doc[field]);
    }
    assert_eq!(doc["request"]["concurrency"], 4);
    assert!(doc["batch_bound"].is_string());
    let table = run(&[
        "estimate",
        "--model",
        "llama-3.1-70b",
        "--gpu",
        "rtx-4090",
        "--weights",
        "awq_int4",
        "--input-tokens",
        "500",
        "--output-tokens",
        "100",
    ]);
    assert!(table.status.success());
    assert!(stdout(&table).contains("Does not fit"), "{}", stdout(&table));
}

/// `estimate` on a small valid request (Llama 3.1 8B on an H100, 10 in and
/// 10 out), with `flags` replacing its values or added to them.
fn estimate_args(flags: &[(&str, &str)]) -> Vec<String> {
    let mut pairs: Vec<(String, String)> = [
        ("--model", "llama-3.1-8b"),
        ("--gpu", "h100-sxm"),
        ("--input-tokens", "10"),
        ("--output-tokens", "10"),
    ]
    .iter()
    .map(|(f, v)| (f.to_string(), v.to_string()))
    .collect();
    for (flag, value) in flags {
        match pairs.iter_mut().find(|(f, _)| f == flag) {
            Some(p) => p.1 = value.to_string(),
            None => pairs.push((flag.to_string(), value.to_string())),
        }
    }
    // `--flag=value`, so that a value may start with a minus sign.
    std::iter::once("estimate".to_string())
        .chain(pairs.into_iter().map(|(f, v)| format!("{f}={v}")))
        .collect()
}

fn check_bad_estimate(flags: &[(&str, &str)], says: &[&str]) {
    let args = estimate_args(flags);
    check_bad(&args.iter().map(String::as_str).collect::<Vec<_>>(), says);
}

#[test]
fn estimate_bad_input_names_the_flag() {
    check_bad_estimate(&[("--weights", "q4")], &["--weights", "gguf_q4_k_m"]);
    check_bad_estimate(&[("--model", "llama3")], &["--model", "unknown model"]);
    check_bad_estimate(&[("--gpus", "0")], &["--gpus", "at least 1"]);
    check_bad_estimate(
        &[
            ("--model", "mistral-7b-v0.3"),
            ("--gpu", "l4"),
            ("--input-tokens", "40000"),
        ],
        &["--input-tokens", "context of 32768"],
    );
}

#[test]
fn estimate_latency_errors_name_the_flag_that_exists() {
    check_bad_estimate(
        &[("--min-tokens-per-s", "-5")],
        &["--min-tokens-per-s: must be a number above 0"],
    );
    check_bad_estimate(&[("--max-ttft-ms", "0")], &["--max-ttft-ms: must be a number above 0"]);
}

const QUALITY: &str = "fixtures/scenarios/article-002-support-quality.toml";

#[test]
fn analysis_commands_print_the_library_reports_as_json() {
    let cases: [(&[&str], &str); 5] = [
        (
            &["payback", QUALITY, "--format", "json"],
            "article-002-support-quality.payback.json",
        ),
        (&["payback", "--format", "json"], "default.payback.json"),
        (
            &[
                "sensitivity",
                QUALITY,
                "--self-hosted",
                "Mistral 7B fine-tuned, A10G rented",
                "--api",
                "GPT-4o",
                "--delta",
                "20",
                "--format",
                "json",
            ],
            "article-002-support-quality.sensitivity.json",
        ),
        (
            &[
                "montecarlo",
                QUALITY,
                "--seed",
                "42",
                "--samples",
                "2000",
                "--api",
                "GPT-4o",
                "--format",
                "json",
            ],
            "article-002-support-quality.montecarlo.json",
        ),
        (
            &[
                "usage",
                "import",
                "fixtures/usage/openai-export.csv",
                "--format",
                "json",
            ],
            "usage-openai-export.csv.json",
        ),
    ];
    for (args, snapshot) in cases {
        let out = run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let expected = std::fs::read_to_string(root().join("tests/snapshots").join(snapshot)).expect("snapshot");
        assert_eq!(stdout(&out), expected, "{args:?}");
    }
}

#[test]
fn analysis_tables_fit_100_columns_and_say_what_matters() {
    let checks: [(&[&str], &[&str]); 5] = [
        (
            &["payback", QUALITY],
            &["Payback:", "vs GPT-4o: pays back in month 3", "USD more by"],
        ),
        (
            &["sensitivity", QUALITY, "--api", "GPT-4o"],
            &["largest saving swing first", "tokens per day"],
        ),
        (
            &[
                "montecarlo",
                QUALITY,
                "--seed",
                "42",
                "--api",
                "GPT-4o",
                "--samples",
                "1000",
            ],
            &["P10", "Probability self-hosting is cheaper"],
        ),
        (
            &["usage", "import", "fixtures/usage/malformed.csv"],
            &["line 3: input_tokens", "4 malformed"],
        ),
        (&["compare", QUALITY], &["Cost per successful task", "Hybrid routing"]),
    ];
    for (args, says) in checks {
        let out = run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = stdout(&out);
        for s in says {
            assert!(text.contains(s), "{args:?} should print {s:?}:\n{text}");
        }
        for line in text.lines() {
            assert!(line.chars().count() <= 100, "wider than 100 columns: {line}");
        }
    }
    let out = run(&["compare", "fixtures/scenarios/on-premises.toml"]);
    assert!(stdout(&out).contains("ruled out"));
}

#[test]
fn sensitivity_writes_a_tornado_chart() {
    let dir = std::env::temp_dir().join(format!("llm-tco-tornado-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let svg = dir.join("tornado.svg");
    let out = run(&[
        "sensitivity",
        QUALITY,
        "--api",
        "GPT-4o",
        "--svg",
        &svg.to_string_lossy(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&svg).expect("svg written");
    assert!(
        text.starts_with("<svg") && text.contains("input moved down"),
        "{}",
        &text[..200.min(text.len())]
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn analysis_bad_input_names_the_flag_or_the_line() {
    check_bad(&["sensitivity", QUALITY, "--delta", "150"], &["--delta", "below 100"]);
    check_bad(
        &["sensitivity", QUALITY, "--delta", "lots"],
        &["--delta", "not a number"],
    );
    check_bad(
        &["sensitivity", QUALITY, "--api", "Nobody"],
        &["--api", "no option is named \"Nobody\"", "\"GPT-4o\""],
    );
    check_bad(
        &["sensitivity", QUALITY, "--self-hosted", "GPT-4o"],
        &["--self-hosted", "not a self-hosted option"],
    );
    check_bad(
        &["montecarlo", QUALITY, "--seed", "1", "--samples", "0"],
        &["--samples", "between 1 and 1000000"],
    );
    check_bad(
        &["montecarlo", "fixtures/scenarios/default.toml", "--seed", "1"],
        &["uncertainty", "no input as a range"],
    );
    // clap's own messages for a bad or missing seed.
    for args in [
        &["montecarlo", QUALITY, "--seed", "-3"][..],
        &["montecarlo", QUALITY][..],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("--seed") || stderr(&out).contains("-3"),
            "{}",
            stderr(&out)
        );
    }
    check_bad(
        &["usage", "import", "fixtures/usage/malformed.csv", "--on-error", "fail"],
        &["malformed.csv", "line 3", "input_tokens"],
    );
    check_bad(
        &["usage", "import", "no-such-log.csv"],
        &["no-such-log.csv", "cannot read"],
    );
    check_bad(
        &["usage", "import", "fixtures/scenarios/default.toml"],
        &["line 1", "no timestamp column"],
    );
    check_bad(&["payback", "no-such.toml"], &["no-such.toml"]);
}

/// A scratch directory of this test process.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("llm-tco-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

#[test]
fn catalog_import_prints_a_catalog_that_catalog_takes_and_the_skipped_entries_on_stderr() {
    let dir = scratch("import");
    for (from, file, as_of, offer) in [
        (
            "litellm",
            "fixtures/importers/litellm/model_prices_and_context_window.json",
            "2026-08-12",
            "anthropic-claude-sonnet-4-5",
        ),
        (
            "genai-prices",
            "fixtures/importers/genai-prices/data.json",
            "2026-08-21",
            "openai-o3",
        ),
        (
            "models-dev",
            "fixtures/importers/models-dev/api.json",
            "2026-08-12",
            "google-gemini-2.5-pro",
        ),
    ] {
        let out = run(&["catalog", "import", "--from", from, file, "--as-of", as_of]);
        assert!(out.status.success(), "{from}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.lines().next().unwrap().contains(&format!("as of {as_of}")), "{err}");
        assert!(err.lines().any(|l| l.starts_with("skipped ")), "{from}: {err}");
        let catalog = llm_tco::CatalogFile::parse(&stdout(&out), llm_tco::Format::Json).expect("a catalog file");
        assert!(catalog.api.iter().all(|o| o.as_of == as_of), "{from}");
        // The round trip: --catalog takes it, and a scenario prices an imported offer.
        let path = dir.join(format!("{from}.json"));
        std::fs::write(&path, stdout(&out)).unwrap();
        let path = path.to_string_lossy().to_string();
        let listed = run(&["catalog", "--kind", "api", "--catalog", &path]);
        assert!(listed.status.success(), "{}", stderr(&listed));
        assert!(stdout(&listed).contains(offer), "{from}");
        let scenario = dir.join(format!("{from}.toml"));
        std::fs::write(
            &scenario,
            format!(
                "schema_version = 1\nname = \"imported\"\nas_of = \"{as_of}\"\n[workload]\ntokens_per_day = \"1000000\"\n\
                 input_tokens_per_request = 1000\noutput_tokens_per_request = 200\n[[options]]\nname = \"imported\"\n\
                 api = {{ catalog = \"{offer}\" }}\n"
            ),
        )
        .unwrap();
        let compared = run(&[
            "compare",
            &scenario.to_string_lossy(),
            "--catalog",
            &path,
            "--format",
            "json",
        ]);
        assert!(compared.status.success(), "{from}: {}", stderr(&compared));
    }
    let out = run(&[
        "catalog",
        "import",
        "--from",
        "litellm",
        "fixtures/importers/litellm/model_prices_and_context_window.json",
        "--as-of",
        "2026-08-12",
    ]);
    assert!(stderr(&out).contains("skipped text-embedding-3-small: mode embedding is not chat"));
    assert!(stderr(&out).contains("warning xai/grok-4-fast-reasoning: xai bills the tier"));
    // Without --as-of: the file's modification date, and said.
    let out = run(&[
        "catalog",
        "import",
        "--from",
        "models.dev",
        "fixtures/importers/models-dev/api.json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the file's modification date"),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn catalog_model_from_config_prints_a_catalog_holding_the_model() {
    let dir = scratch("config");
    let out = run(&[
        "catalog",
        "model-from-config",
        "fixtures/importers/hf-config/Qwen__Qwen3-30B-A3B.config.json",
        "--id",
        "qwen3-30b-a3b-mine",
        "--name",
        "Qwen3 30B A3B (mine)",
        "--hf-repo",
        "Qwen/Qwen3-30B-A3B",
        "--as-of",
        "2026-12-01",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("30532122624 parameters, 3353032704 active"),
        "{}",
        stderr(&out)
    );
    let catalog = llm_tco::CatalogFile::parse(&stdout(&out), llm_tco::Format::Json).expect("a catalog file");
    assert_eq!(catalog.models.len(), 1);
    let m = &catalog.models[0];
    assert_eq!(
        (m.id.as_str(), m.name.as_str()),
        ("qwen3-30b-a3b-mine", "Qwen3 30B A3B (mine)")
    );
    assert_eq!(m.as_of.as_deref(), Some("2026-12-01"));
    let path = dir.join("model.json");
    std::fs::write(&path, stdout(&out)).unwrap();
    let est = run(&[
        "estimate",
        "--model",
        "qwen3-30b-a3b-mine",
        "--gpu",
        "h100-sxm",
        "--gpus",
        "1",
        "--weights",
        "fp8",
        "--kv-cache",
        "fp16",
        "--input-tokens",
        "1000",
        "--output-tokens",
        "200",
        "--catalog",
        &path.to_string_lossy(),
        "--format",
        "json",
    ]);
    assert!(est.status.success(), "{}", stderr(&est));
    let report: serde_json::Value = serde_json::from_str(&stdout(&est)).unwrap();
    assert_eq!(report["fits"], true);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn catalog_import_bad_input_names_the_file_the_flag_or_the_field() {
    check_bad(
        &[
            "catalog",
            "model-from-config",
            "fixtures/importers/hf-config/bad/gemma3_text_config_missing_hidden_size.json",
            "--id",
            "g",
        ],
        &[
            "gemma3_text_config_missing_hidden_size.json",
            "text_config.hidden_size",
            "missing",
        ],
    );
    check_bad(
        &[
            "catalog",
            "model-from-config",
            "fixtures/importers/hf-config/Qwen__Qwen3-8B.config.json",
            "--id",
            " ",
        ],
        &["--id", "needs an id"],
    );
    check_bad(
        &[
            "catalog",
            "import",
            "--from",
            "genai-prices",
            "fixtures/importers/litellm/model_prices_and_context_window.json",
            "--as-of",
            "2026-08-12",
        ],
        &["model_prices_and_context_window.json", "JSON array of providers"],
    );
    check_bad(
        &[
            "catalog",
            "import",
            "--from",
            "litellm",
            "fixtures/importers/litellm/model_prices_and_context_window.json",
            "--as-of",
            "2026-13-01",
        ],
        &["--as-of", "YYYY-MM-DD"],
    );
    check_bad(
        &[
            "catalog",
            "import",
            "--from",
            "litellm",
            "no-such-file.json",
            "--as-of",
            "2026-08-12",
        ],
        &["no-such-file.json", "cannot read"],
    );
    // clap: an unknown database, or --kind with a subcommand.
    for args in [
        &["catalog", "import", "--from", "openrouter", "x.json"][..],
        &["catalog", "--kind", "api", "import", "--from", "litellm", "x.json"][..],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn the_readme_shows_real_lines_of_payback() {
    let out = run(&["payback", "fixtures/scenarios/article-002-support-quality.toml"]);
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let start = readme
        .find("```text\nOption (USD, cumulative)")
        .expect("README.md shows the payback example's output");
    let block = &readme[start + "```text\n".len()..];
    let block = &block[..block.find("```").expect("the block ends")];
    assert!(
        stdout(&out).contains(block),
        "README.md must show lines of the current output of `llm-tco payback fixtures/scenarios/article-002-support-quality.toml`:\n{}",
        stdout(&out)
    );
}
