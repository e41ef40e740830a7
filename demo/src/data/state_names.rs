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
pub(crate) static STATE_NAMES: LazyLock<Vec<StateName>> = LazyLock::new(|| {
    csv::Reader::from_reader(include_str!("../../data/v_StateNames.csv").as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("demo/data/v_StateNames.csv: {e}"))
});
