use super::condition::{Cond, Lit, Op, Query, Unsupported};
use super::*;

fn console(from: &str, joins: &[&str], condition: &str) -> QueryRule {
    QueryRule {
        name: "Test rule".into(),
        text: RuleText::Console {
            from: from.into(),
            joins: joins.iter().map(|j| j.to_string()).collect(),
            condition: Some(condition.into()),
        },
        evaluator: None,
    }
}

fn leaf(class: &str, prop: &str, op: Op) -> Cond {
    Cond::Leaf {
        class: class.into(),
        prop: prop.into(),
        op,
    }
}

#[test]
fn every_rule_of_the_site_converts_to_a_condition() {
    for (total, at_least) in [(0, 230), (420, 400)] {
        let defs = definitions::definitions(total).expect("definitions");
        assert!(defs.len() >= total.max(240), "{} collections", defs.len());
        let ids = Ids::assign(&defs);
        // Every name a rule gives stands for an evaluator here; the site's
        // own evaluators are checked where the site is built.
        fn none(_: &Subject<'_>) -> bool {
            false
        }
        let names: Vec<&'static str> = defs
            .iter()
            .flat_map(|d| &d.rules)
            .filter_map(|r| match r {
                RuleDef::Query(QueryRule { evaluator: Some(e), .. }) => Some(&*e.clone().leak()),
                _ => None,
            })
            .collect();
        let evaluators: Vec<Evaluator> = names.iter().map(|&name| Evaluator { name, eval: none }).collect();
        let mut n = 0;
        for d in &defs {
            for r in &d.rules {
                if let RuleDef::Query(q) = r {
                    let (_, query) = q.prepare(&d.name, &ids, &evaluators).unwrap_or_else(|e| panic!("{e}"));
                    let evaluated = matches!(query.cond, Some(Cond::Evaluated(_)));
                    assert_eq!(evaluated, q.evaluator.is_some(), "{}: {}", d.name, q.name);
                    n += 1;
                }
            }
        }
        assert!(n >= at_least, "{n} query rules of {total}");
    }
}

#[test]
fn collections_are_numbered_in_the_order_the_data_file_lists_them() {
    let defs = definitions::definitions(0).expect("definitions");
    let ids = Ids::assign(&defs);
    let id = |name: &str| ids.of_name(name).unwrap_or_else(|| panic!("{name}"));
    assert_eq!(id("All Systems"), "SMS00001");
    assert_eq!(id("All Mobile Devices"), "SMSDM003");
    assert_eq!(id("All Workstations"), "CON00010");
    assert_eq!(id("All Windows Systems"), "CON00012");
    assert_eq!(id("Client Version 5.00.9135.1007"), "CON0001F");
    let mut names: Vec<&str> = defs.iter().map(|d| d.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), defs.len(), "collection names are unique");
}

#[test]
fn stale_collections_are_the_ones_the_data_flags() {
    assert_eq!(
        &*STALE,
        [
            "Windows 10 Workstations",
            "London Workstations",
            "Servers - SQL",
            "Missing 7-Zip",
            "All Finance Users",
        ]
    );
    let defs = definitions::definitions(0).expect("definitions");
    let flagged: Vec<&str> = defs.iter().filter(|d| d.stale).map(|d| d.name.as_str()).collect();
    assert_eq!(flagged, &*STALE);
}

#[test]
fn rule_text_is_the_consoles_and_names_collections_by_id() {
    let defs = definitions::definitions(0).expect("definitions");
    let ids = Ids::assign(&defs);
    let rule = console(
        SYS,
        &["SMS_G_System_TPM"],
        "SMS_R_System.ResourceId not in (select ResourceID from SMS_CM_RES_COLL_{id:All Workstations})",
    );
    let (wql, query) = rule.prepare("Test", &ids, &[]).expect("prepared");
    assert_eq!(
        wql,
        "select SMS_R_SYSTEM.ResourceID,SMS_R_SYSTEM.ResourceType,SMS_R_SYSTEM.Name,\
         SMS_R_SYSTEM.SMSUniqueIdentifier,SMS_R_SYSTEM.ResourceDomainORWorkgroup,SMS_R_SYSTEM.Client \
         from SMS_R_System inner join SMS_G_System_TPM on SMS_G_System_TPM.ResourceID = SMS_R_System.ResourceId \
         where SMS_R_System.ResourceId not in (select ResourceID from SMS_CM_RES_COLL_CON00010)"
    );
    assert_eq!(
        query,
        Query {
            from: SYS.into(),
            joins: vec!["SMS_G_System_TPM".into()],
            cond: Some(Cond::InCollection {
                id: "CON00010".into(),
                negate: true,
            }),
        }
    );
    let unknown = console(
        SYS,
        &[],
        "SMS_R_System.ResourceId in (select ResourceID from SMS_CM_RES_COLL_{id:Nope})",
    );
    assert_eq!(
        unknown.prepare("Test", &ids, &[]).map(|_| ()),
        Err(RuleError::UnknownCollection {
            collection: "Test".into(),
            rule: "Test rule".into(),
            name: "Nope".into(),
        })
    );
    // A rule that names an evaluator takes it from the site's; one it lacks is reported.
    fn yes(_: &Subject<'_>) -> bool {
        true
    }
    let evaluated = QueryRule {
        evaluator: Some("required".into()),
        ..console(SYS, &[], "SMS_R_System.Client = 1")
    };
    let (_, query) = evaluated
        .prepare(
            "Test",
            &ids,
            &[Evaluator {
                name: "required",
                eval: yes,
            }],
        )
        .expect("prepared");
    assert!(matches!(query.cond, Some(Cond::Evaluated(e)) if e.name == "required"));
    assert_eq!(
        evaluated.prepare("Test", &ids, &[]).map(|_| ()),
        Err(RuleError::UnknownEvaluator {
            collection: "Test".into(),
            rule: "Test rule".into(),
            name: "required".into(),
        })
    );
}

#[test]
fn conditions_convert_as_written() {
    let ids = Ids::assign(&[]);
    let os = "SMS_G_System_OPERATING_SYSTEM";
    let sw = "SMS_G_System_INSTALLED_SOFTWARE";
    let rule = console(
        SYS,
        &[os],
        "SMS_R_System.Client = 1 and (DateDiff(dd, SMS_G_System_OPERATING_SYSTEM.LastBootUpTime, GetDate()) > 30 \
         or SMS_R_System.Name <> \"A\\\\B\") and not (SMS_R_System.IPSubnets in (\"10.1.0.0\",\"10.1.4.0\") \
         or SMS_R_System.Mail is null) and SMS_R_System.ResourceId not in (select \
         SMS_G_System_INSTALLED_SOFTWARE.ResourceID from SMS_G_System_INSTALLED_SOFTWARE where \
         SMS_G_System_INSTALLED_SOFTWARE.ProductName not like \"7-Zip%\")",
    );
    let (_, query) = rule.prepare("Test", &ids, &[]).expect("prepared");
    let want = Cond::And(vec![
        leaf(SYS, "Client", Op::Eq(Lit::I(1))),
        Cond::Or(vec![
            leaf(os, "LastBootUpTime", Op::DaysAgoOver(30)),
            leaf(SYS, "Name", Op::Ne(Lit::S("A\\B".into()))),
        ]),
        Cond::Not(Box::new(Cond::Or(vec![
            leaf(
                SYS,
                "IPSubnets",
                Op::In(vec![Lit::S("10.1.0.0".into()), Lit::S("10.1.4.0".into())]),
            ),
            leaf(SYS, "Mail", Op::IsNull),
        ]))),
        Cond::Sub {
            query: Box::new(Query {
                from: sw.into(),
                joins: Vec::new(),
                cond: Some(leaf(sw, "ProductName", Op::NotLike("7-Zip%".into()))),
            }),
            negate: true,
        },
    ]);
    assert_eq!(query.cond, Some(want));
}

#[test]
fn unsupported_constructs_name_the_collection_rule_and_construct() {
    let ids = Ids::assign(&[]);
    let cases = [
        ("SMS_R_System.Name between \"A\" and \"M\"", "BETWEEN"),
        ("SMS_R_System.Client >= 1", "a comparison other than =, <> and <"),
        ("SMS_R_System.Name not in (\"A\",\"B\")", "NOT IN (list)"),
        (
            "upper(SMS_R_System.Name) = \"A\"",
            "a comparison of something other than Class.Property",
        ),
    ];
    for (condition, what) in cases {
        let err = console(SYS, &[], condition)
            .prepare("Some Collection", &ids, &[])
            .map(|_| ());
        let Err(RuleError::Unsupported {
            collection,
            rule,
            problem,
        }) = &err
        else {
            panic!("{condition}: {err:?}");
        };
        assert_eq!((collection.as_str(), rule.as_str()), ("Some Collection", "Test rule"));
        assert!(
            matches!(problem, Unsupported::Construct { what: w, .. } if *w == what),
            "{condition}: {problem:?}"
        );
        let message = err.expect_err("error").to_string();
        assert!(message.starts_with("Some Collection: rule Test rule: "), "{message}");
    }
    let join = QueryRule {
        text: RuleText::Verbatim(
            "select * from SMS_R_System left join SMS_G_System_TPM on SMS_G_System_TPM.ResourceID = \
             SMS_R_System.ResourceId"
                .into(),
        ),
        ..console(SYS, &[], "")
    };
    assert!(matches!(
        join.prepare("C", &ids, &[]),
        Err(RuleError::Unsupported {
            problem: Unsupported::Construct {
                what: "a join other than an inner join on ResourceID",
                ..
            },
            ..
        })
    ));
}
