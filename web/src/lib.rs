//! The llm-tco web page: a scenario editor, the break-even chart and the
//! cost breakdown, all computed in the browser by the `llm-tco` library.
//!
//! State is one `ScenarioFile`. The report is a `Memo` over it; the chart is
//! the library's own drawing function rendering SVG; effects only
//! synchronize with the outside world (the URL and local storage).

mod analysis;
mod state;

use leptos::prelude::*;
use llm_tco::analysis::report::{OptionType, Report, Verdict};
use llm_tco::base::float::{fixed, parse_f64};
use llm_tco::render::chart::{marker_svg, render_svg, render_svg_without_marker, ChartData, PlotFrame};
use llm_tco::render::html::Html;
use llm_tco::render::text::human_tokens;
use llm_tco::spec::scenario::OnFailure;
use llm_tco::spec::scenario::{ApiSpec, OptionSpec, RentedSpec, SelfHostedSpec};
use llm_tco::{Catalog, Decimal, Format, ScenarioFile};
use std::str::FromStr;

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

/// The presets: the built-in default and the article scenarios.
pub const PRESETS: [(&str, &str); 6] = [
    (
        "Default: support assistant, 10M tokens/day",
        include_str!("../../fixtures/scenarios/default.toml"),
    ),
    (
        "Article 002 (its May 2026 prices): 10M tokens/day of mixed traffic",
        include_str!("../../fixtures/scenarios/article-002-mixed-10m.toml"),
    ),
    (
        "Article 002 (its May 2026 prices): 8M tokens/day of classification",
        include_str!("../../fixtures/scenarios/article-002-classification-8m.toml"),
    ),
    (
        "Article 001 (its mid-2025 prices): Llama on hourly GPUs",
        include_str!("../../fixtures/scenarios/article-001-gpu-per-hour.json"),
    ),
    (
        "Article 002 (its May 2026 prices): support tickets, cost per resolved ticket",
        include_str!("../../fixtures/scenarios/article-002-support-quality.toml"),
    ),
    (
        "Clinical notes on premises, 5M tokens/day",
        include_str!("../../fixtures/scenarios/on-premises.toml"),
    ),
];

/// The default scenario, parsed.
pub fn default_file() -> ScenarioFile {
    preset(0)
}

fn preset(i: usize) -> ScenarioFile {
    let (_, text) = PRESETS[i.min(PRESETS.len() - 1)];
    ScenarioFile::parse(text, Format::sniff(text)).unwrap_or_else(|_| {
        ScenarioFile::parse(llm_tco::DEFAULT_SCENARIO_TOML, Format::Toml).expect("the built-in default parses")
    })
}

fn evaluate(file: &ScenarioFile, catalog: &Catalog) -> Result<Report, String> {
    let scenario = llm_tco::Scenario::from_file(file, catalog).map_err(|e| e.to_string())?;
    llm_tco::evaluate(&scenario).map_err(|e| e.to_string())
}

pub(crate) fn dec(text: &str) -> Option<Decimal> {
    Decimal::from_str(text.trim())
        .ok()
        .or_else(|| Decimal::from_scientific(text.trim()).ok())
}

/// The volume slider: log10 of tokens per day, 5 to 11.
fn log_volume(file: &ScenarioFile) -> f64 {
    let w = &file.workload;
    // A scenario may give requests per day instead of tokens per day.
    let from_requests = w
        .requests_per_day
        .and_then(|r| r.checked_mul(w.input_tokens_per_request.checked_add(w.output_tokens_per_request)?));
    let v = w.tokens_per_day.or(from_requests).unwrap_or(Decimal::from(10_000_000));
    let v = parse_f64(&v.to_string()).unwrap_or(1e7);
    libm::log10(v.max(1.0))
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let catalog = StoredValue::new(Catalog::builtin());
    let (initial, message) = state::load();
    let file = RwSignal::new(initial);
    let notice = RwSignal::new(message);
    let report = Memo::new(move |_| file.with(|f| catalog.with_value(|c| evaluate(f, c))));
    // Keep the link and local storage in step with the scenario.
    // Written a moment after the last change: rewriting the URL is a
    // same-document navigation that costs the browser milliseconds, too
    // many to pay on every step of a dragged slider.
    let pending = StoredValue::new(0u64);
    Effect::new(move |_| {
        file.track();
        pending.update_value(|n| *n += 1);
        let ticket = pending.get_value();
        set_timeout(
            move || {
                if pending.get_value() == ticket {
                    file.with_untracked(state::save);
                }
            },
            std::time::Duration::from_millis(250),
        );
    });

    let set_workload =
        move |edit: &dyn Fn(&mut llm_tco::spec::scenario::WorkloadSpec)| file.update(|f| edit(&mut f.workload));
    let view_state = ViewState {
        hidden: RwSignal::new(Vec::new()),
        currency: RwSignal::new("USD".to_string()),
        rate: RwSignal::new(Decimal::ONE),
        pointer: RwSignal::new(None),
    };

    // The chart does not depend on the volume: its data is kept without
    // it, so moving the volume redraws only the marker over the chart.
    let chart_data = Memo::new(move |_| {
        report.with(|r| {
            r.as_ref().ok().map(|r| ChartData {
                current_tokens_per_day: 0.0,
                ..ChartData::from_report(r)
            })
        })
    });
    let chart_svg = Memo::new(move |_| chart_data.with(|d| d.as_ref().and_then(|d| chart_svg_of(d, &view_state))));
    let volume = Memo::new(move |_| report.with(|r| r.as_ref().ok().map(|r| r.workload.tokens_per_day.to_f64())));
    let marker = Memo::new(move |_| {
        let v = volume.get()?;
        chart_svg.with(|c| {
            c.as_ref()
                .map(|(_, frame)| marker_svg(frame, v, CHART_WIDTH, CHART_HEIGHT))
        })
    });

    let error = Memo::new(move |_| report.with(|r| r.as_ref().err().cloned()));
    // The tables as HTML text: one string and one parse per change, where
    // reactive views would call into JavaScript for every element.
    let tables =
        Memo::new(move |_| report.with(|r| r.as_ref().map(|r| report_html(r, &view_state)).unwrap_or_default()));

    view! {
        <header>
            <h1>"llm-tco: should we self-host?"</h1>
            <p class="lede">"Monthly cost of every option for your workload, and where the curves cross. Everything is computed in your browser."</p>
        </header>
        <Show when=move || notice.with(|n| n.is_some())>
            <p class="notice" role="alert">{move || notice.get().unwrap_or_default()}
                <button on:click=move |_| notice.set(None) aria-label="Dismiss the message">"×"</button>
            </p>
        </Show>
        <main>
            <section class="editor" aria-label="Scenario">
                <label>"Preset "
                    <select aria-label="Preset scenario" on:change=move |ev| {
                        if let Ok(i) = event_target_value(&ev).parse::<usize>() { file.set(preset(i)); }
                    }>
                        {PRESETS.iter().enumerate().map(|(i, (name, _))| view! { <option value=i.to_string()>{*name}</option> }).collect_view()}
                    </select>
                </label>
                <fieldset>
                    <legend>"Workload"</legend>
                    <label for="volume-slider">"Tokens per day: " <output id="volume-value">{move || file.with(|f| human_tokens(libm::pow(10.0, log_volume(f))))}</output></label>
                    <input id="volume-slider" type="range" min="5" max="11" step="0.01" aria-label="Tokens per day, log scale"
                        prop:value=move || file.with(|f| fixed(log_volume(f), 2))
                        on:input=move |ev| {
                            if let Some(x) = parse_f64(&event_target_value(&ev)) {
                                let v = libm::round(libm::pow(10.0, x));
                                if let Some(d) = dec(&fixed(v, 0)) { set_workload(&|w| { w.tokens_per_day = Some(d); w.requests_per_day = None; }); }
                            }
                        } />
                    <label>"Tokens per day "
                        <input id="volume-number" type="number" min="1" step="any"
                            prop:value=move || file.with(|f| f.workload.tokens_per_day.map(|d| d.to_string()).unwrap_or_default())
                            on:change=move |ev| if let Some(d) = dec(&event_target_value(&ev)) { set_workload(&|w| { w.tokens_per_day = Some(d); w.requests_per_day = None; }); } />
                    </label>
                    <NumberField label="Input tokens per request" id="input-tokens" file=file
                        get=|f| Some(f.workload.input_tokens_per_request) set=|f, d| f.workload.input_tokens_per_request = d />
                    <NumberField label="Output tokens per request" id="output-tokens" file=file
                        get=|f| Some(f.workload.output_tokens_per_request) set=|f, d| f.workload.output_tokens_per_request = d />
                    <NumberField label="Cached input share (0 to 1)" id="cache-share" file=file
                        get=|f| f.workload.cached_input_share set=|f, d| f.workload.cached_input_share = Some(d) />
                    <NumberField label="Batch share (0 to 1)" id="batch-share" file=file
                        get=|f| f.workload.batch_share set=|f, d| f.workload.batch_share = Some(d) />
                    <NumberField label="Peak-to-average" id="peak" file=file
                        get=|f| f.workload.peak_to_average set=|f, d| f.workload.peak_to_average = Some(d) />
                </fieldset>
                <Options file=file catalog=catalog />
                <Constraints file=file />
                <Currency view=view_state />
                <Export file=file report=report notice=notice />
            </section>
            <section class="results" aria-label="Results">
                {move || error.get().map(|e| view! { <p class="error" role="alert">{format!("This scenario cannot be priced: {e}")}</p> })}
                <div class="report" prop:hidden=move || error.with(Option::is_some)>
                    <Figure report=report view=view_state data=chart_data chart=chart_svg marker=marker />
                    // Every text in it is escaped by `Html` (see report_html).
                    <div id="report-tables" inner_html=move || tables.get()></div>
                </div>
                <analysis::Decision file=file catalog=catalog />
            </section>
        </main>
    }
}

/// Rules that exclude options, whatever they cost.
#[component]
fn Constraints(
    /// The scenario.
    file: RwSignal<ScenarioFile>,
) -> impl IntoView {
    let set = move |edit: fn(&mut llm_tco::spec::scenario::ConstraintsSpec, bool), on: bool| {
        file.update(|f| {
            let mut c = f.constraints.unwrap_or_default();
            edit(&mut c, on);
            f.constraints = (c.on_premises || c.offline).then_some(c);
        })
    };
    view! {
        <fieldset>
            <legend>"Constraints"</legend>
            <label class="toggle" for="on-premises"><input id="on-premises" type="checkbox"
                prop:checked=move || file.with(|f| f.constraints.is_some_and(|c| c.on_premises))
                on:change=move |ev| set(|c, on| c.on_premises = on, event_target_checked(&ev)) />
                "Data must stay on our premises"</label>
            <label class="toggle" for="offline"><input id="offline" type="checkbox"
                prop:checked=move || file.with(|f| f.constraints.is_some_and(|c| c.offline))
                on:change=move |ev| set(|c, on| c.offline = on, event_target_checked(&ev)) />
                "Must run offline"</label>
            <p class="hint">"Ruled-out options stay in the table and the chart, marked, so the price of the rule shows."</p>
        </fieldset>
    }
}

/// Width of the chart's drawing, px (it scales to its box).
const CHART_WIDTH: u32 = 900;
/// Height of the chart's drawing, px.
const CHART_HEIGHT: u32 = 520;

/// The chart's data as drawn (the reader's hidden curves and currency)
/// without the volume, as SVG, and where its plot sits. Moving the volume
/// leaves it as it is: the marker is drawn over it ([`marker_svg`]).
fn chart_svg_of(data: &ChartData, view: &ViewState) -> Option<(String, PlotFrame)> {
    let code = view.currency.get();
    let mut data = data.clone();
    if !(code.trim().is_empty() || code.trim().eq_ignore_ascii_case("USD")) {
        // For drawing only: the cost axis in the chosen currency.
        let rate = parse_f64(&view.rate.get().to_string()).unwrap_or(1.0);
        data = data.in_currency(code.trim(), rate);
    }
    view.hidden
        .with(|h| render_svg_without_marker(&data.without(h), CHART_WIDTH, CHART_HEIGHT).ok())
}

/// What the reader chose about how results are shown (not part of the
/// scenario): hidden curves, the currency, the pointer's volume.
#[derive(Clone, Copy)]
pub struct ViewState {
    /// Names of the options whose curves are hidden.
    pub hidden: RwSignal<Vec<String>>,
    /// Currency code shown beside converted amounts.
    pub currency: RwSignal<String>,
    /// Units of that currency per USD.
    pub rate: RwSignal<Decimal>,
    /// The volume under the pointer, tokens per day.
    pub pointer: RwSignal<Option<f64>>,
}

impl ViewState {
    /// An amount for display: the report's USD string as it is, or the
    /// exact USD amount converted at the rate and rounded once to cents.
    fn money(&self, usd: llm_tco::codec::values::Usd, exact: Option<Decimal>) -> String {
        let code = self.currency.get();
        if code.trim().is_empty() || code.trim().eq_ignore_ascii_case("USD") {
            return format!("{usd} USD");
        }
        let exact = exact.or(Some(usd.value()));
        match exact.and_then(|v| v.checked_mul(self.rate.get())) {
            Some(x) => format!("{:.2} {}", llm_tco::base::decimal::round_dp(x, 2), code.trim()),
            None => format!("{usd} USD"),
        }
    }
}

/// The currency of the results: USD, or any other at a rate you set.
#[component]
fn Currency(
    /// Where the choice is kept.
    view: ViewState,
) -> impl IntoView {
    view! {
        <fieldset>
            <legend>"Currency"</legend>
            <label for="currency-code">"Code"</label>
            <input id="currency-code" type="text" maxlength="8" prop:value=move || view.currency.get()
                on:change=move |ev| view.currency.set(event_target_value(&ev)) />
            <label for="currency-rate">"Units per USD (one article used INR at 93)"</label>
            <input id="currency-rate" type="number" min="0" step="any" prop:value=move || view.rate.get().to_string()
                on:change=move |ev| if let Some(d) = dec(&event_target_value(&ev)).filter(|d| *d > Decimal::ZERO) { view.rate.set(d) } />
            <p class="hint">"Amounts and the chart's cost axis convert; the report and exports stay in USD."</p>
        </fieldset>
    }
}

/// A labelled number field bound to one decimal of the scenario.
#[component]
fn NumberField(
    /// Visible label.
    label: &'static str,
    /// Element id, for tests and the label.
    id: &'static str,
    /// The scenario.
    file: RwSignal<ScenarioFile>,
    /// Reads the value.
    get: fn(&ScenarioFile) -> Option<Decimal>,
    /// Writes the value.
    set: fn(&mut ScenarioFile, Decimal),
) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <input id=id type="number" step="any"
            prop:value=move || file.with(|f| get(f).map(|d| d.to_string()).unwrap_or_default())
            on:change=move |ev| if let Some(d) = dec(&event_target_value(&ev)) { file.update(|f| set(f, d)); } />
    }
}

/// The options: listed with a remove button; API offers and self-hosted
/// models added from the catalog.
#[component]
fn Options(
    /// The scenario.
    file: RwSignal<ScenarioFile>,
    /// The catalog.
    catalog: StoredValue<Catalog>,
) -> impl IntoView {
    let api_ids: Vec<String> = catalog.with_value(|c| c.api_offers().iter().map(|a| a.id.clone()).collect());
    let model_ids: Vec<String> = catalog.with_value(|c| c.models().iter().map(|m| m.id.clone()).collect());
    let gpu_ids: Vec<String> = catalog.with_value(|c| c.gpus().iter().map(|g| g.id.clone()).collect());
    let api_choice = RwSignal::new(api_ids.first().cloned().unwrap_or_default());
    let editing = RwSignal::new(None::<usize>);
    let custom_name = RwSignal::new(String::new());
    let model = RwSignal::new("llama-3.1-8b".to_string());
    let gpu = RwSignal::new("l4".to_string());
    let weights = RwSignal::new("fp8".to_string());
    let hourly = RwSignal::new("0.80".to_string());
    let ownership = RwSignal::new("rented".to_string());
    let unique = move |base: String| {
        file.with(|f| {
            let mut name = base.clone();
            let mut n = 2;
            while f.options.iter().any(|o| o.name == name) {
                name = format!("{base} ({n})");
                n += 1;
            }
            name
        })
    };
    let add_api = move |_| {
        let id = api_choice.get();
        let name = unique(if custom_name.get().trim().is_empty() {
            id.clone()
        } else {
            custom_name.get()
        });
        file.update(|f| {
            f.options.push(OptionSpec {
                name,
                api: Some(ApiSpec {
                    catalog: Some(id),
                    ..ApiSpec::default()
                }),
                self_hosted: None,
                hybrid: None,
                quality: None,
                notes: None,
            })
        });
    };
    let add_self_hosted = move |_| {
        let base = if custom_name.get().trim().is_empty() {
            format!("{} on {}", model.get(), gpu.get())
        } else {
            custom_name.get()
        };
        let name = unique(base);
        let price = dec(&hourly.get());
        let (rented, owned) = if ownership.get() == "owned" {
            // Typical terms, all editable afterwards: 4 years, 10% resale,
            // 8% cost of capital, PUE 1.3, $0.12/kWh.
            let owned = llm_tco::spec::scenario::OwnedSpec {
                purchase_usd_per_gpu: price.unwrap_or(Decimal::ZERO),
                life_years: Decimal::from(4),
                residual_share: Some(Decimal::new(1, 1)),
                cost_of_capital_per_year: Some(Decimal::new(8, 2)),
                pue: Some(Decimal::new(13, 1)),
                usd_per_kwh: Decimal::new(12, 2),
                ..Default::default()
            };
            (None, Some(owned))
        } else {
            (
                Some(RentedSpec {
                    usd_per_gpu_hour: price,
                    ..RentedSpec::default()
                }),
                None,
            )
        };
        let spec = SelfHostedSpec {
            model: model.get(),
            weights: weights.get(),
            gpu: gpu.get(),
            rented,
            owned,
            ..SelfHostedSpec::default()
        };
        file.update(|f| {
            f.options.push(OptionSpec {
                name,
                api: None,
                self_hosted: Some(spec),
                hybrid: None,
                quality: None,
                notes: None,
            })
        });
    };
    // The list and the hybrid's choices change with the options' names and
    // kinds only: memos, so a move of the volume slider does not rebuild them.
    let listed = Memo::new(move |_| {
        file.with(|f| {
            f.options
                .iter()
                .map(|o| {
                    let kind = if o.api.is_some() {
                        "API"
                    } else if o.hybrid.is_some() {
                        "hybrid"
                    } else {
                        "self-hosted"
                    };
                    (o.name.clone(), kind)
                })
                .collect::<Vec<_>>()
        })
    });
    let part_names = Memo::new(move |_| {
        file.with(|f| {
            let names = |keep: fn(&OptionSpec) -> bool| -> Vec<String> {
                f.options.iter().filter(|o| keep(o)).map(|o| o.name.clone()).collect()
            };
            (names(|o| o.self_hosted.is_some()), names(|o| o.api.is_some()))
        })
    });
    let hybrid_sh = RwSignal::new(String::new());
    let hybrid_api = RwSignal::new(String::new());
    let add_hybrid = move |_| {
        let (sh, api) = (hybrid_sh.get(), hybrid_api.get());
        if sh.is_empty() || api.is_empty() {
            return;
        }
        let name = unique(format!("{sh} + {api} overflow"));
        file.update(|f| {
            f.options.push(OptionSpec {
                name,
                api: None,
                self_hosted: None,
                hybrid: Some(llm_tco::spec::scenario::HybridSpec {
                    self_hosted: sh,
                    api,
                    split: None,
                    share: None,
                    base_replicas: None,
                }),
                quality: None,
                notes: None,
            })
        });
    };
    let select = |label: &'static str, ids: Vec<String>, value: RwSignal<String>| {
        view! {
            <label>{label} " "
                <select aria-label=label on:change=move |ev| value.set(event_target_value(&ev)) prop:value=move || value.get()>
                    {ids.into_iter().map(|id| view! { <option value=id.clone()>{id.clone()}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    let formats: Vec<String> = llm_tco::spec::formats::WeightFormat::ALL
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    view! {
        <fieldset>
            <legend>"Options"</legend>
            <ul class="options">
                {move || listed.get().into_iter().enumerate().map(|(i, (name, kind))| {
                    view! {
                        <li>
                            <span class="option-name">{name.clone()}</span>
                            <span class="kind">{kind}</span>
                            <button class="edit" aria-label=format!("Edit {name}") aria-expanded=move || (editing.get() == Some(i)).to_string()
                                on:click=move |_| editing.update(|e| *e = if *e == Some(i) { None } else { Some(i) })>"Edit"</button>
                            <button class="remove" aria-label=format!("Remove {name}")
                                on:click=move |_| { editing.set(None); file.update(|f| {
                                    if i < f.options.len() {
                                        let gone = f.options.remove(i).name;
                                        // A hybrid cannot outlive one of its parts.
                                        f.options.retain(|o| o.hybrid.as_ref().is_none_or(|h| h.self_hosted != gone && h.api != gone));
                                    }
                                }) }>"Remove"</button>
                            {move || (editing.get() == Some(i)).then(|| view! { <OptionEditor file=file index=i /> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <label>"Name of the new option (optional) "
                <input id="new-name" type="text" prop:value=move || custom_name.get() on:input=move |ev| custom_name.set(event_target_value(&ev)) />
            </label>
            <div class="add">
                {select("API offer", api_ids, api_choice)}
                <button id="add-api" on:click=add_api>"Add API option"</button>
            </div>
            <div class="add">
                {select("Model", model_ids, model)}
                {select("GPU", gpu_ids, gpu)}
                {select("Weights", formats, weights)}
                {select("GPUs are", vec!["rented".to_string(), "owned".to_string()], ownership)}
                <label for="new-hourly">{move || if ownership.get() == "owned" { "Purchase USD per GPU" } else { "USD per GPU-hour" }}</label>
                <input id="new-hourly" type="text" inputmode="decimal" prop:value=move || hourly.get() on:input=move |ev| hourly.set(event_target_value(&ev)) />
                <button id="add-self-hosted" on:click=add_self_hosted>"Add self-hosted option"</button>
            </div>
            <div class="add">
                {move || {
                    let (sh, api) = part_names.get();
                    if hybrid_sh.with_untracked(String::is_empty) || !sh.contains(&hybrid_sh.get_untracked()) {
                        hybrid_sh.set(sh.first().cloned().unwrap_or_default());
                    }
                    if hybrid_api.with_untracked(String::is_empty) || !api.contains(&hybrid_api.get_untracked()) {
                        hybrid_api.set(api.first().cloned().unwrap_or_default());
                    }
                    view! {
                        {select("Hybrid: self-host the base load on", sh, hybrid_sh)}
                        {select("and send the overflow to", api, hybrid_api)}
                    }
                }}
                <button id="add-hybrid" on:click=add_hybrid>"Add hybrid option"</button>
            </div>
        </fieldset>
    }
}

/// One editable field of option `index`: shown with `get`, written with
/// `set` (which says whether the text was valid).
#[component]
fn OptionField(
    /// Visible label.
    label: &'static str,
    /// The scenario.
    file: RwSignal<ScenarioFile>,
    /// Which option.
    index: usize,
    /// Reads the field as text.
    get: fn(&OptionSpec) -> String,
    /// Writes the field from text; false when the text is not valid.
    set: fn(&mut OptionSpec, &str) -> bool,
) -> impl IntoView {
    let id = format!(
        "option-{index}-{}",
        label.to_ascii_lowercase().replace([' ', '/', '(', ')', ','], "-")
    );
    let invalid = RwSignal::new(false);
    view! {
        <label for=id.clone()>{label}</label>
        <input id=id type="text" aria-invalid=move || invalid.get().to_string()
            prop:value=move || file.with(|f| f.options.get(index).map(get).unwrap_or_default())
            on:change=move |ev| {
                let text = event_target_value(&ev);
                // Only a valid value reaches the scenario (and redraws).
                let mut next = file.get_untracked();
                let ok = next.options.get_mut(index).is_some_and(|o| set(o, &text));
                if ok {
                    file.set(next);
                }
                invalid.set(!ok);
            } />
    }
}

fn money_text(d: Option<Decimal>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn parse_opt(text: &str) -> Option<Option<Decimal>> {
    if text.trim().is_empty() {
        return Some(None);
    }
    dec(text).filter(|d| *d >= Decimal::ZERO).map(Some)
}

fn sh(o: &OptionSpec) -> Option<&SelfHostedSpec> {
    o.self_hosted.as_ref()
}

fn sh_mut(o: &mut OptionSpec) -> Option<&mut SelfHostedSpec> {
    o.self_hosted.as_mut()
}

fn engineering_mut(o: &mut OptionSpec) -> Option<&mut llm_tco::spec::scenario::EngineeringSpec> {
    sh_mut(o).map(|s| {
        s.engineering
            .get_or_insert_with(|| llm_tco::spec::scenario::EngineeringSpec {
                usd_per_hour: Decimal::from(100),
                ..Default::default()
            })
    })
}

/// The cost fields of one option: prices of an API; format, engine, GPU
/// price, engineering and spares of a self-hosted model.
#[component]
fn OptionEditor(
    /// The scenario.
    file: RwSignal<ScenarioFile>,
    /// Which option.
    index: usize,
) -> impl IntoView {
    let is_api = file.with(|f| f.options.get(index).is_some_and(|o| o.api.is_some()));
    if let Some(h) = file.with(|f| f.options.get(index).and_then(|o| o.hybrid.clone())) {
        return view! {
            <div class="editor-panel">
                <p class="hint">{format!("Self-hosts the base load on {} and sends the traffic above its capacity to {}; the number of base replicas is the cheapest at each volume. Edit its two parts to change it.", h.self_hosted, h.api)}</p>
            </div>
        }
        .into_any();
    }
    let owned = file.with(|f| f.options.get(index).and_then(sh).is_some_and(|s| s.owned.is_some()));
    if is_api {
        return view! {
            <div class="editor-panel">
                <OptionField label="Input USD per 1M tokens" file=file index=index
                    get=|o| o.api.as_ref().map(|a| money_text(a.input_usd_per_mtok)).unwrap_or_default()
                    set=|o, t| match (o.api.as_mut(), parse_opt(t)) { (Some(a), Some(v)) => { a.input_usd_per_mtok = v; true } _ => false } />
                <OptionField label="Output USD per 1M tokens" file=file index=index
                    get=|o| o.api.as_ref().map(|a| money_text(a.output_usd_per_mtok)).unwrap_or_default()
                    set=|o, t| match (o.api.as_mut(), parse_opt(t)) { (Some(a), Some(v)) => { a.output_usd_per_mtok = v; true } _ => false } />
                <OptionField label="Cached input USD per 1M tokens" file=file index=index
                    get=|o| o.api.as_ref().map(|a| money_text(a.cached_input_usd_per_mtok)).unwrap_or_default()
                    set=|o, t| match (o.api.as_mut(), parse_opt(t)) { (Some(a), Some(v)) => { a.cached_input_usd_per_mtok = v; true } _ => false } />
                <p class="hint">"Empty fields take the catalog's prices."</p>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="editor-panel">
            <OptionField label="Weights (bf16, fp8, awq_int4, gguf_q4_k_m, ...)" file=file index=index
                get=|o| sh(o).map(|s| s.weights.clone()).unwrap_or_default()
                set=|o, t| match (sh_mut(o), llm_tco::spec::formats::WeightFormat::parse(t)) { (Some(s), Ok(w)) => { s.weights = w.name().to_string(); true } _ => false } />
            <OptionField label="KV cache (fp16, fp8, int8, int4)" file=file index=index
                get=|o| sh(o).and_then(|s| s.kv_cache.clone()).unwrap_or_else(|| "fp16".into())
                set=|o, t| match (sh_mut(o), llm_tco::spec::formats::KvFormat::parse(t)) { (Some(s), Ok(k)) => { s.kv_cache = Some(k.name().to_string()); true } _ => false } />
            <OptionField label="Engine (vllm, vllm-0.5, tensorrt-llm, llama.cpp)" file=file index=index
                get=|o| sh(o).and_then(|s| s.engine.clone()).unwrap_or_else(|| "vllm".into())
                set=|o, t| match sh_mut(o) { Some(s) if ["vllm", "vllm-0.5", "tensorrt-llm", "llama.cpp"].contains(&t.trim()) => { s.engine = Some(t.trim().to_string()); true } _ => false } />
            {if owned {
                view! {
                    <OptionField label="Purchase USD per GPU" file=file index=index
                        get=|o| sh(o).and_then(|s| s.owned.as_ref()).map(|w| w.purchase_usd_per_gpu.to_string()).unwrap_or_default()
                        set=|o, t| match (sh_mut(o).and_then(|s| s.owned.as_mut()), dec(t)) { (Some(w), Some(v)) if v >= Decimal::ZERO => { w.purchase_usd_per_gpu = v; true } _ => false } />
                    <OptionField label="Electricity USD per kWh" file=file index=index
                        get=|o| sh(o).and_then(|s| s.owned.as_ref()).map(|w| w.usd_per_kwh.to_string()).unwrap_or_default()
                        set=|o, t| match (sh_mut(o).and_then(|s| s.owned.as_mut()), dec(t)) { (Some(w), Some(v)) if v >= Decimal::ZERO => { w.usd_per_kwh = v; true } _ => false } />
                }.into_any()
            } else {
                view! {
                    <OptionField label="USD per GPU-hour" file=file index=index
                        get=|o| sh(o).and_then(|s| s.rented.as_ref()).map(|r| money_text(r.usd_per_gpu_hour)).unwrap_or_default()
                        set=|o, t| match (sh_mut(o).and_then(|s| s.rented.as_mut()), parse_opt(t)) { (Some(r), Some(v)) => { r.usd_per_gpu_hour = v; true } _ => false } />
                }.into_any()
            }}
            <OptionField label="Engineering USD per hour" file=file index=index
                get=|o| sh(o).and_then(|s| s.engineering.as_ref()).map(|e| e.usd_per_hour.to_string()).unwrap_or_default()
                set=|o, t| match (engineering_mut(o), dec(t)) { (Some(e), Some(v)) if v >= Decimal::ZERO => { e.usd_per_hour = v; true } _ => false } />
            <OptionField label="Setup hours" file=file index=index
                get=|o| sh(o).and_then(|s| s.engineering.as_ref()).and_then(|e| e.setup_hours).map(|d| d.to_string()).unwrap_or_default()
                set=|o, t| match (engineering_mut(o), parse_opt(t)) { (Some(e), Some(v)) => { e.setup_hours = v; true } _ => false } />
            <OptionField label="Operations hours per month" file=file index=index
                get=|o| sh(o).and_then(|s| s.engineering.as_ref()).and_then(|e| e.ops_hours_per_month).map(|d| d.to_string()).unwrap_or_default()
                set=|o, t| match (engineering_mut(o), parse_opt(t)) { (Some(e), Some(v)) => { e.ops_hours_per_month = v; true } _ => false } />
            <OptionField label="Spare replicas" file=file index=index
                get=|o| sh(o).and_then(|s| s.redundancy.as_ref()).map(|r| r.spare_replicas.to_string()).unwrap_or_else(|| "0".into())
                set=|o, t| match (sh_mut(o), t.trim().parse::<u32>()) { (Some(s), Ok(n)) if n <= 64 => { s.redundancy.get_or_insert_with(Default::default).spare_replicas = n; true } _ => false } />
        </div>
    }
    .into_any()
}

/// Downloads of the scenario, the report and the curves.
#[component]
fn Export(
    /// The scenario.
    file: RwSignal<ScenarioFile>,
    /// The report.
    report: Memo<Result<Report, String>>,
    /// Where import errors are shown.
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <fieldset>
            <legend>"Export and import"</legend>
            <label for="import-file">"Import a scenario (JSON or TOML)"</label>
            <input id="import-file" type="file" accept=".json,.toml,application/json"
                on:change=move |ev| state::import(&ev, move |result| match result {
                    Ok(f) => { file.set(f); notice.set(None); }
                    Err(e) => notice.set(Some(format!("The file could not be imported: {e}"))),
                }) />
            <button id="export-scenario" on:click=move |_| state::download("scenario.json", "application/json", &file.with(|f| f.to_json()))>"Scenario (JSON)"</button>
            <button id="export-report" on:click=move |_| if let Ok(r) = report.get() { state::download("report.json", "application/json", &r.to_json()) }>"Report (JSON)"</button>
            <button id="export-csv" on:click=move |_| if let Ok(r) = report.get() { state::download("curves.csv", "text/csv", &r.curves_csv()) }>"Curves (CSV)"</button>
            <button id="export-svg" on:click=move |_| if let Ok(r) = report.get() {
                if let Ok(svg) = render_svg(&ChartData::from_report(&r), 1000, 620) { state::download("chart.svg", "image/svg+xml", &svg) }
            }>"Chart (SVG)"</button>
            <button id="export-png" on:click=move |_| if let Ok(r) = report.get() {
                if let Ok(svg) = render_svg(&ChartData::from_report(&r), 1000, 620) { state::download_png(&svg, 1000, 620, "chart.png") }
            }>"Chart (PNG)"</button>
        </fieldset>
    }
}

/// The chart of the report: the drawing, the legend's toggles and the
/// pointer's readout. Built once; the drawing is set from `chart` and the
/// legend rebuilt only when the options' names change.
#[component]
fn Figure(
    /// The report.
    report: Memo<Result<Report, String>>,
    /// Hidden curves, currency, pointer.
    view: ViewState,
    /// What the chart shows (its volume axis maps the pointer).
    data: Memo<Option<ChartData>>,
    /// The chart drawn without the volume marker, and where its plot sits.
    chart: Memo<Option<(String, PlotFrame)>>,
    /// The volume marker, drawn over the chart.
    marker: Memo<Option<String>>,
) -> impl IntoView {
    const WIDTH: u32 = CHART_WIDTH;
    let names = Memo::new(move |_| {
        report.with(|r| {
            r.as_ref()
                .map(|r| r.options.iter().map(|o| o.name.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let on_pointer = move |ev: leptos::ev::PointerEvent| {
        let Some(target) = ev
            .current_target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok())
        else {
            return;
        };
        let shown = f64::from(target.client_width().max(1));
        let x = f64::from(ev.offset_x()) * f64::from(WIDTH) / shown;
        let volume = data.with_untracked(|d| {
            d.as_ref()
                .and_then(|d| llm_tco::render::chart::volume_at_x(d, f64::from(WIDTH), x))
        });
        view.pointer.set(volume);
    };
    let readout = move || {
        let v = view.pointer.get()?;
        let volume = Decimal::from_str(&fixed(v, 0)).unwrap_or(Decimal::ONE);
        let items = report.with(|r| {
            r.as_ref()
                .map(|r| {
                    r.options
                        .iter()
                        .map(|o| {
                            let cost = o
                                .curve
                                .usd_at(volume)
                                .ok()
                                .flatten()
                                .map(|c| view.money(llm_tco::codec::values::Usd::new(c), Some(c)))
                                .unwrap_or_else(|| "cannot serve".into());
                            view! { <li><span class="option-name">{o.name.clone()}</span>": "{cost}</li> }
                        })
                        .collect_view()
                })
                .ok()
        })?;
        Some(view! { <p>"At "{human_tokens(v)}" tokens/day:"</p><ul>{items}</ul> })
    };
    view! {
        <figure class="chart" aria-label="Monthly cost against tokens per day">
            <div class="chart-box">
                // Both drawings come from the library, which escapes every text it draws.
                <div id="chart" inner_html=move || chart.with(|c| c.as_ref().map(|c| c.0.clone()).unwrap_or_default())
                    on:pointermove=on_pointer on:pointerdown=on_pointer></div>
                <div id="chart-marker" aria-hidden="true" inner_html=move || marker.get().unwrap_or_default()></div>
            </div>
            <figcaption>
                <fieldset class="legend">
                    <legend>"Curves shown"</legend>
                    {move || names.get().into_iter().map(|name| {
                        let n = name.clone();
                        let m = name.clone();
                        view! { <label class="toggle"><input type="checkbox"
                            prop:checked=move || view.hidden.with(|h| !h.contains(&n))
                            on:change=move |_| view.hidden.update(|h| if let Some(i) = h.iter().position(|x| *x == m) { h.remove(i); } else { h.push(m.clone()); }) />
                            {name}</label> }
                    }).collect_view()}
                </fieldset>
                <div id="readout" aria-live="polite">{readout}</div>
            </figcaption>
        </figure>
    }
}

/// A share (0.8413) as a percentage with at most two decimals (`"84.13"`,
/// `"100"`).
pub(crate) fn percent(share: Decimal) -> String {
    share
        .checked_mul(Decimal::ONE_HUNDRED)
        .map_or_else(|| "0".into(), |p| llm_tco::base::decimal::round_dp(p, 2).to_string())
}

/// The break-even verdicts, the breakdown, cost per successful task,
/// hybrid routing, sizing, warnings and assumptions of `report`, as HTML
/// (every text escaped by [`Html`]).
fn report_html(report: &Report, view: &ViewState) -> String {
    let mut h = Html::new();
    let volume = Some(report.workload.tokens_per_day.value());
    h.tag("<h2>Break-even</h2><ul id=\"break-even\">");
    for p in &report.break_even {
        let verdict = match (p.self_hosted_cheaper.verdict, p.self_hosted_cheaper.tokens_per_day) {
            (Verdict::Above, Some(v)) => format!("cheaper above {} tokens/day", human_tokens(v.to_f64())),
            (Verdict::Always, _) => "always cheaper".to_string(),
            _ => "never cheaper".to_string(),
        };
        h.tag("<li data-tokens-per-day=\"")
            .text(
                &p.self_hosted_cheaper
                    .tokens_per_day
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
            )
            .tag("\"><span class=\"sh\">")
            .text(&p.self_hosted)
            .tag("</span> vs <span class=\"api\">")
            .text(&p.api)
            .tag("</span>: ")
            .text(&verdict)
            .tag("</li>");
    }
    h.tag("</ul><h2>Cost at your volume</h2><table id=\"breakdown\"><thead><tr><th scope=\"col\">Option</th><th scope=\"col\">Per month</th><th scope=\"col\">USD / 1M tokens</th><th scope=\"col\">Lines</th></tr></thead><tbody>");
    for o in &report.options {
        h.tag(if o.ruled_out.is_some() {
            "<tr class=\"ruled-out\"><th scope=\"row\">"
        } else {
            "<tr><th scope=\"row\">"
        })
        .text(&o.name)
        .tag("<span class=\"kind\"> ")
        .tag(match o.kind {
            OptionType::Api => "API",
            OptionType::Hybrid => "hybrid",
            OptionType::SelfHosted => "self-hosted",
        })
        .tag("</span>");
        if let Some(r) = &o.ruled_out {
            h.tag("<span class=\"ruled-out-reason\">Ruled out: it ")
                .text(r)
                .tag("</span>");
        }
        if let Some(api) = &o.api {
            if let Some(src) = &api.source {
                h.tag("<details class=\"source\"><summary>Prices");
                if let Some(d) = &api.as_of {
                    h.tag(" as of ").text(d);
                }
                let text = match &src.url {
                    Some(url) => format!("{} {url}", src.title),
                    None => src.title.clone(),
                };
                h.tag("</summary>").linked(&text).tag("</details>");
            }
        }
        let exact = volume.and_then(|v| o.curve.usd_at(v).ok().flatten());
        let monthly = o
            .monthly_usd
            .map(|m| view.money(m, exact))
            .unwrap_or_else(|| "cannot serve".into());
        h.tag("</th><td class=\"usd\">")
            .text(&monthly)
            .tag("</td><td>")
            .text(&o.usd_per_mtok.map(|v| v.to_string()).unwrap_or_default())
            .tag("</td><td class=\"lines\">");
        let mut first = true;
        for l in o.lines.iter().filter(|l| !l.usd.value().is_zero()) {
            if !first {
                h.tag(" · ");
            }
            first = false;
            h.tag(l.item.name()).tag(" ").text(&l.usd.to_string());
        }
        h.tag("</td></tr>");
    }
    h.tag("</tbody></table>");
    let mut rated = report
        .options
        .iter()
        .filter_map(|o| o.quality.as_ref().map(|q| (&o.name, q)))
        .peekable();
    if rated.peek().is_some() {
        h.tag("<h2>Cost per successful task</h2><table id=\"quality\"><thead><tr><th scope=\"col\">Option</th><th scope=\"col\">Success rate</th><th scope=\"col\">A failure</th><th scope=\"col\">Per month, failures included</th><th scope=\"col\">USD per successful task</th></tr></thead><tbody>");
        for (name, q) in rated {
            h.tag("<tr><th scope=\"row\">").text(name).tag("</th><td>");
            h.fmt(format_args!("{}%", percent(q.success_rate.value())))
                .tag("</td><td>");
            match q.on_failure {
                OnFailure::Retry => h.tag("is retried"),
                OnFailure::Fallback => h.fmt(format_args!(
                    "costs {} USD",
                    q.fallback_usd_per_task.map(|v| v.to_string()).unwrap_or_default()
                )),
            };
            h.tag("</td><td class=\"usd\">");
            match &q.monthly_usd {
                Some(m) => h.fmt(format_args!("{m} USD")),
                None => h.tag("cannot serve"),
            };
            h.tag("</td><td class=\"usd\">")
                .text(&q.usd_per_successful_task.map(|v| v.to_string()).unwrap_or_default())
                .tag("</td></tr>");
        }
        h.tag("</tbody></table>");
    }
    let mut hybrids = report
        .options
        .iter()
        .filter_map(|o| o.hybrid.as_ref().map(|x| (&o.name, x)))
        .peekable();
    if hybrids.peek().is_some() {
        h.tag("<h2>Hybrid routing</h2><ul id=\"hybrid\">");
        for (name, x) in hybrids {
            h.tag("<li><strong>").text(name).tag("</strong>: ").fmt(format_args!(
                "{} replica(s) of {} ({} GPUs) carry {} tokens/day; {} tokens/day ({}%) go to {}.",
                x.replicas,
                x.self_hosted,
                x.n_gpus,
                human_tokens(x.self_hosted_tokens_per_day.to_f64()),
                human_tokens(x.api_tokens_per_day.to_f64()),
                percent(x.api_share.value()),
                x.api
            ));
            h.tag("</li>");
        }
        h.tag("</ul>");
    }
    h.tag("<h2>Sizing</h2><ul id=\"sizing\">");
    let gib = |b: u64| b as f64 / 1_073_741_824.0;
    for o in &report.options {
        let Some(d) = &o.self_hosted else { continue };
        h.tag("<li><strong>").text(&o.name).tag("</strong>: ");
        match (&d.estimate, d.serves) {
            (Some(e), true) => h.fmt(format_args!(
                "{} × {} per replica, {} replica(s); {} tokens/s per replica; weights {} GiB, KV cache {} GiB per GPU; {} output tokens/s per user, first token after {} ms",
                d.gpus_per_replica,
                d.gpu,
                d.replicas,
                d.capacity_tokens_per_s.map(|v| v.to_string()).unwrap_or_default(),
                fixed(gib(e.memory.weights_bytes), 1),
                fixed(gib(e.memory.kv_cache_bytes), 1),
                fixed(e.per_user_output_tokens_per_s, 1),
                fixed(e.ttft_ms, 0)
            )),
            _ => h.fmt(format_args!("cannot serve: {}", d.reason.as_deref().unwrap_or_default())),
        };
        if let Some(e) = &d.estimate {
            let m = &e.memory;
            let total = m.gpu_bytes.max(1) as f64;
            let other = m.reserve_bytes + m.activations_bytes;
            let label = format!(
                "Memory per GPU of {} GiB: weights {} GiB, KV cache {} GiB, reserve and activations {} GiB",
                fixed(gib(m.gpu_bytes), 0),
                fixed(gib(m.weights_bytes), 1),
                fixed(gib(m.kv_cache_bytes), 1),
                fixed(gib(other), 1)
            );
            h.tag("<div class=\"membar\" role=\"img\" aria-label=\"")
                .text(&label)
                .tag("\" title=\"")
                .text(&label)
                .tag("\">");
            for (class, bytes) in [
                ("<span class=\"weights\" style=\"", m.weights_bytes),
                ("<span class=\"kv\" style=\"", m.kv_cache_bytes),
                ("<span class=\"other\" style=\"", other),
            ] {
                h.tag(class)
                    .fmt(format_args!(
                        "width: {}%",
                        fixed((bytes as f64 / total * 100.0).min(100.0), 1)
                    ))
                    .tag("\"></span>");
            }
            h.tag("</div>");
        }
        h.tag("</li>");
    }
    h.tag("</ul><h2>Warnings</h2><ul id=\"warnings\">");
    for w in &report.warnings {
        h.tag("<li>").text(&w.message).tag("</li>");
    }
    h.tag("</ul><h2>Assumptions</h2><ul id=\"assumptions\">");
    for a in &report.assumptions {
        h.tag("<li>").text(a).tag("</li>");
    }
    h.tag("</ul>");
    h.finish()
}
