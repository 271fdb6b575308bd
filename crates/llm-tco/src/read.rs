//! The typed reader of documents (scenarios, catalogs, estimate requests,
//! calibration files): a document is parsed once into a [`Json`] tree and
//! each type reads itself from it ([`FromJson`]), with serde's messages
//! ("missing field `x`", "unknown field `x`, expected one of …", "invalid
//! type: …, expected …") and the path of the field at fault.
//!
//! Why not serde's derived readers: each derived reader is a visitor whose
//! code is compiled once per type and per deserializer, with the parser
//! inlined into it; for the scenario's and catalog's 37 types that was the
//! largest single part of the wasm modules (see docs/performance.md). Here
//! a field costs one lookup and one call to its type's reader. The types
//! still derive `Deserialize` for library users; a test reads every fixture
//! both ways and compares.

use crate::error::{Error, ErrorKind};
use rust_decimal::Decimal;
use std::fmt;

/// A JSON value as the reader sees it. Numbers are kept as serde_json
/// reads them (a whole number as `U64` or `I64`, any other as `F64`), so
/// reading is the same as serde's; object members keep their order and
/// their duplicates (a duplicate is an error when a type reads it).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number from 0 to `u64::MAX`.
    U64(u64),
    /// A negative whole number within 64 bits.
    I64(i64),
    /// Any other number.
    F64(f64),
    /// A string.
    Str(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, members in document order.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The value as a message names it: a scalar as JSON writes it
    /// (`2`, `1.0`, `"1"`, `null`), an array or an object by its kind.
    pub(crate) fn describe(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(b) => b.to_string(),
            Json::U64(n) => n.to_string(),
            Json::I64(n) => n.to_string(),
            Json::F64(x) => float_text(*x),
            Json::Str(s) => format!("{s:?}"),
            Json::Array(_) => "an array".into(),
            Json::Object(_) => "an object".into(),
        }
    }

    /// The value of member `key` of an object (the last one, as a JSON
    /// object map keeps it), or `None` for a missing key or a non-object.
    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string value.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The items of an array value.
    pub(crate) fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// Whether the value is an object.
    pub(crate) fn is_object(&self) -> bool {
        matches!(self, Json::Object(_))
    }
}

/// Parses one JSON value from `text` (a line of a JSON Lines log): the
/// value, then nothing but whitespace.
pub(crate) fn parse_value(text: &str) -> Result<Json, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let json = tree(&mut de)?;
    de.end()?;
    Ok(json)
}

/// A float as serde writes it in messages: with a decimal point even when
/// it is whole (`5.0`), so that it does not read as an integer.
fn float_text(x: f64) -> String {
    let text = crate::num::shortest_text(x);
    if text.contains(['.', 'e', 'i', 'N']) {
        text
    } else {
        text + ".0"
    }
}

/// The result of reading: errors are the library's [`Error`], their path
/// relative to the value read (the callers put the field in front with
/// [`Error::within`]).
pub(crate) type ReadResult<T> = crate::Result<T>;

/// An error at the value being read.
pub(crate) fn error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Syntax, "", message)
}

/// serde's "invalid type: `found`, expected `expected`".
fn invalid_type(found: &Json, expected: &str) -> Error {
    error(format!("invalid type: {}, expected {expected}", Unexpected(found)))
}

/// A value as serde_json names it in "invalid type" messages.
struct Unexpected<'a>(&'a Json);

impl fmt::Display for Unexpected<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Json::Null => f.write_str("null"),
            Json::Bool(b) => write!(f, "boolean `{b}`"),
            Json::U64(n) => write!(f, "integer `{n}`"),
            Json::I64(n) => write!(f, "integer `{n}`"),
            Json::F64(x) => write!(f, "floating point `{}`", float_text(*x)),
            Json::Str(s) => write!(f, "string {s:?}"),
            Json::Array(_) => f.write_str("sequence"),
            Json::Object(_) => f.write_str("map"),
        }
    }
}

/// serde's list of what was expected: "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
struct OneOf(&'static [&'static str]);

impl fmt::Display for OneOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [] => f.write_str("nothing"),
            [a] => write!(f, "`{a}`"),
            [a, b] => write!(f, "`{a}` or `{b}`"),
            names => {
                f.write_str("one of ")?;
                for (i, name) in names.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "`{name}`")?;
                }
                Ok(())
            }
        }
    }
}

/// A type read from a [`Json`] value.
pub(crate) trait FromJson: Sized {
    /// Reads `json` as `Self`; the error's path is relative to `json`.
    fn from_json(json: &Json) -> ReadResult<Self>;
}

impl FromJson for String {
    fn from_json(json: &Json) -> ReadResult<String> {
        match json {
            Json::Str(s) => Ok(s.clone()),
            other => Err(invalid_type(other, "a string")),
        }
    }
}

impl FromJson for bool {
    fn from_json(json: &Json) -> ReadResult<bool> {
        match json {
            Json::Bool(b) => Ok(*b),
            other => Err(invalid_type(other, "a boolean")),
        }
    }
}

impl FromJson for u64 {
    fn from_json(json: &Json) -> ReadResult<u64> {
        whole(json, "u64", u64::MAX)
    }
}

impl FromJson for u32 {
    fn from_json(json: &Json) -> ReadResult<u32> {
        // In range by the bound.
        whole(json, "u32", u64::from(u32::MAX)).map(|n| n as u32)
    }
}

/// A whole number from 0 to `max`, named `name` in errors (as serde names
/// the integer types).
fn whole(json: &Json, name: &str, max: u64) -> ReadResult<u64> {
    match json {
        Json::U64(n) if *n <= max => Ok(*n),
        Json::U64(_) | Json::I64(_) => Err(error(format!("invalid value: {}, expected {name}", Unexpected(json)))),
        other => Err(invalid_type(other, name)),
    }
}

impl FromJson for f64 {
    fn from_json(json: &Json) -> ReadResult<f64> {
        match json {
            Json::U64(n) => Ok(*n as f64),
            Json::I64(n) => Ok(*n as f64),
            Json::F64(x) => Ok(*x),
            other => Err(invalid_type(other, "f64")),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(json: &Json) -> ReadResult<Vec<T>> {
        match json {
            Json::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| T::from_json(item).map_err(|e| e.within(&format!("[{i}]"))))
                .collect(),
            other => Err(invalid_type(other, "a sequence")),
        }
    }
}

/// Money and other exact decimals: a decimal string only (see
/// [`crate::num::dec_str`]).
pub(crate) fn dec_str(json: &Json) -> ReadResult<Decimal> {
    match json {
        Json::Str(s) => crate::num::parse_decimal(s).map_err(error),
        other => Err(invalid_type(other, "a decimal string such as \"2.50\"")),
    }
}

/// A quantity that is not money: a decimal string or a number, a number
/// read through its shortest decimal text (see [`crate::num::qty`]).
pub(crate) fn qty(json: &Json) -> ReadResult<Decimal> {
    match json {
        Json::Str(s) => crate::num::parse_decimal(s).map_err(error),
        Json::U64(n) => Ok(Decimal::from(*n)),
        Json::I64(n) => Ok(Decimal::from(*n)),
        Json::F64(x) => crate::num::from_f64(*x, "number").map_err(|e| error(e.message())),
        other => Err(invalid_type(other, "a number or a decimal string")),
    }
}

/// Reads a one-word enum: the index of `json`'s text in `variants`.
pub(crate) fn variant(json: &Json, variants: &'static [&'static str]) -> ReadResult<usize> {
    match json {
        Json::Str(s) => variants
            .iter()
            .position(|v| v == s)
            .ok_or_else(|| error(format!("unknown variant `{s}`, expected {}", OneOf(variants)))),
        other => Err(invalid_type(other, &OneOf(variants).to_string())),
    }
}

/// The members of an object being read as a struct with the fields
/// `fields`: [`Object::new`] refuses a value that is not an object, an
/// unknown member and a duplicate one, so the readers below only look up
/// (with [`Json::get`]).
pub(crate) struct Object<'a> {
    json: &'a Json,
}

impl<'a> Object<'a> {
    /// `json` as an object of struct `name` (`"struct WorkloadSpec"` in
    /// errors), whose fields are `fields`.
    pub(crate) fn new(json: &'a Json, name: &str, fields: &'static [&'static str]) -> ReadResult<Object<'a>> {
        let Json::Object(members) = json else {
            return Err(invalid_type(json, name));
        };
        for (i, (key, _)) in members.iter().enumerate() {
            if !fields.contains(&key.as_str()) {
                return Err(error(format!("unknown field `{key}`, expected {}", OneOf(fields))).within(key));
            }
            if members[..i].iter().any(|(k, _)| k == key) {
                return Err(error(format!("duplicate field `{key}`")).within(key));
            }
        }
        Ok(Object { json })
    }

    fn get(&self, key: &str) -> Option<&'a Json> {
        self.json.get(key)
    }

    /// A field that must be present, read by `read`.
    pub(crate) fn required<T>(&self, key: &'static str, read: fn(&Json) -> ReadResult<T>) -> ReadResult<T> {
        match self.get(key) {
            Some(json) => read(json).map_err(|e| e.within(key)),
            None => Err(error(format!("missing field `{key}`"))),
        }
    }

    /// An optional field: absent or `null` is `None`.
    pub(crate) fn optional<T>(&self, key: &'static str, read: fn(&Json) -> ReadResult<T>) -> ReadResult<Option<T>> {
        match self.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(json) => read(json).map(Some).map_err(|e| e.within(key)),
        }
    }

    /// A field with a default value when absent (`null` is an error, as
    /// with serde's `#[serde(default)]`).
    pub(crate) fn or_default<T: Default>(&self, key: &'static str, read: fn(&Json) -> ReadResult<T>) -> ReadResult<T> {
        match self.get(key) {
            None => Ok(T::default()),
            Some(json) => read(json).map_err(|e| e.within(key)),
        }
    }
}

/// Implements [`FromJson`] for a struct from its fields, each read as
/// `required`, `optional` or `or_default` (see [`Object`]) by its type's
/// reader or by the one named in parentheses (`dec_str`, `qty`):
///
/// ```ignore
/// from_json_struct!(RangeSpec { min_tokens_per_day: optional(qty), points: optional });
/// ```
///
/// A field missing from the list is a compile error (the struct literal),
/// so the reader cannot fall behind the type.
macro_rules! from_json_struct {
    ($ty:ident { $($field:ident: $how:ident $(($read:expr))?),* $(,)? }) => {
        impl $crate::read::FromJson for $ty {
            fn from_json(json: &$crate::read::Json) -> $crate::read::ReadResult<Self> {
                const FIELDS: &[&str] = &[$(stringify!($field)),*];
                let object = $crate::read::Object::new(json, concat!("struct ", stringify!($ty)), FIELDS)?;
                Ok($ty { $($field: object.$how(stringify!($field), from_json_struct!(@read $($read)?))?),* })
            }
        }
    };
    (@read) => { $crate::read::FromJson::from_json };
    (@read $read:expr) => { $read };
}

/// Implements [`FromJson`] for a one-word enum from its names in documents:
///
/// ```ignore
/// from_json_enum!(Billing { always_on => AlwaysOn, scaled => Scaled });
/// ```
macro_rules! from_json_enum {
    ($ty:ident { $($name:ident => $variant:ident),* $(,)? }) => {
        impl $crate::read::FromJson for $ty {
            fn from_json(json: &$crate::read::Json) -> $crate::read::ReadResult<Self> {
                const NAMES: &[&str] = &[$(stringify!($name)),*];
                const VALUES: &[$ty] = &[$($ty::$variant),*];
                // `variant` returns an index into NAMES, as long as VALUES.
                Ok(VALUES[$crate::read::variant(json, NAMES)?])
            }
        }
        // Written by the same names.
        to_json_enum!($ty { $($name => $variant),* });
    };
}

/// Builds a [`Json`] tree from serde_json's reader: one visitor for every
/// document, so syntax errors are serde_json's own.
struct TreeVisitor;

impl<'de> serde::de::Visitor<'de> for TreeVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::U64(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(if v >= 0 { Json::U64(v as u64) } else { Json::I64(v) })
    }
    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        Ok(Json::F64(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::Str(v))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Tree)? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            members.push((key, map.next_value_seed(Tree)?));
        }
        Ok(Json::Object(members))
    }
}

/// The seed that reads one [`Json`] value.
struct Tree;

impl<'de> serde::de::DeserializeSeed<'de> for Tree {
    type Value = Json;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(TreeVisitor)
    }
}

/// Reads one JSON value from `d` (serde_json's reader) into a tree: one
/// visitor for every document, so syntax errors are serde_json's own.
pub(crate) fn tree<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
    serde::de::DeserializeSeed::deserialize(Tree, d)
}
