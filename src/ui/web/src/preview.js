// Preview: runs the rule on the data, one page of 50 rows at a time. The
// server sorts, filters and pages; this view sends what the user chose.

import { post } from "./api.js";
import { $, h, replaceChildren } from "./dom.js";
import { attempt } from "./errors.js";
import { fillTable } from "./table.js";
import { debounce, diagnosticLine, formatCount, formatMs } from "./util.js";

const PAGE_SIZE = 50;

export class Preview {
  constructor({ getRule }) {
    this.getRule = getRule;
    this.wql = null; // the rule of the last run
    this.offset = 0;
    this.sort = null;
    this.descending = false;
    this.columns = [];
    this.seq = 0;
    this.firstRow = null;
    $("run").addEventListener("click", () => this.run());
    $("prev-page").addEventListener("click", () => this.page(-1));
    $("next-page").addEventListener("click", () => this.page(1));
    const refilter = debounce(() => {
      if (this.wql === null) return;
      this.offset = 0;
      this.fetch();
    }, 300);
    $("preview-filter").addEventListener("input", refilter);
    $("preview-filter").addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        refilter.cancel();
        if (this.wql !== null) {
          this.offset = 0;
          this.fetch();
        }
      }
    });
  }

  /** Runs the editor's current rule from the first page. */
  run() {
    const wql = this.getRule();
    if (wql.trim() === "") return;
    // The sort column belongs to the previous rule's columns, which a new
    // rule may not have.
    if (wql !== this.wql) {
      this.sort = null;
      this.descending = false;
    }
    this.wql = wql;
    this.offset = 0;
    this.markStale(false);
    return this.fetch();
  }

  page(direction) {
    if (this.wql === null) return;
    this.offset = Math.max(0, this.offset + direction * PAGE_SIZE);
    this.fetch();
  }

  sortBy(column) {
    if (this.sort === column) {
      this.descending = !this.descending;
    } else {
      this.sort = column;
      this.descending = false;
    }
    this.offset = 0;
    this.fetch();
  }

  /** Notes that the editor no longer holds the rule shown. */
  ruleChanged(currentRule) {
    this.markStale(this.wql !== null && currentRule !== this.wql);
  }

  markStale(stale) {
    $("preview-stale").hidden = !stale;
  }

  async fetch() {
    const seq = ++this.seq;
    const body = {
      wql: this.wql,
      offset: this.offset,
      limit: PAGE_SIZE,
      sort: this.sort,
      descending: this.descending,
      filter: $("preview-filter").value,
    };
    const table = $("preview-table");
    table.setAttribute("aria-busy", "true");
    $("run").disabled = true;
    $("preview-count").classList.add("busy");
    const result = await attempt("Preview", () => post("/api/v1/preview", body));
    if (seq !== this.seq) return;
    $("run").disabled = false;
    table.removeAttribute("aria-busy");
    $("preview-count").classList.remove("busy");
    if (!result) {
      $("preview-count").textContent = "Failed";
      return;
    }
    this.render(result);
  }

  render(r) {
    const columns = Array.isArray(r.columns) ? r.columns : [];
    const rows = Array.isArray(r.rows) ? r.rows : [];
    // A sort column that the new result does not have is dropped.
    if (this.sort !== null && !columns.includes(this.sort)) {
      this.sort = null;
      this.descending = false;
    }
    this.columns = columns;
    this.firstRow = rows[0] || null;
    const total = typeof r.total === "number" ? r.total : rows.length;
    const matched = typeof r.matched === "number" ? r.matched : total;
    const offset = typeof r.offset === "number" ? r.offset : this.offset;
    this.offset = offset;

    const count = $("preview-count");
    count.textContent = `${formatCount(total)} row${total === 1 ? "" : "s"}`;
    count.dataset.total = String(total);
    count.dataset.matched = String(matched);
    $("preview-elapsed").textContent = typeof r.elapsed_ms === "number" ? `in ${formatMs(r.elapsed_ms)}` : "";

    const filtered = $("preview-filter").value !== "";
    const range = $("preview-range");
    range.dataset.matched = String(matched);
    if (rows.length === 0) {
      range.textContent = filtered ? `no rows match the filter (of ${formatCount(total)})` : "no rows";
    } else {
      const a = offset + 1;
      const b = offset + rows.length;
      range.textContent = `rows ${formatCount(a)}–${formatCount(b)} of ${formatCount(matched)}${filtered ? ` matching (of ${formatCount(total)})` : ""}`;
    }
    $("prev-page").disabled = offset <= 0;
    $("next-page").disabled = offset + rows.length >= matched;

    const warnings = Array.isArray(r.diagnostics) ? r.diagnostics : [];
    replaceChildren($("preview-warnings"), warnings.map((d) => h("li", { class: d.severity || "warning" }, diagnosticLine(d))));

    $("preview-placeholder").hidden = true;
    const table = $("preview-table");
    const headerFocused = table.contains(document.activeElement) && document.activeElement.classList.contains("sort");
    table.hidden = false;
    fillTable(table, columns, rows, {
      column: this.sort,
      descending: this.descending,
      onSort: (name) => this.sortBy(name),
    });
    // Keep keyboard focus on the header that was activated.
    if (headerFocused && this.sort) {
      const btn = table.querySelector(`button.sort[data-column="${CSS.escape(this.sort)}"]`);
      if (btn) btn.focus();
    }
    $("preview-table-wrap").scrollTop = 0;
  }
}
