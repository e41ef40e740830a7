//! Evaluates bound plans over a snapshot or the in-memory demo fleet.

mod conjunction;

use crate::error::{EngineError, Result};
use crate::lower::{Lowering, views_of};
use crate::storage::ascending::Ascending;
use crate::storage::dictionary;
use crate::storage::selectivity::{SampledSelectivity, Samples};
use crate::storage::snapshot::Snapshot;
use crate::storage::table::{SnapshotSchema, SnapshotViews};
use conjunction::WholeConjunctions;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::catalog::TableProvider;
use datafusion::datasource::MemTable;
use datafusion::execution::SessionStateBuilder;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_optimizer::optimizer::PhysicalOptimizer;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::prelude::{DataFrame, SessionConfig, SessionContext};
use std::collections::HashMap;
use std::sync::Arc;
use wqlkit_core::{DateTime, LogicalPlan};

/// A set of views to evaluate plans over, with the time `GetDate()` returns.
pub struct Engine {
    ctx: SessionContext,
    /// A snapshot's views, opened as queries name them (`None` in memory).
    views: Option<Arc<SnapshotViews>>,
    /// The strictly rising columns of views held in memory, by lower-case name.
    ascending: HashMap<String, Vec<String>>,
    now: DateTime,
}

impl Engine {
    /// A context whose planner measures filters over the files `samples`
    /// holds (see [`crate::storage::selectivity`]) before it picks join sides.
    fn context(samples: Arc<Samples>) -> Result<SessionContext> {
        let mut config = SessionConfig::new()
            .with_batch_size(BATCH_ROWS)
            .with_target_partitions(2 * cores())
            .with_information_schema(false);
        // On a few cores, a hash join's build side collected once is
        // cheaper than hash-partitioning both inputs well past DataFusion's
        // 1 MB default (BENCHMARKS.md).
        let optimizer = &mut config.options_mut().optimizer;
        optimizer.hash_join_single_partition_threshold = COLLECT_BUILD_SIDE_BYTES;
        optimizer.hash_join_single_partition_threshold_rows = COLLECT_BUILD_SIDE_ROWS;
        let mut rules: Vec<Arc<dyn PhysicalOptimizerRule + Send + Sync>> =
            vec![Arc::new(SampledSelectivity { samples })];
        rules.extend(PhysicalOptimizer::new().rules);
        // Last, once join sides and filter placement are settled.
        rules.push(Arc::new(WholeConjunctions));
        let runtime = RuntimeEnvBuilder::new()
            .with_metadata_cache_limit(METADATA_CACHE_BYTES)
            .build()?;
        let state = SessionStateBuilder::new()
            .with_runtime_env(Arc::new(runtime))
            .with_config(config)
            .with_default_features()
            .with_physical_optimizer_rules(rules)
            .build();
        Ok(SessionContext::new_with_state(state))
    }

    /// An engine over a snapshot whose manifest has been read; each view is
    /// opened (and its file checked) when a query first reads it.
    /// `GetDate()` is the snapshot's time.
    pub async fn from_snapshot(snapshot: &Snapshot) -> Result<Engine> {
        let samples = Arc::new(Samples::default());
        let ctx = Self::context(samples.clone())?;
        let views = Arc::new(SnapshotViews::new(snapshot.clone(), samples));
        let catalog = ctx
            .catalog("datafusion")
            .ok_or_else(|| EngineError::Invalid("DataFusion's default catalog is missing".into()))?;
        catalog.register_schema("public", Arc::new(SnapshotSchema(views.clone())))?;
        let now = snapshot.snapshot_time().unwrap_or_else(system_now);
        Ok(Engine {
            ctx,
            views: Some(views),
            ascending: HashMap::new(),
            now,
        })
    }

    /// An engine over views held in memory (name, schema, batches).
    pub fn from_memory(
        views: Vec<(String, datafusion::arrow::datatypes::SchemaRef, Vec<RecordBatch>)>,
        now: DateTime,
    ) -> Result<Engine> {
        let ctx = Self::context(Arc::default())?;
        let mut ascending = HashMap::new();
        for (name, schema, batches) in views {
            let name = name.to_ascii_lowercase();
            ascending.insert(name.clone(), Ascending::of(&schema, &batches));
            let table = MemTable::try_new(schema, vec![batches])?;
            ctx.register_table(name, Arc::new(table))?;
        }
        Ok(Engine {
            ctx,
            views: None,
            ascending,
            now,
        })
    }

    /// The DataFusion context holding the views (lower-case names).
    pub(crate) fn session_context(&self) -> &SessionContext {
        &self.ctx
    }

    /// Splits each later query into `n` partitions (by default two per
    /// core, so that a core has work while a partition waits on a file
    /// read); the collection evaluator, which runs several queries at once,
    /// uses one per core while it runs.
    pub fn set_partitions(&self, n: usize) {
        let state = self.ctx.state_ref();
        let mut state = state.write();
        state.config_mut().options_mut().execution.target_partitions = n.max(1);
    }

    /// How many partitions each query is split into.
    pub fn partitions(&self) -> usize {
        self.ctx.state_ref().read().config().target_partitions()
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
    pub fn dictionary_columns(&self, view: &str) -> Result<Vec<String>> {
        let Some(p) = self.dictionary_table(view)? else {
            return Ok(Vec::new());
        };
        Ok(p.schema()
            .fields()
            .iter()
            .filter(|f| matches!(f.data_type(), datafusion::arrow::datatypes::DataType::Dictionary(..)))
            .map(|f| f.name().clone())
            .collect())
    }

    /// The table WQL plans read for `view` when it has small-dictionary text
    /// columns (a snapshot's view, opened if it was not yet).
    fn dictionary_table(&self, view: &str) -> Result<Option<Arc<dyn TableProvider>>> {
        match &self.views {
            Some(views) => Ok(views.open(view)?.and_then(|v| v.dictionary)),
            None => Ok(None),
        }
    }

    /// The columns of `view` (lower case) whose values rise strictly from
    /// row to row: distinct, and never NULL.
    fn ascending_columns(&self, view: &str) -> Vec<String> {
        match &self.views {
            Some(views) => views.ascending(view),
            None => self.ascending.get(view).cloned().unwrap_or_default(),
        }
    }

    /// Time spent so far opening snapshot views (checking and reading their footers).
    pub fn view_opening_time(&self) -> std::time::Duration {
        self.views
            .as_ref()
            .map_or(std::time::Duration::ZERO, |v| v.opening_time())
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
        let df = self.dataframe(plan, overrides).await?;
        df.collect().await?.into_iter().map(dictionary::plain).collect()
    }

    /// Evaluates `plan` batch by batch, stopping with an error once it has
    /// made more than `max_rows` rows, and giving other work on its thread a
    /// turn after each batch: a caller that stops waiting (a client gone, a
    /// time limit) stops the query at the next batch, and a rule that
    /// returns far more rows than anyone reads cannot fill the memory.
    pub async fn execute_bounded(&self, plan: &LogicalPlan, max_rows: usize) -> Result<Vec<RecordBatch>> {
        use futures::StreamExt;
        let df = self.dataframe(plan, &HashMap::new()).await?;
        let mut stream = df.execute_stream().await?;
        let (mut out, mut rows) = (Vec::new(), 0usize);
        while let Some(batch) = stream.next().await {
            let batch = dictionary::plain(batch?)?;
            rows += batch.num_rows();
            if rows > max_rows {
                return Err(EngineError::Invalid(format!(
                    "the query returns more than {max_rows} rows; narrow it with a WHERE condition"
                )));
            }
            out.push(batch);
            tokio::task::yield_now().await;
        }
        Ok(out)
    }

    /// The DataFusion plan that evaluates `plan`, for inspection: which
    /// side of each join is built, what each filter is estimated to keep.
    pub async fn physical_plan(&self, plan: &LogicalPlan) -> Result<Arc<dyn ExecutionPlan>> {
        let df = self.dataframe(plan, &HashMap::new()).await?;
        Ok(df.create_physical_plan().await?)
    }

    /// `plan` lowered over the engine's views (or `overrides`).
    async fn dataframe(
        &self,
        plan: &LogicalPlan,
        overrides: &HashMap<String, Arc<dyn TableProvider>>,
    ) -> Result<DataFrame> {
        let mut views = Vec::new();
        views_of(plan, &mut views);
        if let Some(snapshot) = &self.views {
            let own: Vec<String> = views
                .iter()
                .filter(|v| !overrides.contains_key(&v.to_ascii_lowercase()))
                .cloned()
                .collect();
            snapshot.open_all(&own);
        }
        let mut providers: HashMap<String, Arc<dyn TableProvider>> = HashMap::new();
        let mut ascending = HashMap::new();
        for v in views {
            let key = v.to_ascii_lowercase();
            if !overrides.contains_key(&key) {
                ascending.insert(key.clone(), self.ascending_columns(&key));
            }
            let p = match overrides.get(&key).cloned().or(self.dictionary_table(&key)?) {
                Some(p) => p,
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
            ascending: &ascending,
            now: self.now,
        }
        .plan(plan)?;
        Ok(self.ctx.execute_logical_plan(lowered).await?)
    }
}

/// The Parquet footers and page indexes DataFusion keeps in memory: a
/// million-device snapshot's take more than DataFusion's 50 MB default, which
/// evicted some that every scan of their view then read again.
const METADATA_CACHE_BYTES: usize = 1 << 30;

/// Rows per batch: a million-device scan of twenty million program rows
/// pays DataFusion's per-batch costs a quarter as often as at its default
/// of 8,192 (BENCHMARKS.md).
const BATCH_ROWS: usize = 32 * 1024;

/// Hash joins collect a build side estimated below this size once rather
/// than partitioning both inputs.
const COLLECT_BUILD_SIDE_BYTES: usize = 32 << 20;
const COLLECT_BUILD_SIDE_ROWS: usize = 4 << 20;

/// The cores this process may use.
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// The machine's clock, as a [`DateTime`].
pub fn system_now() -> DateTime {
    let micros = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or(0);
    DateTime::from_unix_micros(micros).unwrap_or(DateTime::EPOCH)
}
