//! Numbers as people read them: volumes in words (1.5k, 20M, 3.2B),
//! amounts of money with thousands separators, shares as percentages, and
//! short money labels for chart axes. The one formatter of money of every
//! surface.

use rust_decimal::Decimal;

/// An amount with thousands separators and exactly `dp` places, rounded
/// half away from zero: `money(1234567.8, 2)` is "1,234,567.80",
/// `money(-1234.5, 0)` is "-1,235".
pub fn money(x: Decimal, dp: u32) -> String {
    let text = crate::base::decimal::fixed_decimal(x, dp);
    let (sign, digits) = text.strip_prefix('-').map_or(("", text.as_str()), |d| ("-", d));
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut out = String::with_capacity(text.len() + text.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// A count with thousands separators: 10000 is "10,000".
pub fn count(n: u64) -> String {
    money(Decimal::from(n), 0)
}

/// The currency amounts are shown in: its code and its units per USD.
/// Reports stay in USD; this is only how a reader sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Currency {
    /// An ISO 4217 code as typed, upper-cased; "USD" when blank.
    pub code: String,
    /// Units of the currency per USD (1 for USD).
    pub per_usd: Decimal,
}

impl Currency {
    /// `code` (trimmed, upper-cased; blank is USD) at `per_usd` units per
    /// USD (1 for USD, whatever `per_usd` says).
    pub fn new(code: &str, per_usd: Decimal) -> Currency {
        let code = code.trim();
        let code = if code.is_empty() {
            "USD".to_string()
        } else {
            code.to_ascii_uppercase()
        };
        // USD is 1 per USD whatever rate was typed beside it.
        let per_usd = if code == "USD" { Decimal::ONE } else { per_usd };
        Currency { code, per_usd }
    }

    /// US dollars.
    pub fn usd() -> Currency {
        Currency::new("USD", Decimal::ONE)
    }

    /// Units per USD as a float, for drawing (1 for USD).
    pub fn per_usd_f64(&self) -> f64 {
        if self.code == "USD" {
            1.0
        } else {
            crate::base::float::parse_f64(&self.per_usd.to_string()).unwrap_or(1.0)
        }
    }

    /// An amount of USD in this currency with `dp` places and thousands
    /// separators: "1,045.57 USD", "97,238.01 INR". An amount too large to
    /// convert stays in USD, labelled so.
    pub fn amount(&self, usd: Decimal, dp: u32) -> String {
        match self.converted(usd) {
            Some(x) => format!("{} {}", money(x, dp), self.code),
            None => format!("{} USD", money(usd, dp)),
        }
    }

    /// The same amount without its code, for a column whose heading names
    /// the currency: "1,045.57"; one too large to convert stays in USD and
    /// says so ("1,045.57 USD").
    pub fn bare(&self, usd: Decimal, dp: u32) -> String {
        match self.converted(usd) {
            Some(x) => money(x, dp),
            None => format!("{} USD", money(usd, dp)),
        }
    }

    /// `usd` in this currency; `None` when too large to convert.
    fn converted(&self, usd: Decimal) -> Option<Decimal> {
        if self.code == "USD" {
            Some(usd)
        } else {
            usd.checked_mul(self.per_usd)
        }
    }
}

/// A share as a percentage, exactly: 0.014 is "1.4%".
pub fn percent(share: Decimal) -> String {
    let p = share.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(share);
    format!("{}%", p.normalize())
}

/// A share as a percentage rounded half away from zero to `dp` places,
/// trailing zeros dropped: 0.84127 at 2 places is "84.13%".
pub fn percent_dp(share: Decimal, dp: u32) -> String {
    percent(crate::base::decimal::round_dp(share, dp.saturating_add(2)))
}

/// A volume in words: 1.5k, 20M, 3.2B; three significant digits at most
/// (two decimals below 10, one below 100), trailing zeros dropped. A value
/// that rounds up to the next unit is written in it (999.99M is "1B").
pub fn human_tokens(v: f64) -> String {
    const UNITS: [(f64, &str); 5] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"), (1.0, "")];
    let mut i = UNITS.iter().position(|(size, _)| v >= *size).unwrap_or(UNITS.len() - 1);
    loop {
        let (size, unit) = UNITS[i];
        let scaled = v / size;
        let dp = if scaled >= 100.0 {
            0
        } else if scaled >= 10.0 {
            1
        } else {
            2
        };
        let text = crate::base::float::fixed(scaled, dp);
        if text == "1000" && i > 0 {
            i -= 1;
            continue;
        }
        let text = if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            text
        };
        return format!("{text}{unit}");
    }
}

/// A cost axis label: "$1.5k" in USD, "140k INR" in another currency.
pub fn money_label(v: f64, currency: &str) -> String {
    if v < 0.0 {
        return format!("-{}", money_label(-v, currency));
    }
    // Thousands, millions, billions: "1B", never "1kM".
    let amount = human_tokens(v);
    if currency == "USD" {
        format!("${amount}")
    } else {
        format!("{amount} {currency}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_converts_once_and_names_its_currency() {
        let inr = Currency::new(" inr ", Decimal::new(93, 0));
        assert_eq!(inr.code, "INR");
        assert_eq!(inr.amount(Decimal::new(104_557, 2), 2), "97,238.01 INR");
        assert_eq!(Currency::usd().amount(Decimal::new(104_557, 2), 2), "1,045.57 USD");
        // A blank code is USD, whatever the rate says.
        assert_eq!(
            Currency::new("", Decimal::new(93, 0)).amount(Decimal::ONE, 2),
            "1.00 USD"
        );
        // Too large to convert: the USD amount, labelled USD, not INR.
        assert_eq!(
            Currency::new("INR", Decimal::MAX).amount(Decimal::new(2, 0), 0),
            format!("{} USD", money(Decimal::new(2, 0), 0))
        );
        // Bare, for a column headed with the code; labelled only when it
        // had to stay in USD.
        assert_eq!(inr.bare(Decimal::new(104_557, 2), 0), "97,238");
        assert_eq!(Currency::new("INR", Decimal::MAX).bare(Decimal::new(2, 0), 0), "2 USD");
    }

    #[test]
    fn money_groups_thousands_and_keeps_its_places() {
        for (x, dp, text) in [
            (Decimal::new(12_345_678, 1), 2, "1,234,567.80"),
            (Decimal::new(-12_345, 1), 0, "-1,235"),
            (Decimal::new(999, 0), 2, "999.00"),
            (Decimal::new(1000, 0), 0, "1,000"),
            (Decimal::new(-4, 3), 2, "0.00"),
        ] {
            assert_eq!(money(x, dp), text, "{x} at {dp}");
        }
        assert_eq!(percent(Decimal::new(14, 3)), "1.4%");
        assert_eq!(count(10_000), "10,000");
        assert_eq!(count(7), "7");
        for (v, text) in [
            (999_999_999.0, "1B"),
            (999_499_999.0, "999M"),
            (1_500.0, "1.5k"),
            (20e6, "20M"),
            (999.996, "1k"),
            (12.0, "12"),
            (3.2e9, "3.2B"),
            (2e15, "2000T"),
        ] {
            assert_eq!(human_tokens(v), text, "{v}");
        }
        assert_eq!(percent(Decimal::ONE), "100%");
    }

    #[test]
    fn percentages_round_to_their_places_and_drop_trailing_zeros() {
        for (share, dp, text) in [
            (Decimal::new(84127, 5), 2, "84.13%"),
            (Decimal::new(84125, 5), 2, "84.13%"),
            (Decimal::new(3, 3), 2, "0.3%"),
            (Decimal::new(8413, 4), 0, "84%"),
            (Decimal::ONE, 2, "100%"),
        ] {
            assert_eq!(percent_dp(share, dp), text, "{share} at {dp}");
        }
    }

    #[test]
    fn money_labels_scale_once() {
        for (v, usd, inr) in [
            (950.0, "$950", "950 INR"),
            (6039.83, "$6.04k", "6.04k INR"),
            (2.5e6, "$2.5M", "2.5M INR"),
            (1e9, "$1B", "1B INR"),
            (9.3e11, "$930B", "930B INR"),
            (0.2063, "$0.21", "0.21 INR"),
        ] {
            assert_eq!(money_label(v, "USD"), usd);
            assert_eq!(money_label(v, "INR"), inr);
        }
    }
}
