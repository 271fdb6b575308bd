//! The wasm build reads JSON only (the core's TOML support is left out to
//! keep the module small), so the built-in default scenario is turned into
//! JSON here, once, at build time.

fn main() {
    let source = "../llm-tco/scenarios/default.toml";
    println!("cargo:rerun-if-changed={source}");
    let text = std::fs::read_to_string(source).expect("read the default scenario");
    let value: toml::Value = toml::from_str(&text).expect("the default scenario is TOML");
    let json = serde_json::to_string(&value).expect("TOML values are JSON values");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("default.json"), json).expect("write default.json");
}
