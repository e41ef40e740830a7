//! Reading whole columns of collected record batches by name, whatever the
//! column's Arrow type: the collection views come from snapshots written by
//! other tools as well as from the demo fleet.

use crate::error::{EngineError, Result};
use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::arrow::record_batch::RecordBatch;

/// Collected batches of one view.
pub(crate) struct Table {
    batches: Vec<RecordBatch>,
}

impl Table {
    pub(crate) fn new(batches: Vec<RecordBatch>) -> Table {
        Table { batches }
    }

    fn columns(&self, name: &str, to: &DataType) -> Result<Vec<Option<ArrayRef>>> {
        self.batches
            .iter()
            .map(|b| {
                let Some(i) = b
                    .schema()
                    .fields()
                    .iter()
                    .position(|f| f.name().eq_ignore_ascii_case(name))
                else {
                    return Ok(None);
                };
                let col = b.column(i);
                Ok(Some(if col.data_type() == to {
                    col.clone()
                } else {
                    cast(col, to).map_err(|e| EngineError::Invalid(format!("column {name}: {e}")))?
                }))
            })
            .collect()
    }

    fn rows(&self) -> usize {
        self.batches.iter().map(|b| b.num_rows()).sum()
    }

    /// Every value of `name` as text (NULL or a missing column: `None`).
    pub(crate) fn strs(&self, name: &str) -> Result<Vec<Option<String>>> {
        let mut out = Vec::with_capacity(self.rows());
        for (b, c) in self.batches.iter().zip(self.columns(name, &DataType::Utf8)?) {
            match c {
                Some(c) => {
                    let c = c.as_string::<i32>();
                    out.extend((0..c.len()).map(|r| (!c.is_null(r)).then(|| c.value(r).to_string())));
                }
                None => out.extend(std::iter::repeat_n(None, b.num_rows())),
            }
        }
        Ok(out)
    }

    /// Every value of `name` as an integer (NULL, a missing column or text
    /// that is not a number: `None`).
    pub(crate) fn ints(&self, name: &str) -> Result<Vec<Option<i64>>> {
        let mut out = Vec::with_capacity(self.rows());
        for (b, c) in self.batches.iter().zip(self.columns(name, &DataType::Int64)?) {
            match c {
                Some(c) => {
                    let c = c.as_primitive::<Int64Type>();
                    out.extend((0..c.len()).map(|r| (!c.is_null(r)).then(|| c.value(r))));
                }
                None => out.extend(std::iter::repeat_n(None, b.num_rows())),
            }
        }
        Ok(out)
    }
}
