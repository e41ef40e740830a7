//! Server uptime buckets, Windows 11 readiness, site status messages and client versions: scripts that stage in temp tables and table variables.

use super::*;

#[test]
fn client_version_distribution_facts() {
    client_versions_024();
}

#[test]
fn uptime_readiness_and_status_message_facts() {
    uptime_buckets_014();
    windows11_readiness_025();
    status_messages_026();
}

fn client_versions_024() {
    let s = "024_client_version_distribution";
    let out = script_ok("024");
    let t = Table::last(&out);
    let sys = scan("SELECT Client0, Client_Version0 FROM v_R_System");
    let mut counts: HashMap<Option<String>, i64> = HashMap::new();
    for r in sys.rows() {
        if r.i("Client0") == Some(1) {
            *counts.entry(r.get("Client_Version0").map(str::to_string)).or_default() += 1;
        }
    }
    let total: i64 = counts.values().sum();
    // The current version: the highest (build, revision), read from the text's
    // last two dot-separated parts as PARSENAME reads them.
    let key = |v: &str| {
        let parts: Vec<&str> = v.split('.').collect();
        let n = |i: usize| {
            parts
                .get(parts.len().wrapping_sub(i))
                .and_then(|p| p.parse::<i64>().ok())
        };
        (n(2), n(1))
    };
    let current = counts
        .keys()
        .flatten()
        .max_by_key(|v| key(v))
        .cloned()
        .expect("a client version");
    // Fact 1: its messages name the current version and the client count.
    assert!(
        out.messages
            .iter()
            .any(|m| m == &format!("Current client version: {current}")),
        "{s}: {:?}",
        out.messages
    );
    assert!(
        out.messages.iter().any(|m| m == &format!("Clients: {total}")),
        "{s}: {:?}",
        out.messages
    );
    // Fact 2: one row per version with its client count; only the current one is Current.
    let want: Vec<Vec<Option<String>>> = counts
        .iter()
        .map(|(v, n)| {
            let status = if v.as_deref() == Some(current.as_str()) {
                "Current"
            } else {
                "Upgrade needed"
            };
            row![Some(v.clone().unwrap_or_else(|| "Unknown".into())), *n, status]
        })
        .collect();
    assert_rows(
        s,
        "clients per version",
        want,
        t.project(&["Client Version", "Clients", "Status"]),
    );
    // Fact 3: the running total ends at the client count.
    let running = ints(t.column("Running Total"));
    assert_eq!(running.last().copied().flatten(), Some(total), "{s}: {running:?}");
}

fn uptime_buckets_014() {
    let s = "014_server_uptime_buckets";
    let out = script_ok("014");
    let t = Table::last(&out);
    let now = now();
    let all = members("SMS00001");
    let servers = scan(
        "SELECT sys.ResourceID, sys.Netbios_Name0 AS Server, os.LastBootUpTime0 AS LastBoot \
         FROM v_R_System sys JOIN v_GS_OPERATING_SYSTEM os ON os.ResourceID = sys.ResourceID \
         WHERE os.ProductType0 IN (2, 3)",
    );
    let uptimes: Vec<(String, Option<i64>)> = servers
        .rows()
        .filter(|r| all.contains(&r.id()))
        .map(|r| {
            (
                r.s("Server").to_string(),
                r.get("LastBoot").map(|b| datediff_days(b, &now)),
            )
        })
        .collect();
    // Fact 1: the message counts the servers staged.
    assert!(
        out.messages
            .iter()
            .any(|m| m == &format!("Servers with inventory: {}", uptimes.len())),
        "{s}: {:?}",
        out.messages
    );
    // Fact 2: fifteen-day buckets to 90 days, then 90+, each with its count
    // and its servers' names (a list correlated by BETWEEN).
    let mut buckets: Vec<(String, i64, i64)> = (0..90)
        .step_by(15)
        .map(|from| (format!("{from:03}-{:03} days", from + 14), from, from + 14))
        .collect();
    buckets.push(("90+ days".into(), 90, 100_000));
    let want: Vec<Vec<Option<String>>> = buckets
        .iter()
        .map(|(label, from, to)| {
            let names: Vec<String> = uptimes
                .iter()
                .filter(|(_, d)| d.is_some_and(|d| (*from..=*to).contains(&d)))
                .map(|(n, _)| n.clone())
                .collect();
            let count = names.len();
            row![label.as_str(), count, sorted_list(names, ", ").unwrap_or_default()]
        })
        .collect();
    let got: Vec<Vec<Option<String>>> = t
        .project(&["Uptime", "Servers", "Server Names"])
        .into_iter()
        .map(|mut r| {
            r[2] = list(r[2].as_deref(), ", ").or(Some(String::new()));
            r
        })
        .collect();
    assert_rows(s, "servers per uptime bucket", want, got);
    // Fact 3: each list is in the servers' order (ORDER BY u2.Server).
    for names in t.column("Server Names").into_iter().flatten().filter(|n| !n.is_empty()) {
        let items: Vec<String> = names.split(", ").map(ci).collect();
        assert!(items.windows(2).all(|w| w[0] <= w[1]), "{s}: not in order: {names}");
    }
}

fn windows11_readiness_025() {
    let s = "025_windows11_readiness";
    let out = script_ok("025");
    let t = Table::last(&out);
    let all = members("SMS00001");
    let os = scan(
        "SELECT sys.ResourceID, sys.Netbios_Name0 AS Computer, os.BuildNumber0 AS Build, os.ProductType0 AS ProductType \
         FROM v_R_System sys JOIN v_GS_OPERATING_SYSTEM os ON os.ResourceID = sys.ResourceID",
    );
    // Names are not unique (a device recorded twice has two ResourceIDs): keep every one.
    let mut workstations: HashMap<String, Vec<i64>> = HashMap::new();
    for r in os
        .rows()
        .filter(|r| all.contains(&r.id()) && r.i("ProductType") == Some(1))
    {
        if r.get("Build")
            .and_then(|b| b.trim().parse::<i64>().ok())
            .is_some_and(|b| b < 22_000)
        {
            workstations
                .entry(r.s("Computer").to_string())
                .or_default()
                .push(r.id());
        }
    }
    // Fact 1: one row per Windows 10 workstation of All Systems.
    let mut want: Vec<String> = workstations
        .iter()
        .flat_map(|(n, ids)| std::iter::repeat_n(n.clone(), ids.len()))
        .collect();
    want.sort();
    let mut got: Vec<String> = t.column("Computer").into_iter().flatten().collect();
    got.sort();
    assert_eq!(got, want, "{s}: computers");
    // Fact 2: Ready exactly when no check failed; the failed checks are listed in the script's order.
    let order = ["TPM 2.0", "UEFI", "Secure Boot", "RAM < 4 GB", "Disk < 64 GB", "CPU"];
    let tpm = scan("SELECT ResourceID, SpecVersion0 FROM v_GS_TPM");
    let tpm2: HashSet<i64> = tpm
        .rows()
        .filter(|r| {
            r.get("SpecVersion0")
                .and_then(|v| v.split(',').next())
                .and_then(|v| v.trim().parse::<f64>().ok())
                .is_some_and(|v| v >= 2.0)
        })
        .map(|r| r.id())
        .collect();
    let firmware = scan("SELECT ResourceID, UEFI0, SecureBoot0 FROM v_GS_FIRMWARE");
    let uefi: HashSet<i64> = firmware
        .rows()
        .filter(|r| r.i("UEFI0") == Some(1))
        .map(|r| r.id())
        .collect();
    for r in t.rows() {
        let failed = r.s("Failed Checks");
        let ready = r.s("Windows 11");
        assert_eq!(
            ready == "Ready",
            failed == "-",
            "{s}: {} is {ready} with {failed}",
            r.s("Computer")
        );
        let listed: Vec<&str> = if failed == "-" {
            vec![]
        } else {
            failed.split(", ").collect()
        };
        let positions: Vec<usize> = listed
            .iter()
            .map(|c| {
                order
                    .iter()
                    .position(|o| o == c)
                    .unwrap_or_else(|| panic!("{s}: unknown check {c}"))
            })
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{s}: {failed}");
        // Fact 3: TPM 2.0 and UEFI are listed exactly for the devices without
        // them (for a name two devices share, for one of them).
        let ids = &workstations[r.s("Computer")];
        assert!(
            ids.iter().any(|id| listed.contains(&"TPM 2.0") != tpm2.contains(id)),
            "{s}: TPM of {}",
            r.s("Computer")
        );
        assert!(
            ids.iter().any(|id| listed.contains(&"UEFI") != uefi.contains(id)),
            "{s}: UEFI of {}",
            r.s("Computer")
        );
    }
}

fn status_messages_026() {
    let s = "026_status_message_errors";
    let out = script_ok("026");
    let site = scan("SELECT TOP 1 SiteCode FROM v_Site ORDER BY SiteCode");
    let site = site.rows().next().expect("a site").s("SiteCode").to_string();
    let recent = scan(
        "SELECT RecordID, SiteCode, MachineName, Component, MessageID, Severity FROM v_StatusMessage \
         WHERE Time >= DATEADD(hour, -72, GETDATE())",
    );
    let kept: Vec<Row<'_>> = recent
        .rows()
        .filter(|r| ci(r.s("SiteCode")) == ci(&site))
        .filter(|r| matches!(r.i("Severity"), Some(-1_073_741_824) | Some(-2_147_483_648)))
        .collect();
    let strings = scan("SELECT RecordID, InsStrIndex, InsStrValue FROM v_StatMsgInsStrings");
    let mut by_record: BTreeMap<i64, Vec<(i64, String)>> = BTreeMap::new();
    for r in strings.rows() {
        by_record
            .entry(r.n("RecordID"))
            .or_default()
            .push((r.n("InsStrIndex"), r.get("InsStrValue").unwrap_or_default().to_string()));
    }
    let severity = |r: &Row<'_>| {
        if r.i("Severity") == Some(-1_073_741_824) {
            "Error"
        } else {
            "Warning"
        }
    };
    // Fact 1: one row per recent error or warning of the site, its insertion
    // strings joined with ' | ' in their index order.
    let want: Vec<Vec<Option<String>>> = kept
        .iter()
        .map(|r| {
            let list = by_record.get(&r.n("RecordID")).map(|v| {
                let mut v = v.clone();
                v.sort();
                v.into_iter().map(|(_, t)| t).collect::<Vec<_>>().join(" | ")
            });
            row![
                severity(r),
                r.s("MachineName"),
                r.s("Component"),
                r.n("MessageID"),
                list
            ]
        })
        .collect();
    let first = Table::of(&out, 0);
    assert_rows(
        s,
        "messages",
        want,
        first.project(&["Severity", "System", "Component", "Message ID", "Insertion Strings"]),
    );
    // Fact 2: the summary counts them per component and severity.
    let mut counts: BTreeMap<(String, String), i64> = BTreeMap::new();
    for r in &kept {
        *counts
            .entry((r.s("Component").to_string(), severity(r).to_string()))
            .or_default() += 1;
    }
    let want: Vec<Vec<Option<String>>> = counts.into_iter().map(|((c, v), n)| row![c, v, n]).collect();
    assert_rows(
        s,
        "per component",
        want,
        Table::last(&out).project(&["Component", "Severity", "Messages"]),
    );
}
