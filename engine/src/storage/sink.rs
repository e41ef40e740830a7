//! Where generated or exported rows go, view by view: a Parquet snapshot or memory.

use crate::error::Result;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use wqlkit_core::ViewDef;

/// Receives the rows of one view at a time, in batches, so that no view has
/// to be held in memory whole.
pub trait BatchSink {
    /// Starts a view; every batch until [`BatchSink::end_view`] has `schema`.
    fn begin_view(&mut self, view: &ViewDef, schema: SchemaRef) -> Result<()>;
    /// Adds rows to the current view.
    fn write_batch(&mut self, batch: RecordBatch) -> Result<()>;
    /// Finishes the current view.
    fn end_view(&mut self) -> Result<()>;
}

/// Keeps every view's batches in memory (for the embedded demo fleet and tests).
#[derive(Debug, Default)]
pub struct MemorySink {
    /// Finished views: name, schema, batches.
    pub views: Vec<(String, SchemaRef, Vec<RecordBatch>)>,
    current: Option<(String, SchemaRef, Vec<RecordBatch>)>,
}

impl BatchSink for MemorySink {
    fn begin_view(&mut self, view: &ViewDef, schema: SchemaRef) -> Result<()> {
        self.current = Some((view.name.clone(), schema, Vec::new()));
        Ok(())
    }

    fn write_batch(&mut self, batch: RecordBatch) -> Result<()> {
        if let Some((_, _, b)) = &mut self.current {
            b.push(batch);
        }
        Ok(())
    }

    fn end_view(&mut self) -> Result<()> {
        if let Some(v) = self.current.take() {
            self.views.push(v);
        }
        Ok(())
    }
}
