"""Times the benchmark rules in DuckDB over the same Parquet snapshot, with
hand-written SQL that follows SQL Server's case-insensitive collation
(ILIKE, lower(rtrim(...)) for equality). Prints one JSON line per rule."""
import json, statistics, sys, time

VIEWS = ["v_R_System", "v_GS_OPERATING_SYSTEM", "v_RA_System_SystemOUName", "v_GS_ADD_REMOVE_PROGRAMS",
         "v_Update_ComplianceStatusAll", "v_GS_COMPUTER_SYSTEM"]

ci = lambda x: f"lower(rtrim({x}))"
RULES = {
    "1_os_caption_like": """SELECT s.ResourceID FROM v_R_System s JOIN v_GS_OPERATING_SYSTEM os ON os.ResourceID = s.ResourceID
        WHERE os.Caption0 ILIKE '%windows 11%'""",
    "2_ou_array": f"""SELECT DISTINCT s.ResourceID FROM v_R_System s LEFT JOIN v_RA_System_SystemOUName ou ON ou.ResourceID = s.ResourceID
        WHERE {ci('ou.System_OU_Name0')} = 'contoso.com/workstations/london'""",
    "3_software_version": f"""SELECT s.ResourceID FROM v_R_System s JOIN v_GS_ADD_REMOVE_PROGRAMS a ON a.ResourceID = s.ResourceID
        WHERE a.DisplayName0 ILIKE 'google chrome%' AND {ci('a.Version0')} < '120'""",
    "4_not_in_compliance": """SELECT s.ResourceID FROM v_R_System s WHERE s.Client0 = 1 AND s.ResourceID NOT IN
        (SELECT c.ResourceID FROM v_Update_ComplianceStatusAll c WHERE c.Status = 2)""",
    "5_three_class_join": f"""SELECT s.ResourceID FROM v_R_System s JOIN v_GS_OPERATING_SYSTEM os ON os.ResourceID = s.ResourceID
        JOIN v_GS_COMPUTER_SYSTEM cs ON cs.ResourceID = s.ResourceID
        WHERE {ci('cs.Manufacturer0')} = 'dell inc.' AND os.Caption0 ILIKE '%windows 10%'""",
}


def create_views(snap):
    """The statements that make the snapshot's views DuckDB views."""
    return [f"CREATE VIEW {v} AS SELECT * FROM read_parquet('{snap}/{v}.parquet')" for v in VIEWS]


if __name__ == "__main__":
    import duckdb

    snap, runs = sys.argv[1], int(sys.argv[2])
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    for statement in create_views(snap):
        con.execute(statement)
    for name, sql in RULES.items():
        times, rows = [], 0
        for _ in range(runs):
            t = time.perf_counter()
            rows = len(con.execute(sql).fetchall())
            times.append((time.perf_counter() - t) * 1000)
        print(json.dumps({"rule": name, "engine": "duckdb", "median_ms": statistics.median(times), "rows": rows}))
