//! The live site database over TDS (tiberius, TLS through rustls): connection
//! settings, the read-only guard, queries streamed into Arrow record batches,
//! and snapshot export.
//!
//! Nothing reaches the server that [`guard::check`] has not accepted: one
//! SELECT, in the form wqlkit prints the statements it builds.

pub mod client;
pub mod config;
pub mod error;
pub mod export;
pub mod guard;
mod rows;
pub mod site_maps;
pub mod statements;

pub use client::{BATCH_ROWS, LiveConnection, output_schema, result_schema};
pub use config::{Auth, ConnectOptions, DateTimeParams, Secret, ServerAddr, Settings};
pub use error::{LiveError, TimeoutKind};
pub use export::{ExportOptions, ExportProgress, ExportReport, NoProgress, export};
pub use site_maps::{SiteRead, cache_dir, read_site_catalog, site_catalog_cached};
