//! Statements on a report's own tables: `CREATE TABLE #t`, `DECLARE @t
//! TABLE`, `SELECT … INTO`, `INSERT`, `UPDATE`, `DELETE`, `TRUNCATE TABLE` and
//! `DROP TABLE` on temp tables and table variables, and `OBJECT_ID`. A view
//! of the snapshot is never changed: such a statement is an error naming it.
//!
//! UPDATE and DELETE find their rows with a query over the statement's own
//! FROM and WHERE in which the target table shows a hidden row number
//! ([`tables::ROW`]); the new values are computed by that query too, so every
//! SET expression reads the row as it was, as SQL Server's do.

use super::batch::{ROWCOUNT, ResultSet, Runner, select_of};
use super::expr::{cast, number};
use super::tables::{self, Identity, TempTable, TempTables};
use datafusion::arrow::array::{Array, ArrayRef, BooleanArray, UInt64Array};
use datafusion::arrow::compute::{concat_batches, filter_record_batch, interleave};
use datafusion::arrow::datatypes::{Field, Schema};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::common::ScalarValue;
use datafusion::sql::sqlparser::ast::{
    AssignmentTarget, CharacterLength, ColumnDef, ColumnOption, CreateTable, DataType, Delete, Expr, FromTable,
    Function, Ident, IdentityParameters, IdentityPropertyFormatKind, IdentityPropertyKind, Insert, ObjectName,
    ObjectType, Query, SelectItem, SetExpr, Statement, TableAlias, TableFactor, TableObject, TableWithJoins,
    UnaryOperator, Update, UpdateTableFromKind, Value, VisitMut, VisitorMut,
};
use std::collections::HashMap;
use std::ops::ControlFlow;
use std::sync::Arc;
use wqlkit_core::{Code, Diagnostic, Diagnostics, Span};

/// Whether a query is `SELECT … INTO table`.
pub(super) fn selects_into(q: &Query) -> bool {
    matches!(&*q.body, SetExpr::Select(s) if s.into.is_some())
}

/// The lower-case name a statement gives a table (`tempdb..#t` and `dbo.x` by their last part).
fn table_name(name: &ObjectName) -> String {
    name.0
        .last()
        .and_then(|p| p.as_ident())
        .map_or_else(|| name.to_string(), |i| i.value.to_lowercase())
}

/// The type a column is stored in: text types without their length, which
/// [`TempTable::conform`] checks instead (a CAST would cut the value silently).
fn storage_type(t: &DataType) -> DataType {
    match t {
        DataType::Varchar(_) | DataType::Nvarchar(_) | DataType::Char(_) | DataType::Character(_) => {
            DataType::Nvarchar(Some(CharacterLength::Max))
        }
        DataType::Custom(name, _)
            if matches!(
                name.to_string().to_lowercase().as_str(),
                "nchar" | "nvarchar" | "varchar"
            ) =>
        {
            DataType::Nvarchar(Some(CharacterLength::Max))
        }
        other => other.clone(),
    }
}

fn writes_view(verb: &str, name: &str, span: Span) -> Diagnostics {
    Diagnostic::error(
        Code::SqlWritesView,
        span,
        format!("{verb} would change {name}, which is not a temp table or table variable; a snapshot is never changed"),
    )
    .with_help("stage rows in a temp table (#name) or a table variable (@name)")
    .into()
}

fn missing(name: &str, span: Span) -> Diagnostics {
    Diagnostic::error(Code::SqlTempTable, span, format!("there is no table {name}"))
        .with_help(format!(
            "create it first: CREATE TABLE {name} (…), DECLARE {name} TABLE (…) or SELECT … INTO {name}"
        ))
        .into()
}

fn exists_already(name: &str, span: Span) -> Diagnostics {
    Diagnostic::error(
        Code::SqlTempTable,
        span,
        format!("there is already a table named {name}"),
    )
    .with_help(format!(
        "drop it first: DROP TABLE IF EXISTS {name}, or IF OBJECT_ID('tempdb..{name}') IS NOT NULL DROP TABLE {name}"
    ))
    .into()
}

fn temp_error(message: String, span: Span) -> Diagnostics {
    Diagnostic::error(Code::SqlTempTable, span, message).into()
}

/// `SELECT <items> FROM <from> [WHERE <selection>]`.
fn select_from(items: Vec<Expr>, from: Vec<TableWithJoins>, selection: Option<Expr>) -> Statement {
    let mut stmt = select_of(items);
    if let Statement::Query(q) = &mut stmt
        && let SetExpr::Select(s) = &mut *q.body
    {
        s.from = from;
        s.selection = selection;
    }
    stmt
}

/// A table in a FROM clause.
fn table_factor(name: &str) -> TableWithJoins {
    TableWithJoins {
        relation: wqlkit_wql::tsql::table_factor(name, None),
        joins: vec![],
    }
}

/// The alias a table variable is read under by UPDATE and DELETE.
const TARGET: &str = "wqlkit_target";

/// `qualifier.[wqlkit row]`.
fn row_column(qualifier: &str) -> Expr {
    Expr::CompoundIdentifier(vec![Ident::new(qualifier), Ident::with_quote('[', tables::ROW)])
}

/// The table a name or alias of `from` stands for.
fn resolve_target(target: &str, from: &[TableWithJoins]) -> Option<String> {
    let mut found = None;
    for twj in from {
        for factor in std::iter::once(&twj.relation).chain(twj.joins.iter().map(|j| &j.relation)) {
            if let TableFactor::Table { name, .. } = factor
                && super::lints::reference(factor).as_deref() == Some(target)
            {
                found = Some(table_name(name));
            }
        }
    }
    found
}

impl Runner<'_> {
    pub(super) fn set_rowcount(&mut self, n: usize) {
        self.vars
            .set(ROWCOUNT, ScalarValue::Int32(Some(i32::try_from(n).unwrap_or(i32::MAX))));
    }

    fn temps(&self) -> &TempTables {
        &self.session.temps
    }

    fn table(&self, name: &str, span: Span) -> Result<TempTable, Diagnostics> {
        self.temps().get(name).ok_or_else(|| missing(name, span))
    }

    /// `CREATE TABLE #t (…)`.
    pub(super) async fn create_table(&mut self, c: &CreateTable, span: Span) -> Result<(), Diagnostics> {
        let name = table_name(&c.name);
        if !TempTables::is_temp(&name) {
            return Err(writes_view("CREATE TABLE", &c.name.to_string(), span));
        }
        if c.query.is_some() {
            return Err(Diagnostic::error(
                Code::SqlUnsupported,
                span,
                "CREATE TABLE … AS SELECT is not T-SQL; use SELECT … INTO",
            )
            .into());
        }
        self.new_table(&name, &c.columns, span).await
    }

    /// `DECLARE @t TABLE (…)`.
    pub(super) async fn declare_table(
        &mut self,
        name: &str,
        columns: &[ColumnDef],
        span: Span,
    ) -> Result<(), Diagnostics> {
        self.new_table(&name.to_lowercase(), columns, span).await
    }

    async fn new_table(&mut self, name: &str, columns: &[ColumnDef], span: Span) -> Result<(), Diagnostics> {
        if self.temps().contains(name) {
            return Err(exists_already(name, span));
        }
        if columns.is_empty() {
            return Err(temp_error(format!("{name} needs at least one column"), span));
        }
        // Each column's type as CAST makes it, so that values convert as the server converts them.
        let probe: Vec<Expr> = columns
            .iter()
            .map(|c| cast(Expr::Value(Value::Null.with_empty_span()), storage_type(&c.data_type)))
            .collect();
        let mut stmt = select_of(probe);
        if let Statement::Query(q) = &mut stmt
            && let SetExpr::Select(s) = &mut *q.body
        {
            for (i, item) in s.projection.iter_mut().enumerate() {
                if let SelectItem::UnnamedExpr(e) = item {
                    *item = SelectItem::ExprWithAlias {
                        expr: e.clone(),
                        alias: Ident::new(format!("c{i}")),
                    };
                }
            }
        }
        let (_, schema) = self.query_rows(stmt, span).await?;
        let fields: Vec<Field> = columns
            .iter()
            .zip(schema.fields())
            .map(|(c, f)| Field::new(c.name.value.to_lowercase(), f.data_type().clone(), true))
            .collect();
        let mut table = TempTable::new(
            Arc::new(Schema::new(fields)),
            columns.iter().map(|c| Some(c.data_type.clone())).collect(),
        );
        table.not_null = columns
            .iter()
            .map(|c| c.options.iter().any(|o| matches!(o.option, ColumnOption::NotNull)))
            .collect();
        for (i, c) in columns.iter().enumerate() {
            for o in &c.options {
                match &o.option {
                    ColumnOption::Default(e) => table.defaults[i] = Some(e.clone()),
                    ColumnOption::Identity(kind) => {
                        if table.identity.is_some() {
                            return Err(temp_error(
                                format!("multiple identity columns specified for table {name}; only one is allowed"),
                                span,
                            ));
                        }
                        let (next, increment) = identity_parameters(kind).ok_or_else(|| {
                            temp_error(
                                format!(
                                    "IDENTITY of column {} of {name} takes two whole numbers: IDENTITY(seed, increment)",
                                    c.name.value
                                ),
                                span,
                            )
                        })?;
                        table.identity = Some(Identity {
                            column: i,
                            next,
                            increment,
                        });
                    }
                    _ => {}
                }
            }
        }
        self.temps().put(name, table);
        Ok(())
    }

    /// `SELECT … INTO #t FROM …`: a new table with the query's columns and rows.
    pub(super) async fn select_into(&mut self, mut q: Query, span: Span) -> Result<(), Diagnostics> {
        let SetExpr::Select(s) = &mut *q.body else {
            return Ok(());
        };
        let Some(into) = s.into.take() else {
            return Ok(());
        };
        let name = table_name(&into.name);
        if !TempTables::is_temp(&name) {
            return Err(writes_view("SELECT … INTO", &into.name.to_string(), span));
        }
        if self.temps().contains(&name) {
            return Err(exists_already(&name, span));
        }
        if let Some(i) = s.projection.iter().position(|item| {
            matches!(item, SelectItem::UnnamedExpr(e) if !matches!(e, Expr::Identifier(_) | Expr::CompoundIdentifier(_)))
        }) {
            return Err(Diagnostic::error(
                Code::SqlInvalid,
                span,
                format!("column {} of SELECT … INTO {name} has no name", i + 1),
            )
            .with_help("name it: expression AS Name")
            .into());
        }
        let (set, schema) = self.query_rows(Statement::Query(Box::new(q)), span).await?;
        let mut table = TempTable::new(schema, vec![None; set.columns.len()]);
        let rows = set.batches.iter().map(RecordBatch::num_rows).sum();
        for b in set.batches {
            let b = table
                .conform(&name, b.columns().to_vec())
                .map_err(|m| temp_error(m, span))?;
            table.batches.push(b);
        }
        self.temps().put(&name, table);
        self.set_rowcount(rows);
        Ok(())
    }

    /// DROP, TRUNCATE, INSERT, UPDATE and DELETE.
    pub(super) async fn change(&mut self, stmt: Statement, span: Span) -> Result<(), Diagnostics> {
        match stmt {
            Statement::Drop {
                object_type,
                if_exists,
                names,
                ..
            } => {
                for n in &names {
                    let name = table_name(n);
                    if object_type != ObjectType::Table || !TempTables::is_temp(&name) {
                        return Err(writes_view(&format!("DROP {object_type}"), &n.to_string(), span));
                    }
                    if !self.temps().remove(&name) && !if_exists {
                        return Err(missing(&name, span));
                    }
                }
                Ok(())
            }
            Statement::Truncate(t) => {
                for target in &t.table_names {
                    let name = table_name(&target.name);
                    if !TempTables::is_temp(&name) {
                        return Err(writes_view("TRUNCATE TABLE", &target.name.to_string(), span));
                    }
                    let mut table = self.table(&name, span)?;
                    table.batches.clear();
                    self.temps().put(&name, table);
                }
                Ok(())
            }
            Statement::Insert(i) => self.insert(i, span).await,
            Statement::Update(u) => self.update(u, span).await,
            Statement::Delete(d) => self.delete(d, span).await,
            _ => Ok(()),
        }
    }

    /// `INSERT [INTO] t [(columns)] SELECT …|VALUES …`.
    async fn insert(&mut self, i: Insert, span: Span) -> Result<(), Diagnostics> {
        let TableObject::TableName(target) = &i.table else {
            return Err(Diagnostic::error(
                Code::SqlUnsupported,
                span,
                "INSERT INTO a function is not supported offline",
            )
            .into());
        };
        let name = table_name(target);
        if !TempTables::is_temp(&name) {
            return Err(writes_view("INSERT", &target.to_string(), span));
        }
        let mut table = self.table(&name, span)?;
        let width = table.schema.fields().len();
        let identity = table.identity.map(|id| id.column);
        let targets: Vec<usize> = if i.columns.is_empty() {
            // Without a column list the values go to every column but the identity.
            (0..width).filter(|&c| Some(c) != identity).collect()
        } else {
            let mut v = Vec::new();
            for c in &i.columns {
                let c = table_name(c);
                let at = table
                    .schema
                    .index_of(&c)
                    .map_err(|_| temp_error(format!("{name} has no column {c}"), span))?;
                if Some(at) == identity {
                    return Err(Diagnostic::error(
                        Code::SqlTempTable,
                        span,
                        format!(
                            "cannot insert an explicit value into the identity column '{c}' of {name} (IDENTITY_INSERT is OFF)"
                        ),
                    )
                    .with_help(format!("leave '{c}' out of the INSERT's column list; its values are numbered"))
                    .into());
                }
                v.push(at);
            }
            v
        };
        let Some(source) = i.source else {
            // `INSERT … DEFAULT VALUES`: one row of defaults.
            let defaults = self.defaults(&table, &[], span).await?;
            let mut columns = unlisted(&mut table, &[], &defaults, 1, span)?;
            self.defaults_per_row(&table, &[], &mut columns, 1, span).await?;
            let batch = table.conform(&name, columns).map_err(|m| temp_error(m, span))?;
            table.batches.push(batch);
            self.temps().put(&name, table);
            self.set_rowcount(1);
            return Ok(());
        };
        let (set, _) = self.query_rows(Statement::Query(source), span).await?;
        if set.columns.len() != targets.len() {
            return Err(temp_error(
                format!(
                    "the INSERT into {name} gives {} values for {} columns",
                    set.columns.len(),
                    targets.len()
                ),
                span,
            ));
        }
        // Values convert as CAST converts them to the declared type; the
        // batches are then checked against the table by `conform`.
        let mut rows = 0;
        let mut out = table.clone();
        let defaults = self.defaults(&table, &targets, span).await?;
        for b in &set.batches {
            if b.num_rows() == 0 {
                continue;
            }
            rows += b.num_rows();
            let mut columns = unlisted(&mut out, &targets, &defaults, b.num_rows(), span)?;
            self.defaults_per_row(&table, &targets, &mut columns, b.num_rows(), span)
                .await?;
            for (k, &c) in targets.iter().enumerate() {
                columns[c] = self.convert(&table, c, b.column(k).clone(), span).await?;
            }
            out.batches
                .push(out.conform(&name, columns).map_err(|m| temp_error(m, span))?);
        }
        self.temps().put(&name, out);
        self.set_rowcount(rows);
        Ok(())
    }

    /// The values of `rows` new rows for each column an INSERT does not list
    /// (`listed`) whose DEFAULT gives every row its own value ([`per_row`]),
    /// put in place in `columns`.
    async fn defaults_per_row(
        &mut self,
        table: &TempTable,
        listed: &[usize],
        columns: &mut [ArrayRef],
        rows: usize,
        span: Span,
    ) -> Result<(), Diagnostics> {
        for (c, column) in columns.iter_mut().enumerate() {
            let Some(value) = default_to_compute(table, c, listed, true) else {
                continue;
            };
            let blanks =
                datafusion::arrow::array::new_null_array(&datafusion::arrow::datatypes::DataType::Boolean, rows);
            let values = self.each_value(blanks, value, span).await?;
            *column = self.convert(table, c, values, span).await?;
        }
        Ok(())
    }

    /// Each column's DEFAULT as one value of the column's type, for the
    /// columns an INSERT does not list (`listed`), evaluated once per INSERT
    /// (a DEFAULT that gives each row its own value is left to
    /// [`Runner::defaults_per_row`]).
    async fn defaults(
        &mut self,
        table: &TempTable,
        listed: &[usize],
        span: Span,
    ) -> Result<Vec<Option<ScalarValue>>, Diagnostics> {
        let mut out = vec![None; table.schema.fields().len()];
        for (c, slot) in out.iter_mut().enumerate() {
            let Some(value) = default_to_compute(table, c, listed, false) else {
                continue;
            };
            let (set, _) = self.query_rows(select_of(vec![value]), span).await?;
            let one = match set.batches.iter().find(|b| b.num_rows() > 0) {
                Some(b) => b.column(0).slice(0, 1),
                None => datafusion::arrow::array::new_null_array(table.schema.field(c).data_type(), 1),
            };
            let one = self.convert(table, c, one, span).await?;
            *slot = Some(ScalarValue::try_from_array(&one, 0).map_err(|e| temp_error(e.to_string(), span))?);
        }
        Ok(out)
    }

    /// A column of values converted as `CAST(value AS <declared type>)` does.
    async fn convert(
        &mut self,
        table: &TempTable,
        column: usize,
        values: ArrayRef,
        span: Span,
    ) -> Result<ArrayRef, Diagnostics> {
        let Some(declared) = &table.declared[column] else {
            return Ok(values);
        };
        let ty = storage_type(declared);
        let field = table.schema.field(column);
        if values.data_type() == field.data_type() || values.null_count() == values.len() {
            return Ok(values);
        }
        // Through the session, so that T-SQL's conversion rules apply.
        let result = self
            .each_value(values, cast(Expr::Identifier(Ident::new("v")), ty), span)
            .await;
        result.map_err(|d| {
            Diagnostics(
                d.0.into_iter()
                    .map(|mut x| {
                        x.message = format!(
                            "converting a value for column {} of the table: {}",
                            field.name(),
                            x.message
                        );
                        x
                    })
                    .collect(),
            )
        })
    }

    /// `item` computed for each of `values` in order, as `SELECT item FROM
    /// <the values as a one-column table, v>`.
    async fn each_value(&mut self, values: ArrayRef, item: Expr, span: Span) -> Result<ArrayRef, Diagnostics> {
        let scratch = "#wqlkit_values";
        let schema = Arc::new(Schema::new(vec![Field::new("v", values.data_type().clone(), true)]));
        let batch = RecordBatch::try_new(schema.clone(), vec![values]).map_err(|e| temp_error(e.to_string(), span))?;
        let mut t = TempTable::new(schema, vec![None]);
        t.batches.push(batch);
        self.temps().put(scratch, t);
        let stmt = select_from(vec![item], vec![table_factor(scratch)], None);
        let result = self.query_unordered(stmt, span).await;
        self.temps().remove(scratch);
        let batches: Vec<RecordBatch> = result?.batches;
        let Some(first) = batches.first() else {
            return Err(temp_error("a computed column gave no values".into(), span));
        };
        let all = concat_batches(&first.schema(), &batches).map_err(|e| temp_error(e.to_string(), span))?;
        Ok(all.column(0).clone())
    }

    /// The target table of an UPDATE or DELETE, the FROM clause that finds its
    /// rows, and the name its row numbers are read under.
    fn target(
        &self,
        verb: &str,
        written: &ObjectName,
        from: Option<Vec<TableWithJoins>>,
        span: Span,
    ) -> Result<(String, Vec<TableWithJoins>, String), Diagnostics> {
        let target = table_name(written);
        let mut from = match from {
            Some(from) if !from.is_empty() => from,
            _ => vec![table_factor(&target)],
        };
        let name = resolve_target(&target, &from).ok_or_else(|| {
            temp_error(
                format!("{verb} {target}: {target} is not a table of its FROM clause"),
                span,
            )
        })?;
        if !TempTables::is_temp(&name) {
            return Err(writes_view(verb, &written.to_string(), span));
        }
        if !self.temps().contains(&name) {
            return Err(missing(&name, span));
        }
        let mut qualifier = target;
        // DataFusion reads `@t.column` as a variable: a table variable named
        // without an alias is read under one.
        if qualifier.starts_with('@') {
            for twj in &mut from {
                for factor in std::iter::once(&mut twj.relation).chain(twj.joins.iter_mut().map(|j| &mut j.relation)) {
                    if let TableFactor::Table {
                        name: n,
                        alias: alias @ None,
                        ..
                    } = factor
                        && table_name(n) == qualifier
                    {
                        *alias = Some(TableAlias {
                            explicit: true,
                            name: Ident::new(TARGET),
                            columns: vec![],
                            at: None,
                        });
                    }
                }
            }
            qualifier = TARGET.to_string();
        }
        Ok((name, from, qualifier))
    }

    /// Runs `stmt` with `name`'s row numbers visible.
    async fn numbered(&mut self, name: &str, stmt: Statement, span: Span) -> Result<ResultSet, Diagnostics> {
        self.temps().number(Some(name));
        let result = self.query_unordered(stmt, span).await;
        self.temps().number(None);
        result
    }

    /// `UPDATE t SET c = e, … [FROM …] [WHERE …]`.
    async fn update(&mut self, u: Update, span: Span) -> Result<(), Diagnostics> {
        let TableFactor::Table { name: written, .. } = &u.table.relation else {
            return Err(Diagnostic::error(
                Code::SqlUnsupported,
                span,
                "UPDATE of a derived table is not supported offline",
            )
            .into());
        };
        let from = match u.from {
            Some(UpdateTableFromKind::AfterSet(f) | UpdateTableFromKind::BeforeSet(f)) => Some(f),
            None => None,
        };
        let (name, from, qualifier) = self.target("UPDATE", written, from, span)?;
        let table = self.table(&name, span)?;
        let mut columns = Vec::new();
        let mut items = vec![row_column(&qualifier)];
        for a in &u.assignments {
            let AssignmentTarget::ColumnName(c) = &a.target else {
                return Err(
                    Diagnostic::error(Code::SqlUnsupported, span, "UPDATE … SET (a, b) = … is not T-SQL").into(),
                );
            };
            let c = table_name(c);
            let at = table
                .schema
                .index_of(&c)
                .map_err(|_| temp_error(format!("{name} has no column {c}"), span))?;
            if table.identity.is_some_and(|id| id.column == at) {
                return Err(temp_error(
                    format!("cannot update the identity column '{c}' of {name}"),
                    span,
                ));
            }
            columns.push(at);
            items.push(match &table.declared[at] {
                Some(t) => cast(a.value.clone(), storage_type(t)),
                None => a.value.clone(),
            });
        }
        let set = self
            .numbered(&name, select_from(items, from, u.selection), span)
            .await?;
        // The first match of each row wins (SQL Server leaves the choice open).
        let mut first: HashMap<u64, (usize, usize)> = HashMap::new();
        for (bi, b) in set.batches.iter().enumerate() {
            let rows = b
                .column(0)
                .as_any()
                .downcast_ref::<UInt64Array>()
                .ok_or_else(|| temp_error("row numbers were lost".into(), span))?;
            for (ri, r) in rows.iter().enumerate() {
                if let Some(r) = r {
                    first.entry(r).or_insert((bi, ri));
                }
            }
        }
        let total = table.rows();
        let mut out = table.clone();
        if !first.is_empty() {
            let whole = concat_batches(&table.schema, &table.batches).map_err(|e| temp_error(e.to_string(), span))?;
            let mut new_columns: Vec<ArrayRef> = whole.columns().to_vec();
            for (k, &c) in columns.iter().enumerate() {
                let mut parts: Vec<ArrayRef> = Vec::new();
                for b in &set.batches {
                    let conformed = out
                        .conform_column(&name, c, b.column(k + 1).clone())
                        .map_err(|m| temp_error(m, span))?;
                    parts.push(conformed);
                }
                let mut sources: Vec<&dyn Array> = vec![whole.column(c).as_ref()];
                sources.extend(parts.iter().map(|p| p.as_ref()));
                let indices: Vec<(usize, usize)> = (0..total as u64)
                    .map(|r| match first.get(&r) {
                        Some(&(bi, ri)) => (bi + 1, ri),
                        None => (0, r as usize),
                    })
                    .collect();
                new_columns[c] = interleave(&sources, &indices).map_err(|e| temp_error(e.to_string(), span))?;
            }
            out.batches = vec![out.conform(&name, new_columns).map_err(|m| temp_error(m, span))?];
        }
        self.temps().put(&name, out);
        self.set_rowcount(first.len());
        Ok(())
    }

    /// `DELETE [FROM] t [FROM …] [WHERE …]`.
    async fn delete(&mut self, d: Delete, span: Span) -> Result<(), Diagnostics> {
        let from = match d.from {
            FromTable::WithFromKeyword(f) | FromTable::WithoutKeyword(f) => f,
        };
        let written = match (d.tables.first(), from.first()) {
            (Some(t), _) => t.clone(),
            (
                None,
                Some(TableWithJoins {
                    relation: TableFactor::Table { name, alias, .. },
                    ..
                }),
            ) => match alias {
                Some(a) => ObjectName::from(vec![a.name.clone()]),
                None => name.clone(),
            },
            _ => {
                return Err(
                    Diagnostic::error(Code::SqlUnsupported, span, "this DELETE is not supported offline").into(),
                );
            }
        };
        let (name, from, qualifier) = self.target("DELETE", &written, Some(from), span)?;
        let table = self.table(&name, span)?;
        let set = self
            .numbered(
                &name,
                select_from(vec![row_column(&qualifier)], from, d.selection),
                span,
            )
            .await?;
        let mut gone = vec![false; table.rows()];
        for b in &set.batches {
            if let Some(rows) = b.column(0).as_any().downcast_ref::<UInt64Array>() {
                for r in rows.iter().flatten() {
                    if let Some(g) = gone.get_mut(r as usize) {
                        *g = true;
                    }
                }
            }
        }
        let deleted = gone.iter().filter(|g| **g).count();
        let mut out = table.clone();
        if deleted > 0 {
            let mut kept = Vec::new();
            let mut start = 0;
            for b in &table.batches {
                let keep = BooleanArray::from_iter(gone[start..start + b.num_rows()].iter().map(|g| Some(!g)));
                start += b.num_rows();
                kept.push(filter_record_batch(b, &keep).map_err(|e| temp_error(e.to_string(), span))?);
            }
            out.batches = kept;
        }
        self.temps().put(&name, out);
        self.set_rowcount(deleted);
        Ok(())
    }

    /// `OBJECT_ID('name')` with a literal name: a number when the report has
    /// that temp table or table variable or the snapshot has that view, else NULL.
    pub(super) fn object_ids(&self, stmt: &mut Statement) {
        struct Ids<'r> {
            temps: &'r TempTables,
            views: &'r std::collections::HashSet<String>,
        }
        impl VisitorMut for Ids<'_> {
            type Break = ();
            fn post_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
                if let Expr::Function(Function { name, args, .. }) = &*e
                    && name.to_string().eq_ignore_ascii_case("object_id")
                {
                    let text = args.to_string();
                    let arg = text.trim_matches(|c| c == '(' || c == ')');
                    let literal = arg.split(',').next().unwrap_or("").trim();
                    if let Some(quoted) = literal.strip_prefix('\'').and_then(|l| l.strip_suffix('\'')) {
                        let object = quoted
                            .rsplit('.')
                            .next()
                            .unwrap_or("")
                            .trim_matches(['[', ']'])
                            .to_lowercase();
                        let known = self.temps.contains(&object) || self.views.contains(&object);
                        *e = if known {
                            number(object_number(&object))
                        } else {
                            Expr::Value(Value::Null.with_empty_span())
                        };
                    }
                }
                ControlFlow::Continue(())
            }
        }
        let _ = stmt.visit(&mut Ids {
            temps: &self.session.temps,
            views: &self.session.views,
        });
    }
}

/// A stable positive number for an object name (what OBJECT_ID returns is an id, not a meaning).
fn object_number(name: &str) -> i64 {
    let mut h: u32 = 2_166_136_261;
    for b in name.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(16_777_619);
    }
    i64::from(h & 0x7fff_ffff).max(1)
}

/// The seed and increment of `IDENTITY[(seed, increment)]` (1, 1 when not given).
fn identity_parameters(kind: &IdentityPropertyKind) -> Option<(i64, i64)> {
    let IdentityPropertyKind::Identity(p) = kind else {
        return None;
    };
    match &p.parameters {
        None => Some((1, 1)),
        Some(IdentityPropertyFormatKind::FunctionCall(IdentityParameters { seed, increment })) => {
            let (seed, increment) = (whole_number(seed)?, whole_number(increment)?);
            (increment != 0).then_some((seed, increment))
        }
        Some(_) => None,
    }
}

/// A literal whole number, possibly negative.
fn whole_number(e: &Expr) -> Option<i64> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => n.parse().ok(),
            _ => None,
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => whole_number(expr).map(|n| -n),
        Expr::Nested(e) => whole_number(e),
        _ => None,
    }
}

/// Column `c`'s DEFAULT as an expression of its declared type, when an
/// INSERT that lists `listed` leaves it to the DEFAULT and the DEFAULT is
/// computed for each row (`each_row`: it calls NEWID, [`per_row`]) or, without
/// it, once per statement.
fn default_to_compute(table: &TempTable, c: usize, listed: &[usize], each_row: bool) -> Option<Expr> {
    let default = table.defaults[c]
        .clone()
        .filter(|d| per_row(d) == each_row && !listed.contains(&c))?;
    Some(match &table.declared[c] {
        Some(t) => cast(default, storage_type(t)),
        None => default,
    })
}

/// Whether a DEFAULT gives each inserted row its own value: it calls NEWID(),
/// which SQL Server evaluates per row (other functions, GETDATE() and RAND()
/// among them, once per statement).
fn per_row(default: &Expr) -> bool {
    datafusion::sql::sqlparser::ast::visit_expressions(default, |e: &Expr| match e {
        Expr::Function(f) if f.name.to_string().eq_ignore_ascii_case("newid") => ControlFlow::Break(()),
        _ => ControlFlow::Continue(()),
    })
    .is_break()
}

/// The values of `rows` new rows for the columns an INSERT does not list
/// (`listed` are filled by the caller): the identity's next numbers, each
/// column's DEFAULT (from [`Runner::defaults`]), or NULL.
fn unlisted(
    table: &mut TempTable,
    listed: &[usize],
    defaults: &[Option<ScalarValue>],
    rows: usize,
    span: Span,
) -> Result<Vec<ArrayRef>, Diagnostics> {
    let mut columns = Vec::with_capacity(table.schema.fields().len());
    for (c, default) in defaults.iter().enumerate() {
        let ty = table.schema.field(c).data_type().clone();
        let column = if listed.contains(&c) {
            datafusion::arrow::array::new_null_array(&ty, rows)
        } else if let Some(id) = table.identity.as_mut().filter(|id| id.column == c) {
            let numbers: ArrayRef = Arc::new(datafusion::arrow::array::Int64Array::from(id.take(rows)));
            datafusion::arrow::compute::cast(&numbers, &ty).map_err(|e| temp_error(e.to_string(), span))?
        } else if let Some(value) = default {
            value
                .to_array_of_size(rows)
                .map_err(|e| temp_error(e.to_string(), span))?
        } else {
            datafusion::arrow::array::new_null_array(&ty, rows)
        };
        columns.push(column);
    }
    Ok(columns)
}
