//! Plain-text tables and CSV, sized to read well at 100 columns.

use llm_tco::analysis::report::{csv_field, CapacitySource, OptionType, Report, Verdict};
use llm_tco::base::float::fixed;
use llm_tco::codec::values::{Plain, Usd};
use llm_tco::render::text::{self, human_tokens};
use llm_tco::spec::catalog::{ApiOffer, CloudPrice, Gpu, Model, PurchasePrice, ReservedTerm, TcoBasis};
use std::fmt::Write as _;

/// Money with thousands separators and cents ("1,234,567.80").
fn money(usd: Usd) -> String {
    text::money(usd.value(), 2)
}

fn volume(v: Plain) -> String {
    human_tokens(v.to_f64())
}

/// A share as a percentage, exactly ("0.014" → "1.4%").
fn percent(share: llm_tco::Decimal) -> String {
    text::percent(share)
}

fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// The comparison as a table.
pub fn report(r: &Report) -> String {
    let mut out = String::new();
    let w = &r.workload;
    let _ = writeln!(out, "{}", r.scenario);
    let _ = writeln!(
        out,
        "Workload: {} tokens/day ({} tokens/month), {} requests/day of {} in + {} out tokens",
        volume(w.tokens_per_day),
        volume(w.tokens_per_month),
        volume(w.requests_per_day),
        w.input_tokens_per_request,
        w.output_tokens_per_request
    );
    let _ = writeln!(
        out,
        "          cached input {}, batch {}, peak/average {}, growth {}/month",
        percent(w.cached_input_share.value()),
        percent(w.batch_share.value()),
        w.peak_to_average,
        percent(w.monthly_growth.value()),
    );
    if let Some(d) = &r.as_of {
        let _ = writeln!(out, "Prices judged as of {d}");
    }
    let _ = writeln!(out);
    let verdict = llm_tco::analysis::verdict::VerdictReport::of(r);
    let sentences = llm_tco::render::verdict::sentences(&verdict, &text::Currency::usd());
    out.push_str(&wrap(&sentences.join(" "), "", ""));
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<36} {:<11} {:>14} {:>12} {:>6} {:>8}",
        "Option", "Kind", "USD/month", "USD/1M tok", "GPUs", "Busy"
    );
    let _ = writeln!(out, "{}", "-".repeat(92));
    for o in &r.options {
        let (gpus, busy) = match &o.self_hosted {
            Some(s) => (
                s.n_gpus.to_string(),
                s.average_utilization
                    .map(|u| percent(u.value()))
                    .unwrap_or_else(|| "?".into()),
            ),
            None => (String::new(), String::new()),
        };
        let kind = match (&o.api, o.kind) {
            (Some(a), _) if a.hosting == Some(llm_tco::spec::catalog::Hosting::OpenWeight) => "api (open)",
            (Some(_), _) => "api",
            (None, OptionType::Hybrid) => "hybrid",
            (None, _) => "self-hosted",
        };
        let kind = if o.ruled_out.is_some() { "ruled out" } else { kind };
        let _ = writeln!(
            out,
            "{:<36} {:<11} {:>14} {:>12} {:>6} {:>8}",
            clip(&o.name, 36),
            kind,
            o.monthly_usd.map_or_else(|| "cannot serve".to_string(), money),
            o.usd_per_mtok.map_or_else(|| "-".to_string(), |v| v.to_string()),
            gpus,
            busy
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Lines (USD/month)");
    for o in &r.options {
        let lines: Vec<String> = o
            .lines
            .iter()
            .filter(|l| !l.usd.value().is_zero())
            .map(|l| format!("{} {}", l.item.label(), money(l.usd)))
            .collect();
        let text = format!(
            "{}: {}",
            o.name,
            if lines.is_empty() {
                "nothing".to_string()
            } else {
                lines.join(" · ")
            }
        );
        out.push_str(&wrap(&text, "  ", "      "));
    }
    let sized: Vec<_> = r
        .options
        .iter()
        .filter_map(|o| o.self_hosted.as_ref().map(|d| (o, d)))
        .collect();
    if !sized.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Sizing (one replica)");
        for (o, d) in sized {
            let text = match (&d.estimate, d.serves) {
                (_, false) => format!("{}: cannot serve: {}", o.name, d.reason.as_deref().unwrap_or_default()),
                (Some(e), true) => format!(
                    "{}: {} x {} ({}, {} weights, {} engine{}); {} tokens/s in+out ({}); {} GiB weights + {} GiB KV cache per GPU{}",
                    o.name,
                    d.gpus_per_replica,
                    d.gpu,
                    d.model,
                    d.weights,
                    d.engine,
                    llm_tco::render::sizing::layout_suffix(d),
                    d.capacity_tokens_per_s.map_or_else(|| "?".to_string(), |c| c.to_string()),
                    match (llm_tco::render::sizing::band(d), d.capacity_source) {
                        (_, CapacitySource::Given) => "given".to_string(),
                        (Some(b), _) => format!("sizing model; {b}"),
                        (None, _) => "sizing model, uncalibrated profile".to_string(),
                    },
                    gib_short(e.memory.weights_bytes),
                    gib_short(e.memory.kv_cache_bytes),
                    llm_tco::render::sizing::operating_point(d).map_or_else(String::new, |p| format!("; {p}"))
                ),
                (None, true) => format!("{}: {} x {}", o.name, d.gpus_per_replica, d.gpu),
            };
            out.push_str(&wrap(&text, "  ", "      "));
        }
    }
    let hybrids: Vec<_> = r
        .options
        .iter()
        .filter_map(|o| o.hybrid.as_ref().map(|h| (o, h)))
        .collect();
    if !hybrids.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Hybrid routing (at this volume)");
        for (o, h) in hybrids {
            let text = format!(
                "{}: {} replica(s) of {} ({} GPUs) carry {} tokens/day; {} tokens/day ({}) go to {}; {} + {} USD/month",
                o.name,
                h.replicas,
                h.self_hosted,
                h.n_gpus,
                volume(h.self_hosted_tokens_per_day),
                volume(h.api_tokens_per_day),
                percent(h.api_share.value()),
                h.api,
                money(h.self_hosted_usd),
                money(h.api_usd)
            );
            out.push_str(&wrap(&text, "  ", "      "));
        }
    }
    let rated: Vec<_> = r
        .options
        .iter()
        .filter_map(|o| o.quality.as_ref().map(|q| (o, q)))
        .collect();
    if !rated.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{:<36} {:>8} {:<9} {:>14} {:>16}",
            "Cost per successful task", "Success", "Failures", "USD/month", "USD/success"
        );
        for (o, q) in rated {
            let _ = writeln!(
                out,
                "  {:<34} {:>8} {:<9} {:>14} {:>16}",
                clip(&o.name, 34),
                percent(q.success_rate.value()),
                q.on_failure.name(),
                q.monthly_usd.map_or_else(|| "cannot serve".to_string(), money),
                q.usd_per_successful_task
                    .map_or_else(|| "-".to_string(), |v| v.to_string())
            );
        }
    }
    if !r.break_even.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Break-even: self-hosting stays cheaper above (tokens/day, within {} to {})",
            volume(r.range.min_tokens_per_day),
            volume(r.range.max_tokens_per_day)
        );
        // A table's cells, the unit in the heading (the page's list writes
        // `render::verdict::break_even_phrase`, the verdict its sentences).
        for p in &r.break_even {
            let verdict = match (p.self_hosted_cheaper.verdict, p.self_hosted_cheaper.tokens_per_day) {
                (Verdict::Above, Some(v)) => format!("above {}", volume(v)),
                (Verdict::Always, _) => "always cheaper".to_string(),
                _ => "never cheaper".to_string(),
            };
            let crossings = match p.n_crossings {
                0 => String::new(),
                1 => " (1 crossing)".to_string(),
                n => format!(" ({n} crossings)"),
            };
            let _ = writeln!(
                out,
                "  {:<32} vs {:<26} {}{}",
                clip(&p.self_hosted, 32),
                clip(&p.api, 26),
                verdict,
                crossings
            );
        }
    }
    if !r.warnings.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Warnings");
        for wn in &r.warnings {
            out.push_str(&wrap(&wn.message, "  ! ", "    "));
        }
    }
    out
}

/// Wraps `text` at word boundaries to 100 columns, the first line after
/// `first`, the others after `rest`.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    const WIDTH: usize = 100;
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split(' ') {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// The comparison as CSV: one row per bill line, then one total per option.
pub fn csv(r: &Report) -> String {
    let mut out = String::from("option,kind,item,usd_per_month\n");
    for o in &r.options {
        for l in &o.lines {
            let _ = writeln!(
                out,
                "{},{},{},{}",
                csv_field(&o.name),
                o.kind.name(),
                l.item.name(),
                l.usd
            );
        }
        let _ = writeln!(
            out,
            "{},{},total,{}",
            csv_field(&o.name),
            o.kind.name(),
            o.monthly_usd.map(|v| v.to_string()).unwrap_or_default()
        );
    }
    out
}

fn dash(v: Option<llm_tco::Decimal>) -> String {
    v.map(|v| v.normalize().to_string()).unwrap_or_else(|| "-".into())
}

/// API offers: display name, provider, prices and their date; the id, the
/// stable key a scenario names, last.
pub fn api_offers(items: &[ApiOffer]) -> String {
    let mut out = format!(
        "{:<34} {:<13} {:>7} {:>7} {:>7} {:>5} {:<10} {}\n",
        "API offer (USD per 1M tokens)", "provider", "input", "output", "cached", "batch", "as of", "id"
    );
    for a in items {
        let _ = writeln!(
            out,
            "{:<34} {:<13} {:>7} {:>7} {:>7} {:>5} {:<10} {}",
            clip(&a.name, 34),
            clip(&a.provider, 13),
            a.input_usd_per_mtok.normalize(),
            a.output_usd_per_mtok.normalize(),
            dash(a.cached_input_usd_per_mtok),
            a.batch_discount
                .map(|v| format!("-{}%", (v * llm_tco::Decimal::ONE_HUNDRED).normalize()))
                .unwrap_or_else(|| "-".into()),
            clip(&a.as_of, 10),
            a.id
        );
    }
    let dated = items.iter().filter(|a| !a.history.is_empty()).count();
    if dated > 0 {
        let _ = writeln!(
            out,
            "Current prices; {dated} offers also have earlier or announced ones (a scenario's as_of picks the one in force; --format json lists them)."
        );
    }
    out.push('\n');
    out
}

/// GPUs.
pub fn gpus(items: &[Gpu]) -> String {
    let mut out = format!(
        "{:<40} {:>6} {:>8} {:>8} {:>8} {:>8} {:>6} {}\n",
        "GPU", "GB", "GB/s", "bf16 TF", "fp8 TF", "fp4 TF", "W", "id"
    );
    for g in items {
        let _ = writeln!(
            out,
            "{:<40} {:>6} {:>8} {:>8} {:>8} {:>8} {:>6} {}",
            clip(&g.name, 40),
            g.memory_gb.normalize(),
            g.mem_bw_gbps.normalize(),
            dash(g.bf16_dense_tflops),
            dash(g.fp8_dense_tflops),
            dash(g.fp4_dense_tflops),
            dash(g.tdp_w),
            g.id
        );
    }
    out.push('\n');
    out
}

/// GPU prices: rental offers by provider and pricing, the per-GPU-hour TCO
/// bases, purchase prices.
pub fn gpu_prices(purchase: &[PurchasePrice], cloud: &[CloudPrice], tco: &[TcoBasis]) -> String {
    let mut out = format!(
        "{:<48} {:>9} {:>9} {:>9} {:<10} {}\n",
        "Rental offer (USD per GPU-hour)", "on-demand", "reserved", "spot", "as of", "id"
    );
    for c in cloud {
        let reserved = match (c.reserved_usd_per_gpu_hour, c.reserved_term) {
            (Some(v), Some(ReservedTerm::OneYear)) => format!("{}/1yr", v.normalize()),
            (Some(v), Some(ReservedTerm::ThreeYears)) => format!("{}/3yr", v.normalize()),
            (Some(v), Some(ReservedTerm::CapacityBlock)) => format!("{}/blk", v.normalize()),
            (v, _) => dash(v),
        };
        let _ = writeln!(
            out,
            "{:<48} {:>9} {:>9} {:>9} {:<10} {}",
            clip(c.name.as_deref().unwrap_or(&c.id), 48),
            dash(c.on_demand_usd_per_gpu_hour),
            reserved,
            dash(c.spot_usd_per_gpu_hour),
            clip(&c.as_of, 10),
            c.id
        );
    }
    out.push('\n');
    if !tco.is_empty() {
        let _ = writeln!(
            out,
            "{:<48} {:>9} {:>9} {:>9} {:<10} id",
            "All-in cost of a GPU-hour (USD)", "own hyper", "own neo", "rent 3yr", "as of"
        );
        for t in tco {
            let _ = writeln!(
                out,
                "{:<48} {:>9} {:>9} {:>9} {:<10} {}",
                clip(&t.name, 48),
                dash(t.owning_hyperscaler_usd_per_gpu_hour),
                dash(t.owning_neocloud_usd_per_gpu_hour),
                dash(t.rental_3yr_usd_per_gpu_hour),
                clip(&t.as_of, 10),
                t.id
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{:<16} {:<26} {:>9} {:>9} {:<10} {:<10} id",
        "Purchase (USD)", "unit", "low", "high", "as of", "confidence"
    );
    for p in purchase {
        let unit = p.unit.clone().unwrap_or_else(|| {
            if p.n_gpus == 1 {
                "1 GPU".into()
            } else {
                format!("{} GPUs", p.n_gpus)
            }
        });
        let _ = writeln!(
            out,
            "{:<16} {:<26} {:>9} {:>9} {:<10} {:<10} {}",
            clip(&p.gpu, 16),
            clip(&unit, 26),
            p.usd_low.normalize(),
            p.usd_high.normalize(),
            clip(&p.as_of, 10),
            clip(&p.confidence, 10),
            p.id
        );
    }
    out.push('\n');
    out
}

/// Models.
pub fn models(items: &[Model]) -> String {
    let mut out = format!(
        "{:<40} {:>9} {:>9} {:>7} {:>9} {}\n",
        "Model", "params", "active", "layers", "context", "id"
    );
    for m in items {
        let _ = writeln!(
            out,
            "{:<40} {:>9} {:>9} {:>7} {:>9} {}",
            clip(&m.name, 40),
            human_tokens(m.total_params as f64),
            human_tokens(m.active_params as f64),
            m.num_hidden_layers,
            m.max_context,
            m.id
        );
    }
    out.push('\n');
    out
}

fn gib_short(bytes: u64) -> String {
    fixed(bytes as f64 / 1_073_741_824.0, 1)
}

fn gib(bytes: u64) -> String {
    format!("{} GiB", fixed(bytes as f64 / 1_073_741_824.0, 2))
}

/// An estimate as a table.
pub fn estimate(r: &llm_tco::sizing::report::EstimateReport) -> String {
    let q = &r.request;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({} weights, {} KV cache) on {} x {}, {} engine",
        q.model,
        q.weights,
        q.kv_cache,
        q.gpus,
        q.gpu,
        q.engine.as_deref().unwrap_or("vllm")
    );
    let _ = writeln!(
        out,
        "Requests of {} input + {} output tokens",
        q.input_tokens, q.output_tokens
    );
    let _ = writeln!(out, "Engine profile {}: {}", r.engine.id, r.engine.name);
    out.push_str(&accuracy(&r.engine));
    let _ = writeln!(out);
    let m = &r.memory;
    let _ = writeln!(out, "Memory per GPU");
    let _ = writeln!(
        out,
        "  GPU              {:>12}   usable by the engine {}",
        gib(m.gpu_bytes),
        gib(m.usable_bytes)
    );
    let _ = writeln!(out, "  weights          {:>12}", gib(m.weights_bytes));
    let _ = writeln!(out, "  reserve          {:>12}", gib(m.reserve_bytes));
    let _ = writeln!(out, "  activations      {:>12}", gib(m.activations_bytes));
    let _ = writeln!(
        out,
        "  KV cache         {:>12}   {} bytes per token, {} tokens in all",
        gib(m.kv_cache_bytes),
        m.kv_cache_bytes_per_token,
        r.max_kv_tokens
    );
    let _ = writeln!(out);
    if !r.fits {
        out.push_str(&wrap(
            &format!("Does not fit: {}", r.reason.as_deref().unwrap_or_default()),
            "",
            "  ",
        ));
        return out;
    }
    if !r.meets_latency {
        out.push_str(&wrap(
            &format!(
                "Cannot meet the latency target: {}",
                r.reason.as_deref().unwrap_or_default()
            ),
            "",
            "  ",
        ));
    }
    let _ = writeln!(
        out,
        "At saturation: {} users, {} sequences at once (limited by {}), a step of {} ms ({})",
        r.saturation_users,
        r.batch_size,
        serde_json::to_value(r.batch_bound)
            .ok()
            .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
            .unwrap_or_default(),
        r.step_ms,
        serde_json::to_value(r.step_bound)
            .ok()
            .and_then(|v| v.as_str().map(|s| s.replace('_', " ") + " bound"))
            .unwrap_or_default()
    );
    let _ = writeln!(
        out,
        "  {} output tokens/s, {} tokens/s input and output",
        fixed(r.max_output_tokens_per_s, 1),
        fixed(r.max_total_tokens_per_s, 1)
    );
    let _ = writeln!(
        out,
        "At {} concurrent user(s): {} output tokens/s in all; each user {} tokens/s over a request ({} while tokens stream), first token after {} ms, {} ms between tokens",
        q.concurrency.unwrap_or(1),
        fixed(r.output_tokens_per_s, 1),
        fixed(r.per_user_output_tokens_per_s, 1),
        fixed(r.per_user_decode_tokens_per_s, 1),
        fixed(r.ttft_ms, 0),
        fixed(r.itl_ms, 1)
    );
    let _ = writeln!(
        out,
        "Prompt processing: {} tokens/s for one prompt alone",
        fixed(r.prefill_tokens_per_s, 0)
    );
    out
}

/// A profile's calibration: rows, and its error per metric group (median
/// and 90th percentile of the absolute error, in sample and held out).
pub fn accuracy(e: &llm_tco::sizing::report::EngineReport) -> String {
    let mut out = String::new();
    if e.calibration_rows.is_empty() {
        let _ = writeln!(out, "  not calibrated: no public measurement behind its factors");
        return out;
    }
    let _ = writeln!(
        out,
        "  calibrated on {} public measurements (fixtures/calibration.json); absolute error, median / 90th percentile:",
        e.calibration_rows.len()
    );
    for c in &e.calibration_error {
        let held = c.held_out.as_ref().map_or_else(String::new, |h| {
            format!(
                ", held out {} / {}",
                percent_f64(h.median_abs_error),
                percent_f64(h.p90_abs_error)
            )
        });
        let _ = writeln!(
            out,
            "    {:<10} {:>3} rows: {} / {}{held}",
            c.metric.name().replace('_', "-"),
            c.in_sample.rows,
            percent_f64(c.in_sample.median_abs_error),
            percent_f64(c.in_sample.p90_abs_error)
        );
    }
    out
}

fn percent_f64(v: f64) -> String {
    format!("{}%", fixed(v * 100.0, 1))
}

/// The engine profiles: id, versions, rows and capacity error.
pub fn engines(items: &[llm_tco::spec::catalog::EngineProfile]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<18} {:<26} {:>5}  {:<28} name",
        "engine", "versions", "rows", "throughput error (median/p90)"
    );
    for e in items {
        let report = llm_tco::sizing::report::EngineReport::of(e);
        let band = report.accuracy.as_ref().map_or_else(
            || "-".to_string(),
            |a| {
                format!(
                    "{} / {} ({})",
                    percent_f64(a.band.median_abs_error),
                    percent_f64(a.band.p90_abs_error),
                    a.basis.replace('_', " ")
                )
            },
        );
        let _ = writeln!(
            out,
            "{:<18} {:<26} {:>5}  {:<28} {}",
            e.id,
            e.versions.as_deref().unwrap_or("-"),
            report.calibration_rows.len(),
            band,
            e.name
        );
    }
    let _ = writeln!(out);
    out
}

/// The payback view: cumulative cost at a few months, and payback months.
pub fn payback(r: &llm_tco::analysis::payback::PaybackReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", r.scenario);
    let _ = writeln!(
        out,
        "Cumulative cost over {} months, growth {}/month ({} → {} tokens/day)",
        r.horizon_months,
        percent(r.monthly_growth.value()),
        r.tokens_per_day.first().map_or_else(String::new, |v| volume(*v)),
        r.tokens_per_day.last().map_or_else(String::new, |v| volume(*v)),
    );
    let _ = writeln!(out);
    // Month 1, a quarter, half and three quarters of the way, and the last month.
    let n = r.horizon_months;
    let mut shown: Vec<u32> = vec![1, n.div_ceil(4), n.div_ceil(2), (3 * n).div_ceil(4), n];
    shown.dedup();
    shown.retain(|m| *m >= 1);
    let mut header = format!("{:<28} {:>11}", "Option (USD, cumulative)", "one-time");
    for m in &shown {
        let _ = write!(header, " {:>11}", format!("month {m}"));
    }
    let _ = writeln!(out, "{header}");
    let _ = writeln!(out, "{}", "-".repeat(header.chars().count()));
    for o in &r.options {
        let mut line = format!("{:<28} {:>11}", clip(&o.name, 28), whole_money(o.one_time_usd));
        for m in &shown {
            let cell = o
                .months
                .get(*m as usize - 1)
                .and_then(|x| x.cumulative_usd)
                .map_or_else(|| "-".to_string(), whole_money);
            let _ = write!(line, " {cell:>11}");
        }
        let _ = writeln!(out, "{line}");
    }
    if !r.payback.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Payback: first month the self-hosted total is at or below the API's"
        );
        for p in &r.payback {
            let when = llm_tco::render::verdict::payback_phrase(
                p.payback_month,
                r.horizon_months,
                p.saving_at_horizon_usd.map(|s| s.value()),
                &text::Currency::usd(),
            );
            let text = format!("{} vs {}: {when}", p.self_hosted, p.api);
            out.push_str(&wrap(&text, "  ", "      "));
        }
    }
    let _ = writeln!(out);
    for a in &r.assumptions {
        out.push_str(&wrap(a, "  * ", "    "));
    }
    out
}

/// Whole dollars, grouped ("136,693"): the cents cut off.
fn whole_money(usd: Usd) -> String {
    let m = money(usd);
    m.split('.').next().unwrap_or(&m).to_string()
}

/// The payback view as CSV: one row per option and month.
pub fn payback_csv(r: &llm_tco::analysis::payback::PaybackReport) -> String {
    let mut out = String::from("option,kind,month,tokens_per_day,operating_usd,one_time_usd,cumulative_usd,n_gpus\n");
    for o in &r.options {
        for m in &o.months {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{}",
                csv_field(&o.name),
                o.kind.name(),
                m.month,
                r.tokens_per_day
                    .get(m.month as usize - 1)
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
                m.operating_usd.map(|v| v.to_string()).unwrap_or_default(),
                m.one_time_usd,
                m.cumulative_usd.map(|v| v.to_string()).unwrap_or_default(),
                m.n_gpus.map_or_else(String::new, |n| n.to_string())
            );
        }
    }
    out
}

fn outcome(o: &llm_tco::analysis::sensitivity::OutcomeReport) -> (String, String) {
    let saving = o.saving_usd.map_or_else(|| "cannot serve".to_string(), money);
    let be = match (o.verdict, o.break_even_tokens_per_day) {
        (Verdict::Above, Some(v)) => volume(v),
        (Verdict::Always, _) => "always".to_string(),
        _ => "never".to_string(),
    };
    (saving, be)
}

/// The sensitivity table, largest swing first.
pub fn sensitivity(r: &llm_tco::analysis::sensitivity::SensitivityReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", r.scenario);
    let (saving, be) = outcome(&r.base);
    out.push_str(&wrap(
        &format!(
            "{} against {}: saves {} USD/month at the workload's volume; break-even {}",
            r.self_hosted, r.api, saving, be
        ),
        "",
        "  ",
    ));
    let _ = writeln!(
        out,
        "Each input moved by -{0} and +{0}, one at a time; largest saving swing first",
        percent(r.delta.value())
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<38} {:>13} {:>13} {:>13} {:>9} {:>9}",
        "Input", "Saving -", "Saving +", "Swing", "B-E -", "B-E +"
    );
    let _ = writeln!(out, "{}", "-".repeat(100));
    for row in &r.rows {
        let (lo_s, lo_b) = outcome(&row.low);
        let (hi_s, hi_b) = outcome(&row.high);
        let _ = writeln!(
            out,
            "{:<38} {:>13} {:>13} {:>13} {:>9} {:>9}",
            clip(&row.label, 38),
            lo_s,
            hi_s,
            row.saving_swing_usd.map_or_else(|| "-".to_string(), money),
            lo_b,
            hi_b
        );
    }
    out
}

/// The sensitivity rows as CSV.
pub fn sensitivity_csv(r: &llm_tco::analysis::sensitivity::SensitivityReport) -> String {
    let mut out = String::from(
        "input,label,base_value,low_value,high_value,low_saving_usd,high_saving_usd,saving_swing_usd,low_break_even_tokens_per_day,high_break_even_tokens_per_day\n",
    );
    for row in &r.rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{}",
            row.input,
            csv_field(&row.label),
            row.base_value,
            row.low_value,
            row.high_value,
            row.low.saving_usd.map(|v| v.to_string()).unwrap_or_default(),
            row.high.saving_usd.map(|v| v.to_string()).unwrap_or_default(),
            row.saving_swing_usd.map(|v| v.to_string()).unwrap_or_default(),
            row.low
                .break_even_tokens_per_day
                .map_or_else(|| row.low.verdict.name().to_string(), |v| v.to_string()),
            row.high
                .break_even_tokens_per_day
                .map_or_else(|| row.high.verdict.name().to_string(), |v| v.to_string()),
        );
    }
    out
}

/// The Monte Carlo summary.
pub fn monte_carlo(r: &llm_tco::analysis::montecarlo::MonteCarloReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", r.scenario);
    let _ = writeln!(
        out,
        "{} against {}: {} samples, seed {}",
        r.self_hosted, r.api, r.samples, r.seed
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "Inputs drawn (triangular: low / most likely / high)");
    for i in &r.inputs {
        let _ = writeln!(out, "  {:<56} {} / {} / {}", i.input, i.low, i.likely, i.high);
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{:<40} {:>14} {:>14} {:>14}", "", "P10", "P50", "P90");
    let m = |v: &Option<Usd>| v.map_or_else(|| "cannot serve".to_string(), money);
    let b = |v: &Option<Plain>| v.map_or_else(|| "never".to_string(), volume);
    let _ = writeln!(
        out,
        "{:<40} {:>14} {:>14} {:>14}",
        "Saving, USD/month",
        m(&r.saving_usd.p10),
        m(&r.saving_usd.p50),
        m(&r.saving_usd.p90)
    );
    let _ = writeln!(
        out,
        "{:<40} {:>14} {:>14} {:>14}",
        "Break-even, tokens/day",
        b(&r.break_even_tokens_per_day.p10),
        b(&r.break_even_tokens_per_day.p50),
        b(&r.break_even_tokens_per_day.p90)
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Probability self-hosting is cheaper at the workload's volume: {}",
        percent(r.probability_self_hosted_cheaper.value())
    );
    let _ = writeln!(
        out,
        "Probability of a break-even within the range: {}",
        percent(r.probability_break_even_in_range.value())
    );
    out
}

/// A usage log's summary and repricing.
pub fn usage(r: &llm_tco::analysis::usage::UsageReport) -> String {
    let mut out = String::new();
    let l = &r.log;
    out.push_str(&wrap(
        &format!(
            "Usage log ({}): {} rows from {} to {} ({} hours); {} malformed rows skipped",
            l.format.name(),
            l.rows,
            l.first_hour,
            l.last_hour,
            l.span_hours,
            l.skipped_rows
        ),
        "",
        "  ",
    ));
    for e in &l.errors {
        out.push_str(&wrap(&format!("line {}: {}", e.line, e.message), "  ", "    "));
    }
    let w = &r.workload;
    out.push_str(&wrap(
        &format!(
            "Workload: {} tokens/day, {} in + {} out tokens per request, cached input {}, peak/average {}",
            volume(Plain::exact(w.tokens_per_day.unwrap_or_default())),
            w.input_tokens_per_request.normalize(),
            w.output_tokens_per_request.normalize(),
            percent(w.cached_input_share.unwrap_or_default()),
            w.peak_to_average.unwrap_or_default().normalize()
        ),
        "",
        "  ",
    ));
    if !l.models.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{:<40} {:>12} {:>16} {:>16}",
            "Model", "Requests", "Input tokens", "Output tokens"
        );
        for m in l.models.iter().take(10) {
            let _ = writeln!(
                out,
                "{:<40} {:>12} {:>16} {:>16}",
                clip(&m.model, 40),
                m.requests,
                m.input_tokens,
                m.output_tokens
            );
        }
        if l.models.len() > 10 {
            let _ = writeln!(out, "  ... and {} more models", l.models.len() - 10);
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<44} {:>14} {:>14} {:>12}",
        "The log repriced", "USD, log span", "USD/month", "USD/1M tok"
    );
    let _ = writeln!(out, "{}", "-".repeat(87));
    for o in &r.options {
        let _ = writeln!(
            out,
            "{:<44} {:>14} {:>14} {:>12}",
            clip(&o.name, 44),
            o.period_usd.map_or_else(|| "cannot serve".to_string(), money),
            o.monthly_usd.map_or_else(|| "-".to_string(), money),
            o.usd_per_mtok.map_or_else(|| "-".to_string(), |v| v.to_string())
        );
    }
    if !l.warnings.is_empty() {
        let _ = writeln!(out);
        for wn in &l.warnings {
            out.push_str(&wrap(wn, "  ! ", "    "));
        }
    }
    out
}
