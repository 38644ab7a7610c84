//! Due offsets of a dated plan: `day 3`, `days 31-60`, `week 2`, `weeks 1-2`, counted from
//! the day a reader starts the plan (day 1). Only the offsets are known at build time; the
//! reader's browser turns them into dates. Pure: text in, days or a message out.

/// When an item of a plan is due, in days from its start: day 1 is the start date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub(crate) struct Due {
    /// The first day of the window (1 for `day 1`, 8 for `week 2`).
    pub(crate) first: u32,
    /// The day it is due: the last day of the window.
    pub(crate) last: u32,
    /// How the window is written for readers: `Day 3`, `Week 2`, `Days 31-60`.
    #[serde(skip)]
    unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Unit {
    Day,
    Week,
}

/// The longest plan: ten years, far beyond any onboarding plan, and small enough that a date
/// computed from it is always valid.
const MAX_DAYS: u32 = 3660;

/// What `parse` says when it cannot read an offset.
pub(crate) const FORMS: &str = "`day 3`, `days 31-60`, `week 2` or `weeks 1-2`";

/// How the build cache stores a due offset (the views' `Serialize` leaves out how it is
/// written): `(first, last, in weeks)`.
pub(crate) mod cached {
    use super::{Due, Unit};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn serialize<S: Serializer>(due: &Option<Due>, s: S) -> Result<S::Ok, S::Error> {
        due.map(|d| (d.first, d.last, d.unit == Unit::Week))
            .serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Due>, D::Error> {
        let due = Option::<(u32, u32, bool)>::deserialize(d)?;
        Ok(due.map(|(first, last, weeks)| Due {
            first,
            last,
            unit: if weeks { Unit::Week } else { Unit::Day },
        }))
    }
}

impl Due {
    /// `Day 3`, `Days 31-60`, `Week 2`, `Weeks 1-2`.
    pub(crate) fn label(&self) -> String {
        let (size, one, many) = match self.unit {
            Unit::Day => (1, "Day", "Days"),
            Unit::Week => (7, "Week", "Weeks"),
        };
        let (a, b) = ((self.first - 1) / size + 1, self.last / size);
        if a == b {
            format!("{one} {a}")
        } else {
            format!("{many} {a}-{b}")
        }
    }
}

/// Reads a due offset. Case and spacing are free (`Week 2`, `days 31–60`, `day3`); anything
/// else is a message saying what is wrong, for a diagnostic.
pub(crate) fn parse(text: &str) -> Result<Due, String> {
    let lower = text.trim().to_lowercase();
    let split = lower
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(lower.len());
    let (word, numbers) = lower.split_at(split);
    let unit = match word.trim() {
        "day" | "days" => Unit::Day,
        "week" | "weeks" => Unit::Week,
        "" => return Err(format!("due offset \"{text}\" has no unit: write {FORMS}")),
        other => {
            return Err(format!(
                "unknown unit `{other}` in due offset \"{text}\": write {FORMS}"
            ));
        }
    };
    let numbers: String = numbers.chars().filter(|c| !c.is_whitespace()).collect();
    let range: Vec<&str> = numbers.split(['-', '–', '—']).collect();
    let number = |s: &str| -> Result<u32, String> {
        s.parse::<u32>()
            .map_err(|_| format!("due offset \"{text}\" is not {FORMS}"))
    };
    let (a, b) = match range.as_slice() {
        [one] if !one.is_empty() => (number(one)?, number(one)?),
        [a, b] if !a.is_empty() && !b.is_empty() => (number(a)?, number(b)?),
        _ => return Err(format!("due offset \"{text}\" is not {FORMS}")),
    };
    if a == 0 {
        let what = if unit == Unit::Day { "days" } else { "weeks" };
        return Err(format!(
            "due offset \"{text}\" counts from 0: {what} count from 1 (day 1 is the start date)"
        ));
    }
    if b < a {
        return Err(format!(
            "due offset \"{text}\" ends before it starts: write the smaller number first"
        ));
    }
    let size = if unit == Unit::Week { 7 } else { 1 };
    let (first, last) = ((a - 1).saturating_mul(size) + 1, b.saturating_mul(size));
    if last > MAX_DAYS {
        return Err(format!(
            "due offset \"{text}\" is more than ten years after the start"
        ));
    }
    Ok(Due { first, last, unit })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_days_weeks_and_ranges() {
        for (text, first, last, label) in [
            ("day 1", 1, 1, "Day 1"),
            ("Day 3", 3, 3, "Day 3"),
            ("day3", 3, 3, "Day 3"),
            ("days 31-60", 31, 60, "Days 31-60"),
            ("days 31 – 60", 31, 60, "Days 31-60"),
            ("week 1", 1, 7, "Week 1"),
            ("week 2", 8, 14, "Week 2"),
            ("weeks 1-2", 1, 14, "Weeks 1-2"),
            ("Weeks 3-3", 15, 21, "Week 3"),
        ] {
            let d = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!((d.first, d.last, d.label().as_str()), (first, last, label));
        }
    }

    #[test]
    fn says_what_is_wrong() {
        for (text, says) in [
            ("wk 2", "unknown unit `wk`"),
            ("2", "has no unit"),
            ("day", "is not `day 3`"),
            ("day 0", "counts from 0"),
            ("days 60-31", "ends before it starts"),
            ("days 1-", "is not"),
            ("week 600", "more than ten years"),
            ("day two", "unknown unit `day two`"),
        ] {
            let e = parse(text).expect_err(text);
            assert!(e.contains(says), "{text}: {e}");
        }
    }
}
