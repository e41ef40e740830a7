//! The site's resources (devices, users, user groups) by ResourceID and by
//! name: what direct rules and `--device NAME` resolve against, and the
//! attributes a computed membership row carries (`v_FullCollectionMembership`
//! columns), read through the catalog's property mappings.

use super::table::Table;
use crate::error::{EngineError, Result};
use crate::exec::Engine;
use crate::storage::schema::view_schema;
use datafusion::arrow::array::{ArrayRef, BooleanArray, Int64Array, StringArray, new_null_array};
use datafusion::arrow::compute::cast;
use datafusion::arrow::record_batch::RecordBatch;
use std::collections::HashMap;
use std::sync::Arc;
use wqlkit_core::{Catalog, SchemaProvider};
use wqlkit_wql::BindOptions;

/// What kind of resource a ResourceID is (`ResourceType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceKind {
    /// `SMS_R_System`, ResourceType 5.
    Device,
    /// `SMS_R_User`, ResourceType 4.
    User,
    /// `SMS_R_UserGroup`, ResourceType 3.
    UserGroup,
}

impl ResourceKind {
    /// The `ResourceType` number.
    pub fn resource_type(self) -> i64 {
        match self {
            ResourceKind::Device => 5,
            ResourceKind::User => 4,
            ResourceKind::UserGroup => 3,
        }
    }

    /// The discovery class.
    pub fn class(self) -> &'static str {
        match self {
            ResourceKind::Device => "SMS_R_System",
            ResourceKind::User => "SMS_R_User",
            ResourceKind::UserGroup => "SMS_R_UserGroup",
        }
    }
}

/// One resource's identity and the attributes membership rows show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// ResourceID.
    pub id: i64,
    /// Device, user or group.
    pub kind: ResourceKind,
    /// Device `Name`, user or group unique name (`CONTOSO\alice`).
    pub name: Option<String>,
    /// A user's short name (`alice`).
    pub short_name: Option<String>,
    /// Domain or workgroup.
    pub domain: Option<String>,
    /// `Client` (devices).
    pub client: Option<i64>,
    /// `SMSUniqueIdentifier` (devices).
    pub smsid: Option<String>,
    /// `Active`, `Obsolete`, `Decommissioned` (devices).
    pub flags: [Option<i64>; 3],
    /// `ClientVersion` (devices).
    pub client_version: Option<String>,
    /// `ClientType` (devices).
    pub client_type: Option<i64>,
    /// `IsVirtualMachine` (devices).
    pub virtual_machine: Option<i64>,
}

/// Every resource of a site.
#[derive(Debug, Clone, Default)]
pub struct Resources {
    list: Vec<Resource>,
    by_id: HashMap<i64, usize>,
    by_name: HashMap<String, Vec<usize>>,
}

fn name_key(s: &str) -> String {
    crate::lower::collation::ci_key(s)
}

async fn query(engine: &Engine, catalog: &Catalog, wql: &str) -> Result<Table> {
    let compiled = wqlkit_wql::compile(wql, catalog, &BindOptions::default())
        .map_err(|d| EngineError::Invalid(format!("{wql}: {d}")))?;
    Ok(Table::new(engine.execute(&compiled.bound.plan).await?))
}

impl Resources {
    /// Reads the discovery views the engine holds (a missing one adds nothing).
    pub async fn load(engine: &Engine, catalog: &Catalog) -> Result<Resources> {
        let mut r = Resources::default();
        let has = |class: &str| catalog.class(class).is_some_and(|c| engine.has_view(&c.view));
        if has("SMS_R_System") {
            let t = query(
                engine,
                catalog,
                "select ResourceID, Name, ResourceDomainORWorkgroup, Client, SMSUniqueIdentifier, Active, \
                 Obsolete, Decommissioned, ClientVersion, ClientType, IsVirtualMachine from SMS_R_System",
            )
            .await?;
            let ids = t.ints("ResourceID")?;
            let (names, domains, clients) = (t.strs("Name")?, t.strs("ResourceDomainORWorkgroup")?, t.ints("Client")?);
            let (smsids, active, obsolete) = (t.strs("SMSUniqueIdentifier")?, t.ints("Active")?, t.ints("Obsolete")?);
            let (decom, versions, types) = (
                t.ints("Decommissioned")?,
                t.strs("ClientVersion")?,
                t.ints("ClientType")?,
            );
            let vms = t.ints("IsVirtualMachine")?;
            for (i, id) in ids.into_iter().enumerate() {
                let Some(id) = id else { continue };
                r.push(Resource {
                    id,
                    kind: ResourceKind::Device,
                    name: names[i].clone(),
                    short_name: None,
                    domain: domains[i].clone(),
                    client: clients[i],
                    smsid: smsids[i].clone(),
                    flags: [active[i], obsolete[i], decom[i]],
                    client_version: versions[i].clone(),
                    client_type: types[i],
                    virtual_machine: vms[i],
                });
            }
        }
        for (kind, wql, name, short) in [
            (
                ResourceKind::User,
                "select ResourceID, UniqueUserName, UserName, WindowsNTDomain from SMS_R_User",
                "UniqueUserName",
                Some("UserName"),
            ),
            (
                ResourceKind::UserGroup,
                "select ResourceID, UniqueUsergroupName, WindowsNTDomain from SMS_R_UserGroup",
                "UniqueUsergroupName",
                None,
            ),
        ] {
            if !has(kind.class()) {
                continue;
            }
            let t = query(engine, catalog, wql).await?;
            let (ids, names, domains) = (t.ints("ResourceID")?, t.strs(name)?, t.strs("WindowsNTDomain")?);
            let shorts = match short {
                Some(s) => t.strs(s)?,
                None => vec![None; ids.len()],
            };
            for (i, id) in ids.into_iter().enumerate() {
                let Some(id) = id else { continue };
                r.push(Resource {
                    id,
                    kind,
                    name: names[i].clone(),
                    short_name: shorts[i].clone(),
                    domain: domains[i].clone(),
                    client: None,
                    smsid: None,
                    flags: [None; 3],
                    client_version: None,
                    client_type: None,
                    virtual_machine: None,
                });
            }
        }
        Ok(r)
    }

    fn push(&mut self, res: Resource) {
        let i = self.list.len();
        self.by_id.entry(res.id).or_insert(i);
        for n in [&res.name, &res.short_name].into_iter().flatten() {
            self.by_name.entry(name_key(n)).or_default().push(i);
        }
        self.list.push(res);
    }

    /// Every resource, in the order they were read.
    pub fn all(&self) -> &[Resource] {
        &self.list
    }

    /// The resource with this ResourceID.
    pub fn get(&self, id: i64) -> Option<&Resource> {
        self.by_id.get(&id).map(|&i| &self.list[i])
    }

    /// The resources with this name (case-insensitive, trailing blanks
    /// ignored): device names, user and group unique names, user names.
    pub fn named(&self, name: &str) -> Vec<&Resource> {
        self.by_name
            .get(&name_key(name))
            .map(|v| v.iter().map(|&i| &self.list[i]).collect())
            .unwrap_or_default()
    }

    /// "no resource is called X", with the closest names.
    pub fn unknown(&self, name: &str) -> String {
        super::did_you_mean(
            format!("no resource is called {name}"),
            name,
            self.list.iter().filter_map(|r| r.name.clone()),
        )
    }

    /// A person's label for a ResourceID: its name, or the number.
    pub fn label(&self, id: i64) -> String {
        self.get(id)
            .and_then(|r| r.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// `v_FullCollectionMembership` rows for `members` of each collection, with
    /// the attributes the resources carry (columns the resources do not know
    /// are NULL).
    pub fn membership_batch<'a>(
        &self,
        catalog: &Catalog,
        view: &str,
        members: impl IntoIterator<Item = (&'a str, Vec<(i64, bool)>)>,
    ) -> Result<RecordBatch> {
        let view = catalog
            .view(view)
            .ok_or_else(|| EngineError::MissingView(view.into()))?;
        let schema = view_schema(view);
        let mut rows: Vec<(&str, i64, bool)> = Vec::new();
        for (coll, ids) in members {
            rows.extend(ids.into_iter().map(|(id, direct)| (coll, id, direct)));
        }
        let res = |id: i64| self.get(id);
        let text = |f: &dyn Fn(&Resource) -> Option<String>| -> ArrayRef {
            Arc::new(rows.iter().map(|r| res(r.1).and_then(f)).collect::<StringArray>())
        };
        let int = |f: &dyn Fn(&Resource) -> Option<i64>| -> ArrayRef {
            Arc::new(rows.iter().map(|r| res(r.1).and_then(f)).collect::<Int64Array>())
        };
        let mut columns = Vec::new();
        for field in schema.fields() {
            let array: ArrayRef = match field.name().to_ascii_lowercase().as_str() {
                "collectionid" => Arc::new(rows.iter().map(|r| Some(r.0)).collect::<StringArray>()),
                "resourceid" => Arc::new(rows.iter().map(|r| Some(r.1)).collect::<Int64Array>()),
                "resourcetype" => int(&|r| Some(r.kind.resource_type())),
                "name" => text(&|r| r.name.clone()),
                "domain" => text(&|r| r.domain.clone()),
                "smsid" => text(&|r| r.smsid.clone()),
                "clientversion" => text(&|r| r.client_version.clone()),
                "isclient" => int(&|r| r.client),
                "isactive" => int(&|r| r.flags[0]),
                "isobsolete" => int(&|r| r.flags[1]),
                "isdecommissioned" => int(&|r| r.flags[2]),
                "clienttype" => int(&|r| r.client_type),
                "isvirtualmachine" => int(&|r| r.virtual_machine),
                "isdirect" => Arc::new(rows.iter().map(|r| Some(r.2)).collect::<BooleanArray>()),
                _ => new_null_array(field.data_type(), rows.len()),
            };
            columns.push(if array.data_type() == field.data_type() {
                array
            } else {
                cast(&array, field.data_type())?
            });
        }
        Ok(RecordBatch::try_new(schema, columns)?)
    }
}
