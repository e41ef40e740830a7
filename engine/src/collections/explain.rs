//! Why a device is or is not a member: for a query, the WHERE tree with each
//! condition's truth value over the device's rows (one per combination of
//! its joined and array instances) and the values it compared; for a
//! collection, the chain of limiting collection, rules, includes and
//! excludes.
//!
//! Each condition is evaluated by the engine itself (the device's rows
//! filtered by the condition, and by its negation), so the explanation
//! follows the same semantics as the membership.

use super::eval::{Evaluation, Evaluator, Members, PreparedQuery, key, rule_label, strip_output};
use super::model::Rule;
use super::resources::Resource;
use super::table::Table;
use crate::error::{EngineError, Result};
use crate::exec::Engine;
use crate::output;
use datafusion::catalog::TableProvider;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;
use wqlkit_core::plan::{
    Aggregate, ColumnRef, CompareOp, LogicalPlan, ProjectItem, ScalarExpr, ScalarKind, ScalarType,
};
use wqlkit_core::{Span, SqlType, Value};

/// A condition's truth value for a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Truth {
    /// True for at least one of the device's rows.
    True,
    /// False for every row.
    False,
    /// Unknown (NULL) for some rows and true for none.
    Unknown,
}

/// One condition of the WHERE tree.
#[derive(Debug, Clone, Serialize)]
pub struct Condition {
    /// The WQL text of the condition.
    pub text: String,
    /// Its truth value.
    pub truth: Truth,
    /// Rows where it is true, false, unknown.
    pub rows: [u64; 3],
    /// For a comparison: the device's values of the properties it reads
    /// (`Class.Property = value, …`, one entry per distinct row).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// Sub-conditions of AND, OR, NOT.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Condition>,
}

/// Why a device is (not) in a query's result.
#[derive(Debug, Clone, Serialize)]
pub struct QueryExplanation {
    /// The device's ResourceID.
    pub resource_id: i64,
    /// Whether the query returns it.
    pub member: bool,
    /// How many rows the FROM and joins give for it (0: it has no instance of
    /// an inner-joined class).
    pub rows: u64,
    /// The WHERE tree (none without WHERE).
    pub condition: Option<Condition>,
}

fn count_plan(input: LogicalPlan) -> LogicalPlan {
    LogicalPlan::Aggregate {
        input: Box::new(input),
        items: vec![(Aggregate::CountStar, "n".into())],
        span: Span::default(),
    }
}

fn filter(input: &LogicalPlan, predicate: ScalarExpr) -> LogicalPlan {
    LogicalPlan::Filter {
        input: Box::new(input.clone()),
        predicate,
        span: Span::default(),
    }
}

fn not(e: &ScalarExpr) -> ScalarExpr {
    ScalarExpr::condition(ScalarKind::Not(Box::new(e.clone())), e.span)
}

async fn count(engine: &Engine, overrides: &Overrides, plan: LogicalPlan) -> Result<u64> {
    let batches = engine.execute_with(&count_plan(plan), overrides).await?;
    let n = Table::new(batches).ints("n")?.first().copied().flatten();
    Ok(n.and_then(|n| u64::try_from(n).ok()).unwrap_or(0))
}

fn columns(e: &ScalarExpr, out: &mut Vec<ColumnRef>) {
    if let ScalarKind::Column(c) = &e.kind
        && !out.iter().any(|o| o.relation == c.relation && o.column == c.column)
    {
        out.push(c.clone());
    }
    for c in e.children() {
        columns(c, out);
    }
}

fn is_branch(e: &ScalarExpr) -> bool {
    matches!(e.kind, ScalarKind::And(_) | ScalarKind::Or(_) | ScalarKind::Not(_))
}

/// Views served from computed memberships, by lower-case name.
pub type Overrides = HashMap<String, Arc<dyn TableProvider>>;

struct Explainer<'a> {
    engine: &'a Engine,
    overrides: &'a Overrides,
    wql: &'a str,
    rows: LogicalPlan,
}

impl Explainer<'_> {
    async fn values(&self, e: &ScalarExpr) -> Result<Vec<String>> {
        let mut cols = Vec::new();
        columns(e, &mut cols);
        if cols.is_empty() {
            return Ok(Vec::new());
        }
        // Named by position: two aliases of one class share property names.
        let items: Vec<ProjectItem> = cols
            .iter()
            .enumerate()
            .map(|(n, c)| ProjectItem {
                expr: ScalarExpr {
                    kind: ScalarKind::Column(c.clone()),
                    ty: ScalarType::String,
                    span: Span::default(),
                },
                name: format!("c{n}"),
            })
            .collect();
        let plan = LogicalPlan::Distinct {
            input: Box::new(LogicalPlan::Project {
                input: Box::new(self.rows.clone()),
                items,
                span: Span::default(),
            }),
            span: Span::default(),
        };
        let batches = self.engine.execute_with(&plan, self.overrides).await?;
        let mut out: Vec<String> = output::to_json_rows(&batches, Some(20))
            .into_iter()
            .map(|row| {
                cols.iter()
                    .enumerate()
                    .map(|(n, c)| {
                        let v = row
                            .get(format!("c{n}").as_str())
                            .cloned()
                            .unwrap_or(serde_json::Value::Null);
                        let who = if c.property.starts_with(&format!("{}.", c.relation)) || c.relation.is_empty() {
                            c.property.clone()
                        } else {
                            format!("{} ({})", c.property, c.relation)
                        };
                        format!("{who} = {}", show(&v))
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect();
        out.sort();
        Ok(out)
    }

    fn text(&self, e: &ScalarExpr) -> String {
        self.wql
            .get(e.span.range())
            .filter(|t| !t.is_empty())
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|| "(condition)".into())
    }

    async fn condition(&self, e: &ScalarExpr, total: u64) -> Result<Condition> {
        let t = count(self.engine, self.overrides, filter(&self.rows, e.clone())).await?;
        let f = count(self.engine, self.overrides, filter(&self.rows, not(e))).await?;
        let u = total.saturating_sub(t + f);
        let truth = if t > 0 {
            Truth::True
        } else if u > 0 {
            Truth::Unknown
        } else {
            Truth::False
        };
        let mut children = Vec::new();
        let subs: Vec<&ScalarExpr> = match &e.kind {
            ScalarKind::And(v) | ScalarKind::Or(v) => v.iter().collect(),
            ScalarKind::Not(x) => vec![x],
            _ => vec![],
        };
        for s in subs {
            children.push(Box::pin(self.condition(s, total)).await?);
        }
        let values = if is_branch(e) {
            Vec::new()
        } else {
            self.values(e).await?
        };
        Ok(Condition {
            text: self.text(e),
            truth,
            rows: [t, f, u],
            values,
            children,
        })
    }
}

fn show(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => format!("'{s}'"),
        serde_json::Value::Null => "NULL".into(),
        other => other.to_string(),
    }
}

/// Explains a prepared query for one resource; `overrides` serves the
/// memberships it reads (see [`Evaluator::membership_override`]).
pub async fn explain_query(
    engine: &Engine,
    overrides: &Overrides,
    wql: &str,
    q: &PreparedQuery,
    device: i64,
) -> Result<QueryExplanation> {
    let base = strip_output(&q.bound).map_err(EngineError::Invalid)?;
    let (input, predicate) = match base {
        LogicalPlan::Filter { input, predicate, .. } => ((**input).clone(), Some(predicate.clone())),
        other => (other.clone(), None),
    };
    let ScalarKind::Column(id) = &q.member.kind else {
        return Err(EngineError::Invalid("the rule selects no ResourceID".into()));
    };
    let is_device = ScalarExpr::condition(
        ScalarKind::Compare {
            left: Box::new(ScalarExpr {
                kind: ScalarKind::Column(ColumnRef {
                    sql_type: SqlType::Int,
                    ..id.clone()
                }),
                ty: ScalarType::Integer,
                span: Span::default(),
            }),
            op: CompareOp::Eq,
            right: Box::new(ScalarExpr {
                kind: ScalarKind::Literal(Value::Integer(i128::from(device))),
                ty: ScalarType::Integer,
                span: Span::default(),
            }),
        },
        Span::default(),
    );
    let ex = Explainer {
        engine,
        overrides,
        wql,
        rows: filter(&input, is_device),
    };
    let total = count(engine, overrides, ex.rows.clone()).await?;
    let condition = match &predicate {
        Some(p) => Some(ex.condition(p, total).await?),
        None => None,
    };
    let member = match &condition {
        Some(c) => c.truth == Truth::True,
        None => total > 0,
    };
    Ok(QueryExplanation {
        resource_id: device,
        member,
        rows: total,
        condition,
    })
}

/// One step of a collection's membership for a device.
#[derive(Debug, Clone, Serialize)]
pub struct RuleStep {
    /// The rule (`query "Laptops"`, `include CON00012`, …).
    pub rule: String,
    /// Whether the rule's result holds the device.
    pub holds: bool,
    /// Why the rule contributes nothing, when it is malformed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// For a query rule: its explanation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<QueryExplanation>,
}

/// Why a device is (not) a member of a collection.
#[derive(Debug, Clone, Serialize)]
pub struct CollectionExplanation {
    /// The collection's ID.
    pub collection: String,
    /// Its name.
    pub name: String,
    /// The device's ResourceID.
    pub resource_id: i64,
    /// Whether it is a member.
    pub member: bool,
    /// The limiting collection and whether it holds the device.
    pub limit: Option<(String, bool)>,
    /// Each rule.
    pub rules: Vec<RuleStep>,
    /// In one sentence.
    pub reason: String,
}

/// Explains a collection's membership of `resource` from an evaluation that
/// covered it.
pub async fn explain_collection(
    ev: &Evaluator<'_>,
    evaluation: &Evaluation,
    id: &str,
    resource: &Resource,
) -> Result<CollectionExplanation> {
    let r = evaluation
        .get(id)
        .ok_or_else(|| EngineError::Invalid(format!("collection {id} was not evaluated")))?;
    let index = ev.index_of(id)?;
    let k = key(resource.id).ok_or_else(|| EngineError::Invalid(format!("{} is not a ResourceID", resource.id)))?;
    let holds = |m: &Members| m.contains(k);
    let mut rules = Vec::new();
    for (n, rr) in r.rules.iter().enumerate() {
        let query = match (&rr.rule, ev.prepared(index, n)) {
            (Rule::Query { wql, .. }, Some(Ok(q))) if !r.recorded => {
                let others = evaluation.results.iter().filter(|x| x.collection.id != r.collection.id);
                let overrides = ev.membership_override(q, others)?;
                Some(explain_query(ev.engine(), &overrides, wql, q, resource.id).await?)
            }
            _ => None,
        };
        rules.push(RuleStep {
            rule: rule_label(&rr.rule),
            holds: holds(&rr.members),
            error: rr.error.clone(),
            query,
        });
    }
    let limit = r
        .collection
        .limit
        .as_ref()
        .map(|l| (l.clone(), evaluation.get(l).is_some_and(|x| holds(&x.members))));
    let member = holds(&r.members);
    let name = resource.name.clone().unwrap_or_else(|| resource.id.to_string());
    let adding: Vec<&str> = rules
        .iter()
        .filter(|s| s.holds && !s.rule.starts_with("exclude"))
        .map(|s| s.rule.as_str())
        .collect();
    let excluding: Vec<&str> = rules
        .iter()
        .filter(|s| s.holds && s.rule.starts_with("exclude"))
        .map(|s| s.rule.as_str())
        .collect();
    let reason = if r.recorded {
        format!(
            "{name} is {}a member as recorded (not re-evaluated)",
            if member { "" } else { "not " }
        )
    } else if member {
        format!("{name} is a member: added by {}", adding.join(", "))
    } else if adding.is_empty() {
        format!("{name} is not a member: no rule adds it")
    } else if let Some((l, false)) = &limit {
        format!(
            "{name} is not a member: added by {} but not in the limiting collection {l}",
            adding.join(", ")
        )
    } else if !excluding.is_empty() {
        format!(
            "{name} is not a member: added by {} but removed by {}",
            adding.join(", "),
            excluding.join(", ")
        )
    } else {
        format!("{name} is not a member")
    };
    Ok(CollectionExplanation {
        collection: r.collection.id.clone(),
        name: r.collection.name.clone(),
        resource_id: resource.id,
        member,
        limit,
        rules,
        reason,
    })
}

fn truth_label(t: Truth) -> &'static str {
    match t {
        Truth::True => "true   ",
        Truth::False => "false  ",
        Truth::Unknown => "unknown",
    }
}

fn render_condition(c: &Condition, depth: usize, out: &mut String) {
    use std::fmt::Write as _;
    let pad = "  ".repeat(depth);
    let _ = writeln!(out, "{pad}{}  {}", truth_label(c.truth), c.text);
    for v in &c.values {
        let _ = writeln!(out, "{pad}         {v}");
    }
    for child in &c.children {
        render_condition(child, depth + 1, out);
    }
}

impl QueryExplanation {
    /// The explanation as indented text, for `name`.
    pub fn render(&self, name: &str, depth: usize) -> String {
        use std::fmt::Write as _;
        let pad = "  ".repeat(depth);
        let mut out = String::new();
        let verdict = if self.member { "is in" } else { "is not in" };
        let _ = writeln!(out, "{pad}{name} ({}) {verdict} the query's result", self.resource_id);
        if self.rows == 0 {
            let _ = writeln!(
                out,
                "{pad}  it has no row in the FROM and inner joins (no instance of a joined class)"
            );
        }
        if let Some(c) = &self.condition {
            let _ = writeln!(out, "{pad}  WHERE, over its {} row(s):", self.rows);
            render_condition(c, depth + 2, &mut out);
        }
        out
    }
}

impl CollectionExplanation {
    /// The explanation as indented text.
    pub fn render(&self, depth: usize) -> String {
        use std::fmt::Write as _;
        let pad = "  ".repeat(depth);
        let mut out = String::new();
        let _ = writeln!(out, "{pad}{} ({} \"{}\")", self.reason, self.collection, self.name);
        if let Some((l, holds)) = &self.limit {
            let _ = writeln!(
                out,
                "{pad}  limiting collection {l}: {}",
                if *holds { "holds it" } else { "does not hold it" }
            );
        }
        for r in &self.rules {
            let _ = writeln!(
                out,
                "{pad}  {}: {}",
                r.rule,
                if r.holds { "holds it" } else { "does not hold it" }
            );
            if let Some(e) = &r.error {
                let _ = writeln!(out, "{pad}    malformed: {e}");
            }
            if let Some(q) = &r.query {
                if let Some(c) = &q.condition {
                    if q.rows == 0 {
                        let _ = writeln!(out, "{pad}    no row in the FROM and inner joins");
                    }
                    render_condition(c, depth + 2, &mut out);
                } else if q.rows == 0 {
                    let _ = writeln!(out, "{pad}    no row in the FROM and inner joins");
                }
            }
        }
        out
    }
}
