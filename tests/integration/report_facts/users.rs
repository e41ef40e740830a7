//! Users and packages: 012, 015, 020.

use super::*;

#[test]
fn users_and_packages_facts() {
    top_console_user_012();
    advertisement_status_015();
    user_device_affinity_020();
}

/// Active primary-device relations: user (folded) -> distinct devices.
fn primary_devices(umr: &Table) -> HashMap<String, BTreeSet<i64>> {
    let mut m: HashMap<String, BTreeSet<i64>> = HashMap::new();
    for r in umr.rows().filter(|r| r.i("RelationActive") == Some(1)) {
        if let (Some(u), Some(d)) = (r.get("UniqueUserName"), r.i("MachineResourceID")) {
            m.entry(ci(u)).or_default().insert(d);
        }
    }
    m
}

fn top_console_user_012() {
    let s = "012_top_console_user";
    let t = Table::last(&script_ok("012"));
    let members = members("SMS00001");
    let sys = scan("SELECT ResourceID, Netbios_Name0 FROM v_R_System");
    let usage = scan("SELECT ResourceID, TopConsoleUser0 FROM v_GS_SYSTEM_CONSOLE_USAGE");
    let usage = by_id(&usage, "v_GS_SYSTEM_CONSOLE_USAGE");
    let cu = scan(
        "SELECT ResourceID, SystemConsoleUser0, TotalUserConsoleMinutes0, NumberOfConsoleLogons0, LastConsoleUse0 FROM v_GS_SYSTEM_CONSOLE_USER",
    );
    let cu = multi_by_id(&cu);
    let users = scan("SELECT Unique_User_Name0, Full_User_Name0, Mail0 FROM v_R_User");
    let mut by_name: HashMap<String, Row<'_>> = HashMap::new();
    for u in users.rows() {
        if let Some(n) = u.get("Unique_User_Name0") {
            assert!(by_name.insert(ci(n), u).is_none(), "v_R_User repeats {n}");
        }
    }
    let umr = scan("SELECT UniqueUserName, MachineResourceID, RelationActive FROM v_UserMachineRelationship");
    let primary = primary_devices(&umr);
    let mut want = Vec::new();
    for r in sys.rows().filter(|r| members.contains(&r.id())) {
        // NOT LIKE '%\adm-%' ('\' is no escape in T-SQL); NULL users drop out.
        let mut candidates: Vec<Row<'_>> = cu
            .get(&r.id())
            .map(|c| {
                c.iter()
                    .filter(|c| {
                        c.get("SystemConsoleUser0")
                            .is_some_and(|u| !u.to_lowercase().contains("\\adm-"))
                    })
                    .copied()
                    .collect()
            })
            .unwrap_or_default();
        // Most minutes, then the latest use; NULLs last descending.
        let key = |c: &Row<'_>| {
            (
                c.i("TotalUserConsoleMinutes0"),
                c.get("LastConsoleUse0").map(str::to_string),
            )
        };
        candidates.sort_by_key(|c| std::cmp::Reverse(key(c)));
        if candidates.len() > 1 {
            assert!(
                key(&candidates[0]) != key(&candidates[1]),
                "{s}: a tie for the top user of {}",
                r.id()
            );
        }
        let top = candidates.first();
        let name = top.map(|c| c.s("SystemConsoleUser0"));
        let user = name.and_then(|n| by_name.get(&ci(n)));
        want.push(row![
            r.get("Netbios_Name0"),
            usage.get(&r.id()).and_then(|u| u.get("TopConsoleUser0")),
            name,
            user.and_then(|u| u.get("Full_User_Name0")),
            user.and_then(|u| u.get("Mail0")),
            top.and_then(|c| c.get("NumberOfConsoleLogons0")),
            top.and_then(|c| c.i("TotalUserConsoleMinutes0"))
                .map(|m| fixed(round_div(i128::from(m), 60, 1), 1)),
            top.and_then(|c| c.get("LastConsoleUse0")).map(style_101),
            name.map_or(0, |n| primary.get(&ci(n)).map_or(0, |d| d.len())),
        ]);
    }
    // Fact 1: per member, the user with the most console minutes (admin
    // accounts left out), matched to v_R_User case-insensitively, and the
    // number of devices that user is the primary user of.
    let got = t.project(&[
        "Computer",
        "Top Console User (inventory)",
        "Most Minutes User",
        "Full Name",
        "Mail",
        "Logons",
        "Console Hours",
        "Last Console Use",
        "User's Primary Devices",
    ]);
    assert_rows(s, "top console user per device", want, got);
    // Fact 2: one row per member of All Systems.
    assert_eq!(t.len(), members.len(), "{s}: one row per member");
}

fn advertisement_status_015() {
    let s = "015_package_advertisement_status";
    let t = Table::last(&script_ok("015"));
    let adv = scan("SELECT AdvertisementID, PackageID, ProgramName, CollectionID FROM v_Advertisement");
    let pkg = scan("SELECT PackageID, Name FROM v_Package");
    let pkg: HashMap<String, Option<&str>> = pkg.rows().map(|r| (ci(r.s("PackageID")), r.get("Name"))).collect();
    let cas = scan("SELECT AdvertisementID, ResourceID, LastStateName, LastState FROM v_ClientAdvertisementStatus");
    let mut want_names = Vec::new();
    let mut want_codes = Vec::new();
    for a in adv.rows() {
        let Some(name) = pkg.get(&ci(a.s("PackageID"))) else {
            continue;
        };
        let statuses: Vec<Row<'_>> = cas
            .rows()
            .filter(|c| {
                c.get("AdvertisementID")
                    .is_some_and(|x| ci(x) == ci(a.s("AdvertisementID")))
            })
            .collect();
        if statuses.is_empty() {
            continue;
        }
        // By LastStateName as the script groups it.
        let mut by_name = [0i64; 5];
        for c in &statuses {
            let n = c.get("LastStateName").map(|n| n.to_lowercase()).unwrap_or_default();
            let k = match n.as_str() {
                "succeeded" | "success" => 0,
                "failed" => 1,
                "running" => 2,
                n if n.starts_with("waiting") => 3,
                _ => 4,
            };
            by_name[k] += 1;
        }
        // By the LastState code (13 succeeded, 11 failed, 9 running, 8 waiting, 0 no status).
        let mut by_code = [0i64; 5];
        for c in &statuses {
            let k = match c.i("LastState") {
                Some(13) => 0,
                Some(11) => 1,
                Some(9) => 2,
                Some(8) => 3,
                _ => 4,
            };
            by_code[k] += 1;
        }
        let total = statuses.len() as i128;
        let rate = fixed(round_div(100 * i128::from(by_name[0]), total, 1), 1);
        let head = row![
            a.get("AdvertisementID"),
            *name,
            a.get("ProgramName"),
            a.get("CollectionID")
        ];
        let counts = |c: [i64; 5]| c.iter().map(|v| Some(v.to_string())).collect::<Vec<_>>();
        want_names.push([head.clone(), counts(by_name), row![rate]].concat());
        want_codes.push([head, counts(by_code)].concat());
    }
    let states = ["Succeeded", "Failed", "Running", "Waiting", "No Status"];
    let cols: Vec<&str> = ["Advertisement", "Package", "Program", "Collection"]
        .into_iter()
        .chain(states)
        .chain(["Success %"])
        .collect();
    // Fact 1: per advertisement, its clients per last state and the success rate.
    assert_rows(s, "clients per advertisement and state", want_names, t.project(&cols));
    // Fact 2: the same counts come out of the numeric LastState column.
    assert_rows(s, "clients per LastState code", want_codes, t.project(&cols[..9]));
    // Fact 3: ordered by package name.
    assert_ordered(s, "Package", &folded(t.column("Package")), false);
}

fn user_device_affinity_020() {
    let s = "020_user_device_affinity";
    let t = Table::last(&script_ok("020"));
    let umr = scan(
        "SELECT UniqueUserName, MachineResourceName, Sources, RelationActive, CreationTime FROM v_UserMachineRelationship",
    );
    let users = scan("SELECT ResourceID, Unique_User_Name0, Full_User_Name0 FROM v_R_User");
    let mut by_name: HashMap<String, Row<'_>> = HashMap::new();
    for u in users.rows() {
        if let Some(n) = u.get("Unique_User_Name0") {
            assert!(by_name.insert(ci(n), u).is_none(), "v_R_User repeats {n}");
        }
    }
    let ous = scan("SELECT ResourceID, User_OU_Name0 FROM v_RA_User_UserOUName");
    let mut ou: HashMap<i64, String> = HashMap::new();
    for r in ous.rows() {
        if let Some(o) = r.get("User_OU_Name0") {
            let e = ou.entry(r.id()).or_default();
            if ci(o) > ci(e) {
                *e = o.to_string();
            }
        }
    }
    struct User {
        devices: Vec<String>,
        sources: Vec<String>,
        first: String,
    }
    let mut groups: BTreeMap<(String, String, String), User> = BTreeMap::new();
    let mut relations = 0;
    for r in umr.rows().filter(|r| r.i("RelationActive") == Some(1)) {
        let Some(name) = r.get("UniqueUserName") else { continue };
        if !ci(name).starts_with("contoso\\") {
            continue;
        }
        relations += 1;
        let u = by_name.get(&ci(name));
        let full = u.and_then(|u| u.get("Full_User_Name0")).unwrap_or("").to_string();
        let dept = u.and_then(|u| ou.get(&u.id())).cloned().unwrap_or_default();
        // UserMachineRelationship.Sources is a bit mask: 4 usage, 2 administrator, 1 self-service.
        let bits = r.i("Sources").unwrap_or(0);
        let source = if bits & 4 == 4 {
            "Usage (automatic)"
        } else if bits & 2 == 2 {
            "Administrator"
        } else if bits & 1 == 1 {
            "Self-service"
        } else {
            "Other"
        };
        let g = groups.entry((ci(name), full, dept)).or_insert_with(|| User {
            devices: Vec::new(),
            sources: Vec::new(),
            first: "9999".into(),
        });
        g.devices.push(r.get("MachineResourceName").unwrap_or("").to_string());
        g.sources.push(source.to_string());
        let created = r.get("CreationTime").unwrap_or("9999");
        if *created < *g.first {
            g.first = created.to_string();
        }
    }
    // Fact 1: per CONTOSO user, the active primary devices, their sources,
    // the user's name and OU, and the first affinity's date.
    let want = groups
        .into_iter()
        .map(|((n, full, dept), g)| {
            row![
                n,
                full,
                dept,
                g.devices.len(),
                sorted_list(g.devices, ", "),
                sorted_list(g.sources, ", "),
                g.first.get(..10).map(str::to_string)
            ]
        })
        .collect();
    let mut got: Vec<_> = t
        .rows()
        .map(|r| {
            row![
                ci(r.s("User")),
                r.get("Name"),
                r.get("OU"),
                r.get("Primary Devices"),
                list(r.get("Devices"), ", "),
                list(r.get("Sources"), ", "),
                r.get("First Affinity")
            ]
        })
        .collect();
    got.sort();
    assert_rows(s, "primary devices per user", want, got);
    // Fact 2: every active CONTOSO relation is counted once.
    let counted: i64 = t.rows().map(|r| r.n("Primary Devices")).sum();
    assert_eq!(
        counted, relations,
        "{s}: Primary Devices add up to the active CONTOSO relations"
    );
    // Fact 3: most devices first.
    assert_ordered(
        s,
        "Primary Devices descending",
        &ints(t.column("Primary Devices")),
        true,
    );
}
