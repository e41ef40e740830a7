//! The site's own catalog stored in a snapshot: `catalog.toml` beside the
//! manifest, in the shape of a `--catalog` file (the views and classes the
//! site's maps describe, complete), recorded in the manifest with its size
//! and SHA-256. A snapshot translates and runs against it, merged over the
//! default ([`Catalog::with_site`]).

use crate::error::{EngineError, Result, io};
use crate::storage::checksum::hex;
use crate::storage::snapshot::{ManifestFile, Snapshot, SnapshotWriter};
use sha2::{Digest, Sha256};
use std::io::Write;
use wqlkit_core::catalog::CatalogFile;
use wqlkit_core::catalog::ColumnDef;
use wqlkit_core::catalog::site::{SiteMaps, build};
use wqlkit_core::{Catalog, SchemaProvider, SqlType, ViewDef};

/// The file's name in the snapshot directory.
pub const FILE: &str = "catalog.toml";

impl SnapshotWriter {
    /// Stores `catalog` as the snapshot's site catalog.
    pub fn set_site_catalog(&mut self, catalog: &CatalogFile) -> Result<()> {
        let text = toml::to_string(catalog).map_err(|e| EngineError::Invalid(format!("the site catalog: {e}")))?;
        let text = format!(
            "# The site's own catalog, read from its maps (v_ResourceMap, v_GroupMap,\n\
             # v_GroupAttributeMap, INFORMATION_SCHEMA.COLUMNS) when this snapshot was\n\
             # exported. It replaces the default's definitions of the same names.\n\n{text}"
        );
        let path = self.staging.join(FILE);
        let mut f = std::fs::File::create(&path).map_err(io(&path))?;
        f.write_all(text.as_bytes()).map_err(io(&path))?;
        f.sync_all().map_err(io(&path))?;
        self.catalog = Some(ManifestFile {
            file: FILE.into(),
            bytes: text.len() as u64,
            sha256: hex(&Sha256::digest(text.as_bytes())),
        });
        Ok(())
    }
}

impl Snapshot {
    /// The site catalog the snapshot stores, checked against the manifest;
    /// `None` for a snapshot without one (the demo, older exports).
    pub fn site_catalog(&self) -> Result<Option<CatalogFile>> {
        let Some(entry) = &self.manifest.catalog else {
            return Ok(None);
        };
        let path = self.dir.join(&entry.file);
        let bad = |message: String| EngineError::Snapshot {
            path: path.clone(),
            message,
        };
        if entry.file.contains(['/', '\\']) || entry.file.starts_with('.') {
            return Err(bad(format!("bad file name {}", entry.file)));
        }
        let bytes = std::fs::read(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => bad("missing: the manifest lists this file".into()),
            _ => io(&path)(e),
        })?;
        let found = hex(&Sha256::digest(&bytes));
        if bytes.len() as u64 != entry.bytes || found != entry.sha256 {
            return Err(bad(format!(
                "the site catalog does not match its checksum ({} bytes, SHA-256 {found}; the manifest says {} bytes, {}): \
                 the file is damaged or was changed",
                bytes.len(),
                entry.bytes,
                entry.sha256
            )));
        }
        let text = String::from_utf8(bytes).map_err(|_| bad("the site catalog is not UTF-8".into()))?;
        toml::from_str(&text)
            .map(Some)
            .map_err(|e| bad(format!("invalid site catalog: {}", e.message())))
    }

    /// `base` with the snapshot's site catalog merged over it, or `None`
    /// when it needs none. A snapshot that stores no catalog (the demo, an
    /// export of an older version) implies one where its discovery views
    /// have columns or array views that `base` lacks: those attributes
    /// resolve by the naming rule ([`SiteMaps::from_views`]).
    pub fn catalog_over(&self, base: &Catalog) -> Result<Option<Catalog>> {
        let file = match self.site_catalog()? {
            Some(file) => file,
            None => match self.implied_catalog(base) {
                Some(file) => file,
                None => return Ok(None),
            },
        };
        base.with_site(&file).map(Some).map_err(|d| EngineError::Snapshot {
            path: self.dir.join(FILE),
            message: format!("the site catalog does not fit the catalog it extends: {d}"),
        })
    }
}

impl Snapshot {
    /// The catalog the views of a snapshot without a stored one imply, when
    /// its discovery views hold what `base` does not know.
    fn implied_catalog(&self, base: &Catalog) -> Option<CatalogFile> {
        let discovery = |name: &str| {
            let lower = name.to_ascii_lowercase();
            lower.starts_with("v_r_") || lower.starts_with("v_ra_")
        };
        let extends = self.manifest.views.iter().any(|v| {
            discovery(&v.name)
                && match base.view(&v.name) {
                    None => true,
                    Some(known) => v.schema.iter().any(|c| known.column(&c.name).is_none()),
                }
        });
        if !extends {
            return None;
        }
        let views: Vec<ViewDef> = self
            .manifest
            .views
            .iter()
            .map(|v| ViewDef {
                name: v.name.clone(),
                key: Vec::new(),
                confidence: None,
                columns: v
                    .schema
                    .iter()
                    .filter_map(|c| {
                        Some(ColumnDef {
                            name: c.name.clone(),
                            sql_type: sql_type_of(&c.data_type)?,
                        })
                    })
                    .collect(),
            })
            .collect();
        Some(build(&SiteMaps::from_views(&views, base), base).file)
    }
}

/// The SQL type a snapshot column of Arrow type `arrow` (as the manifest
/// prints it) was written from.
fn sql_type_of(arrow: &str) -> Option<SqlType> {
    Some(match arrow {
        "Utf8" | "LargeUtf8" | "Utf8View" => SqlType::NVarChar(None),
        "Int8" => SqlType::TinyInt,
        "Int16" => SqlType::SmallInt,
        "Int32" => SqlType::Int,
        "Int64" => SqlType::BigInt,
        "Boolean" => SqlType::Bit,
        "Float64" | "Float32" => SqlType::Float,
        "Date32" => SqlType::Date,
        "Binary" | "LargeBinary" => SqlType::Binary,
        t if t.starts_with("Timestamp") => SqlType::DateTime,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::check::verify;
    use crate::storage::snapshot::Source;
    use std::path::PathBuf;
    use wqlkit_core::{DateTime, SchemaProvider};

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("wqlkit-site-catalog-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    /// A snapshot of no views whose site catalog adds a view and a class.
    fn write(d: &std::path::Path) -> CatalogFile {
        let site: CatalogFile = toml::from_str(
            r#"
            [[view]]
            name = "v_GS_ASSET_TAG0"
            key = ["ResourceID"]
            columns = [{ name = "ResourceID", type = "int" }, { name = "AssetTag0", type = "nvarchar(255)" }]
            [[class]]
            name = "SMS_G_System_ASSET_TAG"
            view = "v_GS_ASSET_TAG0"
            kind = "inventory"
            resource_column = "ResourceID"
            properties = [{ name = "AssetTag", type = "string", column = "AssetTag0" }]
            "#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let time = DateTime::parse("2026-11-01 08:00:00").unwrap_or_else(|| unreachable!());
        let mut w =
            SnapshotWriter::create(d, Source::Demo { devices: 0, seed: 1 }, time).unwrap_or_else(|e| panic!("{e}"));
        w.set_site_catalog(&site).unwrap_or_else(|e| panic!("{e}"));
        w.finish().unwrap_or_else(|e| panic!("{e}"));
        site
    }

    #[test]
    fn the_stored_catalog_reads_back_and_extends_the_default() {
        let d = dir("roundtrip");
        let site = write(&d);
        let snap = Snapshot::open(&d, false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(snap.site_catalog().unwrap_or_else(|e| panic!("{e}")), Some(site));
        let c = snap
            .catalog_over(Catalog::builtin())
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no catalog"));
        assert!(c.class("SMS_G_System_ASSET_TAG").is_some());
        assert!(c.view("v_R_System").is_some(), "the default is still there");
        assert!(verify(&snap, &mut |_| {}).problems.is_empty());
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_changed_catalog_file_is_an_error_naming_it() {
        let d = dir("damaged");
        write(&d);
        let path = d.join(FILE);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, text.replace("AssetTag0", "AssetTag1")).unwrap_or_else(|e| panic!("{e}"));
        let snap = Snapshot::open(&d, false).unwrap_or_else(|e| panic!("{e}"));
        let err = snap.site_catalog().map(|_| ()).expect_err("an error").to_string();
        assert!(
            err.contains("catalog.toml") && err.contains("does not match its checksum"),
            "{err}"
        );
        let report = verify(&snap, &mut |_| {});
        assert!(
            report.problems.iter().any(|p| p.contains("catalog.toml")),
            "{:?}",
            report.problems
        );
        std::fs::remove_file(&path).unwrap_or_else(|e| panic!("{e}"));
        let err = snap.site_catalog().map(|_| ()).expect_err("an error").to_string();
        assert!(err.contains("missing"), "{err}");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_snapshot_without_a_catalog_implies_the_attributes_its_views_add() {
        use crate::storage::sink::BatchSink;
        use datafusion::arrow::array::{ArrayRef, Int32Array, StringArray};
        use datafusion::arrow::datatypes::{Field, Schema};
        use datafusion::arrow::record_batch::RecordBatch;
        use std::sync::Arc;
        let d = dir("implied");
        let time = DateTime::parse("2026-11-01 08:00:00").unwrap_or_else(|| unreachable!());
        let mut w =
            SnapshotWriter::create(&d, Source::Demo { devices: 0, seed: 1 }, time).unwrap_or_else(|e| panic!("{e}"));
        let mut table = |name: &str, cols: Vec<(&str, ArrayRef)>| {
            let schema = Arc::new(Schema::new(
                cols.iter()
                    .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
                    .collect::<Vec<_>>(),
            ));
            let batch = RecordBatch::try_new(schema.clone(), cols.into_iter().map(|c| c.1).collect())
                .unwrap_or_else(|e| panic!("{e}"));
            w.begin_file(name, schema).unwrap_or_else(|e| panic!("{e}"));
            w.write_batch(batch).unwrap_or_else(|e| panic!("{e}"));
            w.end_view().unwrap_or_else(|e| panic!("{e}"));
        };
        let ids: ArrayRef = Arc::new(Int32Array::from(vec![1, 2]));
        let text = |v: [&str; 2]| -> ArrayRef { Arc::new(StringArray::from(v.to_vec())) };
        table(
            "v_R_User",
            vec![
                ("ResourceID", ids.clone()),
                ("Name0", text(["a", "b"])),
                ("department0", text(["Finance", "Sales"])),
            ],
        );
        table(
            "v_RA_User_proxyAddresses",
            vec![("ResourceID", ids), ("proxyAddresses0", text(["smtp:a@x", "smtp:b@x"]))],
        );
        w.finish().unwrap_or_else(|e| panic!("{e}"));
        let snap = Snapshot::open(&d, false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(snap.site_catalog().ok(), Some(None), "nothing is stored");
        let c = snap
            .catalog_over(Catalog::builtin())
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no catalog implied"));
        let user = c.class("SMS_R_User").unwrap_or_else(|| unreachable!());
        assert_eq!(
            user.property("department").map(|p| p.column.as_str()),
            Some("department0")
        );
        assert_eq!(
            user.property("proxyAddresses").and_then(|p| p.array_view.as_deref()),
            Some("v_RA_User_proxyAddresses")
        );
        // The default's type stays where it knows the column; the view keeps the snapshot's columns.
        assert_eq!(
            c.view("v_R_User").and_then(|v| v.column("Name0")).map(|c| c.sql_type),
            Some(SqlType::NVarChar(Some(256)))
        );
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_snapshot_of_the_default_schema_implies_nothing() {
        let d = dir("plain");
        write(&d);
        std::fs::remove_file(d.join(FILE)).unwrap_or_else(|e| panic!("{e}"));
        let mut snap = Snapshot::open(&d, false).unwrap_or_else(|e| panic!("{e}"));
        std::sync::Arc::make_mut(&mut snap.manifest).catalog = None;
        assert!(
            snap.catalog_over(Catalog::builtin())
                .unwrap_or_else(|e| panic!("{e}"))
                .is_none()
        );
        let _ = std::fs::remove_dir_all(&d);
    }
}
