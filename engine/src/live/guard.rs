//! The last check before the network: what is sent must be exactly one
//! read-only `SELECT`, in the form wqlkit prints its own statements.

use crate::live::error::LiveError;
use sqlparser::ast::{
    Expr, FunctionArguments, ObjectName, Query, Select, SelectItem, SetExpr, Statement, TableFactor, TableWithJoins,
    Visit, Visitor,
};
use sqlparser::dialect::MsSqlDialect;
use sqlparser::parser::Parser;
use std::ops::ControlFlow;

/// Functions that reach outside the database or change state, refused anywhere.
const FORBIDDEN_FUNCTIONS: &[&str] = &[
    "OPENROWSET",
    "OPENQUERY",
    "OPENDATASOURCE",
    "OPENXML",
    "NEXT VALUE FOR",
    "XP_CMDSHELL",
];

/// Checks `sql` before it is sent: one statement, a query, no `INTO`, no
/// locking clause, no variable assignment, no `OPENROWSET` and the like, and
/// the text is exactly what wqlkit prints for the parsed statement (so no
/// comment or trailing batch hides anything).
pub fn check(sql: &str) -> Result<(), LiveError> {
    let refuse = |why: &str| Err(LiveError::NotReadOnly(why.to_string()));
    let statements = match Parser::parse_sql(&MsSqlDialect {}, sql) {
        Ok(s) => s,
        Err(e) => return Err(LiveError::NotReadOnly(format!("the statement does not parse: {e}"))),
    };
    let [statement] = statements.as_slice() else {
        return refuse(&format!("{} statements, expected exactly one SELECT", statements.len()));
    };
    let Statement::Query(query) = statement else {
        return refuse("not a SELECT query");
    };
    check_query(query)?;
    let mut v = Forbidden;
    if let ControlFlow::Break(why) = statement.visit(&mut v) {
        return refuse(&why);
    }
    if statement.to_string() != sql {
        return refuse("the text is not in the form wqlkit prints its statements");
    }
    Ok(())
}

fn check_query(q: &Query) -> Result<(), LiveError> {
    if !q.locks.is_empty() {
        return Err(LiveError::NotReadOnly("a locking clause (FOR UPDATE)".into()));
    }
    if let Some(with) = &q.with {
        for cte in &with.cte_tables {
            check_query(&cte.query)?;
        }
    }
    check_set(&q.body)
}

fn check_set(body: &SetExpr) -> Result<(), LiveError> {
    match body {
        SetExpr::Select(s) => check_select(s),
        SetExpr::Query(q) => check_query(q),
        SetExpr::SetOperation { left, right, .. } => {
            check_set(left)?;
            check_set(right)
        }
        SetExpr::Values(_) => Ok(()),
        _ => Err(LiveError::NotReadOnly(
            "a query body that writes or is not a SELECT".into(),
        )),
    }
}

fn check_select(s: &Select) -> Result<(), LiveError> {
    if s.into.is_some() {
        return Err(LiveError::NotReadOnly("SELECT … INTO creates a table".into()));
    }
    for item in &s.projection {
        if let SelectItem::ExprWithAlias { alias, .. } = item
            && alias.value.starts_with('@')
        {
            return Err(LiveError::NotReadOnly(
                "a variable assignment in the select list".into(),
            ));
        }
        if let SelectItem::UnnamedExpr(Expr::BinaryOp { left, .. })
        | SelectItem::ExprWithAlias {
            expr: Expr::BinaryOp { left, .. },
            ..
        } = item
            && let Expr::Identifier(i) = &**left
            && i.value.starts_with('@')
        {
            return Err(LiveError::NotReadOnly(
                "a variable assignment in the select list".into(),
            ));
        }
    }
    for t in &s.from {
        check_from(t)?;
    }
    Ok(())
}

fn check_from(t: &TableWithJoins) -> Result<(), LiveError> {
    check_factor(&t.relation)?;
    for j in &t.joins {
        check_factor(&j.relation)?;
    }
    Ok(())
}

fn check_factor(f: &TableFactor) -> Result<(), LiveError> {
    match f {
        TableFactor::Table { args: None, .. } => Ok(()),
        TableFactor::Table { name, .. } => Err(LiveError::NotReadOnly(format!(
            "a table-valued function {name} in FROM"
        ))),
        TableFactor::Derived { subquery, .. } => check_query(subquery),
        TableFactor::NestedJoin { table_with_joins, .. } => check_from(table_with_joins),
        other => Err(LiveError::NotReadOnly(format!("an unexpected FROM item {other}"))),
    }
}

/// Finds forbidden functions and writing subqueries anywhere in the statement.
struct Forbidden;

impl Visitor for Forbidden {
    type Break = String;

    fn pre_visit_expr(&mut self, e: &Expr) -> ControlFlow<String> {
        match e {
            Expr::Function(f) => {
                let name = last_name(&f.name);
                if FORBIDDEN_FUNCTIONS.iter().any(|x| x.eq_ignore_ascii_case(&name)) {
                    return ControlFlow::Break(format!("the function {name}"));
                }
                if let FunctionArguments::Subquery(q) = &f.args
                    && let Err(LiveError::NotReadOnly(m)) = check_query(q)
                {
                    return ControlFlow::Break(m);
                }
            }
            Expr::Subquery(q) | Expr::Exists { subquery: q, .. } | Expr::InSubquery { subquery: q, .. } => {
                if let Err(LiveError::NotReadOnly(m)) = check_query(q) {
                    return ControlFlow::Break(m);
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

fn last_name(n: &ObjectName) -> String {
    n.0.last().map(|p| p.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(sql: &str) -> String {
        match check(sql) {
            Err(LiveError::NotReadOnly(m)) => m,
            other => panic!("{sql}: {other:?}"),
        }
    }

    #[test]
    fn wqlkit_statements_pass() {
        let catalog = wqlkit_core::Catalog::builtin();
        for wql in [
            "select Name from SMS_R_System where Name like 'PC-%' and Client = 1",
            "select * from SMS_R_System where SystemOUName = 'A/B'",
            "select Name from SMS_R_System where ResourceId not in (select ResourceID from SMS_G_System_ADD_REMOVE_PROGRAMS where DisplayName = 'x')",
            "select count(*) from SMS_R_System",
        ] {
            let (_, t) = wqlkit_wql::translate(wql, catalog, &Default::default()).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(check(&t.sql), Ok(()), "{}", t.sql);
        }
    }

    #[test]
    fn anything_else_is_refused() {
        assert!(refused("DELETE FROM v_R_System").contains("not a SELECT"));
        assert!(refused("SELECT 1; DROP TABLE t").contains("2 statements"));
        assert!(refused("SELECT * INTO t FROM v_R_System").contains("INTO"));
        assert!(refused("EXEC xp_cmdshell 'dir'").contains("not a SELECT"));
        assert!(refused("SELECT * FROM OPENROWSET('SQLNCLI', 'x', 'SELECT 1')").contains("OPENROWSET"));
        assert!(refused("SELECT a FROM t WHERE b IN (SELECT * INTO u FROM t)").contains("INTO"));
        assert!(refused("SELECT a FROM t /* hidden */").contains("form wqlkit prints"));
        assert!(refused("select a from t").contains("form wqlkit prints"));
        assert!(refused("UPDATE t SET a = 1").contains("not a SELECT"));
        let m = refused("SELECT @x = Name0 FROM v_R_System");
        assert!(m.contains("variable"), "{m}");
        assert!(refused("not sql at all").contains("does not parse"));
        assert_eq!(check("SELECT COUNT_BIG(*) FROM v_R_System"), Ok(()));
    }
}
