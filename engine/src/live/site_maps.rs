//! Reads a site's maps of itself over TDS (`v_ResourceMap`, `v_GroupMap`,
//! `v_GroupAttributeMap`, `INFORMATION_SCHEMA.COLUMNS`, as `site_maps.toml`
//! describes them) and builds the site's own catalog from them
//! ([`wqlkit_core::catalog::site::build`]). A map the login cannot read is a
//! warning: the catalog is built from what could be read.

use crate::live::client::{BATCH_ROWS, LiveConnection};
use crate::live::error::LiveError;
use crate::live::statements::select_columns;
use crate::storage::schema::view_schema;
use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::Int64Type;
use wqlkit_core::Catalog;
use wqlkit_core::catalog::site::{
    GroupAttributeRow, GroupMapRow, ResourceMapRow, SiteCatalog, SiteColumn, SiteMaps, build,
};

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

async fn read(conn: &mut LiveConnection, name: &str) -> Result<Rows, LiveError> {
    let maps = Catalog::from_toml(MAPS).map_err(|e| LiveError::Protocol(format!("site_maps.toml: {e}")))?;
    let view = maps
        .views()
        .iter()
        .find(|v| v.name == name)
        .ok_or_else(|| LiveError::Protocol(format!("site_maps.toml has no {name}")))?;
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
            out.warnings
                .push(format!("{name} cannot be read ({e}); the site's catalog is built without it"));
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Reads the maps and builds the site's catalog over `base`.
pub async fn read_site_catalog(conn: &mut LiveConnection, base: &Catalog) -> Result<SiteRead, LiveError> {
    let mut out = SiteRead::default();
    let mut maps = SiteMaps::default();
    let Some(columns) = read_or_note(conn, "INFORMATION_SCHEMA.COLUMNS", &mut out).await? else {
        out.warnings
            .push("without the site's columns there is no site catalog: the default catalog is used".into());
        return Ok(out);
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
    out.catalog = Some(build(&maps, base));
    Ok(out)
}
