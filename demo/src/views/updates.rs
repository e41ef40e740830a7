//! Update views: the update catalog (v_UpdateInfo, v_ConfigurationItems)
//! and compliance per device (v_Update_ComplianceStatusAll, …).

use crate::model::guid::GuidStyle;
use crate::model::guid::write_guid;
use crate::model::rng::hash_str;
use crate::model::time::MICROS_PER_DAY;
use crate::model::time::MICROS_PER_HOUR;
use crate::model::updates::Scan;
use crate::site::deployments::Enforcement;
use crate::site::deployments::enforcement;
use crate::site::subject::Subject;
use crate::site::table::DynTable;
use crate::site::table::Scope;
use crate::site::table::Table;
use crate::site::table::columns;
use crate::site::value::Val;
use crate::views::bound;
use wqlkit_core::ViewDef;

/// The table of view `name` (lower case), if it is an update view.
pub(crate) fn table(name: &str, view: &ViewDef) -> Option<Box<dyn DynTable>> {
    Some(match name {
        "v_updateinfo" => bound(UpdateInfo { with_groups: false }, view),
        "v_configurationitems" => bound(UpdateInfo { with_groups: true }, view),
        "v_update_compliancestatusall" => bound(
            Compliance {
                required_or_installed: false,
            },
            view,
        ),
        "v_updatecompliancestatus" => bound(
            Compliance {
                required_or_installed: true,
            },
            view,
        ),
        _ => return None,
    })
}

columns! {
    pub(crate) enum CompCol {
        ResourceID, CI_ID, Status, LastStatusCheckTime, LastStatusChangeTime, LastEnforcementMessageID,
        LastEnforcementMessageTime, LastEnforcementStatusMsgID, LastErrorCode, EnforcementSource, LastLocalChangeTime
    }
}

/// v_Update_ComplianceStatusAll, and v_UpdateComplianceStatus (status 2 and 3 only).
pub(crate) struct Compliance {
    pub required_or_installed: bool,
}

impl Table for Compliance {
    type Row = (Scan, Option<Enforcement>);
    type Col = CompCol;
    fn scope(&self) -> Scope {
        Scope::Devices
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<Self::Row>) {
        for x in s.scan() {
            if !self.required_or_installed || x.status > 1 {
                out.push((*x, enforcement(s, x)));
            }
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a Self::Row, col: CompCol) -> Val<'a> {
        let Some(d) = s.device() else { return Val::Null };
        let (x, e) = row;
        let u = &s.fleet.updates.list[x.ci as usize];
        match col {
            CompCol::ResourceID => Val::I(d.rid),
            CompCol::CI_ID => Val::I(u.ci),
            CompCol::Status => Val::I(x.status as i64),
            CompCol::LastStatusCheckTime => Val::Ts(x.checked),
            CompCol::LastStatusChangeTime => Val::Ts(x.changed),
            CompCol::LastEnforcementMessageID => e.map_or(Val::Null, |e| Val::I(e.message as i64)),
            CompCol::LastEnforcementMessageTime => e.map_or(Val::Null, |e| Val::Ts(e.time)),
            CompCol::LastEnforcementStatusMsgID => e.map_or(Val::Null, |e| Val::I(11_700 + e.message as i64)),
            CompCol::LastErrorCode => match e {
                Some(e) => Val::I(e.error),
                None if x.error != 0 => Val::I(x.error),
                None => Val::Null,
            },
            CompCol::EnforcementSource => Val::I(if e.is_some() { 1 } else { 0 }),
            CompCol::LastLocalChangeTime => match x.installed_at {
                Some(t) => Val::Ts(t),
                None => Val::Null,
            },
        }
    }
}

columns! {
    pub(crate) enum InfoCol {
        CI_ID, CI_UniqueID, ModelId, ModelName, SDMPackageVersion, CIType_ID, CIVersion, DateCreated, DateLastModified,
        LastModifiedBy, CreatedBy, PermittedUses, IsBundle, IsHidden, IsTombstoned, IsUserDefined, IsEnabled,
        IsExpired, SourceSite, ApplicabilityCondition, CI_CRC, Precedence, ConfigurationFlags, EULAExists,
        EULAAccepted, IsQuarantined, EffectiveDate, ModifiedTime, IsDeployed, IsSuperseded, IsChild, InUse, IsLatest,
        IsBroken, PlatformType, IsUserCI, IsSignificantRevision, SedoObjectVersion, ApplicableAtUserLogon,
        BulletinID, ArticleID, Severity, CustomSeverity, CMTag, DatePosted, DateRevised, RevisionNumber,
        MaxExecutionTime, RequiresExclusiveHandling, UpdateSource_ID, MinSourceVersion, LocaleID, Title,
        Description, InfoURL, UpdateType, Locales
    }
}

/// v_UpdateInfo, and the update and update-group rows of v_ConfigurationItems.
pub(crate) struct UpdateInfo {
    pub with_groups: bool,
}

/// A row of the configuration item views: an update or an update group.
pub(crate) enum CiRow {
    Update(usize),
    Group(usize),
}

impl Table for UpdateInfo {
    type Row = CiRow;
    type Col = InfoCol;
    fn scope(&self) -> Scope {
        Scope::Site
    }
    fn rows(&self, s: &Subject<'_>, out: &mut Vec<CiRow>) {
        out.extend((0..s.fleet.updates.list.len()).map(CiRow::Update));
        if self.with_groups {
            out.extend((0..s.site.deployments.sugs.len()).map(CiRow::Group));
        }
    }
    fn value<'a>(&'a self, s: &'a Subject<'_>, row: &'a CiRow, col: InfoCol) -> Val<'a> {
        match row {
            CiRow::Group(g) => {
                let g = &s.site.deployments.sugs[*g];
                match col {
                    InfoCol::CI_ID => Val::I(g.ci),
                    InfoCol::CI_UniqueID | InfoCol::ModelName => Val::S(&g.unique),
                    InfoCol::ModelId => Val::I(g.ci - 16_000_000),
                    InfoCol::CIType_ID => Val::I(9),
                    InfoCol::CIVersion | InfoCol::SDMPackageVersion => Val::I(1),
                    InfoCol::DateCreated => Val::Ts(g.created),
                    InfoCol::DateLastModified | InfoCol::ModifiedTime | InfoCol::EffectiveDate => Val::Ts(g.modified),
                    InfoCol::CreatedBy | InfoCol::LastModifiedBy => Val::St("CONTOSO\\adm-jsmith"),
                    InfoCol::PermittedUses => Val::I(0),
                    InfoCol::IsBundle | InfoCol::IsHidden | InfoCol::IsTombstoned | InfoCol::IsExpired => Val::B(false),
                    InfoCol::IsUserDefined | InfoCol::IsEnabled | InfoCol::IsLatest => Val::B(true),
                    InfoCol::IsDeployed => Val::I(g.deployed as i64),
                    InfoCol::IsSuperseded | InfoCol::IsChild | InfoCol::IsBroken | InfoCol::IsUserCI => Val::I(0),
                    InfoCol::InUse => Val::I(1),
                    InfoCol::SourceSite => Val::St(crate::site::SITE_CODE),
                    InfoCol::Title => Val::S(&g.title),
                    InfoCol::Description => Val::S(&g.description),
                    _ => Val::Null,
                }
            }
            CiRow::Update(i) => {
                let u = &s.fleet.updates.list[*i];
                // Definition updates are minutes old: their catalog times must still precede now.
                let before = |t: i64| Val::Ts(t.min(s.fleet.now - 60_000_000));
                match col {
                    InfoCol::CI_ID => Val::I(u.ci),
                    InfoCol::CI_UniqueID => Val::Guid(u.unique, GuidStyle::Lower),
                    InfoCol::ModelId => Val::I(u.ci - 16_000_000),
                    InfoCol::ModelName => {
                        let mut m = String::from("Site_");
                        write_guid(&mut m, u.unique.rotate_left(9), GuidStyle::Upper);
                        m.push_str("/SUM_");
                        write_guid(&mut m, u.unique, GuidStyle::Lower);
                        Val::Own(m)
                    }
                    InfoCol::SDMPackageVersion | InfoCol::CIVersion => Val::I(1 + (u.ci % 3)),
                    InfoCol::CIType_ID => Val::I(u.ci_type),
                    InfoCol::DateCreated => before(u.posted + 9 * MICROS_PER_HOUR),
                    InfoCol::DateLastModified | InfoCol::ModifiedTime => before(u.posted + 30 * MICROS_PER_HOUR),
                    InfoCol::LastModifiedBy | InfoCol::CreatedBy => Val::St("CONTOSO\\svc_sccm_sup"),
                    InfoCol::PermittedUses => Val::I(0),
                    InfoCol::IsBundle => Val::B(u.ci_type == 8),
                    InfoCol::IsHidden | InfoCol::IsTombstoned | InfoCol::IsUserDefined => Val::B(false),
                    InfoCol::IsEnabled => Val::B(true),
                    InfoCol::IsExpired => Val::B(s.site.deployments.expired[*i]),
                    InfoCol::SourceSite => Val::St(crate::site::SITE_CODE),
                    InfoCol::ApplicabilityCondition => Val::Null,
                    InfoCol::CI_CRC => Val::Own(format!("{:08X}", hash_str(&u.title) as u32)),
                    InfoCol::Precedence => Val::I(0),
                    InfoCol::ConfigurationFlags => Val::I(0),
                    InfoCol::EULAExists | InfoCol::EULAAccepted => Val::I(0),
                    InfoCol::IsQuarantined => Val::I(0),
                    InfoCol::EffectiveDate => Val::Ts(u.posted),
                    InfoCol::IsDeployed => Val::I(s.site.deployments.deployed[*i] as i64),
                    InfoCol::IsSuperseded => Val::I(u.superseded as i64),
                    InfoCol::IsChild | InfoCol::IsBroken | InfoCol::IsUserCI => Val::I(0),
                    InfoCol::InUse => Val::I(1),
                    InfoCol::IsLatest => Val::B(true),
                    InfoCol::PlatformType => Val::I(1),
                    InfoCol::IsSignificantRevision => Val::I(1),
                    InfoCol::SedoObjectVersion => Val::Null,
                    InfoCol::ApplicableAtUserLogon => Val::B(false),
                    InfoCol::BulletinID => match u.bulletin {
                        Some(b) => Val::St(b),
                        None => Val::St(""),
                    },
                    InfoCol::ArticleID => {
                        if u.kb.is_empty() {
                            Val::Null
                        } else {
                            Val::S(&u.kb)
                        }
                    }
                    InfoCol::Severity => Val::opt_i(u.severity),
                    InfoCol::CustomSeverity => Val::I(0),
                    InfoCol::CMTag => Val::I(0),
                    InfoCol::DatePosted => Val::Ts(u.posted),
                    InfoCol::DateRevised => {
                        before(u.posted + if u.bulletin.is_some() { 21 } else { 0 } * MICROS_PER_DAY)
                    }
                    InfoCol::RevisionNumber => Val::I(if u.bulletin.is_some() { 201 } else { 200 }),
                    InfoCol::MaxExecutionTime => Val::I(if u.line.is_some() { 3600 } else { 600 }),
                    InfoCol::RequiresExclusiveHandling => Val::B(false),
                    InfoCol::UpdateSource_ID => Val::I(16_777_217),
                    InfoCol::MinSourceVersion => Val::I(0),
                    InfoCol::LocaleID => Val::I(1033),
                    InfoCol::Title => Val::S(&u.title),
                    InfoCol::Description => Val::St(u.description),
                    InfoCol::InfoURL => Val::S(&u.info_url),
                    InfoCol::UpdateType => Val::St(u.update_type),
                    InfoCol::Locales => Val::St("'en-US'"),
                }
            }
        }
    }
}
