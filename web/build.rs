//! Writes the default scenario (a TOML fixture) as JSON into `OUT_DIR`:
//! the page embeds it and reads JSON only, so it carries no TOML reader
//! (`cargo xtask web` writes the other presets beside the page).

use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/scenarios");
    println!("cargo::rerun-if-changed={}", fixtures.display());
    for entry in std::fs::read_dir(&fixtures).expect("fixtures/scenarios") {
        let path = entry.expect("an entry").path();
        let Some(format) = llm_tco::Format::from_path(&path.to_string_lossy()) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).expect("a fixture");
        let file = llm_tco::ScenarioFile::parse(&text, format).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("a name");
        if stem != "default" {
            continue;
        }
        std::fs::write(
            Path::new(&out).join(format!("{stem}.json")),
            llm_tco::to_compact_json(&file),
        )
        .expect("written");
    }
}
