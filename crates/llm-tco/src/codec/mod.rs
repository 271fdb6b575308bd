//! Documents ⇄ text. serde's derives are the only reader and writer of
//! every document. Text is first read into a JSON value — JSON by
//! serde_json, TOML by the toml crate, converted — and every document type
//! is read from that value, through `serde_path_to_error`, which names the
//! field of every error (`options[2].self_hosted.rented.usd_per_gpu_hour`).
//! One reader per type for both formats keeps the page's WebAssembly small
//! (a derived reader is compiled once per deserializer); this module adds
//! what the value lacks: the line and column of the field at fault, found
//! in the text from the error's path, and JSON's duplicate keys refused.
//! The size limit of a document is here too; [`forms`] holds the serde
//! forms of numbers and dates.

pub mod forms;
pub mod values;

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
    let value = match format {
        Format::Json => json_value(text)?,
        #[cfg(feature = "toml")]
        Format::Toml => {
            let doc = toml::de::DeTable::parse(text).map_err(|e| toml_error(text, String::new(), &e))?;
            toml_table(doc.into_inner(), &mut String::new())
                .map_err(|(path, span, message)| located(text, path, span.map(|s| s.start), message))?
        }
        #[cfg(not(feature = "toml"))]
        Format::Toml => {
            return Err(Error::new(
                ErrorKind::Syntax,
                "",
                "this build reads JSON only: the document does not start with `{`",
            ))
        }
    };
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = path_text(e.path());
        let message = e.into_inner().to_string();
        let offset = match format {
            Format::Json => json_offset_of(text, &path),
            #[cfg(feature = "toml")]
            Format::Toml => toml::de::DeTable::parse(text)
                .ok()
                .and_then(|doc| toml_span_of(doc.get_ref(), &path))
                .map(|s| s.start),
            #[cfg(not(feature = "toml"))]
            Format::Toml => None,
        };
        located(text, path, offset, message)
    })
}

/// A JSON document as a value: an object, no duplicate key, nothing after
/// it. Syntax errors name the path being read and their line and column.
fn json_value(text: &str) -> Result<serde_json::Value> {
    if !text.trim_start().starts_with('{') {
        let found: String = text.trim_start().chars().take(20).collect();
        return Err(Error::new(
            ErrorKind::Syntax,
            "",
            format!("the document must be a JSON object ({{ ... }}); it starts with {found:?}"),
        ));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let Strict(value) = serde_path_to_error::deserialize(&mut de).map_err(|e| {
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

/// A JSON value read with duplicate object keys refused (serde_json's own
/// value keeps the last one silently; a document type read from text would
/// refuse it).
struct Strict(serde_json::Value);

impl<'de> serde::Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Strict, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = serde_json::Value;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> std::result::Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> std::result::Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> std::result::Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> std::result::Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(serde_json::Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(serde::de::Error::custom(format_args!("duplicate field `{key}`")));
            }
            let Strict(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(serde_json::Value::Object(out))
    }
}

/// An error of `message` at `path`, with the line and column of byte
/// `offset` when it is known.
fn located(text: &str, path: String, offset: Option<usize>, message: String) -> Error {
    let message = match offset {
        Some(offset) => {
            let (line, column) = line_and_column(text, offset);
            format!("{message} (line {line}, column {column})")
        }
        None => message,
    };
    Error::new(ErrorKind::Syntax, path, message)
}

/// A TOML table as a JSON object. Integers are whole JSON numbers (up to
/// 2^64 − 1), floats JSON floats, dates their text; a float that is not
/// finite, which JSON cannot hold, is an error at its path.
#[cfg(feature = "toml")]
type TomlFault = (String, Option<std::ops::Range<usize>>, String);

#[cfg(feature = "toml")]
fn toml_table(table: toml::de::DeTable<'_>, path: &mut String) -> std::result::Result<serde_json::Value, TomlFault> {
    let mut out = serde_json::Map::new();
    for (key, value) in table {
        let len = path.len();
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key.get_ref());
        let v = toml_value(value, path)?;
        path.truncate(len);
        out.insert(key.into_inner().into_owned(), v);
    }
    Ok(serde_json::Value::Object(out))
}

#[cfg(feature = "toml")]
fn toml_value(
    value: toml::Spanned<toml::de::DeValue<'_>>,
    path: &mut String,
) -> std::result::Result<serde_json::Value, TomlFault> {
    use serde_json::Value;
    use toml::de::DeValue;
    let span = value.span();
    let fault = |path: &str, message: String| (path.to_string(), Some(span.clone()), message);
    Ok(match value.into_inner() {
        DeValue::String(s) => Value::String(s.into_owned()),
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Integer(i) => {
            if let Ok(n) = i64::from_str_radix(i.as_str(), i.radix()) {
                Value::from(n)
            } else if let Ok(n) = u64::from_str_radix(i.as_str(), i.radix()) {
                Value::from(n)
            } else {
                return Err(fault(path, format!("{i} is outside the 64-bit integers")));
            }
        }
        DeValue::Float(f) => {
            let x: f64 = f.as_str().replace('_', "").parse().unwrap_or(f64::NAN);
            match serde_json::Number::from_f64(x) {
                Some(n) if x.is_finite() => Value::Number(n),
                _ => return Err(fault(path, format!("{} is not a finite number", f.as_str()))),
            }
        }
        DeValue::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                out.push(toml_value(item, path)?);
                path.truncate(len);
            }
            Value::Array(out)
        }
        DeValue::Table(t) => toml_table(t, path)?,
    })
}

/// The span of the value at `path` (`options[1].api.catalog`) in a TOML
/// document.
#[cfg(feature = "toml")]
fn toml_span_of(doc: &toml::de::DeTable<'_>, path: &str) -> Option<std::ops::Range<usize>> {
    use toml::de::DeValue;
    let mut span = None;
    let mut table = Some(doc);
    let mut current: Option<&toml::Spanned<DeValue<'_>>> = None;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, indices) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        let t = match current.map(|c| c.get_ref()) {
            None => table?,
            Some(DeValue::Table(t)) => t,
            Some(_) => return span,
        };
        let (_, v) = t.iter().find(|(k, _)| k.get_ref() == key)?;
        current = Some(v);
        span = Some(v.span());
        for index in indices.split(['[', ']']).filter(|s| !s.is_empty()) {
            let i: usize = index.parse().ok()?;
            match current.map(|c| c.get_ref()) {
                Some(DeValue::Array(items)) => {
                    let item = items.get(i)?;
                    current = Some(item);
                    span = Some(item.span());
                }
                _ => return span,
            }
        }
        table = None;
    }
    span
}

/// A toml syntax error as the library's: its message, and the line and
/// column where its span starts.
#[cfg(feature = "toml")]
fn toml_error(text: &str, path: String, e: &toml::de::Error) -> Error {
    let message = e.message().trim_end().replace('\n', "; ");
    located(text, path, e.span().map(|s| s.start), message)
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
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

/// One level of the JSON being scanned.
enum Frame {
    /// An object and the key whose value is being read, if any.
    Object { key: Option<String>, expect_key: bool },
    /// An array and the index of the element being read.
    Array(usize),
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
    let mut out = write_json(value, true);
    out.push('\n');
    out
}

/// `value` as compact JSON, no final newline.
///
/// # Panics
/// As [`to_json`].
pub fn to_compact_json<T: Serialize + ?Sized>(value: &T) -> String {
    write_json(value, false)
}

/// Both layouts through one serializer type, so each document's derived
/// writer is compiled once, not once per layout (about 10 KB gzipped of
/// the page's WebAssembly).
fn write_json<T: Serialize + ?Sized>(value: &T, pretty: bool) -> String {
    let mut out = Vec::with_capacity(1024);
    let layout = if pretty {
        Layout::Pretty(serde_json::ser::PrettyFormatter::new())
    } else {
        Layout::Compact
    };
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, layout);
    value
        .serialize(&mut serializer)
        .expect("the library's documents serialize");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// serde_json's two layouts chosen at run time: a [`serde_json::ser::Formatter`]
/// (serde_json's seam for output layout) delegating to the pretty or the
/// compact formatter.
enum Layout {
    Pretty(serde_json::ser::PrettyFormatter<'static>),
    Compact,
}

impl serde_json::ser::Formatter for Layout {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        match self {
            Layout::Pretty(f) => f.begin_array(writer),
            Layout::Compact => serde_json::ser::CompactFormatter.begin_array(writer),
        }
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        match self {
            Layout::Pretty(f) => f.end_array(writer),
            Layout::Compact => serde_json::ser::CompactFormatter.end_array(writer),
        }
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        match self {
            Layout::Pretty(f) => f.begin_array_value(writer, first),
            Layout::Compact => serde_json::ser::CompactFormatter.begin_array_value(writer, first),
        }
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        match self {
            Layout::Pretty(f) => f.end_array_value(writer),
            Layout::Compact => serde_json::ser::CompactFormatter.end_array_value(writer),
        }
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        match self {
            Layout::Pretty(f) => f.begin_object(writer),
            Layout::Compact => serde_json::ser::CompactFormatter.begin_object(writer),
        }
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        match self {
            Layout::Pretty(f) => f.end_object(writer),
            Layout::Compact => serde_json::ser::CompactFormatter.end_object(writer),
        }
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        match self {
            Layout::Pretty(f) => f.begin_object_key(writer, first),
            Layout::Compact => serde_json::ser::CompactFormatter.begin_object_key(writer, first),
        }
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        match self {
            Layout::Pretty(f) => f.begin_object_value(writer),
            Layout::Compact => serde_json::ser::CompactFormatter.begin_object_value(writer),
        }
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        match self {
            Layout::Pretty(f) => f.end_object_value(writer),
            Layout::Compact => serde_json::ser::CompactFormatter.end_object_value(writer),
        }
    }
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
    fn a_duplicate_json_key_is_an_error_at_its_object() {
        let e = parse::<Doc>("{\"items\": [{\"n\": 1, \"n\": 2}]}", Format::Json).unwrap_err();
        assert_eq!(e.path(), "items[0]", "{e}");
        assert!(e.message().starts_with("duplicate field `n`"), "{e}");
        let e = parse::<Doc>("items = [{ n = 1, n = 2 }]", Format::Toml).unwrap_err();
        assert!(e.message().contains("duplicate key"), "{e}");
    }

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_and_column("ab\ncé\nx", 7), (3, 1));
        assert_eq!(line_and_column("ab\ncé\nx", 4), (2, 2));
        assert_eq!(line_and_column("ab", 99), (1, 3));
    }
}
