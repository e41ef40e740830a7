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
    /// The per-object views read (`v_CM_RES_COLL_<id>`), for the caller to
    /// check that each object exists.
    pub family_views: Vec<FamilyView>,
}

/// A per-object view a statement reads ([`super::site::ViewFamily`]).
pub struct FamilyView {
    /// The view's name as the report writes it.
    pub written: String,
    pub family: &'static super::site::ViewFamily,
    /// The object's id, as written.
    pub id: String,
    pub at: wqlkit_core::Span,
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
            family_views: Vec::new(),
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
        let w = self.source.text(self.source.span(name.span));
        let quoted = |open: char, close: char| w.strip_prefix(open).and_then(|r| r.strip_suffix(close));
        match (w, quoted('[', ']'), quoted('"', '"')) {
            ("", ..) => name.value.clone(),
            (_, Some(inner), _) => inner.replace("]]", "]"),
            (_, _, Some(inner)) => inner.replace("\"\"", "\""),
            (w, ..) => w.to_string(),
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
        if args.is_none()
            && let Some((family, id)) = site.view_family(&view.value)
        {
            match family.relation(id, alias.clone(), &view.value) {
                Ok(relation) => {
                    let at = self.source.span(name.span());
                    let written = self.written(&view);
                    let id = written.get(family.prefix.len()..).unwrap_or(id).to_string();
                    self.family_views.push(FamilyView {
                        written,
                        family,
                        id,
                        at,
                    });
                    *tf = relation;
                }
                Err(message) => self.error(&*name, message),
            }
            return ControlFlow::Continue(());
        }
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
                    && let Some(on) = super::subqueries::apply_as_window(subquery, &alias.name)
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
            Some(_) => super::lists::for_xml_path(query, &|i| self.written(i)),
        };
        if let Err(message) = done {
            self.error(&*query, message);
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        match super::lists::xml_value_list(e, &|i| self.written(i)) {
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
            } => Some(super::functions::whole_part("floor", (**expr).clone())),
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

/// The value of a numeric literal, parenthesised or not.
pub(super) fn number_of(e: &Expr) -> Option<f64> {
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
