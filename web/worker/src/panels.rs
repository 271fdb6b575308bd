//! The decision panels, computed in the worker: payback, sensitivity (with
//! its tornado chart), Monte Carlo and a usage log. Each answer holds the
//! panel's body as HTML — every text escaped by the library's `Html` (the
//! chart's by plotters) — and the library's report as JSON, byte for byte
//! what the CLI and the npm package print. Amounts are in the reader's
//! currency; the JSON stays in USD.

use llm_tco::analysis::pair::Pair;
use llm_tco::analysis::report::Verdict;
use llm_tco::codec::values::Usd;
use llm_tco::render::html::Html;
use llm_tco::render::text::{human_tokens, percent_dp, Currency};
use llm_tco::{Catalog, CatalogFile, Date, Decimal, Format, Scenario, ScenarioFile};
use serde_json::Value;
use std::rc::Rc;
use std::str::FromStr;

/// What every panel request carries: the scenario, the catalog overlay in
/// use, the currency.
pub struct Request {
    /// The scenario, validated against the catalog in use.
    pub scenario: Scenario,
    /// The parameters of the request.
    pub params: Value,
    currency: Currency,
}

thread_local! {
    /// The built-in catalog, and the last overlay with the catalog it made:
    /// the built-in one is read from its embedded JSON, which every request
    /// paid for before, and a reader changes the overlay rarely.
    static CATALOGS: std::cell::RefCell<Catalogs> = const { std::cell::RefCell::new(Catalogs { builtin: None, last: None }) };
}

/// The worker's catalogs, kept between requests.
struct Catalogs {
    builtin: Option<Rc<Catalog>>,
    /// The last overlay's text and the catalog it made.
    last: Option<(String, Rc<Catalog>)>,
}

/// The catalog in use: the built-in one with `overlay` (catalog JSON) on
/// top, when one is given.
fn catalog(overlay: Option<&str>) -> Result<Rc<Catalog>, String> {
    CATALOGS.with(|cell| {
        let mut cache = cell.borrow_mut();
        let builtin = Rc::clone(cache.builtin.get_or_insert_with(|| Rc::new(Catalog::builtin())));
        let Some(text) = overlay else { return Ok(builtin) };
        if let Some((key, catalog)) = &cache.last {
            if key == text {
                return Ok(Rc::clone(catalog));
            }
        }
        let file = CatalogFile::parse(text, Format::Json).map_err(|e| e.to_string())?;
        let catalog = Rc::new(builtin.with_overlay(&file).map_err(|e| e.to_string())?);
        cache.last = Some((text.to_string(), Rc::clone(&catalog)));
        Ok(catalog)
    })
}

impl Request {
    /// Reads a request: `{"scenario": "<json>", "catalog": "<json>" | null,
    /// "today": "YYYY-MM-DD", "currency": "INR", "rate": "93", ...}`.
    pub fn parse(text: &str) -> Result<Request, String> {
        let params: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let file = ScenarioFile::parse(params["scenario"].as_str().unwrap_or_default(), Format::Json)
            .map_err(|e| e.to_string())?;
        let catalog = catalog(params["catalog"].as_str())?;
        // The page's day, so that a scenario without an `as_of` is priced as
        // the page prices it.
        let today = params["today"].as_str().and_then(Date::parse_day);
        let scenario = Scenario::from_file_on(&file, &catalog, today).map_err(|e| e.message().to_string())?;
        let currency = Currency::new(
            params["currency"].as_str().unwrap_or("USD"),
            Decimal::from_str(params["rate"].as_str().unwrap_or("1")).unwrap_or(Decimal::ONE),
        );
        Ok(Request {
            scenario,
            params,
            currency,
        })
    }

    /// An amount of USD in the reader's currency.
    fn money(&self, usd: Decimal) -> String {
        self.currency.amount(usd, 2)
    }

    fn usd(&self, u: Option<Usd>) -> String {
        u.map_or_else(|| "cannot serve".to_string(), |u| self.money(u.value()))
    }

    /// A whole amount without its code, for a column headed with it.
    fn whole(&self, u: Option<Usd>) -> String {
        u.map_or_else(|| "cannot serve".to_string(), |u| self.currency.bare(u.value(), 0))
    }

    /// A text parameter.
    fn text(&self, key: &str) -> Option<&str> {
        self.params[key].as_str().filter(|s| !s.is_empty())
    }

    /// The pair the request compares (empty names: the first of each kind).
    fn pair(&self) -> Result<Pair, String> {
        Pair::choose(&self.scenario, self.text("self_hosted"), self.text("api")).map_err(|e| e.to_string())
    }
}

/// Payback: cumulative cost per option and the payback month of each pair.
pub fn payback(r: &Request) -> Result<Value, String> {
    let p = llm_tco::analysis::payback::payback(&r.scenario).map_err(|e| e.to_string())?;
    let n = p.horizon_months;
    let mut shown: Vec<u32> = vec![1];
    let step = if n > 24 { 12 } else { 3 };
    shown.extend((1..=n).filter(|m| m % step == 0 && *m > 1));
    if !shown.contains(&n) {
        shown.push(n);
    }
    let mut h = Html::new();
    h.tag("<p>").fmt(format_args!(
        "{} months at {} growth a month: {} → {} tokens/day.",
        n,
        percent_dp(p.monthly_growth.value(), 2),
        human_tokens(p.tokens_per_day.first().map_or(0.0, |v| v.to_f64())),
        human_tokens(p.tokens_per_day.last().map_or(0.0, |v| v.to_f64()))
    ));
    // Whole amounts, the currency in the heading: every column fits a
    // desktop width.
    h.tag("</p><div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Cumulative cost, table\"><table id=\"payback-table\"><thead><tr><th scope=\"col\">")
        .fmt(format_args!("Cumulative cost, {}", r.currency.code))
        .tag("</th><th scope=\"col\">One-time</th>");
    for m in &shown {
        h.tag("<th scope=\"col\">").fmt(format_args!("Month {m}")).tag("</th>");
    }
    h.tag("</tr></thead><tbody>");
    for o in &p.options {
        h.tag("<tr><th scope=\"row\">")
            .text(&o.name)
            .tag("</th><td class=\"usd\">")
            .text(&r.whole(Some(o.one_time_usd)))
            .tag("</td>");
        for m in &shown {
            let cumulative = o.months.get(*m as usize - 1).and_then(|x| x.cumulative_usd);
            h.tag("<td class=\"usd\">").text(&r.whole(cumulative)).tag("</td>");
        }
        h.tag("</tr>");
    }
    h.tag("</tbody></table></div><ul id=\"payback-months\">");
    for pair in &p.payback {
        h.tag("<li><span class=\"sh\">")
            .text(&pair.self_hosted)
            .tag("</span> vs <span class=\"api\">")
            .text(&pair.api)
            .tag("</span>: ")
            .text(&llm_tco::render::verdict::payback_phrase(
                pair.payback_month,
                n,
                pair.saving_at_horizon_usd.map(|s| s.value()),
                &r.currency,
            ))
            .tag("</li>");
    }
    h.tag("</ul><ul class=\"assumptions\">");
    for a in &p.assumptions {
        h.tag("<li>").text(a).tag("</li>");
    }
    h.tag("</ul>");
    Ok(serde_json::json!({ "html": h.finish(), "json": llm_tco::to_json(&p) }))
}

/// Sensitivity: each input moved down and up; a tornado chart and a table.
pub fn sensitivity(r: &Request) -> Result<Value, String> {
    let pair = r.pair()?;
    let delta = r
        .text("delta")
        .and_then(|d| Decimal::from_str(d.trim()).ok())
        .filter(|d| *d > Decimal::ZERO && *d < Decimal::ONE_HUNDRED)
        .ok_or("the change must be a percentage above 0 and below 100")?;
    let s = llm_tco::analysis::sensitivity::sensitivity(&r.scenario, pair, delta / Decimal::ONE_HUNDRED)
        .map_err(|e| e.to_string())?;
    // plotters escapes every text it draws (option names included).
    let svg = llm_tco::render::chart::render_tornado_svg_in(&s, 900, 520, &r.currency).unwrap_or_default();
    let cell = |o: &llm_tco::analysis::sensitivity::OutcomeReport| {
        let be = match (o.verdict, o.break_even_tokens_per_day) {
            (Verdict::Above, Some(v)) => human_tokens(v.to_f64()),
            (Verdict::Always, _) => "always".into(),
            _ => "never".into(),
        };
        (r.usd(o.saving_usd), be)
    };
    let mut h = Html::new();
    h.tag("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Sensitivity, table\"><table id=\"sensitivity-table\"><thead><tr><th scope=\"col\">Input</th><th scope=\"col\">Saving, input down</th><th scope=\"col\">Saving, input up</th><th scope=\"col\">Break-even down / up</th></tr></thead><tbody>");
    for row in &s.rows {
        let (ls, lb) = cell(&row.low);
        let (hs, hb) = cell(&row.high);
        h.tag("<tr><th scope=\"row\">")
            .text(&row.label)
            .tag("</th><td class=\"usd\">")
            .text(&ls)
            .tag("</td><td class=\"usd\">")
            .text(&hs)
            .tag("</td><td>")
            .text(&format!("{lb} / {hb}"))
            .tag("</td></tr>");
    }
    h.tag("</tbody></table></div>");
    let html = format!(
        "<figure class=\"chart\"><div id=\"tornado\">{svg}</div></figure>{}",
        h.finish()
    );
    Ok(serde_json::json!({ "html": html, "json": llm_tco::to_json(&s) }))
}

/// Monte Carlo: a seeded run over the scenario's ranges, `progress` told
/// after every batch.
pub fn monte_carlo(r: &Request, progress: &dyn Fn(u32, u32)) -> Result<Value, String> {
    let pair = r.pair()?;
    let seed: u64 = r
        .text("seed")
        .unwrap_or_default()
        .trim()
        .parse()
        .map_err(|_| "the seed must be a whole number from 0 to 18446744073709551615".to_string())?;
    let n: u32 = r
        .text("samples")
        .unwrap_or_default()
        .trim()
        .parse()
        .map_err(|_| "the samples must be a whole number".to_string())?;
    let mut run =
        llm_tco::analysis::montecarlo::MonteCarloRun::new(&r.scenario, pair, n, seed).map_err(|e| e.to_string())?;
    while !run.is_done() {
        let done = run.step(2000).map_err(|e| e.to_string())?;
        progress(done, run.total());
    }
    let m = run.finish();
    let b = |v: &Option<llm_tco::codec::values::Plain>| {
        v.map(|s| human_tokens(s.to_f64())).unwrap_or_else(|| "never".into())
    };
    let mut h = Html::new();
    h.tag("<table id=\"mc-table\"><thead><tr><th scope=\"col\"></th><th scope=\"col\">P10</th><th scope=\"col\">P50</th><th scope=\"col\">P90</th></tr></thead><tbody><tr><th scope=\"row\">Saving per month</th>");
    for v in [&m.saving_usd.p10, &m.saving_usd.p50, &m.saving_usd.p90] {
        h.tag("<td class=\"usd\">").text(&r.usd(*v)).tag("</td>");
    }
    h.tag("</tr><tr><th scope=\"row\">Break-even, tokens/day</th>");
    for v in [
        &m.break_even_tokens_per_day.p10,
        &m.break_even_tokens_per_day.p50,
        &m.break_even_tokens_per_day.p90,
    ] {
        h.tag("<td>").text(&b(v)).tag("</td>");
    }
    h.tag("</tr></tbody></table><p id=\"mc-probability\">").text(&format!(
        "Self-hosting is cheaper at your volume in {} of {} samples (seed {}).",
        percent_dp(m.probability_self_hosted_cheaper.value(), 2),
        llm_tco::render::text::count(u64::from(m.samples)),
        m.seed
    ));
    h.tag("</p>");
    // Every sample the same: say why, so a spread of zero does not read as
    // a failed run.
    if m.saving_usd.p10.is_some() && m.saving_usd.p10 == m.saving_usd.p90 {
        h.tag("<p id=\"mc-flat\">").text(
            "Every sample gives the same saving: the inputs drawn do not change this pair's costs at your volume (a self-hosted option that needs the same GPUs at every capacity drawn, for one).",
        );
        h.tag("</p>");
    }
    // A capacity drawn within its calibration band: the range the sizing
    // model's own error gives, which the reader did not type.
    for i in m.inputs.iter().filter(|i| i.band.is_some()) {
        let label = llm_tco::analysis::param::Param::parse(&i.input, &r.scenario)
            .map_or_else(|_| i.input.clone(), |p| p.label(&r.scenario));
        h.tag("<p class=\"mc-band\">").text(&format!(
            "{label}: drawn from {} to {} tokens/s, most likely {} (the sizing model's calibration error).",
            human_tokens(i.low.to_f64()),
            human_tokens(i.high.to_f64()),
            human_tokens(i.likely.to_f64())
        ));
        h.tag("</p>");
    }
    Ok(serde_json::json!({ "html": h.finish(), "json": llm_tco::to_json(&m) }))
}

/// A usage log, read from `file` in 1 MiB pieces (`progress` told the share
/// read and the lines after each), repriced on every option.
pub fn usage(r: &Request, file: &web_sys::File, progress: &dyn Fn(f64, u64)) -> Result<Value, String> {
    use llm_tco::analysis::usage::{ImportOptions, LogFormat, OnError, UsageImport};
    let on_error = if r.params["fail"].as_bool() == Some(true) {
        OnError::Fail
    } else {
        OnError::Skip
    };
    let mut import = UsageImport::new(ImportOptions {
        max_rows: None,
        format: LogFormat::Auto,
        on_error,
        tier_thresholds: llm_tco::analysis::usage::tier_thresholds(&r.scenario),
    });
    let reader =
        web_sys::FileReaderSync::new().map_err(|_| "this browser cannot read files in a worker".to_string())?;
    let decoder = web_sys::TextDecoder::new().map_err(|_| "this browser cannot decode text".to_string())?;
    let stream = web_sys::TextDecodeOptions::new();
    stream.set_stream(true);
    const PIECE: f64 = 1024.0 * 1024.0;
    let size = file.size();
    let mut start = 0.0;
    while start < size {
        let end = (start + PIECE).min(size);
        let piece = file
            .slice_with_f64_and_f64(start, end)
            .map_err(|_| "the file cannot be sliced".to_string())?;
        let buffer = reader
            .read_as_array_buffer(&piece)
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
    let u = llm_tco::analysis::usage::reprice(&summary, &r.scenario).map_err(|e| e.to_string())?;
    let l = &u.log;
    let w = &u.workload;
    let mut h = Html::new();
    h.tag("<p id=\"usage-summary\">").text(&format!(
        "{} rows ({} format) from {} to {}, {} hours; {} malformed rows skipped. Workload: {} tokens/day, {} in + {} out tokens per request, cached share {}, peak/average {}.",
        l.rows,
        l.format.name(),
        l.first_hour,
        l.last_hour,
        l.span_hours,
        l.skipped_rows,
        human_tokens(w.tokens_per_day.map_or(0.0, |d| llm_tco::codec::values::Plain::exact(d).to_f64())),
        w.input_tokens_per_request.normalize(),
        w.output_tokens_per_request.normalize(),
        w.cached_input_share.unwrap_or_default().normalize(),
        w.peak_to_average.unwrap_or_default().normalize()
    ));
    h.tag("</p><ul class=\"row-errors\">");
    for e in &l.errors {
        h.tag("<li>")
            .text(&format!("line {}: {}", e.line, e.message))
            .tag("</li>");
    }
    h.tag("</ul><ul class=\"warnings\">");
    for x in &l.warnings {
        h.tag("<li>").text(x).tag("</li>");
    }
    h.tag("</ul><div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"The log repriced, table\"><table id=\"usage-table\"><thead><tr><th scope=\"col\">The log on</th><th scope=\"col\">For the log's span</th><th scope=\"col\">Per month</th><th scope=\"col\">Per 1M tokens</th></tr></thead><tbody>");
    for o in &u.options {
        h.tag("<tr><th scope=\"row\">")
            .text(&o.name)
            .tag("</th><td class=\"usd\">")
            .text(&r.usd(o.period_usd))
            .tag("</td><td class=\"usd\">")
            .text(&o.monthly_usd.map(|m| r.money(m.value())).unwrap_or_default())
            .tag("</td><td>")
            .text(
                &o.usd_per_mtok
                    .map(|m| r.currency.amount(m.value(), 4))
                    .unwrap_or_default(),
            )
            .tag("</td></tr>");
    }
    h.tag("</tbody></table></div>");
    // The scenario with the log's workload, for "use this workload".
    let mut file: ScenarioFile = ScenarioFile::parse(r.params["scenario"].as_str().unwrap_or_default(), Format::Json)
        .map_err(|e| e.to_string())?;
    file.workload = u.workload.clone();
    Ok(
        serde_json::json!({ "html": h.finish(), "json": llm_tco::to_json(&u), "scenario": llm_tco::to_compact_json(&file) }),
    )
}

/// The report of the scenario as JSON (the CLI's `--format json`), and its
/// curves as CSV: the page's exports.
pub fn report(r: &Request) -> Result<Value, String> {
    let report = llm_tco::evaluate(&r.scenario).map_err(|e| e.to_string())?;
    Ok(serde_json::json!({ "html": "", "json": report.to_json(), "csv": report.curves_csv() }))
}

/// The six-question guide on the answers in the request, its lean checked
/// against the scenario's computed costs; the JSON holds what "apply" sets.
pub fn guide(r: &Request) -> Result<Value, String> {
    let p = &r.params;
    let answers = llm_tco::analysis::guide::GuideAnswers {
        privacy: p["privacy"].as_bool() == Some(true),
        frontier_reasoning: p["frontier_reasoning"].as_bool() == Some(true),
        infra_team: p["infra_team"].as_bool() == Some(true),
        tokens_per_day: r
            .text("tokens_per_day")
            .and_then(|t| {
                Decimal::from_str(t.trim())
                    .ok()
                    .or_else(|| Decimal::from_scientific(t.trim()).ok())
            })
            .ok_or("Give the tokens per day as a number.")?,
        narrow_task: p["narrow_task"].as_bool() == Some(true),
        offline: p["offline"].as_bool() == Some(true),
    };
    let g = llm_tco::analysis::guide::guide(&answers).map_err(|e| e.to_string())?;
    let report = llm_tco::evaluate(&r.scenario).map_err(|e| e.to_string())?;
    let v = llm_tco::analysis::verdict::VerdictReport::of(&report);
    let check = llm_tco::render::verdict::guide_check(&g, &v, &r.currency);
    let mut h = Html::new();
    h.tag("<p class=\"verdict\"><strong>")
        .text(&g.summary)
        .tag("</strong></p>");
    if let Some(c) = &check {
        h.tag("<p class=\"cost-check\" id=\"guide-cost-check\">")
            .text(c)
            .tag("</p>");
    }
    h.tag("<ul>");
    for x in &g.reasons {
        h.tag("<li>").text(x).tag("</li>");
    }
    h.tag("</ul>");
    let apply = serde_json::json!({
        "on_premises": g.constraints.on_premises,
        "offline": g.constraints.offline,
        "tokens_per_day": g.tokens_per_day,
    });
    Ok(serde_json::json!({ "html": h.finish(), "json": apply.to_string() }))
}
