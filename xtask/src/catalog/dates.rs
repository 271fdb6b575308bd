//! Dates as the reference words them, made into the catalog's ISO dates of
//! reduced precision (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`; each stands for its
//! first day, so a price never looks newer than its source shows).

/// A reference date field made into the catalog's date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dated {
    /// The earliest day the source allows, at the precision it gives.
    pub iso: Option<String>,
    /// The source's wording, when it says more or less than `iso`.
    pub text: Option<String>,
    /// Set for a price the source says ended ("pre-2025-06").
    pub until: Option<String>,
}

/// The first ISO date in `t`: `YYYY`, optionally `-MM` and `-DD`, not
/// inside a longer run of digits (the longest form that is not followed by
/// a digit).
pub fn find_iso(t: &str) -> Option<String> {
    let b = t.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let two = |i: usize, ok: &dyn Fn(u32) -> bool| -> bool {
        digit(i) && digit(i + 1) && ok(u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0'))
    };
    for i in 0..b.len() {
        if (i > 0 && digit(i - 1)) || !(digit(i) && digit(i + 1) && digit(i + 2) && digit(i + 3)) {
            continue;
        }
        let month_ok = |m: u32| (1..=12).contains(&m);
        let day_ok = |d: u32| (1..=31).contains(&d);
        let has_month = b.get(i + 4) == Some(&b'-') && two(i + 5, &month_ok);
        let has_day = has_month && b.get(i + 7) == Some(&b'-') && two(i + 8, &day_ok);
        // Longest first, each only when no digit follows.
        if has_day && !digit(i + 10) {
            return Some(t[i..i + 10].to_string());
        }
        if has_month && !digit(i + 7) {
            return Some(t[i..i + 7].to_string());
        }
        if !digit(i + 4) {
            return Some(t[i..i + 4].to_string());
        }
    }
    None
}

/// A reference date (`"2026-08-12"`, `"late 2024"`, `"2026-Q1"`,
/// `"pre-2025-06"`, `"catalog v8 snapshot in index (2026; ...)"`).
pub fn norm_date(text: Option<&str>) -> Dated {
    let Some(t) = text.map(str::trim) else {
        return Dated::default();
    };
    if let Some(ym) = t.strip_prefix("pre-") {
        let b = ym.as_bytes();
        if b.len() == 7 && b[4] == b'-' && ym.bytes().enumerate().all(|(i, c)| i == 4 || c.is_ascii_digit()) {
            return Dated {
                iso: Some(ym[..4].to_string()),
                text: Some(format!("in force until {ym}")),
                until: Some(ym.to_string()),
            };
        }
    }
    match find_iso(t) {
        None => Dated {
            iso: None,
            text: Some(t.to_string()),
            until: None,
        },
        Some(iso) => Dated {
            text: (iso != t).then(|| date_text(t)),
            iso: Some(iso),
            until: None,
        },
    }
}

/// The source's wording about a date, shortened to what it adds to the ISO
/// date.
pub fn date_text(t: &str) -> String {
    if t.contains("catalog v8 snapshot") {
        return "SkyPilot catalog v8 snapshot of 2026; the day is not recorded".into();
    }
    if t.contains("catalog snapshot in index (2025-2026") {
        return "SkyPilot catalog v7 snapshot of 2025 or 2026; the day is not recorded".into();
    }
    if let Some(at) = t.find("file added ") {
        let rest = &t[at + "file added ".len()..];
        if rest.len() >= 10 && find_iso(&rest[..10]).is_some_and(|d| d.len() == 10) {
            return format!("file added {}", &rest[..10]);
        }
    }
    t.to_string()
}

/// Sort key of a reduced-precision date: its first day (`0000-00-00` for
/// none, which sorts first).
pub fn date_key(iso: Option<&str>) -> String {
    match iso {
        None => "0000-00-00".into(),
        Some(d) => match d.len() {
            4 => format!("{d}-01-01"),
            7 => format!("{d}-01"),
            _ => d.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_dates_become_iso_dates_of_their_precision() {
        let n = |t: &str| norm_date(Some(t));
        assert_eq!(n("2026-08-12").iso.as_deref(), Some("2026-08-12"));
        assert_eq!(n("2026-08-12").text, None);
        assert_eq!(n("late 2024").iso.as_deref(), Some("2024"));
        assert_eq!(n("late 2024").text.as_deref(), Some("late 2024"));
        assert_eq!(n("2026-Q1").iso.as_deref(), Some("2026"));
        assert_eq!(n("2023-2026").iso.as_deref(), Some("2023"));
        let pre = n("pre-2025-06");
        assert_eq!(
            (pre.iso.as_deref(), pre.until.as_deref()),
            (Some("2025"), Some("2025-06"))
        );
        assert_eq!(n("vendor launch specs").iso, None);
        assert_eq!(find_iso("x 12026-05 y 2026-13"), Some("2026".into()));
        assert_eq!(find_iso("2026-05-123"), Some("2026-05".into()));
        assert_eq!(date_key(Some("2026")), "2026-01-01");
        assert_eq!(date_key(None), "0000-00-00");
    }
}
