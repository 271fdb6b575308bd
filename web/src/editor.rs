//! The scenario editor: preset, workload, the options (listed, edited,
//! added, removed with undo), constraints, currency, the link and the
//! files. Every number goes through [`crate::fields`].

use crate::fields::{commit, field, opt_dec, opt_u32, req_dec, select, show, slug, Spec};
use crate::{dec, state, Ctx, Notice, PRESETS};
use leptos::prelude::*;
use llm_tco::base::float::{fixed, parse_f64};
use llm_tco::render::chart::{render_svg, ChartData};
use llm_tco::render::text::human_tokens;
use llm_tco::spec::catalog::Parallelism;
use llm_tco::spec::scenario::{
    ApiSpec, EngineeringSpec, OptionSpec, OwnedSpec, Pricing, RedundancySpec, RentedSpec, ReplicaLayout,
    SelfHostedSpec, WorkloadSpec,
};
use llm_tco::{Catalog, Decimal, ScenarioFile};

/// The volume of a scenario's workload, tokens per day (from requests
/// when it gives requests).
fn volume(w: &WorkloadSpec) -> Option<Decimal> {
    w.tokens_per_day.or_else(|| {
        w.requests_per_day
            .and_then(|r| r.checked_mul(w.input_tokens_per_request.checked_add(w.output_tokens_per_request)?))
    })
}

/// The volume slider: log10 of tokens per day, 5 to 11.
fn log_volume(file: &ScenarioFile) -> f64 {
    let v = volume(&file.workload).unwrap_or(Decimal::from(10_000_000));
    libm::log10(parse_f64(&v.to_string()).unwrap_or(1e7).max(1.0))
}

/// The editor's column.
#[component]
pub fn Editor() -> impl IntoView {
    let ctx = Ctx::get();
    view! {
        <div class="field">
            <label for="preset">"Preset"</label>
            <select id="preset" aria-label="Preset scenario" aria-busy=move || ctx.preset_loading.get().then_some("true") on:change=move |ev| {
                if let Ok(i) = event_target_value(&ev).parse::<usize>() { crate::load_preset(ctx, i); }
            }>
                {PRESETS.iter().enumerate().map(|(i, (name, _))| view! { <option value=i.to_string()>{*name}</option> }).collect_view()}
            </select>
        </div>
        <WorkloadEditor />
        <Options />
        <Constraints />
        <Currency />
        <Share />
        <crate::catalog_io::CatalogPanel />
    }
}

fn workload_field(
    id: &str,
    label: &str,
    hint: &str,
    placeholder: &str,
    get: fn(&WorkloadSpec) -> String,
    set: fn(&mut WorkloadSpec, &str) -> Result<(), String>,
) -> impl IntoView {
    field(
        Spec::new(id, label, hint, placeholder),
        move |f| get(&f.workload),
        move |f, t| set(&mut f.workload, t),
    )
}

/// The workload: volume, token mix, shares, peaks, growth, horizon, the
/// latency target and the chart's range.
#[component]
fn WorkloadEditor() -> impl IntoView {
    let ctx = Ctx::get();
    view! {
        <fieldset>
            <legend>"Workload"</legend>
            <label for="volume-slider">"Tokens per day: " <output id="volume-value">{move || ctx.file.with(|f| human_tokens(libm::pow(10.0, log_volume(f))))}</output></label>
            <input id="volume-slider" type="range" min="5" max="11" step="0.01" aria-label="Tokens per day, log scale"
                prop:value=move || ctx.file.with(|f| fixed(log_volume(f), 2))
                on:input=move |ev| {
                    if let Some(x) = parse_f64(&event_target_value(&ev)) {
                        // Three significant figures, finer than a step of
                        // the slider (2.3%), so the box reads 603M.
                        let unit = libm::pow(10.0, libm::floor(x) - 2.0);
                        let v = libm::round(libm::pow(10.0, x) / unit) * unit;
                        if let Some(d) = dec(&fixed(v, 0)) {
                            ctx.invalid.update(|i| i.retain(|i| i.id != "volume-number"));
                            ctx.file.update(|f| { f.workload.tokens_per_day = Some(d); f.workload.requests_per_day = None; });
                        }
                    }
                } />
            {workload_field("volume-number", "Tokens per day", "Input and output together; above 0, at most 1e15 (10M, 2.5B and the like are read too).", "10M",
                |w| volume(w).map(llm_tco::render::text::volume_text).unwrap_or_default(),
                |w, t| { let d = crate::fields::req_volume(t)?; w.tokens_per_day = Some(d); w.requests_per_day = None; Ok(()) })}
            {workload_field("input-tokens", "Input tokens per request", "Mean prompt, cached part included; at least 0.", "needed",
                |w| show(Some(w.input_tokens_per_request)), |w, t| { w.input_tokens_per_request = req_dec(t)?; Ok(()) })}
            {workload_field("output-tokens", "Output tokens per request", "Mean answer; above 0.", "needed",
                |w| show(Some(w.output_tokens_per_request)), |w, t| { w.output_tokens_per_request = req_dec(t)?; Ok(()) })}
            {workload_field("cache-share", "Cached input share", "Share of input read from a prompt cache, 0 to 1; empty = 0.", "0 (default)",
                |w| show(w.cached_input_share), |w, t| { w.cached_input_share = opt_dec(t)?; Ok(()) })}
            {workload_field("cache-write-share", "Cache-write share", "Share of input written to the cache, 0 to 1; empty = 0.", "0 (default)",
                |w| show(w.cache_write_share), |w, t| { w.cache_write_share = opt_dec(t)?; Ok(()) })}
            {workload_field("batch-share", "Batch share", "Share of traffic that can wait for a batch API, 0 to 1; empty = 0.", "0 (default)",
                |w| show(w.batch_share), |w, t| { w.batch_share = opt_dec(t)?; Ok(()) })}
            {workload_field("peak", "Peak-to-average", "Busiest hour over the average hour, at least 1; empty = 1.", "1 (default)",
                |w| show(w.peak_to_average), |w, t| { w.peak_to_average = opt_dec(t)?; Ok(()) })}
            {workload_field("growth", "Monthly growth", "Growth of the volume per month as a share (0.05 = 5%); empty = 0.", "0 (default)",
                |w| show(w.monthly_growth), |w, t| { w.monthly_growth = opt_dec(t)?; Ok(()) })}
            {workload_field("horizon", "Horizon, months", "Months the decision covers (payback); a whole number from 1; empty = 12.", "12 (default)",
                |w| w.horizon_months.map(|h| h.to_string()).unwrap_or_default(), |w, t| { w.horizon_months = opt_u32(t)?; Ok(()) })}
            {workload_field("latency", "Latency target, output tokens/s per user", "Least speed each user must see; sizing respects it; empty = 10.", "10 (default)",
                |w| show(w.min_output_tokens_per_s_per_user), |w, t| { w.min_output_tokens_per_s_per_user = opt_dec(t)?; Ok(()) })}
            {workload_field("ttft", "Time to first token, at most (ms)", "Longest wait for the first token; empty = no limit.", "no limit (default)",
                |w| show(w.max_ttft_ms), |w, t| { w.max_ttft_ms = opt_dec(t)?; Ok(()) })}
            {field(Spec::new("range-min", "Chart from, tokens/day", "Lowest volume of the curves; empty = 100k.", "100000 (default)"),
                |f| show(f.range.as_ref().and_then(|r| r.min_tokens_per_day)),
                |f, t| { f.range.get_or_insert(llm_tco::spec::scenario::RangeSpec { min_tokens_per_day: None, max_tokens_per_day: None, points: None }).min_tokens_per_day = opt_dec(t)?; Ok(()) })}
            {field(Spec::new("range-max", "Chart to, tokens/day", "Highest volume of the curves; empty = 100B.", "100000000000 (default)"),
                |f| show(f.range.as_ref().and_then(|r| r.max_tokens_per_day)),
                |f, t| { f.range.get_or_insert(llm_tco::spec::scenario::RangeSpec { min_tokens_per_day: None, max_tokens_per_day: None, points: None }).max_tokens_per_day = opt_dec(t)?; Ok(()) })}
        </fieldset>
    }
}

/// The editor's lists of catalog entries, `(id, words)`: made once per
/// catalog (a memo in [`Ctx`]), so the forms that add an option and every
/// open option editor list the same entries, an imported model included.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Choices {
    /// API offers with their prices.
    pub offers: Vec<(String, String)>,
    /// Models by name.
    pub models: Vec<(String, String)>,
    /// GPUs by name.
    pub gpus: Vec<(String, String)>,
    /// Serving engines: id and name.
    pub engines: Vec<(String, String)>,
}

impl Choices {
    /// The lists of `catalog`.
    pub fn of(catalog: &Catalog) -> Choices {
        Choices {
            offers: catalog
                .api_offers()
                .iter()
                .map(|o| (o.id.clone(), offer_text(o)))
                .collect(),
            models: catalog
                .models()
                .iter()
                .map(|m| (m.id.clone(), m.name.clone()))
                .collect(),
            gpus: catalog.gpus().iter().map(|g| (g.id.clone(), g.name.clone())).collect(),
            engines: catalog
                .engines()
                .iter()
                .map(|e| (e.id.clone(), format!("{} ({})", e.id, e.name)))
                .collect(),
        }
    }
}

/// A catalog offer in words, with its prices: "GPT-4o (OpenAI): 2.50 in,
/// 10.00 out USD per 1M tokens".
fn offer_text(o: &llm_tco::spec::catalog::ApiOffer) -> String {
    format!(
        "{} ({}): {} in, {} out USD per 1M",
        o.name,
        o.provider,
        llm_tco::render::text::money(o.input_usd_per_mtok, 2),
        llm_tco::render::text::money(o.output_usd_per_mtok, 2)
    )
}

/// The catalog's hourly rental price for `gpu` and its offer id: the
/// lowest on-demand figure among the offers the catalog trusts most (a
/// vendor's marketing claim does not undercut a provider's price list).
pub fn rental_of(c: &Catalog, gpu: &str) -> Option<(String, Decimal)> {
    c.cloud_prices()
        .iter()
        .filter(|p| p.gpu == gpu)
        .filter_map(|p| Some((p.trust_rank(), p.id.clone(), p.on_demand_usd_per_gpu_hour?)))
        .min_by_key(|p| (std::cmp::Reverse(p.0), p.2))
        .map(|(_, id, usd)| (id, usd))
}

/// Moves an option's engine to one that runs on its GPU when the two are of
/// different kinds (Apple silicon's unified memory takes llama.cpp-metal, a
/// discrete GPU llama.cpp's CUDA build), with weights and a cache a GGUF
/// file holds: otherwise no single pick could reach the other kind.
pub fn engine_for_gpu(s: &mut SelfHostedSpec, c: &Catalog) {
    let Ok(gpu) = c.gpu(&s.gpu) else { return };
    let engine = c.engine(s.engine.as_deref().unwrap_or("vllm"));
    if engine.is_ok_and(|e| e.unified_memory == gpu.unified_memory) {
        return;
    }
    s.engine = Some(
        if gpu.unified_memory {
            "llama.cpp-metal"
        } else {
            "llama.cpp"
        }
        .into(),
    );
    s.layout = None;
    if llm_tco::spec::formats::WeightFormat::parse(&s.weights).is_ok_and(|w| !w.in_gguf()) {
        s.weights = "gguf_q4_k_m".into();
    }
    if s.kv_cache.as_deref() == Some("fp8") {
        s.kv_cache = Some("fp16".into());
    }
}

/// Why a GPU cannot be owned at the catalog's price: it has none; `then`
/// says what to do.
fn no_purchase_price(c: &Catalog, gpu: &str, then: &str) -> String {
    let name = c.gpu(gpu).map_or(gpu, |g| g.name.as_str());
    format!("the catalog has no purchase price for {name}: {then}")
}

/// The catalog's purchase price of one `gpu`, the middle of its range.
pub fn purchase_of(c: &Catalog, gpu: &str) -> Option<Decimal> {
    let p = c.purchase_prices().iter().find(|p| p.gpu == gpu)?;
    let mid = p.usd_low.checked_add(p.usd_high)?.checked_div(Decimal::TWO)?;
    Some(llm_tco::base::decimal::round_dp(
        mid.checked_div(Decimal::from(p.n_gpus.max(1)))?,
        0,
    ))
}

/// Typical terms of owned GPUs, the default scenario's, every one shown and
/// editable afterwards: a server, network and storage share of a fifth of
/// the GPU's price, 4 years, 10% resale, 8% cost of capital, an average
/// draw of 70% of board power, PUE 1.3, 0.12 USD per kWh, colocation at
/// 150 USD per kW-month, maintenance 5% a year.
fn owned_terms(purchase: Decimal) -> OwnedSpec {
    OwnedSpec {
        purchase_usd_per_gpu: purchase,
        server_usd_per_gpu: Some(llm_tco::base::decimal::round_dp(purchase / Decimal::from(5), 0)),
        life_years: Decimal::from(4),
        residual_share: Some(Decimal::new(1, 1)),
        cost_of_capital_per_year: Some(Decimal::new(8, 2)),
        utilization_factor: Some(Decimal::new(7, 1)),
        pue: Some(Decimal::new(13, 1)),
        usd_per_kwh: Decimal::new(12, 2),
        colocation_usd_per_kw_month: Some(Decimal::from(150)),
        maintenance_share_per_year: Some(Decimal::new(5, 2)),
        ..Default::default()
    }
}

/// The owned terms of `s`, for a setter (an error when the option is rented).
fn owned_mut(s: &mut SelfHostedSpec) -> Result<&mut OwnedSpec, String> {
    s.owned.as_mut().ok_or_else(|| "not owned".to_string())
}

/// An optional share from 0 to 1.
fn opt_share(text: &str) -> Result<Option<Decimal>, String> {
    match opt_dec(text)? {
        Some(d) if d < Decimal::ZERO || d > Decimal::ONE => Err(format!("{d} is not a share from 0 to 1")),
        other => Ok(other),
    }
}

/// An optional amount of at least 0.
fn opt_non_negative(text: &str) -> Result<Option<Decimal>, String> {
    match opt_dec(text)? {
        Some(d) if d < Decimal::ZERO => Err(format!("{d} is below 0")),
        other => Ok(other),
    }
}

/// The engineering of a new self-hosted option: the default scenario's
/// terms, shown and editable in the form.
const ENGINEERING_RATE: &str = "120";
const SETUP_HOURS: &str = "80";
const OPS_HOURS: &str = "16";

/// `base`, or `base (2)`, `base (3)` ... if a name is taken.
fn unique(file: &ScenarioFile, base: &str) -> String {
    let mut name = base.to_string();
    let mut n = 2;
    while file.options.iter().any(|o| o.name == name) {
        name = format!("{base} ({n})");
        n += 1;
    }
    name
}

/// Removes option `name` with what refers to it (hybrids built on it, the
/// Monte Carlo ranges of its inputs), and says what went, with an undo.
fn remove(ctx: Ctx, name: &str) {
    let before = ctx.file.get_untracked();
    let mut next = before.clone();
    next.options.retain(|o| o.name != name);
    let hybrids: Vec<String> = next
        .options
        .iter()
        .filter(|o| {
            o.hybrid
                .as_ref()
                .is_some_and(|h| h.self_hosted == name || h.api == name)
        })
        .map(|o| o.name.clone())
        .collect();
    next.options.retain(|o| !hybrids.contains(&o.name));
    let n_ranges = next
        .uncertainty
        .iter()
        .filter(|u| {
            u.option
                .as_deref()
                .is_some_and(|o| o == name || hybrids.iter().any(|h| h == o))
        })
        .count();
    next.uncertainty.retain(|u| {
        !u.option
            .as_deref()
            .is_some_and(|o| o == name || hybrids.iter().any(|h| h == o))
    });
    if next.options.is_empty() {
        ctx.notice.set(Notice::say(format!(
            "“{name}” is the only option: add another before removing it."
        )));
        return;
    }
    let prefix = format!("opt-{}", slug(name));
    ctx.invalid.update(|v| v.retain(|i| !i.id.starts_with(&prefix)));
    ctx.file.set(next);
    let mut text = format!("Removed “{name}”");
    let mut also = Vec::new();
    for h in &hybrids {
        also.push(format!("the hybrid “{h}” built on it"));
    }
    match n_ranges {
        0 => {}
        1 => also.push("1 Monte Carlo range of its inputs".to_string()),
        n => also.push(format!("{n} Monte Carlo ranges of its inputs")),
    }
    if !also.is_empty() {
        text.push_str(", and with it ");
        text.push_str(&also.join(" and "));
    }
    text.push('.');
    ctx.notice.set(Some(Notice {
        text,
        undo: Some(before),
        place: None,
    }));
}

/// The options: listed with Edit and Remove; API offers, self-hosted
/// models and hybrids added from the catalog.
#[component]
fn Options() -> impl IntoView {
    let ctx = Ctx::get();
    let names = Memo::new(move |_| {
        ctx.file.with(|f| {
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
    let editing = RwSignal::new(None::<String>);
    view! {
        <fieldset>
            <legend>"Options"</legend>
            <ul class="options">
                <For each=move || names.get() key=|(name, kind)| (name.clone(), *kind) children=move |(name, kind)| {
                    let n1 = name.clone();
                    let n2 = name.clone();
                    let n3 = name.clone();
                    let n4 = name.clone();
                    view! {
                        <li>
                            <span class="option-name">{name.clone()}</span>
                            <span class="kind">{kind}</span>
                            <button class="edit" aria-label=format!("Edit {name}") aria-expanded=move || editing.with(|e| e.as_deref() == Some(n1.as_str())).to_string()
                                on:click=move |_| editing.update(|e| *e = if e.as_deref() == Some(n2.as_str()) { None } else { Some(n2.clone()) })>"Edit"</button>
                            <button class="remove" aria-label=format!("Remove {name}")
                                on:click=move |_| { editing.set(None); remove(ctx, &n3); }>"Remove"</button>
                            {move || {
                                // A new catalog (an import) rebuilds the open editor, so its lists have the new entries.
                                ctx.choices.track();
                                (editing.with(|e| e.as_deref() == Some(n4.as_str()))).then(|| view! { <OptionEditor name=n4.clone() /> })
                            }}
                        </li>
                    }
                } />
            </ul>
            <AddOption />
        </fieldset>
    }
}

/// The forms that add an option.
#[component]
fn AddOption() -> impl IntoView {
    let ctx = Ctx::get();
    let offers = Memo::new(move |_| ctx.choices.with(|c| c.offers.clone()));
    let models = Memo::new(move |_| ctx.choices.with(|c| c.models.clone()));
    let gpus = Memo::new(move |_| ctx.choices.with(|c| c.gpus.clone()));
    let custom_name = RwSignal::new(String::new());
    let api_choice = RwSignal::new(String::new());
    let model = RwSignal::new("llama-3.1-8b".to_string());
    let gpu = RwSignal::new("l4".to_string());
    let weights = RwSignal::new("fp8".to_string());
    let kv = RwSignal::new("fp16".to_string());
    let owned = RwSignal::new(false);
    let price_of = move |gpu: &str, owned: bool| {
        ctx.catalog.with_untracked(|c| {
            if owned {
                purchase_of(&c.catalog, gpu).map(|d| d.to_string())
            } else {
                rental_of(&c.catalog, gpu).map(|(_, d)| d.normalize().to_string())
            }
        })
    };
    // Where the filled-in price comes from, in words.
    let price_source = move |gpu: &str, owned: bool| {
        ctx.catalog.with(|c| {
            if owned {
                let p = c.catalog.purchase_prices().iter().find(|p| p.gpu == gpu)?;
                Some(format!(
                    "The middle of the catalog's purchase estimate for {} of {} to {} USD ({}, {}). Owned options also get typical terms — a server share of a fifth of the GPU's price, 4 years of life, colocation, maintenance, power at 70% of board power — each shown and editable in the option's editor.",
                    if p.n_gpus > 1 { format!("{} GPUs", p.n_gpus) } else { "one GPU".to_string() },
                    llm_tco::render::text::money(p.usd_low, 0),
                    llm_tco::render::text::money(p.usd_high, 0),
                    p.kind,
                    p.as_of
                ))
            } else {
                let (id, _) = rental_of(&c.catalog, gpu)?;
                let o = c.catalog.cloud(&id).ok()?;
                Some(format!(
                    "The catalog's lowest on-demand offer for this GPU among those it trusts most ({}): {} {}, {}. Type another price to use your own.",
                    o.confidence, o.provider, o.instance, o.as_of
                ))
            }
        })
    };
    let price = RwSignal::new(price_of("l4", false).unwrap_or_default());
    let rate = RwSignal::new(ENGINEERING_RATE.to_string());
    let setup = RwSignal::new(SETUP_HOURS.to_string());
    let ops = RwSignal::new(OPS_HOURS.to_string());
    let spares = RwSignal::new("0".to_string());
    let error = RwSignal::new(None::<(&'static str, String)>);
    let add_api = move |_| {
        let id = api_choice.get_untracked();
        let id = if id.is_empty() {
            offers.with_untracked(|o| o.first().map(|o| o.0.clone()).unwrap_or_default())
        } else {
            id
        };
        let display = ctx.catalog.with_untracked(|c| {
            c.catalog
                .api(&id)
                .map(|o| o.name.clone())
                .unwrap_or_else(|_| id.clone())
        });
        let base = if custom_name.get_untracked().trim().is_empty() {
            display
        } else {
            custom_name.get_untracked().trim().to_string()
        };
        let result = commit(ctx, |f| {
            let name = unique(f, &base);
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
            });
            Ok(())
        });
        error.set(result.err().map(|e| ("api", e)));
    };
    let add_self_hosted = move |_| {
        let (m, g, is_owned) = (model.get_untracked(), gpu.get_untracked(), owned.get_untracked());
        let parse = |what: &'static str, t: String| {
            dec(&t)
                .filter(|d| *d >= Decimal::ZERO)
                .ok_or((what, format!("{:?} is not a number of at least 0", t.trim())))
        };
        let built = (|| {
            let p = parse("price", price.get_untracked())?;
            let eng = EngineeringSpec {
                usd_per_hour: parse("rate", rate.get_untracked())?,
                setup_hours: Some(parse("setup", setup.get_untracked())?),
                setup_amortization_months: Some(12),
                ops_hours_per_month: Some(parse("ops", ops.get_untracked())?),
            };
            let n_spares: u32 = spares
                .get_untracked()
                .trim()
                .parse()
                .map_err(|_| ("spares", "give a whole number of spare replicas, 0 or more".to_string()))?;
            let (rented, own) = if is_owned {
                (None, Some(owned_terms(p)))
            } else {
                // The catalog's offer when its price is kept: its source and date come with it.
                let offer = ctx
                    .catalog
                    .with_untracked(|c| rental_of(&c.catalog, &g))
                    .filter(|(_, d)| *d == p)
                    .map(|(id, _)| id);
                let usd_per_gpu_hour = if offer.is_some() { None } else { Some(p) };
                (
                    Some(RentedSpec {
                        offer,
                        usd_per_gpu_hour,
                        ..RentedSpec::default()
                    }),
                    None,
                )
            };
            let mut spec = SelfHostedSpec {
                model: m.clone(),
                weights: weights.get_untracked(),
                kv_cache: Some(kv.get_untracked()),
                gpu: g.clone(),
                rented,
                owned: own,
                engineering: Some(eng),
                redundancy: (n_spares > 0).then_some(RedundancySpec {
                    spare_replicas: n_spares,
                    spare_gpus: None,
                }),
                ..SelfHostedSpec::default()
            };
            // Apple silicon is served by llama.cpp's Metal build.
            ctx.catalog.with_untracked(|c| engine_for_gpu(&mut spec, &c.catalog));
            Ok::<_, (&'static str, String)>(spec)
        })();
        let spec = match built {
            Ok(s) => s,
            Err(e) => return error.set(Some(e)),
        };
        let (mname, gname) = ctx.catalog.with_untracked(|c| {
            (
                c.catalog.model(&m).map(|x| x.name.clone()).unwrap_or(m.clone()),
                c.catalog.gpu(&g).map(|x| x.name.clone()).unwrap_or(g.clone()),
            )
        });
        let base = if custom_name.get_untracked().trim().is_empty() {
            format!("{mname} on {gname}, {}", if is_owned { "owned" } else { "rented" })
        } else {
            custom_name.get_untracked().trim().to_string()
        };
        let result = commit(ctx, |f| {
            let name = unique(f, &base);
            f.options.push(OptionSpec {
                name,
                api: None,
                self_hosted: Some(spec),
                hybrid: None,
                quality: None,
                notes: None,
            });
            Ok(())
        });
        error.set(result.err().map(|e| ("self-hosted", e)));
    };
    let part_names = Memo::new(move |_| {
        ctx.file.with(|f| {
            let names = |keep: fn(&OptionSpec) -> bool| -> Vec<String> {
                f.options.iter().filter(|o| keep(o)).map(|o| o.name.clone()).collect()
            };
            (names(|o| o.self_hosted.is_some()), names(|o| o.api.is_some()))
        })
    });
    let hybrid_sh = RwSignal::new(String::new());
    let hybrid_api = RwSignal::new(String::new());
    let add_hybrid = move |_| {
        let (shs, apis) = part_names.get_untracked();
        let pick = |v: String, all: &[String]| {
            if all.contains(&v) {
                Some(v)
            } else {
                all.first().cloned()
            }
        };
        let (Some(sh), Some(api)) = (
            pick(hybrid_sh.get_untracked(), &shs),
            pick(hybrid_api.get_untracked(), &apis),
        ) else {
            return error.set(Some((
                "hybrid",
                "a hybrid needs a self-hosted option and an API option".into(),
            )));
        };
        let result = commit(ctx, |f| {
            let name = unique(f, &format!("{sh} + {api} overflow"));
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
            });
            Ok(())
        });
        error.set(result.err().map(|e| ("hybrid", e)));
    };
    let plain_select = |id: &'static str,
                        label: &'static str,
                        choices: Memo<Vec<(String, String)>>,
                        value: RwSignal<String>,
                        on_pick: fn(&str)| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <select id=id aria-label=label on:change=move |ev| { let v = event_target_value(&ev); on_pick(&v); value.set(v); }>
                    {move || choices.get().into_iter().map(|(v, t)| { let c = v.clone(); view! { <option value=v selected=move || value.with(|x| *x == c)>{t}</option> } }).collect_view()}
                </select>
            </div>
        }
    };
    let formats = Memo::new(|_| {
        llm_tco::spec::formats::WeightFormat::ALL
            .iter()
            .map(|f| (f.name().to_string(), f.name().to_string()))
            .collect::<Vec<_>>()
    });
    let kv_formats = Memo::new(|_| {
        llm_tco::spec::formats::KvFormat::ALL
            .iter()
            .map(|f| (f.name().to_string(), f.name().to_string()))
            .collect::<Vec<_>>()
    });
    let text_input =
        move |id: &'static str, label: String, value: RwSignal<String>, key: &'static str, hint: &'static str| {
            let err = move || error.with(|e| e.as_ref().filter(|e| e.0 == key).map(|e| e.1.clone()));
            view! {
                <div class="field">
                    <label for=id>{label}</label>
                    <input id=id type="text" inputmode="decimal" prop:value=move || value.get()
                        aria-invalid=move || err().map(|_| "true") aria-describedby=format!("{id}-hint")
                        on:input=move |ev| value.set(event_target_value(&ev)) />
                    {move || err().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                    <p class="hint" id=format!("{id}-hint")>{hint}</p>
                </div>
            }
        };
    view! {
        <div class="field">
            <label for="new-name">"Name of the new option (optional)"</label>
            <input id="new-name" type="text" prop:value=move || custom_name.get() on:input=move |ev| custom_name.set(event_target_value(&ev)) />
        </div>
        <div class="add">
            {plain_select("new-api", "API offer", offers, api_choice, |_| {})}
            <button id="add-api" on:click=add_api>"Add API option"</button>
            {move || error.with(|e| e.as_ref().filter(|e| e.0 == "api" || e.0 == "hybrid").map(|e| view! { <p class="field-error" role="alert">{e.1.clone()}</p> }))}
        </div>
        <div class="add">
            {plain_select("new-model", "Model", models, model, |_| {})}
            <div class="field">
                <label for="new-gpu">"GPU"</label>
                <select id="new-gpu" aria-label="GPU" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    price.set(price_of(&v, owned.get_untracked()).unwrap_or_default());
                    gpu.set(v);
                }>
                    {move || gpus.get().into_iter().map(|(v, t)| { let c = v.clone(); view! { <option value=v selected=move || gpu.with(|x| *x == c)>{t}</option> } }).collect_view()}
                </select>
            </div>
            {plain_select("new-weights", "Weights", formats, weights, |_| {})}
            {plain_select("new-kv", "KV cache", kv_formats, kv, |_| {})}
            <div class="field">
                <label for="new-ownership">"GPUs are"</label>
                <select id="new-ownership" aria-label="GPUs are" on:change=move |ev| {
                    let is_owned = event_target_value(&ev) == "owned";
                    owned.set(is_owned);
                    // The catalog's figure for this GPU, as a purchase price when owned.
                    price.set(price_of(&gpu.get_untracked(), is_owned).unwrap_or_default());
                }>
                    <option value="rented">"rented"</option>
                    <option value="owned">"owned"</option>
                </select>
            </div>
            {move || text_input("new-hourly", if owned.get() { "Purchase price, USD per GPU".to_string() } else { "Rent, USD per GPU-hour".to_string() }, price, "price",
                "The catalog's figure for this GPU; empty when it has none.")}
            <p class="hint" id="new-price-source">{move || price_source(&gpu.get(), owned.get()).unwrap_or_else(|| "The catalog has no figure for this GPU: give one.".into())}</p>
            {text_input("new-rate", "Engineering, USD per hour".to_string(), rate, "rate", "Loaded cost of an engineer's hour.")}
            {text_input("new-setup", "Setup, hours (spread over 12 months)".to_string(), setup, "setup", "One-time work to stand the service up; the months can be changed in the option's editor.")}
            {text_input("new-ops", "Operations, hours per month".to_string(), ops, "ops", "Monitoring, upgrades, on-call.")}
            {text_input("new-spares", "Spare replicas".to_string(), spares, "spares", "Always running, for failover; 0 or more.")}
            <button id="add-self-hosted" on:click=add_self_hosted>"Add self-hosted option"</button>
            {move || error.with(|e| e.as_ref().filter(|e| e.0 == "self-hosted").map(|e| view! { <p class="field-error" role="alert">{e.1.clone()}</p> }))}
        </div>
        <div class="add">
            <div class="field">
                <label for="hybrid-sh">"Hybrid: self-host the base load on"</label>
                <select id="hybrid-sh" aria-label="Hybrid: self-host the base load on" on:change=move |ev| hybrid_sh.set(event_target_value(&ev))>
                    {move || part_names.get().0.into_iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="hybrid-api">"and send the overflow to"</label>
                <select id="hybrid-api" aria-label="and send the overflow to" on:change=move |ev| hybrid_api.set(event_target_value(&ev))>
                    {move || part_names.get().1.into_iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                </select>
            </div>
            <button id="add-hybrid" on:click=add_hybrid>"Add hybrid option"</button>
        </div>
    }
}

/// Option `name` in `f`, for writing.
fn opt_mut<'a>(f: &'a mut ScenarioFile, name: &str) -> Result<&'a mut OptionSpec, String> {
    f.options
        .iter_mut()
        .find(|o| o.name == name)
        .ok_or_else(|| "the option is gone".to_string())
}

fn sh_mut<'a>(f: &'a mut ScenarioFile, name: &str) -> Result<&'a mut SelfHostedSpec, String> {
    opt_mut(f, name)?
        .self_hosted
        .as_mut()
        .ok_or_else(|| "not a self-hosted option".to_string())
}

fn sh_of<'a>(f: &'a ScenarioFile, name: &str) -> Option<&'a SelfHostedSpec> {
    f.options.iter().find(|o| o.name == name)?.self_hosted.as_ref()
}

fn api_of<'a>(f: &'a ScenarioFile, name: &str) -> Option<&'a ApiSpec> {
    f.options.iter().find(|o| o.name == name)?.api.as_ref()
}

/// A field of a self-hosted option's owned-GPU terms (`owned` in the
/// scenario), with a label, a hint and a placeholder. (Written beside
/// [`sh_field`] rather than through one generic helper: each closure type
/// would instantiate the field's code again, about 900 bytes on the page.)
fn owned_field(
    name: &str,
    key: &str,
    label: &str,
    hint: &str,
    placeholder: &str,
    get: fn(&OwnedSpec) -> String,
    set: fn(&mut OwnedSpec, &str) -> Result<(), String>,
) -> impl IntoView {
    let (n1, n2) = (name.to_string(), name.to_string());
    field(
        Spec::new(format!("opt-{}-{key}", slug(name)), label, hint, placeholder),
        move |f| {
            sh_of(f, &n1)
                .and_then(|s| s.owned.as_ref())
                .map(get)
                .unwrap_or_default()
        },
        move |f, t| set(owned_mut(sh_mut(f, &n2)?)?, t),
    )
}

/// One field of self-hosted option `name`.
fn sh_field(
    name: &str,
    key: &str,
    label: &str,
    hint: &str,
    placeholder: &str,
    get: fn(&SelfHostedSpec) -> String,
    set: fn(&mut SelfHostedSpec, &str) -> Result<(), String>,
) -> impl IntoView {
    let (n1, n2) = (name.to_string(), name.to_string());
    field(
        Spec::new(format!("opt-{}-{key}", slug(name)), label, hint, placeholder),
        move |f| sh_of(f, &n1).map(get).unwrap_or_default(),
        move |f, t| set(sh_mut(f, &n2)?, t),
    )
}

/// One price of API option `name`; the catalog's as placeholder.
fn api_field(
    name: &str,
    key: &str,
    label: &str,
    placeholder: String,
    get: fn(&ApiSpec) -> Option<Decimal>,
    set: fn(&mut ApiSpec, Option<Decimal>),
) -> impl IntoView {
    let (n1, n2) = (name.to_string(), name.to_string());
    field(
        Spec::new(
            format!("opt-{}-{key}", slug(name)),
            label,
            "Empty = the catalog's price, shown in grey; at least 0.",
            placeholder,
        ),
        move |f| show(api_of(f, &n1).and_then(get)),
        move |f, t| {
            let v = opt_dec(t)?;
            let a = opt_mut(f, &n2)?.api.as_mut().ok_or("not an API option")?;
            set(a, v);
            Ok(())
        },
    )
}

fn engineering(s: &mut SelfHostedSpec) -> &mut EngineeringSpec {
    s.engineering.get_or_insert_with(|| EngineeringSpec {
        usd_per_hour: Decimal::from(120),
        ..Default::default()
    })
}

/// The fields of one option.
#[component]
fn OptionEditor(
    /// The option's name.
    name: String,
) -> impl IntoView {
    let ctx = Ctx::get();
    let spec = ctx
        .file
        .with_untracked(|f| f.options.iter().find(|o| o.name == name).cloned());
    let Some(spec) = spec else { return ().into_any() };
    if let Some(h) = &spec.hybrid {
        return view! {
            <div class="editor-panel">
                <p class="hint">{format!("Self-hosts the base load on {} and sends the traffic above its capacity to {}; the number of base replicas is the cheapest at each volume. Edit its two parts to change it.", h.self_hosted, h.api)}</p>
            </div>
        }
        .into_any();
    }
    if let Some(api) = &spec.api {
        let offer = api
            .catalog
            .as_ref()
            .and_then(|id| ctx.catalog.with_untracked(|c| c.catalog.api(id).ok().cloned()));
        let ph = |d: Option<Decimal>| {
            d.map_or_else(
                || "none in the catalog".to_string(),
                |d| format!("{} (catalog)", d.normalize()),
            )
        };
        let (i, o, c, w, b) = match &offer {
            Some(x) => (
                ph(Some(x.input_usd_per_mtok)),
                ph(Some(x.output_usd_per_mtok)),
                ph(x.cached_input_usd_per_mtok),
                ph(x.cache_write_usd_per_mtok),
                ph(x.batch_discount),
            ),
            None => (
                "needed".into(),
                "needed".into(),
                "none".into(),
                "none".into(),
                "none".into(),
            ),
        };
        return view! {
            <div class="editor-panel">
                {api_field(&name, "input", "Input, USD per 1M tokens", i, |a| a.input_usd_per_mtok, |a, v| a.input_usd_per_mtok = v)}
                {api_field(&name, "output", "Output, USD per 1M tokens", o, |a| a.output_usd_per_mtok, |a, v| a.output_usd_per_mtok = v)}
                {api_field(&name, "cached", "Cached input, USD per 1M tokens", c, |a| a.cached_input_usd_per_mtok, |a, v| a.cached_input_usd_per_mtok = v)}
                {api_field(&name, "cache-write", "Cache writes, USD per 1M tokens", w, |a| a.cache_write_usd_per_mtok, |a, v| a.cache_write_usd_per_mtok = v)}
                {api_field(&name, "batch", "Batch discount (0.5 = half price)", b, |a| a.batch_discount, |a, v| a.batch_discount = v)}
            </div>
        }
        .into_any();
    }
    // Read untracked: the option list rebuilds an open editor when the
    // catalog changes (an imported model joins its Model list).
    let (models, gpus, engines) = ctx
        .choices
        .with_untracked(|c| (c.models.clone(), c.gpus.clone(), c.engines.clone()));
    let slugged = slug(&name);
    let id = move |key: &str| format!("opt-{slugged}-{key}");
    let n = name.clone();
    let owned = Memo::new(move |_| ctx.file.with(|f| sh_of(f, &n).is_some_and(|s| s.owned.is_some())));
    let weights: Vec<(String, String)> = llm_tco::spec::formats::WeightFormat::ALL
        .iter()
        .map(|f| (f.name().to_string(), f.name().to_string()))
        .collect();
    let kvs: Vec<(String, String)> = llm_tco::spec::formats::KvFormat::ALL
        .iter()
        .map(|f| (f.name().to_string(), f.name().to_string()))
        .collect();
    let sel_name = name.clone();
    let sel = move |key: &str,
                    label: &str,
                    hint: &'static str,
                    choices: Vec<(String, String)>,
                    get: fn(&SelfHostedSpec) -> String,
                    set: fn(&mut SelfHostedSpec, &str, Ctx) -> Result<(), String>| {
        let name = &sel_name;
        let (n1, n2) = (name.clone(), name.clone());
        select(
            id(key),
            label.to_string(),
            hint,
            choices,
            move |f| sh_of(f, &n1).map(get).unwrap_or_default(),
            move |f, v| set(sh_mut(f, &n2)?, v, ctx),
        )
    };
    // The catalog offer's on-demand price, shown while the field is empty.
    let rent_placeholder = spec
        .self_hosted
        .as_ref()
        .and_then(|s| s.rented.as_ref()?.offer.clone())
        .and_then(|id| {
            ctx.catalog
                .with_untracked(|c| c.catalog.cloud(&id).ok()?.on_demand_usd_per_gpu_hour)
        })
        .map_or_else(
            || "no catalog offer: give a price".to_string(),
            |p| format!("{} (catalog offer, on demand)", p.normalize()),
        );
    let nm = name.clone();
    view! {
        <div class="editor-panel">
            {sel("model", "Model", "", models, |s| s.model.clone(), |s, v, ctx| {
                s.model = v.to_string();
                // A dense model has one layout: tensor parallel.
                if ctx.catalog.with_untracked(|c| c.catalog.model(v).map_or(true, |m| !m.is_moe())) { s.layout = None }
                Ok(())
            })}
            {sel("gpu", "GPU", "", gpus, |s| s.gpu.clone(), |s, v, ctx| {
                let old = std::mem::replace(&mut s.gpu, v.to_string());
                // The catalog's price for the new GPU; a price the reader typed
                // stays, and the old GPU's catalog price is never carried over.
                ctx.catalog.with_untracked(|c| {
                    match (&mut s.rented, &mut s.owned) {
                        (Some(r), _) => { let p = rental_of(&c.catalog, v); r.offer = p.as_ref().map(|p| p.0.clone()); r.usd_per_gpu_hour = if p.is_some() { None } else { r.usd_per_gpu_hour }; }
                        (_, Some(o)) => match purchase_of(&c.catalog, v) {
                            Some(p) => o.purchase_usd_per_gpu = p,
                            None if purchase_of(&c.catalog, &old) == Some(o.purchase_usd_per_gpu) => return Err(no_purchase_price(&c.catalog, v, "type one under Purchase price, USD per GPU, then pick it")),
                            None => {}
                        },
                        _ => {}
                    }
                    engine_for_gpu(s, &c.catalog);
                    Ok(())
                })
            })}
            {sel("weights", "Weights", "How the weights are stored: 16-bit, 8-bit (fp8, int8), 4-bit (nvfp4, mxfp4, awq, gptq) or a GGUF file for llama.cpp.", weights, |s| s.weights.clone(), |s, v, _| { s.weights = v.to_string(); Ok(()) })}
            {sel("kv", "KV cache", "How the attention cache is stored; fp8 fits twice the tokens of fp16.", kvs, |s| s.kv_cache.clone().unwrap_or_else(|| "fp16".into()), |s, v, _| { s.kv_cache = Some(v.to_string()); Ok(()) })}
            {sel("engine", "Serving engine", "The serving engine and version whose calibrated profile sizes the GPUs.", engines, |s| s.engine.clone().unwrap_or_else(|| "vllm".into()), |s, v, ctx| {
                s.engine = Some(v.to_string());
                // A layer split has no other layout.
                if ctx.catalog.with_untracked(|c| c.catalog.engine(v).is_ok_and(|e| e.parallelism == Parallelism::Layer)) { s.layout = None }
                Ok(())
            })}
            {sel("layout", "Parallel layout", "How a mixture of experts is split over a replica's GPUs; a dense model takes tensor parallel only, and llama.cpp splits by layers.", ReplicaLayout::ALL.iter().map(|l| (l.name().to_string(), l.label().to_string())).collect(),
                |s| s.layout.unwrap_or_default().name().to_string(),
                |s, v, _| { s.layout = ReplicaLayout::from_name(v).filter(|l| *l != ReplicaLayout::TensorParallel); Ok(()) })}
            {sel("ownership", "GPUs are", "", vec![("rented".into(), "rented".into()), ("owned".into(), "owned".into())],
                |s| if s.owned.is_some() { "owned".into() } else { "rented".into() },
                |s, v, ctx| ctx.catalog.with_untracked(|c| {
                    if v == "owned" && s.owned.is_none() {
                        // The catalog's purchase price for this GPU; without
                        // one, the option stays rented (0 would be free GPUs).
                        let price = purchase_of(&c.catalog, &s.gpu).ok_or_else(|| no_purchase_price(&c.catalog, &s.gpu, "add it with its purchase price as a new option (Add self-hosted option, GPUs owned)"))?;
                        s.owned = Some(owned_terms(price));
                        s.rented = None;
                    } else if v == "rented" && s.rented.is_none() {
                        let p = rental_of(&c.catalog, &s.gpu);
                        s.rented = Some(RentedSpec { offer: p.map(|p| p.0), ..RentedSpec::default() });
                        s.owned = None;
                    }
                    Ok(())
                }))}
            {move || if owned.get() {
                view! {
                    {owned_field(&nm, "purchase", "Purchase price, USD per GPU", "Per GPU, server excluded; above 0.", "needed",
                        |o| show(Some(o.purchase_usd_per_gpu)),
                        |o, t| { let d = req_dec(t)?; if d <= Decimal::ZERO { return Err("a purchase price above 0".into()) } o.purchase_usd_per_gpu = d; Ok(()) })}
                    {owned_field(&nm, "server", "Server, network and storage, USD per GPU", "Bought with each GPU; empty = 0.", "0",
                        |o| show(o.server_usd_per_gpu),
                        |o, t| { o.server_usd_per_gpu = opt_non_negative(t)?; Ok(()) })}
                    {owned_field(&nm, "life", "Useful life, years", "Amortized over it; above 0, at most 30.", "needed",
                        |o| show(Some(o.life_years)),
                        |o, t| { let d = req_dec(t)?; if d <= Decimal::ZERO || d > Decimal::from(30) { return Err(format!("{d} is not a life above 0 and at most 30 years")) } o.life_years = d; Ok(()) })}
                    {owned_field(&nm, "residual", "Resale value at end of life, share of the price", "0 to 1; empty = 0.", "0",
                        |o| show(o.residual_share),
                        |o, t| { o.residual_share = opt_share(t)?; Ok(()) })}
                    {owned_field(&nm, "capital", "Cost of capital per year, share", "0.08 = 8% a year, 0 to 1; empty = 0.", "0",
                        |o| show(o.cost_of_capital_per_year),
                        |o, t| { o.cost_of_capital_per_year = opt_share(t)?; Ok(()) })}
                    {owned_field(&nm, "utilization", "Average power draw, share of board power", "0 to 1; empty = 1.", "1",
                        |o| show(o.utilization_factor),
                        |o, t| { o.utilization_factor = opt_share(t)?; Ok(()) })}
                    {owned_field(&nm, "pue", "Power usage effectiveness (PUE)", "At least 1; empty = 1.", "1",
                        |o| show(o.pue),
                        |o, t| { let d = opt_dec(t)?; if d.is_some_and(|d| d < Decimal::ONE || d > Decimal::from(5)) { return Err("a PUE from 1 to 5".into()) } o.pue = d; Ok(()) })}
                    {owned_field(&nm, "kwh", "Electricity, USD per kWh", "At least 0.", "0.12",
                        |o| show(Some(o.usd_per_kwh)),
                        |o, t| { o.usd_per_kwh = opt_non_negative(t)?.ok_or("needed: give a price per kWh")?; Ok(()) })}
                    {owned_field(&nm, "colocation", "Colocation, USD per kW per month", "Of board power; empty = 0.", "0",
                        |o| show(o.colocation_usd_per_kw_month),
                        |o, t| { o.colocation_usd_per_kw_month = opt_non_negative(t)?; Ok(()) })}
                    {owned_field(&nm, "maintenance", "Maintenance per year, share of the price", "Of GPU and server price, 0 to 1; empty = 0.", "0",
                        |o| show(o.maintenance_share_per_year),
                        |o, t| { o.maintenance_share_per_year = opt_share(t)?; Ok(()) })}
                }.into_any()
            } else {
                view! {
                    {sh_field(&nm, "usd-per-gpu-hour", "Rent, USD per GPU-hour", "Empty = the catalog offer's price; at least 0.", &rent_placeholder,
                        |s| s.rented.as_ref().map(|r| show(r.usd_per_gpu_hour)).unwrap_or_default(),
                        |s, t| { s.rented.as_mut().ok_or("not rented")?.usd_per_gpu_hour = opt_dec(t)?; Ok(()) })}
                    {sel("pricing", "Pricing", "", vec![("on_demand".into(), "on demand".into()), ("reserved".into(), "reserved".into()), ("spot".into(), "spot".into())],
                        |s| s.rented.as_ref().and_then(|r| r.pricing).unwrap_or(Pricing::OnDemand).name().to_string(),
                        |s, v, _| { if let Some(r) = s.rented.as_mut() { r.pricing = Some(match v { "reserved" => Pricing::Reserved, "spot" => Pricing::Spot, _ => Pricing::OnDemand }) } Ok(()) })}
                }.into_any()
            }}
            {sh_field(&name, "n-gpus", "GPUs, a fixed count", "Serving GPUs, spares excluded; empty = as many as the volume needs.", "follows the volume",
                |s| s.n_gpus.map(|n| n.to_string()).unwrap_or_default(), |s, t| { s.n_gpus = opt_u32(t)?; Ok(()) })}
            {sh_field(&name, "gpus-per-replica", "GPUs per replica", "Empty = the smallest that fits and meets the latency target.", "sized",
                |s| s.gpus_per_replica.map(|n| n.to_string()).unwrap_or_default(), |s, t| { s.gpus_per_replica = opt_u32(t)?; Ok(()) })}
            {sh_field(&name, "capacity", "Capacity, tokens/s per replica", "Input + output tokens/s one replica carries, if you measured it; empty = the sizing model's.", "sized",
                |s| show(s.capacity_tokens_per_s),
                |s, t| { let d = opt_dec(t)?; if d.is_some_and(|d| d <= Decimal::ZERO) { return Err("a capacity above 0 tokens/s".into()) } s.capacity_tokens_per_s = d; Ok(()) })}
            {sh_field(&name, "engineering-rate", "Engineering, USD per hour", "Loaded cost of an engineer's hour; at least 0.", "no engineering",
                |s| s.engineering.as_ref().map(|e| show(Some(e.usd_per_hour))).unwrap_or_default(),
                |s, t| { match opt_dec(t)? { Some(d) => engineering(s).usd_per_hour = d, None => s.engineering = None } Ok(()) })}
            {sh_field(&name, "setup-hours", "Setup, hours", "One-time, spread over the months below; empty = 0.", "0",
                |s| s.engineering.as_ref().map(|e| show(e.setup_hours)).unwrap_or_default(),
                |s, t| { engineering(s).setup_hours = opt_dec(t)?; Ok(()) })}
            {sh_field(&name, "setup-months", "Setup spread over, months", "The setup's cost is amortized over them, 1 to 120; empty = 12.", "12",
                |s| s.engineering.as_ref().and_then(|e| e.setup_amortization_months).map(|n| n.to_string()).unwrap_or_default(),
                |s, t| { let n = opt_u32(t)?; if n.is_some_and(|n| n == 0 || n > 120) { return Err("from 1 to 120 months".into()) } engineering(s).setup_amortization_months = n; Ok(()) })}
            {sh_field(&name, "ops-hours", "Operations, hours per month", "Empty = 0.", "0",
                |s| s.engineering.as_ref().map(|e| show(e.ops_hours_per_month)).unwrap_or_default(),
                |s, t| { engineering(s).ops_hours_per_month = opt_dec(t)?; Ok(()) })}
            {sh_field(&name, "spares", "Spare replicas", "Always running; 0 to 64; empty = 0.", "0",
                |s| s.redundancy.as_ref().map(|r| r.spare_replicas.to_string()).unwrap_or_default(),
                |s, t| { let n = opt_u32(t)?.unwrap_or(0); if n > 64 { return Err("at most 64 spare replicas".into()) } s.redundancy.get_or_insert_with(Default::default).spare_replicas = n; Ok(()) })}
        </div>
    }
    .into_any()
}

/// Rules that exclude options, whatever they cost.
#[component]
fn Constraints() -> impl IntoView {
    let ctx = Ctx::get();
    let set = move |edit: fn(&mut llm_tco::spec::scenario::ConstraintsSpec, bool), on: bool| {
        ctx.file.update(|f| {
            let mut c = f.constraints.unwrap_or_default();
            edit(&mut c, on);
            f.constraints = (c.on_premises || c.offline).then_some(c);
        })
    };
    view! {
        <fieldset>
            <legend>"Constraints"</legend>
            <label class="toggle" for="on-premises"><input id="on-premises" type="checkbox"
                prop:checked=move || ctx.file.with(|f| f.constraints.is_some_and(|c| c.on_premises))
                on:change=move |ev| set(|c, on| c.on_premises = on, event_target_checked(&ev)) />
                "Data must stay on our premises"</label>
            <label class="toggle" for="offline"><input id="offline" type="checkbox"
                prop:checked=move || ctx.file.with(|f| f.constraints.is_some_and(|c| c.offline))
                on:change=move |ev| set(|c, on| c.offline = on, event_target_checked(&ev)) />
                "Must run offline"</label>
            <p class="hint">"Ruled-out options stay in the table and the chart, marked, so the price of the rule shows."</p>
        </fieldset>
    }
}

/// The currency of every amount on the page: USD, or another at a rate.
#[component]
fn Currency() -> impl IntoView {
    let ctx = Ctx::get();
    let view = ctx.view;
    // Like the scenario's fields: a text that is not accepted stays in its
    // box, marked, and the results say they are for the last valid pair.
    let typed = move |id: &'static str| ctx.invalid.with(|v| v.iter().find(|i| i.id == id).cloned());
    let mark = move |id: &'static str, label: &str, text: String, result: Result<(), String>| {
        ctx.invalid.update(|v| {
            v.retain(|i| i.id != id);
            if let Err(message) = result {
                v.push(crate::Invalid {
                    id: id.to_string(),
                    label: label.to_string(),
                    text,
                    message,
                });
            }
        });
    };
    let error = move |id: &'static str| {
        move || {
            typed(id).map(|i| view! { <p class="field-error" id=format!("{id}-error") role="alert">{i.message}</p> })
        }
    };
    let described = move |id: &'static str| {
        move || {
            if typed(id).is_some() {
                format!("{id}-error currency-rate-hint")
            } else {
                "currency-rate-hint".to_string()
            }
        }
    };
    view! {
        <fieldset>
            <legend>"Currency"</legend>
            <div class="field">
                <label for="currency-code">"Code"</label>
                <input id="currency-code" type="text" placeholder="USD (default)"
                    prop:value=move || typed("currency-code").map_or_else(|| view.currency.get(), |i| i.text)
                    aria-invalid=move || typed("currency-code").map(|_| "true")
                    aria-describedby=described("currency-code")
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        let code = text.trim();
                        let upper = code.to_ascii_uppercase();
                        let result = if code.is_empty() || (code.len() == 3 && code.chars().all(|c| c.is_ascii_alphabetic())) {
                            if upper.is_empty() || upper == "USD" {
                                // USD needs no rate; one that was asked for is not.
                                view.currency.set(upper);
                                mark("currency-rate", "Units per USD", String::new(), Ok(()));
                                Ok(())
                            } else if upper == view.currency().code {
                                Ok(())
                            } else {
                                // Another currency at the last one's rate would
                                // mislabel every amount: it waits, marked, for
                                // its own rate, typed after it.
                                mark("currency-rate", "Units per USD", String::new(), Err(format!("needed: the units of {upper} one USD buys")));
                                Err(format!("{upper} needs its rate: give the units of {upper} one USD buys under Units per USD"))
                            }
                        } else {
                            Err(format!("{code:?} is not a currency code: give three letters (ISO 4217, such as EUR or INR), or nothing for USD"))
                        };
                        mark("currency-code", "Currency code", text, result);
                    } />
                {error("currency-code")}
            </div>
            <div class="field">
                <label for="currency-rate">"Units per USD"</label>
                <input id="currency-rate" type="text" inputmode="decimal"
                    prop:value=move || typed("currency-rate").map_or_else(|| view.rate.get().normalize().to_string(), |i| i.text)
                    aria-invalid=move || typed("currency-rate").map(|_| "true")
                    aria-describedby=described("currency-rate")
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        let result = match dec(&text).filter(|d| *d > Decimal::ZERO) {
                            Some(d) => {
                                view.rate.set(d);
                                // The code that waited for this rate.
                                if let Some(waiting) = typed("currency-code").filter(|i| i.message.contains("needs its rate")) {
                                    view.currency.set(waiting.text.trim().to_ascii_uppercase());
                                    mark("currency-code", "Currency code", waiting.text, Ok(()));
                                }
                                Ok(())
                            }
                            None => Err(format!("{:?} is not a rate: give the units of the currency one USD buys, above 0", text.trim())),
                        };
                        mark("currency-rate", "Units per USD", text, result);
                    } />
                {error("currency-rate")}
                <p class="hint" id="currency-rate-hint">
                    {move || {
                        let c = view.currency();
                        if c.code == "USD" {
                            "Amounts are in USD.".to_string()
                        } else {
                            format!("In use: 1 USD = {} {}.", c.per_usd.normalize(), c.code)
                        }
                    }}
                    " Every amount, the chart and the readout convert; the link keeps the currency; exported reports stay in USD."
                </p>
            </div>
        </fieldset>
    }
}

/// The link, the downloads and the import of a scenario.
#[component]
fn Share() -> impl IntoView {
    let ctx = Ctx::get();
    // What the last import did, said under its control.
    let imported = RwSignal::new(None::<Result<String, String>>);
    let copied = RwSignal::new(None::<String>);
    let report = ctx.report;
    view! {
        <fieldset>
            <legend>"Share and export"</legend>
            <button id="copy-link" on:click=move |_| {
                let currency = (ctx.view.code(), ctx.view.rate.get_untracked());
                ctx.file.with_untracked(|f| state::save(f, &currency));
                copied.set(Some(state::copy_link()));
            }>"Copy link"</button>
            <span id="copy-status" role="status">{move || copied.get()}</span>
            <div>
                <button id="export-scenario" on:click=move |_| state::download("scenario.json", "application/json", &ctx.file.with_untracked(|f| f.to_json()))>"Scenario (JSON)"</button>
                <button id="export-report" on:click=move |_| crate::analysis::export_report(ctx, false)>"Report (JSON)"</button>
                <button id="export-csv" on:click=move |_| crate::analysis::export_report(ctx, true)>"Curves (CSV)"</button>
                <button id="export-svg" on:click=move |_| if let Ok(r) = report.get_untracked() {
                    if let Ok(svg) = render_svg(&ChartData::from_report(&r), 1000, 620) { state::download("chart.svg", "image/svg+xml", &svg) }
                }>"Chart (SVG)"</button>
                <button id="export-png" on:click=move |_| if let Ok(r) = report.get_untracked() {
                    if let Ok(svg) = render_svg(&ChartData::from_report(&r), 1000, 620) { state::download_png(&svg, 1000, 620, "chart.png") }
                }>"Chart (PNG)"</button>
            </div>
            <div class="field">
                <label for="import-file">"Import a scenario (JSON or TOML)"</label>
                <input id="import-file" type="file" accept=".json,.toml,application/json"
                    aria-describedby="import-status"
                    on:change=move |ev| state::import(&ev, ctx.catalog.with_untracked(|c| c.catalog.clone()), move |result| match result {
                        Ok(f) => {
                            imported.set(Some(Ok(format!("Imported “{}”.", f.name))));
                            ctx.load(f);
                            ctx.notice.set(None);
                        }
                        // Said at the control, where the reader is.
                        Err(e) => imported.set(Some(Err(format!("The file could not be imported: {e}")))),
                    }) />
                // One live region whose text changes, so a screen reader
                // announces each result.
                <p id="import-status" role="status"
                    class=move || if imported.with(|r| matches!(r, Some(Err(_)))) { "field-error" } else { "hint" }>
                    {move || match imported.get() {
                        Some(Ok(m) | Err(m)) => m,
                        None => "The scenario in the file replaces the one on the page; the link and the browser keep it.".to_string(),
                    }}
                </p>
            </div>
        </fieldset>
    }
}
