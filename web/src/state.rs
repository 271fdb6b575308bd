//! The page's state in the outside world: the URL (a link reproduces the
//! page), local storage, and file downloads.

use llm_tco::{Catalog, Format, ScenarioFile};
use wasm_bindgen::JsCast;

const STORAGE_KEY: &str = "llm-tco-scenario";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// A scenario that parses and prices, or why not.
fn check(text: &str) -> Result<ScenarioFile, String> {
    let file = ScenarioFile::parse(text, Format::Json).map_err(|e| e.to_string())?;
    llm_tco::Scenario::from_file(&file, &Catalog::builtin()).map_err(|e| e.to_string())?;
    Ok(file)
}

/// The scenario to start with: the link's, else the stored one, else the
/// default; with a message when a link or the storage held something broken.
pub fn load() -> (ScenarioFile, Option<String>) {
    let Some(w) = window() else {
        return (super::default_file(), None);
    };
    let hash = w.location().hash().unwrap_or_default();
    let decoded = llm_tco::spec::link::decode_hash(&hash).map(|parsed| {
        parsed.and_then(|file| {
            llm_tco::Scenario::from_file(&file, &Catalog::builtin())?;
            Ok(file)
        })
    });
    if let Some(decoded) = decoded {
        return match decoded {
            Ok(file) => (file, None),
            Err(e) => (
                super::default_file(),
                Some(format!(
                    "The link's scenario could not be read ({e}); showing the default scenario instead."
                )),
            ),
        };
    }
    if let Some(text) = w
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
    {
        return match check(&text) {
            Ok(file) => (file, None),
            Err(e) => (
                super::default_file(),
                Some(format!(
                    "The saved scenario could not be read ({e}); showing the default scenario instead."
                )),
            ),
        };
    }
    (super::default_file(), None)
}

/// Writes the scenario into the URL (replacing the history entry) and
/// local storage.
pub fn save(file: &ScenarioFile) {
    let Some(w) = window() else { return };
    let json = llm_tco::to_compact_json(file);
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&llm_tco::spec::link::encode_hash(file)),
        );
    }
    if let Some(storage) = w.local_storage().ok().flatten() {
        let _ = storage.set_item(STORAGE_KEY, &json);
    }
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

/// Reads the file chosen in a file input and hands the parsed scenario (or
/// why it is not one) to `done`.
pub fn import(ev: &web_sys::Event, done: impl Fn(Result<ScenarioFile, String>) + 'static) {
    use wasm_bindgen::closure::Closure;
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
        return;
    };
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
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
        let format = Format::from_path(&name).unwrap_or_else(|| Format::sniff(&text));
        let parsed = ScenarioFile::parse(&text, format)
            .map_err(|e| e.to_string())
            .and_then(|f| {
                llm_tco::Scenario::from_file(&f, &Catalog::builtin())
                    .map(|_| f)
                    .map_err(|e| e.to_string())
            });
        done(parsed);
    });
    reader.set_onload(Some(onload.as_ref().unchecked_ref()));
    onload.forget();
    let _ = reader.read_as_text(&file);
    input.set_value("");
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

/// Bytes read from a usage log per step: memory stays bounded whatever the
/// log's size.
const USAGE_CHUNK_BYTES: f64 = 1024.0 * 1024.0;

/// Reads a usage log in 1 MiB pieces (a streaming UTF-8 decoder keeps a
/// character cut by a piece's end whole), reporting the share read and the
/// lines so far after each piece, and reprices it on `scenario`.
pub async fn read_usage_log(
    file: web_sys::File,
    scenario: &llm_tco::Scenario,
    on_error: llm_tco::analysis::usage::OnError,
    progress: impl Fn(f64, u64),
) -> Result<llm_tco::analysis::usage::UsageReport, String> {
    use llm_tco::analysis::usage::{ImportOptions, LogFormat, UsageImport};
    let mut import = UsageImport::new(ImportOptions {
        max_rows: None,
        format: LogFormat::Auto,
        on_error,
        tier_thresholds: llm_tco::analysis::usage::tier_thresholds(scenario),
    });
    let decoder = web_sys::TextDecoder::new().map_err(|_| "this browser cannot decode text".to_string())?;
    let stream = web_sys::TextDecodeOptions::new();
    stream.set_stream(true);
    let size = file.size();
    let mut start = 0.0;
    while start < size {
        let end = (start + USAGE_CHUNK_BYTES).min(size);
        let piece = file
            .slice_with_f64_and_f64(start, end)
            .map_err(|_| "the file cannot be sliced".to_string())?;
        let buffer = wasm_bindgen_futures::JsFuture::from(piece.array_buffer())
            .await
            .map_err(|_| "the file cannot be read".to_string())?;
        let bytes = js_sys::Uint8Array::new(&buffer);
        let text = decoder
            .decode_with_js_u8_array_and_options(&bytes, &stream)
            .map_err(|_| "the file is not text".to_string())?;
        import.push_chunk(&text).map_err(|e| e.to_string())?;
        start = end;
        progress(if size > 0.0 { start / size } else { 1.0 }, import.lines_read());
    }
    let rest = decoder.decode().unwrap_or_default();
    import.push_chunk(&rest).map_err(|e| e.to_string())?;
    let summary = import.finish().map_err(|e| e.to_string())?;
    llm_tco::analysis::usage::reprice(&summary, scenario).map_err(|e| e.to_string())
}
