//! The library's JSON writer: the bytes of serde_json's pretty and compact
//! forms (`to_string_pretty`, `to_string`) for the library's documents and
//! reports, without serde's derived writers.
//!
//! A derived `Serialize` compiled against serde_json's serializer is one
//! function per type with the formatter, key escaping and error handling
//! inlined at every field: the largest part of the page's JSON export code.
//! Here each type lists its fields once (`to_json_struct!`, next to the
//! type; a field left out does not compile) and writes each with two calls.
//! The types still derive `Serialize` for library users;
//! `tests/it/writer.rs` holds both to the same bytes.

use rust_decimal::Decimal;

/// A value the library writes as JSON: its documents, reports and their
/// parts. Written with [`crate::to_json`] (pretty) or
/// [`crate::to_compact_json`].
pub trait ToJson {
    /// Writes the value to `w`.
    fn write_json(&self, w: &mut JsonWriter);
}

/// JSON text being written, pretty (two-space indent) or compact.
pub struct JsonWriter {
    out: String,
    /// Nesting depth.
    level: usize,
    /// Whether the array or object being written has no value yet.
    first: bool,
    compact: bool,
}

impl JsonWriter {
    /// An empty writer; `compact` leaves out line breaks, indentation and
    /// the space after a colon.
    pub(crate) fn new(compact: bool) -> JsonWriter {
        JsonWriter {
            out: String::with_capacity(16 * 1024),
            level: 0,
            first: true,
            compact,
        }
    }

    /// The text written.
    pub(crate) fn finish(self) -> String {
        self.out
    }

    /// Before a member or an element: a comma unless it is the first, then
    /// (pretty) a line break and the indentation.
    fn next(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.line();
    }

    /// Pretty: a line break and the indentation, in one piece up to 32
    /// levels (a report has thousands of lines; one write each is faster
    /// in wasm than one per level).
    fn line(&mut self) {
        const LINE: &str = concat!(
            "\n",
            "                                ",
            "                                "
        );
        if self.compact {
            return;
        }
        let width = 2 * self.level;
        match LINE.get(..1 + width) {
            Some(line) => self.out.push_str(line),
            None => {
                self.out.push('\n');
                for _ in 0..self.level {
                    self.out.push_str("  ");
                }
            }
        }
    }

    /// Opens an object (`{`) or an array (`[`).
    pub(crate) fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.level += 1;
        self.first = true;
    }

    /// Closes an object (`}`) or an array (`]`): on its own line when it
    /// holds a value.
    pub(crate) fn close(&mut self, bracket: char) {
        self.level -= 1;
        if !self.first {
            self.line();
        }
        self.out.push(bracket);
        self.first = false;
    }

    /// The key of the next member of the object being written (a field
    /// name: no character needs escaping).
    pub(crate) fn key(&mut self, key: &str) {
        self.next();
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str(if self.compact { "\":" } else { "\": " });
    }

    /// A member: its key, then its value.
    pub(crate) fn field<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) {
        self.key(key);
        value.write_json(self);
    }

    /// Text as it is (a number, `null`, `true`).
    pub(crate) fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// A string, escaped as serde_json escapes it.
    pub(crate) fn string(&mut self, s: &str) {
        self.out.push('"');
        let mut start = 0;
        for (i, b) in s.bytes().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            self.out.push_str(&s[start..i]);
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.out.push_str("\\u00");
                self.out.push(char::from(HEX[usize::from(b >> 4)]));
                self.out.push(char::from(HEX[usize::from(b & 0xf)]));
            } else {
                self.out.push_str(escape);
            }
            start = i + 1;
        }
        self.out.push_str(&s[start..]);
        self.out.push('"');
    }
}

impl ToJson for str {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self);
    }
}

impl ToJson for String {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, w: &mut JsonWriter) {
        (**self).write_json(w);
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        (**self).write_json(w);
    }
}

impl ToJson for bool {
    fn write_json(&self, w: &mut JsonWriter) {
        w.raw(if *self { "true" } else { "false" });
    }
}

macro_rules! to_json_display {
    ($($ty:ty),*) => {
        $(impl ToJson for $ty {
            fn write_json(&self, w: &mut JsonWriter) {
                use std::fmt::Write as _;
                let _ = write!(w.out, "{self}");
            }
        })*
    };
}
to_json_display!(u32, u64, u128, usize, i64);

impl ToJson for f64 {
    /// As serde_json writes it: the shortest text that reads back (zmij),
    /// `null` when not finite.
    fn write_json(&self, w: &mut JsonWriter) {
        if self.is_finite() {
            w.raw(zmij::Buffer::new().format_finite(*self));
        } else {
            w.raw("null");
        }
    }
}

impl ToJson for Decimal {
    /// A decimal string (`"2.50"`): money and quantities are never floats.
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(&self.to_string());
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        match self {
            Some(v) => v.write_json(w),
            None => w.raw("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, w: &mut JsonWriter) {
        w.open('[');
        for item in self {
            w.next();
            item.write_json(w);
        }
        w.close(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        self.as_slice().write_json(w);
    }
}

impl<A: ToJson, B: ToJson> ToJson for (A, B) {
    /// A pair is a two-element array, as serde writes tuples.
    fn write_json(&self, w: &mut JsonWriter) {
        w.open('[');
        w.next();
        self.0.write_json(w);
        w.next();
        self.1.write_json(w);
        w.close(']');
    }
}

/// Implements [`ToJson`] for a struct with named fields, next to its
/// definition: every field once, in order, as serde's derive writes them.
/// `field: skip_none` leaves out a `None` (serde's
/// `skip_serializing_if = "Option::is_none"`), `field: skip_empty` an empty
/// `Vec`, `field: skip` the field always (`#[serde(skip)]`).
///
/// ```ignore
/// to_json_struct!(Staircase { tokens_per_day_per_step, min_steps, max_steps });
/// ```
macro_rules! to_json_struct {
    ($ty:ident { $($field:ident $(: $rule:ident)?),* $(,)? }) => {
        impl $crate::write::ToJson for $ty {
            fn write_json(&self, w: &mut $crate::write::JsonWriter) {
                w.open('{');
                $crate::write::WriteFields::write_fields(self, w);
                w.close('}');
            }
        }

        impl $crate::write::WriteFields for $ty {
            fn write_fields(&self, w: &mut $crate::write::JsonWriter) {
                let $ty { $($field),* } = self;
                $( to_json_struct!(@field w, $field $(: $rule)?); )*
            }
        }
    };
    (@field $w:ident, $field:ident) => {
        $w.field(stringify!($field), $field)
    };
    (@field $w:ident, $field:ident : skip_none) => {
        if $field.is_some() {
            $w.field(stringify!($field), $field)
        }
    };
    (@field $w:ident, $field:ident : skip_empty) => {
        if !$field.is_empty() {
            $w.field(stringify!($field), $field)
        }
    };
    (@field $w:ident, $field:ident : skip) => {
        let _ = $field;
    };
}

/// Implements [`ToJson`] for an enum of unit variants, written as their
/// names: `to_json_enum!(Billing { always_on => AlwaysOn, scaled => Scaled })`.
macro_rules! to_json_enum {
    ($ty:ident { $($name:ident => $variant:ident),* $(,)? }) => {
        impl $crate::write::ToJson for $ty {
            fn write_json(&self, w: &mut $crate::write::JsonWriter) {
                w.string(match self {
                    $($ty::$variant => stringify!($name)),*
                });
            }
        }
    };
}

/// A struct's members without the braces around them: how an internally
/// tagged enum (`CostCurve`) writes its variant's fields after its tag.
pub(crate) trait WriteFields {
    /// Writes the members into the object being written.
    fn write_fields(&self, w: &mut JsonWriter);
}
