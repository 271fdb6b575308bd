//! The decision panels under the results: the six-question guide,
//! payback, sensitivity (a tornado chart), Monte Carlo and a usage-log
//! import. Each panel computes only while it is open. The guide runs here;
//! the other four run in the page's worker, which answers with the panel's
//! body as HTML (every text escaped by the library's `Html`, the chart's by
//! plotters) and the library's report as JSON: their code is not part of
//! the page's first load.

use crate::{dec, state, Ctx};
use leptos::prelude::*;
use llm_tco::analysis::param::Param;
use llm_tco::model::scenario::OptionKind;
use llm_tco::render::text::read_with_unit;
use llm_tco::spec::scenario::UncertainInputSpec;
use llm_tco::{Format, Scenario, ScenarioFile};

/// A panel that opens and closes; its body is built only while open.
#[component]
fn Panel(
    /// Heading.
    title: &'static str,
    /// Element id of the body (the toggle button is `{id}-toggle`).
    id: &'static str,
    /// Whether it is open.
    open: RwSignal<bool>,
    /// The body.
    children: ChildrenFn,
) -> impl IntoView {
    view! {
        <section class="panel">
            <h2><button id=format!("{id}-toggle") class="panel-toggle" aria-expanded=move || open.get().to_string()
                aria-controls=id on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { "▾ " } else { "▸ " }}{title}</button></h2>
            <div id=id>{move || open.get().then(|| children())}</div>
        </section>
    }
}

/// The scenario's self-hosted and API option names.
fn pair_names(s: &Scenario) -> (Vec<String>, Vec<String>) {
    let mut sh = Vec::new();
    let mut api = Vec::new();
    for o in s.options() {
        match o.kind() {
            OptionKind::SelfHosted(_) => sh.push(o.name().to_string()),
            OptionKind::Api(_) => api.push(o.name().to_string()),
            OptionKind::Hybrid(_) => {}
        }
    }
    (sh, api)
}

/// `f` of the scenario validated against the catalog in use, if it is valid.
fn with_scenario<T>(ctx: Ctx, f: impl FnOnce(&Scenario) -> T) -> Option<T> {
    ctx.file.with(|file| {
        ctx.catalog
            .with(|c| crate::scenario(file, &c.catalog).ok().map(|s| f(&s)))
    })
}

/// A worker request for a panel: `params` with the scenario, the catalog
/// overlay in use and the currency.
pub(crate) fn request(ctx: Ctx, mut params: serde_json::Value) -> String {
    params["scenario"] = ctx.file.with(llm_tco::to_compact_json).into();
    params["catalog"] = ctx
        .catalog
        .with(|c| c.imported.as_ref().map(|i| llm_tco::to_compact_json(&i.overlay)))
        .into();
    // The day of the results shown, so the worker prices the scenario as
    // they were priced (a page left open past midnight included).
    params["today"] = ctx
        .shown
        .with_untracked(|r| r.as_ref().and_then(|r| r.as_of))
        .map(|d| d.to_string())
        .into();
    params["currency"] = ctx.view.code().into();
    params["rate"] = ctx.view.rate.get().normalize().to_string().into();
    params.to_string()
}

/// Downloads the report (JSON) or the curves (CSV), made in the worker.
pub(crate) fn export_report(ctx: Ctx, csv: bool) {
    let req = request(ctx, serde_json::json!({}));
    state::in_worker("report", &req, "", "", move |r| {
        let Ok((ok, _)) = r else { return };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&ok) else {
            return;
        };
        if csv {
            state::download("curves.csv", "text/csv", v["csv"].as_str().unwrap_or_default());
        } else {
            state::download(
                "report.json",
                "application/json",
                v["json"].as_str().unwrap_or_default(),
            );
        }
    });
}

/// Every input that can vary (its path, in words, and how a scenario file
/// names it), and the scenario's ranges in words.
type ParamLists = (Vec<(String, String, (Option<String>, String))>, Vec<String>);

/// What the worker answers for a panel.
#[derive(Debug, Clone, PartialEq)]
struct Answer {
    /// The panel's body, escaped by the library.
    html: String,
    /// The library's report, for the export.
    json: String,
    /// The scenario with a usage log's workload.
    scenario: Option<String>,
}

fn answer_of(r: Result<(String, String), String>) -> Result<Answer, String> {
    let (ok, _) = r?;
    let v: serde_json::Value = serde_json::from_str(&ok).map_err(|e| e.to_string())?;
    Ok(Answer {
        html: v["html"].as_str().unwrap_or_default().to_string(),
        json: v["json"].as_str().unwrap_or_default().to_string(),
        scenario: v["scenario"].as_str().map(str::to_string),
    })
}

/// Asks the worker for `kind` a moment after `req` last changed while
/// `open` (a dragged slider sends one request, not one per step, to a
/// worker that answers them in turn), and keeps the latest answer (an older
/// one arriving late is dropped).
fn in_worker(kind: &'static str, open: RwSignal<bool>, req: Memo<String>) -> RwSignal<Option<Result<Answer, String>>> {
    let answer = RwSignal::new(None);
    let ticket = StoredValue::new(0u64);
    // The worker is the outside world: an effect sends it each request.
    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        req.track();
        ticket.update_value(|t| *t += 1);
        let mine = ticket.get_value();
        answer.set(None);
        set_timeout(
            move || {
                if ticket.get_value() != mine {
                    return;
                }
                state::in_worker(kind, &req.get_untracked(), "", "", move |r| {
                    if ticket.get_value() == mine {
                        answer.set(Some(answer_of(r)));
                    }
                });
            },
            std::time::Duration::from_millis(250),
        );
    });
    answer
}

/// A worker panel's body: its HTML and an export button.
fn body(
    answer: RwSignal<Option<Result<Answer, String>>>,
    export_id: &'static str,
    file: &'static str,
    label: &'static str,
) -> impl IntoView {
    move || match answer.get() {
        None => view! { <p class="running">"Computing…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
        Some(Ok(a)) => {
            let json = a.json.clone();
            view! {
                // The library escaped every text of it.
                <div inner_html=a.html></div>
                <button id=export_id on:click=move |_| state::download(file, "application/json", &json)>{label}</button>
            }
            .into_any()
        }
    }
}

/// Every decision panel for the scenario.
#[component]
pub fn Decision() -> impl IntoView {
    let ctx = Ctx::get();
    let file = ctx.file;
    // What the panels need of the validated scenario, as plain lists.
    let names = Memo::new(move |_| with_scenario(ctx, pair_names).unwrap_or_default());
    let scenario = Memo::new(move |_| {
        with_scenario(ctx, |s| {
            let params = Param::all(s)
                .iter()
                .map(|p| (p.path(), p.label(s), p.reference(s)))
                .collect::<Vec<_>>();
            let ranges = s
                .uncertainty()
                .iter()
                .map(|u| {
                    Param::named(u.option.as_deref(), &u.input, s).map_or_else(|_| u.input.clone(), |p| p.label(s))
                })
                .collect::<Vec<_>>();
            (params, ranges)
        })
        .unwrap_or_default()
    });
    // The pair compared by sensitivity and Monte Carlo: the library's
    // default (`Pair::choose`: the first self-hosted option and
    // `verdict::cheapest_api`, read here from the report shown) until the
    // reader picks others.
    let self_hosted = RwSignal::new(String::new());
    let picked_api = RwSignal::new(String::new());
    let cheapest_api = Memo::new(move |_| {
        ctx.shown
            .with(|r| {
                r.as_ref()
                    .and_then(|r| llm_tco::analysis::verdict::cheapest_api(r).map(|i| r.options[i].name.clone()))
            })
            .unwrap_or_default()
    });
    let api = Memo::new(move |_| {
        let picked = picked_api.get();
        if !picked.is_empty() && names.with(|n| n.1.contains(&picked)) {
            picked
        } else {
            cheapest_api.get()
        }
    });
    let pair_select = move || {
        let (sh, ap) = names.get();
        view! {
            <div class="pair">
                <label>"Self-hosted option "
                    <select class="pair-self-hosted" aria-label="Self-hosted option compared" on:change=move |ev| self_hosted.set(event_target_value(&ev))>
                        {sh.into_iter().map(|n| { let m = n.clone(); let v = n.clone(); view! { <option value=v selected=move || self_hosted.get() == m>{n}</option> } }).collect_view()}
                    </select>
                </label>
                <label>"API option "
                    <select class="pair-api" aria-label="API option compared" on:change=move |ev| picked_api.set(event_target_value(&ev))>
                        {ap.into_iter().map(|n| { let m = n.clone(); let v = n.clone(); view! { <option value=v selected=move || api.get() == m>{n}</option> } }).collect_view()}
                    </select>
                </label>
            </div>
        }
    };
    let (guide_open, payback_open, sens_open, mc_open, usage_open) = (
        RwSignal::new(false),
        RwSignal::new(false),
        RwSignal::new(false),
        RwSignal::new(false),
        RwSignal::new(false),
    );
    let payback = in_worker(
        "payback",
        payback_open,
        Memo::new(move |_| request(ctx, serde_json::json!({}))),
    );
    let delta = RwSignal::new("20".to_string());
    let sensitivity = in_worker(
        "sensitivity",
        sens_open,
        Memo::new(move |_| {
            request(
                ctx,
                serde_json::json!({ "self_hosted": self_hosted.get(), "api": api.get(), "delta": delta.get() }),
            )
        }),
    );
    view! {
        {crate::results::stale_note()}
        <Panel title="Guided decision: six questions" id="guide" open=guide_open><Guide file=file open=guide_open /></Panel>
        <Panel title="Payback over time" id="payback" open=payback_open>{body(payback, "export-payback", "payback.json", "Payback (JSON)")}</Panel>
        <Panel title="Sensitivity: which assumption matters" id="sensitivity" open=sens_open>
            {pair_select}
            <label for="sensitivity-delta">"Move each input by ± (percent)"</label>
            <input id="sensitivity-delta" type="number" min="1" max="99" step="any" prop:value=move || delta.get()
                on:change=move |ev| delta.set(event_target_value(&ev)) />
            {body(sensitivity, "export-sensitivity", "sensitivity.json", "Sensitivity (JSON)")}
        </Panel>
        <Panel title="Uncertainty: Monte Carlo" id="montecarlo" open=mc_open>
            {pair_select}
            <MonteCarlo scenario=scenario names=names self_hosted=self_hosted api=api />
        </Panel>
        <Panel title="Your real traffic: import a usage log" id="usage" open=usage_open><Usage /></Panel>
    }
}

/// The article's six questions, answered live; "Apply" sets the
/// constraints and the volume on the scenario.
#[component]
fn Guide(file: RwSignal<ScenarioFile>, open: RwSignal<bool>) -> impl IntoView {
    let privacy = RwSignal::new(false);
    let frontier = RwSignal::new(false);
    let team = RwSignal::new(true);
    let narrow = RwSignal::new(false);
    let offline = RwSignal::new(false);
    let volume = RwSignal::new(file.with_untracked(|f| {
        f.workload
            .tokens_per_day
            .map(|d| d.to_string())
            .unwrap_or_else(|| "10000000".into())
    }));
    let ctx = Ctx::get();
    // The answers go to the worker, which applies the framework and checks
    // its lean against the costs the scenario computes.
    let answer = in_worker(
        "guide",
        open,
        Memo::new(move |_| {
            request(
                ctx,
                serde_json::json!({
                    "privacy": privacy.get(), "frontier_reasoning": frontier.get(), "infra_team": team.get(),
                    "tokens_per_day": volume.get(), "narrow_task": narrow.get(), "offline": offline.get(),
                }),
            )
        }),
    );
    let check = |id: &'static str, label: &'static str, signal: RwSignal<bool>| {
        view! { <label class="toggle" for=id><input id=id type="checkbox" prop:checked=move || signal.get()
        on:change=move |ev| signal.set(event_target_checked(&ev)) />{label}</label> }
    };
    let apply = move |_| {
        let Some(Ok(a)) = answer.get_untracked() else { return };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&a.json) else {
            return;
        };
        file.update(|f| {
            let c = llm_tco::spec::scenario::ConstraintsSpec {
                on_premises: v["on_premises"].as_bool() == Some(true),
                offline: v["offline"].as_bool() == Some(true),
            };
            f.constraints = (c.on_premises || c.offline).then_some(c);
            if let Some(d) = v["tokens_per_day"].as_str().and_then(dec) {
                f.workload.tokens_per_day = Some(d);
                f.workload.requests_per_day = None;
            }
        });
    };
    view! {
        <div class="guide">
            {check("q1", "1. The data may not leave our premises (privacy, compliance)", privacy)}
            {check("q2", "2. It is a frontier reasoning or agentic task", frontier)}
            {check("q3", "3. We have an ML or infrastructure engineer to run it", team)}
            <label for="q4">"4. Tokens per day"</label>
            <input id="q4" type="number" min="1" step="any" prop:value=move || volume.get() on:change=move |ev| volume.set(event_target_value(&ev)) />
            {check("q5", "5. The task is narrow and well defined", narrow)}
            {check("q6", "6. It must run on-device or offline", offline)}
            <div id="guide-result" aria-live="polite">{move || match answer.get() {
                None => view! { <p class="running">"…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error">{e}</p> }.into_any(),
                // The library escaped every text of it.
                Some(Ok(a)) => view! { <div inner_html=a.html></div> }.into_any(),
            }}</div>
            <button id="guide-apply" on:click=apply>"Apply to the scenario (constraints and volume)"</button>
            <p class="hint">"The six questions are those of Ash, “Open Source vs Closed AI: How to Decide” (May 2026); its two worked examples are the presets "
                <a href="#" id="guide-preset-1" on:click=move |ev| { ev.prevent_default(); crate::load_preset(ctx, 1); }>"“Article 002: 10M tokens/day of mixed traffic”"</a>" and "
                <a href="#" id="guide-preset-4" on:click=move |ev| { ev.prevent_default(); crate::load_preset(ctx, 4); }>"“Article 002: support tickets”"</a>
                ". The cost answer is the chart's, for your prices."</p>
        </div>
    }
}

/// Ranges of inputs and a seeded Monte Carlo run (in the worker).
#[component]
fn MonteCarlo(
    /// Every input that can vary (its path, in words, and how a file names
    /// it), and the scenario's ranges in words.
    scenario: Memo<ParamLists>,
    /// The self-hosted and the API options' names.
    names: Memo<(Vec<String>, Vec<String>)>,
    self_hosted: RwSignal<String>,
    /// The API option compared.
    api: Memo<String>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let file = ctx.file;
    let add_error = RwSignal::new(None::<String>);
    let result = RwSignal::new(None::<Result<Answer, String>>);
    // The compared self-hosted option's capacity, drawn within its engine
    // profile's calibration error: the sizing model's own uncertainty.
    let add_band = move |_| {
        let chosen = self_hosted.get_untracked();
        let name = if chosen.is_empty() {
            names.with_untracked(|n| n.0.first().cloned())
        } else {
            Some(chosen)
        };
        let Some(name) = name else {
            add_error.set(Some("there is no self-hosted option to draw the capacity of".into()));
            return;
        };
        // Asked for, the band replaces a range already given on that capacity.
        let band = UncertainInputSpec::capacity_band(name);
        let r = crate::fields::commit(ctx, |f| {
            f.uncertainty.retain(|u| !u.same_input(&band));
            f.uncertainty.push(band.clone());
            Ok(())
        });
        add_error.set(r.err());
        result.set(None);
    };
    let seed = RwSignal::new("42".to_string());
    let samples = RwSignal::new("10000".to_string());
    let progress = RwSignal::new(None::<(u64, u64)>);
    let input = RwSignal::new(String::new());
    let (low, likely, high) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    // Every input that can vary: its path (the select's value), in words.
    let paths = move || scenario.with(|s| s.0.clone());
    let add = move |_| {
        let (Some(l), Some(h)) = (read_with_unit(&low.get()), read_with_unit(&high.get())) else {
            add_error.set(Some(
                "give the low and the high value as numbers (such as 0.8 or 5M)".into(),
            ));
            return;
        };
        let chosen = input.get();
        let Some((_, _, (option, path))) = paths().into_iter().find(|p| chosen.is_empty() || p.0 == chosen) else {
            return;
        };
        let range = UncertainInputSpec {
            option,
            input: path,
            low: Some(l),
            likely: read_with_unit(&likely.get_untracked()),
            high: Some(h),
            band: None,
        };
        let r = crate::fields::commit(ctx, |f| {
            f.uncertainty.retain(|u| !u.same_input(&range));
            f.uncertainty.push(range.clone());
            Ok(())
        });
        add_error.set(r.err());
        result.set(None);
    };
    // The request a run would send now; a result made from another one is
    // said to be stale.
    let current = Memo::new(move |_| {
        request(
            ctx,
            serde_json::json!({
                "self_hosted": self_hosted.get(), "api": api.get(),
                "seed": seed.get(), "samples": samples.get(),
            }),
        )
    });
    let ran_with = RwSignal::new(None::<String>);
    let run = move |_| {
        result.set(None);
        progress.set(Some((0, 0)));
        let text = current.get_untracked();
        ran_with.set(Some(text.clone()));
        state::in_worker_with(
            "montecarlo",
            &text,
            None,
            move |v| {
                progress.set(Some((
                    v["progress"].as_u64().unwrap_or(0),
                    v["total"].as_u64().unwrap_or(0),
                )));
            },
            move |r| {
                progress.set(None);
                result.set(Some(answer_of(r)));
            },
        );
    };
    view! {
        <p class="hint">"Give inputs you are unsure of as ranges (low, most likely, high); each run draws them from triangular distributions. The same seed gives the same result here, in the CLI and in the npm package."</p>
        <ul id="ranges">{move || file.with(|f| f.uncertainty.iter().enumerate().map(|(i, u)| {
            let label = scenario.with(|s| s.1.get(i).cloned()).unwrap_or_else(|| u.input.clone());
            view! { <li>
            <span class="range-input">{label.clone()}</span>{match u.band { Some(_) => ": the engine profile's calibration band ".to_string(), None => format!(": {} / {} / {} ", u.low.map(|d| d.to_string()).unwrap_or_default(), u.likely.map(|d| d.to_string()).unwrap_or_else(|| "mid".into()), u.high.map(|d| d.to_string()).unwrap_or_default()) }}
            <button aria-label=format!("Remove the range of {label}") on:click=move |_| file.update(|f| { if i < f.uncertainty.len() { f.uncertainty.remove(i); } })>"Remove"</button>
        </li> }}).collect_view())}</ul>
        {move || file.with(|f| f.uncertainty.is_empty()).then(|| view! {
            <p class="hint" id="mc-needs-ranges">"No input is given as a range yet, so there is nothing to draw: add at least one range below (an input you are unsure of, with its low and high values) to run Monte Carlo."</p>
        })}
        <div class="add">
            <label>"Input "
                <select id="range-input" aria-label="Input to give as a range" on:change=move |ev| input.set(event_target_value(&ev))>
                    {move || paths().into_iter().map(|(p, label, _)| view! { <option value=p>{label}</option> }).collect_view()}
                </select>
            </label>
            <label for="range-low">"Low"</label><input id="range-low" type="text" inputmode="decimal" on:input=move |ev| low.set(event_target_value(&ev)) />
            <label for="range-likely">"Most likely (optional)"</label><input id="range-likely" type="text" inputmode="decimal" on:input=move |ev| likely.set(event_target_value(&ev)) />
            <label for="range-high">"High"</label><input id="range-high" type="text" inputmode="decimal" on:input=move |ev| high.set(event_target_value(&ev)) />
            <button id="range-add" on:click=add>"Add range"</button>
            <button id="range-band" on:click=add_band>"Draw the self-hosted capacity within the sizing model's calibration error"</button>
            {move || add_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </div>
        <label for="mc-seed">"Seed"</label>
        <input id="mc-seed" type="text" inputmode="numeric" prop:value=move || seed.get() on:change=move |ev| seed.set(event_target_value(&ev)) />
        <label for="mc-samples">"Samples (at most 1,000,000)"</label>
        <input id="mc-samples" type="number" min="1" max="1000000" prop:value=move || samples.get() on:change=move |ev| samples.set(event_target_value(&ev)) />
        <button id="mc-run" on:click=run prop:disabled=move || progress.with(Option::is_some) || file.with(|f| f.uncertainty.is_empty())>"Run"</button>
        <div id="mc-result" aria-live="polite">
            {move || progress.get().map(|(done, total)| view! { <p class="running"><progress id="mc-progress" max=total.to_string() value=done.to_string()></progress>
                {format!(" {done} of {total} samples drawn")}</p> })}
            {move || result.get().map(|r| match r {
                Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Ok(a) => {
                    let json = a.json.clone();
                    let stale = move || ran_with.with(|r| r.as_ref().is_some_and(|r| current.with(|c| c != r)));
                    view! {
                        {move || stale().then(|| view! { <p class="stale" id="mc-stale" role="status">"These results are for earlier inputs: run again to see the current ones."</p> })}
                        <div inner_html=a.html></div>
                        <button id="export-montecarlo" on:click=move |_| state::download("montecarlo.json", "application/json", &json)>"Monte Carlo (JSON)"</button>
                    }.into_any()
                }
            })}
        </div>
    }
}

/// A usage log, read in the worker in pieces with progress; the log's
/// workload and its cost on every option.
#[component]
fn Usage() -> impl IntoView {
    let ctx = Ctx::get();
    let progress = RwSignal::new(None::<(f64, u64)>);
    let result = RwSignal::new(None::<Result<Answer, String>>);
    let fail = RwSignal::new(false);
    let on_file = move |ev: leptos::ev::Event| {
        let Some(chosen) = state::chosen_file(&ev) else { return };
        result.set(None);
        progress.set(Some((0.0, 0)));
        let text = request(ctx, serde_json::json!({ "fail": fail.get_untracked() }));
        state::in_worker_with(
            "usage",
            &text,
            Some(&chosen),
            move |v| {
                progress.set(Some((
                    v["progress"].as_f64().unwrap_or(0.0),
                    v["lines"].as_u64().unwrap_or(0),
                )));
            },
            move |r| {
                progress.set(None);
                result.set(Some(answer_of(r)));
            },
        );
    };
    view! {
        <p class="hint">"CSV or JSON Lines with a timestamp, input, output and cached tokens per row (or per bucket), or OpenAI's usage export. The file is read in pieces, in your browser; nothing is uploaded."</p>
        <label class="toggle" for="usage-fail"><input id="usage-fail" type="checkbox" prop:checked=move || fail.get()
            on:change=move |ev| fail.set(event_target_checked(&ev)) />"Stop at the first malformed row (otherwise skip and list it)"</label>
        <label for="usage-file">"Usage log"</label>
        <input id="usage-file" type="file" accept=".csv,.jsonl,.json,.txt,text/csv" on:change=on_file />
        {move || progress.get().map(|(share, lines)| view! {
            <p class="running"><progress id="usage-progress" max="100" value=llm_tco::base::float::fixed(share * 100.0, 0)></progress>
                {format!(" {}% read, {lines} lines", llm_tco::base::float::fixed(share * 100.0, 0))}</p>
        })}
        <div id="usage-result" aria-live="polite">{move || match result.get() {
            None => ().into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert">{format!("The log could not be read: {e}")}</p> }.into_any(),
            Some(Ok(a)) => {
                let json = a.json.clone();
                let scenario = a.scenario.clone();
                view! {
                    <div inner_html=a.html></div>
                    <button id="usage-apply" on:click=move |_| {
                        if let Some(f) = scenario.as_deref().and_then(|s| ScenarioFile::parse(s, Format::Json).ok()) { ctx.load(f); }
                    }>"Use this workload in the scenario"</button>
                    <button id="export-usage" on:click=move |_| state::download("usage.json", "application/json", &json)>"Repriced log (JSON)"</button>
                }
                .into_any()
            }
        }}</div>
    }
}
