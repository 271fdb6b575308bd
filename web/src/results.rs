//! The results: the verdict at the top, then the cost table (sorted, the
//! cheapest marked), the break-even list, cost per successful task, hybrid
//! splits, sizing, warnings and assumptions. Components with keyed lists
//! over the report's memo: a move of the volume updates text nodes, it
//! does not rebuild the tables.

use crate::Ctx;
use leptos::prelude::*;
use llm_tco::analysis::report::{OptionType, Report};
use llm_tco::base::float::fixed;
use llm_tco::render::text::{human_tokens, percent_dp};
use llm_tco::spec::scenario::OnFailure;
use llm_tco::Decimal;

/// A note that the results are the last valid ones, while a field is
/// marked invalid; nothing otherwise.
pub(crate) fn stale_note() -> impl IntoView {
    let ctx = Ctx::get();
    move || {
        let labels = ctx
            .invalid
            .with(|v| v.iter().map(|i| i.label.clone()).collect::<Vec<_>>());
        (!labels.is_empty()).then(|| {
            view! {
                <p class="stale" role="status">{format!(
                    "These results are for the last valid values: fix {} (marked in the form) to update them.",
                    labels.join(", ")
                )}</p>
            }
        })
    }
}

/// The answer first: the cheapest option at the volume and what it costs,
/// its lead, where each self-hosted option beats the cheapest API, what the
/// constraints leave.
#[component]
pub fn Verdict() -> impl IntoView {
    let ctx = Ctx::get();
    let sentences = Memo::new(move |_| {
        let view = ctx.view;
        ctx.verdict.with(|v| {
            v.as_ref()
                .map(|v| llm_tco::render::verdict::sentences(v, &view.currency()))
                .unwrap_or_default()
        })
    });
    view! {
        <section id="verdict" aria-label="Verdict" aria-live="polite">
            {stale_note()}
            {move || ctx.report.with(|r| r.as_ref().err().map(|e| view! {
                <p class="error" role="alert">{format!("The scenario cannot be priced: {e}")}</p>
            }))}
            <p class="headline">{move || sentences.with(|s| s.first().cloned().unwrap_or_default())}</p>
            <ul class="because">
                <For each=move || sentences.with(|s| s.iter().skip(1).cloned().enumerate().collect::<Vec<_>>())
                    key=|(i, s)| (*i, s.clone()) children=|(_, s)| view! { <li>{s}</li> } />
            </ul>
        </section>
    }
}

/// One row of the cost table.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    name: String,
    kind: OptionType,
    monthly: Option<Decimal>,
    per_mtok: Option<Decimal>,
    lines: Vec<(&'static str, Decimal)>,
    ruled_out: Option<String>,
    source: Option<llm_tco::spec::catalog::Source>,
    as_of: Option<String>,
    cheapest: bool,
    /// Self-hosted: GPUs in all at the volume, and the GPU's name.
    gpus: Option<(u64, String)>,
}

/// The table's rows, cheapest first; `cheapest` names the verdict's
/// cheapest option.
fn rows(r: &Report, file: &llm_tco::ScenarioFile, catalog: &llm_tco::Catalog, cheapest: Option<&str>) -> Vec<Row> {
    // A rented option priced from a catalog offer shows that offer as its
    // source, as an API shows its price list.
    let offer = |name: &str| {
        let rented = file
            .options
            .iter()
            .find(|o| o.name == name)?
            .self_hosted
            .as_ref()?
            .rented
            .as_ref()?;
        // A typed rent is the reader's own, whatever offer is named.
        if rented.usd_per_gpu_hour.is_some() {
            return None;
        }
        let id = rented.offer.as_ref()?;
        catalog.cloud(id).ok()
    };
    let rows: Vec<Row> = r
        .options
        .iter()
        .map(|o| {
            let from_offer = offer(&o.name);
            Row {
                name: o.name.clone(),
                kind: o.kind,
                // The exact amount, so another currency rounds once.
                monthly: o.exact_monthly_usd(r.workload.tokens_per_day.value()),
                per_mtok: o.usd_per_mtok.map(|m| m.value()),
                lines: o
                    .lines
                    .iter()
                    .filter(|l| !l.usd.value().is_zero())
                    .map(|l| (l.item.label(), l.usd.value()))
                    .collect(),
                ruled_out: o.ruled_out.clone(),
                source: o
                    .api
                    .as_ref()
                    .and_then(|a| a.source.clone())
                    .or_else(|| from_offer.map(|c| c.source.clone())),
                as_of: o
                    .api
                    .as_ref()
                    .and_then(|a| a.as_of.clone())
                    .or_else(|| from_offer.map(|c| c.as_of.clone())),
                cheapest: cheapest == Some(o.name.as_str()),
                gpus: o
                    .self_hosted
                    .as_ref()
                    .filter(|d| d.serves)
                    .map(|d| (d.n_gpus, gpu_name(catalog, &d.gpu))),
            }
        })
        .collect();
    // Cheapest first; what cannot serve last.
    let costs: Vec<Option<Decimal>> = rows.iter().map(|r| r.monthly).collect();
    let mut slots: Vec<Option<Row>> = rows.into_iter().map(Some).collect();
    llm_tco::analysis::verdict::cheapest_first(&costs)
        .into_iter()
        .filter_map(|i| slots[i].take())
        .collect()
}

/// A GPU's display name, or its id when the catalog lacks it.
pub fn gpu_name(catalog: &llm_tco::Catalog, id: &str) -> String {
    catalog.gpu(id).map_or_else(|_| id.to_string(), |g| g.name.clone())
}

/// A source as a link (http(s) only, opened without the page's opener)
/// with its date, or its title as text.
pub fn source_view(source: &llm_tco::spec::catalog::Source, as_of: Option<String>) -> impl IntoView {
    let date = as_of.or_else(|| source.date.clone());
    // A long provenance note (mirrors, commits) is kept whole in the
    // tooltip; the text shows its first clause.
    let full = source.title.clone();
    let short: String = full
        .trim_start_matches("primary: ")
        .split([';', '('])
        .next()
        .unwrap_or_default()
        .trim()
        .chars()
        .take(60)
        .collect();
    let title = if short.is_empty() { "source".to_string() } else { short };
    // The source's address, or the first http(s) address in its text; a
    // `javascript:` text never becomes a link.
    let url = source
        .url
        .clone()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .or_else(|| {
            let i = full.find("https://").into_iter().chain(full.find("http://")).min()?;
            let rest = &full[i..];
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, ';' | ',' | ')' | '"' | '<' | '>'))
                .unwrap_or(rest.len());
            Some(rest[..end].to_string())
        });
    view! {
        <span class="source">
            {date.map(|d| format!("of {d}, "))}
            {match url {
                Some(u) => view! { <a href=u target="_blank" rel="noopener noreferrer" title=full>{title}</a> }.into_any(),
                None => view! { <span title=full>{title}</span> }.into_any(),
            }}
        </span>
    }
}

/// Everything under the chart.
#[component]
pub fn Details() -> impl IntoView {
    let ctx = Ctx::get();
    let table = Memo::new(move |_| {
        let cheapest = ctx
            .verdict
            .with(|v| v.as_ref().and_then(|v| v.cheapest().map(|c| c.name.clone())));
        ctx.shown.with(|r| {
            ctx.catalog.with(|c| {
                r.as_ref()
                    .map(|r| ctx.file.with(|f| rows(r, f, &c.catalog, cheapest.as_deref())))
                    .unwrap_or_default()
            })
        })
    });
    let row = move |name: &str| -> Option<Row> { table.with(|t| t.iter().find(|r| r.name == name).cloned()) };
    let pairs = Memo::new(move |_| {
        ctx.shown.with(|r| {
            r.as_ref()
                .map(|r| {
                    let mut n = 0;
                    r.break_even
                        .iter()
                        .map(|p| {
                            let key = p.self_hosted_cheaper.tokens_per_day.map(|_| {
                                n += 1;
                                n
                            });
                            (
                                p.self_hosted.clone(),
                                p.api.clone(),
                                llm_tco::render::verdict::break_even_phrase(
                                    p.self_hosted_cheaper.verdict,
                                    p.self_hosted_cheaper.tokens_per_day.map(|v| v.to_f64()),
                                    p.n_crossings,
                                ),
                                p.self_hosted_cheaper
                                    .tokens_per_day
                                    .map(|v| v.to_string())
                                    .unwrap_or_default(),
                                key,
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let view = ctx.view;
    view! {
        {stale_note()}
        <h2>"Cost at your volume"</h2>
        <div class="scroll" tabindex="0" role="region" aria-label="Cost at your volume, table">
        <table id="breakdown">
            <thead><tr>
                <th scope="col">"Option"</th>
                <th scope="col">"Per month"</th>
                <th scope="col">{move || format!("{} per 1M tokens", view.code())}</th>
                <th scope="col">"Where the money goes"</th>
            </tr></thead>
            <tbody>
                <For each=move || table.with(|t| t.iter().map(|r| r.name.clone()).collect::<Vec<_>>()) key=|n| n.clone() children=move |name| {
                    let n = name.clone();
                    let r = move || row(&n);
                    let r2 = r.clone();
                    let r3 = r.clone();
                    let r4 = r.clone();
                    let r5 = r.clone();
                    let r6 = r.clone();
                    let r7 = r.clone();
                    let r8 = r.clone();
                    view! {
                        <tr class:ruled-out=move || r().is_some_and(|r| r.ruled_out.is_some()) class:cheapest=move || r2().is_some_and(|r| r.cheapest)>
                            <th scope="row">
                                <span class="option-name">{name.clone()}</span>
                                {move || r3().filter(|r| r.cheapest).map(|_| view! { " "<span class="badge">"cheapest"</span> })}
                                <span class="kind">{move || r4().map(|r| match r.kind { OptionType::Api => " API", OptionType::Hybrid => " hybrid", OptionType::SelfHosted => " self-hosted" })}</span>
                                {move || r5().and_then(|r| r.ruled_out).map(|why| view! { <span class="ruled-out-reason">{format!("Ruled out: it {why}")}</span> })}
                                {move || r6().and_then(|r| r.source.map(|s| (s, r.as_of))).map(|(s, d)| view! { <span class="prices">"Prices " {source_view(&s, d)}</span> })}
                                {move || r8().and_then(|r| r.gpus).map(|(n, gpu)| view! { <span class="prices">{format!("{n} × {gpu} at this volume")}</span> })}
                            </th>
                            <td class="usd">{move || r7().map(|r| r.monthly.map_or_else(|| "cannot serve".to_string(), |m| view.money(m)))}</td>
                            <td class="usd">{let n = name.clone(); move || row(&n).and_then(|r| r.per_mtok).map(|p| view.amount(p, 4))}</td>
                            <td class="lines">{let n = name.clone(); move || row(&n).map(|r| r.lines.iter().map(|(l, v)| format!("{l} {}", view.money(*v))).collect::<Vec<_>>().join(" · "))}</td>
                        </tr>
                    }
                } />
            </tbody>
        </table>
        </div>
        <h2>"Break-even"</h2>
        <p class="hint">"Where each self-hosted option stays cheaper than each API; the numbers are the chart's."</p>
        <ul id="break-even">
            <For each=move || pairs.get() key=|p| (p.0.clone(), p.1.clone(), p.2.clone(), p.4) children=|(sh, api, text, at, key)| view! {
                <li data-tokens-per-day=at>
                    {key.map(|k| view! { <span class="key" aria-label=format!("point {k} on the chart")>{k}</span> })}
                    <span class="sh">{sh}</span>" vs "<span class="api">{api}</span>": "{text}
                </li>
            } />
        </ul>
        <Quality />
        <Hybrids />
        <Sizing />
        <h2>"Warnings"</h2>
        <p class="hint" id="no-warnings" hidden=move || ctx.shown.with(|r| r.as_ref().is_some_and(|r| !r.warnings.is_empty()))>"None for this scenario."</p>
        <ul id="warnings">
            <For each=move || ctx.shown.with(|r| r.as_ref().map(|r| r.warnings.iter().map(|w| w.message.clone()).collect::<Vec<_>>()).unwrap_or_default())
                key=|m| m.clone() children=|m| view! { <li>{m}</li> } />
        </ul>
        <h2>"Assumptions"</h2>
        <ul id="assumptions">
            <For each=move || ctx.shown.with(|r| r.as_ref().map(|r| r.assumptions.clone()).unwrap_or_default())
                key=|m| m.clone() children=|m| view! { <li>{m}</li> } />
        </ul>
    }
}

/// Cost per successful task, for options with a success rate.
#[component]
fn Quality() -> impl IntoView {
    let ctx = Ctx::get();
    let view = ctx.view;
    let rated = Memo::new(move |_| {
        ctx.shown.with(|r| {
            r.as_ref()
                .map(|r| {
                    r.options
                        .iter()
                        .filter_map(|o| o.quality.as_ref().map(|q| (o.name.clone(), q.clone())))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    move || {
        let list = rated.get();
        (!list.is_empty()).then(|| {
            view! {
                <h2>"Cost per successful task"</h2>
                <div class="scroll" tabindex="0" role="region" aria-label="Cost per successful task, table">
                <table id="quality">
                    <thead><tr><th scope="col">"Option"</th><th scope="col">"Success rate"</th><th scope="col">"A failure"</th><th scope="col">"Per month, failures included"</th><th scope="col">"Per successful task"</th></tr></thead>
                    <tbody>{list.into_iter().map(|(name, q)| view! {
                        <tr><th scope="row">{name}</th>
                            <td>{percent_dp(q.success_rate.value(), 2)}</td>
                            <td>{match q.on_failure { OnFailure::Retry => "is retried".to_string(), OnFailure::Fallback => format!("costs {}", q.fallback_usd_per_task.map(|v| view.amount(v.value(), 2)).unwrap_or_default()) }}</td>
                            <td class="usd">{q.monthly_usd.map_or_else(|| "cannot serve".into(), |m| view.money(m.value()))}</td>
                            <td class="usd">{q.usd_per_successful_task.map(|v| view.amount(v.value(), 4)).unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table>
                </div>
            }
        })
    }
}

/// How each hybrid splits the traffic at the volume.
#[component]
fn Hybrids() -> impl IntoView {
    let ctx = Ctx::get();
    let view = ctx.view;
    let list = Memo::new(move |_| {
        ctx.shown.with(|r| {
            r.as_ref()
                .map(|r| {
                    r.options
                        .iter()
                        .filter_map(|o| o.hybrid.as_ref().map(|x| (o.name.clone(), x.clone())))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    move || {
        let list = list.get();
        (!list.is_empty()).then(|| {
            view! {
                <h2>"Hybrid routing"</h2>
                <ul id="hybrid">{list.into_iter().map(|(name, x)| view! {
                    <li><strong>{name}</strong>{format!(
                        ": {} of {} ({}) carry {} tokens/day; {} tokens/day ({}) go to {}, {} a month.",
                        count(x.replicas, "replica", "replicas"), x.self_hosted, count(x.n_gpus, "GPU", "GPUs"),
                        human_tokens(x.self_hosted_tokens_per_day.to_f64()),
                        human_tokens(x.api_tokens_per_day.to_f64()),
                        percent_dp(x.api_share.value(), 2), x.api, view.money(x.api_usd.value()))}</li>
                }).collect_view()}</ul>
            }
        })
    }
}

/// "1 replica", "3 replicas".
fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The sizing model's own error on a capacity, in words (the library's
/// sentence); empty for a given capacity, a note for an uncalibrated
/// profile.
fn band_text(d: &llm_tco::analysis::report::SelfHostedDetails) -> String {
    if d.capacity_source == llm_tco::analysis::report::CapacitySource::Given {
        return String::new();
    }
    llm_tco::render::sizing::band(d).map_or_else(
        || "; an uncalibrated profile, so no calibration error to show".into(),
        |b| format!("; {b}"),
    )
}

/// The sizing of each self-hosted option, with a memory bar.
#[component]
fn Sizing() -> impl IntoView {
    let ctx = Ctx::get();
    let list = Memo::new_with_compare(
        move |_| {
            ctx.shown.with(|r| {
                r.as_ref()
                    .map(|r| {
                        r.options
                            .iter()
                            .filter_map(|o| o.self_hosted.as_ref().map(|d| (o.name.clone(), d.clone())))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            })
        },
        crate::always,
    );
    let gib = |b: u64| b as f64 / 1_073_741_824.0;
    view! {
        <h2>"Sizing"</h2>
        // The key to every memory bar below; the bars' own labels read the sizes.
        {move || list.with(|l| l.iter().any(|(_, d)| d.estimate.is_some())).then(|| view! {
            <p class="membar-key" aria-hidden="true">"Memory per GPU: "
                <span class="weights">"weights"</span><span class="kv">"KV cache"</span><span class="other">"reserve and activations"</span><span class="free">"free"</span>
            </p>
        })}
        <ul id="sizing">
            <For each=move || list.with(|l| l.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>()) key=|n| n.clone() children=move |name| {
                let n = name.clone();
                let entry = move || list.with(|l| l.iter().find(|(x, _)| *x == n).map(|(_, d)| d.clone()));
                let entry2 = entry.clone();
                let text = move || entry().map(|d| match (&d.estimate, d.serves) {
                    (Some(e), true) => format!(
                        "{} × {} per replica{}, {} and {} spare, {} in all; {} tokens/s per replica ({}, {} engine{}); weights {} GiB, KV cache {} GiB per GPU{}; busy {} on average",
                        d.gpus_per_replica, ctx.catalog.with(|c| gpu_name(&c.catalog, &d.gpu)), llm_tco::render::sizing::layout_suffix(&d), count(d.replicas, "replica", "replicas"), d.spare_replicas, count(d.n_gpus, "GPU", "GPUs"),
                        d.capacity_tokens_per_s.map(|v| llm_tco::render::text::human_tokens(v.to_f64())).unwrap_or_default(),
                        match d.capacity_source { llm_tco::analysis::report::CapacitySource::Given => "as given", llm_tco::analysis::report::CapacitySource::SizingModel => "sizing model" },
                        d.engine,
                        band_text(&d),
                        fixed(gib(e.memory.weights_bytes), 1), fixed(gib(e.memory.kv_cache_bytes), 1),
                        llm_tco::render::sizing::operating_point(&d).map_or_else(String::new, |p| format!("; {p}")),
                        d.average_utilization.map(|u| percent_dp(u.value(), 2)).unwrap_or_else(|| "?".into())),
                    _ => format!("cannot serve: {}", d.reason.clone().unwrap_or_default()),
                });
                let bar = move || entry2().and_then(|d| d.estimate).map(|e| {
                    let m = &e.memory;
                    let total = m.gpu_bytes.max(1) as f64;
                    let other = m.reserve_bytes + m.activations_bytes;
                    let label = format!(
                        "Memory per GPU of {} GiB: weights {} GiB, KV cache {} GiB, reserve and activations {} GiB",
                        fixed(gib(m.gpu_bytes), 0), fixed(gib(m.weights_bytes), 1), fixed(gib(m.kv_cache_bytes), 1), fixed(gib(other), 1));
                    let pct = |b: u64| (b as f64 / total * 100.0).min(100.0);
                    let (w, k, o) = (pct(m.weights_bytes), pct(m.kv_cache_bytes), pct(other));
                    // SVG attributes, not inline styles: the CSP allows no style attribute.
                    let aria = label.clone();
                    view! {
                        <svg class="membar" role="img" aria-label=aria viewBox="0 0 100 4" preserveAspectRatio="none">
                            <title>{label}</title>
                            <rect class="weights" x="0" y="0" height="4" width=fixed(w, 2) />
                            <rect class="kv" x=fixed(w, 2) y="0" height="4" width=fixed(k, 2) />
                            <rect class="other" x=fixed(w + k, 2) y="0" height="4" width=fixed(o.min(100.0 - w - k).max(0.0), 2) />
                        </svg>
                    }
                });
                view! { <li><strong>{name}</strong>": "{text}{bar}</li> }
            } />
        </ul>
    }
}
