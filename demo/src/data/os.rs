//! Operating systems and which machines run them (`operating_systems.toml`),
//! and ConfigMgr client versions (`client_versions.toml`).

use super::hardware::{Kind, Role};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Operating system families.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub(crate) enum OsFamily {
    Win7,
    Win10,
    Win11,
    Srv2008R2,
    Srv2012R2,
    Srv2016,
    Srv2019,
    Srv2022,
    Srv2025,
}

impl OsFamily {
    pub(crate) fn is_server(self) -> bool {
        !matches!(self, OsFamily::Win7 | OsFamily::Win10 | OsFamily::Win11)
    }

    /// Out of mainstream support long ago: old hardware, old software versions.
    pub(crate) fn is_legacy(self) -> bool {
        matches!(self, OsFamily::Win7 | OsFamily::Srv2008R2 | OsFamily::Srv2012R2)
    }
}

/// One operating system build and edition, as WMI and discovery report it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OsVariant {
    /// How the code and the rest of the data refer to it (`W10_22H2`).
    pub id: String,
    pub family: OsFamily,
    /// Win32_OperatingSystem.Caption (Windows 7 and 2008 R2 captions really end in a space).
    pub caption: String,
    pub version: String,
    pub build: String,
    pub csd: Option<String>,
    /// SMS_R_System.OperatingSystemNameandVersion.
    pub nt_name: String,
    pub sku: i64,
    /// Feature update name, for servicing states.
    pub release: String,
    /// General availability.
    #[serde(with = "super::date")]
    pub ga: (i32, u32, u32),
    /// Servicing branch (SMS_R_System.OSBranch): 0 semi-annual/general, 2 long-term.
    pub branch: String,
    /// The cumulative-update line the build takes, if any (an `id` of `bulletins.toml`'s lines).
    #[serde(rename = "line")]
    pub line_id: Option<String>,
    /// `line_id` as an index into [`super::LINES`].
    #[serde(skip)]
    pub line: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OsFile {
    os: Vec<OsVariant>,
    /// Per kind of machine, the variants it runs and their weights.
    mix: HashMap<String, Vec<(String, u32)>>,
}

/// The kinds of machine `operating_systems.toml`'s `mix` lists, in the order [`os_mix`] indexes them.
const MIX_KINDS: [&str; 9] = [
    "desktop",
    "laptop",
    "vdi",
    "kiosk",
    "lab",
    "domain_controller",
    "hyper_v",
    "configmgr",
    "server",
];

struct Oses {
    list: Vec<OsVariant>,
    /// Per entry of [`MIX_KINDS`], the variants and their weights.
    mix: Vec<Vec<(usize, u32)>>,
}

static OSES: LazyLock<Oses> = LazyLock::new(|| {
    let file: OsFile = super::parse(
        "operating_systems.toml",
        include_str!("../../data/operating_systems.toml"),
    );
    let mut list = file.os;
    for os in &mut list {
        os.line = os.line_id.as_deref().map(super::line_index);
    }
    let index = |id: &str| {
        list.iter()
            .position(|o| o.id == id)
            .unwrap_or_else(|| panic!("demo/data/operating_systems.toml: no os {id}"))
    };
    let mix = MIX_KINDS
        .iter()
        .map(|k| {
            let variants = file
                .mix
                .get(*k)
                .unwrap_or_else(|| panic!("demo/data/operating_systems.toml has no mix.{k}"));
            variants.iter().map(|(id, w)| (index(id), *w)).collect()
        })
        .collect();
    Oses { list, mix }
});

/// Every operating system variant.
pub(crate) static OS: LazyLock<&'static [OsVariant]> = LazyLock::new(|| &OSES.list);

/// The index in [`OS`] of the variant `id` (which the data must hold).
pub(crate) fn os_index(id: &str) -> usize {
    OS.iter()
        .position(|o| o.id == id)
        .unwrap_or_else(|| panic!("demo/data/operating_systems.toml has no os {id}"))
}

/// The variants a kind of machine runs, with their weights.
pub(crate) fn os_mix(kind: Kind) -> &'static [(usize, u32)] {
    let k = match kind {
        Kind::Desktop => 0,
        Kind::Laptop => 1,
        Kind::Vdi => 2,
        Kind::Kiosk => 3,
        Kind::Lab => 4,
        Kind::Server(Role::Dc) => 5,
        Kind::Server(Role::HyperV) => 6,
        Kind::Server(Role::Cm | Role::Dp) => 7,
        Kind::Server(_) => 8,
    };
    &OSES.mix[k]
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientVersions {
    current: Vec<(String, u32)>,
    legacy: Vec<(String, u32)>,
}

static CLIENTS: LazyLock<ClientVersions> =
    LazyLock::new(|| super::parse("client_versions.toml", include_str!("../../data/client_versions.toml")));

/// ConfigMgr client versions with their share of the fleet, newest first.
pub(crate) static CLIENT_VERSIONS: LazyLock<&'static [(String, u32)]> = LazyLock::new(|| &CLIENTS.current);

/// Client versions left on Windows 7 and Server 2008 R2, which newer clients no longer support.
pub(crate) static LEGACY_CLIENT_VERSIONS: LazyLock<&'static [(String, u32)]> = LazyLock::new(|| &CLIENTS.legacy);
