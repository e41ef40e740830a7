//! Reads a site's maps of itself over TDS (`v_ResourceMap`, `v_GroupMap`,
//! `v_GroupAttributeMap`, `INFORMATION_SCHEMA.COLUMNS`, as `site_maps.toml`
//! describes them) and builds the site's own catalog from them
//! ([`wqlkit_core::catalog::site::build`]). A map the login cannot read is a
//! warning: the catalog is built from what could be read.

use crate::live::client::{BATCH_ROWS, LiveConnection};
use crate::live::error::LiveError;
use crate::live::statements::{select_columns, select_count, select_last_schema_change};
use crate::storage::schema::view_schema;
use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use wqlkit_core::catalog::site::{
    GroupAttributeRow, GroupMapRow, ResourceMapRow, SiteCatalog, SiteColumn, SiteMaps, build,
};
use wqlkit_core::{Catalog, ViewDef};

const MAPS: &str = include_str!("site_maps.toml");

/// A site's catalog as read, and what kept it from being complete.
#[derive(Debug, Default)]
pub struct SiteRead {
    /// The catalog, when the site's columns could be read.
    pub catalog: Option<SiteCatalog>,
    /// Maps that could not be read, and why.
    pub warnings: Vec<String>,
    /// Maps the site does not have (a database that is not a site's).
    pub missing: Vec<String>,
    /// Whether the maps came from the cache.
    pub cached: bool,
}

impl SiteRead {
    /// What to tell the user: the warnings, and one note for missing maps.
    pub fn messages(&self) -> Vec<String> {
        let mut out: Vec<String> = self.warnings.iter().map(|w| format!("warning: {w}")).collect();
        if !self.missing.is_empty() {
            out.push(format!(
                "note: the database has no {}: its classes come from the default catalog",
                self.missing.join(", ")
            ));
        }
        out
    }
}

/// The rows of one map, by column name.
struct Rows(Vec<RecordBatch>);

impl Rows {
    fn each(&self) -> impl Iterator<Item = (&RecordBatch, usize)> {
        self.0.iter().flat_map(|b| (0..b.num_rows()).map(move |i| (b, i)))
    }
}

fn text(b: &RecordBatch, i: usize, column: &str) -> Option<String> {
    let a = b.column_by_name(column)?.as_string_opt::<i32>()?;
    (!a.is_null(i)).then(|| a.value(i).to_string())
}

fn int(b: &RecordBatch, i: usize, column: &str) -> Option<i64> {
    let a = b.column_by_name(column)?.as_primitive_opt::<Int64Type>()?;
    (!a.is_null(i)).then(|| a.value(i))
}

/// The map `name` as `site_maps.toml` describes it (the file parsed once).
fn map_view(name: &str) -> Result<&'static ViewDef, LiveError> {
    static MAP_VIEWS: LazyLock<Result<Catalog, String>> =
        LazyLock::new(|| Catalog::from_toml(MAPS).map_err(|e| format!("site_maps.toml: {e}")));
    let maps = MAP_VIEWS.as_ref().map_err(|e| LiveError::Protocol(e.clone()))?;
    maps.views()
        .iter()
        .find(|v| v.name == name)
        .ok_or_else(|| LiveError::Protocol(format!("site_maps.toml has no {name}")))
}

async fn read(conn: &mut LiveConnection, name: &str) -> Result<Rows, LiveError> {
    let view = map_view(name)?;
    let sql = select_columns(view)?;
    let mut batches = Vec::new();
    conn.stream(&sql, &[], view_schema(view), Some(name), BATCH_ROWS, &mut |b| {
        batches.push(b);
        Ok(())
    })
    .await?;
    Ok(Rows(batches))
}

/// Whether `e` means the map is not there for this login, rather than a
/// failure of the connection.
fn unreadable(e: &LiveError) -> bool {
    matches!(
        e,
        LiveError::ViewMissing { .. } | LiveError::PermissionDenied { .. } | LiveError::Server { .. }
    )
}

/// Reads one map; a map this login cannot read is noted in `out` (a view
/// the site lacks by name only, any other failure with its message).
async fn read_or_note(conn: &mut LiveConnection, name: &str, out: &mut SiteRead) -> Result<Option<Rows>, LiveError> {
    match read(conn, name).await {
        Ok(rows) => Ok(Some(rows)),
        Err(LiveError::ViewMissing { .. }) => {
            out.missing.push(name.to_string());
            Ok(None)
        }
        Err(e) if unreadable(&e) => {
            out.warnings.push(format!(
                "{name} cannot be read ({e}); the site's catalog is built without it"
            ));
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Reads the maps and builds the site's catalog over `base`.
pub async fn read_site_catalog(conn: &mut LiveConnection, base: &Catalog) -> Result<SiteRead, LiveError> {
    let (maps, mut out) = read_maps(conn).await?;
    out.catalog = maps.map(|m| build(&m, base));
    Ok(out)
}

/// The site's catalog over `base`, from the maps cached in `cache` (a
/// directory) when the site's schema stamp (see `stamp`) is the one they were
/// read under, read afresh (and cached) otherwise or with `refresh`.
pub async fn site_catalog_cached(
    conn: &mut LiveConnection,
    base: &Catalog,
    cache: Option<&Path>,
    refresh: bool,
) -> Result<SiteRead, LiveError> {
    let Some(dir) = cache else {
        return read_site_catalog(conn, base).await;
    };
    let o = conn.options();
    let file = dir.join(format!(
        "{}.json",
        format!("{}_{}", o.server, o.database.as_deref().unwrap_or_default())
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
            .collect::<String>()
    ));
    let stamp = stamp(conn).await?;
    if !refresh
        && let Some(entry) = std::fs::read(&file)
            .ok()
            .and_then(|b| serde_json::from_slice::<CacheEntry>(&b).ok())
            .filter(|e| e.format == CACHE_FORMAT && stamp.as_ref() == Some(&e.stamp))
    {
        return Ok(SiteRead {
            catalog: Some(build(&entry.maps, base)),
            warnings: entry.warnings,
            missing: entry.missing,
            cached: true,
        });
    }
    let (maps, mut out) = read_maps(conn).await?;
    if let (Some(maps), Some(stamp)) = (&maps, stamp) {
        let entry = CacheEntry {
            format: CACHE_FORMAT,
            stamp,
            maps: maps.clone(),
            warnings: out.warnings.clone(),
            missing: out.missing.clone(),
        };
        // A cache that cannot be written costs the next run a read, nothing more.
        if let Err(e) = write_atomically(&file, &entry) {
            out.warnings.push(format!(
                "the site's maps could not be cached in {}: {e}",
                file.display()
            ));
        }
    }
    out.catalog = maps.map(|m| build(&m, base));
    Ok(out)
}

/// The version of the cache file's shape (2: the stamp is text).
const CACHE_FORMAT: u32 = 2;

/// One site's cached maps.
#[derive(Serialize, Deserialize)]
struct CacheEntry {
    format: u32,
    stamp: String,
    maps: SiteMaps,
    warnings: Vec<String>,
    missing: Vec<String>,
}

fn write_atomically(file: &Path, entry: &CacheEntry) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = file.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&tmp, serde_json::to_vec(entry).map_err(std::io::Error::other)?)?;
    std::fs::rename(&tmp, file)
}

/// The site's schema stamp: how many columns the login sees, which changes
/// when a view or column is added or dropped (an inventory class, a
/// discovery attribute), and the latest `modify_date` of its tables and
/// views, which moves when one is redefined with as many columns (a property
/// of a custom class renamed). Anything else that moves it (maintenance of a
/// table) costs a read of the maps, never a stale catalog. `None` when the
/// columns cannot be read; without `sys.objects` the count alone.
async fn stamp(conn: &mut LiveConnection) -> Result<Option<String>, LiveError> {
    let view = map_view("INFORMATION_SCHEMA.COLUMNS")?;
    let sql = select_count(view)?;
    let columns = match conn.scalar(&sql, DataType::Int64, Some(&view.name)).await {
        Ok(b) => b.and_then(|b| int(&b, 0, "value")),
        Err(e) if unreadable(&e) => None,
        Err(e) => return Err(e),
    };
    let Some(columns) = columns else {
        return Ok(None);
    };
    let changed = match conn.time(&select_last_schema_change(), Some("sys.objects")).await {
        Ok(t) => t,
        Err(e) if unreadable(&e) => None,
        Err(e) => return Err(e),
    };
    Ok(Some(match changed {
        Some(t) => format!("{columns} columns, last changed {t}"),
        None => format!("{columns} columns"),
    }))
}

/// The cache directory: `WQLKIT_CACHE_DIR`, else `$XDG_CACHE_HOME/wqlkit`,
/// `~/.cache/wqlkit`, or `%LOCALAPPDATA%\wqlkit`; `sites` under it.
pub fn cache_dir(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let var = |k: &str| env(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    let base = var("WQLKIT_CACHE_DIR").or_else(|| {
        var("XDG_CACHE_HOME")
            .or_else(|| var("HOME").map(|h| h.join(".cache")))
            .or_else(|| var("LOCALAPPDATA"))
            .map(|d| d.join("wqlkit"))
    })?;
    Some(base.join("sites"))
}

/// The maps as read (`None` without the site's columns), and what kept them
/// from being complete.
async fn read_maps(conn: &mut LiveConnection) -> Result<(Option<SiteMaps>, SiteRead), LiveError> {
    let mut out = SiteRead::default();
    let mut maps = SiteMaps::default();
    let Some(columns) = read_or_note(conn, "INFORMATION_SCHEMA.COLUMNS", &mut out).await? else {
        out.warnings
            .push("without the site's columns there is no site catalog: the default catalog is used".into());
        return Ok((None, out));
    };
    for (b, i) in columns.each() {
        maps.columns.push(SiteColumn {
            schema: text(b, i, "TABLE_SCHEMA").unwrap_or_default(),
            view: text(b, i, "TABLE_NAME").unwrap_or_default(),
            column: text(b, i, "COLUMN_NAME").unwrap_or_default(),
            position: int(b, i, "ORDINAL_POSITION").unwrap_or_default(),
            data_type: text(b, i, "DATA_TYPE").unwrap_or_default(),
            max_length: int(b, i, "CHARACTER_MAXIMUM_LENGTH"),
            precision: int(b, i, "NUMERIC_PRECISION"),
            scale: int(b, i, "NUMERIC_SCALE"),
        });
    }
    if let Some(rows) = read_or_note(conn, "v_ResourceMap", &mut out).await? {
        for (b, i) in rows.each() {
            maps.resources.push(ResourceMapRow {
                resource_type: int(b, i, "ResourceType").unwrap_or_default(),
                display_name: text(b, i, "DisplayName").unwrap_or_default(),
                resource_class_name: text(b, i, "ResourceClassName").unwrap_or_default(),
            });
        }
    }
    if let Some(rows) = read_or_note(conn, "v_GroupMap", &mut out).await? {
        for (b, i) in rows.each() {
            maps.groups.push(GroupMapRow {
                group_id: int(b, i, "GroupID").unwrap_or_default(),
                resource_type: int(b, i, "ResourceType").unwrap_or_default(),
                display_name: text(b, i, "DisplayName").unwrap_or_default(),
                inv_class_name: text(b, i, "InvClassName").unwrap_or_default(),
                inv_history_class_name: text(b, i, "InvHistoryClassName"),
                mif_class: text(b, i, "MIFClass").unwrap_or_default(),
            });
        }
    }
    if let Some(rows) = read_or_note(conn, "v_GroupAttributeMap", &mut out).await? {
        for (b, i) in rows.each() {
            maps.group_attributes.push(GroupAttributeRow {
                group_id: int(b, i, "GroupID").unwrap_or_default(),
                attribute_name: text(b, i, "AttributeName").unwrap_or_default(),
                column_name: text(b, i, "ColumnName").unwrap_or_default(),
            });
        }
    }
    Ok((Some(maps), out))
}
