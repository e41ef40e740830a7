#!/usr/bin/env python3
"""Browser test of the rule workbench served by `wqlkit ui`.

Usage: python3 tests/ui/workbench.py WQLKIT_BINARY SCREENSHOT_DIR

Starts `WQLKIT_BINARY ui --demo 500 --port 0 --no-open`, drives Debian's
Chromium (/usr/bin/chromium) headless with Playwright for Python at
1366x768, checks the page against the CLI's own answers, saves a screenshot
of each step into SCREENSHOT_DIR and stops the server. Exits non-zero with a
message naming the first check that failed; the whole run is bounded to
under three minutes. Needs Playwright for Python (`.venv/bin/pip install
playwright`; the browser is the system one, nothing is downloaded).

Environment: CHROMIUM (default /usr/bin/chromium), WORKBENCH_STARTUP_SECONDS
(how long to wait for the server's address, default 60).
"""

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit, parse_qs

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright
except ImportError:
    # Without Playwright here, use the repository's virtual environment.
    VENV_PYTHON = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".venv", "bin", "python")
    if os.path.exists(VENV_PYTHON) and not os.environ.get("WORKBENCH_REEXEC"):
        os.environ["WORKBENCH_REEXEC"] = "1"
        os.execv(VENV_PYTHON, [VENV_PYTHON, *sys.argv])
    sys.exit("workbench.py needs Playwright for Python: .venv/bin/pip install playwright")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
WHOLE_TEST_SECONDS = 150
STARTUP_SECONDS = int(os.environ.get("WORKBENCH_STARTUP_SECONDS", "60"))
CLI_SECONDS = 60
UI_TIMEOUT_MS = 15_000

TYPO_RULE = "select Name from SMS_R_System where Nme = 'x'"
FIXED_RULE = "select Name from SMS_R_System where Name = 'x'"
NULL_RULE = "select Name from SMS_R_System where LastLogonUserName = NULL"
NULL_FIXED = "select Name from SMS_R_System where LastLogonUserName is null"
RULE = "select Name, Client from SMS_R_System where Client = 1"
DIFF_BASE = "select Name, Client from SMS_R_System"
SQL = "SELECT TOP 3 Name0 FROM v_R_System ORDER BY Name0"


class CheckFailed(Exception):
    pass


class Timeout(Exception):
    pass


passed = 0


def check(condition, message):
    """Counts a passed check, or stops the test with `message`."""
    global passed
    if not condition:
        raise CheckFailed(message)
    passed += 1


current_step = "start"


def step(title):
    global current_step
    current_step = title
    print(f"-- {title}", flush=True)


def cli(binary, *args):
    """Runs the wqlkit CLI and returns its standard output."""
    p = subprocess.run([binary, *args], capture_output=True, text=True, timeout=CLI_SECONDS)
    if p.returncode != 0:
        raise CheckFailed(f"`wqlkit {' '.join(args)}` exited {p.returncode}: {p.stderr.strip()[:500]}")
    return p.stdout


def http_status(url, headers=None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class Server:
    """`wqlkit ui` as a subprocess; its output is read on a thread."""

    def __init__(self, binary):
        self.proc = subprocess.Popen(
            [binary, "ui", "--demo", "500", "--port", "0", "--no-open"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, bufsize=1, start_new_session=True,
        )
        self.lines = queue.Queue()
        self.output = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.output.append(line.rstrip("\n"))
            self.lines.put(line)
        self.lines.put(None)

    def url(self):
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CheckFailed(f"`wqlkit ui` printed no http://127.0.0.1: address within {STARTUP_SECONDS} s")
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise CheckFailed(f"`wqlkit ui` exited ({self.proc.wait()}) before printing its address:\n"
                                  + "\n".join(self.output[-20:]))
            if "http://127.0.0.1:" in line:
                return line.split()[-1]

    def stop(self):
        """Ends the server and anything it started (its own process group)."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.proc.poll() is not None:
                return
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                continue


def editor_text(page, testid="editor"):
    return page.evaluate(
        """(id) => [...document.querySelectorAll(`[data-testid="${id}"] .cm-line`)]
                   .map((l) => l.textContent).join("\\n")""", testid)


def set_editor(page, text, testid="editor", typed=False):
    """Replaces an editor's text, typed key by key or pasted at once."""
    content = page.locator(f'[data-testid="{testid}"] .cm-content')
    content.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    if typed:
        page.keyboard.type(text, delay=10)
    else:
        page.keyboard.insert_text(text)
    page.wait_for_function(
        """([id, want]) => [...document.querySelectorAll(`[data-testid="${id}"] .cm-line`)]
                          .map((l) => l.textContent).join("\\n") === want""", arg=[testid, text])


def no_page_scroll(page, where):
    sizes = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    check(sizes[0] <= sizes[1], f"{where}: the page scrolls horizontally (scrollWidth {sizes[0]} > {sizes[1]})")


def run(binary, shots):
    os.makedirs(shots, exist_ok=True)
    server = Server(binary)
    # Should the test itself get stuck, stop the server and exit regardless.
    def hard_stop():
        print(f"FAIL ({current_step}): the test did not finish; stopping", file=sys.stderr, flush=True)
        server.stop()
        os._exit(1)
    watchdog = threading.Timer(WHOLE_TEST_SECONDS + 20, hard_stop)
    watchdog.daemon = True
    watchdog.start()
    try:
        url = server.url()
        print(f"server: {url.split('?')[0]}", flush=True)
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        token = parse_qs(parts.query).get("token", [""])[0]
        check(token, f"the address printed by `wqlkit ui` has no token: {url}")

        step("1. the page and the API refuse requests without the token")
        status, _ = http_status(base + "/")
        check(status == 401, f"GET / without the token gave HTTP {status}, expected 401")
        status, _ = http_status(base + "/api/v1/info")
        check(status == 401, f"GET /api/v1/info without Authorization gave HTTP {status}, expected 401")
        status, body = http_status(base + "/api/v1/info", {"Authorization": f"Bearer {token}"})
        check(status == 200, f"GET /api/v1/info with the token gave HTTP {status}")
        info = json.loads(body)
        status, body = http_status(base + "/api/v1/collections", {"Authorization": f"Bearer {token}"})
        check(status == 200, f"GET /api/v1/collections with the token gave HTTP {status}")
        api_collections = json.loads(body)["collections"]

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=30_000)
            try:
                context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
                page = context.new_page()
                page.set_default_timeout(UI_TIMEOUT_MS)
                problems = []
                page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
                page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
                page.on("requestfailed", lambda r: problems.append(f"request failed: {r.method} {r.url} ({r.failure})"))
                page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.request.method} {r.url}"))
                try:
                    checks_ui(page, url, binary, shots, info, api_collections, problems)
                except Exception:
                    try:
                        page.screenshot(path=os.path.join(shots, "failure.png"))
                    except Exception:
                        pass
                    raise
            finally:
                browser.close()
    finally:
        server.stop()
        watchdog.cancel()


def checks_ui(page, url, binary, shots, info, api_collections, problems):
    shot = lambda name: page.screenshot(path=os.path.join(shots, name))

    step("2. the page loads cleanly and shows the data source")
    page.goto(url, wait_until="load")
    source = page.get_by_test_id("source")
    page.wait_for_function("(want) => document.querySelector('[data-testid=source]').textContent === want",
                           arg=info["source"])
    check(source.inner_text() == info["source"], "the page does not show the source from /api/v1/info")
    check("token=" not in page.url, f"the token is still in the address bar: {page.url}")
    page.wait_for_load_state("networkidle")
    check(not problems, "the page did not load cleanly:\n  " + "\n  ".join(problems))
    no_page_scroll(page, "start")

    step("2b. reloading the page keeps it working (its cookie and this tab's token)")
    page.reload(wait_until="load")
    page.wait_for_function("(want) => document.querySelector('[data-testid=source]').textContent === want",
                           arg=info["source"])
    page.wait_for_load_state("networkidle")
    check(not problems, "the reloaded page did not load cleanly:\n  " + "\n  ".join(problems))

    step("3. a misspelt property is reported, and its fix applies")
    set_editor(page, TYPO_RULE, typed=True)
    diagnostics = page.get_by_test_id("diagnostics")
    try:
        diagnostics.get_by_text("WQL0102").wait_for(timeout=8_000)
    except Exception:
        raise CheckFailed(f"no WQL0102 in the diagnostics list within 8 s; it shows: {diagnostics.inner_text()!r}")
    check(page.locator('[data-testid="editor"] .cm-lintRange-error').count() > 0,
          "the error is not underlined in the editor")
    shot("01-editor-diagnostics.png")
    # The fix as a CodeMirror lint action: hover the underline, press Apply.
    page.locator('[data-testid="editor"] .cm-lintRange-error').first.hover()
    tooltip = page.locator(".cm-tooltip-lint")
    tooltip.wait_for()
    check("WQL0102" in tooltip.inner_text(), f"the lint tooltip lacks the code: {tooltip.inner_text()!r}")
    tooltip.locator("button.cm-diagnosticAction", has_text="Apply").first.click()
    page.wait_for_function(
        "(want) => [...document.querySelectorAll('[data-testid=editor] .cm-line')].map((l) => l.textContent).join('\\n') === want",
        arg=FIXED_RULE, timeout=5_000)
    check(editor_text(page) == FIXED_RULE, f"after the fix the rule is {editor_text(page)!r}")
    page.wait_for_function("() => !document.querySelector('[data-testid=diagnostics]').textContent.includes('WQL0102')",
                           timeout=8_000)
    check("WQL0102" not in diagnostics.inner_text(), "WQL0102 is still listed after the fix")

    step("3a. a lint's fix applies from the diagnostics list: = NULL becomes IS NULL")
    set_editor(page, NULL_RULE, typed=True)
    try:
        diagnostics.get_by_text("WQL0212").wait_for(timeout=8_000)
    except Exception:
        raise CheckFailed(f"no WQL0212 in the diagnostics list within 8 s; it shows: {diagnostics.inner_text()!r}")
    page.locator('[data-testid="apply-fix"][data-fix="use IS NULL"]').click()
    page.wait_for_function(
        "(want) => [...document.querySelectorAll('[data-testid=editor] .cm-line')].map((l) => l.textContent).join('\\n') === want",
        arg=NULL_FIXED, timeout=5_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=diagnostics]').textContent.includes('WQL0212')",
                           timeout=8_000)
    check(editor_text(page) == NULL_FIXED, f"after the fix the rule is {editor_text(page)!r}")

    step("3b. keystroke to diagnostic: how long after a key the page shows that text's diagnostics")
    set_editor(page, "select Name from SMS_R_System where Client = 1")
    page.locator('[data-testid="editor"] .cm-content').click()
    page.keyboard.press("End")
    latencies = []
    for i in range(30):
        # Alternately make the rule invalid (a stray letter) and valid again.
        key = "x" if i % 2 == 0 else "Backspace"
        expected = "select Name from SMS_R_System where Client = 1" + ("x" if i % 2 == 0 else "")
        page.evaluate("() => { window.wqlkitKeyAt = performance.now(); }")
        page.keyboard.press(key)
        page.wait_for_function(
            "(want) => window.wqlkitLastCheck && window.wqlkitLastCheck.text === want"
            " && window.wqlkitLastCheck.at >= window.wqlkitKeyAt", arg=expected, timeout=5_000)
        latencies.append(page.evaluate("() => window.wqlkitLastCheck.at - window.wqlkitKeyAt"))
        page.wait_for_timeout(60)
    latencies.sort()
    p50 = latencies[len(latencies) // 2]
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    print(f"keystroke-to-diagnostic: p50 {p50:.1f} ms, p95 {p95:.1f} ms over {len(latencies)} keys", flush=True)

    step("4. T-SQL, preview count, paging, filter and sort")
    set_editor(page, RULE)
    tsql = page.get_by_test_id("tsql")
    page.wait_for_function("() => document.querySelector('[data-testid=tsql]').textContent.includes('v_R_System')",
                           timeout=8_000)
    check("v_R_System" in tsql.inner_text(), "the T-SQL pane does not mention v_R_System")
    expected = int(cli(binary, "preview", RULE, "--count").strip().split()[0])
    count = page.get_by_test_id("preview-count")
    counted = "() => document.querySelector('[data-testid=preview-count]').dataset.total !== undefined"
    # Ctrl+Enter in the editor runs the preview ...
    page.locator('[data-testid="editor"] .cm-content').press("Control+Enter")
    page.wait_for_function(counted)
    check(int(count.get_attribute("data-total")) == expected,
          f"Ctrl+Enter: the preview counts {count.get_attribute('data-total')} rows; expected {expected}")
    # ... and so does the Run button.
    page.evaluate("() => { delete document.querySelector('[data-testid=preview-count]').dataset.total; }")
    page.get_by_test_id("run").click()
    page.wait_for_function(counted)
    total = int(count.get_attribute("data-total"))
    check(total == expected, f"the preview counts {total} rows; `wqlkit preview --count` says {expected}")
    check(re.sub(r"\D", "", count.inner_text()) == str(expected), f"the count shown is {count.inner_text()!r}")
    rows = page.locator('[data-testid="preview-table"] tbody tr')
    check(rows.count() == min(50, expected), f"the first page has {rows.count()} rows, expected {min(50, expected)}")
    shot("02-preview.png")
    no_page_scroll(page, "preview")
    if expected > 50:
        page.get_by_test_id("next-page").click()
        page.wait_for_function("() => document.querySelector('[data-testid=preview-range]').textContent.startsWith('rows 51')")
        page.get_by_test_id("prev-page").click()
        page.wait_for_function("() => document.querySelector('[data-testid=preview-range]').textContent.startsWith('rows 1')")

    page.get_by_test_id("preview-filter").fill("LON")
    page.wait_for_function(
        "(total) => Number(document.querySelector('[data-testid=preview-range]').dataset.matched) < total",
        arg=total)
    matched = int(page.get_by_test_id("preview-range").get_attribute("data-matched"))
    check(0 < matched < total, f"the filter LON matches {matched} of {total} rows")
    texts = rows.evaluate_all("(trs) => trs.map((tr) => tr.textContent.toUpperCase())")
    check(all("LON" in t for t in texts), "a filtered row does not contain LON")

    header = page.locator('[data-testid="preview-table"] th button.sort[data-column="Name"]')
    header.click()
    page.locator('[data-testid="preview-table"] th[aria-sort="ascending"]').wait_for()
    first_column = lambda: rows.evaluate_all("(trs) => trs.map((tr) => tr.cells[0].textContent)")
    names = first_column()
    check(names == sorted(names) or names == sorted(names, key=str.casefold),
          f"after sorting by Name the first column is not ascending: {names[:5]}...")
    page.locator('[data-testid="preview-table"] th button.sort[data-column="Name"]').click()
    page.locator('[data-testid="preview-table"] th[aria-sort="descending"]').wait_for()
    names_desc = first_column()
    check(names_desc == sorted(names_desc, reverse=True) or names_desc == sorted(names_desc, key=str.casefold, reverse=True),
          f"after sorting again the first column is not descending: {names_desc[:5]}...")
    shot("02b-preview-filtered-sorted.png")
    device = names[0]

    step("5. explain a device of the preview")
    page.get_by_test_id("tab-explain").click()
    page.get_by_test_id("explain-device").fill(device)
    page.wait_for_function("() => document.querySelectorAll('#device-options option').length > 0")
    page.get_by_test_id("explain-run").click()
    badge = page.locator('[data-testid="explain-result"] [data-testid="explain-badge"]')
    badge.wait_for()
    check(badge.get_attribute("data-member") == "true" and badge.inner_text().strip() == "member",
          f"{device} is not shown as a member: {badge.inner_text()!r}")
    check(device in page.get_by_test_id("explain-result").inner_text(), "the explanation does not name the device")
    shot("03-explain.png")

    step("diff against a saved rule")
    page.get_by_test_id("tab-diff").click()
    set_editor(page, DIFF_BASE, "diff-base")
    page.get_by_test_id("diff-run").click()
    page.get_by_test_id("diff-unchanged-count").wait_for()
    unchanged = int(re.sub(r"\D", "", page.get_by_test_id("diff-unchanged-count").inner_text()))
    added = int(re.sub(r"\D", "", page.get_by_test_id("diff-added-count").inner_text()))
    check(unchanged == expected and added == 0,
          f"diff: {added} added, {unchanged} unchanged; expected 0 added, {expected} unchanged")
    shot("04-diff.png")

    step("6. the collections graph")
    evaluated = json.loads(cli(binary, "collections", "eval", "--format", "json"))
    if isinstance(evaluated, dict):
        evaluated = evaluated.get("collections", [])
    page.get_by_test_id("tab-collections").click()
    page.wait_for_function(
        "(n) => document.querySelectorAll('svg[data-testid=collections-graph] g.node').length >= n",
        arg=len(evaluated), timeout=30_000)
    nodes = page.locator('svg[data-testid="collections-graph"] g.node').count()
    check(nodes >= len(evaluated), f"the graph has {nodes} nodes; `collections eval` reports {len(evaluated)}")
    shot("05-collections.png")
    no_page_scroll(page, "collections")
    page.get_by_test_id("evaluate").click()
    try:
        # A fast server may be done before the progress bar can be seen.
        page.get_by_test_id("evaluate-progress").wait_for(state="visible", timeout=1_000)
        shot("05a-evaluating.png")
    except PlaywrightError:
        pass
    page.get_by_test_id("evaluate-progress").wait_for(state="hidden", timeout=60_000)
    check("Evaluated" in page.locator("#collections-status").inner_text(),
          f"evaluation did not finish: {page.locator('#collections-status').inner_text()!r}")
    with_rule = next((c for c in api_collections if c.get("rules")), None)
    if with_rule:
        page.locator(f'svg[data-testid="collections-graph"] g.node[data-id="{with_rule["id"]}"]').click()
        page.wait_for_function(
            "(want) => [...document.querySelectorAll('[data-testid=editor] .cm-line')].map((l) => l.textContent).join('\\n') === want",
            arg=with_rule["rules"][0]["wql"])
        shot("05b-collection-opened.png")

    step("7. T-SQL over the views, with a CSV download")
    page.get_by_test_id("tab-sql").click()
    page.get_by_test_id("sql-input").fill(SQL)
    page.get_by_test_id("sql-run").click()
    table_rows = page.locator('[data-testid="sql-results"] table tbody tr')
    page.wait_for_function("() => document.querySelectorAll('[data-testid=sql-results] table tbody tr').length > 0")
    check(table_rows.count() == 3, f"the SQL result has {table_rows.count()} rows, expected 3")
    shot("06-sql.png")
    with page.expect_download() as info_dl:
        page.get_by_test_id("csv-download").first.click()
    csv_path = os.path.join(shots, "result.csv")
    info_dl.value.save_as(csv_path)
    with open(csv_path, encoding="utf-8", newline="") as f:
        csv_text = f.read()
    lines = csv_text.splitlines()
    check(len(lines) == 4, f"the CSV has {len(lines)} lines, expected 4: {csv_text!r}")
    check(lines[0].lstrip("\ufeff") == "Name0", f"the CSV header is {lines[0]!r}")

    check(page.get_by_test_id("error").is_hidden(),
          f"the error area shows: {page.get_by_test_id('error').inner_text()!r}")
    check(not problems, "console errors or failed requests:\n  " + "\n  ".join(problems))


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    binary, shots = os.path.abspath(sys.argv[1]), sys.argv[2]

    def on_alarm(signum, frame):
        raise Timeout(f"the test took longer than {WHOLE_TEST_SECONDS} s")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(WHOLE_TEST_SECONDS)
    started = time.monotonic()
    try:
        run(binary, shots)
    except (CheckFailed, Timeout, PlaywrightError, subprocess.TimeoutExpired) as e:
        print(f"FAIL ({current_step}): {e}", file=sys.stderr, flush=True)
        print(f"{passed} passed, 1 failed", flush=True)
        return 1
    finally:
        signal.alarm(0)
    print(f"workbench: {time.monotonic() - started:.1f} s; screenshots in {shots}")
    print(f"{passed} passed, 0 failed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
