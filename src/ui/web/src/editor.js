// The rule editor: CodeMirror with WQL highlighting, live checking against
// /check (diagnostics in the editor and in a list below it) and the T-SQL
// translation of a valid rule.

import { EditorView, basicSetup } from "codemirror";
import { EditorState, Prec } from "@codemirror/state";
import { keymap, placeholder } from "@codemirror/view";
import { setDiagnostics, lintGutter, forEachDiagnostic } from "@codemirror/lint";
import { wqlLanguage, wqlHighlight } from "./wql-language.js";
import { post } from "./api.js";
import { $, h, replaceChildren } from "./dom.js";
import { clearError, showError } from "./errors.js";
import { byteToCharMapper, debounce, diagnosticLine, fixesOf } from "./util.js";

const editorTheme = EditorView.theme({
  "&": { height: "100%", fontSize: "13.5px" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.5" },
  ".cm-content": { padding: "6px 0" },
});

/** Creates a WQL editor (highlighting, wrapping, history, search). */
export function createWqlEditor(parent, { doc = "", extensions = [], label = "" } = {}) {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        basicSetup,
        wqlLanguage,
        wqlHighlight,
        EditorView.lineWrapping,
        editorTheme,
        EditorView.contentAttributes.of({ "aria-label": label, spellcheck: "false", autocapitalize: "off", autocorrect: "off" }),
        ...extensions,
      ],
    }),
  });
}

/** Replaces the whole text of an editor. */
export function setEditorText(view, text) {
  view.dispatch({
    changes: { from: 0, to: view.state.doc.length, insert: text },
    selection: { anchor: text.length },
    scrollIntoView: true,
  });
}

/**
 * The main editor and its checker. Options: onRun (Ctrl+Enter), onChange
 * (any edit, immediately).
 */
export class RuleEditor {
  constructor(parent, { doc, onRun, onChange }) {
    this.seq = 0;
    this.onChange = onChange;
    this.diagnostics = [];
    // A local server checks a rule in about a millisecond: check as soon as typing pauses.
    this.scheduleCheck = debounce(() => this.check(), 20);
    this.view = createWqlEditor(parent, {
      doc,
      label: "WQL rule",
      extensions: [
        lintGutter(),
        placeholder("select Name from SMS_R_System where ..."),
        Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => { onRun(); return true; }, preventDefault: true }])),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) {
            this.onChange && this.onChange();
            this.setStatus("editing…");
            $("tsql").classList.add("stale");
            this.scheduleCheck();
          }
        }),
      ],
    });
    $("tsql-copy").addEventListener("click", () => this.copyTsql());
    this.check();
  }

  get text() {
    return this.view.state.doc.toString();
  }

  setText(text) {
    setEditorText(this.view, text);
  }

  focus() {
    this.view.focus();
  }

  setStatus(text, kind = "") {
    const el = $("check-status");
    el.textContent = text;
    el.className = `check-status ${kind}`;
  }

  /** Checks the current text now; translates it when it is valid. */
  async check() {
    this.scheduleCheck.cancel();
    const text = this.text;
    const seq = ++this.seq;
    if (text.trim() === "") {
      this.applyDiagnostics(text, []);
      this.setStatus("");
      this.showTsql(null, "Type a rule to see its T-SQL.");
      clearError("Check");
      clearError("Translate");
      return;
    }
    this.setStatus("checking…");
    let result;
    try {
      result = await post("/api/v1/check", { wql: text });
      clearError("Check");
    } catch (err) {
      if (seq === this.seq) {
        this.setStatus("check failed", "bad");
        showError("Check", err);
      }
      return;
    }
    if (seq !== this.seq || text !== this.text) return;
    const diagnostics = Array.isArray(result.diagnostics) ? result.diagnostics : [];
    this.applyDiagnostics(text, diagnostics);
    // When the diagnostics of which text were shown: read by the browser test's latency measure.
    window.wqlkitLastCheck = { text, at: performance.now() };
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    const warnings = diagnostics.length - errors;
    if (result.valid) {
      this.setStatus(warnings ? `valid, ${warnings} warning${warnings > 1 ? "s" : ""}` : "valid", warnings ? "warn" : "ok");
      await this.translate(text, seq, diagnostics);
    } else {
      this.setStatus(`${errors || "some"} error${errors === 1 ? "" : "s"}`, "bad");
      this.showTsql(null, "The rule has errors: fix them to see its T-SQL.");
      clearError("Translate");
    }
  }

  async translate(text, seq, checkDiagnostics) {
    let result;
    try {
      result = await post("/api/v1/translate", { wql: text });
      clearError("Translate");
    } catch (err) {
      if (seq === this.seq) {
        this.showTsql(null, "The rule could not be translated.");
        showError("Translate", err);
      }
      return;
    }
    if (seq !== this.seq) return;
    const seen = new Set(checkDiagnostics.map((d) => `${d.code}@${d.location ? d.location.start : ""}`));
    const extra = (result.diagnostics || []).filter((d) => !seen.has(`${d.code}@${d.location ? d.location.start : ""}`));
    this.showTsql(result, null, extra);
  }

  showTsql(result, note, extra = []) {
    const pane = $("tsql");
    pane.classList.remove("stale");
    if (!result) {
      replaceChildren(pane, h("p", { class: "placeholder" }, note));
      pane.dataset.sql = "";
      return;
    }
    const params = Array.isArray(result.params) ? result.params : [];
    pane.dataset.sql = result.sql || "";
    replaceChildren(pane,
      h("pre", { class: "sql" }, result.sql || ""),
      params.length > 0
        ? h("table", { class: "params" },
            h("thead", null, h("tr", null, h("th", null, "Parameter"), h("th", null, "Type"), h("th", null, "Value"))),
            h("tbody", null, params.map((p) => h("tr", null,
              h("td", null, h("code", null, p.name)),
              h("td", null, p.type),
              h("td", null, h("code", null, JSON.stringify(p.value)))))))
        : null,
      extra.length > 0 ? h("ul", { class: "diag-inline" }, extra.map((d) => h("li", { class: d.severity }, diagnosticLine(d)))) : null);
  }

  async copyTsql() {
    const sql = $("tsql").dataset.sql;
    if (!sql) return;
    try {
      await navigator.clipboard.writeText(sql);
      $("tsql-copy").textContent = "Copied";
    } catch {
      // Without clipboard access, select the text for a manual copy.
      const pre = $("tsql").querySelector("pre");
      if (pre) window.getSelection().selectAllChildren(pre);
      $("tsql-copy").textContent = "Selected";
    }
    setTimeout(() => { $("tsql-copy").textContent = "Copy"; }, 1500);
  }

  /** Shows the API diagnostics of `text` in the editor and the list. */
  applyDiagnostics(text, diagnostics) {
    const toChar = byteToCharMapper(text);
    const length = this.view.state.doc.length;
    const cm = [];
    const items = [];
    for (const d of diagnostics) {
      const span = spanOf(d.location, toChar, length);
      const severity = d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "info";
      const fixes = fixesOf(d, toChar, length);
      const actions = fixes.map((fix) => ({
        name: fixes.length === 1 ? "Apply" : `Apply ${fix.label}`,
        apply: (view) => this.applyFix(text, fix),
      }));
      let message = diagnosticLine(d);
      if (d.help) message += `\nhelp: ${d.help}`;
      const diagnostic = { from: span.from, to: span.to, severity, message, actions };
      cm.push(diagnostic);
      for (const label of d.labels || []) {
        if (!label || !label.location) continue;
        const ls = spanOf(label.location, toChar, length);
        cm.push({ from: ls.from, to: ls.to, severity: "info", message: `${d.code}: ${label.message}` });
      }
      items.push(this.listItem(d, diagnostic, fixes, severity, text));
    }
    this.diagnostics = diagnostics;
    this.view.dispatch(setDiagnostics(this.view.state, cm));
    const list = $("diagnostics");
    if (items.length === 0) {
      replaceChildren(list, h("li", { class: "none" }, text.trim() === "" ? "No rule." : "No problems found."));
    } else {
      replaceChildren(list, items);
    }
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    $("diag-count").textContent = diagnostics.length
      ? `(${errors} error${errors === 1 ? "" : "s"}, ${diagnostics.length - errors} warning${diagnostics.length - errors === 1 ? "" : "s"})`
      : "";
  }

  /**
   * Makes the edits of `fix`, a fix of the diagnostics of `checked`. Its
   * positions are those of that text: when the rule has changed since, the
   * next check (a moment after the change) brings fixes that fit it.
   */
  applyFix(checked, fix) {
    if (this.view.state.doc.toString() !== checked) return false;
    this.view.dispatch({
      changes: fix.edits.map((e) => ({ from: e.from, to: e.to, insert: e.text })),
      scrollIntoView: true,
    });
    this.view.focus();
    return true;
  }

  listItem(d, diagnostic, fixes, severity, checked) {
    const where = d.location && d.location.line ? `line ${d.location.line}, column ${d.location.column}` : "";
    return h("li", { class: `diag ${severity}`, "data-code": d.code || "" },
      h("button", {
        type: "button",
        class: "diag-go",
        title: "Show in the editor",
        onclick: () => {
          const current = this.currentSpan(diagnostic);
          this.view.dispatch({ selection: { anchor: current.from, head: current.to }, scrollIntoView: true });
          this.view.focus();
        },
      },
      h("span", { class: `sev sev-${severity}` }, severity),
      h("code", { class: "code" }, d.code || ""),
      h("span", { class: "msg" }, d.message || ""),
      where ? h("span", { class: "where" }, where) : null),
      d.help ? h("div", { class: "help" }, `help: ${d.help}`) : null,
      (d.labels || []).filter((l) => l && l.message).map((l) => h("div", { class: "label" },
        `${l.location && l.location.line ? `line ${l.location.line}, column ${l.location.column}: ` : ""}${l.message}`)),
      fixes.length > 0
        ? h("div", { class: "fixes" }, fixes.map((fix) => h("button", {
            type: "button",
            class: "small fix",
            "data-testid": "apply-fix",
            "data-fix": fix.label,
            onclick: () => this.applyFix(checked, fix),
          }, `Apply: ${fix.label}`)))
        : null);
  }

  /** Where a diagnostic of the last check is now, after any edits since. */
  currentSpan(diagnostic) {
    let found = null;
    forEachDiagnostic(this.view.state, (d, from, to) => {
      if (d === diagnostic) found = { from, to };
    });
    const length = this.view.state.doc.length;
    return found || { from: Math.min(diagnostic.from, length), to: Math.min(diagnostic.to, length) };
  }
}

function spanOf(location, toChar, length) {
  if (!location || typeof location.start !== "number") return { from: 0, to: 0 };
  const from = Math.min(toChar(location.start), length);
  const to = Math.min(Math.max(toChar(typeof location.end === "number" ? location.end : location.start), from), length);
  return { from, to };
}
