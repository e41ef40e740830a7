//! AD user groups: the site's list of groups, and the groups each device and
//! user belongs to.

use crate::data::{self, APP_GROUPS, DEPTS, DEVICE_GROUP_NAMES, Kind, Role, SITES};
use crate::model::Domain;
use crate::model::device::Device;
use crate::model::time::MICROS_PER_DAY;
use crate::model::user::User;

/// First user group ResourceID (0x7C000001).
pub(crate) const FIRST_GROUP_ID: i64 = 2_080_374_785;

pub(crate) fn group_rid(g: usize) -> i64 {
    FIRST_GROUP_ID + g as i64
}

/// A user group discovered from AD.
#[derive(Debug, Clone)]
pub(crate) struct GroupDef {
    /// `CONTOSO\Finance`.
    pub name: String,
    /// `Finance`.
    pub short: String,
    pub domain: Domain,
    pub created: i64,
}

/// The user groups of the site, in ResourceID order.
pub(crate) fn group_list(now: i64) -> Vec<GroupDef> {
    let mut names: Vec<(Domain, String)> = Vec::new();
    for n in [
        "Domain Users",
        "Domain Admins",
        "Domain Computers",
        "Domain Controllers",
        "Enterprise Admins",
        "Remote Desktop Users",
        "SCCM_Admins",
        "SCCM_Pilot_Users",
        "VPN Users",
        "Contractors",
        "Contractors-Exempt",
        "Test Users",
        "SQL Servers",
        "Web Servers",
        "Hyper-V Hosts",
        "Terminal Servers",
        "IT Helpdesk",
    ] {
        names.push((Domain::Contoso, n.to_string()));
    }
    for n in DEVICE_GROUP_NAMES.iter() {
        names.push((Domain::Contoso, n.to_string()));
    }
    for d in DEPTS.iter() {
        names.push((Domain::Contoso, d.name.to_string()));
        names.push((Domain::Contoso, format!("{} Users", d.name)));
        names.push((Domain::Contoso, format!("{}-Workstations", d.name)));
    }
    for s in SITES.iter() {
        names.push((Domain::Contoso, format!("{} Staff", s.city)));
        names.push((Domain::Contoso, format!("{}-Workstations", s.code)));
    }
    for a in APP_GROUPS.iter() {
        names.push((Domain::Contoso, a.to_string()));
    }
    for n in ["Domain Users", "Domain Computers", "Domain Admins"] {
        names.push((Domain::Fabrikam, n.to_string()));
    }
    for d in DEPTS.iter().take(5) {
        names.push((Domain::Fabrikam, d.name.to_string()));
    }
    names
        .into_iter()
        .enumerate()
        .map(|(g, (domain, short))| GroupDef {
            name: format!("{}\\{short}", domain.netbios()),
            short,
            domain,
            created: now - (3000 - (g as i64 * 37) % 2900) * MICROS_PER_DAY,
        })
        .collect()
}

/// The device's AD groups (SystemGroupName), empty when it is not in AD.
pub(crate) fn device_groups(d: &Device) -> Vec<String> {
    if d.domain == Domain::Workgroup {
        return Vec::new();
    }
    let dom = d.domain.netbios();
    let mut out = Vec::new();
    if d.kind == Kind::Server(Role::Dc) {
        out.push(format!("{dom}\\Domain Controllers"));
    } else {
        out.push(format!("{dom}\\Domain Computers"));
    }
    if d.domain == Domain::Fabrikam {
        return out;
    }
    if d.is_workstation() && d.kind != Kind::Lab {
        out.push(format!("CONTOSO\\{}-Workstations", d.site.code));
        out.push(format!("CONTOSO\\{}-Workstations", DEPTS[d.dept].name));
    }
    match d.kind {
        Kind::Server(Role::Sql) => out.push("CONTOSO\\SQL Servers".into()),
        Kind::Server(Role::Web) => out.push("CONTOSO\\Web Servers".into()),
        Kind::Server(Role::HyperV) => out.push("CONTOSO\\Hyper-V Hosts".into()),
        Kind::Server(Role::Rds) => out.push("CONTOSO\\Terminal Servers".into()),
        _ => {}
    }
    for (k, n) in DEVICE_GROUP_NAMES.iter().enumerate() {
        if d.groups & (1 << k) != 0 {
            out.push(format!("CONTOSO\\{n}"));
        }
    }
    out
}

/// The user's AD groups (UserGroupName).
pub(crate) fn user_groups(u: &User) -> Vec<String> {
    if u.no_groups {
        return Vec::new();
    }
    let dom = u.domain.netbios();
    let mut out = vec![format!("{dom}\\Domain Users")];
    if u.service {
        return out;
    }
    if u.domain == Domain::Fabrikam {
        if u.dept < 5 {
            out.push(format!("FABRIKAM\\{}", DEPTS[u.dept].name));
        }
        return out;
    }
    if u.admin {
        out.push("CONTOSO\\Domain Admins".into());
        out.push("CONTOSO\\SCCM_Admins".into());
        return out;
    }
    out.push(format!("CONTOSO\\{}", DEPTS[u.dept].name));
    out.push(format!("CONTOSO\\{} Users", DEPTS[u.dept].name));
    out.push(format!("CONTOSO\\{} Staff", SITES[u.site_idx].city));
    if u.dept == *data::DEPT_IT {
        out.push("CONTOSO\\IT Helpdesk".into());
    }
    if u.pilot {
        out.push("CONTOSO\\SCCM_Pilot_Users".into());
    }
    if u.vpn {
        out.push("CONTOSO\\VPN Users".into());
        out.push("CONTOSO\\Remote Desktop Users".into());
    }
    if u.contractor {
        out.push("CONTOSO\\Contractors".into());
        if u.exempt {
            out.push("CONTOSO\\Contractors-Exempt".into());
        }
    }
    if u.test {
        out.push("CONTOSO\\Test Users".into());
    }
    for (k, a) in APP_GROUPS.iter().enumerate() {
        if u.app_groups & (1 << k) != 0 {
            out.push(format!("CONTOSO\\{a}"));
        }
    }
    out
}
