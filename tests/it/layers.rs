//! The core is layered: error ← base ← codec ← spec ← catalog ← sizing ←
//! model ← analysis ← render. A file may name (`crate::…`) only its own
//! layer and those before it, and no chain of files within the crate may
//! lead back to where it started. ARCHITECTURE.md draws the same map.

use llm_tco_tests::root;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first: a file's layer is its folder under `src/`
/// (`error.rs` is its own).
const LAYERS: [&str; 9] = [
    "error", "base", "codec", "spec", "catalog", "sizing", "model", "analysis", "render",
];

fn rank(layer: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == layer)
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The source without comments (doc links may point anywhere) and
/// without string literals.
fn code_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let code = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        let mut in_string = false;
        let mut escaped = false;
        for c in code.chars() {
            if in_string {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_string = false;
                }
                continue;
            }
            if c == '"' {
                in_string = true;
                continue;
            }
            out.push(c);
        }
        out.push('\n');
    }
    out
}

/// The crate paths a file names: `crate::a::b::c` as `["a", "b", "c"]`,
/// with `use crate::{a::b, c}` groups expanded one level.
fn crate_paths(code: &str) -> Vec<Vec<String>> {
    // The path at the start of `s`: identifiers joined by `::`.
    let ident = |s: &str| -> Vec<String> {
        let s = s.trim_start();
        let end = s
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == ':'))
            .map_or(s.len(), |(i, _)| i);
        s[..end]
            .split("::")
            .take_while(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        // `super::crate::` cannot occur; `$crate::` is a macro's.
        if i > 0 && rest.as_bytes()[i - 1] == b'$' {
            rest = after;
            continue;
        }
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let path = ident(part);
                if !path.is_empty() {
                    out.push(path);
                }
            }
        } else {
            let path = ident(after);
            if !path.is_empty() {
                out.push(path);
            }
        }
        rest = after;
    }
    out
}

/// The file a crate path lands in: the longest prefix that is a module file.
fn module_file(src: &Path, path: &[String]) -> Option<PathBuf> {
    let mut best = None;
    for n in 1..=path.len() {
        let dir = src.join(path[..n].join("/"));
        for candidate in [dir.with_extension("rs"), dir.join("mod.rs")] {
            if candidate.is_file() {
                best = Some(candidate);
            }
        }
    }
    best
}

fn layer_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy()
        .to_string();
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn every_import_points_to_its_own_layer_or_a_lower_one_and_none_closes_a_cycle() {
    let src = root().join("crates/llm-tco/src");
    let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    let mut upward = Vec::new();
    let mut top_level = Vec::new();
    for file in rust_files(&src) {
        let layer = layer_of(&src, &file);
        if layer == "lib" {
            continue;
        }
        let Some(own) = rank(&layer) else {
            top_level.push(file.display().to_string());
            continue;
        };
        let code = code_of(&std::fs::read_to_string(&file).unwrap());
        for path in crate_paths(&code) {
            let Some(to) = rank(&path[0]) else {
                // A crate-root item (`crate::Error`, `crate::Decimal`): the
                // re-exports of lib.rs, which the layers must not use.
                upward.push(format!(
                    "{} names crate::{} (use the layer's own path)",
                    file.display(),
                    path.join("::")
                ));
                continue;
            };
            if to > own {
                upward.push(format!(
                    "{} ({layer}) imports crate::{} ({})",
                    file.strip_prefix(&src).unwrap().display(),
                    path.join("::"),
                    LAYERS[to]
                ));
            }
            if let Some(target) = module_file(&src, &path) {
                if target != file {
                    edges.entry(file.clone()).or_default().insert(target);
                }
            }
        }
    }
    assert!(top_level.is_empty(), "files outside the layers: {top_level:?}");
    assert!(upward.is_empty(), "imports that point up:\n{}", upward.join("\n"));

    // A cycle among files: depth-first search with the path kept.
    fn visit(
        node: &PathBuf,
        edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        state: &mut BTreeMap<PathBuf, u8>,
        stack: &mut Vec<PathBuf>,
    ) -> Option<Vec<PathBuf>> {
        match state.get(node) {
            Some(2) => return None,
            Some(1) => {
                let start = stack.iter().position(|n| n == node).unwrap();
                let mut cycle = stack[start..].to_vec();
                cycle.push(node.clone());
                return Some(cycle);
            }
            _ => {}
        }
        state.insert(node.clone(), 1);
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, edges, state, stack) {
                return Some(c);
            }
        }
        stack.pop();
        state.insert(node.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in edges.keys() {
        if let Some(cycle) = visit(node, &edges, &mut state, &mut Vec::new()) {
            let names: Vec<String> = cycle
                .iter()
                .map(|p| p.strip_prefix(&src).unwrap().display().to_string())
                .collect();
            panic!("the files import each other in a circle: {}", names.join(" → "));
        }
    }
}

#[test]
fn the_layer_check_sees_upward_imports_and_groups() {
    // The check itself, on text: a group is expanded, a comment is not code.
    let code = code_of("use crate::{model::api::ApiPrices, base::decimal};\n// crate::render::chart\n");
    assert_eq!(
        crate_paths(&code),
        vec![
            vec!["model".to_string(), "api".to_string(), "ApiPrices".to_string()],
            vec!["base".to_string(), "decimal".to_string()],
        ]
    );
    assert_eq!(
        crate_paths(&code_of("let s = \"crate::model\";")),
        Vec::<Vec<String>>::new()
    );
}
