//! The chart: the library's drawing (monthly cost or cost per 1M tokens
//! against volume) from a memo that ignores the volume, the volume marker
//! and the pointer's crosshair laid over it, the legend's toggles, and a
//! readout of every option's cost at the pointer, sorted, reachable by
//! keyboard (arrow keys move the crosshair).

use crate::{CostAxis, Ctx};
use leptos::prelude::*;
use llm_tco::base::float::fixed;
use llm_tco::render::chart::{
    marker_svg, render_svg_bare, series_color, series_stroke, volume_at_x, ChartData, PlotFrame, FADED_OPACITY,
};
use llm_tco::render::text::human_tokens;
use llm_tco::Decimal;
use std::str::FromStr;

/// The chart's drawing, width and height in px (it scales to its box):
/// 900 × 520 on a wide screen; on a narrow one (a phone) about as wide as
/// its box, 400 to 480 px, by 640 (the break-even key's band, its lines
/// wrapped, under a plot of the usual height), where a drawing scaled from
/// 900 px would set its labels at a third of their size.
/// Chosen once, when the page loads, so the drawing and the pointer agree.
fn chart_size() -> (u32, u32) {
    static SIZE: std::sync::OnceLock<(u32, u32)> = std::sync::OnceLock::new();
    *SIZE.get_or_init(|| {
        let width = web_sys::window()
            .and_then(|w| w.inner_width().ok())
            .and_then(|w| w.as_f64())
            .unwrap_or(1024.0);
        if width < 700.0 {
            // About the box's own width (the page's margins are 16 px a
            // side), so the labels keep most of their size on screen.
            ((width - 32.0).clamp(400.0, 480.0) as u32, 640)
        } else {
            (900, 520)
        }
    })
}

/// A curve's swatch in its colour and weight (faded when ruled out), as
/// SVG text: a style attribute would break the Content-Security-Policy.
fn swatch_svg(color: &str, width: u32, faded: bool) -> String {
    let opacity = if faded { FADED_OPACITY } else { 1.0 };
    format!("<svg viewBox=\"0 0 18 6\" width=\"18\" height=\"6\"><line x1=\"0\" y1=\"3\" x2=\"18\" y2=\"3\" stroke=\"{color}\" stroke-width=\"{width}\" stroke-opacity=\"{opacity}\"/></svg>")
}

/// The chart, its toggles and its readout.
#[component]
pub fn Figure() -> impl IntoView {
    let ctx = Ctx::get();
    let view = ctx.view;
    // The chart does not depend on the volume: its data is kept without
    // it, so moving the volume redraws only the marker over the chart.
    let data = Memo::new(move |_| {
        ctx.shown.with(|r| {
            r.as_ref().map(|r| ChartData {
                current_tokens_per_day: 0.0,
                ..ChartData::from_report(r)
            })
        })
    });
    let drawn = Memo::new(move |_| {
        let currency = view.currency();
        let axis = view.axis.get();
        data.with(|d| {
            let mut d = d.clone()?;
            if axis == CostAxis::PerMtok {
                d = d.per_mtok();
            }
            d = d.in_currency(&currency);
            view.hidden
                .with(|h| render_svg_bare(&d.without(h), chart_size().0, chart_size().1).ok())
        })
    });
    let frame = Memo::new(move |_| drawn.with(|c| c.as_ref().map(|c| c.1)));
    let volume = Memo::new(move |_| {
        ctx.shown
            .with(|r| r.as_ref().map(|r| r.workload.tokens_per_day.to_f64()))
    });
    let marker = Memo::new(move |_| {
        let v = volume.get()?;
        frame.get().map(|f| marker_svg(&f, v, chart_size().0, chart_size().1))
    });
    let names = Memo::new(move |_| {
        ctx.shown.with(|r| {
            r.as_ref()
                .map(|r| r.options.iter().map(|o| o.name.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    // The toggles are the curves' legend: each with its curve's colour and
    // weight (the chart on the page draws no legend box over the curves).
    // A ruled-out option's curve is faded, and its toggle says so.
    let swatch = move |name: &str| {
        data.with(|d| {
            let s = d.as_ref()?.series.iter().find(|s| s.name == name)?;
            let (width, faded) = series_stroke(s);
            let svg = swatch_svg(&series_color(s), width, faded);
            Some((svg, s.ruled_out.then_some(" (ruled out)")))
        })
        .unwrap_or_default()
    };
    let on_pointer = move |ev: leptos::ev::PointerEvent| {
        let Some(target) = ev
            .current_target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok())
        else {
            return;
        };
        let shown = f64::from(target.client_width().max(1));
        let x = f64::from(ev.offset_x()) * f64::from(chart_size().0) / shown;
        let v = data.with_untracked(|d| d.as_ref().and_then(|d| volume_at_x(d, f64::from(chart_size().0), x)));
        view.pointer.set(v);
    };
    // Arrow keys move the crosshair by a fiftieth of the range; Home and
    // End go to its ends; Escape hides it.
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some(f) = frame.get_untracked() else { return };
        let (lo, hi) = (libm::log10(f.min_tokens_per_day), libm::log10(f.max_tokens_per_day));
        let now = view
            .pointer
            .get_untracked()
            .or(volume.get_untracked())
            .map_or((lo + hi) / 2.0, |v| libm::log10(v.max(1.0)));
        let step = (hi - lo) / 50.0;
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowUp" => now + step,
            "ArrowLeft" | "ArrowDown" => now - step,
            "Home" => lo,
            "End" => hi,
            "Escape" => {
                view.pointer.set(None);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        view.pointer.set(Some(libm::pow(10.0, next.clamp(lo, hi))));
    };
    let crosshair = move || {
        let v = view.pointer.get()?;
        let f: PlotFrame = frame.get()?;
        let x = f.x_of(v)?;
        let x = fixed(x, 1);
        Some(view! {
            <svg class="crosshair" viewBox=format!("0 0 {} {}", chart_size().0, chart_size().1) aria-hidden="true">
                <line x1=x.clone() x2=x y1=f.y_px.0.to_string() y2=f.y_px.1.to_string() stroke="#1f77b4" stroke-width="1" stroke-dasharray="4 3" />
            </svg>
        })
    };
    let readout = move || {
        let v = view.pointer.get()?;
        let volume = Decimal::from_str(&fixed(v, 0)).unwrap_or(Decimal::ONE);
        let per_mtok = view.axis.get() == CostAxis::PerMtok;
        let items = ctx.shown.with(|r| {
            r.as_ref().map(|r| {
                r.options
                    .iter()
                    .map(|o| {
                        let cost = o.curve.usd_at(volume).ok().flatten();
                        let shown = cost.and_then(|c| {
                            if per_mtok {
                                // Monthly cost over the month's tokens, per 1M.
                                let mtok = volume
                                    .checked_mul(Decimal::from(365))?
                                    .checked_div(Decimal::from(12_000_000))?;
                                c.checked_div(mtok)
                            } else {
                                Some(c)
                            }
                        });
                        (o.name.clone(), shown, o.ruled_out.is_some())
                    })
                    .collect::<Vec<_>>()
            })
        })?;
        let costs: Vec<Option<Decimal>> = items.iter().map(|i| i.1).collect();
        let order = llm_tco::analysis::verdict::cheapest_first(&costs);
        let items: Vec<_> = order.into_iter().filter_map(|i| items.get(i).cloned()).collect();
        let dp = if per_mtok { 4 } else { 2 };
        Some(view! {
            <p>{format!("At {} tokens/day{}:", human_tokens(v), if per_mtok { ", per 1M tokens" } else { ", per month" })}</p>
            <ol>{items.into_iter().map(|(name, c, ruled)| view! {
                <li class:ruled-out=ruled><span class="option-name">{name}</span>": "
                    {c.map_or_else(|| "cannot serve".to_string(), |c| view.amount(c, dp))}
                    {ruled.then_some(" (ruled out)")}</li>
            }).collect_view()}</ol>
        })
    };
    view! {
        <figure class="chart" aria-label="Cost against tokens per day">
            <div class="chart-views" role="radiogroup" aria-label="What the chart shows">
                <label class="toggle"><input type="radio" name="chart-axis" id="axis-monthly" prop:checked=move || view.axis.get() == CostAxis::Monthly
                    on:change=move |_| view.axis.set(CostAxis::Monthly) />"Monthly cost"</label>
                <label class="toggle"><input type="radio" name="chart-axis" id="axis-per-mtok" prop:checked=move || view.axis.get() == CostAxis::PerMtok
                    on:change=move |_| view.axis.set(CostAxis::PerMtok) />"Cost per 1M tokens"</label>
            </div>
            <div class="chart-box" tabindex="0" role="group" aria-describedby="chart-help"
                aria-label="Chart: move the pointer, or use the arrow keys, to read every option's cost at a volume"
                on:keydown=on_key on:pointermove=on_pointer on:pointerdown=on_pointer
                // Focused from the keyboard, the readout starts at the workload's volume.
                on:focus=move |_| if view.pointer.get_untracked().is_none() { view.pointer.set(volume.get_untracked()) }>
                // Both drawings come from the library, which escapes every text it draws.
                <div id="chart" inner_html=move || drawn.with(|c| c.as_ref().map(|c| c.0.clone()).unwrap_or_default())></div>
                <div id="chart-marker" aria-hidden="true" inner_html=move || marker.get().unwrap_or_default()></div>
                {crosshair}
            </div>
            <p class="hint" id="chart-help">"Numbered rings: where a self-hosted option starts to stay cheaper than an API (listed under Break-even); open dots: other crossings; faded curves: ruled out by your constraints. Arrow keys move the readout."</p>
            <figcaption>
                <fieldset class="legend">
                    <legend>"Curves shown"</legend>
                    <For each=move || names.get() key=|n| n.clone() children=move |name| {
                        let (n, m, k) = (name.clone(), name.clone(), name.clone());
                        view! { <label class="toggle"><input type="checkbox"
                            prop:checked=move || view.hidden.with(|h| !h.contains(&n))
                            on:change=move |_| view.hidden.update(|h| if let Some(i) = h.iter().position(|x| *x == m) { h.remove(i); } else { h.push(m.clone()); }) />
                            <span class="swatch" aria-hidden="true" inner_html={ let k = k.clone(); move || swatch(&k).0 }></span>
                            {name}{move || swatch(&k).1}</label> }
                    } />
                </fieldset>
                <div id="readout" aria-live="polite">{readout}</div>
            </figcaption>
        </figure>
    }
}
