//! [`ast::Query`] → canonical WQL: upper-case keywords, one clause per line,
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
