//! Binder, lint and T-SQL tests over a small catalog.

use crate::{BindOptions, compile, translate};
use sqlparser::dialect::MsSqlDialect;
use sqlparser::parser::Parser;
use wqlkit_core::{Catalog, Code, Value};

mod fixes;

fn catalog() -> Catalog {
    wqlkit_core::testing::mini_catalog()
}

fn sql(wql: &str) -> crate::Translation {
    let (_, t) = translate(wql, &catalog(), &BindOptions::default()).unwrap_or_else(|e| panic!("{wql}: {e}"));
    // Every statement re-parses with the MsSql dialect and prints back identically.
    let parsed = Parser::parse_sql(&MsSqlDialect {}, &t.sql).unwrap_or_else(|e| panic!("{}: {e}", t.sql));
    assert_eq!(parsed.len(), 1);
    assert_eq!(parsed[0].to_string(), t.sql);
    t
}

fn errors(wql: &str) -> Vec<Code> {
    match compile(wql, &catalog(), &BindOptions::default()) {
        Ok(_) => vec![],
        Err(d) => d.0.iter().filter(|d| d.is_error()).map(|d| d.code).collect(),
    }
}

fn warnings(wql: &str, rule: bool) -> Vec<Code> {
    let o = BindOptions {
        collection_rule: rule,
        ..Default::default()
    };
    match compile(wql, &catalog(), &o) {
        Ok(c) => c.warnings.iter().map(|d| d.code).collect(),
        Err(e) => panic!("{wql}: {e}"),
    }
}

#[test]
fn console_rule_translates_with_parameters() {
    let t = sql(
        "select SMS_R_SYSTEM.ResourceID,SMS_R_SYSTEM.Name from SMS_R_System inner join SMS_G_System_OPERATING_SYSTEM on SMS_G_System_OPERATING_SYSTEM.ResourceID = SMS_R_System.ResourceId where SMS_G_System_OPERATING_SYSTEM.Caption like \"%Windows 10%\" and SMS_R_System.Client = '1'",
    );
    assert_eq!(
        t.sql,
        "SELECT SMS_R_System.ResourceID AS ResourceID, SMS_R_System.Name0 AS Name FROM v_R_System AS SMS_R_System INNER JOIN v_GS_OPERATING_SYSTEM AS SMS_G_System_OPERATING_SYSTEM ON SMS_G_System_OPERATING_SYSTEM.ResourceID = SMS_R_System.ResourceID WHERE SMS_G_System_OPERATING_SYSTEM.Caption0 LIKE @P1 AND SMS_R_System.Client0 = @P2"
    );
    assert_eq!(t.params[0].value, Value::String("%Windows 10%".into()));
    assert_eq!(t.params[0].sql_type.to_string(), "nvarchar(4000)");
    assert_eq!(t.params[1].value, Value::Integer(1));
    assert_eq!(t.params[1].sql_type.to_string(), "int");
}

#[test]
fn array_property_is_a_left_join_with_distinct() {
    let t = sql(
        "select Name from SMS_R_System where SystemOUName = \"CONTOSO.COM/WORKSTATIONS\" or SystemOUName like '%/SERVERS'",
    );
    assert_eq!(
        t.sql,
        "SELECT DISTINCT SMS_R_System.Name0 AS Name FROM v_R_System AS SMS_R_System LEFT OUTER JOIN v_RA_System_SystemOUName AS SMS_R_System_SystemOUName ON SMS_R_System.ResourceID = SMS_R_System_SystemOUName.ResourceID WHERE SMS_R_System_SystemOUName.System_OU_Name0 = @P1 OR SMS_R_System_SystemOUName.System_OU_Name0 LIKE @P2"
    );
}

#[test]
fn security_group_name_is_an_array_property_of_the_builtin_catalog() {
    let wql = "select Name from SMS_R_System where SMS_R_System.SecurityGroupName = 'CONTOSO\\\\Pilot'";
    let (_, t) = translate(wql, Catalog::builtin(), &BindOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        t.sql,
        "SELECT DISTINCT SMS_R_System.Name0 AS Name FROM v_R_System AS SMS_R_System LEFT OUTER JOIN v_RA_System_SecurityGroupName AS SMS_R_System_SecurityGroupName ON SMS_R_System.ResourceID = SMS_R_System_SecurityGroupName.ResourceID WHERE SMS_R_System_SecurityGroupName.Security_Group_Name0 = @P1"
    );
    assert_eq!(t.params[0].value, Value::String("CONTOSO\\Pilot".into()));
}

#[test]
fn per_collection_class_filters_membership() {
    let t = sql(
        "select SMS_R_System.Name from SMS_R_System inner join SMS_CM_RES_COLL_CON00012 on SMS_CM_RES_COLL_CON00012.ResourceID = SMS_R_System.ResourceID",
    );
    assert!(
        t.sql.contains(
            "INNER JOIN (SELECT * FROM v_FullCollectionMembership WHERE CollectionID = @P1) AS SMS_CM_RES_COLL_CON00012"
        ),
        "{}",
        t.sql
    );
    assert_eq!(t.params[0].value, Value::String("CON00012".into()));
}

#[test]
fn not_in_subselect_and_dates() {
    let t = sql(
        "select Name from SMS_R_System where ResourceID not in (select MachineID from SMS_UpdateComplianceStatus where Status = \"2\") and DateDiff(dd, CreationDate, GetDate()) > 30 and CreationDate > '20110101000000.000000+***'",
    );
    assert!(t.sql.contains("SMS_R_System.ResourceID NOT IN (SELECT SMS_UpdateComplianceStatus.ResourceID AS MachineID FROM v_Update_ComplianceStatusAll AS SMS_UpdateComplianceStatus WHERE SMS_UpdateComplianceStatus.Status = @P1)"), "{}", t.sql);
    assert!(
        t.sql
            .contains("DATEDIFF(day, SMS_R_System.Creation_Date0, GETDATE()) > @P2"),
        "{}",
        t.sql
    );
    assert_eq!(t.params[0].value, Value::Integer(2));
    assert_eq!(t.params[2].sql_type.to_string(), "datetime");
    assert_eq!(
        t.params[2].value,
        Value::DateTime(wqlkit_core::DateTime::parse("2011-01-01").unwrap_or_else(|| unreachable!()))
    );
}

#[test]
fn booleans_and_quoted_numbers_coerce() {
    let t = sql("select Name from SMS_R_System where IsVirtualMachine = 'True' and Client = \"1\"");
    assert_eq!(t.params[0].value, Value::Integer(1), "int column: boolean becomes 1");
    assert_eq!(t.params[1].value, Value::Integer(1));
}

#[test]
fn or_inside_and_keeps_parentheses() {
    let t = sql(
        "select Name from SMS_R_System where Client = 1 and (Name = 'a' or Name = 'b') and not (Client = 0 or Client is null)",
    );
    assert!(t.sql.ends_with("WHERE SMS_R_System.Client0 = @P1 AND (SMS_R_System.Name0 = @P2 OR SMS_R_System.Name0 = @P3) AND NOT (SMS_R_System.Client0 = @P4 OR SMS_R_System.Client0 IS NULL)"), "{}", t.sql);
}

#[test]
fn star_expands_to_scalar_properties() {
    let t = sql("select * from SMS_R_System");
    assert!(t.sql.starts_with("SELECT SMS_R_System.ResourceID AS ResourceID, SMS_R_System.ResourceType AS ResourceType, SMS_R_System.Name0 AS Name"), "{}", t.sql);
    assert!(!t.sql.contains("System_OU_Name0"));
}

#[test]
fn shared_names_are_qualified() {
    let t = sql(
        "select SMS_R_System.Name, os.Name from SMS_R_System join SMS_G_System_OPERATING_SYSTEM as os on os.ResourceID = SMS_R_System.ResourceID",
    );
    assert!(
        t.sql
            .starts_with("SELECT SMS_R_System.Name0 AS [SMS_R_System.Name], os.Name0 AS [os.Name]"),
        "{}",
        t.sql
    );
}

#[test]
fn count_star() {
    let t = sql("select count(*) from SMS_R_System where Client = 1");
    assert!(t.sql.starts_with("SELECT COUNT(*) AS [count(*)] FROM"), "{}", t.sql);
}

#[test]
fn binder_errors() {
    assert_eq!(errors("select * from SMS_R_Sytem"), vec![Code::UnknownClass]);
    assert_eq!(errors("select Nmae from SMS_R_System"), vec![Code::UnknownProperty]);
    assert_eq!(
        errors("select SMS_R_System.Nmae from SMS_R_System"),
        vec![Code::UnknownProperty]
    );
    assert_eq!(
        errors("select * from ccm_updatestatus where status = 'missing'"),
        vec![Code::ClientSideClass]
    );
    assert_eq!(
        errors(
            "select Name from SMS_R_System join SMS_G_System_OPERATING_SYSTEM on SMS_G_System_OPERATING_SYSTEM.ResourceID = SMS_R_System.ResourceID"
        ),
        vec![Code::AmbiguousProperty]
    );
    assert_eq!(
        errors("select * from SMS_R_System where Client = 'yes'"),
        vec![Code::TypeMismatch]
    );
    assert_eq!(
        errors("select * from SMS_R_System where CreationDate > 'last week'"),
        vec![Code::BadDatetime]
    );
    assert_eq!(
        errors("select * from SMS_R_System where DateDiff(fortnight, CreationDate, GetDate()) > 1"),
        vec![Code::BadArguments]
    );
    assert_eq!(
        errors("select * from SMS_R_System where Foo(Name) = 1"),
        vec![Code::UnknownFunction]
    );
    assert_eq!(
        errors("select * from SMS_R_System where x.Name = 1"),
        vec![Code::UnknownQualifier]
    );
    assert_eq!(
        errors("select * from SMS_R_System s join SMS_R_System s on s.ResourceID = s.ResourceID"),
        vec![Code::DuplicateAlias]
    );
    assert_eq!(
        errors("select * from SMS_R_System where ResourceID in (select * from SMS_R_System)"),
        vec![Code::SubselectColumns]
    );
    assert_eq!(
        errors("select * from SMS_R_System where Name like ##PRM:SMS_R_System.Name##"),
        vec![Code::Unsupported]
    );
    assert_eq!(
        errors("select * from SMS_R_System where Client"),
        vec![Code::TypeMismatch]
    );
}

#[test]
fn unknown_names_get_suggestions() {
    let e = compile("select * from SMS_R_Sytem", &catalog(), &BindOptions::default())
        .err()
        .unwrap_or_default();
    assert_eq!(e.0[0].help.as_deref(), Some("did you mean SMS_R_System?"));
    let e = compile("select Nmae from SMS_R_System", &catalog(), &BindOptions::default())
        .err()
        .unwrap_or_default();
    assert_eq!(e.0[0].help.as_deref(), Some("did you mean Name?"));
    let e = compile("select * from CCM_UpdateStatus", &catalog(), &BindOptions::default())
        .err()
        .unwrap_or_default();
    assert!(
        e.0[0]
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("SMS_UpdateComplianceStatus")
    );
}

#[test]
fn prompts_take_values() {
    let mut o = BindOptions::default();
    o.prompts.insert("SMS_R_System.Name".into(), "PC-%".into());
    let (_, t) = translate(
        "select * from SMS_R_System where Name like ##PRM:SMS_R_System.Name##",
        &catalog(),
        &o,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.params[0].value, Value::String("PC-%".into()));
}

#[test]
fn lints() {
    assert_eq!(
        warnings("select * from SMS_R_System where Name like '%PC'", false),
        vec![Code::LeadingWildcard]
    );
    assert_eq!(
        warnings("select * from SMS_R_System where Name = 'PC%'", false),
        vec![Code::EqualsWithWildcard]
    );
    assert_eq!(
        warnings("select * from SMS_R_System where Name = NULL", false),
        vec![Code::NullComparison]
    );
    assert_eq!(
        warnings("select * from SMS_R_System where Upper(Name) = 'PC'", false),
        vec![Code::NeedlessCase]
    );
    assert_eq!(
        warnings("select * from SMS_R_System where SystemOUName <> 'X'", false),
        vec![Code::NegatedMultiValued]
    );
    assert_eq!(
        warnings("select * from SMS_R_System where SystemOUName not like 'X%'", false),
        vec![Code::NegatedMultiValued]
    );
    assert_eq!(
        warnings(
            "select SMS_R_System.Name from SMS_R_System join SMS_G_System_ADD_REMOVE_PROGRAMS arp on arp.ResourceID = SMS_R_System.ResourceID where arp.DisplayName <> 'Firefox'",
            false
        ),
        vec![Code::NegatedMultiValued]
    );
    assert_eq!(
        warnings(
            "select * from SMS_R_System where SystemOUName = 'A' and SystemOUName = 'B'",
            false
        ),
        vec![Code::SameArrayElement]
    );
    assert_eq!(
        warnings("select Name from SMS_R_System", true),
        vec![Code::CollectionSelectList]
    );
    assert_eq!(
        warnings("select * from SMS_R_System order by Name", true),
        vec![Code::OrderByInRule]
    );
    assert_eq!(
        warnings("select * from SMS_R_System where Name = \"CONTOSO\\PC\"", false),
        vec![Code::UnknownEscape]
    );
    assert_eq!(
        warnings("select * from SMS_R_System where Name = \"CONTOSO\\\\PC\"", false),
        vec![]
    );
    assert_eq!(
        warnings(
            "select * from SMS_R_System inner join SMS_G_System_LastSoftwareScan s on s.ResourceID = SMS_R_System.ResourceID",
            true
        ),
        vec![Code::NotIncremental]
    );
    assert_eq!(
        warnings("select count(distinct Name) from SMS_R_System", false),
        vec![Code::CountDistinct]
    );
    assert_eq!(
        warnings(
            "select SMS_R_SYSTEM.ResourceID,SMS_R_SYSTEM.ResourceType,SMS_R_SYSTEM.Name,SMS_R_SYSTEM.SMSUniqueIdentifier,SMS_R_SYSTEM.ResourceDomainORWorkgroup,SMS_R_SYSTEM.Client from SMS_R_System",
            true
        ),
        vec![]
    );
}

#[test]
fn negated_array_lint_suggests_not_in() {
    let c = compile(
        "select * from SMS_R_System where SystemOUName <> 'X'",
        &catalog(),
        &BindOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        c.warnings[0].help.as_deref(),
        Some(
            "to find resources that do not have it, use ResourceID NOT IN (SELECT ResourceID FROM SMS_R_System WHERE SMS_R_System.SystemOUName = \"X\")"
        )
    );
}

mod literals {
    use super::*;
    use crate::ast::{Expr, ExprKind, Literal};
    use crate::format_expr;
    use proptest::prelude::*;
    use wqlkit_core::Span;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any string literal reaches the parameter list byte for byte and never the SQL text.
        #[test]
        fn string_literals_become_parameters(body in any::<String>(), hostile in prop::sample::select(vec!["'; DROP TABLE v_R_System; --", "]", "\0", "🦀", "\\\\", "\"", "%_[a-z]"])) {
            let value = format!("«{body}{hostile}");
            let lit = format_expr(&Expr::new(ExprKind::Literal(Literal::String(value.clone())), Span::default()));
            let wql = format!("select Name from SMS_R_System where Name = {lit} or SystemOUName like {lit}");
            let t = sql(&wql);
            prop_assert!(!t.sql.contains('«'), "{}", t.sql);
            prop_assert_eq!(t.params.len(), 2);
            for p in &t.params {
                prop_assert_eq!(&p.value, &Value::String(value.clone()));
            }
        }

        /// Integers of any 64-bit size survive as parameters.
        #[test]
        fn integers_become_parameters(n in i64::MIN as i128..=u64::MAX as i128) {
            let t = sql(&format!("select Name from SMS_R_System where Client = {n}"));
            prop_assert_eq!(&t.params[0].value, &Value::Integer(n));
            prop_assert!(!t.sql.contains(&n.to_string()) || n.to_string().len() < 2);
        }
    }
}

// ─── unqualified names that several joined classes have ─────────────────────

const OS_JOIN: &str =
    "inner join SMS_G_System_OPERATING_SYSTEM on SMS_G_System_OPERATING_SYSTEM.ResourceId = SMS_R_System.ResourceID";

/// The one diagnostic of `code`, from a query that compiles or not.
fn diagnostic(wql: &str, code: Code) -> wqlkit_core::Diagnostic {
    let found = match compile(wql, &catalog(), &BindOptions::default()) {
        Ok(c) => c.warnings,
        Err(e) => e.0,
    };
    let mut of_code = found.iter().filter(|d| d.code == code);
    match (of_code.next(), of_code.next()) {
        (Some(d), None) => d.clone(),
        _ => panic!("{wql}: not one {code} in {found:?}"),
    }
}

fn text_at(wql: &str, span: wqlkit_core::Span) -> &str {
    &wql[span.range()]
}

#[test]
fn spaced_dots_bind_and_point_at_the_name() {
    let t = sql("select SMS_R_System . Name from SMS_R_System as s where s .\n Client = 1");
    assert_eq!(
        t.sql,
        "SELECT s.Name0 AS Name FROM v_R_System AS s WHERE s.Client0 = @P1"
    );
    let wql = "select SMS_R_System . Nmae from SMS_R_System";
    let d = diagnostic(wql, Code::UnknownProperty);
    assert_eq!(text_at(wql, d.span), "Nmae");
    let wql = "select * from SMS_R_System where x .\tName = 1";
    let d = diagnostic(wql, Code::UnknownQualifier);
    assert_eq!(text_at(wql, d.span), "x");
}

#[test]
fn names_equal_by_an_inner_join_resolve_with_a_warning() {
    let wql = format!("select ResourceID from SMS_R_System {OS_JOIN}");
    let d = diagnostic(&wql, Code::ResolvedByJoin);
    assert!(!d.is_error());
    assert_eq!(
        d.message,
        "ResourceID could be SMS_R_System.ResourceID or SMS_G_System_OPERATING_SYSTEM.ResourceID; it was bound to SMS_R_System.ResourceID, the first in FROM order, because the INNER JOIN condition makes them equal"
    );
    assert_eq!(text_at(&wql, d.span), "ResourceID");
    assert_eq!(
        d.help.as_deref(),
        Some("qualify it to say which: SMS_R_System.ResourceID")
    );
    let labels: Vec<&str> = d.labels.iter().map(|l| text_at(&wql, l.span)).collect();
    assert_eq!(
        labels,
        ["SMS_G_System_OPERATING_SYSTEM.ResourceId = SMS_R_System.ResourceID"]
    );
    // The chosen class's column is the one translated.
    assert_eq!(
        sql(&wql).sql,
        "SELECT SMS_R_System.ResourceID AS ResourceID FROM v_R_System AS SMS_R_System INNER JOIN v_GS_OPERATING_SYSTEM AS SMS_G_System_OPERATING_SYSTEM ON SMS_G_System_OPERATING_SYSTEM.ResourceID = SMS_R_System.ResourceID"
    );
}

#[test]
fn the_first_class_in_from_order_is_chosen() {
    let wql = "select ResourceID from SMS_G_System_OPERATING_SYSTEM as os inner join SMS_R_System as s on s.ResourceID = os.ResourceID where ResourceID in (select ResourceID from SMS_G_System_ADD_REMOVE_PROGRAMS)";
    let t = sql(wql);
    assert_eq!(
        t.sql,
        "SELECT os.ResourceID AS ResourceID FROM v_GS_OPERATING_SYSTEM AS os INNER JOIN v_R_System AS s ON s.ResourceID = os.ResourceID WHERE os.ResourceID IN (SELECT SMS_G_System_ADD_REMOVE_PROGRAMS.ResourceID AS ResourceID FROM v_GS_ADD_REMOVE_PROGRAMS AS SMS_G_System_ADD_REMOVE_PROGRAMS)"
    );
    // One warning per use; the subselect's ResourceID has one candidate.
    assert_eq!(warnings(wql, false), vec![Code::ResolvedByJoin, Code::ResolvedByJoin]);
    let c = compile(wql, &catalog(), &BindOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        c.warnings[0]
            .message
            .contains("bound to os.ResourceID, the first in FROM order")
    );
}

#[test]
fn equality_through_a_chain_of_inner_joins() {
    let wql = format!(
        "select SMS_R_System.Name from SMS_R_System {OS_JOIN} inner join SMS_G_System_ADD_REMOVE_PROGRAMS on SMS_G_System_ADD_REMOVE_PROGRAMS.ResourceID = SMS_G_System_OPERATING_SYSTEM.ResourceID and SMS_G_System_ADD_REMOVE_PROGRAMS.DisplayName like 'Office%' where ResourceID > 5"
    );
    let d = diagnostic(&wql, Code::ResolvedByJoin);
    assert!(
        d.message.starts_with(
            "ResourceID could be SMS_R_System.ResourceID, SMS_G_System_OPERATING_SYSTEM.ResourceID or SMS_G_System_ADD_REMOVE_PROGRAMS.ResourceID; it was bound to SMS_R_System.ResourceID"
        ),
        "{}",
        d.message
    );
    assert!(
        d.message.ends_with("the INNER JOIN conditions make them equal"),
        "{}",
        d.message
    );
    let labels: Vec<&str> = d.labels.iter().map(|l| text_at(&wql, l.span)).collect();
    assert_eq!(
        labels,
        [
            "SMS_G_System_OPERATING_SYSTEM.ResourceId = SMS_R_System.ResourceID",
            "SMS_G_System_ADD_REMOVE_PROGRAMS.ResourceID = SMS_G_System_OPERATING_SYSTEM.ResourceID",
        ]
    );
    assert!(sql(&wql).sql.ends_with("WHERE SMS_R_System.ResourceID > @P2"));
}

#[test]
fn names_not_all_equal_stay_ambiguous_and_list_every_candidate() {
    // ResourceID of the first two are equal; the third class is joined on its name.
    let wql = format!(
        "select SMS_R_System.Name from SMS_R_System {OS_JOIN} inner join SMS_G_System_ADD_REMOVE_PROGRAMS on SMS_G_System_ADD_REMOVE_PROGRAMS.DisplayName = SMS_R_System.Name where ResourceID = 1"
    );
    let d = diagnostic(&wql, Code::AmbiguousProperty);
    assert!(d.is_error());
    assert_eq!(
        d.message,
        "ResourceID is ambiguous: it could be SMS_R_System.ResourceID, SMS_G_System_OPERATING_SYSTEM.ResourceID or SMS_G_System_ADD_REMOVE_PROGRAMS.ResourceID"
    );
    assert_eq!(d.help.as_deref(), Some("qualify it, e.g. SMS_R_System.ResourceID"));
    // A name the join condition does not mention is not settled by it.
    let wql = format!("select Name from SMS_R_System {OS_JOIN}");
    assert_eq!(
        diagnostic(&wql, Code::AmbiguousProperty).message,
        "Name is ambiguous: it could be SMS_R_System.Name or SMS_G_System_OPERATING_SYSTEM.Name"
    );
    // Only conditions every joined row satisfies count: not one side of an OR.
    let wql = "select ResourceID from SMS_R_System inner join SMS_G_System_OPERATING_SYSTEM on SMS_G_System_OPERATING_SYSTEM.ResourceID = SMS_R_System.ResourceID or SMS_G_System_OPERATING_SYSTEM.Name = SMS_R_System.Name";
    assert_eq!(errors(wql), vec![Code::AmbiguousProperty]);
}

#[test]
fn outer_join_conditions_do_not_make_names_equal() {
    for kind in ["left", "left outer", "right", "full"] {
        let wql = format!(
            "select ResourceID from SMS_R_System {kind} join SMS_G_System_OPERATING_SYSTEM on SMS_G_System_OPERATING_SYSTEM.ResourceID = SMS_R_System.ResourceID"
        );
        let d = diagnostic(&wql, Code::AmbiguousProperty);
        assert_eq!(
            d.help.as_deref(),
            Some(
                "qualify it, e.g. SMS_R_System.ResourceID; only INNER JOIN conditions make them equal, as an outer join leaves one side NULL where it finds no match"
            ),
            "{kind}"
        );
    }
    // An outer join's condition does not complete a chain of inner ones either.
    let wql = format!(
        "select ResourceID from SMS_R_System {OS_JOIN} left join SMS_G_System_ADD_REMOVE_PROGRAMS on SMS_G_System_ADD_REMOVE_PROGRAMS.ResourceID = SMS_G_System_OPERATING_SYSTEM.ResourceID"
    );
    assert_eq!(errors(&wql), vec![Code::AmbiguousProperty]);
    // A later outer join keeps an inner join's equality: it keeps both sides'
    // rows together, or makes both NULL.
    for kind in ["left", "right", "full"] {
        let wql = format!(
            "select Name from SMS_R_System inner join SMS_G_System_OPERATING_SYSTEM on SMS_G_System_OPERATING_SYSTEM.Name = SMS_R_System.Name {kind} join SMS_G_System_ADD_REMOVE_PROGRAMS on SMS_G_System_ADD_REMOVE_PROGRAMS.ResourceID = SMS_R_System.ResourceID"
        );
        assert_eq!(warnings(&wql, false), vec![Code::ResolvedByJoin], "{kind}");
    }
}

#[test]
fn aliases_and_subselects_have_their_own_equalities() {
    let t = sql(
        "select ResourceID from SMS_R_System s inner join SMS_G_System_OPERATING_SYSTEM os on os . ResourceID = s . ResourceID",
    );
    assert!(t.sql.starts_with("SELECT s.ResourceID AS ResourceID FROM"), "{}", t.sql);
    // The subselect's join settles its own ResourceID; the outer query has one candidate.
    let t = sql(
        "select Name from SMS_R_System where ResourceID in (select ResourceID from SMS_G_System_OPERATING_SYSTEM inner join SMS_G_System_ADD_REMOVE_PROGRAMS on SMS_G_System_ADD_REMOVE_PROGRAMS.ResourceID = SMS_G_System_OPERATING_SYSTEM.ResourceID)",
    );
    assert!(
        t.sql
            .contains("IN (SELECT SMS_G_System_OPERATING_SYSTEM.ResourceID AS ResourceID FROM"),
        "{}",
        t.sql
    );
    // The outer query's join does not settle a name inside the subselect.
    let wql = format!(
        "select SMS_R_System.Name from SMS_R_System {OS_JOIN} where SMS_R_System.ResourceID in (select ResourceID from SMS_G_System_OPERATING_SYSTEM inner join SMS_G_System_ADD_REMOVE_PROGRAMS on SMS_G_System_ADD_REMOVE_PROGRAMS.Version = SMS_G_System_OPERATING_SYSTEM.Version)"
    );
    assert_eq!(errors(&wql), vec![Code::AmbiguousProperty]);
}

#[test]
fn comma_joins_are_not_parsed() {
    // `FROM A, B WHERE A.x = B.x` is not in the grammar, so WHERE equalities never settle names.
    let e = compile(
        "select ResourceID from SMS_R_System, SMS_G_System_OPERATING_SYSTEM where SMS_G_System_OPERATING_SYSTEM.ResourceID = SMS_R_System.ResourceID",
        &catalog(),
        &BindOptions::default(),
    )
    .err()
    .unwrap_or_default();
    assert_eq!(e.codes(), vec![Code::Syntax]);
}

#[test]
fn builtin_catalog_resolves_the_console_example() {
    let wql = "select ResourceID from SMS_R_System inner join SMS_G_System_OPERATING_SYSTEM on SMS_G_System_OPERATING_SYSTEM.ResourceId = SMS_R_System.ResourceID";
    let (c, t) = translate(wql, Catalog::builtin(), &BindOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        c.warnings.iter().map(|d| d.code).collect::<Vec<_>>(),
        vec![Code::ResolvedByJoin]
    );
    assert!(
        t.sql
            .starts_with("SELECT SMS_R_System.ResourceID AS ResourceID FROM v_R_System AS SMS_R_System"),
        "{}",
        t.sql
    );
}
