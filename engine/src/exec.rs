//! Evaluates bound plans over a snapshot or the in-memory demo fleet.

use crate::error::{EngineError, Result};
use crate::lower::{Lowering, views_of};
use crate::snapshot::Snapshot;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::catalog::TableProvider;
use datafusion::datasource::MemTable;
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};
use std::collections::HashMap;
use std::sync::Arc;
use wqlkit_core::{DateTime, LogicalPlan};

/// A set of views to evaluate plans over, with the time `GetDate()` returns.
pub struct Engine {
    ctx: SessionContext,
    /// Providers that read a snapshot view's small-dictionary text columns
    /// as dictionaries, by lower-case view name: what WQL plans scan.
    dictionary: HashMap<String, Arc<dyn TableProvider>>,
    now: DateTime,
}

impl Engine {
    fn context() -> SessionContext {
        let config = SessionConfig::new()
            .with_target_partitions(2)
            .with_information_schema(false);
        SessionContext::new_with_config(config)
    }

    /// An engine over an opened snapshot; `GetDate()` is the snapshot's time.
    pub async fn from_snapshot(snapshot: &Snapshot) -> Result<Engine> {
        let ctx = Self::context();
        let mut dictionary = HashMap::new();
        for v in &snapshot.manifest.views {
            let file = snapshot.dir.join(&v.file);
            let path = file
                .to_str()
                .ok_or_else(|| EngineError::Invalid(format!("{} is not UTF-8", file.display())))?;
            let name = v.name.to_ascii_lowercase();
            ctx.register_parquet(name.as_str(), path, ParquetReadOptions::default())
                .await
                .map_err(|e| EngineError::Snapshot {
                    path: file.clone(),
                    message: e.to_string(),
                })?;
            let plain = ctx.table_provider(name.as_str()).await?;
            if let Some(p) = crate::dictionary::provider(&ctx, &file, &plain).await? {
                dictionary.insert(name, p);
            }
        }
        let now = snapshot.snapshot_time().unwrap_or_else(system_now);
        Ok(Engine { ctx, dictionary, now })
    }

    /// An engine over views held in memory (name, schema, batches).
    pub fn from_memory(
        views: Vec<(String, datafusion::arrow::datatypes::SchemaRef, Vec<RecordBatch>)>,
        now: DateTime,
    ) -> Result<Engine> {
        let ctx = Self::context();
        for (name, schema, batches) in views {
            let table = MemTable::try_new(schema, vec![batches])?;
            ctx.register_table(name.to_ascii_lowercase(), Arc::new(table))?;
        }
        Ok(Engine {
            ctx,
            dictionary: HashMap::new(),
            now,
        })
    }

    /// An engine over the synthetic demo fleet, generated in memory.
    pub fn demo(catalog: &wqlkit_core::Catalog, opts: &crate::demo::DemoOptions) -> Result<Engine> {
        let mut sink = crate::sink::MemorySink::default();
        crate::demo::generate(catalog, opts, &mut sink)?;
        Engine::from_memory(sink.views, opts.now)
    }

    /// The DataFusion context holding the views (lower-case names).
    pub(crate) fn session_context(&self) -> &SessionContext {
        &self.ctx
    }

    /// What `GetDate()` returns.
    pub fn now(&self) -> DateTime {
        self.now
    }

    /// Overrides what `GetDate()` returns.
    pub fn set_now(&mut self, now: DateTime) {
        self.now = now;
    }

    /// The text columns of `view` that WQL plans read as dictionaries (a
    /// snapshot's columns of few distinct values; none in memory).
    pub fn dictionary_columns(&self, view: &str) -> Vec<String> {
        let Some(p) = self.dictionary.get(&view.to_ascii_lowercase()) else {
            return Vec::new();
        };
        p.schema()
            .fields()
            .iter()
            .filter(|f| matches!(f.data_type(), datafusion::arrow::datatypes::DataType::Dictionary(..)))
            .map(|f| f.name().clone())
            .collect()
    }

    /// Whether the engine holds `view`.
    pub fn has_view(&self, view: &str) -> bool {
        self.ctx
            .table_exist(view.to_ascii_lowercase().as_str())
            .unwrap_or(false)
    }

    /// Every row of `view`.
    pub async fn scan(&self, view: &str) -> Result<Vec<RecordBatch>> {
        let df = self
            .ctx
            .table(view.to_ascii_lowercase().as_str())
            .await
            .map_err(|_| EngineError::MissingView(view.to_string()))?;
        Ok(df.collect().await?)
    }

    /// Evaluates `plan` and collects its rows.
    pub async fn execute(&self, plan: &LogicalPlan) -> Result<Vec<RecordBatch>> {
        self.execute_with(plan, &HashMap::new()).await
    }

    /// Evaluates `plan`, reading the views named in `overrides` (by lower-case
    /// name) from the given providers instead of the engine's own: how
    /// collection evaluation shows rules the memberships it has computed.
    pub async fn execute_with(
        &self,
        plan: &LogicalPlan,
        overrides: &HashMap<String, Arc<dyn TableProvider>>,
    ) -> Result<Vec<RecordBatch>> {
        let mut views = Vec::new();
        views_of(plan, &mut views);
        let mut providers: HashMap<String, Arc<dyn TableProvider>> = HashMap::new();
        for v in views {
            let key = v.to_ascii_lowercase();
            let p = match overrides.get(&key).or_else(|| self.dictionary.get(&key)) {
                Some(p) => p.clone(),
                None => self
                    .ctx
                    .table_provider(key.as_str())
                    .await
                    .map_err(|_| EngineError::MissingView(v.clone()))?,
            };
            providers.insert(key, p);
        }
        let lowered = Lowering {
            providers: &providers,
            now: self.now,
        }
        .plan(plan)?;
        let df = self.ctx.execute_logical_plan(lowered).await?;
        df.collect().await?.into_iter().map(crate::dictionary::plain).collect()
    }
}

/// The machine's clock, as a [`DateTime`].
pub fn system_now() -> DateTime {
    let micros = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or(0);
    DateTime::from_unix_micros(micros).unwrap_or(DateTime::EPOCH)
}
