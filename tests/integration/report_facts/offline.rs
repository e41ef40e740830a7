//! Scripts that stop offline: 014, 025, 026 (and 024, which runs).

use super::*;

#[test]
fn client_version_distribution_facts() {
    client_versions_024();
}

#[test]
fn scripts_that_stop_offline_name_the_construct() {
    uptime_buckets_014();
    windows11_readiness_025();
    status_messages_026();
}

fn offset_of(s: &str, text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("{s}: no `{needle}` in the text"))
}

fn uptime_buckets_014() {
    let s = "014_server_uptime_buckets";
    let (text, d) = script_err("014");
    // Fact 1: one diagnostic, WQL0502, about a subquery correlated other than by `=`.
    assert_eq!(d.0.len(), 1, "{s}: {:?}", d.0);
    let x = &d.0[0];
    assert_eq!(x.code, Code::SqlUnsupported, "{s}: {}", x.message);
    assert!(
        x.message.contains("subquery") && x.message.contains("correlated"),
        "{s}: {}",
        x.message
    );
    // Fact 2: it points at the final SELECT, whose list subquery is correlated by BETWEEN.
    let select = offset_of(s, &text, "SELECT  b.Label");
    assert_eq!(x.span.start, select, "{s}: at {:?}", line_col(&text, x.span.start));
    let covered = &text[x.span.start..x.span.end];
    assert!(
        covered.contains("WHERE u2.UptimeDays BETWEEN b.FromDay AND b.ToDay"),
        "{s}: the span lacks the correlation: {covered}"
    );
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

fn windows11_readiness_025() {
    let s = "025_windows11_readiness";
    let (text, d) = script_err("025");
    // The first column the text declares with a DEFAULT.
    let first_default = text
        .lines()
        .find(|l| l.contains(" DEFAULT "))
        .and_then(|l| l.split_whitespace().next())
        .expect("a DEFAULT column")
        .to_lowercase();
    // Fact 1: one WQL0502 naming DEFAULT and that column of #W11.
    assert_eq!(d.0.len(), 1, "{s}: {:?}", d.0);
    let x = &d.0[0];
    assert_eq!(x.code, Code::SqlUnsupported, "{s}: {}", x.message);
    assert!(x.message.contains("DEFAULT"), "{s}: {}", x.message);
    assert!(
        x.message.contains(&format!("column {first_default} of #w11")),
        "{s}: {} should name {first_default}",
        x.message
    );
    // Fact 2: it points at the CREATE TABLE.
    assert_eq!(
        x.span.start,
        offset_of(s, &text, "CREATE TABLE #W11"),
        "{s}: at {:?}",
        line_col(&text, x.span.start)
    );
}

fn status_messages_026() {
    let s = "026_status_message_errors";
    let (text, d) = script_err("026");
    assert_eq!(d.0.len(), 2, "{s}: {:?}", d.0);
    for x in &d.0 {
        assert_eq!(x.code, Code::SqlUnsupported, "{s}: {}", x.message);
    }
    // Fact 1: FOR XML PATH(''), TYPE is named, at the subquery that uses it.
    assert!(
        d.0[0].message.contains("FOR XML PATH(''), TYPE"),
        "{s}: {}",
        d.0[0].message
    );
    let sub = offset_of(s, &text, "SELECT ' | ' + ins.InsStrValue");
    assert_eq!(
        d.0[0].span.start,
        sub,
        "{s}: at {:?}",
        line_col(&text, d.0[0].span.start)
    );
    // Fact 2: the xml method .value(…) is named, at the call.
    assert!(d.0[1].message.contains("VALUE"), "{s}: {}", d.0[1].message);
    let call = offset_of(s, &text, "value('.', 'nvarchar(max)')");
    assert_eq!(
        d.0[1].span.start,
        call,
        "{s}: at {:?}",
        line_col(&text, d.0[1].span.start)
    );
}
