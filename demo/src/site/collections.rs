//! Collections: their rules, written as console-style WQL, and their
//! membership, computed in Rust from the same rows the views hold
//! (query ∪ direct ∪ include, ∩ limiting, − exclude), with deliberate
//! staleness in a few collections ([`STALE`]).
//!
//! | stage | input → output | module |
//! | --- | --- | --- |
//! | load | `data/collections.toml` → [`Def`]s, families expanded | [`definitions`] |
//! | plan | [`Def`]s → IDs, each rule's stored WQL, [`Collection`]s | here ([`plan`]) |
//! | condition | a rule's WQL → [`condition::Query`] | [`condition`] |
//! | bind | [`condition::Query`] → [`CQuery`] over the views' columns | [`evaluation`] |
//! | membership | a [`Collection`] and a subject → member or not | here ([`member`]), [`evaluation`] |
//! | views | [`Collection`]s → v_Collection, v_CollectionRuleQuery, … | [`crate::views::collections`] |
//!
//! The written hierarchy is data. `demo/data/collections.toml` lists the
//! collections in CollectionID order (IDs `CON00010`, … are given in that
//! order, so entries are only added at the end), each with its name,
//! limiting collection, comment, kind of members, a `stale` flag, and its
//! rules: query rules as the console shows their WQL (FROM class, joined
//! classes, WHERE text, with `{id:Collection Name}` for another collection's
//! ID), direct rules, include and exclude rules by collection name. Where a
//! run of collections follows the site's reference tables (one per office,
//! per Windows version and office, per department, per hardware model, per
//! client version) the file names a family instead: a short function in
//! [`definitions`] that writes them at that position. The file's header
//! documents every key.
//!
//! A query rule's membership is evaluated from its WQL text: the stored text
//! is parsed with [`wqlkit_wql::parse`] and its WHERE condition converted to
//! the evaluator's tree ([`condition`]), so what v_CollectionRuleQuery holds
//! and what the membership views hold come from one source. Rules whose
//! membership needs code (update compliance) name a Rust function the site
//! hands in ([`PlanInputs::evaluators`], from
//! [`crate::site::deployments::compliance`]) instead.

mod condition;
mod definitions;
mod evaluation;

#[cfg(test)]
mod tests;

pub(crate) use condition::Evaluator;
use condition::Unsupported;
pub use definitions::StaleCollections;
pub(crate) use definitions::{DefinitionError, STALE};
pub(crate) use evaluation::CQuery;
#[cfg(test)]
pub(crate) use evaluation::rule_matches;
use evaluation::{bind_query, eval_query};

use crate::model::Fleet;
use crate::model::rng::{Stream, hash};
use crate::model::time::MICROS_PER_DAY;
use crate::site::subject::{Subject, Who};
use std::collections::HashMap;
use wqlkit_core::Catalog;

const SYS: &str = "SMS_R_System";
const USER: &str = "SMS_R_User";
const GROUP: &str = "SMS_R_UserGroup";

/// What a collection holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Members {
    Devices,
    /// Users and user groups.
    Users,
}

/// How direct members are chosen: a salt for picking from the fleet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum DirectPick {
    Devices(u64),
    Users(u64),
}

/// A query rule's text, before `{id:…}` placeholders are resolved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RuleText {
    /// As the console writes it: its select list of `from`, the joined
    /// classes inner-joined on ResourceID, then the WHERE condition.
    Console {
        from: String,
        joins: Vec<String>,
        condition: Option<String>,
    },
    /// A whole statement, stored as given.
    Verbatim(String),
}

/// A query rule as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QueryRule {
    pub name: String,
    pub text: RuleText,
    /// Membership computed by the evaluator of this name instead of the
    /// text's condition (see [`PlanInputs::evaluators`]).
    pub evaluator: Option<String>,
}

/// A rule as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RuleDef {
    Query(QueryRule),
    Direct(DirectPick),
    Include(String),
    Exclude(String),
}

/// A collection as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Def {
    /// A fixed ID (built-in collections); the others are numbered in order.
    pub id: Option<String>,
    pub name: String,
    pub comment: String,
    pub members: Members,
    pub limit: Option<String>,
    pub rules: Vec<RuleDef>,
    pub stale: bool,
}

/// A rule ready to evaluate.
#[derive(Debug, Clone)]
pub(crate) enum Rule {
    Query {
        id: i64,
        name: String,
        wql: String,
        query: CQuery,
    },
    Direct {
        devices: Vec<usize>,
        users: Vec<usize>,
    },
    Include(usize),
    Exclude(usize),
}

/// A collection ready to evaluate.
#[derive(Debug, Clone)]
pub(crate) struct Collection {
    pub id: String,
    pub name: String,
    pub comment: String,
    pub members: Members,
    pub limit: Option<usize>,
    pub rules: Vec<Rule>,
    pub stale: bool,
    /// Subjects whose membership is flipped (devices or users by index).
    pub stale_set: Vec<usize>,
    pub builtin: bool,
    pub refresh_type: i64,
    pub created: i64,
}

/// What the plan compiler needs from the context.
pub(crate) struct PlanInputs<'a> {
    pub catalog: &'a Catalog,
    pub by_view: &'a HashMap<String, usize>,
    pub needed: &'a mut Vec<Vec<usize>>,
    pub column_of: &'a dyn Fn(usize, &str) -> Option<usize>,
    pub fleet: &'a Fleet,
    /// The functions rules may name to compute membership the evaluator
    /// cannot read from the views (update compliance).
    pub evaluators: &'a [Evaluator],
    /// At least this many collections.
    pub collections: usize,
}

/// Why a rule could not be bound to the catalog.
#[derive(Debug)]
pub(crate) struct Unbound(pub String);

/// Why a query rule gives no query to evaluate.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RuleError {
    /// `{id:name}` names no collection.
    UnknownCollection {
        collection: String,
        rule: String,
        name: String,
    },
    /// The rule names an evaluator the site does not have.
    UnknownEvaluator {
        collection: String,
        rule: String,
        name: String,
    },
    /// The WQL does not parse, or uses a construct the evaluator does not read.
    Unsupported {
        collection: String,
        rule: String,
        problem: Unsupported,
    },
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RuleError::UnknownCollection { collection, rule, name } => {
                write!(f, "{collection}: rule {rule}: no collection {name} for {{id:{name}}}")
            }
            RuleError::UnknownEvaluator { collection, rule, name } => {
                write!(f, "{collection}: rule {rule}: no evaluator {name}")
            }
            RuleError::Unsupported {
                collection,
                rule,
                problem,
            } => write!(f, "{collection}: rule {rule}: {problem}"),
        }
    }
}

/// Every collection's ID, assigned in order.
pub(crate) struct Ids {
    ids: Vec<String>,
    by_name: HashMap<String, usize>,
    by_id: HashMap<String, usize>,
}

impl Ids {
    /// Fixed IDs where given; `CON00010`, `CON00011`, … for the others, in order.
    pub(crate) fn assign(defs: &[Def]) -> Ids {
        let mut next = 0x10u32;
        let mut out = Ids {
            ids: Vec::with_capacity(defs.len()),
            by_name: HashMap::new(),
            by_id: HashMap::new(),
        };
        for (k, d) in defs.iter().enumerate() {
            let id = match &d.id {
                Some(id) => id.clone(),
                None => {
                    next += 1;
                    format!("{}{:05X}", crate::site::SITE_CODE, next - 1)
                }
            };
            out.by_name.insert(d.name.clone(), k);
            out.by_id.insert(id.clone(), k);
            out.ids.push(id);
        }
        out
    }

    fn of_name(&self, name: &str) -> Option<&str> {
        self.by_name.get(name).map(|&k| self.ids[k].as_str())
    }
}

impl QueryRule {
    /// The rule's WQL as the console stores it, `{id:…}` resolved.
    pub(crate) fn wql(&self, ids: &Ids) -> Result<String, String> {
        let text = match &self.text {
            RuleText::Verbatim(wql) => wql.clone(),
            RuleText::Console { from, joins, condition } => {
                let mut s = format!("select {} from {from}", select_list(from));
                for j in joins {
                    s.push_str(&format!(" inner join {j} on {j}.ResourceID = {from}.ResourceId"));
                }
                if let Some(c) = condition {
                    s.push_str(" where ");
                    s.push_str(c);
                }
                s
            }
        };
        resolve_ids(&text, ids)
    }

    /// The rule's stored WQL and the query it states (or that of its
    /// evaluator, one of `evaluators`).
    pub(crate) fn prepare(
        &self,
        collection: &str,
        ids: &Ids,
        evaluators: &[Evaluator],
    ) -> Result<(String, condition::Query), RuleError> {
        let wql = self.wql(ids).map_err(|name| RuleError::UnknownCollection {
            collection: collection.to_string(),
            rule: self.name.clone(),
            name,
        })?;
        let query = match &self.evaluator {
            Some(name) => {
                let e = evaluators
                    .iter()
                    .find(|e| e.name == name)
                    .ok_or_else(|| RuleError::UnknownEvaluator {
                        collection: collection.to_string(),
                        rule: self.name.clone(),
                        name: name.clone(),
                    })?;
                condition::evaluated(&wql, *e)
            }
            None => condition::from_wql(&wql),
        };
        let query = query.map_err(|problem| RuleError::Unsupported {
            collection: collection.to_string(),
            rule: self.name.clone(),
            problem,
        })?;
        Ok((wql, query))
    }
}

/// The console's select list for a rule over `from`.
fn select_list(from: &str) -> &'static str {
    match from {
        USER => {
            "SMS_R_USER.ResourceID,SMS_R_USER.ResourceType,SMS_R_USER.Name,SMS_R_USER.UniqueUserName,SMS_R_USER.WindowsNTDomain"
        }
        GROUP => {
            "SMS_R_USERGROUP.ResourceID,SMS_R_USERGROUP.ResourceType,SMS_R_USERGROUP.Name,SMS_R_USERGROUP.UniqueUsergroupName,SMS_R_USERGROUP.WindowsNTDomain"
        }
        _ => {
            "SMS_R_SYSTEM.ResourceID,SMS_R_SYSTEM.ResourceType,SMS_R_SYSTEM.Name,SMS_R_SYSTEM.SMSUniqueIdentifier,SMS_R_SYSTEM.ResourceDomainORWorkgroup,SMS_R_SYSTEM.Client"
        }
    }
}

/// `{id:Collection Name}` replaced by that collection's ID; the unknown name is the error.
fn resolve_ids(text: &str, ids: &Ids) -> Result<String, String> {
    const OPEN: &str = "{id:";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len()..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        out.push_str(&rest[..start]);
        out.push_str(ids.of_name(name).ok_or_else(|| name.to_string())?);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Picks `count` distinct indexes below `n`.
fn pick(seed: u64, salt: u64, n: usize, count: usize) -> Vec<usize> {
    let mut out: Vec<usize> = (0..count as u64 * 3)
        .map(|k| (hash(seed, &[Stream::Collections as u64, salt, k]) % n.max(1) as u64) as usize)
        .collect();
    out.sort_unstable();
    out.dedup();
    out.truncate(count);
    out
}

/// Compiles every collection; rules that do not convert or bind are left
/// out and reported.
pub(crate) fn plan(inp: &mut PlanInputs<'_>) -> Result<(Vec<Collection>, Vec<Unbound>), DefinitionError> {
    let defs = definitions::definitions(inp.collections)?;
    let ids = Ids::assign(&defs);
    let mut problems = Vec::new();
    let out = defs
        .iter()
        .enumerate()
        .map(|(k, d)| plan_collection(k, d, &ids, inp, &mut problems))
        .collect();
    Ok((out, problems))
}

fn plan_collection(k: usize, d: &Def, ids: &Ids, inp: &mut PlanInputs<'_>, problems: &mut Vec<Unbound>) -> Collection {
    let mut rules = Vec::new();
    let mut query_id = 0;
    let named = |n: &str, what: &str| {
        ids.by_name
            .get(n)
            .copied()
            .ok_or_else(|| Unbound(format!("{}: no collection {n} to {what}", d.name)))
    };
    for r in &d.rules {
        let rule = match r {
            RuleDef::Query(q) => {
                query_id += 1;
                plan_query(q, query_id, &d.name, ids, inp)
            }
            RuleDef::Direct(DirectPick::Devices(salt)) => Ok(Rule::Direct {
                devices: pick(inp.fleet.seed, *salt, inp.fleet.devices, 6),
                users: Vec::new(),
            }),
            RuleDef::Direct(DirectPick::Users(salt)) => Ok(Rule::Direct {
                devices: Vec::new(),
                users: pick(inp.fleet.seed, *salt, inp.fleet.users, 5),
            }),
            RuleDef::Include(n) => named(n, "include").map(Rule::Include),
            RuleDef::Exclude(n) => named(n, "exclude").map(Rule::Exclude),
        };
        match rule {
            Ok(rule) => rules.push(rule),
            Err(e) => problems.push(e),
        }
    }
    let limit = d.limit.as_deref().and_then(|l| ids.by_name.get(l).copied());
    let n = if d.members == Members::Users {
        inp.fleet.users
    } else {
        inp.fleet.devices
    };
    let builtin = d.id.is_some();
    Collection {
        id: ids.ids[k].clone(),
        name: d.name.clone(),
        comment: d.comment.clone(),
        members: d.members,
        limit,
        rules,
        stale: d.stale,
        stale_set: if d.stale {
            pick(inp.fleet.seed, 0x57A1E + k as u64, n, 3)
        } else {
            Vec::new()
        },
        builtin,
        refresh_type: if builtin { 2 } else { [2, 6, 4, 2, 1][k % 5] },
        created: if builtin {
            inp.fleet.now - 3650 * MICROS_PER_DAY
        } else {
            inp.fleet.now - (60 + (k as i64 * 37) % 2000) * MICROS_PER_DAY
        },
    }
}

fn plan_query(q: &QueryRule, id: i64, collection: &str, ids: &Ids, inp: &mut PlanInputs<'_>) -> Result<Rule, Unbound> {
    let (wql, query) = q
        .prepare(collection, ids, inp.evaluators)
        .map_err(|e| Unbound(e.to_string()))?;
    let query = bind_query(&query, inp, &ids.by_id).map_err(|e| Unbound(format!("{collection}: {}", e.0)))?;
    Ok(Rule::Query {
        id,
        name: q.name.clone(),
        wql,
        query,
    })
}

// ---------------------------------------------------------------------------------------------
// Evaluation.

fn subject_index(s: &Subject<'_>, members: Members) -> Option<usize> {
    match (&s.who, members) {
        (Who::Device(d), Members::Devices) => Some(d.index),
        (Who::User(u), Members::Users) => Some(u.index),
        (Who::Group(g), Members::Users) => Some(1_000_000_000 + g),
        _ => None,
    }
}

/// Whether subject `s` is a member of collection `c` (as written to the
/// membership views, deliberate staleness included), remembered per subject.
pub(crate) fn member(s: &Subject<'_>, c: usize) -> bool {
    {
        let mut m = s.members.borrow_mut();
        if m.len() <= c {
            m.resize(s.site.collections.len(), 0);
        }
        match m.get(c) {
            Some(2) => return false,
            Some(3) => return true,
            // A cycle between collections: the site would refuse it; treat as empty.
            Some(1) => return false,
            _ => {}
        }
        if let Some(x) = m.get_mut(c) {
            *x = 1;
        }
    }
    let yes = evaluate(s, c);
    if let Some(x) = s.members.borrow_mut().get_mut(c) {
        *x = if yes { 3 } else { 2 };
    }
    yes
}

/// Whether `s` belongs to collection `c` (before the memo and cycle guard of [`member`]).
fn evaluate(s: &Subject<'_>, c: usize) -> bool {
    let col = &s.site.collections[c];
    let Some(idx) = subject_index(s, col.members) else {
        return false;
    };
    let mut m = false;
    for r in &col.rules {
        if m {
            break;
        }
        m = match r {
            Rule::Query { query, .. } => eval_query(s, query),
            Rule::Direct { devices, users } => match s.who {
                Who::Device(_) => devices.binary_search(&idx).is_ok(),
                Who::User(_) => users.binary_search(&idx).is_ok(),
                _ => false,
            },
            Rule::Include(i) => member(s, *i),
            Rule::Exclude(_) => false,
        };
    }
    let in_limit = || col.limit.is_none_or(|l| member(s, l));
    if m {
        m = in_limit();
    }
    if m && col.rules.iter().any(|r| matches!(r, Rule::Exclude(e) if member(s, *e))) {
        m = false;
    }
    if col.stale && col.stale_set.binary_search(&idx).is_ok() {
        m = if m { false } else { in_limit() };
    }
    m
}

/// Whether `s` is a direct member of collection `c`.
pub(crate) fn is_direct(s: &Subject<'_>, c: usize) -> bool {
    let col = &s.site.collections[c];
    let Some(idx) = subject_index(s, col.members) else {
        return false;
    };
    col.rules.iter().any(|r| match r {
        Rule::Direct { devices, users } => match s.who {
            Who::Device(_) => devices.binary_search(&idx).is_ok(),
            Who::User(_) => users.binary_search(&idx).is_ok(),
            _ => false,
        },
        _ => false,
    })
}
