//! The written hierarchy: `data/collections.toml` (its header documents the
//! format), read once; its families, each a short function below, expanded
//! where they stand; then, for scale, generated collections.

use super::{Def, DirectPick, Members, QueryRule, RuleDef, RuleText, SYS, USER};
use crate::data::{CLIENT_VERSIONS, DEPTS, Form, LEGACY_CLIENT_VERSIONS, MODELS, Model, SITES};
use serde::Deserialize;
use std::sync::LazyLock;

/// The data file, embedded.
const WRITTEN_TOML: &str = include_str!("../../../data/collections.toml");

const ALL_SYSTEMS: &str = "All Systems";
const ALL_USERS: &str = "All Users";
const ALL_WS: &str = "All Workstations";
const CS: &str = "SMS_G_System_COMPUTER_SYSTEM";
const ARP: &str = "SMS_G_System_ADD_REMOVE_PROGRAMS";
const ENCLOSURE: &str = "SMS_G_System_SYSTEM_ENCLOSURE";
const LAPTOP_CHASSIS: &[&str] = &["8", "9", "10", "11", "12", "14", "18", "21", "30", "31", "32"];

/// Why the data file gives no hierarchy.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DefinitionError {
    /// Not TOML, or not the shape of the file.
    Toml(String),
    /// An entry (named, or by its position) breaks a rule of the format.
    Entry { entry: String, problem: String },
}

impl std::fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DefinitionError::Toml(e) => write!(f, "data/collections.toml: {e}"),
            DefinitionError::Entry { entry, problem } => write!(f, "data/collections.toml: {entry}: {problem}"),
        }
    }
}

/// The file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    collection: Vec<Entry>,
}

/// One `[[collection]]`: a collection, or a family.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    family: Option<String>,
    name: Option<String>,
    id: Option<String>,
    comment: Option<String>,
    members: Option<Members>,
    limit: Option<String>,
    stale: Option<Stale>,
    #[serde(default)]
    rule: Vec<RuleEntry>,
}

/// `stale = true` on a collection; `stale = [names]` on a family.
#[derive(Deserialize)]
#[serde(untagged)]
enum Stale {
    Flag(bool),
    Names(Vec<String>),
}

/// One `[[collection.rule]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleEntry {
    query: Option<String>,
    from: Option<String>,
    join: Option<Vec<String>>,
    #[serde(rename = "where")]
    condition: Option<String>,
    wql: Option<String>,
    evaluator: Option<String>,
    direct: Option<Members>,
    salt: Option<u64>,
    include: Option<String>,
    exclude: Option<String>,
}

/// A family of collections written by code.
struct Family {
    name: &'static str,
    write: fn() -> Vec<Def>,
}

/// The families the file may name.
const FAMILIES: &[Family] = &[
    Family {
        name: "client-versions",
        write: client_versions,
    },
    Family {
        name: "office-workstations",
        write: office_workstations,
    },
    Family {
        name: "windows-by-office",
        write: windows_by_office,
    },
    Family {
        name: "windows-11-laptops-by-office",
        write: windows_11_laptops_by_office,
    },
    Family {
        name: "models",
        write: models,
    },
    Family {
        name: "department-workstations",
        write: department_workstations,
    },
    Family {
        name: "department-users",
        write: department_users,
    },
    Family {
        name: "office-users",
        write: office_users,
    },
];

/// One entry, checked.
enum Item {
    Collection(Def),
    Family {
        family: &'static Family,
        /// Names of its collections that are deliberately stale.
        stale: Vec<String>,
    },
}

/// The file, read once.
static WRITTEN: LazyLock<Result<Vec<Item>, DefinitionError>> = LazyLock::new(|| load(WRITTEN_TOML));

fn load(text: &str) -> Result<Vec<Item>, DefinitionError> {
    let file: File = toml::from_str(text).map_err(|e| DefinitionError::Toml(e.to_string()))?;
    file.collection
        .into_iter()
        .enumerate()
        .map(|(k, e)| {
            let entry = e
                .name
                .clone()
                .or_else(|| e.family.clone())
                .unwrap_or_else(|| format!("entry {}", k + 1));
            item(e).map_err(|problem| DefinitionError::Entry { entry, problem })
        })
        .collect()
}

fn item(e: Entry) -> Result<Item, String> {
    let Some(family) = e.family else {
        return collection(e).map(Item::Collection);
    };
    if e.name.is_some() || e.id.is_some() || e.comment.is_some() || e.members.is_some() || e.limit.is_some() {
        return Err("a family gives no name, id, comment, members or limit".into());
    }
    if !e.rule.is_empty() {
        return Err("a family gives no rules".into());
    }
    let family = FAMILIES
        .iter()
        .find(|f| f.name == family)
        .ok_or_else(|| format!("no family {family}"))?;
    let stale = match e.stale {
        None => Vec::new(),
        Some(Stale::Names(names)) => names,
        Some(Stale::Flag(_)) => return Err("a family's stale lists names".into()),
    };
    Ok(Item::Family { family, stale })
}

fn collection(e: Entry) -> Result<Def, String> {
    let name = e.name.ok_or("a collection has a name (or the entry names a family)")?;
    if e.limit.is_none() && e.id.is_none() {
        return Err("only built-in collections have no limiting collection".into());
    }
    let stale = match e.stale {
        None => false,
        Some(Stale::Flag(b)) => b,
        Some(Stale::Names(_)) => return Err("a collection's stale is true or false".into()),
    };
    Ok(Def {
        id: e.id,
        name,
        comment: e.comment.unwrap_or_default(),
        members: e.members.unwrap_or(Members::Devices),
        limit: e.limit,
        rules: e.rule.into_iter().map(rule).collect::<Result<_, _>>()?,
        stale,
    })
}

fn rule(r: RuleEntry) -> Result<RuleDef, String> {
    let query_only =
        r.from.is_some() || r.join.is_some() || r.condition.is_some() || r.wql.is_some() || r.evaluator.is_some();
    match (r.query, r.direct, r.include, r.exclude) {
        (Some(name), None, None, None) if r.salt.is_none() => {
            query_rule(name, r.from, r.join, r.condition, r.wql, r.evaluator)
        }
        (None, Some(kind), None, None) if !query_only => {
            let salt = r.salt.ok_or("a direct rule gives its salt")?;
            Ok(RuleDef::Direct(match kind {
                Members::Devices => DirectPick::Devices(salt),
                Members::Users => DirectPick::Users(salt),
            }))
        }
        (None, None, Some(name), None) if !query_only && r.salt.is_none() => Ok(RuleDef::Include(name)),
        (None, None, None, Some(name)) if !query_only && r.salt.is_none() => Ok(RuleDef::Exclude(name)),
        _ => Err(
            "a rule is one of query (with from, join, where or wql, evaluator), direct (with salt), include or exclude"
                .into(),
        ),
    }
}

fn query_rule(
    name: String,
    from: Option<String>,
    join: Option<Vec<String>>,
    condition: Option<String>,
    wql: Option<String>,
    evaluator: Option<String>,
) -> Result<RuleDef, String> {
    let text = match wql {
        Some(_) if from.is_some() || join.is_some() || condition.is_some() => {
            return Err(format!("rule {name} gives both wql and from, join or where"));
        }
        Some(wql) => RuleText::Verbatim(wql),
        None => RuleText::Console {
            from: from.unwrap_or_else(|| SYS.to_string()),
            joins: join.unwrap_or_default(),
            condition,
        },
    };
    Ok(RuleDef::Query(QueryRule { name, text, evaluator }))
}

/// The collections of a site of at least `total` collections: the written
/// hierarchy, then (for scale) generated ones.
pub(crate) fn definitions(total: usize) -> Result<Vec<Def>, DefinitionError> {
    let items = WRITTEN.as_ref().map_err(Clone::clone)?;
    let mut v = Vec::new();
    for item in items {
        match item {
            Item::Collection(d) => v.push(d.clone()),
            Item::Family { family, stale } => v.extend(expand(family, stale)?),
        }
    }
    generated(&mut v, total);
    Ok(v)
}

fn expand(family: &Family, stale: &[String]) -> Result<Vec<Def>, DefinitionError> {
    let mut defs = (family.write)();
    for name in stale {
        let d = defs
            .iter_mut()
            .find(|d| d.name == *name)
            .ok_or_else(|| DefinitionError::Entry {
                entry: family.name.to_string(),
                problem: format!("the family writes no collection {name}"),
            })?;
        d.stale = true;
    }
    Ok(defs)
}

/// The names of the collections written with deliberate staleness (a few
/// members missing or extra, as between two evaluations on a real site), in
/// CollectionID order: a slice of names, as `data/collections.toml` flags them.
#[derive(Debug, Clone, Copy)]
pub struct StaleCollections;

/// The stale collections' names.
pub(crate) const STALE: StaleCollections = StaleCollections;

static STALE_NAMES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let Ok(items) = &*WRITTEN else {
        return Vec::new();
    };
    items
        .iter()
        .flat_map(|item| match item {
            Item::Collection(d) if d.stale => vec![d.name.as_str()],
            Item::Collection(_) => Vec::new(),
            Item::Family { stale, .. } => stale.iter().map(String::as_str).collect(),
        })
        .collect()
});

impl std::ops::Deref for StaleCollections {
    type Target = [&'static str];
    fn deref(&self) -> &[&'static str] {
        &STALE_NAMES
    }
}

impl IntoIterator for StaleCollections {
    type Item = &'static &'static str;
    type IntoIter = std::slice::Iter<'static, &'static str>;
    fn into_iter(self) -> Self::IntoIter {
        STALE_NAMES.iter()
    }
}

// ---------------------------------------------------------------------------------------------
// Families, and the pieces they are written with.

/// A string literal as the console writes it.
fn string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A query rule over `from`, written as the console writes it.
fn query(name: &str, from: &str, joins: &[&str], condition: String) -> RuleDef {
    RuleDef::Query(QueryRule {
        name: name.to_string(),
        text: RuleText::Console {
            from: from.to_string(),
            joins: joins.iter().map(|j| j.to_string()).collect(),
            condition: Some(condition),
        },
        evaluator: None,
    })
}

/// A collection of devices with one rule.
fn devices(name: String, limit: &str, rule: RuleDef) -> Def {
    Def {
        id: None,
        name,
        comment: String::new(),
        members: Members::Devices,
        limit: Some(limit.to_string()),
        rules: vec![rule],
        stale: false,
    }
}

/// A collection of users, limited to All Users, with one rule over SMS_R_User.
fn users(name: String, rule_name: &str, condition: String) -> Def {
    Def {
        members: Members::Users,
        ..devices(name, ALL_USERS, query(rule_name, USER, &[], condition))
    }
}

/// `Client Version <version>` for each client version, current then legacy.
fn client_versions() -> Vec<Def> {
    CLIENT_VERSIONS
        .iter()
        .chain(LEGACY_CLIENT_VERSIONS.iter())
        .map(|(ver, _)| {
            let rule = query(
                "Client version",
                SYS,
                &[],
                format!("SMS_R_System.ClientVersion = {}", string(ver)),
            );
            devices(format!("Client Version {ver}"), ALL_SYSTEMS, rule)
        })
        .collect()
}

/// `<city> Workstations`: by OU, except the second office (by AD site) and
/// the third (by subnet), as sites grow their rules over the years.
fn office_workstations() -> Vec<Def> {
    SITES
        .iter()
        .enumerate()
        .map(|(k, site)| {
            let rule = match k {
                1 => query(
                    "AD site",
                    SYS,
                    &[],
                    format!("SMS_R_System.ADSiteName = {}", string(&site.ad_site)),
                ),
                2 => {
                    let subnet = format!("10.{}.%", site.net);
                    query(
                        "Subnets",
                        SYS,
                        &[],
                        format!("SMS_R_System.IPSubnets like {}", string(&subnet)),
                    )
                }
                _ => {
                    let ou = format!("CONTOSO.COM/WORKSTATIONS/{}", site.ou.to_ascii_uppercase());
                    query("OU", SYS, &[], format!("SMS_R_System.SystemOUName = {}", string(&ou)))
                }
            };
            devices(format!("{} Workstations", site.city), ALL_WS, rule)
        })
        .collect()
}

/// `<Windows version> <city>` for Windows 7, 10 and 11, by the office's OU.
fn windows_by_office() -> Vec<Def> {
    let versions = [
        ("Windows 7", "Windows 7 Workstations"),
        ("Windows 10", "Windows 10 Workstations"),
        ("Windows 11", "Windows 11 Workstations"),
    ];
    let mut v = Vec::new();
    for (os, limit) in versions {
        for site in SITES.iter() {
            let ou = format!("%/WORKSTATIONS/{}%", site.ou.to_ascii_uppercase());
            let rule = query(
                "Office OU",
                SYS,
                &[],
                format!("SMS_R_System.SystemOUName like {}", string(&ou)),
            );
            v.push(devices(format!("{os} {}", site.city), limit, rule));
        }
    }
    v
}

/// `Windows 11 <city> Laptops`, limited to `Windows 11 <city>`, by chassis.
fn windows_11_laptops_by_office() -> Vec<Def> {
    let chassis: Vec<String> = LAPTOP_CHASSIS.iter().map(|c| string(c)).collect();
    let condition = format!("{ENCLOSURE}.ChassisTypes in ({})", chassis.join(","));
    SITES
        .iter()
        .map(|site| {
            let rule = query("Laptops", SYS, &[ENCLOSURE], condition.clone());
            devices(
                format!("Windows 11 {} Laptops", site.city),
                &format!("Windows 11 {}", site.city),
                rule,
            )
        })
        .collect()
}

/// The desktop, laptop and tablet models.
fn client_models() -> impl Iterator<Item = &'static Model> {
    MODELS
        .iter()
        .filter(|m| matches!(m.form, Form::Desktop | Form::Laptop | Form::Tablet))
}

/// `Model - <model>` for each client model (Lenovo's by marketing name).
fn models() -> Vec<Def> {
    client_models()
        .map(|m| {
            let label = if m.manufacturer == "LENOVO" {
                &m.family
            } else {
                &m.model
            };
            let rule = query("Model", SYS, &[CS], format!("{CS}.Model = {}", string(&m.model)));
            devices(format!("Model - {label}"), ALL_WS, rule)
        })
        .collect()
}

/// `<department> Workstations`, by the department's computer group.
fn department_workstations() -> Vec<Def> {
    DEPTS
        .iter()
        .map(|d| {
            let group = format!("CONTOSO\\{}-Workstations", d.name);
            let rule = query(
                "Department group",
                SYS,
                &[],
                format!("SMS_R_System.SystemGroupName = {}", string(&group)),
            );
            devices(format!("{} Workstations", d.name), ALL_WS, rule)
        })
        .collect()
}

/// `All <department> Users`, by the department's user group.
fn department_users() -> Vec<Def> {
    DEPTS
        .iter()
        .map(|d| {
            let group = format!("CONTOSO\\{}", d.name);
            let condition = format!("SMS_R_User.UserGroupName = {}", string(&group));
            users(format!("All {} Users", d.name), "Department", condition)
        })
        .collect()
}

/// `<city> Users`, by the office's user OU.
fn office_users() -> Vec<Def> {
    SITES
        .iter()
        .map(|site| {
            let ou = format!("CONTOSO.COM/USERS/{}", site.ou.to_ascii_uppercase());
            let condition = format!("SMS_R_User.UserOUName = {}", string(&ou));
            users(format!("{} Users", site.city), "Office OU", condition)
        })
        .collect()
}

/// Collections a larger site accumulates, three levels under each office's
/// workstations: hardware model per office, then its clients, then the
/// software they run.
fn generated(v: &mut Vec<Def>, total: usize) {
    let models: Vec<&'static str> = client_models().map(|m| m.model.as_str()).collect();
    let software: Vec<&'static str> = crate::data::CATALOG
        .iter()
        .skip(1)
        .map(|s| {
            s.name
                .split(" - {")
                .next()
                .unwrap_or(&s.name)
                .split('{')
                .next()
                .unwrap_or(&s.name)
                .trim_end()
        })
        .filter(|n| n.len() > 3)
        .collect();
    let mut k = 0usize;
    while v.len() < total {
        let site = &SITES[k % SITES.len()];
        let model = models[(k / SITES.len()) % models.len()];
        let round = k / (SITES.len() * models.len());
        let suffix = if round == 0 {
            String::new()
        } else {
            format!(" ({})", round + 1)
        };
        let office = format!("{} Workstations", site.city);
        let by_model = format!("Model - {model} - {}{suffix}", site.city);
        let rule = query("Model", SYS, &[CS], format!("{CS}.Model = {}", string(model)));
        v.push(devices(by_model.clone(), &office, rule));
        let clients = format!("{by_model} - Clients");
        if v.len() < total {
            let rule = query("Client", SYS, &[], "SMS_R_System.Client = 1".to_string());
            v.push(devices(clients.clone(), &by_model, rule));
        }
        if v.len() < total {
            let sw = software[k % software.len()];
            let rule = query(
                "Installed",
                SYS,
                &[ARP],
                format!("{ARP}.DisplayName like {}", string(&format!("{sw}%"))),
            );
            v.push(devices(format!("{clients} - {sw}"), &clients, rule));
        }
        k += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> DefinitionError {
        match load(text) {
            Ok(_) => panic!("loads: {text}"),
            Err(e) => e,
        }
    }

    #[test]
    fn entries_that_break_the_format_are_reported_by_name() {
        let entry = |entry: &str, problem: &str| DefinitionError::Entry {
            entry: entry.into(),
            problem: problem.into(),
        };
        assert_eq!(
            problem("[[collection]]\nname = \"A\"\n"),
            entry("A", "only built-in collections have no limiting collection")
        );
        assert_eq!(
            problem("[[collection]]\nfamily = \"offices\"\n"),
            entry("offices", "no family offices")
        );
        assert_eq!(
            problem("[[collection]]\nfamily = \"models\"\nstale = true\n"),
            entry("models", "a family's stale lists names")
        );
        assert!(matches!(
            problem("[[collection]]\nname = \"A\"\nlimit = \"B\"\n[[collection.rule]]\ninclude = \"B\"\nsalt = 1\n"),
            DefinitionError::Entry { entry, .. } if entry == "A"
        ));
        assert!(matches!(
            problem("[[collection]]\nnme = \"A\"\n"),
            DefinitionError::Toml(_)
        ));
    }

    #[test]
    fn the_data_file_loads() {
        let items = WRITTEN.as_ref().expect("data/collections.toml");
        assert!(items.iter().any(|i| matches!(i, Item::Family { .. })));
    }
}
