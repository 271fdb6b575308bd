//! Any text as a scenario (JSON or TOML): parse, validate, price, and run
//! the analyses a user can ask of it. Errors are fine; a panic, a hang or
//! unbounded memory is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use llm_tco::{Catalog, Format, Scenario};
use std::sync::OnceLock;

static CATALOG: OnceLock<Catalog> = OnceLock::new();

fuzz_target!(|text: &str| {
    let catalog = CATALOG.get_or_init(Catalog::builtin);
    let Ok(scenario) = Scenario::parse(text, Format::sniff(text), catalog) else {
        return;
    };
    if let Ok(report) = llm_tco::evaluate(&scenario) {
        let _ = report.to_json();
        let _ = report.curves_csv();
        let _ = llm_tco::render::chart::render_svg(&llm_tco::render::chart::ChartData::from_report(&report), 400, 300);
    }
    let _ = llm_tco::analysis::payback::payback(&scenario);
    if let Ok(pair) = llm_tco::analysis::pair::Pair::choose(&scenario, None, None) {
        if let Ok(r) = llm_tco::analysis::sensitivity::sensitivity(&scenario, pair, llm_tco::analysis::sensitivity::DEFAULT_DELTA) {
            let _ = llm_tco::render::chart::render_tornado_svg(&r, 400, 300);
        }
        if !scenario.uncertainty().is_empty() {
            let _ = llm_tco::analysis::montecarlo::monte_carlo(&scenario, pair, 50, 7);
        }
    }
});
