//! Unqualified property names, resolved as the SMS Provider resolves them.
//!
//! A name that one class of the SELECT has is that class's property. A name
//! that several have resolves when the query's INNER JOIN conditions make all
//! of them equal (`... ON A.ResourceID = B.ResourceID`, also through a chain
//! `A.x = B.x`, `B.x = C.x`): every row the joins produce holds the same value
//! in each, so the choice cannot change the result. The first of them in FROM
//! order is bound, with a warning naming it. An outer join's condition does not
//! count: where it finds no match, one side is NULL and the other is not.
//! Anything else stays an error that lists every candidate.

use super::{Binder, Relation};
use crate::ast::{Expr, ExprKind, Ident, LogicalOp};
use std::collections::VecDeque;
use wqlkit_core::catalog::closest;
use wqlkit_core::plan::{CompareOp, JoinKind};
use wqlkit_core::{Code, Diagnostic, Span};

/// One property of one class of a SELECT: the class's position (0 = FROM) and
/// the property's catalog name, lower-cased.
type Node = (usize, String);

/// `A.x = B.y` conditions found in the ON clauses of one SELECT's joins.
#[derive(Debug, Default)]
pub(super) struct Equalities {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
}

#[derive(Debug)]
struct Edge {
    a: usize,
    b: usize,
    /// The `=` comparison.
    span: Span,
    /// From an INNER JOIN: the two are equal in every row.
    inner: bool,
}

impl Equalities {
    fn node(&mut self, n: Node) -> usize {
        match self.nodes.iter().position(|x| *x == n) {
            Some(i) => i,
            None => {
                self.nodes.push(n);
                self.nodes.len() - 1
            }
        }
    }

    fn add(&mut self, a: Node, b: Node, span: Span, inner: bool) {
        let (a, b) = (self.node(a), self.node(b));
        self.edges.push(Edge { a, b, span, inner });
    }

    /// When every node of `nodes` is equal to the first through conditions
    /// (INNER JOIN ones only, unless `outer_too`), the conditions of the
    /// shortest chain to each, in source order.
    fn chains(&self, nodes: &[Node], outer_too: bool) -> Option<Vec<Span>> {
        let ids: Vec<usize> = nodes
            .iter()
            .map(|n| self.nodes.iter().position(|x| x == n))
            .collect::<Option<_>>()?;
        let (&start, rest) = ids.split_first()?;
        // Breadth first from the first node; `via[i]` is the edge that reached node i.
        let mut via: Vec<Option<usize>> = vec![None; self.nodes.len()];
        let mut seen = vec![false; self.nodes.len()];
        seen[start] = true;
        let mut queue = VecDeque::from([start]);
        while let Some(at) = queue.pop_front() {
            for (e, edge) in self.edges.iter().enumerate() {
                if !(edge.inner || outer_too) {
                    continue;
                }
                let next = match (edge.a == at, edge.b == at) {
                    (true, _) => edge.b,
                    (_, true) => edge.a,
                    _ => continue,
                };
                if !seen[next] {
                    seen[next] = true;
                    via[next] = Some(e);
                    queue.push_back(next);
                }
            }
        }
        let mut used: Vec<usize> = Vec::new();
        for &target in rest {
            if !seen[target] {
                return None;
            }
            let mut at = target;
            while let Some(e) = via[at] {
                if !used.contains(&e) {
                    used.push(e);
                }
                let edge = &self.edges[e];
                at = if edge.a == at { edge.b } else { edge.a };
            }
        }
        let mut spans: Vec<Span> = used.into_iter().map(|e| self.edges[e].span).collect();
        spans.sort_by_key(|s| s.start);
        Some(spans)
    }
}

/// The operands of the top-level AND chain of `e` (`e` itself when it is no AND).
fn conjuncts<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match &e.kind {
        ExprKind::Logical {
            op: LogicalOp::And,
            operands,
        } => operands.iter().for_each(|o| conjuncts(o, out)),
        _ => out.push(e),
    }
}

/// `A, B or C`.
fn either(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

impl Binder<'_> {
    /// Records the `A.x = B.y` comparisons that a join's ON condition requires
    /// (the operands of its top-level AND), for [`Binder::unqualified`].
    pub(super) fn note_join_equalities(&mut self, on: &Expr, kind: JoinKind) {
        let mut parts = Vec::new();
        conjuncts(on, &mut parts);
        for part in parts {
            let ExprKind::Compare {
                left,
                op: CompareOp::Eq,
                right,
            } = &part.kind
            else {
                continue;
            };
            if let (Some(a), Some(b)) = (self.join_key(left), self.join_key(right))
                && a != b
            {
                self.scope().equalities.add(a, b, part.span, kind == JoinKind::Inner);
            }
        }
    }

    /// `e` as a node when it is a qualified, single-valued property of a class
    /// of the current SELECT. Unqualified sides are left out: they may be the
    /// very names being settled.
    fn join_key(&mut self, e: &Expr) -> Option<Node> {
        let ExprKind::Property {
            qualifier: Some(q),
            name,
        } = &e.kind
        else {
            return None;
        };
        let relations = &self.scope().relations;
        let rel = match relations.iter().find(|r| r.binding.eq_ignore_ascii_case(&q.value)) {
            Some(r) => r,
            None => {
                let mut by_class = relations.iter().filter(|r| r.class.name.eq_ignore_ascii_case(&q.value));
                match (by_class.next(), by_class.next()) {
                    (Some(only), None) => only,
                    _ => return None,
                }
            }
        };
        let p = rel.class.property(&name.value).filter(|p| !p.is_array())?;
        Some((rel.position, p.name.to_ascii_lowercase()))
    }

    /// The class an unqualified property belongs to, searching the innermost
    /// SELECT first, and the index of its scope; `None` after reporting why not.
    pub(super) fn unqualified(&mut self, name: &Ident) -> Option<(Relation, usize)> {
        let found = self.scopes.iter().enumerate().rev().find_map(|(idx, scope)| {
            let candidates: Vec<Relation> = scope
                .relations
                .iter()
                .filter(|r| r.class.property(&name.value).is_some())
                .cloned()
                .collect();
            (!candidates.is_empty()).then_some((idx, candidates))
        });
        let Some((idx, candidates)) = found else {
            self.no_class_has(name);
            return None;
        };
        if candidates.len() == 1 {
            return candidates.into_iter().next().map(|r| (r, idx));
        }
        let nodes: Vec<Node> = candidates
            .iter()
            .filter_map(|r| {
                let p = r.class.property(&name.value)?;
                Some((r.position, p.name.to_ascii_lowercase()))
            })
            .collect();
        let written: Vec<String> = candidates
            .iter()
            .map(|r| format!("{}.{}", r.binding, name.value))
            .collect();
        let equalities = &self.scopes[idx].equalities;
        match equalities.chains(&nodes, false) {
            Some(conditions) => {
                let chosen = &written[0];
                let mut d = Diagnostic::warning(
                    Code::ResolvedByJoin,
                    name.span,
                    format!(
                        "{} could be {}; it was bound to {chosen}, the first in FROM order, because the INNER JOIN {} make{} them equal",
                        name.value,
                        either(&written),
                        if conditions.len() == 1 { "condition" } else { "conditions" },
                        if conditions.len() == 1 { "s" } else { "" },
                    ),
                )
                .with_help(format!("qualify it to say which: {chosen}"));
                for span in conditions {
                    d = d.with_label(span, "this condition makes them equal");
                }
                self.warnings.push(d);
                candidates.into_iter().next().map(|r| (r, idx))
            }
            None => {
                let help = if equalities.chains(&nodes, true).is_some() {
                    format!(
                        "qualify it, e.g. {}; only INNER JOIN conditions make them equal, as an outer join leaves one side NULL where it finds no match",
                        written[0]
                    )
                } else {
                    format!("qualify it, e.g. {}", written[0])
                };
                self.error(
                    Diagnostic::error(
                        Code::AmbiguousProperty,
                        name.span,
                        format!("{} is ambiguous: it could be {}", name.value, either(&written)),
                    )
                    .with_help(help),
                );
                None
            }
        }
    }

    /// Reports that no class in scope has the property `name`.
    fn no_class_has(&mut self, name: &Ident) {
        if !self.scopes.iter().any(|s| !s.relations.is_empty()) {
            // The classes are unknown, and already reported.
            return;
        }
        let relations = || self.scopes.iter().flat_map(|s| s.relations.iter());
        let all: Vec<String> = relations()
            .flat_map(|r| r.class.properties.iter().map(|p| p.name.clone()))
            .collect();
        let classes: Vec<String> = relations().map(|r| r.class.name.clone()).collect();
        let mut d = Diagnostic::error(
            Code::UnknownProperty,
            name.span,
            format!(
                "no class of this query ({}) has a property {}",
                classes.join(", "),
                name.value
            ),
        );
        let near = closest(&name.value, all);
        if !near.is_empty() {
            d = d.with_candidates(name.span, &near);
        }
        self.error(d);
    }
}

impl Binder<'_> {
    /// Warns, once per place, that `property` of `class` is a discovery
    /// attribute found in the site's view by the naming rule.
    pub(super) fn warn_inferred(&mut self, class: &str, property: &wqlkit_core::PropertyDef, span: Span) {
        if self
            .warnings
            .iter()
            .any(|w| w.code == Code::InferredAttribute && w.span == span)
        {
            return;
        }
        let place = match &property.array_view {
            Some(view) => format!("the array view {view}"),
            None => format!("the column {}", property.column),
        };
        self.warnings.push(
            Diagnostic::warning(
                Code::InferredAttribute,
                span,
                format!(
                    "{class}.{} is not a declared attribute; it was resolved to {place} of the site's schema by the naming rule",
                    property.name
                ),
            )
            .with_help("check that the attribute is the one meant; `wqlkit catalog CLASS` lists where each property comes from"),
        );
    }
}
