// SQL: runs T-SQL over the site views; every result set becomes a table
// with its own CSV download.

import { post } from "./api.js";
import { $, h, replaceChildren } from "./dom.js";
import { attempt } from "./errors.js";
import { fillTable } from "./table.js";
import { diagnosticLine, formatCount, toCsv } from "./util.js";

const SHOWN_ROWS = 1000;

export class Sql {
  constructor() {
    this.seq = 0;
    $("sql-run").addEventListener("click", () => this.run());
    $("sql-input").addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.run();
      }
    });
  }

  async run() {
    const sql = $("sql-input").value;
    if (sql.trim() === "") return;
    const seq = ++this.seq;
    $("sql-run").disabled = true;
    $("sql-status").textContent = "Running…";
    const started = performance.now();
    const result = await attempt("SQL", () => post("/api/v1/sql", { sql }));
    if (seq !== this.seq) return;
    $("sql-run").disabled = false;
    if (!result) {
      $("sql-status").textContent = "Failed; see the error above.";
      return;
    }
    const sets = Array.isArray(result.results) ? result.results : [];
    $("sql-status").textContent = `${sets.length} result set${sets.length === 1 ? "" : "s"} in ${Math.round(performance.now() - started)} ms`;
    const messages = Array.isArray(result.messages) ? result.messages : [];
    const diagnostics = Array.isArray(result.diagnostics) ? result.diagnostics : [];
    replaceChildren($("sql-results"),
      diagnostics.length ? h("ul", { class: "diag-inline" }, diagnostics.map((d) => h("li", { class: d.severity || "warning" }, diagnosticLine(d)))) : null,
      messages.length ? h("section", { class: "messages" }, h("h4", null, "Messages"), h("pre", { "data-testid": "sql-messages" }, messages.join("\n"))) : null,
      sets.map((set, i) => resultSet(set, i + 1)),
      sets.length === 0 && !messages.length ? h("p", { class: "placeholder" }, "The batch returned no result set.") : null);
  }
}

function resultSet(set, n) {
  const columns = Array.isArray(set.columns) ? set.columns : [];
  const rows = Array.isArray(set.rows) ? set.rows : [];
  const table = h("table", { class: "grid", "data-testid": "sql-table" });
  fillTable(table, columns, rows.slice(0, SHOWN_ROWS));
  const download = () => {
    const blob = new Blob([toCsv(columns, rows)], { type: "text/csv;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const a = h("a", { href: url, download: `result-${n}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  };
  return h("section", { class: "result-set" },
    h("div", { class: "sub-bar" },
      h("h4", null, `Result ${n}: ${formatCount(rows.length)} row${rows.length === 1 ? "" : "s"}`),
      rows.length > SHOWN_ROWS ? h("span", { class: "muted" }, ` (first ${formatCount(SHOWN_ROWS)} shown; the CSV has all)`) : null,
      h("span", { class: "spacer" }),
      h("button", { type: "button", class: "small", "data-testid": "csv-download", onclick: download }, "Download CSV")),
    h("div", { class: "table-wrap", tabindex: "0", "aria-label": `Result ${n}` }, table));
}
