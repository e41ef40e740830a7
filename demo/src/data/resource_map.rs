//! The discovery architectures of `v_ResourceMap` (`resource_map.csv`): the
//! default rows Learn's discovery and schema views pages list (2 Unknown
//! System … 6 IP Network, the class names as Learn spells them).

use serde::Deserialize;
use std::sync::LazyLock;

/// One row of `v_ResourceMap`.
#[derive(Debug, Deserialize)]
pub(crate) struct ResourceMapRow {
    #[serde(rename = "ResourceType")]
    pub resource_type: i64,
    #[serde(rename = "DisplayName")]
    pub display_name: String,
    #[serde(rename = "ResourceClassName")]
    pub resource_class_name: String,
}

/// Every row, in the file's order.
pub(crate) static RESOURCE_MAP: LazyLock<Vec<ResourceMapRow>> =
    LazyLock::new(|| super::parse_csv("resource_map.csv", include_str!("../../data/resource_map.csv")));
