//! Builders of the sqlparser expressions the rewrite and the variables
//! produce: calls, CASTs and literals.

use datafusion::sql::sqlparser::ast::{
    CastKind, DataType, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgumentList, FunctionArguments, Ident,
    ObjectName, Value,
};
use wqlkit_core::DateTime;

/// An unquoted identifier.
pub(super) fn ident(s: &str) -> Ident {
    Ident::new(s)
}

/// A text literal.
pub(super) fn string(s: &str) -> Expr {
    Expr::Value(Value::SingleQuotedString(s.to_string()).with_empty_span())
}

/// An integer literal.
pub(super) fn number(n: i64) -> Expr {
    Expr::Value(Value::Number(n.to_string(), false).with_empty_span())
}

/// A boolean literal.
pub(super) fn boolean(b: bool) -> Expr {
    Expr::Value(Value::Boolean(b).with_empty_span())
}

/// A call of `name(args…)`.
pub(super) fn call(name: &str, args: Vec<Expr>) -> Expr {
    Expr::Function(Function {
        name: ObjectName::from(vec![ident(name)]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args: args
                .into_iter()
                .map(|a| FunctionArg::Unnamed(FunctionArgExpr::Expr(a)))
                .collect(),
            clauses: vec![],
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: vec![],
    })
}

/// `CAST(e AS ty)`.
pub(super) fn cast(e: Expr, ty: DataType) -> Expr {
    Expr::Cast {
        kind: CastKind::Cast,
        expr: Box::new(e),
        data_type: ty,
        array: false,
        format: None,
    }
}

/// The `datetime` type (planned as a microsecond timestamp).
pub(super) fn datetime_type() -> DataType {
    DataType::Datetime(None)
}

/// A datetime literal.
pub(super) fn datetime_literal(d: DateTime) -> Expr {
    cast(string(&d.to_string_micros()), datetime_type())
}

trait MicrosText {
    fn to_string_micros(&self) -> String;
}

impl MicrosText for DateTime {
    fn to_string_micros(&self) -> String {
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:06}",
            self.year, self.month, self.day, self.hour, self.minute, self.second, self.micros
        )
    }
}

/// The text of a literal, or of a variable's value (a literal cast to its
/// declared type); `None` for anything else.
pub(super) fn literal_text(e: &Expr) -> Option<String> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) | Value::NationalStringLiteral(s) => Some(s.clone()),
            Value::Number(n, _) => Some(n.clone()),
            _ => None,
        },
        Expr::Cast { expr, .. } | Expr::Nested(expr) => literal_text(expr),
        Expr::UnaryOp {
            op: datafusion::sql::sqlparser::ast::UnaryOperator::Minus,
            expr,
        } => literal_text(expr).map(|t| format!("-{t}")),
        _ => None,
    }
}

/// A query of wqlkit's own making (from names it holds, never from report
/// text), parsed as T-SQL.
pub(super) fn query_of(sql: &str) -> Result<datafusion::sql::sqlparser::ast::Query, String> {
    use datafusion::sql::sqlparser::ast::{SetExpr, Statement};
    let parsed = datafusion::sql::sqlparser::parser::Parser::parse_sql(
        &datafusion::sql::sqlparser::dialect::MsSqlDialect {},
        sql,
    )
    .map_err(|e| e.to_string())?;
    match parsed.into_iter().next() {
        Some(Statement::Query(q)) if matches!(*q.body, SetExpr::Select(_)) => Ok(*q),
        _ => Err(format!("not a query: {sql}")),
    }
}
