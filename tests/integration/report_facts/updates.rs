//! Software updates: 003, 004, 010, 016, 021.

use super::*;

#[test]
fn software_update_facts() {
    update_compliance_003();
    missing_updates_004();
    deployment_summary_010();
    enforcement_errors_016();
    monthly_compliance_021();
}

/// v_UpdateInfo by CI_ID (unique).
fn updates(t: &Table) -> HashMap<i64, Row<'_>> {
    let mut m = HashMap::new();
    for r in t.rows() {
        assert!(
            m.insert(r.n("CI_ID"), r).is_none(),
            "v_UpdateInfo repeats CI_ID {}",
            r.n("CI_ID")
        );
    }
    m
}

fn update_compliance_003() {
    let s = "003_update_compliance_pivot";
    let t = Table::last(&script_ok("003"));
    let members = members("SMS00001");
    let ui = scan("SELECT CI_ID, ArticleID, Title, Severity, IsExpired, IsSuperseded FROM v_UpdateInfo");
    let ui = updates(&ui);
    let st = scan("SELECT CI_ID, ResourceID, Status FROM v_Update_ComplianceStatusAll");
    // Per (KB, title, severity): Installed, Required, Not Required, Unknown.
    let mut counts: BTreeMap<(Option<String>, Option<String>, i64), [i64; 4]> = BTreeMap::new();
    for r in st.rows().filter(|r| members.contains(&r.id())) {
        let Some(u) = ui.get(&r.n("CI_ID")) else { continue };
        let severity = u.i("Severity").unwrap_or(0);
        if u.i("IsExpired") != Some(0) || u.i("IsSuperseded") != Some(0) || severity == 0 {
            continue;
        }
        let key = (
            u.get("ArticleID").map(str::to_string),
            u.get("Title").map(str::to_string),
            severity,
        );
        let c = counts.entry(key).or_default();
        // v_Update_ComplianceStatusAll.Status: 0 unknown, 1 not required, 2 required, 3 installed.
        match r.i("Status") {
            Some(3) => c[0] += 1,
            Some(2) => c[1] += 1,
            Some(1) => c[2] += 1,
            Some(0) => c[3] += 1,
            _ => {}
        }
    }
    let severity = |v: i64| match v {
        10 => "Critical",
        8 => "Important",
        6 => "Moderate",
        2 => "Low",
        _ => "None",
    };
    // Fact 1: one row per current security update with its devices per state.
    let want = counts
        .iter()
        .map(|((kb, title, sev), c)| row![kb.clone(), title.clone(), severity(*sev), c[0], c[1], c[2], c[3]])
        .collect();
    let got = t.project(&[
        "KB",
        "Title",
        "Severity",
        "Installed",
        "Required",
        "Not Required",
        "Unknown",
    ]);
    assert_rows(s, "devices per update and state", want, got);
    // Fact 2: Compliant % is (Installed + Not Required) over all four.
    for r in t.rows() {
        let all = r.n("Installed") + r.n("Required") + r.n("Not Required") + r.n("Unknown");
        let want = (all != 0).then(|| {
            fixed(
                round_div(
                    100 * i128::from(r.n("Installed") + r.n("Not Required")),
                    i128::from(all),
                    2,
                ),
                2,
            )
        });
        assert_eq!(
            r.get("Compliant %").map(str::to_string),
            want,
            "{s}: Compliant % of KB{:?}",
            r.get("KB")
        );
    }
    // Fact 3: most Required first.
    assert_ordered(s, "Required descending", &ints(t.column("Required")), true);
}

fn missing_updates_004() {
    let s = "004_missing_updates_per_device";
    let t = Table::last(&script_ok("004"));
    let members = members("SMS00001");
    let ui = scan("SELECT CI_ID, ArticleID, Severity, IsExpired, IsSuperseded, DatePosted FROM v_UpdateInfo");
    let ui = updates(&ui);
    let sys = scan("SELECT ResourceID, Netbios_Name0, Operating_System_Name_and0 FROM v_R_System");
    let sys = by_id(&sys, "v_R_System");
    let st = scan("SELECT CI_ID, ResourceID, Status FROM v_Update_ComplianceStatusAll");
    let mut missing: BTreeMap<i64, Vec<Row<'_>>> = BTreeMap::new();
    for r in st
        .rows()
        .filter(|r| r.i("Status") == Some(2) && members.contains(&r.id()))
    {
        let Some(u) = ui.get(&r.n("CI_ID")) else { continue };
        if u.i("IsExpired") == Some(0) && u.i("IsSuperseded") == Some(0) {
            missing.entry(r.id()).or_default().push(*u);
        }
    }
    // Fact 1: one row per device missing a current update, with the count,
    // the critical ones, the oldest posting date and the KBs (a NULL
    // ArticleID makes 'KB' + NULL, which the list skips).
    let mut want = Vec::new();
    for (id, us) in &missing {
        let Some(d) = sys.get(id) else { continue };
        let oldest = us.iter().filter_map(|u| u.get("DatePosted")).min().map(style_101);
        let kbs = sorted_list(
            us.iter()
                .filter_map(|u| u.get("ArticleID"))
                .map(|a| format!("KB{a}"))
                .collect(),
            ", ",
        );
        want.push(row![
            d.get("Netbios_Name0"),
            d.get("Operating_System_Name_and0"),
            us.len(),
            us.iter().filter(|u| u.i("Severity") == Some(10)).count(),
            oldest,
            kbs,
        ]);
    }
    let got = t.project(&[
        "Computer",
        "OS",
        "Missing Count",
        "Critical",
        "Oldest Missing Posted",
        "Missing KBs",
    ]);
    assert_rows(s, "missing updates per device", want, got);
    // Fact 2: the KB list is in order (KB + digits: code point order is the collation's).
    for r in t.rows() {
        if let Some(kbs) = r.get("Missing KBs") {
            let items: Vec<&str> = kbs.split(", ").collect();
            assert!(
                items.windows(2).all(|w| ci(w[0]) <= ci(w[1])),
                "{s}: KBs of {} out of order",
                r.s("Computer")
            );
        }
    }
    // Fact 3: the most missing first.
    assert_ordered(s, "Missing Count descending", &ints(t.column("Missing Count")), true);
}

fn deployment_summary_010() {
    let s = "010_update_deployment_summary";
    let t = Table::last(&script_ok("010"));
    let since = minus_days(&now(), 90);
    let uds = scan(
        "SELECT AssignmentName, CollectionName, StartTime, EnforcementDeadline, NumberTotal, NumberSuccess, NumberInProgress, NumberErrors, NumberUnknown FROM v_UpdateDeploymentSummary",
    );
    // Fact 1: one row per deployment available in the last 90 days, its counts as summarized.
    let want = uds
        .rows()
        .filter(|r| r.get("StartTime").is_some_and(|st| *st >= *since))
        .map(|r| {
            row![
                r.get("AssignmentName"),
                r.get("CollectionName"),
                r.get("StartTime").map(|v| v[..16].to_string()),
                r.get("EnforcementDeadline")
                    .map_or(String::new(), |v| v[..16].to_string()),
                r.get("NumberTotal"),
                r.get("NumberSuccess"),
                r.get("NumberInProgress"),
                r.get("NumberErrors"),
                r.get("NumberUnknown"),
            ]
        })
        .collect();
    let got = t.project(&[
        "Deployment",
        "Collection",
        "Available",
        "Deadline",
        "Total",
        "Success",
        "In Progress",
        "Errors",
        "Unknown",
    ]);
    assert_rows(s, "deployments of the last 90 days", want, got);
    for r in t.rows() {
        // Fact 2: the states are part of Total (the rest is NumberOther).
        let parts = r.n("Success") + r.n("In Progress") + r.n("Errors") + r.n("Unknown");
        assert!(
            parts <= r.n("Total"),
            "{s}: states exceed Total in {}",
            r.s("Deployment")
        );
        // Fact 3: Compliance is Success / Total, cast to decimal(5, 2), then
        // shown with one decimal ('P1'); the RAG colour follows the decimal.
        let total = i128::from(r.n("Total"));
        let pct = if total == 0 {
            0
        } else {
            round_div(i128::from(r.n("Success")) * 100, total, 2)
        };
        let shown = format!("{} %", fixed(round_div(pct, 100, 1), 1));
        assert_eq!(
            r.s("Compliance"),
            shown,
            "{s}: Compliance of {} ({} of {total})",
            r.s("Deployment"),
            r.n("Success")
        );
        let rag = if pct >= 9500 {
            "Green"
        } else if pct >= 8000 {
            "Amber"
        } else {
            "Red"
        };
        assert_eq!(
            r.s("RAG"),
            rag,
            "{s}: RAG of {} at {}",
            r.s("Deployment"),
            fixed(pct, 2)
        );
    }
    // Fact 4: the latest first.
    assert_ordered(s, "Available descending", &t.column("Available"), true);
}

fn enforcement_errors_016() {
    let s = "016_update_enforcement_errors";
    let out = script_ok("016");
    let detail = Table::of(&out, 0);
    let summary = Table::last(&out);
    let since = minus_days(&now(), 30);
    let members = members("SMS00001");
    let sys = scan("SELECT ResourceID, Netbios_Name0 FROM v_R_System");
    let sys = by_id(&sys, "v_R_System");
    let cia = scan("SELECT AssignmentID, AssignmentName, AssignmentType FROM v_CIAssignment");
    let cia: HashMap<i64, Row<'_>> = cia.rows().map(|r| (r.n("AssignmentID"), r)).collect();
    let names = scan("SELECT TopicType, StateID, StateName FROM v_StateNames");
    let mut state = HashMap::new();
    for r in names.rows() {
        assert!(
            state
                .insert((r.n("TopicType"), r.n("StateID")), r.get("StateName"))
                .is_none(),
            "v_StateNames repeats a state"
        );
    }
    let asc = scan(
        "SELECT AssignmentID, ResourceID, StateType, StateID, StateTime, LastErrorCode FROM v_AssignmentState_Combined",
    );
    let mut want = Vec::new();
    let mut devices: BTreeMap<Option<String>, BTreeSet<i64>> = BTreeMap::new();
    for r in asc.rows() {
        let Some(a) = cia.get(&r.n("AssignmentID")) else {
            continue;
        };
        let Some(d) = sys.get(&r.id()) else { continue };
        if r.i("StateType") != Some(301)
            || r.get("StateTime").is_none_or(|st| *st < *since)
            || !matches!(a.i("AssignmentType"), Some(1 | 5))
            || !members.contains(&r.id())
        {
            continue;
        }
        let name = r.i("StateID").and_then(|id| state.get(&(301, id)).copied().flatten());
        let code = r.i("LastErrorCode");
        // DELETE … WHERE ISNULL(code, 0) = 0 AND name NOT LIKE 'Failed%': a NULL name keeps the row.
        if code.unwrap_or(0) == 0 && name.is_some_and(|n| !n.to_lowercase().starts_with("failed")) {
            continue;
        }
        // The code's four bytes in hex, as CONVERT(varbinary(4), int) gives them.
        let hex = code.map(|c| format!("0x{:08X}", c as i32 as u32));
        devices.entry(hex.clone()).or_default().insert(r.id());
        want.push(row![a.get("AssignmentName"), d.get("Netbios_Name0"), name, code, hex]);
    }
    // Fact 1: one row per failed (or erroring) enforcement of the last 30 days.
    let got = detail.project(&["Deployment", "Computer", "Enforcement State", "Error", "Error (hex)"]);
    assert_rows(s, "enforcement failures", want, got);
    // Fact 2: each hex code is its decimal error as a 32-bit two's complement.
    for r in detail.rows() {
        if let (Some(code), Some(hex)) = (r.i("Error"), r.get("Error (hex)")) {
            let parsed = u32::from_str_radix(hex.trim_start_matches("0x"), 16).expect("hex") as i32;
            assert_eq!(i64::from(parsed), code, "{s}: {hex} against {code}");
        }
    }
    // Fact 3: the summary counts distinct devices per error code.
    let want = devices.iter().map(|(h, ids)| row![h.clone(), ids.len()]).collect();
    assert_rows(
        s,
        "devices per error code",
        want,
        summary.project(&["Error (hex)", "Devices"]),
    );
    assert_ordered(s, "Devices descending", &ints(summary.column("Devices")), true);
}

fn monthly_compliance_021() {
    let s = "021_monthly_patch_compliance";
    let out = script_ok("021");
    let t = Table::last(&out);
    let since = minus_months(&now(), 12);
    let members = members("SMS00001");
    let ui = scan("SELECT CI_ID, DatePosted, IsExpired FROM v_UpdateInfo");
    let ui = updates(&ui);
    let st = scan("SELECT CI_ID, ResourceID, Status FROM v_Update_ComplianceStatusAll");
    struct Month {
        updates: BTreeSet<i64>,
        installed: i64,
        required: i64,
        // device -> anything still required
        devices: BTreeMap<i64, bool>,
    }
    let mut months: BTreeMap<String, Month> = BTreeMap::new();
    let mut collected = 0;
    for r in st.rows().filter(|r| members.contains(&r.id())) {
        let Some(u) = ui.get(&r.n("CI_ID")) else { continue };
        let Some(posted) = u.get("DatePosted") else { continue };
        let status = r.i("Status");
        if *posted < *since || u.i("IsExpired") != Some(0) || !matches!(status, Some(2 | 3)) {
            continue;
        }
        collected += 1;
        let m = months.entry(posted[..7].to_string()).or_insert_with(|| Month {
            updates: BTreeSet::new(),
            installed: 0,
            required: 0,
            devices: BTreeMap::new(),
        });
        m.updates.insert(r.n("CI_ID"));
        let required = status == Some(2);
        m.installed += i64::from(!required);
        m.required += i64::from(required);
        *m.devices.entry(r.id()).or_default() |= required;
    }
    // Fact 1: the PRINT counts the rows collected.
    assert!(
        out.messages.contains(&format!("Rows collected: {collected}")),
        "{s}: messages {:?}, {collected} rows recomputed",
        out.messages
    );
    // Fact 2: per release month: updates, installed and required states,
    // devices with nothing required, devices at all, and the install rate.
    let want = months
        .iter()
        .map(|(k, m)| {
            let rate = round_div(i128::from(m.installed) * 100, i128::from(m.installed + m.required), 2);
            row![
                k.clone(),
                m.updates.len(),
                m.installed,
                m.required,
                m.devices.values().filter(|r| !**r).count(),
                m.devices.len(),
                format!("{} %", fixed(rate, 2)),
            ]
        })
        .collect();
    let got = t.project(&[
        "Release Month",
        "Updates",
        "Installed",
        "Required",
        "Compliant Devices",
        "Applicable Devices",
        "Install Rate",
    ]);
    assert_rows(s, "compliance per release month", want, got);
    // Fact 3: the latest month first.
    assert_ordered(s, "Release Month descending", &t.column("Release Month"), true);
}
