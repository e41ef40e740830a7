//! wqlkit's [`LogicalPlan`] → DataFusion's logical plan, built with
//! `LogicalPlanBuilder` over the snapshot's table providers, with SQL Server's
//! semantics: text compares case-insensitively and ignores trailing spaces,
//! LIKE is SQL Server's, dates count boundaries, `GetDate()` is pinned.
//!
//! Its parts: [`collation`] (SQL Server's comparison keys and LIKE, also used
//! by the collections and the demo fleet), [`udf`] (SQL Server's functions as
//! DataFusion scalar functions, also used by the T-SQL reports) and
//! [`semijoin`] (array matches under DISTINCT as semi joins).

pub mod collation;
pub mod hijri;
pub mod semijoin;
pub mod udf;

use crate::error::{EngineError, Result};
use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::catalog::TableProvider;
use datafusion::common::{Column, ScalarValue, TableReference};
use datafusion::datasource::provider_as_source;
use datafusion::functions::unicode::expr_fn::substring;
use datafusion::functions_aggregate::expr_fn::{count, count_distinct};
use datafusion::logical_expr::expr::InSubquery;
use datafusion::logical_expr::{
    self as df, Expr, JoinType, LogicalPlanBuilder, Operator, Subquery, binary_expr, cast, try_cast,
};
use datafusion::prelude::{lit, lower, upper};
use std::collections::HashMap;
use std::sync::Arc;
use wqlkit_core::plan::{
    Aggregate, CompareOp, Function, JoinKind, LogicalPlan, ProjectItem, ScalarExpr, ScalarKind, ScalarType,
};
use wqlkit_core::{DateTime, Value};

/// The views a plan reads, so their providers can be fetched before lowering.
pub fn views_of(plan: &LogicalPlan, out: &mut Vec<String>) {
    match plan {
        LogicalPlan::Scan { view, .. } => {
            if !out.iter().any(|v| v.eq_ignore_ascii_case(view)) {
                out.push(view.clone());
            }
        }
        LogicalPlan::Join { left, right, on, .. } => {
            views_of(left, out);
            views_of(right, out);
            subplan_views(on, out);
        }
        LogicalPlan::Filter { input, predicate, .. } => {
            views_of(input, out);
            subplan_views(predicate, out);
        }
        LogicalPlan::Sort { input, .. }
        | LogicalPlan::Project { input, .. }
        | LogicalPlan::Aggregate { input, .. }
        | LogicalPlan::Distinct { input, .. } => views_of(input, out),
    }
}

fn subplan_views(e: &ScalarExpr, out: &mut Vec<String>) {
    if let ScalarKind::InSubquery { subquery, .. } = &e.kind {
        views_of(subquery, out);
    }
    for c in e.children() {
        subplan_views(c, out);
    }
}

/// Lowers plans against a fixed set of table providers and a pinned "now".
pub struct Lowering<'a> {
    /// Providers by lower-case view name.
    pub providers: &'a HashMap<String, Arc<dyn TableProvider>>,
    /// The columns of each view (by lower-case name) whose values are known
    /// to be distinct and never NULL ([`crate::storage::ascending`]).
    pub ascending: &'a HashMap<String, Vec<String>>,
    /// What `GetDate()` returns.
    pub now: DateTime,
}

fn ts(micros: i64) -> Expr {
    lit(ScalarValue::TimestampMicrosecond(Some(micros), None))
}

/// The select list with its key columns first, as the stable order of
/// [`crate::output::order`] has them.
fn key_columns_first(items: &[ProjectItem]) -> impl Iterator<Item = &ProjectItem> {
    let key = |i: &&ProjectItem| crate::output::order::is_key_column(&i.name);
    items.iter().filter(key).chain(items.iter().filter(move |i| !key(i)))
}

/// Sorts ascending by `e` after `sorts`, NULLs first: by its collation key
/// and then its exact text when it is `text`.
fn break_ties_by(e: Expr, text: bool, sorts: &mut Vec<df::SortExpr>) {
    if text {
        sorts.push(udf::CI_KEY.call(vec![e.clone()]).sort(true, true));
    }
    sorts.push(e.sort(true, true));
}

fn is_text(e: &ScalarExpr) -> bool {
    e.ty == ScalarType::String
}

impl Lowering<'_> {
    /// The DataFusion plan computing `plan`.
    pub fn plan(&self, plan: &LogicalPlan) -> Result<df::LogicalPlan> {
        Ok(self.builder(plan)?.build()?)
    }

    fn builder(&self, plan: &LogicalPlan) -> Result<LogicalPlanBuilder> {
        Ok(match plan {
            LogicalPlan::Scan {
                alias,
                view,
                fixed_filter,
                ..
            } => {
                let provider = self
                    .providers
                    .get(&view.to_ascii_lowercase())
                    .ok_or_else(|| EngineError::MissingView(view.clone()))?;
                let b = LogicalPlanBuilder::scan(
                    TableReference::bare(alias.as_str()),
                    provider_as_source(provider.clone()),
                    None,
                )?;
                match fixed_filter {
                    Some((c, v)) => {
                        let column = Expr::Column(Column::new(Some(TableReference::bare(alias.as_str())), c));
                        b.filter(udf::CI_KEY.call(vec![column]).eq(lit(udf::ci_key(v))))?
                    }
                    None => b,
                }
            }
            LogicalPlan::Join {
                left, right, kind, on, ..
            } => {
                let right = self.builder(right)?.build()?;
                let join_type = match kind {
                    JoinKind::Inner => JoinType::Inner,
                    JoinKind::Left => JoinType::Left,
                    JoinKind::Right => JoinType::Right,
                    JoinKind::Full => JoinType::Full,
                };
                self.builder(left)?.join_on(right, join_type, vec![self.expr(on)?])?
            }
            LogicalPlan::Filter { input, predicate, .. } => self.builder(input)?.filter(self.expr(predicate)?)?,
            LogicalPlan::Sort { input, keys, .. } => self.builder(input)?.sort(self.sorts(keys, &[])?)?,
            LogicalPlan::Project { input, items, .. } => {
                let exprs = items
                    .iter()
                    .map(|i| Ok(self.expr(&i.expr)?.alias(&i.name)))
                    .collect::<Result<Vec<_>>>()?;
                let b = match &**input {
                    LogicalPlan::Sort {
                        input: unsorted, keys, ..
                    } => {
                        let ties: Vec<&ScalarExpr> = key_columns_first(items).map(|i| &i.expr).collect();
                        self.builder(unsorted)?.sort(self.sorts(keys, &ties)?)?
                    }
                    _ => self.builder(input)?,
                };
                b.project(exprs)?
            }
            LogicalPlan::Aggregate { input, items, .. } => {
                let aggs = items
                    .iter()
                    .map(|(a, name)| {
                        Ok(match a {
                            Aggregate::CountStar => count(lit(1i64)),
                            Aggregate::Count(e) => count(self.expr(e)?),
                            Aggregate::CountDistinct(e) => count_distinct(self.key(e)?),
                        }
                        .alias(name))
                    })
                    .collect::<Result<Vec<_>>>()?;
                self.builder(input)?.aggregate(Vec::<Expr>::new(), aggs)?
            }
            LogicalPlan::Distinct { .. } if let Some(semi) = semijoin::rewrite(plan) => self.builder(&semi)?,
            LogicalPlan::Distinct { input, .. } if self.rows_are_distinct(input) => self.builder(input)?,
            LogicalPlan::Distinct { input, .. } => match &**input {
                LogicalPlan::Project {
                    input: sorted, items, ..
                } if matches!(**sorted, LogicalPlan::Sort { .. }) => self.distinct_sorted(sorted, items)?,
                _ => self.builder(input)?.distinct()?,
            },
        })
    }

    /// Whether the rows of `projected` (a DISTINCT's input) are distinct
    /// already: they come from one view, filtered and sorted but never
    /// multiplied by a join, and keep a column of it whose values are
    /// distinct. An array property's join, once a semi join
    /// ([`semijoin`]), no longer multiplies rows, so the DISTINCT the
    /// provider adds for it then has nothing to remove.
    fn rows_are_distinct(&self, projected: &LogicalPlan) -> bool {
        let LogicalPlan::Project { input, items, .. } = projected else {
            return false;
        };
        let mut rows = &**input;
        while let LogicalPlan::Filter { input, .. } | LogicalPlan::Sort { input, .. } = rows {
            rows = input;
        }
        let LogicalPlan::Scan { alias, view, .. } = rows else {
            return false;
        };
        let Some(distinct) = self.ascending.get(&view.to_ascii_lowercase()) else {
            return false;
        };
        items.iter().any(|i| {
            matches!(&i.expr.kind, ScalarKind::Column(c)
                if c.relation == *alias && distinct.iter().any(|d| d.eq_ignore_ascii_case(&c.column)))
        })
    }

    /// `SELECT DISTINCT … ORDER BY …`: DISTINCT would lose the order, so sort
    /// after it, by the output columns (keys outside the select list ride
    /// along as hidden columns and are dropped at the end).
    fn distinct_sorted(&self, sorted: &LogicalPlan, items: &[ProjectItem]) -> Result<LogicalPlanBuilder> {
        let LogicalPlan::Sort { input, keys, .. } = sorted else {
            return Err(EngineError::Invalid("expected a sort under DISTINCT".into()));
        };
        let mut exprs = items
            .iter()
            .map(|i| Ok(self.expr(&i.expr)?.alias(&i.name)))
            .collect::<Result<Vec<_>>>()?;
        let mut sorts = Vec::new();
        let mut hidden = false;
        for (n, k) in keys.iter().enumerate() {
            let name = match items.iter().find(|i| i.expr == k.expr) {
                Some(i) => i.name.clone(),
                None => {
                    hidden = true;
                    let name = format!("__wqlkit_sort_{n}");
                    exprs.push(self.expr(&k.expr)?.alias(&name));
                    name
                }
            };
            let column = Expr::Column(Column::new(None::<TableReference>, &name));
            let key = if is_text(&k.expr) {
                udf::CI_KEY.call(vec![column])
            } else {
                column
            };
            sorts.push(key.sort(!k.descending, !k.descending));
        }
        for i in key_columns_first(items) {
            let column = Expr::Column(Column::new(None::<TableReference>, &i.name));
            break_ties_by(column, is_text(&i.expr), &mut sorts);
        }
        let mut b = self.builder(input)?.project(exprs)?.distinct()?.sort(sorts)?;
        if hidden {
            let visible: Vec<Expr> = items
                .iter()
                .map(|i| Expr::Column(Column::new(None::<TableReference>, &i.name)))
                .collect();
            b = b.project(visible)?;
        }
        Ok(b)
    }

    /// ORDER BY `keys`, NULLs lowest as in SQL Server, then ascending by
    /// each of `ties` (its collation key, then its exact text): the stable
    /// order of [`crate::output::order`], so that ties come out the same on
    /// every run.
    fn sorts(&self, keys: &[wqlkit_core::plan::SortKey], ties: &[&ScalarExpr]) -> Result<Vec<df::SortExpr>> {
        let mut sorts = Vec::new();
        for k in keys {
            let (asc, nulls_first) = (!k.descending, !k.descending);
            sorts.push(self.key(&k.expr)?.sort(asc, nulls_first));
            if is_text(&k.expr) {
                sorts.push(self.expr(&k.expr)?.sort(asc, nulls_first));
            }
        }
        for e in ties {
            break_ties_by(self.expr(e)?, is_text(e), &mut sorts);
        }
        Ok(sorts)
    }

    /// The expression, or its collation key when it is text.
    fn key(&self, e: &ScalarExpr) -> Result<Expr> {
        if is_text(e) {
            if let ScalarKind::Literal(Value::String(s)) = &e.kind {
                return Ok(lit(udf::ci_key(s)));
            }
            return Ok(udf::CI_KEY.call(vec![self.expr(e)?]));
        }
        self.expr(e)
    }

    /// Both sides of a comparison, as collation keys when either is text.
    fn pair(&self, l: &ScalarExpr, r: &ScalarExpr) -> Result<(Expr, Expr)> {
        if is_text(l) && is_text(r) {
            Ok((self.key(l)?, self.key(r)?))
        } else if is_text(l) != is_text(r) && l.ty != ScalarType::Null && r.ty != ScalarType::Null {
            // Text against a number or date: SQL Server converts the text; a bad value is NULL here.
            let (lx, rx) = (self.expr(l)?, self.expr(r)?);
            let target = |other: &ScalarExpr| match other.ty {
                ScalarType::DateTime => DataType::Timestamp(TimeUnit::Microsecond, None),
                ScalarType::Real => DataType::Float64,
                ScalarType::Boolean => DataType::Boolean,
                _ => DataType::Int64,
            };
            if is_text(l) {
                Ok((try_cast(lx, target(r)), rx))
            } else {
                Ok((lx, try_cast(rx, target(l))))
            }
        } else {
            Ok((self.expr(l)?, self.expr(r)?))
        }
    }

    /// Text compared with a text literal: one pass over the column with the
    /// literal's key, instead of a key per row compared with it.
    fn compare_with_literal(&self, l: &ScalarExpr, op: CompareOp, r: &ScalarExpr) -> Result<Option<Expr>> {
        if !(is_text(l) && is_text(r)) {
            return Ok(None);
        }
        let literal = |e: &ScalarExpr| match &e.kind {
            ScalarKind::Literal(Value::String(s)) => Some(s.clone()),
            _ => None,
        };
        let (value, text, op) = match (literal(l), literal(r)) {
            (None, Some(t)) => (l, t, op),
            (Some(t), None) => (r, t, op.flipped()),
            _ => return Ok(None),
        };
        Ok(Some(udf::CI_COMPARE.call(vec![
            self.expr(value)?,
            lit(op.as_str()),
            lit(udf::ci_key(&text)),
        ])))
    }

    fn datetime_arg(&self, e: &ScalarExpr) -> Result<Expr> {
        let x = self.expr(e)?;
        Ok(if e.ty == ScalarType::String {
            try_cast(x, DataType::Timestamp(TimeUnit::Microsecond, None))
        } else {
            x
        })
    }

    fn expr(&self, e: &ScalarExpr) -> Result<Expr> {
        Ok(match &e.kind {
            ScalarKind::Column(c) => {
                Expr::Column(Column::new(Some(TableReference::bare(c.relation.as_str())), &c.column))
            }
            ScalarKind::Literal(v) => match v {
                Value::Null => lit(ScalarValue::Null),
                Value::String(s) => lit(s.clone()),
                Value::Integer(i) => match i64::try_from(*i) {
                    Ok(v) => lit(v),
                    Err(_) => lit(*i as f64),
                },
                Value::Decimal(d) => lit(d
                    .parse::<f64>()
                    .map_err(|e| EngineError::Invalid(format!("{d}: {e}")))?),
                Value::Boolean(b) => lit(*b),
                Value::DateTime(d) => ts(d.unix_micros()),
            },
            ScalarKind::Compare { left, op, right } => {
                if let Some(e) = self.compare_with_literal(left, *op, right)? {
                    return Ok(e);
                }
                let (l, r) = self.pair(left, right)?;
                let op = match op {
                    CompareOp::Eq => Operator::Eq,
                    CompareOp::NotEq => Operator::NotEq,
                    CompareOp::Lt => Operator::Lt,
                    CompareOp::LtEq => Operator::LtEq,
                    CompareOp::Gt => Operator::Gt,
                    CompareOp::GtEq => Operator::GtEq,
                };
                binary_expr(l, op, r)
            }
            ScalarKind::Like { expr, pattern, negated } => {
                let value = if is_text(expr) {
                    self.expr(expr)?
                } else {
                    cast(self.expr(expr)?, DataType::Utf8)
                };
                let m = udf::LIKE.call(vec![value, self.expr(pattern)?]);
                if *negated { !m } else { m }
            }
            ScalarKind::IsNull { expr, negated } => {
                let x = self.expr(expr)?;
                if *negated { x.is_not_null() } else { x.is_null() }
            }
            ScalarKind::InList { expr, list, negated } => {
                let x = self.key(expr)?;
                let items = list
                    .iter()
                    .map(|i| if is_text(expr) { self.key(i) } else { self.expr(i) })
                    .collect::<Result<Vec<_>>>()?;
                x.in_list(items, *negated)
            }
            ScalarKind::InSubquery {
                expr,
                subquery,
                negated,
            } => {
                let mut sub = self.builder(subquery)?;
                let text = is_text(expr);
                if text {
                    // Compare collation keys on both sides.
                    let schema = sub.schema().clone();
                    let field = schema.field(0);
                    let column = Expr::Column(Column::new(None::<TableReference>, field.name()));
                    sub = sub.project(vec![udf::CI_KEY.call(vec![column]).alias("key")])?;
                }
                let sub = Arc::new(sub.build()?);
                Expr::InSubquery(InSubquery::new(
                    Box::new(if text { self.key(expr)? } else { self.expr(expr)? }),
                    Subquery {
                        subquery: sub,
                        outer_ref_columns: vec![],
                        spans: Default::default(),
                    },
                    *negated,
                ))
            }
            ScalarKind::Between {
                expr,
                low,
                high,
                negated,
            } => {
                let x = self.key(expr)?;
                let (lo, hi) = if is_text(expr) {
                    (self.key(low)?, self.key(high)?)
                } else {
                    (self.expr(low)?, self.expr(high)?)
                };
                if *negated {
                    x.not_between(lo, hi)
                } else {
                    x.between(lo, hi)
                }
            }
            ScalarKind::And(v) => {
                let mut parts = v.iter().map(|x| self.expr(x)).collect::<Result<Vec<_>>>()?.into_iter();
                let first = parts.next().unwrap_or(lit(true));
                parts.fold(first, Expr::and)
            }
            ScalarKind::Or(v) => {
                let mut parts = v.iter().map(|x| self.expr(x)).collect::<Result<Vec<_>>>()?.into_iter();
                let first = parts.next().unwrap_or(lit(false));
                parts.fold(first, Expr::or)
            }
            ScalarKind::Not(x) => !self.expr(x)?,
            ScalarKind::Function { func, args } => self.function(*func, args)?,
        })
    }

    fn function(&self, func: Function, args: &[ScalarExpr]) -> Result<Expr> {
        let arg = |i: usize| -> Result<&ScalarExpr> {
            args.get(i)
                .ok_or_else(|| EngineError::Invalid(format!("{} is missing argument {}", func.sql_name(), i + 1)))
        };
        let int = |e: &ScalarExpr| -> Result<Expr> { Ok(cast(self.expr(e)?, DataType::Int64)) };
        Ok(match func {
            Function::Upper => upper(self.expr(arg(0)?)?),
            Function::Lower => lower(self.expr(arg(0)?)?),
            Function::Substring => substring(self.expr(arg(0)?)?, int(arg(1)?)?, int(arg(2)?)?),
            Function::CharIndex => {
                let start = match args.get(2) {
                    Some(s) => int(s)?,
                    None => lit(1i64),
                };
                udf::CHARINDEX.call(vec![self.expr(arg(0)?)?, self.expr(arg(1)?)?, start])
            }
            Function::GetDate => ts(self.now.unix_micros()),
            Function::DateDiff(p) => udf::DATEDIFF.call(vec![
                lit(p.as_str()),
                self.datetime_arg(arg(0)?)?,
                self.datetime_arg(arg(1)?)?,
            ]),
            Function::DateAdd(p) => {
                udf::DATEADD.call(vec![lit(p.as_str()), int(arg(0)?)?, self.datetime_arg(arg(1)?)?])
            }
            Function::DatePart(p) => udf::DATEPART.call(vec![lit(p.as_str()), self.datetime_arg(arg(0)?)?]),
        })
    }
}
