//! Calendar dates (`YYYY-MM-DD`), enough to tell how old a price is.

use std::fmt;

/// A day of the proleptic Gregorian calendar. The core has no clock: the
/// date an analysis is made for is an input (`Scenario::as_of`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`; `YYYY-MM` is read as the first of the month and
    /// `YYYY` as the first of the year (a date at the precision its source
    /// gives stands for its first day). Every part has its digits, no more,
    /// no fewer: `2025-1-01` is not a date.
    pub fn parse(text: &str) -> Option<Date> {
        fn digits(part: &str, n: usize) -> Option<&str> {
            (part.len() == n && part.bytes().all(|b| b.is_ascii_digit())).then_some(part)
        }
        let mut parts = text.trim().split('-');
        let year: i32 = digits(parts.next()?, 4)?.parse().ok()?;
        let month: u8 = match parts.next() {
            Some(m) => digits(m, 2)?.parse().ok()?,
            None => 1,
        };
        let day: u8 = match parts.next() {
            Some(d) => digits(d, 2)?.parse().ok()?,
            None => 1,
        };
        if parts.next().is_some() || !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses exactly `YYYY-MM-DD`: a day, not a month or a year.
    pub fn parse_day(text: &str) -> Option<Date> {
        Date::parse(text).filter(|_| text.trim().len() == 10)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (before it when negative), or
    /// None outside years 1 to 9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        // Howard Hinnant's civil_from_days.
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = u8::try_from(doy - (153 * mp + 2) / 5 + 1).ok()?;
        let month = u8::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).ok()?;
        let year = i32::try_from(yoe + era * 400 + i64::from(month <= 2)).ok()?;
        (1..=9999).contains(&year).then_some(Date { year, month, day })
    }

    /// The UTC day of an instant given as milliseconds since 1970-01-01
    /// UTC (JavaScript's `Date.now()`), or None when it is not finite or
    /// outside years 1 to 9999.
    pub fn from_unix_ms(ms: f64) -> Option<Date> {
        let days = (ms / 86_400_000.0).floor();
        // Years 1 to 9999 are within ±3.7 million days of 1970.
        if !days.is_finite() || days.abs() > 4.0e6 {
            return None;
        }
        #[allow(clippy::cast_possible_truncation)]
        Date::from_days_since_epoch(days as i64)
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::Date;

    #[test]
    fn an_instant_falls_on_its_utc_day() {
        // 2026-12-02T00:38:54Z and the last millisecond of 2026-12-01.
        assert_eq!(
            Date::from_unix_ms(1_796_171_934_000.0).unwrap().to_string(),
            "2026-12-02"
        );
        assert_eq!(
            Date::from_unix_ms(1_796_169_599_999.0).unwrap().to_string(),
            "2026-12-01"
        );
        assert_eq!(Date::from_unix_ms(-1.0).unwrap().to_string(), "1969-12-31");
        assert_eq!(Date::from_unix_ms(f64::NAN), None);
        assert_eq!(Date::from_unix_ms(f64::INFINITY), None);
        assert_eq!(Date::from_unix_ms(1e300), None);
    }

    #[test]
    fn parses_and_counts_days() {
        let a = Date::parse("2025-06-28").unwrap();
        let b = Date::parse("2026-06-28").unwrap();
        assert_eq!(a.days_until(b), 365);
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(
            Date::parse("2024-03-01").unwrap().days_since_epoch()
                - Date::parse("2024-02-28").unwrap().days_since_epoch(),
            2
        );
        assert_eq!(Date::parse("2025-12").unwrap().to_string(), "2025-12-01");
        assert_eq!(Date::parse("2025").unwrap().to_string(), "2025-01-01");
        for text in [
            "1970-01-01",
            "2000-02-29",
            "2026-11-23",
            "0001-01-01",
            "9999-12-31",
            "1969-12-31",
        ] {
            let d = Date::parse(text).unwrap();
            assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), Some(d), "{text}");
        }
        for bad in [
            "",
            "25",
            "+2025",
            "2025-13-01",
            "2025-02-29",
            "late 2024",
            "2025-01-01-01",
            "0-01-01",
            "2025-1-01",
            "2025-+1-01",
            "2025-01-1",
            "2025-001",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
        // A day, exactly.
        assert_eq!(
            Date::parse_day(" 2026-12-01 ").map(|d| d.to_string()).as_deref(),
            Some("2026-12-01")
        );
        for not_a_day in ["2026-12", "2026", "2026-12-1"] {
            assert!(Date::parse_day(not_a_day).is_none(), "{not_a_day}");
        }
    }
}
