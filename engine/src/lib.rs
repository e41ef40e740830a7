//! Execution engines for wqlkit: snapshots of the site database's views,
//! evaluation of bound plans with SQL Server's semantics on DataFusion, and
//! the live site database (SQL Server over TDS).
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
