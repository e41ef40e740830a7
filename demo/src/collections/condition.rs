//! Rule conditions: the tree a rule's WHERE condition is evaluated from,
//! bound to the generated views' materialized columns, and evaluated with
//! SQL Server's rules (NULL is unknown, text compares case-insensitively).

use super::{PlanInputs, Unbound};
use crate::table::{Mat, Subject};
use crate::value::{Val, cmp_ci, days, like};
use std::cmp::Ordering;
use std::collections::HashMap;
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

impl From<&str> for Lit {
    fn from(s: &str) -> Lit {
        Lit::S(s.to_string())
    }
}

impl From<String> for Lit {
    fn from(s: String) -> Lit {
        Lit::S(s)
    }
}

impl From<i64> for Lit {
    fn from(i: i64) -> Lit {
        Lit::I(i)
    }
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

/// A leaf bound to a source and a materialized column.
#[derive(Debug, Clone)]
enum CCond {
    Leaf { source: usize, pos: usize, op: Op },
    And(Vec<CCond>),
    Or(Vec<CCond>),
    Not(Box<CCond>),
    InCollection { coll: usize, negate: bool },
    Sub { query: Box<CQuery>, negate: bool },
    Evaluated(Evaluator),
}

#[derive(Debug, Clone)]
struct Source {
    table: usize,
    /// Inner-joined (or the FROM class): no rows means no match.
    required: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct CQuery {
    sources: Vec<Source>,
    cond: Option<CCond>,
}

pub(super) fn bind_query(q: &Query, inp: &mut PlanInputs<'_>, ids: &HashMap<String, usize>) -> Result<CQuery, Unbound> {
    let mut sources: Vec<(String, Source)> = Vec::new();
    let view_of = |class: &str, inp: &mut PlanInputs<'_>| -> Result<(String, usize), Unbound> {
        let cl = inp
            .catalog
            .class(class)
            .ok_or_else(|| Unbound(format!("class {class} is not in the catalog")))?;
        let view = cl.view.to_ascii_lowercase();
        let t = *inp
            .by_view
            .get(&view)
            .ok_or_else(|| Unbound(format!("view {} is not generated", cl.view)))?;
        Ok((view, t))
    };
    for (class, required) in std::iter::once((q.from.as_str(), true)).chain(q.joins.iter().map(|j| (j.as_str(), true)))
    {
        let (view, t) = view_of(class, inp)?;
        if !sources.iter().any(|s| s.0 == view) {
            sources.push((view, Source { table: t, required }));
        }
    }
    let mut classes: Vec<&str> = vec![q.from.as_str()];
    classes.extend(q.joins.iter().map(String::as_str));
    let cond = match &q.cond {
        Some(c) => Some(bind_cond(c, &classes, &mut sources, inp, ids)?),
        None => None,
    };
    Ok(CQuery {
        sources: sources.into_iter().map(|s| s.1).collect(),
        cond,
    })
}

fn bind_cond(
    c: &Cond,
    classes: &[&str],
    sources: &mut Vec<(String, Source)>,
    inp: &mut PlanInputs<'_>,
    ids: &HashMap<String, usize>,
) -> Result<CCond, Unbound> {
    Ok(match c {
        Cond::Leaf { class, prop, op } => {
            if !classes.iter().any(|x| x.eq_ignore_ascii_case(class)) {
                return Err(Unbound(format!("{class} is used but not joined")));
            }
            let cl = inp
                .catalog
                .class(class)
                .ok_or_else(|| Unbound(format!("no class {class}")))?;
            let p = cl
                .property(prop)
                .ok_or_else(|| Unbound(format!("no property {class}.{prop}")))?;
            let (view, required) = match &p.array_view {
                Some(av) => (av.to_ascii_lowercase(), false),
                None => (cl.view.to_ascii_lowercase(), true),
            };
            let t = *inp
                .by_view
                .get(&view)
                .ok_or_else(|| Unbound(format!("view {view} is not generated")))?;
            let col = (inp.column_of)(t, &p.column).ok_or_else(|| Unbound(format!("column {} missing", p.column)))?;
            let source = match sources.iter().position(|s| s.0 == view) {
                Some(k) => k,
                None => {
                    sources.push((view, Source { table: t, required }));
                    sources.len() - 1
                }
            };
            let needed = &mut inp.needed[t];
            let pos = match needed.iter().position(|&x| x == col) {
                Some(k) => k,
                None => {
                    needed.push(col);
                    needed.len() - 1
                }
            };
            CCond::Leaf {
                source,
                pos,
                op: op.clone(),
            }
        }
        Cond::And(v) => CCond::And(
            v.iter()
                .map(|x| bind_cond(x, classes, sources, inp, ids))
                .collect::<Result<_, _>>()?,
        ),
        Cond::Or(v) => CCond::Or(
            v.iter()
                .map(|x| bind_cond(x, classes, sources, inp, ids))
                .collect::<Result<_, _>>()?,
        ),
        Cond::Not(x) => CCond::Not(Box::new(bind_cond(x, classes, sources, inp, ids)?)),
        Cond::InCollection { id, negate } => CCond::InCollection {
            coll: *ids.get(id).ok_or_else(|| Unbound(format!("no collection {id}")))?,
            negate: *negate,
        },
        Cond::Sub { query, negate } => CCond::Sub {
            query: Box::new(bind_query(query, inp, ids)?),
            negate: *negate,
        },
        Cond::Evaluated(e) => CCond::Evaluated(*e),
    })
}

/// Whether a query rule's condition holds for `s` (no limiting or staleness).
#[cfg(test)]
pub(crate) fn rule_matches(s: &Subject<'_>, q: &CQuery) -> bool {
    eval_query(s, q)
}

pub(super) fn eval_query(s: &Subject<'_>, q: &CQuery) -> bool {
    let mats: Vec<std::rc::Rc<Mat>> = q.sources.iter().map(|src| s.materialized(src.table)).collect();
    for (src, m) in q.sources.iter().zip(&mats) {
        if src.required && m.is_empty() {
            return false;
        }
    }
    let Some(cond) = &q.cond else { return true };
    // Sources with several rows are searched; the others are fixed at their row (or NULL).
    let multi: Vec<usize> = (0..mats.len()).filter(|&k| mats[k].len() > 1).collect();
    let mut pick = vec![0usize; mats.len()];
    if multi.len() <= 1 {
        let Some(&k) = multi.first() else {
            return eval_cond(s, cond, &mats, &pick) == Some(true);
        };
        return (0..mats[k].len()).any(|r| {
            pick[k] = r;
            eval_cond(s, cond, &mats, &pick) == Some(true)
        });
    }
    // Conjuncts that each use one multi-row source are searched independently.
    let conj: Vec<&CCond> = match cond {
        CCond::And(v) => v.iter().collect(),
        c => vec![c],
    };
    let mut by_source: Vec<Vec<&CCond>> = vec![Vec::new(); mats.len()];
    let mut free: Vec<&CCond> = Vec::new();
    for c in &conj {
        let mut used = Vec::new();
        sources_of(c, &mut used);
        used.retain(|k| multi.contains(k));
        used.sort_unstable();
        used.dedup();
        match used.as_slice() {
            [] => free.push(c),
            [k] => by_source[*k].push(c),
            _ => return cross_product(s, cond, &mats, &multi),
        }
    }
    if free.iter().any(|c| eval_cond(s, c, &mats, &pick) != Some(true)) {
        return false;
    }
    for &k in &multi {
        if by_source[k].is_empty() {
            continue;
        }
        let found = (0..mats[k].len()).any(|r| {
            let mut p = pick.clone();
            p[k] = r;
            by_source[k].iter().all(|c| eval_cond(s, c, &mats, &p) == Some(true))
        });
        if !found {
            return false;
        }
    }
    true
}

fn cross_product(s: &Subject<'_>, cond: &CCond, mats: &[std::rc::Rc<Mat>], multi: &[usize]) -> bool {
    let mut pick = vec![0usize; mats.len()];
    loop {
        if eval_cond(s, cond, mats, &pick) == Some(true) {
            return true;
        }
        let mut k = 0;
        loop {
            if k == multi.len() {
                return false;
            }
            let src = multi[k];
            pick[src] += 1;
            if pick[src] < mats[src].len() {
                break;
            }
            pick[src] = 0;
            k += 1;
        }
    }
}

fn sources_of(c: &CCond, out: &mut Vec<usize>) {
    match c {
        CCond::Leaf { source, .. } => out.push(*source),
        CCond::And(v) | CCond::Or(v) => v.iter().for_each(|x| sources_of(x, out)),
        CCond::Not(x) => sources_of(x, out),
        _ => {}
    }
}

fn all3(mut it: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let mut unknown = false;
    for x in it.by_ref() {
        match x {
            Some(false) => return Some(false),
            None => unknown = true,
            _ => {}
        }
    }
    if unknown { None } else { Some(true) }
}

fn any3(mut it: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let mut unknown = false;
    for x in it.by_ref() {
        match x {
            Some(true) => return Some(true),
            None => unknown = true,
            _ => {}
        }
    }
    if unknown { None } else { Some(false) }
}

fn eval_cond(s: &Subject<'_>, c: &CCond, mats: &[std::rc::Rc<Mat>], pick: &[usize]) -> Option<bool> {
    match c {
        CCond::Leaf { source, pos, op } => {
            let null = Val::Null;
            let v = mats[*source]
                .get(pick[*source])
                .and_then(|row| row.get(*pos))
                .unwrap_or(&null);
            compare(s, v, op)
        }
        CCond::And(v) => all3(v.iter().map(|x| eval_cond(s, x, mats, pick))),
        CCond::Or(v) => any3(v.iter().map(|x| eval_cond(s, x, mats, pick))),
        CCond::Not(x) => eval_cond(s, x, mats, pick).map(|b| !b),
        CCond::InCollection { coll, negate } => Some(s.member(*coll) != *negate),
        CCond::Sub { query, negate } => Some(eval_query(s, query) != *negate),
        CCond::Evaluated(e) => Some((e.eval)(s)),
    }
}

fn cmp_lit(v: &Val<'_>, l: &Lit) -> Option<Ordering> {
    match l {
        Lit::I(i) => v.int().map(|x| x.cmp(i)),
        Lit::S(t) => match v.as_str() {
            Some(x) => Some(cmp_ci(x, t)),
            None => {
                let mut buf = String::new();
                if v.text(&mut buf) { Some(cmp_ci(&buf, t)) } else { None }
            }
        },
    }
}

/// One comparison with SQL Server's rules: NULL is unknown, text is compared
/// case-insensitively and without trailing blanks.
fn compare(s: &Subject<'_>, v: &Val<'_>, op: &Op) -> Option<bool> {
    if v.is_null() {
        return match op {
            Op::IsNull => Some(true),
            Op::NotNull => Some(false),
            _ => None,
        };
    }
    let mut buf = String::new();
    let text = |buf: &mut String| -> Option<String> {
        match v.as_str() {
            Some(_) => None,
            None => v.text(buf).then(|| std::mem::take(buf)),
        }
    };
    match op {
        Op::Eq(l) => cmp_lit(v, l).map(|o| o == Ordering::Equal),
        Op::Ne(l) => cmp_lit(v, l).map(|o| o != Ordering::Equal),
        Op::Lt(l) => cmp_lit(v, l).map(|o| o == Ordering::Less),
        Op::Like(p) => match v.as_str() {
            Some(t) => Some(like(t, p)),
            None => text(&mut buf).map(|t| like(&t, p)),
        },
        Op::NotLike(p) => match v.as_str() {
            Some(t) => Some(!like(t, p)),
            None => text(&mut buf).map(|t| !like(&t, p)),
        },
        Op::In(list) => any3(list.iter().map(|l| cmp_lit(v, l).map(|o| o == Ordering::Equal))),
        Op::IsNull => Some(false),
        Op::NotNull => Some(true),
        Op::DaysAgoOver(n) => match v {
            Val::Ts(t) => Some(days(s.ctx.now) - days(*t) > *n),
            _ => None,
        },
    }
}
