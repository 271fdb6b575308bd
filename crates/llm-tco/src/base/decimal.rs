//! Checked decimal arithmetic, the one rounding rule, and decimal text.
//!
//! Money is `rust_decimal::Decimal`: a value m / 10^e with -2^96 < m < 2^96
//! and 0 <= e <= 28. Every operation on values derived from user input goes
//! through the checked helpers here, so an overflow is an [`Error`] of kind
//! `Overflow`, never a panic.

use crate::error::{Error, ErrorKind, Result};
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
        .ok_or_else(|| Error::new(ErrorKind::Limit, "", format!("{what} is too large ({x})")))
}

/// Rounds `x` to `dp` decimal places, half away from zero: the one rounding
/// rule used for everything shown to a user.
pub fn round_dp(x: Decimal, dp: u32) -> Decimal {
    x.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// `x` rounded half away from zero to `dp` places (as [`round_dp`]) and
/// written with exactly `dp` decimals ("12.30", "-0.50", "0.0000"; never
/// "-0.00"): the text of every amount in a report.
pub fn fixed_decimal(x: Decimal, dp: u32) -> String {
    let mut r = x.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    let mut text = r.to_string();
    // A value too large for `dp` more places in 96 bits keeps fewer: the
    // missing places are zeros.
    if r.scale() < dp {
        if r.scale() == 0 {
            text.push('.');
        }
        text.extend(std::iter::repeat_n('0', (dp - r.scale()) as usize));
    }
    text
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_decimal_rounds_half_away_from_zero_with_every_place_written() {
        for (x, dp, text) in [
            (Decimal::new(125, 2), 1, "1.3"),
            (Decimal::new(-125, 2), 1, "-1.3"),
            (Decimal::new(-4, 3), 2, "0.00"),
            (Decimal::new(3, 0), 2, "3.00"),
            (Decimal::new(12_345, 4), 0, "1"),
            (Decimal::from(2) / Decimal::from(3), 4, "0.6667"),
            (Decimal::MAX, 2, "79228162514264337593543950335.00"),
        ] {
            assert_eq!(fixed_decimal(x, dp), text, "{x} to {dp}");
        }
    }
}
