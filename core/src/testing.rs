//! Fixtures for the tests of wqlkit's crates, behind the `testing` feature:
//! a small catalog to bind and run queries against.

use crate::Catalog;

/// The TOML of the mini catalog: a few classes of the kinds the binder treats
/// differently (discovery with an array property, inventory, update state,
/// collection membership, a client-side class) and their views.
pub const MINI_CATALOG: &str = include_str!("../testdata/mini_catalog.toml");

/// The mini catalog, parsed.
pub fn mini_catalog() -> Catalog {
    Catalog::from_toml(MINI_CATALOG).unwrap_or_else(|e| panic!("mini catalog: {e}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn mini_catalog_loads() {
        let c = super::mini_catalog();
        assert!(c.class("SMS_R_System").is_some());
    }
}
