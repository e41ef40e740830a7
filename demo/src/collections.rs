//! Collections: their rules, written as console-style WQL, and their
//! membership, computed in Rust from the same rows the views hold
//! (query ∪ direct ∪ include, ∩ limiting, − exclude), with deliberate
//! staleness in the collections listed in the module docs of `demo`.

mod condition;
mod views;

pub(crate) use condition::CQuery;
#[cfg(test)]
pub(crate) use condition::rule_matches;
use condition::{Evaluator, Lit, Op, bind_query, eval_query};
pub(crate) use views::{Collections, Dependencies, Membership, RuleDirects, RuleQueries, dependencies};

use crate::data::{DEPTS, Form, MODELS, SITES};
use crate::fleet::APP_GROUPS;
use crate::rng::{Stream, hash};
use crate::table::{Subject, Who};
use crate::updates::{self, JAN_2011};
use crate::value::{MICROS_PER_DAY, like};
use std::collections::HashMap;
use wqlkit_core::Catalog;

/// A WHERE condition as the builders below write it.
#[derive(Debug, Clone)]
pub(crate) enum Cond {
    Leaf {
        class: &'static str,
        prop: &'static str,
        op: Op,
    },
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
    /// `ResourceId [not] in (select ResourceID from SMS_CM_RES_COLL_<id>)`, by collection name.
    InColl {
        name: &'static str,
        negate: bool,
    },
    /// `ResourceId [not] in (subquery)`.
    Sub {
        query: Box<Query>,
        negate: bool,
    },
    /// Text and evaluation given directly (update compliance joins).
    Raw {
        wql: String,
        eval: Evaluator,
    },
}

/// A query: a class, classes inner-joined to it on ResourceID, a condition.
#[derive(Debug, Clone)]
pub(crate) struct Query {
    pub from: &'static str,
    pub joins: Vec<&'static str>,
    pub cond: Option<Cond>,
    /// `select *` rather than the console's column list.
    pub star: bool,
}

pub(crate) const SYS: &str = "SMS_R_System";
pub(crate) const USER: &str = "SMS_R_User";
pub(crate) const GROUP: &str = "SMS_R_UserGroup";
pub(crate) const OS: &str = "SMS_G_System_OPERATING_SYSTEM";
pub(crate) const CS: &str = "SMS_G_System_COMPUTER_SYSTEM";
pub(crate) const ARP: &str = "SMS_G_System_ADD_REMOVE_PROGRAMS";
pub(crate) const ARP64: &str = "SMS_G_System_ADD_REMOVE_PROGRAMS_64";
pub(crate) const SW: &str = "SMS_G_System_INSTALLED_SOFTWARE";
pub(crate) const ENCLOSURE: &str = "SMS_G_System_SYSTEM_ENCLOSURE";
pub(crate) const SERVICE: &str = "SMS_G_System_SERVICE";
pub(crate) const DISK: &str = "SMS_G_System_LOGICAL_DISK";
pub(crate) const STATUS: &str = "SMS_G_System_WORKSTATION_STATUS";
pub(crate) const TPM: &str = "SMS_G_System_TPM";
pub(crate) const FIRMWARE: &str = "SMS_G_System_FIRMWARE";
pub(crate) const VOLUME: &str = "SMS_G_System_ENCRYPTABLE_VOLUME";
pub(crate) const BIOS: &str = "SMS_G_System_PC_BIOS";
pub(crate) const FILE: &str = "SMS_G_System_SoftwareFile";

fn leaf(class: &'static str, prop: &'static str, op: Op) -> Cond {
    Cond::Leaf { class, prop, op }
}
fn eq(class: &'static str, prop: &'static str, v: impl Into<Lit>) -> Cond {
    leaf(class, prop, Op::Eq(v.into()))
}
fn ne(class: &'static str, prop: &'static str, v: impl Into<Lit>) -> Cond {
    leaf(class, prop, Op::Ne(v.into()))
}
fn lk(class: &'static str, prop: &'static str, p: impl Into<String>) -> Cond {
    leaf(class, prop, Op::Like(p.into()))
}
fn nlk(class: &'static str, prop: &'static str, p: impl Into<String>) -> Cond {
    leaf(class, prop, Op::NotLike(p.into()))
}
fn within(class: &'static str, prop: &'static str, v: &[&str]) -> Cond {
    leaf(class, prop, Op::In(v.iter().map(|x| Lit::from(*x)).collect()))
}
fn and(v: Vec<Cond>) -> Cond {
    Cond::And(v)
}
fn or(v: Vec<Cond>) -> Cond {
    Cond::Or(v)
}
fn q(from: &'static str, joins: &[&'static str], cond: Cond) -> Query {
    Query {
        from,
        joins: joins.to_vec(),
        cond: Some(cond),
        star: false,
    }
}
fn sys(cond: Cond) -> Query {
    q(SYS, &[], cond)
}
fn on(join: &'static str, cond: Cond) -> Query {
    q(SYS, &[join], cond)
}
fn not_in(from: &'static str, cond: Cond) -> Cond {
    Cond::Sub {
        query: Box::new(q(from, &[], cond)),
        negate: true,
    }
}
fn client() -> Cond {
    eq(SYS, "Client", 1)
}

/// What a collection holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Members {
    Devices,
    /// Users and user groups.
    Users,
}

/// How direct members are chosen: indexes into the fleet.
#[derive(Debug, Clone, Copy)]
pub(crate) enum DirectPick {
    Devices(u64),
    Users(u64),
}

/// A rule as written.
#[derive(Debug, Clone)]
pub(crate) enum RuleDef {
    Query(&'static str, Query),
    Direct(DirectPick),
    Include(&'static str),
    Exclude(&'static str),
}

/// A collection as written.
#[derive(Debug, Clone)]
pub(crate) struct Def {
    pub id: Option<&'static str>,
    pub name: String,
    pub comment: &'static str,
    pub members: Members,
    pub limit: Option<String>,
    pub rules: Vec<RuleDef>,
    pub stale: bool,
}

fn def(name: impl Into<String>, limit: &str, rules: Vec<RuleDef>) -> Def {
    Def {
        id: None,
        name: name.into(),
        comment: "",
        members: Members::Devices,
        limit: Some(limit.to_string()),
        rules,
        stale: false,
    }
}

fn rule(name: &'static str, query: Query) -> RuleDef {
    RuleDef::Query(name, query)
}

/// Names of the collections written with deliberate staleness (a few members
/// missing or extra, as between two evaluations on a real site).
pub(crate) const STALE: &[&str] = &[
    "Windows 10 Workstations",
    "London Workstations",
    "Missing 7-Zip",
    "Servers - SQL",
    "All Finance Users",
];

const ALL_SYSTEMS: &str = "All Systems";
const ALL_USERS: &str = "All Users";
const ALL_GROUPS: &str = "All User Groups";
const ALL_WS: &str = "All Workstations";
const ALL_SRV: &str = "All Servers";
const ACTIVE: &str = "All Clients - Active";
const WIN10: &str = "Windows 10 Workstations";
const WIN11: &str = "Windows 11 Workstations";
const WIN7: &str = "Windows 7 Workstations";
const LAPTOPS: &str = "All Laptops";

const LAPTOP_CHASSIS: &[&str] = &["8", "9", "10", "11", "12", "14", "18", "21", "30", "31", "32"];
const DESKTOP_CHASSIS: &[&str] = &["3", "4", "5", "6", "7", "15", "16", "35", "36"];

fn jan_2011_required(s: &Subject<'_>) -> bool {
    required_in(s, |name| name == JAN_2011)
}

fn adr_workstations_required(s: &Subject<'_>) -> bool {
    required_in(s, |name| like(name, "ADR - Workstations %"))
}

/// Status 2 for any update of a deployment whose name matches.
fn required_in(s: &Subject<'_>, name: impl Fn(&str) -> bool) -> bool {
    let ups = &s.ctx.updates;
    let cis: Vec<usize> = ups
        .assignments
        .iter()
        .filter(|a| name(&a.name))
        .flat_map(|a| ups.sugs[a.sug].members.iter().copied())
        .collect();
    s.scan().iter().any(|x| x.status == 2 && cis.contains(&(x.ci as usize)))
}

fn pending_restart(s: &Subject<'_>) -> bool {
    s.scan()
        .iter()
        .any(|x| updates::enforcement(s, x).is_some_and(|e| e.message == 9))
}

fn install_failed(s: &Subject<'_>) -> bool {
    s.scan()
        .iter()
        .any(|x| updates::enforcement(s, x).is_some_and(|e| e.message == 6 || e.message == 11))
}

fn winre_required(s: &Subject<'_>) -> bool {
    let ups = &s.ctx.updates;
    s.scan()
        .iter()
        .any(|x| x.status == 2 && ups.list[x.ci as usize].kb == "5034441")
}

const SEED_JAN_2011: &str = "select SMS_R_SYSTEM.ResourceID,SMS_R_SYSTEM.ResourceType,SMS_R_SYSTEM.Name,SMS_R_SYSTEM.SMSUniqueIdentifier,SMS_R_SYSTEM.ResourceDomainORWorkgroup,SMS_R_SYSTEM.Client from SMS_R_System  WHERE        SMS_R_System.ResourceID IN (     SELECT        SMS_UpdateComplianceStatus.MachineID        FROM         SMS_UpdateComplianceStatus        JOIN SMS_UpdateDeploymentSummary           ON    SMS_UpdateComplianceStatus.CI_ID = SMS_UpdateDeploymentSummary.CI_ID     WHERE           SMS_UpdateComplianceStatus.Status = \"2\"        AND SMS_UpdateDeploymentSummary.AssignmentName    = \"2011 Jan Updates\")";

/// Every collection of the site, in CollectionID order.
/// The collections of a site of at least `total` collections: the written
/// hierarchy, then (for scale) generated ones.
pub(crate) fn definitions(total: usize) -> Vec<Def> {
    let mut v = written();
    generated(&mut v, total);
    for d in &mut v {
        d.stale = STALE.contains(&d.name.as_str());
    }
    v
}

/// Collections a larger site accumulates, three levels under each office's
/// workstations: hardware model per office, then its clients, then the
/// software they run.
fn generated(v: &mut Vec<Def>, total: usize) {
    let models: Vec<&'static str> = MODELS
        .iter()
        .filter(|m| matches!(m.form, Form::Desktop | Form::Laptop | Form::Tablet))
        .map(|m| m.model)
        .collect();
    let software: Vec<&'static str> = crate::software::CATALOG
        .iter()
        .skip(1)
        .map(|s| {
            s.name
                .split(" - {")
                .next()
                .unwrap_or(s.name)
                .split('{')
                .next()
                .unwrap_or(s.name)
                .trim_end()
        })
        .filter(|n| n.len() > 3)
        .collect();
    let mut k = 0usize;
    while v.len() < total {
        let site = &SITES[k % SITES.len()];
        let model = models[(k / SITES.len()) % models.len()];
        let round = k / (SITES.len() * models.len());
        let suffix = if round == 0 {
            String::new()
        } else {
            format!(" ({})", round + 1)
        };
        let office = format!("{} Workstations", site.city);
        let by_model = format!("Model - {model} - {}{suffix}", site.city);
        v.push(def(
            by_model.clone(),
            &office,
            vec![rule("Model", on(CS, eq(CS, "Model", model)))],
        ));
        let clients = format!("{by_model} - Clients");
        if v.len() < total {
            v.push(def(clients.clone(), &by_model, vec![rule("Client", sys(client()))]));
        }
        if v.len() < total {
            let sw = software[k % software.len()];
            v.push(def(
                format!("{clients} - {sw}"),
                &clients,
                vec![rule("Installed", on(ARP, lk(ARP, "DisplayName", format!("{sw}%"))))],
            ));
        }
        k += 1;
    }
}

/// The written hierarchy.
fn written() -> Vec<Def> {
    let mut v: Vec<Def> = Vec::new();
    let builtin = |id: &'static str, name: &str, members: Members, rules: Vec<RuleDef>, comment: &'static str| Def {
        id: Some(id),
        name: name.to_string(),
        comment,
        members,
        limit: None,
        rules,
        stale: false,
    };
    let star = |from: &'static str| Query {
        from,
        joins: Vec::new(),
        cond: None,
        star: true,
    };
    v.push(builtin(
        "SMS00001",
        ALL_SYSTEMS,
        Members::Devices,
        vec![rule("All Systems", star(SYS))],
        "All Systems",
    ));
    v.push(builtin(
        "SMS00002",
        ALL_USERS,
        Members::Users,
        vec![rule("All Users", star(USER))],
        "All Users",
    ));
    v.push(builtin(
        "SMS00003",
        ALL_GROUPS,
        Members::Users,
        vec![rule("All User Groups", star(GROUP))],
        "All User Groups",
    ));
    v.push(builtin(
        "SMS00004",
        "All Users and User Groups",
        Members::Users,
        vec![rule("All Users", star(USER)), rule("All User Groups", star(GROUP))],
        "All Users and User Groups",
    ));
    let mut dm = builtin(
        "SMSDM001",
        "All Desktop and Server Clients",
        Members::Devices,
        vec![rule("All Desktop and Server Clients", sys(eq(SYS, "ClientType", 1)))],
        "All Desktop and Server Clients",
    );
    dm.limit = Some(ALL_SYSTEMS.into());
    v.push(dm);
    let mut mobile = builtin(
        "SMSDM003",
        "All Mobile Devices",
        Members::Devices,
        vec![rule("All Mobile Devices", sys(eq(SYS, "ClientType", 3)))],
        "All Mobile Devices",
    );
    mobile.limit = Some(ALL_SYSTEMS.into());
    v.push(mobile);

    // CON00010 onwards, in this order; rules people write refer to some of these IDs (CON00012, CON00019,
    // CON00034), so new collections go after the existing ones.
    let os_name = |p: &str| lk(SYS, "OperatingSystemNameandVersion", p);
    v.push(def(
        ALL_WS,
        ALL_SYSTEMS,
        vec![rule("Workstations", sys(os_name("%Workstation%")))],
    ));
    v.push(def(
        ALL_SRV,
        ALL_SYSTEMS,
        vec![rule("Servers", sys(os_name("%Server%")))],
    ));
    v.push(def(
        "All Windows Systems",
        ALL_SYSTEMS,
        vec![rule("Windows", sys(os_name("Microsoft Windows NT%")))],
    ));
    v.push(def(
        ACTIVE,
        ALL_SYSTEMS,
        vec![rule(
            "Active clients",
            sys(and(vec![client(), eq(SYS, "Active", 1), eq(SYS, "Obsolete", 0)])),
        )],
    ));
    v.push(def(
        "All Non-Client Systems",
        ALL_SYSTEMS,
        vec![rule(
            "No client",
            sys(or(vec![leaf(SYS, "Client", Op::IsNull), eq(SYS, "Client", 0)])),
        )],
    ));
    v.push(def(
        "Obsolete or Decommissioned Clients",
        ALL_SYSTEMS,
        vec![rule(
            "Obsolete",
            sys(or(vec![eq(SYS, "Obsolete", 1), eq(SYS, "Decommissioned", 1)])),
        )],
    ));
    v.push(def(
        "All Virtual Machines",
        ALL_SYSTEMS,
        vec![rule("VMs", sys(eq(SYS, "IsVirtualMachine", 1)))],
    ));
    v.push(def(
        "All Physical Machines",
        ALL_SYSTEMS,
        vec![rule("Physical", sys(eq(SYS, "IsVirtualMachine", 0)))],
    ));
    v.push(def(
        "Workgroup Computers",
        ALL_SYSTEMS,
        vec![rule(
            "Workgroup",
            sys(eq(SYS, "ResourceDomainORWorkgroup", "WORKGROUP")),
        )],
    ));
    v.push(def(
        "All Systems Discovered in Active Directory",
        ALL_SYSTEMS,
        vec![rule("AD", sys(leaf(SYS, "DistinguishedName", Op::NotNull)))],
    ));
    v.push(def(
        "FABRIKAM Domain Computers",
        ALL_SYSTEMS,
        vec![rule("FABRIKAM", sys(eq(SYS, "ResourceDomainORWorkgroup", "FABRIKAM")))],
    ));
    v.push(def(
        "Inactive Clients",
        ALL_SYSTEMS,
        vec![rule("Inactive", sys(and(vec![client(), eq(SYS, "Active", 0)])))],
    ));
    v.push(def(
        "Clients - Hardware Inventory Older Than 14 Days",
        ALL_SYSTEMS,
        vec![rule(
            "Stale inventory",
            on(STATUS, leaf(STATUS, "LastHardwareScan", Op::DaysAgoOver(14))),
        )],
    ));
    v.push(def(
        "Clients Without Hardware Inventory",
        ALL_SYSTEMS,
        vec![rule(
            "No inventory",
            sys(and(vec![
                client(),
                not_in(STATUS, leaf(STATUS, "ResourceID", Op::NotNull)),
            ])),
        )],
    ));
    v.push(def(
        "Clients - Not on Current Client Version",
        ALL_SYSTEMS,
        vec![rule(
            "Old client",
            sys(and(vec![client(), nlk(SYS, "ClientVersion", "5.00.9135%")])),
        )],
    ));
    for (ver, _) in crate::data::CLIENT_VERSIONS
        .iter()
        .chain(crate::data::LEGACY_CLIENT_VERSIONS)
    {
        v.push(def(
            format!("Client Version {ver}"),
            ALL_SYSTEMS,
            vec![rule("Client version", sys(eq(SYS, "ClientVersion", *ver)))],
        ));
    }
    let caption = |p: &str| lk(OS, "Caption", p);
    let win10 = def(WIN10, ALL_WS, vec![rule("Windows 10", on(OS, caption("%Windows 10%")))]);
    v.push(def(
        WIN7,
        ALL_WS,
        vec![rule("Windows 7", on(OS, caption("%Windows 7%")))],
    ));
    v.push(win10);
    v.push(def(
        WIN11,
        ALL_WS,
        vec![rule("Windows 11", on(OS, caption("%Windows 11%")))],
    ));
    for (name, limit, build) in [
        ("Windows 10 21H2 (19044)", WIN10, "10.0.19044"),
        ("Windows 10 22H2 (19045)", WIN10, "10.0.19045"),
        ("Windows 11 22H2 (22621)", WIN11, "10.0.22621"),
        ("Windows 11 23H2 (22631)", WIN11, "10.0.22631"),
        ("Windows 11 24H2 (26100)", WIN11, "10.0.26100"),
    ] {
        v.push(def(name, limit, vec![rule("Build", sys(eq(SYS, "Build", build)))]));
    }
    for (k, site) in SITES.iter().enumerate() {
        let name = format!("{} Workstations", site.city);
        let ou = format!("CONTOSO.COM/WORKSTATIONS/{}", site.city_ou().to_ascii_uppercase());
        let r = match k {
            1 => rule("AD site", sys(eq(SYS, "ADSiteName", site.ad_site))),
            2 => rule("Subnets", sys(lk(SYS, "IPSubnets", format!("10.{}.%", site.net)))),
            _ => rule("OU", sys(eq(SYS, "SystemOUName", ou))),
        };
        v.push(def(name, ALL_WS, vec![r]));
    }

    // Software update targets and patch rings.
    v.push(def(
        "SUM - Windows 7 and Server 2008 R2",
        ALL_SYSTEMS,
        vec![rule("Build 7601", on(OS, eq(OS, "BuildNumber", "7601")))],
    ));
    v.push(def(
        "Patch Ring 1 - Pilot",
        ALL_WS,
        vec![
            rule("Pilot group", sys(eq(SYS, "SystemGroupName", "CONTOSO\\SCCM_Pilot"))),
            RuleDef::Direct(DirectPick::Devices(0xA1)),
        ],
    ));
    v.push(def(
        "Patch Ring 2 - Broad",
        ALL_WS,
        vec![RuleDef::Include(ALL_WS), RuleDef::Exclude("Patch Ring 1 - Pilot")],
    ));
    v.push(def(
        "Pilot - Software Updates",
        ACTIVE,
        vec![
            RuleDef::Direct(DirectPick::Devices(0xA2)),
            rule("Pilot group", sys(eq(SYS, "SystemGroupName", "CONTOSO\\SCCM_Pilot"))),
        ],
    ));
    v.push(def(
        "Windows 11 Upgrade Ready",
        WIN10,
        vec![rule(
            "Ready",
            sys(eq(SYS, "SystemGroupName", "CONTOSO\\Win11-Upgrade-Ready")),
        )],
    ));
    v.push(def(
        "Pilot - Windows 11 Upgrade",
        "Windows 11 Upgrade Ready",
        vec![RuleDef::Direct(DirectPick::Devices(0xA3))],
    ));
    v.push(def(
        "All Windows 10 and 11 Workstations",
        ALL_WS,
        vec![RuleDef::Include(WIN10), RuleDef::Include(WIN11)],
    ));
    v.push(def(
        "Workstations - Excluding Pilot",
        ALL_WS,
        vec![RuleDef::Include(ALL_WS), RuleDef::Exclude("Pilot - Software Updates")],
    ));

    // Chassis, then operating system by office, then laptops by office.
    v.push(def(
        LAPTOPS,
        ALL_WS,
        vec![rule(
            "Laptop chassis",
            on(ENCLOSURE, within(ENCLOSURE, "ChassisTypes", LAPTOP_CHASSIS)),
        )],
    ));
    v.push(def(
        "All Desktops",
        ALL_WS,
        vec![rule(
            "Desktop chassis",
            on(ENCLOSURE, within(ENCLOSURE, "ChassisTypes", DESKTOP_CHASSIS)),
        )],
    ));
    for (os, limit) in [("Windows 7", WIN7), ("Windows 10", WIN10), ("Windows 11", WIN11)] {
        for site in SITES {
            v.push(def(
                format!("{os} {}", site.city),
                limit,
                vec![rule(
                    "Office OU",
                    sys(lk(
                        SYS,
                        "SystemOUName",
                        format!("%/WORKSTATIONS/{}%", site.city_ou().to_ascii_uppercase()),
                    )),
                )],
            ));
        }
    }
    for site in SITES {
        let limit = match site.code {
            "LON" => "Windows 11 London",
            "NYC" => "Windows 11 New York",
            "PAR" => "Windows 11 Paris",
            "FRA" => "Windows 11 Frankfurt",
            "SEA" => "Windows 11 Seattle",
            _ => "Windows 11 Singapore",
        };
        v.push(def(
            format!("Windows 11 {} Laptops", site.city),
            limit,
            vec![rule(
                "Laptops",
                on(ENCLOSURE, within(ENCLOSURE, "ChassisTypes", LAPTOP_CHASSIS)),
            )],
        ));
    }

    // Hardware.
    v.push(def(
        "Dell Workstations",
        ALL_WS,
        vec![rule("Dell", on(CS, eq(CS, "Manufacturer", "Dell Inc.")))],
    ));
    v.push(def(
        "HP Workstations",
        ALL_WS,
        vec![rule(
            "HP",
            on(CS, within(CS, "Manufacturer", &["HP", "Hewlett-Packard"])),
        )],
    ));
    v.push(def(
        "Lenovo Workstations",
        ALL_WS,
        vec![rule("Lenovo", on(CS, eq(CS, "Manufacturer", "LENOVO")))],
    ));
    v.push(def(
        "Microsoft Surface Devices",
        ALL_WS,
        vec![rule("Surface", on(CS, lk(CS, "Model", "Surface%")))],
    ));
    for m in MODELS
        .iter()
        .filter(|m| matches!(m.form, Form::Desktop | Form::Laptop | Form::Tablet))
    {
        let label = if m.manufacturer == "LENOVO" { m.family } else { m.model };
        v.push(def(
            format!("Model - {label}"),
            ALL_WS,
            vec![rule("Model", on(CS, eq(CS, "Model", m.model)))],
        ));
    }
    v.push(def(
        "VDI Workstations",
        ALL_WS,
        vec![rule(
            "VDI names",
            sys(or(vec![lk(SYS, "Name", "VDI-%"), lk(SYS, "Name", "___-VT%")])),
        )],
    ));
    v.push(def(
        "Kiosk Devices",
        ALL_SYSTEMS,
        vec![rule("Kiosks", sys(lk(SYS, "Name", "KIOSK[_]%")))],
    ));
    v.push(def(
        "Lab and Test Machines",
        ALL_SYSTEMS,
        vec![rule(
            "Lab names",
            sys(or(vec![lk(SYS, "Name", "LAB-%"), lk(SYS, "Name", "TST-%")])),
        )],
    ));
    for d in DEPTS {
        let group: &'static str = match d.name {
            "Finance" => "CONTOSO\\Finance-Workstations",
            "HR" => "CONTOSO\\HR-Workstations",
            "Sales" => "CONTOSO\\Sales-Workstations",
            "Marketing" => "CONTOSO\\Marketing-Workstations",
            "Engineering" => "CONTOSO\\Engineering-Workstations",
            "IT" => "CONTOSO\\IT-Workstations",
            "Legal" => "CONTOSO\\Legal-Workstations",
            "Operations" => "CONTOSO\\Operations-Workstations",
            "Support" => "CONTOSO\\Support-Workstations",
            _ => "CONTOSO\\Executive-Workstations",
        };
        v.push(def(
            format!("{} Workstations", d.name),
            ALL_WS,
            vec![rule("Department group", sys(eq(SYS, "SystemGroupName", group)))],
        ));
    }

    // Servers.
    let sql = def(
        "Servers - SQL",
        ALL_SRV,
        vec![rule(
            "SQL servers",
            sys(or(vec![
                lk(SYS, "Name", "SRV-SQL-%"),
                eq(SYS, "SystemGroupName", "CONTOSO\\SQL Servers"),
            ])),
        )],
    );
    v.push(sql);
    v.push(def(
        "Servers - IIS",
        ALL_SRV,
        vec![rule("W3SVC", on(SERVICE, eq(SERVICE, "Name", "W3SVC")))],
    ));
    v.push(def(
        "Servers - Domain Controllers",
        ALL_SRV,
        vec![rule("DCs", on(OS, eq(OS, "ProductType", 2)))],
    ));
    v.push(def(
        "Servers - Hyper-V Hosts",
        ALL_SRV,
        vec![rule(
            "vmms",
            on(
                SERVICE,
                and(vec![eq(SERVICE, "Name", "vmms"), eq(SERVICE, "State", "Running")]),
            ),
        )],
    ));
    v.push(def(
        "Servers - File",
        ALL_SRV,
        vec![rule("File servers", sys(lk(SYS, "Name", "SRV-FS-%")))],
    ));
    v.push(def(
        "Servers - Remote Desktop",
        ALL_SRV,
        vec![rule(
            "RDS",
            sys(eq(SYS, "SystemGroupName", "CONTOSO\\Terminal Servers")),
        )],
    ));
    v.push(def(
        "Servers - Print",
        ALL_SRV,
        vec![rule("Print servers", sys(lk(SYS, "Name", "SRV-PRT-%")))],
    ));
    v.push(def(
        "Servers - ConfigMgr Site Systems",
        ALL_SRV,
        vec![rule("Site systems", sys(eq(SYS, "SystemRoles", "SMS Site System")))],
    ));
    v.push(def(
        "Servers - Distribution Points",
        ALL_SRV,
        vec![rule("DPs", sys(eq(SYS, "SystemRoles", "SMS Distribution Point")))],
    ));
    for (name, pat) in [
        ("Servers - Windows Server 2008 R2", "%Server 2008 R2%"),
        ("Servers - Windows Server 2012 R2", "%Server 2012 R2%"),
        ("Servers - Windows Server 2016", "%Server 2016%"),
        ("Servers - Windows Server 2019", "%Server 2019%"),
        ("Servers - Windows Server 2022", "%Server 2022%"),
        ("Servers - Windows Server 2025", "%Server 2025%"),
    ] {
        v.push(def(name, ALL_SRV, vec![rule("Caption", on(OS, caption(pat)))]));
    }
    v.push(def(
        "Servers - Physical",
        ALL_SRV,
        vec![rule("Physical", sys(eq(SYS, "IsVirtualMachine", 0)))],
    ));
    v.push(def(
        "Servers - Virtual (VMware)",
        ALL_SRV,
        vec![rule("VMware", on(CS, eq(CS, "Manufacturer", "VMware, Inc.")))],
    ));
    v.push(def(
        "Servers - Virtual (Hyper-V)",
        ALL_SRV,
        vec![rule("Hyper-V", on(CS, eq(CS, "Model", "Virtual Machine")))],
    ));
    for (name, group) in [
        (
            "MW - Servers - Patch Group A (Sun 02:00)",
            "CONTOSO\\Servers-PatchGroup-A",
        ),
        (
            "MW - Servers - Patch Group B (Sat 22:00)",
            "CONTOSO\\Servers-PatchGroup-B",
        ),
        (
            "MW - Servers - Patch Group C (Wed 03:00)",
            "CONTOSO\\Servers-PatchGroup-C",
        ),
    ] {
        v.push(def(
            name,
            ALL_SRV,
            vec![rule("Patch group", sys(eq(SYS, "SystemGroupName", group)))],
        ));
    }
    v.push(def(
        "All Servers - Excluding Domain Controllers",
        ALL_SRV,
        vec![
            RuleDef::Include(ALL_SRV),
            RuleDef::Exclude("Servers - Domain Controllers"),
        ],
    ));
    v.push(def(
        "Servers - Application (not SQL or Web)",
        ALL_SRV,
        vec![rule(
            "Other roles",
            sys(and(vec![
                lk(SYS, "Name", "SRV-%"),
                Cond::Not(Box::new(or(vec![
                    lk(SYS, "Name", "SRV-SQL-%"),
                    lk(SYS, "Name", "SRV-WEB-%"),
                ]))),
            ])),
        )],
    ));
    v.push(def(
        "London Workstations - Not in Pilot",
        "London Workstations",
        vec![rule(
            "Not piloting",
            sys(Cond::InColl {
                name: "Pilot - Software Updates",
                negate: true,
            }),
        )],
    ));
    v.push(def(
        "Servers - Uptime Over 30 Days",
        ALL_SRV,
        vec![rule("Uptime", on(OS, leaf(OS, "LastBootUpTime", Op::DaysAgoOver(30))))],
    ));

    // Installed software.
    let installed: &[(&str, &'static str, &'static str, &'static str)] = &[
        ("Google Chrome", ARP, "DisplayName", "Google Chrome%"),
        ("Mozilla Firefox", SW, "ProductName", "Mozilla Firefox%"),
        ("7-Zip", SW, "ProductName", "7-Zip%"),
        (
            "Adobe Acrobat Reader DC",
            ARP,
            "DisplayName",
            "Adobe Acrobat Reader DC%",
        ),
        (
            "Adobe Acrobat (64-bit)",
            ARP64,
            "DisplayName",
            "Adobe Acrobat (64-bit)%",
        ),
        ("Notepad++", ARP64, "DisplayName", "Notepad++%"),
        ("VLC media player", ARP64, "DisplayName", "VLC media player%"),
        ("Java 8", ARP, "DisplayName", "Java 8 Update%"),
        ("Java 8 (64-bit)", ARP64, "DisplayName", "Java 8 Update % (64-bit)"),
        ("Zoom Workplace", ARP64, "DisplayName", "Zoom%"),
        ("TeamViewer", ARP64, "DisplayName", "TeamViewer%"),
        ("Microsoft 365 Apps", SW, "ProductName", "Microsoft 365 Apps%"),
        (
            "Office 2016",
            ARP,
            "DisplayName",
            "Microsoft Office Professional Plus 2016%",
        ),
        (
            "Office 2010",
            ARP,
            "DisplayName",
            "Microsoft Office Professional Plus 2010%",
        ),
        (
            "Visual Studio Code",
            ARP64,
            "DisplayName",
            "Microsoft Visual Studio Code%",
        ),
        ("Git", ARP64, "DisplayName", "Git%"),
        ("Python 3", ARP, "DisplayName", "Python 3.%"),
        ("Docker Desktop", ARP64, "DisplayName", "Docker Desktop%"),
        ("SAP GUI", ARP, "DisplayName", "SAP GUI for Windows%"),
        ("Power BI Desktop", ARP64, "DisplayName", "Microsoft Power BI Desktop%"),
        ("Tableau Desktop", ARP64, "DisplayName", "Tableau Desktop%"),
        ("Adobe Creative Cloud", ARP, "DisplayName", "Adobe Creative Cloud%"),
        ("Cisco Secure Client", ARP, "DisplayName", "Cisco Secure Client%"),
        ("Citrix Workspace", ARP, "DisplayName", "Citrix Workspace%"),
        ("Contoso Expense Client", SW, "ProductName", "Contoso Expense%"),
        ("Contoso Timesheet", SW, "ProductName", "Contoso Timesheet%"),
        ("Contoso Endpoint Agent", SW, "ProductName", "Contoso Endpoint Agent%"),
        ("VMware Tools", ARP64, "DisplayName", "VMware Tools%"),
        ("SQL Server 2019", ARP64, "DisplayName", "Microsoft SQL Server 2019%"),
        (
            "SQL Server Management Studio",
            ARP,
            "DisplayName",
            "Microsoft SQL Server Management Studio%",
        ),
        ("Wireshark", ARP64, "DisplayName", "Wireshark%"),
        ("PuTTY", ARP64, "DisplayName", "PuTTY%"),
        ("WinSCP", ARP, "DisplayName", "WinSCP%"),
        ("Dell Command Update", ARP64, "DisplayName", "Dell Command | Update%"),
        ("HP Support Assistant", ARP, "DisplayName", "HP Support Assistant%"),
        ("Lenovo System Update", ARP, "DisplayName", "Lenovo System Update%"),
        ("Microsoft Silverlight", ARP64, "DisplayName", "Microsoft Silverlight%"),
        ("Adobe Flash Player", ARP, "DisplayName", "Adobe Flash Player%"),
        ("iTunes", ARP64, "DisplayName", "iTunes%"),
        ("CCleaner", ARP64, "DisplayName", "CCleaner%"),
        ("Oracle VirtualBox", SW, "ProductName", "Oracle VM VirtualBox%"),
    ];
    for &(label, class, prop, pat) in installed {
        v.push(def(
            format!("Installed - {label}"),
            ALL_SYSTEMS,
            vec![rule("Installed", on(class, lk(class, prop, pat)))],
        ));
    }
    let missing: &[(&str, &'static str, &'static str, &'static str)] = &[
        ("Missing 7-Zip", ALL_WS, "ProductName", "7-Zip%"),
        (
            "Missing Microsoft 365 Apps",
            ALL_WS,
            "ProductName",
            "Microsoft 365 Apps%",
        ),
        (
            "Missing Contoso Endpoint Agent",
            ACTIVE,
            "ProductName",
            "Contoso Endpoint Agent%",
        ),
        ("Missing Google Chrome", ALL_WS, "ProductName", "Google Chrome%"),
        ("Missing Adobe Acrobat", ALL_WS, "ProductName", "Adobe Acrobat%"),
        (
            "Missing Cisco Secure Client",
            LAPTOPS,
            "ProductName",
            "Cisco Secure Client%",
        ),
        (
            "Missing Dell Command Update",
            "Dell Workstations",
            "ProductName",
            "Dell Command | Update%",
        ),
        (
            "Missing LAPS",
            ACTIVE,
            "ProductName",
            "Local Administrator Password Solution%",
        ),
    ];
    for &(name, limit, prop, pat) in missing {
        v.push(def(
            name,
            limit,
            vec![rule("Missing", sys(and(vec![not_in(SW, lk(SW, prop, pat)), client()])))],
        ));
    }
    v.push(def(
        "Google Chrome - Not Current",
        ALL_WS,
        vec![rule(
            "Chrome",
            on(
                ARP,
                and(vec![
                    lk(ARP, "DisplayName", "Google Chrome%"),
                    nlk(ARP, "Version", "141.%"),
                ]),
            ),
        )],
    ));
    v.push(def(
        "7-Zip - Version 19.00 or Older",
        ALL_SYSTEMS,
        vec![rule(
            "7-Zip",
            on(
                ARP64,
                and(vec![
                    lk(ARP64, "DisplayName", "7-Zip%"),
                    within(ARP64, "Version", &["19.00", "16.04", "9.20"]),
                ]),
            ),
        )],
    ));
    v.push(def(
        "Java 8 - Older Than Update 461",
        ALL_SYSTEMS,
        vec![rule(
            "Java",
            on(
                ARP,
                and(vec![
                    lk(ARP, "DisplayName", "Java 8 Update%"),
                    ne(ARP, "DisplayName", "Java 8 Update 461"),
                ]),
            ),
        )],
    ));
    v.push(def(
        "Contoso Endpoint Agent - Below 4.2",
        ALL_SYSTEMS,
        vec![rule(
            "agent.exe",
            on(
                FILE,
                and(vec![
                    eq(FILE, "FileName", "agent.exe"),
                    or(vec![
                        lk(FILE, "FileVersion", "[0-3].%"),
                        lk(FILE, "FileVersion", "4.[01].%"),
                    ]),
                ]),
            ),
        )],
    ));
    v.push(def(
        "Zoom - Outdated",
        ALL_WS,
        vec![rule(
            "Zoom",
            on(
                ARP64,
                and(vec![lk(ARP64, "DisplayName", "Zoom%"), nlk(ARP64, "Version", "6.6.%")]),
            ),
        )],
    ));
    v.push(def(
        "Notepad++ - Version 7",
        ALL_SYSTEMS,
        vec![rule(
            "Notepad++",
            on(
                ARP64,
                and(vec![
                    lk(ARP64, "DisplayName", "Notepad++%"),
                    lk(ARP64, "Version", "7.%"),
                ]),
            ),
        )],
    ));
    v.push(def(
        "Microsoft Edge - Not Current",
        ALL_SYSTEMS,
        vec![rule(
            "Edge",
            on(
                ARP,
                and(vec![
                    eq(ARP, "DisplayName", "Microsoft Edge"),
                    nlk(ARP, "Version", "141.%"),
                ]),
            ),
        )],
    ));

    // Hardware health and configuration.
    v.push(def(
        "Low Disk Space on C:",
        ACTIVE,
        vec![rule(
            "Free space",
            on(
                DISK,
                and(vec![
                    eq(DISK, "DeviceID", "C:"),
                    leaf(DISK, "FreeSpace", Op::Lt(Lit::I(10_240))),
                ]),
            ),
        )],
    ));
    v.push(def(
        "Workstations With Less Than 8 GB RAM",
        ALL_WS,
        vec![rule(
            "Memory",
            on(CS, leaf(CS, "TotalPhysicalMemory", Op::Lt(Lit::I(8_000_000_000)))),
        )],
    ));
    v.push(def(
        "TPM 2.0 Devices",
        ALL_SYSTEMS,
        vec![rule("TPM 2.0", on(TPM, lk(TPM, "SpecVersion", "2.0%")))],
    ));
    v.push(def(
        "TPM 1.2 Devices",
        ALL_SYSTEMS,
        vec![rule("TPM 1.2", on(TPM, lk(TPM, "SpecVersion", "1.2%")))],
    ));
    v.push(def(
        "Workstations Without TPM",
        ALL_WS,
        vec![rule(
            "No TPM",
            sys(and(vec![client(), not_in(TPM, leaf(TPM, "ResourceID", Op::NotNull))])),
        )],
    ));
    v.push(def(
        "Secure Boot Disabled",
        ALL_SYSTEMS,
        vec![rule(
            "Secure Boot",
            on(
                FIRMWARE,
                and(vec![eq(FIRMWARE, "UEFI", 1), eq(FIRMWARE, "SecureBoot", 0)]),
            ),
        )],
    ));
    v.push(def(
        "BitLocker Not Protecting C:",
        LAPTOPS,
        vec![rule(
            "BitLocker",
            on(
                VOLUME,
                and(vec![eq(VOLUME, "DriveLetter", "C:"), eq(VOLUME, "ProtectionStatus", 0)]),
            ),
        )],
    ));
    v.push(def(
        "BIOS Older Than Five Years",
        ALL_SYSTEMS,
        vec![rule(
            "BIOS date",
            on(BIOS, leaf(BIOS, "ReleaseDate", Op::DaysAgoOver(1826))),
        )],
    ));
    v.push(def(
        "ARM64 Devices",
        ALL_SYSTEMS,
        vec![rule("ARM", sys(lk(SYS, "CPUType", "%ARM%")))],
    ));
    v.push(def(
        "WinRM Not Running",
        ACTIVE,
        vec![rule(
            "WinRM",
            on(
                SERVICE,
                and(vec![
                    eq(SERVICE, "Name", "WinRM"),
                    ne(SERVICE, "State", "Running"),
                    eq(SERVICE, "StartMode", "Auto"),
                ]),
            ),
        )],
    ));
    v.push(def(
        "VPN Connected Laptops",
        LAPTOPS,
        vec![rule("VPN pool", sys(lk(SYS, "IPAddresses", "172.16.%")))],
    ));
    v.push(def(
        "Laptops on Home Networks",
        LAPTOPS,
        vec![rule("Home subnets", sys(lk(SYS, "IPSubnets", "192.168.%")))],
    ));
    v.push(def(
        "London HQ Floors 1-3",
        ALL_SYSTEMS,
        vec![rule(
            "Subnets",
            sys(within(SYS, "IPSubnets", &["10.1.0.0", "10.1.4.0", "10.1.8.0"])),
        )],
    ));
    v.push(def(
        "IPv6 Enabled Devices",
        ALL_SYSTEMS,
        vec![rule("IPv6", sys(leaf(SYS, "IPv6Addresses", Op::NotNull)))],
    ));

    // Update compliance (the seed's rules among them).
    let raw = |name: &str, wql: &str, eval: Evaluator| {
        def(
            name,
            ALL_SYSTEMS,
            vec![rule(
                "Compliance",
                Query {
                    from: SYS,
                    joins: Vec::new(),
                    cond: Some(Cond::Raw {
                        wql: wql.to_string(),
                        eval,
                    }),
                    star: false,
                },
            )],
        )
    };
    v.push(raw(
        "SUG - Required: 2011 Jan Updates",
        SEED_JAN_2011,
        Evaluator {
            name: "jan_2011_required",
            eval: jan_2011_required,
        },
    ));
    v.push(raw(
        "SUG - Required: ADR Workstations",
        "SMS_R_System.ResourceID in (select SMS_UpdateComplianceStatus.MachineID from SMS_UpdateComplianceStatus inner join SMS_UpdateDeploymentSummary on SMS_UpdateComplianceStatus.CI_ID = SMS_UpdateDeploymentSummary.CI_ID where SMS_UpdateComplianceStatus.Status = 2 and SMS_UpdateDeploymentSummary.AssignmentName like \"ADR - Workstations %\")",
        Evaluator {
            name: "adr_workstations_required",
            eval: adr_workstations_required,
        },
    ));
    v.push(raw(
        "SUG - Pending Restart",
        "select SMS_R_SYSTEM.ResourceID,SMS_R_SYSTEM.ResourceType,SMS_R_SYSTEM.Name,SMS_R_SYSTEM.SMSUniqueIdentifier,SMS_R_SYSTEM.ResourceDomainORWorkgroup,SMS_R_SYSTEM.Client from sms_r_system AS sms_r_system inner join SMS_UpdateComplianceStatus as c on c.machineid=sms_r_system.resourceid where c.LastEnforcementMessageID = 9",
        Evaluator {
            name: "pending_restart",
            eval: pending_restart,
        },
    ));
    v.push(raw(
        "SUG - Failed Installs",
        "SMS_R_System.ResourceID in (select SMS_UpdateComplianceStatus.MachineID from SMS_UpdateComplianceStatus where SMS_UpdateComplianceStatus.LastEnforcementMessageID in (6, 11))",
        Evaluator {
            name: "install_failed",
            eval: install_failed,
        },
    ));
    v.push(raw(
        "SUG - Required: KB5034441",
        "SMS_R_System.ResourceID in (select SMS_UpdateComplianceStatus.MachineID from SMS_UpdateComplianceStatus inner join SMS_SoftwareUpdate on SMS_SoftwareUpdate.CI_ID = SMS_UpdateComplianceStatus.CI_ID where SMS_UpdateComplianceStatus.Status = 2 and SMS_SoftwareUpdate.ArticleID = \"5034441\")",
        Evaluator {
            name: "winre_required",
            eval: winre_required,
        },
    ));

    // Users.
    let user_def = |name: String, limit: &'static str, rules: Vec<RuleDef>| Def {
        members: Members::Users,
        ..def(name, limit, rules)
    };
    for d in DEPTS {
        let group: &'static str = match d.name {
            "Finance" => "CONTOSO\\Finance",
            "HR" => "CONTOSO\\HR",
            "Sales" => "CONTOSO\\Sales",
            "Marketing" => "CONTOSO\\Marketing",
            "Engineering" => "CONTOSO\\Engineering",
            "IT" => "CONTOSO\\IT",
            "Legal" => "CONTOSO\\Legal",
            "Operations" => "CONTOSO\\Operations",
            "Support" => "CONTOSO\\Support",
            _ => "CONTOSO\\Executive",
        };
        v.push(user_def(
            format!("All {} Users", d.name),
            ALL_USERS,
            vec![rule("Department", q(USER, &[], eq(USER, "UserGroupName", group)))],
        ));
    }
    for site in SITES {
        v.push(user_def(
            format!("{} Users", site.city),
            ALL_USERS,
            vec![rule(
                "Office OU",
                q(
                    USER,
                    &[],
                    eq(
                        USER,
                        "UserOUName",
                        format!("CONTOSO.COM/USERS/{}", site.city_ou().to_ascii_uppercase()),
                    ),
                ),
            )],
        ));
    }
    v.push(user_def(
        "Domain Admins".into(),
        ALL_USERS,
        vec![rule(
            "Admins",
            q(USER, &[], eq(USER, "UserGroupName", "CONTOSO\\Domain Admins")),
        )],
    ));
    v.push(user_def(
        "FABRIKAM Users".into(),
        ALL_USERS,
        vec![rule("FABRIKAM", q(USER, &[], eq(USER, "WindowsNTDomain", "FABRIKAM")))],
    ));
    v.push(user_def(
        "Users Without Mail".into(),
        ALL_USERS,
        vec![rule("No mail", q(USER, &[], leaf(USER, "Mail", Op::IsNull)))],
    ));
    v.push(user_def(
        "Contractors".into(),
        ALL_USERS,
        vec![rule(
            "Contractor OU",
            q(USER, &[], lk(USER, "UserOUName", "%/CONTRACTORS")),
        )],
    ));
    v.push(user_def(
        "Executives".into(),
        ALL_USERS,
        vec![rule(
            "Executives OU",
            q(USER, &[], eq(USER, "UserOUName", "CONTOSO.COM/USERS/EXECUTIVES")),
        )],
    ));
    v.push(user_def(
        "Pilot Users".into(),
        ALL_USERS,
        vec![
            rule(
                "Pilot group",
                q(USER, &[], eq(USER, "UserGroupName", "CONTOSO\\SCCM_Pilot_Users")),
            ),
            RuleDef::Direct(DirectPick::Users(0xB1)),
        ],
    ));
    v.push(user_def(
        "VPN Users".into(),
        ALL_USERS,
        vec![rule(
            "VPN",
            q(USER, &[], eq(USER, "UserGroupName", "CONTOSO\\VPN Users")),
        )],
    ));
    for a in APP_GROUPS {
        let (name, group) = match *a {
            "APP-Visio-Install" => ("App - Visio Users", "CONTOSO\\APP-Visio-Install"),
            "APP-Project-Install" => ("App - Project Users", "CONTOSO\\APP-Project-Install"),
            _ => ("App - Acrobat Pro Users", "CONTOSO\\APP-AcrobatPro-Install"),
        };
        v.push(user_def(
            name.into(),
            ALL_USERS,
            vec![rule("App group", q(USER, &[], eq(USER, "UserGroupName", group)))],
        ));
    }
    v.push(user_def(
        "Service Accounts".into(),
        ALL_USERS,
        vec![rule("svc_ accounts", q(USER, &[], lk(USER, "UserName", "svc[_]%")))],
    ));
    v.push(user_def(
        "Department Security Groups".into(),
        ALL_GROUPS,
        vec![rule(
            "Departments",
            q(
                GROUP,
                &[],
                leaf(
                    GROUP,
                    "UsergroupName",
                    Op::In(DEPTS.iter().map(|d| Lit::from(d.name)).collect()),
                ),
            ),
        )],
    ));
    v.push(user_def(
        "SCCM Groups".into(),
        ALL_GROUPS,
        vec![rule("SCCM", q(GROUP, &[], lk(GROUP, "UsergroupName", "SCCM[_]%")))],
    ));
    v.push(user_def(
        "FABRIKAM Groups".into(),
        ALL_GROUPS,
        vec![rule(
            "FABRIKAM",
            q(GROUP, &[], eq(GROUP, "WindowsNTDomain", "FABRIKAM")),
        )],
    ));
    v
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn lit_wql(l: &Lit) -> String {
    match l {
        Lit::S(s) => format!("\"{}\"", escape(s)),
        Lit::I(i) => i.to_string(),
    }
}

fn select_list(from: &str) -> &'static str {
    match from {
        USER => {
            "SMS_R_USER.ResourceID,SMS_R_USER.ResourceType,SMS_R_USER.Name,SMS_R_USER.UniqueUserName,SMS_R_USER.WindowsNTDomain"
        }
        GROUP => {
            "SMS_R_USERGROUP.ResourceID,SMS_R_USERGROUP.ResourceType,SMS_R_USERGROUP.Name,SMS_R_USERGROUP.UniqueUsergroupName,SMS_R_USERGROUP.WindowsNTDomain"
        }
        _ => {
            "SMS_R_SYSTEM.ResourceID,SMS_R_SYSTEM.ResourceType,SMS_R_SYSTEM.Name,SMS_R_SYSTEM.SMSUniqueIdentifier,SMS_R_SYSTEM.ResourceDomainORWorkgroup,SMS_R_SYSTEM.Client"
        }
    }
}

/// The rule as the console writes it.
pub(crate) fn render_rule(q: &Query, ids: &HashMap<String, String>) -> String {
    if let Some(Cond::Raw { wql, .. }) = &q.cond
        && wql.trim_start().to_ascii_lowercase().starts_with("select")
    {
        return wql.clone();
    }
    let mut s = if q.star {
        format!("select * from {}", q.from)
    } else {
        format!("select {} from {}", select_list(q.from), q.from)
    };
    render_body(q, ids, &mut s);
    s
}

fn render_body(q: &Query, ids: &HashMap<String, String>, s: &mut String) {
    for j in &q.joins {
        s.push_str(&format!(" inner join {j} on {j}.ResourceID = {}.ResourceId", q.from));
    }
    if let Some(c) = &q.cond {
        s.push_str(" where ");
        s.push_str(&render_cond(c, q.from, ids, false));
    }
}

fn render_cond(c: &Cond, outer: &str, ids: &HashMap<String, String>, nested: bool) -> String {
    match c {
        Cond::Leaf { class, prop, op } => {
            let col = format!("{class}.{prop}");
            match op {
                Op::Eq(l) => format!("{col} = {}", lit_wql(l)),
                Op::Ne(l) => format!("{col} <> {}", lit_wql(l)),
                Op::Lt(l) => format!("{col} < {}", lit_wql(l)),
                Op::Like(p) => format!("{col} like \"{}\"", escape(p)),
                Op::NotLike(p) => format!("{col} not like \"{}\"", escape(p)),
                Op::In(v) => format!("{col} in ({})", v.iter().map(lit_wql).collect::<Vec<_>>().join(",")),
                Op::IsNull => format!("{col} is null"),
                Op::NotNull => format!("{col} is not null"),
                Op::DaysAgoOver(n) => format!("DateDiff(dd, {col}, GetDate()) > {n}"),
            }
        }
        Cond::And(v) => {
            let s = v
                .iter()
                .map(|x| render_cond(x, outer, ids, true))
                .collect::<Vec<_>>()
                .join(" and ");
            if nested && v.len() > 1 { format!("({s})") } else { s }
        }
        Cond::Or(v) => {
            let s = v
                .iter()
                .map(|x| render_cond(x, outer, ids, true))
                .collect::<Vec<_>>()
                .join(" or ");
            if nested && v.len() > 1 { format!("({s})") } else { s }
        }
        Cond::Not(x) => format!("not ({})", render_cond(x, outer, ids, false)),
        Cond::InColl { name, negate } => format!(
            "{outer}.ResourceId {}in (select ResourceID from SMS_CM_RES_COLL_{})",
            if *negate { "not " } else { "" },
            ids.get(*name).map_or("", String::as_str)
        ),
        Cond::Sub { query, negate } => {
            let mut s = format!("select {}.ResourceID from {}", query.from, query.from);
            render_body(query, ids, &mut s);
            format!("{outer}.ResourceId {}in ({s})", if *negate { "not " } else { "" })
        }
        Cond::Raw { wql, .. } => wql.clone(),
    }
}

/// A rule ready to evaluate.
#[derive(Debug, Clone)]
pub(crate) enum Rule {
    Query {
        id: i64,
        name: &'static str,
        wql: String,
        query: CQuery,
    },
    Direct {
        devices: Vec<usize>,
        users: Vec<usize>,
    },
    Include(usize),
    Exclude(usize),
}

/// A collection ready to evaluate.
#[derive(Debug, Clone)]
pub(crate) struct Collection {
    pub id: String,
    pub name: String,
    pub comment: &'static str,
    pub members: Members,
    pub limit: Option<usize>,
    pub rules: Vec<Rule>,
    pub stale: bool,
    /// Subjects whose membership is flipped (devices or users by index).
    pub stale_set: Vec<usize>,
    pub builtin: bool,
    pub refresh_type: i64,
    pub created: i64,
}

/// What the plan compiler needs from the context.
pub(crate) struct PlanInputs<'a> {
    pub catalog: &'a Catalog,
    pub by_view: &'a HashMap<String, usize>,
    pub needed: &'a mut Vec<Vec<usize>>,
    pub column_of: &'a dyn Fn(usize, &str) -> Option<usize>,
    pub seed: u64,
    pub devices: usize,
    pub users: usize,
    pub now: i64,
    /// At least this many collections.
    pub collections: usize,
}

/// Why a rule could not be bound to the catalog.
#[derive(Debug)]
pub(crate) struct Unbound(pub String);

/// Picks `count` distinct indexes below `n`.
fn pick(seed: u64, salt: u64, n: usize, count: usize) -> Vec<usize> {
    let mut out: Vec<usize> = (0..count as u64 * 3)
        .map(|k| (hash(seed, &[Stream::Collections as u64, salt, k]) % n.max(1) as u64) as usize)
        .collect();
    out.sort_unstable();
    out.dedup();
    out.truncate(count);
    out
}

/// Compiles every collection; rules the catalog cannot bind are left out.
pub(crate) fn plan(inp: &mut PlanInputs<'_>) -> (Vec<Collection>, Vec<Unbound>) {
    let defs = definitions(inp.collections);
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut id_text: HashMap<String, String> = HashMap::new();
    let mut next = 0x10u32;
    let mut names = Vec::with_capacity(defs.len());
    for (k, d) in defs.iter().enumerate() {
        let id = match d.id {
            Some(id) => id.to_string(),
            None => {
                let id = format!("{}{:05X}", crate::SITE_CODE, next);
                next += 1;
                id
            }
        };
        ids.insert(d.name.clone(), k);
        by_id.insert(id.clone(), k);
        id_text.insert(d.name.clone(), id.clone());
        names.push(id);
    }
    let mut problems = Vec::new();
    let mut out = Vec::with_capacity(defs.len());
    for (k, d) in defs.iter().enumerate() {
        let mut rules = Vec::new();
        let mut query_id = 0;
        for r in &d.rules {
            match r {
                RuleDef::Query(name, query) => {
                    query_id += 1;
                    let wql = render_rule(query, &id_text);
                    let converted = match &query.cond {
                        Some(Cond::Raw { eval, .. }) => condition::evaluated(&wql, *eval),
                        _ => condition::from_wql(&wql),
                    };
                    let converted = match converted {
                        Ok(c) => c,
                        Err(e) => {
                            problems.push(Unbound(format!("{}: rule {name}: {e}", d.name)));
                            continue;
                        }
                    };
                    match bind_query(&converted, inp, &by_id) {
                        Ok(cq) => rules.push(Rule::Query {
                            id: query_id,
                            name,
                            wql,
                            query: cq,
                        }),
                        Err(e) => problems.push(Unbound(format!("{}: {}", d.name, e.0))),
                    }
                }
                RuleDef::Direct(DirectPick::Devices(salt)) => rules.push(Rule::Direct {
                    devices: pick(inp.seed, *salt, inp.devices, 6),
                    users: Vec::new(),
                }),
                RuleDef::Direct(DirectPick::Users(salt)) => rules.push(Rule::Direct {
                    devices: Vec::new(),
                    users: pick(inp.seed, *salt, inp.users, 5),
                }),
                RuleDef::Include(n) => match ids.get(*n) {
                    Some(&i) => rules.push(Rule::Include(i)),
                    None => problems.push(Unbound(format!("{}: no collection {n} to include", d.name))),
                },
                RuleDef::Exclude(n) => match ids.get(*n) {
                    Some(&i) => rules.push(Rule::Exclude(i)),
                    None => problems.push(Unbound(format!("{}: no collection {n} to exclude", d.name))),
                },
            }
        }
        let limit = d.limit.as_deref().and_then(|l| ids.get(l).copied());
        let n = if d.members == Members::Users {
            inp.users
        } else {
            inp.devices
        };
        let builtin = d.id.is_some();
        out.push(Collection {
            id: names[k].clone(),
            name: d.name.clone(),
            comment: d.comment,
            members: d.members,
            limit,
            rules,
            stale: d.stale,
            stale_set: if d.stale {
                pick(inp.seed, 0x57A1E + k as u64, n, 3)
            } else {
                Vec::new()
            },
            builtin,
            refresh_type: if builtin { 2 } else { [2, 6, 4, 2, 1][k % 5] },
            created: if builtin {
                inp.now - 3650 * MICROS_PER_DAY
            } else {
                inp.now - (60 + (k as i64 * 37) % 2000) * MICROS_PER_DAY
            },
        });
    }
    (out, problems)
}

// ---------------------------------------------------------------------------------------------
// Evaluation.

fn subject_index(s: &Subject<'_>, members: Members) -> Option<usize> {
    match (&s.who, members) {
        (Who::Device(d), Members::Devices) => Some(d.index),
        (Who::User(u), Members::Users) => Some(u.index),
        (Who::Group(g), Members::Users) => Some(1_000_000_000 + g),
        _ => None,
    }
}

/// Whether `s` belongs to collection `c` (before the memo and cycle guard in [`Subject::member`]).
pub(crate) fn evaluate(s: &Subject<'_>, c: usize) -> bool {
    let col = &s.ctx.collections[c];
    let Some(idx) = subject_index(s, col.members) else {
        return false;
    };
    let mut m = false;
    for r in &col.rules {
        if m {
            break;
        }
        m = match r {
            Rule::Query { query, .. } => eval_query(s, query),
            Rule::Direct { devices, users } => match s.who {
                Who::Device(_) => devices.binary_search(&idx).is_ok(),
                Who::User(_) => users.binary_search(&idx).is_ok(),
                _ => false,
            },
            Rule::Include(i) => s.member(*i),
            Rule::Exclude(_) => false,
        };
    }
    let in_limit = || col.limit.is_none_or(|l| s.member(l));
    if m {
        m = in_limit();
    }
    if m && col.rules.iter().any(|r| matches!(r, Rule::Exclude(e) if s.member(*e))) {
        m = false;
    }
    if col.stale && col.stale_set.binary_search(&idx).is_ok() {
        m = if m { false } else { in_limit() };
    }
    m
}

/// Whether `s` is a direct member of collection `c`.
pub(crate) fn is_direct(s: &Subject<'_>, c: usize) -> bool {
    let col = &s.ctx.collections[c];
    let Some(idx) = subject_index(s, col.members) else {
        return false;
    };
    col.rules.iter().any(|r| match r {
        Rule::Direct { devices, users } => match s.who {
            Who::Device(_) => devices.binary_search(&idx).is_ok(),
            Who::User(_) => users.binary_search(&idx).is_ok(),
            _ => false,
        },
        _ => false,
    })
}
