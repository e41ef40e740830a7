//! Warnings about reports that run but are probably wrong.

use datafusion::sql::sqlparser::ast::{
    BinaryOperator, Expr, JoinConstraint, JoinOperator, Select, Spanned, TableFactor, visit_expressions,
};
use datafusion::sql::sqlparser::tokenizer::Span as SqlSpan;
use std::ops::ControlFlow;

/// The name a relation is referred to by (its alias, or its table's last name part), lower case.
pub(super) fn reference(tf: &TableFactor) -> Option<String> {
    match tf {
        TableFactor::Table { alias: Some(a), .. } | TableFactor::Derived { alias: Some(a), .. } => {
            Some(a.name.value.to_lowercase())
        }
        TableFactor::Table { name, .. } => name
            .0
            .last()
            .map(|p| p.to_string().trim_matches(['[', ']']).to_lowercase()),
        _ => None,
    }
}

/// Joins whose ON condition cannot restrict the joined relation: every
/// column it names is qualified and none is the joined relation's, or it
/// compares an expression with itself. Each such join multiplies the rows
/// before it by the joined relation's (an accidental cross join).
/// `written` gives the text under a span as the report spells it.
pub(super) fn accidental_cross_joins(select: &Select, written: impl Fn(SqlSpan) -> String) -> Vec<(SqlSpan, String)> {
    let mut found = Vec::new();
    for twj in &select.from {
        for join in &twj.joins {
            let on = match &join.join_operator {
                JoinOperator::Join(JoinConstraint::On(on))
                | JoinOperator::Inner(JoinConstraint::On(on))
                | JoinOperator::Left(JoinConstraint::On(on))
                | JoinOperator::LeftOuter(JoinConstraint::On(on))
                | JoinOperator::Right(JoinConstraint::On(on))
                | JoinOperator::RightOuter(JoinConstraint::On(on)) => on,
                _ => continue,
            };
            let Some(joined) = reference(&join.relation) else {
                continue;
            };
            let shown = written(join.relation.span());
            if let Expr::BinaryOp {
                left,
                op: BinaryOperator::Eq,
                right,
            } = on
                && left.to_string().eq_ignore_ascii_case(&right.to_string())
            {
                found.push((
                    on.span(),
                    format!(
                        "this condition compares {} with itself, so it joins every row of {shown}",
                        written(left.span())
                    ),
                ));
                continue;
            }
            let (mut unqualified, mut uses_joined, mut columns) = (false, false, 0);
            let _ = visit_expressions(on, |e: &Expr| {
                match e {
                    Expr::Identifier(i) if !i.value.starts_with('@') => {
                        unqualified = true;
                        columns += 1;
                    }
                    Expr::CompoundIdentifier(parts) if parts.len() >= 2 => {
                        columns += 1;
                        if parts[parts.len() - 2].value.eq_ignore_ascii_case(&joined) {
                            uses_joined = true;
                        }
                    }
                    _ => {}
                }
                ControlFlow::<()>::Continue(())
            });
            if columns > 0 && !unqualified && !uses_joined {
                found.push((
                    on.span(),
                    format!("this condition names no column of {shown}, so it joins every row of it"),
                ));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::parse::{Source, Step, parse};
    use datafusion::sql::sqlparser::ast::{SetExpr, Statement};

    fn warnings(sql: &str) -> Vec<String> {
        let parsed = parse(sql).expect("parses");
        let source = Source::new(sql);
        let Some(Step::Statement(stmt, _)) = parsed.steps.first() else {
            panic!("one statement");
        };
        let Statement::Query(q) = &**stmt else {
            panic!("a query")
        };
        let SetExpr::Select(s) = &*q.body else {
            panic!("a select")
        };
        accidental_cross_joins(s, |at| source.text(source.span(at)).to_string())
            .into_iter()
            .map(|(_, m)| m)
            .collect()
    }

    #[test]
    fn joins_that_cannot_restrict_the_joined_view_are_found() {
        assert_eq!(
            warnings("select 1 from v_R_System s join v_GS_OS os on s.ResourceID = s.ResourceID"),
            ["this condition compares s.ResourceID with itself, so it joins every row of v_GS_OS os"]
        );
        assert_eq!(
            warnings("select 1 from v_R_System s left join v_GS_OS os on s.Client0 = 1 and s.ResourceID > 5"),
            ["this condition names no column of v_GS_OS os, so it joins every row of it"]
        );
        // A proper join, one by the view's own name, and unqualified columns (which may be its) pass.
        assert!(warnings("select 1 from v_R_System s join v_GS_OS os on os.ResourceID = s.ResourceID").is_empty());
        assert!(
            warnings("select 1 from v_R_System join v_GS_OS on v_GS_OS.ResourceID = v_R_System.ResourceID").is_empty()
        );
        assert!(warnings("select 1 from v_R_System s join v_GS_OS os on ResourceID0 = s.ResourceID").is_empty());
    }
}
