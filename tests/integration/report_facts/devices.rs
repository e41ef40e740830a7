//! Disks, builds, BitLocker, hotfixes, networks: 005, 007, 011, 013, 023.

use super::*;

#[test]
fn device_state_facts() {
    low_disk_space_005();
    windows_builds_007();
    bitlocker_011();
    last_hotfix_013();
    ip_addresses_023();
}

fn low_disk_space_005() {
    let s = "005_low_disk_space";
    let out = script_ok("005");
    let t = Table::last(&out);
    let members = members("SMS00001");
    let sys = scan("SELECT ResourceID, Netbios_Name0 FROM v_R_System");
    let sys = by_id(&sys, "v_R_System");
    let ld = scan("SELECT ResourceID, DeviceID0, VolumeName0, Size0, FreeSpace0, DriveType0 FROM v_GS_LOGICAL_DISK");
    let mut want = Vec::new();
    for r in ld.rows() {
        let Some(d) = sys.get(&r.id()) else { continue };
        if r.i("DriveType0") != Some(3) || !members.contains(&r.id()) {
            continue;
        }
        // Sizes are in MB; GB and percent as decimal(…, 2), rounded.
        let free = r.i("FreeSpace0").map(i128::from);
        let size = r.i("Size0").map(i128::from);
        let free_gb = free.map(|f| round_div(f, 1024, 2));
        let size_gb = size.map(|f| round_div(f, 1024, 2));
        let pct = match (free, size) {
            (Some(f), Some(z)) if z != 0 => Some(round_div(f * 100, z, 2)),
            _ => None,
        };
        // Kept unless both are known to be at or over the thresholds.
        if pct.is_some_and(|p| p >= 1500) && free_gb.is_some_and(|g| g >= 1000) {
            continue;
        }
        let status = if pct.is_some_and(|p| p < 500) || free_gb.is_some_and(|g| g < 200) {
            "Critical"
        } else if pct.is_some_and(|p| p < 1000) {
            "Warning"
        } else {
            "Low"
        };
        want.push(row![
            d.get("Netbios_Name0"),
            r.get("DeviceID0"),
            r.get("VolumeName0"),
            size_gb.map(|g| n_format(round_div(g, 100, 1), 1)),
            free_gb.map(|g| n_format(round_div(g, 100, 1), 1)),
            pct.map(|p| fixed(p, 2)),
            status,
        ]);
    }
    let count = want.len();
    // Fact 1: the fixed disks under 15 % or 10 GB free, with their sizes and status.
    let got = t.project(&[
        "Computer",
        "Drive",
        "VolumeName",
        "Size (GB)",
        "Free (GB)",
        "Free %",
        "Status",
    ]);
    assert_rows(s, "disks under the threshold", want, got);
    // Fact 2: the PRINT gives their number.
    assert!(
        out.messages.contains(&format!("Disks under threshold: {count}")),
        "{s}: messages {:?}, {count} disks recomputed",
        out.messages
    );
    // Fact 3: the fullest disk first.
    let pct: Vec<Option<f64>> = t
        .column("Free %")
        .into_iter()
        .map(|v| v.map(|v| v.parse().expect("Free %")))
        .collect();
    assert_ordered(s, "Free %", &pct, false);
}

fn windows_builds_007() {
    let s = "007_windows_build_versions";
    let t = Table::last(&script_ok("007"));
    let now = now();
    let sys: HashSet<i64> = scan("SELECT ResourceID FROM v_R_System")
        .rows()
        .map(|r| r.id())
        .collect();
    let os = scan("SELECT ResourceID, BuildNumber0, Caption0, ProductType0 FROM v_GS_OPERATING_SYSTEM");
    let mut per_build: BTreeMap<Option<String>, i64> = BTreeMap::new();
    let mut pairs = BTreeSet::new();
    let mut total = 0;
    for r in os
        .rows()
        .filter(|r| r.i("ProductType0") == Some(1) && sys.contains(&r.id()))
    {
        total += 1;
        *per_build.entry(r.get("BuildNumber0").map(str::to_string)).or_default() += 1;
        pairs.insert((r.get("BuildNumber0").map(str::to_string), r.get("Caption0").map(ci)));
    }
    // Fact 1: the devices of each build add up to that build's workstations.
    let mut got: BTreeMap<Option<String>, i64> = BTreeMap::new();
    for r in t.rows() {
        *got.entry(r.get("Build").map(str::to_string)).or_default() += r.n("Devices");
    }
    assert_eq!(got, per_build, "{s}: workstations per build");
    // Fact 2: one row per build and caption (the GROUP BY keeps Caption0).
    assert_eq!(
        t.len(),
        pairs.len(),
        "{s}: rows against distinct (build, caption) pairs"
    );
    for r in t.rows() {
        // Fact 3: % of Fleet is the share of all workstations, to one decimal.
        let share = fixed(round_div(i128::from(r.n("Devices")) * 100, total as i128, 1), 1);
        assert_eq!(r.s("% of Fleet"), share, "{s}: % of Fleet of build {}", r.s("Build"));
        // Fact 4: Servicing follows the end-of-service date against GETDATE().
        let servicing = match r.get("End of Service") {
            None | Some("") => "Unknown",
            Some(eos) => {
                let mut p = eos.split(' ');
                let (d, m, y) = (p.next(), p.next(), p.next());
                let m = MONTHS.iter().position(|x| Some(*x) == m).expect("month") as i64 + 1;
                let day = days_from_civil(
                    y.expect("year").parse().expect("year"),
                    m,
                    d.expect("day").parse().expect("day"),
                );
                let today = day_number(&now);
                if day < today {
                    "Out of support"
                } else if day - today <= 180 {
                    "Ends within 6 months"
                } else {
                    "Supported"
                }
            }
        };
        assert_eq!(r.s("Servicing"), servicing, "{s}: Servicing of build {}", r.s("Build"));
    }
}

fn bitlocker_011() {
    let s = "011_bitlocker_tpm_status";
    let out = script_ok("011");
    let detail = Table::of(&out, 0);
    let summary = Table::last(&out);
    let members = members("SMS00001");
    let sys = scan("SELECT ResourceID, Netbios_Name0, Operating_System_Name_and0 FROM v_R_System");
    let ev = scan("SELECT ResourceID, DriveLetter0, ProtectionStatus0 FROM v_GS_ENCRYPTABLE_VOLUME");
    let mut os_volume: HashMap<i64, Row<'_>> = HashMap::new();
    for r in ev
        .rows()
        .filter(|r| r.get("DriveLetter0").is_some_and(|d| ci(d) == "c:"))
    {
        assert!(os_volume.insert(r.id(), r).is_none(), "two C: volumes for {}", r.id());
    }
    let tpm = scan("SELECT ResourceID, SpecVersion0 FROM v_GS_TPM");
    let tpm = by_id(&tpm, "v_GS_TPM");
    let ts = scan("SELECT ResourceID, IsReady0 FROM v_GS_TPM_STATUS");
    let ts = by_id(&ts, "v_GS_TPM_STATUS");
    let fw = scan("SELECT ResourceID, UEFI0, SecureBoot0 FROM v_GS_FIRMWARE");
    let fw = by_id(&fw, "v_GS_FIRMWARE");
    let mut want = Vec::new();
    let mut states: BTreeMap<&str, i64> = BTreeMap::new();
    for r in sys.rows() {
        let workstation = r
            .get("Operating_System_Name_and0")
            .is_some_and(|n| n.to_lowercase().contains("workstation"));
        if !workstation || !members.contains(&r.id()) {
            continue;
        }
        let v = os_volume.get(&r.id());
        // Win32_EncryptableVolume.ProtectionStatus: 0 off, 1 on, 2 unknown.
        let state = match v.and_then(|v| v.i("ProtectionStatus0")) {
            Some(1) => "Protected",
            Some(0) => "Not protected",
            Some(2) => "Unknown",
            _ => "No inventory",
        };
        *states.entry(state).or_default() += 1;
        let spec = tpm.get(&r.id()).and_then(|t| t.get("SpecVersion0"));
        let f = fw.get(&r.id());
        want.push(row![
            r.get("Netbios_Name0"),
            v.and_then(|v| v.get("DriveLetter0")).unwrap_or("-"),
            state,
            spec.map_or("No TPM", |sp| sp.split(',').next().unwrap_or(sp)),
            match ts.get(&r.id()).and_then(|t| t.i("IsReady0")) {
                Some(1) => "Yes",
                Some(0) => "No",
                _ => "?",
            },
            if f.and_then(|f| f.i("UEFI0")) == Some(1) {
                "UEFI"
            } else {
                "Legacy BIOS"
            },
            if f.and_then(|f| f.i("SecureBoot0")) == Some(1) {
                "On"
            } else {
                "Off"
            },
        ]);
    }
    // Fact 1: one row per workstation member (LIKE '%Workstation%' is
    // case-insensitive) with its OS volume protection, TPM and firmware.
    let got = detail.project(&[
        "Computer",
        "OS Drive",
        "BitLocker",
        "TPM Version",
        "TPM Ready",
        "Firmware",
        "Secure Boot",
    ]);
    assert_rows(s, "workstations", want, got);
    // Fact 2: the summary counts each state, as recomputed and as the detail lists them.
    let want = states.iter().map(|(k, n)| row![*k, *n]).collect();
    assert_rows(
        s,
        "devices per state",
        want,
        summary.project(&["BitLockerState", "Devices"]),
    );
    let mut listed: BTreeMap<String, i64> = BTreeMap::new();
    for r in detail.rows() {
        *listed.entry(r.s("BitLocker").to_string()).or_default() += 1;
    }
    let summed: BTreeMap<String, i64> = summary
        .rows()
        .map(|r| (r.s("BitLockerState").to_string(), r.n("Devices")))
        .collect();
    assert_eq!(listed, summed, "{s}: the summary against the detail");
    // Fact 3: the detail is ordered by state descending.
    assert_ordered(s, "BitLocker descending", &folded(detail.column("BitLocker")), true);
}

fn last_hotfix_013() {
    let s = "013_hotfix_last_installed";
    let t = Table::last(&script_ok("013"));
    let now = now();
    let members = members("SMS00001");
    let sys = scan("SELECT ResourceID, Netbios_Name0, Operating_System_Name_and0 FROM v_R_System");
    let sys = by_id(&sys, "v_R_System");
    let qfe = scan("SELECT ResourceID, HotFixID0, Description0, InstalledOn0 FROM v_GS_QUICK_FIX_ENGINEERING");
    // TRY_CONVERT(datetime, x, 101): m/d/yyyy, NULL when it is no date.
    let parse = |v: &str| -> Option<String> {
        let p: Vec<&str> = v.trim().split('/').collect();
        let [m, d, y] = p.as_slice() else { return None };
        let (m, d, y): (i64, i64, i64) = (m.parse().ok()?, d.parse().ok()?, y.parse().ok()?);
        if y.to_string().len() != 4 || !(1..=12).contains(&m) || d < 1 {
            return None;
        }
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        if d > days_from_civil(ny, nm, 1) - days_from_civil(y, m, 1) {
            return None;
        }
        Some(format!("{y:04}-{m:02}-{d:02}"))
    };
    let mut fixes: BTreeMap<i64, Vec<(String, String, Row<'_>)>> = BTreeMap::new();
    for r in qfe.rows().filter(|r| members.contains(&r.id())) {
        if let Some(date) = r.get("InstalledOn0").and_then(parse) {
            let id = ci(r.get("HotFixID0").unwrap_or(""));
            fixes.entry(r.id()).or_default().push((date, id, r));
        }
    }
    let mut want = Vec::new();
    for (id, mut list) in fixes {
        let Some(d) = sys.get(&id) else { continue };
        list.sort_by(|a, b| (&b.0, &b.1).cmp(&(&a.0, &a.1)));
        if list.len() > 1 {
            assert!(
                (&list[0].0, &list[0].1) != (&list[1].0, &list[1].1),
                "{s}: a tie for {id}"
            );
        }
        let (date, _, r) = &list[0];
        let days = datediff_days(date, &now);
        want.push(row![
            d.get("Netbios_Name0"),
            d.get("Operating_System_Name_and0"),
            r.get("HotFixID0"),
            r.get("Description0"),
            style_103(date),
            days,
            list.len(),
            if days > 45 { "Not patched in 45+ days" } else { "OK" },
        ]);
    }
    // Fact 1: per device with a dated hotfix: the latest one, its age, how
    // many dated hotfixes it lists, and whether that is over 45 days.
    let got = t.project(&[
        "Computer",
        "OS",
        "Last Hotfix",
        "Type",
        "Installed On",
        "Days Ago",
        "Hotfixes Listed",
        "Patch Age",
    ]);
    assert_rows(s, "latest hotfix per device", want, got);
    // Fact 2: the oldest patch level first.
    assert_ordered(s, "Days Ago descending", &ints(t.column("Days Ago")), true);
}

fn ip_addresses_023() {
    let s = "023_ip_addresses_subnets";
    let t = Table::last(&script_ok("023"));
    let sys = scan("SELECT ResourceID, Netbios_Name0, AD_Site_Name0, Active0, Obsolete0 FROM v_R_System");
    let values = |sql: &str, col: &str| -> HashMap<i64, Vec<String>> {
        let mut m: HashMap<i64, Vec<String>> = HashMap::new();
        for r in scan(sql).rows() {
            if let Some(v) = r.get(col) {
                m.entry(r.id()).or_default().push(v.to_string());
            }
        }
        m
    };
    let subnets = values(
        "SELECT ResourceID, IP_Subnets0 FROM v_RA_System_IPSubnets",
        "IP_Subnets0",
    );
    let ips = values(
        "SELECT ResourceID, IP_Addresses0 FROM v_RA_System_IPAddresses",
        "IP_Addresses0",
    );
    let macs = values(
        "SELECT ResourceID, MAC_Addresses0 FROM v_RA_System_MACAddresses",
        "MAC_Addresses0",
    );
    let mut want = Vec::new();
    for r in sys.rows() {
        let Some(nets) = subnets.get(&r.id()) else { continue };
        if r.i("Obsolete0").unwrap_or(0) != 0 {
            continue;
        }
        let v4 = ips
            .get(&r.id())
            .map(|a| {
                a.iter()
                    .filter(|a| !a.contains(':') && !a.starts_with("169.254."))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let nets: BTreeSet<String> = nets.iter().map(|n| ci(n)).collect();
        want.push(row![
            r.get("Netbios_Name0"),
            r.get("AD_Site_Name0").unwrap_or(""),
            sorted_list(v4, ", "),
            sorted_list(nets.into_iter().collect(), ", "),
            sorted_list(macs.get(&r.id()).cloned().unwrap_or_default(), ", "),
            if r.i("Active0") == Some(1) { "Yes" } else { "No" },
        ]);
    }
    // Fact 1: one row per current device with a subnet: its IPv4 addresses
    // (no IPv6, no link-local), distinct subnets, MAC addresses and state.
    let mut got: Vec<_> = t
        .rows()
        .map(|r| {
            row![
                r.get("Computer"),
                r.get("AD Site"),
                list(r.get("IPv4 Addresses"), ", "),
                list(r.get("Subnets").map(ci).as_deref(), ", "),
                list(r.get("MAC Addresses"), ", "),
                r.get("Active"),
            ]
        })
        .collect();
    got.sort();
    assert_rows(s, "devices with a subnet", want, got);
    // Fact 2: ordered by the subnet list.
    assert_ordered(s, "Subnets", &folded(t.column("Subnets")), false);
}
