//! Integer columns whose values rise strictly from row to row, such as
//! ResourceID in the device table when its rows are written in key order.
//! Every value of such a column is distinct and none is NULL, so a DISTINCT
//! over the view's rows that keeps the column removes nothing (see
//! [`crate::lower`]). Found as a snapshot's rows are written and recorded in
//! its manifest; found again for views held in memory.

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{DataType, Int32Type, Int64Type, Schema};
use datafusion::arrow::record_batch::RecordBatch;

/// Follows a view's integer columns batch by batch.
#[derive(Debug)]
pub struct Ascending {
    columns: Vec<Rising>,
}

#[derive(Debug)]
struct Rising {
    index: usize,
    name: String,
    last: Option<i64>,
    rising: bool,
}

impl Ascending {
    /// Follows every Int32 and Int64 column of `schema`.
    pub fn new(schema: &Schema) -> Ascending {
        let columns = schema
            .fields()
            .iter()
            .enumerate()
            .filter(|(_, f)| matches!(f.data_type(), DataType::Int32 | DataType::Int64))
            .map(|(index, f)| Rising {
                index,
                name: f.name().clone(),
                last: None,
                rising: true,
            })
            .collect();
        Ascending { columns }
    }

    /// The columns of `batches` (rows in order) that rise strictly.
    pub fn of(schema: &Schema, batches: &[RecordBatch]) -> Vec<String> {
        let mut a = Ascending::new(schema);
        batches.iter().for_each(|b| a.observe(b));
        a.columns()
    }

    /// Takes the next rows into account.
    pub fn observe(&mut self, batch: &RecordBatch) {
        for c in self.columns.iter_mut().filter(|c| c.rising) {
            let Some(array) = batch.columns().get(c.index) else {
                c.rising = false;
                continue;
            };
            c.rising = array.null_count() == 0
                && match array.data_type() {
                    DataType::Int32 => rises(
                        array.as_primitive::<Int32Type>().values().iter().map(|&v| i64::from(v)),
                        &mut c.last,
                    ),
                    DataType::Int64 => rises(array.as_primitive::<Int64Type>().values().iter().copied(), &mut c.last),
                    _ => false,
                };
        }
    }

    /// The columns whose values have risen strictly so far.
    pub fn columns(self) -> Vec<String> {
        self.columns.into_iter().filter(|c| c.rising).map(|c| c.name).collect()
    }
}

/// Whether `values` rise strictly, each above `last`, which becomes the final value.
fn rises(values: impl Iterator<Item = i64>, last: &mut Option<i64>) -> bool {
    for v in values {
        if last.is_some_and(|l| v <= l) {
            return false;
        }
        *last = Some(v);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{Int32Array, Int64Array, StringArray};
    use datafusion::arrow::datatypes::Field;
    use std::sync::Arc;

    fn batch(ids: Vec<Option<i32>>, counts: Vec<i64>) -> RecordBatch {
        let names: Vec<&str> = ids.iter().map(|_| "x").collect();
        RecordBatch::try_from_iter([
            ("ResourceID", Arc::new(Int32Array::from(ids)) as Arc<dyn Array>),
            ("Name0", Arc::new(StringArray::from(names))),
            ("Count", Arc::new(Int64Array::from(counts))),
        ])
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn schema() -> Schema {
        Schema::new(vec![
            Field::new("ResourceID", DataType::Int32, true),
            Field::new("Name0", DataType::Utf8, true),
            Field::new("Count", DataType::Int64, false),
        ])
    }

    #[test]
    fn a_column_rising_across_batches_is_found_and_text_is_not_followed() {
        let b = [
            batch(vec![Some(1), Some(5)], vec![3, 3]),
            batch(vec![Some(6), Some(90)], vec![4, 9]),
        ];
        assert_eq!(Ascending::of(&schema(), &b), ["ResourceID"]);
    }

    #[test]
    fn a_repeat_a_fall_or_a_null_anywhere_disqualifies() {
        // A value repeated across the batch boundary.
        let repeat = [batch(vec![Some(1), Some(5)], vec![1, 2]), batch(vec![Some(5)], vec![3])];
        assert_eq!(Ascending::of(&schema(), &repeat), ["Count"]);
        let fall = [batch(vec![Some(2), Some(1)], vec![1, 2])];
        assert_eq!(Ascending::of(&schema(), &fall), ["Count"]);
        let null = [batch(vec![Some(1), None], vec![1, 2])];
        assert_eq!(Ascending::of(&schema(), &null), ["Count"]);
    }

    #[test]
    fn no_rows_rise_trivially() {
        assert_eq!(Ascending::of(&schema(), &[]), ["ResourceID", "Count"]);
    }
}
