//! Software and hardware inventory: 002, 006, 017, 018, 022.

use super::*;

#[test]
fn inventory_facts() {
    software_by_collection_002();
    hardware_assets_006();
    memory_cpu_017();
    office_channels_018();
    recently_used_apps_022();
}

fn software_by_collection_002() {
    let s = "002_software_inventory_by_collection";
    let t = Table::last(&script_ok("002"));
    let members = members("SMS00001");
    // The script's noise filter, as text tests: blank, `%(KB%)%`,
    // `Security Update for%`, `%Language Pack%` (case-insensitive).
    let noise = |name: Option<&str>| match name {
        None => true,
        Some(n) => {
            let l = n.to_lowercase();
            n.trim_matches(' ').is_empty()
                || l.find("(kb").is_some_and(|i| l[i + 3..].contains(')'))
                || l.starts_with("security update for")
                || l.contains("language pack")
        }
    };
    struct Product {
        ids: BTreeSet<i64>,
        versions: BTreeSet<String>,
        publishers: BTreeSet<Option<String>>,
    }
    let mut products: BTreeMap<String, Product> = BTreeMap::new();
    for view in ["v_GS_ADD_REMOVE_PROGRAMS", "v_GS_ADD_REMOVE_PROGRAMS_64"] {
        let arp = scan(&format!(
            "SELECT ResourceID, DisplayName0, Version0, Publisher0 FROM {view}"
        ));
        for r in arp.rows().filter(|r| members.contains(&r.id())) {
            let name = r.get("DisplayName0");
            if noise(name) {
                continue;
            }
            let p = products.entry(ci(name.unwrap_or(""))).or_insert_with(|| Product {
                ids: BTreeSet::new(),
                versions: BTreeSet::new(),
                publishers: BTreeSet::new(),
            });
            p.ids.insert(r.id());
            p.versions.insert(ci(r.get("Version0").unwrap_or("n/a")));
            p.publishers.insert(r.get("Publisher0").map(ci));
        }
    }
    // Fact 1: one row per product left after the noise filter, installed on
    // the number of distinct devices with it in either ARP view.
    let want = products.iter().map(|(n, p)| row![n.clone(), p.ids.len()]).collect();
    let mut got: Vec<_> = t
        .rows()
        .map(|r| row![ci(r.s("Product")), r.get("Installed On")])
        .collect();
    got.sort();
    assert_rows(s, "devices per product", want, got);
    for r in t.rows() {
        let p = &products[&ci(r.s("Product"))];
        // Fact 2: the versions listed are the product's distinct versions.
        let listed: BTreeSet<String> = r.s("Versions").split(", ").map(ci).collect();
        assert_eq!(listed, p.versions, "{s}: versions of {}", r.s("Product"));
        // Fact 3: the publisher is one the product's entries give.
        assert!(
            p.publishers.contains(&r.get("Publisher").map(ci)),
            "{s}: publisher {:?} of {}",
            r.get("Publisher"),
            r.s("Product")
        );
        assert!(
            !noise(Some(r.s("Product"))),
            "{s}: {} should be filtered out",
            r.s("Product")
        );
    }
    // Fact 4: the most installed first.
    assert_ordered(s, "Installed On descending", &ints(t.column("Installed On")), true);
}

fn hardware_assets_006() {
    let s = "006_hardware_asset_inventory";
    let t = Table::last(&script_ok("006"));
    let members = members("SMS00001");
    let sys = scan("SELECT ResourceID, Netbios_Name0, Resource_Domain_OR_Workgr0, Obsolete0 FROM v_R_System");
    let cs = scan("SELECT ResourceID, Manufacturer0, Model0, TotalPhysicalMemory0 FROM v_GS_COMPUTER_SYSTEM");
    let cs = by_id(&cs, "v_GS_COMPUTER_SYSTEM");
    let se = scan("SELECT ResourceID, ChassisTypes0 FROM v_GS_SYSTEM_ENCLOSURE");
    let se = by_id(&se, "v_GS_SYSTEM_ENCLOSURE");
    let bios = scan("SELECT ResourceID FROM v_GS_PC_BIOS");
    let _ = by_id(&bios, "v_GS_PC_BIOS");
    let os = scan("SELECT ResourceID FROM v_GS_OPERATING_SYSTEM");
    let _ = by_id(&os, "v_GS_OPERATING_SYSTEM");
    // Win32_SystemEnclosure.ChassisTypes (SMBIOS) grouped as the report groups them.
    let form = |code: Option<&str>| match code {
        Some("8" | "9" | "10" | "11" | "12" | "14" | "18" | "21" | "31" | "32") => "Laptop",
        Some("3" | "4" | "5" | "6" | "7" | "15" | "16" | "35") => "Desktop",
        Some("17" | "23" | "28") => "Server",
        Some("30") => "Tablet",
        Some("1") => "Virtual / Other",
        _ => "Unknown",
    };
    let mut want = Vec::new();
    for r in sys.rows() {
        if r.i("Obsolete0").unwrap_or(0) != 0 || !members.contains(&r.id()) {
            continue;
        }
        let c = cs.get(&r.id());
        // TotalPhysicalMemory is in KB: GB rounded half up.
        let ram = c
            .and_then(|c| c.i("TotalPhysicalMemory0"))
            .map(|kb| fixed(round_div(i128::from(kb), 1 << 20, 0), 0));
        want.push(row![
            r.get("Netbios_Name0"),
            r.get("Resource_Domain_OR_Workgr0"),
            c.and_then(|c| c.get("Manufacturer0")),
            c.and_then(|c| c.get("Model0")),
            form(se.get(&r.id()).and_then(|e| e.get("ChassisTypes0"))),
            ram,
        ]);
    }
    // Fact 1: one row per current (not obsolete) member, with its make, model,
    // form factor from the chassis type, and RAM in GB.
    let got = t.project(&[
        "ComputerName",
        "Domain",
        "Manufacturer",
        "Model",
        "FormFactor",
        "RAM (GB)",
    ]);
    assert_rows(s, "assets", want, got);
    // Fact 2: devices without inventory (NULL Manufacturer) sort first.
    assert_ordered(s, "Manufacturer", &folded(t.column("Manufacturer")), false);
}

fn memory_cpu_017() {
    let s = "017_memory_cpu_inventory";
    let t = Table::last(&script_ok("017"));
    let members = members("SMS00001");
    let sys = scan("SELECT ResourceID, Netbios_Name0 FROM v_R_System");
    let pm = scan("SELECT ResourceID, Capacity0 FROM v_GS_PHYSICAL_MEMORY");
    let pm = multi_by_id(&pm);
    let cpu = scan("SELECT ResourceID, NumberOfCores0, NumberOfLogicalProcessors0, MaxClockSpeed0 FROM v_GS_PROCESSOR");
    let cpu = multi_by_id(&cpu);
    let sum = |rows: &[Row<'_>], col: &str| -> Option<i64> {
        let v: Vec<i64> = rows.iter().filter_map(|r| r.i(col)).collect();
        (!v.is_empty()).then(|| v.iter().sum())
    };
    let mut want = Vec::new();
    let mut totals = Vec::new();
    for r in sys.rows().filter(|r| members.contains(&r.id())) {
        let dimms = pm.get(&r.id());
        // Capacity is in MB; SUM(bigint) / 1024 is an integer division.
        let total_gb = dimms.and_then(|d| sum(d, "Capacity0")).map(|mb| mb / 1024);
        let layout = dimms.and_then(|d| {
            sorted_list(
                d.iter()
                    .filter_map(|m| m.i("Capacity0"))
                    .map(|mb| format!("{}GB", mb / 1024))
                    .collect(),
                " + ",
            )
        });
        let rating = match total_gb {
            None => "No inventory",
            Some(g) if g < 4 => "Replace",
            Some(g) if g < 8 => "Upgrade RAM",
            Some(g) if g < 16 => "OK",
            Some(_) => "Good",
        };
        let procs = cpu.get(&r.id());
        let clock = procs
            .and_then(|p| p.iter().filter_map(|x| x.i("MaxClockSpeed0")).max())
            .map(|mhz| format!("{} GHz", fixed(round_div(i128::from(mhz), 1000, 2), 2)));
        totals.push(total_gb);
        want.push(row![
            r.get("Netbios_Name0"),
            procs.map(|p| p.len()),
            procs.and_then(|p| sum(p, "NumberOfCores0")),
            procs.and_then(|p| sum(p, "NumberOfLogicalProcessors0")),
            clock,
            dimms.map(|d| d.len()),
            layout,
            total_gb,
            rating,
        ]);
    }
    // Fact 1: per device, the sockets, cores and threads summed over its
    // processors, its DIMMs and the RAM summed over them.
    let mut got: Vec<_> = t
        .rows()
        .map(|r| {
            row![
                r.get("Computer"),
                r.get("Sockets"),
                r.get("Cores"),
                r.get("Threads"),
                r.get("Clock"),
                r.get("DIMMs"),
                list(r.get("Module Layout"), " + "),
                r.get("RAM (GB)"),
                r.get("RAM Rating"),
            ]
        })
        .collect();
    got.sort();
    assert_rows(s, "RAM and CPU per device", want, got);
    // Fact 2: RAM Rank is 1 + the number of devices with more RAM; devices
    // without inventory (NULL) come after all of them, as NULL sorts last descending.
    let known: Vec<i64> = totals.iter().flatten().copied().collect();
    for r in t.rows() {
        let rank = match r.i("RAM (GB)") {
            Some(g) => 1 + known.iter().filter(|&&k| k > g).count(),
            None => 1 + known.len(),
        };
        assert_eq!(r.n("RAM Rank"), rank as i64, "{s}: RAM Rank of {}", r.s("Computer"));
    }
    // Fact 3: one row per member of All Systems, least RAM (NULL) first.
    assert_eq!(t.len(), members.len(), "{s}: one row per member");
    assert_ordered(s, "RAM (GB)", &ints(t.column("RAM (GB)")), false);
}

fn office_channels_018() {
    let s = "018_office_channels";
    let t = Table::last(&script_ok("018"));
    let members = members("SMS00001");
    let o = scan(
        "SELECT ResourceID, VersionToReport0, Platform0, UpdateChannel0, cfgUpdateChannel0, CDNBaseUrl0, SharedComputerLicensing0, TimeStamp FROM v_GS_OFFICE365PROPLUSCONFIGURATIONS",
    );
    // Microsoft's CDN channel identifiers.
    let channels = [
        ("492350f6-3a01-4f97-b9c0-c7c6ddf67d60", "Current"),
        ("64256afe-f5d9-4f86-8936-8840a6a4f5be", "Current (Preview)"),
        ("55336b82-a18d-4dd6-b5f6-9e5095c314a6", "Monthly Enterprise"),
        ("7ffbc6bf-bc32-4f92-8982-f9dd17fd3114", "Semi-Annual Enterprise"),
        ("b8f9b850-328d-4355-9145-c59439a0c4cf", "Semi-Annual (Preview)"),
        ("5440fd1f-7ecb-4221-8110-145efaa6372f", "Beta"),
    ];
    #[derive(Default)]
    struct Installs {
        count: i64,
        shared: i64,
        latest: String,
    }
    // (channel, version, platform) -> installs
    let mut groups: BTreeMap<(String, Option<String>, Option<String>), Installs> = BTreeMap::new();
    let mut installs = 0;
    for r in o.rows().filter(|r| members.contains(&r.id())) {
        installs += 1;
        let url = ["UpdateChannel0", "cfgUpdateChannel0", "CDNBaseUrl0"]
            .iter()
            .find_map(|c| r.get(c));
        let channel = match url {
            None => "Not reported",
            Some(u) => channels
                .iter()
                .find(|(g, _)| u.to_lowercase().contains(g))
                .map_or("Other", |(_, n)| n),
        };
        let key = (
            channel.to_string(),
            r.get("VersionToReport0").map(ci),
            r.get("Platform0").map(ci),
        );
        let e = groups.entry(key).or_default();
        e.count += 1;
        e.shared += i64::from(r.get("SharedComputerLicensing0") == Some("1"));
        let ts = r.get("TimeStamp").unwrap_or("").to_string();
        if ts > e.latest {
            e.latest = ts;
        }
    }
    // Fact 1: installs per channel, version and platform, recomputed.
    let want = groups
        .iter()
        .map(|((c, v, p), i)| {
            row![
                c.clone(),
                v.clone().unwrap_or_else(|| "n/a".into()),
                p.clone().unwrap_or_default(),
                i.count,
                i.shared,
                i.latest.get(..10).map(str::to_string)
            ]
        })
        .collect();
    let mut got: Vec<_> = t
        .rows()
        .map(|r| {
            row![
                r.s("Update Channel"),
                ci(r.s("Version")),
                ci(r.s("Platform")),
                r.get("Installs"),
                r.get("Shared Activation"),
                r.get("Latest Inventory")
            ]
        })
        .collect();
    got.sort();
    assert_rows(s, "installs per channel and version", want, got);
    // Fact 2: every Microsoft 365 Apps install of a member is counted once.
    let counted: i64 = t.rows().map(|r| r.n("Installs")).sum();
    assert_eq!(
        counted, installs,
        "{s}: Installs add up to the members' Office365ProPlusConfigurations rows"
    );
}

fn recently_used_apps_022() {
    let s = "022_recently_used_apps";
    let t = Table::last(&script_ok("022"));
    let now = now();
    let since = minus_days(&now, 30);
    let rua = scan(
        "SELECT ResourceID, ExplorerFileName0, ProductName0, msiDisplayName0, CompanyName0, msiPublisher0, LastUserName0, LastUsedTime0, LaunchCount0 FROM v_GS_CCM_RECENTLY_USED_APPS",
    );
    struct App {
        ids: BTreeSet<i64>,
        users: BTreeSet<String>,
        launches: i64,
        last: String,
    }
    let mut apps: BTreeMap<(String, String), App> = BTreeMap::new();
    for r in rua.rows() {
        let Some(used) = r.get("LastUsedTime0") else { continue };
        if *used < *since || r.get("ProductName0").or(r.get("ExplorerFileName0")).is_none() {
            continue;
        }
        // NULLIF(x, '') under the collation: blank (spaces only) is ''.
        let product = r
            .get("ProductName0")
            .filter(|v| !v.trim_end_matches(' ').is_empty())
            .or(r.get("msiDisplayName0"))
            .or(r.get("ExplorerFileName0"));
        let company = r
            .get("CompanyName0")
            .filter(|v| !v.trim_end_matches(' ').is_empty())
            .or(r.get("msiPublisher0"));
        let exe = r.get("ExplorerFileName0").map(ci).unwrap_or_default();
        let windows = product.is_some_and(|p| {
            let p = p.to_lowercase();
            p.find("windows").is_some_and(|i| p[i..].contains("operating system"))
        });
        if company.is_some_and(|c| c.to_lowercase().starts_with("microsoft"))
            && (windows || ["explorer.exe", "svchost.exe", "dllhost.exe"].contains(&exe.as_str()))
        {
            continue;
        }
        let key = (ci(product.unwrap_or("")), ci(company.unwrap_or("")));
        let a = apps.entry(key).or_insert_with(|| App {
            ids: BTreeSet::new(),
            users: BTreeSet::new(),
            launches: 0,
            last: String::new(),
        });
        a.ids.insert(r.id());
        if let Some(u) = r.get("LastUserName0") {
            a.users.insert(ci(u));
        }
        a.launches += r.i("LaunchCount0").unwrap_or(0);
        if *used > *a.last {
            a.last = used.to_string();
        }
    }
    // Fact 1: per product and publisher used in the last 30 days: distinct
    // computers and users, launches, last use and days since.
    let want = apps
        .iter()
        .map(|((p, c), a)| {
            row![
                p.clone(),
                c.clone(),
                a.ids.len(),
                a.users.len(),
                a.launches,
                style_113(&a.last),
                datediff_days(&a.last, &now)
            ]
        })
        .collect();
    let mut got: Vec<_> = t
        .rows()
        .map(|r| {
            row![
                ci(r.s("Product")),
                ci(r.s("Publisher")),
                r.get("Computers"),
                r.get("Users"),
                r.get("Launches"),
                r.get("Last Used"),
                r.get("Days Since Last Use")
            ]
        })
        .collect();
    got.sort();
    assert_rows(s, "usage per product", want, got);
    // Fact 2: most computers first.
    assert_ordered(s, "Computers descending", &ints(t.column("Computers")), true);
}
