//! Turns generated rows into record batches: [`RowBuffer`] builds batches from
//! rows (one per chunk of subjects, possibly on another thread) and
//! [`ViewWriter`] re-cuts them into batches of exactly [`BATCH_ROWS`] rows for
//! the sink, so the output does not depend on how the work was split.

use crate::model::time::MICROS_PER_DAY;
use crate::site::value::Val;
use datafusion::arrow::array::{
    ArrayRef, BinaryBuilder, BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder, StringBuilder,
    TimestampMicrosecondBuilder,
};
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use std::sync::Arc;
use wqlkit_core::ViewDef;
use wqlkit_engine::error::Result;
use wqlkit_engine::storage::schema::view_schema;
use wqlkit_engine::storage::sink::BatchSink;

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
            DataType::Int32 => Column::I32(Int32Builder::new()),
            DataType::Int64 => Column::I64(Int64Builder::new()),
            DataType::Boolean => Column::Bool(BooleanBuilder::new()),
            DataType::Float64 => Column::F64(Float64Builder::new()),
            DataType::Timestamp(_, _) => Column::Ts(TimestampMicrosecondBuilder::new()),
            DataType::Date32 => Column::Date(Date32Builder::new()),
            DataType::Binary => Column::Bin(BinaryBuilder::new()),
            _ => Column::Utf8(StringBuilder::new()),
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

/// Rows of one view, built into record batches.
pub(crate) struct RowBuffer {
    schema: SchemaRef,
    columns: Vec<Column>,
    rows: usize,
    scratch: String,
    done: Vec<RecordBatch>,
}

impl RowBuffer {
    pub(crate) fn new(schema: SchemaRef) -> RowBuffer {
        let columns = schema.fields().iter().map(|f| Column::new(f.data_type())).collect();
        RowBuffer {
            schema,
            columns,
            rows: 0,
            scratch: String::new(),
            done: Vec::new(),
        }
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

    /// Finishes the current row.
    pub(crate) fn end_row(&mut self) -> Result<()> {
        self.rows += 1;
        if self.rows >= BATCH_ROWS {
            self.cut()?;
        }
        Ok(())
    }

    fn cut(&mut self) -> Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.columns.iter_mut().map(Column::finish).collect();
        self.done.push(RecordBatch::try_new(self.schema.clone(), arrays)?);
        self.rows = 0;
        Ok(())
    }

    /// The batches built so far, the last one possibly short.
    pub(crate) fn finish(mut self) -> Result<Vec<RecordBatch>> {
        self.cut()?;
        Ok(self.done)
    }
}

/// One view on its way to the sink, in batches of exactly [`BATCH_ROWS`] rows
/// (the last one shorter).
pub(crate) struct ViewWriter<'s> {
    schema: SchemaRef,
    pending: Vec<RecordBatch>,
    pending_rows: usize,
    total: u64,
    sink: &'s mut dyn BatchSink,
}

impl<'s> ViewWriter<'s> {
    /// Starts `view` on the sink.
    pub(crate) fn begin(view: &ViewDef, sink: &'s mut dyn BatchSink) -> Result<ViewWriter<'s>> {
        let schema = view_schema(view);
        sink.begin_view(view, schema.clone())?;
        Ok(ViewWriter {
            schema,
            pending: Vec::new(),
            pending_rows: 0,
            total: 0,
            sink,
        })
    }

    pub(crate) fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    /// Adds rows, writing every full batch.
    pub(crate) fn add(&mut self, batch: RecordBatch) -> Result<()> {
        if batch.num_rows() == 0 {
            return Ok(());
        }
        self.pending_rows += batch.num_rows();
        self.pending.push(batch);
        while self.pending_rows >= BATCH_ROWS {
            let all = concat_batches(&self.schema, &self.pending)?;
            let head = all.slice(0, BATCH_ROWS);
            let rest = all.slice(BATCH_ROWS, all.num_rows() - BATCH_ROWS);
            self.emit(head)?;
            self.pending_rows = rest.num_rows();
            self.pending = if rest.num_rows() > 0 { vec![rest] } else { Vec::new() };
        }
        Ok(())
    }

    fn emit(&mut self, batch: RecordBatch) -> Result<()> {
        // A fresh copy, so the sink gets compact buffers rather than a slice of a larger one.
        let batch = concat_batches(&self.schema, [&batch])?;
        self.total += batch.num_rows() as u64;
        self.sink.write_batch(batch)
    }

    /// Writes what is left and ends the view; returns the row count.
    pub(crate) fn finish(mut self) -> Result<u64> {
        if self.pending_rows > 0 {
            let all = concat_batches(&self.schema, &self.pending)?;
            self.pending.clear();
            self.emit(all)?;
        }
        self.sink.end_view()?;
        Ok(self.total)
    }
}
