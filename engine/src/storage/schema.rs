//! Arrow schemas of the catalog's views: the snapshot's public column types.

use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use std::sync::Arc;
use wqlkit_core::{SqlType, ViewDef};

/// The Arrow type a SQL Server column is stored as in a snapshot:
/// text → Utf8, int/smallint/tinyint → Int32, bigint → Int64, bit → Boolean,
/// float/real/decimal → Float64, datetime → Timestamp(µs), date → Date32.
pub fn arrow_type(t: SqlType) -> DataType {
    match t {
        SqlType::NVarChar(_) | SqlType::VarChar(_) | SqlType::Char(_) | SqlType::UniqueIdentifier => DataType::Utf8,
        SqlType::TinyInt | SqlType::SmallInt | SqlType::Int => DataType::Int32,
        SqlType::BigInt => DataType::Int64,
        SqlType::Bit => DataType::Boolean,
        SqlType::Float | SqlType::Real | SqlType::Decimal(_, _) => DataType::Float64,
        SqlType::DateTime => DataType::Timestamp(TimeUnit::Microsecond, None),
        SqlType::Date => DataType::Date32,
        SqlType::Binary => DataType::Binary,
    }
}

/// The Arrow schema of a view: its columns, in order, all nullable.
pub fn view_schema(view: &ViewDef) -> SchemaRef {
    Arc::new(Schema::new(
        view.columns
            .iter()
            .map(|c| Field::new(&c.name, arrow_type(c.sql_type), true))
            .collect::<Vec<_>>(),
    ))
}
