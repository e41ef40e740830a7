//! The catalog a command binds against — the default, `--catalog` files over
//! it, a snapshot's site catalog over both — and `wqlkit catalog`, which
//! prints it or compares two.

use crate::{Format, SourceArgs};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::{Value as Json, json};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use wqlkit::core::catalog::ColumnDef;
use wqlkit::core::catalog::{CatalogFile, Origin};
use wqlkit::core::{Catalog, ClassDef, Diagnostic, PropertyDef, SchemaProvider, ViewDef};
use wqlkit::engine::storage::snapshot::Snapshot;

/// Appends a line to `out` (writing to a `String` cannot fail).
macro_rules! outln {
    ($out:expr, $($arg:tt)*) => {{ let _ = writeln!($out, $($arg)*); }};
}

/// Appends text to `out`.
macro_rules! outp {
    ($out:expr, $($arg:tt)*) => {{ let _ = write!($out, $($arg)*); }};
}

/// The default with `files` merged over it, and the snapshot's site catalog
/// (if it stores one) over both.
pub(crate) fn effective(
    files: &[PathBuf],
    snapshot: Option<&Snapshot>,
) -> Result<Cow<'static, Catalog>, Vec<Diagnostic>> {
    let base = if files.is_empty() {
        Cow::Borrowed(Catalog::builtin())
    } else {
        Cow::Owned(Catalog::with_files(files).map_err(|d| d.0)?)
    };
    let Some(snap) = snapshot else {
        return Ok(base);
    };
    match snap.catalog_over(base.as_ref()) {
        Ok(Some(c)) => Ok(Cow::Owned(c)),
        Ok(None) => Ok(base),
        Err(e) => Err(vec![Diagnostic::error(
            wqlkit::core::Code::CatalogInvalid,
            wqlkit::core::Span::default(),
            e.to_string(),
        )]),
    }
}

/// The same, for commands that report errors as text.
pub(crate) fn effective_or_message(
    files: &[PathBuf],
    snapshot: Option<&Snapshot>,
) -> Result<Cow<'static, Catalog>, String> {
    effective(files, snapshot).map_err(|d| d.iter().map(Diagnostic::summary).collect::<Vec<_>>().join("\n"))
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CatalogFormat {
    Table,
    Json,
    Toml,
}

/// `wqlkit catalog`.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct CatalogArgs {
    #[command(subcommand)]
    command: Option<CatalogCommand>,
    /// Show one class or view in full (its properties or columns).
    name: Option<String>,
    /// The catalog of this snapshot (its site's, over the default).
    #[arg(long, value_name = "DIR")]
    snapshot: Option<PathBuf>,
    /// A catalog file merged over the built-in one.
    #[arg(long = "catalog", value_name = "FILE")]
    catalogs: Vec<PathBuf>,
    /// Output format (toml is a catalog file of everything).
    #[arg(long, value_enum, default_value_t = CatalogFormat::Table)]
    format: CatalogFormat,
}

#[derive(Subcommand)]
enum CatalogCommand {
    /// Compare two catalogs: `default`, or a snapshot directory, each.
    Diff {
        /// The first catalog.
        a: String,
        /// The second.
        b: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

fn load(which: &str) -> Result<Cow<'static, Catalog>, String> {
    if which.eq_ignore_ascii_case("default") {
        return Ok(Cow::Borrowed(Catalog::builtin()));
    }
    let snap = Snapshot::open(Path::new(which), false).map_err(|e| e.to_string())?;
    effective_or_message(&[], Some(&snap))
}

pub(crate) fn run(args: &CatalogArgs) -> Result<ExitCode, String> {
    let mut out = String::new();
    let code = write(args, &mut out)?;
    crate::write_stdout(&out);
    Ok(code)
}

fn write(args: &CatalogArgs, out: &mut String) -> Result<ExitCode, String> {
    if let Some(CatalogCommand::Diff { a, b, format }) = &args.command {
        let d = diff(load(a)?.as_ref(), load(b)?.as_ref());
        print_diff(out, &d, a, b, *format);
        return Ok(ExitCode::SUCCESS);
    }
    let snap = match &args.snapshot {
        Some(dir) => Some(Snapshot::open(dir, false).map_err(|e| e.to_string())?),
        None => None,
    };
    let catalog = effective_or_message(&args.catalogs, snap.as_ref())?;
    let c = catalog.as_ref();
    if let Some(name) = &args.name {
        let found = detail(c, name);
        let Some(found) = found else {
            let mut hint = c.similar_classes(name);
            hint.extend(wqlkit::core::catalog::closest(
                name,
                c.views().iter().map(|v| v.name.clone()),
            ));
            return Err(format!(
                "the catalog has no class or view {name}{}",
                hint.first().map(|h| format!("; did you mean {h}?")).unwrap_or_default()
            ));
        };
        match args.format {
            CatalogFormat::Json => outln!(out, "{found:#}"),
            _ => print_detail(out, &found),
        }
        return Ok(ExitCode::SUCCESS);
    }
    match args.format {
        CatalogFormat::Json => outln!(out, "{:#}", to_json(c)),
        CatalogFormat::Toml => {
            let file = CatalogFile {
                format: 1,
                views: c.views().to_vec(),
                classes: c.classes().to_vec(),
                families: c.families().to_vec(),
                client_classes: c.client_classes().to_vec(),
            };
            outp!(out, "{}", toml::to_string(&file).map_err(|e| e.to_string())?);
        }
        CatalogFormat::Table => print_table(out, c),
    }
    Ok(ExitCode::SUCCESS)
}

fn class_json(c: &Catalog, class: &wqlkit::core::ClassDef) -> Json {
    json!({
        "name": class.name,
        "view": class.view,
        "kind": class.kind,
        "origin": c.class_origin(&class.name).to_string(),
        "properties": class.properties.iter().map(|p| json!({
            "name": p.name,
            "type": p.wmi_type.name(),
            "column": p.column,
            "array_view": p.array_view,
            "origin": c.property_origin(&class.name, &p.name).to_string(),
        })).collect::<Vec<_>>(),
    })
}

fn view_json(c: &Catalog, view: &wqlkit::core::ViewDef) -> Json {
    json!({
        "name": view.name,
        "key": view.key,
        "origin": c.view_origin(&view.name).to_string(),
        "columns": view.columns.iter().map(|col| json!({
            "name": col.name,
            "type": col.sql_type.to_string(),
            "origin": c.column_origin(&view.name, &col.name).to_string(),
        })).collect::<Vec<_>>(),
    })
}

fn to_json(c: &Catalog) -> Json {
    json!({
        "classes": c.classes().iter().map(|cl| class_json(c, cl)).collect::<Vec<_>>(),
        "views": c.views().iter().map(|v| view_json(c, v)).collect::<Vec<_>>(),
    })
}

fn detail(c: &Catalog, name: &str) -> Option<Json> {
    if let Some(class) = c.class(name) {
        return Some(json!({ "class": class_json(c, class) }));
    }
    c.view(name).map(|v| json!({ "view": view_json(c, v) }))
}

fn print_detail(out: &mut String, found: &Json) {
    let text = |v: &Json, k: &str| v[k].as_str().unwrap_or_default().to_string();
    if let Some(class) = found.get("class") {
        outln!(
            out,
            "class {} reads {} ({}) [{}]",
            text(class, "name"),
            text(class, "view"),
            text(class, "kind"),
            text(class, "origin")
        );
        for p in class["properties"].as_array().into_iter().flatten() {
            let place = match p["array_view"].as_str() {
                Some(av) => format!("{av}.{}", text(p, "column")),
                None => text(p, "column"),
            };
            outln!(
                out,
                "  {:<32} {:<9} {:<40} [{}]",
                text(p, "name"),
                text(p, "type"),
                place,
                text(p, "origin")
            );
        }
    } else if let Some(view) = found.get("view") {
        outln!(out, "view {} [{}]", text(view, "name"), text(view, "origin"));
        for col in view["columns"].as_array().into_iter().flatten() {
            outln!(
                out,
                "  {:<40} {:<18} [{}]",
                text(col, "name"),
                text(col, "type"),
                text(col, "origin")
            );
        }
    }
}

/// How many of `names` came from each origin, e.g. `default` or `default 80, site 3`.
fn origins<'a>(names: impl Iterator<Item = &'a Origin>) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for o in names {
        *counts.entry(o.to_string()).or_default() += 1;
    }
    if counts.len() == 1 {
        return counts.into_keys().next().unwrap_or_default();
    }
    counts
        .iter()
        .map(|(o, n)| format!("{o} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn print_table(out: &mut String, c: &Catalog) {
    outln!(out, "{} classes, {} views", c.classes().len(), c.views().len());
    outln!(
        out,
        "\n{:<48} {:<32} {:<18} {:>5}  origin",
        "class",
        "view",
        "kind",
        "props"
    );
    for cl in c.classes() {
        let kind = serde_json::to_value(cl.kind).ok();
        outln!(
            out,
            "{:<48} {:<32} {:<18} {:>5}  {} (properties: {})",
            cl.name,
            cl.view,
            kind.as_ref().and_then(Json::as_str).unwrap_or_default(),
            cl.properties.len(),
            c.class_origin(&cl.name),
            origins(cl.properties.iter().map(|p| c.property_origin(&cl.name, &p.name)))
        );
    }
    outln!(out, "\n{:<48} {:>5}  origin", "view", "cols");
    for v in c.views() {
        outln!(
            out,
            "{:<48} {:>5}  {} (columns: {})",
            v.name,
            v.columns.len(),
            c.view_origin(&v.name),
            origins(v.columns.iter().map(|col| c.column_origin(&v.name, &col.name)))
        );
    }
}

/// What differs between two catalogs.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct CatalogDiff {
    /// Views only in the second, only in the first.
    pub views_added: Vec<String>,
    pub views_removed: Vec<String>,
    /// `view.column` only in the second, only in the first, and of another type (`view.column: a → b`).
    pub columns_added: Vec<String>,
    pub columns_removed: Vec<String>,
    pub columns_retyped: Vec<String>,
    /// Classes only in the second, only in the first.
    pub classes_added: Vec<String>,
    pub classes_removed: Vec<String>,
    /// `class.property` only in the second, only in the first, and read from elsewhere or typed otherwise.
    pub properties_added: Vec<String>,
    pub properties_removed: Vec<String>,
    pub properties_changed: Vec<String>,
}

/// How to compare lists of named things (views, classes) with named members
/// (columns, properties).
struct Shape<T, M> {
    name: fn(&T) -> &str,
    members: fn(&T) -> &[M],
    member: fn(&M) -> &str,
    /// What a member is, compared between the two (`int`, `string Name0`).
    describe: fn(&M) -> String,
}

/// Names only in `b`, names only in `a`, `thing.member` only in `b`, only in
/// `a`, and described otherwise (`thing.member: was → is`).
type Differences = [Vec<String>; 5];

fn diff_named<T, M>(a: &[T], b: &[T], s: &Shape<T, M>) -> Differences {
    let [mut added, mut removed, mut m_added, mut m_removed, mut changed] = Differences::default();
    let find = |all: &'_ [T], n: &str| all.iter().position(|t| (s.name)(t).eq_ignore_ascii_case(n));
    let member_of = |t: &T, n: &str| {
        (s.members)(t)
            .iter()
            .position(|m| (s.member)(m).eq_ignore_ascii_case(n))
    };
    for t in b {
        let name = (s.name)(t);
        let Some(old) = find(a, name).map(|i| &a[i]) else {
            added.push(name.to_string());
            continue;
        };
        for m in (s.members)(t) {
            match member_of(old, (s.member)(m)).map(|i| &(s.members)(old)[i]) {
                None => m_added.push(format!("{name}.{}", (s.member)(m))),
                Some(o) if (s.describe)(o) != (s.describe)(m) => changed.push(format!(
                    "{name}.{}: {} → {}",
                    (s.member)(m),
                    (s.describe)(o),
                    (s.describe)(m)
                )),
                Some(_) => {}
            }
        }
        for m in (s.members)(old) {
            if member_of(t, (s.member)(m)).is_none() {
                m_removed.push(format!("{name}.{}", (s.member)(m)));
            }
        }
    }
    for t in a {
        if find(b, (s.name)(t)).is_none() {
            removed.push((s.name)(t).to_string());
        }
    }
    [added, removed, m_added, m_removed, changed]
}

pub(crate) fn diff(a: &Catalog, b: &Catalog) -> CatalogDiff {
    let views = Shape::<ViewDef, ColumnDef> {
        name: |v| &v.name,
        members: |v| &v.columns,
        member: |c| &c.name,
        describe: |c| c.sql_type.to_string(),
    };
    let classes = Shape::<ClassDef, PropertyDef> {
        name: |c| &c.name,
        members: |c| &c.properties,
        member: |p| &p.name,
        describe: |p| {
            let place = p
                .array_view
                .as_ref()
                .map_or(p.column.clone(), |av| format!("{av}.{}", p.column));
            format!("{} {place}", p.wmi_type.name())
        },
    };
    let [
        views_added,
        views_removed,
        columns_added,
        columns_removed,
        columns_retyped,
    ] = diff_named(a.views(), b.views(), &views);
    let [
        classes_added,
        classes_removed,
        properties_added,
        properties_removed,
        properties_changed,
    ] = diff_named(a.classes(), b.classes(), &classes);
    CatalogDiff {
        views_added,
        views_removed,
        columns_added,
        columns_removed,
        columns_retyped,
        classes_added,
        classes_removed,
        properties_added,
        properties_removed,
        properties_changed,
    }
}

impl CatalogDiff {
    fn sections(&self) -> [(&'static str, &Vec<String>); 10] {
        [
            ("views_added", &self.views_added),
            ("views_removed", &self.views_removed),
            ("columns_added", &self.columns_added),
            ("columns_removed", &self.columns_removed),
            ("columns_retyped", &self.columns_retyped),
            ("classes_added", &self.classes_added),
            ("classes_removed", &self.classes_removed),
            ("properties_added", &self.properties_added),
            ("properties_removed", &self.properties_removed),
            ("properties_changed", &self.properties_changed),
        ]
    }
}

fn print_diff(out: &mut String, d: &CatalogDiff, a: &str, b: &str, format: Format) {
    if format == Format::Json {
        let mut doc = serde_json::Map::new();
        doc.insert("a".into(), json!(a));
        doc.insert("b".into(), json!(b));
        for (k, v) in d.sections() {
            doc.insert(k.into(), json!(v));
        }
        outln!(out, "{:#}", Json::Object(doc));
        return;
    }
    outln!(out, "--- {a}\n+++ {b}");
    for (k, items) in d.sections() {
        if items.is_empty() {
            continue;
        }
        let (what, sign) = k.rsplit_once('_').unwrap_or((k, ""));
        let mark = match sign {
            "added" => '+',
            "removed" => '-',
            _ => '~',
        };
        outln!(out, "\n{} {what} {sign}", items.len());
        for i in items {
            outln!(out, "{mark} {i}");
        }
    }
}

impl SourceArgs {
    /// The snapshot the command reads, opened once (its manifest only).
    pub(crate) fn snapshot(&self) -> Result<Option<&Snapshot>, String> {
        let Some(dir) = &self.snapshot else {
            return Ok(None);
        };
        if self.opened.get().is_none() {
            let snap = crate::timings::phase("manifest", || Snapshot::open(dir, !self.no_verify))
                .map_err(|e| e.to_string())?;
            let _ = self.opened.set(snap);
        }
        Ok(self.opened.get())
    }
}
