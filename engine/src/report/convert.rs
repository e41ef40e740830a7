//! CONVERT to text with a style, by the type of the value converted, as
//! CAST and CONVERT (Transact-SQL) documents it: date and time styles for
//! datetimes, the float styles 0–2 for float and real, the money styles 0, 1,
//! 2 and 126 for money; for text and other types the style has no effect.
//! And CONVERT of text to a date or time with a style: the style says the
//! order of the date's numbers, and for 130 and 131 the calendar.

use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DataFusionError, Result, ScalarValue};
use datafusion::logical_expr::{ScalarUDF, Signature, Volatility};
use std::sync::LazyLock;
use wqlkit_core::DateTime;

/// The styles CONVERT takes offline when the target is text.
pub fn known_style(style: i64) -> bool {
    matches!(style, 0..=14 | 20..=25 | 100..=114 | 120 | 121 | 126 | 127 | 130 | 131)
}

/// `wql_convert_text(value, style [, 'money'])`: CONVERT(varchar, value, style).
pub static CONVERT_TEXT: LazyLock<ScalarUDF> = LazyLock::new(|| {
    super::udfs::row_wise(
        "wql_convert_text",
        Signature::variadic_any(Volatility::Immutable),
        convert_row,
    )
});

fn convert_row(args: &[ScalarValue]) -> Result<Option<String>> {
    let (value, style) = match args {
        [v, s] | [v, s, _] => (v, s),
        _ => return Err(DataFusionError::Plan("wql_convert_text takes 2 or 3 arguments".into())),
    };
    let money = matches!(args.get(2), Some(ScalarValue::Utf8(Some(k))) if k == "money");
    if value.is_null() {
        return Ok(None);
    }
    let style = match style.cast_to(&DataType::Int64)? {
        ScalarValue::Int64(Some(s)) => s,
        _ => return Ok(None),
    };
    let unsupported = |what: &str| DataFusionError::NotImplemented(format!("CONVERT style {style} of {what}"));
    let micros = |v: i64, per_second: i64| {
        if per_second >= 1_000_000 {
            v / (per_second / 1_000_000)
        } else {
            v * (1_000_000 / per_second)
        }
    };
    let datetime = |us: i64| -> Result<Option<String>> {
        let d = DateTime::from_unix_micros(us)
            .ok_or_else(|| DataFusionError::Execution(format!("{us} is not a datetime")))?;
        crate::lower::udf::format_datetime(&d, style)
            .map(Some)
            .ok_or_else(|| unsupported("a datetime"))
    };
    match value {
        // A datetimeoffset in style 0 (and 121, the same form).
        ScalarValue::TimestampMicrosecond(Some(v), Some(tz)) => match style {
            0 | 121 => super::offsets::datetimeoffset_text(*v, tz)
                .map(Some)
                .ok_or_else(|| DataFusionError::Execution(format!("{v} is not a datetime"))),
            _ => Err(unsupported("a datetimeoffset")),
        },
        ScalarValue::TimestampMicrosecond(Some(v), _) => datetime(*v),
        ScalarValue::TimestampMillisecond(Some(v), _) => datetime(micros(*v, 1_000)),
        ScalarValue::TimestampSecond(Some(v), _) => datetime(micros(*v, 1)),
        ScalarValue::TimestampNanosecond(Some(v), _) => datetime(micros(*v, 1_000_000_000)),
        ScalarValue::Date32(Some(d)) => datetime(i64::from(*d) * 86_400_000_000),
        ScalarValue::Float64(Some(f)) => float_text(*f, style).map(Some).ok_or_else(|| unsupported("a float")),
        ScalarValue::Float32(Some(f)) => float_text(f64::from(*f), style)
            .map(Some)
            .ok_or_else(|| unsupported("a real")),
        ScalarValue::Decimal128(Some(v), _, scale) if money => money_text(*v, *scale, style)
            .map(Some)
            .ok_or_else(|| unsupported("money")),
        ScalarValue::Boolean(Some(b)) => Ok(Some(if *b { "1" } else { "0" }.into())),
        ScalarValue::Utf8(s) | ScalarValue::Utf8View(s) | ScalarValue::LargeUtf8(s) => Ok(s.clone()),
        other => match other.cast_to(&DataType::Utf8)? {
            ScalarValue::Utf8(s) => Ok(s),
            _ => Ok(None),
        },
    }
}

/// `wql_styled_datetime(text, style, try)`: text that CONVERT(datetime,
/// text, style) reads, as `yyyy-mm-dd hh:mm:ss.ffffff` for CAST to read.
/// Text in no form of the style is SQL Server's conversion error, or NULL
/// for TRY_CONVERT.
pub static STYLED_DATETIME: LazyLock<ScalarUDF> = LazyLock::new(|| {
    super::udfs::row_wise(
        "wql_styled_datetime",
        Signature::variadic_any(Volatility::Immutable),
        styled_row,
    )
});

fn styled_row(args: &[ScalarValue]) -> Result<Option<String>> {
    let [value, style, lenient] = args else {
        return Err(DataFusionError::Plan("wql_styled_datetime takes 3 arguments".into()));
    };
    let canonical = |d: Option<DateTime>| {
        d.map(|d| {
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:06}",
                d.year, d.month, d.day, d.hour, d.minute, d.second, d.micros
            )
        })
    };
    // The style applies to text only; another value converts as CAST converts it.
    let text = match value {
        v if v.is_null() => return Ok(None),
        ScalarValue::Utf8(Some(s)) | ScalarValue::Utf8View(Some(s)) | ScalarValue::LargeUtf8(Some(s)) => s,
        // A datetimeoffset becomes its local time.
        ScalarValue::TimestampMicrosecond(Some(us), Some(tz)) => {
            return Ok(super::offsets::datetimeoffset_text(*us, tz).and_then(|t| t.get(..26).map(str::to_string)));
        }
        ScalarValue::TimestampMicrosecond(Some(us), None) => return Ok(canonical(DateTime::from_unix_micros(*us))),
        ScalarValue::TimestampSecond(_, tz)
        | ScalarValue::TimestampMillisecond(_, tz)
        | ScalarValue::TimestampNanosecond(_, tz) => {
            let micros = value.cast_to(&DataType::Timestamp(
                datafusion::arrow::datatypes::TimeUnit::Microsecond,
                tz.clone(),
            ))?;
            return styled_row(&[micros, style.clone(), lenient.clone()]);
        }
        ScalarValue::Date32(Some(days)) => {
            return Ok(canonical(DateTime::from_unix_micros(i64::from(*days) * 86_400_000_000)));
        }
        // A number is days since 1900-01-01, a fraction of a day its time.
        number => {
            let days = match number.cast_to(&DataType::Float64)? {
                ScalarValue::Float64(Some(f)) => f,
                _ => {
                    return Err(DataFusionError::NotImplemented(format!(
                        "CONVERT of {number} to a datetime"
                    )));
                }
            };
            let micros = ((days - DAYS_1900_TO_1970) * 86_400_000_000.0).round();
            return Ok(canonical(DateTime::from_unix_micros(micros as i64)));
        }
    };
    let (ScalarValue::Int64(Some(style)), ScalarValue::Boolean(Some(lenient))) = (style, lenient) else {
        return Err(DataFusionError::Plan(
            "wql_styled_datetime takes a style and a flag".into(),
        ));
    };
    match styled_datetime(text, *style) {
        Some(v) => Ok(Some(v)),
        None if *lenient => Ok(None),
        None => Err(DataFusionError::Execution(format!(
            "Conversion failed when converting date and/or time from character string '{text}' (style {style})."
        ))),
    }
}

/// Days from 1900-01-01, SQL Server's day zero, to 1970-01-01.
const DAYS_1900_TO_1970: f64 = 25_567.0;

/// Reads `text` as CONVERT's date and time `style` does; see [`STYLED_DATETIME`].
pub fn styled_datetime(text: &str, style: i64) -> Option<String> {
    use super::culture::{Order, fields, gregorian, month_of};
    let order = match style % 100 {
        3..=6 | 13 | 30 | 31 => Order::Dmy,
        2 | 11 | 12 | 20 | 21 | 23..=27 => Order::Ymd,
        _ => Order::Mdy,
    };
    if matches!(style, 130 | 131) {
        let words = crate::lower::hijri::month_names_as_words(text);
        let f = fields(&words, order, &crate::lower::hijri::month_number)?;
        // The Hijri styles write four-digit years; a short one has no cutoff to read it by.
        let (y, m, d) = f.date.filter(|_| !f.short_year)?;
        let days = crate::lower::hijri::days_since_unix_epoch(i64::from(y), m, d)?;
        let day = DateTime::from_unix_micros(days * 86_400_000_000)?;
        return gregorian(day.year as u32, u32::from(day.month), u32::from(day.day), &f);
    }
    let f = fields(text, order, &month_of)?;
    // A time alone is on 1 January 1900, SQL Server's day zero.
    let (y, m, d) = f.gregorian_date().unwrap_or((1900, 1, 1));
    gregorian(y, m, d, &f)
}

/// A float as CONVERT writes it: style 0 at most 6 significant digits (in
/// scientific notation when the exponent is below -4 or from 6 up), style 1
/// always 8 digits in scientific notation, style 2 always 16. The exponent
/// has a sign and three digits (`1.23457e+006`).
pub fn float_text(f: f64, style: i64) -> Option<String> {
    match style {
        0 => Some(general(f, 6)),
        1 => Some(scientific(f, 8, false)),
        2 => Some(scientific(f, 16, false)),
        _ => None,
    }
}

/// `digits` significant digits, fixed or scientific as C's `%g` chooses, without trailing zeros.
fn general(f: f64, digits: usize) -> String {
    if f == 0.0 {
        return "0".into();
    }
    let e = format!("{:.*e}", digits - 1, f);
    let exponent: i32 = e.rsplit('e').next().and_then(|x| x.parse().ok()).unwrap_or(0);
    if exponent < -4 || exponent >= digits as i32 {
        scientific(f, digits, true)
    } else {
        let decimals = (digits as i32 - 1 - exponent).max(0) as usize;
        trim_zeros(format!("{f:.decimals$}"))
    }
}

/// `digits` significant digits in scientific notation, `d.ddde+xxx`.
fn scientific(f: f64, digits: usize, trim: bool) -> String {
    let e = format!("{:.*e}", digits - 1, f);
    let (mantissa, exponent) = e.split_once('e').unwrap_or((&e, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let mantissa = if trim {
        trim_zeros(mantissa.to_string())
    } else {
        mantissa.to_string()
    };
    format!(
        "{mantissa}e{}{:03}",
        if exponent < 0 { '-' } else { '+' },
        exponent.abs()
    )
}

fn trim_zeros(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Money as CONVERT writes it: style 0 two decimals, style 1 two decimals
/// with a comma every three digits, styles 2 and 126 four decimals.
pub fn money_text(value: i128, scale: i8, style: i64) -> Option<String> {
    let (decimals, commas) = match style {
        0 => (2u32, false),
        1 => (2, true),
        2 | 126 => (4, false),
        _ => return None,
    };
    // Round half away from zero to `decimals` places.
    let scale = scale.max(0) as u32;
    let v = if scale > decimals {
        let unit = 10i128.pow(scale - decimals);
        let half = unit / 2;
        if value < 0 {
            (value - half) / unit
        } else {
            (value + half) / unit
        }
    } else {
        value * 10i128.pow(decimals - scale)
    };
    let unit = 10i128.pow(decimals);
    let whole = (v.abs() / unit).to_string();
    let whole = if commas {
        let mut out = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    } else {
        whole
    };
    let sign = if v < 0 { "-" } else { "" };
    Some(format!(
        "{sign}{whole}.{:0width$}",
        v.abs() % unit,
        width = decimals as usize
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every date and time style reads back what it writes: CONVERT to text
    /// with a style, then to datetime with the same style, then to text again
    /// gives the same text (the parts a style leaves out are left out twice).
    #[test]
    fn every_style_reads_what_it_writes() {
        let days = [
            "2024-01-15 13:45:30.123",
            "1999-12-31 23:59:59.997",
            "2000-02-29 00:00:00.000",
            "2049-07-04 09:05:01.040",
            "1950-11-30 12:00:00.500",
        ];
        let styles = (0..=14)
            .chain(20..=25)
            .chain(100..=114)
            .chain([120, 121, 126, 127, 130, 131]);
        let mut checked = 0;
        for style in styles.filter(|s| known_style(*s) && !matches!(s, 22 | 24 | 25)) {
            for day in days {
                let d = DateTime::parse(day).expect("a datetime");
                let written = crate::lower::udf::format_datetime(&d, style).expect("a style that writes datetimes");
                checked += 1;
                let read = styled_datetime(&written, style)
                    .and_then(|t| DateTime::parse(&t))
                    .unwrap_or_else(|| panic!("style {style} cannot read {written:?}"));
                assert_eq!(
                    crate::lower::udf::format_datetime(&read, style).as_deref(),
                    Some(written.as_str()),
                    "style {style}, {day}"
                );
            }
        }
        // 39 styles by 5 days: 24 and 25 write other types' forms, and 22's
        // text (mm/dd/yy hh:mi:ss AM) is read but not written offline.
        assert_eq!(checked, 195);
    }

    /// The order of the numbers by style (CAST and CONVERT (Transact-SQL),
    /// "Date and time styles": 101 mm/dd/yyyy, 103 dd/mm/yyyy, 104
    /// dd.mm.yyyy, 105 dd-mm-yyyy, 111 yyyy/mm/dd, 2 yy.mm.dd, 12 yymmdd)
    /// and impossible dates.
    #[test]
    fn styles_say_the_order_of_the_numbers() {
        let read = |t: &str, s: i64| styled_datetime(t, s);
        let jan15 = Some("2024-01-15 00:00:00.000000".to_string());
        assert_eq!(read("01/15/2024", 101), jan15);
        assert_eq!(read("15/01/2024", 103), jan15);
        assert_eq!(read("15.01.2024", 104), jan15);
        assert_eq!(read("15-01-2024", 105), jan15);
        assert_eq!(read("2024/01/15", 111), jan15);
        assert_eq!(read("24.01.15", 2), jan15);
        assert_eq!(read("240115", 12), jan15);
        assert_eq!(read("15 Jan 24", 6), jan15);
        assert_eq!(read("15/01/2024", 101), None);
        assert_eq!(read("31/02/2024", 103), None);
        // A time alone is on 1 January 1900.
        assert_eq!(read("13:45:30", 108).as_deref(), Some("1900-01-01 13:45:30.000000"));
        // hh:mi:ss:mmm is milliseconds after a colon.
        assert_eq!(read("13:45:30:5", 114).as_deref(), Some("1900-01-01 13:45:30.005000"));
        // The Hijri styles: example J's 22 Dhu al-Hijjah 1440 is 23 August 2019; no 30 Safar 1441.
        assert_eq!(
            read("22/12/1440  1:39:17:090PM", 131).as_deref(),
            Some("2019-08-23 13:39:17.090000")
        );
        assert_eq!(read("30/02/1441 10:00:00:000AM", 131), None);
        // Hijri years have four digits; a short one is not read under the Gregorian cutoff.
        assert_eq!(read("22/12/40", 131), None);
    }

    /// Text that names a part twice, or has something that is no part, is
    /// refused rather than read in part; years with more than two digits
    /// are never read under the two-digit cutoff.
    #[test]
    fn text_with_more_than_a_date_and_a_time_is_refused() {
        let read = |t: &str, s: i64| styled_datetime(t, s);
        assert_eq!(read("2024-01-15 13:45:30 +05:00", 121), None);
        assert_eq!(read("01/15/2024 02/03/2025", 101), None);
        assert_eq!(read("Jan 01/15/2024", 101), None);
        assert_eq!(read("10:00 11:00", 108), None);
        assert_eq!(read("2024-01-15T10:00:00 PM", 126), None);
        assert_eq!(read("13:45:30.", 108), None);
        assert_eq!(read("0000-01-01", 120), None);
        assert_eq!(read("15/01/024", 103), None);
        assert_eq!(
            read("2024-01-15T10:00:00", 126).as_deref(),
            Some("2024-01-15 10:00:00.000000")
        );
        assert_eq!(read("15/01/24", 3).as_deref(), Some("2024-01-15 00:00:00.000000"));
        assert_eq!(read("15/01/50", 3).as_deref(), Some("1950-01-15 00:00:00.000000"));
    }

    /// A value that is not text converts as CAST converts it, whatever the
    /// style: a datetime is itself, a datetimeoffset its local time, a
    /// number days since 1900-01-01.
    #[test]
    fn the_style_applies_to_text_only() {
        let run = |v: ScalarValue| {
            styled_row(&[v, ScalarValue::Int64(Some(103)), ScalarValue::Boolean(Some(false))]).expect("a value")
        };
        let at = DateTime::parse("2024-01-15 13:45:30.123")
            .expect("a datetime")
            .unix_micros();
        assert_eq!(
            run(ScalarValue::TimestampMicrosecond(Some(at), None)).as_deref(),
            Some("2024-01-15 13:45:30.123000")
        );
        assert_eq!(
            run(ScalarValue::TimestampMicrosecond(Some(at), Some("+05:00".into()))).as_deref(),
            Some("2024-01-15 18:45:30.123000")
        );
        assert_eq!(
            run(ScalarValue::Int64(Some(45_000))).as_deref(),
            Some("2023-03-17 00:00:00.000000")
        );
        assert_eq!(
            run(ScalarValue::Float64(Some(1.5))).as_deref(),
            Some("1900-01-02 12:00:00.000000")
        );
    }

    /// CAST and CONVERT (Transact-SQL), "float and real styles" and its
    /// examples: CONVERT(varchar, EXP(10)) is 22026.5, CONVERT(varchar,
    /// LOG(10)) is 2.30259 (style 0, six digits).
    #[test]
    fn float_styles() {
        assert_eq!(float_text(10f64.exp(), 0).expect("a value"), "22026.5");
        assert_eq!(float_text(10f64.ln(), 0).expect("a value"), "2.30259");
        assert_eq!(float_text(1234.5, 0).expect("a value"), "1234.5");
        assert_eq!(float_text(123456.7, 0).expect("a value"), "123457");
        assert_eq!(float_text(123456789.0, 0).expect("a value"), "1.23457e+008");
        assert_eq!(float_text(0.0001, 0).expect("a value"), "0.0001");
        assert_eq!(float_text(0.000012345, 0).expect("a value"), "1.2345e-005");
        assert_eq!(float_text(-2.5, 0).expect("a value"), "-2.5");
        assert_eq!(float_text(0.0, 0).expect("a value"), "0");
        assert_eq!(float_text(123456789.0, 1).expect("a value"), "1.2345679e+008");
        assert_eq!(
            float_text(123456789.1234568, 2).expect("a value"),
            "1.234567891234568e+008"
        );
        assert_eq!(float_text(1.0, 4), None);
    }

    /// CAST and CONVERT (Transact-SQL), "money and smallmoney styles":
    /// style 0 4235.98, style 1 3,510.92, style 2 4235.9819.
    #[test]
    fn money_styles() {
        assert_eq!(money_text(42_359_819, 4, 0).expect("a value"), "4235.98");
        assert_eq!(money_text(35_109_200, 4, 1).expect("a value"), "3,510.92");
        assert_eq!(money_text(42_359_819, 4, 2).expect("a value"), "4235.9819");
        assert_eq!(money_text(42_359_819, 4, 126).expect("a value"), "4235.9819");
        assert_eq!(money_text(31_482_900, 4, 0).expect("a value"), "3148.29");
        assert_eq!(money_text(12_345_678_910, 4, 1).expect("a value"), "1,234,567.89");
        assert_eq!(money_text(-12_345, 4, 0).expect("a value"), "-1.23");
        assert_eq!(money_text(5, 4, 0).expect("a value"), "0.00");
        assert_eq!(money_text(1, 4, 3), None);
    }

    #[test]
    fn the_style_follows_the_type_converted() {
        let run = |v: ScalarValue, s: i64| convert_row(&[v, ScalarValue::Int64(Some(s))]).expect("a value");
        // Text is never restyled; a number ignores a date style.
        assert_eq!(
            run(ScalarValue::Utf8(Some("2024-01-05".into())), 101).expect("a value"),
            "2024-01-05"
        );
        assert_eq!(run(ScalarValue::Int32(Some(5)), 1).expect("a value"), "5");
        let ts = ScalarValue::TimestampMicrosecond(Some(1_704_450_600_000_000), None);
        assert_eq!(run(ts, 101).expect("a value"), "01/05/2024");
        assert_eq!(
            run(ScalarValue::Float64(Some(1234.5)), 1).expect("a value"),
            "1.2345000e+003"
        );
        let money = convert_row(&[
            ScalarValue::Decimal128(Some(12_345_678_910), 19, 4),
            ScalarValue::Int64(Some(1)),
            ScalarValue::Utf8(Some("money".into())),
        ])
        .expect("a value");
        assert_eq!(money.expect("a value"), "1,234,567.89");
    }
}
