//! Warnings about WQL that works but probably does not do what was meant.
//! Each has a code, a span and, where one exists, a suggested rewrite.
//!
//! The checks that need resolved properties and types are called by the
//! binder as it resolves them; [`crate::compile`] runs the checks over the
//! whole query ([`collection_rule`], [`escapes`]) after binding.

use crate::ast::{CompareOp, Expr, ExprKind, Ident, Literal, LogicalOp, Query, Select, SelectItem, SelectList};
use crate::format::format_expr;
use wqlkit_core::catalog::{ClassLookup, SchemaProvider};
use wqlkit_core::{Code, Diagnostic, Edit, Span};

/// A property with many values per resource: an array, or a one-to-many class joined to a resource.
#[derive(Debug, Clone, Default)]
pub(crate) struct MultiValued {
    pub class: String,
    pub property: String,
    /// The class's property holding the ResourceID.
    pub key: String,
    pub array: bool,
}

/// The select lists the provider accepts for collection rules, by FROM class.
const RULE_COLUMNS: &[(&str, &[&str])] = &[
    (
        "SMS_R_System",
        &[
            "ResourceID",
            "ResourceType",
            "Name",
            "SMSUniqueIdentifier",
            "ResourceDomainORWorkgroup",
            "Client",
        ],
    ),
    (
        "SMS_R_User",
        &[
            "ResourceID",
            "ResourceType",
            "Name",
            "UniqueUserName",
            "WindowsNTDomain",
        ],
    ),
    (
        "SMS_R_UserGroup",
        &[
            "ResourceID",
            "ResourceType",
            "Name",
            "UniqueUsergroupName",
            "WindowsNTDomain",
        ],
    ),
];

/// What a collection membership rule must look like: the resource class's key
/// properties selected in order, no ORDER BY, classes that update incrementally.
pub fn collection_rule(query: &Query, schema: &dyn SchemaProvider) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let s = &query.select;
    let ClassLookup::Found(from) = schema.lookup_class(&s.from.class.value) else {
        return out;
    };
    match RULE_COLUMNS.iter().find(|(c, _)| c.eq_ignore_ascii_case(&from.name)) {
        Some((class, cols)) => {
            if let SelectList::Items(items) = &s.items {
                let names: Vec<Option<&str>> = items
                    .iter()
                    .map(|i| match i {
                        SelectItem::Expr(Expr {
                            kind: ExprKind::Property { name, .. },
                            ..
                        }) => Some(name.value.as_str()),
                        _ => None,
                    })
                    .collect();
                let ok = names.len() == cols.len()
                    && names
                        .iter()
                        .zip(cols.iter())
                        .all(|(n, c)| n.is_some_and(|n| n.eq_ignore_ascii_case(c)));
                if !ok {
                    let span = items.iter().map(item_span).reduce(Span::to).unwrap_or(s.span);
                    let upper = class.to_ascii_uppercase();
                    let list: Vec<String> = cols.iter().map(|c| format!("{upper}.{c}")).collect();
                    out.push(
                        Diagnostic::warning(
                            Code::CollectionSelectList,
                            span,
                            format!(
                                "a collection rule over {class} must select its {} key properties, in order",
                                cols.len()
                            ),
                        )
                        .with_help(format!("select {} (or *)", list.join(","))),
                    );
                }
            }
        }
        None => out.push(
            Diagnostic::warning(
                Code::CollectionSelectList,
                s.from.span,
                format!(
                    "a collection rule selects resources from SMS_R_System, SMS_R_User or SMS_R_UserGroup, not {}",
                    from.name
                ),
            )
            .with_help("select from the resource class and join this one"),
        ),
    }
    if let Some(first) = s.order_by.first() {
        out.push(
            Diagnostic::warning(
                Code::OrderByInRule,
                first.span,
                "ORDER BY has no effect in a collection rule",
            )
            .with_help("remove the ORDER BY clause"),
        );
    }
    for r in std::iter::once(&s.from).chain(s.joins.iter().map(|j| &j.class)) {
        if let ClassLookup::Found(c) = schema.lookup_class(&r.class.value)
            && !c.incremental
        {
            out.push(
                Diagnostic::warning(
                    Code::NotIncremental,
                    r.class.span,
                    format!(
                        "{} does not support incremental updates: the rule changes only on full evaluations",
                        c.name
                    ),
                )
                .with_help("leave incremental updates off for this collection, or schedule a full evaluation"),
            );
        }
    }
    out
}

fn item_span(i: &SelectItem) -> Span {
    match i {
        SelectItem::Expr(e) => e.span,
        SelectItem::QualifiedStar(q) => q.span,
    }
}

pub(crate) fn like(e: &Expr, pattern: &Expr, negated: bool, multi: Option<MultiValued>, out: &mut Vec<Diagnostic>) {
    if let ExprKind::Literal(Literal::String(p)) = &pattern.kind
        && p.starts_with('%')
        && p.len() > 1
    {
        out.push(
            Diagnostic::warning(
                Code::LeadingWildcard,
                pattern.span,
                "a pattern that starts with % cannot use an index",
            )
            .with_help("anchor the pattern at the start where you can, e.g. 'Microsoft Windows 10%'"),
        );
    }
    if negated && let Some(m) = multi {
        out.push(negated_multi_valued(e, &m));
    }
}

pub(crate) fn compare(
    e: &Expr,
    left: &Expr,
    op: CompareOp,
    right: &Expr,
    multi: Option<MultiValued>,
    out: &mut Vec<Diagnostic>,
) {
    if matches!(op, CompareOp::Eq | CompareOp::NotEq) {
        for side in [left, right] {
            match &side.kind {
                ExprKind::Literal(Literal::String(s)) if s.contains('%') => {
                    let like = if op == CompareOp::Eq { "LIKE" } else { "NOT LIKE" };
                    let d = Diagnostic::warning(
                        Code::EqualsWithWildcard,
                        side.span,
                        format!("{} compares literally: % is a wildcard only with LIKE", op.as_str()),
                    )
                    .with_help(format!("use {like} if the % is a wildcard"));
                    // `Name = 'A%'` becomes `Name like 'A%'`; a pattern on the left stays as it is.
                    out.push(match std::ptr::eq(side, right) {
                        true => d.with_fix(
                            format!("use {like}"),
                            vec![Edit {
                                span: Span::new(left.span.end, right.span.start),
                                text: format!(" {} ", like.to_lowercase()),
                            }],
                        ),
                        false => d,
                    });
                }
                ExprKind::Literal(Literal::Null) => {
                    let is = if op == CompareOp::Eq { "IS NULL" } else { "IS NOT NULL" };
                    // `x = NULL` and `NULL = x` both become `x is null`.
                    let (kept, null) = if std::ptr::eq(side, right) {
                        (left, right)
                    } else {
                        (right, left)
                    };
                    let edits = if null.span.start > kept.span.start {
                        vec![Edit {
                            span: Span::new(kept.span.end, null.span.end),
                            text: format!(" {}", is.to_lowercase()),
                        }]
                    } else {
                        vec![
                            Edit {
                                span: Span::new(null.span.start, kept.span.start),
                                text: String::new(),
                            },
                            Edit {
                                span: Span::new(kept.span.end, kept.span.end),
                                text: format!(" {}", is.to_lowercase()),
                            },
                        ]
                    };
                    out.push(
                        Diagnostic::warning(
                            Code::NullComparison,
                            e.span,
                            format!("{} NULL is never true in the site database", op.as_str()),
                        )
                        .with_help(format!("use {is}"))
                        .with_fix(format!("use {is}"), edits),
                    );
                }
                _ => {}
            }
        }
    }
    if op == CompareOp::NotEq
        && let Some(m) = multi
    {
        out.push(negated_multi_valued(e, &m));
    }
}

/// The classic trap: `<>` on a many-valued property keeps a resource when any other value exists.
pub(crate) fn negated_multi_valued(e: &Expr, m: &MultiValued) -> Diagnostic {
    let what = if m.array {
        "an array property"
    } else {
        "a property of a class with many rows per resource"
    };
    let positive =
        positive_form(e, &m.class).map(|p| format!("ResourceID NOT IN (SELECT {} FROM {} WHERE {p})", m.key, m.class));
    let d = Diagnostic::warning(
        Code::NegatedMultiValued,
        e.span,
        format!(
            "{}.{} is {what}: this matches every resource with at least one other value, not those without the value",
            m.class, m.property
        ),
    );
    match positive {
        Some(p) => d
            .with_help(format!("to find resources that do not have it, use {p}"))
            .with_fix("use NOT IN (SELECT …)", vec![Edit { span: e.span, text: p }]),
        None => d,
    }
}

/// `e` with its negation removed and the property qualified by `class`.
fn positive_form(e: &Expr, class: &str) -> Option<String> {
    let requalify = |x: &Expr| -> Expr {
        match &x.kind {
            ExprKind::Property { name, .. } => Expr::new(
                ExprKind::Property {
                    qualifier: Some(Ident::new(class, x.span)),
                    name: name.clone(),
                },
                x.span,
            ),
            _ => x.clone(),
        }
    };
    let kind = match &e.kind {
        ExprKind::Compare {
            left,
            op: CompareOp::NotEq,
            right,
        } => ExprKind::Compare {
            left: Box::new(requalify(left)),
            op: CompareOp::Eq,
            right: Box::new(requalify(right)),
        },
        ExprKind::Like {
            expr,
            pattern,
            negated: true,
        } => ExprKind::Like {
            expr: Box::new(requalify(expr)),
            pattern: pattern.clone(),
            negated: false,
        },
        ExprKind::InList {
            expr,
            list,
            negated: true,
        } => ExprKind::InList {
            expr: Box::new(requalify(expr)),
            list: list.clone(),
            negated: false,
        },
        _ => return None,
    };
    Some(format_expr(&Expr::new(kind, e.span)))
}

/// Conditions on one array property joined by AND must hold for the same element.
pub(crate) fn same_array_element(s: &Select, array_of: &dyn Fn(&Expr) -> Option<String>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(w) = &s.selection {
        walk_and(w, array_of, &mut out);
    }
    out
}

fn walk_and(e: &Expr, array_of: &dyn Fn(&Expr) -> Option<String>, out: &mut Vec<Diagnostic>) {
    if let ExprKind::Logical {
        op: LogicalOp::And,
        operands,
    } = &e.kind
    {
        let mut seen: Vec<(String, Span)> = Vec::new();
        for o in operands {
            let subject = match &o.kind {
                ExprKind::Compare { left, .. } => Some(&**left),
                ExprKind::Like { expr, .. } | ExprKind::InList { expr, .. } | ExprKind::Between { expr, .. } => {
                    Some(&**expr)
                }
                _ => None,
            };
            if let Some(key) = subject.and_then(array_of) {
                if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                    out.push(
                        Diagnostic::warning(
                            Code::SameArrayElement,
                            o.span,
                            "both conditions must hold for the same element of this array property, so this rarely matches",
                        )
                        .with_label(*first, "the other condition on the same array")
                        .with_help("to require two different elements, test each with ResourceID IN (SELECT ResourceID FROM ... WHERE ...)"),
                    );
                } else {
                    seen.push((key, o.span));
                }
            }
        }
    }
    for c in e.children() {
        walk_and(c, array_of, out);
    }
}

pub(crate) fn count_distinct(span: Span) -> Diagnostic {
    Diagnostic::warning(
        Code::CountDistinct,
        span,
        "the SMS Provider does not support COUNT together with DISTINCT",
    )
    .with_help("count in a report query instead, or drop DISTINCT")
}

pub(crate) fn number_as_text(span: Span, what: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::NumberAsText,
        span,
        format!("{what} is text: the number is compared as text"),
    )
    .with_help("quote the value to make that explicit")
}

/// UPPER or LOWER (`name`) in `call`, around `argument`: the fix keeps the argument alone.
pub(crate) fn needless_case(name: &Ident, call: Span, argument: Span) -> Diagnostic {
    Diagnostic::warning(
        Code::NeedlessCase,
        name.span,
        format!(
            "{} has no effect: the site database compares text case-insensitively",
            name.value
        ),
    )
    .with_help("remove it; comparisons already ignore case")
    .with_fix(
        format!("remove {}", name.value),
        vec![
            Edit {
                span: Span::new(call.start, argument.start),
                text: String::new(),
            },
            Edit {
                span: Span::new(argument.end, call.end),
                text: String::new(),
            },
        ],
    )
}

/// Backslashes in string literals that do not start a WQL escape.
pub fn escapes(query: &Query, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut visit = |e: &Expr| {
        if let ExprKind::Literal(Literal::String(_)) = e.kind
            && let Some(src) = text.get(e.span.range())
        {
            let body = src.get(1..src.len().saturating_sub(1)).unwrap_or_default();
            let mut chars = body.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if c != '\\' {
                    continue;
                }
                match chars.peek() {
                    Some((_, '\\' | '"' | '\'')) => {
                        chars.next();
                    }
                    Some((_, n)) => {
                        let at = e.span.start + 1 + i;
                        out.push(
                            Diagnostic::warning(
                                Code::UnknownEscape,
                                Span::new(at, at + 1 + n.len_utf8()),
                                format!("\\{n} is not a WQL escape; the backslash is kept"),
                            )
                            .with_help("write \\\\ for a backslash, as the console does (\"CONTOSO\\\\Group\")"),
                        );
                    }
                    None => {}
                }
            }
        }
    };
    for_each_expr(&query.select, &mut visit);
    out
}

/// Calls `f` on every expression of `s`, subselects included.
pub fn for_each_expr(s: &Select, f: &mut dyn FnMut(&Expr)) {
    fn walk(e: &Expr, f: &mut dyn FnMut(&Expr)) {
        f(e);
        if let ExprKind::InSubquery { subquery, .. } = &e.kind {
            for_each_expr(subquery, f);
        }
        for c in e.children() {
            walk(c, f);
        }
    }
    if let SelectList::Items(items) = &s.items {
        for i in items {
            if let SelectItem::Expr(e) = i {
                walk(e, f);
            }
        }
    }
    for j in &s.joins {
        walk(&j.on, f);
    }
    if let Some(w) = &s.selection {
        walk(w, f);
    }
    for o in &s.order_by {
        walk(&o.expr, f);
    }
}
