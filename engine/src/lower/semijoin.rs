//! Array matches as semi joins.
//!
//! The provider reads an array property (`SystemOUName`) with a LEFT JOIN to
//! its `v_RA_*` view and a DISTINCT over the result; the binder keeps that
//! shape, which is what the T-SQL shows. Offline, when the element view is
//! only filtered on — nothing above the filter reads it — and the conditions
//! on it are unknown for a resource without elements, the join followed by
//! DISTINCT keeps exactly the resources having a matching element: an
//! `owner IN (SELECT element FROM v_RA_… WHERE conditions)` semi join, which
//! never multiplies rows.

use wqlkit_core::Span;
use wqlkit_core::plan::{CompareOp, JoinKind, LogicalPlan, ProjectItem, ScalarExpr, ScalarKind};

/// `plan` with the array joins under a `DISTINCT` turned into semi joins
/// where that keeps the result; `None` when nothing changes.
pub fn rewrite(plan: &LogicalPlan) -> Option<LogicalPlan> {
    let LogicalPlan::Distinct { input, span } = plan else {
        return None;
    };
    let LogicalPlan::Project {
        input: below,
        items,
        span: pspan,
    } = &**input
    else {
        return None;
    };
    let mut above: Vec<&ScalarExpr> = items.iter().map(|i| &i.expr).collect();
    let (filter, sort) = match &**below {
        LogicalPlan::Sort {
            input,
            keys,
            span: sspan,
        } => {
            above.extend(keys.iter().map(|k| &k.expr));
            (&**input, Some((keys, *sspan)))
        }
        other => (other, None),
    };
    let LogicalPlan::Filter {
        input: joins,
        predicate,
        span: fspan,
    } = filter
    else {
        return None;
    };
    let mut used = Vec::new();
    for e in above {
        relations(e, &mut used);
    }
    let new_filter = push(joins, predicate, &used, *fspan)?;
    let mut rebuilt = new_filter;
    if let Some((keys, sspan)) = sort {
        rebuilt = LogicalPlan::Sort {
            input: Box::new(rebuilt),
            keys: keys.clone(),
            span: sspan,
        };
    }
    Some(LogicalPlan::Distinct {
        input: Box::new(LogicalPlan::Project {
            input: Box::new(rebuilt),
            items: items.clone(),
            span: *pspan,
        }),
        span: *span,
    })
}

/// The relation aliases `e` reads (outside subqueries).
fn relations(e: &ScalarExpr, out: &mut Vec<String>) {
    if let ScalarKind::Column(c) = &e.kind {
        out.push(c.relation.clone());
    }
    for c in e.children() {
        relations(c, out);
    }
}

fn reads(e: &ScalarExpr, alias: &str) -> bool {
    let mut r = Vec::new();
    relations(e, &mut r);
    r.iter().any(|x| x == alias)
}

fn only_reads(e: &ScalarExpr, alias: &str) -> bool {
    let mut r = Vec::new();
    relations(e, &mut r);
    r.iter().all(|x| x == alias) && !has_subquery(e)
}

fn has_subquery(e: &ScalarExpr) -> bool {
    matches!(e.kind, ScalarKind::InSubquery { .. }) || e.children().into_iter().any(has_subquery)
}

/// Whether `e` is UNKNOWN when every column of `alias` is NULL (so the
/// NULL-extended row of a resource without elements never passes it).
fn unknown_without_elements(e: &ScalarExpr, alias: &str) -> bool {
    let is_col = |x: &ScalarExpr| matches!(&x.kind, ScalarKind::Column(c) if c.relation == alias);
    let constant = |x: &ScalarExpr| matches!(x.kind, ScalarKind::Literal(_)) || is_col(x);
    match &e.kind {
        ScalarKind::Compare { left, right, .. } => {
            (is_col(left) && constant(right)) || (is_col(right) && constant(left))
        }
        ScalarKind::Like { expr, pattern, .. } => is_col(expr) && constant(pattern),
        ScalarKind::InList { expr, list, .. } => {
            is_col(expr) && list.iter().all(|i| matches!(i.kind, ScalarKind::Literal(_)))
        }
        ScalarKind::Between { expr, low, high, .. } => is_col(expr) && constant(low) && constant(high),
        ScalarKind::And(v) | ScalarKind::Or(v) => v.iter().all(|x| unknown_without_elements(x, alias)),
        ScalarKind::Not(x) => unknown_without_elements(x, alias),
        _ => false,
    }
}

fn conjuncts(e: &ScalarExpr, out: &mut Vec<ScalarExpr>) {
    match &e.kind {
        ScalarKind::And(v) => v.iter().for_each(|x| conjuncts(x, out)),
        _ => out.push(e.clone()),
    }
}

fn and(mut v: Vec<ScalarExpr>, span: Span) -> ScalarExpr {
    if v.len() == 1 {
        return v.remove(0);
    }
    ScalarExpr::condition(ScalarKind::And(v), span)
}

/// Peels the array joins off the top of `joins` into IN subqueries.
fn push(joins: &LogicalPlan, predicate: &ScalarExpr, used: &[String], span: Span) -> Option<LogicalPlan> {
    let mut rest = Vec::new();
    conjuncts(predicate, &mut rest);
    let mut plan = joins;
    let mut changed = false;
    while let LogicalPlan::Join {
        left,
        right,
        kind: JoinKind::Left,
        on,
        array: true,
        ..
    } = plan
    {
        let LogicalPlan::Scan { alias, .. } = &**right else {
            break;
        };
        if used.iter().any(|u| u == alias) {
            break;
        }
        let ScalarKind::Compare {
            left: a,
            op: CompareOp::Eq,
            right: b,
        } = &on.kind
        else {
            break;
        };
        let (owner, element) = match (&a.kind, &b.kind) {
            (ScalarKind::Column(x), ScalarKind::Column(y)) if y.relation == *alias && x.relation != *alias => (a, b),
            (ScalarKind::Column(x), ScalarKind::Column(y)) if x.relation == *alias && y.relation != *alias => (b, a),
            _ => break,
        };
        let (on_array, others): (Vec<ScalarExpr>, Vec<ScalarExpr>) =
            rest.iter().cloned().partition(|c| reads(c, alias));
        if !on_array
            .iter()
            .all(|c| only_reads(c, alias) && unknown_without_elements(c, alias))
        {
            break;
        }
        rest = others;
        if !on_array.is_empty() {
            let sub = LogicalPlan::Project {
                input: Box::new(LogicalPlan::Filter {
                    input: right.clone(),
                    predicate: and(on_array, span),
                    span,
                }),
                items: vec![ProjectItem {
                    expr: (**element).clone(),
                    name: "ResourceID".into(),
                }],
                span,
            };
            rest.push(ScalarExpr::condition(
                ScalarKind::InSubquery {
                    expr: owner.clone(),
                    subquery: Box::new(sub),
                    negated: false,
                },
                span,
            ));
        }
        // Without conditions on it, the join only repeated rows DISTINCT removes.
        plan = left;
        changed = true;
    }
    if !changed {
        return None;
    }
    Some(if rest.is_empty() {
        plan.clone()
    } else {
        LogicalPlan::Filter {
            input: Box::new(plan.clone()),
            predicate: and(rest, span),
            span,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wqlkit_core::Catalog;
    use wqlkit_wql::{BindOptions, compile};

    fn plan(wql: &str) -> LogicalPlan {
        compile(wql, Catalog::builtin(), &BindOptions::default())
            .unwrap_or_else(|e| panic!("{e}"))
            .bound
            .plan
    }

    fn array_joins(p: &LogicalPlan) -> usize {
        match p {
            LogicalPlan::Join { left, right, array, .. } => {
                usize::from(*array) + array_joins(left) + array_joins(right)
            }
            LogicalPlan::Scan { .. } => 0,
            LogicalPlan::Filter { input, .. }
            | LogicalPlan::Sort { input, .. }
            | LogicalPlan::Project { input, .. }
            | LogicalPlan::Aggregate { input, .. }
            | LogicalPlan::Distinct { input, .. } => array_joins(input),
        }
    }

    #[test]
    fn conditions_on_elements_become_semi_joins() {
        for q in [
            "select Name from SMS_R_System where SystemOUName = 'A'",
            "select Name from SMS_R_System where SystemOUName like '%/LONDON' and Client = 1 order by Name",
            "select Name from SMS_R_System where (SystemOUName = 'A' or SystemOUName = 'B') and IPSubnets like '10.1.%'",
            "select Name from SMS_R_System where SystemOUName <> 'A'",
        ] {
            let p = plan(q);
            assert!(array_joins(&p) > 0, "{q}");
            let r = rewrite(&p).unwrap_or_else(|| panic!("not rewritten: {q}"));
            assert_eq!(array_joins(&r), 0, "{q}\n{}", r.display_indent());
        }
    }

    #[test]
    fn joins_that_rows_depend_on_are_kept() {
        for q in [
            // A resource without elements matches IS NULL through its NULL-extended row.
            "select Name from SMS_R_System where SystemOUName is null",
            // The element is selected.
            "select Name, SystemOUName from SMS_R_System where SystemOUName like 'A%'",
            // The condition mixes the element with another class.
            "select Name from SMS_R_System where SystemOUName = 'A' or Client = 1",
            // Sorted by the element.
            "select Name from SMS_R_System where SystemOUName like 'A%' order by SystemOUName",
        ] {
            let p = plan(q);
            let kept = rewrite(&p).map_or(array_joins(&p), |r| array_joins(&r));
            assert!(kept > 0, "{q}");
        }
    }
}
