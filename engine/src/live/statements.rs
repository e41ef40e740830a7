//! The statements wqlkit builds itself besides translated queries: for
//! export, `SELECT [c1], … FROM [view]` and `SELECT COUNT_BIG(*) FROM [view]`;
//! for the server's clock, `SELECT GETDATE()`; for the site's schema stamp,
//! the last change of its objects. Each is a parsed template with
//! the names filled in as bracketed identifiers, printed by sqlparser.

use crate::live::error::LiveError;
use sqlparser::ast::{Expr, Ident, ObjectName, ObjectNamePart, SelectItem, SetExpr, Statement, TableFactor};
use sqlparser::dialect::MsSqlDialect;
use sqlparser::parser::Parser;
use wqlkit_core::ViewDef;

fn template(sql: &str) -> Result<Statement, LiveError> {
    Parser::parse_sql(&MsSqlDialect {}, sql)
        .ok()
        .and_then(|mut s| s.pop())
        .ok_or_else(|| LiveError::Protocol(format!("internal template does not parse: {sql}")))
}

fn bracketed(name: &str) -> Result<Ident, LiveError> {
    if name.contains(']') || name.is_empty() {
        return Err(LiveError::Settings(format!(
            "the catalog name {name:?} cannot be quoted"
        )));
    }
    Ok(Ident::with_quote('[', name))
}

/// Sets the FROM table and, when given, the select list of a one-table SELECT template.
fn fill(mut stmt: Statement, table: &str, columns: Option<&[String]>) -> Result<String, LiveError> {
    let Statement::Query(q) = &mut stmt else {
        return Err(LiveError::Protocol("template is not a query".into()));
    };
    let SetExpr::Select(s) = q.body.as_mut() else {
        return Err(LiveError::Protocol("template is not a SELECT".into()));
    };
    if let Some(TableFactor::Table { name, .. }) = s.from.first_mut().map(|t| &mut t.relation) {
        // `INFORMATION_SCHEMA.COLUMNS` is a two-part name; views are one.
        let parts = match table.split_once('.') {
            Some((schema, view)) if schema.eq_ignore_ascii_case("INFORMATION_SCHEMA") => vec![schema, view],
            _ => vec![table],
        };
        *name = ObjectName(
            parts
                .into_iter()
                .map(|p| bracketed(p).map(ObjectNamePart::Identifier))
                .collect::<Result<_, _>>()?,
        );
    }
    if let Some(cols) = columns {
        s.projection = cols
            .iter()
            .map(|c| Ok(SelectItem::UnnamedExpr(Expr::Identifier(bracketed(c)?))))
            .collect::<Result<_, LiveError>>()?;
    }
    Ok(stmt.to_string())
}

/// `SELECT COUNT_BIG(*) FROM [view]`.
pub fn select_count(view: &ViewDef) -> Result<String, LiveError> {
    fill(template("SELECT COUNT_BIG(*) FROM t")?, &view.name, None)
}

/// `SELECT [c1], [c2], … FROM [view]`: the catalog's columns, in order.
pub fn select_columns(view: &ViewDef) -> Result<String, LiveError> {
    let cols: Vec<String> = view.columns.iter().map(|c| c.name.clone()).collect();
    fill(template("SELECT c FROM t")?, &view.name, Some(&cols))
}

/// `SELECT GETDATE()`.
pub(crate) fn select_getdate() -> String {
    template("SELECT GETDATE()").map_or_else(|_| String::new(), |s| s.to_string())
}

/// `SELECT MAX(modify_date) FROM sys.objects WHERE type IN ('U', 'V')`: the
/// latest `modify_date` of the tables and views the login can see (SQL
/// Server's documentation of sys.objects: the date the object was created or
/// last altered).
pub(crate) fn select_last_schema_change() -> String {
    template("SELECT MAX(modify_date) FROM sys.objects WHERE type IN ('U', 'V')")
        .map_or_else(|_| String::new(), |s| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wqlkit_core::Catalog;

    #[test]
    fn export_statements_are_built_and_pass_the_guard() {
        let c = Catalog::builtin();
        let v = c
            .views()
            .iter()
            .find(|v| v.name == "v_R_System")
            .unwrap_or_else(|| unreachable!());
        let count = select_count(v).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(count, "SELECT COUNT_BIG(*) FROM [v_R_System]");
        let cols = select_columns(v).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            cols.starts_with("SELECT [ResourceID], [") && cols.ends_with("] FROM [v_R_System]"),
            "{cols}"
        );
        assert_eq!(
            select_last_schema_change(),
            "SELECT MAX(modify_date) FROM sys.objects WHERE type IN ('U', 'V')"
        );
        for sql in [count, cols, select_getdate(), select_last_schema_change()] {
            assert_eq!(crate::live::guard::check(&sql), Ok(()), "{sql}");
        }
    }
}
