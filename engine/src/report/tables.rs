//! Temp tables (`#t`) and table variables (`@t`) of a report: rows in
//! memory for the run, never written anywhere. Names are lower case, as the
//! parser folds them.

use datafusion::arrow::array::{Array, ArrayRef, UInt64Array};
use datafusion::arrow::compute::{CastOptions, cast_with_options};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::arrow::util::display::FormatOptions;
use datafusion::catalog::TableProvider;
use datafusion::datasource::MemTable;
use datafusion::sql::sqlparser::ast::{DataType as SqlType, Expr};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The hidden column of row numbers a table has while an UPDATE or DELETE
/// finds its rows (a name no T-SQL identifier can take unbracketed).
pub const ROW: &str = "wqlkit row";

/// One table.
#[derive(Debug, Clone)]
pub struct TempTable {
    /// Columns (lower-case names, all nullable).
    pub schema: SchemaRef,
    /// Each column's declared T-SQL type; `None` for a column made by `SELECT … INTO`.
    pub declared: Vec<Option<SqlType>>,
    /// Whether each column was declared NOT NULL.
    pub not_null: Vec<bool>,
    /// Each column's `DEFAULT` expression, used when an INSERT leaves the column out.
    pub defaults: Vec<Option<Expr>>,
    /// The `IDENTITY` column, if the table has one.
    pub identity: Option<Identity>,
    /// The rows, in the table's schema.
    pub batches: Vec<RecordBatch>,
}

/// An `IDENTITY(seed, increment)` column: the values an INSERT gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    /// The column's position in the table.
    pub column: usize,
    /// The value the next inserted row takes.
    pub next: i64,
    /// What each row adds.
    pub increment: i64,
}

impl Identity {
    /// The values of `rows` new rows, moving the counter past them.
    pub fn take(&mut self, rows: usize) -> Vec<i64> {
        let values = (0..rows as i64).map(|k| self.next + k * self.increment).collect();
        self.next += rows as i64 * self.increment;
        values
    }
}

impl TempTable {
    /// An empty table.
    pub fn new(schema: SchemaRef, declared: Vec<Option<SqlType>>) -> TempTable {
        let fields: Vec<Field> = schema
            .fields()
            .iter()
            .map(|f| f.as_ref().clone().with_nullable(true))
            .collect();
        TempTable {
            schema: Arc::new(Schema::new(fields)),
            not_null: vec![false; declared.len()],
            defaults: vec![None; declared.len()],
            identity: None,
            declared,
            batches: Vec::new(),
        }
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    /// `columns` (one array per column of the table, in order) as rows of
    /// the table named `name`: see [`TempTable::conform_column`].
    pub fn conform(&self, name: &str, columns: Vec<ArrayRef>) -> Result<RecordBatch, String> {
        let columns = columns
            .into_iter()
            .enumerate()
            .map(|(i, a)| self.conform_column(name, i, a))
            .collect::<Result<Vec<_>, _>>()?;
        RecordBatch::try_new(self.schema.clone(), columns).map_err(|e| e.to_string())
    }

    /// Values for column `i`, converted to its type and checked against its
    /// declaration (length, NOT NULL) as SQL Server checks them.
    pub fn conform_column(&self, name: &str, i: usize, array: ArrayRef) -> Result<ArrayRef, String> {
        let field = self.schema.field(i);
        let options = CastOptions {
            safe: false,
            format_options: FormatOptions::default(),
        };
        let array = if array.data_type() == field.data_type() {
            array
        } else {
            cast_with_options(&array, field.data_type(), &options).map_err(|e| {
                let e = e.to_string();
                if e.to_lowercase().contains("overflow") {
                    format!(
                        "arithmetic overflow converting a value for column '{}' of {name} to {}",
                        field.name(),
                        self.type_name(i)
                    )
                } else {
                    format!("cannot convert a value for column '{}' of {name}: {e}", field.name())
                }
            })?
        };
        if self.not_null[i] && array.null_count() > 0 {
            return Err(format!(
                "cannot insert NULL into column '{}' of {name}, which is NOT NULL",
                field.name()
            ));
        }
        if let Some(declared) = &self.declared[i] {
            check_range(&array, declared, name, field.name())?;
        }
        match self.declared[i].as_ref().and_then(text_limit) {
            Some(limit) => fit_length(array, limit, name, field.name()),
            None => Ok(array),
        }
    }

    fn type_name(&self, i: usize) -> String {
        self.declared[i]
            .as_ref()
            .map_or_else(|| self.schema.field(i).data_type().to_string(), |t| t.to_string())
    }
}

/// The declared length in characters of a text type (`varchar(10)` → 10;
/// `max` or no text type → `None`). `varchar` without a length is `varchar(1)`.
fn text_limit(t: &SqlType) -> Option<usize> {
    use datafusion::sql::sqlparser::ast::CharacterLength;
    let length = match t {
        SqlType::Varchar(l) | SqlType::Nvarchar(l) | SqlType::Char(l) | SqlType::Character(l) => l.as_ref(),
        SqlType::Custom(name, args)
            if matches!(
                name.to_string().to_lowercase().as_str(),
                "nchar" | "nvarchar" | "varchar"
            ) =>
        {
            return match args.first() {
                Some(n) => n.parse().ok(),
                None => Some(1),
            };
        }
        _ => return None,
    };
    match length {
        None => Some(1),
        Some(CharacterLength::IntegerLength { length, .. }) => usize::try_from(*length).ok(),
        Some(CharacterLength::Max) => None,
    }
}

/// SQL Server refuses a value longer than its column, but drops trailing
/// blanks beyond the length silently: the stored value is cut to the length.
fn fit_length(array: ArrayRef, limit: usize, table: &str, column: &str) -> Result<ArrayRef, String> {
    let Some(text) = array.as_any().downcast_ref::<datafusion::arrow::array::StringArray>() else {
        return Ok(array);
    };
    let mut cut = false;
    for v in text.iter().flatten() {
        if v.chars().count() > limit {
            let kept = v.trim_end_matches(' ');
            if kept.chars().count() > limit {
                let shown: String = kept.chars().take(limit).collect();
                return Err(format!(
                    "string or binary data would be truncated in table '{table}', column '{column}' \
                     (declared for {limit} characters). Truncated value: '{shown}'"
                ));
            }
            cut = true;
        }
    }
    if !cut {
        return Ok(array);
    }
    let fitted: datafusion::arrow::array::StringArray = text
        .iter()
        .map(|v| v.map(|v| v.chars().take(limit).collect::<String>()))
        .collect();
    Ok(Arc::new(fitted))
}

/// The range of an integer type narrower than the Arrow type that holds it
/// (`tinyint`, 0–255, is held in an Int16).
fn check_range(array: &ArrayRef, declared: &SqlType, table: &str, column: &str) -> Result<(), String> {
    if !matches!(declared, SqlType::TinyInt(_)) {
        return Ok(());
    }
    let Ok(wide) = datafusion::arrow::compute::cast(array, &DataType::Int64) else {
        return Ok(());
    };
    let values = wide
        .as_any()
        .downcast_ref::<datafusion::arrow::array::Int64Array>()
        .map(|a| a.iter().flatten().collect::<Vec<i64>>())
        .unwrap_or_default();
    if let Some(v) = values.into_iter().find(|v| !(0..=255).contains(v)) {
        return Err(format!(
            "arithmetic overflow converting {v} for column '{column}' of {table} to tinyint (0 to 255)"
        ));
    }
    Ok(())
}

/// The temp tables and table variables of one report run.
#[derive(Debug, Clone, Default)]
pub struct TempTables {
    inner: Arc<Mutex<State>>,
}

#[derive(Debug, Default)]
struct State {
    tables: HashMap<String, TempTable>,
    /// The table that shows [`ROW`] at the moment.
    numbered: Option<String>,
}

impl TempTables {
    /// Whether `name` names a temp table or table variable rather than a view.
    pub fn is_temp(name: &str) -> bool {
        name.starts_with('#') || name.starts_with('@')
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether the table exists.
    pub fn contains(&self, name: &str) -> bool {
        self.state().tables.contains_key(name)
    }

    /// A copy of the table (its batches are shared, not copied).
    pub fn get(&self, name: &str) -> Option<TempTable> {
        self.state().tables.get(name).cloned()
    }

    /// Creates or replaces the table.
    pub fn put(&self, name: &str, table: TempTable) {
        self.state().tables.insert(name.to_string(), table);
    }

    /// Drops the table; whether it existed.
    pub fn remove(&self, name: &str) -> bool {
        self.state().tables.remove(name).is_some()
    }

    /// `GO`: table variables end with their batch; temp tables last the script.
    pub fn end_batch(&self) {
        self.state().tables.retain(|name, _| !name.starts_with('@'));
    }

    /// Shows [`ROW`] on `name` (or on no table).
    pub fn number(&self, name: Option<&str>) {
        self.state().numbered = name.map(str::to_string);
    }

    /// The table as DataFusion reads it.
    pub fn provider(&self, name: &str) -> datafusion::common::Result<Option<Arc<dyn TableProvider>>> {
        let state = self.state();
        let Some(t) = state.tables.get(name) else {
            return Ok(None);
        };
        if state.numbered.as_deref() != Some(name) {
            return Ok(Some(Arc::new(MemTable::try_new(
                t.schema.clone(),
                vec![t.batches.clone()],
            )?)));
        }
        let mut fields: Vec<Field> = t.schema.fields().iter().map(|f| f.as_ref().clone()).collect();
        fields.push(Field::new(ROW, DataType::UInt64, false));
        let schema = Arc::new(Schema::new(fields));
        let mut first = 0u64;
        let mut batches = Vec::with_capacity(t.batches.len());
        for b in &t.batches {
            let n = b.num_rows() as u64;
            let mut columns = b.columns().to_vec();
            columns.push(Arc::new(UInt64Array::from_iter_values(first..first + n)));
            first += n;
            batches.push(RecordBatch::try_new(schema.clone(), columns)?);
        }
        Ok(Some(Arc::new(MemTable::try_new(schema, vec![batches])?)))
    }
}
