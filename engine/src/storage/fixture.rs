//! Builds view rows from JSON objects: for tests, rule fixtures and examples.

use crate::error::{EngineError, Result};
use crate::storage::schema::view_schema;
use datafusion::arrow::array::{
    ArrayRef, BinaryBuilder, BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder, StringBuilder,
    TimestampMicrosecondBuilder,
};
use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::arrow::record_batch::RecordBatch;
use serde_json::Value as Json;
use std::sync::Arc;
use wqlkit_core::{DateTime, ViewDef};

/// One batch of `view` from `rows`: JSON objects keyed by column name
/// (case-insensitive); a missing key or `null` is NULL. Datetimes are strings
/// (`yyyy-mm-dd hh:mm:ss` or DMTF); booleans may be `true`/`false` or 0/1.
pub fn batch_from_json(view: &ViewDef, rows: &[Json]) -> Result<RecordBatch> {
    let schema = view_schema(view);
    let mut columns: Vec<ArrayRef> = Vec::new();
    for field in schema.fields() {
        let name = field.name();
        let cell = |row: &Json| -> Option<Json> {
            row.as_object()?
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
                .filter(|v| !v.is_null())
        };
        let bad = |v: &Json| EngineError::Invalid(format!("{}.{name}: {v} is not a {}", view.name, field.data_type()));
        let array: ArrayRef = match field.data_type() {
            DataType::Utf8 => {
                let mut b = StringBuilder::new();
                for r in rows {
                    match cell(r) {
                        Some(Json::String(s)) => b.append_value(s),
                        Some(v) => b.append_value(v.to_string()),
                        None => b.append_null(),
                    }
                }
                Arc::new(b.finish())
            }
            DataType::Int32 => {
                let mut b = Int32Builder::new();
                for r in rows {
                    match cell(r) {
                        Some(v) => {
                            b.append_value(int_of(&v).and_then(|i| i32::try_from(i).ok()).ok_or_else(|| bad(&v))?)
                        }
                        None => b.append_null(),
                    }
                }
                Arc::new(b.finish())
            }
            DataType::Int64 => {
                let mut b = Int64Builder::new();
                for r in rows {
                    match cell(r) {
                        Some(v) => b.append_value(int_of(&v).ok_or_else(|| bad(&v))?),
                        None => b.append_null(),
                    }
                }
                Arc::new(b.finish())
            }
            DataType::Float64 => {
                let mut b = Float64Builder::new();
                for r in rows {
                    match cell(r) {
                        Some(v) => b.append_value(v.as_f64().ok_or_else(|| bad(&v))?),
                        None => b.append_null(),
                    }
                }
                Arc::new(b.finish())
            }
            DataType::Boolean => {
                let mut b = BooleanBuilder::new();
                for r in rows {
                    match cell(r) {
                        Some(Json::Bool(x)) => b.append_value(x),
                        Some(v) => b.append_value(int_of(&v).ok_or_else(|| bad(&v))? != 0),
                        None => b.append_null(),
                    }
                }
                Arc::new(b.finish())
            }
            DataType::Timestamp(TimeUnit::Microsecond, None) => {
                let mut b = TimestampMicrosecondBuilder::new();
                for r in rows {
                    match cell(r) {
                        Some(v) => b.append_value(date_of(&v).ok_or_else(|| bad(&v))?.unix_micros()),
                        None => b.append_null(),
                    }
                }
                Arc::new(b.finish())
            }
            DataType::Date32 => {
                let mut b = Date32Builder::new();
                for r in rows {
                    match cell(r) {
                        Some(v) => b.append_value(date_of(&v).ok_or_else(|| bad(&v))?.days_since_epoch() as i32),
                        None => b.append_null(),
                    }
                }
                Arc::new(b.finish())
            }
            DataType::Binary => {
                let mut b = BinaryBuilder::new();
                for r in rows {
                    match cell(r) {
                        Some(Json::String(s)) => b.append_value(s.as_bytes()),
                        Some(v) => return Err(bad(&v)),
                        None => b.append_null(),
                    }
                }
                Arc::new(b.finish())
            }
            other => {
                return Err(EngineError::Invalid(format!(
                    "{}.{name}: unsupported type {other}",
                    view.name
                )));
            }
        };
        columns.push(array);
    }
    Ok(RecordBatch::try_new(schema, columns)?)
}

fn int_of(v: &Json) -> Option<i64> {
    match v {
        Json::Number(n) => n.as_i64(),
        Json::Bool(b) => Some(*b as i64),
        Json::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn date_of(v: &Json) -> Option<DateTime> {
    v.as_str().and_then(DateTime::parse)
}
