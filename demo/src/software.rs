//! Installed software: a catalog of real-world products with their versions,
//! which devices get what, and the views built from it (Add/Remove Programs,
//! installed software, software inventory files and products).

use crate::Ctx;
use crate::data::{Form, Kind, OsFamily, Role, Vendor};
use crate::fleet::Device;
use crate::rng::{Rng, Stream, hash, hash_str};
use crate::table::{Base, Scope, Subject, Table, columns};
use crate::value::{GuidStyle, MICROS_PER_DAY, MICROS_PER_HOUR, Val, days, guid_string};
use std::sync::OnceLock;

/// Which Add/Remove Programs hive an entry registers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arch {
    /// 32-bit (WOW6432Node): v_GS_ADD_REMOVE_PROGRAMS.
    X86,
    /// 64-bit: v_GS_ADD_REMOVE_PROGRAMS_64.
    X64,
}

/// Who gets a product (bit flags; groups of bits are ANDed, bits within a group ORed).
/// The table is complete even where no product uses a flag yet.
#[allow(dead_code)]
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

    pub const FIN: u64 = 1 << 8;
    pub const HR: u64 = 1 << 9;
    pub const SALES: u64 = 1 << 10;
    pub const MKT: u64 = 1 << 11;
    pub const ENG: u64 = 1 << 12;
    pub const IT: u64 = 1 << 13;
    pub const LEGAL: u64 = 1 << 14;
    pub const OPS: u64 = 1 << 15;
    pub const SUPPORT: u64 = 1 << 16;
    pub const EXEC: u64 = 1 << 17;
    pub const DEPTS: u64 = 0x3FF << 8;

    pub const DC: u64 = 1 << 20;
    pub const SQL: u64 = 1 << 21;
    pub const WEB: u64 = 1 << 22;
    pub const FILE: u64 = 1 << 23;
    pub const APP: u64 = 1 << 24;
    pub const HV: u64 = 1 << 25;
    pub const CM: u64 = 1 << 26;
    pub const DP: u64 = 1 << 27;
    pub const RDS: u64 = 1 << 28;
    pub const PRINT: u64 = 1 << 29;
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
}

use who::*;

/// A product in the catalog.
pub(crate) struct Sw {
    /// ARP display name; `{v}` is replaced by the version, `{}` by its label.
    pub name: &'static str,
    pub publisher: &'static str,
    /// Versions, newest first: `version` or `version|label`; `""` for none (updates).
    pub versions: &'static [&'static str],
    pub arch: Arch,
    pub who: u64,
    pub p: f32,
    /// Registered by Windows Installer (ProdID is a product code GUID).
    pub msi: bool,
    /// Install directory (`{}` is replaced by the label).
    pub dir: &'static str,
    /// Main executable, for software inventory.
    pub exe: &'static str,
    /// Office suite the entry belongs to (installed with it), 0 for none.
    pub suite: u8,
}

macro_rules! sw {
    ($name:expr, $publisher:expr, [$($v:expr),* $(,)?], $arch:ident, $who:expr, $p:expr) => {
        sw!($name, $publisher, [$($v),*], $arch, $who, $p, false, "", "", 0)
    };
    ($name:expr, $publisher:expr, [$($v:expr),* $(,)?], $arch:ident, $who:expr, $p:expr, $msi:expr) => {
        sw!($name, $publisher, [$($v),*], $arch, $who, $p, $msi, "", "", 0)
    };
    ($name:expr, $publisher:expr, [$($v:expr),* $(,)?], $arch:ident, $who:expr, $p:expr, $msi:expr, $dir:expr, $exe:expr) => {
        sw!($name, $publisher, [$($v),*], $arch, $who, $p, $msi, $dir, $exe, 0)
    };
    ($name:expr, $publisher:expr, [$($v:expr),* $(,)?], $arch:ident, $who:expr, $p:expr, $msi:expr, $dir:expr, $exe:expr, $suite:expr) => {
        Sw {
            name: $name,
            publisher: $publisher,
            versions: &[$($v),*],
            arch: Arch::$arch,
            who: $who,
            p: $p,
            msi: $msi,
            dir: $dir,
            exe: $exe,
            suite: $suite,
        }
    };
}

pub(crate) const SUITE_M365: u8 = 1;
pub(crate) const SUITE_O2016: u8 = 2;
pub(crate) const SUITE_O2010: u8 = 3;

const MS: &str = "Microsoft Corporation";
const M365_VERSIONS: [&str; 4] = [
    "16.0.19127.20222",
    "16.0.18925.20242",
    "16.0.18827.20164",
    "16.0.17928.20516",
];

/// Index of the ConfigMgr client entry (its version is the device's client version).
pub(crate) const CM_CLIENT: usize = 0;

/// The software catalog.
pub(crate) const CATALOG: &[Sw] = &[
    sw!(
        "Configuration Manager Client",
        MS,
        [
            "5.00.9135.1007",
            "5.00.9135.1000",
            "5.00.9132.1011",
            "5.00.9128.1007",
            "5.00.9128.1000",
            "5.00.9122.1000",
            "5.00.9106.1000",
            "5.00.9096.1000",
            "5.00.9088.1025",
            "5.00.9058.1047",
            "5.00.8968.1042",
            "5.00.8790.1025",
            "5.00.8355.1306"
        ],
        X64,
        0,
        0.0,
        true,
        "C:\\Windows\\CCM",
        "CcmExec.exe"
    ),
    // Runtimes.
    sw!(
        "Microsoft Visual C++ 2015-2022 Redistributable (x64) - {v}",
        MS,
        [
            "14.44.35211",
            "14.42.34433",
            "14.40.33810",
            "14.38.33135",
            "14.36.32532",
            "14.29.30139"
        ],
        X86,
        ALL,
        0.96
    ),
    sw!(
        "Microsoft Visual C++ 2015-2022 Redistributable (x86) - {v}",
        MS,
        [
            "14.44.35211",
            "14.42.34433",
            "14.40.33810",
            "14.38.33135",
            "14.36.32532",
            "14.29.30139"
        ],
        X86,
        ALL,
        0.93
    ),
    sw!(
        "Microsoft Visual C++ 2022 X64 Minimum Runtime - {v}",
        MS,
        ["14.44.35211", "14.42.34433", "14.40.33810"],
        X64,
        ALL | NEW,
        0.9,
        true
    ),
    sw!(
        "Microsoft Visual C++ 2022 X64 Additional Runtime - {v}",
        MS,
        ["14.44.35211", "14.42.34433", "14.40.33810"],
        X64,
        ALL | NEW,
        0.9,
        true
    ),
    sw!(
        "Microsoft Visual C++ 2022 X86 Minimum Runtime - {v}",
        MS,
        ["14.44.35211", "14.42.34433", "14.40.33810"],
        X86,
        ALL | NEW,
        0.88,
        true
    ),
    sw!(
        "Microsoft Visual C++ 2022 X86 Additional Runtime - {v}",
        MS,
        ["14.44.35211", "14.42.34433", "14.40.33810"],
        X86,
        ALL | NEW,
        0.88,
        true
    ),
    sw!(
        "Microsoft Visual C++ 2013 Redistributable (x64) - 12.0.40664",
        MS,
        ["12.0.40664.0"],
        X86,
        ALL,
        0.75
    ),
    sw!(
        "Microsoft Visual C++ 2013 Redistributable (x86) - 12.0.40664",
        MS,
        ["12.0.40664.0"],
        X86,
        ALL,
        0.78
    ),
    sw!(
        "Microsoft Visual C++ 2013 x64 Minimum Runtime - 12.0.40664",
        MS,
        ["12.0.40664"],
        X64,
        ALL,
        0.72,
        true
    ),
    sw!(
        "Microsoft Visual C++ 2013 x86 Additional Runtime - 12.0.40664",
        MS,
        ["12.0.40664"],
        X86,
        ALL,
        0.74,
        true
    ),
    sw!(
        "Microsoft Visual C++ 2012 Redistributable (x64) - 11.0.61030",
        MS,
        ["11.0.61030.0"],
        X86,
        ALL,
        0.6
    ),
    sw!(
        "Microsoft Visual C++ 2012 Redistributable (x86) - 11.0.61030",
        MS,
        ["11.0.61030.0"],
        X86,
        ALL,
        0.62
    ),
    sw!(
        "Microsoft Visual C++ 2010  x64 Redistributable - 10.0.40219",
        MS,
        ["10.0.40219"],
        X64,
        ALL,
        0.55,
        true
    ),
    sw!(
        "Microsoft Visual C++ 2010  x86 Redistributable - 10.0.40219",
        MS,
        ["10.0.40219"],
        X86,
        ALL,
        0.6,
        true
    ),
    sw!(
        "Microsoft Visual C++ 2008 Redistributable - x64 9.0.30729.6161",
        MS,
        ["9.0.30729.6161"],
        X64,
        ALL,
        0.45,
        true
    ),
    sw!(
        "Microsoft Visual C++ 2008 Redistributable - x86 9.0.30729.6161",
        MS,
        ["9.0.30729.6161"],
        X86,
        ALL,
        0.5,
        true
    ),
    sw!(
        "Microsoft Visual C++ 2005 Redistributable (x64)",
        MS,
        ["8.0.61000"],
        X64,
        ALL,
        0.3,
        true
    ),
    sw!(
        "Microsoft Visual C++ 2005 Redistributable",
        MS,
        ["8.0.61001"],
        X86,
        ALL,
        0.35,
        true
    ),
    sw!(
        "Microsoft .NET Framework 4.8",
        MS,
        ["4.8.03761"],
        X64,
        ALL | OLD,
        0.9,
        true
    ),
    sw!(
        "Microsoft .NET Framework 4.5.2",
        MS,
        ["4.5.51209"],
        X64,
        SRV | OLD,
        0.3,
        true
    ),
    sw!(
        "Microsoft Windows Desktop Runtime - {v} (x64)",
        MS,
        ["8.0.20", "8.0.11", "8.0.8", "6.0.36", "6.0.25"],
        X86,
        ALL | NEW,
        0.6
    ),
    sw!(
        "Microsoft Windows Desktop Runtime - {v} (x86)",
        MS,
        ["8.0.20", "8.0.11", "6.0.36"],
        X86,
        CLIENTS | NEW,
        0.4
    ),
    sw!(
        "Microsoft .NET Runtime - {v} (x64)",
        MS,
        ["8.0.20", "8.0.11", "8.0.8", "6.0.36"],
        X64,
        ALL | NEW,
        0.5,
        true
    ),
    sw!(
        "Microsoft ASP.NET Core {v} - Shared Framework (x64)",
        MS,
        ["8.0.20", "8.0.11", "6.0.36"],
        X64,
        SRV | NEW | WEB | APP,
        0.7,
        true
    ),
    sw!(
        "Microsoft ASP.NET Core {v} Hosting Bundle",
        MS,
        ["8.0.20", "8.0.11"],
        X86,
        SRV | NEW | WEB,
        0.6
    ),
    // Windows components that show up in Add/Remove Programs.
    sw!(
        "Microsoft Edge",
        MS,
        [
            "141.0.3537.85",
            "141.0.3537.71",
            "140.0.3485.94",
            "139.0.3405.125",
            "130.0.2849.80",
            "109.0.1518.140"
        ],
        X86,
        ALL | NEW,
        0.99,
        false,
        "C:\\Program Files (x86)\\Microsoft\\Edge\\Application",
        "msedge.exe"
    ),
    sw!(
        "Microsoft Edge WebView2 Runtime",
        MS,
        ["141.0.3537.85", "140.0.3485.94", "139.0.3405.125", "130.0.2849.80"],
        X86,
        ALL | NEW,
        0.95
    ),
    sw!(
        "Microsoft Update Health Tools",
        MS,
        ["5.72.0.0", "3.74.0.0", "2.94.0.0"],
        X64,
        CLIENTS | NEW,
        0.85,
        true
    ),
    sw!(
        "Update for Windows 10 for x64-based Systems (KB5001716)",
        MS,
        ["8.94.0.0"],
        X64,
        CLIENTS | NEW,
        0.45,
        true
    ),
    sw!(
        "Windows PC Health Check",
        MS,
        ["3.7.2204.15001"],
        X64,
        CLIENTS | NEW,
        0.35,
        true
    ),
    sw!(
        "Microsoft GameInput",
        MS,
        ["10.1.26100.4042", "10.1.22621.3036"],
        X64,
        CLIENTS | NEW,
        0.35,
        true
    ),
    sw!("Microsoft Policy Platform", MS, ["68.1.1010.0"], X64, ALL, 0.9, true),
    sw!(
        "Local Administrator Password Solution",
        MS,
        ["6.2.0.0"],
        X64,
        ALL,
        0.7,
        true
    ),
    sw!(
        "Microsoft Intune Management Extension",
        MS,
        ["1.93.102.0", "1.90.103.0"],
        X86,
        CLIENTS | NEW,
        0.45,
        true
    ),
    sw!(
        "Microsoft Teams Meeting Add-in for Microsoft Office",
        MS,
        ["1.25.14205", "1.24.33413", "1.23.11814"],
        X86,
        CLIENTS | NEW,
        0.7,
        true
    ),
    sw!(
        "Teams Machine-Wide Installer",
        MS,
        ["1.7.0.1864", "1.5.0.30767"],
        X86,
        CLIENTS | NEW,
        0.35,
        true
    ),
    sw!(
        "Microsoft OneDrive",
        MS,
        ["25.174.0907.0003", "24.244.1204.0003"],
        X64,
        CLIENTS | NEW,
        0.3
    ),
    sw!(
        "Windows Management Framework 5.1",
        MS,
        ["5.1.14409.1005"],
        X86,
        ALL | OLD,
        0.6,
        true
    ),
    sw!(
        "Windows Management Framework Core",
        MS,
        ["6.1.7600.16385"],
        X86,
        ALL | OLD,
        0.15,
        true
    ),
    sw!(
        "Microsoft Silverlight",
        MS,
        ["5.1.50918.0", "5.1.41212.0"],
        X64,
        CLIENTS | OLD,
        0.6,
        true
    ),
    sw!(
        "Adobe Flash Player 32 NPAPI",
        "Adobe",
        ["32.0.0.465"],
        X86,
        CLIENTS | OLD,
        0.4
    ),
    sw!(
        "Microsoft Endpoint Configuration Manager Console",
        MS,
        ["5.2503.1083.1000", "5.2409.1087.1000"],
        X86,
        CM | IT,
        0.5,
        true
    ),
    // Office.
    sw!(
        "Microsoft 365 Apps for enterprise - en-us",
        MS,
        [
            "16.0.19127.20222",
            "16.0.18925.20242",
            "16.0.18827.20164",
            "16.0.17928.20516"
        ],
        X64,
        0,
        1.0,
        false,
        "C:\\Program Files\\Microsoft Office",
        "WINWORD.EXE",
        SUITE_M365
    ),
    sw!(
        "Office 16 Click-to-Run Extensibility Component",
        MS,
        ["16.0.19127.20222"],
        X86,
        0,
        0.95,
        true,
        "",
        "",
        SUITE_M365
    ),
    sw!(
        "Office 16 Click-to-Run Licensing Component",
        MS,
        ["16.0.19127.20222"],
        X64,
        0,
        0.95,
        true,
        "",
        "",
        SUITE_M365
    ),
    sw!(
        "Office 16 Click-to-Run Localization Component",
        MS,
        ["16.0.19127.20222"],
        X86,
        0,
        0.95,
        true,
        "",
        "",
        SUITE_M365
    ),
    sw!(
        "Microsoft OneNote - en-us",
        MS,
        ["16.0.19127.20222", "16.0.18925.20242"],
        X64,
        0,
        0.6,
        false,
        "",
        "",
        SUITE_M365
    ),
    sw!(
        "Microsoft Office Professional Plus 2016",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        1.0,
        true,
        "C:\\Program Files (x86)\\Microsoft Office",
        "WINWORD.EXE",
        SUITE_O2016
    ),
    sw!(
        "Microsoft Access MUI (English) 2016",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2016
    ),
    sw!(
        "Microsoft Access Setup Metadata MUI (English) 2016",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2016
    ),
    sw!(
        "Microsoft DCF MUI (English) 2016",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2016
    ),
    sw!(
        "Microsoft Excel MUI (English) 2016",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2016
    ),
    sw!(
        "Microsoft Groove MUI (English) 2016",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2016
    ),
    sw!(
        "Microsoft InfoPath MUI (English) 2016",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        0.8,
        true,
        "",
        "",
        SUITE_O2016
    ),
    sw!(
        "Microsoft Office OSM MUI (English) 2016",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2016
    ),
    sw!(
        "Microsoft Office OSM UX MUI (English) 2016",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2016
    ),
    sw!(
        "Microsoft Office Proofing (English) 2016",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2016
    ),
    sw!(
        "Microsoft Office Proofing Tools 2016 - English",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2016
    ),
    sw!(
        "Microsoft Office Proofing Tools 2016 - Español",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        0.9,
        true,
        "",
        "",
        SUITE_O2016
    ),
    sw!(
        "Outils de vérification linguistique 2016 de Microsoft Office - Français",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        0.9,
        true,
        "",
        "",
        SUITE_O2016
    ),
    sw!(
        "Microsoft Office Shared MUI (English) 2016",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2016
    ),
    sw!(
        "Microsoft Office Shared Setup Metadata MUI (English) 2016",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2016
    ),
    sw!(
        "Microsoft OneNote MUI (English) 2016",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2016
    ),
    sw!(
        "Microsoft Outlook MUI (English) 2016",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2016
    ),
    sw!(
        "Microsoft PowerPoint MUI (English) 2016",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2016
    ),
    sw!(
        "Microsoft Publisher MUI (English) 2016",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2016
    ),
    sw!(
        "Microsoft Skype for Business MUI (English) 2016",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2016
    ),
    sw!(
        "Microsoft Word MUI (English) 2016",
        MS,
        ["16.0.4266.1001"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2016
    ),
    sw!(
        "Microsoft Office Professional Plus 2010",
        MS,
        ["14.0.7015.1000"],
        X86,
        0,
        1.0,
        true,
        "C:\\Program Files (x86)\\Microsoft Office",
        "WINWORD.EXE",
        SUITE_O2010
    ),
    sw!(
        "Microsoft Office Access MUI (English) 2010",
        MS,
        ["14.0.7015.1000"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2010
    ),
    sw!(
        "Microsoft Office Excel MUI (English) 2010",
        MS,
        ["14.0.7015.1000"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2010
    ),
    sw!(
        "Microsoft Office Outlook MUI (English) 2010",
        MS,
        ["14.0.7015.1000"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2010
    ),
    sw!(
        "Microsoft Office PowerPoint MUI (English) 2010",
        MS,
        ["14.0.7015.1000"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2010
    ),
    sw!(
        "Microsoft Office Proof (English) 2010",
        MS,
        ["14.0.7015.1000"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2010
    ),
    sw!(
        "Microsoft Office Proof (French) 2010",
        MS,
        ["14.0.7015.1000"],
        X86,
        0,
        0.9,
        true,
        "",
        "",
        SUITE_O2010
    ),
    sw!(
        "Microsoft Office Proofing (English) 2010",
        MS,
        ["14.0.7015.1000"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2010
    ),
    sw!(
        "Microsoft Office Shared MUI (English) 2010",
        MS,
        ["14.0.7015.1000"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2010
    ),
    sw!(
        "Microsoft Office Word MUI (English) 2010",
        MS,
        ["14.0.7015.1000"],
        X86,
        0,
        1.0,
        true,
        "",
        "",
        SUITE_O2010
    ),
    sw!(
        "Security Update for Microsoft Office 2010 (KB2553347) 32-Bit Edition",
        MS,
        [""],
        X86,
        0,
        0.8,
        false,
        "",
        "",
        SUITE_O2010
    ),
    sw!(
        "Security Update for Microsoft Excel 2010 (KB4484467) 32-Bit Edition",
        MS,
        [""],
        X86,
        0,
        0.7,
        false,
        "",
        "",
        SUITE_O2010
    ),
    sw!(
        "Update for Microsoft Office 2010 (KB2553140) 32-Bit Edition",
        MS,
        [""],
        X86,
        0,
        0.8,
        false,
        "",
        "",
        SUITE_O2010
    ),
    sw!(
        "Security Update for Microsoft Word 2010 (KB4484472) 32-Bit Edition",
        MS,
        [""],
        X86,
        0,
        0.6,
        false,
        "",
        "",
        SUITE_O2010
    ),
    sw!(
        "Definition Update for Microsoft Office 2010 (KB982726) 32-Bit Edition",
        MS,
        [""],
        X86,
        0,
        0.7,
        false,
        "",
        "",
        SUITE_O2010
    ),
    sw!(
        "Microsoft Visio - en-us",
        MS,
        ["16.0.19127.20222", "16.0.18925.20242"],
        X64,
        WS | NEW,
        0.06,
        false,
        "C:\\Program Files\\Microsoft Office",
        "VISIO.EXE"
    ),
    sw!(
        "Microsoft Project - en-us",
        MS,
        ["16.0.19127.20222"],
        X64,
        WS | NEW,
        0.04,
        false,
        "C:\\Program Files\\Microsoft Office",
        "WINPROJ.EXE"
    ),
    // Browsers and everyday tools.
    sw!(
        "Google Chrome",
        "Google LLC",
        [
            "141.0.7390.108",
            "141.0.7390.66",
            "140.0.7339.208",
            "139.0.7258.155",
            "138.0.7204.184",
            "131.0.6778.205",
            "109.0.5414.120"
        ],
        X86,
        CLIENTS,
        0.78,
        true,
        "C:\\Program Files\\Google\\Chrome\\Application",
        "chrome.exe"
    ),
    sw!(
        "Google Update Helper",
        "Google LLC",
        ["1.3.36.372", "1.3.36.152"],
        X86,
        CLIENTS,
        0.3,
        true
    ),
    sw!(
        "Mozilla Firefox (x64 en-US)",
        "Mozilla",
        ["144.0", "143.0.4", "141.0.3", "128.3.1"],
        X64,
        CLIENTS | NEW,
        0.28,
        false,
        "C:\\Program Files\\Mozilla Firefox",
        "firefox.exe"
    ),
    sw!(
        "Mozilla Firefox {v} ESR (x86 en-US)",
        "Mozilla",
        ["115.18.0", "115.9.1", "102.15.1"],
        X86,
        CLIENTS | OLD,
        0.3,
        false,
        "C:\\Program Files (x86)\\Mozilla Firefox",
        "firefox.exe"
    ),
    sw!(
        "Mozilla Maintenance Service",
        "Mozilla",
        ["144.0", "128.3.1", "115.18.0"],
        X86,
        CLIENTS,
        0.25
    ),
    sw!(
        "7-Zip {v} (x64)",
        "Igor Pavlov",
        ["24.08", "23.01", "22.01", "19.00"],
        X64,
        CLIENTS | SRV | NEW,
        0.45,
        false,
        "C:\\Program Files\\7-Zip",
        "7zFM.exe"
    ),
    sw!(
        "7-Zip {v}",
        "Igor Pavlov",
        ["19.00", "16.04", "9.20"],
        X86,
        CLIENTS | SRV | OLD,
        0.45,
        false,
        "C:\\Program Files (x86)\\7-Zip",
        "7zFM.exe"
    ),
    sw!(
        "Adobe Acrobat Reader DC",
        "Adobe Systems Incorporated",
        ["21.001.20145", "20.013.20064", "19.021.20058", "15.023.20070"],
        X86,
        CLIENTS,
        0.3,
        true,
        "C:\\Program Files (x86)\\Adobe\\Acrobat Reader DC\\Reader",
        "AcroRd32.exe"
    ),
    sw!(
        "Adobe Acrobat (64-bit)",
        "Adobe",
        ["25.001.20756", "24.005.20320", "24.003.20180", "23.008.20470"],
        X64,
        CLIENTS | NEW,
        0.42,
        true,
        "C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat",
        "Acrobat.exe"
    ),
    sw!(
        "Adobe Refresh Manager",
        "Adobe Systems Incorporated",
        ["1.8.0"],
        X86,
        CLIENTS,
        0.45,
        true
    ),
    sw!(
        "Notepad++ (64-bit x64)",
        "Notepad++ Team",
        ["8.8.5", "8.7.1", "8.6.4", "8.5.8", "7.9.5"],
        X64,
        CLIENTS | SRV | NEW,
        0.25,
        false,
        "C:\\Program Files\\Notepad++",
        "notepad++.exe"
    ),
    sw!(
        "VLC media player",
        "VideoLAN",
        ["3.0.21", "3.0.20", "3.0.18", "3.0.11"],
        X64,
        CLIENTS,
        0.3,
        false,
        "C:\\Program Files\\VideoLAN\\VLC",
        "vlc.exe"
    ),
    sw!(
        "Java 8 Update {}",
        "Oracle Corporation",
        [
            "8.0.4610.11|461",
            "8.0.4310.10|431",
            "8.0.4010.10|401",
            "8.0.3510.8|351",
            "8.0.2020.8|202",
            "8.0.1710.11|171"
        ],
        X86,
        CLIENTS | SRV,
        0.25,
        true,
        "C:\\Program Files (x86)\\Java\\jre1.8.0_{}",
        "java.exe"
    ),
    sw!(
        "Java 8 Update {} (64-bit)",
        "Oracle Corporation",
        [
            "8.0.4610.11|461",
            "8.0.4310.10|431",
            "8.0.4010.10|401",
            "8.0.3510.8|351",
            "8.0.2020.8|202"
        ],
        X64,
        CLIENTS | SRV,
        0.18,
        true,
        "C:\\Program Files\\Java\\jre1.8.0_{}",
        "java.exe"
    ),
    sw!(
        "Java Auto Updater",
        "Oracle Corporation",
        ["2.8.461.11", "2.8.401.10"],
        X86,
        CLIENTS,
        0.12,
        true
    ),
    sw!(
        "Zoom Workplace (64-bit)",
        "Zoom Video Communications, Inc.",
        ["6.6.21542", "6.4.12349", "6.2.11211", "5.17.11"],
        X64,
        CLIENTS | NEW,
        0.3,
        true,
        "C:\\Program Files\\Zoom\\bin",
        "Zoom.exe"
    ),
    sw!(
        "TeamViewer",
        "TeamViewer",
        ["15.70.4", "15.58.5", "15.42.4", "15.5.3"],
        X64,
        CLIENTS | IT | SUPPORT,
        0.5,
        false,
        "C:\\Program Files\\TeamViewer",
        "TeamViewer.exe"
    ),
    sw!(
        "TeamViewer Host",
        "TeamViewer",
        ["15.70.4", "15.42.4"],
        X64,
        CLIENTS | FILL,
        0.03,
        true
    ),
    sw!(
        "Cisco Secure Client - AnyConnect VPN",
        "Cisco Systems, Inc.",
        ["5.1.11.388", "5.1.2.42", "4.10.08025"],
        X86,
        WS | LAPTOP,
        0.8,
        true
    ),
    sw!(
        "Citrix Workspace 2409",
        "Citrix Systems, Inc.",
        ["24.9.10.28", "23.11.1.132"],
        X86,
        WS | FIN | OPS,
        0.3
    ),
    sw!(
        "Microsoft Remote Desktop",
        MS,
        ["1.2.6353.0", "1.2.5910.0"],
        X64,
        CLIENTS | FILL,
        0.12,
        true
    ),
    // Line of business and departmental tools.
    sw!(
        "Contoso Endpoint Agent",
        "Contoso Ltd.",
        ["4.3.1", "4.2.0", "4.1.7", "3.9.2"],
        X64,
        ALL,
        0.93,
        true,
        "C:\\Program Files\\Contoso\\Agent",
        "agent.exe"
    ),
    sw!(
        "Contoso Expense Client",
        "Contoso Ltd",
        ["2.4.0.118", "2.3.2.90"],
        X86,
        WS | VDI,
        0.4,
        true,
        "C:\\Program Files (x86)\\Contoso\\Expense",
        "Expense.exe"
    ),
    sw!(
        "Contoso Timesheet",
        "CONTOSO IT",
        ["1.12.3", "1.9.0"],
        X86,
        WS | VDI,
        0.35,
        true,
        "C:\\Program Files (x86)\\Contoso\\Timesheet",
        "Timesheet.exe"
    ),
    sw!(
        "Contoso Backup Agent",
        "Contoso Ltd.",
        ["7.2.1", "7.0.4"],
        X64,
        SRV | FILE | APP | PRINT | SQL,
        0.85,
        true
    ),
    sw!(
        "Acme Classic Shell",
        "Acme Corp",
        ["4.3.1"],
        X64,
        CLIENTS | FILL,
        0.04,
        true
    ),
    sw!(
        "SAP GUI for Windows 8.00",
        "SAP SE",
        ["8.00.2", "7.70.12"],
        X86,
        WS | VDI | FIN | OPS,
        0.45
    ),
    sw!(
        "Microsoft Power BI Desktop (x64)",
        MS,
        ["2.147.1085.0", "2.136.1202.0"],
        X64,
        WS | FIN | SALES | MKT | EXEC,
        0.35,
        true
    ),
    sw!(
        "Tableau Desktop 2024.2",
        "Tableau Software",
        ["24.2.1543.0"],
        X64,
        WS | FIN,
        0.2,
        true
    ),
    sw!(
        "Salesforce for Outlook",
        "salesforce.com",
        ["3.4.8.37"],
        X86,
        WS | SALES,
        0.3,
        true
    ),
    sw!(
        "Webex",
        "Cisco Systems, Inc",
        ["45.6.0.32593", "44.10.1.31028"],
        X86,
        WS | SALES,
        0.12,
        true
    ),
    sw!(
        "Adobe Creative Cloud",
        "Adobe Inc.",
        ["6.7.0.278", "6.4.0.361"],
        X86,
        WS | MKT,
        0.6
    ),
    sw!("Adobe Photoshop 2025", "Adobe Inc.", ["26.10.0"], X64, WS | MKT, 0.4),
    sw!("Adobe Illustrator 2025", "Adobe Inc.", ["29.8.2"], X64, WS | MKT, 0.3),
    sw!(
        "Snagit 2024",
        "TechSmith Corporation",
        ["24.3.0.4564"],
        X64,
        WS | MKT | SUPPORT,
        0.3,
        true
    ),
    sw!(
        "Slack (Machine - MSI)",
        "Slack Technologies Inc.",
        ["4.46.101", "4.41.105"],
        X64,
        WS | ENG | MKT,
        0.15,
        true
    ),
    sw!(
        "Git",
        "The Git Development Community",
        ["2.51.0", "2.47.1", "2.43.0"],
        X64,
        WS | ENG | IT,
        0.6,
        false,
        "C:\\Program Files\\Git",
        "git.exe"
    ),
    sw!(
        "Microsoft Visual Studio Code",
        MS,
        ["1.105.1", "1.104.2", "1.96.4"],
        X64,
        WS | LAB | ENG | IT,
        0.55,
        false,
        "C:\\Program Files\\Microsoft VS Code",
        "Code.exe"
    ),
    sw!(
        "Python {} (64-bit)",
        "Python Software Foundation",
        ["3.12.10150.0|3.12.10", "3.11.9150.0|3.11.9"],
        X86,
        WS | LAB | ENG,
        0.35
    ),
    sw!(
        "Python Launcher",
        "Python Software Foundation",
        ["3.12.10150.0", "3.11.9150.0"],
        X86,
        WS | LAB | ENG,
        0.35,
        true
    ),
    sw!(
        "Docker Desktop",
        "Docker Inc.",
        ["4.47.0", "4.36.0"],
        X64,
        WS | ENG,
        0.15
    ),
    sw!(
        "Node.js",
        "Node.js Foundation",
        ["22.20.0", "20.18.1"],
        X64,
        WS | ENG,
        0.25,
        true
    ),
    sw!(
        "Microsoft Visual Studio Installer",
        MS,
        ["3.14.2082.42463"],
        X86,
        WS | ENG,
        0.3
    ),
    sw!("Visual Studio Professional 2022", MS, ["17.14.16"], X86, WS | ENG, 0.25),
    sw!(
        "Oracle VM VirtualBox {v}",
        "Oracle Corporation",
        ["7.1.12", "7.0.14", "6.1.50"],
        X64,
        WS | LAB | ENG,
        0.1,
        true
    ),
    sw!("Postman x64 11.0.0", "Postman", ["11.0.0"], X64, WS | ENG, 0.15),
    sw!(
        "Microsoft Azure CLI (64-bit)",
        MS,
        ["2.77.0", "2.67.0"],
        X64,
        WS | ENG | IT,
        0.2,
        true
    ),
    sw!(
        "PuTTY release {} (64-bit)",
        "Simon Tatham",
        ["0.83.0.0|0.83", "0.81.0.0|0.81", "0.76.0.0|0.76"],
        X64,
        WS | SRV | IT | ENG,
        0.4,
        true
    ),
    sw!(
        "WinSCP {v}",
        "Martin Prikryl",
        ["6.5.3", "6.3.5", "5.21.8"],
        X86,
        WS | IT | ENG,
        0.3
    ),
    sw!(
        "Wireshark 4.4.6 x64",
        "The Wireshark developer community, https://www.wireshark.org",
        ["4.4.6"],
        X64,
        WS | IT,
        0.2
    ),
    sw!("Npcap", "Nmap Project", ["1.82"], X86, WS | IT, 0.2),
    sw!(
        "KeePass Password Safe 2.58",
        "Dominik Reichl",
        ["2.58"],
        X86,
        WS | IT,
        0.3
    ),
    sw!(
        "Microsoft SQL Server Management Studio - {}",
        MS,
        ["20.2.30.0|20.2", "19.3.4.0|19.3", "18.12.1|18.12.1"],
        X86,
        WS | SRV | IT | ENG | SQL | CM,
        0.35,
        true
    ),
    // Fillers.
    sw!(
        "Greenshot 1.2.10.6",
        "Greenshot",
        ["1.2.10.6"],
        X86,
        CLIENTS | FILL,
        0.1
    ),
    sw!(
        "paint.net",
        "dotPDN LLC",
        ["5.1.9", "4.3.12"],
        X64,
        CLIENTS | FILL,
        0.08,
        true
    ),
    sw!(
        "IrfanView 4.70 (64-bit)",
        "Irfan Skiljan",
        ["4.70"],
        X64,
        CLIENTS | FILL,
        0.06
    ),
    sw!(
        "Foxit PDF Reader",
        "Foxit Software Inc.",
        ["2025.2.0.33046", "12.1.2.15332"],
        X86,
        CLIENTS | FILL,
        0.07
    ),
    sw!(
        "WinRAR 7.13 (64-bit)",
        "win.rar GmbH",
        ["7.13.0"],
        X64,
        CLIENTS | FILL,
        0.05
    ),
    sw!("Dropbox", "Dropbox, Inc.", ["233.4.4938"], X86, CLIENTS | FILL, 0.04),
    sw!("iTunes", "Apple Inc.", ["12.13.8.3"], X64, CLIENTS | FILL, 0.03, true),
    sw!(
        "Apple Mobile Device Support",
        "Apple Inc.",
        ["17.5.0.13"],
        X64,
        CLIENTS | FILL,
        0.04,
        true
    ),
    sw!("Bonjour", "Apple Inc.", ["3.1.0.1"], X64, CLIENTS | FILL, 0.06, true),
    sw!("CCleaner", "Piriform", ["6.39"], X64, CLIENTS | FILL, 0.02),
    sw!("Microsoft Whiteboard", MS, ["1.0.0.0"], X64, CLIENTS | FILL | NEW, 0.05),
    sw!(
        "Grammarly for Windows",
        "Grammarly",
        ["1.2.171.1711"],
        X86,
        CLIENTS | FILL | NEW,
        0.05
    ),
    sw!("Audacity 3.7.5", "Audacity Team", ["3.7.5"], X64, CLIENTS | FILL, 0.03),
    sw!("GIMP 3.0.4-1", "The GIMP Team", ["3.0.4"], X64, CLIENTS | FILL, 0.03),
    sw!(
        "Microsoft Mouse and Keyboard Center",
        MS,
        ["14.41.137.0"],
        X64,
        WS | FILL,
        0.05,
        true
    ),
    sw!("Logitech Options+", "Logitech", ["1.95.756"], X64, WS | FILL, 0.08),
    sw!(
        "Jabra Direct",
        "GN Audio A/S",
        ["6.24.20701"],
        X86,
        WS | FILL,
        0.07,
        true
    ),
    sw!("Poly Lens Desktop", "HP Inc.", ["1.2.3"], X64, WS | FILL, 0.05, true),
    sw!(
        "DisplayLink Graphics",
        "DisplayLink Corp.",
        ["11.6.2990.0"],
        X64,
        WS | LAPTOP | FILL,
        0.15,
        true
    ),
    sw!(
        "Microsoft Power Automate",
        MS,
        ["2.60.158.25261"],
        X64,
        CLIENTS | FILL | NEW,
        0.05,
        true
    ),
    // Hardware vendor tools and drivers.
    sw!(
        "Dell Command | Update for Windows Universal",
        "Dell Inc.",
        ["5.5.0", "5.4.0", "4.9.0"],
        X64,
        WS | DELL,
        0.85,
        true
    ),
    sw!(
        "Dell Optimizer",
        "Dell Inc.",
        ["5.0.1106.0"],
        X64,
        WS | DELL | NEW,
        0.3,
        true
    ),
    sw!(
        "Dell Power Manager Service",
        "Dell Inc.",
        ["3.17.0"],
        X86,
        WS | DELL | LAPTOP,
        0.4,
        true
    ),
    sw!(
        "Dell SupportAssist",
        "Dell Inc.",
        ["4.8.2.29006"],
        X64,
        WS | DELL | NEW,
        0.35,
        true
    ),
    sw!(
        "HP Support Assistant",
        "HP Inc.",
        ["9.40.42.0", "9.23.42.0"],
        X86,
        WS | HP,
        0.6
    ),
    sw!(
        "HP Wolf Security",
        "HP Inc.",
        ["4.4.2.1133"],
        X64,
        WS | HP | NEW,
        0.5,
        true
    ),
    sw!(
        "HP Hotkey Support",
        "HP Inc.",
        ["11.0.37.1", "6.2.44.1"],
        X86,
        WS | HP | LAPTOP,
        0.5,
        true
    ),
    sw!("HP Sure Recover", "HP Inc.", ["2.3.1.0"], X64, WS | HP | NEW, 0.3, true),
    sw!(
        "Lenovo Vantage Service",
        "Lenovo Group Ltd.",
        ["4.3.69.0", "3.13.43.0"],
        X86,
        WS | LENOVO,
        0.6
    ),
    sw!(
        "Lenovo System Update",
        "Lenovo",
        ["5.08.03.59", "5.07.0140"],
        X86,
        WS | LENOVO,
        0.7
    ),
    sw!(
        "Surface Laptop 4 - Update 24.092.45135.0",
        MS,
        ["24.92.45135.0"],
        X64,
        WS | SURFACE,
        0.9,
        true
    ),
    sw!(
        "Intel(R) Chipset Device Software",
        "Intel(R) Corporation",
        ["10.1.19627.8423", "10.1.18836.8283", "10.1.1.44"],
        X86,
        WS | LAB | PHYSICAL,
        0.7,
        true
    ),
    sw!(
        "Intel(R) Management Engine Components",
        "Intel Corporation",
        ["2437.6.1.0", "2229.3.2.0", "11.7.0.1045"],
        X86,
        WS | PHYSICAL,
        0.5
    ),
    sw!(
        "Intel(R) Wireless Bluetooth(R)",
        "Intel Corporation",
        ["23.130.0.3", "22.220.0.4"],
        X64,
        WS | LAPTOP,
        0.6,
        true
    ),
    sw!(
        "Intel(R) PROSet/Wireless Software",
        "Intel Corporation",
        ["23.130.0.6", "22.220.0.4", "17.16.0"],
        X64,
        WS | LAPTOP,
        0.55,
        true
    ),
    sw!(
        "Intel(R) Serial IO",
        "Intel Corporation",
        ["30.100.2237.20"],
        X86,
        WS | LAPTOP | NEW,
        0.45,
        true
    ),
    sw!(
        "Realtek High Definition Audio Driver",
        "Realtek Semiconductor Corp.",
        ["6.0.9549.1", "6.0.1.7541"],
        X86,
        WS | LAB | PHYSICAL,
        0.65
    ),
    sw!(
        "Realtek Card Reader",
        "Realtek Semiconductor Corp.",
        ["10.0.22621.31271", "10.0.10586.31225"],
        X86,
        WS | LAPTOP,
        0.4
    ),
    sw!(
        "Synaptics Pointing Device Driver",
        "Synaptics Incorporated",
        ["19.5.35.46", "19.0.12.98"],
        X64,
        WS | LAPTOP,
        0.3
    ),
    sw!(
        "Conexant HD Audio",
        "Conexant",
        ["8.65.47.51"],
        X86,
        WS | OLD | PHYSICAL,
        0.3
    ),
    sw!(
        "NVIDIA Graphics Driver 552.22",
        "NVIDIA Corporation",
        ["552.22"],
        X64,
        WS | ENG | MKT,
        0.08
    ),
    sw!(
        "VMware Tools",
        "VMware, Inc.",
        [
            "12.5.2.24451011",
            "12.3.5.22544099",
            "11.3.5.18557794",
            "10.3.10.12406962"
        ],
        X64,
        VDI | SRV | VMWARE,
        0.97,
        true,
        "C:\\Program Files\\VMware\\VMware Tools",
        "vmtoolsd.exe"
    ),
    sw!(
        "VMware Horizon Agent",
        "VMware, Inc.",
        ["8.12.0.23142606", "8.10.0.21964631"],
        X64,
        VDI,
        0.95,
        true
    ),
    sw!(
        "FSLogix Apps",
        MS,
        ["2.9.8884.27471", "2.9.8440.42104"],
        X86,
        VDI | RDS,
        0.9
    ),
    // Servers.
    sw!(
        "Microsoft SQL Server 2019 (64-bit)",
        MS,
        [""],
        X64,
        SRV | NEW | SQL | CM,
        0.7
    ),
    sw!(
        "SQL Server 2019 Database Engine Services",
        MS,
        ["15.0.4375.4", "15.0.4298.1"],
        X64,
        SRV | NEW | SQL | CM,
        0.7,
        true
    ),
    sw!(
        "SQL Server 2019 Common Files",
        MS,
        ["15.0.4375.4", "15.0.4298.1"],
        X64,
        SRV | NEW | SQL | CM,
        0.7,
        true
    ),
    sw!(
        "SQL Server 2019 Setup (English)",
        MS,
        ["15.0.4375.4"],
        X64,
        SRV | NEW | SQL | CM,
        0.7,
        true
    ),
    sw!(
        "Microsoft SQL Server 2022 (64-bit)",
        MS,
        [""],
        X64,
        SRV | NEW | SQL,
        0.3
    ),
    sw!(
        "SQL Server 2022 Database Engine Services",
        MS,
        ["16.0.4195.2", "16.0.4135.4"],
        X64,
        SRV | NEW | SQL,
        0.3,
        true
    ),
    sw!(
        "Microsoft SQL Server 2008 R2 (64-bit)",
        MS,
        [""],
        X64,
        SRV | OLD | SQL,
        0.95
    ),
    sw!(
        "Microsoft SQL Server 2008 R2 Native Client",
        MS,
        ["10.53.6000.34"],
        X64,
        SRV | OLD | SQL | APP,
        0.9,
        true
    ),
    sw!(
        "SQL Server 2008 R2 SP3 Database Engine Services",
        MS,
        ["10.53.6000.34"],
        X64,
        SRV | OLD | SQL,
        0.95,
        true
    ),
    sw!(
        "Microsoft SQL Server 2012 Native Client ",
        MS,
        ["11.4.7462.6"],
        X64,
        SRV | SQL | APP,
        0.4,
        true
    ),
    sw!(
        "Microsoft ODBC Driver 17 for SQL Server",
        MS,
        ["17.10.6.1", "17.10.5.1"],
        X64,
        SRV | SQL | APP | WEB | CM,
        0.7,
        true
    ),
    sw!(
        "Microsoft OLE DB Driver for SQL Server",
        MS,
        ["18.7.4.0", "18.6.7.0"],
        X64,
        SRV | SQL | CM,
        0.6,
        true
    ),
    sw!(
        "IIS URL Rewrite Module 2",
        MS,
        ["7.2.1993"],
        X64,
        SRV | WEB | DP,
        0.8,
        true
    ),
    sw!("Microsoft Web Deploy 4.0", MS, ["10.0.8037"], X64, SRV | WEB, 0.5, true),
    sw!(
        "Windows Assessment and Deployment Kit",
        MS,
        ["10.1.26100.1"],
        X86,
        SRV | CM,
        0.95
    ),
    sw!(
        "Windows Assessment and Deployment Kit Windows Preinstallation Environment Add-ons",
        MS,
        ["10.1.26100.1"],
        X86,
        SRV | CM,
        0.95
    ),
    sw!("Microsoft Azure AD Connect", MS, ["2.4.27.0"], X64, SRV | DC, 0.3, true),
    sw!(
        "Microsoft Monitoring Agent",
        MS,
        ["10.20.18067.0", "10.20.18053.0"],
        X64,
        SRV,
        0.4,
        true
    ),
    sw!(
        "Zabbix Agent 2 (64-bit)",
        "Zabbix SIA",
        ["7.0.5.2400", "6.0.23.2400"],
        X64,
        SRV,
        0.3,
        true
    ),
    sw!(
        "Azure Connected Machine Agent",
        MS,
        ["1.47.02934.1765"],
        X64,
        SRV | NEW,
        0.2,
        true
    ),
    sw!(
        "Xerox Global Print Driver PCL6",
        "Xerox Corporation",
        ["5.1041.3.0"],
        X64,
        SRV | PRINT,
        0.8,
        true
    ),
    sw!(
        "HP Universal Printing PCL 6",
        "HP Inc.",
        ["7.3.0.25919"],
        X64,
        SRV | PRINT,
        0.6
    ),
    sw!(
        "Remote Desktop Services Client Access Licensing",
        MS,
        ["10.0.20348.1"],
        X64,
        SRV | RDS,
        0.5
    ),
];

/// Text derived from the catalog once per process.
pub(crate) struct Derived {
    /// Per entry, per version: display name, display name with a trailing
    /// blank, version text, product code, install directory.
    pub entries: Vec<Vec<Variant>>,
}

pub(crate) struct Variant {
    pub name: String,
    pub name_blank: String,
    pub version: &'static str,
    pub code: String,
    pub dir: String,
    pub product: String,
}

pub(crate) fn derived() -> &'static Derived {
    static D: OnceLock<Derived> = OnceLock::new();
    D.get_or_init(|| Derived {
        entries: CATALOG
            .iter()
            .map(|sw| {
                sw.versions
                    .iter()
                    .map(|spec| {
                        let (version, label) = spec.split_once('|').unwrap_or((spec, spec));
                        let name = sw.name.replace("{v}", version).replace("{}", label);
                        let h = hash_str(&name) ^ hash_str(version).rotate_left(17);
                        let mut r = Rng::new(h, Stream::Software, 0);
                        let code = guid_string(r.guid(), GuidStyle::Braced);
                        let product = name
                            .trim_end_matches(" (x64)")
                            .trim_end_matches(" (64-bit)")
                            .trim_end_matches(" (64-bit x64)")
                            .trim()
                            .to_string();
                        Variant {
                            name_blank: format!("{name} "),
                            name,
                            version,
                            code,
                            dir: sw.dir.replace("{}", label),
                            product,
                        }
                    })
                    .collect()
            })
            .collect(),
    })
}

/// One installed product on one device.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Install {
    pub sw: u16,
    pub ver: u8,
    pub x64: bool,
    /// Registered with a trailing blank in its display name.
    pub blank: bool,
    /// A stale second registration of the same product.
    pub dup: bool,
    /// Install day (days since 1970).
    pub day: i64,
}

impl Install {
    pub(crate) fn sw(&self) -> &'static Sw {
        &CATALOG[self.sw as usize]
    }
    pub(crate) fn variant(&self) -> &'static Variant {
        &derived().entries[self.sw as usize][self.ver as usize]
    }
    pub(crate) fn name(&self) -> &'static str {
        let v = self.variant();
        if self.blank { &v.name_blank } else { &v.name }
    }
    pub(crate) fn version(&self) -> Option<&'static str> {
        let v = self.variant().version;
        (!v.is_empty()).then_some(v)
    }
    /// ProdID0: the product code of MSI installs, otherwise the uninstall key name.
    pub(crate) fn prod_id(&self) -> &'static str {
        let v = self.variant();
        if self.sw().msi { &v.code } else { &v.name }
    }
}

/// The audience bits a device matches.
pub(crate) fn audience(d: &Device) -> u64 {
    let mut a = match d.kind {
        Kind::Desktop | Kind::Laptop => WS,
        Kind::Vdi => VDI,
        Kind::Lab => LAB,
        Kind::Kiosk => KIOSK,
        Kind::Server(_) => SRV,
    };
    a |= if d.legacy() { OLD } else { NEW };
    a |= 1 << (8 + d.dept as u64);
    if let Kind::Server(r) = d.kind {
        a |= 1 << (20 + r.index() as u64);
    }
    a |= match d.model.vendor {
        Vendor::Dell => DELL,
        Vendor::Hp | Vendor::HpOld | Vendor::Hpe => HP,
        Vendor::Lenovo => LENOVO,
        Vendor::Surface => SURFACE,
        Vendor::VMware | Vendor::VMwareOld => VMWARE,
        Vendor::HyperV => HYPERV,
    };
    if matches!(d.model.form, Form::Laptop | Form::Tablet) {
        a |= LAPTOP;
    }
    a
}

fn applies(sw: &Sw, a: u64) -> bool {
    let w = sw.who;
    if w == 0 {
        return false;
    }
    let kinds = w & KINDS;
    if kinds != 0 && kinds & a == 0 {
        return false;
    }
    if w & OLD != 0 && a & OLD == 0 || w & NEW != 0 && a & NEW == 0 {
        return false;
    }
    // Departments and roles: either is enough when both are listed.
    let groups = w & (DEPTS | ROLES);
    if groups != 0 && groups & a == 0 {
        return false;
    }
    let vendors = w & VENDORS;
    if vendors != 0 && vendors & a == 0 {
        return false;
    }
    if w & LAPTOP != 0 && a & LAPTOP == 0 {
        return false;
    }
    true
}

/// Picks a version: the newest most of the time on current systems, the
/// oldest on legacy ones.
fn pick_version(r: &mut Rng, n: usize, legacy: bool) -> usize {
    if n <= 1 {
        return 0;
    }
    if legacy {
        return n - 1 - r.below(2.min(n as u64)) as usize;
    }
    let mut i = 0;
    while i + 1 < n && r.chance(0.42) {
        i += 1;
    }
    i
}

/// The most entries a workstation reports, and the fewest.
pub(crate) const MAX_ENTRIES: usize = 200;
pub(crate) const MIN_ENTRIES: usize = 30;

/// What is installed on device `d`.
pub(crate) fn installs(ctx: &Ctx, d: &Device) -> Vec<Install> {
    let mut r = Rng::new(ctx.seed, Stream::Software, d.index as u64);
    let a = audience(d);
    let legacy = d.legacy();
    let first_day = days(d.os_installed);
    let last_day = days(d.last_sw).max(first_day);
    let x64_os = true;
    let mut out: Vec<Install> = Vec::with_capacity(96);
    let day = |r: &mut Rng, ver: usize, n: usize| -> i64 {
        // Newer versions were installed (updated) more recently.
        let span = (last_day - first_day).max(1);
        let lo = first_day + span * (n.saturating_sub(ver + 1)) as i64 / (n as i64 + 1);
        lo + r.below((last_day - lo).max(1) as u64) as i64
    };
    // The ConfigMgr client.
    if let Some(v) = d.client_version
        && let Some(ver) = CATALOG[CM_CLIENT].versions.iter().position(|x| *x == v)
    {
        let dd = days(d.created).max(first_day).min(last_day);
        out.push(Install {
            sw: CM_CLIENT as u16,
            ver: ver as u8,
            x64: true,
            blank: false,
            dup: false,
            day: dd,
        });
    }
    // Office.
    let suite = match d.kind {
        Kind::Desktop | Kind::Laptop | Kind::Vdi => {
            if legacy {
                [SUITE_O2010, SUITE_O2010, SUITE_O2010, SUITE_O2016, 0][r.below(5) as usize]
            } else {
                match r.weighted(&[85, 12, 3]) {
                    0 => SUITE_M365,
                    1 => SUITE_O2016,
                    _ => 0,
                }
            }
        }
        Kind::Server(Role::Rds) => SUITE_M365,
        Kind::Lab if !legacy && r.chance(0.5) => SUITE_M365,
        _ => 0,
    };
    for (i, sw) in CATALOG.iter().enumerate() {
        if i == CM_CLIENT {
            continue;
        }
        let wanted = if sw.suite != 0 {
            sw.suite == suite && r.chance(sw.p as f64)
        } else {
            applies(sw, a) && sw.who & FILL == 0 && r.chance(sw.p as f64)
        };
        if !wanted {
            continue;
        }
        let n = sw.versions.len();
        let ver = if sw.suite == SUITE_M365 && sw.versions.len() == M365_VERSIONS.len() {
            pick_version(&mut r, n, false)
        } else {
            pick_version(&mut r, n, legacy)
        };
        let x64 = sw.arch == Arch::X64 && x64_os;
        let blank = i == chrome_index() && r.chance(0.05);
        let dd = day(&mut r, ver, n);
        out.push(Install {
            sw: i as u16,
            ver: ver as u8,
            x64,
            blank,
            dup: false,
            day: dd,
        });
    }
    // Sparse machines get some small utilities on top.
    let min = if d.is_workstation() { MIN_ENTRIES } else { 0 };
    if out.len() < min {
        let fillers: Vec<usize> = CATALOG
            .iter()
            .enumerate()
            .filter(|(_, s)| s.who & FILL != 0 && applies(s, a) && s.suite == 0)
            .map(|(i, _)| i)
            .collect();
        let start = r.below(fillers.len().max(1) as u64) as usize;
        for k in 0..fillers.len() {
            if out.len() >= min {
                break;
            }
            let i = fillers[(start + k) % fillers.len()];
            if out.iter().any(|x| x.sw as usize == i) {
                continue;
            }
            let n = CATALOG[i].versions.len();
            let ver = pick_version(&mut r, n, legacy);
            let dd = day(&mut r, ver, n);
            out.push(Install {
                sw: i as u16,
                ver: ver as u8,
                x64: CATALOG[i].arch == Arch::X64,
                blank: false,
                dup: false,
                day: dd,
            });
        }
        // Still short (very old machines): runtimes come in many versions side by side.
        let mut k = 0;
        while out.len() < min && k < 64 {
            let i = 1 + (k % 6);
            k += 1;
            let n = CATALOG[i].versions.len();
            let ver = (k / 6) % n;
            if out.iter().any(|x| x.sw as usize == i && x.ver as usize == ver) {
                continue;
            }
            let dd = day(&mut r, ver, n);
            out.push(Install {
                sw: i as u16,
                ver: ver as u8,
                x64: CATALOG[i].arch == Arch::X64,
                blank: false,
                dup: false,
                day: dd,
            });
        }
    }
    // A stale second registration of a product, with an older version.
    if r.chance(0.04) {
        let candidates: Vec<usize> = out
            .iter()
            .enumerate()
            .filter(|(_, x)| {
                let sw = x.sw();
                !sw.name.contains('{') && (x.ver as usize) + 1 < sw.versions.len() && sw.suite == 0
            })
            .map(|(k, _)| k)
            .collect();
        if !candidates.is_empty() {
            let mut x = out[candidates[r.below(candidates.len() as u64) as usize]];
            x.ver += 1;
            x.dup = true;
            x.blank = false;
            x.day -= 90;
            out.push(x);
        }
    }
    out.truncate(MAX_ENTRIES);
    out
}

fn chrome_index() -> usize {
    static I: OnceLock<usize> = OnceLock::new();
    *I.get_or_init(|| {
        CATALOG
            .iter()
            .position(|s| s.name == "Google Chrome")
            .unwrap_or(usize::MAX)
    })
}

/// ConfigMgr's InstallDate text: `yyyymmdd`, missing for some updaters.
fn install_date<'a>(x: &Install) -> Val<'a> {
    if x.sw().versions[0].is_empty() || x.day % 23 == 0 {
        Val::Null
    } else {
        Val::Ymd(x.day)
    }
}

columns! {
    pub(crate) enum ArpCol { ResourceID, GroupID, RevisionID, AgentID, TimeStamp, DisplayName0, InstallDate0, ProdID0, Publisher0, Version0 }
}

/// v_GS_ADD_REMOVE_PROGRAMS (32-bit entries) and v_GS_ADD_REMOVE_PROGRAMS_64.
pub(crate) struct Arp {
    pub x64: bool,
    /// v_Add_Remove_Programs: both hives.
    pub both: bool,
}

impl Table for Arp {
    type Row = (usize, Install);
    type Col = ArpCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        let mut k = 0;
        for x in s.software() {
            if self.both || x.x64 == self.x64 {
                k += 1;
                out.push((k, *x));
            }
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row, col: ArpCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let (k, x) = row;
        match col {
            ArpCol::ResourceID => Val::I(d.rid),
            ArpCol::GroupID => Val::I(*k as i64),
            ArpCol::RevisionID => Val::I(d.revision),
            ArpCol::AgentID => Val::I(1),
            ArpCol::TimeStamp => Val::Ts(d.last_hw),
            ArpCol::DisplayName0 => Val::St(x.name()),
            ArpCol::InstallDate0 => install_date(x),
            ArpCol::ProdID0 => {
                if x.dup {
                    Val::Own(format!("{}_{}", x.prod_id(), x.ver))
                } else {
                    Val::St(x.prod_id())
                }
            }
            ArpCol::Publisher0 => Val::St(x.sw().publisher),
            ArpCol::Version0 => x.version().map_or(Val::Null, Val::St),
        }
    }
}

/// v_HS_ADD_REMOVE_PROGRAMS: the versions some products had before their last update.
pub(crate) struct ArpHistory;

impl Table for ArpHistory {
    type Row = (usize, Install);
    type Col = ArpCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        let Some(d) = s.device() else { return };
        if !hash(s.ctx.seed, &[Stream::Software as u64, d.index as u64, 0x45]).is_multiple_of(4) {
            return;
        }
        let mut k = 0;
        for x in s.software() {
            if !x.dup && (x.ver as usize) + 1 < x.sw().versions.len() && x.sw().suite == 0 && x.day % 3 == 0 {
                k += 1;
                let mut old = *x;
                old.ver += 1;
                old.day -= 45;
                out.push((k, old));
            }
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row, col: ArpCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        match col {
            ArpCol::RevisionID => Val::I(1),
            ArpCol::TimeStamp => Val::Ts(d.last_hw - (row.1.day % 40 + 20) * MICROS_PER_DAY),
            _ => Arp { x64: false, both: true }.value(s, row, col),
        }
    }
}

columns! {
    pub(crate) enum SwCol {
        ResourceID, GroupID, RevisionID, AgentID, TimeStamp, ARPDisplayName0, ChannelCode0, ChannelID0, CM_DSLID0,
        EvidenceSource0, InstallDate0, InstallDirectoryValidation0, InstalledLocation0, InstallSource0, InstallType0,
        Language0, LocalPackage0, MPC0, OsComponent0, PackageCode0, ProductID0, ProductName0, ProductVersion0,
        Publisher0, RegisteredUser0, ServicePack0, SoftwareCode0, SoftwarePropertiesHash0, SoftwarePropertiesHashEx0,
        UninstallString0, UpgradeCode0, VersionMajor0, VersionMinor0
    }
}

/// v_GS_INSTALLED_SOFTWARE (Asset Intelligence's view of the same installs).
pub(crate) struct InstalledSoftware;

fn version_part(v: Option<&str>, k: usize) -> Val<'static> {
    v.and_then(|v| v.split('.').nth(k))
        .and_then(|p| p.parse::<i64>().ok())
        .map_or(Val::Null, Val::I)
}

impl Table for InstalledSoftware {
    type Row = (usize, Install);
    type Col = SwCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        for (k, x) in s.software().iter().enumerate() {
            out.push((k + 1, *x));
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row, col: SwCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let (k, x) = row;
        let v = x.variant();
        let sw = x.sw();
        match col {
            SwCol::ResourceID => Val::I(d.rid),
            SwCol::GroupID => Val::I(*k as i64),
            SwCol::RevisionID => Val::I(d.revision),
            SwCol::AgentID => Val::I(1),
            SwCol::TimeStamp => Val::Ts(d.last_sw),
            SwCol::ARPDisplayName0 => Val::St(x.name()),
            SwCol::ChannelCode0 => Val::I(0),
            SwCol::EvidenceSource0 => Val::St(if sw.msi { "WAAA0" } else { "AAAAA0" }),
            SwCol::InstallDate0 => {
                if sw.versions[0].is_empty() {
                    Val::Null
                } else {
                    Val::Ts(x.day * MICROS_PER_DAY)
                }
            }
            SwCol::InstallDirectoryValidation0 => Val::I(if v.dir.is_empty() { 4 } else { 1 }),
            SwCol::InstalledLocation0 => {
                if v.dir.is_empty() {
                    Val::Null
                } else {
                    Val::St(&v.dir)
                }
            }
            SwCol::InstallSource0 => {
                if sw.msi {
                    Val::Own(format!(
                        "C:\\Windows\\ccmcache\\{}\\",
                        base36(x.sw as u64 * 37 + x.ver as u64)
                    ))
                } else {
                    Val::Null
                }
            }
            SwCol::InstallType0 => Val::I(if sw.msi { 1 } else { 0 }),
            SwCol::Language0 => Val::I(if sw.msi { 1033 } else { 0 }),
            SwCol::LocalPackage0 => {
                if sw.msi {
                    Val::Own(format!(
                        "C:\\Windows\\Installer\\{:x}.msi",
                        hash_str(&v.code) & 0xFFFFFFF
                    ))
                } else {
                    Val::Null
                }
            }
            SwCol::OsComponent0 => Val::I(0),
            SwCol::PackageCode0 => Val::Null,
            SwCol::ProductID0 => Val::Null,
            SwCol::ProductName0 => Val::St(&v.product),
            SwCol::ProductVersion0 => x.version().map_or(Val::Null, Val::St),
            SwCol::Publisher0 => Val::St(sw.publisher),
            SwCol::RegisteredUser0 => Val::St("Contoso User"),
            SwCol::ServicePack0 => Val::Null,
            SwCol::SoftwareCode0 => Val::St(if sw.msi { &v.code } else { &v.name }),
            SwCol::SoftwarePropertiesHash0 => Val::Own(format!("{:016x}", hash_str(&v.name) ^ hash_str(v.version))),
            SwCol::SoftwarePropertiesHashEx0 => Val::Null,
            SwCol::UninstallString0 => {
                if sw.msi {
                    Val::Own(format!("MsiExec.exe /X{}", v.code))
                } else if !v.dir.is_empty() {
                    Val::Own(format!("\"{}\\uninstall.exe\"", v.dir))
                } else {
                    Val::Null
                }
            }
            SwCol::UpgradeCode0 => Val::Null,
            SwCol::VersionMajor0 => version_part(x.version(), 0),
            SwCol::VersionMinor0 => version_part(x.version(), 1),
            SwCol::ChannelID0 | SwCol::CM_DSLID0 | SwCol::MPC0 => Val::Null,
        }
    }
}

fn base36(mut n: u64) -> String {
    const D: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut s = Vec::new();
    loop {
        s.push(D[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A file software inventory found.
pub(crate) struct FileRow {
    pub file_id: i64,
    pub product_id: i64,
    pub name: String,
    pub path: String,
    pub version: Option<&'static str>,
    pub description: &'static str,
    pub size: i64,
    pub modified: i64,
    pub install: Option<Install>,
}

/// Files of installed products, plus Outlook data files in user profiles.
pub(crate) fn files(s: &Subject<'_>) -> Vec<FileRow> {
    let Some(d) = s.inventoried() else { return Vec::new() };
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for x in s.software() {
        let sw = x.sw();
        let v = x.variant();
        if sw.exe.is_empty() || v.dir.is_empty() || !seen.insert(v.dir.clone() + sw.exe) {
            continue;
        }
        let h = hash_str(&v.name) ^ x.ver as u64;
        out.push(FileRow {
            file_id: x.sw as i64 * 64 + x.ver as i64 + 1,
            product_id: x.sw as i64 + 1,
            name: sw.exe.to_string(),
            path: format!("{}\\", v.dir),
            version: x.version(),
            description: sw.name.split(" {").next().unwrap_or(sw.name),
            size: 200_000 + (h % 3_000_000) as i64,
            modified: x.day * MICROS_PER_DAY + (h % 86_400) as i64 * 1_000_000,
            install: Some(*x),
        });
    }
    // Outlook archives.
    let mut r = Rng::new(s.ctx.seed, Stream::Files, d.index as u64);
    if d.is_workstation()
        && r.chance(0.12)
        && let Some(u) = d.user
    {
        let acct = crate::fleet::user(s.ctx, u).account;
        let count = r.range(1, 3);
        for k in 0..count {
            let size = if r.chance(0.15) {
                r.range(5_000_000_000, 14_000_000_000)
            } else {
                r.range(50_000_000, 2_000_000_000)
            };
            out.push(FileRow {
                file_id: 900_000 + k,
                product_id: 0,
                name: ["archive.pst", "Outlook.pst", "old mail 2019.pst"][k as usize % 3].to_string(),
                path: format!("C:\\Users\\{acct}\\Documents\\Outlook Files\\"),
                version: None,
                description: "",
                size,
                modified: d.last_sw - r.range(1, 400) * MICROS_PER_DAY,
                install: None,
            });
        }
    }
    out
}

columns! {
    pub(crate) enum FileCol { ResourceID, FileID, ProductId, FileName, FileDescription, FileVersion, FileSize, FileModifiedDate, FilePath, FileCount, CreationDate, ModifiedDate }
}

/// v_GS_SoftwareFile.
pub(crate) struct SoftwareFile;

impl Table for SoftwareFile {
    type Row = FileRow;
    type Col = FileCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<FileRow>) {
        out.extend(files(s));
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, f: &'a FileRow, col: FileCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        match col {
            FileCol::ResourceID => Val::I(d.rid),
            FileCol::FileID => Val::I(f.file_id),
            FileCol::ProductId => {
                if f.product_id == 0 {
                    Val::Null
                } else {
                    Val::I(f.product_id)
                }
            }
            FileCol::FileName => Val::S(&f.name),
            FileCol::FileDescription => {
                if f.description.is_empty() {
                    Val::Null
                } else {
                    Val::St(f.description)
                }
            }
            FileCol::FileVersion => f.version.map_or(Val::Null, Val::St),
            FileCol::FileSize => Val::I(f.size),
            FileCol::FileModifiedDate => Val::Ts(f.modified),
            FileCol::FilePath => Val::S(&f.path),
            FileCol::FileCount => Val::I(1),
            FileCol::CreationDate => Val::Ts(f.modified - 3 * MICROS_PER_HOUR),
            FileCol::ModifiedDate => Val::Ts(d.last_sw),
        }
    }
}

columns! {
    pub(crate) enum ProductCol { ResourceID, ProductId, CompanyName, ProductName, ProductVersion, ProductLanguage }
}

/// v_GS_SoftwareProduct.
pub(crate) struct SoftwareProduct;

impl Table for SoftwareProduct {
    type Row = FileRow;
    type Col = ProductCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<FileRow>) {
        let mut seen = std::collections::HashSet::new();
        out.extend(
            files(s)
                .into_iter()
                .filter(|f| f.product_id != 0 && seen.insert(f.product_id)),
        );
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, f: &'a FileRow, col: ProductCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let Some(x) = f.install else { return Val::Null };
        match col {
            ProductCol::ResourceID => Val::I(d.rid),
            ProductCol::ProductId => Val::I(f.product_id),
            ProductCol::CompanyName => Val::St(x.sw().publisher),
            ProductCol::ProductName => Val::St(&x.variant().product),
            ProductCol::ProductVersion => x.version().map_or(Val::Null, Val::St),
            ProductCol::ProductLanguage => Val::I(if x.sw().msi { 1033 } else { 65535 }),
        }
    }
}

columns! {
    pub(crate) enum ScanCol { ResourceID, LastScanDate, LastCollectedFileScanDate, LastScanOpcode }
}

/// v_GS_LastSoftwareScan.
pub(crate) struct LastSoftwareScan;

impl Table for LastSoftwareScan {
    type Row = ();
    type Col = ScanCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.inventoried().is_some() {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: ScanCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        match col {
            ScanCol::ResourceID => Val::I(d.rid),
            ScanCol::LastScanDate => Val::Ts(d.last_sw),
            ScanCol::LastCollectedFileScanDate => {
                if collects_files(s.ctx.seed, d) {
                    Val::Ts(d.last_sw)
                } else {
                    Val::Null
                }
            }
            ScanCol::LastScanOpcode => Val::I(if d.index % 9 == 0 { 0 } else { 1 }),
        }
    }
}

fn collects_files(seed: u64, d: &Device) -> bool {
    hash(seed, &[Stream::Files as u64, d.index as u64, 0xCF]).is_multiple_of(20)
}

columns! {
    pub(crate) enum CollectedCol { ResourceID, RevisionID, FileName, FilePath, FileSize, ModifiedDate, FileModifyDate, CollectionDate, LocalFilePath }
}

/// v_GS_CollectedFile: the hosts file, collected from a few machines.
pub(crate) struct CollectedFile;

impl Table for CollectedFile {
    type Row = ();
    type Col = CollectedCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.inventoried().is_some_and(|d| collects_files(s.ctx.seed, d)) {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: CollectedCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        match col {
            CollectedCol::ResourceID => Val::I(d.rid),
            CollectedCol::RevisionID => Val::I(1),
            CollectedCol::FileName => Val::St("hosts"),
            CollectedCol::FilePath => Val::St("C:\\Windows\\System32\\drivers\\etc\\"),
            CollectedCol::FileSize => Val::I(824 + (d.index % 7) as i64 * 31),
            CollectedCol::ModifiedDate => Val::Ts(d.last_sw),
            CollectedCol::FileModifyDate => Val::Ts(d.os_installed + MICROS_PER_DAY),
            CollectedCol::CollectionDate => Val::Ts(d.last_sw),
            CollectedCol::LocalFilePath => Val::Own(format!(
                "E:\\Program Files\\Microsoft Configuration Manager\\inboxes\\sinv.box\\FileCol\\{:X}\\hosts",
                d.rid
            )),
        }
    }
}

columns! {
    pub(crate) enum ExeCol {
        ResourceID, GroupID, RevisionID, AgentID, TimeStamp, ExecutableName0, ProductCode0, BinFileVersion0,
        BinProductVersion0, Description0, FilePropertiesHash0, FilePropertiesHashEx0, FileSize0, FileVersion0,
        HasPatchAdded0, InstalledFilePath0, IsSystemFile0, IsVitalFile0, Language0, Product0, ProductVersion0,
        Publisher0, ShortcutKey0, ParentName0, ShortcutName0, ShortcutType0, TargetExecutable0
    }
}

/// v_GS_INSTALLED_EXECUTABLE and v_GS_SOFTWARE_SHORTCUT.
pub(crate) struct Executables {
    pub shortcuts: bool,
}

impl Table for Executables {
    type Row = (usize, FileRow);
    type Col = ExeCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        out.extend(
            files(s)
                .into_iter()
                .filter(|f| f.install.is_some())
                .enumerate()
                .map(|(k, f)| (k + 1, f)),
        );
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row, col: ExeCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let (k, f) = row;
        let Some(x) = f.install else { return Val::Null };
        let v = x.variant();
        match col {
            ExeCol::ResourceID => Val::I(d.rid),
            ExeCol::GroupID => Val::I(*k as i64),
            ExeCol::RevisionID => Val::I(1),
            ExeCol::AgentID => Val::I(1),
            ExeCol::TimeStamp => Val::Ts(d.last_sw),
            ExeCol::ExecutableName0 => Val::S(&f.name),
            ExeCol::ProductCode0 => {
                if x.sw().msi {
                    Val::St(&v.code)
                } else {
                    Val::Null
                }
            }
            ExeCol::BinFileVersion0 | ExeCol::BinProductVersion0 | ExeCol::FileVersion0 | ExeCol::ProductVersion0 => {
                f.version.map_or(Val::Null, Val::St)
            }
            ExeCol::Description0 => Val::St(f.description),
            ExeCol::FilePropertiesHash0 => Val::Own(format!("{:016x}", hash_str(&f.name) ^ f.file_id as u64)),
            ExeCol::FilePropertiesHashEx0 => Val::Null,
            ExeCol::FileSize0 => Val::I(f.size),
            ExeCol::HasPatchAdded0 => Val::I(0),
            ExeCol::InstalledFilePath0 | ExeCol::TargetExecutable0 => Val::Own(format!("{}{}", f.path, f.name)),
            ExeCol::IsSystemFile0 => Val::I(0),
            ExeCol::IsVitalFile0 => Val::I(1),
            ExeCol::Language0 => Val::I(1033),
            ExeCol::Product0 => Val::St(&v.product),
            ExeCol::Publisher0 => Val::St(x.sw().publisher),
            ExeCol::ShortcutKey0 => Val::Own(format!(
                "C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\{}.lnk",
                v.product
            )),
            ExeCol::ParentName0 => Val::St("Programs"),
            ExeCol::ShortcutName0 => Val::Own(format!("{}.lnk", v.product)),
            ExeCol::ShortcutType0 => Val::I(if self.shortcuts { 1 } else { 0 }),
        }
    }
    fn base<'a>(&'a self, s: &'a Subject<'_>, _row: &'a Self::Row) -> Base<'a> {
        s.base()
    }
}

/// Whether `d` runs a 32-bit-only catalog (none do today; kept for the ARP split).
#[allow(dead_code)]
pub(crate) fn is_x86_only(d: &Device) -> bool {
    d.os.family == OsFamily::Win7 && d.model.year < 2010
}
