//! [`crate::ast::Query`] → canonical WQL: upper-case keywords, one clause per line,
//! double-quoted strings, `<>` for inequality, parentheses only where needed.
//! `parse(format(q)) == q` for every query `parse` accepts.

use crate::ast::{ClassRef, Expr, ExprKind, JoinKind, Literal, LogicalOp, Query, Select, SelectItem, SelectList};
use std::fmt::Write;

/// The canonical text of `query`.
pub fn format(query: &Query) -> String {
    let mut out = String::new();
    select(&mut out, &query.select, "\n");
    out
}

/// The canonical text of one expression.
pub fn format_expr(expr: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, expr, 0);
    out
}

fn select(out: &mut String, s: &Select, sep: &str) {
    out.push_str("SELECT ");
    if s.distinct {
        out.push_str("DISTINCT ");
    }
    match &s.items {
        SelectList::Star(_) => out.push('*'),
        SelectList::Items(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                match item {
                    SelectItem::Expr(e) => write_expr(out, e, 0),
                    SelectItem::QualifiedStar(c) => {
                        let _ = write!(out, "{}.*", c.value);
                    }
                }
            }
        }
    }
    out.push_str(sep);
    out.push_str("FROM ");
    class_ref(out, &s.from);
    for j in &s.joins {
        out.push_str(sep);
        out.push_str(match j.kind {
            JoinKind::Inner => "INNER JOIN ",
            JoinKind::Left => "LEFT JOIN ",
            JoinKind::Right => "RIGHT JOIN ",
            JoinKind::Full => "FULL JOIN ",
        });
        class_ref(out, &j.class);
        out.push_str(" ON ");
        write_expr(out, &j.on, 0);
    }
    if let Some(w) = &s.selection {
        out.push_str(sep);
        out.push_str("WHERE ");
        write_expr(out, w, 0);
    }
    if !s.order_by.is_empty() {
        out.push_str(sep);
        out.push_str("ORDER BY ");
        for (i, o) in s.order_by.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            write_expr(out, &o.expr, 0);
            if o.descending {
                out.push_str(" DESC");
            }
        }
    }
}

fn class_ref(out: &mut String, c: &ClassRef) {
    out.push_str(&c.class.value);
    if let Some(a) = &c.alias {
        let _ = write!(out, " AS {}", a.value);
    }
}

// Binding strength: the loosest operator an expression contains at its top.
const OR: u8 = 1;
const AND: u8 = 2;
const NOT: u8 = 3;
const PREDICATE: u8 = 4;
const OPERAND: u8 = 5;

fn strength(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::Logical { op: LogicalOp::Or, .. } => OR,
        ExprKind::Logical { op: LogicalOp::And, .. } => AND,
        ExprKind::Not(_) => NOT,
        ExprKind::Compare { .. }
        | ExprKind::Like { .. }
        | ExprKind::IsNull { .. }
        | ExprKind::InList { .. }
        | ExprKind::InSubquery { .. }
        | ExprKind::Between { .. } => PREDICATE,
        ExprKind::Property { .. } | ExprKind::Literal(_) | ExprKind::Prompt(_) | ExprKind::Function { .. } => OPERAND,
    }
}

/// Writes `e`, parenthesised when it binds looser than `min`.
fn write_expr(out: &mut String, e: &Expr, min: u8) {
    let paren = strength(e) < min;
    if paren {
        out.push('(');
    }
    match &e.kind {
        ExprKind::Property { qualifier, name } => {
            if let Some(q) = qualifier {
                out.push_str(&q.value);
                out.push('.');
            }
            out.push_str(&name.value);
        }
        ExprKind::Literal(l) => literal(out, l),
        ExprKind::Prompt(p) => {
            let _ = write!(out, "##PRM:{p}##");
        }
        ExprKind::Not(inner) => {
            out.push_str("NOT ");
            write_expr(out, inner, NOT);
        }
        ExprKind::Logical { op, operands } => {
            let (word, level) = match op {
                LogicalOp::And => (" AND ", AND + 1),
                LogicalOp::Or => (" OR ", OR + 1),
            };
            for (i, o) in operands.iter().enumerate() {
                if i > 0 {
                    out.push_str(word);
                }
                write_expr(out, o, level);
            }
        }
        ExprKind::Compare { left, op, right } => {
            write_expr(out, left, OPERAND);
            let _ = write!(out, " {} ", op.as_str());
            write_expr(out, right, OPERAND);
        }
        ExprKind::Like { expr, pattern, negated } => {
            write_expr(out, expr, OPERAND);
            out.push_str(if *negated { " NOT LIKE " } else { " LIKE " });
            write_expr(out, pattern, OPERAND);
        }
        ExprKind::IsNull { expr, negated } => {
            write_expr(out, expr, OPERAND);
            out.push_str(if *negated { " IS NOT NULL" } else { " IS NULL" });
        }
        ExprKind::InList { expr, list, negated } => {
            write_expr(out, expr, OPERAND);
            out.push_str(if *negated { " NOT IN (" } else { " IN (" });
            for (i, v) in list.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_expr(out, v, OPERAND);
            }
            out.push(')');
        }
        ExprKind::InSubquery {
            expr,
            subquery,
            negated,
        } => {
            write_expr(out, expr, OPERAND);
            out.push_str(if *negated { " NOT IN (" } else { " IN (" });
            select(out, subquery, " ");
            out.push(')');
        }
        ExprKind::Between {
            expr,
            low,
            high,
            negated,
        } => {
            write_expr(out, expr, OPERAND);
            out.push_str(if *negated { " NOT BETWEEN " } else { " BETWEEN " });
            write_expr(out, low, OPERAND);
            out.push_str(" AND ");
            write_expr(out, high, OPERAND);
        }
        ExprKind::Function {
            name,
            args,
            star,
            distinct,
        } => {
            out.push_str(&name.value);
            out.push('(');
            if *star {
                out.push('*');
            }
            if *distinct {
                out.push_str("DISTINCT ");
            }
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_expr(out, a, 0);
            }
            out.push(')');
        }
    }
    if paren {
        out.push(')');
    }
}

fn literal(out: &mut String, l: &Literal) {
    match l {
        Literal::String(s) => {
            out.push('"');
            for c in s.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        }
        Literal::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Literal::Decimal(d) => out.push_str(d),
        Literal::Boolean(true) => out.push_str("TRUE"),
        Literal::Boolean(false) => out.push_str("FALSE"),
        Literal::Null => out.push_str("NULL"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::*;
    use crate::parse;
    use proptest::prelude::*;
    use wqlkit_core::Span;

    const KEYWORDS: &[&str] = &[
        "select", "distinct", "from", "where", "as", "join", "inner", "left", "right", "full", "outer", "on", "order",
        "by", "asc", "desc", "like", "is", "in", "between", "null", "true", "false", "not", "and", "or",
    ];

    fn ident() -> impl Strategy<Value = Ident> {
        "[A-Za-z_][A-Za-z0-9_]{0,8}"
            .prop_filter("keyword", |s| !KEYWORDS.contains(&s.to_ascii_lowercase().as_str()))
            .prop_map(|s| Ident::new(s, Span::default()))
    }

    fn member() -> impl Strategy<Value = Ident> {
        prop_oneof![
            ident(),
            prop::sample::select(KEYWORDS).prop_map(|k| Ident::new(k.to_uppercase(), Span::default()))
        ]
    }

    fn e(kind: ExprKind) -> Expr {
        Expr::new(kind, Span::default())
    }

    fn literal() -> impl Strategy<Value = Literal> {
        prop_oneof![
            any::<String>().prop_map(Literal::String),
            "[ -~]{0,12}".prop_map(Literal::String),
            (i64::MIN as i128..=u64::MAX as i128).prop_map(Literal::Integer),
            ("-?[0-9]{1,5}\\.[0-9]{1,4}").prop_map(Literal::Decimal),
            any::<bool>().prop_map(Literal::Boolean),
            Just(Literal::Null),
        ]
    }

    fn operand() -> impl Strategy<Value = Expr> {
        prop_oneof![
            4 => (prop::option::of(ident()), member()).prop_map(|(q, n)| {
                // An unqualified name must not be a keyword.
                let name = if q.is_none() && KEYWORDS.contains(&n.value.to_ascii_lowercase().as_str()) {
                    Ident::new(format!("{}_", n.value), n.span)
                } else {
                    n
                };
                e(ExprKind::Property { qualifier: q, name })
            }),
            3 => literal().prop_map(|l| e(ExprKind::Literal(l))),
            1 => "[A-Za-z_.]{1,20}".prop_map(|p| e(ExprKind::Prompt(p))),
            1 => Just(e(ExprKind::Function { name: Ident::new("GetDate", Span::default()), args: vec![], star: false, distinct: false })),
            1 => Just(e(ExprKind::Function { name: Ident::new("Count", Span::default()), args: vec![], star: true, distinct: false })),
        ]
    }

    fn simple_select() -> impl Strategy<Value = Select> {
        (ident(), prop::option::of(ident()), operand(), any::<bool>()).prop_map(|(class, alias, item, distinct)| {
            Select {
                distinct,
                items: SelectList::Items(vec![SelectItem::Expr(item)]),
                from: ClassRef {
                    class,
                    alias,
                    span: Span::default(),
                },
                joins: vec![],
                selection: None,
                order_by: vec![],
                span: Span::default(),
            }
        })
    }

    fn expr() -> impl Strategy<Value = Expr> {
        let leaf = operand();
        leaf.prop_recursive(5, 48, 4, |inner| {
            let cmp = prop::sample::select(vec![
                CompareOp::Eq,
                CompareOp::NotEq,
                CompareOp::Lt,
                CompareOp::LtEq,
                CompareOp::Gt,
                CompareOp::GtEq,
            ]);
            prop_oneof![
                (inner.clone(), cmp, inner.clone()).prop_map(|(l, op, r)| e(ExprKind::Compare {
                    left: Box::new(l),
                    op,
                    right: Box::new(r)
                })),
                (inner.clone(), inner.clone(), any::<bool>()).prop_map(|(x, p, n)| e(ExprKind::Like {
                    expr: Box::new(x),
                    pattern: Box::new(p),
                    negated: n
                })),
                (inner.clone(), any::<bool>()).prop_map(|(x, n)| e(ExprKind::IsNull {
                    expr: Box::new(x),
                    negated: n
                })),
                (inner.clone(), prop::collection::vec(inner.clone(), 1..4), any::<bool>()).prop_map(|(x, list, n)| e(
                    ExprKind::InList {
                        expr: Box::new(x),
                        list,
                        negated: n
                    }
                )),
                (inner.clone(), simple_select(), any::<bool>()).prop_map(|(x, s, n)| e(ExprKind::InSubquery {
                    expr: Box::new(x),
                    subquery: Box::new(s),
                    negated: n
                })),
                (inner.clone(), inner.clone(), inner.clone(), any::<bool>()).prop_map(|(x, l, h, n)| e(
                    ExprKind::Between {
                        expr: Box::new(x),
                        low: Box::new(l),
                        high: Box::new(h),
                        negated: n
                    }
                )),
                inner.clone().prop_map(|x| e(ExprKind::Not(Box::new(x)))),
                (
                    prop::sample::select(vec![LogicalOp::And, LogicalOp::Or]),
                    prop::collection::vec(inner.clone(), 2..4)
                )
                    .prop_map(|(op, operands)| {
                        // The parser flattens chains, so nested same-operator nodes merge here too.
                        let mut it = operands.into_iter();
                        let first = it.next().unwrap_or_else(|| e(ExprKind::Literal(Literal::Null)));
                        it.fold(first, |acc, x| crate::parser::logical(op, acc, x))
                    }),
                (ident(), prop::collection::vec(inner, 0..3), any::<bool>()).prop_map(|(name, args, distinct)| {
                    let distinct = distinct && !args.is_empty();
                    e(ExprKind::Function {
                        name,
                        args,
                        star: false,
                        distinct,
                    })
                }),
            ]
        })
    }

    fn query() -> impl Strategy<Value = Query> {
        let join_kind = prop::sample::select(vec![JoinKind::Inner, JoinKind::Left, JoinKind::Right, JoinKind::Full]);
        let join = (join_kind, ident(), prop::option::of(ident()), expr()).prop_map(|(kind, class, alias, on)| Join {
            kind,
            class: ClassRef {
                class,
                alias,
                span: Span::default(),
            },
            on,
            span: Span::default(),
        });
        let item = prop_oneof![
            expr().prop_map(SelectItem::Expr),
            ident().prop_map(SelectItem::QualifiedStar)
        ];
        let items = prop_oneof![
            Just(SelectList::Star(Span::default())),
            prop::collection::vec(item, 1..4).prop_map(SelectList::Items)
        ];
        let order = (expr(), any::<bool>()).prop_map(|(expr, descending)| OrderItem {
            expr,
            descending,
            span: Span::default(),
        });
        (
            any::<bool>(),
            items,
            ident(),
            prop::option::of(ident()),
            prop::collection::vec(join, 0..3),
            prop::option::of(expr()),
            prop::collection::vec(order, 0..3),
        )
            .prop_map(|(distinct, items, class, alias, joins, selection, order_by)| Query {
                select: Select {
                    distinct,
                    items,
                    from: ClassRef {
                        class,
                        alias,
                        span: Span::default(),
                    },
                    joins,
                    selection,
                    order_by,
                    span: Span::default(),
                },
                span: Span::default(),
            })
    }

    #[test]
    fn spaces_around_dots_are_dropped() {
        let q = parse("select SMS_R_System . Name , s . * from SMS_R_System s where s.\n\tClient = 1")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            format(&q),
            "SELECT SMS_R_System.Name, s.*\nFROM SMS_R_System AS s\nWHERE s.Client = 1"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn format_then_parse_is_identity(q in query()) {
            let text = format(&q);
            let parsed = parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
            prop_assert_eq!(&parsed, &q, "{}", text);
            prop_assert_eq!(format(&parsed), text);
        }

        #[test]
        fn strings_survive_formatting(s in any::<String>()) {
            let q = format!("select * from C where p = {}", format_expr(&e(ExprKind::Literal(Literal::String(s.clone())))));
            let parsed = parse(&q).map_err(|e| TestCaseError::fail(format!("{e}\n{q}")))?;
            let Some(Expr { kind: ExprKind::Compare { right, .. }, .. }) = parsed.select.selection else {
                return Err(TestCaseError::fail("not a comparison"));
            };
            prop_assert_eq!(right.kind, ExprKind::Literal(Literal::String(s)));
        }
    }
}
