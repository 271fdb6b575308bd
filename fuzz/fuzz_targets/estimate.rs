//! Any text as an `estimate` request (JSON or TOML), sized against the
//! built-in catalog.
#![no_main]

use libfuzzer_sys::fuzz_target;
use llm_tco::sizing::report::estimate;
use llm_tco::spec::estimate::EstimateInput;
use llm_tco::{Catalog, Format};
use std::sync::OnceLock;

static CATALOG: OnceLock<Catalog> = OnceLock::new();

fuzz_target!(|text: &str| {
    let catalog = CATALOG.get_or_init(Catalog::builtin);
    if let Ok(input) = EstimateInput::parse(text, Format::sniff(text)) {
        if let Ok(report) = estimate(&input, catalog) {
            let _ = report.to_json();
        }
    }
});
