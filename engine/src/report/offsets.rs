//! `datetimeoffset`: a time with its offset from UTC (`2024-01-01 10:00:00
//! +02:00`), held as a UTC instant whose Arrow time zone is the fixed offset.
//! `SWITCHOFFSET(dto, '+02:00')` keeps the instant and changes the offset;
//! `TODATETIMEOFFSET(dt, '+02:00')` and `dt AT TIME ZONE 'UTC'` give a time
//! without offset one; `dto AT TIME ZONE 'UTC'` converts it. Time zones are
//! the Windows zones without daylight saving time: `UTC` and the `UTC±hh`
//! zones of sys.time_zone_info. A zone with daylight saving rules is a
//! diagnostic, since its rules are not in a snapshot.

use datafusion::arrow::array::{AsArray, TimestampMicrosecondArray};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, TimeUnit, TimestampMicrosecondType};
use datafusion::common::{DataFusionError, Result, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::{Arc, LazyLock};

/// An offset in minutes from `[+|-]hh:mm` (SWITCHOFFSET's and
/// TODATETIMEOFFSET's text form) or a whole number of minutes.
pub fn offset_minutes(text: &str) -> Option<i32> {
    let t = text.trim();
    if let Ok(n) = t.parse::<i32>() {
        return (-840..=840).contains(&n).then_some(n);
    }
    let (sign, rest) = match t.as_bytes().first()? {
        b'+' => (1, &t[1..]),
        b'-' => (-1, &t[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    let minutes = h * 60 + m;
    (h <= 14 && m < 60 && h.to_string().len() <= 2 && minutes <= 840).then_some(sign * minutes)
}

/// The offset of a Windows time zone without daylight saving time.
pub fn zone_minutes(zone: &str) -> Result<i32, String> {
    let z = zone.trim();
    if z.eq_ignore_ascii_case("UTC") {
        return Ok(0);
    }
    // UTC-11, UTC-09, UTC-08, UTC-02, UTC+12, UTC+13 (sys.time_zone_info).
    if let Some(rest) = z.strip_prefix("UTC").or_else(|| z.strip_prefix("utc"))
        && rest.len() == 3
        && let Ok(h) = rest.parse::<i32>()
        && rest.starts_with(['+', '-'])
    {
        return Ok(h * 60);
    }
    Err(format!(
        "the time zone '{z}' is not supported offline: its daylight saving rules are not in a snapshot; \
         use 'UTC', a fixed zone such as 'UTC-08', or SWITCHOFFSET with an offset"
    ))
}

/// A datetimeoffset as SQL Server writes datetimeoffset(7): its local time to
/// seven decimals and its offset, `1998-09-20 04:45:50.7134500 -08:00`.
/// `micros` is the UTC instant; `tz` the fixed offset (`-08:00`).
pub fn datetimeoffset_text(micros: i64, tz: &str) -> Option<String> {
    let minutes = offset_minutes(tz).unwrap_or(0);
    let d = wqlkit_core::DateTime::from_unix_micros(micros + i64::from(minutes) * 60_000_000)?;
    Some(format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:06}0 {}",
        d.year,
        d.month,
        d.day,
        d.hour,
        d.minute,
        d.second,
        d.micros,
        zone_text(minutes)
    ))
}

/// An offset as Arrow's fixed-offset time zone text, `+02:00`.
pub fn zone_text(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

/// How [`WITH_OFFSET`] reads its time: AT TIME ZONE (a time without offset
/// is local to the zone, one with an offset is converted).
pub const ZONE: &str = "zone";
/// SWITCHOFFSET: a time without offset is at +00:00; the instant is kept.
pub const SWITCH: &str = "switch";
/// TODATETIMEOFFSET: the local time gets the offset.
pub const ATTACH: &str = "attach";
/// CAST to datetimeoffset: a datetimeoffset stays as it is; a time without
/// offset gets the offset (+00:00).
pub const CAST: &str = "cast";

/// `wql_with_offset(time, minutes, how)`: the time as a datetimeoffset at
/// `minutes`, read as `how` says ([`ZONE`], [`SWITCH`], [`ATTACH`], [`CAST`]).
pub static WITH_OFFSET: LazyLock<ScalarUDF> = LazyLock::new(|| {
    ScalarUDF::new_from_impl(WithOffset {
        signature: Signature::any(3, Volatility::Immutable),
    })
});

#[derive(Debug, PartialEq, Eq, Hash)]
struct WithOffset {
    signature: Signature,
}

fn minutes_arg(v: Option<&ScalarValue>) -> Result<i32> {
    match v.map(|v| v.cast_to(&DataType::Int64)) {
        Some(Ok(ScalarValue::Int64(Some(m)))) if (-840..=840).contains(&m) => Ok(m as i32),
        _ => Err(DataFusionError::Plan(
            "the offset of a datetimeoffset must be a constant between -14:00 and +14:00".into(),
        )),
    }
}

impl ScalarUDFImpl for WithOffset {
    fn name(&self) -> &str {
        "wql_with_offset"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Err(DataFusionError::Internal(
            "wql_with_offset's type comes from its arguments".into(),
        ))
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let minutes = minutes_arg(args.scalar_arguments.get(1).copied().flatten())?;
        let cast =
            matches!(args.scalar_arguments.get(2).copied().flatten(), Some(ScalarValue::Utf8(Some(h))) if h == CAST);
        let zone = match args.arg_fields.first().map(|f| f.data_type()) {
            Some(DataType::Timestamp(_, Some(tz))) if cast => tz.to_string(),
            _ => zone_text(minutes),
        };
        let ty = DataType::Timestamp(TimeUnit::Microsecond, Some(zone.into()));
        Ok(Arc::new(Field::new(self.name(), ty, true)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let minutes = match &args.args[1] {
            ColumnarValue::Scalar(s) => minutes_arg(Some(s))?,
            ColumnarValue::Array(_) => minutes_arg(None)?,
        };
        let how = match &args.args[2] {
            ColumnarValue::Scalar(ScalarValue::Utf8(Some(h))) => h.clone(),
            _ => return Err(DataFusionError::Plan("wql_with_offset: the mode is a constant".into())),
        };
        let scalar = matches!(args.args[0], ColumnarValue::Scalar(_));
        let input = args.args[0].to_array(args.number_rows.max(1))?;
        let from_zone = match input.data_type() {
            DataType::Timestamp(_, tz) => tz.as_deref().map(|z| offset_minutes(z).unwrap_or(0)),
            DataType::Date32 | DataType::Date64 | DataType::Utf8 => None,
            other => {
                return Err(DataFusionError::Plan(format!(
                    "a datetimeoffset is made from a date and time, not {other}"
                )));
            }
        };
        let micros = datafusion::arrow::compute::cast(&input, &DataType::Timestamp(TimeUnit::Microsecond, None))?;
        let micros = micros.as_primitive::<TimestampMicrosecondType>();
        let shift = |m: i32| i64::from(m) * 60_000_000;
        let out: TimestampMicrosecondArray = micros
            .iter()
            .map(|v| {
                v.map(|v| match (from_zone, how.as_str()) {
                    // An instant stays the instant.
                    (Some(_), ZONE | SWITCH | CAST) => v,
                    // TODATETIMEOFFSET takes the local time of its input.
                    (Some(z), _) => v + shift(z) - shift(minutes),
                    // A time without offset is at +00:00 for SWITCHOFFSET…
                    (None, SWITCH) => v,
                    // … and local to the offset otherwise.
                    (None, _) => v - shift(minutes),
                })
            })
            .collect::<TimestampMicrosecondArray>()
            .with_timezone(match (from_zone, how.as_str()) {
                (Some(z), CAST) => zone_text(z),
                _ => zone_text(minutes),
            });
        if scalar {
            Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?))
        } else {
            Ok(ColumnarValue::Array(Arc::new(out)))
        }
    }
}

/// A `yyyy-mm-dd hh:mm:ss[.ffffff] ±hh:mm` literal split into its local time
/// and offset; no offset is +00:00, as SQL Server reads it.
pub fn split_literal(text: &str) -> (String, i32) {
    let t = text.trim();
    if let Some(p) = t.rfind([' ', '+', '-']) {
        let (local, offset) = t.split_at(p);
        let offset = offset.trim();
        if local.len() >= 8
            && offset.contains(':')
            && let Some(m) = offset_minutes(offset)
        {
            return (local.trim().to_string(), m);
        }
    }
    (t.to_string(), 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_zones() {
        assert_eq!(offset_minutes("+02:00"), Some(120));
        assert_eq!(offset_minutes("-5:00"), Some(-300));
        assert_eq!(offset_minutes("-08:30"), Some(-510));
        assert_eq!(offset_minutes("90"), Some(90));
        assert_eq!(offset_minutes("+15:00"), None);
        assert_eq!(offset_minutes("02:00"), None);
        assert_eq!(zone_minutes("UTC"), Ok(0));
        assert_eq!(zone_minutes("UTC-08"), Ok(-480));
        assert_eq!(zone_minutes("UTC+13"), Ok(780));
        assert!(
            zone_minutes("Pacific Standard Time")
                .expect_err("an error")
                .contains("daylight saving")
        );
        assert_eq!(zone_text(-300), "-05:00");
        assert_eq!(
            split_literal("1998-09-20 7:45:50.71345 -5:00"),
            ("1998-09-20 7:45:50.71345".into(), -300)
        );
        assert_eq!(split_literal("2024-01-01 10:00"), ("2024-01-01 10:00".into(), 0));
        assert_eq!(split_literal("2024-01-01"), ("2024-01-01".into(), 0));
    }
}
