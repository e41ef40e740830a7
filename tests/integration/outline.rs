//! A short outline of a WQL syntax tree, for the corpus snapshots: what kind
//! each select item is, the classes and joins, and every condition as a tree
//! of `and` / `or` / `not` over one-line predicates, so that how a query
//! parsed (precedence, grouping, subselects, literal kinds) can be read at a
//! glance. Spans are left out.

use std::fmt::Write;
use wqlkit::wql::ast::{ClassRef, Expr, ExprKind, JoinKind, Literal, LogicalOp, Query, Select, SelectItem, SelectList};
use wqlkit::wql::format_expr;

/// The outline of `query`, one line per clause and per condition node.
pub fn outline(query: &Query) -> String {
    let mut out = String::new();
    select(&mut out, &query.select, 0);
    out
}

fn select(out: &mut String, s: &Select, depth: usize) {
    let pad = "  ".repeat(depth);
    let distinct = if s.distinct { " distinct" } else { "" };
    let _ = writeln!(out, "{pad}select{distinct}: {}", items(&s.items));
    let _ = writeln!(out, "{pad}from {}", class_ref(&s.from));
    for j in &s.joins {
        let kind = match j.kind {
            JoinKind::Inner => "inner",
            JoinKind::Left => "left",
            JoinKind::Right => "right",
            JoinKind::Full => "full",
        };
        condition(out, &format!("{kind} join {} on", class_ref(&j.class)), &j.on, depth);
    }
    if let Some(w) = &s.selection {
        condition(out, "where", w, depth);
    }
    if !s.order_by.is_empty() {
        let keys: Vec<String> = s
            .order_by
            .iter()
            .map(|o| format!("{}{}", inline(&o.expr), if o.descending { " desc" } else { "" }))
            .collect();
        let _ = writeln!(out, "{pad}order by {}", keys.join(", "));
    }
}

/// The select list by kind of item, runs of one kind counted: `property ×6`.
fn items(list: &SelectList) -> String {
    let SelectList::Items(items) = list else {
        return "*".into();
    };
    let kinds = items.iter().map(|i| match i {
        SelectItem::QualifiedStar(q) => format!("{}.*", q.value),
        SelectItem::Expr(e) => match &e.kind {
            ExprKind::Property { .. } => "property".into(),
            ExprKind::Literal(_) => "literal".into(),
            ExprKind::Prompt(_) => "prompt".into(),
            _ => inline(e),
        },
    });
    let mut runs: Vec<(String, usize)> = Vec::new();
    for k in kinds {
        match runs.last_mut() {
            Some((last, n)) if *last == k => *n += 1,
            _ => runs.push((k, 1)),
        }
    }
    let runs: Vec<String> = runs
        .into_iter()
        .map(|(k, n)| if n == 1 { k } else { format!("{k} ×{n}") })
        .collect();
    runs.join(", ")
}

fn class_ref(c: &ClassRef) -> String {
    match &c.alias {
        Some(a) => format!("{} as {}", c.class.value, a.value),
        None => c.class.value.clone(),
    }
}

/// `head` and `e` at `depth`: a predicate on one line, an `and` / `or` /
/// `not` / subselect node with its operands on the lines below, one deeper.
fn condition(out: &mut String, head: &str, e: &Expr, depth: usize) {
    let pad = "  ".repeat(depth);
    let head = if head.is_empty() {
        String::new()
    } else {
        format!("{head} ")
    };
    match &e.kind {
        ExprKind::Logical { op, operands } => {
            let _ = writeln!(out, "{pad}{head}{}", logical(*op));
            for o in operands {
                condition(out, "", o, depth + 1);
            }
        }
        ExprKind::Not(inner) => {
            let _ = writeln!(out, "{pad}{head}not");
            condition(out, "", inner, depth + 1);
        }
        ExprKind::InSubquery {
            expr,
            subquery,
            negated,
        } => {
            let in_ = if *negated { "not in" } else { "in" };
            let _ = writeln!(out, "{pad}{head}{} {in_}", operand(expr));
            select(out, subquery, depth + 1);
        }
        _ => {
            let _ = writeln!(out, "{pad}{head}{}", inline(e));
        }
    }
}

fn logical(op: LogicalOp) -> &'static str {
    match op {
        LogicalOp::And => "and",
        LogicalOp::Or => "or",
    }
}

/// `e` on one line: lower-case keywords, literals as Rust writes them
/// (strings quoted and escaped), conditions inside operands parenthesised.
fn inline(e: &Expr) -> String {
    let not = |negated: bool| if negated { "not " } else { "" };
    match &e.kind {
        ExprKind::Property { qualifier, name } => match qualifier {
            Some(q) => format!("{}.{}", q.value, name.value),
            None => name.value.clone(),
        },
        ExprKind::Literal(l) => match l {
            Literal::String(s) => format!("{s:?}"),
            Literal::Integer(i) => i.to_string(),
            Literal::Decimal(d) => d.clone(),
            Literal::Boolean(b) => b.to_string(),
            Literal::Null => "null".into(),
        },
        ExprKind::Prompt(p) => format!("##PRM:{p}##"),
        ExprKind::Not(inner) => format!("not {}", operand(inner)),
        ExprKind::Logical { op, operands } => {
            let parts: Vec<String> = operands.iter().map(operand).collect();
            parts.join(&format!(" {} ", logical(*op)))
        }
        ExprKind::Compare { left, op, right } => format!("{} {} {}", operand(left), op.as_str(), operand(right)),
        ExprKind::Like { expr, pattern, negated } => {
            format!("{} {}like {}", operand(expr), not(*negated), operand(pattern))
        }
        ExprKind::IsNull { expr, negated } => format!("{} is {}null", operand(expr), not(*negated)),
        ExprKind::InList { expr, list, negated } => {
            let list: Vec<String> = list.iter().map(operand).collect();
            format!("{} {}in ({})", operand(expr), not(*negated), list.join(", "))
        }
        // A subselect outside a condition's tree, as in `Upper(x IN (SELECT ...))`: its canonical text.
        ExprKind::InSubquery { .. } => format_expr(e),
        ExprKind::Between {
            expr,
            low,
            high,
            negated,
        } => format!(
            "{} {}between {} and {}",
            operand(expr),
            not(*negated),
            operand(low),
            operand(high)
        ),
        ExprKind::Function {
            name,
            args,
            star,
            distinct,
        } => {
            let mut a: Vec<String> = args.iter().map(inline).collect();
            if *star {
                a.insert(0, "*".into());
            }
            let distinct = if *distinct { "distinct " } else { "" };
            format!("{}({distinct}{})", name.value, a.join(", "))
        }
    }
}

/// `e` as an operand: parenthesised unless it is a property, literal, prompt or function.
fn operand(e: &Expr) -> String {
    match e.kind {
        ExprKind::Property { .. } | ExprKind::Literal(_) | ExprKind::Prompt(_) | ExprKind::Function { .. } => inline(e),
        _ => format!("({})", inline(e)),
    }
}
