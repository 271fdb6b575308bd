//! The page's worker: the readers the page needs only when a reader asks
//! for them — the price-database importers, a model from its Hugging Face
//! `config.json`, and TOML scenarios — built as a wasm module of their own
//! and started on the first import, so they are not part of the page's
//! first load.
//!
//! A message is `[kind, text, date, extra]` (`kind` one of `litellm`,
//! `genai-prices`, `models-dev`, `config`, `toml`; `date` the day of the
//! data, `YYYY-MM-DD`; `extra` the model id for `config`); the answer is a
//! JSON text: `{"ok": <document as JSON text>, "summary": "..."}` or
//! `{"error": "..."}`.

mod panels;

use llm_tco::spec::import::hf_config::{model_from_config, ConfigOptions};
use llm_tco::spec::import::{import_prices, ImportOptions, PriceDatabase};
use llm_tco::{Date, Format, ScenarioFile};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The answer to one request, as JSON text.
fn handle(kind: &str, text: &str, date: &str, extra: &str) -> String {
    let answer = (|| -> Result<(String, String), String> {
        if kind == "toml" {
            let file = ScenarioFile::parse(text, Format::Toml).map_err(|e| e.to_string())?;
            return Ok((llm_tco::to_compact_json(&file), String::new()));
        }
        let date = Date::parse_day(date).ok_or_else(|| format!("{date:?} is not a date"))?;
        if kind == "config" {
            let mut options = ConfigOptions::new(extra);
            options.as_of = Some(date);
            let m = model_from_config(text, &options).map_err(|e| e.to_string())?;
            let summary = format!(
                "Added the model {} ({}): pick it under Model.",
                m.model().name,
                m.model().id
            );
            return Ok((llm_tco::to_compact_json(m.catalog()), summary));
        }
        let db = PriceDatabase::from_name(kind).ok_or_else(|| format!("no importer for {kind:?}"))?;
        let mut options = ImportOptions::new(date);
        if !extra.is_empty() {
            options.url = Some(extra.to_string());
        }
        let r = import_prices(db, text, &options).map_err(|e| format!("{} could not be read: {e}", db.title()))?;
        let summary = format!(
            "Imported {} API offers from {}, dated {date}, the day they were loaded (the file carries no date of its own); {} skipped{}.",
            r.catalog.api.len(),
            db.title(),
            r.skipped.len(),
            r.skipped
                .first()
                .map(|s| format!(", for example {}: {}", s.key, s.reason))
                .unwrap_or_default()
        );
        Ok((llm_tco::to_compact_json(&r.catalog), summary))
    })();
    match answer {
        Ok((ok, summary)) => serde_json::json!({ "ok": ok, "summary": summary }).to_string(),
        Err(error) => serde_json::json!({ "error": error }).to_string(),
    }
}

/// A decision panel's answer (`payback`, `sensitivity`, `montecarlo`,
/// `usage`), as JSON text: `{"ok": {"html", "json", ...}}` or
/// `{"error"}`; progress goes out through `post` as `{"progress": ...}`.
fn panel(kind: &str, text: &str, file: Option<web_sys::File>, post: &dyn Fn(String)) -> String {
    let answer = panels::Request::parse(text).and_then(|r| match kind {
        "payback" => panels::payback(&r),
        "report" => panels::report(&r),
        "guide" => panels::guide(&r),
        "sensitivity" => panels::sensitivity(&r),
        "montecarlo" => panels::monte_carlo(&r, &|done, total| {
            post(serde_json::json!({ "progress": done, "total": total }).to_string())
        }),
        "usage" => match &file {
            Some(f) => panels::usage(&r, f, &|share, lines| {
                post(serde_json::json!({ "progress": share, "lines": lines }).to_string())
            }),
            None => Err("no file".to_string()),
        },
        _ => Err(format!("no panel {kind:?}")),
    });
    match answer {
        Ok(v) => serde_json::json!({ "ok": v.to_string(), "summary": "" }).to_string(),
        Err(error) => serde_json::json!({ "error": error }).to_string(),
    }
}

fn main() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        let parts = js_sys::Array::from(&ev.data());
        let at = |i: u32| parts.get(i).as_string().unwrap_or_default();
        let kind = at(0);
        let post = |text: String| {
            let _ = reply.post_message(&wasm_bindgen::JsValue::from_str(&text));
        };
        let answer = match kind.as_str() {
            "payback" | "sensitivity" | "montecarlo" | "usage" | "report" | "guide" => {
                panel(&kind, &at(1), parts.get(4).dyn_into::<web_sys::File>().ok(), &post)
            }
            _ => handle(&kind, &at(1), &at(2), &at(3)),
        };
        post(answer);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
}
