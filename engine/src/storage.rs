//! Snapshot storage: the Parquet snapshot format, how the engine reads it
//! (text columns as dictionaries, filter selectivity from samples), where
//! generated or exported rows go, the views' Arrow schemas, view rows built
//! from JSON, and views written as CSV.

pub mod csv_export;
pub(crate) mod dictionary;
pub mod fixture;
pub mod schema;
pub(crate) mod selectivity;
pub mod sink;
pub mod snapshot;
