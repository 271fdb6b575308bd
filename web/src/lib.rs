//! The llm-tco web page: the verdict first, the break-even chart, the cost
//! table and a scenario editor, all computed in the browser by the
//! `llm-tco` library.
//!
//! State is one `ScenarioFile` that only ever holds valid values: every
//! field checks its text against the whole scenario before it writes
//! ([`fields`]), and keeps an invalid text, marked, without touching the
//! scenario. The report is a `Memo` over it, and the results are
//! components with keyed lists over that memo ([`results`], [`figure`]);
//! effects only synchronize with the outside world (the URL, local storage).
//!
//! - [`editor`]: the workload, the options (add, edit, remove with undo),
//!   constraints, currency, export and the link.
//! - [`catalog_io`]: the catalog in use, price databases and `config.json`.
//! - [`analysis`]: the decision panels under the results.
//! - [`state`]: the URL hash, local storage, files.

mod analysis;
mod catalog_io;
mod editor;
mod fields;
mod figure;
mod results;
mod state;

use leptos::prelude::*;
use llm_tco::analysis::report::Report;
use llm_tco::{Catalog, Decimal, Format, Scenario, ScenarioFile};

/// Replaces Rust's default panic output with a message on the page. A
/// panic aborts the WebAssembly (the page's reactive code stops with it), so
/// the hook writes straight into the DOM, as text, before the abort: the
/// reader sees what happened and that the scenario is safe in the link.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string().replace('\n', " ");
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Some(body) = document.body() else { return };
        if let Ok(div) = document.create_element("div") {
            div.set_id("fatal");
            let _ = div.set_attribute("role", "alert");
            div.set_text_content(Some(&format!(
                "The calculator stopped on an internal error ({message}). This is a bug in llm-tco, not in your input; your scenario is kept in the link: reload the page to go on."
            )));
            let _ = body.insert_before(&div, body.first_child().as_ref());
        }
    }));
}

/// Panics on purpose: the reliability test calls it (from the page's own
/// module) to check that a panic shows a message instead of a dead page.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = __llmTcoTestPanic)]
pub fn test_panic() {
    panic!("a deliberate panic, for the test of the panic message");
}

/// The presets, by name and file stem: the built-in default, embedded (the
/// build script writes it as JSON), and the article scenarios, fetched when
/// one is picked (`cargo xtask web` writes them beside the page as
/// `preset-<stem>.json`).
pub const PRESETS: [(&str, &str); 7] = [
    ("Default: support assistant, 10M tokens/day", "default"),
    (
        "Article 002 (its May 2026 prices): 10M tokens/day of mixed traffic",
        "article-002-mixed-10m",
    ),
    (
        "Article 002 (its May 2026 prices): 8M tokens/day of classification",
        "article-002-classification-8m",
    ),
    (
        "Article 001 (its mid-2025 prices): Llama on hourly GPUs",
        "article-001-gpu-per-hour",
    ),
    (
        "Article 002 (its May 2026 prices): support tickets, cost per resolved ticket",
        "article-002-support-quality",
    ),
    ("Clinical notes on premises, 5M tokens/day", "on-premises"),
    (
        "DeepSeek-R1 on 8 × H200: tensor parallel or DP attention",
        "deepseek-r1-h200",
    ),
];

/// The default scenario, parsed.
pub fn default_file() -> ScenarioFile {
    ScenarioFile::parse(include_str!(concat!(env!("OUT_DIR"), "/default.json")), Format::Json)
        .expect("the built-in default parses")
}

/// Loads preset `i`: the default at once, another once it is fetched; a
/// preset that cannot be fetched or read leaves the scenario as it is and
/// says why.
pub(crate) fn load_preset(ctx: Ctx, i: usize) {
    let Some((name, stem)) = PRESETS.get(i).copied() else {
        return;
    };
    if i == 0 {
        ctx.load(default_file());
        ctx.notice.set(None);
        return;
    }
    ctx.preset_loading.set(true);
    leptos::task::spawn_local(async move {
        let loaded = state::fetch_text(&format!("preset-{stem}.json"))
            .await
            .and_then(|text| ScenarioFile::parse(&text, Format::Json).map_err(|e| e.to_string()));
        ctx.preset_loading.set(false);
        match loaded {
            Ok(file) => {
                ctx.load(file);
                ctx.notice.set(None);
            }
            Err(e) => ctx
                .notice
                .set(Notice::say(format!("The preset “{name}” could not be loaded: {e}"))),
        }
    });
}

/// The report of `file`, or the message of why it cannot be priced (the
/// field's own message, without its path).
pub(crate) fn evaluate(file: &ScenarioFile, catalog: &Catalog) -> Result<Report, String> {
    llm_tco::evaluate(&scenario(file, catalog)?).map_err(|e| e.message().to_string())
}

/// The scenario `file` describes, validated against `catalog` and analysed
/// as of today (UTC) when the file gives no date, as the CLI and the npm
/// package do.
pub(crate) fn scenario(file: &ScenarioFile, catalog: &Catalog) -> Result<Scenario, String> {
    Scenario::from_file_on(file, catalog, state::today()).map_err(|e| e.message().to_string())
}

/// A decimal typed by a person: `2.5`, `1e7`, ` 30 `, `60,300,000`.
pub(crate) fn dec(text: &str) -> Option<Decimal> {
    llm_tco::render::text::read_number(text.trim())
}

/// A field whose text is not accepted: it keeps the text, marked, and the
/// results say they are stale.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    /// The input's element id.
    pub id: String,
    /// Its label, for the stale-results note.
    pub label: String,
    /// The text the reader typed (kept in the box).
    pub text: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

/// A message over the page, with an undo when it reports a removal.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// What happened.
    pub text: String,
    /// The scenario before, when the change can be undone.
    pub undo: Option<ScenarioFile>,
    /// The part of the page where it happened, which repeats the message
    /// beside the control the reader used (the top of the page may be out
    /// of sight).
    pub place: Option<&'static str>,
}

impl Notice {
    /// A message with no undo.
    pub fn say(text: impl Into<String>) -> Option<Notice> {
        Some(Notice {
            text: text.into(),
            undo: None,
            place: None,
        })
    }

    /// A message about an action in `place`, repeated there.
    pub fn at(place: &'static str, text: impl Into<String>) -> Option<Notice> {
        Some(Notice {
            text: text.into(),
            undo: None,
            place: Some(place),
        })
    }
}

/// What the page's components share.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// The scenario: valid values only.
    pub file: RwSignal<ScenarioFile>,
    /// The catalog in use (built in, or with an imported price list).
    pub catalog: RwSignal<catalog_io::CatalogInUse>,
    /// The report of the scenario.
    pub report: Memo<Result<Report, String>>,
    /// The last report that priced: what the results show.
    pub shown: Memo<Option<Report>>,
    /// The catalog's entries as the editor lists them.
    pub choices: Memo<editor::Choices>,
    /// The verdict of the report shown: the headline, and which row of the
    /// table is the cheapest (computed once per report).
    pub verdict: Memo<Option<llm_tco::analysis::verdict::VerdictReport>>,
    /// How results are shown.
    pub view: ViewState,
    /// Fields whose text is not accepted.
    pub invalid: RwSignal<Vec<Invalid>>,
    /// The message over the page.
    pub notice: RwSignal<Option<Notice>>,
    /// A preset is being fetched (the preset list says it is busy).
    pub preset_loading: RwSignal<bool>,
}

impl Ctx {
    /// The page's shared state.
    pub fn get() -> Ctx {
        expect_context::<Ctx>()
    }

    /// The page's shared state, from outside a component (an event
    /// handler, a timer): kept in a thread-local once the page is built.
    pub fn get_untracked() -> Ctx {
        CTX.with(|c| c.get()).unwrap_or_else(Ctx::get)
    }

    /// Replaces the whole scenario (a preset, an import, an undo): every
    /// field shows the new values, none keeps an old invalid text.
    pub fn load(&self, file: ScenarioFile) {
        self.invalid.set(Vec::new());
        self.file.set(file);
    }
}

thread_local! {
    static CTX: std::cell::Cell<Option<Ctx>> = const { std::cell::Cell::new(None) };
}

/// What the cost axis of the chart shows.
pub use llm_tco::render::chart::CostAxis;

/// What the reader chose about how results are shown (not part of the
/// scenario, but the currency is kept in the link).
#[derive(Clone, Copy)]
pub struct ViewState {
    /// Names of the options whose curves are hidden.
    pub hidden: RwSignal<Vec<String>>,
    /// Currency code shown beside every amount.
    pub currency: RwSignal<String>,
    /// Units of that currency per USD.
    pub rate: RwSignal<Decimal>,
    /// The volume under the pointer (or the keyboard's), tokens per day.
    pub pointer: RwSignal<Option<f64>>,
    /// Monthly cost, or cost per 1M tokens.
    pub axis: RwSignal<CostAxis>,
}

impl ViewState {
    /// The currency in use (USD when no code is set).
    pub fn currency(&self) -> llm_tco::render::text::Currency {
        self.currency
            .with(|code| llm_tco::render::text::Currency::new(code, self.rate.get()))
    }

    /// The currency code in use, `USD` when none is set.
    pub fn code(&self) -> String {
        self.currency().code
    }

    /// An amount of USD in the reader's currency with `dp` places and
    /// thousands separators: "1,045.57 USD", "97,238.01 INR".
    pub fn amount(&self, usd: Decimal, dp: u32) -> String {
        self.currency().amount(usd, dp)
    }

    /// A monthly amount, to the cent.
    pub fn money(&self, usd: Decimal) -> String {
        self.amount(usd, 2)
    }
}

/// A memo's comparison that always says "changed": a new scenario is a new
/// report, so the page compares no reports.
pub(crate) fn always<T>(_: Option<&T>, _: Option<&T>) -> bool {
    true
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let loaded = state::load();
    let catalog = RwSignal::new(loaded.catalog);
    let file = RwSignal::new(loaded.file);
    // Every change of the scenario changes its report: these memos notify
    // without comparing two reports (no report-wide `PartialEq` in the page).
    let report = Memo::new_with_compare(
        move |_| file.with(|f| catalog.with(|c| evaluate(f, &c.catalog))),
        always,
    );
    let shown = Memo::new_with_compare(
        move |prev: Option<&Option<Report>>| match report.get() {
            Ok(r) => Some(r),
            Err(_) => prev.cloned().flatten(),
        },
        always,
    );
    let verdict = Memo::new(move |_| shown.with(|r| r.as_ref().map(llm_tco::analysis::verdict::VerdictReport::of)));
    let choices = Memo::new(move |_| catalog.with(|c| editor::Choices::of(&c.catalog)));
    let view = ViewState {
        hidden: RwSignal::new(Vec::new()),
        currency: RwSignal::new(loaded.currency.0),
        rate: RwSignal::new(loaded.currency.1),
        pointer: RwSignal::new(None),
        axis: RwSignal::new(CostAxis::Monthly),
    };
    let ctx = Ctx {
        file,
        catalog,
        report,
        shown,
        choices,
        verdict,
        view,
        invalid: RwSignal::new(Vec::new()),
        notice: RwSignal::new(loaded.message.and_then(Notice::say)),
        preset_loading: RwSignal::new(false),
    };
    provide_context(ctx);
    CTX.with(|c| c.set(Some(ctx)));
    // Keep the link and local storage in step with the scenario and the
    // currency. Written a moment after the last change: rewriting the URL
    // is a same-document navigation that costs the browser milliseconds,
    // too many to pay on every step of a dragged slider.
    let pending = StoredValue::new(0u64);
    Effect::new(move |_| {
        file.track();
        view.currency.track();
        view.rate.track();
        pending.update_value(|n| *n += 1);
        let ticket = pending.get_value();
        set_timeout(
            move || {
                if pending.get_value() == ticket {
                    let currency = (view.code(), view.rate.get_untracked());
                    file.with_untracked(|f| state::save(f, &currency));
                }
            },
            std::time::Duration::from_millis(250),
        );
    });
    view! {
        <header>
            <h1>"llm-tco: should we self-host?"</h1>
            <p class="lede">"Monthly cost of every option for your workload, and where the curves cross. Everything is computed in your browser."</p>
        </header>
        <Show when=move || ctx.notice.with(Option::is_some)>
            <p class="notice" role="alert">
                <span id="notice-text">{move || ctx.notice.with(|n| n.as_ref().map(|n| n.text.clone()).unwrap_or_default())}</span>
                <Show when=move || ctx.notice.with(|n| n.as_ref().is_some_and(|n| n.undo.is_some()))>
                    <button id="undo" on:click=move |_| {
                        if let Some(before) = ctx.notice.with_untracked(|n| n.as_ref().and_then(|n| n.undo.clone())) {
                            ctx.load(before);
                            ctx.notice.set(Notice::say("Restored."));
                        }
                    }>"Undo"</button>
                </Show>
                <button on:click=move |_| ctx.notice.set(None) aria-label="Dismiss the message">"×"</button>
            </p>
        </Show>
        <results::Verdict />
        <main class="layout">
            <section class="chart-area" aria-label="Break-even chart">
                <figure::Figure />
            </section>
            <section class="editor" aria-label="Scenario">
                <editor::Editor />
            </section>
            <section class="details" aria-label="Results">
                <results::Details />
                <analysis::Decision />
            </section>
        </main>
    }
}
