//! T-SQL's lists: joining rows into one text — `STRING_AGG(x, sep) WITHIN
//! GROUP (ORDER BY …)` and the older idiom `(SELECT ', ' + x FROM … ORDER BY …
//! FOR XML PATH(''))`, both as DataFusion's `string_agg(x, sep ORDER BY …)` —
//! and splitting one text into rows (`STRING_SPLIT`).

use super::expr::{call, cast, string};
use datafusion::sql::sqlparser::ast::{
    AccessExpr, CharacterLength, DataType, DuplicateTreatment, Expr, ForClause, ForXml, Function, FunctionArg,
    FunctionArgExpr, FunctionArgumentClause, FunctionArguments, OrderByKind, Query, SelectItem, SetExpr,
};

/// `STRING_AGG(x, sep) WITHIN GROUP (ORDER BY k)` → `string_agg(x, sep ORDER BY k)`.
pub(super) fn within_group_as_order_by(f: &mut Function) {
    if f.within_group.is_empty() {
        return;
    }
    let keys = std::mem::take(&mut f.within_group);
    if let FunctionArguments::List(list) = &mut f.args {
        list.clauses.push(FunctionArgumentClause::OrderBy(keys));
    }
}

/// What FOR XML PATH('') writes for a text: `&`, `<`, `>` and carriage
/// returns escaped as XML entities.
fn xml_escaped(e: Expr) -> Expr {
    let text = cast(e, DataType::Nvarchar(Some(CharacterLength::Max)));
    [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#x0D;")]
        .into_iter()
        .fold(text, |acc, (from, to)| {
            call("wql_replace", vec![acc, string(from), string(to)])
        })
}

/// `SELECT [DISTINCT] <text> FROM … [WHERE …] [ORDER BY …] FOR XML PATH('')`
/// as `SELECT string_agg([DISTINCT] escaped(<text>), '' ORDER BY …) FROM …`:
/// the rows' texts joined in order, NULLs left out, NULL when there are none,
/// as SQL Server returns it. Other FOR clauses are an error message.
pub(super) fn for_xml_path(query: &mut Query) -> Result<(), String> {
    xml_list(query, false)
}

/// `(SELECT … FOR XML PATH(''), TYPE).value('.', 'nvarchar(max)')`: the
/// list as [`for_xml_path`] makes it, but as text rather than XML, so `&`,
/// `<` and `>` stay as they are (the reason reports write it). `Some` with
/// the list's query when `e` is that idiom.
pub(super) fn xml_value_list(e: &Expr) -> Option<Result<Query, String>> {
    let Expr::CompoundFieldAccess { root, access_chain } = e else {
        return None;
    };
    let Expr::Subquery(query) = &**root else {
        return None;
    };
    let [AccessExpr::Dot(Expr::Function(f))] = access_chain.as_slice() else {
        return None;
    };
    let typed = matches!(&query.for_clause, Some(ForClause::Xml { r#type: true, .. }));
    if !typed || !f.name.to_string().eq_ignore_ascii_case("value") {
        return None;
    }
    let FunctionArguments::List(list) = &f.args else {
        return None;
    };
    let literal = |k: usize| match list.args.get(k) {
        Some(FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Value(v)))) => v.value.clone().into_string(),
        _ => None,
    };
    let (Some(path), Some(ty), 2) = (literal(0), literal(1), list.args.len()) else {
        return Some(Err(
            "the XML value() method takes an XPath and a type, both literal texts".into(),
        ));
    };
    let ty = ty.to_lowercase().replace(' ', "");
    if path != "." || !matches!(ty.as_str(), "nvarchar(max)" | "varchar(max)") {
        return Some(Err(format!(
            "XML value('{path}', '{ty}') is not supported offline; only value('.', 'nvarchar(max)') of a FOR XML PATH('') list is"
        )));
    }
    let mut query = (**query).clone();
    Some(xml_list(&mut query, true).map(|()| query))
}

/// The list of [`for_xml_path`]; `as_text` for the `TYPE` form read back with `value('.')`.
fn xml_list(query: &mut Query, as_text: bool) -> Result<(), String> {
    let Some(clause) = query.for_clause.take() else {
        return Ok(());
    };
    let shown = clause.to_string();
    let plain_path = matches!(
        &clause,
        ForClause::Xml { for_xml: ForXml::Path(Some(p)), elements: false, binary_base64: false, root: None, r#type }
            if p.is_empty() && *r#type == as_text
    );
    if !plain_path {
        return Err(format!(
            "{shown} is not supported offline; only FOR XML PATH('') lists (or STRING_AGG) are"
        ));
    }
    let order = match query.order_by.take() {
        Some(o) => match o.kind {
            OrderByKind::Expressions(keys) => keys,
            OrderByKind::All(_) => return Err("ORDER BY ALL is not T-SQL".into()),
        },
        None => vec![],
    };
    let SetExpr::Select(select) = &mut *query.body else {
        return Err(format!("{shown} over a UNION is not supported offline"));
    };
    if query.limit_clause.is_some() || select.top.is_some() {
        return Err(format!("TOP or OFFSET together with {shown} is not supported offline"));
    }
    let text = match select.projection.as_slice() {
        [SelectItem::UnnamedExpr(e)] if !matches!(e, Expr::Identifier(_) | Expr::CompoundIdentifier(_)) => e.clone(),
        [SelectItem::ExprWithAlias { expr, alias }] if alias.value.eq_ignore_ascii_case("text()") => expr.clone(),
        _ => {
            return Err(format!(
                "{shown} of named columns writes XML elements, which is not supported offline; \
                 the list idiom selects one unnamed text such as ', ' + Name0"
            ));
        }
    };
    if !matches!(&select.group_by, datafusion::sql::sqlparser::ast::GroupByExpr::Expressions(g, _) if g.is_empty()) {
        return Err(format!("{shown} with GROUP BY is not supported offline"));
    }
    let distinct = select.distinct.take().is_some();
    let escaped = if as_text {
        cast(text, DataType::Nvarchar(Some(CharacterLength::Max)))
    } else {
        xml_escaped(text)
    };
    // DISTINCT sorts on SQL Server; the list comes out in the values' order.
    let order = if distinct && order.is_empty() {
        vec![datafusion::sql::sqlparser::ast::OrderByExpr {
            expr: escaped.clone(),
            options: datafusion::sql::sqlparser::ast::OrderByOptions {
                asc: None,
                nulls_first: None,
            },
            with_fill: None,
        }]
    } else {
        order
    };
    let mut agg = call("string_agg", vec![escaped, string("")]);
    if let Expr::Function(f) = &mut agg
        && let FunctionArguments::List(list) = &mut f.args
    {
        if distinct {
            list.duplicate_treatment = Some(DuplicateTreatment::Distinct);
        }
        if !order.is_empty() {
            list.clauses.push(FunctionArgumentClause::OrderBy(order));
        }
    }
    select.projection = vec![SelectItem::UnnamedExpr(agg)];
    Ok(())
}

/// `STRING_SPLIT(text, separator)` over literal arguments (a report
/// parameter holding a list, `'SMS00001,CON00010'`): a table of one column,
/// `value`, with a row per piece (empty pieces kept, as SQL Server keeps
/// them; no rows for NULL). A column as the text is an error message.
pub(super) fn string_split(
    args: Option<&datafusion::sql::sqlparser::ast::TableFunctionArgs>,
    alias: Option<datafusion::sql::sqlparser::ast::TableAlias>,
) -> Result<datafusion::sql::sqlparser::ast::TableFactor, String> {
    use datafusion::sql::sqlparser::ast::{FunctionArg, FunctionArgExpr, TableFactor, Value};
    // A literal, or a variable's value (a literal cast to its declared type).
    fn text_literal(e: &Expr) -> Option<Option<String>> {
        match e {
            Expr::Value(v) => match &v.value {
                Value::SingleQuotedString(s) | Value::NationalStringLiteral(s) => Some(Some(s.clone())),
                Value::Null => Some(None),
                _ => None,
            },
            Expr::Cast { expr, .. } | Expr::Nested(expr) => text_literal(expr),
            _ => None,
        }
    }
    let literal = |a: &FunctionArg| match a {
        FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => text_literal(e),
        _ => None,
    };
    let args = args.map(|a| a.args.as_slice()).unwrap_or_default();
    let [text, separator] = args else {
        return Err(
            "STRING_SPLIT takes a text and a separator (its third argument, enable_ordinal, is not supported offline)"
                .into(),
        );
    };
    let (Some(text), Some(Some(separator))) = (literal(text), literal(separator)) else {
        return Err(
            "STRING_SPLIT of a column is not supported offline; it splits a literal or a report parameter".into(),
        );
    };
    let mut chars = separator.chars();
    let (Some(sep), None) = (chars.next(), chars.next()) else {
        return Err("STRING_SPLIT's separator is one character".into());
    };
    let quote = |p: &str| format!("('{}')", p.replace('\'', "''"));
    let rows = match &text {
        Some(t) => format!(
            "(VALUES {}) AS t(value)",
            t.split(sep).map(quote).collect::<Vec<_>>().join(", ")
        ),
        None => "(SELECT CAST(NULL AS nvarchar(max)) AS value WHERE 1 = 0) AS t".into(),
    };
    let sql = format!("SELECT value FROM {rows}");
    let q = super::expr::query_of(&sql)?;
    let SetExpr::Select(select) = *q.body else {
        return Err("STRING_SPLIT could not be built".into());
    };
    let Some(from) = select.from.into_iter().next() else {
        return Err("STRING_SPLIT could not be built".into());
    };
    let mut table = from.relation;
    if let (TableFactor::Derived { alias: a, .. }, Some(given)) = (&mut table, alias) {
        let columns = std::mem::take(&mut a.as_mut().map(|x| x.columns.clone()).unwrap_or_default());
        *a = Some(datafusion::sql::sqlparser::ast::TableAlias {
            columns: if given.columns.is_empty() {
                columns
            } else {
                given.columns
            },
            ..given
        });
    }
    Ok(table)
}
