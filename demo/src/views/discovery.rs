//! Discovery data: v_R_System, v_R_User, v_R_UserGroup and their array views.

use crate::data::{Form, Kind, OsFamily, Role, Vendor};
use crate::model::Domain;
use crate::model::device::Device;
use crate::model::device::Dup;
use crate::model::device::Placement;
use crate::model::groups::device_groups;
use crate::model::groups::group_rid;
use crate::model::groups::user_groups;
use crate::model::guid::GuidStyle;
use crate::model::network::network;
use crate::model::rng::Stream;
use crate::model::rng::hash;
use crate::model::time::MICROS_PER_DAY;
use crate::model::user::User;
use crate::model::user::user;
use crate::site::subject::Subject;
use crate::site::table::ColumnSet;
use crate::site::table::DynTable;
use crate::site::table::Scope;
use crate::site::table::Table;
use crate::site::table::columns;
use crate::site::value::Val;
use crate::views::bound;
use wqlkit_core::ViewDef;

/// The table of view `name` (lower case), if it is a discovery view (systems,
/// users, user groups, their arrays).
pub(crate) fn table(name: &str, view: &ViewDef) -> Option<Box<dyn DynTable>> {
    Some(match name {
        "v_r_system" => bound(RSystem { valid_only: false }, view),
        "v_r_system_valid" => bound(RSystem { valid_only: true }, view),
        "v_r_user" => bound(RUser, view),
        "v_r_usergroup" => bound(RUserGroup, view),
        _ => return Array::for_view(name).map(|array| bound(ArrayTable { array }, view)),
    })
}

/// The directory's tenant, for hybrid-joined devices.
const TENANT: u128 = 0x72f9_88bf_86f1_41af_91ab_2d7c_d011_db47;

/// The AD forest's GUID.
const FOREST: u128 = 0x3c0b_7a51_1f5e_4e5b_8c1d_6a9e_2f40_d8b1;

/// The domain SID prefix of CONTOSO and FABRIKAM.
fn domain_sid(d: Domain) -> &'static str {
    match d {
        Domain::Fabrikam => "S-1-5-21-2849561387-1048291634-3920417785",
        _ => "S-1-5-21-1004336348-1177238915-682003330",
    }
}

columns! {
    pub(crate) enum SysCol {
        ResourceID, ResourceType, AADDeviceID, AADTenantID, Active0, AD_Site_Name0, AlwaysInternet0,
        AMTFullVersion0, AMTStatus0, Build01, BuildExt, CertKeyType, Client0, AgentEdition0, Client_Type0,
        Client_Version0, CloudPCInfo, CPUType0, Creation_Date0, Decommissioned0, DeviceOwner0,
        DisableWindowsUpdateAccess, Distinguished_Name0, DNSForestGuid, DoNotConnectToWULocations, DotNetRelease,
        EAS_DeviceID, ESUValue, Full_Domain_Name0, Hardware_ID0, InternetEnabled0, Is_AOAC_Capable0,
        Is_MachineChanges_Persisted0, IsClientAMT30Compatible0, Is_Assigned_To_User0,
        Is_Portable_Operating_System0, Is_Virtual_Machine0, Is_Write_Filter_Capable0, Last_Logon_Timestamp0,
        User_Domain0, User_Name0, ManagementAuthority, MDMStatus, MDMDeviceCategoryID0, Name0, Netbios_Name0,
        Object_GUID0, Obsolete0, Operating_System_Name_and0, OSBranch01, Previous_SMS_UUID0, Primary_Group_ID0,
        PublisherDeviceID, Resource_Domain_OR_Workgr0, SenseID, SerialNumber, SID0, SMBIOS_GUID0,
        SMS_Unique_Identifier0, SMS_UUID_Change_Date0, Community_Name0, SuppressAutoProvision0, Unknown0,
        User_Account_Control0, Virtual_Machine_Host_Name0, Virtual_Machine_Type0, WipeStatus0, WTGUniqueKey
    }
}

/// v_R_System (and v_R_System_Valid: not obsolete, not decommissioned).
pub(crate) struct RSystem {
    pub valid_only: bool,
}

/// The Windows build with its update revision (`10.0.19045.6456`).
pub(crate) fn build_ext(d: &Device) -> String {
    // Update build revision of the newest cumulative update, less each month not installed.
    let (latest, per_month) = match d.os.build.as_str() {
        "7601" => (24_545, 0),
        "9600" => (22_062, 0),
        "18363" => (2_274, 0),
        "14393" => (9_120, 70),
        "17763" => (8_610, 80),
        "20348" => (4_890, 75),
        "19044" | "19045" => (7_310, 90),
        "22621" | "22631" => (6_960, 95),
        _ => (7_640, 110),
    };
    let ubr = latest - d.months_behind.min(12) as i64 * per_month + (d.index % 3) as i64;
    format!("{}.{}", d.os.version, ubr)
}

/// SMS_R_System.OperatingSystemNameandVersion as discovery reports it.
pub(crate) fn os_name(s: &Subject<'_>, d: &Device) -> Option<String> {
    if d.dup == Some(Dup::Ghost)
        && hash(s.fleet.seed, &[Stream::Profile as u64, d.index as u64, 0x05]).is_multiple_of(3)
    {
        return None;
    }
    let mut n = d.os.nt_name.to_string();
    if d.os.sku == 191 {
        n.push_str(" (Embedded)");
    }
    if d.os_lowercase_name {
        n = n.to_ascii_lowercase();
    }
    Some(n)
}

pub(crate) fn distinguished_name(d: &Device) -> Option<String> {
    match d.placement {
        Placement::None => None,
        Placement::Container => Some(format!("CN={},CN=Computers,{}", d.netbios, d.domain.dc_parts())),
        Placement::Ou => {
            let mut dn = format!("CN={}", d.netbios);
            for ou in d.ou_path().iter().rev() {
                dn.push_str(",OU=");
                dn.push_str(ou);
            }
            dn.push(',');
            dn.push_str(d.domain.dc_parts());
            Some(dn)
        }
    }
}

pub(crate) fn hardware_id(d: &Device) -> String {
    format!(
        "2:{:016X}{:016X}{:08X}",
        d.hardware_seed,
        d.hardware_seed.rotate_left(23),
        d.hardware_seed as u32 ^ 0x5A5A
    )
}

impl Table for RSystem {
    type Row = ();
    type Col = SysCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if let Some(d) = s.device()
            && (!self.valid_only || !(d.obsolete || d.decommissioned))
        {
            out.push(());
        }
    }
    /// The column's value from the topic it belongs to; the columns no topic
    /// answers are those of features the demo site does not use (AMT
    /// provisioning, MDM, Cloud PC, Windows To Go, ESU, ...): NULL.
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: SysCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        site_record(d, col)
            .or_else(|| client_agent(d, col))
            .or_else(|| operating_system(s, d, col))
            .or_else(|| hardware(d, col))
            .or_else(|| directory(d, col))
            .or_else(|| cloud(d, col))
            .or_else(|| last_logon(s, d, col))
            .unwrap_or(Val::Null)
    }
}

/// A value only the ConfigMgr client reports: NULL on devices without one.
fn from_client<'a>(d: &Device, v: Val<'a>) -> Val<'a> {
    if d.client.is_some() { v } else { Val::Null }
}

/// The site's record of `d`: its IDs, names, and whether it is current.
fn site_record(d: &Device, col: SysCol) -> Option<Val<'_>> {
    Some(match col {
        SysCol::ResourceID => Val::I(d.rid),
        SysCol::ResourceType => Val::I(5),
        SysCol::Name0 => Val::S(&d.name),
        SysCol::Netbios_Name0 => Val::S(&d.netbios),
        SysCol::Creation_Date0 => Val::Ts(d.created),
        SysCol::Decommissioned0 => Val::I(d.decommissioned as i64),
        SysCol::Obsolete0 => Val::I(d.obsolete as i64),
        SysCol::Hardware_ID0 => {
            if d.sms_guid.is_some() {
                Val::Own(hardware_id(d))
            } else {
                Val::Null
            }
        }
        SysCol::SMS_Unique_Identifier0 => d.sms_guid.map_or(Val::Null, |g| Val::Guid(g, GuidStyle::Sms)),
        SysCol::SMS_UUID_Change_Date0 => {
            if d.sms_guid.is_some() {
                Val::Ts(d.created + MICROS_PER_DAY)
            } else {
                Val::Null
            }
        }
        SysCol::Previous_SMS_UUID0 => {
            if d.dup.is_none() && d.index % 43 == 5 && d.sms_guid.is_some() {
                Val::Guid(d.smbios_guid ^ 0x55AA, GuidStyle::Sms)
            } else {
                Val::Null
            }
        }
        _ => return None,
    })
}

/// The ConfigMgr client on `d`: whether there is one, its version, and how
/// it is set up.
fn client_agent(d: &Device, col: SysCol) -> Option<Val<'_>> {
    Some(match col {
        SysCol::Client0 => Val::opt_i(d.client),
        SysCol::Client_Version0 => Val::opt_str(d.client_version),
        SysCol::Active0 => from_client(d, Val::I(d.active as i64)),
        SysCol::AlwaysInternet0 | SysCol::InternetEnabled0 => from_client(d, Val::I(0)),
        SysCol::AMTStatus0 => from_client(d, Val::I(if d.model.form == Form::Virtual { 0 } else { 1 })),
        SysCol::CertKeyType => from_client(d, Val::I(1)),
        SysCol::AgentEdition0 => from_client(d, Val::I(0)),
        SysCol::Client_Type0 => from_client(d, Val::I(1)),
        SysCol::DeviceOwner0 => from_client(d, Val::I(1)),
        SysCol::IsClientAMT30Compatible0 => from_client(d, Val::B(false)),
        SysCol::SuppressAutoProvision0 => from_client(d, Val::B(false)),
        SysCol::Is_Assigned_To_User0 => from_client(d, Val::B(d.user.is_some())),
        _ => return None,
    })
}

/// The operating system of `d`: its name, build and branch, and what kind
/// of installation it is.
fn operating_system<'a>(s: &Subject<'_>, d: &'a Device, col: SysCol) -> Option<Val<'a>> {
    Some(match col {
        SysCol::Build01 => Val::St(&d.os.version),
        SysCol::BuildExt => from_client(d, Val::Own(build_ext(d))),
        SysCol::Operating_System_Name_and0 => os_name(s, d).map_or(Val::Null, Val::Own),
        SysCol::OSBranch01 => from_client(d, Val::St(&d.os.branch)),
        SysCol::DotNetRelease => {
            if !d.inventory {
                Val::Null
            } else if d.legacy() {
                Val::I(528_049)
            } else if d.os.family == OsFamily::Win11 || d.os.family == OsFamily::Srv2025 {
                Val::I(533_320)
            } else {
                Val::I(528_372)
            }
        }
        SysCol::Is_Portable_Operating_System0 => from_client(d, Val::B(false)),
        SysCol::Is_Write_Filter_Capable0 => from_client(d, Val::B(d.kind == Kind::Kiosk)),
        SysCol::Is_MachineChanges_Persisted0 => from_client(d, Val::B(d.kind != Kind::Vdi)),
        _ => return None,
    })
}

/// The hardware of `d`: processor, serial number, SMBIOS GUID, and the
/// hypervisor of virtual machines.
fn hardware(d: &Device, col: SysCol) -> Option<Val<'_>> {
    let hyper_v = d.model.vendor == Vendor::HyperV;
    Some(match col {
        SysCol::CPUType0 => {
            if d.inventory || d.client.is_some() {
                Val::St(&d.cpu.cpu_type)
            } else {
                Val::Null
            }
        }
        SysCol::Is_AOAC_Capable0 => from_client(d, Val::B(d.laptop() && !d.legacy())),
        SysCol::SerialNumber => from_client(d, Val::S(&d.serial)),
        SysCol::SMBIOS_GUID0 => from_client(d, Val::Guid(d.smbios_guid, GuidStyle::Upper)),
        SysCol::Is_Virtual_Machine0 => {
            if d.client.is_some() || d.inventory {
                Val::B(d.virtual_machine)
            } else {
                Val::Null
            }
        }
        SysCol::Virtual_Machine_Host_Name0 => {
            if d.virtual_machine && hyper_v {
                Val::Own(format!("SRV-HV-{:03}", 1 + (d.index % 7) * 13))
            } else {
                Val::Null
            }
        }
        SysCol::Virtual_Machine_Type0 => {
            let kind = if !d.virtual_machine {
                0
            } else if hyper_v {
                1
            } else {
                2
            };
            from_client(d, Val::I(kind))
        }
        _ => return None,
    })
}

/// Where `d` is in Active Directory: domain, site, distinguished name, SID
/// and account flags; NULL for workgroup machines.
fn directory(d: &Device, col: SysCol) -> Option<Val<'_>> {
    let dc = d.kind == Kind::Server(Role::Dc);
    Some(match col {
        SysCol::Resource_Domain_OR_Workgr0 => Val::St(d.domain_text),
        SysCol::Full_Domain_Name0 => d.domain.dns().map_or(Val::Null, |x| Val::Own(x.to_ascii_uppercase())),
        SysCol::AD_Site_Name0 => {
            if d.domain == Domain::Workgroup || d.laptop() && d.index.is_multiple_of(11) {
                Val::Null
            } else if d.index.is_multiple_of(37) {
                Val::St("Default-First-Site-Name")
            } else {
                Val::St(&d.site.ad_site)
            }
        }
        SysCol::Distinguished_Name0 => distinguished_name(d).map_or(Val::Null, Val::Own),
        SysCol::DNSForestGuid => {
            if d.domain == Domain::Contoso {
                Val::Guid(FOREST, GuidStyle::Upper)
            } else {
                Val::Null
            }
        }
        SysCol::Object_GUID0 => in_domain(
            d,
            Val::Guid(d.smbios_guid.rotate_right(29) ^ d.rid as u128, GuidStyle::Upper),
        ),
        SysCol::SID0 => in_domain(d, Val::Own(format!("{}-{}", domain_sid(d.domain), 10_000 + d.index))),
        SysCol::Primary_Group_ID0 => in_domain(d, Val::I(if dc { 516 } else { 515 })),
        SysCol::User_Account_Control0 => in_domain(d, Val::I(if dc { 532_480 } else { 4096 })),
        _ => return None,
    })
}
/// A value only domain members have: NULL for workgroup machines.
fn in_domain<'a>(d: &Device, v: Val<'a>) -> Val<'a> {
    if d.domain == Domain::Workgroup { Val::Null } else { v }
}

/// The cloud services `d` is enrolled in: Entra ID (hybrid join of current
/// CONTOSO clients) and Defender for Endpoint.
fn cloud(d: &Device, col: SysCol) -> Option<Val<'_>> {
    let modern = !d.legacy();
    let hybrid = modern && d.domain == Domain::Contoso && d.is_client() && !d.index.is_multiple_of(5);
    Some(match col {
        SysCol::AADDeviceID => {
            if hybrid {
                Val::Guid(d.smbios_guid.rotate_left(41), GuidStyle::Lower)
            } else {
                Val::Null
            }
        }
        SysCol::AADTenantID => {
            if hybrid {
                Val::Guid(TENANT, GuidStyle::Lower)
            } else {
                Val::Null
            }
        }
        SysCol::SenseID => {
            if d.client.is_some() && modern && d.index % 4 != 1 {
                Val::Own(format!(
                    "{:016x}{:016x}{:08x}",
                    d.hardware_seed.rotate_left(7),
                    d.smbios_guid as u64,
                    d.rid
                ))
            } else {
                Val::Null
            }
        }
        _ => return None,
    })
}

/// Who last logged on to `d`, and when.
fn last_logon<'a>(s: &Subject<'_>, d: &'a Device, col: SysCol) -> Option<Val<'a>> {
    Some(match col {
        SysCol::Last_Logon_Timestamp0 => Val::opt_ts(d.last_logon_ts),
        SysCol::User_Domain0 => match last_user(s, d) {
            Some(u) => Val::St(u.domain.netbios()),
            None => Val::Null,
        },
        SysCol::User_Name0 => match last_user(s, d) {
            Some(u) => Val::Own(u.account),
            None => Val::Null,
        },
        _ => return None,
    })
}

/// Who last logged on to `d`.
pub(crate) fn last_user(s: &Subject<'_>, d: &Device) -> Option<User> {
    d.last_user.map(|u| user(s.fleet, u))
}

/// The arrays of SMS_R_System and SMS_R_User.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Array {
    SystemOu,
    SystemGroup,
    SecurityGroup,
    Ip,
    Subnet,
    Mac,
    Ipv6,
    Ipv6Prefix,
    ResourceName,
    AssignedSite,
    InstalledSite,
    Container,
    Role,
    UserGroup,
    UserOu,
    UserContainer,
}

impl Array {
    pub(crate) fn for_view(name: &str) -> Option<Array> {
        let n = name.to_ascii_lowercase();
        Some(match n.as_str() {
            "v_ra_system_systemouname" => Array::SystemOu,
            "v_ra_system_systemgroupname" => Array::SystemGroup,
            "v_ra_system_securitygroupname" => Array::SecurityGroup,
            "v_ra_system_ipaddresses" => Array::Ip,
            "v_ra_system_ipsubnets" => Array::Subnet,
            "v_ra_system_macaddresses" => Array::Mac,
            "v_ra_system_ipv6addresses" => Array::Ipv6,
            "v_ra_system_ipv6prefixes" => Array::Ipv6Prefix,
            "v_ra_system_resourcenames" => Array::ResourceName,
            "v_ra_system_smsassignedsites" => Array::AssignedSite,
            "v_ra_system_smsinstalledsites" => Array::InstalledSite,
            "v_ra_system_systemcontainername" => Array::Container,
            "v_ra_system_systemroles" => Array::Role,
            "v_ra_user_usergroupname" => Array::UserGroup,
            "v_ra_user_userouname" => Array::UserOu,
            "v_ra_user_usercontainername" => Array::UserContainer,
            _ => return None,
        })
    }

    fn users(self) -> bool {
        matches!(self, Array::UserGroup | Array::UserOu | Array::UserContainer)
    }
}

/// The two columns of an array view: the ResourceID and the element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArrayCol {
    ResourceID,
    Value,
}

impl ColumnSet for ArrayCol {
    fn parse(name: &str) -> Option<Self> {
        Some(if name.eq_ignore_ascii_case("ResourceID") {
            ArrayCol::ResourceID
        } else {
            ArrayCol::Value
        })
    }
}

/// OU path strings as discovery stores them: every level, upper case.
pub(crate) fn ou_names(domain: Domain, path: &[&str]) -> Vec<String> {
    let Some(root) = domain.dns() else { return Vec::new() };
    let mut cur = root.to_ascii_uppercase();
    let mut out = Vec::with_capacity(path.len());
    for p in path {
        cur.push('/');
        cur.push_str(&p.to_ascii_uppercase());
        out.push(cur.clone());
    }
    out
}

/// The elements of array `a` for subject `s`.
pub(crate) fn array_values(s: &Subject<'_>, a: Array) -> Vec<String> {
    if a.users() {
        let Some(u) = s.user() else { return Vec::new() };
        return match a {
            Array::UserGroup => user_groups(u),
            Array::UserOu => ou_names(u.domain, &u.ou_path()),
            _ => {
                if u.in_container {
                    vec![format!("{}\\USERS", u.domain.netbios())]
                } else {
                    Vec::new()
                }
            }
        };
    }
    let Some(d) = s.device() else { return Vec::new() };
    match a {
        Array::SystemOu => ou_names(d.domain, &d.ou_path()),
        // The demo domains hold security groups only, so both arrays list them all.
        Array::SystemGroup | Array::SecurityGroup => device_groups(d),
        Array::Ip | Array::Subnet | Array::Mac | Array::Ipv6 | Array::Ipv6Prefix => network_addresses(s, d, a),
        Array::ResourceName => {
            if d.sms_guid.is_none() && d.dup.is_none() && d.client.is_none() && d.index % 2 == 0 {
                Vec::new()
            } else {
                vec![d.fqdn().unwrap_or_else(|| d.netbios.clone())]
            }
        }
        Array::AssignedSite | Array::InstalledSite => {
            if d.client.is_some() {
                vec![crate::site::SITE_CODE.to_string()]
            } else {
                Vec::new()
            }
        }
        Array::Container => {
            if d.placement == Placement::Container {
                vec![format!("{}\\COMPUTERS", d.domain.netbios())]
            } else {
                Vec::new()
            }
        }
        Array::Role => site_system_roles(d),
        _ => Vec::new(),
    }
}

/// The addresses of network array `a` heartbeat discovery reported for
/// `d`: none for AD-only records and for some devices without a client.
fn network_addresses(s: &Subject<'_>, d: &Device, a: Array) -> Vec<String> {
    if d.dup == Some(Dup::Ghost) || d.client.is_none() && d.index.is_multiple_of(3) {
        return Vec::new();
    }
    let n = network(s.fleet, d);
    let mut out: Vec<String> = match a {
        Array::Ip => n
            .adapters
            .iter()
            .filter_map(|x| x.ipv4.clone())
            .chain(n.adapters.iter().filter_map(|x| x.ipv6.clone()))
            .collect(),
        Array::Subnet => n.adapters.iter().filter_map(|x| x.subnet.clone()).collect(),
        Array::Mac => n.adapters.iter().map(|x| x.mac.clone()).collect(),
        Array::Ipv6 => n.adapters.iter().filter_map(|x| x.ipv6.clone()).collect(),
        _ => n.adapters.iter().filter_map(|x| x.ipv6_prefix.clone()).collect(),
    };
    out.dedup();
    out
}

/// The site system roles `d` holds: those of the site server and of a
/// distribution point.
fn site_system_roles(d: &Device) -> Vec<String> {
    let roles: &[&str] = match d.kind {
        Kind::Server(Role::Cm) => &[
            "SMS Site Server",
            "SMS Site System",
            "SMS Component Server",
            "SMS SQL Server",
            "SMS Provider",
            "SMS Management Point",
            "SMS Distribution Point",
            "SMS Software Update Point",
        ],
        Kind::Server(Role::Dp) => &["SMS Site System", "SMS Component Server", "SMS Distribution Point"],
        _ => &[],
    };
    roles.iter().map(|x| x.to_string()).collect()
}

/// One v_RA_* view.
pub(crate) struct ArrayTable {
    pub array: Array,
}

impl Table for ArrayTable {
    type Row = String;
    type Col = ArrayCol;
    fn scope(&self) -> Scope {
        if self.array.users() {
            Scope::Users
        } else {
            Scope::Devices
        }
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<String>) {
        let mut v = array_values(s, self.array);
        // The array views' key is (ResourceID, value): no repeats.
        let mut seen = std::collections::HashSet::new();
        v.retain(|x| seen.insert(x.to_ascii_lowercase()));
        out.extend(v);
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a String, col: ArrayCol) -> Val<'a> {
        match col {
            ArrayCol::ResourceID => Val::opt_i(s.resource_id()),
            ArrayCol::Value => Val::S(row),
        }
    }
}

columns! {
    pub(crate) enum UserCol {
        ResourceID, ResourceType, AADTenantID, AADUserID, AD_Object_Creation_Time0, CloudUserId, Creation_Date0,
        Distinguished_Name0, Full_Domain_Name0, Full_User_Name0, Mail0, Name0, Network_Operating_System0,
        Object_GUID0, Primary_Group_ID0, SID0, Unique_User_Name0, User_Account_Control0, User_Name0,
        User_Principal_Name0, Windows_NT_Domain0
    }
}

/// v_R_User.
pub(crate) struct RUser;

pub(crate) fn user_dn(u: &User) -> String {
    let mut dn = format!("CN={}", u.full_name.replace(',', "\\,"));
    if u.in_container {
        dn.push_str(",CN=Users");
    }
    for ou in u.ou_path().iter().rev() {
        dn.push_str(",OU=");
        dn.push_str(ou);
    }
    dn.push(',');
    dn.push_str(u.domain.dc_parts());
    dn
}

impl Table for RUser {
    type Row = ();
    type Col = UserCol;
    fn scope(&self) -> Scope {
        Scope::Users
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.user().is_some() {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: UserCol) -> Val<'a> {
        let Some(u) = s.user() else { return Val::Null };
        let cloud = u.domain == Domain::Contoso && !u.service;
        match col {
            UserCol::ResourceID => Val::I(u.rid),
            UserCol::ResourceType => Val::I(4),
            UserCol::AADTenantID => {
                if cloud {
                    Val::Guid(TENANT, GuidStyle::Lower)
                } else {
                    Val::Null
                }
            }
            UserCol::AADUserID | UserCol::CloudUserId => {
                if cloud {
                    Val::Guid(
                        TENANT.rotate_left(u.index as u32 % 127 + 1) ^ u.rid as u128,
                        GuidStyle::Lower,
                    )
                } else {
                    Val::Null
                }
            }
            UserCol::AD_Object_Creation_Time0 => Val::Ts(u.created),
            UserCol::Creation_Date0 => Val::Ts(u.created + 3 * MICROS_PER_DAY),
            UserCol::Distinguished_Name0 => Val::Own(user_dn(u)),
            UserCol::Full_Domain_Name0 => u.domain.dns().map_or(Val::Null, |x| Val::Own(x.to_ascii_uppercase())),
            UserCol::Full_User_Name0 => Val::S(&u.full_name),
            UserCol::Mail0 => Val::opt_str(u.mail.as_deref()),
            UserCol::Name0 => Val::Own(format!("{} ({})", u.unique, u.full_name)),
            UserCol::Network_Operating_System0 => Val::St("Windows NT"),
            UserCol::Object_GUID0 => Val::Guid(
                TENANT.rotate_right(u.index as u32 % 127 + 1) ^ u.rid as u128,
                GuidStyle::Upper,
            ),
            UserCol::Primary_Group_ID0 => Val::I(513),
            UserCol::SID0 => Val::Own(format!("{}-{}", domain_sid(u.domain), 500_000 + u.index)),
            UserCol::Unique_User_Name0 => Val::S(&u.unique),
            UserCol::User_Account_Control0 => Val::I(if u.service { 66_048 } else { 512 }),
            UserCol::User_Name0 => Val::S(&u.account),
            UserCol::User_Principal_Name0 => Val::S(&u.upn),
            UserCol::Windows_NT_Domain0 => Val::St(u.domain.netbios()),
        }
    }
}

columns! {
    pub(crate) enum GroupCol {
        ResourceID, ResourceType, AD_Domain_Name0, Creation_Date0, Distinguished_Name0, Name0,
        Network_Operating_System0, Object_GUID0, SID0, Unique_Usergroup_Name0, Usergroup_Name0, Windows_NT_Domain0
    }
}

/// v_R_UserGroup.
pub(crate) struct RUserGroup;

impl Table for RUserGroup {
    type Row = ();
    type Col = GroupCol;
    fn scope(&self) -> Scope {
        Scope::Groups
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.group().is_some() {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: GroupCol) -> Val<'a> {
        let Some(gi) = s.group() else { return Val::Null };
        let g = &s.fleet.groups[gi];
        match col {
            GroupCol::ResourceID => Val::I(group_rid(gi)),
            GroupCol::ResourceType => Val::I(3),
            GroupCol::AD_Domain_Name0 => g.domain.dns().map_or(Val::Null, |x| Val::Own(x.to_ascii_uppercase())),
            GroupCol::Creation_Date0 => Val::Ts(g.created),
            GroupCol::Distinguished_Name0 => {
                let ou = if g.short.starts_with("Domain ") || g.short.starts_with("Enterprise ") {
                    "CN=Users".to_string()
                } else {
                    "OU=Groups".to_string()
                };
                Val::Own(format!("CN={},{},{}", g.short, ou, g.domain.dc_parts()))
            }
            GroupCol::Name0 => Val::S(&g.name),
            GroupCol::Network_Operating_System0 => Val::St("Windows NT"),
            GroupCol::Object_GUID0 => Val::Guid(FOREST.rotate_left(gi as u32 + 3), GuidStyle::Upper),
            GroupCol::SID0 => Val::Own(format!("{}-{}", domain_sid(g.domain), 1100 + gi)),
            GroupCol::Unique_Usergroup_Name0 => Val::S(&g.name),
            GroupCol::Usergroup_Name0 => Val::S(&g.short),
            GroupCol::Windows_NT_Domain0 => Val::St(g.domain.netbios()),
        }
    }
}
