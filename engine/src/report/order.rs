//! ORDER BY forms DataFusion cannot plan as written.

use datafusion::sql::sqlparser::ast::{
    Expr, GroupByExpr, Ident, OrderByKind, Query, SelectItem, SetExpr, TableAlias, TableFactor, TableWithJoins, Value,
    ValueWithSpan,
};

/// `SELECT CONVERT(…, m.Time, 120) AS [Time] … ORDER BY m.Time` sorts by the
/// table's column, as SQL Server does; DataFusion cannot plan it (the
/// hidden sort column `m.Time` is ambiguous with the alias `Time`). Such a
/// query is sorted outside itself: `SELECT <its columns> FROM (SELECT …,
/// m.Time AS wqlkit_sort_1 …) ORDER BY wqlkit_sort_1`, with its TOP.
pub(super) fn sort_outside(query: &mut Query) {
    let (Some(order), SetExpr::Select(select)) = (&mut query.order_by, &mut *query.body) else {
        return;
    };
    let OrderByKind::Expressions(keys) = &mut order.kind else {
        return;
    };
    let alias_of = |name: &Ident| {
        select.projection.iter().find_map(|item| match item {
            SelectItem::ExprWithAlias { expr, alias } if alias.value.eq_ignore_ascii_case(&name.value) => Some(expr),
            _ => None,
        })
    };
    let shadowed = keys.iter().any(|k| match &k.expr {
        Expr::CompoundIdentifier(parts) => parts
            .last()
            .and_then(&alias_of)
            .is_some_and(|aliased| *aliased != k.expr),
        _ => false,
    });
    let names: Option<Vec<Ident>> = select
        .projection
        .iter()
        .map(|item| match item {
            SelectItem::ExprWithAlias { alias, .. } => Some(alias.clone()),
            SelectItem::UnnamedExpr(Expr::Identifier(i)) => Some(i.clone()),
            SelectItem::UnnamedExpr(Expr::CompoundIdentifier(parts)) => parts.last().cloned(),
            _ => None,
        })
        .collect();
    let Some(names) = names.filter(|_| shadowed && select.distinct.is_none()) else {
        return;
    };
    let unique: std::collections::HashSet<String> = names.iter().map(|n| n.value.to_lowercase()).collect();
    if unique.len() != names.len() {
        return;
    }
    let mut inner = select.clone();
    for (n, k) in keys.iter_mut().enumerate() {
        let named = matches!(&k.expr, Expr::Identifier(i) if unique.contains(&i.value.to_lowercase()));
        let position = matches!(
            &k.expr,
            Expr::Value(ValueWithSpan {
                value: Value::Number(..),
                ..
            })
        );
        if !named && !position {
            let hidden = Ident::new(format!("wqlkit_sort_{}", n + 1));
            inner.projection.push(SelectItem::ExprWithAlias {
                expr: std::mem::replace(&mut k.expr, Expr::Identifier(hidden.clone())),
                alias: hidden,
            });
        }
    }
    let derived = TableFactor::Derived {
        lateral: false,
        subquery: Box::new(wqlkit_wql::tsql::query_of(SetExpr::Select(inner), vec![])),
        alias: Some(TableAlias {
            explicit: true,
            name: Ident::new("wqlkit_sorted"),
            columns: vec![],
            at: None,
        }),
        sample: None,
    };
    let mut outer = select.clone();
    outer.projection = names
        .into_iter()
        .map(|n| SelectItem::UnnamedExpr(Expr::Identifier(n)))
        .collect();
    outer.from = vec![TableWithJoins {
        relation: derived,
        joins: vec![],
    }];
    outer.selection = None;
    outer.group_by = GroupByExpr::Expressions(vec![], vec![]);
    outer.having = None;
    outer.named_window = vec![];
    outer.qualify = None;
    *select = outer;
}
