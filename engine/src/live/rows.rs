//! TDS values → Arrow columns of the types the catalog (or the bound query)
//! says. Values are converted to the target type rather than trusted to
//! arrive in it: a server may send `int` where the view says `bigint`, or
//! text where it says `datetime` (pysqlbridge infers types from CSV).

use crate::live::error::LiveError;
use datafusion::arrow::array::{
    ArrayRef, BinaryBuilder, BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder, StringBuilder,
    TimestampMicrosecondBuilder,
};
use datafusion::arrow::datatypes::{DataType, SchemaRef, TimeUnit};
use datafusion::arrow::record_batch::RecordBatch;
use std::sync::Arc;
use tiberius::ColumnData;
use wqlkit_core::DateTime;

/// Microseconds from 1970-01-01 to 1900-01-01 (SQL Server `datetime`'s day 0).
const MICROS_1900: i64 = -2_208_988_800_000_000;
/// Microseconds from 1970-01-01 to 0001-01-01 (`date`/`datetime2`'s day 0).
const MICROS_0001: i64 = -62_135_596_800_000_000;
const DAY: i64 = 86_400_000_000;

enum Builder {
    Utf8(StringBuilder),
    Int32(Int32Builder),
    Int64(Int64Builder),
    Float64(Float64Builder),
    Boolean(BooleanBuilder),
    Timestamp(TimestampMicrosecondBuilder),
    Date32(Date32Builder),
    Binary(BinaryBuilder),
}

/// Collects rows into batches of `schema`.
pub(crate) struct BatchBuilder {
    schema: SchemaRef,
    builders: Vec<Builder>,
    rows: usize,
}

impl BatchBuilder {
    pub(crate) fn new(schema: SchemaRef) -> Result<BatchBuilder, LiveError> {
        let builders = schema
            .fields()
            .iter()
            .map(|f| {
                Ok(match f.data_type() {
                    DataType::Utf8 => Builder::Utf8(StringBuilder::new()),
                    DataType::Int32 => Builder::Int32(Int32Builder::new()),
                    DataType::Int64 => Builder::Int64(Int64Builder::new()),
                    DataType::Float64 => Builder::Float64(Float64Builder::new()),
                    DataType::Boolean => Builder::Boolean(BooleanBuilder::new()),
                    DataType::Timestamp(TimeUnit::Microsecond, None) => {
                        Builder::Timestamp(TimestampMicrosecondBuilder::new())
                    }
                    DataType::Date32 => Builder::Date32(Date32Builder::new()),
                    DataType::Binary => Builder::Binary(BinaryBuilder::new()),
                    other => {
                        return Err(LiveError::Protocol(format!(
                            "column {}: no conversion to {other}",
                            f.name()
                        )));
                    }
                })
            })
            .collect::<Result<Vec<_>, LiveError>>()?;
        Ok(BatchBuilder {
            schema,
            builders,
            rows: 0,
        })
    }

    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// Appends one row; its cells must match the schema's columns in order.
    pub(crate) fn push_row(&mut self, cells: impl Iterator<Item = ColumnData<'static>>) -> Result<(), LiveError> {
        let mut n = 0;
        for (i, cell) in cells.enumerate() {
            let Some(b) = self.builders.get_mut(i) else {
                return Err(LiveError::Protocol(format!(
                    "the server sent more than the {} columns asked for",
                    self.schema.fields().len()
                )));
            };
            append(b, &cell).map_err(|what| {
                LiveError::Protocol(format!(
                    "column {}: cannot read {what} as {}",
                    self.schema.field(i).name(),
                    self.schema.field(i).data_type()
                ))
            })?;
            n += 1;
        }
        if n != self.builders.len() {
            return Err(LiveError::Protocol(format!(
                "the server sent {n} columns, {} were asked for",
                self.builders.len()
            )));
        }
        self.rows += 1;
        Ok(())
    }

    /// The rows so far as a batch; the builder starts empty again.
    pub(crate) fn finish(&mut self) -> Result<RecordBatch, LiveError> {
        let columns: Vec<ArrayRef> = self
            .builders
            .iter_mut()
            .map(|b| -> ArrayRef {
                match b {
                    Builder::Utf8(b) => Arc::new(b.finish()),
                    Builder::Int32(b) => Arc::new(b.finish()),
                    Builder::Int64(b) => Arc::new(b.finish()),
                    Builder::Float64(b) => Arc::new(b.finish()),
                    Builder::Boolean(b) => Arc::new(b.finish()),
                    Builder::Timestamp(b) => Arc::new(b.finish()),
                    Builder::Date32(b) => Arc::new(b.finish()),
                    Builder::Binary(b) => Arc::new(b.finish()),
                }
            })
            .collect();
        self.rows = 0;
        RecordBatch::try_new(self.schema.clone(), columns).map_err(|e| LiveError::Protocol(e.to_string()))
    }
}

/// A value as the server sent it, before conversion.
enum Raw<'a> {
    Null,
    Int(i64),
    Float(f64),
    Bool(bool),
    Text(&'a str),
    Owned(String),
    Micros(i64),
    Bytes(&'a [u8]),
}

fn raw<'a>(c: &'a ColumnData<'static>) -> Raw<'a> {
    let or_null = |o: Option<Raw<'a>>| o.unwrap_or(Raw::Null);
    match c {
        ColumnData::U8(v) => or_null(v.map(|v| Raw::Int(v.into()))),
        ColumnData::I16(v) => or_null(v.map(|v| Raw::Int(v.into()))),
        ColumnData::I32(v) => or_null(v.map(|v| Raw::Int(v.into()))),
        ColumnData::I64(v) => or_null(v.map(Raw::Int)),
        ColumnData::F32(v) => or_null(v.map(|v| Raw::Float(v.into()))),
        ColumnData::F64(v) => or_null(v.map(Raw::Float)),
        ColumnData::Bit(v) => or_null(v.map(Raw::Bool)),
        ColumnData::String(v) => or_null(v.as_deref().map(Raw::Text)),
        ColumnData::Guid(v) => or_null(v.map(|g| Raw::Owned(g.to_string().to_uppercase()))),
        ColumnData::Binary(v) => or_null(v.as_deref().map(Raw::Bytes)),
        ColumnData::Numeric(v) => or_null(v.map(|n| {
            if n.scale() == 0
                && let Ok(i) = i64::try_from(n.value())
            {
                Raw::Int(i)
            } else {
                Raw::Float(n.value() as f64 / 10f64.powi(n.scale().into()))
            }
        })),
        ColumnData::Xml(v) => or_null(v.as_ref().map(|x| Raw::Owned(x.to_string()))),
        ColumnData::DateTime(v) => or_null(v.map(|d| {
            // 1/300 s ticks, rounded to milliseconds as SQL Server shows them.
            let ms = (i64::from(d.seconds_fragments()) * 1000 + 150) / 300;
            Raw::Micros(MICROS_1900 + i64::from(d.days()) * DAY + ms * 1000)
        })),
        ColumnData::SmallDateTime(v) => or_null(v.map(|d| {
            Raw::Micros(MICROS_1900 + i64::from(d.days()) * DAY + i64::from(d.seconds_fragments()) * 60_000_000)
        })),
        ColumnData::Time(v) => or_null(v.map(|t| {
            let m = time_micros(t);
            let (s, micros) = (m / 1_000_000, m % 1_000_000);
            Raw::Owned(format!("{:02}:{:02}:{:02}.{micros:06}", s / 3600, s / 60 % 60, s % 60))
        })),
        ColumnData::Date(v) => or_null(v.map(|d| Raw::Micros(MICROS_0001 + i64::from(d.days()) * DAY))),
        ColumnData::DateTime2(v) => {
            or_null(v.map(|d| Raw::Micros(MICROS_0001 + i64::from(d.date().days()) * DAY + time_micros(d.time()))))
        }
        ColumnData::DateTimeOffset(v) => or_null(v.map(|d| {
            let local = d.datetime2();
            Raw::Micros(MICROS_0001 + i64::from(local.date().days()) * DAY + time_micros(local.time()))
        })),
    }
}

fn time_micros(t: tiberius::time::Time) -> i64 {
    let inc = t.increments() as i128;
    let scale = i32::from(t.scale());
    let micros = if scale >= 6 {
        inc / 10i128.pow((scale - 6) as u32)
    } else {
        inc * 10i128.pow((6 - scale) as u32)
    };
    micros as i64
}

fn text_of(r: &Raw<'_>) -> Option<String> {
    Some(match r {
        Raw::Null => return None,
        Raw::Int(i) => i.to_string(),
        Raw::Float(f) => f.to_string(),
        Raw::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        Raw::Text(s) => s.to_string(),
        Raw::Owned(s) => s.clone(),
        Raw::Micros(m) => DateTime::from_unix_micros(*m)?.to_string(),
        Raw::Bytes(b) => {
            let mut s = String::from("0x");
            for x in *b {
                s.push_str(&format!("{x:02X}"));
            }
            s
        }
    })
}

fn int_of(r: &Raw<'_>) -> Option<i64> {
    match r {
        Raw::Int(i) => Some(*i),
        Raw::Bool(b) => Some(i64::from(*b)),
        Raw::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Some(*f as i64),
        Raw::Text(s) => s.trim().parse().ok(),
        Raw::Owned(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn describe(r: &Raw<'_>) -> String {
    match text_of(r) {
        Some(t) if t.chars().count() > 40 => format!("'{}…'", t.chars().take(40).collect::<String>()),
        Some(t) => format!("'{t}'"),
        None => "NULL".into(),
    }
}

fn append(b: &mut Builder, cell: &ColumnData<'static>) -> Result<(), String> {
    let r = raw(cell);
    if let Raw::Null = r {
        match b {
            Builder::Utf8(b) => b.append_null(),
            Builder::Int32(b) => b.append_null(),
            Builder::Int64(b) => b.append_null(),
            Builder::Float64(b) => b.append_null(),
            Builder::Boolean(b) => b.append_null(),
            Builder::Timestamp(b) => b.append_null(),
            Builder::Date32(b) => b.append_null(),
            Builder::Binary(b) => b.append_null(),
        }
        return Ok(());
    }
    let fail = || describe(&r);
    match b {
        Builder::Utf8(b) => b.append_value(text_of(&r).ok_or_else(fail)?),
        Builder::Int32(b) => b.append_value(int_of(&r).and_then(|i| i32::try_from(i).ok()).ok_or_else(fail)?),
        Builder::Int64(b) => b.append_value(int_of(&r).ok_or_else(fail)?),
        Builder::Float64(b) => b.append_value(match &r {
            Raw::Float(f) => *f,
            Raw::Int(i) => *i as f64,
            Raw::Text(s) => s.trim().parse().map_err(|_| fail())?,
            Raw::Owned(s) => s.trim().parse().map_err(|_| fail())?,
            _ => return Err(fail()),
        }),
        Builder::Boolean(b) => b.append_value(match &r {
            Raw::Bool(v) => *v,
            Raw::Int(i) => *i != 0,
            Raw::Text(s) if s.eq_ignore_ascii_case("true") => true,
            Raw::Text(s) if s.eq_ignore_ascii_case("false") => false,
            _ => int_of(&r).ok_or_else(fail)? != 0,
        }),
        Builder::Timestamp(b) => b.append_value(micros_of(&r).ok_or_else(fail)?),
        Builder::Date32(b) => {
            b.append_value(i32::try_from(micros_of(&r).ok_or_else(fail)?.div_euclid(DAY)).map_err(|_| fail())?)
        }
        Builder::Binary(b) => match &r {
            Raw::Bytes(x) => b.append_value(x),
            // Text such as `0x863AC7AD…`, as a server holding bytes as text sends them.
            _ => b.append_value(hex_bytes(&text_of(&r).ok_or_else(fail)?).ok_or_else(fail)?),
        },
    }
    Ok(())
}

fn hex_bytes(s: &str) -> Option<Vec<u8>> {
    let h = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X"))?;
    if h.len() % 2 != 0 {
        return None;
    }
    (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(h.get(i..i + 2)?, 16).ok())
        .collect()
}

fn micros_of(r: &Raw<'_>) -> Option<i64> {
    match r {
        Raw::Micros(m) => Some(*m),
        Raw::Text(s) => DateTime::parse(s.trim()).map(|d| d.unix_micros()),
        Raw::Owned(s) => DateTime::parse(s.trim()).map(|d| d.unix_micros()),
        _ => None,
    }
}

/// The `datetime` parameter value of `d` (days since 1900, 1/300 s ticks).
pub(crate) fn datetime_param(d: &DateTime) -> Option<tiberius::time::DateTime> {
    // datetime holds 1753-01-01 to 9999-12-31 in 1/300 s ticks.
    const FIRST_DAY: i64 = -53_690;
    const LAST_DAY: i64 = 2_958_463;
    const TICKS_PER_DAY: i64 = 25_920_000;
    let micros = d.unix_micros() - MICROS_1900;
    let mut days = micros.div_euclid(DAY);
    let mut ticks = (micros.rem_euclid(DAY) * 3 + 5_000) / 10_000;
    // 23:59:59.9984 and later round up to the next midnight, as SQL Server's own conversion does.
    if ticks == TICKS_PER_DAY {
        days += 1;
        ticks = 0;
    }
    if !(FIRST_DAY..=LAST_DAY).contains(&days) {
        return None;
    }
    Some(tiberius::time::DateTime::new(
        i32::try_from(days).ok()?,
        u32::try_from(ticks).ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output;
    use datafusion::arrow::datatypes::{Field, Schema};
    use std::borrow::Cow;

    #[test]
    fn values_convert_to_the_catalog_types() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("s", DataType::Utf8, true),
            Field::new("i", DataType::Int32, true),
            Field::new("b", DataType::Boolean, true),
            Field::new("t", DataType::Timestamp(TimeUnit::Microsecond, None), true),
            Field::new("f", DataType::Float64, true),
            Field::new("l", DataType::Int64, true),
        ]));
        let mut b = BatchBuilder::new(schema).unwrap_or_else(|e| panic!("{e}"));
        let d = DateTime::parse("2026-11-01 08:00:00.5").unwrap_or_else(|| unreachable!());
        let dt = datetime_param(&d).unwrap_or_else(|| unreachable!());
        let rows: Vec<Vec<ColumnData<'static>>> = vec![
            vec![
                ColumnData::I32(Some(42)),
                ColumnData::String(Some(Cow::Borrowed("7"))),
                ColumnData::I32(Some(1)),
                ColumnData::DateTime(Some(dt)),
                ColumnData::I32(Some(3)),
                ColumnData::I32(Some(5)),
            ],
            vec![
                ColumnData::String(Some(Cow::Borrowed("PC-01"))),
                ColumnData::I16(None),
                ColumnData::Bit(Some(false)),
                ColumnData::String(Some(Cow::Borrowed("2024-01-02 03:04:05"))),
                ColumnData::Numeric(Some(tiberius::numeric::Numeric::new_with_scale(125, 2))),
                ColumnData::I64(Some(1 << 40)),
            ],
        ];
        for r in rows {
            b.push_row(r.into_iter()).unwrap_or_else(|e| panic!("{e}"));
        }
        let batch = b.finish().unwrap_or_else(|e| panic!("{e}"));
        let json = output::to_json_rows(&[batch], None);
        assert_eq!(
            serde_json::Value::Array(json),
            serde_json::json!([
                {"s": "42", "i": 7, "b": true, "t": "2026-11-01 08:00:00.500", "f": 3.0, "l": 5},
                {"s": "PC-01", "i": null, "b": false, "t": "2024-01-02 03:04:05", "f": 1.25, "l": 1_099_511_627_776i64},
            ])
        );
        assert_eq!(b.rows(), 0);
        let e = b
            .push_row(
                vec![
                    ColumnData::I32(Some(1)),
                    ColumnData::String(Some(Cow::Borrowed("seven"))),
                    ColumnData::Bit(None),
                    ColumnData::Bit(None),
                    ColumnData::Bit(None),
                    ColumnData::Bit(None),
                ]
                .into_iter(),
            )
            .err();
        assert_eq!(
            e,
            Some(LiveError::Protocol("column i: cannot read 'seven' as Int32".into()))
        );
    }

    #[test]
    fn datetime_parameters_round_trip() {
        for s in ["1900-01-01 00:00:00", "2026-11-01 08:00:00", "1999-12-31 23:59:59.997"] {
            let d = DateTime::parse(s).unwrap_or_else(|| unreachable!());
            let p = datetime_param(&d).unwrap_or_else(|| unreachable!());
            let Raw::Micros(m) = raw(&ColumnData::DateTime(Some(p))) else {
                unreachable!()
            };
            assert_eq!(
                DateTime::from_unix_micros(m).map(|x| x.to_string()),
                Some(d.to_string())
            );
        }
        // The last instants of a day round to the next midnight.
        let late = DateTime::parse("2024-01-31 23:59:59.999").unwrap_or_else(|| unreachable!());
        let p = datetime_param(&late).unwrap_or_else(|| unreachable!());
        let Raw::Micros(m) = raw(&ColumnData::DateTime(Some(p))) else {
            unreachable!()
        };
        assert_eq!(
            DateTime::from_unix_micros(m).map(|x| x.to_string()),
            DateTime::parse("2024-02-01 00:00:00").map(|x| x.to_string())
        );
    }
}
