//! How views and columns no hand-written generator knows are filled: rules
//! that decide, from a view's name and columns, which subjects its rows
//! belong to (`generic_rows.toml`), and, from a column's name, SQL type and
//! view, where its values come from (`generic_columns.toml`, then
//! `generic_classes.toml` and `generic_directory.toml`, then for views no
//! hand-written generator knows `generic_conventions.toml`). The files
//! document their own vocabulary.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// A case-insensitive name pattern in which `*` stands for any run of characters.
#[derive(Debug, Clone)]
pub(crate) struct Glob {
    /// The lower-cased pattern split at each `*`.
    parts: Vec<String>,
}

impl Glob {
    pub(super) fn new(pattern: &str) -> Glob {
        Glob {
            parts: pattern.to_ascii_lowercase().split('*').map(str::to_string).collect(),
        }
    }

    /// Whether `name` (already lower case) matches.
    pub(crate) fn matches(&self, name: &str) -> bool {
        let (first, rest) = match self.parts.split_first() {
            Some(x) => x,
            None => return name.is_empty(),
        };
        let Some(last) = rest.last() else { return name == first };
        if !name.starts_with(first.as_str()) || name.len() < first.len() + last.len() {
            return false;
        }
        let mut at = first.len();
        let end = name.len() - last.len();
        for mid in &rest[..rest.len() - 1] {
            match name[at..end].find(mid.as_str()) {
                Some(k) => at += k + mid.len(),
                None => return false,
            }
        }
        name.ends_with(last.as_str())
    }
}

impl<'de> Deserialize<'de> for Glob {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Glob, D::Error> {
        Ok(Glob::new(&String::deserialize(d)?))
    }
}

/// Whether any of `globs` matches `name` (lower case).
pub(crate) fn any(globs: &[Glob], name: &str) -> bool {
    globs.iter().any(|g| g.matches(name))
}

/// Which subjects a generic view's rows belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum RowSet {
    Inventoried,
    Devices,
    Clients,
    Users,
    Groups,
    Members,
    History,
    Collections,
    Dependencies,
    Updates,
    Assignments,
    /// Each deployment's updates (an assignment and an update of its group).
    AssignmentUpdates,
    Packages,
    Offices,
    Subnets,
    UnknownSystems,
    Site,
}

/// Which of the devices have rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Only {
    Workstations,
    Servers,
    Laptops,
    Desktops,
    Virtual,
    Physical,
    HypervHosts,
    DomainJoined,
}

/// A class of SQL types a column rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum TypeClass {
    Text,
    Int,
    Bigint,
    Bit,
    Float,
    Datetime,
    Date,
    Guid,
    Binary,
}

/// A fact of the model a column can be filled from (see the file's list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Fact {
    ResourceId,
    GroupId,
    RevisionId,
    Timestamp,
    RowKey,
    Row,
    Name,
    SiteCode,
    Now,
    Netbios,
    Fqdn,
    Domain,
    DomainDns,
    Manufacturer,
    Model,
    Serial,
    Chassis,
    SmbiosGuid,
    SmsGuid,
    OsCaption,
    OsName,
    OsVersion,
    OsBuild,
    OsMajor,
    ClientVersion,
    Office,
    OfficeCode,
    Country,
    Locale,
    UtcOffset,
    TzBias,
    OuName,
    OuNames,
    DistinguishedName,
    LastUser,
    LastUserAccount,
    PrimaryUser,
    PrimaryUserAccount,
    RamMb,
    DiskGb,
    DiskMb,
    DiskBytes,
    CpuName,
    Cores,
    LogicalProcessors,
    Created,
    OsInstalled,
    LastBoot,
    LastActive,
    LastHw,
    LastSw,
    LastDdr,
    Virtual,
    Laptop,
    Server,
    Client,
    Kind,
    Tpm,
    Department,
    ManagedBy,
    DeviceGroups,
    IpAddress,
    IpAddresses,
    MacAddress,
    MacAddresses,
    Account,
    UniqueName,
    FullName,
    GivenName,
    Surname,
    Mail,
    Upn,
    Manager,
    ManagerName,
    UserGroups,
    CollectionId,
    CollectionName,
    LimitCollectionId,
    SourceCollectionId,
    RelationshipType,
    MemberCount,
    CiId,
    UpdateTitle,
    ArticleId,
    BulletinId,
    AssignmentId,
    AssignmentName,
    PackageId,
    PackageName,
    Subnet,
    SubnetMask,
}

impl Fact {
    fn parse(name: &str) -> Option<Fact> {
        toml::Value::String(name.to_string()).try_into().ok()
    }

    /// Whether the fact is a list (one element per row of an array view).
    pub(crate) fn is_list(self) -> bool {
        matches!(
            self,
            Fact::OuNames | Fact::DeviceGroups | Fact::UserGroups | Fact::IpAddresses | Fact::MacAddresses
        )
    }
}

/// How a GUID is spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum GuidKind {
    Upper,
    Lower,
    Braced,
    Sms,
}

/// One field of a text template.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Seg {
    Lit(String),
    Fact(Fact),
    /// A number drawn per row, in `lo..=hi`.
    Rand(i64, i64),
    /// The row's number within its subject, from 1.
    Row,
    /// The view's class (`User Profile`).
    Class,
    /// The column's name without its `0` suffix.
    Column,
}

/// Text with `{…}` fields.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Template {
    pub segs: Vec<Seg>,
}

impl Template {
    pub(super) fn parse(text: &str) -> Result<Template, String> {
        let mut segs = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                segs.push(Seg::Lit(rest[..open].to_string()));
            }
            let close = rest[open..]
                .find('}')
                .ok_or_else(|| format!("unclosed {{ in {text:?}"))?;
            let field = &rest[open + 1..open + close];
            segs.push(match field {
                "row" => Seg::Row,
                "class" => Seg::Class,
                "column" => Seg::Column,
                _ => match field.strip_prefix("n:").and_then(|r| r.split_once('-')) {
                    Some((lo, hi)) => {
                        let (lo, hi) = (lo.parse::<i64>(), hi.parse::<i64>());
                        match (lo, hi) {
                            (Ok(lo), Ok(hi)) if lo <= hi => Seg::Rand(lo, hi),
                            _ => return Err(format!("bad range {{{field}}} in {text:?}")),
                        }
                    }
                    None => {
                        Seg::Fact(Fact::parse(field).ok_or_else(|| format!("unknown fact {{{field}}} in {text:?}"))?)
                    }
                },
            });
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            segs.push(Seg::Lit(rest.to_string()));
        }
        Ok(Template { segs })
    }

    /// The text, when the template has no fields.
    pub(crate) fn literal(&self) -> Option<&str> {
        match self.segs.as_slice() {
            [] => Some(""),
            [Seg::Lit(s)] => Some(s),
            _ => None,
        }
    }
}

/// A value of the file: text (a template), a whole number or a boolean.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    Text(Template),
    Int(i64),
    Bool(bool),
}

impl<'de> Deserialize<'de> for Piece {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Piece, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Bool(bool),
            Int(i64),
            Text(String),
        }
        Ok(match Raw::deserialize(d)? {
            Raw::Bool(b) => Piece::Bool(b),
            Raw::Int(i) => Piece::Int(i),
            Raw::Text(t) => Piece::Text(Template::parse(&t).map_err(serde::de::Error::custom)?),
        })
    }
}

/// One value, or a list to draw from.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub(crate) enum Choice {
    One(Piece),
    Many(Vec<Piece>),
}

/// Which subjects the rows of the views a rule matches belong to.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RowRule {
    #[serde(default)]
    pub view: Vec<Glob>,
    #[serde(default)]
    pub has: Vec<Glob>,
    #[serde(default)]
    pub has_any: Vec<Glob>,
    pub rows: RowSet,
    pub only: Option<Only>,
    #[serde(default = "one_each")]
    pub per_subject: (u32, u32),
    #[serde(default = "everyone")]
    pub share: f64,
    #[serde(default)]
    pub array: bool,
    pub same_rows_as: Option<String>,
}

fn one_each() -> (u32, u32) {
    (1, 1)
}

fn everyone() -> f64 {
    1.0
}

/// How the columns a rule matches are filled.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ColumnRule {
    pub column: Vec<Glob>,
    #[serde(default)]
    pub view: Vec<Glob>,
    #[serde(default)]
    pub not_view: Vec<Glob>,
    #[serde(default, rename = "type")]
    pub types: Vec<TypeClass>,
    #[serde(default)]
    pub rows: Vec<RowSet>,
    #[serde(default)]
    pub key: bool,
    #[serde(default)]
    pub nulls: f64,
    pub fact: Option<Fact>,
    pub value: Option<Piece>,
    pub values: Option<Vec<Piece>>,
    pub weights: Option<Vec<u32>>,
    pub by: Option<Fact>,
    pub map: Option<BTreeMap<String, Choice>>,
    pub default: Option<Choice>,
    pub range: Option<(i64, i64)>,
    pub days_before: Option<Fact>,
    pub days: Option<(i64, i64)>,
    pub format: Option<Piece>,
    pub guid: Option<GuidKind>,
    #[serde(default)]
    pub null: bool,
}

impl ColumnRule {
    /// What is wrong with the rule, if anything.
    fn problem(&self) -> Option<String> {
        let fills = [
            self.fact.is_some(),
            self.value.is_some(),
            self.values.is_some(),
            self.by.is_some(),
            self.range.is_some(),
            self.days_before.is_some(),
            self.format.is_some(),
            self.guid.is_some(),
            self.null,
        ];
        let n = fills.iter().filter(|f| **f).count();
        if n != 1 {
            return Some(format!("{n} ways to fill (one expected)"));
        }
        if self.column.is_empty() {
            return Some("no column pattern".into());
        }
        if self.by.is_some() != self.map.is_some() {
            return Some("`by` and `map` go together".into());
        }
        if self.days_before.is_some() != self.days.is_some() {
            return Some("`days_before` and `days` go together".into());
        }
        if let Some(v) = &self.values {
            if v.is_empty() {
                return Some("empty `values`".into());
            }
            if self
                .weights
                .as_ref()
                .is_some_and(|w| w.len() != v.len() || w.iter().all(|x| *x == 0))
            {
                return Some("`weights` must match `values`".into());
            }
        }
        if let Some(Choice::Many(v)) = &self.default
            && v.is_empty()
        {
            return Some("empty `default`".into());
        }
        if let Some(m) = &self.map
            && m.values().any(|c| matches!(c, Choice::Many(v) if v.is_empty()))
        {
            return Some("an empty list in `map`".into());
        }
        let bad = |r: Option<(i64, i64)>| r.is_some_and(|(lo, hi)| lo > hi);
        if bad(self.range) || bad(self.days) || !(0.0..=1.0).contains(&self.nulls) {
            return Some("a range whose least is above its most".into());
        }
        if matches!(self.format, Some(Piece::Int(_) | Piece::Bool(_))) {
            return Some("`format` must be text".into());
        }
        None
    }
}

/// How history views relate to their current twins.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct History {
    /// The most earlier revisions a row has.
    pub most: u32,
    /// Days between two revisions.
    pub cycle_days: (i64, i64),
    /// Revisions a generic class is ahead of its device, drawn per device and class.
    pub extra: Vec<u32>,
}

/// The whole description, from its five files.
#[derive(Debug)]
pub(crate) struct Description {
    pub rows: Vec<RowRule>,
    /// Rules for any view's columns.
    pub column: Vec<ColumnRule>,
    /// Rules for the columns of views no hand-written generator knows, after `column`.
    pub generic_column: Vec<ColumnRule>,
    pub history: History,
    /// Win32_SystemEnclosure.ChassisTypes codes and their meaning.
    chassis_types: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RowsFile {
    rows: Vec<RowRule>,
    history: History,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnsFile {
    column: Vec<ColumnRule>,
    #[serde(default)]
    chassis_types: BTreeMap<String, String>,
}

impl Description {
    /// The documented chassis type codes.
    pub(crate) fn chassis_codes(&self) -> impl Iterator<Item = (i64, &str)> {
        self.chassis_types
            .iter()
            .filter_map(|(k, v)| k.parse().ok().map(|k| (k, v.as_str())))
    }
}

fn load() -> Description {
    let parse = |name: &str, text: &str| -> ColumnsFile { super::parse(name, text) };
    let rows: RowsFile = super::parse("generic_rows.toml", include_str!("../../data/generic_rows.toml"));
    let mut columns = parse("generic_columns.toml", include_str!("../../data/generic_columns.toml"));
    let classes = parse("generic_classes.toml", include_str!("../../data/generic_classes.toml"));
    let directory = parse(
        "generic_directory.toml",
        include_str!("../../data/generic_directory.toml"),
    );
    let conventions = parse(
        "generic_conventions.toml",
        include_str!("../../data/generic_conventions.toml"),
    );
    columns.column.extend(classes.column);
    columns.column.extend(directory.column);
    let d = Description {
        rows: rows.rows,
        column: columns.column,
        generic_column: conventions.column,
        history: rows.history,
        chassis_types: classes.chassis_types,
    };
    for (what, rules) in [("column", &d.column), ("generic_conventions.toml", &d.generic_column)] {
        for (i, r) in rules.iter().enumerate() {
            if let Some(p) = r.problem() {
                panic!("demo/data: {what} rule {}: {p}", i + 1);
            }
        }
    }
    for (i, r) in d.rows.iter().enumerate() {
        let (lo, hi) = r.per_subject;
        if lo > hi || !(0.0..=1.0).contains(&r.share) {
            panic!(
                "demo/data/generic_rows.toml: rows rule {}: bad per_subject or share",
                i + 1
            );
        }
    }
    let h = &d.history;
    if h.extra.is_empty() || h.cycle_days.0 < 1 || h.cycle_days.0 > h.cycle_days.1 {
        panic!("demo/data/generic_rows.toml: [history] needs extra revisions and a positive cycle");
    }
    if d.chassis_codes().count() != d.chassis_types.len() {
        panic!("demo/data/generic_classes.toml: [chassis_types] keys are codes");
    }
    d
}

/// The description, parsed once.
pub(crate) static GENERIC: LazyLock<Description> = LazyLock::new(load);
