//! Reading a snapshot's low-cardinality text columns as Arrow dictionaries.
//!
//! A Parquet writer stores a column of few distinct values (operating system
//! captions, manufacturers, program names, OUs) as a small dictionary and
//! an index per row. Read as plain strings, every row's text is rebuilt and
//! every filter tests every row; read as a dictionary, the rows are indexes
//! and the collation functions test each distinct value once
//! ([`crate::lower::udf`]). The Parquet files and their Arrow schema are unchanged:
//! this is how the engine reads them ([`schema`], the schema a view's table is
//! read as), and what it returns is plain text again ([`plain`]).

use crate::error::Result;
use datafusion::arrow::array::{ArrayRef, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::parquet::basic::Encoding;
use datafusion::parquet::file::metadata::{ColumnChunkMetaData, ParquetMetaData};
use std::sync::Arc;

/// A dictionary of at most this many bytes (per row group) is small enough
/// to test value by value: a few thousand distinct names.
const MAX_DICTIONARY_BYTES: i64 = 64 * 1024;

/// The dictionary type a text column is read as.
fn dictionary_type() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

/// Whether every data page of `chunk` indexes a small dictionary.
fn small_dictionary(chunk: &ColumnChunkMetaData) -> bool {
    let Some(dict) = chunk.dictionary_page_offset() else {
        return false;
    };
    let all_pages = match (chunk.page_encoding_stats_mask(), chunk.page_encoding_stats()) {
        (Some(mask), _) => mask.is_only(Encoding::RLE_DICTIONARY) || mask.is_only(Encoding::PLAIN_DICTIONARY),
        (None, Some(stats)) => stats.iter().all(|s| {
            s.page_type == datafusion::parquet::basic::PageType::DICTIONARY_PAGE
                || matches!(s.encoding, Encoding::RLE_DICTIONARY | Encoding::PLAIN_DICTIONARY)
        }),
        (None, None) => false,
    };
    all_pages && chunk.data_page_offset() - dict <= MAX_DICTIONARY_BYTES
}

/// The text columns of a Parquet file that every row group stores as a
/// small dictionary (by position in the file's flat schema).
fn dictionary_columns(meta: &ParquetMetaData, schema: &Schema) -> Vec<usize> {
    (0..schema.fields().len())
        .filter(|&i| {
            matches!(schema.field(i).data_type(), DataType::Utf8 | DataType::Utf8View)
                && meta.num_row_groups() > 0
                && meta
                    .row_groups()
                    .iter()
                    .all(|rg| i < rg.num_columns() && small_dictionary(rg.column(i)))
        })
        .collect()
}

/// The schema a file whose footer is `metadata` and whose table schema is
/// `table` is read with when its small-dictionary text columns are read as
/// dictionaries, or `None` when it has none.
pub(crate) fn schema(metadata: &ParquetMetaData, table: &SchemaRef) -> Option<SchemaRef> {
    // The table's fields are the file's columns, in order (flat views).
    if metadata.file_metadata().schema_descr().num_columns() != table.fields().len() {
        return None;
    }
    let chosen = dictionary_columns(metadata, table);
    if chosen.is_empty() {
        return None;
    }
    let fields: Vec<Field> = table
        .fields()
        .iter()
        .enumerate()
        .map(|(i, f)| {
            if chosen.contains(&i) {
                f.as_ref().clone().with_data_type(dictionary_type())
            } else {
                f.as_ref().clone()
            }
        })
        .collect();
    Some(Arc::new(Schema::new_with_metadata(fields, table.metadata().clone())))
}

/// `batch` with its dictionary columns as plain text: what the engine
/// returns, whatever it read.
pub(crate) fn plain(batch: RecordBatch) -> Result<RecordBatch> {
    if !batch
        .schema()
        .fields()
        .iter()
        .any(|f| matches!(f.data_type(), DataType::Dictionary(..)))
    {
        return Ok(batch);
    }
    let mut fields = Vec::new();
    let mut columns: Vec<ArrayRef> = Vec::new();
    for (f, c) in batch.schema().fields().iter().zip(batch.columns()) {
        match f.data_type() {
            DataType::Dictionary(_, value) => {
                fields.push(f.as_ref().clone().with_data_type(value.as_ref().clone()));
                columns.push(cast(c, value)?);
            }
            _ => {
                fields.push(f.as_ref().clone());
                columns.push(c.clone());
            }
        }
    }
    let schema = Arc::new(Schema::new_with_metadata(fields, batch.schema().metadata().clone()));
    Ok(RecordBatch::try_new(schema, columns)?)
}
