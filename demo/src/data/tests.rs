//! Every row of every reference table is checked: keys unique, references
//! resolved, values in range.

use super::hardware::RoleDef;
use super::*;
use std::collections::HashSet;

fn unique<'a>(what: &str, keys: impl IntoIterator<Item = &'a str>) {
    let mut seen = HashSet::new();
    for k in keys {
        assert!(seen.insert(k), "{what}: {k} appears twice");
    }
}

#[test]
fn sites_and_departments() {
    assert!(SITES.len() >= 2);
    unique("site codes", SITES.iter().map(|s| s.code.as_str()));
    for s in SITES.iter() {
        assert!(
            s.code.len() == 3 && s.code.chars().all(|c| c.is_ascii_uppercase()),
            "{}",
            s.code
        );
        assert!(
            !s.city.is_empty() && !s.ou.contains(' ') && !s.ad_site.is_empty(),
            "{}",
            s.code
        );
        assert!(s.weight > 0 && (-14 * 60..=14 * 60).contains(&s.tz), "{}", s.code);
        assert!(
            s.locale.len() == 4 && u32::from_str_radix(&s.locale, 16).is_ok(),
            "{}",
            s.code
        );
        assert!(s.lang.contains('-'), "{}", s.code);
    }
    unique("site OUs", SITES.iter().map(|s| s.ou.as_str()));
    let nets: HashSet<u8> = SITES.iter().map(|s| s.net).collect();
    assert_eq!(nets.len(), SITES.len(), "each office has its own network");
    unique("departments", DEPTS.iter().map(|d| d.name.as_str()));
    assert!(DEPTS.iter().all(|d| d.weight > 0 && !d.name.is_empty()));
    // The departments the code names.
    for name in ["IT", "Executive"] {
        assert_eq!(DEPTS[super::sites::dept_index(name)].name, name);
    }
    assert!(DEPTS.len() <= 10, "software.toml's department flags cover ten");
}

#[test]
fn operating_systems() {
    unique("os ids", OS.iter().map(|o| o.id.as_str()));
    for o in OS.iter() {
        let expect = match o.family {
            OsFamily::Win7 => "Windows 7",
            OsFamily::Win10 => "Windows 10",
            OsFamily::Win11 => "Windows 11",
            OsFamily::Srv2008R2 => "Server 2008 R2",
            OsFamily::Srv2012R2 => "Server 2012 R2",
            OsFamily::Srv2016 => "Server 2016",
            OsFamily::Srv2019 => "Server 2019",
            OsFamily::Srv2022 => "Server 2022",
            OsFamily::Srv2025 => "Server 2025",
        };
        assert!(o.caption.contains(expect), "{}: {}", o.id, o.caption);
        assert!(o.version.ends_with(&format!(".{}", o.build)), "{}", o.id);
        assert!(o.nt_name.starts_with("Microsoft Windows NT"), "{}", o.id);
        assert_eq!(o.nt_name.contains("Server"), o.family.is_server(), "{}", o.id);
        let (y, m, d) = o.ga;
        assert!(
            (2009..=2030).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d),
            "{}",
            o.id
        );
        assert!(matches!(o.branch.as_str(), "0" | "2"), "{}", o.id);
        assert_eq!(o.line.is_some(), o.line_id.is_some(), "{}", o.id);
        if let Some(l) = o.line {
            assert_eq!(LINES[l].workstation, !o.family.is_server(), "{}", o.id);
        }
    }
    for kind in [Kind::Desktop, Kind::Laptop, Kind::Vdi, Kind::Kiosk, Kind::Lab]
        .into_iter()
        .chain(Role::ALL.map(Kind::Server))
    {
        let mix = os_mix(kind);
        assert!(!mix.is_empty() && mix.iter().all(|m| m.1 > 0), "{kind:?}");
        for &(o, _) in mix {
            assert_eq!(OS[o].family.is_server(), kind.is_server(), "{kind:?} runs {}", OS[o].id);
        }
    }
}

#[test]
fn client_versions_are_versions_of_the_client_product() {
    let product = &CATALOG[CM_CLIENT];
    assert_eq!(product.name, "Configuration Manager Client");
    let all: Vec<&(String, u32)> = CLIENT_VERSIONS.iter().chain(LEGACY_CLIENT_VERSIONS.iter()).collect();
    unique("client versions", all.iter().map(|v| v.0.as_str()));
    for (v, w) in all {
        assert!(*w > 0 && v.starts_with("5.00.") && v.split('.').count() == 4, "{v}");
        assert!(
            product.versions.contains(v),
            "{v} is not a version of the client product"
        );
    }
}

#[test]
fn hardware() {
    let roles: Vec<&RoleDef> = Role::ALL
        .iter()
        .map(|r| {
            let defs: Vec<_> = super::hardware::role_defs().iter().filter(|d| d.role == *r).collect();
            assert_eq!(defs.len(), 1, "{r:?} is defined once");
            defs[0]
        })
        .collect();
    unique("role codes", roles.iter().map(|r| r.code.as_str()));
    assert!(roles.iter().all(|r| r.weight > 0 && r.ou == r.ou.to_ascii_uppercase()));
    unique("cpu ids", CPUS.iter().map(|c| c.id.as_str()));
    for c in CPUS.iter() {
        assert!(c.cores > 0 && c.logical >= c.cores && c.mhz > 0, "{}", c.id);
        assert!(matches!(c.arch, 9 | 12), "{}", c.id);
        assert!(
            c.processor_id.len() == 16 && u64::from_str_radix(&c.processor_id, 16).is_ok(),
            "{}",
            c.id
        );
    }
    for m in MODELS.iter() {
        assert!(
            !m.manufacturer.is_empty() && !m.model.is_empty() && m.weight > 0,
            "{}",
            m.model
        );
        assert!(
            !m.bios.is_empty() && !m.ram.is_empty() && !m.disk.is_empty(),
            "{}",
            m.model
        );
        assert_eq!(m.cpus.len(), m.cpu_ids.len(), "{}", m.model);
        assert!(!m.cpus.is_empty(), "{}", m.model);
        for (&c, id) in m.cpus.iter().zip(&m.cpu_ids) {
            assert_eq!(&CPUS[c].id, id, "{}", m.model);
        }
        assert!(
            (1990..=2030).contains(&m.year) && (1..=36).contains(&m.chassis),
            "{}",
            m.model
        );
    }
    for form in [Form::Desktop, Form::Laptop, Form::Server, Form::Virtual] {
        assert!(MODELS.iter().any(|m| m.form == form), "no {form:?} model");
    }
}

#[test]
fn names_and_directory() {
    assert!(FIRST_NAMES.len() >= 26 && LAST_NAMES.len() >= 10);
    let initials: HashSet<char> = FIRST_NAMES[..26].iter().filter_map(|n| n.chars().next()).collect();
    assert_eq!(initials.len(), 26, "the first 26 first names have distinct initials");
    for n in FIRST_NAMES.iter() {
        let account = ascii_first(n);
        assert!(!account.is_empty() && account.is_ascii(), "{n} has no account spelling");
    }
    for (shown, account) in LAST_NAMES.iter() {
        assert!(!shown.is_empty(), "empty last name");
        assert!(account.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{account}");
    }
    unique("service accounts", SERVICE_ACCOUNTS.iter().map(|a| a.0.as_str()));
    assert!(
        SERVICE_ACCOUNTS
            .iter()
            .all(|(a, d)| a.starts_with("svc_") && !d.is_empty())
    );
    // One name per flag of `fleet::groups`.
    assert_eq!(DEVICE_GROUP_NAMES.len(), 9);
    unique("device groups", DEVICE_GROUP_NAMES.iter().map(String::as_str));
    assert!(APP_GROUPS.len() <= 32);
    unique("app groups", APP_GROUPS.iter().map(String::as_str));
}

#[test]
fn services() {
    let all = &*SERVICES;
    let every = all
        .base
        .iter()
        .chain(&all.workstation)
        .chain(&all.modern)
        .chain(&all.client)
        .chain(all.role.iter().map(|r| &r.service))
        .chain(all.product.iter().map(|p| &p.service));
    for s in every {
        assert!(
            !s.name.is_empty() && !s.display.is_empty() && !s.path.is_empty(),
            "{}",
            s.name
        );
        assert!(
            matches!(s.start.as_str(), "Auto" | "Manual" | "Disabled"),
            "{}: {}",
            s.name,
            s.start
        );
        assert!(
            matches!(s.state.as_str(), "Running" | "Stopped"),
            "{}: {}",
            s.name,
            s.state
        );
        assert!(
            matches!(s.kind.as_str(), "Own Process" | "Share Process"),
            "{}: {}",
            s.name,
            s.kind
        );
    }
    unique("base services", all.base.iter().map(|s| s.name.as_str()));
    assert!(all.role.iter().all(|r| !r.roles.is_empty()));
    for p in &all.product {
        assert!(
            CATALOG.iter().any(|sw| sw.name == p.product),
            "{} is not in the catalog",
            p.product
        );
    }
}

#[test]
fn software_catalog() {
    for sw in CATALOG.iter() {
        assert!(!sw.name.is_empty() && !sw.publisher.is_empty(), "{}", sw.name);
        assert!(!sw.versions.is_empty() && sw.versions.len() <= 256, "{}", sw.name);
        assert!((0.0..=1.0).contains(&sw.p), "{}", sw.name);
        assert!(
            sw.who != 0 || sw.suite != 0 || sw.p == 0.0,
            "{}: a share but nobody to install it",
            sw.name
        );
        assert_eq!(
            sw.name.contains("{}"),
            sw.versions.iter().all(|v| v.contains('|')),
            "{}",
            sw.name
        );
    }
    assert!(CATALOG.len() < u16::MAX as usize);
    for suite in [SUITE_M365, SUITE_O2016, SUITE_O2010] {
        assert!(CATALOG.iter().any(|sw| sw.suite == suite));
    }
    assert!(CATALOG.iter().any(|sw| sw.arch == Arch::X86) && CATALOG.iter().any(|sw| sw.arch == Arch::X64));
    // Every flag name resolves to bits inside the groups the code tests.
    for (name, bits) in who::NAMES {
        assert!(*bits != 0, "{name}");
    }
}

#[test]
fn updates() {
    unique("bulletins", BULLETINS.iter().map(|b| b.id.as_str()));
    for (k, b) in BULLETINS.iter().enumerate() {
        assert!(
            b.id.starts_with("MS") && b.kb.chars().all(|c| c.is_ascii_digit()),
            "{}",
            b.id
        );
        assert!(matches!(b.severity, 6 | 8 | 10), "{}", b.id);
        if let Some(old) = &b.supersedes {
            let i = BULLETINS.iter().position(|x| &x.id == old);
            assert!(
                i.is_some_and(|i| i < k),
                "{} supersedes {old}, which is not an earlier bulletin",
                b.id
            );
        }
    }
    for id in JAN_2011_BULLETINS.iter() {
        assert!(BULLETINS.iter().any(|b| &b.id == id), "{id}");
    }
    unique("update lines", LINES.iter().map(|l| l.id.as_str()));
    assert!(LINES.iter().any(|l| l.workstation) && LINES.iter().any(|l| !l.workstation));
    assert!(!UPDATE_TEXT.security.is_empty() && !UPDATE_TEXT.cumulative.is_empty());
}

#[test]
fn packages_and_state_names() {
    unique("packages", PACKAGES.iter().map(|p| p.id.as_str()));
    unique("advertisements", ADVERTS.iter().map(|a| a.id.as_str()));
    for a in ADVERTS.iter() {
        assert!(
            PACKAGES.iter().any(|p| p.id == a.package),
            "{} deploys an unknown package",
            a.id
        );
        assert!(a.days_ago > 0 && !a.target.is_empty(), "{}", a.id);
    }
    assert!(super::ADVERT_STATES.iter().any(|s| s.state == 0));
    assert!(STATE_NAMES.len() > 50);
    let keys: Vec<String> = STATE_NAMES.iter().map(|s| format!("{}/{}", s.topic, s.id)).collect();
    unique("state names", keys.iter().map(String::as_str));
    assert!(
        STATE_NAMES
            .iter()
            .all(|s| !s.name.is_empty() && s.topic > 0 && s.id >= 0)
    );
}

// The description of generic views and columns.

#[test]
fn globs_match_as_shell_patterns_do() {
    let g = |p: &str, n: &str| generic::Glob::new(p).matches(&n.to_ascii_lowercase());
    assert!(g("v_GS_*", "v_GS_TPM") && !g("v_GS_*", "v_HS_TPM"));
    assert!(g("*CollectionID", "SourceCollectionID") && !g("*CollectionID", "CollectionIDs"));
    assert!(g("*OU*Name*", "System_OU_Name0") && !g("*OU*Name*", "OU0"));
    assert!(g("Name0", "NAME0") && !g("Name0", "Name00"));
    assert!(g("a*a", "aa") && !g("a*a", "a") && g("*", ""));
    assert!(!g("ab*ba", "aba"));
}

#[test]
fn templates_parse_their_fields() {
    let t = generic::Template::parse("C:\\Users\\{last_user_account}-{n:1-9}{row}{class}").expect("template");
    assert_eq!(
        t.segs,
        [
            Seg::Lit("C:\\Users\\".into()),
            Seg::Fact(Fact::LastUserAccount),
            Seg::Lit("-".into()),
            Seg::Rand(1, 9),
            Seg::Row,
            Seg::Class
        ]
    );
    assert!(generic::Template::parse("{no_such_fact}").is_err());
    assert!(generic::Template::parse("{n:9-1}").is_err());
    assert_eq!(
        generic::Template::parse("plain").expect("plain").literal(),
        Some("plain")
    );
}

#[test]
fn maps_are_keyed_by_values_their_fact_takes() {
    let d = &*GENERIC;
    let codes: Vec<i64> = d.chassis_codes().map(|(c, _)| c).collect();
    for m in MODELS.iter() {
        assert!(
            codes.contains(&m.chassis),
            "{}: chassis {} is undocumented",
            m.model,
            m.chassis
        );
    }
    for r in d.column.iter().chain(&d.generic_column) {
        let (Some(by), Some(map)) = (r.by, &r.map) else {
            continue;
        };
        let known: Vec<&str> = match by {
            Fact::Department => DEPTS.iter().map(|x| x.name.as_str()).collect(),
            Fact::OfficeCode => SITES.iter().map(|x| x.code.as_str()).collect(),
            Fact::OsBuild => OS.iter().map(|x| x.build.as_str()).collect(),
            Fact::Tpm => vec!["2.0", "1.2"],
            _ => continue,
        };
        for k in map.keys() {
            assert!(known.contains(&k.as_str()), "{by:?} is never {k}");
        }
        if by != Fact::Tpm {
            assert!(
                r.default.is_some() || known.iter().all(|k| map.contains_key(*k)),
                "{by:?} map"
            );
        }
    }
}

#[test]
fn the_description_loads_and_ends_with_a_rule_for_everything() {
    let d = &*GENERIC;
    let last = d.generic_column.last().expect("rules");
    assert!(last.null && last.types.is_empty() && last.column[0].matches("anything"));
    assert!(
        d.rows
            .last()
            .is_some_and(|r| r.view.is_empty() && r.has.is_empty() && r.has_any.is_empty())
    );
    let codes: Vec<i64> = d.chassis_codes().map(|(c, _)| c).collect();
    assert_eq!(codes.len(), 36);
    assert!(codes.contains(&3) && codes.contains(&10) && codes.contains(&35));
}
