//! Floats as text and as Decimals. zmij gives the shortest digits that
//! read back as the float; this module writes them as plain decimal text and
//! builds a Decimal from them directly, so `0.1` becomes exactly 0.1.

use crate::base::decimal::fixed_decimal;
use crate::error::{Error, Result};
use rust_decimal::prelude::*;
use rust_decimal::Decimal;

/// A `Decimal` from a finite `f64`, exactly as its shortest decimal text
/// ("0.1" stays 0.1). Deterministic on every platform.
pub fn from_f64(x: f64, what: &str) -> Result<Decimal> {
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
/// as `x`, never with an exponent (zmij's digits).
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
/// [`crate::base::decimal::round_dp`]), written with exactly `dp` of them: `fixed(2.25, 1)` is
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

/// A finite number written as JSON writes one (`2.5`, `-3`, `1e-6`, a
/// Decimal's text), read by serde_json; `None` for anything else (`+1`,
/// `.5`, `inf`) or past `f64`'s range.
pub fn parse_f64(text: &str) -> Option<f64> {
    serde_json::from_str::<f64>(text).ok()
}

#[cfg(test)]
mod tests {
    use super::{fixed, from_f64, shortest_text, Shortest};
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

    #[test]
    fn json_numbers_parse_to_the_nearest_float() {
        // 16- and 17-digit literals serde_json's default parser misreads by
        // one ulp (they occur in litellm's and models.dev's price files);
        // the crate turns on serde_json's float_roundtrip.
        for text in [
            "2.9999900000000002e-06",
            "2.5000010000000002e-05",
            "1.5000999999999998e-07",
            "0.39999999999999997",
            "0.024999999999999998",
            "1.5999999999999999",
        ] {
            let want: f64 = text.parse().unwrap_or_default();
            assert_eq!(super::parse_f64(text).map(f64::to_bits), Some(want.to_bits()), "{text}");
            assert_eq!(shortest_text(want), shortest_text(text.parse().unwrap_or_default()));
            assert_eq!(
                from_f64(want, "x").map(|d| d.to_string()).ok(),
                Some(plain(text)),
                "{text}"
            );
        }
    }

    /// A literal without its exponent (`2.5e-06` as `0.0000025`).
    fn plain(text: &str) -> String {
        let d = Decimal::from_scientific(text)
            .or_else(|_| Decimal::from_str(text))
            .unwrap_or_default();
        d.normalize().to_string()
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
