//! Rule queries bound to the generated views' materialized columns, and
//! evaluated for one subject with SQL Server's rules (NULL is unknown, text
//! compares case-insensitively and without trailing blanks).

use super::condition::{Cond, Evaluator, Lit, Op, Query};
use super::{PlanInputs, Unbound};
use crate::model::time::days;
use crate::site::collections::member;
use crate::site::subject::Subject;
use crate::site::value::Mat;
use crate::site::value::Val;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::rc::Rc;
use wqlkit_engine::lower::collation::{cmp_ci, like};

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
    let mats: Vec<Rc<Mat>> = q.sources.iter().map(|src| materialized(s, src.table)).collect();
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

fn cross_product(s: &Subject<'_>, cond: &CCond, mats: &[Rc<Mat>], multi: &[usize]) -> bool {
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

fn eval_cond(s: &Subject<'_>, c: &CCond, mats: &[Rc<Mat>], pick: &[usize]) -> Option<bool> {
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
        CCond::InCollection { coll, negate } => Some(member(s, *coll) != *negate),
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
            Val::Ts(t) => Some(days(s.fleet.now) - days(*t) > *n),
            _ => None,
        },
    }
}

/// Materialized columns of table `t`, the ones rules read, cached per subject.
fn materialized(s: &Subject<'_>, t: usize) -> Rc<Mat> {
    if let Some(Some(m)) = s.rows.borrow().get(t) {
        return m.clone();
    }
    let cols = &s.site.needed_columns[t];
    let m = Rc::new(s.site.tables[t].materialize(s, cols));
    let mut rows = s.rows.borrow_mut();
    if rows.len() <= t {
        rows.resize(s.site.tables.len(), None);
    }
    rows[t] = Some(m.clone());
    m
}
