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
    let short = Shortest::of(x);
    if let Some(d) = short.decimal() {
        return Ok(d);
    }
    // More than 28 places or above 2^96: as Decimal reads the text.
    Decimal::from_str(&short.plain())
        .or_else(|_| Decimal::from_scientific(&short.scientific()))
        .map_err(|_| Error::overflow(what))
}

/// `x` as the standard library's `Display` writes it (`0.1`, `1500`,
/// `0.0000001`, `-0`, `NaN`, `inf`): the shortest decimal that reads back
/// as `x`, never with an exponent. Written from zmij's digits (the JSON
/// writer's float formatter), so the page does not also link the standard
/// library's float formatting.
pub fn shortest_text(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        Shortest::of(x).plain()
    }
}

/// `x` rounded to `dp` decimal places, half away from zero (as
/// [`round_dp`]), written with exactly `dp` of them: `fixed(2.25, 1)` is
/// `"2.3"`, `fixed(3.0, 2)` is `"3.00"`. The rounding starts from the
/// shortest text of `x` (2.25, not the binary 2.2499999…), so a number shown
/// rounds as it reads. Non-finite numbers and numbers beyond the decimal
/// range (about 7.9e28) are written as [`shortest_text`] writes them.
pub fn fixed(x: f64, dp: u32) -> String {
    match from_f64(x, "") {
        Ok(d) => fixed_decimal(d, dp),
        Err(_) => shortest_text(x),
    }
}

/// `x` rounded half away from zero to `dp` places (as [`round_dp`]) and
/// written with exactly `dp` decimals ("12.30", "-0.50", "0.0000"; never
/// "-0.00").
///
/// Computed on the mantissa: |m| / 10^(scale − dp), rounded up when the
/// remainder is at least half the divisor. One 128-bit division instead of
/// Decimal's rounding, which divides by ten digit by digit (a report writes
/// thousands of these, most from 28-digit quotients); the same text, which
/// the tests compare with `round_dp` and Decimal's own formatting.
pub(crate) fn fixed_decimal(x: Decimal, dp: u32) -> String {
    let (m, scale) = (x.mantissa(), x.scale());
    // The digits to write are `units` followed by `zeros` zeros, the last
    // `dp` of them after the point.
    let (units, zeros) = if scale <= dp {
        (m.unsigned_abs(), (dp - scale) as usize)
    } else {
        // 10^(scale − dp) ≤ 10^28 fits in u128.
        let divisor = 10u128.pow(scale - dp);
        let abs = m.unsigned_abs();
        let (q, r) = (abs / divisor, abs % divisor);
        (if r >= divisor - r { q + 1 } else { q }, 0)
    };
    // The digits of `units`, written into a buffer (quicker than a
    // formatter); beyond 1.8e19 units, no report amount, from the u128's text.
    let mut buf = [0u8; 20];
    let wide;
    let digits = match u64::try_from(units) {
        Ok(mut v) => {
            let mut at = buf.len();
            loop {
                at -= 1;
                // `v % 10` is a digit.
                buf[at] = b'0' + (v % 10) as u8;
                v /= 10;
                if v == 0 {
                    break;
                }
            }
            std::str::from_utf8(&buf[at..]).unwrap_or("0")
        }
        Err(_) => {
            wide = units.to_string();
            wide.as_str()
        }
    };
    // Places after the point taken from `digits` (the rest are `zeros`).
    let shown = dp as usize - zeros;
    let (whole, fraction) = digits.split_at(digits.len().saturating_sub(shown));
    let mut out = String::with_capacity(digits.len() + dp as usize + 3);
    if m < 0 && units != 0 {
        out.push('-');
    }
    out.push_str(if whole.is_empty() { "0" } else { whole });
    if dp > 0 {
        out.push('.');
        out.extend(std::iter::repeat_n('0', shown - fraction.len()));
        out.push_str(fraction);
        out.extend(std::iter::repeat_n('0', zeros));
    }
    out
}

/// The shortest decimal digits that read back as a finite `f64`.
struct Shortest {
    negative: bool,
    /// Significant digits, no leading or trailing zero; empty for zero.
    digits: Vec<u8>,
    /// Digits before the decimal point: the value is
    /// `0.digits × 10^point`.
    point: i32,
}

impl Shortest {
    fn of(x: f64) -> Shortest {
        let mut buffer = zmij::Buffer::new();
        let text = buffer.format_finite(x);
        let (negative, text) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        // zmij writes "1500.0", "0.001234" or "1.234e+33".
        let (mantissa, exponent) = match text.split_once('e') {
            Some((m, e)) => (m, e.trim_start_matches('+').parse::<i32>().unwrap_or(0)),
            None => (text, 0),
        };
        let mut digits = Vec::with_capacity(mantissa.len());
        let mut point = mantissa.find('.').unwrap_or(mantissa.len()) as i32;
        for b in mantissa.bytes().filter(u8::is_ascii_digit) {
            if b == b'0' && digits.is_empty() {
                point -= 1;
            } else {
                digits.push(b);
            }
        }
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        Shortest {
            negative,
            point: if digits.is_empty() { 1 } else { point + exponent },
            digits,
        }
    }

    /// The Decimal its plain text reads as (digits as the mantissa, the
    /// places after the point as the scale: `1500` and `1778279.41` keep
    /// theirs), built from the digits without that text; None beyond 28
    /// places or 2^96.
    fn decimal(&self) -> Option<Decimal> {
        // At most 17 significant digits: no overflow.
        let digits = self.digits.iter().fold(0i128, |m, b| m * 10 + i128::from(b - b'0'));
        let places = self.digits.len() as i32 - self.point;
        let (mantissa, scale) = if places < 0 {
            (digits.checked_mul(10i128.checked_pow(places.unsigned_abs())?)?, 0)
        } else {
            (digits, places.unsigned_abs())
        };
        let mantissa = if self.negative { -mantissa } else { mantissa };
        Decimal::try_from_i128_with_scale(mantissa, scale).ok()
    }

    /// As `Display` writes it: `1500`, `0.001234`, `-0`.
    fn plain(&self) -> String {
        let mut out = String::with_capacity(self.digits.len() + 8);
        if self.negative {
            out.push('-');
        }
        let digits = std::str::from_utf8(&self.digits).unwrap_or_default();
        let len = self.digits.len() as i32;
        if self.digits.is_empty() {
            out.push('0');
        } else if self.point <= 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-self.point) as usize));
            out.push_str(digits);
        } else if self.point >= len {
            out.push_str(digits);
            out.extend(std::iter::repeat_n('0', (self.point - len) as usize));
        } else {
            let (int, frac) = digits.split_at(self.point as usize);
            out.push_str(int);
            out.push('.');
            out.push_str(frac);
        }
        out
    }

    /// As `LowerExp` writes it: `1.234e33`, `1e-7`, `0e0`.
    fn scientific(&self) -> String {
        let digits = std::str::from_utf8(&self.digits).unwrap_or_default();
        let (first, rest) = digits.split_at(digits.len().min(1));
        let exponent = if digits.is_empty() { 0 } else { self.point - 1 };
        format!(
            "{}{}{}{rest}e{exponent}",
            if self.negative { "-" } else { "" },
            if first.is_empty() { "0" } else { first },
            if rest.is_empty() { "" } else { "." },
        )
    }
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
        fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
            Decimal::try_from_i128_with_scale(v, 0)
                .map_err(|_| E::custom(format!("{v} is outside the decimal range (at most about 7.9e28)")))
        }
        fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
            match i128::try_from(v) {
                Ok(v) => self.visit_i128(v),
                Err(_) => Err(E::custom(format!(
                    "{v} is outside the decimal range (at most about 7.9e28)"
                ))),
            }
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
            if !v.is_finite() {
                return Err(E::custom(format!("{} is not a finite number", super::shortest_text(v))));
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

/// Serde reader of a date written as text (`"2026-12-01"`); in TOML also
/// an unquoted date (`as_of = 2026-12-01`), read as the text it writes.
pub(crate) mod date_text {
    use serde::{de, Deserializer};
    use std::fmt;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        d.deserialize_any(Visitor)
    }

    /// The optional form: `null` is `None`.
    pub fn deserialize_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_option(OptVisitor)
    }

    struct OptVisitor;

    impl<'de> de::Visitor<'de> for OptVisitor {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a date as text (YYYY-MM-DD) or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            deserialize(d).map(Some)
        }
    }

    struct Visitor;

    impl<'de> de::Visitor<'de> for Visitor {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a date as text (YYYY-MM-DD)")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        #[cfg(feature = "toml")]
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
            // The toml crate hands a datetime over as a one-entry map.
            use serde::Deserialize;
            toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map)).map(|d| d.to_string())
        }
    }
}

/// A finite number written as JSON writes one (`2.5`, `-3`, `1e-6`, a
/// Decimal's text), read by serde_json; `None` for anything else (`+1`,
/// `.5`, `inf`) or past `f64`'s range.
pub fn parse_f64(text: &str) -> Option<f64> {
    serde_json::from_str::<f64>(text).ok()
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

#[cfg(test)]
mod tests {
    use super::{fixed, fixed_decimal, from_f64, shortest_text, Shortest};
    use rust_decimal::Decimal;
    use std::str::FromStr;

    /// Decimals compare by value; the text they write also needs the scale.
    fn parts(d: Option<Decimal>) -> Option<(i128, u32)> {
        d.map(|d| (d.mantissa(), d.scale()))
    }

    #[test]
    fn from_f64_reads_floats_of_every_size_as_decimal_reads_their_text() {
        // Floats of every size through from_f64, as Decimal reads their text.
        let mut x = 1.234_567_890_123e-9_f64;
        while x < 1e20 {
            for v in [x, x * 1.000_000_1, 1.0 / x] {
                assert_eq!(parts(from_f64(v, "x").ok()), parts(by_decimal(v)), "{v:e}");
            }
            x *= 1.789;
        }
    }

    /// `v` as rust_decimal reads the standard library's text of it (plain,
    /// or scientific beyond the plain range); at a tie between two shortest
    /// texts (see `shortest_text_is_the_standard_display`), zmij's.
    fn by_decimal(v: f64) -> Option<Decimal> {
        let (mut plain, mut scientific) = (v.to_string(), format!("{v:e}"));
        if shortest_text(v) != plain {
            plain = shortest_text(v);
            scientific = Shortest::of(v).scientific();
            assert_eq!(scientific.parse::<f64>(), Ok(v));
        }
        Decimal::from_str(&plain)
            .or_else(|_| Decimal::from_scientific(&scientific))
            .ok()
    }

    /// Every kind of float: zero, subnormal, the extremes, integers,
    /// powers of ten and a spread of bit patterns.
    fn floats() -> Vec<f64> {
        let mut all = vec![
            0.0,
            -0.0,
            f64::MIN_POSITIVE,
            5e-324,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            1.0,
            0.1,
            0.3,
            2.25,
            1.005,
            1500.0,
            123_456_789_012_345_680.0,
            9_007_199_254_740_993.0,
            7.9e28,
            1e-28,
            1.5e-29,
        ];
        for e in -30..=30 {
            all.push(10f64.powi(e));
            all.push(-(10f64.powi(e)) * 1.5);
        }
        for i in 0..10_000 {
            all.push(f64::from(i) * 1.37 / 7.0);
        }
        let mut bits: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            bits ^= bits << 13;
            bits ^= bits >> 7;
            bits ^= bits << 17;
            let v = f64::from_bits(bits);
            if v.is_finite() {
                all.push(v);
            }
        }
        all
    }

    #[test]
    fn shortest_text_is_the_standard_display() {
        let mut ties = 0;
        for v in floats().into_iter().chain([f64::NAN, f64::INFINITY, f64::NEG_INFINITY]) {
            let (ours, std) = (shortest_text(v), v.to_string());
            if ours != std {
                // Two texts of the fewest digits, equally near: zmij and
                // the standard library may pick either; both read back.
                assert_eq!(ours.len(), std.len(), "{v:e}: {ours} against {std}");
                assert_eq!(ours.parse::<f64>(), Ok(v), "{ours}");
                ties += 1;
            }
        }
        assert!(ties < 100, "{ties} ties");
    }

    #[test]
    fn from_f64_reads_the_standard_display_text() {
        for v in floats() {
            assert_eq!(parts(from_f64(v, "x").ok()), parts(by_decimal(v)), "{v:e}");
        }
    }

    /// What `fixed_decimal` must write: Decimal's own rounding, rescaling
    /// and formatting (for amounts whose every digit fits `dp` places).
    fn decimal_rounding(x: Decimal, dp: u32) -> String {
        let mut r = super::round_dp(x, dp);
        r.rescale(dp);
        assert_eq!(r.scale(), dp, "{x} fits {dp} places");
        if r.is_zero() {
            r.set_sign_positive(true);
        }
        r.to_string()
    }

    #[test]
    fn fixed_decimal_writes_what_decimal_rounding_writes() {
        let mut cases = vec![
            Decimal::ZERO,
            Decimal::new(5, 3),
            Decimal::new(-5, 3),
            Decimal::new(-4, 3),
            Decimal::new(125, 2),
            Decimal::new(-12_345, 4),
            Decimal::new(5, 5),
            Decimal::MAX / Decimal::from(100_000),
            Decimal::MIN / Decimal::from(100_000),
            Decimal::from(1_000_000_007) / Decimal::from(3),
            Decimal::from(2) / Decimal::from(3),
            -Decimal::from(2) / Decimal::from(3),
        ];
        // Mantissas and scales of every size, ties included (…5 at dp + 1).
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..20_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let hi = (state >> 32) as u32;
            let lo = state as u32;
            let scale = (state >> 7) as u32 % 29;
            let mid = if state & 1 == 0 { 0 } else { hi.rotate_left(7) };
            // At most 2^80: every amount keeps 4 more places.
            let mut d = Decimal::from_parts(lo, mid, (hi >> (state as u32 % 32)) & 0xFFFF, state & 2 == 0, scale);
            if state & 4 == 0 {
                // A tie at the second or fourth place.
                d = Decimal::new((lo % 100_000) as i64 * 10 + 5, (scale % 6) + 1);
            }
            cases.push(d);
        }
        for x in cases {
            for dp in [0, 2, 4] {
                assert_eq!(fixed_decimal(x, dp), decimal_rounding(x, dp), "{x} at {dp} places");
            }
        }
        // Many places on a large mantissa: zeros written, no overflow.
        assert_eq!(
            fixed_decimal(Decimal::MAX, 28),
            format!("{}.{}", Decimal::MAX, "0".repeat(28))
        );
        assert_eq!(fixed_decimal(Decimal::new(-15, 1), 12), "-1.500000000000");
    }

    #[test]
    fn fixed_rounds_the_shown_number_half_away_from_zero() {
        for (x, dp, text) in [
            (2.25, 1, "2.3"),
            (1.005, 2, "1.01"),
            (-2.25, 1, "-2.3"),
            (3.0, 2, "3.00"),
            (0.0, 0, "0"),
            (-0.0, 1, "0.0"),
            (-0.04, 1, "0.0"),
            (99.96, 1, "100.0"),
            (1234.5678, 0, "1235"),
            (1e-9, 2, "0.00"),
            (12.0, 1, "12.0"),
            (f64::NAN, 1, "NaN"),
            (f64::INFINITY, 2, "inf"),
            (1e30, 1, "1000000000000000000000000000000"),
        ] {
            assert_eq!(fixed(x, dp), text, "{x} to {dp}");
        }
        // Away from ties, the standard library's fixed formatting agrees.
        for v in floats() {
            for dp in (0..4u32).filter(|dp| v.abs() * 10f64.powi(*dp as i32) < 1e15) {
                let ours = fixed(v, dp);
                let std = format!("{v:.*}", dp as usize);
                let scaled = (v * 10f64.powi(dp as i32)).abs().fract();
                if (scaled - 0.5).abs() > 1e-6 && std != format!("-{ours}") {
                    assert_eq!(ours, std, "{v:e} to {dp}");
                }
            }
        }
    }
}
