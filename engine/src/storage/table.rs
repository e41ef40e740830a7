//! A snapshot's views as DataFusion tables, opened when a plan first names
//! them: a query's cost depends on the views it reads, not on how many the
//! snapshot holds. Opening a view checks its file (size, footer, schema,
//! rows) and builds its table; every scan reads the file through its
//! [`VerifiedFile`], so each column chunk read is checked.

use crate::error::{EngineError, Result};
use crate::storage::dictionary;
use crate::storage::selectivity::Samples;
use crate::storage::snapshot::Snapshot;
use crate::storage::verified::{VerifiedFile, VerifiedReaderFactory};
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::{SchemaProvider, Session, TableProvider};
use datafusion::common::tree_node::TreeNode;
use datafusion::common::{DFSchema, Statistics};
use datafusion::datasource::TableType;
use datafusion::datasource::listing::PartitionedFile;
use datafusion::datasource::physical_plan::{FileScanConfigBuilder, ParquetSource};
use datafusion::datasource::source::DataSourceExec;
use datafusion::execution::object_store::ObjectStoreUrl;
use datafusion::logical_expr::utils::conjunction;
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown};
use datafusion::object_store::path::Path as ObjectPath;
use datafusion::parquet::arrow::arrow_reader::{ArrowReaderMetadata, ArrowReaderOptions};
use datafusion::physical_plan::ExecutionPlan;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One view's file as a table, read plainly or with its small-dictionary
/// text columns as dictionaries (see [`dictionary`]).
#[derive(Debug)]
pub(crate) struct SnapshotTable {
    file: Arc<VerifiedFile>,
    /// The table's schema, which is also the schema the file is read as.
    schema: SchemaRef,
    /// Where scans name the file (the key of its selectivity sample).
    location: ObjectPath,
    statistics: Arc<Statistics>,
}

impl SnapshotTable {
    fn new(file: Arc<VerifiedFile>, schema: SchemaRef) -> Result<SnapshotTable> {
        let statistics = datafusion::datasource::physical_plan::parquet::metadata::DFParquetMetadata::statistics_from_parquet_metadata(
            &file.metadata,
            &schema,
        )?;
        Ok(SnapshotTable {
            location: location_of(&file),
            file,
            schema,
            statistics: Arc::new(statistics),
        })
    }
}

/// Whether `e` holds a subquery.
fn has_subquery(e: &Expr) -> bool {
    e.exists(|e| {
        Ok(matches!(
            e,
            Expr::Exists(_) | Expr::InSubquery(_) | Expr::ScalarSubquery(_) | Expr::SetComparison(_)
        ))
    })
    .unwrap_or(true)
}

/// How scans name `file`.
fn location_of(file: &VerifiedFile) -> ObjectPath {
    PartitionedFile::new(file.path.to_string_lossy().into_owned(), file.size)
        .object_meta
        .location
}

#[async_trait::async_trait]
impl TableProvider for SnapshotTable {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    fn statistics(&self) -> Option<Statistics> {
        Some(self.statistics.as_ref().clone())
    }

    fn supports_filters_pushdown(
        &self,
        filters: &[&Expr],
    ) -> datafusion::common::Result<Vec<TableProviderFilterPushDown>> {
        // Used to skip row groups by their statistics; every row is still
        // filtered above the scan. A subquery is not something a file can test.
        Ok(filters
            .iter()
            .map(|f| {
                if f.contains_outer() || has_subquery(f) || f.is_volatile() {
                    TableProviderFilterPushDown::Unsupported
                } else {
                    TableProviderFilterPushDown::Inexact
                }
            })
            .collect())
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> datafusion::common::Result<Arc<dyn ExecutionPlan>> {
        let mut source = ParquetSource::new(self.schema.clone())
            .with_table_parquet_options(state.table_options().parquet.clone())
            .with_parquet_file_reader_factory(Arc::new(VerifiedReaderFactory))
            // Whole column chunks are read, so each is checked whole.
            .with_enable_page_index(false);
        let df_schema = DFSchema::try_from(self.schema.as_ref().clone())?;
        // Filters the statistics cannot test are still applied above the scan.
        let testable: Vec<Expr> = filters
            .iter()
            .filter(|f| state.create_physical_expr((*f).clone(), &df_schema).is_ok())
            .cloned()
            .collect();
        if let Some(predicate) = conjunction(testable) {
            source = source.with_predicate(state.create_physical_expr(predicate, &df_schema)?);
        }
        let file = PartitionedFile::new(self.file.path.to_string_lossy().into_owned(), self.file.size)
            .with_arrow_schema(self.schema.clone())
            .with_statistics(self.statistics.clone())
            .with_extension(self.file.clone());
        let config = FileScanConfigBuilder::new(ObjectStoreUrl::local_filesystem(), Arc::new(source))
            .with_file(file)
            .with_projection_indices(projection.cloned())?
            .with_limit(limit)
            .with_statistics(self.statistics.as_ref().clone())
            .build();
        Ok(DataSourceExec::from_data_source(config))
    }
}

/// A view once opened: its table, and the one WQL plans read when some of its
/// text columns are small dictionaries.
#[derive(Debug, Clone)]
pub(crate) struct OpenedView {
    pub plain: Arc<dyn TableProvider>,
    pub dictionary: Option<Arc<dyn TableProvider>>,
}

/// A snapshot's views, each opened on first use and kept.
#[derive(Debug)]
pub(crate) struct SnapshotViews {
    snapshot: Snapshot,
    samples: Arc<Samples>,
    opened: Mutex<HashMap<String, OpenedView>>,
    /// Time spent opening views (checking and reading their footers).
    opening: Mutex<Duration>,
}

impl SnapshotViews {
    pub(crate) fn new(snapshot: Snapshot, samples: Arc<Samples>) -> SnapshotViews {
        SnapshotViews {
            snapshot,
            samples,
            opened: Mutex::new(HashMap::new()),
            opening: Mutex::new(Duration::ZERO),
        }
    }

    /// View `name` (any case), opened now if it was not yet; `None` when the
    /// snapshot has no such view.
    pub(crate) fn open(&self, name: &str) -> Result<Option<OpenedView>> {
        let started = Instant::now();
        let opened = self.open_untimed(name);
        self.add_opening_time(started);
        opened
    }

    /// Opens the views `names` (any case) side by side, one thread each: a
    /// view's opening is a footer to read, hash and decode, and a plan's
    /// views are known before DataFusion asks for them one by one. Errors
    /// are left for `open` to report when the view is asked for.
    pub(crate) fn open_all(&self, names: &[String]) {
        let names: Vec<&String> = names
            .iter()
            .filter(|n| !self.lock_opened().contains_key(&n.to_ascii_lowercase()))
            .collect();
        let Some((first, rest)) = names.split_first() else {
            return;
        };
        let started = Instant::now();
        std::thread::scope(|s| {
            for name in rest {
                // Where no thread can be started, the view is opened when asked for.
                let _ = std::thread::Builder::new().spawn_scoped(s, || self.open_untimed(name));
            }
            let _ = self.open_untimed(first);
        });
        self.add_opening_time(started);
    }

    fn add_opening_time(&self, started: Instant) {
        *self.opening.lock().unwrap_or_else(|p| p.into_inner()) += started.elapsed();
    }

    fn open_untimed(&self, name: &str) -> Result<Option<OpenedView>> {
        let key = name.to_ascii_lowercase();
        if let Some(v) = self.lock_opened().get(&key) {
            return Ok(Some(v.clone()));
        }
        let Some(entry) = self.snapshot.view(&key) else {
            return Ok(None);
        };
        let file = Arc::new(self.snapshot.open_view(entry)?);
        let plain_schema = ArrowReaderMetadata::try_new(file.metadata.clone(), ArrowReaderOptions::new())
            .map_err(|e| EngineError::Snapshot {
                path: file.path.clone(),
                message: e.to_string(),
            })?
            .schema()
            .clone();
        let dictionary = match dictionary::schema(&file.metadata, &plain_schema) {
            Some(schema) => Some(Arc::new(SnapshotTable::new(file.clone(), schema)?) as Arc<dyn TableProvider>),
            None => None,
        };
        let plain = Arc::new(SnapshotTable::new(file.clone(), plain_schema)?);
        self.samples.add(plain.location.clone(), file);
        let view = OpenedView { plain, dictionary };
        Ok(Some(self.lock_opened().entry(key).or_insert(view).clone()))
    }

    /// Whether the snapshot has view `name` (any case).
    pub(crate) fn has(&self, name: &str) -> bool {
        self.snapshot.view(name).is_some()
    }

    /// The columns of view `name` whose values rise strictly, as the
    /// manifest records them.
    pub(crate) fn ascending(&self, name: &str) -> Vec<String> {
        self.snapshot
            .view(name)
            .map(|v| v.ascending.clone())
            .unwrap_or_default()
    }

    /// Every view's name, lower case.
    pub(crate) fn names(&self) -> Vec<String> {
        self.snapshot
            .manifest
            .views
            .iter()
            .map(|v| v.name.to_ascii_lowercase())
            .collect()
    }

    /// Time spent so far opening views.
    pub(crate) fn opening_time(&self) -> Duration {
        *self.opening.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn lock_opened(&self) -> std::sync::MutexGuard<'_, HashMap<String, OpenedView>> {
        self.opened.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The snapshot's views as DataFusion's default schema: SQL (and `ctx.table`)
/// opens a view when it names it.
#[derive(Debug)]
pub(crate) struct SnapshotSchema(pub Arc<SnapshotViews>);

#[async_trait::async_trait]
impl SchemaProvider for SnapshotSchema {
    fn table_names(&self) -> Vec<String> {
        self.0.names()
    }

    async fn table(&self, name: &str) -> datafusion::common::Result<Option<Arc<dyn TableProvider>>> {
        self.0
            .open(name)
            .map(|v| v.map(|v| v.plain))
            .map_err(|e| datafusion::common::DataFusionError::External(Box::new(e)))
    }

    fn table_exist(&self, name: &str) -> bool {
        self.0.has(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::fixture::batch_from_json;
    use crate::storage::snapshot::{Source, write_views};
    use serde_json::json;
    use wqlkit_core::{Catalog, DateTime};

    /// A plan's views opened side by side are opened once and kept; a view
    /// that cannot be opened is left for `open` to report, and a view the
    /// snapshot does not have is no view.
    #[test]
    fn views_opened_side_by_side_are_kept_and_their_errors_reported_when_asked_for() {
        let dir = std::env::temp_dir().join(format!("wqlkit-table-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let c = Catalog::from_toml(wqlkit_core::testing::MINI_CATALOG).unwrap_or_else(|e| panic!("{e}"));
        let rows = [json!({"ResourceID": 1, "Name0": "PC-01"})];
        let views: Vec<_> = c
            .views()
            .iter()
            .map(|v| {
                (
                    v.clone(),
                    vec![batch_from_json(v, &rows).unwrap_or_else(|e| panic!("{e}"))],
                )
            })
            .collect();
        let now = DateTime::parse("2026-11-01 08:00:00").unwrap_or_else(|| unreachable!());
        let manifest =
            write_views(&dir, Source::Demo { devices: 1, seed: 1 }, now, &views).unwrap_or_else(|e| panic!("{e}"));
        let (good, bad) = (&manifest.views[0], &manifest.views[1]);
        // The second view's file loses its footer.
        let path = dir.join(&bad.file);
        let len = std::fs::metadata(&path)
            .map(|m| m.len())
            .unwrap_or_else(|e| panic!("{e}"));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap_or_else(|e| panic!("{e}"));
        file.set_len(len - 4).unwrap_or_else(|e| panic!("{e}"));
        drop(file);
        let snapshot = Snapshot::open(&dir, true).unwrap_or_else(|e| panic!("{e}"));
        let views = SnapshotViews::new(snapshot, Arc::default());
        views.open_all(&[good.name.to_uppercase(), bad.name.clone(), "v_Nowhere".into()]);
        assert!(views.lock_opened().contains_key(&good.name.to_ascii_lowercase()));
        assert_eq!(views.lock_opened().len(), 1, "only the view that opens is kept");
        assert!(views.opening_time() > Duration::ZERO);
        assert!(matches!(views.open(&good.name), Ok(Some(_))));
        let err = views.open(&bad.name).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains(&bad.name), "{err}");
        assert!(matches!(views.open("v_Nowhere"), Ok(None)));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
