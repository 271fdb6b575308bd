//! Helpers of the behaviour tests: where the fixtures are, and one snapshot
//! check that every golden test goes through.
//!
//! Snapshots live in `tests/snapshots/`. A mismatch fails with a diff-like
//! message; run with `UPDATE_SNAPSHOTS=1` to rewrite them deliberately, then
//! review the change with `git diff`.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace root")
        .to_path_buf()
}

/// Every scenario file in `fixtures/scenarios/`, sorted by name.
pub fn scenario_fixtures() -> Vec<PathBuf> {
    let dir = root().join("fixtures/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("toml" | "json")))
        .collect();
    files.sort();
    files
}

/// Compares `actual` with the snapshot `name`, or writes it when
/// `UPDATE_SNAPSHOTS` is set. Panics with the first differing line.
pub fn check_snapshot(name: &str, actual: &str) {
    let path = root().join("tests/snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().expect("snapshot dir")).expect("create snapshot dir");
        std::fs::write(&path, actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}; run with UPDATE_SNAPSHOTS=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let (n, (e, a)) = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .find(|(_, (e, a))| e != a)
            .map(|(i, p)| (i + 1, p))
            .unwrap_or((
                expected.lines().count().min(actual.lines().count()) + 1,
                ("<end>", "<end>"),
            ));
        let cut = |l: &str| l.chars().take(200).collect::<String>();
        panic!(
            "snapshot {} differs at line {n}:\n  expected: {}\n  actual:   {}\nrun with UPDATE_SNAPSHOTS=1 to accept the new output",
            path.display(),
            cut(e),
            cut(a)
        );
    }
}
