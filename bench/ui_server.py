"""The workbench server as a user meets it: a preview's round trip over its
API (request to the last byte of the first page of 50 rows) against the
command line's `wqlkit preview --limit 50 --format json` on the same
snapshot (whole process, the same 50 rows), and the
server's memory (resident set) idle and after 100 previews.

Usage: bench/ui_server.py WQLKIT SNAPSHOT_DIR (RUNS=5)
"""
import json, os, statistics, subprocess, sys, time, urllib.request

RUNS = int(os.environ.get("RUNS", "5"))
RULES = [
    "select Name from SMS_R_System where Client = 1",
    "select SMS_R_System.Name from SMS_R_System inner join SMS_G_System_OPERATING_SYSTEM on "
    "SMS_G_System_OPERATING_SYSTEM.ResourceID = SMS_R_System.ResourceId where "
    "SMS_G_System_OPERATING_SYSTEM.Caption like '%Windows 11%'",
]


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    wqlkit, snapshot = sys.argv[1], sys.argv[2]
    server = subprocess.Popen([wqlkit, "ui", "--snapshot", snapshot, "--port", "0", "--no-open", "--exit-with-stdin"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    url = server.stdout.readline().split()[-1]
    base, token = url.split("/?token=")

    def post(path, body):
        request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        started = time.perf_counter()
        answer = json.load(urllib.request.urlopen(request, timeout=600))
        return answer, (time.perf_counter() - started) * 1000

    time.sleep(1)
    idle = rss_kb(server.pid)
    results = []
    for rule in RULES:
        api, cli = [], []
        for i in range(RUNS):
            # A rule the server has not just run (its last preview is kept for paging).
            post("/api/v1/check", {"wql": "select Name from SMS_R_System"})
            answer, ms = post("/api/v1/preview", {"wql": rule + (" " * (i + 1)), "limit": 50})
            api.append(ms)
            started = time.perf_counter()
            out = subprocess.run([wqlkit, "preview", rule, "--limit", "50", "--format", "json", "--snapshot", snapshot],
                                 capture_output=True, text=True, check=True)
            cli.append((time.perf_counter() - started) * 1000)
            first = [list(row.values()) for row in json.loads(out.stdout)]
            assert first == answer["rows"], "the API's first page is not the command line's first 50 rows"
        results.append({"rule": rule[:60], "rows": answer["total"], "api_preview_ms": statistics.median(api),
                        "cli_preview_limit_50_ms": statistics.median(cli)})
    for i in range(100):
        post("/api/v1/preview", {"wql": RULES[i % 2] + (" " * (i % 7 + 10)), "limit": 50})
    after = rss_kb(server.pid)
    print(json.dumps({"snapshot": snapshot, "idle_rss_mb": round(idle / 1024, 1),
                      "rss_after_100_previews_mb": round(after / 1024, 1), "rules": results}, indent=1))
    server.stdin.close()
    server.wait(30)


if __name__ == "__main__":
    main()
