//! Checked decimal arithmetic and the serde forms of numbers in files.
//!
//! Money is `rust_decimal::Decimal`: a value m / 10^e with -2^96 < m < 2^96
//! and 0 <= e <= 28. Every operation on values derived from user input goes
//! through the checked helpers here, so an overflow is an [`Error`] of kind
//! `Overflow`, never a panic.

use crate::error::{Error, Result};
use rust_decimal::prelude::*;
use rust_decimal::Decimal;

/// `a * b`, or an overflow error naming `what`.
pub(crate) fn mul(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    a.checked_mul(b).ok_or_else(|| Error::overflow(what))
}

/// `a + b`, or an overflow error naming `what`.
pub(crate) fn add(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    a.checked_add(b).ok_or_else(|| Error::overflow(what))
}

/// `a - b`, or an overflow error naming `what`.
pub(crate) fn sub(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    a.checked_sub(b).ok_or_else(|| Error::overflow(what))
}

/// `a / b`; dividing by zero or overflowing is an error naming `what`.
pub(crate) fn div(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    if b.is_zero() {
        return Err(Error::invalid("", format!("{what}: division by zero")));
    }
    a.checked_div(b).ok_or_else(|| Error::overflow(what))
}

/// Sum of `values`, checked.
pub(crate) fn sum(values: impl IntoIterator<Item = Decimal>, what: &str) -> Result<Decimal> {
    values.into_iter().try_fold(Decimal::ZERO, |acc, v| add(acc, v, what))
}

/// The smallest whole number >= `x`, as u64, or an error when it does not fit.
pub(crate) fn ceil_u64(x: Decimal, what: &str) -> Result<u64> {
    x.ceil()
        .to_u64()
        .ok_or_else(|| Error::new(crate::ErrorKind::Limit, "", format!("{what} is too large ({x})")))
}

/// A `Decimal` from a finite `f64`, exactly as its shortest decimal text
/// ("0.1" stays 0.1). Deterministic on every platform.
pub(crate) fn from_f64(x: f64, what: &str) -> Result<Decimal> {
    if !x.is_finite() {
        return Err(Error::invalid("", format!("{what} is not a finite number")));
    }
    let text = x.to_string();
    if let Some(d) = positive_decimal_text(&text) {
        return Ok(d);
    }
    Decimal::from_str(&text)
        .or_else(|_| Decimal::from_scientific(&format!("{x:e}")))
        .map_err(|_| Error::overflow(what))
}

/// The value of plain positive decimal text of at most 19 digits
/// ("1778279.410038923"): its digits are the mantissa, those after the point
/// the scale, as `Decimal::from_str` reads it, without its general parser
/// (a chart's sampled volumes come through here by the hundred). None for
/// any other text.
fn positive_decimal_text(text: &str) -> Option<Decimal> {
    let mut mantissa: u64 = 0;
    let mut digits = 0u32;
    let mut scale: Option<u32> = None;
    for b in text.bytes() {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                if digits > 19 {
                    return None;
                }
                mantissa = mantissa * 10 + u64::from(b - b'0');
                if let Some(s) = scale.as_mut() {
                    *s += 1;
                }
            }
            b'.' if scale.is_none() => scale = Some(0),
            _ => return None,
        }
    }
    if digits == 0 || mantissa == 0 {
        return None;
    }
    Some(Decimal::from_i128_with_scale(i128::from(mantissa), scale.unwrap_or(0)))
}

/// Rounds `x` to `dp` decimal places, half away from zero: the one rounding
/// rule used for everything shown to a user.
pub fn round_dp(x: Decimal, dp: u32) -> Decimal {
    x.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// Serde form of money and other exact decimals: a decimal string only
/// (`"2.50"`), so no float ever rounds a price on the way in.
pub(crate) mod dec_str {
    use rust_decimal::Decimal;
    use serde::{de, Deserializer, Serializer};
    use std::fmt;
    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&value.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(Visitor)
    }

    struct Visitor;

    impl de::Visitor<'_> for Visitor {
        type Value = Decimal;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a decimal string such as \"2.50\"")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
            super::parse_decimal(v).map_err(E::custom)
        }
    }
}

/// Serde form of an optional exact decimal (see [`dec_str`]).
pub(crate) mod opt_dec_str {
    use rust_decimal::Decimal;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => super::dec_str::serialize(v, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        d.deserialize_option(super::OptDecStrVisitor)
    }
}

/// Serde form of a quantity that is not money (a share, a ratio, a count of
/// tokens): a decimal string or a plain number. Numbers are read through
/// their shortest decimal text, so `0.3` is exactly 0.3; NaN and infinities
/// are refused. Written back as a decimal string.
pub(crate) mod qty {
    use rust_decimal::Decimal;
    use serde::{de, Deserializer, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        super::dec_str::serialize(value, s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(Visitor)
    }

    struct Visitor;

    impl de::Visitor<'_> for Visitor {
        type Value = Decimal;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a number or a decimal string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
            super::parse_decimal(v).map_err(E::custom)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
            if !v.is_finite() {
                return Err(E::custom(format!("{v} is not a finite number")));
            }
            super::from_f64(v, "number").map_err(|e| E::custom(e.message()))
        }
    }
}

/// Serde form of an optional quantity (see [`qty`]).
pub(crate) mod opt_qty {
    use rust_decimal::Decimal;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => super::qty::serialize(v, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        d.deserialize_option(super::OptQtyVisitor)
    }
}

/// A number written as JSON writes one (`2.5`, `-3`, `1e-6`, a Decimal's
/// text), read by the documents' own reader: the page reads the reports'
/// decimal strings and its inputs with it, so it carries one float parser
/// (serde_json's), not the standard library's as well (15 KB gzipped).
/// The nearest float for whole numbers and for up to 15 significant
/// digits times a power of ten up to 22 (every price, share and count the
/// page shows); beyond, a few units in the last place off, as JSON
/// documents have always been read. `None` for anything else (`+1`, `.5`,
/// `inf`) or past `f64`'s range.
pub fn parse_f64(text: &str) -> Option<f64> {
    use crate::read::Json;
    match crate::read::parse_value(text).ok()? {
        Json::F64(x) => Some(x),
        Json::U64(n) => Some(n as f64),
        Json::I64(n) => Some(n as f64),
        _ => None,
    }
}

/// Parses a decimal string, plain (`"2.50"`) or scientific (`"1e9"`).
pub(crate) fn parse_decimal(v: &str) -> std::result::Result<Decimal, String> {
    let t = v.trim();
    if t.is_empty() {
        return Err("expected a decimal number, found an empty string".into());
    }
    Decimal::from_str(t)
        .or_else(|_| Decimal::from_scientific(t))
        .map_err(|_| {
            if t.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
            {
                format!("{v:?} is outside the decimal range (at most about 7.9e28, 28 decimal places)")
            } else {
                format!("{v:?} is not a decimal number")
            }
        })
}

macro_rules! opt_visitor {
    ($name:ident, $inner:path) => {
        pub(crate) struct $name;

        impl<'de> serde::de::Visitor<'de> for $name {
            type Value = Option<Decimal>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a decimal or null")
            }
            fn visit_none<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<Self::Value, D::Error> {
                $inner(d).map(Some)
            }
        }
    };
}

opt_visitor!(OptDecStrVisitor, dec_str::deserialize);
opt_visitor!(OptQtyVisitor, qty::deserialize);

/// Sorts `items` by `less`, stable, in place: an insertion sort, for the
/// short lists of reports (a few dozen rows), where it is as fast as any
/// and compiles to far less code than the standard library's sorts (the
/// wasm module's size matters).
pub(crate) fn insertion_sort_by<T>(items: &mut [T], less: impl Fn(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && less(&items[j], &items[j - 1]) {
            items.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// Sorts `items` ascending in place: a heap sort, O(n log n) with no
/// allocation, for the Monte Carlo samples; a few dozen instructions of
/// code where the standard library's sorts compile to kilobytes per type.
pub(crate) fn heap_sort<T: Ord>(items: &mut [T]) {
    fn sift_down<T: Ord>(items: &mut [T], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && items[child] < items[child + 1] {
                child += 1;
            }
            if items[root] >= items[child] {
                return;
            }
            items.swap(root, child);
            root = child;
        }
    }
    let n = items.len();
    for start in (0..n / 2).rev() {
        sift_down(items, start, n);
    }
    for end in (1..n).rev() {
        items.swap(0, end);
        sift_down(items, 0, end);
    }
}

#[cfg(test)]
mod tests {
    use super::{from_f64, positive_decimal_text};
    use rust_decimal::Decimal;
    use std::str::FromStr;

    /// Decimals compare by value; the text they write also needs the scale.
    fn parts(d: Option<Decimal>) -> Option<(i128, u32)> {
        d.map(|d| (d.mantissa(), d.scale()))
    }

    #[test]
    fn the_short_reader_reads_what_decimal_reads() {
        for text in [
            "1",
            "100000",
            "0.1",
            "1778279.410038923",
            "9999999999999999999",
            "12.",
            "0.000001",
        ] {
            assert_eq!(
                parts(positive_decimal_text(text)),
                parts(Decimal::from_str(text).ok()),
                "{text}"
            );
        }
        for text in [
            "",
            ".",
            "0",
            "0.0",
            "-1",
            "1e5",
            "1.2.3",
            "10000000000000000000",
            "inf",
            "NaN",
        ] {
            assert_eq!(positive_decimal_text(text), None, "{text}");
        }
        // Floats of every size through from_f64, as Decimal reads their text.
        let mut x = 1.234_567_890_123e-9_f64;
        while x < 1e20 {
            for v in [x, x * 1.000_000_1, 1.0 / x] {
                let text = v.to_string();
                let by_parser = Decimal::from_str(&text)
                    .or_else(|_| Decimal::from_scientific(&format!("{v:e}")))
                    .ok();
                assert_eq!(parts(from_f64(v, "x").ok()), parts(by_parser), "{text}");
            }
            x *= 1.789;
        }
    }
}
