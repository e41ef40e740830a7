//! Execution engines for wqlkit: snapshots of the site database's views,
//! evaluation of bound plans with SQL Server's semantics on DataFusion, and
//! the live site database (SQL Server over TDS).
//!
//! Offline, a bound WQL plan goes through [`storage`] (the Parquet snapshot
//! and how it is read), [`lower`] (the plan as a DataFusion plan with SQL
//! Server's semantics) and [`exec`] (the [`Engine`] that runs it), and
//! [`output`] shows the rows. [`live`] runs the plan on a site database
//! instead, behind the same [`Backend`]; [`report`] runs T-SQL reports over a
//! snapshot; [`collections`] evaluates a site's collections.
#![warn(missing_docs)]

pub mod backend;
pub mod collections;
pub mod error;
pub mod exec;
pub mod live;
pub mod lower;
pub mod output;
pub mod report;
pub mod storage;

pub use backend::Backend;
/// Query results are Arrow record batches.
pub use datafusion::arrow::record_batch::RecordBatch;
pub use error::{EngineError, Result};
pub use exec::Engine;
pub use storage::sink::{BatchSink, MemorySink};

#[cfg(test)]
mod tests;
