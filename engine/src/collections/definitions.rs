//! The TOML shape of collections, shared by definitions files
//! (`collections diff --definitions`) and rule test files (`wqlkit test`):
//!
//! ```toml
//! [[collection]]
//! id = "CON00001"
//! name = "Windows 10 workstations"
//! type = "device"          # or "user"; device by default
//! limit = "SMS00001"
//! query = ["select * from SMS_R_System where ..."]   # or [{ name = "...", wql = "..." }]
//! include = ["CON00002"]
//! exclude = []
//! direct = ["PC-009", 16777300]                       # by name or ResourceID
//! ```

use super::model::{Collection, DirectMember, MemberKind, Rule};
use serde::Deserialize;

/// A query rule as written: bare WQL, or a table with a name.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum QueryDef {
    /// Just the WQL.
    Wql(String),
    /// A named rule.
    Named {
        /// The rule's name.
        name: Option<String>,
        /// Its WQL.
        wql: String,
    },
}

/// A direct member as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum DirectDef {
    /// A ResourceID.
    Id(i64),
    /// A name.
    Name(String),
}

/// A collection as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectionDef {
    /// Its ID.
    pub id: String,
    /// Its name (the ID when absent).
    pub name: Option<String>,
    /// "device" (the default) or "user".
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The limiting collection (All Systems or All Users and User Groups by default).
    pub limit: Option<String>,
    /// Query rules.
    #[serde(default)]
    pub query: Vec<QueryDef>,
    /// Included collections.
    #[serde(default)]
    pub include: Vec<String>,
    /// Excluded collections.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Direct members.
    #[serde(default)]
    pub direct: Vec<DirectDef>,
}

/// A definitions file: collections only.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefinitionsFile {
    /// The collections.
    #[serde(default)]
    pub collection: Vec<CollectionDef>,
}

impl CollectionDef {
    /// The collection it defines, or what is wrong with it.
    pub fn to_collection(&self) -> Result<Collection, String> {
        let kind = match self.kind.as_deref().map(str::to_ascii_lowercase).as_deref() {
            None | Some("device") => MemberKind::Device,
            Some("user") => MemberKind::User,
            Some(other) => {
                return Err(format!(
                    "collection {}: type \"{other}\" is neither \"device\" nor \"user\"",
                    self.id
                ));
            }
        };
        if self.id.trim().is_empty() {
            return Err("a collection needs an id".into());
        }
        let default_limit = match kind {
            MemberKind::Device => "SMS00001",
            MemberKind::User => "SMS00004",
        };
        let is_root = super::model::builtins()
            .iter()
            .any(|b| b.id.eq_ignore_ascii_case(&self.id));
        let limit = match &self.limit {
            Some(l) if !l.trim().is_empty() => Some(l.trim().to_string()),
            _ if is_root => None,
            _ => Some(default_limit.to_string()),
        };
        let mut rules = Vec::new();
        for (n, q) in self.query.iter().enumerate() {
            let (name, wql) = match q {
                QueryDef::Wql(w) => (None, w.clone()),
                QueryDef::Named { name, wql } => (name.clone(), wql.clone()),
            };
            rules.push(Rule::Query {
                name: name.unwrap_or_else(|| format!("rule {}", n + 1)),
                wql,
            });
        }
        rules.extend(self.direct.iter().map(|d| {
            Rule::Direct(match d {
                DirectDef::Id(i) => DirectMember::Id(*i),
                DirectDef::Name(n) => DirectMember::Name(n.clone()),
            })
        }));
        rules.extend(self.include.iter().map(|i| Rule::Include(i.clone())));
        rules.extend(self.exclude.iter().map(|i| Rule::Exclude(i.clone())));
        Ok(Collection {
            id: self.id.trim().to_string(),
            name: self.name.clone().unwrap_or_else(|| self.id.clone()),
            kind,
            limit,
            rules,
        })
    }
}

/// Reads a definitions file's collections.
pub fn parse_definitions(text: &str) -> Result<Vec<Collection>, String> {
    let file: DefinitionsFile = toml::from_str(text).map_err(|e| e.to_string())?;
    file.collection.iter().map(CollectionDef::to_collection).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_kind_is_read_and_defaults_apply() {
        let c = parse_definitions(
            r#"
            [[collection]]
            id = "CON00001"
            query = ["select * from SMS_R_System", { name = "Laptops", wql = "select * from SMS_R_System" }]
            include = ["CON00002"]
            exclude = ["CON00003"]
            direct = ["PC-009", 16777300]

            [[collection]]
            id = "CON00002"
            name = "Finance users"
            type = "User"
            "#,
        )
        .expect("valid");
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].limit.as_deref(), Some("SMS00001"));
        assert_eq!(c[0].name, "CON00001");
        assert_eq!(
            c[0].rules[1],
            Rule::Query {
                name: "Laptops".into(),
                wql: "select * from SMS_R_System".into()
            }
        );
        assert_eq!(c[0].rules[2], Rule::Direct(DirectMember::Name("PC-009".into())));
        assert_eq!(c[0].rules[3], Rule::Direct(DirectMember::Id(16777300)));
        assert_eq!(c[0].rules[4], Rule::Include("CON00002".into()));
        assert_eq!(c[0].rules[5], Rule::Exclude("CON00003".into()));
        assert_eq!((c[1].kind, c[1].limit.as_deref()), (MemberKind::User, Some("SMS00004")));
    }

    #[test]
    fn mistakes_are_reported() {
        let e = parse_definitions("[[collection]]\nid = \"X\"\ntype = \"printer\"\n").expect_err("bad type");
        assert!(e.contains("printer"), "{e}");
        let e = parse_definitions("[[collection]]\nid = \"X\"\nlimt = \"SMS00001\"\n").expect_err("typo");
        assert!(e.contains("limt"), "{e}");
    }
}
