//! Snapshot storage: the Parquet snapshot format and its checksums, how the
//! engine reads it (views opened when first named, every column chunk
//! checked when first read and then kept, text columns as dictionaries,
//! filter selectivity from samples, integer columns that rise row by row), whole-snapshot verification and
//! upgrade, where generated or exported rows go, the views' Arrow schemas,
//! view rows built from JSON, and views written as CSV.

pub mod ascending;
pub mod check;
pub mod checksum;
pub mod chunk_cache;
pub mod csv_export;
pub(crate) mod dictionary;
pub mod fixture;
pub mod schema;
pub(crate) mod selectivity;
pub mod sink;
pub mod site_catalog;
pub mod snapshot;
pub(crate) mod table;
pub mod verified;
