//! The discovery architectures of `v_ResourceMap` (`resource_map.csv`, in
//! the view's columns): the default rows Learn's discovery and schema views
//! pages list (2 Unknown System … 6 IP Network, the class names as Learn
//! spells them).

use std::sync::LazyLock;
use wqlkit_core::catalog::site::ResourceMapRow;

/// Every row, in the file's order.
pub(crate) static RESOURCE_MAP: LazyLock<Vec<ResourceMapRow>> =
    LazyLock::new(|| super::parse_csv("resource_map.csv", include_str!("../../data/resource_map.csv")));
