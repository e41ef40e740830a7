//! `FOR JSON PATH` as SQL Server writes it ("Format query results as JSON
//! with FOR JSON"): one text of a JSON array with an object per row, a
//! property per column in select-list order, dotted names as nested objects,
//! NULLs left out unless `INCLUDE_NULL_VALUES`, `ROOT('name')` and
//! `WITHOUT_ARRAY_WRAPPER`. The query becomes `string_agg` of a per-row
//! object (`wql_json_object`), so it works as a subquery too.

use super::expr::{call, string};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{DataFusionError, Result, ScalarValue};
use datafusion::logical_expr::{ScalarUDF, Signature, Volatility};
use datafusion::sql::sqlparser::ast::{
    BinaryOperator, Expr, ForClause, ForJson, FunctionArgumentClause, FunctionArguments, Ident, OrderByExpr,
    OrderByKind, OrderByOptions, Query, SelectItem, SetExpr, TableAlias, TableFactor, TableWithJoins, Value,
};
use std::sync::LazyLock;
use wqlkit_core::DateTime;

/// The name SQL Server gives the column of a FOR JSON result.
pub const COLUMN: &str = "JSON_F52E2B61-18A1-11d1-B105-00805F49916B";

/// Rewrites a `FOR JSON PATH` query in place. `spelled` gives a name as the
/// report wrote it (identifiers are folded to lower case when parsed).
pub(super) fn for_json_path(query: &mut Query, spelled: &dyn Fn(&Ident) -> String) -> Result<(), String> {
    let Some(ForClause::Json {
        for_json,
        root,
        include_null_values,
        without_array_wrapper,
    }) = query.for_clause.take()
    else {
        return Ok(());
    };
    if matches!(for_json, ForJson::Auto) {
        return Err("FOR JSON AUTO is not supported offline; FOR JSON PATH with dotted aliases is".into());
    }
    let SetExpr::Select(select) = &*query.body else {
        return Err("FOR JSON over a UNION is not supported offline".into());
    };
    let distinct = select.distinct.is_some();
    let mut args = vec![Expr::Value(Value::Boolean(include_null_values).with_empty_span())];
    for item in &select.projection {
        let (name, value) = match item {
            SelectItem::ExprWithAlias { expr, alias } => (spelled(alias), expr.clone()),
            SelectItem::UnnamedExpr(e @ Expr::Identifier(i)) => (spelled(i), e.clone()),
            SelectItem::UnnamedExpr(e @ Expr::CompoundIdentifier(p)) if !p.is_empty() => {
                (spelled(&p[p.len() - 1]), e.clone())
            }
            SelectItem::UnnamedExpr(_) => {
                return Err(
                    "a column without a name cannot be written as JSON (FOR JSON needs a name or alias for each column)"
                        .into(),
                );
            }
            _ => return Err("FOR JSON of SELECT * is not supported offline; name the columns".into()),
        };
        if name.starts_with('.') || name.ends_with('.') || name.contains("..") {
            return Err(format!(
                "the JSON property name '{name}' is not valid (an empty part between dots)"
            ));
        }
        args.push(string(&name));
        args.push(value);
    }
    let object = call("wql_json_object", args);
    let order = match query.order_by.take() {
        Some(o) => match o.kind {
            OrderByKind::Expressions(keys) => keys,
            OrderByKind::All(_) => return Err("ORDER BY ALL is not T-SQL".into()),
        },
        None => vec![],
    };
    let key = |e: Expr| OrderByExpr {
        expr: e,
        options: OrderByOptions {
            asc: None,
            nulls_first: None,
        },
        with_fill: None,
    };
    if distinct && !order.is_empty() {
        return Err("FOR JSON with DISTINCT and ORDER BY is not supported offline".into());
    }
    let rows = if query.limit_clause.is_some() || distinct {
        // TOP n … ORDER BY, or DISTINCT: the rows are chosen first, each with
        // its place in the order, and joined in that order.
        let number = Ident::with_quote('"', "__wqlkit_n");
        let text = Ident::with_quote('"', "__wqlkit_json");
        let mut inner = query.clone();
        let SetExpr::Select(s) = &mut *inner.body else {
            unreachable!("checked above")
        };
        s.projection = vec![SelectItem::ExprWithAlias {
            expr: object,
            alias: text.clone(),
        }];
        if !order.is_empty() {
            inner.order_by = Some(datafusion::sql::sqlparser::ast::OrderBy {
                kind: OrderByKind::Expressions(order.clone()),
                interpolate: None,
            });
            let mut n = call("row_number", vec![]);
            if let Expr::Function(f) = &mut n {
                f.args = FunctionArguments::List(datafusion::sql::sqlparser::ast::FunctionArgumentList {
                    duplicate_treatment: None,
                    args: vec![],
                    clauses: vec![],
                });
                f.over = Some(datafusion::sql::sqlparser::ast::WindowType::WindowSpec(
                    datafusion::sql::sqlparser::ast::WindowSpec {
                        window_name: None,
                        partition_by: vec![],
                        order_by: order,
                        window_frame: None,
                    },
                ));
            }
            s.projection.push(SelectItem::ExprWithAlias {
                expr: n,
                alias: number.clone(),
            });
        }
        let by = if s.projection.len() == 2 { number } else { text.clone() };
        let alias = Ident::with_quote('"', "__wqlkit_for_json");
        let mut agg = call("string_agg", vec![Expr::Identifier(text), string(",")]);
        order_by(&mut agg, vec![key(Expr::Identifier(by))]);
        query.limit_clause = None;
        query.with = None;
        let SetExpr::Select(select) = &mut *query.body else {
            unreachable!("checked above")
        };
        select.from = vec![TableWithJoins {
            relation: TableFactor::Derived {
                lateral: false,
                subquery: Box::new(inner),
                alias: Some(TableAlias {
                    explicit: true,
                    name: alias,
                    columns: vec![],
                    at: None,
                }),
                sample: None,
            },
            joins: vec![],
        }];
        select.selection = None;
        select.group_by = datafusion::sql::sqlparser::ast::GroupByExpr::Expressions(vec![], vec![]);
        select.having = None;
        select.distinct = None;
        agg
    } else {
        // Without an ORDER BY the rows come in the order of their texts, the same every run.
        let order = if order.is_empty() {
            vec![key(object.clone())]
        } else {
            order
        };
        let mut agg = call("string_agg", vec![object, string(",")]);
        order_by(&mut agg, order);
        agg
    };
    let concat = |a: Expr, b: Expr| Expr::BinaryOp {
        left: Box::new(a),
        op: BinaryOperator::StringConcat,
        right: Box::new(b),
    };
    let mut text = if without_array_wrapper {
        rows
    } else {
        concat(concat(string("["), rows), string("]"))
    };
    if let Some(root) = root {
        let name = json_string(if root.is_empty() { "root" } else { &root });
        text = concat(concat(string(&format!("{{{name}:")), text), string("}"));
    }
    let SetExpr::Select(select) = &mut *query.body else {
        unreachable!("checked above")
    };
    select.projection = vec![SelectItem::ExprWithAlias {
        expr: text,
        alias: Ident::with_quote('"', COLUMN),
    }];
    Ok(())
}

fn order_by(agg: &mut Expr, keys: Vec<OrderByExpr>) {
    if let Expr::Function(f) = agg
        && let FunctionArguments::List(list) = &mut f.args
        && !keys.is_empty()
    {
        list.clauses.push(FunctionArgumentClause::OrderBy(keys));
    }
}

/// `wql_json_object(include_nulls, name, value, name, value, …)`: one row as a JSON object.
pub static JSON_OBJECT: LazyLock<ScalarUDF> = LazyLock::new(|| {
    super::udfs::row_wise(
        "wql_json_object",
        Signature::variadic_any(Volatility::Immutable),
        object_row,
    )
});

/// A JSON object under construction: properties in order, nested by dotted names.
#[derive(Default)]
struct Object(Vec<(String, Member)>);

enum Member {
    Value(String),
    Object(Object),
}

impl Object {
    fn insert(&mut self, path: &[&str], value: String) -> Result<()> {
        let (first, rest) = path.split_first().expect("a property has a name");
        if rest.is_empty() {
            if self.0.iter().any(|(k, _)| k == first) {
                return Err(DataFusionError::Execution(format!(
                    "Property '{first}' cannot be generated in JSON output due to a conflict with another column name or alias"
                )));
            }
            self.0.push(((*first).to_string(), Member::Value(value)));
            return Ok(());
        }
        // Properties of one object must be adjacent, as SQL Server requires.
        match self.0.last_mut() {
            Some((k, Member::Object(o))) if k == first => o.insert(rest, value),
            _ => {
                if self.0.iter().any(|(k, _)| k == first) {
                    return Err(DataFusionError::Execution(format!(
                        "Property '{first}' cannot be generated in JSON output due to a conflict with another column name or alias"
                    )));
                }
                let mut o = Object::default();
                o.insert(rest, value)?;
                self.0.push(((*first).to_string(), Member::Object(o)));
                Ok(())
            }
        }
    }

    fn write(&self, out: &mut String) {
        out.push('{');
        for (i, (k, m)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&json_string(k));
            out.push(':');
            match m {
                Member::Value(v) => out.push_str(v),
                Member::Object(o) => o.write(out),
            }
        }
        out.push('}');
    }
}

fn object_row(args: &[ScalarValue]) -> Result<Option<String>> {
    let Some((ScalarValue::Boolean(Some(include_nulls)), pairs)) = args.split_first() else {
        return Err(DataFusionError::Plan(
            "wql_json_object takes a flag, then names and values".into(),
        ));
    };
    let mut object = Object::default();
    for pair in pairs.chunks(2) {
        let [ScalarValue::Utf8(Some(name)), value] = pair else {
            return Err(DataFusionError::Plan(
                "wql_json_object takes names and values in pairs".into(),
            ));
        };
        let text = match json_value(value) {
            Some(t) => t,
            None if *include_nulls => "null".to_string(),
            None => continue,
        };
        let path: Vec<&str> = name.split('.').collect();
        object.insert(&path, text)?;
    }
    let mut out = String::new();
    object.write(&mut out);
    Ok(Some(out))
}

/// A value as FOR JSON writes it: text as a string, numbers bare, bit as
/// true/false, dates and datetimes as ISO 8601 strings; `None` for NULL.
fn json_value(v: &ScalarValue) -> Option<String> {
    if v.is_null() {
        return None;
    }
    let datetime = |us: i64| {
        DateTime::from_unix_micros(us).map(|d| {
            let mut s = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                d.year, d.month, d.day, d.hour, d.minute, d.second
            );
            if d.micros != 0 {
                s.push_str(&format!(".{:03}", d.micros / 1000));
            }
            json_string(&s)
        })
    };
    Some(match v {
        ScalarValue::Utf8(Some(s)) | ScalarValue::Utf8View(Some(s)) | ScalarValue::LargeUtf8(Some(s)) => json_string(s),
        ScalarValue::Boolean(Some(b)) => b.to_string(),
        ScalarValue::TimestampMicrosecond(Some(us), _) => datetime(*us)?,
        ScalarValue::TimestampMillisecond(Some(ms), _) => datetime(ms * 1000)?,
        ScalarValue::TimestampSecond(Some(s), _) => datetime(s * 1_000_000)?,
        ScalarValue::TimestampNanosecond(Some(ns), _) => datetime(ns / 1000)?,
        ScalarValue::Date32(Some(d)) => {
            let d = DateTime::from_unix_micros(i64::from(*d) * 86_400_000_000)?;
            json_string(&format!("{:04}-{:02}-{:02}", d.year, d.month, d.day))
        }
        ScalarValue::Float64(Some(f)) => f.to_string(),
        ScalarValue::Float32(Some(f)) => f.to_string(),
        other if other.data_type().is_numeric() || matches!(other.data_type(), ArrowType::Decimal128(..)) => {
            other.to_string()
        }
        other => json_string(&other.to_string()),
    })
}

/// A JSON string with FOR JSON's escapes: `"`, `\`, `/`, the named control
/// characters and `\u00xx` for the others.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(include_nulls: bool, pairs: &[(&str, ScalarValue)]) -> String {
        let mut args = vec![ScalarValue::Boolean(Some(include_nulls))];
        for (k, v) in pairs {
            args.push(ScalarValue::Utf8(Some((*k).to_string())));
            args.push(v.clone());
        }
        object_row(&args).expect("a value").expect("a value")
    }

    fn text(s: &str) -> ScalarValue {
        ScalarValue::Utf8(Some(s.into()))
    }

    /// "Format nested JSON output with PATH mode": dotted aliases nest, NULLs
    /// are left out, an object whose members are all NULL is left out.
    #[test]
    fn dotted_names_nest_and_nulls_are_left_out() {
        let ken = row(
            false,
            &[
                ("Id", ScalarValue::Int32(Some(1))),
                ("FirstName", text("Ken")),
                ("Info.Title", ScalarValue::Utf8(None)),
                ("Info.MiddleName", text("J")),
            ],
        );
        assert_eq!(ken, r#"{"Id":1,"FirstName":"Ken","Info":{"MiddleName":"J"}}"#);
        let roberto = row(
            false,
            &[
                ("Id", ScalarValue::Int32(Some(3))),
                ("Info.Title", ScalarValue::Utf8(None)),
                ("Info.MiddleName", ScalarValue::Utf8(None)),
            ],
        );
        assert_eq!(roberto, r#"{"Id":3}"#);
        // INCLUDE_NULL_VALUES: {"name": "John", "surname": null}
        let john = row(true, &[("name", text("John")), ("surname", ScalarValue::Utf8(None))]);
        assert_eq!(john, r#"{"name":"John","surname":null}"#);
    }

    /// "How FOR JSON converts SQL Server data types" and its escaping page:
    /// datetime `"2011-05-31T00:00:00"`, bit true/false, money and decimals
    /// as bare numbers (`2024.9940`), `/` escaped as `\/`, control characters as `\u00xx`.
    #[test]
    fn values_are_written_as_sql_server_writes_them() {
        let order = row(
            false,
            &[
                (
                    "Order.Date",
                    ScalarValue::TimestampMicrosecond(Some(1_306_800_000_000_000), None),
                ),
                ("Product.Price", ScalarValue::Decimal128(Some(20_249_940), 19, 4)),
                ("Product.Quantity", ScalarValue::Int16(Some(1))),
                ("Flag", ScalarValue::Boolean(Some(true))),
            ],
        );
        assert_eq!(
            order,
            r#"{"Order":{"Date":"2011-05-31T00:00:00"},"Product":{"Price":2024.9940,"Quantity":1},"Flag":true}"#
        );
        let escaped = row(false, &[("KEY\\\t/\"", text("VALUE\\\t/\r\n\"")), ("0", text("\u{0}"))]);
        assert_eq!(escaped, r#"{"KEY\\\t\/\"":"VALUE\\\t\/\r\n\"","0":"\u0000"}"#);
    }

    #[test]
    fn a_property_named_twice_is_an_error() {
        let args = [
            ScalarValue::Boolean(Some(false)),
            text("a"),
            text("x"),
            text("a"),
            text("y"),
        ];
        assert!(
            object_row(&args)
                .expect_err("an error")
                .to_string()
                .contains("Property 'a'")
        );
    }
}
