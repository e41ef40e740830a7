//! Static reference data for the demo fleet: offices, departments, operating
//! systems, hardware models, processors, client versions, names and services.

/// An office: its AD site, subnets and locale.
#[derive(Debug)]
pub(crate) struct Site {
    /// Three-letter code used in device names (`LON`).
    pub code: &'static str,
    /// The city as people write it.
    pub city: &'static str,
    /// The OU name (upper case, as AD discovery reports OU paths).
    pub ou: &'static str,
    /// The AD site name.
    pub ad_site: &'static str,
    /// Second octet of the office's 10.x.0.0/16 network.
    pub net: u8,
    /// Windows locale id of the office's OS images.
    pub lcid: i64,
    /// `Locale` as Win32_OperatingSystem reports it (hex LCID).
    pub locale: &'static str,
    /// Country calling code (`CountryCode`).
    pub country: &'static str,
    /// UTC offset in minutes.
    pub tz: i64,
    /// Share of the workforce.
    pub weight: u32,
    /// Language tag of Office installs.
    pub lang: &'static str,
}

pub(crate) const SITES: &[Site] = &[
    Site {
        code: "LON",
        city: "London",
        ou: "LONDON",
        ad_site: "London-HQ",
        net: 1,
        lcid: 2057,
        locale: "0809",
        country: "44",
        tz: 0,
        weight: 30,
        lang: "en-gb",
    },
    Site {
        code: "NYC",
        city: "New York",
        ou: "NEWYORK",
        ad_site: "NewYork",
        net: 20,
        lcid: 1033,
        locale: "0409",
        country: "1",
        tz: -300,
        weight: 22,
        lang: "en-us",
    },
    Site {
        code: "PAR",
        city: "Paris",
        ou: "PARIS",
        ad_site: "Paris",
        net: 30,
        lcid: 1036,
        locale: "040c",
        country: "33",
        tz: 60,
        weight: 12,
        lang: "fr-fr",
    },
    Site {
        code: "FRA",
        city: "Frankfurt",
        ou: "FRANKFURT",
        ad_site: "Frankfurt",
        net: 40,
        lcid: 1031,
        locale: "0407",
        country: "49",
        tz: 60,
        weight: 10,
        lang: "de-de",
    },
    Site {
        code: "SEA",
        city: "Seattle",
        ou: "SEATTLE",
        ad_site: "Seattle",
        net: 60,
        lcid: 1033,
        locale: "0409",
        country: "1",
        tz: -480,
        weight: 14,
        lang: "en-us",
    },
    Site {
        code: "SIN",
        city: "Singapore",
        ou: "SINGAPORE",
        ad_site: "Singapore",
        net: 50,
        lcid: 1033,
        locale: "0409",
        country: "65",
        tz: 480,
        weight: 8,
        lang: "en-us",
    },
];

/// A department: drives AD groups, device groups and line-of-business software.
#[derive(Debug)]
pub(crate) struct Dept {
    pub name: &'static str,
    pub weight: u32,
}

pub(crate) const DEPTS: &[Dept] = &[
    Dept { name: "Finance", weight: 10 },
    Dept { name: "HR", weight: 5 },
    Dept { name: "Sales", weight: 15 },
    Dept { name: "Marketing", weight: 8 },
    Dept { name: "Engineering", weight: 18 },
    Dept { name: "IT", weight: 8 },
    Dept { name: "Legal", weight: 4 },
    Dept { name: "Operations", weight: 14 },
    Dept { name: "Support", weight: 10 },
    Dept { name: "Executive", weight: 2 },
];

pub(crate) const DEPT_FINANCE: usize = 0;
pub(crate) const DEPT_ENGINEERING: usize = 4;
pub(crate) const DEPT_IT: usize = 5;
pub(crate) const DEPT_EXECUTIVE: usize = 9;

/// Operating system families.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug)]
pub(crate) struct OsVariant {
    pub family: OsFamily,
    /// Win32_OperatingSystem.Caption (Windows 7 and 2008 R2 captions really end in a space).
    pub caption: &'static str,
    pub version: &'static str,
    pub build: &'static str,
    pub csd: Option<&'static str>,
    /// SMS_R_System.OperatingSystemNameandVersion.
    pub nt_name: &'static str,
    pub sku: i64,
    /// Feature update name, for servicing states.
    pub release: &'static str,
    /// General availability (year, month, day).
    pub ga: (i32, u32, u32),
    /// Servicing branch (SMS_R_System.OSBranch): 0 semi-annual/general, 2 long-term.
    pub branch: &'static str,
    /// Update line (cumulative updates) the build takes, if any.
    pub line: Option<usize>,
}

/// Indexes into [`OS`] used by the fixed devices at the start of the fleet.
pub(crate) mod os {
    pub const W7_ENT: usize = 0;
    pub const W7_PRO: usize = 1;
    pub const W10_1909: usize = 2;
    pub const W10_21H2: usize = 3;
    pub const W10_22H2: usize = 4;
    pub const W10_22H2_PRO: usize = 5;
    pub const W10_LTSC: usize = 6;
    pub const W10_IOT: usize = 7;
    pub const W11_22H2: usize = 8;
    pub const W11_23H2: usize = 9;
    pub const W11_24H2: usize = 10;
    pub const W11_24H2_PRO: usize = 11;
    pub const S2008R2_ENT: usize = 12;
    pub const S2008R2_STD: usize = 13;
    pub const S2012R2_STD: usize = 14;
    pub const S2012R2_DC: usize = 15;
    pub const S2016_STD: usize = 16;
    pub const S2016_DC: usize = 17;
    pub const S2019_STD: usize = 18;
    pub const S2019_DC: usize = 19;
    pub const S2022_STD: usize = 20;
    pub const S2022_DC: usize = 21;
    pub const S2025_STD: usize = 22;
}

/// Cumulative update lines (see `updates.rs`).
pub(crate) mod line {
    pub const W10: usize = 0;
    pub const W11_23H2: usize = 1;
    pub const W11_24H2: usize = 2;
    pub const S2016: usize = 3;
    pub const S2019: usize = 4;
    pub const S2022: usize = 5;
    pub const S2025: usize = 6;
}

pub(crate) const OS: &[OsVariant] = &[
    OsVariant {
        family: OsFamily::Win7,
        caption: "Microsoft Windows 7 Enterprise ",
        version: "6.1.7601",
        build: "7601",
        csd: Some("Service Pack 1"),
        nt_name: "Microsoft Windows NT Workstation 6.1",
        sku: 4,
        release: "SP1",
        ga: (2011, 2, 22),
        branch: "0",
        line: None,
    },
    OsVariant {
        family: OsFamily::Win7,
        caption: "Microsoft Windows 7 Professional ",
        version: "6.1.7601",
        build: "7601",
        csd: Some("Service Pack 1"),
        nt_name: "Microsoft Windows NT Workstation 6.1",
        sku: 48,
        release: "SP1",
        ga: (2011, 2, 22),
        branch: "0",
        line: None,
    },
    OsVariant {
        family: OsFamily::Win10,
        caption: "Microsoft Windows 10 Enterprise",
        version: "10.0.18363",
        build: "18363",
        csd: None,
        nt_name: "Microsoft Windows NT Workstation 10.0",
        sku: 4,
        release: "1909",
        ga: (2019, 11, 12),
        branch: "0",
        line: None,
    },
    OsVariant {
        family: OsFamily::Win10,
        caption: "Microsoft Windows 10 Enterprise",
        version: "10.0.19044",
        build: "19044",
        csd: None,
        nt_name: "Microsoft Windows NT Workstation 10.0",
        sku: 4,
        release: "21H2",
        ga: (2021, 11, 16),
        branch: "0",
        line: Some(line::W10),
    },
    OsVariant {
        family: OsFamily::Win10,
        caption: "Microsoft Windows 10 Enterprise",
        version: "10.0.19045",
        build: "19045",
        csd: None,
        nt_name: "Microsoft Windows NT Workstation 10.0",
        sku: 4,
        release: "22H2",
        ga: (2022, 10, 18),
        branch: "0",
        line: Some(line::W10),
    },
    OsVariant {
        family: OsFamily::Win10,
        caption: "Microsoft Windows 10 Pro",
        version: "10.0.19045",
        build: "19045",
        csd: None,
        nt_name: "Microsoft Windows NT Workstation 10.0",
        sku: 48,
        release: "22H2",
        ga: (2022, 10, 18),
        branch: "0",
        line: Some(line::W10),
    },
    OsVariant {
        family: OsFamily::Win10,
        caption: "Microsoft Windows 10 Enterprise LTSC",
        version: "10.0.19044",
        build: "19044",
        csd: None,
        nt_name: "Microsoft Windows NT Workstation 10.0",
        sku: 125,
        release: "LTSC 2021",
        ga: (2021, 11, 16),
        branch: "2",
        line: Some(line::W10),
    },
    OsVariant {
        family: OsFamily::Win10,
        caption: "Microsoft Windows 10 IoT Enterprise LTSC",
        version: "10.0.19044",
        build: "19044",
        csd: None,
        nt_name: "Microsoft Windows NT Workstation 10.0",
        sku: 191,
        release: "LTSC 2021",
        ga: (2021, 11, 16),
        branch: "2",
        line: Some(line::W10),
    },
    OsVariant {
        family: OsFamily::Win11,
        caption: "Microsoft Windows 11 Enterprise",
        version: "10.0.22621",
        build: "22621",
        csd: None,
        nt_name: "Microsoft Windows NT Workstation 10.0",
        sku: 4,
        release: "22H2",
        ga: (2022, 9, 20),
        branch: "0",
        line: Some(line::W11_23H2),
    },
    OsVariant {
        family: OsFamily::Win11,
        caption: "Microsoft Windows 11 Enterprise",
        version: "10.0.22631",
        build: "22631",
        csd: None,
        nt_name: "Microsoft Windows NT Workstation 10.0",
        sku: 4,
        release: "23H2",
        ga: (2023, 10, 31),
        branch: "0",
        line: Some(line::W11_23H2),
    },
    OsVariant {
        family: OsFamily::Win11,
        caption: "Microsoft Windows 11 Enterprise",
        version: "10.0.26100",
        build: "26100",
        csd: None,
        nt_name: "Microsoft Windows NT Workstation 10.0",
        sku: 4,
        release: "24H2",
        ga: (2024, 10, 1),
        branch: "0",
        line: Some(line::W11_24H2),
    },
    OsVariant {
        family: OsFamily::Win11,
        caption: "Microsoft Windows 11 Pro",
        version: "10.0.26100",
        build: "26100",
        csd: None,
        nt_name: "Microsoft Windows NT Workstation 10.0",
        sku: 48,
        release: "24H2",
        ga: (2024, 10, 1),
        branch: "0",
        line: Some(line::W11_24H2),
    },
    OsVariant {
        family: OsFamily::Srv2008R2,
        caption: "Microsoft Windows Server 2008 R2 Enterprise ",
        version: "6.1.7601",
        build: "7601",
        csd: Some("Service Pack 1"),
        nt_name: "Microsoft Windows NT Advanced Server 6.1",
        sku: 10,
        release: "SP1",
        ga: (2011, 2, 22),
        branch: "0",
        line: None,
    },
    OsVariant {
        family: OsFamily::Srv2008R2,
        caption: "Microsoft Windows Server 2008 R2 Standard ",
        version: "6.1.7601",
        build: "7601",
        csd: Some("Service Pack 1"),
        nt_name: "Microsoft Windows NT Server 6.1",
        sku: 7,
        release: "SP1",
        ga: (2011, 2, 22),
        branch: "0",
        line: None,
    },
    OsVariant {
        family: OsFamily::Srv2012R2,
        caption: "Microsoft Windows Server 2012 R2 Standard",
        version: "6.3.9600",
        build: "9600",
        csd: None,
        nt_name: "Microsoft Windows NT Server 6.3",
        sku: 7,
        release: "2012 R2",
        ga: (2013, 10, 18),
        branch: "2",
        line: None,
    },
    OsVariant {
        family: OsFamily::Srv2012R2,
        caption: "Microsoft Windows Server 2012 R2 Datacenter",
        version: "6.3.9600",
        build: "9600",
        csd: None,
        nt_name: "Microsoft Windows NT Advanced Server 6.3",
        sku: 8,
        release: "2012 R2",
        ga: (2013, 10, 18),
        branch: "2",
        line: None,
    },
    OsVariant {
        family: OsFamily::Srv2016,
        caption: "Microsoft Windows Server 2016 Standard",
        version: "10.0.14393",
        build: "14393",
        csd: None,
        nt_name: "Microsoft Windows NT Server 10.0",
        sku: 7,
        release: "1607",
        ga: (2016, 10, 12),
        branch: "2",
        line: Some(line::S2016),
    },
    OsVariant {
        family: OsFamily::Srv2016,
        caption: "Microsoft Windows Server 2016 Datacenter",
        version: "10.0.14393",
        build: "14393",
        csd: None,
        nt_name: "Microsoft Windows NT Advanced Server 10.0",
        sku: 8,
        release: "1607",
        ga: (2016, 10, 12),
        branch: "2",
        line: Some(line::S2016),
    },
    OsVariant {
        family: OsFamily::Srv2019,
        caption: "Microsoft Windows Server 2019 Standard",
        version: "10.0.17763",
        build: "17763",
        csd: None,
        nt_name: "Microsoft Windows NT Server 10.0",
        sku: 7,
        release: "1809",
        ga: (2018, 11, 13),
        branch: "2",
        line: Some(line::S2019),
    },
    OsVariant {
        family: OsFamily::Srv2019,
        caption: "Microsoft Windows Server 2019 Datacenter",
        version: "10.0.17763",
        build: "17763",
        csd: None,
        nt_name: "Microsoft Windows NT Advanced Server 10.0",
        sku: 8,
        release: "1809",
        ga: (2018, 11, 13),
        branch: "2",
        line: Some(line::S2019),
    },
    OsVariant {
        family: OsFamily::Srv2022,
        caption: "Microsoft Windows Server 2022 Standard",
        version: "10.0.20348",
        build: "20348",
        csd: None,
        nt_name: "Microsoft Windows NT Server 10.0",
        sku: 7,
        release: "21H2",
        ga: (2021, 8, 18),
        branch: "2",
        line: Some(line::S2022),
    },
    OsVariant {
        family: OsFamily::Srv2022,
        caption: "Microsoft Windows Server 2022 Datacenter",
        version: "10.0.20348",
        build: "20348",
        csd: None,
        nt_name: "Microsoft Windows NT Advanced Server 10.0",
        sku: 8,
        release: "21H2",
        ga: (2021, 8, 18),
        branch: "2",
        line: Some(line::S2022),
    },
    OsVariant {
        family: OsFamily::Srv2025,
        caption: "Microsoft Windows Server 2025 Standard",
        version: "10.0.26100",
        build: "26100",
        csd: None,
        nt_name: "Microsoft Windows NT Server 10.0",
        sku: 7,
        release: "24H2",
        ga: (2024, 11, 1),
        branch: "2",
        line: Some(line::S2025),
    },
];

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    pub(crate) fn code(self) -> &'static str {
        match self {
            Role::Dc => "DC",
            Role::Sql => "SQL",
            Role::Web => "WEB",
            Role::File => "FS",
            Role::App => "APP",
            Role::HyperV => "HV",
            Role::Cm => "CM",
            Role::Dp => "DP",
            Role::Rds => "RDS",
            Role::Print => "PRT",
        }
    }
    pub(crate) fn ou(self) -> &'static str {
        match self {
            Role::Dc => "DOMAIN CONTROLLERS",
            Role::Sql => "SQL",
            Role::Web => "WEB",
            Role::File => "FILE",
            Role::App => "APPLICATION",
            Role::HyperV => "HYPER-V",
            Role::Cm | Role::Dp => "CONFIGMGR",
            Role::Rds => "RDS",
            Role::Print => "PRINT",
        }
    }
    pub(crate) fn weight(self) -> u32 {
        match self {
            Role::Dc => 5,
            Role::Sql => 14,
            Role::Web => 12,
            Role::File => 9,
            Role::App => 24,
            Role::HyperV => 6,
            Role::Cm => 1,
            Role::Dp => 4,
            Role::Rds => 7,
            Role::Print => 3,
        }
    }
    pub(crate) fn index(self) -> usize {
        Role::ALL.iter().position(|r| *r == self).unwrap_or(0)
    }
}

/// Form factor of a hardware model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    Desktop,
    Laptop,
    Tablet,
    Server,
    Virtual,
}

/// How a vendor formats BIOS versions and serial numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug)]
pub(crate) struct Model {
    pub vendor: Vendor,
    /// Win32_ComputerSystem.Manufacturer.
    pub manufacturer: &'static str,
    /// Win32_ComputerSystem.Model (Lenovo reports its machine type here).
    pub model: &'static str,
    /// Win32_ComputerSystemProduct.Version (Lenovo's marketing name).
    pub family: &'static str,
    pub form: Form,
    /// Year the model shipped.
    pub year: i32,
    /// Win32_SystemEnclosure.ChassisTypes.
    pub chassis: i64,
    /// SMBIOS BIOS versions, newest first.
    pub bios: &'static [&'static str],
    /// Processors it ships with (indexes into [`CPUS`]).
    pub cpus: &'static [usize],
    /// Memory sizes in GB.
    pub ram: &'static [u32],
    /// System drive size in GB.
    pub disk: &'static [u32],
    /// Disk model string.
    pub disk_model: &'static str,
    pub tpm2: bool,
    pub uefi: bool,
    /// First OUI bytes of the wired NIC.
    pub oui: [u8; 3],
    /// Network adapter description.
    pub nic: &'static str,
    /// Video controller.
    pub video: &'static str,
    /// Weight among models of its form factor and era.
    pub weight: u32,
}

pub(crate) const MODELS: &[Model] = &[
    // Desktops
    Model {
        vendor: Vendor::Dell,
        manufacturer: "Dell Inc.",
        model: "OptiPlex 7090",
        family: "OptiPlex",
        form: Form::Desktop,
        year: 2021,
        chassis: 3,
        bios: &["1.27.0", "1.21.0", "1.13.1", "1.9.0"],
        cpus: &[3, 9],
        ram: &[16, 16, 32, 8],
        disk: &[512, 256],
        disk_model: "PC SN740 NVMe WD 512GB",
        tpm2: true,
        uefi: true,
        oui: [0xD0, 0x94, 0x66],
        nic: "Intel(R) Ethernet Connection (14) I219-LM",
        video: "Intel(R) UHD Graphics 630",
        weight: 30,
    },
    Model {
        vendor: Vendor::Dell,
        manufacturer: "Dell Inc.",
        model: "OptiPlex 7010",
        family: "OptiPlex",
        form: Form::Desktop,
        year: 2023,
        chassis: 35,
        bios: &["1.18.1", "1.12.0", "1.6.0"],
        cpus: &[11],
        ram: &[16, 32],
        disk: &[512],
        disk_model: "KIOXIA BG5 KBG50ZNV512G",
        tpm2: true,
        uefi: true,
        oui: [0xB0, 0x4F, 0x13],
        nic: "Realtek PCIe GbE Family Controller",
        video: "Intel(R) UHD Graphics 770",
        weight: 22,
    },
    Model {
        vendor: Vendor::Hp,
        manufacturer: "HP",
        model: "HP EliteDesk 800 G6 Small Form Factor PC",
        family: "HP EliteDesk",
        form: Form::Desktop,
        year: 2020,
        chassis: 4,
        bios: &["S01 Ver. 02.17.00", "S01 Ver. 02.12.00", "S01 Ver. 02.04.01"],
        cpus: &[3],
        ram: &[16, 8, 32],
        disk: &[512, 256],
        disk_model: "SAMSUNG MZVLB512HBJQ-000H1",
        tpm2: true,
        uefi: true,
        oui: [0x3C, 0x52, 0x82],
        nic: "Intel(R) Ethernet Connection (11) I219-LM",
        video: "Intel(R) UHD Graphics 630",
        weight: 20,
    },
    Model {
        vendor: Vendor::Lenovo,
        manufacturer: "LENOVO",
        model: "11T3002RUS",
        family: "ThinkCentre M70q Gen 3",
        form: Form::Desktop,
        year: 2022,
        chassis: 35,
        bios: &["M4CKT4AA", "M4CKT37A", "M4CKT1EA"],
        cpus: &[11],
        ram: &[16],
        disk: &[512],
        disk_model: "SAMSUNG MZVL4512HBLU-00BL7",
        tpm2: true,
        uefi: true,
        oui: [0x54, 0xE1, 0xAD],
        nic: "Intel(R) Ethernet Connection (17) I219-LM",
        video: "Intel(R) UHD Graphics 730",
        weight: 12,
    },
    Model {
        vendor: Vendor::Dell,
        manufacturer: "Dell Inc.",
        model: "OptiPlex 9020",
        family: "OptiPlex",
        form: Form::Desktop,
        year: 2014,
        chassis: 3,
        bios: &["A25", "A18", "A07"],
        cpus: &[0],
        ram: &[8, 4],
        disk: &[500, 250],
        disk_model: "ST500DM002-1BD142",
        tpm2: false,
        uefi: false,
        oui: [0xB8, 0xCA, 0x3A],
        nic: "Intel(R) Ethernet Connection I217-LM",
        video: "Intel(R) HD Graphics 4600",
        weight: 14,
    },
    Model {
        vendor: Vendor::HpOld,
        manufacturer: "Hewlett-Packard",
        model: "HP Compaq Elite 8300 SFF",
        family: "HP Compaq Elite",
        form: Form::Desktop,
        year: 2012,
        chassis: 6,
        bios: &["K01 v03.06", "K01 v02.90"],
        cpus: &[0],
        ram: &[4, 8],
        disk: &[500],
        disk_model: "WDC WD5000AAKX-60U6AA0",
        tpm2: false,
        uefi: false,
        oui: [0xF8, 0xB4, 0x6A],
        nic: "Intel(R) 82579LM Gigabit Network Connection",
        video: "Intel(R) HD Graphics 2500",
        weight: 8,
    },
    // Laptops
    Model {
        vendor: Vendor::Dell,
        manufacturer: "Dell Inc.",
        model: "Latitude 7420",
        family: "Latitude",
        form: Form::Laptop,
        year: 2021,
        chassis: 10,
        bios: &["1.38.0", "1.33.2", "1.29.0", "1.17.1", "1.9.2"],
        cpus: &[5, 6],
        ram: &[16, 16, 32],
        disk: &[512, 256],
        disk_model: "PM9A1 NVMe Samsung 512GB",
        tpm2: true,
        uefi: true,
        oui: [0xF8, 0xBC, 0x12],
        nic: "Intel(R) Wi-Fi 6 AX201 160MHz",
        video: "Intel(R) Iris(R) Xe Graphics",
        weight: 22,
    },
    Model {
        vendor: Vendor::Dell,
        manufacturer: "Dell Inc.",
        model: "Latitude 5420",
        family: "Latitude",
        form: Form::Laptop,
        year: 2021,
        chassis: 10,
        bios: &["1.36.0", "1.30.1", "1.24.2", "1.11.2"],
        cpus: &[5],
        ram: &[16, 8],
        disk: &[256, 512],
        disk_model: "KXG60ZNV256G NVMe KIOXIA 256GB",
        tpm2: true,
        uefi: true,
        oui: [0xF8, 0xBC, 0x12],
        nic: "Intel(R) Wi-Fi 6 AX201 160MHz",
        video: "Intel(R) Iris(R) Xe Graphics",
        weight: 18,
    },
    Model {
        vendor: Vendor::Dell,
        manufacturer: "Dell Inc.",
        model: "Latitude 7440",
        family: "Latitude",
        form: Form::Laptop,
        year: 2023,
        chassis: 10,
        bios: &["1.17.1", "1.12.1", "1.5.0"],
        cpus: &[8],
        ram: &[16, 32],
        disk: &[512],
        disk_model: "SK hynix PC801 NVMe 512GB",
        tpm2: true,
        uefi: true,
        oui: [0x6C, 0x3C, 0x8C],
        nic: "Intel(R) Wi-Fi 6E AX211 160MHz",
        video: "Intel(R) Iris(R) Xe Graphics",
        weight: 18,
    },
    Model {
        vendor: Vendor::Hp,
        manufacturer: "HP",
        model: "HP EliteBook 840 G8 Notebook PC",
        family: "HP EliteBook",
        form: Form::Laptop,
        year: 2021,
        chassis: 10,
        bios: &["T37 Ver. 01.19.00", "T37 Ver. 01.14.02", "T37 Ver. 01.09.00"],
        cpus: &[5, 6],
        ram: &[16, 32],
        disk: &[512, 256],
        disk_model: "SAMSUNG MZVL2512HCJQ-00BH1",
        tpm2: true,
        uefi: true,
        oui: [0x9C, 0x7B, 0xEF],
        nic: "Intel(R) Wi-Fi 6 AX201 160MHz",
        video: "Intel(R) Iris(R) Xe Graphics",
        weight: 16,
    },
    Model {
        vendor: Vendor::Hp,
        manufacturer: "HP",
        model: "HP EliteBook 850 G5",
        family: "HP EliteBook",
        form: Form::Laptop,
        year: 2018,
        chassis: 10,
        bios: &["Q78 Ver. 01.27.00", "Q78 Ver. 01.15.01"],
        cpus: &[2],
        ram: &[8, 16],
        disk: &[256],
        disk_model: "SAMSUNG MZVLB256HAHQ-000H1",
        tpm2: true,
        uefi: true,
        oui: [0xF8, 0xB4, 0x6A],
        nic: "Intel(R) Dual Band Wireless-AC 8265",
        video: "Intel(R) UHD Graphics 620",
        weight: 8,
    },
    Model {
        vendor: Vendor::Lenovo,
        manufacturer: "LENOVO",
        model: "20XW003JUS",
        family: "ThinkPad X1 Carbon Gen 9",
        form: Form::Laptop,
        year: 2021,
        chassis: 10,
        bios: &["N32ET91W (1.67 )", "N32ET86W (1.62 )", "N32ET75W (1.51 )"],
        cpus: &[6],
        ram: &[16, 32],
        disk: &[512, 1024],
        disk_model: "SAMSUNG MZVL2512HCJQ-00BL7",
        tpm2: true,
        uefi: true,
        oui: [0x8C, 0x16, 0x45],
        nic: "Intel(R) Wi-Fi 6 AX201 160MHz",
        video: "Intel(R) Iris(R) Xe Graphics",
        weight: 10,
    },
    Model {
        vendor: Vendor::Lenovo,
        manufacturer: "LENOVO",
        model: "21HD003AUS",
        family: "ThinkPad T14 Gen 4",
        form: Form::Laptop,
        year: 2023,
        chassis: 10,
        bios: &["R2FET62W (1.42 )", "R2FET51W (1.31 )"],
        cpus: &[8, 10],
        ram: &[16, 32],
        disk: &[512],
        disk_model: "KBG50ZNS512G NVMe KIOXIA 512GB",
        tpm2: true,
        uefi: true,
        oui: [0x8C, 0x16, 0x45],
        nic: "Intel(R) Wi-Fi 6E AX211 160MHz",
        video: "Intel(R) Iris(R) Xe Graphics",
        weight: 14,
    },
    Model {
        vendor: Vendor::Surface,
        manufacturer: "Microsoft Corporation",
        model: "Surface Laptop 4",
        family: "Surface Laptop 4",
        form: Form::Laptop,
        year: 2021,
        chassis: 9,
        bios: &["19.101.143", "16.104.140"],
        cpus: &[6],
        ram: &[16],
        disk: &[512],
        disk_model: "SAMSUNG MZ9LQ512HBLU-00B00",
        tpm2: true,
        uefi: true,
        oui: [0xC4, 0x9D, 0xED],
        nic: "Intel(R) Wi-Fi 6 AX201 160MHz",
        video: "Intel(R) Iris(R) Xe Graphics",
        weight: 5,
    },
    Model {
        vendor: Vendor::Surface,
        manufacturer: "Microsoft Corporation",
        model: "Surface Pro X",
        family: "Surface Pro X",
        form: Form::Tablet,
        year: 2020,
        chassis: 31,
        bios: &["6.403.140", "4.302.140"],
        cpus: &[12],
        ram: &[16],
        disk: &[256],
        disk_model: "SAMSUNG KLUDG4UHDB-B2D1",
        tpm2: true,
        uefi: true,
        oui: [0xC4, 0x9D, 0xED],
        nic: "Qualcomm(R) Wi-Fi B/G/N/AC (2x2) Svc",
        video: "Qualcomm(R) Adreno(TM) 690 GPU",
        weight: 1,
    },
    Model {
        vendor: Vendor::Dell,
        manufacturer: "Dell Inc.",
        model: "Latitude E7450",
        family: "Latitude",
        form: Form::Laptop,
        year: 2015,
        chassis: 9,
        bios: &["A24", "A19", "A08"],
        cpus: &[1],
        ram: &[8, 4],
        disk: &[256],
        disk_model: "LITEON L8H-256V2G-11 M.2 2280 256GB",
        tpm2: false,
        uefi: false,
        oui: [0x18, 0xDB, 0xF2],
        nic: "Intel(R) Dual Band Wireless-AC 7265",
        video: "Intel(R) HD Graphics 5500",
        weight: 10,
    },
    Model {
        vendor: Vendor::HpOld,
        manufacturer: "Hewlett-Packard",
        model: "HP EliteBook 840 G1",
        family: "HP EliteBook",
        form: Form::Laptop,
        year: 2014,
        chassis: 10,
        bios: &["L71 Ver. 01.44", "L71 Ver. 01.31"],
        cpus: &[1],
        ram: &[4, 8],
        disk: &[180],
        disk_model: "INTEL SSDSC2BF180A4H",
        tpm2: false,
        uefi: false,
        oui: [0x3C, 0xA8, 0x2A],
        nic: "Intel(R) Dual Band Wireless-AC 7260",
        video: "Intel(R) HD Graphics Family",
        weight: 8,
    },
    Model {
        vendor: Vendor::Lenovo,
        manufacturer: "LENOVO",
        model: "20B6005JUS",
        family: "ThinkPad T440",
        form: Form::Laptop,
        year: 2014,
        chassis: 10,
        bios: &["GJET98WW (2.48 )", "GJET83WW (2.33 )"],
        cpus: &[1],
        ram: &[4, 8],
        disk: &[500],
        disk_model: "ST500LM021-1KJ152",
        tpm2: false,
        uefi: false,
        oui: [0x28, 0xD2, 0x44],
        nic: "Intel(R) Dual Band Wireless-AC 7260",
        video: "Intel(R) HD Graphics Family",
        weight: 6,
    },
    // Servers
    Model {
        vendor: Vendor::Dell,
        manufacturer: "Dell Inc.",
        model: "PowerEdge R750",
        family: "PowerEdge",
        form: Form::Server,
        year: 2021,
        chassis: 23,
        bios: &["1.13.2", "1.10.2", "1.6.5"],
        cpus: &[15],
        ram: &[256, 384, 512],
        disk: &[480],
        disk_model: "DELLBOSS VD",
        tpm2: true,
        uefi: true,
        oui: [0xB0, 0x7B, 0x25],
        nic: "Broadcom NetXtreme E-Series Advanced Dual-port 25Gb SFP28 Ethernet OCP 3.0 Adapter",
        video: "Matrox G200eW3 (Nuvoton) WPCM450",
        weight: 30,
    },
    Model {
        vendor: Vendor::Dell,
        manufacturer: "Dell Inc.",
        model: "PowerEdge R740",
        family: "PowerEdge",
        form: Form::Server,
        year: 2018,
        chassis: 23,
        bios: &["2.19.1", "2.12.2", "2.8.2"],
        cpus: &[13],
        ram: &[192, 256, 384],
        disk: &[240, 480],
        disk_model: "DELL PERC H740P Mini",
        tpm2: true,
        uefi: true,
        oui: [0x24, 0x6E, 0x96],
        nic: "Broadcom NetXtreme Gigabit Ethernet",
        video: "Matrox G200eW3 (Nuvoton) WPCM450",
        weight: 30,
    },
    Model {
        vendor: Vendor::Hpe,
        manufacturer: "HPE",
        model: "ProLiant DL380 Gen10",
        family: "ProLiant",
        form: Form::Server,
        year: 2018,
        chassis: 23,
        bios: &["U30", "U30"],
        cpus: &[13],
        ram: &[128, 256],
        disk: &[300, 600],
        disk_model: "HPE Smart Array P408i-a SR Gen10",
        tpm2: true,
        uefi: true,
        oui: [0x94, 0x40, 0xC9],
        nic: "HPE Ethernet 1Gb 4-port 331i Adapter",
        video: "Matrox G200eH3",
        weight: 25,
    },
    Model {
        vendor: Vendor::Dell,
        manufacturer: "Dell Inc.",
        model: "PowerEdge R710",
        family: "PowerEdge",
        form: Form::Server,
        year: 2010,
        chassis: 23,
        bios: &["6.6.0", "6.4.0"],
        cpus: &[14],
        ram: &[48, 96],
        disk: &[146, 300],
        disk_model: "DELL PERC 6/i SCSI Disk Device",
        tpm2: false,
        uefi: false,
        oui: [0x78, 0x2B, 0xCB],
        nic: "Broadcom BCM5709C NetXtreme II GigE (NDIS VBD Client)",
        video: "Standard VGA Graphics Adapter",
        weight: 15,
    },
    // Virtual machines
    Model {
        vendor: Vendor::VMware,
        manufacturer: "VMware, Inc.",
        model: "VMware7,1",
        family: "None",
        form: Form::Virtual,
        year: 2020,
        chassis: 1,
        bios: &["VMW71.00V.21100432.B64.2301110304", "VMW71.00V.18227214.B64.2106252220"],
        cpus: &[15, 13],
        ram: &[8, 16, 32, 64],
        disk: &[100, 120, 150],
        disk_model: "VMware Virtual disk SCSI Disk Device",
        tpm2: false,
        uefi: true,
        oui: [0x00, 0x50, 0x56],
        nic: "vmxnet3 Ethernet Adapter",
        video: "VMware SVGA 3D",
        weight: 45,
    },
    Model {
        vendor: Vendor::VMwareOld,
        manufacturer: "VMware, Inc.",
        model: "VMware Virtual Platform",
        family: "None",
        form: Form::Virtual,
        year: 2012,
        chassis: 1,
        bios: &["6.00"],
        cpus: &[14, 13],
        ram: &[4, 8, 16],
        disk: &[60, 80],
        disk_model: "VMware Virtual disk SCSI Disk Device",
        tpm2: false,
        uefi: false,
        oui: [0x00, 0x50, 0x56],
        nic: "Intel(R) PRO/1000 MT Network Connection",
        video: "VMware SVGA 3D",
        weight: 15,
    },
    Model {
        vendor: Vendor::HyperV,
        manufacturer: "Microsoft Corporation",
        model: "Virtual Machine",
        family: "Hyper-V UEFI Release v4.1",
        form: Form::Virtual,
        year: 2019,
        chassis: 3,
        bios: &["Hyper-V UEFI Release v4.1", "Hyper-V UEFI Release v4.0"],
        cpus: &[15, 13],
        ram: &[4, 8, 16, 32],
        disk: &[127],
        disk_model: "Microsoft Virtual Disk",
        tpm2: true,
        uefi: true,
        oui: [0x00, 0x15, 0x5D],
        nic: "Microsoft Hyper-V Network Adapter",
        video: "Microsoft Hyper-V Video",
        weight: 30,
    },
];

/// A processor model.
#[derive(Debug)]
pub(crate) struct Cpu {
    /// Win32_Processor.Name (Intel pads some names with spaces).
    pub name: &'static str,
    pub manufacturer: &'static str,
    pub cores: i64,
    pub logical: i64,
    pub mhz: i64,
    pub l2: i64,
    pub l3: i64,
    /// SMS_R_System.CPUType.
    pub cpu_type: &'static str,
    pub processor_id: &'static str,
    pub family: i64,
    /// Win32_Processor.Architecture (9 x64, 12 ARM64).
    pub arch: i64,
}

pub(crate) const CPUS: &[Cpu] = &[
    Cpu {
        name: "Intel(R) Core(TM) i5-4590 CPU @ 3.30GHz",
        manufacturer: "GenuineIntel",
        cores: 4,
        logical: 4,
        mhz: 3301,
        l2: 1024,
        l3: 6144,
        cpu_type: "Intel64 Family 6 Model 60 Stepping 3",
        processor_id: "BFEBFBFF000306C3",
        family: 205,
        arch: 9,
    },
    Cpu {
        name: "Intel(R) Core(TM) i5-4300U CPU @ 1.90GHz",
        manufacturer: "GenuineIntel",
        cores: 2,
        logical: 4,
        mhz: 2494,
        l2: 512,
        l3: 3072,
        cpu_type: "Intel64 Family 6 Model 69 Stepping 1",
        processor_id: "BFEBFBFF00040651",
        family: 205,
        arch: 9,
    },
    Cpu {
        name: "Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz",
        manufacturer: "GenuineIntel",
        cores: 4,
        logical: 8,
        mhz: 2112,
        l2: 1024,
        l3: 8192,
        cpu_type: "Intel64 Family 6 Model 142 Stepping 10",
        processor_id: "BFEBFBFF000806EA",
        family: 198,
        arch: 9,
    },
    Cpu {
        name: "Intel(R) Core(TM) i5-10500 CPU @ 3.10GHz",
        manufacturer: "GenuineIntel",
        cores: 6,
        logical: 12,
        mhz: 3096,
        l2: 1536,
        l3: 12288,
        cpu_type: "Intel64 Family 6 Model 165 Stepping 3",
        processor_id: "BFEBFBFF000A0653",
        family: 205,
        arch: 9,
    },
    Cpu {
        name: "Intel(R) Core(TM) i7-10610U CPU @ 1.80GHz",
        manufacturer: "GenuineIntel",
        cores: 4,
        logical: 8,
        mhz: 2304,
        l2: 1024,
        l3: 8192,
        cpu_type: "Intel64 Family 6 Model 142 Stepping 12",
        processor_id: "BFEBFBFF000806EC",
        family: 198,
        arch: 9,
    },
    Cpu {
        name: "11th Gen Intel(R) Core(TM) i5-1145G7 @ 2.60GHz",
        manufacturer: "GenuineIntel",
        cores: 4,
        logical: 8,
        mhz: 2611,
        l2: 5120,
        l3: 8192,
        cpu_type: "Intel64 Family 6 Model 140 Stepping 1",
        processor_id: "BFEBFBFF000806C1",
        family: 205,
        arch: 9,
    },
    Cpu {
        name: "11th Gen Intel(R) Core(TM) i7-1185G7 @ 3.00GHz",
        manufacturer: "GenuineIntel",
        cores: 4,
        logical: 8,
        mhz: 2995,
        l2: 5120,
        l3: 12288,
        cpu_type: "Intel64 Family 6 Model 140 Stepping 1",
        processor_id: "BFEBFBFF000806C1",
        family: 198,
        arch: 9,
    },
    Cpu {
        name: "Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz",
        manufacturer: "GenuineIntel",
        cores: 8,
        logical: 16,
        mhz: 2904,
        l2: 2048,
        l3: 16384,
        cpu_type: "Intel64 Family 6 Model 165 Stepping 5",
        processor_id: "BFEBFBFF000A0655",
        family: 198,
        arch: 9,
    },
    Cpu {
        name: "13th Gen Intel(R) Core(TM) i7-1365U",
        manufacturer: "GenuineIntel",
        cores: 10,
        logical: 12,
        mhz: 1800,
        l2: 6656,
        l3: 12288,
        cpu_type: "Intel64 Family 6 Model 186 Stepping 3",
        processor_id: "BFEBFBFF000B06A3",
        family: 198,
        arch: 9,
    },
    Cpu {
        name: "Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz",
        manufacturer: "GenuineIntel",
        cores: 8,
        logical: 16,
        mhz: 2904,
        l2: 2048,
        l3: 16384,
        cpu_type: "Intel64 Family 6 Model 165 Stepping 5",
        processor_id: "BFEBFBFF000A0655",
        family: 198,
        arch: 9,
    },
    Cpu {
        name: "AMD Ryzen 7 PRO 7840U w/ Radeon 780M Graphics",
        manufacturer: "AuthenticAMD",
        cores: 8,
        logical: 16,
        mhz: 3301,
        l2: 8192,
        l3: 16384,
        cpu_type: "AMD64 Family 25 Model 116 Stepping 1",
        processor_id: "178BFBFF00A70F41",
        family: 107,
        arch: 9,
    },
    Cpu {
        name: "13th Gen Intel(R) Core(TM) i5-13500",
        manufacturer: "GenuineIntel",
        cores: 14,
        logical: 20,
        mhz: 2500,
        l2: 11776,
        l3: 24576,
        cpu_type: "Intel64 Family 6 Model 183 Stepping 1",
        processor_id: "BFEBFBFF000B0671",
        family: 205,
        arch: 9,
    },
    Cpu {
        name: "Microsoft SQ2 @ 3.15 GHz",
        manufacturer: "Qualcomm Technologies Inc",
        cores: 8,
        logical: 8,
        mhz: 3150,
        l2: 0,
        l3: 0,
        cpu_type: "ARMv8 (64-bit) Family 8 Model D4B Revision   0",
        processor_id: "0000000000000000",
        family: 280,
        arch: 12,
    },
    Cpu {
        name: "Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz",
        manufacturer: "GenuineIntel",
        cores: 24,
        logical: 48,
        mhz: 2993,
        l2: 24576,
        l3: 36608,
        cpu_type: "Intel64 Family 6 Model 85 Stepping 7",
        processor_id: "BFEBFBFF00050657",
        family: 179,
        arch: 9,
    },
    Cpu {
        name: "Intel(R) Xeon(R) CPU           X5670  @ 2.93GHz",
        manufacturer: "GenuineIntel",
        cores: 6,
        logical: 12,
        mhz: 2926,
        l2: 1536,
        l3: 12288,
        cpu_type: "Intel64 Family 6 Model 44 Stepping 2",
        processor_id: "BFEBFBFF000206C2",
        family: 179,
        arch: 9,
    },
    Cpu {
        name: "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz",
        manufacturer: "GenuineIntel",
        cores: 32,
        logical: 64,
        mhz: 1995,
        l2: 40960,
        l3: 49152,
        cpu_type: "Intel64 Family 6 Model 106 Stepping 6",
        processor_id: "BFEBFBFF000606A6",
        family: 179,
        arch: 9,
    },
];

/// ConfigMgr client versions with their share of the fleet, newest first.
pub(crate) const CLIENT_VERSIONS: &[(&str, u32)] = &[
    ("5.00.9135.1007", 30),
    ("5.00.9135.1000", 14),
    ("5.00.9132.1011", 20),
    ("5.00.9128.1007", 6),
    ("5.00.9128.1000", 12),
    ("5.00.9122.1000", 7),
    ("5.00.9106.1000", 4),
    ("5.00.9096.1000", 3),
    ("5.00.9088.1025", 2),
];

/// Client versions left on Windows 7 and Server 2008 R2, which newer clients no longer support.
pub(crate) const LEGACY_CLIENT_VERSIONS: &[(&str, u32)] = &[
    ("5.00.9058.1047", 40),
    ("5.00.8968.1042", 25),
    ("5.00.8790.1025", 20),
    ("5.00.8355.1306", 15),
];

/// First names; the first 26 have distinct initials, so that initial-based
/// account names built from them stay unique.
pub(crate) const FIRST_NAMES: &[&str] = &[
    "Alice", "Brian", "Chloe", "David", "Emma", "Frank", "Grace", "Henry", "Isla", "James", "Kate", "Liam", "Mia",
    "Noah", "Olivia", "Peter", "Quinn", "Ryan", "Sofia", "Tom", "Uma", "Victor", "Wendy", "Xavier", "Yara", "Zoe",
    "Aaron", "Amelia", "Ben", "Charlotte", "Daniel", "Ella", "Ethan", "Hannah", "Jack", "Julia", "Lucas", "Laura",
    "Mark", "Maria", "Nathan", "Nina", "Oscar", "Priya", "Rahul", "Rachel", "Samuel", "Sarah", "Thomas", "Anna",
    "Michael", "Emily", "John", "Jessica", "Robert", "Linda", "William", "Karen", "Joseph", "Nancy", "Christopher",
    "Lisa", "Matthew", "Betty", "Anthony", "Sandra", "Kevin", "Ashley", "Jason", "Kimberly", "Jeffrey", "Donna",
    "Jürgen", "Chloé", "José", "François", "Søren", "Zoë", "Wei", "Hiroshi", "Aisha", "Fatima", "Mohammed", "Ana",
];

/// Account-safe spellings of first names with accents.
pub(crate) fn ascii_first(name: &str) -> &str {
    match name {
        "Jürgen" => "juergen",
        "Chloé" => "chloe",
        "José" => "jose",
        "François" => "francois",
        "Søren" => "soren",
        "Zoë" => "zoe",
        other => other,
    }
}

/// Last names: (as displayed, as used in account names).
pub(crate) const LAST_NAMES: &[(&str, &str)] = &[
    ("Smith", "smith"),
    ("Johnson", "johnson"),
    ("Williams", "williams"),
    ("Brown", "brown"),
    ("Jones", "jones"),
    ("Garcia", "garcia"),
    ("Miller", "miller"),
    ("Davis", "davis"),
    ("Wilson", "wilson"),
    ("Taylor", "taylor"),
    ("Anderson", "anderson"),
    ("Thomas", "thomas"),
    ("Moore", "moore"),
    ("Martin", "martin"),
    ("Jackson", "jackson"),
    ("Thompson", "thompson"),
    ("White", "white"),
    ("Harris", "harris"),
    ("Clark", "clark"),
    ("Lewis", "lewis"),
    ("Robinson", "robinson"),
    ("Walker", "walker"),
    ("Young", "young"),
    ("Allen", "allen"),
    ("King", "king"),
    ("Wright", "wright"),
    ("Scott", "scott"),
    ("Green", "green"),
    ("Baker", "baker"),
    ("Adams", "adams"),
    ("Nelson", "nelson"),
    ("Hill", "hill"),
    ("Campbell", "campbell"),
    ("Mitchell", "mitchell"),
    ("Roberts", "roberts"),
    ("Carter", "carter"),
    ("Phillips", "phillips"),
    ("Evans", "evans"),
    ("Turner", "turner"),
    ("Parker", "parker"),
    ("Collins", "collins"),
    ("Edwards", "edwards"),
    ("Stewart", "stewart"),
    ("Morris", "morris"),
    ("Murphy", "murphy"),
    ("Cook", "cook"),
    ("Rogers", "rogers"),
    ("Morgan", "morgan"),
    ("Cooper", "cooper"),
    ("Peterson", "peterson"),
    ("O'Brien", "obrien"),
    ("O'Connor", "oconnor"),
    ("McDonald", "mcdonald"),
    ("Patel", "patel"),
    ("Shah", "shah"),
    ("Nguyen", "nguyen"),
    ("Chen", "chen"),
    ("Wang", "wang"),
    ("Kim", "kim"),
    ("Tanaka", "tanaka"),
    ("Müller", "mueller"),
    ("Schmidt", "schmidt"),
    ("Schneider", "schneider"),
    ("Fischer", "fischer"),
    ("Weber", "weber"),
    ("Dubois", "dubois"),
    ("Lefèvre", "lefevre"),
    ("Moreau", "moreau"),
    ("Laurent", "laurent"),
    ("Núñez", "nunez"),
    ("Fernández", "fernandez"),
    ("Rossi", "rossi"),
    ("Bianchi", "bianchi"),
    ("Jensen", "jensen"),
    ("Hansen", "hansen"),
    ("van der Berg", "vanderberg"),
    ("De Vries", "devries"),
    ("Kowalski", "kowalski"),
    ("Novak", "novak"),
    ("Singh", "singh"),
    ("Kumar", "kumar"),
    ("Lim", "lim"),
    ("Tan", "tan"),
    ("Ong", "ong"),
    ("Hughes", "hughes"),
    ("Price", "price"),
    ("Bennett", "bennett"),
    ("Wood", "wood"),
    ("Barnes", "barnes"),
    ("Ross", "ross"),
    ("Henderson", "henderson"),
    ("Coleman", "coleman"),
    ("Jenkins", "jenkins"),
    ("Perry", "perry"),
    ("Powell", "powell"),
    ("Long", "long"),
    ("Foster", "foster"),
    ("Sanders", "sanders"),
];

/// A Windows service as Win32_Service reports it.
#[derive(Debug)]
pub(crate) struct Service {
    pub name: &'static str,
    pub display: &'static str,
    pub start: &'static str,
    pub state: &'static str,
    pub path: &'static str,
    pub account: &'static str,
    pub kind: &'static str,
    pub description: &'static str,
}

const SVC_HOST: &str = "Share Process";
const OWN: &str = "Own Process";

macro_rules! svc {
    ($name:expr, $display:expr, $start:expr, $state:expr, $path:expr, $account:expr, $kind:expr, $desc:expr) => {
        Service {
            name: $name,
            display: $display,
            start: $start,
            state: $state,
            path: $path,
            account: $account,
            kind: $kind,
            description: $desc,
        }
    };
}

/// Services on every Windows machine.
pub(crate) const BASE_SERVICES: &[Service] = &[
    svc!(
        "BFE",
        "Base Filtering Engine",
        "Auto",
        "Running",
        "C:\\Windows\\system32\\svchost.exe -k LocalServiceNoNetworkFirewall -p",
        "NT AUTHORITY\\LocalService",
        SVC_HOST,
        "The Base Filtering Engine (BFE) is a service that manages firewall and Internet Protocol security (IPsec) policies."
    ),
    svc!(
        "BITS",
        "Background Intelligent Transfer Service",
        "Manual",
        "Running",
        "C:\\Windows\\System32\\svchost.exe -k netsvcs -p",
        "LocalSystem",
        SVC_HOST,
        "Transfers files in the background using idle network bandwidth."
    ),
    svc!(
        "CryptSvc",
        "Cryptographic Services",
        "Auto",
        "Running",
        "C:\\Windows\\system32\\svchost.exe -k NetworkService -p",
        "NT Authority\\NetworkService",
        SVC_HOST,
        "Provides three management services: Catalog Database Service, Protected Root Service and Automatic Root Certificate Update Service."
    ),
    svc!(
        "DcomLaunch",
        "DCOM Server Process Launcher",
        "Auto",
        "Running",
        "C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p",
        "LocalSystem",
        SVC_HOST,
        "The DCOMLAUNCH service launches COM and DCOM servers in response to object activation requests."
    ),
    svc!(
        "Dhcp",
        "DHCP Client",
        "Auto",
        "Running",
        "C:\\Windows\\system32\\svchost.exe -k LocalServiceNetworkRestricted -p",
        "NT Authority\\LocalService",
        SVC_HOST,
        "Registers and updates IP addresses and DNS records for this computer."
    ),
    svc!(
        "Dnscache",
        "DNS Client",
        "Auto",
        "Running",
        "C:\\Windows\\system32\\svchost.exe -k NetworkService -p",
        "NT AUTHORITY\\NetworkService",
        SVC_HOST,
        "The DNS Client service (dnscache) caches Domain Name System (DNS) names and registers the full computer name for this computer."
    ),
    svc!(
        "EventLog",
        "Windows Event Log",
        "Auto",
        "Running",
        "C:\\Windows\\System32\\svchost.exe -k LocalServiceNetworkRestricted -p",
        "NT AUTHORITY\\LocalService",
        SVC_HOST,
        "This service manages events and event logs."
    ),
    svc!(
        "gpsvc",
        "Group Policy Client",
        "Auto",
        "Running",
        "C:\\Windows\\system32\\svchost.exe -k netsvcs -p",
        "LocalSystem",
        SVC_HOST,
        "The service is responsible for applying settings configured by administrators for the computer and users through the Group Policy component."
    ),
    svc!(
        "LanmanServer",
        "Server",
        "Auto",
        "Running",
        "C:\\Windows\\system32\\svchost.exe -k netsvcs -p",
        "LocalSystem",
        SVC_HOST,
        "Supports file, print, and named-pipe sharing over the network for this computer."
    ),
    svc!(
        "LanmanWorkstation",
        "Workstation",
        "Auto",
        "Running",
        "C:\\Windows\\System32\\svchost.exe -k NetworkService -p",
        "NT AUTHORITY\\NetworkService",
        SVC_HOST,
        "Creates and maintains client network connections to remote servers using the SMB protocol."
    ),
    svc!(
        "mpssvc",
        "Windows Defender Firewall",
        "Auto",
        "Running",
        "C:\\Windows\\system32\\svchost.exe -k LocalServiceNoNetworkFirewall -p",
        "NT Authority\\LocalService",
        SVC_HOST,
        "Windows Defender Firewall helps protect your computer by preventing unauthorized users from gaining access to your computer through the Internet or a network."
    ),
    svc!(
        "Netlogon",
        "Netlogon",
        "Auto",
        "Running",
        "C:\\Windows\\system32\\lsass.exe",
        "LocalSystem",
        SVC_HOST,
        "Maintains a secure channel between this computer and the domain controller for authenticating users and services."
    ),
    svc!(
        "RpcSs",
        "Remote Procedure Call (RPC)",
        "Auto",
        "Running",
        "C:\\Windows\\system32\\svchost.exe -k rpcss -p",
        "NT AUTHORITY\\NetworkService",
        SVC_HOST,
        "The RPCSS service is the Service Control Manager for COM and DCOM servers."
    ),
    svc!(
        "Schedule",
        "Task Scheduler",
        "Auto",
        "Running",
        "C:\\Windows\\system32\\svchost.exe -k netsvcs -p",
        "LocalSystem",
        SVC_HOST,
        "Enables a user to configure and schedule automated tasks on this computer."
    ),
    svc!(
        "SENS",
        "System Event Notification Service",
        "Auto",
        "Running",
        "C:\\Windows\\system32\\svchost.exe -k netsvcs -p",
        "LocalSystem",
        SVC_HOST,
        "Monitors system events and notifies subscribers to COM+ Event System of these events."
    ),
    svc!(
        "Spooler",
        "Print Spooler",
        "Auto",
        "Running",
        "C:\\Windows\\System32\\spoolsv.exe",
        "LocalSystem",
        OWN,
        "This service spools print jobs and handles interaction with the printer."
    ),
    svc!(
        "TrustedInstaller",
        "Windows Modules Installer",
        "Manual",
        "Stopped",
        "C:\\Windows\\servicing\\TrustedInstaller.exe",
        "localSystem",
        OWN,
        "Enables installation, modification, and removal of Windows updates and optional components."
    ),
    svc!(
        "W32Time",
        "Windows Time",
        "Manual",
        "Running",
        "C:\\Windows\\system32\\svchost.exe -k LocalService",
        "NT AUTHORITY\\LocalService",
        SVC_HOST,
        "Maintains date and time synchronization on all clients and servers in the network."
    ),
    svc!(
        "WinDefend",
        "Microsoft Defender Antivirus Service",
        "Auto",
        "Running",
        "\"C:\\ProgramData\\Microsoft\\Windows Defender\\platform\\4.18.25090.3009-0\\MsMpEng.exe\"",
        "LocalSystem",
        OWN,
        "Helps protect users from malware and other potentially unwanted software"
    ),
    svc!(
        "WinRM",
        "Windows Remote Management (WS-Management)",
        "Auto",
        "Running",
        "C:\\Windows\\System32\\svchost.exe -k NetworkService -p",
        "NT AUTHORITY\\NetworkService",
        SVC_HOST,
        "Windows Remote Management (WinRM) service implements the WS-Management protocol for remote management."
    ),
    svc!(
        "wuauserv",
        "Windows Update",
        "Manual",
        "Running",
        "C:\\Windows\\system32\\svchost.exe -k netsvcs -p",
        "LocalSystem",
        SVC_HOST,
        "Enables the detection, download, and installation of updates for Windows and other programs."
    ),
    svc!(
        "Winmgmt",
        "Windows Management Instrumentation",
        "Auto",
        "Running",
        "C:\\Windows\\system32\\svchost.exe -k netsvcs -p",
        "localSystem",
        SVC_HOST,
        "Provides a common interface and object model to access management information about operating system, devices, applications and services."
    ),
    svc!(
        "ProfSvc",
        "User Profile Service",
        "Auto",
        "Running",
        "C:\\Windows\\system32\\svchost.exe -k netsvcs -p",
        "LocalSystem",
        SVC_HOST,
        "This service is responsible for loading and unloading user profiles."
    ),
    svc!(
        "SamSs",
        "Security Accounts Manager",
        "Auto",
        "Running",
        "C:\\Windows\\system32\\lsass.exe",
        "LocalSystem",
        SVC_HOST,
        "The startup of this service signals other services that the Security Accounts Manager (SAM) is ready to accept requests."
    ),
    svc!(
        "VSS",
        "Volume Shadow Copy",
        "Manual",
        "Stopped",
        "C:\\Windows\\system32\\vssvc.exe",
        "LocalSystem",
        OWN,
        "Manages and implements Volume Shadow Copies used for backup and other purposes."
    ),
    svc!(
        "RemoteRegistry",
        "Remote Registry",
        "Disabled",
        "Stopped",
        "C:\\Windows\\system32\\svchost.exe -k localService -p",
        "NT AUTHORITY\\LocalService",
        SVC_HOST,
        "Enables remote users to modify registry settings on this computer."
    ),
    svc!(
        "TermService",
        "Remote Desktop Services",
        "Manual",
        "Running",
        "C:\\Windows\\System32\\svchost.exe -k NetworkService",
        "NT Authority\\NetworkService",
        SVC_HOST,
        "Allows users to connect interactively to a remote computer."
    ),
    svc!(
        "Sense",
        "Windows Defender Advanced Threat Protection Service",
        "Auto",
        "Running",
        "\"C:\\Program Files\\Windows Defender Advanced Threat Protection\\MsSense.exe\"",
        "LocalSystem",
        OWN,
        "Windows Defender Advanced Threat Protection service helps protect against advanced threats by monitoring and reporting security events that happen on the computer."
    ),
];

/// Services only on workstations.
pub(crate) const WORKSTATION_SERVICES: &[Service] = &[
    svc!(
        "AudioSrv",
        "Windows Audio",
        "Auto",
        "Running",
        "C:\\Windows\\System32\\svchost.exe -k LocalServiceNetworkRestricted -p",
        "NT AUTHORITY\\LocalService",
        SVC_HOST,
        "Manages audio for Windows-based programs."
    ),
    svc!(
        "Themes",
        "Themes",
        "Auto",
        "Running",
        "C:\\Windows\\System32\\svchost.exe -k netsvcs -p",
        "LocalSystem",
        SVC_HOST,
        "Provides user experience theme management."
    ),
    svc!(
        "WSearch",
        "Windows Search",
        "Auto",
        "Running",
        "C:\\Windows\\system32\\SearchIndexer.exe /Embedding",
        "LocalSystem",
        OWN,
        "Provides content indexing, property caching, and search results for files, e-mail, and other content."
    ),
    svc!(
        "WlanSvc",
        "WLAN AutoConfig",
        "Auto",
        "Running",
        "C:\\Windows\\system32\\svchost.exe -k LocalSystemNetworkRestricted -p",
        "LocalSystem",
        SVC_HOST,
        "The WLANSVC service provides the logic required to configure, discover, connect to, and disconnect from a wireless local area network (WLAN)."
    ),
    svc!(
        "BthServ",
        "Bluetooth Support Service",
        "Manual",
        "Running",
        "C:\\Windows\\system32\\svchost.exe -k LocalService -p",
        "NT AUTHORITY\\LocalService",
        SVC_HOST,
        "The Bluetooth service supports discovery and association of remote Bluetooth devices."
    ),
];

/// Services of Windows 10 and later.
pub(crate) const MODERN_SERVICES: &[Service] = &[
    svc!(
        "UsoSvc",
        "Update Orchestrator Service",
        "Auto",
        "Running",
        "C:\\Windows\\system32\\svchost.exe -k netsvcs -p",
        "LocalSystem",
        SVC_HOST,
        "Manages Windows Updates. If stopped, your devices will not be able to download and install the latest updates."
    ),
    svc!(
        "WpnService",
        "Windows Push Notifications System Service",
        "Auto",
        "Running",
        "C:\\Windows\\system32\\svchost.exe -k netsvcs -p",
        "LocalSystem",
        SVC_HOST,
        "This service runs in session 0 and hosts the notification platform and connection provider."
    ),
    svc!(
        "DiagTrack",
        "Connected User Experiences and Telemetry",
        "Auto",
        "Running",
        "C:\\Windows\\System32\\svchost.exe -k utcsvc -p",
        "LocalSystem",
        SVC_HOST,
        "The Connected User Experiences and Telemetry service enables features that support in-application and connected user experiences."
    ),
];

/// ConfigMgr client services.
pub(crate) const CLIENT_SERVICES: &[Service] = &[
    svc!(
        "CcmExec",
        "SMS Agent Host",
        "Auto",
        "Running",
        "C:\\Windows\\CCM\\CcmExec.exe",
        "LocalSystem",
        OWN,
        "Provides change and configuration management services using the Microsoft Configuration Manager."
    ),
    svc!(
        "smstsmgr",
        "ConfigMgr Task Sequence Agent",
        "Manual",
        "Stopped",
        "C:\\Windows\\CCM\\TSManager.exe",
        "LocalSystem",
        OWN,
        "Provides Task Sequence Engine and Task Sequence Scheduling Services for Configuration Manager."
    ),
    svc!(
        "CmRcService",
        "Configuration Manager Remote Control",
        "Auto",
        "Running",
        "C:\\Windows\\CCM\\RemCtrl\\CmRcService.exe",
        "LocalSystem",
        OWN,
        "Provides the remote control functionality for Configuration Manager."
    ),
];

/// Services that come with a server role.
pub(crate) fn role_services(role: Role) -> &'static [Service] {
    match role {
        Role::Dc => &[
            svc!(
                "NTDS",
                "Active Directory Domain Services",
                "Auto",
                "Running",
                "C:\\Windows\\System32\\lsass.exe",
                "LocalSystem",
                SVC_HOST,
                "AD DS Domain Controller service."
            ),
            svc!(
                "DNS",
                "DNS Server",
                "Auto",
                "Running",
                "C:\\Windows\\system32\\dns.exe",
                "LocalSystem",
                OWN,
                "Enables DNS clients to resolve DNS names by answering DNS queries and dynamic DNS update requests."
            ),
            svc!(
                "Kdc",
                "Kerberos Key Distribution Center",
                "Auto",
                "Running",
                "C:\\Windows\\System32\\lsass.exe",
                "LocalSystem",
                SVC_HOST,
                "On domain controllers, this service enables users to log on to the network using the Kerberos authentication protocol."
            ),
            svc!(
                "DFSR",
                "DFS Replication",
                "Auto",
                "Running",
                "C:\\Windows\\system32\\DFSRs.exe",
                "LocalSystem",
                OWN,
                "Enables you to synchronize folders on multiple servers across local or wide area network (WAN) network connections."
            ),
            svc!(
                "ADWS",
                "Active Directory Web Services",
                "Auto",
                "Running",
                "C:\\Windows\\ADWS\\Microsoft.ActiveDirectory.WebServices.exe",
                "LocalSystem",
                OWN,
                "This service provides a Web Service interface to instances of the directory service (AD DS and AD LDS)."
            ),
        ],
        Role::Sql => &[
            svc!(
                "MSSQLSERVER",
                "SQL Server (MSSQLSERVER)",
                "Auto",
                "Running",
                "\"C:\\Program Files\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe\" -sMSSQLSERVER",
                "CONTOSO\\svc_sql",
                OWN,
                "Provides storage, processing and controlled access of data, and rapid transaction processing."
            ),
            svc!(
                "SQLSERVERAGENT",
                "SQL Server Agent (MSSQLSERVER)",
                "Auto",
                "Running",
                "\"C:\\Program Files\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQL\\Binn\\SQLAGENT.EXE\" -i MSSQLSERVER",
                "CONTOSO\\svc_sql",
                OWN,
                "Executes jobs, monitors SQL Server, fires alerts, and allows automation of some administrative tasks."
            ),
            svc!(
                "SQLBrowser",
                "SQL Server Browser",
                "Disabled",
                "Stopped",
                "\"C:\\Program Files (x86)\\Microsoft SQL Server\\90\\Shared\\sqlbrowser.exe\"",
                "NT AUTHORITY\\LOCALSERVICE",
                OWN,
                "Provides SQL Server connection information to client computers."
            ),
        ],
        Role::Web => &[
            svc!(
                "W3SVC",
                "World Wide Web Publishing Service",
                "Auto",
                "Running",
                "C:\\Windows\\system32\\svchost.exe -k iissvcs",
                "LocalSystem",
                SVC_HOST,
                "Provides Web connectivity and administration through the Internet Information Services Manager"
            ),
            svc!(
                "WAS",
                "Windows Process Activation Service",
                "Manual",
                "Running",
                "C:\\Windows\\system32\\svchost.exe -k iissvcs",
                "LocalSystem",
                SVC_HOST,
                "The Windows Process Activation Service (WAS) provides process activation, resource management and health management services for message-activated applications."
            ),
        ],
        Role::HyperV => &[
            svc!(
                "vmms",
                "Hyper-V Virtual Machine Management",
                "Auto",
                "Running",
                "C:\\Windows\\system32\\vmms.exe",
                "LocalSystem",
                OWN,
                "Management service for Hyper-V, provides service to run multiple virtual machines."
            ),
            svc!(
                "vmcompute",
                "Hyper-V Host Compute Service",
                "Manual",
                "Running",
                "C:\\Windows\\system32\\vmcompute.exe",
                "LocalSystem",
                OWN,
                "Provides support for running Windows Containers and Virtual Machines."
            ),
        ],
        Role::Cm => &[
            svc!(
                "SMS_EXECUTIVE",
                "SMS_EXECUTIVE",
                "Auto",
                "Running",
                "E:\\Program Files\\Microsoft Configuration Manager\\bin\\x64\\smsexec.exe",
                "LocalSystem",
                OWN,
                "Configuration Manager service that executes site server components."
            ),
            svc!(
                "SMS_SITE_COMPONENT_MANAGER",
                "SMS_SITE_COMPONENT_MANAGER",
                "Auto",
                "Running",
                "E:\\Program Files\\Microsoft Configuration Manager\\bin\\x64\\sitecomp.exe",
                "LocalSystem",
                OWN,
                "Configuration Manager service that installs and maintains site system components."
            ),
            svc!(
                "SMS_SITE_VSS_WRITER",
                "SMS_SITE_VSS_WRITER",
                "Auto",
                "Running",
                "E:\\Program Files\\Microsoft Configuration Manager\\bin\\x64\\smssqlbkup.exe",
                "LocalSystem",
                OWN,
                "Configuration Manager VSS writer for site backup."
            ),
        ],
        Role::Dp => &[svc!(
            "W3SVC",
            "World Wide Web Publishing Service",
            "Auto",
            "Running",
            "C:\\Windows\\system32\\svchost.exe -k iissvcs",
            "LocalSystem",
            SVC_HOST,
            "Provides Web connectivity and administration through the Internet Information Services Manager"
        )],
        Role::Rds => &[
            svc!(
                "SessionEnv",
                "Remote Desktop Configuration",
                "Manual",
                "Running",
                "C:\\Windows\\System32\\svchost.exe -k netsvcs -p",
                "localSystem",
                SVC_HOST,
                "Remote Desktop Configuration service (RDCS) is responsible for all Remote Desktop Services and Remote Desktop related configuration and session maintenance activities."
            ),
            svc!(
                "UmRdpService",
                "Remote Desktop Services UserMode Port Redirector",
                "Manual",
                "Running",
                "C:\\Windows\\System32\\svchost.exe -k LocalSystemNetworkRestricted -p",
                "localSystem",
                SVC_HOST,
                "Allows the redirection of Printers/Drives/Ports for RDP connections"
            ),
        ],
        Role::Print | Role::File | Role::App => &[svc!(
            "BackupAgent",
            "Contoso Backup Agent",
            "Auto",
            "Running",
            "\"C:\\Program Files\\Contoso\\Backup\\BackupAgent.exe\"",
            "svc_backup@contoso.com",
            OWN,
            "Protects file system data for the Contoso backup service."
        )],
    }
}
