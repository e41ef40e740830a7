//! T-SQL-isms → what DataFusion's SQL planner takes, on the sqlparser AST:
//! `TOP` → `LIMIT`, `dbo.` and `fn_rbac_*` names, table hints, `@variables`,
//! `GETDATE()`, T-SQL functions (ISNULL, IIF, LEN, CHARINDEX, DATEDIFF, …),
//! CONVERT with styles, `'alias' = expr` select items. What cannot be
//! rewritten faithfully becomes a diagnostic at its location.

use super::expr::{call, cast, number};
use super::functions::text_length;
use super::parse::Source;
use super::vars::Vars;
use datafusion::sql::sqlparser::ast::{
    BinaryOperator, CastKind, DataType, Expr, ForClause, FunctionArg, FunctionArgExpr, Ident, JoinConstraint,
    JoinOperator, LimitClause, ObjectName, ObjectNamePart, Query, Select, SelectItem, SetExpr, Spanned, TableFactor,
    Top, TopQuantity, Value, ValueWithSpan, VisitMut, VisitorMut, visit_relations,
};
use std::ops::ControlFlow;
use wqlkit_core::{Code, DateTime, Diagnostic};

/// Rewrites one statement in place; errors and warnings are collected.
pub struct Rewriter<'a> {
    /// The report text, for locations.
    pub source: &'a Source<'a>,
    /// Variable values.
    pub vars: &'a Vars,
    /// What `GETDATE()` returns.
    pub now: DateTime,
    /// Problems that stop the statement.
    pub errors: Vec<Diagnostic>,
    /// Things worth knowing that do not stop it.
    pub warnings: Vec<Diagnostic>,
    /// Scalar subqueries turned into joins so far (for unique aliases).
    pub subqueries: usize,
}

impl<'a> Rewriter<'a> {
    /// A rewriter with no problems found yet.
    pub fn new(source: &'a Source<'a>, vars: &'a Vars, now: DateTime) -> Rewriter<'a> {
        Rewriter {
            source,
            vars,
            now,
            errors: Vec::new(),
            warnings: Vec::new(),
            subqueries: 0,
        }
    }
}

/// Adds `new` warnings to `all`, each (location, code) once.
pub(super) fn merge_warnings(all: &mut Vec<Diagnostic>, new: Vec<Diagnostic>) {
    for w in new {
        if !all.iter().any(|x| x.span.range() == w.span.range() && x.code == w.code) {
            all.push(w);
        }
    }
}

impl Rewriter<'_> {
    /// `(SELECT TOP 1 x FROM … WHERE inner.k = outer.k ORDER BY …)` in a select
    /// list becomes a LEFT JOIN on ROW_NUMBER(), as OUTER APPLY does, and the
    /// subquery its column.
    fn scalar_top_subqueries(&mut self, select: &mut Select) {
        let grouped = !matches!(&select.group_by, datafusion::sql::sqlparser::ast::GroupByExpr::Expressions(v, m) if v.is_empty() && m.is_empty());
        if select.from.is_empty() {
            return;
        }
        let mut joins = Vec::new();
        for item in &mut select.projection {
            let (SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. }) = item else {
                continue;
            };
            let _ = datafusion::sql::sqlparser::ast::visit_expressions_mut(e, |x: &mut Expr| {
                let Expr::Subquery(q) = x else {
                    return ControlFlow::<()>::Continue(());
                };
                let one = matches!(&q.limit_clause, Some(LimitClause::LimitOffset { limit: Some(l), offset: None, .. }) if number_of(l) == Some(1.0));
                if !one {
                    let alias = Ident::with_quote('"', format!("__wqlkit_subquery_{}", self.subqueries));
                    let mut sub = (**q).clone();
                    if let Some((on, value)) = aggregate_as_join(&mut sub, &alias, grouped) {
                        self.subqueries += 1;
                        joins.push(left_join(sub, alias, on));
                        *x = value;
                    }
                    return ControlFlow::Continue(());
                }
                let SetExpr::Select(inner) = &mut *q.body else {
                    return ControlFlow::Continue(());
                };
                if grouped || inner.projection.len() != 1 {
                    return ControlFlow::Continue(());
                }
                let column = match &inner.projection[0] {
                    SelectItem::ExprWithAlias { alias, .. } => alias.clone(),
                    SelectItem::UnnamedExpr(Expr::Identifier(i)) => i.clone(),
                    SelectItem::UnnamedExpr(Expr::CompoundIdentifier(p)) if !p.is_empty() => p[p.len() - 1].clone(),
                    SelectItem::UnnamedExpr(other) => {
                        let value = Ident::with_quote('"', "__wqlkit_value");
                        inner.projection[0] = SelectItem::ExprWithAlias {
                            expr: other.clone(),
                            alias: value.clone(),
                        };
                        value
                    }
                    _ => return ControlFlow::Continue(()),
                };
                let alias = Ident::with_quote('"', format!("__wqlkit_subquery_{}", self.subqueries));
                let mut sub = (**q).clone();
                let Some(on) = apply_as_window(&mut sub, &alias) else {
                    return ControlFlow::Continue(());
                };
                self.subqueries += 1;
                joins.push(left_join(sub, alias.clone(), on));
                *x = Expr::CompoundIdentifier(vec![alias, column]);
                ControlFlow::Continue(())
            });
        }
        if let Some(last) = select.from.last_mut() {
            last.joins.extend(joins);
        }
    }
}

impl Rewriter<'_> {
    /// CTEs, OFFSET/FETCH, ORDER BY 'alias' and TOP in DataFusion's forms.
    fn query_forms(&mut self, query: &mut Query) {
        // T-SQL has no RECURSIVE keyword: a CTE that reads itself is recursive.
        if let Some(with) = &mut query.with {
            let recursive = with.cte_tables.iter().any(|cte| {
                let me = cte.alias.name.value.clone();
                visit_relations(&cte.query, |r: &ObjectName| {
                    if r.0.last().is_some_and(|p| p.to_string().trim_matches(['[', ']']) == me) {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    }
                })
                .is_break()
            });
            with.recursive |= recursive;
        }
        // OFFSET n ROWS FETCH NEXT m ROWS ONLY is LIMIT m OFFSET n.
        if let Some(fetch) = query.fetch.take() {
            if fetch.percent || fetch.with_ties {
                self.error(&*query, "FETCH … PERCENT / WITH TIES is not supported offline".into());
            } else {
                let offset = match query.limit_clause.take() {
                    Some(LimitClause::LimitOffset {
                        limit: None, offset, ..
                    }) => offset,
                    None => None,
                    Some(other) => {
                        self.error(&*query, format!("FETCH together with {other} is not supported offline"));
                        None
                    }
                };
                query.limit_clause = Some(LimitClause::LimitOffset {
                    limit: fetch.quantity,
                    offset,
                    limit_by: vec![],
                });
            }
        }
        let SetExpr::Select(select) = &mut *query.body else {
            return;
        };
        // ORDER BY 'Column name' sorts by the column of that (string) alias.
        if let Some(order) = &mut query.order_by
            && let datafusion::sql::sqlparser::ast::OrderByKind::Expressions(keys) = &mut order.kind
        {
            for k in keys.iter_mut() {
                let Expr::Value(v) = &k.expr else { continue };
                let (Value::SingleQuotedString(text) | Value::NationalStringLiteral(text)) = &v.value else {
                    continue;
                };
                let alias = select.projection.iter().find_map(|item| match item {
                    SelectItem::ExprWithAlias { alias, .. } if alias.value.eq_ignore_ascii_case(text) => {
                        Some(alias.clone())
                    }
                    _ => None,
                });
                match alias {
                    Some(a) => k.expr = Expr::Identifier(Ident::with_quote('"', a.value)),
                    None => {
                        let e = k.expr.clone();
                        self.errors.push(Diagnostic::error(
                            Code::SqlInvalid,
                            self.source.span(e.span()),
                            format!("ORDER BY {e} sorts by a constant: no column of the select list is called that"),
                        ));
                    }
                }
            }
        }
        let Some(top) = select.top.take() else {
            return;
        };
        let quantity = match &top.quantity {
            Some(TopQuantity::Constant(n)) => Some(number(*n as i64)),
            Some(TopQuantity::Expr(e)) => Some(e.clone()),
            None => None,
        };
        if top.with_ties {
            self.error(&*query, "TOP … WITH TIES is not supported offline".into());
        } else if top.percent {
            if quantity.as_ref().and_then(number_of) != Some(100.0) {
                self.error(&*query, "TOP … PERCENT is supported only on the outermost query".into());
            }
        } else if let Some(q) = quantity {
            if query.limit_clause.is_some() || query.fetch.is_some() {
                self.error(
                    &*query,
                    "TOP together with OFFSET/FETCH is not supported offline".into(),
                );
            }
            // TOP (@n) with n given as text (report parameters are) still counts rows.
            let q = if number_of(&q).is_some() {
                q
            } else {
                cast(q, DataType::BigInt(None))
            };
            query.limit_clause = Some(LimitClause::LimitOffset {
                limit: Some(q),
                offset: None,
                limit_by: vec![],
            });
        }
    }

    /// A name as the report spells it.
    fn written(&self, name: &Ident) -> String {
        match self.source.text(self.source.span(name.span)) {
            "" => name.value.clone(),
            w => w.trim_matches(['[', ']']).to_string(),
        }
    }
}

impl VisitorMut for Rewriter<'_> {
    type Break = ();

    fn pre_visit_value(&mut self, v: &mut ValueWithSpan) -> ControlFlow<()> {
        // N'…' is Unicode text; every string is Unicode here.
        if let Value::NationalStringLiteral(s) = &v.value {
            v.value = Value::SingleQuotedString(s.clone());
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_table_factor(&mut self, tf: &mut TableFactor) -> ControlFlow<()> {
        match tf {
            // fn_rbac_X(@UserSIDs) reads v_X, and fn_rbac_X(@lcid, @UserSIDs)
            // the site function fn_X(@lcid): @UserSIDs is never evaluated.
            TableFactor::Table { name, args, .. } => {
                if let Some(ObjectNamePart::Identifier(view)) = name.0.last()
                    && view.value.starts_with("fn_rbac_")
                    && let Some(a) = args
                {
                    if rbac_twin(&view.value).is_some() {
                        a.args.pop();
                    } else {
                        *args = None;
                    }
                }
            }
            // UNPIVOT names its rows after the columns as written.
            TableFactor::Unpivot { columns, .. } => {
                for c in columns {
                    if c.alias.is_none() {
                        let written = self.source.text(self.source.span(c.expr.span()));
                        let written = written.trim_matches(['[', ']', '"']).to_string();
                        c.alias = Some(Ident::with_quote('"', written));
                    }
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }

    fn post_visit_table_factor(&mut self, tf: &mut TableFactor) -> ControlFlow<()> {
        let TableFactor::Table {
            name,
            args,
            with_hints,
            alias,
            ..
        } = tf
        else {
            return ControlFlow::Continue(());
        };
        with_hints.clear();
        // The old form of table hints, `view alias (NOLOCK)` or `view (NOLOCK)`,
        // reads as column aliases or function arguments.
        if let Some(a) = alias
            && !a.columns.is_empty()
            && a.columns.iter().all(|c| is_lock_hint(&c.name.value))
        {
            a.columns.clear();
        }
        if let Some(fa) = args
            && !fa.args.is_empty()
            && fa.args.iter().all(|x| {
                matches!(x, FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Identifier(i))) if is_lock_hint(&i.value))
            })
        {
            *args = None;
        }
        // database.schema.view and schema.view name the site database's view.
        let last = name.0.last().cloned();
        let Some(ObjectNamePart::Identifier(mut view)) = last else {
            return ControlFlow::Continue(());
        };
        // A temp table (#t, tempdb..#t) or table variable (@t) of the report.
        if view.value.starts_with('#') || view.value.starts_with('@') {
            *name = ObjectName::from(vec![view]);
            return ControlFlow::Continue(());
        }
        let twin = rbac_twin(&view.value);
        if let Some(rest) = view.value.strip_prefix("fn_rbac_") {
            let written = self.written(&view);
            let plain = match twin {
                Some(f) => f.name.clone(),
                None => format!("v_{}", written.get(8..).unwrap_or(rest)),
            };
            let what = if twin.is_some() {
                "the site function"
            } else {
                "the view"
            };
            self.warnings.push(
                Diagnostic::warning(
                    Code::SqlRbacIgnored,
                    self.source.span(name.span()),
                    format!("{written} is read as {what} {plain}: role-based filtering does not apply offline"),
                )
                .with_help("the offline answer covers every object, as a full administrator would see"),
            );
            if twin.is_none() {
                view.value = format!("v_{rest}");
            }
        }
        let site = super::site::functions();
        if let Some(f) = twin.or_else(|| site.table(&view.value))
            && args.is_some()
        {
            let given = args.as_ref().map_or(0, |a| a.args.len());
            if given != f.parameters.len() {
                self.errors.push(Diagnostic::error(
                    Code::SqlInvalid,
                    self.source.span(name.span()),
                    format!(
                        "{} takes {} argument{} ({}), not {given}",
                        f.name,
                        f.parameters.len(),
                        if f.parameters.len() == 1 { "" } else { "s" },
                        f.parameters.join(", ")
                    ),
                ));
                return ControlFlow::Continue(());
            }
            match f.relation(alias.clone()) {
                Ok(relation) => *tf = relation,
                Err(message) => self.error(&*name, message),
            }
            return ControlFlow::Continue(());
        }
        if view.value == "string_split" {
            let alias = alias.clone();
            match super::lists::string_split(args.as_ref(), alias) {
                Ok(values) => *tf = values,
                Err(message) => self.error(&*name, message),
            }
            return ControlFlow::Continue(());
        } else if args.is_some() {
            let help = format!("the site functions wqlkit defines offline: {}", site.names(true));
            self.errors.push(
                Diagnostic::error(
                    Code::SqlUnsupported,
                    self.source.span(name.span()),
                    format!(
                        "the table-valued function {} is not defined offline",
                        self.written(&view)
                    ),
                )
                .with_help(help),
            );
        }
        *name = ObjectName::from(vec![view]);
        ControlFlow::Continue(())
    }

    fn post_visit_select(&mut self, select: &mut Select) -> ControlFlow<()> {
        let written = |at| self.source.text(self.source.span(at)).to_string();
        for (at, message) in super::lints::accidental_cross_joins(select, written) {
            self.warnings.push(
                Diagnostic::warning(Code::SqlCrossJoin, self.source.span(at), message).with_help(
                    "compare a column of the joined view with one before it, e.g. ON b.ResourceID = a.ResourceID",
                ),
            );
        }
        // CROSS/OUTER APPLY (subquery) is a lateral join.
        for twj in &mut select.from {
            for join in &mut twj.joins {
                let outer = match join.join_operator {
                    JoinOperator::CrossApply => false,
                    JoinOperator::OuterApply => true,
                    _ => continue,
                };
                // APPLY (SELECT TOP n … WHERE inner = outer ORDER BY …) is a join
                // on ROW_NUMBER() over the correlated columns.
                if let TableFactor::Derived {
                    subquery,
                    alias: Some(alias),
                    lateral: false,
                    ..
                } = &mut join.relation
                    && let Some(on) = apply_as_window(subquery, &alias.name)
                {
                    join.join_operator = if outer {
                        JoinOperator::LeftOuter(JoinConstraint::On(on))
                    } else {
                        JoinOperator::Inner(JoinConstraint::On(on))
                    };
                    continue;
                }
                match &mut join.relation {
                    TableFactor::Derived { lateral, .. } => *lateral = true,
                    other => {
                        let what = other.to_string();
                        self.error(
                            &*other,
                            format!("APPLY of {what} (not a subquery) is not supported offline"),
                        );
                        continue;
                    }
                }
                join.join_operator = if outer {
                    JoinOperator::LeftOuter(JoinConstraint::On(Expr::Value(Value::Boolean(true).with_empty_span())))
                } else {
                    JoinOperator::CrossJoin(JoinConstraint::None)
                };
            }
        }
        self.scalar_top_subqueries(select);
        for item in &mut select.projection {
            // 'Column name' = expr
            if let SelectItem::UnnamedExpr(Expr::BinaryOp {
                left,
                op: BinaryOperator::Eq,
                right,
            }) = item
                && let Expr::Value(v) = &**left
                && let Value::SingleQuotedString(alias) | Value::NationalStringLiteral(alias) = &v.value
            {
                *item = SelectItem::ExprWithAlias {
                    expr: (**right).clone(),
                    alias: Ident::with_quote('"', alias.clone()),
                };
            }
        }
        if let Some(into) = &select.into {
            self.error(into, "SELECT … INTO is not supported offline".into());
        }
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, query: &mut Query) -> ControlFlow<()> {
        self.query_forms(query);
        super::order::sort_outside(query);
        // FOR XML / FOR JSON last, once TOP is a LIMIT.
        let done = match &query.for_clause {
            None => Ok(()),
            Some(ForClause::Json { .. }) => super::json::for_json_path(query, &|i| self.written(i)),
            Some(_) => super::lists::for_xml_path(query),
        };
        if let Err(message) = done {
            self.error(&*query, message);
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        match super::lists::xml_value_list(e) {
            Some(Ok(list)) => *e = Expr::Subquery(Box::new(list)),
            Some(Err(message)) => self.error(&*e, message),
            None => {}
        }
        ControlFlow::Continue(())
    }

    fn post_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        let replacement = match &*e {
            Expr::Identifier(id) if id.value.starts_with('@') && id.quote_style.is_none() => {
                match self.vars.literal(&id.value) {
                    Some(lit) => Some(lit),
                    None => {
                        let span = self.source.span(id.span);
                        let written = self.source.text(span);
                        let name = if written.is_empty() { &id.value } else { written };
                        let name = name.trim_start_matches('@');
                        self.errors.push(
                            Diagnostic::error(Code::SqlMissingParameter, span, format!("@{name} has no value"))
                                .with_help(format!(
                                    "pass it with --param {name}=VALUE, or DECLARE and SET it in the report"
                                )),
                        );
                        None
                    }
                }
            }
            Expr::Function(f) => {
                let whole = e.clone();
                self.function(f, &whole)
            }
            Expr::Convert {
                is_try,
                expr,
                data_type: Some(ty),
                styles,
                charset: None,
                ..
            } => {
                if *is_try {
                    // TRY_CONVERT without a style is TRY_CAST; with a date style it formats, which cannot fail.
                    let (ty, value, styles, whole) = (ty.clone(), (**expr).clone(), styles.clone(), e.clone());
                    if styles.is_empty() {
                        Some(self.try_cast(value, &ty))
                    } else {
                        self.convert(&ty, &value, &styles, &whole, true)
                    }
                } else {
                    let (ty, value, styles, whole) = (ty.clone(), (**expr).clone(), styles.clone(), e.clone());
                    self.convert(&ty, &value, &styles, &whole, false)
                }
            }
            Expr::Convert { .. } => {
                let whole = e.clone();
                self.error(&whole, "this form of CONVERT is not supported offline".into());
                None
            }
            // FLOOR(x) parses as its own expression.
            Expr::Floor {
                expr,
                field:
                    datafusion::sql::sqlparser::ast::CeilFloorKind::DateTimeField(
                        datafusion::sql::sqlparser::ast::DateTimeField::NoDateTime,
                    ),
            } => Some(call("wql_floor", vec![(**expr).clone()])),
            // time AT TIME ZONE 'UTC'
            Expr::AtTimeZone { timestamp, time_zone } => {
                let (time, zone) = ((**timestamp).clone(), (**time_zone).clone());
                match super::expr::literal_text(&zone).map(|z| super::offsets::zone_minutes(&z)) {
                    Some(Ok(minutes)) => Some(call(
                        "wql_with_offset",
                        vec![
                            time,
                            number(i64::from(minutes)),
                            super::expr::string(super::offsets::ZONE),
                        ],
                    )),
                    Some(Err(message)) => {
                        self.error(&zone, message);
                        None
                    }
                    None => {
                        self.error(
                            &zone,
                            "AT TIME ZONE takes a constant time zone name such as 'UTC'".into(),
                        );
                        None
                    }
                }
            }
            Expr::Cast {
                kind: CastKind::Cast,
                expr,
                data_type: data_type @ DataType::Custom(..),
                ..
            } if data_type.to_string().eq_ignore_ascii_case("datetimeoffset") => {
                let (value, ty) = ((**expr).clone(), data_type.clone());
                Some(self.cast_to(value, &ty))
            }
            Expr::Cast {
                kind: CastKind::Cast,
                expr,
                data_type,
                ..
            } if matches!(text_length(data_type), Some(Some(_))) => {
                let (value, ty) = ((**expr).clone(), data_type.clone());
                Some(self.cast_to(value, &ty))
            }
            Expr::Cast {
                kind: CastKind::TryCast | CastKind::SafeCast,
                expr,
                data_type,
                ..
            } => {
                let (value, ty) = ((**expr).clone(), data_type.clone());
                Some(self.try_cast(value, &ty))
            }
            _ => None,
        };
        if let Some(r) = replacement {
            *e = r;
        }
        ControlFlow::Continue(())
    }
}

/// Removes a top-level `TOP n PERCENT` (n ≠ 100) and returns n: it is applied
/// to the rows once they are computed.
pub fn take_top_percent(query: &mut Query) -> Option<f64> {
    let SetExpr::Select(select) = &mut *query.body else {
        return None;
    };
    let Some(Top {
        percent: true,
        with_ties: false,
        quantity: Some(q),
    }) = &select.top
    else {
        return None;
    };
    let value = match q {
        TopQuantity::Constant(n) => *n as f64,
        TopQuantity::Expr(e) => number_of(e)?,
    };
    if value == 100.0 {
        return None;
    }
    select.top = None;
    Some(value)
}

/// Whether a word is a table hint that cannot change a report's rows.
/// The site function `fn_X` that `fn_rbac_X` filters by role, if wqlkit defines it.
fn rbac_twin(name: &str) -> Option<&'static super::site::TableFunction> {
    let rest = name.strip_prefix("fn_rbac_")?;
    super::site::functions().table(&format!("fn_{rest}"))
}

fn is_lock_hint(word: &str) -> bool {
    [
        "nolock",
        "readuncommitted",
        "readcommitted",
        "readcommittedlock",
        "holdlock",
        "updlock",
        "rowlock",
        "paglock",
        "tablock",
        "tablockx",
        "xlock",
        "readpast",
        "serializable",
        "repeatableread",
        "nowait",
        "snapshot",
    ]
    .contains(&word.to_lowercase().as_str())
}

/// The conjuncts of a condition.
fn conjuncts(e: Expr, out: &mut Vec<Expr>) {
    match e {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => {
            conjuncts(*left, out);
            conjuncts(*right, out);
        }
        Expr::Nested(inner)
            if matches!(
                *inner,
                Expr::BinaryOp {
                    op: BinaryOperator::And,
                    ..
                }
            ) =>
        {
            conjuncts(*inner, out)
        }
        other => out.push(other),
    }
}

/// Whether `e` names a column of a relation outside `inner`.
fn reads_outer(e: &Expr, inner: &std::collections::HashSet<String>) -> bool {
    let mut outer = false;
    let _ = datafusion::sql::sqlparser::ast::visit_expressions(e, |x: &Expr| {
        if let Expr::CompoundIdentifier(parts) = x
            && parts.len() >= 2
            && !inner.contains(&parts[parts.len() - 2].value)
        {
            outer = true;
        }
        ControlFlow::<()>::Continue(())
    });
    outer
}

/// The correlation of a subquery's WHERE: pairs (inner key, outer key) of
/// its `inner.k = outer.k` conjuncts, and the conjuncts that read only the
/// subquery. `None` when it correlates otherwise, or not at all.
#[allow(clippy::type_complexity)]
fn correlation(s: &Select) -> Option<(Vec<(Expr, Expr)>, Vec<Expr>)> {
    let mut inner = std::collections::HashSet::new();
    let _ = visit_relations(&s.from, |r: &ObjectName| {
        if let Some(last) = r.0.last() {
            inner.insert(last.to_string().trim_matches(['[', ']']).to_string());
        }
        ControlFlow::<()>::Continue(())
    });
    for twj in &s.from {
        for tf in std::iter::once(&twj.relation).chain(twj.joins.iter().map(|j| &j.relation)) {
            if let TableFactor::Table { alias: Some(a), .. } | TableFactor::Derived { alias: Some(a), .. } = tf {
                inner.insert(a.name.value.clone());
            }
        }
    }
    let mut parts = Vec::new();
    if let Some(w) = s.selection.clone() {
        conjuncts(w, &mut parts);
    }
    let mut keys: Vec<(Expr, Expr)> = Vec::new();
    let mut kept = Vec::new();
    for c in parts {
        if !reads_outer(&c, &inner) {
            kept.push(c);
            continue;
        }
        match c {
            Expr::BinaryOp {
                left,
                op: BinaryOperator::Eq,
                right,
            } => match (reads_outer(&left, &inner), reads_outer(&right, &inner)) {
                (false, true) => keys.push((*left, *right)),
                (true, false) => keys.push((*right, *left)),
                _ => return None,
            },
            _ => return None,
        }
    }
    (!keys.is_empty()).then_some((keys, kept))
}

fn and_all(parts: impl IntoIterator<Item = Expr>) -> Option<Expr> {
    parts.into_iter().fold(None, |acc, b| {
        Some(match acc {
            Some(a) => Expr::BinaryOp {
                left: Box::new(a),
                op: BinaryOperator::And,
                right: Box::new(b),
            },
            None => b,
        })
    })
}

/// `(SELECT agg(…) FROM … WHERE inner.k = outer.k AND …)` in a select list
/// as a join: the subquery groups by its correlated keys, and the outer row
/// takes its group's value (none: NULL, or 0 for COUNT, as SQL Server gives
/// for an empty set). In a grouped select (`grouped`), whose correlated
/// columns are grouping columns, the group's one value is read through MAX.
/// Returns the join condition and the value's expression, or `None` (leaving
/// the subquery untouched) for another shape.
fn aggregate_as_join(q: &mut Query, alias: &Ident, grouped: bool) -> Option<(Expr, Expr)> {
    if q.limit_clause.is_some() || q.with.is_some() || q.fetch.is_some() || q.order_by.is_some() {
        return None;
    }
    let SetExpr::Select(s) = &mut *q.body else {
        return None;
    };
    let inner_grouped = !matches!(&s.group_by, datafusion::sql::sqlparser::ast::GroupByExpr::Expressions(v, m) if v.is_empty() && m.is_empty());
    if inner_grouped || s.distinct.is_some() || s.having.is_some() || s.from.is_empty() || s.projection.len() != 1 {
        return None;
    }
    let (SelectItem::UnnamedExpr(Expr::Function(f))
    | SelectItem::ExprWithAlias {
        expr: Expr::Function(f),
        ..
    }) = &s.projection[0]
    else {
        return None;
    };
    let name = f.name.to_string().to_lowercase();
    if f.over.is_some() || !["count", "count_big", "sum", "avg", "min", "max", "string_agg"].contains(&name.as_str()) {
        return None;
    }
    let aggregate = Expr::Function(f.clone());
    let (keys, kept) = correlation(s)?;
    let qualified = |name: &str| Expr::CompoundIdentifier(vec![alias.clone(), Ident::with_quote('"', name)]);
    let mut projection = vec![SelectItem::ExprWithAlias {
        expr: aggregate,
        alias: Ident::with_quote('"', "__wqlkit_value"),
    }];
    let mut on = Vec::new();
    for (i, (inner_key, outer_key)) in keys.iter().enumerate() {
        let key = format!("__wqlkit_apply_key_{i}");
        projection.push(SelectItem::ExprWithAlias {
            expr: inner_key.clone(),
            alias: Ident::with_quote('"', &key),
        });
        on.push(Expr::BinaryOp {
            left: Box::new(qualified(&key)),
            op: BinaryOperator::Eq,
            right: Box::new(outer_key.clone()),
        });
    }
    s.projection = projection;
    s.group_by =
        datafusion::sql::sqlparser::ast::GroupByExpr::Expressions(keys.into_iter().map(|(k, _)| k).collect(), vec![]);
    s.selection = and_all(kept);
    let value = qualified("__wqlkit_value");
    let value = if grouped { call("max", vec![value]) } else { value };
    let value = if name.starts_with("count") {
        call("coalesce", vec![value, number(0)])
    } else {
        value
    };
    Some((and_all(on)?, value))
}

/// `LEFT JOIN (sub) AS alias ON on`.
fn left_join(sub: Query, alias: Ident, on: Expr) -> datafusion::sql::sqlparser::ast::Join {
    datafusion::sql::sqlparser::ast::Join {
        relation: TableFactor::Derived {
            lateral: false,
            subquery: Box::new(sub),
            alias: Some(datafusion::sql::sqlparser::ast::TableAlias {
                explicit: true,
                name: alias,
                columns: vec![],
                at: None,
            }),
            sample: None,
        },
        global: false,
        join_operator: JoinOperator::LeftOuter(JoinConstraint::On(on)),
    }
}

/// `APPLY (SELECT TOP n items FROM … WHERE inner.k = outer.k AND … ORDER BY …) a`
/// as a join: the subquery numbers its rows per correlated key with
/// ROW_NUMBER() and the join keeps the first n of each. Returns the join
/// condition, or `None` (leaving the subquery untouched) when the subquery
/// has another shape.
fn apply_as_window(q: &mut Query, alias: &Ident) -> Option<Expr> {
    let Some(LimitClause::LimitOffset {
        limit: Some(limit),
        offset: None,
        limit_by,
    }) = &q.limit_clause
    else {
        return None;
    };
    if !limit_by.is_empty() || q.with.is_some() || q.fetch.is_some() {
        return None;
    }
    let limit = limit.clone();
    let SetExpr::Select(s) = &mut *q.body else {
        return None;
    };
    let grouped = !matches!(&s.group_by, datafusion::sql::sqlparser::ast::GroupByExpr::Expressions(v, m) if v.is_empty() && m.is_empty());
    if grouped || s.distinct.is_some() || s.having.is_some() || s.from.is_empty() {
        return None;
    }
    // Aggregates over the whole subquery keep the lateral form.
    let mut aggregate = false;
    let _ = datafusion::sql::sqlparser::ast::visit_expressions(&s.projection, |x: &Expr| {
        if let Expr::Function(f) = x
            && f.over.is_none()
            && ["count", "sum", "avg", "min", "max", "string_agg", "count_big"]
                .contains(&f.name.to_string().to_lowercase().as_str())
        {
            aggregate = true;
        }
        ControlFlow::<()>::Continue(())
    });
    if aggregate {
        return None;
    }
    let (keys, kept) = correlation(s)?;
    let order_by = match q.order_by.take() {
        Some(o) => match o.kind {
            datafusion::sql::sqlparser::ast::OrderByKind::Expressions(v) => v,
            datafusion::sql::sqlparser::ast::OrderByKind::All(_) => return None,
        },
        None => vec![],
    };
    let mut on: Option<Expr> = None;
    let and = |a: Option<Expr>, b: Expr| {
        Some(match a {
            Some(a) => Expr::BinaryOp {
                left: Box::new(a),
                op: BinaryOperator::And,
                right: Box::new(b),
            },
            None => b,
        })
    };
    let qualified = |name: &str| Expr::CompoundIdentifier(vec![alias.clone(), Ident::with_quote('"', name)]);
    for (i, (inner_key, outer_key)) in keys.iter().enumerate() {
        let name = format!("__wqlkit_apply_key_{i}");
        s.projection.push(SelectItem::ExprWithAlias {
            expr: inner_key.clone(),
            alias: Ident::with_quote('"', &name),
        });
        on = and(
            on,
            Expr::BinaryOp {
                left: Box::new(qualified(&name)),
                op: BinaryOperator::Eq,
                right: Box::new(outer_key.clone()),
            },
        );
    }
    let mut row_number = call("row_number", vec![]);
    if let Expr::Function(f) = &mut row_number {
        f.over = Some(datafusion::sql::sqlparser::ast::WindowType::WindowSpec(
            datafusion::sql::sqlparser::ast::WindowSpec {
                window_name: None,
                partition_by: keys.iter().map(|(k, _)| k.clone()).collect(),
                order_by,
                window_frame: None,
            },
        ));
    }
    s.projection.push(SelectItem::ExprWithAlias {
        expr: row_number,
        alias: Ident::with_quote('"', "__wqlkit_apply_row"),
    });
    s.selection = kept.into_iter().fold(None, and);
    q.limit_clause = None;
    and(
        on,
        Expr::BinaryOp {
            left: Box::new(qualified("__wqlkit_apply_row")),
            op: BinaryOperator::LtEq,
            right: Box::new(limit),
        },
    )
}

/// The value of a numeric literal, parenthesised or not.
fn number_of(e: &Expr) -> Option<f64> {
    match e {
        Expr::Nested(inner) => number_of(inner),
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => n.parse().ok(),
            _ => None,
        },
        _ => None,
    }
}

/// Rewrites `stmt` in place.
pub fn rewrite<T: VisitMut>(node: &mut T, r: &mut Rewriter<'_>) {
    let _ = node.visit(r);
}
