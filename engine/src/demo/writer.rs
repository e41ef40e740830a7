//! Builds a view's record batches row by row and hands them to the sink every
//! [`BATCH_ROWS`] rows, so no view is ever held whole.

use super::value::{MICROS_PER_DAY, Val};
use crate::error::Result;
use crate::schema::view_schema;
use crate::sink::BatchSink;
use datafusion::arrow::array::{
    ArrayRef, BinaryBuilder, BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder,
    StringBuilder, TimestampMicrosecondBuilder,
};
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use std::sync::Arc;
use wqlkit_core::ViewDef;

/// The most rows in one batch.
pub(crate) const BATCH_ROWS: usize = 8192;

enum Column {
    Utf8(StringBuilder),
    I32(Int32Builder),
    I64(Int64Builder),
    Bool(BooleanBuilder),
    F64(Float64Builder),
    Ts(TimestampMicrosecondBuilder),
    Date(Date32Builder),
    Bin(BinaryBuilder),
}

impl Column {
    fn new(t: &DataType) -> Column {
        match t {
            DataType::Int32 => Column::I32(Int32Builder::with_capacity(BATCH_ROWS)),
            DataType::Int64 => Column::I64(Int64Builder::with_capacity(BATCH_ROWS)),
            DataType::Boolean => Column::Bool(BooleanBuilder::with_capacity(BATCH_ROWS)),
            DataType::Float64 => Column::F64(Float64Builder::with_capacity(BATCH_ROWS)),
            DataType::Timestamp(_, _) => Column::Ts(TimestampMicrosecondBuilder::with_capacity(BATCH_ROWS)),
            DataType::Date32 => Column::Date(Date32Builder::with_capacity(BATCH_ROWS)),
            DataType::Binary => Column::Bin(BinaryBuilder::new()),
            _ => Column::Utf8(StringBuilder::with_capacity(BATCH_ROWS, BATCH_ROWS * 16)),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Column::Utf8(b) => Arc::new(b.finish()),
            Column::I32(b) => Arc::new(b.finish()),
            Column::I64(b) => Arc::new(b.finish()),
            Column::Bool(b) => Arc::new(b.finish()),
            Column::F64(b) => Arc::new(b.finish()),
            Column::Ts(b) => Arc::new(b.finish()),
            Column::Date(b) => Arc::new(b.finish()),
            Column::Bin(b) => Arc::new(b.finish()),
        }
    }
}

/// Writes one view.
pub(crate) struct TableWriter<'s> {
    schema: SchemaRef,
    columns: Vec<Column>,
    rows: usize,
    total: u64,
    scratch: String,
    sink: &'s mut dyn BatchSink,
}

impl<'s> TableWriter<'s> {
    /// Starts `view` on the sink.
    pub(crate) fn begin(view: &ViewDef, sink: &'s mut dyn BatchSink) -> Result<TableWriter<'s>> {
        let schema = view_schema(view);
        sink.begin_view(view, schema.clone())?;
        let columns = schema.fields().iter().map(|f| Column::new(f.data_type())).collect();
        Ok(TableWriter {
            schema,
            columns,
            rows: 0,
            total: 0,
            scratch: String::new(),
            sink,
        })
    }

    /// Rows written so far (the number the next row gets, from 0).
    pub(crate) fn row_number(&self) -> u64 {
        self.total
    }

    /// Sets column `col` of the current row.
    pub(crate) fn push(&mut self, col: usize, v: Val<'_>) {
        let Some(c) = self.columns.get_mut(col) else { return };
        match c {
            Column::Utf8(b) => match &v {
                Val::St(s) => b.append_value(s),
                Val::S(s) => b.append_value(s),
                Val::Own(s) => b.append_value(s),
                _ => {
                    if v.text(&mut self.scratch) {
                        b.append_value(&self.scratch)
                    } else {
                        b.append_null()
                    }
                }
            },
            Column::I32(b) => b.append_option(v.int().and_then(|i| i32::try_from(i).ok())),
            Column::I64(b) => b.append_option(v.int()),
            Column::Bool(b) => b.append_option(match &v {
                Val::B(x) => Some(*x),
                Val::I(i) => Some(*i != 0),
                Val::St(_) | Val::S(_) | Val::Own(_) => match v.as_str().map(str::trim) {
                    Some(s) if s.eq_ignore_ascii_case("true") || s == "1" => Some(true),
                    Some(s) if s.eq_ignore_ascii_case("false") || s == "0" => Some(false),
                    _ => None,
                },
                _ => None,
            }),
            Column::F64(b) => b.append_option(match &v {
                Val::F(f) => Some(*f),
                Val::I(i) => Some(*i as f64),
                Val::St(_) | Val::S(_) | Val::Own(_) => v.as_str().and_then(|s| s.trim().parse().ok()),
                _ => None,
            }),
            Column::Ts(b) => b.append_option(match &v {
                Val::Ts(t) => Some(*t),
                Val::Ymd(d) => Some(d * MICROS_PER_DAY),
                _ => None,
            }),
            Column::Date(b) => b.append_option(match &v {
                Val::Ymd(d) => i32::try_from(*d).ok(),
                Val::Ts(t) => i32::try_from(t.div_euclid(MICROS_PER_DAY)).ok(),
                _ => None,
            }),
            Column::Bin(b) => match &v {
                Val::Guid(g, _) => b.append_value(g.to_be_bytes()),
                Val::St(_) | Val::S(_) | Val::Own(_) => b.append_value(v.as_str().unwrap_or("").as_bytes()),
                _ => b.append_null(),
            },
        }
    }

    /// Finishes the current row; flushes a full batch.
    pub(crate) fn end_row(&mut self) -> Result<()> {
        self.rows += 1;
        self.total += 1;
        if self.rows >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.columns.iter_mut().map(Column::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays)?;
        self.rows = 0;
        self.sink.write_batch(batch)
    }

    /// Flushes the last batch and ends the view; returns the row count.
    pub(crate) fn finish(mut self) -> Result<u64> {
        self.flush()?;
        self.sink.end_view()?;
        Ok(self.total)
    }
}
