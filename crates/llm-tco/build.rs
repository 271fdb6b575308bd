//! Writes the embedded catalog (`catalog/*.json`) into `OUT_DIR` without the
//! whitespace between its tokens: the files stay pretty for review, and
//! the library (a web page downloads it) carries and parses a quarter fewer
//! bytes. Strings are copied as they are, escapes included.

use std::path::Path;

/// `json` without the whitespace outside its strings.
fn minify(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_ascii_whitespace() {
            out.push(c);
        }
    }
    out
}

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
    for name in ["api", "gpus", "models", "gpu_prices", "engines"] {
        let path = dir.join(format!("{name}.json"));
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        std::fs::write(Path::new(&out).join(format!("{name}.json")), minify(&text)).expect("OUT_DIR is writable");
    }
}
