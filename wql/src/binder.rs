//! [`crate::ast::Query`] + [`SchemaProvider`] → typed [`LogicalPlan`].
//!
//! Resolves classes, aliases and properties (case-insensitively; an
//! unqualified property that several joined classes have resolves when INNER
//! JOIN conditions make them equal, see `resolve`), converts
//! literals to the types they are compared with, checks functions, and turns
//! array properties into the provider's form: a LEFT OUTER JOIN to the
//! property's `v_RA_*` view plus DISTINCT. All conditions on one array
//! property in a SELECT therefore refer to the same element, as on a site
//! server, and `<>` / `NOT LIKE` on an array match a resource when *some*
//! element differs.

use crate::ast::{self, Expr, ExprKind, Ident, Literal, LogicalOp, Query, Select, SelectItem, SelectList};
use crate::lint;
use std::collections::HashMap;
use wqlkit_core::catalog::{ClassLookup, SchemaProvider, closest};
use wqlkit_core::plan::{
    Aggregate, ColumnRef, CompareOp, JoinKind, LogicalPlan, ProjectItem, ScalarExpr, ScalarKind, ScalarType, SortKey,
};
use wqlkit_core::{ClassDef, ClassKind, Code, Diagnostic, Diagnostics, Span, SqlType, Value, WmiType};

mod coerce;
mod functions;
mod resolve;

use coerce::{comparable, literal_expr};

/// How a query is bound.
#[derive(Debug, Clone, Default)]
pub struct BindOptions {
    /// Values for console prompts, keyed by `Class.Property` (case-insensitive).
    pub prompts: HashMap<String, String>,
    /// Check the query as a collection membership rule: [`crate::compile`] adds the rule lints.
    pub collection_rule: bool,
}

/// One output column of a bound query.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputColumn {
    /// The name (the WQL property name, qualified when two classes share it).
    pub name: String,
    /// The value type.
    pub ty: ScalarType,
}

/// A bound query: the plan, its output columns, and the warnings found while binding.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    /// The logical plan.
    pub plan: LogicalPlan,
    /// The output columns, in order.
    pub columns: Vec<OutputColumn>,
    /// Warnings; binding succeeded.
    pub warnings: Vec<Diagnostic>,
}

/// Binds `query` against `schema`.
pub fn bind(query: &Query, schema: &dyn SchemaProvider, options: &BindOptions) -> Result<Bound, Diagnostics> {
    let mut b = Binder {
        schema,
        options,
        errors: Vec::new(),
        warnings: Vec::new(),
        scopes: Vec::new(),
    };
    let (plan, columns) = b.select(&query.select, true);
    if b.errors.is_empty() {
        Ok(Bound {
            plan,
            columns,
            warnings: b.warnings,
        })
    } else {
        b.errors.extend(b.warnings);
        Err(Diagnostics(b.errors))
    }
}

/// A class in scope under its binding name.
#[derive(Debug, Clone)]
struct Relation {
    /// The alias, or the class name as written.
    binding: String,
    class: ClassDef,
    /// The ordinal of this relation in its SELECT (0 = FROM).
    position: usize,
}

/// A LEFT JOIN to an array property's element view, added on first use.
#[derive(Debug, Clone)]
struct ArrayJoin {
    owner: String,
    property: String,
    alias: String,
    view: String,
    on_owner: ColumnRef,
    on_element: ColumnRef,
    span: Span,
    placed: bool,
}

#[derive(Debug, Default)]
struct Scope {
    relations: Vec<Relation>,
    arrays: Vec<ArrayJoin>,
    /// The `A.x = B.x` conditions of the joins, which settle unqualified names.
    equalities: resolve::Equalities,
}

struct Binder<'s> {
    schema: &'s dyn SchemaProvider,
    options: &'s BindOptions,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    scopes: Vec<Scope>,
}

/// A resolved property.
struct Resolved {
    column: ColumnRef,
    wmi_type: WmiType,
    /// Set when the property is an array (the column is the element column).
    array: bool,
    /// Set when the property's class has many rows per resource and is joined to a resource class.
    multi_valued: bool,
    /// The class and the property as the catalog spells them.
    class: String,
    property: String,
}

fn error_expr(span: Span) -> ScalarExpr {
    ScalarExpr {
        kind: ScalarKind::Literal(Value::Null),
        ty: ScalarType::Null,
        span,
    }
}

fn is_condition(e: &ScalarExpr) -> bool {
    matches!(
        e.kind,
        ScalarKind::Compare { .. }
            | ScalarKind::Like { .. }
            | ScalarKind::IsNull { .. }
            | ScalarKind::InList { .. }
            | ScalarKind::InSubquery { .. }
            | ScalarKind::Between { .. }
            | ScalarKind::And(_)
            | ScalarKind::Or(_)
            | ScalarKind::Not(_)
    )
}

impl<'s> Binder<'s> {
    fn error(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    fn scope(&mut self) -> &mut Scope {
        if self.scopes.is_empty() {
            self.scopes.push(Scope::default());
        }
        let last = self.scopes.len() - 1;
        &mut self.scopes[last]
    }

    // ─── classes ──────────────────────────────────────────────────────────

    fn class(&mut self, name: &Ident) -> Option<ClassDef> {
        match self.schema.lookup_class(&name.value) {
            ClassLookup::Found(c) => Some(c.into_owned()),
            ClassLookup::ClientSide(c) => {
                let mut d = Diagnostic::error(
                    Code::ClientSideClass,
                    name.span,
                    format!(
                        "{} is a client-side class: it lives in each client's WMI ({}), not in the site database",
                        name.value, c.namespace
                    ),
                );
                d = match &c.instead {
                    Some(i) => d.with_help(format!(
                        "collection rules and previews read the site database; query {i} instead"
                    )),
                    None => d.with_help(
                        "collection rules and previews read the site database; use an inventory class instead",
                    ),
                };
                self.error(d);
                None
            }
            ClassLookup::Unknown => {
                let suggestions = self.schema.similar_classes(&name.value);
                let mut d = Diagnostic::error(Code::UnknownClass, name.span, format!("unknown class {}", name.value));
                if !suggestions.is_empty() {
                    d = d.with_candidates(name.span, &suggestions);
                } else {
                    d = d.with_help("custom inventory classes can be added with --catalog FILE");
                }
                self.error(d);
                None
            }
        }
    }

    fn add_relation(&mut self, class_ref: &ast::ClassRef, class: ClassDef) {
        let binding = class_ref.binding_name().value.clone();
        let scope = self.scope();
        let position = scope.relations.len();
        if let Some(other) = scope
            .relations
            .iter()
            .find(|r| r.binding.eq_ignore_ascii_case(&binding))
        {
            let msg = format!(
                "{binding} is used for two classes ({} and {})",
                other.class.name, class.name
            );
            self.error(
                Diagnostic::error(Code::DuplicateAlias, class_ref.binding_name().span, msg)
                    .with_help("give one of them a different alias: ... AS s2"),
            );
            return;
        }
        scope.relations.push(Relation {
            binding,
            class,
            position,
        });
    }

    // ─── SELECT ───────────────────────────────────────────────────────────

    /// Binds one SELECT in a new scope; returns its plan and output columns.
    fn select(&mut self, s: &Select, top: bool) -> (LogicalPlan, Vec<OutputColumn>) {
        self.scopes.push(Scope::default());
        let from = self.class(&s.from.class);
        if let Some(c) = from {
            self.add_relation(&s.from, c);
        }
        let mut plan = self.scan_of(0, &s.from);
        for j in &s.joins {
            let class = self.class(&j.class.class);
            let known = class.is_some();
            if let Some(c) = class {
                self.add_relation(&j.class, c);
            }
            self.note_join_equalities(&j.on, j.kind);
            let on = self.condition(&j.on);
            // Array joins first used in this ON must come before this join.
            plan = self.place_arrays(plan);
            if known {
                let position = self.scope().relations.len() - 1;
                let right = self.scan_of(position, &j.class);
                plan = LogicalPlan::Join {
                    left: Box::new(plan),
                    right: Box::new(right),
                    kind: j.kind,
                    on,
                    array: false,
                    span: j.span,
                };
            }
        }
        let predicate = s.selection.as_ref().map(|w| self.condition(w));
        let (items, aggregates) = self.select_list(s);
        let keys: Vec<SortKey> = s
            .order_by
            .iter()
            .map(|o| SortKey {
                expr: self.value(&o.expr),
                descending: o.descending,
            })
            .collect();
        plan = self.place_arrays(plan);
        let has_arrays = !self.scope().arrays.is_empty();
        if let Some(predicate) = predicate {
            plan = LogicalPlan::Filter {
                input: Box::new(plan),
                predicate,
                span: s.selection.as_ref().map_or(s.span, |w| w.span),
            };
        }
        if !keys.is_empty() {
            let span = s.order_by.iter().map(|o| o.span).reduce(Span::to).unwrap_or(s.span);
            plan = LogicalPlan::Sort {
                input: Box::new(plan),
                keys,
                span,
            };
        }
        let columns;
        if let Some(aggs) = aggregates {
            columns = aggs
                .iter()
                .map(|(_, n)| OutputColumn {
                    name: n.clone(),
                    ty: ScalarType::Integer,
                })
                .collect();
            plan = LogicalPlan::Aggregate {
                input: Box::new(plan),
                items: aggs,
                span: s.span,
            };
        } else {
            columns = items
                .iter()
                .map(|i| OutputColumn {
                    name: i.name.clone(),
                    ty: i.expr.ty,
                })
                .collect();
            plan = LogicalPlan::Project {
                input: Box::new(plan),
                items,
                span: s.span,
            };
        }
        if s.distinct || has_arrays {
            plan = LogicalPlan::Distinct {
                input: Box::new(plan),
                span: s.span,
            };
        }
        if top {
            let found = lint::same_array_element(s, &|e| self.array_of(e));
            self.warnings.extend(found);
        }
        self.scopes.pop();
        (plan, columns)
    }

    fn scan_of(&mut self, position: usize, class_ref: &ast::ClassRef) -> LogicalPlan {
        let rel = self.scope().relations.get(position).cloned();
        match rel {
            Some(r) => LogicalPlan::Scan {
                alias: r.binding.clone(),
                class: r.class.name.clone(),
                view: r.class.view.clone(),
                fixed_filter: r.class.filter.clone(),
                span: class_ref.span,
            },
            // The class is unknown and already reported; keep a placeholder.
            None => LogicalPlan::Scan {
                alias: class_ref.binding_name().value.clone(),
                class: class_ref.class.value.clone(),
                view: String::new(),
                fixed_filter: None,
                span: class_ref.span,
            },
        }
    }

    /// Joins the array element views used so far and not yet joined.
    fn place_arrays(&mut self, mut plan: LogicalPlan) -> LogicalPlan {
        let pending: Vec<ArrayJoin> = self
            .scope()
            .arrays
            .iter_mut()
            .filter(|a| !a.placed)
            .map(|a| {
                a.placed = true;
                a.clone()
            })
            .collect();
        for a in pending {
            let on = ScalarExpr::condition(
                ScalarKind::Compare {
                    left: Box::new(column_expr(a.on_owner.clone(), WmiType::Uint32, a.span)),
                    op: CompareOp::Eq,
                    right: Box::new(column_expr(a.on_element.clone(), WmiType::Uint32, a.span)),
                },
                a.span,
            );
            plan = LogicalPlan::Join {
                left: Box::new(plan),
                right: Box::new(LogicalPlan::Scan {
                    alias: a.alias.clone(),
                    class: format!("{}.{}", a.owner, a.property),
                    view: a.view.clone(),
                    fixed_filter: None,
                    span: a.span,
                }),
                kind: JoinKind::Left,
                on,
                array: true,
                span: a.span,
            };
        }
        plan
    }

    fn select_list(&mut self, s: &Select) -> (Vec<ProjectItem>, Option<Vec<(Aggregate, String)>>) {
        let mut items: Vec<(ProjectItem, Option<String>)> = Vec::new();
        let mut aggregates: Vec<(Aggregate, String)> = Vec::new();
        let mut plain_spans = Vec::new();
        match &s.items {
            SelectList::Star(_) => {
                let rels = self.scope().relations.clone();
                let qualify = rels.len() > 1;
                for r in &rels {
                    self.expand_star(r, qualify, &mut items);
                }
            }
            SelectList::Items(list) => {
                for item in list {
                    match item {
                        SelectItem::QualifiedStar(q) => {
                            if let Some(r) = self.relation_for_qualifier(q) {
                                self.expand_star(&r, false, &mut items);
                            }
                            plain_spans.push(q.span);
                        }
                        SelectItem::Expr(e) => {
                            if let ExprKind::Function {
                                name,
                                args,
                                star,
                                distinct,
                            } = &e.kind
                                && name.is("count")
                            {
                                let agg = self.count(e, args, *star, *distinct);
                                aggregates.push((agg, crate::format::format_expr(e)));
                                if s.distinct {
                                    self.warnings.push(lint::count_distinct(e.span));
                                }
                                continue;
                            }
                            plain_spans.push(e.span);
                            let bound = self.value(e);
                            let (name, qualified) = match (&e.kind, &bound.kind) {
                                (ExprKind::Property { .. }, ScalarKind::Column(c)) => {
                                    let prop = c.property.rsplit_once('.').map_or(c.property.as_str(), |(_, p)| p);
                                    (prop.to_string(), Some(format!("{}.{prop}", c.relation)))
                                }
                                _ => (crate::format::format_expr(e), None),
                            };
                            items.push((ProjectItem { expr: bound, name }, qualified));
                        }
                    }
                }
            }
        }
        if !aggregates.is_empty() {
            if let Some(span) = plain_spans.first() {
                self.error(
                    Diagnostic::error(
                        Code::Unsupported,
                        *span,
                        "Count cannot be mixed with properties: WQL has no GROUP BY",
                    )
                    .with_help("select only Count(...) or only properties"),
                );
            }
            return (Vec::new(), Some(aggregates));
        }
        (unique_names(items), None)
    }

    fn expand_star(&mut self, r: &Relation, qualify: bool, out: &mut Vec<(ProjectItem, Option<String>)>) {
        for p in r.class.properties.iter().filter(|p| !p.is_array()) {
            let Some(sql_type) = self.column_type(&r.class.view, &p.column) else {
                continue;
            };
            let column = ColumnRef {
                relation: r.binding.clone(),
                column: p.column.clone(),
                property: format!("{}.{}", r.class.name, p.name),
                sql_type,
            };
            let qualified = format!("{}.{}", r.binding, p.name);
            let name = if qualify { qualified.clone() } else { p.name.clone() };
            out.push((
                ProjectItem {
                    expr: column_expr(column, p.wmi_type, Span::default()),
                    name,
                },
                Some(qualified),
            ));
        }
    }

    fn count(&mut self, e: &Expr, args: &[Expr], star: bool, distinct: bool) -> Aggregate {
        if distinct {
            self.warnings.push(lint::count_distinct(e.span));
        }
        match (star, args) {
            (true, []) => Aggregate::CountStar,
            (false, [a]) => {
                let v = self.value(a);
                if distinct {
                    Aggregate::CountDistinct(v)
                } else {
                    Aggregate::Count(v)
                }
            }
            _ => {
                self.error(
                    Diagnostic::error(Code::BadArguments, e.span, "Count takes * or one property")
                        .with_help("write Count(*) or Count(SMS_R_System.ResourceID)"),
                );
                Aggregate::CountStar
            }
        }
    }

    fn column_type(&self, view: &str, column: &str) -> Option<SqlType> {
        self.schema
            .view(view)
            .and_then(|v| v.column(column))
            .map(|c| c.sql_type)
    }

    // ─── names ────────────────────────────────────────────────────────────

    fn relation_for_qualifier(&mut self, q: &Ident) -> Option<Relation> {
        for scope in self.scopes.iter().rev() {
            if let Some(r) = scope
                .relations
                .iter()
                .find(|r| r.binding.eq_ignore_ascii_case(&q.value))
            {
                return Some(r.clone());
            }
            let by_class: Vec<&Relation> = scope
                .relations
                .iter()
                .filter(|r| r.class.name.eq_ignore_ascii_case(&q.value))
                .collect();
            if let [only] = by_class.as_slice() {
                return Some((*only).clone());
            }
        }
        let names: Vec<String> = self
            .scopes
            .iter()
            .flat_map(|s| s.relations.iter().map(|r| r.binding.clone()))
            .collect();
        let mut d = Diagnostic::error(
            Code::UnknownQualifier,
            q.span,
            format!("{} is not a class or alias of this query", q.value),
        );
        let near = closest(&q.value, names.clone());
        let joinable = match self.schema.lookup_class(&q.value) {
            ClassLookup::Found(c) => Some(c.name.clone()),
            _ => None,
        };
        let from = self
            .scopes
            .last()
            .and_then(|s| s.relations.first())
            .map(|r| r.binding.clone());
        if let (Some(class), Some(from)) = (joinable, from) {
            d = d.with_help(format!(
                "{class} is not in FROM or a JOIN: add INNER JOIN {class} ON {class}.ResourceID = {from}.ResourceID"
            ));
        } else if let Some(best) = near.first() {
            d = d.with_candidates(q.span, std::slice::from_ref(best));
        } else if !names.is_empty() {
            d = d.with_help(format!("the query's classes are: {}", names.join(", ")));
        }
        self.error(d);
        None
    }

    fn property(&mut self, qualifier: Option<&Ident>, name: &Ident, span: Span) -> Option<Resolved> {
        let (rel, scope_index) = match qualifier {
            Some(q) => {
                let rel = self.relation_for_qualifier(q)?;
                let idx = self
                    .scopes
                    .iter()
                    .rposition(|s| s.relations.iter().any(|r| r.binding == rel.binding))
                    .unwrap_or(0);
                if rel.class.property(&name.value).is_none() {
                    let near = closest(&name.value, rel.class.properties.iter().map(|p| p.name.clone()));
                    let mut d = Diagnostic::error(
                        Code::UnknownProperty,
                        name.span,
                        format!("{} has no property {}", rel.class.name, name.value),
                    );
                    if !near.is_empty() {
                        d = d.with_candidates(name.span, &near);
                    }
                    self.error(d);
                    return None;
                }
                (rel, idx)
            }
            None => self.unqualified(name)?,
        };
        let p = rel.class.property(&name.value)?.clone();
        if p.inferred() {
            self.warn_inferred(&rel.class.name, &p, name.span);
        }
        let from_kind = self.scopes[scope_index].relations.first().map(|r| r.class.kind);
        let multi_valued = rel.position > 0
            && matches!(from_kind, Some(ClassKind::Discovery))
            && !matches!(
                rel.class.kind,
                ClassKind::Discovery | ClassKind::Update | ClassKind::Collection | ClassKind::Lookup
            );
        let property = p.name.clone();
        let class = rel.class.name.clone();
        if let Some(array_view) = &p.array_view {
            let column = self.array_join(scope_index, &rel, &p.name, array_view, &p.column, span)?;
            return Some(Resolved {
                column,
                wmi_type: p.wmi_type,
                array: true,
                multi_valued: true,
                class,
                property,
            });
        }
        let sql_type = self.column_type(&rel.class.view, &p.column)?;
        Some(Resolved {
            column: ColumnRef {
                relation: rel.binding.clone(),
                column: p.column.clone(),
                property: format!("{}.{}", rel.class.name, p.name),
                sql_type,
            },
            wmi_type: p.wmi_type,
            array: false,
            multi_valued,
            class,
            property,
        })
    }

    /// The element column of `owner.property`, joining its view on first use.
    fn array_join(
        &mut self,
        scope_index: usize,
        owner: &Relation,
        property: &str,
        view: &str,
        column: &str,
        span: Span,
    ) -> Option<ColumnRef> {
        let v = self.schema.view(view)?;
        let key = v.key.first()?.clone();
        let key_type = v.column(&key)?.sql_type;
        let sql_type = v.column(column)?.sql_type;
        let owner_key = owner.class.resource_column.clone()?;
        let owner_key_type = self.column_type(&owner.class.view, &owner_key)?;
        let scope = &mut self.scopes[scope_index];
        if let Some(a) = scope
            .arrays
            .iter()
            .find(|a| a.owner.eq_ignore_ascii_case(&owner.binding) && a.property.eq_ignore_ascii_case(property))
        {
            return Some(ColumnRef {
                relation: a.alias.clone(),
                column: column.to_string(),
                property: a.on_element.property.clone(),
                sql_type,
            });
        }
        let mut alias = format!("{}_{}", owner.binding, property);
        let taken = |a: &str, s: &Scope| {
            s.relations.iter().any(|r| r.binding.eq_ignore_ascii_case(a))
                || s.arrays.iter().any(|x| x.alias.eq_ignore_ascii_case(a))
        };
        let mut n = 1;
        while taken(&alias, scope) {
            n += 1;
            alias = format!("{}_{}{n}", owner.binding, property);
        }
        let element_property = format!("{}.{}", owner.class.name, property);
        scope.arrays.push(ArrayJoin {
            owner: owner.binding.clone(),
            property: property.to_string(),
            alias: alias.clone(),
            view: v.name.clone(),
            on_owner: ColumnRef {
                relation: owner.binding.clone(),
                column: owner_key,
                property: format!("{}.ResourceID", owner.class.name),
                sql_type: owner_key_type,
            },
            on_element: ColumnRef {
                relation: alias.clone(),
                column: key,
                property: element_property.clone(),
                sql_type: key_type,
            },
            span,
            placed: false,
        });
        Some(ColumnRef {
            relation: alias,
            column: column.to_string(),
            property: element_property,
            sql_type,
        })
    }

    /// Whether `e` is a property that resolves to an array, and which (owner, property).
    fn array_of(&self, e: &Expr) -> Option<String> {
        let ExprKind::Property { qualifier, name } = &e.kind else {
            return None;
        };
        for scope in self.scopes.iter().rev() {
            for r in &scope.relations {
                let matches_q = qualifier.as_ref().is_none_or(|q| {
                    r.binding.eq_ignore_ascii_case(&q.value) || r.class.name.eq_ignore_ascii_case(&q.value)
                });
                if matches_q && r.class.property(&name.value).is_some_and(|p| p.is_array()) {
                    return Some(format!("{}.{}", r.binding, name.value).to_ascii_lowercase());
                }
            }
        }
        None
    }

    // ─── expressions ──────────────────────────────────────────────────────

    /// Binds an expression that must be a condition.
    fn condition(&mut self, e: &Expr) -> ScalarExpr {
        let b = self.expr(e);
        if !is_condition(&b) && b.ty != ScalarType::Null {
            self.error(
                Diagnostic::error(Code::TypeMismatch, e.span, "a condition is needed here, not a value")
                    .with_help("compare it with something, e.g. ... = 1"),
            );
        }
        b
    }

    /// Binds an expression that must be a value.
    fn value(&mut self, e: &Expr) -> ScalarExpr {
        let b = self.expr(e);
        if is_condition(&b) {
            self.error(Diagnostic::error(
                Code::TypeMismatch,
                e.span,
                "a value is needed here, not a condition",
            ));
        }
        b
    }

    fn expr(&mut self, e: &Expr) -> ScalarExpr {
        let span = e.span;
        match &e.kind {
            ExprKind::Property { qualifier, name } => match self.property(qualifier.as_ref(), name, span) {
                Some(r) => column_expr(r.column, r.wmi_type, span),
                None => error_expr(span),
            },
            ExprKind::Literal(l) => literal_expr(l, span),
            ExprKind::Prompt(key) => {
                let value = self
                    .options
                    .prompts
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    .map(|(_, v)| v.clone());
                match value {
                    Some(v) => literal_expr(&Literal::String(v), span),
                    None => {
                        self.error(
                            Diagnostic::error(
                                Code::Unsupported,
                                span,
                                format!("the prompt ##PRM:{key}## needs a value"),
                            )
                            .with_help(format!("give it with --prompt \"{key}=value\"")),
                        );
                        error_expr(span)
                    }
                }
            }
            ExprKind::Not(inner) => {
                let x = self.condition(inner);
                ScalarExpr::condition(ScalarKind::Not(Box::new(x)), span)
            }
            ExprKind::Logical { op, operands } => {
                let xs = operands.iter().map(|o| self.condition(o)).collect();
                let kind = match op {
                    LogicalOp::And => ScalarKind::And(xs),
                    LogicalOp::Or => ScalarKind::Or(xs),
                };
                ScalarExpr::condition(kind, span)
            }
            ExprKind::Compare { left, op, right } => self.compare(e, left, *op, right),
            ExprKind::Like { expr, pattern, negated } => {
                let x = self.value(expr);
                let p = self.value(pattern);
                let p = self.coerce(p, ScalarType::String, None, &x);
                lint::like(e, pattern, *negated, self.multi_valued(expr), &mut self.warnings);
                ScalarExpr::condition(
                    ScalarKind::Like {
                        expr: Box::new(x),
                        pattern: Box::new(p),
                        negated: *negated,
                    },
                    span,
                )
            }
            ExprKind::IsNull { expr, negated } => {
                let x = self.value(expr);
                ScalarExpr::condition(
                    ScalarKind::IsNull {
                        expr: Box::new(x),
                        negated: *negated,
                    },
                    span,
                )
            }
            ExprKind::InList { expr, list, negated } => {
                let x = self.value(expr);
                let items = list
                    .iter()
                    .map(|i| {
                        let v = self.value(i);
                        self.coerce_to(v, &x)
                    })
                    .collect();
                if *negated && let Some(m) = self.multi_valued(expr) {
                    self.warnings.push(lint::negated_multi_valued(e, &m));
                }
                ScalarExpr::condition(
                    ScalarKind::InList {
                        expr: Box::new(x),
                        list: items,
                        negated: *negated,
                    },
                    span,
                )
            }
            ExprKind::InSubquery {
                expr,
                subquery,
                negated,
            } => {
                let x = self.value(expr);
                let (plan, columns) = self.select(subquery, false);
                if columns.len() != 1 {
                    self.error(
                        Diagnostic::error(
                            Code::SubselectColumns,
                            subquery.span,
                            format!(
                                "a subselect used with IN must select one property; this one selects {}",
                                columns.len()
                            ),
                        )
                        .with_help("select only the key, e.g. SELECT ResourceID FROM ..."),
                    );
                } else if !comparable(x.ty, columns[0].ty) {
                    self.error(Diagnostic::error(
                        Code::TypeMismatch,
                        e.span,
                        format!("a {} cannot be compared with the subselect's {}", x.ty, columns[0].ty),
                    ));
                }
                ScalarExpr::condition(
                    ScalarKind::InSubquery {
                        expr: Box::new(x),
                        subquery: Box::new(plan),
                        negated: *negated,
                    },
                    span,
                )
            }
            ExprKind::Between {
                expr,
                low,
                high,
                negated,
            } => {
                let x = self.value(expr);
                let lo = self.value(low);
                let lo = self.coerce_to(lo, &x);
                let hi = self.value(high);
                let hi = self.coerce_to(hi, &x);
                ScalarExpr::condition(
                    ScalarKind::Between {
                        expr: Box::new(x),
                        low: Box::new(lo),
                        high: Box::new(hi),
                        negated: *negated,
                    },
                    span,
                )
            }
            ExprKind::Function {
                name,
                args,
                star,
                distinct,
            } => self.function(e, name, args, *star, *distinct),
        }
    }

    /// `Some(rewrite hint)` when `e` is an array property or a property of a
    /// one-to-many class joined to a resource.
    fn multi_valued(&mut self, e: &Expr) -> Option<lint::MultiValued> {
        let ExprKind::Property { qualifier, name } = &e.kind else {
            return None;
        };
        // Resolution errors and warnings were reported when the expression was bound.
        let (errors, warnings) = (self.errors.len(), self.warnings.len());
        let r = self.property(qualifier.as_ref(), name, e.span);
        self.errors.truncate(errors);
        self.warnings.truncate(warnings);
        let r = r?;
        if !(r.array || r.multi_valued) {
            return None;
        }
        let key = self
            .schema_resource_property(&r.class)
            .unwrap_or_else(|| "ResourceID".into());
        Some(lint::MultiValued {
            class: r.class,
            property: r.property,
            key,
            array: r.array,
        })
    }

    fn schema_resource_property(&self, class: &str) -> Option<String> {
        let ClassLookup::Found(c) = self.schema.lookup_class(class) else {
            return None;
        };
        let rc = c.resource_column.clone()?;
        c.properties
            .iter()
            .find(|p| p.column.eq_ignore_ascii_case(&rc) && !p.is_array())
            .map(|p| p.name.clone())
    }
}

/// Output names: the bare property name where unique, `Binding.Property`
/// where two items share it, and a numeric suffix as a last resort.
fn unique_names(items: Vec<(ProjectItem, Option<String>)>) -> Vec<ProjectItem> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (i, _) in &items {
        *counts.entry(i.name.to_ascii_lowercase()).or_default() += 1;
    }
    let mut used: HashMap<String, usize> = HashMap::new();
    items
        .into_iter()
        .map(|(mut item, qualified)| {
            if counts.get(&item.name.to_ascii_lowercase()).copied().unwrap_or(0) > 1
                && let Some(q) = qualified
            {
                item.name = q;
            }
            let n = used.entry(item.name.to_ascii_lowercase()).or_default();
            *n += 1;
            if *n > 1 {
                item.name = format!("{}_{}", item.name, n);
            }
            item
        })
        .collect()
}

fn column_expr(column: ColumnRef, wmi: WmiType, span: Span) -> ScalarExpr {
    ScalarExpr {
        kind: ScalarKind::Column(column),
        ty: ScalarType::of_wmi(wmi),
        span,
    }
}
