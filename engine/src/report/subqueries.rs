//! Correlated subqueries as joins, which DataFusion plans where it cannot
//! decorrelate them itself: `(SELECT TOP 1 … ORDER BY …)` and `APPLY` as a
//! join on ROW_NUMBER(), and `(SELECT agg(…) FROM … WHERE …)` in a select
//! list as a LEFT JOIN on the correlated columns (by equality, or through
//! the outer table's distinct values for any other condition).

use super::expr::{call, number};
use super::rewrite::{Rewriter, number_of};
use datafusion::sql::sqlparser::ast::{
    BinaryOperator, Expr, Ident, JoinConstraint, JoinOperator, LimitClause, ObjectName, Query, Select, SelectItem,
    SetExpr, TableFactor, TableWithJoins, visit_relations,
};
use std::ops::ControlFlow;

impl Rewriter<'_> {
    /// `(SELECT TOP 1 x FROM … WHERE inner.k = outer.k ORDER BY …)` in a select
    /// list becomes a LEFT JOIN on ROW_NUMBER(), as OUTER APPLY does, and the
    /// subquery its column.
    pub(super) fn scalar_top_subqueries(&mut self, select: &mut Select) {
        let grouped = !matches!(&select.group_by, datafusion::sql::sqlparser::ast::GroupByExpr::Expressions(v, m) if v.is_empty() && m.is_empty());
        if select.from.is_empty() {
            return;
        }
        let mut joins = Vec::new();
        let outer_from = select.from.clone();
        for item in &mut select.projection {
            let (SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. }) = item else {
                continue;
            };
            let _ = datafusion::sql::sqlparser::ast::visit_expressions_mut(e, |x: &mut Expr| {
                let Expr::Subquery(q) = x else {
                    return ControlFlow::<()>::Continue(());
                };
                let one = matches!(&q.limit_clause, Some(LimitClause::LimitOffset { limit: Some(l), offset: None, .. }) if number_of(l) == Some(1.0));
                if !one {
                    let alias = Ident::with_quote('"', format!("__wqlkit_subquery_{}", self.subqueries));
                    let mut sub = (**q).clone();
                    if let Some((on, value)) = aggregate_as_join(&mut sub, &alias, grouped, &outer_from) {
                        self.subqueries += 1;
                        joins.push(left_join(sub, alias, on));
                        *x = value;
                    }
                    return ControlFlow::Continue(());
                }
                let SetExpr::Select(inner) = &mut *q.body else {
                    return ControlFlow::Continue(());
                };
                if grouped || inner.projection.len() != 1 {
                    return ControlFlow::Continue(());
                }
                let column = match &inner.projection[0] {
                    SelectItem::ExprWithAlias { alias, .. } => alias.clone(),
                    SelectItem::UnnamedExpr(Expr::Identifier(i)) => i.clone(),
                    SelectItem::UnnamedExpr(Expr::CompoundIdentifier(p)) if !p.is_empty() => p[p.len() - 1].clone(),
                    SelectItem::UnnamedExpr(other) => {
                        let value = Ident::with_quote('"', "__wqlkit_value");
                        inner.projection[0] = SelectItem::ExprWithAlias {
                            expr: other.clone(),
                            alias: value.clone(),
                        };
                        value
                    }
                    _ => return ControlFlow::Continue(()),
                };
                let alias = Ident::with_quote('"', format!("__wqlkit_subquery_{}", self.subqueries));
                let mut sub = (**q).clone();
                let Some(on) = apply_as_window(&mut sub, &alias) else {
                    return ControlFlow::Continue(());
                };
                self.subqueries += 1;
                joins.push(left_join(sub, alias.clone(), on));
                *x = Expr::CompoundIdentifier(vec![alias, column]);
                ControlFlow::Continue(())
            });
        }
        if let Some(last) = select.from.last_mut() {
            last.joins.extend(joins);
        }
    }
}

/// The conjuncts of a condition.
fn conjuncts(e: Expr, out: &mut Vec<Expr>) {
    match e {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => {
            conjuncts(*left, out);
            conjuncts(*right, out);
        }
        Expr::Nested(inner)
            if matches!(
                *inner,
                Expr::BinaryOp {
                    op: BinaryOperator::And,
                    ..
                }
            ) =>
        {
            conjuncts(*inner, out)
        }
        other => out.push(other),
    }
}

/// Whether `e` names a column of a relation outside `inner`.
fn reads_outer(e: &Expr, inner: &std::collections::HashSet<String>) -> bool {
    let mut outer = false;
    let _ = datafusion::sql::sqlparser::ast::visit_expressions(e, |x: &Expr| {
        if let Expr::CompoundIdentifier(parts) = x
            && parts.len() >= 2
            && !inner.contains(&parts[parts.len() - 2].value)
        {
            outer = true;
        }
        ControlFlow::<()>::Continue(())
    });
    outer
}

/// The correlation of a subquery's WHERE: pairs (inner key, outer key) of
/// its `inner.k = outer.k` conjuncts, and the conjuncts that read only the
/// subquery. `None` when it correlates otherwise, or not at all.
#[allow(clippy::type_complexity)]
fn correlation(s: &Select) -> Option<(Vec<(Expr, Expr)>, Vec<Expr>)> {
    let inner = inner_names(s);
    let mut parts = Vec::new();
    if let Some(w) = s.selection.clone() {
        conjuncts(w, &mut parts);
    }
    let mut keys: Vec<(Expr, Expr)> = Vec::new();
    let mut kept = Vec::new();
    for c in parts {
        if !reads_outer(&c, &inner) {
            kept.push(c);
            continue;
        }
        match c {
            Expr::BinaryOp {
                left,
                op: BinaryOperator::Eq,
                right,
            } => match (reads_outer(&left, &inner), reads_outer(&right, &inner)) {
                (false, true) => keys.push((*left, *right)),
                (true, false) => keys.push((*right, *left)),
                _ => return None,
            },
            _ => return None,
        }
    }
    (!keys.is_empty()).then_some((keys, kept))
}

/// The names (tables and aliases) a subquery's FROM clause reads under.
fn inner_names(s: &Select) -> std::collections::HashSet<String> {
    let mut inner = std::collections::HashSet::new();
    let _ = visit_relations(&s.from, |r: &ObjectName| {
        if let Some(last) = r.0.last() {
            inner.insert(last.to_string().trim_matches(['[', ']']).to_string());
        }
        ControlFlow::<()>::Continue(())
    });
    for twj in &s.from {
        for tf in std::iter::once(&twj.relation).chain(twj.joins.iter().map(|j| &j.relation)) {
            if let TableFactor::Table { alias: Some(a), .. } | TableFactor::Derived { alias: Some(a), .. } = tf {
                inner.insert(a.name.value.clone());
            }
        }
    }
    inner
}

/// A subquery correlated other than by equality (`WHERE u.Days BETWEEN
/// b.FromDay AND b.ToDay`), made uncorrelated: it reads the distinct values
/// of the outer columns it uses (`SELECT DISTINCT b.FromDay, b.ToDay FROM
/// @Buckets b`) beside its own tables, and its result is keyed by them.
/// Returns the (inner key, outer column) pairs and the rewritten conditions,
/// or `None` unless every outer column is of one table of `outer_from`.
#[allow(clippy::type_complexity)]
fn through_outer_values(s: &mut Select, outer_from: &[TableWithJoins]) -> Option<(Vec<(Expr, Expr)>, Vec<Expr>)> {
    let inner = inner_names(s);
    let reads_outside_where = s.projection.iter().any(|item| match item {
        SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => reads_outer(e, &inner),
        _ => true,
    });
    if reads_outside_where
        || s.from
            .iter()
            .any(|twj| twj.joins.iter().any(|j| reads_outer_join(j, &inner)))
    {
        return None;
    }
    let mut selection = s.selection.clone()?;
    let mut columns: Vec<Ident> = Vec::new();
    let mut table: Option<Ident> = None;
    let domain = Ident::with_quote('"', "__wqlkit_outer");
    let mut foreign = false;
    let _ = datafusion::sql::sqlparser::ast::visit_expressions_mut(&mut selection, |x: &mut Expr| {
        if let Expr::CompoundIdentifier(parts) = x
            && parts.len() >= 2
            && !inner.contains(&parts[parts.len() - 2].value)
        {
            let (q, c) = (&parts[parts.len() - 2], &parts[parts.len() - 1]);
            match &table {
                Some(t) if !t.value.eq_ignore_ascii_case(&q.value) => foreign = true,
                Some(_) => {}
                None => table = Some(q.clone()),
            }
            let i = columns
                .iter()
                .position(|k| k.value.eq_ignore_ascii_case(&c.value))
                .unwrap_or_else(|| {
                    columns.push(c.clone());
                    columns.len() - 1
                });
            *x = Expr::CompoundIdentifier(vec![
                domain.clone(),
                Ident::with_quote('"', format!("__wqlkit_apply_key_{i}")),
            ]);
        }
        ControlFlow::<()>::Continue(())
    });
    let table = table.filter(|_| !foreign)?;
    let factor = outer_from
        .iter()
        .flat_map(|twj| std::iter::once(&twj.relation).chain(twj.joins.iter().map(|j| &j.relation)))
        .find(|f| match f {
            TableFactor::Table { alias: Some(a), .. } | TableFactor::Derived { alias: Some(a), .. } => {
                a.name.value.eq_ignore_ascii_case(&table.value)
            }
            TableFactor::Table { name, alias: None, .. } => name
                .0
                .last()
                .and_then(|p| p.as_ident())
                .is_some_and(|i| i.value.eq_ignore_ascii_case(&table.value)),
            _ => false,
        })?
        .clone();
    // SELECT DISTINCT t.c0 AS key_0, … FROM <the outer table>
    let mut values = s.clone();
    values.distinct = Some(datafusion::sql::sqlparser::ast::Distinct::Distinct);
    values.projection = columns
        .iter()
        .enumerate()
        .map(|(i, c)| SelectItem::ExprWithAlias {
            expr: Expr::CompoundIdentifier(vec![table.clone(), c.clone()]),
            alias: Ident::with_quote('"', format!("__wqlkit_apply_key_{i}")),
        })
        .collect();
    values.from = vec![TableWithJoins {
        relation: factor,
        joins: vec![],
    }];
    values.selection = None;
    values.group_by = datafusion::sql::sqlparser::ast::GroupByExpr::Expressions(vec![], vec![]);
    values.having = None;
    let values = wqlkit_wql::tsql::query_of(SetExpr::Select(Box::new(values)), vec![]);
    s.from.insert(
        0,
        TableWithJoins {
            relation: TableFactor::Derived {
                lateral: false,
                subquery: Box::new(values),
                alias: Some(datafusion::sql::sqlparser::ast::TableAlias {
                    explicit: true,
                    name: domain.clone(),
                    columns: vec![],
                    at: None,
                }),
                sample: None,
            },
            joins: vec![],
        },
    );
    let keys = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (
                Expr::CompoundIdentifier(vec![
                    domain.clone(),
                    Ident::with_quote('"', format!("__wqlkit_apply_key_{i}")),
                ]),
                Expr::CompoundIdentifier(vec![table.clone(), c.clone()]),
            )
        })
        .collect();
    let mut kept = Vec::new();
    conjuncts(selection, &mut kept);
    Some((keys, kept))
}

/// Whether a join of the subquery's FROM reads an outer column in its ON.
fn reads_outer_join(j: &datafusion::sql::sqlparser::ast::Join, inner: &std::collections::HashSet<String>) -> bool {
    let mut outer = false;
    let _ = datafusion::sql::sqlparser::ast::visit_expressions(&j.join_operator, |e: &Expr| {
        outer |= reads_outer(e, inner);
        ControlFlow::<()>::Continue(())
    });
    outer
}

fn and_all(parts: impl IntoIterator<Item = Expr>) -> Option<Expr> {
    parts.into_iter().fold(None, |acc, b| {
        Some(match acc {
            Some(a) => Expr::BinaryOp {
                left: Box::new(a),
                op: BinaryOperator::And,
                right: Box::new(b),
            },
            None => b,
        })
    })
}

/// `(SELECT agg(…) FROM … WHERE inner.k = outer.k AND …)` in a select list
/// as a join: the subquery groups by its correlated keys, and the outer row
/// takes its group's value (none: NULL, or 0 for COUNT, as SQL Server gives
/// for an empty set). In a grouped select (`grouped`), whose correlated
/// columns are grouping columns, the group's one value is read through MAX.
/// Returns the join condition and the value's expression, or `None` (leaving
/// the subquery untouched) for another shape.
fn aggregate_as_join(
    q: &mut Query,
    alias: &Ident,
    grouped: bool,
    outer_from: &[TableWithJoins],
) -> Option<(Expr, Expr)> {
    if q.limit_clause.is_some() || q.with.is_some() || q.fetch.is_some() || q.order_by.is_some() {
        return None;
    }
    let SetExpr::Select(s) = &mut *q.body else {
        return None;
    };
    let inner_grouped = !matches!(&s.group_by, datafusion::sql::sqlparser::ast::GroupByExpr::Expressions(v, m) if v.is_empty() && m.is_empty());
    if inner_grouped || s.distinct.is_some() || s.having.is_some() || s.from.is_empty() || s.projection.len() != 1 {
        return None;
    }
    let (SelectItem::UnnamedExpr(Expr::Function(f))
    | SelectItem::ExprWithAlias {
        expr: Expr::Function(f),
        ..
    }) = &s.projection[0]
    else {
        return None;
    };
    let name = f.name.to_string().to_lowercase();
    if f.over.is_some() || !["count", "count_big", "sum", "avg", "min", "max", "string_agg"].contains(&name.as_str()) {
        return None;
    }
    let aggregate = Expr::Function(f.clone());
    let (keys, kept) = match correlation(s) {
        Some(c) => c,
        None => through_outer_values(s, outer_from)?,
    };
    let qualified = |name: &str| Expr::CompoundIdentifier(vec![alias.clone(), Ident::with_quote('"', name)]);
    let mut projection = vec![SelectItem::ExprWithAlias {
        expr: aggregate,
        alias: Ident::with_quote('"', "__wqlkit_value"),
    }];
    let mut on = Vec::new();
    for (i, (inner_key, outer_key)) in keys.iter().enumerate() {
        let key = format!("__wqlkit_apply_key_{i}");
        projection.push(SelectItem::ExprWithAlias {
            expr: inner_key.clone(),
            alias: Ident::with_quote('"', &key),
        });
        on.push(Expr::BinaryOp {
            left: Box::new(qualified(&key)),
            op: BinaryOperator::Eq,
            right: Box::new(outer_key.clone()),
        });
    }
    s.projection = projection;
    s.group_by =
        datafusion::sql::sqlparser::ast::GroupByExpr::Expressions(keys.into_iter().map(|(k, _)| k).collect(), vec![]);
    s.selection = and_all(kept);
    let value = qualified("__wqlkit_value");
    let value = if grouped { call("max", vec![value]) } else { value };
    let value = if name.starts_with("count") {
        call("coalesce", vec![value, number(0)])
    } else {
        value
    };
    Some((and_all(on)?, value))
}

/// `LEFT JOIN (sub) AS alias ON on`.
fn left_join(sub: Query, alias: Ident, on: Expr) -> datafusion::sql::sqlparser::ast::Join {
    datafusion::sql::sqlparser::ast::Join {
        relation: TableFactor::Derived {
            lateral: false,
            subquery: Box::new(sub),
            alias: Some(datafusion::sql::sqlparser::ast::TableAlias {
                explicit: true,
                name: alias,
                columns: vec![],
                at: None,
            }),
            sample: None,
        },
        global: false,
        join_operator: JoinOperator::LeftOuter(JoinConstraint::On(on)),
    }
}

/// `APPLY (SELECT TOP n items FROM … WHERE inner.k = outer.k AND … ORDER BY …) a`
/// as a join: the subquery numbers its rows per correlated key with
/// ROW_NUMBER() and the join keeps the first n of each. Returns the join
/// condition, or `None` (leaving the subquery untouched) when the subquery
/// has another shape.
pub(super) fn apply_as_window(q: &mut Query, alias: &Ident) -> Option<Expr> {
    let Some(LimitClause::LimitOffset {
        limit: Some(limit),
        offset: None,
        limit_by,
    }) = &q.limit_clause
    else {
        return None;
    };
    if !limit_by.is_empty() || q.with.is_some() || q.fetch.is_some() {
        return None;
    }
    let limit = limit.clone();
    let SetExpr::Select(s) = &mut *q.body else {
        return None;
    };
    let grouped = !matches!(&s.group_by, datafusion::sql::sqlparser::ast::GroupByExpr::Expressions(v, m) if v.is_empty() && m.is_empty());
    if grouped || s.distinct.is_some() || s.having.is_some() || s.from.is_empty() {
        return None;
    }
    // Aggregates over the whole subquery keep the lateral form.
    let mut aggregate = false;
    let _ = datafusion::sql::sqlparser::ast::visit_expressions(&s.projection, |x: &Expr| {
        if let Expr::Function(f) = x
            && f.over.is_none()
            && ["count", "sum", "avg", "min", "max", "string_agg", "count_big"]
                .contains(&f.name.to_string().to_lowercase().as_str())
        {
            aggregate = true;
        }
        ControlFlow::<()>::Continue(())
    });
    if aggregate {
        return None;
    }
    let (keys, kept) = correlation(s)?;
    let order_by = match q.order_by.take() {
        Some(o) => match o.kind {
            datafusion::sql::sqlparser::ast::OrderByKind::Expressions(v) => v,
            datafusion::sql::sqlparser::ast::OrderByKind::All(_) => return None,
        },
        None => vec![],
    };
    let mut on: Option<Expr> = None;
    let and = |a: Option<Expr>, b: Expr| {
        Some(match a {
            Some(a) => Expr::BinaryOp {
                left: Box::new(a),
                op: BinaryOperator::And,
                right: Box::new(b),
            },
            None => b,
        })
    };
    let qualified = |name: &str| Expr::CompoundIdentifier(vec![alias.clone(), Ident::with_quote('"', name)]);
    for (i, (inner_key, outer_key)) in keys.iter().enumerate() {
        let name = format!("__wqlkit_apply_key_{i}");
        s.projection.push(SelectItem::ExprWithAlias {
            expr: inner_key.clone(),
            alias: Ident::with_quote('"', &name),
        });
        on = and(
            on,
            Expr::BinaryOp {
                left: Box::new(qualified(&name)),
                op: BinaryOperator::Eq,
                right: Box::new(outer_key.clone()),
            },
        );
    }
    let mut row_number = call("row_number", vec![]);
    if let Expr::Function(f) = &mut row_number {
        f.over = Some(datafusion::sql::sqlparser::ast::WindowType::WindowSpec(
            datafusion::sql::sqlparser::ast::WindowSpec {
                window_name: None,
                partition_by: keys.iter().map(|(k, _)| k.clone()).collect(),
                order_by,
                window_frame: None,
            },
        ));
    }
    s.projection.push(SelectItem::ExprWithAlias {
        expr: row_number,
        alias: Ident::with_quote('"', "__wqlkit_apply_row"),
    });
    s.selection = kept.into_iter().fold(None, and);
    q.limit_clause = None;
    and(
        on,
        Expr::BinaryOp {
            left: Box::new(qualified("__wqlkit_apply_row")),
            op: BinaryOperator::LtEq,
            right: Box::new(limit),
        },
    )
}
