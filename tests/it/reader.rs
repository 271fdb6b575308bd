//! The library reads documents with its own typed reader (`read.rs`), not
//! serde's derived one; the types still derive `Deserialize` for library
//! users. These tests hold the two to the same answers: the same values on
//! every fixture and the built-in catalog, and, on documents with one
//! mutation each, the same verdict and the same message.

use llm_tco::calibration::CalibrationFile;
use llm_tco::estimate::EstimateInput;
use llm_tco::{CatalogFile, ErrorKind, Format, ScenarioFile};
use proptest::prelude::*;
use serde_json::Value;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every fixture scenario, as (file name, text, format).
fn fixture_scenarios() -> Vec<(String, String, Format)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root().join("fixtures/scenarios")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let format = Format::from_path(&name).unwrap();
        out.push((name, read(&path), format));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 6, "fixtures missing: {out:?}");
    out
}

#[test]
fn every_fixture_and_the_builtin_catalog_read_as_serde_reads_them() {
    for (name, text, format) in fixture_scenarios() {
        let ours = ScenarioFile::parse(&text, format).unwrap_or_else(|e| panic!("{name}: {e}"));
        let serdes: ScenarioFile = match format {
            Format::Json => serde_json::from_str(&text).unwrap(),
            Format::Toml => toml::from_str(&text).unwrap(),
        };
        assert_eq!(ours, serdes, "{name}");
        // And its JSON form, both ways.
        let json = ours.to_json();
        assert_eq!(
            ScenarioFile::parse(&json, Format::Json).unwrap(),
            ours,
            "{name} as JSON"
        );
    }
    let mut files = 0;
    for entry in std::fs::read_dir(root().join("crates/llm-tco/catalog")).unwrap() {
        let path = entry.unwrap().path();
        let text = read(&path);
        let ours = CatalogFile::parse(&text, Format::Json).unwrap();
        let serdes: CatalogFile = serde_json::from_str(&text).unwrap();
        assert_eq!(ours, serdes, "{}", path.display());
        files += 1;
    }
    assert_eq!(files, 5, "the built-in catalog's files");
    let text = read(&root().join("fixtures/calibration.json"));
    let serdes: CalibrationFile = serde_json::from_str(&text).unwrap();
    assert!(!serdes.rows.is_empty());
    assert_eq!(CalibrationFile::parse(&text).unwrap(), serdes);
    let request = r#"{"model": "llama-3.1-8b", "gpu": "l4", "gpus": 1, "weights": "bf16",
        "kv_cache": "fp16", "input_tokens": 1000, "output_tokens": 200, "concurrency": 8,
        "min_output_tokens_per_s_per_user": 12.5, "max_ttft_ms": 2000}"#;
    let serdes: EstimateInput = serde_json::from_str(request).unwrap();
    assert_eq!(EstimateInput::parse(request, Format::Json).unwrap(), serdes);
}

/// Every place in `value` where a mutation can go: the paths of object
/// members and array items, as JSON pointers.
fn places(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (k, v) in members {
                let here = format!("{at}/{k}");
                out.push(here.clone());
                places(v, here, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let here = format!("{at}/{i}");
                out.push(here.clone());
                places(v, here, out);
            }
        }
        _ => {}
    }
}

/// A replacement value of each JSON kind, the numbers chosen to cross the
/// readers' edges (negative, past u32, fractional, whole-valued floats).
fn replacement(kind: u8, n: i64, s: &str) -> Value {
    match kind % 11 {
        0 => Value::Null,
        1 => Value::Bool(n % 2 == 0),
        2 => Value::from(n),
        3 => Value::from(n.unsigned_abs()),
        4 => Value::from(u64::from(u32::MAX) + n.unsigned_abs() % 3),
        5 => Value::from(n as f64 / 7.0),
        6 => Value::from((n % 1000) as f64),
        7 => Value::from(s),
        8 => Value::from(format!("{}", n % 100_000)),
        9 => Value::Array(vec![Value::from(s)]),
        _ => serde_json::json!({ s: n }),
    }
}

/// serde_json's message without its " at line L column C".
fn without_position(message: &str) -> &str {
    message.rfind(" at line ").map_or(message, |i| &message[..i])
}

/// Ours without its " (line L, column C)".
fn without_our_position(message: &str) -> &str {
    message.rfind(" (line ").map_or(message, |i| &message[..i])
}

/// `message` with the float of "floating point `1e+16`" written by Rust's
/// `Display` (serde_json writes `1e+16`, ours `10000000000000000.0`: the
/// same value, compared as such).
fn float_written_out(message: &str) -> String {
    const TAG: &str = "floating point `";
    let Some(start) = message.find(TAG).map(|i| i + TAG.len()) else {
        return message.to_string();
    };
    let end = start + message[start..].find('`').unwrap();
    let value: f64 = message[start..end].parse().unwrap();
    format!("{}{value:?}{}", &message[..start], &message[end..])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// One mutation of a fixture (a value replaced, a member removed, or an
    /// unknown member added): both readers accept it with the same value,
    /// or both refuse it with the same message.
    #[test]
    fn one_mutation_is_read_alike(fixture in 0usize..6, place in any::<prop::sample::Index>(),
                                  action in 0u8..3, kind in any::<u8>(), n in any::<i64>(),
                                  s in "[a-z_]{1,12}") {
        let (name, text, format) = fixture_scenarios().swap_remove(fixture);
        let file = ScenarioFile::parse(&text, format).unwrap();
        let mut doc: Value = serde_json::from_str(&file.to_json()).unwrap();
        let mut all = Vec::new();
        places(&doc, String::new(), &mut all);
        let pointer = place.get(&all).clone();
        let (parent, last) = pointer.rsplit_once('/').unwrap();
        match action {
            0 => *doc.pointer_mut(&pointer).unwrap() = replacement(kind, n, &s),
            1 => match doc.pointer_mut(parent).unwrap() {
                Value::Object(members) => { members.remove(last); }
                Value::Array(items) => { items.remove(last.parse::<usize>().unwrap()); }
                _ => unreachable!(),
            },
            _ => if let Some(Value::Object(members)) = doc.pointer_mut(parent) {
                members.insert(format!("{s}_x"), replacement(kind, n, &s));
            },
        }
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let ours = ScenarioFile::parse(&text, Format::Json);
        let serdes = serde_json::from_str::<ScenarioFile>(&text);
        match (ours, serdes) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "{} {}", name, pointer),
            // The version is checked before anything else, and only by us.
            (Err(a), _) if a.kind() == ErrorKind::SchemaVersion => {
                prop_assert!(pointer == "/schema_version" || action == 1 && parent.is_empty(), "{}", a);
            }
            // serde_json alone reads a struct from an array, field by field
            // in order; documents write objects, and ours says so.
            (Err(a), _) if a.message().starts_with("invalid type: sequence, expected struct") => {
                prop_assert!(matches!(kind % 11, 9), "{}", a);
            }
            (Err(a), Err(b)) => {
                let theirs = b.to_string();
                let (ours, theirs) = (without_our_position(a.message()), without_position(&theirs));
                let (ours, theirs) = (float_written_out(ours), float_written_out(theirs));
                let enum_not_a_string = ours.starts_with("invalid type: ")
                    && (ours.contains("expected `") || ours.contains("expected one of `"));
                // A one-word enum written as something other than a string:
                // serde_json answers "expected value", or reads a map as a
                // variant with data; ours names the type found and the words
                // allowed. Both refuse it.
                prop_assert!(ours == theirs || enum_not_a_string, "{} {}: ours {:?}, serde's {:?}\n{}",
                             name, pointer, ours, theirs, text);
            }
            (a, b) => prop_assert!(false, "{} {}: ours {:?}, serde's {:?}\n{}", name, pointer, a.map(|_| ()),
                                   b.map(|_| ()), text),
        }
    }
}

/// The line and column (1-based) of the first `needle` in `text`.
fn line_column_of(text: &str, needle: &str) -> (usize, usize) {
    let offset = text.find(needle).unwrap();
    let line = text[..offset].matches('\n').count() + 1;
    let column = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

#[test]
fn a_json_error_names_the_field_and_the_line_and_column_of_its_value() {
    let text = r#"{"schema_version": 1, "name": "x",
  "workload": {"tokens_per_day": "1000", "input_tokens_per_request": 1, "output_tokens_per_request": 1},
  "options": [{"name": "a", "api": {"catalog": "openai-gpt-4o"}},
              {"name": "b\"]", "self_hosted": {"model": "m", "weights": "bf16", "gpu": "l4",
               "rented": {"usd_per_gpu_hour": 1.5}}}]}"#;
    let err = ScenarioFile::parse(text, Format::Json).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Syntax);
    assert_eq!(err.path(), "options[1].self_hosted.rented.usd_per_gpu_hour");
    let (line, column) = line_column_of(text, "1.5}");
    assert_eq!(
        err.message(),
        format!("invalid type: floating point `1.5`, expected a decimal string such as \"2.50\" (line {line}, column {column})")
    );

    // A missing field: the object that lacks it. An unknown or a repeated
    // one: the member itself. Keys with escapes are read as their text.
    let missing = text.replace(r#""gpu": "l4","#, "");
    let err = ScenarioFile::parse(&missing, Format::Json).unwrap_err();
    assert_eq!(err.path(), "options[1].self_hosted");
    let (line, column) = line_column_of(&missing, r#"{"model""#);
    assert_eq!(
        err.message(),
        format!("missing field `gpu` (line {line}, column {column})")
    );

    let unknown = text.replace(r#""gpu": "l4","#, r#""gpu": "l4", "g\u0070us": 2,"#);
    let err = ScenarioFile::parse(&unknown, Format::Json).unwrap_err();
    assert_eq!(err.path(), "options[1].self_hosted.gpus");
    assert!(
        err.message()
            .starts_with("unknown field `gpus`, expected one of `model`, `weights`"),
        "{err}"
    );
    let (line, column) = line_column_of(&unknown, "2,");
    assert!(
        err.message().ends_with(&format!("(line {line}, column {column})")),
        "{err}"
    );

    let twice = text.replace(r#""gpu": "l4","#, r#""gpu": "l4", "gpu": "a10g","#);
    let err = ScenarioFile::parse(&twice, Format::Json).unwrap_err();
    assert_eq!(err.path(), "options[1].self_hosted.gpu");
    let (line, column) = line_column_of(&twice, r#""l4""#);
    assert_eq!(
        err.message(),
        format!("duplicate field `gpu` (line {line}, column {column})")
    );

    // In TOML, the path alone (the line is the TOML parser's, for syntax).
    let err = ScenarioFile::parse(
        "schema_version = 1\nname = \"x\"\noptions = []\n[workload]\ninput_tokens_per_request = 1\noutput_tokens_per_request = -3\nbatch_share = [1]\n",
        Format::Toml,
    )
    .unwrap_err();
    assert_eq!(err.path(), "workload.batch_share");
    assert_eq!(
        err.message(),
        "invalid type: sequence, expected a number or a decimal string"
    );
}

#[test]
fn numbers_read_as_the_field_allows() {
    let doc = |points: &str| {
        format!(
            r#"{{"schema_version": 1, "name": "x", "options": [],
            "workload": {{"input_tokens_per_request": 1, "output_tokens_per_request": 1}},
            "range": {{"points": {points}}}}}"#
        )
    };
    let points = |text: &str| ScenarioFile::parse(&doc(text), Format::Json).map(|f| f.range.unwrap().points);
    assert_eq!(points("120").unwrap(), Some(120));
    assert_eq!(points("null").unwrap(), None);
    let message = |text: &str| points(text).unwrap_err().message().to_string();
    assert!(message("4294967296").starts_with("invalid value: integer `4294967296`, expected u32"));
    assert!(message("-1").starts_with("invalid value: integer `-1`, expected u32"));
    assert!(message("5.0").starts_with("invalid type: floating point `5.0`, expected u32"));
    assert!(message("\"5\"").starts_with("invalid type: string \"5\", expected u32"));
    // A schema version that is not the number 1 is named as written.
    let err = ScenarioFile::parse(
        &doc("2").replace(r#""schema_version": 1"#, r#""schema_version": "1""#),
        Format::Json,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SchemaVersion);
    assert_eq!(
        err.message(),
        "found \"1\"; this version of llm-tco reads schema_version 1 (line 1, column 20)"
    );
}
