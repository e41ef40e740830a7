//! Classic packages, their advertisements and the states clients report for
//! them (`packages.toml`).

use serde::Deserialize;
use std::sync::LazyLock;

/// A classic package.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Package {
    pub id: String,
    pub name: String,
    pub version: String,
    pub manufacturer: String,
    pub description: String,
    pub source: String,
    /// PackageType (0 regular software distribution).
    pub kind: i64,
}

/// A classic deployment of a package program to a collection.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Advert {
    pub id: String,
    pub name: String,
    /// The package's id.
    pub package: String,
    pub program: String,
    /// The target collection's name.
    pub target: String,
    /// How long before the site's time it was created.
    pub days_ago: i64,
}

/// A state a client reports for an advertisement.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AdvertState {
    pub state: i64,
    pub state_name: String,
    /// Status message id and name.
    pub message: i64,
    pub message_name: String,
    pub severity: i64,
    pub exit_code: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Packages {
    package: Vec<Package>,
    advertisement: Vec<Advert>,
    advertisement_state: Vec<AdvertState>,
}

static PACKAGES_FILE: LazyLock<Packages> =
    LazyLock::new(|| super::parse("packages.toml", include_str!("../../data/packages.toml")));

/// Every package.
pub(crate) static PACKAGES: LazyLock<&'static [Package]> = LazyLock::new(|| &PACKAGES_FILE.package);

/// Every advertisement.
pub(crate) static ADVERTS: LazyLock<&'static [Advert]> = LazyLock::new(|| &PACKAGES_FILE.advertisement);

/// The states clients report, most common first.
pub(crate) static ADVERT_STATES: LazyLock<&'static [AdvertState]> =
    LazyLock::new(|| &PACKAGES_FILE.advertisement_state);
