//! Whole-site collection evaluation, in the documented order: query rules ∪
//! direct members ∪ include collections, AND the limiting collection, minus
//! the exclude collections (exclude wins).
//!
//! Each collection is evaluated once per run and its members kept as a
//! bitmap, which its dependants (limit, include, exclude, and WQL reading
//! `SMS_CM_RES_COLL_<id>`) reuse. Collections whose dependencies are all
//! evaluated (one level of the graph) run concurrently. A rule only reads the
//! views it needs, and projects nothing but the member's ResourceID.

use super::graph::{Edge, Graph};
use super::model::{Collection, DirectMember, MemberKind, Rule, Site, membership_view};
use super::resources::{ResourceKind, Resources};
use super::table::Table;
use crate::error::{EngineError, Result};
use crate::exec::Engine;
use datafusion::arrow::array::AsArray;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::catalog::TableProvider;
use datafusion::datasource::MemTable;
use roaring::RoaringBitmap;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use wqlkit_core::plan::{ColumnRef, CompareOp, LogicalPlan, ProjectItem, ScalarExpr, ScalarKind, ScalarType};
use wqlkit_core::{Catalog, Span, SqlType, Value};
use wqlkit_wql::BindOptions;

/// A set of ResourceIDs.
pub type Members = RoaringBitmap;

/// The bitmap key of a ResourceID (an `int` column: any 32-bit value).
pub fn key(id: i64) -> Option<u32> {
    i32::try_from(id).ok().map(|v| v as u32)
}

/// The ResourceID of a bitmap key.
pub fn resource_id(k: u32) -> i64 {
    i64::from(k as i32)
}

/// The ResourceIDs in `m`, in ascending order of ResourceID.
pub fn ids(m: &Members) -> Vec<i64> {
    let mut v: Vec<i64> = m.iter().map(resource_id).collect();
    v.sort_unstable();
    v
}

/// A query rule made ready: its members' plan and the collections it reads.
#[derive(Debug, Clone)]
pub struct PreparedQuery {
    /// `SELECT DISTINCT <ResourceID>` over the rule's FROM, joins and WHERE.
    pub plan: LogicalPlan,
    /// The rule's own bound plan (what `explain` walks).
    pub bound: LogicalPlan,
    /// The member's ResourceID column.
    pub member: ScalarExpr,
    /// Collection IDs the rule reads the membership of.
    pub reads: Vec<String>,
    /// It reads `SMS_FullCollectionMembership` without naming which collection.
    pub reads_all: bool,
    /// Collection-rule lint warnings (`code: message`).
    pub warnings: Vec<String>,
}

/// One rule's outcome.
#[derive(Debug, Clone)]
pub struct RuleResult {
    /// The rule.
    pub rule: Rule,
    /// What it contributes (for an exclude rule: what it removes).
    pub members: Members,
    /// Why it contributes nothing, when it is malformed.
    pub error: Option<String>,
    /// Lint warnings.
    pub warnings: Vec<String>,
    /// How long it took.
    pub elapsed: Duration,
}

/// One collection's outcome.
#[derive(Debug, Clone)]
pub struct CollectionResult {
    /// The collection.
    pub collection: Collection,
    /// Its members.
    pub members: Members,
    /// Each rule's outcome, in rule order.
    pub rules: Vec<RuleResult>,
    /// Problems that make the membership empty or partial.
    pub errors: Vec<String>,
    /// How long it took (its own rules only).
    pub elapsed: Duration,
    /// The membership was taken as recorded, not evaluated.
    pub recorded: bool,
}

impl CollectionResult {
    /// The union of the query, direct and include rules, before the limit and excludes.
    pub fn added(&self) -> Members {
        let mut m = Members::new();
        for r in &self.rules {
            if !matches!(r.rule, Rule::Exclude(_)) {
                m |= &r.members;
            }
        }
        m
    }

    /// The union of the exclude rules.
    pub fn excluded(&self) -> Members {
        let mut m = Members::new();
        for r in &self.rules {
            if matches!(r.rule, Rule::Exclude(_)) {
                m |= &r.members;
            }
        }
        m
    }
}

/// The outcome of evaluating some or all of a site's collections.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// Results in evaluation order (dependencies first).
    pub results: Vec<CollectionResult>,
    index: HashMap<String, usize>,
    /// Wall time of the whole run.
    pub elapsed: Duration,
}

impl Evaluation {
    /// The result for a collection ID (case-insensitive), if it was evaluated.
    pub fn get(&self, id: &str) -> Option<&CollectionResult> {
        self.index.get(&id.to_ascii_uppercase()).map(|&i| &self.results[i])
    }
}

/// Evaluates a site's collections over an engine's views.
pub struct Evaluator<'a> {
    engine: &'a Engine,
    catalog: &'a Catalog,
    site: Site,
    resources: Resources,
    /// Per collection, per rule: the prepared query, or why it cannot run.
    prepared: Vec<Vec<Option<std::result::Result<PreparedQuery, String>>>>,
    graph: Graph,
    membership_view: String,
    concurrency: usize,
}

/// Every plan node and every expression of `plan`, subqueries included.
fn walk(plan: &LogicalPlan, on_plan: &mut dyn FnMut(&LogicalPlan), on_expr: &mut dyn FnMut(&ScalarExpr)) {
    fn expr(e: &ScalarExpr, on_plan: &mut dyn FnMut(&LogicalPlan), on_expr: &mut dyn FnMut(&ScalarExpr)) {
        on_expr(e);
        if let ScalarKind::InSubquery { subquery, .. } = &e.kind {
            walk(subquery, on_plan, on_expr);
        }
        for c in e.children() {
            expr(c, on_plan, on_expr);
        }
    }
    on_plan(plan);
    match plan {
        LogicalPlan::Scan { .. } => {}
        LogicalPlan::Join { left, right, on, .. } => {
            walk(left, on_plan, on_expr);
            walk(right, on_plan, on_expr);
            expr(on, on_plan, on_expr);
        }
        LogicalPlan::Filter { input, predicate, .. } => {
            walk(input, on_plan, on_expr);
            expr(predicate, on_plan, on_expr);
        }
        LogicalPlan::Sort { input, keys, .. } => {
            walk(input, on_plan, on_expr);
            keys.iter().for_each(|k| expr(&k.expr, on_plan, on_expr));
        }
        LogicalPlan::Project { input, items, .. } => {
            walk(input, on_plan, on_expr);
            items.iter().for_each(|i| expr(&i.expr, on_plan, on_expr));
        }
        LogicalPlan::Aggregate { input, .. } | LogicalPlan::Distinct { input, .. } => walk(input, on_plan, on_expr),
    }
}

/// The collections whose membership a bound plan reads: the IDs of its
/// `SMS_CM_RES_COLL_<id>` classes, and for `SMS_FullCollectionMembership` the
/// IDs it compares `CollectionID` with (`= 'X'`, `IN ('X', 'Y')`) when that is
/// all it does with `CollectionID`; otherwise it reads every collection.
fn collection_reads(plan: &LogicalPlan, site: &Site) -> (Vec<String>, bool) {
    let mut fixed = Vec::new();
    let mut full = false;
    let (mut refs, mut pinned, mut ids) = (0usize, 0usize, Vec::new());
    let is_id =
        |e: &ScalarExpr| matches!(&e.kind, ScalarKind::Column(c) if c.column.eq_ignore_ascii_case("CollectionID"));
    let text = |e: &ScalarExpr| match &e.kind {
        ScalarKind::Literal(Value::String(s)) => Some(s.trim_end().to_string()),
        _ => None,
    };
    walk(
        plan,
        &mut |p| {
            if let LogicalPlan::Scan {
                class, fixed_filter, ..
            } = p
            {
                match fixed_filter {
                    Some((_, id)) => fixed.push(id.trim_end().to_string()),
                    None if class.eq_ignore_ascii_case("SMS_FullCollectionMembership") => full = true,
                    None => {}
                }
            }
        },
        &mut |e| match &e.kind {
            ScalarKind::Column(c) if c.column.eq_ignore_ascii_case("CollectionID") => refs += 1,
            ScalarKind::Compare {
                left,
                op: CompareOp::Eq,
                right,
            } => {
                let id = if is_id(left) {
                    text(right)
                } else if is_id(right) {
                    text(left)
                } else {
                    None
                };
                if let Some(id) = id {
                    pinned += 1;
                    ids.push(id);
                }
            }
            ScalarKind::InList {
                expr,
                list,
                negated: false,
            } if is_id(expr) => {
                let items: Vec<String> = list.iter().filter_map(text).collect();
                if items.len() == list.len() {
                    pinned += 1;
                    ids.extend(items);
                }
            }
            _ => {}
        },
    );
    let mut out = fixed;
    let mut all = false;
    if full {
        if refs > 0 && refs == pinned {
            out.extend(ids.into_iter().filter(|id| site.index(id).is_some()));
        } else {
            all = true;
        }
    }
    out.sort_unstable_by_key(|s| s.to_ascii_uppercase());
    out.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    (out, all)
}

/// The rows under the rule's projection: its FROM, joins and WHERE.
pub fn strip_output(plan: &LogicalPlan) -> std::result::Result<&LogicalPlan, String> {
    match plan {
        LogicalPlan::Distinct { input, .. } | LogicalPlan::Sort { input, .. } | LogicalPlan::Project { input, .. } => {
            strip_output(input)
        }
        LogicalPlan::Aggregate { .. } => Err("a collection rule cannot aggregate (count)".into()),
        other => Ok(other),
    }
}

/// The expression of the first output column called `ResourceID` (or
/// `Class.ResourceID`).
fn selected_resource_id(plan: &LogicalPlan) -> Option<ScalarExpr> {
    match plan {
        LogicalPlan::Distinct { input, .. } => selected_resource_id(input),
        LogicalPlan::Project { items, .. } => items
            .iter()
            .find(|i| {
                let n = i.name.to_ascii_lowercase();
                n == "resourceid" || n.ends_with(".resourceid")
            })
            .map(|i| i.expr.clone()),
        _ => None,
    }
}

/// The FROM class's scan: the leftmost leaf.
fn from_scan(plan: &LogicalPlan) -> Option<(&str, &str)> {
    match plan {
        LogicalPlan::Scan { alias, class, .. } => Some((alias, class)),
        LogicalPlan::Join { left, .. } => from_scan(left),
        LogicalPlan::Filter { input, .. }
        | LogicalPlan::Sort { input, .. }
        | LogicalPlan::Project { input, .. }
        | LogicalPlan::Aggregate { input, .. }
        | LogicalPlan::Distinct { input, .. } => from_scan(input),
    }
}

/// Prepares a query rule: binds it as a collection rule and builds the plan
/// of its members' ResourceIDs.
pub fn prepare_query(wql: &str, catalog: &Catalog, site: &Site) -> std::result::Result<PreparedQuery, String> {
    prepare(wql, catalog, site, true)
}

/// Prepares any query over resources: its result is the resources it reads,
/// whatever it selects.
pub fn prepare_any_query(wql: &str, catalog: &Catalog, site: &Site) -> std::result::Result<PreparedQuery, String> {
    prepare(wql, catalog, site, false)
}

fn prepare(wql: &str, catalog: &Catalog, site: &Site, rule: bool) -> std::result::Result<PreparedQuery, String> {
    let options = BindOptions {
        collection_rule: rule,
        ..BindOptions::default()
    };
    let compiled = wqlkit_wql::compile(wql, catalog, &options)
        .map_err(|d| d.0.iter().map(|d| d.summary()).collect::<Vec<_>>().join("; "))?;
    let bound = compiled.bound;
    let rows = strip_output(&bound.plan)?;
    // The member is the ResourceID the rule selects (the first, for `*`);
    // a query that is not a rule may select anything: its FROM class's.
    let id = match selected_resource_id(&bound.plan) {
        Some(e) => e,
        None if rule => {
            return Err("the rule does not select ResourceID: a collection rule selects \
                        SMS_R_System.ResourceID (the console's six columns) or *"
                .into());
        }
        None => {
            let (alias, class) = from_scan(rows).ok_or("the query has no FROM class")?;
            let def = catalog
                .class(class)
                .ok_or_else(|| format!("{class} is not in the catalog"))?;
            let column = def
                .resource_column
                .clone()
                .or_else(|| def.property("ResourceID").map(|p| p.column.clone()))
                .ok_or_else(|| format!("{class} has no ResourceID: select the resources' ResourceID"))?;
            ScalarExpr {
                kind: ScalarKind::Column(ColumnRef {
                    relation: alias.to_string(),
                    column,
                    property: format!("{class}.ResourceID"),
                    sql_type: SqlType::Int,
                }),
                ty: ScalarType::Integer,
                span: Span::default(),
            }
        }
    };
    let plan = LogicalPlan::Distinct {
        input: Box::new(LogicalPlan::Project {
            input: Box::new(rows.clone()),
            items: vec![ProjectItem {
                expr: id.clone(),
                name: "ResourceID".into(),
            }],
            span: Span::default(),
        }),
        span: Span::default(),
    };
    let (reads, reads_all) = collection_reads(&bound.plan, site);
    Ok(PreparedQuery {
        plan,
        bound: bound.plan,
        member: id,
        reads,
        reads_all,
        warnings: compiled.warnings.iter().map(|d| d.summary()).collect(),
    })
}

/// The ResourceIDs in the first column of `batches`.
pub(crate) fn bitmap(batches: &[RecordBatch]) -> Result<Members> {
    let mut m = Members::new();
    for b in batches {
        let col = cast(b.column(0), &DataType::Int64)?;
        let col = col.as_primitive::<Int64Type>();
        m.extend(col.iter().flatten().filter_map(key));
    }
    Ok(m)
}

/// What `v_FullCollectionMembership` records, by upper-case collection ID.
pub async fn recorded_membership(engine: &Engine, catalog: &Catalog) -> Result<HashMap<String, Members>> {
    let t = Table::new(engine.scan(&membership_view(catalog)).await?);
    let mut out: HashMap<String, Members> = HashMap::new();
    for (c, r) in t.strs("CollectionID")?.into_iter().zip(t.ints("ResourceID")?) {
        if let (Some(c), Some(k)) = (c, r.and_then(key)) {
            out.entry(c.to_ascii_uppercase()).or_default().insert(k);
        }
    }
    Ok(out)
}

impl<'a> Evaluator<'a> {
    /// Prepares every rule of `site` and reads the resources.
    pub async fn new(engine: &'a Engine, catalog: &'a Catalog, site: Site) -> Result<Evaluator<'a>> {
        let resources = Resources::load(engine, catalog).await?;
        Ok(Evaluator::with_resources(engine, catalog, site, resources))
    }

    /// An evaluator of another set of collections over the same engine,
    /// reusing the resources this one read.
    pub fn for_site(&self, site: Site) -> Evaluator<'a> {
        let mut ev = Evaluator::with_resources(self.engine, self.catalog, site, self.resources.clone());
        ev.concurrency = self.concurrency;
        ev
    }

    fn with_resources(engine: &'a Engine, catalog: &'a Catalog, site: Site, resources: Resources) -> Evaluator<'a> {
        let mut ev = Evaluator {
            engine,
            catalog,
            site,
            resources,
            prepared: Vec::new(),
            graph: Graph::default(),
            membership_view: membership_view(catalog),
            concurrency: 4,
        };
        ev.prepare();
        ev
    }

    fn prepare(&mut self) {
        let site = &self.site;
        self.prepared = site
            .collections()
            .iter()
            .map(|c| {
                c.rules
                    .iter()
                    .map(|r| match r {
                        Rule::Query { wql, .. } => Some(prepare_query(wql, self.catalog, site)),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        let mut graph = Graph {
            deps: site
                .collections()
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    // A collection naming itself is a cycle of one: keep the edge so it is reported.
                    let mut d = Vec::new();
                    let mut add = |id: &str, e: Edge| d.extend(site.index(id).map(|j| (j, e)));
                    if let Some(l) = &c.limit {
                        add(l, Edge::Limit);
                    }
                    for r in &c.rules {
                        match r {
                            Rule::Include(x) => add(x, Edge::Include),
                            Rule::Exclude(x) => add(x, Edge::Exclude),
                            _ => {}
                        }
                    }
                    for q in self.prepared[i].iter().flatten().flatten() {
                        for id in &q.reads {
                            add(id, Edge::Query);
                        }
                    }
                    d
                })
                .collect(),
        };
        // A rule reading every collection's membership waits for all of
        // them, except those that depend on its own collection (they cannot
        // be done first; the rule does not see them).
        for i in 0..site.collections().len() {
            if self.prepared[i].iter().flatten().flatten().any(|q| q.reads_all) {
                let mut after = graph.downstream(i);
                after.push(i);
                let reads: Vec<(usize, Edge)> = (0..site.collections().len())
                    .filter(|j| !after.contains(j))
                    .map(|j| (j, Edge::Query))
                    .collect();
                graph.deps[i].extend(reads);
            }
        }
        self.graph = graph;
    }

    /// How many collections of one level of the graph are evaluated at
    /// once (at least 1; 4 by default). With more than one, each query runs
    /// in one partition per core ([`Engine::set_partitions`]).
    pub fn set_concurrency(&mut self, n: usize) {
        self.concurrency = n.max(1);
    }

    /// The engine rules run on.
    pub fn engine(&self) -> &'a Engine {
        self.engine
    }

    /// The catalog rules bind against.
    pub fn catalog(&self) -> &'a Catalog {
        self.catalog
    }

    /// The collections.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The resources.
    pub fn resources(&self) -> &Resources {
        &self.resources
    }

    /// The dependency graph, by index into [`Site::collections`].
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// The prepared query of a collection's rule (by indexes), if it is a query rule.
    pub fn prepared(&self, collection: usize, rule: usize) -> Option<&std::result::Result<PreparedQuery, String>> {
        self.prepared.get(collection)?.get(rule)?.as_ref()
    }

    /// The index of a collection ID, or an error with suggestions.
    pub fn index_of(&self, id: &str) -> Result<usize> {
        self.site
            .index(id)
            .ok_or_else(|| EngineError::Invalid(self.site.unknown(id)))
    }

    /// Evaluates `targets` (collection IDs) and what they depend on, or the
    /// whole site when `targets` is `None`.
    pub async fn evaluate(&self, targets: Option<&[String]>) -> Result<Evaluation> {
        self.evaluate_pinned(targets, &HashMap::new()).await
    }

    /// Like [`Evaluator::evaluate`], but the collections in `pinned` (by
    /// upper-case ID) keep the given membership instead of being evaluated,
    /// as a site uses the current membership of a collection it is not
    /// re-evaluating.
    pub async fn evaluate_pinned(
        &self,
        targets: Option<&[String]>,
        pinned: &HashMap<String, Members>,
    ) -> Result<Evaluation> {
        let started = Instant::now();
        let roots: Vec<usize> = match targets {
            Some(t) => t.iter().map(|id| self.index_of(id)).collect::<Result<_>>()?,
            None => (0..self.site.collections().len()).collect(),
        };
        let pinned_at = |i: usize| pinned.get(&self.site.collections()[i].id.to_ascii_uppercase());
        let mut graph = self.graph.clone();
        for (i, d) in graph.deps.iter_mut().enumerate() {
            if pinned_at(i).is_some() {
                d.clear();
            }
        }
        let order = graph.order(&roots).map_err(|cycle| {
            let ids: Vec<&str> = cycle.iter().map(|&i| self.site.collections()[i].id.as_str()).collect();
            EngineError::Invalid(format!(
                "the collections depend on each other in a cycle: {}",
                ids.join(" → ")
            ))
        })?;
        let levels = graph.levels(&order);
        let depth = levels.values().copied().max().unwrap_or(0);
        let mut done: HashMap<usize, CollectionResult> = HashMap::new();
        for &c in &order {
            if let Some(m) = pinned_at(c) {
                let collection = self.site.collections()[c].clone();
                done.insert(
                    c,
                    CollectionResult {
                        collection,
                        members: m.clone(),
                        rules: Vec::new(),
                        errors: Vec::new(),
                        elapsed: Duration::ZERO,
                        recorded: true,
                    },
                );
            }
        }
        // Several queries at once: one partition per core each, until done.
        struct Restore<'e>(&'e Engine, usize);
        impl Drop for Restore<'_> {
            fn drop(&mut self) {
                self.0.set_partitions(self.1);
            }
        }
        let _restore = (self.concurrency > 1).then(|| {
            let restore = Restore(self.engine, self.engine.partitions());
            self.engine.set_partitions(crate::exec::cores());
            restore
        });
        for level in 0..=depth {
            let batch: Vec<usize> = order
                .iter()
                .copied()
                .filter(|c| levels[c] == level && !done.contains_key(c))
                .collect();
            for chunk in batch.chunks(self.concurrency) {
                let outs = futures::future::join_all(chunk.iter().map(|&c| self.evaluate_one(c, &done))).await;
                for (&c, out) in chunk.iter().zip(outs) {
                    done.insert(c, out?);
                }
            }
        }
        let mut eval = Evaluation {
            elapsed: Duration::ZERO,
            ..Evaluation::default()
        };
        for c in order {
            if let Some(r) = done.remove(&c) {
                eval.index
                    .insert(r.collection.id.to_ascii_uppercase(), eval.results.len());
                eval.results.push(r);
            }
        }
        eval.elapsed = started.elapsed();
        Ok(eval)
    }

    fn result_of<'r>(&self, id: &str, done: &'r HashMap<usize, CollectionResult>) -> Option<&'r CollectionResult> {
        done.get(&self.site.index(id)?)
    }

    async fn evaluate_one(&self, i: usize, done: &HashMap<usize, CollectionResult>) -> Result<CollectionResult> {
        let started = Instant::now();
        let c = &self.site.collections()[i];
        let mut rules = Vec::with_capacity(c.rules.len());
        let mut errors = Vec::new();
        for (n, rule) in c.rules.iter().enumerate() {
            let t = Instant::now();
            let mut out = RuleResult {
                rule: rule.clone(),
                members: Members::new(),
                error: None,
                warnings: Vec::new(),
                elapsed: Duration::ZERO,
            };
            match rule {
                Rule::Query { .. } => match self.prepared[i][n].as_ref() {
                    Some(Ok(q)) => {
                        out.warnings = q.warnings.clone();
                        // A view missing from the snapshot, say: this rule fails, not the site.
                        match self.run(q, done.values()).await {
                            Ok(m) => out.members = m,
                            Err(e) => out.error = Some(e.to_string()),
                        }
                    }
                    Some(Err(e)) => out.error = Some(e.clone()),
                    None => out.error = Some("the rule was not prepared".into()),
                },
                Rule::Direct(m) => match self.direct(c.kind, m) {
                    Ok(ids) => out.members = ids,
                    Err(e) => out.error = Some(e),
                },
                Rule::Include(x) | Rule::Exclude(x) => match self.result_of(x, done) {
                    Some(r) => out.members = r.members.clone(),
                    None => out.error = Some(self.site.unknown(x)),
                },
            }
            if let Some(e) = &out.error {
                errors.push(format!("rule {} ({}): {e}", n + 1, rule_label(rule)));
            }
            out.elapsed = t.elapsed();
            rules.push(out);
        }
        let mut result = CollectionResult {
            collection: c.clone(),
            members: Members::new(),
            rules,
            errors,
            elapsed: Duration::ZERO,
            recorded: false,
        };
        let mut members = result.added();
        if let Some(l) = &c.limit {
            match self.result_of(l, done) {
                Some(r) => members &= &r.members,
                None => {
                    result
                        .errors
                        .push(format!("its limiting collection {l} does not exist: it has no members"));
                    members.clear();
                }
            }
        }
        members -= result.excluded();
        result.members = members;
        result.elapsed = started.elapsed();
        Ok(result)
    }

    /// The members a prepared query returns, reading the memberships in
    /// `computed` where it reads `SMS_CM_RES_COLL_<id>` or
    /// `SMS_FullCollectionMembership`.
    pub async fn run<'r>(
        &self,
        q: &PreparedQuery,
        computed: impl Iterator<Item = &'r CollectionResult>,
    ) -> Result<Members> {
        let overrides = self.membership_override(q, computed)?;
        self.members(q, &overrides).await
    }

    /// The members a prepared query returns with the views in `overrides`
    /// (from [`Evaluator::membership_override`]).
    pub async fn members(
        &self,
        q: &PreparedQuery,
        overrides: &HashMap<String, Arc<dyn TableProvider>>,
    ) -> Result<Members> {
        bitmap(&self.engine.execute_with(&q.plan, overrides).await?)
    }

    /// The membership view built from `computed`, for queries that read it.
    pub fn membership_override<'r>(
        &self,
        q: &PreparedQuery,
        computed: impl Iterator<Item = &'r CollectionResult>,
    ) -> Result<HashMap<String, Arc<dyn TableProvider>>> {
        let mut out: HashMap<String, Arc<dyn TableProvider>> = HashMap::new();
        if q.reads.is_empty() && !q.reads_all {
            return Ok(out);
        }
        let chosen =
            computed.filter(|r| q.reads_all || q.reads.iter().any(|id| r.collection.id.eq_ignore_ascii_case(id)));
        let rows = chosen.map(|r| {
            let direct = r
                .rules
                .iter()
                .filter(|x| matches!(x.rule, Rule::Direct(_)))
                .fold(Members::new(), |a, x| a | &x.members);
            let ids: Vec<(i64, bool)> = r.members.iter().map(|k| (resource_id(k), direct.contains(k))).collect();
            (r.collection.id.as_str(), ids)
        });
        let batch = self
            .resources
            .membership_batch(self.catalog, &self.membership_view, rows)?;
        let table = MemTable::try_new(batch.schema(), vec![vec![batch]])?;
        out.insert(self.membership_view.to_ascii_lowercase(), Arc::new(table));
        Ok(out)
    }

    fn direct(&self, kind: MemberKind, m: &DirectMember) -> std::result::Result<Members, String> {
        let fits = |k: ResourceKind| match kind {
            MemberKind::Device => k == ResourceKind::Device,
            MemberKind::User => k != ResourceKind::Device,
        };
        let mut out = Members::new();
        match m {
            DirectMember::Id(id) => match self.resources.get(*id) {
                Some(r) if fits(r.kind) => match key(*id) {
                    Some(k) => {
                        out.insert(k);
                    }
                    None => return Err(format!("{id} is not a ResourceID (an int)")),
                },
                Some(r) => {
                    return Err(format!(
                        "resource {id} is a {:?}, not a member of this collection's type",
                        r.kind
                    ));
                }
                None => return Err(format!("resource {id} does not exist")),
            },
            DirectMember::Name(n) => {
                let found: Vec<_> = self.resources.named(n).into_iter().filter(|r| fits(r.kind)).collect();
                if found.is_empty() {
                    return Err(self.resources.unknown(n));
                }
                out.extend(found.iter().filter_map(|r| key(r.id)));
            }
        }
        Ok(out)
    }
}

/// A short description of a rule, for messages.
pub fn rule_label(r: &Rule) -> String {
    match r {
        Rule::Query { name, .. } if !name.is_empty() => format!("query \"{name}\""),
        Rule::Query { .. } => "query".into(),
        Rule::Direct(DirectMember::Id(id)) => format!("direct {id}"),
        Rule::Direct(DirectMember::Name(n)) => format!("direct {n}"),
        Rule::Include(x) => format!("include {x}"),
        Rule::Exclude(x) => format!("exclude {x}"),
    }
}
