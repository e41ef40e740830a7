//! Client health, collections and the OS summary: 001, 008, 009, 019, 027.

use super::*;

#[test]
fn clients_and_collections_facts() {
    client_health_001();
    inactive_clients_008();
    device_collections_009();
    collection_overview_019();
    rbac_os_summary_027();
}

fn client_health_001() {
    let s = "001_client_health_summary";
    let t = Table::last(&script_ok("001"));
    let now = now();
    let fcm = scan("SELECT CollectionID, ResourceID, IsClient FROM v_FullCollectionMembership");
    let ch = scan("SELECT ResourceID, LastActiveTime, LastEvaluationHealthy FROM v_CH_ClientSummary");
    let ch = by_id(&ch, "v_CH_ClientSummary");
    // bucket -> (devices, healthy)
    let mut expected: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    let mut total = 0;
    for m in fcm.rows().filter(|r| r.get("CollectionID") == Some("SMS00001")) {
        total += 1;
        let health = ch.get(&m.id());
        let bucket = if m.i("IsClient").unwrap_or(0) == 0 {
            "5 - No client"
        } else {
            match health.and_then(|h| h.get("LastActiveTime")) {
                None => "4 - Never reported",
                Some(t) if datediff_days(t, &now) <= 7 => "1 - Active (0-7 days)",
                Some(t) if datediff_days(t, &now) <= 30 => "2 - Active (8-30 days)",
                Some(_) => "3 - Inactive (> 30 days)",
            }
        };
        let healthy = health.and_then(|h| h.i("LastEvaluationHealthy")) == Some(1);
        let e = expected.entry(bucket).or_default();
        e.0 += 1;
        e.1 += i64::from(healthy);
    }
    // Fact 1: every member of All Systems is in exactly one bucket.
    let devices: i64 = t.rows().map(|r| r.n("Devices")).sum();
    assert_eq!(
        devices, total,
        "{s}: the buckets' Devices add up to All Systems' members"
    );
    // Fact 2: each bucket's Devices and Health Eval Passed, recomputed.
    let want = expected.iter().map(|(b, (d, h))| row![*b, *d, *h]).collect();
    assert_rows(
        s,
        "devices per bucket",
        want,
        t.project(&["Client State", "Devices", "Health Eval Passed"]),
    );
    // Fact 3: the percentages are the counts' shares and add up to 100.
    let mut hundredths = 0;
    for r in t.rows() {
        let share = round_div(i128::from(r.n("Devices")) * 100, i128::from(total), 2);
        hundredths += share;
        assert_eq!(
            r.s("Percent"),
            format!("{} %", fixed(share, 2)),
            "{s}: Percent of {}",
            r.s("Client State")
        );
    }
    assert!(
        (hundredths - 10_000).abs() <= t.len() as i128,
        "{s}: the percentages add up to {}",
        fixed(hundredths, 2)
    );
    // Fact 4: ordered by the bucket label.
    assert_ordered(s, "Client State", &t.column("Client State"), false);
}

fn inactive_clients_008() {
    let s = "008_inactive_clients";
    let t = Table::last(&script_ok("008"));
    let now = now();
    let cutoff = minus_days(&now, 30);
    let members = members("SMS00001");
    let sys = scan("SELECT ResourceID, Netbios_Name0, Client0 FROM v_R_System");
    let ch = scan("SELECT ResourceID, LastActiveTime FROM v_CH_ClientSummary");
    let ch = by_id(&ch, "v_CH_ClientSummary");
    let mut want = Vec::new();
    for r in sys.rows() {
        let Some(h) = ch.get(&r.id()) else { continue };
        if r.i("Client0") != Some(1) || !members.contains(&r.id()) {
            continue;
        }
        match h.get("LastActiveTime") {
            None => want.push(row![r.get("Netbios_Name0"), "never"]),
            Some(t) if *t < *cutoff => want.push(row![r.get("Netbios_Name0"), datediff_days(t, &now)]),
            Some(_) => {}
        }
    }
    // Fact 1: one row per client member not active since GETDATE() - 30 days, with its day count.
    assert_rows(
        s,
        "stale clients and their days inactive",
        want,
        t.project(&["Computer", "Days Inactive"]),
    );
    // Fact 2: the longest inactive first ('never' last, as NULL sorts).
    let days: Vec<Option<i64>> = t
        .column("Days Inactive")
        .into_iter()
        .map(|v| v.filter(|v| v != "never").map(|v| v.parse().expect("days")))
        .collect();
    assert_ordered(s, "Days Inactive descending", &days, true);
}

fn device_collections_009() {
    let s = "009_device_collection_membership";
    let out = script_ok("009");
    let t = Table::last(&out);
    let sys = scan("SELECT ResourceID, Netbios_Name0 FROM v_R_System");
    let ids: Vec<i64> = sys
        .rows()
        .filter(|r| r.get("Netbios_Name0").is_some_and(|n| ci(n) == "pc-lon-00007"))
        .map(|r| r.id())
        .collect();
    assert_eq!(ids.len(), 1, "{s}: PC-LON-00007 is one device in v_R_System");
    let id = ids[0];
    // Fact 1: the message names the device's ResourceID.
    assert!(
        out.messages.contains(&format!("ResourceID for PC-LON-00007 is {id}")),
        "{s}: messages {:?} lack ResourceID {id}",
        out.messages
    );
    let fcm = scan("SELECT CollectionID, ResourceID, IsDirect FROM v_FullCollectionMembership");
    let mut counts: HashMap<String, i64> = HashMap::new();
    for r in fcm.rows() {
        *counts.entry(ci(r.s("CollectionID"))).or_default() += 1;
    }
    let cols = scan("SELECT CollectionID, Name FROM v_Collection");
    let names: HashMap<String, &str> = cols.rows().map(|r| (ci(r.s("CollectionID")), r.s("Name"))).collect();
    let ass = scan("SELECT CollectionID, AssignmentName FROM v_CIAssignment");
    let mut deployments: HashMap<String, Vec<String>> = HashMap::new();
    for r in ass.rows() {
        if let (Some(c), Some(n)) = (r.get("CollectionID"), r.get("AssignmentName")) {
            deployments.entry(ci(c)).or_default().push(n.to_string());
        }
    }
    // Fact 2: one row per collection the device is in, each with its name,
    // its member count recounted from v_FullCollectionMembership, the
    // membership kind and the deployments that target it.
    let want = fcm
        .rows()
        .filter(|r| r.id() == id)
        .map(|r| {
            let c = ci(r.s("CollectionID"));
            let kind = if r.i("IsDirect") == Some(1) {
                "Direct rule"
            } else {
                "Query / include"
            };
            let deps = sorted_list(deployments.get(&c).cloned().unwrap_or_default(), "; ").unwrap_or_default();
            row![r.s("CollectionID"), names.get(&c).copied(), kind, counts[&c], deps]
        })
        .collect();
    let mut got: Vec<_> = t
        .rows()
        .map(|r| {
            let deps = list(r.get("Deployments to this collection"), "; ");
            row![
                r.s("CollectionID"),
                r.get("CollectionName"),
                r.s("Membership"),
                r.get("MemberCount"),
                deps
            ]
        })
        .collect();
    got.sort();
    assert_rows(s, "the device's collections", want, got);
}

fn collection_overview_019() {
    let s = "019_collection_evaluation_overview";
    let t = Table::last(&script_ok("019"));
    let now = now();
    let cols = scan(
        "SELECT CollectionID, Name, MemberCount, LimitToCollectionName, RefreshType, CollectionType, LastMemberChangeTime FROM v_Collection",
    );
    let count_by = |sql: &str, key: &str| -> HashMap<String, i64> {
        let mut m = HashMap::new();
        for r in scan(sql).rows() {
            *m.entry(ci(r.s(key))).or_default() += 1;
        }
        m
    };
    let queries = count_by("SELECT CollectionID FROM v_CollectionRuleQuery", "CollectionID");
    let directs = count_by("SELECT CollectionID FROM v_CollectionRuleDirect", "CollectionID");
    let fcm = count_by("SELECT CollectionID FROM v_FullCollectionMembership", "CollectionID");
    let names: HashMap<String, &str> = cols.rows().map(|r| (ci(r.s("CollectionID")), r.s("Name"))).collect();
    let deps =
        scan("SELECT DependentCollectionID, SourceCollectionID, RelationshipType FROM vSMS_CollectionDependencies");
    let mut related: HashMap<(String, i64), Vec<String>> = HashMap::new();
    for d in deps.rows() {
        if let Some(name) = names.get(&ci(d.s("SourceCollectionID"))) {
            related
                .entry((ci(d.s("DependentCollectionID")), d.n("RelationshipType")))
                .or_default()
                .push(name.to_string());
        }
    }
    // ConfigMgr's RefreshType: 1 manual, 2 periodic, 4 incremental, 6 both.
    let label = |k: i64| match k {
        1 => "Manual".to_string(),
        2 => "Scheduled".to_string(),
        4 => "Incremental".to_string(),
        6 => "Scheduled + Incremental".to_string(),
        k => format!("Other ({k})"),
    };
    let mut refresh: HashMap<String, i64> = HashMap::new();
    let mut want = Vec::new();
    for c in cols.rows().filter(|c| c.i("CollectionType") == Some(2)) {
        let id = ci(c.s("CollectionID"));
        refresh.insert(id.clone(), c.n("RefreshType"));
        // Fact 1 (data): v_Collection's MemberCount is the membership view's count.
        assert_eq!(
            c.i("MemberCount"),
            Some(fcm.get(&id).copied().unwrap_or(0)),
            "{s}: MemberCount of {id} against v_FullCollectionMembership"
        );
        let rel = |k| {
            related
                .get(&(id.clone(), k))
                .cloned()
                .map(|v| sorted_list(v, ", "))
                .unwrap_or(None)
        };
        want.push(row![
            c.s("CollectionID"),
            c.get("Name"),
            c.get("LimitToCollectionName"),
            label(c.n("RefreshType")),
            c.get("MemberCount"),
            queries.get(&id).copied().unwrap_or(0),
            directs.get(&id).copied().unwrap_or(0),
            rel(2),
            rel(3),
            c.get("LastMemberChangeTime").map(|m| datediff_days(m, &now)),
        ]);
    }
    // Fact 2: one row per device collection with its rule counts, the
    // collections it includes (2) and excludes (3) and its days since a change.
    let got = {
        let mut g: Vec<_> = t
            .rows()
            .map(|r| {
                row![
                    r.s("CollectionID"),
                    r.get("Collection"),
                    r.get("Limited To"),
                    r.get("Refresh"),
                    r.get("Members"),
                    r.get("Query Rules"),
                    r.get("Direct Rules"),
                    list(r.get("Includes"), ", "),
                    list(r.get("Excludes"), ", "),
                    r.get("Days Since Member Change"),
                ]
            })
            .collect();
        g.sort();
        g
    };
    assert_rows(s, "device collections", want, got);
    // Fact 3: ordered by RefreshType descending.
    let order: Vec<Option<i64>> = t
        .rows()
        .map(|r| refresh.get(&ci(r.s("CollectionID"))).copied())
        .collect();
    assert_ordered(s, "RefreshType descending", &order, true);
}

fn rbac_os_summary_027() {
    let s = "027_rbac_os_summary";
    let text = script_text("027");
    let out = script_ok("027");
    let t = Table::last(&out);
    let members = members("SMS00001");
    let sys: HashSet<i64> = scan("SELECT ResourceID FROM v_R_System")
        .rows()
        .map(|r| r.id())
        .collect();
    let os = scan("SELECT ResourceID, Caption0, Version0, OSArchitecture0 FROM v_GS_OPERATING_SYSTEM");
    let mut groups: BTreeMap<(String, Option<String>, Option<String>), BTreeSet<i64>> = BTreeMap::new();
    for r in os.rows().filter(|r| sys.contains(&r.id()) && members.contains(&r.id())) {
        let key = (
            ci(r.get("Caption0").unwrap_or("")),
            r.get("Version0").map(ci),
            r.get("OSArchitecture0").map(ci),
        );
        groups.entry(key).or_default().insert(r.id());
    }
    let total: usize = groups.values().map(|g| g.len()).sum();
    // Fact 1: Devices per (caption, version, architecture), recomputed.
    let want = groups
        .iter()
        .map(|((c, v, a), ids)| row![c.clone(), v.clone(), a.clone().unwrap_or_default(), ids.len()])
        .collect();
    let mut got: Vec<_> = t
        .rows()
        .map(|r| {
            row![
                ci(r.s("Operating System")),
                r.get("Version").map(ci),
                ci(r.s("Architecture")),
                r.get("Devices")
            ]
        })
        .collect();
    got.sort();
    assert_rows(s, "devices per OS", want, got);
    // Fact 2: Percent is each share of all of them, and they add up to 100.
    let mut hundredths = 0;
    for r in t.rows() {
        let share = round_div(i128::from(r.n("Devices")) * 100, total as i128, 2);
        hundredths += share;
        assert_eq!(
            r.s("Percent"),
            fixed(share, 2),
            "{s}: Percent of {}",
            r.s("Operating System")
        );
        assert_eq!(r.s("Collection"), "All Systems", "{s}: the collection's name");
    }
    assert!(
        (hundredths - 10_000).abs() <= t.len() as i128,
        "{s}: percentages add up to {hundredths}"
    );
    // Fact 3: one WQL0506 warning per fn_rbac_ function the text calls (`fn_rbac_X(`).
    let mut called = BTreeSet::new();
    let lower = text.to_lowercase();
    for (at, _) in lower.match_indices("fn_rbac_") {
        let name: String = lower[at..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if lower[at + name.len()..].starts_with('(') {
            called.insert(name);
        }
    }
    let warned: BTreeSet<String> = out
        .warnings
        .iter()
        .map(|w| {
            assert_eq!(w.code, Code::SqlRbacIgnored, "{s}: {}", w.message);
            w.message.split_whitespace().next().expect("a name").to_lowercase()
        })
        .collect();
    assert_eq!(warned, called, "{s}: the functions warned about are those called");
    assert_eq!(out.warnings.len(), called.len(), "{s}: one warning per function");
    // Fact 4: most devices first.
    assert_ordered(s, "Devices descending", &ints(t.column("Devices")), true);
}
