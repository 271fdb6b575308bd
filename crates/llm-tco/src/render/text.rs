//! Numbers as people read them: volumes in words (1.5k, 20M, 3.2B),
//! amounts of money with thousands separators, shares as percentages, and
//! short money labels for chart axes. The one formatter of money of every
//! surface.

use core::str::FromStr;
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

/// The units volumes are written with, largest first: the letter, its
/// scale and the letter as text.
pub const UNITS: [(char, u64, &str); 4] = [
    ('T', 1_000_000_000_000, "T"),
    ('B', 1_000_000_000, "B"),
    ('M', 1_000_000, "M"),
    ('k', 1_000, "k"),
];

/// A volume as a person reads and types it: with the unit of k, M, B or T
/// that [`read_with_unit`] reads back, when that is exact to two decimals
/// (`2.5B`, `603M`), else its digits (`123456789`).
pub fn volume_text(d: Decimal) -> String {
    let d = d.normalize();
    match UNITS.iter().find(|u| d >= Decimal::from(u.1)) {
        Some(&(_, scale, unit)) => match d.checked_div(Decimal::from(scale)).map(|q| q.normalize()) {
            Some(q) if q.scale() <= 2 => format!("{q}{unit}"),
            _ => d.to_string(),
        },
        None => d.to_string(),
    }
}

/// A number as a person types it: plain (`2.5`, `-3`), scientific
/// (`1e7`), grouped by threes with commas (`60,300,000`), with a unit of
/// k, M, B or T in either case (`10M`, `10m`; `G` for B too); `None` for anything else,
/// underscores and commas that do not group thousands included.
pub fn read_with_unit(text: &str) -> Option<Decimal> {
    let (number, scale) = split_unit(text.trim());
    read_number(number.trim())?.checked_mul(Decimal::from(scale))
}

/// `text` without its unit letter, and the unit's scale (1 without one).
pub fn split_unit(text: &str) -> (&str, u64) {
    let Some((i, c)) = text.char_indices().last() else {
        return (text, 1);
    };
    // Token counts have no milli: `10m` is ten million, as people type it.
    let c = match c {
        'K' => 'k',
        'm' => 'M',
        'b' | 'g' | 'G' => 'B',
        't' => 'T',
        c => c,
    };
    match UNITS.iter().find(|u| u.0 == c) {
        Some(u) => (&text[..i], u.1),
        None => (text, 1),
    }
}

/// A number without a unit, as [`read_with_unit`] reads it.
pub fn read_number(text: &str) -> Option<Decimal> {
    if text.contains('_') {
        return None;
    }
    let plain = ungrouped(text);
    let t = plain.as_deref().unwrap_or(text);
    Decimal::from_str(t).ok().or_else(|| Decimal::from_scientific(t).ok())
}

/// `-60,300,000.5` as `-60300000.5`; `None` unless the whole part is
/// digits grouped by threes with commas.
fn ungrouped(text: &str) -> Option<String> {
    let (sign, unsigned) = text.strip_prefix('-').map_or(("", text), |t| ("-", t));
    let (whole, fraction) = unsigned.split_once('.').map_or((unsigned, None), |(w, f)| (w, Some(f)));
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let mut groups = whole.split(',');
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let grouped = first.len() <= 3
        && digits(first)
        && !rest.is_empty()
        && rest.iter().all(|g| g.len() == 3 && digits(g))
        && fraction.is_none_or(digits);
    grouped.then(|| {
        let mut out = format!("{sign}{first}{}", rest.concat());
        if let Some(f) = fraction {
            out.push('.');
            out.push_str(f);
        }
        out
    })
}

/// A volume in words: 1.5k, 20M, 3.2B; three significant digits at most
/// (two decimals below 10, one below 100), trailing zeros dropped. A value
/// that rounds up to the next unit is written in it (999.99M is "1B").
pub fn human_tokens(v: f64) -> String {
    let scale = |i: usize| UNITS.get(i).map_or(1.0, |u| u.1 as f64);
    let mut i = (0..UNITS.len()).find(|i| v >= scale(*i)).unwrap_or(UNITS.len());
    loop {
        let (size, unit) = (scale(i), UNITS.get(i).map_or("", |u| u.2));
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
    fn a_typed_number_reads_with_its_unit_and_its_thousands_groups() {
        let d = |s: &str| Decimal::from_str(s).expect("decimal");
        for (text, read) in [
            ("10M", Some(d("10000000"))),
            ("2.5B", Some(d("2500000000"))),
            ("0.5k", Some(d("500"))),
            (" 3 M ", Some(d("3000000"))),
            ("1e7", Some(d("10000000"))),
            ("60,300,000", Some(d("60300000"))),
            ("1,000.5", Some(d("1000.5"))),
            ("-1,000", Some(d("-1000"))),
            ("2,500k", Some(d("2500000"))),
            ("10m", Some(d("10000000"))),
            ("2.5b", Some(d("2500000000"))),
            ("1t", Some(d("1000000000000"))),
            ("3G", Some(d("3000000000"))),
            ("60,30", None),
            ("1,0000", None),
            (",100", None),
            ("1,000.", None),
            ("60_30", None),
            ("abc", None),
            ("", None),
            ("1e30T", None),
        ] {
            assert_eq!(read_with_unit(text), read, "{text:?}");
        }
    }

    #[test]
    fn a_volume_is_written_in_the_unit_it_is_read_back_with() {
        let d = |s: &str| Decimal::from_str(s).expect("decimal");
        for (value, text) in [
            ("10000000", "10M"),
            ("603000000", "603M"),
            ("60300000", "60.3M"),
            ("2500000000", "2.5B"),
            ("123456789", "123456789"),
            ("1500", "1.5k"),
            ("1234", "1234"),
            ("999", "999"),
            ("1000000000000000", "1000T"),
            ("100000.00", "100k"),
        ] {
            assert_eq!(volume_text(d(value)), text, "{value}");
            assert_eq!(read_with_unit(text), Some(d(value).normalize()), "{text} reads back");
        }
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
