//! The npm package `llm-tco`: a thin wasm-bindgen layer over the `llm-tco`
//! library. Every function takes a plain JavaScript object or a JSON (or
//! TOML) string, and returns plain objects whose money fields are decimal
//! strings. Errors are JavaScript `Error`s whose message starts with the
//! field path (`options[2].self_hosted.rented.usd_per_gpu_hour: ...`).
//!
//! The `*Json` variants return the exact JSON text the CLI prints, byte for
//! byte.

use llm_tco::{Catalog, Format, ScenarioFile};
use std::cell::OnceCell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The built-in catalog, parsed once per module instance.
    static CATALOG: OnceCell<Catalog> = const { OnceCell::new() };
}

fn with_catalog<T>(f: impl FnOnce(&Catalog) -> T) -> T {
    CATALOG.with(|c| f(c.get_or_init(Catalog::builtin)))
}

/// One JavaScript `Error` for every failure.
fn js_error(message: impl std::fmt::Display) -> JsError {
    JsError::new(&message.to_string())
}

/// The text of an input: a string as it is, an object as JSON. `what` names
/// the argument in errors.
fn input_text(value: &JsValue, what: &str) -> Result<(String, Format), JsError> {
    if value.is_undefined() || value.is_null() {
        return Err(js_error(format!(
            "{what}: expected an object or a JSON or TOML string, found {}",
            if value.is_null() { "null" } else { "undefined" }
        )));
    }
    let text = match value.as_string() {
        Some(s) => s,
        None if value.is_object() => js_sys::JSON::stringify(value)
            .map_err(|_| {
                js_error(format!(
                    "{what}: the object cannot be turned into JSON (a cycle or a BigInt?)"
                ))
            })?
            .as_string()
            .unwrap_or_default(),
        None => {
            return Err(js_error(format!(
                "{what}: expected an object or a JSON or TOML string, found {}",
                value.js_typeof().as_string().unwrap_or_default()
            )))
        }
    };
    if text.len() > llm_tco::MAX_DOCUMENT_BYTES {
        return Err(js_error(format!(
            "{what}: {} bytes; at most {} bytes are read",
            text.len(),
            llm_tco::MAX_DOCUMENT_BYTES
        )));
    }
    let format = Format::sniff(&text);
    Ok((text, format))
}

/// Today's date in UTC, for scenarios that do not say when they are made
/// (the library has no clock; the CLI does the same).
fn today() -> Option<String> {
    let now = js_sys::Date::new_0();
    let days = (now.get_time() / 86_400_000.0).floor();
    if !days.is_finite() {
        return None;
    }
    llm_tco::Date::from_days_since_epoch(days as i64).map(|d| d.to_string())
}

fn report(scenario: &JsValue) -> Result<llm_tco::Report, JsError> {
    let (text, format) = input_text(scenario, "scenario")?;
    let mut file = ScenarioFile::parse(&text, format).map_err(js_error)?;
    if file.as_of.is_none() {
        file.as_of = today();
    }
    with_catalog(|catalog| {
        let scenario = llm_tco::Scenario::from_file(&file, catalog).map_err(js_error)?;
        llm_tco::evaluate(&scenario).map_err(js_error)
    })
}

fn parse_json(text: &str) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(text).map_err(|_| js_error("internal: the report is not valid JSON"))
}

/// The full comparison of a scenario, as the JSON text `llm-tco compare
/// --format json` prints.
#[wasm_bindgen(js_name = evaluateJson)]
pub fn evaluate_json(scenario: JsValue) -> Result<String, JsError> {
    Ok(report(&scenario)?.to_json())
}

/// The full comparison of a scenario: every option's monthly cost and
/// lines, exact curves and sampled points, crossings, warnings and
/// assumptions.
#[wasm_bindgen]
pub fn evaluate(scenario: JsValue) -> Result<JsValue, JsError> {
    parse_json(&report(&scenario)?.to_json())
}

/// The break-even part of the comparison: every self-hosted option against
/// every API option, with the volume above which self-hosting stays
/// cheaper.
#[wasm_bindgen(js_name = breakEven)]
pub fn break_even(scenario: JsValue) -> Result<JsValue, JsError> {
    let r = report(&scenario)?;
    let doc = serde_json::json!({
        "scenario": r.scenario,
        "range": r.range,
        "break_even": r.break_even,
    });
    parse_json(&doc.to_string())
}

/// Memory and throughput of one model on one replica of GPUs, as
/// `llm-tco estimate --format json` prints it.
#[wasm_bindgen(js_name = estimateJson)]
pub fn estimate_json(request: JsValue) -> Result<String, JsError> {
    let (text, format) = input_text(&request, "request")?;
    let input = llm_tco::estimate::EstimateInput::parse(&text, format).map_err(js_error)?;
    with_catalog(|catalog| {
        llm_tco::estimate::estimate(&input, catalog)
            .map(|r| r.to_json())
            .map_err(js_error)
    })
}

/// Memory and throughput of one model on one replica of GPUs.
#[wasm_bindgen]
pub fn estimate(request: JsValue) -> Result<JsValue, JsError> {
    parse_json(&estimate_json(request)?)
}

/// The built-in catalog: API offers, GPUs, GPU prices, models and engine
/// profiles, each entry with its source and date.
#[wasm_bindgen]
pub fn catalog() -> Result<JsValue, JsError> {
    let json = with_catalog(|c| {
        serde_json::json!({
            "api": c.api_offers(),
            "gpus": c.gpus(),
            "models": c.models(),
            "purchase": c.purchase_prices(),
            "cloud": c.cloud_prices(),
            "engines": c.engines(),
        })
        .to_string()
    });
    parse_json(&json)
}

/// The library's version.
#[wasm_bindgen(js_name = libraryVersion)]
pub fn library_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
