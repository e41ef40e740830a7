//! T-SQL's lists: joining rows into one text — `STRING_AGG(x, sep) WITHIN
//! GROUP (ORDER BY …)` and the older idiom `(SELECT ', ' + x FROM … ORDER BY …
//! FOR XML PATH(''))`, both as DataFusion's `string_agg(x, sep ORDER BY …)` —
//! and splitting one text into rows (`STRING_SPLIT`).

use super::expr::{call, cast, string};
use super::xml::{Node, layout};
use datafusion::sql::sqlparser::ast::{
    AccessExpr, BinaryOperator, CharacterLength, DataType, DuplicateTreatment, Expr, ForClause, ForXml, Function,
    FunctionArg, FunctionArgExpr, FunctionArgumentClause, FunctionArguments, Ident, OrderByKind, Query, SelectItem,
    SetExpr,
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

/// What FOR XML PATH('') writes for a text ([`super::xml::XML_TEXT`]).
fn xml_escaped(e: Expr) -> Expr {
    call(
        "wql_xml_text",
        vec![cast(e, DataType::Nvarchar(Some(CharacterLength::Max)))],
    )
}

/// `SELECT [DISTINCT] <text> FROM … [WHERE …] [ORDER BY …] FOR XML PATH('')`
/// as `SELECT string_agg([DISTINCT] escaped(<text>), '' ORDER BY …) FROM …`:
/// the rows' texts joined in order, NULLs left out, NULL when there are none,
/// as SQL Server returns it. Other FOR clauses are an error message.
pub(super) fn for_xml_path(query: &mut Query, spelled: &dyn Fn(&Ident) -> String) -> Result<(), String> {
    xml_list(query, false, spelled)
}

/// `(SELECT … FOR XML PATH(''), TYPE).value('.', 'nvarchar(max)')`: the
/// list as [`for_xml_path`] makes it, but as text rather than XML, so `&`,
/// `<` and `>` stay as they are (the reason reports write it). `Some` with
/// the list's query when `e` is that idiom.
pub(super) fn xml_value_list(e: &Expr, spelled: &dyn Fn(&Ident) -> String) -> Option<Result<Query, String>> {
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
    Some(xml_list(&mut query, true, spelled).map(|()| query))
}

/// The list of [`for_xml_path`]; `as_text` for the `TYPE` form read back
/// with `value('.')`. Besides the list idiom (one unnamed text, no row
/// element), any FOR XML PATH: named columns as elements, `@name` columns as
/// attributes, a row element (`PATH('row')`, `PATH`), `ROOT('name')` (NULL
/// when there are no rows, as on SQL Server), `ELEMENTS` (PATH's default).
fn xml_list(query: &mut Query, as_text: bool, spelled: &dyn Fn(&Ident) -> String) -> Result<(), String> {
    let Some(clause) = query.for_clause.take() else {
        return Ok(());
    };
    let shown = clause.to_string();
    let (row, root) = match &clause {
        ForClause::Xml {
            for_xml: ForXml::Path(row),
            binary_base64: false,
            root,
            r#type,
            ..
        } if *r#type == as_text => (row.clone().unwrap_or_else(|| "row".into()), root.clone()),
        ForClause::Xml { r#type: true, .. } => {
            return Err(format!(
                "{shown} makes an xml value, which is supported offline only when read back as text with .value('.', 'nvarchar(max)')"
            ));
        }
        _ => {
            return Err(format!(
                "{shown} is not supported offline; FOR XML PATH is (RAW, AUTO, EXPLICIT and BINARY BASE64 are not)"
            ));
        }
    };
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
    if !matches!(&select.group_by, datafusion::sql::sqlparser::ast::GroupByExpr::Expressions(g, _) if g.is_empty()) {
        return Err(format!("{shown} with GROUP BY is not supported offline"));
    }
    let columns = select
        .projection
        .iter()
        .map(|item| xml_node(item, &shown, spelled))
        .collect::<Result<Vec<_>, _>>()?;
    let distinct = select.distinct.take().is_some();
    let item = match columns.as_slice() {
        // The list idiom: each row's text, escaped.
        [(Node::Text, text)] if row.is_empty() => {
            if as_text {
                cast(text.clone(), DataType::Nvarchar(Some(CharacterLength::Max)))
            } else {
                xml_escaped(text.clone())
            }
        }
        _ => {
            let mut seen_other = false;
            let mut attributes = std::collections::HashSet::new();
            for (node, _) in &columns {
                if let Node::Attribute(name) = node
                    && !attributes.insert(name.to_lowercase())
                {
                    return Err(format!(
                        "the attribute '@{name}' is named twice; the same attribute cannot be written twice on one element"
                    ));
                }
                match node {
                    Node::Attribute(name) if row.is_empty() => {
                        return Err(format!(
                            "{shown} has no row element (PATH('')), so the attribute column '@{name}' has no element to go in"
                        ));
                    }
                    Node::Attribute(name) if seen_other => {
                        return Err(format!(
                            "the attribute column '@{name}' comes after an element or text column; in FOR XML PATH attributes come first"
                        ));
                    }
                    Node::Attribute(_) => {}
                    _ => seen_other = true,
                }
            }
            let nodes: Vec<Node> = columns.iter().map(|(n, _)| n.clone()).collect();
            let mut args = vec![string(&layout(&row, as_text, &nodes))];
            args.extend(columns.into_iter().map(|(_, e)| e));
            call("wql_xml_row", args)
        }
    };
    // DISTINCT sorts on SQL Server; the list comes out in the values' order.
    let order = if distinct && order.is_empty() {
        vec![datafusion::sql::sqlparser::ast::OrderByExpr {
            expr: item.clone(),
            options: datafusion::sql::sqlparser::ast::OrderByOptions {
                asc: None,
                nulls_first: None,
            },
            with_fill: None,
        }]
    } else {
        order
    };
    let mut agg = call("string_agg", vec![item, string("")]);
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
    // ROOT('r') wraps the rows in one element; no rows stay NULL (`||` keeps NULL).
    let agg = match root.filter(|_| !as_text) {
        Some(root) => [string(&format!("<{root}>")), agg, string(&format!("</{root}>"))]
            .into_iter()
            .reduce(|left, right| Expr::BinaryOp {
                left: Box::new(left),
                op: BinaryOperator::StringConcat,
                right: Box::new(right),
            })
            .unwrap_or_else(|| string("")),
        None => agg,
    };
    select.projection = vec![SelectItem::UnnamedExpr(agg)];
    Ok(())
}

/// What a select item of a FOR XML PATH query writes, and its value; names
/// are spelled as the script writes them (element names are case-sensitive).
fn xml_node(item: &SelectItem, shown: &str, spelled: &dyn Fn(&Ident) -> String) -> Result<(Node, Expr), String> {
    let (expr, name) = match item {
        SelectItem::UnnamedExpr(e @ Expr::Identifier(i)) => (e, Some(spelled(i))),
        SelectItem::UnnamedExpr(e @ Expr::CompoundIdentifier(parts)) => (e, parts.last().map(spelled)),
        SelectItem::UnnamedExpr(e) => (e, None),
        SelectItem::ExprWithAlias { expr, alias } => (expr, Some(spelled(alias))),
        _ => return Err(format!("{shown} of * is not supported offline; name the columns")),
    };
    let node = match name.as_deref() {
        None | Some("*") => Node::Text,
        Some(n) if n.eq_ignore_ascii_case("text()") => Node::Text,
        Some(n) if n.contains('/') || n.contains('(') || n.is_empty() => {
            return Err(format!(
                "the FOR XML PATH column name '{n}' (a nested path or an XPath node test) is not supported offline; \
                 plain names, '@name' attributes, text() and unnamed columns are"
            ));
        }
        Some(n) => match n.strip_prefix('@') {
            Some("") => return Err(format!("the FOR XML PATH column name '{n}' names no attribute")),
            Some(attribute) => Node::Attribute(super::xml::name(attribute)),
            None => Node::Element(super::xml::name(n)),
        },
    };
    Ok((node, expr.clone()))
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
