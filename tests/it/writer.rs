//! The library writes JSON with its own writer (`write.rs`, `ToJson`), not
//! serde's derived one; the types still derive `Serialize` for library
//! users. These tests hold the two to the same bytes, pretty and compact,
//! on every kind of document and report the surfaces write.

use llm_tco::calibration::CalibrationFile;
use llm_tco::estimate::{estimate, EstimateInput};
use llm_tco::guide::{guide, GuideAnswers};
use llm_tco::montecarlo::monte_carlo;
use llm_tco::pair::Pair;
use llm_tco::scenario::ScenarioFile;
use llm_tco::sensitivity::sensitivity;
use llm_tco::timeline::payback;
use llm_tco::usage::{reprice, ImportOptions, UsageImport};
use llm_tco::{evaluate, Catalog, CatalogFile, Decimal, Format, Scenario, ToJson};
use llm_tco_tests::root;
use proptest::prelude::*;
use serde::Serialize;

/// Ours against serde_json's, pretty and compact; returns how many bytes.
fn same<T: Serialize + ToJson>(what: &str, value: &T) -> usize {
    let pretty = llm_tco::to_json(value);
    assert_eq!(
        pretty,
        serde_json::to_string_pretty(value).unwrap() + "\n",
        "{what}, pretty"
    );
    let compact = llm_tco::to_compact_json(value);
    assert_eq!(compact, serde_json::to_string(value).unwrap(), "{what}, compact");
    pretty.len()
}

fn scenario_files() -> Vec<(String, ScenarioFile)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root().join("fixtures/scenarios")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        out.push((
            name.clone(),
            ScenarioFile::parse(&text, Format::from_path(&name).unwrap()).unwrap(),
        ));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 6);
    out
}

#[test]
fn documents_are_written_as_serde_writes_them() {
    for (name, file) in scenario_files() {
        same(&name, &file);
    }
    for entry in std::fs::read_dir(root().join("crates/llm-tco/catalog")).unwrap() {
        let path = entry.unwrap().path();
        let file = CatalogFile::parse(&std::fs::read_to_string(&path).unwrap(), Format::Json).unwrap();
        assert!(same(&path.display().to_string(), &file) > 3_000);
    }
    let calibration =
        CalibrationFile::parse(&std::fs::read_to_string(root().join("fixtures/calibration.json")).unwrap()).unwrap();
    same("calibration", &calibration);
}

#[test]
fn reports_are_written_as_serde_writes_them() {
    let catalog = Catalog::builtin();
    for (name, file) in scenario_files() {
        let scenario = Scenario::from_file(&file, &catalog).unwrap();
        same(&format!("{name}: report"), &evaluate(&scenario).unwrap());
        same(&format!("{name}: payback"), &payback(&scenario).unwrap());
        if let Ok(pair) = Pair::choose(&scenario, None, None) {
            same(
                &format!("{name}: sensitivity"),
                &sensitivity(&scenario, pair, Decimal::new(2, 1)).unwrap(),
            );
            if !scenario.uncertainty().is_empty() {
                same(
                    &format!("{name}: Monte Carlo"),
                    &monte_carlo(&scenario, pair, 200, 7).unwrap(),
                );
            }
        }
    }
    let scenario = llm_tco::default_scenario();
    for entry in std::fs::read_dir(root().join("fixtures/usage")).unwrap() {
        let path = entry.unwrap().path();
        let mut import = UsageImport::new(ImportOptions {
            tier_thresholds: llm_tco::usage::tier_thresholds(&scenario),
            ..ImportOptions::default()
        });
        import.push_chunk(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let summary = import.finish().unwrap();
        same(&format!("{}: summary", path.display()), &summary.report().unwrap());
        same(
            &format!("{}: repriced", path.display()),
            &reprice(&summary, &scenario).unwrap(),
        );
    }
    for (model, gpu, gpus, weights, engine) in [
        ("llama-3.1-8b", "h100-sxm", 1, "fp16", None),
        ("llama-3.1-70b", "a100-80gb-sxm", 4, "awq_int4", Some("vllm")),
        ("mistral-7b-v0.3", "a10g", 1, "gguf_q4_k_m", None),
    ] {
        let input = EstimateInput {
            model: model.into(),
            gpu: gpu.into(),
            gpus,
            weights: weights.into(),
            kv_cache: "fp8".into(),
            input_tokens: 1500,
            output_tokens: 300,
            concurrency: Some(16),
            engine: engine.map(Into::into),
            min_output_tokens_per_s_per_user: Some(12.5),
            max_ttft_ms: Some(800.0),
        };
        same(&format!("{model} on {gpus} {gpu}: request"), &input);
        same(
            &format!("{model} on {gpus} {gpu}"),
            &estimate(&input, &catalog).unwrap(),
        );
    }
    for (privacy, frontier, team, tokens_per_day) in [(true, false, false, 1_000), (false, true, true, 50_000_000)] {
        let answers = GuideAnswers {
            privacy,
            frontier_reasoning: frontier,
            infra_team: team,
            tokens_per_day: Decimal::from(tokens_per_day),
            narrow_task: !privacy,
            offline: privacy,
        };
        same("guide answers", &answers);
        same("guide", &guide(&answers).unwrap());
    }
}

proptest! {
    /// Any text in a scenario (here its name and notes) is escaped as
    /// serde_json escapes it: quotes, backslashes, every control character,
    /// and other characters as they are.
    #[test]
    fn any_text_is_escaped_as_serde_escapes_it(name in "\\PC*", note in "[\\x00-\\x7f\u{80}\u{2028}\u{feff}\u{1F600}]{0,40}") {
        let (_, mut file) = scenario_files().swap_remove(0);
        file.name = name;
        file.notes = vec![note.clone(), note];
        same("scenario", &file);
    }
}
