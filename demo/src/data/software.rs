//! The software catalog (`software.toml`): real-world products with their
//! versions, who installs them and how often.

use serde::Deserialize;
use std::sync::LazyLock;

/// Which Add/Remove Programs hive an entry registers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Arch {
    /// 32-bit (WOW6432Node): v_GS_ADD_REMOVE_PROGRAMS.
    X86,
    /// 64-bit: v_GS_ADD_REMOVE_PROGRAMS_64.
    X64,
}

/// Who gets a product (bit flags; groups of bits are ANDed, bits within a
/// group ORed). `software.toml` names them in its `who` lists.
pub(crate) mod who {
    pub const WS: u64 = 1;
    pub const VDI: u64 = 1 << 1;
    pub const LAB: u64 = 1 << 2;
    pub const KIOSK: u64 = 1 << 3;
    pub const SRV: u64 = 1 << 4;
    pub const KINDS: u64 = WS | VDI | LAB | KIOSK | SRV;
    pub const CLIENTS: u64 = WS | VDI | LAB;
    pub const ALL: u64 = KINDS;

    pub const OLD: u64 = 1 << 5;
    pub const NEW: u64 = 1 << 6;

    /// The first department's bit; department `k` (in `departments.toml` order) is `DEPT << k`.
    pub const DEPT: u64 = 1 << 8;
    pub const DEPTS: u64 = 0x3FF << 8;

    /// The first role's bit; role `k` (in `Role::ALL` order) is `ROLE << k`.
    pub const ROLE: u64 = 1 << 20;
    pub const ROLES: u64 = 0x3FF << 20;

    pub const DELL: u64 = 1 << 32;
    pub const HP: u64 = 1 << 33;
    pub const LENOVO: u64 = 1 << 34;
    pub const SURFACE: u64 = 1 << 35;
    pub const VMWARE: u64 = 1 << 36;
    pub const HYPERV: u64 = 1 << 37;
    pub const PHYSICAL: u64 = DELL | HP | LENOVO | SURFACE;
    pub const VENDORS: u64 = 0x3F << 32;

    pub const LAPTOP: u64 = 1 << 44;
    /// Small utilities used to top up sparse machines.
    pub const FILL: u64 = 1 << 45;

    /// The names `software.toml` uses, composite ones first.
    pub const NAMES: &[(&str, u64)] = &[
        ("ALL", ALL),
        ("CLIENTS", CLIENTS),
        ("PHYSICAL", PHYSICAL),
        ("WS", WS),
        ("VDI", VDI),
        ("LAB", LAB),
        ("KIOSK", KIOSK),
        ("SRV", SRV),
        ("OLD", OLD),
        ("NEW", NEW),
        ("FIN", DEPT),
        ("HR", DEPT << 1),
        ("SALES", DEPT << 2),
        ("MKT", DEPT << 3),
        ("ENG", DEPT << 4),
        ("IT", DEPT << 5),
        ("LEGAL", DEPT << 6),
        ("OPS", DEPT << 7),
        ("SUPPORT", DEPT << 8),
        ("EXEC", DEPT << 9),
        ("DC", ROLE),
        ("SQL", ROLE << 1),
        ("WEB", ROLE << 2),
        ("FILE", ROLE << 3),
        ("APP", ROLE << 4),
        ("HV", ROLE << 5),
        ("CM", ROLE << 6),
        ("DP", ROLE << 7),
        ("RDS", ROLE << 8),
        ("PRINT", ROLE << 9),
        ("DELL", DELL),
        ("HP", HP),
        ("LENOVO", LENOVO),
        ("SURFACE", SURFACE),
        ("VMWARE", VMWARE),
        ("HYPERV", HYPERV),
        ("LAPTOP", LAPTOP),
        ("FILL", FILL),
    ];
}

/// The Office suite an entry belongs to (installed with it).
pub(crate) const SUITE_M365: u8 = 1;
pub(crate) const SUITE_O2016: u8 = 2;
pub(crate) const SUITE_O2010: u8 = 3;
const SUITES: &[(&str, u8)] = &[
    ("m365", SUITE_M365),
    ("office2016", SUITE_O2016),
    ("office2010", SUITE_O2010),
];

/// A product in the catalog.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Sw {
    /// ARP display name; `{v}` is replaced by the version, `{}` by its label.
    pub name: String,
    pub publisher: String,
    /// Versions, newest first: `version` or `version|label`; `""` for none (updates).
    pub versions: Vec<String>,
    pub arch: Arch,
    /// Who gets it (names of [`who`] flags); none: only where the code installs it.
    #[serde(with = "who_names", default)]
    pub who: u64,
    /// The share of matching devices that have it.
    #[serde(default)]
    pub p: f32,
    /// Registered by Windows Installer (ProdID is a product code GUID).
    #[serde(default)]
    pub msi: bool,
    /// Install directory (`{}` is replaced by the label).
    #[serde(default)]
    pub dir: String,
    /// Main executable, for software inventory.
    #[serde(default)]
    pub exe: String,
    /// Office suite the entry belongs to (installed with it), 0 for none.
    #[serde(with = "suite_name", default)]
    pub suite: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalog {
    product: Vec<Sw>,
}

/// The software catalog; its first entry is the ConfigMgr client.
pub(crate) static CATALOG: LazyLock<Vec<Sw>> =
    LazyLock::new(|| super::parse::<Catalog>("software.toml", include_str!("../../data/software.toml")).product);

/// Index of the ConfigMgr client entry (its version is the device's client version).
pub(crate) const CM_CLIENT: usize = 0;

mod who_names {
    use super::who::NAMES;
    use serde::{Deserialize, Deserializer, de::Error};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        let names = Vec::<String>::deserialize(d)?;
        names.iter().try_fold(0, |mask, n| {
            NAMES
                .iter()
                .find(|(name, _)| name == n)
                .map(|(_, bits)| mask | bits)
                .ok_or_else(|| D::Error::custom(format!("unknown `who` flag {n}")))
        })
    }
}

mod suite_name {
    use super::SUITES;
    use serde::{Deserialize, Deserializer, de::Error};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u8, D::Error> {
        let name = String::deserialize(d)?;
        SUITES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, k)| *k)
            .ok_or_else(|| D::Error::custom(format!("unknown suite {name}")))
    }
}
