// Result tables shared by the preview and the SQL view.

import { h } from "./dom.js";
import { cellText } from "./util.js";

/** A table cell for one value: numbers right-aligned, NULL greyed. */
export function cell(value) {
  if (value === null || value === undefined) return h("td", { class: "null" }, "NULL");
  if (typeof value === "number") return h("td", { class: "num" }, String(value));
  if (typeof value === "boolean") return h("td", { class: "bool" }, String(value));
  const text = cellText(value);
  return h("td", text.length > 60 ? { title: text } : null, text);
}

/**
 * Fills `table` with columns and rows. With `sort` ({column, descending,
 * onSort}), header cells are buttons that sort by their column.
 */
export function fillTable(table, columns, rows, sort = null) {
  // A column whose values on this page are all numbers is right-aligned.
  const numeric = columns.map((_, i) => {
    let seen = false;
    for (const row of rows) {
      const v = row[i];
      if (v === null || v === undefined) continue;
      if (typeof v !== "number") return false;
      seen = true;
    }
    return seen;
  });
  const head = h("tr", null, columns.map((name, i) => {
    const cls = numeric[i] ? "num" : null;
    if (!sort) return h("th", { scope: "col", class: cls }, name);
    const active = sort.column === name;
    const dir = active ? (sort.descending ? "descending" : "ascending") : null;
    return h("th", { scope: "col", class: cls, "aria-sort": dir || "none" },
      h("button", {
        type: "button",
        class: "sort",
        "data-column": name,
        title: active && !sort.descending ? `Sort by ${name}, descending` : `Sort by ${name}`,
        onclick: () => sort.onSort(name),
      }, name, h("span", { class: `arrow${active ? "" : " idle"}`, "aria-hidden": "true" }, active ? (sort.descending ? " ▼" : " ▲") : " ⇅")));
  }));
  const body = h("tbody", null, rows.map((row) => h("tr", null, columns.map((_, i) => cell(row[i])))));
  table.replaceChildren(h("thead", null, head), body);
}
