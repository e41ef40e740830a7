//! Filter selectivity measured on a sample of a snapshot's rows.
//!
//! DataFusion estimates how many rows a filter keeps from column statistics
//! when it can analyse the predicate, and otherwise assumes a fixed share
//! (20%). The WQL text predicates (`wql_like`, `wql_ci_compare`) are opaque
//! to it, so `DisplayName like 'Google Chrome%'` over twenty million program
//! rows is assumed to keep four million, and a join then builds its hash
//! table from the million-row device table rather than from the few thousand
//! programs that match. In a plan with a join, [`SampledSelectivity`]
//! evaluates each filter over a snapshot view on the first rows of up to
//! [`SAMPLE_GROUPS`] row groups spread over the file, and gives the filter
//! the share it kept (rounded up to a whole percent, at least 1%) as its
//! estimate. Only the plan's shape changes: every row is still filtered,
//! and a sample that cannot be read leaves the filter as it was.

use crate::storage::verified::{SyncReader, VerifiedFile};
use datafusion::arrow::array::{AsArray, RecordBatch, new_null_array};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{Schema, SchemaRef};
use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::datasource::physical_plan::FileScanConfig;
use datafusion::datasource::source::DataSourceExec;
use datafusion::object_store::path::Path as ObjectPath;
use datafusion::parquet::arrow::ProjectionMask;
use datafusion::parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder,
};
use datafusion::physical_expr::utils::collect_columns;
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::filter::{FilterExec, FilterExecBuilder};
use datafusion::physical_plan::joins::{CrossJoinExec, HashJoinExec, NestedLoopJoinExec};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How many row groups, spread over the file, the sample reads from.
const SAMPLE_GROUPS: usize = 8;
/// How many rows the sample reads at the start of each chosen row group.
const SAMPLE_ROWS_PER_GROUP: usize = 1024;

/// How many measured predicates an engine remembers before it starts over.
const MAX_MEASURED: usize = 4096;

/// The Parquet files a rule may sample, by object-store location (as scans
/// name their files), and the estimates already measured.
#[derive(Debug, Default)]
pub(crate) struct Samples {
    files: Mutex<HashMap<ObjectPath, Arc<VerifiedFile>>>,
    /// Percent kept (`None`: the sample could not be read), by file
    /// location and predicate text; at most [`MAX_MEASURED`] entries.
    measured: Mutex<HashMap<(ObjectPath, String), Option<u8>>>,
}

impl Samples {
    /// Lets filters over `location` (a scan's file name) be sampled from `file`.
    pub(crate) fn add(&self, location: ObjectPath, file: Arc<VerifiedFile>) {
        if let Ok(mut files) = self.files.lock() {
            files.insert(location, file);
        }
    }

    /// The percent of rows `filter` keeps on a sample of its input, when
    /// its input scans one known Parquet file.
    fn percent_kept(&self, filter: &FilterExec) -> Option<u8> {
        let scan = filter.input().downcast_ref::<DataSourceExec>()?;
        let config = scan.data_source().downcast_ref::<FileScanConfig>()?;
        let mut locations = config
            .file_groups
            .iter()
            .flat_map(|g| g.iter())
            .map(|f| &f.object_meta.location);
        let location = locations.next()?;
        if locations.any(|l| l != location) {
            return None;
        }
        let file = self.files.lock().ok()?.get(location)?.clone();
        let key = (location.clone(), filter.predicate().to_string());
        if let Some(p) = self.measured.lock().ok()?.get(&key) {
            return *p;
        }
        let percent = sample_kept(&file, &scan.schema(), filter)
            .filter(|&(_, total)| total > 0)
            .map(|(kept, total)| (kept * 100).div_ceil(total).clamp(1, 100) as u8);
        let mut measured = self.measured.lock().ok()?;
        if measured.len() >= MAX_MEASURED {
            measured.clear();
        }
        measured.insert(key, percent);
        percent
    }
}

/// Evaluates `filter`'s predicate on the sample rows of `file`, read as
/// `schema` (the scan's output): (rows kept, rows read). Only the columns
/// the predicate reads are read; the others stand as NULLs.
fn sample_kept(file: &Arc<VerifiedFile>, schema: &SchemaRef, filter: &FilterExec) -> Option<(usize, usize)> {
    let metadata = file.metadata.clone();
    let groups = metadata.num_row_groups();
    let descr = metadata.file_metadata().schema_descr_ptr();
    let read: Vec<usize> = collect_columns(filter.predicate()).iter().map(|c| c.index()).collect();
    let roots: Vec<usize> = read
        .iter()
        .map(|&i| {
            let name = schema.fields().get(i)?.name();
            (0..descr.num_columns()).find(|&c| descr.column(c).name() == name)
        })
        .collect::<Option<_>>()?;
    // Every column may be NULL in the sample batch (unread columns are).
    let sample_schema = Arc::new(Schema::new(
        schema
            .fields()
            .iter()
            .map(|f| f.as_ref().clone().with_nullable(true))
            .collect::<Vec<_>>(),
    ));
    let reader_meta = ArrowReaderMetadata::try_new(metadata, ArrowReaderOptions::new()).ok()?;
    let chosen: Vec<usize> = if groups <= SAMPLE_GROUPS {
        (0..groups).collect()
    } else {
        (0..SAMPLE_GROUPS).map(|i| i * groups / SAMPLE_GROUPS).collect()
    };
    let (mut kept, mut total) = (0, 0);
    for group in chosen {
        let reader = ParquetRecordBatchReaderBuilder::new_with_metadata(SyncReader(file.clone()), reader_meta.clone())
            .with_projection(ProjectionMask::roots(&descr, roots.iter().copied()))
            .with_row_groups(vec![group])
            .with_batch_size(SAMPLE_ROWS_PER_GROUP)
            .with_limit(SAMPLE_ROWS_PER_GROUP)
            .build()
            .ok()?;
        for batch in reader {
            let batch = batch.ok()?;
            let columns = schema
                .fields()
                .iter()
                .enumerate()
                .map(|(i, f)| match read.contains(&i) {
                    true => cast(batch.column_by_name(f.name())?, f.data_type()).ok(),
                    false => Some(new_null_array(f.data_type(), batch.num_rows())),
                })
                .collect::<Option<Vec<_>>>()?;
            let batch = RecordBatch::try_new(sample_schema.clone(), columns).ok()?;
            let result = filter.predicate().evaluate(&batch).ok()?;
            let result = result.into_array(batch.num_rows()).ok()?;
            let result = result.as_boolean_opt()?;
            kept += result.true_count();
            total += result.len();
        }
    }
    Some((kept, total))
}

/// The physical optimizer rule that gives filters over snapshot views a
/// measured selectivity; it runs before DataFusion chooses join sides.
#[derive(Debug)]
pub(crate) struct SampledSelectivity {
    pub(crate) samples: Arc<Samples>,
}

impl PhysicalOptimizerRule for SampledSelectivity {
    fn optimize(
        &self,
        plan: Arc<dyn ExecutionPlan>,
        _config: &ConfigOptions,
    ) -> datafusion::common::Result<Arc<dyn ExecutionPlan>> {
        // Only join sides are chosen from these estimates.
        let joins = plan.exists(|n| {
            Ok(n.downcast_ref::<HashJoinExec>().is_some()
                || n.downcast_ref::<NestedLoopJoinExec>().is_some()
                || n.downcast_ref::<CrossJoinExec>().is_some())
        })?;
        if !joins {
            return Ok(plan);
        }
        plan.transform_up(|node| {
            let Some(filter) = node.downcast_ref::<FilterExec>() else {
                return Ok(Transformed::no(node));
            };
            match self.samples.percent_kept(filter) {
                Some(p) if p != filter.default_selectivity() => {
                    let exec = FilterExecBuilder::from(filter).with_default_selectivity(p).build()?;
                    Ok(Transformed::yes(Arc::new(exec) as Arc<dyn ExecutionPlan>))
                }
                _ => Ok(Transformed::no(node)),
            }
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "wqlkit_sampled_selectivity"
    }

    fn schema_check(&self) -> bool {
        true
    }
}
