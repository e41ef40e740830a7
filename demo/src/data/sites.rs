//! Offices (`sites.toml`) and departments (`departments.toml`).

use serde::Deserialize;
use std::sync::LazyLock;

/// An office: its AD site, subnets and locale.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Site {
    /// Three-letter code used in device names (`LON`).
    pub code: String,
    /// The city as people write it.
    pub city: String,
    /// The city as AD spells the office's OU (`NewYork`).
    pub ou: String,
    /// The AD site name.
    pub ad_site: String,
    /// Second octet of the office's 10.x.0.0/16 network.
    pub net: u8,
    /// Windows locale id of the office's OS images.
    pub lcid: i64,
    /// `Locale` as Win32_OperatingSystem reports it (hex LCID).
    pub locale: String,
    /// Country calling code (`CountryCode`).
    pub country: String,
    /// UTC offset in minutes.
    pub tz: i64,
    /// Share of the workforce.
    pub weight: u32,
    /// Language tag of Office installs.
    pub lang: String,
}

/// A department: drives AD groups, device groups and line-of-business software.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Dept {
    pub name: String,
    /// Share of the workforce.
    pub weight: u32,
}

#[derive(Deserialize)]
struct Sites {
    site: Vec<Site>,
}

#[derive(Deserialize)]
struct Depts {
    department: Vec<Dept>,
}

pub(crate) static SITES: LazyLock<Vec<Site>> =
    LazyLock::new(|| super::parse::<Sites>("sites.toml", include_str!("../../data/sites.toml")).site);

pub(crate) static DEPTS: LazyLock<Vec<Dept>> =
    LazyLock::new(|| super::parse::<Depts>("departments.toml", include_str!("../../data/departments.toml")).department);

/// The offices' weights, in order.
pub(crate) static SITE_WEIGHTS: LazyLock<Vec<u32>> = LazyLock::new(|| SITES.iter().map(|s| s.weight).collect());

/// The departments' weights, in order.
pub(crate) static DEPT_WEIGHTS: LazyLock<Vec<u32>> = LazyLock::new(|| DEPTS.iter().map(|d| d.weight).collect());

/// The IT department, whose people administer the site.
pub(crate) static DEPT_IT: LazyLock<usize> = LazyLock::new(|| dept_index("IT"));

/// The executives' department, whose accounts sit in their own OU.
pub(crate) static DEPT_EXECUTIVE: LazyLock<usize> = LazyLock::new(|| dept_index("Executive"));

/// The index of department `name` (which the data must hold).
pub(crate) fn dept_index(name: &str) -> usize {
    DEPTS
        .iter()
        .position(|d| d.name == name)
        .unwrap_or_else(|| panic!("demo/data/departments.toml has no department {name}"))
}
