//! Reading JSON and TOML documents with errors that name the field path.

use crate::error::{Error, ErrorKind, Result};
use serde::de::DeserializeOwned;

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

/// Deserializes `text` as `T`, with the path of the offending field in the
/// error (`options[2].self_hosted.rented.usd_per_gpu_hour`).
pub(crate) fn parse<T: DeserializeOwned>(text: &str, format: Format) -> Result<T> {
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
            // Plain serde_json: on an error, the field's path is recovered
            // from the error's position (see `json_path_at`), so no
            // path-tracking wrapper is compiled into every visitor.
            let mut de = serde_json::Deserializer::from_str(text);
            let value: T = serde::Deserialize::deserialize(&mut de).map_err(|e| {
                let message = strip_json_position(&e.to_string());
                // A missing field is reported at its object's closing brace:
                // the path is the object's, not its last key's.
                let path = json_path_at(text, e.line(), e.column(), !message.starts_with("missing field"));
                Error::new(
                    ErrorKind::Syntax,
                    path,
                    format!("{message} (line {}, column {})", e.line(), e.column()),
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
        Format::Toml => {
            let de = toml::Deserializer::new(text);
            serde_path_to_error::deserialize(de).map_err(|e| {
                let path = clean_path(&e.path().to_string());
                let inner = e.into_inner();
                let mut message = inner.message().replace('\n', " ").trim().to_string();
                if let Some(span) = inner.span() {
                    let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                    message = format!("{message} (line {line})");
                }
                Error::new(ErrorKind::Syntax, path, message)
            })
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
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if let Some(Frame::Object { key, expect_key: true }) = stack.last_mut() {
                    let raw = &text[start..i.min(text.len())];
                    *key =
                        Some(serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string()));
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    let n = stack.len();
    for (depth, frame) in stack.iter().enumerate() {
        match frame {
            Frame::Object { key: Some(_), .. } if depth + 1 == n && !with_last_key => {}
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

/// serde_path_to_error writes `.` for the root and `?` for unknown parts.
#[cfg(feature = "toml")]
fn clean_path(path: &str) -> String {
    if path == "." || path == "?" {
        String::new()
    } else {
        path.trim_end_matches(".?").to_string()
    }
}

/// serde_json appends " at line L column C"; the caller adds its own.
fn strip_json_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Writes `value` as pretty JSON (two-space indent, trailing newline).
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
