//! Views as CSV files, one `<view>.csv` per view with a header row, for tools
//! that read text (spreadsheets, CSV-backed SQL engines, diffing).
//!
//! The cells are written so that a reader that infers types from the text
//! gets back what the view holds:
//!
//! * NULL is an empty cell;
//! * datetimes are `yyyy-mm-dd hh:mm:ss`, with `.fff` when the time has a
//!   fraction of a second (truncated to milliseconds); dates are `yyyy-mm-dd`;
//! * booleans are `1` and `0`, as SQL Server shows a `bit`;
//! * floats use the shortest text that reads back as the same `f64`;
//! * binary values are `0x` followed by upper-case hex digits;
//! * text is written verbatim, quoted as RFC 4180 says (a field holding a
//!   comma, a double quote, CR or LF is enclosed in double quotes, with inner
//!   quotes doubled); a field with leading or trailing white space is quoted
//!   too, so that readers that trim unquoted fields keep the spaces.
//!
//! An empty string is written as `""`, which RFC 4180 distinguishes from an
//! empty cell, but many readers do not: CSV-backed SQL engines such as
//! pysqlbridge read both as NULL, so an empty string does not survive the
//! trip there. Lines end with CRLF.

use crate::error::{EngineError, Result, io};
use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::datatypes::{
    DataType, Date32Type, Date64Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, Schema,
    SchemaRef, TimeUnit, TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use datafusion::arrow::record_batch::RecordBatch;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use wqlkit_core::DateTime;

/// Writes each view to `<dir>/<view>.csv` (creating `dir` if needed) and
/// returns the files written, in the order of `views`.
pub fn write_views(dir: &Path, views: &[(String, SchemaRef, Vec<RecordBatch>)]) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut files = Vec::with_capacity(views.len());
    for (name, schema, batches) in views {
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            return Err(EngineError::Invalid(format!("{name:?} cannot be used as a file name")));
        }
        let path = dir.join(format!("{name}.csv"));
        let file = std::fs::File::create(&path).map_err(io(&path))?;
        let mut out = std::io::BufWriter::new(file);
        write_view(&mut out, schema, batches).map_err(|e| match e {
            EngineError::Io { source, .. } => EngineError::Io {
                path: path.clone(),
                source,
            },
            other => other,
        })?;
        out.flush().map_err(io(&path))?;
        files.push(path);
    }
    Ok(files)
}

/// Writes one view as CSV: the header (the schema's column names), then every
/// row of `batches`.
pub fn write_view(out: &mut dyn Write, schema: &Schema, batches: &[RecordBatch]) -> Result<()> {
    let mut line = String::new();
    for (i, field) in schema.fields().iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        push_text(&mut line, field.name());
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes()).map_err(io(""))?;
    for batch in batches {
        if batch.num_columns() != schema.fields().len() {
            return Err(EngineError::Invalid(format!(
                "a batch has {} columns where the schema has {}",
                batch.num_columns(),
                schema.fields().len()
            )));
        }
        for row in 0..batch.num_rows() {
            line.clear();
            for (i, column) in batch.columns().iter().enumerate() {
                if i > 0 {
                    line.push(',');
                }
                push_cell(&mut line, column, row)?;
            }
            line.push_str("\r\n");
            out.write_all(line.as_bytes()).map_err(io(""))?;
        }
    }
    Ok(())
}

/// Appends one cell of `array` as CSV text (nothing for NULL).
fn push_cell(line: &mut String, array: &ArrayRef, row: usize) -> Result<()> {
    if array.is_null(row) {
        return Ok(());
    }
    // `write!` into a String cannot fail.
    match array.data_type() {
        DataType::Utf8 => push_text(line, array.as_string::<i32>().value(row)),
        DataType::LargeUtf8 => push_text(line, array.as_string::<i64>().value(row)),
        DataType::Utf8View => push_text(line, array.as_string_view().value(row)),
        DataType::Boolean => line.push(if array.as_boolean().value(row) { '1' } else { '0' }),
        DataType::Int8 => _ = write!(line, "{}", array.as_primitive::<Int8Type>().value(row)),
        DataType::Int16 => _ = write!(line, "{}", array.as_primitive::<Int16Type>().value(row)),
        DataType::Int32 => _ = write!(line, "{}", array.as_primitive::<Int32Type>().value(row)),
        DataType::Int64 => _ = write!(line, "{}", array.as_primitive::<Int64Type>().value(row)),
        DataType::UInt8 => _ = write!(line, "{}", array.as_primitive::<UInt8Type>().value(row)),
        DataType::UInt16 => _ = write!(line, "{}", array.as_primitive::<UInt16Type>().value(row)),
        DataType::UInt32 => _ = write!(line, "{}", array.as_primitive::<UInt32Type>().value(row)),
        DataType::UInt64 => _ = write!(line, "{}", array.as_primitive::<UInt64Type>().value(row)),
        DataType::Float32 => push_float(line, array.as_primitive::<Float32Type>().value(row) as f64)?,
        DataType::Float64 => push_float(line, array.as_primitive::<Float64Type>().value(row))?,
        DataType::Date32 => push_date(
            line,
            array.as_primitive::<Date32Type>().value(row) as i64 * 86_400_000_000,
            true,
        )?,
        DataType::Date64 => push_date(line, array.as_primitive::<Date64Type>().value(row) * 1000, true)?,
        DataType::Timestamp(unit, None) => {
            let micros = match unit {
                TimeUnit::Second => array
                    .as_primitive::<TimestampSecondType>()
                    .value(row)
                    .checked_mul(1_000_000),
                TimeUnit::Millisecond => array
                    .as_primitive::<TimestampMillisecondType>()
                    .value(row)
                    .checked_mul(1000),
                TimeUnit::Microsecond => Some(array.as_primitive::<TimestampMicrosecondType>().value(row)),
                TimeUnit::Nanosecond => Some(
                    array
                        .as_primitive::<TimestampNanosecondType>()
                        .value(row)
                        .div_euclid(1000),
                ),
            };
            push_date(line, micros.unwrap_or(i64::MAX), false)?;
        }
        DataType::Binary => push_hex(line, array.as_binary::<i32>().value(row)),
        DataType::LargeBinary => push_hex(line, array.as_binary::<i64>().value(row)),
        other => return Err(EngineError::Invalid(format!("cannot write a {other} column as CSV"))),
    }
    Ok(())
}

/// Text, quoted when RFC 4180 requires it (or when it has outer white space).
fn push_text(line: &mut String, s: &str) {
    let needs_quotes = s.is_empty()
        || s.contains([',', '"', '\r', '\n'])
        || s.starts_with(char::is_whitespace)
        || s.ends_with(char::is_whitespace);
    if needs_quotes {
        line.push('"');
        for c in s.chars() {
            if c == '"' {
                line.push('"');
            }
            line.push(c);
        }
        line.push('"');
    } else {
        line.push_str(s);
    }
}

fn push_float(line: &mut String, v: f64) -> Result<()> {
    if !v.is_finite() {
        return Err(EngineError::Invalid(format!(
            "{v} cannot be written as a SQL Server float"
        )));
    }
    _ = write!(line, "{v}");
    Ok(())
}

/// `yyyy-mm-dd hh:mm:ss[.fff]`, or `yyyy-mm-dd` for a date.
fn push_date(line: &mut String, micros: i64, date_only: bool) -> Result<()> {
    let d = DateTime::from_unix_micros(micros)
        .ok_or_else(|| EngineError::Invalid(format!("{micros} µs after 1970 is not a date SQL Server can hold")))?;
    if date_only {
        _ = write!(line, "{:04}-{:02}-{:02}", d.year, d.month, d.day);
    } else {
        _ = write!(line, "{d}");
    }
    Ok(())
}

fn push_hex(line: &mut String, bytes: &[u8]) {
    line.push_str("0x");
    for b in bytes {
        _ = write!(line, "{b:02X}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{
        BinaryArray, BooleanArray, Date32Array, Float64Array, Int32Array, Int64Array, StringArray,
        TimestampMicrosecondArray,
    };
    use datafusion::arrow::datatypes::Field;
    use std::sync::Arc;

    fn csv(schema: &Schema, batches: &[RecordBatch]) -> String {
        let mut out = Vec::new();
        write_view(&mut out, schema, batches).expect("write");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn cells_are_written_for_type_inference() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("Name0", DataType::Utf8, true),
            Field::new("Id", DataType::Int32, true),
            Field::new("Big", DataType::Int64, true),
            Field::new("Flag", DataType::Boolean, true),
            Field::new("Ratio", DataType::Float64, true),
            Field::new("When", DataType::Timestamp(TimeUnit::Microsecond, None), true),
            Field::new("Day", DataType::Date32, true),
            Field::new("Blob", DataType::Binary, true),
        ]));
        let ms = |s: &str| DateTime::parse(s).map(|d| d.unix_micros());
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(vec![
                    Some("plain"),
                    Some("a,b \"q\""),
                    Some(" padded "),
                    Some(""),
                    None,
                ])),
                Arc::new(Int32Array::from(vec![Some(1), Some(-2), None, Some(0), Some(7)])),
                Arc::new(Int64Array::from(vec![Some(4_294_967_296), None, None, None, None])),
                Arc::new(BooleanArray::from(vec![Some(true), Some(false), None, None, None])),
                Arc::new(Float64Array::from(vec![Some(1.5), Some(2.0), Some(0.1), None, None])),
                Arc::new(TimestampMicrosecondArray::from(vec![
                    ms("2024-03-01 23:59:01.5"),
                    ms("2011-01-01 00:00:00"),
                    None,
                    None,
                    None,
                ])),
                Arc::new(Date32Array::from(vec![Some(19_782), None, None, None, None])),
                Arc::new(BinaryArray::from(vec![
                    Some(&[0xABu8, 0x01][..]),
                    None,
                    None,
                    None,
                    None,
                ])),
            ],
        )
        .expect("batch");
        assert_eq!(
            csv(&schema, &[batch]),
            "Name0,Id,Big,Flag,Ratio,When,Day,Blob\r\n\
             plain,1,4294967296,1,1.5,2024-03-01 23:59:01.500,2024-02-29,0xAB01\r\n\
             \"a,b \"\"q\"\"\",-2,,0,2,2011-01-01 00:00:00,,\r\n\
             \" padded \",,,,0.1,,,\r\n\
             \"\",0,,,,,,\r\n\
             ,7,,,,,,\r\n"
        );
    }

    #[test]
    fn line_breaks_inside_text_are_quoted() {
        let schema = Arc::new(Schema::new(vec![Field::new("t", DataType::Utf8, true)]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![Arc::new(StringArray::from(vec!["a\r\nb", "x\ny"]))],
        )
        .expect("b");
        assert_eq!(csv(&schema, &[batch]), "t\r\n\"a\r\nb\"\r\n\"x\ny\"\r\n");
    }

    #[test]
    fn views_become_files_named_after_them() {
        let dir = std::env::temp_dir().join(format!("wqlkit-csv-export-{}", std::process::id()));
        let schema = Arc::new(Schema::new(vec![Field::new("ResourceID", DataType::Int32, true)]));
        let batch =
            RecordBatch::try_new(schema.clone(), vec![Arc::new(Int32Array::from(vec![16_777_220]))]).expect("b");
        let files = write_views(&dir, &[("v_R_System".into(), schema.clone(), vec![batch])]).expect("write");
        assert_eq!(files, vec![dir.join("v_R_System.csv")]);
        assert_eq!(
            std::fs::read_to_string(&files[0]).expect("read"),
            "ResourceID\r\n16777220\r\n"
        );
        assert!(write_views(&dir, &[("../x".into(), schema, vec![])]).is_err());
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
