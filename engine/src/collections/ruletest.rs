//! Collection-rule unit tests: a TOML file of devices, users, class
//! instances, collections and cases, and the runner that checks each case.
//!
//! ```toml
//! now = "2026-11-01 08:00:00"      # what GetDate() returns (this is the default)
//!
//! [[device]]                      # top-level keys: SMS_R_System properties
//! Name = "PC-001"
//! Client = 1
//! SystemOUName = ["CONTOSO.COM/WORKSTATIONS"]
//! [device.SMS_G_System_OPERATING_SYSTEM]          # one instance
//! Caption = "Microsoft Windows 10 Enterprise"
//! [[device.SMS_G_System_ADD_REMOVE_PROGRAMS]]     # several
//! DisplayName = "7-Zip 19.00 (x64)"
//!
//! [[user]]                        # SMS_R_User properties; [[usergroup]]: SMS_R_UserGroup
//! UniqueUserName = "CONTOSO\\alice"
//!
//! [[SMS_SoftwareUpdate]]          # instances of classes not scoped to a resource
//! CI_ID = 1001
//!
//! [[collection]]                  # see `definitions`
//! id = "CON00001"
//! query = ["select * from SMS_R_System where Client = 1"]
//!
//! [[case]]
//! name = "clients"
//! collection = "CON00001"         # or: wql = "select ..."
//! members = ["PC-001"]            # or contains = [...] / excludes = [...]
//! ```
//!
//! Names are WQL names, case-insensitive; properties not given are NULL;
//! ResourceIDs are given or assigned in order (devices from 16777220, users
//! from 2063597570, groups from 2000000001); an unknown class or property is
//! an error with a suggestion.

use super::definitions::CollectionDef;
use super::eval::{Evaluation, Evaluator, ids, key, prepare_any_query};
use super::explain::{CollectionExplanation, QueryExplanation, explain_collection, explain_query};
use super::model::{MemberKind, Site};
use super::resources::{Resource, ResourceKind};
use crate::error::{EngineError, Result};
use crate::exec::Engine;
use crate::storage::fixture::batch_from_json;
use crate::storage::schema::view_schema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use std::collections::{BTreeMap, HashSet};
use wqlkit_core::{Catalog, ClassDef, DateTime, PropertyDef};

/// The default `now` of a test file.
pub const DEFAULT_NOW: &str = "2026-11-01 08:00:00";

/// What a case checks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseDef {
    /// Its name.
    pub name: String,
    /// A WQL query whose resources are checked…
    pub wql: Option<String>,
    /// …or a collection whose members are.
    pub collection: Option<String>,
    /// The exact expected set, by name.
    pub members: Option<Vec<String>>,
    /// Names that must be members.
    #[serde(default)]
    pub contains: Vec<String>,
    /// Names that must not be members.
    #[serde(default)]
    pub excludes: Vec<String>,
}

/// A test file, loaded: the rows, the collections and the cases.
pub struct Fixture {
    /// The views holding the file's rows (every catalog view, most empty).
    pub engine: Engine,
    /// Built-ins and the file's collections.
    pub site: Site,
    /// The cases.
    pub cases: Vec<CaseDef>,
}

fn json_of(v: &toml::Value) -> Json {
    match v {
        toml::Value::String(s) => Json::String(s.clone()),
        toml::Value::Integer(i) => Json::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        toml::Value::Boolean(b) => Json::Bool(*b),
        toml::Value::Datetime(d) => Json::String(d.to_string().replace('T', " ")),
        toml::Value::Array(a) => Json::Array(a.iter().map(json_of).collect()),
        toml::Value::Table(t) => Json::Object(t.iter().map(|(k, v)| (k.clone(), json_of(v))).collect()),
    }
}

struct Builder<'a> {
    catalog: &'a Catalog,
    /// Rows by view name (lower case).
    rows: BTreeMap<String, Vec<Json>>,
}

fn class_error(catalog: &Catalog, name: &str) -> String {
    super::did_you_mean(
        format!("there is no class {name}"),
        name,
        catalog.classes().iter().map(|c| c.name.clone()),
    )
}

fn property<'c>(class: &'c ClassDef, name: &str) -> std::result::Result<&'c PropertyDef, String> {
    class.property(name).ok_or_else(|| {
        super::did_you_mean(
            format!("{} has no property {name}", class.name),
            name,
            class.properties.iter().map(|p| p.name.clone()),
        )
    })
}

impl Builder<'_> {
    /// One instance of `class` with `props`, scoped to `resource` when given.
    fn instance(
        &mut self,
        class: &ClassDef,
        props: &toml::Table,
        resource: Option<i64>,
    ) -> std::result::Result<(), String> {
        let mut row = Map::new();
        let rid_column = class.resource_column.clone();
        if let (Some(c), Some(id)) = (&rid_column, resource) {
            row.insert(c.clone(), Json::from(id));
        }
        for (name, value) in props {
            if value.is_table()
                || value
                    .as_array()
                    .is_some_and(|a| a.iter().all(toml::Value::is_table) && !a.is_empty())
            {
                return Err(format!(
                    "{}.{name}: instances of other classes nest under a device or user, not under {}",
                    class.name, class.name
                ));
            }
            let p = property(class, name)?;
            match &p.array_view {
                Some(view) => {
                    let items: Vec<&toml::Value> = match value {
                        toml::Value::Array(a) => a.iter().collect(),
                        one => vec![one],
                    };
                    let id = resource
                        .or_else(|| given_id(props))
                        .ok_or_else(|| format!("{}.{name} is an array property of a resource", class.name))?;
                    let rows = self.rows.entry(view.to_ascii_lowercase()).or_default();
                    for item in items {
                        let mut r = Map::new();
                        r.insert("ResourceID".into(), Json::from(id));
                        r.insert(p.column.clone(), json_of(item));
                        rows.push(Json::Object(r));
                    }
                }
                None => {
                    if value.is_array() {
                        return Err(format!("{}.{name} holds one value, not a list", class.name));
                    }
                    row.insert(p.column.clone(), json_of(value));
                }
            }
        }
        if let Some(rt) = class.property("ResourceType") {
            let kind = match class.name.to_ascii_lowercase().as_str() {
                "sms_r_system" => Some(5),
                "sms_r_user" => Some(4),
                "sms_r_usergroup" => Some(3),
                _ => None,
            };
            if let Some(k) = kind {
                row.entry(rt.column.clone()).or_insert(Json::from(k));
            }
        }
        self.rows
            .entry(class.view.to_ascii_lowercase())
            .or_default()
            .push(Json::Object(row));
        Ok(())
    }

    /// A resource (device, user, group) with its nested class instances.
    fn resource(&mut self, class: &ClassDef, t: &toml::Table, id: i64) -> std::result::Result<(), String> {
        let mut own = toml::Table::new();
        for (k, v) in t {
            let nested: Option<Vec<&toml::Table>> = match v {
                toml::Value::Table(x) => Some(vec![x]),
                toml::Value::Array(a) if !a.is_empty() && a.iter().all(toml::Value::is_table) => {
                    Some(a.iter().filter_map(toml::Value::as_table).collect())
                }
                _ => None,
            };
            match nested {
                Some(instances) => {
                    let c = self.catalog.class(k).ok_or_else(|| class_error(self.catalog, k))?;
                    if c.resource_column.is_none() {
                        return Err(format!(
                            "{} is not scoped to a resource: write it as a top-level [[{}]]",
                            c.name, c.name
                        ));
                    }
                    for i in instances {
                        self.instance(c, i, Some(id)).map_err(|e| format!("{k}: {e}"))?;
                    }
                }
                None => {
                    if !k.eq_ignore_ascii_case("ResourceID") {
                        own.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        self.instance(class, &own, Some(id))
    }
}

/// The `ResourceID` a table gives, if any.
fn given_id(t: &toml::Table) -> Option<i64> {
    t.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("ResourceID"))
        .and_then(|(_, v)| v.as_integer())
}

/// Loads a test file's text.
pub fn load(text: &str, catalog: &Catalog) -> std::result::Result<Fixture, String> {
    let doc: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut b = Builder {
        catalog,
        rows: BTreeMap::new(),
    };
    let mut now = DateTime::parse(DEFAULT_NOW).ok_or("bad default time")?;
    let mut collections = Vec::new();
    let mut cases = Vec::new();
    let mut used: HashSet<i64> = HashSet::new();
    let mut next = [16_777_220i64, 2_063_597_570, 2_000_000_001];
    let tables = |v: &toml::Value, key: &str| -> std::result::Result<Vec<toml::Table>, String> {
        match v {
            toml::Value::Array(a) => a
                .iter()
                .map(|x| {
                    x.as_table()
                        .cloned()
                        .ok_or_else(|| format!("[[{key}]] entries are tables"))
                })
                .collect(),
            toml::Value::Table(t) => Ok(vec![t.clone()]),
            _ => Err(format!("{key} must be written [[{key}]]")),
        }
    };
    // Given ResourceIDs first, so assigned ones avoid them.
    for (name, v) in &doc {
        if ["device", "user", "usergroup"]
            .iter()
            .any(|k| name.eq_ignore_ascii_case(k))
        {
            for t in tables(v, name)? {
                if let Some(id) = given_id(&t) {
                    if key(id).is_none() {
                        return Err(format!("ResourceID {id} does not fit the views' int column"));
                    }
                    if !used.insert(id) {
                        return Err(format!("ResourceID {id} is given twice"));
                    }
                }
            }
        }
    }
    for (k, v) in &doc {
        let lk = k.to_ascii_lowercase();
        match lk.as_str() {
            "now" => {
                let s = json_of(v);
                let s = s.as_str().unwrap_or_default();
                now = DateTime::parse(s)
                    .ok_or_else(|| format!("now = {v}: expected a date such as \"{DEFAULT_NOW}\""))?;
            }
            "device" | "user" | "usergroup" => {
                let (class, slot) = match lk.as_str() {
                    "device" => ("SMS_R_System", 0),
                    "user" => ("SMS_R_User", 1),
                    _ => ("SMS_R_UserGroup", 2),
                };
                let c = catalog.class(class).ok_or_else(|| class_error(catalog, class))?;
                for (n, t) in tables(v, k)?.iter().enumerate() {
                    let given = given_id(t);
                    let id = match given {
                        Some(id) => id,
                        None => {
                            while used.contains(&next[slot]) {
                                next[slot] += 1;
                            }
                            used.insert(next[slot]);
                            next[slot]
                        }
                    };
                    b.resource(c, t, id).map_err(|e| format!("{k} {}: {e}", n + 1))?;
                }
            }
            "collection" => {
                let defs: Vec<CollectionDef> = v
                    .clone()
                    .try_into()
                    .map_err(|e: toml::de::Error| format!("[[collection]]: {e}"))?;
                for d in defs {
                    collections.push(d.to_collection()?);
                }
            }
            "case" => {
                let defs: Vec<CaseDef> = v
                    .clone()
                    .try_into()
                    .map_err(|e: toml::de::Error| format!("[[case]]: {e}"))?;
                for d in &defs {
                    if d.wql.is_some() == d.collection.is_some() {
                        return Err(format!("case \"{}\": give either wql or collection", d.name));
                    }
                    if d.members.is_none() && d.contains.is_empty() && d.excludes.is_empty() {
                        return Err(format!("case \"{}\": give members, contains or excludes", d.name));
                    }
                }
                cases.extend(defs);
            }
            _ => {
                let c = catalog.class(k).ok_or_else(|| {
                    format!(
                        "{}; top-level tables are device, user, usergroup, collection, case, now or a class",
                        class_error(catalog, k)
                    )
                })?;
                for t in tables(v, k)? {
                    b.instance(c, &t, None).map_err(|e| format!("{k}: {e}"))?;
                }
            }
        }
    }
    let mut views = Vec::new();
    for view in catalog.views() {
        let rows = b.rows.remove(&view.name.to_ascii_lowercase()).unwrap_or_default();
        let batch = batch_from_json(view, &rows).map_err(|e| e.to_string())?;
        views.push((view.name.clone(), view_schema(view), vec![batch]));
    }
    let engine = Engine::from_memory(views, now).map_err(|e| e.to_string())?;
    let mut site = Site::with_builtins();
    for c in collections {
        site.upsert(c);
    }
    Ok(Fixture { engine, site, cases })
}

/// One member that is missing or unexpected, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The resource's name.
    pub name: String,
    /// Why it is (not) a member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<Why>,
}

/// An explanation of a collection or of a query.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Why {
    /// For a collection case.
    Collection(Box<CollectionExplanation>),
    /// For a WQL case.
    Query(Box<QueryExplanation>),
}

/// The outcome of one case.
#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    /// The case's name.
    pub name: String,
    /// Whether it passed.
    pub passed: bool,
    /// Members by name, sorted.
    pub actual: Vec<String>,
    /// Expected but absent.
    pub missing: Vec<Finding>,
    /// Present but not expected.
    pub unexpected: Vec<Finding>,
    /// Why the case could not run, or the rule was malformed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}

fn name_of(r: &Resource) -> String {
    r.name.clone().unwrap_or_else(|| r.id.to_string())
}

/// Runs every case of a loaded file.
pub async fn run(fixture: &Fixture, catalog: &Catalog) -> Result<Vec<CaseResult>> {
    let ev = Evaluator::new(&fixture.engine, catalog, fixture.site.clone()).await?;
    // A cycle or the like fails the collection cases; the WQL cases still run.
    let evaluation = ev.evaluate(None).await.map_err(|e| e.to_string());
    let mut out = Vec::new();
    for case in &fixture.cases {
        out.push(run_case(&ev, evaluation.as_ref(), case).await?);
    }
    Ok(out)
}

async fn run_case(
    ev: &Evaluator<'_>,
    evaluation: std::result::Result<&Evaluation, &String>,
    case: &CaseDef,
) -> Result<CaseResult> {
    let mut result = CaseResult {
        name: case.name.clone(),
        passed: false,
        actual: Vec::new(),
        missing: Vec::new(),
        unexpected: Vec::new(),
        errors: Vec::new(),
    };
    let res = ev.resources();
    let computed = || evaluation.ok().into_iter().flat_map(|e| e.results.iter());
    // What the case evaluates; the kind of resource it holds, when known.
    let (members, query, kind) = match (&case.wql, &case.collection) {
        (Some(wql), _) => match prepare_any_query(wql, ev.catalog(), ev.site()) {
            Ok(q) => {
                // Built once: the explanations of its members read the same views.
                let overrides = ev.membership_override(&q, computed())?;
                (
                    ev.members(&q, &overrides).await?,
                    Some((wql.clone(), q, overrides)),
                    None,
                )
            }
            Err(e) => {
                result.errors.push(e);
                return Ok(result);
            }
        },
        (None, Some(id)) => {
            let evaluation = match evaluation {
                Ok(e) => e,
                Err(e) => {
                    result.errors.push(e.clone());
                    return Ok(result);
                }
            };
            match evaluation.get(id) {
                Some(r) => {
                    result.errors.extend(r.errors.iter().cloned());
                    (r.members.clone(), None, Some(r.collection.kind))
                }
                None => {
                    result.errors.push(ev.site().unknown(id));
                    return Ok(result);
                }
            }
        }
        (None, None) => return Err(EngineError::Invalid(format!("case {}: nothing to evaluate", case.name))),
    };
    result.actual = ids(&members).into_iter().map(|id| res.label(id)).collect();
    result.actual.sort_by_key(|n| n.to_ascii_lowercase());
    // Expected names → resources of the collection's kind.
    let fits = |r: &Resource| match kind {
        Some(MemberKind::Device) => r.kind == ResourceKind::Device,
        Some(MemberKind::User) => r.kind != ResourceKind::Device,
        None => true,
    };
    let mut errors = Vec::new();
    let mut resolve = |n: &String| -> Vec<Resource> {
        let found: Vec<Resource> = res.named(n).into_iter().filter(|r| fits(r)).cloned().collect();
        if found.is_empty() {
            errors.push(format!("{} in this file", res.unknown(n)));
        }
        found
    };
    let mut want_in: Vec<Resource> = Vec::new();
    for n in case.members.iter().flatten().chain(&case.contains) {
        want_in.extend(resolve(n));
    }
    let mut want_out: Vec<Resource> = Vec::new();
    for n in &case.excludes {
        want_out.extend(resolve(n));
    }
    let holds = |id: i64| key(id).is_some_and(|k| members.contains(k));
    let mut missing: Vec<(i64, String)> = want_in
        .iter()
        .filter(|r| !holds(r.id))
        .map(|r| (r.id, name_of(r)))
        .collect();
    let mut unexpected: Vec<(i64, String)> = want_out
        .iter()
        .filter(|r| holds(r.id))
        .map(|r| (r.id, name_of(r)))
        .collect();
    if case.members.is_some() {
        let wanted: HashSet<i64> = want_in.iter().map(|r| r.id).collect();
        unexpected.extend(
            ids(&members)
                .into_iter()
                .filter(|id| !wanted.contains(id))
                .map(|id| (id, res.label(id))),
        );
    }
    for v in [&mut missing, &mut unexpected] {
        v.sort();
        v.dedup();
    }
    for (list, out) in [(missing, &mut result.missing), (unexpected, &mut result.unexpected)] {
        for (id, name) in list {
            let why = match (res.get(id), &query, &case.collection, evaluation) {
                (Some(r), Some((wql, q, overrides)), _, _) => explain_query(ev.engine(), overrides, wql, q, r.id)
                    .await
                    .ok()
                    .map(|x| Why::Query(Box::new(x))),
                (Some(r), None, Some(cid), Ok(evaluation)) => explain_collection(ev, evaluation, cid, r)
                    .await
                    .ok()
                    .map(|x| Why::Collection(Box::new(x))),
                _ => None,
            };
            out.push(Finding { name, why });
        }
    }
    result.errors.extend(errors);
    result.passed = result.missing.is_empty() && result.unexpected.is_empty() && result.errors.is_empty();
    Ok(result)
}
