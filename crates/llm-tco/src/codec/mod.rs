//! Documents ⇄ text. serde's derives are the only reader and writer of
//! every document; JSON goes through serde_json, TOML through the toml
//! crate, and `serde_path_to_error` names the field of every error
//! (`options[2].self_hosted.rented.usd_per_gpu_hour`), to which this module
//! adds the line and column of the text at fault. The size limit of a
//! document is here too; [`forms`] holds the serde forms of numbers and
//! dates.

pub mod forms;

use crate::error::{Error, ErrorKind, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Largest document (scenario or catalog file) the library reads, in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// The text format of a scenario or catalog file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON.
    Json,
    /// TOML.
    Toml,
}

impl Format {
    /// The format a file name implies (`.json` or `.toml`), if any.
    pub fn from_path(path: &str) -> Option<Format> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".json") {
            Some(Format::Json)
        } else if lower.ends_with(".toml") {
            Some(Format::Toml)
        } else {
            None
        }
    }

    /// Guesses the format from the text: JSON documents start with `{`.
    pub fn sniff(text: &str) -> Format {
        if text.trim_start().starts_with('{') {
            Format::Json
        } else {
            Format::Toml
        }
    }
}

/// Reads `text` as `T`. Every error is of kind `Syntax` (malformed text, a
/// wrong type, an unknown or a missing field), names the field's path and
/// ends with the line and column of the text at fault; a document above
/// [`MAX_DOCUMENT_BYTES`] is a `Limit` error.
pub fn parse<T: DeserializeOwned>(text: &str, format: Format) -> Result<T> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::new(
            ErrorKind::Limit,
            "",
            format!(
                "the document is {} bytes; at most {MAX_DOCUMENT_BYTES} bytes are read",
                text.len()
            ),
        ));
    }
    if text.trim().is_empty() {
        return Err(Error::new(ErrorKind::Syntax, "", "the document is empty"));
    }
    match format {
        Format::Json => parse_json(text),
        #[cfg(feature = "toml")]
        Format::Toml => parse_toml(text),
        #[cfg(not(feature = "toml"))]
        Format::Toml => Err(Error::new(
            ErrorKind::Syntax,
            "",
            "this build reads JSON only: the document does not start with `{`",
        )),
    }
}

fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    if !text.trim_start().starts_with('{') {
        let found: String = text.trim_start().chars().take(20).collect();
        return Err(Error::new(
            ErrorKind::Syntax,
            "",
            format!("the document must be a JSON object ({{ ... }}); it starts with {found:?}"),
        ));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = path_text(e.path());
        let e = e.into_inner();
        Error::new(
            ErrorKind::Syntax,
            path,
            format!(
                "{} (line {}, column {})",
                strip_json_position(&e.to_string()),
                e.line(),
                e.column()
            ),
        )
    })?;
    de.end().map_err(|e| {
        Error::new(
            ErrorKind::Syntax,
            "",
            format!(
                "trailing characters after the document (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    })?;
    Ok(value)
}

#[cfg(feature = "toml")]
fn parse_toml<T: DeserializeOwned>(text: &str) -> Result<T> {
    let de = toml::Deserializer::parse(text).map_err(|e| toml_error(text, String::new(), &e))?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = path_text(e.path());
        toml_error(text, path, e.inner())
    })
}

/// A toml error as the library's: its message, and the line and column
/// where its span starts.
#[cfg(feature = "toml")]
fn toml_error(text: &str, path: String, e: &toml::de::Error) -> Error {
    let mut message = e.message().trim_end().replace('\n', "; ");
    if let Some(span) = e.span() {
        let (line, column) = line_and_column(text, span.start);
        message.push_str(&format!(" (line {line}, column {column})"));
    }
    Error::new(ErrorKind::Syntax, path, message)
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
#[cfg(feature = "toml")]
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The field path as errors name it: empty for the whole document.
fn path_text(path: &serde_path_to_error::Path) -> String {
    let text = path.to_string();
    if text == "." {
        String::new()
    } else {
        text
    }
}

/// serde_json appends " at line L column C"; the callers write their own.
fn strip_json_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// `value` as pretty JSON (two-space indent) with a final newline.
///
/// # Panics
/// Never for the library's documents and reports, whose maps have string
/// keys and whose serializers cannot fail.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = serde_json::to_string_pretty(value).expect("the library's documents serialize");
    out.push('\n');
    out
}

/// `value` as compact JSON, no final newline.
///
/// # Panics
/// As [`to_json`].
pub fn to_compact_json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("the library's documents serialize")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        n: u32,
    }

    #[test]
    fn errors_name_the_path_and_the_position() {
        let e = parse::<Doc>("{\"items\": [{\"n\": 1},\n {\"n\": \"x\"}]}", Format::Json).unwrap_err();
        assert_eq!(e.path(), "items[1].n");
        assert!(e.message().contains("(line 2, column"), "{e}");
        let e = parse::<Doc>("items = [{ n = 1 }, { n = \"x\" }]\n", Format::Toml).unwrap_err();
        assert_eq!(e.path(), "items[1].n");
        assert!(e.message().contains("(line 1, column 27)"), "{e}");
        let e = parse::<Doc>("items = [{ m = 1 }]", Format::Toml).unwrap_err();
        assert_eq!(e.path(), "items[0].m", "{e}");
        assert!(e.message().starts_with("unknown field `m`"), "{e}");
    }

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_and_column("ab\ncé\nx", 7), (3, 1));
        assert_eq!(line_and_column("ab\ncé\nx", 4), (2, 2));
        assert_eq!(line_and_column("ab", 99), (1, 3));
    }
}
