//! Dated prices: which of an offer's entries (its current prices and its
//! history) is in force on a scenario's date.

use crate::base::date::Date;

/// Which entry of an offer a scenario is priced at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceEntryKind {
    /// The offer's current prices.
    Current,
    /// An earlier entry of its history.
    History,
    /// An announced price no snapshot has shown in force yet.
    Scheduled,
}

/// The entry in force on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InForce {
    /// The history entry chosen, by index; `None` for the current prices.
    pub history_index: Option<usize>,
    /// True when the date is before every entry's start, so the earliest
    /// known entry is used.
    pub before_first_known: bool,
}

/// The entry in force on `on`, among the current prices (in force from
/// `current_from`) and history entries in force from `history_from` (in
/// order, oldest first). The candidates are the entries that started on
/// or before `on` (a missing start counts as earlier than any date); the
/// latest start wins, the current prices on a tie. Before every start, the
/// earliest entry.
pub fn in_force(current_from: Option<Date>, history_from: &[Option<Date>], on: Date) -> InForce {
    // (start, is current, index): None sorts first.
    let mut best: Option<(Option<Date>, bool, Option<usize>)> = None;
    let mut earliest: Option<(Option<Date>, Option<usize>)> = None;
    let all = std::iter::once((current_from, None)).chain(history_from.iter().enumerate().map(|(i, f)| (*f, Some(i))));
    for (from, index) in all {
        if earliest.is_none_or(|(e, _)| from < e) {
            earliest = Some((from, index));
        }
        if from.is_some_and(|f| f > on) {
            continue;
        }
        let key = (from, index.is_none(), index);
        if best.is_none_or(|b| (key.0, key.1) > (b.0, b.1)) {
            best = Some(key);
        }
    }
    match best {
        Some((_, _, index)) => InForce {
            history_index: index,
            before_first_known: false,
        },
        None => InForce {
            history_index: earliest.and_then(|(_, i)| i),
            before_first_known: true,
        },
    }
}

/// As [`in_force`], for starts written as catalog dates (`YYYY[-MM[-DD]]`;
/// the catalog has validated them, so one that does not read counts as
/// missing).
pub fn in_force_on<'a>(
    current_from: Option<&str>,
    history_from: impl IntoIterator<Item = Option<&'a str>>,
    on: Date,
) -> InForce {
    let starts: Vec<Option<Date>> = history_from.into_iter().map(|t| t.and_then(Date::parse)).collect();
    in_force(current_from.and_then(Date::parse), &starts, on)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(t: &str) -> Option<Date> {
        Date::parse(t)
    }

    #[test]
    fn the_latest_start_on_or_before_the_date_wins() {
        // Current from 2026-07-30; history: an undated first level, a
        // scheduled level from 2026-09-01.
        let history = [None, d("2026-09-01")];
        let at = |t: &str| in_force(d("2026-07-30"), &history, d(t).unwrap());
        assert_eq!(at("2026-07-01").history_index, Some(0));
        assert_eq!(at("2026-07-30").history_index, None);
        assert_eq!(at("2026-08-31").history_index, None);
        assert_eq!(at("2026-09-01").history_index, Some(1));
        assert!(!at("2026-09-01").before_first_known);
    }

    #[test]
    fn before_every_start_the_earliest_entry_is_used_and_said() {
        let history = [d("2025-06-28")];
        let r = in_force(d("2026-08-12"), &history, d("2024-01-01").unwrap());
        assert_eq!(r.history_index, Some(0));
        assert!(r.before_first_known);
        let r = in_force(d("2026-08-12"), &[], d("2024-01-01").unwrap());
        assert_eq!(r.history_index, None);
        assert!(r.before_first_known);
        // Without any start, the current prices are always in force.
        let r = in_force(None, &[], d("1990-01-01").unwrap());
        assert_eq!((r.history_index, r.before_first_known), (None, false));
    }
}
