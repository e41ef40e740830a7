//! Rule conditions: the tree a rule's WHERE condition is evaluated from, and
//! its conversion from the rule's WQL as parsed by [`wqlkit_wql::parse`]. Only
//! the constructs the demo's rules use convert; any other is an error that
//! names it.

use crate::site::subject::Subject;
use wqlkit_wql::ast::{
    ClassRef, CompareOp, Expr, ExprKind, Join, JoinKind, Literal, LogicalOp, Select, SelectItem, SelectList,
};
use wqlkit_wql::format_expr;

/// A literal in a rule.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Lit {
    S(String),
    I(i64),
}

/// A comparison.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    Eq(Lit),
    Ne(Lit),
    Lt(Lit),
    Like(String),
    NotLike(String),
    In(Vec<Lit>),
    IsNull,
    NotNull,
    /// `DateDiff(dd, property, GetDate()) > n`.
    DaysAgoOver(i64),
}

/// Membership that needs code (update compliance), named in the data.
#[derive(Clone, Copy)]
pub(crate) struct Evaluator {
    pub name: &'static str,
    pub eval: fn(&Subject<'_>) -> bool,
}

impl PartialEq for Evaluator {
    fn eq(&self, other: &Evaluator) -> bool {
        self.name == other.name
    }
}

impl std::fmt::Debug for Evaluator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// A WHERE condition, as the evaluator reads it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cond {
    Leaf {
        class: String,
        prop: String,
        op: Op,
    },
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
    /// `ResourceId [not] in (select ResourceID from SMS_CM_RES_COLL_<id>)`.
    InCollection {
        id: String,
        negate: bool,
    },
    /// `ResourceId [not] in (select X.ResourceID from X ...)`.
    Sub {
        query: Box<Query>,
        negate: bool,
    },
    /// Membership computed by a named Rust function.
    Evaluated(Evaluator),
}

/// A query: a class, classes inner-joined to it on ResourceID, a condition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Query {
    pub from: String,
    pub joins: Vec<String>,
    pub cond: Option<Cond>,
}

/// Why a rule's WQL gives no condition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Unsupported {
    /// The text does not parse.
    Parse(String),
    /// A construct no demo rule uses, and the text of the expression or clause.
    Construct { what: &'static str, text: String },
}

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unsupported::Parse(e) => write!(f, "the WQL does not parse: {e}"),
            Unsupported::Construct { what, text } => write!(f, "{what} is not supported: {text}"),
        }
    }
}

const COLLECTION_CLASS: &str = "SMS_CM_RES_COLL_";

/// The query a rule's WQL states.
pub(crate) fn from_wql(wql: &str) -> Result<Query, Unsupported> {
    let parsed = wqlkit_wql::parse(wql).map_err(|e| Unsupported::Parse(e.to_string()))?;
    query_from_select(&parsed.select)
}

/// A rule whose membership `eval` computes: of its WQL only the FROM class is read.
pub(crate) fn evaluated(wql: &str, eval: Evaluator) -> Result<Query, Unsupported> {
    let parsed = wqlkit_wql::parse(wql).map_err(|e| Unsupported::Parse(e.to_string()))?;
    Ok(Query {
        from: parsed.select.from.class.value,
        joins: Vec::new(),
        cond: Some(Cond::Evaluated(eval)),
    })
}

fn unsupported(what: &'static str, text: impl Into<String>) -> Unsupported {
    Unsupported::Construct {
        what,
        text: text.into(),
    }
}

fn query_from_select(s: &Select) -> Result<Query, Unsupported> {
    if s.distinct {
        return Err(unsupported("SELECT DISTINCT", s.from.class.value.as_str()));
    }
    if let Some(o) = s.order_by.first() {
        return Err(unsupported("ORDER BY", format_expr(&o.expr)));
    }
    let from = plain_class(&s.from)?;
    let joins = s
        .joins
        .iter()
        .map(|j| join_on_resource_id(j, from))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Query {
        from: from.to_string(),
        joins,
        cond: s.selection.as_ref().map(|e| cond_from_expr(e, from)).transpose()?,
    })
}

fn plain_class(c: &ClassRef) -> Result<&str, Unsupported> {
    match &c.alias {
        Some(a) => Err(unsupported(
            "a class alias",
            format!("{} as {}", c.class.value, a.value),
        )),
        None => Ok(&c.class.value),
    }
}

/// `inner join J on J.ResourceID = F.ResourceId`.
fn join_on_resource_id(j: &Join, from: &str) -> Result<String, Unsupported> {
    let class = plain_class(&j.class)?;
    let on_resource_id = match &j.on.kind {
        ExprKind::Compare {
            left,
            op: CompareOp::Eq,
            right,
        } => is_resource_id(left, Some(class)) && is_resource_id(right, Some(from)),
        _ => false,
    };
    if j.kind != JoinKind::Inner || !on_resource_id {
        return Err(unsupported(
            "a join other than an inner join on ResourceID",
            format!("{class} on {}", format_expr(&j.on)),
        ));
    }
    Ok(class.to_string())
}

/// `class.ResourceID` (or a bare `ResourceID` when `class` is `None`).
fn is_resource_id(e: &Expr, class: Option<&str>) -> bool {
    match &e.kind {
        ExprKind::Property { qualifier, name } => {
            name.is("ResourceID")
                && match (qualifier, class) {
                    (Some(q), Some(c)) => q.is(c),
                    (None, None) => true,
                    _ => false,
                }
        }
        _ => false,
    }
}

fn cond_from_expr(e: &Expr, outer: &str) -> Result<Cond, Unsupported> {
    let all = |v: &[Expr]| {
        v.iter()
            .map(|x| cond_from_expr(x, outer))
            .collect::<Result<Vec<_>, _>>()
    };
    Ok(match &e.kind {
        ExprKind::Logical {
            op: LogicalOp::And,
            operands,
        } => Cond::And(all(operands)?),
        ExprKind::Logical {
            op: LogicalOp::Or,
            operands,
        } => Cond::Or(all(operands)?),
        ExprKind::Not(x) => Cond::Not(Box::new(cond_from_expr(x, outer)?)),
        ExprKind::Compare { left, op, right } => compare_from_expr(e, left, *op, right)?,
        ExprKind::Like { expr, pattern, negated } => {
            let pattern = match lit_from_expr(pattern)? {
                Lit::S(p) => p,
                Lit::I(_) => return Err(unsupported("a LIKE pattern that is not a string", format_expr(e))),
            };
            leaf(
                expr,
                if *negated {
                    Op::NotLike(pattern)
                } else {
                    Op::Like(pattern)
                },
            )?
        }
        ExprKind::InList {
            expr,
            list,
            negated: false,
        } => leaf(expr, Op::In(list.iter().map(lit_from_expr).collect::<Result<_, _>>()?))?,
        ExprKind::IsNull { expr, negated } => leaf(expr, if *negated { Op::NotNull } else { Op::IsNull })?,
        ExprKind::InSubquery {
            expr,
            subquery,
            negated,
        } if is_resource_id(expr, Some(outer)) => in_subquery(subquery, *negated)?,
        _ => return Err(unsupported(construct_name(e), format_expr(e))),
    })
}

/// `X.P = | <> | < literal`, or `DateDiff(dd, X.P, GetDate()) > n`.
fn compare_from_expr(e: &Expr, left: &Expr, op: CompareOp, right: &Expr) -> Result<Cond, Unsupported> {
    match (&left.kind, op) {
        (ExprKind::Function { name, args, .. }, CompareOp::Gt) if name.is("DateDiff") => match args.as_slice() {
            [unit, prop, now] if is_bare(unit, "dd") && is_get_date(now) => match lit_from_expr(right)? {
                Lit::I(n) => leaf(prop, Op::DaysAgoOver(n)),
                Lit::S(_) => Err(unsupported("DateDiff compared with a string", format_expr(e))),
            },
            _ => Err(unsupported(
                "DateDiff other than DateDiff(dd, property, GetDate())",
                format_expr(e),
            )),
        },
        (_, CompareOp::Eq) => leaf(left, Op::Eq(lit_from_expr(right)?)),
        (_, CompareOp::NotEq) => leaf(left, Op::Ne(lit_from_expr(right)?)),
        (_, CompareOp::Lt) => leaf(left, Op::Lt(lit_from_expr(right)?)),
        _ => Err(unsupported("a comparison other than =, <> and <", format_expr(e))),
    }
}

fn is_bare(e: &Expr, word: &str) -> bool {
    matches!(&e.kind, ExprKind::Property { qualifier: None, name } if name.is(word))
}

fn is_get_date(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Function { name, args, star: false, .. } if name.is("GetDate") && args.is_empty())
}

/// A comparison of `Class.Prop`.
fn leaf(prop: &Expr, op: Op) -> Result<Cond, Unsupported> {
    match &prop.kind {
        ExprKind::Property {
            qualifier: Some(class),
            name,
        } => Ok(Cond::Leaf {
            class: class.value.clone(),
            prop: name.value.clone(),
            op,
        }),
        _ => Err(unsupported(
            "a comparison of something other than Class.Property",
            format_expr(prop),
        )),
    }
}

fn lit_from_expr(e: &Expr) -> Result<Lit, Unsupported> {
    match &e.kind {
        ExprKind::Literal(Literal::String(s)) => Ok(Lit::S(s.clone())),
        ExprKind::Literal(Literal::Integer(i)) => i64::try_from(*i)
            .map(Lit::I)
            .map_err(|_| unsupported("an integer beyond 64 bits", format_expr(e))),
        _ => Err(unsupported("a value other than a string or an integer", format_expr(e))),
    }
}

/// `[not] in (select ResourceID from SMS_CM_RES_COLL_<id>)` or
/// `[not] in (select X.ResourceID from X ...)`.
fn in_subquery(s: &Select, negate: bool) -> Result<Cond, Unsupported> {
    let class = &s.from.class.value;
    let only = |column_class: Option<&str>| match &s.items {
        SelectList::Items(items) => {
            matches!(items.as_slice(), [SelectItem::Expr(e)] if is_resource_id(e, column_class))
        }
        SelectList::Star(_) => false,
    };
    let collection = class
        .get(..COLLECTION_CLASS.len())
        .filter(|p| p.eq_ignore_ascii_case(COLLECTION_CLASS))
        .map(|_| &class[COLLECTION_CLASS.len()..]);
    match collection {
        Some(id) if only(None) && s.joins.is_empty() && s.selection.is_none() => Ok(Cond::InCollection {
            id: id.to_string(),
            negate,
        }),
        None if only(Some(class)) => Ok(Cond::Sub {
            query: Box::new(query_from_select(s)?),
            negate,
        }),
        _ => Err(unsupported(
            "a subquery other than the ResourceIDs of a collection or of one class",
            format!("select ... from {class}"),
        )),
    }
}

/// What an unsupported expression is, for the error.
fn construct_name(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Property { .. } => "a bare property as a condition",
        ExprKind::Literal(_) => "a literal as a condition",
        ExprKind::Prompt(_) => "a prompt",
        ExprKind::InList { negated: true, .. } => "NOT IN (list)",
        ExprKind::InSubquery { .. } => "IN (subquery) of something other than the outer class's ResourceId",
        ExprKind::Between { .. } => "BETWEEN",
        ExprKind::Function { .. } => "a function as a condition",
        ExprKind::Not(_)
        | ExprKind::Logical { .. }
        | ExprKind::Compare { .. }
        | ExprKind::Like { .. }
        | ExprKind::IsNull { .. }
        | ExprKind::InList { .. } => "this expression",
    }
}
