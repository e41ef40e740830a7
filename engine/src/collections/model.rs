//! What a collection is: its ID, name, member type, limiting collection and
//! rules, read from the views the site database keeps them in
//! (`v_Collection`, `v_CollectionRuleQuery`, `v_CollectionRuleDirect`,
//! `vSMS_CollectionDependencies`) or written in a definitions file.

use super::table::Table;
use crate::error::{EngineError, Result};
use crate::exec::Engine;
use std::collections::HashMap;

/// What a collection holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MemberKind {
    /// Devices (`SMS_R_System`); `v_Collection.CollectionType` 2.
    Device,
    /// Users and user groups (`SMS_R_User`, `SMS_R_UserGroup`); `CollectionType` 1.
    User,
}

impl MemberKind {
    /// From `v_Collection.CollectionType` (1 user, 2 device; anything else is
    /// taken as device, the console's default).
    pub fn from_collection_type(t: i64) -> MemberKind {
        if t == 1 { MemberKind::User } else { MemberKind::Device }
    }
}

/// A direct rule's resource: by ResourceID, or by name (resolved when evaluated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectMember {
    /// A ResourceID.
    Id(i64),
    /// A device name (`Name`) or a user's or group's unique name, case-insensitive.
    Name(String),
}

/// One membership rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// A WQL query rule.
    Query {
        /// The rule's name.
        name: String,
        /// Its WQL.
        wql: String,
    },
    /// A direct membership rule.
    Direct(DirectMember),
    /// Include the members of another collection.
    Include(String),
    /// Exclude the members of another collection.
    Exclude(String),
}

/// A collection definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    /// `SMS00001`, `CON00012`, …
    pub id: String,
    /// Its display name.
    pub name: String,
    /// What it holds.
    pub kind: MemberKind,
    /// The limiting collection (none only for the built-in roots).
    pub limit: Option<String>,
    /// Its rules, in order.
    pub rules: Vec<Rule>,
}

/// The collections of a site, in a stable order, found by case-insensitive ID.
#[derive(Debug, Clone, Default)]
pub struct Site {
    collections: Vec<Collection>,
    index: HashMap<String, usize>,
}

/// The built-in collections every site has.
pub fn builtins() -> Vec<Collection> {
    let query = |name: &str, class: &str| Rule::Query {
        name: name.to_string(),
        wql: format!("select * from {class}"),
    };
    let root = |id: &str, name: &str, kind, rules| Collection {
        id: id.to_string(),
        name: name.to_string(),
        kind,
        limit: None,
        rules,
    };
    vec![
        root(
            "SMS00001",
            "All Systems",
            MemberKind::Device,
            vec![query("All Systems", "SMS_R_System")],
        ),
        root(
            "SMS00002",
            "All Users",
            MemberKind::User,
            vec![query("All Users", "SMS_R_User")],
        ),
        root(
            "SMS00003",
            "All User Groups",
            MemberKind::User,
            vec![query("All User Groups", "SMS_R_UserGroup")],
        ),
        root(
            "SMS00004",
            "All Users and User Groups",
            MemberKind::User,
            vec![
                query("All Users", "SMS_R_User"),
                query("All User Groups", "SMS_R_UserGroup"),
            ],
        ),
    ]
}

impl Site {
    /// A site holding `collections` (a later duplicate ID replaces an earlier one).
    pub fn new(collections: impl IntoIterator<Item = Collection>) -> Site {
        let mut site = Site::default();
        for c in collections {
            site.upsert(c);
        }
        site
    }

    /// The built-in collections only.
    pub fn with_builtins() -> Site {
        Site::new(builtins())
    }

    /// Adds `c`, or replaces the collection with its ID.
    pub fn upsert(&mut self, c: Collection) {
        let key = c.id.trim_end().to_ascii_uppercase();
        match self.index.get(&key) {
            Some(&i) => self.collections[i] = c,
            None => {
                self.index.insert(key, self.collections.len());
                self.collections.push(c);
            }
        }
    }

    /// The collection with this ID (case-insensitive).
    pub fn get(&self, id: &str) -> Option<&Collection> {
        self.index(id).map(|i| &self.collections[i])
    }

    /// Every collection, in the order they were added.
    pub fn collections(&self) -> &[Collection] {
        &self.collections
    }

    /// The position of the collection with this ID (case-insensitive,
    /// trailing blanks ignored) in [`Site::collections`].
    pub fn index(&self, id: &str) -> Option<usize> {
        self.index.get(&id.trim_end().to_ascii_uppercase()).copied()
    }

    /// "there is no collection X", with the closest known IDs.
    pub fn unknown(&self, id: &str) -> String {
        super::did_you_mean(
            format!("there is no collection {id}"),
            id,
            self.collections.iter().map(|c| c.id.clone()),
        )
    }

    /// The collections a snapshot records, with the built-ins it lacks.
    pub async fn from_engine(engine: &Engine) -> Result<Site> {
        if !engine.has_view("v_Collection") {
            return Err(EngineError::MissingView("v_Collection".into()));
        }
        let t = Table::new(engine.scan("v_Collection").await?);
        let (ids, names) = (t.strs("CollectionID")?, t.strs("Name")?);
        let (types, limits) = (t.ints("CollectionType")?, t.strs("LimitToCollectionID")?);
        // Built-ins the snapshot records replace the defaults, rules and all.
        let mut site = Site::with_builtins();
        for (((id, name), kind), limit) in ids.into_iter().zip(names).zip(types).zip(limits) {
            let Some(id) = id else { continue };
            site.upsert(Collection {
                id,
                name: name.unwrap_or_default(),
                kind: MemberKind::from_collection_type(kind.unwrap_or(2)),
                limit: limit.filter(|l| !l.trim().is_empty()),
                rules: Vec::new(),
            });
        }
        if engine.has_view("v_CollectionRuleQuery") {
            let t = Table::new(engine.scan("v_CollectionRuleQuery").await?);
            let mut rows: Vec<_> = t
                .strs("CollectionID")?
                .into_iter()
                .zip(t.ints("QueryID")?)
                .zip(t.strs("RuleName")?)
                .zip(t.strs("QueryExpression")?)
                .filter_map(|(((id, qid), name), wql)| Some((id?, qid.unwrap_or(0), name, wql?)))
                .collect();
            rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
            for (id, _, name, wql) in rows {
                site.push_rule(
                    &id,
                    Rule::Query {
                        name: name.unwrap_or_default(),
                        wql,
                    },
                );
            }
        }
        if engine.has_view("v_CollectionRuleDirect") {
            let t = Table::new(engine.scan("v_CollectionRuleDirect").await?);
            for (id, rid) in t.strs("CollectionID")?.into_iter().zip(t.ints("ResourceID")?) {
                if let (Some(id), Some(rid)) = (id, rid) {
                    site.push_rule(&id, Rule::Direct(DirectMember::Id(rid)));
                }
            }
        }
        if engine.has_view("vSMS_CollectionDependencies") {
            let t = Table::new(engine.scan("vSMS_CollectionDependencies").await?);
            let rows = t
                .strs("DependentCollectionID")?
                .into_iter()
                .zip(t.strs("SourceCollectionID")?)
                .zip(t.ints("RelationshipType")?);
            for ((dep, src), kind) in rows {
                let (Some(dep), Some(src)) = (dep, src) else { continue };
                match kind {
                    Some(2) => site.push_rule(&dep, Rule::Include(src)),
                    Some(3) => site.push_rule(&dep, Rule::Exclude(src)),
                    _ => {}
                }
            }
        }
        Ok(site)
    }

    fn push_rule(&mut self, id: &str, rule: Rule) {
        if let Some(i) = self.index(id) {
            self.collections[i].rules.push(rule);
        }
    }
}

/// The view `SMS_FullCollectionMembership` (and `SMS_CM_RES_COLL_<id>`) reads.
pub fn membership_view(catalog: &wqlkit_core::Catalog) -> String {
    catalog
        .class("SMS_FullCollectionMembership")
        .map_or_else(|| "v_FullCollectionMembership".to_string(), |c| c.view.clone())
}
