//! The schema catalog: SMS classes, the site database views behind them, and
//! how each property maps to a column. Data, not code: the default is
//! `catalog/default.toml`, embedded; users merge their own files over it.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::span::Span;
use crate::types::{SqlType, WmiType};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

pub mod site;

/// The default catalog as people edit it: every `*.toml` file of this
/// directory, merged in name order (as the build script merges them).
#[cfg(test)]
const DEFAULT_CATALOG_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/catalog");
/// The same, converted to JSON by the build script: what `builtin` parses.
const DEFAULT_CATALOG_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/default_catalog.json"));

/// What sort of data a class holds; drives lints and the demo fleet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClassKind {
    /// Discovery data (`SMS_R_*`), one row per resource.
    Discovery,
    /// Hardware inventory (`SMS_G_System_*`), zero or more rows per resource.
    Inventory,
    /// Hardware inventory history (`SMS_GH_System_*`).
    InventoryHistory,
    /// Software inventory (`SMS_G_System_SoftwareFile`, …).
    SoftwareInventory,
    /// Software update metadata.
    Update,
    /// Per-resource software update state.
    UpdateState,
    /// Collections and their rules.
    Collection,
    /// Collection membership.
    Membership,
    /// Deployments and assignments.
    Deployment,
    /// Per-resource deployment state and summaries.
    DeploymentState,
    /// Client health and status.
    ClientHealth,
    /// Configuration items and their relations.
    ConfigurationItem,
    /// Relations between users and devices.
    Relationship,
    /// Lookup tables (state names).
    Lookup,
    /// Anything else.
    Other,
}

/// One column of a view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnDef {
    /// The column name as the view spells it.
    pub name: String,
    /// Its SQL Server type.
    #[serde(rename = "type")]
    pub sql_type: SqlType,
}

/// A view of the site database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewDef {
    /// The view name (`v_R_System`).
    pub name: String,
    /// The columns that identify a row.
    #[serde(default)]
    pub key: Vec<String>,
    /// How sure the column list and types are, and from what.
    #[serde(default)]
    pub confidence: Option<String>,
    /// The columns, in the view's order.
    pub columns: Vec<ColumnDef>,
}

impl ViewDef {
    /// The column named `name` (case-insensitive).
    pub fn column(&self, name: &str) -> Option<&ColumnDef> {
        self.columns.iter().find(|c| c.name.eq_ignore_ascii_case(name))
    }
}

/// One property of a class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PropertyDef {
    /// The WMI property name as the class declares it.
    pub name: String,
    /// The WMI type (of one element, for arrays).
    #[serde(rename = "type")]
    pub wmi_type: WmiType,
    /// The column in the class's view, or in `array_view` for array properties.
    pub column: String,
    /// For array properties: the `v_RA_*` view holding one row per element.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub array_view: Option<String>,
    /// Where the mapping is uncertain, why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl PropertyDef {
    /// Whether the property holds an array.
    pub fn is_array(&self) -> bool {
        self.array_view.is_some()
    }

    /// Whether the property was found in a site's view by the naming rule,
    /// not declared by a catalog or the site's maps.
    pub fn inferred(&self) -> bool {
        self.note.as_deref().is_some_and(|n| n.starts_with(site::INFERRED))
    }
}

/// An SMS class the provider exposes and the view it reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassDef {
    /// The class name (`SMS_R_System`).
    pub name: String,
    /// The view behind it.
    pub view: String,
    /// What it holds.
    pub kind: ClassKind,
    /// The column that holds the ResourceID the rows belong to, for classes
    /// scoped to a device or user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_column: Option<String>,
    /// Whether collection rules over it can be evaluated incrementally.
    #[serde(default = "yes")]
    pub incremental: bool,
    /// How sure the mapping is, and from what.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
    /// The properties.
    pub properties: Vec<PropertyDef>,
    /// A fixed filter (`column = value`) for class families such as
    /// `SMS_CM_RES_COLL_<CollectionID>`; never set in catalog files.
    #[serde(skip)]
    pub filter: Option<(String, String)>,
}

fn yes() -> bool {
    true
}

impl ClassDef {
    /// The property named `name` (case-insensitive).
    pub fn property(&self, name: &str) -> Option<&PropertyDef> {
        self.properties.iter().find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// Whether the class holds at most one row per resource.
    pub fn one_per_resource(&self) -> bool {
        matches!(self.kind, ClassKind::Discovery)
    }
}

/// A family of classes named `<prefix><id>` that all read one view filtered by `id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassFamily {
    /// The name prefix (`SMS_CM_RES_COLL_`).
    pub prefix: String,
    /// The column the suffix filters (`CollectionID`).
    pub filter_column: String,
    /// The class every member is shaped like, minus the filter.
    #[serde(flatten)]
    pub class: ClassDef,
}

/// A class that exists only in a client's WMI, never in the site database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientClass {
    /// The class name (`CCM_UpdateStatus`).
    pub name: String,
    /// The client WMI namespace it lives in.
    pub namespace: String,
    /// Which site-side class holds the same facts, if any.
    #[serde(default)]
    pub instead: Option<String>,
}

/// The catalog file format.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    /// Format version; 1.
    #[serde(default = "format_one")]
    pub format: u32,
    /// Views.
    #[serde(default, rename = "view")]
    pub views: Vec<ViewDef>,
    /// Classes.
    #[serde(default, rename = "class")]
    pub classes: Vec<ClassDef>,
    /// Class families.
    #[serde(default, rename = "class_family")]
    pub families: Vec<ClassFamily>,
    /// Client-side classes.
    #[serde(default, rename = "client_class")]
    pub client_classes: Vec<ClientClass>,
}

fn format_one() -> u32 {
    1
}

/// What a class name resolves to.
#[derive(Debug, Clone, PartialEq)]
pub enum ClassLookup<'a> {
    /// A class of the site database.
    Found(std::borrow::Cow<'a, ClassDef>),
    /// A class that lives on clients only.
    ClientSide(&'a ClientClass),
    /// Nothing by that name.
    Unknown,
}

/// How the binder sees the catalog: by name only, so tests can swap in their own.
pub trait SchemaProvider {
    /// The class called `name` (case-insensitive).
    fn lookup_class(&self, name: &str) -> ClassLookup<'_>;
    /// The view called `name` (case-insensitive).
    fn view(&self, name: &str) -> Option<&ViewDef>;
    /// Up to three known class names closest to `name`, best first.
    fn similar_classes(&self, name: &str) -> Vec<String>;
}

/// Where a view, column, class or property of a catalog came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Origin {
    /// wqlkit's built-in catalog.
    #[default]
    Default,
    /// The site's own maps (a snapshot's stored catalog, or read live).
    Site,
    /// A `--catalog` file.
    File(String),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::Site => f.write_str("site"),
            Origin::File(path) => write!(f, "file {path}"),
        }
    }
}

/// The loaded, validated, indexed catalog.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    views: Vec<ViewDef>,
    classes: Vec<ClassDef>,
    families: Vec<ClassFamily>,
    client_classes: Vec<ClientClass>,
    view_index: HashMap<String, usize>,
    class_index: HashMap<String, usize>,
    /// Origins other than [`Origin::Default`], by [`origin_key`].
    origins: HashMap<String, Origin>,
}

/// The key of a view (`v`) or class (`c`), or of one of its members, in `Catalog::origins`.
fn origin_key(kind: char, name: &str, member: Option<&str>) -> String {
    match member {
        Some(m) => format!("{kind}:{}.{}", name.to_ascii_lowercase(), m.to_ascii_lowercase()),
        None => format!("{kind}:{}", name.to_ascii_lowercase()),
    }
}

impl Catalog {
    /// The embedded default catalog (parsed once per process).
    pub fn builtin() -> &'static Catalog {
        static BUILTIN: OnceLock<Catalog> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // The default is validated by this crate's tests (`builtin_catalog_is_valid`
            // loads its TOML files through `add`), so it is not validated again on
            // every start; failing to parse it is a build defect.
            let file: CatalogFile = serde_json::from_str(DEFAULT_CATALOG_JSON)
                .unwrap_or_else(|e| unreachable!("the embedded catalog is invalid: {e}"));
            let mut c = Catalog::default();
            c.insert(file, &Origin::Default);
            c
        })
    }

    /// Parses and validates a catalog file's text.
    pub fn from_toml(text: &str) -> Result<Catalog, Diagnostics> {
        let file: CatalogFile = toml::from_str(text).map_err(|e| {
            let span = e.span().map(Span::from).unwrap_or_default();
            Diagnostic::error(Code::CatalogInvalid, span, format!("invalid catalog: {}", e.message()))
        })?;
        let mut c = Catalog::default();
        c.add(file)?;
        Ok(c)
    }

    /// Parses and validates a catalog in JSON (the TOML shape, as JSON).
    pub fn from_json(text: &str) -> Result<Catalog, Diagnostics> {
        let file: CatalogFile = serde_json::from_str(text)
            .map_err(|e| Diagnostic::error(Code::CatalogInvalid, Span::default(), format!("invalid catalog: {e}")))?;
        let mut c = Catalog::default();
        c.add(file)?;
        Ok(c)
    }

    /// Merges `file` over this catalog. Redefining a class or view is an error.
    pub fn add(&mut self, file: CatalogFile) -> Result<(), Diagnostics> {
        self.add_from(file, Origin::Default)
    }

    /// [`Catalog::add`], recording that what `file` defines came from `origin`.
    pub fn add_from(&mut self, file: CatalogFile, origin: Origin) -> Result<(), Diagnostics> {
        let mut errors = Vec::new();
        let conflict = |what: &str, name: &str| {
            Diagnostic::error(
                Code::CatalogConflict,
                Span::default(),
                format!("{what} '{name}' is already defined"),
            )
            .with_help(format!("rename the {what} or remove it from one of the catalog files"))
        };
        let mut new_views = HashMap::new();
        for v in &file.views {
            let k = v.name.to_ascii_lowercase();
            if self.view_index.contains_key(&k) || new_views.insert(k, ()).is_some() {
                errors.push(conflict("view", &v.name));
            }
        }
        let mut new_classes = HashMap::new();
        for cl in &file.classes {
            let k = cl.name.to_ascii_lowercase();
            if self.class_index.contains_key(&k) || new_classes.insert(k, ()).is_some() {
                errors.push(conflict("class", &cl.name));
            }
        }
        if !errors.is_empty() {
            return Err(Diagnostics(errors));
        }
        self.insert(file, &origin);
        let problems = self.validate();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Diagnostics(problems))
        }
    }

    /// Adds what `file` defines, from `origin`, without checking it.
    fn insert(&mut self, file: CatalogFile, origin: &Origin) {
        if *origin != Origin::Default {
            for v in &file.views {
                self.origins.insert(origin_key('v', &v.name, None), origin.clone());
            }
            for cl in &file.classes {
                self.origins.insert(origin_key('c', &cl.name, None), origin.clone());
            }
        }
        for v in file.views {
            self.view_index.insert(v.name.to_ascii_lowercase(), self.views.len());
            self.views.push(v);
        }
        for cl in file.classes {
            self.class_index
                .insert(cl.name.to_ascii_lowercase(), self.classes.len());
            self.classes.push(cl);
        }
        self.families.extend(file.families);
        self.client_classes.extend(file.client_classes);
    }

    /// The builtin catalog with the files at `paths` merged over it.
    pub fn with_files(paths: &[std::path::PathBuf]) -> Result<Catalog, Diagnostics> {
        let mut c = Catalog::builtin().clone();
        for p in paths {
            let text = std::fs::read_to_string(p).map_err(|e| {
                Diagnostic::error(
                    Code::CatalogInvalid,
                    Span::default(),
                    format!("cannot read catalog {}: {e}", p.display()),
                )
            })?;
            let file: CatalogFile = toml::from_str(&text).map_err(|e| {
                Diagnostic::error(
                    Code::CatalogInvalid,
                    Span::default(),
                    format!("invalid catalog {}: {}", p.display(), e.message()),
                )
            })?;
            c.add_from(file, Origin::File(p.display().to_string()))?;
        }
        Ok(c)
    }

    /// This catalog with a site's own (see [`site::build`]) merged over it:
    /// each view and class of `site` replaces the one of the same name, or is
    /// added. Columns and properties the replaced definition lacked, and
    /// views and classes new to this catalog, are recorded as the site's.
    pub fn with_site(&self, site: &CatalogFile) -> Result<Catalog, Diagnostics> {
        let mut c = self.clone();
        for v in &site.views {
            let key = v.name.to_ascii_lowercase();
            match c.view_index.get(&key).copied() {
                Some(i) => {
                    for col in &v.columns {
                        if c.views[i].column(&col.name).is_none() {
                            c.origins
                                .insert(origin_key('v', &v.name, Some(&col.name)), Origin::Site);
                        }
                    }
                    c.views[i] = v.clone();
                }
                None => {
                    c.origins.insert(origin_key('v', &v.name, None), Origin::Site);
                    c.view_index.insert(key, c.views.len());
                    c.views.push(v.clone());
                }
            }
        }
        for cl in &site.classes {
            let key = cl.name.to_ascii_lowercase();
            match c.class_index.get(&key).copied() {
                Some(i) => {
                    for p in &cl.properties {
                        if c.classes[i].property(&p.name).is_none() {
                            c.origins.insert(origin_key('c', &cl.name, Some(&p.name)), Origin::Site);
                        }
                    }
                    c.classes[i] = cl.clone();
                }
                None => {
                    c.origins.insert(origin_key('c', &cl.name, None), Origin::Site);
                    c.class_index.insert(key, c.classes.len());
                    c.classes.push(cl.clone());
                }
            }
        }
        let problems = c.validate();
        if problems.is_empty() {
            Ok(c)
        } else {
            Err(Diagnostics(problems))
        }
    }

    /// Where view `view` came from.
    pub fn view_origin(&self, view: &str) -> &Origin {
        self.origins
            .get(&origin_key('v', view, None))
            .unwrap_or(&Origin::Default)
    }

    /// Where column `column` of `view` came from: its view's origin unless
    /// it was added to the view later.
    pub fn column_origin(&self, view: &str, column: &str) -> &Origin {
        self.origins
            .get(&origin_key('v', view, Some(column)))
            .unwrap_or_else(|| self.view_origin(view))
    }

    /// Where class `class` came from.
    pub fn class_origin(&self, class: &str) -> &Origin {
        self.origins
            .get(&origin_key('c', class, None))
            .unwrap_or(&Origin::Default)
    }

    /// Where property `property` of `class` came from.
    pub fn property_origin(&self, class: &str, property: &str) -> &Origin {
        self.origins
            .get(&origin_key('c', class, Some(property)))
            .unwrap_or_else(|| self.class_origin(class))
    }

    /// Every reference from a class to a view or column resolves.
    fn validate(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let err = |m: String| Diagnostic::error(Code::CatalogInvalid, Span::default(), m);
        let classes = self.classes.iter().chain(self.families.iter().map(|f| &f.class));
        for cl in classes {
            let Some(view) = self.view(&cl.view) else {
                out.push(err(format!(
                    "class {} reads view {}, which is not defined",
                    cl.name, cl.view
                )));
                continue;
            };
            if let Some(rc) = &cl.resource_column
                && view.column(rc).is_none()
            {
                out.push(err(format!(
                    "class {}: resource column {rc} is not in {}",
                    cl.name, view.name
                )));
            }
            let mut seen = HashMap::new();
            for p in &cl.properties {
                if seen.insert(p.name.to_ascii_lowercase(), ()).is_some() {
                    out.push(err(format!("class {}: property {} is listed twice", cl.name, p.name)));
                }
                let target = match &p.array_view {
                    Some(av) => match self.view(av) {
                        Some(v) => v,
                        None => {
                            out.push(err(format!("{}.{}: array view {av} is not defined", cl.name, p.name)));
                            continue;
                        }
                    },
                    None => view,
                };
                if target.column(&p.column).is_none() {
                    out.push(err(format!(
                        "{}.{}: column {} is not in {}",
                        cl.name, p.name, p.column, target.name
                    )));
                }
                if p.array_view.is_some() && (target.key.is_empty() || cl.resource_column.is_none()) {
                    out.push(err(format!(
                        "{}.{}: an array view needs a key and the class a resource column",
                        cl.name, p.name
                    )));
                }
            }
        }
        for f in &self.families {
            if self
                .view(&f.class.view)
                .is_some_and(|v| v.column(&f.filter_column).is_none())
            {
                out.push(err(format!(
                    "class family {}: filter column {} is not in {}",
                    f.prefix, f.filter_column, f.class.view
                )));
            }
        }
        out
    }

    /// All classes (families not expanded).
    pub fn classes(&self) -> &[ClassDef] {
        &self.classes
    }

    /// All views.
    pub fn views(&self) -> &[ViewDef] {
        &self.views
    }

    /// All class families.
    pub fn families(&self) -> &[ClassFamily] {
        &self.families
    }

    /// All client-side classes.
    pub fn client_classes(&self) -> &[ClientClass] {
        &self.client_classes
    }

    /// The class called `name`, if it is a plain (non-family) class.
    pub fn class(&self, name: &str) -> Option<&ClassDef> {
        self.class_index
            .get(&name.to_ascii_lowercase())
            .map(|&i| &self.classes[i])
    }
}

impl SchemaProvider for Catalog {
    fn lookup_class(&self, name: &str) -> ClassLookup<'_> {
        if let Some(c) = self.class(name) {
            return ClassLookup::Found(std::borrow::Cow::Borrowed(c));
        }
        for f in &self.families {
            let p = f.prefix.len();
            if name.len() > p
                && name.is_char_boundary(p)
                && name[..p].eq_ignore_ascii_case(&f.prefix)
                && name[p..].chars().all(|c| c.is_ascii_alphanumeric())
            {
                let id = name[p..].to_ascii_uppercase();
                let mut class = f.class.clone();
                class.name = format!("{}{}", f.prefix, id);
                class.filter = Some((f.filter_column.clone(), id));
                return ClassLookup::Found(std::borrow::Cow::Owned(class));
            }
        }
        match self.client_classes.iter().find(|c| c.name.eq_ignore_ascii_case(name)) {
            Some(c) => ClassLookup::ClientSide(c),
            None => ClassLookup::Unknown,
        }
    }

    fn view(&self, name: &str) -> Option<&ViewDef> {
        self.view_index.get(&name.to_ascii_lowercase()).map(|&i| &self.views[i])
    }

    fn similar_classes(&self, name: &str) -> Vec<String> {
        let names = self
            .classes
            .iter()
            .map(|c| c.name.clone())
            .chain(self.families.iter().map(|f| format!("{}<CollectionID>", f.prefix)));
        closest(name, names)
    }
}

/// Up to three of `candidates` closest to `name` (case-insensitive), best first,
/// leaving out those too far to be a plausible typo.
pub fn closest(name: &str, candidates: impl IntoIterator<Item = String>) -> Vec<String> {
    let lower = name.to_ascii_lowercase();
    let mut scored: Vec<(f64, String)> = candidates
        .into_iter()
        .map(|c| {
            let cl = c.to_ascii_lowercase();
            let mut score = strsim::jaro_winkler(&lower, &cl);
            if cl.contains(&lower) || lower.contains(&cl) {
                score = score.max(0.9);
            }
            (score, c)
        })
        .filter(|(s, _)| *s >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    // Only the names about as close as the best one: a clear winner stands alone.
    let best = scored.first().map_or(0.0, |s| s.0);
    scored
        .into_iter()
        .take_while(|(s, _)| *s >= best - 0.04)
        .take(3)
        .map(|(_, c)| c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The catalog files of the default, in the order the build merges them.
    fn default_catalog_files() -> Vec<(std::path::PathBuf, CatalogFile)> {
        let dir = std::fs::read_dir(DEFAULT_CATALOG_DIR).unwrap_or_else(|e| panic!("{DEFAULT_CATALOG_DIR}: {e}"));
        let mut paths: Vec<_> = dir
            .map(|e| e.unwrap_or_else(|e| panic!("{DEFAULT_CATALOG_DIR}: {e}")).path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        paths
            .into_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                let file = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                (p, file)
            })
            .collect()
    }

    #[test]
    fn builtin_catalog_is_valid() {
        let files = default_catalog_files();
        assert!(files.iter().any(|(p, _)| p.ends_with("default.toml")));
        let mut all = CatalogFile::default();
        for (_, f) in files {
            all.views.extend(f.views);
            all.classes.extend(f.classes);
            all.families.extend(f.families);
            all.client_classes.extend(f.client_classes);
        }
        let mut c = Catalog::default();
        c.add(all).unwrap_or_else(|e| panic!("{e}"));
        // The JSON the build embeds says exactly what the TOML files say.
        let b = Catalog::builtin();
        assert_eq!(
            (c.views(), c.classes(), c.families(), c.client_classes()),
            (b.views(), b.classes(), b.families(), b.client_classes())
        );
    }

    #[test]
    fn builtin_catalog_is_broad() {
        let b = Catalog::builtin();
        assert!(b.classes().len() >= 250, "{} classes", b.classes().len());
        assert!(b.views().len() >= 350, "{} views", b.views().len());
        // Every generated inventory class reads a view with the five standard columns.
        let (_, generated) = default_catalog_files()
            .into_iter()
            .find(|(p, _)| p.ends_with("inventory.toml"))
            .unwrap_or_else(|| panic!("no inventory.toml in {DEFAULT_CATALOG_DIR}"));
        assert!(
            generated.classes.len() >= 200,
            "{} generated classes",
            generated.classes.len()
        );
        for class in &generated.classes {
            assert!(
                matches!(class.kind, ClassKind::Inventory | ClassKind::InventoryHistory),
                "{}",
                class.name
            );
            let view = b
                .view(&class.view)
                .unwrap_or_else(|| panic!("{}: no view {}", class.name, class.view));
            for column in ["ResourceID", "GroupID", "RevisionID", "AgentID", "TimeStamp"] {
                assert!(view.column(column).is_some(), "{}: {column} missing", view.name);
            }
            assert_eq!(class.resource_column.as_deref(), Some("ResourceID"), "{}", class.name);
        }
    }

    #[test]
    fn closest_names() {
        let names = ["SMS_R_System", "SMS_R_User", "SMS_G_System_OPERATING_SYSTEM"].map(String::from);
        assert_eq!(
            closest("SMS_R_Sytem", names.clone()).first().map(String::as_str),
            Some("SMS_R_System")
        );
        assert!(closest("Banana", names).is_empty());
    }
}
