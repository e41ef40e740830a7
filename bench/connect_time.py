"""Connect time of a Windows login (NTLM) against a SQL login, as wqlkit
reports it ("connected in N ms": TCP, pre-login, TLS for the login, the
login or NTLM's three legs, up to the server's acknowledgement), against the
pysqlbridge fixture server of the tests (tests/bridge/bridge.py) on
127.0.0.1, which admits both. The two logins alternate, RUNS of each (20 by
default); prints the median and quartiles of each and their ratio.

Usage: bench/connect_time.py WQLKIT [PYTHON] (PYTHON: the venv with
pysqlbridge 2.1.3 and pyspnego 0.12.4, default .venv/bin/python3)
"""
import json, os, re, socket, statistics, subprocess, sys, tempfile, time
from pathlib import Path

RUNS = int(os.environ.get("RUNS", "20"))
ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    wqlkit = sys.argv[1]
    python = sys.argv[2] if len(sys.argv) > 2 else str(ROOT / ".venv/bin/python3")
    work = Path(tempfile.mkdtemp(prefix="wqlkit-connect-"))
    (work / "v_R_System.csv").write_text("ResourceID\n1\n2\n3\n")
    password = "bench-password-1"
    (work / "bridge.json").write_text(json.dumps({
        "logins": [{"user": "bench_sql", "password": password}],
        "tables": [{"name": "v_R_System", "csv": str(work / "v_R_System.csv")}],
    }))
    (work / "users.txt").write_text(f"BENCH:analyst:{password}\n")
    port = free_port()
    env = dict(os.environ,
               WQLKIT_ORACLE_VERSION="2.1.3", WQLKIT_BRIDGE_CERT=str(work / "bridge.crt"),
               WQLKIT_ORACLE_NOW="2026-11-01T08:00:00", WQLKIT_ORACLE_MAX_JOIN_ROWS="1000000",
               WQLKIT_BRIDGE_DENIED_VIEW="v_GS_RESTRICTED", WQLKIT_BRIDGE_DATABASE="CM_DEMO",
               WQLKIT_BRIDGE_LOGINS=str(work / "logins.log"), NTLM_USER_FILE=str(work / "users.txt"),
               LM_COMPAT_LEVEL="5")
    server = subprocess.Popen(
        [python, str(ROOT / "tests/bridge/bridge.py"), "--host", "127.0.0.1", "--port", str(port),
         "--config", str(work / "bridge.json")],
        env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        users = {"sql login": "bench_sql", "ntlm": "BENCH\\analyst"}
        run_env = dict(os.environ, WQLKIT_PASSWORD=password, WQLKIT_CACHE_DIR=str(work / "cache"))

        def connect_ms(user):
            out = subprocess.run(
                [wqlkit, "preview", "select ResourceId from SMS_R_System", "--count",
                 "--server", f"127.0.0.1:{port}", "--database", "CM_DEMO", "--user", user,
                 "--encrypt", "off"], env=run_env, capture_output=True, text=True)
            m = re.search(r"connected in (\d+) ms", out.stderr)
            if out.returncode != 0 or not m:
                return None, out.stderr
            return int(m.group(1)), out.stderr

        deadline = time.time() + 60
        while connect_ms(users["sql login"])[0] is None:
            if time.time() > deadline:
                sys.exit("the server did not start: " + connect_ms(users["sql login"])[1])
            time.sleep(0.2)
        times = {k: [] for k in users}
        for _ in range(RUNS):
            for kind, user in users.items():
                ms, err = connect_ms(user)
                if ms is None:
                    sys.exit(f"{kind}: {err}")
                times[kind].append(ms)
        result = {}
        for kind, t in times.items():
            q = statistics.quantiles(t, n=4)
            result[kind] = {"median_ms": statistics.median(t), "q1_ms": q[0], "q3_ms": q[2], "runs": len(t)}
        result["ratio_ntlm_to_sql"] = round(result["ntlm"]["median_ms"] / max(result["sql login"]["median_ms"], 0.5), 2)
        print(json.dumps(result))
    finally:
        server.stdin.close()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
