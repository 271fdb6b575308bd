//! Reading JSON and TOML documents with errors that name the field path.

use crate::error::{Error, ErrorKind, Result};
use crate::read::{FromJson, Json, ReadResult};
use crate::write::{JsonWriter, ToJson};

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

/// Reads `text` as `T`, with the path of the offending field in the error
/// (`options[2].self_hosted.rented.usd_per_gpu_hour`).
pub(crate) fn parse<T: FromJson>(text: &str, format: Format) -> Result<T> {
    parse_with(text, format, T::from_json)
}

/// Parses `text` into a [`Json`] tree and reads it with `read`: syntax
/// errors carry their line (and, in JSON, column); reading errors carry
/// the field's path, and in JSON the line and column of its value.
pub(crate) fn parse_with<T>(text: &str, format: Format, read: impl FnOnce(&Json) -> ReadResult<T>) -> Result<T> {
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
        Format::Json => {
            if !text.trim_start().starts_with('{') {
                let found: String = text.trim_start().chars().take(20).collect();
                return Err(Error::new(
                    ErrorKind::Syntax,
                    "",
                    format!("the document must be a JSON object ({{ ... }}); it starts with {found:?}"),
                ));
            }
            let mut de = serde_json::Deserializer::from_str(text);
            let json = crate::read::tree(&mut de).map_err(|e| {
                Error::new(
                    ErrorKind::Syntax,
                    json_path_at(text, e.line(), e.column(), true),
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
            read(&json).map_err(|e| match json_offset_of(text, e.path()) {
                Some(offset) => {
                    // A token's first byte: ASCII, so a char boundary.
                    let before = text.get(..offset).unwrap_or_default();
                    let line = before.matches('\n').count() + 1;
                    let column = offset - before.rfind('\n').map_or(0, |i| i + 1) + 1;
                    let message = format!("{} (line {line}, column {column})", e.message());
                    Error::new(e.kind(), e.path(), message)
                }
                None => e,
            })
        }
        #[cfg(feature = "toml")]
        Format::Toml => {
            // TOML is parsed by the library's own reader into the same tree
            // as JSON: one typed reader (and one set of error paths) for
            // both formats. Syntax errors carry the TOML line; reading
            // errors carry the field's path.
            read(&crate::toml_read::parse(text)?)
        }
        #[cfg(not(feature = "toml"))]
        Format::Toml => Err(Error::new(
            ErrorKind::Syntax,
            "",
            "this build reads JSON only: the document does not start with `{`",
        )),
    }
}

/// One level of the JSON being scanned.
enum Frame {
    /// An object and the key whose value is being read, if any.
    Object { key: Option<String>, expect_key: bool },
    /// An array and the index of the element being read.
    Array(usize),
}

/// The path (`options[2].self_hosted.rented`) of the value being read at
/// line `line`, column `column` (1-based, in bytes, as serde_json counts)
/// of the JSON `text`.
fn json_path_at(text: &str, line: usize, column: usize, with_last_key: bool) -> String {
    let bytes = text.as_bytes();
    let mut end = 0;
    let mut l = 1;
    while end < bytes.len() && l < line {
        if bytes[end] == b'\n' {
            l += 1;
        }
        end += 1;
    }
    let end = (end + column).min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                expect_key: true,
            }),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' if i + 1 < end => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object { key, expect_key }) => {
                    *key = None;
                    *expect_key = true;
                }
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { expect_key, .. }) = stack.last_mut() {
                    *expect_key = false;
                }
            }
            b'"' => {
                let start = i + 1;
                i = string_end(bytes, i);
                if let Some(Frame::Object { key, expect_key: true }) = stack.last_mut() {
                    *key = Some(json_key(text.get(start..i).unwrap_or_default()));
                }
            }
            _ => {}
        }
        i += 1;
    }
    if !with_last_key {
        if let Some(Frame::Object { key, .. }) = stack.last_mut() {
            *key = None;
        }
    }
    path_of(&stack)
}

/// The byte offset in JSON `text` where the value at `path` (as
/// a reading error names it: `options[1].api`, empty
/// for the document) starts, if there is one. Scans the text; used on
/// errors only, to give the line and column of the field at fault.
fn json_offset_of(text: &str, path: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    // A value starts at the next token: at the start, after `:`, `[` and
    // an array's `,`.
    let mut value_next = true;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' => {}
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => {
                    *n += 1;
                    value_next = true;
                }
                Some(Frame::Object { key, expect_key }) => {
                    *key = None;
                    *expect_key = true;
                }
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { expect_key, .. }) = stack.last_mut() {
                    *expect_key = false;
                }
                value_next = true;
            }
            b'}' | b']' => {
                stack.pop();
                value_next = false;
            }
            b'"' if matches!(stack.last(), Some(Frame::Object { expect_key: true, .. })) => {
                let start = i + 1;
                i = string_end(bytes, i);
                if let Some(Frame::Object { key, .. }) = stack.last_mut() {
                    *key = Some(json_key(text.get(start..i).unwrap_or_default()));
                }
            }
            token => {
                if value_next {
                    value_next = false;
                    if path_of(&stack) == path {
                        return Some(i);
                    }
                }
                match token {
                    b'{' => stack.push(Frame::Object {
                        key: None,
                        expect_key: true,
                    }),
                    b'[' => {
                        stack.push(Frame::Array(0));
                        value_next = true;
                    }
                    b'"' => i = string_end(bytes, i),
                    _ => {}
                }
            }
        }
        i += 1;
    }
    None
}

/// The index of the quote that closes the JSON string opening at `open`.
fn string_end(bytes: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    while i < bytes.len() && bytes[i] != b'"' {
        if bytes[i] == b'\\' {
            i += 1;
        }
        i += 1;
    }
    i
}

/// An object key's text, its escapes read (`raw` is between the quotes).
fn json_key(raw: &str) -> String {
    serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string())
}

/// The path of the value a scan is in (`options[2].self_hosted`).
fn path_of(stack: &[Frame]) -> String {
    let mut path = String::new();
    for frame in stack {
        match frame {
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array(n) => path.push_str(&format!("[{n}]")),
        }
    }
    path
}

/// serde_json appends " at line L column C"; the caller adds its own.
fn strip_json_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Writes `value` as pretty JSON (two-space indent) with a final newline:
/// the bytes of `serde_json::to_string_pretty` (tested).
pub(crate) fn to_json<T: ToJson + ?Sized>(value: &T) -> String {
    let mut w = JsonWriter::new(false);
    value.write_json(&mut w);
    let mut out = w.finish();
    out.push('\n');
    out
}

/// Writes `value` as compact JSON: the bytes of `serde_json::to_string`
/// (tested), by the same code as [`to_json`].
pub(crate) fn to_compact_json<T: ToJson + ?Sized>(value: &T) -> String {
    let mut w = JsonWriter::new(true);
    value.write_json(&mut w);
    w.finish()
}
