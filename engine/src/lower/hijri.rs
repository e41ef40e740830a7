//! The Hijri dates of CONVERT's styles 130 and 131. SQL Server uses "the
//! Kuwaiti algorithm" (CAST and CONVERT (Transact-SQL), footnote 5): the
//! tabular Islamic calendar of 30-year cycles, as .NET's `HijriCalendar`
//! computes it — 1 Muharram 1 AH is 18 July 622 (proleptic Gregorian), the
//! 2nd, 5th, 7th, 10th, 13th, 16th, 18th, 21st, 24th, 26th and 29th year of
//! each cycle have 355 days and the rest 354, the odd months have 30 days
//! and the even ones 29, and the twelfth 30 in a long year. Every published
//! SQL Server output of these styles that could be found (2000–2025) agrees
//! with this day for day.

use std::sync::LazyLock;
use wqlkit_core::DateTime;

/// Days from 18 July 622 (1 Muharram 1 AH) to 1 January 1970.
const EPOCH_TO_UNIX: i64 = 492_149;

/// Days in a 30-year cycle: 19 years of 354 days and 11 of 355.
const CYCLE_DAYS: i64 = 10_631;

/// Whether year `y` of the Hijri calendar has 355 days.
fn long_year(y: i64) -> bool {
    (11 * y + 14).rem_euclid(30) < 11
}

/// Days from 1 Muharram 1 AH to 1 Muharram of year `y`.
fn days_before_year(y: i64) -> i64 {
    let cycles = (y - 1).div_euclid(30);
    let within: i64 = (1..=(y - 1).rem_euclid(30))
        .map(|k| 354 + i64::from(long_year(k)))
        .sum();
    cycles * CYCLE_DAYS + within
}

/// The Hijri (year, month, day) of the date `days` after 1 January 1970;
/// `None` before 1 Muharram 1 AH, where SQL Server's conversion fails too.
pub fn date(days_since_unix_epoch: i64) -> Option<(i64, u32, u32)> {
    let n = days_since_unix_epoch + EPOCH_TO_UNIX;
    if n < 0 {
        return None;
    }
    let mut year = n * 30 / CYCLE_DAYS + 1;
    while days_before_year(year) > n {
        year -= 1;
    }
    while days_before_year(year + 1) <= n {
        year += 1;
    }
    let mut day = n - days_before_year(year);
    for month in 1..=12u32 {
        let length = match month {
            12 if long_year(year) => 30,
            m if m % 2 == 1 => 30,
            _ => 29,
        };
        if day < length {
            return Some((year, month, day as u32 + 1));
        }
        day -= length;
    }
    None
}

/// Days from 1 January 1970 to the Hijri date `y`-`m`-`d`; `None` when there
/// is no such day (a 30th of a 29-day month, a year outside 1–9666).
pub fn days_since_unix_epoch(y: i64, m: u32, d: u32) -> Option<i64> {
    if !(1..=9666).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    let length = |month: u32| match month {
        12 if long_year(y) => 30,
        k if k % 2 == 1 => 30,
        _ => 29,
    };
    if d == 0 || d > length(m) {
        return None;
    }
    let before: i64 = (1..m).map(|k| i64::from(length(k))).sum();
    Some(days_before_year(y) + before + i64::from(d) - 1 - EPOCH_TO_UNIX)
}

/// `text` with each month name written as one word (its blanks as `_`),
/// so that a reader of words can find it with [`month_number`].
pub fn month_names_as_words(text: &str) -> String {
    MONTHS.iter().fold(text.to_string(), |t, name| {
        t.replace(name.as_str(), &name.replace(' ', "_"))
    })
}

/// The number of a month named as [`month_names_as_words`] writes it.
pub fn month_number(word: &str) -> Option<u32> {
    MONTHS
        .iter()
        .position(|name| name.replace(' ', "_") == word)
        .map(|p| p as u32 + 1)
}

/// The months' names (`hijri_months.csv`), January's counterpart first.
static MONTHS: LazyLock<Vec<String>> = LazyLock::new(|| {
    include_str!("hijri_months.csv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("month,"))
        .filter_map(|l| l.split_once(',').map(|(_, name)| name.to_string()))
        .collect()
});

/// `d` as CONVERT writes it in style 130 (`dd mon yyyy hh:mi:ss:mmmAM`, the
/// month's Arabic name) or 131 (`dd/mm/yyyy hh:mi:ss:mmmAM`): the day and
/// the hour padded with a blank, the month of 131 with a zero, as style
/// 109's time. `None` for other styles and dates before the calendar.
pub fn text(d: &DateTime, style: i64) -> Option<String> {
    let (y, m, day) = date(d.days_since_epoch())?;
    let h12 = if d.hour.is_multiple_of(12) { 12 } else { d.hour % 12 };
    let ampm = if d.hour < 12 { "AM" } else { "PM" };
    let time = format!("{h12:>2}:{:02}:{:02}:{:03}{ampm}", d.minute, d.second, d.micros / 1000);
    match style {
        130 => Some(format!("{day:>2} {} {y:04} {time}", MONTHS.get(m as usize - 1)?)),
        131 => Some(format!("{day:>2}/{m:02}/{y:04} {time}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime {
        DateTime::parse(s).unwrap_or_else(|| panic!("{s} is a datetime"))
    }

    /// SQL Server's own output of these styles, as published: CAST and
    /// CONVERT (Transact-SQL) example J (2019-08-23, printed there with a
    /// `.` before the milliseconds where every other output has `:`), and
    /// scripts and notes that show a run's result next to its input.
    #[test]
    fn published_outputs_of_style_131() {
        let cases = [
            ("2019-08-23 13:39:17.090", "22/12/1440  1:39:17:090PM"),
            ("2017-09-08 18:54:32.033", "17/12/1438  6:54:32:033PM"),
            ("2014-04-28 09:31:28.580", "28/06/1435  9:31:28:580AM"),
            ("2012-03-17 21:27:19.030", "24/04/1433  9:27:19:030PM"),
            ("2020-02-10 14:22:41.907", "16/06/1441  2:22:41:907PM"),
            ("2021-01-26 23:40:14.917", "13/06/1442 11:40:14:917PM"),
            ("2025-05-28 23:27:15.760", " 1/12/1446 11:27:15:760PM"),
            ("2006-05-16 10:57:49.920", "18/04/1427 10:57:49:920AM"),
            ("2006-12-30 00:38:54.840", "10/12/1427 12:38:54:840AM"),
            ("2000-08-07 12:14:35.727", " 7/05/1421 12:14:35:727PM"),
            ("2019-10-08 10:24:57.097", " 9/02/1441 10:24:57:097AM"),
        ];
        for (input, expected) in cases {
            assert_eq!(text(&at(input), 131).as_deref(), Some(expected), "{input}");
        }
    }

    #[test]
    fn published_outputs_of_style_130() {
        let cases = [
            ("2017-09-08 18:54:32.033", "17 ذو الحجة 1438  6:54:32:033PM"),
            ("2014-04-28 09:31:28.580", "28 جمادى الثانية 1435  9:31:28:580AM"),
            ("2012-03-17 21:27:19.030", "24 ربيع الثاني 1433  9:27:19:030PM"),
            ("2025-05-28 23:27:15.760", " 1 ذو الحجة 1446 11:27:15:760PM"),
            ("2019-10-08 10:24:21.577", " 9 صفر 1441 10:24:21:577AM"),
        ];
        for (input, expected) in cases {
            assert_eq!(text(&at(input), 130).as_deref(), Some(expected), "{input}");
        }
        assert_eq!(MONTHS.len(), 12);
    }

    /// The ends of the calendar: .NET's HijriCalendar documents 9999-12-31
    /// as 9666-04-03 and starts at 0622-07-18; 2000-01-01 is 25 Ramadan 1420.
    #[test]
    fn the_calendar_starts_on_18_july_622_and_reaches_9666() {
        assert_eq!(date(at("9999-12-31").days_since_epoch()), Some((9666, 4, 3)));
        assert_eq!(date(at("2000-01-01").days_since_epoch()), Some((1420, 9, 25)));
        assert_eq!(date(-EPOCH_TO_UNIX), Some((1, 1, 1)));
        assert_eq!(date(-EPOCH_TO_UNIX - 1), None);
        // Each cycle is 10,631 days long.
        assert_eq!(days_since_unix_epoch(31, 1, 1), Some(-EPOCH_TO_UNIX + CYCLE_DAYS));
        assert_eq!(
            days_since_unix_epoch(1420, 9, 25),
            Some(at("2000-01-01").days_since_epoch())
        );
        assert_eq!(days_since_unix_epoch(1441, 2, 30), None);
        // 1440 has 354 days, so no 30 Dhu al-Hijjah; 1439 has 355.
        assert_eq!(days_since_unix_epoch(1440, 12, 30), None);
        assert_eq!(days_since_unix_epoch(1439, 12, 30).and_then(date), Some((1439, 12, 30)));
        assert_eq!(date(-EPOCH_TO_UNIX + CYCLE_DAYS), Some((31, 1, 1)));
    }
}
