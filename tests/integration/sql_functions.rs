//! `wqlkit sql`'s T-SQL functions on the demo fleet, each against the
//! examples of its SQL Server documentation page: CONVERT styles (to text
//! by the type converted, from text by the style, Hijri), CEILING/FLOOR,
//! PARSE, datetimeoffset, FOR XML and FOR JSON PATH, the site database's
//! functions and per-collection views.

use crate::sql::{rows_of, run_demo};

/// CAST and CONVERT (Transact-SQL): a style applies by the type converted.
/// Money: style 0 `4235.98`, 1 `3,510.92`, 2 `4235.9819`; float: style 0 at
/// most six digits (`CONVERT(varchar, EXP(10))` is `22026.5`), 1 eight and 2
/// sixteen in scientific notation; text keeps its form whatever the style.
#[test]
fn convert_styles_follow_the_type_converted() {
    let out = run_demo(
        "SELECT CONVERT(varchar(20), CAST(4235.9819 AS money), 0) AS m0,
                CONVERT(varchar(20), CAST(3510.92 AS money), 1) AS m1,
                CONVERT(varchar(20), CAST(4235.9819 AS money), 2) AS m2,
                CAST(CAST(3148.29 AS smallmoney) AS varchar(20)) AS m,
                CONVERT(varchar(20), EXP(10)) AS f0,
                CONVERT(varchar(20), CAST(123456789 AS float), 1) AS f1,
                CONVERT(varchar(30), CAST(123456789 AS float), 2) AS f2,
                CAST(CAST(0.000012345 AS float) AS varchar(20)) AS f,
                CONVERT(varchar(10), '2024-01-05', 101) AS t,
                CONVERT(varchar(10), CAST('2024-01-05' AS datetime), 101) AS d",
        &[],
    )
    .expect("the report runs");
    let (_, rows) = rows_of(&out);
    assert_eq!(
        rows[0],
        [
            "4235.98",
            "3,510.92",
            "4235.9819",
            "3148.29",
            "22026.5",
            "1.2345679e+008",
            "1.234567890000000e+008",
            "1.2345e-005",
            "2024-01-05",
            "01/05/2024"
        ]
    );
}

/// CEILING, FLOOR and ROUND return their argument's type (the pages' examples):
/// FLOOR(123.45) 123, FLOOR(-123.45) -124, CEILING(123.45) 124,
/// ROUND(123.4545, 2) 123.4500, ROUND(123.45, -2) 100.00; POWER of an
/// integer is an integer (POWER(2, -100.0) is 0).
#[test]
fn ceiling_floor_round_and_power_keep_sql_servers_types() {
    let out = run_demo(
        "SELECT FLOOR(123.45) AS a, FLOOR(-123.45) AS b, CEILING(123.45) AS c, CEILING(-123.45) AS d,
                ROUND(123.4545, 2) AS e, ROUND(123.45, -2) AS f, ROUND(748.58, -1) AS g,
                CEILING(7) AS h, FLOOR(CAST(2.7 AS float)) AS i,
                POWER(2, 10) AS j, POWER(2, -100.0) AS k",
        &[],
    )
    .expect("the report runs");
    let (_, rows) = rows_of(&out);
    assert_eq!(
        rows[0],
        [
            "123", "-124", "124", "-123", "123.4500", "100.00", "750.00", "7", "2", "1024", "0"
        ]
    );
}

/// CAST and CONVERT (Transact-SQL) example J's Hijri styles: 130 names the
/// month in Arabic and, as nvarchar without a length (30 characters), loses
/// its last letter; 131 is numeric. (The page prints a `.` before the
/// milliseconds where SQL Server's output elsewhere, and the style's own
/// pattern `hh:mi:ss:mmm`, have `:`.)
#[test]
fn hijri_styles_130_and_131() {
    let out = run_demo(
        "DECLARE @d datetime = '2019-08-23 13:39:17.090';
         SELECT CONVERT(NVARCHAR, @d, 130) AS a, CONVERT(NVARCHAR, @d, 131) AS b,
                CONVERT(nvarchar(40), CAST('2014-04-28 09:31:28.580' AS datetime), 130) AS c",
        &[],
    )
    .expect("the report runs");
    let (_, rows) = rows_of(&out);
    assert_eq!(
        rows[0],
        [
            "22 ذو الحجة 1440  1:39:17:090P",
            "22/12/1440  1:39:17:090PM",
            "28 جمادى الثانية 1435  9:31:28:580AM"
        ]
    );
}

/// CONVERT of text to datetime reads the style's order and calendar: the
/// British 103, the German 104, the Hijri 131 and 130 (example J's date read
/// back), TRY_CONVERT of an impossible date is NULL, CONVERT of it an error.
#[test]
fn convert_reads_text_in_the_styles_order() {
    let out = run_demo(
        "SELECT CONVERT(datetime, '15/01/2024', 103) AS a, CONVERT(date, '15.01.24', 4) AS b,
                CONVERT(datetime, '22/12/1440  1:39:17:090PM', 131) AS c,
                CONVERT(datetime, N'22 ذو الحجة 1440  1:39:17:090PM', 130) AS d,
                TRY_CONVERT(datetime, '02/31/2024', 101) AS e",
        &[],
    )
    .expect("the report runs");
    let (_, rows) = rows_of(&out);
    assert_eq!(
        rows[0],
        [
            "2024-01-15 00:00:00",
            "2024-01-15",
            "2019-08-23 13:39:17.090",
            "2019-08-23 13:39:17.090",
            "NULL"
        ]
    );
    let wrong = run_demo("SELECT CONVERT(datetime, '15/01/2024', 101)", &[])
        .expect_err("month 15 is an error")
        .to_string();
    assert!(
        wrong.contains("'15/01/2024'") && wrong.contains("Conversion failed"),
        "{wrong}"
    );
}

/// `v_CM_RES_COLL_<CollectionID>`, one view per collection: the sample
/// query of Learn's "Joining collection and discovery views" runs, and each
/// collection's view holds exactly its members of v_FullCollectionMembership
/// (any case of the id); an id of the wrong length is no such view.
#[test]
fn per_collection_views_hold_their_members() {
    let sample = "SELECT SYS.Resource_Domain_OR_Workgr0, COLL1.Name, SYSIP.IP_Addresses0
        FROM v_CM_RES_COLL_SMS00001 COLL1
        INNER JOIN v_R_System SYS ON COLL1.ResourceID = SYS.ResourceID
        INNER JOIN v_RA_System_IPAddresses SYSIP ON COLL1.ResourceID = SYSIP.ResourceID
        WHERE COLL1.IsClient = 0
        ORDER BY SYS.Resource_Domain_OR_Workgr0, COLL1.Name";
    let same = "SELECT SYS.Resource_Domain_OR_Workgr0, F.Name, SYSIP.IP_Addresses0
        FROM v_FullCollectionMembership F
        INNER JOIN v_R_System SYS ON F.ResourceID = SYS.ResourceID
        INNER JOIN v_RA_System_IPAddresses SYSIP ON F.ResourceID = SYSIP.ResourceID
        WHERE F.CollectionID = 'SMS00001' AND F.IsClient = 0
        ORDER BY SYS.Resource_Domain_OR_Workgr0, F.Name";
    let (names, rows) = rows_of(&run_demo(sample, &[]).expect("the sample query runs"));
    assert_eq!(names, ["Resource_Domain_OR_Workgr0", "Name", "IP_Addresses0"]);
    assert!(!rows.is_empty());
    assert_eq!(rows, rows_of(&run_demo(same, &[]).expect("the same rows")).1);
    let counts = run_demo(
        "SELECT c.CollectionID, (SELECT COUNT(*) FROM v_FullCollectionMembership f WHERE f.CollectionID = c.CollectionID) AS n
         FROM v_Collection c WHERE c.CollectionID IN ('SMS00001', 'SMS00004', 'CON0006F') ORDER BY c.CollectionID",
        &[],
    )
    .expect("the counts");
    let (_, expected) = rows_of(&counts);
    let views = run_demo(
        "SELECT 'SMS00001', COUNT(*) FROM v_CM_RES_COLL_SMS00001
         UNION ALL SELECT 'SMS00004', COUNT(*) FROM v_cm_res_coll_sms00004
         UNION ALL SELECT 'CON0006F', COUNT(*) FROM v_CM_RES_COLL_CON0006F",
        &[],
    )
    .expect("the views");
    let (_, got) = rows_of(&views);
    assert_eq!(got.len(), 3);
    assert_eq!(got.len(), expected.len());
    for row in &expected {
        assert!(got.contains(row), "{row:?} in {got:?}");
    }
    let wrong = run_demo("SELECT * FROM v_CM_RES_COLL_SMS001", &[])
        .expect_err("no such view")
        .to_string();
    assert!(wrong.contains("no view v_CM_RES_COLL_SMS001"), "{wrong}");
    // A well-formed id of no collection: the site has no such view either.
    let none = run_demo("SELECT COUNT(*) FROM v_CM_RES_COLL_SMS99999", &[])
        .expect_err("no such collection")
        .to_string();
    assert!(none.contains("v_Collection has no CollectionID 'SMS99999'"), "{none}");
}

/// FOR XML PATH names as "Use PATH mode with FOR XML" writes them: a
/// double-quoted `"@id"` is an attribute, a name XML cannot hold is encoded
/// (`[Computer Name]` is `Computer_x0020_Name`), and an attribute named
/// twice is an error.
#[test]
fn for_xml_path_names_quoted_and_encoded() {
    let one = run_demo(
        "SELECT TOP 1 ResourceID, Name0 FROM v_R_System WHERE Name0 IS NOT NULL ORDER BY ResourceID",
        &[],
    )
    .expect("a device");
    let (_, device) = rows_of(&one);
    let (id, name) = (&device[0][0], &device[0][1]);
    let out = run_demo(
        &format!(
            "SELECT (SELECT ResourceID AS \"@id\", Name0 AS [Computer Name] FROM v_R_System
                     WHERE ResourceID = {id} FOR XML PATH('Device')) AS X"
        ),
        &[],
    )
    .expect("the list");
    let (_, rows) = rows_of(&out);
    assert_eq!(
        rows[0][0],
        format!("<Device id=\"{id}\"><Computer_x0020_Name>{name}</Computer_x0020_Name></Device>")
    );
    let twice = run_demo(
        "SELECT (SELECT ResourceID AS [@id], Name0 AS [@ID] FROM v_R_System FOR XML PATH('d'))",
        &[],
    )
    .expect_err("one attribute twice")
    .to_string();
    assert!(twice.contains("named twice"), "{twice}");
    // The list idiom escapes as the row form does: entities and control characters.
    let list = run_demo(
        &format!(
            "SELECT (SELECT Name0 + CHAR(1) + '<&>' FROM v_R_System WHERE ResourceID = {id} FOR XML PATH('')) AS L"
        ),
        &[],
    )
    .expect("the list");
    assert_eq!(rows_of(&list).1[0][0], format!("{name}&#x1;&lt;&amp;&gt;"));
}

/// FLOOR (Transact-SQL)'s example: FLOOR($123.45) is money, 123.0000; so is
/// CEILING of money, and CONVERT of it to text then has money's two decimals.
#[test]
fn ceiling_and_floor_of_money_stay_money() {
    let out = run_demo(
        "SELECT FLOOR(CAST(123.45 AS money)) AS a, CEILING(CAST(-123.45 AS money)) AS b,
                CEILING(CONVERT(smallmoney, 0.5)) AS c, FLOOR(CAST(123.45 AS decimal(10, 2))) AS d,
                CONVERT(varchar(20), CEILING(CAST(123.45 AS money))) AS e",
        &[],
    )
    .expect("the report runs");
    let (_, rows) = rows_of(&out);
    assert_eq!(rows[0], ["123.0000", "-123.0000", "1.0000", "123", "124.00"]);
}

/// PARSE and TRY_PARSE (Transact-SQL), the documented en-US examples: a
/// long date, 12/16/2010 in us_english, NULL for 'Jabberwokkie' under TRY_PARSE.
#[test]
fn parse_and_try_parse_read_en_us_text() {
    let out = run_demo(
        "SELECT PARSE('Monday, 13 December 2010' AS datetime2 USING 'en-US') AS a,
                PARSE('12/16/2010' AS datetime2) AS b,
                IIF(TRY_PARSE('Jabberwokkie' AS datetime2 USING 'en-US') IS NULL, 'True', 'False') AS c,
                IIF(TRY_PARSE('01/01/2011' AS datetime2) IS NULL, 'True', 'False') AS d,
                PARSE('-1,234.50' AS decimal(10, 2)) AS e,
                TRY_PARSE('12.5' AS int) AS f",
        &[],
    )
    .expect("the report runs");
    let (_, rows) = rows_of(&out);
    assert_eq!(
        rows[0],
        [
            "2010-12-13 00:00:00",
            "2010-12-16 00:00:00",
            "True",
            "False",
            "-1234.50",
            "NULL"
        ]
    );
    let e = run_demo("SELECT PARSE('Jabberwokkie' AS datetime2 USING 'en-US') AS a", &[]).expect_err("an error");
    assert!(e.to_string().contains("'Jabberwokkie'"), "{e}");
    let e = run_demo("SELECT PARSE('345,98' AS money USING 'de-DE') AS a", &[]).expect_err("an error");
    assert!(e.to_string().contains("de-DE"), "{e}");
}

/// SWITCHOFFSET (Transact-SQL): '1998-09-20 7:45:50.71345 -5:00' switched to
/// -08:00 is 1998-09-20 04:45:50.7134500 -08:00. AT TIME ZONE: a time
/// without offset gets the zone's offset, one with an offset is converted;
/// zones with daylight saving rules are a diagnostic offline.
#[test]
fn datetimeoffsets_switch_and_convert_by_fixed_offsets() {
    let out = run_demo(
        "DECLARE @d datetimeoffset = '1998-09-20 7:45:50.71345 -5:00';
         SELECT SWITCHOFFSET(CAST('1998-09-20 7:45:50.71345 -5:00' AS datetimeoffset), '-08:00') AS a,
                CAST('2022-05-30 00:00' AS datetime) AT TIME ZONE 'UTC-08' AS b,
                CAST('2022-05-30 07:00 +00:00' AS datetimeoffset) AT TIME ZONE 'UTC+12' AS c,
                CAST(SWITCHOFFSET(CAST('2024-01-01 10:00' AS datetimeoffset), 120) AS datetime) AS d,
                TODATETIMEOFFSET(CAST('2024-01-01 10:00' AS datetime), '+05:30') AS e,
                CAST(CAST('2024-01-01 10:00' AS datetime2) AT TIME ZONE 'UTC' AS varchar(40)) AS f",
        &[],
    )
    .expect("the report runs");
    let (_, rows) = rows_of(&out);
    assert_eq!(
        rows[0],
        [
            "1998-09-20 04:45:50.7134500 -08:00",
            "2022-05-30 00:00:00.0000000 -08:00",
            "2022-05-30 19:00:00.0000000 +12:00",
            "2024-01-01 12:00:00",
            "2024-01-01 10:00:00.0000000 +05:30",
            "2024-01-01 10:00:00.0000000 +00:00"
        ]
    );
    let e = run_demo("SELECT GETDATE() AT TIME ZONE 'Pacific Standard Time' AS t", &[]).expect_err("an error");
    assert!(e.to_string().contains("daylight saving"), "{e}");
}

/// FOR JSON PATH ("Format query results as JSON with FOR JSON" and the
/// pages on PATH mode, ROOT, INCLUDE_NULL_VALUES and WITHOUT_ARRAY_WRAPPER).
#[test]
fn for_json_path_writes_rows_as_sql_server_does() {
    // The documented example, exactly.
    let out = run_demo(
        "SELECT 2015 AS year, 12 AS month, 15 AS day FOR JSON PATH, WITHOUT_ARRAY_WRAPPER",
        &[],
    )
    .expect("the report runs");
    let (names, rows) = rows_of(&out);
    assert_eq!(names, ["JSON_F52E2B61-18A1-11d1-B105-00805F49916B"]);
    assert_eq!(rows[0][0], r#"{"year":2015,"month":12,"day":15}"#);
    // TOP … ORDER BY picks and orders the rows; dotted names nest; NULLs are left out.
    let out = run_demo(
        "SELECT TOP 3 Name0 AS [Device.Name], ResourceID AS [Device.Id], CAST(NULL AS int) AS Missing
         FROM v_R_System ORDER BY Name0 DESC FOR JSON PATH, ROOT('devices')",
        &[],
    )
    .expect("the report runs");
    let (_, rows) = rows_of(&out);
    let json: serde_json::Value = serde_json::from_str(&rows[0][0]).expect("valid JSON");
    let expected = run_demo(
        "SELECT TOP 3 Name0, ResourceID FROM v_R_System ORDER BY Name0 DESC",
        &[],
    )
    .expect("the report runs");
    let (_, expected) = rows_of(&expected);
    let devices = json["devices"].as_array().expect("an array under the root");
    assert_eq!(devices.len(), 3);
    for (d, e) in devices.iter().zip(&expected) {
        assert_eq!(d["Device"]["Name"], e[0].as_str());
        assert_eq!(d["Device"]["Id"].to_string(), e[1]);
        assert!(d.get("Missing").is_none(), "{d}");
    }
    // As a correlated subquery: each device's collections, one object each.
    let out = run_demo(
        "SELECT TOP 5 s.ResourceID,
                (SELECT c.CollectionID AS id FROM v_FullCollectionMembership c
                 WHERE c.ResourceID = s.ResourceID ORDER BY c.CollectionID FOR JSON PATH) AS colls,
                (SELECT count(*) FROM v_FullCollectionMembership c WHERE c.ResourceID = s.ResourceID) AS n
         FROM v_R_System s ORDER BY s.ResourceID",
        &[],
    )
    .expect("the report runs");
    let (_, rows) = rows_of(&out);
    for r in &rows {
        let n: usize = r[2].parse().expect("a count");
        let ids: Vec<String> = match n {
            0 => vec![],
            _ => serde_json::from_str::<Vec<serde_json::Value>>(&r[1])
                .expect("valid JSON")
                .iter()
                .map(|o| o["id"].as_str().expect("an id").to_string())
                .collect(),
        };
        assert_eq!(ids.len(), n, "{r:?}");
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
    }
    let e = run_demo("SELECT * FROM v_R_System FOR JSON PATH", &[]).expect_err("an error");
    assert!(e.to_string().contains("name the columns"), "{e}");
    let e = run_demo("SELECT Name0 + 'x' FROM v_R_System FOR JSON PATH", &[]).expect_err("an error");
    assert!(e.to_string().contains("without a name"), "{e}");
}

#[test]
fn site_functions_read_their_provider_class_and_unknown_ones_are_named() {
    // fn_ListUpdateComplianceStatus returns SMS_UpdateComplianceStatus: every row of
    // v_Update_ComplianceStatusAll, with ResourceID as MachineID.
    let out = run_demo(
        "DECLARE @LCID int = dbo.fn_LShortNameToLCID(@Locale);
         SELECT (SELECT count(*) FROM fn_ListUpdateComplianceStatus(@LCID)) AS f,
                (SELECT count(*) FROM v_Update_ComplianceStatusAll) AS v,
                (SELECT count(*) FROM fn_rbac_ListUpdateComplianceStatus(@LCID, @UserSIDs) AS s
                   JOIN v_Update_ComplianceStatusAll AS a
                     ON a.ResourceID = s.MachineID AND a.CI_ID = s.CI_ID AND a.Status = s.Status) AS joined,
                @LCID AS lcid, dbo.fn_LShortNameToLCID('de-DE') AS de, dbo.fn_LShortNameToLCID('3082') AS n",
        &[("Locale", "en-US"), ("UserSIDs", "disabled")],
    )
    .expect("the report runs");
    let (names, rows) = rows_of(&out);
    assert_eq!(names, ["f", "v", "joined", "lcid", "de", "n"]);
    let v: u64 = rows[0][1].parse().expect("a count");
    assert!(v > 1000, "the demo has compliance rows: {v}");
    assert_eq!(rows[0][0], rows[0][1]);
    assert_eq!(rows[0][2], rows[0][1]);
    assert_eq!(&rows[0][3..], ["1033", "1031", "3082"]);
    // Columns print as the provider class spells them.
    let out =
        run_demo("SELECT TOP 1 * FROM fn_ListUpdateCIs(1033) AS u ORDER BY u.CI_ID", &[]).expect("the report runs");
    let (names, _) = rows_of(&out);
    assert!(
        names.contains(&"CI_ID".to_string()) && names.contains(&"ArticleID".to_string()),
        "{names:?}"
    );
    // An unknown locale, an unknown function and a wrong argument count are errors naming them.
    let e = run_demo("SELECT dbo.fn_LShortNameToLCID('xx-YY') AS l", &[]).expect_err("an error");
    assert!(e.to_string().contains("'xx-YY'"), "{e}");
    let e = run_demo("SELECT * FROM fn_ListDriverCIs(1033)", &[]).expect_err("an error");
    assert!(e.to_string().contains("fn_ListDriverCIs is not defined offline"), "{e}");
    let e = run_demo("SELECT dbo.fn_GetAppState(1, 2, 3, 1, 1, 1) AS s", &[]).expect_err("an error");
    assert!(e.to_string().contains("fn_GetAppState is not defined offline"), "{e}");
    let e = run_demo("SELECT * FROM fn_ListCIs(1033, 1)", &[]).expect_err("an error");
    assert!(e.to_string().contains("fn_ListCIs takes 1 argument"), "{e}");
}
