//! The typed values of reports: decimals rounded once, when a report is
//! made, and written as decimal strings of a fixed form. A surface reads the
//! value (`value()`, `to_f64()`), never the text back.

use crate::base::date::Date;
use crate::base::decimal::{fixed_decimal, round_dp};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::fmt;

/// A decimal rounded half away from zero to `DP` places and written with
/// exactly `DP` of them ("37.10", "0.2063"): amounts of money (`Usd`) and
/// prices per 1M tokens (`UsdPerMtok`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fixed<const DP: u32>(Decimal);

/// USD, rounded to cents ("1216.67").
pub type Usd = Fixed<2>;
/// USD per 1M tokens, rounded to 4 places ("2.5000").
pub type UsdPerMtok = Fixed<4>;

impl<const DP: u32> Fixed<DP> {
    /// `x` rounded to `DP` places.
    pub fn new(x: Decimal) -> Self {
        Fixed(round_dp(x, DP))
    }
    /// The rounded value.
    pub fn value(self) -> Decimal {
        self.0
    }
    /// The rounded value as a float, for drawing and display arithmetic.
    pub fn to_f64(self) -> f64 {
        self.0.to_f64().unwrap_or(0.0)
    }
}

impl<const DP: u32> fmt::Display for Fixed<DP> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&fixed_decimal(self.0, DP))
    }
}

impl<const DP: u32> Serialize for Fixed<DP> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&fixed_decimal(self.0, DP))
    }
}

/// A decimal written in its shortest form ("0.3", "10000000"): quantities
/// as given, and rounded ones whose trailing zeros say nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Plain(Decimal);

impl Plain {
    /// `x` as it is.
    pub fn exact(x: Decimal) -> Plain {
        Plain(x.normalize())
    }
    /// `x` rounded half away from zero to `dp` places.
    pub fn rounded(x: Decimal, dp: u32) -> Plain {
        Plain(round_dp(x, dp))
    }
    /// The value.
    pub fn value(self) -> Decimal {
        self.0
    }
    /// The value as a float, for drawing and display arithmetic.
    pub fn to_f64(self) -> f64 {
        self.0.to_f64().unwrap_or(0.0)
    }
}

impl fmt::Display for Plain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.normalize(), f)
    }
}

impl Serialize for Plain {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A value equals the text it writes (`Usd::new(x) == "12.35"`).
impl<const DP: u32> PartialEq<&str> for Fixed<DP> {
    fn eq(&self, other: &&str) -> bool {
        fixed_decimal(self.0, DP) == *other
    }
}

/// A value equals the text it writes (`Plain::exact(x) == "0.3"`).
impl PartialEq<&str> for Plain {
    fn eq(&self, other: &&str) -> bool {
        self.0.normalize().to_string() == *other
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_once_and_write_their_form() {
        let x = Decimal::new(12_345, 3); // 12.345
        assert_eq!(Usd::new(x).to_string(), "12.35");
        assert_eq!(Usd::new(x).value(), Decimal::new(1235, 2));
        assert_eq!(UsdPerMtok::new(Decimal::new(25, 1)).to_string(), "2.5000");
        assert_eq!(Usd::new(Decimal::new(-4, 3)).to_string(), "0.00");
        assert_eq!(Plain::rounded(x, 2).to_string(), "12.35");
        assert_eq!(Plain::rounded(Decimal::new(80_000, 1), 2).to_string(), "8000");
        assert_eq!(Plain::exact(Decimal::new(300, 3)).to_string(), "0.3");
        assert_eq!(
            serde_json::to_string(&(Usd::new(x), Plain::exact(Decimal::TEN))).unwrap_or_default(),
            "[\"12.35\",\"10\"]"
        );
    }
}
