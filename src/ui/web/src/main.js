// Entry point of the workbench page.

import { get, post, takeTokenFromLocation } from "./api.js";
import { $ } from "./dom.js";
import { attempt, showError } from "./errors.js";
import { RuleEditor } from "./editor.js";
import { Preview } from "./preview.js";
import { Explain } from "./explain.js";
import { Diff } from "./diff.js";
import { Collections } from "./collections.js";
import { Sql } from "./sql.js";

const SAMPLE_RULE = "select Name, Client from SMS_R_System where Client = 1";

function start() {
  const hasToken = takeTokenFromLocation();

  let preview = null;
  let collections = null;
  const tabs = new Tabs((name) => {
    // The graph loads the first time its tab is opened.
    if (name === "collections" && collections) collections.ensureLoaded();
  });
  const editor = new RuleEditor($("editor"), {
    doc: SAMPLE_RULE,
    onRun: () => {
      tabs.select("preview");
      preview.run();
    },
    onChange: () => preview && preview.ruleChanged(editor.text),
  });
  const getRule = () => editor.text;
  preview = new Preview({ getRule });
  $("run").addEventListener("click", () => tabs.select("preview"));
  new Explain({ getRule });
  new Diff({ getRule });
  collections = new Collections({
    openRule: (wql) => {
      editor.setText(wql);
      editor.focus();
    },
  });
  new Sql();

  $("format").addEventListener("click", async () => {
    const text = editor.text;
    if (text.trim() === "") return;
    const result = await attempt("Format", () => post("/api/v1/format", { wql: text }));
    if (result && typeof result.wql === "string" && editor.text === text) editor.setText(result.wql);
  });

  if (!hasToken) {
    showError("Start", new Error("this page was opened without its session token: open the address that \"wqlkit ui\" printed"));
  }
  loadInfo();
}

async function loadInfo() {
  const info = await attempt("Server info", () => get("/api/v1/info"));
  if (!info) {
    $("info-source").textContent = "unavailable";
    return;
  }
  $("info-source").textContent = info.source || "unknown";
  $("info-now").textContent = info.now || (info.live ? "the server's" : "–");
  $("info-version").textContent = info.version || "–";
  document.title = `wqlkit workbench: ${info.source || ""}`;
  if (info.live) offlineOnly();
}

/** A live site answers previews; the panes that read offline rows say how to get them. */
function offlineOnly() {
  const why = "Reads offline rows: export a snapshot (wqlkit snapshot export … --out DIR) and start wqlkit ui --snapshot DIR";
  for (const name of ["explain", "diff", "collections", "sql"]) {
    const tab = $(`tab-${name}`);
    tab.disabled = true;
    tab.title = why;
    tab.setAttribute("aria-disabled", "true");
  }
}

/** The tab strip of the right-hand pane; arrow keys move between tabs. */
class Tabs {
  constructor(onSelect) {
    this.onSelect = onSelect;
    this.buttons = [...document.querySelectorAll('.tabs [role="tab"]')];
    for (const button of this.buttons) {
      button.addEventListener("click", () => this.select(button.id.replace(/^tab-/, "")));
      button.addEventListener("keydown", (e) => {
        // Disabled tabs (offline panes on a live site) are skipped.
        const tabs = this.buttons.filter((b) => !b.disabled);
        const i = tabs.indexOf(button);
        let next = null;
        if (e.key === "ArrowRight") next = tabs[(i + 1) % tabs.length];
        else if (e.key === "ArrowLeft") next = tabs[(i - 1 + tabs.length) % tabs.length];
        else if (e.key === "Home") next = tabs[0];
        else if (e.key === "End") next = tabs[tabs.length - 1];
        if (next) {
          e.preventDefault();
          next.focus();
          this.select(next.id.replace(/^tab-/, ""));
        }
      });
    }
  }

  select(name) {
    for (const button of this.buttons) {
      const on = button.id === `tab-${name}`;
      button.setAttribute("aria-selected", String(on));
      $(button.getAttribute("aria-controls")).hidden = !on;
    }
    this.onSelect(name);
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
