//! The core is pure: no I/O, no clock, no global state, no JS types. These
//! tests check the absence, in its dependency tree and in its source.

use llm_tco_tests::root;

#[test]
fn the_core_depends_on_nothing_that_does_io_or_knows_javascript() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["tree", "-p", "llm-tco", "-e", "normal", "--prefix", "none", "--offline"])
        .current_dir(root())
        .output()
        .expect("run cargo tree");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(tree.contains("rust_decimal"), "unexpected tree:\n{tree}");
    for forbidden in [
        "wasm-bindgen",
        "js-sys",
        "web-sys",
        "getrandom",
        "tokio",
        "chrono",
        "time ",
        "reqwest",
        "leptos",
    ] {
        assert!(
            !tree.lines().any(|l| l.starts_with(forbidden)),
            "the core depends on {forbidden}:\n{tree}"
        );
    }
}

#[test]
fn the_core_source_has_no_io_clock_or_global_state() {
    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                files(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut all = Vec::new();
    files(&root().join("crates/llm-tco/src"), &mut all);
    let mut checked = 0;
    for path in all {
        let text = std::fs::read_to_string(&path).expect("read file");
        for forbidden in [
            "std::fs",
            "std::env",
            "std::time",
            "std::net",
            "std::process",
            // Devices and readers stay out.
            "std::io::stdin",
            "std::io::stdout",
            "std::io::stderr",
            "std::io::Read",
            "std::io::BufRead",
            "std::io::copy",
            "SystemTime",
            "Instant::",
            "println!",
            "eprintln!",
            "static mut",
            "thread_local!",
            "OnceLock",
            "lazy_static",
            "rand::",
        ] {
            assert!(!text.contains(forbidden), "{} uses {forbidden}", path.display());
        }
        // Of std::io, only the writer trait and its result, for in-memory JSON.
        for (i, _) in text.match_indices("std::io::") {
            let item: String = text[i + "std::io::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            assert!(
                item == "Write" || item == "Result",
                "{} uses std::io::{item}",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} files checked");
}
