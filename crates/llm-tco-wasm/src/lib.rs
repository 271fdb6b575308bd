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
    /// The message of the last panic, for the error the JavaScript entry
    /// throws in place of WebAssembly's bare `unreachable`.
    static LAST_PANIC: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Runs when the module loads: a panic aborts the WebAssembly call (the
/// package is built with `panic = "abort"`), so the hook keeps its message
/// for `lastPanicMessage`, and the package's entry turns the trap into an
/// `Error` that says what happened.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string().replace('\n', " ");
        LAST_PANIC.with(|p| {
            if let Ok(mut p) = p.try_borrow_mut() {
                *p = message;
            }
        });
    }));
}

/// The message of the last panic ("" when none happened).
#[wasm_bindgen(js_name = lastPanicMessage)]
pub fn last_panic_message() -> String {
    LAST_PANIC.with(|p| p.try_borrow().map(|s| s.clone()).unwrap_or_default())
}

/// Panics on purpose: the package's tests check that a panic becomes an
/// `Error` with its message and that the module keeps working.
#[wasm_bindgen(js_name = __llmTcoTestPanic)]
pub fn test_panic() {
    panic!("a deliberate panic, for the test of the panic message");
}

fn with_catalog<T>(f: impl FnOnce(&Catalog) -> T) -> T {
    CATALOG.with(|c| f(c.get_or_init(Catalog::builtin)))
}

/// One JavaScript `Error` for every failure.
fn js_error(message: impl std::fmt::Display) -> JsError {
    JsError::new(&message.to_string())
}

/// The text of an argument: a string as it is, a parsed object or array as
/// JSON (JavaScript writes numbers with their shortest digits, as the file
/// did), at most [`llm_tco::MAX_DOCUMENT_BYTES`]. `what` names the argument
/// in errors and `expected` says what it takes.
fn js_text(value: &JsValue, what: &str, expected: &str) -> Result<String, JsError> {
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
            let found = if value.is_null() {
                "null".to_string()
            } else {
                value.js_typeof().as_string().unwrap_or_default()
            };
            return Err(js_error(format!("{what}: expected {expected}, found {found}")));
        }
    };
    if text.len() > llm_tco::MAX_DOCUMENT_BYTES {
        return Err(js_error(format!(
            "{what}: {} bytes; at most {} bytes are read",
            text.len(),
            llm_tco::MAX_DOCUMENT_BYTES
        )));
    }
    Ok(text)
}

/// The text of an input and its format: a string as it is (JSON or TOML),
/// an object as JSON.
fn input_text(value: &JsValue, what: &str) -> Result<(String, Format), JsError> {
    let text = js_text(value, what, "an object or a JSON or TOML string")?;
    let format = Format::sniff(&text);
    Ok((text, format))
}

/// Today's date in UTC, for scenarios that do not say when they are made
/// (the library has no clock; the CLI and the page do the same).
fn today() -> Option<llm_tco::Date> {
    llm_tco::Date::from_unix_ms(js_sys::Date::now())
}

/// A validated scenario from a JavaScript value.
fn load(scenario: &JsValue) -> Result<llm_tco::Scenario, JsError> {
    let (text, format) = input_text(scenario, "scenario")?;
    let file = ScenarioFile::parse(&text, format).map_err(js_error)?;
    with_catalog(|catalog| llm_tco::Scenario::from_file_on(&file, catalog, today()).map_err(js_error))
}

fn report(scenario: &JsValue) -> Result<llm_tco::Report, JsError> {
    llm_tco::evaluate(&load(scenario)?).map_err(js_error)
}

/// A property of an options object, `undefined` when absent.
fn prop(options: &JsValue, key: &str) -> Result<JsValue, JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(JsValue::UNDEFINED);
    }
    if !options.is_object() {
        return Err(js_error(format!(
            "options: expected an object, found {}",
            options.js_typeof().as_string().unwrap_or_default()
        )));
    }
    js_sys::Reflect::get(options, &JsValue::from_str(key))
        .map_err(|_| js_error(format!("options.{key}: cannot be read")))
}

fn opt_string(options: &JsValue, key: &str) -> Result<Option<String>, JsError> {
    let v = prop(options, key)?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string()
        .map(Some)
        .ok_or_else(|| js_error(format!("options.{key}: expected a string")))
}

/// A whole number from a number, a decimal string or a BigInt.
fn opt_whole(options: &JsValue, key: &str, max: u64) -> Result<Option<u64>, JsError> {
    let v = prop(options, key)?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    let text = if v.is_bigint() {
        js_sys::BigInt::from(v.clone())
            .to_string(10)
            .ok()
            .and_then(|s| s.as_string())
    } else if let Some(x) = v.as_f64() {
        (x.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(&x)).then(|| (x as u64).to_string())
    } else {
        v.as_string()
    };
    text.and_then(|t| t.trim().parse::<u64>().ok())
        .filter(|n| *n <= max)
        .map(Some)
        .ok_or_else(|| {
            js_error(format!(
                "options.{key}: expected a whole number from 0 to {max} (a number, a decimal string or a BigInt)"
            ))
        })
}

fn pair(scenario: &llm_tco::Scenario, options: &JsValue) -> Result<llm_tco::analysis::pair::Pair, JsError> {
    let sh = opt_string(options, "selfHosted")?;
    let api = opt_string(options, "api")?;
    llm_tco::analysis::pair::Pair::choose(scenario, sh.as_deref(), api.as_deref()).map_err(|e| {
        js_error(format!(
            "options.{}: {}",
            if e.path() == "api" { "api" } else { "selfHosted" },
            e.message()
        ))
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
    let input = llm_tco::spec::estimate::EstimateInput::parse(&text, format).map_err(js_error)?;
    with_catalog(|catalog| {
        llm_tco::sizing::report::estimate(&input, catalog)
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
            "tco": c.tco_bases(),
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

/// Every option month by month over the workload's horizon, with growth and
/// one-time costs, and the payback month of each self-hosted (or hybrid)
/// option against each API option; the JSON `llm-tco payback --format json`
/// prints.
#[wasm_bindgen(js_name = paybackJson)]
pub fn payback_json(scenario: JsValue) -> Result<String, JsError> {
    let s = load(&scenario)?;
    llm_tco::analysis::payback::payback(&s)
        .map(|r| llm_tco::to_json(&r))
        .map_err(js_error)
}

/// [`payback_json`] as an object.
#[wasm_bindgen]
pub fn payback(scenario: JsValue) -> Result<JsValue, JsError> {
    parse_json(&payback_json(scenario)?)
}

/// Each numeric input moved down and up by `options.delta` (a share, default
/// 0.2), one at a time: the saving and break-even of `options.selfHosted`
/// against `options.api` (default: the first of each), largest swing first.
#[wasm_bindgen(js_name = sensitivityJson)]
pub fn sensitivity_json(scenario: JsValue, options: JsValue) -> Result<String, JsError> {
    let s = load(&scenario)?;
    let p = pair(&s, &options)?;
    let delta = match prop(&options, "delta")? {
        v if v.is_undefined() || v.is_null() => llm_tco::analysis::sensitivity::DEFAULT_DELTA,
        v => {
            let text = v
                .as_f64()
                .map(llm_tco::base::float::shortest_text)
                .or_else(|| v.as_string())
                .unwrap_or_default();
            text.trim()
                .parse::<llm_tco::Decimal>()
                .map_err(|_| js_error("options.delta: expected a share such as 0.2 (a number or a decimal string)"))?
        }
    };
    llm_tco::analysis::sensitivity::sensitivity(&s, p, delta)
        .map(|r| llm_tco::to_json(&r))
        .map_err(|e| match e.path() {
            "delta" => js_error(format!("options.delta: {}", e.message())),
            _ => js_error(e),
        })
}

/// [`sensitivity_json`] as an object.
#[wasm_bindgen]
pub fn sensitivity(scenario: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    parse_json(&sensitivity_json(scenario, options)?)
}

/// A Monte Carlo run over the scenario's `uncertainty` ranges:
/// `options.seed` (required: a number, a decimal string or a BigInt),
/// `options.samples` (default 10,000, at most 1,000,000), and the pair as
/// for `sensitivity`. The same seed gives the same report as
/// `llm-tco montecarlo --seed`.
#[wasm_bindgen(js_name = monteCarloJson)]
pub fn monte_carlo_json(scenario: JsValue, options: JsValue) -> Result<String, JsError> {
    let s = load(&scenario)?;
    let p = pair(&s, &options)?;
    let seed = opt_whole(&options, "seed", u64::MAX)?
        .ok_or_else(|| js_error("options.seed: required, so that a run can be repeated"))?;
    let samples = opt_whole(&options, "samples", u64::from(u32::MAX))?
        .map_or(llm_tco::analysis::montecarlo::DEFAULT_SAMPLES, |n| n as u32);
    llm_tco::analysis::montecarlo::monte_carlo(&s, p, samples, seed)
        .map(|r| llm_tco::to_json(&r))
        .map_err(|e| match e.path() {
            "samples" => js_error(format!("options.samples: {}", e.message())),
            _ => js_error(e),
        })
}

/// [`monte_carlo_json`] as an object.
#[wasm_bindgen(js_name = monteCarlo)]
pub fn monte_carlo(scenario: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    parse_json(&monte_carlo_json(scenario, options)?)
}

/// The article's six questions: answers in, constraints, volume and a
/// recommendation with its reasons out.
#[wasm_bindgen]
pub fn guide(answers: JsValue) -> Result<JsValue, JsError> {
    let (text, format) = input_text(&answers, "answers")?;
    let a = llm_tco::analysis::guide::GuideAnswers::parse(&text, format).map_err(|e| js_error(e.within("answers")))?;
    let r = llm_tco::analysis::guide::guide(&a).map_err(|e| js_error(e.within("answers")))?;
    parse_json(&llm_tco::to_json(&r))
}

/// A usage log read piece by piece: `push` chunks of its text (lines may
/// span chunks), then `finish` to get the derived workload and the log
/// repriced on every option of the scenario given to the constructor (the
/// built-in default when none). Memory does not grow with the log.
#[wasm_bindgen]
pub struct UsageImport {
    scenario: llm_tco::Scenario,
    import: Option<llm_tco::analysis::usage::UsageImport>,
}

#[wasm_bindgen]
impl UsageImport {
    /// `options.format`: `"auto"` (default), `"csv"` or `"jsonl"`;
    /// `options.onError`: `"skip"` (default) or `"fail"`;
    /// `options.scenario`: the scenario to reprice on.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<UsageImport, JsError> {
        use llm_tco::analysis::usage::{ImportOptions, LogFormat, OnError};
        let format = match opt_string(&options, "format")?.as_deref() {
            None | Some("auto") => LogFormat::Auto,
            Some("csv") => LogFormat::Csv,
            Some("jsonl") => LogFormat::Jsonl,
            Some(other) => {
                return Err(js_error(format!(
                    "options.format: {other:?}; expected auto, csv or jsonl"
                )))
            }
        };
        let on_error = match opt_string(&options, "onError")?.as_deref() {
            None | Some("skip") => OnError::Skip,
            Some("fail") => OnError::Fail,
            Some(other) => return Err(js_error(format!("options.onError: {other:?}; expected skip or fail"))),
        };
        let given = prop(&options, "scenario")?;
        let scenario = if given.is_undefined() || given.is_null() {
            load(&JsValue::from_str(&default_scenario_json()))?
        } else {
            load(&given)?
        };
        let import = llm_tco::analysis::usage::UsageImport::new(ImportOptions {
            max_rows: None,
            format,
            on_error,
            tier_thresholds: llm_tco::analysis::usage::tier_thresholds(&scenario),
        });
        Ok(UsageImport {
            scenario,
            import: Some(import),
        })
    }

    fn reader(&mut self) -> Result<&mut llm_tco::analysis::usage::UsageImport, JsError> {
        self.import
            .as_mut()
            .ok_or_else(|| js_error("this import is finished; create a new UsageImport"))
    }

    /// Reads the next chunk of the log's text.
    pub fn push(&mut self, chunk: &str) -> Result<(), JsError> {
        self.reader()?.push_chunk(chunk).map_err(js_error)
    }

    /// Lines read so far.
    #[wasm_bindgen(getter, js_name = linesRead)]
    pub fn lines_read(&self) -> f64 {
        self.import.as_ref().map_or(0.0, |i| i.lines_read() as f64)
    }

    /// Rows counted so far.
    #[wasm_bindgen(getter)]
    pub fn rows(&self) -> f64 {
        self.import.as_ref().map_or(0.0, |i| i.rows() as f64)
    }

    /// Ends the import: the report as the JSON text `llm-tco usage import
    /// --format json` prints.
    #[wasm_bindgen(js_name = finishJson)]
    pub fn finish_json(&mut self) -> Result<String, JsError> {
        let import = self
            .import
            .take()
            .ok_or_else(|| js_error("this import is already finished"))?;
        let summary = import.finish().map_err(js_error)?;
        llm_tco::analysis::usage::reprice(&summary, &self.scenario)
            .map(|r| llm_tco::to_json(&r))
            .map_err(js_error)
    }

    /// Ends the import: the report as an object.
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        parse_json(&self.finish_json()?)
    }
}

/// The text of a document argument: the file's text, or its parsed JSON.
fn document_text(value: &JsValue, what: &str) -> Result<String, JsError> {
    js_text(value, what, "the file's text (a string) or its parsed JSON")
}

/// `options.asOf`: a date `YYYY-MM-DD`, today (UTC) when absent.
fn as_of(options: &JsValue) -> Result<llm_tco::Date, JsError> {
    match opt_string(options, "asOf")? {
        Some(text) => llm_tco::Date::parse_day(&text)
            .ok_or_else(|| js_error(format!("options.asOf: {text:?} is not a date; expected YYYY-MM-DD"))),
        None => today().ok_or_else(|| js_error("options.asOf: required (the clock cannot be read)")),
    }
}

fn import_result(text: &JsValue, options: &JsValue) -> Result<llm_tco::spec::import::ImportResult, JsError> {
    use llm_tco::spec::import::{ImportOptions, PriceDatabase};
    let from = opt_string(options, "from")?
        .ok_or_else(|| js_error("options.from: required: \"litellm\", \"genai-prices\" or \"models-dev\""))?;
    let database = PriceDatabase::from_name(&from).ok_or_else(|| {
        js_error(format!(
            "options.from: {from:?} is not a price database; expected \"litellm\", \"genai-prices\" or \"models-dev\""
        ))
    })?;
    let import = ImportOptions {
        as_of: as_of(options)?,
        url: opt_string(options, "url")?,
    };
    let text = document_text(text, "text")?;
    llm_tco::spec::import::import_prices(database, &text, &import).map_err(js_error)
}

/// A JSON tree as a JavaScript object. The importers' results go through a
/// tree (the serializer the catalog already uses), so the package holds one
/// copy of each catalog type's writer.
fn tree_to_js(tree: serde_json::Result<serde_json::Value>) -> Result<JsValue, JsError> {
    let tree = tree.map_err(|e| js_error(format!("internal: {e}")))?;
    parse_json(&tree.to_string())
}

/// A public price database read into a catalog file: `options.from` names
/// the database (`litellm`, `genai-prices`, `models-dev`), `options.asOf`
/// the date of the data (today when absent), `options.url` where the file
/// was read when not the database's public address. The result holds the
/// catalog file (a scenario's `catalog`, or `--catalog` of the CLI), the
/// entries left out with their reason and the warnings.
#[wasm_bindgen(js_name = importPrices)]
pub fn import_prices(text: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    tree_to_js(serde_json::to_value(import_result(&text, &options)?))
}

/// A model from its Hugging Face `config.json`: `options.id` (required),
/// `options.name`, `options.hfRepo` (for the source's link) and
/// `options.asOf` (today when absent). The result holds a catalog file with
/// the model, its parameters by part and the defaults used.
#[wasm_bindgen(js_name = modelFromConfig)]
pub fn model_from_config(text: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    use llm_tco::spec::import::hf_config::{model_from_config, ConfigOptions};
    let id = opt_string(&options, "id")?.ok_or_else(|| js_error("options.id: required: the model's catalog id"))?;
    let config = ConfigOptions {
        id,
        name: opt_string(&options, "name")?,
        hf_repo: opt_string(&options, "hfRepo")?,
        as_of: Some(as_of(&options)?),
    };
    let text = document_text(&text, "text")?;
    let imported = model_from_config(&text, &config).map_err(|e| match e.path() {
        "id" => js_error(format!("options.id: {}", e.message())),
        _ => js_error(e),
    })?;
    tree_to_js(serde_json::to_value(imported))
}

/// The built-in default scenario as JSON (the wasm build reads JSON only).
#[wasm_bindgen(js_name = defaultScenario)]
pub fn default_scenario_json() -> String {
    include_str!(concat!(env!("OUT_DIR"), "/default.json")).to_string()
}
