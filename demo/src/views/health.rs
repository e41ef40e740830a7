//! Client health, combined device resources, co-management, user device
//! affinity, Windows servicing states and the state-name lookup table.

use crate::data::{OS, OsFamily, STATE_NAMES, StateName};
use crate::model::Domain;
use crate::model::device::Device;
use crate::model::guid::GuidStyle;
use crate::model::time::MICROS_PER_DAY;
use crate::model::time::MICROS_PER_HOUR;
use crate::model::time::MICROS_PER_MINUTE;
use crate::model::user::user;
use crate::site::subject::Subject;
use crate::site::table::DynTable;
use crate::site::table::Scope;
use crate::site::table::Table;
use crate::site::table::columns;
use crate::site::value::Val;
use crate::views::bound;
use crate::views::discovery::last_user;
use crate::views::discovery::os_name;
use crate::views::inventory::system::policy_time;
use wqlkit_core::ViewDef;

/// The table of view `name` (lower case), if it is a client health, servicing
/// or state-name view.
pub(crate) fn table(name: &str, view: &ViewDef) -> Option<Box<dyn DynTable>> {
    Some(match name {
        "v_ch_clientsummary" => bound(ClientSummary, view),
        "v_combineddeviceresources" | "v_collectionmemberclientbaselinestatus" => bound(Combined, view),
        "v_clientcomanagementstate" => bound(CoManagement, view),
        "v_usermachinerelationship" => bound(Affinity, view),
        "v_windowsservicingstates" => bound(Servicing, view),
        "v_statenames" => bound(StateNames, view),
        _ => return None,
    })
}

/// The management point clients talk to.
const MP: &str = "SRV-CM-001.contoso.com";

fn health_result(d: &Device) -> i64 {
    if !d.active {
        1
    } else if d.hardware_seed.is_multiple_of(37) {
        3
    } else {
        7
    }
}

columns! {
    pub(crate) enum ChCol {
        ResourceID, NetBiosName, ClientStateDescription, ClientActiveStatus, LastActiveTime, IsActiveDDR, IsActiveHW,
        IsActiveSW, IsActivePolicyRequest, IsActiveStatusMessages, LastOnline, LastDDR, LastHW, LastSW,
        LastPolicyRequest, LastStatusMessage, LastHealthEvaluation, LastHealthEvaluationResult, LastEvaluationHealthy,
        ClientRemediationSuccess, ExpectedNextPolicyRequest, ClientState, LastMPServerName, ClientVersion, ClientType
    }
}

/// v_CH_ClientSummary: devices with a client.
pub(crate) struct ClientSummary;

impl Table for ClientSummary {
    type Row = ();
    type Col = ChCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.device().is_some_and(|d| d.client == Some(1)) {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: ChCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let now = s.fleet.now;
        let recent = |t: i64| Val::I((now - t < 14 * MICROS_PER_DAY) as i64);
        let result = health_result(d);
        let policy = policy_time(d);
        match col {
            ChCol::ResourceID => Val::I(d.rid),
            ChCol::NetBiosName => Val::S(&d.netbios),
            ChCol::ClientStateDescription => Val::St(match (d.active, result) {
                (true, 7) => "Active/Pass",
                (true, _) => "Active/Fail",
                (false, 1) => "Inactive/Unknown",
                _ => "Inactive/Pass",
            }),
            ChCol::ClientActiveStatus => Val::I(d.active as i64),
            ChCol::LastActiveTime => Val::Ts(d.last_active),
            ChCol::IsActiveDDR => recent(d.last_ddr),
            ChCol::IsActiveHW => recent(d.last_hw),
            ChCol::IsActiveSW => recent(d.last_sw),
            ChCol::IsActivePolicyRequest => recent(policy),
            ChCol::IsActiveStatusMessages => recent(d.last_active),
            ChCol::LastOnline => Val::Ts(d.last_active),
            ChCol::LastDDR => Val::Ts(d.last_ddr),
            ChCol::LastHW => Val::Ts(d.last_hw),
            ChCol::LastSW => Val::Ts(d.last_sw),
            ChCol::LastPolicyRequest => Val::Ts(policy),
            ChCol::LastStatusMessage => Val::Ts(d.last_active - 7 * MICROS_PER_MINUTE),
            ChCol::LastHealthEvaluation => Val::Ts(d.last_active - 5 * MICROS_PER_HOUR),
            ChCol::LastHealthEvaluationResult => Val::I(result),
            ChCol::LastEvaluationHealthy => Val::I((result == 7) as i64 + (result == 1) as i64 * 2),
            ChCol::ClientRemediationSuccess => Val::I(if result == 3 { 0 } else { 1 }),
            ChCol::ExpectedNextPolicyRequest => Val::Ts((policy + MICROS_PER_HOUR).min(now - MICROS_PER_MINUTE)),
            ChCol::ClientState => Val::I(if d.reboot_pending { 4 } else { 0 }),
            ChCol::LastMPServerName => Val::St(MP),
            ChCol::ClientVersion => Val::opt_str(d.client_version),
            ChCol::ClientType => Val::I(1),
        }
    }
}

columns! {
    pub(crate) enum CdrCol {
        MachineID, Name, SMSID, Domain, SiteCode, IsClient, IsActive, IsObsolete, IsVirtualMachine, ClientType,
        ClientVersion, ClientActiveStatus, DeviceOS, ADSiteName, UserName, UserDomainName, LastLogonUser,
        CurrentLogonUser, LastMPServerName, LastActiveTime, LastPolicyRequest, LastDDR, LastHardwareScan,
        LastSoftwareScan, CNIsOnline, CNIsOnInternet, CNAccessMP, CP_LastInstallationError, EP_ClientVersion,
        EP_Enabled, ATP_OnboardingState, IsApproved, IsDecommissioned, CNLastOnlineTime, CNLastOfflineTime,
        BoundaryGroups
    }
}

/// v_CombinedDeviceResources (every device) and v_CollectionMemberClientBaselineStatus.
pub(crate) struct Combined;

fn online(d: &Device) -> bool {
    d.active && !d.hardware_seed.is_multiple_of(3)
}

impl Table for Combined {
    type Row = ();
    type Col = CdrCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.device().is_some() {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: CdrCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let client = d.client == Some(1);
        let opt = |v: Val<'a>| if client { v } else { Val::Null };
        match col {
            CdrCol::MachineID => Val::I(d.rid),
            CdrCol::Name => Val::S(&d.name),
            CdrCol::SMSID => d.sms_guid.map_or(Val::Null, |g| Val::Guid(g, GuidStyle::Sms)),
            CdrCol::Domain => Val::St(d.domain_text),
            CdrCol::SiteCode => {
                if d.client.is_some() {
                    Val::St(crate::site::SITE_CODE)
                } else {
                    Val::Null
                }
            }
            CdrCol::IsClient => Val::B(client),
            CdrCol::IsActive => Val::B(d.active),
            CdrCol::IsObsolete => Val::B(d.obsolete),
            CdrCol::IsDecommissioned => Val::B(d.decommissioned),
            CdrCol::IsApproved => opt(Val::I(1)),
            CdrCol::IsVirtualMachine => Val::B(d.virtual_machine),
            CdrCol::ClientType => opt(Val::I(1)),
            CdrCol::ClientVersion => Val::opt_str(d.client_version),
            CdrCol::ClientActiveStatus => opt(Val::I(d.active as i64)),
            CdrCol::DeviceOS => os_name(s, d).map_or(Val::Null, Val::Own),
            CdrCol::ADSiteName => {
                if d.domain == Domain::Workgroup {
                    Val::Null
                } else {
                    Val::St(&d.site.ad_site)
                }
            }
            CdrCol::UserName | CdrCol::LastLogonUser => match last_user(s, d) {
                Some(u) => Val::Own(u.account),
                None => Val::Null,
            },
            CdrCol::UserDomainName => match last_user(s, d) {
                Some(u) => Val::St(u.domain.netbios()),
                None => Val::Null,
            },
            CdrCol::CurrentLogonUser => match (online(d) && d.is_workstation(), last_user(s, d)) {
                (true, Some(u)) => Val::Own(u.unique),
                _ => Val::Null,
            },
            CdrCol::LastMPServerName | CdrCol::CNAccessMP => opt(Val::St(MP)),
            CdrCol::LastActiveTime => opt(Val::Ts(d.last_active)),
            CdrCol::LastPolicyRequest => opt(Val::Ts(policy_time(d))),
            CdrCol::LastDDR => opt(Val::Ts(d.last_ddr)),
            CdrCol::LastHardwareScan => {
                if d.inventory {
                    Val::Ts(d.last_hw)
                } else {
                    Val::Null
                }
            }
            CdrCol::LastSoftwareScan => {
                if d.inventory {
                    Val::Ts(d.last_sw)
                } else {
                    Val::Null
                }
            }
            CdrCol::CNIsOnline => opt(Val::B(online(d))),
            CdrCol::CNIsOnInternet => opt(Val::B(false)),
            CdrCol::CNLastOnlineTime => opt(Val::Ts(d.last_active)),
            CdrCol::CNLastOfflineTime => {
                if client && !online(d) {
                    Val::Ts((d.last_active + 40 * MICROS_PER_MINUTE).min(s.fleet.now - MICROS_PER_MINUTE))
                } else {
                    Val::Null
                }
            }
            CdrCol::CP_LastInstallationError => opt(Val::I(0)),
            CdrCol::EP_ClientVersion => {
                if client && d.os.family != OsFamily::Win7 {
                    Val::St("4.18.25090.3009")
                } else {
                    Val::Null
                }
            }
            CdrCol::EP_Enabled => opt(Val::B(d.os.family != OsFamily::Win7)),
            CdrCol::ATP_OnboardingState => {
                if client && !d.legacy() {
                    Val::I(if d.index % 4 == 1 { 0 } else { 1 })
                } else {
                    Val::Null
                }
            }
            CdrCol::BoundaryGroups => {
                if client {
                    Val::Own(format!("{} - {}", d.site.code, d.site.city))
                } else {
                    Val::Null
                }
            }
        }
    }
}

columns! {
    pub(crate) enum CoCol {
        ResourceID, MachineId, MDMEnrolled, Authority, ComgmtPolicyPresent, MDMProvisioned, HybridAADJoined,
        AADJoined, EnrollmentStatusCode, EnrollmentErrorDetail, MDMWorkloads, CoManagementFlags
    }
}

/// v_ClientCoManagementState: Windows 10 and 11 clients.
pub(crate) struct CoManagement;

impl Table for CoManagement {
    type Row = ();
    type Col = CoCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.device()
            .is_some_and(|d| d.client == Some(1) && matches!(d.os.family, OsFamily::Win10 | OsFamily::Win11))
        {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: CoCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let hybrid = d.domain == Domain::Contoso && d.index % 5 != 0;
        let enrolled = hybrid && d.hardware_seed % 10 < 7;
        let failed = hybrid && !enrolled && d.hardware_seed % 10 == 7;
        match col {
            CoCol::ResourceID | CoCol::MachineId => Val::I(d.rid),
            CoCol::MDMEnrolled => Val::I(enrolled as i64),
            CoCol::Authority => Val::St(if enrolled { "Intune" } else { "" }),
            CoCol::ComgmtPolicyPresent => Val::I(hybrid as i64),
            CoCol::MDMProvisioned => Val::I(enrolled as i64),
            CoCol::HybridAADJoined => Val::I(hybrid as i64),
            CoCol::AADJoined => Val::I(0),
            CoCol::EnrollmentStatusCode => Val::I(if failed { -2_145_910_774 } else { 0 }),
            CoCol::EnrollmentErrorDetail => {
                if failed {
                    Val::St("MDM enrollment failed: the device is not allowed to enroll (0x80180014)")
                } else {
                    Val::Null
                }
            }
            CoCol::MDMWorkloads => Val::I(if enrolled { 8_193 } else { 1 }),
            CoCol::CoManagementFlags => Val::I(if enrolled { 8_193 } else { 0 }),
        }
    }
}

columns! {
    pub(crate) enum UdaCol {
        RelationshipResourceID, MachineResourceID, MachineResourceName, MachineResourceClientType, UniqueUserName,
        Sources, Types, RelationActive, CreationTime
    }
}

/// v_UserMachineRelationship: primary users of workstations.
pub(crate) struct Affinity;

impl Table for Affinity {
    type Row = ();
    type Col = UdaCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<()>) {
        if s.device().is_some_and(|d| d.user.is_some() && d.client.is_some()) {
            out.push(());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, _: &'a (), col: UdaCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let Some(u) = d.user else { return Val::Null };
        match col {
            UdaCol::RelationshipResourceID => Val::I(83_886_080 + d.index as i64),
            UdaCol::MachineResourceID => Val::I(d.rid),
            UdaCol::MachineResourceName => Val::S(&d.name),
            UdaCol::MachineResourceClientType => Val::I(1),
            UdaCol::UniqueUserName => Val::Own(user(s.fleet, u).unique),
            UdaCol::Sources => Val::I(if d.index % 7 == 0 { 2 } else { 4 }),
            UdaCol::Types => Val::I(1),
            UdaCol::RelationActive => Val::B(d.active || d.index % 4 != 0),
            UdaCol::CreationTime => Val::Ts(d.created + 9 * MICROS_PER_DAY),
        }
    }
}

columns! {
    pub(crate) enum ServicingCol { Build, Branch, Name, State }
}

/// v_WindowsServicingStates.
pub(crate) struct Servicing;

impl Table for Servicing {
    type Row = usize;
    type Col = ServicingCol;
    fn scope(&self) -> Scope {
        Scope::Site
    }
    fn rows(&self, _s: &Subject<'_>, out: &mut Vec<usize>) {
        let mut seen = Vec::new();
        for (i, o) in OS.iter().enumerate() {
            if matches!(o.family, OsFamily::Win10 | OsFamily::Win11) && !seen.contains(&(&o.version, &o.branch)) {
                seen.push((&o.version, &o.branch));
                out.push(i);
            }
        }
    }
    fn value<'a>(&'a self, _s: &'a Subject<'_>, i: &'a usize, col: ServicingCol) -> Val<'a> {
        let o = &OS[*i];
        // 1 current, 2 expiring soon, 3 expired.
        let state = match (o.family, o.release.as_str()) {
            (OsFamily::Win10, "1909") | (OsFamily::Win10, "21H2") | (OsFamily::Win11, "22H2") => 3,
            (OsFamily::Win10, "22H2") | (OsFamily::Win11, "23H2") => 2,
            _ => 1,
        };
        match col {
            ServicingCol::Build => Val::St(&o.version),
            ServicingCol::Branch => Val::St(&o.branch),
            ServicingCol::Name => Val::Own(format!(
                "{} {}",
                if o.family == OsFamily::Win10 {
                    "Windows 10"
                } else {
                    "Windows 11"
                },
                o.release
            )),
            ServicingCol::State => Val::I(if o.branch == "2" { 1 } else { state }),
        }
    }
}

columns! {
    pub(crate) enum StateNameCol { TopicType, StateID, StateName, StateDescription }
}

/// v_StateNames, from `demo/data/v_StateNames.csv`.
pub(crate) struct StateNames;

impl Table for StateNames {
    type Row = &'static StateName;
    type Col = StateNameCol;
    fn scope(&self) -> Scope {
        Scope::Site
    }
    fn rows(&self, _s: &Subject<'_>, out: &mut Vec<&'static StateName>) {
        out.extend(STATE_NAMES.iter());
    }
    fn value<'a>(&'a self, _s: &'a Subject<'_>, r: &'a &'static StateName, col: StateNameCol) -> Val<'a> {
        match col {
            StateNameCol::TopicType => Val::I(r.topic),
            StateNameCol::StateID => Val::I(r.id),
            StateNameCol::StateName => Val::S(&r.name),
            StateNameCol::StateDescription => Val::S(&r.description),
        }
    }
}
