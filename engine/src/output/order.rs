//! The order rows are printed in. Without ORDER BY, SQL leaves the order to
//! the engine, which on several cores is whichever partition finishes first,
//! and a server's order depends on its plan. wqlkit prints one stable order
//! instead, the same across runs, partition counts and machines, and between
//! a snapshot and a live site database: the key columns first (ResourceID),
//! then every column left to right; text under the site's collation
//! (case-insensitive, trailing blanks ignored) with its exact characters
//! breaking ties, NULLs first as SQL Server sorts them. An explicit ORDER BY
//! comes first and the stable order breaks its ties. `--limit N` prints the
//! first N rows of this order.

use crate::lower::collation::{ci_key_into, cmp_ci};
use datafusion::arrow::array::{Array, ArrayRef, AsArray, StringArray, StringBuilder, UInt32Array};
use datafusion::arrow::array::{DynComparator, make_comparator};
use datafusion::arrow::compute::kernels::sort::{SortColumn, SortOptions, lexsort_to_indices};
use datafusion::arrow::compute::{LexicographicalComparator, cast, concat, take};
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::error::ArrowError;
use datafusion::arrow::record_batch::{RecordBatch, RecordBatchOptions};
use std::cmp::Ordering;
use wqlkit_core::plan::{LogicalPlan, ProjectItem, SortKey};

/// One sort key: an output column, and whether it sorts descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The column's position in the result.
    pub column: usize,
    /// Descending (NULLs last) rather than ascending (NULLs first).
    pub descending: bool,
}

impl Key {
    /// How the key sorts: NULLs lowest, as SQL Server sorts them.
    fn options(self) -> SortOptions {
        SortOptions {
            descending: self.descending,
            nulls_first: !self.descending,
        }
    }
}

/// The rows of `batches` in the stable order, after the `explicit` keys.
pub fn stable(batches: Vec<RecordBatch>, explicit: &[Key]) -> Result<Vec<RecordBatch>, ArrowError> {
    let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
    let Some(first) = batches.first() else {
        return Ok(batches);
    };
    if rows < 2 {
        return Ok(batches);
    }
    let all = by_column(first.schema(), rows, |c| {
        concat(&batches.iter().map(|b| b.column(c).as_ref()).collect::<Vec<_>>())
    })?;
    let names = all.schema();
    let key_columns: Vec<usize> = (0..all.num_columns())
        .filter(|&c| is_key_column(names.field(c).name()))
        .collect();
    let mut keys: Vec<Key> = explicit.to_vec();
    for column in key_columns.iter().copied().chain(0..all.num_columns()) {
        if !keys.iter().any(|k| k.column == column) {
            keys.push(Key {
                column,
                descending: false,
            });
        }
    }
    // Keys that leave no ties order the rows as all the keys would. The
    // explicit and key columns usually decide, or else the first column (a
    // name) by its collation key alone; only when those tie are all the
    // columns, and the exact text behind each collation key, compared.
    let leading = (explicit.len() + key_columns.len()).max(1).min(keys.len());
    let full = comparator(&all, &keys)?;
    let lone_text = match &keys[..leading] {
        [k] => text(all.column(k.column))?.map(|t| (t, k.options())),
        _ => None,
    };
    let order = match lone_text {
        // Rows whose heads differ are in order; each run that shares a
        // head is sorted by all the keys.
        Some((text, options)) => {
            let rows = by_head(text.as_string::<i32>(), options);
            let mut order: Vec<u32> = rows.iter().map(|&(_, _, row)| row).collect();
            let mut start = 0;
            while start < rows.len() {
                let head = (rows[start].0, rows[start].1);
                let mut end = start + 1;
                while end < rows.len() && (rows[end].0, rows[end].1) == head {
                    end += 1;
                }
                if end - start > 1 {
                    order[start..end].sort_by(|&a, &b| full(a as usize, b as usize));
                }
                start = end;
            }
            order
        }
        None => {
            let first_keys = sort_columns(&all, &keys[..leading])?;
            let mut order = lexsort_to_indices(&first_keys, None)?.values().to_vec();
            let first = LexicographicalComparator::try_new(&first_keys)?;
            refine(
                &mut order,
                |a, b| first.compare(a as usize, b as usize).is_eq(),
                |a, b| full(a as usize, b as usize),
            );
            order
        }
    };
    let order = UInt32Array::from(order);
    Ok(vec![by_column(all.schema(), rows, |c| {
        take(all.column(c), &order, None)
    })?])
}

/// Each row's head, sorted: the first 16 bytes of its text's collation key
/// as two integers, with its row number. Most texts differ within their
/// first 16 bytes, and integers sort many times faster than texts. A NULL's
/// head is the lowest (NULLs first) or the highest, which an empty text
/// shares; rows whose heads tie still need ordering by the whole text.
/// Above 64Ki rows, with a second core, each half of the rows is headed and
/// sorted on a thread of its own and the halves are merged.
fn by_head(values: &StringArray, options: SortOptions) -> Vec<(u64, u64, u32)> {
    let null = if options.nulls_first { 0 } else { u128::MAX };
    let sorted_heads = |rows: std::ops::Range<usize>| {
        let mut scratch = String::new();
        let mut heads: Vec<(u64, u64, u32)> = rows
            .map(|i| {
                let head = match values.is_valid(i) {
                    false => null,
                    true => {
                        let head = head(values.value(i), &mut scratch);
                        if options.descending { !head } else { head }
                    }
                };
                ((head >> 64) as u64, head as u64, i as u32)
            })
            .collect();
        heads.sort_unstable();
        heads
    };
    let n = values.len();
    if n < PARALLEL_SORT_ITEMS || crate::exec::cores() < 2 {
        return sorted_heads(0..n);
    }
    let middle = n / 2;
    let (left, right) = std::thread::scope(|s| {
        let left = s.spawn(|| sorted_heads(0..middle));
        let right = sorted_heads(middle..n);
        (left.join().unwrap_or_else(|p| std::panic::resume_unwind(p)), right)
    });
    merged(&left, &right)
}

/// The first 16 bytes of `text`'s collation key ([`ci_key_into`]), zero
/// padded, as a big-endian integer. While those bytes of the text are
/// ASCII they are the key's, lower-cased, whatever follows; otherwise the
/// key is built.
fn head(text: &str, scratch: &mut String) -> u128 {
    let trimmed = text.trim_end_matches(' ').as_bytes();
    let n = trimmed.len().min(16);
    let mut head = [0u8; 16];
    if trimmed[..n].is_ascii() {
        head[..n].copy_from_slice(&trimmed[..n]);
        head[..n].make_ascii_lowercase();
    } else {
        ci_key_into(text, scratch);
        let key = scratch.as_bytes();
        let n = key.len().min(16);
        head[..n].copy_from_slice(&key[..n]);
    }
    u128::from_be_bytes(head)
}

/// Two sorted runs as one (equal items from `left` first).
fn merged<T: Ord + Copy>(left: &[T], right: &[T]) -> Vec<T> {
    let mut merged = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        if right[j] < left[i] {
            merged.push(right[j]);
            j += 1;
        } else {
            merged.push(left[i]);
            i += 1;
        }
    }
    merged.extend_from_slice(&left[i..]);
    merged.extend_from_slice(&right[j..]);
    merged
}

/// A batch of `schema` whose column `c` is `column(c)`, the columns built on
/// a thread each when there are `rows` enough and a second core.
fn by_column(
    schema: SchemaRef,
    rows: usize,
    column: impl Fn(usize) -> Result<ArrayRef, ArrowError> + Sync,
) -> Result<RecordBatch, ArrowError> {
    let n = schema.fields().len();
    let columns = if rows < PARALLEL_SORT_ITEMS || crate::exec::cores() < 2 {
        (0..n).map(&column).collect::<Result<Vec<_>, _>>()?
    } else {
        std::thread::scope(|s| {
            let column = &column;
            let built: Vec<_> = (0..n).map(|c| s.spawn(move || column(c))).collect();
            built
                .into_iter()
                .map(|b| b.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect::<Result<Vec<_>, _>>()
        })?
    };
    RecordBatch::try_new_with_options(schema, columns, &RecordBatchOptions::new().with_row_count(Some(rows)))
}

/// Below this many rows one thread sorts (a thread costs more than it saves).
const PARALLEL_SORT_ITEMS: usize = 1 << 16;

/// Sorts by `cmp` each run of neighbours in `order` that are `same`.
fn refine(order: &mut [u32], same: impl Fn(u32, u32) -> bool, cmp: impl Fn(u32, u32) -> Ordering) {
    let mut start = 0;
    while start < order.len() {
        let end = (start + 1..order.len())
            .find(|&i| !same(order[start], order[i]))
            .unwrap_or(order.len());
        if end - start > 1 {
            order[start..end].sort_by(|&a, &b| cmp(a, b));
        }
        start = end;
    }
}

/// Whether an output column is a key of the result's rows: a ResourceID,
/// qualified or not.
pub fn is_key_column(name: &str) -> bool {
    name.rsplit('.')
        .next()
        .is_some_and(|c| c.eq_ignore_ascii_case("ResourceID"))
}

/// The ORDER BY keys of a bound plan's result and its select list, when it
/// has an ORDER BY.
fn order_by(plan: &LogicalPlan) -> Option<(&[SortKey], &[ProjectItem])> {
    let plan = match plan {
        LogicalPlan::Distinct { input, .. } => input,
        p => p,
    };
    let LogicalPlan::Project { input, items, .. } = plan else {
        return None;
    };
    let LogicalPlan::Sort { keys, .. } = &**input else {
        return None;
    };
    Some((keys, items))
}

/// `rows` in the order a bound plan's result is printed: its ORDER BY with
/// ties broken stably, or the stable order alone. A result sorted by a key
/// outside the select list keeps the order it came in (the lowering breaks
/// its ties by the selected columns).
pub fn for_plan(plan: &LogicalPlan, rows: Vec<RecordBatch>) -> Result<Vec<RecordBatch>, ArrowError> {
    let Some((keys, items)) = order_by(plan) else {
        return stable(rows, &[]);
    };
    let explicit: Option<Vec<Key>> = keys
        .iter()
        .map(|k| {
            Some(Key {
                column: items.iter().position(|i| i.expr == k.expr)?,
                descending: k.descending,
            })
        })
        .collect();
    match explicit {
        Some(keys) => stable(rows, &keys),
        None => Ok(rows),
    }
}

/// Compares two rows by all of `keys`, as sorting by their [`sort_columns`]
/// and then by each text itself would, without building collation keys
/// (it serves the few rows whose first keys tie).
fn comparator(batch: &RecordBatch, keys: &[Key]) -> Result<impl Fn(usize, usize) -> Ordering, ArrowError> {
    let mut compare: Vec<DynComparator> = Vec::with_capacity(keys.len());
    for k in keys {
        let options = k.options();
        let values = batch.column(k.column);
        compare.push(match text(values)? {
            Some(text) => Box::new(move |a, b| {
                let text = text.as_string::<i32>();
                match (text.is_valid(a), text.is_valid(b)) {
                    (false, false) => Ordering::Equal,
                    (false, true) if options.nulls_first => Ordering::Less,
                    (false, true) => Ordering::Greater,
                    (true, false) if options.nulls_first => Ordering::Greater,
                    (true, false) => Ordering::Less,
                    (true, true) => {
                        let (x, y) = (text.value(a), text.value(b));
                        let o = cmp_ci(x, y).then_with(|| x.cmp(y));
                        if options.descending { o.reverse() } else { o }
                    }
                }
            }),
            None => make_comparator(values.as_ref(), values.as_ref(), options)?,
        });
    }
    Ok(move |a, b| {
        compare
            .iter()
            .map(|c| c(a, b))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    })
}

/// The arrays `keys` sort by: a text column's collation key.
fn sort_columns(batch: &RecordBatch, keys: &[Key]) -> Result<Vec<SortColumn>, ArrowError> {
    keys.iter()
        .map(|k| {
            let values = batch.column(k.column);
            Ok(SortColumn {
                values: text(values)?.map_or_else(|| values.clone(), |t| collation_keys(&t)),
                options: Some(k.options()),
            })
        })
        .collect()
}

/// A text column (plain or dictionary-encoded) as plain UTF-8; `None` for
/// other types.
fn text(values: &ArrayRef) -> Result<Option<ArrayRef>, ArrowError> {
    let is_text = |t: &DataType| matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View);
    match values.data_type() {
        DataType::Utf8 => Ok(Some(values.clone())),
        t if is_text(t) => cast(values, &DataType::Utf8).map(Some),
        DataType::Dictionary(_, v) if is_text(v) => cast(values, &DataType::Utf8).map(Some),
        _ => Ok(None),
    }
}

/// Each value's comparison key under the collation.
fn collation_keys(text: &ArrayRef) -> ArrayRef {
    let text = text.as_string::<i32>();
    let mut out = StringBuilder::with_capacity(text.len(), text.value_data().len());
    let mut key = String::new();
    for v in text.iter() {
        match v {
            Some(v) => {
                ci_key_into(v, &mut key);
                out.append_value(&key);
            }
            None => out.append_null(),
        }
    }
    std::sync::Arc::new(out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{Int32Array, StringArray};
    use datafusion::arrow::datatypes::{Field, Schema};
    use std::sync::Arc;

    fn batch(ids: &[Option<i32>], names: &[Option<&str>]) -> RecordBatch {
        let schema = Arc::new(Schema::new(vec![
            Field::new("Name", DataType::Utf8, true),
            Field::new("SMS_R_System.ResourceID", DataType::Int32, true),
        ]));
        let columns: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from(names.to_vec())),
            Arc::new(Int32Array::from(ids.to_vec())),
        ];
        RecordBatch::try_new(schema, columns).unwrap_or_else(|e| panic!("{e}"))
    }

    fn rows(batches: &[RecordBatch]) -> Vec<(Option<i32>, Option<String>)> {
        let mut out = Vec::new();
        for b in batches {
            let names = b.column(0).as_string::<i32>();
            let ids = b.column(1).as_primitive::<datafusion::arrow::datatypes::Int32Type>();
            for r in 0..b.num_rows() {
                out.push((
                    ids.is_valid(r).then(|| ids.value(r)),
                    names.is_valid(r).then(|| names.value(r).to_string()),
                ));
            }
        }
        out
    }

    #[test]
    fn the_resource_id_leads_whatever_its_position_and_batching() {
        let a = batch(&[Some(3), Some(1)], &[Some("a"), Some("c")]);
        let b = batch(&[Some(2), None], &[Some("b"), Some("d")]);
        let sorted = stable(vec![b, a], &[]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            rows(&sorted),
            vec![
                (None, Some("d".into())),
                (Some(1), Some("c".into())),
                (Some(2), Some("b".into())),
                (Some(3), Some("a".into())),
            ]
        );
    }

    #[test]
    fn text_sorts_case_insensitively_with_exact_characters_breaking_ties() {
        let b = batch(
            &[Some(1), Some(1), Some(1), Some(1), Some(1)],
            &[Some("b"), Some("A "), Some("a"), None, Some("B")],
        );
        let sorted = stable(vec![b], &[]).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<Option<String>> = rows(&sorted).into_iter().map(|r| r.1).collect();
        // NULL first; 'A ', 'a' share a key, as do 'B', 'b'; bytes break the ties.
        assert_eq!(
            names,
            vec![
                None,
                Some("A ".into()),
                Some("a".into()),
                Some("B".into()),
                Some("b".into())
            ]
        );
    }

    #[test]
    fn an_explicit_key_comes_first_and_the_stable_order_breaks_its_ties() {
        let b = batch(
            &[Some(4), Some(2), Some(3), Some(1)],
            &[Some("x"), Some("y"), Some("x"), Some("y")],
        );
        let key = Key {
            column: 0,
            descending: true,
        };
        let sorted = stable(vec![b], &[key]).unwrap_or_else(|e| panic!("{e}"));
        let ids: Vec<Option<i32>> = rows(&sorted).into_iter().map(|r| r.0).collect();
        assert_eq!(ids, vec![Some(1), Some(2), Some(3), Some(4)]);
    }

    /// The first column's texts, batch after batch.
    fn first_column(batches: &[RecordBatch]) -> Vec<Option<String>> {
        batches
            .iter()
            .flat_map(|b| {
                b.column(0)
                    .as_string::<i32>()
                    .iter()
                    .map(|v| v.map(str::to_string))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Texts longer than the 16-byte head, sharing it, differing in case
    /// and trailing blanks, with NULLs; ascending and descending.
    #[test]
    fn a_lone_text_column_sorts_by_its_whole_collation_key() {
        let texts: Vec<Option<&str>> = vec![
            Some("WORKSTATION-LONDON-0002"),
            None,
            Some("workstation-london-0001"),
            Some("WORKSTATION-LONDON-0001"),
            Some("b"),
            Some("B "),
            Some(""),
            Some("Workstation-London-0001x"),
            None,
            Some("a"),
            Some("ÉCOLE-ST-MARTIN-0001"),
            Some("école-st-martin-0001"),
            Some("Zoë"),
            Some("ZOË "),
            Some("zoe"),
        ];
        let schema = Arc::new(Schema::new(vec![Field::new("Name", DataType::Utf8, true)]));
        let batch = RecordBatch::try_new(schema, vec![Arc::new(StringArray::from(texts.clone())) as ArrayRef])
            .unwrap_or_else(|e| panic!("{e}"));
        let mut expected: Vec<Option<String>> = texts.iter().map(|t| t.map(str::to_string)).collect();
        expected.sort_by(|a, b| match (a, b) {
            (Some(a), Some(b)) => crate::lower::collation::ci_key(a)
                .cmp(&crate::lower::collation::ci_key(b))
                .then(a.cmp(b)),
            (a, b) => a.is_some().cmp(&b.is_some()),
        });
        let up = stable(vec![batch.clone()], &[]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(first_column(&up), expected);
        let key = Key {
            column: 0,
            descending: true,
        };
        let down = stable(vec![batch], &[key]).unwrap_or_else(|e| panic!("{e}"));
        // Descending by the collation key, then by the exact text; NULLs last.
        let mut expected_down = expected.clone();
        expected_down.sort_by(|a, b| match (a, b) {
            (Some(a), Some(b)) => crate::lower::collation::ci_key(b)
                .cmp(&crate::lower::collation::ci_key(a))
                .then(b.cmp(a)),
            (a, b) => b.is_some().cmp(&a.is_some()),
        });
        assert_eq!(first_column(&down), expected_down);
    }

    /// Enough rows to be sorted on two threads: the same order as sorting
    /// them one by one by collation key and then exact text, both ways.
    #[test]
    fn many_rows_sort_as_their_collation_keys_do() {
        let stems = ["desktop-", "DESKTOP-", "Laptop-Élan-", "laptop-élan-", "SRV ", "", "zz"];
        let texts: Vec<Option<String>> = (0..100_003u32)
            .map(|i| {
                let n = i.wrapping_mul(2_654_435_761) % 50_000;
                match n % 97 {
                    0 => None,
                    _ => Some(format!(
                        "{}{:05}{}",
                        stems[(n % 7) as usize],
                        n / 3,
                        " ".repeat((n % 3) as usize)
                    )),
                }
            })
            .collect();
        let schema = Arc::new(Schema::new(vec![Field::new("Name", DataType::Utf8, true)]));
        let array = StringArray::from(texts.iter().map(Option::as_deref).collect::<Vec<_>>());
        let batch = RecordBatch::try_new(schema, vec![Arc::new(array) as ArrayRef]).unwrap_or_else(|e| panic!("{e}"));
        let key = |t: &Option<String>| {
            t.as_deref()
                .map(|t| (crate::lower::collation::ci_key(t), t.to_string()))
        };
        for descending in [false, true] {
            let sorted =
                stable(vec![batch.clone()], &[Key { column: 0, descending }]).unwrap_or_else(|e| panic!("{e}"));
            let got = first_column(&sorted);
            let mut expected = texts.clone();
            // NULLs first ascending and last descending, as `None` sorts.
            expected.sort_by_key(key);
            if descending {
                expected.reverse();
            }
            assert_eq!(got.len(), expected.len());
            assert!(got == expected, "descending: {descending}");
        }
    }
}
