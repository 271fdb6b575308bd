//! Any text as the web page's URL fragment: decoded and validated as the
//! page does when it opens a link; a decoded scenario encodes back to a
//! fragment that decodes to the same scenario.
#![no_main]

use libfuzzer_sys::fuzz_target;
use llm_tco::spec::link::{decode_hash, encode_hash};
use llm_tco::Catalog;
use std::sync::OnceLock;

static CATALOG: OnceLock<Catalog> = OnceLock::new();

fuzz_target!(|text: &str| {
    let catalog = CATALOG.get_or_init(Catalog::builtin);
    let hash = format!("#s={text}");
    if let Some(Ok(file)) = decode_hash(&hash) {
        if llm_tco::Scenario::from_file(&file, catalog).is_ok() {
            let again = decode_hash(&encode_hash(&file));
            assert_eq!(again.map(|r| r.ok()), Some(Some(file)), "a link round-trips");
        }
    }
});
