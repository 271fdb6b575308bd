//! Numbers as people read them: volumes in words (1.5k, 20M, 3.2B) and
//! amounts of money on axes and in tables.

/// A volume in words: 1.5k, 20M, 3.2B.
pub fn human_tokens(v: f64) -> String {
    let (scaled, unit) = if v >= 1e12 {
        (v / 1e12, "T")
    } else if v >= 1e9 {
        (v / 1e9, "B")
    } else if v >= 1e6 {
        (v / 1e6, "M")
    } else if v >= 1e3 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let dp = if scaled >= 100.0 {
        0
    } else if scaled >= 10.0 {
        1
    } else {
        2
    };
    let text = crate::base::float::fixed(scaled, dp);
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    format!("{text}{unit}")
}

/// A cost axis label: "$1.5k" in USD, "140k INR" in another currency.
pub fn money_label(v: f64, currency: &str) -> String {
    if v < 0.0 {
        return format!("-{}", money_label(-v, currency));
    }
    let amount = if v >= 1e6 {
        format!("{}M", human_tokens(v / 1e6).trim_end_matches('M'))
    } else if v >= 1e3 {
        format!("{}k", human_tokens(v / 1e3))
    } else {
        human_tokens(v)
    };
    if currency == "USD" {
        format!("${amount}")
    } else {
        format!("{amount} {currency}")
    }
}
