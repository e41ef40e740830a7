//! The site's state names (`v_StateNames.csv`, as exported from a site).

use serde::Deserialize;
use std::sync::LazyLock;

/// One row of the state-name table.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct StateName {
    #[serde(rename = "TopicType")]
    pub topic: i64,
    #[serde(rename = "StateID")]
    pub id: i64,
    #[serde(rename = "StateName")]
    pub name: String,
    #[serde(rename = "StateDescription")]
    pub description: String,
}

/// Every state name, in the file's order.
pub(crate) static STATE_NAMES: LazyLock<Vec<StateName>> =
    LazyLock::new(|| super::parse_csv("v_StateNames.csv", include_str!("../../data/v_StateNames.csv")));
