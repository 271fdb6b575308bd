//! The library reads TOML with its own parser (`toml_read.rs`, smaller in
//! the page than the `toml` crate's). These tests hold it to the `toml`
//! crate: the same documents accepted and refused, the same values (floats
//! to 15 significant digits, see `same`), on the fixtures, on a table of the
//! language's corners, and on fixtures with one random edit each.

use proptest::prelude::*;
use serde_json::Value;
use std::path::Path;

/// The `toml` crate's reading of `text`, as the JSON value ours gives:
/// `None` when it refuses the document, or when it holds a float that is
/// not finite (which ours refuses: the tree has no such number).
fn theirs(text: &str) -> Option<Value> {
    fn value(v: toml::Value) -> Option<Value> {
        Some(match v {
            toml::Value::String(s) => Value::String(s),
            toml::Value::Integer(n) => match u64::try_from(n) {
                Ok(n) => Value::from(n),
                Err(_) => Value::from(n),
            },
            toml::Value::Float(x) => Value::Number(serde_json::Number::from_f64(x)?),
            toml::Value::Boolean(b) => Value::Bool(b),
            toml::Value::Datetime(d) => Value::String(d.to_string()),
            toml::Value::Array(items) => Value::Array(items.into_iter().map(value).collect::<Option<_>>()?),
            toml::Value::Table(t) => table(t)?,
        })
    }
    fn table(t: toml::Table) -> Option<Value> {
        Some(Value::Object(
            t.into_iter()
                .map(|(k, v)| value(v).map(|v| (k, v)))
                .collect::<Option<_>>()?,
        ))
    }
    table(text.parse::<toml::Table>().ok()?)
}

/// Equal values; floats to 15 significant digits. Ours are read as the
/// JSON reader reads numbers (serde_json's fast reading: exact up to 15
/// significant digits and powers of ten to 22, a few units in the last
/// place off beyond), the toml crate's by the standard library (always the
/// nearest float).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() && y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            x == y || (x - y).abs() <= 1e-15 * y.abs()
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((kx, x), (ky, y))| kx == ky && same(x, y))
        }
        _ => a == b,
    }
}

fn same_as_toml_crate(text: &str) -> Result<(), String> {
    let ours = llm_tco::toml_to_json(text);
    match (ours, theirs(text)) {
        (Ok(a), Some(b)) if same(&a, &b) => Ok(()),
        (Err(_), None) => Ok(()),
        (Ok(a), Some(b)) => Err(format!("{text:?}\n ours:   {a}\n toml's: {b}")),
        (Ok(a), None) => Err(format!("{text:?}: ours reads {a}, the toml crate refuses it")),
        (Err(e), Some(b)) => Err(format!("{text:?}: ours refuses it ({e}), the toml crate reads {b}")),
    }
}

fn fixtures() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut out = vec![(
        "crates/llm-tco/scenarios/default.toml".to_string(),
        llm_tco::DEFAULT_SCENARIO_TOML.to_string(),
    )];
    for entry in std::fs::read_dir(root.join("fixtures/scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            out.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
        }
    }
    out.sort();
    assert!(out.len() >= 6, "TOML fixtures missing: {out:?}");
    out
}

#[test]
fn every_toml_fixture_reads_as_the_toml_crate_reads_it() {
    for (name, text) in fixtures() {
        assert!(theirs(&text).is_some(), "{name}");
        same_as_toml_crate(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// Documents on the edges of TOML 1.1, accepted and refused.
const CORNERS: &[&str] = &[
    // Keys.
    "a = 1",
    "a-b_C9 = 1",
    "\"a b\" = 1\n'c.d' = 2",
    "\"\" = 1",
    "a . b . c = 1",
    "a.\"b.c\" = 1",
    "é = 1",
    "= 1",
    "a = ",
    "a",
    "a = 1 b = 2",
    "a = 1\na = 2",
    "a = 1 # comment\n# another\n",
    "a = 1\r\nb = 2\r\n",
    "a = 1\rb = 2",
    "\u{feff}a = 1",
    "a = 1\n\u{feff}b = 2",
    "# bell \u{7} in a comment\na = 1",
    "# tab\t in a comment\na = 1",
    "# del \u{7f}\na = 1",
    // Strings.
    r#"a = "tab\t nl\n quote\" back\\ b\b f\f r\r e\e x\x41 u\u00e9 U\U0001F600""#,
    r#"a = "\x4""#,
    r#"a = "\ud800""#,
    r#"a = "\q""#,
    "a = \"not closed",
    "a = \"line\nbreak\"",
    "a = \"a\tb\"",
    "a = \"bell \u{7}\"",
    "a = \"\"\"\nfirst line dropped\n\"\"\"",
    "a = \"\"\"one \\\n    two \\   \n\n  three\"\"\"",
    "a = \"\"\"quotes \"\" inside\"\"\"",
    "a = \"\"\"ends with quotes\"\"\"\"\"",
    "a = \"\"\"too many\"\"\"\"\"\"",
    "a = \"\"\"crlf\r\nline\"\"\"",
    "a = \"\"\"bare cr\rline\"\"\"",
    "a = 'C:\\path\\no escapes'",
    "a = '''\nliteral\n'''",
    "a = '''two '' quotes'''''",
    "a = 'not closed",
    "a = '''not closed",
    "a = 'tab\tok'",
    // Integers.
    "a = [0, +1, -1, 1_000, 0xDEAD_beef, 0o17, 0b1010, -0, +0]",
    "a = 01",
    "a = 1__0",
    "a = _1",
    "a = 1_",
    "a = 0x",
    "a = 0x_1",
    "a = -0x1",
    "a = 0X1",
    "a = 9223372036854775807",
    "a = -9223372036854775808",
    "a = 9223372036854775808",
    "a = 0x7fffffffffffffff",
    "a = 0xffffffffffffffff",
    // Floats.
    "a = [1.0, -0.5, +3.14, 1e10, 1E-2, 2e+3, 6.626e-34, 1_0.0_1, 0.0, -0.0, 1e0_1]",
    "a = 1.",
    "a = .5",
    "a = 1.e5",
    "a = 1e",
    "a = 01.5",
    "a = 1.5_",
    "a = inf",
    "a = -nan",
    "a = 1e999",
    "a = infinity",
    "a = 1.2.3",
    // Booleans and bare words.
    "a = true\nb = false",
    "a = True",
    "a = truex",
    "a = twohundred",
    // Dates and times.
    "a = 1979-05-27T07:32:00Z",
    "a = 1979-05-27t07:32:00z",
    "a = 1979-05-27 07:32:00-07:00",
    "a = 1979-05-27T00:32:00.999999+01:30",
    "a = 1979-05-27T00:32:00.1234567891",
    "a = 1979-05-27T00:32:00.000",
    "a = 1979-05-27T07:32:00",
    "a = 1979-05-27T07:32",
    "a = 1979-05-27T07:32Z",
    "a = 1979-05-27",
    "a = 07:32:00",
    "a = 07:32",
    "a = 00:32:00.5",
    "a = 2024-02-29",
    "a = 2023-02-29",
    "a = 2000-02-29",
    "a = 1900-02-29",
    "a = 2024-04-31",
    "a = 2024-13-01",
    "a = 2024-00-10",
    "a = 2024-1-01",
    "a = 1979-05-27T24:00:00",
    "a = 1979-05-27T23:60:00",
    "a = 1979-05-27T23:59:60",
    "a = 1979-05-27T23:59:61",
    "a = 1979-05-27T07:32:00+24:00",
    "a = 1979-05-27T07:32:00+7:00",
    "a = 07:32:00Z",
    "a = 1979-05-27X07:32:00",
    "a = 1979-05-27 # a date, then a comment",
    "a = 1979-05-27 07",
    "a = 1979-05-27T07:32:00.",
    // Arrays.
    "a = []",
    "a = [ ]",
    "a = [1,]",
    "a = [1,,2]",
    "a = [,]",
    "a = [\n  1, # one\n  2,\n  # end\n]",
    "a = [1, \"two\", [3], {four = 4}]",
    "a = [1 2]",
    "a = [1",
    // Inline tables.
    "a = {}",
    "a = { b = 1, c.d = 2 }",
    "a = { b = 1, }",
    "a = {\n  b = 1, # one\n  c = 2\n}",
    "a = { b = 1, b = 2 }",
    "a = { b = 1 c = 2 }",
    "a = { b = {} , b.c = 1 }",
    "a = { b.c = 1, b.d = 2 }",
    "a = { b\n = 1 }",
    "a = { b =\n 1 }",
    "a = { b # comment\n = 1 }",
    "a = { b\n.c = 1 }",
    "a\n= 1",
    "a =\n1",
    "a = {\n}",
    "a = { , }",
    "a = {b = 1}\na.c = 2",
    "a = {b = 1}\n[a.c]",
    "a = {b = 1}\n[a]",
    // Tables.
    "[a]\nb = 1\n[c]\nd = 2",
    "[ a . b ]\nc = 1",
    "[a]\n[a]",
    "[a.b]\n[a]\nc = 1",
    "[a.b]\n[a.b]",
    "[a]\nb.c = 1\n[a.b]",
    "[a]\nb.c = 1\n[a.b.d]\ne = 1",
    "a.b = 1\n[a]",
    "a.b = 1\n[a.c]",
    "[a.b.c]\n[a]\nb.d = 1",
    "[a.b.c]\n[a]\nb.d = 1\n[a.b]",
    "[a.b.c]\n[a]\nb.d = 1\n[a.b.e]",
    "[a.b.c]\n[a]\nb.c.d = 1",
    "[[a.b]]\n[a]\nb.d = 1",
    "[a.b]\nc = 1\n[a]\nb.d = 2",
    "[a]\nb = 1\n[a.b]",
    "[a]\nb = [1]\n[[a.b]]",
    "[]",
    "[a",
    "[a] b = 1",
    "[a] # comment\nb = 1",
    "[a.]",
    "[\"\"]\nx = 1",
    // Arrays of tables.
    "[[a]]\nb = 1\n[[a]]\nb = 2",
    "[[a]]\n[a.b]\nc = 1\n[[a]]\n[a.b]\nc = 2",
    "[[a]]\n[[a.b]]\nc = 1\n[[a.b]]\nc = 2",
    "[a]\n[[a]]",
    "[[a]]\n[a]",
    "a = []\n[[a]]",
    "[[a]",
    "[[a]]]",
    "[ [a]]",
    "[[a] ]",
    "[[a]]\nb.c = 1\n[a.b]",
    "x = 1\n[[a]]\n[[a.x]]\n[a.y]\nz = 1",
];

#[test]
fn the_corners_of_toml_read_as_the_toml_crate_reads_them() {
    let mismatches: Vec<String> = CORNERS
        .iter()
        .filter_map(|text| same_as_toml_crate(text).err())
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} of {}:\n{}",
        mismatches.len(),
        CORNERS.len(),
        mismatches.join("\n")
    );
}

#[test]
fn syntax_errors_name_what_is_wrong_and_the_line() {
    for (text, message) in [
        ("a = 1\nb 2", "expected `=` after the key, found '2' (line 2)"),
        ("a = 1\na = 2", "duplicate key `a` (line 2)"),
        (
            "\n\n[a\nb = 1",
            "expected `]` to close the table header, found the end of the line (line 3)",
        ),
        ("a = \"open\nb = 1", "the string is not closed on its line (line 1)"),
        (
            "a = twohundred",
            "`twohundred` is not a TOML value (a string is written in quotes) (line 1)",
        ),
        ("a = 2023-02-29", "`2023-02-29` is not a valid date or time (line 1)"),
        ("[a]\n[a]", "the table `a` is defined twice (line 2)"),
        ("a = 1\n[a]", "`a` is already a value, not a table (line 2)"),
        ("[a]\n[[a]]", "`a` is a table, not an array of tables (line 2)"),
        (
            "a = {}\n[a]",
            "the table `a` was already written inline (`{ ... }`) (line 2)",
        ),
        (
            "[a]\nb.c = 1\n[a.b]",
            "the table `a.b` was already defined by its keys (line 3)",
        ),
        ("a = [1 2]", "expected `]` or `,` in the array, found '2' (line 1)"),
        ("a = \"\\q\"", "unknown escape `\\q` in a string (line 1)"),
    ] {
        let err = llm_tco::toml_to_json(text).expect_err(text);
        assert_eq!(err.kind(), llm_tco::ErrorKind::Syntax, "{text}");
        assert_eq!(err.path(), "", "{text}");
        assert_eq!(err.message(), message, "{text}");
    }
    // Nesting as deep as JSON's reader allows, and no deeper: an error,
    // not an overflowing stack, however deep the document goes.
    let nested = |open: &str, close: &str, n: usize| format!("a = {}1{}", open.repeat(n), close.repeat(n));
    assert!(llm_tco::toml_to_json(&nested("[", "]", 128)).is_ok());
    for text in [
        nested("[", "]", 129),
        nested("[", "]", 1_000_000),
        nested("{b = ", "}", 1_000_000),
        format!("a = {{ {} = 1 }}", vec!["b"; 200].join(".")),
        format!("[{}]", vec!["b"; 200].join(".")),
    ] {
        let err = llm_tco::toml_to_json(&text).expect_err("too deep");
        assert!(err.message().contains("128"), "{}", err.message());
    }
    // Values TOML writes but the tree cannot hold: at their path.
    for (text, path) in [
        ("[a]\nb = [1, 9223372036854775808]", "a.b[1]"),
        ("[[o]]\n[[o]]\nx.y = inf", "o[1].x.y"),
    ] {
        let err = llm_tco::toml_to_json(text).expect_err(text);
        assert_eq!(err.path(), path, "{text}");
    }
}

/// One edit of a document: what may break or bend it.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Insert(usize, char),
    DuplicateLine(usize),
    SwapLines(usize),
}

fn edit(text: &str, e: &Edit) -> String {
    let chars: Vec<char> = text.chars().collect();
    let lines: Vec<&str> = text.lines().collect();
    match *e {
        Edit::Delete(i) => {
            let i = i % chars.len();
            chars[..i].iter().chain(&chars[i + 1..]).collect()
        }
        Edit::Insert(i, c) => {
            let i = i % (chars.len() + 1);
            chars[..i]
                .iter()
                .chain(std::iter::once(&c))
                .chain(&chars[i..])
                .collect()
        }
        Edit::DuplicateLine(i) => {
            let i = i % lines.len();
            let mut out = lines.clone();
            out.insert(i, lines[i]);
            out.join("\n")
        }
        Edit::SwapLines(i) => {
            let i = i % (lines.len() - 1);
            let mut out = lines.clone();
            out.swap(i, i + 1);
            out.join("\n")
        }
    }
}

fn an_edit() -> impl Strategy<Value = Edit> {
    // The characters TOML's grammar turns on.
    let alphabet: Vec<char> = "\"'[]{}=.,#\n\r\t \\_-+:0159aeExXTtZzn\u{7}é".chars().collect();
    prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), proptest::sample::select(alphabet)).prop_map(|(i, c)| Edit::Insert(i, c)),
        any::<usize>().prop_map(Edit::DuplicateLine),
        any::<usize>().prop_map(Edit::SwapLines),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn a_fixture_with_one_edit_reads_as_the_toml_crate_reads_it(
        which in any::<usize>(),
        edits in proptest::collection::vec(an_edit(), 1..3),
    ) {
        let all = fixtures();
        let mut text = all[which % all.len()].1.clone();
        for e in &edits {
            text = edit(&text, e);
        }
        if let Err(e) = same_as_toml_crate(&text) {
            prop_assert!(false, "after {edits:?}: {e}");
        }
    }
}
