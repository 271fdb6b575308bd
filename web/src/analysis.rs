//! The decision panels under the chart: the six-question guide, payback,
//! sensitivity (a tornado chart), Monte Carlo and a usage-log import. Each
//! panel computes only while it is open, so the volume slider stays quick.

use crate::{dec, state};
use leptos::prelude::*;
use llm_tco::analysis::param::Param;
use llm_tco::analysis::report::Verdict;
use llm_tco::base::float::fixed;
use llm_tco::model::scenario::OptionKind;
use llm_tco::render::html::Html;
use llm_tco::render::text::human_tokens;
use llm_tco::spec::scenario::UncertainInputSpec;
use llm_tco::{Catalog, Decimal, Scenario, ScenarioFile};

/// A panel that opens and closes; its body is built only while open.
#[component]
fn Panel(
    /// Heading.
    title: &'static str,
    /// Element id of the body (the toggle button is `{id}-toggle`).
    id: &'static str,
    /// The body.
    children: ChildrenFn,
) -> impl IntoView {
    let open = RwSignal::new(false);
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

fn money(usd: llm_tco::codec::values::Usd) -> String {
    format!("{usd} USD")
}

/// Every decision panel for the scenario in `file`.
#[component]
pub fn Decision(
    /// The scenario.
    file: RwSignal<ScenarioFile>,
    /// The catalog.
    catalog: StoredValue<Catalog>,
) -> impl IntoView {
    let scenario =
        Memo::new(move |_| file.with(|f| catalog.with_value(|c| Scenario::from_file(f, c).map_err(|e| e.to_string()))));
    // The pair compared by sensitivity and Monte Carlo: empty = the first.
    let self_hosted = RwSignal::new(String::new());
    let api = RwSignal::new(String::new());
    let pair = move || {
        scenario.with(|s| {
            let s = s.as_ref().map_err(Clone::clone)?;
            let pick = |v: String| (!v.is_empty()).then_some(v);
            llm_tco::analysis::pair::Pair::choose(s, pick(self_hosted.get()).as_deref(), pick(api.get()).as_deref())
                .map_err(|e| e.to_string())
        })
    };
    let pair_select = move || {
        let (sh, ap) = scenario.with(|s| s.as_ref().map(pair_names).unwrap_or_default());
        view! {
            <div class="pair">
                <label>"Self-hosted option "
                    <select class="pair-self-hosted" aria-label="Self-hosted option compared" on:change=move |ev| self_hosted.set(event_target_value(&ev))>
                        {sh.into_iter().map(|n| { let m = n.clone(); let v = n.clone(); view! { <option value=v selected=move || self_hosted.get() == m>{n}</option> } }).collect_view()}
                    </select>
                </label>
                <label>"API option "
                    <select class="pair-api" aria-label="API option compared" on:change=move |ev| api.set(event_target_value(&ev))>
                        {ap.into_iter().map(|n| { let m = n.clone(); let v = n.clone(); view! { <option value=v selected=move || api.get() == m>{n}</option> } }).collect_view()}
                    </select>
                </label>
            </div>
        }
    };
    view! {
        <Panel title="Guided decision: six questions" id="guide"><Guide file=file /></Panel>
        <Panel title="Payback over time" id="payback"><Payback scenario=scenario /></Panel>
        <Panel title="Sensitivity: which assumption matters" id="sensitivity">
            {pair_select}
            <Sensitivity scenario=scenario pair=Signal::derive(pair) />
        </Panel>
        <Panel title="Uncertainty: Monte Carlo" id="montecarlo">
            {pair_select}
            <MonteCarlo file=file scenario=scenario pair=Signal::derive(pair) />
        </Panel>
        <Panel title="Your real traffic: import a usage log" id="usage"><Usage file=file scenario=scenario /></Panel>
    }
}

/// The article's six questions, answered live; "Apply" sets the
/// constraints and the volume on the scenario.
#[component]
fn Guide(file: RwSignal<ScenarioFile>) -> impl IntoView {
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
    let answers = move || {
        Some(llm_tco::analysis::guide::GuideAnswers {
            privacy: privacy.get(),
            frontier_reasoning: frontier.get(),
            infra_team: team.get(),
            tokens_per_day: dec(&volume.get())?,
            narrow_task: narrow.get(),
            offline: offline.get(),
        })
    };
    let result = move || answers().map(|a| llm_tco::analysis::guide::guide(&a).map_err(|e| e.to_string()));
    let check = |id: &'static str, label: &'static str, signal: RwSignal<bool>| {
        view! { <label class="toggle" for=id><input id=id type="checkbox" prop:checked=move || signal.get()
        on:change=move |ev| signal.set(event_target_checked(&ev)) />{label}</label> }
    };
    let apply = move |_| {
        if let Some(Ok(r)) = result() {
            file.update(|f| {
                let c = r.constraints;
                f.constraints = (c.on_premises || c.offline).then_some(c);
                if let Some(d) = dec(&r.tokens_per_day) {
                    f.workload.tokens_per_day = Some(d);
                    f.workload.requests_per_day = None;
                }
            });
        }
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
            <div id="guide-result" aria-live="polite">{move || match result() {
                None => view! { <p class="error">"Give the tokens per day as a number."</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error">{e}</p> }.into_any(),
                Some(Ok(r)) => view! {
                    <p class="verdict"><strong>{r.summary.clone()}</strong></p>
                    <ul>{r.reasons.into_iter().map(|x| view! { <li>{x}</li> }).collect_view()}</ul>
                }.into_any(),
            }}</div>
            <button id="guide-apply" on:click=apply>"Apply to the scenario (constraints and volume)"</button>
            <p class="hint">"The framework is from the article in the seeds; the cost answer is the chart's, for your prices."</p>
        </div>
    }
}

/// Cumulative cost per option and the payback month of each pair.
#[component]
fn Payback(scenario: Memo<Result<Scenario, String>>) -> impl IntoView {
    let report = Memo::new(move |_| {
        scenario.with(|s| {
            let s = s.as_ref().map_err(Clone::clone)?;
            llm_tco::analysis::payback::payback(s).map_err(|e| e.to_string())
        })
    });
    move || match report.get() {
        Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
        Ok(r) => {
            let n = r.horizon_months;
            let mut shown: Vec<u32> = vec![1];
            let step = if n > 24 { 12 } else { 3 };
            shown.extend((1..=n).filter(|m| m % step == 0 && *m > 1));
            if !shown.contains(&n) {
                shown.push(n);
            }
            let json = llm_tco::to_json(&r);
            // The report's texts, escaped by `Html`, set in one step.
            let mut h = Html::new();
            h.tag("<p>").fmt(format_args!(
                "{} months at {}% growth a month: {} → {} tokens/day.",
                n,
                crate::percent(r.monthly_growth.value()),
                human_tokens(r.tokens_per_day.first().map_or(0.0, |v| v.to_f64())),
                human_tokens(r.tokens_per_day.last().map_or(0.0, |v| v.to_f64()))
            ));
            h.tag("</p><table id=\"payback-table\"><thead><tr><th scope=\"col\">Cumulative USD</th><th scope=\"col\">One-time</th>");
            for m in &shown {
                h.tag("<th scope=\"col\">").fmt(format_args!("Month {m}")).tag("</th>");
            }
            h.tag("</tr></thead><tbody>");
            for o in &r.options {
                h.tag("<tr><th scope=\"row\">")
                    .text(&o.name)
                    .tag("</th><td class=\"usd\">")
                    .text(&o.one_time_usd.to_string())
                    .tag("</td>");
                for m in &shown {
                    let cumulative = o.months.get(*m as usize - 1).and_then(|x| x.cumulative_usd);
                    h.tag("<td class=\"usd\">")
                        .text(&cumulative.map_or_else(|| "cannot serve".to_string(), |c| c.to_string()))
                        .tag("</td>");
                }
                h.tag("</tr>");
            }
            h.tag("</tbody></table><ul id=\"payback-months\">");
            for p in &r.payback {
                h.tag("<li><span class=\"sh\">")
                    .text(&p.self_hosted)
                    .tag("</span> vs <span class=\"api\">")
                    .text(&p.api)
                    .tag("</span>: ");
                match p.payback_month {
                    Some(m) => h.fmt(format_args!("pays back in month {m}")),
                    None => h.fmt(format_args!("does not pay back within {n} months")),
                };
                if let Some(s) = p.saving_at_horizon_usd {
                    if s.value().is_sign_negative() && !s.value().is_zero() {
                        h.fmt(format_args!(
                            "; {} more by month {n}",
                            money(llm_tco::codec::values::Usd::new(-s.value()))
                        ));
                    } else {
                        h.fmt(format_args!("; {} saved by month {n}", money(s)));
                    }
                }
                h.tag("</li>");
            }
            h.tag("</ul><ul class=\"assumptions\">");
            for a in &r.assumptions {
                h.tag("<li>").text(a).tag("</li>");
            }
            h.tag("</ul>");
            view! {
                <div inner_html=h.finish()></div>
                <button id="export-payback" on:click=move |_| state::download("payback.json", "application/json", &json)>"Payback (JSON)"</button>
            }
            .into_any()
        }
    }
}

/// Each input moved down and up: a tornado chart and its table.
#[component]
fn Sensitivity(
    scenario: Memo<Result<Scenario, String>>,
    pair: Signal<Result<llm_tco::analysis::pair::Pair, String>>,
) -> impl IntoView {
    let delta = RwSignal::new("20".to_string());
    let report = Memo::new(move |_| {
        let p = pair.get()?;
        let d = dec(&delta.get())
            .filter(|d| *d > Decimal::ZERO && *d < Decimal::ONE_HUNDRED)
            .ok_or_else(|| "the change must be a percentage above 0 and below 100".to_string())?;
        scenario.with(|s| {
            let s = s.as_ref().map_err(Clone::clone)?;
            llm_tco::analysis::sensitivity::sensitivity(s, p, d / Decimal::ONE_HUNDRED).map_err(|e| e.to_string())
        })
    });
    view! {
        <label for="sensitivity-delta">"Move each input by ± (percent)"</label>
        <input id="sensitivity-delta" type="number" min="1" max="99" step="any" prop:value=move || delta.get()
            on:change=move |ev| delta.set(event_target_value(&ev)) />
        {move || match report.get() {
            Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
            Ok(r) => {
                // plotters escapes every text it draws (option names included).
                let svg = llm_tco::render::chart::render_tornado_svg(&r, 900, 520).unwrap_or_default();
                let json = llm_tco::to_json(&r);
                let cell = |o: &llm_tco::analysis::sensitivity::OutcomeReport| {
                    let be = match (o.verdict, o.break_even_tokens_per_day) {
                        (Verdict::Above, Some(v)) => human_tokens(v.to_f64()),
                        (Verdict::Always, _) => "always".into(),
                        _ => "never".into(),
                    };
                    (o.saving_usd.map_or_else(|| "cannot serve".into(), |u| u.to_string()), be)
                };
                let mut h = Html::new();
                h.tag("<table id=\"sensitivity-table\"><thead><tr><th scope=\"col\">Input</th><th scope=\"col\">Saving, input down</th><th scope=\"col\">Saving, input up</th><th scope=\"col\">Break-even down / up</th></tr></thead><tbody>");
                for row in &r.rows {
                    let (ls, lb) = cell(&row.low);
                    let (hs, hb) = cell(&row.high);
                    h.tag("<tr><th scope=\"row\">").text(&row.label).tag("</th><td class=\"usd\">").text(&ls)
                        .tag("</td><td class=\"usd\">").text(&hs).tag("</td><td>").fmt(format_args!("{lb} / {hb}")).tag("</td></tr>");
                }
                h.tag("</tbody></table>");
                view! {
                    <figure class="chart"><div id="tornado" inner_html=svg></div></figure>
                    <div inner_html=h.finish()></div>
                    <button id="export-sensitivity" on:click=move |_| state::download("sensitivity.json", "application/json", &json)>"Sensitivity (JSON)"</button>
                }
                .into_any()
            }
        }}
    }
}

/// Ranges of inputs and a seeded Monte Carlo run.
#[component]
fn MonteCarlo(
    file: RwSignal<ScenarioFile>,
    scenario: Memo<Result<Scenario, String>>,
    pair: Signal<Result<llm_tco::analysis::pair::Pair, String>>,
) -> impl IntoView {
    let seed = RwSignal::new("42".to_string());
    let samples = RwSignal::new("10000".to_string());
    let result = RwSignal::new(None::<Result<llm_tco::analysis::montecarlo::MonteCarloReport, String>>);
    let running = RwSignal::new(false);
    let input = RwSignal::new(String::new());
    let (low, likely, high) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let paths = move || {
        scenario.with(|s| {
            s.as_ref()
                .map(|s| Param::all(s).iter().map(Param::path).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let add = move |_| {
        let (Some(l), Some(h)) = (dec(&low.get()), dec(&high.get())) else {
            return;
        };
        let path = if input.get().is_empty() {
            paths().first().cloned().unwrap_or_default()
        } else {
            input.get()
        };
        file.update(|f| {
            f.uncertainty.retain(|u| u.input != path);
            f.uncertainty.push(UncertainInputSpec {
                input: path,
                low: Some(l),
                likely: dec(&likely.get()),
                high: Some(h),
                band: None,
            });
        });
        result.set(None);
    };
    let progress = RwSignal::new((0u32, 0u32));
    let run = move |_| {
        result.set(None);
        let started = (|| {
            let p = pair.get_untracked()?;
            let seed: u64 = seed
                .get_untracked()
                .trim()
                .parse()
                .map_err(|_| "the seed must be a whole number from 0 to 18446744073709551615".to_string())?;
            let n: u32 = samples
                .get_untracked()
                .trim()
                .parse()
                .map_err(|_| "the samples must be a whole number".to_string())?;
            scenario.with_untracked(|s| {
                let s = s.as_ref().map_err(Clone::clone)?;
                llm_tco::analysis::montecarlo::MonteCarloRun::new(s, p, n, seed).map_err(|e| e.to_string())
            })
        })();
        match started {
            Err(e) => result.set(Some(Err(e))),
            Ok(r) => {
                running.set(true);
                progress.set((0, r.total()));
                // Batches between frames: the page shows its progress and
                // stays responsive however many samples are asked for.
                set_timeout(move || drive(r, progress, result, running), std::time::Duration::ZERO);
            }
        }
    };
    view! {
        <p class="hint">"Give inputs you are unsure of as ranges (low, most likely, high); each run draws them from triangular distributions. The same seed gives the same result here, in the CLI and in the npm package."</p>
        <ul id="ranges">{move || file.with(|f| f.uncertainty.iter().enumerate().map(|(i, u)| view! { <li>
            <code>{u.input.clone()}</code>{match u.band { Some(_) => ": the engine profile's calibration band ".to_string(), None => format!(": {} / {} / {} ", u.low.map(|d| d.to_string()).unwrap_or_default(), u.likely.map(|d| d.to_string()).unwrap_or_else(|| "mid".into()), u.high.map(|d| d.to_string()).unwrap_or_default()) }}
            <button aria-label=format!("Remove the range of {}", u.input) on:click=move |_| file.update(|f| { if i < f.uncertainty.len() { f.uncertainty.remove(i); } })>"Remove"</button>
        </li> }).collect_view())}</ul>
        <div class="add">
            <label>"Input "
                <select id="range-input" aria-label="Input to give as a range" on:change=move |ev| input.set(event_target_value(&ev))>
                    {move || paths().into_iter().map(|p| view! { <option value=p.clone()>{p.clone()}</option> }).collect_view()}
                </select>
            </label>
            <label for="range-low">"Low"</label><input id="range-low" type="text" inputmode="decimal" on:input=move |ev| low.set(event_target_value(&ev)) />
            <label for="range-likely">"Most likely (optional)"</label><input id="range-likely" type="text" inputmode="decimal" on:input=move |ev| likely.set(event_target_value(&ev)) />
            <label for="range-high">"High"</label><input id="range-high" type="text" inputmode="decimal" on:input=move |ev| high.set(event_target_value(&ev)) />
            <button id="range-add" on:click=add>"Add range"</button>
        </div>
        <label for="mc-seed">"Seed"</label>
        <input id="mc-seed" type="text" inputmode="numeric" prop:value=move || seed.get() on:change=move |ev| seed.set(event_target_value(&ev)) />
        <label for="mc-samples">"Samples (at most 1,000,000)"</label>
        <input id="mc-samples" type="number" min="1" max="1000000" prop:value=move || samples.get() on:change=move |ev| samples.set(event_target_value(&ev)) />
        <button id="mc-run" on:click=run prop:disabled=move || running.get()>"Run"</button>
        <div id="mc-result" aria-live="polite">{move || {
            if running.get() {
                let (done, total) = progress.get();
                return view! { <p class="running"><progress id="mc-progress" max=total.to_string() value=done.to_string()></progress>
                    {format!(" {done} of {total} samples drawn")}</p> }.into_any();
            }
            match result.get() {
                None => ().into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok(r)) => {
                    let json = llm_tco::to_json(&r);
                    let m = |v: &Option<llm_tco::codec::values::Usd>| v.map(money).unwrap_or_else(|| "cannot serve".into());
                    let b = |v: &Option<llm_tco::codec::values::Plain>| v.map(|s| human_tokens(s.to_f64())).unwrap_or_else(|| "never".into());
                    view! {
                        <table id="mc-table">
                            <thead><tr><th scope="col"></th><th scope="col">"P10"</th><th scope="col">"P50"</th><th scope="col">"P90"</th></tr></thead>
                            <tbody>
                                <tr><th scope="row">"Saving per month"</th><td class="usd">{m(&r.saving_usd.p10)}</td><td class="usd">{m(&r.saving_usd.p50)}</td><td class="usd">{m(&r.saving_usd.p90)}</td></tr>
                                <tr><th scope="row">"Break-even, tokens/day"</th><td>{b(&r.break_even_tokens_per_day.p10)}</td><td>{b(&r.break_even_tokens_per_day.p50)}</td><td>{b(&r.break_even_tokens_per_day.p90)}</td></tr>
                            </tbody>
                        </table>
                        <p id="mc-probability">{format!("Self-hosting is cheaper at your volume in {}% of {} samples (seed {}).",
                            crate::percent(r.probability_self_hosted_cheaper.value()), r.samples, r.seed)}</p>
                        <button id="export-montecarlo" on:click=move |_| state::download("montecarlo.json", "application/json", &json)>"Monte Carlo (JSON)"</button>
                    }
                    .into_any()
                }
            }
        }}</div>
    }
}

/// Draws one batch of `run`, shows the progress, and schedules the next
/// batch, or shows the report when the run is done.
fn drive(
    mut run: llm_tco::analysis::montecarlo::MonteCarloRun,
    progress: RwSignal<(u32, u32)>,
    result: RwSignal<Option<Result<llm_tco::analysis::montecarlo::MonteCarloReport, String>>>,
    running: RwSignal<bool>,
) {
    match run.step(2000) {
        Err(e) => {
            result.set(Some(Err(e.to_string())));
            running.set(false);
        }
        Ok(done) if run.is_done() => {
            progress.set((done, run.total()));
            result.set(Some(Ok(run.finish())));
            running.set(false);
        }
        Ok(done) => {
            progress.set((done, run.total()));
            set_timeout(move || drive(run, progress, result, running), std::time::Duration::ZERO);
        }
    }
}

/// A usage log read from a file in chunks, with progress; the log's
/// workload and its cost on every option.
#[component]
fn Usage(file: RwSignal<ScenarioFile>, scenario: Memo<Result<Scenario, String>>) -> impl IntoView {
    let progress = RwSignal::new(None::<(f64, u64)>);
    let result = RwSignal::new(None::<Result<llm_tco::analysis::usage::UsageReport, String>>);
    let fail = RwSignal::new(false);
    let on_file = move |ev: leptos::ev::Event| {
        let Some(chosen) = state::chosen_file(&ev) else { return };
        let Ok(s) = scenario.get_untracked() else { return };
        let on_error = if fail.get_untracked() {
            llm_tco::analysis::usage::OnError::Fail
        } else {
            llm_tco::analysis::usage::OnError::Skip
        };
        result.set(None);
        progress.set(Some((0.0, 0)));
        leptos::task::spawn_local(async move {
            let r = state::read_usage_log(chosen, &s, on_error, move |share, lines| {
                progress.set(Some((share, lines)))
            })
            .await;
            progress.set(None);
            result.set(Some(r));
        });
    };
    view! {
        <p class="hint">"CSV or JSON Lines with a timestamp, input, output and cached tokens per row (or per bucket), or OpenAI's usage export. The file is read in pieces, in your browser; nothing is uploaded."</p>
        <label class="toggle" for="usage-fail"><input id="usage-fail" type="checkbox" prop:checked=move || fail.get()
            on:change=move |ev| fail.set(event_target_checked(&ev)) />"Stop at the first malformed row (otherwise skip and list it)"</label>
        <label for="usage-file">"Usage log"</label>
        <input id="usage-file" type="file" accept=".csv,.jsonl,.json,.txt,text/csv" on:change=on_file />
        {move || progress.get().map(|(share, lines)| view! {
            <p class="running"><progress id="usage-progress" max="100" value=fixed(share * 100.0, 0)></progress>
                {format!(" {}% read, {lines} lines", fixed(share * 100.0, 0))}</p>
        })}
        <div id="usage-result" aria-live="polite">{move || match result.get() {
            None => ().into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert">{format!("The log could not be read: {e}")}</p> }.into_any(),
            Some(Ok(r)) => {
                let json = llm_tco::to_json(&r);
                let workload = r.workload.clone();
                let l = &r.log;
                view! {
                    <p id="usage-summary">{format!("{} rows ({} format) from {} to {}, {} hours; {} malformed rows skipped. Workload: {} tokens/day, {} in + {} out tokens per request, cached share {}, peak/average {}.",
                        l.rows, l.format.name(), l.first_hour, l.last_hour, l.span_hours, l.skipped_rows,
                        human_tokens(workload.tokens_per_day.and_then(rust_decimal_to_f64).unwrap_or(0.0)),
                        workload.input_tokens_per_request.normalize(), workload.output_tokens_per_request.normalize(),
                        workload.cached_input_share.unwrap_or_default().normalize(), workload.peak_to_average.unwrap_or_default().normalize())}</p>
                    <ul class="row-errors">{l.errors.iter().map(|e| view! { <li>{format!("line {}: {}", e.line, e.message)}</li> }).collect_view()}</ul>
                    <ul class="warnings">{l.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
                    <table id="usage-table">
                        <thead><tr><th scope="col">"The log on"</th><th scope="col">"USD for the log's span"</th><th scope="col">"USD per month"</th><th scope="col">"USD / 1M tokens"</th></tr></thead>
                        <tbody>{r.options.iter().map(|o| view! { <tr><th scope="row">{o.name.clone()}</th>
                            <td class="usd">{o.period_usd.map_or_else(|| "cannot serve".to_string(), |u| u.to_string())}</td>
                            <td class="usd">{o.monthly_usd.map(|u| u.to_string()).unwrap_or_default()}</td>
                            <td>{o.usd_per_mtok.map(|u| u.to_string()).unwrap_or_default()}</td></tr> }).collect_view()}</tbody>
                    </table>
                    <button id="usage-apply" on:click=move |_| { let w = workload.clone(); file.update(|f| f.workload = w); }>"Use this workload in the scenario"</button>
                    <button id="export-usage" on:click=move |_| state::download("usage.json", "application/json", &json)>"Repriced log (JSON)"</button>
                }
                .into_any()
            }
        }}</div>
    }
}

fn rust_decimal_to_f64(d: Decimal) -> Option<f64> {
    Some(llm_tco::codec::values::Plain::exact(d).to_f64())
}
