//! The page's state in the outside world: the URL (a link reproduces the
//! page), local storage, and file downloads.

use crate::catalog_io::CatalogInUse;
use llm_tco::{Catalog, Decimal, Format, ScenarioFile};
use wasm_bindgen::JsCast;

const STORAGE_KEY: &str = "llm-tco-scenario";
/// Where the currency is kept in the link, after the scenario: `&c=INR:93`.
const CURRENCY_PREFIX: &str = "&c=";
/// Local storage's copy of the currency (`INR:93`), for a visit without a
/// link; absent for USD.
const CURRENCY_KEY: &str = "llm-tco-currency";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Local storage, when the browser gives it.
pub fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

/// A scenario that parses and prices with `catalog`, or why not.
fn check(text: &str, catalog: &Catalog) -> Result<ScenarioFile, String> {
    let file = ScenarioFile::parse(text, Format::Json).map_err(|e| e.to_string())?;
    crate::evaluate(&file, catalog)?;
    Ok(file)
}

/// What the page starts with.
pub struct Loaded {
    /// The scenario.
    pub file: ScenarioFile,
    /// A message when a link or the storage held something broken.
    pub message: Option<String>,
    /// The currency and its rate per USD: the link's, else (without a
    /// link) the one kept in local storage, else USD.
    pub currency: (String, Decimal),
    /// The catalog: the built-in one, or with the imported prices kept in
    /// local storage.
    pub catalog: CatalogInUse,
}

/// The currency a link carries after its scenario (`&c=INR:93`), and the
/// scenario's part of the fragment.
fn split_currency(hash: &str) -> (&str, Option<(String, Decimal)>) {
    let Some((scenario, currency)) = hash.split_once(CURRENCY_PREFIX) else {
        return (hash, None);
    };
    (scenario, parse_currency(currency))
}

/// `INR:93` as a code and a rate above 0.
fn parse_currency(text: &str) -> Option<(String, Decimal)> {
    text.split_once(':').and_then(|(code, rate)| {
        let code: String = code.chars().filter(char::is_ascii_alphabetic).take(8).collect();
        let rate = crate::dec(rate).filter(|r| *r > Decimal::ZERO)?;
        (!code.is_empty()).then(|| (code.to_ascii_uppercase(), rate))
    })
}

/// The scenario to start with: the link's, else the stored one, else the
/// default; with a message when a link or the storage held something broken.
pub fn load() -> Loaded {
    let catalog = crate::catalog_io::stored();
    let usd = ("USD".to_string(), Decimal::ONE);
    let Some(w) = window() else {
        return Loaded {
            file: super::default_file(),
            message: None,
            currency: usd,
            catalog,
        };
    };
    let hash = w.location().hash().unwrap_or_default();
    let (scenario, currency) = split_currency(&hash);
    let decoded = llm_tco::spec::link::decode_hash(scenario);
    // A link's currency, USD when it gives none; without a link, the one
    // last used here.
    let currency = match decoded {
        Some(_) => currency,
        None => currency.or_else(|| parse_currency(&storage()?.get_item(CURRENCY_KEY).ok()??)),
    }
    .unwrap_or(usd);
    let decoded = decoded.map(|parsed| {
        parsed
            .map_err(|e| e.to_string())
            .and_then(|file| crate::evaluate(&file, &catalog.catalog).map(|_| file))
    });
    if let Some(decoded) = decoded {
        return match decoded {
            Ok(file) => Loaded {
                file,
                message: None,
                currency,
                catalog,
            },
            Err(e) => Loaded {
                file: super::default_file(),
                message: Some(format!(
                    "The link's scenario could not be read ({e}); showing the default scenario instead."
                )),
                currency,
                catalog,
            },
        };
    }
    if let Some(text) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) {
        return match check(&text, &catalog.catalog) {
            Ok(file) => Loaded {
                file,
                message: None,
                currency,
                catalog,
            },
            Err(e) => Loaded {
                file: super::default_file(),
                message: Some(format!(
                    "The saved scenario could not be read ({e}); showing the default scenario instead."
                )),
                currency,
                catalog,
            },
        };
    }
    Loaded {
        file: super::default_file(),
        message: None,
        currency,
        catalog,
    }
}

/// Writes the scenario and the currency into the URL (replacing the
/// history entry), and the scenario into local storage.
pub fn save(file: &ScenarioFile, currency: &(String, Decimal)) {
    let Some(w) = window() else { return };
    let json = llm_tco::to_compact_json(file);
    let mut hash = llm_tco::spec::link::encode_hash(file);
    let pair = (currency.0 != "USD").then(|| format!("{}:{}", currency.0, currency.1.normalize()));
    if let Some(pair) = &pair {
        hash.push_str(&format!("{CURRENCY_PREFIX}{pair}"));
    }
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash));
    }
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, &json);
        let _ = match &pair {
            Some(pair) => storage.set_item(CURRENCY_KEY, pair),
            None => storage.remove_item(CURRENCY_KEY),
        };
    }
}

/// Copies the page's address (the scenario is in it) to the clipboard;
/// says what it did.
pub fn copy_link() -> String {
    let Some(w) = window() else { return String::new() };
    let href = w.location().href().unwrap_or_default();
    let _ = w.navigator().clipboard().write_text(&href);
    format!(
        " Copied: the link holds the whole scenario ({} characters).",
        href.len()
    )
}

/// Offers `content` as a file download.
pub fn download(name: &str, mime: &str, content: &str) {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    click_download(&document, &url, name);
    revoke_later(url);
}

/// Frees a blob URL once the browser has had time to start its download:
/// revoked at once, the download could find it gone (it starts
/// asynchronously), which lost a download now and then.
fn revoke_later(url: String) {
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
}

/// Clicks a temporary link that downloads `url` as `name`.
fn click_download(document: &web_sys::Document, url: &str, name: &str) {
    let Ok(a) = document
        .create_element("a")
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().map_err(Into::into))
    else {
        return;
    };
    a.set_href(url);
    a.set_download(name);
    if let Some(body) = document.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
}

/// Reads the file chosen in a file input as text and hands it, with the
/// file's name, to `done` (or why it cannot be read).
pub fn read_text(ev: &web_sys::Event, done: impl FnOnce(Result<(String, String), String>) + 'static) {
    use wasm_bindgen::closure::Closure;
    let Some(file) = chosen_file(ev) else { return };
    if f64::from(llm_tco::MAX_DOCUMENT_BYTES as u32) < file.size() {
        done(Err(format!(
            "the file is {} bytes; at most {} are read",
            file.size() as u64,
            llm_tco::MAX_DOCUMENT_BYTES
        )));
        return;
    }
    let name = file.name();
    let Ok(reader) = web_sys::FileReader::new() else { return };
    let r = reader.clone();
    let onload = Closure::once(move || {
        let text = r.result().ok().and_then(|v| v.as_string()).unwrap_or_default();
        done(Ok((name, text)));
    });
    reader.set_onload(Some(onload.as_ref().unchecked_ref()));
    onload.forget();
    let _ = reader.read_as_text(&file);
}

/// Fetches `url` as text (the browser's fetch; the page's CSP names the
/// hosts it may reach).
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let w = window().ok_or("no window")?;
    let response = wasm_bindgen_futures::JsFuture::from(w.fetch_with_str(url))
        .await
        .map_err(|_| format!("{url} could not be reached (offline, or refused by the browser)"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not a response".to_string())?;
    if !response.ok() {
        return Err(format!("{url} answered {}", response.status()));
    }
    let text = wasm_bindgen_futures::JsFuture::from(response.text().map_err(|_| "no body".to_string())?)
        .await
        .map_err(|_| "the answer could not be read".to_string())?;
    text.as_string().ok_or_else(|| "the answer is not text".to_string())
}

/// Today's date in UTC by the browser's clock (the core has no clock; the
/// CLI and the npm package read the same day), for scenarios without an
/// `as_of` and for the date of imported data.
pub fn today() -> Option<llm_tco::Date> {
    llm_tco::Date::from_unix_ms(js_sys::Date::now())
}

/// Reads the scenario file chosen in a file input (JSON here, TOML in the
/// worker) and hands it, validated against `catalog`, to `done`.
pub fn import(ev: &web_sys::Event, catalog: Catalog, done: impl Fn(Result<ScenarioFile, String>) + 'static) {
    read_text(ev, move |r| {
        let (name, text) = match r {
            Ok(x) => x,
            Err(e) => return done(Err(e)),
        };
        let format = Format::from_path(&name).unwrap_or_else(|| Format::sniff(&text));
        let check = move |json: &str| {
            ScenarioFile::parse(json, Format::Json)
                .map_err(|e| e.to_string())
                .and_then(|f| crate::evaluate(&f, &catalog).map(|_| f))
        };
        if format == Format::Json {
            done(check(&text));
        } else {
            in_worker("toml", &text, "", "", move |r| {
                done(r.and_then(|(json, _)| check(&json)))
            });
        }
    });
}

/// What to do with the worker's answer: the document as JSON and a summary.
type Done = Box<dyn FnOnce(Result<(String, String), String>)>;
/// What to do with its progress messages.
type Progress = Box<dyn Fn(&serde_json::Value)>;
/// A reply the worker owes, in the order of the requests.
type Pending = (Done, Option<Progress>);

thread_local! {
    static WORKER: std::cell::RefCell<Option<web_sys::Worker>> = const { std::cell::RefCell::new(None) };
    static PENDING: std::cell::RefCell<std::collections::VecDeque<Pending>> = const { std::cell::RefCell::new(std::collections::VecDeque::new()) };
}

/// Sends a request to the page's worker (started on the first one: its
/// wasm is not part of the first load) and hands its answer — the document
/// as JSON text and a summary, or an error — to `done`.
pub fn in_worker(
    kind: &str,
    text: &str,
    date: &str,
    extra: &str,
    done: impl FnOnce(Result<(String, String), String>) + 'static,
) {
    send(kind, text, date, extra, None, None, Box::new(done));
}

/// A panel's request to the worker, with a file to read there and its
/// progress messages handed to `progress`.
pub fn in_worker_with(
    kind: &str,
    text: &str,
    file: Option<&web_sys::File>,
    progress: impl Fn(&serde_json::Value) + 'static,
    done: impl FnOnce(Result<(String, String), String>) + 'static,
) {
    send(kind, text, "", "", file, Some(Box::new(progress)), Box::new(done));
}

fn send(
    kind: &str,
    text: &str,
    date: &str,
    extra: &str,
    file: Option<&web_sys::File>,
    progress: Option<Progress>,
    done: Done,
) {
    use wasm_bindgen::closure::Closure;
    let worker = WORKER.with(|w| {
        if w.borrow().is_none() {
            let Ok(worker) = web_sys::Worker::new("./llm-tco-worker_loader.js") else {
                return None;
            };
            let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(|ev: web_sys::MessageEvent| {
                let text = ev.data().as_string().unwrap_or_default();
                let parsed = serde_json::from_str::<serde_json::Value>(&text).map_err(|e| e.to_string());
                if let Ok(v) = &parsed {
                    if !v["progress"].is_null() {
                        PENDING.with(|p| {
                            if let Some((_, Some(progress))) = p.borrow().front() {
                                progress(v);
                            }
                        });
                        return;
                    }
                }
                let answer = parsed.and_then(|v| match (v["ok"].as_str(), v["error"].as_str()) {
                    (Some(ok), _) => Ok((ok.to_string(), v["summary"].as_str().unwrap_or_default().to_string())),
                    (_, Some(e)) => Err(e.to_string()),
                    _ => Err("the worker gave no answer".to_string()),
                });
                if let Some((next, _)) = PENDING.with(|p| p.borrow_mut().pop_front()) {
                    next(answer);
                }
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
            *w.borrow_mut() = Some(worker);
        }
        w.borrow().clone()
    });
    let Some(worker) = worker else {
        done(Err("this browser cannot start the page's worker".into()));
        return;
    };
    PENDING.with(|p| p.borrow_mut().push_back((done, progress)));
    let message = js_sys::Array::of4(
        &wasm_bindgen::JsValue::from_str(kind),
        &wasm_bindgen::JsValue::from_str(text),
        &wasm_bindgen::JsValue::from_str(date),
        &wasm_bindgen::JsValue::from_str(extra),
    );
    if let Some(f) = file {
        message.push(f);
    }
    if worker.post_message(&message).is_err() {
        if let Some((done, _)) = PENDING.with(|p| p.borrow_mut().pop_back()) {
            done(Err("the worker could not take the request".into()));
        }
    }
}

/// Offers the chart as a PNG: the SVG drawn on a canvas at twice its size.
pub fn download_png(svg: &str, width: u32, height: u32, name: &'static str) {
    use wasm_bindgen::closure::Closure;
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let Ok(canvas) = document
        .create_element("canvas")
        .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().map_err(Into::into))
    else {
        return;
    };
    canvas.set_width(width * 2);
    canvas.set_height(height * 2);
    let img = image.clone();
    let onload = Closure::once(move || {
        let Some(ctx) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        ctx.set_fill_style_str("white");
        ctx.fill_rect(0.0, 0.0, f64::from(width * 2), f64::from(height * 2));
        let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(
            &img,
            0.0,
            0.0,
            f64::from(width * 2),
            f64::from(height * 2),
        );
        if let Ok(url) = canvas.to_data_url_with_type("image/png") {
            click_download(&document, &url, name);
        }
    });
    image.set_onload(Some(onload.as_ref().unchecked_ref()));
    onload.forget();
    let encoded = js_sys::encode_uri_component(svg).as_string().unwrap_or_default();
    image.set_src(&format!("data:image/svg+xml;charset=utf-8,{encoded}"));
}

/// The file chosen in a file input (the input is cleared, so choosing the
/// same file again reads it again).
pub fn chosen_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    let input = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())?;
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    file
}
