//! SQL Server's date functions as scalar functions: DATEDIFF counting
//! boundaries crossed, DATEADD clamping month ends, DATEPART, DATENAME, and
//! CONVERT of a datetime to text by style.

use super::{TS, arrays, finish};
use datafusion::arrow::array::{Array, ArrayRef, AsArray, PrimitiveBuilder, StringBuilder};
use datafusion::arrow::datatypes::{ArrowPrimitiveType, DataType, Int64Type, TimestampMicrosecondType};
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{ColumnarValue, ScalarUDF, Volatility, create_udf};
use std::sync::{Arc, LazyLock};
use wqlkit_core::DateTime;
use wqlkit_core::plan::DatePart;

/// `wql_datediff(part, start, end)`: the number of `part` boundaries crossed.
pub static DATEDIFF: LazyLock<ScalarUDF> = LazyLock::new(|| {
    create_udf(
        "wql_datediff",
        vec![DataType::Utf8, TS, TS],
        DataType::Int64,
        Volatility::Immutable,
        Arc::new(datediff_fn),
    )
});

/// `wql_dateadd(part, n, date)`.
pub static DATEADD: LazyLock<ScalarUDF> = LazyLock::new(|| {
    create_udf(
        "wql_dateadd",
        vec![DataType::Utf8, DataType::Int64, TS],
        TS,
        Volatility::Immutable,
        Arc::new(dateadd_fn),
    )
});

/// `wql_datepart(part, date)`.
pub static DATEPART: LazyLock<ScalarUDF> = LazyLock::new(|| {
    create_udf(
        "wql_datepart",
        vec![DataType::Utf8, TS],
        DataType::Int64,
        Volatility::Immutable,
        Arc::new(datepart_fn),
    )
});

/// `wql_format_datetime(d, style)`: CONVERT(varchar, d, style) for the date
/// and time styles of CAST and CONVERT (Transact-SQL): 0–14, 20–25, 100–114,
/// 120, 121, 126 and 127, and the Hijri styles 130 and 131 ([`crate::lower::hijri`]).
pub static FORMAT_DATETIME: LazyLock<ScalarUDF> = LazyLock::new(|| {
    create_udf(
        "wql_format_datetime",
        vec![TS, DataType::Int64],
        DataType::Utf8,
        Volatility::Immutable,
        Arc::new(format_datetime_fn),
    )
});

/// The month names of us_english, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The day names of us_english, Sunday first.
pub const DAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// `wql_datename(part, d)`: DATENAME with us_english names.
pub static DATENAME: LazyLock<ScalarUDF> = LazyLock::new(|| {
    create_udf(
        "wql_datename",
        vec![DataType::Utf8, TS],
        DataType::Utf8,
        Volatility::Immutable,
        Arc::new(datename_fn),
    )
});

fn datename_fn(args: &[ColumnarValue]) -> Result<ColumnarValue> {
    let (a, scalar) = arrays(args)?;
    let d = a[1].as_primitive::<TimestampMicrosecondType>();
    let mut out = StringBuilder::with_capacity(d.len(), d.len() * 8);
    for i in 0..d.len() {
        if a[0].is_null(i) || d.is_null(i) {
            out.append_null();
            continue;
        }
        let part = part_of(&a[0], i)?;
        let v = datepart(part, d.value(i));
        match (part, v) {
            (DatePart::Month, Some(m)) => out.append_value(MONTH_NAMES[(m - 1) as usize]),
            (DatePart::Weekday, Some(w)) => out.append_value(DAY_NAMES[(w - 1) as usize]),
            (_, Some(n)) => out.append_value(n.to_string()),
            (_, None) => out.append_null(),
        }
    }
    finish(Arc::new(out.finish()), scalar)
}

/// CONVERT(varchar, d, style) text for the supported styles; `None` for others.
pub fn format_datetime(d: &DateTime, style: i64) -> Option<String> {
    let (y, mo, da, h, mi, se) = (d.year, d.month, d.day, d.hour, d.minute, d.second);
    let yy = y % 100;
    let ms = d.micros / 1000;
    let mon = &MONTH_NAMES[mo as usize - 1][..3];
    let h12 = if h % 12 == 0 { 12 } else { h % 12 };
    let ampm = if h < 12 { "AM" } else { "PM" };
    Some(match style {
        0 | 100 => format!("{mon} {da:>2} {y} {h12:>2}:{mi:02}{ampm}"),
        1 => format!("{mo:02}/{da:02}/{yy:02}"),
        2 => format!("{yy:02}.{mo:02}.{da:02}"),
        3 => format!("{da:02}/{mo:02}/{yy:02}"),
        4 => format!("{da:02}.{mo:02}.{yy:02}"),
        5 => format!("{da:02}-{mo:02}-{yy:02}"),
        6 => format!("{da:02} {mon} {yy:02}"),
        7 => format!("{mon} {da:02}, {yy:02}"),
        8 | 24 | 108 => format!("{h:02}:{mi:02}:{se:02}"),
        9 | 109 => format!("{mon} {da:>2} {y} {h12:>2}:{mi:02}:{se:02}:{ms:03}{ampm}"),
        10 => format!("{mo:02}-{da:02}-{yy:02}"),
        11 => format!("{yy:02}/{mo:02}/{da:02}"),
        12 => format!("{yy:02}{mo:02}{da:02}"),
        13 | 113 => format!("{da:02} {mon} {y:04} {h:02}:{mi:02}:{se:02}:{ms:03}"),
        14 | 114 => format!("{h:02}:{mi:02}:{se:02}:{ms:03}"),
        20 | 120 => format!("{y:04}-{mo:02}-{da:02} {h:02}:{mi:02}:{se:02}"),
        21 | 25 | 121 => format!("{y:04}-{mo:02}-{da:02} {h:02}:{mi:02}:{se:02}.{ms:03}"),
        23 => format!("{y:04}-{mo:02}-{da:02}"),
        104 => format!("{da:02}.{mo:02}.{y:04}"),
        105 => format!("{da:02}-{mo:02}-{y:04}"),
        106 => format!("{da:02} {mon} {y:04}"),
        107 => format!("{mon} {da:02}, {y:04}"),
        110 => format!("{mo:02}-{da:02}-{y:04}"),
        111 => format!("{y:04}/{mo:02}/{da:02}"),
        101 => format!("{mo:02}/{da:02}/{y:04}"),
        102 => format!("{y:04}.{mo:02}.{da:02}"),
        103 => format!("{da:02}/{mo:02}/{y:04}"),
        112 => format!("{y:04}{mo:02}{da:02}"),
        // ISO 8601; milliseconds only when there are some.
        126 | 127 if ms == 0 => format!("{y:04}-{mo:02}-{da:02}T{h:02}:{mi:02}:{se:02}"),
        126 | 127 => format!("{y:04}-{mo:02}-{da:02}T{h:02}:{mi:02}:{se:02}.{ms:03}"),
        130 | 131 => return crate::lower::hijri::text(d, style),
        _ => return None,
    })
}

fn format_datetime_fn(args: &[ColumnarValue]) -> Result<ColumnarValue> {
    let (a, scalar) = arrays(args)?;
    let d = a[0].as_primitive::<TimestampMicrosecondType>();
    let style = a[1].as_primitive::<Int64Type>();
    let mut out = StringBuilder::with_capacity(d.len(), d.len() * 20);
    for i in 0..d.len() {
        if d.is_null(i) || style.is_null(i) {
            out.append_null();
            continue;
        }
        let dt = DateTime::from_unix_micros(d.value(i))
            .ok_or_else(|| DataFusionError::Execution(format!("{} is not a datetime", d.value(i))))?;
        let text = format_datetime(&dt, style.value(i))
            .ok_or_else(|| DataFusionError::NotImplemented(format!("CONVERT style {}", style.value(i))))?;
        out.append_value(text);
    }
    finish(Arc::new(out.finish()), scalar)
}

fn part_of(a: &ArrayRef, i: usize) -> Result<DatePart> {
    let s = a.as_string::<i32>();
    DatePart::parse(s.value(i)).ok_or_else(|| DataFusionError::Execution(format!("unknown date part {}", s.value(i))))
}

const DAY_US: i64 = 86_400_000_000;

/// DATEDIFF(part, a, b): `part` boundaries crossed from `a` to `b`.
pub fn datediff(part: DatePart, a: i64, b: i64) -> Option<i64> {
    let (da, db) = (DateTime::from_unix_micros(a)?, DateTime::from_unix_micros(b)?);
    let days = |x: i64| x.div_euclid(DAY_US);
    Some(match part {
        DatePart::Year => (db.year - da.year) as i64,
        DatePart::Quarter => {
            let q = |d: &DateTime| d.year as i64 * 4 + (d.month as i64 - 1) / 3;
            q(&db) - q(&da)
        }
        DatePart::Month => {
            let m = |d: &DateTime| d.year as i64 * 12 + d.month as i64 - 1;
            m(&db) - m(&da)
        }
        DatePart::Day | DatePart::DayOfYear | DatePart::Weekday => days(b) - days(a),
        // Weeks start on Sunday (DATEFIRST 7); 1970-01-04 was a Sunday.
        DatePart::Week => (days(b) + 4).div_euclid(7) - (days(a) + 4).div_euclid(7),
        DatePart::Hour => b.div_euclid(3_600_000_000) - a.div_euclid(3_600_000_000),
        DatePart::Minute => b.div_euclid(60_000_000) - a.div_euclid(60_000_000),
        DatePart::Second => b.div_euclid(1_000_000) - a.div_euclid(1_000_000),
        DatePart::Millisecond => b.div_euclid(1_000) - a.div_euclid(1_000),
    })
}

/// DATEADD(part, n, d), clamping the day to the month's end as SQL Server does.
pub fn dateadd(part: DatePart, n: i64, d: i64) -> Option<i64> {
    let add_months = |months: i64| -> Option<i64> {
        let dt = DateTime::from_unix_micros(d)?;
        let total = dt.year as i64 * 12 + dt.month as i64 - 1 + months;
        let (y, m) = (total.div_euclid(12) as i32, (total.rem_euclid(12) + 1) as u32);
        let mut day = dt.day as u32;
        let shifted = loop {
            if let Some(x) =
                DateTime::from_parts(y, m, day, dt.hour as u32, dt.minute as u32, dt.second as u32, dt.micros)
            {
                break x;
            }
            if day <= 28 {
                return None;
            }
            day -= 1;
        };
        Some(shifted.unix_micros())
    };
    let r = match part {
        DatePart::Year => add_months(n.checked_mul(12)?)?,
        DatePart::Quarter => add_months(n.checked_mul(3)?)?,
        DatePart::Month => add_months(n)?,
        DatePart::Day | DatePart::DayOfYear | DatePart::Weekday => d.checked_add(n.checked_mul(DAY_US)?)?,
        DatePart::Week => d.checked_add(n.checked_mul(7 * DAY_US)?)?,
        DatePart::Hour => d.checked_add(n.checked_mul(3_600_000_000)?)?,
        DatePart::Minute => d.checked_add(n.checked_mul(60_000_000)?)?,
        DatePart::Second => d.checked_add(n.checked_mul(1_000_000)?)?,
        DatePart::Millisecond => d.checked_add(n.checked_mul(1_000)?)?,
    };
    DateTime::from_unix_micros(r).map(|_| r)
}

/// DATEPART(part, d) with SQL Server's defaults (weeks start Sunday; Jan 1 is in week 1).
pub fn datepart(part: DatePart, d: i64) -> Option<i64> {
    let dt = DateTime::from_unix_micros(d)?;
    let jan1 = DateTime::from_parts(dt.year, 1, 1, 0, 0, 0, 0)?;
    let doy = dt.days_since_epoch() - jan1.days_since_epoch() + 1;
    // 0 = Sunday.
    let dow = |days: i64| (days + 4).rem_euclid(7);
    Some(match part {
        DatePart::Year => dt.year as i64,
        DatePart::Quarter => (dt.month as i64 - 1) / 3 + 1,
        DatePart::Month => dt.month as i64,
        DatePart::DayOfYear => doy,
        DatePart::Day => dt.day as i64,
        DatePart::Week => (doy - 1 + dow(jan1.days_since_epoch())) / 7 + 1,
        DatePart::Weekday => dow(dt.days_since_epoch()) + 1,
        DatePart::Hour => dt.hour as i64,
        DatePart::Minute => dt.minute as i64,
        DatePart::Second => dt.second as i64,
        DatePart::Millisecond => dt.micros as i64 / 1000,
    })
}

/// `f(part, row)` for each row of a date function whose arguments (the
/// date part first) are all present; NULL where one is NULL.
fn by_part<T: ArrowPrimitiveType>(
    args: &[ColumnarValue],
    f: impl Fn(DatePart, &[ArrayRef], usize) -> Option<T::Native>,
) -> Result<ColumnarValue> {
    let (a, scalar) = arrays(args)?;
    let rows = a.iter().map(|c| c.len()).max().unwrap_or(0);
    let mut out = PrimitiveBuilder::<T>::with_capacity(rows);
    for i in 0..rows {
        if a.iter().any(|c| c.is_null(i)) {
            out.append_null();
            continue;
        }
        out.append_option(f(part_of(&a[0], i)?, &a, i));
    }
    finish(Arc::new(out.finish()), scalar)
}

fn datediff_fn(args: &[ColumnarValue]) -> Result<ColumnarValue> {
    by_part::<Int64Type>(args, |part, a, i| {
        let (start, end) = (
            a[1].as_primitive::<TimestampMicrosecondType>(),
            a[2].as_primitive::<TimestampMicrosecondType>(),
        );
        datediff(part, start.value(i), end.value(i))
    })
}

fn dateadd_fn(args: &[ColumnarValue]) -> Result<ColumnarValue> {
    by_part::<TimestampMicrosecondType>(args, |part, a, i| {
        let (n, d) = (
            a[1].as_primitive::<Int64Type>(),
            a[2].as_primitive::<TimestampMicrosecondType>(),
        );
        dateadd(part, n.value(i), d.value(i))
    })
}

fn datepart_fn(args: &[ColumnarValue]) -> Result<ColumnarValue> {
    by_part::<Int64Type>(args, |part, a, i| {
        datepart(part, a[1].as_primitive::<TimestampMicrosecondType>().value(i))
    })
}
