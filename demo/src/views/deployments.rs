//! Deployment views: update lists and assignments, their summaries and
//! per-device states, packages, advertisements and advertisement status.

use crate::data::{ADVERT_STATES, ADVERTS, PACKAGES};
use crate::model::guid::GuidStyle;
use crate::model::rng::Stream;
use crate::model::rng::hash;
use crate::model::time::MICROS_PER_DAY;
use crate::model::time::MICROS_PER_HOUR;
use crate::site::collections::member;
use crate::site::deployments::ListCol;
use crate::site::deployments::StateCol;
use crate::site::deployments::StateRow;
use crate::site::deployments::advert_collection;
use crate::site::deployments::assignment_states;
use crate::site::deployments::list_state;
use crate::site::subject::Subject;
use crate::site::table::DynTable;
use crate::site::table::Scope;
use crate::site::table::Table;
use crate::site::table::columns;
use crate::site::value::Val;
use crate::views::bound;
use wqlkit_core::ViewDef;

/// The table of view `name` (lower case), if it is a deployment view.
pub(crate) fn table(name: &str, view: &ViewDef) -> Option<Box<dyn DynTable>> {
    Some(match name {
        "v_authlistinfo" => bound(AuthLists, view),
        "v_updatedeploymentsummary" => bound(DeploymentSummary, view),
        "v_updateliststatus_live" => bound(ListStatus, view),
        "v_cirelation" => bound(Relations, view),
        "v_ciassignment" => bound(Assignments, view),
        "v_assignmentstate_combined" => bound(AssignmentStates, view),
        "v_advertisement" => bound(Advertisements, view),
        "v_package" => bound(Packages, view),
        "v_clientadvertisementstatus" => bound(AdvertStatus, view),
        _ => return None,
    })
}

columns! {
    pub(crate) enum AuthCol {
        CI_ID, CI_UniqueID, ModelID, Title, Description, DateCreated, DateLastModified, CreatedBy, LastModifiedBy,
        IsDeployed, IsExpired, IsUserDefined, SourceSite
    }
}

/// v_AuthListInfo.
pub(crate) struct AuthLists;

impl Table for AuthLists {
    type Row = usize;
    type Col = AuthCol;
    fn scope(&self) -> Scope {
        Scope::Site
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<usize>) {
        out.extend(0..s.site.deployments.sugs.len());
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, g: &'a usize, col: AuthCol) -> Val<'a> {
        let g = &s.site.deployments.sugs[*g];
        match col {
            AuthCol::CI_ID => Val::I(g.ci),
            AuthCol::CI_UniqueID => Val::S(&g.unique),
            AuthCol::ModelID => Val::I(g.ci - 16_000_000),
            AuthCol::Title => Val::S(&g.title),
            AuthCol::Description => Val::S(&g.description),
            AuthCol::DateCreated => Val::Ts(g.created),
            AuthCol::DateLastModified => Val::Ts(g.modified),
            AuthCol::CreatedBy | AuthCol::LastModifiedBy => Val::St("CONTOSO\\adm-jsmith"),
            AuthCol::IsDeployed => Val::B(g.deployed),
            AuthCol::IsExpired => Val::B(false),
            AuthCol::IsUserDefined => Val::B(true),
            AuthCol::SourceSite => Val::St(crate::site::SITE_CODE),
        }
    }
}

columns! {
    pub(crate) enum SummaryCol {
        AssignmentID, AssignmentName, Description, CollectionID, CollectionName, StartTime, EnforcementDeadline,
        NumberTotal, NumberSuccess, NumberInProgress, NumberErrors, NumberUnknown, NumberOther, SummarizationTime,
        CI_ID
    }
}

/// v_UpdateDeploymentSummary: one row per update of each deployment.
pub(crate) struct DeploymentSummary;

impl Table for DeploymentSummary {
    type Row = (usize, usize);
    type Col = SummaryCol;
    fn scope(&self) -> Scope {
        Scope::Site
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<(usize, usize)>) {
        for (a, asg) in s.site.deployments.assignments.iter().enumerate() {
            out.extend((0..s.site.deployments.sugs[asg.sug].members.len()).map(|k| (a, k)));
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a (usize, usize), col: SummaryCol) -> Val<'a> {
        let (fleet, site) = (s.fleet, s.site);
        let (a, k) = *row;
        let asg = &site.deployments.assignments[a];
        let ci = site.deployments.sugs[asg.sug].members[k];
        let c = site.summary().deploy[a][k];
        let coll = site.collections.get(asg.collection);
        match col {
            SummaryCol::AssignmentID => Val::I(asg.id),
            SummaryCol::AssignmentName => Val::S(&asg.name),
            SummaryCol::Description => Val::S(&asg.description),
            SummaryCol::CollectionID => coll.map_or(Val::Null, |c| Val::S(&c.id)),
            SummaryCol::CollectionName => coll.map_or(Val::Null, |c| Val::S(&c.name)),
            SummaryCol::StartTime => Val::Ts(asg.start),
            SummaryCol::EnforcementDeadline => Val::Ts(asg.deadline),
            SummaryCol::NumberTotal => Val::I(c.total as i64),
            SummaryCol::NumberSuccess => Val::I(c.success as i64),
            SummaryCol::NumberInProgress => Val::I(c.in_progress as i64),
            SummaryCol::NumberErrors => Val::I(c.errors as i64),
            SummaryCol::NumberUnknown => Val::I(c.unknown as i64),
            SummaryCol::NumberOther => Val::I(c.other as i64),
            SummaryCol::SummarizationTime => Val::Ts(fleet.now - 2 * MICROS_PER_HOUR),
            SummaryCol::CI_ID => Val::I(fleet.updates.list[ci].ci),
        }
    }
}

/// v_UpdateListStatus_Live: one row per client and update group.
pub(crate) struct ListStatus;

impl Table for ListStatus {
    type Row = usize;
    type Col = ListCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<usize>) {
        if s.device().is_some_and(|d| d.client == Some(1)) {
            out.extend(0..s.site.deployments.sugs.len());
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, g: &'a usize, col: ListCol) -> Val<'a> {
        match col {
            ListCol::CI_ID => Val::I(s.site.deployments.sugs[*g].ci),
            ListCol::ResourceID => Val::opt_i(s.resource_id()),
            ListCol::Status => Val::I(list_state(s, *g)),
        }
    }
}

columns! {
    pub(crate) enum RelCol { FromCIID, ToCIID, RelationType, IsVersionSpecific, IsBroken, Priority }
}

/// v_CIRelation: supersedence (type 6) and update-group membership (type 1).
pub(crate) struct Relations;

impl Table for Relations {
    type Row = (i64, i64, i64);
    type Col = RelCol;
    fn scope(&self) -> Scope {
        Scope::Site
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<(i64, i64, i64)>) {
        for &(new, old) in &s.fleet.updates.supersedes {
            out.push((s.fleet.updates.list[new].ci, s.fleet.updates.list[old].ci, 6));
        }
        for g in &s.site.deployments.sugs {
            for &m in &g.members {
                out.push((g.ci, s.fleet.updates.list[m].ci, 1));
            }
        }
    }
    fn value<'a>(&'a self, _s: &'a Subject<'_>, r: &'a (i64, i64, i64), col: RelCol) -> Val<'a> {
        match col {
            RelCol::FromCIID => Val::I(r.0),
            RelCol::ToCIID => Val::I(r.1),
            RelCol::RelationType => Val::I(r.2),
            RelCol::IsVersionSpecific => Val::B(false),
            RelCol::IsBroken => Val::B(false),
            RelCol::Priority => Val::I(0),
        }
    }
}

columns! {
    pub(crate) enum AsgCol {
        AssignmentID, Assignment_UniqueID, AssignmentName, Description, AssignmentType, AssignmentAction,
        AssignmentEnabled, CollectionID, CollectionName, OfferTypeID, DesiredConfigType, DPLocality, CreationTime,
        LastModificationTime, LastModifiedBy, StartTime, EnforcementDeadline, ExpirationTime, UseGMTTimes,
        NotifyUser, LogComplianceToWinEvent, SuppressReboot, OverrideServiceWindows, RebootOutsideOfServiceWindows,
        SourceSite
    }
}

/// v_CIAssignment.
pub(crate) struct Assignments;

impl Table for Assignments {
    type Row = usize;
    type Col = AsgCol;
    fn scope(&self) -> Scope {
        Scope::Site
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<usize>) {
        out.extend(0..s.site.deployments.assignments.len());
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, a: &'a usize, col: AsgCol) -> Val<'a> {
        let site = s.site;
        let asg = &site.deployments.assignments[*a];
        let coll = site.collections.get(asg.collection);
        match col {
            AsgCol::AssignmentID => Val::I(asg.id),
            AsgCol::Assignment_UniqueID => Val::Guid(asg.unique, GuidStyle::Braced),
            AsgCol::AssignmentName => Val::S(&asg.name),
            AsgCol::Description => Val::S(&asg.description),
            AsgCol::AssignmentType => Val::I(1),
            AsgCol::AssignmentAction => Val::I(2),
            AsgCol::AssignmentEnabled => Val::B(asg.enabled),
            AsgCol::CollectionID => coll.map_or(Val::Null, |c| Val::S(&c.id)),
            AsgCol::CollectionName => coll.map_or(Val::Null, |c| Val::S(&c.name)),
            AsgCol::OfferTypeID => Val::I(0),
            AsgCol::DesiredConfigType => Val::I(1),
            AsgCol::DPLocality => Val::I(80),
            AsgCol::CreationTime => Val::Ts(asg.created),
            AsgCol::LastModificationTime => Val::Ts(asg.created + MICROS_PER_HOUR),
            AsgCol::LastModifiedBy => Val::St("CONTOSO\\adm-jsmith"),
            AsgCol::StartTime => Val::Ts(asg.start),
            AsgCol::EnforcementDeadline => Val::Ts(asg.deadline),
            AsgCol::ExpirationTime => Val::Null,
            AsgCol::UseGMTTimes => Val::B(false),
            AsgCol::NotifyUser => Val::B(true),
            AsgCol::LogComplianceToWinEvent => Val::B(false),
            AsgCol::SuppressReboot => Val::I(asg.suppress_reboot),
            AsgCol::OverrideServiceWindows => Val::B(false),
            AsgCol::RebootOutsideOfServiceWindows => Val::B(false),
            AsgCol::SourceSite => Val::St(crate::site::SITE_CODE),
        }
    }
}

/// v_AssignmentState_Combined.
pub(crate) struct AssignmentStates;

impl Table for AssignmentStates {
    type Row = StateRow;
    type Col = StateCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<StateRow>) {
        out.extend(assignment_states(s));
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, r: &'a StateRow, col: StateCol) -> Val<'a> {
        match col {
            StateCol::AssignmentID => Val::I(s.site.deployments.assignments[r.assignment].id),
            StateCol::ResourceID => Val::opt_i(s.resource_id()),
            StateCol::StateType => Val::I(r.state_type),
            StateCol::StateID => Val::I(r.state),
            StateCol::StateTime => Val::Ts(r.time),
            StateCol::LastStatusMessageID => Val::I(if r.state_type == 300 { 0 } else { 11_700 + r.state }),
            StateCol::LastErrorCode => Val::I(r.error),
            StateCol::IsCompliant => Val::I(r.compliant as i64),
        }
    }
}

columns! {
    pub(crate) enum PkgCol {
        PackageID, Name, Version, Language, Manufacturer, Description, PkgSourcePath, PkgSourceFlag, SourceVersion,
        SourceSite, SourceDate, LastRefreshTime, StoredPkgPath, StoredPkgVersion, ShareName, ShareType, PkgFlags,
        Priority, PackageType, ActionInProgress, MIFFilename, MIFPublisher, MIFName, MIFVersion,
        PreferredAddressType, IgnoreAddressSchedule
    }
}

/// v_Package.
pub(crate) struct Packages;

impl Table for Packages {
    type Row = usize;
    type Col = PkgCol;
    fn scope(&self) -> Scope {
        Scope::Site
    }
    fn rows(&self, _s: &Subject<'_>, out: &mut Vec<usize>) {
        out.extend(0..PACKAGES.len());
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, k: &'a usize, col: PkgCol) -> Val<'a> {
        let p = &PACKAGES[*k];
        let src_date = s.fleet.now - (40 + *k as i64 * 97) * MICROS_PER_DAY;
        match col {
            PkgCol::PackageID => Val::St(&p.id),
            PkgCol::Name => Val::St(&p.name),
            PkgCol::Version => Val::St(&p.version),
            PkgCol::Language => Val::St(""),
            PkgCol::Manufacturer => Val::St(&p.manufacturer),
            PkgCol::Description => Val::St(&p.description),
            PkgCol::PkgSourcePath => Val::St(&p.source),
            PkgCol::PkgSourceFlag => Val::I(2),
            PkgCol::SourceVersion => Val::I(1 + *k as i64 % 4),
            PkgCol::SourceSite => Val::St(crate::site::SITE_CODE),
            PkgCol::SourceDate => Val::Ts(src_date),
            PkgCol::LastRefreshTime => Val::Ts(src_date + MICROS_PER_DAY),
            PkgCol::StoredPkgPath | PkgCol::ShareName => Val::St(""),
            PkgCol::StoredPkgVersion => Val::I(1 + *k as i64 % 4),
            PkgCol::ShareType => Val::I(1),
            PkgCol::PkgFlags => Val::I(0x0100_0000),
            PkgCol::Priority => Val::I(2),
            PkgCol::PackageType => Val::I(p.kind),
            PkgCol::ActionInProgress => Val::I(0),
            PkgCol::MIFFilename | PkgCol::MIFPublisher | PkgCol::MIFName | PkgCol::MIFVersion => Val::St(""),
            PkgCol::PreferredAddressType => Val::Null,
            PkgCol::IgnoreAddressSchedule => Val::I(0),
        }
    }
}

columns! {
    pub(crate) enum AdvCol {
        AdvertisementID, AdvertisementName, Comment, PackageID, ProgramName, SourceSite, CollectionID,
        IncludeSubCollection, PresentTime, PresentTimeEnabled, PresentTimeIsGMT, ExpirationTime,
        ExpirationTimeEnabled, ExpirationTimeIsGMT, AdvertFlags, RemoteClientFlags, TimeFlags, DeviceFlags, Priority,
        AssignedScheduleEnabled, AssignedScheduleIsGMT, MandatoryCountdown, OfferType, ActionInProgress
    }
}

/// v_Advertisement.
pub(crate) struct Advertisements;

impl Table for Advertisements {
    type Row = usize;
    type Col = AdvCol;
    fn scope(&self) -> Scope {
        Scope::Site
    }
    fn rows(&self, _s: &Subject<'_>, out: &mut Vec<usize>) {
        out.extend(0..ADVERTS.len());
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, k: &'a usize, col: AdvCol) -> Val<'a> {
        let a = &ADVERTS[*k];
        let coll = advert_collection(s.site, a).map(|c| &s.site.collections[c]);
        match col {
            AdvCol::AdvertisementID => Val::St(&a.id),
            AdvCol::AdvertisementName => Val::St(&a.name),
            AdvCol::Comment => Val::St(""),
            AdvCol::PackageID => Val::St(&a.package),
            AdvCol::ProgramName => Val::St(&a.program),
            AdvCol::SourceSite => Val::St(crate::site::SITE_CODE),
            AdvCol::CollectionID => coll.map_or(Val::Null, |c| Val::S(&c.id)),
            AdvCol::IncludeSubCollection => Val::I(1),
            AdvCol::PresentTime => Val::Ts(s.fleet.now - a.days_ago * MICROS_PER_DAY),
            AdvCol::PresentTimeEnabled => Val::I(1),
            AdvCol::PresentTimeIsGMT | AdvCol::ExpirationTimeIsGMT | AdvCol::AssignedScheduleIsGMT => Val::I(0),
            AdvCol::ExpirationTime => Val::Ts(s.fleet.now - a.days_ago * MICROS_PER_DAY),
            AdvCol::ExpirationTimeEnabled => Val::I(0),
            AdvCol::AdvertFlags => Val::I(0x0200_0020),
            AdvCol::RemoteClientFlags => Val::I(0x0000_2810),
            AdvCol::TimeFlags => Val::I(0x0000_2010),
            AdvCol::DeviceFlags => Val::I(0x0100_0000),
            AdvCol::Priority => Val::I(2),
            AdvCol::AssignedScheduleEnabled => Val::I(1),
            AdvCol::MandatoryCountdown => Val::I(0),
            AdvCol::OfferType => Val::I(0),
            AdvCol::ActionInProgress => Val::I(0),
        }
    }
}

columns! {
    pub(crate) enum CasCol {
        AdvertisementID, ResourceID, LastAcceptanceMessageID, LastAcceptanceMessageIDName,
        LastAcceptanceMessageIDSeverity, LastAcceptanceState, LastAcceptanceStateName, LastAcceptanceStatusTime,
        LastStatusMessageID, LastStatusMessageIDName, LastStatusMessageIDSeverity, LastState, LastStateName,
        LastStatusTime, LastExecutionContext, LastExecutionResult
    }
}

/// v_ClientAdvertisementStatus: clients in each advertisement's collection.
/// They are in the collection because the program has not succeeded yet.
pub(crate) struct AdvertStatus;

impl Table for AdvertStatus {
    type Row = (usize, usize);
    type Col = CasCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<(usize, usize)>) {
        let Some(d) = s.device() else { return };
        if d.client != Some(1) {
            return;
        }
        for (k, a) in ADVERTS.iter().enumerate() {
            if advert_collection(s.site, a).is_some_and(|c| member(s, c)) {
                let h = hash(s.fleet.seed, &[Stream::Deploy as u64, d.index as u64, k as u64, 0xAD]);
                let state = match (k, h % 10) {
                    // Piloting clients mostly succeed; the others are still targeted because they have not.
                    (4, 0..=6) => 0,
                    (_, 0..=3) => 1,
                    (_, 4..=6) => 2,
                    (_, 7) => 3,
                    _ => 4,
                };
                out.push((k, state));
            }
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, r: &'a (usize, usize), col: CasCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let a = &ADVERTS[r.0];
        let st = &ADVERT_STATES[r.1];
        let (state, name, msg, msg_name, sev, exit) = (
            st.state,
            st.state_name.as_str(),
            st.message,
            st.message_name.as_str(),
            st.severity,
            st.exit_code.as_str(),
        );
        let start = s.fleet.now - a.days_ago * MICROS_PER_DAY;
        let t = start
            + ((d.hardware_seed % 1000) as i64 * (s.fleet.now - start) / 1000)
                .min(s.fleet.now - MICROS_PER_HOUR - start);
        let accepted = state != 0;
        match col {
            CasCol::AdvertisementID => Val::St(&a.id),
            CasCol::ResourceID => Val::I(d.rid),
            CasCol::LastAcceptanceMessageID => {
                if accepted {
                    Val::I(10_002)
                } else {
                    Val::Null
                }
            }
            CasCol::LastAcceptanceMessageIDName => {
                if accepted {
                    Val::St("Program received")
                } else {
                    Val::Null
                }
            }
            CasCol::LastAcceptanceMessageIDSeverity => {
                if accepted {
                    Val::I(1_073_741_824)
                } else {
                    Val::Null
                }
            }
            CasCol::LastAcceptanceState => Val::I(if accepted { 1 } else { 0 }),
            CasCol::LastAcceptanceStateName => Val::St(if accepted {
                "Accepted - No Further Status"
            } else {
                "No Status"
            }),
            CasCol::LastAcceptanceStatusTime => {
                if accepted {
                    Val::Ts(t - MICROS_PER_HOUR)
                } else {
                    Val::Null
                }
            }
            CasCol::LastStatusMessageID => {
                if msg != 0 {
                    Val::I(msg)
                } else {
                    Val::Null
                }
            }
            CasCol::LastStatusMessageIDName => {
                if msg != 0 {
                    Val::St(msg_name)
                } else {
                    Val::Null
                }
            }
            CasCol::LastStatusMessageIDSeverity => {
                if msg != 0 {
                    Val::I(sev)
                } else {
                    Val::Null
                }
            }
            CasCol::LastState => Val::I(state),
            CasCol::LastStateName => Val::St(name),
            CasCol::LastStatusTime => {
                if accepted {
                    Val::Ts(t)
                } else {
                    Val::Null
                }
            }
            CasCol::LastExecutionContext => {
                if accepted {
                    Val::St("System")
                } else {
                    Val::Null
                }
            }
            CasCol::LastExecutionResult => {
                if exit.is_empty() {
                    Val::Null
                } else {
                    Val::St(exit)
                }
            }
        }
    }
}
