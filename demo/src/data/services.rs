//! Windows services as Win32_Service reports them (`services.toml`): those
//! on every machine, on workstations, on Windows 10 and later, with the
//! ConfigMgr client, with a server role, and with an installed product.

use super::hardware::Role;
use serde::Deserialize;
use std::sync::LazyLock;

/// A Windows service as Win32_Service reports it.
#[derive(Debug, Deserialize)]
pub(crate) struct Service {
    pub name: String,
    pub display: String,
    pub start: String,
    pub state: String,
    pub path: String,
    pub account: String,
    pub kind: String,
    pub description: String,
}

/// A service that comes with some server roles.
#[derive(Debug, Deserialize)]
pub(crate) struct RoleService {
    pub roles: Vec<Role>,
    #[serde(flatten)]
    pub service: Service,
}

/// A service that comes with an installed product (its catalog name).
#[derive(Debug, Deserialize)]
pub(crate) struct ProductService {
    pub product: String,
    #[serde(flatten)]
    pub service: Service,
}

/// Every service, by when a machine has it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Services {
    /// On every Windows machine.
    pub base: Vec<Service>,
    /// Only on workstations.
    pub workstation: Vec<Service>,
    /// On Windows 10 and later.
    pub modern: Vec<Service>,
    /// With the ConfigMgr client.
    pub client: Vec<Service>,
    pub role: Vec<RoleService>,
    pub product: Vec<ProductService>,
}

impl Services {
    /// The services a server of `role` has.
    pub(crate) fn of_role(&'static self, role: Role) -> impl Iterator<Item = &'static Service> {
        self.role
            .iter()
            .filter(move |r| r.roles.contains(&role))
            .map(|r| &r.service)
    }

    /// The services installing `product` adds.
    pub(crate) fn of_product(&'static self, product: &str) -> impl Iterator<Item = &'static Service> {
        self.product
            .iter()
            .filter(move |p| p.product == product)
            .map(|p| &p.service)
    }
}

pub(crate) static SERVICES: LazyLock<Services> =
    LazyLock::new(|| super::parse("services.toml", include_str!("../../data/services.toml")));
