//! Execution engines for wqlkit: snapshots of the site database's views, the
//! synthetic demo fleet, and evaluation of bound plans with SQL Server's
//! semantics on DataFusion.
#![warn(missing_docs)]

pub mod collation;
pub mod csv_export;
pub mod demo;
pub mod error;
pub mod exec;
pub mod fixture;
pub mod lower;
pub mod output;
pub mod report;
pub mod schema;
pub mod sink;
pub mod snapshot;
pub mod udf;

pub use demo::{DemoOptions, generate};
pub use error::{EngineError, Result};
pub use exec::Engine;
pub use sink::{BatchSink, MemorySink};

#[cfg(test)]
mod semantics_tests;
