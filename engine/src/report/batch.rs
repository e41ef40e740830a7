//! Runs a batch: DECLARE, `SET @v = …` and `SELECT @v = …` in order, and every
//! other SELECT as a result set.

use super::dml::selects_into;
use super::expr::cast;
use super::flow::RunOptions;
use super::parse::{Source, parse};
use super::rewrite::{Rewriter, rewrite, take_top_percent};
use super::session::{ReportSession, session};
use super::tables::TempTables;
use super::vars::Vars;
use crate::exec::Engine;
use datafusion::arrow::datatypes::{Field, Schema, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::common::{DataFusionError, ScalarValue};
use datafusion::sql::parser::Statement as DfStatement;
use datafusion::sql::sqlparser::ast::{
    DeclareAssignment, Expr, ObjectName, Query, SelectItem, Set, SetExpr, Spanned, Statement, visit_relations,
};
use datafusion::sql::sqlparser::tokenizer::{Location, Span as SqlSpan};
use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;
use std::sync::Arc;
use wqlkit_core::{Code, Diagnostic, Diagnostics, Span};

/// One result set: its column names as SQL Server would print them, and its rows.
#[derive(Debug, Clone)]
pub struct ResultSet {
    /// Column names.
    pub columns: Vec<String>,
    /// Rows (the batches' schemas carry the same names).
    pub batches: Vec<RecordBatch>,
}

/// What a batch produced.
#[derive(Debug, Clone, Default)]
pub struct ReportOutput {
    /// Every result set, in order.
    pub results: Vec<ResultSet>,
    /// Warnings (fn_rbac_* read as views, ignored session options).
    pub warnings: Vec<Diagnostic>,
    /// Messages (PRINT, RAISERROR of severity 10 or less), in order.
    pub messages: Vec<String>,
}

/// Runs the T-SQL script `text` over `engine`'s views; `params` give the
/// report's `@parameters` (by name, without `@`).
pub async fn run(engine: &Engine, text: &str, params: &[(String, String)]) -> Result<ReportOutput, Diagnostics> {
    run_with(engine, text, params, &RunOptions::default()).await
}

/// [`run`] with `options`.
pub async fn run_with(
    engine: &Engine,
    text: &str,
    params: &[(String, String)],
    options: &RunOptions,
) -> Result<ReportOutput, Diagnostics> {
    let parsed = parse(text)?;
    let source = Source::new(text);
    let session = session(engine, options.seed)
        .await
        .map_err(|e| Diagnostic::error(Code::SqlRuntime, Span::new(0, 0), e.to_string()))?;
    let mut runner = Runner {
        engine,
        source: &source,
        session: &session,
        spellings: &parsed.spellings,
        vars: Vars::with_params(params),
        out: ReportOutput::default(),
        limits: options,
    };
    runner.vars.set(ROWCOUNT, ScalarValue::Int32(Some(0)));
    runner.vars.set("@@version", ScalarValue::Utf8(Some(VERSION.into())));
    runner.steps(&parsed.steps).await?;
    Ok(runner.out)
}

/// `@@ROWCOUNT`: the rows the last statement returned or changed.
pub(super) const ROWCOUNT: &str = "@@rowcount";

/// What `@@VERSION` says offline.
const VERSION: &str = concat!(
    "wqlkit ",
    env!("CARGO_PKG_VERSION"),
    " (offline T-SQL over a ConfigMgr site snapshot, SQL Server semantics)"
);

/// The state of one run: variables, temp tables (in the session), output.
pub(super) struct Runner<'a> {
    pub(super) engine: &'a Engine,
    pub(super) source: &'a Source<'a>,
    pub(super) session: &'a ReportSession,
    pub(super) spellings: &'a HashMap<String, String>,
    pub(super) vars: Vars,
    pub(super) out: ReportOutput,
    pub(super) limits: &'a RunOptions,
}

/// `SELECT @a = x, @b = y …`: the assignments, when every item is one.
fn assignments(q: &Query) -> Option<Vec<(String, Expr)>> {
    let SetExpr::Select(s) = &*q.body else {
        return None;
    };
    let items: Vec<(String, Expr)> = s
        .projection
        .iter()
        .filter_map(|item| match item {
            SelectItem::ExprWithAlias { expr, alias } if alias.value.starts_with('@') => {
                Some((alias.value.clone(), expr.clone()))
            }
            _ => None,
        })
        .collect();
    (!items.is_empty()).then_some(items)
}

/// The outermost SELECT of a query (the left-most one of a UNION).
fn outermost_select(q: &Query) -> Option<&datafusion::sql::sqlparser::ast::Select> {
    let mut body = &*q.body;
    loop {
        match body {
            SetExpr::Select(s) => return Some(s),
            SetExpr::SetOperation { left, .. } => body = left,
            SetExpr::Query(q) => body = &q.body,
            _ => return None,
        }
    }
}

/// The lower-case aliases of the outermost select list.
fn output_aliases(q: &Query) -> HashSet<String> {
    outermost_select(q).map_or_else(HashSet::new, |s| {
        s.projection
            .iter()
            .filter_map(|i| match i {
                SelectItem::ExprWithAlias { alias, .. } => Some(alias.value.clone()),
                _ => None,
            })
            .collect()
    })
}

/// For each output column of the outermost select list, whether it is an
/// expression without a name; `None` when a `*` makes positions unknowable.
fn unnamed_columns(q: &Query) -> Option<Vec<bool>> {
    outermost_select(q)?
        .projection
        .iter()
        .map(|i| match i {
            SelectItem::UnnamedExpr(Expr::Identifier(_) | Expr::CompoundIdentifier(_)) => Some(false),
            // 'Column name' = expression
            SelectItem::UnnamedExpr(Expr::BinaryOp {
                left,
                op: datafusion::sql::sqlparser::ast::BinaryOperator::Eq,
                ..
            }) if matches!(&**left, Expr::Value(_)) => Some(false),
            SelectItem::UnnamedExpr(_) => Some(true),
            SelectItem::ExprWithAlias { .. } => Some(false),
            _ => None,
        })
        .collect()
}

/// Rows that an ORDER BY leaves tied come out in an order that depends on
/// how the work was split; SQL Server leaves it open too. So that the same
/// report prints the same rows in the same order every time, every output
/// column (by position) is added after the query's own keys.
fn break_ties(q: &mut Query) {
    // FOR XML / FOR JSON order the rows inside one text, not the result.
    if q.for_clause.is_some() {
        return;
    }
    let columns = outermost_select(q).and_then(|select| {
        let plain = select
            .projection
            .iter()
            .all(|i| matches!(i, SelectItem::UnnamedExpr(_) | SelectItem::ExprWithAlias { .. }));
        plain.then_some(select.projection.len())
    });
    let (Some(columns), Some(order)) = (columns, &mut q.order_by) else {
        return;
    };
    let datafusion::sql::sqlparser::ast::OrderByKind::Expressions(keys) = &mut order.kind else {
        return;
    };
    for position in 1..=columns {
        keys.push(datafusion::sql::sqlparser::ast::OrderByExpr {
            expr: super::expr::number(position as i64),
            options: datafusion::sql::sqlparser::ast::OrderByOptions {
                asc: None,
                nulls_first: None,
            },
            with_fill: None,
        });
    }
}

/// A statement made of `SELECT <expr>`.
pub(super) fn select_of(exprs: Vec<Expr>) -> Statement {
    let mut stmt = match datafusion::sql::sqlparser::parser::Parser::parse_sql(
        &datafusion::sql::sqlparser::dialect::MsSqlDialect {},
        "SELECT 1",
    ) {
        Ok(mut v) if v.len() == 1 => v.remove(0),
        _ => unreachable!("SELECT 1 parses"),
    };
    if let Statement::Query(q) = &mut stmt
        && let SetExpr::Select(s) = &mut *q.body
    {
        s.projection = exprs.into_iter().map(SelectItem::UnnamedExpr).collect();
    }
    stmt
}

fn location(l: datafusion::common::Location) -> Location {
    Location {
        line: l.line,
        column: l.column,
    }
}

impl Runner<'_> {
    pub(super) fn span(&self, s: SqlSpan) -> Span {
        self.source.span(s)
    }

    /// Runs one statement, which starts at `at`.
    pub(super) async fn statement(&mut self, stmt: Statement, at: SqlSpan) -> Result<(), Diagnostics> {
        let own = stmt.span();
        let end = if own == SqlSpan::empty() {
            at.end
        } else {
            own.end.max(at.end)
        };
        let span = self.span(SqlSpan::new(at.start, end));
        match stmt {
            Statement::Declare { stmts } => {
                for d in stmts {
                    if let Some(datafusion::sql::sqlparser::ast::DataType::Table(columns)) = &d.data_type {
                        for name in &d.names {
                            self.declare_table(&name.value, columns.as_deref().unwrap_or_default(), span)
                                .await?;
                        }
                        continue;
                    }
                    let ty = d.data_type.clone().ok_or_else(|| {
                        Diagnostic::error(
                            Code::SqlUnsupported,
                            span,
                            "DECLARE without a data type (a cursor?) is not supported offline",
                        )
                    })?;
                    for name in &d.names {
                        self.vars.declare(&name.value, ty.clone());
                    }
                    match d.assignment {
                        Some(
                            DeclareAssignment::Expr(e)
                            | DeclareAssignment::MsSqlAssignment(e)
                            | DeclareAssignment::Default(e),
                        ) => {
                            for name in &d.names {
                                self.assign_scalar(&name.value, (*e).clone(), span).await?;
                            }
                        }
                        Some(other) => {
                            return Err(Diagnostic::error(
                                Code::SqlUnsupported,
                                span,
                                format!("DECLARE … {other} is not supported offline"),
                            )
                            .into());
                        }
                        None => {}
                    }
                }
                Ok(())
            }
            Statement::Set(Set::SingleAssignment { variable, values, .. }) => {
                let name = variable.to_string();
                if name.starts_with('@') {
                    let [value] = values.as_slice() else {
                        return Err(
                            Diagnostic::error(Code::SqlSyntax, span, format!("SET {name} takes one value")).into(),
                        );
                    };
                    if !self.vars.exists(&name) {
                        return Err(undeclared(&name, span).into());
                    }
                    return self.assign_scalar(&name, value.clone(), span).await;
                }
                self.session_option(&name, span)
            }
            Statement::Set(Set::SetTransaction { .. }) => Ok(()),
            // The database choice does not change a report's rows.
            Statement::Use(_) => {
                self.out.warnings.push(Diagnostic::warning(
                    Code::SqlIgnored,
                    span,
                    "USE has no effect offline and was skipped",
                ));
                Ok(())
            }
            Statement::Print(p) => self.print(&p.message).await,
            Statement::RaisError {
                message,
                severity,
                arguments,
                options,
                ..
            } => self.raiserror(&message, &severity, &arguments, &options, span).await,
            Statement::Throw(t) => self.throw(&t, span).await,
            Statement::CreateTable(c) => self.create_table(&c, span).await,
            Statement::Drop { .. }
            | Statement::Insert(_)
            | Statement::Update(_)
            | Statement::Delete(_)
            | Statement::Truncate(_) => self.change(stmt, span).await,
            Statement::Set(Set::SetSessionParam(p)) => match &p {
                datafusion::sql::sqlparser::ast::SetSessionParamKind::Generic(g) => {
                    for n in &g.names {
                        self.session_option(n, span)?;
                    }
                    Ok(())
                }
                // SET STATISTICS IO/TIME, SET SHOWPLAN…: diagnostics of the server, not the rows.
                datafusion::sql::sqlparser::ast::SetSessionParamKind::Statistics(_) => Ok(()),
                other => Err(Diagnostic::error(
                    Code::SqlUnsupported,
                    span,
                    format!("SET {other} is not supported offline"),
                )
                .into()),
            },
            Statement::Query(q) if selects_into(&q) => self.select_into(*q, span).await,
            Statement::Query(mut q) => {
                if let Some(items) = assignments(&q) {
                    return self.assign_select(*q, items, span).await;
                }
                let percent = take_top_percent(&mut q);
                break_ties(&mut q);
                let aliases = output_aliases(&q);
                let unnamed = unnamed_columns(&q);
                let mut set = self.query(Statement::Query(q), span).await?;
                if let Some(p) = percent {
                    let total: usize = set.batches.iter().map(RecordBatch::num_rows).sum();
                    let keep = ((total as f64) * p / 100.0).ceil() as usize;
                    set.batches = slice(set.batches, keep);
                }
                self.name_columns(&mut set, &aliases, unnamed.as_deref());
                self.set_rowcount(set.batches.iter().map(RecordBatch::num_rows).sum());
                self.out.results.push(set);
                Ok(())
            }
            other => {
                let kind = other.to_string();
                let first = kind.split_whitespace().next().unwrap_or("this").to_uppercase();
                Err(Diagnostic::error(
                    Code::SqlUnsupported,
                    span,
                    format!("the statement {first} is not supported offline; reports may only read"),
                )
                .into())
            }
        }
    }

    /// `SET <option> …`: options that cannot change a report's rows are ignored.
    fn session_option(&mut self, name: &str, span: Span) -> Result<(), Diagnostics> {
        let n = name.to_lowercase();
        if [
            "nocount",
            "ansi_nulls",
            "ansi_warnings",
            "ansi_padding",
            "arithabort",
            "quoted_identifier",
            "concat_null_yields_null",
            "deadlock_priority",
            "lock_timeout",
        ]
        .contains(&n.as_str())
        {
            return Ok(());
        }
        Err(Diagnostic::error(Code::SqlUnsupported, span, format!("SET {n} is not supported offline")).into())
    }

    /// Evaluates `value` and assigns it to `name`, converted to its declared type.
    async fn assign_scalar(&mut self, name: &str, value: Expr, span: Span) -> Result<(), Diagnostics> {
        let value = match self.vars.declared(name) {
            Some(ty) => cast(value, ty.clone()),
            None => value,
        };
        let set = self.query(select_of(vec![value]), span).await?;
        let v = last_row(&set).map(|r| r.into_iter().next().unwrap_or(ScalarValue::Null));
        self.vars.set(name, v.unwrap_or(ScalarValue::Null));
        Ok(())
    }

    /// `SELECT @a = x, … FROM …`: the variables take the last row's values;
    /// with no rows they keep theirs.
    async fn assign_select(&mut self, mut q: Query, items: Vec<(String, Expr)>, span: Span) -> Result<(), Diagnostics> {
        let SetExpr::Select(s) = &mut *q.body else {
            return Ok(());
        };
        if items.len() != s.projection.len() {
            return Err(Diagnostic::error(
                Code::SqlInvalid,
                span,
                "a SELECT that assigns variables cannot also return columns",
            )
            .into());
        }
        // SQL Server evaluates such assignments row by row (`SELECT @list =
        // @list + Name0 + ',' FROM …` builds a list); one query cannot.
        // Without FROM there is one row: only a variable assigned earlier in
        // the same SELECT would be read with its new value.
        let one_row = s.from.is_empty();
        for (i, (_, e)) in items.iter().enumerate() {
            let text = e.to_string().to_ascii_lowercase();
            let read = |j: usize, n: &String| (!one_row || j < i) && mentions(&text, n);
            if let Some((_, (name, _))) = items.iter().enumerate().find(|(j, (n, _))| read(*j, n)) {
                return Err(Diagnostic::error(
                    Code::SqlUnsupported,
                    span,
                    format!(
                        "a SELECT that assigns {name} from an expression reading an assigned variable \
                         (row-by-row accumulation) is not supported offline"
                    ),
                )
                .with_help("build the list with STRING_AGG, or compute each variable in its own SELECT")
                .into());
            }
        }
        let mut exprs = Vec::new();
        for (name, e) in &items {
            if !self.vars.exists(name) {
                return Err(undeclared(name, span).into());
            }
            exprs.push(match self.vars.declared(name) {
                Some(ty) => cast(e.clone(), ty.clone()),
                None => e.clone(),
            });
        }
        s.projection = exprs.into_iter().map(SelectItem::UnnamedExpr).collect();
        let set = self.query(Statement::Query(Box::new(q)), span).await?;
        if let Some(row) = last_row(&set) {
            for ((name, _), v) in items.iter().zip(row) {
                self.vars.set(name, v);
            }
        }
        Ok(())
    }

    /// Rewrites, plans and runs one query; rows without ORDER BY come out
    /// in the stable order of `output::order`.
    pub(super) async fn query(&mut self, stmt: Statement, span: Span) -> Result<ResultSet, Diagnostics> {
        Ok(self.run_query(stmt, span, true).await?.0)
    }

    /// Rows for a table of the report (whose rows have no order, so none is
    /// made), with their schema (known even without rows).
    pub(super) async fn query_rows(
        &mut self,
        stmt: Statement,
        span: Span,
    ) -> Result<(ResultSet, SchemaRef), Diagnostics> {
        self.run_query(stmt, span, false).await
    }

    /// [`Runner::query`] with the rows in the order the plan makes them.
    pub(super) async fn query_unordered(&mut self, stmt: Statement, span: Span) -> Result<ResultSet, Diagnostics> {
        Ok(self.run_query(stmt, span, false).await?.0)
    }

    async fn run_query(
        &mut self,
        mut stmt: Statement,
        span: Span,
        order: bool,
    ) -> Result<(ResultSet, SchemaRef), Diagnostics> {
        self.object_ids(&mut stmt);
        let ordered = matches!(&stmt, Statement::Query(q) if q.order_by.is_some());
        let mut r = Rewriter::new(self.source, &self.vars, self.engine.now());
        rewrite(&mut stmt, &mut r);
        self.check_family_views(&r.family_views).await?;
        let (errors, warnings) = (r.errors, r.warnings);
        let cross = warnings
            .iter()
            .find(|w| w.code == Code::SqlCrossJoin)
            .map(|w| w.span)
            .filter(|_| !self.limits.force);
        super::rewrite::merge_warnings(&mut self.out.warnings, warnings);
        if !errors.is_empty() {
            return Err(Diagnostics(errors));
        }
        self.check_views(&stmt)?;
        let state = self.session.ctx.state();
        let plan = state
            .statement_to_plan(DfStatement::Statement(Box::new(stmt)))
            .await
            .map_err(|e| self.error(e, span))?;
        let columns: Vec<String> = plan.schema().fields().iter().map(|f| f.name().clone()).collect();
        let schema: SchemaRef = Arc::new(plan.schema().as_arrow().clone());
        let df = self
            .session
            .ctx
            .execute_logical_plan(plan)
            .await
            .map_err(|e| self.error(e, span))?;
        let mut batches = match cross {
            Some(at) => self.bounded(df, at, span).await?,
            None => df.collect().await.map_err(|e| self.error(e, span))?,
        };
        if order && !ordered {
            batches = crate::output::order::stable(batches, &[]).map_err(|e| self.error(e.into(), span))?;
        }
        Ok((ResultSet { columns, batches }, schema))
    }

    /// The rows of a query with an accidental cross join at `at`, stopped
    /// with an error once there are more than `max_rows` of them.
    async fn bounded(
        &self,
        df: datafusion::dataframe::DataFrame,
        at: Span,
        span: Span,
    ) -> Result<Vec<datafusion::arrow::array::RecordBatch>, Diagnostics> {
        use futures::StreamExt;
        let max = self.limits.max_rows;
        let mut stream = df.execute_stream().await.map_err(|e| self.error(e, span))?;
        let (mut rows, mut batches) = (0u64, Vec::new());
        while let Some(b) = stream.next().await {
            let b = b.map_err(|e| self.error(e, span))?;
            rows += b.num_rows() as u64;
            if rows > max {
                return Err(Diagnostics(vec![
                    Diagnostic::error(
                        Code::SqlCrossJoin,
                        at,
                        format!("this join compares nothing of the joined view and the query made more than {max} rows; it was stopped"),
                    )
                    .with_help("compare a column of the joined view with one before it; or run it anyway with --force (or a larger --max-rows)"),
                ]));
            }
            batches.push(b);
        }
        Ok(batches)
    }

    /// Every view the statement reads is in the snapshot (CTE names aside).
    fn check_views(&self, stmt: &Statement) -> Result<(), Diagnostics> {
        let mut ctes = HashSet::new();
        collect_ctes(stmt, &mut ctes);
        let mut missing: Vec<Diagnostic> = Vec::new();
        let _ = visit_relations(stmt, |name: &ObjectName| {
            let n = name.to_string().trim_matches(['[', ']', '"']).to_string();
            if TempTables::is_temp(&n) {
                if !self.session.temps.contains(&n) {
                    missing.push(
                        Diagnostic::error(
                            Code::SqlTempTable,
                            self.span(name.span()),
                            format!("there is no table {n}"),
                        )
                        .with_help(format!(
                            "create it first: CREATE TABLE {n} (…), DECLARE {n} TABLE (…) or SELECT … INTO {n}"
                        )),
                    );
                }
            } else if !self.session.views.contains(&n) && !ctes.contains(&n) {
                let spelled = self.spellings.get(&n).cloned().unwrap_or(n.clone());
                let near = wqlkit_core::catalog::closest(&n, self.session.views.iter().cloned());
                let help = match near.first() {
                    Some(v) => format!("did you mean {}?", self.view_spelling(v)),
                    None => "the snapshot holds the views of the catalog; custom views must be exported into it".into(),
                };
                missing.push(
                    Diagnostic::error(
                        Code::SqlUnknownView,
                        self.span(name.span()),
                        format!("the snapshot has no view {spelled}"),
                    )
                    .with_help(help),
                );
            }
            ControlFlow::<()>::Continue(())
        });
        if missing.is_empty() {
            Ok(())
        } else {
            Err(Diagnostics(missing))
        }
    }

    /// Each per-object view read (`v_CM_RES_COLL_<id>`) is of an object the
    /// snapshot holds: the site has such a view only for its own collections.
    async fn check_family_views(&self, read: &[super::rewrite::FamilyView]) -> Result<(), Diagnostics> {
        let mut missing = Vec::new();
        for v in read {
            let sql = format!(
                "SELECT 1 FROM {} WHERE {} = '{}'",
                v.family.objects.to_lowercase(),
                v.family.id_column.to_lowercase(),
                v.id.replace('\'', "''")
            );
            let rows = match self.session.ctx.sql(&sql).await {
                Ok(df) => df.collect().await.map_err(|e| self.error(e, v.at))?,
                // A snapshot without the list of objects cannot say; the view reads as the family's rows.
                Err(_) => continue,
            };
            if rows.iter().all(|b| b.num_rows() == 0) {
                missing.push(
                    Diagnostic::error(
                        Code::SqlUnknownView,
                        v.at,
                        format!(
                            "the snapshot has no view {}: {} has no {} '{}'",
                            v.written, v.family.objects, v.family.id_column, v.id
                        ),
                    )
                    .with_help(format!(
                        "the site has a {}<id> view for each row of {}",
                        v.family.prefix, v.family.objects
                    )),
                );
            }
        }
        if missing.is_empty() {
            Ok(())
        } else {
            Err(Diagnostics(missing))
        }
    }

    /// A view's name as the catalog spells it.
    fn view_spelling(&self, lower: &str) -> String {
        wqlkit_core::Catalog::builtin()
            .views()
            .iter()
            .find(|v| v.name.eq_ignore_ascii_case(lower))
            .map_or_else(|| lower.to_string(), |v| v.name.clone())
    }

    /// A DataFusion error as a diagnostic, located where DataFusion says or at the statement.
    fn error(&self, e: DataFusionError, span: Span) -> Diagnostic {
        let at = e
            .diagnostic()
            .and_then(|d| d.span)
            .map(|s| self.source.span(SqlSpan::new(location(s.start), location(s.end))))
            .filter(|s| !s.is_empty())
            .unwrap_or(span);
        let root = e.find_root();
        let code = match root {
            DataFusionError::NotImplemented(_) => Code::SqlUnsupported,
            DataFusionError::Plan(m) if m.contains("not found") && m.contains("table") => Code::SqlUnknownView,
            DataFusionError::Plan(_) | DataFusionError::SchemaError(..) => Code::SqlInvalid,
            _ => Code::SqlRuntime,
        };
        let message = root.message().trim().to_string();
        let message = if message.contains("ScalarSubquery") {
            "a subquery that returns one value and is correlated other than by `inner.column = outer.column` \
             (or in a place other than the select list)"
                .to_string()
        } else {
            message
        };
        let message = match code {
            Code::SqlUnsupported if !message.contains("not supported") => format!("{message} is not supported offline"),
            _ => message,
        };
        Diagnostic::error(code, at, message)
    }

    /// Column names as SQL Server prints them: aliases as written, view columns as the view spells them.
    /// Expressions without a name (SQL Server leaves them blank) are called
    /// `Column1`, `Column2`, … as Invoke-Sqlcmd calls them.
    fn name_columns(&self, set: &mut ResultSet, aliases: &HashSet<String>, unnamed: Option<&[bool]>) {
        let display = |n: &str| -> String {
            if aliases.contains(n) {
                return self.spellings.get(n).cloned().unwrap_or_else(|| n.to_string());
            }
            let viewed = self
                .session
                .columns
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(n)
                .cloned();
            viewed
                .or_else(|| self.spellings.get(n).cloned())
                .unwrap_or_else(|| n.to_string())
        };
        let mut n = 0;
        set.columns = set
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| match unnamed {
                Some(u) if u.len() == set.columns.len() && u[i] => {
                    n += 1;
                    format!("Column{n}")
                }
                _ => display(c),
            })
            .collect();
        set.batches = set
            .batches
            .iter()
            .map(|b| {
                let fields: Vec<Field> = b
                    .schema()
                    .fields()
                    .iter()
                    .zip(&set.columns)
                    .map(|(f, n)| f.as_ref().clone().with_name(n.clone()))
                    .collect();
                RecordBatch::try_new(Arc::new(Schema::new(fields)), b.columns().to_vec()).unwrap_or_else(|_| b.clone())
            })
            .collect();
    }
}

fn undeclared(name: &str, span: Span) -> Diagnostic {
    Diagnostic::error(
        Code::SqlMissingParameter,
        span,
        format!("the variable {name} is not declared"),
    )
    .with_help(format!(
        "DECLARE {name} <type> first, or pass it with --param {}=VALUE",
        name.trim_start_matches('@')
    ))
}

fn collect_ctes(stmt: &Statement, out: &mut HashSet<String>) {
    struct Ctes<'a>(&'a mut HashSet<String>);
    impl datafusion::sql::sqlparser::ast::Visitor for Ctes<'_> {
        type Break = ();
        fn pre_visit_query(&mut self, q: &Query) -> ControlFlow<()> {
            if let Some(with) = &q.with {
                for c in &with.cte_tables {
                    self.0.insert(c.alias.name.value.clone());
                }
            }
            ControlFlow::Continue(())
        }
    }
    let _ = datafusion::sql::sqlparser::ast::Visit::visit(stmt, &mut Ctes(out));
}

/// The first column of the first row, or NULL when there is none.
pub(super) fn first_value(set: &ResultSet) -> ScalarValue {
    set.batches
        .iter()
        .find(|b| b.num_rows() > 0 && b.num_columns() > 0)
        .and_then(|b| ScalarValue::try_from_array(b.column(0), 0).ok())
        .unwrap_or(ScalarValue::Null)
}

fn last_row(set: &ResultSet) -> Option<Vec<ScalarValue>> {
    let b = set.batches.iter().rev().find(|b| b.num_rows() > 0)?;
    let i = b.num_rows() - 1;
    b.columns()
        .iter()
        .map(|c| ScalarValue::try_from_array(c, i).ok())
        .collect()
}

fn slice(batches: Vec<RecordBatch>, mut keep: usize) -> Vec<RecordBatch> {
    let mut out = Vec::new();
    for b in batches {
        if keep == 0 {
            break;
        }
        let n = b.num_rows().min(keep);
        out.push(b.slice(0, n));
        keep -= n;
    }
    out
}

/// Whether lower-case SQL text mentions the variable `name` (`@list`, not `@listing`).
fn mentions(text: &str, name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let name = if name.starts_with('@') {
        name
    } else {
        format!("@{name}")
    };
    text.match_indices(&name).any(|(i, m)| {
        text[i + m.len()..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '@' || c == '#' || c == '$'))
    })
}
