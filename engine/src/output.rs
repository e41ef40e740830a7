//! Query results for people and tools: a text table, JSON objects, CSV, in
//! the stable order of [`order`].

pub mod order;

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::datatypes::{
    DataType, Date32Type, Decimal128Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type,
    TimeUnit, TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType,
    UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use datafusion::arrow::record_batch::RecordBatch;
use serde_json::Value as Json;
use wqlkit_core::DateTime;

/// One cell as JSON: strings, numbers, booleans, null; datetimes as
/// `yyyy-mm-dd hh:mm:ss`, dates as `yyyy-mm-dd` (SQL Server's `date`).
pub fn cell(array: &ArrayRef, row: usize) -> Json {
    if array.is_null(row) {
        return Json::Null;
    }
    let date = |micros: i64| DateTime::from_unix_micros(micros).map_or(Json::Null, |d| Json::String(d.to_string()));
    match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().value(row).into(),
        DataType::LargeUtf8 => array.as_string::<i64>().value(row).into(),
        DataType::Utf8View => array.as_string_view().value(row).into(),
        DataType::Boolean => array.as_boolean().value(row).into(),
        DataType::Int8 => array.as_primitive::<Int8Type>().value(row).into(),
        DataType::Int16 => array.as_primitive::<Int16Type>().value(row).into(),
        DataType::Int32 => array.as_primitive::<Int32Type>().value(row).into(),
        DataType::Int64 => array.as_primitive::<Int64Type>().value(row).into(),
        DataType::UInt8 => array.as_primitive::<UInt8Type>().value(row).into(),
        DataType::UInt16 => array.as_primitive::<UInt16Type>().value(row).into(),
        DataType::UInt32 => array.as_primitive::<UInt32Type>().value(row).into(),
        DataType::UInt64 => array.as_primitive::<UInt64Type>().value(row).into(),
        DataType::Float64 => array.as_primitive::<Float64Type>().value(row).into(),
        DataType::Float32 => f64::from(array.as_primitive::<Float32Type>().value(row)).into(),
        // Exact decimals keep their scale (`57.30`), as SQL Server prints them.
        DataType::Decimal128(_, scale) => {
            let v = array.as_primitive::<Decimal128Type>().value(row);
            Json::String(decimal_text(v, *scale))
        }
        DataType::Date32 => {
            let micros = array.as_primitive::<Date32Type>().value(row) as i64 * 86_400_000_000;
            DateTime::from_unix_micros(micros).map_or(Json::Null, |d| {
                Json::String(format!("{:04}-{:02}-{:02}", d.year, d.month, d.day))
            })
        }
        // A datetimeoffset: its local time to seven decimals and its offset,
        // `1998-09-20 04:45:50.7134500 -08:00`, as SQL Server prints datetimeoffset(7).
        DataType::Timestamp(TimeUnit::Microsecond, Some(tz)) => {
            let micros = array.as_primitive::<TimestampMicrosecondType>().value(row);
            crate::report::offsets::datetimeoffset_text(micros, tz).map_or(Json::Null, Json::String)
        }
        DataType::Timestamp(TimeUnit::Microsecond, _) => {
            date(array.as_primitive::<TimestampMicrosecondType>().value(row))
        }
        DataType::Timestamp(TimeUnit::Millisecond, _) => {
            date(array.as_primitive::<TimestampMillisecondType>().value(row) * 1000)
        }
        DataType::Timestamp(TimeUnit::Nanosecond, _) => {
            date(array.as_primitive::<TimestampNanosecondType>().value(row) / 1000)
        }
        DataType::Timestamp(TimeUnit::Second, _) => {
            date(array.as_primitive::<TimestampSecondType>().value(row) * 1_000_000)
        }
        // Bytes as SQL Server prints varbinary: 0x and upper-case hex.
        DataType::Binary => Json::String(hex(array.as_binary::<i32>().value(row))),
        DataType::LargeBinary => Json::String(hex(array.as_binary::<i64>().value(row))),
        DataType::BinaryView => Json::String(hex(array.as_binary_view().value(row))),
        other => Json::String(format!("<{other}>")),
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(2 + 2 * bytes.len());
    s.push_str("0x");
    for b in bytes {
        let _ = write!(s, "{b:02X}");
    }
    s
}

/// A decimal's unscaled value as text with `scale` digits after the point.
fn decimal_text(v: i128, scale: i8) -> String {
    if scale <= 0 {
        return (v * 10i128.pow(scale.unsigned_abs() as u32)).to_string();
    }
    let digits = v.unsigned_abs().to_string();
    let scale = scale as usize;
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (int, frac) = padded.split_at(padded.len() - scale);
    format!("{}{int}.{frac}", if v < 0 { "-" } else { "" })
}

/// The column names of a result.
pub fn columns(batches: &[RecordBatch]) -> Vec<String> {
    batches.first().map_or_else(Vec::new, |b| {
        b.schema().fields().iter().map(|f| f.name().clone()).collect()
    })
}

/// Column names made unique for JSON keys: a name that an earlier column has
/// (ignoring case, as PowerShell's ConvertFrom-Json does) becomes `Name_2`,
/// `Name_3`, … so that no value is lost.
pub fn unique_names(names: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    names
        .iter()
        .map(|n| {
            let mut candidate = n.clone();
            let mut k = 1;
            while !seen.insert(candidate.to_lowercase()) {
                k += 1;
                candidate = format!("{n}_{k}");
            }
            candidate
        })
        .collect()
}

/// Every row as a JSON object keyed by column name (see [`unique_names`]), at most `limit` rows.
pub fn to_json_rows(batches: &[RecordBatch], limit: Option<usize>) -> Vec<Json> {
    let names = unique_names(&columns(batches));
    let mut out = Vec::new();
    for b in batches {
        for r in 0..b.num_rows() {
            if limit.is_some_and(|l| out.len() >= l) {
                return out;
            }
            let mut obj = serde_json::Map::new();
            for (i, n) in names.iter().enumerate() {
                obj.insert(n.clone(), cell(b.column(i), r));
            }
            out.push(Json::Object(obj));
        }
    }
    out
}

fn text(v: &Json) -> String {
    match v {
        Json::Null => String::new(),
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// RFC 4180 CSV with a header row.
pub fn to_csv(batches: &[RecordBatch], limit: Option<usize>) -> String {
    let quote = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let names = columns(batches);
    let mut out = names.iter().map(|n| quote(n)).collect::<Vec<_>>().join(",");
    out.push('\n');
    for row in to_json_rows(batches, limit) {
        let cells: Vec<String> = names.iter().map(|n| quote(&text(&row[n]))).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// A plain-text table; NULL shows as `NULL`.
pub fn to_table(batches: &[RecordBatch], limit: Option<usize>) -> String {
    let names = columns(batches);
    let rows: Vec<Vec<String>> = to_json_rows(batches, limit)
        .iter()
        .map(|r| {
            names
                .iter()
                .map(|n| {
                    if r[n].is_null() {
                        "NULL".to_string()
                    } else {
                        text(&r[n])
                    }
                })
                .collect()
        })
        .collect();
    let widths: Vec<usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([n.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let parts: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        format!("{}\n", parts.join("  ").trim_end())
    };
    let mut out = line(&names);
    out.push_str(&line(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>()));
    for r in &rows {
        out.push_str(&line(r));
    }
    out
}

/// The number of rows.
pub fn row_count(batches: &[RecordBatch]) -> usize {
    batches.iter().map(RecordBatch::num_rows).sum()
}

/// The batches with their bit (Boolean) columns as 1 and 0, which is how
/// SQL Server's tools (sqlcmd, SSMS) print a T-SQL result's bits.
pub fn bits_as_numbers(batches: &[RecordBatch]) -> Vec<RecordBatch> {
    use datafusion::arrow::datatypes::{Field, Schema};
    batches
        .iter()
        .map(|b| {
            if !b.schema().fields().iter().any(|f| f.data_type() == &DataType::Boolean) {
                return b.clone();
            }
            let (fields, columns): (Vec<Field>, Vec<ArrayRef>) = b
                .schema()
                .fields()
                .iter()
                .zip(b.columns())
                .map(|(f, c)| match f.data_type() {
                    DataType::Boolean => match datafusion::arrow::compute::cast(c, &DataType::UInt8) {
                        Ok(n) => (f.as_ref().clone().with_data_type(DataType::UInt8), n),
                        Err(_) => (f.as_ref().clone(), c.clone()),
                    },
                    _ => (f.as_ref().clone(), c.clone()),
                })
                .unzip();
            RecordBatch::try_new(std::sync::Arc::new(Schema::new(fields)), columns).unwrap_or_else(|_| b.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{BinaryArray, BinaryViewArray};
    use std::sync::Arc;

    #[test]
    fn bits_print_as_one_and_zero() {
        use datafusion::arrow::array::BooleanArray;
        use datafusion::arrow::datatypes::{Field, Schema};
        let schema = Arc::new(Schema::new(vec![Field::new("IsClient", DataType::Boolean, true)]));
        let bits: ArrayRef = Arc::new(BooleanArray::from(vec![Some(true), Some(false), None]));
        let batch = RecordBatch::try_new(schema, vec![bits]).expect("batch");
        assert_eq!(to_csv(&bits_as_numbers(&[batch]), None), "IsClient\n1\n0\n\n");
    }

    #[test]
    fn bytes_print_as_sql_server_prints_varbinary() {
        let plain: ArrayRef = Arc::new(BinaryArray::from(vec![&[0x0a_u8, 0xff, 0x00][..]]));
        let view: ArrayRef = Arc::new(BinaryViewArray::from(vec![&[0x0a_u8, 0xff, 0x00][..]]));
        assert_eq!(cell(&plain, 0), Json::String("0x0AFF00".into()));
        assert_eq!(cell(&view, 0), cell(&plain, 0));
    }
}
