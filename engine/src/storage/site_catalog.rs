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
use wqlkit_core::Catalog;
use wqlkit_core::catalog::CatalogFile;

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
    /// when the snapshot stores none.
    pub fn catalog_over(&self, base: &Catalog) -> Result<Option<Catalog>> {
        let Some(file) = self.site_catalog()? else {
            return Ok(None);
        };
        base.with_site(&file).map(Some).map_err(|d| EngineError::Snapshot {
            path: self.dir.join(FILE),
            message: format!("the site catalog does not fit the catalog it extends: {d}"),
        })
    }
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
}
