//! Any bytes as a usage log, fed in pieces cut where the input says, read
//! with both policies, then repriced on the default scenario.
#![no_main]

use libfuzzer_sys::fuzz_target;
use llm_tco::analysis::usage::{reprice, ImportOptions, OnError, UsageImport};
use std::sync::OnceLock;

static SCENARIO: OnceLock<llm_tco::Scenario> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some((&cut, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let scenario = SCENARIO.get_or_init(llm_tco::default_scenario);
    for on_error in [OnError::Skip, OnError::Fail] {
        let mut import = UsageImport::new(ImportOptions {
            on_error,
            tier_thresholds: llm_tco::analysis::usage::tier_thresholds(scenario),
            ..ImportOptions::default()
        });
        let size = usize::from(cut).max(1);
        let chars: Vec<char> = text.chars().collect();
        let mut ok = true;
        for piece in chars.chunks(size) {
            if import.push_chunk(&piece.iter().collect::<String>()).is_err() {
                ok = false;
                break;
            }
        }
        if ok {
            if let Ok(summary) = import.finish() {
                let _ = summary.report();
                let _ = reprice(&summary, scenario);
            }
        }
    }
});
