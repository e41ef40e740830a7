//! One interface over the places a bound query can run: the offline engine
//! (a snapshot or the demo fleet) and a live site database. Both return the
//! rows as Arrow record batches named by the WQL output columns.

use crate::exec::Engine;
use crate::live::{LiveConnection, LiveError};
use datafusion::arrow::record_batch::RecordBatch;
use std::future::Future;
use wqlkit_wql::Bound;

/// Runs bound queries.
pub trait Backend {
    /// Why a query failed.
    type Error: std::error::Error;

    /// Runs `bound` and collects its rows.
    fn run(&mut self, bound: &Bound) -> impl Future<Output = Result<Vec<RecordBatch>, Self::Error>>;
}

impl Backend for Engine {
    type Error = crate::error::EngineError;

    async fn run(&mut self, bound: &Bound) -> Result<Vec<RecordBatch>, Self::Error> {
        self.execute(&bound.plan).await
    }
}

impl Backend for LiveConnection {
    type Error = LiveError;

    /// Translates the plan to T-SQL (what `wqlkit translate` prints) and runs it.
    async fn run(&mut self, bound: &Bound) -> Result<Vec<RecordBatch>, Self::Error> {
        let t = wqlkit_wql::to_tsql(&bound.plan).map_err(|d| LiveError::Untranslatable(d.message))?;
        self.preview(&t, bound, None).await.map(|(batches, _)| batches)
    }
}
