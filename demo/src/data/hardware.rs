//! Kinds of machine, server roles, hardware models and processors
//! (`hardware.toml`).

use serde::Deserialize;
use std::sync::LazyLock;

/// What a device is, which decides its name, OU, hardware and software.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Desktop,
    Laptop,
    Vdi,
    Kiosk,
    Lab,
    Server(Role),
}

impl Kind {
    pub(crate) fn is_server(self) -> bool {
        matches!(self, Kind::Server(_))
    }
    pub(crate) fn is_workstation(self) -> bool {
        !self.is_server()
    }
}

/// Server roles (the middle part of server names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub(crate) enum Role {
    /// Domain controller.
    Dc,
    Sql,
    Web,
    File,
    App,
    HyperV,
    /// ConfigMgr site server.
    Cm,
    /// ConfigMgr distribution point.
    Dp,
    Rds,
    Print,
}

/// How a role shows in names and OUs, and how common it is.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoleDef {
    pub role: Role,
    /// The middle part of server names (`SRV-SQL-004`).
    pub code: String,
    /// The OU of its servers, upper case as discovery reports it.
    pub ou: String,
    /// Weight among servers.
    pub weight: u32,
}

impl Role {
    pub(crate) const ALL: [Role; 10] = [
        Role::Dc,
        Role::Sql,
        Role::Web,
        Role::File,
        Role::App,
        Role::HyperV,
        Role::Cm,
        Role::Dp,
        Role::Rds,
        Role::Print,
    ];
    fn def(self) -> &'static RoleDef {
        role_defs()
            .iter()
            .find(|r| r.role == self)
            .unwrap_or_else(|| panic!("demo/data/hardware.toml has no role {self:?}"))
    }
    pub(crate) fn code(self) -> &'static str {
        &self.def().code
    }
    pub(crate) fn ou(self) -> &'static str {
        &self.def().ou
    }
    pub(crate) fn weight(self) -> u32 {
        self.def().weight
    }
    pub(crate) fn index(self) -> usize {
        Role::ALL.iter().position(|r| *r == self).unwrap_or(0)
    }
}

/// Form factor of a hardware model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub(crate) enum Form {
    Desktop,
    Laptop,
    Tablet,
    Server,
    Virtual,
}

/// How a vendor formats BIOS versions and serial numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub(crate) enum Vendor {
    Dell,
    Hp,
    HpOld,
    Hpe,
    Lenovo,
    Surface,
    VMware,
    VMwareOld,
    HyperV,
}

/// A hardware model.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Model {
    pub vendor: Vendor,
    /// Win32_ComputerSystem.Manufacturer.
    pub manufacturer: String,
    /// Win32_ComputerSystem.Model (Lenovo reports its machine type here).
    pub model: String,
    /// Win32_ComputerSystemProduct.Version (Lenovo's marketing name).
    pub family: String,
    pub form: Form,
    /// Year the model shipped.
    pub year: i32,
    /// Win32_SystemEnclosure.ChassisTypes.
    pub chassis: i64,
    /// SMBIOS BIOS versions, newest first.
    pub bios: Vec<String>,
    /// Processors it ships with (`id`s of the processor table).
    #[serde(rename = "cpus")]
    pub cpu_ids: Vec<String>,
    /// `cpu_ids` as indexes into [`CPUS`].
    #[serde(skip)]
    pub cpus: Vec<usize>,
    /// Memory sizes in GB.
    pub ram: Vec<u32>,
    /// System drive size in GB.
    pub disk: Vec<u32>,
    /// Disk model string.
    pub disk_model: String,
    pub tpm2: bool,
    pub uefi: bool,
    /// First OUI bytes of the wired NIC (`D0:94:66`).
    #[serde(with = "oui")]
    pub oui: [u8; 3],
    /// Network adapter description.
    pub nic: String,
    /// Video controller.
    pub video: String,
    /// Weight among models of its form factor and era.
    pub weight: u32,
}

/// A processor model.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Cpu {
    /// How models refer to it.
    pub id: String,
    /// Win32_Processor.Name (Intel pads some names with spaces).
    pub name: String,
    pub manufacturer: String,
    pub cores: i64,
    pub logical: i64,
    pub mhz: i64,
    pub l2: i64,
    pub l3: i64,
    /// SMS_R_System.CPUType.
    pub cpu_type: String,
    pub processor_id: String,
    pub family: i64,
    /// Win32_Processor.Architecture (9 x64, 12 ARM64).
    pub arch: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Hardware {
    role: Vec<RoleDef>,
    model: Vec<Model>,
    cpu: Vec<Cpu>,
}

static HARDWARE: LazyLock<Hardware> = LazyLock::new(|| {
    let mut h: Hardware = super::parse("hardware.toml", include_str!("../../data/hardware.toml"));
    for m in &mut h.model {
        m.cpus =
            m.cpu_ids
                .iter()
                .map(|id| {
                    h.cpu.iter().position(|c| &c.id == id).unwrap_or_else(|| {
                        panic!("demo/data/hardware.toml: model {} names an unknown cpu {id}", m.model)
                    })
                })
                .collect();
    }
    h
});

/// Every server role's names and weight.
pub(crate) fn role_defs() -> &'static [RoleDef] {
    &HARDWARE.role
}

/// Every hardware model.
pub(crate) static MODELS: LazyLock<&'static [Model]> = LazyLock::new(|| &HARDWARE.model);

/// Every processor model.
pub(crate) static CPUS: LazyLock<&'static [Cpu]> = LazyLock::new(|| &HARDWARE.cpu);

/// `[u8; 3]` as `D0:94:66`.
mod oui {
    use serde::{Deserialize, Deserializer, de::Error};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 3], D::Error> {
        let text = String::deserialize(d)?;
        let bytes: Vec<u8> = text
            .split(':')
            .map(|b| u8::from_str_radix(b, 16))
            .collect::<Result<_, _>>()
            .map_err(D::Error::custom)?;
        bytes
            .try_into()
            .map_err(|_| D::Error::custom(format!("{text}: an OUI is three hex bytes")))
    }
}
