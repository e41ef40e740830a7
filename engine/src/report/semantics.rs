//! SQL Server's collation (SQL_Latin1_General_CP1_CI_AS) on a planned report,
//! as a DataFusion analyzer rule that runs after type coercion, when every
//! expression's type is known: text comparisons, IN, BETWEEN, CASE operands,
//! join keys and IN-subqueries compare case-insensitive keys with trailing
//! blanks ignored; LIKE is SQL Server's (with `[...]`); GROUP BY, DISTINCT
//! and UNION group text case-insensitively; ORDER BY sorts text by its key
//! and NULLs first, as SQL Server does.

use crate::lower::udf;
use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::common::{Column, DFSchema, Result, ScalarValue, not_impl_err};
use datafusion::functions_aggregate::expr_fn::min;
use datafusion::logical_expr::expr::{InList, InSubquery, Like};
use datafusion::logical_expr::expr_rewriter::NamePreserver;
use datafusion::logical_expr::{
    Aggregate, Between, BinaryExpr, Case, Distinct, Expr, ExprSchemable, Join, LogicalPlan, LogicalPlanBuilder,
    Operator, Projection, Sort, SortExpr, Subquery, cast, lit, when,
};
use datafusion::optimizer::AnalyzerRule;
use std::sync::Arc;

/// The analyzer rule.
#[derive(Debug)]
pub struct Collation;

impl AnalyzerRule for Collation {
    fn analyze(&self, plan: LogicalPlan, _config: &ConfigOptions) -> Result<LogicalPlan> {
        Ok(plan.transform_up_with_subqueries(node)?.data)
    }

    fn name(&self) -> &str {
        "wqlkit_sql_server_collation"
    }
}

fn is_text(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::Utf8View | DataType::LargeUtf8)
}

fn text(e: &Expr, schema: &DFSchema) -> bool {
    e.get_type(schema).is_ok_and(|t| is_text(&t))
}

/// The collation key of a text expression.
fn key(e: Expr, schema: &DFSchema) -> Expr {
    if let Expr::Literal(ScalarValue::Utf8(Some(s)) | ScalarValue::Utf8View(Some(s)), _) = &e {
        return lit(udf::ci_key(s));
    }
    udf::CI_KEY.call(vec![as_text(e, schema)])
}

fn is_datetime(t: &DataType) -> bool {
    matches!(t, DataType::Timestamp(..) | DataType::Date32)
}

/// For a text literal, the datetime it reads as in SQL Server's forms (or
/// `None` inside when it is none); `None` for anything but a text literal.
fn literal_datetime(e: &Expr) -> Option<Option<i64>> {
    match e {
        Expr::Literal(ScalarValue::Utf8(Some(text)) | ScalarValue::Utf8View(Some(text)), _) => {
            Some(wqlkit_core::DateTime::parse(text).map(|d| d.unix_micros()))
        }
        _ => None,
    }
}

/// Whether `e` is already a collation key.
fn is_key(e: &Expr) -> bool {
    matches!(e, Expr::ScalarFunction(f) if f.func.name() == udf::CI_KEY.name())
}

/// Sort keys as SQL Server orders: text by its collation key, NULLs first when ascending.
fn keyed_order(keys: Vec<SortExpr>, schema: &DFSchema) -> Vec<SortExpr> {
    keys.into_iter()
        .map(|k| SortExpr {
            expr: if text(&k.expr, schema) && !is_key(&k.expr) {
                key(k.expr, schema)
            } else {
                k.expr
            },
            asc: k.asc,
            nulls_first: k.asc,
        })
        .collect()
}

/// `e` as text: text in any layout as it is, anything else cast to text.
fn as_text(e: Expr, schema: &DFSchema) -> Expr {
    if text(&e, schema) { e } else { cast(e, DataType::Utf8) }
}

fn as_utf8(e: Expr, schema: &DFSchema) -> Expr {
    match e.get_type(schema) {
        Ok(DataType::Utf8) => e,
        _ => cast(e, DataType::Utf8),
    }
}

/// The schema the expressions of `plan` are evaluated against.
fn input_schema(plan: &LogicalPlan) -> Result<DFSchema> {
    let mut schema = DFSchema::empty();
    for input in plan.inputs() {
        schema.merge(input.schema());
    }
    if let LogicalPlan::Join(j) = plan {
        return Ok(j.schema.as_ref().clone());
    }
    Ok(schema)
}

/// Rewrites one node; its children are already rewritten.
fn node(plan: LogicalPlan) -> Result<Transformed<LogicalPlan>> {
    match plan {
        LogicalPlan::Sort(s) => sort(s),
        LogicalPlan::Aggregate(a) => aggregate(a),
        LogicalPlan::Distinct(Distinct::All(input)) => {
            if !input.schema().fields().iter().any(|f| is_text(f.data_type())) {
                return Ok(Transformed::no(LogicalPlan::Distinct(Distinct::All(input))));
            }
            let groups: Vec<Expr> = input
                .schema()
                .iter()
                .map(|(q, f)| Expr::Column(Column::new(q.cloned(), f.name())))
                .collect();
            let a = Aggregate::try_new(input, groups, vec![])?;
            Ok(Transformed::yes(aggregate(a)?.data))
        }
        LogicalPlan::Join(j) => join(j),
        other => expressions(other),
    }
}

fn expressions(plan: LogicalPlan) -> Result<Transformed<LogicalPlan>> {
    if matches!(plan, LogicalPlan::TableScan(_)) {
        return Ok(Transformed::no(plan));
    }
    let schema = input_schema(&plan)?;
    let preserver = NamePreserver::new(&plan);
    plan.map_expressions(|e| {
        let saved = preserver.save(&e);
        let t = e.transform_up(|x| expr(x, &schema))?;
        Ok(if t.transformed {
            Transformed::yes(saved.restore(t.data))
        } else {
            t
        })
    })
}

fn join(mut j: Join) -> Result<Transformed<LogicalPlan>> {
    let (ls, rs) = (j.left.schema().clone(), j.right.schema().clone());
    let mut changed = false;
    for (l, r) in j.on.iter_mut() {
        if text(l, &ls) && text(r, &rs) {
            *l = key(l.clone(), &ls);
            *r = key(r.clone(), &rs);
            changed = true;
        }
    }
    if let Some(f) = j.filter.take() {
        let schema = j.schema.as_ref().clone();
        let t = f.transform_up(|x| expr(x, &schema))?;
        changed |= t.transformed;
        j.filter = Some(t.data);
    }
    Ok(Transformed::new_transformed(LogicalPlan::Join(j), changed))
}

fn sort(s: Sort) -> Result<Transformed<LogicalPlan>> {
    let schema = s.input.schema().clone();
    let expr = s
        .expr
        .into_iter()
        .map(|k| SortExpr {
            expr: if text(&k.expr, &schema) {
                key(k.expr, &schema)
            } else {
                k.expr
            },
            asc: k.asc,
            // SQL Server sorts NULL below every value.
            nulls_first: k.asc,
        })
        .collect();
    Ok(Transformed::yes(LogicalPlan::Sort(Sort {
        expr,
        input: s.input,
        fetch: s.fetch,
    })))
}

/// A bit (BIT, Arrow Boolean) among numbers is a number in SQL Server, by
/// data type precedence: `ISNULL(IsClient, 0)` and `CASE WHEN … THEN IsClient
/// ELSE 0 END` are integers. DataFusion cannot unify Boolean with a number,
/// so before type coercion such bits are cast to int.
#[derive(Debug)]
pub struct BitsAsNumbers;

impl AnalyzerRule for BitsAsNumbers {
    fn analyze(&self, plan: LogicalPlan, _config: &ConfigOptions) -> Result<LogicalPlan> {
        Ok(plan
            .transform_up_with_subqueries(|p| {
                let schema = input_schema(&p)?;
                let t = p.map_expressions(|e| e.transform_up(|x| Ok(bits_as_numbers(x, &schema))))?;
                if t.transformed {
                    Ok(Transformed::yes(t.data.recompute_schema()?))
                } else {
                    Ok(t)
                }
            })?
            .data)
    }

    fn name(&self) -> &str {
        "wqlkit_sql_server_bit_precedence"
    }
}

fn bits_as_numbers(e: Expr, schema: &DFSchema) -> Transformed<Expr> {
    let kind = |x: &Expr| match x.get_type(schema) {
        Ok(DataType::Boolean) => Some(false),
        Ok(t) if t.is_numeric() => Some(true),
        _ => None,
    };
    let mixed = |xs: &[&Expr]| {
        let kinds: Vec<Option<bool>> = xs.iter().map(|x| kind(x)).collect();
        kinds.contains(&Some(false)) && kinds.contains(&Some(true))
    };
    let as_number = |x: Expr| {
        if kind(&x) == Some(false) {
            cast(x, DataType::Int32)
        } else {
            x
        }
    };
    match e {
        Expr::Case(mut c) => {
            let results: Vec<&Expr> = c
                .when_then_expr
                .iter()
                .map(|(_, t)| t.as_ref())
                .chain(c.else_expr.as_deref())
                .collect();
            if !mixed(&results) {
                return Transformed::no(Expr::Case(c));
            }
            c.when_then_expr = c
                .when_then_expr
                .into_iter()
                .map(|(w, t)| (w, Box::new(as_number(*t))))
                .collect();
            c.else_expr = c.else_expr.map(|x| Box::new(as_number(*x)));
            Transformed::yes(Expr::Case(c))
        }
        other => Transformed::no(other),
    }
}

/// AVG of an integer column is an integer in SQL Server (the sum divided by
/// the count, truncated); DataFusion's is a float. This rule runs before type
/// coercion, while the argument's own type is visible: such an AVG becomes a
/// SUM and a COUNT, divided in a projection above the aggregate.
#[derive(Debug)]
pub struct IntegerAverages;

impl AnalyzerRule for IntegerAverages {
    fn analyze(&self, plan: LogicalPlan, _config: &ConfigOptions) -> Result<LogicalPlan> {
        let mut changed = false;
        Ok(plan
            .transform_up_with_subqueries(|p| match p {
                LogicalPlan::Aggregate(a) if !integer_averages(&a).is_empty() => {
                    changed = true;
                    split_averages(a)
                }
                LogicalPlan::Window(w)
                    if w.window_expr
                        .iter()
                        .any(|e| integer_window_average(e, w.input.schema())) =>
                {
                    not_impl_err!("AVG of an integer column over a window (SQL Server's is an integer)")
                }
                other if changed => Ok(Transformed::yes(other.recompute_schema()?)),
                other => Ok(Transformed::no(other)),
            })?
            .data)
    }

    fn name(&self) -> &str {
        "wqlkit_sql_server_integer_avg"
    }
}

/// Whether a window expression is an AVG over an integer column.
fn integer_window_average(e: &Expr, schema: &DFSchema) -> bool {
    let e = match e {
        Expr::Alias(a) => a.expr.as_ref(),
        other => other,
    };
    match e {
        Expr::WindowFunction(w) => {
            matches!(&w.fun, datafusion::logical_expr::WindowFunctionDefinition::AggregateUDF(f) if f.name() == "avg")
                && w.params
                    .args
                    .first()
                    .is_some_and(|a| a.get_type(schema).is_ok_and(|t| t.is_integer()))
        }
        _ => false,
    }
}

/// The position (among the aggregates) of each AVG over an integer column.
fn integer_averages(a: &Aggregate) -> Vec<usize> {
    let schema = a.input.schema();
    a.aggr_expr
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            let e = match e {
                Expr::Alias(al) => al.expr.as_ref(),
                other => other,
            };
            let Expr::AggregateFunction(f) = e else {
                return false;
            };
            f.func.name() == "avg"
                && f.params.args.len() == 1
                && f.params.args[0].get_type(schema).is_ok_and(|t| t.is_integer())
        })
        .map(|(i, _)| i)
        .collect()
}

fn split_averages(a: Aggregate) -> Result<Transformed<LogicalPlan>> {
    let averages = integer_averages(&a);
    let original = a.schema.clone();
    let n_groups = original.fields().len() - a.aggr_expr.len();
    let mut aggs = Vec::new();
    for (i, e) in a.aggr_expr.iter().enumerate() {
        let (q, f) = original.qualified_field(n_groups + i);
        if averages.contains(&i) {
            let inner = match e {
                Expr::Alias(al) => al.expr.as_ref(),
                other => other,
            };
            let Expr::AggregateFunction(af) = inner else {
                continue;
            };
            let x = af.params.args[0].clone();
            let mut s = af.clone();
            s.func = datafusion::functions_aggregate::sum::sum_udaf();
            aggs.push(Expr::AggregateFunction(s).alias(format!("__wqlkit_avg_sum_{i}")));
            let count = if af.params.distinct {
                datafusion::functions_aggregate::expr_fn::count_distinct(x)
            } else {
                datafusion::functions_aggregate::expr_fn::count(x)
            };
            aggs.push(count.alias(format!("__wqlkit_avg_count_{i}")));
        } else {
            aggs.push(e.clone().alias_qualified(q.cloned(), f.name()));
        }
    }
    let aggregate = LogicalPlanBuilder::from(Arc::clone(&a.input))
        .aggregate(a.group_expr.clone(), aggs)?
        .build()?;
    let restore: Vec<Expr> = (0..original.fields().len())
        .map(|i| {
            let (q, f) = original.qualified_field(i);
            if i >= n_groups && averages.contains(&(i - n_groups)) {
                let k = i - n_groups;
                let sum = Expr::Column(Column::from_name(format!("__wqlkit_avg_sum_{k}")));
                let count = Expr::Column(Column::from_name(format!("__wqlkit_avg_count_{k}")));
                Ok(when(count.clone().eq(lit(0i64)), lit(ScalarValue::Int64(None)))
                    .otherwise(cast(sum, DataType::Int64) / count)?
                    .alias_qualified(q.cloned(), f.name()))
            } else {
                Ok(Expr::Column(Column::new(q.cloned(), f.name())))
            }
        })
        .collect::<Result<_>>()?;
    let projection = Projection::try_new(restore, Arc::new(aggregate))?;
    Ok(Transformed::yes(LogicalPlan::Projection(projection)))
}

/// GROUP BY text: group by the key, keep one spelling (the least) of each
/// group, and restore the original output columns above.
fn aggregate(a: Aggregate) -> Result<Transformed<LogicalPlan>> {
    let input_schema = a.input.schema().clone();
    let grouping_sets = a.group_expr.iter().any(|g| matches!(g, Expr::GroupingSet(_)));
    let text_groups = a.group_expr.iter().any(|g| text(g, &input_schema));
    if grouping_sets && text_groups {
        return not_impl_err!("ROLLUP, CUBE or GROUPING SETS over text columns (case-insensitive grouping)");
    }
    if !text_groups {
        // Aggregates' own arguments still get the expression rules.
        return expressions(LogicalPlan::Aggregate(a));
    }
    let original = a.schema.clone();
    let n_groups = original.fields().len() - a.aggr_expr.len();
    let mut groups = Vec::new();
    let mut aggs = Vec::new();
    for (i, g) in a.group_expr.iter().enumerate() {
        if text_groups && text(g, &input_schema) {
            groups.push(key(g.clone(), &input_schema).alias(format!("__wqlkit_group_key_{i}")));
        } else {
            groups.push(g.clone());
        }
    }
    for (i, e) in a.aggr_expr.iter().enumerate() {
        let (q, f) = original.qualified_field(n_groups + i);
        let e = e.clone().transform_up(|x| expr(x, &input_schema))?.data;
        aggs.push(e.alias_qualified(q.cloned(), f.name()));
    }
    if text_groups {
        for (i, g) in a.group_expr.iter().enumerate() {
            if text(g, &input_schema) {
                let (q, f) = original.qualified_field(i);
                aggs.push(min(g.clone()).alias_qualified(q.cloned(), f.name()));
            }
        }
    }
    let aggregate = LogicalPlanBuilder::from(Arc::clone(&a.input))
        .aggregate(groups, aggs)?
        .build()?;
    let restore: Vec<Expr> = (0..original.fields().len())
        .map(|i| {
            let (q, f) = original.qualified_field(i);
            Expr::Column(Column::new(q.cloned(), f.name()))
        })
        .collect();
    let projection = Projection::try_new(restore, Arc::new(aggregate))?;
    Ok(Transformed::yes(LogicalPlan::Projection(projection)))
}

/// The expression rules.
fn expr(e: Expr, schema: &DFSchema) -> Result<Transformed<Expr>> {
    Ok(match e {
        Expr::BinaryExpr(BinaryExpr { left, op, right })
            if matches!(
                op,
                Operator::Eq | Operator::NotEq | Operator::Lt | Operator::LtEq | Operator::Gt | Operator::GtEq
            ) && text(&left, schema)
                && text(&right, schema) =>
        {
            Transformed::yes(Expr::BinaryExpr(BinaryExpr::new(
                Box::new(key(*left, schema)),
                op,
                Box::new(key(*right, schema)),
            )))
        }
        Expr::Like(Like {
            negated,
            expr,
            pattern,
            escape_char,
            case_insensitive: false,
        }) => Transformed::yes(like(negated, *expr, *pattern, escape_char, schema)?),
        Expr::InList(InList { expr, list, negated }) if text(&expr, schema) => Transformed::yes(Expr::InList(InList {
            expr: Box::new(key(*expr, schema)),
            list: list.into_iter().map(|x| key(x, schema)).collect(),
            negated,
        })),
        Expr::Between(Between {
            expr,
            negated,
            low,
            high,
        }) if text(&expr, schema) => Transformed::yes(Expr::Between(Between {
            expr: Box::new(key(*expr, schema)),
            negated,
            low: Box::new(key(*low, schema)),
            high: Box::new(key(*high, schema)),
        })),
        Expr::Case(Case {
            expr: Some(operand),
            when_then_expr,
            else_expr,
        }) if text(&operand, schema) => Transformed::yes(Expr::Case(Case {
            expr: Some(Box::new(key(*operand, schema))),
            when_then_expr: when_then_expr
                .into_iter()
                .map(|(w, t)| (Box::new(key(*w, schema)), t))
                .collect(),
            else_expr,
        })),
        Expr::InSubquery(InSubquery {
            expr,
            subquery,
            negated,
        }) if text(&expr, schema) => {
            let sub = subquery.subquery.as_ref();
            let field = sub.schema().qualified_field(0);
            let column = Expr::Column(Column::new(field.0.cloned(), field.1.name()));
            let keyed = LogicalPlanBuilder::from(sub.clone())
                .project(vec![key(column, sub.schema()).alias("__wqlkit_key")])?
                .build()?;
            Transformed::yes(Expr::InSubquery(InSubquery::new(
                Box::new(key(*expr, schema)),
                Subquery {
                    subquery: Arc::new(keyed),
                    outer_ref_columns: subquery.outer_ref_columns,
                    spans: subquery.spans,
                },
                negated,
            )))
        }
        // MIN and MAX of text compare under the collation.
        Expr::AggregateFunction(f)
            if matches!(f.func.name(), "min" | "max")
                && !f.params.distinct
                && f.params.order_by.is_empty()
                && f.params.args.len() == 1
                && text(&f.params.args[0], schema) =>
        {
            let x = f.params.args[0].clone();
            let mut g = f.clone();
            g.func = datafusion::functions_aggregate::first_last::first_value_udaf();
            g.params.order_by = vec![SortExpr {
                expr: key(x, schema),
                asc: f.func.name() == "min",
                nulls_first: false,
            }];
            Transformed::yes(Expr::AggregateFunction(g))
        }
        // An ordered aggregate (STRING_AGG … WITHIN GROUP) orders text by its key, NULLs first.
        // (Not with DISTINCT, whose ORDER BY must be its argument as written.)
        Expr::AggregateFunction(mut f)
            if !f.params.order_by.is_empty()
                && !f.params.distinct
                && f.params
                    .order_by
                    .iter()
                    .any(|k| text(&k.expr, schema) && !is_key(&k.expr)) =>
        {
            f.params.order_by = keyed_order(std::mem::take(&mut f.params.order_by), schema);
            Transformed::yes(Expr::AggregateFunction(f))
        }
        // Float division by zero is an error, not infinity.
        Expr::BinaryExpr(BinaryExpr {
            left,
            op: Operator::Divide,
            right,
        }) if matches!(left.get_type(schema), Ok(DataType::Float64 | DataType::Float32))
            || matches!(right.get_type(schema), Ok(DataType::Float64 | DataType::Float32)) =>
        {
            Transformed::yes(udf::DIVIDE.call(vec![cast(*left, DataType::Float64), cast(*right, DataType::Float64)]))
        }
        // COUNT(DISTINCT text) counts case-insensitively distinct values.
        Expr::AggregateFunction(mut f)
            if f.func.name() == "count" && f.params.distinct && f.params.args.iter().any(|a| text(a, schema)) =>
        {
            f.params.args = f
                .params
                .args
                .into_iter()
                .map(|a| if text(&a, schema) { key(a, schema) } else { a })
                .collect();
            Transformed::yes(Expr::AggregateFunction(f))
        }
        // Windows partition and order text by its key, NULLs first.
        Expr::WindowFunction(mut w) => {
            let p = &mut w.params;
            p.partition_by = std::mem::take(&mut p.partition_by)
                .into_iter()
                .map(|e| if text(&e, schema) { key(e, schema) } else { e })
                .collect();
            p.order_by = keyed_order(std::mem::take(&mut p.order_by), schema);
            Transformed::yes(Expr::WindowFunction(w))
        }
        // Text literals become datetimes in the forms SQL Server reads
        // (yyyymmdd, mm/dd/yyyy, yyyy-mm-dd hh:mm:ss.fff, …).
        Expr::Cast(c) if is_datetime(c.field.data_type()) && literal_datetime(&c.expr).is_some() => {
            match literal_datetime(&c.expr).flatten() {
                Some(us) => Transformed::yes(cast(
                    lit(ScalarValue::TimestampMicrosecond(Some(us), None)),
                    c.field.data_type().clone(),
                )),
                None => Transformed::no(Expr::Cast(c)),
            }
        }
        // TRY_CAST of a text literal to a datetime: the same forms, NULL for anything else.
        Expr::TryCast(c) if is_datetime(c.field.data_type()) && literal_datetime(&c.expr).is_some() => {
            Transformed::yes(cast(
                lit(ScalarValue::TimestampMicrosecond(
                    literal_datetime(&c.expr).flatten(),
                    None,
                )),
                c.field.data_type().clone(),
            ))
        }
        // Text columns become datetimes in the same forms (Arrow's parser reads only ISO).
        Expr::Cast(c) if is_datetime(c.field.data_type()) && text(&c.expr, schema) => {
            let to = c.field.data_type().clone();
            Transformed::yes(cast(super::udfs::DATETIME.call(vec![as_utf8(*c.expr, schema)]), to))
        }
        Expr::TryCast(c) if is_datetime(c.field.data_type()) && text(&c.expr, schema) => {
            let to = c.field.data_type().clone();
            Transformed::yes(cast(super::udfs::TRY_DATETIME.call(vec![as_utf8(*c.expr, schema)]), to))
        }
        // A number as a datetime counts days from 1900-01-01, SQL Server's day 0.
        Expr::Cast(c)
            if matches!(c.field.data_type(), DataType::Timestamp(..)) && c.expr.get_type(schema)?.is_integer() =>
        {
            let day0 = lit(ScalarValue::TimestampMicrosecond(Some(-2_208_988_800_000_000), None));
            let days = cast(*c.expr, DataType::Int64);
            Transformed::yes(cast(
                udf::DATEADD.call(vec![lit("day"), days, day0]),
                c.field.data_type().clone(),
            ))
        }
        // A datetimeoffset as a datetime is its local time.
        Expr::Cast(c)
            if matches!(c.field.data_type(), DataType::Timestamp(_, None))
                && matches!(c.expr.get_type(schema)?, DataType::Timestamp(_, Some(_))) =>
        {
            let to = c.field.data_type().clone();
            Transformed::yes(cast(
                datafusion::functions::datetime::to_local_time().call(vec![*c.expr]),
                to,
            ))
        }
        // Datetimes and bits become text as SQL Server writes them.
        Expr::Cast(c) if is_text(c.field.data_type()) => {
            let from = c.expr.get_type(schema)?;
            match from {
                // A datetimeoffset as text: `yyyy-mm-dd hh:mm:ss.fffffff ±hh:mm`.
                DataType::Timestamp(_, Some(_)) => {
                    Transformed::yes(super::convert::CONVERT_TEXT.call(vec![*c.expr, lit(0i64)]))
                }
                DataType::Timestamp(..) => {
                    let ts = cast(*c.expr, DataType::Timestamp(TimeUnit::Microsecond, None));
                    Transformed::yes(udf::FORMAT_DATETIME.call(vec![ts, lit(0i64)]))
                }
                // A date becomes `yyyy-mm-dd`, as SQL Server writes it (and Arrow's cast does).
                DataType::Date32 | DataType::Date64 => Transformed::no(Expr::Cast(c)),
                DataType::Boolean => Transformed::yes(when(*c.expr.clone(), lit("1")).when(!*c.expr, lit("0")).end()?),
                // A float becomes text in CONVERT's style 0 (six digits, `1.23457e+006`).
                DataType::Float64 | DataType::Float32 => {
                    Transformed::yes(super::convert::CONVERT_TEXT.call(vec![*c.expr, lit(0i64)]))
                }
                _ => Transformed::no(Expr::Cast(c)),
            }
        }
        other => Transformed::no(other),
    })
}

/// SQL Server's LIKE: the `wql_like` function. `ESCAPE 'c'` is rewritten
/// into bracket classes when the pattern is a literal.
fn like(negated: bool, value: Expr, pattern: Expr, escape: Option<char>, schema: &DFSchema) -> Result<Expr> {
    let pattern = match (escape, &pattern) {
        (None, _) => pattern,
        (Some(c), Expr::Literal(ScalarValue::Utf8(Some(p)) | ScalarValue::Utf8View(Some(p)), _)) => lit(unescape(p, c)),
        (Some(_), _) => return not_impl_err!("LIKE … ESCAPE with a pattern that is not a literal"),
    };
    let m = udf::LIKE.call(vec![as_text(value, schema), as_utf8(pattern, schema)]);
    Ok(if negated { !m } else { m })
}

/// A LIKE pattern with escape character `c`, in bracket form (`!_` → `[_]`).
fn unescape(p: &str, c: char) -> String {
    let mut out = String::new();
    let mut chars = p.chars();
    while let Some(x) = chars.next() {
        if x == c {
            match chars.next() {
                Some(y) => {
                    out.push('[');
                    out.push(y);
                    out.push(']');
                }
                None => out.push(x),
            }
        } else {
            out.push(x);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::unescape;

    #[test]
    fn escapes_become_brackets() {
        assert_eq!(unescape("a!_b%", '!'), "a[_]b%");
        assert_eq!(unescape("100!%", '!'), "100[%]");
    }
}
